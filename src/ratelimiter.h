/* SPDX-License-Identifier: GPL-2.0 */
/* Per-source token bucket for handshake messages under load (protocol.md §6.4). */
#ifndef WG_RATELIMITER_H
#define WG_RATELIMITER_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/skbuff.h>
#include <linux/time64.h>
#else
#include "tests/shim/proto.h"
#endif

enum {
	WG_RL_PACKETS_PER_SECOND = 20,
	WG_RL_PACKETS_BURSTABLE = 5,
};
#define WG_RL_PACKET_COST ((u64)NSEC_PER_SEC / WG_RL_PACKETS_PER_SECOND)
#define WG_RL_TOKEN_MAX (WG_RL_PACKET_COST * WG_RL_PACKETS_BURSTABLE)

/* Tokens are nanoseconds of credit. A new source starts with a full bucket
 * minus the packet that created it. */
static inline void wg_rl_bucket_start(u64 *tokens, u64 *last, u64 now)
{
	*tokens = WG_RL_TOKEN_MAX - WG_RL_PACKET_COST;
	*last = now;
}

/* Refill by elapsed time (capped), then take one packet if affordable. */
static inline bool wg_rl_bucket_take(u64 *tokens, u64 *last, u64 now)
{
	u64 t = *tokens + (now > *last ? now - *last : 0);

	if (t > WG_RL_TOKEN_MAX)
		t = WG_RL_TOKEN_MAX;
	*last = now;
	if (t >= WG_RL_PACKET_COST) {
		*tokens = t - WG_RL_PACKET_COST;
		return true;
	}
	*tokens = t;
	return false;
}

#ifdef __KERNEL__
struct net;
/* Module-global (main.c). */
int wg_ratelimiter_init(void);
void wg_ratelimiter_uninit(void);
/* Keyed on (@net, outer source address; IPv6 by /64). May be called from
 * any context; never allocates beyond the table's bound. */
bool wg_ratelimiter_allow(struct sk_buff *skb, struct net *net);
#endif

#endif /* WG_RATELIMITER_H */
