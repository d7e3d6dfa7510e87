/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_RULES_H
#define _ICMPGUARD_RULES_H

#include <linux/bitmap.h>
#include <linux/if.h>
#include <linux/netlink.h>
#include <linux/skbuff.h>
#include "ratelimiter.h"
#include "uapi/icmpguard.h"

struct icmpguard_net;

/* A rule: immutable once published, but for its counters and buckets. */
struct icmpguard_rule {
	u32 handle;
	u8 dir;
	u8 action;
	u8 reject_code;
	u8 limit_flags;
	u8 limit_plen;
	u8 src_plen, dst_plen;
	bool any_type, any_code;
	DECLARE_BITMAP(types, 256);
	DECLARE_BITMAP(codes, 256);
	__be32 src, dst;
	char iif[IFNAMSIZ], oif[IFNAMSIZ];
	u16 len_min, len_max;
	u32 limit_rate, limit_burst;
	struct icmpguard_rate rate;
	struct icmpguard_bucket bucket;
	struct icmpguard_rule_stats __percpu *stats;
	refcount_t ref;			/* one per rule set holding it */
};

struct icmpguard_ruleset;

/* What a rule is matched against. */
struct icmpguard_match {
	u8 dir, type, code;
	__be32 saddr, daddr;
	unsigned int len;
	const struct net_device *in;
	struct sk_buff *skb;
};

/* Per-namespace state: the published set and the change machinery. */
struct icmpguard_rules {
	struct icmpguard_ruleset __rcu *set;
	struct icmpguard_limiter per_source;	/* keyed handle:source */
	u32 next_handle;
	unsigned int generation;		/* bumped on every change */
};

int icmpguard_rules_init(struct icmpguard_rules *r);
void icmpguard_rules_destroy(struct icmpguard_rules *r);

/* True when some rule exists for @dir. Under RCU. */
bool icmpguard_rules_any(struct icmpguard_rules *r, u8 dir);
/* The first rule that matches, or NULL. Under RCU. */
struct icmpguard_rule *icmpguard_rules_lookup(struct icmpguard_rules *r,
					      const struct icmpguard_match *m);
void icmpguard_rule_count(struct icmpguard_rule *rule, unsigned int len,
			  bool limited);
/* Whether a LIMIT rule lets the datagram through. BH disabled, RCU. */
bool icmpguard_rule_limit(struct icmpguard_rules *r,
			  struct icmpguard_rule *rule, __be32 saddr);

/* Changes; the caller holds the namespace's lock. */
struct icmpguard_rule *icmpguard_rule_parse(const struct nlattr *attr,
					    struct netlink_ext_ack *extack);
void icmpguard_rule_put(struct icmpguard_rule *rule);
int icmpguard_rules_add(struct icmpguard_rules *r,
			struct icmpguard_rule *rule, s64 index,
			struct netlink_ext_ack *extack);
int icmpguard_rules_del(struct icmpguard_rules *r, u32 handle);
int icmpguard_rules_flush(struct icmpguard_rules *r, int dir);
int icmpguard_rules_replace(struct icmpguard_rules *r,
			    struct icmpguard_rule **rules, unsigned int n,
			    struct netlink_ext_ack *extack);

/*
 * Calls @put for each rule from the *@pos-th on (input, then forward);
 * stops when it fails. The caller holds the namespace's lock.
 */
int icmpguard_rules_walk(struct icmpguard_rules *r, long *pos,
			 int (*put)(void *arg, const struct icmpguard_rule *),
			 void *arg);
int icmpguard_rule_fill(struct sk_buff *skb, const struct icmpguard_rule *r);

#endif /* _ICMPGUARD_RULES_H */
