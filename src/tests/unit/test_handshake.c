// SPDX-License-Identifier: GPL-2.0
/*
 * The whole exchange of protocol.md §11, byte for byte, through the same
 * handshake.c / macs.c the module runs (noise.c and cookie.c only add locks,
 * randomness, clocks and peer state around these calls). The fixed
 * ephemerals, timestamp and indices of §11 are injected as arguments, which
 * is how noise.c passes its random ones.
 */
#include "handshake.h"
#include "macs.h"
#include "crypto/crypto.h"
#include "proto_test.h"

#define S_PRIV_I "60596a09f09b2d8311697f3e4a83c175799d8d9c5ceaf99f8f5f2884941bbd72"
#define S_PUB_I  "5bd0118ff51c7ff6054ced114dc857ee8744ebea014efc31e60301c0167b3904"
#define S_PRIV_R "60d36b6646250925d7de13acd68120bba896c46936a6e6a21f6e7ccbd7ea024e"
#define S_PUB_R  "3540091af93c38b5670633a80e8482750ca4f6bd7323a88b159d2413387e0660"
#define E_PRIV_I "d8374cd872679ad478384e67bd72b80b6cbcf19c7708aa838c20c536df25267f"
#define E_PUB_I  "a1bee9596631ec4a7fe8582c103f1be277f5282916b2043c39cfd74e593f7760"
#define E_PRIV_R "78554be5bc26d33499478abffb7d648498e50707c3f037c4d564ec4e49c32c40"
#define E_PUB_R  "3cff5c33c302f38aee9eee09ef05198a3ca37d31a5d46b7c9edddc62202be44b"
#define PSK      "8a94437fdf6d6f76e0b20ef0ab5278608d0ad6680e2abcd566a23e57c917a650"
#define TS       "400000006553f10a00000000"

#define MSG1 "01000000" "44332211" E_PUB_I \
	"1db6903dcbcb007c8ca37fa68cc5f62b68d83b9d6bac514097e5253468628bcf7dee7b308403a60c759a31ac44232a3b" \
	"1e185bf2ddd49767c7494dd35d6fd15c7a0a9ddf2ff732b6836e08c8" \
	"cf624728b1837a9cf1f1d7e95e510d6a" "00000000000000000000000000000000"
#define MSG2_PSK "02000000" "88776655" "44332211" E_PUB_R \
	"ded0ef89e15e1059a2c40ecd9b2c57a2" "b6f68f680e2c889a5d11c00ceb6f8a12" \
	"00000000000000000000000000000000"
#define MSG2_NOPSK "02000000" "88776655" "44332211" E_PUB_R \
	"2beb3a1b12ef9581165a449f65ea5eb7" "2e665e084c207e7b4a38ad4d326378ac" \
	"00000000000000000000000000000000"
#define K1_PSK "fd6434450e3b4814aae53b4d0d7d631a7b46a345e1671a1d6c4e40b224340a5c"
#define K2_PSK "31b1ac989ce78ae0ccc4f5b552171b0d4ca116dced59c7aefc9cb3fd4516d8ee"
#define K1_NOPSK "d258d556fd8c83c7085c1f4a6dbe69c4a70f0cd229f4141fef44f437ec99b100"
#define K2_NOPSK "722da9feaf1679fc67338ae5bd9fbfc25d0cf8e2f0bd3d84c59c98c1bc76a8d8"

static u8 s_priv_i[32], s_pub_i[32], s_priv_r[32], s_pub_r[32];
static u8 e_priv_i[32], e_priv_r[32], psk[32], ts[12];
static const u8 zero_psk[32];

static void load_inputs(void)
{
	pt_unhex(s_priv_i, 32, S_PRIV_I);
	pt_unhex(s_pub_i, 32, S_PUB_I);
	pt_unhex(s_priv_r, 32, S_PRIV_R);
	pt_unhex(s_pub_r, 32, S_PUB_R);
	pt_unhex(e_priv_i, 32, E_PRIV_I);
	pt_unhex(e_priv_r, 32, E_PRIV_R);
	pt_unhex(psk, 32, PSK);
	pt_unhex(ts, 12, TS);
}

/* Initiator side, exactly as noise.c + cookie.c put message 1 together. */
static int build_msg1(struct message_handshake_initiation *m, u8 ck[32], u8 hash[32])
{
	u8 ss[32], mac1_key[32];

	memset(m, 0, sizeof(*m));
	if (!wg_curve25519(ss, s_priv_i, s_pub_r))
		return t_fail("static-static DH is zero");
	m->header.type = cpu_to_le32(MESSAGE_HANDSHAKE_INITIATION);
	m->sender_index = cpu_to_le32(0x11223344);
	if (!wg_hs_initiation_create(ck, hash, m, e_priv_i, s_pub_i, s_pub_r, ss, ts))
		return t_fail("wg_hs_initiation_create failed");
	wg_macs_mac1_key(mac1_key, s_pub_r);
	wg_macs_compute_mac1(m->macs.mac1, m, sizeof(*m), mac1_key);
	return 0;
}

/* Responder side: message 1 consumed, message 2 built (with @q as PSK). */
static int build_msg2(const struct message_handshake_initiation *m1,
		      struct message_handshake_response *m2, const u8 q[32],
		      u8 ck[32], u8 hash[32])
{
	u8 s[32], t[12], ss[32], mac1_key[32];

	if (!wg_hs_initiation_open_static(ck, hash, s, m1, s_priv_r, s_pub_r))
		return t_fail("responder could not open the static key");
	if (memcmp(s, s_pub_i, 32))
		return t_fail("recovered static key %s", pt_hex(s, 32));
	if (!wg_curve25519(ss, s_priv_r, s))
		return t_fail("static-static DH is zero");
	if (!wg_hs_initiation_open_timestamp(ck, hash, t, m1, ss))
		return t_fail("responder could not open the timestamp");
	if (memcmp(t, ts, 12))
		return t_fail("recovered timestamp %s", pt_hex(t, 12));
	memset(m2, 0, sizeof(*m2));
	m2->header.type = cpu_to_le32(MESSAGE_HANDSHAKE_RESPONSE);
	m2->sender_index = cpu_to_le32(0x55667788);
	m2->receiver_index = m1->sender_index;
	if (!wg_hs_response_create(ck, hash, m2, e_priv_r, m1->unencrypted_ephemeral, s, q))
		return t_fail("wg_hs_response_create failed");
	wg_macs_mac1_key(mac1_key, s_pub_i);
	wg_macs_compute_mac1(m2->macs.mac1, m2, sizeof(*m2), mac1_key);
	return 0;
}

static int t_static_public_keys(void)
{
	u8 pub[32];

	if (!wg_curve25519_generate_public(pub, s_priv_i) || memcmp(pub, s_pub_i, 32))
		return t_fail("S_pub_i %s", pt_hex(pub, 32));
	if (!wg_curve25519_generate_public(pub, s_priv_r) || memcmp(pub, s_pub_r, 32))
		return t_fail("S_pub_r %s", pt_hex(pub, 32));
	return 0;
}

static int t_tai64n(void)
{
	u8 out[12];

	wg_hs_tai64n(out, 1700000000, 0);
	if (pt_expect("1700000000 s", out, 12, TS))
		return 1;
	/* 999999999 ns rounds down to 59 * 2^24 = 989855744 = 0x3b000000 */
	wg_hs_tai64n(out, 1700000000, 999999999);
	if (pt_expect("rounded ns", out, 12, "400000006553f10a3b000000"))
		return 1;
	wg_hs_tai64n(out, 0, 16777215);
	return pt_expect("below 2^24 ns", out, 12, "400000000000000a00000000");
}

static int t_mac_keys(void)
{
	u8 k[32];

	wg_macs_mac1_key(k, s_pub_r);
	if (pt_expect("mac1 key to responder", k, 32,
		      "78168d0e544c0708a12650fd4d5b1182a2791b7b15451d9319a3c8bf23da7817"))
		return 1;
	wg_macs_cookie_key(k, s_pub_r);
	if (pt_expect("cookie key of responder", k, 32,
		      "29cca2b1a94c18374e112362cd43f5199e9c59b6449ba37ac75706b1c7bea131"))
		return 1;
	wg_macs_mac1_key(k, s_pub_i);
	return pt_expect("mac1 key to initiator", k, 32,
			 "97ed525b0ac06de9a82c1cf260b67bff2a6cc62a62706c35ba4c9cfeb79e3d3a");
}

static int t_message1_bytes(void)
{
	struct message_handshake_initiation m;
	u8 ck[32], hash[32];

	if (build_msg1(&m, ck, hash))
		return 1;
	if (pt_expect("C after ss", ck, 32,
		      "af3d2cbeb1491dd86b4348a280f7ec51e4b9e9129881d4456abce12caa80ae48") ||
	    pt_expect("H after encrypted_timestamp", hash, 32,
		      "7536fc75ad08b9f362fbf14235a949477cb76a6fa41c3a8d2948166de7b98ba4"))
		return 1;
	return pt_expect("message 1", &m, sizeof(m), MSG1);
}

static int t_message1_consumed(void)
{
	struct message_handshake_initiation m;
	u8 ck_i[32], h_i[32], ck_r[32], h_r[32], s[32], t[12], ss[32], mac1_key[32];

	pt_unhex((u8 *)&m, sizeof(m), MSG1);
	wg_macs_mac1_key(mac1_key, s_pub_r);
	if (!wg_macs_mac1_ok(&m, sizeof(m), mac1_key))
		return t_fail("responder rejects the mac1 of message 1");
	if (!wg_hs_initiation_open_static(ck_r, h_r, s, &m, s_priv_r, s_pub_r))
		return t_fail("static key does not open");
	if (pt_expect("H after encrypted_static", h_r, 32,
		      "4bd1676506298710253231de3c131648235d14d413f7306a4bb2bfd39b07be2b") ||
	    pt_expect("initiator static key", s, 32, S_PUB_I))
		return 1;
	if (!wg_curve25519(ss, s_priv_r, s) ||
	    !wg_hs_initiation_open_timestamp(ck_r, h_r, t, &m, ss))
		return t_fail("timestamp does not open");
	if (pt_expect("timestamp", t, 12, TS))
		return 1;
	if (build_msg1(&m, ck_i, h_i))
		return 1;
	if (memcmp(ck_i, ck_r, 32) || memcmp(h_i, h_r, 32))
		return t_fail("responder state differs from initiator state");
	return 0;
}

static int exchange(const u8 q[32], const char *msg2_hex, const char *k1_hex,
		    const char *k2_hex, const char *final_hash_hex)
{
	struct message_handshake_initiation m1;
	struct message_handshake_response m2;
	u8 ck_i[32], h_i[32], ck_r[32], h_r[32];
	u8 k1_i[32], k2_i[32], k1_r[32], k2_r[32], mac1_key[32];

	if (build_msg1(&m1, ck_i, h_i) || build_msg2(&m1, &m2, q, ck_r, h_r))
		return 1;
	if (pt_expect("message 2", &m2, sizeof(m2), msg2_hex))
		return 1;
	wg_macs_mac1_key(mac1_key, s_pub_i);
	if (!wg_macs_mac1_ok(&m2, sizeof(m2), mac1_key))
		return t_fail("initiator rejects the mac1 of message 2");
	if (!wg_hs_response_open(ck_i, h_i, &m2, e_priv_i, s_priv_i, q))
		return t_fail("initiator rejects message 2");
	if (memcmp(ck_i, ck_r, 32) || memcmp(h_i, h_r, 32))
		return t_fail("final states differ");
	if (final_hash_hex && pt_expect("final H", h_i, 32, final_hash_hex))
		return 1;
	wg_hs_derive_keys(k1_i, k2_i, ck_i);
	wg_hs_derive_keys(k1_r, k2_r, ck_r);
	if (pt_expect("K1", k1_i, 32, k1_hex) || pt_expect("K2", k2_i, 32, k2_hex))
		return 1;
	if (memcmp(k1_i, k1_r, 32) || memcmp(k2_i, k2_r, 32))
		return t_fail("responder derived different keys");
	return 0;
}

static int t_message2_psk(void)
{
	return exchange(psk, MSG2_PSK, K1_PSK, K2_PSK,
			"b7d82dabc416f146fd8851cf998ccea0102a54ef59b2b42173f20e90448b1cd8");
}

static int t_message2_no_psk(void)
{
	return exchange(zero_psk, MSG2_NOPSK, K1_NOPSK, K2_NOPSK, NULL);
}

static int t_response_wrong_psk_rejected(void)
{
	struct message_handshake_initiation m1;
	struct message_handshake_response m2;
	u8 ck_i[32], h_i[32], ck_r[32], h_r[32];

	if (build_msg1(&m1, ck_i, h_i) || build_msg2(&m1, &m2, psk, ck_r, h_r))
		return 1;
	if (wg_hs_response_open(ck_i, h_i, &m2, e_priv_i, s_priv_i, zero_psk))
		return t_fail("a response made with a PSK opened without it");
	return 0;
}

static int t_tampered_initiation_rejected(void)
{
	struct message_handshake_initiation m, bad;
	u8 ck[32], h[32], s[32], t[12], ss[32], mac1_key[32];
	size_t i;

	pt_unhex((u8 *)&m, sizeof(m), MSG1);
	wg_macs_mac1_key(mac1_key, s_pub_r);
	wg_curve25519(ss, s_priv_r, s_pub_i);
	/* Every single-bit flip before mac1 breaks mac1; flips in the
	 * encrypted fields also break the AEAD even with mac1 ignored. */
	for (i = 0; i < offsetof(struct message_handshake_initiation, macs); i++) {
		bad = m;
		((u8 *)&bad)[i] ^= 1;
		if (wg_macs_mac1_ok(&bad, sizeof(bad), mac1_key))
			return t_fail("mac1 accepted a flip at byte %zu", i);
		if (i < offsetof(struct message_handshake_initiation, unencrypted_ephemeral))
			continue;
		if (wg_hs_initiation_open_static(ck, h, s, &bad, s_priv_r, s_pub_r) &&
		    wg_hs_initiation_open_timestamp(ck, h, t, &bad, ss))
			return t_fail("initiation with byte %zu flipped was accepted", i);
	}
	return 0;
}

static int t_low_order_points_rejected(void)
{
	/* protocol.md §1.1: the all-zero point and the point 1. */
	static const char *const low[] = {
		"0000000000000000000000000000000000000000000000000000000000000000",
		"0100000000000000000000000000000000000000000000000000000000000000",
		"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
		"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	};
	struct message_handshake_initiation m;
	struct message_handshake_response r;
	u8 ck[32], h[32], s[32], ss[32], lowpt[32];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(low); i++) {
		pt_unhex(lowpt, 32, low[i]);
		/* As a peer's static key: precomputation gives zero, and no
		 * initiation can be built with a zero static-static value. */
		if (wg_curve25519(ss, s_priv_i, lowpt))
			return t_fail("DH with low-order point %zu not zero", i);
		memset(ss, 0, sizeof(ss));
		if (wg_hs_initiation_create(ck, h, &m, e_priv_i, s_pub_i, lowpt, ss, ts))
			return t_fail("initiation built to low-order key %zu", i);
		/* As an ephemeral in a received initiation. */
		pt_unhex((u8 *)&m, sizeof(m), MSG1);
		memcpy(m.unencrypted_ephemeral, lowpt, 32);
		if (wg_hs_initiation_open_static(ck, h, s, &m, s_priv_r, s_pub_r))
			return t_fail("initiation with low-order ephemeral %zu opened", i);
		/* As the ephemeral of a response. */
		memset(&r, 0, sizeof(r));
		memcpy(r.unencrypted_ephemeral, lowpt, 32);
		if (wg_hs_response_open(ck, h, &r, e_priv_i, s_priv_i, psk))
			return t_fail("response with low-order ephemeral %zu opened", i);
	}
	return 0;
}

static int t_transport_messages(void)
{
	u8 k1[32], k2[32], msg[64], inner[32];
	struct message_data *d = (struct message_data *)msg;

	pt_unhex(k1, 32, K1_PSK);
	pt_unhex(k2, 32, K2_PSK);
	/* Initiator's keepalive, counter 0, to I_r. */
	memset(msg, 0, sizeof(msg));
	d->header.type = cpu_to_le32(MESSAGE_DATA);
	d->key_idx = cpu_to_le32(0x55667788);
	d->counter = cpu_to_le64(0);
	wg_chacha20poly1305_encrypt(d->encrypted_data, inner, 0, NULL, 0, 0, k1);
	if (pt_expect("keepalive", msg, 32,
		      "040000008877665500000000000000007ab4f8a5e4a09cdef9617d94d75c7915"))
		return 1;
	/* Responder's data message: 28-byte packet padded to 32. */
	memset(inner, 0, sizeof(inner));
	pt_unhex(inner, 28, "4500001c00010000401166ce0a0000020a0000010035003500080000");
	d->key_idx = cpu_to_le32(0x11223344);
	wg_chacha20poly1305_encrypt(d->encrypted_data, inner, 32, NULL, 0, 0, k2);
	if (pt_expect("data message", msg, 64,
		      "0400000044332211000000000000000045bbf6d8f17ec54f34803b917529a78c"
		      "23c508b01bbd53c4c38b7862fb52a5e829227571fb91fdb43493d39c349d3c96"))
		return 1;
	if (!wg_chacha20poly1305_decrypt(inner, d->encrypted_data, 48, NULL, 0, 0, k2))
		return t_fail("own data message does not decrypt");
	return 0;
}

static int t_cookie_reply_and_mac2(void)
{
	struct message_handshake_initiation m;
	struct message_handshake_cookie c;
	u8 secret[32], cookie[16], nonce[24], key[32], mac2[16], opened[16];
	const u8 addr[4] = { 192, 0, 2, 1 };

	pt_unhex((u8 *)&m, sizeof(m), MSG1);
	pt_unhex(secret, 32, "64fe1e7c04ceb9154eb8e30da24e1aa95f2faca01a5ab2c3b7ccde489c88dc49");
	pt_unhex(nonce, 24, "d23780a5c9521ebb89fcd940f92057024952281d20e47110");
	wg_macs_cookie_value(cookie, secret, addr, 4, htons(51820));
	if (pt_expect("cookie", cookie, 16, "c584464a622437e6f01e32a92ad3b86e"))
		return 1;
	/* Responder builds the reply as cookie.c does. */
	c.header.type = cpu_to_le32(MESSAGE_HANDSHAKE_COOKIE);
	c.receiver_index = m.sender_index;
	memcpy(c.nonce, nonce, 24);
	wg_macs_cookie_key(key, s_pub_r);
	wg_macs_cookie_seal(c.encrypted_cookie, cookie, m.macs.mac1, c.nonce, key);
	if (pt_expect("cookie reply", &c, sizeof(c),
		      "0300000044332211d23780a5c9521ebb89fcd940f92057024952281d20e47110"
		      "24464ceb4e913a0741efd40ead8143104475f46fef9b11ffedf06f0c71660cde"))
		return 1;
	/* Initiator opens it with the mac1 it sent, and uses it as mac2. */
	if (!wg_macs_cookie_open(opened, c.encrypted_cookie, m.macs.mac1, c.nonce, key) ||
	    memcmp(opened, cookie, 16))
		return t_fail("initiator cannot open the cookie reply");
	m.macs.mac1[0] ^= 1;
	if (wg_macs_cookie_open(opened, c.encrypted_cookie, m.macs.mac1, c.nonce, key))
		return t_fail("cookie reply opened against a different mac1");
	m.macs.mac1[0] ^= 1;
	wg_macs_compute_mac2(mac2, &m, sizeof(m), cookie);
	if (pt_expect("mac2", mac2, 16, "4757068cd1cffece23897be43f4d83fd"))
		return 1;
	memcpy(m.macs.mac2, mac2, 16);
	if (!wg_macs_mac2_ok(&m, sizeof(m), cookie))
		return t_fail("responder rejects a correct mac2");
	/* A cookie for another source port does not validate. */
	wg_macs_cookie_value(cookie, secret, addr, 4, htons(51821));
	if (wg_macs_mac2_ok(&m, sizeof(m), cookie))
		return t_fail("mac2 accepted for another source port");
	return 0;
}

static int t_cookie_ipv6_source(void)
{
	u8 secret[32] = { 1 }, a[16] = { 0x20, 0x01, 0x0d, 0xb8 }, c1[16], c2[16];

	wg_macs_cookie_value(c1, secret, a, 16, htons(1));
	a[15] = 1;
	wg_macs_cookie_value(c2, secret, a, 16, htons(1));
	if (!memcmp(c1, c2, 16))
		return t_fail("cookies of two IPv6 sources are equal");
	/* Equal to MAC(secret, addr || port) computed in one go. */
	{
		u8 in[18], want[16];

		memcpy(in, a, 16);
		in[16] = 0;
		in[17] = 1;
		wg_blake2s(want, in, secret, 16, sizeof(in), 32);
		if (memcmp(want, c2, 16))
			return t_fail("cookie is not MAC(secret, addr || port)");
	}
	return 0;
}

/* Fresh random identities and ephemerals, many times: both sides always
 * agree, and the keys are mirrored. */
static int t_random_exchanges(void)
{
	int n;

	for (n = 0; n < 50; n++) {
		u8 ip[32], ipub[32], rp[32], rpub[32], ei[32], er[32], q[32], ss_i[32], ss_r[32];
		u8 ck_i[32], h_i[32], ck_r[32], h_r[32], s[32], t[12], tstamp[12];
		u8 a1[32], a2[32], b1[32], b2[32];
		struct message_handshake_initiation m1;
		struct message_handshake_response m2;

		wg_curve25519_generate_secret(ip);
		wg_curve25519_generate_secret(rp);
		wg_curve25519_generate_secret(ei);
		wg_curve25519_generate_secret(er);
		get_random_bytes(q, 32);
		wg_curve25519_generate_public(ipub, ip);
		wg_curve25519_generate_public(rpub, rp);
		wg_curve25519(ss_i, ip, rpub);
		wg_curve25519(ss_r, rp, ipub);
		wg_hs_tai64n(tstamp, 1800000000ULL + n, (u32)n * 1000000);
		if (!wg_hs_initiation_create(ck_i, h_i, &m1, ei, ipub, rpub, ss_i, tstamp) ||
		    !wg_hs_initiation_open_static(ck_r, h_r, s, &m1, rp, rpub) ||
		    memcmp(s, ipub, 32) ||
		    !wg_hs_initiation_open_timestamp(ck_r, h_r, t, &m1, ss_r) ||
		    memcmp(t, tstamp, 12) ||
		    !wg_hs_response_create(ck_r, h_r, &m2, er, m1.unencrypted_ephemeral, s, q) ||
		    !wg_hs_response_open(ck_i, h_i, &m2, ei, ip, q))
			return t_fail("round %d failed", n);
		wg_hs_derive_keys(a1, a2, ck_i);
		wg_hs_derive_keys(b1, b2, ck_r);
		if (memcmp(a1, b1, 32) || memcmp(a2, b2, 32) || !memcmp(a1, a2, 32))
			return t_fail("round %d: keys disagree", n);
	}
	return 0;
}

int main(void)
{
	wg_hs_init();
	load_inputs();
	t_run("static-public-keys", t_static_public_keys);
	t_run("tai64n-rounding", t_tai64n);
	t_run("mac1-and-cookie-keys", t_mac_keys);
	t_run("kat-message1-bytes", t_message1_bytes);
	t_run("kat-message1-consumed", t_message1_consumed);
	t_run("kat-message2-psk-and-keys", t_message2_psk);
	t_run("kat-message2-no-psk-and-keys", t_message2_no_psk);
	t_run("kat-transport-messages", t_transport_messages);
	t_run("kat-cookie-reply-and-mac2", t_cookie_reply_and_mac2);
	t_run("cookie-ipv6-source", t_cookie_ipv6_source);
	t_run("response-wrong-psk-rejected", t_response_wrong_psk_rejected);
	t_run("tampered-initiation-rejected", t_tampered_initiation_rejected);
	t_run("low-order-points-rejected", t_low_order_points_rejected);
	t_run("random-exchanges-agree", t_random_exchanges);
	return t_finish();
}
