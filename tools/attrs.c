// SPDX-License-Identifier: GPL-2.0
/*
 * The names of icmpguard's netlink attributes; see attrs.h.
 *
 * One table per attribute set, indexed by the enum of uapi/icmpguard.h,
 * written by hand from it. Each is as long as its enum (checked when this
 * file is built) and has no hole (checked by the unit test), so that an
 * attribute added to the header cannot be left without a name.
 */
#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <libmnl/libmnl.h>

#include "../module/uapi/icmpguard.h"
#include "attrs.h"
#include "util.h"

struct attr_desc {
	const char *name;
	enum icg_attr_set nest;		/* ICG_AS_NONE: not walked into */
};

#define A(x)		{ #x, ICG_AS_NONE }
#define N(x, set)	{ #x, set }

static const struct attr_desc top_attrs[] = {
	[ICMPGUARD_A_UNSPEC]		= A(ICMPGUARD_A_UNSPEC),
	[ICMPGUARD_A_PAD]		= A(ICMPGUARD_A_PAD),
	[ICMPGUARD_A_COUNTERS]		= A(ICMPGUARD_A_COUNTERS),
	[ICMPGUARD_A_DROPS]		= A(ICMPGUARD_A_DROPS),
	[ICMPGUARD_A_RX_TYPES]		= N(ICMPGUARD_A_RX_TYPES, ICG_AS_TYPES),
	[ICMPGUARD_A_TX_TYPES]		= N(ICMPGUARD_A_TX_TYPES, ICG_AS_TYPES),
	[ICMPGUARD_A_CONFIG]		= N(ICMPGUARD_A_CONFIG, ICG_AS_CFG),
	[ICMPGUARD_A_PREFIX]		= N(ICMPGUARD_A_PREFIX, ICG_AS_PFX),
	[ICMPGUARD_A_ERRORS]		= N(ICMPGUARD_A_ERRORS, ICG_AS_ERRORS),
	[ICMPGUARD_A_RULE]		= N(ICMPGUARD_A_RULE, ICG_AS_RULE),
	[ICMPGUARD_A_RULE_INDEX]	= A(ICMPGUARD_A_RULE_INDEX),
	[ICMPGUARD_A_RULE_HANDLE]	= A(ICMPGUARD_A_RULE_HANDLE),
	[ICMPGUARD_A_DIR]		= A(ICMPGUARD_A_DIR),
	[ICMPGUARD_A_SOURCE]		= N(ICMPGUARD_A_SOURCE, ICG_AS_SRC),
	[ICMPGUARD_A_EVENT]		= N(ICMPGUARD_A_EVENT, ICG_AS_EVT),
};

static_assert(ARRAY_SIZE(top_attrs) == __ICMPGUARD_A_MAX,
	      "an ICMPGUARD_A_* attribute has no name");

static const struct attr_desc cfg_attrs[] = {
	[ICMPGUARD_CFG_A_UNSPEC]	= A(ICMPGUARD_CFG_A_UNSPEC),
	[ICMPGUARD_CFG_A_FLAGS]		= A(ICMPGUARD_CFG_A_FLAGS),
	[ICMPGUARD_CFG_A_FLAGS_MASK]	= A(ICMPGUARD_CFG_A_FLAGS_MASK),
	[ICMPGUARD_CFG_A_REPLY_RATE]	= A(ICMPGUARD_CFG_A_REPLY_RATE),
	[ICMPGUARD_CFG_A_REPLY_BURST]	= A(ICMPGUARD_CFG_A_REPLY_BURST),
	[ICMPGUARD_CFG_A_DEST_RATE]	= A(ICMPGUARD_CFG_A_DEST_RATE),
	[ICMPGUARD_CFG_A_DEST_BURST]	= A(ICMPGUARD_CFG_A_DEST_BURST),
	[ICMPGUARD_CFG_A_POLICY]	= A(ICMPGUARD_CFG_A_POLICY),
	[ICMPGUARD_CFG_A_REJECT_CODE]	= A(ICMPGUARD_CFG_A_REJECT_CODE),
	[ICMPGUARD_CFG_A_ERROR_SOURCE]	= A(ICMPGUARD_CFG_A_ERROR_SOURCE),
	[ICMPGUARD_CFG_A_ERROR_RATES]	= N(ICMPGUARD_CFG_A_ERROR_RATES,
					    ICG_AS_ERATES),
	[ICMPGUARD_CFG_A_FORWARD_POLICY] = A(ICMPGUARD_CFG_A_FORWARD_POLICY),
	[ICMPGUARD_CFG_A_FLOOD_RATE]	= A(ICMPGUARD_CFG_A_FLOOD_RATE),
	[ICMPGUARD_CFG_A_FLOOD_BURST]	= A(ICMPGUARD_CFG_A_FLOOD_BURST),
	[ICMPGUARD_CFG_A_FLOOD_PLEN]	= A(ICMPGUARD_CFG_A_FLOOD_PLEN),
	[ICMPGUARD_CFG_A_GLOBAL_RATE]	= A(ICMPGUARD_CFG_A_GLOBAL_RATE),
	[ICMPGUARD_CFG_A_GLOBAL_BURST]	= A(ICMPGUARD_CFG_A_GLOBAL_BURST),
	[ICMPGUARD_CFG_A_MAX_SOURCES]	= A(ICMPGUARD_CFG_A_MAX_SOURCES),
};

static_assert(ARRAY_SIZE(cfg_attrs) == __ICMPGUARD_CFG_A_MAX,
	      "an ICMPGUARD_CFG_A_* attribute has no name");

static const struct attr_desc erate_attrs[] = {
	[ICMPGUARD_ERATE_A_UNSPEC]	= A(ICMPGUARD_ERATE_A_UNSPEC),
	[ICMPGUARD_ERATE_A_TYPE]	= A(ICMPGUARD_ERATE_A_TYPE),
	[ICMPGUARD_ERATE_A_CODE]	= A(ICMPGUARD_ERATE_A_CODE),
	[ICMPGUARD_ERATE_A_RATE]	= A(ICMPGUARD_ERATE_A_RATE),
	[ICMPGUARD_ERATE_A_BURST]	= A(ICMPGUARD_ERATE_A_BURST),
};

static_assert(ARRAY_SIZE(erate_attrs) == __ICMPGUARD_ERATE_A_MAX,
	      "an ICMPGUARD_ERATE_A_* attribute has no name");

static const struct attr_desc rule_attrs[] = {
	[ICMPGUARD_RULE_A_UNSPEC]	= A(ICMPGUARD_RULE_A_UNSPEC),
	[ICMPGUARD_RULE_A_PAD]		= A(ICMPGUARD_RULE_A_PAD),
	[ICMPGUARD_RULE_A_HANDLE]	= A(ICMPGUARD_RULE_A_HANDLE),
	[ICMPGUARD_RULE_A_DIR]		= A(ICMPGUARD_RULE_A_DIR),
	[ICMPGUARD_RULE_A_TYPES]	= A(ICMPGUARD_RULE_A_TYPES),
	[ICMPGUARD_RULE_A_CODES]	= A(ICMPGUARD_RULE_A_CODES),
	[ICMPGUARD_RULE_A_SRC]		= N(ICMPGUARD_RULE_A_SRC, ICG_AS_PFX),
	[ICMPGUARD_RULE_A_DST]		= N(ICMPGUARD_RULE_A_DST, ICG_AS_PFX),
	[ICMPGUARD_RULE_A_IIF]		= A(ICMPGUARD_RULE_A_IIF),
	[ICMPGUARD_RULE_A_OIF]		= A(ICMPGUARD_RULE_A_OIF),
	[ICMPGUARD_RULE_A_LEN_MIN]	= A(ICMPGUARD_RULE_A_LEN_MIN),
	[ICMPGUARD_RULE_A_LEN_MAX]	= A(ICMPGUARD_RULE_A_LEN_MAX),
	[ICMPGUARD_RULE_A_ACTION]	= A(ICMPGUARD_RULE_A_ACTION),
	[ICMPGUARD_RULE_A_REJECT_CODE]	= A(ICMPGUARD_RULE_A_REJECT_CODE),
	[ICMPGUARD_RULE_A_LIMIT_RATE]	= A(ICMPGUARD_RULE_A_LIMIT_RATE),
	[ICMPGUARD_RULE_A_LIMIT_BURST]	= A(ICMPGUARD_RULE_A_LIMIT_BURST),
	[ICMPGUARD_RULE_A_LIMIT_FLAGS]	= A(ICMPGUARD_RULE_A_LIMIT_FLAGS),
	[ICMPGUARD_RULE_A_LIMIT_PLEN]	= A(ICMPGUARD_RULE_A_LIMIT_PLEN),
	[ICMPGUARD_RULE_A_PACKETS]	= A(ICMPGUARD_RULE_A_PACKETS),
	[ICMPGUARD_RULE_A_BYTES]	= A(ICMPGUARD_RULE_A_BYTES),
	[ICMPGUARD_RULE_A_LIMITED]	= A(ICMPGUARD_RULE_A_LIMITED),
};

static_assert(ARRAY_SIZE(rule_attrs) == __ICMPGUARD_RULE_A_MAX,
	      "an ICMPGUARD_RULE_A_* attribute has no name");

static const struct attr_desc pfx_attrs[] = {
	[ICMPGUARD_PFX_A_UNSPEC]	= A(ICMPGUARD_PFX_A_UNSPEC),
	[ICMPGUARD_PFX_A_ADDR]		= A(ICMPGUARD_PFX_A_ADDR),
	[ICMPGUARD_PFX_A_PLEN]		= A(ICMPGUARD_PFX_A_PLEN),
};

static_assert(ARRAY_SIZE(pfx_attrs) == __ICMPGUARD_PFX_A_MAX,
	      "an ICMPGUARD_PFX_A_* attribute has no name");

static const struct attr_desc type_attrs[] = {
	[ICMPGUARD_TYPE_A_UNSPEC]	= A(ICMPGUARD_TYPE_A_UNSPEC),
	[ICMPGUARD_TYPE_A_PAD]		= A(ICMPGUARD_TYPE_A_PAD),
	[ICMPGUARD_TYPE_A_TYPE]		= A(ICMPGUARD_TYPE_A_TYPE),
	[ICMPGUARD_TYPE_A_PACKETS]	= A(ICMPGUARD_TYPE_A_PACKETS),
	[ICMPGUARD_TYPE_A_BYTES]	= A(ICMPGUARD_TYPE_A_BYTES),
};

static_assert(ARRAY_SIZE(type_attrs) == __ICMPGUARD_TYPE_A_MAX,
	      "an ICMPGUARD_TYPE_A_* attribute has no name");

static const struct attr_desc err_attrs[] = {
	[ICMPGUARD_ERR_A_UNSPEC]	= A(ICMPGUARD_ERR_A_UNSPEC),
	[ICMPGUARD_ERR_A_PAD]		= A(ICMPGUARD_ERR_A_PAD),
	[ICMPGUARD_ERR_A_TYPE]		= A(ICMPGUARD_ERR_A_TYPE),
	[ICMPGUARD_ERR_A_CODE]		= A(ICMPGUARD_ERR_A_CODE),
	[ICMPGUARD_ERR_A_SENT]		= A(ICMPGUARD_ERR_A_SENT),
	[ICMPGUARD_ERR_A_LIMITED]	= A(ICMPGUARD_ERR_A_LIMITED),
};

static_assert(ARRAY_SIZE(err_attrs) == __ICMPGUARD_ERR_A_MAX,
	      "an ICMPGUARD_ERR_A_* attribute has no name");

static const struct attr_desc src_attrs[] = {
	[ICMPGUARD_SRC_A_UNSPEC]	= A(ICMPGUARD_SRC_A_UNSPEC),
	[ICMPGUARD_SRC_A_PAD]		= A(ICMPGUARD_SRC_A_PAD),
	[ICMPGUARD_SRC_A_ADDR]		= A(ICMPGUARD_SRC_A_ADDR),
	[ICMPGUARD_SRC_A_PLEN]		= A(ICMPGUARD_SRC_A_PLEN),
	[ICMPGUARD_SRC_A_LIMITED]	= A(ICMPGUARD_SRC_A_LIMITED),
	[ICMPGUARD_SRC_A_FLOODING]	= A(ICMPGUARD_SRC_A_FLOODING),
};

static_assert(ARRAY_SIZE(src_attrs) == __ICMPGUARD_SRC_A_MAX,
	      "an ICMPGUARD_SRC_A_* attribute has no name");

static const struct attr_desc evt_attrs[] = {
	[ICMPGUARD_EVT_A_UNSPEC]	= A(ICMPGUARD_EVT_A_UNSPEC),
	[ICMPGUARD_EVT_A_PAD]		= A(ICMPGUARD_EVT_A_PAD),
	[ICMPGUARD_EVT_A_TYPE]		= A(ICMPGUARD_EVT_A_TYPE),
	[ICMPGUARD_EVT_A_ADDR]		= A(ICMPGUARD_EVT_A_ADDR),
	[ICMPGUARD_EVT_A_PLEN]		= A(ICMPGUARD_EVT_A_PLEN),
	[ICMPGUARD_EVT_A_DROPPED]	= A(ICMPGUARD_EVT_A_DROPPED),
};

static_assert(ARRAY_SIZE(evt_attrs) == __ICMPGUARD_EVT_A_MAX,
	      "an ICMPGUARD_EVT_A_* attribute has no name");

/* Arrays: every element has the one type of their entries. */
static const struct attr_desc erates_entries[] = {
	[ICMPGUARD_A_ERROR_RATE]	= N(ICMPGUARD_A_ERROR_RATE,
					    ICG_AS_ERATE),
};

static const struct attr_desc types_entries[] = {
	[ICMPGUARD_A_TYPE_ENTRY]	= N(ICMPGUARD_A_TYPE_ENTRY,
					    ICG_AS_TYPE),
};

static const struct attr_desc errors_entries[] = {
	[ICMPGUARD_A_ERROR_ENTRY]	= N(ICMPGUARD_A_ERROR_ENTRY,
					    ICG_AS_ERR),
};

#undef A
#undef N

struct attr_set {
	const char *what;	/* "ICMPGUARD_CFG_A_*" */
	const struct attr_desc *attrs;
	unsigned int n;
};

static const struct attr_set sets[] = {
	[ICG_AS_NONE]	= { "", NULL, 0 },
	[ICG_AS_TOP]	= { "ICMPGUARD_A_*", top_attrs,
			    ARRAY_SIZE(top_attrs) },
	[ICG_AS_CFG]	= { "ICMPGUARD_CFG_A_*", cfg_attrs,
			    ARRAY_SIZE(cfg_attrs) },
	[ICG_AS_ERATE]	= { "ICMPGUARD_ERATE_A_*", erate_attrs,
			    ARRAY_SIZE(erate_attrs) },
	[ICG_AS_RULE]	= { "ICMPGUARD_RULE_A_*", rule_attrs,
			    ARRAY_SIZE(rule_attrs) },
	[ICG_AS_PFX]	= { "ICMPGUARD_PFX_A_*", pfx_attrs,
			    ARRAY_SIZE(pfx_attrs) },
	[ICG_AS_TYPE]	= { "ICMPGUARD_TYPE_A_*", type_attrs,
			    ARRAY_SIZE(type_attrs) },
	[ICG_AS_ERR]	= { "ICMPGUARD_ERR_A_*", err_attrs,
			    ARRAY_SIZE(err_attrs) },
	[ICG_AS_SRC]	= { "ICMPGUARD_SRC_A_*", src_attrs,
			    ARRAY_SIZE(src_attrs) },
	[ICG_AS_EVT]	= { "ICMPGUARD_EVT_A_*", evt_attrs,
			    ARRAY_SIZE(evt_attrs) },
	[ICG_AS_ERATES]	= { "ICMPGUARD_A_ERROR_RATE entries", erates_entries,
			    ARRAY_SIZE(erates_entries) },
	[ICG_AS_TYPES]	= { "ICMPGUARD_A_TYPE_ENTRY entries", types_entries,
			    ARRAY_SIZE(types_entries) },
	[ICG_AS_ERRORS]	= { "ICMPGUARD_A_ERROR_ENTRY entries", errors_entries,
			    ARRAY_SIZE(errors_entries) },
};

static_assert(ARRAY_SIZE(sets) == ICG_AS_COUNT,
	      "an attribute set has no table");

static const struct attr_desc *find(enum icg_attr_set set, unsigned int type)
{
	if ((unsigned int)set >= ICG_AS_COUNT || type >= sets[set].n ||
	    !sets[set].attrs[type].name)
		return NULL;
	return &sets[set].attrs[type];
}

const char *icg_attr_name(enum icg_attr_set set, unsigned int type)
{
	const struct attr_desc *d = find(set, type);

	return d ? d->name : NULL;
}

unsigned int icg_attr_count(enum icg_attr_set set)
{
	return (unsigned int)set < ICG_AS_COUNT ? sets[set].n : 0;
}

const char *icg_attr_set_name(enum icg_attr_set set)
{
	return (unsigned int)set < ICG_AS_COUNT ? sets[set].what : "";
}

/*
 * The attributes of set in [start, end) of the message at base; descends
 * into the one holding offs. 0, or -1 when none holds it.
 */
static int locate(const char *base, __u32 start, __u32 end,
		  enum icg_attr_set set, __u32 offs, struct icg_attr_path *p)
{
	const struct attr_desc *d;
	const struct nlattr *a;
	unsigned int index = 0, level;
	__u32 pos = start, len;

	while (pos + sizeof(*a) <= end) {
		a = (const struct nlattr *)(base + pos);
		len = a->nla_len;
		if (len < sizeof(*a) || len > end - pos)
			return -1;
		if (offs >= pos && offs < pos + MNL_ALIGN(len)) {
			if (p->depth == ICG_ATTR_DEPTH)
				return -1;
			level = p->depth++;
			p->at[level].set = set;
			p->at[level].type = mnl_attr_get_type(a);
			p->at[level].index = index;
			p->at[level].offs = pos;
			d = find(set, mnl_attr_get_type(a));
			if (offs >= pos + MNL_ATTR_HDRLEN && d &&
			    d->nest != ICG_AS_NONE)
				locate(base, pos + MNL_ATTR_HDRLEN, pos + len,
				       d->nest, offs, p);
			return 0;
		}
		pos += MNL_ALIGN(len);
		index++;
	}
	return -1;
}

int icg_attr_locate(const struct nlmsghdr *req, __u32 offs,
		    struct icg_attr_path *path)
{
	__u32 start = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct genlmsghdr));

	path->depth = 0;
	if (req->nlmsg_len < start || offs < start || offs >= req->nlmsg_len)
		return -1;
	return locate((const char *)req, start, req->nlmsg_len, ICG_AS_TOP,
		      offs, path);
}

/* Whether msg has name as a word (not as the start of a longer name). */
static int names(const char *msg, const char *name)
{
	size_t n = strlen(name);
	const char *s;

	for (s = strstr(msg, name); s; s = strstr(s + 1, name))
		if (!isalnum((unsigned char)s[n]) && s[n] != '_')
			return 1;
	return 0;
}

void icg_attr_describe(const struct nlmsghdr *req, __u32 offs,
		       const char *msg, char *buf, size_t len)
{
	struct icg_attr_path path;
	const char *name;
	unsigned int last;

	buf[0] = '\0';
	if (icg_attr_locate(req, offs, &path))
		return;
	last = path.depth - 1;
	name = icg_attr_name(path.at[last].set, path.at[last].type);
	if (name && msg && names(msg, name))
		return;
	if (name)
		snprintf(buf, len, " (attribute %s)", name);
	else
		snprintf(buf, len, " (attribute of unknown type %u among %s)",
			 path.at[last].type,
			 icg_attr_set_name(path.at[last].set));
}
