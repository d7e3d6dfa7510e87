/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_RULES_H
#define _ICMPGUARD_RULES_H

#include <linux/bitmap.h>
#include <linux/if.h>
#include <linux/refcount.h>
#include <linux/siphash.h>
#include "addr.h"
#include "ratelimiter.h"
#include "uapi/icmpguard.h"

struct icmpguard_pkt;

/*
 * What a rule says, as netlink gave it. Zeroed before it is filled, so
 * two rules that say the same compare equal as bytes.
 */
struct icmpguard_rule_spec {
	u8 fam;				/* enum icmpguard_fam */
	u8 dir;				/* enum icmpguard_dir */
	u8 action;			/* enum icmpguard_action */
	u8 reject_code;
	u8 limit_flags;
	u8 limit_plen;
	bool any_type, any_code;
	u16 len_min, len_max;
	u32 limit_rate, limit_burst;
	struct icmpguard_prefix src, dst;	/* plen 0: any address */
	char iif[IFNAMSIZ], oif[IFNAMSIZ];
	DECLARE_BITMAP(types, 256);
	DECLARE_BITMAP(codes, 256);
};

/* A rule: immutable once published, but for its counters and bucket. */
struct icmpguard_rule {
	struct icmpguard_rule_spec s;
	u32 handle;
	struct icmpguard_rate rate;
	struct icmpguard_bucket bucket;
	struct icmpguard_rule_stats __percpu *stats;
	refcount_t ref;			/* one per rule set or edit holding it */
};

struct icmpguard_ruleset;

/* A namespace's rule state that outlives rule sets. */
struct icmpguard_rules {
	struct icmpguard_limiter per_source;	/* keyed by rule and source */
	siphash_key_t key;
	u32 next_handle;
};

int icmpguard_rules_init(struct icmpguard_rules *r, unsigned int max);
void icmpguard_rules_destroy(struct icmpguard_rules *r);

struct icmpguard_rule *icmpguard_rule_new(const struct icmpguard_rule_spec *s);
void icmpguard_rule_put(struct icmpguard_rule *rule);
bool icmpguard_rule_same(const struct icmpguard_rule *a,
			 const struct icmpguard_rule *b);
void icmpguard_rule_stats(const struct icmpguard_rule *rule, u64 *packets,
			  u64 *bytes, u64 *limited);

/*
 * A set holding @n[dir] rules of @list[dir], each gaining a reference;
 * ERR_PTR on failure. Process context.
 */
struct icmpguard_ruleset *icmpguard_ruleset_build(struct icmpguard_rule **list[2],
						  const u32 n[2]);
struct icmpguard_ruleset *icmpguard_ruleset_get(struct icmpguard_ruleset *rs);
void icmpguard_ruleset_put(struct icmpguard_ruleset *rs);
/* The rules of a direction, both families, in order. */
u32 icmpguard_ruleset_list(const struct icmpguard_ruleset *rs, int dir,
			   struct icmpguard_rule ***list);

/* True when no rule can match a datagram of @fam going @dir. */
bool icmpguard_ruleset_empty(const struct icmpguard_ruleset *rs, int fam,
			     int dir);
/* The first rule that matches, or NULL. Under RCU. */
struct icmpguard_rule *icmpguard_ruleset_lookup(const struct icmpguard_ruleset *rs,
						struct icmpguard_pkt *pkt);
void icmpguard_rule_count(struct icmpguard_rule *rule, unsigned int len,
			  bool limited);
/* Whether a LIMIT rule lets the datagram through. BH disabled, RCU. */
bool icmpguard_rule_limit(struct icmpguard_rules *r,
			  struct icmpguard_rule *rule,
			  const struct icmpguard_pkt *pkt, u64 now);

#endif /* _ICMPGUARD_RULES_H */
