// SPDX-License-Identifier: GPL-2.0
/*
 * Receiving. The UDP encap hook checks type and exact length, then:
 *  - handshake messages go to a bounded per-device ring handled by per-CPU
 *    workers (mac1/mac2, cookie replies under load, Noise consumption);
 *  - transport messages are matched to a keypair by index, checked for key
 *    validity and sent through the parallel decrypt ring and the peer's
 *    serial rx queue, where the replay window, roaming, key confirmation,
 *    inner-header checks and cryptokey routing run in order before GRO.
 * Nothing here ever answers an unauthenticated packet (protocol.md §9).
 */

#include "receive.h"
#include "device.h"
#include "peer.h"
#include "noise.h"
#include "cookie.h"
#include "socket.h"
#include "send.h"
#include "timers.h"
#include "queueing.h"
#include "messages.h"
#include "allowedips.h"
#include "parse.h"
#include "crypto/crypto.h"

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <net/ip_tunnels.h>
#include <net/inet_ecn.h>

static void wg_rx_add_bytes(struct wg_peer *peer, unsigned int len)
{
	spin_lock_bh(&peer->dp.stats_lock);
	peer->rx_bytes += len;
	/* The device counts what the peer counts: every authenticated message. */
	dev_sw_netstats_rx_add(peer->device->dev, len);
	spin_unlock_bh(&peer->dp.stats_lock);
}

/* ---- handshake messages (process context) ---- */

static void wg_receive_handshake_packet(struct wg_device *wg, struct sk_buff *skb)
{
	__le32 type = ((struct message_header *)skb->data)->type;
	enum cookie_mac_state mac_state;
	struct wg_peer *peer = NULL;
	bool under_load;

	if (type == cpu_to_le32(MESSAGE_HANDSHAKE_COOKIE)) {
		wg_cookie_message_consume((struct message_handshake_cookie *)skb->data, wg);
		return;
	}

	under_load = wg_cookie_under_load(atomic_read(&wg->dp.handshake_queue_len));
	mac_state = wg_cookie_validate_packet(&wg->cookie_checker, skb, under_load);
	if (under_load && mac_state == VALID_MAC_BUT_NO_COOKIE) {
		/* Both types carry the sender index at offset 4. */
		wg_packet_send_handshake_cookie(wg, skb,
			((struct message_handshake_initiation *)skb->data)->sender_index);
		return;
	}
	if (mac_state != VALID_MAC_BUT_NO_COOKIE && mac_state != VALID_MAC_WITH_COOKIE)
		return;	/* bad mac1 or rate-limited: counted by the cookie code */

	if (type == cpu_to_le32(MESSAGE_HANDSHAKE_INITIATION)) {
		peer = wg_noise_handshake_consume_initiation(
			(struct message_handshake_initiation *)skb->data, wg);
		if (!peer)
			return;
		wg_socket_set_peer_endpoint_from_skb(peer, skb);
		wg_rx_add_bytes(peer, skb->len);
		wg_timers_any_authenticated_packet_received(peer);
		wg_timers_any_authenticated_packet_traversal(peer);
		wg_packet_send_handshake_response(peer);
	} else {
		peer = wg_noise_handshake_consume_response(
			(struct message_handshake_response *)skb->data, wg);
		if (!peer)
			return;
		wg_socket_set_peer_endpoint_from_skb(peer, skb);
		wg_rx_add_bytes(peer, skb->len);
		wg_timers_any_authenticated_packet_received(peer);
		wg_timers_any_authenticated_packet_traversal(peer);
		if (wg_noise_handshake_begin_session(&peer->handshake, &peer->keypairs)) {
			wg_dbg(wg, "peer %llu: handshake complete (we initiated)\n",
			       peer->internal_id);
			wg_timers_session_derived(peer);
			wg_timers_handshake_complete(peer);
			/* Confirm the new key at once: staged data, else a keepalive. */
			wg_packet_send_keepalive(peer);
		}
	}
	wg_peer_put(peer);
}

void wg_packet_handshake_receive_worker(struct work_struct *work)
{
	struct wg_crypt_worker *w = container_of(work, struct wg_crypt_worker, work);
	struct wg_device *wg = w->wg;
	struct sk_buff *skb;

	while ((skb = ptr_ring_consume_bh(&wg->dp.handshake_queue.ring)) != NULL) {
		wg_receive_handshake_packet(wg, skb);
		atomic_dec(&wg->dp.handshake_queue_len);
		consume_skb(skb);
		cond_resched();
	}
}

static void wg_receive_handshake_enqueue(struct wg_device *wg, struct sk_buff *skb)
{
	struct wg_crypt_queue *q = &wg->dp.handshake_queue;
	int ret, cpu;

	if (unlikely(!rng_is_initialized()))
		goto drop;
	memset(skb->cb, 0, sizeof(skb->cb));
	atomic_inc(&wg->dp.handshake_queue_len);
	if (atomic_read(&wg->dp.handshake_queue_len) > MAX_QUEUED_INCOMING_HANDSHAKES / 2) {
		/* A flood: do not let senders contend on the producer lock. */
		if (!spin_trylock_bh(&q->ring.producer_lock)) {
			ret = -EBUSY;
		} else {
			ret = __ptr_ring_produce(&q->ring, skb);
			spin_unlock_bh(&q->ring.producer_lock);
		}
	} else {
		ret = ptr_ring_produce_bh(&q->ring, skb);
	}
	if (unlikely(ret)) {
		atomic_dec(&wg->dp.handshake_queue_len);
		goto drop;
	}
	cpu = cpumask_next(READ_ONCE(q->last_cpu), cpu_online_mask);
	if (cpu >= nr_cpu_ids)
		cpu = cpumask_first(cpu_online_mask);
	WRITE_ONCE(q->last_cpu, cpu);
	queue_work_on(cpu, wg->dp.handshake_wq, &per_cpu_ptr(q->workers, cpu)->work);
	return;
drop:
	wg_dbg(wg, "handshake message dropped: %s\n",
	       rng_is_initialized() ? "handshake queue full" : "RNG not ready");
	kfree_skb(skb);
}

/* ---- transport messages ---- */

static bool wg_keypair_usable_for_rx(struct noise_keypair *keypair)
{
	return READ_ONCE(keypair->receiving.is_valid) &&
	       !wg_birthdate_has_expired(keypair->receiving.birthdate, REJECT_AFTER_TIME) &&
	       READ_ONCE(keypair->replay.counter) < REJECT_AFTER_MESSAGES;
}

static void wg_decrypt_and_mark(struct sk_buff *skb, struct wg_peer *peer,
				struct scatterlist *sg, int max_sg);

static void wg_receive_data_enqueue(struct wg_device *wg, struct sk_buff *skb)
{
	struct message_data *msg = (struct message_data *)skb->data;
	struct noise_keypair *keypair = NULL;
	struct wg_index_entry *entry;
	struct wg_peer *peer = NULL;

	/* One read section to the end: peer removal's grace period then
	 * guarantees that nothing reaches its rx queue afterwards. */
	rcu_read_lock_bh();
	entry = wg_index_lookup(wg->index_hashtable, INDEX_KEYPAIR, msg->key_idx, &peer);
	if (entry)
		keypair = wg_noise_keypair_get(container_of(entry, struct noise_keypair, entry));

	if (unlikely(!keypair)) {
		wg_device_count_drop(wg, WG_DROP_UNKNOWN_INDEX);
		goto drop;
	}
	if (unlikely(!wg_keypair_usable_for_rx(keypair) || READ_ONCE(peer->is_dead) ||
		     !READ_ONCE(peer->dp.ready))) {
		wg_peer_count_drop(peer, WG_DROP_NO_KEY);
		goto drop;
	}
	memset(skb->cb, 0, sizeof(skb->cb));
	WG_CB(skb)->peer = peer;
	WG_CB(skb)->keypair = keypair;
	WG_CB(skb)->nonce = le64_to_cpu(msg->counter);
	WG_CB(skb)->wire_len = skb->len;
	WG_CB(skb)->ds = skb->protocol == htons(ETH_P_IP) ? ip_hdr(skb)->tos :
			 ipv6_get_dsfield(ipv6_hdr(skb));
	wg_serial_enqueue(&peer->dp.rx_serial, skb);
	/* A small packet is decrypted here (no hop); a full ring marks DEAD. */
	if (wg_crypt_inline_ok(skb, WG_INLINE_CRYPT_MAX + MESSAGE_MINIMUM_LENGTH,
			       &peer->dp.rx_inline_at)) {
		struct scatterlist sg[WG_INLINE_SG];

		wg_decrypt_and_mark(skb, peer, sg, ARRAY_SIZE(sg));
	} else if (wg_crypt_queue_enqueue(wg, &wg->dp.decrypt_queue, skb))
		peer = NULL;
	if (peer)
		napi_schedule(&peer->dp.napi);
	rcu_read_unlock_bh();
	return;

drop:
	rcu_read_unlock_bh();
	if (keypair)
		wg_noise_keypair_put(keypair, false);
	if (peer)
		wg_peer_put(peer);
	kfree_skb(skb);
}

static bool wg_decrypt_packet(struct sk_buff *skb, struct noise_keypair *keypair,
			      struct scatterlist *sg, int max_sg)
{
	const unsigned int offset = sizeof(struct message_data);
	struct sk_buff *trailer;
	unsigned int len;
	int nsg;

	len = skb->len - offset;	/* >= NOISE_AUTHTAG_LEN, checked on arrival */
	nsg = skb_cow_data(skb, 0, &trailer);
	if (unlikely(nsg < 0 || nsg > max_sg))
		return false;
	sg_init_table(sg, nsg);
	if (skb_to_sgvec(skb, sg, offset, len) <= 0)
		return false;
	if (!wg_chacha20poly1305_decrypt_sg_inplace(sg, len, WG_CB(skb)->nonce,
						    keypair->receiving.key))
		return false;
	/* Keep the outer headers (endpoint, ECN): only move data and trim. */
	skb_pull(skb, offset);
	return !pskb_trim(skb, len - NOISE_AUTHTAG_LEN);
}

/* Decrypts @skb (on its serial queue) and marks it DONE or DEAD; from then
 * on the NAPI poll may free it. The caller keeps @peer alive. */
static void wg_decrypt_and_mark(struct sk_buff *skb, struct wg_peer *peer,
				struct scatterlist *sg, int max_sg)
{
	bool ok = wg_decrypt_packet(skb, WG_CB(skb)->keypair, sg, max_sg);

	if (!ok)
		wg_peer_count_drop(peer, WG_DROP_DECRYPT);
	atomic_set_release(&WG_CB(skb)->state, ok ? WG_PACKET_DONE : WG_PACKET_DEAD);
}

void wg_packet_decrypt_worker(struct work_struct *work)
{
	struct wg_crypt_worker *w = container_of(work, struct wg_crypt_worker, work);
	struct scatterlist sg[MAX_SKB_FRAGS + 8];
	struct wg_device *wg = w->wg;
	struct sk_buff *skb;

	while ((skb = ptr_ring_consume_bh(&wg->dp.decrypt_queue.ring)) != NULL) {
		struct wg_peer *peer = wg_peer_get(WG_CB(skb)->peer);

		wg_decrypt_and_mark(skb, peer, sg, ARRAY_SIZE(sg));
		/* Bottom halves off: the poll runs as soon as they are back on. */
		local_bh_disable();
		napi_schedule(&peer->dp.napi);
		local_bh_enable();
		wg_peer_put(peer);
		cond_resched();
	}
}

/* Initiator near the end of a key's life: one last-minute handshake. */
static void wg_keep_key_fresh_after_receive(struct wg_peer *peer)
{
	struct noise_keypair *keypair;
	bool rekey = false;

	if (peer->sent_lastminute_handshake)
		return;
	rcu_read_lock_bh();
	keypair = rcu_dereference_bh(peer->keypairs.current_keypair);
	if (keypair && READ_ONCE(keypair->sending.is_valid) &&
	    keypair->i_am_the_initiator &&
	    wg_birthdate_has_expired(keypair->sending.birthdate,
				     REJECT_AFTER_TIME - KEEPALIVE_TIMEOUT - REKEY_TIMEOUT))
		rekey = true;
	rcu_read_unlock_bh();
	if (rekey) {
		peer->sent_lastminute_handshake = true;
		wg_packet_send_queued_handshake_initiation(peer, false);
	}
}

/* Authenticated and fresh: roam, confirm keys, check and deliver. */
static void wg_receive_data_done(struct wg_peer *peer, struct sk_buff *skb,
				 struct noise_keypair *keypair)
{
	struct wg_device *wg = peer->device;
	struct net_device *dev = wg->dev;
	struct wg_peer *routed;
	struct wg_inner_ip ip;
	u8 outer_ds = WG_CB(skb)->ds;

	wg_socket_set_peer_endpoint_from_skb(peer, skb);
	if (unlikely(wg_noise_received_with_keypair(&peer->keypairs, keypair))) {
		wg_dbg(wg, "peer %llu: handshake complete (key confirmed)\n",
		       peer->internal_id);
		wg_timers_handshake_complete(peer);
		wg_packet_send_staged_packets(peer);
	}
	wg_keep_key_fresh_after_receive(peer);
	wg_rx_add_bytes(peer, WG_CB(skb)->wire_len);
	wg_timers_any_authenticated_packet_received(peer);
	wg_timers_any_authenticated_packet_traversal(peer);

	if (unlikely(!skb->len)) {
		/* Keepalive: authenticated, nothing to deliver. */
		consume_skb(skb);
		return;
	}
	wg_timers_data_received(peer);

	/* The inner header checks and the source address: src/parse.c. */
	skb_reset_network_header(skb);
	if (unlikely(!pskb_may_pull(skb, min_t(unsigned int, skb->len,
						sizeof(struct ipv6hdr)))))
		goto bad_packet;
	switch (wg_inner_ip_parse(skb->data, skb_headlen(skb), skb->len, &ip)) {
	case WG_INNER_OK:
		break;
	case WG_INNER_BAD_LENGTH:
		goto bad_length;
	default:
		goto bad_packet;
	}
	if (unlikely(pskb_trim(skb, ip.len)))
		goto bad_length;
	skb->protocol = ip.proto;

	/* Only compared with @peer, which we hold: no reference needed. */
	rcu_read_lock_bh();
	routed = wg_allowedips_lookup_raw(wg->peer_allowedips, ip.family, ip.saddr);
	rcu_read_unlock_bh();
	if (unlikely(routed != peer)) {
		wg_dbg(wg, "peer %llu: packet with a source outside its allowed IPs dropped\n",
		       peer->internal_id);
		wg_peer_count_drop(peer, WG_DROP_DISALLOWED_SRC);
		DEV_STATS_INC(dev, rx_errors);
		DEV_STATS_INC(dev, rx_frame_errors);
		kfree_skb(skb);
		return;
	}

	skb_scrub_packet(skb, true);
	memset(skb->cb, 0, sizeof(skb->cb));
	skb->dev = dev;
	skb->skb_iif = dev->ifindex;
	skb->pkt_type = PACKET_HOST;
	skb_reset_mac_header(skb);
	skb->mac_len = 0;
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb->csum_level = ~0;
	INET_ECN_decapsulate(skb, outer_ds, ip.ds);

	napi_gro_receive(&peer->dp.napi, skb);
	return;

bad_length:
	DEV_STATS_INC(dev, rx_errors);
	DEV_STATS_INC(dev, rx_length_errors);
	wg_peer_count_drop(peer, WG_DROP_MALFORMED);
	kfree_skb(skb);
	return;
bad_packet:
	DEV_STATS_INC(dev, rx_errors);
	DEV_STATS_INC(dev, rx_frame_errors);
	wg_peer_count_drop(peer, WG_DROP_MALFORMED);
	kfree_skb(skb);
}

/* The peer's in-order rx stage: replay window, then delivery through GRO. */
int wg_packet_rx_poll(struct napi_struct *napi, int budget)
{
	struct wg_peer *peer = container_of(napi, struct wg_peer, dp.napi);
	struct sk_buff *skb;
	int work_done = 0;

	while (work_done < budget &&
	       (skb = wg_serial_dequeue(&peer->dp.rx_serial)) != NULL) {
		struct noise_keypair *keypair = WG_CB(skb)->keypair;
		bool fresh;

		++work_done;
		if (unlikely(atomic_read_acquire(&WG_CB(skb)->state) != WG_PACKET_DONE ||
			     READ_ONCE(peer->is_dead))) {
			kfree_skb(skb);
			goto next;
		}
		spin_lock(&keypair->replay_lock);
		fresh = wg_replay_check(&keypair->replay, WG_CB(skb)->nonce,
					REJECT_AFTER_MESSAGES);
		spin_unlock(&keypair->replay_lock);
		if (unlikely(!fresh)) {
			wg_peer_count_drop(peer, WG_DROP_REPLAY);
			kfree_skb(skb);
			goto next;
		}
		wg_receive_data_done(peer, skb, keypair);
next:
		wg_noise_keypair_put(keypair, false);
		wg_peer_put(peer);
	}
	if (work_done < budget)
		napi_complete_done(napi, work_done);
	return work_done;
}

/* ---- the UDP encap hook ---- */

int wg_receive(struct sock *sk, struct sk_buff *skb)
{
	struct wg_device *wg = rcu_dereference_sk_user_data(sk);
	unsigned int udp_len, pull;
	__le32 type;

	if (unlikely(!wg))
		goto free;
	skb_mark_not_on_list(skb);

	/* skb->data is the UDP header; the payload is exactly one message. */
	if (unlikely(!pskb_may_pull(skb, sizeof(struct udphdr))))
		goto malformed;
	udp_len = ntohs(udp_hdr(skb)->len);
	if (unlikely(!wg_udp_len_ok(udp_len, skb->len) || pskb_trim(skb, udp_len)))
		goto malformed;
	__skb_pull(skb, sizeof(struct udphdr));

	if (unlikely(!pskb_may_pull(skb, sizeof(struct message_header))))
		goto malformed;
	type = ((struct message_header *)skb->data)->type;
	pull = wg_msg_pull_len(type, skb->len);	/* type and length: src/parse.c */
	if (unlikely(!pull || !pskb_may_pull(skb, pull)))
		goto malformed;
	if (type == cpu_to_le32(MESSAGE_DATA))
		wg_receive_data_enqueue(wg, skb);
	else
		wg_receive_handshake_enqueue(wg, skb);
	return 0;

malformed:
	wg_device_count_drop(wg, WG_DROP_MALFORMED);
free:
	kfree_skb(skb);
	return 0;
}
