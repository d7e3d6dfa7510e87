// SPDX-License-Identifier: GPL-2.0
/*
 * Token buckets and the bounded, garbage-collected tables that hold them.
 *
 * An entry whose bucket has refilled completely carries no information a
 * new entry would not, so the collector removes exactly those (unless a
 * flood from it is still being reported): forgetting an idle key never
 * lets anyone send more than the rate allows.
 */

#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>
#include "ratelimiter.h"

struct entry {
	struct hlist_node node;
	struct icmpguard_bucket bucket;
	u64 key;
	atomic64_t limited;		/* refused since tracked */
	u64 last_hit;			/* ns of the last refusal */
	u64 flood_base;			/* limited when the flood started */
	unsigned long flooding;		/* bit 0 */
	struct rcu_head rcu;
};

static struct kmem_cache *entry_cache;
static unsigned int table_size, max_entries;

#define GC_INTERVAL	HZ
#define FLOOD_QUIET_NS	(2 * NSEC_PER_SEC)

int icmpguard_rate_set(struct icmpguard_rate *rate, u32 per_sec, u32 burst)
{
	u64 interval, tolerance;

	if (!per_sec) {
		rate->interval_ns = 0;
		rate->tolerance_ns = 0;
		return 0;
	}
	if (!burst || per_sec > NSEC_PER_SEC)
		return -ERANGE;
	interval = div_u64(NSEC_PER_SEC, per_sec);
	if (check_mul_overflow(interval, (u64)(burst - 1), &tolerance))
		return -ERANGE;
	rate->interval_ns = interval;
	rate->tolerance_ns = tolerance;
	return 0;
}

bool icmpguard_bucket_allow(struct icmpguard_bucket *b,
			    const struct icmpguard_rate *rate, u64 now)
{
	u64 interval = READ_ONCE(rate->interval_ns);
	u64 tolerance = READ_ONCE(rate->tolerance_ns);
	s64 old = atomic64_read(&b->tat);
	u64 base;

	if (!interval)
		return true;
	do {
		base = max_t(u64, old, now);
		if (base - now > tolerance)
			return false;
	} while (!atomic64_try_cmpxchg(&b->tat, &old, base + interval));
	return true;
}

static u32 hash(const struct icmpguard_limiter *l, u64 key)
{
	return hsiphash_2u32((u32)key, (u32)(key >> 32), &l->key) & l->mask;
}

static void entry_free_rcu(struct rcu_head *rcu)
{
	kmem_cache_free(entry_cache, container_of(rcu, struct entry, rcu));
}

static void entry_del(struct icmpguard_limiter *l, struct entry *e)
{
	hlist_del_rcu(&e->node);
	atomic_dec(&l->entries);
	call_rcu(&e->rcu, entry_free_rcu);
}

/* Reports the end of a flood; returns true if the entry may go. */
static bool flood_over(struct icmpguard_limiter *l, struct entry *e, u64 now)
{
	if (!test_bit(0, &e->flooding))
		return true;
	if (now - READ_ONCE(e->last_hit) < FLOOD_QUIET_NS)
		return false;
	clear_bit(0, &e->flooding);
	if (l->flood_end)
		l->flood_end(l, e->key,
			     atomic64_read(&e->limited) - e->flood_base);
	return true;
}

static void gc(struct work_struct *work)
{
	struct icmpguard_limiter *l =
		container_of(to_delayed_work(work), struct icmpguard_limiter, gc);
	u64 now = ktime_get_mono_fast_ns();
	struct hlist_node *tmp;
	struct entry *e;
	unsigned int i;

	for (i = 0; i <= l->mask; i++) {
		if (hlist_empty(&l->table[i]))
			continue;
		spin_lock_bh(&l->lock);
		hlist_for_each_entry_safe(e, tmp, &l->table[i], node) {
			if (flood_over(l, e, now) &&
			    (u64)atomic64_read(&e->bucket.tat) <= now) {
				entry_del(l, e);
				atomic64_inc(&l->evicted);
			}
		}
		spin_unlock_bh(&l->lock);
		if (!(i & 255))
			cond_resched();
	}
	if (atomic_read(&l->entries))
		queue_delayed_work(system_power_efficient_wq, &l->gc,
				   GC_INTERVAL);
}

/*
 * The table is full: sweep a few chains from a rotating cursor and evict
 * idle entries (bucket full again, no flood being reported), so a flood
 * of one-shot sources cannot keep a returning source out for a whole
 * collector period. Called with l->lock held.
 */
static void make_room(struct icmpguard_limiter *l, u64 now)
{
	struct hlist_node *tmp;
	unsigned int i, b;
	struct entry *e;

	for (i = 0; i < 16; i++) {
		b = l->cursor++ & l->mask;
		hlist_for_each_entry_safe(e, tmp, &l->table[b], node) {
			if (!test_bit(0, &e->flooding) &&
			    (u64)atomic64_read(&e->bucket.tat) <= now) {
				entry_del(l, e);
				atomic64_inc(&l->evicted);
			}
		}
	}
}

static struct entry *lookup(struct hlist_head *head, u64 key)
{
	struct entry *e;

	hlist_for_each_entry_rcu(e, head, node)
		if (e->key == key)
			return e;
	return NULL;
}

static enum icmpguard_limit charge(struct entry *e,
				   const struct icmpguard_rate *rate, u64 now)
{
	if (icmpguard_bucket_allow(&e->bucket, rate, now))
		return ICMPGUARD_LIMIT_PASS;
	atomic64_inc(&e->limited);
	WRITE_ONCE(e->last_hit, now);
	if (test_bit(0, &e->flooding) || test_and_set_bit(0, &e->flooding))
		return ICMPGUARD_LIMIT_HIT;
	e->flood_base = atomic64_read(&e->limited) - 1;
	return ICMPGUARD_LIMIT_HIT_START;
}

/* Called with BH disabled and under rcu_read_lock(). */
enum icmpguard_limit icmpguard_limiter_allow(struct icmpguard_limiter *l,
					     const struct icmpguard_rate *rate,
					     u64 key, u64 now)
{
	struct hlist_head *head;
	struct entry *e;

	if (!READ_ONCE(rate->interval_ns))
		return ICMPGUARD_LIMIT_PASS;

	head = &l->table[hash(l, key)];
	e = lookup(head, key);
	if (likely(e))
		return charge(e, rate, now);

	if (atomic_read(&l->entries) >= READ_ONCE(l->max_entries)) {
		spin_lock(&l->lock);
		make_room(l, now);
		spin_unlock(&l->lock);
		if (atomic_read(&l->entries) >= READ_ONCE(l->max_entries))
			goto overflow;
	}
	e = kmem_cache_alloc(entry_cache, GFP_ATOMIC);
	if (!e)
		goto overflow;
	e->key = key;
	atomic64_set(&e->bucket.tat, 0);
	atomic64_set(&e->limited, 0);
	e->last_hit = 0;
	e->flood_base = 0;
	e->flooding = 0;

	spin_lock(&l->lock);
	if (unlikely(lookup(head, key) ||
		     atomic_read(&l->entries) >= READ_ONCE(l->max_entries))) {
		/* Lost a race with another CPU: rare, charge the overflow. */
		spin_unlock(&l->lock);
		kmem_cache_free(entry_cache, e);
		goto overflow;
	}
	atomic_inc(&l->entries);
	hlist_add_head_rcu(&e->node, head);
	spin_unlock(&l->lock);
	if (!delayed_work_pending(&l->gc))
		queue_delayed_work(system_power_efficient_wq, &l->gc,
				   GC_INTERVAL);
	return charge(e, rate, now);
overflow:
	atomic64_inc(&l->overflow_used);
	return icmpguard_bucket_allow(&l->overflow, rate, now) ?
		ICMPGUARD_LIMIT_OVERFLOW_PASS : ICMPGUARD_LIMIT_OVERFLOW_HIT;
}

int icmpguard_limiter_walk(struct icmpguard_limiter *l, long *pos,
			   int (*put)(void *arg, u64 key, u64 limited,
				      bool flooding),
			   void *arg)
{
	/* *pos is bucket << 16 | entries of that bucket already put. */
	unsigned long bucket = *pos >> 16, skip = *pos & 0xffff, i;
	struct entry *e;
	int err = 0;

	rcu_read_lock();
	for (; bucket <= l->mask; bucket++, skip = 0) {
		i = 0;
		hlist_for_each_entry_rcu(e, &l->table[bucket], node) {
			if (i++ < skip)
				continue;
			err = put(arg, e->key, atomic64_read(&e->limited),
				  test_bit(0, &e->flooding));
			if (err) {
				*pos = bucket << 16 | (i - 1);
				goto out;
			}
		}
	}
	*pos = bucket << 16;
out:
	rcu_read_unlock();
	return err;
}

unsigned int icmpguard_limiter_default_max(void)
{
	return max_entries;
}

void icmpguard_limiter_set_max(struct icmpguard_limiter *l, unsigned int max)
{
	WRITE_ONCE(l->max_entries, max);
}

int icmpguard_limiter_init(struct icmpguard_limiter *l,
			   icmpguard_flood_end_t flood_end)
{
	l->table = kvcalloc(table_size, sizeof(*l->table), GFP_KERNEL_ACCOUNT);
	if (!l->table)
		return -ENOMEM;
	l->mask = table_size - 1;
	l->max_entries = max_entries;
	l->flood_end = flood_end;
	atomic_set(&l->entries, 0);
	atomic64_set(&l->overflow_used, 0);
	atomic64_set(&l->evicted, 0);
	atomic64_set(&l->overflow.tat, 0);
	spin_lock_init(&l->lock);
	get_random_bytes(&l->key, sizeof(l->key));
	INIT_DEFERRABLE_WORK(&l->gc, gc);
	return 0;
}

void icmpguard_limiter_flush(struct icmpguard_limiter *l)
{
	struct hlist_node *tmp;
	struct entry *e;
	unsigned int i;

	for (i = 0; i <= l->mask; i++) {
		spin_lock_bh(&l->lock);
		hlist_for_each_entry_safe(e, tmp, &l->table[i], node)
			entry_del(l, e);
		spin_unlock_bh(&l->lock);
	}
}

/* The caller guarantees no packet can reach the limiter any more. */
void icmpguard_limiter_destroy(struct icmpguard_limiter *l)
{
	cancel_delayed_work_sync(&l->gc);
	icmpguard_limiter_flush(l);
	/* Entries are freed by call_rcu; the table may go now. */
	kvfree(l->table);
}

int icmpguard_ratelimiter_module_init(void)
{
	unsigned long ram = totalram_pages() << PAGE_SHIFT;

	/* As WireGuard sizes its table: a chain per 128 KiB of RAM
	 * (16 KiB of it per hlist_head's byte), at most 8192, and eight
	 * entries per chain at most by default.
	 */
	table_size = ram > (1UL << 30) ? 8192 :
		max_t(unsigned long, 16,
		      roundup_pow_of_two(ram / (1U << 14) /
					 sizeof(struct hlist_head)));
	table_size = min(table_size, 8192U);
	max_entries = table_size * 8;
	entry_cache = kmem_cache_create("icmpguard_source",
					sizeof(struct entry), 0, 0, NULL);
	return entry_cache ? 0 : -ENOMEM;
}

void icmpguard_ratelimiter_module_exit(void)
{
	rcu_barrier();
	kmem_cache_destroy(entry_cache);
}
