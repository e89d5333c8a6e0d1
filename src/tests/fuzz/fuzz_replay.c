// SPDX-License-Identifier: GPL-2.0
/*
 * Transport header + replay window (src/replay.c) against a naive model.
 *
 * Two keypairs (receiver indices 0x55667788 and 0x11223344) each own a
 * window. The input picks a limit (REJECT_AFTER_MESSAGES or a small one, so
 * the limit edge is reachable) and then a list of operations:
 *   op & 3 == 0: a raw 16-byte transport header follows; it is dispatched
 *                like the receive path does (type word == 4, known index)
 *                and its LE counter is checked;
 *   op & 3 == 1: greatest - u16 on window (op >> 2) & 1
 *   op & 3 == 2: greatest + u16
 *   op & 3 == 3: u16 absolute (+ a u64 base picked by op >> 3)
 * The model keeps every accepted counter and applies protocol.md §5.1:
 * accept iff c < limit, the key has not reached the limit, c is not more
 * than 8128 below the greatest accepted, and c was never accepted.
 */
#include "replay.h"
#include "messages.h"
#include "fuzz.h"

#define MAX_OPS 2048

struct model {
	u64 greatest;
	bool any;
	u64 seen[MAX_OPS];
	size_t n;
};

FUZZ_NOCOV static bool model_check(struct model *m, u64 c, u64 limit)
{
	size_t i;

	if (c >= limit || (m->any && m->greatest + 1 >= limit))
		return false;
	if (m->any && c < m->greatest && m->greatest - c > COUNTER_WINDOW_SIZE)
		return false;
	for (i = 0; i < m->n; i++)
		if (m->seen[i] == c)
			return false;
	m->seen[m->n++] = c;
	if (!m->any || c > m->greatest)
		m->greatest = c;
	m->any = true;
	return true;
}

static const u64 bases[8] = {
	0, 8128, 8192, 1ULL << 32, 1ULL << 60,
	REJECT_AFTER_MESSAGES - 20000, ~0ULL - 70000, ~0ULL - 1000,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct wg_replay win[2];
	static struct model model[2];
	struct fuzz_in in = { data, size, 0 };
	u64 limit;
	u8 sel = fin_u8(&in);
	unsigned int ops = 0;

	switch (sel & 3) {
	case 0:
		limit = REJECT_AFTER_MESSAGES;
		break;
	case 1:
		limit = 20000;
		break;
	case 2:
		limit = ~0ULL;
		break;
	default:
		limit = 1 + fin_u16(&in);
		break;
	}
	wg_replay_init(&win[0]);
	wg_replay_init(&win[1]);
	memset(model, 0, sizeof(model));

	while (in.left && ops++ < MAX_OPS) {
		u8 op = fin_u8(&in);
		unsigned int w = (op >> 2) & 1;
		struct message_data hdr;
		u64 c;
		bool got, want;

		switch (op & 3) {
		case 0:
			fin_bytes(&in, &hdr, sizeof(hdr));
			if (hdr.header.type != cpu_to_le32(MESSAGE_DATA))
				continue;	/* receive path: not a transport message */
			if (hdr.key_idx == cpu_to_le32(0x55667788))
				w = 0;
			else if (hdr.key_idx == cpu_to_le32(0x11223344))
				w = 1;
			else
				continue;	/* unknown index: dropped before decryption */
			c = le64_to_cpu(hdr.counter);
			break;
		case 1:
			c = model[w].greatest - fin_u16(&in);
			break;
		case 2:
			c = model[w].greatest + fin_u16(&in);
			break;
		default:
			c = bases[op >> 5] + fin_u16(&in);
			break;
		}
		want = model_check(&model[w], c, limit);
		got = wg_replay_check(&win[w], c, limit);
		FUZZ_CHECK(got == want, "window %u counter %llu limit %llu greatest %llu: got %d, model %d",
			   w, (unsigned long long)c, (unsigned long long)limit,
			   (unsigned long long)model[w].greatest, got, want);
		if (model[w].any)
			FUZZ_CHECK(win[w].counter == model[w].greatest + 1,
				   "stored counter %llu, greatest %llu",
				   (unsigned long long)win[w].counter,
				   (unsigned long long)model[w].greatest);
	}
	return 0;
}
