// SPDX-License-Identifier: GPL-2.0
/*
 * Filter rules: their attributes; see rule.h.
 */
#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>
#include <libmnl/libmnl.h>

#include "../module/uapi/icmpguard.h"
#include "rule.h"
#include "util.h"

/* Bytes an attribute of len bytes takes, padding included. */
static size_t attr_size(size_t len)
{
	return MNL_ALIGN(MNL_ATTR_HDRLEN + len);
}

static size_t pfx_size(void)
{
	return attr_size(0) + attr_size(sizeof(__u32)) +
	       attr_size(sizeof(__u8));
}

size_t icg_rule_size(const struct icg_rule *r)
{
	size_t u8 = attr_size(sizeof(__u8));
	size_t u16 = attr_size(sizeof(__u16));
	size_t u32 = attr_size(sizeof(__u32));
	size_t bm = attr_size(ICG_BITMAP_BYTES);
	size_t size = attr_size(0) + 2 * u8;	/* DIR, ACTION */

	if (r->has & RULE_HAS_TYPES)
		size += bm;
	if (r->has & RULE_HAS_CODES)
		size += bm;
	if (r->has & RULE_HAS_SRC)
		size += pfx_size();
	if (r->has & RULE_HAS_DST)
		size += pfx_size();
	if (r->has & RULE_HAS_IIF)
		size += attr_size(strlen(r->iif) + 1);
	if (r->has & RULE_HAS_OIF)
		size += attr_size(strlen(r->oif) + 1);
	if (r->has & RULE_HAS_LEN)
		size += 2 * u16;
	if (r->has & RULE_HAS_REJECT_CODE)
		size += u8;
	if (r->action == ICMPGUARD_ACT_LIMIT)
		size += 3 * u32 + (r->plen ? u8 : 0);
	return size;
}

static void put_pfx(struct nlmsghdr *nlh, __u16 type,
		    const struct icg_prefix *pfx)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	mnl_attr_put(nlh, ICMPGUARD_PFX_A_ADDR, sizeof(pfx->addr), &pfx->addr);
	mnl_attr_put_u8(nlh, ICMPGUARD_PFX_A_PLEN, (__u8)pfx->plen);
	mnl_attr_nest_end(nlh, nest);
}

void icg_rule_put(struct nlmsghdr *nlh, __u16 type, const struct icg_rule *r)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_DIR, (__u8)r->dir);
	if (r->has & RULE_HAS_TYPES)
		mnl_attr_put(nlh, ICMPGUARD_RULE_A_TYPES, ICG_BITMAP_BYTES,
			     r->types);
	if (r->has & RULE_HAS_CODES)
		mnl_attr_put(nlh, ICMPGUARD_RULE_A_CODES, ICG_BITMAP_BYTES,
			     r->codes);
	if (r->has & RULE_HAS_SRC)
		put_pfx(nlh, ICMPGUARD_RULE_A_SRC, &r->src);
	if (r->has & RULE_HAS_DST)
		put_pfx(nlh, ICMPGUARD_RULE_A_DST, &r->dst);
	if (r->has & RULE_HAS_IIF)
		mnl_attr_put_strz(nlh, ICMPGUARD_RULE_A_IIF, r->iif);
	if (r->has & RULE_HAS_OIF)
		mnl_attr_put_strz(nlh, ICMPGUARD_RULE_A_OIF, r->oif);
	if (r->has & RULE_HAS_LEN) {
		mnl_attr_put_u16(nlh, ICMPGUARD_RULE_A_LEN_MIN,
				 (__u16)r->len_min);
		mnl_attr_put_u16(nlh, ICMPGUARD_RULE_A_LEN_MAX,
				 (__u16)r->len_max);
	}
	mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_ACTION, (__u8)r->action);
	if (r->has & RULE_HAS_REJECT_CODE)
		mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_REJECT_CODE,
				(__u8)r->reject_code);
	if (r->action == ICMPGUARD_ACT_LIMIT) {
		mnl_attr_put_u32(nlh, ICMPGUARD_RULE_A_LIMIT_RATE, r->rate);
		mnl_attr_put_u32(nlh, ICMPGUARD_RULE_A_LIMIT_BURST, r->burst);
		mnl_attr_put_u32(nlh, ICMPGUARD_RULE_A_LIMIT_FLAGS,
				 r->limit_flags);
		if (r->plen)
			mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_LIMIT_PLEN,
					(__u8)r->plen);
	}
	mnl_attr_nest_end(nlh, nest);
}

/* Decoding */

/* An unsigned value of 1, 2, 4 or 8 bytes: 0, or -1. */
static int uint_value(const struct nlattr *a, __u64 *v)
{
	switch (mnl_attr_get_payload_len(a)) {
	case 1:
		*v = mnl_attr_get_u8(a);
		return 0;
	case 2:
		*v = mnl_attr_get_u16(a);
		return 0;
	case 4:
		*v = mnl_attr_get_u32(a);
		return 0;
	case 8:
		*v = mnl_attr_get_u64(a);
		return 0;
	default:
		return -1;
	}
}

/* Each attribute's size: 1, 2, 4 bytes; 0 when nested or variable. */
static const unsigned char rule_attr_len[] = {
	[ICMPGUARD_RULE_A_HANDLE]	= 4,
	[ICMPGUARD_RULE_A_DIR]		= 1,
	[ICMPGUARD_RULE_A_LEN_MIN]	= 2,
	[ICMPGUARD_RULE_A_LEN_MAX]	= 2,
	[ICMPGUARD_RULE_A_ACTION]	= 1,
	[ICMPGUARD_RULE_A_REJECT_CODE]	= 1,
	[ICMPGUARD_RULE_A_LIMIT_RATE]	= 4,
	[ICMPGUARD_RULE_A_LIMIT_BURST]	= 4,
	[ICMPGUARD_RULE_A_LIMIT_PLEN]	= 1,
};

struct rule_walk {
	struct icg_rule *r;
	unsigned int seen;	/* 1: direction, 2: action */
	struct icg_prefix *pfx;
	unsigned int pfx_seen;
};

static int pfx_attr_cb(const struct nlattr *a, void *data)
{
	struct rule_walk *w = data;

	switch (mnl_attr_get_type(a)) {
	case ICMPGUARD_PFX_A_ADDR:
		if (mnl_attr_validate(a, MNL_TYPE_U32))
			return MNL_CB_ERROR;
		w->pfx->addr = mnl_attr_get_u32(a);
		w->pfx_seen |= 1;
		break;
	case ICMPGUARD_PFX_A_PLEN:
		if (mnl_attr_validate(a, MNL_TYPE_U8) ||
		    mnl_attr_get_u8(a) > 32)
			return MNL_CB_ERROR;
		w->pfx->plen = mnl_attr_get_u8(a);
		w->pfx_seen |= 2;
		break;
	default:
		break;
	}
	return MNL_CB_OK;
}

static int get_pfx(const struct nlattr *a, struct rule_walk *w,
		   struct icg_prefix *pfx)
{
	w->pfx = pfx;
	w->pfx_seen = 0;
	if (mnl_attr_validate(a, MNL_TYPE_NESTED) ||
	    mnl_attr_parse_nested(a, pfx_attr_cb, w) < 0 || w->pfx_seen != 3)
		return -1;
	return 0;
}

static int get_ifname(const struct nlattr *a, char *name)
{
	if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) ||
	    strlen(mnl_attr_get_str(a)) >= ICG_IFNAMSIZ)
		return -1;
	strcpy(name, mnl_attr_get_str(a));
	return 0;
}

/* Sets the fields of r from attribute type, of value v. */
static void rule_set_value(struct icg_rule *r, unsigned int type, __u64 v)
{
	switch (type) {
	case ICMPGUARD_RULE_A_HANDLE:
		r->handle = (__u32)v;
		r->has |= RULE_HAS_HANDLE;
		break;
	case ICMPGUARD_RULE_A_DIR:
		r->dir = (unsigned int)v;
		break;
	case ICMPGUARD_RULE_A_LEN_MIN:
		r->len_min = (unsigned int)v;
		r->has |= RULE_HAS_LEN;
		break;
	case ICMPGUARD_RULE_A_LEN_MAX:
		r->len_max = (unsigned int)v;
		r->has |= RULE_HAS_LEN;
		break;
	case ICMPGUARD_RULE_A_ACTION:
		r->action = (unsigned int)v;
		break;
	case ICMPGUARD_RULE_A_REJECT_CODE:
		r->reject_code = (unsigned int)v;
		r->has |= RULE_HAS_REJECT_CODE;
		break;
	case ICMPGUARD_RULE_A_LIMIT_RATE:
		r->rate = (__u32)v;
		break;
	case ICMPGUARD_RULE_A_LIMIT_BURST:
		r->burst = (__u32)v;
		break;
	case ICMPGUARD_RULE_A_LIMIT_FLAGS:
		r->limit_flags = (__u32)v;
		break;
	case ICMPGUARD_RULE_A_LIMIT_PLEN:
		r->plen = (unsigned int)v;
		break;
	case ICMPGUARD_RULE_A_PACKETS:
		r->packets = v;
		r->has |= RULE_HAS_COUNTERS;
		break;
	case ICMPGUARD_RULE_A_BYTES:
		r->bytes = v;
		r->has |= RULE_HAS_COUNTERS;
		break;
	case ICMPGUARD_RULE_A_LIMITED:
		r->limited = v;
		r->has |= RULE_HAS_COUNTERS;
		break;
	}
}

static int rule_attr_cb(const struct nlattr *a, void *data)
{
	struct rule_walk *w = data;
	struct icg_rule *r = w->r;
	unsigned int type = mnl_attr_get_type(a);
	__u64 v;

	switch (type) {
	case ICMPGUARD_RULE_A_TYPES:
	case ICMPGUARD_RULE_A_CODES:
		if (mnl_attr_get_payload_len(a) != ICG_BITMAP_BYTES)
			return MNL_CB_ERROR;
		memcpy(type == ICMPGUARD_RULE_A_TYPES ? r->types : r->codes,
		       mnl_attr_get_payload(a), ICG_BITMAP_BYTES);
		r->has |= type == ICMPGUARD_RULE_A_TYPES ? RULE_HAS_TYPES :
			  RULE_HAS_CODES;
		return MNL_CB_OK;
	case ICMPGUARD_RULE_A_SRC:
		r->has |= RULE_HAS_SRC;
		return get_pfx(a, w, &r->src) ? MNL_CB_ERROR : MNL_CB_OK;
	case ICMPGUARD_RULE_A_DST:
		r->has |= RULE_HAS_DST;
		return get_pfx(a, w, &r->dst) ? MNL_CB_ERROR : MNL_CB_OK;
	case ICMPGUARD_RULE_A_IIF:
		r->has |= RULE_HAS_IIF;
		return get_ifname(a, r->iif) ? MNL_CB_ERROR : MNL_CB_OK;
	case ICMPGUARD_RULE_A_OIF:
		r->has |= RULE_HAS_OIF;
		return get_ifname(a, r->oif) ? MNL_CB_ERROR : MNL_CB_OK;
	case ICMPGUARD_RULE_A_LIMIT_FLAGS:	/* of a size not said */
	case ICMPGUARD_RULE_A_PACKETS:
	case ICMPGUARD_RULE_A_BYTES:
	case ICMPGUARD_RULE_A_LIMITED:
		break;
	default:
		if (type >= ARRAY_SIZE(rule_attr_len) || !rule_attr_len[type])
			return MNL_CB_OK;	/* PAD, or newer */
		if (mnl_attr_get_payload_len(a) != rule_attr_len[type])
			return MNL_CB_ERROR;
		break;
	}
	if (uint_value(a, &v))
		return MNL_CB_ERROR;
	rule_set_value(r, type, v);
	if (type == ICMPGUARD_RULE_A_DIR)
		w->seen |= 1;
	if (type == ICMPGUARD_RULE_A_ACTION)
		w->seen |= 2;
	return MNL_CB_OK;
}

int icg_rule_attr_parse(const struct nlattr *a, struct icg_rule *r)
{
	struct rule_walk w = { r, 0, NULL, 0 };

	memset(r, 0, sizeof(*r));
	r->len_max = ICG_LEN_MAX;
	if (mnl_attr_validate(a, MNL_TYPE_NESTED) ||
	    mnl_attr_parse_nested(a, rule_attr_cb, &w) < 0 || w.seen != 3 ||
	    r->len_min > r->len_max)
		return -EBADMSG;
	return 0;
}

struct msg_walk {
	struct icg_rule *r;
	int got;
};

static int msg_attr_cb(const struct nlattr *a, void *data)
{
	struct msg_walk *w = data;

	if (mnl_attr_get_type(a) != ICMPGUARD_A_RULE)
		return MNL_CB_OK;
	if (w->got || icg_rule_attr_parse(a, w->r))
		return MNL_CB_ERROR;
	w->got = 1;
	return MNL_CB_OK;
}

int icg_rule_msg_parse(const struct nlmsghdr *nlh, struct icg_rule *r)
{
	struct msg_walk w = { r, 0 };

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr) ||
	    mnl_attr_parse(nlh, sizeof(struct genlmsghdr), msg_attr_cb,
			   &w) < 0 || !w.got)
		return -EBADMSG;
	return 0;
}

