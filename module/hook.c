// SPDX-License-Identifier: GPL-2.0
/*
 * The netfilter hook: every inbound IPv4 datagram passes here, at
 * PRE_ROUTING after defragmentation and before raw and conntrack, so a
 * flood is counted and answered or dropped before it costs a conntrack
 * entry. Anything that is not ICMP leaves after a compare or two, unless
 * owned prefixes exist; then it is looked up, since an owned address
 * must answer UDP and other protocols as a host would.
 */

#include <linux/icmp.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <net/ip.h>
#include <net/dst_metadata.h>
#include <net/route.h>
#include "errors.h"
#include "hook.h"
#include "netns.h"
#include "responder.h"
#include "validate.h"

/* Between defragmentation (-400) and raw (-300). */
#define ICMPGUARD_PRI	(NF_IP_PRI_CONNTRACK_DEFRAG + 50)

static unsigned int pass(struct icmpguard_net *ign)
{
	icmpguard_count(ign->stats, ICMPGUARD_CTR_PASSED, 1);
	return NF_ACCEPT;
}

/*
 * Echo to this host (or an owned address) under a drop or reject policy.
 * A reject from an owned address comes from that address, as a host's.
 */
static unsigned int policy(struct icmpguard_net *ign,
			   const struct icmpguard_config *cfg,
			   struct sk_buff *skb, bool owned)
{
	if (cfg->policy == ICMPGUARD_POLICY_DROP) {
		icmpguard_count(ign->stats, ICMPGUARD_CTR_ECHO_DROPPED, 1);
		return NF_DROP;
	}
	icmpguard_count(ign->stats, ICMPGUARD_CTR_ECHO_REJECTED, 1);
	icmpguard_send_error(ign, cfg, skb, ICMP_DEST_UNREACH,
			     cfg->reject_code, 0,
			     owned ? ip_hdr(skb)->daddr : 0);
	return NF_DROP;
}

/* RFC 1122 4.1.3.4: a bad non-zero UDP checksum is silently dropped. */
static bool udp_ok(struct sk_buff *skb, unsigned int ihl)
{
	struct udphdr _uh;
	const struct udphdr *uh;

	uh = skb_header_pointer(skb, ihl, sizeof(_uh), &_uh);
	if (!uh || ntohs(uh->len) < sizeof(*uh) ||
	    ntohs(uh->len) > skb->len - ihl)
		return false;
	return !uh->check ||
	       !nf_ip_checksum(skb, NF_INET_PRE_ROUTING, ihl, IPPROTO_UDP);
}

/*
 * Not ICMP, to an owned address: behave as a host with nothing
 * listening. UDP gets Port Unreachable, so traceroute ends here; other
 * protocols Protocol Unreachable; TCP is dropped, because a host would
 * answer it with a RST and icmpguard does not speak TCP.
 */
static unsigned int owned_other(struct icmpguard_net *ign,
				struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct icmpguard_config *cfg;
	u8 code;

	if (ip_is_fragment(iph) ||
	    !icmpguard_owned_match(&ign->owned, iph->daddr))
		return NF_ACCEPT;
	switch (iph->protocol) {
	case IPPROTO_TCP:
		icmpguard_count(ign->stats, ICMPGUARD_CTR_OWNED_TCP_DROPPED, 1);
		return NF_DROP;
	case IPPROTO_UDP:
		if (!udp_ok(skb, iph->ihl * 4)) {
			icmpguard_count_drop(ign->stats,
					     ICMPGUARD_DROP_BAD_CHECKSUM);
			return NF_DROP;
		}
		code = ICMP_PORT_UNREACH;
		break;
	default:
		code = ICMP_PROT_UNREACH;
	}
	cfg = rcu_dereference(ign->config);
	icmpguard_count(ign->stats, ICMPGUARD_CTR_OWNED_UNREACH, 1);
	icmpguard_send_error(ign, cfg, skb, ICMP_DEST_UNREACH, code, 0,
			     iph->daddr);
	return NF_DROP;
}

static bool enabled(const struct icmpguard_config *cfg, u8 type)
{
	switch (type) {
	case ICMP_ECHO:
		return true;
	case ICMP_TIMESTAMP:
		return cfg->flags & ICMPGUARD_F_TIMESTAMP;
	case ICMP_EXT_ECHO:
		return cfg->flags & ICMPGUARD_F_PROBE;
	}
	return false;
}

/*
 * A request the responder may answer: find out whether it is addressed
 * to this host, an owned prefix, or a broadcast, and choose the reply's
 * source as the kernel would.
 */
static unsigned int request(struct icmpguard_net *ign,
			    const struct icmpguard_config *cfg,
			    struct sk_buff *skb,
			    const struct icmpguard_pkt *pkt,
			    const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	__be32 saddr = iph->daddr;
	bool routed = false, owned = false;
	unsigned int verdict;

	if (icmpguard_owned_match(&ign->owned, iph->daddr)) {
		owned = true;
		goto local;
	}
	if (ipv4_is_lbcast(iph->daddr))
		goto broadcast;
	if (!skb_valid_dst(skb)) {
		if (ip_route_input_noref(skb, iph->daddr, iph->saddr,
					 iph->tos, state->in))
			return pass(ign);	/* the kernel drops it again */
		routed = true;
	}
	switch (skb_rtable(skb)->rt_type) {
	case RTN_LOCAL:
		goto local;
	case RTN_BROADCAST:
	case RTN_MULTICAST:
		goto broadcast;
	default:
		goto out_pass;		/* transit */
	}

broadcast:
	/* As icmp_echo_ignore_broadcasts: no reply, no kernel reply. */
	if (!(cfg->flags & ICMPGUARD_F_BROADCAST_ECHO) ||
	    pkt->type == ICMP_EXT_ECHO) {
		icmpguard_count_drop(ign->stats, ICMPGUARD_DROP_BROADCAST);
		return NF_DROP;
	}
	saddr = inet_select_addr(state->in, iph->saddr, RT_SCOPE_UNIVERSE);
	if (!saddr)
		goto out_pass;
local:
	if (pkt->type == ICMP_ECHO && cfg->policy != ICMPGUARD_POLICY_ACCEPT)
		return policy(ign, cfg, skb, owned);
	if (!enabled(cfg, pkt->type)) {
		icmpguard_count_drop(ign->stats, ICMPGUARD_DROP_DISABLED);
		return NF_DROP;
	}
	verdict = icmpguard_respond(ign, cfg, skb, pkt, saddr);
	if (verdict != NF_ACCEPT)
		return verdict;
out_pass:
	/* Later PRE_ROUTING hooks may still change what routing sees. */
	if (routed)
		skb_dst_drop(skb);
	return pass(ign);
}

static unsigned int icmpguard_in(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	const struct icmpguard_config *cfg;
	struct icmpguard_net *ign;
	struct icmpguard_pkt pkt;
	enum icmpguard_drop reason;

	ign = icmpguard_pernet(state->net);
	if (ip_hdr(skb)->protocol != IPPROTO_ICMP) {
		if (likely(!READ_ONCE(ign->owned.lens)))
			return NF_ACCEPT;
		return owned_other(ign, skb);
	}

	if (unlikely(ip_is_fragment(ip_hdr(skb)))) {
		icmpguard_count(ign->stats, ICMPGUARD_CTR_FRAGMENTS, 1);
		return pass(ign);
	}

	reason = icmpguard_validate(skb, &pkt);
	if (pkt.len) {
		icmpguard_count_rx(ign->stats, pkt.type, skb->len);
	} else {
		icmpguard_count(ign->stats, ICMPGUARD_CTR_RX_PACKETS, 1);
		icmpguard_count(ign->stats, ICMPGUARD_CTR_RX_BYTES, skb->len);
	}
	if (reason) {
		icmpguard_count_drop(ign->stats, reason);
		return NF_DROP;
	}

	cfg = rcu_dereference(ign->config);
	if (!(cfg->flags & ICMPGUARD_F_RESPONDER))
		return pass(ign);
	switch (pkt.type) {
	case ICMP_ECHO:
	case ICMP_TIMESTAMP:
	case ICMP_EXT_ECHO:
		return request(ign, cfg, skb, &pkt, state);
	}
	return pass(ign);
}

static const struct nf_hook_ops icmpguard_ops[] = {
	{
		.hook = icmpguard_in,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = ICMPGUARD_PRI,
	},
};

int icmpguard_hook_register(struct net *net)
{
	return nf_register_net_hooks(net, icmpguard_ops,
				     ARRAY_SIZE(icmpguard_ops));
}

void icmpguard_hook_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, icmpguard_ops, ARRAY_SIZE(icmpguard_ops));
}
