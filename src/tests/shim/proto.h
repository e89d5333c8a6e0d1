/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-ins for the few kernel constants the protocol headers use. */
#ifndef WG_SHIM_PROTO_H
#define WG_SHIM_PROTO_H

#include "kernel.h"

#ifndef HZ
#define HZ 250
#endif
#ifndef NSEC_PER_SEC
#define NSEC_PER_SEC 1000000000LL
#endif

#endif /* WG_SHIM_PROTO_H */
