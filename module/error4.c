// SPDX-License-Identifier: GPL-2.0
/*
 * The IPv4 error builder: every ICMP error icmpguard sends about an IPv4
 * datagram is made here, after one eligibility check (RFC 1122 3.2.2,
 * RFC 1812 4.3.2.7) and the budgets, in softirq, into a fresh buffer of
 * at most 576 bytes.
 */

#include <linux/icmp.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/netdevice.h>
#include <net/dst_metadata.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/l3mdev.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/route.h>
#include "ext.h"
#include "family.h"
#include "netns.h"
#include "output.h"

/* RFC 1812 4.3.2.3: an error datagram is at most 576 bytes. */
#define ERR_MAX		576
#define ERR_HDRS	(sizeof(struct iphdr) + sizeof(struct icmphdr))

/* True for informational types: the only ICMP an error may be about. */
static bool informational(u8 type)
{
	switch (type) {
	case ICMP_ECHOREPLY:
	case ICMP_ECHO:
	case 9:
	case 10:
	case ICMP_TIMESTAMP:
	case ICMP_TIMESTAMPREPLY:
	case ICMP_INFO_REQUEST:
	case ICMP_INFO_REPLY:
	case ICMP_ADDRESS:
	case ICMP_ADDRESSREPLY:
	case ICMP_EXT_ECHO:
	case ICMP_EXT_ECHOREPLY:
		return true;
	}
	return false;
}

static bool to_broadcast(const struct sk_buff *skb, __be32 daddr)
{
	if (skb->pkt_type == PACKET_BROADCAST ||
	    skb->pkt_type == PACKET_MULTICAST)
		return true;
	if (ipv4_is_multicast(daddr) || ipv4_is_lbcast(daddr))
		return true;
	if (skb_valid_dst(skb))
		return skb_rtable(skb)->rt_flags &
			(RTCF_BROADCAST | RTCF_MULTICAST);
	return icmpguard_addr_type4(skb->dev, daddr) == RTN_BROADCAST;
}

/* Returns 0 when an error about @skb is allowed, else the counter why. */
static int refusal(const struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	u8 _type, *type;

	if (iph->frag_off & htons(IP_OFFSET))
		return ICMPGUARD_CTR_ERR_REFUSED_FRAGMENT;
	if (icmpguard_bad_source4(skb, iph->saddr))
		return ICMPGUARD_CTR_ERR_REFUSED_BAD_SOURCE;
	if (to_broadcast(skb, iph->daddr))
		return ICMPGUARD_CTR_ERR_REFUSED_BROADCAST;
	if (iph->protocol == IPPROTO_ICMP) {
		type = skb_header_pointer(skb, iph->ihl * 4, sizeof(_type),
					  &_type);
		if (!type || !informational(*type))
			return ICMPGUARD_CTR_ERR_REFUSED_ICMP_ERROR;
	}
	return 0;
}

static struct rtable *route(struct net *net, struct sk_buff *skb,
			    struct flowi4 *fl4, __be32 saddr, u8 tos)
{
	memset(fl4, 0, sizeof(*fl4));
	fl4->daddr = ip_hdr(skb)->saddr;
	fl4->saddr = saddr;
	fl4->flowi4_flags = FLOWI_FLAG_ANYSRC;
	fl4->flowi4_mark = IP4_REPLY_MARK(net, skb->mark);
	fl4->flowi4_tos = RT_TOS(tos);
	fl4->flowi4_proto = IPPROTO_ICMP;
	fl4->flowi4_oif = l3mdev_master_ifindex(skb->dev);
	fl4->flowi4_uid = sock_net_uid(net, NULL);
	return icmpguard_route4(net, skb, fl4);
}

static __be32 source(const struct icmpguard_conf *c, struct sk_buff *skb,
		     const union icmpguard_addr *src)
{
	if (src)
		return src->a4;
	if (c->s.error_source[ICMPGUARD_V4].a4)
		return c->s.error_source[ICMPGUARD_V4].a4;
	return inet_select_addr(skb->dev, ip_hdr(skb)->saddr, RT_SCOPE_LINK);
}

static struct sk_buff *build(const struct icmpguard_conf *c,
			     struct sk_buff *skb, struct rtable *rt,
			     const struct flowi4 *fl4, u8 type, u8 code,
			     u32 info, u8 tos)
{
	unsigned int quote, padded, ext = 0, hh;
	struct sk_buff *nskb;
	struct icmphdr *ih;
	struct iphdr *iph;

	quote = min_t(unsigned int, skb->len, ERR_MAX - ERR_HDRS);
	padded = quote;
	if (c->s.flags & ICMPGUARD_F_ERROR_EXTENSIONS &&
	    type != ICMP_PARAMETERPROB) {
		ext = icmpguard_ext_len(skb->dev);
		quote = min_t(unsigned int, skb->len,
			      (ERR_MAX - ERR_HDRS - ext) & ~3U);
		padded = max_t(unsigned int, ALIGN(quote, 4),
			       ICMPGUARD_EXT_QUOTE_MIN);
	}

	hh = LL_RESERVED_SPACE(rt->dst.dev) + rt->dst.header_len;
	nskb = alloc_skb(hh + ERR_HDRS + padded + ext, GFP_ATOMIC);
	if (!nskb)
		return NULL;
	skb_reserve(nskb, hh);
	skb_reset_network_header(nskb);
	iph = skb_put(nskb, sizeof(*iph));
	skb_set_transport_header(nskb, sizeof(*iph));
	ih = skb_put_zero(nskb, sizeof(*ih));
	if (skb_copy_bits(skb, 0, skb_put_zero(nskb, padded), quote)) {
		kfree_skb(nskb);
		return NULL;
	}
	ih->type = type;
	ih->code = code;
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		ih->un.frag.mtu = htons(info);
	if (ext) {
		/* RFC 4884 length, in 32-bit words, in the sixth byte. */
		((u8 *)ih)[5] = padded / 4;
		icmpguard_put_ext(skb_put(nskb, ext), ext, skb->dev);
	}
	ih->checksum = ip_compute_csum(ih, nskb->len - sizeof(*iph));

	iph->version = 4;
	iph->ihl = 5;
	iph->tos = tos;
	iph->tot_len = htons(nskb->len);
	iph->frag_off = 0;
	iph->ttl = ip4_dst_hoplimit(&rt->dst);
	iph->protocol = IPPROTO_ICMP;
	iph->saddr = fl4->saddr;
	iph->daddr = fl4->daddr;
	nskb->protocol = htons(ETH_P_IP);
	nskb->priority = rt_tos2priority(tos);
	return nskb;
}

void icmpguard_error4(struct icmpguard_net *ign,
		      const struct icmpguard_conf *c, struct sk_buff *skb,
		      u8 type, u8 code, u32 info,
		      const union icmpguard_addr *src)
{
	u8 tos = (ip_hdr(skb)->tos & IPTOS_TOS_MASK) |
		 IPTOS_PREC_INTERNETCONTROL;
	int slot = icmpguard_err_slot(ICMPGUARD_V4, type, code);
	struct net *net = ign->net;
	union icmpguard_addr dst;
	struct sk_buff *nskb;
	struct flowi4 fl4;
	struct rtable *rt;
	bool shared;
	int why;

	if (WARN_ON_ONCE(slot < 0))
		return;
	why = refusal(skb) ?:
	      icmpguard_err_allow(ign, c, ICMPGUARD_V4, slot, &shared);
	if (why)
		goto refused;
	rt = route(net, skb, &fl4, source(c, skb, src), tos);
	if (IS_ERR(rt)) {
		why = PTR_ERR(rt) == -EPERM ?
		      ICMPGUARD_CTR_ERR_REFUSED_BAD_SOURCE :
		      ICMPGUARD_CTR_ERRORS_FAILED;
		goto refused;
	}
	/* As icmp_send(): never from 0.0.0.0 (RFC 7600). */
	if (!fl4.saddr)
		fl4.saddr = htonl(INADDR_DUMMY);
	memset(&dst, 0, sizeof(dst));
	dst.a4 = fl4.daddr;
	why = shared ? icmpguard_out_allow(ign, c, ICMPGUARD_V4, &dst,
					   icmpguard_now(), true) : 0;
	if (why)
		goto put;
	nskb = build(c, skb, rt, &fl4, type, code, info, tos);
	if (!nskb) {
		why = ICMPGUARD_CTR_ERRORS_FAILED;
		goto put;
	}
	nskb->mark = IP4_REPLY_MARK(net, skb->mark);
	ip_select_ident(net, nskb, NULL);
	icmpguard_err_send(ign, ICMPGUARD_V4, slot, skb, nskb, &rt->dst);
	return;
put:
	ip_rt_put(rt);
refused:
	icmpguard_err_refused(ign, ICMPGUARD_V4, slot, why);
}
