// SPDX-License-Identifier: GPL-2.0
/*
 * BLAKE2s (RFC 7693): unkeyed and keyed hashing with 1..32-byte output,
 * streaming and one shot, plus HMAC-BLAKE2s-256 (RFC 2104) for the
 * protocol's KDF. Portable C; the rounds are fully unrolled so that the
 * message schedule becomes constant register indices.
 */
#include "crypto.h"

#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/bitops.h>
#include <linux/bug.h>
#include <asm/unaligned.h>
#endif

static const u32 wg_blake2s_iv[8] = {
	0x6a09e667U, 0xbb67ae85U, 0x3c6ef372U, 0xa54ff53aU,
	0x510e527fU, 0x9b05688cU, 0x1f83d9abU, 0x5be0cd19U,
};

/* Message word permutation for each of the 10 rounds (RFC 7693 2.7). */
static const u8 wg_blake2s_sigma[10][16] = {
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
	{ 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
	{ 11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4 },
	{ 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8 },
	{ 9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13 },
	{ 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9 },
	{ 12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11 },
	{ 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10 },
	{ 6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5 },
	{ 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0 },
};

/* The mixing function G on state words a, b, c, d with message words x, y. */
#define WG_B2S_G(a, b, c, d, x, y) do {			\
	a += b + (x);					\
	d = ror32(d ^ a, 16);				\
	c += d;						\
	b = ror32(b ^ c, 12);				\
	a += b + (y);					\
	d = ror32(d ^ a, 8);				\
	c += d;						\
	b = ror32(b ^ c, 7);				\
} while (0)

#define WG_B2S_ROUND(r) do {						\
	const u8 *s = wg_blake2s_sigma[r];				\
	WG_B2S_G(v0, v4, v8, v12, m[s[0]], m[s[1]]);			\
	WG_B2S_G(v1, v5, v9, v13, m[s[2]], m[s[3]]);			\
	WG_B2S_G(v2, v6, v10, v14, m[s[4]], m[s[5]]);			\
	WG_B2S_G(v3, v7, v11, v15, m[s[6]], m[s[7]]);			\
	WG_B2S_G(v0, v5, v10, v15, m[s[8]], m[s[9]]);			\
	WG_B2S_G(v1, v6, v11, v12, m[s[10]], m[s[11]]);		\
	WG_B2S_G(v2, v7, v8, v13, m[s[12]], m[s[13]]);			\
	WG_B2S_G(v3, v4, v9, v14, m[s[14]], m[s[15]]);			\
} while (0)

/* Compresses nblocks consecutive 64-byte blocks; the byte counter grows by
 * inc for each (64, or the real length of the final, padded block). */
static void wg_blake2s_compress(struct wg_blake2s_state *state, const u8 *block,
				size_t nblocks, u32 inc)
{
	u32 m[16];
	u32 v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15;
	int i;

	while (nblocks--) {
		state->t[0] += inc;
		state->t[1] += (state->t[0] < inc);
		for (i = 0; i < 16; ++i)
			m[i] = get_unaligned_le32(block + i * 4);
		v0 = state->h[0]; v1 = state->h[1];
		v2 = state->h[2]; v3 = state->h[3];
		v4 = state->h[4]; v5 = state->h[5];
		v6 = state->h[6]; v7 = state->h[7];
		v8 = wg_blake2s_iv[0]; v9 = wg_blake2s_iv[1];
		v10 = wg_blake2s_iv[2]; v11 = wg_blake2s_iv[3];
		v12 = wg_blake2s_iv[4] ^ state->t[0];
		v13 = wg_blake2s_iv[5] ^ state->t[1];
		v14 = wg_blake2s_iv[6] ^ state->f[0];
		v15 = wg_blake2s_iv[7] ^ state->f[1];
		WG_B2S_ROUND(0);
		WG_B2S_ROUND(1);
		WG_B2S_ROUND(2);
		WG_B2S_ROUND(3);
		WG_B2S_ROUND(4);
		WG_B2S_ROUND(5);
		WG_B2S_ROUND(6);
		WG_B2S_ROUND(7);
		WG_B2S_ROUND(8);
		WG_B2S_ROUND(9);
		state->h[0] ^= v0 ^ v8;
		state->h[1] ^= v1 ^ v9;
		state->h[2] ^= v2 ^ v10;
		state->h[3] ^= v3 ^ v11;
		state->h[4] ^= v4 ^ v12;
		state->h[5] ^= v5 ^ v13;
		state->h[6] ^= v6 ^ v14;
		state->h[7] ^= v7 ^ v15;
		block += BLAKE2S_BLOCK_SIZE;
	}
	/* The message words may be key material (keyed hashing, HMAC). */
	memzero_explicit(m, sizeof(m));
}

#undef WG_B2S_ROUND
#undef WG_B2S_G

static void wg_blake2s_init_param(struct wg_blake2s_state *state, size_t outlen,
				  size_t keylen)
{
	memset(state, 0, sizeof(*state));
	memcpy(state->h, wg_blake2s_iv, sizeof(state->h));
	/* Parameter block word 0: digest length, key length, fanout 1, depth 1. */
	state->h[0] ^= 0x01010000U ^ ((u32)keylen << 8) ^ (u32)outlen;
	state->outlen = outlen;
}

/* Out-of-range lengths are caller bugs: warn, and never touch memory
 * beyond 32 bytes of output or key because of them. */
void wg_blake2s_init(struct wg_blake2s_state *state, size_t outlen)
{
	if (WARN_ON(!outlen || outlen > BLAKE2S_HASH_SIZE))
		outlen = BLAKE2S_HASH_SIZE;
	wg_blake2s_init_param(state, outlen, 0);
}

void wg_blake2s_init_key(struct wg_blake2s_state *state, size_t outlen,
			 const u8 *key, size_t keylen)
{
	if (WARN_ON(!outlen || outlen > BLAKE2S_HASH_SIZE))
		outlen = BLAKE2S_HASH_SIZE;
	if (WARN_ON(keylen > BLAKE2S_KEY_SIZE))
		keylen = BLAKE2S_KEY_SIZE;
	wg_blake2s_init_param(state, outlen, keylen);
	if (keylen) {
		/* The key, zero padded, is the first message block. */
		memcpy(state->buf, key, keylen);
		state->buflen = BLAKE2S_BLOCK_SIZE;
	}
}

void wg_blake2s_update(struct wg_blake2s_state *state, const u8 *in, size_t inlen)
{
	size_t fill = BLAKE2S_BLOCK_SIZE - state->buflen;

	if (!inlen)
		return;
	/* The last block is held back until final(), which must flag it. */
	if (inlen > fill) {
		memcpy(state->buf + state->buflen, in, fill);
		wg_blake2s_compress(state, state->buf, 1, BLAKE2S_BLOCK_SIZE);
		state->buflen = 0;
		in += fill;
		inlen -= fill;
	}
	if (inlen > BLAKE2S_BLOCK_SIZE) {
		size_t nblocks = DIV_ROUND_UP(inlen, BLAKE2S_BLOCK_SIZE) - 1;

		wg_blake2s_compress(state, in, nblocks, BLAKE2S_BLOCK_SIZE);
		in += nblocks * BLAKE2S_BLOCK_SIZE;
		inlen -= nblocks * BLAKE2S_BLOCK_SIZE;
	}
	memcpy(state->buf + state->buflen, in, inlen);
	state->buflen += inlen;
}

void wg_blake2s_final(struct wg_blake2s_state *state, u8 *out)
{
	u8 full[BLAKE2S_HASH_SIZE];
	int i;

	memset(state->buf + state->buflen, 0, BLAKE2S_BLOCK_SIZE - state->buflen);
	state->f[0] = U32_MAX;
	wg_blake2s_compress(state, state->buf, 1, state->buflen);
	for (i = 0; i < 8; ++i)
		put_unaligned_le32(state->h[i], full + i * 4);
	memcpy(out, full, state->outlen);
	memzero_explicit(full, sizeof(full));
	memzero_explicit(state, sizeof(*state));
}

void wg_blake2s(u8 *out, const u8 *in, const u8 *key, size_t outlen,
		size_t inlen, size_t keylen)
{
	struct wg_blake2s_state state;

	if (keylen)
		wg_blake2s_init_key(&state, outlen, key, keylen);
	else
		wg_blake2s_init(&state, outlen);
	wg_blake2s_update(&state, in, inlen);
	wg_blake2s_final(&state, out);
}

/* out may overlap in or key: it is written only at the end. */
void wg_blake2s_hmac(u8 out[BLAKE2S_HASH_SIZE], const u8 *in, const u8 *key,
		     size_t inlen, size_t keylen)
{
	struct wg_blake2s_state state;
	u8 pad[BLAKE2S_BLOCK_SIZE];
	u8 inner[BLAKE2S_HASH_SIZE];
	int i;

	memset(pad, 0, sizeof(pad));
	if (keylen > BLAKE2S_BLOCK_SIZE) {
		wg_blake2s_init(&state, BLAKE2S_HASH_SIZE);
		wg_blake2s_update(&state, key, keylen);
		wg_blake2s_final(&state, pad);
	} else {
		memcpy(pad, key, keylen);
	}

	for (i = 0; i < BLAKE2S_BLOCK_SIZE; ++i)
		pad[i] ^= 0x36;
	wg_blake2s_init(&state, BLAKE2S_HASH_SIZE);
	wg_blake2s_update(&state, pad, BLAKE2S_BLOCK_SIZE);
	wg_blake2s_update(&state, in, inlen);
	wg_blake2s_final(&state, inner);

	/* Turn the inner pad into the outer one: 0x36 ^ 0x6a = 0x5c. */
	for (i = 0; i < BLAKE2S_BLOCK_SIZE; ++i)
		pad[i] ^= 0x36 ^ 0x5c;
	wg_blake2s_init(&state, BLAKE2S_HASH_SIZE);
	wg_blake2s_update(&state, pad, BLAKE2S_BLOCK_SIZE);
	wg_blake2s_update(&state, inner, BLAKE2S_HASH_SIZE);
	wg_blake2s_final(&state, inner);

	memcpy(out, inner, BLAKE2S_HASH_SIZE);
	memzero_explicit(pad, sizeof(pad));
	memzero_explicit(inner, sizeof(inner));
}

/*
 * Self-test at module load.
 * 1) RFC 7693 Appendix E: digests of lengths 16/20/28/32, unkeyed and keyed,
 *    of inputs of lengths 0/3/64/65/255/1024 from a Fibonacci byte
 *    generator, all fed into one BLAKE2s-256 whose result is compared. The
 *    inputs are generated and hashed in chunks to keep the stack small.
 * 2) HMAC-BLAKE2s-256 of "wg-hmac" under key 00..1f (from Python's
 *    hmac.new(key, msg, hashlib.blake2s)).
 */
struct wg_b2s_fib {
	u32 a, b;
};

static void wg_b2s_fib_init(struct wg_b2s_fib *g, u32 seed)
{
	g->a = 0xdead4badU * seed;
	g->b = 1;
}

static void wg_b2s_fib_fill(struct wg_b2s_fib *g, u8 *out, size_t len)
{
	u32 t;

	while (len--) {
		t = g->a + g->b;
		g->a = g->b;
		g->b = t;
		*out++ = t >> 24;
	}
}

static void wg_b2s_selftest_one(u8 *md, size_t outlen, const u8 *key,
				size_t keylen, size_t inlen)
{
	struct wg_blake2s_state state;
	struct wg_b2s_fib gen;
	u8 chunk[BLAKE2S_BLOCK_SIZE];
	size_t n;

	wg_blake2s_init_key(&state, outlen, key, keylen);
	wg_b2s_fib_init(&gen, inlen);
	while (inlen) {
		n = min_t(size_t, inlen, sizeof(chunk) - 1); /* odd chunks: exercise buffering */
		wg_b2s_fib_fill(&gen, chunk, n);
		wg_blake2s_update(&state, chunk, n);
		inlen -= n;
	}
	wg_blake2s_final(&state, md);
}

bool wg_blake2s_selftest(void)
{
	static const u8 grand[BLAKE2S_HASH_SIZE] = {
		0x6a, 0x41, 0x1f, 0x08, 0xce, 0x25, 0xad, 0xcd,
		0xfb, 0x02, 0xab, 0xa6, 0x41, 0x45, 0x1c, 0xec,
		0x53, 0xc5, 0x98, 0xb2, 0x4f, 0x4f, 0xc7, 0x87,
		0xfb, 0xdc, 0x88, 0x79, 0x7f, 0x4c, 0x1d, 0xfe,
	};
	static const u8 hmac_expect[BLAKE2S_HASH_SIZE] = {
		0xb2, 0x92, 0xf4, 0x5a, 0x72, 0x7c, 0x15, 0x08,
		0x35, 0xe5, 0x3e, 0x2c, 0xf5, 0xe3, 0x98, 0xc0,
		0xe6, 0x5b, 0xdd, 0x95, 0xbd, 0xed, 0x8f, 0x0b,
		0xd5, 0xac, 0x1d, 0x1a, 0x83, 0x1a, 0xc0, 0x95,
	};
	static const u8 md_len[4] = { 16, 20, 28, 32 };
	static const u16 in_len[6] = { 0, 3, 64, 65, 255, 1024 };
	struct wg_blake2s_state all;
	struct wg_b2s_fib gen;
	u8 md[BLAKE2S_HASH_SIZE], key[BLAKE2S_KEY_SIZE];
	int i, j;

	wg_blake2s_init(&all, BLAKE2S_HASH_SIZE);
	for (i = 0; i < 4; ++i) {
		for (j = 0; j < 6; ++j) {
			wg_b2s_selftest_one(md, md_len[i], NULL, 0, in_len[j]);
			wg_blake2s_update(&all, md, md_len[i]);
			wg_b2s_fib_init(&gen, md_len[i]);
			wg_b2s_fib_fill(&gen, key, md_len[i]);
			wg_b2s_selftest_one(md, md_len[i], key, md_len[i], in_len[j]);
			wg_blake2s_update(&all, md, md_len[i]);
		}
	}
	wg_blake2s_final(&all, md);
	if (memcmp(md, grand, sizeof(md)))
		return false;

	for (i = 0; i < BLAKE2S_KEY_SIZE; ++i)
		key[i] = i;
	wg_blake2s_hmac(md, (const u8 *)"wg-hmac", key, 7, sizeof(key));
	return !memcmp(md, hmac_expect, sizeof(md));
}
