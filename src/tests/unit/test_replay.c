// SPDX-License-Identifier: GPL-2.0
/*
 * Replay window (replay.c, protocol.md §5.1): the reference cases, the
 * limit, and a long randomized run against a naive model; and the
 * rate limiter's token bucket (ratelimiter.h, protocol.md §6.4).
 */
#include "replay.h"
#include "messages.h"
#include "ratelimiter.h"
#include "proto_test.h"

#define W ((u64)COUNTER_WINDOW_SIZE)
#define LIMIT ((u64)REJECT_AFTER_MESSAGES)

static struct wg_replay r;

static int expect(u64 c, bool want, const char *step)
{
	bool got = wg_replay_check(&r, c, LIMIT);

	if (got != want)
		return t_fail("%s: counter %llu %s, expected %s", step,
			       (unsigned long long)c, got ? "accepted" : "rejected",
			       want ? "accepted" : "rejected");
	return 0;
}

static int t_window_size(void)
{
	if (W != 8128 || COUNTER_BITS_TOTAL != 8192)
		return t_fail("window %llu, bits %d", (unsigned long long)W, COUNTER_BITS_TOTAL);
	if (LIMIT != 18446744073709543486ULL)
		return t_fail("REJECT_AFTER_MESSAGES = %llu", (unsigned long long)LIMIT);
	return 0;
}

/* The sequence of protocol.md §5.1, in order on one window. */
static int t_reference_cases(void)
{
	u64 i;

	wg_replay_init(&r);
	if (expect(0, true, "first") || expect(1, true, "next") || expect(1, false, "dup 1") ||
	    expect(9, true, "jump") || expect(8, true, "back") || expect(7, true, "back") ||
	    expect(7, false, "dup 7") || expect(W + 1, true, "W+1") || expect(W, true, "W") ||
	    expect(W - 1, true, "W-1"))
		return 1;

	wg_replay_init(&r);
	for (i = 1; i <= W; i++)
		if (expect(i, true, "fill 1..W"))
			return 1;
	if (expect(0, true, "0 after 1..W") || expect(0, false, "0 again"))
		return 1;

	wg_replay_init(&r);
	for (i = 2; i <= W + 1; i++)
		if (expect(i, true, "fill 2..W+1"))
			return 1;
	if (expect(1, true, "1 after 2..W+1") || expect(0, false, "0 after 2..W+1"))
		return 1;

	/* Same, entered in reverse order: the window is about the greatest. */
	wg_replay_init(&r);
	for (i = W + 1; i >= 2; i--)
		if (expect(i, true, "fill W+1..2"))
			return 1;
	if (expect(1, true, "1 (reverse)") || expect(0, false, "0 (reverse)"))
		return 1;
	return 0;
}

static int t_limit(void)
{
	wg_replay_init(&r);
	if (expect(LIMIT, false, "limit") || expect(LIMIT + 1, false, "limit+1") ||
	    expect(~0ULL, false, "max"))
		return 1;
	if (expect(LIMIT - 1, true, "limit-1") || expect(LIMIT - 1, false, "limit-1 again"))
		return 1;
	/* Once the key reached the limit nothing more is accepted. */
	if (expect(LIMIT - 2, false, "below, after the limit"))
		return 1;
	return 0;
}

static int t_big_jumps(void)
{
	wg_replay_init(&r);
	if (expect(5, true, "5") || expect(5 + 3 * 8192, true, "far ahead") ||
	    expect(5, false, "old 5") || expect(5 + 3 * 8192 - W, true, "edge") ||
	    expect(5 + 3 * 8192 - W - 1, false, "past edge") ||
	    expect(5 + 2 * 8192, false, "same ring slot, too old"))
		return 1;
	/* A jump of exactly one ring turn must not leave stale bits behind. */
	wg_replay_init(&r);
	if (expect(100, true, "100") || expect(100 + 8192, true, "100+8192") ||
	    expect(100 + 8192 - 64, true, "slot reused in window"))
		return 1;
	return 0;
}

/* Naive model: remembers the exact accepted counters in a ring much wider
 * than the window plus any jump used here (slot holds counter + 1). */
#define MODEL_SLOTS (1U << 16)
static u64 seen[MODEL_SLOTS];

static bool model_seen(u64 c)
{
	return seen[c % MODEL_SLOTS] == c + 1;
}

static bool model_check(u64 *greatest, bool *any, u64 c)
{
	if (*any && c + W < *greatest)
		return false;
	if (model_seen(c))
		return false;
	seen[c % MODEL_SLOTS] = c + 1;
	if (!*any || c > *greatest)
		*greatest = c;
	*any = true;
	return true;
}

static int t_random_vs_model(void)
{
	u64 greatest = 0, c;
	bool any = false, want, got;
	unsigned long i, accepted = 0, rejected = 0;
	u32 rnd = 0x12345678;

	wg_replay_init(&r);
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < 2000000; i++) {
		rnd = rnd * 1664525 + 1013904223;
		switch (rnd >> 26) {
		case 0:		/* far jump forward, up to 2.5 ring turns */
			c = greatest + (rnd >> 4) % 20000;
			break;
		case 1: case 2: case 3:	/* around the window edge */
			c = greatest > W + 40 ? greatest - W - 20 + (rnd >> 8) % 40 : (rnd >> 8) % 64;
			break;
		default:	/* mostly in-window: small steps and duplicates */
			c = greatest + 8 - (rnd >> 8) % (W + 200);
			if (c > greatest + 8)	/* wrapped below zero */
				c = (rnd >> 8) % 16;
			break;
		}
		want = model_check(&greatest, &any, c);
		got = wg_replay_check(&r, c, LIMIT);
		if (want != got)
			return t_fail("step %lu: counter %llu (greatest %llu): got %d, model %d",
				       i, (unsigned long long)c, (unsigned long long)greatest,
				       got, want);
		if (got)
			accepted++;
		else
			rejected++;
	}
	if (accepted < 100000 || rejected < 100000)
		return t_fail("unbalanced run: %lu accepted, %lu rejected", accepted, rejected);
	return 0;
}

static int t_token_bucket(void)
{
	const u64 s = 1000000000ULL;
	u64 tokens, last, now = 5 * s;
	int i, n;

	/* First packet creates the bucket and passes; 4 more pass (burst 5). */
	wg_rl_bucket_start(&tokens, &last, now);
	for (i = 0; i < 4; i++)
		if (!wg_rl_bucket_take(&tokens, &last, now))
			return t_fail("burst packet %d refused", i + 2);
	if (wg_rl_bucket_take(&tokens, &last, now))
		return t_fail("6th packet at the same instant allowed");
	/* 50 ms later exactly one more token. */
	now += s / 20;
	if (!wg_rl_bucket_take(&tokens, &last, now) || wg_rl_bucket_take(&tokens, &last, now))
		return t_fail("refill after 50 ms is not exactly one packet");
	/* 49 ms is not enough, 1 ms more is. */
	now += s / 20 - 1000000;
	if (wg_rl_bucket_take(&tokens, &last, now))
		return t_fail("allowed after 49 ms");
	now += 1000000;
	if (!wg_rl_bucket_take(&tokens, &last, now))
		return t_fail("refused after 50 ms in two steps");
	/* After a long pause the bucket is capped at 5. */
	now += 100 * s;
	for (n = 0; wg_rl_bucket_take(&tokens, &last, now); n++)
		;
	if (n != 5)
		return t_fail("after a pause %d packets passed, want 5", n);
	/* Sustained: one packet per ms for 10 s lets 20/s through. */
	for (n = 0, i = 0; i < 10000; i++) {
		now += 1000000;
		n += wg_rl_bucket_take(&tokens, &last, now);
	}
	if (n < 199 || n > 201)
		return t_fail("%d of 10000 passed in 10 s, want 200", n);
	return 0;
}

int main(void)
{
	t_run("replay-window-size", t_window_size);
	t_run("replay-reference-cases", t_reference_cases);
	t_run("replay-reject-after-messages", t_limit);
	t_run("replay-big-jumps", t_big_jumps);
	t_run("replay-random-vs-model", t_random_vs_model);
	t_run("ratelimit-token-bucket", t_token_bucket);
	return t_finish();
}
