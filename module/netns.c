// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace state: counters, configuration, limiter tables, owned
 * prefixes and the hooks, created with the namespace (or at load time for
 * those that exist) and torn down with it.
 */

#include <linux/icmp.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <net/netns/generic.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include "hook.h"
#include "netns.h"
#include "router.h"

static bool responder = true;
module_param(responder, bool, 0444);
MODULE_PARM_DESC(responder, "Answer echo in the hook (default: on)");

static bool timestamp;
module_param(timestamp, bool, 0444);
MODULE_PARM_DESC(timestamp, "Answer timestamp requests (default: off)");

static bool probe;
module_param(probe, bool, 0444);
MODULE_PARM_DESC(probe, "Answer RFC 8335 extended echo (default: off)");

static bool broadcast_echo;
module_param(broadcast_echo, bool, 0444);
MODULE_PARM_DESC(broadcast_echo,
		 "Answer echo to broadcast and multicast (default: off)");

static unsigned int reply_rate = 100000;
module_param(reply_rate, uint, 0444);
MODULE_PARM_DESC(reply_rate,
		 "Replies per second per namespace, 0 = no limit (default: 100000)");

static unsigned int reply_burst = 20000;
module_param(reply_burst, uint, 0444);
MODULE_PARM_DESC(reply_burst, "Burst of the namespace reply budget (default: 20000)");

static unsigned int dest_rate = 50000;
module_param(dest_rate, uint, 0444);
MODULE_PARM_DESC(dest_rate,
		 "Replies per second to one destination, 0 = no limit (default: 50000)");

static unsigned int dest_burst = 10000;
module_param(dest_burst, uint, 0444);
MODULE_PARM_DESC(dest_burst,
		 "Burst of the per-destination reply budget (default: 10000)");

static unsigned int error_rate = 1000;
module_param(error_rate, uint, 0444);
MODULE_PARM_DESC(error_rate,
		 "Errors per second for each type/code, except Fragmentation Needed (default: 1000)");

static unsigned int error_burst = 100;
module_param(error_burst, uint, 0444);
MODULE_PARM_DESC(error_burst, "Burst of each error budget (default: 100)");

static unsigned int flood_rate = 50000;
module_param(flood_rate, uint, 0444);
MODULE_PARM_DESC(flood_rate,
		 "Inbound ICMP per second from one source, 0 = no limit (default: 50000)");

static unsigned int flood_burst = 10000;
module_param(flood_burst, uint, 0444);
MODULE_PARM_DESC(flood_burst, "Burst of the per-source budget (default: 10000)");

static unsigned int flood_plen = 32;
module_param(flood_plen, uint, 0444);
MODULE_PARM_DESC(flood_plen, "Prefix length sources are aggregated to (default: 32)");

static unsigned int global_rate = 200000;
module_param(global_rate, uint, 0444);
MODULE_PARM_DESC(global_rate,
		 "Inbound ICMP per second in all, 0 = no limit (default: 200000)");

static unsigned int global_burst = 20000;
module_param(global_burst, uint, 0444);
MODULE_PARM_DESC(global_burst, "Burst of the global inbound budget (default: 20000)");

static unsigned int max_sources;
module_param(max_sources, uint, 0444);
MODULE_PARM_DESC(max_sources,
		 "Cap of the per-source table, 0 = sized from RAM (default: 0)");

static bool router_mode;
module_param(router_mode, bool, 0444);
MODULE_PARM_DESC(router_mode,
		 "Send Time Exceeded and Fragmentation Needed for forwarded traffic (default: off)");

static unsigned int net_id __read_mostly;

struct icmpguard_net *icmpguard_pernet(const struct net *net)
{
	return net_generic(net, net_id);
}

/*
 * The destination's bucket first, so a reply its own budget refuses does
 * not spend the namespace's. BH disabled, under rcu_read_lock().
 */
enum icmpguard_out icmpguard_out_allow(struct icmpguard_net *ign,
				       const struct icmpguard_config *cfg,
				       __be32 dst, u64 now)
{
	switch (icmpguard_limiter_allow(&ign->dest_limiter, &cfg->dest,
					(__force u32)dst, now)) {
	case ICMPGUARD_LIMIT_PASS:
		break;
	case ICMPGUARD_LIMIT_OVERFLOW_PASS:
		icmpguard_count(ign->stats, ICMPGUARD_CTR_DEST_OVERFLOW, 1);
		break;
	case ICMPGUARD_LIMIT_OVERFLOW_HIT:
		icmpguard_count(ign->stats, ICMPGUARD_CTR_DEST_OVERFLOW, 1);
		return ICMPGUARD_OUT_DEST;
	case ICMPGUARD_LIMIT_HIT:
	case ICMPGUARD_LIMIT_HIT_START:
		return ICMPGUARD_OUT_DEST;
	}
	if (!icmpguard_bucket_allow(&ign->reply_bucket, &cfg->reply, now))
		return ICMPGUARD_OUT_NS;
	return ICMPGUARD_OUT_OK;
}

static int derive_rates(struct icmpguard_config *c)
{
	int i, err;

	err = icmpguard_rate_set(&c->reply, c->reply_rate, c->reply_burst);
	if (err)
		return err;
	err = icmpguard_rate_set(&c->dest, c->dest_rate, c->dest_burst);
	if (!err)
		err = icmpguard_rate_set(&c->flood, c->flood_rate,
					 c->flood_burst);
	if (!err)
		err = icmpguard_rate_set(&c->global_flood, c->global_rate,
					 c->global_burst);
	for (i = 0; !err && i < ICMPGUARD_ERR_SLOTS; i++)
		err = icmpguard_rate_set(&c->err_rate[i], c->err_cfg[i].rate,
					 c->err_cfg[i].burst);
	return err;
}

/* The router hook follows the flag; the caller holds ign->lock. */
static int router_hook(struct icmpguard_net *ign, bool on)
{
	int err = 0;

	if (on && !ign->router_hooked)
		err = icmpguard_router_register(ign->net);
	else if (!on && ign->router_hooked)
		icmpguard_router_unregister(ign->net);
	if (!err)
		ign->router_hooked = on;
	return err;
}

/*
 * Publishes a new configuration: whole or not at all. The caller holds
 * ign->lock.
 */
int icmpguard_config_commit(struct icmpguard_net *ign,
			    const struct icmpguard_config *cfg)
{
	struct icmpguard_config *new, *old;
	int err;

	new = kmemdup(cfg, sizeof(*cfg), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	err = derive_rates(new);
	if (!err)
		err = router_hook(ign, new->flags & ICMPGUARD_F_ROUTER_MODE);
	if (err) {
		kfree(new);
		return err;
	}
	icmpguard_limiter_set_max(&ign->flood.sources, new->max_sources);
	old = rcu_replace_pointer(ign->config, new,
				  lockdep_is_held(&ign->lock));
	/* Buckets keyed by the old aggregation mean nothing now. */
	if (old && old->flood_plen != new->flood_plen)
		icmpguard_limiter_flush(&ign->flood.sources);
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

static int defaults(struct icmpguard_net *ign)
{
	struct icmpguard_config cfg = {
		.reply_rate = reply_rate,
		.reply_burst = reply_burst,
		.dest_rate = dest_rate,
		.dest_burst = dest_burst,
		.policy = ICMPGUARD_POLICY_ACCEPT,
		.forward_policy = ICMPGUARD_POLICY_ACCEPT,
		.reject_code = ICMP_PKT_FILTERED,
		.flood_rate = flood_rate,
		.flood_burst = flood_burst,
		.flood_plen = clamp(flood_plen, 1U, 32U),
		.global_rate = global_rate,
		.global_burst = global_burst,
		.max_sources = max_sources ? clamp(max_sources, 16U, 1U << 20) :
			       icmpguard_limiter_default_max(),
	};
	int err, i;

	for (i = 0; i < ICMPGUARD_ERR_SLOTS; i++) {
		cfg.err_cfg[i].rate = error_rate;
		cfg.err_cfg[i].burst = error_burst;
	}
	/* PMTUD must never starve: no limit on Fragmentation Needed. */
	cfg.err_cfg[ICMP_FRAG_NEEDED].rate = 0;
	cfg.err_cfg[ICMP_FRAG_NEEDED].burst = 1;
	if (router_mode)
		cfg.flags |= ICMPGUARD_F_ROUTER_MODE;
	if (responder)
		cfg.flags |= ICMPGUARD_F_RESPONDER;
	if (timestamp)
		cfg.flags |= ICMPGUARD_F_TIMESTAMP;
	if (probe)
		cfg.flags |= ICMPGUARD_F_PROBE;
	if (broadcast_echo)
		cfg.flags |= ICMPGUARD_F_BROADCAST_ECHO;
	mutex_lock(&ign->lock);
	err = icmpguard_config_commit(ign, &cfg);
	mutex_unlock(&ign->lock);
	if (err == -ERANGE)
		pr_err("module parameters: a rate above 10^9/s, or a burst of 0\n");
	return err;
}

static int __net_init icmpguard_net_init(struct net *net)
{
	struct icmpguard_net *ign = icmpguard_pernet(net);
	int ret;

	ign->net = net;
	mutex_init(&ign->lock);

	ign->stats = icmpguard_stats_alloc();
	if (!ign->stats)
		return -ENOMEM;
	ret = icmpguard_limiter_init(&ign->dest_limiter, NULL);
	if (ret)
		goto err_limiter;
	ret = icmpguard_owned_init(&ign->owned);
	if (ret)
		goto err_owned;
	ret = icmpguard_flood_init(&ign->flood);
	if (ret)
		goto err_flood;
	ret = icmpguard_rules_init(&ign->rules);
	if (ret)
		goto err_rules;
	/* Reassembly before the hook: echo of any size arrives whole. */
	ret = nf_defrag_ipv4_enable(net);
	if (ret)
		goto err_defrag;
	/* The configuration may register the router hook: hooks last. */
	ret = defaults(ign);
	if (ret)
		goto err_config;
	ret = icmpguard_hook_register(net);
	if (ret)
		goto err_hook;
	return 0;

err_hook:
	if (ign->router_hooked)
		icmpguard_router_unregister(net);
	kfree(rcu_dereference_protected(ign->config, true));
err_config:
	nf_defrag_ipv4_disable(net);
err_defrag:
	icmpguard_rules_destroy(&ign->rules);
err_rules:
	icmpguard_flood_destroy(&ign->flood);
err_flood:
	icmpguard_owned_destroy(&ign->owned);
err_owned:
	icmpguard_limiter_destroy(&ign->dest_limiter);
err_limiter:
	icmpguard_stats_free(ign->stats);
	return ret;
}

static void __net_exit icmpguard_net_exit(struct net *net)
{
	struct icmpguard_net *ign = icmpguard_pernet(net);

	/* Unregistering waits for every packet in the hook to leave. */
	icmpguard_hook_unregister(net);
	if (ign->router_hooked)
		icmpguard_router_unregister(net);
	kfree(rcu_dereference_protected(ign->config, true));
	nf_defrag_ipv4_disable(net);
	icmpguard_rules_destroy(&ign->rules);
	icmpguard_flood_destroy(&ign->flood);
	icmpguard_owned_destroy(&ign->owned);
	icmpguard_limiter_destroy(&ign->dest_limiter);
	icmpguard_stats_free(ign->stats);
}

static struct pernet_operations icmpguard_net_ops = {
	.init = icmpguard_net_init,
	.exit = icmpguard_net_exit,
	.id = &net_id,
	.size = sizeof(struct icmpguard_net),
};

int icmpguard_netns_init(void)
{
	return register_pernet_subsys(&icmpguard_net_ops);
}

void icmpguard_netns_exit(void)
{
	unregister_pernet_subsys(&icmpguard_net_ops);
}
