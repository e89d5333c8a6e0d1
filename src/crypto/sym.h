/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal to the ChaCha20 / Poly1305 sources: SIMD entry points and the
 * helpers that bracket them with kernel_fpu_begin/end.
 */
#ifndef WG_CRYPTO_SYM_H
#define WG_CRYPTO_SYM_H

#include "crypto.h"
#ifdef __KERNEL__
#include <asm/fpu/api.h>
#include <asm/simd.h>
#endif

/* Longest stretch of work done inside one FPU section (bounds the time
 * preemption is off in the kernel). */
#define WG_SIMD_CHUNK 4096U
#define WG_SIMD_MASK (WG_IMPL_SSSE3 | WG_IMPL_AVX2 | WG_IMPL_AVX512 | \
		      WG_IMPL_AVX512IFMA)

/* The SIMD paths usable in this context (0: use the portable code). */
static inline unsigned int wg_simd_get(void)
{
	unsigned int m = READ_ONCE(wg_crypto_enabled) & WG_SIMD_MASK;

	return m && may_use_simd() ? m : 0;
}

static inline void wg_simd_enter(unsigned int simd)
{
	if (simd)
		kernel_fpu_begin();
}

static inline void wg_simd_leave(unsigned int simd)
{
	if (simd)
		kernel_fpu_end();
}

/* XOR len bytes of keystream from state st into dst; st[12] advances by one
 * per started block. simd: mask from wg_simd_get(), FPU already entered. */
void wg_chacha20_xor(u32 st[16], u8 *dst, const u8 *src, size_t len,
		     unsigned int simd);
void wg_chacha20_block(u32 st[16], u8 out[CHACHA20_BLOCK_SIZE]);

/* The same contract, each for len > 0, with the named instruction set. */
void wg_chacha20_ssse3(u32 st[16], u8 *dst, const u8 *src, size_t len);
void wg_chacha20_avx2(u32 st[16], u8 *dst, const u8 *src, size_t len);
void wg_chacha20_avx512(u32 st[16], u8 *dst, const u8 *src, size_t len);

/* Poly1305 helpers for the SIMD code: h = h * r mod p (partially reduced),
 * and the fold of bits 130 and up of h. The N-way functions absorb as many
 * whole groups of N blocks as len holds and return the bytes used. */
void wg_poly1305_mul_r(u64 h[3], const u64 r[2]);
void wg_poly1305_reduce(u64 h[3]);
size_t wg_poly1305_avx2(struct wg_poly1305_ctx *ctx, const u8 *in, size_t len);
size_t wg_poly1305_avx512(struct wg_poly1305_ctx *ctx, const u8 *in, size_t len);
size_t wg_poly1305_ifma(struct wg_poly1305_ctx *ctx, const u8 *in, size_t len);
/* Poly1305 update that may use the SIMD paths in simd (FPU entered). */
void wg_poly1305_update_simd(struct wg_poly1305_ctx *ctx, const u8 *in,
			     size_t len, unsigned int simd);

#endif /* WG_CRYPTO_SYM_H */
