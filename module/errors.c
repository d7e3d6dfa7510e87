// SPDX-License-Identifier: GPL-2.0
/*
 * The error builder: every ICMP error icmpguard sends is made here, after
 * one eligibility check (RFC 1122 3.2.2, RFC 1812 4.3.2.7) and the
 * budgets, in softirq, into a fresh buffer of at most 576 bytes.
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
#include "errors.h"
#include "netns.h"
#include "validate.h"

/* RFC 1812 4.3.2.3: an error datagram is at most 576 bytes. */
#define ERR_MAX		576
#define ERR_HDRS	(sizeof(struct iphdr) + sizeof(struct icmphdr))
/* RFC 4884 5: with extensions, the quote is padded to 128 bytes. */
#define QUOTE_MIN_EXT	128
/* RFC 5837 4.3: interface name sub-object, at most 64 bytes. */
#define NAME_SUB_MAX	64
#define IIO_CLASS	2
#define IIO_IFINDEX	0x08
#define IIO_NAME	0x02
#define IIO_MTU		0x01

int icmpguard_err_slot(u8 type, u8 code)
{
	switch (type) {
	case ICMP_DEST_UNREACH:
		return code <= 15 ? code : -1;
	case ICMP_TIME_EXCEEDED:
		return code <= 1 ? 16 + code : -1;
	case ICMP_PARAMETERPROB:
		return code <= 2 ? 18 + code : -1;
	}
	return -1;
}

void icmpguard_err_type_code(int slot, u8 *type, u8 *code)
{
	if (slot < 16) {
		*type = ICMP_DEST_UNREACH;
		*code = slot;
	} else if (slot < 18) {
		*type = ICMP_TIME_EXCEEDED;
		*code = slot - 16;
	} else {
		*type = ICMP_PARAMETERPROB;
		*code = slot - 18;
	}
}

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

static bool to_broadcast(struct net *net, const struct sk_buff *skb,
			 __be32 daddr)
{
	if (skb->pkt_type == PACKET_BROADCAST ||
	    skb->pkt_type == PACKET_MULTICAST)
		return true;
	if (ipv4_is_multicast(daddr) || ipv4_is_lbcast(daddr))
		return true;
	if (skb_valid_dst(skb))
		return skb_rtable(skb)->rt_flags &
			(RTCF_BROADCAST | RTCF_MULTICAST);
	return inet_addr_type_dev_table(net, skb->dev, daddr) == RTN_BROADCAST;
}

/* Returns 0 when an error about @skb is allowed, else the counter why. */
static int refusal(struct net *net, const struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	u8 _type, *type;

	if (iph->frag_off & htons(IP_OFFSET))
		return ICMPGUARD_CTR_ERR_REFUSED_FRAGMENT;
	if (icmpguard_bad_source(skb, iph->saddr))
		return ICMPGUARD_CTR_ERR_REFUSED_BAD_SOURCE;
	if (to_broadcast(net, skb, iph->daddr))
		return ICMPGUARD_CTR_ERR_REFUSED_BROADCAST;
	if (iph->protocol == IPPROTO_ICMP) {
		type = skb_header_pointer(skb, iph->ihl * 4, sizeof(_type),
					  &_type);
		if (!type || !informational(*type))
			return ICMPGUARD_CTR_ERR_REFUSED_ICMP_ERROR;
	}
	return 0;
}

/* The per-type bucket, then the shared ones; counts what refuses. */
static bool budget(struct icmpguard_net *ign,
		   const struct icmpguard_config *cfg, int slot, __be32 dst)
{
	const struct icmpguard_rate *rate = &cfg->err_rate[slot];
	u64 now = ktime_get_mono_fast_ns();
	int why;

	if (!icmpguard_bucket_allow(&ign->err_bucket[slot], rate, now)) {
		why = ICMPGUARD_CTR_ERRORS_LIMITED_TYPE;
		goto limited;
	}
	/* Unlimited Fragmentation Needed never waits for other errors. */
	if (slot == ICMP_FRAG_NEEDED && !rate->interval_ns)
		return true;
	switch (icmpguard_out_allow(ign, cfg, dst, now)) {
	case ICMPGUARD_OUT_DEST:
		why = ICMPGUARD_CTR_ERRORS_LIMITED_DEST;
		goto limited;
	case ICMPGUARD_OUT_NS:
		why = ICMPGUARD_CTR_ERRORS_LIMITED;
		goto limited;
	default:
		break;
	}
	return true;
limited:
	icmpguard_count(ign->stats, why, 1);
	icmpguard_count_err(ign->stats, slot, false);
	return false;
}

/* RFC 4884 extension structure with an RFC 5837 object; returns length. */
static unsigned int ext_len(const struct net_device *dev)
{
	unsigned int name = min_t(unsigned int,
				  ALIGN(1 + strnlen(dev->name, IFNAMSIZ), 4),
				  NAME_SUB_MAX);

	return 4 + 4 + 4 + name + 4;
}

static void put_ext(u8 *p, unsigned int len, const struct net_device *dev)
{
	unsigned int name = len - 16;
	__sum16 *csum = (__sum16 *)(p + 2);
	__be16 olen = htons(len - 4);		/* object length */
	__be32 v;

	memset(p, 0, len);
	p[0] = 2 << 4;				/* extension version 2 */
	memcpy(p + 4, &olen, 2);
	p[6] = IIO_CLASS;
	p[7] = IIO_IFINDEX | IIO_NAME | IIO_MTU; /* role 0: incoming */
	v = htonl(dev->ifindex);
	memcpy(p + 8, &v, 4);
	p[12] = name;
	memcpy(p + 13, dev->name, min_t(size_t, name - 1,
					strnlen(dev->name, IFNAMSIZ)));
	v = htonl(dev->mtu);
	memcpy(p + 12 + name, &v, 4);
	*csum = ip_compute_csum(p, len);
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
	return ip_route_output_key(net, fl4);
}

static int build_and_send(struct icmpguard_net *ign,
			  const struct icmpguard_config *cfg,
			  struct sk_buff *skb, u8 type, u8 code, u32 info,
			  __be32 saddr)
{
	const struct iphdr *oiph = ip_hdr(skb);
	struct net *net = ign->net;
	unsigned int quote, padded, ext = 0, hh;
	u8 tos = (oiph->tos & IPTOS_TOS_MASK) | IPTOS_PREC_INTERNETCONTROL;
	struct sk_buff *nskb;
	struct icmphdr *ih;
	struct iphdr *iph;
	struct flowi4 fl4;
	struct rtable *rt;

	if (!saddr)
		saddr = cfg->error_source ?:
			inet_select_addr(skb->dev, oiph->saddr, RT_SCOPE_LINK);
	rt = route(net, skb, &fl4, saddr, tos);
	if (IS_ERR(rt))
		return PTR_ERR(rt);

	quote = min_t(unsigned int, skb->len, ERR_MAX - ERR_HDRS);
	padded = quote;
	if ((cfg->flags & ICMPGUARD_F_ERROR_EXTENSIONS) &&
	    type != ICMP_PARAMETERPROB) {
		ext = ext_len(skb->dev);
		quote = min_t(unsigned int, skb->len,
			      (ERR_MAX - ERR_HDRS - ext) & ~3U);
		padded = max_t(unsigned int, ALIGN(quote, 4), QUOTE_MIN_EXT);
	}

	hh = LL_RESERVED_SPACE(rt->dst.dev) + rt->dst.header_len;
	nskb = alloc_skb(hh + ERR_HDRS + padded + ext, GFP_ATOMIC);
	if (!nskb) {
		ip_rt_put(rt);
		return -ENOMEM;
	}
	skb_reserve(nskb, hh);
	skb_reset_network_header(nskb);
	iph = skb_put(nskb, sizeof(*iph));
	skb_set_transport_header(nskb, sizeof(*iph));
	ih = skb_put_zero(nskb, sizeof(*ih));
	if (skb_copy_bits(skb, 0, skb_put_zero(nskb, padded), quote)) {
		kfree_skb(nskb);
		ip_rt_put(rt);
		return -EINVAL;
	}
	ih->type = type;
	ih->code = code;
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		ih->un.frag.mtu = htons(info);
	if (ext) {
		/* RFC 4884 length, in 32-bit words, in the sixth byte. */
		((u8 *)ih)[5] = padded / 4;
		put_ext(skb_put(nskb, ext), ext, skb->dev);
	}
	ih->checksum = ip_compute_csum(ih, nskb->len - sizeof(*iph));

	iph->version = 4;
	iph->ihl = 5;
	iph->tos = tos;
	iph->tot_len = htons(nskb->len);
	iph->frag_off = 0;
	iph->ttl = ip4_dst_hoplimit(&rt->dst);
	iph->protocol = IPPROTO_ICMP;
	iph->saddr = fl4.saddr;
	iph->daddr = fl4.daddr;
	nskb->protocol = htons(ETH_P_IP);
	nskb->mark = IP4_REPLY_MARK(net, skb->mark);
	nskb->priority = rt_tos2priority(tos);
	skb_dst_set(nskb, &rt->dst);
	ip_select_ident(net, nskb, NULL);
	/*
	 * About a datagram conntrack never saw (the PRE_ROUTING hook runs
	 * before it), an error would be "invalid" there: untracked, as
	 * replies are. About a tracked one (router mode runs after it),
	 * conntrack relates it, so NAT rewrites the quote.
	 */
	if (!skb_nfct(skb))
		nf_ct_set(nskb, NULL, IP_CT_UNTRACKED);

	icmpguard_count_tx(ign->stats, type, nskb->len);
	ip_local_out(net, NULL, nskb);
	return 0;
}

void icmpguard_send_error(struct icmpguard_net *ign,
			  const struct icmpguard_config *cfg,
			  struct sk_buff *skb, u8 type, u8 code, u32 info,
			  __be32 saddr)
{
	int slot = icmpguard_err_slot(type, code);
	int why;

	if (WARN_ON_ONCE(slot < 0))
		return;
	why = refusal(ign->net, skb);
	if (why) {
		icmpguard_count(ign->stats, why, 1);
		return;
	}
	if (!budget(ign, cfg, slot, ip_hdr(skb)->saddr))
		return;
	if (build_and_send(ign, cfg, skb, type, code, info, saddr)) {
		icmpguard_count(ign->stats, ICMPGUARD_CTR_ERRORS_FAILED, 1);
		return;
	}
	icmpguard_count(ign->stats, ICMPGUARD_CTR_ERRORS_SENT, 1);
	icmpguard_count_err(ign->stats, slot, true);
}
