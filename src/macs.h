/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mac1, mac2 and cookie arithmetic (protocol.md §6.1, §6.2), with every key
 * passed explicitly. cookie.c adds the locking, the secret rotation and the
 * peer state; the unit tests drive these functions directly.
 */
#ifndef WG_MACS_H
#define WG_MACS_H

#include "messages.h"

/* HASH("mac1----" || public key): the key of mac1 on messages to its owner. */
void wg_macs_mac1_key(u8 key[NOISE_SYMMETRIC_KEY_LEN], const u8 pub[NOISE_PUBLIC_KEY_LEN]);
/* HASH("cookie--" || public key): encrypts cookie replies sent by its owner. */
void wg_macs_cookie_key(u8 key[NOISE_SYMMETRIC_KEY_LEN], const u8 pub[NOISE_PUBLIC_KEY_LEN]);

/* @msg/@len is a whole handshake message whose last 32 bytes are mac1 and
 * mac2. mac1 covers everything before it, mac2 everything before mac2. */
void wg_macs_compute_mac1(u8 mac1[COOKIE_LEN], const void *msg, size_t len,
			  const u8 key[NOISE_SYMMETRIC_KEY_LEN]);
void wg_macs_compute_mac2(u8 mac2[COOKIE_LEN], const void *msg, size_t len,
			  const u8 cookie[COOKIE_LEN]);
/* Constant-time checks of the mac fields already in @msg. */
bool wg_macs_mac1_ok(const void *msg, size_t len, const u8 key[NOISE_SYMMETRIC_KEY_LEN]);
bool wg_macs_mac2_ok(const void *msg, size_t len, const u8 cookie[COOKIE_LEN]);

/* MAC(secret, address bytes || port bytes): @addr is 4 or 16 bytes and
 * @port the two bytes as on the wire. */
void wg_macs_cookie_value(u8 cookie[COOKIE_LEN], const u8 secret[NOISE_HASH_LEN],
			  const u8 *addr, size_t addr_len, __be16 port);
/* XAEAD of the cookie, additional data = the mac1 being answered. */
void wg_macs_cookie_seal(u8 out[encrypted_len(COOKIE_LEN)], const u8 cookie[COOKIE_LEN],
			 const u8 mac1[COOKIE_LEN], const u8 nonce[COOKIE_NONCE_LEN],
			 const u8 key[NOISE_SYMMETRIC_KEY_LEN]);
bool wg_macs_cookie_open(u8 cookie[COOKIE_LEN], const u8 in[encrypted_len(COOKIE_LEN)],
			 const u8 mac1[COOKIE_LEN], const u8 nonce[COOKIE_NONCE_LEN],
			 const u8 key[NOISE_SYMMETRIC_KEY_LEN]);

#endif /* WG_MACS_H */
