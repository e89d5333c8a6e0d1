/* SPDX-License-Identifier: GPL-2.0 */
/* Per-source token bucket for handshake messages under load (protocol.md §6.4). */
#ifndef WG_RATELIMITER_H
#define WG_RATELIMITER_H

#include <linux/skbuff.h>

int wg_ratelimiter_init(void);
void wg_ratelimiter_uninit(void);
bool wg_ratelimiter_allow(struct sk_buff *skb, struct net *net);

#endif /* WG_RATELIMITER_H */
