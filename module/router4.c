// SPDX-License-Identifier: GPL-2.0
/*
 * Router mode for IPv4: the two errors routers send most, Time Exceeded
 * and Fragmentation Needed, generated here with icmpguard's own budgets,
 * source address and extensions instead of by ip_forward().
 *
 * ip_forward() checks TTL and MTU before the FORWARD hook, so this runs
 * as the last PRE_ROUTING hook: it routes the datagram exactly as
 * ip_rcv_finish() would (every other PRE_ROUTING hook has had its say)
 * and leaves the route on it, so the kernel does not route it twice. A
 * datagram it answers is dropped, so the kernel never sends a second
 * error. Datagrams with IP options (Router Alert, source routes) are the
 * kernel's: ip_forward() acts on options first. The hook exists only
 * while router mode is on: a host pays nothing for it.
 */

#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <net/dst_metadata.h>
#include <net/ip.h>
#include <net/route.h>
#include "compat.h"
#include "family.h"
#include "netns.h"

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

/*
 * The pass after which the kernel forwards: for an L3 slave, the one
 * vrf_ip_rcv() runs on the VRF device, not the first; for a bridged
 * frame, br_netfilter's (family.h).
 */
static bool last_pass(const struct sk_buff *skb)
{
	return !(netif_is_l3_slave(skb->dev) &&
		 !(IPCB(skb)->flags & IPSKB_L3SLAVE)) &&
	       !icmpguard_bridge_repeat(skb);
}

static unsigned int icmpguard_forward4(void *priv, struct sk_buff *skb,
				       const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct icmpguard_conf *c;
	struct icmpguard_net *ign;
	unsigned int mtu;
	struct rtable *rt;

	if (likely(iph->ttl > 1 && !(iph->frag_off & htons(IP_DF))))
		return NF_ACCEPT;
	/* ip_forward() drops these silently; so do we, by leaving them. */
	if (skb->pkt_type != PACKET_HOST || iph->ihl > 5 || !last_pass(skb))
		return NF_ACCEPT;
	if (!skb_valid_dst(skb) &&
	    ip_route_input_noref(skb, iph->daddr, iph->saddr, iph->tos,
				 state->in))
		return NF_ACCEPT;
	rt = skb_rtable(skb);
	if (rt->rt_type != RTN_UNICAST)
		return NF_ACCEPT;

	ign = icmpguard_pernet(state->net);
	c = rcu_dereference(ign->conf);
	if (!(c->s.flags & ICMPGUARD_F_ROUTER_MODE))
		return NF_ACCEPT;
	if (iph->ttl <= 1) {
		icmpguard_count(ign->stats, ICMPGUARD_V4,
				ICMPGUARD_CTR_ROUTER_TIME_EXCEEDED);
		icmpguard_error4(ign, c, skb, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL,
				 0, NULL);
		return NF_DROP;
	}
	mtu = ip_dst_mtu_maybe_forward(&rt->dst, true);
	if (too_big(skb, mtu)) {
		icmpguard_count(ign->stats, ICMPGUARD_V4,
				ICMPGUARD_CTR_ROUTER_FRAG_NEEDED);
		icmpguard_error4(ign, c, skb, ICMP_DEST_UNREACH,
				 ICMP_FRAG_NEEDED, mtu, NULL);
		return NF_DROP;
	}
	return NF_ACCEPT;
}

const struct nf_hook_ops icmpguard_router4_ops = {
	.hook = icmpguard_forward4,
	.pf = NFPROTO_IPV4,
	.hooknum = NF_INET_PRE_ROUTING,
	.priority = NF_IP_PRI_LAST,
};
