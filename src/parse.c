// SPDX-License-Identifier: GPL-2.0
/*
 * Length and header checks of received packets, kept apart from the sk_buff
 * handling in receive.c so that they can be fuzzed in userspace.
 */

#include "parse.h"
#include "messages.h"

#ifdef __KERNEL__
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <linux/if_ether.h>
#include <linux/socket.h>
#include <net/dsfield.h>
#endif

bool wg_udp_len_ok(unsigned int udp_len, unsigned int avail)
{
	return udp_len >= sizeof(struct udphdr) && udp_len <= avail;
}

unsigned int wg_msg_pull_len(__le32 type, unsigned int len)
{
	unsigned int exact;

	switch (le32_to_cpu(type)) {
	case MESSAGE_HANDSHAKE_INITIATION:
		exact = sizeof(struct message_handshake_initiation);
		break;
	case MESSAGE_HANDSHAKE_RESPONSE:
		exact = sizeof(struct message_handshake_response);
		break;
	case MESSAGE_HANDSHAKE_COOKIE:
		exact = sizeof(struct message_handshake_cookie);
		break;
	case MESSAGE_DATA:
		return len >= MESSAGE_MINIMUM_LENGTH ? sizeof(struct message_data) : 0;
	default:
		return 0;
	}
	return len == exact ? exact : 0;
}

enum wg_inner_verdict wg_inner_ip_parse(const u8 *pkt, unsigned int avail,
					unsigned int len, struct wg_inner_ip *ip)
{
	/* The version is the high nibble of the first byte in both families. */
	if (avail > len)
		avail = len;
	if (avail >= sizeof(struct iphdr) && pkt[0] >> 4 == 4) {
		const struct iphdr *h = (const struct iphdr *)pkt;

		ip->len = ntohs(h->tot_len);
		if (ip->len < sizeof(*h))
			return WG_INNER_BAD_LENGTH;
		ip->proto = htons(ETH_P_IP);
		ip->family = AF_INET;
		ip->ds = h->tos;
		memcpy(ip->saddr, &h->saddr, sizeof(h->saddr));
	} else if (avail >= sizeof(struct ipv6hdr) && pkt[0] >> 4 == 6) {
		const struct ipv6hdr *h = (const struct ipv6hdr *)pkt;

		ip->len = ntohs(h->payload_len) + sizeof(*h);
		ip->proto = htons(ETH_P_IPV6);
		ip->family = AF_INET6;
		ip->ds = ipv6_get_dsfield(h);
		memcpy(ip->saddr, &h->saddr, sizeof(h->saddr));
	} else {
		return WG_INNER_NOT_IP;
	}
	if (ip->len > len)
		return WG_INNER_BAD_LENGTH;
	return WG_INNER_OK;
}
