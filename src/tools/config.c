// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing of configuration files (setconf/addconf/syncconf) and of the
 * `wg set` command line into a struct wgdev.  Nothing here talks to the
 * kernel: a caller applies the result only when parsing succeeded entirely.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "curve25519.h"
#include "encoding.h"

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* decimal number without sign or spaces, at most max; false otherwise */
static bool parse_decimal(unsigned long *out, const char *s, unsigned long max)
{
	unsigned long v = 0;

	if (!all_digits(s))
		return false;
	for (; *s; s++) {
		if (v > (max - (unsigned long)(*s - '0')) / 10)
			return false;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	*out = v;
	return true;
}

const char *parse_listen_port(uint16_t *port, const char *value)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_DGRAM,
		.ai_protocol = IPPROTO_UDP,
		.ai_flags = AI_PASSIVE,
	};
	struct addrinfo *res = NULL;
	unsigned long v;
	const char *why = NULL;

	if (!*value)
		return "empty port";
	if (all_digits(value)) {
		if (!parse_decimal(&v, value, 65535))
			return "port out of range (0-65535)";
		*port = (uint16_t)v;
		return NULL;
	}
	if (value[0] == '-' || value[0] == '+')
		return "not a port number or service name";
	if (getaddrinfo(NULL, value, &hints, &res) || !res)
		return "unknown service name";
	if (res->ai_family == AF_INET && res->ai_addrlen == sizeof(struct sockaddr_in))
		*port = ntohs(((struct sockaddr_in *)res->ai_addr)->sin_port);
	else if (res->ai_family == AF_INET6 && res->ai_addrlen == sizeof(struct sockaddr_in6))
		*port = ntohs(((struct sockaddr_in6 *)res->ai_addr)->sin6_port);
	else
		why = "unknown service name";
	freeaddrinfo(res);
	return why;
}

const char *parse_fwmark(uint32_t *fwmark, const char *value)
{
	unsigned long v;
	char *end;

	if (!strcasecmp(value, "off")) {
		*fwmark = 0;
		return NULL;
	}
	if (value[0] < '0' || value[0] > '9')
		return "expected 'off', a decimal number or 0x<hex>";
	errno = 0;
	if (value[0] == '0' && value[1] == 'x' && value[2])
		v = strtoul(value + 2, &end, 16);
	else
		v = strtoul(value, &end, 10);
	if (*end || errno || v > UINT32_MAX ||
	    (value[0] == '0' && value[1] == 'x' && !isxdigit((unsigned char)value[2])))
		return "expected 'off', a decimal number or 0x<hex> up to 0xffffffff";
	*fwmark = (uint32_t)v;
	return NULL;
}

const char *parse_keepalive(uint16_t *interval, const char *value)
{
	unsigned long v;

	if (!strcasecmp(value, "off")) {
		*interval = 0;
		return NULL;
	}
	if (!parse_decimal(&v, value, 65535))
		return "expected 'off' or seconds 0-65535";
	*interval = (uint16_t)v;
	return NULL;
}

const char *parse_key(wg_key key, const char *value)
{
	if (strlen(value) != WGT_KEY_B64_LEN)
		return "a key is 44 base64 characters";
	if (!key_from_base64(key, value))
		return "not a canonical base64 key";
	return NULL;
}

const char *read_key_file(wg_key key, const char *path)
{
	char buf[WGT_KEY_B64_LEN + 1];
	size_t n;
	int c;
	const char *why = NULL;
	FILE *f = fopen(path, "r");

	if (!f)
		return strerror(errno);
	n = fread(buf, 1, WGT_KEY_B64_LEN, f);
	buf[n] = '\0';
	if (ferror(f)) {
		why = "read error";
	} else if (n == 0) {
		/* an empty file means "no key" */
		memset(key, 0, WGT_KEY_LEN);
	} else if (n < WGT_KEY_B64_LEN) {
		why = "a key is 44 base64 characters";
	} else {
		while ((c = fgetc(f)) != EOF) {
			if (!isspace(c) && c != '\0') {
				why = "unexpected data after the key";
				break;
			}
		}
		if (!why)
			why = parse_key(key, buf);
	}
	key_wipe(buf, sizeof(buf));
	fclose(f);
	return why;
}

int endpoint_resolution_retries(void)
{
	const char *s = getenv("WG_ENDPOINT_RESOLUTION_RETRIES");
	unsigned long v;

	if (!s)
		return 15;
	if (!strcmp(s, "infinity"))
		return -1;
	if (!parse_decimal(&v, s, INT_MAX))
		return -2;
	return (int)v;
}

const char *parse_endpoint(union wgendpoint *endpoint, const char *value)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_DGRAM,
		.ai_protocol = IPPROTO_UDP,
	};
	struct addrinfo *res = NULL;
	char *copy, *host, *port, *end;
	unsigned long pnum;
	useconds_t delay = 1000000;
	int retries, attempt, ret;
	const char *why = NULL;

	copy = strdup(value);
	if (!copy)
		return "out of memory";
	if (copy[0] == '[') {
		host = copy + 1;
		end = strchr(host, ']');
		if (!end || end[1] != ':') {
			why = "expected [ipv6]:port";
			goto out;
		}
		*end = '\0';
		port = end + 2;
	} else {
		end = strrchr(copy, ':');
		if (!end) {
			why = "expected host:port";
			goto out;
		}
		*end = '\0';
		host = copy;
		port = end + 1;
	}
	if (!*host || !*port) {
		why = "expected host:port";
		goto out;
	}
	if (all_digits(port) && !parse_decimal(&pnum, port, 65535)) {
		why = "port out of range (0-65535)";
		goto out;
	}
	retries = endpoint_resolution_retries();
	if (retries == -2) {
		why = "invalid WG_ENDPOINT_RESOLUTION_RETRIES (a number or 'infinity')";
		goto out;
	}
	for (attempt = 0;; attempt++) {
		ret = getaddrinfo(host, port, &hints, &res);
		if (!ret)
			break;
		if (ret == EAI_NONAME || ret == EAI_FAIL ||
#ifdef EAI_NODATA
		    ret == EAI_NODATA ||
#endif
		    ret == EAI_SERVICE || ret == EAI_FAMILY ||
		    (retries >= 0 && attempt >= retries)) {
			why = gai_strerror(ret);
			goto out;
		}
		fprintf(stderr, "%s: '%s'; trying again in %.2f seconds...\n",
			gai_strerror(ret), value, delay / 1000000.0);
		usleep(delay);
		delay = delay * 6 / 5;
		if (delay > 20000000)
			delay = 20000000;
	}
	if ((res->ai_family == AF_INET && res->ai_addrlen == sizeof(struct sockaddr_in)) ||
	    (res->ai_family == AF_INET6 && res->ai_addrlen == sizeof(struct sockaddr_in6))) {
		memset(endpoint, 0, sizeof(*endpoint));
		memcpy(endpoint, res->ai_addr, res->ai_addrlen);
	} else {
		why = "resolved to neither IPv4 nor IPv6";
	}
	freeaddrinfo(res);
out:
	free(copy);
	return why;
}

static bool host_bits_set(const struct wgaip *a)
{
	const uint8_t *b = a->family == AF_INET ? (const uint8_t *)&a->ip4 :
						 (const uint8_t *)&a->ip6;
	unsigned int len = a->family == AF_INET ? 4 : 16, i;

	for (i = 0; i < len; i++) {
		unsigned int bits = i * 8 >= a->cidr ? 0 :
				    (a->cidr - i * 8 >= 8 ? 8 : a->cidr - i * 8);
		uint8_t mask = (uint8_t)(0xff00 >> bits);

		if (b[i] & ~mask)
			return true;
	}
	return false;
}

const char *parse_allowedips(struct wgpeer *peer, const char *value, const char *warn)
{
	char *copy, *item, *next, *slash;
	bool incremental = false;
	const char *why = NULL;
	unsigned long cidr;
	struct wgaip *a;
	uint16_t family;
	union {
		struct in_addr ip4;
		struct in6_addr ip6;
	} addr;
	char *w;
	const char *r;

	copy = malloc(strlen(value) + 1);
	if (!copy)
		return "out of memory";
	for (w = copy, r = value; *r; r++)
		if (!isspace((unsigned char)*r))
			*w++ = *r;
	*w = '\0';
	if (!*copy)
		goto out;	/* empty: only the replace flag, i.e. remove all */
	for (next = copy; next;) {
		uint32_t flags = 0;

		item = next;
		next = strchr(item, ',');
		if (next)
			*next++ = '\0';
		if (*item == '+' || *item == '-') {
			incremental = true;
			if (*item == '-')
				flags = WGALLOWEDIP_F_REMOVE_ME;
			item++;
		}
		slash = strchr(item, '/');
		if (slash)
			*slash++ = '\0';
		family = strchr(item, ':') ? AF_INET6 : AF_INET;
		if (!*item || inet_pton(family, item, &addr) != 1) {
			why = "not an IP address";
			goto out;
		}
		if (!slash)
			cidr = family == AF_INET ? 32 : 128;
		else if (!parse_decimal(&cidr, slash, family == AF_INET ? 32 : 128)) {
			why = family == AF_INET ? "prefix length must be 0-32" :
						  "prefix length must be 0-128";
			goto out;
		}
		a = wgpeer_add_aip(peer);
		a->family = family;
		a->cidr = (uint8_t)cidr;
		a->flags = flags;
		if (family == AF_INET)
			a->ip4 = addr.ip4;
		else
			a->ip6 = addr.ip6;
		if (warn && host_bits_set(a))
			fprintf(stderr, "%s: warning: %s%s%s has host bits set; the kernel masks them\n",
				warn, item, slash ? "/" : "", slash ? slash : "");
	}
out:
	if (!why && incremental)
		peer->flags &= ~WGPEER_F_REPLACE_ALLOWEDIPS;
	free(copy);
	return why;
}

/* ---------------------------------------------------------------------- */

void config_init(struct config_ctx *ctx, const char *file, bool append, FILE *err)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->file = file;
	ctx->append = append;
	ctx->err = err ? err : stderr;
	ctx->dev = wgdev_new();
	if (!append) {
		/* setconf: everything not stated is reset */
		ctx->dev->flags |= WGDEVICE_F_REPLACE_PEERS;
		ctx->dev->has |= WGDEV_HAS_PRIVATE_KEY | WGDEV_HAS_LISTEN_PORT |
				 WGDEV_HAS_FWMARK;
	}
}

static bool __attribute__((format(printf, 2, 3)))
fail(struct config_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	fprintf(ctx->err, "%s:%u: ", ctx->file, ctx->line);
	va_start(ap, fmt);
	vfprintf(ctx->err, fmt, ap);
	va_end(ap);
	fputc('\n', ctx->err);
	ctx->failed = true;
	return false;
}

static bool bad_value(struct config_ctx *ctx, const char *key, const char *value,
		      const char *why, bool secret)
{
	if (secret)
		return fail(ctx, "invalid %s: %s", key, why);
	fprintf(ctx->err, "%s:%u: invalid %s '%s': %s\n", ctx->file, ctx->line, key, value, why);
	ctx->failed = true;
	return false;
}

static const char *const wg_quick_keys[] = {
	"Address", "DNS", "MTU", "Table", "PreUp", "PostUp", "PreDown", "PostDown",
	"SaveConfig", NULL
};

bool config_read_line(struct config_ctx *ctx, const char *input)
{
	char *line, *w, *eq, *key, *value, where[64];
	const char *r, *why;
	bool ok = true;
	unsigned int i;

	if (ctx->failed)
		return false;
	ctx->line++;
	line = malloc(strlen(input) + 1);
	if (!line)
		return fail(ctx, "out of memory");
	for (w = line, r = input; *r && *r != '#'; r++)
		if (!isspace((unsigned char)*r))
			*w++ = *r;
	*w = '\0';
	if (!*line)
		goto out;

	if (line[0] == '[') {
		if (!strcasecmp(line, "[Interface]")) {
			ctx->section = 1;
		} else if (!strcasecmp(line, "[Peer]")) {
			ctx->section = 2;
			ctx->peer_line = ctx->line;
			ctx->peer = wgdev_add_peer(ctx->dev);
			ctx->peer->flags |= WGPEER_F_REPLACE_ALLOWEDIPS;
		} else {
			ok = fail(ctx, "unknown section '%s'", line);
		}
		goto out;
	}
	eq = strchr(line, '=');
	if (!eq) {
		/* do not echo what may be a secret key with a typo */
		ok = fail(ctx, "missing '=' in '%s'",
			  (!strncasecmp(line, "PrivateKey", 10) ||
			   !strncasecmp(line, "PresharedKey", 12)) ? "(key line)" : line);
		goto out;
	}
	*eq = '\0';
	key = line;
	value = eq + 1;
	if (!*key) {
		ok = fail(ctx, "missing key before '='");
		goto out;
	}
	for (i = 0; wg_quick_keys[i]; i++) {
		if (!strcasecmp(key, wg_quick_keys[i])) {
			ok = fail(ctx, "'%s' is a wg-quick(8) key, not understood by wg",
				  key);
			goto out;
		}
	}
	if (!*value) {
		ok = fail(ctx, "empty value for '%s'", key);
		goto out;
	}
	if (ctx->section == 0) {
		ok = fail(ctx, "'%s' outside of an [Interface] or [Peer] section", key);
		goto out;
	}
	snprintf(where, sizeof(where), "%s:%u", ctx->file, ctx->line);
	if (ctx->section == 1) {
		struct wgdev *d = ctx->dev;

		if (!strcasecmp(key, "PrivateKey")) {
			why = parse_key(d->private_key, value);
			if (why)
				ok = bad_value(ctx, "PrivateKey", value, why, true);
			d->has |= WGDEV_HAS_PRIVATE_KEY;
		} else if (!strcasecmp(key, "ListenPort")) {
			why = parse_listen_port(&d->listen_port, value);
			if (why)
				ok = bad_value(ctx, "ListenPort", value, why, false);
			d->has |= WGDEV_HAS_LISTEN_PORT;
		} else if (!strcasecmp(key, "FwMark")) {
			why = parse_fwmark(&d->fwmark, value);
			if (why)
				ok = bad_value(ctx, "FwMark", value, why, false);
			d->has |= WGDEV_HAS_FWMARK;
		} else {
			ok = fail(ctx, "unknown key '%s' in [Interface]", key);
		}
	} else {
		struct wgpeer *p = ctx->peer;

		if (!strcasecmp(key, "PublicKey")) {
			why = parse_key(p->public_key, value);
			if (why)
				ok = bad_value(ctx, "PublicKey", value, why, false);
			p->has |= WGPEER_HAS_PUBLIC_KEY;
		} else if (!strcasecmp(key, "PresharedKey")) {
			why = parse_key(p->preshared_key, value);
			if (why)
				ok = bad_value(ctx, "PresharedKey", value, why, true);
			p->has |= WGPEER_HAS_PRESHARED_KEY;
		} else if (!strcasecmp(key, "AllowedIPs")) {
			why = parse_allowedips(p, value, where);
			if (why)
				ok = bad_value(ctx, "AllowedIPs", value, why, false);
		} else if (!strcasecmp(key, "Endpoint")) {
			why = parse_endpoint(&p->endpoint, value);
			if (why)
				ok = bad_value(ctx, "Endpoint", value, why, false);
		} else if (!strcasecmp(key, "PersistentKeepalive")) {
			why = parse_keepalive(&p->keepalive, value);
			if (why)
				ok = bad_value(ctx, "PersistentKeepalive", value, why, false);
			p->has |= WGPEER_HAS_KEEPALIVE;
		} else {
			ok = fail(ctx, "unknown key '%s' in [Peer]", key);
		}
	}
out:
	key_wipe(line, strlen(input) + 1);
	free(line);
	return ok;
}

struct wgdev *config_finish(struct config_ctx *ctx)
{
	struct wgdev *dev = ctx->dev;
	struct wgpeer *p;

	ctx->dev = NULL;
	if (!ctx->failed) {
		for_each_peer(dev, p) {
			if (!(p->has & WGPEER_HAS_PUBLIC_KEY)) {
				fprintf(ctx->err, "%s: a [Peer] section has no PublicKey\n", ctx->file);
				ctx->failed = true;
				break;
			}
		}
	}
	if (ctx->failed) {
		wgdev_free(dev);
		return NULL;
	}
	return dev;
}

struct wgdev *config_read_file(const char *path, bool append, FILE *err)
{
	struct config_ctx ctx;
	char *line = NULL;
	size_t cap = 0;
	FILE *f;

	f = fopen(path, "r");
	if (!f) {
		fprintf(err ? err : stderr, "%s: %s\n", path, strerror(errno));
		return NULL;
	}
	config_init(&ctx, path, append, err);
	while (getline(&line, &cap, f) >= 0) {
		if (!config_read_line(&ctx, line))
			break;
	}
	if (line) {
		key_wipe(line, cap);
		free(line);
	}
	if (ferror(f)) {
		fprintf(ctx.err, "%s: read error\n", path);
		ctx.failed = true;
	}
	fclose(f);
	return config_finish(&ctx);
}

/* ---------------------------------------------------------------------- */

static bool arg_fail(FILE *err, const char *what, const char *value, const char *why)
{
	if (value)
		fprintf(err, "Invalid %s '%s': %s\n", what, value, why);
	else
		fprintf(err, "Invalid %s: %s\n", what, why);
	return false;
}

struct wgdev *config_from_args(int argc, char *argv[], FILE *err)
{
	struct wgdev *dev = wgdev_new();
	struct wgpeer *peer = NULL;
	const char *why;
	bool ok = true;

	if (!err)
		err = stderr;
	while (argc > 0 && ok) {
		const char *opt = argv[0], *val = argc > 1 ? argv[1] : NULL;
		int used = 2;

		if (!peer && !strcmp(opt, "listen-port") && val) {
			why = parse_listen_port(&dev->listen_port, val);
			ok = !why || arg_fail(err, "listen-port", val, why);
			dev->has |= WGDEV_HAS_LISTEN_PORT;
		} else if (!peer && !strcmp(opt, "fwmark") && val) {
			why = parse_fwmark(&dev->fwmark, val);
			ok = !why || arg_fail(err, "fwmark", val, why);
			dev->has |= WGDEV_HAS_FWMARK;
		} else if (!peer && !strcmp(opt, "private-key") && val) {
			why = read_key_file(dev->private_key, val);
			ok = !why || arg_fail(err, "private-key file", val, why);
			dev->has |= WGDEV_HAS_PRIVATE_KEY;
		} else if (!strcmp(opt, "peer") && val) {
			peer = wgdev_add_peer(dev);
			why = parse_key(peer->public_key, val);
			ok = !why || arg_fail(err, "peer", val, why);
			peer->has |= WGPEER_HAS_PUBLIC_KEY;
		} else if (peer && !strcmp(opt, "remove")) {
			peer->flags |= WGPEER_F_REMOVE_ME;
			used = 1;
		} else if (peer && !strcmp(opt, "endpoint") && val) {
			why = parse_endpoint(&peer->endpoint, val);
			ok = !why || arg_fail(err, "endpoint", val, why);
		} else if (peer && !strcmp(opt, "allowed-ips") && val) {
			peer->flags |= WGPEER_F_REPLACE_ALLOWEDIPS;
			why = parse_allowedips(peer, val, "allowed-ips");
			ok = !why || arg_fail(err, "allowed-ips", val, why);
		} else if (peer && !strcmp(opt, "persistent-keepalive") && val) {
			why = parse_keepalive(&peer->keepalive, val);
			ok = !why || arg_fail(err, "persistent-keepalive", val, why);
			peer->has |= WGPEER_HAS_KEEPALIVE;
		} else if (peer && !strcmp(opt, "preshared-key") && val) {
			why = read_key_file(peer->preshared_key, val);
			ok = !why || arg_fail(err, "preshared-key file", val, why);
			peer->has |= WGPEER_HAS_PRESHARED_KEY;
		} else {
			fprintf(err, "Invalid argument: %s\n", opt);
			ok = false;
		}
		argc -= used;
		argv += used;
	}
	if (!ok) {
		wgdev_free(dev);
		return NULL;
	}
	return dev;
}
