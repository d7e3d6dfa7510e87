// SPDX-License-Identifier: GPL-2.0
/*
 * Token buckets and the bounded, garbage-collected tables that hold them.
 *
 * An entry whose bucket has refilled completely carries no information a
 * new entry would not, so the collector removes exactly those: forgetting
 * an idle key never lets anyone send more than the rate allows.
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
	__be32 addr;
	struct rcu_head rcu;
};

static struct kmem_cache *entry_cache;
static unsigned int table_size, max_entries;

#define GC_INTERVAL	HZ

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

static u32 hash(const struct icmpguard_limiter *l, __be32 addr)
{
	return hsiphash_1u32((__force u32)addr, &l->key) & l->mask;
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
			if ((u64)atomic64_read(&e->bucket.tat) <= now)
				entry_del(l, e);
		}
		spin_unlock_bh(&l->lock);
		if (!(i & 255))
			cond_resched();
	}
	if (atomic_read(&l->entries))
		queue_delayed_work(system_power_efficient_wq, &l->gc,
				   GC_INTERVAL);
}

static struct entry *lookup(struct hlist_head *head, __be32 addr)
{
	struct entry *e;

	hlist_for_each_entry_rcu(e, head, node)
		if (e->addr == addr)
			return e;
	return NULL;
}

/* Called with BH disabled and under rcu_read_lock(). */
enum icmpguard_limit icmpguard_limiter_allow(struct icmpguard_limiter *l,
					     const struct icmpguard_rate *rate,
					     __be32 addr, u64 now)
{
	struct hlist_head *head;
	struct entry *e;

	if (!READ_ONCE(rate->interval_ns))
		return ICMPGUARD_LIMIT_PASS;

	head = &l->table[hash(l, addr)];
	e = lookup(head, addr);
	if (likely(e))
		goto charge;

	if (atomic_read(&l->entries) >= l->max_entries)
		goto overflow;
	e = kmem_cache_alloc(entry_cache, GFP_ATOMIC);
	if (!e)
		goto overflow;
	e->addr = addr;
	atomic64_set(&e->bucket.tat, 0);

	spin_lock(&l->lock);
	if (unlikely(lookup(head, addr) ||
		     atomic_read(&l->entries) >= l->max_entries)) {
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
charge:
	return icmpguard_bucket_allow(&e->bucket, rate, now) ?
		ICMPGUARD_LIMIT_PASS : ICMPGUARD_LIMIT_HIT;
overflow:
	atomic64_inc(&l->overflow_used);
	return icmpguard_bucket_allow(&l->overflow, rate, now) ?
		ICMPGUARD_LIMIT_PASS : ICMPGUARD_LIMIT_OVERFLOW_HIT;
}

int icmpguard_limiter_init(struct icmpguard_limiter *l)
{
	l->table = kvcalloc(table_size, sizeof(*l->table), GFP_KERNEL);
	if (!l->table)
		return -ENOMEM;
	l->mask = table_size - 1;
	l->max_entries = max_entries;
	atomic_set(&l->entries, 0);
	atomic64_set(&l->overflow_used, 0);
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

	/* As WireGuard sizes its table: one bucket per 16 KiB of RAM,
	 * at most 8192, eight entries per bucket at most.
	 */
	table_size = ram > (1UL << 30) ? 8192 :
		max_t(unsigned long, 16,
		      roundup_pow_of_two(ram / (1U << 14) /
					 sizeof(struct hlist_head)));
	table_size = min(table_size, 8192U);
	max_entries = table_size * 8;
	entry_cache = KMEM_CACHE(entry, 0);
	return entry_cache ? 0 : -ENOMEM;
}

void icmpguard_ratelimiter_module_exit(void)
{
	rcu_barrier();
	kmem_cache_destroy(entry_cache);
}
