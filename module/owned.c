// SPDX-License-Identifier: GPL-2.0
/*
 * Owned prefixes: one RCU hash table keyed by (masked address, length),
 * probed once per prefix length in use, longest first. A lookup costs at
 * most 33 hash probes whatever the number of prefixes, and usually one or
 * two, since real configurations use few distinct lengths.
 */

#include <linux/rhashtable.h>
#include <linux/slab.h>
#include "uapi/icmpguard.h"
#include "owned.h"

struct prefix_key {
	__be32 addr;
	u32 plen;
};

struct prefix {
	struct rhash_head node;
	struct prefix_key key;
	struct list_head list;
	struct rcu_head rcu;
};

static const struct rhashtable_params params = {
	.head_offset = offsetof(struct prefix, node),
	.key_offset = offsetof(struct prefix, key),
	.key_len = sizeof(struct prefix_key),
	.automatic_shrinking = true,
	.max_size = ICMPGUARD_OWNED_MAX,
};

static __be32 mask(u8 plen)
{
	return plen ? htonl(~0U << (32 - plen)) : 0;
}

int icmpguard_owned_init(struct icmpguard_owned *o)
{
	memset(o, 0, sizeof(*o));
	INIT_LIST_HEAD(&o->list);
	return rhashtable_init(&o->ht, &params);
}

/* Called with rcu_read_lock() held. */
bool icmpguard_owned_match(struct icmpguard_owned *o, __be32 addr)
{
	u64 lens = READ_ONCE(o->lens);
	struct prefix_key key;

	while (lens) {
		int plen = fls64(lens) - 1;

		lens &= ~(1ULL << plen);
		key.addr = addr & mask(plen);
		key.plen = plen;
		if (rhashtable_lookup(&o->ht, &key, params))
			return true;
	}
	return false;
}

static void update_lens(struct icmpguard_owned *o, u8 plen, int delta)
{
	o->per_len[plen] += delta;
	if (o->per_len[plen])
		WRITE_ONCE(o->lens, o->lens | (1ULL << plen));
	else
		WRITE_ONCE(o->lens, o->lens & ~(1ULL << plen));
	o->generation++;
}

int icmpguard_owned_add(struct icmpguard_owned *o, __be32 addr, u8 plen)
{
	struct prefix *p;
	int err;

	struct prefix_key key = { .addr = addr, .plen = plen };

	if (plen > 32 || (addr & ~mask(plen)))
		return -EINVAL;
	/* A prefix already there is EEXIST, full or not. */
	if (o->count >= ICMPGUARD_OWNED_MAX)
		return rhashtable_lookup_fast(&o->ht, &key, params) ?
			-EEXIST : -ENOSPC;
	p = kzalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);
	if (!p)
		return -ENOMEM;
	p->key.addr = addr;
	p->key.plen = plen;
	err = rhashtable_lookup_insert_fast(&o->ht, &p->node, params);
	if (err) {
		kfree(p);
		return err;
	}
	list_add_tail(&p->list, &o->list);
	o->count++;
	/* The length bit goes up after the entry is findable. */
	update_lens(o, plen, 1);
	return 0;
}

static void prefix_del(struct icmpguard_owned *o, struct prefix *p)
{
	rhashtable_remove_fast(&o->ht, &p->node, params);
	list_del(&p->list);
	o->count--;
	update_lens(o, p->key.plen, -1);
	kfree_rcu(p, rcu);
}

int icmpguard_owned_del(struct icmpguard_owned *o, __be32 addr, u8 plen)
{
	struct prefix_key key = { .addr = addr, .plen = plen };
	struct prefix *p;

	if (plen > 32 || (addr & ~mask(plen)))
		return -EINVAL;
	p = rhashtable_lookup_fast(&o->ht, &key, params);
	if (!p)
		return -ENOENT;
	prefix_del(o, p);
	return 0;
}

void icmpguard_owned_flush(struct icmpguard_owned *o)
{
	struct prefix *p, *tmp;

	list_for_each_entry_safe(p, tmp, &o->list, list)
		prefix_del(o, p);
}

void icmpguard_owned_destroy(struct icmpguard_owned *o)
{
	icmpguard_owned_flush(o);
	rhashtable_destroy(&o->ht);
}

int icmpguard_owned_walk(struct icmpguard_owned *o, long *pos,
			 int (*put)(void *arg, __be32 addr, u8 plen),
			 void *arg)
{
	struct prefix *p;
	long i = 0;
	int err;

	list_for_each_entry(p, &o->list, list) {
		if (i < *pos) {
			i++;
			continue;
		}
		err = put(arg, p->key.addr, p->key.plen);
		if (err)
			return err;
		*pos = ++i;
	}
	return 0;
}
