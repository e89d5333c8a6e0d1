// SPDX-License-Identifier: GPL-2.0
/*
 * The receive path, on flat buffers, through the module's own code:
 *   outer UDP length          wg_udp_len_ok            (src/parse.c)
 *   type/length dispatch      wg_msg_pull_len          (src/parse.c)
 *   handshake consumption     the two §11 devices of fuzz_handshake.c
 *                             (src/handshake.c, src/macs.c), included below
 *   transport                 receiver index against a fixed index table,
 *                             wg_chacha20poly1305_decrypt, wg_replay_check
 *                             (src/replay.c)
 *   inner IP validation       wg_inner_ip_parse        (src/parse.c)
 *   allowed-IPs source check  wg_allowedips_lookup_raw (src/allowedips.c)
 * in the order and with the pulls of src/receive.c: each step sees only the
 * bytes the skb would have linear at that point (exact-size heap copies, so
 * ASan reports a read beyond them).
 *
 * Index table: R's session with the §11 initiator (peer A, 0x55667788), a
 * fixed session of R with a second peer B (0x99aabbcc, keys 0x42.. / 0x24..),
 * and I's session with R once a response was consumed. Allowed IPs:
 *   on R: A 10.0.0.2/32, 192.168.0.0/16, fd00::2/128;
 *         B 10.0.0.0/8, fd00::/64, ::/0
 *   on I: R 10.0.0.0/8, fd00::/16
 *
 * Input: one flags byte (fuzz_handshake.c's, plus FIX_UDP: the UDP length
 * field of raw records is set to the record length), then records
 * [kind u8][len u16 LE][len bytes]:
 *   kind 0: a raw UDP datagram (8-byte UDP header + message) to the device
 *           owning the message (by type and receiver index);
 *   kind 1: an initiation built by fuzz_handshake.c's build_initiation;
 *   other kinds: skipped.
 * What a device answers is delivered in a UDP datagram through the same path.
 *
 * Oracles (abort): parse.c agrees with a restated model of protocol.md §3.1
 * and of the IPv4/IPv6 header rules; a parsed inner length lies between the
 * header length and the decrypted length; the trie agrees with a naive
 * longest-prefix model; an accepted packet's source is in its peer's allowed
 * IPs; the §11 keepalive and data message are delivered when fresh; and every
 * known answer of fuzz_handshake.c.
 */
#define LLVMFuzzerTestOneInput fuzz_hs_one_input
#define LLVMFuzzerInitialize fuzz_hs_initialize
#include "fuzz_handshake.c"
#undef LLVMFuzzerTestOneInput
#undef LLVMFuzzerInitialize

#include "parse.h"
#include "allowedips.h"
#include <arpa/inet.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

enum { FIX_UDP = 32 };

#define UDP_HDR 8
#define IDX_B 0x99aabbccu
#define MAX_AIPS 8

struct aip {
	struct wg_peer *peer;
	int family;
	u8 addr[16];
	u8 cidr;
};

struct rx_table {
	struct allowedips trie;
	struct aip model[MAX_AIPS];
	unsigned int n;
};

struct index_entry {
	struct device *dev;
	struct keypair *kp;
	struct wg_peer *peer;
	struct rx_table *table;
};

static struct wg_peer peer_a = { .id = 1 }, peer_b = { .id = 2 }, peer_r = { .id = 3 };
static struct rx_table table_r, table_i;
static struct mutex aip_lock;
static struct keypair kp_b;
static u8 key_b_send[32], key_b_recv[32];
static struct index_entry index_table[3];

/* ---- naive models (no coverage feedback from these) ---- */

FUZZ_NOCOV static unsigned int model_pull_len(const u8 *msg, unsigned int len)
{
	u32 type = (u32)msg[0] | (u32)msg[1] << 8 | (u32)msg[2] << 16 | (u32)msg[3] << 24;

	switch (type) {
	case 1:
		return len == 148 ? 148 : 0;
	case 2:
		return len == 92 ? 92 : 0;
	case 3:
		return len == 64 ? 64 : 0;
	case 4:
		return len >= 32 ? 16 : 0;
	default:
		return 0;
	}
}

FUZZ_NOCOV static enum wg_inner_verdict model_inner(const u8 *p, unsigned int len,
						    struct wg_inner_ip *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (len >= 20 && p[0] >> 4 == 4) {
		ip->len = (unsigned int)p[2] << 8 | p[3];
		if (ip->len < 20)
			return WG_INNER_BAD_LENGTH;
		ip->family = AF_INET;
		ip->proto = htons(0x0800);
		ip->ds = p[1];
		memcpy(ip->saddr, p + 12, 4);
	} else if (len >= 40 && p[0] >> 4 == 6) {
		ip->len = ((unsigned int)p[4] << 8 | p[5]) + 40;
		ip->family = AF_INET6;
		ip->proto = htons(0x86dd);
		ip->ds = (u8)(p[0] << 4 | p[1] >> 4);
		memcpy(ip->saddr, p + 8, 16);
	} else {
		return WG_INNER_NOT_IP;
	}
	return ip->len > len ? WG_INNER_BAD_LENGTH : WG_INNER_OK;
}

FUZZ_NOCOV static bool prefix_match(const u8 *a, const u8 *b, unsigned int cidr)
{
	unsigned int i;

	for (i = 0; i < cidr; i++)
		if ((a[i / 8] ^ b[i / 8]) & (0x80 >> (i % 8)))
			return false;
	return true;
}

FUZZ_NOCOV static struct wg_peer *model_lookup(const struct rx_table *t, int family,
					       const u8 *addr)
{
	const struct aip *best = NULL;
	unsigned int i;

	for (i = 0; i < t->n; i++) {
		const struct aip *a = &t->model[i];

		if (a->family == family && prefix_match(a->addr, addr, a->cidr) &&
		    (!best || a->cidr > best->cidr))
			best = a;
	}
	return best ? best->peer : NULL;
}

FUZZ_NOCOV static bool model_allows(const struct rx_table *t, const struct wg_peer *peer,
				    int family, const u8 *addr)
{
	unsigned int i;

	for (i = 0; i < t->n; i++)
		if (t->model[i].peer == peer && t->model[i].family == family &&
		    prefix_match(t->model[i].addr, addr, t->model[i].cidr))
			return true;
	return false;
}

/* ---- the receive path ---- */

static struct index_entry *index_lookup(u32 idx)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(index_table); i++)
		if (index_table[i].kp->valid && index_table[i].kp->local == idx)
			return &index_table[i];
	return NULL;
}

/* The inner packet after decryption (receive.c: wg_receive_data_done). */
static bool rx_inner(struct index_entry *e, const u8 *plain, unsigned int plen,
		     struct wg_inner_ip *ip)
{
	enum wg_inner_verdict v, mv;
	struct wg_inner_ip model;
	struct wg_peer *routed;
	unsigned int avail = plen < sizeof(struct ipv6hdr) ? plen : sizeof(struct ipv6hdr);
	u8 *hdr;

	/* pskb_may_pull(min(len, 40)): the parser gets exactly that much */
	hdr = malloc(avail);
	FUZZ_CHECK(hdr, "out of memory");
	memcpy(hdr, plain, avail);
	memset(ip, 0, sizeof(*ip));
	v = wg_inner_ip_parse(hdr, avail, plen, ip);
	free(hdr);
	mv = model_inner(plain, plen, &model);
	FUZZ_CHECK(v == mv, "inner verdict %d, model %d (len %u)", v, mv, plen);
	if (v == WG_INNER_BAD_LENGTH && ip->family)
		FUZZ_CHECK(ip->len == model.len, "inner length %u, model %u", ip->len, model.len);
	if (v != WG_INNER_OK)
		return false;
	FUZZ_CHECK(ip->family == model.family && ip->proto == model.proto &&
		   ip->ds == model.ds && ip->len == model.len &&
		   !memcmp(ip->saddr, model.saddr, ip->family == AF_INET ? 4 : 16),
		   "inner header parsed differently from the model");
	FUZZ_CHECK(ip->len <= plen, "inner length %u beyond the %u decrypted bytes", ip->len, plen);
	FUZZ_CHECK(ip->len >= (ip->family == AF_INET ? 20u : 40u), "inner length %u below the header",
		   ip->len);

	routed = wg_allowedips_lookup_raw(&e->table->trie, ip->family, ip->saddr);
	FUZZ_CHECK(routed == model_lookup(e->table, ip->family, ip->saddr),
		   "trie and naive longest-prefix match disagree");
	if (routed != e->peer)
		return false;
	FUZZ_CHECK(model_allows(e->table, e->peer, ip->family, ip->saddr),
		   "accepted a source outside the peer's allowed IPs");
	return true;
}

/* Transport message of @len >= 32 bytes, its 16-byte header pulled; @seal:
 * a raw record under SEAL (the harness encrypts its plaintext first). */
static void rx_data(u8 *msg, unsigned int len, bool seal)
{
	struct message_data *m = (struct message_data *)msg;
	unsigned int clen = len - sizeof(*m), plen = clen - NOISE_AUTHTAG_LEN;
	u64 nonce = le64_to_cpu(m->counter);
	struct index_entry *e = index_lookup(le32_to_cpu(m->key_idx));
	struct wg_inner_ip ip;
	bool kat_r, kat_i, fresh;
	u8 *plain;

	if (!e)
		return;	/* unknown index */
	if (READ_ONCE(e->kp->replay.counter) >= REJECT_AFTER_MESSAGES)
		return;	/* key used up */
	/* the §11 messages as they are on the wire (not re-sealed) */
	kat_r = !seal && e->kp == &R.kp && len == 32 && !memcmp(msg, data_to_r, 32) &&
		!memcmp(e->kp->recv, k1_psk, 32);
	kat_i = !seal && e->kp == &I.kp && len == 64 && !memcmp(msg, data_to_i, 64) &&
		!memcmp(e->kp->recv, k2_psk, 32);
	if (seal)
		wg_chacha20poly1305_encrypt(m->encrypted_data, m->encrypted_data, plen, NULL, 0,
					    nonce, e->kp->recv);
	plain = malloc(plen ? plen : 1);
	FUZZ_CHECK(plain, "out of memory");
	if (!wg_chacha20poly1305_decrypt(plain, m->encrypted_data, clen, NULL, 0, nonce,
					 e->kp->recv)) {
		FUZZ_CHECK(!kat_r && !kat_i, "§11 transport message not decrypted");
		goto out;
	}
	fresh = wg_replay_check(&e->kp->replay, nonce, REJECT_AFTER_MESSAGES);
	if (!fresh)
		goto out;
	e->kp->confirmed = true;
	if (!plen) {
		TRACE("%s: keepalive %llu accepted\n", e->dev == &R ? "R" : "I",
		      (unsigned long long)nonce);
		goto out;
	}
	FUZZ_CHECK(!kat_r, "§11 keepalive has %u plaintext bytes", plen);
	if (!rx_inner(e, plain, plen, &ip)) {
		FUZZ_CHECK(!kat_i, "§11 data message not delivered");
		goto out;
	}
	TRACE("%s: %u-byte IPv%d packet from peer %u delivered\n", e->dev == &R ? "R" : "I",
	      ip.len, ip.family == AF_INET ? 4 : 6, e->peer->id);
	if (kat_i)
		FUZZ_CHECK(ip.len == 28 && !memcmp(plain, inner_pkt, 28), "§11 inner packet differs");
	/* R answers the first packets of A's session: I's path gets data too */
	if (e->kp == &R.kp && nonce < 4)
		send_data(&R, plain, ip.len < 64 ? ip.len : 64);
out:
	free(plain);
}

/* wg_receive on a flat datagram (UDP header included), then dispatch; @to:
 * the device an answer is for (NULL: a raw record, routed by its fields). */
static void rx_datagram(struct device *to, const u8 *dgram, size_t len)
{
	unsigned int udp_len, plen, pull;
	bool ok;
	u32 type;
	u8 *msg;

	if (len < UDP_HDR)
		return;	/* pskb_may_pull(sizeof(struct udphdr)) */
	udp_len = (unsigned int)dgram[4] << 8 | dgram[5];
	ok = wg_udp_len_ok(udp_len, len);
	FUZZ_CHECK(ok == (udp_len >= UDP_HDR && udp_len <= len), "UDP length %u of %zu: %d",
		   udp_len, len, ok);
	if (!ok)
		return;
	plen = udp_len - UDP_HDR;	/* trimmed, header pulled */
	if (plen < sizeof(struct message_header))
		return;
	/* Exactly the message: a read past it is an ASan report. */
	msg = malloc(plen);
	FUZZ_CHECK(msg, "out of memory");
	memcpy(msg, dgram + UDP_HDR, plen);
	memcpy(&type, msg, sizeof(type));
	pull = wg_msg_pull_len(type, plen);
	FUZZ_CHECK(pull == model_pull_len(msg, plen), "pull length %u, model %u (type %08x, len %u)",
		   pull, model_pull_len(msg, plen), type, plen);
	if (!pull)
		goto out;
	FUZZ_CHECK(pull <= plen, "pull %u beyond the %u-byte message", pull, plen);
	if (type == cpu_to_le32(MESSAGE_DATA)) {
		rx_data(msg, plen, !to && (flags & SEAL));
		goto out;
	}
	if (!to)
		to = route(msg, plen);
	switch (le32_to_cpu(type)) {
	case MESSAGE_HANDSHAKE_INITIATION:
		consume_initiation(to, (struct message_handshake_initiation *)msg);
		break;
	case MESSAGE_HANDSHAKE_RESPONSE:
		consume_response(to, (struct message_handshake_response *)msg);
		break;
	case MESSAGE_HANDSHAKE_COOKIE:
		consume_cookie(to, (struct message_handshake_cookie *)msg);
		break;
	default:
		FUZZ_CHECK(0, "type %08x dispatched", type);
	}
out:
	free(msg);
}

/* A device's answer, in a UDP datagram from port 51820. */
static void rx_wrapped(struct device *to, const void *msg, size_t len)
{
	u8 dgram[UDP_HDR + MAX_MSG];

	FUZZ_CHECK(len <= MAX_MSG, "answer of %zu bytes", len);
	dgram[0] = 0xca;
	dgram[1] = 0x6c;
	dgram[2] = 0xca;
	dgram[3] = 0x6c;
	dgram[4] = (u8)((len + UDP_HDR) >> 8);
	dgram[5] = (u8)(len + UDP_HDR);
	dgram[6] = 0;
	dgram[7] = 0;
	memcpy(dgram + UDP_HDR, msg, len);
	rx_datagram(to, dgram, len + UDP_HDR);
}

static void table_add(struct rx_table *t, struct wg_peer *peer, int family, const char *addr,
		      u8 cidr)
{
	struct aip *a = &t->model[t->n++];

	FUZZ_CHECK(t->n <= MAX_AIPS, "too many allowed IPs");
	FUZZ_CHECK(inet_pton(family, addr, a->addr) == 1, "bad address %s", addr);
	a->peer = peer;
	a->family = family;
	a->cidr = cidr;
	if (family == AF_INET)
		FUZZ_CHECK(!wg_allowedips_insert_v4(&t->trie, (struct in_addr *)a->addr, cidr,
						    peer, &aip_lock), "insert");
	else
		FUZZ_CHECK(!wg_allowedips_insert_v6(&t->trie, (struct in6_addr *)a->addr, cidr,
						    peer, &aip_lock), "insert");
}

static bool rx_inited;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (rx_inited)
		return 0;
	rx_inited = true;
	fuzz_hs_initialize(argc, argv);
	INIT_LIST_HEAD(&peer_a.allowedips_list);
	INIT_LIST_HEAD(&peer_b.allowedips_list);
	INIT_LIST_HEAD(&peer_r.allowedips_list);
	wg_allowedips_init(&table_r.trie);
	wg_allowedips_init(&table_i.trie);
	table_add(&table_r, &peer_a, AF_INET, "10.0.0.2", 32);
	table_add(&table_r, &peer_a, AF_INET, "192.168.0.0", 16);
	table_add(&table_r, &peer_a, AF_INET6, "fd00::2", 128);
	table_add(&table_r, &peer_b, AF_INET, "10.0.0.0", 8);
	table_add(&table_r, &peer_b, AF_INET6, "fd00::", 64);
	table_add(&table_r, &peer_b, AF_INET6, "::", 0);
	table_add(&table_i, &peer_r, AF_INET, "10.0.0.0", 8);
	table_add(&table_i, &peer_r, AF_INET6, "fd00::", 16);
	memset(key_b_send, 0x24, sizeof(key_b_send));
	memset(key_b_recv, 0x42, sizeof(key_b_recv));
	index_table[0] = (struct index_entry){ &R, &R.kp, &peer_a, &table_r };
	index_table[1] = (struct index_entry){ &R, &kp_b, &peer_b, &table_r };
	index_table[2] = (struct index_entry){ &I, &I.kp, &peer_r, &table_i };
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size, 0 };
	unsigned int records = 0;

	LLVMFuzzerInitialize(NULL, NULL);	/* once */
	flags = fin_u8(&in);
	reset();
	new_keypair(&kp_b, IDX_B, 0x01020304, key_b_send, key_b_recv);
	while (in.left && records++ < MAX_RECORDS) {
		u8 kind = fin_u8(&in);
		size_t len = fin_u16(&in);
		u8 buf[UDP_HDR + MAX_MSG];

		if (len > sizeof(buf) || len > in.left)
			len = in.left < sizeof(buf) ? in.left : sizeof(buf);
		if (kind == 1) {
			struct fuzz_in sub = { in.p, len, 0 };

			build_initiation(&sub);
		} else if (kind == 0) {
			memcpy(buf, in.p, len);
			if ((flags & FIX_UDP) && len >= UDP_HDR) {
				buf[4] = (u8)(len >> 8);
				buf[5] = (u8)len;
			}
			rx_datagram(NULL, buf, len);
		}
		in.p += len;
		in.left -= len;
		/* what that provoked, before the next record */
		while (q_head < q_tail) {
			memcpy(buf, queue[q_head].buf, queue[q_head].len);
			rx_wrapped(queue[q_head].to, buf, queue[q_head].len);
			q_head++;
		}
	}
	return 0;
}
