// SPDX-License-Identifier: GPL-2.0
/*
 * Noise_IKpsk2 message arithmetic (see handshake.h). Builds in the kernel
 * and, through the test shim, in userspace.
 */

#include "handshake.h"
#include "crypto/crypto.h"

#ifdef __KERNEL__
#include <linux/string.h>
#include <linux/bug.h>
#include <asm/unaligned.h>
#include <crypto/algapi.h>
#endif

static const char wg_construction[] = "Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s";
static const char wg_identifier[] = "WireGuard v1 zx2c4 Jason@zx2c4.com";

/* C0 and H0: fixed for every device, computed once by wg_hs_init(). */
static u8 initial_chaining_key[NOISE_HASH_LEN] __ro_after_init;
static u8 initial_hash[NOISE_HASH_LEN] __ro_after_init;

void __init wg_hs_init(void)
{
	struct wg_blake2s_state st;

	BUILD_BUG_ON(sizeof(struct message_handshake_initiation) != 148);
	BUILD_BUG_ON(sizeof(struct message_handshake_response) != 92);
	BUILD_BUG_ON(sizeof(struct message_handshake_cookie) != 64);
	BUILD_BUG_ON(sizeof(struct message_data) != 16);

	wg_blake2s(initial_chaining_key, (const u8 *)wg_construction, NULL,
		   NOISE_HASH_LEN, sizeof(wg_construction) - 1, 0);
	wg_blake2s_init(&st, NOISE_HASH_LEN);
	wg_blake2s_update(&st, initial_chaining_key, NOISE_HASH_LEN);
	wg_blake2s_update(&st, (const u8 *)wg_identifier, sizeof(wg_identifier) - 1);
	wg_blake2s_final(&st, initial_hash);
}

bool wg_hs_is_zero(const u8 *buf, size_t len)
{
	static const u8 zero[NOISE_PUBLIC_KEY_LEN];

	if (WARN_ON(len > sizeof(zero)))
		return false;
	return !crypto_memneq(buf, zero, len);
}

void wg_hs_tai64n(u8 out[NOISE_TIMESTAMP_LEN], u64 sec, u32 nsec)
{
	/* 2^24 ns is the largest power of two not above 1 s / 50. */
	const u32 granularity = 1U << 24;

	put_unaligned_be64(0x400000000000000aULL + sec, out);
	put_unaligned_be32(nsec - nsec % granularity, out + 8);
}

/*
 * HKDF with HMAC-BLAKE2s: extract with the chaining key as HMAC key, then
 * expand into up to three 32-byte outputs (NULL ends the list). Outputs may
 * alias @ck: it is only read before the first output is written.
 */
static void kdf(u8 *t1, u8 *t2, u8 *t3, const u8 *in, size_t in_len,
		const u8 ck[NOISE_HASH_LEN])
{
	u8 *outs[3] = { t1, t2, t3 };
	u8 prk[BLAKE2S_HASH_SIZE];
	u8 block[BLAKE2S_HASH_SIZE + 1];
	u8 t[BLAKE2S_HASH_SIZE];
	size_t prev = 0;
	unsigned int i;

	wg_blake2s_hmac(prk, in, ck, in_len, NOISE_HASH_LEN);
	for (i = 0; i < ARRAY_SIZE(outs) && outs[i]; i++) {
		block[prev] = (u8)(i + 1);
		wg_blake2s_hmac(t, block, prk, prev + 1, BLAKE2S_HASH_SIZE);
		memcpy(outs[i], t, BLAKE2S_HASH_SIZE);
		memcpy(block, t, BLAKE2S_HASH_SIZE);
		prev = BLAKE2S_HASH_SIZE;
	}
	memzero_explicit(prk, sizeof(prk));
	memzero_explicit(block, sizeof(block));
	memzero_explicit(t, sizeof(t));
}

/* hash = HASH(hash || data) */
static void mix_hash(u8 hash[NOISE_HASH_LEN], const u8 *data, size_t len)
{
	struct wg_blake2s_state st;

	wg_blake2s_init(&st, NOISE_HASH_LEN);
	wg_blake2s_update(&st, hash, NOISE_HASH_LEN);
	wg_blake2s_update(&st, data, len);
	wg_blake2s_final(&st, hash);
	memzero_explicit(&st, sizeof(st));
}

/* (ck, key) = KDF_2(ck, DH(priv, pub)), or ck = KDF_1(...) if @key is NULL.
 * False, with nothing derived, if the DH result is all zero. */
static bool mix_dh(u8 ck[NOISE_HASH_LEN], u8 *key, const u8 priv[NOISE_PUBLIC_KEY_LEN],
		   const u8 pub[NOISE_PUBLIC_KEY_LEN])
{
	u8 shared[NOISE_PUBLIC_KEY_LEN];
	bool ok;

	ok = wg_curve25519(shared, priv, pub);
	if (ok)
		kdf(ck, key, NULL, shared, sizeof(shared), ck);
	memzero_explicit(shared, sizeof(shared));
	return ok;
}

static bool mix_precomputed_dh(u8 ck[NOISE_HASH_LEN], u8 key[NOISE_SYMMETRIC_KEY_LEN],
			       const u8 ss[NOISE_PUBLIC_KEY_LEN])
{
	if (wg_hs_is_zero(ss, NOISE_PUBLIC_KEY_LEN))
		return false;
	kdf(ck, key, NULL, ss, NOISE_PUBLIC_KEY_LEN, ck);
	return true;
}

/* The ephemeral goes out in clear and is mixed into both ck and hash. */
static void mix_ephemeral(u8 ck[NOISE_HASH_LEN], u8 hash[NOISE_HASH_LEN],
			  const u8 ephemeral[NOISE_PUBLIC_KEY_LEN])
{
	kdf(ck, NULL, NULL, ephemeral, NOISE_PUBLIC_KEY_LEN, ck);
	mix_hash(hash, ephemeral, NOISE_PUBLIC_KEY_LEN);
}

/* (ck, tau, key) = KDF_3(ck, psk); hash = HASH(hash || tau) */
static void mix_psk(u8 ck[NOISE_HASH_LEN], u8 hash[NOISE_HASH_LEN],
		    u8 key[NOISE_SYMMETRIC_KEY_LEN], const u8 psk[NOISE_SYMMETRIC_KEY_LEN])
{
	u8 tau[NOISE_HASH_LEN];

	kdf(ck, tau, key, psk, NOISE_SYMMETRIC_KEY_LEN, ck);
	mix_hash(hash, tau, sizeof(tau));
	memzero_explicit(tau, sizeof(tau));
}

/* AEAD with counter 0 and the running hash as additional data, then the
 * ciphertext is mixed into the hash. @plain may be empty. */
static void seal_and_hash(u8 *dst, const u8 *plain, size_t len,
			  const u8 key[NOISE_SYMMETRIC_KEY_LEN], u8 hash[NOISE_HASH_LEN])
{
	static const u8 nothing[1];

	wg_chacha20poly1305_encrypt(dst, len ? plain : nothing, len, hash,
				    NOISE_HASH_LEN, 0, key);
	mix_hash(hash, dst, encrypted_len(len));
}

static bool open_and_hash(u8 *dst, const u8 *sealed, size_t plain_len,
			  const u8 key[NOISE_SYMMETRIC_KEY_LEN], u8 hash[NOISE_HASH_LEN])
{
	u8 nothing[1];

	if (!wg_chacha20poly1305_decrypt(plain_len ? dst : nothing, sealed,
					 encrypted_len(plain_len), hash,
					 NOISE_HASH_LEN, 0, key))
		return false;
	mix_hash(hash, sealed, encrypted_len(plain_len));
	return true;
}

/* C = C0; H = HASH(H0 || responder's static public key) */
static void start(u8 ck[NOISE_HASH_LEN], u8 hash[NOISE_HASH_LEN],
		  const u8 s_pub_responder[NOISE_PUBLIC_KEY_LEN])
{
	memcpy(ck, initial_chaining_key, NOISE_HASH_LEN);
	memcpy(hash, initial_hash, NOISE_HASH_LEN);
	mix_hash(hash, s_pub_responder, NOISE_PUBLIC_KEY_LEN);
}

bool wg_hs_initiation_create(u8 ck[NOISE_HASH_LEN], u8 hash[NOISE_HASH_LEN],
			     struct message_handshake_initiation *dst,
			     const u8 e_priv[NOISE_PUBLIC_KEY_LEN],
			     const u8 s_pub_local[NOISE_PUBLIC_KEY_LEN],
			     const u8 s_pub_remote[NOISE_PUBLIC_KEY_LEN],
			     const u8 ss[NOISE_PUBLIC_KEY_LEN],
			     const u8 timestamp[NOISE_TIMESTAMP_LEN])
{
	u8 key[NOISE_SYMMETRIC_KEY_LEN];
	bool ok = false;

	start(ck, hash, s_pub_remote);
	if (!wg_curve25519_generate_public(dst->unencrypted_ephemeral, e_priv))
		goto out;
	mix_ephemeral(ck, hash, dst->unencrypted_ephemeral);
	/* es */
	if (!mix_dh(ck, key, e_priv, s_pub_remote))
		goto out;
	seal_and_hash(dst->encrypted_static, s_pub_local, NOISE_PUBLIC_KEY_LEN, key, hash);
	/* ss */
	if (!mix_precomputed_dh(ck, key, ss))
		goto out;
	seal_and_hash(dst->encrypted_timestamp, timestamp, NOISE_TIMESTAMP_LEN, key, hash);
	ok = true;
out:
	memzero_explicit(key, sizeof(key));
	return ok;
}

bool wg_hs_initiation_open_static(u8 ck[NOISE_HASH_LEN], u8 hash[NOISE_HASH_LEN],
				  u8 s_pub_remote[NOISE_PUBLIC_KEY_LEN],
				  const struct message_handshake_initiation *src,
				  const u8 s_priv_local[NOISE_PUBLIC_KEY_LEN],
				  const u8 s_pub_local[NOISE_PUBLIC_KEY_LEN])
{
	u8 key[NOISE_SYMMETRIC_KEY_LEN];
	bool ok = false;

	start(ck, hash, s_pub_local);
	mix_ephemeral(ck, hash, src->unencrypted_ephemeral);
	/* es, seen from the responder */
	if (!mix_dh(ck, key, s_priv_local, src->unencrypted_ephemeral))
		goto out;
	ok = open_and_hash(s_pub_remote, src->encrypted_static, NOISE_PUBLIC_KEY_LEN,
			   key, hash);
out:
	memzero_explicit(key, sizeof(key));
	return ok;
}

bool wg_hs_initiation_open_timestamp(u8 ck[NOISE_HASH_LEN], u8 hash[NOISE_HASH_LEN],
				     u8 timestamp[NOISE_TIMESTAMP_LEN],
				     const struct message_handshake_initiation *src,
				     const u8 ss[NOISE_PUBLIC_KEY_LEN])
{
	u8 key[NOISE_SYMMETRIC_KEY_LEN];
	bool ok = false;

	if (!mix_precomputed_dh(ck, key, ss))
		goto out;
	ok = open_and_hash(timestamp, src->encrypted_timestamp, NOISE_TIMESTAMP_LEN,
			   key, hash);
out:
	memzero_explicit(key, sizeof(key));
	return ok;
}

bool wg_hs_response_create(u8 ck[NOISE_HASH_LEN], u8 hash[NOISE_HASH_LEN],
			   struct message_handshake_response *dst,
			   const u8 e_priv[NOISE_PUBLIC_KEY_LEN],
			   const u8 e_pub_remote[NOISE_PUBLIC_KEY_LEN],
			   const u8 s_pub_remote[NOISE_PUBLIC_KEY_LEN],
			   const u8 psk[NOISE_SYMMETRIC_KEY_LEN])
{
	u8 key[NOISE_SYMMETRIC_KEY_LEN];
	bool ok = false;

	if (!wg_curve25519_generate_public(dst->unencrypted_ephemeral, e_priv))
		goto out;
	mix_ephemeral(ck, hash, dst->unencrypted_ephemeral);
	/* ee, then se */
	if (!mix_dh(ck, NULL, e_priv, e_pub_remote) ||
	    !mix_dh(ck, NULL, e_priv, s_pub_remote))
		goto out;
	mix_psk(ck, hash, key, psk);
	seal_and_hash(dst->encrypted_nothing, NULL, 0, key, hash);
	ok = true;
out:
	memzero_explicit(key, sizeof(key));
	return ok;
}

bool wg_hs_response_open(u8 ck[NOISE_HASH_LEN], u8 hash[NOISE_HASH_LEN],
			 const struct message_handshake_response *src,
			 const u8 e_priv_local[NOISE_PUBLIC_KEY_LEN],
			 const u8 s_priv_local[NOISE_PUBLIC_KEY_LEN],
			 const u8 psk[NOISE_SYMMETRIC_KEY_LEN])
{
	u8 key[NOISE_SYMMETRIC_KEY_LEN];
	bool ok = false;

	mix_ephemeral(ck, hash, src->unencrypted_ephemeral);
	/* ee, then se seen from the initiator */
	if (!mix_dh(ck, NULL, e_priv_local, src->unencrypted_ephemeral) ||
	    !mix_dh(ck, NULL, s_priv_local, src->unencrypted_ephemeral))
		goto out;
	mix_psk(ck, hash, key, psk);
	ok = open_and_hash(NULL, src->encrypted_nothing, 0, key, hash);
out:
	memzero_explicit(key, sizeof(key));
	return ok;
}

void wg_hs_derive_keys(u8 k1[NOISE_SYMMETRIC_KEY_LEN], u8 k2[NOISE_SYMMETRIC_KEY_LEN],
		       const u8 ck[NOISE_HASH_LEN])
{
	static const u8 empty[1];

	kdf(k1, k2, NULL, empty, 0, ck);
}

#if defined(__KERNEL__) && defined(WG_DEBUG)
#include "selftest/handshake.c"
#endif
