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

/* endpoint text as getnameinfo gives it: a.b.c.d:port or [v6]:port */
void format_endpoint(char *buf, size_t len, const union wgendpoint *ep);

#endif
