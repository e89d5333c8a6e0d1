/* SPDX-License-Identifier: GPL-2.0 */
/* Receiving from the UDP sockets (protocol.md §3.1, §5, §8.3). */
#ifndef WG_RECEIVE_H
#define WG_RECEIVE_H

#include <linux/skbuff.h>

struct sock;

/* encap_rcv hook of both sockets; always consumes @skb and returns 0. */
int wg_receive(struct sock *sk, struct sk_buff *skb);

#endif /* WG_RECEIVE_H */
