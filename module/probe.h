/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_PROBE_H
#define _ICMPGUARD_PROBE_H

#include <linux/skbuff.h>

/*
 * RFC 8335 extended echo: reads the Interface Identification Object that
 * starts at @off and says what the reply's code and status byte must be.
 * Returns false when the request must not be answered at all (it asks
 * this node to act as a proxy for another, which it does not do).
 */
bool icmpguard_probe(struct net *net, const struct sk_buff *skb,
		     unsigned int off, unsigned int len, u8 *code, u8 *status);

#endif /* _ICMPGUARD_PROBE_H */
