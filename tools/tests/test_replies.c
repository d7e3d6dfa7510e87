// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the replies of the module, built by hand as it builds
 * them (newer attributes included), decoded and printed in text, JSON and
 * Prometheus: counters of both families, owned prefixes, sources, events;
 * and the attribute names an extended ACK is given.
 */
#include <stdlib.h>
#include <unistd.h>
#include <libmnl/libmnl.h>

#include "test.h"

static void put_type(struct nlmsghdr *nlh, __u8 type, __u64 packets,
		     __u64 bytes)
{
	struct nlattr *e = mnl_attr_nest_start(nlh, ICMPGUARD_A_TYPE_ENTRY);

	mnl_attr_put_u8(nlh, ICMPGUARD_TYPE_A_TYPE, type);
	mnl_attr_put_u64(nlh, ICMPGUARD_TYPE_A_PACKETS, packets);
	mnl_attr_put_u64(nlh, ICMPGUARD_TYPE_A_BYTES, bytes);
	mnl_attr_nest_end(nlh, e);
}

static void put_error(struct nlmsghdr *nlh, __u8 type, __u8 code,
		      __u64 sent, __u64 limited)
{
	struct nlattr *e = mnl_attr_nest_start(nlh, ICMPGUARD_A_ERROR_ENTRY);

	mnl_attr_put_u8(nlh, ICMPGUARD_ERR_A_TYPE, type);
	mnl_attr_put_u8(nlh, ICMPGUARD_ERR_A_CODE, code);
	mnl_attr_put_u64(nlh, ICMPGUARD_ERR_A_SENT, sent);
	mnl_attr_put_u64(nlh, ICMPGUARD_ERR_A_LIMITED, limited);
	mnl_attr_nest_end(nlh, e);
}

/*
 * GET_STATS of a family: counter i holds 100 * i (+ 1 for IPv6), drop i
 * holds i, counter 60 and drop 30 are newer than icmpctl; out of order.
 */
static struct nlmsghdr *stats_msg(int af)
{
	struct nlmsghdr *nlh = msg_start(ICMPGUARD_CMD_GET_STATS);
	struct nlattr *nest;
	unsigned int i;

	mnl_attr_put_u8(nlh, ICMPGUARD_A_FAMILY, (__u8)af);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_COUNTERS);
	mnl_attr_put_u64(nlh, 60, 7);
	for (i = ICMPGUARD_CTR_MAX; i >= ICMPGUARD_CTR_RX_PACKETS; i--)
		mnl_attr_put_u64(nlh, (__u16)i, 100ULL * i + (af == AF_INET6));
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_DROPS);
	for (i = ICMPGUARD_DROP_TRUNCATED; i <= ICMPGUARD_DROP_MAX; i++)
		mnl_attr_put_u64(nlh, (__u16)i, i);
	mnl_attr_put_u64(nlh, 30, 18446744073709551615ULL);
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_RX_TYPES);
	put_type(nlh, af == AF_INET6 ? 128 : 8, 12, 1008);
	put_type(nlh, af == AF_INET6 ? 129 : 0, 1, 84);
	put_type(nlh, 200, 2, 56);
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_TX_TYPES);
	put_type(nlh, af == AF_INET6 ? 129 : 0, 12, 1008);
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_ERRORS);
	if (af == AF_INET6) {
		put_error(nlh, 2, 0, 4, 0);
		put_error(nlh, 1, 4, 1, 9);
	} else {
		put_error(nlh, 11, 0, 7, 2);
		put_error(nlh, 3, 13, 0, 0);
		put_error(nlh, 3, 4, 5, 0);
		put_error(nlh, 12, 9, 1, 0);
		put_error(nlh, 5, 1, 0, 3);
	}
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u32(nlh, ICMPGUARD_A_MAX + 5, 1);	/* newer */
	return nlh;
}

static void print_stats(const void *st)
{
	stats_print(st, opts.detail);
}

static const char stats_text[] =
	"Counters:\n"
	"  rx_packets                                200\n"
	"  rx_bytes                                  300\n"
	"  tx_packets                                400\n"
	"  tx_bytes                                  500\n"
	"  echo_replies                              600\n"
	"  timestamp_replies                         700\n"
	"  probe_replies                             800\n"
	"  replies_limited                           900\n"
	"  replies_limited_dest                     1000\n"
	"  reply_failed                             1100\n"
	"  passed                                   1200\n"
	"  dest_table_size                          1300\n"
	"  fragments                                1400\n"
	"  dest_overflow                            1500\n"
	"  errors_sent                              1600\n"
	"  errors_limited_type                      1700\n"
	"  errors_limited_dest                      1800\n"
	"  errors_limited                           1900\n"
	"  errors_failed                            2000\n"
	"  err_refused_icmp_error                   2100\n"
	"  err_refused_broadcast                    2200\n"
	"  err_refused_fragment                     2300\n"
	"  err_refused_bad_source                   2400\n"
	"  echo_rejected                            2500\n"
	"  echo_dropped                             2600\n"
	"  owned_tcp_dropped                        2700\n"
	"  owned_unreach                            2800\n"
	"  router_time_exceeded                     2900\n"
	"  router_frag_needed                       3000\n"
	"  flood_limited_source                     3100\n"
	"  flood_limited_global                     3200\n"
	"  flood_overflow                           3300\n"
	"  sources                                  3400\n"
	"  sources_max                              3500\n"
	"  sources_evicted                          3600\n"
	"  rule_accepted                            3700\n"
	"  rule_dropped                             3800\n"
	"  rule_rejected                            3900\n"
	"  rule_limited                             4000\n"
	"  rule_replied                             4100\n"
	"  policy_dropped                           4200\n"
	"  policy_rejected                          4300\n"
	"  events_sent                              4400\n"
	"  events_suppressed                        4500\n"
	"  owned_bad_udp                            4600\n"
	"  counter_60                                  7\n"
	"\n"
	"Drops:\n"
	"  truncated                                   2\n"
	"  bad_length                                  3\n"
	"  bad_checksum                                4\n"
	"  deprecated                                  5\n"
	"  unknown_type                                6\n"
	"  bad_source                                  7\n"
	"  broadcast                                   8\n"
	"  disabled                                    9\n"
	"  bad_nd                                     10\n"
	"  bad_mld                                    11\n"
	"  bad_exthdr                                 12\n"
	"  drop_30                  18446744073709551615\n"
	"\n"
	"Received by type:\n"
	"  type  name                                packets                 bytes\n"
	"     0  echo-reply                                1                    84\n"
	"     8  echo-request                             12                  1008\n"
	"   200  type-200                                  2                    56\n"
	"\n"
	"Sent by type:\n"
	"  type  name                                packets                 bytes\n"
	"     0  echo-reply                               12                  1008\n"
	"\n"
	"Errors by type/code:\n"
	"  type  code  name                                           sent      limited\n"
	"     3     4  dest-unreach/frag-needed                          5            0\n"
	"     5     1  type-5/code-1                                     0            3\n"
	"    11     0  time-exceeded/ttl-exceeded                        7            2\n"
	"    12     9  parameter-problem/code-9                          1            0\n";

static const char * const stats_json_end[] = {
	"\"bad_exthdr\":12,\"drop_30\":18446744073709551615},",
	"\"rx_types\":[{\"type\":0,\"name\":\"echo-reply\",\"packets\":1,",
	"\"bytes\":84},{\"type\":8,\"name\":\"echo-request\",\"packets\":12,",
	"\"bytes\":1008},{\"type\":200,\"name\":\"type-200\",\"packets\":2,",
	"\"bytes\":56}],",
	"\"tx_types\":[{\"type\":0,\"name\":\"echo-reply\",\"packets\":12,",
	"\"bytes\":1008}],",
	"\"errors\":[{\"type\":3,\"code\":4,",
	"\"name\":\"dest-unreach/frag-needed\",\"sent\":5,\"limited\":0},",
	"{\"type\":3,\"code\":13,\"name\":\"dest-unreach/admin-prohibited\",",
	"\"sent\":0,\"limited\":0},",
	"{\"type\":5,\"code\":1,\"name\":\"type-5/code-1\",\"sent\":0,",
	"\"limited\":3},",
	"{\"type\":11,\"code\":0,\"name\":\"time-exceeded/ttl-exceeded\",",
	"\"sent\":7,\"limited\":2},",
	"{\"type\":12,\"code\":9,\"name\":\"parameter-problem/code-9\",",
	"\"sent\":1,\"limited\":0}]}\n",
	NULL
};

static void test_stats(void)
{
	static const char v6_rx[] = "\nIPv6 received by type:\n"
		"  type  name                                packets                 bytes\n"
		"   128  echo-request                             12                  1008\n";
	static const char v6_unreach[] =
		"  4  destination-unreachable/port-unreachable            1            9\n";
	static const char v6_ptb[] =
		"     2     0  packet-too-big/code-0                             4            0\n";
	static const char zero_type[] =
		"\n    42  extended-echo-request                     0                     0\n";
	static const char zero_error[] =
		"     3    13  dest-unreach/admin-prohibited                     0            0\n";
	struct stats *st = malloc(sizeof(*st)), *st6 = malloc(sizeof(*st6));
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	char *out;

	if (!st || !st6)
		abort();
	check(!stats_parse(stats_msg(AF_INET), st) && st->family == AF_INET &&
	      st->ncounters == ICMPGUARD_CTR_MAX && st->nerrors == 5,
	      "stats: decoded");
	check(!stats_parse(stats_msg(AF_INET6), st6) &&
	      st6->family == AF_INET6, "stats: IPv6 decoded");
	check_render(print_stats, st, stats_text, NULL, "stats");
	out = render(print_stats, st, 1);
	check(!strncmp(out, "{\"counters\":{\"rx_packets\":200,\"rx_bytes\":300,", 43) &&
	      !!strstr(out, join(stats_json_end)), "stats: json");
	free(out);

	/* IPv6: its tables, under titles of their own; ICMPv6's names */
	out = render(print_stats, st6, 0);
	check(!!strstr(out, "IPv6 counters:\n  rx_packets                                201\n") &&
	      !!strstr(out, v6_rx) && !!strstr(out, v6_unreach) && !!strstr(out, v6_ptb),
	      "stats: IPv6 text");
	free(out);

	/* Detail: every named type has a row, every error row is shown */
	opts.detail = 1;
	out = render(print_stats, st, 0);
	check(!!strstr(out, zero_type) && !!strstr(out, zero_error),
	      "stats -s: rows of zeros");
	free(out);
	out = render(print_stats, st6, 1);
	check(json_valid(out) &&
	      !!strstr(out, "{\"type\":143,\"name\":\"mld2-listener-report\",\"packets\":0,"),
	      "stats -s: IPv6 json");
	free(out);
	opts.detail = 0;

	/* Nothing: the sections, valid JSON */
	memset(st, 0, sizeof(*st));
	st->family = AF_INET;
	check_render(print_stats, st, NULL,
		     "{\"counters\":{},\"drops\":{},\"rx_types\":[],\"tx_types\":[]}\n",
		     "stats: empty");

	/* Malformed: a counter of 3 bytes; an error entry without code */
	nlh = msg_start(ICMPGUARD_CMD_GET_STATS);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_COUNTERS);
	mnl_attr_put(nlh, ICMPGUARD_CTR_RX_PACKETS, 3, "abc");
	mnl_attr_nest_end(nlh, nest);
	check(stats_parse(nlh, st) == -EBADMSG, "stats: short counter");
	nlh = msg_start(ICMPGUARD_CMD_GET_STATS);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_ERRORS);
	put_type(nlh, 3, 1, 1);	/* no code */
	mnl_attr_nest_end(nlh, nest);
	check(stats_parse(nlh, st) == -EBADMSG, "stats: an error without code");
	nlh = msg_start(ICMPGUARD_CMD_GET_STATS);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_ERRORS);
	mnl_attr_nest_end(nlh, nest);
	check(!stats_parse(nlh, st) && st->has_errors && !st->nerrors,
	      "stats: no error");
	nlh = msg_start(ICMPGUARD_CMD_GET_STATS);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_COUNTERS);
	mnl_attr_put_u32(nlh, ICMPGUARD_CTR_PASSED, 5);
	mnl_attr_nest_end(nlh, nest);
	check(!stats_parse(nlh, st) && st->ncounters == 1 &&
	      st->counters[0].value == 5, "stats: a u32 counter");
	free(st);
	free(st6);
}

/* stats prometheus of both families, with rules: for prom_check.py */
void prom_sample(void)
{
	struct stats *st[2] = { malloc(sizeof(**st)), malloc(sizeof(**st)) };
	static const char * const lines[] = {
		"input type echo-request limit 10/s burst 20",
		"forward icmpv6 drop",
	};
	struct rule rules[2];
	char buf[128], err[128], *words[16];
	unsigned int i;

	if (!st[0] || !st[1])
		abort();
	stats_parse(stats_msg(AF_INET), st[0]);
	stats_parse(stats_msg(AF_INET6), st[1]);
	for (i = 0; i < 2; i++) {
		rule_parse(words_of(lines[i], buf, sizeof(buf), words, 16),
			   words, &rules[i], err, sizeof(err));
		rules[i].has |= RULE_HAS_HANDLE | RULE_HAS_COUNTERS;
		rules[i].handle = i + 3;
		rules[i].packets = 5;
	}
	prom_print(stdout, st, rules, 2, "ns \"1\"\\");
	free(st[0]);
	free(st[1]);
}

static int run_prom(void *arg)
{
	(void)arg;
	prom_sample();
	return 0;
}

/* prom_sample()'s namespace and families, as labels */
#define NS	"netns=\"ns \\\"1\\\"\\\\\""
#define V4	NS ",family=\"ipv4\""
#define V6	NS ",family=\"ipv6\""

static void test_prom(void)
{
	char *out;
	int ret;

	out = capture_stdout(run_prom, NULL, &ret);
	check(!!strstr(out, "_total ICMP datagrams seen by the input hook, valid or not\n"
		       "# TYPE icmpguard_rx_packets_total counter\n"
		       "icmpguard_rx_packets_total{" V4 "} 200\n"
		       "icmpguard_rx_packets_total{" V6 "} 201\n"),
	      "prometheus: a counter of each family");
	check(!!strstr(out, "# TYPE icmpguard_sources gauge\n"
		       "icmpguard_sources{" NS "} 3400\n# HELP"),
	      "prometheus: a namespace-wide gauge, once");
	check(!!strstr(out, "# TYPE icmpguard_counter_60 untyped\n"),
	      "prometheus: a counter unknown here");
	check(!!strstr(out, "icmpguard_rx_packets_by_type_total{" V6
		       ",type=\"128\",name=\"echo-request\"} 12\n"),
	      "prometheus: types, with family");
	check(!!strstr(out, "icmpguard_errors_sent_by_type_total{" V6
		       ",type=\"2\",code=\"0\",name=\"packet-too-big/code-0\"} 4\n"),
	      "prometheus: errors, with family");
	check(!!strstr(out, "icmpguard_rule_packets_total{" V6
		       ",handle=\"4\",dir=\"forward\"} 5\n") &&
	      !!strstr(out, "icmpguard_rule_limited_packets_total{" V4
		       ",handle=\"3\",dir=\"input\"} 0\n") &&
	      !strstr(out, "limited_packets_total{" V6),
	      "prometheus: rules");
	free(out);
}

/* A source (limited >= 0) or an owned prefix; plen < 0: not sent. */
static struct nlmsghdr *prefix_msg(const char *addr, int plen,
				   long long limited, int flooding)
{
	int src = limited >= 0;
	struct nlmsghdr *nlh = msg_start(src ? ICMPGUARD_CMD_GET_SOURCES :
					 ICMPGUARD_CMD_GET_OWNED);
	struct nlattr *nest = mnl_attr_nest_start(nlh, src ?
						  ICMPGUARD_A_SOURCE :
						  ICMPGUARD_A_PREFIX);
	struct prefix p;

	prefix_parse(addr, 0, &p);
	if (p.family == AF_INET6)
		mnl_attr_put(nlh, src ? ICMPGUARD_SRC_A_ADDR6 :
			     ICMPGUARD_PFX_A_ADDR6, 16, p.addr);
	else
		mnl_attr_put(nlh, src ? ICMPGUARD_SRC_A_ADDR :
			     ICMPGUARD_PFX_A_ADDR, 4, p.addr);
	if (plen >= 0)
		mnl_attr_put_u8(nlh, src ? ICMPGUARD_SRC_A_PLEN :
				ICMPGUARD_PFX_A_PLEN, (__u8)plen);
	if (src) {
		mnl_attr_put_u64(nlh, ICMPGUARD_SRC_A_LIMITED, (__u64)limited);
		mnl_attr_put_u8(nlh, ICMPGUARD_SRC_A_FLOODING, (__u8)flooding);
	}
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

#define source_msg(addr, plen, limited, flooding) \
	prefix_msg(addr, plen, (long long)(limited), flooding)

static int owned_parse_test(const struct nlmsghdr *nlh, struct prefix *p)
{
	const struct nlattr *tb[ATTR_TB_MAX];

	if (attr_parse_msg(nlh, AS_TOP, tb) || !tb[ICMPGUARD_A_PREFIX])
		return -1;
	return prefix_get_nest(tb[ICMPGUARD_A_PREFIX], p);
}

static void print_sources(const void *v)
{
	sources_print(v, opts.detail);
}

static void test_sources(void)
{
	struct source src[16];
	struct vec v = { src, 0, 16 };
	struct prefix p;
	char addr[32], *out;
	unsigned int i;
	int ok;

	ok = !source_parse(source_msg("198.51.100.7", 32, 0, 0), &src[0]) &&
	     !source_parse(source_msg("192.0.2.0", 24, 17, 0), &src[1]) &&
	     !source_parse(source_msg("2001:db8:1:2::", 64, 5123, 1),
			   &src[2]);
	check(ok, "sources: decoded");
	v.n = 3;
	check_render(print_sources, &v,
		     "Sources:\n"
		     "  source                           limited  flooding\n"
		     "  198.51.100.7/32                        0  no\n"
		     "  192.0.2.0/24                          17  no\n"
		     "  2001:db8:1:2::/64                   5123  yes\n",
		     cat("{\"sources\":[",
			 "{\"source\":\"198.51.100.7/32\",\"family\":\"ipv4\",",
			 "\"limited\":0,\"flooding\":false},",
			 "{\"source\":\"192.0.2.0/24\",\"family\":\"ipv4\",",
			 "\"limited\":17,\"flooding\":false},",
			 "{\"source\":\"2001:db8:1:2::/64\",\"family\":\"ipv6\",",
			 "\"limited\":5123,\"flooding\":true}]}\n", NULL), "sources");
	/* The top ten of the limited ones, the most limited first */
	for (i = 0; i < 12; i++) {
		snprintf(addr, sizeof(addr), "10.0.0.%u", i + 1);
		source_parse(source_msg(addr, 32, 11 - i, 0), &src[i]);
	}
	v.n = 12;
	opts.detail = 1;
	out = render(print_sources, &v, 0);
	check(!strncmp(out, "Top limited sources:\n", 21) &&
	      !!strstr(out, "10.0.0.10/32") && !strstr(out, "10.0.0.11/32") &&
	      !strstr(out, "10.0.0.12/32"),
	      "top sources: those limited");
	opts.detail = 0;
	free(out);
	check(source_parse(source_msg("10.0.0.1", -1, 1, 0), &src[0]) ==
	      -EBADMSG, "sources: no length");
	check(source_parse(source_msg("10.0.0.1", 33, 1, 0), &src[0]) ==
	      -EBADMSG, "sources: length 33");
	check(source_parse(source_msg("2001:db8::", 129, 1, 0), &src[0]) ==
	      -EBADMSG, "sources: length 129");

	/* An owned prefix */
	check(!owned_parse_test(prefix_msg("2001:db8:ff::", 48, -1, 0), &p) &&
	      p.family == AF_INET6 && p.plen == 48, "owned: an IPv6 prefix");
	check(owned_parse_test(prefix_msg("192.0.2.0", 33, -1, 0), &p),
	      "owned: length 33");
}

/* An event; plen < 0, dropped < 0, af 0: not sent. */
static struct nlmsghdr *event_msg(int type, const char *addr, int plen,
				  long long dropped, int af)
{
	struct nlmsghdr *nlh = msg_start(ICMPGUARD_CMD_EVENT);
	struct nlattr *nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_EVENT);
	struct prefix p;

	if (type >= 0)
		mnl_attr_put_u8(nlh, ICMPGUARD_EVT_A_TYPE, (__u8)type);
	if (addr && !prefix_parse(addr, 0, &p))
		mnl_attr_put(nlh, p.family == AF_INET6 ? ICMPGUARD_EVT_A_ADDR6 :
			     ICMPGUARD_EVT_A_ADDR, p.family == AF_INET6 ? 16 : 4,
			     p.addr);
	if (plen >= 0)
		mnl_attr_put_u8(nlh, ICMPGUARD_EVT_A_PLEN, (__u8)plen);
	if (dropped >= 0)
		mnl_attr_put_u64(nlh, ICMPGUARD_EVT_A_DROPPED, (__u64)dropped);
	if (af)
		mnl_attr_put_u8(nlh, ICMPGUARD_EVT_A_FAMILY, (__u8)af);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

struct stamped {
	struct event ev;
	const char *stamp;
};

static void print_event(const void *arg)
{
	const struct stamped *s = arg;

	event_print(&s->ev, s->stamp);
}

static void test_events(void)
{
	static const struct {
		int type;
		const char *addr;
		int plen;
		long long dropped;
		int af;
		const char *text;
		const char *json;
	} cases[] = {
		{ 1, "10.1.2.3", 32, -1, 0, "flood-start source 10.1.2.3/32\n",
		  "{\"event\":\"flood-start\",\"family\":\"ipv4\",\"source\":\"10.1.2.3/32\"}\n" },
		{ 2, "10.1.2.0", 24, 5123, 0,
		  "flood-end source 10.1.2.0/24 dropped 5123\n", NULL },
		{ 1, "2001:db8:1::", 64, -1, 0,
		  "flood-start source 2001:db8:1::/64\n",
		  "{\"event\":\"flood-start\",\"family\":\"ipv6\",\"source\":\"2001:db8:1::/64\"}\n"
		},
		{ 1, NULL, -1, -1, 0, "flood-start global\n",
		  "{\"event\":\"flood-start\",\"source\":null}\n" },
		{ 2, NULL, -1, 0, AF_INET6, "flood-end global ipv6 dropped 0\n",
		  "{\"event\":\"flood-end\",\"family\":\"ipv6\",\"source\":null,\"dropped\":0}\n" },
		{ 3, NULL, -1, -1, 0, "table-full\n",
		  "{\"event\":\"table-full\",\"source\":null}\n" },
		{ 9, NULL, -1, -1, 0, "event-9 global\n", NULL },
	};
	struct stamped s = { .stamp = NULL };
	char name[64];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		snprintf(name, sizeof(name), "event %u", i);
		check(!event_parse(event_msg(cases[i].type, cases[i].addr,
					     cases[i].plen, cases[i].dropped,
					     cases[i].af), &s.ev), name);
		check_render(print_event, &s, cases[i].text, cases[i].json,
			     name);
	}
	s.stamp = "2025-01-31T12:34:56.789";
	check_render(print_event, &s,
		     "[2025-01-31T12:34:56.789] event-9 global\n",
		     "{\"time\":\"2025-01-31T12:34:56.789\",\"event\":\"event-9\",\"source\":null}\n",
		     "event stamped");
	check(event_parse(event_msg(-1, NULL, -1, -1, 0), &s.ev) == -EBADMSG,
	      "event: no type");
	check(event_parse(event_msg(1, "10.1.2.3", -1, -1, 0), &s.ev) ==
	      -EBADMSG, "event: an address without length");
	check(event_parse(event_msg(1, NULL, 24, -1, 0), &s.ev) == -EBADMSG,
	      "event: a length without address");
}

static void test_attrs(void)
{
	const char *name, *what;
	unsigned int set, t, ok = 1;
	struct nlmsghdr *nlh;
	struct nlattr *cfg, *rates, *entry, *burst, *rate;
	char buf[512];

	for (set = AS_TOP; set <= AS_EVT; set++) {
		what = attr_set_name(set);
		for (t = 0; t < attr_count(set); t++) {
			name = attr_name(set, t);
			if (!name || strncmp(name, what, strlen(what) - 1)) {
				printf("FAIL: %s: no name for %u\n", what, t);
				ok = 0;
			}
		}
	}
	check(ok && attr_count(AS_CFG) == __ICMPGUARD_CFG_A_MAX &&
	      !attr_name(AS_CFG, __ICMPGUARD_CFG_A_MAX),
	      "attrs: every attribute of every set has its name");

	nlh = msg_start(ICMPGUARD_CMD_BATCH);
	cfg = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_FLAGS, 0);
	burst = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_REPLY_BURST, 0);
	rates = mnl_attr_nest_start(nlh, ICMPGUARD_CFG_A_ERROR_RATES);
	entry = mnl_attr_nest_start(nlh, ICMPGUARD_A_ERROR_RATE);
	mnl_attr_put_u8(nlh, ICMPGUARD_ERATE_A_TYPE, 3);
	rate = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, ICMPGUARD_ERATE_A_RATE, 2000000000);
	mnl_attr_nest_end(nlh, entry);
	mnl_attr_nest_end(nlh, rates);
	mnl_attr_put_u32(nlh, 40, 1);
	mnl_attr_nest_end(nlh, cfg);

#define OFFS(a)	((__u32)((char *)(a) - (char *)nlh))
	attr_describe(nlh, OFFS(burst), "integer out of range", buf,
		      sizeof(buf));
	check_str(buf, " (attribute ICMPGUARD_CFG_A_REPLY_BURST)",
		  "attrs: a burst");
	attr_describe(nlh, OFFS(burst) + 5, NULL, buf, sizeof(buf));
	check_str(buf, " (attribute ICMPGUARD_CFG_A_REPLY_BURST)",
		  "attrs: inside its value");
	attr_describe(nlh, OFFS(burst), "ICMPGUARD_CFG_A_REPLY_BURST: bad",
		      buf, sizeof(buf));
	check_str(buf, "", "attrs: not when the message names it");
	attr_describe(nlh, OFFS(cfg) + 4, "ICMPGUARD_CFG_A_FLAGS_MASK wrong",
		      buf, sizeof(buf));
	check_str(buf, " (attribute ICMPGUARD_CFG_A_FLAGS)",
		  "attrs: a longer name is another");
	attr_describe(nlh, OFFS(rate), NULL, buf, sizeof(buf));
	check_str(buf, " (attribute ICMPGUARD_ERATE_A_RATE)",
		  "attrs: in an error budget");
	attr_describe(nlh, OFFS(rates) + 4, NULL, buf, sizeof(buf));
	check_str(buf, " (attribute ICMPGUARD_A_ERROR_RATE)",
		  "attrs: an error budget");
	attr_describe(nlh, nlh->nlmsg_len - 8, NULL, buf, sizeof(buf));
	check_str(buf, " (attribute of unknown type 40 among ICMPGUARD_CFG_A_*)",
		  "attrs: an unknown type");
	attr_describe(nlh, 4, NULL, buf, sizeof(buf));
	check_str(buf, "", "attrs: in the header");
	attr_describe(nlh, nlh->nlmsg_len, NULL, buf, sizeof(buf));
	check_str(buf, "", "attrs: past the end");

	/* The line of an error of the kernel */
	memset(&nl, 0, sizeof(nl));
	nl.req = nlh;
	nl.has_ext_offs = 1;
	nl.ext_offs = OFFS(burst);
	snprintf(nl.ext_msg, sizeof(nl.ext_msg), "integer out of range");
	kernel_error_text(buf, sizeof(buf), "set", EINVAL);
	check_str(buf,
		  "set: Invalid argument: integer out of range (attribute ICMPGUARD_CFG_A_REPLY_BURST)",
		  "attrs: the error line");
	kernel_error_text(buf, sizeof(buf), NULL, EEXIST);
	check_str(buf, "File exists: integer out of range (attribute ICMPGUARD_CFG_A_REPLY_BURST)",
		  "attrs: the error line of a file's line");
	nl.has_ext_offs = 0;
	nl.ext_msg[0] = '\0';
	kernel_error_text(buf, sizeof(buf), "rule del handle 3", ENOENT);
	check_str(buf, "the icmpguard module is not loaded (insmod icmpguard.ko)",
		  "attrs: ENOENT, nothing said: no module");
	memset(&nl, 0, sizeof(nl));
#undef OFFS
}

void test_replies(void)
{
	test_stats();
	test_prom();
	test_sources();
	test_events();
	test_attrs();
}
