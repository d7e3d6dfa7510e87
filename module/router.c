// SPDX-License-Identifier: GPL-2.0
/*
 * Router mode: the two errors routers send most, Time Exceeded and
 * Fragmentation Needed, generated here with icmpguard's own budgets,
 * source address and extensions instead of by ip_forward().
 *
 * ip_forward() checks TTL and MTU before the FORWARD hook, so this runs
 * as the last PRE_ROUTING hook: it routes the datagram exactly as
 * ip_rcv_finish() would (every other PRE_ROUTING hook has had its say)
 * and leaves the route on it, so the kernel does not route it twice. A
 * datagram it answers is dropped, so the kernel never sends a second
 * error. The hook exists only while router mode is on: a host pays
 * nothing for it.
 */

#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <net/dst_metadata.h>
#include <net/ip.h>
#include <net/route.h>
#include "errors.h"
#include "netns.h"
#include "router.h"

/* As ip_forward()'s own test, so both agree on every datagram. */
static bool too_big(const struct sk_buff *skb, unsigned int mtu)
{
	if (skb->len <= mtu)
		return false;
	if (!(ip_hdr(skb)->frag_off & htons(IP_DF)))
		return false;
	if (IPCB(skb)->frag_max_size > mtu)
		return true;
	if (skb->ignore_df)
		return false;
	if (skb_is_gso(skb) && skb_gso_validate_network_len(skb, mtu))
		return false;
	return true;
}

static unsigned int icmpguard_forward(void *priv, struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct icmpguard_config *cfg;
	struct icmpguard_net *ign;
	unsigned int mtu;
	struct rtable *rt;

	if (likely(iph->ttl > 1 && !(iph->frag_off & htons(IP_DF))))
		return NF_ACCEPT;
	/* ip_forward() drops these silently; so do we, by leaving them. */
	if (skb->pkt_type != PACKET_HOST)
		return NF_ACCEPT;
	if (!skb_valid_dst(skb) &&
	    ip_route_input_noref(skb, iph->daddr, iph->saddr, iph->tos,
				 state->in))
		return NF_ACCEPT;
	rt = skb_rtable(skb);
	if (rt->rt_type != RTN_UNICAST || IPCB(skb)->opt.router_alert)
		return NF_ACCEPT;

	ign = icmpguard_pernet(state->net);
	cfg = rcu_dereference(ign->config);
	/* NULL while a new namespace's first configuration is published. */
	if (!cfg || !(cfg->flags & ICMPGUARD_F_ROUTER_MODE))
		return NF_ACCEPT;
	if (iph->ttl <= 1) {
		icmpguard_count(ign->stats, ICMPGUARD_CTR_ROUTER_TIME_EXCEEDED,
				1);
		icmpguard_send_error(ign, cfg, skb, ICMP_TIME_EXCEEDED,
				     ICMP_EXC_TTL, 0, 0);
		return NF_DROP;
	}
	mtu = ip_dst_mtu_maybe_forward(&rt->dst, true);
	if (too_big(skb, mtu)) {
		icmpguard_count(ign->stats, ICMPGUARD_CTR_ROUTER_FRAG_NEEDED,
				1);
		icmpguard_send_error(ign, cfg, skb, ICMP_DEST_UNREACH,
				     ICMP_FRAG_NEEDED, mtu, 0);
		return NF_DROP;
	}
	return NF_ACCEPT;
}

static const struct nf_hook_ops router_ops = {
	.hook = icmpguard_forward,
	.pf = NFPROTO_IPV4,
	.hooknum = NF_INET_PRE_ROUTING,
	.priority = NF_IP_PRI_LAST,
};

int icmpguard_router_register(struct net *net)
{
	return nf_register_net_hook(net, &router_ops);
}

void icmpguard_router_unregister(struct net *net)
{
	nf_unregister_net_hook(net, &router_ops);
}
