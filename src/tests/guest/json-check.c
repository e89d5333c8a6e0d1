// SPDX-License-Identifier: GPL-2.0
/*
 * json-check [PATH]: validate the JSON document on stdin (strict RFC 8259
 * syntax, one value, nothing after it).  With PATH (dot-separated object keys
 * and array indexes, e.g. interfaces.0.peers.1.public_key) print the value
 * found there: strings unquoted (no escape decoding beyond \" and \\),
 * numbers/true/false/null as written, arrays and objects as "array N" /
 * "object N".  Exit 0 = valid (and path found), 1 otherwise.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *p, *err;
static char *want[64];
static int nwant, found_depth = -1;
static bool printed;

static void ws(void)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
}

static bool value(int depth, bool on_path);

static bool string(char *out, size_t outlen)
{
	size_t n = 0;

	if (*p != '"')
		return err = "expected string", false;
	p++;
	while (*p != '"') {
		unsigned char c = (unsigned char)*p;

		if (!c || c < 0x20)
			return err = "bad character in string", false;
		if (c == '\\') {
			p++;
			if (*p == 'u') {
				int i;

				for (i = 1; i <= 4; i++)
					if (!isxdigit((unsigned char)p[i]))
						return err = "bad \\u escape", false;
				p += 4;
				c = '?';
			} else if (strchr("\"\\/bfnrt", *p) && *p) {
				c = (unsigned char)*p;
			} else {
				return err = "bad escape", false;
			}
		}
		if (out && n + 1 < outlen)
			out[n++] = (char)c;
		p++;
	}
	p++;
	if (out)
		out[n] = '\0';
	return true;
}

static bool number(void)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (isdigit((unsigned char)*p))
			p++;
	else
		return err = "bad number", false;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return err = "bad fraction", false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return err = "bad exponent", false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	return true;
}

static bool value(int depth, bool on_path)
{
	const char *start;
	char key[256], idx[32];
	int count = 0;
	bool here = on_path && depth == nwant;

	ws();
	start = p;
	if (*p == '{' || *p == '[') {
		bool obj = *p == '{';

		p++;
		ws();
		if (*p == (obj ? '}' : ']')) {
			p++;
		} else {
			for (;;) {
				bool sub;

				ws();
				if (obj) {
					if (!string(key, sizeof(key)))
						return false;
					ws();
					if (*p++ != ':')
						return err = "expected ':'", false;
				} else {
					snprintf(key, sizeof(key), "%d", count);
				}
				sub = on_path && depth < nwant && !strcmp(key, want[depth]);
				if (!value(depth + 1, sub))
					return false;
				count++;
				ws();
				if (*p == ',') {
					p++;
					continue;
				}
				if (*p++ != (obj ? '}' : ']'))
					return err = obj ? "expected ',' or '}'" : "expected ',' or ']'", false;
				break;
			}
		}
		if (here) {
			snprintf(idx, sizeof(idx), "%s %d", obj ? "object" : "array", count);
			puts(idx);
			printed = true;
		}
		return true;
	}
	if (*p == '"') {
		if (!string(NULL, 0))
			return false;
		if (here) {
			printf("%.*s\n", (int)(p - start - 2), start + 1);
			printed = true;
		}
		return true;
	}
	if (!strncmp(p, "true", 4) || !strncmp(p, "null", 4))
		p += 4;
	else if (!strncmp(p, "false", 5))
		p += 5;
	else if (!number())
		return false;
	if (here) {
		printf("%.*s\n", (int)(p - start), start);
		printed = true;
	}
	return true;
}

int main(int argc, char *argv[])
{
	size_t cap = 65536, len = 0, n;
	char *buf = malloc(cap), *tok;

	if (!buf)
		return 1;
	while ((n = fread(buf + len, 1, cap - len - 1, stdin)) > 0) {
		len += n;
		if (len + 1 == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				return 1;
		}
	}
	buf[len] = '\0';
	if (strlen(buf) != len) {
		fprintf(stderr, "json-check: NUL byte in input\n");
		return 1;
	}
	if (argc > 1) {
		for (tok = strtok(argv[1], "."); tok && nwant < 64; tok = strtok(NULL, "."))
			want[nwant++] = tok;
	}
	(void)found_depth;
	p = buf;
	if (!value(0, argc > 1)) {
		fprintf(stderr, "json-check: %s at offset %ld\n", err, (long)(p - buf));
		return 1;
	}
	ws();
	if (*p) {
		fprintf(stderr, "json-check: data after the value at offset %ld\n", (long)(p - buf));
		return 1;
	}
	if (argc > 1 && !printed) {
		fprintf(stderr, "json-check: path not found\n");
		return 1;
	}
	return 0;
}
