// SPDX-License-Identifier: GPL-2.0
/*
 * make bench-crypto: our primitives against OpenSSL (libcrypto EVP) and
 * libsodium, measured in one process, interleaved, fastest of many short
 * batches.
 * ChaCha20-Poly1305 and BLAKE2s in MB/s (10^6 bytes), X25519 in ops/s.
 * libsodium has no BLAKE2s (only BLAKE2b): that column says n/a there.
 */
#include "crypto/crypto.h"

#include <sodium.h>
#include <openssl/evp.h>
#include <time.h>

static u8 key[32], ad[16], in[16384 + 16], out[16384 + 16], sealed[16384 + 16];
static size_t cur_len;
static EVP_CIPHER_CTX *evp;
static EVP_MD_CTX *mdctx;
static const EVP_MD *blake2s_md;
static volatile u8 sink;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef void (*op_fn)(void);

/* Operations per second of fn: the fastest of `batches` batches of about
 * 50 us each. On a busy machine the fastest batch is the one that ran
 * undisturbed, which is what we want to compare. */
static double rate(op_fn fn, int batches)
{
	unsigned long k = 1, i;
	double t, best = 1e9;

	for (;;) {
		t = now();
		for (i = 0; i < k; i++)
			fn();
		if (now() - t > 50e-6)
			break;
		k *= 2;
	}
	while (batches--) {
		t = now();
		for (i = 0; i < k; i++)
			fn();
		t = now() - t;
		best = t < best ? t : best;
	}
	return k / best;
}

/* ---- ChaCha20-Poly1305, nonce 0^32 || le64(n) ---- */
static u64 ctr;
static u8 n96[12];

static void ours_enc(void)
{
	wg_chacha20poly1305_encrypt(out, in, cur_len, NULL, 0, ++ctr, key);
}

static void ours_dec(void)
{
	if (!wg_chacha20poly1305_decrypt(out, sealed, cur_len + 16, NULL, 0, 1, key))
		abort();
}

static void sodium_enc(void)
{
	unsigned long long cl;

	put_unaligned_le64(++ctr, n96 + 4);
	crypto_aead_chacha20poly1305_ietf_encrypt(out, &cl, in, cur_len, NULL, 0, NULL, n96, key);
}

static void sodium_dec(void)
{
	unsigned long long ml;

	put_unaligned_le64(1, n96 + 4);
	if (crypto_aead_chacha20poly1305_ietf_decrypt(out, &ml, NULL, sealed, cur_len + 16,
						      NULL, 0, n96, key))
		abort();
}

static void ossl_enc(void)
{
	int l1, l2;

	put_unaligned_le64(++ctr, n96 + 4);
	if (!EVP_EncryptInit_ex(evp, NULL, NULL, key, n96) ||
	    !EVP_EncryptUpdate(evp, out, &l1, in, (int)cur_len) ||
	    !EVP_EncryptFinal_ex(evp, out + l1, &l2) ||
	    !EVP_CIPHER_CTX_ctrl(evp, EVP_CTRL_AEAD_GET_TAG, 16, out + cur_len))
		abort();
}

static void ossl_dec(void)
{
	int l1, l2;

	put_unaligned_le64(1, n96 + 4);
	if (!EVP_DecryptInit_ex(evp, NULL, NULL, key, n96) ||
	    !EVP_DecryptUpdate(evp, out, &l1, sealed, (int)cur_len) ||
	    !EVP_CIPHER_CTX_ctrl(evp, EVP_CTRL_AEAD_SET_TAG, 16, sealed + cur_len) ||
	    EVP_DecryptFinal_ex(evp, out + l1, &l2) <= 0)
		abort();
}

/* ---- BLAKE2s-256 ---- */
static void ours_b2s(void)
{
	wg_blake2s(out, in, NULL, 32, cur_len, 0);
}

static void ossl_b2s(void)
{
	unsigned int l;

	if (!EVP_DigestInit_ex(mdctx, blake2s_md, NULL) ||
	    !EVP_DigestUpdate(mdctx, in, cur_len) || !EVP_DigestFinal_ex(mdctx, out, &l))
		abort();
}

/* ---- X25519: one scalar multiplication of a variable point ---- */
static u8 pub[32];

static void ours_x25519(void)
{
	wg_curve25519(out, key, pub);
	pub[0] ^= out[0] & 1;
}

static void sodium_x25519(void)
{
	if (crypto_scalarmult(out, key, pub))
		abort();
	pub[0] ^= out[0] & 1;
}

static EVP_PKEY *okey;
static EVP_PKEY_CTX *opctx;
static void ossl_x25519(void)
{
	EVP_PKEY *peer = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, pub, 32);
	size_t l = 32;

	if (!peer || EVP_PKEY_derive_init(opctx) <= 0 ||
	    EVP_PKEY_derive_set_peer(opctx, peer) <= 0 ||
	    EVP_PKEY_derive(opctx, out, &l) <= 0)
		abort();
	EVP_PKEY_free(peer);
	pub[0] ^= out[0] & 1;
}

/* best of `rounds` interleaved rounds; scale turns ops/s into the unit */
static void bench(const char *name, size_t size, op_fn o, op_fn s, op_fn x,
		  double scale, int rounds)
{
	double bo = 0, bs = 0, bx = 0, r;
	char sod[32];

	cur_len = size;
	for (int i = 0; i < rounds; i++) {
		r = rate(o, 40) * scale;
		bo = r > bo ? r : bo;
		if (x) {
			r = rate(x, 40) * scale;
			bx = r > bx ? r : bx;
		}
		if (s) {
			r = rate(s, 40) * scale;
			bs = r > bs ? r : bs;
		}
	}
	if (s)
		snprintf(sod, sizeof(sod), "%.1f", bs);
	else
		snprintf(sod, sizeof(sod), "n/a");
	printf("bench %s %zu ours=%.1f openssl=%.1f libsodium=%s ratio_openssl=%.2f\n",
	       name, size, bo, bx, sod, bx > 0 ? bo / bx : 0);
	fflush(stdout);
}

int main(void)
{
	static const size_t sizes[] = { 64, 256, 1420, 16384 };
	unsigned int i;

	if (sodium_init() < 0 || wg_crypto_init())
		return 1;
	evp = EVP_CIPHER_CTX_new();
	mdctx = EVP_MD_CTX_new();
	blake2s_md = EVP_get_digestbyname("BLAKE2S256");
	if (!evp || !mdctx || !blake2s_md ||
	    !EVP_EncryptInit_ex(evp, EVP_chacha20_poly1305(), NULL, NULL, NULL))
		return 1;
	randombytes_buf(key, sizeof(key));
	randombytes_buf(in, sizeof(in));
	randombytes_buf(ad, sizeof(ad));
	/* WG_BENCH_PATHS=0x3 (say) measures ours as on a CPU without AVX-512 */
	if (getenv("WG_BENCH_PATHS"))
		wg_crypto_force(strtoul(getenv("WG_BENCH_PATHS"), NULL, 0));
	printf("# units: MB/s (10^6 bytes/s) for chacha20poly1305-* and blake2s, ops/s for x25519\n");
	printf("# our SIMD paths: 0x%x of 0x%x (1 SSSE3, 2 AVX2, 4 AVX-512, 8 BMI2+ADX, 16 AVX-512 IFMA)\n",
	       wg_crypto_enabled, wg_crypto_available());
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		bench("chacha20poly1305-encrypt", sizes[i], ours_enc, sodium_enc, ossl_enc,
		      sizes[i] / 1e6, 5);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		wg_chacha20poly1305_encrypt(sealed, in, sizes[i], NULL, 0, 1, key);
		if (!EVP_DecryptInit_ex(evp, EVP_chacha20_poly1305(), NULL, NULL, NULL))
			return 1;
		bench("chacha20poly1305-decrypt", sizes[i], ours_dec, sodium_dec, ossl_dec,
		      sizes[i] / 1e6, 5);
	}
	bench("blake2s", 64, ours_b2s, NULL, ossl_b2s, 64 / 1e6, 5);
	bench("blake2s", 1420, ours_b2s, NULL, ossl_b2s, 1420 / 1e6, 5);

	wg_curve25519_clamp_secret(key);
	crypto_scalarmult_base(pub, key);
	okey = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, key, 32);
	opctx = okey ? EVP_PKEY_CTX_new(okey, NULL) : NULL;
	if (!opctx)
		return 1;
	bench("x25519", 32, ours_x25519, sodium_x25519, ossl_x25519, 1, 5);
	(void)sink;
	EVP_PKEY_CTX_free(opctx);
	EVP_PKEY_free(okey);
	EVP_MD_CTX_free(mdctx);
	EVP_CIPHER_CTX_free(evp);
	return 0;
}
