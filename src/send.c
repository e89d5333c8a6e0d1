// SPDX-License-Identifier: GPL-2.0
/*
 * Sending. Inner packets wait in the peer's staged queue until a usable
 * key exists; then each gets a nonce, goes in order onto the peer's tx
 * serial queue and onto the device's encrypt ring (a small lone packet is
 * encrypted at once instead). Per-CPU workers encrypt in parallel; whoever
 * finishes a packet drains the peer's queue in nonce order (queueing.h).
 * Handshake initiations are built in a work item, at most one per 5 s.
 */

#include "send.h"
#include "device.h"
#include "peer.h"
#include "noise.h"
#include "cookie.h"
#include "socket.h"
#include "timers.h"
#include "queueing.h"
#include "messages.h"
#include "crypto/crypto.h"

#include <linux/scatterlist.h>
#include <linux/netdevice.h>
#include <net/ip_tunnels.h>

enum { WG_HANDSHAKE_DS = 0x88 };	/* AF41, ECN 0 (protocol.md §8.6) */

void wg_packet_send_queued_handshake_initiation(struct wg_peer *peer, bool is_retry)
{
	if (!is_retry)
		peer->timer_handshake_attempts = 0;

	rcu_read_lock_bh();
	/* Requests inside the 5 s window are coalesced into the one sent. */
	if (!READ_ONCE(peer->is_dead) && READ_ONCE(peer->dp.ready) &&
	    netif_running(peer->device->dev) &&
	    wg_birthdate_has_expired(atomic64_read(&peer->last_sent_handshake),
				     REKEY_TIMEOUT)) {
		wg_peer_get(peer);
		if (!queue_work(peer->device->dp.handshake_wq,
				&peer->dp.handshake_tx_work))
			wg_peer_put(peer);
	}
	rcu_read_unlock_bh();
}

void wg_packet_handshake_send_worker(struct work_struct *work)
{
	struct wg_peer *peer = container_of(work, struct wg_peer, dp.handshake_tx_work);
	struct message_handshake_initiation msg;

	if (READ_ONCE(peer->is_dead) || !netif_running(peer->device->dev) ||
	    !wg_birthdate_has_expired(atomic64_read(&peer->last_sent_handshake),
				      REKEY_TIMEOUT))
		goto out;
	atomic64_set(&peer->last_sent_handshake, ktime_get_coarse_boottime_ns());
	if (wg_noise_handshake_create_initiation(&msg, &peer->handshake)) {
		wg_dbg(peer->device, "peer %llu: sending handshake initiation\n",
		       peer->internal_id);
		wg_cookie_add_mac_to_packet(&msg, sizeof(msg), peer);
		wg_timers_any_authenticated_packet_traversal(peer);
		wg_timers_any_authenticated_packet_sent(peer);
		/* Armed before sending: a response handled on another CPU
		 * before we got here would otherwise leave it armed (a
		 * spurious retransmission 5 s later). */
		wg_timers_handshake_initiated(peer);
		wg_socket_send_buffer_to_peer(peer, &msg, sizeof(msg), WG_HANDSHAKE_DS);
	}
	memzero_explicit(&msg, sizeof(msg));
out:
	wg_peer_put(peer);
}

void wg_packet_send_handshake_response(struct wg_peer *peer)
{
	struct message_handshake_response msg;

	atomic64_set(&peer->last_sent_handshake, ktime_get_coarse_boottime_ns());
	if (!wg_noise_handshake_create_response(&msg, &peer->handshake))
		return;
	wg_cookie_add_mac_to_packet(&msg, sizeof(msg), peer);
	if (wg_noise_handshake_begin_session(&peer->handshake, &peer->keypairs)) {
		wg_dbg(peer->device, "peer %llu: sending handshake response\n",
		       peer->internal_id);
		wg_timers_session_derived(peer);
		wg_timers_any_authenticated_packet_traversal(peer);
		wg_timers_any_authenticated_packet_sent(peer);
		wg_socket_send_buffer_to_peer(peer, &msg, sizeof(msg), WG_HANDSHAKE_DS);
	}
	memzero_explicit(&msg, sizeof(msg));
}

void wg_packet_send_handshake_cookie(struct wg_device *wg, struct sk_buff *in_skb,
				     __le32 sender_index)
{
	struct message_handshake_cookie msg;

	wg_dbg(wg, "under load: answering a handshake message with a cookie reply\n");
	wg_cookie_message_create(&msg, in_skb, sender_index, &wg->cookie_checker);
	wg_socket_send_buffer_as_reply_to_skb(wg, in_skb, &msg, sizeof(msg));
}

/* After data went out: rekey by message count, or by age if we initiated. */
static void wg_keep_key_fresh_after_send(struct wg_peer *peer)
{
	struct noise_keypair *keypair;
	bool rekey = false;

	rcu_read_lock_bh();
	keypair = rcu_dereference_bh(peer->keypairs.current_keypair);
	if (keypair && READ_ONCE(keypair->sending.is_valid) &&
	    (atomic64_read(&keypair->sending_counter) > REKEY_AFTER_MESSAGES ||
	     (keypair->i_am_the_initiator &&
	      wg_birthdate_has_expired(keypair->sending.birthdate, REKEY_AFTER_TIME))))
		rekey = true;
	rcu_read_unlock_bh();
	if (rekey)
		wg_packet_send_queued_handshake_initiation(peer, false);
}

static unsigned int wg_padding_len(unsigned int len, unsigned int mtu)
{
	unsigned int last = len, padded;

	if (!mtu)
		return ALIGN(len, MESSAGE_PADDING_MULTIPLE) - len;
	if (len > mtu)
		last = len % mtu;
	padded = min(mtu, ALIGN(last, MESSAGE_PADDING_MULTIPLE));
	return padded - last;
}

static bool wg_encrypt_packet(struct sk_buff *skb, struct noise_keypair *keypair,
			      struct scatterlist *sg, int max_sg)
{
	unsigned int plain_len, padding, trailer_len;
	struct message_data *header;
	struct sk_buff *trailer;
	int nsg;

	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		return false;
	plain_len = skb->len;
	padding = wg_padding_len(plain_len, WG_CB(skb)->mtu);
	trailer_len = padding + NOISE_AUTHTAG_LEN;

	if (skb_cow_head(skb, WG_SKB_HEADER_LEN + sizeof(*header)))
		return false;
	nsg = skb_cow_data(skb, trailer_len, &trailer);
	if (unlikely(nsg < 0 || nsg > max_sg))
		return false;
	memset(pskb_put(skb, trailer, trailer_len), 0, padding);

	header = skb_push(skb, sizeof(*header));
	/* The tunnel's tx stats count from here: the whole message. */
	skb_set_inner_network_header(skb, 0);
	header->header.type = cpu_to_le32(MESSAGE_DATA);
	header->key_idx = keypair->remote_index;
	header->counter = cpu_to_le64(WG_CB(skb)->nonce);

	sg_init_table(sg, nsg);
	if (skb_to_sgvec(skb, sg, sizeof(*header),
			 plain_len + padding + NOISE_AUTHTAG_LEN) <= 0)
		return false;
	skb->ip_summed = CHECKSUM_NONE;
	return wg_chacha20poly1305_encrypt_sg_inplace(sg, plain_len + padding,
						      WG_CB(skb)->nonce,
						      keypair->sending.key);
}

void wg_packet_encrypt_worker(struct work_struct *work)
{
	struct wg_crypt_worker *w = container_of(work, struct wg_crypt_worker, work);
	struct scatterlist sg[MAX_SKB_FRAGS + 8];
	struct wg_device *wg = w->wg;
	struct sk_buff *skb;

	while ((skb = ptr_ring_consume_bh(&wg->dp.encrypt_queue.ring)) != NULL) {
		struct wg_peer *peer = wg_peer_get(WG_CB(skb)->peer);
		bool ok = wg_encrypt_packet(skb, WG_CB(skb)->keypair, sg, ARRAY_SIZE(sg));

		/* From here the drain may free skb: use our own peer ref. */
		atomic_set_release(&WG_CB(skb)->state,
				   ok ? WG_PACKET_DONE : WG_PACKET_DEAD);
		wg_packet_tx_kick(peer);
		wg_peer_put(peer);
		cond_resched();
	}
}

/*
 * Sends, in order, up to @budget packets that are no longer PENDING from the
 * head of @peer's tx serial queue. Caller owns the tx_busy bit. Returns true
 * if it stopped at @budget.
 */
static bool wg_tx_send_ready(struct wg_peer *peer, unsigned int budget)
{
	struct net_device *dev = peer->device->dev;
	bool data_sent = false, first = true;
	unsigned int n = 0;
	struct sk_buff *skb;

	/* Bottom halves off for a batch: the lower device handles it in one go. */
	local_bh_disable();
	while (n < budget && (skb = wg_serial_dequeue(&peer->dp.tx_serial)) != NULL) {
		struct noise_keypair *keypair = WG_CB(skb)->keypair;
		unsigned int inner_len = WG_CB(skb)->wire_len;
		u8 ds = WG_CB(skb)->ds;

		++n;
		if (likely(atomic_read_acquire(&WG_CB(skb)->state) == WG_PACKET_DONE &&
			   !READ_ONCE(peer->is_dead))) {
			if (first) {
				wg_timers_any_authenticated_packet_traversal(peer);
				wg_timers_any_authenticated_packet_sent(peer);
				first = false;
			}
			/* Device tx packets/bytes are counted by the UDP tunnel
			 * transmit (outer length), as for any IP tunnel. */
			if (likely(!wg_socket_send_skb_to_peer(peer, skb, ds))) {
				if (inner_len)
					data_sent = true;
			} else {
				DEV_STATS_INC(dev, tx_errors);
			}
		} else {
			DEV_STATS_INC(dev, tx_errors);
			kfree_skb(skb);
		}
		wg_noise_keypair_put(keypair, false);
		wg_peer_put(peer);
	}
	local_bh_enable();
	if (data_sent)
		wg_timers_data_sent(peer);
	if (!first)
		wg_keep_key_fresh_after_send(peer);
	return n == budget;
}

/*
 * One CPU at a time drains a peer's tx serial queue (so packets leave in
 * order). A CPU that finds the bit taken leaves at once: the holder looks at
 * the head again after letting go (a full barrier on both sides: either the
 * latecomer sees the bit clear or the holder sees its packet ready).
 * Returns true if ready packets may be left.
 */
static bool wg_tx_try_drain(struct wg_peer *peer)
{
	bool more;

	if (test_and_set_bit(0, &peer->dp.tx_busy))
		return false;
	more = wg_tx_send_ready(peer, WG_SERIAL_BATCH);
	clear_bit(0, &peer->dp.tx_busy);
	smp_mb__after_atomic();
	return more || wg_serial_head_ready(&peer->dp.tx_serial);
}

void wg_packet_tx_kick(struct wg_peer *peer)
{
	/* A long queue is left to the peer's work (process context). */
	if (wg_tx_try_drain(peer))
		wg_queue_serial_work(peer, &peer->dp.tx_work);
}

void wg_packet_tx_worker(struct work_struct *work)
{
	struct wg_peer *peer = container_of(work, struct wg_peer, dp.tx_work);

	while (wg_tx_try_drain(peer))
		cond_resched();
	wg_peer_put(peer);	/* the reference the queued work owned */
}

void wg_packet_stage(struct wg_peer *peer, struct sk_buff_head *skbs)
{
	struct net_device *dev = peer->device->dev;
	struct sk_buff *skb;

	spin_lock_bh(&peer->dp.staged.lock);
	/* Trim before appending, so a GSO burst is never cut by its own size. */
	while (skb_queue_len(&peer->dp.staged) > MAX_STAGED_PACKETS) {
		skb = __skb_dequeue(&peer->dp.staged);
		kfree_skb(skb);
		DEV_STATS_INC(dev, tx_dropped);
		wg_peer_count_drop(peer, WG_DROP_NO_KEY);
	}
	skb_queue_splice_tail_init(skbs, &peer->dp.staged);
	spin_unlock_bh(&peer->dp.staged.lock);
}

void wg_packet_purge_staged_packets(struct wg_peer *peer)
{
	struct net_device *dev = peer->device->dev;
	unsigned int n;

	spin_lock_bh(&peer->dp.staged.lock);
	n = skb_queue_len(&peer->dp.staged);
	__skb_queue_purge(&peer->dp.staged);
	spin_unlock_bh(&peer->dp.staged.lock);
	if (n)
		DEV_STATS_ADD(dev, tx_dropped, n);
}

void wg_packet_send_keepalive(struct wg_peer *peer)
{
	struct sk_buff *skb;

	if (skb_queue_empty_lockless(&peer->dp.staged)) {
		skb = alloc_skb(WG_SKB_HEADER_LEN + MESSAGE_MINIMUM_LENGTH, GFP_ATOMIC);
		if (unlikely(!skb))
			return;
		skb_reserve(skb, WG_SKB_HEADER_LEN + sizeof(struct message_data));
		skb->dev = peer->device->dev;
		memset(skb->cb, 0, sizeof(skb->cb));
		spin_lock_bh(&peer->dp.staged.lock);
		__skb_queue_tail(&peer->dp.staged, skb);
		spin_unlock_bh(&peer->dp.staged.lock);
	}
	wg_packet_send_staged_packets(peer);
}

void wg_packet_send_staged_packets(struct wg_peer *peer)
{
	struct wg_device *wg = peer->device;
	struct noise_keypair *keypair;
	bool inline_crypt, kick = false;
	struct sk_buff_head packets;
	struct sk_buff *skb;

	__skb_queue_head_init(&packets);
	spin_lock_bh(&peer->dp.staged.lock);
	skb_queue_splice_init(&peer->dp.staged, &packets);
	spin_unlock_bh(&peer->dp.staged.lock);
	if (skb_queue_empty(&packets))
		return;

	rcu_read_lock_bh();
	if (unlikely(READ_ONCE(peer->is_dead) || !READ_ONCE(peer->dp.ready))) {
		rcu_read_unlock_bh();
		DEV_STATS_ADD(wg->dev, tx_dropped, skb_queue_len(&packets));
		__skb_queue_purge(&packets);
		return;
	}
	keypair = rcu_dereference_bh(peer->keypairs.current_keypair);
	if (keypair)
		keypair = wg_noise_keypair_get(keypair);
	if (unlikely(!keypair || !READ_ONCE(keypair->sending.is_valid)))
		goto no_key;
	if (unlikely(wg_birthdate_has_expired(keypair->sending.birthdate,
					      REJECT_AFTER_TIME))) {
		WRITE_ONCE(keypair->sending.is_valid, false);
		goto no_key;
	}
	skb_queue_walk(&packets, skb) {
		u64 nonce = atomic64_inc_return(&keypair->sending_counter) - 1;

		if (unlikely(nonce >= REJECT_AFTER_MESSAGES)) {
			WRITE_ONCE(keypair->sending.is_valid, false);
			goto no_key;
		}
		WG_CB(skb)->nonce = nonce;
	}
	/* A small lone packet (ping, ACK, keepalive) is encrypted right here:
	 * no hop to a worker and back; but not when this transmit is nested in
	 * another one (a tunnel in a tunnel, a route looping back into us),
	 * where the stack is already deep. */
	inline_crypt = skb_queue_len(&packets) == 1 &&
		       dev_recursion_level() <= 1 &&
		       wg_crypt_inline_ok(skb_peek(&packets), WG_INLINE_CRYPT_MAX,
					  &peer->dp.tx_inline_at);
	while ((skb = __skb_dequeue(&packets)) != NULL) {
		WG_CB(skb)->keypair = wg_noise_keypair_get(keypair);
		WG_CB(skb)->peer = wg_peer_get(peer);
		wg_serial_enqueue(&peer->dp.tx_serial, skb);
		if (inline_crypt) {
			struct scatterlist sg[WG_INLINE_SG];
			bool ok = wg_encrypt_packet(skb, keypair, sg, ARRAY_SIZE(sg));

			atomic_set_release(&WG_CB(skb)->state,
					   ok ? WG_PACKET_DONE : WG_PACKET_DEAD);
			kick = true;
		} else if (!wg_crypt_queue_enqueue(wg, &wg->dp.encrypt_queue, skb)) {
			kick = true;	/* marked DEAD: the drain reaps it */
		}
	}
	/* Inside the read section: peer removal's grace period covers it. */
	if (kick)
		wg_packet_tx_kick(peer);
	rcu_read_unlock_bh();
	wg_noise_keypair_put(keypair, false);
	return;

no_key:
	rcu_read_unlock_bh();
	if (keypair)
		wg_noise_keypair_put(keypair, false);
	/* Waiting for a key may take long: release the senders' socket
	 * buffers (a small sndbuf would block the sender otherwise). */
	skb_queue_walk(&packets, skb)
		skb_orphan(skb);
	/* Back in front of whatever was staged meanwhile, oldest first. */
	spin_lock_bh(&peer->dp.staged.lock);
	skb_queue_splice(&packets, &peer->dp.staged);
	spin_unlock_bh(&peer->dp.staged.lock);
	wg_packet_send_queued_handshake_initiation(peer, false);
}
