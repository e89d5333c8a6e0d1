// SPDX-License-Identifier: GPL-2.0
/* The wireguard link kind: creation, configuration of the net_device, teardown. */

#include "device.h"

#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <linux/if_arp.h>
#include <linux/icmp.h>
#include <net/rtnetlink.h>
#include <net/ip_tunnels.h>
#include <net/net_namespace.h>

static LIST_HEAD(device_list);

static int wg_open(struct net_device *dev)
{
	return 0;
}

static int wg_stop(struct net_device *dev)
{
	return 0;
}

static netdev_tx_t wg_xmit(struct sk_buff *skb, struct net_device *dev)
{
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

static void wg_destruct(struct net_device *dev)
{
	struct wg_device *wg = netdev_priv(dev);

	rtnl_lock();
	list_del(&wg->device_list);
	rtnl_unlock();
	mutex_lock(&wg->device_update_lock);
	rcu_assign_pointer(wg->creating_net, NULL);
	memzero_explicit(&wg->static_identity, sizeof(wg->static_identity));
	mutex_unlock(&wg->device_update_lock);
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
	int ret;

	rcu_assign_pointer(wg->creating_net, src_net);
	mutex_init(&wg->device_update_lock);
	mutex_init(&wg->socket_update_lock);
	INIT_LIST_HEAD(&wg->peer_list);
	init_rwsem(&wg->static_identity.lock);

	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;

	ret = register_netdevice(dev);
	if (ret < 0) {
		free_percpu(dev->tstats);
		return ret;
	}
	list_add(&wg->device_list, &device_list);
	dev->priv_destructor = wg_destruct;
	dev->needs_free_netdev = true;
	return 0;
}

static struct rtnl_link_ops link_ops __read_mostly = {
	.kind		= KBUILD_MODNAME,
	.priv_size	= sizeof(struct wg_device),
	.setup		= wg_setup,
	.newlink	= wg_newlink,
};

int __init wg_device_init(void)
{
	return rtnl_link_register(&link_ops);
}

void wg_device_uninit(void)
{
	rtnl_link_unregister(&link_ops);
}
