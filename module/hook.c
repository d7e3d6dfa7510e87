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
#include "flood.h"
#include "hook.h"
#include "netns.h"
#include "responder.h"
#include "rules.h"
#include "validate.h"

/* Between defragmentation (-400) and raw (-300). */
#define ICMPGUARD_PRI	(NF_IP_PRI_CONNTRACK_DEFRAG + 50)

static unsigned int pass(struct icmpguard_net *ign)
{
	icmpguard_count(ign->stats, ICMPGUARD_CTR_PASSED, 1);
	return NF_ACCEPT;
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
	/* An address an interface has is the host's own: ssh must work. */
	if (inet_addr_type_dev_table(dev_net(skb->dev), skb->dev,
				     iph->daddr) == RTN_LOCAL)
		return NF_ACCEPT;
	switch (iph->protocol) {
	case IPPROTO_TCP:
		icmpguard_count(ign->stats, ICMPGUARD_CTR_OWNED_TCP_DROPPED, 1);
		return NF_DROP;
	case IPPROTO_UDP:
		if (!udp_ok(skb, iph->ihl * 4)) {
			icmpguard_count(ign->stats, ICMPGUARD_CTR_OWNED_BAD_UDP,
					1);
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

static bool enabled(struct icmpguard_net *ign,
		    const struct icmpguard_config *cfg, u8 type)
{
	switch (type) {
	case ICMP_ECHO:
		/* An operator who silenced the kernel meant the host. */
		return !READ_ONCE(ign->net->ipv4.sysctl_icmp_echo_ignore_all);
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
	bool routed = false;
	unsigned int verdict;

	if (icmpguard_owned_match(&ign->owned, iph->daddr))
		goto local;
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
	if (!enabled(ign, cfg, pkt->type)) {
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

/* A verdict meaning: no decision yet, go on to the responder. */
#define CONTINUE	(~0U)

/* Input (to this host, its broadcasts or an owned address) or forward. */
static u8 classify(struct icmpguard_net *ign, struct sk_buff *skb,
		   const struct net_device *in, bool *owned)
{
	__be32 daddr = ip_hdr(skb)->daddr;

	*owned = icmpguard_owned_match(&ign->owned, daddr);
	if (*owned || ipv4_is_lbcast(daddr) || ipv4_is_multicast(daddr))
		return ICMPGUARD_DIR_INPUT;
	if (skb_valid_dst(skb)) {
		switch (skb_rtable(skb)->rt_type) {
		case RTN_LOCAL:
		case RTN_BROADCAST:
		case RTN_MULTICAST:
			return ICMPGUARD_DIR_INPUT;
		}
		return ICMPGUARD_DIR_FORWARD;
	}
	switch (inet_addr_type_dev_table(dev_net(in), in, daddr)) {
	case RTN_LOCAL:
	case RTN_BROADCAST:
	case RTN_MULTICAST:
		return ICMPGUARD_DIR_INPUT;
	}
	return ICMPGUARD_DIR_FORWARD;
}

static unsigned int reject(struct icmpguard_net *ign,
			   const struct icmpguard_config *cfg,
			   struct sk_buff *skb, u8 code, bool owned)
{
	/* An owned address rejects from itself, as a host would. */
	icmpguard_send_error(ign, cfg, skb, ICMP_DEST_UNREACH, code, 0,
			     owned ? ip_hdr(skb)->daddr : 0);
	return NF_DROP;
}

static unsigned int policy(struct icmpguard_net *ign,
			   const struct icmpguard_config *cfg,
			   struct sk_buff *skb, const struct icmpguard_pkt *pkt,
			   u8 dir, bool owned)
{
	u8 p = dir == ICMPGUARD_DIR_INPUT ? cfg->policy : cfg->forward_policy;
	bool echo = pkt->type == ICMP_ECHO && dir == ICMPGUARD_DIR_INPUT;

	switch (p) {
	case ICMPGUARD_POLICY_DROP:
		icmpguard_count(ign->stats, ICMPGUARD_CTR_POLICY_DROPPED, 1);
		if (echo)
			icmpguard_count(ign->stats, ICMPGUARD_CTR_ECHO_DROPPED,
					1);
		return NF_DROP;
	case ICMPGUARD_POLICY_REJECT:
		icmpguard_count(ign->stats, ICMPGUARD_CTR_POLICY_REJECTED, 1);
		if (echo)
			icmpguard_count(ign->stats, ICMPGUARD_CTR_ECHO_REJECTED,
					1);
		return reject(ign, cfg, skb, cfg->reject_code, owned);
	}
	return CONTINUE;
}

/* Rules, then the default policy. Returns a verdict or CONTINUE. */
static unsigned int filter(struct icmpguard_net *ign,
			   const struct icmpguard_config *cfg,
			   struct sk_buff *skb, const struct icmpguard_pkt *pkt,
			   const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct icmpguard_match m;
	struct icmpguard_rule *rule;
	unsigned int verdict;
	bool owned, ok;

	if (cfg->policy == ICMPGUARD_POLICY_ACCEPT &&
	    cfg->forward_policy == ICMPGUARD_POLICY_ACCEPT &&
	    !icmpguard_rules_any(&ign->rules, ICMPGUARD_DIR_INPUT) &&
	    !icmpguard_rules_any(&ign->rules, ICMPGUARD_DIR_FORWARD))
		return CONTINUE;

	m.dir = classify(ign, skb, state->in, &owned);
	m.type = pkt->type;
	m.code = pkt->code;
	m.saddr = iph->saddr;
	m.daddr = iph->daddr;
	m.len = skb->len;
	m.in = state->in;
	m.skb = skb;
	rule = icmpguard_rules_lookup(&ign->rules, &m);
	if (!rule)
		return policy(ign, cfg, skb, pkt, m.dir, owned);

	switch (rule->action) {
	case ICMPGUARD_ACT_DROP:
		icmpguard_rule_count(rule, skb->len, false);
		icmpguard_count(ign->stats, ICMPGUARD_CTR_RULE_DROPPED, 1);
		return NF_DROP;
	case ICMPGUARD_ACT_REJECT:
		icmpguard_rule_count(rule, skb->len, false);
		icmpguard_count(ign->stats, ICMPGUARD_CTR_RULE_REJECTED, 1);
		return reject(ign, cfg, skb, rule->reject_code, owned);
	case ICMPGUARD_ACT_LIMIT:
		ok = icmpguard_rule_limit(&ign->rules, rule, iph->saddr);
		icmpguard_rule_count(rule, skb->len, !ok);
		if (ok)
			break;
		icmpguard_count(ign->stats, ICMPGUARD_CTR_RULE_LIMITED, 1);
		if (rule->limit_flags & ICMPGUARD_LIMIT_F_REJECT)
			return reject(ign, cfg, skb, rule->reject_code, owned);
		return NF_DROP;
	case ICMPGUARD_ACT_REPLY:
		icmpguard_rule_count(rule, skb->len, false);
		/* Never answer from a broadcast or multicast address. */
		if (!enabled(ign, cfg, pkt->type) || ipv4_is_lbcast(iph->daddr) ||
		    ipv4_is_multicast(iph->daddr) ||
		    inet_addr_type_dev_table(dev_net(state->in), state->in,
					     iph->daddr) == RTN_BROADCAST)
			break;
		icmpguard_count(ign->stats, ICMPGUARD_CTR_RULE_REPLIED, 1);
		verdict = icmpguard_respond(ign, cfg, skb, pkt, iph->daddr);
		return verdict == NF_ACCEPT ? pass(ign) : verdict;
	default:
		icmpguard_rule_count(rule, skb->len, false);
	}
	icmpguard_count(ign->stats, ICMPGUARD_CTR_RULE_ACCEPTED, 1);
	return CONTINUE;
}

static unsigned int icmpguard_in(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	const struct icmpguard_config *cfg;
	struct icmpguard_net *ign;
	struct icmpguard_pkt pkt;
	enum icmpguard_drop reason;
	unsigned int verdict;

	ign = icmpguard_pernet(state->net);
	if (ip_hdr(skb)->protocol != IPPROTO_ICMP) {
		if (likely(!READ_ONCE(ign->owned.lens)))
			return NF_ACCEPT;
		return owned_other(ign, skb);
	}

	/* Not inspected, so not in rx_packets: the kernel reassembles. */
	if (unlikely(ip_is_fragment(ip_hdr(skb)))) {
		icmpguard_count(ign->stats, ICMPGUARD_CTR_FRAGMENTS, 1);
		return NF_ACCEPT;
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
	if (!icmpguard_flood_allow(ign, cfg, ip_hdr(skb)->saddr))
		return NF_DROP;
	verdict = filter(ign, cfg, skb, &pkt, state);
	if (verdict != CONTINUE)
		return verdict;
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
