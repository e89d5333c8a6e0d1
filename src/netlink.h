/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WG_NETLINK_H
#define WG_NETLINK_H

int wg_genetlink_init(void);
void wg_genetlink_uninit(void);

#endif /* WG_NETLINK_H */
