// SPDX-License-Identifier: GPL-2.0
/*
 * The IPv4 hook: every inbound IPv4 datagram passes here, at PRE_ROUTING
 * before raw and conntrack, so a flood is counted and answered or dropped
 * before it costs a conntrack entry. Anything that is not ICMP leaves
 * after a compare, unless owned prefixes exist; then it is looked up,
 * since an owned address must answer UDP and other protocols as a host
 * would. ICMP fragments are reassembled here (as nf_defrag_ipv4 would,
 * but for ICMP only), so other traffic pays for no reassembly hook.
 *
 * The hook validates the headers, computes the datagram's context once
 * and hands it to the shared pipeline.
 */

#include <linux/icmp.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/udp.h>
#include <net/dst_metadata.h>
#include <net/ip.h>
#include <net/l3mdev.h>
#include <net/route.h>
#include "dstcache.h"
#include "family.h"
#include "netns.h"
#include "pfxset.h"
#include "pipeline.h"

/* Before raw (-300) and conntrack, after conntrack's reassembly (-400). */
#define ICMPGUARD_PRI	(NF_IP_PRI_CONNTRACK_DEFRAG + 50)

enum type_class { T_UNKNOWN, T_DEPRECATED, T_KNOWN };

/*
 * Minimum ICMP message length per type: the 8-byte header plus what the
 * type's body cannot do without. Errors must quote at least an IP header.
 */
static unsigned int min_len(u8 type)
{
	switch (type) {
	case ICMP_DEST_UNREACH:
	case ICMP_REDIRECT:
	case ICMP_TIME_EXCEEDED:
	case ICMP_PARAMETERPROB:
		return 8 + sizeof(struct iphdr);
	case ICMP_TIMESTAMP:
	case ICMP_TIMESTAMPREPLY:
		return 20;
	case 9:		/* router advertisement: at least one address */
		return 16;
	case ICMP_EXT_ECHO:	/* extension header and one object header */
		return 8 + 4 + 4;
	default:
		return 8;
	}
}

static enum type_class classify_type(u8 type)
{
	switch (type) {
	case ICMP_ECHOREPLY:
	case ICMP_DEST_UNREACH:
	case ICMP_REDIRECT:
	case ICMP_ECHO:
	case 9:			/* router advertisement, RFC 1256 */
	case 10:		/* router solicitation, RFC 1256 */
	case ICMP_TIME_EXCEEDED:
	case ICMP_PARAMETERPROB:
	case ICMP_TIMESTAMP:
	case ICMP_TIMESTAMPREPLY:
	case 40:		/* Photuris, RFC 2521 */
	case 41:		/* experimental mobility, RFC 4065 */
	case ICMP_EXT_ECHO:
	case ICMP_EXT_ECHOREPLY:
	case 253:		/* experiments, RFC 4727 */
	case 254:
		return T_KNOWN;
	case ICMP_SOURCE_QUENCH:	/* RFC 6633 */
	case 6:				/* RFC 6918 from here on */
	case ICMP_INFO_REQUEST:
	case ICMP_INFO_REPLY:
	case ICMP_ADDRESS:
	case ICMP_ADDRESSREPLY:
	case 30 ... 39:
		return T_DEPRECATED;
	default:
		return T_UNKNOWN;
	}
}

/*
 * 0/8 (ipv4_is_zeronet() is 0.0.0.0 only), 127/8 off loopback, multicast,
 * 240/4 and 255.255.255.255: no datagram comes from these, and no answer
 * goes to them.
 */
bool icmpguard_bad_source4(const struct sk_buff *skb, __be32 saddr)
{
	if ((saddr & htonl(0xff000000)) == 0 || ipv4_is_multicast(saddr) ||
	    ipv4_is_lbcast(saddr) ||
	    (saddr & htonl(0xf0000000)) == htonl(0xf0000000))
		return true;
	return ipv4_is_loopback(saddr) && !(skb->dev->flags & IFF_LOOPBACK);
}

/*
 * The header checks, cheap enough to come before the flood limits.
 * ip_rcv() already checked the IP header; nothing here relies on that,
 * because a length field that lies must cost a counter, not a crash.
 */
static unsigned int validate(struct sk_buff *skb, struct icmpguard_pkt *pkt)
{
	struct iphdr _iph, *iph;
	struct icmphdr _ih, *ih;
	unsigned int ihl, tot_len;

	iph = skb_header_pointer(skb, 0, sizeof(_iph), &_iph);
	if (!iph)
		return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_TRUNCATED);
	ihl = iph->ihl * 4;
	tot_len = ntohs(iph->tot_len);
	if (ihl < sizeof(*iph) || tot_len < ihl)
		return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_BAD_LENGTH);
	if (skb->len < tot_len)
		return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_TRUNCATED);
	/* ip_rcv() trims padding; anything left over is a lie. */
	if (skb->len > tot_len)
		return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_BAD_LENGTH);
	if (tot_len == ihl)
		return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_TRUNCATED);

	ih = skb_header_pointer(skb, ihl, min_t(unsigned int, tot_len - ihl,
						sizeof(_ih)), &_ih);
	if (!ih)
		return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_TRUNCATED);
	pkt->thoff = ihl;
	pkt->len = tot_len - ihl;
	pkt->type = ih->type;
	if (pkt->len < sizeof(_ih))
		return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_TRUNCATED);
	pkt->code = ih->code;
	if (ihl > sizeof(*iph))
		pkt->flags |= PKT_KERNEL;
	if (pkt->type == ICMP_DEST_UNREACH && pkt->code == ICMP_FRAG_NEEDED)
		pkt->flags |= PKT_LINK;
	if (icmpguard_bad_source4(skb, iph->saddr))
		return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_BAD_SOURCE);
	return ICMPGUARD_OUT_CONTINUE;
}

/* After the flood limits and the checksum, as icmp_rcv() orders them. */
unsigned int icmpguard_verify4(struct icmpguard_pkt *pkt)
{
	switch (classify_type(pkt->type)) {
	case T_UNKNOWN:
		return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_UNKNOWN_TYPE);
	case T_DEPRECATED:
		return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_DEPRECATED);
	case T_KNOWN:
		break;
	}
	if (pkt->len < min_len(pkt->type))
		return ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_BAD_LENGTH);
	return ICMPGUARD_OUT_CONTINUE;
}

struct type_query {
	struct net *net;
	__be32 daddr;
	u32 table;
};

static u32 type_lookup(const void *arg)
{
	const struct type_query *q = arg;

	return inet_addr_type_table(q->net, q->daddr, q->table);
}

/*
 * What @daddr is to this host, whichever interface has it, in the table
 * of @dev's VRF: RTN_LOCAL, RTN_BROADCAST, RTN_MULTICAST or RTN_UNICAST.
 * (inet_addr_type_dev_table() says unicast for an address of another
 * interface than @dev.)
 */
unsigned int icmpguard_addr_type4(const struct net_device *dev, __be32 daddr)
{
	struct type_query q = {
		.net = dev_net(dev),
		.daddr = daddr,
		.table = l3mdev_fib_table(dev) ?: RT_TABLE_LOCAL,
	};
	union icmpguard_addr a = {};

	a.a4 = daddr;
	return icmpguard_dst_cached(q.net, ICMPGUARD_V4, &a, q.table,
				    READ_ONCE(q.net->ipv4.fib_seq),
				    type_lookup, &q);
}

/*
 * Where the datagram is going: this host, its broadcasts, owned, transit.
 * Asked only once the flood limits let the datagram on: a flood costs no
 * table lookup.
 */
void icmpguard_classify4(struct icmpguard_pkt *pkt)
{
	struct sk_buff *skb = pkt->skb;
	__be32 daddr = pkt->daddr.a4;
	unsigned int type;

	if (ipv4_is_lbcast(daddr) || ipv4_is_multicast(daddr))
		type = RTN_MULTICAST;
	else if (skb_valid_dst(skb))
		type = skb_rtable(skb)->rt_type;
	else
		type = icmpguard_addr_type4(pkt->state->in, daddr);
	switch (type) {
	case RTN_LOCAL:
		pkt->flags |= PKT_LOCAL;
		break;
	case RTN_BROADCAST:
	case RTN_MULTICAST:
		pkt->flags |= PKT_MCAST;
		break;
	default:
		if (icmpguard_pfxset_any(pkt->conf->owned, ICMPGUARD_V4) &&
		    icmpguard_pfxset_match(pkt->conf->owned, ICMPGUARD_V4,
					   &pkt->daddr) >= 0)
			pkt->flags |= PKT_OWNED;
	}
	pkt->dir = pkt->flags & (PKT_LOCAL | PKT_MCAST | PKT_OWNED) ?
		   ICMPGUARD_DIR_INPUT : ICMPGUARD_DIR_FORWARD;
}

const struct net_device *icmpguard_oif4(struct icmpguard_pkt *pkt)
{
	struct sk_buff *skb = pkt->skb;
	const struct iphdr *iph = ip_hdr(skb);

	if (!skb_valid_dst(skb)) {
		if (ip_route_input_noref(skb, iph->daddr, iph->saddr,
					 iph->tos, skb->dev))
			return NULL;
		pkt->flags |= PKT_ROUTED;
	}
	return skb_dst(skb)->dev;
}

/*
 * A datagram the hook has seen already: the second pass through
 * PRE_ROUTING that vrf_ip_rcv() gives an L3 slave's traffic, or a repeat
 * of br_netfilter's pass (family.h).
 */
static bool seen(const struct sk_buff *skb)
{
	return IPCB(skb)->flags & IPSKB_L3SLAVE || icmpguard_bridge_repeat(skb);
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
static unsigned int owned_other(struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	struct icmpguard_net *ign = icmpguard_pernet(state->net);
	const struct icmpguard_conf *c = rcu_dereference(ign->conf);
	const struct iphdr *iph = ip_hdr(skb);
	union icmpguard_addr daddr = { .a4 = iph->daddr };
	u8 code;

	if (!icmpguard_pfxset_any(c->owned, ICMPGUARD_V4) ||
	    ip_is_fragment(iph) || seen(skb) ||
	    icmpguard_pfxset_match(c->owned, ICMPGUARD_V4, &daddr) < 0)
		return NF_ACCEPT;
	/* An address an interface has is the host's own: ssh must work. */
	if (icmpguard_addr_type4(state->in, iph->daddr) != RTN_UNICAST)
		return NF_ACCEPT;
	switch (iph->protocol) {
	case IPPROTO_TCP:
		icmpguard_count(ign->stats, ICMPGUARD_V4,
				ICMPGUARD_CTR_OWNED_TCP_DROPPED);
		return NF_DROP;
	case IPPROTO_UDP:
		if (!udp_ok(skb, iph->ihl * 4)) {
			icmpguard_count(ign->stats, ICMPGUARD_V4,
					ICMPGUARD_CTR_OWNED_BAD_UDP);
			return NF_DROP;
		}
		code = ICMP_PORT_UNREACH;
		break;
	default:
		code = ICMP_PROT_UNREACH;
	}
	icmpguard_count(ign->stats, ICMPGUARD_V4, ICMPGUARD_CTR_OWNED_UNREACH);
	icmpguard_error4(ign, c, skb, ICMP_DEST_UNREACH, code, 0, &daddr);
	return NF_DROP;
}

static unsigned int icmpguard_ipv4_in(void *priv, struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	struct icmpguard_pkt pkt = { .skb = skb, .state = state };
	int err;

	if (ip_hdr(skb)->protocol != IPPROTO_ICMP) {
		if (static_branch_unlikely(&icmpguard_owned_used))
			return owned_other(skb, state);
		return NF_ACCEPT;
	}
	if (seen(skb))
		return NF_ACCEPT;
	pkt.ign = icmpguard_pernet(state->net);
	if (unlikely(ip_is_fragment(ip_hdr(skb)))) {
		/* As nf_defrag_ipv4: reassembled, it leaves whole. */
		icmpguard_count(pkt.ign->stats, ICMPGUARD_V4,
				ICMPGUARD_CTR_FRAGMENTS);
		err = ip_defrag(state->net, skb, IP_DEFRAG_CONNTRACK_IN);
		if (err)
			return NF_STOLEN;
		skb->ignore_df = 1;
	}
	pkt.conf = rcu_dereference(pkt.ign->conf);
	pkt.fam = ICMPGUARD_V4;
	pkt.saddr.a4 = ip_hdr(skb)->saddr;
	pkt.daddr.a4 = ip_hdr(skb)->daddr;
	return icmpguard_pipeline(&pkt, validate(skb, &pkt));
}

const struct nf_hook_ops icmpguard_ipv4_ops = {
	.hook = icmpguard_ipv4_in,
	.pf = NFPROTO_IPV4,
	.hooknum = NF_INET_PRE_ROUTING,
	.priority = ICMPGUARD_PRI,
};
