/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pure parts of receiving (protocol.md §3.1, §8.3): outer UDP length,
 * message type/length dispatch and the inner IP header checks. No sk_buff:
 * receive.c pulls what is read into the linear area and calls these, and the
 * same code builds in userspace for the fuzzer (src/tests/fuzz/fuzz_rx.c).
 */
#ifndef WG_PARSE_H
#define WG_PARSE_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include "tests/shim/parse.h"
#endif

/* A UDP length field @udp_len is usable if it covers the UDP header and no
 * more than the @avail bytes received (the rest is trimmed). */
bool wg_udp_len_ok(unsigned int udp_len, unsigned int avail);

/*
 * How many leading bytes of a @len-byte message of @type the receiver reads
 * as fixed fields (and must have linear), or 0 if @type is unknown (the
 * three reserved bytes must be zero) or @len is not valid for it: handshake
 * messages have an exact length, transport messages at least 32 bytes.
 */
unsigned int wg_msg_pull_len(__le32 type, unsigned int len);

enum wg_inner_verdict {
	WG_INNER_OK,
	WG_INNER_BAD_LENGTH,	/* IP length field below the header or beyond the packet */
	WG_INNER_NOT_IP,	/* neither a whole IPv4 nor a whole IPv6 header */
};

struct wg_inner_ip {
	u8 saddr[16];		/* network order; 4 bytes used for IPv4 */
	unsigned int len;	/* the packet's own length: header <= len <= received */
	__be16 proto;		/* htons(ETH_P_IP) or htons(ETH_P_IPV6) */
	u8 family;		/* AF_INET or AF_INET6 */
	u8 ds;			/* DS field (DSCP and ECN) */
};

/*
 * Checks the decrypted packet @pkt of @len bytes, of which the first @avail
 * are readable (at least min(@len, sizeof(struct ipv6hdr)) are needed), and
 * fills @ip on WG_INNER_OK.
 */
enum wg_inner_verdict wg_inner_ip_parse(const u8 *pkt, unsigned int avail,
					unsigned int len, struct wg_inner_ip *ip);

#endif /* WG_PARSE_H */
