// SPDX-License-Identifier: GPL-2.0
/*
 * Field arithmetic mod p = 2^255 - 19 of both X25519 paths against OpenSSL
 * BIGNUM, with edge-case limbs (0, 1, 19, 38, 2^63, 2^64 - 1, p's limbs ...)
 * that drive every carry and fold in the reductions, which random scalar
 * multiplications almost never reach. Includes curve25519.c to reach its
 * static helpers.
 */
#include "../../crypto/curve25519.c"
#include "casym_test.h"

#include <openssl/bn.h>

unsigned int wg_crypto_enabled;

static BN_CTX *bnctx;
static BIGNUM *bn_p;

static const u64 edge_limbs[] = {
	0, 1, 2, 18, 19, 37, 38, 39, 121665, 121666,
	0x7fffffffffffffffULL, 0x8000000000000000ULL, 0x8000000000000012ULL,
	0xffffffffffffffedULL, 0xffffffffffffffeeULL, 0xffffffffffffffecULL,
	0xffffffffffffffdaULL, 0xfffffffffffffffeULL, 0xffffffffffffffffULL,
	0x0007ffffffffffffULL, 0x0008000000000000ULL,
};

static void pick64(fe64 v)
{
	int i;

	for (i = 0; i < 4; ++i) {
		if (rnd64() & 1)
			v[i] = edge_limbs[rnd64() % ARRAY_SIZE(edge_limbs)];
		else
			v[i] = rnd64();
	}
}

static BIGNUM *bn_from_limbs(const u64 *limbs, int n, int bits)
{
	BIGNUM *r = BN_new(), *t = BN_new();
	int i;

	BN_zero(r);
	for (i = n - 1; i >= 0; --i) {
		BN_lshift(r, r, bits);
		BN_set_word(t, limbs[i]);
		BN_add(r, r, t);
	}
	BN_free(t);
	return r;
}

static void bn_to_le32(u8 out[32], const BIGNUM *x)
{
	BN_bn2lebinpad(x, out, 32);
}

enum op { OP_MUL, OP_SQ, OP_ADD, OP_SUB, OP_A24, OP_M9, OP_EA24, OP_ID, OP_N };
static const char *const op_names[] = { "mul", "sq", "add", "sub", "mul121666", "mul9",
					"(a-b)*121666+b", "tobytes" };

static void bn_op(u8 out[32], enum op op, const BIGNUM *a, const BIGNUM *b)
{
	BIGNUM *r = BN_new();

	switch (op) {
	case OP_MUL: BN_mod_mul(r, a, b, bn_p, bnctx); break;
	case OP_SQ: BN_mod_sqr(r, a, bn_p, bnctx); break;
	case OP_ADD: BN_mod_add(r, a, b, bn_p, bnctx); break;
	case OP_SUB: BN_mod_sub(r, a, b, bn_p, bnctx); break;
	case OP_A24: BN_copy(r, a); BN_mul_word(r, 121666); BN_nnmod(r, r, bn_p, bnctx); break;
	case OP_M9: BN_copy(r, a); BN_mul_word(r, 9); BN_nnmod(r, r, bn_p, bnctx); break;
	case OP_EA24:
		BN_sub(r, a, b);
		BN_mul_word(r, 121666);
		BN_add(r, r, b);
		BN_nnmod(r, r, bn_p, bnctx);
		break;
	default: BN_nnmod(r, a, bn_p, bnctx); break;
	}
	bn_to_le32(out, r);
	BN_free(r);
}

static int t_adx_ops(void)
{
	fe64 a, b, r, t, zero = { 0 }, nine = { 9 };
	u8 ours[32], want[32];
	int i, op;

	if (!cpu_has_bmi2_adx()) {
		printf("# no BMI2/ADX on this CPU: nothing to test\n");
		return 0;
	}
	for (i = 0; i < 20000; ++i) {
		pick64(a);
		pick64(b);
		for (op = 0; op < OP_N; ++op) {
			BIGNUM *ba = bn_from_limbs(a, 4, 64), *bb = bn_from_limbs(b, 4, 64);

			switch (op) {
			case OP_MUL: fe64_mul(r, a, b); break;
			case OP_SQ: fe64_sq(r, a); break;
			case OP_ADD: fe64_addsub(r, t, a, b); break;
			case OP_SUB: fe64_addsub(t, r, a, b); break;
			case OP_A24: fe64_sub_a24(t, r, a, zero); break;
			case OP_M9: fe64_mul(r, a, nine); break;
			case OP_EA24: fe64_sub_a24(t, r, a, b); break;
			default: memcpy(r, a, sizeof(r)); break;
			}
			if (op == OP_EA24) {	/* its first output, e = a - b */
				fe64_tobytes(ours, t);
				bn_op(want, OP_SUB, ba, bb);
				if (memcmp(ours, want, 32))
					return t_fail("(a-b)*121666+b: e = %s vs %s", tohex(ours, 32),
						    tohex(want, 32));
			}
			fe64_tobytes(ours, r);
			bn_op(want, op, ba, bb);
			BN_free(ba);
			BN_free(bb);
			if (memcmp(ours, want, 32))
				return t_fail("%s(%016llx%016llx%016llx%016llx, %016llx%016llx%016llx%016llx): %s vs %s",
					    op_names[op], (unsigned long long)a[3], (unsigned long long)a[2],
					    (unsigned long long)a[1], (unsigned long long)a[0],
					    (unsigned long long)b[3], (unsigned long long)b[2],
					    (unsigned long long)b[1], (unsigned long long)b[0],
					    tohex(ours, 32), tohex(want, 32));
		}
	}
	/* In-place use, as the ladder does (x3 = x3^2, z2 = z2 * e ...). */
	for (i = 0; i < 1000; ++i) {
		pick64(a);
		pick64(b);
		fe64_mul(r, a, b);
		fe64_mul(a, a, b);
		if (memcmp(r, a, sizeof(r)))
			return t_fail("in-place mul differs");
		fe64_sq(r, b);
		fe64_sq(b, b);
		if (memcmp(r, b, sizeof(r)))
			return t_fail("in-place sq differs");
	}
	return 0;
}

static void bn_to_fe64(fe64 v, const BIGNUM *x)
{
	u8 b[32];
	int i;

	BN_bn2lebinpad(x, b, 32);
	for (i = 0; i < 4; ++i)
		v[i] = get_unaligned_le64(b + 8 * i);
}

static int check64(const char *what, enum op op, const fe64 a, const fe64 b)
{
	fe64 r, t, zero = { 0 };
	u8 ours[32], want[32];
	BIGNUM *ba = bn_from_limbs(a, 4, 64), *bb = bn_from_limbs(b, 4, 64);

	switch (op) {
	case OP_MUL: fe64_mul(r, a, b); break;
	case OP_ADD: fe64_addsub(r, t, a, b); break;
	case OP_SUB: fe64_addsub(t, r, a, b); break;
	case OP_EA24: fe64_sub_a24(t, r, a, b); break;
	case OP_A24: fe64_sub_a24(t, r, a, zero); break;
	default: abort();
	}
	fe64_tobytes(ours, r);
	bn_op(want, op, ba, bb);
	BN_free(ba);
	BN_free(bb);
	if (memcmp(ours, want, 32))
		return t_fail("%s: %s vs %s", what, tohex(ours, 32), tohex(want, 32));
	return 0;
}

/*
 * Inputs built so that each second fold (a carry or borrow left after the
 * first 38-fold) really happens:
 * - mul: a = 2^256 - 1, b = (37 - j) / 37 mod 2^256 makes low + 38 * high
 *   end within 38 * carry of 2^256;
 * - mul121666: a = -1 / 60833 mod 2^255 makes the low 256 bits 2^256 - 2;
 * - add: (2^256 - 1) + (2^256 - 1); sub: 0 - (2^256 - 1).
 */
static int t_adx_second_folds(void)
{
	BIGNUM *m256 = BN_new(), *m255 = BN_new(), *t = BN_new(), *inv = BN_new();
	fe64 ones, a, b, zero = { 0 };
	int j, err = 0;

	if (!cpu_has_bmi2_adx()) {
		printf("# no BMI2/ADX on this CPU: nothing to test\n");
		return 0;
	}
	memset(ones, 0xff, sizeof(ones));
	BN_zero(m256);
	BN_set_bit(m256, 256);
	BN_zero(m255);
	BN_set_bit(m255, 255);
	BN_set_word(t, 37);
	BN_mod_inverse(inv, t, m256, bnctx);
	for (j = 1; j <= 37 && !err; ++j) {
		BN_set_word(t, 37 - j);
		BN_mod_mul(t, t, inv, m256, bnctx);
		bn_to_fe64(b, t);
		err |= check64("mul second fold", OP_MUL, ones, b);
		err |= check64("mul second fold (swapped)", OP_MUL, b, ones);
	}
	BN_set_word(t, 60833);
	BN_mod_inverse(inv, t, m255, bnctx);
	BN_sub(t, m255, inv);
	bn_to_fe64(a, t);
	err |= check64("mul121666 second fold", OP_A24, a, a);
	a[3] |= 1ULL << 63;
	err |= check64("mul121666 second fold, top bit", OP_A24, a, a);
	err |= check64("add second fold", OP_ADD, ones, ones);
	err |= check64("sub second fold", OP_SUB, zero, ones);
	err |= check64("(a-b)*121666+b second folds", OP_EA24, zero, ones);
	err |= check64("(a-b)*121666+b, b = 2^256 - 1", OP_EA24, ones, ones);
	BN_free(m256);
	BN_free(m255);
	BN_free(t);
	BN_free(inv);
	return err;
}

/* The 51-bit path within its documented input bounds: limbs below 2^54
 * for mul/sq, the subtrahend below 2^51 + 2^13 (mul/sq outputs). */
static void pick51(fe v, u64 bound)
{
	static const u64 edges[] = { 0, 1, 19, 0x7ffffffffffffULL, 0x7ffffffffffedULL,
				     0x8000000000000ULL };
	int i;

	for (i = 0; i < 5; ++i) {
		if (rnd64() % 3 == 0)
			v[i] = bound - 1 - (rnd64() & 3);
		else if (rnd64() & 1)
			v[i] = edges[rnd64() % ARRAY_SIZE(edges)] % bound;
		else
			v[i] = rnd64() % bound;
	}
}

static int t_generic_ops(void)
{
	fe a, b, r;
	u8 ours[32], want[32];
	int i, op;

	for (i = 0; i < 20000; ++i) {
		for (op = 0; op < OP_N; ++op) {
			BIGNUM *ba, *bb;

			if (op == OP_EA24)	/* fused only in the BMI2+ADX path */
				continue;

			pick51(a, op == OP_ADD || op == OP_SUB ? (1ULL << 51) + (1ULL << 13) :
				  op == OP_A24 ? 1ULL << 53 : 1ULL << 54);
			pick51(b, op == OP_SUB || op == OP_ADD ? (1ULL << 51) + (1ULL << 13) :
				  1ULL << 54);
			ba = bn_from_limbs(a, 5, 51);
			bb = bn_from_limbs(b, 5, 51);
			switch (op) {
			case OP_MUL: fe_mul(r, a, b); break;
			case OP_SQ: fe_sq(r, a); break;
			case OP_ADD: fe_add(r, a, b); break;
			case OP_SUB: fe_sub(r, a, b); break;
			case OP_A24: fe_mul_small(r, a, 121666); break;
			case OP_M9: fe_mul_small(r, a, 9); break;
			default: memcpy(r, a, sizeof(r)); break;
			}
			/* The ladder relies on these output bounds (fe_sub, fe_mul inputs). */
			if (op == OP_MUL || op == OP_SQ || op == OP_A24 || op == OP_M9) {
				int l;

				for (l = 0; l < 5; ++l)
					if (r[l] >= (1ULL << 51) + (1ULL << 18))
						return t_fail("%s: output limb %d = %llx too large",
							    op_names[op], l, (unsigned long long)r[l]);
			}
			fe_tobytes(ours, r);
			bn_op(want, op, ba, bb);
			BN_free(ba);
			BN_free(bb);
			if (memcmp(ours, want, 32))
				return t_fail("%s: %s vs %s", op_names[op], tohex(ours, 32),
					    tohex(want, 32));
		}
	}
	return 0;
}

/* The safegcd inversion (shared by both paths) against BN_mod_inverse:
 * 0 and values around 0, p and 2^255, single-bit values, random ones. */
static int t_invert(void)
{
	BIGNUM *x = BN_new(), *r = BN_new();
	u8 in[32], out[32], want[32];
	int i, j;

	for (i = 0; i < 30000; ++i) {
		if (i < 40) {	/* 0..19 and p - 20 .. p - 1 */
			BN_copy(x, bn_p);
			BN_sub_word(x, 40);
			BN_add_word(x, (BN_ULONG)i);
			if (i < 20)
				BN_set_word(x, (BN_ULONG)i);
		} else if (i < 40 + 255) {
			BN_zero(x);
			BN_set_bit(x, i - 40);
		} else {
			rnd_bytes(in, 32);
			for (j = 0; j < 4; ++j)	/* long runs of 0 or 1 bits */
				if (rnd64() % 4 == 0)
					memset(in + 8 * j, rnd64() & 1 ? 0xff : 0, 8);
			in[31] &= 0x7f;
			BN_lebin2bn(in, 32, x);
		}
		BN_nnmod(x, x, bn_p, bnctx);	/* the callers pass canonical values */
		BN_bn2lebinpad(x, in, 32);
		wg_x25519_invert(out, in);
		if (!BN_is_zero(x) && !BN_mod_inverse(r, x, bn_p, bnctx))
			break;
		if (BN_is_zero(x))
			BN_zero(r);
		bn_to_le32(want, r);
		if (memcmp(out, want, 32))
			break;
	}
	BN_free(x);
	BN_free(r);
	if (i < 30000)
		return t_fail("1/%s = %s, want %s", tohex(in, 32), tohex(out, 32),
			    tohex(want, 32));
	return 0;
}

int main(void)
{
	static const u8 p_le[32] = {
		0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
	};

	bnctx = BN_CTX_new();
	bn_p = BN_lebin2bn(p_le, 32, NULL);
	t_run("x25519-field-bmi2-adx-edge-limbs-vs-bignum", t_adx_ops);
	t_run("x25519-field-bmi2-adx-second-folds", t_adx_second_folds);
	t_run("x25519-field-generic-edge-limbs-vs-bignum", t_generic_ops);
	t_run("x25519-invert-safegcd-vs-bignum", t_invert);
	BN_free(bn_p);
	BN_CTX_free(bnctx);
	return t_finish();
}
