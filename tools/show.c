// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding of icmpguard replies and their printing; see show.h.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <libmnl/libmnl.h>

#include "../module/uapi/icmpguard.h"
#include "show.h"
#include "util.h"

/* Indexed by enum icmpguard_counter: the enum's names, lowercase. */
static const char * const counter_names[] = {
	[ICMPGUARD_CTR_RX_PACKETS]		= "rx_packets",
	[ICMPGUARD_CTR_RX_BYTES]		= "rx_bytes",
	[ICMPGUARD_CTR_TX_PACKETS]		= "tx_packets",
	[ICMPGUARD_CTR_TX_BYTES]		= "tx_bytes",
	[ICMPGUARD_CTR_ECHO_REPLIES]		= "echo_replies",
	[ICMPGUARD_CTR_TIMESTAMP_REPLIES]	= "timestamp_replies",
	[ICMPGUARD_CTR_PROBE_REPLIES]		= "probe_replies",
	[ICMPGUARD_CTR_REPLIES_LIMITED]		= "replies_limited",
	[ICMPGUARD_CTR_REPLIES_LIMITED_DEST]	= "replies_limited_dest",
	[ICMPGUARD_CTR_REPLY_FAILED]		= "reply_failed",
	[ICMPGUARD_CTR_PASSED]			= "passed",
	[ICMPGUARD_CTR_DEST_TABLE_SIZE]		= "dest_table_size",
	[ICMPGUARD_CTR_FRAGMENTS]		= "fragments",
	[ICMPGUARD_CTR_DEST_OVERFLOW]		= "dest_overflow",
};

static_assert(ARRAY_SIZE(counter_names) == __ICMPGUARD_CTR_MAX,
	      "a counter of icmpguard.h has no name");

/* Indexed by enum icmpguard_drop. */
static const char * const drop_names[] = {
	[ICMPGUARD_DROP_TRUNCATED]	= "truncated",
	[ICMPGUARD_DROP_BAD_LENGTH]	= "bad_length",
	[ICMPGUARD_DROP_BAD_CHECKSUM]	= "bad_checksum",
	[ICMPGUARD_DROP_DEPRECATED]	= "deprecated",
	[ICMPGUARD_DROP_UNKNOWN_TYPE]	= "unknown_type",
	[ICMPGUARD_DROP_BAD_SOURCE]	= "bad_source",
	[ICMPGUARD_DROP_BROADCAST]	= "broadcast",
	[ICMPGUARD_DROP_DISABLED]	= "disabled",
};

static_assert(ARRAY_SIZE(drop_names) == __ICMPGUARD_DROP_MAX,
	      "a drop reason of icmpguard.h has no name");

/* Indexed by ICMP type. */
static const char * const type_names[] = {
	[0]	= "echo-reply",
	[3]	= "dest-unreachable",
	[4]	= "source-quench",
	[5]	= "redirect",
	[8]	= "echo-request",
	[9]	= "router-advert",
	[10]	= "router-solicit",
	[11]	= "time-exceeded",
	[12]	= "parameter-problem",
	[13]	= "timestamp-request",
	[14]	= "timestamp-reply",
	[15]	= "info-request",
	[16]	= "info-reply",
	[17]	= "address-mask-request",
	[18]	= "address-mask-reply",
	[42]	= "extended-echo-request",
	[43]	= "extended-echo-reply",
};

const struct icg_flag icg_flags[] = {
	{ "responder",		"responder",	ICMPGUARD_F_RESPONDER },
	{ "timestamp",		"timestamp",	ICMPGUARD_F_TIMESTAMP },
	{ "probe",		"probe",	ICMPGUARD_F_PROBE },
	{ "broadcast-echo",	"broadcast_echo", ICMPGUARD_F_BROADCAST_ECHO },
};

const unsigned int icg_nflags = ARRAY_SIZE(icg_flags);

const char *icg_counter_name(unsigned int id)
{
	return id < ARRAY_SIZE(counter_names) ? counter_names[id] : NULL;
}

const char *icg_drop_name(unsigned int id)
{
	return id < ARRAY_SIZE(drop_names) ? drop_names[id] : NULL;
}

const char *icg_type_name(unsigned int type, char *buf, size_t len)
{
	if (type < ARRAY_SIZE(type_names) && type_names[type])
		return type_names[type];
	snprintf(buf, len, "type-%u", type);
	return buf;
}

/* An unsigned value of 4 or 8 bytes; -1 when it is neither. */
static int attr_get_uint(const struct nlattr *a, __u64 *v)
{
	if (mnl_attr_validate(a, MNL_TYPE_U64) == 0) {
		*v = mnl_attr_get_u64(a);
		return 0;
	}
	if (mnl_attr_validate(a, MNL_TYPE_U32) == 0) {
		*v = mnl_attr_get_u32(a);
		return 0;
	}
	return -1;
}

/* Whether the message is long enough to hold a generic netlink header. */
static int genl_ok(const struct nlmsghdr *nlh)
{
	return mnl_nlmsg_get_payload_len(nlh) >= sizeof(struct genlmsghdr);
}

struct counter_walk {
	struct icg_counter *arr;
	unsigned int *n;
};

/* One counter or drop reason; index 0 and 1 (PAD) carry none. */
static int counter_cb(const struct nlattr *a, void *data)
{
	struct counter_walk *w = data;
	unsigned int id = mnl_attr_get_type(a);
	__u64 v;

	if (id == ICMPGUARD_CTR_UNSPEC || id == ICMPGUARD_CTR_PAD)
		return MNL_CB_OK;
	if (attr_get_uint(a, &v) || *w->n >= ICG_MAX_COUNTERS)
		return MNL_CB_ERROR;
	w->arr[*w->n].id = id;
	w->arr[*w->n].value = v;
	(*w->n)++;
	return MNL_CB_OK;
}

struct entry_walk {
	struct icg_type_row *row;
	int has_type;
};

static int entry_cb(const struct nlattr *a, void *data)
{
	struct entry_walk *w = data;
	__u64 v;

	switch (mnl_attr_get_type(a)) {
	case ICMPGUARD_TYPE_A_TYPE:
		if (mnl_attr_validate(a, MNL_TYPE_U8))
			return MNL_CB_ERROR;
		w->row->type = mnl_attr_get_u8(a);
		w->has_type = 1;
		break;
	case ICMPGUARD_TYPE_A_PACKETS:
		if (attr_get_uint(a, &v))
			return MNL_CB_ERROR;
		w->row->packets = v;
		break;
	case ICMPGUARD_TYPE_A_BYTES:
		if (attr_get_uint(a, &v))
			return MNL_CB_ERROR;
		w->row->bytes = v;
		break;
	default:
		break;		/* PAD, or newer than this icmpctl */
	}
	return MNL_CB_OK;
}

struct types_walk {
	struct icg_type_row *rows;
	unsigned int *n;
};

static int types_cb(const struct nlattr *a, void *data)
{
	struct types_walk *w = data;
	struct icg_type_row row = { 0 };
	struct entry_walk ew = { &row, 0 };

	if (mnl_attr_get_type(a) != ICMPGUARD_A_TYPE_ENTRY)
		return MNL_CB_OK;
	if (mnl_attr_validate(a, MNL_TYPE_NESTED) ||
	    mnl_attr_parse_nested(a, entry_cb, &ew) < 0 || !ew.has_type ||
	    *w->n >= ICG_MAX_TYPE_ROWS)
		return MNL_CB_ERROR;
	w->rows[(*w->n)++] = row;
	return MNL_CB_OK;
}

static int stats_cb(const struct nlattr *a, void *data)
{
	struct icg_stats *st = data;
	struct counter_walk cw;
	struct types_walk tw;
	int type = mnl_attr_get_type(a);

	switch (type) {
	case ICMPGUARD_A_COUNTERS:
	case ICMPGUARD_A_DROPS:
		if (mnl_attr_validate(a, MNL_TYPE_NESTED))
			return MNL_CB_ERROR;
		if (type == ICMPGUARD_A_COUNTERS) {
			cw.arr = st->counters;
			cw.n = &st->ncounters;
		} else {
			cw.arr = st->drops;
			cw.n = &st->ndrops;
		}
		if (mnl_attr_parse_nested(a, counter_cb, &cw) < 0)
			return MNL_CB_ERROR;
		break;
	case ICMPGUARD_A_RX_TYPES:
	case ICMPGUARD_A_TX_TYPES:
		if (mnl_attr_validate(a, MNL_TYPE_NESTED))
			return MNL_CB_ERROR;
		if (type == ICMPGUARD_A_RX_TYPES) {
			tw.rows = st->rx;
			tw.n = &st->nrx;
		} else {
			tw.rows = st->tx;
			tw.n = &st->ntx;
		}
		if (mnl_attr_parse_nested(a, types_cb, &tw) < 0)
			return MNL_CB_ERROR;
		break;
	default:
		break;
	}
	return MNL_CB_OK;
}

int icg_stats_parse(const struct nlmsghdr *nlh, struct icg_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (!genl_ok(nlh) ||
	    mnl_attr_parse(nlh, sizeof(struct genlmsghdr), stats_cb, st) < 0)
		return -EBADMSG;
	return 0;
}

static int config_attr_cb(const struct nlattr *a, void *data)
{
	struct icg_config *cfg = data;
	unsigned int type = mnl_attr_get_type(a);

	if (type == ICMPGUARD_CFG_A_UNSPEC || type >= ARRAY_SIZE(cfg->val))
		return MNL_CB_OK;
	if (mnl_attr_validate(a, MNL_TYPE_U32))
		return type > ICMPGUARD_CFG_A_MAX ? MNL_CB_OK : MNL_CB_ERROR;
	cfg->val[type] = mnl_attr_get_u32(a);
	cfg->present |= 1U << type;
	return MNL_CB_OK;
}

static int config_cb(const struct nlattr *a, void *data)
{
	if (mnl_attr_get_type(a) != ICMPGUARD_A_CONFIG)
		return MNL_CB_OK;
	if (mnl_attr_validate(a, MNL_TYPE_NESTED) ||
	    mnl_attr_parse_nested(a, config_attr_cb, data) < 0)
		return MNL_CB_ERROR;
	return MNL_CB_OK;
}

int icg_config_parse(const struct nlmsghdr *nlh, struct icg_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	if (!genl_ok(nlh) ||
	    mnl_attr_parse(nlh, sizeof(struct genlmsghdr), config_cb, cfg) < 0)
		return -EBADMSG;
	return 0;
}

struct prefix_walk {
	struct icg_prefix *pfx;
	unsigned int seen;	/* 1: address, 2: length */
};

static int prefix_attr_cb(const struct nlattr *a, void *data)
{
	struct prefix_walk *w = data;

	switch (mnl_attr_get_type(a)) {
	case ICMPGUARD_PFX_A_ADDR:
		if (mnl_attr_validate(a, MNL_TYPE_U32))
			return MNL_CB_ERROR;
		w->pfx->addr = mnl_attr_get_u32(a);
		w->seen |= 1;
		break;
	case ICMPGUARD_PFX_A_PLEN:
		if (mnl_attr_validate(a, MNL_TYPE_U8) ||
		    mnl_attr_get_u8(a) > 32)
			return MNL_CB_ERROR;
		w->pfx->plen = mnl_attr_get_u8(a);
		w->seen |= 2;
		break;
	default:
		break;
	}
	return MNL_CB_OK;
}

static int prefix_cb(const struct nlattr *a, void *data)
{
	if (mnl_attr_get_type(a) != ICMPGUARD_A_PREFIX)
		return MNL_CB_OK;
	if (mnl_attr_validate(a, MNL_TYPE_NESTED) ||
	    mnl_attr_parse_nested(a, prefix_attr_cb, data) < 0)
		return MNL_CB_ERROR;
	return MNL_CB_OK;
}

int icg_prefix_parse(const struct nlmsghdr *nlh, struct icg_prefix *pfx)
{
	struct prefix_walk w = { pfx, 0 };

	memset(pfx, 0, sizeof(*pfx));
	if (!genl_ok(nlh) ||
	    mnl_attr_parse(nlh, sizeof(struct genlmsghdr), prefix_cb, &w) < 0 ||
	    w.seen != 3)
		return -EBADMSG;
	return 0;
}

static int counter_cmp(const void *a, const void *b)
{
	const struct icg_counter *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static int type_row_cmp(const void *a, const void *b)
{
	const struct icg_type_row *x = a, *y = b;

	return (x->type > y->type) - (x->type < y->type);
}

static void print_counters(struct printer *p, const char *key,
			   const char *title, const struct icg_counter *arr,
			   unsigned int n, const char *(*name)(unsigned int),
			   const char *unknown)
{
	struct icg_counter sorted[ICG_MAX_COUNTERS];
	char buf[32];
	const char *s;
	unsigned int i;

	memcpy(sorted, arr, n * sizeof(*arr));
	qsort(sorted, n, sizeof(*sorted), counter_cmp);
	pr_section_open(p, key, title);
	for (i = 0; i < n; i++) {
		s = name(sorted[i].id);
		if (!s) {
			snprintf(buf, sizeof(buf), "%s_%u", unknown,
				 sorted[i].id);
			s = buf;
		}
		pr_u64(p, s, NULL, sorted[i].value);
	}
	pr_section_close(p);
}

static const struct pr_column type_columns[] = {
	{ "type",	"type",		4,	0 },
	{ "name",	"name",		21,	1 },
	{ "packets",	"packets",	20,	0 },
	{ "bytes",	"bytes",	20,	0 },
};

static void print_types(struct printer *p, const char *key, const char *title,
			const struct icg_type_row *rows, unsigned int n,
			unsigned int detail)
{
	struct icg_type_row all[ICG_MAX_TYPE_ROWS + ARRAY_SIZE(type_names)];
	unsigned int i, j, total = n;
	char buf[16];

	memcpy(all, rows, n * sizeof(*rows));
	/* With detail, every named type gets a row, seen or not. */
	for (i = 0; detail && i < ARRAY_SIZE(type_names); i++) {
		if (!type_names[i])
			continue;
		for (j = 0; j < n && rows[j].type != i; j++)
			;
		if (j == n) {
			all[total].type = i;
			all[total].packets = 0;
			all[total].bytes = 0;
			total++;
		}
	}
	qsort(all, total, sizeof(*all), type_row_cmp);

	pr_table_open(p, key, title, type_columns, ARRAY_SIZE(type_columns));
	for (i = 0; i < total; i++) {
		pr_row_open(p);
		pr_cell_u64(p, all[i].type);
		pr_cell_str(p, icg_type_name(all[i].type, buf, sizeof(buf)));
		pr_cell_u64(p, all[i].packets);
		pr_cell_u64(p, all[i].bytes);
		pr_row_close(p);
	}
	pr_table_close(p);
}

void icg_stats_print(struct printer *p, const struct icg_stats *st,
		     unsigned int detail)
{
	print_counters(p, "counters", "Counters", st->counters, st->ncounters,
		       icg_counter_name, "counter");
	print_counters(p, "drops", "Drops", st->drops, st->ndrops,
		       icg_drop_name, "drop");
	print_types(p, "rx_types", "Received by type", st->rx, st->nrx, detail);
	print_types(p, "tx_types", "Sent by type", st->tx, st->ntx, detail);
}

static int cfg_has(const struct icg_config *cfg, unsigned int attr)
{
	return !!(cfg->present & (1U << attr));
}

static void print_rate(struct printer *p, const struct icg_config *cfg,
		       const char *key, const char *label,
		       unsigned int rate_attr, unsigned int burst_attr)
{
	if (!cfg_has(cfg, rate_attr) && !cfg_has(cfg, burst_attr))
		return;
	pr_line_open(p, key, label);
	if (cfg_has(cfg, rate_attr))
		pr_line_u64(p, "rate", NULL, cfg->val[rate_attr], "unlimited");
	if (cfg_has(cfg, burst_attr))
		pr_line_u64(p, "burst", "burst", cfg->val[burst_attr], NULL);
	pr_line_close(p);
}

void icg_config_print(struct printer *p, const struct icg_config *cfg)
{
	__u32 flags = cfg->val[ICMPGUARD_CFG_A_FLAGS];
	unsigned int i;

	if (cfg_has(cfg, ICMPGUARD_CFG_A_FLAGS)) {
		for (i = 0; i < icg_nflags; i++)
			pr_onoff(p, icg_flags[i].key, icg_flags[i].name,
				 !!(flags & icg_flags[i].bit));
		if (flags & ~(__u32)__ICMPGUARD_F_ALL) {
			pr_line_open(p, "unknown_flags", "unknown-flags");
			pr_line_u64(p, "value", NULL,
				    flags & ~(__u32)__ICMPGUARD_F_ALL, NULL);
			pr_line_close(p);
		}
	}
	print_rate(p, cfg, "reply_rate", "reply-rate",
		   ICMPGUARD_CFG_A_REPLY_RATE, ICMPGUARD_CFG_A_REPLY_BURST);
	print_rate(p, cfg, "reply_rate_per_dest", "reply-rate-per-dest",
		   ICMPGUARD_CFG_A_DEST_RATE, ICMPGUARD_CFG_A_DEST_BURST);
}

void icg_prefix_format(const struct icg_prefix *pfx, char *buf, size_t len)
{
	char addr[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &pfx->addr, addr, sizeof(addr));
	snprintf(buf, len, "%s/%u", addr, pfx->plen);
}

static int prefix_cmp(const void *a, const void *b)
{
	const struct icg_prefix *x = a, *y = b;
	__u32 ax = ntohl(x->addr), ay = ntohl(y->addr);

	if (ax != ay)
		return ax < ay ? -1 : 1;
	return (x->plen > y->plen) - (x->plen < y->plen);
}

void icg_owned_print(struct printer *p, struct icg_prefix *pfx,
		     unsigned int n)
{
	char buf[INET_ADDRSTRLEN + 4];
	unsigned int i;

	if (n)
		qsort(pfx, n, sizeof(*pfx), prefix_cmp);
	pr_list_open(p, "owned");
	for (i = 0; i < n; i++) {
		icg_prefix_format(&pfx[i], buf, sizeof(buf));
		pr_list_str(p, buf);
	}
	pr_list_close(p);
}
