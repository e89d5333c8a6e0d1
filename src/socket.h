/* SPDX-License-Identifier: GPL-2.0 */
/* The device's UDP sockets and peer endpoints (protocol.md §8.4, netlink.md §5.4). */
#ifndef WG_SOCKET_H
#define WG_SOCKET_H

#include <linux/types.h>
#include <linux/socket.h>
#include <linux/skbuff.h>

struct wg_device;
struct wg_peer;
struct sock;
struct endpoint;

/* Binds IPv4 + IPv6 (V6ONLY) sockets on @port (0 = random) in the creating
 * netns and swaps them in; on error nothing changes. */
int wg_socket_init(struct wg_device *wg, u16 port);
/* Installs @new4/@new6 (either may be NULL) and releases the old ones. */
void wg_socket_reinit(struct wg_device *wg, struct sock *new4, struct sock *new6);

/* Sends @len bytes of @buffer to the peer's endpoint with outer DS @ds. */
int wg_socket_send_buffer_to_peer(struct wg_peer *peer, const void *buffer,
				  size_t len, u8 ds);
/* Sends an already built message skb (data starts at our header); consumes it. */
int wg_socket_send_skb_to_peer(struct wg_peer *peer, struct sk_buff *skb, u8 ds);
/* Answers the outer source of @in_skb (cookie replies); no peer state. */
int wg_socket_send_buffer_as_reply_to_skb(struct wg_device *wg,
					  struct sk_buff *in_skb,
					  const void *buffer, size_t len);

/* Outer source/destination of a received packet as an endpoint. */
int wg_socket_endpoint_from_skb(struct endpoint *endpoint, const struct sk_buff *skb);
void wg_socket_set_peer_endpoint(struct wg_peer *peer, const struct endpoint *endpoint);
void wg_socket_set_peer_endpoint_from_skb(struct wg_peer *peer, const struct sk_buff *skb);
void wg_socket_set_peer_endpoint_from_sockaddr(struct wg_peer *peer,
					       const struct sockaddr *sa, size_t len);
void wg_socket_clear_peer_endpoint_src(struct wg_peer *peer);

#endif /* WG_SOCKET_H */
