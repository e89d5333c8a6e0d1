// SPDX-License-Identifier: GPL-2.0
/*
 * Handshake and transport consumption: the module's src/handshake.c,
 * src/macs.c and src/replay.c, driven the way noise.c, cookie.c and
 * receive.c drive them, between two stand-in devices that hold the
 * identities of protocol.md §11:
 *   R: the responder (S_priv_r), peers S_pub_i (PSK Q, or none) and a second
 *      peer whose private key the harness knows (E_priv_r reused as a static
 *      key), cookie secret R_secret, and at the start a session with the
 *      initiator (K1/K2, local index 0x55667788, remote 0x11223344);
 *   I: the initiator (S_priv_i), peer S_pub_r, with message 1 of §11 sent
 *      and waiting for its response (local index 0x11223344, last mac1 =
 *      message 1's mac1).
 * Every wire message is dispatched on type and length by the receive hook's
 * own wg_msg_pull_len (src/parse.c; protocol.md §3.1: 148 / 92 / 64 / at
 * least 32 bytes, reserved bytes included in the type word). What a device
 * answers (a response, a cookie reply, a keepalive, a retransmitted
 * initiation with mac2) is delivered to the other device, up to
 * MAX_DELIVERIES per input.
 *
 * Input: one flags byte, then records [kind u8][len u16 LE][len bytes]:
 *   kind 0: a raw wire message (len bytes);
 *   kind 1: the harness builds an initiation to R with
 *           wg_hs_initiation_create from: e_priv[32], claim[1] (even: the
 *           real initiator, odd: the second peer), timestamp[12], sender[4];
 *   other kinds: skipped.
 * Flags: FIX_MAC1 recomputes mac1 of raw type 1/2 messages with the
 * receiver's key (otherwise mutated messages stop at mac1); UNDER_LOAD makes
 * both devices demand mac2; FIX_MAC2 computes mac2 with the cookie the
 * receiver hands out; SEAL encrypts a raw transport message's plaintext
 * (its bytes 16..len-16) with the receiving session's key at delivery so
 * the replay window and key confirmation are reached; NO_PSK configures
 * both sides without a preshared key.
 *
 * Known-answer oracles (abort on mismatch): §11 message 1 must be answered
 * with §11 message 2 (PSK or no-PSK variant) and keys K1/K2; §11 message 2
 * must give K1/K2; the §11 cookie reply must yield the §11 cookie; the §11
 * transport messages must decrypt to the §11 plaintexts.
 *
 * fuzz_rx.c includes this file and feeds the same two devices through the
 * rest of the receive path (UDP length, inner-IP checks, allowed IPs).
 * Not reachable in userspace: noise.c's locking, index hashtable and timers
 * (including the 20 ms initiation flood check), and cookie.c's rate limiter.
 */
#include "handshake.h"
#include "macs.h"
#include "replay.h"
#include "parse.h"
#include "crypto/crypto.h"
#include "fuzz.h"

enum {
	FIX_MAC1 = 1, UNDER_LOAD = 2, FIX_MAC2 = 4, SEAL = 8, NO_PSK = 16,
};

/* -DFUZZ_VERBOSE: say what each delivery achieved (to check seeds reach deep) */
#ifdef FUZZ_VERBOSE
#define TRACE(...) fprintf(stderr, __VA_ARGS__)
#else
#define TRACE(...) do { } while (0)
#endif

#define MAX_RECORDS 8
#define MAX_DELIVERIES 16
#define MAX_MSG 1024
#define IDX_I 0x11223344u
#define IDX_R 0x55667788u

static u8 s_priv_i[32], s_pub_i[32], s_priv_r[32], s_pub_r[32];
static u8 e_priv_i[32], e_priv_r[32], e_pub_r[32], psk_q[32], ts0[12];
static u8 ss_ri[32], ss_r2[32];	/* DH(S_priv_r, S_pub_i), DH(S_priv_r, E_pub_r) */
static u8 ck1[32], h1[32];	/* initiator state after building message 1 */
static u8 msg1[148], msg2_psk[92], msg2_nopsk[92], cookie_reply[64];
static u8 data_to_r[32], data_to_i[64], inner_pkt[28];
static u8 k1_psk[32], k2_psk[32], k1_nopsk[32], k2_nopsk[32];
static u8 r_secret[32], i_secret[32], cookie_r_expect[16];
static u8 mac1key_r[32], mac1key_i[32], ckey_r[32], ckey_i[32];
static const u8 src_ip[4] = { 192, 0, 2, 1 };	/* where every message comes from */
static const __be16 src_port = 0x6cca;		/* 51820 as on the wire */

static void unhex(u8 *out, size_t n, const char *hex)
{
	size_t i;
	unsigned int b;

	FUZZ_CHECK(strlen(hex) == 2 * n, "bad constant %s", hex);
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(sscanf(hex + 2 * i, "%2x", &b) == 1, "bad hex");
		out[i] = (u8)b;
	}
}

struct keypair {
	bool valid, confirmed;
	u32 local, remote;
	u8 send[32], recv[32];
	u64 send_counter;
	struct wg_replay replay;
};

struct device {
	const u8 *s_priv, *s_pub;
	const u8 *mac1key_own, *cookie_key_own, *secret;
	/* peer table stand-in */
	const u8 *peer_pub[2];
	const u8 *peer_ss[2];
	u8 last_ts[2][12];
	u8 psk[32];
	/* handshake slot */
	enum { HS_ZEROED, HS_INIT_CREATED, HS_INIT_CONSUMED } hs;
	u8 hs_ck[32], hs_h[32], hs_e_priv[32];
	u32 hs_local;
	bool hs_is_kat;		/* the pending initiation is §11 message 1 */
	/* cookie state towards the (single) remote device */
	bool mac1_sent;
	u8 last_mac1[16];
	bool have_cookie;
	u8 cookie[16];
	struct keypair kp;
	struct device *other;
};

static struct device R, I;
static unsigned int flags;

/* Outbox: messages in flight, delivered in order. */
static struct {
	struct device *to;
	size_t len;
	u64 buf[MAX_MSG / 8];
} queue[MAX_DELIVERIES];
static unsigned int q_head, q_tail;

static void send_to(struct device *to, const void *msg, size_t len)
{
	if (q_tail == MAX_DELIVERIES)
		return;
	queue[q_tail].to = to;
	queue[q_tail].len = len;
	memcpy(queue[q_tail].buf, msg, len);
	q_tail++;
}

static void mark_mac1(struct device *d, const void *msg, size_t len)
{
	const struct message_macs *m = (const void *)((const u8 *)msg + len - sizeof(*m));

	memcpy(d->last_mac1, m->mac1, 16);
	d->mac1_sent = true;
}

/* mac1 with @key, and mac2 if we hold a cookie (protocol.md §6.1) */
static void add_macs(struct device *from, void *msg, size_t len, const u8 key[32])
{
	struct message_macs *m = (void *)((u8 *)msg + len - sizeof(*m));

	wg_macs_compute_mac1(m->mac1, msg, len, key);
	if (from->have_cookie)
		wg_macs_compute_mac2(m->mac2, msg, len, from->cookie);
	else
		memset(m->mac2, 0, 16);
	mark_mac1(from, msg, len);
}

/* mac1 check, then mac2 when under load; false = stop here. A valid mac1
 * without a valid mac2 under load is answered with a cookie reply. */
static bool check_macs(struct device *d, void *msg, size_t len, u32 sender)
{
	struct message_macs *m = (void *)((u8 *)msg + len - sizeof(*m));
	struct message_handshake_cookie reply;
	u8 cookie[16], nonce[24];

	wg_macs_cookie_value(cookie, d->secret, src_ip, sizeof(src_ip), src_port);
	if (flags & FIX_MAC1)
		wg_macs_compute_mac1(m->mac1, msg, len, d->mac1key_own);
	if (flags & FIX_MAC2)
		wg_macs_compute_mac2(m->mac2, msg, len, cookie);
	if (!wg_macs_mac1_ok(msg, len, d->mac1key_own))
		return false;
	if (!(flags & UNDER_LOAD) || wg_macs_mac2_ok(msg, len, cookie))
		return true;
	memset(&reply, 0, sizeof(reply));
	reply.header.type = cpu_to_le32(MESSAGE_HANDSHAKE_COOKIE);
	reply.receiver_index = sender;
	memset(nonce, 0xa5, sizeof(nonce));
	memcpy(reply.nonce, nonce, sizeof(nonce));
	wg_macs_cookie_seal(reply.encrypted_cookie, cookie, m->mac1, reply.nonce,
			    d->cookie_key_own);
	send_to(d->other, &reply, sizeof(reply));
	TRACE("%s: valid mac1, no mac2 under load: cookie reply sent\n", d == &R ? "R" : "I");
	return false;
}

static void new_keypair(struct keypair *kp, u32 local, u32 remote, const u8 send[32],
			const u8 recv[32])
{
	memset(kp, 0, sizeof(*kp));
	kp->valid = true;
	kp->local = local;
	kp->remote = remote;
	memcpy(kp->send, send, 32);
	memcpy(kp->recv, recv, 32);
	wg_replay_init(&kp->replay);
}

static void send_data(struct device *d, const u8 *plain, size_t len)
{
	u64 buf[MAX_MSG / 8];
	struct message_data *m = (void *)buf;

	if (!d->kp.valid || message_data_len(len) > sizeof(buf))
		return;
	m->header.type = cpu_to_le32(MESSAGE_DATA);
	m->key_idx = cpu_to_le32(d->kp.remote);
	m->counter = cpu_to_le64(d->kp.send_counter);
	wg_chacha20poly1305_encrypt(m->encrypted_data, plain, len, NULL, 0,
				    d->kp.send_counter++, d->kp.send);
	send_to(d->other, m, message_data_len(len));
}

static void consume_initiation(struct device *d, struct message_handshake_initiation *m)
{
	struct message_handshake_response r;
	u8 ck[32], h[32], s[32], t[12], k1[32], k2[32];
	bool kat = !memcmp(m, msg1, sizeof(msg1));
	int p;

	if (d != &R)
		return;	/* only R has a peer that initiates */
	if (!check_macs(d, m, sizeof(*m), m->sender_index))
		return;
	if (!wg_hs_initiation_open_static(ck, h, s, m, d->s_priv, d->s_pub))
		return;
	for (p = 0; p < 2; p++)
		if (!crypto_memneq(s, d->peer_pub[p], 32))
			break;
	if (p == 2)
		return;
	if (!wg_hs_initiation_open_timestamp(ck, h, t, m, d->peer_ss[p]))
		return;
	if (kat)
		FUZZ_CHECK(p == 0 && !memcmp(t, ts0, 12), "§11 message 1: wrong peer or timestamp");
	if (memcmp(t, d->last_ts[p], 12) <= 0)
		return;	/* replayed or old timestamp */
	memcpy(d->last_ts[p], t, 12);

	/* response (noise.c: create_response), from the same state */
	memset(&r, 0, sizeof(r));
	r.header.type = cpu_to_le32(MESSAGE_HANDSHAKE_RESPONSE);
	r.sender_index = cpu_to_le32(IDX_R);
	r.receiver_index = m->sender_index;
	if (!wg_hs_response_create(ck, h, &r, e_priv_r, m->unencrypted_ephemeral, s,
				   p == 0 ? d->psk : (const u8[32]){ 0 }))
		return;
	wg_hs_derive_keys(k1, k2, ck);
	if (kat && p == 0) {
		bool nopsk = flags & NO_PSK;

		wg_macs_compute_mac1(r.macs.mac1, &r, sizeof(r), mac1key_i);
		FUZZ_CHECK(!memcmp(&r, nopsk ? msg2_nopsk : msg2_psk, 60) &&
			   !memcmp(r.macs.mac1, (nopsk ? msg2_nopsk : msg2_psk) + 60, 16),
			   "§11 message 1 not answered with §11 message 2");
		FUZZ_CHECK(!memcmp(k1, nopsk ? k1_nopsk : k1_psk, 32) &&
			   !memcmp(k2, nopsk ? k2_nopsk : k2_psk, 32), "§11 responder keys differ");
	}
	if (p != 0) {
		TRACE("R: initiation from the second peer consumed\n");
		return;	/* the second peer is not the device at the other end */
	}
	new_keypair(&d->kp, IDX_R, le32_to_cpu(m->sender_index), k2, k1);
	TRACE("R: initiation consumed%s, response sent\n", kat ? " (§11 message 1)" : "");
	add_macs(d, &r, sizeof(r), mac1key_i);
	send_to(d->other, &r, sizeof(r));
}

static void consume_response(struct device *d, struct message_handshake_response *m)
{
	u8 ck[32], h[32], k1[32], k2[32];
	bool kat = !memcmp(m, (flags & NO_PSK) ? msg2_nopsk : msg2_psk, sizeof(*m));

	if (!check_macs(d, m, sizeof(*m), m->sender_index))
		return;
	if (d->hs != HS_INIT_CREATED || le32_to_cpu(m->receiver_index) != d->hs_local)
		return;
	memcpy(ck, d->hs_ck, 32);
	memcpy(h, d->hs_h, 32);
	if (!wg_hs_response_open(ck, h, m, d->hs_e_priv, d->s_priv, d->psk)) {
		FUZZ_CHECK(!(kat && d->hs_is_kat), "§11 message 2 rejected");
		return;
	}
	wg_hs_derive_keys(k1, k2, ck);
	if (kat && d->hs_is_kat)
		FUZZ_CHECK(!memcmp(k1, (flags & NO_PSK) ? k1_nopsk : k1_psk, 32) &&
			   !memcmp(k2, (flags & NO_PSK) ? k2_nopsk : k2_psk, 32),
			   "§11 initiator keys differ");
	TRACE("I: response consumed%s\n", kat ? " (§11 message 2)" : "");
	d->hs = HS_ZEROED;
	new_keypair(&d->kp, d->hs_local, le32_to_cpu(m->sender_index), k1, k2);
	send_data(d, NULL, 0);	/* confirm with a keepalive */
}

static void consume_cookie(struct device *d, struct message_handshake_cookie *m)
{
	u8 cookie[16], cbuf[148];
	bool kat = !memcmp(m, cookie_reply, sizeof(cookie_reply));

	if (!d->mac1_sent)
		return;
	if (!wg_macs_cookie_open(cookie, m->encrypted_cookie, d->last_mac1, m->nonce,
				 d == &I ? ckey_r : ckey_i)) {
		FUZZ_CHECK(!(kat && d == &I && !memcmp(d->last_mac1, msg1 + 116, 16)),
			   "§11 cookie reply rejected");
		return;
	}
	if (kat)
		FUZZ_CHECK(!memcmp(cookie, cookie_r_expect, 16), "§11 cookie differs");
	memcpy(d->cookie, cookie, 16);
	TRACE("%s: cookie stored%s\n", d == &R ? "R" : "I", kat ? " (§11 cookie reply)" : "");
	d->have_cookie = true;
	d->mac1_sent = false;
	/* the retransmission carries mac2 (same bytes otherwise, §11 message 1) */
	if (d == &I && d->hs == HS_INIT_CREATED) {
		memcpy(cbuf, msg1, sizeof(cbuf));
		add_macs(d, cbuf, sizeof(cbuf), mac1key_r);
		send_to(d->other, cbuf, sizeof(cbuf));
	}
}

static void consume_data(struct device *d, struct message_data *m, size_t len)
{
	u8 plain[MAX_MSG];
	size_t plen = len - sizeof(*m) - NOISE_AUTHTAG_LEN;
	u64 counter = le64_to_cpu(m->counter);
	struct keypair *kp = &d->kp;

	if (!kp->valid || le32_to_cpu(m->key_idx) != kp->local)
		return;	/* unknown index */
	if (flags & SEAL)
		wg_chacha20poly1305_encrypt(m->encrypted_data, m->encrypted_data, plen, NULL, 0,
					    counter, kp->recv);
	if (!wg_chacha20poly1305_decrypt(plain, m->encrypted_data, plen + NOISE_AUTHTAG_LEN,
					 NULL, 0, counter, kp->recv)) {
		FUZZ_CHECK(!((d == &R && len == 32 && !memcmp(m, data_to_r, 32) &&
			      !memcmp(kp->recv, k1_psk, 32)) ||
			     (d == &I && len == 64 && !memcmp(m, data_to_i, 64) &&
			      !memcmp(kp->recv, k2_psk, 32))),
			   "§11 transport message rejected");
		return;
	}
	if (!wg_replay_check(&kp->replay, counter, REJECT_AFTER_MESSAGES))
		return;
	kp->confirmed = true;
	TRACE("%s: transport counter %llu accepted, %zu bytes\n", d == &R ? "R" : "I",
	      (unsigned long long)counter, plen);
	if (d == &I && len == 64 && !memcmp(m, data_to_i, 64))
		FUZZ_CHECK(plen == 32 && !memcmp(plain, inner_pkt, 28) &&
			   wg_hs_is_zero(plain + 28, 4), "§11 data message plaintext differs");
	if (d == &R && plen && counter < 4)
		send_data(d, plain, plen < 64 ? plen : 64);	/* echo a little back */
}

static void deliver(struct device *d, void *msg, size_t len)
{
	u32 type;

	if (len < sizeof(struct message_header))
		return;
	memcpy(&type, msg, 4);
	if (!wg_msg_pull_len(type, len))
		return;
	switch (le32_to_cpu(type)) {
	case MESSAGE_HANDSHAKE_INITIATION:
		consume_initiation(d, msg);
		break;
	case MESSAGE_HANDSHAKE_RESPONSE:
		consume_response(d, msg);
		break;
	case MESSAGE_HANDSHAKE_COOKIE:
		consume_cookie(d, msg);
		break;
	case MESSAGE_DATA:
		consume_data(d, msg, len);
		break;
	}
}

/* Which device a raw wire message is for: by type and receiver index. */
static struct device *route(const u8 *msg, size_t len)
{
	u32 type, idx;

	if (len < 8)
		return &R;
	memcpy(&type, msg, 4);
	memcpy(&idx, msg + 4, 4);
	switch (le32_to_cpu(type)) {
	case MESSAGE_HANDSHAKE_RESPONSE:
		return &I;
	case MESSAGE_HANDSHAKE_COOKIE:
	case MESSAGE_DATA:
		return le32_to_cpu(idx) == IDX_I ? &I : &R;
	default:
		return &R;
	}
}

static void build_initiation(struct fuzz_in *in)
{
	struct message_handshake_initiation m;
	u8 e[32], t[12], ck[32], h[32];
	u8 claim = 0;

	fin_bytes(in, e, 32);
	claim = fin_u8(in);
	fin_bytes(in, t, 12);
	memset(&m, 0, sizeof(m));
	m.header.type = cpu_to_le32(MESSAGE_HANDSHAKE_INITIATION);
	m.sender_index = (u32)fin_u16(in) | (u32)fin_u16(in) << 16;
	wg_curve25519_clamp_secret(e);
	if (!wg_hs_initiation_create(ck, h, &m, e, claim & 1 ? e_pub_r : s_pub_i, s_pub_r,
				     claim & 1 ? ss_r2 : ss_ri, t))
		return;
	if (!(claim & 1)) {
		/* the initiator now waits for an answer to this one */
		memcpy(I.hs_ck, ck, 32);
		memcpy(I.hs_h, h, 32);
		I.hs = HS_INIT_CREATED;
		I.hs_local = le32_to_cpu(m.sender_index);
		I.hs_is_kat = false;
		memcpy(I.hs_e_priv, e, 32);
		add_macs(&I, &m, sizeof(m), mac1key_r);
	} else {
		wg_macs_compute_mac1(m.macs.mac1, &m, sizeof(m), mac1key_r);
	}
	send_to(&R, &m, sizeof(m));
}

static void reset(void)
{
	memset(&R, 0, sizeof(R));
	memset(&I, 0, sizeof(I));
	R.s_priv = s_priv_r;
	R.s_pub = s_pub_r;
	R.mac1key_own = mac1key_r;
	R.cookie_key_own = ckey_r;
	R.secret = r_secret;
	R.peer_pub[0] = s_pub_i;
	R.peer_ss[0] = ss_ri;
	R.peer_pub[1] = e_pub_r;
	R.peer_ss[1] = ss_r2;
	R.other = &I;
	I.s_priv = s_priv_i;
	I.s_pub = s_pub_i;
	I.mac1key_own = mac1key_i;
	I.cookie_key_own = ckey_i;
	I.secret = i_secret;
	I.peer_pub[0] = s_pub_r;
	I.peer_ss[0] = ss_ri;
	I.other = &R;
	if (!(flags & NO_PSK)) {
		memcpy(R.psk, psk_q, 32);
		memcpy(I.psk, psk_q, 32);
	}
	/* R: the §11 session (R sends with K2, receives with K1) */
	new_keypair(&R.kp, IDX_R, IDX_I, (flags & NO_PSK) ? k2_nopsk : k2_psk,
		    (flags & NO_PSK) ? k1_nopsk : k1_psk);
	/* I: §11 message 1 sent, waiting for message 2 */
	I.hs = HS_INIT_CREATED;
	I.hs_local = IDX_I;
	I.hs_is_kat = true;
	memcpy(I.hs_e_priv, e_priv_i, 32);
	memcpy(I.hs_ck, ck1, 32);
	memcpy(I.hs_h, h1, 32);
	mark_mac1(&I, msg1, sizeof(msg1));
	q_head = q_tail = 0;
}

static bool inited;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct message_handshake_initiation m;
	u8 e_pub_i[32];

	(void)argc;
	(void)argv;
	if (inited)
		return 0;
	inited = true;
	/* the fastest paths this CPU has, as the module picks them at load */
	FUZZ_CHECK(wg_crypto_init() == 0, "crypto self-test failed");
	wg_hs_init();
	unhex(s_priv_i, 32, "60596a09f09b2d8311697f3e4a83c175799d8d9c5ceaf99f8f5f2884941bbd72");
	unhex(s_pub_i, 32, "5bd0118ff51c7ff6054ced114dc857ee8744ebea014efc31e60301c0167b3904");
	unhex(s_priv_r, 32, "60d36b6646250925d7de13acd68120bba896c46936a6e6a21f6e7ccbd7ea024e");
	unhex(s_pub_r, 32, "3540091af93c38b5670633a80e8482750ca4f6bd7323a88b159d2413387e0660");
	unhex(e_priv_i, 32, "d8374cd872679ad478384e67bd72b80b6cbcf19c7708aa838c20c536df25267f");
	unhex(e_pub_i, 32, "a1bee9596631ec4a7fe8582c103f1be277f5282916b2043c39cfd74e593f7760");
	unhex(e_priv_r, 32, "78554be5bc26d33499478abffb7d648498e50707c3f037c4d564ec4e49c32c40");
	unhex(e_pub_r, 32, "3cff5c33c302f38aee9eee09ef05198a3ca37d31a5d46b7c9edddc62202be44b");
	unhex(psk_q, 32, "8a94437fdf6d6f76e0b20ef0ab5278608d0ad6680e2abcd566a23e57c917a650");
	unhex(ts0, 12, "400000006553f10a00000000");
	unhex(msg1, 148, "0100000044332211"
	      "a1bee9596631ec4a7fe8582c103f1be277f5282916b2043c39cfd74e593f7760"
	      "1db6903dcbcb007c8ca37fa68cc5f62b68d83b9d6bac514097e5253468628bcf"
	      "7dee7b308403a60c759a31ac44232a3b"
	      "1e185bf2ddd49767c7494dd35d6fd15c7a0a9ddf2ff732b6836e08c8"
	      "cf624728b1837a9cf1f1d7e95e510d6a00000000000000000000000000000000");
	unhex(msg2_psk, 92, "020000008877665544332211"
	      "3cff5c33c302f38aee9eee09ef05198a3ca37d31a5d46b7c9edddc62202be44b"
	      "ded0ef89e15e1059a2c40ecd9b2c57a2b6f68f680e2c889a5d11c00ceb6f8a12"
	      "00000000000000000000000000000000");
	unhex(msg2_nopsk, 92, "020000008877665544332211"
	      "3cff5c33c302f38aee9eee09ef05198a3ca37d31a5d46b7c9edddc62202be44b"
	      "2beb3a1b12ef9581165a449f65ea5eb72e665e084c207e7b4a38ad4d326378ac"
	      "00000000000000000000000000000000");
	unhex(k1_psk, 32, "fd6434450e3b4814aae53b4d0d7d631a7b46a345e1671a1d6c4e40b224340a5c");
	unhex(k2_psk, 32, "31b1ac989ce78ae0ccc4f5b552171b0d4ca116dced59c7aefc9cb3fd4516d8ee");
	unhex(k1_nopsk, 32, "d258d556fd8c83c7085c1f4a6dbe69c4a70f0cd229f4141fef44f437ec99b100");
	unhex(k2_nopsk, 32, "722da9feaf1679fc67338ae5bd9fbfc25d0cf8e2f0bd3d84c59c98c1bc76a8d8");
	unhex(data_to_r, 32, "040000008877665500000000000000007ab4f8a5e4a09cdef9617d94d75c7915");
	unhex(inner_pkt, 28, "4500001c00010000401166ce0a0000020a0000010035003500080000");
	unhex(data_to_i, 64, "0400000044332211000000000000000045bbf6d8f17ec54f34803b917529a78c"
	      "23c508b01bbd53c4c38b7862fb52a5e829227571fb91fdb43493d39c349d3c96");
	unhex(r_secret, 32, "64fe1e7c04ceb9154eb8e30da24e1aa95f2faca01a5ab2c3b7ccde489c88dc49");
	unhex(cookie_r_expect, 16, "c584464a622437e6f01e32a92ad3b86e");
	unhex(cookie_reply, 64, "0300000044332211d23780a5c9521ebb89fcd940f92057024952281d20e47110"
	      "24464ceb4e913a0741efd40ead8143104475f46fef9b11ffedf06f0c71660cde");
	memset(i_secret, 0x17, sizeof(i_secret));
	wg_macs_mac1_key(mac1key_r, s_pub_r);
	wg_macs_mac1_key(mac1key_i, s_pub_i);
	wg_macs_cookie_key(ckey_r, s_pub_r);
	wg_macs_cookie_key(ckey_i, s_pub_i);
	FUZZ_CHECK(wg_curve25519(ss_ri, s_priv_r, s_pub_i), "DH");
	FUZZ_CHECK(wg_curve25519(ss_r2, s_priv_r, e_pub_r), "DH");
	/* the initiator's state after message 1, and a check that it is §11's */
	memset(&m, 0, sizeof(m));
	m.header.type = cpu_to_le32(MESSAGE_HANDSHAKE_INITIATION);
	m.sender_index = cpu_to_le32(IDX_I);
	FUZZ_CHECK(wg_hs_initiation_create(ck1, h1, &m, e_priv_i, s_pub_i, s_pub_r, ss_ri, ts0),
		   "cannot build §11 message 1");
	wg_macs_compute_mac1(m.macs.mac1, &m, sizeof(m), mac1key_r);
	FUZZ_CHECK(!memcmp(&m, msg1, sizeof(msg1)), "§11 message 1 differs");
	FUZZ_CHECK(!memcmp(m.unencrypted_ephemeral, e_pub_i, 32), "E_pub_i differs");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size, 0 };
	unsigned int records = 0;

	LLVMFuzzerInitialize(NULL, NULL);	/* once */
	flags = fin_u8(&in);
	reset();
	while (in.left && records++ < MAX_RECORDS) {
		u8 kind = fin_u8(&in);
		size_t len = fin_u16(&in);
		u64 buf[MAX_MSG / 8];

		if (len > MAX_MSG || len > in.left)
			len = in.left < MAX_MSG ? in.left : MAX_MSG;
		if (kind == 1) {
			struct fuzz_in sub = { in.p, len, 0 };

			build_initiation(&sub);
		} else if (kind == 0) {
			memcpy(buf, in.p, len);
			deliver(route((const u8 *)buf, len), buf, len);
		}
		in.p += len;
		in.left -= len;
		/* what that provoked, before the next record */
		while (q_head < q_tail) {
			memcpy(buf, queue[q_head].buf, queue[q_head].len);
			deliver(queue[q_head].to, buf, queue[q_head].len);
			q_head++;
		}
	}
	return 0;
}
