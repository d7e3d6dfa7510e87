// SPDX-License-Identifier: GPL-2.0
/*
 * The responder: echo (8 -> 0), timestamp (13 -> 14) and extended echo
 * (42 -> 43), answered in softirq by rewriting the request in place. The
 * payload is never copied or touched, so a 64 KiB echo costs what a small
 * one does plus the fragmentation the output path does anyway.
 *
 * IP options in a request are not echoed: the reply is a plain 20-byte
 * header. The kernel reflects Record Route and Timestamp options; doing
 * so here would make the responder a reflector of attacker-sized option
 * work in softirq, and no ping client needs it.
 */

#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/timekeeping.h>
#include <net/icmp.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/ip.h>
#include <net/l3mdev.h>
#include <net/route.h>
#include "probe.h"
#include "responder.h"

/* The reply's type, code and, for extended echo, status; 0 when none. */
struct answer {
	u8 type;
	u8 code;
	u8 status;
	unsigned int counter;
};

static bool budget(struct icmpguard_net *ign, const struct icmpguard_config *cfg,
		   __be32 daddr)
{
	switch (icmpguard_out_allow(ign, cfg, daddr,
				    ktime_get_mono_fast_ns())) {
	case ICMPGUARD_OUT_DEST:
		icmpguard_count(ign->stats,
				ICMPGUARD_CTR_REPLIES_LIMITED_DEST, 1);
		return false;
	case ICMPGUARD_OUT_NS:
		icmpguard_count(ign->stats, ICMPGUARD_CTR_REPLIES_LIMITED, 1);
		return false;
	default:
		return true;
	}
}

static struct rtable *route(struct net *net, struct sk_buff *skb,
			    __be32 saddr, __be32 daddr, u8 tos)
{
	struct flowi4 fl4 = {
		/* An owned address is no interface's: allow it as source. */
		.flowi4_flags = FLOWI_FLAG_ANYSRC,
		.daddr = daddr,
		.saddr = saddr,
		.flowi4_mark = IP4_REPLY_MARK(net, skb->mark),
		.flowi4_tos = RT_TOS(tos),
		.flowi4_proto = IPPROTO_ICMP,
		.flowi4_oif = l3mdev_master_ifindex(skb->dev),
		.flowi4_uid = sock_net_uid(net, NULL),
	};

	return ip_route_output_key(net, &fl4);
}

/* Milliseconds since midnight UT, as RFC 792 wants. */
static __be32 ms_of_day(void)
{
	struct timespec64 ts;

	ktime_get_real_ts64(&ts);
	return htonl((u32)(ts.tv_sec % 86400) * MSEC_PER_SEC +
		     ts.tv_nsec / NSEC_PER_MSEC);
}

/*
 * Rewrites the ICMP header (and the timestamp body) of the request at
 * @ih, which is writable, into the reply.
 */
static void rewrite(struct icmphdr *ih, const struct answer *a,
		    unsigned int icmp_len)
{
	__be16 old = *(__be16 *)ih;

	ih->type = a->type;
	ih->code = a->code;
	if (a->type == ICMP_TIMESTAMPREPLY) {
		__be32 *times = (__be32 *)(ih + 1);

		times[1] = ms_of_day();
		times[2] = times[1];
		ih->checksum = 0;
		ih->checksum = ip_compute_csum(ih, icmp_len);
		return;
	}
	csum_replace2(&ih->checksum, old, *(__be16 *)ih);
	if (a->type == ICMP_EXT_ECHOREPLY) {
		__be16 seq = ih->un.echo.sequence;

		ih->un.echo.sequence = htons((ntohs(seq) & 0xff00) | a->status);
		csum_replace2(&ih->checksum, seq, ih->un.echo.sequence);
	}
}

/*
 * Turns the request into the reply and sends it. Fails, leaving the skb
 * as it was, only before anything is written.
 */
static int xmit(struct net *net, struct sk_buff *skb,
		const struct icmpguard_pkt *pkt, const struct answer *a,
		__be32 saddr)
{
	unsigned int icmp_len = pkt->len, opt = pkt->ihl - sizeof(struct iphdr);
	struct iphdr *iph = ip_hdr(skb);
	__be32 daddr = iph->saddr;
	u8 tos = iph->tos;
	struct icmphdr *ih;
	struct rtable *rt;

	if (a->type == ICMP_TIMESTAMPREPLY)
		icmp_len = 20;
	rt = route(net, skb, saddr, daddr, tos);
	if (IS_ERR(rt))
		return PTR_ERR(rt);
	if (skb_ensure_writable(skb, pkt->ihl + min(icmp_len, 20U)) ||
	    (icmp_len < pkt->len && pskb_trim(skb, pkt->ihl + icmp_len))) {
		ip_rt_put(rt);
		return -ENOMEM;
	}

	/* Strip IP options by sliding the fixed header over them. */
	if (opt) {
		memmove(skb->data + opt, skb->data, sizeof(struct iphdr));
		__skb_pull(skb, opt);
		skb_reset_network_header(skb);
	}
	skb_set_transport_header(skb, sizeof(struct iphdr));
	ih = icmp_hdr(skb);
	rewrite(ih, a, icmp_len);

	skb_scrub_packet(skb, false);
	skb_clear_tstamp(skb);
	__vlan_hwaccel_clear_tag(skb);
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	skb->mark = IP4_REPLY_MARK(net, skb->mark);
	skb->priority = rt_tos2priority(tos);
	skb->ip_summed = CHECKSUM_NONE;
	skb->protocol = htons(ETH_P_IP);
	skb_dst_set(skb, &rt->dst);
	/*
	 * The request never reached conntrack; an echo reply it sees
	 * without one would be "invalid" and die in ordinary rule sets.
	 */
	nf_ct_set(skb, NULL, IP_CT_UNTRACKED);

	iph = ip_hdr(skb);
	iph->ihl = 5;
	iph->frag_off = 0;
	iph->ttl = ip4_dst_hoplimit(&rt->dst);
	iph->saddr = saddr;
	iph->daddr = daddr;
	iph->tot_len = htons(skb->len);
	ip_select_ident(net, skb, NULL);

	ip_local_out(net, NULL, skb);
	return 0;
}

static bool answer(struct icmpguard_net *ign, struct sk_buff *skb,
		   const struct icmpguard_pkt *pkt, struct answer *a)
{
	a->code = 0;
	a->status = 0;
	switch (pkt->type) {
	case ICMP_ECHO:
		a->type = ICMP_ECHOREPLY;
		a->code = pkt->code;
		a->counter = ICMPGUARD_CTR_ECHO_REPLIES;
		return true;
	case ICMP_TIMESTAMP:
		a->type = ICMP_TIMESTAMPREPLY;
		a->counter = ICMPGUARD_CTR_TIMESTAMP_REPLIES;
		return true;
	case ICMP_EXT_ECHO:
		a->type = ICMP_EXT_ECHOREPLY;
		a->counter = ICMPGUARD_CTR_PROBE_REPLIES;
		return icmpguard_probe(ign->net, skb, pkt->ihl, pkt->len,
				       &a->code, &a->status);
	}
	return false;
}

unsigned int icmpguard_respond(struct icmpguard_net *ign,
			       const struct icmpguard_config *cfg,
			       struct sk_buff *skb,
			       const struct icmpguard_pkt *pkt, __be32 saddr)
{
	struct answer a;
	unsigned int len;

	if (!answer(ign, skb, pkt, &a)) {
		icmpguard_count_drop(ign->stats, ICMPGUARD_DROP_DISABLED);
		return NF_DROP;
	}
	if (!budget(ign, cfg, ip_hdr(skb)->saddr))
		return NF_DROP;
	len = sizeof(struct iphdr) +
	      (a.type == ICMP_TIMESTAMPREPLY ? 20 : pkt->len);
	if (xmit(ign->net, skb, pkt, &a, saddr)) {
		icmpguard_count(ign->stats, ICMPGUARD_CTR_REPLY_FAILED, 1);
		return NF_ACCEPT;
	}
	icmpguard_count(ign->stats, a.counter, 1);
	icmpguard_count_tx(ign->stats, a.type, len);
	return NF_STOLEN;
}
