// SPDX-License-Identifier: GPL-2.0
/*
 * A small per-CPU cache of route lookups, for both families. A lookup in
 * the FIB costs more than the rest of a flood refusal or of a rule match,
 * and a flood asks about the same few destinations over and over.
 *
 * An entry is good while the namespace's route sequence (IPv4's fib_seq,
 * IPv6's fib6_sernum, bumped under RTNL on a change) is what it was at
 * the lookup. The sequence moves with what FIB notifiers are told, which
 * is not every change of the table (fib_notify_alias_delete() passes
 * over a route that is not the first of its prefix), so an entry also
 * lives at most a tenth of a second: the bound on how stale an answer
 * may be. A FIB notifier of our own would hear no more, and registering
 * one replays the whole table into it in every namespace.
 */

#include <linux/hash.h>
#include <linux/jiffies.h>
#include <linux/percpu.h>
#include <net/net_namespace.h>
#include "dstcache.h"

#define DST_CACHE_BITS	4
#define DST_CACHE_TTL	(HZ / 10)

struct dst_cache_entry {
	u64 cookie;		/* the namespace's net_cookie */
	union icmpguard_addr daddr;
	u32 scope;
	u32 seq;
	u32 stamp;		/* jiffies at the lookup */
	u32 val;
	u8 fam;
};

static DEFINE_PER_CPU(struct dst_cache_entry,
		      dst_cache[1 << DST_CACHE_BITS]);

static u32 dst_hash(int fam, const union icmpguard_addr *daddr, u32 scope)
{
	u32 h = (__force u32)(daddr->w[0] ^ daddr->w[1] ^ daddr->w[2] ^
			      daddr->w[3]);

	return hash_32(h ^ scope ^ fam, DST_CACHE_BITS);
}

u32 icmpguard_dst_cached(struct net *net, int fam,
			 const union icmpguard_addr *daddr, u32 scope, u32 seq,
			 u32 (*lookup)(const void *arg), const void *arg)
{
	struct dst_cache_entry *e;
	u32 val;

	smp_rmb();	/* the caller's read of seq before the lookup */
	e = get_cpu_ptr(&dst_cache[dst_hash(fam, daddr, scope)]);
	if (e->fam == fam && e->scope == scope && e->seq == seq &&
	    e->cookie == net->net_cookie && icmpguard_addr_eq(&e->daddr, daddr) &&
	    (u32)jiffies - e->stamp < DST_CACHE_TTL) {
		val = e->val;
	} else {
		val = lookup(arg);
		e->cookie = net->net_cookie;
		e->daddr = *daddr;
		e->fam = fam;
		e->scope = scope;
		e->seq = seq;
		e->stamp = jiffies;
		e->val = val;
	}
	put_cpu_ptr(e);
	return val;
}
