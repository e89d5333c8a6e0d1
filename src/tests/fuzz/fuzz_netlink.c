// SPDX-License-Identifier: GPL-2.0
/*
 * Our wg's side of the kernel and UAPI conversations (src/tools/ipc.c),
 * through the real entry points ipc_get_device / ipc_list_devices /
 * ipc_set_device, with the sockets replaced by fake_sockets.c.
 *
 * Input: a mode byte (bits 0-1 below; bit 7, honoured only by the
 * regression driver, turns off the fake kernel's framing, see
 * fake_sockets.c), then
 *   mode 0  netlink reply stream for `wg show`: datagrams [u16 LE len][bytes]
 *           answering first CTRL_CMD_GETFAMILY, then the WG_CMD_GET_DEVICE
 *           dump (requests use portid 0x4242 and sequence 1700000000);
 *   mode 1  the same for the RTM_GETLINK dump of `wg show interfaces`;
 *   mode 2  the text a userspace implementation answers to get=1;
 *   mode 3  a device description (below) that `wg set` sends; the fake
 *           kernel acknowledges every request (or fails request k with a
 *           scripted error) and parses what it received.
 * Checks: whatever parses must be well formed (families, prefix lengths,
 * endpoints, name list termination); in mode 3 the requests, split over as
 * many messages as needed, must carry every peer and allowed IP exactly
 * once and in order, device attributes and REPLACE_PEERS only in the first
 * message, REPLACE_ALLOWEDIPS only in a peer's first part, and ipc_set_device
 * must report the scripted error or success.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <string.h>

#include "ipc.h"
#include "fake_sockets.h"
#include "tools_check.h"

#define NAME "wgfuzz0"

/*
 * wg derives the public key from a UAPI private_key with its own X25519
 * (linked with --wrap=curve25519_public_key): remembered per private key,
 * since the scalar multiplication is arithmetic, not parsing.
 */
void __real_curve25519_public_key(uint8_t pub[32], const uint8_t priv[32]);

void __wrap_curve25519_public_key(uint8_t pub[32], const uint8_t priv[32])
{
	static struct {
		bool used;
		uint8_t priv[32], pub[32];
	} memo[64];
	unsigned int h = 0, i;

	for (i = 0; i < 32; i++)
		h = h * 31 + priv[i];
	h %= 64;
	if (!memo[h].used || memcmp(memo[h].priv, priv, 32)) {
		__real_curve25519_public_key(memo[h].pub, priv);
		memcpy(memo[h].priv, priv, 32);
		memo[h].used = true;
	}
	memcpy(pub, memo[h].pub, 32);
}

static void check_names(const char *names)
{
	size_t n = 0, len;

	while ((len = strlen(names))) {
		FUZZ_CHECK(len < IFNAMSIZ, "interface name of %zu bytes", len);
		names += len + 1;
		FUZZ_CHECK(++n < 100000, "name list does not end");
	}
}

static void mode_get(void)
{
	struct wgdev *dev = NULL;
	const struct wgpeer *p;
	char buf[128];
	int ret = ipc_get_device(&dev, NAME);

	if (ret) {
		FUZZ_CHECK(ret < 0, "ipc_get_device returned %d", ret);
		return;
	}
	FUZZ_CHECK(dev, "success without a device");
	FUZZ_CHECK(strnlen(dev->name, IFNAMSIZ) < IFNAMSIZ, "device name not terminated");
	fuzz_check_dev(dev);
	for_each_peer(dev, p) {
		FUZZ_CHECK(p->has & WGPEER_HAS_PUBLIC_KEY, "peer without public key");
		if (p->endpoint.addr.sa_family)
			format_endpoint(buf, sizeof(buf), &p->endpoint);
	}
	wgdev_free(dev);
}

/* ---- mode 3 ---- */

#define MAX_PEERS 24
#define MAX_AIPS 800

struct seen_aip {
	uint16_t family;
	uint8_t cidr;
	uint32_t flags;
	uint8_t addr[16];
};

struct seen {
	unsigned int requests;	/* WG_CMD_SET_DEVICE messages */
	unsigned int segments;
	struct {
		uint8_t key[32];
		uint32_t flags;
		bool psk, endpoint, keepalive;
		size_t first_aip, naips;
	} seg[MAX_PEERS * 8 + 64];
	struct seen_aip aip[MAX_AIPS];
	size_t naips;
};

FUZZ_NOCOV static void parse_aip(struct seen *s, const struct nlattr *nest)
{
	const struct nlattr *a;
	struct seen_aip *x;

	FUZZ_CHECK(s->naips < MAX_AIPS, "more allowed IPs sent than the device has");
	x = &s->aip[s->naips++];
	memset(x, 0, sizeof(*x));
	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case WGALLOWEDIP_A_FAMILY:
			x->family = mnl_attr_get_u16(a);
			break;
		case WGALLOWEDIP_A_IPADDR:
			FUZZ_CHECK(mnl_attr_get_payload_len(a) <= 16, "address attribute too long");
			memcpy(x->addr, mnl_attr_get_payload(a), mnl_attr_get_payload_len(a));
			break;
		case WGALLOWEDIP_A_CIDR_MASK:
			x->cidr = mnl_attr_get_u8(a);
			break;
		case WGALLOWEDIP_A_FLAGS:
			x->flags = mnl_attr_get_u32(a);
			break;
		}
	}
}

FUZZ_NOCOV static void parse_peer(struct seen *s, const struct nlattr *nest)
{
	const struct nlattr *a, *b;
	unsigned int i;
	bool key = false;

	FUZZ_CHECK(s->segments < sizeof(s->seg) / sizeof(s->seg[0]), "too many peer parts");
	i = s->segments++;
	memset(&s->seg[i], 0, sizeof(s->seg[i]));
	s->seg[i].first_aip = s->naips;
	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case WGPEER_A_PUBLIC_KEY:
			FUZZ_CHECK(mnl_attr_get_payload_len(a) == 32, "public key length");
			memcpy(s->seg[i].key, mnl_attr_get_payload(a), 32);
			key = true;
			break;
		case WGPEER_A_FLAGS:
			s->seg[i].flags = mnl_attr_get_u32(a);
			break;
		case WGPEER_A_PRESHARED_KEY:
			s->seg[i].psk = true;
			break;
		case WGPEER_A_ENDPOINT:
			s->seg[i].endpoint = true;
			break;
		case WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL:
			s->seg[i].keepalive = true;
			break;
		case WGPEER_A_ALLOWEDIPS:
			mnl_attr_for_each_nested(b, a)
				parse_aip(s, b);
			break;
		}
	}
	FUZZ_CHECK(key, "peer part without public key");
	s->seg[i].naips = s->naips - s->seg[i].first_aip;
}

FUZZ_NOCOV static void on_sent(void *ctx, const struct nlmsghdr *req)
{
	struct seen *s = ctx;
	const struct nlattr *a, *b;
	bool name = false;

	if (req->nlmsg_type == GENL_ID_CTRL)
		return;
	FUZZ_CHECK(req->nlmsg_type == FAKE_FAMILY, "request to family %u", req->nlmsg_type);
	FUZZ_CHECK(req->nlmsg_len <= 8192, "request of %u bytes", req->nlmsg_len);
	FUZZ_CHECK(req->nlmsg_flags & NLM_F_ACK, "set request without NLM_F_ACK");
	FUZZ_CHECK(((const struct genlmsghdr *)mnl_nlmsg_get_payload(req))->cmd == WG_CMD_SET_DEVICE,
		   "not WG_CMD_SET_DEVICE");
	FUZZ_CHECK(mnl_attr_validate(mnl_nlmsg_get_payload_offset(req, GENL_HDRLEN), MNL_TYPE_UNSPEC) == 0 ||
		   req->nlmsg_len == NLMSG_HDRLEN + GENL_HDRLEN, "bad first attribute");
	mnl_attr_for_each(a, req, GENL_HDRLEN) {
		switch (mnl_attr_get_type(a)) {
		case WGDEVICE_A_IFNAME:
			FUZZ_CHECK(!mnl_attr_validate(a, MNL_TYPE_NUL_STRING) &&
				   !strcmp(mnl_attr_get_str(a), NAME), "interface name");
			name = true;
			break;
		case WGDEVICE_A_PRIVATE_KEY:
		case WGDEVICE_A_LISTEN_PORT:
		case WGDEVICE_A_FWMARK:
		case WGDEVICE_A_FLAGS:
			FUZZ_CHECK(s->requests == 0, "device attribute %u in request %u",
				   mnl_attr_get_type(a), s->requests);
			break;
		case WGDEVICE_A_PEERS:
			mnl_attr_for_each_nested(b, a)
				parse_peer(s, b);
			break;
		}
	}
	FUZZ_CHECK(name, "request without interface name");
	s->requests++;
}

FUZZ_NOCOV static void aip_of(struct fuzz_in *in, struct wgaip *a, unsigned int i, uint8_t pattern)
{
	a->family = (pattern >> (i % 8)) & 1 ? AF_INET6 : AF_INET;
	if (a->family == AF_INET) {
		a->ip4.s_addr = htonl(0x0a000000u | (i * 2654435761u >> 8));
		a->cidr = (uint8_t)((i * 7 + pattern) % 33);
	} else {
		memset(&a->ip6, 0, sizeof(a->ip6));
		a->ip6.s6_addr[0] = 0xfd;
		memcpy(&a->ip6.s6_addr[12], &i, 4);
		a->cidr = (uint8_t)((i * 13 + pattern) % 129);
	}
	a->flags = (i % 5 == 4 && (pattern & 0x80)) ? WGALLOWEDIP_F_REMOVE_ME : 0;
	(void)in;
}

static void mode_set(struct fuzz_in *in)
{
	static struct seen s;
	struct wgdev *dev = wgdev_new();
	struct wgpeer *p;
	struct wgaip *a;
	unsigned int npeers, i, j, total = 0, seg = 0;
	int errors[4], ret, want = 0;
	size_t k, nerr = 0, aipi = 0;
	uint8_t f = fin_u8(in);

	snprintf(dev->name, sizeof(dev->name), "%s", NAME);
	if (f & 1)
		dev->flags |= WGDEVICE_F_REPLACE_PEERS;
	if (f & 2)
		dev->has |= WGDEV_HAS_PRIVATE_KEY;
	if (f & 4)
		dev->has |= WGDEV_HAS_LISTEN_PORT;
	if (f & 8)
		dev->has |= WGDEV_HAS_FWMARK;
	/* scripted failures: request number and errno */
	for (k = 0; k < (size_t)((f >> 4) & 3); k++) {
		uint8_t at = fin_u8(in);

		for (; nerr < at && nerr < 4; nerr++)
			errors[nerr] = 0;
		if (nerr < 4)
			errors[nerr++] = -(1 + fin_u8(in) % 130);
	}
	npeers = fin_u8(in) % MAX_PEERS;
	for (i = 0; i < npeers; i++) {
		uint8_t pf = fin_u8(in), pattern = fin_u8(in);
		unsigned int naips = fin_u16(in) % 300;

		p = wgdev_add_peer(dev);
		memset(p->public_key, (int)i + 1, 32);
		p->public_key[0] = pf;
		p->has = WGPEER_HAS_PUBLIC_KEY;
		p->flags = pf & (WGPEER_F_REMOVE_ME | WGPEER_F_REPLACE_ALLOWEDIPS | WGPEER_F_UPDATE_ONLY);
		if (pf & 8)
			p->has |= WGPEER_HAS_PRESHARED_KEY;
		if (pf & 16)
			p->has |= WGPEER_HAS_KEEPALIVE;
		if (pf & 32) {
			p->endpoint.addr4.sin_family = AF_INET;
			p->endpoint.addr4.sin_port = htons(51820);
		} else if (pf & 64) {
			p->endpoint.addr6.sin6_family = AF_INET6;
		}
		for (j = 0; j < naips && total < MAX_AIPS; j++, total++)
			aip_of(in, wgpeer_add_aip(p), total, pattern);
	}

	memset(&s, 0, sizeof(s));
	fake_answer(on_sent, &s, errors, nerr);
	ret = ipc_set_device(dev);
	/* Request 0 is the family lookup (always answered); request j >= 1 is
	 * SET message j. The first scripted error among those sent must be
	 * what ipc_set_device reports, and nothing is sent after it. */
	for (k = 1; k < nerr && k <= s.requests; k++)
		if (errors[k]) {
			want = errors[k];
			FUZZ_CHECK(s.requests == k, "%u requests sent after an error on request %zu",
				   s.requests, k);
			break;
		}
	if (want) {
		FUZZ_CHECK(ret == want, "set returned %d, scripted error %d", ret, want);
		wgdev_free(dev);
		return;
	}
	FUZZ_CHECK(ret == 0, "set returned %d with every request acknowledged", ret);

	/* every peer and allowed IP exactly once, in order */
	for_each_peer(dev, p) {
		bool first = true;

		a = p->first_aip;
		do {
			FUZZ_CHECK(seg < s.segments, "peer missing from the requests");
			FUZZ_CHECK(!memcmp(s.seg[seg].key, p->public_key, 32), "peers out of order");
			if (first) {
				FUZZ_CHECK(s.seg[seg].flags == p->flags, "peer flags %#x, want %#x",
					   s.seg[seg].flags, p->flags);
				FUZZ_CHECK(s.seg[seg].psk == !!(p->has & WGPEER_HAS_PRESHARED_KEY) &&
					   s.seg[seg].keepalive == !!(p->has & WGPEER_HAS_KEEPALIVE) &&
					   s.seg[seg].endpoint == !!p->endpoint.addr.sa_family,
					   "peer attributes differ");
			} else {
				FUZZ_CHECK(!(s.seg[seg].flags & WGPEER_F_REPLACE_ALLOWEDIPS),
					   "REPLACE_ALLOWEDIPS repeated in a continuation");
				FUZZ_CHECK(!s.seg[seg].psk && !s.seg[seg].endpoint,
					   "continuation repeats peer attributes");
			}
			for (k = 0; k < s.seg[seg].naips; k++, a = a->next) {
				const struct seen_aip *x = &s.aip[s.seg[seg].first_aip + k];

				FUZZ_CHECK(a, "more allowed IPs sent than the peer has");
				FUZZ_CHECK(x->family == a->family && x->cidr == a->cidr &&
					   x->flags == a->flags &&
					   !memcmp(x->addr, &a->ip6, a->family == AF_INET ? 4 : 16),
					   "allowed IP %zu differs", aipi);
				aipi++;
			}
			seg++;
			first = false;
		} while (a);
	}
	FUZZ_CHECK(seg == s.segments, "%u extra peer parts sent", s.segments - seg);
	FUZZ_CHECK(aipi == s.naips, "extra allowed IPs sent");
	wgdev_free(dev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size, 0 };
	uint8_t mode = fin_u8(&in);
	char *names = NULL;
	int ret;

	if (size > 65536)
		return 0;
	fake_reset();
	fuzz_devnull();
	fuzz_hermetic(1);
	fake_arm();
#ifndef FUZZ_LIBFUZZER
	fake_raw_framing(mode & 0x80);
#else
	fake_raw_framing(false);
#endif
	switch (mode & 3) {
	case 0:
		fake_script(in.p, in.left);
		mode_get();
		break;
	case 1:
		fake_script(in.p, in.left);
		ret = ipc_list_devices(&names);
		if (!ret) {
			check_names(names);
			free(names);
		}
		break;
	case 2:
		fake_uapi((const char *)in.p, in.left);
		mode_get();
		break;
	default:
		mode_set(&in);
		break;
	}
	fake_reset();
	fuzz_hermetic(0);
	return 0;
}
