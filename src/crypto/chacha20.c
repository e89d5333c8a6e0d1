// SPDX-License-Identifier: GPL-2.0
/*
 * ChaCha20 and HChaCha20 (RFC 8439, draft-irtf-cfrg-xchacha): the portable
 * block function and the dispatch to the multi-block SIMD code.
 */
#include "sym.h"

#ifdef __KERNEL__
#include <asm/unaligned.h>
#include <linux/module.h>
#endif

/* "expand 32-byte k" */
static const u32 chacha20_sigma[4] = {
	0x61707865, 0x3320646e, 0x79622d32, 0x6b206574
};

#define QUARTER(a, b, c, d) do {				\
	a += b; d = rol32(d ^ a, 16);				\
	c += d; b = rol32(b ^ c, 12);				\
	a += b; d = rol32(d ^ a, 8);				\
	c += d; b = rol32(b ^ c, 7);				\
} while (0)

static void chacha20_permute(u32 x[16])
{
	int i;

	for (i = 0; i < 10; i++) {
		QUARTER(x[0], x[4], x[8], x[12]);
		QUARTER(x[1], x[5], x[9], x[13]);
		QUARTER(x[2], x[6], x[10], x[14]);
		QUARTER(x[3], x[7], x[11], x[15]);
		QUARTER(x[0], x[5], x[10], x[15]);
		QUARTER(x[1], x[6], x[11], x[12]);
		QUARTER(x[2], x[7], x[8], x[13]);
		QUARTER(x[3], x[4], x[9], x[14]);
	}
}

static void chacha20_setup(u32 st[16], const u8 key[CHACHA20_KEY_SIZE])
{
	int i;

	for (i = 0; i < 4; i++)
		st[i] = chacha20_sigma[i];
	for (i = 0; i < 8; i++)
		st[4 + i] = get_unaligned_le32(key + 4 * i);
}

void wg_chacha20_init(struct wg_chacha20_ctx *ctx, const u8 key[CHACHA20_KEY_SIZE],
		      u32 counter, const u8 nonce[12])
{
	chacha20_setup(ctx->state, key);
	ctx->state[12] = counter;
	ctx->state[13] = get_unaligned_le32(nonce);
	ctx->state[14] = get_unaligned_le32(nonce + 4);
	ctx->state[15] = get_unaligned_le32(nonce + 8);
}

void wg_chacha20_block(u32 st[16], u8 out[CHACHA20_BLOCK_SIZE])
{
	u32 x[16];
	int i;

	memcpy(x, st, sizeof(x));
	chacha20_permute(x);
	for (i = 0; i < 16; i++)
		put_unaligned_le32(x[i] + st[i], out + 4 * i);
	st[12]++;
	memzero_explicit(x, sizeof(x));
}

static void chacha20_generic(u32 st[16], u8 *dst, const u8 *src, size_t len)
{
	u8 ks[CHACHA20_BLOCK_SIZE];
	size_t i, n;

	while (len) {
		wg_chacha20_block(st, ks);
		n = min_t(size_t, len, CHACHA20_BLOCK_SIZE);
		for (i = 0; i + 8 <= n; i += 8)
			put_unaligned_le64(get_unaligned_le64(src + i) ^
					   get_unaligned_le64(ks + i), dst + i);
		for (; i < n; i++)
			dst[i] = src[i] ^ ks[i];
		dst += n;
		src += n;
		len -= n;
	}
	memzero_explicit(ks, sizeof(ks));
}

void wg_chacha20_xor(u32 st[16], u8 *dst, const u8 *src, size_t len,
		     unsigned int simd)
{
	if ((simd & WG_IMPL_AVX512) && len > 2 * CHACHA20_BLOCK_SIZE)
		wg_chacha20_avx512(st, dst, src, len);
	else if ((simd & (WG_IMPL_AVX2 | WG_IMPL_AVX512)) && len > CHACHA20_BLOCK_SIZE)
		wg_chacha20_avx2(st, dst, src, len);
	else if ((simd & WG_SIMD_MASK) && len > CHACHA20_BLOCK_SIZE)
		wg_chacha20_ssse3(st, dst, src, len);
	else
		chacha20_generic(st, dst, src, len);
}

void wg_chacha20_crypt(struct wg_chacha20_ctx *ctx, u8 *dst, const u8 *src,
		       size_t len)
{
	unsigned int simd = len > CHACHA20_BLOCK_SIZE ? wg_simd_get() : 0;
	size_t n;

	while (len) {
		n = simd ? min_t(size_t, len, WG_SIMD_CHUNK) : len;
		wg_simd_enter(simd);
		wg_chacha20_xor(ctx->state, dst, src, n, simd);
		wg_simd_leave(simd);
		dst += n;
		src += n;
		len -= n;
	}
}

void wg_hchacha20(u8 out[32], const u8 nonce[HCHACHA20_NONCE_SIZE],
		  const u8 key[CHACHA20_KEY_SIZE])
{
	u32 x[16];
	int i;

	chacha20_setup(x, key);
	for (i = 0; i < 4; i++)
		x[12 + i] = get_unaligned_le32(nonce + 4 * i);
	chacha20_permute(x);
	for (i = 0; i < 4; i++) {
		put_unaligned_le32(x[i], out + 4 * i);
		put_unaligned_le32(x[12 + i], out + 16 + 4 * i);
	}
	memzero_explicit(x, sizeof(x));
}
