// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of icmpctl stats prometheus, and of the attribute names that
 * errors of the module are given (attrs.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <libmnl/libmnl.h>

#include "../module/uapi/icmpguard.h"
#include "attrs.h"
#include "cmd.h"
#include "prom.h"
#include "rule.h"
#include "set.h"
#include "test.h"
#include "test_model.h"
#include "util.h"

static void put_type(struct nlmsghdr *nlh, __u8 type, __u64 packets)
{
	struct nlattr *e = mnl_attr_nest_start(nlh, ICMPGUARD_A_TYPE_ENTRY);

	mnl_attr_put_u8(nlh, ICMPGUARD_TYPE_A_TYPE, type);
	put_u64(nlh, ICMPGUARD_TYPE_A_PACKETS, ICMPGUARD_TYPE_A_PAD, packets);
	put_u64(nlh, ICMPGUARD_TYPE_A_BYTES, ICMPGUARD_TYPE_A_PAD,
		84 * packets);
	mnl_attr_nest_end(nlh, e);
}

static void put_error(struct nlmsghdr *nlh, __u8 type, __u8 code,
		      __u64 sent, __u64 limited)
{
	struct nlattr *e = mnl_attr_nest_start(nlh, ICMPGUARD_A_ERROR_ENTRY);

	mnl_attr_put_u8(nlh, ICMPGUARD_ERR_A_TYPE, type);
	mnl_attr_put_u8(nlh, ICMPGUARD_ERR_A_CODE, code);
	put_u64(nlh, ICMPGUARD_ERR_A_SENT, ICMPGUARD_ERR_A_PAD, sent);
	put_u64(nlh, ICMPGUARD_ERR_A_LIMITED, ICMPGUARD_ERR_A_PAD, limited);
	mnl_attr_nest_end(nlh, e);
}

/*
 * A GET_STATS reply: counter i holds 100 * i, drop i holds i, counter 60
 * is unknown to icmpctl; types and errors out of order.
 */
struct nlmsghdr *prom_stats_msg(void)
{
	struct nlmsghdr *nlh = msg_start(ICMPGUARD_CMD_GET_STATS);
	struct nlattr *nest;
	unsigned int i;

	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_COUNTERS);
	put_u64(nlh, 60, ICMPGUARD_CTR_PAD, 7);
	for (i = ICMPGUARD_CTR_MAX; i >= ICMPGUARD_CTR_RX_PACKETS; i--)
		put_u64(nlh, (__u16)i, ICMPGUARD_CTR_PAD, 100ULL * i);
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_DROPS);
	for (i = ICMPGUARD_DROP_TRUNCATED; i <= ICMPGUARD_DROP_MAX; i++)
		put_u64(nlh, (__u16)i, ICMPGUARD_DROP_PAD, i);
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_RX_TYPES);
	put_type(nlh, 200, 1);
	put_type(nlh, 8, 30);
	put_type(nlh, 0, 2);
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_TX_TYPES);
	put_type(nlh, 0, 30);
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_ERRORS);
	put_error(nlh, 11, 0, 3, 0);
	put_error(nlh, 3, 4, 5, 1);
	put_error(nlh, 3, 13, 0, 9);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static void stats(struct icg_stats *st)
{
	if (icg_stats_parse(prom_stats_msg(), st))
		abort();
}

/* Two rules with handles, a limit and a drop, and one without. */
static void rules(struct icg_rule *r)
{
	memset(r, 0, 3 * sizeof(*r));
	r[0].has = RULE_HAS_HANDLE | RULE_HAS_COUNTERS;
	r[0].handle = 3;
	r[0].action = ICMPGUARD_ACT_LIMIT;
	r[0].packets = 120;
	r[0].bytes = 10080;
	r[0].limited = 7;
	r[1].has = RULE_HAS_HANDLE | RULE_HAS_COUNTERS;
	r[1].handle = 4;
	r[1].dir = ICMPGUARD_DIR_FORWARD;
	r[1].action = ICMPGUARD_ACT_DROP;
	r[1].packets = 1;
	r[1].bytes = 28;
	r[2].action = ICMPGUARD_ACT_ACCEPT;
}

struct sample {
	const char *netns;
};

static void print_sample(FILE *f, void *arg)
{
	const struct sample *s = arg;
	struct icg_stats *st = malloc(sizeof(*st));
	struct icg_rule r[3];

	if (!st)
		abort();
	stats(st);
	rules(r);
	icg_prom_print(f, st, r, 3, s->netns);
	free(st);
}

void prom_sample(void)
{
	static const struct sample s = { "we\"ird\\ns" };

	print_sample(stdout, (void *)&s);
}

static void has(const char *out, const char *want, const char *what)
{
	check(!!strstr(out, want), what);
	if (!strstr(out, want))
		printf("--- want, in the output:\n%s---\n", want);
}

#define RX_HELP		"ICMP datagrams seen by the input hook, valid or not"
#define ERRORS_SENT	"icmpguard_errors_sent_by_type_total"
#define ERRORS_LIMITED	"icmpguard_errors_limited_by_type_total"
#define FRAG_NEEDED	"name=\"dest-unreach/frag-needed\""
#define ADMIN		"name=\"dest-unreach/admin-prohibited\""
#define TTL		"name=\"time-exceeded/ttl-exceeded\""
#define REPLY_BURST	"(attribute ICMPGUARD_CFG_A_REPLY_BURST)"

void test_prom(void)
{
	struct sample s = { NULL };
	char *out = capture_file(print_sample, &s);

	has(out, "# HELP icmpguard_rx_packets_total " RX_HELP "\n"
	    "# TYPE icmpguard_rx_packets_total counter\n"
	    "icmpguard_rx_packets_total 200\n"
	    "# HELP icmpguard_rx_bytes_total ", "prom: a counter");
	has(out, "# TYPE icmpguard_dest_table_size gauge\n"
	    "icmpguard_dest_table_size 1300\n", "prom: a gauge");
	has(out, "# TYPE icmpguard_sources_max gauge\n", "prom: sources_max");
	has(out, "# HELP icmpguard_counter_60 Counter 60, unknown to this icmpctl\n"
	    "# TYPE icmpguard_counter_60 untyped\n"
	    "icmpguard_counter_60 7\n", "prom: an unknown counter");
	has(out, "# TYPE icmpguard_drops_total counter\n"
	    "icmpguard_drops_total{reason=\"truncated\"} 2\n"
	    "icmpguard_drops_total{reason=\"bad_length\"} 3\n", "prom: drops");
	has(out, "icmpguard_rx_packets_by_type_total{type=\"0\",name=\"echo-reply\"} 2\n"
	    "icmpguard_rx_packets_by_type_total{type=\"8\",name=\"echo-request\"} 30\n"
	    "icmpguard_rx_packets_by_type_total{type=\"200\",name=\"type-200\"} 1\n",
	    "prom: received by type");
	has(out, "icmpguard_tx_bytes_by_type_total{type=\"0\",name=\"echo-reply\"} 2520\n",
	    "prom: bytes sent by type");
	has(out, "# TYPE icmpguard_errors_sent_by_type_total counter\n"
	    ERRORS_SENT "{type=\"3\",code=\"4\"," FRAG_NEEDED "} 5\n"
	    ERRORS_SENT "{type=\"3\",code=\"13\"," ADMIN "} 0\n",
	    "prom: errors sent");
	has(out, ERRORS_LIMITED "{type=\"11\",code=\"0\"," TTL "} 0\n",
	    "prom: errors limited");
	has(out, "# TYPE icmpguard_rule_packets_total counter\n"
	    "icmpguard_rule_packets_total{handle=\"3\",dir=\"input\"} 120\n"
	    "icmpguard_rule_packets_total{handle=\"4\",dir=\"forward\"} 1\n"
	    "# HELP icmpguard_rule_bytes_total", "prom: rule packets");
	has(out, "# TYPE icmpguard_rule_limited_packets_total counter\n"
	    "icmpguard_rule_limited_packets_total{handle=\"3\",dir=\"input\"} 7\n",
	    "prom: limited, of limit rules only");
	check(!strstr(out, "handle=\"4\",dir=\"forward\"} 0"),
	      "prom: no limited for a drop rule");
	check(!strstr(out, "icmpguard_errors_sent_total{"),
	      "prom: the counter of all errors has no labels");
	free(out);

	s.netns = "a\"b\\c\nd";
	out = capture_file(print_sample, &s);
	has(out, "icmpguard_rx_packets_total{netns=\"a\\\"b\\\\c\\nd\"} 200\n",
	    "prom: netns label, escaped");
	has(out, "icmpguard_drops_total{netns=\"a\\\"b\\\\c\\nd\",reason=\"truncated\"} 2\n",
	    "prom: netns label first");
	free(out);
}

/* The offset of the attribute type in the nest at offset nest of nlh. */
static __u32 find(const struct nlmsghdr *nlh, __u32 nest, unsigned int type)
{
	const struct nlattr *a = (const struct nlattr *)((const char *)nlh +
							 nest), *c;

	mnl_attr_for_each_nested(c, a)
		if (mnl_attr_get_type(c) == type)
			return (__u32)((const char *)c - (const char *)nlh);
	abort();
}

static __u32 top(const struct nlmsghdr *nlh, unsigned int type)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == type)
			return (__u32)((const char *)a - (const char *)nlh);
	abort();
}

static void describe(const struct nlmsghdr *nlh, __u32 offs, const char *msg,
		     const char *want, const char *what)
{
	char buf[ICG_ATTR_TEXT_MAX];

	icg_attr_describe(nlh, offs, msg, buf, sizeof(buf));
	check_str(buf, want, what);
}

static void test_tables(void)
{
	enum icg_attr_set set;
	unsigned int type, ok = 1;
	const char *name, *what;

	for (set = ICG_AS_TOP; set <= ICG_AS_EVT; set++) {
		what = icg_attr_set_name(set);
		for (type = 0; type < icg_attr_count(set); type++) {
			name = icg_attr_name(set, type);
			if (!name || strncmp(name, what, strlen(what) - 1)) {
				printf("FAIL: %s: no name for %u\n", what, type);
				ok = 0;
			}
		}
	}
	check(ok, "attrs: every attribute of every set has its name");
	check(icg_attr_count(ICG_AS_CFG) == __ICMPGUARD_CFG_A_MAX &&
	      icg_attr_count(ICG_AS_RULE) == __ICMPGUARD_RULE_A_MAX,
	      "attrs: as many as the enums");
	check(!icg_attr_name(ICG_AS_CFG, __ICMPGUARD_CFG_A_MAX) &&
	      !icg_attr_name(ICG_AS_COUNT, 0), "attrs: none past the end");
}

void test_attrs(void)
{
	struct set_req *req = malloc(sizeof(*req));
	char err[256], text[NL_MSG_MAX + 256], buf[128], *words[16];
	struct icg_rule r;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	__u32 cfg, burst, rates;
	int ret, n;

	if (!req)
		abort();
	test_tables();
	set_req_init(req);
	n = test_words("reply-rate 10 burst 5 error-rate 3/4 10 burst 2", buf,
		       sizeof(buf), words, 16);
	ret = set_req_parse(req, 0, n, words);
	check(!ret, "attrs: a set request");
	nlh = msg_start(ICMPGUARD_CMD_SET_CONFIG);
	set_req_put(nlh, req);
	cfg = top(nlh, ICMPGUARD_A_CONFIG);
	burst = find(nlh, cfg, ICMPGUARD_CFG_A_REPLY_BURST);
	describe(nlh, burst, "integer out of range",
		 " (attribute ICMPGUARD_CFG_A_REPLY_BURST)", "attrs: a burst");
	describe(nlh, burst + 5, NULL,
		 " (attribute ICMPGUARD_CFG_A_REPLY_BURST)",
		 "attrs: inside its value");
	describe(nlh, burst, "ICMPGUARD_CFG_A_REPLY_BURST must be >= 1", "",
		 "attrs: not when the message names it");
	describe(nlh, cfg, "bad", " (attribute ICMPGUARD_A_CONFIG)",
		 "attrs: the nest");
	rates = find(nlh, cfg, ICMPGUARD_CFG_A_ERROR_RATES);
	describe(nlh, rates + 4 + 4 + 8 + 8, "integer out of range",
		 " (attribute ICMPGUARD_ERATE_A_RATE)",
		 "attrs: in an error budget");
	describe(nlh, rates + 4, NULL, " (attribute ICMPGUARD_A_ERROR_RATE)",
		 "attrs: an error budget");
	describe(nlh, 4, NULL, "", "attrs: in the header");
	describe(nlh, nlh->nlmsg_len, NULL, "", "attrs: past the end");

	/* Names that start alike: FLAGS is not FLAGS_MASK */
	set_req_init(req);
	n = test_words("probe on", buf, sizeof(buf), words, 16);
	set_req_parse(req, 0, n, words);
	nlh = msg_start(ICMPGUARD_CMD_SET_CONFIG);
	set_req_put(nlh, req);
	describe(nlh, find(nlh, top(nlh, ICMPGUARD_A_CONFIG),
			   ICMPGUARD_CFG_A_FLAGS),
		 "ICMPGUARD_CFG_A_FLAGS_MASK wrong",
		 " (attribute ICMPGUARD_CFG_A_FLAGS)", "attrs: a longer name");

	/* An attribute this icmpctl has no name for */
	nlh = msg_start(ICMPGUARD_CMD_SET_CONFIG);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	mnl_attr_put_u32(nlh, 40, 1);
	mnl_attr_nest_end(nlh, nest);
	describe(nlh, find(nlh, top(nlh, ICMPGUARD_A_CONFIG), 40),
		 "Unknown attribute type",
		 " (attribute of unknown type 40 among ICMPGUARD_CFG_A_*)",
		 "attrs: unknown type");

	/* A prefix in a rule */
	nlh = msg_start(ICMPGUARD_CMD_ADD_RULE);
	n = test_words("input from 10.0.0.0/8 drop", buf, sizeof(buf), words, 16);
	check(!icg_rule_parse(n, words, &r, err, sizeof(err)), "attrs: rule");
	icg_rule_put(nlh, ICMPGUARD_A_RULE, &r);
	describe(nlh, find(nlh, find(nlh, top(nlh, ICMPGUARD_A_RULE),
				     ICMPGUARD_RULE_A_SRC),
			   ICMPGUARD_PFX_A_ADDR), "has host bits set",
		 " (attribute ICMPGUARD_PFX_A_ADDR)", "attrs: in a rule's source");

	/* The error line of a command */
	set_req_init(req);
	n = test_words("reply-rate 10 burst 5", buf, sizeof(buf), words, 16);
	set_req_parse(req, 0, n, words);
	nlh = msg_start(ICMPGUARD_CMD_SET_CONFIG);
	set_req_put(nlh, req);
	memset(&nl, 0, sizeof(nl));
	nl.req = nlh;
	nl.has_ext_offs = 1;
	nl.ext_offs = find(nlh, top(nlh, ICMPGUARD_A_CONFIG),
			   ICMPGUARD_CFG_A_REPLY_BURST);
	snprintf(nl.ext_msg, sizeof(nl.ext_msg), "integer out of range");
	kernel_error_text(text, sizeof(text), "set", EINVAL, 0);
	check_str(text, "set: Invalid argument: integer out of range " REPLY_BURST,
		  "attrs: the error line");
	nl.ext_msg[0] = '\0';
	kernel_error_text(text, sizeof(text), "set", ERANGE, 0);
	check_str(text, "set: Numerical result out of range " REPLY_BURST,
		  "attrs: the error line, no message");
	nl.has_ext_offs = 0;
	kernel_error_text(text, sizeof(text), "set", ERANGE, 0);
	check_str(text, "set: Numerical result out of range",
		  "attrs: the error line, no offset");
	memset(&nl, 0, sizeof(nl));
	free(req);
}
