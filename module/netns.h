/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_NETNS_H
#define _ICMPGUARD_NETNS_H

#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <net/net_namespace.h>
#include "conf.h"
#include "counters.h"
#include "flood.h"
#include "ratelimiter.h"
#include "rules.h"

/* A namespace's icmpguard: its configuration and the state of its data path. */
struct icmpguard_net {
	struct net *net;
	struct icmpguard_conf __rcu *conf;
	struct icmpguard_pcpu_stats __percpu *stats;
	struct icmpguard_bucket reply_bucket;
	struct icmpguard_bucket err_bucket[ICMPGUARD_NFAM][ICMPGUARD_ERR_SLOTS];
	struct icmpguard_limiter dest;		/* replies per destination */
	struct icmpguard_flood flood;
	struct icmpguard_rules rules;
	unsigned int generation;	/* bumped by every change */
	bool router_hooked;
	bool ipv6;			/* IPv6 hooks are registered */
	struct mutex lock;		/* serialises every change */
};

struct icmpguard_net *icmpguard_pernet(const struct net *net);

/* The settings a new namespace starts with: the module parameters. */
void icmpguard_default_settings(struct icmpguard_settings *s);

int icmpguard_netns_init(void);
void icmpguard_netns_exit(void);

#endif /* _ICMPGUARD_NETNS_H */
