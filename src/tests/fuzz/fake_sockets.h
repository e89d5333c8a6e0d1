/* SPDX-License-Identifier: GPL-2.0 */
/* Scripted netlink kernel / UAPI daemon for fuzz_netlink (see fake_sockets.c). */
#ifndef WG_FUZZ_FAKE_SOCKETS_H
#define WG_FUZZ_FAKE_SOCKETS_H

#include <linux/netlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FAKE_PORTID 0x4242u
#define FAKE_SEQ 1700000000
#define FAKE_FAMILY 0x1d

typedef void (*fake_sent_cb)(void *ctx, const struct nlmsghdr *req);

/* fake_reset() disarms and clears; fake_arm() turns the fakes on. */
void fake_reset(void);
void fake_arm(void);
/* datagrams as [u16 LE length][bytes]... */
void fake_script(const uint8_t *data, size_t len);
void fake_answer(fake_sent_cb cb, void *ctx, const int *errors, size_t nerrors);
void fake_uapi(const char *text, size_t len);
/* true: deliver nlmsg_len as scripted even if larger than the datagram */
void fake_raw_framing(bool raw);

#endif
