// SPDX-License-Identifier: GPL-2.0
/*
 * Inbound flood protection, ahead of rules and the responder. A source
 * the table cannot track (it is full, at max-sources) shares the table's
 * overflow bucket with every other such source: a spoofed flood of new
 * addresses is limited as one, and a legitimate newcomer still gets the
 * overflow bucket's share rather than nothing.
 */

#include <linux/ktime.h>
#include <linux/timekeeping.h>
#include "flood.h"
#include "netlink.h"
#include "netns.h"

#define QUIET_NS	(2 * NSEC_PER_SEC)

/* At most 20 events a second, bursts of 50, per namespace. */
static const struct icmpguard_rate event_rate = {
	.interval_ns = NSEC_PER_SEC / 20,
	.tolerance_ns = 49 * (NSEC_PER_SEC / 20),
};

static void event(struct icmpguard_net *ign, u8 type, bool source,
		  __be32 addr, u8 plen, u64 dropped)
{
	if (!icmpguard_nl_event_wanted(ign->net))
		return;
	if (!icmpguard_bucket_allow(&ign->flood.events, &event_rate,
				    ktime_get_mono_fast_ns())) {
		icmpguard_count(ign->stats, ICMPGUARD_CTR_EVENTS_SUPPRESSED, 1);
		return;
	}
	if (icmpguard_nl_event(ign->net, type, source, addr, plen, dropped))
		icmpguard_count(ign->stats, ICMPGUARD_CTR_EVENTS_SUPPRESSED, 1);
	else
		icmpguard_count(ign->stats, ICMPGUARD_CTR_EVENTS_SENT, 1);
}

static u8 plen_now(struct icmpguard_net *ign)
{
	const struct icmpguard_config *cfg;
	u8 plen;

	rcu_read_lock();
	cfg = rcu_dereference(ign->config);
	plen = cfg ? cfg->flood_plen : 32;
	rcu_read_unlock();
	return plen;
}

/* The collector found a source quiet for two seconds. */
static void source_end(struct icmpguard_limiter *l, u64 key, u64 dropped)
{
	struct icmpguard_net *ign =
		container_of(l, struct icmpguard_net, flood.sources);

	local_bh_disable();
	event(ign, ICMPGUARD_EVENT_FLOOD_END, true, (__force __be32)(u32)key,
	      plen_now(ign), dropped);
	local_bh_enable();
}

static void global_watch(struct work_struct *work)
{
	struct icmpguard_flood *f = container_of(to_delayed_work(work),
						 struct icmpguard_flood,
						 global_watch);
	struct icmpguard_net *ign = container_of(f, struct icmpguard_net,
						 flood);
	u64 now = ktime_get_mono_fast_ns();

	if (now - READ_ONCE(f->global_last_hit) < QUIET_NS) {
		queue_delayed_work(system_power_efficient_wq, &f->global_watch,
				   HZ);
		return;
	}
	clear_bit(0, &f->global_flooding);
	local_bh_disable();
	event(ign, ICMPGUARD_EVENT_FLOOD_END, false, 0, 0,
	      atomic64_read(&f->global_limited) - f->global_base);
	local_bh_enable();
}

static __be32 aggregate(__be32 addr, u8 plen)
{
	return plen >= 32 ? addr : addr & htonl(~0U << (32 - plen));
}

bool icmpguard_flood_allow(struct icmpguard_net *ign,
			   const struct icmpguard_config *cfg, __be32 saddr)
{
	struct icmpguard_flood *f = &ign->flood;
	u64 now = ktime_get_mono_fast_ns();
	__be32 src = aggregate(saddr, cfg->flood_plen);

	enum icmpguard_limit verdict;

	verdict = icmpguard_limiter_allow(&f->sources, &cfg->flood,
					  (__force u32)src, now);
	switch (verdict) {
	case ICMPGUARD_LIMIT_PASS:
		break;
	case ICMPGUARD_LIMIT_HIT_START:
		event(ign, ICMPGUARD_EVENT_FLOOD_START, true, src,
		      cfg->flood_plen, 0);
		fallthrough;
	case ICMPGUARD_LIMIT_HIT:
		icmpguard_count(ign->stats, ICMPGUARD_CTR_FLOOD_LIMITED_SOURCE,
				1);
		return false;
	case ICMPGUARD_LIMIT_OVERFLOW_PASS:
	case ICMPGUARD_LIMIT_OVERFLOW_HIT:
		icmpguard_count(ign->stats, ICMPGUARD_CTR_FLOOD_OVERFLOW, 1);
		if (now - READ_ONCE(f->last_full) >= NSEC_PER_SEC) {
			WRITE_ONCE(f->last_full, now);
			event(ign, ICMPGUARD_EVENT_TABLE_FULL, false, 0, 0, 0);
		}
		if (verdict == ICMPGUARD_LIMIT_OVERFLOW_PASS)
			break;
		icmpguard_count(ign->stats, ICMPGUARD_CTR_FLOOD_LIMITED_SOURCE,
				1);
		return false;
	}

	if (icmpguard_bucket_allow(&f->global, &cfg->global_flood, now))
		return true;
	icmpguard_count(ign->stats, ICMPGUARD_CTR_FLOOD_LIMITED_GLOBAL, 1);
	atomic64_inc(&f->global_limited);
	WRITE_ONCE(f->global_last_hit, now);
	if (!test_bit(0, &f->global_flooding) &&
	    !test_and_set_bit(0, &f->global_flooding)) {
		f->global_base = atomic64_read(&f->global_limited) - 1;
		event(ign, ICMPGUARD_EVENT_FLOOD_START, false, 0, 0, 0);
		queue_delayed_work(system_power_efficient_wq, &f->global_watch,
				   HZ);
	}
	return false;
}

int icmpguard_flood_init(struct icmpguard_flood *f)
{
	INIT_DEFERRABLE_WORK(&f->global_watch, global_watch);
	return icmpguard_limiter_init(&f->sources, source_end);
}

/* The caller guarantees no packet can reach the hook any more. */
void icmpguard_flood_destroy(struct icmpguard_flood *f)
{
	cancel_delayed_work_sync(&f->global_watch);
	icmpguard_limiter_destroy(&f->sources);
}
