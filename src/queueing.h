/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packet queues of the data path.
 *
 * Crypto is spread over CPUs, ordering is kept per peer:
 *  - each packet is appended, in order, to a per-peer serial queue
 *    (peer->tx_serial / peer->rx_serial) with state WG_PACKET_PENDING;
 *  - the same packet is put on a per-device multi-producer ring that
 *    per-CPU workers drain in parallel (encrypt or decrypt); a small lone
 *    packet is instead done at once by whoever queued it (no hop);
 *  - whoever marks a packet DONE or DEAD then kicks the peer's in-order
 *    stage: on rx the peer's NAPI poll, on tx a drain that sends from the
 *    kicking CPU itself (one CPU at a time per peer, see send.c);
 *  - the in-order stage takes packets off the head of its queue only
 *    while the head is no longer PENDING, so they leave (or enter the
 *    stack) in the order they were queued.
 * Every queued packet holds a reference on its peer and on its keypair, and
 * a queued tx_work one on its peer.
 */
#ifndef WG_QUEUEING_H
#define WG_QUEUEING_H

#include <linux/types.h>
#include <linux/skbuff.h>
#include <linux/ptr_ring.h>
#include <linux/workqueue.h>
#include <linux/percpu.h>
#include <linux/netdevice.h>

struct wg_device;
struct wg_peer;
struct noise_keypair;

/* A multi-producer ring drained by one work item per CPU. */
struct wg_crypt_worker {
	struct work_struct work;
	struct wg_device *wg;
};

struct wg_crypt_queue {
	struct ptr_ring ring;
	struct wg_crypt_worker __percpu *workers;
	int last_cpu;
};

/* Fields the data path adds to struct wg_device. */
struct wg_device_datapath {
	struct wg_crypt_queue encrypt_queue, decrypt_queue, handshake_queue;
	atomic_t handshake_queue_len;
	struct workqueue_struct *crypt_wq;	/* per-CPU crypto workers */
	struct workqueue_struct *handshake_wq;	/* handshake rx and initiation tx */
	struct workqueue_struct *serial_wq;	/* tx drains that outgrew a kick */
	struct list_head all_devices;	/* on the list pm.c walks */
};

/* Fields the data path adds to struct wg_peer. */
struct wg_peer_datapath {
	struct sk_buff_head staged;	/* waiting for a usable key, max 128 */
	struct sk_buff_head tx_serial, rx_serial;
	struct napi_struct napi;	/* rx in-order stage, on the wg device */
	struct work_struct tx_work;	/* finishes a tx drain in process context */
	struct work_struct handshake_tx_work, clear_keys_work;
	unsigned long tx_busy;		/* bit 0: a CPU is draining tx_serial */
	unsigned long tx_inline_at, rx_inline_at; /* jiffies of the last inline crypt */
	spinlock_t stats_lock;		/* rx_bytes/tx_bytes writers */
	int serial_cpu;
	bool endpoint_dead;		/* dst cache destroyed; under endpoint_lock */
	bool ready;
};

/* Packets an in-order stage handles per bottom-half-disabled stretch. */
enum { WG_SERIAL_BATCH = 32 };
/* A lone linear packet up to this many bytes, the first of its peer and
 * direction in this jiffy, is encrypted or decrypted where it is queued
 * instead of on a worker: less latency for sparse traffic (ping, ACKs of an
 * idle flow, keepalives), while floods keep the per-CPU workers. The
 * scatterlist then has WG_INLINE_SG entries on the (maybe deep) stack. */
enum { WG_INLINE_CRYPT_MAX = 256, WG_INLINE_SG = 4 };
static inline bool wg_crypt_inline_ok(const struct sk_buff *skb, unsigned int max_len,
				      unsigned long *last)
{
	unsigned long now = jiffies;

	if (skb->len > max_len || skb_is_nonlinear(skb) || READ_ONCE(*last) == now)
		return false;
	WRITE_ONCE(*last, now);
	return true;
}

enum wg_packet_state {
	WG_PACKET_PENDING,
	WG_PACKET_DONE,
	WG_PACKET_DEAD,
};

/* Our use of skb->cb while a packet is inside the data path. */
struct wg_skb_cb {
	struct wg_peer *peer;
	struct noise_keypair *keypair;
	u64 nonce;
	atomic_t state;
	u32 mtu;		/* tx: MTU that caps the padding */
	u32 wire_len;		/* rx: UDP payload length, for rx_bytes */
	u8 ds;			/* tx: outer ECN bits; rx: outer DS field */
};
#define WG_CB(skb) ((struct wg_skb_cb *)((skb)->cb))

int wg_device_datapath_init(struct wg_device *wg);
void wg_device_datapath_uninit(struct wg_device *wg);
/* Calls @fn for every device whose data path is set up (process context;
 * serialised against device creation and teardown). */
void wg_datapath_for_each_device(void (*fn)(struct wg_device *wg));
/* Process context. Set up peer queues, works, dst_cache, endpoint_lock. */
int wg_peer_datapath_init(struct wg_peer *peer);
/*
 * Process context, after the peer is unlinked (is_dead set) and before its
 * last reference goes: purges staged packets, cancels the peer's works,
 * drops what waits in its serial queues and destroys its dst_cache. Packets
 * still inside the crypto rings hold references and are dropped when done.
 */
void wg_peer_datapath_uninit(struct wg_peer *peer);

/* Internal to the data path. */
/* Appends @skb (state PENDING, cb filled) to @serial. */
void wg_serial_enqueue(struct sk_buff_head *serial, struct sk_buff *skb);
/* Puts @skb, already on its serial queue, on @queue's ring for a worker.
 * Returns false if the ring is full: the packet is then marked DEAD and the
 * caller must kick the in-order stage, which reaps it. */
bool wg_crypt_queue_enqueue(struct wg_device *wg, struct wg_crypt_queue *queue,
			    struct sk_buff *skb);
/* Queues one of @peer's serial works on its CPU. A queued work owns a peer
 * reference, which the work function drops when it is done. */
void wg_queue_serial_work(struct wg_peer *peer, struct work_struct *work);
/* Takes the head of @serial if it is no longer PENDING. */
struct sk_buff *wg_serial_dequeue(struct sk_buff_head *serial);
/* True if the head of @serial is no longer PENDING (lockless peek). */
bool wg_serial_head_ready(struct sk_buff_head *serial);
void wg_packet_free(struct sk_buff *skb);
void wg_packet_encrypt_worker(struct work_struct *work);
void wg_packet_decrypt_worker(struct work_struct *work);
void wg_packet_handshake_receive_worker(struct work_struct *work);
void wg_packet_tx_worker(struct work_struct *work);
int wg_packet_rx_poll(struct napi_struct *napi, int budget);
/* Sends what is ready at the head of @peer's tx serial queue (any context). */
void wg_packet_tx_kick(struct wg_peer *peer);
void wg_packet_handshake_send_worker(struct work_struct *work);

#endif /* WG_QUEUEING_H */
