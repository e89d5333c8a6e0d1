/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WGT_TERMINAL_H
#define WGT_TERMINAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define TERM_RESET "\x1b[0m"
#define TERM_BOLD "\x1b[1m"
#define TERM_RED "\x1b[31m"
#define TERM_GREEN "\x1b[32m"
#define TERM_YELLOW "\x1b[33m"
#define TERM_CYAN "\x1b[36m"

/* Decide once: WG_COLOR_MODE=always/never, otherwise colour on a TTY. */
void terminal_init(void);
bool terminal_colour(void);
/* printf to stdout; ESC [ ... <letter> sequences are dropped without colour */
void terminal_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void strip_ansi(char *s);

/* Human-readable text, with colour sequences around unit words. */
void format_duration(char *buf, size_t len, uint64_t seconds);
void format_ago(char *buf, size_t len, int64_t then, time_t now);
void format_bytes(char *buf, size_t len, uint64_t bytes);

#endif
