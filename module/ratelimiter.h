/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_RATELIMITER_H
#define _ICMPGUARD_RATELIMITER_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/siphash.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

/*
 * A token bucket kept as a generic cell rate algorithm: one 64-bit
 * "theoretical arrival time" in nanoseconds, advanced with cmpxchg, so a
 * bucket shared by every CPU needs no lock.
 */
struct icmpguard_rate {
	u64 interval_ns;	/* one token; 0 means no limit */
	u64 tolerance_ns;	/* (burst - 1) tokens */
};

struct icmpguard_bucket {
	atomic64_t tat;
};

int icmpguard_rate_set(struct icmpguard_rate *rate, u32 per_sec, u32 burst);
bool icmpguard_bucket_allow(struct icmpguard_bucket *b,
			    const struct icmpguard_rate *rate, u64 now);

enum icmpguard_limit {
	ICMPGUARD_LIMIT_PASS,
	ICMPGUARD_LIMIT_HIT,		/* the key's own bucket is empty */
	ICMPGUARD_LIMIT_HIT_START,	/* ... and it was not flooding */
	ICMPGUARD_LIMIT_OVERFLOW_PASS,	/* table full, overflow bucket ok */
	ICMPGUARD_LIMIT_OVERFLOW_HIT,	/* table full, overflow bucket empty */
};

struct icmpguard_limiter;

/* Called from the collector, in process context, when a flood ends. */
typedef void (*icmpguard_flood_end_t)(struct icmpguard_limiter *l, u64 key,
				      u64 dropped);

/*
 * A bounded table of buckets keyed by a 64-bit value (an address, or a
 * rule handle and an address). When the table is full a new key is
 * charged to one shared overflow bucket, so a flood of new keys can
 * neither walk through nor lock out every newcomer. A key whose bucket
 * refuses is "flooding" until it has refused nothing for two seconds.
 */
struct icmpguard_limiter {
	struct hlist_head *table;
	unsigned int mask;
	unsigned int max_entries;
	atomic_t entries;
	atomic64_t overflow_used;
	atomic64_t evicted;
	unsigned int cursor;		/* make_room()'s, under lock */
	spinlock_t lock;		/* writers of table */
	hsiphash_key_t key;
	struct icmpguard_bucket overflow;
	struct delayed_work gc;
	icmpguard_flood_end_t flood_end;
};

int icmpguard_limiter_init(struct icmpguard_limiter *l,
			   icmpguard_flood_end_t flood_end);
void icmpguard_limiter_destroy(struct icmpguard_limiter *l);
void icmpguard_limiter_flush(struct icmpguard_limiter *l);
void icmpguard_limiter_set_max(struct icmpguard_limiter *l,
			       unsigned int max);
unsigned int icmpguard_limiter_default_max(void);
enum icmpguard_limit icmpguard_limiter_allow(struct icmpguard_limiter *l,
					     const struct icmpguard_rate *rate,
					     u64 key, u64 now);

/*
 * Calls @put for each entry from the *@pos-th bucket on; stops when @put
 * fails, leaving *@pos where to resume. Process context.
 */
int icmpguard_limiter_walk(struct icmpguard_limiter *l, long *pos,
			   int (*put)(void *arg, u64 key, u64 limited,
				      bool flooding),
			   void *arg);

int icmpguard_ratelimiter_module_init(void);
void icmpguard_ratelimiter_module_exit(void);

#endif /* _ICMPGUARD_RATELIMITER_H */
