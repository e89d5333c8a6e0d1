// SPDX-License-Identifier: GPL-2.0
/*
 * Keeps the wg tool's parsers hermetic under fuzzing (linked with
 * -Wl,--wrap=getaddrinfo -Wl,--wrap=fopen):
 *  - getaddrinfo never resolves a host name (AI_NUMERICHOST is forced), so
 *    no fuzz input can cause a DNS query; numeric hosts and service names
 *    from /etc/services still work, and a name fails with EAI_NONAME, which
 *    the endpoint parser treats as final (no retry loop, no sleep);
 *  - while armed (fuzz_hermetic(true), around the parser calls), fopen for
 *    reading only opens a few in-memory key-file fixtures named key.*
 *    (anything else is ENOENT), so `private-key <path>` cannot read arbitrary files or block
 *    on /dev/zero. Unarmed, fopen is the real one: --wrap also catches
 *    libFuzzer's own fopen calls (corpus and crash files).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "fuzz.h"

int __real_getaddrinfo(const char *node, const char *service,
		       const struct addrinfo *hints, struct addrinfo **res);
FILE *__real_fopen(const char *path, const char *mode);

int __wrap_getaddrinfo(const char *node, const char *service,
		       const struct addrinfo *hints, struct addrinfo **res)
{
	struct addrinfo h;

	if (hints)
		h = *hints;
	else
		memset(&h, 0, sizeof(h));
	h.ai_flags |= AI_NUMERICHOST;
	return __real_getaddrinfo(node, service, &h, res);
}

/* A test key generated for these fixtures only. */
#define FIXTURE_KEY "OCZPMh4n1o5AgHj3Wlrs9fj8czjsF3Jy2sOajm/R43c="

static const struct {
	const char *name;
	const char *text;
	size_t len;
} fixtures[] = {
	{ "key.valid", FIXTURE_KEY "\n", 45 },
	{ "key.bare", FIXTURE_KEY, 44 },
	{ "key.short", "OCZPMh4n1o5AgHj3", 16 },
	{ "key.trailing", FIXTURE_KEY "\nextra\n", 51 },
	{ "key.nul", FIXTURE_KEY "\0\0 \n", 48 },
	{ "key.noncanon", "OCZPMh4n1o5AgHj3Wlrs9fj8czjsF3Jy2sOajm/R43d=\n", 45 },
	{ "key.badchar", "OCZPMh4n1o5AgHj3Wlrs9fj8czjsF3Jy2sOajm/R4*c=\n", 45 },
};

static bool armed;

void fuzz_hermetic(bool on)
{
	armed = on;
}

FILE *__wrap_fopen(const char *path, const char *mode)
{
	size_t i;

	/* writes are libFuzzer's (crash artifacts): the parsers only read */
	if (!armed || strcmp(mode, "r") || !strcmp(path, "/dev/null"))
		return __real_fopen(path, mode);
	if (!strcmp(path, "key.empty"))
		return __real_fopen("/dev/null", "r");
	for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++)
		if (!strcmp(path, fixtures[i].name))
			return fmemopen((void *)fixtures[i].text, fixtures[i].len, "r");
	errno = ENOENT;
	return NULL;
}

FILE *fuzz_devnull(void)
{
	static FILE *f;

	if (!f)
		f = __real_fopen("/dev/null", "w");
	if (!f)
		abort();
	return f;
}
