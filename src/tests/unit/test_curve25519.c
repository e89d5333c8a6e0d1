// SPDX-License-Identifier: GPL-2.0
/*
 * X25519: RFC 7748 vectors (5.2 incl. the iterated test, 6.1), the
 * python3-cryptography-vectors file, low-order and non-canonical points,
 * key generation, and a differential test against libsodium and OpenSSL.
 * Every implementation path this CPU has is forced in turn.
 *
 * Environment: WG_X25519_DIFF=n random cases per path (default 3000 here;
 * the -O2 build test_x25519_diff runs 100,000), WG_X25519_MILLION=1 adds
 * the 1,000,000-iteration RFC 7748 test.
 */
#include "crypto/crypto.h"
#include "casym_test.h"

#include <sodium.h>
#include <openssl/evp.h>

#ifndef X25519_DIFF_DEFAULT
#define X25519_DIFF_DEFAULT 3000
#endif

#define X25519_VECTORS "/usr/lib/python3/dist-packages/cryptography_vectors/asymmetric/X25519/rfc7748.txt"

/* The dispatch word crypto.c normally owns; the tests drive it directly. */
unsigned int wg_crypto_enabled;

static unsigned long diff_count = X25519_DIFF_DEFAULT;
static const char *path_name;

static void h2b(u8 out[32], const char *hex)
{
	if (unhex(out, 32, hex) != 32)
		abort();
}

/* OpenSSL's X25519; returns -1 when it refuses (all-zero result). */
static int ossl_x25519(u8 out[32], const u8 k[32], const u8 u[32])
{
	EVP_PKEY *priv = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, k, 32);
	EVP_PKEY *pub = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, u, 32);
	EVP_PKEY_CTX *ctx = priv ? EVP_PKEY_CTX_new(priv, NULL) : NULL;
	size_t n = 32;
	int ok;

	ok = ctx && pub && EVP_PKEY_derive_init(ctx) > 0 &&
	     EVP_PKEY_derive_set_peer(ctx, pub) > 0 &&
	     EVP_PKEY_derive(ctx, out, &n) > 0 && n == 32;
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pub);
	EVP_PKEY_free(priv);
	return ok ? 0 : -1;
}

static int t_rfc7748_vectors(void)
{
	static const char *const v[][3] = {
		{ "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
		  "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
		  "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552" },
		{ "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
		  "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
		  "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957" },
	};
	u8 k[32], u[32], want[32], out[32];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(v); ++i) {
		h2b(k, v[i][0]);
		h2b(u, v[i][1]);
		h2b(want, v[i][2]);
		if (!wg_curve25519(out, k, u))
			return t_fail("vector %zu returned false", i);
		if (memcmp(out, want, 32))
			return t_fail("vector %zu: got %s", i, tohex(out, 32));
	}
	return 0;
}

static int iterate(unsigned long n, const char *want_hex)
{
	u8 k[32] = { 9 }, u[32] = { 9 }, r[32], want[32];
	unsigned long i;

	h2b(want, want_hex);
	for (i = 0; i < n; ++i) {
		wg_curve25519(r, k, u);
		memcpy(u, k, 32);
		memcpy(k, r, 32);
	}
	if (memcmp(k, want, 32))
		return t_fail("after %lu iterations: %s", n, tohex(k, 32));
	return 0;
}

static int t_rfc7748_iterated(void)
{
	if (iterate(1, "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079"))
		return 1;
	if (iterate(1000, "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"))
		return 1;
	if (getenv("WG_X25519_MILLION") &&
	    iterate(1000000, "7c3911e0ab2586fd864497297e575e6f3bc601c0883c30df5f4dd2d24f665424"))
		return 1;
	return 0;
}

static int t_rfc7748_alice_bob(void)
{
	u8 a[32], b[32], apub[32], bpub[32], want_a[32], want_b[32], want_k[32];
	u8 k1[32], k2[32];

	h2b(a, "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
	h2b(want_a, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
	h2b(b, "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
	h2b(want_b, "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
	h2b(want_k, "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
	if (!wg_curve25519_generate_public(apub, a) || memcmp(apub, want_a, 32))
		return t_fail("Alice's public key %s", tohex(apub, 32));
	if (!wg_curve25519_generate_public(bpub, b) || memcmp(bpub, want_b, 32))
		return t_fail("Bob's public key %s", tohex(bpub, 32));
	if (!wg_curve25519(k1, a, bpub) || memcmp(k1, want_k, 32))
		return t_fail("Alice's shared secret %s", tohex(k1, 32));
	if (!wg_curve25519(k2, b, apub) || memcmp(k2, want_k, 32))
		return t_fail("Bob's shared secret %s", tohex(k2, 32));
	return 0;
}

static int t_cryptography_vectors(void)
{
	FILE *f = fopen(X25519_VECTORS, "r");
	char line[512];
	u8 k[32], u[32], want[32], out[32];
	int have = 0, count = 0;

	if (!f)
		return t_fail("cannot open %s (python3-cryptography-vectors)", X25519_VECTORS);
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "INPUT_SCALAR = ", 15))
			have |= (unhex(k, 32, line + 15) == 32) << 0;
		else if (!strncmp(line, "INPUT_U = ", 10))
			have |= (unhex(u, 32, line + 10) == 32) << 1;
		else if (!strncmp(line, "OUTPUT_U = ", 11)) {
			if (have != 3 || unhex(want, 32, line + 11) != 32) {
				fclose(f);
				return t_fail("cannot parse vector %d", count);
			}
			if (!wg_curve25519(out, k, u) || memcmp(out, want, 32)) {
				fclose(f);
				return t_fail("vector %d: got %s", count, tohex(out, 32));
			}
			count++;
			have = 0;
		}
	}
	fclose(f);
	if (count < 3)
		return t_fail("only %d vectors found", count);
	printf("# %d vectors from rfc7748.txt\n", count);
	return 0;
}

/* protocol.md 1.1's seven low-order encodings, also with bit 255 set. */
static int t_low_order_points(void)
{
	static const char *const pts[] = {
		"0000000000000000000000000000000000000000000000000000000000000000",
		"0100000000000000000000000000000000000000000000000000000000000000",
		"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
		"5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
		"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	};
	u8 k[32], u[32], out[32], zero[32] = { 0 };
	size_t i;
	int hi, trial;

	for (trial = 0; trial < 20; ++trial) {
		rnd_bytes(k, 32);
		for (i = 0; i < ARRAY_SIZE(pts); ++i) {
			for (hi = 0; hi < 2; ++hi) {
				h2b(u, pts[i]);
				u[31] |= hi << 7;
				memset(out, 0x77, 32);
				if (wg_curve25519(out, k, u))
					return t_fail("point %zu (bit 255 %d) accepted", i, hi);
				if (memcmp(out, zero, 32))
					return t_fail("point %zu: output %s not zero", i, tohex(out, 32));
			}
		}
	}
	return 0;
}

/* u in [p, 2^255) and with bit 255 set: reduced mod p, as OpenSSL does. */
static int t_noncanonical_points(void)
{
	u8 k[32], u[32], ours[32], theirs[32];
	int i, j, okours, oktheirs;

	for (i = 0; i < 40; ++i) {
		rnd_bytes(k, 32);
		if (i < 19) {
			memset(u, 0xff, 32);	/* p + i = 2^255 - 19 + i */
			u[0] = 0xed + i;
			u[31] = 0x7f;
		} else if (i < 38) {
			rnd_bytes(u, 32);	/* a random point with bit 255 set */
			u[31] |= 0x80;
		} else {
			memset(u, 0xff, 32);	/* 2^256 - 1 */
		}
		okours = wg_curve25519(ours, k, u);
		oktheirs = ossl_x25519(theirs, k, u) == 0;
		if (okours != oktheirs)
			return t_fail("u=%s: ours %d, OpenSSL %d", tohex(u, 32), okours, oktheirs);
		if (okours && memcmp(ours, theirs, 32))
			return t_fail("u=%s: %s vs %s", tohex(u, 32), tohex(ours, 32), tohex(theirs, 32));
		/* The same point written canonically gives the same result. */
		for (j = 0; j < 32 && i < 19; ++j)
			u[j] = 0;
		if (i < 19) {
			u[0] = i;
			wg_curve25519(theirs, k, u);
			if (memcmp(ours, theirs, 32))
				return t_fail("p + %d differs from %d", i, i);
		}
	}
	return 0;
}

static int t_public_key(void)
{
	u8 k[32], ours[32], theirs[32], zero[32] = { 0 };
	int i;

	for (i = 0; i < 500; ++i) {
		rnd_bytes(k, 32);
		if (!wg_curve25519_generate_public(ours, k))
			return t_fail("random key refused");
		if (crypto_scalarmult_base(theirs, k))
			return t_fail("libsodium refused the key");
		if (memcmp(ours, theirs, 32))
			return t_fail("key %s: %s vs %s", tohex(k, 32), tohex(ours, 32), tohex(theirs, 32));
	}
	memset(ours, 0x55, 32);
	if (wg_curve25519_generate_public(ours, zero))
		return t_fail("the all-zero private key has a public key");
	if (memcmp(ours, zero, 32))
		return t_fail("the all-zero private key gave %s", tohex(ours, 32));
	return 0;
}

static int t_generate_secret(void)
{
	u8 a[32], b[32];
	int i;

	for (i = 0; i < 1000; ++i) {
		wg_curve25519_generate_secret(a);
		if ((a[0] & 7) || !(a[31] & 0x40) || (a[31] & 0x80))
			return t_fail("not clamped: %s", tohex(a, 32));
		wg_curve25519_generate_secret(b);
		if (!memcmp(a, b, 32))
			return t_fail("two secrets are equal");
	}
	return 0;
}

/* out may be the same buffer as the secret or the point. */
static int t_aliasing(void)
{
	u8 k[32], u[32], want[32], buf[32];

	rnd_bytes(k, 32);
	rnd_bytes(u, 32);
	wg_curve25519(want, k, u);
	memcpy(buf, k, 32);
	wg_curve25519(buf, buf, u);
	if (memcmp(buf, want, 32))
		return t_fail("out == secret differs");
	memcpy(buf, u, 32);
	wg_curve25519(buf, k, buf);
	if (memcmp(buf, want, 32))
		return t_fail("out == point differs");
	return 0;
}

static int t_module_selftest(void)
{
	return wg_curve25519_selftest() ? 0 : t_fail("wg_curve25519_selftest() returned false");
}

static int t_differential(void)
{
	u8 k[32], u[32], ours[32], sod[32], ossl[32];
	unsigned long i;
	int r;

	for (i = 0; i < diff_count; ++i) {
		rnd_bytes(k, 32);
		rnd_bytes(u, 32);
		if (i % 5 == 0)
			u[31] &= 0x7f;
		if (!wg_curve25519(ours, k, u))
			return t_fail("random point %s refused", tohex(u, 32));
		/* libsodium clears bit 255 itself but refuses non-canonical
		 * low-order inputs; a random point is never one. */
		r = crypto_scalarmult(sod, k, u);
		if (r || memcmp(ours, sod, 32))
			return t_fail("k=%s u=%s: ours %s libsodium %s (rc %d)", tohex(k, 32),
				    tohex(u, 32), tohex(ours, 32), tohex(sod, 32), r);
		if (ossl_x25519(ossl, k, u) || memcmp(ours, ossl, 32))
			return t_fail("k=%s u=%s: ours %s OpenSSL %s", tohex(k, 32),
				    tohex(u, 32), tohex(ours, 32), tohex(ossl, 32));
	}
	printf("# %s: %lu random (scalar, point) pairs agree with libsodium and OpenSSL\n",
	       path_name, diff_count);
	return 0;
}

struct path {
	const char *name;
	unsigned int mask;
};

int main(void)
{
	static const struct path paths[] = {
		{ "generic", WG_IMPL_GENERIC },
		{ "bmi2-adx", WG_IMPL_BMI2_ADX },
	};
	const char *e = getenv("WG_X25519_DIFF");
	char name[128];
	size_t p;

	if (e)
		diff_count = strtoul(e, NULL, 0);
	if (sodium_init() < 0) {
		printf("FAIL x25519-libsodium-init: sodium_init failed\n0 passed, 1 failed\n");
		return 1;
	}
	for (p = 0; p < ARRAY_SIZE(paths); ++p) {
		if (paths[p].mask == WG_IMPL_BMI2_ADX && !cpu_has_bmi2_adx()) {
			printf("# this CPU lacks BMI2/ADX: path bmi2-adx not run\n");
			continue;
		}
		wg_crypto_enabled = paths[p].mask;
		path_name = paths[p].name;
#define RUN(n, f) do { snprintf(name, sizeof(name), n "-%s", path_name); t_run(name, f); } while (0)
#ifndef X25519_DIFF_ONLY
		RUN("x25519-module-selftest", t_module_selftest);
		RUN("x25519-rfc7748-vectors", t_rfc7748_vectors);
		RUN("x25519-rfc7748-iterated", t_rfc7748_iterated);
		RUN("x25519-rfc7748-alice-bob", t_rfc7748_alice_bob);
		RUN("x25519-cryptography-vectors", t_cryptography_vectors);
		RUN("x25519-low-order-points-refused", t_low_order_points);
		RUN("x25519-noncanonical-points-openssl", t_noncanonical_points);
		RUN("x25519-public-key-libsodium", t_public_key);
		RUN("x25519-generate-secret-clamped", t_generate_secret);
		RUN("x25519-output-aliasing", t_aliasing);
#endif
		RUN("x25519-differential", t_differential);
#undef RUN
	}
	return t_finish();
}
