// SPDX-License-Identifier: GPL-2.0
/*
 * Replay window for transport counters (protocol.md §5.1): a ring of
 * COUNTER_BITS_TOTAL bits; a counter is accepted if it was not seen and is at
 * most COUNTER_WINDOW_SIZE below the greatest one accepted. When the greatest
 * counter moves forward, the ring words it skips over are cleared first
 * (RFC 6479). One word of slack (COUNTER_REDUNDANT_BITS) keeps the word that
 * is being reused out of the window. Builds in userspace for the unit tests.
 */

#include "replay.h"

enum {
	REPLAY_WORDS = COUNTER_BITS_TOTAL / BITS_PER_LONG,
};

bool wg_replay_check(struct wg_replay *r, u64 counter, u64 limit)
{
	u64 word = counter / BITS_PER_LONG;
	unsigned long bit = 1UL << (counter % BITS_PER_LONG);
	unsigned long *slot;

	if (unlikely(counter >= limit || r->counter >= limit))
		return false;

	if (counter >= r->counter) {
		/* New greatest. r->counter - 1 was the old greatest. */
		if (r->counter) {
			u64 from = (r->counter - 1) / BITS_PER_LONG + 1;
			u64 n = word + 1 - from, i;

			if (n > REPLAY_WORDS)
				n = REPLAY_WORDS;
			for (i = 0; i < n; i++)
				r->bitmap[(from + i) % REPLAY_WORDS] = 0;
		}
		r->counter = counter + 1;
	} else if (r->counter - 1 - counter > COUNTER_WINDOW_SIZE) {
		return false;	/* too old: outside the window */
	}

	slot = &r->bitmap[word % REPLAY_WORDS];
	if (*slot & bit)
		return false;	/* seen before */
	*slot |= bit;
	return true;
}
