// SPDX-License-Identifier: GPL-2.0
/*
 * The IPv4 responder: echo (8 -> 0), timestamp (13 -> 14) and extended
 * echo (42 -> 43), answered in softirq by rewriting the request in place.
 * The payload is never copied or touched, so a 64 KiB echo costs what a
 * small one does plus the fragmentation the output path does anyway.
 * A request with IP options never gets here: the kernel answers it, and
 * processes (or refuses, with Parameter Problem) what its options ask.
 */

#include <linux/icmp.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/timekeeping.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/l3mdev.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/route.h>
#include "family.h"
#include "netns.h"
#include "output.h"
#include "pipeline.h"

/* The reply's type, code and, for extended echo, status. */
struct answer {
	u8 type;
	u8 code;
	u8 status;
	unsigned int counter;
};

static bool enabled(const struct icmpguard_pkt *pkt)
{
	switch (pkt->type) {
	case ICMP_ECHO:
		/* An operator who silenced the kernel meant the host. */
		return !READ_ONCE(pkt->ign->net->ipv4.sysctl_icmp_echo_ignore_all);
	case ICMP_TIMESTAMP:
		return pkt->conf->s.flags & ICMPGUARD_F_TIMESTAMP;
	case ICMP_EXT_ECHO:
		return pkt->conf->s.flags & ICMPGUARD_F_PROBE;
	}
	return false;
}

static bool answer(const struct icmpguard_pkt *pkt, struct answer *a)
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
		return icmpguard_probe(pkt->ign->net, pkt->skb, pkt->thoff,
				       pkt->len, &a->code, &a->status);
	}
	return false;
}

/* Milliseconds since midnight UT, as RFC 792 wants. */
static __be32 ms_of_day(void)
{
	struct timespec64 ts;

	ktime_get_real_ts64(&ts);
	return htonl((u32)(ts.tv_sec % 86400) * MSEC_PER_SEC +
		     ts.tv_nsec / NSEC_PER_MSEC);
}

/* Rewrites the request's ICMP header (and timestamp body) at @ih. */
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

/* The route back, as icmp_reply() finds it; ERR_PTR on failure. */
static struct rtable *route(const struct icmpguard_pkt *pkt, __be32 saddr)
{
	struct sk_buff *skb = pkt->skb;
	struct net *net = pkt->ign->net;
	struct flowi4 fl4 = {
		/* An owned address is no interface's: allow it as source. */
		.flowi4_flags = FLOWI_FLAG_ANYSRC,
		.daddr = pkt->saddr.a4,
		.saddr = saddr,
		.flowi4_mark = IP4_REPLY_MARK(net, skb->mark),
		.flowi4_tos = RT_TOS(ip_hdr(skb)->tos),
		.flowi4_proto = IPPROTO_ICMP,
		.flowi4_oif = l3mdev_master_ifindex(skb->dev),
		.flowi4_uid = sock_net_uid(net, NULL),
	};

	return icmpguard_route4(net, skb, &fl4);
}

/* Turns the request into the reply; fails only before writing. */
static int build(struct sk_buff *skb, const struct icmpguard_pkt *pkt,
		 const struct answer *a, __be32 saddr, struct rtable *rt)
{
	struct net *net = pkt->ign->net;
	unsigned int icmp_len = pkt->len;
	struct iphdr *iph;
	u8 tos;

	if (a->type == ICMP_TIMESTAMPREPLY)
		icmp_len = 20;
	if (skb_ensure_writable(skb, pkt->thoff + min(icmp_len, 20U)) ||
	    (icmp_len < pkt->len && pskb_trim(skb, pkt->thoff + icmp_len)))
		return -ENOMEM;
	rewrite((struct icmphdr *)(skb->data + pkt->thoff), a, icmp_len);

	iph = ip_hdr(skb);
	tos = iph->tos;
	skb_scrub_packet(skb, false);
	skb_clear_tstamp(skb);
	__vlan_hwaccel_clear_tag(skb);
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	skb_set_transport_header(skb, pkt->thoff);
	skb->mark = IP4_REPLY_MARK(net, skb->mark);
	skb->priority = rt_tos2priority(tos);
	skb->ip_summed = CHECKSUM_NONE;
	skb->protocol = htons(ETH_P_IP);
	/*
	 * The request never reached conntrack; an echo reply it sees
	 * without one would be "invalid" and die in ordinary rule sets.
	 */
	nf_ct_set(skb, NULL, IP_CT_UNTRACKED);

	iph->frag_off = 0;
	iph->ttl = ip4_dst_hoplimit(&rt->dst);
	iph->saddr = saddr;
	iph->daddr = pkt->saddr.a4;
	iph->tot_len = htons(skb->len);
	ip_select_ident(net, skb, NULL);
	return 0;
}

unsigned int icmpguard_respond4(struct icmpguard_pkt *pkt, bool by_rule)
{
	struct icmpguard_net *ign = pkt->ign;
	__be32 saddr = pkt->daddr.a4;
	struct sk_buff *skb = pkt->skb;
	struct rtable *rt;
	struct answer a;
	int why;

	if (by_rule) {
		/* Never from a broadcast or multicast address. */
		if (pkt->flags & PKT_MCAST || !enabled(pkt))
			return ICMPGUARD_OUT_CONTINUE;
	} else {
		if (pkt->flags & PKT_MCAST) {
			/* As icmp_echo_ignore_broadcasts: no reply at all. */
			if (!(pkt->conf->s.flags & ICMPGUARD_F_BROADCAST_ECHO) ||
			    pkt->type == ICMP_EXT_ECHO)
				return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_BROADCAST);
			/* Groups but all-hosts: the kernel knows the joined. */
			if (ipv4_is_multicast(pkt->daddr.a4) &&
			    pkt->daddr.a4 != htonl(INADDR_ALLHOSTS_GROUP))
				return ICMPGUARD_CTR_PASSED;
			saddr = inet_select_addr(pkt->state->in,
						 pkt->saddr.a4,
						 RT_SCOPE_UNIVERSE);
			if (!saddr)
				return ICMPGUARD_CTR_PASSED;
		}
		if (!enabled(pkt))
			return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_DISABLED);
	}
	if (!answer(pkt, &a))
		return by_rule ? ICMPGUARD_OUT_CONTINUE :
		       ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_DISABLED);

	rt = route(pkt, saddr);
	if (IS_ERR(rt)) {
		if (PTR_ERR(rt) == -EPERM)
			return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_BAD_SOURCE);
		goto failed;
	}
	why = icmpguard_out_allow(ign, pkt->conf, ICMPGUARD_V4, &pkt->saddr,
				  icmpguard_now(), false);
	if (why) {
		ip_rt_put(rt);
		return why;
	}
	if (build(skb, pkt, &a, saddr, rt)) {
		ip_rt_put(rt);
		goto failed;
	}
	icmpguard_count_pkt(ign->stats, ICMPGUARD_V4, false, true, a.type,
			    skb->len);
	icmpguard_xmit(ign->net, skb, &rt->dst, ICMPGUARD_V4);
	return a.counter;
failed:
	icmpguard_count(ign->stats, ICMPGUARD_V4, ICMPGUARD_CTR_REPLY_FAILED);
	return ICMPGUARD_CTR_PASSED;
}
