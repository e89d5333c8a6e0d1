// SPDX-License-Identifier: GPL-2.0
/*
 * X25519 (RFC 7748) in constant time.
 *
 * Portable path: field elements mod p = 2^255 - 19 are five 51-bit limbs
 * (radix 2^51), products are accumulated in unsigned 128-bit integers, and
 * 2^255 = 19 folds the high half back. On x86_64 CPUs with BMI2 and ADX a
 * second path (below) uses four 64-bit limbs and mulx/adcx/adox; it is
 * chosen at run time through wg_crypto_use(WG_IMPL_BMI2_ADX).
 *
 * Both run the Montgomery ladder over all 255 scalar bits with a mask-based
 * conditional swap, and share one safegcd inversion: no branch and no
 * memory index depends on the secret scalar or on any intermediate value
 * (src/tests/unit/ct_target.c checks this under valgrind).
 */
#include "crypto.h"

#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/random.h>
#include <asm/unaligned.h>
typedef unsigned __int128 u128;
#endif

typedef u64 fe[5];

#define WG_MASK51 ((u64)0x7ffffffffffffULL)

static void fe_frombytes(fe h, const u8 s[32])
{
	u64 a0 = get_unaligned_le64(s);
	u64 a1 = get_unaligned_le64(s + 8);
	u64 a2 = get_unaligned_le64(s + 16);
	u64 a3 = get_unaligned_le64(s + 24);

	/* Bit 255 is ignored, as RFC 7748 requires for u-coordinates. */
	h[0] = a0 & WG_MASK51;
	h[1] = ((a0 >> 51) | (a1 << 13)) & WG_MASK51;
	h[2] = ((a1 >> 38) | (a2 << 26)) & WG_MASK51;
	h[3] = ((a2 >> 25) | (a3 << 39)) & WG_MASK51;
	h[4] = (a3 >> 12) & WG_MASK51;
}

/* Writes the unique representative in [0, p). Limbs may be up to ~2^54. */
static void fe_tobytes(u8 s[32], const fe f)
{
	u64 h0 = f[0], h1 = f[1], h2 = f[2], h3 = f[3], h4 = f[4], q;

	/* Two carry passes bring every limb below 2^51 (h < 2^255 + small). */
	h1 += h0 >> 51; h0 &= WG_MASK51;
	h2 += h1 >> 51; h1 &= WG_MASK51;
	h3 += h2 >> 51; h2 &= WG_MASK51;
	h4 += h3 >> 51; h3 &= WG_MASK51;
	h0 += 19 * (h4 >> 51); h4 &= WG_MASK51;
	h1 += h0 >> 51; h0 &= WG_MASK51;
	h2 += h1 >> 51; h1 &= WG_MASK51;
	h3 += h2 >> 51; h2 &= WG_MASK51;
	h4 += h3 >> 51; h3 &= WG_MASK51;
	h0 += 19 * (h4 >> 51); h4 &= WG_MASK51;

	/* Now h < 2^255. q = 1 iff h >= p, i.e. iff h + 19 carries out of bit 255. */
	q = (h0 + 19) >> 51;
	q = (h1 + q) >> 51;
	q = (h2 + q) >> 51;
	q = (h3 + q) >> 51;
	q = (h4 + q) >> 51;

	/* Subtract q * p: add 19q and drop bit 255. */
	h0 += 19 * q;
	h1 += h0 >> 51; h0 &= WG_MASK51;
	h2 += h1 >> 51; h1 &= WG_MASK51;
	h3 += h2 >> 51; h2 &= WG_MASK51;
	h4 += h3 >> 51; h3 &= WG_MASK51;
	h4 &= WG_MASK51;

	put_unaligned_le64(h0 | (h1 << 51), s);
	put_unaligned_le64((h1 >> 13) | (h2 << 38), s + 8);
	put_unaligned_le64((h2 >> 26) | (h3 << 25), s + 16);
	put_unaligned_le64((h3 >> 39) | (h4 << 12), s + 24);
}

static __always_inline void fe_add(fe h, const fe f, const fe g)
{
	h[0] = f[0] + g[0];
	h[1] = f[1] + g[1];
	h[2] = f[2] + g[2];
	h[3] = f[3] + g[3];
	h[4] = f[4] + g[4];
}

/* h = f - g + 2p; needs g's limbs below 2^52 - 38 (true for mul/sq outputs). */
static __always_inline void fe_sub(fe h, const fe f, const fe g)
{
	h[0] = (f[0] + 0xfffffffffffdaULL) - g[0];
	h[1] = (f[1] + 0xffffffffffffeULL) - g[1];
	h[2] = (f[2] + 0xffffffffffffeULL) - g[2];
	h[3] = (f[3] + 0xffffffffffffeULL) - g[3];
	h[4] = (f[4] + 0xffffffffffffeULL) - g[4];
}

/*
 * Carries five 128-bit column sums (each below 2^115, the top one below
 * 2^111) into limbs below 2^51 + 2^18. Two rounds of independent carries
 * instead of one serial chain: shorter latency, no 128-bit additions.
 */
static __always_inline void fe_carry128(fe h, u128 r0, u128 r1, u128 r2, u128 r3,
					u128 r4)
{
	u64 h0, h1, h2, h3, h4;

	h0 = ((u64)r0 & WG_MASK51) + 19 * (u64)(r4 >> 51);
	h1 = ((u64)r1 & WG_MASK51) + (u64)(r0 >> 51);
	h2 = ((u64)r2 & WG_MASK51) + (u64)(r1 >> 51);
	h3 = ((u64)r3 & WG_MASK51) + (u64)(r2 >> 51);
	h4 = ((u64)r4 & WG_MASK51) + (u64)(r3 >> 51);
	h[0] = (h0 & WG_MASK51) + 19 * (h4 >> 51);
	h[1] = (h1 & WG_MASK51) + (h0 >> 51);
	h[2] = (h2 & WG_MASK51) + (h1 >> 51);
	h[3] = (h3 & WG_MASK51) + (h2 >> 51);
	h[4] = (h4 & WG_MASK51) + (h3 >> 51);
}

/* Inputs: limbs below 2^54. */
static __always_inline void fe_mul(fe h, const fe f, const fe g)
{
	u64 f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];
	u64 g0 = g[0], g1 = g[1], g2 = g[2], g3 = g[3], g4 = g[4];
	u64 g1_19 = g1 * 19, g2_19 = g2 * 19, g3_19 = g3 * 19, g4_19 = g4 * 19;
	u128 r0, r1, r2, r3, r4;

	r0 = (u128)f0 * g0 + (u128)f1 * g4_19 + (u128)f2 * g3_19 +
	     (u128)f3 * g2_19 + (u128)f4 * g1_19;
	r1 = (u128)f0 * g1 + (u128)f1 * g0 + (u128)f2 * g4_19 +
	     (u128)f3 * g3_19 + (u128)f4 * g2_19;
	r2 = (u128)f0 * g2 + (u128)f1 * g1 + (u128)f2 * g0 +
	     (u128)f3 * g4_19 + (u128)f4 * g3_19;
	r3 = (u128)f0 * g3 + (u128)f1 * g2 + (u128)f2 * g1 +
	     (u128)f3 * g0 + (u128)f4 * g4_19;
	r4 = (u128)f0 * g4 + (u128)f1 * g3 + (u128)f2 * g2 +
	     (u128)f3 * g1 + (u128)f4 * g0;
	fe_carry128(h, r0, r1, r2, r3, r4);
}

static __always_inline void fe_sq(fe h, const fe f)
{
	u64 f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];
	u64 d0 = f0 * 2, d1 = f1 * 2, d2_19 = f2 * 38, f3_19 = f3 * 19;
	u64 f4_19 = f4 * 19, d4_19 = f4 * 38;
	u128 r0, r1, r2, r3, r4;

	r0 = (u128)f0 * f0 + (u128)d4_19 * f1 + (u128)d2_19 * f3;
	r1 = (u128)d0 * f1 + (u128)d4_19 * f2 + (u128)f3 * f3_19;
	r2 = (u128)d0 * f2 + (u128)f1 * f1 + (u128)d4_19 * f3;
	r3 = (u128)d0 * f3 + (u128)d1 * f2 + (u128)f4 * f4_19;
	r4 = (u128)d0 * f4 + (u128)d1 * f3 + (u128)f2 * f2;
	fe_carry128(h, r0, r1, r2, r3, r4);
}

/* h = f * k for a small public k: 121666 (the ladder uses
 * z2 = E * (BB + 121666 * E)), or 9 (the base point's u). */
static __always_inline void fe_mul_small(fe h, const fe f, u32 k)
{
	fe_carry128(h, (u128)f[0] * k, (u128)f[1] * k, (u128)f[2] * k,
		    (u128)f[3] * k, (u128)f[4] * k);
}

/* Swaps f and g if swap is 1, leaves them if 0, without branching. */
static __always_inline void fe_cswap(fe f, fe g, u64 swap)
{
	u64 mask = 0 - swap, x;
	int i;

	for (i = 0; i < 5; ++i) {
		x = (f[i] ^ g[i]) & mask;
		f[i] ^= x;
		g[i] ^= x;
	}
}

/*
 * Inversion mod p by Bernstein-Yang "safegcd" divsteps ("Fast constant-time
 * gcd computation and modular inversion", 2019), in the half-delta variant:
 * for 256-bit inputs 590 divsteps always reach g = 0 (the computer-checked
 * bound of github.com/sipa/safegcd-bounds); we run 10 batches of 62. Each
 * batch works on the low 64 bits of f and g only and yields a 2x2 matrix
 * (scaled by 2^62) that is then applied to the full values, held as five
 * signed 62-bit limbs. d and e track f = d * x and g = e * x (mod p), so at
 * the end f = +-1 and 1/x = +-d. Fixed iteration counts and masks
 * throughout: nothing branches on or indexes by the value.
 */
typedef __int128 wg_i128;
#define WG_M62 ((u64)0x3fffffffffffffffULL)
/* p in 62-bit limbs, and 1/p mod 2^62 */
static const s64 wg_p62[5] = { 0x3fffffffffffffedLL, WG_M62, WG_M62, WG_M62, 127 };
#define WG_PINV62 ((u64)0x39435e50d79435e5ULL)

/* 62 divsteps on the low words; m = {u, v, q, r} with
 * 2^62 * (f', g') = (u * f + v * g, q * f + r * g). Returns the new zeta
 * (zeta = -delta - 1/2; delta > 0 iff zeta < 0). */
static s64 wg_divsteps62(s64 zeta, u64 f, u64 g, s64 m[4])
{
	u64 u = 1, v = 0, q = 0, r = 1, neg, odd, x, y, z;
	int i;

	for (i = 0; i < 62; ++i) {
		/* delta > 0: (f, g) = (g, (g - f) / 2), else (f, (g + (g&1) f) / 2).
		 * Add -f or f to g first; on a swap f += new g gives the old g. */
		neg = (u64)(zeta >> 63);
		odd = 0 - (g & 1);
		x = (f ^ neg) - neg;
		y = (u ^ neg) - neg;
		z = (v ^ neg) - neg;
		g += x & odd;
		q += y & odd;
		r += z & odd;
		neg &= odd;
		zeta = (zeta ^ (s64)neg) - 1;
		f += g & neg;
		u += q & neg;
		v += r & neg;
		/* halve g; doubling u and v instead keeps the scale 2^i */
		g >>= 1;
		u <<= 1;
		v <<= 1;
	}
	m[0] = (s64)u;
	m[1] = (s64)v;
	m[2] = (s64)q;
	m[3] = (s64)r;
	return zeta;
}

/* (a, b) = (u * a + v * b, q * a + r * b) / 2^62 (exact: low limb is 0). */
static void wg_s62_update_fg(s64 a[5], s64 b[5], const s64 m[4])
{
	wg_i128 ca = (wg_i128)m[0] * a[0] + (wg_i128)m[1] * b[0];
	wg_i128 cb = (wg_i128)m[2] * a[0] + (wg_i128)m[3] * b[0];
	int i;

	ca >>= 62;
	cb >>= 62;
	for (i = 1; i < 5; ++i) {
		ca += (wg_i128)m[0] * a[i] + (wg_i128)m[1] * b[i];
		cb += (wg_i128)m[2] * a[i] + (wg_i128)m[3] * b[i];
		a[i - 1] = (s64)((u64)ca & WG_M62);
		b[i - 1] = (s64)((u64)cb & WG_M62);
		ca >>= 62;
		cb >>= 62;
	}
	a[4] = (s64)ca;
	b[4] = (s64)cb;
}

/* x += k * p for k in {-1, 0, 1}; carries through the 62-bit limbs. */
static void wg_s62_addp(s64 x[5], s64 k)
{
	s64 c = 0;
	int i;

	for (i = 0; i < 4; ++i) {
		c += x[i] + k * wg_p62[i];
		x[i] = (s64)((u64)c & WG_M62);
		c >>= 62;
	}
	x[4] += c + k * wg_p62[4];
}

/* x in (-p, 2p) to [0, p). */
static void wg_s62_normalize(s64 x[5])
{
	wg_s62_addp(x, (x[4] >> 63) & 1);
	wg_s62_addp(x, -1);
	wg_s62_addp(x, (x[4] >> 63) & 1);
}

/* (d, e) = (u * d + v * e, q * d + r * e) / 2^62 mod p, from and to [0, p):
 * a multiple k * p (k < 2^62) clears the low 62 bits before the shift. */
static void wg_s62_update_de(s64 d[5], s64 e[5], const s64 m[4])
{
	wg_i128 cd = (wg_i128)m[0] * d[0] + (wg_i128)m[1] * e[0];
	wg_i128 ce = (wg_i128)m[2] * d[0] + (wg_i128)m[3] * e[0];
	u64 kd = (0 - (u64)cd * WG_PINV62) & WG_M62;
	u64 ke = (0 - (u64)ce * WG_PINV62) & WG_M62;
	int i;

	cd = (cd + (wg_i128)kd * wg_p62[0]) >> 62;
	ce = (ce + (wg_i128)ke * wg_p62[0]) >> 62;
	for (i = 1; i < 5; ++i) {
		cd += (wg_i128)m[0] * d[i] + (wg_i128)m[1] * e[i] + (wg_i128)kd * wg_p62[i];
		ce += (wg_i128)m[2] * d[i] + (wg_i128)m[3] * e[i] + (wg_i128)ke * wg_p62[i];
		d[i - 1] = (s64)((u64)cd & WG_M62);
		e[i - 1] = (s64)((u64)ce & WG_M62);
		cd >>= 62;
		ce >>= 62;
	}
	d[4] = (s64)cd;
	e[4] = (s64)ce;
	wg_s62_normalize(d);
	wg_s62_normalize(e);
}

/* out = 1/in mod p (0 maps to 0); in and out canonical (below p); they
 * may alias. */
static void wg_x25519_invert(u8 out[32], const u8 in[32])
{
	u64 w0 = get_unaligned_le64(in), w1 = get_unaligned_le64(in + 8);
	u64 w2 = get_unaligned_le64(in + 16), w3 = get_unaligned_le64(in + 24);
	s64 f[5], g[5], d[5] = { 0 }, e[5] = { 1 }, m[4], zeta = -1, c = 0, s;
	int i;

	memcpy(f, wg_p62, sizeof(f));
	g[0] = (s64)(w0 & WG_M62);
	g[1] = (s64)(((w0 >> 62) | (w1 << 2)) & WG_M62);
	g[2] = (s64)(((w1 >> 60) | (w2 << 4)) & WG_M62);
	g[3] = (s64)(((w2 >> 58) | (w3 << 6)) & WG_M62);
	g[4] = (s64)(w3 >> 56);
	for (i = 0; i < 10; ++i) {
		zeta = wg_divsteps62(zeta, (u64)f[0] | ((u64)f[1] << 62),
				     (u64)g[0] | ((u64)g[1] << 62), m);
		wg_s62_update_fg(f, g, m);
		wg_s62_update_de(d, e, m);
	}
	/* f = +-1 (or p when in = 0, with d = 0): 1/in = sign(f) * d */
	s = f[4] >> 63;
	for (i = 0; i < 4; ++i) {
		c += (d[i] ^ s) - s;
		d[i] = (s64)((u64)c & WG_M62);
		c >>= 62;
	}
	d[4] = ((d[4] ^ s) - s) + c;
	wg_s62_addp(d, (d[4] >> 63) & 1);
	put_unaligned_le64((u64)d[0] | ((u64)d[1] << 62), out);
	put_unaligned_le64(((u64)d[1] >> 2) | ((u64)d[2] << 60), out + 8);
	put_unaligned_le64(((u64)d[2] >> 4) | ((u64)d[3] << 58), out + 16);
	put_unaligned_le64(((u64)d[3] >> 6) | ((u64)d[4] << 56), out + 24);
	memzero_explicit(f, sizeof(f));
	memzero_explicit(g, sizeof(g));
	memzero_explicit(d, sizeof(d));
	memzero_explicit(e, sizeof(e));
	memzero_explicit(m, sizeof(m));
}

/* The ladder on the u-coordinate (RFC 7748 section 5), generic path. */
static void wg_x25519_generic(u8 out[32], const u8 scalar[32], const u8 point[32],
			      bool base)
{
	fe x1, x2, z2, x3, z3, a, b, c, d, aa, bb, e, da, cb;
	u64 swap = 0, bit;
	int t;

	fe_frombytes(x1, point);
	memset(x2, 0, sizeof(fe));
	x2[0] = 1;
	memset(z2, 0, sizeof(fe));
	memcpy(x3, x1, sizeof(fe));
	memset(z3, 0, sizeof(fe));
	z3[0] = 1;

	for (t = 254; t >= 0; --t) {
		bit = (scalar[t >> 3] >> (t & 7)) & 1;
		swap ^= bit;
#ifdef WG_CT_PLANT
		/* A deliberate secret-dependent branch, only in the build that
		 * shows the valgrind constant-time test catches one (test_ct). */
		if (bit)
			__asm__ __volatile__("" : : : "memory");
#endif
		/* the swap moved after the products: see wg_x25519_adx */
		fe_add(a, x2, z2);
		fe_sub(b, x2, z2);
		fe_add(c, x3, z3);
		fe_sub(d, x3, z3);
		fe_mul(da, d, a);
		fe_mul(cb, c, b);
		fe_cswap(a, c, swap);
		fe_cswap(b, d, swap);
		swap = bit;
		fe_sq(aa, a);
		fe_sq(bb, b);
		fe_sub(e, aa, bb);
		fe_add(x3, da, cb);
		fe_sub(z3, da, cb);
		fe_mul_small(z2, e, 121666);
		fe_sq(x3, x3);
		fe_sq(z3, z3);
		fe_add(z2, z2, bb);
		fe_mul(x2, aa, bb);
		if (base)	/* public: u = 9 makes this a small multiple */
			fe_mul_small(z3, z3, 9);
		else
			fe_mul(z3, z3, x1);
		fe_mul(z2, z2, e);
	}
	fe_cswap(x2, x3, swap);
	fe_cswap(z2, z3, swap);

	fe_tobytes(out, z2);
	wg_x25519_invert(out, out);
	fe_frombytes(z2, out);
	fe_mul(x2, x2, z2);
	fe_tobytes(out, x2);

	memzero_explicit(x2, sizeof(fe));
	memzero_explicit(z2, sizeof(fe));
	memzero_explicit(x3, sizeof(fe));
	memzero_explicit(z3, sizeof(fe));
	memzero_explicit(a, sizeof(fe));
	memzero_explicit(b, sizeof(fe));
	memzero_explicit(c, sizeof(fe));
	memzero_explicit(d, sizeof(fe));
	memzero_explicit(aa, sizeof(fe));
	memzero_explicit(bb, sizeof(fe));
	memzero_explicit(e, sizeof(fe));
	memzero_explicit(da, sizeof(fe));
	memzero_explicit(cb, sizeof(fe));
}

#if defined(CONFIG_X86_64) || (!defined(__KERNEL__) && defined(__x86_64__))
#define WG_X25519_ADX 1
/*
 * BMI2+ADX path: radix 2^64, four limbs, values kept below 2^256 and
 * reduced with 2^256 = 38 (mod p). mulx leaves the flags alone, and
 * adcx/adox run two independent carry chains (CF and OF), so a row of a
 * product adds its low halves on one chain and its high halves on the
 * other. General-purpose registers only: no FPU section is needed in the
 * kernel. Straight-line code: no branch, no secret-dependent address.
 */
typedef u64 fe64[4];

/*
 * Folds t0..t7 (r10..r13 low, r14 r15 rax rcx high) into four limbs:
 * low + 38 * high, then the small carry word times 38 once more.
 */
#define WG_ADX_REDUCE(out)						\
	"movl $38, %%edx\n\t"						\
	"xorl %%r9d, %%r9d\n\t"						\
	"mulxq %%r14, %%r8, %%r14\n\t"					\
	"adcxq %%r8, %%r10\n\t"						\
	"adoxq %%r14, %%r11\n\t"					\
	"mulxq %%r15, %%r8, %%r15\n\t"					\
	"adcxq %%r8, %%r11\n\t"						\
	"adoxq %%r15, %%r12\n\t"					\
	"mulxq %%rax, %%r8, %%rax\n\t"					\
	"adcxq %%r8, %%r12\n\t"						\
	"adoxq %%rax, %%r13\n\t"					\
	"mulxq %%rcx, %%r8, %%rcx\n\t"					\
	"adcxq %%r8, %%r13\n\t"						\
	"adoxq %%r9, %%rcx\n\t"						\
	"adcxq %%r9, %%rcx\n\t"						\
	"imulq $38, %%rcx, %%rcx\n\t"					\
	"addq %%rcx, %%r10\n\t"						\
	"adcq %%r9, %%r11\n\t"						\
	"adcq %%r9, %%r12\n\t"						\
	"adcq %%r9, %%r13\n\t"						\
	"sbbq %%r9, %%r9\n\t"						\
	"andq $38, %%r9\n\t"						\
	"addq %%r9, %%r10\n\t"						\
	"movq %%r10, 0(" out ")\n\t"					\
	"movq %%r11, 8(" out ")\n\t"					\
	"movq %%r12, 16(" out ")\n\t"					\
	"movq %%r13, 24(" out ")\n\t"

#define WG_ADX_CLOBBERS "rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "r12", \
	"r13", "r14", "r15", "cc", "memory"

/* One row i >= 1 of the schoolbook product: adds a * b[i] at limb i. */
#define WG_ADX_ROW(boff, t0, t1, t2, t3, t4)				\
	"movq " boff "(%[b]), %%rdx\n\t"				\
	"xorq " t4 ", " t4 "\n\t"	/* also clears CF and OF */	\
	"mulxq 0(%[a]), %%r8, %%r9\n\t"					\
	"adcxq %%r8, " t0 "\n\t"					\
	"adoxq %%r9, " t1 "\n\t"					\
	"mulxq 8(%[a]), %%r8, %%r9\n\t"					\
	"adcxq %%r8, " t1 "\n\t"					\
	"adoxq %%r9, " t2 "\n\t"					\
	"mulxq 16(%[a]), %%r8, %%r9\n\t"				\
	"adcxq %%r8, " t2 "\n\t"					\
	"adoxq %%r9, " t3 "\n\t"					\
	"mulxq 24(%[a]), %%r8, %%r9\n\t"				\
	"adcxq %%r8, " t3 "\n\t"					\
	"adoxq %%r9, " t4 "\n\t"					\
	"adcq $0, " t4 "\n\t"

static __always_inline void fe64_mul(fe64 out, const fe64 a, const fe64 b)
{
	asm volatile(
		/* row 0: t0..t4 = a * b[0] */
		"movq 0(%[b]), %%rdx\n\t"
		"mulxq 0(%[a]), %%r10, %%r11\n\t"
		"mulxq 8(%[a]), %%r8, %%r12\n\t"
		"addq %%r8, %%r11\n\t"
		"mulxq 16(%[a]), %%r8, %%r13\n\t"
		"adcq %%r8, %%r12\n\t"
		"mulxq 24(%[a]), %%r8, %%r14\n\t"
		"adcq %%r8, %%r13\n\t"
		"adcq $0, %%r14\n\t"
		WG_ADX_ROW("8", "%%r11", "%%r12", "%%r13", "%%r14", "%%r15")
		WG_ADX_ROW("16", "%%r12", "%%r13", "%%r14", "%%r15", "%%rax")
		WG_ADX_ROW("24", "%%r13", "%%r14", "%%r15", "%%rax", "%%rcx")
		WG_ADX_REDUCE("%[out]")
		:
		: [out] "r"(out), [a] "r"(a), [b] "r"(b)
		: WG_ADX_CLOBBERS);
}

static __always_inline void fe64_sq(fe64 out, const fe64 a)
{
	asm volatile(
		/* cross products a_i * a_j, i < j, into t1..t6 */
		"movq 0(%[a]), %%rdx\n\t"
		"mulxq 8(%[a]), %%r11, %%r12\n\t"
		"mulxq 16(%[a]), %%r8, %%r13\n\t"
		"mulxq 24(%[a]), %%r9, %%r14\n\t"
		"addq %%r8, %%r12\n\t"
		"adcq %%r9, %%r13\n\t"
		"adcq $0, %%r14\n\t"
		"movq 8(%[a]), %%rdx\n\t"
		"mulxq 16(%[a]), %%r8, %%r9\n\t"
		"mulxq 24(%[a]), %%rax, %%r15\n\t"
		"xorl %%ecx, %%ecx\n\t"
		"adcxq %%r8, %%r13\n\t"
		"adoxq %%r9, %%r14\n\t"
		"adcxq %%rax, %%r14\n\t"
		"adoxq %%rcx, %%r15\n\t"
		"adcxq %%rcx, %%r15\n\t"
		"movq 16(%[a]), %%rdx\n\t"
		"mulxq 24(%[a]), %%r8, %%rax\n\t"
		"addq %%r8, %%r15\n\t"
		"adcq $0, %%rax\n\t"
		/* double them (CF chain) and add the squares (OF chain) */
		"xorl %%ecx, %%ecx\n\t"
		"movq 0(%[a]), %%rdx\n\t"
		"mulxq %%rdx, %%r10, %%r8\n\t"
		"adcxq %%r11, %%r11\n\t"
		"adoxq %%r8, %%r11\n\t"
		"movq 8(%[a]), %%rdx\n\t"
		"mulxq %%rdx, %%r8, %%r9\n\t"
		"adcxq %%r12, %%r12\n\t"
		"adoxq %%r8, %%r12\n\t"
		"adcxq %%r13, %%r13\n\t"
		"adoxq %%r9, %%r13\n\t"
		"movq 16(%[a]), %%rdx\n\t"
		"mulxq %%rdx, %%r8, %%r9\n\t"
		"adcxq %%r14, %%r14\n\t"
		"adoxq %%r8, %%r14\n\t"
		"adcxq %%r15, %%r15\n\t"
		"adoxq %%r9, %%r15\n\t"
		"movq 24(%[a]), %%rdx\n\t"
		"mulxq %%rdx, %%r8, %%r9\n\t"
		"adcxq %%rax, %%rax\n\t"
		"adoxq %%r8, %%rax\n\t"
		"adcxq %%rcx, %%rcx\n\t"
		"adoxq %%r9, %%rcx\n\t"
		WG_ADX_REDUCE("%[out]")
		:
		: [out] "r"(out), [a] "r"(a)
		: WG_ADX_CLOBBERS);
}

/* Adds 38 for a carry out of 2^256 (CF set) to r8..r11, twice: after the
 * first fold a carry leaves r8 below 38, so the second cannot carry. */
#define WG_ADX_FOLD_ADD							\
	"sbbq %%rax, %%rax\n\t"					\
	"andq $38, %%rax\n\t"						\
	"addq %%rax, %%r8\n\t"					\
	"adcq $0, %%r9\n\t"						\
	"adcq $0, %%r10\n\t"						\
	"adcq $0, %%r11\n\t"						\
	"sbbq %%rax, %%rax\n\t"					\
	"andq $38, %%rax\n\t"						\
	"addq %%rax, %%r8\n\t"

/* The same for a borrow (CF set) out of r12..r15: subtracts 38, twice. */
#define WG_ADX_FOLD_SUB(tmp)						\
	"sbbq " tmp ", " tmp "\n\t"					\
	"andq $38, " tmp "\n\t"					\
	"subq " tmp ", %%r12\n\t"					\
	"sbbq $0, %%r13\n\t"						\
	"sbbq $0, %%r14\n\t"						\
	"sbbq $0, %%r15\n\t"						\
	"sbbq " tmp ", " tmp "\n\t"					\
	"andq $38, " tmp "\n\t"					\
	"subq " tmp ", %%r12\n\t"

#define WG_ADX_STORE(out, t0, t1, t2, t3)				\
	"movq " t0 ", 0(" out ")\n\t"					\
	"movq " t1 ", 8(" out ")\n\t"					\
	"movq " t2 ", 16(" out ")\n\t"				\
	"movq " t3 ", 24(" out ")\n\t"

/* s = a + b and d = a - b from one load of a (outputs may alias inputs). */
static __always_inline void fe64_addsub(fe64 s, fe64 d, const fe64 a, const fe64 b)
{
	asm volatile(
		"movq 0(%[a]), %%r8\n\t"
		"movq 8(%[a]), %%r9\n\t"
		"movq 16(%[a]), %%r10\n\t"
		"movq 24(%[a]), %%r11\n\t"
		"movq %%r8, %%r12\n\t"
		"movq %%r9, %%r13\n\t"
		"movq %%r10, %%r14\n\t"
		"movq %%r11, %%r15\n\t"
		"addq 0(%[b]), %%r8\n\t"
		"adcq 8(%[b]), %%r9\n\t"
		"adcq 16(%[b]), %%r10\n\t"
		"adcq 24(%[b]), %%r11\n\t"
		WG_ADX_FOLD_ADD
		"subq 0(%[b]), %%r12\n\t"
		"sbbq 8(%[b]), %%r13\n\t"
		"sbbq 16(%[b]), %%r14\n\t"
		"sbbq 24(%[b]), %%r15\n\t"
		WG_ADX_FOLD_SUB("%%rax")
		WG_ADX_STORE("%[s]", "%%r8", "%%r9", "%%r10", "%%r11")
		WG_ADX_STORE("%[d]", "%%r12", "%%r13", "%%r14", "%%r15")
		:
		: [s] "r"(s), [d] "r"(d), [a] "r"(a), [b] "r"(b)
		: "rax", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
		  "cc", "memory");
}

/* e = aa - bb and z = 121666 * e + bb: the ladder's E and AA + a24 * E. */
static __always_inline void fe64_sub_a24(fe64 e, fe64 z, const fe64 aa, const fe64 bb)
{
	asm volatile(
		"movq 0(%[aa]), %%r12\n\t"
		"movq 8(%[aa]), %%r13\n\t"
		"movq 16(%[aa]), %%r14\n\t"
		"movq 24(%[aa]), %%r15\n\t"
		"subq 0(%[bb]), %%r12\n\t"
		"sbbq 8(%[bb]), %%r13\n\t"
		"sbbq 16(%[bb]), %%r14\n\t"
		"sbbq 24(%[bb]), %%r15\n\t"
		WG_ADX_FOLD_SUB("%%r8")
		WG_ADX_STORE("%[e]", "%%r12", "%%r13", "%%r14", "%%r15")
		/* r8..r11, r13 = e * 121666 (r13 < 2^17); each e limb is
		 * consumed before its register is reused */
		"movl $121666, %%edx\n\t"
		"mulxq %%r12, %%r8, %%r9\n\t"
		"mulxq %%r13, %%r12, %%r10\n\t"
		"addq %%r12, %%r9\n\t"
		"mulxq %%r14, %%r12, %%r11\n\t"
		"adcq %%r12, %%r10\n\t"
		"mulxq %%r15, %%r12, %%r13\n\t"
		"adcq %%r12, %%r11\n\t"
		"adcq $0, %%r13\n\t"
		"addq 0(%[bb]), %%r8\n\t"
		"adcq 8(%[bb]), %%r9\n\t"
		"adcq 16(%[bb]), %%r10\n\t"
		"adcq 24(%[bb]), %%r11\n\t"
		"adcq $0, %%r13\n\t"
		"imulq $38, %%r13, %%r13\n\t"
		"addq %%r13, %%r8\n\t"
		"adcq $0, %%r9\n\t"
		"adcq $0, %%r10\n\t"
		"adcq $0, %%r11\n\t"
		"sbbq %%r12, %%r12\n\t"
		"andq $38, %%r12\n\t"
		"addq %%r12, %%r8\n\t"
		WG_ADX_STORE("%[z]", "%%r8", "%%r9", "%%r10", "%%r11")
		:
		: [e] "r"(e), [z] "r"(z), [aa] "r"(aa), [bb] "r"(bb)
		: "rdx", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
		  "cc", "memory");
}

/* f = g at limb off if m is all ones; m = 0 leaves f. */
#define WG_ADX_CMOV_LIMB(off)						\
	"movq " off "(%[f]), %%r8\n\t"				\
	"movq " off "(%[g]), %%r9\n\t"				\
	"xorq %%r8, %%r9\n\t"						\
	"andq %[m], %%r9\n\t"						\
	"xorq %%r9, %%r8\n\t"						\
	"movq %%r8, " off "(%[f])\n\t"

/* f = g if sel is 1, unchanged if 0. In asm with 64-bit moves: compiled C
 * may use 128-bit loads, which cannot be forwarded from the 64-bit stores
 * of the arithmetic (a stall of dozens of cycles per ladder step). */
static __always_inline void fe64_cmov(fe64 f, const fe64 g, u64 sel)
{
	asm volatile(
		WG_ADX_CMOV_LIMB("0")
		WG_ADX_CMOV_LIMB("8")
		WG_ADX_CMOV_LIMB("16")
		WG_ADX_CMOV_LIMB("24")
		:
		: [f] "r"(f), [g] "r"(g), [m] "r"(0 - sel)
		: "r8", "r9", "memory");
}

/* Fully reduces f (< 2^256) mod p and writes it little-endian. */
static void fe64_tobytes(u8 s[32], const fe64 f)
{
	u64 v[4], w[4], mask;
	u128 c;
	int i;

	/* Fold bit 255: v < 2^255 + 19. */
	c = (u128)(f[3] >> 63) * 19;
	v[3] = f[3] & ~(1ULL << 63);
	for (i = 0; i < 3; ++i) {
		c += f[i];
		v[i] = (u64)c;
		c >>= 64;
	}
	v[3] += (u64)c;
	/* v >= p iff v + 19 reaches 2^255; then the answer is v + 19 - 2^255. */
	c = 19;
	for (i = 0; i < 4; ++i) {
		c += v[i];
		w[i] = (u64)c;
		c >>= 64;
	}
	mask = 0 - (w[3] >> 63);
	w[3] &= ~(1ULL << 63);
	for (i = 0; i < 4; ++i)
		put_unaligned_le64((w[i] & mask) | (v[i] & ~mask), s + 8 * i);
	memzero_explicit(v, sizeof(v));
	memzero_explicit(w, sizeof(w));
}

static void wg_x25519_adx(u8 out[32], const u8 scalar[32], const u8 point[32])
{
	fe64 x1, x2, z2, x3, z3, a, b, c, d, aa, bb, e, da, cb;
	u64 swap = 0, bit;
	int t;

	/* Clearing bit 255 is all the input reduction the arithmetic needs. */
	x1[0] = get_unaligned_le64(point);
	x1[1] = get_unaligned_le64(point + 8);
	x1[2] = get_unaligned_le64(point + 16);
	x1[3] = get_unaligned_le64(point + 24) & ~(1ULL << 63);
	memset(x2, 0, sizeof(fe64));
	x2[0] = 1;
	memset(z2, 0, sizeof(fe64));
	memcpy(x3, x1, sizeof(fe64));
	memset(z3, 0, sizeof(fe64));
	z3[0] = 1;

	for (t = 254; t >= 0; --t) {
		bit = (scalar[t >> 3] >> (t & 7)) & 1;
		swap ^= bit;
		/*
		 * The differential addition (x3, z3) is symmetric in the two
		 * points, so only the doubling needs the conditional swap:
		 * it squares c and d instead of a and b. Selecting after the
		 * products keeps the swap off the longest dependency chain;
		 * the order below is the fastest measured.
		 */
		fe64_addsub(c, d, x3, z3);
		fe64_addsub(a, b, x2, z2);
		fe64_mul(da, d, a);
		fe64_mul(cb, c, b);
		fe64_cmov(a, c, swap);
		fe64_cmov(b, d, swap);
		swap = bit;
		fe64_sq(aa, a);
		fe64_sq(bb, b);
		fe64_addsub(x3, z3, da, cb);
		fe64_sq(z3, z3);
		fe64_sq(x3, x3);
		fe64_mul(z3, z3, x1);
		fe64_sub_a24(e, z2, aa, bb);
		fe64_mul(x2, aa, bb);
		fe64_mul(z2, z2, e);
	}
	fe64_cmov(x2, x3, swap);
	fe64_cmov(z2, z3, swap);

	fe64_tobytes(out, z2);
	wg_x25519_invert(out, out);
	z2[0] = get_unaligned_le64(out);
	z2[1] = get_unaligned_le64(out + 8);
	z2[2] = get_unaligned_le64(out + 16);
	z2[3] = get_unaligned_le64(out + 24);
	fe64_mul(x2, x2, z2);
	fe64_tobytes(out, x2);

	memzero_explicit(x2, sizeof(fe64));
	memzero_explicit(z2, sizeof(fe64));
	memzero_explicit(x3, sizeof(fe64));
	memzero_explicit(z3, sizeof(fe64));
	memzero_explicit(a, sizeof(fe64));
	memzero_explicit(b, sizeof(fe64));
	memzero_explicit(c, sizeof(fe64));
	memzero_explicit(d, sizeof(fe64));
	memzero_explicit(aa, sizeof(fe64));
	memzero_explicit(bb, sizeof(fe64));
	memzero_explicit(e, sizeof(fe64));
	memzero_explicit(da, sizeof(fe64));
	memzero_explicit(cb, sizeof(fe64));
}
#endif

/* 1 if all n bytes are zero, else 0; constant time. */
static __always_inline u32 wg_ct_is_zero(const u8 *p, size_t n)
{
	u32 acc = 0;

	while (n--)
		acc |= *p++;
	return 1 & ((acc - 1) >> 8);
}

/* base: point is the base point u = 9 (public knowledge, not a secret). */
static bool wg_x25519(u8 out[CURVE25519_KEY_SIZE], const u8 secret[CURVE25519_KEY_SIZE],
		      const u8 point[CURVE25519_KEY_SIZE], bool base)
{
	u8 e[CURVE25519_KEY_SIZE];

	memcpy(e, secret, sizeof(e));
	wg_curve25519_clamp_secret(e);
#ifdef WG_X25519_ADX
	if (wg_crypto_use(WG_IMPL_BMI2_ADX))
		wg_x25519_adx(out, e, point);
	else
#endif
		wg_x25519_generic(out, e, point, base);
	memzero_explicit(e, sizeof(e));
	return wg_ct_is_zero(out, CURVE25519_KEY_SIZE) ^ 1;
}

bool wg_curve25519(u8 out[CURVE25519_KEY_SIZE], const u8 secret[CURVE25519_KEY_SIZE],
		   const u8 basepoint[CURVE25519_KEY_SIZE])
{
	return wg_x25519(out, secret, basepoint, false);
}

bool wg_curve25519_generate_public(u8 pub[CURVE25519_KEY_SIZE],
				   const u8 secret[CURVE25519_KEY_SIZE])
{
	static const u8 basepoint[CURVE25519_KEY_SIZE] = { 9 };
	u32 zero = wg_ct_is_zero(secret, CURVE25519_KEY_SIZE);
	u8 keep = (u8)(zero - 1);
	u32 ok;
	int i;

	/* An all-zero private key means "no identity": it has no public key.
	 * Decided without branching on the secret. */
	ok = wg_x25519(pub, secret, basepoint, true);
	for (i = 0; i < CURVE25519_KEY_SIZE; ++i)
		pub[i] &= keep;
	return ok & (zero ^ 1);
}

void wg_curve25519_generate_secret(u8 secret[CURVE25519_KEY_SIZE])
{
	get_random_bytes(secret, CURVE25519_KEY_SIZE);
	wg_curve25519_clamp_secret(secret);
}

/*
 * Self-test at module load: RFC 7748 section 5.2 (first vector and one
 * iteration of the iterated test), section 6.1 (Alice's public key and the
 * shared secret), and rejection of a low-order point.
 */
struct wg_x25519_kat {
	u8 scalar[32], point[32], out[32];
};

static const struct wg_x25519_kat wg_x25519_kats[] = {
	{ /* RFC 7748 5.2, first vector */
	  { 0xa5, 0x46, 0xe3, 0x6b, 0xf0, 0x52, 0x7c, 0x9d, 0x3b, 0x16, 0x15,
	    0x4b, 0x82, 0x46, 0x5e, 0xdd, 0x62, 0x14, 0x4c, 0x0a, 0xc1, 0xfc,
	    0x5a, 0x18, 0x50, 0x6a, 0x22, 0x44, 0xba, 0x44, 0x9a, 0xc4 },
	  { 0xe6, 0xdb, 0x68, 0x67, 0x58, 0x30, 0x30, 0xdb, 0x35, 0x94, 0xc1,
	    0xa4, 0x24, 0xb1, 0x5f, 0x7c, 0x72, 0x66, 0x24, 0xec, 0x26, 0xb3,
	    0x35, 0x3b, 0x10, 0xa9, 0x03, 0xa6, 0xd0, 0xab, 0x1c, 0x4c },
	  { 0xc3, 0xda, 0x55, 0x37, 0x9d, 0xe9, 0xc6, 0x90, 0x8e, 0x94, 0xea,
	    0x4d, 0xf2, 0x8d, 0x08, 0x4f, 0x32, 0xec, 0xcf, 0x03, 0x49, 0x1c,
	    0x71, 0xf7, 0x54, 0xb4, 0x07, 0x55, 0x77, 0xa2, 0x85, 0x52 } },
	{ /* RFC 7748 5.2, iterated test after one iteration: k = u = 9 */
	  { 9 },
	  { 9 },
	  { 0x42, 0x2c, 0x8e, 0x7a, 0x62, 0x27, 0xd7, 0xbc, 0xa1, 0x35, 0x0b,
	    0x3e, 0x2b, 0xb7, 0x27, 0x9f, 0x78, 0x97, 0xb8, 0x7b, 0xb6, 0x85,
	    0x4b, 0x78, 0x3c, 0x60, 0xe8, 0x03, 0x11, 0xae, 0x30, 0x79 } },
	{ /* RFC 7748 6.1: Alice's public key */
	  { 0x77, 0x07, 0x6d, 0x0a, 0x73, 0x18, 0xa5, 0x7d, 0x3c, 0x16, 0xc1,
	    0x72, 0x51, 0xb2, 0x66, 0x45, 0xdf, 0x4c, 0x2f, 0x87, 0xeb, 0xc0,
	    0x99, 0x2a, 0xb1, 0x77, 0xfb, 0xa5, 0x1d, 0xb9, 0x2c, 0x2a },
	  { 9 },
	  { 0x85, 0x20, 0xf0, 0x09, 0x89, 0x30, 0xa7, 0x54, 0x74, 0x8b, 0x7d,
	    0xdc, 0xb4, 0x3e, 0xf7, 0x5a, 0x0d, 0xbf, 0x3a, 0x0d, 0x26, 0x38,
	    0x1a, 0xf4, 0xeb, 0xa4, 0xa9, 0x8e, 0xaa, 0x9b, 0x4e, 0x6a } },
	{ /* RFC 7748 6.1: Alice's private key with Bob's public key */
	  { 0x77, 0x07, 0x6d, 0x0a, 0x73, 0x18, 0xa5, 0x7d, 0x3c, 0x16, 0xc1,
	    0x72, 0x51, 0xb2, 0x66, 0x45, 0xdf, 0x4c, 0x2f, 0x87, 0xeb, 0xc0,
	    0x99, 0x2a, 0xb1, 0x77, 0xfb, 0xa5, 0x1d, 0xb9, 0x2c, 0x2a },
	  { 0xde, 0x9e, 0xdb, 0x7d, 0x7b, 0x7d, 0xc1, 0xb4, 0xd3, 0x5b, 0x61,
	    0xc2, 0xec, 0xe4, 0x35, 0x37, 0x3f, 0x83, 0x43, 0xc8, 0x5b, 0x78,
	    0x67, 0x4d, 0xad, 0xfc, 0x7e, 0x14, 0x6f, 0x88, 0x2b, 0x4f },
	  { 0x4a, 0x5d, 0x9d, 0x5b, 0xa4, 0xce, 0x2d, 0xe1, 0x72, 0x8e, 0x3b,
	    0xf4, 0x80, 0x35, 0x0f, 0x25, 0xe0, 0x7e, 0x21, 0xc9, 0x47, 0xd1,
	    0x9e, 0x33, 0x76, 0xf0, 0x9b, 0x3c, 0x1e, 0x16, 0x17, 0x42 } },
};

bool wg_curve25519_selftest(void)
{
	/* A point of order 8 (protocol.md 1.1): the shared secret is zero. */
	static const u8 low_order[32] = {
		0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3,
		0xfa, 0xf1, 0x9f, 0xc4, 0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32,
		0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49, 0xb8, 0x00,
	};
	u8 out[CURVE25519_KEY_SIZE];
	bool ok = true;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(wg_x25519_kats); ++i) {
		memset(out, 0xa5, sizeof(out));
		ok &= wg_curve25519(out, wg_x25519_kats[i].scalar,
				    wg_x25519_kats[i].point);
		ok &= !memcmp(out, wg_x25519_kats[i].out, sizeof(out));
	}
	memset(out, 0xa5, sizeof(out));
	ok &= !wg_curve25519(out, wg_x25519_kats[0].scalar, low_order);
	ok &= wg_ct_is_zero(out, sizeof(out));
	return ok;
}
