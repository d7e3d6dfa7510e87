/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_ROUTER_H
#define _ICMPGUARD_ROUTER_H

#include <linux/types.h>

struct icmpguard_net;

/* Registers or removes router mode's hooks; process context, under lock. */
int icmpguard_router_set(struct icmpguard_net *ign, bool on);

#endif /* _ICMPGUARD_ROUTER_H */
