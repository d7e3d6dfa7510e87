/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_FLOOD_H
#define _ICMPGUARD_FLOOD_H

#include <linux/workqueue.h>
#include "ratelimiter.h"

struct icmpguard_net;
struct icmpguard_config;

/*
 * Inbound flood protection: a bucket per source (aggregated to a prefix)
 * in a bounded table, and one for the whole namespace. Floods start and
 * end as events on the netlink multicast group.
 */
struct icmpguard_flood {
	struct icmpguard_limiter sources;
	struct icmpguard_bucket global;
	atomic64_t global_limited;
	u64 global_last_hit;
	u64 global_base;
	unsigned long global_flooding;	/* bit 0 */
	struct delayed_work global_watch;
	struct icmpguard_bucket events;	/* events' own budget */
	u64 last_full;			/* ns of the last table-full event */
};

int icmpguard_flood_init(struct icmpguard_flood *f);
void icmpguard_flood_destroy(struct icmpguard_flood *f);

/* True when the datagram from @saddr may go on. BH disabled, RCU held. */
bool icmpguard_flood_allow(struct icmpguard_net *ign,
			   const struct icmpguard_config *cfg, __be32 saddr);

#endif /* _ICMPGUARD_FLOOD_H */
