// SPDX-License-Identifier: GPL-2.0
/*
 * Allowed-IPs trie (src/allowedips.c) driven by a sequence of operations and
 * compared with a naive table after every step: insert, exact remove,
 * remove-by-peer, longest-prefix lookup, and each peer's node list (what
 * `wg show allowed-ips` dumps). Ends by freeing the table, which must leave
 * every peer's list empty (ASan reports any leaked node).
 *
 * Addresses come from the input; a control bit narrows them to a few
 * patterns so that prefixes collide often.
 */
#include "allowedips.h"
#include "fuzz.h"

#define NPEERS 8
#define MAX_ENTRIES 256
#define MAX_OPS 256

struct entry {
	int family;
	u8 addr[16];	/* host bits zero */
	u8 cidr;
	unsigned int peer;
};

static struct wg_peer peers[NPEERS];
static struct entry model[MAX_ENTRIES];
static size_t nmodel;
static struct mutex lock;

FUZZ_NOCOV static void mask(u8 *a, unsigned int len, unsigned int cidr)
{
	unsigned int i;

	for (i = 0; i < len; i++) {
		unsigned int keep = cidr > 8 * i ? cidr - 8 * i : 0;

		if (keep < 8)
			a[i] &= (u8)(0xff00 >> keep);
	}
}

FUZZ_NOCOV static bool prefix_match(const struct entry *e, int family, const u8 *addr)
{
	u8 a[16];
	unsigned int len = family == AF_INET ? 4 : 16;

	if (e->family != family)
		return false;
	memcpy(a, addr, len);
	mask(a, len, e->cidr);
	return !memcmp(a, e->addr, len);
}

FUZZ_NOCOV static struct entry *model_find(int family, const u8 *addr, u8 cidr)
{
	size_t i;

	for (i = 0; i < nmodel; i++)
		if (model[i].family == family && model[i].cidr == cidr &&
		    !memcmp(model[i].addr, addr, family == AF_INET ? 4 : 16))
			return &model[i];
	return NULL;
}

FUZZ_NOCOV static void model_del(struct entry *e)
{
	*e = model[--nmodel];
}

FUZZ_NOCOV static struct wg_peer *model_lookup(int family, const u8 *addr)
{
	const struct entry *best = NULL;
	size_t i;

	for (i = 0; i < nmodel; i++)
		if (prefix_match(&model[i], family, addr) && (!best || model[i].cidr > best->cidr))
			best = &model[i];
	return best ? &peers[best->peer] : NULL;
}

static void read_addr(struct fuzz_in *in, int family, u8 *a)
{
	u8 ctl = fin_u8(in);

	memset(a, 0, 16);
	if (family == AF_INET) {
		if (ctl & 1) {
			fin_bytes(in, a, 4);
		} else {	/* 10.x.y.z with x, y in 0..3 */
			a[0] = 10;
			a[1] = (ctl >> 1) & 3;
			a[2] = (ctl >> 3) & 3;
			a[3] = fin_u8(in);
		}
	} else {
		if (ctl & 1) {
			fin_bytes(in, a, 16);
		} else {	/* fd00:: with a few varying bytes */
			a[0] = 0xfd;
			a[1] = (ctl >> 1) & 3;
			a[7] = (ctl >> 3) & 3;
			a[8] = (ctl >> 5) & 7;
			a[15] = fin_u8(in);
		}
	}
}

static void check_list(unsigned int p)
{
	struct allowedips_node *node;
	size_t n = 0, i, want = 0;
	u8 ip[16], cidr;
	int family;

	list_for_each_entry(node, &peers[p].allowedips_list, peer_list) {
		struct entry *e;

		memset(ip, 0, sizeof(ip));
		family = wg_allowedips_read_node(node, ip, &cidr);
		FUZZ_CHECK(family == AF_INET || family == AF_INET6, "node family %d", family);
		e = model_find(family, ip, cidr);
		FUZZ_CHECK(e && e->peer == p, "peer %u lists a prefix (/%u) the model gives to %d",
			   p, cidr, e ? (int)e->peer : -1);
		FUZZ_CHECK(++n <= MAX_ENTRIES, "peer %u list does not end", p);
	}
	for (i = 0; i < nmodel; i++)
		want += model[i].peer == p;
	FUZZ_CHECK(n == want, "peer %u lists %zu prefixes, model has %zu", p, n, want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size, 0 };
	struct allowedips table;
	unsigned int ops = 0, i;
	size_t k;

	for (i = 0; i < NPEERS; i++) {
		INIT_LIST_HEAD(&peers[i].allowedips_list);
		peers[i].id = i;
	}
	nmodel = 0;
	wg_allowedips_init(&table);

	while (in.left && ops++ < MAX_OPS) {
		u8 op = fin_u8(&in);
		int family = op & 0x80 ? AF_INET6 : AF_INET;
		unsigned int bits = family == AF_INET ? 32 : 128;
		unsigned int p = (op >> 4) & 7;
		u8 addr[16], cidr;
		struct entry *e;
		struct wg_peer *got, *want;
		int ret;

		switch (op & 0xf) {
		case 0: case 1: case 2: case 3: case 4:	/* insert */
			read_addr(&in, family, addr);
			cidr = fin_u8(&in) % (bits + 4);	/* a few invalid ones too */
			if (family == AF_INET)
				ret = wg_allowedips_insert_v4(&table, (struct in_addr *)addr, cidr,
							      &peers[p], &lock);
			else
				ret = wg_allowedips_insert_v6(&table, (struct in6_addr *)addr, cidr,
							      &peers[p], &lock);
			if (cidr > bits) {
				FUZZ_CHECK(ret == -EINVAL, "insert /%u of %u bits returned %d",
					   cidr, bits, ret);
				break;
			}
			FUZZ_CHECK(ret == 0, "insert /%u returned %d", cidr, ret);
			mask(addr, bits / 8, cidr);
			e = model_find(family, addr, cidr);
			if (e) {
				e->peer = p;
			} else if (nmodel < MAX_ENTRIES) {
				e = &model[nmodel++];
				e->family = family;
				memcpy(e->addr, addr, 16);
				e->cidr = cidr;
				e->peer = p;
			} else {
				abort();	/* MAX_OPS < MAX_ENTRIES */
			}
			break;
		case 5: case 6:	/* exact remove */
			read_addr(&in, family, addr);
			cidr = fin_u8(&in) % (bits + 4);
			if (family == AF_INET)
				wg_allowedips_remove_v4(&table, (struct in_addr *)addr, cidr,
							&peers[p], &lock);
			else
				wg_allowedips_remove_v6(&table, (struct in6_addr *)addr, cidr,
							&peers[p], &lock);
			if (cidr > bits)
				break;
			/* the prefix is matched with its host bits cleared */
			{
				u8 m[16];

				memcpy(m, addr, 16);
				mask(m, bits / 8, cidr);
				e = model_find(family, m, cidr);
			}
			if (e && e->peer == p)
				model_del(e);
			break;
		case 7:	/* remove by peer */
			wg_allowedips_remove_by_peer(&table, &peers[p], &lock);
			for (k = nmodel; k-- > 0;)
				if (model[k].peer == p)
					model_del(&model[k]);
			break;
		case 8: case 9: case 10: case 11: case 12:	/* lookup */
			read_addr(&in, family, addr);
			got = wg_allowedips_lookup_raw(&table, family, addr);
			want = model_lookup(family, addr);
			FUZZ_CHECK(got == want, "lookup (family %d) gave peer %d, model %d", family,
				   got ? (int)got->id : -1, want ? (int)want->id : -1);
			break;
		default:	/* list of one peer */
			check_list(p);
			break;
		}
	}

	/* Final sweep: every prefix's own address routes to its longest match,
	 * and every list agrees with the model. */
	for (k = 0; k < nmodel; k++) {
		struct wg_peer *got = wg_allowedips_lookup_raw(&table, model[k].family,
								model[k].addr);

		FUZZ_CHECK(got == model_lookup(model[k].family, model[k].addr),
			   "final lookup of entry %zu", k);
	}
	for (i = 0; i < NPEERS; i++)
		check_list(i);
	wg_allowedips_free(&table, &lock);
	for (i = 0; i < NPEERS; i++)
		FUZZ_CHECK(list_empty(&peers[i].allowedips_list), "peer %u list not empty after free", i);
	FUZZ_CHECK(!table.root4 && !table.root6, "roots left after free");
	return 0;
}
