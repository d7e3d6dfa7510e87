/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What differs between the kernels icmpguard builds on (Debian's 6.1 and
 * 6.12 LTS, generic and PREEMPT_RT). The module is written against the
 * newer API; this header gives the older kernels what they lack, so the
 * rest of the code carries no version checks.
 */
#ifndef _ICMPGUARD_COMPAT_H
#define _ICMPGUARD_COMPAT_H

#include <linux/version.h>
#include <linux/skbuff.h>
#include <net/ip.h>

/* 6.5 moved the GSO helpers out of skbuff.h into their own header. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#include <net/gso.h>
#endif

/* 6.2 renamed del_timer_sync(); workqueue-only code needs nothing else. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
#define timer_delete_sync(t)	del_timer_sync(t)
#endif

/*
 * 6.13 made ip_route_input_noref() return an skb_drop_reason and take a
 * dscp_t; icmpguard only asks whether the route failed.
 */
static inline int icmpguard_route_input(struct sk_buff *skb, __be32 daddr,
					__be32 saddr, u8 tos,
					struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
	return ip_route_input_noref(skb, daddr, saddr,
				    inet_dsfield_to_dscp(tos), dev) ?
		-EINVAL : 0;
#else
	return ip_route_input_noref(skb, daddr, saddr, tos, dev);
#endif
}

#endif /* _ICMPGUARD_COMPAT_H */
