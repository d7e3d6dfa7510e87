/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_PIPELINE_H
#define _ICMPGUARD_PIPELINE_H

#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include "addr.h"

struct icmpguard_net;
struct icmpguard_conf;

/* Where a datagram goes and what it is, as its family's hook found. */
enum icmpguard_pkt_flags {
	PKT_LOCAL	= BIT(0),	/* to an address of this host */
	PKT_OWNED	= BIT(1),	/* to an owned prefix, not local */
	PKT_MCAST	= BIT(2),	/* to a broadcast or multicast address */
	PKT_ANYCAST	= BIT(3),	/* IPv6: to an anycast address here */
	PKT_LINK	= BIT(4),	/* ND, MLD, Packet Too Big, Frag Needed */
	PKT_KERNEL	= BIT(5),	/* options or extension headers */
	PKT_ROUTED	= BIT(6),	/* the hook gave the skb its route */
	PKT_OIF_KNOWN	= BIT(7),	/* ->oif is the route's device */
	PKT_CSUM_OK	= BIT(8),	/* the checksum was checked */
	PKT_SEGS_LEFT	= BIT(9),	/* IPv6: a Routing header not done */
};

/*
 * A datagram's context, computed once by its family's hook (where it is
 * going: once the flood limits let it on) and read by every stage.
 * PKT_LINK messages keep the link working: no flood bucket is charged
 * for them and no default policy, nor any rule that does not name their
 * type, catches them. PKT_KERNEL datagrams (IPv4 options,
 * IPv6 extension headers other than Hop-by-Hop) are filtered but never
 * answered here: the kernel processes what they ask for.
 */
struct icmpguard_pkt {
	struct sk_buff *skb;
	const struct nf_hook_state *state;
	struct icmpguard_net *ign;
	const struct icmpguard_conf *conf;
	u8 fam;				/* enum icmpguard_fam */
	u8 type, code;
	u8 dir;				/* enum icmpguard_dir */
	u16 flags;			/* enum icmpguard_pkt_flags */
	u16 thoff;			/* offset of the ICMP header */
	u32 len;			/* the ICMP message's length */
	union icmpguard_addr saddr, daddr;
	const struct net_device *oif;	/* with PKT_OIF_KNOWN */
};

/*
 * What became of a datagram: one counter of enum icmpguard_counter, or a
 * drop reason (ICMPGUARD_OUT_DROP), and with it the verdict.
 */
#define ICMPGUARD_OUT_CONTINUE		0
#define ICMPGUARD_OUT_DROP(reason)	(0x100 | (reason))
#define ICMPGUARD_OUT_IS_DROP(out)	((out) & 0x100)

/* From a validated datagram on: flood, rules, responder; counts once. */
unsigned int icmpguard_pipeline(struct icmpguard_pkt *pkt, unsigned int out);

/* The device a datagram would leave by (forward rules), or NULL. */
const struct net_device *icmpguard_pkt_oif(struct icmpguard_pkt *pkt);

#endif /* _ICMPGUARD_PIPELINE_H */
