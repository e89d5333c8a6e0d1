// SPDX-License-Identifier: GPL-2.0
/*
 * Poly1305 (RFC 8439) with radix-2^64 limbs and 128-bit products.
 * h = h2:h1:h0 (h2 holds a few bits above 2^128), r = r1:r0. Because the
 * clamped r1 is a multiple of 4, h1 * r1 * 2^128 = h1 * (r1 / 4) * 2^130,
 * and 2^130 = 5 (mod p): that term folds down as h1 * (r1 + r1 / 4).
 */
#include "sym.h"

#ifdef __KERNEL__
#include <asm/unaligned.h>
typedef unsigned __int128 u128;
#endif

void wg_poly1305_init(struct wg_poly1305_ctx *ctx, const u8 key[POLY1305_KEY_SIZE])
{
	ctx->r[0] = get_unaligned_le64(key) & 0x0ffffffc0fffffffULL;
	ctx->r[1] = get_unaligned_le64(key + 8) & 0x0ffffffc0ffffffcULL;
	ctx->s[0] = get_unaligned_le64(key + 16);
	ctx->s[1] = get_unaligned_le64(key + 24);
	ctx->h[0] = 0;
	ctx->h[1] = 0;
	ctx->h[2] = 0;
	ctx->buflen = 0;
	ctx->pw_ready = 0;
}

/* h = h * r mod p, partially reduced (h2 <= 4 after). s1 = r1 + r1 / 4. */
static __always_inline void poly1305_mul(u64 *ph0, u64 *ph1, u64 *ph2, u64 r0,
					 u64 r1, u64 s1)
{
	u64 h0 = *ph0, h1 = *ph1, h2 = *ph2, c;
	u128 d0, d1;

	d0 = (u128)h0 * r0 + (u128)h1 * s1;
	d1 = (u128)h0 * r1 + (u128)h1 * r0 + (u128)h2 * s1;
	h2 = h2 * r0;
	h0 = (u64)d0;
	d1 += (u64)(d0 >> 64);
	h1 = (u64)d1;
	h2 += (u64)(d1 >> 64);

	/* bits 130 and up: times 5 back into the bottom */
	c = (h2 >> 2) + (h2 & ~3ULL);
	h2 &= 3;
	d0 = (u128)h0 + c;
	*ph0 = (u64)d0;
	d1 = (u128)h1 + (u64)(d0 >> 64);
	*ph1 = (u64)d1;
	*ph2 = h2 + (u64)(d1 >> 64);
}

/* Absorbs nblocks 16-byte blocks; hibit is 1 for full message blocks. */
static void poly1305_blocks(struct wg_poly1305_ctx *ctx, const u8 *in,
			    size_t nblocks, u64 hibit)
{
	const u64 r0 = ctx->r[0], r1 = ctx->r[1], s1 = r1 + (r1 >> 2);
	u64 h0 = ctx->h[0], h1 = ctx->h[1], h2 = ctx->h[2];
	u128 d;

	while (nblocks--) {
		d = (u128)h0 + get_unaligned_le64(in);
		h0 = (u64)d;
		d = (u128)h1 + get_unaligned_le64(in + 8) + (u64)(d >> 64);
		h1 = (u64)d;
		h2 += (u64)(d >> 64) + hibit;
		poly1305_mul(&h0, &h1, &h2, r0, r1, s1);
		in += 16;
	}
	ctx->h[0] = h0;
	ctx->h[1] = h1;
	ctx->h[2] = h2;
}

void wg_poly1305_reduce(u64 h[3])
{
	u64 c = (h[2] >> 2) + (h[2] & ~3ULL);
	u128 d;

	d = (u128)h[0] + c;
	h[0] = (u64)d;
	d = (u128)h[1] + (u64)(d >> 64);
	h[1] = (u64)d;
	h[2] = (h[2] & 3) + (u64)(d >> 64);
}

void wg_poly1305_mul_r(u64 h[3], const u64 r[2])
{
	poly1305_mul(&h[0], &h[1], &h[2], r[0], r[1], r[1] + (r[1] >> 2));
}

static void poly1305_update_generic(struct wg_poly1305_ctx *ctx, const u8 *in,
				    size_t len)
{
	size_t n;

	if (ctx->buflen) {
		n = min_t(size_t, len, 16 - ctx->buflen);
		memcpy(ctx->buf + ctx->buflen, in, n);
		ctx->buflen += n;
		in += n;
		len -= n;
		if (ctx->buflen < 16)
			return;
		poly1305_blocks(ctx, ctx->buf, 1, 1);
		ctx->buflen = 0;
	}
	if (len >= 16) {
		poly1305_blocks(ctx, in, len / 16, 1);
		in += len & ~(size_t)15;
		len &= 15;
	}
	if (len) {
		memcpy(ctx->buf, in, len);
		ctx->buflen = len;
	}
}

void wg_poly1305_update_simd(struct wg_poly1305_ctx *ctx, const u8 *in,
			     size_t len, unsigned int simd)
{
	size_t n;

	if (ctx->buflen) {
		n = min_t(size_t, len, 16 - ctx->buflen);
		poly1305_update_generic(ctx, in, n);
		in += n;
		len -= n;
	}
	if ((simd & WG_IMPL_AVX512IFMA) && len >= 512)
		n = wg_poly1305_ifma(ctx, in, len);
	else if ((simd & WG_IMPL_AVX512) && len >= 512)
		n = wg_poly1305_avx512(ctx, in, len);
	else if ((simd & (WG_IMPL_AVX2 | WG_IMPL_AVX512)) && len >= 256)
		n = wg_poly1305_avx2(ctx, in, len);
	else
		n = 0;
	poly1305_update_generic(ctx, in + n, len - n);
}

void wg_poly1305_update(struct wg_poly1305_ctx *ctx, const u8 *in, size_t len)
{
	poly1305_update_generic(ctx, in, len);
}

void wg_poly1305_final(struct wg_poly1305_ctx *ctx, u8 mac[POLY1305_MAC_SIZE])
{
	u64 h0, h1, h2, g0, g1, g2, mask;
	u128 t;

	if (ctx->buflen) {
		ctx->buf[ctx->buflen] = 1;
		memset(ctx->buf + ctx->buflen + 1, 0, 15 - ctx->buflen);
		poly1305_blocks(ctx, ctx->buf, 1, 0);
	}
	h0 = ctx->h[0];
	h1 = ctx->h[1];
	h2 = ctx->h[2];
	/* h < 2^131 here; h - p = h + 5 - 2^130: keep it if that is >= 0 */
	t = (u128)h0 + 5;
	g0 = (u64)t;
	t = (u128)h1 + (u64)(t >> 64);
	g1 = (u64)t;
	g2 = h2 + (u64)(t >> 64);
	mask = 0 - (g2 >> 2);	/* all ones iff h >= p */
	/* (h2 < 8 so h - p < p and one subtraction suffices) */
	h0 = (h0 & ~mask) | (g0 & mask);
	h1 = (h1 & ~mask) | (g1 & mask);

	t = (u128)h0 + ctx->s[0];
	put_unaligned_le64((u64)t, mac);
	t = (u128)h1 + ctx->s[1] + (u64)(t >> 64);
	put_unaligned_le64((u64)t, mac + 8);
	memzero_explicit(ctx, sizeof(*ctx));
}
