// SPDX-License-Identifier: GPL-2.0
/*
 * Endpoint resolution retries in wg(8)'s parser: getaddrinfo and usleep are
 * replaced (link-time --wrap) by a script that fails a given number of times
 * with a given error and records the waits.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "tools/config.h"


static int fail_times, fail_code, calls, nwaits;
static useconds_t waits[64];

int __real_getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
		       struct addrinfo **res);

int __wrap_getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
		       struct addrinfo **res)
{
	calls++;
	if (calls <= fail_times)
		return fail_code;
	return __real_getaddrinfo(node, service, hints, res);
}

int __wrap_usleep(useconds_t us)
{
	if (nwaits < 64)
		waits[nwaits] = us;
	nwaits++;
	return 0;
}

static const char *run(int times, int code, const char *retries)
{
	static union wgendpoint ep;

	fail_times = times;
	fail_code = code;
	calls = nwaits = 0;
	if (retries)
		setenv("WG_ENDPOINT_RESOLUTION_RETRIES", retries, 1);
	else
		unsetenv("WG_ENDPOINT_RESOLUTION_RETRIES");
	memset(&ep, 0, sizeof(ep));
	return parse_endpoint(&ep, "192.0.2.1:51820");
}

int main(void)
{
	const char *why;
	int i, ok;

	/* stderr gets the "trying again" lines; keep the test output clean */
	if (!freopen("/dev/null", "w", stderr))
		return 1;

	why = run(3, EAI_AGAIN, NULL);
	ok = !why && calls == 4 && nwaits == 3 && waits[0] == 1000000 && waits[1] == 1200000 &&
	     waits[2] == 1440000;
	t_check("resolve-transient-retried", ok, "why=%s calls=%d waits=%d (%u %u %u)", why ? why : "-",
	      calls, nwaits, waits[0], waits[1], waits[2]);

	why = run(100, EAI_AGAIN, NULL);
	t_check("resolve-default-15-retries", why && calls == 16 && nwaits == 15,
	      "why=%s calls=%d", why ? why : "-", calls);

	why = run(100, EAI_AGAIN, "2");
	t_check("resolve-env-retries", why && calls == 3 && nwaits == 2, "calls=%d", calls);

	why = run(100, EAI_AGAIN, "0");
	t_check("resolve-zero-retries", why && calls == 1 && nwaits == 0, "calls=%d", calls);

	why = run(40, EAI_AGAIN, "infinity");
	ok = !why && calls == 41 && nwaits == 40;
	for (i = 0; ok && i < 40; i++)
		ok = waits[i] <= 20000000 && (i == 0 || waits[i] >= waits[i - 1]);
	t_check("resolve-infinity-capped-20s", ok && waits[39] == 20000000,
	      "why=%s calls=%d last wait %u", why ? why : "-", calls, waits[39]);

	why = run(5, EAI_NONAME, NULL);
	t_check("resolve-noname-not-retried", why && calls == 1 && nwaits == 0, "calls=%d", calls);
	why = run(5, EAI_FAIL, NULL);
	t_check("resolve-fail-not-retried", why && calls == 1 && nwaits == 0, "calls=%d", calls);

	why = run(0, 0, "many");
	t_check("resolve-bad-env-refused", why && calls == 0, "why=%s calls=%d", why ? why : "-", calls);

	return t_finish();
}
