// SPDX-License-Identifier: GPL-2.0
/*
 * ChaCha20-Poly1305 (RFC 8439) with WireGuard's 64-bit counter nonce,
 * XChaCha20-Poly1305, and the in-place scatter-gather variant the data
 * path uses on skbs. Decryption authenticates in the same pass and checks
 * the tag with crypto_memneq; on failure no plaintext is left behind.
 */
#include "sym.h"

#ifdef __KERNEL__
#include <asm/unaligned.h>
#include <linux/scatterlist.h>
#include <crypto/algapi.h>
#endif

static const u8 pad0[16];
static const u8 zero_blocks[8 * CHACHA20_BLOCK_SIZE];

static void nonce64(u8 n[12], u64 nonce)
{
	memset(n, 0, 4);
	put_unaligned_le64(nonce, n + 4);
}

static void xor_bytes(u8 *dst, const u8 *src, const u8 *ks, size_t n)
{
	size_t i;

	for (i = 0; i + 8 <= n; i += 8)
		put_unaligned_le64(get_unaligned_le64(src + i) ^
				   get_unaligned_le64(ks + i), dst + i);
	for (; i < n; i++)
		dst[i] = src[i] ^ ks[i];
}

/*
 * The AEAD over data that may arrive in pieces of any length (an skb's
 * fragments). ks[] ends with ks_left unused keystream bytes: at the start
 * block 0 (the Poly1305 key) and up to 7 more blocks come from one
 * multi-block call, which is what makes short packets cheap; later, the
 * rest of a block that straddles two pieces.
 */
struct aead_pieces {
	u32 st[16];
	struct wg_poly1305_ctx poly;
	u8 ks[sizeof(zero_blocks)];
	size_t ks_left;
	size_t left;	/* data bytes still to come */
};

/* simd: from wg_simd_get(), with the FPU entered if non-zero */
static void aead_pieces_init(struct aead_pieces *a, const u8 nonce[12],
			     const u8 key[CHACHA20POLY1305_KEY_SIZE], const u8 *ad,
			     size_t ad_len, size_t len, unsigned int simd)
{
	/* long messages: only the key block, the rest stays 16-block aligned */
	size_t blocks = len > 2048 ? 1 :
		1 + min_t(size_t, DIV_ROUND_UP(len, CHACHA20_BLOCK_SIZE), 7);
	u8 *k = a->ks + sizeof(a->ks) - blocks * CHACHA20_BLOCK_SIZE;
	struct wg_chacha20_ctx c;

	wg_chacha20_init(&c, key, 0, nonce);
	memcpy(a->st, c.state, sizeof(a->st));
	memzero_explicit(&c, sizeof(c));
	wg_chacha20_xor(a->st, k, zero_blocks, blocks * CHACHA20_BLOCK_SIZE, simd);
	wg_poly1305_init(&a->poly, k);
	memzero_explicit(k, CHACHA20_BLOCK_SIZE);
	a->ks_left = (blocks - 1) * CHACHA20_BLOCK_SIZE;
	a->left = len;
	wg_poly1305_update(&a->poly, ad, ad_len);
	wg_poly1305_update(&a->poly, pad0, (0x10 - ad_len) & 0xf);
}

/* n bytes from src to dst (which may be src); the MAC covers the ciphertext */
static void aead_piece(struct aead_pieces *a, u8 *dst, const u8 *src, size_t n,
		       bool encrypt, unsigned int simd)
{
	u8 *out = dst;
	size_t m, len = n;

	if (!encrypt)
		wg_poly1305_update_simd(&a->poly, src, n, simd);
	m = min(a->ks_left, n);
	xor_bytes(dst, src, a->ks + sizeof(a->ks) - a->ks_left, m);
	a->ks_left -= m;
	dst += m;
	src += m;
	n -= m;
	a->left -= len;
	/* the last piece may end mid-block: the stream ends with it */
	m = a->left ? n & ~(size_t)(CHACHA20_BLOCK_SIZE - 1) : n;
	if (m) {
		wg_chacha20_xor(a->st, dst, src, m, simd);
		dst += m;
		src += m;
		n -= m;
	}
	if (n) {
		wg_chacha20_block(a->st, a->ks + sizeof(a->ks) - CHACHA20_BLOCK_SIZE);
		xor_bytes(dst, src, a->ks + sizeof(a->ks) - CHACHA20_BLOCK_SIZE, n);
		a->ks_left = CHACHA20_BLOCK_SIZE - n;
	}
	if (encrypt)
		wg_poly1305_update_simd(&a->poly, out, len, simd);
}

static void aead_finish(struct aead_pieces *a, size_t ad_len, size_t len,
			u8 tag[POLY1305_MAC_SIZE])
{
	u8 b[16];

	put_unaligned_le64(ad_len, b);
	put_unaligned_le64(len, b + 8);
	wg_poly1305_update(&a->poly, pad0, (0x10 - len) & 0xf);
	wg_poly1305_update(&a->poly, b, sizeof(b));
	wg_poly1305_final(&a->poly, tag);
	memzero_explicit(a, sizeof(*a));
}

/* Contiguous memory, in FPU sections of at most WG_SIMD_CHUNK bytes. */
static void aead_crypt(u8 *dst, const u8 *src, size_t len, const u8 *ad,
		       size_t ad_len, const u8 nonce[12],
		       const u8 key[CHACHA20POLY1305_KEY_SIZE], bool encrypt,
		       u8 tag[POLY1305_MAC_SIZE])
{
	unsigned int simd = wg_simd_get();
	struct aead_pieces a;
	size_t n, done;

	wg_simd_enter(simd);
	aead_pieces_init(&a, nonce, key, ad, ad_len, len, simd);
	for (done = 0; done < len; done += n) {
		n = min_t(size_t, len - done, WG_SIMD_CHUNK);
		if (done) { /* a chance to reschedule between chunks */
			wg_simd_leave(simd);
			wg_simd_enter(simd);
		}
		aead_piece(&a, dst + done, src + done, n, encrypt, simd);
	}
	wg_simd_leave(simd);
	aead_finish(&a, ad_len, len, tag);
}

void wg_chacha20poly1305_encrypt_n96(u8 *dst, const u8 *src, size_t src_len,
				     const u8 *ad, size_t ad_len, const u8 nonce[12],
				     const u8 key[CHACHA20POLY1305_KEY_SIZE])
{
	aead_crypt(dst, src, src_len, ad, ad_len, nonce, key, true, dst + src_len);
}

bool wg_chacha20poly1305_decrypt_n96(u8 *dst, const u8 *src, size_t src_len,
				     const u8 *ad, size_t ad_len, const u8 nonce[12],
				     const u8 key[CHACHA20POLY1305_KEY_SIZE])
{
	u8 tag[POLY1305_MAC_SIZE], given[POLY1305_MAC_SIZE];
	size_t len;
	bool ok;

	if (src_len < POLY1305_MAC_SIZE)
		return false;
	len = src_len - POLY1305_MAC_SIZE;
	/* dst may be src: keep the received tag before it could be touched */
	memcpy(given, src + len, sizeof(given));
	aead_crypt(dst, src, len, ad, ad_len, nonce, key, false, tag);
	ok = !crypto_memneq(tag, given, sizeof(tag));
	if (!ok)
		memzero_explicit(dst, len);
	memzero_explicit(tag, sizeof(tag));
	return ok;
}

void wg_chacha20poly1305_encrypt(u8 *dst, const u8 *src, size_t src_len,
				 const u8 *ad, size_t ad_len, u64 nonce,
				 const u8 key[CHACHA20POLY1305_KEY_SIZE])
{
	u8 n[12];

	nonce64(n, nonce);
	wg_chacha20poly1305_encrypt_n96(dst, src, src_len, ad, ad_len, n, key);
}

bool wg_chacha20poly1305_decrypt(u8 *dst, const u8 *src, size_t src_len,
				 const u8 *ad, size_t ad_len, u64 nonce,
				 const u8 key[CHACHA20POLY1305_KEY_SIZE])
{
	u8 n[12];

	nonce64(n, nonce);
	return wg_chacha20poly1305_decrypt_n96(dst, src, src_len, ad, ad_len, n, key);
}

/* XChaCha20: a subkey from HChaCha20 over the first 16 nonce bytes, then
 * ChaCha20 with nonce 0^32 || the last 8 bytes. */
static void xchacha_derive(u8 subkey[32], u8 n[12],
			   const u8 nonce[XCHACHA20POLY1305_NONCE_SIZE],
			   const u8 key[CHACHA20POLY1305_KEY_SIZE])
{
	wg_hchacha20(subkey, nonce, key);
	memset(n, 0, 4);
	memcpy(n + 4, nonce + 16, 8);
}

void wg_xchacha20poly1305_encrypt(u8 *dst, const u8 *src, size_t src_len,
				  const u8 *ad, size_t ad_len,
				  const u8 nonce[XCHACHA20POLY1305_NONCE_SIZE],
				  const u8 key[CHACHA20POLY1305_KEY_SIZE])
{
	u8 subkey[32], n[12];

	xchacha_derive(subkey, n, nonce, key);
	wg_chacha20poly1305_encrypt_n96(dst, src, src_len, ad, ad_len, n, subkey);
	memzero_explicit(subkey, sizeof(subkey));
}

bool wg_xchacha20poly1305_decrypt(u8 *dst, const u8 *src, size_t src_len,
				  const u8 *ad, size_t ad_len,
				  const u8 nonce[XCHACHA20POLY1305_NONCE_SIZE],
				  const u8 key[CHACHA20POLY1305_KEY_SIZE])
{
	u8 subkey[32], n[12];
	bool ok;

	xchacha_derive(subkey, n, nonce, key);
	ok = wg_chacha20poly1305_decrypt_n96(dst, src, src_len, ad, ad_len, n, subkey);
	memzero_explicit(subkey, sizeof(subkey));
	return ok;
}

#if defined(__KERNEL__) || defined(WG_TEST_SG) /* the unit tests shim sg_miter */
/*
 * In place over a scatterlist whose segments may have any length (sg_miter
 * maps at most a page at a time, atomically). One FPU section covers up to
 * WG_SIMD_CHUNK bytes of segments. The 16 tag bytes follow the data and may
 * be split across segments too.
 */
static bool aead_sg_inplace(struct scatterlist *sg, size_t len, u64 nonce,
			    const u8 key[CHACHA20POLY1305_KEY_SIZE], bool encrypt)
{
	u8 tag[POLY1305_MAC_SIZE], given[POLY1305_MAC_SIZE], n96[12];
	unsigned int simd = wg_simd_get();
	size_t done = 0, since = 0, total = len + POLY1305_MAC_SIZE;
	struct sg_mapping_iter miter;
	struct aead_pieces a;
	bool ok;

	nonce64(n96, nonce);
	wg_simd_enter(simd);
	aead_pieces_init(&a, n96, key, NULL, 0, len, simd);
	if (!len)
		aead_finish(&a, 0, 0, tag);
	sg_miter_start(&miter, sg, sg_nents(sg), SG_MITER_TO_SG |
		       SG_MITER_FROM_SG | SG_MITER_ATOMIC);
	while (done < total && sg_miter_next(&miter)) {
		u8 *p = miter.addr;
		size_t seg = min_t(size_t, miter.length, total - done), d;

		if (done < len) {
			d = min_t(size_t, seg, len - done);
			if (since && since + d > WG_SIMD_CHUNK) {
				wg_simd_leave(simd);
				wg_simd_enter(simd);
				since = 0;
			}
			aead_piece(&a, p, p, d, encrypt, simd);
			since += d;
			done += d;
			p += d;
			seg -= d;
			if (done == len)
				aead_finish(&a, 0, len, tag);
		}
		if (seg) { /* tag bytes [done - len, done - len + seg) */
			if (encrypt)
				memcpy(p, tag + (done - len), seg);
			else
				memcpy(given + (done - len), p, seg);
			done += seg;
		}
	}
	sg_miter_stop(&miter);
	wg_simd_leave(simd);
	ok = done == total;
	if (ok && !encrypt)
		ok = !crypto_memneq(tag, given, sizeof(tag));
	if (!ok && !encrypt)
		sg_zero_buffer(sg, sg_nents(sg), len, 0);
	if (done < len)
		memzero_explicit(&a, sizeof(a));
	memzero_explicit(tag, sizeof(tag));
	return ok;
}

bool wg_chacha20poly1305_encrypt_sg_inplace(struct scatterlist *src, size_t src_len,
					    u64 nonce, const u8 key[CHACHA20POLY1305_KEY_SIZE])
{
	return aead_sg_inplace(src, src_len, nonce, key, true);
}

bool wg_chacha20poly1305_decrypt_sg_inplace(struct scatterlist *src, size_t src_len,
					    u64 nonce, const u8 key[CHACHA20POLY1305_KEY_SIZE])
{
	if (src_len < POLY1305_MAC_SIZE)
		return false;
	return aead_sg_inplace(src, src_len - POLY1305_MAC_SIZE, nonce, key, false);
}
#endif
