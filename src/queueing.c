// SPDX-License-Identifier: GPL-2.0
/* Rings, per-CPU crypto workers, per-peer serial queues (see queueing.h). */

#include "queueing.h"
#include "device.h"
#include "peer.h"
#include "send.h"
#include "noise.h"

#include <linux/cpumask.h>
#include <linux/random.h>

static LIST_HEAD(wg_all_devices);
static DEFINE_MUTEX(wg_all_devices_lock);

void wg_datapath_for_each_device(void (*fn)(struct wg_device *wg))
{
	struct wg_device *wg;

	mutex_lock(&wg_all_devices_lock);
	list_for_each_entry(wg, &wg_all_devices, dp.all_devices)
		fn(wg);
	mutex_unlock(&wg_all_devices_lock);
}

static int wg_next_cpu(int *last)
{
	int cpu = cpumask_next(READ_ONCE(*last), cpu_online_mask);

	if (cpu >= nr_cpu_ids)
		cpu = cpumask_first(cpu_online_mask);
	WRITE_ONCE(*last, cpu);
	return cpu;
}

void wg_packet_free(struct sk_buff *skb)
{
	if (WG_CB(skb)->keypair)
		wg_noise_keypair_put(WG_CB(skb)->keypair, false);
	if (WG_CB(skb)->peer)
		wg_peer_put(WG_CB(skb)->peer);
	kfree_skb(skb);
}

void wg_queue_serial_work(struct wg_peer *peer, struct work_struct *work)
{
	wg_peer_get(peer);
	if (!queue_work_on(peer->dp.serial_cpu, peer->device->dp.serial_wq, work))
		wg_peer_put(peer);
}

void wg_serial_enqueue(struct sk_buff_head *serial, struct sk_buff *skb)
{
	atomic_set(&WG_CB(skb)->state, WG_PACKET_PENDING);
	spin_lock_bh(&serial->lock);
	__skb_queue_tail(serial, skb);
	spin_unlock_bh(&serial->lock);
}

bool wg_crypt_queue_enqueue(struct wg_device *wg, struct wg_crypt_queue *queue,
			    struct sk_buff *skb)
{
	int cpu;

	if (unlikely(ptr_ring_produce_bh(&queue->ring, skb))) {
		atomic_set_release(&WG_CB(skb)->state, WG_PACKET_DEAD);
		return false;
	}
	cpu = wg_next_cpu(&queue->last_cpu);
	queue_work_on(cpu, wg->dp.crypt_wq, &per_cpu_ptr(queue->workers, cpu)->work);
	return true;
}

struct sk_buff *wg_serial_dequeue(struct sk_buff_head *serial)
{
	struct sk_buff *skb;

	spin_lock_bh(&serial->lock);
	skb = skb_peek(serial);
	if (skb && atomic_read_acquire(&WG_CB(skb)->state) != WG_PACKET_PENDING)
		__skb_unlink(skb, serial);
	else
		skb = NULL;
	spin_unlock_bh(&serial->lock);
	return skb;
}

bool wg_serial_head_ready(struct sk_buff_head *serial)
{
	struct sk_buff *skb;
	bool ready;

	if (skb_queue_empty_lockless(serial))
		return false;
	spin_lock_bh(&serial->lock);
	skb = skb_peek(serial);
	ready = skb && atomic_read(&WG_CB(skb)->state) != WG_PACKET_PENDING;
	spin_unlock_bh(&serial->lock);
	return ready;
}

static void wg_serial_purge(struct sk_buff_head *serial)
{
	struct sk_buff_head list;
	struct sk_buff *skb;

	__skb_queue_head_init(&list);
	spin_lock_bh(&serial->lock);
	skb_queue_splice_init(serial, &list);
	spin_unlock_bh(&serial->lock);
	while ((skb = __skb_dequeue(&list)) != NULL)
		wg_packet_free(skb);
}

static int wg_crypt_queue_init(struct wg_device *wg, struct wg_crypt_queue *q,
			       unsigned int size, work_func_t fn)
{
	int cpu, ret;

	ret = ptr_ring_init(&q->ring, size, GFP_KERNEL);
	if (ret)
		return ret;
	q->workers = alloc_percpu(struct wg_crypt_worker);
	if (!q->workers) {
		ptr_ring_cleanup(&q->ring, NULL);
		return -ENOMEM;
	}
	for_each_possible_cpu(cpu) {
		struct wg_crypt_worker *w = per_cpu_ptr(q->workers, cpu);

		w->wg = wg;
		INIT_WORK(&w->work, fn);
	}
	q->last_cpu = -1;
	return 0;
}

static void wg_ring_skb_free(void *ptr)
{
	wg_packet_free(ptr);
}

static void wg_crypt_queue_free(struct wg_crypt_queue *q, bool owns_packets)
{
	/* Data packets also sit on a serial queue that owns them; by now the
	 * workers have drained the ring. Handshake packets are owned here. */
	if (!owns_packets)
		WARN_ON(!__ptr_ring_empty(&q->ring));
	ptr_ring_cleanup(&q->ring, owns_packets ? wg_ring_skb_free : NULL);
	free_percpu(q->workers);
	q->workers = NULL;
}

int wg_device_datapath_init(struct wg_device *wg)
{
	struct wg_device_datapath *dp = &wg->dp;
	int ret = -ENOMEM;

	BUILD_BUG_ON(sizeof(struct wg_skb_cb) > sizeof_field(struct sk_buff, cb));
	atomic_set(&dp->handshake_queue_len, 0);
	dp->crypt_wq = alloc_workqueue("wg-crypt-%s", WQ_CPU_INTENSIVE | WQ_MEM_RECLAIM,
				       1, wg->dev->name);
	if (!dp->crypt_wq)
		goto err;
	dp->handshake_wq = alloc_workqueue("wg-kex-%s", WQ_CPU_INTENSIVE | WQ_FREEZABLE,
					   0, wg->dev->name);
	if (!dp->handshake_wq)
		goto err_crypt_wq;
	dp->serial_wq = alloc_workqueue("wg-serial-%s", WQ_MEM_RECLAIM, 0, wg->dev->name);
	if (!dp->serial_wq)
		goto err_handshake_wq;

	ret = wg_crypt_queue_init(wg, &dp->encrypt_queue, MAX_QUEUED_PACKETS,
				  wg_packet_encrypt_worker);
	if (ret)
		goto err_serial_wq;
	ret = wg_crypt_queue_init(wg, &dp->decrypt_queue, MAX_QUEUED_PACKETS,
				  wg_packet_decrypt_worker);
	if (ret)
		goto err_encrypt;
	ret = wg_crypt_queue_init(wg, &dp->handshake_queue, MAX_QUEUED_INCOMING_HANDSHAKES,
				  wg_packet_handshake_receive_worker);
	if (ret)
		goto err_decrypt;
	mutex_lock(&wg_all_devices_lock);
	list_add(&dp->all_devices, &wg_all_devices);
	mutex_unlock(&wg_all_devices_lock);
	return 0;

err_decrypt:
	wg_crypt_queue_free(&dp->decrypt_queue, false);
err_encrypt:
	wg_crypt_queue_free(&dp->encrypt_queue, false);
err_serial_wq:
	destroy_workqueue(dp->serial_wq);
	dp->serial_wq = NULL;
err_handshake_wq:
	destroy_workqueue(dp->handshake_wq);
	dp->handshake_wq = NULL;
err_crypt_wq:
	destroy_workqueue(dp->crypt_wq);
	dp->crypt_wq = NULL;
err:
	return ret;
}

void wg_device_datapath_uninit(struct wg_device *wg)
{
	struct wg_device_datapath *dp = &wg->dp;

	if (!dp->crypt_wq)
		return;
	mutex_lock(&wg_all_devices_lock);
	list_del(&dp->all_devices);
	mutex_unlock(&wg_all_devices_lock);
	/* Peers are gone: pending works finish (dropping what they hold). */
	destroy_workqueue(dp->handshake_wq);
	destroy_workqueue(dp->crypt_wq);
	destroy_workqueue(dp->serial_wq);
	dp->handshake_wq = dp->crypt_wq = dp->serial_wq = NULL;
	wg_crypt_queue_free(&dp->handshake_queue, true);
	wg_crypt_queue_free(&dp->decrypt_queue, false);
	wg_crypt_queue_free(&dp->encrypt_queue, false);
}

int wg_peer_datapath_init(struct wg_peer *peer)
{
	struct wg_peer_datapath *dp = &peer->dp;
	int ret;

	ret = dst_cache_init(&peer->endpoint_cache, GFP_KERNEL);
	if (ret)
		return ret;
	rwlock_init(&peer->endpoint_lock);
	skb_queue_head_init(&dp->staged);
	skb_queue_head_init(&dp->tx_serial);
	skb_queue_head_init(&dp->rx_serial);
	INIT_WORK(&dp->tx_work, wg_packet_tx_worker);
	INIT_WORK(&dp->handshake_tx_work, wg_packet_handshake_send_worker);
	spin_lock_init(&dp->stats_lock);
	/* One CPU per peer runs its in-order stage (spreads peers over CPUs). */
	dp->serial_cpu = cpumask_local_spread(get_random_u32_below(num_online_cpus()),
					      NUMA_NO_NODE);
	dp->endpoint_dead = false;
	dp->tx_busy = 0;
	wg_noise_reset_last_sent_handshake(&peer->last_sent_handshake);
	netif_napi_add(peer->device->dev, &dp->napi, wg_packet_rx_poll);
	napi_enable(&dp->napi);
	WRITE_ONCE(dp->ready, true);
	return 0;
}

void wg_peer_datapath_uninit(struct wg_peer *peer)
{
	struct wg_peer_datapath *dp = &peer->dp;
	struct wg_device *wg = peer->device;

	if (!READ_ONCE(dp->ready) && dp->endpoint_dead)
		return;
	WRITE_ONCE(dp->ready, false);
	wg_packet_purge_staged_packets(peer);
	if (cancel_work_sync(&dp->handshake_tx_work))
		wg_peer_put(peer);
	/* Let packets already inside the rings finish, then the in-order
	 * stages; the batch's grace period (peer.h) already passed, so no new
	 * packet reaches the serial queues. The napi_struct is freed with the
	 * peer, an RCU grace period after the last reference. */
	flush_workqueue(wg->dp.crypt_wq);
	napi_disable(&dp->napi);
	__netif_napi_del(&dp->napi);
	flush_work(&dp->tx_work);
	wg_serial_purge(&dp->tx_serial);
	wg_serial_purge(&dp->rx_serial);
	wg_packet_purge_staged_packets(peer);

	write_lock_bh(&peer->endpoint_lock);
	dp->endpoint_dead = true;
	write_unlock_bh(&peer->endpoint_lock);
	dst_cache_destroy(&peer->endpoint_cache);
}
