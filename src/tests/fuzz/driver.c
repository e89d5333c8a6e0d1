// SPDX-License-Identifier: GPL-2.0
/*
 * Regression driver for `make check`: links one harness without libFuzzer
 * (any compiler, ASan/UBSan from UNIT_CFLAGS) and replays
 *   src/tests/fuzz/corpus/<FUZZ_NAME>/ (every file)  one child process for the corpus
 *   src/tests/fuzz/regress/<FUZZ_NAME>/ (every file) one child process per input
 * through LLVMFuzzerTestOneInput. A sanitizer report or a FUZZ_CHECK abort
 * kills the child; the parent reports FAIL with the input's name.
 * Optional arguments replace the two directories (files or directories).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"

#ifndef FUZZ_NAME
#error FUZZ_NAME must name the harness
#endif
#define FUZZ_ROOT "src/tests/fuzz"

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int passed, failed;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted regular files of @dir (or @dir itself if it is a file). */
static char **list_inputs(const char *dir, size_t *n)
{
	struct stat st;
	struct dirent *e;
	char **v = NULL, **nv;
	size_t cap = 0;
	DIR *d;

	*n = 0;
	if (stat(dir, &st))
		return NULL;
	if (!S_ISDIR(st.st_mode)) {
		v = malloc(sizeof(*v));
		v[0] = strdup(dir);
		*n = 1;
		return v;
	}
	d = opendir(dir);
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		char path[4096];

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv)
				abort();
			v = nv;
		}
		v[(*n)++] = strdup(path);
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_str);
	return v;
}

/* open/read, not fopen: the tool harnesses wrap fopen to stay hermetic. */
static int run_file(const char *path)
{
	struct stat st;
	uint8_t *buf;
	size_t got = 0;
	ssize_t r;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st)) {
		perror(path);
		return -1;
	}
	buf = malloc(st.st_size > 0 ? (size_t)st.st_size : 1);
	if (!buf)
		abort();
	while (got < (size_t)st.st_size) {
		r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	/* The last input started is what a crash report names. */
	fprintf(stderr, "running %s\n", path);
	LLVMFuzzerTestOneInput(buf, got);
	free(buf);
	return 0;
}

/* The first report line and the first frame outside the sanitizer runtime,
 * so that a FAIL line says what and where. */
static void summarize(FILE *log, char *why, size_t whylen)
{
	char line[512], what[512] = "", where[512] = "";
	char *s;

	rewind(log);
	while (fgets(line, sizeof(line), log)) {
		line[strcspn(line, "\n")] = 0;
		if (!what[0] && (strstr(line, "ERROR:") || strstr(line, "runtime error") ||
				 strstr(line, "fuzz invariant violated"))) {
			s = strstr(line, "ERROR:");
			snprintf(what, sizeof(what), "%s", s ? s : line);
		} else if (what[0] && !where[0] && (s = strstr(line, " in ")) &&
			   strstr(line, "#") && !strstr(line, "__interceptor") &&
			   !strstr(line, "__sanitizer") && !strstr(line, "libc.so") &&
			   !strstr(line, "libmnl")) {
			snprintf(where, sizeof(where), "%s", s + 4);
		}
	}
	if (what[0])
		snprintf(why + strlen(why), whylen - strlen(why), ": %.200s%s%.200s", what,
			 where[0] ? " at " : "", where);
}

/* Runs @paths[0..n) in one child; 0 if it exited cleanly. */
static int run_child(char **paths, size_t n, char *why, size_t whylen)
{
	/* FUZZ_SHOW_STDERR=1 leaves the harness's stderr alone (tracing) */
	FILE *log = getenv("FUZZ_SHOW_STDERR") ? NULL : tmpfile();
	int status;
	pid_t pid;
	size_t i;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		snprintf(why, whylen, "fork failed");
		return -1;
	}
	if (pid == 0) {
		if (log)
			dup2(fileno(log), 2);
		for (i = 0; i < n; i++)
			if (run_file(paths[i]))
				_exit(3);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) < 0) {
		snprintf(why, whylen, "waitpid failed");
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		if (log)
			fclose(log);
		return 0;
	}
	if (WIFSIGNALED(status))
		snprintf(why, whylen, "killed by signal %d", WTERMSIG(status));
	else
		snprintf(why, whylen, "exit status %d", WEXITSTATUS(status));
	if (log) {
		summarize(log, why, whylen);
		/* the whole report, for whoever runs the binary by hand */
		char buf[4096];
		size_t k;

		rewind(log);
		while ((k = fread(buf, 1, sizeof(buf), log)) > 0)
			fwrite(buf, 1, k, stderr);
		fclose(log);
	}
	return -1;
}

static const char *base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

int main(int argc, char **argv)
{
	const char *corpus = FUZZ_ROOT "/corpus/" FUZZ_NAME;
	const char *regress = FUZZ_ROOT "/regress/" FUZZ_NAME;
	char why[1024], **v;
	size_t n, i;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	if (argc > 1)
		corpus = argv[1];
	if (argc > 2)
		regress = argv[2];

	v = list_inputs(corpus, &n);
	if (!n) {
		printf("FAIL fuzz-corpus-%s: no inputs in %s\n", FUZZ_NAME, corpus);
		failed++;
	} else if (run_child(v, n, why, sizeof(why))) {
		printf("FAIL fuzz-corpus-%s: %s\n", FUZZ_NAME, why);
		failed++;
	} else {
		printf("PASS fuzz-corpus-%s (%zu inputs)\n", FUZZ_NAME, n);
		passed++;
	}
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);

	v = list_inputs(regress, &n);
	for (i = 0; i < n; i++) {
		if (run_child(&v[i], 1, why, sizeof(why))) {
			printf("FAIL fuzz-regress-%s-%s: %s\n", FUZZ_NAME, base(v[i]), why);
			failed++;
		} else {
			printf("PASS fuzz-regress-%s-%s\n", FUZZ_NAME, base(v[i]));
			passed++;
		}
		free(v[i]);
	}
	free(v);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
