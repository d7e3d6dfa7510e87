// SPDX-License-Identifier: GPL-2.0
/*
 * Filter rules: their attributes; see rule.h.
 */
#include <errno.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>

#include "icmpctl.h"

#define RULE_A(x)	ICMPGUARD_RULE_A_##x

void rule_put(struct nlmsghdr *nlh, __u16 type, const struct rule *r)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	/* IPv4 as the module takes a rule without family */
	if (r->family == AF_INET6)
		mnl_attr_put_u8(nlh, RULE_A(FAMILY), AF_INET6);
	mnl_attr_put_u8(nlh, RULE_A(DIR), (__u8)r->dir);
	if (r->has & RULE_HAS_TYPES)
		mnl_attr_put(nlh, RULE_A(TYPES), BITMAP_BYTES, r->types);
	if (r->has & RULE_HAS_CODES)
		mnl_attr_put(nlh, RULE_A(CODES), BITMAP_BYTES, r->codes);
	if (r->has & RULE_HAS_SRC)
		prefix_put(nlh, RULE_A(SRC), &r->src);
	if (r->has & RULE_HAS_DST)
		prefix_put(nlh, RULE_A(DST), &r->dst);
	if (r->has & RULE_HAS_IIF)
		mnl_attr_put_strz(nlh, RULE_A(IIF), r->iif);
	if (r->has & RULE_HAS_OIF)
		mnl_attr_put_strz(nlh, RULE_A(OIF), r->oif);
	if (r->has & RULE_HAS_LEN) {
		mnl_attr_put_u16(nlh, RULE_A(LEN_MIN), (__u16)r->len_min);
		mnl_attr_put_u16(nlh, RULE_A(LEN_MAX), (__u16)r->len_max);
	}
	mnl_attr_put_u8(nlh, RULE_A(ACTION), (__u8)r->action);
	if (r->has & RULE_HAS_REJECT_CODE)
		mnl_attr_put_u8(nlh, RULE_A(REJECT_CODE), (__u8)r->reject_code);
	if (r->action == ICMPGUARD_ACT_LIMIT) {
		mnl_attr_put_u32(nlh, RULE_A(LIMIT_RATE), r->rate);
		mnl_attr_put_u32(nlh, RULE_A(LIMIT_BURST), r->burst);
		mnl_attr_put_u32(nlh, RULE_A(LIMIT_FLAGS), r->limit_flags);
		if (r->plen)
			mnl_attr_put_u8(nlh, RULE_A(LIMIT_PLEN), (__u8)r->plen);
	}
	mnl_attr_nest_end(nlh, nest);
}

/* The attribute that gives RULE_HAS_ bit n, at index n. */
static const unsigned char has[] = {
	RULE_A(HANDLE), RULE_A(TYPES), RULE_A(CODES), RULE_A(SRC),
	RULE_A(DST), RULE_A(IIF), RULE_A(OIF), RULE_A(LEN_MIN),
	RULE_A(REJECT_CODE), RULE_A(PACKETS),
};

static __u64 attr_or(const struct nlattr *a, __u64 none)
{
	return a ? attr_uint(a) : none;
}

int rule_parse_nest(const struct nlattr *a, struct rule *r)
{
	const struct nlattr *tb[ATTR_TB_MAX];
	unsigned int i;

	memset(r, 0, sizeof(*r));
	if (attr_parse(a, AS_RULE, tb) || !tb[RULE_A(DIR)] ||
	    !tb[RULE_A(ACTION)])
		return -EBADMSG;
	r->family = (int)attr_or(tb[RULE_A(FAMILY)], AF_INET);
	r->dir = (unsigned int)attr_or(tb[RULE_A(DIR)], 0);
	r->action = (unsigned int)attr_or(tb[RULE_A(ACTION)], 0);
	if ((tb[RULE_A(SRC)] && prefix_get_nest(tb[RULE_A(SRC)], &r->src)) ||
	    (tb[RULE_A(DST)] && prefix_get_nest(tb[RULE_A(DST)], &r->dst)))
		return -EBADMSG;
	if (tb[RULE_A(TYPES)])
		memcpy(r->types, mnl_attr_get_payload(tb[RULE_A(TYPES)]),
		       BITMAP_BYTES);
	if (tb[RULE_A(CODES)])
		memcpy(r->codes, mnl_attr_get_payload(tb[RULE_A(CODES)]),
		       BITMAP_BYTES);
	if (tb[RULE_A(IIF)])
		strcpy(r->iif, mnl_attr_get_str(tb[RULE_A(IIF)]));
	if (tb[RULE_A(OIF)])
		strcpy(r->oif, mnl_attr_get_str(tb[RULE_A(OIF)]));
	r->handle = (__u32)attr_or(tb[RULE_A(HANDLE)], 0);
	r->len_min = (unsigned int)attr_or(tb[RULE_A(LEN_MIN)], 0);
	r->len_max = (unsigned int)attr_or(tb[RULE_A(LEN_MAX)], RULE_LEN_MAX);
	r->reject_code = (unsigned int)attr_or(tb[RULE_A(REJECT_CODE)], 0);
	r->rate = (__u32)attr_or(tb[RULE_A(LIMIT_RATE)], 0);
	r->burst = (__u32)attr_or(tb[RULE_A(LIMIT_BURST)], 0);
	r->limit_flags = (__u32)attr_or(tb[RULE_A(LIMIT_FLAGS)], 0);
	r->plen = (unsigned int)attr_or(tb[RULE_A(LIMIT_PLEN)], 0);
	r->packets = attr_or(tb[RULE_A(PACKETS)], 0);
	r->bytes = attr_or(tb[RULE_A(BYTES)], 0);
	r->limited = attr_or(tb[RULE_A(LIMITED)], 0);
	for (i = 0; i < ARRAY_SIZE(has); i++)
		if (tb[has[i]])
			r->has |= 1U << i;
	if (tb[RULE_A(LEN_MAX)])
		r->has |= RULE_HAS_LEN;
	if ((r->has & RULE_HAS_SRC && r->src.family != r->family) ||
	    (r->has & RULE_HAS_DST && r->dst.family != r->family) ||
	    r->len_min > r->len_max)
		return -EBADMSG;
	return 0;
}

int rule_msg_parse(const struct nlmsghdr *nlh, void *rule)
{
	const struct nlattr *tb[ATTR_TB_MAX];

	if (attr_parse_msg(nlh, AS_TOP, tb) || !tb[ICMPGUARD_A_RULE])
		return -EBADMSG;
	return rule_parse_nest(tb[ICMPGUARD_A_RULE], rule);
}
