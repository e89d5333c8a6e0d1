/* SPDX-License-Identifier: GPL-2.0 */
/* A configured peer: its keys, endpoint, sessions, timers and counters. */
#ifndef WG_PEER_H
#define WG_PEER_H

#include "device.h"
#include "noise.h"
#include "cookie.h"
#include "uapi/wireguard.h"
#include "queueing.h"

#include <linux/types.h>
#include <linux/netfilter.h>
#include <linux/spinlock.h>
#include <linux/kref.h>
#include <linux/hashtable.h>
#include <linux/siphash.h>
#include <net/dst_cache.h>

struct wg_device;

/* Peers by public key: siphash with a per-device random key; RCU readers. */
struct wg_pubkey_table {
	DECLARE_HASHTABLE(buckets, 11);
	siphash_key_t key;
};

/* Where the peer is, and which of our addresses it last reached. */
struct endpoint {
	union {
		struct sockaddr addr;
		struct sockaddr_in addr4;
		struct sockaddr_in6 addr6;
	};
	union {
		struct {
			struct in_addr src4;
			int src_if4;	/* for sticky source on multi-homed hosts */
		};
		struct in6_addr src6;
	};
};

struct wg_peer {
	struct wg_device *device;
	struct noise_keypairs keypairs;
	struct endpoint endpoint;
	struct dst_cache endpoint_cache;
	rwlock_t endpoint_lock;
	struct noise_handshake handshake;
	atomic64_t last_sent_handshake;
	struct cookie latest_cookie;
	struct hlist_node pubkey_hash;
	u64 rx_bytes, tx_bytes;
	struct timer_list timer_retransmit_handshake, timer_send_keepalive;
	struct timer_list timer_new_handshake, timer_zero_key_material;
	struct timer_list timer_persistent_keepalive;
	unsigned int timer_handshake_attempts;
	u16 persistent_keepalive_interval;
	bool timer_need_another_keepalive;
	bool sent_lastminute_handshake;
	struct timespec64 walltime_last_handshake;
	struct kref refcount;
	struct rcu_head rcu;
	struct list_head peer_list;
	struct list_head allowedips_list;
	u64 internal_id;
	bool is_dead;
	atomic64_t drops[__WG_DROP_LAST];
	/* The data path (send/receive/queueing) adds its queues and work here. */
	struct wg_peer_datapath dp;
};

/*
 * Lifetime: the device's peer list owns one reference (dropped by removal);
 * everyone else uses wg_peer_get()/wg_peer_put().  The memory is freed one
 * RCU grace period after the last put.
 *
 * Creation and removal run under wg->device_update_lock.  Removal first
 * unlinks the peer (is_dead, allowed IPs, hash, list), then waits for ONE
 * synchronize_net() for the whole batch, then per peer stops timers, calls
 * wg_peer_datapath_uninit() (which therefore must not wait for an RCU grace
 * period itself), clears keypairs and handshake and drops the list's
 * reference.  Removing N peers costs one grace period, not N.
 */
struct wg_pubkey_table *wg_pubkey_table_alloc(void);
/* Returns the new peer (reference owned by the device) or an ERR_PTR. */
struct wg_peer *wg_peer_create(struct wg_device *wg,
			       const u8 public_key[NOISE_PUBLIC_KEY_LEN],
			       const u8 preshared_key[NOISE_SYMMETRIC_KEY_LEN]);
struct wg_peer *__must_check wg_peer_get_maybe_zero(struct wg_peer *peer);
static inline struct wg_peer *wg_peer_get(struct wg_peer *peer)
{
	kref_get(&peer->refcount);
	return peer;
}
void wg_peer_put(struct wg_peer *peer);
void wg_peer_remove(struct wg_peer *peer);
void wg_peer_remove_all(struct wg_device *wg);
/*
 * Batched removal: _defer() unlinks @peer at once (it can no longer be found)
 * and queues it on @dead; _finish() waits one grace period and releases all.
 * Both under device_update_lock.
 */
void wg_peer_remove_defer(struct wg_peer *peer, struct list_head *dead);
void wg_peer_remove_finish(struct list_head *dead);
/* RCU-safe lookup; returns a reference or NULL. */
struct wg_peer *wg_peer_lookup_by_pubkey(struct wg_device *wg,
					 const u8 public_key[NOISE_PUBLIC_KEY_LEN]);

static inline void wg_peer_count_drop(struct wg_peer *peer, enum wg_drop_reason why)
{
	atomic64_inc(&peer->drops[why]);
	atomic64_inc(&peer->device->drops[why]);
}

#endif /* WG_PEER_H */
