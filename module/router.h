/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_ROUTER_H
#define _ICMPGUARD_ROUTER_H

#include <net/net_namespace.h>

/* Router mode's hook, registered only while router mode is on. */
int icmpguard_router_register(struct net *net);
void icmpguard_router_unregister(struct net *net);

#endif /* _ICMPGUARD_ROUTER_H */
