// SPDX-License-Identifier: GPL-2.0
/* Colour handling and human-readable times and sizes for `wg show`. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "terminal.h"

static int colour = -1;

void terminal_init(void)
{
	const char *mode = getenv("WG_COLOR_MODE");

	if (mode && !strcmp(mode, "always"))
		colour = 1;
	else if (mode && !strcmp(mode, "never"))
		colour = 0;
	else
		colour = isatty(STDOUT_FILENO) ? 1 : 0;
}

bool terminal_colour(void)
{
	if (colour < 0)
		terminal_init();
	return colour;
}

void strip_ansi(char *s)
{
	char *w = s;

	while (*s) {
		if (s[0] == '\x1b' && s[1] == '[') {
			s += 2;
			while (*s && !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
				s++;
			if (*s)
				s++;
			continue;
		}
		*w++ = *s++;
	}
	*w = '\0';
}

void terminal_printf(const char *fmt, ...)
{
	char stackbuf[1024], *buf = stackbuf;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(stackbuf, sizeof(stackbuf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(stackbuf)) {
		buf = malloc((size_t)n + 1);
		if (!buf)
			return;
		va_start(ap, fmt);
		vsnprintf(buf, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	if (!terminal_colour())
		strip_ansi(buf);
	fputs(buf, stdout);
	if (buf != stackbuf)
		free(buf);
}

static void append(char *buf, size_t len, size_t *off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void append(char *buf, size_t len, size_t *off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*off >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *off, len - *off, fmt, ap);
	va_end(ap);
	if (n > 0)
		*off += (size_t)n;
}

void format_duration(char *buf, size_t len, uint64_t seconds)
{
	static const struct {
		const char *unit;
		uint64_t secs;
	} parts[] = {
		{ "year", 365ULL * 24 * 3600 },
		{ "day", 24 * 3600 },
		{ "hour", 3600 },
		{ "minute", 60 },
		{ "second", 1 },
	};
	size_t off = 0;
	unsigned int i;
	bool first = true;

	buf[0] = '\0';
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		uint64_t n = seconds / parts[i].secs;

		seconds %= parts[i].secs;
		if (!n)
			continue;
		append(buf, len, &off, "%s%llu " TERM_CYAN "%s%s" TERM_RESET, first ? "" : ", ",
		       (unsigned long long)n, parts[i].unit, n == 1 ? "" : "s");
		first = false;
	}
}

void format_ago(char *buf, size_t len, int64_t then, time_t now)
{
	size_t n;

	if ((int64_t)now == then) {
		snprintf(buf, len, "Now");
	} else if ((int64_t)now < then) {
		snprintf(buf, len, "(" TERM_RED
			 "System clock wound backward; connection problems may ensue." TERM_RESET ")");
	} else {
		format_duration(buf, len, (uint64_t)((int64_t)now - then));
		n = strlen(buf);
		snprintf(buf + n, len - n, " ago");
	}
}

void format_bytes(char *buf, size_t len, uint64_t b)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
	double v;
	unsigned int u = 0;

	if (b < 1024) {
		snprintf(buf, len, "%llu " TERM_CYAN "B" TERM_RESET, (unsigned long long)b);
		return;
	}
	if (b >= 1024ULL * 1024)
		u = 1;
	if (b >= 1024ULL * 1024 * 1024)
		u = 2;
	if (b >= 1024ULL * 1024 * 1024 * 1024)
		u = 3;
	v = (double)b / (double)(1ULL << (10 * (u + 1)));
	snprintf(buf, len, "%.2f " TERM_CYAN "%s" TERM_RESET, v, units[u]);
}
