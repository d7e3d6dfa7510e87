// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "icmpguard"; uapi/icmpguard.h is its
 * specification. Every command has its own strict policy, so an attribute
 * a command does not take is refused rather than ignored.
 */

#include <linux/icmp.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include "errors.h"
#include "netlink.h"
#include "netns.h"

static struct genl_family icmpguard_family;

/* Commands that take no attribute at all. */
static const struct nla_policy none_policy[ICMPGUARD_A_MAX + 1] = {};

static struct netlink_range_validation rate_range = {
	.max = NSEC_PER_SEC,
};

static struct netlink_range_validation sources_range = {
	.min = 16,
	.max = 1U << 20,
};

static const struct nla_policy erate_policy[ICMPGUARD_ERATE_A_MAX + 1] = {
	[ICMPGUARD_ERATE_A_TYPE] = { .type = NLA_U8 },
	[ICMPGUARD_ERATE_A_CODE] = NLA_POLICY_MAX(NLA_U8, 15),
	[ICMPGUARD_ERATE_A_RATE] = NLA_POLICY_FULL_RANGE(NLA_U32, &rate_range),
	[ICMPGUARD_ERATE_A_BURST] = NLA_POLICY_MIN(NLA_U32, 1),
};

static const struct nla_policy cfg_policy[ICMPGUARD_CFG_A_MAX + 1] = {
	[ICMPGUARD_CFG_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, __ICMPGUARD_F_ALL),
	[ICMPGUARD_CFG_A_FLAGS_MASK] =
		NLA_POLICY_MASK(NLA_U32, __ICMPGUARD_F_ALL),
	[ICMPGUARD_CFG_A_REPLY_RATE] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &rate_range),
	[ICMPGUARD_CFG_A_REPLY_BURST] = NLA_POLICY_MIN(NLA_U32, 1),
	[ICMPGUARD_CFG_A_DEST_RATE] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &rate_range),
	[ICMPGUARD_CFG_A_DEST_BURST] = NLA_POLICY_MIN(NLA_U32, 1),
	[ICMPGUARD_CFG_A_POLICY] = NLA_POLICY_MAX(NLA_U8, ICMPGUARD_POLICY_MAX),
	[ICMPGUARD_CFG_A_REJECT_CODE] = NLA_POLICY_MAX(NLA_U8, 15),
	[ICMPGUARD_CFG_A_ERROR_SOURCE] = { .type = NLA_BE32 },
	[ICMPGUARD_CFG_A_ERROR_RATES] = NLA_POLICY_NESTED_ARRAY(erate_policy),
	[ICMPGUARD_CFG_A_FORWARD_POLICY] =
		NLA_POLICY_MAX(NLA_U8, ICMPGUARD_POLICY_MAX),
	[ICMPGUARD_CFG_A_FLOOD_RATE] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &rate_range),
	[ICMPGUARD_CFG_A_FLOOD_BURST] = NLA_POLICY_MIN(NLA_U32, 1),
	[ICMPGUARD_CFG_A_FLOOD_PLEN] = NLA_POLICY_RANGE(NLA_U8, 1, 32),
	[ICMPGUARD_CFG_A_GLOBAL_RATE] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &rate_range),
	[ICMPGUARD_CFG_A_GLOBAL_BURST] = NLA_POLICY_MIN(NLA_U32, 1),
	[ICMPGUARD_CFG_A_MAX_SOURCES] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &sources_range),
};

static const struct nla_policy config_policy[ICMPGUARD_A_MAX + 1] = {
	[ICMPGUARD_A_CONFIG] = NLA_POLICY_NESTED(cfg_policy),
};

static const struct nla_policy pfx_policy[ICMPGUARD_PFX_A_MAX + 1] = {
	[ICMPGUARD_PFX_A_ADDR] = { .type = NLA_BE32 },
	[ICMPGUARD_PFX_A_PLEN] = NLA_POLICY_MAX(NLA_U8, 32),
};

static const struct nla_policy prefix_policy[ICMPGUARD_A_MAX + 1] = {
	[ICMPGUARD_A_PREFIX] = NLA_POLICY_NESTED(pfx_policy),
};

/* Rules are validated by rules.c when parsed; here only their shape. */
static const struct nla_policy rule_policy[ICMPGUARD_A_MAX + 1] = {
	[ICMPGUARD_A_RULE] = { .type = NLA_NESTED },
	[ICMPGUARD_A_RULE_INDEX] = { .type = NLA_U32 },
};

static const struct nla_policy rule_del_policy[ICMPGUARD_A_MAX + 1] = {
	[ICMPGUARD_A_RULE_HANDLE] = { .type = NLA_U32 },
};

static const struct nla_policy rule_flush_policy[ICMPGUARD_A_MAX + 1] = {
	[ICMPGUARD_A_DIR] = NLA_POLICY_MAX(NLA_U8, ICMPGUARD_DIR_MAX),
};

static const struct nla_policy rule_replace_policy[ICMPGUARD_A_MAX + 1] = {
	[ICMPGUARD_A_RULE] = { .type = NLA_NESTED },
};

static const struct genl_multicast_group icmpguard_mcgrps[] = {
	{ .name = ICMPGUARD_MCGRP_EVENTS },
};

static void *put_header(struct sk_buff *skb, struct genl_info *info, u8 cmd)
{
	return genlmsg_put(skb, info->snd_portid, info->snd_seq,
			   &icmpguard_family, 0, cmd);
}

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

static int put_errors(struct sk_buff *skb, const struct icmpguard_stats *st)
{
	struct nlattr *nest = nla_nest_start(skb, ICMPGUARD_A_ERRORS), *entry;
	u8 type, code;
	int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < ICMPGUARD_ERR_SLOTS; i++) {
		icmpguard_err_type_code(i, &type, &code);
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

static size_t errors_size(void)
{
	return nla_total_size(0) + ICMPGUARD_ERR_SLOTS *
	       nla_total_size(2 * nla_total_size(sizeof(u8)) +
			      2 * nla_total_size_64bit(sizeof(u64)));
}

static size_t types_size(const u64 *pkts)
{
	size_t entry = nla_total_size(nla_total_size(sizeof(u8)) +
				      2 * nla_total_size_64bit(sizeof(u64)));
	size_t size = nla_total_size(0);
	int i;

	for (i = 0; i < 256; i++)
		if (pkts[i])
			size += entry;
	return size;
}

static int get_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct icmpguard_net *ign = icmpguard_pernet(genl_info_net(info));
	struct icmpguard_stats *st;
	struct sk_buff *msg;
	size_t size;
	void *hdr;
	int err = -EMSGSIZE;

	st = kmalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	err = icmpguard_stats_read(ign->stats, st);
	if (err)
		goto out;
	err = -EMSGSIZE;
	st->ctr[ICMPGUARD_CTR_DEST_TABLE_SIZE] =
		atomic_read(&ign->dest_limiter.entries);
	st->ctr[ICMPGUARD_CTR_SOURCES] = atomic_read(&ign->flood.sources.entries);
	st->ctr[ICMPGUARD_CTR_SOURCES_MAX] =
		READ_ONCE(ign->flood.sources.max_entries);
	st->ctr[ICMPGUARD_CTR_SOURCES_EVICTED] =
		atomic64_read(&ign->flood.sources.evicted);

	size = nla_total_size(0) * 2 +
	       nla_total_size_64bit(sizeof(u64)) *
	       (ARRAY_SIZE(st->ctr) + ARRAY_SIZE(st->drop)) +
	       types_size(st->rx_pkts) + types_size(st->tx_pkts) +
	       errors_size();
	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	hdr = put_header(msg, info, ICMPGUARD_CMD_GET_STATS);
	if (!hdr ||
	    put_u64_array(msg, ICMPGUARD_A_COUNTERS, st->ctr,
			  ARRAY_SIZE(st->ctr), ICMPGUARD_CTR_PAD) ||
	    put_u64_array(msg, ICMPGUARD_A_DROPS, st->drop,
			  ARRAY_SIZE(st->drop), ICMPGUARD_DROP_PAD) ||
	    put_types(msg, ICMPGUARD_A_RX_TYPES, st->rx_pkts, st->rx_bytes) ||
	    put_types(msg, ICMPGUARD_A_TX_TYPES, st->tx_pkts, st->tx_bytes) ||
	    put_errors(msg, st)) {
		nlmsg_free(msg);
		goto out;
	}
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
out:
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

static int put_error_rates(struct sk_buff *msg,
			   const struct icmpguard_config *c)
{
	struct nlattr *nest, *entry;
	u8 type, code;
	int i;

	nest = nla_nest_start(msg, ICMPGUARD_CFG_A_ERROR_RATES);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < ICMPGUARD_ERR_SLOTS; i++) {
		icmpguard_err_type_code(i, &type, &code);
		entry = nla_nest_start(msg, ICMPGUARD_A_ERROR_RATE);
		if (!entry ||
		    nla_put_u8(msg, ICMPGUARD_ERATE_A_TYPE, type) ||
		    nla_put_u8(msg, ICMPGUARD_ERATE_A_CODE, code) ||
		    nla_put_u32(msg, ICMPGUARD_ERATE_A_RATE, c->err_cfg[i].rate) ||
		    nla_put_u32(msg, ICMPGUARD_ERATE_A_BURST,
				c->err_cfg[i].burst))
			return -EMSGSIZE;
		nla_nest_end(msg, entry);
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int put_config(struct sk_buff *msg, const struct icmpguard_config *c)
{
	struct nlattr *nest = nla_nest_start(msg, ICMPGUARD_A_CONFIG);

	if (!nest ||
	    nla_put_u32(msg, ICMPGUARD_CFG_A_FLAGS, c->flags) ||
	    nla_put_u32(msg, ICMPGUARD_CFG_A_REPLY_RATE, c->reply_rate) ||
	    nla_put_u32(msg, ICMPGUARD_CFG_A_REPLY_BURST, c->reply_burst) ||
	    nla_put_u32(msg, ICMPGUARD_CFG_A_DEST_RATE, c->dest_rate) ||
	    nla_put_u32(msg, ICMPGUARD_CFG_A_DEST_BURST, c->dest_burst) ||
	    nla_put_u8(msg, ICMPGUARD_CFG_A_POLICY, c->policy) ||
	    nla_put_u8(msg, ICMPGUARD_CFG_A_REJECT_CODE, c->reject_code) ||
	    nla_put_be32(msg, ICMPGUARD_CFG_A_ERROR_SOURCE, c->error_source) ||
	    nla_put_u8(msg, ICMPGUARD_CFG_A_FORWARD_POLICY, c->forward_policy) ||
	    nla_put_u32(msg, ICMPGUARD_CFG_A_FLOOD_RATE, c->flood_rate) ||
	    nla_put_u32(msg, ICMPGUARD_CFG_A_FLOOD_BURST, c->flood_burst) ||
	    nla_put_u8(msg, ICMPGUARD_CFG_A_FLOOD_PLEN, c->flood_plen) ||
	    nla_put_u32(msg, ICMPGUARD_CFG_A_GLOBAL_RATE, c->global_rate) ||
	    nla_put_u32(msg, ICMPGUARD_CFG_A_GLOBAL_BURST, c->global_burst) ||
	    nla_put_u32(msg, ICMPGUARD_CFG_A_MAX_SOURCES, c->max_sources) ||
	    put_error_rates(msg, c))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int get_config(struct sk_buff *skb, struct genl_info *info)
{
	struct icmpguard_net *ign = icmpguard_pernet(genl_info_net(info));
	const struct icmpguard_config *cfg;
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = put_header(msg, info, ICMPGUARD_CMD_GET_CONFIG);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	mutex_lock(&ign->lock);
	cfg = rcu_dereference_protected(ign->config,
					lockdep_is_held(&ign->lock));
	err = put_config(msg, cfg);
	mutex_unlock(&ign->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* 0.0.0.0 is "auto"; anything else must be a usable unicast source. */
static bool bad_error_source(__be32 a)
{
	if (!a)
		return false;
	return (a & htonl(0xff000000)) == 0 || ipv4_is_loopback(a) ||
	       ipv4_is_multicast(a) || ipv4_is_lbcast(a) ||
	       (a & htonl(0xf0000000)) == htonl(0xf0000000);
}

/* Applies one ICMPGUARD_A_ERROR_RATE entry to every slot it names. */
static int set_error_rate(struct icmpguard_config *cfg,
			  const struct nlattr *entry,
			  struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ICMPGUARD_ERATE_A_MAX + 1];
	int err, slot, first, last;
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
	if (NL_REQ_ATTR_CHECK(extack, entry, tb, ICMPGUARD_ERATE_A_TYPE) ||
	    NL_REQ_ATTR_CHECK(extack, entry, tb, ICMPGUARD_ERATE_A_RATE))
		return -EINVAL;
	type = nla_get_u8(tb[ICMPGUARD_ERATE_A_TYPE]);
	first = icmpguard_err_slot(type, 0);
	if (first < 0) {
		NL_SET_ERR_MSG_ATTR(extack, tb[ICMPGUARD_ERATE_A_TYPE],
				    "ICMPGUARD_ERATE_A_TYPE must be 3, 11 or 12");
		return -EINVAL;
	}
	last = first;
	while (icmpguard_err_slot(type, last - first + 1) >= 0)
		last++;
	if (tb[ICMPGUARD_ERATE_A_CODE]) {
		slot = icmpguard_err_slot(type,
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
		cfg->err_cfg[slot].rate =
			nla_get_u32(tb[ICMPGUARD_ERATE_A_RATE]);
		if (tb[ICMPGUARD_ERATE_A_BURST])
			cfg->err_cfg[slot].burst =
				nla_get_u32(tb[ICMPGUARD_ERATE_A_BURST]);
	}
	return 0;
}

static int set_config(struct sk_buff *skb, struct genl_info *info)
{
	struct icmpguard_net *ign = icmpguard_pernet(genl_info_net(info));
	struct nlattr *tb[ICMPGUARD_CFG_A_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	struct icmpguard_config cfg;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, ICMPGUARD_A_CONFIG))
		return -EINVAL;
	err = nla_parse_nested(tb, ICMPGUARD_CFG_A_MAX,
			       info->attrs[ICMPGUARD_A_CONFIG], cfg_policy,
			       extack);
	if (err)
		return err;
	if (tb[ICMPGUARD_CFG_A_REJECT_CODE] &&
	    nla_get_u8(tb[ICMPGUARD_CFG_A_REJECT_CODE]) == ICMP_FRAG_NEEDED) {
		NL_SET_ERR_MSG_ATTR(extack, tb[ICMPGUARD_CFG_A_REJECT_CODE],
				    "ICMPGUARD_CFG_A_REJECT_CODE 4 needs an MTU: not a reject code");
		return -EINVAL;
	}
	/*
	 * The table's entries are kernel memory no cgroup is charged for:
	 * growing it past the default is for the host's administrator, not
	 * for a container's root.
	 */
	if (tb[ICMPGUARD_CFG_A_MAX_SOURCES] &&
	    nla_get_u32(tb[ICMPGUARD_CFG_A_MAX_SOURCES]) >
	    icmpguard_limiter_default_max() &&
	    !netlink_capable(skb, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[ICMPGUARD_CFG_A_MAX_SOURCES],
				    "ICMPGUARD_CFG_A_MAX_SOURCES above the default needs CAP_NET_ADMIN in the initial user namespace");
		return -EPERM;
	}
	if (tb[ICMPGUARD_CFG_A_ERROR_SOURCE] &&
	    bad_error_source(nla_get_be32(tb[ICMPGUARD_CFG_A_ERROR_SOURCE]))) {
		NL_SET_ERR_MSG_ATTR(extack, tb[ICMPGUARD_CFG_A_ERROR_SOURCE],
				    "ICMPGUARD_CFG_A_ERROR_SOURCE is not a unicast address");
		return -EINVAL;
	}
	if (!!tb[ICMPGUARD_CFG_A_FLAGS] != !!tb[ICMPGUARD_CFG_A_FLAGS_MASK]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[ICMPGUARD_CFG_A_FLAGS] ?:
				    tb[ICMPGUARD_CFG_A_FLAGS_MASK],
				    "ICMPGUARD_CFG_A_FLAGS and ICMPGUARD_CFG_A_FLAGS_MASK go together");
		return -EINVAL;
	}

	mutex_lock(&ign->lock);
	cfg = *rcu_dereference_protected(ign->config,
					 lockdep_is_held(&ign->lock));
	if (tb[ICMPGUARD_CFG_A_FLAGS]) {
		u32 mask = nla_get_u32(tb[ICMPGUARD_CFG_A_FLAGS_MASK]);

		cfg.flags = (cfg.flags & ~mask) |
			    (nla_get_u32(tb[ICMPGUARD_CFG_A_FLAGS]) & mask);
	}
	if (tb[ICMPGUARD_CFG_A_REPLY_RATE])
		cfg.reply_rate = nla_get_u32(tb[ICMPGUARD_CFG_A_REPLY_RATE]);
	if (tb[ICMPGUARD_CFG_A_REPLY_BURST])
		cfg.reply_burst = nla_get_u32(tb[ICMPGUARD_CFG_A_REPLY_BURST]);
	if (tb[ICMPGUARD_CFG_A_DEST_RATE])
		cfg.dest_rate = nla_get_u32(tb[ICMPGUARD_CFG_A_DEST_RATE]);
	if (tb[ICMPGUARD_CFG_A_DEST_BURST])
		cfg.dest_burst = nla_get_u32(tb[ICMPGUARD_CFG_A_DEST_BURST]);
	if (tb[ICMPGUARD_CFG_A_POLICY])
		cfg.policy = nla_get_u8(tb[ICMPGUARD_CFG_A_POLICY]);
	if (tb[ICMPGUARD_CFG_A_REJECT_CODE])
		cfg.reject_code = nla_get_u8(tb[ICMPGUARD_CFG_A_REJECT_CODE]);
	if (tb[ICMPGUARD_CFG_A_ERROR_SOURCE])
		cfg.error_source =
			nla_get_be32(tb[ICMPGUARD_CFG_A_ERROR_SOURCE]);
	if (tb[ICMPGUARD_CFG_A_FORWARD_POLICY])
		cfg.forward_policy =
			nla_get_u8(tb[ICMPGUARD_CFG_A_FORWARD_POLICY]);
	if (tb[ICMPGUARD_CFG_A_FLOOD_RATE])
		cfg.flood_rate = nla_get_u32(tb[ICMPGUARD_CFG_A_FLOOD_RATE]);
	if (tb[ICMPGUARD_CFG_A_FLOOD_BURST])
		cfg.flood_burst = nla_get_u32(tb[ICMPGUARD_CFG_A_FLOOD_BURST]);
	if (tb[ICMPGUARD_CFG_A_FLOOD_PLEN])
		cfg.flood_plen = nla_get_u8(tb[ICMPGUARD_CFG_A_FLOOD_PLEN]);
	if (tb[ICMPGUARD_CFG_A_GLOBAL_RATE])
		cfg.global_rate = nla_get_u32(tb[ICMPGUARD_CFG_A_GLOBAL_RATE]);
	if (tb[ICMPGUARD_CFG_A_GLOBAL_BURST])
		cfg.global_burst =
			nla_get_u32(tb[ICMPGUARD_CFG_A_GLOBAL_BURST]);
	if (tb[ICMPGUARD_CFG_A_MAX_SOURCES])
		cfg.max_sources = nla_get_u32(tb[ICMPGUARD_CFG_A_MAX_SOURCES]);
	if (tb[ICMPGUARD_CFG_A_ERROR_RATES]) {
		struct nlattr *entry;
		int rem;

		nla_for_each_nested(entry, tb[ICMPGUARD_CFG_A_ERROR_RATES],
				    rem) {
			err = set_error_rate(&cfg, entry, extack);
			if (err)
				goto out;
		}
	}
	err = icmpguard_config_commit(ign, &cfg);
out:
	mutex_unlock(&ign->lock);
	if (err == -ERANGE)
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[ICMPGUARD_A_CONFIG],
				    "rate times burst overflows the bucket");
	return err;
}

static int parse_prefix(struct genl_info *info, __be32 *addr, u8 *plen)
{
	struct nlattr *tb[ICMPGUARD_PFX_A_MAX + 1];
	struct nlattr *nest = info->attrs[ICMPGUARD_A_PREFIX];
	int err;

	if (GENL_REQ_ATTR_CHECK(info, ICMPGUARD_A_PREFIX))
		return -EINVAL;
	err = nla_parse_nested(tb, ICMPGUARD_PFX_A_MAX, nest, pfx_policy,
			       info->extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb, ICMPGUARD_PFX_A_ADDR) ||
	    NL_REQ_ATTR_CHECK(info->extack, nest, tb, ICMPGUARD_PFX_A_PLEN))
		return -EINVAL;
	*addr = nla_get_be32(tb[ICMPGUARD_PFX_A_ADDR]);
	*plen = nla_get_u8(tb[ICMPGUARD_PFX_A_PLEN]);
	if (*plen < 32 && (ntohl(*addr) & (~0U >> *plen))) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[ICMPGUARD_PFX_A_ADDR],
				    "ICMPGUARD_PFX_A_ADDR has host bits set");
		return -EINVAL;
	}
	return 0;
}

static int add_owned(struct sk_buff *skb, struct genl_info *info)
{
	struct icmpguard_net *ign = icmpguard_pernet(genl_info_net(info));
	__be32 addr;
	u8 plen;
	int err;

	err = parse_prefix(info, &addr, &plen);
	if (err)
		return err;
	mutex_lock(&ign->lock);
	err = icmpguard_owned_add(&ign->owned, addr, plen);
	mutex_unlock(&ign->lock);
	if (err == -EEXIST)
		NL_SET_ERR_MSG(info->extack, "prefix is already owned");
	else if (err == -ENOSPC)
		NL_SET_ERR_MSG(info->extack, "too many owned prefixes");
	return err;
}

static int del_owned(struct sk_buff *skb, struct genl_info *info)
{
	struct icmpguard_net *ign = icmpguard_pernet(genl_info_net(info));
	__be32 addr;
	u8 plen;
	int err;

	err = parse_prefix(info, &addr, &plen);
	if (err)
		return err;
	mutex_lock(&ign->lock);
	err = icmpguard_owned_del(&ign->owned, addr, plen);
	mutex_unlock(&ign->lock);
	if (err == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "prefix is not owned");
	return err;
}

static int flush_owned(struct sk_buff *skb, struct genl_info *info)
{
	struct icmpguard_net *ign = icmpguard_pernet(genl_info_net(info));

	mutex_lock(&ign->lock);
	icmpguard_owned_flush(&ign->owned);
	mutex_unlock(&ign->lock);
	return 0;
}

struct dump_ctx {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	u8 plen;
};

static int put_prefix(void *arg, __be32 addr, u8 plen)
{
	struct dump_ctx *ctx = arg;
	struct netlink_callback *cb = ctx->cb;
	struct sk_buff *skb = ctx->skb;
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &icmpguard_family, NLM_F_MULTI,
			  ICMPGUARD_CMD_GET_OWNED);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	nest = nla_nest_start(skb, ICMPGUARD_A_PREFIX);
	if (!nest ||
	    nla_put_be32(skb, ICMPGUARD_PFX_A_ADDR, addr) ||
	    nla_put_u8(skb, ICMPGUARD_PFX_A_PLEN, plen)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
}

/* cb->args[0]: prefixes already sent. */
static int dump_owned(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct icmpguard_net *ign = icmpguard_pernet(sock_net(skb->sk));
	struct dump_ctx ctx = { .skb = skb, .cb = cb };

	mutex_lock(&ign->lock);
	/* A change between two parts of the dump sets NLM_F_DUMP_INTR. */
	cb->seq = ign->owned.generation + 1;
	icmpguard_owned_walk(&ign->owned, &cb->args[0], put_prefix, &ctx);
	mutex_unlock(&ign->lock);
	return skb->len;
}

static int add_rule(struct sk_buff *skb, struct genl_info *info)
{
	struct icmpguard_net *ign = icmpguard_pernet(genl_info_net(info));
	struct icmpguard_rule *rule;
	struct sk_buff *msg;
	s64 index = -1;
	void *hdr;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, ICMPGUARD_A_RULE))
		return -EINVAL;
	if (info->attrs[ICMPGUARD_A_RULE_INDEX])
		index = nla_get_u32(info->attrs[ICMPGUARD_A_RULE_INDEX]);
	rule = icmpguard_rule_parse(info->attrs[ICMPGUARD_A_RULE],
				    info->extack);
	if (IS_ERR(rule))
		return PTR_ERR(rule);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		icmpguard_rule_put(rule);
		return -ENOMEM;
	}
	mutex_lock(&ign->lock);
	err = icmpguard_rules_add(&ign->rules, rule, index, info->extack);
	mutex_unlock(&ign->lock);
	hdr = put_header(msg, info, ICMPGUARD_CMD_ADD_RULE);
	if (!err && (!hdr || icmpguard_rule_fill(msg, rule)))
		err = -EMSGSIZE;
	icmpguard_rule_put(rule);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int del_rule(struct sk_buff *skb, struct genl_info *info)
{
	struct icmpguard_net *ign = icmpguard_pernet(genl_info_net(info));
	int err;

	if (GENL_REQ_ATTR_CHECK(info, ICMPGUARD_A_RULE_HANDLE))
		return -EINVAL;
	mutex_lock(&ign->lock);
	err = icmpguard_rules_del(&ign->rules,
				  nla_get_u32(info->attrs[ICMPGUARD_A_RULE_HANDLE]));
	mutex_unlock(&ign->lock);
	if (err == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[ICMPGUARD_A_RULE_HANDLE],
				    "no rule has this handle");
	return err;
}

static int flush_rules(struct sk_buff *skb, struct genl_info *info)
{
	struct icmpguard_net *ign = icmpguard_pernet(genl_info_net(info));
	int dir = -1, err;

	if (info->attrs[ICMPGUARD_A_DIR])
		dir = nla_get_u8(info->attrs[ICMPGUARD_A_DIR]);
	mutex_lock(&ign->lock);
	err = icmpguard_rules_flush(&ign->rules, dir);
	mutex_unlock(&ign->lock);
	return err;
}

/*
 * The new set comes as top-level ICMPGUARD_A_RULE attributes, as many as
 * the message holds: a nest could not hold more than 64 KiB.
 */
static int replace_rules(struct sk_buff *skb, struct genl_info *info)
{
	struct icmpguard_net *ign = icmpguard_pernet(genl_info_net(info));
	struct icmpguard_rule **rules;
	unsigned int n = 0, i;
	struct nlattr *attr;
	int rem, err = 0;

	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem)
		n++;
	if (n > ICMPGUARD_RULES_MAX) {
		NL_SET_ERR_MSG(info->extack, "more than ICMPGUARD_RULES_MAX rules");
		return -ENOSPC;
	}
	rules = kvcalloc(max(n, 1U), sizeof(*rules), GFP_KERNEL);
	if (!rules)
		return -ENOMEM;
	n = 0;
	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem) {
		rules[n] = icmpguard_rule_parse(attr, info->extack);
		if (IS_ERR(rules[n])) {
			err = PTR_ERR(rules[n]);
			rules[n] = NULL;
			goto out;
		}
		n++;
		cond_resched();
	}
	mutex_lock(&ign->lock);
	err = icmpguard_rules_replace(&ign->rules, rules, n, info->extack);
	mutex_unlock(&ign->lock);
out:
	for (i = 0; i < n; i++)
		icmpguard_rule_put(rules[i]);
	kvfree(rules);
	return err;
}

static int put_rule(void *arg, const struct icmpguard_rule *rule)
{
	struct dump_ctx *ctx = arg;
	void *hdr;

	hdr = genlmsg_put(ctx->skb, NETLINK_CB(ctx->cb->skb).portid,
			  ctx->cb->nlh->nlmsg_seq, &icmpguard_family,
			  NLM_F_MULTI, ICMPGUARD_CMD_GET_RULES);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(ctx->cb, hdr);
	if (icmpguard_rule_fill(ctx->skb, rule)) {
		genlmsg_cancel(ctx->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(ctx->skb, hdr);
	return 0;
}

/* cb->args[0]: rules already sent. */
static int dump_rules(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct icmpguard_net *ign = icmpguard_pernet(sock_net(skb->sk));
	struct dump_ctx ctx = { .skb = skb, .cb = cb };

	mutex_lock(&ign->lock);
	cb->seq = ign->rules.generation + 1;
	icmpguard_rules_walk(&ign->rules, &cb->args[0], put_rule, &ctx);
	mutex_unlock(&ign->lock);
	return skb->len;
}

static int put_source(void *arg, u64 key, u64 limited, bool flooding)
{
	struct dump_ctx *ctx = arg;
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(ctx->skb, NETLINK_CB(ctx->cb->skb).portid,
			  ctx->cb->nlh->nlmsg_seq, &icmpguard_family,
			  NLM_F_MULTI, ICMPGUARD_CMD_GET_SOURCES);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(ctx->skb, ICMPGUARD_A_SOURCE);
	if (!nest ||
	    nla_put_be32(ctx->skb, ICMPGUARD_SRC_A_ADDR,
			 (__force __be32)(u32)key) ||
	    nla_put_u8(ctx->skb, ICMPGUARD_SRC_A_PLEN, ctx->plen) ||
	    nla_put_u64_64bit(ctx->skb, ICMPGUARD_SRC_A_LIMITED, limited,
			      ICMPGUARD_SRC_A_PAD) ||
	    nla_put_u8(ctx->skb, ICMPGUARD_SRC_A_FLOODING, flooding)) {
		genlmsg_cancel(ctx->skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(ctx->skb, nest);
	genlmsg_end(ctx->skb, hdr);
	return 0;
}

/* cb->args[0]: the limiter's walk position. */
static int dump_sources(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct icmpguard_net *ign = icmpguard_pernet(sock_net(skb->sk));
	struct dump_ctx ctx = { .skb = skb, .cb = cb };

	rcu_read_lock();
	ctx.plen = rcu_dereference(ign->config)->flood_plen;
	rcu_read_unlock();
	icmpguard_limiter_walk(&ign->flood.sources, &cb->args[0], put_source,
			       &ctx);
	return skb->len;
}

bool icmpguard_nl_event_wanted(struct net *net)
{
	return genl_has_listeners(&icmpguard_family, net, 0);
}

int icmpguard_nl_event(struct net *net, u8 type, bool source, __be32 addr,
		       u8 plen, u64 dropped)
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
	if (source && (nla_put_be32(msg, ICMPGUARD_EVT_A_ADDR, addr) ||
		       nla_put_u8(msg, ICMPGUARD_EVT_A_PLEN, plen)))
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

static const struct genl_ops icmpguard_ops[] = {
	{
		.cmd = ICMPGUARD_CMD_GET_STATS,
		.doit = get_stats,
		.policy = none_policy,
		.maxattr = ICMPGUARD_A_MAX,
	},
	{
		.cmd = ICMPGUARD_CMD_RESET_STATS,
		.doit = reset_stats,
		.policy = none_policy,
		.maxattr = ICMPGUARD_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ICMPGUARD_CMD_GET_CONFIG,
		.doit = get_config,
		.policy = none_policy,
		.maxattr = ICMPGUARD_A_MAX,
	},
	{
		.cmd = ICMPGUARD_CMD_SET_CONFIG,
		.doit = set_config,
		.policy = config_policy,
		.maxattr = ICMPGUARD_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ICMPGUARD_CMD_ADD_OWNED,
		.doit = add_owned,
		.policy = prefix_policy,
		.maxattr = ICMPGUARD_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ICMPGUARD_CMD_DEL_OWNED,
		.doit = del_owned,
		.policy = prefix_policy,
		.maxattr = ICMPGUARD_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ICMPGUARD_CMD_GET_OWNED,
		.dumpit = dump_owned,
		.policy = none_policy,
		.maxattr = ICMPGUARD_A_MAX,
	},
	{
		.cmd = ICMPGUARD_CMD_FLUSH_OWNED,
		.doit = flush_owned,
		.policy = none_policy,
		.maxattr = ICMPGUARD_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ICMPGUARD_CMD_ADD_RULE,
		.doit = add_rule,
		.policy = rule_policy,
		.maxattr = ICMPGUARD_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ICMPGUARD_CMD_DEL_RULE,
		.doit = del_rule,
		.policy = rule_del_policy,
		.maxattr = ICMPGUARD_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ICMPGUARD_CMD_GET_RULES,
		.dumpit = dump_rules,
		.policy = none_policy,
		.maxattr = ICMPGUARD_A_MAX,
	},
	{
		.cmd = ICMPGUARD_CMD_FLUSH_RULES,
		.doit = flush_rules,
		.policy = rule_flush_policy,
		.maxattr = ICMPGUARD_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ICMPGUARD_CMD_REPLACE_RULES,
		.doit = replace_rules,
		.policy = rule_replace_policy,
		.maxattr = ICMPGUARD_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ICMPGUARD_CMD_GET_SOURCES,
		.dumpit = dump_sources,
		.policy = none_policy,
		.maxattr = ICMPGUARD_A_MAX,
	},
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
