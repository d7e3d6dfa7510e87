// SPDX-License-Identifier: GPL-2.0
/*
 * The IPv6 responder: echo (128 -> 129) and RFC 8335 extended echo
 * (160 -> 161), answered in softirq by rewriting the request in place,
 * with the choices icmpv6_echo_reply() makes: its sysctls, the source
 * for multicast and anycast destinations, the traffic class copied, the
 * flow label reflected or made, the ingress interface as the way back.
 * A reply too large for the path leaves in fragments.
 */

#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <net/addrconf.h>
#include <net/ip6_checksum.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/l3mdev.h>
#include <net/netfilter/nf_conntrack.h>
#include "family.h"
#include "netns.h"
#include "output.h"
#include "pipeline.h"

static bool enabled(const struct icmpguard_pkt *pkt)
{
	const struct net *net = pkt->ign->net;

	if (pkt->type == ICMPV6_ECHO_REQUEST)
		return !READ_ONCE(net->ipv6.sysctl.icmpv6_echo_ignore_all);
	return pkt->conf->s.flags & ICMPGUARD_F_PROBE;
}

static bool all_nodes(const struct in6_addr *a)
{
	return ipv6_addr_equal(a, &in6addr_linklocal_allnodes);
}

/*
 * Whether to answer, and from where: the destination itself, or :: when
 * the route back chooses (as for multicast and, unless
 * anycast_src_echo_reply, anycast). Returns an outcome or CONTINUE.
 */
static unsigned int source(const struct icmpguard_pkt *pkt,
			   struct in6_addr *saddr)
{
	const struct net *net = pkt->ign->net;

	*saddr = pkt->daddr.a6;
	if (pkt->flags & PKT_MCAST) {
		if (pkt->type == ICMPV6_EXT_ECHO_REQUEST ||
		    READ_ONCE(net->ipv6.sysctl.icmpv6_echo_ignore_multicast))
			return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_BROADCAST);
		/* Other groups: the kernel knows which ones the host joined. */
		if (!all_nodes(&pkt->daddr.a6))
			return ICMPGUARD_CTR_PASSED;
		*saddr = in6addr_any;
	} else if (pkt->flags & PKT_ANYCAST) {
		if (READ_ONCE(net->ipv6.sysctl.icmpv6_echo_ignore_anycast))
			return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_BROADCAST);
		if (!READ_ONCE(net->ipv6.sysctl.anycast_src_echo_reply))
			*saddr = in6addr_any;
	}
	if (!enabled(pkt))
		return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_DISABLED);
	return ICMPGUARD_OUT_CONTINUE;
}

static struct dst_entry *route(const struct icmpguard_pkt *pkt,
			       struct flowi6 *fl6, const struct in6_addr *saddr,
			       u8 type)
{
	struct sk_buff *skb = pkt->skb;
	struct net *net = pkt->ign->net;

	memset(fl6, 0, sizeof(*fl6));
	fl6->daddr = pkt->saddr.a6;
	fl6->saddr = *saddr;
	fl6->flowi6_proto = IPPROTO_ICMPV6;
	fl6->fl6_icmp_type = type;
	fl6->flowi6_mark = IP6_REPLY_MARK(net, skb->mark);
	/* Back the way it came, as icmpv6_echo_reply() sends it. */
	fl6->flowi6_oif = l3mdev_master_ifindex(skb->dev) ?: skb->dev->ifindex;
	fl6->flowi6_uid = sock_net_uid(net, NULL);
	if (net->ipv6.sysctl.flowlabel_reflect &
	    FLOWLABEL_REFLECT_ICMPV6_ECHO_REPLIES)
		fl6->flowlabel = ip6_flowlabel(ipv6_hdr(skb));
	return icmpguard_route6(net, skb, fl6);
}

/* Turns the request into the reply; fails only before writing. */
static int build(struct icmpguard_pkt *pkt, u8 type, u8 code, u8 status,
		 struct flowi6 *fl6, struct dst_entry *dst)
{
	struct sk_buff *skb = pkt->skb;
	struct net *net = pkt->ign->net;
	struct icmp6hdr *ih;
	struct ipv6hdr *ip6h;
	__be16 old;
	u8 tclass;

	if (skb_ensure_writable(skb, pkt->thoff + sizeof(*ih)))
		return -ENOMEM;
	/* Only Hop-by-Hop may precede: the reply carries none. */
	if (pkt->thoff > sizeof(*ip6h)) {
		memmove(skb->data + pkt->thoff - sizeof(*ip6h), skb->data,
			sizeof(*ip6h));
		__skb_pull(skb, pkt->thoff - sizeof(*ip6h));
		skb_reset_network_header(skb);
	}
	ip6h = ipv6_hdr(skb);
	tclass = ipv6_get_dsfield(ip6h);
	skb_set_transport_header(skb, sizeof(*ip6h));
	ih = icmp6_hdr(skb);

	skb->ip_summed = CHECKSUM_NONE;
	old = *(__be16 *)ih;
	ih->icmp6_type = type;
	ih->icmp6_code = code;
	inet_proto_csum_replace2(&ih->icmp6_cksum, skb, old, *(__be16 *)ih,
				 false);
	if (type == ICMPV6_EXT_ECHO_REPLY) {
		__be16 seq = ih->icmp6_sequence;

		ih->icmp6_sequence = htons((ntohs(seq) & 0xff00) | status);
		inet_proto_csum_replace2(&ih->icmp6_cksum, skb, seq,
					 ih->icmp6_sequence, false);
	}
	/* The pseudo-header: the reply's source is new, the rest moves. */
	if (!ipv6_addr_equal(&fl6->saddr, &ip6h->daddr))
		inet_proto_csum_replace16(&ih->icmp6_cksum, skb,
					  ip6h->daddr.s6_addr32,
					  fl6->saddr.s6_addr32, true);

	skb_scrub_packet(skb, false);
	skb_clear_tstamp(skb);
	__vlan_hwaccel_clear_tag(skb);
	memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
	skb->mark = fl6->flowi6_mark;
	skb->protocol = htons(ETH_P_IPV6);
	/* A reply larger than the path goes in fragments, as the kernel's. */
	skb->ignore_df = 1;
	nf_ct_set(skb, NULL, IP_CT_UNTRACKED);

	ip6_flow_hdr(ip6h, tclass,
		     ip6_make_flowlabel(net, skb, fl6->flowlabel,
					ip6_default_np_autolabel(net), fl6));
	ip6h->payload_len = htons(pkt->len);
	ip6h->nexthdr = IPPROTO_ICMPV6;
	ip6h->hop_limit = ip6_dst_hoplimit(dst);
	ip6h->daddr = ip6h->saddr;
	ip6h->saddr = fl6->saddr;
	return 0;
}

unsigned int icmpguard_respond6(struct icmpguard_pkt *pkt, bool by_rule)
{
	struct icmpguard_net *ign = pkt->ign;
	u8 type = ICMPV6_ECHO_REPLY, code = pkt->code, status = 0;
	unsigned int counter = ICMPGUARD_CTR_ECHO_REPLIES, out;
	struct in6_addr saddr;
	struct dst_entry *dst;
	struct flowi6 fl6;

	if (by_rule) {
		/* From the destination: never a group or anycast address. */
		if (pkt->flags & (PKT_MCAST | PKT_ANYCAST) || !enabled(pkt))
			return ICMPGUARD_OUT_CONTINUE;
		saddr = pkt->daddr.a6;
	} else {
		out = source(pkt, &saddr);
		if (out != ICMPGUARD_OUT_CONTINUE)
			return out;
	}
	if (pkt->type == ICMPV6_EXT_ECHO_REQUEST) {
		type = ICMPV6_EXT_ECHO_REPLY;
		counter = ICMPGUARD_CTR_PROBE_REPLIES;
		if (!icmpguard_probe(ign->net, pkt->skb, pkt->thoff, pkt->len,
				     &code, &status))
			return by_rule ? ICMPGUARD_OUT_CONTINUE :
			       ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_DISABLED);
	}

	dst = route(pkt, &fl6, &saddr, type);
	if (IS_ERR(dst)) {
		if (PTR_ERR(dst) == -EPERM)
			return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_BAD_SOURCE);
		goto failed;
	}
	out = icmpguard_out_allow(ign, pkt->conf, ICMPGUARD_V6, &pkt->saddr,
				  icmpguard_now(), false);
	if (out) {
		dst_release(dst);
		return out;
	}
	if (build(pkt, type, code, status, &fl6, dst)) {
		dst_release(dst);
		goto failed;
	}
	icmpguard_count_pkt(ign->stats, ICMPGUARD_V6, false, true, type,
			    pkt->skb->len);
	icmpguard_xmit(ign->net, pkt->skb, dst, ICMPGUARD_V6);
	return counter;
failed:
	icmpguard_count(ign->stats, ICMPGUARD_V6, ICMPGUARD_CTR_REPLY_FAILED);
	return ICMPGUARD_CTR_PASSED;
}
