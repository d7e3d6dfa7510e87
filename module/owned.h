/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_OWNED_H
#define _ICMPGUARD_OWNED_H

#include <linux/list.h>
#include <linux/rhashtable-types.h>
#include <linux/types.h>

/*
 * Prefixes this namespace answers for without owning an address in them.
 * Readers (the hook) use RCU; writers hold the namespace's lock.
 */
struct icmpguard_owned {
	struct rhashtable ht;
	struct list_head list;		/* insertion order, for dumps */
	unsigned int count;
	unsigned int generation;	/* bumped on every change */
	unsigned int per_len[33];
	u64 lens;			/* bit n: some prefix has length n */
};

int icmpguard_owned_init(struct icmpguard_owned *o);
void icmpguard_owned_destroy(struct icmpguard_owned *o);
bool icmpguard_owned_match(struct icmpguard_owned *o, __be32 addr);
int icmpguard_owned_add(struct icmpguard_owned *o, __be32 addr, u8 plen);
int icmpguard_owned_del(struct icmpguard_owned *o, __be32 addr, u8 plen);
void icmpguard_owned_flush(struct icmpguard_owned *o);

/*
 * Calls @put for each prefix from the *@pos-th on, in insertion order,
 * until @put fails; *@pos is left at the first prefix not put. The
 * caller holds the namespace's lock.
 */
int icmpguard_owned_walk(struct icmpguard_owned *o, long *pos,
			 int (*put)(void *arg, __be32 addr, u8 plen),
			 void *arg);

#endif /* _ICMPGUARD_OWNED_H */
