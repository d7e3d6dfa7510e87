// SPDX-License-Identifier: GPL-2.0
/*
 * Token buckets, and the fixed-size tables that hold one per key.
 *
 * A slot whose bucket has refilled completely carries no information a
 * fresh bucket would not, so a new key may take it: forgetting an idle
 * key never lets anyone send more than the rate allows, and the table
 * needs no collector. Flood tracking (a key's bucket refused; it has
 * refused nothing for two seconds) keeps a slot until its flood ends,
 * which a watcher reports from process context while any flood is on.
 */

#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include "ratelimiter.h"

#define WAYS		4
/* Flood stamps count units of 2^20 ns, about a millisecond. */
#define UNIT_SHIFT	20
#define QUIET_UNITS	((2 * NSEC_PER_SEC) >> UNIT_SHIFT)
#define WATCH_PERIOD	HZ

/* What a lookup reads: one cache line. */
struct hot {
	u64 key[WAYS];
	struct icmpguard_bucket bucket[WAYS];	/* tat 0: never used */
};

/* What only a refusal, the watcher and dumps touch. */
struct cold {
	u32 limited[WAYS];	/* refused since the key took the slot */
	u32 flood[WAYS];	/* stamp of the last refusal | 1, 0: none */
	u32 base[WAYS];		/* limited when the flood started */
};

struct icmpguard_ltable {
	u32 nbuckets;
	struct hot *hot;
	struct cold *cold;
	struct rcu_head rcu;
};

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
	if (check_mul_overflow(interval, (u64)(burst - 1), &tolerance) ||
	    tolerance > S64_MAX / 4)
		return -ERANGE;
	rate->interval_ns = interval;
	rate->tolerance_ns = tolerance;
	return 0;
}

bool icmpguard_bucket_allow(struct icmpguard_bucket *b,
			    const struct icmpguard_rate *rate, u64 now)
{
	u64 interval = rate->interval_ns, tolerance = rate->tolerance_ns;
	s64 old = atomic64_read(&b->tat);
	u64 base;

	if (!interval)
		return true;
	do {
		base = max_t(u64, old, now);
		/*
		 * Deeper in debt than this rate and burst can ever be: the
		 * debt is in the time of an older, slower rate. A changed
		 * limit starts from a full bucket, as a replaced nft limit
		 * does, and takes effect at once.
		 */
		if (base - now > tolerance + interval)
			base = now;
		else if (base - now > tolerance)
			return false;
	} while (!atomic64_try_cmpxchg(&b->tat, &old, base + interval));
	return true;
}

static u32 stamp_of(u64 now)
{
	return (u32)(now >> UNIT_SHIFT) | 1;
}

static struct icmpguard_ltable *table_alloc(unsigned int slots)
{
	u32 n = max_t(u32, DIV_ROUND_UP(slots, WAYS), 1);
	size_t head = ALIGN(sizeof(struct icmpguard_ltable), SMP_CACHE_BYTES);
	struct icmpguard_ltable *t;

	t = kvzalloc(head + n * (sizeof(struct hot) + sizeof(struct cold)),
		     GFP_KERNEL_ACCOUNT);
	if (!t)
		return NULL;
	t->nbuckets = n;
	t->hot = (void *)t + head;
	t->cold = (void *)(t->hot + n);
	return t;
}

static void slot_index(const struct icmpguard_limiter *l,
		       const struct icmpguard_ltable *t, u64 key, u32 idx[2])
{
	u32 h = hsiphash_2u32((u32)key, (u32)(key >> 32), &l->key);

	idx[0] = reciprocal_scale(h, t->nbuckets);
	idx[1] = reciprocal_scale(swab32(h), t->nbuckets);
}

/* Moves a key's state from the first bucket into the new table. */
static void migrate(struct icmpguard_limiter *l, struct icmpguard_ltable *t,
		    int from)
{
	const struct hot *fh = l->first->hot;
	const struct cold *fc = l->first->cold;
	u64 key = READ_ONCE(fh->key[from]);
	u32 idx[2];
	int n, w;

	slot_index(l, t, key, idx);
	for (n = 0; n < 2; n++) {
		struct hot *b = &t->hot[idx[n]];
		struct cold *c = &t->cold[idx[n]];

		for (w = 0; w < WAYS; w++) {
			if (atomic64_read(&b->bucket[w].tat))
				continue;
			b->key[w] = key;
			atomic64_set(&b->bucket[w].tat,
				     atomic64_read(&fh->bucket[from].tat));
			c->limited[w] = READ_ONCE(fc->limited[from]);
			c->flood[w] = READ_ONCE(fc->flood[from]);
			c->base[w] = READ_ONCE(fc->base[from]);
			return;
		}
	}
}

/*
 * The full table, made on the namespace's first limited datagram: the
 * keys seen until then were kept in the first bucket and move into it,
 * so a source's burst is its burst from its first datagram on.
 */
static void grow(struct work_struct *work)
{
	struct icmpguard_limiter *l = container_of(work, struct icmpguard_limiter,
						   grow);
	struct icmpguard_ltable *t;
	int w;

	mutex_lock(&l->mutex);
	if (!rcu_access_pointer(l->table)) {
		t = table_alloc(l->max_slots);
		if (t) {
			for (w = 0; w < WAYS; w++)
				if (atomic64_read(&l->first->hot->bucket[w].tat))
					migrate(l, t, w);
			rcu_assign_pointer(l->table, t);
		}
	}
	mutex_unlock(&l->mutex);
}

/* A refusal: count it, and start or extend the key's flood. */
static enum icmpguard_limit refuse(struct icmpguard_limiter *l,
				   struct cold *c, int w, u64 now)
{
	u32 limited = READ_ONCE(c->limited[w]) + 1, stamp = stamp_of(now);
	u32 f, prev;

	/* A count, not an invariant: racing CPUs may lose an increment. */
	WRITE_ONCE(c->limited[w], limited);
	if (!l->flood_end)
		return ICMPGUARD_LIMIT_HIT;
	/* cmpxchg, so a flood the watcher just ended starts anew. */
	for (f = READ_ONCE(c->flood[w]); f != stamp; f = prev) {
		prev = cmpxchg(&c->flood[w], f, stamp);
		if (prev == f)
			break;
	}
	if (f)
		return ICMPGUARD_LIMIT_HIT;
	WRITE_ONCE(c->base[w], limited - 1);
	atomic_inc(&l->flooding);
	queue_delayed_work(system_power_efficient_wq, &l->watch, WATCH_PERIOD);
	return ICMPGUARD_LIMIT_HIT_START;
}

/* Takes a slot of @b for @key if one is idle. */
static bool claim(struct icmpguard_limiter *l, struct hot *b, struct cold *c,
		  u64 key, const struct icmpguard_rate *rate, u64 now)
{
	s64 old;
	int w;

	for (w = 0; w < WAYS; w++) {
		old = atomic64_read(&b->bucket[w].tat);
		if ((s64)(old - now) > 0 || READ_ONCE(c->flood[w]))
			continue;
		/* The new key's first datagram, from a full bucket. */
		if (!atomic64_try_cmpxchg(&b->bucket[w].tat, &old,
					  now + rate->interval_ns))
			continue;
		if (old)
			atomic64_inc(&l->evicted);
		WRITE_ONCE(b->key[w], key);
		WRITE_ONCE(c->limited[w], 0);
		return true;
	}
	return false;
}

/* Called with BH disabled and under rcu_read_lock(). */
enum icmpguard_limit icmpguard_limiter_allow(struct icmpguard_limiter *l,
					     const struct icmpguard_rate *rate,
					     u64 key, u64 now)
{
	struct icmpguard_ltable *t;
	u32 idx[2];
	int n, w;

	if (!rate->interval_ns)
		return ICMPGUARD_LIMIT_PASS;
	t = rcu_dereference(l->table);
	if (unlikely(!t)) {
		/* Until the table is made, the first bucket's four slots. */
		t = l->first;
		schedule_work(&l->grow);
	}
	slot_index(l, t, key, idx);
	for (n = 0; n < 2; n++) {
		struct hot *b = &t->hot[idx[n]];

		for (w = 0; w < WAYS; w++) {
			if (READ_ONCE(b->key[w]) != key ||
			    !atomic64_read(&b->bucket[w].tat))
				continue;
			if (icmpguard_bucket_allow(&b->bucket[w], rate, now))
				return ICMPGUARD_LIMIT_PASS;
			return refuse(l, &t->cold[idx[n]], w, now);
		}
	}
	for (n = 0; n < 2; n++)
		if (claim(l, &t->hot[idx[n]], &t->cold[idx[n]], key, rate, now))
			return ICMPGUARD_LIMIT_PASS;
	return icmpguard_bucket_allow(&l->overflow, rate, now) ?
		ICMPGUARD_LIMIT_OVERFLOW_PASS : ICMPGUARD_LIMIT_OVERFLOW_HIT;
}

/* The table in use: the full one, or until it exists the first bucket. */
static struct icmpguard_ltable *table_locked(struct icmpguard_limiter *l)
{
	return rcu_dereference_protected(l->table,
					 lockdep_is_held(&l->mutex)) ?: l->first;
}

/* Reports the floods that have been quiet long enough. */
static void watch(struct work_struct *work)
{
	struct icmpguard_limiter *l = container_of(to_delayed_work(work),
						   struct icmpguard_limiter,
						   watch);
	u32 now = stamp_of(icmpguard_now()), f, i;
	struct icmpguard_ltable *t;
	struct cold *c;
	int w;

	mutex_lock(&l->mutex);
	t = table_locked(l);
	for (i = 0; t && i < t->nbuckets; i++) {
		c = &t->cold[i];
		for (w = 0; w < WAYS; w++) {
			f = READ_ONCE(c->flood[w]);
			if (!f || (s32)(now - f) < (s32)QUIET_UNITS ||
			    cmpxchg(&c->flood[w], f, 0) != f)
				continue;
			atomic_dec(&l->flooding);
			l->flood_end(l, READ_ONCE(t->hot[i].key[w]),
				     READ_ONCE(c->limited[w]) -
				     READ_ONCE(c->base[w]));
		}
		if (!(i & 1023))
			cond_resched();
	}
	mutex_unlock(&l->mutex);
	if (atomic_read(&l->flooding) > 0)
		queue_delayed_work(system_power_efficient_wq, &l->watch,
				   WATCH_PERIOD);
}

static bool holds_state(const struct icmpguard_ltable *t, u32 i, int w,
			u64 now)
{
	u64 tat = atomic64_read(&t->hot[i].bucket[w].tat);

	return (s64)(tat - now) > 0 || READ_ONCE(t->cold[i].flood[w]);
}

unsigned int icmpguard_limiter_count(struct icmpguard_limiter *l)
{
	u64 now = icmpguard_now();
	struct icmpguard_ltable *t;
	unsigned int count = 0;
	u32 i;
	int w;

	mutex_lock(&l->mutex);
	t = table_locked(l);
	for (i = 0; t && i < t->nbuckets; i++)
		for (w = 0; w < WAYS; w++)
			count += holds_state(t, i, w, now);
	mutex_unlock(&l->mutex);
	return count;
}

int icmpguard_limiter_walk(struct icmpguard_limiter *l, long *pos,
			   int (*put)(void *arg, u64 key, u64 limited,
				      bool flooding),
			   void *arg)
{
	u64 now = icmpguard_now();
	struct icmpguard_ltable *t;
	long slot;
	int err = 0;

	mutex_lock(&l->mutex);
	t = table_locked(l);
	for (slot = *pos; t && slot < (long)t->nbuckets * WAYS; slot++) {
		u32 i = slot / WAYS;
		int w = slot % WAYS;

		if (!holds_state(t, i, w, now))
			continue;
		err = put(arg, READ_ONCE(t->hot[i].key[w]),
			  READ_ONCE(t->cold[i].limited[w]),
			  READ_ONCE(t->cold[i].flood[w]));
		if (err)
			break;
	}
	*pos = slot;
	mutex_unlock(&l->mutex);
	return err;
}

/*
 * With @make, the new table is made here rather than on the next limited
 * datagram: sources arriving while it would be made (a flood, when an
 * operator resizes the table) would share the overflow bucket.
 */
void icmpguard_limiter_reset(struct icmpguard_limiter *l, unsigned int max,
			     bool make)
{
	struct icmpguard_ltable *old, *t = make ? table_alloc(max) : NULL;

	mutex_lock(&l->mutex);
	l->max_slots = max;
	/* Racing datagrams may still write it: they only lose their state. */
	memset(l->first->hot, 0, sizeof(struct hot) + sizeof(struct cold));
	old = rcu_replace_pointer(l->table, t, lockdep_is_held(&l->mutex));
	atomic_set(&l->flooding, 0);
	mutex_unlock(&l->mutex);
	if (old)
		kvfree_rcu(old, rcu);
}

/*
 * Sized as WireGuard sizes its ratelimiter: from RAM, 65536 keys on a
 * machine with more than a gigabyte (under 2 MiB of table).
 */
unsigned int icmpguard_limiter_default_max(void)
{
	unsigned long ram = totalram_pages() << PAGE_SHIFT;

	if (ram > (1UL << 30))
		return 65536;
	return clamp_t(unsigned long, ram >> 14, 16, 65536);
}

int icmpguard_limiter_init(struct icmpguard_limiter *l, unsigned int max,
			   icmpguard_flood_end_t flood_end)
{
	l->first = table_alloc(WAYS);
	if (!l->first)
		return -ENOMEM;
	RCU_INIT_POINTER(l->table, NULL);
	l->max_slots = max;
	l->flood_end = flood_end;
	get_random_bytes(&l->key, sizeof(l->key));
	atomic64_set(&l->overflow.tat, 0);
	atomic64_set(&l->evicted, 0);
	atomic_set(&l->flooding, 0);
	mutex_init(&l->mutex);
	INIT_WORK(&l->grow, grow);
	INIT_DEFERRABLE_WORK(&l->watch, watch);
	return 0;
}

/* The caller guarantees no packet can reach the limiter any more. */
void icmpguard_limiter_destroy(struct icmpguard_limiter *l)
{
	cancel_work_sync(&l->grow);
	cancel_delayed_work_sync(&l->watch);
	kvfree(rcu_dereference_protected(l->table, true));
	kvfree(l->first);
	mutex_destroy(&l->mutex);
}
