// SPDX-License-Identifier: GPL-2.0
/*
 * The IPv6 error builder, the twin of error4.c: after the RFC 4443 2.4(e)
 * eligibility check and the budgets, into a fresh buffer of at most 1280
 * bytes, from the source icmp6_send() would choose.
 */

#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <net/addrconf.h>
#include <net/ip6_checksum.h>
#include <net/ip6_fib.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/l3mdev.h>
#include <net/netfilter/nf_conntrack.h>
#include "ext.h"
#include "family.h"
#include "netns.h"
#include "output.h"

#define ERR_HDRS	(sizeof(struct ipv6hdr) + sizeof(struct icmp6hdr))

/* Returns 0 when an error about @skb is allowed, else the counter why. */
static int refusal(const struct sk_buff *skb, u8 type)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	int st = ipv6_addr_type(&ip6h->saddr), off;
	u8 next = ip6h->nexthdr, _t, *t;
	__be16 frag_off;

	off = ipv6_skip_exthdr(skb, sizeof(*ip6h), &next, &frag_off);
	if (off >= 0 && frag_off & htons(IP6_OFFSET))
		return ICMPGUARD_CTR_ERR_REFUSED_FRAGMENT;
	if (st == IPV6_ADDR_ANY || st & IPV6_ADDR_MULTICAST ||
	    ipv6_addr_v4mapped(&ip6h->saddr) ||
	    (st & IPV6_ADDR_LOOPBACK && !(skb->dev->flags & IFF_LOOPBACK)))
		return ICMPGUARD_CTR_ERR_REFUSED_BAD_SOURCE;
	if ((ipv6_addr_is_multicast(&ip6h->daddr) ||
	     skb->pkt_type != PACKET_HOST) && type != ICMPV6_PKT_TOOBIG)
		return ICMPGUARD_CTR_ERR_REFUSED_BROADCAST;
	if (off >= 0 && next == IPPROTO_ICMPV6) {
		/* Nor about a Redirect, which icmp6_send() would answer. */
		t = skb_header_pointer(skb, off, sizeof(_t), &_t);
		if (!t || !(*t & ICMPV6_INFOMSG_MASK) || *t == NDISC_REDIRECT)
			return ICMPGUARD_CTR_ERR_REFUSED_ICMP_ERROR;
	}
	return 0;
}

/* The source as icmp6_send() picks it; :: leaves it to the route. */
static void source(struct net *net, const struct icmpguard_conf *c,
		   const struct sk_buff *skb, const union icmpguard_addr *src,
		   struct in6_addr *saddr)
{
	const struct in6_addr *daddr = &ipv6_hdr(skb)->daddr;

	if (src)
		*saddr = src->a6;
	else if (!ipv6_addr_is_multicast(daddr) &&
		 skb->pkt_type == PACKET_HOST &&
		 ipv6_chk_addr(net, daddr, skb->dev, 0))
		*saddr = *daddr;
	else
		*saddr = c->s.error_source[ICMPGUARD_V6].a6;
}

static struct dst_entry *route(struct net *net, struct sk_buff *skb,
			       struct flowi6 *fl6, u8 type, u8 code)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	bool any = ipv6_addr_any(&fl6->saddr);
	const struct net_device *in;
	struct dst_entry *dst;
	struct in6_addr pref;

	fl6->daddr = ip6h->saddr;
	fl6->flowi6_proto = IPPROTO_ICMPV6;
	fl6->fl6_icmp_type = type;
	fl6->fl6_icmp_code = code;
	fl6->flowi6_mark = IP6_REPLY_MARK(net, skb->mark);
	fl6->flowi6_uid = sock_net_uid(net, NULL);
	fl6->flowi6_oif = __ipv6_addr_needs_scope_id(ipv6_addr_type(&fl6->daddr)) ?
			  skb->dev->ifindex : l3mdev_master_ifindex(skb->dev);
	dst = icmpguard_route6(net, skb, fl6);
	if (IS_ERR(dst) || !any)
		return dst;
	/* No route source: as icmp6_send(), one of the way it came in. */
	rt6_get_prefsrc(dst_rt6_info(dst), &pref);
	in = dev_get_by_index_rcu(net, IP6CB(skb)->iif) ?: skb->dev;
	if (ipv6_addr_any(&pref))
		ipv6_dev_get_saddr(net, in, &fl6->daddr, 0, &fl6->saddr);
	return dst;
}

static struct sk_buff *build(struct net *net, const struct icmpguard_conf *c,
			     struct sk_buff *skb, struct dst_entry *dst,
			     struct flowi6 *fl6, u8 type, u8 code, u32 info)
{
	unsigned int quote, padded, ext = 0, hh, len;
	struct sk_buff *nskb;
	struct icmp6hdr *ih;
	struct ipv6hdr *ip6h;

	quote = min_t(unsigned int, skb->len, IPV6_MIN_MTU - ERR_HDRS);
	padded = quote;
	if (c->s.flags & ICMPGUARD_F_ERROR_EXTENSIONS &&
	    (type == ICMPV6_DEST_UNREACH || type == ICMPV6_TIME_EXCEED)) {
		ext = icmpguard_ext_len(skb->dev);
		quote = min_t(unsigned int, skb->len,
			      (IPV6_MIN_MTU - ERR_HDRS - ext) & ~7U);
		padded = max_t(unsigned int, ALIGN(quote, 8),
			       ICMPGUARD_EXT_QUOTE_MIN);
	}

	hh = LL_RESERVED_SPACE(dst->dev) + dst->header_len;
	nskb = alloc_skb(hh + ERR_HDRS + padded + ext, GFP_ATOMIC);
	if (!nskb)
		return NULL;
	skb_reserve(nskb, hh);
	skb_reset_network_header(nskb);
	ip6h = skb_put(nskb, sizeof(*ip6h));
	skb_set_transport_header(nskb, sizeof(*ip6h));
	ih = skb_put_zero(nskb, sizeof(*ih));
	if (skb_copy_bits(skb, 0, skb_put_zero(nskb, padded), quote)) {
		kfree_skb(nskb);
		return NULL;
	}
	ih->icmp6_type = type;
	ih->icmp6_code = code;
	ih->icmp6_pointer = htonl(info);	/* MTU, pointer, or 0 */
	if (ext) {
		/* RFC 4884 length, in 64-bit words, in the fifth byte. */
		((u8 *)ih)[4] = padded / 8;
		icmpguard_put_ext(skb_put(nskb, ext), ext, skb->dev);
	}
	len = nskb->len - sizeof(*ip6h);
	ih->icmp6_cksum = csum_ipv6_magic(&fl6->saddr, &fl6->daddr, len,
					  IPPROTO_ICMPV6,
					  csum_partial(ih, len, 0));

	ip6_flow_hdr(ip6h, 0,
		     ip6_make_flowlabel(net, nskb, 0,
					ip6_default_np_autolabel(net), fl6));
	ip6h->payload_len = htons(len);
	ip6h->nexthdr = IPPROTO_ICMPV6;
	ip6h->hop_limit = ip6_dst_hoplimit(dst);
	ip6h->saddr = fl6->saddr;
	ip6h->daddr = fl6->daddr;
	nskb->protocol = htons(ETH_P_IPV6);
	nskb->mark = fl6->flowi6_mark;
	return nskb;
}

void icmpguard_error6(struct icmpguard_net *ign,
		      const struct icmpguard_conf *c, struct sk_buff *skb,
		      u8 type, u8 code, u32 info,
		      const union icmpguard_addr *src)
{
	int slot = icmpguard_err_slot(ICMPGUARD_V6, type, code), why;
	struct net *net = ign->net;
	union icmpguard_addr dst6;
	struct dst_entry *dst;
	struct sk_buff *nskb;
	struct flowi6 fl6;
	bool shared;

	if (WARN_ON_ONCE(slot < 0))
		return;
	why = refusal(skb, type) ?:
	      icmpguard_err_allow(ign, c, ICMPGUARD_V6, slot, &shared);
	if (why)
		goto refused;
	memset(&fl6, 0, sizeof(fl6));
	source(net, c, skb, src, &fl6.saddr);
	dst = route(net, skb, &fl6, type, code);
	if (IS_ERR(dst)) {
		why = PTR_ERR(dst) == -EPERM ?
		      ICMPGUARD_CTR_ERR_REFUSED_BAD_SOURCE :
		      ICMPGUARD_CTR_ERRORS_FAILED;
		goto refused;
	}
	memset(&dst6, 0, sizeof(dst6));
	dst6.a6 = fl6.daddr;
	why = shared ? icmpguard_out_allow(ign, c, ICMPGUARD_V6, &dst6,
					   icmpguard_now(), true) : 0;
	if (why)
		goto put;
	nskb = build(net, c, skb, dst, &fl6, type, code, info);
	if (!nskb) {
		why = ICMPGUARD_CTR_ERRORS_FAILED;
		goto put;
	}
	icmpguard_err_send(ign, ICMPGUARD_V6, slot, skb, nskb, dst);
	return;
put:
	dst_release(dst);
refused:
	icmpguard_err_refused(ign, ICMPGUARD_V6, slot, why);
}
