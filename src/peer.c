// SPDX-License-Identifier: GPL-2.0
/* Peers: creation, lookup by public key, reference counting, batched removal. */

#include "peer.h"
#include "device.h"
#include "allowedips.h"
#include "queueing.h"
#include "timers.h"
#include "socket.h"
#include "send.h"

#include <linux/slab.h>
#include <linux/rcupdate.h>
#include <linux/netdevice.h>
#include <crypto/algapi.h>

static atomic64_t peer_counter = ATOMIC64_INIT(0);

struct wg_pubkey_table *wg_pubkey_table_alloc(void)
{
	struct wg_pubkey_table *table = kvmalloc(sizeof(*table), GFP_KERNEL);

	if (!table)
		return NULL;
	get_random_bytes(&table->key, sizeof(table->key));
	hash_init(table->buckets);
	return table;
}

static struct hlist_head *pubkey_bucket(struct wg_pubkey_table *table,
					const u8 public_key[NOISE_PUBLIC_KEY_LEN])
{
	u64 h = siphash(public_key, NOISE_PUBLIC_KEY_LEN, &table->key);

	return &table->buckets[h & (HASH_SIZE(table->buckets) - 1)];
}

struct wg_peer *wg_peer_create(struct wg_device *wg,
			       const u8 public_key[NOISE_PUBLIC_KEY_LEN],
			       const u8 preshared_key[NOISE_SYMMETRIC_KEY_LEN])
{
	struct wg_peer *peer;
	int ret;

	lockdep_assert_held(&wg->device_update_lock);
	if (wg->num_peers >= MAX_PEERS_PER_DEVICE)
		return ERR_PTR(-ENOMEM);

	peer = kzalloc(sizeof(*peer), GFP_KERNEL);
	if (unlikely(!peer))
		return ERR_PTR(-ENOMEM);
	peer->device = wg;
	kref_init(&peer->refcount);
	INIT_LIST_HEAD(&peer->peer_list);
	INIT_LIST_HEAD(&peer->allowedips_list);
	INIT_HLIST_NODE(&peer->pubkey_hash);
	spin_lock_init(&peer->keypairs.keypair_update_lock);
	peer->internal_id = atomic64_inc_return(&peer_counter);

	ret = wg_peer_datapath_init(peer);
	if (ret < 0) {
		kfree(peer);
		return ERR_PTR(ret);
	}
	/* Also precomputes the static-static DH with our identity. */
	wg_noise_handshake_init(&peer->handshake, &wg->static_identity, public_key,
				preshared_key, peer);
	wg_cookie_init(&peer->latest_cookie);
	wg_cookie_checker_precompute_peer_keys(peer);
	wg_noise_reset_last_sent_handshake(&peer->last_sent_handshake);
	wg_timers_init(peer);

	list_add_tail(&peer->peer_list, &wg->peer_list);
	hlist_add_head_rcu(&peer->pubkey_hash, pubkey_bucket(wg->peer_hashtable, public_key));
	++wg->num_peers;
	return peer;
}

struct wg_peer *wg_peer_lookup_by_pubkey(struct wg_device *wg,
					 const u8 public_key[NOISE_PUBLIC_KEY_LEN])
{
	struct wg_peer *iter, *peer = NULL;

	rcu_read_lock_bh();
	hlist_for_each_entry_rcu(iter, pubkey_bucket(wg->peer_hashtable, public_key),
				 pubkey_hash, rcu_read_lock_bh_held()) {
		if (!crypto_memneq(public_key, iter->handshake.remote_static,
				   NOISE_PUBLIC_KEY_LEN)) {
			peer = wg_peer_get_maybe_zero(iter);
			break;
		}
	}
	rcu_read_unlock_bh();
	return peer;
}

struct wg_peer *wg_peer_get_maybe_zero(struct wg_peer *peer)
{
	if (unlikely(!peer || !kref_get_unless_zero(&peer->refcount)))
		return NULL;
	return peer;
}

static void peer_free_rcu(struct rcu_head *rcu)
{
	struct wg_peer *peer = container_of(rcu, struct wg_peer, rcu);

	/* PSK and cached DH live here. */
	memzero_explicit(&peer->handshake, sizeof(peer->handshake));
	kfree(peer);
}

static void peer_release(struct kref *refcount)
{
	struct wg_peer *peer = container_of(refcount, struct wg_peer, refcount);

	call_rcu(&peer->rcu, peer_free_rcu);
}

void wg_peer_put(struct wg_peer *peer)
{
	if (unlikely(!peer))
		return;
	kref_put(&peer->refcount, peer_release);
}

/* Unlink @peer from everything that can find it; the caller then waits for RCU. */
static void peer_make_dead(struct wg_peer *peer)
{
	struct wg_device *wg = peer->device;

	lockdep_assert_held(&wg->device_update_lock);
	WRITE_ONCE(peer->is_dead, true);
	wg_allowedips_remove_by_peer(wg->peer_allowedips, peer, &wg->device_update_lock);
	hlist_del_init_rcu(&peer->pubkey_hash);
	list_del_init(&peer->peer_list);
	--wg->num_peers;
}

/* After a grace period: nothing new can reach @peer, shut its machinery down. */
static void peer_finish_dead(struct wg_peer *peer)
{
	wg_timers_stop(peer);
	wg_peer_datapath_uninit(peer);
	wg_noise_keypairs_clear(&peer->keypairs);
	wg_noise_handshake_clear(&peer->handshake);
	wg_peer_put(peer);
}

void wg_peer_remove(struct wg_peer *peer)
{
	LIST_HEAD(dead);

	if (unlikely(!peer))
		return;
	wg_peer_remove_defer(peer, &dead);
	wg_peer_remove_finish(&dead);
}

void wg_peer_remove_defer(struct wg_peer *peer, struct list_head *dead)
{
	peer_make_dead(peer);
	list_add_tail(&peer->peer_list, dead);
}

void wg_peer_remove_finish(struct list_head *dead)
{
	struct wg_peer *peer, *tmp;

	if (list_empty(dead))
		return;
	/* One grace period for the whole batch. */
	synchronize_net();
	list_for_each_entry_safe(peer, tmp, dead, peer_list) {
		list_del_init(&peer->peer_list);
		peer_finish_dead(peer);
		cond_resched();
	}
}

void wg_peer_remove_all(struct wg_device *wg)
{
	struct wg_peer *peer, *tmp;
	LIST_HEAD(dead);

	lockdep_assert_held(&wg->device_update_lock);
	list_for_each_entry_safe(peer, tmp, &wg->peer_list, peer_list)
		wg_peer_remove_defer(peer, &dead);
	wg_peer_remove_finish(&dead);
}
