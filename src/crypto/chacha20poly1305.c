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

/* Sets up the ChaCha20 state at block 1 and Poly1305 keyed from block 0. */
static void aead_init(u32 st[16], struct wg_poly1305_ctx *poly,
		      const u8 key[CHACHA20POLY1305_KEY_SIZE], const u8 nonce[12])
{
	struct wg_chacha20_ctx c;
	u8 block0[CHACHA20_BLOCK_SIZE];

	wg_chacha20_init(&c, key, 0, nonce);
	wg_chacha20_block(c.state, block0);
	wg_poly1305_init(poly, block0);
	memcpy(st, c.state, sizeof(c.state));
	memzero_explicit(block0, sizeof(block0));
	memzero_explicit(&c, sizeof(c));
}

static void aead_finish(struct wg_poly1305_ctx *poly, size_t ad_len, size_t len,
			u8 tag[POLY1305_MAC_SIZE])
{
	u8 b[16];

	put_unaligned_le64(ad_len, b);
	put_unaligned_le64(len, b + 8);
	wg_poly1305_update(poly, pad0, (0x10 - len) & 0xf);
	wg_poly1305_update(poly, b, sizeof(b));
	wg_poly1305_final(poly, tag);
}

static void nonce64(u8 n[12], u64 nonce)
{
	memset(n, 0, 4);
	put_unaligned_le64(nonce, n + 4);
}

/* One pass over contiguous memory, in FPU sections of WG_SIMD_CHUNK; the
 * MAC always covers the ciphertext. */
static void aead_crypt(u8 *dst, const u8 *src, size_t len, const u8 *ad,
		       size_t ad_len, const u8 nonce[12],
		       const u8 key[CHACHA20POLY1305_KEY_SIZE], bool encrypt,
		       u8 tag[POLY1305_MAC_SIZE])
{
	unsigned int simd = len > CHACHA20_BLOCK_SIZE ? wg_simd_get() : 0;
	struct wg_poly1305_ctx poly;
	size_t n, total = len;
	u32 st[16];

	aead_init(st, &poly, key, nonce);
	wg_poly1305_update(&poly, ad, ad_len);
	wg_poly1305_update(&poly, pad0, (0x10 - ad_len) & 0xf);
	for (; len; len -= n, src += n, dst += n) {
		n = min_t(size_t, len, WG_SIMD_CHUNK);
		wg_simd_enter(simd);
		if (!encrypt)
			wg_poly1305_update_simd(&poly, src, n, simd);
		wg_chacha20_xor(st, dst, src, n, simd);
		if (encrypt)
			wg_poly1305_update_simd(&poly, dst, n, simd);
		wg_simd_leave(simd);
	}
	aead_finish(&poly, ad_len, total, tag);
	memzero_explicit(st, sizeof(st));
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

/*
 * The AEAD over data that arrives in pieces of any length (an skb's
 * fragments): a keystream block that straddles two pieces is kept in ks[].
 * Each piece is transformed in place. Used by the scatter-gather functions;
 * the unit tests drive it directly with random splits.
 */
struct aead_pieces {
	u32 st[16];
	struct wg_poly1305_ctx poly;
	u8 ks[CHACHA20_BLOCK_SIZE];
	size_t ks_left;
};

static void __maybe_unused aead_piece(struct aead_pieces *a, u8 *p, size_t n,
				      bool encrypt, unsigned int simd)
{
	u8 *start = p;
	size_t i, full, len = n;

	if (!encrypt)
		wg_poly1305_update_simd(&a->poly, p, n, simd);
	for (i = 0; a->ks_left && i < n; i++, a->ks_left--)
		p[i] ^= a->ks[CHACHA20_BLOCK_SIZE - a->ks_left];
	p += i;
	n -= i;
	full = n & ~(size_t)(CHACHA20_BLOCK_SIZE - 1);
	if (full) {
		wg_chacha20_xor(a->st, p, p, full, simd);
		p += full;
		n -= full;
	}
	if (n) {
		wg_chacha20_block(a->st, a->ks);
		for (i = 0; i < n; i++)
			p[i] ^= a->ks[i];
		a->ks_left = CHACHA20_BLOCK_SIZE - n;
	}
	if (encrypt)
		wg_poly1305_update_simd(&a->poly, start, len, simd);
}

static void __maybe_unused aead_pieces_init(struct aead_pieces *a, u64 nonce,
					    const u8 key[CHACHA20POLY1305_KEY_SIZE])
{
	u8 n96[12];

	nonce64(n96, nonce);
	aead_init(a->st, &a->poly, key, n96);
	a->ks_left = 0;
}

static void __maybe_unused aead_pieces_wipe(struct aead_pieces *a)
{
	memzero_explicit(a, sizeof(*a));
}

#ifdef __KERNEL__
/*
 * In place over a scatterlist whose segments may have any length (sg_miter
 * maps at most a page at a time, which also bounds each FPU section). The
 * 16 tag bytes follow the data and may be split across segments too.
 */
static bool aead_sg_inplace(struct scatterlist *sg, size_t len, u64 nonce,
			    const u8 key[CHACHA20POLY1305_KEY_SIZE], bool encrypt)
{
	u8 tag[POLY1305_MAC_SIZE], given[POLY1305_MAC_SIZE];
	unsigned int simd = wg_simd_get();
	size_t done = 0, total = len + POLY1305_MAC_SIZE;
	struct sg_mapping_iter miter;
	struct aead_pieces a;
	bool ok;

	aead_pieces_init(&a, nonce, key);
	if (!len)
		aead_finish(&a.poly, 0, 0, tag);
	sg_miter_start(&miter, sg, sg_nents(sg), SG_MITER_TO_SG |
		       SG_MITER_FROM_SG | SG_MITER_ATOMIC);
	while (done < total && sg_miter_next(&miter)) {
		u8 *p = miter.addr;
		size_t seg = min_t(size_t, miter.length, total - done), d;

		if (done < len) {
			d = min_t(size_t, seg, len - done);
			wg_simd_enter(simd);
			aead_piece(&a, p, d, encrypt, simd);
			wg_simd_leave(simd);
			done += d;
			p += d;
			seg -= d;
			if (done == len)
				aead_finish(&a.poly, 0, len, tag);
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
	ok = done == total;
	if (ok && !encrypt)
		ok = !crypto_memneq(tag, given, sizeof(tag));
	if (!ok && !encrypt)
		sg_zero_buffer(sg, sg_nents(sg), len, 0);
	aead_pieces_wipe(&a);
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
