// SPDX-License-Identifier: GPL-2.0
/* Module entry: self-tests, then the link kind and the genl family. */

#include "version.h"
#include "crypto/crypto.h"
#include "device.h"
#include "netlink.h"
#include "noise.h"
#include "handshake.h"
#include "ratelimiter.h"
#include "allowedips.h"
#include "pm.h"

#include <linux/module.h>
#include <linux/init.h>
#include <linux/genetlink.h>
#include <net/rtnetlink.h>

static int __init wg_mod_init(void)
{
	int ret;

	ret = wg_crypto_init();
	if (ret < 0)
		return ret;
	wg_noise_init();
#ifdef WG_DEBUG
	if (!wg_handshake_selftest())
		return -ENOTRECOVERABLE;
	pr_info("handshake self-tests: pass\n");
	if (!wg_allowedips_selftest())
		return -ENOTRECOVERABLE;
	pr_info("allowedips self-tests: pass\n");
#endif
	ret = wg_ratelimiter_init();
	if (ret < 0)
		return ret;
	ret = wg_device_init();
	if (ret < 0)
		goto err_ratelimiter;
	ret = wg_genetlink_init();
	if (ret < 0)
		goto err_device;
	ret = wg_pm_init();
	if (ret < 0)
		goto err_netlink;
	pr_info("WireGuard " WIREGUARD_VERSION " loaded (out-of-tree)\n");
	return 0;

err_netlink:
	wg_genetlink_uninit();
err_device:
	wg_device_uninit();
err_ratelimiter:
	wg_ratelimiter_uninit();
	return ret;
}

static void __exit wg_mod_exit(void)
{
	wg_pm_uninit();
	wg_genetlink_uninit();
	wg_device_uninit();
	wg_ratelimiter_uninit();
}

module_init(wg_mod_init);
module_exit(wg_mod_exit);
MODULE_LICENSE("GPL v2");
MODULE_DESCRIPTION("WireGuard secure network tunnel (out-of-tree)");
MODULE_VERSION(WIREGUARD_VERSION);
MODULE_ALIAS_RTNL_LINK(KBUILD_MODNAME);
MODULE_ALIAS_GENL_FAMILY("wireguard");
