/* SPDX-License-Identifier: GPL-2.0 */
/* The wireguard net_device and its per-device state. */
#ifndef WG_DEVICE_H
#define WG_DEVICE_H

#include "noise.h"
#include "cookie.h"
#include "uapi/wireguard.h"
#include "queueing.h"

#include <linux/types.h>
#include <linux/netdevice.h>
#include <linux/workqueue.h>
#include <linux/mutex.h>
#include <linux/net.h>

struct wg_device {
	struct net_device *dev;
	struct sock __rcu *sock4, *sock6;
	struct net __rcu *creating_net;
	struct noise_static_identity static_identity;
	struct cookie_checker cookie_checker;
	struct wg_pubkey_table *peer_hashtable;
	struct wg_index_table *index_hashtable;
	struct allowedips *peer_allowedips;
	struct mutex device_update_lock, socket_update_lock;
	struct list_head device_list, peer_list;
	unsigned int num_peers, device_update_gen;
	u32 fwmark;
	u16 incoming_port;
	bool debug;		/* log handshake events (extension) */
	atomic64_t drops[__WG_DROP_LAST];
	/* The data path (queues, workqueues, handshake ring) adds its fields here. */
	struct wg_device_datapath dp;
};

int wg_device_init(void);
void wg_device_uninit(void);
/* True if @dev is one of our devices (genl selectors check this). */
bool wg_is_wg_device(const struct net_device *dev);

static inline void wg_device_count_drop(struct wg_device *wg, enum wg_drop_reason why)
{
	atomic64_inc(&wg->drops[why]);
}

#define wg_dbg(wg, fmt, ...) do { \
	if (unlikely(READ_ONCE(wg_log_handshakes) || READ_ONCE((wg)->debug))) \
		net_info_ratelimited("%s: " fmt, (wg)->dev->name, ##__VA_ARGS__); \
} while (0)

#endif /* WG_DEVICE_H */
