/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cryptokey routing table: one compressed binary radix trie per address
 * family, mapping prefixes to the peer that owns them (protocol.md §8.1).
 *
 * Writers hold the device's update mutex (passed as @lock so lockdep can
 * check it); readers only need RCU.  The same source builds in userspace for
 * the unit test, through src/tests/shim/allowedips.h.
 */
#ifndef WG_ALLOWEDIPS_H
#define WG_ALLOWEDIPS_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/skbuff.h>
#else
#include "tests/shim/allowedips.h"
#endif

struct wg_peer;

/*
 * A trie node.  The prefix is kept as two host-order 64-bit words, most
 * significant bit first (an IPv4 address occupies the top 32 bits of key[0]).
 * A node without a peer is a branching ("glue") node and always has exactly
 * two children.  Children extend the node's prefix; child[b] holds the
 * prefixes whose bit number @cidr is b.
 */
struct allowedips_node {
	struct wg_peer __rcu *peer;
	struct allowedips_node __rcu *child[2];
	struct allowedips_node *parent;		/* writer side only */
	struct list_head peer_list;		/* on peer->allowedips_list */
	struct rcu_head rcu;
	u64 key[2];
	u8 cidr;
	u8 bits;				/* 32 or 128 */
};

struct allowedips {
	struct allowedips_node __rcu *root4;
	struct allowedips_node __rcu *root6;
	u64 seq;		/* bumped by every change (dump cursors check it) */
};

void wg_allowedips_init(struct allowedips *table);
/* Drops every node (the owners' lists are emptied). */
void wg_allowedips_free(struct allowedips *table, struct mutex *lock);

/* Add @ip/@cidr for @peer, taking it over from any previous owner. */
int wg_allowedips_insert_v4(struct allowedips *table, const struct in_addr *ip,
			    u8 cidr, struct wg_peer *peer, struct mutex *lock);
int wg_allowedips_insert_v6(struct allowedips *table, const struct in6_addr *ip,
			    u8 cidr, struct wg_peer *peer, struct mutex *lock);
/* Remove exactly @ip/@cidr if @peer owns it; otherwise nothing happens. */
void wg_allowedips_remove_v4(struct allowedips *table, const struct in_addr *ip,
			     u8 cidr, struct wg_peer *peer, struct mutex *lock);
void wg_allowedips_remove_v6(struct allowedips *table, const struct in6_addr *ip,
			     u8 cidr, struct wg_peer *peer, struct mutex *lock);
void wg_allowedips_remove_by_peer(struct allowedips *table, struct wg_peer *peer,
				  struct mutex *lock);

/* Writes the node's prefix (network order, host bits zero); returns AF_INET/AF_INET6. */
int wg_allowedips_read_node(const struct allowedips_node *node, u8 ip[16], u8 *cidr);

/*
 * Longest-prefix match of @addr (4 or 16 bytes, network order, per @family).
 * Caller is in an RCU read-side section (or holds the update lock); no
 * reference is taken.
 */
struct wg_peer *wg_allowedips_lookup_raw(struct allowedips *table, int family,
					 const void *addr);

#ifdef __KERNEL__
/* By the packet's destination (transmit) or source (receive); returns a reference or NULL. */
struct wg_peer *wg_allowedips_lookup_dst(struct allowedips *table, struct sk_buff *skb);
#endif

#if defined(WG_DEBUG) || !defined(__KERNEL__)
/* Randomized comparison against a naive table; @entries prefixes inserted. */
bool wg_allowedips_selftest_n(unsigned int entries, unsigned int seed);
bool wg_allowedips_selftest(void);
#endif

#endif /* WG_ALLOWEDIPS_H */
