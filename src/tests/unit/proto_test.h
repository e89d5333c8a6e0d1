/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal PASS/FAIL harness for the protocol-core unit tests. */
#ifndef PROTO_TEST_H
#define PROTO_TEST_H

#include <stdio.h>
#include <string.h>

#include "harness.h"

/* Decodes exactly @len bytes of hex; aborts on malformed test data. */
static __attribute__((unused)) void pt_unhex(unsigned char *out, size_t len, const char *hex)
{
	size_t i;
	unsigned int b;

	if (strlen(hex) != 2 * len) {
		fprintf(stderr, "bad test vector length: %s\n", hex);
		abort();
	}
	for (i = 0; i < len; i++) {
		if (sscanf(hex + 2 * i, "%2x", &b) != 1)
			abort();
		out[i] = (unsigned char)b;
	}
}

static __attribute__((unused)) const char *pt_hex(const void *p, size_t n)
{
	static char buf[4][2 * 256 + 1];
	static int slot;
	const unsigned char *b = p;
	char *s = buf[slot++ & 3];
	size_t i;

	for (i = 0; i < n && i < 256; i++)
		sprintf(s + 2 * i, "%02x", b[i]);
	s[2 * i] = 0;
	return s;
}

/* Compares @n bytes against expected hex; on mismatch fills the reason. */
static __attribute__((unused)) int pt_expect(const char *what, const void *got, size_t n, const char *want_hex)
{
	unsigned char want[256];

	pt_unhex(want, n, want_hex);
	if (memcmp(got, want, n))
		return t_fail("%s: got %s want %s", what, pt_hex(got, n), want_hex);
	return 0;
}

#endif /* PROTO_TEST_H */
