// SPDX-License-Identifier: GPL-2.0
/*
 * Minimal constant-time X25519 for `wg pubkey` (RFC 7748 Montgomery ladder).
 * Field elements are 16 signed 64-bit limbs of 16 bits each; speed does not
 * matter here, simplicity and auditability do.
 */
#include <string.h>

#include "curve25519.h"

typedef int64_t fe[16];

static void fe_copy(fe o, const fe a)
{
	memcpy(o, a, sizeof(fe));
}

static void fe_set_small(fe o, int64_t v)
{
	memset(o, 0, sizeof(fe));
	o[0] = v;
}

/* Bring every limb back near 16 bits; 2^256 = 38 (mod p). */
static void fe_carry(fe o)
{
	int64_t c;
	int i;

	for (i = 0; i < 15; i++) {
		c = o[i] >> 16;
		o[i] -= c * 65536;
		o[i + 1] += c;
	}
	c = o[15] >> 16;
	o[15] -= c * 65536;
	o[0] += 38 * c;
}

static void fe_add(fe o, const fe a, const fe b)
{
	int i;

	for (i = 0; i < 16; i++)
		o[i] = a[i] + b[i];
}

static void fe_sub(fe o, const fe a, const fe b)
{
	int i;

	for (i = 0; i < 16; i++)
		o[i] = a[i] - b[i];
}

static void fe_mul(fe o, const fe a, const fe b)
{
	int64_t t[31] = { 0 };
	int i, j;

	for (i = 0; i < 16; i++)
		for (j = 0; j < 16; j++)
			t[i + j] += a[i] * b[j];
	for (i = 0; i < 15; i++)
		t[i] += 38 * t[i + 16];
	for (i = 0; i < 16; i++)
		o[i] = t[i];
	fe_carry(o);
	fe_carry(o);
}

static void fe_sq(fe o, const fe a)
{
	fe_mul(o, a, a);
}

/* swap a and b if bit is 1, without branching on it */
static void fe_cswap(fe a, fe b, int64_t bit)
{
	int64_t mask = -bit, x;
	int i;

	for (i = 0; i < 16; i++) {
		x = mask & (a[i] ^ b[i]);
		a[i] ^= x;
		b[i] ^= x;
	}
}

/* a^(p-2) = a^(2^255 - 21): every exponent bit is set except bits 2 and 4 */
static void fe_invert(fe o, const fe a)
{
	fe c;
	int i;

	fe_copy(c, a);
	for (i = 253; i >= 0; i--) {
		fe_sq(c, c);
		if (i != 2 && i != 4)
			fe_mul(c, c, a);
	}
	fe_copy(o, c);
}

static void fe_from_bytes(fe o, const uint8_t in[32])
{
	int i;

	for (i = 0; i < 16; i++)
		o[i] = in[2 * i] | (int64_t)in[2 * i + 1] << 8;
	o[15] &= 0x7fff;
}

static void fe_to_bytes(uint8_t out[32], const fe a)
{
	fe t, m;
	int64_t borrow;
	int i, pass;

	fe_copy(t, a);
	fe_carry(t);
	fe_carry(t);
	fe_carry(t);
	/* now 0 <= t < 2p: subtract p at most twice, keeping t when it borrows */
	for (pass = 0; pass < 2; pass++) {
		m[0] = t[0] - 0xffed;
		for (i = 1; i < 16; i++) {
			borrow = (m[i - 1] >> 16) & 1;
			m[i] = t[i] - (i == 15 ? 0x7fff : 0xffff) - borrow;
			m[i - 1] &= 0xffff;
		}
		borrow = (m[15] >> 16) & 1;
		m[15] &= 0xffff;
		fe_cswap(t, m, 1 - borrow);
	}
	for (i = 0; i < 16; i++) {
		out[2 * i] = (uint8_t)(t[i] & 0xff);
		out[2 * i + 1] = (uint8_t)((t[i] >> 8) & 0xff);
	}
}

void curve25519_clamp(uint8_t key[32])
{
	key[0] &= 248;
	key[31] = (key[31] & 127) | 64;
}

static void x25519(uint8_t out[32], const uint8_t scalar[32], const uint8_t point[32])
{
	uint8_t k[32];
	fe x1, x2, z2, x3, z3, a, aa, b, bb, e, c, d, da, cb, a24;
	int64_t swap = 0, bit;
	int t;

	memcpy(k, scalar, 32);
	curve25519_clamp(k);
	fe_from_bytes(x1, point);
	fe_set_small(x2, 1);
	fe_set_small(z2, 0);
	fe_copy(x3, x1);
	fe_set_small(z3, 1);
	fe_set_small(a24, 121665);
	fe_carry(a24);

	for (t = 254; t >= 0; t--) {
		bit = (k[t >> 3] >> (t & 7)) & 1;
		swap ^= bit;
		fe_cswap(x2, x3, swap);
		fe_cswap(z2, z3, swap);
		swap = bit;

		fe_add(a, x2, z2);
		fe_sq(aa, a);
		fe_sub(b, x2, z2);
		fe_sq(bb, b);
		fe_sub(e, aa, bb);
		fe_add(c, x3, z3);
		fe_sub(d, x3, z3);
		fe_mul(da, d, a);
		fe_mul(cb, c, b);
		fe_add(x3, da, cb);
		fe_sq(x3, x3);
		fe_sub(z3, da, cb);
		fe_sq(z3, z3);
		fe_mul(z3, z3, x1);
		fe_mul(x2, aa, bb);
		fe_mul(z2, a24, e);
		fe_add(z2, z2, aa);
		fe_mul(z2, z2, e);
	}
	fe_cswap(x2, x3, swap);
	fe_cswap(z2, z3, swap);
	fe_invert(z2, z2);
	fe_mul(x2, x2, z2);
	fe_to_bytes(out, x2);

	memset(k, 0, sizeof(k));
	memset(x2, 0, sizeof(fe));
	memset(x3, 0, sizeof(fe));
	memset(z2, 0, sizeof(fe));
	memset(z3, 0, sizeof(fe));
	__asm__ __volatile__("" : : "r"(k), "r"(x2), "r"(x3), "r"(z2), "r"(z3) : "memory");
}

void curve25519_public_key(uint8_t pub[32], const uint8_t priv[32])
{
	static const uint8_t base[32] = { 9 };

	x25519(pub, priv, base);
}
