/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_VALIDATE_H
#define _ICMPGUARD_VALIDATE_H

#include <linux/skbuff.h>
#include "uapi/icmpguard.h"

/* What validation learnt about a datagram; later stages trust it. */
struct icmpguard_pkt {
	unsigned int ihl;	/* IP header length, bytes */
	unsigned int len;	/* ICMP message length, bytes */
	u8 type;
	u8 code;
};

/*
 * Returns 0 when the datagram is well formed ICMP from a valid source, or
 * the reason to drop it. pkt->type is valid whenever pkt->len > 0.
 */
enum icmpguard_drop icmpguard_validate(struct sk_buff *skb,
				       struct icmpguard_pkt *pkt);

bool icmpguard_bad_source(const struct sk_buff *skb, __be32 saddr);

#endif /* _ICMPGUARD_VALIDATE_H */
