/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The "wireguard" Generic Netlink API, shared by the module and by wg(8).
 *
 * Numbers 0..10 at each level are the upstream ABI (see shared/spec/netlink.md);
 * the attributes numbered after upstream's last one are this project's
 * extensions: upstream tools ignore them.
 */
#ifndef WG_UAPI_WIREGUARD_H
#define WG_UAPI_WIREGUARD_H

#define WG_GENL_NAME "wireguard"
#define WG_GENL_VERSION 1
#define WG_KEY_LEN 32

enum wg_cmd {
	WG_CMD_GET_DEVICE,
	WG_CMD_SET_DEVICE,
	__WG_CMD_MAX
};
#define WG_CMD_MAX (__WG_CMD_MAX - 1)

enum wgdevice_flag {
	WGDEVICE_F_REPLACE_PEERS = 1U << 0,
};
#define WG_DEVICE_F_ALL WGDEVICE_F_REPLACE_PEERS

enum wgdevice_attribute {
	WGDEVICE_A_UNSPEC,
	WGDEVICE_A_IFINDEX,		/* u32 */
	WGDEVICE_A_IFNAME,		/* NUL-terminated string */
	WGDEVICE_A_PRIVATE_KEY,		/* 32 bytes */
	WGDEVICE_A_PUBLIC_KEY,		/* 32 bytes */
	WGDEVICE_A_FLAGS,		/* u32 */
	WGDEVICE_A_LISTEN_PORT,		/* u16 */
	WGDEVICE_A_FWMARK,		/* u32 */
	WGDEVICE_A_PEERS,		/* nested array */
	/* extensions */
	WGDEVICE_A_DROPS,		/* nested, enum wg_drop_reason -> u64 */
	__WGDEVICE_A_LAST
};
#define WGDEVICE_A_MAX (__WGDEVICE_A_LAST - 1)

enum wgpeer_flag {
	WGPEER_F_REMOVE_ME = 1U << 0,
	WGPEER_F_REPLACE_ALLOWEDIPS = 1U << 1,
	WGPEER_F_UPDATE_ONLY = 1U << 2,
};
#define WG_PEER_F_ALL (WGPEER_F_REMOVE_ME | WGPEER_F_REPLACE_ALLOWEDIPS | \
		       WGPEER_F_UPDATE_ONLY)

enum wgpeer_attribute {
	WGPEER_A_UNSPEC,
	WGPEER_A_PUBLIC_KEY,		/* 32 bytes */
	WGPEER_A_PRESHARED_KEY,		/* 32 bytes */
	WGPEER_A_FLAGS,			/* u32 */
	WGPEER_A_ENDPOINT,		/* struct sockaddr_in or sockaddr_in6 */
	WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL, /* u16 */
	WGPEER_A_LAST_HANDSHAKE_TIME,	/* struct __kernel_timespec */
	WGPEER_A_RX_BYTES,		/* u64 */
	WGPEER_A_TX_BYTES,		/* u64 */
	WGPEER_A_ALLOWEDIPS,		/* nested array */
	WGPEER_A_PROTOCOL_VERSION,	/* u32 */
	/* extensions */
	WGPEER_A_DROPS,			/* nested, enum wg_drop_reason -> u64 */
	__WGPEER_A_LAST
};
#define WGPEER_A_MAX (__WGPEER_A_LAST - 1)

enum wgallowedip_flag {
	WGALLOWEDIP_F_REMOVE_ME = 1U << 0,
};
#define WG_ALLOWEDIP_F_ALL WGALLOWEDIP_F_REMOVE_ME

enum wgallowedip_attribute {
	WGALLOWEDIP_A_UNSPEC,
	WGALLOWEDIP_A_FAMILY,		/* u16 */
	WGALLOWEDIP_A_IPADDR,		/* struct in_addr or in6_addr */
	WGALLOWEDIP_A_CIDR_MASK,	/* u8 */
	WGALLOWEDIP_A_FLAGS,		/* u32 (upstream >= 6.16) */
	__WGALLOWEDIP_A_LAST
};
#define WGALLOWEDIP_A_MAX (__WGALLOWEDIP_A_LAST - 1)

/*
 * Extension: reasons a packet was dropped. Inside WGDEVICE_A_DROPS and
 * WGPEER_A_DROPS each counter is a u64 attribute whose type is the reason
 * (type 0 is padding). Only non-zero counters are sent, and the nest is
 * left out when all are zero: absent means nothing was dropped.
 */
enum wg_drop_reason {
	WG_DROP_UNSPEC,
	WG_DROP_BAD_MAC1,		/* handshake with an invalid mac1 */
	WG_DROP_UNKNOWN_INDEX,		/* receiver index names nothing */
	WG_DROP_REPLAY,			/* counter seen or too old; stale timestamp */
	WG_DROP_DECRYPT,		/* AEAD tag or handshake crypto failed */
	WG_DROP_DISALLOWED_SRC,		/* inner source not in peer's allowed IPs */
	WG_DROP_RATE_LIMITED,		/* refused by the handshake rate limiter */
	WG_DROP_NO_KEY,			/* no usable key; staged queue overflow */
	WG_DROP_MALFORMED,		/* bad type or length, bad inner header */
	WG_DROP_NO_PEER,		/* transmit: no peer for the destination */
	__WG_DROP_LAST
};
#define WG_DROP_MAX (__WG_DROP_LAST - 1)

#endif /* WG_UAPI_WIREGUARD_H */
