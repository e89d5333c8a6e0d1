// SPDX-License-Identifier: GPL-2.0
/* mac1/mac2/cookie arithmetic (see macs.h). Kernel and userspace. */

#include "macs.h"
#include "crypto/crypto.h"

#ifdef __KERNEL__
#include <linux/string.h>
#include <crypto/algapi.h>
#endif

static void label_key(u8 key[NOISE_SYMMETRIC_KEY_LEN], const char label[8],
		      const u8 pub[NOISE_PUBLIC_KEY_LEN])
{
	struct wg_blake2s_state st;

	wg_blake2s_init(&st, NOISE_SYMMETRIC_KEY_LEN);
	wg_blake2s_update(&st, (const u8 *)label, 8);
	wg_blake2s_update(&st, pub, NOISE_PUBLIC_KEY_LEN);
	wg_blake2s_final(&st, key);
}

void wg_macs_mac1_key(u8 key[NOISE_SYMMETRIC_KEY_LEN], const u8 pub[NOISE_PUBLIC_KEY_LEN])
{
	label_key(key, "mac1----", pub);
}

void wg_macs_cookie_key(u8 key[NOISE_SYMMETRIC_KEY_LEN], const u8 pub[NOISE_PUBLIC_KEY_LEN])
{
	label_key(key, "cookie--", pub);
}

void wg_macs_compute_mac1(u8 mac1[COOKIE_LEN], const void *msg, size_t len,
			  const u8 key[NOISE_SYMMETRIC_KEY_LEN])
{
	wg_blake2s(mac1, msg, key, COOKIE_LEN, len - sizeof(struct message_macs),
		   NOISE_SYMMETRIC_KEY_LEN);
}

void wg_macs_compute_mac2(u8 mac2[COOKIE_LEN], const void *msg, size_t len,
			  const u8 cookie[COOKIE_LEN])
{
	wg_blake2s(mac2, msg, cookie, COOKIE_LEN, len - COOKIE_LEN, COOKIE_LEN);
}

bool wg_macs_mac1_ok(const void *msg, size_t len, const u8 key[NOISE_SYMMETRIC_KEY_LEN])
{
	const struct message_macs *macs = (const void *)((const u8 *)msg + len - sizeof(*macs));
	u8 want[COOKIE_LEN];
	bool ok;

	wg_macs_compute_mac1(want, msg, len, key);
	ok = !crypto_memneq(want, macs->mac1, COOKIE_LEN);
	memzero_explicit(want, sizeof(want));
	return ok;
}

bool wg_macs_mac2_ok(const void *msg, size_t len, const u8 cookie[COOKIE_LEN])
{
	const struct message_macs *macs = (const void *)((const u8 *)msg + len - sizeof(*macs));
	u8 want[COOKIE_LEN];
	bool ok;

	wg_macs_compute_mac2(want, msg, len, cookie);
	ok = !crypto_memneq(want, macs->mac2, COOKIE_LEN);
	memzero_explicit(want, sizeof(want));
	return ok;
}

void wg_macs_cookie_value(u8 cookie[COOKIE_LEN], const u8 secret[NOISE_HASH_LEN],
			  const u8 *addr, size_t addr_len, __be16 port)
{
	struct wg_blake2s_state st;

	wg_blake2s_init_key(&st, COOKIE_LEN, secret, NOISE_HASH_LEN);
	wg_blake2s_update(&st, addr, addr_len);
	wg_blake2s_update(&st, (const u8 *)&port, sizeof(port));
	wg_blake2s_final(&st, cookie);
	memzero_explicit(&st, sizeof(st));
}

void wg_macs_cookie_seal(u8 out[encrypted_len(COOKIE_LEN)], const u8 cookie[COOKIE_LEN],
			 const u8 mac1[COOKIE_LEN], const u8 nonce[COOKIE_NONCE_LEN],
			 const u8 key[NOISE_SYMMETRIC_KEY_LEN])
{
	wg_xchacha20poly1305_encrypt(out, cookie, COOKIE_LEN, mac1, COOKIE_LEN, nonce, key);
}

bool wg_macs_cookie_open(u8 cookie[COOKIE_LEN], const u8 in[encrypted_len(COOKIE_LEN)],
			 const u8 mac1[COOKIE_LEN], const u8 nonce[COOKIE_NONCE_LEN],
			 const u8 key[NOISE_SYMMETRIC_KEY_LEN])
{
	return wg_xchacha20poly1305_decrypt(cookie, in, encrypted_len(COOKIE_LEN), mac1,
					    COOKIE_LEN, nonce, key);
}
