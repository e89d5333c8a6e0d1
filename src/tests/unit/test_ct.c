// SPDX-License-Identifier: GPL-2.0
/*
 * Runs ct_target under valgrind memcheck: it must finish with correct
 * results and without a single memcheck error (a branch or an address that
 * depends on a secret). Then runs ct_target_planted, the same program built
 * with -DWG_CT_PLANT (a secret-dependent branch in the X25519 ladder), and
 * asserts that valgrind catches it: proof the check can fail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include "casym_test.h"

#define VALGRIND "valgrind -q --error-exitcode=99 --track-origins=yes --num-callers=8 "
#define COND_MSG "Conditional jump or move depends on uninitialised value"

static char out[1 << 20];
static const char *adx_arg = "";

/* Runs cmd, keeps its combined output in out[], returns its exit status. */
static int run_cmd(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	size_t n = 0, r;
	int st;

	if (!p)
		return -1;
	while ((r = fread(out + n, 1, sizeof(out) - 1 - n, p)) > 0)
		n += r;
	out[n] = 0;
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int run_cmd2(const char *cmd, const char *arg)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%s %s 2>&1", cmd, arg);
	return run_cmd(buf);
}

static void show_tail(void)
{
	size_t n = strlen(out);

	fputs(n > 3000 ? out + n - 3000 : out, stdout);
}

static int t_clean(void)
{
	int rc = run_cmd2(VALGRIND "build/unit/ct_target", adx_arg);

	if (rc != 0 || strstr(out, "==") || !strstr(out, " 0 wrong")) {
		show_tail();
		if (strstr(out, COND_MSG))
			return t_fail("valgrind saw a secret-dependent branch (exit %d)", rc);
		return t_fail("valgrind or the target failed (exit %d)", rc);
	}
	{
		const char *last = strstr(out, "checks,");

		while (last && last > out && last[-1] != '\n')
			last--;
		if (last)
			printf("# %.*s", (int)(strchr(last, '\n') - last + 1), last);
	}
	return 0;
}

static int t_planted(void)
{
	int rc = run_cmd2(VALGRIND "build/unit/ct_target_planted", adx_arg);

	if (rc != 99) {
		show_tail();
		return t_fail("valgrind did not report the planted branch (exit %d)", rc);
	}
	if (!strstr(out, COND_MSG) || !strstr(out, "x25519")) {
		show_tail();
		return t_fail("the report does not name the planted branch in the X25519 ladder");
	}
	return 0;
}

int main(void)
{
	if (system("valgrind --version >/dev/null 2>&1") != 0) {
		printf("FAIL ct-valgrind-present: valgrind is not installed\n0 passed, 1 failed\n");
		return 1;
	}
	if (cpu_has_bmi2_adx())
		adx_arg = "adx";
	t_run("ct-valgrind-no-secret-dependent-branch", t_clean);
	t_run("ct-valgrind-catches-planted-branch", t_planted);
	return t_finish();
}
