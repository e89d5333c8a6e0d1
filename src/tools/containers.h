/* SPDX-License-Identifier: GPL-2.0 */
/*
 * In-memory description of a WireGuard device as read from, or sent to, the
 * kernel (generic netlink) or a userspace implementation (UAPI socket).
 */
#ifndef WGT_CONTAINERS_H
#define WGT_CONTAINERS_H

#include <stdbool.h>
#include <stdint.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "uapi/wireguard.h"

#define WGT_KEY_LEN 32
#define WGT_KEY_B64_LEN 44	/* without the NUL */

typedef uint8_t wg_key[WGT_KEY_LEN];
typedef char wg_key_b64[WGT_KEY_B64_LEN + 1];

/* Which optional fields of a device or a peer carry a value. */
enum {
	WGDEV_HAS_PRIVATE_KEY = 1U << 0,
	WGDEV_HAS_PUBLIC_KEY = 1U << 1,
	WGDEV_HAS_LISTEN_PORT = 1U << 2,
	WGDEV_HAS_FWMARK = 1U << 3,
	WGDEV_HAS_DROPS = 1U << 4,
};

enum {
	WGPEER_HAS_PUBLIC_KEY = 1U << 0,
	WGPEER_HAS_PRESHARED_KEY = 1U << 1,
	WGPEER_HAS_KEEPALIVE = 1U << 2,
	WGPEER_HAS_DROPS = 1U << 3,
};

struct wgaip {
	uint16_t family;		/* AF_INET or AF_INET6 */
	uint8_t cidr;
	uint32_t flags;			/* WGALLOWEDIP_F_* */
	union {
		struct in_addr ip4;
		struct in6_addr ip6;
	};
	struct wgaip *next;
};

union wgendpoint {
	struct sockaddr addr;
	struct sockaddr_in addr4;
	struct sockaddr_in6 addr6;
};

struct wgpeer {
	uint32_t flags;			/* WGPEER_F_* to send */
	uint32_t has;			/* WGPEER_HAS_* */
	wg_key public_key;
	wg_key preshared_key;
	union wgendpoint endpoint;	/* sa_family 0 = none */
	int64_t handshake_sec, handshake_nsec;
	uint64_t rx_bytes, tx_bytes;
	uint16_t keepalive;
	uint64_t drops[WG_DROP_MAX + 1];
	struct wgaip *first_aip, *last_aip;
	struct wgpeer *next;
};

struct wgdev {
	char name[IFNAMSIZ];
	uint32_t ifindex;
	uint32_t flags;			/* WGDEVICE_F_* to send */
	uint32_t has;			/* WGDEV_HAS_* */
	wg_key public_key;
	wg_key private_key;
	uint32_t fwmark;
	uint16_t listen_port;
	uint64_t drops[WG_DROP_MAX + 1];
	struct wgpeer *first_peer, *last_peer;
};

#define for_each_peer(dev, p) for ((p) = (dev)->first_peer; (p); (p) = (p)->next)
#define for_each_aip(peer, a) for ((a) = (peer)->first_aip; (a); (a) = (a)->next)

struct wgdev *wgdev_new(void);
struct wgpeer *wgdev_add_peer(struct wgdev *dev);
struct wgaip *wgpeer_add_aip(struct wgpeer *peer);
void wgpeer_free(struct wgpeer *peer);
void wgdev_free(struct wgdev *dev);
void wgdev_coalesce_peers(struct wgdev *dev);

#endif
