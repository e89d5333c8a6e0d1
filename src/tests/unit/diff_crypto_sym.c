// SPDX-License-Identifier: GPL-2.0
/*
 * Differential test of ChaCha20, Poly1305, ChaCha20-Poly1305 and
 * XChaCha20-Poly1305 against libsodium and OpenSSL's EVP: DIFF_N random
 * inputs per path (lengths 0..4096, source and destination at every
 * alignment 0..15, random AD lengths, random counters), on the portable
 * path and on every SIMD path this CPU has; tampering with any byte of AD,
 * ciphertext or tag must be rejected.
 */
#include "crypto/sym.h"
#include "csym_test.h"

#include <sodium.h>
#include <openssl/evp.h>

#ifndef DIFF_N
#define DIFF_N 100000
#endif

static unsigned int paths[5], npaths;
static EVP_CIPHER_CTX *evp;

/* splitmix64: fast and reproducible (the seed is printed) */
static u64 seed;
static u64 next64(void)
{
	u64 z = (seed += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static u32 rnd(u32 n)
{
	return n ? (u32)(next64() % n) : 0;
}

static void fill(u8 *p, size_t len)
{
	u64 v;

	for (; len >= 8; len -= 8, p += 8) {
		v = next64();
		memcpy(p, &v, 8);
	}
	v = next64();
	memcpy(p, &v, len);
}

/* lengths 0..4096, with extra weight on short ones and block edges */
static size_t rnd_len(void)
{
	size_t l;

	switch (rnd(4)) {
	case 0:
		return rnd(300);
	case 1:
		l = 64 * rnd(65) + rnd(5);
		l = l >= 2 ? l - 2 : l;
		return l > 4096 ? 4096 : l;
	default:
		return rnd(4097);
	}
}

static int openssl_seal(u8 *out, const u8 *in, size_t len, const u8 *ad,
			size_t adl, const u8 n[12], const u8 key[32])
{
	int l1 = 0, l2 = 0;

	if (!EVP_EncryptInit_ex(evp, EVP_chacha20_poly1305(), NULL, key, n) ||
	    (adl && !EVP_EncryptUpdate(evp, NULL, &l1, ad, (int)adl)) ||
	    !EVP_EncryptUpdate(evp, out, &l1, in, (int)len) ||
	    !EVP_EncryptFinal_ex(evp, out + l1, &l2) ||
	    !EVP_CIPHER_CTX_ctrl(evp, EVP_CTRL_AEAD_GET_TAG, 16, out + len))
		return -1;
	return (size_t)(l1 + l2) == len ? 0 : -1;
}

static int one_path(unsigned int path)
{
	static u8 pool_in[4096 + 32 + 16], pool_out[4096 + 32 + 16], ref[4096 + 16],
		ref2[4096 + 16], back[4096 + 16];
	u8 key[32], ad[64], n96[12], xn[24], mac1[16], mac2[16];
	unsigned long long rl;
	unsigned int it;

	wg_crypto_force(path);
	for (it = 0; it < DIFF_N; it++) {
		size_t len = rnd_len(), adl = rnd(4) ? rnd(65) : 0;
		u8 *in = pool_in + rnd(16), *out = rnd(8) ? pool_out + rnd(16) : in;
		u64 nonce = ((u64)rnd(~0U) << 32) | rnd(~0U);
		u32 ctr = rnd(1U << 31);
		size_t pos;
		struct wg_chacha20_ctx c;

		fill(key, 32);
		fill(ad, adl);
		fill(in, len);
		memset(n96, 0, 4);
		put_unaligned_le64(nonce, n96 + 4);

		/* ChaCha20-Poly1305 with WireGuard's nonce: three implementations */
		crypto_aead_chacha20poly1305_ietf_encrypt(ref, &rl, in, len, ad, adl,
							  NULL, n96, key);
		if (openssl_seal(ref2, in, len, ad, adl, n96, key) ||
		    memcmp(ref, ref2, len + 16))
			return t_fail("libsodium and OpenSSL disagree (len %zu)", len);
		memcpy(back, in, len);
		wg_chacha20poly1305_encrypt(out, in, len, ad, adl, nonce, key);
		if (memcmp(out, ref, len + 16))
			return t_fail("encrypt differs, len %zu ad %zu align %u/%u%s", len, adl,
				   (unsigned int)((uintptr_t)in & 15),
				   (unsigned int)((uintptr_t)out & 15),
				   in == out ? " in place" : "");
		if (!wg_chacha20poly1305_decrypt(out, out, len + 16, ad, adl, nonce, key) ||
		    memcmp(out, back, len))
			return t_fail("decrypt of a valid message fails, len %zu", len);
		/* one flipped bit in AD, ciphertext or tag */
		memcpy(out, ref, len + 16);
		pos = rnd((u32)(len + 16 + adl));
		if (pos < len + 16)
			out[pos] ^= 1 << rnd(8);
		else
			ad[pos - len - 16] ^= 1 << rnd(8);
		if (wg_chacha20poly1305_decrypt(out, out, len + 16, ad, adl, nonce, key))
			return t_fail("tampered message accepted, len %zu byte %zu", len, pos);

		/* XChaCha20-Poly1305 */
		fill(xn, 24);
		crypto_aead_xchacha20poly1305_ietf_encrypt(ref, &rl, back, len, ad, adl,
							   NULL, xn, key);
		wg_xchacha20poly1305_encrypt(out, back, len, ad, adl, xn, key);
		if (memcmp(out, ref, len + 16))
			return t_fail("xchacha encrypt differs, len %zu", len);
		if (!wg_xchacha20poly1305_decrypt(ref2, out, len + 16, ad, adl, xn, key) ||
		    memcmp(ref2, back, len))
			return t_fail("xchacha decrypt fails, len %zu", len);

		/* raw ChaCha20 from a random block counter */
		crypto_stream_chacha20_ietf_xor_ic(ref, back, len, n96, ctr, key);
		wg_chacha20_init(&c, key, ctr, n96);
		wg_chacha20_crypt(&c, out, back, len);
		if (memcmp(out, ref, len))
			return t_fail("chacha20 differs, len %zu counter %u", len, ctr);

		/* Poly1305 */
		crypto_onetimeauth_poly1305(mac1, in, len, key);
		{
			struct wg_poly1305_ctx p;

			size_t cut = rnd(len + 1);

			wg_poly1305_init(&p, key);
			wg_poly1305_update_simd(&p, in, len, path);
			wg_poly1305_final(&p, mac2);
			if (memcmp(mac1, mac2, 16))
				return t_fail("poly1305 differs, len %zu", len);
			/* two updates: the second reuses the powers of r */
			wg_poly1305_init(&p, key);
			wg_poly1305_update_simd(&p, in, cut, path);
			wg_poly1305_update_simd(&p, in + cut, len - cut, path);
			wg_poly1305_final(&p, mac2);
		}
		if (memcmp(mac1, mac2, 16))
			return t_fail("poly1305 in two updates differs, len %zu", len);
	}
	return 0;
}

static unsigned int cur;
static int t_path(void)
{
	return one_path(cur);
}

int main(void)
{
	char name[64];
	unsigned int i;

	if (sodium_init() < 0 || !(evp = EVP_CIPHER_CTX_new()))
		return 1;
	if (wg_crypto_init())
		printf("FAIL crypto-init: module self-test failed\n");
	npaths = csym_paths(paths);
	randombytes_buf(&seed, sizeof(seed));
	if (getenv("DIFF_SEED"))
		seed = strtoull(getenv("DIFF_SEED"), NULL, 0);
	printf("# DIFF_SEED=0x%llx\n", (unsigned long long)seed);
	for (i = 0; i < npaths; i++) {
		cur = paths[i];
		snprintf(name, sizeof(name), "diff-chacha-poly-%s-%d-inputs",
			 path_name(cur), DIFF_N);
		t_run(name, t_path);
	}
	EVP_CIPHER_CTX_free(evp);
	return t_finish();
}
