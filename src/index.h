/* SPDX-License-Identifier: GPL-2.0 */
/* Random 32-bit local session indices -> handshake or keypair (protocol.md §4.6). */
#ifndef WG_INDEX_H
#define WG_INDEX_H

#include <linux/hashtable.h>
#include <linux/spinlock.h>

struct wg_peer;

enum wg_index_type {
	INDEX_HANDSHAKE = 1U << 0,
	INDEX_KEYPAIR = 1U << 1,
};

struct wg_index_entry {
	struct wg_peer *peer;
	struct hlist_node node;
	__le32 index;
	enum wg_index_type type;
};

struct wg_index_table {
	DECLARE_HASHTABLE(buckets, 13);
	spinlock_t lock;
};

/* Free with kvfree() once no entry is hashed any more. */
struct wg_index_table *wg_index_table_alloc(void);
/* Draws a fresh random index for @entry and inserts it. */
__le32 wg_index_insert(struct wg_index_table *table, struct wg_index_entry *entry);
/* Moves @old's index to @new atomically (handshake -> keypair). */
bool wg_index_replace(struct wg_index_table *table, struct wg_index_entry *old,
		      struct wg_index_entry *new);
void wg_index_remove(struct wg_index_table *table, struct wg_index_entry *entry);
/* RCU lookup restricted to @type_mask; on success *peer holds a reference
 * (never to a dead peer). A handshake entry lives inside the peer and so is
 * safe to use while that reference is held; a keypair entry is only safe
 * inside the caller's own rcu_read_lock_bh() section, where the caller takes
 * a reference with wg_noise_keypair_get() (NULL if it is being freed). */
struct wg_index_entry *wg_index_lookup(struct wg_index_table *table,
				       unsigned int type_mask, __le32 index,
				       struct wg_peer **peer);

#endif /* WG_INDEX_H */
