/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_FAMILY_H
#define _ICMPGUARD_FAMILY_H

#include <linux/netfilter.h>
#include <linux/netfilter_bridge.h>
#include <linux/skbuff.h>
#include "addr.h"

/*
 * What each family does its own way, as nf_reject_ipv4.c and
 * nf_reject_ipv6.c split it: the hook and validation (ipv4.c, ipv6.c),
 * the responder (reply4.c, reply6.c), the error builder (error4.c,
 * error6.c) and router mode (router4.c, router6.c). Everything else is
 * shared.
 */

struct icmpguard_net;
struct icmpguard_conf;
struct icmpguard_pkt;

/*
 * br_netfilter gives a bridged frame a pass through PRE_ROUTING with the
 * bridge as its device, and skips the pass of its delivery up the stack
 * (ip_sabotage_in) except on an L3 master or slave device, where both
 * run: the bridge's pass is the one to act on, and a later one a repeat.
 */
static inline bool icmpguard_bridge_repeat(const struct sk_buff *skb)
{
#if IS_ENABLED(CONFIG_BRIDGE_NETFILTER)
	return nf_bridge_info_exists(skb) && !nf_bridge_in_prerouting(skb);
#else
	return false;
#endif
}

bool icmpguard_bad_source4(const struct sk_buff *skb, __be32 saddr);

extern const struct nf_hook_ops icmpguard_ipv4_ops;
extern const struct nf_hook_ops icmpguard_ipv6_ops;
extern const struct nf_hook_ops icmpguard_router4_ops;
extern const struct nf_hook_ops icmpguard_router6_ops;

/*
 * Answers the request @pkt: by the responder, or (@by_rule) by a reply
 * rule, from the request's destination. Returns the outcome: a reply
 * counter once the reply is on its way (the request became it),
 * ICMPGUARD_CTR_PASSED when the kernel must answer after all, a limit or
 * drop reason, or ICMPGUARD_OUT_CONTINUE when a reply rule does not
 * apply (and acts as accept).
 */
unsigned int icmpguard_respond4(struct icmpguard_pkt *pkt, bool by_rule);
unsigned int icmpguard_respond6(struct icmpguard_pkt *pkt, bool by_rule);

/*
 * Sends the error (@type, @code, @info: a next-hop MTU or a pointer)
 * about @skb, an inbound datagram at PRE_ROUTING, if its eligibility and
 * the budgets allow. @src is the error's source, NULL for the configured
 * error source or the kernel's choice. Never consumes @skb. BH disabled,
 * under RCU.
 */
void icmpguard_error4(struct icmpguard_net *ign,
		      const struct icmpguard_conf *c, struct sk_buff *skb,
		      u8 type, u8 code, u32 info,
		      const union icmpguard_addr *src);
void icmpguard_error6(struct icmpguard_net *ign,
		      const struct icmpguard_conf *c, struct sk_buff *skb,
		      u8 type, u8 code, u32 info,
		      const union icmpguard_addr *src);

/* Where the datagram goes (->dir, PKT_LOCAL...): after the flood limits. */
void icmpguard_classify4(struct icmpguard_pkt *pkt);
void icmpguard_classify6(struct icmpguard_pkt *pkt);

/*
 * The checks that come after the flood limits, as the kernel's receive
 * paths order them: the checksum, then the type and its length.
 */
unsigned int icmpguard_verify4(struct icmpguard_pkt *pkt);
unsigned int icmpguard_verify6(struct icmpguard_pkt *pkt);

/* What an IPv4 address is to this host: RTN_LOCAL, RTN_BROADCAST... */
unsigned int icmpguard_addr_type4(const struct net_device *dev, __be32 daddr);

/* The device the datagram would be forwarded out of, or NULL. */
const struct net_device *icmpguard_oif4(struct icmpguard_pkt *pkt);
const struct net_device *icmpguard_oif6(struct icmpguard_pkt *pkt);

/* At load, in process context: find IPv6 reassembly, if any. */
void icmpguard_ipv6_init(void);
void icmpguard_ipv6_exit(void);

/* RFC 8335: the reply's code and status, false if none is due. */
bool icmpguard_probe(struct net *net, const struct sk_buff *skb,
		     unsigned int off, unsigned int len, u8 *code, u8 *status);

#endif /* _ICMPGUARD_FAMILY_H */
