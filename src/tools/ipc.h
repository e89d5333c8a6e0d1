/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WGT_IPC_H
#define WGT_IPC_H

#include "containers.h"

#ifndef RUNSTATEDIR
#define RUNSTATEDIR "/var/run"
#endif

/*
 * All return 0 or a negative errno.  Userspace implementations (a listening
 * UNIX socket RUNSTATEDIR/wireguard/<name>.sock) are preferred over the kernel
 * for a name that has one, like upstream wg does.
 */
int ipc_get_device(struct wgdev **dev, const char *name);
int ipc_set_device(struct wgdev *dev);
/* NUL-separated names, ending with an empty name; free() the result */
int ipc_list_devices(char **names);

/*
 * Exposed for unit tests.  ipc_build_set_msg fills one WG_CMD_SET_DEVICE
 * message (after its genl header) of at most size bytes, starting at
 * *peer / *aip (aip non-NULL = continuing that peer's allowed IPs) and
 * advancing them; device attributes only when first.  ipc_parse_get_msg
 * adds one GET_DEVICE reply message to dev (0 or a negative errno).
 */
struct nlmsghdr;
void ipc_build_set_msg(struct nlmsghdr *nlh, size_t size, struct wgdev *dev, bool first,
		       struct wgpeer **peer, struct wgaip **aip);
int ipc_parse_get_msg(const struct nlmsghdr *nlh, struct wgdev *dev);

/* endpoint text as getnameinfo gives it: a.b.c.d:port or [v6]:port */
void format_endpoint(char *buf, size_t len, const union wgendpoint *ep);

#endif
