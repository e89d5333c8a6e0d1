// SPDX-License-Identifier: GPL-2.0
/*
 * wg(8)'s generic netlink messages, without a kernel: SET_DEVICE requests
 * split over several messages must follow the splitting rules (device
 * attributes only first, a continued peer repeats only its key and
 * REMOVE_ME, nothing lost or reordered, each message within the buffer),
 * and GET_DEVICE replies split over messages must be put back together.
 */
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tools/encoding.h"
#include "tools/ipc.h"


static void fill_key(wg_key k, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < WGT_KEY_LEN; i++)
		k[i] = (uint8_t)(n * 31 + i);
}

static struct wgdev *make_device(void)
{
	struct wgdev *dev = wgdev_new();
	struct wgpeer *p;
	struct wgaip *a;
	unsigned int i, j;

	strcpy(dev->name, "wg0");
	fill_key(dev->private_key, 1000);
	dev->listen_port = 51820;
	dev->fwmark = 7;
	dev->has = WGDEV_HAS_PRIVATE_KEY | WGDEV_HAS_LISTEN_PORT | WGDEV_HAS_FWMARK;
	dev->flags = WGDEVICE_F_REPLACE_PEERS;

	/* peer 0: everything, and 3000 allowed IPs (several messages' worth) */
	p = wgdev_add_peer(dev);
	fill_key(p->public_key, 0);
	fill_key(p->preshared_key, 500);
	p->has = WGPEER_HAS_PUBLIC_KEY | WGPEER_HAS_PRESHARED_KEY | WGPEER_HAS_KEEPALIVE;
	p->keepalive = 25;
	p->flags = WGPEER_F_REPLACE_ALLOWEDIPS;
	p->endpoint.addr4.sin_family = AF_INET;
	p->endpoint.addr4.sin_port = htons(51821);
	p->endpoint.addr4.sin_addr.s_addr = htonl(0xc0000201);
	for (i = 0; i < 3000; i++) {
		a = wgpeer_add_aip(p);
		if (i % 3) {
			a->family = AF_INET;
			a->cidr = 32;
			a->ip4.s_addr = htonl(0x0a000000 + i);
		} else {
			a->family = AF_INET6;
			a->cidr = 128;
			a->ip6.s6_addr[0] = 0xfd;
			a->ip6.s6_addr[14] = (uint8_t)(i >> 8);
			a->ip6.s6_addr[15] = (uint8_t)i;
			if (i % 5 == 0)
				a->flags = WGALLOWEDIP_F_REMOVE_ME;
		}
	}
	/* peer 1: removed */
	p = wgdev_add_peer(dev);
	fill_key(p->public_key, 1);
	p->has = WGPEER_HAS_PUBLIC_KEY;
	p->flags = WGPEER_F_REMOVE_ME;
	/* peers 2..301: one allowed IP each, v6 endpoint */
	for (j = 2; j < 302; j++) {
		p = wgdev_add_peer(dev);
		fill_key(p->public_key, j);
		p->has = WGPEER_HAS_PUBLIC_KEY;
		p->endpoint.addr6.sin6_family = AF_INET6;
		p->endpoint.addr6.sin6_port = htons((uint16_t)j);
		p->endpoint.addr6.sin6_addr.s6_addr[15] = 1;
		a = wgpeer_add_aip(p);
		a->family = AF_INET;
		a->cidr = 24;
		a->ip4.s_addr = htonl(0x0b000000 + (j << 8));
	}
	return dev;
}

struct seen {
	unsigned int msgs, peer_elems, continued, bad_first, bad_cont, bad_size, no_ifname;
	unsigned int aip_flags_ok, aip_flags_bad;
	wg_key last_key;
	bool have_last;
};

/* check the splitting rules on one message */
static void inspect(const struct nlmsghdr *nlh, size_t size, bool first, struct seen *s)
{
	const struct nlattr *a, *pe, *pa, *ae, *x;
	bool ifname = false;

	s->msgs++;
	if (nlh->nlmsg_len > size)
		s->bad_size++;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case WGDEVICE_A_IFNAME:
			ifname = !strcmp(mnl_attr_get_str(a), "wg0");
			break;
		case WGDEVICE_A_PRIVATE_KEY:
		case WGDEVICE_A_LISTEN_PORT:
		case WGDEVICE_A_FWMARK:
		case WGDEVICE_A_FLAGS:
			if (!first)
				s->bad_first++;
			break;
		case WGDEVICE_A_PEERS:
			if (!(a->nla_type & NLA_F_NESTED))
				s->bad_first++;
			mnl_attr_for_each_nested(pe, a) {
				const void *key = NULL;
				uint32_t flags = 0;
				bool extra = false;

				s->peer_elems++;
				mnl_attr_for_each_nested(pa, pe) {
					switch (mnl_attr_get_type(pa)) {
					case WGPEER_A_PUBLIC_KEY:
						key = mnl_attr_get_payload(pa);
						break;
					case WGPEER_A_FLAGS:
						flags = mnl_attr_get_u32(pa);
						break;
					case WGPEER_A_PRESHARED_KEY:
					case WGPEER_A_ENDPOINT:
					case WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL:
						extra = true;
						break;
					case WGPEER_A_ALLOWEDIPS:
						mnl_attr_for_each_nested(ae, pa) {
							uint32_t af = 0;
							uint16_t fam = 0;
							const uint8_t *ip = NULL;

							mnl_attr_for_each_nested(x, ae) {
								if (mnl_attr_get_type(x) == WGALLOWEDIP_A_FLAGS)
									af = mnl_attr_get_u32(x);
								if (mnl_attr_get_type(x) == WGALLOWEDIP_A_FAMILY)
									fam = mnl_attr_get_u16(x);
								if (mnl_attr_get_type(x) == WGALLOWEDIP_A_IPADDR)
									ip = mnl_attr_get_payload(x);
							}
							/* made so that exactly v6 items i%5==0 carry REMOVE_ME */
							if (fam == AF_INET6 && ip && ip[0] == 0xfd &&
							    ((ip[14] << 8 | ip[15]) % 5 == 0) == (af == WGALLOWEDIP_F_REMOVE_ME))
								s->aip_flags_ok++;
							else if (fam == AF_INET6 && ip && ip[0] == 0xfd)
								s->aip_flags_bad++;
						}
						break;
					}
				}
				if (!key)
					continue;
				if (s->have_last && !memcmp(key, s->last_key, WGT_KEY_LEN)) {
					/* a continued peer: only its key, REMOVE_ME and allowed IPs */
					s->continued++;
					if (extra || (flags & ~WGPEER_F_REMOVE_ME))
						s->bad_cont++;
				}
				memcpy(s->last_key, key, WGT_KEY_LEN);
				s->have_last = true;
			}
			break;
		}
	}
	if (!ifname)
		s->no_ifname++;
}

static bool same_device_peers(const struct wgdev *a, const struct wgdev *b, char *why, size_t len)
{
	const struct wgpeer *p, *q;
	const struct wgaip *x, *y;
	unsigned int n = 0;

	for (p = a->first_peer, q = b->first_peer; p && q; p = p->next, q = q->next, n++) {
		if (memcmp(p->public_key, q->public_key, WGT_KEY_LEN)) {
			snprintf(why, len, "peer %u: key differs", n);
			return false;
		}
		if (!!(p->has & WGPEER_HAS_PRESHARED_KEY) != !!(q->has & WGPEER_HAS_PRESHARED_KEY) ||
		    p->keepalive != q->keepalive ||
		    p->endpoint.addr.sa_family != q->endpoint.addr.sa_family) {
			snprintf(why, len, "peer %u: psk/keepalive/endpoint differ", n);
			return false;
		}
		for (x = p->first_aip, y = q->first_aip; x && y; x = x->next, y = y->next) {
			if (x->family != y->family || x->cidr != y->cidr ||
			    memcmp(&x->ip6, &y->ip6, x->family == AF_INET ? 4 : 16)) {
				snprintf(why, len, "peer %u: allowed IPs differ", n);
				return false;
			}
		}
		if (x || y) {
			snprintf(why, len, "peer %u: allowed IP count differs", n);
			return false;
		}
	}
	if (p || q) {
		snprintf(why, len, "peer count differs after %u", n);
		return false;
	}
	return true;
}

static void test_set_split(size_t size)
{
	struct wgdev *dev = make_device(), *back = wgdev_new();
	struct wgpeer *peer = dev->first_peer;
	struct wgaip *aip = NULL;
	struct seen s = { 0 };
	char *buf = calloc(1, size), name[64], why[128] = "";
	bool first = true;
	int guard = 0, ret = 0;

	do {
		struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
		struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));

		g->cmd = WG_CMD_SET_DEVICE;
		g->version = 1;
		ipc_build_set_msg(nlh, size, dev, first, &peer, &aip);
		inspect(nlh, size, first, &s);
		/* SET peers have the GET reply layout: parse them back */
		ret |= ipc_parse_get_msg(nlh, back);
		first = false;
	} while (peer && ++guard < 10000);
	wgdev_coalesce_peers(back);

	snprintf(name, sizeof(name), "set-split-%zu-terminates", size);
	t_check(name, !peer && !ret, "guard=%d ret=%d", guard, ret);
	snprintf(name, sizeof(name), "set-split-%zu-several-messages", size);
	t_check(name, s.msgs >= (size <= 4096 ? 20u : 3u), "only %u messages", s.msgs);
	snprintf(name, sizeof(name), "set-split-%zu-fits-buffer", size);
	t_check(name, !s.bad_size, "%u messages larger than %zu", s.bad_size, size);
	snprintf(name, sizeof(name), "set-split-%zu-ifname-every-message", size);
	t_check(name, !s.no_ifname, "%u messages without IFNAME", s.no_ifname);
	snprintf(name, sizeof(name), "set-split-%zu-device-attrs-first-only", size);
	t_check(name, !s.bad_first, "%u device attributes outside the first message", s.bad_first);
	snprintf(name, sizeof(name), "set-split-%zu-continuation-key-only", size);
	t_check(name, s.continued > 0 && !s.bad_cont, "%u continued, %u carrying more than key/REMOVE_ME",
	      s.continued, s.bad_cont);
	snprintf(name, sizeof(name), "set-split-%zu-allowedip-remove-flag", size);
	t_check(name, s.aip_flags_ok == 1000 && !s.aip_flags_bad, "ok=%u bad=%u", s.aip_flags_ok,
	      s.aip_flags_bad);
	snprintf(name, sizeof(name), "set-split-%zu-nothing-lost-or-reordered", size);
	t_check(name, same_device_peers(dev, back, why, sizeof(why)), "%s", why);
	free(buf);
	wgdev_free(dev);
	wgdev_free(back);
}

/* ------------------------------------------------------------------ GET */

static struct nlmsghdr *start_msg(char *buf)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));

	g->cmd = WG_CMD_GET_DEVICE;
	g->version = 1;
	return nlh;
}

static void put_aip4(struct nlmsghdr *nlh, uint32_t ip, uint8_t cidr, uint16_t family)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, 0);

	mnl_attr_put_u8(nlh, WGALLOWEDIP_A_CIDR_MASK, cidr);
	mnl_attr_put_u16(nlh, WGALLOWEDIP_A_FAMILY, family);
	ip = htonl(ip);
	mnl_attr_put(nlh, WGALLOWEDIP_A_IPADDR, 4, &ip);
	mnl_attr_nest_end(nlh, n);
}

static void test_get_parse(void)
{
	char buf[4096];
	struct nlmsghdr *nlh;
	struct nlattr *peers, *pn, *aips;
	struct wgdev *dev = wgdev_new();
	struct wgaip *a;
	wg_key ka, kb, zero = { 0 };
	uint8_t junk[20] = { 0 };
	int64_t ts[2] = { 1795582412, 5 };
	int n = 0, r1, r2, r3;

	fill_key(ka, 1);
	fill_key(kb, 2);
	/* message 1: device attributes, unknown attribute, peer A with 2 allowed IPs */
	nlh = start_msg(buf);
	mnl_attr_put_u16(nlh, WGDEVICE_A_LISTEN_PORT, 51820);
	mnl_attr_put_u32(nlh, WGDEVICE_A_FWMARK, 0x1234);
	mnl_attr_put_strz(nlh, WGDEVICE_A_IFNAME, "wg7");
	mnl_attr_put_u32(nlh, 200, 42);
	peers = mnl_attr_nest_start(nlh, WGDEVICE_A_PEERS);
	pn = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put(nlh, WGPEER_A_PUBLIC_KEY, 32, ka);
	mnl_attr_put(nlh, WGPEER_A_PRESHARED_KEY, 32, zero);
	mnl_attr_put(nlh, WGPEER_A_LAST_HANDSHAKE_TIME, 16, ts);
	mnl_attr_put_u16(nlh, WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL, 25);
	mnl_attr_put_u64(nlh, WGPEER_A_TX_BYTES, 204);
	mnl_attr_put_u64(nlh, WGPEER_A_RX_BYTES, 228);
	mnl_attr_put(nlh, WGPEER_A_ENDPOINT, sizeof(junk), junk);	/* bad length: ignored */
	mnl_attr_put_u32(nlh, 77, 1);
	aips = mnl_attr_nest_start(nlh, WGPEER_A_ALLOWEDIPS);
	put_aip4(nlh, 0x0a000001, 32, AF_INET);
	put_aip4(nlh, 0x0a000100, 24, AF_INET);
	mnl_attr_nest_end(nlh, aips);
	mnl_attr_nest_end(nlh, pn);
	mnl_attr_nest_end(nlh, peers);
	r1 = ipc_parse_get_msg(nlh, dev);

	/* message 2: device attributes repeated, A continued (key + 1 IP), then B */
	nlh = start_msg(buf);
	mnl_attr_put_u16(nlh, WGDEVICE_A_LISTEN_PORT, 51820);
	peers = mnl_attr_nest_start(nlh, WGDEVICE_A_PEERS);
	pn = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put(nlh, WGPEER_A_PUBLIC_KEY, 32, ka);
	aips = mnl_attr_nest_start(nlh, WGPEER_A_ALLOWEDIPS);
	put_aip4(nlh, 0x0a000200, 24, AF_INET);
	mnl_attr_nest_end(nlh, aips);
	mnl_attr_nest_end(nlh, pn);
	pn = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put(nlh, WGPEER_A_PUBLIC_KEY, 32, kb);
	mnl_attr_put(nlh, WGPEER_A_PRESHARED_KEY, 32, kb);
	mnl_attr_nest_end(nlh, pn);
	mnl_attr_nest_end(nlh, peers);
	r2 = ipc_parse_get_msg(nlh, dev);
	wgdev_coalesce_peers(dev);

	for (a = dev->first_peer ? dev->first_peer->first_aip : NULL; a; a = a->next)
		n++;
	t_check("get-parse-ok", !r1 && !r2, "r1=%d r2=%d", r1, r2);
	t_check("get-device-attrs", dev->listen_port == 51820 && dev->fwmark == 0x1234 &&
	      !strcmp(dev->name, "wg7") && !(dev->has & WGDEV_HAS_PRIVATE_KEY),
	      "port=%u mark=%x name=%s", dev->listen_port, dev->fwmark, dev->name);
	t_check("get-split-peer-coalesced", dev->first_peer && dev->first_peer->next &&
	      !dev->first_peer->next->next && n == 3 &&
	      dev->first_peer->last_aip->ip4.s_addr == htonl(0x0a000200),
	      "allowed IPs of A: %d", n);
	t_check("get-peer-fields", dev->first_peer && dev->first_peer->keepalive == 25 &&
	      dev->first_peer->rx_bytes == 228 && dev->first_peer->tx_bytes == 204 &&
	      dev->first_peer->handshake_sec == 1795582412 && dev->first_peer->handshake_nsec == 5,
	      "fields wrong");
	t_check("get-zero-psk-is-none", dev->first_peer &&
	      !(dev->first_peer->has & WGPEER_HAS_PRESHARED_KEY) &&
	      (dev->last_peer->has & WGPEER_HAS_PRESHARED_KEY), "psk flags wrong");
	t_check("get-bad-endpoint-ignored", dev->first_peer &&
	      dev->first_peer->endpoint.addr.sa_family == 0, "endpoint kept");
	wgdev_free(dev);

	/* an allowed IP with an impossible prefix fails the whole reply */
	dev = wgdev_new();
	nlh = start_msg(buf);
	peers = mnl_attr_nest_start(nlh, WGDEVICE_A_PEERS);
	pn = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put(nlh, WGPEER_A_PUBLIC_KEY, 32, ka);
	aips = mnl_attr_nest_start(nlh, WGPEER_A_ALLOWEDIPS);
	put_aip4(nlh, 0x0a000001, 33, AF_INET);
	mnl_attr_nest_end(nlh, aips);
	mnl_attr_nest_end(nlh, pn);
	mnl_attr_nest_end(nlh, peers);
	r3 = ipc_parse_get_msg(nlh, dev);
	t_check("get-bad-cidr-fails", r3 < 0, "accepted /33");
	wgdev_free(dev);

	/* a peer without a public key fails the whole reply */
	dev = wgdev_new();
	nlh = start_msg(buf);
	peers = mnl_attr_nest_start(nlh, WGDEVICE_A_PEERS);
	pn = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put(nlh, WGPEER_A_PUBLIC_KEY, 31, ka);
	mnl_attr_nest_end(nlh, pn);
	mnl_attr_nest_end(nlh, peers);
	t_check("get-peer-without-key-fails", ipc_parse_get_msg(nlh, dev) < 0, "accepted");
	wgdev_free(dev);

	/* an allowed IP whose address length does not match its family */
	dev = wgdev_new();
	nlh = start_msg(buf);
	peers = mnl_attr_nest_start(nlh, WGDEVICE_A_PEERS);
	pn = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put(nlh, WGPEER_A_PUBLIC_KEY, 32, ka);
	aips = mnl_attr_nest_start(nlh, WGPEER_A_ALLOWEDIPS);
	put_aip4(nlh, 0x0a000001, 32, AF_INET6);
	mnl_attr_nest_end(nlh, aips);
	mnl_attr_nest_end(nlh, pn);
	mnl_attr_nest_end(nlh, peers);
	t_check("get-family-length-mismatch-fails", ipc_parse_get_msg(nlh, dev) < 0, "accepted");
	wgdev_free(dev);
}

int main(void)
{
	test_set_split(4096);
	test_set_split(8192);
	test_set_split(1024);
	test_get_parse();
	return t_finish();
}
