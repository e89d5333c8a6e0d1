// SPDX-License-Identifier: GPL-2.0
/*
 * BLAKE2s and HMAC-BLAKE2s: RFC 7693 vectors, the BLAKE2 reference keyed
 * KAT, python3-cryptography-vectors, Python-generated HMAC values, and a
 * differential test against OpenSSL (EVP_blake2s256 and EVP_MAC BLAKE2SMAC).
 */
#include "crypto/crypto.h"
#include "casym_test.h"
#include "blake2s_vectors.h"

#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

#define B2S_VECTORS "/usr/lib/python3/dist-packages/cryptography_vectors/hashes/blake2/blake2s.txt"

/* The differential count; WG_B2S_DIFF overrides it. */
static unsigned long diff_count = 100000;
static EVP_MAC *ossl_mac;

static int ossl_blake2s(u8 *out, size_t outlen, const u8 *key, size_t keylen,
			const u8 *in, size_t inlen)
{
	if (!keylen) {
		unsigned int n = 0;

		if (outlen != 32)
			return -1;
		if (!EVP_Digest(in, inlen, out, &n, EVP_blake2s256(), NULL) || n != 32)
			return -1;
		return 0;
	} else {
		EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(ossl_mac);
		OSSL_PARAM params[2];
		size_t n = 0;
		int ok;

		params[0] = OSSL_PARAM_construct_size_t(OSSL_MAC_PARAM_SIZE, &outlen);
		params[1] = OSSL_PARAM_construct_end();
		ok = ctx && EVP_MAC_init(ctx, key, keylen, params) &&
		     EVP_MAC_update(ctx, in, inlen) &&
		     EVP_MAC_final(ctx, out, &n, outlen) && n == outlen;
		EVP_MAC_CTX_free(ctx);
		return ok ? 0 : -1;
	}
}

static int t_rfc7693_abc(void)
{
	static const u8 want[32] = {
		0x50, 0x8c, 0x5e, 0x8c, 0x32, 0x7c, 0x14, 0xe2, 0xe1, 0xa7, 0x2b,
		0xa3, 0x4e, 0xeb, 0x45, 0x2f, 0x37, 0x45, 0x8b, 0x20, 0x9e, 0xd6,
		0x3a, 0x29, 0x4d, 0x99, 0x9b, 0x4c, 0x86, 0x67, 0x59, 0x82,
	};
	u8 md[32];

	wg_blake2s(md, (const u8 *)"abc", NULL, 32, 3, 0);
	if (memcmp(md, want, 32))
		return t_fail("got %s", tohex(md, 32));
	return 0;
}

/* RFC 7693 Appendix E, written here with the one-shot API. */
static void fib_seq(u8 *out, size_t len, u32 seed)
{
	u32 a = 0xdead4badU * seed, b = 1, t;

	while (len--) {
		t = a + b;
		a = b;
		b = t;
		*out++ = t >> 24;
	}
}

static int t_rfc7693_appendix_e(void)
{
	static const u8 want[32] = {
		0x6a, 0x41, 0x1f, 0x08, 0xce, 0x25, 0xad, 0xcd, 0xfb, 0x02, 0xab,
		0xa6, 0x41, 0x45, 0x1c, 0xec, 0x53, 0xc5, 0x98, 0xb2, 0x4f, 0x4f,
		0xc7, 0x87, 0xfb, 0xdc, 0x88, 0x79, 0x7f, 0x4c, 0x1d, 0xfe,
	};
	static const size_t md_len[4] = { 16, 20, 28, 32 };
	static const size_t in_len[6] = { 0, 3, 64, 65, 255, 1024 };
	struct wg_blake2s_state st;
	u8 in[1024], md[32], key[32];
	int i, j;

	wg_blake2s_init(&st, 32);
	for (i = 0; i < 4; ++i) {
		for (j = 0; j < 6; ++j) {
			fib_seq(in, in_len[j], in_len[j]);
			wg_blake2s(md, in, NULL, md_len[i], in_len[j], 0);
			wg_blake2s_update(&st, md, md_len[i]);
			fib_seq(key, md_len[i], md_len[i]);
			wg_blake2s(md, in, key, md_len[i], in_len[j], md_len[i]);
			wg_blake2s_update(&st, md, md_len[i]);
		}
	}
	wg_blake2s_final(&st, md);
	if (memcmp(md, want, 32))
		return t_fail("grand digest %s", tohex(md, 32));
	return 0;
}

static int t_module_selftest(void)
{
	return wg_blake2s_selftest() ? 0 : t_fail("wg_blake2s_selftest() returned false");
}

static int t_keyed_kat(void)
{
	u8 key[32], in[256], md[32];
	int n;

	for (n = 0; n < 32; ++n)
		key[n] = n;
	for (n = 0; n < 256; ++n)
		in[n] = n;
	for (n = 0; n < 256; ++n) {
		wg_blake2s(md, in, key, 32, n, 32);
		if (memcmp(md, b2s_keyed_kat[n], 32))
			return t_fail("input length %d: got %s", n, tohex(md, 32));
	}
	return 0;
}

static int t_cryptography_vectors(void)
{
	FILE *f = fopen(B2S_VECTORS, "r");
	char line[8192];
	u8 msg[4096], md[32], want[32];
	int msglen = -1, bits = -1, count = 0;

	if (!f)
		return t_fail("cannot open %s (python3-cryptography-vectors)", B2S_VECTORS);
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "Len = ", 6)) {
			bits = atoi(line + 6);
		} else if (!strncmp(line, "Msg = ", 6)) {
			msglen = unhex(msg, sizeof(msg), line + 6);
		} else if (!strncmp(line, "MD = ", 5)) {
			if (unhex(want, sizeof(want), line + 5) != 32 || msglen < 0 || bits < 0) {
				fclose(f);
				return t_fail("cannot parse vector %d", count);
			}
			wg_blake2s(md, msg, NULL, 32, bits / 8, 0);
			if (memcmp(md, want, 32)) {
				fclose(f);
				return t_fail("Len = %d: got %s", bits, tohex(md, 32));
			}
			count++;
			msglen = bits = -1;
		}
	}
	fclose(f);
	if (count < 5)
		return t_fail("only %d vectors found", count);
	printf("# %d vectors from blake2s.txt\n", count);
	return 0;
}

static int t_outlen_python(void)
{
	static const char fox[] = "The quick brown fox jumps over the lazy dog";
	u8 md[32];
	size_t o;

	for (o = 1; o <= 32; ++o) {
		memset(md, 0xee, sizeof(md));
		wg_blake2s(md, (const u8 *)fox, NULL, o, strlen(fox), 0);
		if (memcmp(md, b2s_outlen_kat[o], o))
			return t_fail("outlen %zu: got %s", o, tohex(md, o));
		if (o < 32 && md[o] != 0xee)
			return t_fail("outlen %zu: wrote past the output", o);
	}
	return 0;
}

/* Every output length 1..32 with every key length 1..32 against BLAKE2SMAC. */
static int t_all_lengths_openssl(void)
{
	static const size_t msgs[] = { 0, 1, 63, 64, 65, 128, 200 };
	u8 key[32], msg[200], ours[33], theirs[32];
	size_t o, k, m;

	rnd_bytes(key, sizeof(key));
	rnd_bytes(msg, sizeof(msg));
	for (o = 1; o <= 32; ++o) {
		for (k = 1; k <= 32; ++k) {
			for (m = 0; m < ARRAY_SIZE(msgs); ++m) {
				ours[o] = 0x5a;
				wg_blake2s(ours, msg, key, o, msgs[m], k);
				if (ossl_blake2s(theirs, o, key, k, msg, msgs[m]))
					return t_fail("OpenSSL BLAKE2SMAC failed (outlen %zu keylen %zu)", o, k);
				if (memcmp(ours, theirs, o))
					return t_fail("outlen %zu keylen %zu msglen %zu: %s vs %s", o, k,
						    msgs[m], tohex(ours, o), tohex(theirs, o));
				if (ours[o] != 0x5a)
					return t_fail("outlen %zu: wrote past the output", o);
			}
		}
	}
	return 0;
}

/* Unkeyed 32-byte digests of lengths 0..4096 from every alignment 0..15. */
static int t_unkeyed_openssl(void)
{
	static u8 buf[4096 + 16];
	u8 ours[32], theirs[32];
	size_t len, align;

	rnd_bytes(buf, sizeof(buf));
	for (len = 0; len <= 4096; len += (len < 300 ? 1 : 61)) {
		align = len & 15;
		wg_blake2s(ours, buf + align, NULL, 32, len, 0);
		if (ossl_blake2s(theirs, 32, NULL, 0, buf + align, len))
			return t_fail("OpenSSL EVP_blake2s256 failed");
		if (memcmp(ours, theirs, 32))
			return t_fail("length %zu alignment %zu: %s vs %s", len, align,
				    tohex(ours, 32), tohex(theirs, 32));
	}
	return 0;
}

/* Streaming in random pieces gives the one-shot result. */
static int t_streaming_splits(void)
{
	static u8 buf[3000];
	struct wg_blake2s_state st;
	u8 key[32], one[32], inc[32];
	size_t len, off, piece, keylen, outlen;
	int i;

	rnd_bytes(buf, sizeof(buf));
	for (i = 0; i < 3000; ++i) {
		len = rnd64() % sizeof(buf);
		keylen = rnd64() % 33;
		outlen = 1 + rnd64() % 32;
		rnd_bytes(key, sizeof(key));
		wg_blake2s(one, buf, key, outlen, len, keylen);
		if (keylen)
			wg_blake2s_init_key(&st, outlen, key, keylen);
		else
			wg_blake2s_init(&st, outlen);
		for (off = 0; off < len; off += piece) {
			piece = rnd64() % 4 == 0 ? rnd64() % 200 : rnd64() % 70;
			if (piece > len - off)
				piece = len - off;
			wg_blake2s_update(&st, buf + off, piece);
		}
		wg_blake2s_final(&st, inc);
		if (memcmp(one, inc, outlen))
			return t_fail("len %zu keylen %zu outlen %zu differ", len, keylen, outlen);
	}
	return 0;
}

static int t_hmac_python(void)
{
	u8 key[200], msg[300], mac[32];
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(b2s_hmac_kat); ++i) {
		const struct b2s_hmac_vec *v = &b2s_hmac_kat[i];

		for (j = 0; j < v->keylen; ++j)
			key[j] = (j * 7 + 1) & 0xff;
		for (j = 0; j < v->msglen; ++j)
			msg[j] = (j * 13 + 5) & 0xff;
		wg_blake2s_hmac(mac, msg, key, v->msglen, v->keylen);
		if (memcmp(mac, v->mac, 32))
			return t_fail("keylen %u msglen %u: got %s", v->keylen, v->msglen,
				    tohex(mac, 32));
	}
	return 0;
}

/* The KDF writes the output over its own key/input: allowed by the API. */
static int t_hmac_aliasing(void)
{
	u8 key[32], msg[32], buf[32], want[32];

	rnd_bytes(key, 32);
	rnd_bytes(msg, 32);
	wg_blake2s_hmac(want, msg, key, 32, 32);
	memcpy(buf, key, 32);
	wg_blake2s_hmac(buf, msg, buf, 32, 32);
	if (memcmp(buf, want, 32))
		return t_fail("out aliasing key gives a different MAC");
	memcpy(buf, msg, 32);
	wg_blake2s_hmac(buf, buf, key, 32, 32);
	if (memcmp(buf, want, 32))
		return t_fail("out aliasing input gives a different MAC");
	return 0;
}

/* A caller bug (outlen > 32, keylen > 32) warns but writes no more than
 * 32 bytes and reads no more than 32 key bytes (ASan watches the reads). */
static int t_bad_lengths_contained(void)
{
	u8 out[48], *key = malloc(32), want[32];
	size_t i;

	if (!key)
		return t_fail("malloc");
	for (i = 0; i < 32; ++i)
		key[i] = i;
	memset(out, 0xaa, sizeof(out));
	wg_blake2s(out, (const u8 *)"abc", NULL, 40, 3, 0);
	wg_blake2s(want, (const u8 *)"abc", NULL, 32, 3, 0);
	for (i = 32; i < sizeof(out); ++i)
		if (out[i] != 0xaa) {
			free(key);
			return t_fail("outlen 40 wrote byte %zu", i);
		}
	if (memcmp(out, want, 32)) {
		free(key);
		return t_fail("outlen 40 is not treated as 32");
	}
	wg_blake2s(out, (const u8 *)"abc", key, 16, 3, 64);	/* reads key[0..31] only */
	free(key);
	return 0;
}

/* HMAC-BLAKE2s against OpenSSL's HMAC over BLAKE2S-256 (EVP_MAC "HMAC"). */
static int t_hmac_openssl(void)
{
	static u8 key[300], msg[600];
	u8 ours[32], theirs[32];
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	char digest[] = "BLAKE2S-256";
	OSSL_PARAM params[2];
	size_t keylen, msglen, n;
	int i, ok;

	if (!mac)
		return t_fail("OpenSSL has no HMAC");
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	for (i = 0; i < 20000; ++i) {
		EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);

		keylen = i < 300 ? (size_t)i : rnd64() % 300;
		msglen = rnd64() % 600;
		rnd_bytes(key, keylen);
		rnd_bytes(msg, msglen);
		wg_blake2s_hmac(ours, msg, key, msglen, keylen);
		ok = ctx && EVP_MAC_init(ctx, key, keylen, params) &&
		     EVP_MAC_update(ctx, msg, msglen) &&
		     EVP_MAC_final(ctx, theirs, &n, sizeof(theirs)) && n == 32;
		EVP_MAC_CTX_free(ctx);
		if (!ok) {
			EVP_MAC_free(mac);
			return t_fail("OpenSSL HMAC(BLAKE2S-256) failed, keylen %zu", keylen);
		}
		if (memcmp(ours, theirs, 32)) {
			EVP_MAC_free(mac);
			return t_fail("keylen %zu msglen %zu: %s vs %s", keylen, msglen,
				    tohex(ours, 32), tohex(theirs, 32));
		}
	}
	EVP_MAC_free(mac);
	return 0;
}

/* Random length 0..4096, key 0..32, outlen, alignment; against OpenSSL. */
static int t_differential(void)
{
	static u8 buf[4096 + 64];
	u8 key[32], ours[32], theirs[32];
	unsigned long i;
	size_t len, align, keylen, outlen;

	for (i = 0; i < diff_count; ++i) {
		len = rnd64() % 4097;
		if (i & 1)
			len &= 255; /* half short inputs: the handshake's sizes */
		align = rnd64() % 64;
		keylen = rnd64() % 33;
		outlen = keylen ? 1 + rnd64() % 32 : 32;
		rnd_bytes(buf + align, len);
		rnd_bytes(key, keylen);
		wg_blake2s(ours, buf + align, key, outlen, len, keylen);
		if (ossl_blake2s(theirs, outlen, key, keylen, buf + align, len))
			return t_fail("OpenSSL failed at iteration %lu", i);
		if (memcmp(ours, theirs, outlen))
			return t_fail("iteration %lu: len %zu align %zu keylen %zu outlen %zu",
				    i, len, align, keylen, outlen);
	}
	printf("# %lu random inputs agree with OpenSSL\n", diff_count);
	return 0;
}

int main(void)
{
	const char *e = getenv("WG_B2S_DIFF");

	if (e)
		diff_count = strtoul(e, NULL, 0);
	ossl_mac = EVP_MAC_fetch(NULL, "BLAKE2SMAC", NULL);
	if (!ossl_mac) {
		printf("FAIL blake2s-openssl-oracle: OpenSSL has no BLAKE2SMAC\n");
		printf("0 passed, 1 failed\n");
		return 1;
	}
	t_run("blake2s-rfc7693-abc", t_rfc7693_abc);
	t_run("blake2s-rfc7693-appendix-e", t_rfc7693_appendix_e);
	t_run("blake2s-module-selftest", t_module_selftest);
	t_run("blake2s-reference-keyed-kat", t_keyed_kat);
	t_run("blake2s-cryptography-vectors", t_cryptography_vectors);
	t_run("blake2s-outlen-1-32-python", t_outlen_python);
	t_run("blake2s-outlen-keylen-1-32-openssl", t_all_lengths_openssl);
	t_run("blake2s-unkeyed-0-4096-openssl", t_unkeyed_openssl);
	t_run("blake2s-streaming-any-split", t_streaming_splits);
	t_run("hmac-blake2s-python", t_hmac_python);
	t_run("hmac-blake2s-output-aliasing", t_hmac_aliasing);
	t_run("blake2s-bad-lengths-contained", t_bad_lengths_contained);
	t_run("hmac-blake2s-key-0-299-openssl", t_hmac_openssl);
	t_run("blake2s-differential-openssl", t_differential);
	EVP_MAC_free(ossl_mac);
	return t_finish();
}
