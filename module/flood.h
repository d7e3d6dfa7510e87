/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_FLOOD_H
#define _ICMPGUARD_FLOOD_H

#include <linux/workqueue.h>
#include "counters.h"
#include "ratelimiter.h"

struct icmpguard_pkt;

/* A global bucket's flood, reported as it starts and ends. */
struct icmpguard_global {
	struct icmpguard_bucket bucket;
	unsigned long flooding;		/* bit 0 */
	u64 last_hit;			/* ns of a recent refusal */
	u64 base;			/* refusals counted when it started */
};

/*
 * Inbound flood protection: a bucket per source (aggregated to a prefix)
 * in a bounded table, and a global one, shared by both families or one
 * each. Floods start and end as events on the netlink multicast group.
 */
struct icmpguard_flood {
	struct icmpguard_limiter sources;
	struct icmpguard_global global[ICMPGUARD_NFAM];
	struct delayed_work global_watch;
	struct icmpguard_bucket events;	/* events' own budget */
	u64 last_full;			/* ns of the last table-full event */
};

int icmpguard_flood_init(struct icmpguard_flood *f, unsigned int max);
void icmpguard_flood_destroy(struct icmpguard_flood *f);

/*
 * 0 when the datagram may go on, else the counter of the bucket that
 * refused it. BH disabled, under RCU.
 */
int icmpguard_flood_check(struct icmpguard_pkt *pkt);

#endif /* _ICMPGUARD_FLOOD_H */
