// SPDX-License-Identifier: GPL-2.0
/*
 * The IPv6 hook, the twin of ipv4.c: at PRE_ROUTING before raw and
 * conntrack. A datagram whose first header is not ICMPv6 or an extension
 * header leaves after a compare; the extension header chain is walked
 * only when there is one. Fragments that may carry ICMPv6 are reassembled
 * here with nf_defrag_ipv6's reassembler, found at load time so that
 * icmpguard loads alone, and without its hook, so other traffic pays for
 * no reassembly; without it, they are left to the kernel.
 *
 * Neighbor Discovery and MLD are validated as the kernel judges them and
 * then never limited; they are what keeps the link alive.
 */

#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv6.h>
#include <linux/udp.h>
#include <net/addrconf.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/ipv6_frag.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>
#include "dstcache.h"
#include "family.h"
#include "netns.h"
#include "pfxset.h"
#include "pipeline.h"

#define ICMPGUARD_PRI6	(NF_IP6_PRI_CONNTRACK_DEFRAG + 50)

/* nf_defrag_ipv6's reassembler, when it could be loaded. */
static int (*gather)(struct net *net, struct sk_buff *skb, u32 user)
	__read_mostly;

/* What the extension header chain says. */
struct chain {
	unsigned int thoff;	/* the upper-layer header */
	unsigned int nhoff;	/* the byte naming it */
	u8 proto;
	bool frag;		/* a Fragment header */
	bool later;		/* ... of a non-first fragment */
	bool other;		/* a header other than Hop-by-Hop */
	bool segs_left;		/* a Routing header not done yet */
};

/* 0, or -1 when the chain runs past the datagram. */
static int walk(const struct sk_buff *skb, struct chain *c)
{
	unsigned int off = sizeof(struct ipv6hdr), len;
	u8 next = ipv6_hdr(skb)->nexthdr;

	memset(c, 0, sizeof(*c));
	c->nhoff = offsetof(struct ipv6hdr, nexthdr);
	while (ipv6_ext_hdr(next) && next != NEXTHDR_NONE) {
		struct ipv6_opt_hdr _h, *h;
		struct frag_hdr _fh, *fh;
		struct ipv6_rt_hdr _rh, *rh;

		h = skb_header_pointer(skb, off, sizeof(_h), &_h);
		if (!h)
			return -1;
		len = ipv6_optlen(h);
		switch (next) {
		case NEXTHDR_HOP:
			c->other |= off != sizeof(struct ipv6hdr);
			break;
		case NEXTHDR_FRAGMENT:
			fh = skb_header_pointer(skb, off, sizeof(_fh), &_fh);
			if (!fh)
				return -1;
			c->frag = true;
			len = sizeof(*fh);
			/* What follows is the middle of a datagram. */
			if (fh->frag_off & htons(IP6_OFFSET)) {
				c->later = true;
				c->nhoff = off;
				c->proto = fh->nexthdr;
				c->thoff = off + len;
				return 0;
			}
			break;
		case NEXTHDR_AUTH:
			len = ipv6_authlen(h);
			c->other = true;
			break;
		case NEXTHDR_ROUTING:
			rh = skb_header_pointer(skb, off, sizeof(_rh), &_rh);
			if (!rh)
				return -1;
			c->segs_left |= rh->segments_left;
			fallthrough;
		default:
			c->other = true;
		}
		c->nhoff = off;
		next = h->nexthdr;
		off += len;
	}
	c->proto = next;
	c->thoff = off;
	return off <= skb->len ? 0 : -1;
}

static bool nd(u8 type)
{
	switch (type) {
	case NDISC_ROUTER_SOLICITATION ... NDISC_REDIRECT:
	case 141 ... 142:	/* inverse ND, RFC 3122 */
	case 148 ... 149:	/* SEND certification paths, RFC 3971 */
		return true;
	}
	return false;
}

static bool mld(u8 type)
{
	return (type >= ICMPV6_MGM_QUERY && type <= ICMPV6_MGM_REDUCTION) ||
	       type == ICMPV6_MLD2_REPORT;
}

/* RFC 4443 2.1: types 0-127 are errors, 128-255 informational. */
static bool known(u8 type)
{
	switch (type) {
	case 0 ... 127:
	case ICMPV6_ECHO_REQUEST ... 149:	/* through SEND */
	case 151 ... 161:	/* multicast router discovery .. PROBE */
	case 200 ... 201:	/* private experimentation */
		return true;
	}
	return false;
}

static unsigned int min_len(u8 type)
{
	switch (type) {
	case ICMPV6_DEST_UNREACH ... ICMPV6_PARAMPROB:
		return 8 + sizeof(struct ipv6hdr);
	case ICMPV6_MGM_QUERY ... ICMPV6_MGM_REDUCTION:
	case NDISC_NEIGHBOUR_SOLICITATION:
	case NDISC_NEIGHBOUR_ADVERTISEMENT:
		return 24;
	case NDISC_ROUTER_ADVERTISEMENT:
		return 16;
	case NDISC_REDIRECT:
		return 40;
	case ICMPV6_EXT_ECHO_REQUEST:
		return 8 + 4 + 4;
	}
	return 8;
}

/*
 * :: is a source only where RFC 4861 and RFC 3810 allow it: a Router
 * Solicitation, DAD's Neighbor Solicitation (to a solicited-node
 * group), an MLD report.
 */
static bool unspecified_ok(const struct icmpguard_pkt *pkt)
{
	switch (pkt->type) {
	case NDISC_ROUTER_SOLICITATION:
	case ICMPV6_MGM_REPORT:
	case ICMPV6_MGM_REDUCTION:
	case ICMPV6_MLD2_REPORT:
		return true;
	case NDISC_NEIGHBOUR_SOLICITATION:
		return ipv6_addr_is_solict_mult(&pkt->daddr.a6);
	}
	return false;
}

static bool bad_source(const struct sk_buff *skb,
		       const struct icmpguard_pkt *pkt)
{
	const struct in6_addr *s = &pkt->saddr.a6;

	if (ipv6_addr_any(s))
		return !unspecified_ok(pkt);
	return ipv6_addr_is_multicast(s) || ipv6_addr_v4mapped(s) ||
	       (ipv6_addr_loopback(s) && !(skb->dev->flags & IFF_LOOPBACK));
}

/* As ndisc_rcv() and the MLD receive paths judge them. */
static unsigned int link_checks(const struct sk_buff *skb,
				const struct icmpguard_pkt *pkt)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	int st = ipv6_addr_type(&pkt->saddr.a6);

	if (nd(pkt->type) &&
	    (ip6h->hop_limit != 255 || pkt->code || IP6CB(skb)->frag_max_size))
		return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_BAD_ND);
	if (pkt->type == ICMPV6_MGM_QUERY &&
	    (!(st & IPV6_ADDR_LINKLOCAL) || ip6h->hop_limit != 1))
		return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_BAD_MLD);
	if (mld(pkt->type) && pkt->type != ICMPV6_MGM_QUERY &&
	    st != IPV6_ADDR_ANY && !(st & IPV6_ADDR_LINKLOCAL))
		return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_BAD_MLD);
	return ICMPGUARD_OUT_CONTINUE;
}

/* The header checks, before the flood limits. */
static unsigned int validate(struct sk_buff *skb, struct icmpguard_pkt *pkt,
			     const struct chain *c)
{
	struct icmp6hdr _ih, *ih;

	/* A jumbogram's length lives in Hop-by-Hop: no ICMPv6 needs one. */
	if (!ipv6_hdr(skb)->payload_len &&
	    ipv6_hdr(skb)->nexthdr == NEXTHDR_HOP)
		return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_BAD_EXTHDR);
	pkt->thoff = c->thoff;
	if (skb->len <= c->thoff)
		return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_TRUNCATED);
	ih = skb_header_pointer(skb, c->thoff,
				min_t(unsigned int, skb->len - c->thoff,
				      sizeof(_ih)), &_ih);
	if (!ih)
		return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_TRUNCATED);
	pkt->len = skb->len - c->thoff;
	pkt->type = ih->icmp6_type;
	if (pkt->len < sizeof(_ih))
		return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_TRUNCATED);
	pkt->code = ih->icmp6_code;
	if (c->other)
		pkt->flags |= PKT_KERNEL;
	if (c->segs_left)
		pkt->flags |= PKT_SEGS_LEFT;
	if (nd(pkt->type) || mld(pkt->type) ||
	    pkt->type == ICMPV6_PKT_TOOBIG)
		pkt->flags |= PKT_LINK;
	if (bad_source(skb, pkt))
		return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_BAD_SOURCE);
	return link_checks(skb, pkt);
}

/* After the flood limits and the checksum, as icmpv6_rcv() orders them. */
unsigned int icmpguard_verify6(struct icmpguard_pkt *pkt)
{
	/* An unknown error goes up (RFC 4443 2.4(b)), informational not. */
	if (!known(pkt->type))
		return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_UNKNOWN_TYPE);
	if (pkt->len < min_len(pkt->type))
		return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_BAD_LENGTH);
	return ICMPGUARD_OUT_CONTINUE;
}

/* The route the kernel will look up for the datagram; release it. */
static struct dst_entry *input_route(const struct sk_buff *skb,
				     const struct net_device *in)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct flowi6 fl6 = {
		.flowi6_iif = in->ifindex,
		.daddr = ip6h->daddr,
		.saddr = ip6h->saddr,
		.flowlabel = ip6_flowinfo(ip6h),
		.flowi6_mark = skb->mark,
		.flowi6_proto = ip6h->nexthdr,
	};

	return ip6_route_input_lookup(dev_net(in), (struct net_device *)in,
				      &fl6, skb, RT6_LOOKUP_F_HAS_SADDR);
}

static u32 route_lookup(const void *arg)
{
	const struct icmpguard_pkt *pkt = arg;
	struct dst_entry *dst;
	u32 flags;

	dst = input_route(pkt->skb, pkt->state->in);
	flags = dst->error ? 0 : dst_rt6_info(dst)->rt6i_flags &
				 (RTF_LOCAL | RTF_ANYCAST);
	dst_release(dst);
	return flags;
}

/*
 * The flags of the input route (RTF_LOCAL, RTF_ANYCAST), not
 * ipv6_anycast_destination(): its guess that a prefix's first address is
 * anycast is for output; on input, a host that does not forward has no
 * Subnet-Router anycast address, and the kernel drops it. Policy rules
 * may look at the source or the mark to decide where the local table is
 * consulted: with any, the answer is not the destination's alone and is
 * not cached.
 */
static u32 route_flags(struct icmpguard_pkt *pkt)
{
	struct net *net = pkt->state->net;

	if (fib6_has_custom_rules(net))
		return route_lookup(pkt);
	return icmpguard_dst_cached(net, ICMPGUARD_V6, &pkt->daddr,
				    pkt->state->in->ifindex,
				    atomic_read(&net->ipv6.fib6_sernum),
				    route_lookup, pkt);
}

/* As icmpguard_classify4(), after the flood limits. */
void icmpguard_classify6(struct icmpguard_pkt *pkt)
{
	const struct in6_addr *daddr = &pkt->daddr.a6;
	u32 flags;

	if (ipv6_addr_is_multicast(daddr)) {
		pkt->flags |= PKT_MCAST;
	} else {
		flags = route_flags(pkt);
		if (flags & RTF_ANYCAST)
			pkt->flags |= PKT_ANYCAST;
		else if (flags & RTF_LOCAL)
			pkt->flags |= PKT_LOCAL;
		else if (icmpguard_pfxset_any(pkt->conf->owned, ICMPGUARD_V6) &&
			 icmpguard_pfxset_match(pkt->conf->owned, ICMPGUARD_V6,
						&pkt->daddr) >= 0)
			pkt->flags |= PKT_OWNED;
	}
	/* A Routing header with segments left sends it on. */
	if (pkt->flags & PKT_SEGS_LEFT)
		pkt->flags &= ~(PKT_LOCAL | PKT_ANYCAST | PKT_OWNED);
	pkt->dir = pkt->flags & (PKT_LOCAL | PKT_MCAST | PKT_ANYCAST |
				 PKT_OWNED) ?
		   ICMPGUARD_DIR_INPUT : ICMPGUARD_DIR_FORWARD;
}

const struct net_device *icmpguard_oif6(struct icmpguard_pkt *pkt)
{
	struct dst_entry *dst = input_route(pkt->skb, pkt->state->in);
	const struct net_device *out = dst->error ? NULL : dst->dev;

	dst_release(dst);
	return out;
}

/* As in ipv4.c: the second pass of VRF and of br_netfilter. */
static bool seen(const struct sk_buff *skb, const struct nf_hook_state *state)
{
	return IP6CB(skb)->flags & IP6SKB_L3SLAVE ||
	       (netif_is_l3_master(state->in) && skb->dev != state->in) ||
	       icmpguard_bridge_repeat(skb);
}

/* RFC 8200 8.1: a UDP checksum of zero is no checksum, and invalid. */
static bool udp_ok(struct sk_buff *skb, unsigned int thoff)
{
	struct udphdr _uh;
	const struct udphdr *uh;

	uh = skb_header_pointer(skb, thoff, sizeof(_uh), &_uh);
	if (!uh || ntohs(uh->len) < sizeof(*uh) ||
	    ntohs(uh->len) > skb->len - thoff || !uh->check)
		return false;
	return !nf_ip6_checksum(skb, NF_INET_PRE_ROUTING, thoff, IPPROTO_UDP);
}

/*
 * Not ICMPv6, to an owned address: as a host with nothing listening,
 * Port Unreachable for UDP, Parameter Problem code 1 at the Next Header
 * byte for other protocols (RFC 8200 4), nothing for TCP.
 */
static unsigned int owned_other(struct sk_buff *skb,
				const struct nf_hook_state *state,
				const struct chain *c)
{
	struct icmpguard_net *ign = icmpguard_pernet(state->net);
	const struct icmpguard_conf *conf = rcu_dereference(ign->conf);
	union icmpguard_addr daddr = { .a6 = ipv6_hdr(skb)->daddr };
	u8 type = ICMPV6_DEST_UNREACH, code = ICMPV6_PORT_UNREACH;
	u32 info = 0;

	if (!icmpguard_pfxset_any(conf->owned, ICMPGUARD_V6) || c->frag ||
	    c->proto == NEXTHDR_NONE || seen(skb, state) ||
	    icmpguard_pfxset_match(conf->owned, ICMPGUARD_V6, &daddr) < 0 ||
	    ipv6_chk_addr(state->net, &daddr.a6, NULL, 0))
		return NF_ACCEPT;
	switch (c->proto) {
	case IPPROTO_TCP:
		icmpguard_count(ign->stats, ICMPGUARD_V6,
				ICMPGUARD_CTR_OWNED_TCP_DROPPED);
		return NF_DROP;
	case IPPROTO_UDP:
		if (!udp_ok(skb, c->thoff)) {
			icmpguard_count(ign->stats, ICMPGUARD_V6,
					ICMPGUARD_CTR_OWNED_BAD_UDP);
			return NF_DROP;
		}
		break;
	default:
		type = ICMPV6_PARAMPROB;
		code = ICMPV6_UNK_NEXTHDR;
		info = c->nhoff;
	}
	icmpguard_count(ign->stats, ICMPGUARD_V6, ICMPGUARD_CTR_OWNED_UNREACH);
	icmpguard_error6(ign, conf, skb, type, code, info, &daddr);
	return NF_DROP;
}

static unsigned int icmpguard_ipv6_in(void *priv, struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	struct icmpguard_pkt pkt = { .skb = skb, .state = state };
	u8 next = ipv6_hdr(skb)->nexthdr;
	struct chain c;
	int err;

	if (next != IPPROTO_ICMPV6 && !ipv6_ext_hdr(next)) {
		if (static_branch_unlikely(&icmpguard_owned_used)) {
			c = (struct chain){ .proto = next,
					    .thoff = sizeof(struct ipv6hdr),
					    .nhoff = offsetof(struct ipv6hdr,
							      nexthdr) };
			return owned_other(skb, state, &c);
		}
		return NF_ACCEPT;
	}
	if (seen(skb, state))
		return NF_ACCEPT;
	if (walk(skb, &c))
		return NF_ACCEPT;	/* the kernel's to refuse */
	if (c.frag && (c.proto == IPPROTO_ICMPV6 || ipv6_ext_hdr(c.proto))) {
		icmpguard_count(icmpguard_pernet(state->net)->stats,
				ICMPGUARD_V6, ICMPGUARD_CTR_FRAGMENTS);
		if (!gather)
			return NF_ACCEPT;
		err = gather(state->net, skb, IP6_DEFRAG_CONNTRACK_IN);
		if (err == -EINPROGRESS)
			return NF_STOLEN;
		if (err || walk(skb, &c))
			return NF_DROP;
	}
	if (c.proto != IPPROTO_ICMPV6) {
		if (static_branch_unlikely(&icmpguard_owned_used))
			return owned_other(skb, state, &c);
		return NF_ACCEPT;
	}

	pkt.ign = icmpguard_pernet(state->net);
	pkt.conf = rcu_dereference(pkt.ign->conf);
	pkt.fam = ICMPGUARD_V6;
	pkt.saddr.a6 = ipv6_hdr(skb)->saddr;
	pkt.daddr.a6 = ipv6_hdr(skb)->daddr;
	return icmpguard_pipeline(&pkt, validate(skb, &pkt, &c));
}

const struct nf_hook_ops icmpguard_ipv6_ops = {
	.hook = icmpguard_ipv6_in,
	.pf = NFPROTO_IPV6,
	.hooknum = NF_INET_PRE_ROUTING,
	.priority = ICMPGUARD_PRI6,
};

/* Process context, at load: reassembly, if the kernel has it. */
void icmpguard_ipv6_init(void)
{
	if (!ipv6_mod_enabled())
		return;
	gather = symbol_request(nf_ct_frag6_gather);
	if (!gather)
		pr_info("nf_defrag_ipv6 unavailable: ICMPv6 fragments are left to the kernel\n");
}

void icmpguard_ipv6_exit(void)
{
	if (gather)
		symbol_put(nf_ct_frag6_gather);
}
