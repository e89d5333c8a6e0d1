// SPDX-License-Identifier: GPL-2.0
/*
 * wg-nlraw: sends hand-built "wireguard" genl requests, including malformed
 * ones, and prints what the kernel answered.
 *
 *   wg-nlraw [-u UID] IFNAME CASE [ARGS]
 *
 * Output: "ok" or "error EXXX" (for dumps: "ok messages=N peers=P ips=I").
 * Every "bad-*" SET case first carries valid changes (fwmark 0x5151 and a
 * peer 0x11.. with 10.250.0.0/16) and then the malformed part, so a caller
 * can check that nothing of the request was applied.  "good-only" sends just
 * the valid part.  -u drops root (setgid/setuid) before opening the socket.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <grp.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/genetlink.h>

enum { DEV_IFINDEX = 1, DEV_IFNAME, DEV_PRIVATE_KEY, DEV_PUBLIC_KEY, DEV_FLAGS,
       DEV_LISTEN_PORT, DEV_FWMARK, DEV_PEERS };
enum { PEER_PUBLIC_KEY = 1, PEER_PRESHARED_KEY, PEER_FLAGS, PEER_ENDPOINT,
       PEER_KEEPALIVE, PEER_LAST_HANDSHAKE, PEER_RX, PEER_TX, PEER_ALLOWEDIPS,
       PEER_PROTOCOL_VERSION };
enum { IP_FAMILY = 1, IP_ADDR, IP_CIDR, IP_FLAGS };

#define NLA_OK(a, rem) ((rem) >= (int)NLA_HDRLEN && (a)->nla_len >= NLA_HDRLEN && \
			(int)(a)->nla_len <= (rem))
#define NLA_NEXT(a, rem) ((rem) -= NLA_ALIGN((a)->nla_len), \
			  (struct nlattr *)((char *)(a) + NLA_ALIGN((a)->nla_len)))

struct msg {
	unsigned char buf[16384];
	size_t len;
};

static int sock_fd;
static uint32_t seq = 1;

static void die(const char *what)
{
	perror(what);
	exit(2);
}

static void *put(struct msg *m, const void *data, size_t len)
{
	void *at = m->buf + m->len;

	if (m->len + NLMSG_ALIGN(len) > sizeof(m->buf)) {
		fprintf(stderr, "message too big\n");
		exit(2);
	}
	memset(at, 0, NLMSG_ALIGN(len));
	if (data)
		memcpy(at, data, len);
	m->len += NLMSG_ALIGN(len);
	return at;
}

static void attr(struct msg *m, uint16_t type, const void *data, size_t len)
{
	struct nlattr a = { .nla_len = NLA_HDRLEN + len, .nla_type = type };

	put(m, &a, sizeof(a));
	put(m, data, len);
}

static void attr_u8(struct msg *m, uint16_t type, uint8_t v) { attr(m, type, &v, 1); }
static void attr_u16(struct msg *m, uint16_t type, uint16_t v) { attr(m, type, &v, 2); }
static void attr_u32(struct msg *m, uint16_t type, uint32_t v) { attr(m, type, &v, 4); }

static size_t nest_start(struct msg *m, uint16_t type)
{
	struct nlattr a = { .nla_len = 0, .nla_type = type | NLA_F_NESTED };
	size_t off = m->len;

	put(m, &a, sizeof(a));
	return off;
}

static void nest_end(struct msg *m, size_t off)
{
	((struct nlattr *)(m->buf + off))->nla_len = m->len - off;
}

static void begin(struct msg *m, uint16_t family, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr h = { .nlmsg_type = family, .nlmsg_flags = NLM_F_REQUEST | flags,
			      .nlmsg_seq = ++seq };
	struct genlmsghdr g = { .cmd = cmd, .version = 1 };

	m->len = 0;
	put(m, &h, sizeof(h));
	put(m, &g, sizeof(g));
}

static void finish(struct msg *m)
{
	((struct nlmsghdr *)m->buf)->nlmsg_len = m->len;
}

static void sendmsg_or_die(struct msg *m)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	finish(m);
	if (sendto(sock_fd, m->buf, m->len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("sendto");
}

/* Reads replies until an ack/error or DONE; returns 0 or a negative errno. */
static size_t recv_size = 65536;

/*
 * Reads replies until an ack/error or DONE (returns its code, *finished = 1)
 * or until @max datagrams were read (returns 0, *finished = 0); max < 0: no limit.
 */
static int receive_n(int (*cb)(struct nlmsghdr *, void *), void *data, int max, int *finished)
{
	static unsigned char buf[65536];
	struct nlmsghdr *h;
	ssize_t n;
	int len;

	*finished = 1;
	for (; max; max = max > 0 ? max - 1 : max) {
		n = recv(sock_fd, buf, recv_size < sizeof(buf) ? recv_size : sizeof(buf), 0);
		if (n < 0)
			die("recv");
		len = (int)n;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned int)len); h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type == NLMSG_ERROR)
				return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
			if (h->nlmsg_type == NLMSG_DONE)
				return *(int *)NLMSG_DATA(h);
			if (cb)
				cb(h, data);
		}
	}
	*finished = 0;
	return 0;
}

static int receive(int (*cb)(struct nlmsghdr *, void *), void *data)
{
	int finished;

	return receive_n(cb, data, -1, &finished);
}

static int family_cb(struct nlmsghdr *h, void *data)
{
	struct nlattr *a = (struct nlattr *)((char *)NLMSG_DATA(h) + GENL_HDRLEN);
	int rem = h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;

	for (; rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= rem;
	     rem -= NLA_ALIGN(a->nla_len), a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID)
			*(uint16_t *)data = *(uint16_t *)((char *)a + NLA_HDRLEN);
	return 0;
}

static uint16_t resolve_family(void)
{
	uint16_t id = 0;
	struct msg m;
	int ret;

	begin(&m, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_ACK);
	attr(&m, CTRL_ATTR_FAMILY_NAME, "wireguard", 10);
	sendmsg_or_die(&m);
	ret = receive(family_cb, &id);
	if (ret || !id) {
		fprintf(stderr, "cannot resolve genl family wireguard (%d)\n", ret);
		exit(2);
	}
	return id;
}

struct dump_count {
	unsigned int messages, peers, ips, intr, seen;
	unsigned char last_key[32];
	int have_last;
};

static unsigned char target_key[32];
static int have_target;

static int dump_cb(struct nlmsghdr *h, void *data)
{
	struct dump_count *c = data;
	struct nlattr *a = (struct nlattr *)((char *)NLMSG_DATA(h) + GENL_HDRLEN), *p, *ip;
	int rem = h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, prem, irem;

	c->messages++;
	if (h->nlmsg_flags & NLM_F_DUMP_INTR)
		c->intr++;
	for (; NLA_OK(a, rem); a = NLA_NEXT(a, rem)) {
		if ((a->nla_type & NLA_TYPE_MASK) != DEV_PEERS)
			continue;
		prem = a->nla_len - NLA_HDRLEN;
		for (p = (struct nlattr *)((char *)a + NLA_HDRLEN); NLA_OK(p, prem); p = NLA_NEXT(p, prem)) {
			struct nlattr *f = (struct nlattr *)((char *)p + NLA_HDRLEN);
			int frem = p->nla_len - NLA_HDRLEN;

			for (; NLA_OK(f, frem); f = NLA_NEXT(f, frem)) {
				/* A peer cut between messages comes again with the
				 * same key right after: count it once, like wg does. */
				if ((f->nla_type & NLA_TYPE_MASK) == PEER_PUBLIC_KEY &&
				    f->nla_len == NLA_HDRLEN + 32 &&
				    (!c->have_last ||
				     memcmp((char *)f + NLA_HDRLEN, c->last_key, 32))) {
					memcpy(c->last_key, (char *)f + NLA_HDRLEN, 32);
					c->have_last = 1;
					c->peers++;
					if (have_target && !memcmp(c->last_key, target_key, 32))
						c->seen++;
				}
				if ((f->nla_type & NLA_TYPE_MASK) != PEER_ALLOWEDIPS)
					continue;
				irem = f->nla_len - NLA_HDRLEN;
				for (ip = (struct nlattr *)((char *)f + NLA_HDRLEN); NLA_OK(ip, irem);
				     ip = NLA_NEXT(ip, irem))
					c->ips++;
			}
		}
	}
	return 0;
}

static const char *errname(int e)
{
	static char other[32];

	switch (e) {
	case EINVAL: return "EINVAL";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EPERM: return "EPERM";
	case EBADR: return "EBADR";
	case ENODEV: return "ENODEV";
	case EPFNOSUPPORT: return "EPFNOSUPPORT";
	case ERANGE: return "ERANGE";
	case EMSGSIZE: return "EMSGSIZE";
	case ENOMEM: return "ENOMEM";
	case EADDRINUSE: return "EADDRINUSE";
	case ENONET: return "ENONET";
	}
	snprintf(other, sizeof(other), "errno-%d", e);
	return other;
}

static void good_part(struct msg *m, size_t *peers_off)
{
	static const unsigned char key[32] = { [0 ... 31] = 0x11 };
	unsigned char addr[4] = { 10, 250, 0, 0 };
	size_t peer, ips, ip;

	attr_u32(m, DEV_FWMARK, 0x5151);
	*peers_off = nest_start(m, DEV_PEERS);
	peer = nest_start(m, 0);
	attr(m, PEER_PUBLIC_KEY, key, 32);
	ips = nest_start(m, PEER_ALLOWEDIPS);
	ip = nest_start(m, 0);
	attr_u16(m, IP_FAMILY, AF_INET);
	attr(m, IP_ADDR, addr, 4);
	attr_u8(m, IP_CIDR, 16);
	nest_end(m, ip);
	nest_end(m, ips);
	nest_end(m, peer);
}

/* A peer element 0x22.. with one allowed IP built from the arguments. */
static void bad_ip_peer(struct msg *m, uint16_t family, size_t addr_len, int cidr,
			int with_family, int flags)
{
	static const unsigned char key[32] = { [0 ... 31] = 0x22 };
	unsigned char addr[16] = { 10, 251 };
	size_t peer, ips, ip;

	peer = nest_start(m, 0);
	attr(m, PEER_PUBLIC_KEY, key, 32);
	ips = nest_start(m, PEER_ALLOWEDIPS);
	ip = nest_start(m, 0);
	if (with_family)
		attr_u16(m, IP_FAMILY, family);
	attr(m, IP_ADDR, addr, addr_len);
	if (cidr >= 0)
		attr_u8(m, IP_CIDR, (uint8_t)cidr);
	if (flags)
		attr_u32(m, IP_FLAGS, (uint32_t)flags);
	nest_end(m, ip);
	nest_end(m, ips);
	nest_end(m, peer);
}

static int parse_key(const char *b64, unsigned char out[32])
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned int acc = 0, bits = 0, n = 0;
	const char *p, *c;

	if (strlen(b64) != 44 || b64[43] != '=')
		return -1;
	for (p = b64; p < b64 + 43; ++p) {
		c = strchr(tab, *p);
		if (!c || !*p)
			return -1;
		acc = (acc << 6) | (unsigned int)(c - tab);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n < 32)
				out[n++] = (unsigned char)(acc >> bits);
		}
	}
	return n == 32 ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	const char *ifname, *what;
	size_t peers = 0, peer, ips, ip;
	struct msg m;
	uint16_t family;
	int ret, opt;

	while ((opt = getopt(argc, argv, "u:")) != -1) {
		if (opt == 'u') {
			uid_t uid = (uid_t)atoi(optarg);

			if (setgroups(0, NULL) || setgid(uid) || setuid(uid))
				die("dropping privileges");
		} else {
			return 2;
		}
	}
	if (argc - optind < 2) {
		fprintf(stderr, "usage: %s [-u UID] IFNAME CASE [ARGS]\n", argv[0]);
		return 2;
	}
	ifname = argv[optind];
	what = argv[optind + 1];

	sock_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (sock_fd < 0 || bind(sock_fd, (struct sockaddr *)&local, sizeof(local)) < 0)
		die("netlink socket");
	family = resolve_family();

	if (!strcmp(what, "get") || !strcmp(what, "get-no-selector") ||
	    !strcmp(what, "get-both-selectors")) {
		struct dump_count c = { 0 };

		begin(&m, family, 0, NLM_F_DUMP | NLM_F_ACK);
		if (strcmp(what, "get-no-selector"))
			attr(&m, DEV_IFNAME, ifname, strlen(ifname) + 1);
		if (!strcmp(what, "get-both-selectors"))
			attr_u32(&m, DEV_IFINDEX, 1);
		sendmsg_or_die(&m);
		ret = receive(dump_cb, &c);
		if (ret)
			printf("error %s\n", errname(-ret));
		else
			printf("ok messages=%u peers=%u ips=%u intr=%u\n", c.messages, c.peers,
			       c.ips, c.intr);
		return 0;
	}

	if (!strcmp(what, "get-interleaved") && argc - optind >= 3) {
		/*
		 * get-interleaved PUBKEY: reads the first message of a dump, then
		 * (on a second socket) removes and re-adds that peer, then reads
		 * the rest.  A consistent-dump implementation flags the later
		 * messages NLM_F_DUMP_INTR.
		 */
		struct dump_count c = { 0 };
		unsigned char addr[4] = { 10, 77, 0, 0 };
		unsigned int first_intr;
		int dump_fd = sock_fd, finished, i;

		if (parse_key(argv[optind + 2], target_key))
			return fprintf(stderr, "bad key\n"), 2;
		have_target = 1;
		begin(&m, family, 0, NLM_F_DUMP | NLM_F_ACK);
		attr(&m, DEV_IFNAME, ifname, strlen(ifname) + 1);
		sendmsg_or_die(&m);
		ret = receive_n(dump_cb, &c, 1, &finished);
		if (finished) {
			printf("error dump-ended-after-one-message %d\n", ret);
			return 0;
		}
		first_intr = c.intr;
		sock_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
		if (sock_fd < 0 || bind(sock_fd, (struct sockaddr *)&local, sizeof(local)) < 0)
			die("second netlink socket");
		for (i = 0; i < 2; ++i) {
			begin(&m, family, 1, NLM_F_ACK);
			attr(&m, DEV_IFNAME, ifname, strlen(ifname) + 1);
			peers = nest_start(&m, DEV_PEERS);
			peer = nest_start(&m, 0);
			attr(&m, PEER_PUBLIC_KEY, target_key, 32);
			if (i == 0) {
				attr_u32(&m, PEER_FLAGS, 1);
			} else {
				ips = nest_start(&m, PEER_ALLOWEDIPS);
				ip = nest_start(&m, 0);
				attr_u16(&m, IP_FAMILY, AF_INET);
				attr(&m, IP_ADDR, addr, 4);
				attr_u8(&m, IP_CIDR, 16);
				nest_end(&m, ip);
				nest_end(&m, ips);
			}
			nest_end(&m, peer);
			nest_end(&m, peers);
			sendmsg_or_die(&m);
			ret = receive(NULL, NULL);
			if (ret) {
				printf("error set-during-dump %s\n", errname(-ret));
				return 0;
			}
		}
		close(sock_fd);
		sock_fd = dump_fd;
		ret = receive(dump_cb, &c);
		if (ret)
			printf("error %s\n", errname(-ret));
		else
			printf("ok messages=%u peers=%u intr=%u seen=%u first_intr=%u\n", c.messages,
			       c.peers, c.intr, c.seen, first_intr);
		return 0;
	}

	begin(&m, family, 1, NLM_F_ACK);
	if (strcmp(what, "bad-no-selector"))
		attr(&m, DEV_IFNAME, ifname, strlen(ifname) + 1);
	if (!strcmp(what, "bad-both-selectors"))
		attr_u32(&m, DEV_IFINDEX, 1);

	if (!strcmp(what, "set-port") && argc - optind >= 3) {
		attr_u16(&m, DEV_LISTEN_PORT, (uint16_t)atoi(argv[optind + 2]));
	} else if (!strcmp(what, "set-peer-ip") && argc - optind >= 5) {
		/* set-peer-ip PUBKEY ADDR CIDR [remove]: add or remove one prefix */
		unsigned char key[32], addr[16];
		int v6 = strchr(argv[optind + 3], ':') != NULL;

		if (parse_key(argv[optind + 2], key) ||
		    inet_pton(v6 ? AF_INET6 : AF_INET, argv[optind + 3], addr) != 1) {
			fprintf(stderr, "bad key or address\n");
			return 2;
		}
		peers = nest_start(&m, DEV_PEERS);
		peer = nest_start(&m, 0);
		attr(&m, PEER_PUBLIC_KEY, key, 32);
		ips = nest_start(&m, PEER_ALLOWEDIPS);
		ip = nest_start(&m, 0);
		attr_u16(&m, IP_FAMILY, v6 ? AF_INET6 : AF_INET);
		attr(&m, IP_ADDR, addr, v6 ? 16 : 4);
		attr_u8(&m, IP_CIDR, (uint8_t)atoi(argv[optind + 4]));
		if (argc - optind >= 6 && !strcmp(argv[optind + 5], "remove"))
			attr_u32(&m, IP_FLAGS, 1);
		nest_end(&m, ip);
		nest_end(&m, ips);
		nest_end(&m, peer);
		nest_end(&m, peers);
	} else if ((!strcmp(what, "peer-flags") || !strcmp(what, "peer-endpoint")) &&
		   argc - optind >= 4) {
		/* peer-flags PUBKEY FLAGS: the flags plus allowed IP 10.77.0.0/16 and
		 * protocol version 1; peer-endpoint PUBKEY LEN: an AF_INET endpoint
		 * 192.0.2.9:999 in an attribute of LEN bytes. */
		unsigned char key[32], addr[4] = { 10, 77, 0, 0 }, sa[64] = { 0 };
		unsigned long n = strtoul(argv[optind + 3], NULL, 0);

		if (parse_key(argv[optind + 2], key) || n > sizeof(sa)) {
			fprintf(stderr, "bad key or number\n");
			return 2;
		}
		peers = nest_start(&m, DEV_PEERS);
		peer = nest_start(&m, 0);
		attr(&m, PEER_PUBLIC_KEY, key, 32);
		if (!strcmp(what, "peer-flags")) {
			attr_u32(&m, PEER_FLAGS, (uint32_t)n);
			attr_u32(&m, PEER_PROTOCOL_VERSION, 1);
			ips = nest_start(&m, PEER_ALLOWEDIPS);
			ip = nest_start(&m, 0);
			attr_u16(&m, IP_FAMILY, AF_INET);
			attr(&m, IP_ADDR, addr, 4);
			attr_u8(&m, IP_CIDR, 16);
			nest_end(&m, ip);
			nest_end(&m, ips);
		} else {
			uint16_t fam = AF_INET, port = htons(999);

			memcpy(sa, &fam, 2);
			memcpy(sa + 2, &port, 2);
			sa[4] = 192;
			sa[5] = 0;
			sa[6] = 2;
			sa[7] = 9;
			attr(&m, PEER_ENDPOINT, sa, n);
		}
		nest_end(&m, peer);
		nest_end(&m, peers);
	} else if (!strcmp(what, "good-only")) {
		good_part(&m, &peers);
		nest_end(&m, peers);
	} else if (!strncmp(what, "bad-", 4)) {
		unsigned char big[33] = { 0 };

		good_part(&m, &peers);
		if (!strcmp(what, "bad-missing-public-key")) {
			peer = nest_start(&m, 0);
			attr_u16(&m, PEER_KEEPALIVE, 5);
			nest_end(&m, peer);
		} else if (!strcmp(what, "bad-oversized-psk")) {
			peer = nest_start(&m, 0);
			attr(&m, PEER_PUBLIC_KEY, big, 32);
			attr(&m, PEER_PRESHARED_KEY, big, 33);
			nest_end(&m, peer);
		} else if (!strcmp(what, "bad-short-public-key")) {
			peer = nest_start(&m, 0);
			attr(&m, PEER_PUBLIC_KEY, big, 31);
			nest_end(&m, peer);
		} else if (!strcmp(what, "bad-peer-flag")) {
			peer = nest_start(&m, 0);
			attr(&m, PEER_PUBLIC_KEY, big, 32);
			attr_u32(&m, PEER_FLAGS, 0x8);
			nest_end(&m, peer);
		} else if (!strcmp(what, "bad-keepalive-type")) {
			peer = nest_start(&m, 0);
			attr(&m, PEER_PUBLIC_KEY, big, 32);
			attr_u32(&m, PEER_KEEPALIVE, 25);
			nest_end(&m, peer);
		} else if (!strcmp(what, "bad-protocol-version")) {
			peer = nest_start(&m, 0);
			attr(&m, PEER_PUBLIC_KEY, big, 32);
			attr_u32(&m, PEER_PROTOCOL_VERSION, 2);
			nest_end(&m, peer);
		} else if (!strcmp(what, "bad-family")) {
			bad_ip_peer(&m, 7, 4, 8, 1, 0);
		} else if (!strcmp(what, "bad-cidr-v4")) {
			bad_ip_peer(&m, AF_INET, 4, 33, 1, 0);
		} else if (!strcmp(what, "bad-cidr-v6")) {
			bad_ip_peer(&m, AF_INET6, 16, 129, 1, 0);
		} else if (!strcmp(what, "bad-addr-len")) {
			bad_ip_peer(&m, AF_INET, 16, 8, 1, 0);
		} else if (!strcmp(what, "bad-short-addr")) {
			bad_ip_peer(&m, AF_INET, 3, 8, 1, 0);
		} else if (!strcmp(what, "bad-missing-cidr")) {
			bad_ip_peer(&m, AF_INET, 4, -1, 1, 0);
		} else if (!strcmp(what, "bad-missing-family")) {
			bad_ip_peer(&m, AF_INET, 4, 8, 0, 0);
		} else if (!strcmp(what, "bad-allowedip-flag")) {
			bad_ip_peer(&m, AF_INET, 4, 8, 1, 0x2);
		}
		nest_end(&m, peers);
		/* Device-level malformations go after the peers. */
		if (!strcmp(what, "bad-oversized-private-key"))
			attr(&m, DEV_PRIVATE_KEY, big, 33);
		else if (!strcmp(what, "bad-port-type"))
			attr_u32(&m, DEV_LISTEN_PORT, 7777);
		else if (!strcmp(what, "bad-device-flag"))
			attr_u32(&m, DEV_FLAGS, 0x2);
		else if (!strcmp(what, "bad-unknown-attribute"))
			attr_u32(&m, 60, 1);
		else if (!strcmp(what, "bad-peers-not-nested")) {
			size_t off = nest_start(&m, DEV_PEERS);

			((struct nlattr *)(m.buf + off))->nla_type = DEV_PEERS;
			nest_end(&m, off);
		} else if (!strcmp(what, "bad-trailing-garbage")) {
			put(&m, "\x08\x00\x07", 3);
			m.len -= 1;	/* 3 bytes that are not an attribute */
		}
	} else {
		fprintf(stderr, "unknown case %s\n", what);
		return 2;
	}
	sendmsg_or_die(&m);
	ret = receive(NULL, NULL);
	if (ret)
		printf("error %s\n", errname(-ret));
	else
		printf("ok\n");
	return 0;
}
