// SPDX-License-Identifier: GPL-2.0
/*
 * Inbound flood protection, ahead of rules and the responder. A source
 * the table cannot track shares the table's overflow bucket with every
 * other such source: a spoofed flood of new addresses is limited as
 * one, and a legitimate newcomer still gets the overflow bucket's share
 * rather than nothing.
 */

#include <linux/ktime.h>
#include "conf.h"
#include "flood.h"
#include "netlink.h"
#include "netns.h"
#include "pipeline.h"

#define QUIET_NS	(2 * NSEC_PER_SEC)

/* At most 20 events a second, bursts of 50, per namespace. */
static const struct icmpguard_rate event_rate = {
	.interval_ns = NSEC_PER_SEC / 20,
	.tolerance_ns = 49 * (NSEC_PER_SEC / 20),
};

/* @fam < 0: no family; @src NULL: a global bucket. BH disabled. */
static void event(struct icmpguard_net *ign, u8 type, int fam,
		  const union icmpguard_addr *src, u8 plen, u64 dropped)
{
	int err;

	if (!icmpguard_nl_event_wanted(ign->net))
		return;
	if (!icmpguard_bucket_allow(&ign->flood.events, &event_rate,
				    icmpguard_now())) {
		icmpguard_count(ign->stats, ICMPGUARD_V4,
				ICMPGUARD_CTR_EVENTS_SUPPRESSED);
		return;
	}
	err = icmpguard_nl_event(ign->net, type, fam, src, plen, dropped);
	icmpguard_count(ign->stats, ICMPGUARD_V4,
			err ? ICMPGUARD_CTR_EVENTS_SUPPRESSED :
			      ICMPGUARD_CTR_EVENTS_SENT);
}

/* The watcher found a source quiet for two seconds. */
static void source_end(struct icmpguard_limiter *l, u64 key, u64 dropped)
{
	struct icmpguard_net *ign = container_of(l, struct icmpguard_net,
						 flood.sources);
	union icmpguard_addr src;
	int fam = icmpguard_key_addr(key, &src);
	u8 plen;

	rcu_read_lock();
	plen = rcu_dereference(ign->conf)->s.flood_plen[fam];
	rcu_read_unlock();
	local_bh_disable();
	event(ign, ICMPGUARD_EVENT_FLOOD_END, fam, &src, plen, dropped);
	local_bh_enable();
}

/* The families whose datagrams bucket @g of @c takes. */
static bool shares(const struct icmpguard_conf *c, int g, int fam)
{
	return c->s.flags & ICMPGUARD_F_GLOBAL_PER_FAMILY ? fam == g :
	       g == ICMPGUARD_V4;
}

static u64 global_refused(struct icmpguard_net *ign,
			  const struct icmpguard_conf *c, int g)
{
	u64 sum = 0;
	int fam;

	for (fam = 0; fam < ICMPGUARD_NFAM; fam++)
		if (shares(c, g, fam))
			sum += icmpguard_stats_sum(ign->stats, fam,
						   ICMPGUARD_CTR_FLOOD_LIMITED_GLOBAL);
	return sum;
}

static int event_family(const struct icmpguard_conf *c, int g)
{
	return c->s.flags & ICMPGUARD_F_GLOBAL_PER_FAMILY ? g : -1;
}

static void global_watch(struct work_struct *work)
{
	struct icmpguard_flood *f = container_of(to_delayed_work(work),
						 struct icmpguard_flood,
						 global_watch);
	struct icmpguard_net *ign = container_of(f, struct icmpguard_net,
						 flood);
	const struct icmpguard_conf *c;
	bool again = false;
	u64 now = icmpguard_now();
	int g;

	rcu_read_lock();
	c = rcu_dereference(ign->conf);
	local_bh_disable();
	for (g = 0; g < ICMPGUARD_NFAM; g++) {
		struct icmpguard_global *gb = &f->global[g];

		if (!test_bit(0, &gb->flooding))
			continue;
		if ((s64)(now - READ_ONCE(gb->last_hit)) < QUIET_NS) {
			again = true;
			continue;
		}
		clear_bit(0, &gb->flooding);
		event(ign, ICMPGUARD_EVENT_FLOOD_END, event_family(c, g), NULL,
		      0, global_refused(ign, c, g) - gb->base);
	}
	local_bh_enable();
	rcu_read_unlock();
	if (again)
		queue_delayed_work(system_power_efficient_wq, &f->global_watch,
				   HZ);
}

static void global_hit(struct icmpguard_pkt *pkt, int g, u64 now)
{
	struct icmpguard_flood *f = &pkt->ign->flood;
	struct icmpguard_global *gb = &f->global[g];

	/* Every CPU refuses in a flood: write the line only now and then. */
	if ((s64)(now - READ_ONCE(gb->last_hit)) > NSEC_PER_SEC / 100)
		WRITE_ONCE(gb->last_hit, now);
	if (test_bit(0, &gb->flooding) || test_and_set_bit(0, &gb->flooding))
		return;
	WRITE_ONCE(gb->last_hit, now);
	gb->base = global_refused(pkt->ign, pkt->conf, g);
	event(pkt->ign, ICMPGUARD_EVENT_FLOOD_START,
	      event_family(pkt->conf, g), NULL, 0, 0);
	queue_delayed_work(system_power_efficient_wq, &f->global_watch, HZ);
}

static void table_full(struct icmpguard_pkt *pkt, u64 now)
{
	struct icmpguard_flood *f = &pkt->ign->flood;

	icmpguard_count(pkt->ign->stats, pkt->fam,
			ICMPGUARD_CTR_FLOOD_OVERFLOW);
	if ((s64)(now - READ_ONCE(f->last_full)) < NSEC_PER_SEC)
		return;
	WRITE_ONCE(f->last_full, now);
	event(pkt->ign, ICMPGUARD_EVENT_TABLE_FULL, -1, NULL, 0, 0);
}

int icmpguard_flood_check(struct icmpguard_pkt *pkt)
{
	const struct icmpguard_conf *c = pkt->conf;
	struct icmpguard_flood *f = &pkt->ign->flood;
	int fam = pkt->fam, g;
	union icmpguard_addr src;
	u8 plen = c->s.flood_plen[fam];
	u64 now;

	g = c->s.flags & ICMPGUARD_F_GLOBAL_PER_FAMILY ? fam : ICMPGUARD_V4;
	if (!c->flood[fam].interval_ns && !c->global[g].interval_ns)
		return 0;
	now = icmpguard_now();

	icmpguard_addr_mask(fam, &pkt->saddr, plen, &src);
	switch (icmpguard_limiter_allow(&f->sources, &c->flood[fam],
					icmpguard_addr_key(fam, &src), now)) {
	case ICMPGUARD_LIMIT_PASS:
		break;
	case ICMPGUARD_LIMIT_HIT_START:
		event(pkt->ign, ICMPGUARD_EVENT_FLOOD_START, fam, &src, plen,
		      0);
		fallthrough;
	case ICMPGUARD_LIMIT_HIT:
		return ICMPGUARD_CTR_FLOOD_LIMITED_SOURCE;
	case ICMPGUARD_LIMIT_OVERFLOW_PASS:
		table_full(pkt, now);
		break;
	case ICMPGUARD_LIMIT_OVERFLOW_HIT:
		table_full(pkt, now);
		return ICMPGUARD_CTR_FLOOD_LIMITED_SOURCE;
	}

	if (icmpguard_bucket_allow(&f->global[g].bucket, &c->global[g], now))
		return 0;
	global_hit(pkt, g, now);
	return ICMPGUARD_CTR_FLOOD_LIMITED_GLOBAL;
}

int icmpguard_flood_init(struct icmpguard_flood *f, unsigned int max)
{
	memset(f->global, 0, sizeof(f->global));
	atomic64_set(&f->events.tat, 0);
	f->last_full = 0;
	INIT_DEFERRABLE_WORK(&f->global_watch, global_watch);
	return icmpguard_limiter_init(&f->sources, max, source_end);
}

/* The caller guarantees no packet can reach the hook any more. */
void icmpguard_flood_destroy(struct icmpguard_flood *f)
{
	cancel_delayed_work_sync(&f->global_watch);
	icmpguard_limiter_destroy(&f->sources);
}
