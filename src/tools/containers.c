// SPDX-License-Identifier: GPL-2.0
/* Allocation helpers for struct wgdev / wgpeer / wgaip. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containers.h"

static void *zalloc(size_t len)
{
	void *p = calloc(1, len);

	if (!p) {
		perror("calloc");
		exit(1);
	}
	return p;
}

struct wgdev *wgdev_new(void)
{
	return zalloc(sizeof(struct wgdev));
}

struct wgpeer *wgdev_add_peer(struct wgdev *dev)
{
	struct wgpeer *p = zalloc(sizeof(*p));

	if (dev->last_peer)
		dev->last_peer->next = p;
	else
		dev->first_peer = p;
	dev->last_peer = p;
	return p;
}

struct wgaip *wgpeer_add_aip(struct wgpeer *peer)
{
	struct wgaip *a = zalloc(sizeof(*a));

	if (peer->last_aip)
		peer->last_aip->next = a;
	else
		peer->first_aip = a;
	peer->last_aip = a;
	return a;
}

void wgpeer_free(struct wgpeer *peer)
{
	struct wgaip *a, *n;

	if (!peer)
		return;
	for (a = peer->first_aip; a; a = n) {
		n = a->next;
		free(a);
	}
	/* keys may be secret */
	memset(peer->preshared_key, 0, sizeof(peer->preshared_key));
	__asm__ __volatile__("" : : "r"(peer) : "memory");
	free(peer);
}

void wgdev_free(struct wgdev *dev)
{
	struct wgpeer *p, *n;

	if (!dev)
		return;
	for (p = dev->first_peer; p; p = n) {
		n = p->next;
		wgpeer_free(p);
	}
	memset(dev->private_key, 0, sizeof(dev->private_key));
	__asm__ __volatile__("" : : "r"(dev) : "memory");
	free(dev);
}

/*
 * A dump may split one peer's allowed IPs over several messages; each part
 * arrives as a separate peer element with the same public key.  Merge
 * adjacent elements with equal keys.
 */
void wgdev_coalesce_peers(struct wgdev *dev)
{
	struct wgpeer *p = dev->first_peer, *n;

	while (p && (n = p->next)) {
		if (memcmp(p->public_key, n->public_key, WGT_KEY_LEN)) {
			p = n;
			continue;
		}
		if (n->first_aip) {
			if (p->last_aip)
				p->last_aip->next = n->first_aip;
			else
				p->first_aip = n->first_aip;
			p->last_aip = n->last_aip;
			n->first_aip = n->last_aip = NULL;
		}
		p->next = n->next;
		if (dev->last_peer == n)
			dev->last_peer = p;
		wgpeer_free(n);
	}
}
