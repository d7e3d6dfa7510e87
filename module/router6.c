// SPDX-License-Identifier: GPL-2.0
/*
 * Router mode for IPv6, the twin of router4.c: Hop Limit Exceeded and
 * Packet Too Big for forwarded datagrams, in ip6_forward()'s order. What
 * ip6_forward() does something else with is left to it: forwarding off,
 * frames not for this host, local sockets, Router Alert, link-local
 * sources (which get "beyond scope" from it).
 */

#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv6.h>
#include <net/dst_metadata.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include "compat.h"
#include "family.h"
#include "netns.h"

/* As ip6_pkt_too_big(), so both agree on every datagram. */
static bool too_big(const struct sk_buff *skb, unsigned int mtu)
{
	if (skb->len <= mtu)
		return false;
	if (IP6CB(skb)->frag_max_size && IP6CB(skb)->frag_max_size > mtu)
		return true;
	if (skb->ignore_df)
		return false;
	if (skb_is_gso(skb) && skb_gso_validate_network_len(skb, mtu))
		return false;
	return true;
}

static bool last_pass(const struct sk_buff *skb)
{
	return !(netif_is_l3_slave(skb->dev) &&
		 !(IP6CB(skb)->flags & IP6SKB_L3SLAVE)) &&
	       !icmpguard_bridge_repeat(skb);
}

static bool kernels(struct net *net, const struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	int st = ipv6_addr_type(&ip6h->saddr);

	return !READ_ONCE(net->ipv6.devconf_all->forwarding) ||
	       skb->pkt_type != PACKET_HOST || skb->sk ||
	       IP6CB(skb)->flags & IP6SKB_ROUTERALERT ||
	       st == IPV6_ADDR_ANY ||
	       st & (IPV6_ADDR_LINKLOCAL | IPV6_ADDR_MULTICAST |
		     IPV6_ADDR_LOOPBACK) ||
	       ipv6_addr_is_multicast(&ip6h->daddr) || !last_pass(skb);
}

static unsigned int icmpguard_forward6(void *priv, struct sk_buff *skb,
				       const struct nf_hook_state *state)
{
	const struct icmpguard_conf *c;
	struct icmpguard_net *ign;
	struct dst_entry *dst;
	unsigned int mtu;

	if (likely(ipv6_hdr(skb)->hop_limit > 1 &&
		   skb->len <= IPV6_MIN_MTU))
		return NF_ACCEPT;
	if (kernels(state->net, skb))
		return NF_ACCEPT;
	if (!skb_valid_dst(skb))
		nf_get_ipv6_ops()->route_input(skb);
	dst = skb_dst(skb);
	if (!dst || dst->error ||
	    dst_rt6_info(dst)->rt6i_flags & (RTF_LOCAL | RTF_ANYCAST |
					     RTF_REJECT))
		return NF_ACCEPT;

	ign = icmpguard_pernet(state->net);
	c = rcu_dereference(ign->conf);
	if (!(c->s.flags & ICMPGUARD_F_ROUTER_MODE))
		return NF_ACCEPT;
	if (ipv6_hdr(skb)->hop_limit <= 1) {
		icmpguard_count(ign->stats, ICMPGUARD_V6,
				ICMPGUARD_CTR_ROUTER_TIME_EXCEEDED);
		icmpguard_error6(ign, c, skb, ICMPV6_TIME_EXCEED,
				 ICMPV6_EXC_HOPLIMIT, 0, NULL);
		return NF_DROP;
	}
	mtu = max_t(unsigned int, ip6_dst_mtu_maybe_forward(dst, true),
		    IPV6_MIN_MTU);
	if (too_big(skb, mtu)) {
		icmpguard_count(ign->stats, ICMPGUARD_V6,
				ICMPGUARD_CTR_ROUTER_FRAG_NEEDED);
		/* As ip6_forward(): the source is the way out's. */
		skb->dev = dst->dev;
		icmpguard_error6(ign, c, skb, ICMPV6_PKT_TOOBIG, 0, mtu, NULL);
		return NF_DROP;
	}
	return NF_ACCEPT;
}

const struct nf_hook_ops icmpguard_router6_ops = {
	.hook = icmpguard_forward6,
	.pf = NFPROTO_IPV6,
	.hooknum = NF_INET_PRE_ROUTING,
	.priority = NF_IP6_PRI_LAST,
};
