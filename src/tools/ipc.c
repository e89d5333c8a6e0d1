// SPDX-License-Identifier: GPL-2.0
/*
 * Talking to WireGuard devices: the "wireguard" generic netlink family for
 * kernel devices (via libmnl), and the text UAPI protocol over a UNIX socket
 * for userspace implementations such as wireguard-go.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netdb.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "curve25519.h"
#include "encoding.h"
#include "ipc.h"

/* -errno, kept to a real errno: error codes from a reply are not trusted */
static int neg_errno(void)
{
	int e = errno;

	return e > 0 && e < 4096 ? -e : -EPROTO;
}

void format_endpoint(char *buf, size_t len, const union wgendpoint *ep)
{
	char host[INET6_ADDRSTRLEN + IF_NAMESIZE + 2], serv[8];
	socklen_t alen = ep->addr.sa_family == AF_INET6 ? sizeof(ep->addr6) : sizeof(ep->addr4);
	int ret;

	ret = getnameinfo(&ep->addr, alen, host, sizeof(host), serv, sizeof(serv),
			  NI_NUMERICHOST | NI_NUMERICSERV | NI_DGRAM);
	if (ret) {
		snprintf(buf, len, "%s", gai_strerror(ret));
		return;
	}
	if (ep->addr.sa_family == AF_INET6)
		snprintf(buf, len, "[%s]:%s", host, serv);
	else
		snprintf(buf, len, "%s:%s", host, serv);
}

/* ---------------------------------------------------------------------- */
/* Growing list of names */

struct namelist {
	char *buf;
	size_t len, cap;
};

static int namelist_add(struct namelist *l, const char *name)
{
	size_t n = strlen(name) + 1;
	char *nb;

	if (l->len + n + 1 > l->cap) {
		size_t cap = (l->cap + n + 1) * 2;

		nb = realloc(l->buf, cap);
		if (!nb)
			return -ENOMEM;
		l->buf = nb;
		l->cap = cap;
	}
	memcpy(l->buf + l->len, name, n);
	l->len += n;
	l->buf[l->len] = '\0';
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Userspace implementations */

static int uapi_connect(const char *name)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct stat st;
	int fd, ret;

	if (strlen(name) >= IFNAMSIZ || strchr(name, '/'))
		return -EINVAL;
	ret = snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/wireguard/%s.sock",
		       RUNSTATEDIR, name);
	if (ret < 0 || (size_t)ret >= sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	if (stat(addr.sun_path, &st) < 0)
		return neg_errno();
	if (!S_ISSOCK(st.st_mode))
		return -EBADF;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return neg_errno();
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		ret = neg_errno();
		/* nobody listens: the daemon is gone, remove what it left behind */
		if (ret == -ECONNREFUSED)
			unlink(addr.sun_path);
		close(fd);
		return ret;
	}
	return fd;
}

static bool uapi_exists(const char *name)
{
	int fd = uapi_connect(name);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

static int uapi_list(struct namelist *l)
{
	char name[IFNAMSIZ];
	struct dirent *ent;
	size_t n;
	DIR *dir;
	int ret = 0;

	dir = opendir(RUNSTATEDIR "/wireguard");
	if (!dir)
		return errno == ENOENT ? 0 : neg_errno();
	while ((ent = readdir(dir))) {
		n = strlen(ent->d_name);
		if (n <= 5 || strcmp(ent->d_name + n - 5, ".sock") || n - 5 >= IFNAMSIZ)
			continue;
		memcpy(name, ent->d_name, n - 5);
		name[n - 5] = '\0';
		if (!uapi_exists(name))
			continue;
		ret = namelist_add(l, name);
		if (ret)
			break;
	}
	closedir(dir);
	return ret;
}

static bool parse_u64(const char *s, uint64_t *out, uint64_t max)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end || errno || v > max)
		return false;
	*out = v;
	return true;
}

static bool uapi_parse_endpoint(union wgendpoint *ep, const char *value)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_DGRAM,
		.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV,
	};
	struct addrinfo *res;
	char host[128], *colon;
	const char *h = value;
	size_t n;
	bool ok = false;

	if (strlen(value) >= sizeof(host))
		return false;
	strcpy(host, value);
	colon = strrchr(host, ':');
	if (!colon)
		return false;
	*colon = '\0';
	h = host;
	n = strlen(host);
	if (host[0] == '[' && n >= 2 && host[n - 1] == ']') {
		host[n - 1] = '\0';
		h = host + 1;
	}
	if (getaddrinfo(h, colon + 1, &hints, &res))
		return false;
	if ((res->ai_family == AF_INET && res->ai_addrlen == sizeof(ep->addr4)) ||
	    (res->ai_family == AF_INET6 && res->ai_addrlen == sizeof(ep->addr6))) {
		memset(ep, 0, sizeof(*ep));
		memcpy(ep, res->ai_addr, res->ai_addrlen);
		ok = true;
	}
	freeaddrinfo(res);
	return ok;
}

static bool uapi_parse_aip(struct wgpeer *peer, const char *value)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash;
	uint64_t cidr;
	struct wgaip *a;
	uint16_t family;
	union {
		struct in_addr ip4;
		struct in6_addr ip6;
	} addr;

	if (strlen(value) >= sizeof(buf))
		return false;
	strcpy(buf, value);
	slash = strchr(buf, '/');
	if (!slash)
		return false;
	*slash++ = '\0';
	family = strchr(buf, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(family, buf, &addr) != 1 ||
	    !parse_u64(slash, &cidr, family == AF_INET ? 32 : 128))
		return false;
	a = wgpeer_add_aip(peer);
	a->family = family;
	a->cidr = (uint8_t)cidr;
	if (family == AF_INET)
		a->ip4 = addr.ip4;
	else
		a->ip6 = addr.ip6;
	return true;
}

static int uapi_get(struct wgdev **out, const char *name)
{
	struct wgdev *dev;
	struct wgpeer *peer = NULL;
	char *line = NULL, *value;
	size_t cap = 0;
	ssize_t n;
	uint64_t v;
	int fd, ret = -EPROTO;
	bool ok;
	FILE *f;

	fd = uapi_connect(name);
	if (fd < 0)
		return fd;
	f = fdopen(fd, "r+");
	if (!f) {
		ret = neg_errno();
		close(fd);
		return ret;
	}
	dev = wgdev_new();
	snprintf(dev->name, sizeof(dev->name), "%s", name);
	fputs("get=1\n\n", f);
	fflush(f);
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (!n)
			break;
		value = strchr(line, '=');
		if (!value)
			goto out;
		*value++ = '\0';
		ok = true;
		if (!strcmp(line, "private_key")) {
			ok = key_from_hex(dev->private_key, value);
			if (ok && !key_is_zero(dev->private_key)) {
				curve25519_public_key(dev->public_key, dev->private_key);
				dev->has |= WGDEV_HAS_PRIVATE_KEY | WGDEV_HAS_PUBLIC_KEY;
			}
		} else if (!strcmp(line, "listen_port")) {
			ok = parse_u64(value, &v, 65535);
			dev->listen_port = (uint16_t)v;
			dev->has |= WGDEV_HAS_LISTEN_PORT;
		} else if (!strcmp(line, "fwmark")) {
			ok = parse_u64(value, &v, UINT32_MAX);
			dev->fwmark = (uint32_t)v;
			dev->has |= WGDEV_HAS_FWMARK;
		} else if (!strcmp(line, "public_key")) {
			peer = wgdev_add_peer(dev);
			ok = key_from_hex(peer->public_key, value);
			peer->has |= WGPEER_HAS_PUBLIC_KEY;
		} else if (!strcmp(line, "errno")) {
			ok = parse_u64(value + (*value == '-'), &v, 4095);
			if (ok)
				ret = -(int)v;
			continue;
		} else if (!peer) {
			continue;	/* unknown device key: ignore */
		} else if (!strcmp(line, "preshared_key")) {
			ok = key_from_hex(peer->preshared_key, value);
			if (ok && !key_is_zero(peer->preshared_key))
				peer->has |= WGPEER_HAS_PRESHARED_KEY;
		} else if (!strcmp(line, "endpoint")) {
			ok = uapi_parse_endpoint(&peer->endpoint, value);
		} else if (!strcmp(line, "persistent_keepalive_interval")) {
			ok = parse_u64(value, &v, 65535);
			peer->keepalive = (uint16_t)v;
			peer->has |= WGPEER_HAS_KEEPALIVE;
		} else if (!strcmp(line, "allowed_ip")) {
			ok = uapi_parse_aip(peer, value);
		} else if (!strcmp(line, "rx_bytes")) {
			ok = parse_u64(value, &peer->rx_bytes, UINT64_MAX);
		} else if (!strcmp(line, "tx_bytes")) {
			ok = parse_u64(value, &peer->tx_bytes, UINT64_MAX);
		} else if (!strcmp(line, "last_handshake_time_sec")) {
			ok = parse_u64(value, &v, INT64_MAX);
			peer->handshake_sec = (int64_t)v;
		} else if (!strcmp(line, "last_handshake_time_nsec")) {
			ok = parse_u64(value, &v, INT64_MAX);
			peer->handshake_nsec = (int64_t)v;
		}
		if (!ok)
			goto out;
	}
	if (ret == -EPROTO)	/* no errno line */
		goto out;
out:
	if (line) {
		key_wipe(line, cap);
		free(line);
	}
	fclose(f);
	if (ret) {
		wgdev_free(dev);
		return ret;
	}
	*out = dev;
	return 0;
}

static int uapi_set(struct wgdev *dev)
{
	char hex[WGT_KEY_HEX_LEN + 1], ep[INET6_ADDRSTRLEN + IF_NAMESIZE + 16];
	char ip[INET6_ADDRSTRLEN];
	char *line = NULL;
	size_t cap = 0;
	struct wgpeer *p;
	struct wgaip *a;
	uint64_t v;
	ssize_t n;
	int fd, ret = -EPROTO;
	FILE *f;

	fd = uapi_connect(dev->name);
	if (fd < 0)
		return fd;
	f = fdopen(fd, "r+");
	if (!f) {
		ret = neg_errno();
		close(fd);
		return ret;
	}
	fputs("set=1\n", f);
	if (dev->has & WGDEV_HAS_PRIVATE_KEY) {
		key_to_hex(hex, dev->private_key);
		fprintf(f, "private_key=%s\n", hex);
	}
	if (dev->has & WGDEV_HAS_LISTEN_PORT)
		fprintf(f, "listen_port=%u\n", dev->listen_port);
	if (dev->has & WGDEV_HAS_FWMARK)
		fprintf(f, "fwmark=%u\n", dev->fwmark);
	if (dev->flags & WGDEVICE_F_REPLACE_PEERS)
		fputs("replace_peers=true\n", f);
	for_each_peer(dev, p) {
		key_to_hex(hex, p->public_key);
		fprintf(f, "public_key=%s\n", hex);
		if (p->flags & WGPEER_F_REMOVE_ME) {
			fputs("remove=true\n", f);
			continue;
		}
		if (p->flags & WGPEER_F_UPDATE_ONLY)
			fputs("update_only=true\n", f);
		if (p->has & WGPEER_HAS_PRESHARED_KEY) {
			key_to_hex(hex, p->preshared_key);
			fprintf(f, "preshared_key=%s\n", hex);
		}
		if (p->endpoint.addr.sa_family == AF_INET || p->endpoint.addr.sa_family == AF_INET6) {
			format_endpoint(ep, sizeof(ep), &p->endpoint);
			fprintf(f, "endpoint=%s\n", ep);
		}
		if (p->has & WGPEER_HAS_KEEPALIVE)
			fprintf(f, "persistent_keepalive_interval=%u\n", p->keepalive);
		if (p->flags & WGPEER_F_REPLACE_ALLOWEDIPS)
			fputs("replace_allowed_ips=true\n", f);
		for_each_aip(p, a) {
			inet_ntop(a->family, &a->ip4, ip, sizeof(ip));
			fprintf(f, "%s=%s/%u\n",
				a->flags & WGALLOWEDIP_F_REMOVE_ME ? "remove_allowed_ip" : "allowed_ip",
				ip, a->cidr);
		}
	}
	fputc('\n', f);
	key_wipe(hex, sizeof(hex));
	if (fflush(f)) {
		ret = neg_errno();
		goto out;
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (!n)
			break;
		if (!strncmp(line, "errno=", 6)) {
			const char *s = line + 6;

			if (parse_u64(s + (*s == '-'), &v, 4095))
				ret = -(int)v;
		}
	}
out:
	free(line);
	fclose(f);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* Kernel: checks libmnl leaves to us */

/* the attribute's payload as a string, if NUL-terminated within it */
static const char *attr_str(const struct nlattr *a)
{
	uint16_t len = mnl_attr_get_payload_len(a);
	const char *s = mnl_attr_get_payload(a);

	if (!len || memchr(s, '\0', len) == NULL)
		return NULL;
	return s;
}

/*
 * libmnl compares nlmsg_len as a signed int, so a length above 2^31 passes
 * its check: validate the framing of a received buffer before handing it on.
 */
static bool nl_framing_ok(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	struct nlmsghdr h;
	size_t step;

	while (len >= sizeof(h)) {
		memcpy(&h, p, sizeof(h));
		if (h.nlmsg_len < sizeof(h) || h.nlmsg_len > len)
			return false;
		step = NLMSG_ALIGN(h.nlmsg_len);
		if (step > len)
			step = len;
		p += step;
		len -= step;
	}
	return true;
}

static ssize_t nl_recv(struct mnl_socket *nl, void *buf, size_t size)
{
	ssize_t len = mnl_socket_recvfrom(nl, buf, size);

	if (len >= 0 && !nl_framing_ok(buf, (size_t)len)) {
		errno = EBADMSG;
		return -1;
	}
	return len;
}

/* ---------------------------------------------------------------------- */
/* Kernel: rtnetlink listing */

struct link_ctx {
	struct namelist *l;
	int err;
};

static int link_info_cb(const struct nlattr *attr, void *data)
{
	const char **kind = data;

	if (mnl_attr_get_type(attr) == IFLA_INFO_KIND)
		*kind = attr_str(attr);
	return MNL_CB_OK;
}

static int link_attr_cb(const struct nlattr *attr, void *data)
{
	const char **v = data;

	switch (mnl_attr_get_type(attr)) {
	case IFLA_IFNAME:
		v[0] = attr_str(attr);
		break;
	case IFLA_LINKINFO:
		if (!mnl_attr_validate(attr, MNL_TYPE_NESTED))
			mnl_attr_parse_nested(attr, link_info_cb, &v[1]);
		break;
	}
	return MNL_CB_OK;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct link_ctx *ctx = data;
	const char *v[2] = { NULL, NULL };

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(struct ifinfomsg), link_attr_cb, v);
	if (v[0] && v[1] && !strcmp(v[1], "wireguard") && strlen(v[0]) < IFNAMSIZ) {
		ctx->err = namelist_add(ctx->l, v[0]);
		if (ctx->err)
			return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

static size_t nl_bufsize(void)
{
	long page = sysconf(_SC_PAGESIZE);

	return page > 0 && page < 8192 ? (size_t)page : 8192;
}

static int kernel_list(struct namelist *l)
{
	struct link_ctx ctx = { .l = l };
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifm;
	size_t bufsize = 32768;	/* link messages carry a lot of attributes */
	unsigned int seq, portid;
	char *buf;
	ssize_t len;
	int ret = 0;

	buf = malloc(bufsize);
	if (!buf)
		return -ENOMEM;
	nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl) {
		ret = neg_errno();
		goto out_buf;
	}
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = neg_errno();
		goto out;
	}
	portid = mnl_socket_get_portid(nl);
	seq = (unsigned int)time(NULL);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		ret = neg_errno();
		goto out;
	}
	for (;;) {
		len = nl_recv(nl, buf, bufsize);
		if (len < 0) {
			ret = neg_errno();
			break;
		}
		len = mnl_cb_run(buf, (size_t)len, seq, portid, link_cb, &ctx);
		if (len < 0) {
			/* an interrupted dump still gives a usable partial list */
			ret = ctx.err ? ctx.err : (errno == EINTR ? 0 : neg_errno());
			break;
		}
		if (len == MNL_CB_STOP)
			break;
	}
out:
	mnl_socket_close(nl);
out_buf:
	free(buf);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* Kernel: generic netlink */

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	uint16_t *id = data;

	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
	    !mnl_attr_validate(attr, MNL_TYPE_U16))
		*id = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb, data);
	return MNL_CB_OK;
}

static int genl_open(struct mnl_socket **out, uint16_t *family)
{
	char buf[512];
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	unsigned int seq, portid;
	ssize_t len;
	int ret = 0;

	*family = 0;
	nl = mnl_socket_open(NETLINK_GENERIC);
	if (!nl)
		return neg_errno();
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		goto err;
	portid = mnl_socket_get_portid(nl);
	seq = (unsigned int)time(NULL);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, WG_GENL_NAME);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		goto err;
	do {
		len = nl_recv(nl, buf, sizeof(buf));
		if (len < 0)
			goto err;
		len = mnl_cb_run(buf, (size_t)len, seq, portid, family_cb, family);
		if (len < 0)
			goto err;
	} while (len > 0);
	if (!*family) {
		errno = ENOENT;
		goto err;
	}
	*out = nl;
	return 0;
err:
	ret = errno == ENOENT ? -EPROTONOSUPPORT : neg_errno();
	mnl_socket_close(nl);
	return ret;
}

struct get_ctx {
	struct wgdev *dev;
	int err;
};

static int parse_drops(const struct nlattr *nest, uint64_t *drops)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		uint16_t t = mnl_attr_get_type(a);

		if (t >= 1 && t <= WG_DROP_MAX && mnl_attr_get_payload_len(a) == 8)
			drops[t] = mnl_attr_get_u64(a);
	}
	return 0;
}

static int parse_aip(const struct nlattr *nest, struct wgpeer *peer)
{
	const struct nlattr *a;
	uint16_t family = 0;
	int cidr = -1, alen = 0;
	uint8_t addr[16];
	struct wgaip *aip;

	mnl_attr_for_each_nested(a, nest) {
		uint16_t len = mnl_attr_get_payload_len(a);

		switch (mnl_attr_get_type(a)) {
		case WGALLOWEDIP_A_FAMILY:
			if (len == 2)
				family = mnl_attr_get_u16(a);
			break;
		case WGALLOWEDIP_A_IPADDR:
			if (len == 4 || len == 16) {
				memcpy(addr, mnl_attr_get_payload(a), len);
				alen = len;
			}
			break;
		case WGALLOWEDIP_A_CIDR_MASK:
			if (len == 1)
				cidr = mnl_attr_get_u8(a);
			break;
		}
	}
	if (!((family == AF_INET && alen == 4 && cidr >= 0 && cidr <= 32) ||
	      (family == AF_INET6 && alen == 16 && cidr >= 0 && cidr <= 128)))
		return -EBADMSG;
	aip = wgpeer_add_aip(peer);
	aip->family = family;
	aip->cidr = (uint8_t)cidr;
	memcpy(&aip->ip6, addr, (size_t)alen);
	return 0;
}

static int parse_peer(const struct nlattr *nest, struct wgdev *dev)
{
	struct wgpeer *p = wgdev_add_peer(dev);
	const struct nlattr *a, *b;
	int ret;

	mnl_attr_for_each_nested(a, nest) {
		uint16_t len = mnl_attr_get_payload_len(a);
		const void *pl = mnl_attr_get_payload(a);

		switch (mnl_attr_get_type(a)) {
		case WGPEER_A_PUBLIC_KEY:
			if (len == WGT_KEY_LEN) {
				memcpy(p->public_key, pl, len);
				p->has |= WGPEER_HAS_PUBLIC_KEY;
			}
			break;
		case WGPEER_A_PRESHARED_KEY:
			if (len == WGT_KEY_LEN) {
				memcpy(p->preshared_key, pl, len);
				if (!key_is_zero(p->preshared_key))
					p->has |= WGPEER_HAS_PRESHARED_KEY;
			}
			break;
		case WGPEER_A_ENDPOINT:
			if (len >= sizeof(struct sockaddr)) {
				const struct sockaddr *sa = pl;

				if ((sa->sa_family == AF_INET && len == sizeof(struct sockaddr_in)) ||
				    (sa->sa_family == AF_INET6 && len == sizeof(struct sockaddr_in6)))
					memcpy(&p->endpoint, pl, len);
			}
			break;
		case WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL:
			if (len == 2) {
				p->keepalive = mnl_attr_get_u16(a);
				p->has |= WGPEER_HAS_KEEPALIVE;
			}
			break;
		case WGPEER_A_LAST_HANDSHAKE_TIME:
			if (len == 16) {
				int64_t ts[2];

				memcpy(ts, pl, sizeof(ts));
				p->handshake_sec = ts[0];
				p->handshake_nsec = ts[1];
			}
			break;
		case WGPEER_A_RX_BYTES:
			if (len == 8)
				p->rx_bytes = mnl_attr_get_u64(a);
			break;
		case WGPEER_A_TX_BYTES:
			if (len == 8)
				p->tx_bytes = mnl_attr_get_u64(a);
			break;
		case WGPEER_A_ALLOWEDIPS:
			mnl_attr_for_each_nested(b, a) {
				ret = parse_aip(b, p);
				if (ret)
					return ret;
			}
			break;
		case WGPEER_A_DROPS:
			parse_drops(a, p->drops);
			p->has |= WGPEER_HAS_DROPS;
			break;
		}
	}
	return p->has & WGPEER_HAS_PUBLIC_KEY ? 0 : -EBADMSG;
}

static int device_cb(const struct nlmsghdr *nlh, void *data)
{
	struct get_ctx *ctx = data;
	struct wgdev *dev = ctx->dev;
	const struct nlattr *a, *b;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		uint16_t len = mnl_attr_get_payload_len(a);
		const void *pl = mnl_attr_get_payload(a);

		switch (mnl_attr_get_type(a)) {
		case WGDEVICE_A_IFINDEX:
			if (len == 4)
				dev->ifindex = mnl_attr_get_u32(a);
			break;
		case WGDEVICE_A_IFNAME:
			if (attr_str(a) && strlen(pl) < IFNAMSIZ)
				strcpy(dev->name, pl);
			break;
		case WGDEVICE_A_PRIVATE_KEY:
			if (len == WGT_KEY_LEN) {
				memcpy(dev->private_key, pl, len);
				dev->has |= WGDEV_HAS_PRIVATE_KEY;
			}
			break;
		case WGDEVICE_A_PUBLIC_KEY:
			if (len == WGT_KEY_LEN) {
				memcpy(dev->public_key, pl, len);
				dev->has |= WGDEV_HAS_PUBLIC_KEY;
			}
			break;
		case WGDEVICE_A_LISTEN_PORT:
			if (len == 2) {
				dev->listen_port = mnl_attr_get_u16(a);
				dev->has |= WGDEV_HAS_LISTEN_PORT;
			}
			break;
		case WGDEVICE_A_FWMARK:
			if (len == 4) {
				dev->fwmark = mnl_attr_get_u32(a);
				dev->has |= WGDEV_HAS_FWMARK;
			}
			break;
		case WGDEVICE_A_PEERS:
			mnl_attr_for_each_nested(b, a) {
				ctx->err = parse_peer(b, dev);
				if (ctx->err)
					return MNL_CB_ERROR;
			}
			break;
		case WGDEVICE_A_DROPS:
			parse_drops(a, dev->drops);
			dev->has |= WGDEV_HAS_DROPS;
			break;
		}
	}
	return MNL_CB_OK;
}

int ipc_parse_get_msg(const struct nlmsghdr *nlh, struct wgdev *dev)
{
	struct get_ctx ctx = { .dev = dev };

	return device_cb(nlh, &ctx) == MNL_CB_OK ? 0 : ctx.err;
}

static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct get_ctx *ctx = data;
	int err;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int)) {
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
		if (err < 0) {
			ctx->err = err > -4096 ? err : -EPROTO;
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_STOP;
}

static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	struct get_ctx *ctx = data;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
		ctx->err = -EBADMSG;
		return MNL_CB_ERROR;
	}
	if (e->error) {
		ctx->err = e->error < 0 && e->error > -4096 ? e->error : -EPROTO;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

static int noop_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

static int kernel_get_once(struct wgdev **out, const char *name)
{
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = { 0 };
	struct get_ctx ctx = { 0 };
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	size_t bufsize = nl_bufsize();
	unsigned int seq, portid;
	uint16_t family;
	char *buf;
	ssize_t len;
	int ret;

	ret = genl_open(&nl, &family);
	if (ret)
		return ret;
	buf = malloc(bufsize);
	if (!buf) {
		mnl_socket_close(nl);
		return -ENOMEM;
	}
	ctl[NLMSG_NOOP] = noop_cb;
	ctl[NLMSG_DONE] = done_cb;
	ctl[NLMSG_ERROR] = error_cb;
	ctl[NLMSG_OVERRUN] = noop_cb;
	ctx.dev = wgdev_new();
	portid = mnl_socket_get_portid(nl);
	seq = (unsigned int)time(NULL);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = WG_CMD_GET_DEVICE;
	g->version = WG_GENL_VERSION;
	mnl_attr_put_strz(nlh, WGDEVICE_A_IFNAME, name);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		ret = neg_errno();
		goto out;
	}
	for (;;) {
		len = nl_recv(nl, buf, bufsize);
		if (len < 0) {
			ret = neg_errno();
			break;
		}
		len = mnl_cb_run2(buf, (size_t)len, seq, portid, device_cb, &ctx,
				  ctl, NLMSG_MIN_TYPE);
		if (len < 0) {
			ret = ctx.err ? ctx.err : neg_errno();
			break;
		}
		if (len == MNL_CB_STOP)
			break;
	}
out:
	key_wipe(buf, bufsize);
	free(buf);
	mnl_socket_close(nl);
	if (ret) {
		wgdev_free(ctx.dev);
		return ret;
	}
	wgdev_coalesce_peers(ctx.dev);
	*out = ctx.dev;
	return 0;
}

static int kernel_get(struct wgdev **out, const char *name)
{
	int ret;

	/* the device changed during the dump (NLM_F_DUMP_INTR): start over */
	do
		ret = kernel_get_once(out, name);
	while (ret == -EINTR);
	return ret;
}

static int put_peer_head(struct nlmsghdr *nlh, size_t size, const struct wgpeer *p, bool resume)
{
	uint32_t flags = resume ? p->flags & WGPEER_F_REMOVE_ME : p->flags;

	if (!mnl_attr_put_check(nlh, size, WGPEER_A_PUBLIC_KEY, WGT_KEY_LEN, p->public_key))
		return -1;
	if (flags && !mnl_attr_put_u32_check(nlh, size, WGPEER_A_FLAGS, flags))
		return -1;
	if (resume)
		return 0;
	if ((p->has & WGPEER_HAS_PRESHARED_KEY) &&
	    !mnl_attr_put_check(nlh, size, WGPEER_A_PRESHARED_KEY, WGT_KEY_LEN, p->preshared_key))
		return -1;
	if (p->endpoint.addr.sa_family == AF_INET &&
	    !mnl_attr_put_check(nlh, size, WGPEER_A_ENDPOINT, sizeof(p->endpoint.addr4),
				&p->endpoint.addr4))
		return -1;
	if (p->endpoint.addr.sa_family == AF_INET6 &&
	    !mnl_attr_put_check(nlh, size, WGPEER_A_ENDPOINT, sizeof(p->endpoint.addr6),
				&p->endpoint.addr6))
		return -1;
	if ((p->has & WGPEER_HAS_KEEPALIVE) &&
	    !mnl_attr_put_u16_check(nlh, size, WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL, p->keepalive))
		return -1;
	return 0;
}

static bool put_aip(struct nlmsghdr *nlh, size_t size, const struct wgaip *a)
{
	struct nlattr *nest = mnl_attr_nest_start_check(nlh, size, 0);

	if (!nest)
		return false;
	if (!mnl_attr_put_u16_check(nlh, size, WGALLOWEDIP_A_FAMILY, a->family) ||
	    !mnl_attr_put_check(nlh, size, WGALLOWEDIP_A_IPADDR, a->family == AF_INET ? 4 : 16,
				&a->ip6) ||
	    !mnl_attr_put_u8_check(nlh, size, WGALLOWEDIP_A_CIDR_MASK, a->cidr) ||
	    (a->flags && !mnl_attr_put_u32_check(nlh, size, WGALLOWEDIP_A_FLAGS, a->flags))) {
		mnl_attr_nest_cancel(nlh, nest);
		return false;
	}
	mnl_attr_nest_end(nlh, nest);
	return true;
}

/*
 * Build the next SET_DEVICE message: device attributes only in the first,
 * then as many peers as fit; a peer whose allowed IPs do not all fit is
 * continued in the next message with only its public key (and REMOVE_ME).
 * *peer and *aip are the resume position (aip non-NULL = resuming a peer).
 */
void ipc_build_set_msg(struct nlmsghdr *nlh, size_t size, struct wgdev *dev, bool first,
			  struct wgpeer **peer, struct wgaip **aip)
{
	struct nlattr *peers = NULL, *pn, *aips;
	struct wgaip *a;
	bool resume;

	mnl_attr_put_strz(nlh, WGDEVICE_A_IFNAME, dev->name);
	if (first) {
		if (dev->has & WGDEV_HAS_PRIVATE_KEY)
			mnl_attr_put(nlh, WGDEVICE_A_PRIVATE_KEY, WGT_KEY_LEN, dev->private_key);
		if (dev->has & WGDEV_HAS_LISTEN_PORT)
			mnl_attr_put_u16(nlh, WGDEVICE_A_LISTEN_PORT, dev->listen_port);
		if (dev->has & WGDEV_HAS_FWMARK)
			mnl_attr_put_u32(nlh, WGDEVICE_A_FWMARK, dev->fwmark);
		if (dev->flags)
			mnl_attr_put_u32(nlh, WGDEVICE_A_FLAGS, dev->flags);
	}
	for (; *peer; *peer = (*peer)->next, *aip = NULL) {
		resume = *aip != NULL;
		if (!peers) {
			peers = mnl_attr_nest_start_check(nlh, size, WGDEVICE_A_PEERS);
			if (!peers)
				return;
		}
		pn = mnl_attr_nest_start_check(nlh, size, 0);
		if (!pn)
			break;
		if (put_peer_head(nlh, size, *peer, resume)) {
			mnl_attr_nest_cancel(nlh, pn);
			break;
		}
		if (!resume)
			*aip = (*peer)->first_aip;
		if (*aip) {
			aips = mnl_attr_nest_start_check(nlh, size, WGPEER_A_ALLOWEDIPS);
			if (aips) {
				for (a = *aip; a; a = a->next) {
					if (!put_aip(nlh, size, a))
						break;
				}
				if (a == *aip)
					mnl_attr_nest_cancel(nlh, aips);
				else
					mnl_attr_nest_end(nlh, aips);
				*aip = a;
			}
		}
		mnl_attr_nest_end(nlh, pn);
		if (*aip)
			break;	/* continue this peer's allowed IPs in the next message */
	}
	if (peers)
		mnl_attr_nest_end(nlh, peers);
}

static int kernel_set(struct wgdev *dev)
{
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	struct wgpeer *peer = dev->first_peer;
	struct wgaip *aip = NULL;
	size_t bufsize = nl_bufsize();
	unsigned int seq, portid;
	uint16_t family;
	bool first = true;
	char *buf;
	ssize_t len;
	int ret;

	ret = genl_open(&nl, &family);
	if (ret)
		return ret;
	buf = malloc(bufsize);
	if (!buf) {
		mnl_socket_close(nl);
		return -ENOMEM;
	}
	portid = mnl_socket_get_portid(nl);
	seq = (unsigned int)time(NULL);
	do {
		struct wgpeer *before_peer = peer;
		struct wgaip *before_aip = aip;

		nlh = mnl_nlmsg_put_header(buf);
		nlh->nlmsg_type = family;
		nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
		nlh->nlmsg_seq = ++seq;
		g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
		g->cmd = WG_CMD_SET_DEVICE;
		g->version = WG_GENL_VERSION;
		ipc_build_set_msg(nlh, bufsize, dev, first, &peer, &aip);
		if (!first && peer == before_peer && aip == before_aip) {
			ret = -EMSGSIZE;	/* no progress: cannot happen with sane sizes */
			break;
		}
		first = false;
		if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
			ret = neg_errno();
			break;
		}
		do {
			len = nl_recv(nl, buf, bufsize);
			if (len < 0) {
				ret = neg_errno();
				break;
			}
			len = mnl_cb_run(buf, (size_t)len, seq, portid, NULL, NULL);
			if (len < 0)
				ret = neg_errno();
		} while (len > 0);
	} while (!ret && peer);
	key_wipe(buf, bufsize);
	free(buf);
	mnl_socket_close(nl);
	return ret;
}

/* ---------------------------------------------------------------------- */

int ipc_get_device(struct wgdev **dev, const char *name)
{
	if (strlen(name) >= IFNAMSIZ)
		return -ENAMETOOLONG;
	if (uapi_exists(name))
		return uapi_get(dev, name);
	return kernel_get(dev, name);
}

int ipc_set_device(struct wgdev *dev)
{
	if (strlen(dev->name) >= IFNAMSIZ)
		return -ENAMETOOLONG;
	if (uapi_exists(dev->name))
		return uapi_set(dev);
	return kernel_set(dev);
}

int ipc_list_devices(char **names)
{
	struct namelist l = { 0 };
	int ret;

	ret = namelist_add(&l, "");	/* make sure buf exists */
	if (ret)
		return ret;
	l.len = 0;
	l.buf[0] = '\0';
	ret = kernel_list(&l);
	if (!ret)
		ret = uapi_list(&l);
	if (ret) {
		free(l.buf);
		return ret;
	}
	*names = l.buf;
	return 0;
}
