/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_RESPONDER_H
#define _ICMPGUARD_RESPONDER_H

#include <linux/skbuff.h>
#include "netns.h"
#include "validate.h"

/*
 * Answers an echo, timestamp or extended echo request from the hook,
 * turning the request's own buffer into the reply. @saddr is the reply's
 * source. Returns the netfilter verdict for the request: NF_STOLEN once
 * the reply is on its way, NF_DROP when the reply budget refused it,
 * NF_ACCEPT (untouched) when no reply could be built.
 */
unsigned int icmpguard_respond(struct icmpguard_net *ign,
			       const struct icmpguard_config *cfg,
			       struct sk_buff *skb,
			       const struct icmpguard_pkt *pkt, __be32 saddr);

#endif /* _ICMPGUARD_RESPONDER_H */
