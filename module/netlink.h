/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_NETLINK_H
#define _ICMPGUARD_NETLINK_H

#include <net/net_namespace.h>
#include "addr.h"

int icmpguard_genl_init(void);
void icmpguard_genl_exit(void);

/* Events, from any context: is anyone listening, and tell them. */
bool icmpguard_nl_event_wanted(struct net *net);
/* @fam < 0: none; @src NULL: a global bucket. */
int icmpguard_nl_event(struct net *net, u8 type, int fam,
		       const union icmpguard_addr *src, u8 plen, u64 dropped);

#endif /* _ICMPGUARD_NETLINK_H */
