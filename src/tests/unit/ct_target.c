// SPDX-License-Identifier: GPL-2.0
/*
 * Constant-time check, run under valgrind memcheck by test_ct.
 *
 * Secrets (X25519 scalars, BLAKE2s/HMAC keys, Poly1305 and AEAD keys,
 * plaintexts) are marked undefined with VALGRIND_MAKE_MEM_UNDEFINED. Any
 * branch or memory address computed from them makes memcheck report
 * "Conditional jump or move depends on uninitialised value(s)" or "Use of
 * uninitialised value", and valgrind --error-exitcode=1 fails the test.
 * Results are declassified (VALGRIND_MAKE_MEM_DEFINED) only here, after
 * each primitive returns, to check them against expected values. The
 * verdict of crypto_memneq is public by design (see the shim).
 *
 * Every crypto path valgrind's CPU offers is forced in turn.
 */
#include "crypto/crypto.h"
#include <valgrind/memcheck.h>

#define SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#define PUBLIC(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))

static int checks, wrong;

static void expect(int cond, const char *what, unsigned int path)
{
	checks++;
	if (!cond) {
		wrong++;
		printf("ct-target: wrong result: %s (path 0x%x)\n", what, path);
	}
}

static void ct_x25519(unsigned int path)
{
	static const u8 base[32] = { 9 };
	u8 a[32], b[32], apub[32], bpub[32], k1[32], k2[32];
	int ok1, ok2;

	get_random_bytes(a, 32);
	get_random_bytes(b, 32);
	SECRET(a, 32);
	SECRET(b, 32);
	ok1 = wg_curve25519_generate_public(apub, a);
	ok2 = wg_curve25519(bpub, b, base);
	PUBLIC(&ok1, sizeof(ok1));
	PUBLIC(&ok2, sizeof(ok2));
	PUBLIC(apub, 32);
	PUBLIC(bpub, 32);
	expect(ok1 && ok2, "x25519 public keys", path);
	ok1 = wg_curve25519(k1, a, bpub);
	ok2 = wg_curve25519(k2, b, apub);
	PUBLIC(&ok1, sizeof(ok1));
	PUBLIC(&ok2, sizeof(ok2));
	PUBLIC(k1, 32);
	PUBLIC(k2, 32);
	expect(ok1 && ok2 && !memcmp(k1, k2, 32), "x25519 shared secret", path);

	/* The secret itself being all zero must not be tested by a branch. */
	memset(a, 0, 32);
	SECRET(a, 32);
	ok1 = wg_curve25519_generate_public(apub, a);
	PUBLIC(&ok1, sizeof(ok1));
	expect(!ok1, "x25519 zero private key refused", path);
	wg_curve25519_generate_secret(a);
}

static void ct_blake2s(unsigned int path)
{
	u8 key[32], msg[200], mac[32], mac2[32], hmac[32];
	struct wg_blake2s_state st;

	get_random_bytes(key, 32);
	get_random_bytes(msg, sizeof(msg));
	SECRET(key, 32);
	SECRET(msg, sizeof(msg));
	wg_blake2s(mac, msg, key, 16, sizeof(msg), 32);	/* mac1/cookie MAC */
	wg_blake2s_init_key(&st, 16, key, 32);
	wg_blake2s_update(&st, msg, 77);
	wg_blake2s_update(&st, msg + 77, sizeof(msg) - 77);
	wg_blake2s_final(&st, mac2);
	wg_blake2s_hmac(hmac, msg, key, sizeof(msg), 32);	/* the KDF */
	wg_blake2s_hmac(hmac, msg, hmac, 33, 32);
	PUBLIC(mac, 16);
	PUBLIC(mac2, 16);
	PUBLIC(hmac, 32);
	expect(!memcmp(mac, mac2, 16), "blake2s keyed streaming", path);
	/* A received MAC compared against the computed one. */
	expect(crypto_memneq(mac, mac2, 16) == 0, "blake2s mac compare", path);
}

static void ct_poly1305(unsigned int path)
{
	struct wg_poly1305_ctx ctx;
	u8 key[32], msg[300], tag[16], given[16];
	unsigned long neq;

	get_random_bytes(key, 32);
	get_random_bytes(msg, sizeof(msg));
	SECRET(key, 32);
	wg_poly1305_init(&ctx, key);
	wg_poly1305_update(&ctx, msg, 13);
	wg_poly1305_update(&ctx, msg + 13, sizeof(msg) - 13);
	wg_poly1305_final(&ctx, tag);
	/* The received tag is public; the computed one is secret until compared. */
	memcpy(given, tag, 16);
	PUBLIC(given, 16);
	neq = crypto_memneq(tag, given, 16);
	expect(neq == 0, "poly1305 tag matches", path);
	given[5] ^= 1;
	neq = crypto_memneq(tag, given, 16);
	expect(neq != 0, "poly1305 forged tag differs", path);
}

static void ct_aead(unsigned int path)
{
	u8 key[32], xnonce[24], pt[333], ct[333 + 16], out[333], ad[20];
	bool ok;

	get_random_bytes(key, 32);
	get_random_bytes(pt, sizeof(pt));
	get_random_bytes(ad, sizeof(ad));
	get_random_bytes(xnonce, sizeof(xnonce));
	SECRET(key, 32);
	SECRET(pt, sizeof(pt));
	wg_chacha20poly1305_encrypt(ct, pt, sizeof(pt), ad, sizeof(ad), 7, key);
	PUBLIC(ct, sizeof(ct));	/* what goes on the wire */
	ok = wg_chacha20poly1305_decrypt(out, ct, sizeof(ct), ad, sizeof(ad), 7, key);
	PUBLIC(&ok, sizeof(ok));
	PUBLIC(out, sizeof(out));
	PUBLIC(pt, sizeof(pt));
	expect(ok && !memcmp(out, pt, sizeof(pt)), "aead round trip", path);
	SECRET(pt, sizeof(pt));
	ct[sizeof(ct) - 3] ^= 0x40;
	ok = wg_chacha20poly1305_decrypt(out, ct, sizeof(ct), ad, sizeof(ad), 7, key);
	PUBLIC(&ok, sizeof(ok));
	expect(!ok, "aead forged tag refused", path);

	wg_xchacha20poly1305_encrypt(ct, pt, 100, ad, sizeof(ad), xnonce, key);
	PUBLIC(ct, 100 + 16);
	ok = wg_xchacha20poly1305_decrypt(out, ct, 100 + 16, ad, sizeof(ad), xnonce, key);
	PUBLIC(&ok, sizeof(ok));
	PUBLIC(out, 100);
	PUBLIC(pt, 100);
	expect(ok && !memcmp(out, pt, 100), "xaead round trip", path);
}

int main(int argc, char **argv)
{
	static const unsigned int paths[] = {
		WG_IMPL_GENERIC, WG_IMPL_SSSE3, WG_IMPL_AVX2, WG_IMPL_AVX512,
		WG_IMPL_BMI2_ADX,
	};
	unsigned int avail, i;

	if (wg_crypto_init()) {
		printf("ct-target: wg_crypto_init failed\n");
		return 2;
	}
	avail = wg_crypto_available();
	for (i = 0; i < ARRAY_SIZE(paths); ++i) {
		if (paths[i] && !(avail & paths[i]))
			continue;
		wg_crypto_force(paths[i]);
		printf("ct-target: path 0x%x\n", paths[i]);
		ct_x25519(paths[i]);
		ct_blake2s(paths[i]);
		ct_poly1305(paths[i]);
		ct_aead(paths[i]);
	}
	/* valgrind's CPUID hides ADX although it runs adcx/adox: test_ct
	 * passes "adx" when the real CPU has BMI2 and ADX. */
	if (argc > 1 && !strcmp(argv[1], "adx") && !(avail & WG_IMPL_BMI2_ADX)) {
		WRITE_ONCE(wg_crypto_enabled, WG_IMPL_BMI2_ADX);
		printf("ct-target: path 0x%x (x25519 only)\n", WG_IMPL_BMI2_ADX);
		ct_x25519(WG_IMPL_BMI2_ADX);
		avail |= WG_IMPL_BMI2_ADX;
	}
	printf("ct-target: %d checks, %d wrong (paths available 0x%x)\n", checks, wrong, avail);
	return wrong ? 3 : 0;
}
