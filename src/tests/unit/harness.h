/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PASS/FAIL harness every userspace unit test uses: a test is a function
 * returning 0 for PASS or t_fail(...)'s value; t_finish() prints the closing
 * line and gives the exit status.
 */
#ifndef WG_TEST_HARNESS_H
#define WG_TEST_HARNESS_H

#include <stdarg.h>
#include <stdio.h>

static int t_passed, t_failed;
static char t_reason[512];

__attribute__((format(printf, 1, 2), unused))
static int t_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t_reason, sizeof(t_reason), fmt, ap);
	va_end(ap);
	return 1;
}

__attribute__((unused)) static void t_run(const char *name, int (*fn)(void))
{
	t_reason[0] = 0;
	if (fn() == 0) {
		printf("PASS %s\n", name);
		t_passed++;
	} else {
		printf("FAIL %s: %s\n", name, t_reason[0] ? t_reason : "failed");
		t_failed++;
	}
	fflush(stdout);
}

__attribute__((unused)) static int t_finish(void)
{
	printf("%d passed, %d failed\n", t_passed, t_failed);
	return t_failed ? 1 : 0;
}

/* For tests written as a series of assertions: one PASS/FAIL line each. */
__attribute__((format(printf, 3, 4), unused))
static void t_check(const char *name, int ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("PASS %s\n", name);
		t_passed++;
		return;
	}
	printf("FAIL %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	t_failed++;
}

#endif
