/* SPDX-License-Identifier: GPL-2.0 */
/* Noise_IKpsk2 handshake, keypairs and their rotation (protocol.md §4, §7.2). */
#ifndef WG_NOISE_H
#define WG_NOISE_H

#include "messages.h"
#include "replay.h"
#include "index.h"

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/rwsem.h>
#include <linux/mutex.h>

struct wg_device;

struct noise_symmetric_key {
	u8 key[NOISE_SYMMETRIC_KEY_LEN];
	u64 birthdate;		/* ktime_get_coarse_boottime_ns() */
	bool is_valid;
};

struct noise_keypair {
	struct wg_index_entry entry;
	struct noise_symmetric_key sending;
	atomic64_t sending_counter;
	struct noise_symmetric_key receiving;
	spinlock_t replay_lock;
	struct wg_replay replay;
	__le32 remote_index;
	bool i_am_the_initiator;
	struct kref refcount;
	struct rcu_head rcu;
	u64 internal_id;
};

struct noise_keypairs {
	struct noise_keypair __rcu *current_keypair;
	struct noise_keypair __rcu *previous_keypair;
	struct noise_keypair __rcu *next_keypair;
	spinlock_t keypair_update_lock;
};

struct noise_static_identity {
	u8 static_public[NOISE_PUBLIC_KEY_LEN];
	u8 static_private[NOISE_PUBLIC_KEY_LEN];
	struct rw_semaphore lock;
	bool has_identity;
};

enum noise_handshake_state {
	HANDSHAKE_ZEROED,
	HANDSHAKE_CREATED_INITIATION,
	HANDSHAKE_CONSUMED_INITIATION,
	HANDSHAKE_CREATED_RESPONSE,
	HANDSHAKE_CONSUMED_RESPONSE
};

struct noise_handshake {
	struct wg_index_entry entry;
	enum noise_handshake_state state;
	u64 last_initiation_consumption;
	struct noise_static_identity *static_identity;
	u8 ephemeral_private[NOISE_PUBLIC_KEY_LEN];
	u8 remote_static[NOISE_PUBLIC_KEY_LEN];
	u8 remote_ephemeral[NOISE_PUBLIC_KEY_LEN];
	u8 precomputed_static_static[NOISE_PUBLIC_KEY_LEN];
	u8 preshared_key[NOISE_SYMMETRIC_KEY_LEN];
	u8 hash[NOISE_HASH_LEN];
	u8 chaining_key[NOISE_HASH_LEN];
	u8 latest_timestamp[NOISE_TIMESTAMP_LEN];
	__le32 remote_index;
	struct rw_semaphore lock;
};

/* Module-global: computes the Noise constants. */
void wg_noise_init(void);

/* Writable module parameter log_handshakes (see noise.c); wg_dbg() in
 * device.h logs when it or the device's own debug flag is set. */
extern bool wg_log_handshakes;

/* Public key in base64 as `wg` prints it (44 characters and a NUL). */
#define WG_KEY_B64_LEN 45
void wg_noise_key_b64(char out[WG_KEY_B64_LEN], const u8 key[NOISE_PUBLIC_KEY_LEN]);

/* Like wg_dbg() (device.h), naming the peer by its public key as `wg show`
 * does. Use where peer.h is included. */
#define wg_peer_dbg(peer, fmt, ...) do { \
	if (unlikely(READ_ONCE(wg_log_handshakes) || READ_ONCE((peer)->device->debug))) { \
		char __wg_b64[WG_KEY_B64_LEN]; \
		wg_noise_key_b64(__wg_b64, (peer)->handshake.remote_static); \
		net_info_ratelimited("%s: peer %s: " fmt, (peer)->device->dev->name, \
				     __wg_b64, ##__VA_ARGS__); \
	} \
} while (0)
void wg_noise_handshake_init(struct noise_handshake *handshake,
			     struct noise_static_identity *static_identity,
			     const u8 peer_public_key[NOISE_PUBLIC_KEY_LEN],
			     const u8 peer_preshared_key[NOISE_SYMMETRIC_KEY_LEN],
			     struct wg_peer *peer);
void wg_noise_handshake_clear(struct noise_handshake *handshake);
static inline void wg_noise_reset_last_sent_handshake(atomic64_t *handshake_ns)
{
	atomic64_set(handshake_ns, ktime_get_coarse_boottime_ns() -
				   (u64)(REKEY_TIMEOUT + 1) * NSEC_PER_SEC);
}

void wg_noise_keypair_put(struct noise_keypair *keypair, bool unreference_now);
struct noise_keypair *wg_noise_keypair_get(struct noise_keypair *keypair);
void wg_noise_keypairs_clear(struct noise_keypairs *keypairs);
bool wg_noise_received_with_keypair(struct noise_keypairs *keypairs,
				    struct noise_keypair *received_keypair);
void wg_noise_expire_current_peer_keypairs(struct wg_peer *peer);

void wg_noise_set_static_identity_private_key(struct noise_static_identity *static_identity,
					      const u8 private_key[NOISE_PUBLIC_KEY_LEN]);
void wg_noise_precompute_static_static(struct wg_peer *peer);

/*
 * The handshake functions sleep (rwsems): call them from process context.
 * create_* fill the whole message including mac1/mac2 (calling
 * wg_cookie_add_mac_to_packet() again is harmless) and return false if no
 * message may be sent. consume_* return the authenticated peer with a
 * reference, or NULL, having counted the drop reason on the device or peer
 * and logged it when handshake logging is on. After a successful
 * create_response or consume_response the caller derives the session with
 * wg_noise_handshake_begin_session() before sending anything.
 */
bool wg_noise_handshake_create_initiation(struct message_handshake_initiation *dst,
					  struct noise_handshake *handshake);
struct wg_peer *wg_noise_handshake_consume_initiation(struct message_handshake_initiation *src,
						      struct wg_device *wg);
bool wg_noise_handshake_create_response(struct message_handshake_response *dst,
					struct noise_handshake *handshake);
struct wg_peer *wg_noise_handshake_consume_response(struct message_handshake_response *src,
						    struct wg_device *wg);
bool wg_noise_handshake_begin_session(struct noise_handshake *handshake,
				      struct noise_keypairs *keypairs);

#endif /* WG_NOISE_H */
