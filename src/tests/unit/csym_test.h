/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers shared by the ChaCha20/Poly1305 unit and differential tests. */
#ifndef CSYM_TEST_H
#define CSYM_TEST_H

#include <stdio.h>
#include <string.h>
#include <ctype.h>

#include "harness.h"

/* The paths to try: portable, then each SIMD path this CPU has. */
static unsigned int csym_paths(unsigned int out[5])
{
	static const unsigned int all[] = { WG_IMPL_SSSE3, WG_IMPL_AVX2, WG_IMPL_AVX512,
					    WG_IMPL_AVX512 | WG_IMPL_AVX512IFMA };
	unsigned int n = 0, i;

	out[n++] = 0;
	for (i = 0; i < 4; i++)
		if ((wg_crypto_available() & all[i]) == all[i])
			out[n++] = all[i];
	return n;
}

static const char *path_name(unsigned int p)
{
	return p & WG_IMPL_AVX512IFMA ? "avx512-ifma" : p == WG_IMPL_AVX512 ? "avx512" :
	       p == WG_IMPL_AVX2 ? "avx2" : p == WG_IMPL_SSSE3 ? "ssse3" : "portable";
}

/* Parses a hex string (or a "quoted" literal) into out; returns the length
 * or -1. */
static long __maybe_unused parse_value(const char *s, unsigned char *out, size_t max)
{
	size_t n = 0;
	unsigned int b;

	while (*s == ' ')
		s++;
	if (*s == '"') {
		const char *e = strrchr(s + 1, '"');

		if (!e || (size_t)(e - s - 1) > max)
			return -1;
		memcpy(out, s + 1, (size_t)(e - s - 1));
		return e - s - 1;
	}
	while (isxdigit((unsigned char)s[0]) && isxdigit((unsigned char)s[1])) {
		if (n == max || sscanf(s, "%2x", &b) != 1)
			return -1;
		out[n++] = (unsigned char)b;
		s += 2;
	}
	return (long)n;
}

#endif
