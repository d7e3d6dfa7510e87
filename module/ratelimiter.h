/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_RATELIMITER_H
#define _ICMPGUARD_RATELIMITER_H

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/siphash.h>
#include <linux/timekeeping.h>
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

/*
 * The clock every bucket runs on: the monotonic clock as of the last
 * tick, which costs no clock source read. A bucket's rate holds over
 * time whatever the clock's steps; only bursts are felt a tick apart.
 */
static inline u64 icmpguard_now(void)
{
	return ktime_get_coarse_ns();
}

enum icmpguard_limit {
	ICMPGUARD_LIMIT_PASS,
	ICMPGUARD_LIMIT_HIT,		/* the key's own bucket is empty */
	ICMPGUARD_LIMIT_HIT_START,	/* ... and it was not flooding */
	ICMPGUARD_LIMIT_OVERFLOW_PASS,	/* no slot for it, overflow ok */
	ICMPGUARD_LIMIT_OVERFLOW_HIT,	/* no slot for it, overflow empty */
};

struct icmpguard_ltable;
struct icmpguard_limiter;

/* Called from the watcher, in process context, when a flood ends. */
typedef void (*icmpguard_flood_end_t)(struct icmpguard_limiter *l, u64 key,
				      u64 dropped);

/*
 * A fixed-size, set-associative table of buckets keyed by a 64-bit value
 * (an address or a /64, or a fingerprint of a rule and an address). A
 * key lives in one of four slots of one of two candidate buckets, so a
 * hit costs one hash and one cache line, a new key takes a slot whose
 * bucket has refilled (it carries no state a fresh one would not), and
 * a key that finds none is charged to the shared overflow bucket: a
 * flood of new keys can neither walk through nor lock out every
 * newcomer. Nothing on the packet path allocates or locks. The table is
 * allocated on first use, from a work item, and sized from max_slots;
 * until it exists every key shares the overflow bucket.
 */
struct icmpguard_limiter {
	struct icmpguard_ltable __rcu *table;
	struct icmpguard_ltable *first;	/* one bucket, until the table is made */
	unsigned int max_slots;
	hsiphash_key_t key;
	struct icmpguard_bucket overflow;
	atomic64_t evicted;		/* live keys that lost their slot */
	atomic_t flooding;		/* keys whose flood has not ended */
	icmpguard_flood_end_t flood_end;	/* NULL: no flood tracking */
	struct mutex mutex;		/* table allocation and replacement */
	struct work_struct grow;
	struct delayed_work watch;
};

int icmpguard_limiter_init(struct icmpguard_limiter *l, unsigned int max,
			   icmpguard_flood_end_t flood_end);
void icmpguard_limiter_destroy(struct icmpguard_limiter *l);
/* Empties the table, resized to @max; process context. */
void icmpguard_limiter_reset(struct icmpguard_limiter *l, unsigned int max,
			     bool make);
unsigned int icmpguard_limiter_default_max(void);
enum icmpguard_limit icmpguard_limiter_allow(struct icmpguard_limiter *l,
					     const struct icmpguard_rate *rate,
					     u64 key, u64 now);
/* Keys whose bucket holds state now (a gauge); process context. */
unsigned int icmpguard_limiter_count(struct icmpguard_limiter *l);

/*
 * Calls @put for each key that holds state, from slot *@pos on; stops
 * when @put fails, leaving *@pos where to resume. Process context.
 */
int icmpguard_limiter_walk(struct icmpguard_limiter *l, long *pos,
			   int (*put)(void *arg, u64 key, u64 limited,
				      bool flooding),
			   void *arg);

#endif /* _ICMPGUARD_RATELIMITER_H */
