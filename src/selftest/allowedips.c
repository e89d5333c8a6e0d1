// SPDX-License-Identifier: GPL-2.0
/*
 * Randomized self-test of the allowed-IPs trie against a naive table.
 * Included by allowedips.c (debug kernel builds and the userspace unit test).
 *
 * The reference is an open-addressing hash of exact prefixes; its longest
 * prefix match simply probes every prefix length from longest to shortest.
 * Besides lookups it checks the trie's shape (ordering, branching nodes,
 * parent links) and every peer's list (owner and insertion order).
 */

struct st_ref_entry {
	u64 key[2];
	u64 stamp;
	u32 peer;
	u8 cidr, bits, state;	/* state: 0 free, 1 used, 2 deleted */
};

struct st_ref {
	struct st_ref_entry *slot;
	size_t cap, used;
	size_t per_peer[64];
};

#define ST_PEERS 64

static DEFINE_MUTEX(st_lock);

static u64 st_rand(u64 *s)
{
	u64 z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t st_hash(const u64 key[2], u8 cidr, u8 bits, size_t cap)
{
	u64 s = key[0] ^ (key[1] * 31) ^ ((u64)cidr << 8) ^ bits;

	return (size_t)st_rand(&s) & (cap - 1);
}

static struct st_ref_entry *st_find(struct st_ref *r, const u64 key[2], u8 cidr, u8 bits)
{
	size_t i = st_hash(key, cidr, bits, r->cap), n;
	struct st_ref_entry *e;

	for (n = 0; n < r->cap; ++n, i = (i + 1) & (r->cap - 1)) {
		e = &r->slot[i];
		if (e->state == 0)
			return NULL;
		if (e->state == 1 && e->cidr == cidr && e->bits == bits &&
		    e->key[0] == key[0] && e->key[1] == key[1])
			return e;
	}
	return NULL;
}

static void st_set(struct st_ref *r, const u64 key[2], u8 cidr, u8 bits, u32 peer, u64 stamp)
{
	struct st_ref_entry *e = st_find(r, key, cidr, bits);
	size_t i;

	if (e) {
		r->per_peer[e->peer]--;
	} else {
		for (i = st_hash(key, cidr, bits, r->cap); r->slot[i].state == 1;
		     i = (i + 1) & (r->cap - 1))
			;
		e = &r->slot[i];
		e->key[0] = key[0];
		e->key[1] = key[1];
		e->cidr = cidr;
		e->bits = bits;
		e->state = 1;
		r->used++;
	}
	e->peer = peer;
	e->stamp = stamp;
	r->per_peer[peer]++;
}

static void st_del(struct st_ref_entry *e, struct st_ref *r)
{
	e->state = 2;
	r->used--;
	r->per_peer[e->peer]--;
}

static int st_ref_lookup(struct st_ref *r, const u64 addr[2], u8 bits)
{
	struct st_ref_entry *e;
	u64 key[2];
	int c;

	for (c = bits; c >= 0; --c) {
		key[0] = addr[0];
		key[1] = addr[1];
		key_mask(key, c);
		e = st_find(r, key, c, bits);
		if (e)
			return e->peer;
	}
	return -1;
}

/* A prefix near one of a few bases, so that the trie gets deep and branchy. */
static void st_prefix(u64 *s, const u64 bases[8][2], u64 key[2], u8 *cidr, u8 bits)
{
	const u64 *b = bases[st_rand(s) & 7];
	unsigned int from = st_rand(s) % bits, i;

	key[0] = b[0];
	key[1] = bits == 32 ? 0 : b[1];
	for (i = from; i < bits; ++i)
		if (st_rand(s) & 1)
			key[i >> 6] ^= 1ULL << (63 - (i & 63));
	if (bits == 32)
		key[0] &= 0xffffffff00000000ULL;
	switch (st_rand(s) & 3) {
	case 0:
		*cidr = st_rand(s) % (bits + 1);
		break;
	default:
		*cidr = bits - st_rand(s) % (bits / 4 + 1);
		break;
	}
	key_mask(key, *cidr);
}

static void st_addr_near(u64 *s, const u64 key[2], u64 addr[2], u8 bits)
{
	unsigned int i, from = st_rand(s) % (bits + 1);

	addr[0] = key[0];
	addr[1] = key[1];
	for (i = from; i < bits; ++i)
		if (st_rand(s) & 1)
			addr[i >> 6] ^= 1ULL << (63 - (i & 63));
	if (bits == 32) {
		addr[0] &= 0xffffffff00000000ULL;
		addr[1] = 0;
	}
}

static bool st_check_shape(struct allowedips_node *root, u8 bits, size_t *peers_seen,
			   struct mutex *lock)
{
	const unsigned int stack_len = 2 * 130 + 2;
	struct allowedips_node **stack, *node, *child;
	unsigned int depth = 0, i;
	bool ok = false;
	u64 masked[2];

	if (!root)
		return true;
	if (root->parent)
		return false;
	stack = kmalloc_array(stack_len, sizeof(*stack), GFP_KERNEL);
	if (!stack)
		return false;
	stack[depth++] = root;
	while (depth) {
		node = stack[--depth];
		if (node->bits != bits || node->cidr > bits)
			goto out;
		masked[0] = node->key[0];
		masked[1] = node->key[1];
		key_mask(masked, node->cidr);
		if (masked[0] != node->key[0] || masked[1] != node->key[1])
			goto out;
		if (node_deref(node->peer, lock))
			++*peers_seen;
		else if (!node_deref(node->child[0], lock) || !node_deref(node->child[1], lock))
			goto out;	/* branching node without two children */
		for (i = 0; i < 2; ++i) {
			child = node_deref(node->child[i], lock);
			if (!child)
				continue;
			if (child->parent != node || child->cidr <= node->cidr ||
			    !node_covers(node, child->key) ||
			    key_bit(child->key, node->cidr) != i)
				goto out;
			if (depth >= stack_len)
				goto out;
			stack[depth++] = child;
		}
	}
	ok = true;
out:
	kfree(stack);
	return ok;
}

static bool st_check_lists(struct st_ref *r, struct wg_peer *peers)
{
	struct allowedips_node *node;
	struct st_ref_entry *e;
	u64 key[2], last;
	size_t count;
	u8 ip[16], cidr;
	int family;
	u32 p;

	for (p = 0; p < ST_PEERS; ++p) {
		count = 0;
		last = 0;
		list_for_each_entry(node, &peers[p].allowedips_list, peer_list) {
			family = wg_allowedips_read_node(node, ip, &cidr);
			key_from_addr(key, family, ip);
			e = st_find(r, key, cidr, family == AF_INET ? 32 : 128);
			if (!e || e->peer != p || e->stamp <= last)
				return false;
			last = e->stamp;
			++count;
		}
		if (count != r->per_peer[p])
			return false;
	}
	return true;
}

static bool st_compare(struct allowedips *t, struct st_ref *r, struct wg_peer *peers,
		       const u64 bases[2][8][2], u64 *s, unsigned int lookups)
{
	struct st_ref_entry *e;
	struct wg_peer *got;
	u8 bits, addr_bytes[16];
	u64 addr[2], key[2];
	unsigned int i;
	int want;

	for (i = 0; i < lookups; ++i) {
		bits = (st_rand(s) & 1) ? 32 : 128;
		if (st_rand(s) & 1) {
			e = &r->slot[st_rand(s) & (r->cap - 1)];
			if (e->state == 1)
				bits = e->bits;
			key[0] = e->state == 1 ? e->key[0] : bases[bits == 32][0][0];
			key[1] = e->state == 1 ? e->key[1] : bases[bits == 32][0][1];
			st_addr_near(s, key, addr, bits);
		} else {
			st_addr_near(s, bases[bits == 32][st_rand(s) & 7], addr, bits);
		}
		want = st_ref_lookup(r, addr, bits);
		if (bits == 32)
			put_unaligned_be32((u32)(addr[0] >> 32), addr_bytes);
		else {
			put_unaligned_be64(addr[0], addr_bytes);
			put_unaligned_be64(addr[1], addr_bytes + 8);
		}
		rcu_read_lock_bh();
		got = wg_allowedips_lookup_raw(t, bits == 32 ? AF_INET : AF_INET6, addr_bytes);
		rcu_read_unlock_bh();
		if ((want < 0 && got) || (want >= 0 && got != &peers[want]))
			return false;
	}
	return true;
}

static int st_insert(struct allowedips *t, const u64 key[2], u8 cidr, u8 bits,
		     struct wg_peer *peer, struct mutex *lock)
{
	u8 ip[16];

	if (bits == 32) {
		put_unaligned_be32((u32)(key[0] >> 32), ip);
		return wg_allowedips_insert_v4(t, (const struct in_addr *)ip, cidr, peer, lock);
	}
	put_unaligned_be64(key[0], ip);
	put_unaligned_be64(key[1], ip + 8);
	return wg_allowedips_insert_v6(t, (const struct in6_addr *)ip, cidr, peer, lock);
}

static void st_remove(struct allowedips *t, const u64 key[2], u8 cidr, u8 bits,
		      struct wg_peer *peer, struct mutex *lock)
{
	u8 ip[16];

	if (bits == 32) {
		put_unaligned_be32((u32)(key[0] >> 32), ip);
		wg_allowedips_remove_v4(t, (const struct in_addr *)ip, cidr, peer, lock);
		return;
	}
	put_unaligned_be64(key[0], ip);
	put_unaligned_be64(key[1], ip + 8);
	wg_allowedips_remove_v6(t, (const struct in6_addr *)ip, cidr, peer, lock);
}

static bool st_check_all(struct allowedips *t, struct st_ref *r, struct wg_peer *peers,
			 const u64 bases[2][8][2], u64 *s, unsigned int lookups,
			 struct mutex *lock, const char **why)
{
	size_t seen = 0;

	if (!st_check_shape(node_deref(t->root4, lock), 32, &seen, lock) ||
	    !st_check_shape(node_deref(t->root6, lock), 128, &seen, lock)) {
		*why = "trie shape";
		return false;
	}
	if (seen != r->used) {
		*why = "entry count";
		return false;
	}
	if (!st_check_lists(r, peers)) {
		*why = "per-peer lists";
		return false;
	}
	if (!st_compare(t, r, peers, bases, s, lookups)) {
		*why = "lookup mismatch";
		return false;
	}
	return true;
}

bool wg_allowedips_selftest_n(unsigned int entries, unsigned int seed)
{
	static u64 bases[2][8][2];	/* [is_v4][base][word] */
	struct wg_peer *peers = kcalloc(ST_PEERS, sizeof(*peers), GFP_KERNEL);
	struct st_ref ref = { .cap = 8 };
	const char *why = "allocation";
	struct allowedips table;
	struct mutex *lock = &st_lock;
	unsigned int i, j, ops;
	u64 s = seed, stamp = 0, key[2];
	struct st_ref_entry *e;
	bool ok = false;
	u8 cidr, bits;
	u32 p;

	while (ref.cap < 4 * (size_t)entries + 64)
		ref.cap <<= 1;
	ref.slot = kvcalloc(ref.cap, sizeof(*ref.slot), GFP_KERNEL);
	if (!peers || !ref.slot)
		goto out;
	for (p = 0; p < ST_PEERS; ++p)
		INIT_LIST_HEAD(&peers[p].allowedips_list);
	for (i = 0; i < 8; ++i) {
		bases[0][i][0] = st_rand(&s);
		bases[0][i][1] = st_rand(&s);
		bases[1][i][0] = st_rand(&s) & 0xffffffff00000000ULL;
		bases[1][i][1] = 0;
	}
	wg_allowedips_init(&table);
	mutex_lock(lock);

	/* Phase 1: fill. */
	for (i = 0; i < entries; ++i) {
		bits = (st_rand(&s) & 1) ? 32 : 128;
		st_prefix(&s, bases[bits == 32], key, &cidr, bits);
		p = st_rand(&s) % ST_PEERS;
		if (st_insert(&table, key, cidr, bits, &peers[p], lock))
			goto out_free;
		st_set(&ref, key, cidr, bits, p, ++stamp);
	}
	if (!st_check_all(&table, &ref, peers, bases, &s, entries + 1000, lock, &why))
		goto out_free;

	/* Phase 2: moves, removals (owned and not owned), removal by peer. */
	ops = entries / 2 + 100;
	for (i = 0; i < ops; ++i) {
		j = st_rand(&s) % 100;
		e = &ref.slot[st_rand(&s) & (ref.cap - 1)];
		if (j < 40 || e->state != 1) {
			bits = (st_rand(&s) & 1) ? 32 : 128;
			if (e->state == 1 && (st_rand(&s) & 1)) {
				/* Re-insert an existing prefix: move or refresh. */
				key[0] = e->key[0];
				key[1] = e->key[1];
				cidr = e->cidr;
				bits = e->bits;
			} else {
				st_prefix(&s, bases[bits == 32], key, &cidr, bits);
			}
			p = st_rand(&s) % ST_PEERS;
			if (st_insert(&table, key, cidr, bits, &peers[p], lock))
				goto out_free;
			st_set(&ref, key, cidr, bits, p, ++stamp);
		} else if (j < 75) {
			st_remove(&table, e->key, e->cidr, e->bits, &peers[e->peer], lock);
			st_del(e, &ref);
		} else if (j < 99) {
			/* Wrong owner: must be a no-op. */
			p = (e->peer + 1 + st_rand(&s) % (ST_PEERS - 1)) % ST_PEERS;
			st_remove(&table, e->key, e->cidr, e->bits, &peers[p], lock);
		} else if (st_rand(&s) % 8 == 0) {
			p = st_rand(&s) % ST_PEERS;
			wg_allowedips_remove_by_peer(&table, &peers[p], lock);
			for (j = 0; j < ref.cap; ++j)
				if (ref.slot[j].state == 1 && ref.slot[j].peer == p)
					st_del(&ref.slot[j], &ref);
		}
	}
	if (!st_check_all(&table, &ref, peers, bases, &s, entries + 1000, lock, &why))
		goto out_free;

	/* Phase 3: empty it peer by peer; the tries must vanish. */
	for (p = 0; p < ST_PEERS; ++p)
		wg_allowedips_remove_by_peer(&table, &peers[p], lock);
	why = "not empty after removing every peer";
	if (node_deref(table.root4, lock) || node_deref(table.root6, lock))
		goto out_free;
	ok = true;

out_free:
	wg_allowedips_free(&table, lock);
	mutex_unlock(lock);
	for (p = 0; p < ST_PEERS; ++p)
		if (!list_empty(&peers[p].allowedips_list))
			ok = false;
out:
	if (!ok)
		pr_err("allowedips self-test (%u entries, seed %u) failed: %s\n",
		       entries, seed, why);
	kvfree(ref.slot);
	kfree(peers);
	return ok;
}

bool wg_allowedips_selftest(void)
{
	return wg_allowedips_selftest_n(2000, 1) && wg_allowedips_selftest_n(300, 2);
}
