/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_OUTPUT_H
#define _ICMPGUARD_OUTPUT_H

#include <linux/skbuff.h>
#include "addr.h"

struct icmpguard_net;
struct icmpguard_conf;
struct flowi4;
struct flowi6;
struct rtable;

/*
 * The way out for everything the module sends, replies and errors of
 * both families: the outbound budgets, the route back to the peer, and
 * the send.
 */

/* 0 when a datagram to @dst may go, else the counter of what refused. */
int icmpguard_out_allow(struct icmpguard_net *ign,
			const struct icmpguard_conf *c, int fam,
			const union icmpguard_addr *dst, u64 now, bool error);

/* The slots of the errors each family generates, with their budgets. */
int icmpguard_err_slot(int fam, u8 type, u8 code);
bool icmpguard_err_type_code(int fam, int slot, u8 *type, u8 *code);
/*
 * 0 when error @slot's own bucket lets it go, else the counter of what
 * refused; *@shared says whether the shared budgets apply to it too.
 */
int icmpguard_err_allow(struct icmpguard_net *ign,
			const struct icmpguard_conf *c, int fam, int slot,
			bool *shared);

/*
 * The route to @fl's destination, the source of @in (which arrived on
 * in->dev), or an ERR_PTR: -EPERM when nothing may be sent there (a
 * local, broadcast, multicast or anycast address, or one the ingress
 * interface's reverse-path filter refuses), as the kernel refuses such
 * sources on input.
 */
struct rtable *icmpguard_route4(struct net *net, const struct sk_buff *in,
				struct flowi4 *fl4);
struct dst_entry *icmpguard_route6(struct net *net, const struct sk_buff *in,
				   struct flowi6 *fl6);

/* Counts an error not sent, and why. */
void icmpguard_err_refused(struct icmpguard_net *ign, int fam, int slot,
			   int why);
/* Counts and sends error @skb, about datagram @about, along @dst. */
void icmpguard_err_send(struct icmpguard_net *ign, int fam, int slot,
			const struct sk_buff *about, struct sk_buff *skb,
			struct dst_entry *dst);

/* Sends @skb, whose network header is complete, along @dst. */
void icmpguard_xmit(struct net *net, struct sk_buff *skb,
		    struct dst_entry *dst, int fam);

#endif /* _ICMPGUARD_OUTPUT_H */
