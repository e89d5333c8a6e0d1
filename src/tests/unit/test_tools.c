// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of wg(8)'s parsers and formatters (src/tools/): strict base64
 * keys, hex keys, value parsers, configuration files (good file -> exact
 * structure; each error -> file:line message and no result), `wg set`
 * arguments, human-readable times and sizes, colour stripping, X25519.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "tools/config.h"
#include "tools/curve25519.h"
#include "tools/encoding.h"
#include "tools/terminal.h"


static void hex2bin(uint8_t *out, const char *hex, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sscanf(hex + 2 * i, "%2hhx", &out[i]);
}

/* ------------------------------------------------------------------ keys */

static void test_base64(void)
{
	static const char *b64 = "dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo=";
	static const char *hex = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	wg_key k, want, back;
	wg_key_b64 out;
	char buf[80], hx[WGT_KEY_HEX_LEN + 1];
	int i, ok, bad;

	hex2bin(want, hex, 32);
	ok = key_from_base64(k, b64) && !memcmp(k, want, 32);
	t_check("base64-decode-known", ok, "RFC 7748 key did not decode");
	key_to_base64(out, want);
	t_check("base64-encode-known", !strcmp(out, b64), "got %s", out);

	/* random round trips, and every non-canonical variant of the 43rd char */
	bad = 0;
	for (i = 0; i < 2000; i++) {
		unsigned int j;

		for (j = 0; j < 32; j++)
			k[j] = (uint8_t)rand();
		key_to_base64(out, k);
		if (strlen(out) != 44 || out[43] != '=' || !key_from_base64(back, out) ||
		    memcmp(back, k, 32))
			bad++;
	}
	t_check("base64-roundtrip-random", !bad, "%d failures", bad);

	bad = 0;
	for (i = 0; i < 64; i++) {
		strcpy(buf, b64);
		buf[42] = alphabet[i];
		/* only values with the two low bits clear are canonical */
		if (key_from_base64(k, buf) != !(i & 3))
			bad++;
	}
	t_check("base64-non-canonical-rejected", !bad, "%d of 64 last-char values misjudged", bad);

	strcpy(buf, b64);
	buf[43] = 'A';
	t_check("base64-missing-pad", !key_from_base64(k, buf), "accepted without '='");
	strcpy(buf, b64);
	buf[43] = '\0';
	t_check("base64-short", !key_from_base64(k, buf), "accepted 43 chars");
	snprintf(buf, sizeof(buf), "%s=", b64);
	t_check("base64-long", !key_from_base64(k, buf), "accepted 45 chars");
	strcpy(buf, b64);
	buf[10] = '-';
	t_check("base64-bad-char", !key_from_base64(k, buf), "accepted '-'");
	strcpy(buf, b64);
	buf[0] = '=';
	t_check("base64-pad-inside", !key_from_base64(k, buf), "accepted '=' at position 0");
	memset(k, 0xaa, 32);
	strcpy(buf, b64);
	buf[5] = '*';
	key_from_base64(k, buf);
	t_check("base64-failure-leaves-key", k[0] == 0xaa && k[31] == 0xaa, "output written on failure");

	key_to_hex(hx, want);
	t_check("hex-encode", !strcmp(hx, hex), "got %s", hx);
	ok = key_from_hex(back, hex) && !memcmp(back, want, 32);
	t_check("hex-decode", ok, "decode failed");
	strcpy(buf, hex);
	buf[63] = 'g';
	t_check("hex-bad-char", !key_from_hex(back, buf), "accepted 'g'");
	buf[63] = '\0';
	t_check("hex-short", !key_from_hex(back, buf), "accepted 63 chars");
	memset(k, 0, 32);
	t_check("key-is-zero", key_is_zero(k), "zero key not zero");
	k[31] = 1;
	t_check("key-is-not-zero", !key_is_zero(k), "non-zero key zero");
}

static void test_x25519(void)
{
	static const struct {
		const char *priv, *pub;
	} v[] = {
		/* RFC 7748 section 6.1 */
		{ "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
		  "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a" },
		{ "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
		  "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f" },
	};
	uint8_t priv[32], pub[32], want[32], clamped[32];
	unsigned int i;

	for (i = 0; i < 2; i++) {
		hex2bin(priv, v[i].priv, 32);
		hex2bin(want, v[i].pub, 32);
		curve25519_public_key(pub, priv);
		t_check(i ? "x25519-rfc7748-bob" : "x25519-rfc7748-alice", !memcmp(pub, want, 32),
		      "wrong public key");
	}
	memcpy(clamped, priv, 32);
	curve25519_clamp(clamped);
	curve25519_public_key(pub, clamped);
	t_check("x25519-clamped-same", !memcmp(pub, want, 32), "clamping changed the result");
	t_check("x25519-clamp-bits", !(clamped[0] & 7) && (clamped[31] & 0xc0) == 0x40,
	      "clamp wrong: %02x %02x", clamped[0], clamped[31]);
}

/* ---------------------------------------------------------------- values */

static void test_values(void)
{
	uint32_t mark = 7;
	uint16_t u16 = 7;
	const char *why;
	struct wgpeer *p;
	struct wgaip *a;
	union wgendpoint ep;
	char ip[INET6_ADDRSTRLEN];
	int n;

	t_check("fwmark-off", !parse_fwmark(&mark, "OFF") && mark == 0, "mark %u", mark);
	t_check("fwmark-hex", !parse_fwmark(&mark, "0x1234") && mark == 0x1234, "mark %u", mark);
	t_check("fwmark-decimal", !parse_fwmark(&mark, "4660") && mark == 4660, "mark %u", mark);
	t_check("fwmark-max", !parse_fwmark(&mark, "0xffffffff") && mark == 0xffffffff, "mark %u", mark);
	t_check("fwmark-too-big", parse_fwmark(&mark, "4294967296") != NULL, "accepted 2^32");
	t_check("fwmark-hex-too-big", parse_fwmark(&mark, "0x100000000") != NULL, "accepted 0x1_0000_0000");
	t_check("fwmark-negative", parse_fwmark(&mark, "-1") != NULL, "accepted -1");
	t_check("fwmark-bare-0x", parse_fwmark(&mark, "0x") != NULL, "accepted 0x");
	t_check("fwmark-junk", parse_fwmark(&mark, "12ab") != NULL, "accepted 12ab");
	t_check("fwmark-0x-sign", parse_fwmark(&mark, "0x-5") != NULL, "accepted 0x-5");

	t_check("keepalive-off", !parse_keepalive(&u16, "Off") && u16 == 0, "got %u", u16);
	t_check("keepalive-25", !parse_keepalive(&u16, "25") && u16 == 25, "got %u", u16);
	t_check("keepalive-max", !parse_keepalive(&u16, "65535") && u16 == 65535, "got %u", u16);
	t_check("keepalive-too-big", parse_keepalive(&u16, "65536") != NULL, "accepted 65536");
	t_check("keepalive-junk", parse_keepalive(&u16, "25s") != NULL, "accepted 25s");
	t_check("keepalive-empty", parse_keepalive(&u16, "") != NULL, "accepted empty");
	t_check("keepalive-huge", parse_keepalive(&u16, "99999999999999999999999") != NULL, "accepted overflow");

	t_check("port-number", !parse_listen_port(&u16, "51820") && u16 == 51820, "got %u", u16);
	t_check("port-zero", !parse_listen_port(&u16, "0") && u16 == 0, "got %u", u16);
	t_check("port-too-big", parse_listen_port(&u16, "65536") != NULL, "accepted 65536");
	t_check("port-negative", parse_listen_port(&u16, "-1") != NULL, "accepted -1");
	t_check("port-empty", parse_listen_port(&u16, "") != NULL, "accepted empty");
	t_check("port-unknown-service", parse_listen_port(&u16, "no-such-service-xyz") != NULL,
	      "accepted an unknown service");

	p = calloc(1, sizeof(*p));
	p->flags = WGPEER_F_REPLACE_ALLOWEDIPS;
	why = parse_allowedips(p, " 10.1.2.0/24 ,fd00::1, 0.0.0.0/0,::/0", NULL);
	n = 0;
	for (a = p->first_aip; a; a = a->next)
		n++;
	a = p->first_aip;
	t_check("aips-parse", !why && n == 4 && a->family == AF_INET && a->cidr == 24 &&
	      a->next->family == AF_INET6 && a->next->cidr == 128 &&
	      a->next->next->cidr == 0 && a->next->next->next->cidr == 0 &&
	      (p->flags & WGPEER_F_REPLACE_ALLOWEDIPS),
	      "why=%s n=%d", why ? why : "-", n);
	inet_ntop(AF_INET6, &a->next->ip6, ip, sizeof(ip));
	t_check("aips-v6-default-128", !strcmp(ip, "fd00::1"), "got %s", ip);
	wgpeer_free(p);

	p = calloc(1, sizeof(*p));
	p->flags = WGPEER_F_REPLACE_ALLOWEDIPS;
	why = parse_allowedips(p, "+10.0.0.0/8,-fd00::/64,10.9.0.1", NULL);
	a = p->first_aip;
	t_check("aips-incremental", !why && !(p->flags & WGPEER_F_REPLACE_ALLOWEDIPS) &&
	      a->flags == 0 && a->next->flags == WGALLOWEDIP_F_REMOVE_ME &&
	      a->next->next->flags == 0 && a->next->next->cidr == 32,
	      "why=%s flags=%x", why ? why : "-", p->flags);
	wgpeer_free(p);

	p = calloc(1, sizeof(*p));
	p->flags = WGPEER_F_REPLACE_ALLOWEDIPS;
	why = parse_allowedips(p, "", NULL);
	t_check("aips-empty-clears", !why && !p->first_aip && (p->flags & WGPEER_F_REPLACE_ALLOWEDIPS),
	      "why=%s", why ? why : "-");
	wgpeer_free(p);

	{
		static const char *const bad[] = {
			"10.0.0.0/33", "fd00::/129", "10.0.0.1/", "10.0.0.1/-1", "10.0.0.1/a",
			"10.0.0.1,,10.0.0.2", "10.0.0.1,", "300.0.0.1", "fd00::g/64", "/24",
			"10.0.0.1/99999999999999999999", "fe80::1%eth0/64", "+", "10.0.0.1/24/8",
			NULL
		};
		int i, bads = 0;
		char msg[256] = "";

		for (i = 0; bad[i]; i++) {
			p = calloc(1, sizeof(*p));
			if (!parse_allowedips(p, bad[i], NULL)) {
				bads++;
				snprintf(msg, sizeof(msg), "accepted '%s'", bad[i]);
			}
			wgpeer_free(p);
		}
		t_check("aips-bad-values", !bads, "%s", msg);
	}

	memset(&ep, 0, sizeof(ep));
	why = parse_endpoint(&ep, "192.0.2.1:51820");
	t_check("endpoint-v4", !why && ep.addr4.sin_family == AF_INET &&
	      ntohs(ep.addr4.sin_port) == 51820 && ep.addr4.sin_addr.s_addr == htonl(0xc0000201),
	      "why=%s", why ? why : "-");
	why = parse_endpoint(&ep, "[2001:db8::1]:123");
	inet_ntop(AF_INET6, &ep.addr6.sin6_addr, ip, sizeof(ip));
	t_check("endpoint-v6-brackets", !why && ep.addr6.sin6_family == AF_INET6 &&
	      ntohs(ep.addr6.sin6_port) == 123 && !strcmp(ip, "2001:db8::1"),
	      "why=%s ip=%s", why ? why : "-", ip);
	t_check("endpoint-no-port", parse_endpoint(&ep, "192.0.2.1") != NULL, "accepted no port");
	t_check("endpoint-empty-port", parse_endpoint(&ep, "192.0.2.1:") != NULL, "accepted empty port");
	t_check("endpoint-v6-no-port", parse_endpoint(&ep, "[2001:db8::1]") != NULL, "accepted [v6]");
	t_check("endpoint-v6-unclosed", parse_endpoint(&ep, "[2001:db8::1:80") != NULL, "accepted [v6:port");
	t_check("endpoint-port-too-big", parse_endpoint(&ep, "192.0.2.1:65536") != NULL, "accepted 65536");
	setenv("WG_ENDPOINT_RESOLUTION_RETRIES", "bogus", 1);
	why = parse_endpoint(&ep, "192.0.2.1:1");
	t_check("endpoint-bad-retries-env", why && strstr(why, "WG_ENDPOINT_RESOLUTION_RETRIES"),
	      "why=%s", why ? why : "-");
	setenv("WG_ENDPOINT_RESOLUTION_RETRIES", "infinity", 1);
	t_check("retries-infinity", endpoint_resolution_retries() == -1, "not -1");
	setenv("WG_ENDPOINT_RESOLUTION_RETRIES", "3", 1);
	t_check("retries-number", endpoint_resolution_retries() == 3, "not 3");
	unsetenv("WG_ENDPOINT_RESOLUTION_RETRIES");
	t_check("retries-default", endpoint_resolution_retries() == 15, "not 15");
}

/* ---------------------------------------------------------------- config */

static const char *K0 = "dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo=";
static const char *K1 = "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=";
static const char *K2 = "3p7bfXt9wbTTW2HC7OQ1Nz+DQ8hbeGdNrfx+FG+IK08=";

/* parse text as file "t.conf"; returns the device or NULL, message in *msg */
static struct wgdev *parse_text(const char *text, bool append, char **msg)
{
	struct config_ctx ctx;
	size_t msglen = 0;
	FILE *err = open_memstream(msg, &msglen);
	const char *line = text, *nl;
	char buf[1024];
	struct wgdev *dev;

	config_init(&ctx, "t.conf", append, err);
	while (*line) {
		nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line + 1) : strlen(line);

		snprintf(buf, sizeof(buf), "%.*s", (int)n, line);
		if (!config_read_line(&ctx, buf))
			break;
		line += n;
	}
	dev = config_finish(&ctx);
	fclose(err);
	return dev;
}

static void test_config_good(void)
{
	char text[2048], *msg = NULL, ip[INET6_ADDRSTRLEN];
	struct wgdev *dev;
	struct wgpeer *p;
	struct wgaip *a;
	wg_key k;
	int ok;

	snprintf(text, sizeof(text),
		 "# a comment line\n"
		 "[interface]  # trailing comment\n"
		 "  privatekey=%s\n"
		 "ListenPort = 51820\n"
		 "FwMark = 0x10\n"
		 "\n"
		 "[Peer]\n"
		 "PublicKey = %s\n"
		 "Preshared Key = %s\n"
		 "AllowedIPs = 10.0.0.0/24, fd00::/64\n"
		 "AllowedIPs = 10.1.0.1\n"
		 "Endpoint = [2001:db8::5]:51821\r\n"
		 "PersistentKeepalive = 25\n"
		 "[PEER]\n"
		 "PublicKey = %s\n"
		 "Endpoint = 192.0.2.7:1\n"
		 "PersistentKeepalive = off\n",
		 K0, K1, K2, K2);
	dev = parse_text(text, false, &msg);
	t_check("config-good-parses", dev != NULL, "error: %s", msg);
	free(msg);
	if (!dev)
		return;
	key_from_base64(k, K0);
	ok = (dev->has & WGDEV_HAS_PRIVATE_KEY) && !memcmp(dev->private_key, k, 32) &&
	     dev->listen_port == 51820 && dev->fwmark == 0x10 &&
	     (dev->has & WGDEV_HAS_LISTEN_PORT) && (dev->has & WGDEV_HAS_FWMARK) &&
	     (dev->flags & WGDEVICE_F_REPLACE_PEERS);
	t_check("config-good-interface", ok, "has=%x port=%u mark=%x flags=%x", dev->has,
	      dev->listen_port, dev->fwmark, dev->flags);
	p = dev->first_peer;
	key_from_base64(k, K1);
	ok = p && !memcmp(p->public_key, k, 32) && (p->has & WGPEER_HAS_PRESHARED_KEY) &&
	     (p->flags & WGPEER_F_REPLACE_ALLOWEDIPS) && p->keepalive == 25 &&
	     (p->has & WGPEER_HAS_KEEPALIVE) && p->endpoint.addr.sa_family == AF_INET6 &&
	     ntohs(p->endpoint.addr6.sin6_port) == 51821;
	key_from_base64(k, K2);
	ok = ok && !memcmp(p->preshared_key, k, 32);
	t_check("config-good-peer1", ok, "peer 1 fields wrong");
	a = p ? p->first_aip : NULL;
	ok = a && a->family == AF_INET && a->cidr == 24 && a->next && a->next->family == AF_INET6 &&
	     a->next->cidr == 64 && a->next->next && a->next->next->cidr == 32 && !a->next->next->next;
	if (ok)
		inet_ntop(AF_INET, &a->next->next->ip4, ip, sizeof(ip));
	t_check("config-good-allowedips-accumulate", ok && !strcmp(ip, "10.1.0.1"),
	      "AllowedIPs lines not accumulated in order");
	p = p ? p->next : NULL;
	ok = p && !p->next && p->keepalive == 0 && (p->has & WGPEER_HAS_KEEPALIVE) &&
	     !(p->has & WGPEER_HAS_PRESHARED_KEY) && p->endpoint.addr.sa_family == AF_INET &&
	     !p->first_aip;
	t_check("config-good-peer2", ok, "peer 2 fields wrong");
	wgdev_free(dev);

	/* setconf of an empty file: everything reset */
	dev = parse_text("", false, &msg);
	ok = dev && (dev->has & (WGDEV_HAS_PRIVATE_KEY | WGDEV_HAS_LISTEN_PORT | WGDEV_HAS_FWMARK)) ==
		(WGDEV_HAS_PRIVATE_KEY | WGDEV_HAS_LISTEN_PORT | WGDEV_HAS_FWMARK) &&
	     key_is_zero(dev->private_key) && !dev->listen_port && !dev->fwmark &&
	     (dev->flags & WGDEVICE_F_REPLACE_PEERS) && !dev->first_peer;
	t_check("config-setconf-empty-resets", ok, "msg=%s", msg);
	free(msg);
	wgdev_free(dev);

	/* addconf: only what the file states */
	snprintf(text, sizeof(text), "[Peer]\nPublicKey=%s\nAllowedIPs=10.0.0.0/8\n", K1);
	dev = parse_text(text, true, &msg);
	ok = dev && !dev->has && !dev->flags && dev->first_peer &&
	     (dev->first_peer->flags & WGPEER_F_REPLACE_ALLOWEDIPS) &&
	     !(dev->first_peer->has & (WGPEER_HAS_PRESHARED_KEY | WGPEER_HAS_KEEPALIVE));
	t_check("config-addconf-only-stated", ok, "msg=%s", msg);
	free(msg);
	wgdev_free(dev);
}

static void test_config_errors(void)
{
	static const struct {
		const char *name, *text, *want;
	} cases[] = {
		{ "config-err-bad-cidr", "[Interface]\nListenPort=1\n[Peer]\nPublicKey=K1\n#\nAllowedIPs = 10.0.0.0/33\n",
		  "t.conf:6: invalid AllowedIPs '10.0.0.0/33'" },
		{ "config-err-bad-key", "[Peer]\nPublicKey = hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmp=\n",
		  "t.conf:2: invalid PublicKey" },
		{ "config-err-short-key", "[Peer]\nPublicKey = abc=\n", "t.conf:2: invalid PublicKey 'abc='" },
		{ "config-err-bad-private-key-not-echoed", "[Interface]\nPrivateKey = secretsecret\n",
		  "t.conf:2: invalid PrivateKey: " },
		{ "config-err-unknown-key", "[Interface]\n\n\nFrobnicate = 1\n",
		  "t.conf:4: unknown key 'Frobnicate' in [Interface]" },
		{ "config-err-peer-key-in-interface", "[Interface]\nEndpoint = 1.2.3.4:5\n",
		  "t.conf:2: unknown key 'Endpoint' in [Interface]" },
		{ "config-err-missing-equals", "[Interface]\nListenPort 51820\n",
		  "t.conf:2: missing '=' in 'ListenPort51820'" },
		{ "config-err-empty-value", "[Interface]\nListenPort =\n", "t.conf:2: empty value for 'ListenPort'" },
		{ "config-err-outside-section", "ListenPort = 1\n", "t.conf:1: 'ListenPort' outside" },
		{ "config-err-unknown-section", "[Interfaces]\n", "t.conf:1: unknown section '[Interfaces]'" },
		{ "config-err-wg-quick-key", "[Interface]\nAddress = 10.0.0.1/24\n", "t.conf:2: 'Address' is a wg-quick(8) key" },
		{ "config-err-peer-without-key", "[Peer]\nAllowedIPs = 10.0.0.0/8\n", "t.conf: a [Peer] section has no PublicKey" },
		{ "config-err-bad-port", "[Interface]\nListenPort = 70000\n", "t.conf:2: invalid ListenPort '70000'" },
		{ "config-err-bad-fwmark", "[Interface]\nFwMark = 0x1ffffffff\n", "t.conf:2: invalid FwMark '0x1ffffffff'" },
		{ "config-err-bad-keepalive", "[Peer]\nPublicKey=K1\nPersistentKeepalive = 65536\n",
		  "t.conf:3: invalid PersistentKeepalive '65536'" },
		{ "config-err-bad-endpoint", "[Peer]\nPublicKey=K1\nEndpoint = 10.0.0.1\n", "t.conf:3: invalid Endpoint '10.0.0.1'" },
		{ "config-err-bad-psk", "[Peer]\nPublicKey=K1\nPresharedKey = K1x\n", "t.conf:3: invalid PresharedKey: " },
		{ "config-err-stops-at-first", "[Interface]\nFoo = 1\nBar = 2\n", "t.conf:2: unknown key 'Foo'" },
	};
	char text[512], *msg, *s;
	const char *r;
	struct wgdev *dev;
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* K1 in a case stands for a valid public key */
		s = text;
		for (r = cases[i].text; *r && s < text + sizeof(text) - 50; r++) {
			if (r[0] == 'K' && r[1] == '1' && r[2] != 'x') {
				s += sprintf(s, "%s", K1);
				r++;
			} else {
				*s++ = *r;
			}
		}
		*s = '\0';
		msg = NULL;
		dev = parse_text(text, false, &msg);
		t_check(cases[i].name, !dev && msg && strstr(msg, cases[i].want) &&
		      !strstr(msg, "secretsecret") && !(strstr(msg, "Bar")),
		      "dev=%p message '%s' lacks '%s'", (void *)dev, msg ? msg : "", cases[i].want);
		wgdev_free(dev);
		free(msg);
	}
}

static void test_set_args(void)
{
	char *argv1[] = { "listen-port", "51820", "fwmark", "off", "peer", (char *)K1, "remove",
			  "peer", (char *)K2, "allowed-ips", "10.0.0.0/8, +fd00::/64",
			  "persistent-keepalive", "5", "endpoint", "192.0.2.1:9", NULL };
	char *argv2[] = { "peer", (char *)K1, "listen-port", "1", NULL };
	char *argv3[] = { "bogus", NULL };
	char *argv4[] = { "private-key", "/nonexistent/file", NULL };
	char *argv5[] = { "peer", (char *)K1, "allowed-ips", "", NULL };
	char *argv6[] = { "fwmark", NULL };
	struct wgdev *dev;
	struct wgpeer *p;
	FILE *null = fopen("/dev/null", "w");
	int ok;

	dev = config_from_args(15, argv1, null);
	p = dev ? dev->first_peer : NULL;
	ok = dev && dev->listen_port == 51820 && (dev->has & WGDEV_HAS_FWMARK) && !dev->fwmark &&
	     !(dev->has & WGDEV_HAS_PRIVATE_KEY) && !dev->flags && p &&
	     p->flags == WGPEER_F_REMOVE_ME && p->next &&
	     !(p->next->flags & WGPEER_F_REPLACE_ALLOWEDIPS) && p->next->keepalive == 5 &&
	     p->next->endpoint.addr.sa_family == AF_INET && p->next->first_aip &&
	     p->next->first_aip->next && !p->next->first_aip->next->next;
	t_check("set-args-parse", ok, "wrong result");
	wgdev_free(dev);
	t_check("set-args-device-option-after-peer", !config_from_args(4, argv2, null), "accepted");
	t_check("set-args-unknown-word", !config_from_args(1, argv3, null), "accepted");
	t_check("set-args-missing-key-file", !config_from_args(2, argv4, null), "accepted");
	t_check("set-args-missing-value", !config_from_args(1, argv6, null), "accepted");
	dev = config_from_args(4, argv5, null);
	ok = dev && dev->first_peer && !dev->first_peer->first_aip &&
	     (dev->first_peer->flags & WGPEER_F_REPLACE_ALLOWEDIPS);
	t_check("set-args-empty-allowed-ips-clears", ok, "wrong result");
	wgdev_free(dev);
	fclose(null);
}

static void test_key_file(void)
{
	char path[] = "/tmp/wg-unit-keyXXXXXX";
	wg_key k, want;
	const char *why;
	int fd = mkstemp(path);
	FILE *f;

	if (fd < 0) {
		t_check("keyfile-tmp", 0, "mkstemp failed");
		return;
	}
	close(fd);
	key_from_base64(want, K0);
	f = fopen(path, "w");
	fprintf(f, "%s\n\n  \n", K0);
	fclose(f);
	why = read_key_file(k, path);
	t_check("keyfile-good", !why && !memcmp(k, want, 32), "why=%s", why ? why : "-");
	f = fopen(path, "w");
	fclose(f);
	memset(k, 1, 32);
	why = read_key_file(k, path);
	t_check("keyfile-empty-is-zero", !why && key_is_zero(k), "why=%s", why ? why : "-");
	f = fopen(path, "w");
	fprintf(f, "%s x\n", K0);
	fclose(f);
	t_check("keyfile-trailing-junk", read_key_file(k, path) != NULL, "accepted");
	f = fopen(path, "w");
	fprintf(f, "%.20s\n", K0);
	fclose(f);
	t_check("keyfile-short", read_key_file(k, path) != NULL, "accepted");
	unlink(path);
}

/* ---------------------------------------------------------------- output */

static void test_format(void)
{
	static const struct {
		uint64_t s;
		const char *want;
	} d[] = {
		{ 4, "4 seconds" }, { 1, "1 second" }, { 64, "1 minute, 4 seconds" },
		{ 2 * 86400 + 3 * 3600, "2 days, 3 hours" }, { 365 * 86400 + 1, "1 year, 1 second" },
		{ 3725, "1 hour, 2 minutes, 5 seconds" }, { 2 * 365 * 86400ULL, "2 years" },
	};
	static const struct {
		uint64_t b;
		const char *want;
	} b[] = {
		{ 0, "0 B" }, { 228, "228 B" }, { 1023, "1023 B" }, { 1024, "1.00 KiB" },
		{ 1536, "1.50 KiB" }, { 1048575, "1024.00 KiB" }, { 4823450, "4.60 MiB" },
		{ 62085529, "59.21 MiB" }, { 1ULL << 30, "1.00 GiB" }, { 3ULL << 40, "3.00 TiB" },
		{ 5000ULL << 40, "5000.00 TiB" },
	};
	char buf[256], name[64];
	unsigned int i;

	for (i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
		format_duration(buf, sizeof(buf), d[i].s);
		strip_ansi(buf);
		snprintf(name, sizeof(name), "duration-%llu", (unsigned long long)d[i].s);
		t_check(name, !strcmp(buf, d[i].want), "got '%s' want '%s'", buf, d[i].want);
	}
	for (i = 0; i < sizeof(b) / sizeof(b[0]); i++) {
		format_bytes(buf, sizeof(buf), b[i].b);
		strip_ansi(buf);
		snprintf(name, sizeof(name), "bytes-%llu", (unsigned long long)b[i].b);
		t_check(name, !strcmp(buf, b[i].want), "got '%s' want '%s'", buf, b[i].want);
	}
	format_bytes(buf, sizeof(buf), 228);
	t_check("bytes-colour-sequence", !strcmp(buf, "228 \x1b[36mB\x1b[0m"), "got '%s'", buf);
	format_duration(buf, sizeof(buf), 61);
	t_check("duration-colour-sequence",
	      !strcmp(buf, "1 \x1b[36mminute\x1b[0m, 1 \x1b[36msecond\x1b[0m"), "got '%s'", buf);
	format_ago(buf, sizeof(buf), 1000, 1000);
	t_check("ago-now", !strcmp(buf, "Now"), "got '%s'", buf);
	format_ago(buf, sizeof(buf), 1000, 1064);
	strip_ansi(buf);
	t_check("ago-past", !strcmp(buf, "1 minute, 4 seconds ago"), "got '%s'", buf);
	format_ago(buf, sizeof(buf), 2000, 1000);
	strip_ansi(buf);
	t_check("ago-future", !strcmp(buf, "(System clock wound backward; connection problems may ensue.)"),
	      "got '%s'", buf);
	strcpy(buf, "\x1b[0m\x1b[32m\x1b[1minterface\x1b[0m: \x1b[32mwg0\x1b[0m");
	strip_ansi(buf);
	t_check("strip-ansi", !strcmp(buf, "interface: wg0"), "got '%s'", buf);
}

static void test_coalesce(void)
{
	struct wgdev *dev = wgdev_new();
	struct wgpeer *p;
	struct wgaip *a;
	int n = 0, peers = 0;
	unsigned int i;

	/* A(2 ips) A(1 ip) B(1) A(1): only adjacent parts are merged */
	for (i = 0; i < 4; i++) {
		p = wgdev_add_peer(dev);
		p->public_key[0] = i == 2 ? 'B' : 'A';
		wgpeer_add_aip(p)->cidr = (uint8_t)i;
		if (!i)
			wgpeer_add_aip(p)->cidr = 9;
	}
	wgdev_coalesce_peers(dev);
	for_each_peer(dev, p)
		peers++;
	for_each_aip(dev->first_peer, a)
		n++;
	t_check("coalesce-split-peers", peers == 3 && n == 3 && dev->first_peer->last_aip->cidr == 1 &&
	      dev->last_peer->public_key[0] == 'A', "peers=%d aips=%d", peers, n);
	wgdev_free(dev);
}

int main(void)
{
	srand(1);
	test_base64();
	test_x25519();
	test_values();
	test_config_good();
	test_config_errors();
	test_set_args();
	test_key_file();
	test_format();
	test_coalesce();
	return t_finish();
}
