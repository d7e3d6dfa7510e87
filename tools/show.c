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
#include <linux/icmp.h>
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
	[ICMPGUARD_CTR_ERRORS_SENT]		= "errors_sent",
	[ICMPGUARD_CTR_ERRORS_LIMITED_TYPE]	= "errors_limited_type",
	[ICMPGUARD_CTR_ERRORS_LIMITED_DEST]	= "errors_limited_dest",
	[ICMPGUARD_CTR_ERRORS_LIMITED]		= "errors_limited",
	[ICMPGUARD_CTR_ERRORS_FAILED]		= "errors_failed",
	[ICMPGUARD_CTR_ERR_REFUSED_ICMP_ERROR]	= "err_refused_icmp_error",
	[ICMPGUARD_CTR_ERR_REFUSED_BROADCAST]	= "err_refused_broadcast",
	[ICMPGUARD_CTR_ERR_REFUSED_FRAGMENT]	= "err_refused_fragment",
	[ICMPGUARD_CTR_ERR_REFUSED_BAD_SOURCE]	= "err_refused_bad_source",
	[ICMPGUARD_CTR_ECHO_REJECTED]		= "echo_rejected",
	[ICMPGUARD_CTR_ECHO_DROPPED]		= "echo_dropped",
	[ICMPGUARD_CTR_OWNED_TCP_DROPPED]	= "owned_tcp_dropped",
	[ICMPGUARD_CTR_OWNED_UNREACH]		= "owned_unreach",
	[ICMPGUARD_CTR_ROUTER_TIME_EXCEEDED]	= "router_time_exceeded",
	[ICMPGUARD_CTR_ROUTER_FRAG_NEEDED]	= "router_frag_needed",
	[ICMPGUARD_CTR_FLOOD_LIMITED_SOURCE]	= "flood_limited_source",
	[ICMPGUARD_CTR_FLOOD_LIMITED_GLOBAL]	= "flood_limited_global",
	[ICMPGUARD_CTR_FLOOD_OVERFLOW]		= "flood_overflow",
	[ICMPGUARD_CTR_SOURCES]			= "sources",
	[ICMPGUARD_CTR_SOURCES_MAX]		= "sources_max",
	[ICMPGUARD_CTR_SOURCES_EVICTED]		= "sources_evicted",
	[ICMPGUARD_CTR_RULE_ACCEPTED]		= "rule_accepted",
	[ICMPGUARD_CTR_RULE_DROPPED]		= "rule_dropped",
	[ICMPGUARD_CTR_RULE_REJECTED]		= "rule_rejected",
	[ICMPGUARD_CTR_RULE_LIMITED]		= "rule_limited",
	[ICMPGUARD_CTR_RULE_REPLIED]		= "rule_replied",
	[ICMPGUARD_CTR_POLICY_DROPPED]		= "policy_dropped",
	[ICMPGUARD_CTR_POLICY_REJECTED]		= "policy_rejected",
	[ICMPGUARD_CTR_EVENTS_SENT]		= "events_sent",
	[ICMPGUARD_CTR_EVENTS_SUPPRESSED]	= "events_suppressed",
	[ICMPGUARD_CTR_OWNED_BAD_UDP]		= "owned_bad_udp",
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

/* Indexed by enum icmpguard_policy. */
static const char * const policy_names[] = {
	[ICMPGUARD_POLICY_ACCEPT]	= "accept",
	[ICMPGUARD_POLICY_DROP]		= "drop",
	[ICMPGUARD_POLICY_REJECT]	= "reject",
};

static_assert(ARRAY_SIZE(policy_names) == __ICMPGUARD_POLICY_MAX,
	      "a policy of icmpguard.h has no name");

/* Codes of Destination Unreachable (RFC 792, RFC 1122, RFC 1812). */
static const char * const unreach_codes[] = {
	[ICMP_NET_UNREACH]	= "net-unreachable",
	[ICMP_HOST_UNREACH]	= "host-unreachable",
	[ICMP_PROT_UNREACH]	= "prot-unreachable",
	[ICMP_PORT_UNREACH]	= "port-unreachable",
	[ICMP_FRAG_NEEDED]	= "frag-needed",
	[ICMP_SR_FAILED]	= "source-route-failed",
	[ICMP_NET_UNKNOWN]	= "net-unknown",
	[ICMP_HOST_UNKNOWN]	= "host-unknown",
	[ICMP_HOST_ISOLATED]	= "host-isolated",
	[ICMP_NET_ANO]		= "net-prohibited",
	[ICMP_HOST_ANO]		= "host-prohibited",
	[ICMP_NET_UNR_TOS]	= "net-tos-unreachable",
	[ICMP_HOST_UNR_TOS]	= "host-tos-unreachable",
	[ICMP_PKT_FILTERED]	= "admin-prohibited",
	[ICMP_PREC_VIOLATION]	= "host-precedence-violation",
	[ICMP_PREC_CUTOFF]	= "precedence-cutoff",
};

static_assert(ARRAY_SIZE(unreach_codes) == NR_ICMP_UNREACH + 1,
	      "a Destination Unreachable code has no name");

/* Codes of Time Exceeded. */
static const char * const time_codes[] = {
	[ICMP_EXC_TTL]		= "ttl-exceeded",
	[ICMP_EXC_FRAGTIME]	= "reassembly-timeout",
};

/* Codes of Parameter Problem (RFC 792, RFC 1122, RFC 1812). */
static const char * const param_codes[] = {
	"pointer", "missing-option", "bad-length",
};

struct error_type {
	unsigned int type;
	const char *name;
	const char * const *codes;
	unsigned int ncodes;
};

static const struct error_type error_types[] = {
	{ ICMP_DEST_UNREACH, "dest-unreach", unreach_codes,
	  ARRAY_SIZE(unreach_codes) },
	{ ICMP_TIME_EXCEEDED, "time-exceeded", time_codes,
	  ARRAY_SIZE(time_codes) },
	{ ICMP_PARAMETERPROB, "parameter-problem", param_codes,
	  ARRAY_SIZE(param_codes) },
};

const struct icg_flag icg_flags[] = {
	{ "responder",		"responder",	ICMPGUARD_F_RESPONDER },
	{ "timestamp",		"timestamp",	ICMPGUARD_F_TIMESTAMP },
	{ "probe",		"probe",	ICMPGUARD_F_PROBE },
	{ "broadcast-echo",	"broadcast_echo", ICMPGUARD_F_BROADCAST_ECHO },
	{ "router-mode",	"router_mode",	ICMPGUARD_F_ROUTER_MODE },
	{ "error-extensions",	"error_extensions",
	  ICMPGUARD_F_ERROR_EXTENSIONS },
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

const char *icg_type_short_name(unsigned int type)
{
	const char *name = icg_error_type_name(type);

	if (name)
		return name;
	return type < ARRAY_SIZE(type_names) ? type_names[type] : NULL;
}

int icg_type_from_name(const char *s)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(type_names); i++)
		if (type_names[i] && !strcmp(s, type_names[i]))
			return (int)i;
	for (i = 0; i < ARRAY_SIZE(error_types); i++)
		if (!strcmp(s, error_types[i].name))
			return (int)error_types[i].type;
	return -1;
}

const char *icg_policy_name(unsigned int policy)
{
	return policy < ARRAY_SIZE(policy_names) ? policy_names[policy] : NULL;
}

static const struct error_type *find_error_type(unsigned int type)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(error_types); i++)
		if (error_types[i].type == type)
			return &error_types[i];
	return NULL;
}

const char *icg_error_type_name(unsigned int type)
{
	const struct error_type *t = find_error_type(type);

	return t ? t->name : NULL;
}

unsigned int icg_error_ncodes(unsigned int type)
{
	const struct error_type *t = find_error_type(type);

	return t ? t->ncodes : 0;
}

const char *icg_error_code_name(unsigned int type, unsigned int code)
{
	const struct error_type *t = find_error_type(type);

	return t && code < t->ncodes ? t->codes[code] : NULL;
}

const char *icg_error_name(unsigned int type, int code, char *buf,
			   size_t len)
{
	const char *tname = icg_error_type_name(type);
	const char *cname;
	char tbuf[16];

	if (!tname) {
		snprintf(tbuf, sizeof(tbuf), "type-%u", type);
		tname = tbuf;
	}
	if (code < 0) {
		snprintf(buf, len, "%s", tname);
		return buf;
	}
	cname = icg_error_code_name(type, (unsigned int)code);
	if (cname)
		snprintf(buf, len, "%s/%s", tname, cname);
	else
		snprintf(buf, len, "%s/code-%d", tname, code);
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

struct error_entry_walk {
	struct icg_error_row *row;
	unsigned int seen;	/* 1: type, 2: code */
};

static int error_entry_cb(const struct nlattr *a, void *data)
{
	struct error_entry_walk *w = data;
	__u64 v;

	switch (mnl_attr_get_type(a)) {
	case ICMPGUARD_ERR_A_TYPE:
	case ICMPGUARD_ERR_A_CODE:
		if (mnl_attr_validate(a, MNL_TYPE_U8))
			return MNL_CB_ERROR;
		if (mnl_attr_get_type(a) == ICMPGUARD_ERR_A_TYPE) {
			w->row->type = mnl_attr_get_u8(a);
			w->seen |= 1;
		} else {
			w->row->code = mnl_attr_get_u8(a);
			w->seen |= 2;
		}
		break;
	case ICMPGUARD_ERR_A_SENT:
		if (attr_get_uint(a, &v))
			return MNL_CB_ERROR;
		w->row->sent = v;
		break;
	case ICMPGUARD_ERR_A_LIMITED:
		if (attr_get_uint(a, &v))
			return MNL_CB_ERROR;
		w->row->limited = v;
		break;
	default:
		break;		/* PAD, or newer than this icmpctl */
	}
	return MNL_CB_OK;
}

static int errors_cb(const struct nlattr *a, void *data)
{
	struct icg_stats *st = data;
	struct icg_error_row row = { 0 };
	struct error_entry_walk w = { &row, 0 };

	if (mnl_attr_get_type(a) != ICMPGUARD_A_ERROR_ENTRY)
		return MNL_CB_OK;
	if (mnl_attr_validate(a, MNL_TYPE_NESTED) ||
	    mnl_attr_parse_nested(a, error_entry_cb, &w) < 0 || w.seen != 3 ||
	    st->nerrors >= ICG_MAX_ERROR_ROWS)
		return MNL_CB_ERROR;
	st->errors[st->nerrors++] = row;
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
	case ICMPGUARD_A_ERRORS:
		if (mnl_attr_validate(a, MNL_TYPE_NESTED) ||
		    mnl_attr_parse_nested(a, errors_cb, st) < 0)
			return MNL_CB_ERROR;
		st->has_errors = 1;
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

struct erate_walk {
	struct icg_erate *erate;
	unsigned int seen;	/* 1: type, 2: rate, 4: burst */
};

static int erate_attr_cb(const struct nlattr *a, void *data)
{
	struct erate_walk *w = data;

	switch (mnl_attr_get_type(a)) {
	case ICMPGUARD_ERATE_A_TYPE:
		if (mnl_attr_validate(a, MNL_TYPE_U8))
			return MNL_CB_ERROR;
		w->erate->type = mnl_attr_get_u8(a);
		w->seen |= 1;
		break;
	case ICMPGUARD_ERATE_A_CODE:
		if (mnl_attr_validate(a, MNL_TYPE_U8))
			return MNL_CB_ERROR;
		w->erate->code = mnl_attr_get_u8(a);
		break;
	case ICMPGUARD_ERATE_A_RATE:
		if (mnl_attr_validate(a, MNL_TYPE_U32))
			return MNL_CB_ERROR;
		w->erate->rate = mnl_attr_get_u32(a);
		w->seen |= 2;
		break;
	case ICMPGUARD_ERATE_A_BURST:
		if (mnl_attr_validate(a, MNL_TYPE_U32))
			return MNL_CB_ERROR;
		w->erate->burst = mnl_attr_get_u32(a);
		w->seen |= 4;
		break;
	default:
		break;
	}
	return MNL_CB_OK;
}

static int erates_cb(const struct nlattr *a, void *data)
{
	struct icg_config *cfg = data;
	struct icg_erate erate = { .code = -1 };
	struct erate_walk w = { &erate, 0 };

	if (mnl_attr_get_type(a) != ICMPGUARD_A_ERROR_RATE)
		return MNL_CB_OK;
	if (mnl_attr_validate(a, MNL_TYPE_NESTED) ||
	    mnl_attr_parse_nested(a, erate_attr_cb, &w) < 0 || w.seen != 7 ||
	    cfg->nerates >= ICG_MAX_ERATES)
		return MNL_CB_ERROR;
	cfg->erates[cfg->nerates++] = erate;
	return MNL_CB_OK;
}

int icg_config_attr_is_u8(unsigned int attr)
{
	return attr == ICMPGUARD_CFG_A_POLICY ||
	       attr == ICMPGUARD_CFG_A_REJECT_CODE ||
	       attr == ICMPGUARD_CFG_A_FORWARD_POLICY ||
	       attr == ICMPGUARD_CFG_A_FLOOD_PLEN;
}

static int config_attr_cb(const struct nlattr *a, void *data)
{
	struct icg_config *cfg = data;
	unsigned int type = mnl_attr_get_type(a);

	if (type == ICMPGUARD_CFG_A_UNSPEC)
		return MNL_CB_OK;
	if (icg_config_attr_is_u8(type)) {
		if (mnl_attr_validate(a, MNL_TYPE_U8))
			return MNL_CB_ERROR;
		cfg->val[type] = mnl_attr_get_u8(a);
		cfg->present |= 1U << type;
		return MNL_CB_OK;
	}
	switch (type) {
	case ICMPGUARD_CFG_A_ERROR_RATES:
		if (mnl_attr_validate(a, MNL_TYPE_NESTED) ||
		    mnl_attr_parse_nested(a, erates_cb, cfg) < 0)
			return MNL_CB_ERROR;
		break;
	default:
		/* Every other one is a u32 (ERROR_SOURCE: big endian) */
		if (type >= ARRAY_SIZE(cfg->val))
			return MNL_CB_OK;
		if (mnl_attr_validate(a, MNL_TYPE_U32))
			return type > ICMPGUARD_CFG_A_MAX ? MNL_CB_OK :
			       MNL_CB_ERROR;
		cfg->val[type] = mnl_attr_get_u32(a);
		break;
	}
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

static const struct pr_column error_columns[] = {
	{ "type",	"type",		4,	0 },
	{ "code",	"code",		4,	0 },
	{ "name",	"name",		38,	1 },
	{ "sent",	"sent",		11,	0 },
	{ "limited",	"limited",	11,	0 },
};

static int error_row_cmp(const void *a, const void *b)
{
	const struct icg_error_row *x = a, *y = b;

	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	return (x->code > y->code) - (x->code < y->code);
}

/* JSON has every row; text the rows not zero, or every row with detail. */
static void print_errors(struct printer *p, const struct icg_stats *st,
			 unsigned int detail)
{
	struct icg_error_row sorted[ICG_MAX_ERROR_ROWS];
	const struct icg_error_row *r;
	char buf[64];
	unsigned int i;

	memcpy(sorted, st->errors, st->nerrors * sizeof(*sorted));
	qsort(sorted, st->nerrors, sizeof(*sorted), error_row_cmp);
	pr_table_open(p, "errors", "Errors by type/code", error_columns,
		      ARRAY_SIZE(error_columns));
	for (i = 0; i < st->nerrors; i++) {
		r = &sorted[i];
		pr_row_open_text(p, detail || r->sent || r->limited);
		pr_cell_u64(p, r->type);
		pr_cell_u64(p, r->code);
		pr_cell_str(p, icg_error_name(r->type, (int)r->code, buf,
					      sizeof(buf)));
		pr_cell_u64(p, r->sent);
		pr_cell_u64(p, r->limited);
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
	if (st->has_errors)
		print_errors(p, st, detail);
}

static int cfg_has(const struct icg_config *cfg, unsigned int attr)
{
	return !!(cfg->present & (1U << attr));
}

/*
 * "label RATE burst N", and with plen_attr (not 0) "per-source /PLEN"
 * after; nothing when the module sent neither rate nor burst.
 */
static void print_rate(struct printer *p, const struct icg_config *cfg,
		       const char *key, const char *label,
		       unsigned int rate_attr, unsigned int burst_attr,
		       unsigned int plen_attr)
{
	char buf[16];

	if (!cfg_has(cfg, rate_attr) && !cfg_has(cfg, burst_attr))
		return;
	pr_line_open(p, key, label);
	if (cfg_has(cfg, rate_attr))
		pr_line_u64(p, "rate", NULL, cfg->val[rate_attr], "unlimited");
	if (cfg_has(cfg, burst_attr))
		pr_line_u64(p, "burst", "burst", cfg->val[burst_attr], NULL);
	if (plen_attr) {
		pr_line_str(p, NULL, NULL, "per-source");
		if (cfg_has(cfg, plen_attr)) {
			snprintf(buf, sizeof(buf), "/%u", cfg->val[plen_attr]);
			pr_line_str(p, NULL, NULL, buf);
			pr_json_u64(p, "plen", cfg->val[plen_attr]);
		}
	}
	pr_line_close(p);
}

/* "default-policy input reject code admin-prohibited" */
static void print_dir_policy(struct printer *p, const struct icg_config *cfg,
			     unsigned int attr, const char *key,
			     const char *dir)
{
	__u32 policy = cfg->val[attr];
	__u32 code = cfg->val[ICMPGUARD_CFG_A_REJECT_CODE];
	const char *name;
	char buf[16];

	if (!cfg_has(cfg, attr))
		return;
	name = icg_policy_name(policy);
	if (!name) {
		snprintf(buf, sizeof(buf), "policy-%u", policy);
		name = buf;
	}
	pr_line_open(p, NULL, "default-policy");
	pr_line_str(p, NULL, NULL, dir);
	pr_line_str(p, key, NULL, name);
	if (cfg_has(cfg, ICMPGUARD_CFG_A_REJECT_CODE) &&
	    policy == ICMPGUARD_POLICY_REJECT) {
		name = icg_error_code_name(ICMP_DEST_UNREACH, code);
		if (!name) {
			snprintf(buf, sizeof(buf), "%u", code);
			name = buf;
		}
		pr_line_str(p, NULL, "code", name);
	}
	pr_line_close(p);
}

/* Both directions; the reject code, which they share, in JSON always. */
static void print_policy(struct printer *p, const struct icg_config *cfg)
{
	print_dir_policy(p, cfg, ICMPGUARD_CFG_A_POLICY, "default_policy",
			 "input");
	if (cfg_has(cfg, ICMPGUARD_CFG_A_REJECT_CODE))
		pr_json_u64(p, "reject_code",
			    cfg->val[ICMPGUARD_CFG_A_REJECT_CODE]);
	print_dir_policy(p, cfg, ICMPGUARD_CFG_A_FORWARD_POLICY,
			 "forward_policy", "forward");
}

/* "flood-limit 50000 burst 10000 per-source /32", "flood-limit 200000" */
static void print_flood(struct printer *p, const struct icg_config *cfg)
{
	print_rate(p, cfg, "flood_limit_per_source", "flood-limit",
		   ICMPGUARD_CFG_A_FLOOD_RATE, ICMPGUARD_CFG_A_FLOOD_BURST,
		   ICMPGUARD_CFG_A_FLOOD_PLEN);
	print_rate(p, cfg, "flood_limit", "flood-limit",
		   ICMPGUARD_CFG_A_GLOBAL_RATE, ICMPGUARD_CFG_A_GLOBAL_BURST,
		   0);
	if (!cfg_has(cfg, ICMPGUARD_CFG_A_MAX_SOURCES))
		return;
	pr_line_open(p, NULL, "max-sources");
	pr_line_u64(p, "max_sources", NULL,
		    cfg->val[ICMPGUARD_CFG_A_MAX_SOURCES], NULL);
	pr_line_close(p);
}

static void print_error_source(struct printer *p,
			       const struct icg_config *cfg)
{
	__u32 addr = cfg->val[ICMPGUARD_CFG_A_ERROR_SOURCE];
	char buf[INET_ADDRSTRLEN] = "auto";

	if (!cfg_has(cfg, ICMPGUARD_CFG_A_ERROR_SOURCE))
		return;
	if (addr)
		inet_ntop(AF_INET, &addr, buf, sizeof(buf));
	pr_line_open(p, NULL, "error-source");
	pr_line_str(p, "error_source", NULL, buf);
	pr_line_close(p);
}

static const struct pr_column erate_columns[] = {
	{ "type",	"type",		4,	0 },
	{ "code",	"code",		4,	0 },
	{ "name",	"name",		38,	1 },
	{ "rate",	"rate",		10,	0 },
	{ "burst",	"burst",	10,	0 },
};

/* By type, the entry for every code of a type before those of one code. */
static int erate_cmp(const void *a, const void *b)
{
	const struct icg_erate *x = a, *y = b;

	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	return (x->code > y->code) - (x->code < y->code);
}

static int erate_same(const struct icg_erate *x, const struct icg_erate *y)
{
	return x->rate == y->rate && x->burst == y->burst;
}

/* Text only: "error-rate dest-unreach/frag-needed unlimited burst 1" */
static void print_erate_line(struct printer *p, const struct icg_erate *e)
{
	char buf[64];

	pr_line_open(p, NULL, "error-rate");
	pr_line_str(p, NULL, NULL, icg_error_name(e->type, e->code, buf,
						  sizeof(buf)));
	pr_line_u64(p, NULL, NULL, e->rate, "unlimited");
	pr_line_u64(p, NULL, "burst", e->burst, NULL);
	pr_line_close(p);
}

/*
 * Text: the codes of a type [first, end), sorted. When two or more share
 * a budget, the most common one becomes a line for the whole type, followed
 * by the codes that differ: given back to "set" in this order, the lines
 * make the same configuration.
 */
static void print_erate_type(struct printer *p, const struct icg_erate *e,
			     unsigned int first, unsigned int end)
{
	unsigned int i, j, n, best = first, nbest = 0;
	struct icg_erate type;

	for (i = first; i < end; i++) {
		for (n = 0, j = first; j < end; j++)
			n += erate_same(&e[i], &e[j]);
		if (n > nbest) {
			best = i;
			nbest = n;
		}
	}
	if (nbest >= 2) {
		type = e[best];
		type.code = -1;
		print_erate_line(p, &type);
	}
	for (i = first; i < end; i++)
		if (nbest < 2 || !erate_same(&e[i], &e[best]))
			print_erate_line(p, &e[i]);
}

/* JSON: every entry the module sent; text: collapsed by type. */
static void print_erates(struct printer *p, const struct icg_config *cfg)
{
	struct icg_erate sorted[ICG_MAX_ERATES];
	unsigned int i, end, n = cfg->nerates;
	const struct icg_erate *e;
	char buf[64];

	if (!cfg_has(cfg, ICMPGUARD_CFG_A_ERROR_RATES))
		return;
	memcpy(sorted, cfg->erates, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), erate_cmp);

	pr_table_open(p, "error_rates", NULL, erate_columns,
		      ARRAY_SIZE(erate_columns));
	for (i = 0; i < n; i++) {
		e = &sorted[i];
		pr_row_open(p);
		pr_cell_u64(p, e->type);
		if (e->code < 0)
			pr_cell_skip(p);
		else
			pr_cell_u64(p, (unsigned int)e->code);
		pr_cell_str(p, icg_error_name(e->type, e->code, buf,
					      sizeof(buf)));
		pr_cell_u64(p, e->rate);
		pr_cell_u64(p, e->burst);
		pr_row_close(p);
	}
	pr_table_close(p);

	for (i = 0; i < n; i = end) {
		if (sorted[i].code < 0) {
			print_erate_line(p, &sorted[i]);
			end = i + 1;
			continue;
		}
		for (end = i; end < n && sorted[end].type == sorted[i].type;
		     end++)
			;
		print_erate_type(p, sorted, i, end);
	}
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
		   ICMPGUARD_CFG_A_REPLY_RATE, ICMPGUARD_CFG_A_REPLY_BURST, 0);
	print_rate(p, cfg, "reply_rate_per_dest", "reply-rate-per-dest",
		   ICMPGUARD_CFG_A_DEST_RATE, ICMPGUARD_CFG_A_DEST_BURST, 0);
	print_policy(p, cfg);
	print_flood(p, cfg);
	print_error_source(p, cfg);
	print_erates(p, cfg);
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

void icg_prefix_sort(struct icg_prefix *pfx, unsigned int n)
{
	if (n)
		qsort(pfx, n, sizeof(*pfx), prefix_cmp);
}

void icg_owned_print(struct printer *p, struct icg_prefix *pfx,
		     unsigned int n)
{
	char buf[INET_ADDRSTRLEN + 4];
	unsigned int i;

	icg_prefix_sort(pfx, n);
	pr_list_open(p, "owned");
	for (i = 0; i < n; i++) {
		icg_prefix_format(&pfx[i], buf, sizeof(buf));
		pr_list_str(p, buf);
	}
	pr_list_close(p);
}
