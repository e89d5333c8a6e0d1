// SPDX-License-Identifier: GPL-2.0
/* `wg set`, `wg setconf`, `wg addconf`, `wg syncconf`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "encoding.h"
#include "ipc.h"
#include "subcommands.h"

static bool set_name(struct wgdev *dev, const char *name)
{
	if (strlen(name) >= IFNAMSIZ) {
		errno = ENAMETOOLONG;
		perror("Unable to modify interface");
		return false;
	}
	strcpy(dev->name, name);
	return true;
}

int set_main(int argc, char *argv[])
{
	struct wgdev *dev;
	int ret;

	if (argc < 3) {
		fprintf(stderr, "Usage: %s %s <interface> [listen-port <port>] [fwmark <mark>] "
			"[private-key <file path>] [peer <base64 public key> [remove] "
			"[preshared-key <file path>] [endpoint <ip>:<port>] "
			"[persistent-keepalive <interval seconds>] "
			"[allowed-ips [+|-]<ip1>/<cidr1>[,[+|-]<ip2>/<cidr2>]...] ]...\n",
			prog, argv[0]);
		return 1;
	}
	dev = config_from_args(argc - 2, argv + 2, stderr);
	if (!dev)
		return 1;
	if (!set_name(dev, argv[1])) {
		wgdev_free(dev);
		return 1;
	}
	ret = ipc_set_device(dev);
	wgdev_free(dev);
	if (ret) {
		errno = -ret;
		perror("Unable to modify interface");
		return 1;
	}
	return 0;
}

static int key_cmp(const void *a, const void *b)
{
	const struct wgpeer *const *x = a, *const *y = b;

	return memcmp((*x)->public_key, (*y)->public_key, WGT_KEY_LEN);
}

/*
 * syncconf: turn a setconf request into one that keeps the sessions of
 * peers that stay.  Both sides have peers here.
 */
static int sync_with_device(struct wgdev *file, const struct wgdev *cur)
{
	struct wgpeer **sorted, *p, *q, key, *kp = &key, **hit;
	const struct wgpeer *c;
	size_t n = 0, i = 0;

	for_each_peer(file, p)
		n++;
	sorted = calloc(n, sizeof(*sorted));
	if (!sorted)
		return -ENOMEM;
	for_each_peer(file, p)
		sorted[i++] = p;
	qsort(sorted, n, sizeof(*sorted), key_cmp);
	file->flags &= ~WGDEVICE_F_REPLACE_PEERS;
	for_each_peer(cur, c) {
		memcpy(key.public_key, c->public_key, WGT_KEY_LEN);
		hit = bsearch(&kp, sorted, n, sizeof(*sorted), key_cmp);
		if (!hit) {
			q = wgdev_add_peer(file);
			memcpy(q->public_key, c->public_key, WGT_KEY_LEN);
			q->has |= WGPEER_HAS_PUBLIC_KEY;
			q->flags = WGPEER_F_REMOVE_ME;
			continue;
		}
		p = *hit;
		if ((c->has & WGPEER_HAS_PRESHARED_KEY) && !(p->has & WGPEER_HAS_PRESHARED_KEY)) {
			memset(p->preshared_key, 0, WGT_KEY_LEN);
			p->has |= WGPEER_HAS_PRESHARED_KEY;
		}
		if (c->keepalive && !(p->has & WGPEER_HAS_KEEPALIVE)) {
			p->keepalive = 0;
			p->has |= WGPEER_HAS_KEEPALIVE;
		}
	}
	free(sorted);
	return 0;
}

int setconf_main(int argc, char *argv[])
{
	bool add = !strcmp(argv[0], "addconf"), sync = !strcmp(argv[0], "syncconf");
	struct wgdev *dev, *cur = NULL;
	int ret;

	if (argc != 3) {
		fprintf(stderr, "Usage: %s %s <interface> <configuration filename>\n", prog, argv[0]);
		return 1;
	}
	dev = config_read_file(argv[2], add, stderr);
	if (!dev)
		return 1;
	if (!set_name(dev, argv[1])) {
		wgdev_free(dev);
		return 1;
	}
	if (sync) {
		ret = ipc_get_device(&cur, dev->name);
		if (ret) {
			errno = -ret;
			perror("Unable to access interface");
			wgdev_free(dev);
			return 1;
		}
		if (dev->first_peer && cur->first_peer)
			ret = sync_with_device(dev, cur);
		wgdev_free(cur);
		if (ret) {
			wgdev_free(dev);
			errno = -ret;
			perror("syncconf");
			return 1;
		}
	}
	ret = ipc_set_device(dev);
	wgdev_free(dev);
	if (ret) {
		errno = -ret;
		perror("Unable to modify interface");
		return 1;
	}
	return 0;
}
