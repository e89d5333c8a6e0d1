// SPDX-License-Identifier: GPL-2.0
/*
 * The "wireguard" Generic Netlink family (shared/spec/netlink.md §2-§5).
 *
 * GET_DEVICE is a dump that may span many messages; its cursor (struct
 * dump_ctx) keeps a reference on the next peer to emit and, when a peer's
 * allowed IPs were cut, the trie node to resume from, valid only while the
 * trie's change counter is unchanged.  Every SET bumps the device's
 * generation, which makes later messages of a running dump carry
 * NLM_F_DUMP_INTR.
 *
 * SET_DEVICE checks the whole request (policies, then a semantic pass over
 * every peer and allowed IP) before it changes anything, so a malformed
 * request leaves the device untouched.  Only run-time failures (socket bind,
 * memory) can stop a request half way, with earlier steps kept as upstream.
 */

#include "netlink.h"
#include "device.h"
#include "peer.h"
#include "allowedips.h"
#include "socket.h"
#include "send.h"
#include "crypto/crypto.h"
#include "uapi/wireguard.h"

#include <linux/if.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <crypto/algapi.h>

static struct genl_family wg_genl_family;

static const struct nla_policy allowedip_policy[WGALLOWEDIP_A_MAX + 1] = {
	[WGALLOWEDIP_A_FAMILY]		= { .type = NLA_U16 },
	[WGALLOWEDIP_A_IPADDR]		= NLA_POLICY_MIN_LEN(sizeof(struct in_addr)),
	[WGALLOWEDIP_A_CIDR_MASK]	= { .type = NLA_U8 },
	[WGALLOWEDIP_A_FLAGS]		= { .type = NLA_U32 },
};

static const struct nla_policy peer_policy[WGPEER_A_MAX + 1] = {
	[WGPEER_A_PUBLIC_KEY]		= NLA_POLICY_EXACT_LEN(NOISE_PUBLIC_KEY_LEN),
	[WGPEER_A_PRESHARED_KEY]	= NLA_POLICY_EXACT_LEN(NOISE_SYMMETRIC_KEY_LEN),
	[WGPEER_A_FLAGS]		= { .type = NLA_U32 },
	[WGPEER_A_ENDPOINT]		= NLA_POLICY_MIN_LEN(sizeof(struct sockaddr)),
	[WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL] = { .type = NLA_U16 },
	[WGPEER_A_LAST_HANDSHAKE_TIME]	= NLA_POLICY_EXACT_LEN(sizeof(struct __kernel_timespec)),
	[WGPEER_A_RX_BYTES]		= { .type = NLA_U64 },
	[WGPEER_A_TX_BYTES]		= { .type = NLA_U64 },
	[WGPEER_A_ALLOWEDIPS]		= NLA_POLICY_NESTED_ARRAY(allowedip_policy),
	[WGPEER_A_PROTOCOL_VERSION]	= { .type = NLA_U32 },
	[WGPEER_A_DROPS]		= { .type = NLA_NESTED },
};

static const struct nla_policy device_policy[WGDEVICE_A_MAX + 1] = {
	[WGDEVICE_A_IFINDEX]		= { .type = NLA_U32 },
	[WGDEVICE_A_IFNAME]		= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[WGDEVICE_A_PRIVATE_KEY]	= NLA_POLICY_EXACT_LEN(NOISE_PUBLIC_KEY_LEN),
	[WGDEVICE_A_PUBLIC_KEY]		= NLA_POLICY_EXACT_LEN(NOISE_PUBLIC_KEY_LEN),
	[WGDEVICE_A_FLAGS]		= { .type = NLA_U32 },
	[WGDEVICE_A_LISTEN_PORT]	= { .type = NLA_U16 },
	[WGDEVICE_A_FWMARK]		= { .type = NLA_U32 },
	[WGDEVICE_A_PEERS]		= NLA_POLICY_NESTED_ARRAY(peer_policy),
	[WGDEVICE_A_DROPS]		= { .type = NLA_NESTED },
};

/* Resolves the selector; on success the net_device is held (dev_put when done). */
static struct wg_device *lookup_interface(struct nlattr **attrs, struct sk_buff *skb)
{
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;

	if (!attrs[WGDEVICE_A_IFINDEX] == !attrs[WGDEVICE_A_IFNAME])
		return ERR_PTR(-EBADR);
	if (attrs[WGDEVICE_A_IFINDEX])
		dev = dev_get_by_index(net, nla_get_u32(attrs[WGDEVICE_A_IFINDEX]));
	else
		dev = dev_get_by_name(net, nla_data(attrs[WGDEVICE_A_IFNAME]));
	if (!dev)
		return ERR_PTR(-ENODEV);
	if (!wg_is_wg_device(dev)) {
		dev_put(dev);
		return ERR_PTR(-EOPNOTSUPP);
	}
	return netdev_priv(dev);
}

/* ---------------------------------------------------------------- GET */

struct dump_ctx {
	struct wg_device *wg;
	struct wg_peer *peer;			/* next to emit; reference held */
	struct allowedips_node *resume;		/* cut point in peer's list */
	u64 allowedips_seq;			/* trie version @resume belongs to */
	bool started, completed_any;
};

static struct dump_ctx *dump_ctx(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct dump_ctx) > sizeof(cb->ctx));
	return (struct dump_ctx *)cb->ctx;
}

/* Only non-zero counters go out, and no nest at all when every one is zero:
 * an absent WG*_A_DROPS means "nothing dropped" (most peers, most of the time). */
static int put_drops(struct sk_buff *skb, int type, atomic64_t *drops)
{
	struct nlattr *nest = NULL;
	unsigned int i;
	u64 v;

	for (i = 1; i < __WG_DROP_LAST; ++i) {
		v = atomic64_read(&drops[i]);
		if (!v)
			continue;
		if (!nest) {
			nest = nla_nest_start(skb, type);
			if (!nest)
				return -EMSGSIZE;
		}
		if (nla_put_u64_64bit(skb, i, v, WG_DROP_UNSPEC)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	if (nest)
		nla_nest_end(skb, nest);
	return 0;
}

static int put_device_attrs(struct sk_buff *skb, struct wg_device *wg)
{
	struct noise_static_identity *id = &wg->static_identity;
	int ret = 0;

	if (nla_put_u16(skb, WGDEVICE_A_LISTEN_PORT, wg->incoming_port) ||
	    nla_put_u32(skb, WGDEVICE_A_FWMARK, wg->fwmark) ||
	    nla_put_u32(skb, WGDEVICE_A_IFINDEX, wg->dev->ifindex) ||
	    nla_put_string(skb, WGDEVICE_A_IFNAME, wg->dev->name))
		return -EMSGSIZE;
	down_read(&id->lock);
	if (id->has_identity &&
	    (nla_put(skb, WGDEVICE_A_PRIVATE_KEY, NOISE_PUBLIC_KEY_LEN, id->static_private) ||
	     nla_put(skb, WGDEVICE_A_PUBLIC_KEY, NOISE_PUBLIC_KEY_LEN, id->static_public)))
		ret = -EMSGSIZE;
	up_read(&id->lock);
	if (!ret)
		ret = put_drops(skb, WGDEVICE_A_DROPS, wg->drops);
	return ret;
}

/* Everything of a peer but its public key and allowed IPs. */
static int put_peer_state(struct sk_buff *skb, struct wg_peer *peer)
{
	struct __kernel_timespec last = {
		.tv_sec = peer->walltime_last_handshake.tv_sec,
		.tv_nsec = peer->walltime_last_handshake.tv_nsec,
	};
	int ret = 0;

	lockdep_assert_held(&peer->device->device_update_lock);
	/* Every writer of the PSK holds device_update_lock, as we do. */
	if (nla_put(skb, WGPEER_A_PRESHARED_KEY, NOISE_SYMMETRIC_KEY_LEN,
		    peer->handshake.preshared_key) ||
	    nla_put(skb, WGPEER_A_LAST_HANDSHAKE_TIME, sizeof(last), &last) ||
	    nla_put_u16(skb, WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL,
			READ_ONCE(peer->persistent_keepalive_interval)) ||
	    nla_put_u64_64bit(skb, WGPEER_A_TX_BYTES, READ_ONCE(peer->tx_bytes),
			      WGPEER_A_UNSPEC) ||
	    nla_put_u64_64bit(skb, WGPEER_A_RX_BYTES, READ_ONCE(peer->rx_bytes),
			      WGPEER_A_UNSPEC) ||
	    nla_put_u32(skb, WGPEER_A_PROTOCOL_VERSION, 1))
		return -EMSGSIZE;

	read_lock_bh(&peer->endpoint_lock);
	if (peer->endpoint.addr.sa_family == AF_INET)
		ret = nla_put(skb, WGPEER_A_ENDPOINT, sizeof(peer->endpoint.addr4),
			      &peer->endpoint.addr4);
	else if (peer->endpoint.addr.sa_family == AF_INET6)
		ret = nla_put(skb, WGPEER_A_ENDPOINT, sizeof(peer->endpoint.addr6),
			      &peer->endpoint.addr6);
	read_unlock_bh(&peer->endpoint_lock);
	if (ret)
		return ret;
	return put_drops(skb, WGPEER_A_DROPS, peer->drops);
}

static int put_allowedip(struct sk_buff *skb, const struct allowedips_node *node)
{
	struct nlattr *nest = nla_nest_start(skb, 0);
	u8 ip[16], cidr;
	int family;

	if (!nest)
		return -EMSGSIZE;
	family = wg_allowedips_read_node(node, ip, &cidr);
	if (nla_put_u8(skb, WGALLOWEDIP_A_CIDR_MASK, cidr) ||
	    nla_put_u16(skb, WGALLOWEDIP_A_FAMILY, family) ||
	    nla_put(skb, WGALLOWEDIP_A_IPADDR, family == AF_INET6 ? 16 : 4, ip)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * Emits one peer element.  Returns 0 if the peer is complete, 1 if it was cut
 * (ctx->resume says where to go on), -EMSGSIZE if nothing of it fitted.
 */
static int put_peer(struct sk_buff *skb, struct wg_peer *peer, struct dump_ctx *ctx)
{
	struct allowedips *table = peer->device->peer_allowedips;
	struct list_head *head = &peer->allowedips_list;
	struct allowedips_node *node;
	struct nlattr *nest, *ips;
	bool fresh = !ctx->resume;
	unsigned int sent = 0;

	nest = nla_nest_start(skb, 0);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put(skb, WGPEER_A_PUBLIC_KEY, NOISE_PUBLIC_KEY_LEN,
		    peer->handshake.remote_static))
		goto cancel;
	if (fresh) {
		if (put_peer_state(skb, peer))
			goto cancel;
		node = list_first_entry_or_null(head, struct allowedips_node, peer_list);
	} else if (ctx->allowedips_seq == table->seq) {
		node = ctx->resume;
	} else {
		/* The list changed since the cut: the dump is already marked
		 * inconsistent (DUMP_INTR), do not follow a stale cursor. */
		node = NULL;
	}
	if (!node)
		goto done;

	ips = nla_nest_start(skb, WGPEER_A_ALLOWEDIPS);
	if (ips) {
		for (; !list_entry_is_head(node, head, peer_list);
		     node = list_next_entry(node, peer_list)) {
			if (put_allowedip(skb, node))
				break;
			++sent;
		}
		if (sent)
			nla_nest_end(skb, ips);
		else
			nla_nest_cancel(skb, ips);
	}
	if (list_entry_is_head(node, head, peer_list))
		goto done;
	if (!sent && !fresh)
		goto cancel;	/* only the key would go out: try the next message */
	ctx->resume = node;
	ctx->allowedips_seq = table->seq;
	nla_nest_end(skb, nest);
	return 1;

done:
	ctx->resume = NULL;
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int wg_get_device_start(struct netlink_callback *cb)
{
	struct wg_device *wg = lookup_interface(genl_dumpit_info(cb)->attrs, cb->skb);

	if (IS_ERR(wg))
		return PTR_ERR(wg);
	dump_ctx(cb)->wg = wg;
	return 0;
}

static int wg_get_device_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct dump_ctx *ctx = dump_ctx(cb);
	struct wg_device *wg = ctx->wg;
	struct wg_peer *cursor = ctx->peer, *peer;
	struct nlattr *peers_nest;
	unsigned int emitted = 0;
	void *hdr;
	int ret;

	rtnl_lock();
	mutex_lock(&wg->device_update_lock);
	cb->seq = wg->device_update_gen;
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &wg_genl_family, NLM_F_MULTI, WG_CMD_GET_DEVICE);
	ret = -EMSGSIZE;
	if (!hdr)
		goto out;
	genl_dump_check_consistent(cb, hdr);

	/* Device attributes until a first peer has been completed. */
	if (!ctx->completed_any && put_device_attrs(skb, wg))
		goto cancel;

	if (!ctx->started) {
		peer = list_first_entry_or_null(&wg->peer_list, struct wg_peer, peer_list);
	} else if (cursor && READ_ONCE(cursor->is_dead)) {
		/* Removed between two messages: the generation changed, so
		 * userspace sees DUMP_INTR and starts over. */
		peer = NULL;
		ctx->resume = NULL;
	} else {
		peer = cursor;
	}
	if (peer) {
		peers_nest = nla_nest_start(skb, WGDEVICE_A_PEERS);
		if (!peers_nest)
			goto cancel;
		/* Peers leave the list only under device_update_lock, which we
		 * hold: the walk itself needs no references. */
		while (peer) {
			ret = put_peer(skb, peer, ctx);
			if (ret < 0)
				break;
			++emitted;
			if (ret > 0)
				break;
			ctx->completed_any = true;
			peer = list_is_last(&peer->peer_list, &wg->peer_list) ? NULL :
			       list_next_entry(peer, peer_list);
		}
		if (!emitted) {
			/* Not even one peer fits in an empty message: give up. */
			ret = -EMSGSIZE;
			nla_nest_cancel(skb, peers_nest);
			goto cancel;
		}
		nla_nest_end(skb, peers_nest);
	}
	genlmsg_end(skb, hdr);
	ctx->started = true;
	/* Between calls the one reference is on the cursor. */
	if (peer != cursor) {
		ctx->peer = peer ? wg_peer_get(peer) : NULL;
		wg_peer_put(cursor);
	}
	/* With the last peer out, 0 ends the dump: netlink appends NLMSG_DONE
	 * to this skb instead of calling us again for an empty one. */
	ret = peer ? skb->len : 0;
	goto out;

cancel:
	genlmsg_cancel(skb, hdr);
	ret = -EMSGSIZE;
out:
	mutex_unlock(&wg->device_update_lock);
	rtnl_unlock();
	return ret;
}

static int wg_get_device_done(struct netlink_callback *cb)
{
	struct dump_ctx *ctx = dump_ctx(cb);

	if (ctx->wg) {
		wg_peer_put(ctx->peer);
		dev_put(ctx->wg->dev);
	}
	return 0;
}

/* ---------------------------------------------------------------- SET */

static int validate_allowedip(struct nlattr *attr, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[WGALLOWEDIP_A_MAX + 1];
	unsigned int len;
	u16 family;
	u8 cidr;
	int ret;

	ret = nla_parse_nested(tb, WGALLOWEDIP_A_MAX, attr, allowedip_policy, extack);
	if (ret < 0)
		return ret;
	if (!tb[WGALLOWEDIP_A_FAMILY] || !tb[WGALLOWEDIP_A_IPADDR] ||
	    !tb[WGALLOWEDIP_A_CIDR_MASK]) {
		NL_SET_ERR_MSG(extack, "allowed IP needs family, address and cidr");
		return -EINVAL;
	}
	family = nla_get_u16(tb[WGALLOWEDIP_A_FAMILY]);
	cidr = nla_get_u8(tb[WGALLOWEDIP_A_CIDR_MASK]);
	len = nla_len(tb[WGALLOWEDIP_A_IPADDR]);
	if (!((family == AF_INET && len == sizeof(struct in_addr) && cidr <= 32) ||
	      (family == AF_INET6 && len == sizeof(struct in6_addr) && cidr <= 128))) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "bad allowed IP family, length or cidr");
		return -EINVAL;
	}
	if (tb[WGALLOWEDIP_A_FLAGS] &&
	    (nla_get_u32(tb[WGALLOWEDIP_A_FLAGS]) & ~WG_ALLOWEDIP_F_ALL)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[WGALLOWEDIP_A_FLAGS], "unknown allowed IP flags");
		return -EINVAL;
	}
	return 0;
}

static int validate_peer(struct nlattr *attr, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[WGPEER_A_MAX + 1], *ip;
	int ret, rem;

	ret = nla_parse_nested(tb, WGPEER_A_MAX, attr, peer_policy, extack);
	if (ret < 0)
		return ret;
	if (!tb[WGPEER_A_PUBLIC_KEY]) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "peer without public key");
		return -EINVAL;
	}
	if (tb[WGPEER_A_FLAGS] && (nla_get_u32(tb[WGPEER_A_FLAGS]) & ~WG_PEER_F_ALL)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[WGPEER_A_FLAGS], "unknown peer flags");
		return -EOPNOTSUPP;
	}
	if (tb[WGPEER_A_PROTOCOL_VERSION] &&
	    nla_get_u32(tb[WGPEER_A_PROTOCOL_VERSION]) != 1) {
		NL_SET_ERR_MSG_ATTR(extack, tb[WGPEER_A_PROTOCOL_VERSION],
				    "only protocol version 1 exists");
		return -EPFNOSUPPORT;
	}
	if (tb[WGPEER_A_ALLOWEDIPS]) {
		nla_for_each_nested(ip, tb[WGPEER_A_ALLOWEDIPS], rem) {
			ret = validate_allowedip(ip, extack);
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

static int validate_request(struct nlattr **attrs, struct netlink_ext_ack *extack)
{
	struct nlattr *peer;
	int ret, rem;

	if (attrs[WGDEVICE_A_FLAGS] &&
	    (nla_get_u32(attrs[WGDEVICE_A_FLAGS]) & ~WG_DEVICE_F_ALL)) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[WGDEVICE_A_FLAGS], "unknown device flags");
		return -EOPNOTSUPP;
	}
	if (attrs[WGDEVICE_A_PEERS]) {
		nla_for_each_nested(peer, attrs[WGDEVICE_A_PEERS], rem) {
			ret = validate_peer(peer, extack);
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

/* Key bytes of the request do not outlive it. */
static void wipe_request_keys(struct nlattr **attrs)
{
	struct nlattr *peer, *tb[WGPEER_A_MAX + 1];
	int rem;

	if (attrs[WGDEVICE_A_PRIVATE_KEY])
		memzero_explicit(nla_data(attrs[WGDEVICE_A_PRIVATE_KEY]),
				 nla_len(attrs[WGDEVICE_A_PRIVATE_KEY]));
	if (!attrs[WGDEVICE_A_PEERS])
		return;
	nla_for_each_nested(peer, attrs[WGDEVICE_A_PEERS], rem) {
		if (nla_parse_nested(tb, WGPEER_A_MAX, peer, peer_policy, NULL) < 0)
			continue;
		if (tb[WGPEER_A_PRESHARED_KEY])
			memzero_explicit(nla_data(tb[WGPEER_A_PRESHARED_KEY]),
					 nla_len(tb[WGPEER_A_PRESHARED_KEY]));
	}
}

static void forget_endpoint_sources(struct wg_device *wg)
{
	struct wg_peer *peer;

	list_for_each_entry(peer, &wg->peer_list, peer_list)
		wg_socket_clear_peer_endpoint_src(peer);
}

static int set_port(struct wg_device *wg, u16 port)
{
	int ret;

	if (wg->incoming_port == port)
		return 0;
	if (netif_running(wg->dev)) {
		/* Binds first: on failure the old sockets and port stay. */
		ret = wg_socket_init(wg, port);
		if (ret < 0)
			return ret;
	} else {
		wg->incoming_port = port;
	}
	forget_endpoint_sources(wg);
	return 0;
}

static void set_private_key(struct wg_device *wg, const u8 *key)
{
	struct noise_static_identity *id = &wg->static_identity;
	u8 clamped[NOISE_PUBLIC_KEY_LEN], public_key[NOISE_PUBLIC_KEY_LEN];
	bool zero = !memchr_inv(key, 0, NOISE_PUBLIC_KEY_LEN), had_identity;
	struct wg_peer *peer;

	memcpy(clamped, key, NOISE_PUBLIC_KEY_LEN);
	wg_curve25519_clamp_secret(clamped);
	if (id->has_identity ? !crypto_memneq(id->static_private, clamped, NOISE_PUBLIC_KEY_LEN)
			     : zero)
		goto out;	/* unchanged */

	/* A peer with our own new public key would be ourselves: drop it. */
	if (!zero && wg_curve25519_generate_public(public_key, clamped)) {
		peer = wg_peer_lookup_by_pubkey(wg, public_key);
		if (peer) {
			wg_peer_remove(peer);
			wg_peer_put(peer);
		}
	}

	down_write(&id->lock);
	had_identity = id->has_identity;
	wg_noise_set_static_identity_private_key(id, key);
	list_for_each_entry(peer, &wg->peer_list, peer_list) {
		wg_noise_precompute_static_static(peer);
		wg_noise_expire_current_peer_keypairs(peer);
	}
	wg_cookie_checker_precompute_device_keys(&wg->cookie_checker);
	up_write(&id->lock);

	if (!had_identity && id->has_identity && netif_running(wg->dev))
		list_for_each_entry(peer, &wg->peer_list, peer_list)
			wg_packet_send_staged_packets(peer);
out:
	memzero_explicit(clamped, sizeof(clamped));
	memzero_explicit(public_key, sizeof(public_key));
}

static int set_allowedip(struct wg_device *wg, struct wg_peer *peer, struct nlattr *attr)
{
	struct nlattr *tb[WGALLOWEDIP_A_MAX + 1];
	struct mutex *lock = &wg->device_update_lock;
	struct allowedips *table = wg->peer_allowedips;
	bool remove;
	u16 family;
	u8 cidr;
	int ret;

	ret = nla_parse_nested(tb, WGALLOWEDIP_A_MAX, attr, allowedip_policy, NULL);
	if (ret < 0)
		return ret;
	family = nla_get_u16(tb[WGALLOWEDIP_A_FAMILY]);
	cidr = nla_get_u8(tb[WGALLOWEDIP_A_CIDR_MASK]);
	remove = tb[WGALLOWEDIP_A_FLAGS] &&
		 (nla_get_u32(tb[WGALLOWEDIP_A_FLAGS]) & WGALLOWEDIP_F_REMOVE_ME);
	if (family == AF_INET) {
		const struct in_addr *ip = nla_data(tb[WGALLOWEDIP_A_IPADDR]);

		if (remove)
			wg_allowedips_remove_v4(table, ip, cidr, peer, lock);
		else
			ret = wg_allowedips_insert_v4(table, ip, cidr, peer, lock);
	} else {
		const struct in6_addr *ip = nla_data(tb[WGALLOWEDIP_A_IPADDR]);

		if (remove)
			wg_allowedips_remove_v6(table, ip, cidr, peer, lock);
		else
			ret = wg_allowedips_insert_v6(table, ip, cidr, peer, lock);
	}
	return ret;
}

static int set_peer(struct wg_device *wg, struct nlattr *attr, struct list_head *dead)
{
	struct nlattr *tb[WGPEER_A_MAX + 1], *ip;
	const u8 *public_key, *preshared_key = NULL;
	struct wg_peer *peer;
	u32 flags = 0;
	int ret, rem;

	ret = nla_parse_nested(tb, WGPEER_A_MAX, attr, peer_policy, NULL);
	if (ret < 0)
		return ret;
	public_key = nla_data(tb[WGPEER_A_PUBLIC_KEY]);
	if (tb[WGPEER_A_PRESHARED_KEY])
		preshared_key = nla_data(tb[WGPEER_A_PRESHARED_KEY]);
	if (tb[WGPEER_A_FLAGS])
		flags = nla_get_u32(tb[WGPEER_A_FLAGS]);

	peer = wg_peer_lookup_by_pubkey(wg, public_key);
	if (!peer) {
		bool ours;

		if (flags & (WGPEER_F_REMOVE_ME | WGPEER_F_UPDATE_ONLY))
			return 0;
		down_read(&wg->static_identity.lock);
		ours = wg->static_identity.has_identity &&
		       !crypto_memneq(public_key, wg->static_identity.static_public,
				      NOISE_PUBLIC_KEY_LEN);
		up_read(&wg->static_identity.lock);
		if (ours)
			return 0;	/* one config can be pushed to every member */
		peer = wg_peer_create(wg, public_key, preshared_key);
		if (IS_ERR(peer))
			return PTR_ERR(peer);
		wg_peer_get(peer);
	}

	if (flags & WGPEER_F_REMOVE_ME) {
		wg_peer_remove_defer(peer, dead);	/* finished once per request */
		goto out;
	}
	if (preshared_key) {
		down_write(&peer->handshake.lock);
		memcpy(peer->handshake.preshared_key, preshared_key, NOISE_SYMMETRIC_KEY_LEN);
		up_write(&peer->handshake.lock);
	}
	if (tb[WGPEER_A_ENDPOINT]) {
		const struct sockaddr *sa = nla_data(tb[WGPEER_A_ENDPOINT]);
		size_t len = nla_len(tb[WGPEER_A_ENDPOINT]);

		if ((len == sizeof(struct sockaddr_in) && sa->sa_family == AF_INET) ||
		    (len == sizeof(struct sockaddr_in6) && sa->sa_family == AF_INET6))
			wg_socket_set_peer_endpoint_from_sockaddr(peer, sa, len);
	}
	if (flags & WGPEER_F_REPLACE_ALLOWEDIPS)
		wg_allowedips_remove_by_peer(wg->peer_allowedips, peer, &wg->device_update_lock);
	if (tb[WGPEER_A_ALLOWEDIPS]) {
		nla_for_each_nested(ip, tb[WGPEER_A_ALLOWEDIPS], rem) {
			ret = set_allowedip(wg, peer, ip);
			if (ret < 0)
				goto out;
		}
	}
	if (tb[WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL]) {
		u16 interval = nla_get_u16(tb[WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL]);
		bool kick = !peer->persistent_keepalive_interval && interval &&
			    netif_running(wg->dev);

		WRITE_ONCE(peer->persistent_keepalive_interval, interval);
		if (kick)
			wg_packet_send_keepalive(peer);
	}
	if (netif_running(wg->dev))
		wg_packet_send_staged_packets(peer);
out:
	wg_peer_put(peer);
	return ret;
}

static int wg_set_device(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct wg_device *wg = lookup_interface(attrs, skb);
	struct nlattr *peer;
	LIST_HEAD(dead);
	int ret, rem;

	if (IS_ERR(wg)) {
		ret = PTR_ERR(wg);
		goto out_wipe;
	}
	rtnl_lock();
	mutex_lock(&wg->device_update_lock);

	ret = validate_request(attrs, info->extack);
	if (ret < 0)
		goto out;

	if (attrs[WGDEVICE_A_LISTEN_PORT] || attrs[WGDEVICE_A_FWMARK]) {
		struct net *net = rcu_dereference_protected(wg->creating_net,
				lockdep_is_held(&wg->device_update_lock));

		ret = -EPERM;
		if (!net || !ns_capable(net->user_ns, CAP_NET_ADMIN))
			goto out;
		ret = 0;
	}

	if (!++wg->device_update_gen)
		wg->device_update_gen = 1;

	/* The port goes first so that a bind failure changes nothing. */
	if (attrs[WGDEVICE_A_LISTEN_PORT]) {
		ret = set_port(wg, nla_get_u16(attrs[WGDEVICE_A_LISTEN_PORT]));
		if (ret < 0)
			goto out;
	}
	if (attrs[WGDEVICE_A_FWMARK]) {
		WRITE_ONCE(wg->fwmark, nla_get_u32(attrs[WGDEVICE_A_FWMARK]));
		forget_endpoint_sources(wg);
	}
	if (attrs[WGDEVICE_A_FLAGS] &&
	    (nla_get_u32(attrs[WGDEVICE_A_FLAGS]) & WGDEVICE_F_REPLACE_PEERS))
		wg_peer_remove_all(wg);
	if (attrs[WGDEVICE_A_PRIVATE_KEY])
		set_private_key(wg, nla_data(attrs[WGDEVICE_A_PRIVATE_KEY]));
	if (attrs[WGDEVICE_A_PEERS]) {
		nla_for_each_nested(peer, attrs[WGDEVICE_A_PEERS], rem) {
			ret = set_peer(wg, peer, &dead);
			if (ret < 0)
				break;
		}
		wg_peer_remove_finish(&dead);
	}

out:
	mutex_unlock(&wg->device_update_lock);
	rtnl_unlock();
	dev_put(wg->dev);
out_wipe:
	wipe_request_keys(attrs);
	return ret;
}

static const struct genl_ops wg_genl_ops[] = {
	{
		.cmd = WG_CMD_GET_DEVICE,
		.start = wg_get_device_start,
		.dumpit = wg_get_device_dump,
		.done = wg_get_device_done,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = WG_CMD_SET_DEVICE,
		.doit = wg_set_device,
		.flags = GENL_UNS_ADMIN_PERM,
	}
};

static struct genl_family wg_genl_family __ro_after_init = {
	.ops = wg_genl_ops,
	.n_ops = ARRAY_SIZE(wg_genl_ops),
	.resv_start_op = WG_CMD_SET_DEVICE + 1,
	.name = WG_GENL_NAME,
	.version = WG_GENL_VERSION,
	.maxattr = WGDEVICE_A_MAX,
	.policy = device_policy,
	.module = THIS_MODULE,
	.netnsok = true,
};

int __init wg_genetlink_init(void)
{
	return genl_register_family(&wg_genl_family);
}

void wg_genetlink_uninit(void)
{
	genl_unregister_family(&wg_genl_family);
}
