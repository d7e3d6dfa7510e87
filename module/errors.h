/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_ERRORS_H
#define _ICMPGUARD_ERRORS_H

#include <linux/skbuff.h>

struct icmpguard_net;
struct icmpguard_config;

/*
 * The (type, code) pairs the module generates, each with its own budget
 * and counters: 3/0..15, 11/0..1, 12/0..2.
 */
#define ICMPGUARD_ERR_SLOTS	21

int icmpguard_err_slot(u8 type, u8 code);
void icmpguard_err_type_code(int slot, u8 *type, u8 *code);

/*
 * Sends the ICMP error (@type, @code, @info: the next-hop MTU of a
 * Fragmentation Needed) about @skb, an inbound datagram at PRE_ROUTING,
 * if the eligibility check and the budgets allow it. @saddr is the
 * error's source, or 0 for the configured error source or the address of
 * the interface @skb came in on. Never consumes @skb. Called with BH
 * disabled, under rcu_read_lock().
 */
void icmpguard_send_error(struct icmpguard_net *ign,
			  const struct icmpguard_config *cfg,
			  struct sk_buff *skb, u8 type, u8 code, u32 info,
			  __be32 saddr);

#endif /* _ICMPGUARD_ERRORS_H */
