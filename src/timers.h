/* SPDX-License-Identifier: GPL-2.0 */
/* Per-peer protocol timers (protocol.md §7.1, §7.4). */
#ifndef WG_TIMERS_H
#define WG_TIMERS_H

#include <linux/types.h>
#include <linux/ktime.h>

struct wg_peer;

void wg_timers_init(struct wg_peer *peer);
/* Process context; stops every timer and waits for running handlers. */
void wg_timers_stop(struct wg_peer *peer);

/* Events from the data path and the handshake code. */
void wg_timers_data_sent(struct wg_peer *peer);
void wg_timers_data_received(struct wg_peer *peer);
void wg_timers_any_authenticated_packet_sent(struct wg_peer *peer);
void wg_timers_any_authenticated_packet_received(struct wg_peer *peer);
void wg_timers_handshake_initiated(struct wg_peer *peer);
void wg_timers_handshake_complete(struct wg_peer *peer);
void wg_timers_session_derived(struct wg_peer *peer);
void wg_timers_any_authenticated_packet_traversal(struct wg_peer *peer);

/* True if @birthdate_ns (boot-time ns) is at least @seconds old. */
static inline bool wg_birthdate_has_expired(u64 birthdate_ns, u64 seconds)
{
	return (s64)(birthdate_ns + seconds * NSEC_PER_SEC) <=
	       (s64)ktime_get_coarse_boottime_ns();
}

#endif /* WG_TIMERS_H */
