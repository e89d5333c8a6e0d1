/* SPDX-License-Identifier: GPL-2.0 */
/* Keys across suspend/hibernate and VM snapshots (protocol.md §7.6). */
#ifndef WG_PM_H
#define WG_PM_H

int wg_pm_init(void);
void wg_pm_uninit(void);

#endif /* WG_PM_H */
