/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_DSTCACHE_H
#define _ICMPGUARD_DSTCACHE_H

#include "addr.h"

struct net;

/*
 * What a route lookup said about a destination (an IPv4 address type,
 * an IPv6 input route's flags), remembered per CPU under @net, @fam,
 * @daddr and @scope (a table, an interface) for as long as @seq, the
 * family's route sequence read by the caller, stays the same, and at
 * most a tenth of a second. @lookup(@arg) answers a miss. Softirq or
 * process context; never sleeps.
 */
u32 icmpguard_dst_cached(struct net *net, int fam,
			 const union icmpguard_addr *daddr, u32 scope, u32 seq,
			 u32 (*lookup)(const void *arg), const void *arg);

#endif /* _ICMPGUARD_DSTCACHE_H */
