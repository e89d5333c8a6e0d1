// SPDX-License-Identifier: GPL-2.0
/*
 * ChaCha20, HChaCha20, Poly1305, ChaCha20-Poly1305, XChaCha20-Poly1305:
 * RFC 8439 / draft-irtf-cfrg-xchacha vectors, the vector files of Debian's
 * python3-cryptography-vectors, streaming and piecewise (skb-fragment-like)
 * processing, on the portable path and on every SIMD path this CPU has.
 */
#include "crypto/crypto.h"
#include "csym_sg_shim.h"
/* the piecewise AEAD and the scatter-gather functions themselves */
#include "crypto/chacha20poly1305.c"
#include "csym_test.h"

#include <sodium.h>

#define VEC_DIR "/usr/lib/python3/dist-packages/cryptography_vectors/"

static unsigned int paths[5], npaths;

/* ---- vectors typed from RFC 8439 ---- */

/* 2.3.2: key 00..1f, nonce 00 00 00 09 00 00 00 4a 00 00 00 00, counter 1 */
static const u8 block_232[64] = {
	0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15, 0x50, 0x0f, 0xdd, 0x1f,
	0xa3, 0x20, 0x71, 0xc4, 0xc7, 0xd1, 0xf4, 0xc7, 0x33, 0xc0, 0x68, 0x03,
	0x04, 0x22, 0xaa, 0x9a, 0xc3, 0xd4, 0x6c, 0x4e, 0xd2, 0x82, 0x64, 0x46,
	0x07, 0x9f, 0xaa, 0x09, 0x14, 0xc2, 0xd7, 0x05, 0xd9, 0x8b, 0x02, 0xa2,
	0xb5, 0x12, 0x9c, 0xd1, 0xde, 0x16, 0x4e, 0xb9, 0xcb, 0xd0, 0x83, 0xe8,
	0xa2, 0x50, 0x3c, 0x4e,
};
/* 2.8.2 AEAD tag (key 80..9f, nonce 07000000 4041424344454647, AD
 * 50515253c0c1c2c3c4c5c6c7, the "sunscreen" plaintext) */
static const u8 tag_282[16] = {
	0x1a, 0xe1, 0x0b, 0x59, 0x4f, 0x09, 0xe2, 0x6a,
	0x7e, 0x90, 0x2e, 0xcb, 0xd0, 0x60, 0x06, 0x91,
};
static const char sunscreen[] =
	"Ladies and Gentlemen of the class of '99: If I could offer you only "
	"one tip for the future, sunscreen would be it.";

static int t_rfc8439_block(void)
{
	struct wg_chacha20_ctx c;
	u8 key[32], nonce[12] = { 0, 0, 0, 9, 0, 0, 0, 0x4a }, out[64] = { 0 };
	int i;

	for (i = 0; i < 32; i++)
		key[i] = i;
	wg_chacha20_init(&c, key, 1, nonce);
	wg_chacha20_crypt(&c, out, out, 64);
	if (memcmp(out, block_232, 64))
		return t_fail("block 2.3.2 differs");
	if (c.state[12] != 2)
		return t_fail("counter is %u after one block, want 2", c.state[12]);
	return 0;
}

static int t_rfc8439_aead_282(void)
{
	u8 key[32], nonce[12] = { 7, 0, 0, 0, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47 };
	u8 ad[12] = { 0x50, 0x51, 0x52, 0x53, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7 };
	u8 out[114 + 16], back[114];
	int i;

	for (i = 0; i < 32; i++)
		key[i] = 0x80 + i;
	wg_chacha20poly1305_encrypt_n96(out, (const u8 *)sunscreen, 114, ad, 12, nonce, key);
	if (memcmp(out + 114, tag_282, 16))
		return t_fail("tag differs from RFC 8439 2.8.2");
	/* first ciphertext bytes of 2.8.2: d3 1a 8d 34 64 8e 60 db */
	if (memcmp(out, "\xd3\x1a\x8d\x34\x64\x8e\x60\xdb", 8))
		return t_fail("ciphertext differs from RFC 8439 2.8.2");
	if (!wg_chacha20poly1305_decrypt_n96(back, out, sizeof(out), ad, 12, nonce, key) ||
	    memcmp(back, sunscreen, 114))
		return t_fail("decryption of 2.8.2 failed");
	return 0;
}

/* the module's self-test: RFC 8439 A.5, 2.5.2, xchacha A.3.1 and 2.2.1,
 * plus the length digest, on each path */
static int t_selftest_paths(void)
{
	unsigned int i;

	for (i = 0; i < npaths; i++) {
		wg_crypto_force(paths[i]);
		if (!wg_chacha20poly1305_selftest())
			return t_fail("self-test fails on %s", path_name(paths[i]));
	}
	return 0;
}

/* The self-test's length digest recomputed with libsodium: checks that the
 * constant in the module is right, independently of our code. */
static int t_selftest_digest_is_libsodium(void)
{
	static const unsigned int lens[] = {
		0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 191, 192, 255, 256, 257,
		319, 383, 447, 511, 512, 513, 575, 767, 1023, 1024, 1025, 1420, 1536,
		2047, 4095, 4096, 4097, 4160, 5000,
	};
	static const u8 digest[16] = {
		0x86, 0x22, 0x86, 0x3d, 0xfc, 0x2c, 0x69, 0xd3,
		0x0d, 0xe1, 0x2e, 0x6d, 0x0f, 0x89, 0x41, 0x0d,
	};
	static u8 pt[5000], ct[5016];
	u8 key[32], ad[19], n[12] = { 0 }, acc[16] = { 0 };
	unsigned long long cl;
	unsigned int i, j, len;
	u64 nonce;

	for (j = 0; j < ARRAY_SIZE(lens); j++) {
		len = lens[j];
		nonce = 0x0102030405060708ULL ^ len;
		for (i = 0; i < 32; i++)
			key[i] = (u8)(len + 3 * i);
		for (i = 0; i < sizeof(ad); i++)
			ad[i] = (u8)(0xa0 + i);
		for (i = 0; i < len; i++)
			pt[i] = (u8)(i * 13 + len);
		put_unaligned_le64(nonce, n + 4);
		crypto_aead_chacha20poly1305_ietf_encrypt(ct, &cl, pt, len, ad, len % 19,
							  NULL, n, key);
		for (i = 0; i < 16; i++)
			acc[i] ^= ct[len + i];
	}
	return memcmp(acc, digest, 16) ? t_fail("libsodium digest differs") : 0;
}

/* ---- Debian's cryptography vector files ---- */
struct rec {
	int n;
	char name[12][32];
	long len[12];
	unsigned char val[12][1024];
	char raw[12][64];
};

static const struct rec *cur_rec;
static const unsigned char *field(const char *name, long *len)
{
	int i;

	for (i = 0; i < cur_rec->n; i++) {
		if (!strcmp(cur_rec->name[i], name)) {
			*len = cur_rec->len[i];
			return cur_rec->val[i];
		}
	}
	*len = -1;
	return NULL;
}

static const char *raw_field(const char *name)
{
	int i;

	for (i = 0; i < cur_rec->n; i++)
		if (!strcmp(cur_rec->name[i], name))
			return cur_rec->raw[i];
	return "";
}

/* Calls fn for every record of a file; returns the number of records, or
 * -1 if the file is missing, or -2 - index of the first failing record. */
static int each_record(const char *file, int (*fn)(void))
{
	static struct rec r;
	char line[8192], *eq;
	FILE *f = fopen(file, "r");
	int count = 0, bad = -1;

	if (!f)
		return -1;
	memset(&r, 0, sizeof(r));
	cur_rec = &r;
	for (;;) {
		char *got = fgets(line, sizeof(line), f);

		if ((!got || !strncmp(line, "COUNT", 5)) && r.n) {
			if (fn() && bad < 0)
				bad = count;
			count++;
			r.n = 0;
		}
		if (!got)
			break;
		eq = strchr(line, '=');
		if (line[0] == '#' || !eq || !strncmp(line, "COUNT", 5) || r.n == 12)
			continue;
		*eq = 0;
		sscanf(line, "%31s", r.name[r.n]);
		line[strcspn(eq + 1, "\r\n") + (eq + 1 - line)] = 0;
		snprintf(r.raw[r.n], sizeof(r.raw[0]), "%s", eq + 1);
		r.len[r.n] = parse_value(eq + 1, r.val[r.n], sizeof(r.val[0]));
		r.n++;
	}
	fclose(f);
	return bad >= 0 ? -2 - bad : count;
}

static int vec_chacha20(void)
{
	long kl, nl, pl, cl, il;
	const unsigned char *k = field("KEY", &kl), *n = field("NONCE", &nl);
	const unsigned char *p = field("PLAINTEXT", &pl), *c = field("CIPHERTEXT", &cl);
	const unsigned char *ic = field("INITIAL_BLOCK_COUNTER", &il);
	struct wg_chacha20_ctx ctx;
	unsigned char out[1024];
	u32 counter = (u32)strtoul(raw_field("INITIAL_BLOCK_COUNTER"), NULL, 10);

	(void)ic;
	if (kl != 32 || nl != 12 || pl != cl || pl < 0)
		return 1;
	wg_chacha20_init(&ctx, k, counter, n);
	wg_chacha20_crypt(&ctx, out, p, pl);
	return memcmp(out, c, cl) != 0;
}

static int vec_poly1305(void)
{
	long kl, ml, tl;
	const unsigned char *k = field("KEY", &kl), *m = field("MSG", &ml);
	const unsigned char *t = field("TAG", &tl);
	struct wg_poly1305_ctx ctx;
	unsigned char mac[16];

	if (kl != 32 || tl != 16 || ml < 0)
		return 1;
	wg_poly1305_init(&ctx, k);
	wg_poly1305_update(&ctx, m, ml);
	wg_poly1305_final(&ctx, mac);
	return memcmp(mac, t, 16) != 0;
}

/* one AEAD record: expect_ok says whether the tag is meant to verify */
static int aead_check(const unsigned char *k, const unsigned char *n,
		      const unsigned char *ad, long adl, const unsigned char *p,
		      const unsigned char *c, long len, const unsigned char *tag,
		      bool expect_ok)
{
	static unsigned char out[1040], back[1024];

	if (len > 1024)
		return 1;
	memcpy(out, c, len);
	memcpy(out + len, tag, 16);
	if (wg_chacha20poly1305_decrypt_n96(back, out, len + 16, ad, adl, n, k) != expect_ok)
		return 1;
	if (!expect_ok)
		return 0;
	if (memcmp(back, p, len))
		return 1;
	wg_chacha20poly1305_encrypt_n96(out, p, len, ad, adl, n, k);
	return memcmp(out, c, len) || memcmp(out + len, tag, 16);
}

static int vec_aead_openssl(void)
{
	long kl, nl, al, pl, cl, tl;
	const unsigned char *k = field("Key", &kl), *n = field("IV", &nl);
	const unsigned char *a = field("AAD", &al), *p = field("Plaintext", &pl);
	const unsigned char *c = field("Ciphertext", &cl), *t = field("Tag", &tl);

	if (kl != 32 || nl != 12 || tl != 16 || pl != cl || al < 0)
		return 1;
	return aead_check(k, n, a, al, p, c, cl, t,
			  !strstr(raw_field("Result"), "CIPHERFINAL_ERROR"));
}

static int vec_aead_boringssl(void)
{
	long kl, nl, al, pl, cl, tl;
	const unsigned char *k = field("KEY", &kl), *n = field("NONCE", &nl);
	const unsigned char *a = field("AD", &al), *p = field("IN", &pl);
	const unsigned char *c = field("CT", &cl), *t = field("TAG", &tl);

	if (kl != 32 || nl != 12 || tl != 16 || pl != cl || al < 0)
		return 1;
	return aead_check(k, n, a, al, p, c, cl, t, true);
}

static int vector_file(const char *file, int (*fn)(void), int min_records)
{
	unsigned int i;
	int r;

	for (i = 0; i < npaths; i++) {
		wg_crypto_force(paths[i]);
		r = each_record(file, fn);
		if (r == -1)
			return t_fail("%s is missing (apt-get install python3-cryptography-vectors)", file);
		if (r < -1)
			return t_fail("%s: record %d fails on %s", file, -2 - r, path_name(paths[i]));
		if (r < min_records)
			return t_fail("%s: only %d records", file, r);
	}
	return 0;
}

static int t_file_chacha20(void)
{
	return vector_file(VEC_DIR "ciphers/ChaCha20/rfc7539.txt", vec_chacha20, 3);
}

static int t_file_poly1305(void)
{
	return vector_file(VEC_DIR "poly1305/rfc7539.txt", vec_poly1305, 11);
}

static int t_file_aead_openssl(void)
{
	return vector_file(VEC_DIR "ciphers/ChaCha20Poly1305/openssl.txt", vec_aead_openssl, 5);
}

static int t_file_aead_boringssl(void)
{
	return vector_file(VEC_DIR "ciphers/ChaCha20Poly1305/boringssl.txt",
			   vec_aead_boringssl, 66);
}

/* ---- streaming and piecewise processing ---- */
static u32 rnd(u32 n)
{
	return n ? randombytes_uniform(n) : 0;
}

/* ChaCha20 over several calls (each a multiple of 64 but the last) equals
 * one call, and the counter ends where it should. */
static int t_chacha20_streaming(void)
{
	static u8 in[9000], a[9000], b[9000];
	u8 key[32], nonce[12];
	struct wg_chacha20_ctx c1, c2;
	unsigned int i, it;

	for (i = 0; i < npaths; i++) {
		wg_crypto_force(paths[i]);
		for (it = 0; it < 300; it++) {
			size_t len = rnd(sizeof(in)), off = 0, n;

			randombytes_buf(in, len);
			randombytes_buf(key, 32);
			randombytes_buf(nonce, 12);
			wg_chacha20_init(&c1, key, 7, nonce);
			wg_chacha20_init(&c2, key, 7, nonce);
			wg_chacha20_crypt(&c1, a, in, len);
			while (off < len) {
				n = 64 * rnd(40); /* (min_t may evaluate twice) */
				n = min_t(size_t, n, len - off);
				if (!n)
					n = len - off;
				wg_chacha20_crypt(&c2, b + off, in + off, n);
				off += n;
			}
			if (memcmp(a, b, len))
				return t_fail("%s: split stream differs, len %zu", path_name(paths[i]), len);
			if (c1.state[12] != 7 + (len + 63) / 64 || c2.state[12] != c1.state[12])
				return t_fail("%s: counter %u after %zu bytes", path_name(paths[i]),
					   c1.state[12], len);
		}
	}
	return 0;
}

static int t_poly1305_split_updates(void)
{
	static u8 in[5000];
	u8 key[32], m1[16], m2[16];
	struct wg_poly1305_ctx p;
	unsigned int i, it;

	for (i = 0; i < npaths; i++) {
		for (it = 0; it < 1000; it++) {
			size_t len = rnd(sizeof(in)), off = 0, n;

			randombytes_buf(in, len);
			randombytes_buf(key, 32);
			crypto_onetimeauth_poly1305(m1, in, len, key);
			wg_poly1305_init(&p, key);
			while (off < len) {
				n = rnd(it & 1 ? 1200 : 100) + 1;
				n = min_t(size_t, n, len - off);
				wg_poly1305_update_simd(&p, in + off, n, paths[i]);
				off += n;
			}
			wg_poly1305_final(&p, m2);
			if (memcmp(m1, m2, 16))
				return t_fail("%s: split MAC differs from libsodium, len %zu",
					   path_name(paths[i]), len);
		}
	}
	return 0;
}

/* Poly1305 with an accumulator near 2^130: all-ones blocks and keys with
 * r = maximal clamped value exercise every carry, on every path. */
static int t_poly1305_carries(void)
{
	static u8 in[4096];
	u8 key[32], m1[16], m2[16];
	struct wg_poly1305_ctx p;
	unsigned int i, it;

	memset(in, 0xff, sizeof(in));
	for (i = 0; i < npaths; i++) {
		for (it = 0; it < 64; it++) {
			size_t len = it * 64 + rnd(64);

			memset(key, 0xff, 32);
			if (it & 1)
				randombytes_buf(key + 16, 16);
			crypto_onetimeauth_poly1305(m1, in, len, key);
			wg_poly1305_init(&p, key);
			wg_poly1305_update_simd(&p, in, len, paths[i]);
			wg_poly1305_final(&p, m2);
			if (memcmp(m1, m2, 16))
				return t_fail("%s: all-ones MAC differs from libsodium, len %zu",
					   path_name(paths[i]), len);
		}
	}
	return 0;
}

/* The per-fragment AEAD (what wg_chacha20poly1305_*_sg_inplace runs on
 * each scatterlist segment) over random splits equals the one-shot AEAD;
 * decrypting pieces verifies the tag and restores the plaintext. */
static int t_piecewise_like_sg(void)
{
	static u8 pt[4200], ct[4216], buf[4216];
	u8 key[32], tag[16];
	struct aead_pieces a;
	unsigned int i, it;

	for (i = 0; i < npaths; i++) {
		wg_crypto_force(paths[i]);
		for (it = 0; it < 500; it++) {
			size_t len = rnd(sizeof(pt) + 1), off, n;
			u64 nonce = ((u64)rnd(~0U) << 32) | rnd(~0U);
			u8 n96[12] = { 0 };
			int enc;

			put_unaligned_le64(nonce, n96 + 4);
			randombytes_buf(pt, len);
			randombytes_buf(key, 32);
			wg_chacha20poly1305_encrypt(ct, pt, len, NULL, 0, nonce, key);
			for (enc = 1; enc >= 0; enc--) {
				memcpy(buf, enc ? pt : ct, len);
				aead_pieces_init(&a, n96, key, NULL, 0, len, paths[i]);
				for (off = 0; off < len; off += n) {
					n = rnd(it & 1 ? 1500 : 70) + 1;
					n = min_t(size_t, n, len - off);
					aead_piece(&a, buf + off, buf + off, n, enc, paths[i]);
				}
				aead_finish(&a, 0, len, tag);
				if (memcmp(buf, enc ? ct : pt, len) || memcmp(tag, ct + len, 16))
					return t_fail("%s: piecewise %s differs, len %zu",
						   path_name(paths[i]), enc ? "encrypt" : "decrypt", len);
			}
		}
	}
	return 0;
}

/* The scatter-gather functions over random segmentations (segments of
 * 0..200 bytes or up to a page, the tag split anywhere), on every path:
 * same bytes as the contiguous AEAD, decryption restores the plaintext,
 * a flipped bit is refused and the data is wiped. */
static int t_sg_inplace(void)
{
	static u8 pt[3000], ct[3016], buf[3016 + 64];
	struct scatterlist sg[3016 + 1];
	u8 key[32];
	unsigned int i, it;

	for (i = 0; i < npaths; i++) {
		wg_crypto_force(paths[i]);
		for (it = 0; it < 400; it++) {
			size_t len = rnd(sizeof(pt) + 1), off = 0, n, k = 0, j;
			u64 nonce = ((u64)rnd(~0U) << 32) | rnd(~0U);

			randombytes_buf(pt, len);
			randombytes_buf(key, 32);
			wg_chacha20poly1305_encrypt(ct, pt, len, NULL, 0, nonce, key);
			memcpy(buf, pt, len);
			randombytes_buf(buf + len, 16);
			while (off < len + 16) {
				n = rnd(it & 1 ? 4096 : 200);
				n = min_t(size_t, n, len + 16 - off);
				sg[k].buf = buf + off;
				sg[k].length = n;
				sg[k++].end = false;
				off += n;
			}
			sg[k].buf = buf + off;	/* trailing empty entry */
			sg[k].length = 0;
			sg[k].end = true;
			if (!wg_chacha20poly1305_encrypt_sg_inplace(sg, len, nonce, key) ||
			    memcmp(buf, ct, len + 16))
				return t_fail("%s: sg encrypt differs, len %zu in %zu pieces",
					   path_name(paths[i]), len, k);
			if (!wg_chacha20poly1305_decrypt_sg_inplace(sg, len + 16, nonce, key) ||
			    memcmp(buf, pt, len))
				return t_fail("%s: sg decrypt fails, len %zu in %zu pieces",
					   path_name(paths[i]), len, k);
			memcpy(buf, ct, len + 16);
			buf[rnd(len + 16)] ^= 1 << rnd(8);
			if (wg_chacha20poly1305_decrypt_sg_inplace(sg, len + 16, nonce, key))
				return t_fail("%s: sg decrypt accepted a flipped bit", path_name(paths[i]));
			for (j = 0; j < len; j++)
				if (buf[j])
					return t_fail("%s: rejected sg data not wiped", path_name(paths[i]));
		}
		/* a list shorter than the message is refused */
		sg[0].buf = buf;
		sg[0].length = 100;
		sg[0].end = true;
		if (wg_chacha20poly1305_encrypt_sg_inplace(sg, 100, 1, key) ||
		    wg_chacha20poly1305_decrypt_sg_inplace(sg, 101, 1, key) ||
		    wg_chacha20poly1305_decrypt_sg_inplace(sg, 15, 1, key))
			return t_fail("%s: sg list shorter than message+tag accepted",
				   path_name(paths[i]));
	}
	return 0;
}

/* decrypt failure leaves no plaintext behind, in place or not */
static int t_reject_wipes(void)
{
	static u8 pt[1500], ct[1516], out[1516];
	u8 key[32];
	int i;

	randombytes_buf(key, 32);
	memset(pt, 0x5a, sizeof(pt));
	wg_chacha20poly1305_encrypt(ct, pt, sizeof(pt), NULL, 0, 42, key);
	ct[1510] ^= 1;
	memset(out, 0x77, sizeof(out));
	if (wg_chacha20poly1305_decrypt(out, ct, sizeof(ct), NULL, 0, 42, key))
		return t_fail("forged tag accepted");
	for (i = 0; i < 1500; i++)
		if (out[i])
			return t_fail("output byte %d not wiped after a rejected packet", i);
	if (wg_chacha20poly1305_decrypt(ct, ct, sizeof(ct), NULL, 0, 42, key))
		return t_fail("forged tag accepted in place");
	for (i = 0; i < 1500; i++)
		if (ct[i])
			return t_fail("in-place byte %d not wiped after a rejected packet", i);
	if (wg_chacha20poly1305_decrypt(out, ct, 15, NULL, 0, 42, key))
		return t_fail("a 15-byte message (shorter than a tag) was accepted");
	return 0;
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	if (wg_crypto_init())
		printf("FAIL crypto-init: module self-test failed\n");
	npaths = csym_paths(paths);
	printf("# paths:");
	for (unsigned int i = 0; i < npaths; i++)
		printf(" %s", path_name(paths[i]));
	printf("\n");
	t_run("chacha20-rfc8439-block-2.3.2", t_rfc8439_block);
	t_run("aead-rfc8439-2.8.2", t_rfc8439_aead_282);
	t_run("selftest-every-path", t_selftest_paths);
	t_run("selftest-digest-matches-libsodium", t_selftest_digest_is_libsodium);
	t_run("vectors-chacha20-rfc7539-file", t_file_chacha20);
	t_run("vectors-poly1305-rfc7539-file", t_file_poly1305);
	t_run("vectors-aead-openssl-file", t_file_aead_openssl);
	t_run("vectors-aead-boringssl-file", t_file_aead_boringssl);
	t_run("chacha20-split-stream", t_chacha20_streaming);
	t_run("poly1305-split-updates", t_poly1305_split_updates);
	t_run("poly1305-carry-edges", t_poly1305_carries);
	t_run("aead-piecewise-like-sg", t_piecewise_like_sg);
	t_run("aead-reject-wipes-output", t_reject_wipes);
	t_run("aead-sg-inplace-random-segments", t_sg_inplace);
	return t_finish();
}
