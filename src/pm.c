// SPDX-License-Identifier: GPL-2.0
/*
 * Module-wide notifiers of protocol.md §7.6:
 *  - before suspend or hibernation every handshake and keypair of every
 *    device is wiped, so a stolen sleeping machine holds no session keys
 *    (not with PM autosleep, where "suspend" is routine and frequent);
 *  - after a VM fork or snapshot restore every peer is treated as after a
 *    private key change, so two copies of a VM never reuse a nonce.
 */

#include "pm.h"
#include "device.h"
#include "peer.h"
#include "noise.h"
#include "send.h"
#include "queueing.h"

#include <linux/notifier.h>
#include <linux/suspend.h>
#include <linux/random.h>

static void wg_pm_wipe_device(struct wg_device *wg)
{
	struct wg_peer *peer;

	mutex_lock(&wg->device_update_lock);
	list_for_each_entry(peer, &wg->peer_list, peer_list) {
		wg_packet_purge_staged_packets(peer);
		wg_noise_handshake_clear(&peer->handshake);
		wg_noise_keypairs_clear(&peer->keypairs);
	}
	mutex_unlock(&wg->device_update_lock);
}

static void wg_pm_expire_device(struct wg_device *wg)
{
	struct wg_peer *peer;

	mutex_lock(&wg->device_update_lock);
	list_for_each_entry(peer, &wg->peer_list, peer_list)
		wg_noise_expire_current_peer_keypairs(peer);
	mutex_unlock(&wg->device_update_lock);
}

static int wg_pm_notification(struct notifier_block *nb, unsigned long action,
			      void *data)
{
	if (action != PM_HIBERNATION_PREPARE && action != PM_SUSPEND_PREPARE)
		return NOTIFY_DONE;
	if (IS_ENABLED(CONFIG_PM_AUTOSLEEP) || IS_ENABLED(CONFIG_PM_USERSPACE_AUTOSLEEP))
		return NOTIFY_DONE;
	wg_datapath_for_each_device(wg_pm_wipe_device);
	rcu_barrier();	/* keypairs are freed by RCU callbacks */
	return NOTIFY_DONE;
}

static struct notifier_block wg_pm_notifier = { .notifier_call = wg_pm_notification };

static int wg_vm_notification(struct notifier_block *nb, unsigned long action,
			      void *data)
{
	wg_datapath_for_each_device(wg_pm_expire_device);
	return NOTIFY_DONE;
}

static struct notifier_block wg_vm_notifier = { .notifier_call = wg_vm_notification };

int wg_pm_init(void)
{
	int ret;

	if (IS_ENABLED(CONFIG_PM_SLEEP)) {
		ret = register_pm_notifier(&wg_pm_notifier);
		if (ret)
			return ret;
	}
	ret = register_random_vmfork_notifier(&wg_vm_notifier);
	if (ret && IS_ENABLED(CONFIG_PM_SLEEP))
		unregister_pm_notifier(&wg_pm_notifier);
	return ret;
}

void wg_pm_uninit(void)
{
	unregister_random_vmfork_notifier(&wg_vm_notifier);
	if (IS_ENABLED(CONFIG_PM_SLEEP))
		unregister_pm_notifier(&wg_pm_notifier);
}
