// SPDX-License-Identifier: GPL-2.0
/*
 * Per-device table of random 32-bit local indices (protocol.md §4.6). A
 * handshake in flight owns an index; when it turns into a keypair the
 * keypair takes the very same value over (wg_index_replace), so transport
 * messages arrive addressed to the index sent in the handshake.
 *
 * Writers serialise on table->lock (taken with _bh: keypairs can be released
 * from softirq); lookups are lockless under RCU.
 */

#include "index.h"
#include "peer.h"

#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/mm.h>

/* The table is large (2^13 buckets): allocated with kvzalloc, so it must be
 * freed with kvfree(). */
struct wg_index_table *wg_index_table_alloc(void)
{
	struct wg_index_table *table = kvzalloc(sizeof(*table), GFP_KERNEL);

	if (!table)
		return NULL;
	hash_init(table->buckets);
	spin_lock_init(&table->lock);
	return table;
}

static struct hlist_head *bucket_of(struct wg_index_table *table, __le32 index)
{
	/* Indices are uniformly random: their low bits are a fine hash. */
	return &table->buckets[(__force u32)index & (HASH_SIZE(table->buckets) - 1)];
}

static bool index_in_use(struct wg_index_table *table, __le32 index)
{
	struct wg_index_entry *e;

	hlist_for_each_entry(e, bucket_of(table, index), node) {
		if (e->index == index)
			return true;
	}
	return false;
}

__le32 wg_index_insert(struct wg_index_table *table, struct wg_index_entry *entry)
{
	__le32 index;

	spin_lock_bh(&table->lock);
	if (!hlist_unhashed(&entry->node))
		hlist_del_init_rcu(&entry->node);
	/* At most 3 * MAX_PEERS_PER_DEVICE of 2^32 values are taken: this ends
	 * after very few draws. */
	do {
		index = (__force __le32)get_random_u32();
	} while (index_in_use(table, index));
	WRITE_ONCE(entry->index, index);
	hlist_add_head_rcu(&entry->node, bucket_of(table, index));
	spin_unlock_bh(&table->lock);
	return index;
}

bool wg_index_replace(struct wg_index_table *table, struct wg_index_entry *old,
		      struct wg_index_entry *new)
{
	bool done = false;

	spin_lock_bh(&table->lock);
	if (!hlist_unhashed(&old->node)) {
		WRITE_ONCE(new->index, old->index);
		hlist_replace_rcu(&old->node, &new->node);
		/* Mark @old unhashed; its next pointer stays valid for readers
		 * still walking through it. */
		WRITE_ONCE(old->node.pprev, NULL);
		done = true;
	}
	spin_unlock_bh(&table->lock);
	return done;
}

void wg_index_remove(struct wg_index_table *table, struct wg_index_entry *entry)
{
	spin_lock_bh(&table->lock);
	if (!hlist_unhashed(&entry->node))
		hlist_del_init_rcu(&entry->node);
	spin_unlock_bh(&table->lock);
}

struct wg_index_entry *wg_index_lookup(struct wg_index_table *table,
				       unsigned int type_mask, __le32 index,
				       struct wg_peer **peer)
{
	struct wg_index_entry *e, *found = NULL;

	rcu_read_lock_bh();
	hlist_for_each_entry_rcu_bh(e, bucket_of(table, index), node) {
		if (READ_ONCE(e->index) == index && (e->type & type_mask)) {
			found = e;
			break;
		}
	}
	if (found) {
		*peer = wg_peer_get_maybe_zero(found->peer);
		if (*peer && unlikely(READ_ONCE((*peer)->is_dead))) {
			wg_peer_put(*peer);
			*peer = NULL;
		}
		if (!*peer)
			found = NULL;
	}
	rcu_read_unlock_bh();
	return found;
}
