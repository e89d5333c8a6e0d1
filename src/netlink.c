// SPDX-License-Identifier: GPL-2.0
/* The "wireguard" Generic Netlink family (shared/spec/netlink.md §2-§5). */

#include "netlink.h"
#include "device.h"
#include "uapi/wireguard.h"

#include <net/genetlink.h>

static int wg_get_device_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return -EOPNOTSUPP;
}

static int wg_set_device(struct sk_buff *skb, struct genl_info *info)
{
	return -EOPNOTSUPP;
}

static const struct genl_ops wg_genl_ops[] = {
	{
		.cmd = WG_CMD_GET_DEVICE,
		.dumpit = wg_get_device_dumpit,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = WG_CMD_SET_DEVICE,
		.doit = wg_set_device,
		.flags = GENL_UNS_ADMIN_PERM,
	}
};

static struct genl_family wg_genl_family __ro_after_init = {
	.ops = wg_genl_ops,
	.n_ops = ARRAY_SIZE(wg_genl_ops),
	.resv_start_op = WG_CMD_SET_DEVICE + 1,
	.name = WG_GENL_NAME,
	.version = WG_GENL_VERSION,
	.maxattr = WGDEVICE_A_MAX,
	.module = THIS_MODULE,
	.netnsok = true,
};

int __init wg_genetlink_init(void)
{
	return genl_register_family(&wg_genl_family);
}

void __exit wg_genetlink_uninit(void)
{
	genl_unregister_family(&wg_genl_family);
}
