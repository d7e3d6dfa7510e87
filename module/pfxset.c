// SPDX-License-Identifier: GPL-2.0
/*
 * Prefix sets: owned prefixes, and the source index of rules. One
 * open-addressing table, at most half full, keyed by (family, length,
 * masked address). A removed entry keeps its slot until the set is
 * sealed, so no probe chain breaks while a copy is edited.
 */

#include <linux/err.h>
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include "pfxset.h"

#define REMOVED		ICMPGUARD_NFAM	/* the family of a removed entry */

static u32 hash(const struct icmpguard_prefix *p)
{
	return jhash2((const u32 *)p->addr.w, p->fam == ICMPGUARD_V4 ? 1 : 4,
		      p->fam << 8 | p->plen);
}

static bool same(const struct icmpguard_prefix *a,
		 const struct icmpguard_prefix *b)
{
	return a->fam == b->fam && a->plen == b->plen &&
	       icmpguard_addr_eq(&a->addr, &b->addr);
}

/* The slot holding @p, or the empty one where it would go. */
static u32 *probe(const struct icmpguard_pfxset *set,
		  const struct icmpguard_prefix *p)
{
	u32 i = hash(p);

	for (;; i++) {
		u32 *s = &set->slot[i & set->mask];

		if (!*s || same(&set->pfx[*s - 1], p))
			return s;
	}
}

static void reindex(struct icmpguard_pfxset *set)
{
	u32 i;

	memset(set->slot, 0, (set->mask + 1) * sizeof(*set->slot));
	for (i = 0; i < set->n; i++)
		if (set->pfx[i].fam != REMOVED)
			*probe(set, &set->pfx[i]) = i + 1;
}

/* Room for @cap entries; the set's own entries are kept. */
static int resize(struct icmpguard_pfxset *set, u32 cap)
{
	u32 size = roundup_pow_of_two(max(2 * cap, 16U));
	struct icmpguard_prefix *pfx;
	u32 *slot;

	pfx = kvmalloc_array(cap, sizeof(*pfx), GFP_KERNEL_ACCOUNT);
	slot = kvcalloc(size, sizeof(*slot), GFP_KERNEL_ACCOUNT);
	if (!pfx || !slot) {
		kvfree(pfx);
		kvfree(slot);
		return -ENOMEM;
	}
	if (set->n)
		memcpy(pfx, set->pfx, set->n * sizeof(*pfx));
	kvfree(set->pfx);
	kvfree(set->slot);
	set->pfx = pfx;
	set->slot = slot;
	set->mask = size - 1;
	set->cap = cap;
	reindex(set);
	return 0;
}

struct icmpguard_pfxset *icmpguard_pfxset_copy(const struct icmpguard_pfxset *from)
{
	struct icmpguard_pfxset *set;
	u32 n = from ? from->n : 0;

	set = kzalloc(sizeof(*set), GFP_KERNEL_ACCOUNT);
	if (!set)
		return ERR_PTR(-ENOMEM);
	refcount_set(&set->ref, 1);
	if (resize(set, max(n, 8U))) {
		icmpguard_pfxset_put(set);
		return ERR_PTR(-ENOMEM);
	}
	if (n) {
		memcpy(set->pfx, from->pfx, n * sizeof(*set->pfx));
		set->n = n;
		set->live = from->live;
		reindex(set);
	}
	return set;
}

int icmpguard_pfxset_add(struct icmpguard_pfxset *set,
			 const struct icmpguard_prefix *p, u32 max)
{
	u32 *s = probe(set, p);

	if (*s)
		return -EEXIST;
	if (set->live >= max)
		return -ENOSPC;
	if (set->n == set->cap) {
		if (resize(set, 2 * set->cap))
			return -ENOMEM;
		s = probe(set, p);
	}
	set->pfx[set->n] = *p;
	*s = ++set->n;
	set->live++;
	return 0;
}

int icmpguard_pfxset_del(struct icmpguard_pfxset *set,
			 const struct icmpguard_prefix *p)
{
	u32 s = *probe(set, p);

	if (!s)
		return -ENOENT;
	set->pfx[s - 1].fam = REMOVED;
	set->live--;
	return 0;
}

int icmpguard_pfxset_seal(struct icmpguard_pfxset *set)
{
	u32 i, n = 0;

	for (i = 0; i < set->n; i++)
		if (set->pfx[i].fam != REMOVED)
			set->pfx[n++] = set->pfx[i];
	set->n = n;
	if (resize(set, max(n, 1U)))
		return -ENOMEM;
	for (i = 0; i < ICMPGUARD_NFAM; i++)
		bitmap_zero(set->lens[i], 129);
	for (i = 0; i < n; i++)
		__set_bit(set->pfx[i].plen, set->lens[set->pfx[i].fam]);
	return 0;
}

void icmpguard_pfxset_put(struct icmpguard_pfxset *set)
{
	if (IS_ERR_OR_NULL(set) || !refcount_dec_and_test(&set->ref))
		return;
	kvfree(set->pfx);
	kvfree(set->slot);
	kfree(set);
}

int icmpguard_pfxset_next(const struct icmpguard_pfxset *set, int fam,
			  const union icmpguard_addr *a, unsigned long *plen)
{
	struct icmpguard_prefix p = { .fam = fam };
	unsigned long next;
	u32 s;

	/* find_last_bit() returns its size when no bit below it is set. */
	while ((next = find_last_bit(set->lens[fam], *plen)) < *plen) {
		*plen = next;
		p.plen = next;
		icmpguard_addr_mask(fam, a, next, &p.addr);
		s = *probe(set, &p);
		if (s)
			return s - 1;
	}
	return -1;
}

int icmpguard_pfxset_find(const struct icmpguard_pfxset *set,
			  const struct icmpguard_prefix *p)
{
	return (int)*probe(set, p) - 1;
}
