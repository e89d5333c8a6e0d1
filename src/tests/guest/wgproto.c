// SPDX-License-Identifier: GPL-2.0
/*
 * wgproto: a tiny WireGuard protocol peer for the VM suite, built on the
 * module's own handshake.c/macs.c and crypto (compiled here in userspace).
 *
 *   wgproto garbage HOST PORT SERVERPUB
 *       Sends malformed, truncated, wrong-type, reserved-bits, bad-mac1 and
 *       unauthenticated datagrams from one socket; exit 0 iff nothing at all
 *       came back within 2 s.
 *   wgproto handshake [-k PRIV] [-q PSK] [-R] [-D] [-F] HOST PORT SERVERPUB
 *       Acts as initiator with private key PRIV (base64): sends an initiation,
 *       checks the response (mac1 + Noise), derives keys, sends a keepalive
 *       so the responder confirms the session. -R then resends the very same
 *       initiation (must get no answer); -D resends the keepalive bytes
 *       (a replayed transport packet); -F sends two fresh initiations 0 ms
 *       apart (only one may be answered: 20 ms flood floor). -P MS waits MS
 *       before the keepalive, asserting the responder sends no data meanwhile,
 *       then expects data that decrypts with K2 (the key confirmation rule).
 *   wgproto flood HOST PORT SERVERPUB SECONDS
 *       Sends initiations with a valid mac1 and garbage inside as fast as it
 *       can; counts cookie replies and checks they decrypt (XChaCha20-Poly1305
 *       with HASH("cookie--" || SERVERPUB), ad = the mac1 they answer).
 *       -C: once a cookie arrives, put a valid mac2 on every later
 *       initiation (so the per-source rate limiter is what stops them).
 *   wgproto hskeys N FILE
 *       Makes N+1 random private keys, the responder's first, writes them raw
 *       to FILE and prints a `wg setconf` configuration for the responder
 *       (listen port 51900, one peer per initiator key).
 *   wgproto hsbench [-w WINDOW] HOST PORT FILE
 *       Precomputes one initiation per initiator key of FILE, then sends them
 *       with at most WINDOW (32) unanswered at a time, well below the
 *       responder's under-load mark, and times first send to last response.
 *       Responses are checked (mac1 + Noise) after the clock stops, so the
 *       figure is the responder's work and the wire, not ours.
 * Output lines are "key: value"; the exit status says whether the step the
 * command is about succeeded.
 */
#include "handshake.c"
#include "macs.c"
#include "crypto/blake2s.c"
#include "crypto/curve25519.c"
#include "crypto/chacha20.c"
#include "crypto/chacha20_simd.c"
#include "crypto/poly1305.c"
#if __has_include("crypto/poly1305_simd.c")
#include "crypto/poly1305_simd.c"
#endif
#include "crypto/chacha20poly1305.c"
#include "crypto/chacha20poly1305_selftest.c"
#include "crypto/crypto.c"

#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int sock = -1;
static struct sockaddr_storage peer_addr;
static socklen_t peer_len;

static void die(const char *msg)
{
	fprintf(stderr, "wgproto: %s\n", msg);
	exit(2);
}

static int b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static void key_from_b64(u8 key[32], const char *s)
{
	u32 acc = 0;
	int bits = 0, n = 0, v;

	if (strlen(s) != 44 || s[43] != '=')
		die("a key must be 44 characters of base64");
	for (; *s && *s != '='; s++) {
		v = b64_value(*s);
		if (v < 0)
			die("bad base64");
		acc = (acc << 6) | (u32)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n < 32)
				key[n++] = (u8)(acc >> bits);
		}
	}
	if (n != 32)
		die("a key must decode to 32 bytes");
}

static void open_socket(const char *host, const char *port)
{
	struct sockaddr_in *a4 = (struct sockaddr_in *)&peer_addr;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&peer_addr;
	int p = atoi(port);

	if (p <= 0 || p > 65535)
		die("bad port");
	memset(&peer_addr, 0, sizeof(peer_addr));
	if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((u16)p);
		peer_len = sizeof(*a4);
	} else if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((u16)p);
		peer_len = sizeof(*a6);
	} else {
		die("bad address");
	}
	sock = socket(peer_addr.ss_family, SOCK_DGRAM, 0);
	if (sock < 0)
		die("socket");
}

static void send_bytes(const void *buf, size_t len)
{
	if (sendto(sock, buf, len, 0, (struct sockaddr *)&peer_addr, peer_len) != (ssize_t)len)
		perror("wgproto: sendto");
}

/* Waits up to @ms for one datagram; returns its length or -1. */
static ssize_t recv_bytes(void *buf, size_t len, int ms)
{
	struct pollfd p = { .fd = sock, .events = POLLIN };

	if (poll(&p, 1, ms) <= 0)
		return -1;
	return recv(sock, buf, len, 0);
}

static u64 now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000 + (u64)ts.tv_nsec / 1000000;
}

static const char *type_name(const u8 *b, ssize_t n)
{
	if (n < 4)
		return "runt";
	switch (get_unaligned_le32(b)) {
	case 1: return "initiation";
	case 2: return "response";
	case 3: return "cookie";
	case 4: return "data";
	}
	return "unknown";
}

/* ---- garbage ---- */

static int cmd_garbage(const u8 server_pub[32])
{
	u8 mac1_key[32], buf[1600];
	struct message_handshake_initiation init;
	struct message_handshake_response resp;
	u64 end;
	ssize_t n;
	int replies = 0, sent = 0;

	wg_macs_mac1_key(mac1_key, server_pub);

#define SEND(p, l) do { send_bytes(p, l); sent++; } while (0)
	SEND(buf, 0);
	buf[0] = 1;
	SEND(buf, 1);
	get_random_bytes(buf, sizeof(buf));
	SEND(buf, 200);
	SEND(buf, 1500);

	/* A well-formed initiation shape, then broken in several ways. */
	get_random_bytes(&init, sizeof(init));
	init.header.type = cpu_to_le32(1);
	memset(init.macs.mac2, 0, 16);
	wg_macs_compute_mac1(init.macs.mac1, &init, sizeof(init), mac1_key);
	SEND(&init, sizeof(init) - 1);			/* truncated */
	memcpy(buf, &init, sizeof(init));
	buf[sizeof(init)] = 0;
	SEND(buf, sizeof(init) + 1);			/* too long */
	init.header.type = cpu_to_le32(0x101);		/* reserved byte set */
	wg_macs_compute_mac1(init.macs.mac1, &init, sizeof(init), mac1_key);
	SEND(&init, sizeof(init));
	init.header.type = cpu_to_le32(5);		/* unknown type */
	wg_macs_compute_mac1(init.macs.mac1, &init, sizeof(init), mac1_key);
	SEND(&init, sizeof(init));
	init.header.type = cpu_to_le32(1);		/* bad mac1 */
	get_random_bytes(init.macs.mac1, 16);
	SEND(&init, sizeof(init));
	/* valid mac1, but the contents authenticate nothing */
	wg_macs_compute_mac1(init.macs.mac1, &init, sizeof(init), mac1_key);
	SEND(&init, sizeof(init));

	get_random_bytes(&resp, sizeof(resp));
	resp.header.type = cpu_to_le32(2);
	memset(resp.macs.mac2, 0, 16);
	SEND(&resp, sizeof(resp));			/* bad mac1 */
	wg_macs_compute_mac1(resp.macs.mac1, &resp, sizeof(resp), mac1_key);
	SEND(&resp, sizeof(resp));			/* unknown receiver index */
	SEND(&resp, sizeof(resp) - 4);			/* wrong length */

	get_random_bytes(buf, 64);
	put_unaligned_le32(3, buf);
	SEND(buf, 64);					/* cookie, unknown index */
	SEND(buf, 63);
	put_unaligned_le32(4, buf);
	SEND(buf, 31);					/* data, too short */
	SEND(buf, 32);					/* data, unknown index */
	SEND(buf, 64);
#undef SEND

	end = now_ms() + 2000;
	while (now_ms() < end) {
		n = recv_bytes(buf, sizeof(buf), (int)(end - now_ms()));
		if (n < 0)
			continue;
		printf("reply: %zd bytes (%s)\n", n, type_name(buf, n));
		replies++;
	}
	printf("sent: %d\nreplies: %d\n", sent, replies);
	return replies ? 1 : 0;
}

/* ---- handshake as initiator ---- */

struct initiator {
	u8 s_priv[32], s_pub[32], r_pub[32], psk[32], ss[32];
	u8 ck[32], hash[32], e_priv[32];
	struct message_handshake_initiation msg;
};

static void make_initiation(struct initiator *in, u64 extra_seconds)
{
	u8 mac1_key[32], ts[12];
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	wg_hs_tai64n(ts, (u64)now.tv_sec + extra_seconds, (u32)now.tv_nsec);
	wg_curve25519_generate_secret(in->e_priv);
	memset(&in->msg, 0, sizeof(in->msg));
	in->msg.header.type = cpu_to_le32(MESSAGE_HANDSHAKE_INITIATION);
	in->msg.sender_index = get_random_u32();
	if (!wg_hs_initiation_create(in->ck, in->hash, &in->msg, in->e_priv, in->s_pub,
				     in->r_pub, in->ss, ts))
		die("cannot build an initiation (low-order server key?)");
	wg_macs_mac1_key(mac1_key, in->r_pub);
	wg_macs_compute_mac1(in->msg.macs.mac1, &in->msg, sizeof(in->msg), mac1_key);
}

/* Waits for a response to @in; returns 1 with the keys on success. */
static int await_response(struct initiator *in, struct message_handshake_response *resp,
			  int ms, u8 k1[32], u8 k2[32])
{
	u8 buf[1600], mac1_key[32];
	u64 end = now_ms() + (u64)ms;
	ssize_t n;

	wg_macs_mac1_key(mac1_key, in->s_pub);
	while (now_ms() < end) {
		n = recv_bytes(buf, sizeof(buf), (int)(end - now_ms()));
		if (n < 0)
			continue;
		if (n != (ssize_t)sizeof(*resp) || get_unaligned_le32(buf) != 2) {
			printf("unexpected: %zd bytes (%s)\n", n, type_name(buf, n));
			continue;
		}
		memcpy(resp, buf, sizeof(*resp));
		if (resp->receiver_index != in->msg.sender_index) {
			printf("unexpected: response to another initiation\n");
			continue;
		}
		if (!wg_macs_mac1_ok(resp, sizeof(*resp), mac1_key)) {
			printf("response: bad mac1\n");
			return 0;
		}
		if (!wg_hs_response_open(in->ck, in->hash, resp, in->e_priv, in->s_priv, in->psk)) {
			printf("response: does not authenticate\n");
			return 0;
		}
		wg_hs_derive_keys(k1, k2, in->ck);
		return 1;
	}
	return 0;
}

/*
 * Key confirmation seen from the wire: for @wait_ms after the response,
 * nothing encrypted may arrive (the responder's new keypair waits in its
 * "next" slot); then, after our keepalive, a data message must arrive that
 * decrypts with K2 to an IPv4 packet.
 */
static int confirm_probe(const struct message_handshake_response *resp, const u8 k2[32],
			 const u8 *keepalive, int wait_ms)
{
	u8 buf[1600], plain[1600];
	const struct message_data *d = (const void *)buf;
	u64 end = now_ms() + (u64)wait_ms;
	ssize_t n;
	int early = 0;

	while (now_ms() < end) {
		n = recv_bytes(buf, sizeof(buf), (int)(end - now_ms()));
		if (n < 0)
			continue;
		printf("before confirmation: %zd bytes (%s)\n", n, type_name(buf, n));
		early += n >= 32 && get_unaligned_le32(buf) == 4;
	}
	send_bytes(keepalive, 32);
	printf("keepalive: sent\n");
	end = now_ms() + 5000;
	while (now_ms() < end) {
		n = recv_bytes(buf, sizeof(buf), (int)(end - now_ms()));
		if (n < 0)
			continue;
		if (n < 32 || get_unaligned_le32(buf) != 4 || d->key_idx != resp->receiver_index) {
			printf("after confirmation: %zd bytes (%s)\n", n, type_name(buf, n));
			continue;
		}
		if (!wg_chacha20poly1305_decrypt(plain, d->encrypted_data, (size_t)n - 16, NULL, 0,
						 le64_to_cpu(d->counter), k2)) {
			printf("data: does not decrypt with K2\n");
			return 1;
		}
		if (n == 32) {
			printf("data: keepalive, counter %llu\n",
			       (unsigned long long)le64_to_cpu(d->counter));
			continue;
		}
		printf("data: %zd bytes, counter %llu, inner IPv%d %u.%u.%u.%u -> %u.%u.%u.%u proto %u\n",
		       n - 32, (unsigned long long)le64_to_cpu(d->counter), plain[0] >> 4,
		       plain[12], plain[13], plain[14], plain[15],
		       plain[16], plain[17], plain[18], plain[19], plain[9]);
		if (early) {
			printf("responder sent %d data messages before key confirmation\n", early);
			return 1;
		}
		return (plain[0] >> 4) == 4 ? 0 : 1;
	}
	printf("data: none after key confirmation\n");
	return 1;
}

static int cmd_handshake(struct initiator *in, bool replay_init, bool replay_data,
			 bool flood_floor, int confirm_wait_ms)
{
	struct message_handshake_response resp;
	u8 k1[32], k2[32], ka[32], buf[1600];
	struct message_data *d = (struct message_data *)ka;
	struct initiator second;
	ssize_t n;
	int answered;

	if (!wg_curve25519_generate_public(in->s_pub, in->s_priv))
		die("bad private key");
	if (!wg_curve25519(in->ss, in->s_priv, in->r_pub))
		die("static-static DH is zero");

	if (flood_floor) {
		/* Two valid, strictly newer initiations back to back. */
		second = *in;
		make_initiation(in, 0);
		make_initiation(&second, 1);
		send_bytes(&in->msg, sizeof(in->msg));
		send_bytes(&second.msg, sizeof(second.msg));
		answered = 0;
		while ((n = recv_bytes(buf, sizeof(buf), 2000)) >= 0) {
			printf("reply: %zd bytes (%s)\n", n, type_name(buf, n));
			answered += n == 92 && get_unaligned_le32(buf) == 2;
		}
		printf("responses: %d\n", answered);
		return answered == 1 ? 0 : 1;
	}

	make_initiation(in, 0);
	send_bytes(&in->msg, sizeof(in->msg));
	if (!await_response(in, &resp, 5000, k1, k2)) {
		printf("handshake: failed\n");
		return 1;
	}
	printf("handshake: ok\n");

	/* First transport message: a keepalive, counter 0, confirms the
	 * session on the responder. */
	memset(ka, 0, sizeof(ka));
	d->header.type = cpu_to_le32(MESSAGE_DATA);
	d->key_idx = resp.sender_index;
	d->counter = 0;
	wg_chacha20poly1305_encrypt(d->encrypted_data, buf, 0, NULL, 0, 0, k1);
	if (confirm_wait_ms)
		return confirm_probe(&resp, k2, ka, confirm_wait_ms);
	send_bytes(ka, 32);
	printf("keepalive: sent\n");

	if (replay_init) {
		usleep(100000);
		send_bytes(&in->msg, sizeof(in->msg));
		n = recv_bytes(buf, sizeof(buf), 2000);
		if (n >= 0) {
			printf("replayed initiation: answered (%s)\n", type_name(buf, n));
			return 1;
		}
		printf("replayed initiation: ignored\n");
	}
	if (replay_data) {
		usleep(300000);
		send_bytes(ka, 32);
		printf("replayed keepalive: sent\n");
	}
	memzero_explicit(k1, 32);
	memzero_explicit(k2, 32);
	return 0;
}

/* ---- responder throughput ---- */

static void print_b64(const u8 key[32])
{
	static const char t[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char out[45];
	u32 acc;
	int i, o = 0;

	for (i = 0; i < 30; i += 3) {
		acc = (u32)key[i] << 16 | (u32)key[i + 1] << 8 | key[i + 2];
		out[o++] = t[acc >> 18];
		out[o++] = t[(acc >> 12) & 63];
		out[o++] = t[(acc >> 6) & 63];
		out[o++] = t[acc & 63];
	}
	acc = (u32)key[30] << 16 | (u32)key[31] << 8;
	out[o++] = t[acc >> 18];
	out[o++] = t[(acc >> 12) & 63];
	out[o++] = t[(acc >> 6) & 63];
	out[o++] = '=';
	out[o] = '\0';
	printf("%s\n", out);
}

static int cmd_hskeys(long n, const char *path)
{
	u8 priv[32], pub[32];
	FILE *f;
	long i;

	if (n < 1 || n > 100000)
		die("bad key count");
	f = fopen(path, "wb");
	if (!f)
		die("cannot create the key file");
	for (i = 0; i <= n; i++) {
		wg_curve25519_generate_secret(priv);
		if (fwrite(priv, 32, 1, f) != 1)
			die("cannot write the key file");
		if (!i) {
			printf("[Interface]\nListenPort = 51900\nPrivateKey = ");
			print_b64(priv);
			continue;
		}
		if (!wg_curve25519_generate_public(pub, priv))
			die("bad private key");
		printf("[Peer]\nPublicKey = ");
		print_b64(pub);
	}
	memzero_explicit(priv, 32);
	if (fclose(f))
		die("cannot write the key file");
	return 0;
}

static u64 now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000 + (u64)ts.tv_nsec / 1000;
}

static int cmd_hsbench(const char *path, long window)
{
	struct message_handshake_response *resp;
	struct initiator *in;
	u8 srv_priv[32], srv_pub[32], mac1_key[32], k1[32], k2[32], buf[1600];
	long n, i, next = 0, answered = 0, valid = 0, cookies = 0, other = 0;
	u64 t0, t1;
	ssize_t len;
	u32 idx;
	FILE *f;

	f = fopen(path, "rb");
	if (!f || fread(srv_priv, 32, 1, f) != 1)
		die("cannot read the key file");
	if (!wg_curve25519_generate_public(srv_pub, srv_priv))
		die("bad responder key");
	wg_macs_mac1_key(mac1_key, srv_pub);
	fseek(f, 0, SEEK_END);
	n = ftell(f) / 32 - 1;
	fseek(f, 32, SEEK_SET);
	if (n < 1 || window < 1)
		die("nothing to do");
	in = calloc((size_t)n, sizeof(*in));
	resp = calloc((size_t)n, sizeof(*resp));
	if (!in || !resp)
		die("out of memory");
	for (i = 0; i < n; i++) {
		if (fread(in[i].s_priv, 32, 1, f) != 1)
			die("cannot read the key file");
		memcpy(in[i].r_pub, srv_pub, 32);
		if (!wg_curve25519_generate_public(in[i].s_pub, in[i].s_priv) ||
		    !wg_curve25519(in[i].ss, in[i].s_priv, srv_pub))
			die("bad initiator key");
		make_initiation(&in[i], 0);
		/* Our own index, so that a response finds its initiation. */
		in[i].msg.sender_index = cpu_to_le32((u32)i + 1);
		wg_macs_compute_mac1(in[i].msg.macs.mac1, &in[i].msg, sizeof(in[i].msg), mac1_key);
	}
	fclose(f);

	t0 = t1 = now_us();
	for (; next < n && next < window; next++)
		send_bytes(&in[next].msg, sizeof(in[next].msg));
	while (answered < n && (len = recv_bytes(buf, sizeof(buf), 3000)) >= 0) {
		if (len == 64 && get_unaligned_le32(buf) == MESSAGE_HANDSHAKE_COOKIE) {
			cookies++;
			continue;
		}
		idx = get_unaligned_le32(buf + 8) - 1;
		if (len != (ssize_t)sizeof(*resp) || get_unaligned_le32(buf) != 2 ||
		    idx >= (u32)n || resp[idx].header.type) {
			other++;
			continue;
		}
		memcpy(&resp[idx], buf, sizeof(*resp));
		answered++;
		t1 = now_us();
		if (next < n) {
			send_bytes(&in[next].msg, sizeof(in[next].msg));
			next++;
		}
	}

	for (i = 0; i < n; i++) {
		if (!resp[i].header.type)
			continue;
		wg_macs_mac1_key(mac1_key, in[i].s_pub);
		if (wg_macs_mac1_ok(&resp[i], sizeof(resp[i]), mac1_key) &&
		    wg_hs_response_open(in[i].ck, in[i].hash, &resp[i], in[i].e_priv,
					in[i].s_priv, in[i].psk)) {
			wg_hs_derive_keys(k1, k2, in[i].ck);
			valid++;
		}
	}
	printf("handshakes: %ld\nanswered: %ld\nvalid: %ld\ncookie_replies: %ld\n"
	       "other_replies: %ld\nseconds: %.3f\n", n, answered, valid, cookies, other,
	       (double)(t1 - t0) / 1e6);
	if (valid == n && t1 > t0)
		printf("per_s: %.1f\n", (double)n * 1e6 / (double)(t1 - t0));
	memzero_explicit(k1, 32);
	memzero_explicit(k2, 32);
	memzero_explicit(srv_priv, 32);
	free(in);
	free(resp);
	return valid == n ? 0 : 1;
}

/* ---- flood of valid-mac1 initiations ---- */

#define RING 65536
static struct { u32 index; u8 mac1[16]; } sent_ring[RING];

static bool flood_have_cookie;
static u8 flood_cookie[16];

/* Counts one datagram received by the flooder. */
static void flood_reply(const u8 *buf, ssize_t n, const u8 cookie_key[32], bool use_cookie,
			unsigned long *replies, unsigned long *valid, unsigned long *other)
{
	const struct message_handshake_cookie *c = (const void *)buf;
	u8 cookie[16];
	u32 slot;

	if (n != 64 || get_unaligned_le32(buf) != 3) {
		(*other)++;
		return;
	}
	(*replies)++;
	slot = c->receiver_index % RING;
	if (sent_ring[slot].index == c->receiver_index &&
	    wg_macs_cookie_open(cookie, c->encrypted_cookie, sent_ring[slot].mac1,
				c->nonce, cookie_key)) {
		if (!(*valid)++)
			printf("under_load: first cookie reply\n");
		if (use_cookie) {
			memcpy(flood_cookie, cookie, 16);
			flood_have_cookie = true;
		}
	}
}

static int cmd_flood(const u8 server_pub[32], int seconds, bool use_cookie)
{
	u8 mac1_key[32], cookie_key[32], buf[1600];
	struct message_handshake_initiation m;
	unsigned long sent = 0, with_mac2 = 0, replies = 0, valid = 0, other = 0;
	u64 end = now_ms() + (u64)seconds * 1000;
	ssize_t n;
	u32 slot;

	wg_macs_mac1_key(mac1_key, server_pub);
	wg_macs_cookie_key(cookie_key, server_pub);
	get_random_bytes(&m, sizeof(m));
	m.header.type = cpu_to_le32(1);
	while (now_ms() < end) {
		int i;

		for (i = 0; i < 64; i++) {
			/* Fresh ephemeral and index each time: every one
			 * costs the responder a DH unless it is under load. */
			m.sender_index = (u32)sent * 2654435761U;
			/* A counter, not getrandom(): one syscall less per
			 * packet, which matters on a slow debug kernel. */
			memcpy(m.unencrypted_ephemeral, &sent, sizeof(sent));
			wg_macs_compute_mac1(m.macs.mac1, &m, sizeof(m), mac1_key);
			if (flood_have_cookie) {
				wg_macs_compute_mac2(m.macs.mac2, &m, sizeof(m), flood_cookie);
				with_mac2++;
			} else {
				memset(m.macs.mac2, 0, 16);
			}
			slot = m.sender_index % RING;
			sent_ring[slot].index = m.sender_index;
			memcpy(sent_ring[slot].mac1, m.macs.mac1, 16);
			send_bytes(&m, sizeof(m));
			sent++;
		}
		while ((n = recv_bytes(buf, sizeof(buf), 0)) >= 0)
			flood_reply(buf, n, cookie_key, use_cookie, &replies, &valid, &other);
	}
	/* Late replies. */
	while ((n = recv_bytes(buf, sizeof(buf), 500)) >= 0)
		flood_reply(buf, n, cookie_key, false, &replies, &valid, &other);
	printf("sent: %lu\nsent_with_mac2: %lu\ncookie_replies: %lu\n"
	       "valid_cookie_replies: %lu\nother_replies: %lu\n",
	       sent, with_mac2, replies, valid, other);
	return valid ? 0 : 1;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: wgproto garbage HOST PORT SERVERPUB\n"
		"       wgproto handshake -k PRIV [-q PSK] [-R] [-D] [-F] [-P MS] HOST PORT SERVERPUB\n"
		"       wgproto flood [-C] HOST PORT SERVERPUB SECONDS\n"
		"       wgproto hskeys N FILE\n"
		"       wgproto hsbench [-w WINDOW] HOST PORT FILE\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static struct initiator in;
	bool replay_init = false, replay_data = false, flood_floor = false, have_key = false;
	bool use_cookie = false;
	int confirm_wait_ms = 0;
	long window = 32;
	const char *cmd;
	u8 server_pub[32];
	int opt;

	setvbuf(stdout, NULL, _IOLBF, 0);
	wg_hs_init();
	if (argc < 2)
		usage();
	cmd = argv[1];
	optind = 2;
	if (argc == 4 && !strcmp(cmd, "hskeys"))
		return cmd_hskeys(atol(argv[2]), argv[3]);
	while ((opt = getopt(argc, argv, "k:q:RDFCP:w:")) != -1) {
		switch (opt) {
		case 'k':
			key_from_b64(in.s_priv, optarg);
			have_key = true;
			break;
		case 'q':
			key_from_b64(in.psk, optarg);
			break;
		case 'R':
			replay_init = true;
			break;
		case 'D':
			replay_data = true;
			break;
		case 'F':
			flood_floor = true;
			break;
		case 'C':
			use_cookie = true;
			break;
		case 'P':
			confirm_wait_ms = atoi(optarg);
			break;
		case 'w':
			window = atol(optarg);
			break;
		default:
			usage();
		}
	}
	if (argc - optind < 3)
		usage();
	open_socket(argv[optind], argv[optind + 1]);
	if (!strcmp(cmd, "hsbench"))
		return cmd_hsbench(argv[optind + 2], window);
	key_from_b64(server_pub, argv[optind + 2]);

	if (!strcmp(cmd, "garbage"))
		return cmd_garbage(server_pub);
	if (!strcmp(cmd, "handshake")) {
		if (!have_key)
			usage();
		memcpy(in.r_pub, server_pub, 32);
		return cmd_handshake(&in, replay_init, replay_data, flood_floor, confirm_wait_ms);
	}
	if (!strcmp(cmd, "flood")) {
		if (argc - optind < 4)
			usage();
		return cmd_flood(server_pub, atoi(argv[optind + 3]), use_cookie);
	}
	usage();
	return 2;
}
