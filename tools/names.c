// SPDX-License-Identifier: GPL-2.0
/*
 * The names of what the module counts and matches; see names.h.
 *
 * ICMPv6 types and the codes of Destination Unreachable are named as nft
 * names them ("nft describe icmpv6 type"), so that a rule reads the same
 * in both tools; the other ICMPv6 codes, which nft does not name, as
 * ip6tables and RFC 4443 do. IPv4 keeps icmpctl's names, and takes nft's
 * as well.
 */
#include <assert.h>
#include <stdio.h>
#include <linux/icmp.h>

#include "icmpctl.h"

static const char * const types4[256] = {
	[0] = "echo-reply",
	[3] = "dest-unreachable",
	[4] = "source-quench",
	[5] = "redirect",
	[8] = "echo-request",
	[9] = "router-advert",
	[10] = "router-solicit",
	[11] = "time-exceeded",
	[12] = "parameter-problem",
	[13] = "timestamp-request",
	[14] = "timestamp-reply",
	[15] = "info-request",
	[16] = "info-reply",
	[17] = "address-mask-request",
	[18] = "address-mask-reply",
	[42] = "extended-echo-request",
	[43] = "extended-echo-reply",
};

static const char * const types6[256] = {
	[1] = "destination-unreachable",
	[2] = "packet-too-big",
	[3] = "time-exceeded",
	[4] = "parameter-problem",
	[128] = "echo-request",
	[129] = "echo-reply",
	[130] = "mld-listener-query",
	[131] = "mld-listener-report",
	[132] = "mld-listener-done",
	[133] = "nd-router-solicit",
	[134] = "nd-router-advert",
	[135] = "nd-neighbor-solicit",
	[136] = "nd-neighbor-advert",
	[137] = "nd-redirect",
	[138] = "router-renumbering",
	[141] = "ind-neighbor-solicit",
	[142] = "ind-neighbor-advert",
	[143] = "mld2-listener-report",
	[160] = "extended-echo-request",
	[161] = "extended-echo-reply",
};

/* Other names a type is known by: nft's IPv4 names, and its alias. */
static const struct {
	int af;
	unsigned char type;
	const char *name;
} aliases[] = {
	{ AF_INET, 3, "destination-unreachable" },
	{ AF_INET, 9, "router-advertisement" },
	{ AF_INET, 10, "router-solicitation" },
	{ AF_INET6, 132, "mld-listener-reduction" },
};

/* RFC 792, RFC 1122, RFC 1812 */
static const char * const unreach4[] = {
	[ICMP_NET_UNREACH] = "net-unreachable",
	[ICMP_HOST_UNREACH] = "host-unreachable",
	[ICMP_PROT_UNREACH] = "prot-unreachable",
	[ICMP_PORT_UNREACH] = "port-unreachable",
	[ICMP_FRAG_NEEDED] = "frag-needed",
	[ICMP_SR_FAILED] = "source-route-failed",
	[ICMP_NET_UNKNOWN] = "net-unknown",
	[ICMP_HOST_UNKNOWN] = "host-unknown",
	[ICMP_HOST_ISOLATED] = "host-isolated",
	[ICMP_NET_ANO] = "net-prohibited",
	[ICMP_HOST_ANO] = "host-prohibited",
	[ICMP_NET_UNR_TOS] = "net-tos-unreachable",
	[ICMP_HOST_UNR_TOS] = "host-tos-unreachable",
	[ICMP_PKT_FILTERED] = "admin-prohibited",
	[ICMP_PREC_VIOLATION] = "host-precedence-violation",
	[ICMP_PREC_CUTOFF] = "precedence-cutoff",
};

static_assert(ARRAY_SIZE(unreach4) == NR_ICMP_UNREACH + 1,
	      "a Destination Unreachable code has no name");

static const char * const time4[] = { "ttl-exceeded", "reassembly-timeout" };
static const char * const param4[] = {
	"pointer", "missing-option", "bad-length",
};

/* nft's (2 and 7, which it does not name: RFC 4443, RFC 6554) */
static const char * const unreach6[] = {
	"no-route", "admin-prohibited", "beyond-scope", "addr-unreachable",
	"port-unreachable", "policy-fail", "reject-route",
	"source-route-error",
};

static const char * const time6[] = {
	"hop-limit-exceeded", "reassembly-timeout",
};

/* ip6tables' names, and RFC 7112's */
static const char * const param6[] = {
	"bad-header", "unknown-header-type", "unknown-option",
	"incomplete-header-chain",
};

static const struct icmp_error errors4[] = {
	{ 3, ARRAY_SIZE(unreach4), "dest-unreach", unreach4 },
	{ 11, ARRAY_SIZE(time4), "time-exceeded", time4 },
	{ 12, ARRAY_SIZE(param4), "parameter-problem", param4 },
};

static const struct icmp_error errors6[] = {
	{ 1, ARRAY_SIZE(unreach6), "destination-unreachable", unreach6 },
	{ 2, 1, "packet-too-big", NULL },
	{ 3, ARRAY_SIZE(time6), "time-exceeded", time6 },
	{ 4, ARRAY_SIZE(param6), "parameter-problem", param6 },
};

const struct family families[2] = {
	{ AF_INET, "ipv4", "icmp", 32, ICMP_PKT_FILTERED, types4,
	  errors4, ARRAY_SIZE(errors4), unreach4, ARRAY_SIZE(unreach4),
	  ICMP_FRAG_NEEDED },
	/* 7 is an error, not a reason to reject: the module refuses it */
	{ AF_INET6, "ipv6", "icmpv6", 64, 1, types6,
	  errors6, ARRAY_SIZE(errors6), unreach6, 7, 256 },
};

const struct family *family_of(int af)
{
	return &families[af == AF_INET6];
}

int family_parse(const char *s)
{
	return streq(s, "ipv4") ? AF_INET : streq(s, "ipv6") ? AF_INET6 : 0;
}

const struct icmp_error *icmp_error_of(const struct family *f,
				       unsigned int type)
{
	unsigned int i;

	for (i = 0; i < f->nerrors; i++)
		if (f->errors[i].type == type)
			return &f->errors[i];
	return NULL;
}

const char *type_name(const struct family *f, unsigned int type)
{
	return type < 256 ? f->types[type] : NULL;
}

const char *type_rule_name(const struct family *f, unsigned int type)
{
	const struct icmp_error *e = icmp_error_of(f, type);

	return e ? e->name : type_name(f, type);
}

const char *type_word(const struct family *f, unsigned int type, char *buf,
		      size_t len)
{
	if (type < 256 && f->types[type])
		return f->types[type];
	snprintf(buf, len, "type-%u", type);
	return buf;
}

int type_parse(const struct family *f, const char *s)
{
	const struct names types = { f->types, 256 };
	int t = name_find(&types, s);
	unsigned int i;

	for (i = 0; t < 0 && i < f->nerrors; i++)
		if (streq(s, f->errors[i].name))
			t = f->errors[i].type;
	for (i = 0; t < 0 && i < ARRAY_SIZE(aliases); i++)
		if (aliases[i].af == f->af && streq(s, aliases[i].name))
			t = aliases[i].type;
	return t;
}

const char *code_name(const struct family *f, unsigned int type,
		      unsigned int code)
{
	const struct icmp_error *e = icmp_error_of(f, type);

	return e && e->codes && code < e->ncodes ? e->codes[code] : NULL;
}

int code_parse(const struct family *f, unsigned int type, const char *s,
	       unsigned int *code)
{
	const struct icmp_error *e = icmp_error_of(f, type);
	__u32 v;
	int i;

	if (!e)
		return -1;
	if (!parse_u32(s, &v)) {
		*code = v;
		return v < e->ncodes ? 0 : -1;
	}
	i = e->codes ? name_find(&(struct names){ e->codes, e->ncodes }, s) : -1;
	*code = (unsigned int)i;
	return i < 0 ? -1 : 0;
}

const char *error_word(const struct family *f, unsigned int type, int code,
		       char *buf, size_t len)
{
	const struct icmp_error *e = icmp_error_of(f, type);
	const char *c = code < 0 ? NULL : code_name(f, type, (unsigned int)code);
	char t[16];

	if (!e)
		snprintf(t, sizeof(t), "type-%u", type);
	if (code < 0)
		snprintf(buf, len, "%s", e ? e->name : t);
	else if (c)
		snprintf(buf, len, "%s/%s", e ? e->name : t, c);
	else
		snprintf(buf, len, "%s/code-%d", e ? e->name : t, code);
	return buf;
}

int error_parse(const struct family *f, const char *s, unsigned int *type,
		int *code, const char **bad)
{
	const char *slash = strchr(s, '/');
	unsigned int i, c;
	char word[32];
	__u32 v;

	snprintf(word, sizeof(word), "%.*s",
		 slash ? (int)(slash - s) : (int)strlen(s), s);
	*bad = s;
	for (i = 0; i < f->nerrors; i++)
		if (streq(word, f->errors[i].name) ||
		    (!parse_u32(word, &v) && v == f->errors[i].type))
			break;
	if (i == f->nerrors)
		return -1;
	*type = f->errors[i].type;
	*code = -1;
	if (!slash)
		return 0;
	*bad = slash + 1;
	if (code_parse(f, *type, slash + 1, &c))
		return -1;
	*code = (int)c;
	return 0;
}

int reject_parse(const struct family *f, const char *s, unsigned int *code)
{
	__u32 v;
	int i;

	if (!parse_u32(s, &v))
		i = v < f->nreject ? (int)v : -1;
	else
		i = name_find(&(struct names){ f->reject_codes, f->nreject },
			      s);
	if (i < 0)
		return -1;
	*code = (unsigned int)i;
	return *code == f->reject_bad ? -2 : 0;
}

const char *reject_word(const struct family *f, unsigned int code, char *buf,
			size_t len)
{
	if (code < f->nreject)
		return f->reject_codes[code];
	snprintf(buf, len, "%u", code);
	return buf;
}

const struct counter_desc counter_descs[__ICMPGUARD_CTR_MAX] = {
#define C(id, name, flags, help) \
	[ICMPGUARD_CTR_##id] = { name, help, flags }
	C(RX_PACKETS, "rx_packets", 0,
	  "ICMP datagrams seen by the input hook, valid or not"),
	C(RX_BYTES, "rx_bytes", 0,
	  "Bytes of the ICMP datagrams seen on input, IP header included"),
	C(TX_PACKETS, "tx_packets", 0, "ICMP datagrams the module sent"),
	C(TX_BYTES, "tx_bytes", 0,
	  "Bytes of the ICMP datagrams the module sent"),
	C(ECHO_REPLIES, "echo_replies", 0, "Echo replies sent"),
	C(TIMESTAMP_REPLIES, "timestamp_replies", 0, "Timestamp replies sent"),
	C(PROBE_REPLIES, "probe_replies", 0,
	  "Extended echo (PROBE) replies sent"),
	C(REPLIES_LIMITED, "replies_limited", 0,
	  "Replies not sent: the namespace's reply bucket was empty"),
	C(REPLIES_LIMITED_DEST, "replies_limited_dest", 0,
	  "Replies not sent: the destination's reply bucket was empty"),
	C(REPLY_FAILED, "reply_failed", 0,
	  "Replies that could not be built or routed"),
	C(PASSED, "passed", 0,
	  "ICMP datagrams handed on to the kernel unchanged"),
	C(DEST_TABLE_SIZE, "dest_table_size", CTR_GAUGE | CTR_NETNS,
	  "Entries in the per-destination reply table"),
	C(FRAGMENTS, "fragments", 0,
	  "ICMP fragments that reached the hook unreassembled"),
	C(DEST_OVERFLOW, "dest_overflow", 0,
	  "Replies and errors charged to the shared bucket of a full destination table"),
	C(ERRORS_SENT, "errors_sent", 0,
	  "ICMP errors the module sent, all types"),
	C(ERRORS_LIMITED_TYPE, "errors_limited_type", 0,
	  "Errors not sent: the bucket of their type and code was empty"),
	C(ERRORS_LIMITED_DEST, "errors_limited_dest", 0,
	  "Errors not sent: the bucket of their destination was empty"),
	C(ERRORS_LIMITED, "errors_limited", 0,
	  "Errors not sent: the namespace's bucket was empty"),
	C(ERRORS_FAILED, "errors_failed", 0,
	  "Errors that could not be built or routed"),
	C(ERR_REFUSED_ICMP_ERROR, "err_refused_icmp_error", 0,
	  "Errors not sent about an ICMP error, a redirect or an unknown type"),
	C(ERR_REFUSED_BROADCAST, "err_refused_broadcast", 0,
	  "Errors not sent about a datagram to a broadcast or multicast address"),
	C(ERR_REFUSED_FRAGMENT, "err_refused_fragment", 0,
	  "Errors not sent about a non-first fragment"),
	C(ERR_REFUSED_BAD_SOURCE, "err_refused_bad_source", 0,
	  "Errors not sent to an invalid source"),
	C(ECHO_REJECTED, "echo_rejected", 0,
	  "Echo requests a default policy rejected"),
	C(ECHO_DROPPED, "echo_dropped", 0,
	  "Echo requests a default policy dropped"),
	C(OWNED_TCP_DROPPED, "owned_tcp_dropped", 0,
	  "TCP segments to owned addresses, dropped"),
	C(OWNED_UNREACH, "owned_unreach", 0,
	  "Non-TCP datagrams to owned addresses, answered with an error"),
	C(ROUTER_TIME_EXCEEDED, "router_time_exceeded", 0,
	  "Forwarded datagrams router mode took over: TTL or hop limit exceeded"),
	C(ROUTER_FRAG_NEEDED, "router_frag_needed", 0,
	  "Forwarded datagrams router mode took over: too big for the MTU"),
	C(FLOOD_LIMITED_SOURCE, "flood_limited_source", 0,
	  "Inbound datagrams dropped by their source's flood bucket"),
	C(FLOOD_LIMITED_GLOBAL, "flood_limited_global", 0,
	  "Inbound datagrams dropped by the global flood bucket"),
	C(FLOOD_OVERFLOW, "flood_overflow", 0,
	  "Datagrams from sources a full table could not track"),
	C(SOURCES, "sources", CTR_GAUGE | CTR_NETNS,
	  "Sources tracked by the flood table"),
	C(SOURCES_MAX, "sources_max", CTR_GAUGE | CTR_NETNS,
	  "The most sources the flood table tracks"),
	C(SOURCES_EVICTED, "sources_evicted", CTR_NETNS,
	  "Tracked sources whose slot went to a new source"),
	C(RULE_ACCEPTED, "rule_accepted", 0, "Datagrams a rule accepted"),
	C(RULE_DROPPED, "rule_dropped", 0, "Datagrams a rule dropped"),
	C(RULE_REJECTED, "rule_rejected", 0, "Datagrams a rule rejected"),
	C(RULE_LIMITED, "rule_limited", 0, "Datagrams over the limit of a rule"),
	C(RULE_REPLIED, "rule_replied", 0, "Requests a reply rule answered"),
	C(POLICY_DROPPED, "policy_dropped", 0,
	  "Datagrams a default policy dropped"),
	C(POLICY_REJECTED, "policy_rejected", 0,
	  "Datagrams a default policy rejected"),
	C(EVENTS_SENT, "events_sent", CTR_NETNS, "Events multicast"),
	C(EVENTS_SUPPRESSED, "events_suppressed", CTR_NETNS,
	  "Events not sent: over their rate, or no memory"),
	C(OWNED_BAD_UDP, "owned_bad_udp", 0,
	  "UDP to owned addresses with a bad length or checksum, dropped"),
#undef C
};

static const char * const drop_names[__ICMPGUARD_DROP_MAX] = {
	[ICMPGUARD_DROP_TRUNCATED] = "truncated",
	[ICMPGUARD_DROP_BAD_LENGTH] = "bad_length",
	[ICMPGUARD_DROP_BAD_CHECKSUM] = "bad_checksum",
	[ICMPGUARD_DROP_DEPRECATED] = "deprecated",
	[ICMPGUARD_DROP_UNKNOWN_TYPE] = "unknown_type",
	[ICMPGUARD_DROP_BAD_SOURCE] = "bad_source",
	[ICMPGUARD_DROP_BROADCAST] = "broadcast",
	[ICMPGUARD_DROP_DISABLED] = "disabled",
	[ICMPGUARD_DROP_BAD_ND] = "bad_nd",
	[ICMPGUARD_DROP_BAD_MLD] = "bad_mld",
	[ICMPGUARD_DROP_BAD_EXTHDR] = "bad_exthdr",
};

static const char * const policy_names[__ICMPGUARD_POLICY_MAX] = {
	"accept", "drop", "reject",
};

static const char * const dir_names[__ICMPGUARD_DIR_MAX] = {
	"input", "forward",
};

static const char * const action_names[__ICMPGUARD_ACT_MAX] = {
	"accept", "drop", "reject", "limit", "reply",
};

static const char * const event_names[__ICMPGUARD_EVENT_MAX] = {
	[ICMPGUARD_EVENT_FLOOD_START] = "flood-start",
	[ICMPGUARD_EVENT_FLOOD_END] = "flood-end",
	[ICMPGUARD_EVENT_TABLE_FULL] = "table-full",
};

const struct names drops = { drop_names, __ICMPGUARD_DROP_MAX };
const struct names policies = { policy_names, __ICMPGUARD_POLICY_MAX };
const struct names dirs = { dir_names, __ICMPGUARD_DIR_MAX };
const struct names actions = { action_names, __ICMPGUARD_ACT_MAX };
const struct names events = { event_names, __ICMPGUARD_EVENT_MAX };

const char *name_of(const struct names *t, unsigned int i,
		    const char *prefix)
{
	static char buf[32];

	if (i < t->n && t->names[i])
		return t->names[i];
	snprintf(buf, sizeof(buf), "%s%u", prefix, i);
	return buf;
}

int name_find(const struct names *t, const char *s)
{
	unsigned int i;

	for (i = 0; i < t->n; i++)
		if (t->names[i] && streq(t->names[i], s))
			return (int)i;
	return -1;
}

const char *counter_name(unsigned int id)
{
	static const struct names counters = { NULL, 0 };

	if (id < ARRAY_SIZE(counter_descs) && counter_descs[id].name)
		return counter_descs[id].name;
	return name_of(&counters, id, "counter_");
}
