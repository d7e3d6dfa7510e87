// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "icmpguard"; uapi/icmpguard.h is its
 * specification. All attribute parsing and filling lives here: the rest
 * of the module sees plain structures. Every change command is a batch
 * (conf.c) of one or more changes, so a refused change changes nothing.
 */

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include "netlink.h"
#include "netns.h"
#include "output.h"
#include "pfxset.h"
#include "rules.h"

static struct genl_family icmpguard_family;

/* ---- policies --------------------------------------------------------- */

static struct netlink_range_validation rate_range = {
	.max = NSEC_PER_SEC,
};

static struct netlink_range_validation limit_range = {
	.min = 1,
	.max = NSEC_PER_SEC,
};

static struct netlink_range_validation sources_range = {
	.min = 16,
	.max = 1U << 20,
};

#define FAMILY_POLICY	NLA_POLICY_RANGE(NLA_U8, AF_INET, AF_INET6)

static const struct nla_policy pfx_policy[ICMPGUARD_PFX_A_MAX + 1] = {
	[ICMPGUARD_PFX_A_ADDR] = { .type = NLA_BE32 },
	[ICMPGUARD_PFX_A_ADDR6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[ICMPGUARD_PFX_A_PLEN] = NLA_POLICY_MAX(NLA_U8, 128),
};

static const struct nla_policy rule_policy[ICMPGUARD_RULE_A_MAX + 1] = {
	[ICMPGUARD_RULE_A_FAMILY] = FAMILY_POLICY,
	[ICMPGUARD_RULE_A_DIR] = NLA_POLICY_MAX(NLA_U8, ICMPGUARD_DIR_MAX),
	[ICMPGUARD_RULE_A_TYPES] = NLA_POLICY_EXACT_LEN(32),
	[ICMPGUARD_RULE_A_CODES] = NLA_POLICY_EXACT_LEN(32),
	[ICMPGUARD_RULE_A_SRC] = NLA_POLICY_NESTED(pfx_policy),
	[ICMPGUARD_RULE_A_DST] = NLA_POLICY_NESTED(pfx_policy),
	[ICMPGUARD_RULE_A_IIF] = { .type = NLA_NUL_STRING,
				   .len = IFNAMSIZ - 1 },
	[ICMPGUARD_RULE_A_OIF] = { .type = NLA_NUL_STRING,
				   .len = IFNAMSIZ - 1 },
	[ICMPGUARD_RULE_A_LEN_MIN] = { .type = NLA_U16 },
	[ICMPGUARD_RULE_A_LEN_MAX] = { .type = NLA_U16 },
	[ICMPGUARD_RULE_A_ACTION] = NLA_POLICY_MAX(NLA_U8, ICMPGUARD_ACT_MAX),
	[ICMPGUARD_RULE_A_REJECT_CODE] = NLA_POLICY_MAX(NLA_U8, 15),
	[ICMPGUARD_RULE_A_LIMIT_RATE] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &limit_range),
	[ICMPGUARD_RULE_A_LIMIT_BURST] = NLA_POLICY_MIN(NLA_U32, 1),
	[ICMPGUARD_RULE_A_LIMIT_FLAGS] =
		NLA_POLICY_MASK(NLA_U32, __ICMPGUARD_LIMIT_F_ALL),
	[ICMPGUARD_RULE_A_LIMIT_PLEN] = NLA_POLICY_RANGE(NLA_U8, 1, 64),
};

static const struct nla_policy erate_policy[ICMPGUARD_ERATE_A_MAX + 1] = {
	[ICMPGUARD_ERATE_A_FAMILY] = FAMILY_POLICY,
	[ICMPGUARD_ERATE_A_TYPE] = { .type = NLA_U8 },
	[ICMPGUARD_ERATE_A_CODE] = NLA_POLICY_MAX(NLA_U8, 15),
	[ICMPGUARD_ERATE_A_RATE] = NLA_POLICY_FULL_RANGE(NLA_U32, &rate_range),
	[ICMPGUARD_ERATE_A_BURST] = NLA_POLICY_MIN(NLA_U32, 1),
};

#define RATE_POLICY	NLA_POLICY_FULL_RANGE(NLA_U32, &rate_range)
#define BURST_POLICY	NLA_POLICY_MIN(NLA_U32, 1)

static const struct nla_policy cfg_policy[ICMPGUARD_CFG_A_MAX + 1] = {
	[ICMPGUARD_CFG_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, __ICMPGUARD_F_ALL),
	[ICMPGUARD_CFG_A_FLAGS_MASK] =
		NLA_POLICY_MASK(NLA_U32, __ICMPGUARD_F_ALL),
	[ICMPGUARD_CFG_A_REPLY_RATE] = RATE_POLICY,
	[ICMPGUARD_CFG_A_REPLY_BURST] = BURST_POLICY,
	[ICMPGUARD_CFG_A_DEST_RATE] = RATE_POLICY,
	[ICMPGUARD_CFG_A_DEST_BURST] = BURST_POLICY,
	[ICMPGUARD_CFG_A_POLICY] = NLA_POLICY_MAX(NLA_U8, ICMPGUARD_POLICY_MAX),
	[ICMPGUARD_CFG_A_FORWARD_POLICY] =
		NLA_POLICY_MAX(NLA_U8, ICMPGUARD_POLICY_MAX),
	[ICMPGUARD_CFG_A_REJECT_CODE] = NLA_POLICY_MAX(NLA_U8, 15),
	[ICMPGUARD_CFG_A_REJECT_CODE6] =
		NLA_POLICY_MAX(NLA_U8, ICMPV6_REJECT_ROUTE),
	[ICMPGUARD_CFG_A_ERROR_SOURCE] = { .type = NLA_BE32 },
	[ICMPGUARD_CFG_A_ERROR_SOURCE6] =
		NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[ICMPGUARD_CFG_A_ERROR_RATES] = NLA_POLICY_NESTED_ARRAY(erate_policy),
	[ICMPGUARD_CFG_A_FLOOD_RATE] = RATE_POLICY,
	[ICMPGUARD_CFG_A_FLOOD_BURST] = BURST_POLICY,
	[ICMPGUARD_CFG_A_FLOOD_PLEN] = NLA_POLICY_RANGE(NLA_U8, 1, 32),
	[ICMPGUARD_CFG_A_FLOOD6_RATE] = RATE_POLICY,
	[ICMPGUARD_CFG_A_FLOOD6_BURST] = BURST_POLICY,
	[ICMPGUARD_CFG_A_FLOOD_PLEN6] = NLA_POLICY_RANGE(NLA_U8, 1, 64),
	[ICMPGUARD_CFG_A_GLOBAL_RATE] = RATE_POLICY,
	[ICMPGUARD_CFG_A_GLOBAL_BURST] = BURST_POLICY,
	[ICMPGUARD_CFG_A_GLOBAL6_RATE] = RATE_POLICY,
	[ICMPGUARD_CFG_A_GLOBAL6_BURST] = BURST_POLICY,
	[ICMPGUARD_CFG_A_MAX_SOURCES] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &sources_range),
};

/* Per command: exactly the attributes it takes. */
static const struct nla_policy none_policy[ICMPGUARD_A_MAX + 1] = {};

static const struct nla_policy stats_policy[ICMPGUARD_A_MAX + 1] = {
	[ICMPGUARD_A_FAMILY] = FAMILY_POLICY,
};

static const struct nla_policy config_policy[ICMPGUARD_A_MAX + 1] = {
	[ICMPGUARD_A_CONFIG] = NLA_POLICY_NESTED(cfg_policy),
};

static const struct nla_policy prefix_policy[ICMPGUARD_A_MAX + 1] = {
	[ICMPGUARD_A_PREFIX] = NLA_POLICY_NESTED(pfx_policy),
};

static const struct nla_policy rule_add_policy[ICMPGUARD_A_MAX + 1] = {
	[ICMPGUARD_A_RULE] = NLA_POLICY_NESTED(rule_policy),
	[ICMPGUARD_A_RULE_INDEX] = { .type = NLA_U32 },
};

static const struct nla_policy rule_del_policy[ICMPGUARD_A_MAX + 1] = {
	[ICMPGUARD_A_RULE_HANDLE] = { .type = NLA_U32 },
};

static const struct nla_policy rule_flush_policy[ICMPGUARD_A_MAX + 1] = {
	[ICMPGUARD_A_DIR] = NLA_POLICY_MAX(NLA_U8, ICMPGUARD_DIR_MAX),
};

static const struct nla_policy rule_replace_policy[ICMPGUARD_A_MAX + 1] = {
	[ICMPGUARD_A_RULE] = NLA_POLICY_NESTED(rule_policy),
};

static const struct nla_policy batch_policy[ICMPGUARD_A_MAX + 1] = {
	[ICMPGUARD_A_FLUSH] = NLA_POLICY_MASK(NLA_U32, __ICMPGUARD_FLUSH_F_ALL),
	[ICMPGUARD_A_CONFIG] = NLA_POLICY_NESTED(cfg_policy),
	[ICMPGUARD_A_PREFIX] = NLA_POLICY_NESTED(pfx_policy),
	[ICMPGUARD_A_PREFIX_DEL] = NLA_POLICY_NESTED(pfx_policy),
	[ICMPGUARD_A_RULE_INDEX] = { .type = NLA_U32 },
	[ICMPGUARD_A_RULE] = NLA_POLICY_NESTED(rule_policy),
	[ICMPGUARD_A_RULE_HANDLE] = { .type = NLA_U32 },
};

/*
 * A required attribute, missing: its type and nest in the extended ACK,
 * as NL_REQ_ATTR_CHECK() puts them, and a message that names it.
 */
static bool missing(struct netlink_ext_ack *extack, const struct nlattr *nest,
		    struct nlattr **tb, unsigned int type, const char *msg)
{
	if (tb[type])
		return false;
	NL_SET_ERR_ATTR_MISS(extack, nest, type);
	/* As NL_SET_ERR_MSG() does; @msg is a literal. */
	if (extack)
		extack->_msg = msg;
	return true;
}

#define MISSING(extack, nest, tb, type)					\
	missing(extack, nest, tb, type, #type " is missing")

/* ---- families and prefixes ------------------------------------------- */

static int fam_of(const struct nlattr *attr, struct netlink_ext_ack *extack)
{
	switch (nla_get_u8(attr)) {
	case AF_INET:
		return ICMPGUARD_V4;
	case AF_INET6:
		return ICMPGUARD_V6;
	}
	NL_SET_ERR_MSG_ATTR(extack, attr, "family must be AF_INET or AF_INET6");
	return -EINVAL;
}

static u8 af_of(int fam)
{
	return fam == ICMPGUARD_V4 ? AF_INET : AF_INET6;
}

/* A prefix nest; @fam >= 0: it must be of that family. */
static int parse_prefix(const struct nlattr *nest, int fam,
			struct icmpguard_prefix *p,
			struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ICMPGUARD_PFX_A_MAX + 1], *addr;
	union icmpguard_addr masked;
	int err;

	err = nla_parse_nested(tb, ICMPGUARD_PFX_A_MAX, nest, pfx_policy,
			       extack);
	if (err)
		return err;
	if (!!tb[ICMPGUARD_PFX_A_ADDR] == !!tb[ICMPGUARD_PFX_A_ADDR6]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[ICMPGUARD_PFX_A_ADDR6] ?: nest,
				    "a prefix has ICMPGUARD_PFX_A_ADDR or ICMPGUARD_PFX_A_ADDR6, one of them");
		return -EINVAL;
	}
	if (MISSING(extack, nest, tb, ICMPGUARD_PFX_A_PLEN))
		return -EINVAL;
	memset(p, 0, sizeof(*p));
	addr = tb[ICMPGUARD_PFX_A_ADDR] ?: tb[ICMPGUARD_PFX_A_ADDR6];
	p->fam = tb[ICMPGUARD_PFX_A_ADDR] ? ICMPGUARD_V4 : ICMPGUARD_V6;
	nla_memcpy(&p->addr, addr, sizeof(p->addr));
	p->plen = nla_get_u8(tb[ICMPGUARD_PFX_A_PLEN]);
	if (fam >= 0 && p->fam != fam) {
		NL_SET_ERR_MSG_ATTR(extack, addr,
				    "the prefix is not of the rule's family");
		return -EINVAL;
	}
	if (p->plen > icmpguard_addr_bits(p->fam)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[ICMPGUARD_PFX_A_PLEN],
				    "ICMPGUARD_PFX_A_PLEN is longer than the address");
		return -EINVAL;
	}
	icmpguard_addr_mask(p->fam, &p->addr, p->plen, &masked);
	if (!icmpguard_addr_eq(&masked, &p->addr)) {
		NL_SET_ERR_MSG_ATTR(extack, addr,
				    "the address has host bits set");
		return -EINVAL;
	}
	return 0;
}

static int put_addr(struct sk_buff *skb, int attr4, int attr6, int fam,
		    const union icmpguard_addr *a)
{
	return fam == ICMPGUARD_V4 ? nla_put_in_addr(skb, attr4, a->a4) :
				     nla_put_in6_addr(skb, attr6, &a->a6);
}

static int put_prefix(struct sk_buff *skb, int type,
		      const struct icmpguard_prefix *p)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest ||
	    put_addr(skb, ICMPGUARD_PFX_A_ADDR, ICMPGUARD_PFX_A_ADDR6, p->fam,
		     &p->addr) ||
	    nla_put_u8(skb, ICMPGUARD_PFX_A_PLEN, p->plen))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* ---- settings --------------------------------------------------------- */

#define U32(attr, field)	\
	{ attr, offsetof(struct icmpguard_settings, field), sizeof(u32) }
#define U8(attr, field)		\
	{ attr, offsetof(struct icmpguard_settings, field), sizeof(u8) }

/* Every setting that is a plain number, by attribute. */
static const struct {
	u16 attr;
	u16 off;
	u16 size;
} numbers[] = {
	U32(ICMPGUARD_CFG_A_REPLY_RATE, reply_rate),
	U32(ICMPGUARD_CFG_A_REPLY_BURST, reply_burst),
	U32(ICMPGUARD_CFG_A_DEST_RATE, dest_rate),
	U32(ICMPGUARD_CFG_A_DEST_BURST, dest_burst),
	U8(ICMPGUARD_CFG_A_POLICY, policy[ICMPGUARD_DIR_INPUT]),
	U8(ICMPGUARD_CFG_A_FORWARD_POLICY, policy[ICMPGUARD_DIR_FORWARD]),
	U8(ICMPGUARD_CFG_A_REJECT_CODE, reject_code[ICMPGUARD_V4]),
	U8(ICMPGUARD_CFG_A_REJECT_CODE6, reject_code[ICMPGUARD_V6]),
	U32(ICMPGUARD_CFG_A_FLOOD_RATE, flood_rate[ICMPGUARD_V4]),
	U32(ICMPGUARD_CFG_A_FLOOD_BURST, flood_burst[ICMPGUARD_V4]),
	U8(ICMPGUARD_CFG_A_FLOOD_PLEN, flood_plen[ICMPGUARD_V4]),
	U32(ICMPGUARD_CFG_A_FLOOD6_RATE, flood_rate[ICMPGUARD_V6]),
	U32(ICMPGUARD_CFG_A_FLOOD6_BURST, flood_burst[ICMPGUARD_V6]),
	U8(ICMPGUARD_CFG_A_FLOOD_PLEN6, flood_plen[ICMPGUARD_V6]),
	U32(ICMPGUARD_CFG_A_GLOBAL_RATE, global_rate[ICMPGUARD_V4]),
	U32(ICMPGUARD_CFG_A_GLOBAL_BURST, global_burst[ICMPGUARD_V4]),
	U32(ICMPGUARD_CFG_A_GLOBAL6_RATE, global_rate[ICMPGUARD_V6]),
	U32(ICMPGUARD_CFG_A_GLOBAL6_BURST, global_burst[ICMPGUARD_V6]),
	U32(ICMPGUARD_CFG_A_MAX_SOURCES, max_sources),
};

/* An error source: unspecified (auto), or a unicast address. */
static bool bad_error_source(int fam, const union icmpguard_addr *a)
{
	__be32 v4 = a->a4;

	if (fam == ICMPGUARD_V6)
		return ipv6_addr_is_multicast(&a->a6) ||
		       ipv6_addr_loopback(&a->a6) || ipv6_addr_v4mapped(&a->a6);
	return v4 && ((v4 & htonl(0xff000000)) == 0 || ipv4_is_loopback(v4) ||
		      ipv4_is_multicast(v4) || ipv4_is_lbcast(v4) ||
		      (v4 & htonl(0xf0000000)) == htonl(0xf0000000));
}

/* Applies one ICMPGUARD_A_ERROR_RATE entry to every slot it names. */
static int parse_error_rate(struct icmpguard_settings *s,
			    const struct nlattr *entry,
			    struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ICMPGUARD_ERATE_A_MAX + 1];
	int err, fam = ICMPGUARD_V4, slot, first, last;
	u8 type;

	if (nla_type(entry) != ICMPGUARD_A_ERROR_RATE) {
		NL_SET_ERR_MSG_ATTR(extack, entry,
				    "ICMPGUARD_CFG_A_ERROR_RATES holds only ICMPGUARD_A_ERROR_RATE");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, ICMPGUARD_ERATE_A_MAX, entry, erate_policy,
			       extack);
	if (err)
		return err;
	if (MISSING(extack, entry, tb, ICMPGUARD_ERATE_A_TYPE) ||
	    MISSING(extack, entry, tb, ICMPGUARD_ERATE_A_RATE))
		return -EINVAL;
	if (tb[ICMPGUARD_ERATE_A_FAMILY]) {
		fam = fam_of(tb[ICMPGUARD_ERATE_A_FAMILY], extack);
		if (fam < 0)
			return fam;
	}
	type = nla_get_u8(tb[ICMPGUARD_ERATE_A_TYPE]);
	first = icmpguard_err_slot(fam, type, 0);
	if (first < 0) {
		NL_SET_ERR_MSG_ATTR(extack, tb[ICMPGUARD_ERATE_A_TYPE],
				    "ICMPGUARD_ERATE_A_TYPE is not an error the module sends (IPv4 3, 11, 12; IPv6 1-4)");
		return -EINVAL;
	}
	for (last = first; icmpguard_err_slot(fam, type, last - first + 1) >= 0;
	     last++)
		;
	if (tb[ICMPGUARD_ERATE_A_CODE]) {
		slot = icmpguard_err_slot(fam, type,
					  nla_get_u8(tb[ICMPGUARD_ERATE_A_CODE]));
		if (slot < 0) {
			NL_SET_ERR_MSG_ATTR(extack, tb[ICMPGUARD_ERATE_A_CODE],
					    "ICMPGUARD_ERATE_A_CODE is not a code of that type");
			return -EINVAL;
		}
		first = slot;
		last = slot;
	}
	for (slot = first; slot <= last; slot++) {
		s->err[fam][slot].rate = nla_get_u32(tb[ICMPGUARD_ERATE_A_RATE]);
		if (tb[ICMPGUARD_ERATE_A_BURST])
			s->err[fam][slot].burst =
				nla_get_u32(tb[ICMPGUARD_ERATE_A_BURST]);
	}
	return 0;
}

/*
 * Applies an ICMPGUARD_A_CONFIG nest to @s, the settings of a change
 * that is dropped whole if this fails.
 */
static int parse_config(const struct nlattr *nest, struct sk_buff *skb,
			struct icmpguard_settings *s,
			struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ICMPGUARD_CFG_A_MAX + 1], *a, *entry;
	union icmpguard_addr src;
	unsigned int i;
	int err, rem;

	err = nla_parse_nested(tb, ICMPGUARD_CFG_A_MAX, nest, cfg_policy,
			       extack);
	if (err)
		return err;
	if (!!tb[ICMPGUARD_CFG_A_FLAGS] != !!tb[ICMPGUARD_CFG_A_FLAGS_MASK]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[ICMPGUARD_CFG_A_FLAGS] ?:
				    tb[ICMPGUARD_CFG_A_FLAGS_MASK],
				    "ICMPGUARD_CFG_A_FLAGS and ICMPGUARD_CFG_A_FLAGS_MASK go together");
		return -EINVAL;
	}
	a = tb[ICMPGUARD_CFG_A_REJECT_CODE];
	if (a && nla_get_u8(a) == ICMP_FRAG_NEEDED) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "ICMPGUARD_CFG_A_REJECT_CODE 4 needs an MTU: not a reject code");
		return -EINVAL;
	}
	/*
	 * The table is kernel memory no cgroup is charged for: growing it
	 * past the default is for the host's administrator, not for a
	 * container's root.
	 */
	a = tb[ICMPGUARD_CFG_A_MAX_SOURCES];
	if (a && nla_get_u32(a) > icmpguard_limiter_default_max() &&
	    !netlink_capable(skb, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "ICMPGUARD_CFG_A_MAX_SOURCES above the default needs CAP_NET_ADMIN in the initial user namespace");
		return -EPERM;
	}
	for (i = 0; i < ICMPGUARD_NFAM; i++) {
		a = tb[i == ICMPGUARD_V4 ? ICMPGUARD_CFG_A_ERROR_SOURCE :
					   ICMPGUARD_CFG_A_ERROR_SOURCE6];
		if (!a)
			continue;
		memset(&src, 0, sizeof(src));
		nla_memcpy(&src, a, sizeof(src));
		if (bad_error_source(i, &src)) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "the error source is not a unicast address");
			return -EINVAL;
		}
		s->error_source[i] = src;
	}
	if (tb[ICMPGUARD_CFG_A_FLAGS]) {
		u32 mask = nla_get_u32(tb[ICMPGUARD_CFG_A_FLAGS_MASK]);

		s->flags = (s->flags & ~mask) |
			    (nla_get_u32(tb[ICMPGUARD_CFG_A_FLAGS]) & mask);
	}
	for (i = 0; i < ARRAY_SIZE(numbers); i++) {
		a = tb[numbers[i].attr];
		if (!a)
			continue;
		if (numbers[i].size == sizeof(u8))
			*((u8 *)s + numbers[i].off) = nla_get_u8(a);
		else
			*(u32 *)((u8 *)s + numbers[i].off) = nla_get_u32(a);
	}
	if (tb[ICMPGUARD_CFG_A_ERROR_RATES]) {
		nla_for_each_nested(entry, tb[ICMPGUARD_CFG_A_ERROR_RATES],
				    rem) {
			err = parse_error_rate(s, entry, extack);
			if (err)
				return err;
		}
	}
	return 0;
}

static int put_error_rates(struct sk_buff *msg,
			   const struct icmpguard_settings *s)
{
	struct nlattr *nest, *entry;
	int fam, slot;
	u8 type, code;

	nest = nla_nest_start(msg, ICMPGUARD_CFG_A_ERROR_RATES);
	if (!nest)
		return -EMSGSIZE;
	for (fam = 0; fam < ICMPGUARD_NFAM; fam++) {
		for (slot = 0; icmpguard_err_type_code(fam, slot, &type, &code);
		     slot++) {
			entry = nla_nest_start(msg, ICMPGUARD_A_ERROR_RATE);
			if (!entry ||
			    nla_put_u8(msg, ICMPGUARD_ERATE_A_FAMILY,
				       af_of(fam)) ||
			    nla_put_u8(msg, ICMPGUARD_ERATE_A_TYPE, type) ||
			    nla_put_u8(msg, ICMPGUARD_ERATE_A_CODE, code) ||
			    nla_put_u32(msg, ICMPGUARD_ERATE_A_RATE,
					s->err[fam][slot].rate) ||
			    nla_put_u32(msg, ICMPGUARD_ERATE_A_BURST,
					s->err[fam][slot].burst))
				return -EMSGSIZE;
			nla_nest_end(msg, entry);
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int put_config(struct sk_buff *msg, const struct icmpguard_settings *s)
{
	struct nlattr *nest = nla_nest_start(msg, ICMPGUARD_A_CONFIG);
	unsigned int i;
	const u8 *v;

	if (!nest || nla_put_u32(msg, ICMPGUARD_CFG_A_FLAGS, s->flags) ||
	    nla_put_in_addr(msg, ICMPGUARD_CFG_A_ERROR_SOURCE,
			    s->error_source[ICMPGUARD_V4].a4) ||
	    nla_put_in6_addr(msg, ICMPGUARD_CFG_A_ERROR_SOURCE6,
			     &s->error_source[ICMPGUARD_V6].a6))
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(numbers); i++) {
		v = (const u8 *)s + numbers[i].off;
		if (numbers[i].size == sizeof(u8) ?
		    nla_put_u8(msg, numbers[i].attr, *v) :
		    nla_put_u32(msg, numbers[i].attr, *(const u32 *)v))
			return -EMSGSIZE;
	}
	if (put_error_rates(msg, s))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* ---- rules ------------------------------------------------------------ */

static int parse_limit(struct icmpguard_rule_spec *s, struct nlattr **tb,
		       const struct nlattr *nest,
		       struct netlink_ext_ack *extack)
{
	struct nlattr *plen = tb[ICMPGUARD_RULE_A_LIMIT_PLEN];

	if (MISSING(extack, nest, tb, ICMPGUARD_RULE_A_LIMIT_RATE))
		return -EINVAL;
	s->limit_rate = nla_get_u32(tb[ICMPGUARD_RULE_A_LIMIT_RATE]);
	s->limit_burst = tb[ICMPGUARD_RULE_A_LIMIT_BURST] ?
		nla_get_u32(tb[ICMPGUARD_RULE_A_LIMIT_BURST]) : s->limit_rate;
	if (tb[ICMPGUARD_RULE_A_LIMIT_FLAGS])
		s->limit_flags = nla_get_u32(tb[ICMPGUARD_RULE_A_LIMIT_FLAGS]);
	s->limit_plen = s->fam == ICMPGUARD_V4 ? 32 : 64;
	if (plen) {
		s->limit_plen = nla_get_u8(plen);
		if (s->fam == ICMPGUARD_V4 && s->limit_plen > 32) {
			NL_SET_ERR_MSG_ATTR(extack, plen,
					    "ICMPGUARD_RULE_A_LIMIT_PLEN is 1-32 for IPv4");
			return -EINVAL;
		}
	}
	return 0;
}

static int parse_reject(struct icmpguard_rule_spec *s, struct nlattr *code,
			struct netlink_ext_ack *extack)
{
	s->reject_code = s->fam == ICMPGUARD_V4 ? ICMP_PKT_FILTERED :
						  ICMPV6_ADM_PROHIBITED;
	if (!code)
		return 0;
	s->reject_code = nla_get_u8(code);
	if (s->fam == ICMPGUARD_V4 && s->reject_code == ICMP_FRAG_NEEDED) {
		NL_SET_ERR_MSG_ATTR(extack, code,
				    "ICMPGUARD_RULE_A_REJECT_CODE 4 needs an MTU");
		return -EINVAL;
	}
	if (s->fam == ICMPGUARD_V6 && s->reject_code > ICMPV6_REJECT_ROUTE) {
		NL_SET_ERR_MSG_ATTR(extack, code,
				    "ICMPGUARD_RULE_A_REJECT_CODE is 0-6 for IPv6");
		return -EINVAL;
	}
	return 0;
}

static int parse_spec(const struct nlattr *nest, struct icmpguard_rule_spec *s,
		      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ICMPGUARD_RULE_A_MAX + 1], *a;
	int err, fam;

	err = nla_parse_nested(tb, ICMPGUARD_RULE_A_MAX, nest, rule_policy,
			       extack);
	if (err)
		return err;
	if (MISSING(extack, nest, tb, ICMPGUARD_RULE_A_DIR) ||
	    MISSING(extack, nest, tb, ICMPGUARD_RULE_A_ACTION))
		return -EINVAL;
	memset(s, 0, sizeof(*s));
	if (tb[ICMPGUARD_RULE_A_FAMILY]) {
		fam = fam_of(tb[ICMPGUARD_RULE_A_FAMILY], extack);
		if (fam < 0)
			return fam;
		s->fam = fam;
	}
	s->dir = nla_get_u8(tb[ICMPGUARD_RULE_A_DIR]);
	s->action = nla_get_u8(tb[ICMPGUARD_RULE_A_ACTION]);
	s->any_type = !tb[ICMPGUARD_RULE_A_TYPES];
	if (!s->any_type)
		bitmap_from_arr32(s->types, nla_data(tb[ICMPGUARD_RULE_A_TYPES]),
				  256);
	s->any_code = !tb[ICMPGUARD_RULE_A_CODES];
	if (!s->any_code)
		bitmap_from_arr32(s->codes, nla_data(tb[ICMPGUARD_RULE_A_CODES]),
				  256);
	a = !s->any_type && bitmap_empty(s->types, 256) ?
	    tb[ICMPGUARD_RULE_A_TYPES] :
	    !s->any_code && bitmap_empty(s->codes, 256) ?
	    tb[ICMPGUARD_RULE_A_CODES] : NULL;
	if (a) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "an empty type or code set never matches");
		return -EINVAL;
	}
	err = (tb[ICMPGUARD_RULE_A_SRC] ?
	       parse_prefix(tb[ICMPGUARD_RULE_A_SRC], s->fam, &s->src,
			    extack) : 0) ?:
	      (tb[ICMPGUARD_RULE_A_DST] ?
	       parse_prefix(tb[ICMPGUARD_RULE_A_DST], s->fam, &s->dst,
			    extack) : 0);
	if (err)
		return err;
	if (tb[ICMPGUARD_RULE_A_IIF])
		nla_strscpy(s->iif, tb[ICMPGUARD_RULE_A_IIF], IFNAMSIZ);
	if (tb[ICMPGUARD_RULE_A_OIF]) {
		if (s->dir != ICMPGUARD_DIR_FORWARD) {
			NL_SET_ERR_MSG_ATTR(extack, tb[ICMPGUARD_RULE_A_OIF],
					    "ICMPGUARD_RULE_A_OIF only in forward rules");
			return -EINVAL;
		}
		nla_strscpy(s->oif, tb[ICMPGUARD_RULE_A_OIF], IFNAMSIZ);
	}
	s->len_max = U16_MAX;
	if (tb[ICMPGUARD_RULE_A_LEN_MIN])
		s->len_min = nla_get_u16(tb[ICMPGUARD_RULE_A_LEN_MIN]);
	if (tb[ICMPGUARD_RULE_A_LEN_MAX])
		s->len_max = nla_get_u16(tb[ICMPGUARD_RULE_A_LEN_MAX]);
	if (s->len_min > s->len_max) {
		NL_SET_ERR_MSG_ATTR(extack, tb[ICMPGUARD_RULE_A_LEN_MAX],
				    "ICMPGUARD_RULE_A_LEN_MAX is below LEN_MIN");
		return -EINVAL;
	}
	if (s->action == ICMPGUARD_ACT_REJECT ||
	    (s->action == ICMPGUARD_ACT_LIMIT &&
	     tb[ICMPGUARD_RULE_A_LIMIT_FLAGS] &&
	     nla_get_u32(tb[ICMPGUARD_RULE_A_LIMIT_FLAGS]) &
	     ICMPGUARD_LIMIT_F_REJECT)) {
		err = parse_reject(s, tb[ICMPGUARD_RULE_A_REJECT_CODE], extack);
		if (err)
			return err;
	}
	if (s->action == ICMPGUARD_ACT_LIMIT)
		return parse_limit(s, tb, nest, extack);
	return 0;
}

static struct icmpguard_rule *parse_rule(const struct nlattr *nest,
					 struct netlink_ext_ack *extack)
{
	struct icmpguard_rule_spec s;
	struct icmpguard_rule *rule;
	int err;

	err = parse_spec(nest, &s, extack);
	if (err)
		return ERR_PTR(err);
	rule = icmpguard_rule_new(&s);
	if (IS_ERR(rule) && PTR_ERR(rule) == -ERANGE)
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "ICMPGUARD_RULE_A_LIMIT_BURST overflows the bucket");
	return rule;
}

static int put_rule(struct sk_buff *skb, const struct icmpguard_rule *r)
{
	struct nlattr *nest = nla_nest_start(skb, ICMPGUARD_A_RULE);
	const struct icmpguard_rule_spec *s = &r->s;
	u32 bits[8];
	u64 p, b, l;

	if (!nest ||
	    nla_put_u32(skb, ICMPGUARD_RULE_A_HANDLE, r->handle) ||
	    nla_put_u8(skb, ICMPGUARD_RULE_A_FAMILY, af_of(s->fam)) ||
	    nla_put_u8(skb, ICMPGUARD_RULE_A_DIR, s->dir) ||
	    nla_put_u8(skb, ICMPGUARD_RULE_A_ACTION, s->action))
		return -EMSGSIZE;
	if (!s->any_type) {
		bitmap_to_arr32(bits, s->types, 256);
		if (nla_put(skb, ICMPGUARD_RULE_A_TYPES, sizeof(bits), bits))
			return -EMSGSIZE;
	}
	if (!s->any_code) {
		bitmap_to_arr32(bits, s->codes, 256);
		if (nla_put(skb, ICMPGUARD_RULE_A_CODES, sizeof(bits), bits))
			return -EMSGSIZE;
	}
	if ((s->src.plen && put_prefix(skb, ICMPGUARD_RULE_A_SRC, &s->src)) ||
	    (s->dst.plen && put_prefix(skb, ICMPGUARD_RULE_A_DST, &s->dst)) ||
	    (s->iif[0] && nla_put_string(skb, ICMPGUARD_RULE_A_IIF, s->iif)) ||
	    (s->oif[0] && nla_put_string(skb, ICMPGUARD_RULE_A_OIF, s->oif)))
		return -EMSGSIZE;
	if ((s->len_min || s->len_max != U16_MAX) &&
	    (nla_put_u16(skb, ICMPGUARD_RULE_A_LEN_MIN, s->len_min) ||
	     nla_put_u16(skb, ICMPGUARD_RULE_A_LEN_MAX, s->len_max)))
		return -EMSGSIZE;
	if ((s->action == ICMPGUARD_ACT_REJECT ||
	     (s->limit_flags & ICMPGUARD_LIMIT_F_REJECT)) &&
	    nla_put_u8(skb, ICMPGUARD_RULE_A_REJECT_CODE, s->reject_code))
		return -EMSGSIZE;
	if (s->action == ICMPGUARD_ACT_LIMIT &&
	    (nla_put_u32(skb, ICMPGUARD_RULE_A_LIMIT_RATE, s->limit_rate) ||
	     nla_put_u32(skb, ICMPGUARD_RULE_A_LIMIT_BURST, s->limit_burst) ||
	     nla_put_u32(skb, ICMPGUARD_RULE_A_LIMIT_FLAGS, s->limit_flags) ||
	     nla_put_u8(skb, ICMPGUARD_RULE_A_LIMIT_PLEN, s->limit_plen)))
		return -EMSGSIZE;
	icmpguard_rule_stats(r, &p, &b, &l);
	if (nla_put_u64_64bit(skb, ICMPGUARD_RULE_A_PACKETS, p,
			      ICMPGUARD_RULE_A_PAD) ||
	    nla_put_u64_64bit(skb, ICMPGUARD_RULE_A_BYTES, b,
			      ICMPGUARD_RULE_A_PAD) ||
	    nla_put_u64_64bit(skb, ICMPGUARD_RULE_A_LIMITED, l,
			      ICMPGUARD_RULE_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* ---- changes: every one a batch ---------------------------------------- */

/* How a command's message reads as a batch. */
struct batch {
	u32 flush;			/* emptied before the first change */
	bool del;			/* ICMPGUARD_A_PREFIX removes */
	struct icmpguard_rule *added;	/* with a reference, if wanted */
	bool want_added;
	bool one_rule;			/* ADD_RULE: the index is its own */
	s64 index;
};

static int owned_error(int err, const struct nlattr *attr,
		       struct netlink_ext_ack *extack)
{
	if (err == -EEXIST)
		NL_SET_ERR_MSG_ATTR(extack, attr, "prefix is already owned");
	else if (err == -ENOSPC)
		NL_SET_ERR_MSG_ATTR(extack, attr, "too many owned prefixes");
	else if (err == -ENOENT)
		NL_SET_ERR_MSG_ATTR(extack, attr, "prefix is not owned");
	return err;
}

/* Applies one top-level attribute of a batch. */
static int apply(struct icmpguard_txn *t, struct batch *b,
		 const struct nlattr *attr, struct sk_buff *skb,
		 struct netlink_ext_ack *extack)
{
	struct icmpguard_prefix p;
	struct icmpguard_rule *rule;
	int type = nla_type(attr), err;

	switch (type) {
	case ICMPGUARD_A_FLUSH:
		return icmpguard_txn_flush(t, nla_get_u32(attr));
	case ICMPGUARD_A_CONFIG:
		return parse_config(attr, skb, &t->s, extack);
	case ICMPGUARD_A_PREFIX:
	case ICMPGUARD_A_PREFIX_DEL:
		err = parse_prefix(attr, -1, &p, extack);
		if (err)
			return err;
		if (type == ICMPGUARD_A_PREFIX && !b->del)
			err = icmpguard_txn_owned_add(t, &p);
		else
			err = icmpguard_txn_owned_del(t, &p);
		return owned_error(err, attr, extack);
	case ICMPGUARD_A_RULE_INDEX:
		if (!b->one_rule)
			b->index = nla_get_u32(attr);
		return 0;
	case ICMPGUARD_A_RULE:
		rule = parse_rule(attr, extack);
		if (IS_ERR(rule))
			return PTR_ERR(rule);
		if (b->want_added) {
			refcount_inc(&rule->ref);
			b->added = rule;
		}
		err = icmpguard_txn_rule_add(t, rule, b->index);
		if (!b->one_rule)
			b->index = -1;
		return err;
	case ICMPGUARD_A_RULE_HANDLE:
		err = icmpguard_txn_rule_del(t, nla_get_u32(attr));
		if (err == -ENOENT)
			NL_SET_ERR_MSG_ATTR(extack, attr, "no rule has this handle");
		return err;
	}
	return 0;	/* the command's own arguments, such as ICMPGUARD_A_DIR */
}

/* The top-level attributes of @info's message, in order, as one change. */
static int run_batch(struct genl_info *info, struct sk_buff *skb,
		     struct batch *b)
{
	struct icmpguard_net *ign = icmpguard_pernet(genl_info_net(info));
	struct icmpguard_txn *t;
	struct nlattr *attr;
	int rem, err = 0;

	/* A copy of the settings is too large for the stack. */
	t = kmalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	if (!b->one_rule)
		b->index = -1;
	mutex_lock(&ign->lock);
	icmpguard_txn_begin(t, ign);
	if (b->flush)
		err = icmpguard_txn_flush(t, b->flush);
	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem) {
		if (err)
			break;
		err = apply(t, b, attr, skb, info->extack);
		cond_resched();
	}
	if (err) {
		icmpguard_txn_abort(t);
	} else {
		err = icmpguard_txn_commit(t);
		if (err == -ERANGE)
			NL_SET_ERR_MSG(info->extack,
				       "a rate times its burst overflows the bucket");
		else if (err == -ENOSPC)
			NL_SET_ERR_MSG(info->extack,
				       "more than ICMPGUARD_RULES_MAX rules, or too many to index");
	}
	mutex_unlock(&ign->lock);
	kfree(t);
	return err;
}

static int do_batch(struct sk_buff *skb, struct genl_info *info)
{
	struct batch b = {};

	return run_batch(info, skb, &b);
}

static int set_config(struct sk_buff *skb, struct genl_info *info)
{
	struct batch b = {};

	if (MISSING(info->extack, NULL, info->attrs, ICMPGUARD_A_CONFIG))
		return -EINVAL;
	return run_batch(info, skb, &b);
}

static int change_owned(struct sk_buff *skb, struct genl_info *info)
{
	struct batch b = {
		.del = info->genlhdr->cmd == ICMPGUARD_CMD_DEL_OWNED,
	};

	if (MISSING(info->extack, NULL, info->attrs, ICMPGUARD_A_PREFIX))
		return -EINVAL;
	return run_batch(info, skb, &b);
}

static int flush_owned(struct sk_buff *skb, struct genl_info *info)
{
	struct batch b = { .flush = ICMPGUARD_FLUSH_F_OWNED };

	return run_batch(info, skb, &b);
}

static void *put_header(struct sk_buff *skb, struct genl_info *info, u8 cmd)
{
	return genlmsg_put(skb, info->snd_portid, info->snd_seq,
			   &icmpguard_family, 0, cmd);
}

static int add_rule(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *index = info->attrs[ICMPGUARD_A_RULE_INDEX];
	struct batch b = {
		.want_added = true,
		.one_rule = true,
		.index = index ? nla_get_u32(index) : -1,
	};
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (MISSING(info->extack, NULL, info->attrs, ICMPGUARD_A_RULE))
		return -EINVAL;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = run_batch(info, skb, &b);
	hdr = put_header(msg, info, ICMPGUARD_CMD_ADD_RULE);
	if (!err && (!hdr || put_rule(msg, b.added)))
		err = -EMSGSIZE;
	icmpguard_rule_put(b.added);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int del_rule(struct sk_buff *skb, struct genl_info *info)
{
	struct batch b = {};

	if (MISSING(info->extack, NULL, info->attrs, ICMPGUARD_A_RULE_HANDLE))
		return -EINVAL;
	return run_batch(info, skb, &b);
}

static int flush_rules(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *dir = info->attrs[ICMPGUARD_A_DIR];
	struct batch b = {
		.flush = ICMPGUARD_FLUSH_F_INPUT | ICMPGUARD_FLUSH_F_FORWARD,
	};

	if (dir)
		b.flush = nla_get_u8(dir) == ICMPGUARD_DIR_INPUT ?
			  ICMPGUARD_FLUSH_F_INPUT : ICMPGUARD_FLUSH_F_FORWARD;
	return run_batch(info, skb, &b);
}

static int replace_rules(struct sk_buff *skb, struct genl_info *info)
{
	struct batch b = {
		.flush = ICMPGUARD_FLUSH_F_INPUT | ICMPGUARD_FLUSH_F_FORWARD,
	};

	return run_batch(info, skb, &b);
}

/* ---- reads ------------------------------------------------------------ */

static int put_u64_array(struct sk_buff *skb, int type, const u64 *v,
			 int n, int pad)
{
	struct nlattr *nest = nla_nest_start(skb, type);
	int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 2; i < n; i++)
		if (nla_put_u64_64bit(skb, i, v[i], pad))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int put_types(struct sk_buff *skb, int type, const u64 *pkts,
		     const u64 *bytes)
{
	struct nlattr *nest = nla_nest_start(skb, type), *entry;
	int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < 256; i++) {
		if (!pkts[i])
			continue;
		entry = nla_nest_start(skb, ICMPGUARD_A_TYPE_ENTRY);
		if (!entry ||
		    nla_put_u8(skb, ICMPGUARD_TYPE_A_TYPE, i) ||
		    nla_put_u64_64bit(skb, ICMPGUARD_TYPE_A_PACKETS, pkts[i],
				      ICMPGUARD_TYPE_A_PAD) ||
		    nla_put_u64_64bit(skb, ICMPGUARD_TYPE_A_BYTES, bytes[i],
				      ICMPGUARD_TYPE_A_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, entry);
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int put_errors(struct sk_buff *skb, int fam,
		      const struct icmpguard_stats *st)
{
	struct nlattr *nest = nla_nest_start(skb, ICMPGUARD_A_ERRORS), *entry;
	u8 type, code;
	int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; icmpguard_err_type_code(fam, i, &type, &code); i++) {
		entry = nla_nest_start(skb, ICMPGUARD_A_ERROR_ENTRY);
		if (!entry ||
		    nla_put_u8(skb, ICMPGUARD_ERR_A_TYPE, type) ||
		    nla_put_u8(skb, ICMPGUARD_ERR_A_CODE, code) ||
		    nla_put_u64_64bit(skb, ICMPGUARD_ERR_A_SENT, st->err_sent[i],
				      ICMPGUARD_ERR_A_PAD) ||
		    nla_put_u64_64bit(skb, ICMPGUARD_ERR_A_LIMITED,
				      st->err_limited[i], ICMPGUARD_ERR_A_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, entry);
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* The namespace's gauges, as every family's reply shows them. */
static void gauges(struct icmpguard_net *ign, struct icmpguard_stats *st)
{
	st->ctr[ICMPGUARD_CTR_DEST_TABLE_SIZE] =
		icmpguard_limiter_count(&ign->dest);
	st->ctr[ICMPGUARD_CTR_SOURCES] =
		icmpguard_limiter_count(&ign->flood.sources);
	st->ctr[ICMPGUARD_CTR_SOURCES_EVICTED] =
		atomic64_read(&ign->flood.sources.evicted);
	rcu_read_lock();
	st->ctr[ICMPGUARD_CTR_SOURCES_MAX] =
		rcu_dereference(ign->conf)->s.max_sources;
	rcu_read_unlock();
}

static int get_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct icmpguard_net *ign = icmpguard_pernet(genl_info_net(info));
	struct nlattr *family = info->attrs[ICMPGUARD_A_FAMILY];
	struct icmpguard_stats *st;
	struct sk_buff *msg;
	int fam = ICMPGUARD_V4, err = -ENOMEM;
	void *hdr;

	if (family) {
		fam = fam_of(family, info->extack);
		if (fam < 0)
			return fam;
	}
	st = kmalloc_array(2, sizeof(*st), GFP_KERNEL);
	msg = genlmsg_new(3 * NLMSG_GOODSIZE, GFP_KERNEL);
	if (!st || !msg)
		goto out;
	icmpguard_stats_read(ign->stats, fam, st, st + 1);
	gauges(ign, st);
	err = -EMSGSIZE;
	hdr = put_header(msg, info, ICMPGUARD_CMD_GET_STATS);
	if (!hdr ||
	    nla_put_u8(msg, ICMPGUARD_A_FAMILY, af_of(fam)) ||
	    put_u64_array(msg, ICMPGUARD_A_COUNTERS, st->ctr,
			  ARRAY_SIZE(st->ctr), ICMPGUARD_CTR_PAD) ||
	    put_u64_array(msg, ICMPGUARD_A_DROPS, st->drop,
			  ARRAY_SIZE(st->drop), ICMPGUARD_DROP_PAD) ||
	    put_types(msg, ICMPGUARD_A_RX_TYPES, st->rx_pkts, st->rx_bytes) ||
	    put_types(msg, ICMPGUARD_A_TX_TYPES, st->tx_pkts, st->tx_bytes) ||
	    put_errors(msg, fam, st))
		goto out;
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
	msg = NULL;
out:
	nlmsg_free(msg);
	kfree(st);
	return err;
}

static int reset_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct icmpguard_net *ign = icmpguard_pernet(genl_info_net(info));

	icmpguard_stats_reset(ign->stats);
	atomic64_set(&ign->flood.sources.evicted, 0);
	return 0;
}

static int get_config(struct sk_buff *skb, struct genl_info *info)
{
	struct icmpguard_net *ign = icmpguard_pernet(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = put_header(msg, info, ICMPGUARD_CMD_GET_CONFIG);
	mutex_lock(&ign->lock);
	err = hdr ? put_config(msg, &icmpguard_conf_locked(ign)->s) : -EMSGSIZE;
	if (!err && nla_put_u32(msg, ICMPGUARD_A_GENERATION, ign->generation))
		err = -EMSGSIZE;
	mutex_unlock(&ign->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static void *dump_header(struct sk_buff *skb, struct netlink_callback *cb,
			 u8 cmd)
{
	void *hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				cb->nlh->nlmsg_seq, &icmpguard_family,
				NLM_F_MULTI, cmd);

	if (hdr)
		genl_dump_check_consistent(cb, hdr);
	return hdr;
}

/*
 * cb->args[0]: objects sent. A change between two parts of the dump
 * sets NLM_F_DUMP_INTR.
 */
static int dump_owned(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct icmpguard_net *ign = icmpguard_pernet(sock_net(skb->sk));
	const struct icmpguard_pfxset *set;
	void *hdr;
	long i;

	mutex_lock(&ign->lock);
	cb->seq = ign->generation + 1;
	set = icmpguard_conf_locked(ign)->owned;
	for (i = cb->args[0]; i < set->n; i++) {
		hdr = dump_header(skb, cb, ICMPGUARD_CMD_GET_OWNED);
		if (!hdr)
			break;
		if (put_prefix(skb, ICMPGUARD_A_PREFIX, &set->pfx[i])) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	cb->args[0] = i;
	mutex_unlock(&ign->lock);
	return skb->len;
}

/* Input rules first, then forward, each in order. */
static int dump_rules(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct icmpguard_net *ign = icmpguard_pernet(sock_net(skb->sk));
	struct icmpguard_rule **list;
	long base = 0, i, n;
	void *hdr;
	int dir;

	mutex_lock(&ign->lock);
	cb->seq = ign->generation + 1;
	for (dir = 0; dir < 2; dir++, base += n) {
		n = icmpguard_ruleset_list(icmpguard_conf_locked(ign)->rules,
					   dir, &list);
		for (i = max(cb->args[0] - base, 0L); i < n; i++) {
			hdr = dump_header(skb, cb, ICMPGUARD_CMD_GET_RULES);
			if (!hdr)
				goto out;
			if (put_rule(skb, list[i])) {
				genlmsg_cancel(skb, hdr);
				goto out;
			}
			genlmsg_end(skb, hdr);
			cb->args[0] = base + i + 1;
		}
	}
out:
	mutex_unlock(&ign->lock);
	return skb->len;
}

struct source_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	u8 plen[ICMPGUARD_NFAM];
};

static int put_source(void *arg, u64 key, u64 limited, bool flooding)
{
	struct source_dump *d = arg;
	union icmpguard_addr a;
	int fam = icmpguard_key_addr(key, &a);
	struct nlattr *nest;
	void *hdr;

	hdr = dump_header(d->skb, d->cb, ICMPGUARD_CMD_GET_SOURCES);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(d->skb, ICMPGUARD_A_SOURCE);
	if (!nest ||
	    put_addr(d->skb, ICMPGUARD_SRC_A_ADDR, ICMPGUARD_SRC_A_ADDR6, fam,
		     &a) ||
	    nla_put_u8(d->skb, ICMPGUARD_SRC_A_PLEN, d->plen[fam]) ||
	    nla_put_u64_64bit(d->skb, ICMPGUARD_SRC_A_LIMITED, limited,
			      ICMPGUARD_SRC_A_PAD) ||
	    nla_put_u8(d->skb, ICMPGUARD_SRC_A_FLOODING, flooding)) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(d->skb, nest);
	genlmsg_end(d->skb, hdr);
	return 0;
}

/* cb->args[0]: the table's slot to go on from. The table is live. */
static int dump_sources(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct icmpguard_net *ign = icmpguard_pernet(sock_net(skb->sk));
	struct source_dump d = { .skb = skb, .cb = cb };
	const struct icmpguard_conf *c;

	rcu_read_lock();
	c = rcu_dereference(ign->conf);
	memcpy(d.plen, c->s.flood_plen, sizeof(d.plen));
	rcu_read_unlock();
	icmpguard_limiter_walk(&ign->flood.sources, &cb->args[0], put_source,
			       &d);
	return skb->len;
}

/* ---- events ----------------------------------------------------------- */

static const struct genl_multicast_group icmpguard_mcgrps[] = {
	{ .name = ICMPGUARD_MCGRP_EVENTS },
};

bool icmpguard_nl_event_wanted(struct net *net)
{
	return genl_has_listeners(&icmpguard_family, net, 0);
}

int icmpguard_nl_event(struct net *net, u8 type, int fam,
		       const union icmpguard_addr *src, u8 plen, u64 dropped)
{
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, 0, 0, &icmpguard_family, 0,
			  ICMPGUARD_CMD_EVENT);
	if (!hdr)
		goto err;
	nest = nla_nest_start(msg, ICMPGUARD_A_EVENT);
	if (!nest || nla_put_u8(msg, ICMPGUARD_EVT_A_TYPE, type))
		goto err;
	if (src && (put_addr(msg, ICMPGUARD_EVT_A_ADDR, ICMPGUARD_EVT_A_ADDR6,
			     fam, src) ||
		    nla_put_u8(msg, ICMPGUARD_EVT_A_PLEN, plen)))
		goto err;
	if (!src && fam >= 0 &&
	    nla_put_u8(msg, ICMPGUARD_EVT_A_FAMILY, af_of(fam)))
		goto err;
	if (type == ICMPGUARD_EVENT_FLOOD_END &&
	    nla_put_u64_64bit(msg, ICMPGUARD_EVT_A_DROPPED, dropped,
			      ICMPGUARD_EVT_A_PAD))
		goto err;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_multicast_netns(&icmpguard_family, net, msg, 0, 0,
				       GFP_ATOMIC);
err:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/* ---- the family ------------------------------------------------------- */

#define OP(_cmd, _fn, _policy, _flags) {				\
	.cmd = ICMPGUARD_CMD_##_cmd, .doit = _fn, .policy = _policy,	\
	.maxattr = ICMPGUARD_A_MAX, .flags = _flags }
#define DUMP(_cmd, _fn) {						\
	.cmd = ICMPGUARD_CMD_##_cmd, .dumpit = _fn,			\
	.policy = none_policy, .maxattr = ICMPGUARD_A_MAX }
#define ADMIN	GENL_UNS_ADMIN_PERM

static const struct genl_ops icmpguard_ops[] = {
	OP(GET_STATS, get_stats, stats_policy, 0),
	OP(RESET_STATS, reset_stats, none_policy, ADMIN),
	OP(GET_CONFIG, get_config, none_policy, 0),
	OP(SET_CONFIG, set_config, config_policy, ADMIN),
	OP(ADD_OWNED, change_owned, prefix_policy, ADMIN),
	OP(DEL_OWNED, change_owned, prefix_policy, ADMIN),
	DUMP(GET_OWNED, dump_owned),
	OP(FLUSH_OWNED, flush_owned, none_policy, ADMIN),
	OP(ADD_RULE, add_rule, rule_add_policy, ADMIN),
	OP(DEL_RULE, del_rule, rule_del_policy, ADMIN),
	DUMP(GET_RULES, dump_rules),
	OP(FLUSH_RULES, flush_rules, rule_flush_policy, ADMIN),
	OP(REPLACE_RULES, replace_rules, rule_replace_policy, ADMIN),
	DUMP(GET_SOURCES, dump_sources),
	OP(BATCH, do_batch, batch_policy, ADMIN),
};

static struct genl_family icmpguard_family __ro_after_init = {
	.name = ICMPGUARD_GENL_NAME,
	.version = ICMPGUARD_GENL_VERSION,
	.maxattr = ICMPGUARD_A_MAX,
	.netnsok = true,
	.parallel_ops = true,
	.resv_start_op = 0,
	.ops = icmpguard_ops,
	.n_ops = ARRAY_SIZE(icmpguard_ops),
	.mcgrps = icmpguard_mcgrps,
	.n_mcgrps = ARRAY_SIZE(icmpguard_mcgrps),
	.module = THIS_MODULE,
};

int __init icmpguard_genl_init(void)
{
	return genl_register_family(&icmpguard_family);
}

void icmpguard_genl_exit(void)
{
	genl_unregister_family(&icmpguard_family);
}
