/* SPDX-License-Identifier: GPL-2.0 */
/* Tiny harness shared by the BLAKE2s / X25519 / constant-time unit tests. */
#ifndef CASYM_TEST_H
#define CASYM_TEST_H

#include <stdio.h>
#include <string.h>
#include <cpuid.h>

#include "harness.h"

__attribute__((unused)) static int unhex(unsigned char *out, size_t max, const char *hex)
{
	size_t n = 0;
	unsigned int b;

	while (hex[0] && hex[1] && hex[0] != '\n' && hex[0] != '\r') {
		if (n == max || sscanf(hex, "%2x", &b) != 1)
			return -1;
		out[n++] = (unsigned char)b;
		hex += 2;
	}
	return (int)n;
}

__attribute__((unused)) static const char *tohex(const unsigned char *p, size_t n)
{
	static char buf[4][2 * 256 + 1];
	static int which;
	char *s = buf[which++ & 3];
	size_t i;

	if (n > 256)
		n = 256;
	for (i = 0; i < n; ++i)
		sprintf(s + 2 * i, "%02x", p[i]);
	s[2 * n] = 0;
	return s;
}

/* Deterministic fast PRNG (xorshift64*) so failures can be reproduced. */
static unsigned long long casym_rng = 0x9e3779b97f4a7c15ULL;

__attribute__((unused)) static unsigned long long rnd64(void)
{
	casym_rng ^= casym_rng >> 12;
	casym_rng ^= casym_rng << 25;
	casym_rng ^= casym_rng >> 27;
	return casym_rng * 0x2545f4914f6cdd1dULL;
}

__attribute__((unused)) static void rnd_bytes(unsigned char *p, size_t n)
{
	while (n--)
		*p++ = (unsigned char)(rnd64() >> 56);
}

/* CPUID leaf 7: EBX bit 8 is BMI2, bit 19 is ADX (clang's
 * __builtin_cpu_supports does not know "adx"). */
__attribute__((unused)) static int cpu_has_bmi2_adx(void)
{
	unsigned int a, b, c, d;

	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return 0;
	return (b & (1U << 8)) && (b & (1U << 19));
}

#endif
