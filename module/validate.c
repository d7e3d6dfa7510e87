// SPDX-License-Identifier: GPL-2.0
/*
 * The one place that decides whether an inbound ICMP datagram is well
 * formed. ip_rcv() already checked the IP header; nothing here relies on
 * that, because a length field that lies must cost a counter, not a crash.
 */

#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <net/ip.h>
#include "validate.h"

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

static enum type_class classify(u8 type)
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

bool icmpguard_bad_source(const struct sk_buff *skb, __be32 saddr)
{
	/* 0.0.0.0/8 whole: ipv4_is_zeronet() only matches 0.0.0.0 now. */
	if ((saddr & htonl(0xff000000)) == 0 || ipv4_is_multicast(saddr) ||
	    ipv4_is_lbcast(saddr))
		return true;
	/* 240.0.0.0/4, reserved (RFC 1112 4) */
	if ((saddr & htonl(0xf0000000)) == htonl(0xf0000000))
		return true;
	return ipv4_is_loopback(saddr) && !(skb->dev->flags & IFF_LOOPBACK);
}

enum icmpguard_drop icmpguard_validate(struct sk_buff *skb,
				       struct icmpguard_pkt *pkt)
{
	struct iphdr _iph, *iph;
	struct icmphdr _ih, *ih;
	unsigned int tot_len;

	pkt->len = 0;
	iph = skb_header_pointer(skb, 0, sizeof(_iph), &_iph);
	if (!iph)
		return ICMPGUARD_DROP_TRUNCATED;
	pkt->ihl = iph->ihl * 4;
	tot_len = ntohs(iph->tot_len);
	if (pkt->ihl < sizeof(*iph) || tot_len < pkt->ihl)
		return ICMPGUARD_DROP_BAD_LENGTH;
	if (skb->len < tot_len)
		return ICMPGUARD_DROP_TRUNCATED;
	/* ip_rcv() trims padding; anything left over is a lie. */
	if (skb->len > tot_len)
		return ICMPGUARD_DROP_BAD_LENGTH;
	pkt->len = tot_len - pkt->ihl;
	if (!pkt->len)
		return ICMPGUARD_DROP_TRUNCATED;

	ih = skb_header_pointer(skb, pkt->ihl, min_t(unsigned int, pkt->len,
						     sizeof(_ih)), &_ih);
	if (!ih) {
		pkt->len = 0;
		return ICMPGUARD_DROP_TRUNCATED;
	}
	pkt->type = ih->type;
	if (pkt->len < sizeof(_ih))
		return ICMPGUARD_DROP_TRUNCATED;
	pkt->code = ih->code;

	if (icmpguard_bad_source(skb, iph->saddr))
		return ICMPGUARD_DROP_BAD_SOURCE;
	if (nf_ip_checksum(skb, NF_INET_PRE_ROUTING, pkt->ihl, IPPROTO_ICMP))
		return ICMPGUARD_DROP_BAD_CHECKSUM;

	switch (classify(pkt->type)) {
	case T_UNKNOWN:
		return ICMPGUARD_DROP_UNKNOWN_TYPE;
	case T_DEPRECATED:
		return ICMPGUARD_DROP_DEPRECATED;
	case T_KNOWN:
		break;
	}
	if (pkt->len < min_len(pkt->type))
		return ICMPGUARD_DROP_BAD_LENGTH;
	return 0;
}
