// SPDX-License-Identifier: GPL-2.0
/*
 * Allowed-IPs trie (see allowedips.h for the layout).
 *
 * Insertion walks down while the node's prefix is a prefix of the new one;
 * where the two diverge it either hangs the new node above the old subtree
 * (new prefix shorter) or adds a branching node at the first differing bit.
 * New nodes are completely built before rcu_assign_pointer() publishes them,
 * so a concurrent reader sees either the old or the new shape.  Removal
 * unlinks a node that has fewer than two children and then splices out a
 * branching parent that is left with a single child; freed nodes go through
 * kfree_rcu().
 */

#ifdef __KERNEL__
#include "allowedips.h"
#include "peer.h"
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/slab.h>
#include <linux/bitops.h>
#include <asm/unaligned.h>
#else
#include "allowedips.h"
#endif

#define node_deref(p, lock) rcu_dereference_protected(p, lockdep_is_held(lock))

static void key_from_addr(u64 key[2], int family, const void *addr)
{
	const u8 *a = addr;

	if (family == AF_INET) {
		key[0] = (u64)get_unaligned_be32(a) << 32;
		key[1] = 0;
	} else {
		key[0] = get_unaligned_be64(a);
		key[1] = get_unaligned_be64(a + 8);
	}
}

static inline u64 word_mask(unsigned int cidr, unsigned int word)
{
	int n = (int)cidr - 64 * (int)word;

	if (n <= 0)
		return 0;
	if (n >= 64)
		return ~0ULL;
	return ~0ULL << (64 - n);
}

static inline void key_mask(u64 key[2], unsigned int cidr)
{
	key[0] &= word_mask(cidr, 0);
	key[1] &= word_mask(cidr, 1);
}

static inline unsigned int key_bit(const u64 key[2], unsigned int i)
{
	return (key[i >> 6] >> (63 - (i & 63))) & 1;
}

/* Number of leading bits @a and @b share, at most @limit. */
static unsigned int common_bits(const u64 a[2], const u64 b[2], unsigned int limit)
{
	u64 x = a[0] ^ b[0];
	unsigned int n;

	if (x)
		n = __builtin_clzll(x);
	else if ((x = a[1] ^ b[1]))
		n = 64 + __builtin_clzll(x);
	else
		n = 128;
	return n < limit ? n : limit;
}

static inline bool node_covers(const struct allowedips_node *node, const u64 key[2])
{
	return !(((key[0] ^ node->key[0]) & word_mask(node->cidr, 0)) |
		 ((key[1] ^ node->key[1]) & word_mask(node->cidr, 1)));
}

static struct allowedips_node __rcu **root_of(struct allowedips *table, u8 bits)
{
	return bits == 32 ? &table->root4 : &table->root6;
}

/* The pointer that points at @node: a root or a child slot of its parent. */
static struct allowedips_node __rcu **slot_of(struct allowedips *table,
					      const struct allowedips_node *node)
{
	const struct allowedips_node *parent = node->parent;

	if (!parent)
		return root_of(table, node->bits);
	return (struct allowedips_node __rcu **)&parent->child[key_bit(node->key, parent->cidr)];
}

static struct allowedips_node *node_new(const u64 key[2], u8 cidr, u8 bits,
					struct allowedips_node *parent)
{
	struct allowedips_node *node = kzalloc(sizeof(*node), GFP_KERNEL);

	if (!node)
		return NULL;
	node->key[0] = key[0];
	node->key[1] = key[1];
	key_mask(node->key, cidr);
	node->cidr = cidr;
	node->bits = bits;
	node->parent = parent;
	INIT_LIST_HEAD(&node->peer_list);
	return node;
}

static void node_set_peer(struct allowedips_node *node, struct wg_peer *peer)
{
	rcu_assign_pointer(node->peer, peer);
	/* (Re)inserting moves the prefix to the end of its owner's list. */
	list_move_tail(&node->peer_list, &peer->allowedips_list);
}

static int insert(struct allowedips *table, const u64 addr[2], u8 cidr, u8 bits,
		  struct wg_peer *peer, struct mutex *lock)
{
	struct allowedips_node __rcu **slot = root_of(table, bits);
	struct allowedips_node *node, *parent = NULL, *fresh, *glue;
	u64 key[2] = { addr[0], addr[1] };
	unsigned int common;

	if (cidr > bits || !peer)
		return -EINVAL;
	key_mask(key, cidr);
	++table->seq;

	for (;;) {
		node = node_deref(*slot, lock);
		if (!node) {
			fresh = node_new(key, cidr, bits, parent);
			if (!fresh)
				return -ENOMEM;
			node_set_peer(fresh, peer);
			rcu_assign_pointer(*slot, fresh);
			return 0;
		}
		common = common_bits(node->key, key, min(node->cidr, cidr));
		if (common == node->cidr) {
			if (node->cidr == cidr) {
				node_set_peer(node, peer);
				return 0;
			}
			parent = node;
			slot = &node->child[key_bit(key, node->cidr)];
			continue;
		}
		break;
	}

	/* @node's prefix is not a prefix of ours: they diverge at @common. */
	fresh = node_new(key, cidr, bits, parent);
	if (!fresh)
		return -ENOMEM;
	if (common == cidr) {
		/* Ours is shorter: it goes above @node. */
		RCU_INIT_POINTER(fresh->child[key_bit(node->key, cidr)], node);
		node_set_peer(fresh, peer);
		node->parent = fresh;
		rcu_assign_pointer(*slot, fresh);
		return 0;
	}
	glue = node_new(key, common, bits, parent);
	if (!glue) {
		kfree(fresh);
		return -ENOMEM;
	}
	fresh->parent = glue;
	RCU_INIT_POINTER(glue->child[key_bit(key, common)], fresh);
	RCU_INIT_POINTER(glue->child[key_bit(node->key, common)], node);
	node_set_peer(fresh, peer);
	node->parent = glue;
	rcu_assign_pointer(*slot, glue);
	return 0;
}

static struct allowedips_node *find_exact(struct allowedips *table, const u64 addr[2],
					  u8 cidr, u8 bits, struct mutex *lock)
{
	struct allowedips_node *node = node_deref(*root_of(table, bits), lock);
	u64 key[2] = { addr[0], addr[1] };

	key_mask(key, cidr);
	while (node && node->cidr <= cidr && node_covers(node, key)) {
		if (node->cidr == cidr)
			return node;
		node = node_deref(node->child[key_bit(key, node->cidr)], lock);
	}
	return NULL;
}

/* Take @node (which has a peer) out of the trie. */
static void remove_node(struct allowedips *table, struct allowedips_node *node,
			struct mutex *lock)
{
	struct allowedips_node *c0 = node_deref(node->child[0], lock);
	struct allowedips_node *c1 = node_deref(node->child[1], lock);
	struct allowedips_node *parent = node->parent, *child, *other;

	list_del_init(&node->peer_list);
	RCU_INIT_POINTER(node->peer, NULL);
	++table->seq;
	if (c0 && c1)
		return;		/* stays as a branching node */

	child = c0 ? c0 : c1;
	if (child)
		child->parent = parent;
	rcu_assign_pointer(*slot_of(table, node), child);
	kfree_rcu(node, rcu);

	/* A branching parent that lost a leaf now has one child: splice it out. */
	if (child || !parent || rcu_access_pointer(parent->peer))
		return;
	other = node_deref(parent->child[0], lock);
	if (!other)
		other = node_deref(parent->child[1], lock);
	if (WARN_ON(!other))
		return;
	other->parent = parent->parent;
	rcu_assign_pointer(*slot_of(table, parent), other);
	kfree_rcu(parent, rcu);
}

void wg_allowedips_init(struct allowedips *table)
{
	RCU_INIT_POINTER(table->root4, NULL);
	RCU_INIT_POINTER(table->root6, NULL);
	table->seq = 1;
}

static void free_tree(struct allowedips_node *node, struct mutex *lock)
{
	struct allowedips_node *next;
	unsigned int i;

	while (node) {
		for (i = 0; i < 2; ++i) {
			next = node_deref(node->child[i], lock);
			if (next) {
				RCU_INIT_POINTER(node->child[i], NULL);
				break;
			}
		}
		if (next) {
			node = next;
			continue;
		}
		next = node->parent;
		list_del(&node->peer_list);
		kfree_rcu(node, rcu);
		node = next;
	}
}

void wg_allowedips_free(struct allowedips *table, struct mutex *lock)
{
	struct allowedips_node *r4 = node_deref(table->root4, lock);
	struct allowedips_node *r6 = node_deref(table->root6, lock);

	++table->seq;
	RCU_INIT_POINTER(table->root4, NULL);
	RCU_INIT_POINTER(table->root6, NULL);
	free_tree(r4, lock);
	free_tree(r6, lock);
}

int wg_allowedips_insert_v4(struct allowedips *table, const struct in_addr *ip,
			    u8 cidr, struct wg_peer *peer, struct mutex *lock)
{
	u64 key[2];

	key_from_addr(key, AF_INET, ip);
	return insert(table, key, cidr, 32, peer, lock);
}

int wg_allowedips_insert_v6(struct allowedips *table, const struct in6_addr *ip,
			    u8 cidr, struct wg_peer *peer, struct mutex *lock)
{
	u64 key[2];

	key_from_addr(key, AF_INET6, ip);
	return insert(table, key, cidr, 128, peer, lock);
}

static void remove_exact(struct allowedips *table, const u64 key[2], u8 cidr, u8 bits,
			 struct wg_peer *peer, struct mutex *lock)
{
	struct allowedips_node *node;

	if (cidr > bits)
		return;
	node = find_exact(table, key, cidr, bits, lock);
	if (node && node_deref(node->peer, lock) == peer)
		remove_node(table, node, lock);
}

void wg_allowedips_remove_v4(struct allowedips *table, const struct in_addr *ip,
			     u8 cidr, struct wg_peer *peer, struct mutex *lock)
{
	u64 key[2];

	key_from_addr(key, AF_INET, ip);
	remove_exact(table, key, cidr, 32, peer, lock);
}

void wg_allowedips_remove_v6(struct allowedips *table, const struct in6_addr *ip,
			     u8 cidr, struct wg_peer *peer, struct mutex *lock)
{
	u64 key[2];

	key_from_addr(key, AF_INET6, ip);
	remove_exact(table, key, cidr, 128, peer, lock);
}

void wg_allowedips_remove_by_peer(struct allowedips *table, struct wg_peer *peer,
				  struct mutex *lock)
{
	struct allowedips_node *node, *tmp;

	/* remove_node() may free @node and a branching parent, never @tmp. */
	list_for_each_entry_safe(node, tmp, &peer->allowedips_list, peer_list)
		remove_node(table, node, lock);
}

int wg_allowedips_read_node(const struct allowedips_node *node, u8 ip[16], u8 *cidr)
{
	*cidr = node->cidr;
	if (node->bits == 32) {
		put_unaligned_be32((u32)(node->key[0] >> 32), ip);
		return AF_INET;
	}
	put_unaligned_be64(node->key[0], ip);
	put_unaligned_be64(node->key[1], ip + 8);
	return AF_INET6;
}

struct wg_peer *wg_allowedips_lookup_raw(struct allowedips *table, int family,
					 const void *addr)
{
	struct allowedips_node *node;
	struct wg_peer *best = NULL, *peer;
	unsigned int bits;
	u64 key[2];

	if (family == AF_INET) {
		node = rcu_dereference_check(table->root4, rcu_read_lock_bh_held());
		bits = 32;
	} else if (family == AF_INET6) {
		node = rcu_dereference_check(table->root6, rcu_read_lock_bh_held());
		bits = 128;
	} else {
		return NULL;
	}
	key_from_addr(key, family, addr);
	while (node && node_covers(node, key)) {
		peer = rcu_dereference_check(node->peer, rcu_read_lock_bh_held());
		if (peer)
			best = peer;
		if (node->cidr >= bits)
			break;
		node = rcu_dereference_check(node->child[key_bit(key, node->cidr)],
					     rcu_read_lock_bh_held());
	}
	return best;
}

#ifdef __KERNEL__
/* The peer an outgoing packet is for, by its destination address. */
struct wg_peer *wg_allowedips_lookup_dst(struct allowedips *table, struct sk_buff *skb)
{
	const u8 *nh = skb_network_header(skb);
	const u8 *end = skb_tail_pointer(skb);
	struct wg_peer *peer = NULL;
	const void *addr;
	int family;

	if (skb->protocol == htons(ETH_P_IP) && nh + sizeof(struct iphdr) <= end) {
		const struct iphdr *h = (const struct iphdr *)nh;

		family = AF_INET;
		addr = &h->daddr;
	} else if (skb->protocol == htons(ETH_P_IPV6) && nh + sizeof(struct ipv6hdr) <= end) {
		const struct ipv6hdr *h = (const struct ipv6hdr *)nh;

		family = AF_INET6;
		addr = &h->daddr;
	} else {
		return NULL;
	}
	rcu_read_lock_bh();
	peer = wg_peer_get_maybe_zero(wg_allowedips_lookup_raw(table, family, addr));
	rcu_read_unlock_bh();
	return peer;
}

#endif

#if defined(WG_DEBUG) || !defined(__KERNEL__)
#include "selftest/allowedips.c"
#endif
