/* SPDX-License-Identifier: GPL-2.0 */
/* Sending: staged data, keepalives, handshake messages (protocol.md §5, §7, §8.2). */
#ifndef WG_SEND_H
#define WG_SEND_H

#include <linux/types.h>
#include <linux/skbuff.h>

struct wg_peer;
struct wg_device;

/* Encrypts and sends what waits in the staged queue, or asks for a handshake. */
void wg_packet_send_staged_packets(struct wg_peer *peer);
/* Queues an empty data packet (unless data is already waiting) and sends. */
void wg_packet_send_keepalive(struct wg_peer *peer);
/* Drops everything staged, counting it as tx_dropped. */
void wg_packet_purge_staged_packets(struct wg_peer *peer);
/* Appends @skbs (inner packets, cb prepared) to the staged queue, first
 * dropping the oldest while it holds more than MAX_STAGED_PACKETS. */
void wg_packet_stage(struct wg_peer *peer, struct sk_buff_head *skbs);

/* Requests an initiation; at most one per REKEY_TIMEOUT, built off the hot path. */
void wg_packet_send_queued_handshake_initiation(struct wg_peer *peer, bool is_retry);
/* Process context, after consuming an initiation from @peer. */
void wg_packet_send_handshake_response(struct wg_peer *peer);
/* Process context: answer a handshake message under load with a cookie. */
void wg_packet_send_handshake_cookie(struct wg_device *wg, struct sk_buff *in_skb,
				     __le32 sender_index);

#endif /* WG_SEND_H */
