// SPDX-License-Identifier: GPL-2.0
/*
 * UDP sockets of a device and sending to peers: kernel UDP tunnel sockets,
 * IPv4 + IPv6 (V6ONLY) bound to the listen port in the creating netns, a
 * dst_cache per peer, the sticky source address of protocol.md §8.4, the
 * device fwmark on every packet and UDP checksums on.
 */

#include "socket.h"
#include "device.h"
#include "peer.h"
#include "receive.h"
#include "messages.h"

#include <linux/net.h>
#include <linux/if_ether.h>
#include <linux/inetdevice.h>
#include <net/udp_tunnel.h>
#include <net/ipv6.h>
#include <net/ipv6_stubs.h>
#include <net/addrconf.h>
#include <net/route.h>
#include <net/ip.h>
#include <net/inet_sock.h>

/* Why a send failed in a way that means the sticky source must go. */
enum { WG_SRC_OK, WG_SRC_STALE };

/*
 * The route to @ep, from @cache when it has one; fills @fl for the transmit.
 * A remembered source address that is gone, or whose route now leaves by
 * another interface, is dropped (*@src_state = WG_SRC_STALE).
 */
static struct dst_entry *wg_route4(struct wg_device *wg, struct sock *sock,
				   const struct endpoint *ep,
				   struct dst_cache *cache, int *src_state,
				   struct flowi4 *fl)
{
	struct rtable *rt = NULL;

	*fl = (struct flowi4) {
		.saddr = ep->src4.s_addr,
		.daddr = ep->addr4.sin_addr.s_addr,
		.fl4_dport = ep->addr4.sin_port,
		.fl4_sport = inet_sk(sock)->inet_sport,
		.flowi4_mark = wg->fwmark,
		.flowi4_proto = IPPROTO_UDP,
	};
	if (cache)
		rt = dst_cache_get_ip4(cache, &fl->saddr);
	if (rt)
		return &rt->dst;
	if (fl->saddr && !inet_confirm_addr(sock_net(sock), NULL, 0,
					    fl->saddr, RT_SCOPE_HOST)) {
		/* The remembered local address is gone. */
		fl->saddr = 0;
		*src_state = WG_SRC_STALE;
		if (cache)
			dst_cache_reset(cache);
	}
	rt = ip_route_output_flow(sock_net(sock), fl, sock);
	if (!IS_ERR(rt) && fl->saddr && ep->src_if4 &&
	    rt->dst.dev->ifindex != ep->src_if4) {
		/* The route now leaves elsewhere: forget the source. */
		ip_rt_put(rt);
		fl->saddr = 0;
		*src_state = WG_SRC_STALE;
		if (cache)
			dst_cache_reset(cache);
		rt = ip_route_output_flow(sock_net(sock), fl, sock);
	} else if (IS_ERR(rt) && PTR_ERR(rt) == -EINVAL && fl->saddr) {
		fl->saddr = 0;
		*src_state = WG_SRC_STALE;
		if (cache)
			dst_cache_reset(cache);
		rt = ip_route_output_flow(sock_net(sock), fl, sock);
	}
	if (IS_ERR(rt))
		return ERR_CAST(rt);
	if (cache)
		dst_cache_set_ip4(cache, &rt->dst, fl->saddr);
	return &rt->dst;
}

static struct dst_entry *wg_route6(struct wg_device *wg, struct sock *sock,
				   const struct endpoint *ep,
				   struct dst_cache *cache, int *src_state,
				   struct flowi6 *fl)
{
#if IS_ENABLED(CONFIG_IPV6)
	struct dst_entry *dst = NULL;

	*fl = (struct flowi6) {
		.saddr = ep->src6,
		.daddr = ep->addr6.sin6_addr,
		.fl6_dport = ep->addr6.sin6_port,
		.fl6_sport = inet_sk(sock)->inet_sport,
		.flowi6_mark = wg->fwmark,
		.flowi6_oif = ep->addr6.sin6_scope_id,
		.flowi6_proto = IPPROTO_UDP,
	};
	if (cache)
		dst = dst_cache_get_ip6(cache, &fl->saddr);
	if (dst)
		return dst;
	if (!ipv6_addr_any(&fl->saddr) &&
	    !ipv6_chk_addr(sock_net(sock), &fl->saddr, NULL, 0)) {
		fl->saddr = in6addr_any;
		*src_state = WG_SRC_STALE;
		if (cache)
			dst_cache_reset(cache);
	}
	dst = ipv6_stub->ipv6_dst_lookup_flow(sock_net(sock), sock, fl, NULL);
	if (!IS_ERR(dst) && cache)
		dst_cache_set_ip6(cache, dst, &fl->saddr);
	return dst;
#else
	return ERR_PTR(-EAFNOSUPPORT);
#endif
}

/* Looks up the socket and route for @ep (under rcu_read_lock_bh). */
static struct dst_entry *wg_route(struct wg_device *wg, const struct endpoint *ep,
				  struct dst_cache *cache, int *src_state,
				  struct sock **sock, struct flowi *fl)
{
	struct dst_entry *dst;

	if (ep->addr.sa_family == AF_INET)
		*sock = rcu_dereference_bh(wg->sock4);
	else if (ep->addr.sa_family == AF_INET6)
		*sock = rcu_dereference_bh(wg->sock6);
	else
		return ERR_PTR(-EAFNOSUPPORT);
	if (unlikely(!*sock))
		return ERR_PTR(-ENONET);
	if (ep->addr.sa_family == AF_INET)
		dst = wg_route4(wg, *sock, ep, cache, src_state, &fl->u.ip4);
	else
		dst = wg_route6(wg, *sock, ep, cache, src_state, &fl->u.ip6);
	if (IS_ERR(dst))
		net_dbg_ratelimited("%s: no route to %pISpfsc (%ld)\n",
				    wg->dev->name, &ep->addr, PTR_ERR(dst));
	return dst;
}

/* Sends @skb along @dst (consumes both; under rcu_read_lock_bh). */
static void wg_xmit(struct wg_device *wg, struct sock *sock, struct sk_buff *skb,
		    struct dst_entry *dst, struct flowi *fl, u8 ds)
{
	skb_mark_not_on_list(skb);
	skb->dev = wg->dev;
	skb->mark = wg->fwmark;
	/* The inner packet's offload state means nothing for the outer one. */
	skb->encapsulation = 0;
	skb->ignore_df = 1;
	if (sock->sk_family == AF_INET) {
		struct flowi4 *fl4 = &fl->u.ip4;

		udp_tunnel_xmit_skb((struct rtable *)dst, sock, skb, fl4->saddr,
				    fl4->daddr, ds, ip4_dst_hoplimit(dst), 0,
				    fl4->fl4_sport, fl4->fl4_dport, false, false);
		return;
	}
#if IS_ENABLED(CONFIG_IPV6)
	udp_tunnel6_xmit_skb(dst, sock, skb, skb->dev, &fl->u.ip6.saddr,
			     &fl->u.ip6.daddr, ds, ip6_dst_hoplimit(dst), 0,
			     fl->u.ip6.fl6_sport, fl->u.ip6.fl6_dport, false);
#endif
}

int wg_socket_send_skb_to_peer(struct wg_peer *peer, struct sk_buff *skb, u8 ds)
{
	struct wg_device *wg = peer->device;
	int src_state = WG_SRC_OK;
	unsigned int len = skb->len;
	struct dst_entry *dst;
	struct endpoint ep;
	struct sock *sock;
	struct flowi fl;

	rcu_read_lock_bh();
	/* The lock covers the route lookup and the dst_cache update, not the
	 * transmit: the stack may route the packet back into a WireGuard
	 * device and so into this function again. */
	read_lock_bh(&peer->endpoint_lock);
	if (unlikely(peer->dp.endpoint_dead)) {
		dst = ERR_PTR(-ENOENT);
	} else {
		ep = peer->endpoint;
		dst = wg_route(wg, &ep, &peer->endpoint_cache, &src_state,
			       &sock, &fl);
	}
	read_unlock_bh(&peer->endpoint_lock);
	if (!IS_ERR(dst))
		wg_xmit(wg, sock, skb, dst, &fl, ds);
	rcu_read_unlock_bh();

	if (src_state == WG_SRC_STALE)
		wg_socket_clear_peer_endpoint_src(peer);
	if (IS_ERR(dst)) {
		kfree_skb(skb);
		return PTR_ERR(dst);
	}
	spin_lock_bh(&peer->dp.stats_lock);
	peer->tx_bytes += len;
	spin_unlock_bh(&peer->dp.stats_lock);
	return 0;
}

static struct sk_buff *wg_alloc_message_skb(const void *buffer, size_t len)
{
	struct sk_buff *skb = alloc_skb(len + WG_SKB_HEADER_LEN, GFP_ATOMIC);

	if (unlikely(!skb))
		return NULL;
	skb_reserve(skb, WG_SKB_HEADER_LEN);
	skb_set_inner_network_header(skb, 0);
	skb_put_data(skb, buffer, len);
	return skb;
}

int wg_socket_send_buffer_to_peer(struct wg_peer *peer, const void *buffer,
				  size_t len, u8 ds)
{
	struct sk_buff *skb = wg_alloc_message_skb(buffer, len);

	if (unlikely(!skb))
		return -ENOMEM;
	return wg_socket_send_skb_to_peer(peer, skb, ds);
}

int wg_socket_send_buffer_as_reply_to_skb(struct wg_device *wg,
					  struct sk_buff *in_skb,
					  const void *buffer, size_t len)
{
	int src_state = WG_SRC_OK;
	struct dst_entry *dst;
	struct endpoint ep;
	struct sk_buff *skb;
	struct sock *sock;
	struct flowi fl;
	int ret;

	ret = wg_socket_endpoint_from_skb(&ep, in_skb);
	if (unlikely(ret < 0))
		return ret;
	skb = wg_alloc_message_skb(buffer, len);
	if (unlikely(!skb))
		return -ENOMEM;
	rcu_read_lock_bh();
	dst = wg_route(wg, &ep, NULL, &src_state, &sock, &fl);
	if (!IS_ERR(dst))
		wg_xmit(wg, sock, skb, dst, &fl, 0);
	rcu_read_unlock_bh();
	if (IS_ERR(dst)) {
		kfree_skb(skb);
		return PTR_ERR(dst);
	}
	return 0;
}

int wg_socket_endpoint_from_skb(struct endpoint *ep, const struct sk_buff *skb)
{
	memset(ep, 0, sizeof(*ep));
	if (skb->protocol == htons(ETH_P_IP)) {
		ep->addr4.sin_family = AF_INET;
		ep->addr4.sin_port = udp_hdr(skb)->source;
		ep->addr4.sin_addr.s_addr = ip_hdr(skb)->saddr;
		ep->src4.s_addr = ip_hdr(skb)->daddr;
		ep->src_if4 = skb->skb_iif;
		return 0;
	}
	if (skb->protocol == htons(ETH_P_IPV6)) {
		ep->addr6.sin6_family = AF_INET6;
		ep->addr6.sin6_port = udp_hdr(skb)->source;
		ep->addr6.sin6_addr = ipv6_hdr(skb)->saddr;
		ep->addr6.sin6_scope_id = ipv6_iface_scope_id(&ipv6_hdr(skb)->saddr,
							      skb->skb_iif);
		ep->src6 = ipv6_hdr(skb)->daddr;
		return 0;
	}
	return -EINVAL;
}

static bool wg_endpoint_eq(const struct endpoint *a, const struct endpoint *b)
{
	if (a->addr.sa_family != b->addr.sa_family)
		return false;
	if (a->addr.sa_family == AF_INET)
		return a->addr4.sin_port == b->addr4.sin_port &&
		       a->addr4.sin_addr.s_addr == b->addr4.sin_addr.s_addr &&
		       a->src4.s_addr == b->src4.s_addr &&
		       a->src_if4 == b->src_if4;
	if (a->addr.sa_family == AF_INET6)
		return a->addr6.sin6_port == b->addr6.sin6_port &&
		       ipv6_addr_equal(&a->addr6.sin6_addr, &b->addr6.sin6_addr) &&
		       a->addr6.sin6_scope_id == b->addr6.sin6_scope_id &&
		       ipv6_addr_equal(&a->src6, &b->src6);
	return false;
}

void wg_socket_set_peer_endpoint(struct wg_peer *peer, const struct endpoint *ep)
{
	/* Fast path: the usual packet comes from where the last one did. */
	read_lock_bh(&peer->endpoint_lock);
	if (wg_endpoint_eq(&peer->endpoint, ep)) {
		read_unlock_bh(&peer->endpoint_lock);
		return;
	}
	read_unlock_bh(&peer->endpoint_lock);

	write_lock_bh(&peer->endpoint_lock);
	if (!peer->dp.endpoint_dead) {
		if (ep->addr.sa_family == AF_INET) {
			peer->endpoint.addr4 = ep->addr4;
			peer->endpoint.src4 = ep->src4;
			peer->endpoint.src_if4 = ep->src_if4;
		} else if (ep->addr.sa_family == AF_INET6) {
			peer->endpoint.addr6 = ep->addr6;
			peer->endpoint.src6 = ep->src6;
		}
		dst_cache_reset(&peer->endpoint_cache);
	}
	write_unlock_bh(&peer->endpoint_lock);
}

void wg_socket_set_peer_endpoint_from_skb(struct wg_peer *peer,
					  const struct sk_buff *skb)
{
	struct endpoint ep;

	if (!wg_socket_endpoint_from_skb(&ep, skb))
		wg_socket_set_peer_endpoint(peer, &ep);
}

void wg_socket_set_peer_endpoint_from_sockaddr(struct wg_peer *peer,
					       const struct sockaddr *sa, size_t len)
{
	struct endpoint ep;

	memset(&ep, 0, sizeof(ep));
	if (len == sizeof(struct sockaddr_in) && sa->sa_family == AF_INET)
		ep.addr4 = *(const struct sockaddr_in *)sa;
	else if (len == sizeof(struct sockaddr_in6) && sa->sa_family == AF_INET6)
		ep.addr6 = *(const struct sockaddr_in6 *)sa;
	else
		return;
	if (ep.addr.sa_family == AF_INET6)
		ep.addr6.sin6_flowinfo = 0;
	/* Set from userspace: the sticky source is forgotten (zero above). */
	write_lock_bh(&peer->endpoint_lock);
	if (!peer->dp.endpoint_dead) {
		peer->endpoint = ep;
		dst_cache_reset(&peer->endpoint_cache);
	}
	write_unlock_bh(&peer->endpoint_lock);
}

void wg_socket_clear_peer_endpoint_src(struct wg_peer *peer)
{
	write_lock_bh(&peer->endpoint_lock);
	memset(&peer->endpoint.src6, 0, sizeof(peer->endpoint.src6));
	if (!peer->dp.endpoint_dead)
		dst_cache_reset(&peer->endpoint_cache);
	write_unlock_bh(&peer->endpoint_lock);
}

static void wg_sock_free(struct sock *sk)
{
	if (!sk)
		return;
	udp_tunnel_sock_release(sk->sk_socket);
}

static void wg_set_sock_opts(struct socket *sock)
{
	/* Encrypted packets are never charged against a small send buffer. */
	sock->sk->sk_allocation = GFP_ATOMIC;
	sock->sk->sk_sndbuf = INT_MAX;
}

int wg_socket_init(struct wg_device *wg, u16 port)
{
	struct udp_tunnel_sock_cfg tcfg = {
		.sk_user_data = wg,
		.encap_type = 1,
		.encap_rcv = wg_receive,
	};
	struct socket *new4 = NULL, *new6 = NULL;
	struct udp_port_cfg cfg4 = {
		.family = AF_INET,
		.local_ip.s_addr = htonl(INADDR_ANY),
		.local_udp_port = htons(port),
		.use_udp_checksums = true,
	};
#if IS_ENABLED(CONFIG_IPV6)
	struct udp_port_cfg cfg6 = {
		.family = AF_INET6,
		.local_ip6 = IN6ADDR_ANY_INIT,
		.use_udp6_tx_checksums = true,
		.use_udp6_rx_checksums = true,
		.ipv6_v6only = true,
	};
#endif
	int attempts = 0, ret;
	struct net *net;

	rcu_read_lock();
	net = rcu_dereference(wg->creating_net);
	net = net ? maybe_get_net(net) : NULL;
	rcu_read_unlock();
	if (unlikely(!net))
		return -ENONET;

retry:
	ret = udp_sock_create(net, &cfg4, &new4);
	if (ret < 0) {
		pr_err("%s: could not create IPv4 socket (%d)\n", wg->dev->name, ret);
		goto out;
	}
	wg_set_sock_opts(new4);
	setup_udp_tunnel_sock(net, new4, &tcfg);

#if IS_ENABLED(CONFIG_IPV6)
	if (ipv6_mod_enabled()) {
		/* Same number as the IPv4 socket got (matters when port is 0). */
		cfg6.local_udp_port = inet_sk(new4->sk)->inet_sport;
		ret = udp_sock_create(net, &cfg6, &new6);
		if (ret < 0) {
			udp_tunnel_sock_release(new4);
			new4 = NULL;
			if (ret == -EADDRINUSE && !port && ++attempts < 100)
				goto retry;
			pr_err("%s: could not create IPv6 socket (%d)\n",
			       wg->dev->name, ret);
			goto out;
		}
		wg_set_sock_opts(new6);
		setup_udp_tunnel_sock(net, new6, &tcfg);
	}
#endif

	wg_socket_reinit(wg, new4->sk, new6 ? new6->sk : NULL);
	ret = 0;
out:
	put_net(net);
	return ret;
}

void wg_socket_reinit(struct wg_device *wg, struct sock *new4, struct sock *new6)
{
	struct sock *old4, *old6;

	mutex_lock(&wg->socket_update_lock);
	old4 = rcu_dereference_protected(wg->sock4,
					 lockdep_is_held(&wg->socket_update_lock));
	old6 = rcu_dereference_protected(wg->sock6,
					 lockdep_is_held(&wg->socket_update_lock));
	rcu_assign_pointer(wg->sock4, new4);
	rcu_assign_pointer(wg->sock6, new6);
	if (new4)
		wg->incoming_port = ntohs(inet_sk(new4)->inet_sport);
	mutex_unlock(&wg->socket_update_lock);
	synchronize_net();
	wg_sock_free(old4);
	wg_sock_free(old6);
}
