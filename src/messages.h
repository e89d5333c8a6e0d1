/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wire format and protocol constants (shared/spec/protocol.md §2, §3).
 * Everything here is fixed by the protocol: no field is variable-length
 * except the transport ciphertext.
 */
#ifndef WG_MESSAGES_H
#define WG_MESSAGES_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/param.h>
#include <linux/skbuff.h>
#else
#include "tests/shim/proto.h"
#endif

enum {
	NOISE_PUBLIC_KEY_LEN = 32,
	NOISE_SYMMETRIC_KEY_LEN = 32,
	NOISE_TIMESTAMP_LEN = 12,
	NOISE_AUTHTAG_LEN = 16,
	NOISE_HASH_LEN = 32,
	COOKIE_LEN = 16,
	COOKIE_NONCE_LEN = 24,
};

#define encrypted_len(plain_len) ((plain_len) + NOISE_AUTHTAG_LEN)

enum limits {
	REKEY_AFTER_MESSAGES = 1ULL << 60,
	/* U64_MAX - COUNTER_WINDOW_SIZE - 1, as upstream Linux (protocol.md §2.3) */
	REJECT_AFTER_MESSAGES = ~0ULL - (8192 - BITS_PER_LONG) - 1,
	REKEY_TIMEOUT = 5,
	REKEY_TIMEOUT_JITTER_MAX_JIFFIES = HZ / 3,
	REKEY_AFTER_TIME = 120,
	REJECT_AFTER_TIME = 180,
	INITIATIONS_PER_SECOND = 50,
	MAX_PEERS_PER_DEVICE = 1U << 20,
	KEEPALIVE_TIMEOUT = 10,
	MAX_TIMER_HANDSHAKES = 90 / REKEY_TIMEOUT,
	MAX_QUEUED_INCOMING_HANDSHAKES = 4096,
	MAX_STAGED_PACKETS = 128,
	MAX_QUEUED_PACKETS = 1024,
};

enum message_type {
	MESSAGE_INVALID = 0,
	MESSAGE_HANDSHAKE_INITIATION = 1,
	MESSAGE_HANDSHAKE_RESPONSE = 2,
	MESSAGE_HANDSHAKE_COOKIE = 3,
	MESSAGE_DATA = 4,
};

/* Type byte plus three reserved zero bytes, read as one LE word. */
struct message_header {
	__le32 type;
};

struct message_macs {
	u8 mac1[COOKIE_LEN];
	u8 mac2[COOKIE_LEN];
};

struct message_handshake_initiation {
	struct message_header header;
	__le32 sender_index;
	u8 unencrypted_ephemeral[NOISE_PUBLIC_KEY_LEN];
	u8 encrypted_static[encrypted_len(NOISE_PUBLIC_KEY_LEN)];
	u8 encrypted_timestamp[encrypted_len(NOISE_TIMESTAMP_LEN)];
	struct message_macs macs;
};

struct message_handshake_response {
	struct message_header header;
	__le32 sender_index;
	__le32 receiver_index;
	u8 unencrypted_ephemeral[NOISE_PUBLIC_KEY_LEN];
	u8 encrypted_nothing[encrypted_len(0)];
	struct message_macs macs;
};

struct message_handshake_cookie {
	struct message_header header;
	__le32 receiver_index;
	u8 nonce[COOKIE_NONCE_LEN];
	u8 encrypted_cookie[encrypted_len(COOKIE_LEN)];
};

struct message_data {
	struct message_header header;
	__le32 key_idx;
	__le64 counter;
	u8 encrypted_data[];
};

#define message_data_len(plain_len) \
	(encrypted_len(plain_len) + sizeof(struct message_data))

enum message_alignments {
	MESSAGE_PADDING_MULTIPLE = 16,
	MESSAGE_MINIMUM_LENGTH = message_data_len(0),
};

#define WG_SKB_HEADER_LEN (max(sizeof(struct iphdr), sizeof(struct ipv6hdr)) + \
			   sizeof(struct udphdr) + NET_SKB_PAD)
#define WG_DATA_OVERHEAD_V4 (sizeof(struct iphdr) + sizeof(struct udphdr) + \
			     message_data_len(0))
#define WG_DATA_OVERHEAD_V6 (sizeof(struct ipv6hdr) + sizeof(struct udphdr) + \
			     message_data_len(0))

#endif /* WG_MESSAGES_H */
