// SPDX-License-Identifier: GPL-2.0
/*
 * The attribute sets of uapi/icmpguard.h; see attrs.h.
 *
 * One table per set, indexed by the header's enum, as long as the enum
 * (checked when this file is built) and without a hole (checked by the
 * unit test), so that an attribute added to the header cannot be left
 * without a name.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <linux/genetlink.h>
#include <libmnl/libmnl.h>

#include "icmpctl.h"

enum attr_kind {
	AK_ANY,		/* not checked: PAD, UNSPEC */
	AK_U8, AK_U16, AK_U32, AK_U64, AK_ADDR6, AK_BITMAP,	/* that size */
	AK_UINT,	/* a counter: 4 or 8 bytes */
	AK_IFNAME,	/* NUL-terminated, shorter than IFNAMSIZ */
	AK_NEST,
};

struct attr_desc {
	const char *name;
	unsigned char kind;
	unsigned char nest;	/* the set of a nest, AS_NONE if not walked */
};

/* An attribute ICMPGUARD_<p><x> of kind k; a nest of set s */
#define A(p, x, k) \
	[ICMPGUARD_##p##x] = { "ICMPGUARD_" #p #x, AK_##k }
#define N(p, x, s) \
	[ICMPGUARD_##p##x] = { "ICMPGUARD_" #p #x, AK_NEST, AS_##s }

static const struct attr_desc top[] = {
	A(A_, UNSPEC, ANY), A(A_, PAD, ANY), A(A_, COUNTERS, NEST),
	A(A_, DROPS, NEST), N(A_, RX_TYPES, TYPES), N(A_, TX_TYPES, TYPES),
	N(A_, CONFIG, CFG), N(A_, PREFIX, PFX), N(A_, ERRORS, ERRORS),
	N(A_, RULE, RULE), A(A_, RULE_INDEX, U32), A(A_, RULE_HANDLE, U32),
	A(A_, DIR, U8), N(A_, SOURCE, SRC), N(A_, EVENT, EVT),
	A(A_, FAMILY, U8), A(A_, FLUSH, U32), N(A_, PREFIX_DEL, PFX),
	A(A_, GENERATION, U32),
};

static const struct attr_desc cfg[] = {
	A(CFG_A_, UNSPEC, ANY), A(CFG_A_, FLAGS, U32),
	A(CFG_A_, FLAGS_MASK, U32), A(CFG_A_, REPLY_RATE, U32),
	A(CFG_A_, REPLY_BURST, U32), A(CFG_A_, DEST_RATE, U32),
	A(CFG_A_, DEST_BURST, U32), A(CFG_A_, POLICY, U8),
	A(CFG_A_, REJECT_CODE, U8), A(CFG_A_, ERROR_SOURCE, U32),
	N(CFG_A_, ERROR_RATES, ERATES), A(CFG_A_, FORWARD_POLICY, U8),
	A(CFG_A_, FLOOD_RATE, U32), A(CFG_A_, FLOOD_BURST, U32),
	A(CFG_A_, FLOOD_PLEN, U8), A(CFG_A_, GLOBAL_RATE, U32),
	A(CFG_A_, GLOBAL_BURST, U32), A(CFG_A_, MAX_SOURCES, U32),
	A(CFG_A_, FLOOD_PLEN6, U8), A(CFG_A_, GLOBAL6_RATE, U32),
	A(CFG_A_, GLOBAL6_BURST, U32), A(CFG_A_, ERROR_SOURCE6, ADDR6),
	A(CFG_A_, REJECT_CODE6, U8), A(CFG_A_, FLOOD6_RATE, U32),
	A(CFG_A_, FLOOD6_BURST, U32),
};

static const struct attr_desc erate[] = {
	A(ERATE_A_, UNSPEC, ANY), A(ERATE_A_, TYPE, U8),
	A(ERATE_A_, CODE, U8), A(ERATE_A_, RATE, U32),
	A(ERATE_A_, BURST, U32), A(ERATE_A_, FAMILY, U8),
};

static const struct attr_desc rule[] = {
	A(RULE_A_, UNSPEC, ANY), A(RULE_A_, PAD, ANY),
	A(RULE_A_, HANDLE, U32), A(RULE_A_, DIR, U8),
	A(RULE_A_, TYPES, BITMAP), A(RULE_A_, CODES, BITMAP),
	N(RULE_A_, SRC, PFX), N(RULE_A_, DST, PFX),
	A(RULE_A_, IIF, IFNAME), A(RULE_A_, OIF, IFNAME),
	A(RULE_A_, LEN_MIN, U16), A(RULE_A_, LEN_MAX, U16),
	A(RULE_A_, ACTION, U8), A(RULE_A_, REJECT_CODE, U8),
	A(RULE_A_, LIMIT_RATE, U32), A(RULE_A_, LIMIT_BURST, U32),
	A(RULE_A_, LIMIT_FLAGS, U32), A(RULE_A_, LIMIT_PLEN, U8),
	A(RULE_A_, PACKETS, UINT), A(RULE_A_, BYTES, UINT),
	A(RULE_A_, LIMITED, UINT), A(RULE_A_, FAMILY, U8),
};

static const struct attr_desc pfx[] = {
	A(PFX_A_, UNSPEC, ANY), A(PFX_A_, ADDR, U32), A(PFX_A_, PLEN, U8),
	A(PFX_A_, ADDR6, ADDR6),
};

static const struct attr_desc type_attrs[] = {
	A(TYPE_A_, UNSPEC, ANY), A(TYPE_A_, PAD, ANY), A(TYPE_A_, TYPE, U8),
	A(TYPE_A_, PACKETS, UINT), A(TYPE_A_, BYTES, UINT),
};

static const struct attr_desc err[] = {
	A(ERR_A_, UNSPEC, ANY), A(ERR_A_, PAD, ANY), A(ERR_A_, TYPE, U8),
	A(ERR_A_, CODE, U8), A(ERR_A_, SENT, UINT), A(ERR_A_, LIMITED, UINT),
};

static const struct attr_desc src[] = {
	A(SRC_A_, UNSPEC, ANY), A(SRC_A_, PAD, ANY), A(SRC_A_, ADDR, U32),
	A(SRC_A_, PLEN, U8), A(SRC_A_, LIMITED, UINT),
	A(SRC_A_, FLOODING, U8), A(SRC_A_, ADDR6, ADDR6),
};

static const struct attr_desc evt[] = {
	A(EVT_A_, UNSPEC, ANY), A(EVT_A_, PAD, ANY), A(EVT_A_, TYPE, U8),
	A(EVT_A_, ADDR, U32), A(EVT_A_, PLEN, U8), A(EVT_A_, DROPPED, U64),
	A(EVT_A_, ADDR6, ADDR6), A(EVT_A_, FAMILY, U8),
};

/* The lists: ICMPGUARD_A_ERROR_RATE, _TYPE_ENTRY, _ERROR_ENTRY are all 1 */
static const struct attr_desc erates[2] = { N(A_, ERROR_RATE, ERATE) };
static const struct attr_desc types[2] = { N(A_, TYPE_ENTRY, TYPE) };
static const struct attr_desc errors[2] = { N(A_, ERROR_ENTRY, ERR) };

static_assert(ARRAY_SIZE(top) == __ICMPGUARD_A_MAX, "ICMPGUARD_A_*");
static_assert(ARRAY_SIZE(cfg) == __ICMPGUARD_CFG_A_MAX, "ICMPGUARD_CFG_A_*");
static_assert(ARRAY_SIZE(erate) == __ICMPGUARD_ERATE_A_MAX, "ERATE_A_*");
static_assert(ARRAY_SIZE(rule) == __ICMPGUARD_RULE_A_MAX, "RULE_A_*");
static_assert(ARRAY_SIZE(pfx) == __ICMPGUARD_PFX_A_MAX, "PFX_A_*");
static_assert(ARRAY_SIZE(type_attrs) == __ICMPGUARD_TYPE_A_MAX, "TYPE_A_*");
static_assert(ARRAY_SIZE(err) == __ICMPGUARD_ERR_A_MAX, "ERR_A_*");
static_assert(ARRAY_SIZE(src) == __ICMPGUARD_SRC_A_MAX, "SRC_A_*");
static_assert(ARRAY_SIZE(evt) == __ICMPGUARD_EVT_A_MAX, "EVT_A_*");
static_assert(ARRAY_SIZE(cfg) <= ATTR_TB_MAX &&
	      ARRAY_SIZE(rule) <= ATTR_TB_MAX &&
	      ARRAY_SIZE(top) <= ATTR_TB_MAX, "ATTR_TB_MAX too small");

static const struct {
	const char *what;
	const struct attr_desc *attrs;
	unsigned int n;
} sets[] = {
	[AS_NONE] = { "", NULL, 0 },
	[AS_TOP] = { "ICMPGUARD_A_*", top, ARRAY_SIZE(top) },
	[AS_CFG] = { "ICMPGUARD_CFG_A_*", cfg, ARRAY_SIZE(cfg) },
	[AS_ERATE] = { "ICMPGUARD_ERATE_A_*", erate, ARRAY_SIZE(erate) },
	[AS_RULE] = { "ICMPGUARD_RULE_A_*", rule, ARRAY_SIZE(rule) },
	[AS_PFX] = { "ICMPGUARD_PFX_A_*", pfx, ARRAY_SIZE(pfx) },
	[AS_TYPE] = { "ICMPGUARD_TYPE_A_*", type_attrs,
		      ARRAY_SIZE(type_attrs) },
	[AS_ERR] = { "ICMPGUARD_ERR_A_*", err, ARRAY_SIZE(err) },
	[AS_SRC] = { "ICMPGUARD_SRC_A_*", src, ARRAY_SIZE(src) },
	[AS_EVT] = { "ICMPGUARD_EVT_A_*", evt, ARRAY_SIZE(evt) },
	[AS_ERATES] = { "ICMPGUARD_A_ERROR_RATE entries", erates, 2 },
	[AS_TYPES] = { "ICMPGUARD_A_TYPE_ENTRY entries", types, 2 },
	[AS_ERRORS] = { "ICMPGUARD_A_ERROR_ENTRY entries", errors, 2 },
};

static_assert(ARRAY_SIZE(sets) == AS_COUNT, "an attribute set has no table");

static const struct attr_desc *find(enum attr_set set, unsigned int t)
{
	if ((unsigned int)set >= AS_COUNT || t >= sets[set].n ||
	    !sets[set].attrs[t].name)
		return NULL;
	return &sets[set].attrs[t];
}

const char *attr_name(enum attr_set set, unsigned int t)
{
	const struct attr_desc *d = find(set, t);

	return d ? d->name : NULL;
}

unsigned int attr_count(enum attr_set set)
{
	return (unsigned int)set < AS_COUNT ? sets[set].n : 0;
}

const char *attr_set_name(enum attr_set set)
{
	return (unsigned int)set < AS_COUNT ? sets[set].what : "";
}

static const unsigned char kind_len[] = {
	[AK_U8] = 1, [AK_U16] = 2, [AK_U32] = 4, [AK_U64] = 8,
	[AK_ADDR6] = 16, [AK_BITMAP] = 32, [AK_NEST] = 0,
};

unsigned int attr_len(enum attr_set set, unsigned int t)
{
	const struct attr_desc *d = find(set, t);

	return d ? kind_len[d->kind] : 0;
}

static int valid(const struct nlattr *a, unsigned int kind)
{
	unsigned int n = mnl_attr_get_payload_len(a);
	const char *s = mnl_attr_get_payload(a);

	switch (kind) {
	case AK_ANY:
	case AK_NEST:
		return 1;
	case AK_UINT:
		return n == 4 || n == 8;
	case AK_IFNAME:
		return n && n <= 16 && !s[n - 1];
	default:
		return n == kind_len[kind];
	}
}

struct walk {
	enum attr_set set;
	const struct nlattr **tb;
};

static int parse_cb(const struct nlattr *a, void *data)
{
	const struct walk *w = data;
	const struct attr_desc *d = find(w->set, mnl_attr_get_type(a));

	if (!d || mnl_attr_get_type(a) >= ATTR_TB_MAX)
		return MNL_CB_OK;
	if (!valid(a, d->kind))
		return MNL_CB_ERROR;
	w->tb[mnl_attr_get_type(a)] = a;
	return MNL_CB_OK;
}

int attr_parse(const struct nlattr *nest, enum attr_set set,
	       const struct nlattr **tb)
{
	struct walk w = { set, tb };

	memset(tb, 0, ATTR_TB_MAX * sizeof(*tb));
	return mnl_attr_parse_nested(nest, parse_cb, &w) < 0 ? -EBADMSG : 0;
}

int attr_parse_msg(const struct nlmsghdr *nlh, enum attr_set set,
		   const struct nlattr **tb)
{
	struct walk w = { set, tb };

	memset(tb, 0, ATTR_TB_MAX * sizeof(*tb));
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr) ||
	    mnl_attr_parse(nlh, sizeof(struct genlmsghdr), parse_cb, &w) < 0)
		return -EBADMSG;
	return 0;
}

__u64 attr_uint(const struct nlattr *a)
{
	switch (mnl_attr_get_payload_len(a)) {
	case 1:
		return mnl_attr_get_u8(a);
	case 2:
		return mnl_attr_get_u16(a);
	case 4:
		return mnl_attr_get_u32(a);
	default:
		return mnl_attr_get_u64(a);
	}
}

/*
 * The innermost attribute of set holding offs in [pos, end) of the message
 * at base, into *set and *type: 0, or -1 when none holds it.
 */
static int locate(const char *base, __u32 pos, __u32 end, __u32 offs,
		  enum attr_set *set, unsigned int *type)
{
	const struct attr_desc *d;
	const struct nlattr *a;
	__u32 len;

	for (; pos + sizeof(*a) <= end; pos += MNL_ALIGN(len)) {
		a = (const struct nlattr *)(base + pos);
		len = a->nla_len;
		if (len < sizeof(*a) || len > end - pos)
			return -1;
		if (offs >= pos + MNL_ALIGN(len))
			continue;
		if (offs < pos)
			return -1;
		*type = mnl_attr_get_type(a);
		d = find(*set, *type);
		if (offs >= pos + MNL_ATTR_HDRLEN && d && d->nest != AS_NONE) {
			enum attr_set inner = d->nest;
			unsigned int t;

			if (!locate(base, pos + MNL_ATTR_HDRLEN, pos + len, offs,
				    &inner, &t)) {
				*set = inner;
				*type = t;
			}
		}
		return 0;
	}
	return -1;
}

/* Whether msg has name as a word, not as the start of a longer name. */
static int names(const char *msg, const char *name)
{
	size_t n = strlen(name);
	const char *s;

	for (s = strstr(msg, name); s; s = strstr(s + 1, name))
		if (!isalnum((unsigned char)s[n]) && s[n] != '_')
			return 1;
	return 0;
}

void attr_describe(const struct nlmsghdr *req, __u32 offs, const char *msg,
		   char *buf, size_t len)
{
	__u32 start = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct genlmsghdr));
	enum attr_set set = AS_TOP;
	const char *name;
	unsigned int t;

	buf[0] = '\0';
	if (req->nlmsg_len < start || offs < start ||
	    locate((const char *)req, start, req->nlmsg_len, offs, &set, &t))
		return;
	name = attr_name(set, t);
	if (name && msg && names(msg, name))
		return;
	if (name)
		snprintf(buf, len, " (attribute %s)", name);
	else
		snprintf(buf, len, " (attribute of unknown type %u among %s)",
			 t, attr_set_name(set));
}
