// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace state, created with the namespace (or at load time for
 * those that exist) and torn down with it in the kernel's order: the
 * hooks go in .pre_exit, and .exit frees what they read only after the
 * grace period the core waits for in between, so no packet still in a
 * hook on another CPU can meet freed memory.
 */

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <net/addrconf.h>
#include <net/netns/generic.h>
#include "family.h"
#include "netns.h"
#include "output.h"
#include "router.h"

static bool responder = true;
module_param(responder, bool, 0444);
MODULE_PARM_DESC(responder, "Answer echo in the hook (default: on)");

static bool timestamp;
module_param(timestamp, bool, 0444);
MODULE_PARM_DESC(timestamp, "Answer IPv4 timestamp requests (default: off)");

static bool probe;
module_param(probe, bool, 0444);
MODULE_PARM_DESC(probe, "Answer RFC 8335 extended echo (default: off)");

static bool broadcast_echo;
module_param(broadcast_echo, bool, 0444);
MODULE_PARM_DESC(broadcast_echo,
		 "Answer IPv4 echo to broadcast and multicast (default: off)");

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
		 "Errors per second for each type/code, except Fragmentation Needed and Packet Too Big (default: 1000)");

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
MODULE_PARM_DESC(flood_plen,
		 "Prefix length IPv4 sources are aggregated to (default: 32)");

static unsigned int flood_plen6 = 64;
module_param(flood_plen6, uint, 0444);
MODULE_PARM_DESC(flood_plen6,
		 "Prefix length IPv6 sources are aggregated to, 1-64 (default: 64)");

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
		 "Send Time Exceeded and Fragmentation Needed / Packet Too Big for forwarded traffic (default: off)");

static unsigned int net_id __read_mostly;

struct icmpguard_net *icmpguard_pernet(const struct net *net)
{
	return net_generic(net, net_id);
}

void icmpguard_default_settings(struct icmpguard_settings *s)
{
	int fam, slot;

	memset(s, 0, sizeof(*s));
	s->flags = (responder ? ICMPGUARD_F_RESPONDER : 0) |
		   (timestamp ? ICMPGUARD_F_TIMESTAMP : 0) |
		   (probe ? ICMPGUARD_F_PROBE : 0) |
		   (broadcast_echo ? ICMPGUARD_F_BROADCAST_ECHO : 0) |
		   (router_mode ? ICMPGUARD_F_ROUTER_MODE : 0);
	s->reply_rate = reply_rate;
	s->reply_burst = reply_burst;
	s->dest_rate = dest_rate;
	s->dest_burst = dest_burst;
	s->policy[ICMPGUARD_DIR_INPUT] = ICMPGUARD_POLICY_ACCEPT;
	s->policy[ICMPGUARD_DIR_FORWARD] = ICMPGUARD_POLICY_ACCEPT;
	s->reject_code[ICMPGUARD_V4] = ICMP_PKT_FILTERED;
	s->reject_code[ICMPGUARD_V6] = ICMPV6_ADM_PROHIBITED;
	s->flood_plen[ICMPGUARD_V4] = clamp(flood_plen, 1U, 32U);
	s->flood_plen[ICMPGUARD_V6] = clamp(flood_plen6, 1U, 64U);
	s->max_sources = max_sources ? clamp(max_sources, 16U, 1U << 20) :
			 icmpguard_limiter_default_max();
	for (fam = 0; fam < ICMPGUARD_NFAM; fam++) {
		s->flood_rate[fam] = flood_rate;
		s->flood_burst[fam] = flood_burst;
		s->global_rate[fam] = global_rate;
		s->global_burst[fam] = global_burst;
		for (slot = 0; slot < ICMPGUARD_ERR_SLOTS; slot++) {
			s->err[fam][slot].rate = error_rate;
			s->err[fam][slot].burst = error_burst;
		}
	}
	/* Path MTU discovery must never starve. */
	s->err[ICMPGUARD_V4][icmpguard_err_slot(ICMPGUARD_V4, ICMP_DEST_UNREACH,
						 ICMP_FRAG_NEEDED)].rate = 0;
	s->err[ICMPGUARD_V6][icmpguard_err_slot(ICMPGUARD_V6, ICMPV6_PKT_TOOBIG,
						 0)].rate = 0;
}

static int hook(struct net *net, const struct nf_hook_ops *ops, bool on)
{
	if (on)
		return nf_register_net_hook(net, ops);
	nf_unregister_net_hook(net, ops);
	return 0;
}

/* The caller holds ign->lock, or has the namespace to itself. */
int icmpguard_router_set(struct icmpguard_net *ign, bool on)
{
	int err = 0;

	if (on == ign->router_hooked)
		return 0;
	err = hook(ign->net, &icmpguard_router4_ops, on);
	if (!err && ign->ipv6) {
		err = hook(ign->net, &icmpguard_router6_ops, on);
		if (err)
			hook(ign->net, &icmpguard_router4_ops, false);
	}
	if (!err)
		ign->router_hooked = on;
	return err;
}

static int __net_init icmpguard_net_init(struct net *net)
{
	struct icmpguard_net *ign = icmpguard_pernet(net);
	unsigned int max = icmpguard_limiter_default_max();
	int ret;

	ign->net = net;
	mutex_init(&ign->lock);
	ign->stats = icmpguard_stats_alloc();
	if (!ign->stats)
		return -ENOMEM;
	ret = icmpguard_limiter_init(&ign->dest, max, NULL);
	if (ret)
		goto err_dest;
	ret = icmpguard_flood_init(&ign->flood, max);
	if (ret)
		goto err_flood;
	ret = icmpguard_rules_init(&ign->rules, max);
	if (ret)
		goto err_rules;
	ret = icmpguard_conf_init(ign);
	if (ret)
		goto err_conf;
	/* A namespace that never sees ICMP never pays for the table. */
	icmpguard_limiter_reset(&ign->flood.sources,
				rcu_dereference_protected(ign->conf, true)->s.max_sources,
				false);
	/* The hooks last: they read everything above. */
	ret = hook(net, &icmpguard_ipv4_ops, true);
	if (ret)
		goto err_hook4;
	ign->ipv6 = ipv6_mod_enabled();
	ret = ign->ipv6 ? hook(net, &icmpguard_ipv6_ops, true) : 0;
	if (ret)
		goto err_hook6;
	ret = icmpguard_router_set(ign, router_mode);
	if (ret)
		goto err_router;
	return 0;

err_router:
	if (ign->ipv6)
		hook(net, &icmpguard_ipv6_ops, false);
err_hook6:
	hook(net, &icmpguard_ipv4_ops, false);
err_hook4:
	icmpguard_conf_destroy(ign);
err_conf:
	icmpguard_rules_destroy(&ign->rules);
err_rules:
	icmpguard_flood_destroy(&ign->flood);
err_flood:
	icmpguard_limiter_destroy(&ign->dest);
err_dest:
	icmpguard_stats_free(ign->stats);
	return ret;
}

/* Hooks first; the core then waits a grace period before .exit. */
static void __net_exit icmpguard_net_pre_exit(struct net *net)
{
	struct icmpguard_net *ign = icmpguard_pernet(net);

	icmpguard_router_set(ign, false);
	if (ign->ipv6)
		hook(net, &icmpguard_ipv6_ops, false);
	hook(net, &icmpguard_ipv4_ops, false);
}

/* No packet is in a hook any more: work items, then what they read. */
static void __net_exit icmpguard_net_exit(struct net *net)
{
	struct icmpguard_net *ign = icmpguard_pernet(net);

	icmpguard_rules_destroy(&ign->rules);
	icmpguard_flood_destroy(&ign->flood);
	icmpguard_limiter_destroy(&ign->dest);
	icmpguard_conf_destroy(ign);
	icmpguard_stats_free(ign->stats);
}

static struct pernet_operations icmpguard_net_ops = {
	.init = icmpguard_net_init,
	.pre_exit = icmpguard_net_pre_exit,
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
	/* Configurations still waiting for their grace period run our code. */
	rcu_barrier();
}
