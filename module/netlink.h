/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_NETLINK_H
#define _ICMPGUARD_NETLINK_H

int icmpguard_genl_init(void);
void icmpguard_genl_exit(void);

#endif /* _ICMPGUARD_NETLINK_H */
