/* SPDX-License-Identifier: GPL-2.0 */
/* Invariants of a struct wgdev that the wg tool's parsers hand out. */
#ifndef WG_FUZZ_TOOLS_CHECK_H
#define WG_FUZZ_TOOLS_CHECK_H

#include <arpa/inet.h>
#include "containers.h"
#include "fuzz.h"

static inline void fuzz_check_aips(const struct wgpeer *p)
{
	const struct wgaip *a;
	size_t n = 0;

	for_each_aip(p, a) {
		FUZZ_CHECK(a->family == AF_INET || a->family == AF_INET6,
			   "allowed IP family %u", a->family);
		FUZZ_CHECK(a->cidr <= (a->family == AF_INET ? 32 : 128),
			   "cidr %u for family %u", a->cidr, a->family);
		FUZZ_CHECK(!(a->flags & ~WGALLOWEDIP_F_REMOVE_ME), "aip flags %#x", a->flags);
		FUZZ_CHECK(a->next || a == p->last_aip, "aip list tail is not last_aip");
		n++;
	}
	FUZZ_CHECK(n || !p->last_aip, "empty aip list with a last_aip");
}

static inline void fuzz_check_endpoint(const union wgendpoint *ep)
{
	FUZZ_CHECK(ep->addr.sa_family == 0 || ep->addr.sa_family == AF_INET ||
		   ep->addr.sa_family == AF_INET6, "endpoint family %u", ep->addr.sa_family);
}

static inline void fuzz_check_dev(const struct wgdev *dev)
{
	const struct wgpeer *p;

	for_each_peer(dev, p) {
		fuzz_check_aips(p);
		fuzz_check_endpoint(&p->endpoint);
		FUZZ_CHECK(p->next || p == dev->last_peer, "peer list tail is not last_peer");
	}
}

#endif
