// SPDX-License-Identifier: GPL-2.0
/*
 * mac1/mac2 validation, cookie replies and their consumption, and the
 * "under load" decision (protocol.md §6). The arithmetic is in macs.c.
 *
 * The device keys (mac1 key and cookie encryption key, both derived from the
 * device's public key) are rewritten only by the configuration path with the
 * identity lock held; the handshake worker reads them without a lock, so a
 * packet racing with a private-key change may fail its mac1 check and is
 * dropped, which is what it deserves anyway.
 */

#include "cookie.h"
#include "macs.h"
#include "device.h"
#include "peer.h"
#include "ratelimiter.h"
#include "handshake.h"

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <linux/random.h>
#include <linux/ktime.h>
#include <linux/timekeeping.h>
#include <net/ipv6.h>

enum {
	COOKIE_SECRET_MAX_AGE = 2 * 60,		/* seconds */
	COOKIE_SECRET_LATENCY = 5,		/* seconds */
};

static bool older_than(u64 birthdate_ns, u64 seconds)
{
	return ktime_get_coarse_boottime_ns() - birthdate_ns >= seconds * NSEC_PER_SEC;
}

void wg_cookie_checker_init(struct cookie_checker *checker, struct wg_device *wg)
{
	memset(checker, 0, sizeof(*checker));
	init_rwsem(&checker->secret_lock);
	checker->device = wg;
	get_random_bytes(checker->secret, sizeof(checker->secret));
	checker->secret_birthdate = ktime_get_coarse_boottime_ns();
}

void wg_cookie_checker_precompute_device_keys(struct cookie_checker *checker)
{
	struct noise_static_identity *id = &checker->device->static_identity;

	if (id->has_identity) {
		wg_macs_cookie_key(checker->cookie_encryption_key, id->static_public);
		wg_macs_mac1_key(checker->message_mac1_key, id->static_public);
	} else {
		memzero_explicit(checker->cookie_encryption_key, NOISE_SYMMETRIC_KEY_LEN);
		memzero_explicit(checker->message_mac1_key, NOISE_SYMMETRIC_KEY_LEN);
	}
}

void wg_cookie_checker_precompute_peer_keys(struct wg_peer *peer)
{
	struct cookie *cookie = &peer->latest_cookie;

	down_write(&cookie->lock);
	wg_macs_cookie_key(cookie->cookie_decryption_key, peer->handshake.remote_static);
	wg_macs_mac1_key(cookie->message_mac1_key, peer->handshake.remote_static);
	up_write(&cookie->lock);
}

void wg_cookie_init(struct cookie *cookie)
{
	memset(cookie, 0, sizeof(*cookie));
	init_rwsem(&cookie->lock);
}

/* The cookie for the packet's outer source address and port, under the
 * current secret (redrawn when older than two minutes). */
static bool make_cookie(u8 cookie[COOKIE_LEN], struct sk_buff *skb,
			struct cookie_checker *checker)
{
	const u8 *addr;
	size_t addr_len;

	if (skb->protocol == htons(ETH_P_IP)) {
		addr = (const u8 *)&ip_hdr(skb)->saddr;
		addr_len = sizeof(struct in_addr);
	} else if (skb->protocol == htons(ETH_P_IPV6)) {
		addr = (const u8 *)&ipv6_hdr(skb)->saddr;
		addr_len = sizeof(struct in6_addr);
	} else {
		return false;
	}

	if (older_than(READ_ONCE(checker->secret_birthdate), COOKIE_SECRET_MAX_AGE)) {
		down_write(&checker->secret_lock);
		if (older_than(checker->secret_birthdate, COOKIE_SECRET_MAX_AGE)) {
			get_random_bytes(checker->secret, NOISE_HASH_LEN);
			WRITE_ONCE(checker->secret_birthdate, ktime_get_coarse_boottime_ns());
		}
		up_write(&checker->secret_lock);
	}
	down_read(&checker->secret_lock);
	wg_macs_cookie_value(cookie, checker->secret, addr, addr_len, udp_hdr(skb)->source);
	up_read(&checker->secret_lock);
	return true;
}

enum cookie_mac_state wg_cookie_validate_packet(struct cookie_checker *checker,
						struct sk_buff *skb, bool check_cookie)
{
	struct wg_device *wg = checker->device;
	enum cookie_mac_state ret;
	u8 cookie[COOKIE_LEN];

	if (!wg_macs_mac1_ok(skb->data, skb->len, checker->message_mac1_key)) {
		wg_device_count_drop(wg, WG_DROP_BAD_MAC1);
		if (skb->protocol == htons(ETH_P_IP))
			wg_dbg(wg, "handshake message from %pI4:%u rejected: bad mac1 (not meant for our public key)\n",
			       &ip_hdr(skb)->saddr, ntohs(udp_hdr(skb)->source));
		else
			wg_dbg(wg, "handshake message from [%pI6c]:%u rejected: bad mac1 (not meant for our public key)\n",
			       &ipv6_hdr(skb)->saddr, ntohs(udp_hdr(skb)->source));
		return INVALID_MAC;
	}
	if (!check_cookie)
		return VALID_MAC_BUT_NO_COOKIE;

	ret = VALID_MAC_BUT_NO_COOKIE;
	if (!make_cookie(cookie, skb, checker))
		goto out;
	if (!wg_macs_mac2_ok(skb->data, skb->len, cookie))
		goto out;
	ret = VALID_MAC_WITH_COOKIE;
	if (!wg_ratelimiter_allow(skb, dev_net(wg->dev))) {
		wg_device_count_drop(wg, WG_DROP_RATE_LIMITED);
		wg_dbg(wg, "handshake message refused by the per-source rate limiter (device under load)\n");
		ret = VALID_MAC_WITH_COOKIE_BUT_RATELIMITED;
	}
out:
	memzero_explicit(cookie, sizeof(cookie));
	return ret;
}

void wg_cookie_add_mac_to_packet(void *message, size_t len, struct wg_peer *peer)
{
	struct message_macs *macs = (struct message_macs *)((u8 *)message + len - sizeof(*macs));
	struct cookie *cookie = &peer->latest_cookie;

	down_write(&cookie->lock);
	wg_macs_compute_mac1(macs->mac1, message, len, cookie->message_mac1_key);
	memcpy(cookie->last_mac1_sent, macs->mac1, COOKIE_LEN);
	cookie->have_sent_mac1 = true;
	if (cookie->is_valid &&
	    !older_than(cookie->birthdate, COOKIE_SECRET_MAX_AGE - COOKIE_SECRET_LATENCY))
		wg_macs_compute_mac2(macs->mac2, message, len, cookie->cookie);
	else
		memset(macs->mac2, 0, COOKIE_LEN);
	up_write(&cookie->lock);
}

void wg_cookie_message_create(struct message_handshake_cookie *dst,
			      struct sk_buff *skb, __le32 index,
			      struct cookie_checker *checker)
{
	const struct message_macs *macs =
		(const struct message_macs *)(skb->data + skb->len - sizeof(*macs));
	u8 cookie[COOKIE_LEN];

	dst->header.type = cpu_to_le32(MESSAGE_HANDSHAKE_COOKIE);
	dst->receiver_index = index;
	get_random_bytes(dst->nonce, COOKIE_NONCE_LEN);
	if (!make_cookie(cookie, skb, checker))
		memset(cookie, 0, sizeof(cookie));	/* not reached: protocol is checked on receive */
	wg_macs_cookie_seal(dst->encrypted_cookie, cookie, macs->mac1, dst->nonce,
			    checker->cookie_encryption_key);
	memzero_explicit(cookie, sizeof(cookie));
}

void wg_cookie_message_consume(struct message_handshake_cookie *src,
			       struct wg_device *wg)
{
	struct wg_peer *peer = NULL;
	struct cookie *latest;
	u8 cookie[COOKIE_LEN];
	bool ok;

	if (!wg_index_lookup(wg->index_hashtable, INDEX_HANDSHAKE | INDEX_KEYPAIR,
			     src->receiver_index, &peer)) {
		wg_device_count_drop(wg, WG_DROP_UNKNOWN_INDEX);
		wg_dbg(wg, "cookie reply rejected: receiver index %08x unknown\n",
		       le32_to_cpu(src->receiver_index));
		return;
	}
	latest = &peer->latest_cookie;

	down_write(&latest->lock);
	if (!latest->have_sent_mac1) {
		up_write(&latest->lock);
		wg_peer_count_drop(peer, WG_DROP_REPLAY);
		wg_peer_dbg(peer, "cookie reply rejected: no handshake message awaiting one\n");
		goto out;
	}
	ok = wg_macs_cookie_open(cookie, src->encrypted_cookie, latest->last_mac1_sent,
				 src->nonce, latest->cookie_decryption_key);
	if (ok) {
		memcpy(latest->cookie, cookie, COOKIE_LEN);
		latest->birthdate = ktime_get_coarse_boottime_ns();
		latest->is_valid = true;
		latest->have_sent_mac1 = false;
	}
	up_write(&latest->lock);
	memzero_explicit(cookie, sizeof(cookie));
	if (ok) {
		wg_peer_dbg(peer, "cookie reply accepted; the next handshake message carries mac2\n");
	} else {
		wg_peer_count_drop(peer, WG_DROP_DECRYPT);
		wg_peer_dbg(peer, "cookie reply rejected: it does not decrypt\n");
	}
out:
	wg_peer_put(peer);
}

/* Boot time (ns) of the last moment a handshake queue was seen at or above
 * the threshold; one value for all devices (protocol.md §6.3). */
static atomic64_t last_under_load = ATOMIC64_INIT(0);

bool wg_cookie_under_load(unsigned int queued_handshakes)
{
	u64 now = ktime_get_coarse_boottime_ns();
	u64 last;

	if (queued_handshakes >= MAX_QUEUED_INCOMING_HANDSHAKES / 8) {
		atomic64_set(&last_under_load, now);
		return true;
	}
	last = atomic64_read(&last_under_load);
	return last && now - last < NSEC_PER_SEC;
}
