// SPDX-License-Identifier: GPL-2.0
/*
 * Load-time self-test (WG_DEBUG builds) of the protocol arithmetic as the
 * kernel build computes it, on whatever crypto paths this CPU selects: the
 * exchange of protocol.md §11 (message 1, message 2 with PSK, K1/K2, the
 * cookie reply and mac2) and the replay-window reference cases of §5.1.
 * Included by handshake.c. The userspace unit tests cover the same vectors
 * and much more; this proves the module build agrees.
 */

#include "macs.h"
#include "replay.h"
#include <linux/slab.h>
#include <linux/kernel.h>

struct hs_selftest_vec {
	const char *name, *hex;
	size_t len;
};

static const struct hs_selftest_vec hs_st_in[] = {
	{ "S_priv_i", "60596a09f09b2d8311697f3e4a83c175799d8d9c5ceaf99f8f5f2884941bbd72", 32 },
	{ "S_priv_r", "60d36b6646250925d7de13acd68120bba896c46936a6e6a21f6e7ccbd7ea024e", 32 },
	{ "E_priv_i", "d8374cd872679ad478384e67bd72b80b6cbcf19c7708aa838c20c536df25267f", 32 },
	{ "E_priv_r", "78554be5bc26d33499478abffb7d648498e50707c3f037c4d564ec4e49c32c40", 32 },
	{ "PSK", "8a94437fdf6d6f76e0b20ef0ab5278608d0ad6680e2abcd566a23e57c917a650", 32 },
	{ "R_secret", "64fe1e7c04ceb9154eb8e30da24e1aa95f2faca01a5ab2c3b7ccde489c88dc49", 32 },
	{ "nonce", "d23780a5c9521ebb89fcd940f92057024952281d20e47110", 24 },
	{ "message 1", "0100000044332211a1bee9596631ec4a7fe8582c103f1be277f5282916b2043c39cfd74e593f7760"
		"1db6903dcbcb007c8ca37fa68cc5f62b68d83b9d6bac514097e5253468628bcf7dee7b308403a60c"
		"759a31ac44232a3b1e185bf2ddd49767c7494dd35d6fd15c7a0a9ddf2ff732b6836e08c8cf624728"
		"b1837a9cf1f1d7e95e510d6a00000000000000000000000000000000", 148 },
	{ "message 2", "0200000088776655443322113cff5c33c302f38aee9eee09ef05198a3ca37d31a5d46b7c9edddc62"
		"202be44bded0ef89e15e1059a2c40ecd9b2c57a2b6f68f680e2c889a5d11c00ceb6f8a1200000000"
		"000000000000000000000000", 92 },
	{ "K1", "fd6434450e3b4814aae53b4d0d7d631a7b46a345e1671a1d6c4e40b224340a5c", 32 },
	{ "K2", "31b1ac989ce78ae0ccc4f5b552171b0d4ca116dced59c7aefc9cb3fd4516d8ee", 32 },
	{ "cookie reply", "0300000044332211d23780a5c9521ebb89fcd940f92057024952281d20e4711024464ceb4e"
		"913a0741efd40ead8143104475f46fef9b11ffedf06f0c71660cde", 64 },
	{ "mac2", "4757068cd1cffece23897be43f4d83fd", 16 },
};

enum { ST_SPRIV_I, ST_SPRIV_R, ST_EPRIV_I, ST_EPRIV_R, ST_PSK, ST_SECRET, ST_NONCE,
       ST_MSG1, ST_MSG2, ST_K1, ST_K2, ST_COOKIE_REPLY, ST_MAC2, ST_COUNT };

struct hs_selftest {
	u8 v[ST_COUNT][148];
	u8 s_pub_i[32], s_pub_r[32], ss[32], ts[12], key[32];
	u8 ck_i[32], h_i[32], ck_r[32], h_r[32], s[32], t[12];
	u8 k1[32], k2[32], k1r[32], k2r[32], cookie[16], mac[16];
	struct message_handshake_initiation m1;
	struct message_handshake_response m2;
	struct message_handshake_cookie c;
	struct wg_replay replay;
};

static bool __init hs_st_check(const char *what, const void *got, const u8 *want, size_t len)
{
	if (!memcmp(got, want, len))
		return true;
	pr_err("handshake self-test: %s differs from protocol.md §11\n", what);
	return false;
}

static bool __init hs_st_replay(struct wg_replay *r)
{
	static const struct { u64 c; bool ok; } seq[] = {
		{ 0, true }, { 1, true }, { 1, false }, { 9, true }, { 8, true }, { 7, true },
		{ 7, false }, { COUNTER_WINDOW_SIZE + 1, true }, { COUNTER_WINDOW_SIZE, true },
		{ COUNTER_WINDOW_SIZE - 1, true }, { 0, false },
	};
	unsigned int i;
	u64 c;

	wg_replay_init(r);
	for (i = 0; i < ARRAY_SIZE(seq); i++)
		if (wg_replay_check(r, seq[i].c, REJECT_AFTER_MESSAGES) != seq[i].ok)
			return false;
	/* After 2..W+1, 1 is still inside the window and 0 is not. */
	wg_replay_init(r);
	for (c = 2; c <= COUNTER_WINDOW_SIZE + 1; c++)
		if (!wg_replay_check(r, c, REJECT_AFTER_MESSAGES))
			return false;
	if (!wg_replay_check(r, 1, REJECT_AFTER_MESSAGES) ||
	    wg_replay_check(r, 0, REJECT_AFTER_MESSAGES))
		return false;
	wg_replay_init(r);
	return wg_replay_check(r, REJECT_AFTER_MESSAGES - 1, REJECT_AFTER_MESSAGES) &&
	       !wg_replay_check(r, REJECT_AFTER_MESSAGES - 1, REJECT_AFTER_MESSAGES) &&
	       !wg_replay_check(r, REJECT_AFTER_MESSAGES, REJECT_AFTER_MESSAGES);
}

bool __init wg_handshake_selftest(void)
{
	static const u8 src_addr[4] = { 192, 0, 2, 1 };
	struct hs_selftest *st = kzalloc(sizeof(*st), GFP_KERNEL);
	bool ok = false;
	unsigned int i;

	if (!st)
		return false;
	for (i = 0; i < ST_COUNT; i++)
		if (WARN_ON(hex2bin(st->v[i], hs_st_in[i].hex, hs_st_in[i].len)))
			goto out;
	wg_hs_tai64n(st->ts, 1700000000, 0);

	/* Message 1, built by the initiator (index and mac1 as noise.c/cookie.c). */
	if (!wg_curve25519_generate_public(st->s_pub_i, st->v[ST_SPRIV_I]) ||
	    !wg_curve25519_generate_public(st->s_pub_r, st->v[ST_SPRIV_R]) ||
	    !wg_curve25519(st->ss, st->v[ST_SPRIV_I], st->s_pub_r))
		goto out;
	st->m1.header.type = cpu_to_le32(MESSAGE_HANDSHAKE_INITIATION);
	st->m1.sender_index = cpu_to_le32(0x11223344);
	if (!wg_hs_initiation_create(st->ck_i, st->h_i, &st->m1, st->v[ST_EPRIV_I],
				     st->s_pub_i, st->s_pub_r, st->ss, st->ts))
		goto out;
	wg_macs_mac1_key(st->key, st->s_pub_r);
	wg_macs_compute_mac1(st->m1.macs.mac1, &st->m1, sizeof(st->m1), st->key);
	if (!hs_st_check("message 1", &st->m1, st->v[ST_MSG1], 148))
		goto out;

	/* Consumed by the responder; message 2 with the PSK. */
	if (!wg_macs_mac1_ok(&st->m1, sizeof(st->m1), st->key) ||
	    !wg_hs_initiation_open_static(st->ck_r, st->h_r, st->s, &st->m1,
					  st->v[ST_SPRIV_R], st->s_pub_r) ||
	    !hs_st_check("initiator static key", st->s, st->s_pub_i, 32) ||
	    !wg_curve25519(st->ss, st->v[ST_SPRIV_R], st->s) ||
	    !wg_hs_initiation_open_timestamp(st->ck_r, st->h_r, st->t, &st->m1, st->ss) ||
	    !hs_st_check("timestamp", st->t, st->ts, 12))
		goto out;
	st->m2.header.type = cpu_to_le32(MESSAGE_HANDSHAKE_RESPONSE);
	st->m2.sender_index = cpu_to_le32(0x55667788);
	st->m2.receiver_index = st->m1.sender_index;
	if (!wg_hs_response_create(st->ck_r, st->h_r, &st->m2, st->v[ST_EPRIV_R],
				   st->m1.unencrypted_ephemeral, st->s, st->v[ST_PSK]))
		goto out;
	wg_macs_mac1_key(st->key, st->s_pub_i);
	wg_macs_compute_mac1(st->m2.macs.mac1, &st->m2, sizeof(st->m2), st->key);
	if (!hs_st_check("message 2", &st->m2, st->v[ST_MSG2], 92))
		goto out;

	/* Consumed by the initiator; both derive the same K1/K2. */
	if (!wg_hs_response_open(st->ck_i, st->h_i, &st->m2, st->v[ST_EPRIV_I],
				 st->v[ST_SPRIV_I], st->v[ST_PSK]))
		goto out;
	wg_hs_derive_keys(st->k1, st->k2, st->ck_i);
	wg_hs_derive_keys(st->k1r, st->k2r, st->ck_r);
	if (!hs_st_check("K1", st->k1, st->v[ST_K1], 32) ||
	    !hs_st_check("K2", st->k2, st->v[ST_K2], 32) ||
	    !hs_st_check("responder K1", st->k1r, st->v[ST_K1], 32) ||
	    !hs_st_check("responder K2", st->k2r, st->v[ST_K2], 32))
		goto out;

	/* Cookie reply to message 1 from 192.0.2.1:51820, and its mac2. */
	wg_macs_cookie_value(st->cookie, st->v[ST_SECRET], src_addr, 4, htons(51820));
	st->c.header.type = cpu_to_le32(MESSAGE_HANDSHAKE_COOKIE);
	st->c.receiver_index = st->m1.sender_index;
	memcpy(st->c.nonce, st->v[ST_NONCE], COOKIE_NONCE_LEN);
	wg_macs_cookie_key(st->key, st->s_pub_r);
	wg_macs_cookie_seal(st->c.encrypted_cookie, st->cookie, st->m1.macs.mac1, st->c.nonce,
			    st->key);
	if (!hs_st_check("cookie reply", &st->c, st->v[ST_COOKIE_REPLY], 64))
		goto out;
	wg_macs_compute_mac2(st->mac, &st->m1, sizeof(st->m1), st->cookie);
	if (!hs_st_check("mac2", st->mac, st->v[ST_MAC2], 16))
		goto out;

	if (!hs_st_replay(&st->replay)) {
		pr_err("handshake self-test: replay window reference cases fail\n");
		goto out;
	}
	ok = true;
out:
	if (!ok)
		pr_err("handshake self-test: FAIL\n");
	kfree_sensitive(st);
	return ok;
}
