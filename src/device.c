// SPDX-License-Identifier: GPL-2.0
/* The wireguard link kind: creation, configuration of the net_device, teardown. */

#include "device.h"
#include "peer.h"
#include "allowedips.h"
#include "socket.h"
#include "queueing.h"
#include "send.h"
#include "timers.h"
#include "noise.h"

#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <linux/if_arp.h>
#include <linux/icmp.h>
#include <net/rtnetlink.h>
#include <net/ip_tunnels.h>
#include <net/net_namespace.h>
#include <net/icmp.h>
#include <linux/icmpv6.h>
#include <linux/inetdevice.h>
#include <net/addrconf.h>
#include <net/dst_metadata.h>

static LIST_HEAD(device_list);

/* ---- data path: open/stop/xmit (owned by the data path, see send.c) ---- */

static int wg_open(struct net_device *dev)
{
	struct in_device *dev_v4 = __in_dev_get_rtnl(dev);
	struct inet6_dev *dev_v6 = __in6_dev_get(dev);
	struct wg_device *wg = netdev_priv(dev);
	struct wg_peer *peer;
	int ret;

	if (dev_v4) {
		/* A tunnel never knows a better first hop: no ICMP redirects. */
		IN_DEV_CONF_SET(dev_v4, SEND_REDIRECTS, false);
		IPV4_DEVCONF_ALL(dev_net(dev), SEND_REDIRECTS) = false;
	}
	if (dev_v6)
		dev_v6->cnf.addr_gen_mode = IN6_ADDR_GEN_MODE_NONE;

	mutex_lock(&wg->device_update_lock);
	ret = wg_socket_init(wg, wg->incoming_port);
	if (ret < 0)
		goto out;
	list_for_each_entry(peer, &wg->peer_list, peer_list) {
		wg_packet_send_staged_packets(peer);
		if (peer->persistent_keepalive_interval)
			wg_packet_send_keepalive(peer);
	}
out:
	mutex_unlock(&wg->device_update_lock);
	return ret;
}

static int wg_stop(struct net_device *dev)
{
	struct wg_device *wg = netdev_priv(dev);
	struct wg_peer *peer;
	struct sk_buff *skb;

	mutex_lock(&wg->device_update_lock);
	list_for_each_entry(peer, &wg->peer_list, peer_list) {
		wg_packet_purge_staged_packets(peer);
		wg_timers_stop(peer);
		wg_noise_handshake_clear(&peer->handshake);
		wg_noise_keypairs_clear(&peer->keypairs);
		wg_noise_reset_last_sent_handshake(&peer->last_sent_handshake);
	}
	mutex_unlock(&wg->device_update_lock);
	while ((skb = ptr_ring_consume_bh(&wg->dp.handshake_queue.ring)) != NULL) {
		atomic_dec(&wg->dp.handshake_queue_len);
		kfree_skb(skb);
	}
	wg_socket_reinit(wg, NULL, NULL);
	return 0;
}

static netdev_tx_t wg_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct wg_device *wg = netdev_priv(dev);
	struct sk_buff_head packets;
	struct sk_buff *next;
	struct wg_peer *peer;
	sa_family_t family;
	__be16 proto;
	u32 mtu;

	proto = ip_tunnel_parse_protocol(skb);
	if (unlikely(!proto || proto != skb->protocol)) {
		net_dbg_ratelimited("%s: not an IPv4/IPv6 packet, dropped\n", dev->name);
		goto err;
	}
	peer = wg_allowedips_lookup_dst(wg->peer_allowedips, skb);
	if (unlikely(!peer)) {
		wg_device_count_drop(wg, WG_DROP_NO_PEER);
		goto err_icmp;
	}
	family = READ_ONCE(peer->endpoint.addr.sa_family);
	if (unlikely(family != AF_INET && family != AF_INET6)) {
		net_dbg_ratelimited("%s: peer %llu has no endpoint\n", dev->name,
				    peer->internal_id);
		wg_peer_put(peer);
		goto err_icmp;
	}

	mtu = skb_valid_dst(skb) ? dst_mtu(skb_dst(skb)) : dev->mtu;
	__skb_queue_head_init(&packets);
	if (skb_is_gso(skb)) {
		/* Each segment becomes its own message. */
		struct sk_buff *segs = skb_gso_segment(skb, 0);

		if (IS_ERR_OR_NULL(segs)) {
			wg_peer_put(peer);
			goto err;
		}
		consume_skb(skb);
		skb = segs;
	}
	skb_list_walk_safe(skb, skb, next) {
		skb_mark_not_on_list(skb);
		skb = skb_share_check(skb, GFP_ATOMIC);
		if (unlikely(!skb))
			continue;
		memset(skb->cb, 0, sizeof(skb->cb));
		WG_CB(skb)->mtu = mtu;
		WG_CB(skb)->wire_len = skb->len;
		WG_CB(skb)->ds = ip_tunnel_ecn_encap(0, ip_hdr(skb), skb);
		/* Only the MTU was needed from the inner route. */
		skb_dst_drop(skb);
		__skb_queue_tail(&packets, skb);
	}
	wg_packet_stage(peer, &packets);
	wg_packet_send_staged_packets(peer);
	wg_peer_put(peer);
	return NETDEV_TX_OK;

err_icmp:
	if (skb->protocol == htons(ETH_P_IP))
		icmp_ndo_send(skb, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0);
	else if (skb->protocol == htons(ETH_P_IPV6))
		icmpv6_ndo_send(skb, ICMPV6_DEST_UNREACH, ICMPV6_ADDR_UNREACH, 0);
err:
	DEV_STATS_INC(dev, tx_errors);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops netdev_ops = {
	.ndo_open		= wg_open,
	.ndo_stop		= wg_stop,
	.ndo_start_xmit		= wg_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
};

/*
 * Runs after unregistration, once the last reference to the net_device is
 * gone (rtnl not held).  Everything the device owns is torn down here.
 */
static void wg_destruct(struct net_device *dev)
{
	struct wg_device *wg = netdev_priv(dev);

	rtnl_lock();
	list_del(&wg->device_list);
	rtnl_unlock();

	mutex_lock(&wg->device_update_lock);
	rcu_assign_pointer(wg->creating_net, NULL);
	wg_socket_reinit(wg, NULL, NULL);
	wg_peer_remove_all(wg);		/* one grace period for all peers */
	wg_allowedips_free(wg->peer_allowedips, &wg->device_update_lock);
	memzero_explicit(&wg->static_identity.static_private, NOISE_PUBLIC_KEY_LEN);
	memzero_explicit(&wg->static_identity.static_public, NOISE_PUBLIC_KEY_LEN);
	wg->static_identity.has_identity = false;
	mutex_unlock(&wg->device_update_lock);

	wg_device_datapath_uninit(wg);
	rcu_barrier();			/* peers and trie nodes are freed by RCU callbacks */
	memzero_explicit(&wg->cookie_checker, sizeof(wg->cookie_checker));
	kvfree(wg->index_hashtable);
	kvfree(wg->peer_hashtable);
	kfree(wg->peer_allowedips);
	free_percpu(dev->tstats);
}

static const struct device_type device_type = { .name = KBUILD_MODNAME };

static void wg_setup(struct net_device *dev)
{
	struct wg_device *wg = netdev_priv(dev);
	enum { WG_NETDEV_FEATURES = NETIF_F_HW_CSUM | NETIF_F_RXCSUM | NETIF_F_SG |
				    NETIF_F_GSO | NETIF_F_GSO_SOFTWARE | NETIF_F_HIGHDMA };
	const int overhead = MESSAGE_MINIMUM_LENGTH + sizeof(struct udphdr) +
			     max(sizeof(struct ipv6hdr), sizeof(struct iphdr));

	dev->netdev_ops = &netdev_ops;
	dev->header_ops = &ip_tunnel_header_ops;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->needed_headroom = ALIGN(sizeof(struct message_data) + WG_SKB_HEADER_LEN, 4);
	dev->needed_tailroom = encrypted_len(MESSAGE_PADDING_MULTIPLE);
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->features |= NETIF_F_LLTX;
	dev->features |= WG_NETDEV_FEATURES;
	dev->hw_features |= WG_NETDEV_FEATURES;
	dev->hw_enc_features |= WG_NETDEV_FEATURES;
	dev->mtu = ETH_DATA_LEN - overhead;
	dev->max_mtu = round_down(INT_MAX, MESSAGE_PADDING_MULTIPLE) - overhead;
	SET_NETDEV_DEVTYPE(dev, &device_type);
	netif_keep_dst(dev);
	memset(wg, 0, sizeof(*wg));
	wg->dev = dev;
}

static int wg_newlink(struct net *src_net, struct net_device *dev,
		      struct nlattr *tb[], struct nlattr *data[],
		      struct netlink_ext_ack *extack)
{
	struct wg_device *wg = netdev_priv(dev);
	int ret = -ENOMEM;

	/* Not refcounted: the pernet pre_exit hook clears it when src_net dies. */
	rcu_assign_pointer(wg->creating_net, src_net);
	mutex_init(&wg->device_update_lock);
	mutex_init(&wg->socket_update_lock);
	INIT_LIST_HEAD(&wg->peer_list);
	init_rwsem(&wg->static_identity.lock);
	wg->device_update_gen = 1;

	wg->peer_allowedips = kzalloc(sizeof(*wg->peer_allowedips), GFP_KERNEL);
	if (!wg->peer_allowedips)
		return ret;
	wg_allowedips_init(wg->peer_allowedips);
	wg->peer_hashtable = wg_pubkey_table_alloc();
	if (!wg->peer_hashtable)
		goto err_allowedips;
	wg->index_hashtable = wg_index_table_alloc();
	if (!wg->index_hashtable)
		goto err_pubkeys;
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		goto err_index;
	wg_cookie_checker_init(&wg->cookie_checker, wg);
	ret = wg_device_datapath_init(wg);
	if (ret < 0)
		goto err_stats;

	ret = register_netdevice(dev);
	if (ret < 0)
		goto err_datapath;
	list_add(&wg->device_list, &device_list);
	/* Only now: a failed register_netdevice() must not run it. */
	dev->priv_destructor = wg_destruct;
	dev->needs_free_netdev = true;
	return 0;

err_datapath:
	wg_device_datapath_uninit(wg);
err_stats:
	free_percpu(dev->tstats);
err_index:
	kvfree(wg->index_hashtable);
err_pubkeys:
	kvfree(wg->peer_hashtable);
err_allowedips:
	kfree(wg->peer_allowedips);
	return ret;
}

static struct rtnl_link_ops link_ops __read_mostly = {
	.kind		= KBUILD_MODNAME,
	.priv_size	= sizeof(struct wg_device),
	.setup		= wg_setup,
	.newlink	= wg_newlink,
};

bool wg_is_wg_device(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &link_ops;
}

/*
 * The namespace that created a device (where its UDP sockets live) is going
 * away while the device lives on elsewhere: close the sockets and forget it.
 * Afterwards ndo_open fails with ENONET and port/fwmark changes with EPERM.
 */
static void wg_netns_pre_exit(struct net *net)
{
	struct wg_device *wg;
	struct wg_peer *peer;

	rtnl_lock();
	list_for_each_entry(wg, &device_list, device_list) {
		if (rcu_access_pointer(wg->creating_net) != net)
			continue;
		netif_carrier_off(wg->dev);
		mutex_lock(&wg->device_update_lock);
		rcu_assign_pointer(wg->creating_net, NULL);
		wg_socket_reinit(wg, NULL, NULL);
		list_for_each_entry(peer, &wg->peer_list, peer_list)
			wg_socket_clear_peer_endpoint_src(peer);
		mutex_unlock(&wg->device_update_lock);
	}
	rtnl_unlock();
}

static struct pernet_operations pernet_ops = {
	.pre_exit = wg_netns_pre_exit,
};

int __init wg_device_init(void)
{
	int ret;

	ret = register_pernet_device(&pernet_ops);
	if (ret < 0)
		return ret;
	ret = rtnl_link_register(&link_ops);
	if (ret < 0)
		unregister_pernet_device(&pernet_ops);
	return ret;
}

void wg_device_uninit(void)
{
	rtnl_link_unregister(&link_ops);	/* deletes every device of ours */
	unregister_pernet_device(&pernet_ops);
	rcu_barrier();
}
