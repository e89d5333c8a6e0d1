// SPDX-License-Identifier: GPL-2.0
/*
 * Noise_IKpsk2 handshake state per peer, keypairs and their rotation
 * (protocol.md §4, §7.2). The arithmetic lives in handshake.c; this file adds
 * identities, randomness, time, the index table, locking and the slots.
 *
 * Locking:
 * - static_identity->lock (rwsem): readers are the handshake functions here;
 *   the writer is the configuration path changing the private key, which
 *   also holds wg->device_update_lock. wg_noise_precompute_static_static()
 *   and wg_noise_set_static_identity_private_key() must be called with
 *   device_update_lock held (and, for the latter, the identity lock held
 *   for writing), so the identity they read cannot change under them.
 * - handshake->lock (rwsem): protects everything in struct noise_handshake.
 *   Order: identity lock, then handshake lock. Both sleep: the handshake
 *   functions run in process context (the handshake worker).
 * - keypairs->keypair_update_lock (spinlock, _bh): protects the three slots;
 *   readers use RCU. Each occupied slot owns one reference of its keypair.
 *
 * Debugging: echo 1 > /sys/module/wireguard/parameters/log_handshakes makes
 * every device log (rate-limited, net_info) each handshake message sent or
 * accepted and the reason any handshake message was rejected: no identity,
 * bad mac1, unknown public key, decryption failure, stale timestamp,
 * initiation flood floor, rate limiter, wrong state, cookie problems. The
 * per-device `debug` flag does the same for one device.
 */

#include "noise.h"
#include "handshake.h"
#include "cookie.h"
#include "device.h"
#include "peer.h"
#include "crypto/crypto.h"

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/rcupdate.h>
#include <linux/ktime.h>
#include <linux/timekeeping.h>
#include <crypto/algapi.h>

bool wg_log_handshakes __read_mostly;
module_param_named(log_handshakes, wg_log_handshakes, bool, 0644);
MODULE_PARM_DESC(log_handshakes, "Log handshake events and why handshake messages are rejected");

static atomic64_t keypair_counter = ATOMIC64_INIT(0);

void __init wg_noise_init(void)
{
	wg_hs_init();
}

/* Compact base64 of a public key for log lines, as `wg` shows keys. */
void wg_noise_key_b64(char out[WG_KEY_B64_LEN], const u8 key[NOISE_PUBLIC_KEY_LEN])
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned int i, o = 0;

	for (i = 0; i < NOISE_PUBLIC_KEY_LEN; i += 3) {
		u32 v = (u32)key[i] << 16;

		if (i + 1 < NOISE_PUBLIC_KEY_LEN)
			v |= (u32)key[i + 1] << 8;
		if (i + 2 < NOISE_PUBLIC_KEY_LEN)
			v |= key[i + 2];
		out[o++] = alphabet[(v >> 18) & 63];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = i + 1 < NOISE_PUBLIC_KEY_LEN ? alphabet[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < NOISE_PUBLIC_KEY_LEN ? alphabet[v & 63] : '=';
	}
	out[o] = '\0';
}

static struct wg_peer *handshake_peer(struct noise_handshake *handshake)
{
	return container_of(handshake, struct wg_peer, handshake);
}

static struct wg_index_table *handshake_table(struct noise_handshake *handshake)
{
	return handshake_peer(handshake)->device->index_hashtable;
}

void wg_noise_handshake_init(struct noise_handshake *handshake,
			     struct noise_static_identity *static_identity,
			     const u8 peer_public_key[NOISE_PUBLIC_KEY_LEN],
			     const u8 peer_preshared_key[NOISE_SYMMETRIC_KEY_LEN],
			     struct wg_peer *peer)
{
	memset(handshake, 0, sizeof(*handshake));
	init_rwsem(&handshake->lock);
	INIT_HLIST_NODE(&handshake->entry.node);
	handshake->entry.type = INDEX_HANDSHAKE;
	handshake->entry.peer = peer;
	handshake->static_identity = static_identity;
	handshake->state = HANDSHAKE_ZEROED;
	memcpy(handshake->remote_static, peer_public_key, NOISE_PUBLIC_KEY_LEN);
	if (peer_preshared_key)
		memcpy(handshake->preshared_key, peer_preshared_key, NOISE_SYMMETRIC_KEY_LEN);
	wg_noise_precompute_static_static(peer);
}

/* Wipes the session secrets of the handshake; keeps the identity, the
 * remote static key, the PSK, the cached DH and the replay/flood memory
 * (greatest timestamp, last accepted initiation). Handshake lock held. */
static void handshake_zero(struct noise_handshake *handshake)
{
	memzero_explicit(handshake->ephemeral_private, NOISE_PUBLIC_KEY_LEN);
	memzero_explicit(handshake->remote_ephemeral, NOISE_PUBLIC_KEY_LEN);
	memzero_explicit(handshake->hash, NOISE_HASH_LEN);
	memzero_explicit(handshake->chaining_key, NOISE_HASH_LEN);
	handshake->remote_index = 0;
	handshake->state = HANDSHAKE_ZEROED;
}

void wg_noise_handshake_clear(struct noise_handshake *handshake)
{
	down_write(&handshake->lock);
	wg_index_remove(handshake_table(handshake), &handshake->entry);
	handshake_zero(handshake);
	up_write(&handshake->lock);
}

/* ---- keypairs ---- */

static void keypair_free_rcu(struct rcu_head *rcu)
{
	kfree_sensitive(container_of(rcu, struct noise_keypair, rcu));
}

static void keypair_release(struct kref *kref)
{
	struct noise_keypair *keypair = container_of(kref, struct noise_keypair, refcount);

	/* Normally unhashed already (wg_noise_keypair_put(.., true) when it
	 * left its slot), while the peer was certainly alive. */
	if (!hlist_unhashed_lockless(&keypair->entry.node))
		wg_index_remove(keypair->entry.peer->device->index_hashtable,
				&keypair->entry);
	call_rcu(&keypair->rcu, keypair_free_rcu);
}

void wg_noise_keypair_put(struct noise_keypair *keypair, bool unreference_now)
{
	if (!keypair)
		return;
	if (unreference_now)
		wg_index_remove(keypair->entry.peer->device->index_hashtable,
				&keypair->entry);
	kref_put(&keypair->refcount, keypair_release);
}

/* Call under RCU (pointer read from a slot or the index table) or while
 * already holding a reference. NULL if the keypair is being freed. */
struct noise_keypair *wg_noise_keypair_get(struct noise_keypair *keypair)
{
	if (unlikely(!keypair || !kref_get_unless_zero(&keypair->refcount)))
		return NULL;
	return keypair;
}

void wg_noise_keypairs_clear(struct noise_keypairs *keypairs)
{
	struct noise_keypair *old;

	spin_lock_bh(&keypairs->keypair_update_lock);
	old = rcu_dereference_protected(keypairs->next_keypair,
					lockdep_is_held(&keypairs->keypair_update_lock));
	RCU_INIT_POINTER(keypairs->next_keypair, NULL);
	wg_noise_keypair_put(old, true);

	old = rcu_dereference_protected(keypairs->previous_keypair,
					lockdep_is_held(&keypairs->keypair_update_lock));
	RCU_INIT_POINTER(keypairs->previous_keypair, NULL);
	wg_noise_keypair_put(old, true);

	old = rcu_dereference_protected(keypairs->current_keypair,
					lockdep_is_held(&keypairs->keypair_update_lock));
	RCU_INIT_POINTER(keypairs->current_keypair, NULL);
	wg_noise_keypair_put(old, true);
	spin_unlock_bh(&keypairs->keypair_update_lock);
}

void wg_noise_expire_current_peer_keypairs(struct wg_peer *peer)
{
	struct noise_keypair *keypair;

	wg_noise_handshake_clear(&peer->handshake);
	wg_noise_reset_last_sent_handshake(&peer->last_sent_handshake);

	spin_lock_bh(&peer->keypairs.keypair_update_lock);
	keypair = rcu_dereference_protected(peer->keypairs.next_keypair,
			lockdep_is_held(&peer->keypairs.keypair_update_lock));
	if (keypair)
		WRITE_ONCE(keypair->sending.is_valid, false);
	keypair = rcu_dereference_protected(peer->keypairs.current_keypair,
			lockdep_is_held(&peer->keypairs.keypair_update_lock));
	if (keypair)
		WRITE_ONCE(keypair->sending.is_valid, false);
	spin_unlock_bh(&peer->keypairs.keypair_update_lock);
}

/* Slot rules of protocol.md §7.2 for a freshly derived keypair. False if
 * the peer is being removed: its slots were (or are about to be) cleared
 * under this same lock after is_dead was set, so nothing may enter them. */
static bool add_new_keypair(struct noise_keypairs *keypairs, struct noise_keypair *new)
{
	struct noise_keypair *prev, *cur, *next;

	spin_lock_bh(&keypairs->keypair_update_lock);
	if (unlikely(READ_ONCE(new->entry.peer->is_dead))) {
		spin_unlock_bh(&keypairs->keypair_update_lock);
		return false;
	}
	prev = rcu_dereference_protected(keypairs->previous_keypair,
			lockdep_is_held(&keypairs->keypair_update_lock));
	cur = rcu_dereference_protected(keypairs->current_keypair,
			lockdep_is_held(&keypairs->keypair_update_lock));
	next = rcu_dereference_protected(keypairs->next_keypair,
			lockdep_is_held(&keypairs->keypair_update_lock));

	if (new->i_am_the_initiator) {
		/* Usable at once. An unconfirmed next becomes previous (its
		 * peer may still send on it) and the old current goes. */
		if (next) {
			rcu_assign_pointer(keypairs->previous_keypair, next);
			RCU_INIT_POINTER(keypairs->next_keypair, NULL);
			rcu_assign_pointer(keypairs->current_keypair, new);
			wg_noise_keypair_put(cur, true);
		} else {
			rcu_assign_pointer(keypairs->previous_keypair, cur);
			rcu_assign_pointer(keypairs->current_keypair, new);
		}
		wg_noise_keypair_put(prev, true);
	} else {
		/* Responder: wait in next for key confirmation (the first
		 * packet the initiator sends on it); current keeps sending. */
		rcu_assign_pointer(keypairs->next_keypair, new);
		wg_noise_keypair_put(next, true);
		RCU_INIT_POINTER(keypairs->previous_keypair, NULL);
		wg_noise_keypair_put(prev, true);
	}
	spin_unlock_bh(&keypairs->keypair_update_lock);
	return true;
}

bool wg_noise_received_with_keypair(struct noise_keypairs *keypairs,
				    struct noise_keypair *received_keypair)
{
	struct noise_keypair *old_prev, *cur;
	bool confirmed = false;

	/* Fast path: almost every packet arrives on current. */
	if (likely(rcu_access_pointer(keypairs->next_keypair) != received_keypair))
		return false;

	spin_lock_bh(&keypairs->keypair_update_lock);
	if (rcu_access_pointer(keypairs->next_keypair) == received_keypair) {
		old_prev = rcu_dereference_protected(keypairs->previous_keypair,
				lockdep_is_held(&keypairs->keypair_update_lock));
		cur = rcu_dereference_protected(keypairs->current_keypair,
				lockdep_is_held(&keypairs->keypair_update_lock));
		rcu_assign_pointer(keypairs->previous_keypair, cur);
		rcu_assign_pointer(keypairs->current_keypair, received_keypair);
		RCU_INIT_POINTER(keypairs->next_keypair, NULL);
		wg_noise_keypair_put(old_prev, true);
		confirmed = true;
	}
	spin_unlock_bh(&keypairs->keypair_update_lock);
	return confirmed;
}

/* ---- identities ---- */

void wg_noise_set_static_identity_private_key(struct noise_static_identity *static_identity,
					      const u8 private_key[NOISE_PUBLIC_KEY_LEN])
{
	memcpy(static_identity->static_private, private_key, NOISE_PUBLIC_KEY_LEN);
	wg_curve25519_clamp_secret(static_identity->static_private);
	/* All zero means "no identity" (protocol.md §1.1). */
	static_identity->has_identity =
		!wg_hs_is_zero(private_key, NOISE_PUBLIC_KEY_LEN) &&
		wg_curve25519_generate_public(static_identity->static_public,
					      static_identity->static_private);
	if (!static_identity->has_identity)
		memset(static_identity->static_public, 0, NOISE_PUBLIC_KEY_LEN);
}

void wg_noise_precompute_static_static(struct wg_peer *peer)
{
	struct noise_handshake *handshake = &peer->handshake;
	struct noise_static_identity *id = handshake->static_identity;

	down_write(&handshake->lock);
	/* A zero result (low-order peer key, or no identity) makes every
	 * handshake with this peer impossible; that is checked at use. */
	if (!id->has_identity ||
	    !wg_curve25519(handshake->precomputed_static_static, id->static_private,
			   handshake->remote_static))
		memset(handshake->precomputed_static_static, 0, NOISE_PUBLIC_KEY_LEN);
	up_write(&handshake->lock);
}

/* ---- messages ---- */

bool wg_noise_handshake_create_initiation(struct message_handshake_initiation *dst,
					  struct noise_handshake *handshake)
{
	struct wg_peer *peer = handshake_peer(handshake);
	struct wg_device *wg = peer->device;
	struct noise_static_identity *id = handshake->static_identity;
	u8 timestamp[NOISE_TIMESTAMP_LEN];
	u8 ck[NOISE_HASH_LEN], hash[NOISE_HASH_LEN];
	struct timespec64 now;
	bool ok = false;

	down_read(&id->lock);
	down_write(&handshake->lock);
	/* A peer being removed gets no new index: wg_noise_handshake_clear()
	 * runs under this lock after is_dead is set. */
	if (unlikely(READ_ONCE(peer->is_dead)))
		goto out;
	if (unlikely(!id->has_identity)) {
		wg_peer_dbg(peer, "no initiation sent: the device has no private key\n");
		goto out;
	}
	if (unlikely(wg_hs_is_zero(handshake->precomputed_static_static,
				   NOISE_PUBLIC_KEY_LEN))) {
		wg_peer_dbg(peer, "no initiation sent: its public key is a low-order point\n");
		goto out;
	}

	ktime_get_real_ts64(&now);
	wg_hs_tai64n(timestamp, now.tv_sec, now.tv_nsec);
	wg_curve25519_generate_secret(handshake->ephemeral_private);
	dst->header.type = cpu_to_le32(MESSAGE_HANDSHAKE_INITIATION);
	if (!wg_hs_initiation_create(ck, hash, dst, handshake->ephemeral_private,
				     id->static_public, handshake->remote_static,
				     handshake->precomputed_static_static, timestamp)) {
		handshake_zero(handshake);
		goto out;
	}
	memcpy(handshake->chaining_key, ck, NOISE_HASH_LEN);
	memcpy(handshake->hash, hash, NOISE_HASH_LEN);
	dst->sender_index = wg_index_insert(wg->index_hashtable, &handshake->entry);
	handshake->state = HANDSHAKE_CREATED_INITIATION;
	ok = true;
out:
	up_write(&handshake->lock);
	up_read(&id->lock);
	memzero_explicit(ck, sizeof(ck));
	memzero_explicit(hash, sizeof(hash));
	if (ok) {
		wg_cookie_add_mac_to_packet(dst, sizeof(*dst), peer);
		wg_peer_dbg(peer, "initiation created, sender index %08x\n",
			    le32_to_cpu(dst->sender_index));
	}
	return ok;
}

struct wg_peer *wg_noise_handshake_consume_initiation(struct message_handshake_initiation *src,
						      struct wg_device *wg)
{
	struct noise_static_identity *id = &wg->static_identity;
	u8 s[NOISE_PUBLIC_KEY_LEN], t[NOISE_TIMESTAMP_LEN];
	u8 ck[NOISE_HASH_LEN], hash[NOISE_HASH_LEN];
	struct noise_handshake *handshake;
	struct wg_peer *peer = NULL;
	char b64[WG_KEY_B64_LEN];
	u64 now;

	down_read(&id->lock);
	if (unlikely(!id->has_identity)) {
		wg_dbg(wg, "initiation ignored: the device has no private key\n");
		goto out_unlock_id;
	}
	if (!wg_hs_initiation_open_static(ck, hash, s, src, id->static_private,
					  id->static_public)) {
		wg_device_count_drop(wg, WG_DROP_DECRYPT);
		wg_dbg(wg, "initiation rejected: its static key does not decrypt (sent to another public key?)\n");
		goto out_unlock_id;
	}
	peer = wg_peer_lookup_by_pubkey(wg, s);
	if (!peer) {
		wg_device_count_drop(wg, WG_DROP_DECRYPT);
		wg_noise_key_b64(b64, s);
		wg_dbg(wg, "initiation rejected: no peer has public key %s\n", b64);
		goto out_unlock_id;
	}
	handshake = &peer->handshake;

	down_write(&handshake->lock);
	if (!wg_hs_initiation_open_timestamp(ck, hash, t, src,
					     handshake->precomputed_static_static)) {
		wg_peer_count_drop(peer, WG_DROP_DECRYPT);
		wg_peer_dbg(peer, "initiation rejected: %s\n",
			    wg_hs_is_zero(handshake->precomputed_static_static,
					  NOISE_PUBLIC_KEY_LEN) ?
			    "its public key is a low-order point" : "timestamp does not decrypt");
		goto out_fail;
	}
	if (memcmp(t, handshake->latest_timestamp, NOISE_TIMESTAMP_LEN) <= 0) {
		wg_peer_count_drop(peer, WG_DROP_REPLAY);
		wg_peer_dbg(peer, "initiation rejected: timestamp not newer than the last accepted one (replay, or the peer's clock went back)\n");
		goto out_fail;
	}
	now = ktime_get_coarse_boottime_ns();
	if (handshake->last_initiation_consumption &&
	    now - handshake->last_initiation_consumption < NSEC_PER_SEC / INITIATIONS_PER_SECOND) {
		wg_peer_count_drop(peer, WG_DROP_RATE_LIMITED);
		wg_peer_dbg(peer, "initiation rejected: less than %d ms after the previous one (flood floor)\n",
			    (int)(MSEC_PER_SEC / INITIATIONS_PER_SECOND));
		goto out_fail;
	}

	/* Authenticated and fresh: commit. This overwrites any initiation of
	 * our own still waiting for its response (protocol.md §4.2). */
	memcpy(handshake->remote_ephemeral, src->unencrypted_ephemeral, NOISE_PUBLIC_KEY_LEN);
	memcpy(handshake->latest_timestamp, t, NOISE_TIMESTAMP_LEN);
	memcpy(handshake->chaining_key, ck, NOISE_HASH_LEN);
	memcpy(handshake->hash, hash, NOISE_HASH_LEN);
	memzero_explicit(handshake->ephemeral_private, NOISE_PUBLIC_KEY_LEN);
	handshake->remote_index = src->sender_index;
	handshake->last_initiation_consumption = now;
	handshake->state = HANDSHAKE_CONSUMED_INITIATION;
	up_write(&handshake->lock);
	wg_peer_dbg(peer, "initiation accepted, sender index %08x\n",
		    le32_to_cpu(src->sender_index));
	goto out_unlock_id;

out_fail:
	up_write(&handshake->lock);
	wg_peer_put(peer);
	peer = NULL;
out_unlock_id:
	up_read(&id->lock);
	memzero_explicit(s, sizeof(s));
	memzero_explicit(t, sizeof(t));
	memzero_explicit(ck, sizeof(ck));
	memzero_explicit(hash, sizeof(hash));
	return peer;
}

bool wg_noise_handshake_create_response(struct message_handshake_response *dst,
					struct noise_handshake *handshake)
{
	struct wg_peer *peer = handshake_peer(handshake);
	struct wg_device *wg = peer->device;
	struct noise_static_identity *id = handshake->static_identity;
	u8 ck[NOISE_HASH_LEN], hash[NOISE_HASH_LEN];
	bool ok = false;

	down_read(&id->lock);
	down_write(&handshake->lock);
	if (unlikely(READ_ONCE(peer->is_dead)))
		goto out;
	if (handshake->state != HANDSHAKE_CONSUMED_INITIATION) {
		wg_peer_dbg(peer, "no response sent: no initiation pending\n");
		goto out;
	}
	memcpy(ck, handshake->chaining_key, NOISE_HASH_LEN);
	memcpy(hash, handshake->hash, NOISE_HASH_LEN);
	wg_curve25519_generate_secret(handshake->ephemeral_private);
	dst->header.type = cpu_to_le32(MESSAGE_HANDSHAKE_RESPONSE);
	dst->receiver_index = handshake->remote_index;
	if (!wg_hs_response_create(ck, hash, dst, handshake->ephemeral_private,
				   handshake->remote_ephemeral, handshake->remote_static,
				   handshake->preshared_key)) {
		wg_peer_dbg(peer, "no response sent: a DH result was zero\n");
		handshake_zero(handshake);
		goto out;
	}
	memcpy(handshake->chaining_key, ck, NOISE_HASH_LEN);
	memcpy(handshake->hash, hash, NOISE_HASH_LEN);
	dst->sender_index = wg_index_insert(wg->index_hashtable, &handshake->entry);
	handshake->state = HANDSHAKE_CREATED_RESPONSE;
	ok = true;
out:
	up_write(&handshake->lock);
	up_read(&id->lock);
	memzero_explicit(ck, sizeof(ck));
	memzero_explicit(hash, sizeof(hash));
	if (ok) {
		wg_cookie_add_mac_to_packet(dst, sizeof(*dst), peer);
		wg_peer_dbg(peer, "response created, sender index %08x\n",
			    le32_to_cpu(dst->sender_index));
	}
	return ok;
}

struct wg_peer *wg_noise_handshake_consume_response(struct message_handshake_response *src,
						    struct wg_device *wg)
{
	struct noise_static_identity *id = &wg->static_identity;
	u8 ck[NOISE_HASH_LEN], hash[NOISE_HASH_LEN];
	struct noise_handshake *handshake;
	struct wg_index_entry *entry;
	struct wg_peer *peer = NULL;
	const char *why;

	down_read(&id->lock);
	if (unlikely(!id->has_identity)) {
		wg_dbg(wg, "response ignored: the device has no private key\n");
		goto out_unlock_id;
	}
	entry = wg_index_lookup(wg->index_hashtable, INDEX_HANDSHAKE,
				src->receiver_index, &peer);
	if (!entry) {
		wg_device_count_drop(wg, WG_DROP_UNKNOWN_INDEX);
		wg_dbg(wg, "response rejected: receiver index %08x names no pending handshake\n",
		       le32_to_cpu(src->receiver_index));
		goto out_unlock_id;
	}
	handshake = container_of(entry, struct noise_handshake, entry);

	down_write(&handshake->lock);
	if (handshake->state != HANDSHAKE_CREATED_INITIATION) {
		wg_peer_count_drop(peer, WG_DROP_REPLAY);
		why = "no initiation of ours is waiting for it (duplicate or stale)";
		goto out_fail;
	}
	memcpy(ck, handshake->chaining_key, NOISE_HASH_LEN);
	memcpy(hash, handshake->hash, NOISE_HASH_LEN);
	if (!wg_hs_response_open(ck, hash, src, handshake->ephemeral_private,
				 id->static_private, handshake->preshared_key)) {
		wg_peer_count_drop(peer, WG_DROP_DECRYPT);
		why = "it does not authenticate (wrong preshared key?)";
		goto out_fail;
	}
	memcpy(handshake->remote_ephemeral, src->unencrypted_ephemeral, NOISE_PUBLIC_KEY_LEN);
	memcpy(handshake->chaining_key, ck, NOISE_HASH_LEN);
	memcpy(handshake->hash, hash, NOISE_HASH_LEN);
	handshake->remote_index = src->sender_index;
	handshake->state = HANDSHAKE_CONSUMED_RESPONSE;
	up_write(&handshake->lock);
	wg_peer_dbg(peer, "response accepted, sender index %08x\n",
		    le32_to_cpu(src->sender_index));
	goto out_unlock_id;

out_fail:
	up_write(&handshake->lock);
	wg_peer_dbg(peer, "response rejected: %s\n", why);
	wg_peer_put(peer);
	peer = NULL;
out_unlock_id:
	up_read(&id->lock);
	memzero_explicit(ck, sizeof(ck));
	memzero_explicit(hash, sizeof(hash));
	return peer;
}

bool wg_noise_handshake_begin_session(struct noise_handshake *handshake,
				      struct noise_keypairs *keypairs)
{
	struct wg_peer *peer = handshake_peer(handshake);
	struct noise_keypair *keypair;
	u8 k1[NOISE_SYMMETRIC_KEY_LEN], k2[NOISE_SYMMETRIC_KEY_LEN];
	bool initiator;
	u64 now;

	down_write(&handshake->lock);
	if (handshake->state != HANDSHAKE_CREATED_RESPONSE &&
	    handshake->state != HANDSHAKE_CONSUMED_RESPONSE)
		goto fail;
	if (unlikely(READ_ONCE(peer->is_dead)))
		goto fail;
	initiator = handshake->state == HANDSHAKE_CONSUMED_RESPONSE;

	keypair = kzalloc(sizeof(*keypair), GFP_KERNEL);
	if (!keypair)
		goto fail;
	kref_init(&keypair->refcount);
	spin_lock_init(&keypair->replay_lock);
	wg_replay_init(&keypair->replay);
	INIT_HLIST_NODE(&keypair->entry.node);
	keypair->entry.type = INDEX_KEYPAIR;
	keypair->entry.peer = peer;
	keypair->internal_id = atomic64_inc_return(&keypair_counter);
	keypair->i_am_the_initiator = initiator;
	keypair->remote_index = handshake->remote_index;

	wg_hs_derive_keys(k1, k2, handshake->chaining_key);
	memcpy(keypair->sending.key, initiator ? k1 : k2, NOISE_SYMMETRIC_KEY_LEN);
	memcpy(keypair->receiving.key, initiator ? k2 : k1, NOISE_SYMMETRIC_KEY_LEN);
	memzero_explicit(k1, sizeof(k1));
	memzero_explicit(k2, sizeof(k2));
	now = ktime_get_coarse_boottime_ns();
	keypair->sending.birthdate = now;
	keypair->receiving.birthdate = now;
	keypair->sending.is_valid = true;
	keypair->receiving.is_valid = true;

	/* The keypair answers to the index the handshake was sent with. */
	if (!wg_index_replace(peer->device->index_hashtable, &handshake->entry,
			      &keypair->entry)) {
		kfree_sensitive(keypair);
		goto fail;
	}
	handshake_zero(handshake);
	if (!add_new_keypair(keypairs, keypair)) {
		up_write(&handshake->lock);
		/* Unhashes it and frees it after a grace period. */
		wg_noise_keypair_put(keypair, true);
		return false;
	}
	up_write(&handshake->lock);
	wg_peer_dbg(peer, "keypair %llu derived as %s\n", keypair->internal_id,
		    initiator ? "initiator" : "responder");
	return true;

fail:
	up_write(&handshake->lock);
	return false;
}
