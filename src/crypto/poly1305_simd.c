// SPDX-License-Identifier: GPL-2.0
/*
 * Poly1305 over N blocks at a time (N = 4 with AVX2, 8 with AVX-512), in
 * 26-bit limbs held in 64-bit lanes (vpmuludq: 32x32->64). Lane j of group
 * i holds block N*i + j. Every group but the last is absorbed as
 * a = (a + m) * r^N; the last as a = (a + m) * r^(N-j) in lane j, so that
 * the sum of the lanes is the Horner result; the starting h sits in lane 0.
 * With AVX-512 IFMA (52-bit multiply-add) the same is done 8-way in
 * 44-bit limbs: 18 multiply-adds per group instead of 25 multiplies.
 */
#include "sym.h"

/* sparse does not know GCC vector extensions: it checks the rest only */
#ifndef __CHECKER__

#ifdef __KERNEL__
typedef unsigned __int128 u128;
#endif

typedef u64 v4q __attribute__((vector_size(32)));
typedef u64 v8q __attribute__((vector_size(64)));
typedef long long v8s __attribute__((vector_size(64)));
typedef s32 v8i __attribute__((vector_size(32)));
typedef s32 v16i __attribute__((vector_size(64)));
typedef u64 v4q_u __attribute__((vector_size(32), aligned(1), may_alias));
typedef u64 v8q_u __attribute__((vector_size(64), aligned(1), may_alias));

#define M26 0x3ffffffULL
#define MUL4(a, b) ((v4q)__builtin_ia32_pmuludq256((v8i)(a), (v8i)(b)))
#define MUL8(a, b) ((v8q)__builtin_ia32_pmuludq512_mask((v16i)(a), (v16i)(b), \
							 (v8s){}, 0xff))

/* 26-bit limbs of a radix-2^64 value below 2^131 (top limb < 2^27) */
static void to26(u32 l[5], const u64 h[3])
{
	l[0] = h[0] & M26;
	l[1] = (h[0] >> 26) & M26;
	l[2] = ((h[0] >> 52) | (h[1] << 12)) & M26;
	l[3] = (h[1] >> 14) & M26;
	l[4] = (h[1] >> 40) | (h[2] << 24);
}

/* pw[k] = limbs of r^(k+1), k < n */
static void powers(u32 pw[][5], unsigned int n, const u64 r[2])
{
	u64 p[3] = { r[0], r[1], 0 };
	unsigned int k;

	for (k = 0; k < n; k++) {
		to26(pw[k], p);
		wg_poly1305_mul_r(p, r);
	}
}

/* lanes' limbs (each below 2^30) back to radix 2^64, partially reduced */
static void from26(u64 h[3], u64 l0, u64 l1, u64 l2, u64 l3, u64 l4)
{
	u128 t;
	u64 c;

	l1 += l0 >> 26; l0 &= M26;
	l2 += l1 >> 26; l1 &= M26;
	l3 += l2 >> 26; l2 &= M26;
	l4 += l3 >> 26; l3 &= M26;
	c = l4 >> 26; l4 &= M26;
	l0 += c * 5;
	l1 += l0 >> 26; l0 &= M26;
	t = (u128)l0 + ((u128)l1 << 26) + ((u128)l2 << 52);
	h[0] = (u64)t;
	t = (t >> 64) + ((u128)l3 << 14) + ((u128)l4 << 40);
	h[1] = (u64)t;
	h[2] = (u64)(t >> 64);
}

/* a = a * (r, s = 5r) with the carries that bring limbs back under 2^27 */
#define MULR(MUL, r, s) do {						\
	d0 = MUL(a0, r[0]) + MUL(a1, s[4]) + MUL(a2, s[3]) + MUL(a3, s[2]) + MUL(a4, s[1]); \
	d1 = MUL(a0, r[1]) + MUL(a1, r[0]) + MUL(a2, s[4]) + MUL(a3, s[3]) + MUL(a4, s[2]); \
	d2 = MUL(a0, r[2]) + MUL(a1, r[1]) + MUL(a2, r[0]) + MUL(a3, s[4]) + MUL(a4, s[3]); \
	d3 = MUL(a0, r[3]) + MUL(a1, r[2]) + MUL(a2, r[1]) + MUL(a3, r[0]) + MUL(a4, s[4]); \
	d4 = MUL(a0, r[4]) + MUL(a1, r[3]) + MUL(a2, r[2]) + MUL(a3, r[1]) + MUL(a4, r[0]); \
	d1 += d0 >> 26; d0 &= M26;					\
	d4 += d3 >> 26; d3 &= M26;					\
	d2 += d1 >> 26; d1 &= M26;					\
	d0 += (d4 >> 26) * 5; d4 &= M26;				\
	d3 += d2 >> 26; d2 &= M26;					\
	d1 += d0 >> 26; d0 &= M26;					\
	d4 += d3 >> 26; d3 &= M26;					\
	a0 = d0; a1 = d1; a2 = d2; a3 = d3; a4 = d4;			\
} while (0)

/* adds the next group of N blocks: lo/hi = first/second 8 bytes of each */
#define ADDM(lo, hi) do {						\
	a0 += (lo) & M26;						\
	a1 += ((lo) >> 26) & M26;					\
	a2 += (((lo) >> 52) | ((hi) << 12)) & M26;			\
	a3 += ((hi) >> 14) & M26;					\
	a4 += ((hi) >> 40) | (1 << 24);					\
} while (0)

/* Absorbs len / (16 N) groups (at least one); returns the bytes used. */
#define DEFINE_POLY_NWAY(name, tgt, V, VU, N, MUL, LOAD)		\
__attribute__((target(tgt))) size_t					\
name(struct wg_poly1305_ctx *ctx, const u8 *in, size_t len)		\
{									\
	size_t groups = len / (16 * N), g;				\
	V a0, a1, a2, a3, a4, d0, d1, d2, d3, d4, lo, hi;		\
	V rn[5], sn[5], rf[5], sf[5];					\
	u32 pw[N][5], h26[5];						\
	int i, j;							\
									\
	powers(pw, N, ctx->r);						\
	for (i = 0; i < 5; i++) {					\
		rn[i] = (V){} + pw[N - 1][i];				\
		for (j = 0; j < N; j++)					\
			rf[i][j] = pw[N - 1 - j][i];			\
		sn[i] = rn[i] * 5;					\
		sf[i] = rf[i] * 5;					\
	}								\
	to26(h26, ctx->h);						\
	a0 = (V){ h26[0] }; a1 = (V){ h26[1] }; a2 = (V){ h26[2] };	\
	a3 = (V){ h26[3] }; a4 = (V){ h26[4] };				\
	for (g = 0; g < groups; g++, in += 16 * N) {			\
		LOAD;							\
		ADDM(lo, hi);						\
		if (g + 1 < groups)					\
			MULR(MUL, rn, sn);				\
		else							\
			MULR(MUL, rf, sf);				\
	}								\
	d0 = a0; d1 = a1; d2 = a2; d3 = a3; d4 = a4;			\
	for (j = 1; j < N; j++) {					\
		d0[0] += a0[j]; d1[0] += a1[j]; d2[0] += a2[j];		\
		d3[0] += a3[j]; d4[0] += a4[j];				\
	}								\
	from26(ctx->h, d0[0], d1[0], d2[0], d3[0], d4[0]);		\
	wg_poly1305_reduce(ctx->h);					\
	return groups * 16 * N;						\
}

#define LOAD4 do {							\
	v4q x_ = *(const v4q_u *)in, y_ = *(const v4q_u *)(in + 32);	\
	lo = __builtin_shuffle(x_, y_, (v4q){ 0, 2, 4, 6 });		\
	hi = __builtin_shuffle(x_, y_, (v4q){ 1, 3, 5, 7 });		\
} while (0)
#define LOAD8 do {							\
	v8q x_ = *(const v8q_u *)in, y_ = *(const v8q_u *)(in + 64);	\
	lo = __builtin_shuffle(x_, y_, (v8q){ 0, 2, 4, 6, 8, 10, 12, 14 }); \
	hi = __builtin_shuffle(x_, y_, (v8q){ 1, 3, 5, 7, 9, 11, 13, 15 }); \
} while (0)

DEFINE_POLY_NWAY(wg_poly1305_avx2, "avx2", v4q, v4q_u, 4, MUL4, LOAD4)
DEFINE_POLY_NWAY(wg_poly1305_avx512, "avx512f", v8q, v8q_u, 8, MUL8, LOAD8)

/* ---- 8-way in radix 2^44 (limbs of 44, 44, 42 bits) with IFMA ---- */
#define M44 0xfffffffffffULL
#define M42 0x3ffffffffffULL
#define MADLO(acc, a, b) (acc = (v8q)__builtin_ia32_vpmadd52luq512_mask(	\
	(v8s)(acc), (v8s)(a), (v8s)(b), 0xff))
#define MADHI(acc, a, b) (acc = (v8q)__builtin_ia32_vpmadd52huq512_mask(	\
	(v8s)(acc), (v8s)(a), (v8s)(b), 0xff))
/* lo and hi halves of a0 * x + a1 * y + a2 * z into l and h. Chained
 * accumulation: fewer instructions than separate sums, and the loop is
 * bound by throughput, not by this latency. */
#define MAD3(l, h, x, y, z) do {					\
	l = h = (v8q){};						\
	MADLO(l, a0, x); MADHI(h, a0, x);				\
	MADLO(l, a1, y); MADHI(h, a1, y);				\
	MADLO(l, a2, z); MADHI(h, a2, z);				\
} while (0)

static void to44(u64 l[3], const u64 h[3])
{
	l[0] = h[0] & M44;
	l[1] = ((h[0] >> 44) | (h[1] << 20)) & M44;
	l[2] = (h[1] >> 24) | (h[2] << 40);
}

/* limbs below 2^50 back to radix 2^64, partially reduced */
static void from44(u64 h[3], u64 l0, u64 l1, u64 l2)
{
	u128 t;

	l1 += l0 >> 44; l0 &= M44;
	l2 += l1 >> 44; l1 &= M44;
	l0 += (l2 >> 42) * 5; l2 &= M42;
	l1 += l0 >> 44; l0 &= M44;
	t = (u128)l0 + ((u128)l1 << 44);
	h[0] = (u64)t;
	t = (t >> 64) + ((u128)l2 << 24);
	h[1] = (u64)t;
	h[2] = (u64)(t >> 64);
}

/*
 * a * r with 2^130 = 5: the a1 * r2 and a2 * r1 terms (weight 2^132) and
 * a2 * r2 (2^176) fold down with s = 20 r. The high halves (bits 52 and up
 * of each product) belong 8 bits up in the next limb; those of the top limb
 * sit at 2^140 = 2^10 * 2^130, i.e. 5 * 2^10 at the bottom.
 */
__attribute__((target("avx512f,avx512ifma"))) size_t
wg_poly1305_ifma(struct wg_poly1305_ctx *ctx, const u8 *in, size_t len)
{
	size_t groups = len / 128, g;
	v8q a0, a1, a2, l0, l1, l2, h0, h1, h2, lo, hi;
	v8q rn[3], sn[3], rf[3], sf[3], *r, *s;
	u64 p[3] = { ctx->r[0], ctx->r[1], 0 }, h44[3];
	int i, j;

	/* once per message: the AEAD calls this once per 4 KiB FPU section */
	for (j = 7; j >= 0 && !ctx->pw_ready; j--) {
		to44(h44, p);
		for (i = 0; i < 3; i++)
			ctx->pw44[i][j] = h44[i];
		wg_poly1305_mul_r(p, ctx->r);
	}
	ctx->pw_ready = 1;
	memzero_explicit(p, sizeof(p));
	for (i = 0; i < 3; i++) {
		rf[i] = *(const v8q_u *)ctx->pw44[i];
		rn[i] = (v8q){} + ctx->pw44[i][0];
		sn[i] = rn[i] * 20;
		sf[i] = rf[i] * 20;
	}
	to44(h44, ctx->h);
	a0 = (v8q){ h44[0] };
	a1 = (v8q){ h44[1] };
	a2 = (v8q){ h44[2] };
	for (g = 0; g < groups; g++, in += 128) {
		LOAD8;
		a0 += lo & M44;
		a1 += ((lo >> 44) | (hi << 20)) & M44;
		a2 += (hi >> 24) | (1ULL << 40);
		r = g + 1 < groups ? rn : rf;
		s = g + 1 < groups ? sn : sf;
		MAD3(l0, h0, r[0], s[2], s[1]);
		MAD3(l1, h1, r[1], r[0], s[2]);
		MAD3(l2, h2, r[2], r[1], r[0]);
		l0 += (h2 << 12) + (h2 << 10);
		l1 += h0 << 8;
		l2 += h1 << 8;
		/* one round of carries, side by side: limbs end below
		 * 2^44 + 2^16, plenty of room under IFMA's 52 bits */
		a0 = (l0 & M44) + (l2 >> 42) * 5;
		a1 = (l1 & M44) + (l0 >> 44);
		a2 = (l2 & M42) + (l1 >> 44);
	}
	for (j = 1; j < 8; j++) {
		a0[0] += a0[j];
		a1[0] += a1[j];
		a2[0] += a2[j];
	}
	from44(ctx->h, a0[0], a1[0], a2[0]);
	wg_poly1305_reduce(ctx->h);
	return groups * 128;
}
#endif /* __CHECKER__ */
