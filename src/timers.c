// SPDX-License-Identifier: GPL-2.0
/*
 * Per-peer timers, as protocol.md §7.1 lays them out:
 *   retransmit_handshake   5 s + jitter after an initiation; resend, give up after 20
 *   send_keepalive         10 s after a data packet arrived and nothing was sent back
 *   new_handshake          15 s + jitter after data was sent without any answer
 *   zero_key_material      540 s after the last session was derived
 *   persistent_keepalive   the configured interval after any authenticated traffic
 * A timer is only (re)armed while the device is up and the peer alive.
 */

#include "timers.h"
#include "device.h"
#include "peer.h"
#include "send.h"
#include "socket.h"
#include "queueing.h"

#include <linux/random.h>
#include <linux/timer.h>

static unsigned long wg_rekey_jitter(void)
{
	return get_random_u32_below(REKEY_TIMEOUT_JITTER_MAX_JIFFIES);
}

static void wg_arm(struct wg_peer *peer, struct timer_list *timer,
		   unsigned long expires)
{
	rcu_read_lock_bh();
	if (likely(netif_running(peer->device->dev) && !READ_ONCE(peer->is_dead)))
		mod_timer(timer, expires);
	rcu_read_unlock_bh();
}

static void wg_expired_retransmit_handshake(struct timer_list *t)
{
	struct wg_peer *peer = from_timer(peer, t, timer_retransmit_handshake);

	if (peer->timer_handshake_attempts > MAX_TIMER_HANDSHAKES) {
		wg_dbg(peer->device, "peer %llu: no handshake after %u attempts, giving up\n",
		       peer->internal_id, MAX_TIMER_HANDSHAKES + 2);
		del_timer(&peer->timer_send_keepalive);
		/* Nothing will carry what is waiting: drop it (tx_dropped). */
		wg_packet_purge_staged_packets(peer);
		if (!timer_pending(&peer->timer_zero_key_material))
			wg_arm(peer, &peer->timer_zero_key_material,
			       jiffies + REJECT_AFTER_TIME * 3 * HZ);
		return;
	}
	++peer->timer_handshake_attempts;
	wg_dbg(peer->device, "peer %llu: no response to initiation, retry %u\n",
	       peer->internal_id, peer->timer_handshake_attempts);
	wg_socket_clear_peer_endpoint_src(peer);
	wg_packet_send_queued_handshake_initiation(peer, true);
}

static void wg_expired_send_keepalive(struct timer_list *t)
{
	struct wg_peer *peer = from_timer(peer, t, timer_send_keepalive);

	wg_packet_send_keepalive(peer);
	if (peer->timer_need_another_keepalive) {
		peer->timer_need_another_keepalive = false;
		wg_arm(peer, &peer->timer_send_keepalive,
		       jiffies + KEEPALIVE_TIMEOUT * HZ);
	}
}

static void wg_expired_new_handshake(struct timer_list *t)
{
	struct wg_peer *peer = from_timer(peer, t, timer_new_handshake);

	wg_dbg(peer->device, "peer %llu: sent data %d s ago without a reply, new handshake\n",
	       peer->internal_id, KEEPALIVE_TIMEOUT + REKEY_TIMEOUT);
	wg_socket_clear_peer_endpoint_src(peer);
	wg_packet_send_queued_handshake_initiation(peer, false);
}

static void wg_expired_zero_key_material(struct timer_list *t)
{
	struct wg_peer *peer = from_timer(peer, t, timer_zero_key_material);

	rcu_read_lock_bh();
	if (!READ_ONCE(peer->is_dead)) {
		wg_peer_get(peer);
		if (!queue_work(peer->device->dp.handshake_wq, &peer->dp.clear_keys_work))
			wg_peer_put(peer);
	}
	rcu_read_unlock_bh();
}

static void wg_clear_keys_worker(struct work_struct *work)
{
	struct wg_peer *peer = container_of(work, struct wg_peer, dp.clear_keys_work);

	wg_dbg(peer->device, "peer %llu: zeroing keys after %d s without a new session\n",
	       peer->internal_id, REJECT_AFTER_TIME * 3);
	wg_noise_handshake_clear(&peer->handshake);
	wg_noise_keypairs_clear(&peer->keypairs);
	wg_peer_put(peer);
}

static void wg_expired_persistent_keepalive(struct timer_list *t)
{
	struct wg_peer *peer = from_timer(peer, t, timer_persistent_keepalive);

	if (likely(READ_ONCE(peer->persistent_keepalive_interval)))
		wg_packet_send_keepalive(peer);
}

void wg_timers_data_sent(struct wg_peer *peer)
{
	if (!timer_pending(&peer->timer_new_handshake))
		wg_arm(peer, &peer->timer_new_handshake,
		       jiffies + (KEEPALIVE_TIMEOUT + REKEY_TIMEOUT) * HZ +
		       wg_rekey_jitter());
}

void wg_timers_data_received(struct wg_peer *peer)
{
	if (likely(netif_running(peer->device->dev))) {
		if (!timer_pending(&peer->timer_send_keepalive))
			wg_arm(peer, &peer->timer_send_keepalive,
			       jiffies + KEEPALIVE_TIMEOUT * HZ);
		else
			peer->timer_need_another_keepalive = true;
	}
}

void wg_timers_any_authenticated_packet_sent(struct wg_peer *peer)
{
	del_timer(&peer->timer_send_keepalive);
}

void wg_timers_any_authenticated_packet_received(struct wg_peer *peer)
{
	del_timer(&peer->timer_new_handshake);
}

void wg_timers_handshake_initiated(struct wg_peer *peer)
{
	wg_arm(peer, &peer->timer_retransmit_handshake,
	       jiffies + REKEY_TIMEOUT * HZ + wg_rekey_jitter());
}

void wg_timers_handshake_complete(struct wg_peer *peer)
{
	del_timer(&peer->timer_retransmit_handshake);
	peer->timer_handshake_attempts = 0;
	peer->sent_lastminute_handshake = false;
	ktime_get_real_ts64(&peer->walltime_last_handshake);
}

void wg_timers_session_derived(struct wg_peer *peer)
{
	wg_arm(peer, &peer->timer_zero_key_material,
	       jiffies + REJECT_AFTER_TIME * 3 * HZ);
}

void wg_timers_any_authenticated_packet_traversal(struct wg_peer *peer)
{
	u16 interval = READ_ONCE(peer->persistent_keepalive_interval);

	if (interval)
		wg_arm(peer, &peer->timer_persistent_keepalive,
		       jiffies + (unsigned long)interval * HZ);
}

void wg_timers_init(struct wg_peer *peer)
{
	timer_setup(&peer->timer_retransmit_handshake,
		    wg_expired_retransmit_handshake, 0);
	timer_setup(&peer->timer_send_keepalive, wg_expired_send_keepalive, 0);
	timer_setup(&peer->timer_new_handshake, wg_expired_new_handshake, 0);
	timer_setup(&peer->timer_zero_key_material,
		    wg_expired_zero_key_material, 0);
	timer_setup(&peer->timer_persistent_keepalive,
		    wg_expired_persistent_keepalive, 0);
	INIT_WORK(&peer->dp.clear_keys_work, wg_clear_keys_worker);
	peer->timer_handshake_attempts = 0;
	peer->sent_lastminute_handshake = false;
	peer->timer_need_another_keepalive = false;
}

void wg_timers_stop(struct wg_peer *peer)
{
	del_timer_sync(&peer->timer_retransmit_handshake);
	del_timer_sync(&peer->timer_send_keepalive);
	del_timer_sync(&peer->timer_new_handshake);
	del_timer_sync(&peer->timer_zero_key_material);
	del_timer_sync(&peer->timer_persistent_keepalive);
	/* A pending key wipe holds a reference: run it now rather than lose it. */
	flush_work(&peer->dp.clear_keys_work);
}
