/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WGT_CONFIG_H
#define WGT_CONFIG_H

#include <stdbool.h>
#include <stdio.h>
#include "containers.h"

/*
 * Value parsers shared by configuration files and `wg set`.  Each returns
 * NULL on success, or a short static text saying what is wrong.
 */
const char *parse_listen_port(uint16_t *port, const char *value);
const char *parse_fwmark(uint32_t *fwmark, const char *value);
const char *parse_keepalive(uint16_t *interval, const char *value);
const char *parse_endpoint(union wgendpoint *endpoint, const char *value);
/* warn: prefix for host-bits warnings on stderr ("wg0.conf:3"), may be NULL */
const char *parse_allowedips(struct wgpeer *peer, const char *value, const char *warn);
const char *parse_key(wg_key key, const char *value);
const char *read_key_file(wg_key key, const char *path);
/* WG_ENDPOINT_RESOLUTION_RETRIES: -1 = forever; -2 = invalid value */
int endpoint_resolution_retries(void);

struct config_ctx {
	const char *file;	/* name used in messages */
	unsigned int line;
	bool append;		/* addconf: only what the file states */
	bool failed;
	int section;		/* 0 none, 1 [Interface], 2 [Peer] */
	unsigned int peer_line;	/* line of the current [Peer] header */
	FILE *err;		/* where messages go */
	struct wgdev *dev;
	struct wgpeer *peer;
};

void config_init(struct config_ctx *ctx, const char *file, bool append, FILE *err);
/* One line (with or without its newline).  false after the first error. */
bool config_read_line(struct config_ctx *ctx, const char *line);
/* The parsed device, or NULL (and everything freed) if anything failed. */
struct wgdev *config_finish(struct config_ctx *ctx);
struct wgdev *config_read_file(const char *path, bool append, FILE *err);
struct wgdev *config_from_args(int argc, char *argv[], FILE *err);

#endif
