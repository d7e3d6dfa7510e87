/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_CONF_H
#define _ICMPGUARD_CONF_H

#include <linux/jump_label.h>
#include <linux/rcupdate.h>
#include "addr.h"
#include "counters.h"
#include "ratelimiter.h"

struct icmpguard_net;
struct icmpguard_pfxset;
struct icmpguard_rule;
struct icmpguard_ruleset;

/* The settings, one field per ICMPGUARD_CFG_A_* attribute. */
struct icmpguard_settings {
	u32 flags;			/* enum icmpguard_cfg_flags */
	u32 reply_rate, reply_burst;
	u32 dest_rate, dest_burst;
	u8 policy[2];			/* per enum icmpguard_dir */
	u8 reject_code[ICMPGUARD_NFAM];
	u8 flood_plen[ICMPGUARD_NFAM];
	u32 flood_rate[ICMPGUARD_NFAM], flood_burst[ICMPGUARD_NFAM];
	u32 global_rate[ICMPGUARD_NFAM], global_burst[ICMPGUARD_NFAM];
	u32 max_sources;
	union icmpguard_addr error_source[ICMPGUARD_NFAM];	/* 0: auto */
	struct {
		u32 rate, burst;
	} err[ICMPGUARD_NFAM][ICMPGUARD_ERR_SLOTS];
};

/*
 * A namespace's configuration: settings, what they derive, owned
 * prefixes and rules. Immutable once published; every change publishes a
 * new one with RCU (sharing the parts it did not change), so a datagram
 * sees one configuration whole.
 */
struct icmpguard_conf {
	struct icmpguard_settings s;
	struct icmpguard_rate reply, dest;
	struct icmpguard_rate flood[ICMPGUARD_NFAM];
	struct icmpguard_rate global[ICMPGUARD_NFAM];
	struct icmpguard_rate err[ICMPGUARD_NFAM][ICMPGUARD_ERR_SLOTS];
	struct icmpguard_pfxset *owned;
	struct icmpguard_ruleset *rules;
	struct rcu_head rcu;
};

/*
 * A change in the making: a private copy of the configuration that a
 * batch edits, then publishes whole or drops. The caller holds the
 * namespace's lock from icmpguard_txn_begin() to commit or abort.
 */
struct icmpguard_txn {
	struct icmpguard_net *ign;
	struct icmpguard_settings s;
	struct icmpguard_pfxset *owned;		/* NULL: unchanged */
	bool rules_edited;
	struct icmpguard_rule **rules[2];
	u32 n[2], cap[2];
	struct icmpguard_rule **removed;	/* may come back, identical */
	u32 nremoved, removed_cap;
};

void icmpguard_txn_begin(struct icmpguard_txn *t, struct icmpguard_net *ign);
/* Empties what @what names (enum icmpguard_flush_flags). */
int icmpguard_txn_flush(struct icmpguard_txn *t, u32 what);
int icmpguard_txn_owned_add(struct icmpguard_txn *t,
			    const struct icmpguard_prefix *p);
int icmpguard_txn_owned_del(struct icmpguard_txn *t,
			    const struct icmpguard_prefix *p);
/* Takes the caller's reference to @rule; @index < 0: last. */
int icmpguard_txn_rule_add(struct icmpguard_txn *t,
			   struct icmpguard_rule *rule, s64 index);
int icmpguard_txn_rule_del(struct icmpguard_txn *t, u32 handle);
/* Publishes the change; -ERANGE: a rate and burst overflow a bucket. */
int icmpguard_txn_commit(struct icmpguard_txn *t);
void icmpguard_txn_abort(struct icmpguard_txn *t);

int icmpguard_conf_init(struct icmpguard_net *ign);
void icmpguard_conf_destroy(struct icmpguard_net *ign);

/* Some namespace owns prefixes: non-ICMP traffic must be looked at. */
DECLARE_STATIC_KEY_FALSE(icmpguard_owned_used);

/* The current configuration, for the lock holder. */
struct icmpguard_conf *icmpguard_conf_locked(struct icmpguard_net *ign);

#endif /* _ICMPGUARD_CONF_H */
