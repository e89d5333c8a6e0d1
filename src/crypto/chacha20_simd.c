// SPDX-License-Identifier: GPL-2.0
/*
 * Multi-block ChaCha20 with GCC vector extensions: 4 blocks with SSSE3,
 * 8 with AVX2, 16 with AVX-512. Vector k holds state word k of every block
 * ("vertical" layout); after the rounds, 4x4 transposes of 32-bit words and
 * of 128-bit lanes turn the words back into consecutive block bytes.
 * No <immintrin.h> (unusable in kernel builds): each function carries its
 * own target attribute, callers bracket it with kernel_fpu_begin/end.
 */
#include "sym.h"

/* sparse does not know GCC vector extensions: it checks the rest only */
#ifndef __CHECKER__

typedef u32 v4u __attribute__((vector_size(16)));
typedef u32 v8u __attribute__((vector_size(32)));
typedef u32 v16u __attribute__((vector_size(64)));
typedef u8 v16b __attribute__((vector_size(16)));
typedef u8 v32b __attribute__((vector_size(32)));
/* unaligned, aliasing views for loads and stores */
typedef u32 v4u_u __attribute__((vector_size(16), aligned(1), may_alias));
typedef u32 v8u_u __attribute__((vector_size(32), aligned(1), may_alias));
typedef u32 v16u_u __attribute__((vector_size(64), aligned(1), may_alias));

#define SHL(v, n) (((v) << (n)) | ((v) >> (32 - (n))))
#define SH2(a, b, ...) __builtin_shuffle(a, b, (__typeof__(a)){ __VA_ARGS__ })

/* byte rotations by 16 and 8 bits: one pshufb instead of three shifts */
#define R16B 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13
#define R8B 3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14
#define ROT16_4(v) ((v4u)__builtin_shuffle((v16b)(v), (v16b){ R16B }))
#define ROT8_4(v) ((v4u)__builtin_shuffle((v16b)(v), (v16b){ R8B }))
#define R16B_HI 18, 19, 16, 17, 22, 23, 20, 21, 26, 27, 24, 25, 30, 31, 28, 29
#define R8B_HI 19, 16, 17, 18, 23, 20, 21, 22, 27, 24, 25, 26, 31, 28, 29, 30
#define ROT16_8(v) ((v8u)__builtin_shuffle((v32b)(v), (v32b){ R16B, R16B_HI }))
#define ROT8_8(v) ((v8u)__builtin_shuffle((v32b)(v), (v32b){ R8B, R8B_HI }))

#define QR(a, b, c, d, R16, R8)						\
	a += b; d = R16(d ^ a);						\
	c += d; b = SHL(b ^ c, 12);					\
	a += b; d = R8(d ^ a);						\
	c += d; b = SHL(b ^ c, 7)

/* Loads the state into x0..x15 (block i gets counter st[12] + i), runs the
 * 20 rounds and adds the input back. */
#define CHACHA_BODY(V, N, R16, R8, ...) do {				\
	const V ctr = { __VA_ARGS__ };					\
	int r_;								\
	x0 = (V){} + st[0]; x1 = (V){} + st[1]; x2 = (V){} + st[2];	\
	x3 = (V){} + st[3]; x4 = (V){} + st[4]; x5 = (V){} + st[5];	\
	x6 = (V){} + st[6]; x7 = (V){} + st[7]; x8 = (V){} + st[8];	\
	x9 = (V){} + st[9]; x10 = (V){} + st[10]; x11 = (V){} + st[11];	\
	x12 = (V){} + st[12] + ctr; x13 = (V){} + st[13];		\
	x14 = (V){} + st[14]; x15 = (V){} + st[15];			\
	for (r_ = 0; r_ < 10; r_++) {					\
		QR(x0, x4, x8, x12, R16, R8);				\
		QR(x1, x5, x9, x13, R16, R8);				\
		QR(x2, x6, x10, x14, R16, R8);				\
		QR(x3, x7, x11, x15, R16, R8);				\
		QR(x0, x5, x10, x15, R16, R8);				\
		QR(x1, x6, x11, x12, R16, R8);				\
		QR(x2, x7, x8, x13, R16, R8);				\
		QR(x3, x4, x9, x14, R16, R8);				\
	}								\
	x0 += st[0]; x1 += st[1]; x2 += st[2]; x3 += st[3];		\
	x4 += st[4]; x5 += st[5]; x6 += st[6]; x7 += st[7];		\
	x8 += st[8]; x9 += st[9]; x10 += st[10]; x11 += st[11];		\
	x12 += st[12] + ctr; x13 += st[13]; x14 += st[14]; x15 += st[15]; \
} while (0)

/* 4x4 transpose of 32-bit words inside every 128-bit lane; L is the
 * number of lanes (1, 2, 4). Afterwards a holds word 0..3 of block 0 of
 * each lane, b of block 1, and so on. */
#define LO32_1 0, 4, 1, 5
#define HI32_1 2, 6, 3, 7
#define LO64_1 0, 1, 4, 5
#define HI64_1 2, 3, 6, 7
#define LO32_2 0, 8, 1, 9, 4, 12, 5, 13
#define HI32_2 2, 10, 3, 11, 6, 14, 7, 15
#define LO64_2 0, 1, 8, 9, 4, 5, 12, 13
#define HI64_2 2, 3, 10, 11, 6, 7, 14, 15
#define LO32_4 0, 16, 1, 17, 4, 20, 5, 21, 8, 24, 9, 25, 12, 28, 13, 29
#define HI32_4 2, 18, 3, 19, 6, 22, 7, 23, 10, 26, 11, 27, 14, 30, 15, 31
#define LO64_4 0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29
#define HI64_4 2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31
#define TRANSPOSE4(a, b, c, d, L) do {					\
	__typeof__(a) t0_ = SH2(a, b, LO32_##L), t1_ = SH2(c, d, LO32_##L); \
	__typeof__(a) t2_ = SH2(a, b, HI32_##L), t3_ = SH2(c, d, HI32_##L); \
	a = SH2(t0_, t1_, LO64_##L); b = SH2(t0_, t1_, HI64_##L);	\
	c = SH2(t2_, t3_, LO64_##L); d = SH2(t2_, t3_, HI64_##L);	\
} while (0)

#define TRANSPOSE_ALL(L) do {						\
	TRANSPOSE4(x0, x1, x2, x3, L); TRANSPOSE4(x4, x5, x6, x7, L);	\
	TRANSPOSE4(x8, x9, x10, x11, L); TRANSPOSE4(x12, x13, x14, x15, L); \
} while (0)

/* Stores vector v as keystream bytes off..off+sizeof(v): XORed straight
 * into dst when all of them are wanted, else (for the one vector that
 * straddles len) into the bounce buffer. */
#define OUT(VU, off, v) do {						\
	if ((off) + sizeof(VU) <= len)					\
		*(VU *)(dst + (off)) = *(const VU *)(src + (off)) ^ (v);	\
	else if ((off) < len)						\
		*(VU *)buf = (v);					\
} while (0)

/* the bytes of a vector that was only partly wanted */
#define FINISH(VU) do {							\
	size_t b_ = len & ~(sizeof(VU) - 1), i_;			\
									\
	if (b_ < len) {							\
		for (i_ = b_; i_ < len; i_++)				\
			dst[i_] = src[i_] ^ buf[i_ - b_];		\
		memzero_explicit(buf, sizeof(buf));			\
	}								\
	st[12] += DIV_ROUND_UP(len, CHACHA20_BLOCK_SIZE);		\
} while (0)

/* Each *_way function handles 0 < len <= N * 64 bytes. */
#define DEFINE_4WAY(name, tgt)						\
static __attribute__((target(tgt))) void name(u32 st[16], u8 *dst,	\
					     const u8 *src, size_t len)	\
{									\
	v4u x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13,	\
	    x14, x15;							\
	u8 buf[16] __aligned(16);					\
									\
	CHACHA_BODY(v4u, 4, ROT16_4, ROT8_4, 0, 1, 2, 3);		\
	TRANSPOSE_ALL(1);						\
	OUT(v4u_u, 0, x0); OUT(v4u_u, 16, x4); OUT(v4u_u, 32, x8); OUT(v4u_u, 48, x12); \
	OUT(v4u_u, 64, x1); OUT(v4u_u, 80, x5); OUT(v4u_u, 96, x9); OUT(v4u_u, 112, x13); \
	OUT(v4u_u, 128, x2); OUT(v4u_u, 144, x6); OUT(v4u_u, 160, x10); OUT(v4u_u, 176, x14); \
	OUT(v4u_u, 192, x3); OUT(v4u_u, 208, x7); OUT(v4u_u, 224, x11); OUT(v4u_u, 240, x15); \
	FINISH(v4u_u);							\
}

/* 128-bit lane selections of two 256-bit vectors */
#define LANES_LO_8 0, 1, 2, 3, 8, 9, 10, 11
#define LANES_HI_8 4, 5, 6, 7, 12, 13, 14, 15
#define OUT8(j, a, b, c, d) do {					\
	OUT(v8u_u, 64 * (j), SH2(a, b, LANES_LO_8));			\
	OUT(v8u_u, 64 * (j) + 32, SH2(c, d, LANES_LO_8));		\
	OUT(v8u_u, 64 * (j) + 256, SH2(a, b, LANES_HI_8));		\
	OUT(v8u_u, 64 * (j) + 288, SH2(c, d, LANES_HI_8));		\
} while (0)

#define DEFINE_8WAY(name, tgt, R16, R8)					\
static __attribute__((target(tgt))) void name(u32 st[16], u8 *dst,	\
					     const u8 *src, size_t len)	\
{									\
	v8u x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13,	\
	    x14, x15;							\
	u8 buf[32] __aligned(32);					\
									\
	CHACHA_BODY(v8u, 8, R16, R8, 0, 1, 2, 3, 4, 5, 6, 7);		\
	TRANSPOSE_ALL(2);						\
	OUT8(0, x0, x4, x8, x12); OUT8(1, x1, x5, x9, x13);		\
	OUT8(2, x2, x6, x10, x14); OUT8(3, x3, x7, x11, x15);		\
	FINISH(v8u_u);							\
}

/* vshufi32x4 patterns: lanes (a0, a2, b0, b2) and (a1, a3, b1, b3) */
#define L02_16 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27
#define L13_16 4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31
/* Block j + 4k is lane k of a, b, c, d (words 0-3, 4-7, 8-11, 12-15). */
#define OUT16(j, a, b, c, d) do {					\
	v16u p_ = SH2(a, b, L02_16), q_ = SH2(a, b, L13_16);		\
	v16u r_ = SH2(c, d, L02_16), s_ = SH2(c, d, L13_16);		\
	OUT(v16u_u, 64 * (j), SH2(p_, r_, L02_16));			\
	OUT(v16u_u, 64 * (j) + 256, SH2(q_, s_, L02_16));		\
	OUT(v16u_u, 64 * (j) + 512, SH2(p_, r_, L13_16));		\
	OUT(v16u_u, 64 * (j) + 768, SH2(q_, s_, L13_16));		\
} while (0)

#define ROTV(v, n) SHL(v, n)
#define DEFINE_16WAY(name, tgt)						\
static __attribute__((target(tgt))) void name(u32 st[16], u8 *dst,	\
					     const u8 *src, size_t len)	\
{									\
	v16u x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13,	\
	     x14, x15;							\
	u8 buf[64] __aligned(64);					\
									\
	CHACHA_BODY(v16u, 16, ROT16_16, ROT8_16, 0, 1, 2, 3, 4, 5, 6, 7, 8, \
		    9, 10, 11, 12, 13, 14, 15);				\
	TRANSPOSE_ALL(4);						\
	OUT16(0, x0, x4, x8, x12); OUT16(1, x1, x5, x9, x13);		\
	OUT16(2, x2, x6, x10, x14); OUT16(3, x3, x7, x11, x15);		\
	FINISH(v16u_u);							\
}

/* AVX-512 rotates natively (vprold) */
#define ROT16_16(v) SHL(v, 16)
#define ROT8_16(v) SHL(v, 8)
#define ROT16_8V(v) SHL(v, 16)
#define ROT8_8V(v) SHL(v, 8)

DEFINE_4WAY(chacha20_4way_ssse3, "ssse3")
DEFINE_4WAY(chacha20_4way_avx2, "avx2")
DEFINE_8WAY(chacha20_8way_avx2, "avx2", ROT16_8, ROT8_8)
DEFINE_8WAY(chacha20_8way_avx512, "avx512f,avx512vl", ROT16_8V, ROT8_8V)
DEFINE_16WAY(chacha20_16way_avx512, "avx512f")

void wg_chacha20_ssse3(u32 st[16], u8 *dst, const u8 *src, size_t len)
{
	size_t n;

	for (; len; len -= n, dst += n, src += n) {
		n = min_t(size_t, len, 4 * 64);
		chacha20_4way_ssse3(st, dst, src, n);
	}
}

void wg_chacha20_avx2(u32 st[16], u8 *dst, const u8 *src, size_t len)
{
	size_t n;

	for (; len; len -= n, dst += n, src += n) {
		n = min_t(size_t, len, 8 * 64);
		if (n > 4 * 64)
			chacha20_8way_avx2(st, dst, src, n);
		else
			chacha20_4way_avx2(st, dst, src, n);
	}
}

void wg_chacha20_avx512(u32 st[16], u8 *dst, const u8 *src, size_t len)
{
	size_t n;

	for (; len; len -= n, dst += n, src += n) {
		n = min_t(size_t, len, 16 * 64);
		if (n > 8 * 64)
			chacha20_16way_avx512(st, dst, src, n);
		else if (n > 4 * 64)
			chacha20_8way_avx512(st, dst, src, n);
		else
			chacha20_4way_avx2(st, dst, src, n);
	}
}
#endif /* __CHECKER__ */
