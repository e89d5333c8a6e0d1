/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WG_VERSION_H
#define WG_VERSION_H
#define WIREGUARD_VERSION "0.1.0"
#endif
