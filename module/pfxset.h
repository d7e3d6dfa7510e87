/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_PFXSET_H
#define _ICMPGUARD_PFXSET_H

#include <linux/bitmap.h>
#include <linux/refcount.h>
#include "addr.h"

/*
 * A set of prefixes of both families. Readers see it only sealed and
 * immutable, under RCU; a change edits a private copy and seals it. A
 * lookup probes one hash table once per prefix length in use in the
 * address's family, longest first, so it costs a few probes whatever
 * the number of prefixes.
 */
struct icmpguard_pfxset {
	u32 n;				/* entries, removed ones included */
	u32 live;
	u32 cap;
	struct icmpguard_prefix *pfx;	/* in the order they were added */
	u32 *slot;			/* index + 1 into pfx, 0: empty */
	u32 mask;
	DECLARE_BITMAP(lens[ICMPGUARD_NFAM], 129);
	refcount_t ref;
};

/* An empty set, or a private copy of @from to edit; ERR_PTR on failure. */
struct icmpguard_pfxset *icmpguard_pfxset_copy(const struct icmpguard_pfxset *from);
/* -EEXIST, -ENOSPC past @max entries, -ENOMEM. */
int icmpguard_pfxset_add(struct icmpguard_pfxset *set,
			 const struct icmpguard_prefix *p, u32 max);
int icmpguard_pfxset_del(struct icmpguard_pfxset *set,
			 const struct icmpguard_prefix *p);
/* Ends the edit: removed entries go, lookups may start. */
int icmpguard_pfxset_seal(struct icmpguard_pfxset *set);
void icmpguard_pfxset_put(struct icmpguard_pfxset *set);

/*
 * The index of the next prefix holding @a, longest first, or -1 when
 * there are no more: *@plen starts at ICMPGUARD_PFX_START(fam) and is
 * the cursor.
 */
#define ICMPGUARD_PFX_START(fam)	(icmpguard_addr_bits(fam) + 1UL)
int icmpguard_pfxset_next(const struct icmpguard_pfxset *set, int fam,
			  const union icmpguard_addr *a, unsigned long *plen);
/* The index of @p itself, or -1. */
int icmpguard_pfxset_find(const struct icmpguard_pfxset *set,
			  const struct icmpguard_prefix *p);

/* The index of the longest prefix holding @a, or -1. */
static inline int icmpguard_pfxset_match(const struct icmpguard_pfxset *set,
					 int fam, const union icmpguard_addr *a)
{
	unsigned long plen = ICMPGUARD_PFX_START(fam);

	return icmpguard_pfxset_next(set, fam, a, &plen);
}

static inline bool icmpguard_pfxset_any(const struct icmpguard_pfxset *set,
					int fam)
{
	return set && !bitmap_empty(set->lens[fam], 129);
}

#endif /* _ICMPGUARD_PFXSET_H */
