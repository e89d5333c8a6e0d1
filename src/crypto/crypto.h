/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's own primitives. One API for the kernel and for userspace
 * (built through src/tests/shim/kernel.h when __KERNEL__ is not defined).
 * No agility: these are the only algorithms WireGuard uses.
 */
#ifndef WG_CRYPTO_H
#define WG_CRYPTO_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/compiler.h>
struct scatterlist;
#else
#include "../tests/shim/kernel.h"
#endif

enum {
	CHACHA20_KEY_SIZE = 32,
	CHACHA20_BLOCK_SIZE = 64,
	HCHACHA20_NONCE_SIZE = 16,
	POLY1305_KEY_SIZE = 32,
	POLY1305_MAC_SIZE = 16,
	CHACHA20POLY1305_KEY_SIZE = 32,
	CHACHA20POLY1305_AUTHTAG_SIZE = 16,
	XCHACHA20POLY1305_NONCE_SIZE = 24,
	BLAKE2S_HASH_SIZE = 32,
	BLAKE2S_BLOCK_SIZE = 64,
	BLAKE2S_KEY_SIZE = 32,
	CURVE25519_KEY_SIZE = 32,
};

/* ---- ChaCha20 ---- */
struct wg_chacha20_ctx {
	u32 state[16];
};
/* key: 8 words from 32 bytes LE; nonce/counter words 12..15 as RFC 8439 */
void wg_chacha20_init(struct wg_chacha20_ctx *ctx, const u8 key[CHACHA20_KEY_SIZE],
		      u32 counter, const u8 nonce[12]);
/* XORs len bytes of keystream into dst (dst may equal src); advances the
 * block counter. Calls with len not a multiple of 64 end the stream. */
void wg_chacha20_crypt(struct wg_chacha20_ctx *ctx, u8 *dst, const u8 *src,
		       size_t len);
void wg_hchacha20(u8 out[32], const u8 nonce[HCHACHA20_NONCE_SIZE],
		  const u8 key[CHACHA20_KEY_SIZE]);

/* ---- Poly1305 ---- */
struct wg_poly1305_ctx {
	u64 r[2];	/* clamped key, radix 2^64 */
	u64 h[3];	/* accumulator, h[2] holds the top few bits */
	u64 s[2];	/* the pad added at the end */
	u8 buf[16];
	unsigned int buflen;
	unsigned int pw_ready;	/* pw44 computed (IFMA path) */
	u64 pw44[3][8];		/* limb i of r^(8-j) in [i][j] (IFMA path) */
};
void wg_poly1305_init(struct wg_poly1305_ctx *ctx, const u8 key[POLY1305_KEY_SIZE]);
void wg_poly1305_update(struct wg_poly1305_ctx *ctx, const u8 *in, size_t len);
void wg_poly1305_final(struct wg_poly1305_ctx *ctx, u8 mac[POLY1305_MAC_SIZE]);

/* ---- ChaCha20-Poly1305 (RFC 8439), nonce = 32 zero bits || le64(nonce) ---- */
void wg_chacha20poly1305_encrypt(u8 *dst, const u8 *src, size_t src_len,
				 const u8 *ad, size_t ad_len, u64 nonce,
				 const u8 key[CHACHA20POLY1305_KEY_SIZE]);
/* src_len includes the 16-byte tag; writes src_len - 16 bytes to dst.
 * Returns false (and leaves dst zeroed) if the tag does not verify. */
bool wg_chacha20poly1305_decrypt(u8 *dst, const u8 *src, size_t src_len,
				 const u8 *ad, size_t ad_len, u64 nonce,
				 const u8 key[CHACHA20POLY1305_KEY_SIZE]);
void wg_xchacha20poly1305_encrypt(u8 *dst, const u8 *src, size_t src_len,
				  const u8 *ad, size_t ad_len,
				  const u8 nonce[XCHACHA20POLY1305_NONCE_SIZE],
				  const u8 key[CHACHA20POLY1305_KEY_SIZE]);
bool wg_xchacha20poly1305_decrypt(u8 *dst, const u8 *src, size_t src_len,
				  const u8 *ad, size_t ad_len,
				  const u8 nonce[XCHACHA20POLY1305_NONCE_SIZE],
				  const u8 key[CHACHA20POLY1305_KEY_SIZE]);
/* The same with the full 96-bit RFC 8439 nonce (XChaCha and the tests use it). */
void wg_chacha20poly1305_encrypt_n96(u8 *dst, const u8 *src, size_t src_len,
				     const u8 *ad, size_t ad_len, const u8 nonce[12],
				     const u8 key[CHACHA20POLY1305_KEY_SIZE]);
bool wg_chacha20poly1305_decrypt_n96(u8 *dst, const u8 *src, size_t src_len,
				     const u8 *ad, size_t ad_len, const u8 nonce[12],
				     const u8 key[CHACHA20POLY1305_KEY_SIZE]);
#ifdef __KERNEL__
/* In place over an skb's scatterlist, no additional data. encrypt: src_len
 * bytes of plaintext, tag written after them (the sg must have room).
 * decrypt: src_len includes the tag. Return false on failure. */
bool wg_chacha20poly1305_encrypt_sg_inplace(struct scatterlist *src, size_t src_len,
					    u64 nonce, const u8 key[CHACHA20POLY1305_KEY_SIZE]);
bool wg_chacha20poly1305_decrypt_sg_inplace(struct scatterlist *src, size_t src_len,
					    u64 nonce, const u8 key[CHACHA20POLY1305_KEY_SIZE]);
#endif

/* ---- BLAKE2s (RFC 7693) ---- */
struct wg_blake2s_state {
	u32 h[8];
	u32 t[2];
	u32 f[2];
	u8 buf[BLAKE2S_BLOCK_SIZE];
	unsigned int buflen;
	unsigned int outlen;
};
void wg_blake2s_init(struct wg_blake2s_state *state, size_t outlen);
void wg_blake2s_init_key(struct wg_blake2s_state *state, size_t outlen,
			 const u8 *key, size_t keylen);
void wg_blake2s_update(struct wg_blake2s_state *state, const u8 *in, size_t inlen);
void wg_blake2s_final(struct wg_blake2s_state *state, u8 *out);
/* One shot; keylen 0 = unkeyed. outlen 1..32, keylen 0..32. */
void wg_blake2s(u8 *out, const u8 *in, const u8 *key, size_t outlen,
		size_t inlen, size_t keylen);
/* HMAC-BLAKE2s-256 (RFC 2104, 64-byte block), 32-byte output. */
void wg_blake2s_hmac(u8 out[BLAKE2S_HASH_SIZE], const u8 *in, const u8 *key,
		     size_t inlen, size_t keylen);

/* ---- X25519 (RFC 7748) ---- */
/* Returns false if the result is all zero (low-order point). Constant time. */
bool wg_curve25519(u8 out[CURVE25519_KEY_SIZE], const u8 secret[CURVE25519_KEY_SIZE],
		   const u8 basepoint[CURVE25519_KEY_SIZE]);
bool wg_curve25519_generate_public(u8 pub[CURVE25519_KEY_SIZE],
				   const u8 secret[CURVE25519_KEY_SIZE]);
static inline void wg_curve25519_clamp_secret(u8 secret[CURVE25519_KEY_SIZE])
{
	secret[0] &= 248;
	secret[31] = (secret[31] & 127) | 64;
}
void wg_curve25519_generate_secret(u8 secret[CURVE25519_KEY_SIZE]);

/* ---- Implementation selection and self-tests ---- */
enum wg_crypto_impl {
	WG_IMPL_GENERIC = 0,
	WG_IMPL_SSSE3 = 1 << 0,
	WG_IMPL_AVX2 = 1 << 1,
	WG_IMPL_AVX512 = 1 << 2,
	WG_IMPL_BMI2_ADX = 1 << 3,
	WG_IMPL_AVX512IFMA = 1 << 4,	/* Poly1305 only; implies AVX512 */
};
/* Bitmask of the SIMD paths this CPU offers; wg_crypto_force() limits the
 * paths in use to the given mask (tests use it to try each path in turn). */
unsigned int wg_crypto_available(void);
void wg_crypto_force(unsigned int mask);
/* The paths in use now (available & forced); primitives test it. */
extern unsigned int wg_crypto_enabled;
static inline bool wg_crypto_use(unsigned int impl)
{
	return READ_ONCE(wg_crypto_enabled) & impl;
}
/* Known-answer tests of each primitive on the paths enabled now. */
bool wg_chacha20poly1305_selftest(void);
bool wg_blake2s_selftest(void);
bool wg_curve25519_selftest(void);
/* Runs every primitive's known-answer tests on the selected paths
 * (all = true: on every available path). Returns true if all pass. */
bool wg_crypto_selftest(bool all);
/* Called at module load: detects CPU features and runs the self-test. */
int wg_crypto_init(void);

#endif /* WG_CRYPTO_H */
