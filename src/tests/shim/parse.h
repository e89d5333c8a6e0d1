/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-ins for the headers src/parse.c reads: the fixed IPv4,
 * IPv6 and UDP header layouts (RFC 791, RFC 8200, RFC 768), the EtherType
 * numbers and the IPv6 DS field accessor.
 */
#ifndef WG_SHIM_PARSE_H
#define WG_SHIM_PARSE_H

#include "kernel.h"
#include <netinet/in.h>
#include <sys/socket.h>

#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD

struct iphdr {
	u8 version_ihl;
	u8 tos;
	__be16 tot_len;
	__be16 id;
	__be16 frag_off;
	u8 ttl;
	u8 protocol;
	u16 check;
	__be32 saddr;
	__be32 daddr;
};

struct ipv6hdr {
	u8 version_priority;
	u8 flow_lbl[3];
	__be16 payload_len;
	u8 nexthdr;
	u8 hop_limit;
	struct in6_addr saddr;
	struct in6_addr daddr;
};

struct udphdr {
	__be16 source;
	__be16 dest;
	__be16 len;
	u16 check;
};

_Static_assert(sizeof(struct iphdr) == 20, "IPv4 header layout");
_Static_assert(sizeof(struct ipv6hdr) == 40, "IPv6 header layout");
_Static_assert(sizeof(struct udphdr) == 8, "UDP header layout");

/* Traffic class: the 8 bits after the version nibble. */
static inline u8 ipv6_get_dsfield(const struct ipv6hdr *h)
{
	return (u8)(((unsigned int)h->version_priority << 4 | h->flow_lbl[0] >> 4) & 0xff);
}

#endif /* WG_SHIM_PARSE_H */
