/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_HOOK_H
#define _ICMPGUARD_HOOK_H

#include <net/net_namespace.h>

int icmpguard_hook_register(struct net *net);
void icmpguard_hook_unregister(struct net *net);

#endif /* _ICMPGUARD_HOOK_H */
