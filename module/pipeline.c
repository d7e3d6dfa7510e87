// SPDX-License-Identifier: GPL-2.0
/*
 * The data path both families share: a validated datagram's context in,
 * a verdict out. It reads top to bottom:
 *
 *   flood limits -> where to -> checksum, type -> rules or policy -> responder
 *
 * and ends in exactly one outcome, counted here and nowhere else: so
 * every datagram counted in RX_PACKETS is counted once more, under a
 * drop reason or one of the outcome counters the uAPI lists.
 */

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/dst.h>
#include "family.h"
#include "flood.h"
#include "netns.h"
#include "pipeline.h"
#include "rules.h"

#define CONTINUE	ICMPGUARD_OUT_CONTINUE

static void count(const struct icmpguard_pkt *pkt, enum icmpguard_counter c)
{
	icmpguard_count(pkt->ign->stats, pkt->fam, c);
}

static bool echo_request(const struct icmpguard_pkt *pkt)
{
	return pkt->type == (pkt->fam == ICMPGUARD_V4 ? ICMP_ECHO :
			     ICMPV6_ECHO_REQUEST);
}

static bool request(const struct icmpguard_pkt *pkt)
{
	if (pkt->fam == ICMPGUARD_V4)
		return pkt->type == ICMP_ECHO || pkt->type == ICMP_TIMESTAMP ||
		       pkt->type == ICMP_EXT_ECHO;
	return pkt->type == ICMPV6_ECHO_REQUEST ||
	       pkt->type == ICMPV6_EXT_ECHO_REQUEST;
}

static unsigned int respond(struct icmpguard_pkt *pkt, bool by_rule)
{
	return pkt->fam == ICMPGUARD_V4 ? icmpguard_respond4(pkt, by_rule) :
					  icmpguard_respond6(pkt, by_rule);
}

/* An owned address rejects from itself, as a host would. */
static void reject(struct icmpguard_pkt *pkt, u8 code)
{
	const union icmpguard_addr *src = pkt->flags & PKT_OWNED ?
					  &pkt->daddr : NULL;

	if (pkt->fam == ICMPGUARD_V4)
		icmpguard_error4(pkt->ign, pkt->conf, pkt->skb,
				 ICMP_DEST_UNREACH, code, 0, src);
	else
		icmpguard_error6(pkt->ign, pkt->conf, pkt->skb,
				 ICMPV6_DEST_UNREACH, code, 0, src);
}

const struct net_device *icmpguard_pkt_oif(struct icmpguard_pkt *pkt)
{
	if (!(pkt->flags & PKT_OIF_KNOWN)) {
		pkt->oif = pkt->fam == ICMPGUARD_V4 ? icmpguard_oif4(pkt) :
						      icmpguard_oif6(pkt);
		pkt->flags |= PKT_OIF_KNOWN;
	}
	return pkt->oif;
}

static unsigned int verify(struct icmpguard_pkt *pkt)
{
	return pkt->fam == ICMPGUARD_V4 ? icmpguard_verify4(pkt) :
					  icmpguard_verify6(pkt);
}

/*
 * The checksum of a datagram to this host is checked before anything
 * acts on it; of one passing through, only if a reply rule answers it:
 * otherwise its destination checks it, as a router leaves it to.
 */
static unsigned int checksum(struct icmpguard_pkt *pkt)
{
	__sum16 bad;

	if (pkt->flags & PKT_CSUM_OK)
		return CONTINUE;
	pkt->flags |= PKT_CSUM_OK;
	if (pkt->fam == ICMPGUARD_V4)
		bad = nf_ip_checksum(pkt->skb, NF_INET_PRE_ROUTING, pkt->thoff,
				     IPPROTO_ICMP);
	else
		bad = nf_ip6_checksum(pkt->skb, NF_INET_PRE_ROUTING,
				      pkt->thoff, IPPROTO_ICMPV6);
	return bad ? ICMPGUARD_OUT_DROP(ICMPGUARD_DROP_BAD_CHECKSUM) :
		     CONTINUE;
}

static unsigned int policy(struct icmpguard_pkt *pkt)
{
	bool echo = echo_request(pkt) && pkt->dir == ICMPGUARD_DIR_INPUT;

	/* The link's own messages are caught only by rules naming them. */
	if (pkt->flags & PKT_LINK)
		return CONTINUE;
	switch (pkt->conf->s.policy[pkt->dir]) {
	case ICMPGUARD_POLICY_DROP:
		if (echo)
			count(pkt, ICMPGUARD_CTR_ECHO_DROPPED);
		return ICMPGUARD_CTR_POLICY_DROPPED;
	case ICMPGUARD_POLICY_REJECT:
		if (echo)
			count(pkt, ICMPGUARD_CTR_ECHO_REJECTED);
		reject(pkt, pkt->conf->s.reject_code[pkt->fam]);
		return ICMPGUARD_CTR_POLICY_REJECTED;
	}
	return CONTINUE;
}

/* Rules, then the default policy. */
static unsigned int filter(struct icmpguard_pkt *pkt)
{
	const struct icmpguard_ruleset *rs = pkt->conf->rules;
	unsigned int len = pkt->skb->len, out;
	struct icmpguard_rule *rule;
	bool ok;

	if (icmpguard_ruleset_empty(rs, pkt->fam, pkt->dir))
		return policy(pkt);
	rule = icmpguard_ruleset_lookup(rs, pkt);
	if (!rule)
		return policy(pkt);

	switch (rule->s.action) {
	case ICMPGUARD_ACT_DROP:
		icmpguard_rule_count(rule, len, false);
		return ICMPGUARD_CTR_RULE_DROPPED;
	case ICMPGUARD_ACT_REJECT:
		icmpguard_rule_count(rule, len, false);
		reject(pkt, rule->s.reject_code);
		return ICMPGUARD_CTR_RULE_REJECTED;
	case ICMPGUARD_ACT_LIMIT:
		ok = icmpguard_rule_limit(&pkt->ign->rules, rule, pkt,
					  icmpguard_now());
		icmpguard_rule_count(rule, len, !ok);
		if (ok)
			break;
		if (rule->s.limit_flags & ICMPGUARD_LIMIT_F_REJECT)
			reject(pkt, rule->s.reject_code);
		return ICMPGUARD_CTR_RULE_LIMITED;
	case ICMPGUARD_ACT_REPLY:
		icmpguard_rule_count(rule, len, false);
		if (!request(pkt) || pkt->flags & PKT_KERNEL)
			break;
		out = checksum(pkt);
		if (out != CONTINUE)
			return out;
		out = respond(pkt, true);
		if (out == CONTINUE)
			break;
		count(pkt, ICMPGUARD_CTR_RULE_REPLIED);
		return out;
	default:
		icmpguard_rule_count(rule, len, false);
	}
	count(pkt, ICMPGUARD_CTR_RULE_ACCEPTED);
	return CONTINUE;
}

static unsigned int verdict(struct icmpguard_pkt *pkt, unsigned int out)
{
	switch (out) {
	case ICMPGUARD_CTR_PASSED:
		/* Later PRE_ROUTING hooks may still change what routing sees. */
		if (pkt->flags & PKT_ROUTED)
			skb_dst_drop(pkt->skb);
		return NF_ACCEPT;
	case ICMPGUARD_CTR_ECHO_REPLIES:
	case ICMPGUARD_CTR_TIMESTAMP_REPLIES:
	case ICMPGUARD_CTR_PROBE_REPLIES:
		return NF_STOLEN;	/* the request became the reply */
	}
	return NF_DROP;
}

unsigned int icmpguard_pipeline(struct icmpguard_pkt *pkt, unsigned int out)
{
	icmpguard_count_pkt(pkt->ign->stats, pkt->fam, true, pkt->len > 0,
			    pkt->type, pkt->skb->len);

	if (out == CONTINUE && !(pkt->flags & PKT_LINK))
		out = icmpguard_flood_check(pkt);
	if (out == CONTINUE) {
		if (pkt->fam == ICMPGUARD_V4)
			icmpguard_classify4(pkt);
		else
			icmpguard_classify6(pkt);
	}
	if (out == CONTINUE && pkt->dir == ICMPGUARD_DIR_INPUT)
		out = checksum(pkt);
	if (out == CONTINUE)
		out = verify(pkt);
	if (out == CONTINUE)
		out = filter(pkt);
	if (out == CONTINUE && pkt->conf->s.flags & ICMPGUARD_F_RESPONDER &&
	    request(pkt) && pkt->dir == ICMPGUARD_DIR_INPUT &&
	    !(pkt->flags & PKT_KERNEL))
		out = respond(pkt, false);
	if (out == CONTINUE)
		out = ICMPGUARD_CTR_PASSED;

	if (ICMPGUARD_OUT_IS_DROP(out))
		icmpguard_count_drop(pkt->ign->stats, pkt->fam, out & 0xff);
	else
		count(pkt, out);
	return verdict(pkt, out);
}
