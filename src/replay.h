/* SPDX-License-Identifier: GPL-2.0 */
/* Sliding replay window for transport counters (protocol.md §5.1). */
#ifndef WG_REPLAY_H
#define WG_REPLAY_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/bits.h>
#include <linux/string.h>
#else
#include "tests/shim/kernel.h"
#endif

enum {
	COUNTER_BITS_TOTAL = 8192,
	COUNTER_REDUNDANT_BITS = BITS_PER_LONG,
	COUNTER_WINDOW_SIZE = COUNTER_BITS_TOTAL - COUNTER_REDUNDANT_BITS,
};

struct wg_replay {
	u64 counter;	/* greatest accepted + 1; 0 = nothing accepted yet */
	unsigned long bitmap[COUNTER_BITS_TOTAL / BITS_PER_LONG];
};

static inline void wg_replay_init(struct wg_replay *r)
{
	memset(r, 0, sizeof(*r));
}

/* Caller serialises. Returns true and records @counter if it is new and
 * inside the window and below @limit; false otherwise. */
bool wg_replay_check(struct wg_replay *r, u64 counter, u64 limit);

#endif /* WG_REPLAY_H */
