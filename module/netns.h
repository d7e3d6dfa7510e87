/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_NETNS_H
#define _ICMPGUARD_NETNS_H

#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <net/net_namespace.h>
#include "counters.h"
#include "errors.h"
#include "flood.h"
#include "owned.h"
#include "ratelimiter.h"
#include "rules.h"

/*
 * A namespace's configuration: immutable once published, replaced whole
 * under icmpguard_net.lock and freed after a grace period, so the hook
 * always sees one consistent version.
 */
struct icmpguard_config {
	u32 flags;
	u32 reply_rate, reply_burst;
	u32 dest_rate, dest_burst;
	u8 policy;		/* enum icmpguard_policy, input default */
	u8 forward_policy;
	u8 reject_code;
	u8 flood_plen;
	u32 flood_rate, flood_burst;
	u32 global_rate, global_burst;
	u32 max_sources;
	__be32 error_source;	/* 0: the inbound interface's address */
	struct {
		u32 rate, burst;
	} err_cfg[ICMPGUARD_ERR_SLOTS];
	struct icmpguard_rate reply;
	struct icmpguard_rate dest;
	struct icmpguard_rate flood;
	struct icmpguard_rate global_flood;
	struct icmpguard_rate err_rate[ICMPGUARD_ERR_SLOTS];
	struct rcu_head rcu;
};

struct icmpguard_net {
	struct net *net;
	struct icmpguard_pcpu_stats __percpu *stats;
	struct icmpguard_config __rcu *config;
	struct icmpguard_bucket reply_bucket;
	struct icmpguard_bucket err_bucket[ICMPGUARD_ERR_SLOTS];
	struct icmpguard_limiter dest_limiter;
	struct icmpguard_owned owned;
	struct icmpguard_flood flood;
	struct icmpguard_rules rules;
	bool router_hooked;
	struct mutex lock;	/* serialises every change to the above */
};

struct icmpguard_net *icmpguard_pernet(const struct net *net);

/* Which outbound budget refused: every reply and error passes both. */
enum icmpguard_out {
	ICMPGUARD_OUT_OK,
	ICMPGUARD_OUT_DEST,	/* the destination's bucket */
	ICMPGUARD_OUT_NS,	/* the namespace's bucket */
};

enum icmpguard_out icmpguard_out_allow(struct icmpguard_net *ign,
				       const struct icmpguard_config *cfg,
				       __be32 dst, u64 now);
int icmpguard_config_commit(struct icmpguard_net *ign,
			    const struct icmpguard_config *cfg);

int icmpguard_netns_init(void);
void icmpguard_netns_exit(void);

#endif /* _ICMPGUARD_NETNS_H */
