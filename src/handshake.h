/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The arithmetic of Noise_IKpsk2 as WireGuard uses it (protocol.md §1, §4):
 * HKDF over HMAC-BLAKE2s, hash/key mixing, and the build/open steps of the
 * two handshake messages, given every key explicitly. No locks, no peers,
 * no randomness: noise.c supplies those, and the userspace unit tests drive
 * these same functions with the fixed inputs of protocol.md §11.
 *
 * Every function works on a (chaining key, hash) pair in place. On failure
 * the pair is left in an unspecified state: callers work on copies and only
 * commit them on success.
 */
#ifndef WG_HANDSHAKE_H
#define WG_HANDSHAKE_H

#include "messages.h"

/* Computes C0 and H0 (protocol.md §2.1). Call once before anything else. */
void wg_hs_init(void);

/* TAI64N label of (seconds, nanoseconds) since the Unix epoch, with the
 * nanoseconds rounded down to a multiple of 2^24 (protocol.md §4.1). */
void wg_hs_tai64n(u8 out[NOISE_TIMESTAMP_LEN], u64 sec, u32 nsec);

/* Initiator, message 1 steps 1-11: fills the ephemeral, encrypted_static
 * and encrypted_timestamp fields of @dst. @ss = cached DH(S_priv_i, S_pub_r).
 * False if a DH result is zero. */
bool wg_hs_initiation_create(u8 ck[NOISE_HASH_LEN], u8 hash[NOISE_HASH_LEN],
			     struct message_handshake_initiation *dst,
			     const u8 e_priv[NOISE_PUBLIC_KEY_LEN],
			     const u8 s_pub_local[NOISE_PUBLIC_KEY_LEN],
			     const u8 s_pub_remote[NOISE_PUBLIC_KEY_LEN],
			     const u8 ss[NOISE_PUBLIC_KEY_LEN],
			     const u8 timestamp[NOISE_TIMESTAMP_LEN]);

/* Responder, message 1 steps 1-5: recovers the initiator's static key. */
bool wg_hs_initiation_open_static(u8 ck[NOISE_HASH_LEN], u8 hash[NOISE_HASH_LEN],
				  u8 s_pub_remote[NOISE_PUBLIC_KEY_LEN],
				  const struct message_handshake_initiation *src,
				  const u8 s_priv_local[NOISE_PUBLIC_KEY_LEN],
				  const u8 s_pub_local[NOISE_PUBLIC_KEY_LEN]);

/* Responder, message 1 steps 7-9, with the cached static-static DH @ss. */
bool wg_hs_initiation_open_timestamp(u8 ck[NOISE_HASH_LEN], u8 hash[NOISE_HASH_LEN],
				     u8 timestamp[NOISE_TIMESTAMP_LEN],
				     const struct message_handshake_initiation *src,
				     const u8 ss[NOISE_PUBLIC_KEY_LEN]);

/* Responder, message 2 steps 2-9: fills ephemeral and encrypted_nothing. */
bool wg_hs_response_create(u8 ck[NOISE_HASH_LEN], u8 hash[NOISE_HASH_LEN],
			   struct message_handshake_response *dst,
			   const u8 e_priv[NOISE_PUBLIC_KEY_LEN],
			   const u8 e_pub_remote[NOISE_PUBLIC_KEY_LEN],
			   const u8 s_pub_remote[NOISE_PUBLIC_KEY_LEN],
			   const u8 psk[NOISE_SYMMETRIC_KEY_LEN]);

/* Initiator, message 2 steps 1-6: false unless the response authenticates. */
bool wg_hs_response_open(u8 ck[NOISE_HASH_LEN], u8 hash[NOISE_HASH_LEN],
			 const struct message_handshake_response *src,
			 const u8 e_priv_local[NOISE_PUBLIC_KEY_LEN],
			 const u8 s_priv_local[NOISE_PUBLIC_KEY_LEN],
			 const u8 psk[NOISE_SYMMETRIC_KEY_LEN]);

/* (K1, K2) = KDF_2(C, empty) (protocol.md §4.5): the initiator sends with
 * K1, the responder with K2. */
void wg_hs_derive_keys(u8 k1[NOISE_SYMMETRIC_KEY_LEN], u8 k2[NOISE_SYMMETRIC_KEY_LEN],
		       const u8 ck[NOISE_HASH_LEN]);

/* Constant time: true iff all @len bytes are zero. */
bool wg_hs_is_zero(const u8 *buf, size_t len);

#ifdef WG_DEBUG
/* Debug builds, at module load: protocol.md §11 and the §5.1 replay cases. */
bool wg_handshake_selftest(void);
#endif

#endif /* WG_HANDSHAKE_H */
