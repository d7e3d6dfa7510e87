// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of icmpctl's word parsers, reply decoders and printer.
 *
 * Replies are built by hand as the module would send them (PAD attributes
 * included), decoded, printed in text and JSON and compared with the
 * expected output; every JSON document is also checked by a small strict
 * JSON parser. The receive loop of netlink.c is fed by a fake kernel: a
 * second netlink socket that sends it acknowledgements, extended ACKs and
 * dumps, interrupted or not. Prints "N passed, N failed" last; exit status
 * 1 on failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <libmnl/libmnl.h>

#include "../module/uapi/icmpguard.h"
#include "netlink.h"
#include "parse.h"
#include "print.h"
#include "show.h"
#include "test.h"
#include "util.h"

/* Print through a fresh printer into a string; caller frees. */
enum what { STATS, CONFIG, OWNED };

static char *render(enum what w, void *obj, unsigned int n, int json,
		    unsigned int detail)
{
	struct printer p;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (!f)
		abort();
	pr_init(&p, f, json);
	pr_begin(&p);
	if (w == STATS)
		icg_stats_print(&p, obj, detail);
	else if (w == CONFIG)
		icg_config_print(&p, obj);
	else
		icg_owned_print(&p, obj, n);
	pr_end(&p);
	fclose(f);
	return out;
}

/* Text and JSON output of obj; the JSON given as pieces, for line length. */
static void check_render(enum what w, void *obj, unsigned int n,
			 unsigned int detail, const char *text,
			 const char * const *json_pieces, const char *what)
{
	char *json = join(json_pieces);
	char name[128];
	char *out;

	out = render(w, obj, n, 0, detail);
	snprintf(name, sizeof(name), "%s: text", what);
	check_str(out, text, name);
	free(out);

	out = render(w, obj, n, 1, detail);
	snprintf(name, sizeof(name), "%s: json", what);
	check_str(out, json, name);
	snprintf(name, sizeof(name), "%s: json is valid", what);
	check(json_valid(out), name);
	free(out);
	free(json);
}

static void put_type(struct nlmsghdr *nlh, __u8 type, __u64 packets,
		     __u64 bytes)
{
	struct nlattr *e = mnl_attr_nest_start(nlh, ICMPGUARD_A_TYPE_ENTRY);

	mnl_attr_put_u8(nlh, ICMPGUARD_TYPE_A_TYPE, type);
	put_u64(nlh, ICMPGUARD_TYPE_A_PACKETS, ICMPGUARD_TYPE_A_PAD, packets);
	put_u64(nlh, ICMPGUARD_TYPE_A_BYTES, ICMPGUARD_TYPE_A_PAD, bytes);
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
 * A GET_STATS reply: every counter i holds 100 * i, every drop reason i
 * holds i, plus counter 60 and drop 30 unknown to this icmpctl, sent out
 * of order; errors out of order, one never sent, one of a code and one of
 * a type without a name.
 */
static struct nlmsghdr *stats_msg(void)
{
	struct nlmsghdr *nlh = msg_start(ICMPGUARD_CMD_GET_STATS);
	struct nlattr *nest;
	unsigned int i;

	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_COUNTERS);
	put_u64(nlh, 60, ICMPGUARD_CTR_PAD, 7);
	for (i = ICMPGUARD_CTR_RX_PACKETS; i <= ICMPGUARD_CTR_MAX; i++)
		put_u64(nlh, (__u16)i, ICMPGUARD_CTR_PAD, 100ULL * i);
	mnl_attr_nest_end(nlh, nest);

	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_DROPS);
	for (i = ICMPGUARD_DROP_TRUNCATED; i <= ICMPGUARD_DROP_MAX; i++)
		put_u64(nlh, (__u16)i, ICMPGUARD_DROP_PAD, i);
	put_u64(nlh, 30, ICMPGUARD_DROP_PAD, 18446744073709551615ULL);
	mnl_attr_nest_end(nlh, nest);

	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_RX_TYPES);
	put_type(nlh, 8, 12, 1008);
	put_type(nlh, 0, 1, 84);
	put_type(nlh, 200, 2, 56);
	mnl_attr_nest_end(nlh, nest);

	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_TX_TYPES);
	put_type(nlh, 0, 12, 1008);
	mnl_attr_nest_end(nlh, nest);

	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_ERRORS);
	put_error(nlh, 11, 0, 7, 2);
	put_error(nlh, 3, 13, 0, 0);
	put_error(nlh, 3, 4, 5, 0);
	put_error(nlh, 12, 9, 1, 0);
	put_error(nlh, 3, 3, 1, 9);
	put_error(nlh, 5, 1, 0, 3);
	mnl_attr_nest_end(nlh, nest);

	/* An attribute from a newer module. */
	mnl_attr_put_u32(nlh, ICMPGUARD_A_MAX + 5, 1);
	return nlh;
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
	"     3     3  dest-unreach/port-unreachable                     1            9\n"
	"     3     4  dest-unreach/frag-needed                          5            0\n"
	"     5     1  type-5/code-1                                     0            3\n"
	"    11     0  time-exceeded/ttl-exceeded                        7            2\n"
	"    12     9  parameter-problem/code-9                          1            0\n";

static const char * const stats_json[] = {
	"{\"counters\":{\"rx_packets\":200,\"rx_bytes\":300,",
	"\"tx_packets\":400,\"tx_bytes\":500,\"echo_replies\":600,",
	"\"timestamp_replies\":700,\"probe_replies\":800,",
	"\"replies_limited\":900,\"replies_limited_dest\":1000,",
	"\"reply_failed\":1100,\"passed\":1200,\"dest_table_size\":1300,",
	"\"fragments\":1400,\"dest_overflow\":1500,\"errors_sent\":1600,",
	"\"errors_limited_type\":1700,\"errors_limited_dest\":1800,",
	"\"errors_limited\":1900,\"errors_failed\":2000,",
	"\"err_refused_icmp_error\":2100,\"err_refused_broadcast\":2200,",
	"\"err_refused_fragment\":2300,\"err_refused_bad_source\":2400,",
	"\"echo_rejected\":2500,\"echo_dropped\":2600,",
	"\"owned_tcp_dropped\":2700,\"owned_unreach\":2800,",
	"\"router_time_exceeded\":2900,\"router_frag_needed\":3000,",
	"\"flood_limited_source\":3100,\"flood_limited_global\":3200,",
	"\"flood_overflow\":3300,\"sources\":3400,\"sources_max\":3500,",
	"\"sources_evicted\":3600,\"rule_accepted\":3700,",
	"\"rule_dropped\":3800,\"rule_rejected\":3900,",
	"\"rule_limited\":4000,\"rule_replied\":4100,",
	"\"policy_dropped\":4200,\"policy_rejected\":4300,",
	"\"events_sent\":4400,\"events_suppressed\":4500,",
	"\"owned_bad_udp\":4600,",
	"\"counter_60\":7},",
	"\"drops\":{\"truncated\":2,\"bad_length\":3,\"bad_checksum\":4,",
	"\"deprecated\":5,\"unknown_type\":6,\"bad_source\":7,",
	"\"broadcast\":8,\"disabled\":9,",
	"\"drop_30\":18446744073709551615},",
	"\"rx_types\":[{\"type\":0,\"name\":\"echo-reply\",\"packets\":1,",
	"\"bytes\":84},{\"type\":8,\"name\":\"echo-request\",\"packets\":12,",
	"\"bytes\":1008},{\"type\":200,\"name\":\"type-200\",\"packets\":2,",
	"\"bytes\":56}],",
	"\"tx_types\":[{\"type\":0,\"name\":\"echo-reply\",\"packets\":12,",
	"\"bytes\":1008}],",
	"\"errors\":[{\"type\":3,\"code\":3,",
	"\"name\":\"dest-unreach/port-unreachable\",\"sent\":1,\"limited\":9},",
	"{\"type\":3,\"code\":4,\"name\":\"dest-unreach/frag-needed\",",
	"\"sent\":5,\"limited\":0},",
	"{\"type\":3,\"code\":13,\"name\":\"dest-unreach/admin-prohibited\",",
	"\"sent\":0,\"limited\":0},",
	"{\"type\":5,\"code\":1,\"name\":\"type-5/code-1\",",
	"\"sent\":0,\"limited\":3},",
	"{\"type\":11,\"code\":0,\"name\":\"time-exceeded/ttl-exceeded\",",
	"\"sent\":7,\"limited\":2},",
	"{\"type\":12,\"code\":9,\"name\":\"parameter-problem/code-9\",",
	"\"sent\":1,\"limited\":0}]}\n",
	NULL
};

static const char json_row43[] =
	"{\"type\":43,\"name\":\"extended-echo-reply\",\"packets\":0,\"bytes\":0}]";
static const char text_row42[] =
	"    42  extended-echo-request                     0                     0\n";
static const char text_error_zero[] =
	"     3    13  dest-unreach/admin-prohibited                     0            0\n"
	"     5     1  type-5/code-1                                     0            3\n";

static void test_stats(void)
{
	struct icg_stats *st = malloc(sizeof(*st));
	char *out;

	if (!st)
		abort();
	check(!icg_stats_parse(stats_msg(), st), "stats: decode");
	check(st->ncounters == ICMPGUARD_CTR_MAX - 1 + 1 &&
	      st->ndrops == ICMPGUARD_DROP_MAX - 1 + 1 && st->nrx == 3 &&
	      st->ntx == 1 && st->has_errors && st->nerrors == 6,
	      "stats: decoded sizes");
	check_render(STATS, st, 0, 0, stats_text, stats_json, "stats");

	/* Detail: every named type gets a row; the output stays valid. */
	out = render(STATS, st, 0, 1, 1);
	check(json_valid(out), "stats -s: json is valid");
	check(!!strstr(out, json_row43), "stats -s: zero rows up to type 43");
	check(!!strstr(out, "\"type\":200"), "stats -s: seen rows kept");
	free(out);
	out = render(STATS, st, 0, 0, 1);
	check(!!strstr(out, text_row42), "stats -s: text zero row");
	check(!!strstr(out, text_error_zero), "stats -s: text zero error row");
	free(out);
	out = render(STATS, st, 0, 1, 0);
	check(!!strstr(out, "\"code\":13,\"name\":\"dest-unreach/admin-prohibited\""),
	      "stats: json zero error row");
	free(out);

	/* A module without error generation: no errors table at all. */
	st->has_errors = 0;
	st->nerrors = 0;
	out = render(STATS, st, 0, 0, 0);
	check(!strstr(out, "Errors"), "stats: no errors table");
	free(out);

	/* Nothing at all: sections still there, the JSON still valid. */
	memset(st, 0, sizeof(*st));
	out = render(STATS, st, 0, 1, 0);
	check_str(out,
		  "{\"counters\":{},\"drops\":{},\"rx_types\":[],\"tx_types\":[]}\n",
		  "stats: empty json");
	free(out);
	free(st);
}

static void test_stats_malformed(void)
{
	struct icg_stats *st = malloc(sizeof(*st));
	struct nlattr *nest, *entry;
	struct nlmsghdr *nlh;

	if (!st)
		abort();
	/* A counter of 3 bytes */
	nlh = msg_start(ICMPGUARD_CMD_GET_STATS);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_COUNTERS);
	mnl_attr_put(nlh, ICMPGUARD_CTR_RX_PACKETS, 3, "abc");
	mnl_attr_nest_end(nlh, nest);
	check(icg_stats_parse(nlh, st) == -EBADMSG, "stats: short counter");

	/* A type entry without its type */
	nlh = msg_start(ICMPGUARD_CMD_GET_STATS);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_RX_TYPES);
	mnl_attr_put_u64(nlh, ICMPGUARD_A_TYPE_ENTRY, 1);
	mnl_attr_nest_end(nlh, nest);
	check(icg_stats_parse(nlh, st) == -EBADMSG, "stats: entry not a nest");

	/* An error entry without its code */
	nlh = msg_start(ICMPGUARD_CMD_GET_STATS);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_ERRORS);
	entry = mnl_attr_nest_start(nlh, ICMPGUARD_A_ERROR_ENTRY);
	mnl_attr_put_u8(nlh, ICMPGUARD_ERR_A_TYPE, 3);
	put_u64(nlh, ICMPGUARD_ERR_A_SENT, ICMPGUARD_ERR_A_PAD, 1);
	mnl_attr_nest_end(nlh, entry);
	mnl_attr_nest_end(nlh, nest);
	check(icg_stats_parse(nlh, st) == -EBADMSG, "stats: error no code");

	/* An error entry whose code is a u32 */
	nlh = msg_start(ICMPGUARD_CMD_GET_STATS);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_ERRORS);
	entry = mnl_attr_nest_start(nlh, ICMPGUARD_A_ERROR_ENTRY);
	mnl_attr_put_u8(nlh, ICMPGUARD_ERR_A_TYPE, 3);
	mnl_attr_put_u32(nlh, ICMPGUARD_ERR_A_CODE, 3);
	mnl_attr_nest_end(nlh, entry);
	mnl_attr_nest_end(nlh, nest);
	check(icg_stats_parse(nlh, st) == -EBADMSG, "stats: error code u32");

	/* An empty errors nest: a table without rows */
	nlh = msg_start(ICMPGUARD_CMD_GET_STATS);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_ERRORS);
	mnl_attr_nest_end(nlh, nest);
	check(!icg_stats_parse(nlh, st) && st->has_errors && !st->nerrors,
	      "stats: empty errors");

	/* A message too short for the genetlink header */
	nlh = mnl_nlmsg_put_header(msgbuf);
	check(icg_stats_parse(nlh, st) == -EBADMSG, "stats: no genl header");

	/* A u32 counter is taken, as a newer module might send one. */
	nlh = msg_start(ICMPGUARD_CMD_GET_STATS);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_COUNTERS);
	mnl_attr_put_u32(nlh, ICMPGUARD_CTR_PASSED, 5);
	mnl_attr_nest_end(nlh, nest);
	check(!icg_stats_parse(nlh, st) && st->ncounters == 1 &&
	      st->counters[0].value == 5, "stats: u32 counter");
	free(st);
}

static struct nlmsghdr *config_msg(__u32 flags, __u32 rate, __u32 burst,
				   __u32 drate, __u32 dburst)
{
	struct nlmsghdr *nlh = msg_start(ICMPGUARD_CMD_GET_CONFIG);
	struct nlattr *nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);

	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_FLAGS, flags);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_REPLY_RATE, rate);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_REPLY_BURST, burst);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_DEST_RATE, drate);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_DEST_BURST, dburst);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static const char * const config_json[] = {
	"{\"responder\":true,\"timestamp\":false,\"probe\":false,",
	"\"broadcast_echo\":false,\"router_mode\":false,",
	"\"error_extensions\":false,",
	"\"reply_rate\":{\"rate\":1000,\"burst\":50},",
	"\"reply_rate_per_dest\":{\"rate\":0,\"burst\":10}}\n",
	NULL
};

static const char * const config2_json[] = {
	"{\"responder\":false,\"timestamp\":true,\"probe\":true,",
	"\"broadcast_echo\":true,\"router_mode\":false,",
	"\"error_extensions\":true,\"unknown_flags\":{\"value\":64},",
	"\"reply_rate\":{\"rate\":0,\"burst\":1},",
	"\"reply_rate_per_dest\":{\"rate\":5,\"burst\":1}}\n",
	NULL
};

/* An entry of ICMPGUARD_CFG_A_ERROR_RATES; code -1: none. */
static void put_erate(struct nlmsghdr *nlh, __u8 type, int code, __u32 rate,
		      __u32 burst)
{
	struct nlattr *e = mnl_attr_nest_start(nlh, ICMPGUARD_A_ERROR_RATE);

	mnl_attr_put_u8(nlh, ICMPGUARD_ERATE_A_TYPE, type);
	if (code >= 0)
		mnl_attr_put_u8(nlh, ICMPGUARD_ERATE_A_CODE, (__u8)code);
	mnl_attr_put_u32(nlh, ICMPGUARD_ERATE_A_RATE, rate);
	mnl_attr_put_u32(nlh, ICMPGUARD_ERATE_A_BURST, burst);
	mnl_attr_nest_end(nlh, e);
}

/*
 * A GET_CONFIG reply with the error settings: reject with host-prohibited,
 * a source address, and budgets out of order. Most of Destination
 * Unreachable shares one; Time Exceeded has two codes that differ.
 */
static struct nlmsghdr *config_errors_msg(void)
{
	struct nlmsghdr *nlh = msg_start(ICMPGUARD_CMD_GET_CONFIG);
	struct nlattr *nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	struct nlattr *rates;
	struct in_addr in;

	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_FLAGS,
			 ICMPGUARD_F_RESPONDER | ICMPGUARD_F_ROUTER_MODE);
	mnl_attr_put_u8(nlh, ICMPGUARD_CFG_A_POLICY, ICMPGUARD_POLICY_REJECT);
	mnl_attr_put_u8(nlh, ICMPGUARD_CFG_A_REJECT_CODE, 10);
	inet_pton(AF_INET, "192.0.2.1", &in);
	mnl_attr_put(nlh, ICMPGUARD_CFG_A_ERROR_SOURCE, sizeof(in), &in);
	rates = mnl_attr_nest_start(nlh, ICMPGUARD_CFG_A_ERROR_RATES);
	put_erate(nlh, 12, 0, 10, 10);
	put_erate(nlh, 3, 3, 1000, 100);
	put_erate(nlh, 3, 13, 1000, 100);
	put_erate(nlh, 11, 1, 20, 100);
	put_erate(nlh, 3, 4, 0, 1);
	put_erate(nlh, 3, 10, 50, 5);
	put_erate(nlh, 11, 0, 1000, 100);
	put_erate(nlh, 3, 1, 1000, 100);
	mnl_attr_nest_end(nlh, rates);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static const char config_errors_text[] =
	"responder on\n"
	"timestamp off\n"
	"probe off\n"
	"broadcast-echo off\n"
	"router-mode on\n"
	"error-extensions off\n"
	"default-policy input reject code host-prohibited\n"
	"error-source 192.0.2.1\n"
	"error-rate dest-unreach 1000 burst 100\n"
	"error-rate dest-unreach/frag-needed unlimited burst 1\n"
	"error-rate dest-unreach/host-prohibited 50 burst 5\n"
	"error-rate time-exceeded/ttl-exceeded 1000 burst 100\n"
	"error-rate time-exceeded/reassembly-timeout 20 burst 100\n"
	"error-rate parameter-problem/pointer 10 burst 10\n";

static const char * const config_errors_json[] = {
	"{\"responder\":true,\"timestamp\":false,\"probe\":false,",
	"\"broadcast_echo\":false,\"router_mode\":true,",
	"\"error_extensions\":false,",
	"\"default_policy\":\"reject\",\"reject_code\":10,",
	"\"error_source\":\"192.0.2.1\",",
	"\"error_rates\":[",
	"{\"type\":3,\"code\":1,\"name\":\"dest-unreach/host-unreachable\",",
	"\"rate\":1000,\"burst\":100},",
	"{\"type\":3,\"code\":3,\"name\":\"dest-unreach/port-unreachable\",",
	"\"rate\":1000,\"burst\":100},",
	"{\"type\":3,\"code\":4,\"name\":\"dest-unreach/frag-needed\",",
	"\"rate\":0,\"burst\":1},",
	"{\"type\":3,\"code\":10,\"name\":\"dest-unreach/host-prohibited\",",
	"\"rate\":50,\"burst\":5},",
	"{\"type\":3,\"code\":13,\"name\":\"dest-unreach/admin-prohibited\",",
	"\"rate\":1000,\"burst\":100},",
	"{\"type\":11,\"code\":0,\"name\":\"time-exceeded/ttl-exceeded\",",
	"\"rate\":1000,\"burst\":100},",
	"{\"type\":11,\"code\":1,",
	"\"name\":\"time-exceeded/reassembly-timeout\",",
	"\"rate\":20,\"burst\":100},",
	"{\"type\":12,\"code\":0,\"name\":\"parameter-problem/pointer\",",
	"\"rate\":10,\"burst\":10}]}\n",
	NULL
};

/*
 * The error settings as a module starts: accept, auto, every error 1000/s
 * burst 100 but Fragmentation Needed, unlimited; one entry for each of
 * the 21 codes of types 3, 11 and 12.
 */
static struct nlmsghdr *config_defaults_msg(void)
{
	struct nlmsghdr *nlh = msg_start(ICMPGUARD_CMD_GET_CONFIG);
	struct nlattr *nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	struct nlattr *rates;
	int code;

	mnl_attr_put_u8(nlh, ICMPGUARD_CFG_A_POLICY, ICMPGUARD_POLICY_ACCEPT);
	mnl_attr_put_u8(nlh, ICMPGUARD_CFG_A_REJECT_CODE, 13);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_ERROR_SOURCE, 0);
	rates = mnl_attr_nest_start(nlh, ICMPGUARD_CFG_A_ERROR_RATES);
	for (code = 0; code <= 15; code++)
		put_erate(nlh, 3, code, code == 4 ? 0 : 1000, code == 4 ? 1 : 100);
	for (code = 0; code <= 1; code++)
		put_erate(nlh, 11, code, 1000, 100);
	for (code = 0; code <= 2; code++)
		put_erate(nlh, 12, code, 1000, 100);
	mnl_attr_nest_end(nlh, rates);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static const char config_defaults_text[] =
	"default-policy input accept\n"
	"error-source auto\n"
	"error-rate dest-unreach 1000 burst 100\n"
	"error-rate dest-unreach/frag-needed unlimited burst 1\n"
	"error-rate time-exceeded 1000 burst 100\n"
	"error-rate parameter-problem 1000 burst 100\n";

/* How the JSON of the defaults begins, and its last code of type 3. */
static const char * const config_defaults_json[] = {
	"{\"default_policy\":\"accept\",\"reject_code\":13,",
	"\"error_source\":\"auto\",\"error_rates\":[{\"type\":3,\"code\":0,",
	NULL
};

static const char * const config_defaults_json15[] = {
	"{\"type\":3,\"code\":15,\"name\":\"dest-unreach/precedence-cutoff\",",
	"\"rate\":1000,\"burst\":100},{\"type\":11,",
	NULL
};

/* A config of error settings only; code -1: no code. */
static struct nlmsghdr *config_policy_msg(int policy, int code,
					  int erate_type, int erate_code)
{
	struct nlmsghdr *nlh = msg_start(ICMPGUARD_CMD_GET_CONFIG);
	struct nlattr *nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	struct nlattr *rates;

	if (policy >= 0)
		mnl_attr_put_u8(nlh, ICMPGUARD_CFG_A_POLICY, (__u8)policy);
	if (code >= 0)
		mnl_attr_put_u8(nlh, ICMPGUARD_CFG_A_REJECT_CODE, (__u8)code);
	if (erate_type >= 0) {
		rates = mnl_attr_nest_start(nlh, ICMPGUARD_CFG_A_ERROR_RATES);
		put_erate(nlh, (__u8)erate_type, erate_code, 5, 6);
		mnl_attr_nest_end(nlh, rates);
	}
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static void test_config_errors(void)
{
	static const struct {
		int policy, code, type, ecode;
		const char *text;
		const char *json[3];	/* pieces */
	} cases[] = {
		{ ICMPGUARD_POLICY_DROP, 13, -1, -1,
		  "default-policy input drop\n",
		  { "{\"default_policy\":\"drop\",\"reject_code\":13}\n" } },
		{ ICMPGUARD_POLICY_REJECT, 3, -1, -1,
		  "default-policy input reject code port-unreachable\n",
		  { "{\"default_policy\":\"reject\",\"reject_code\":3}\n" } },
		{ ICMPGUARD_POLICY_REJECT, 20, -1, -1,
		  "default-policy input reject code 20\n",
		  { "{\"default_policy\":\"reject\",\"reject_code\":20}\n" } },
		{ ICMPGUARD_POLICY_REJECT, -1, -1, -1,
		  "default-policy input reject\n",
		  { "{\"default_policy\":\"reject\"}\n" } },
		{ 7, 13, -1, -1,
		  "default-policy input policy-7\n",
		  { "{\"default_policy\":\"policy-7\",\"reject_code\":13}\n" } },
		{ -1, 13, -1, -1, "", { "{\"reject_code\":13}\n" } },
		{ -1, -1, 12, -1,
		  "error-rate parameter-problem 5 burst 6\n",
		  { "{\"error_rates\":[{\"type\":12,",
		    "\"name\":\"parameter-problem\",\"rate\":5,\"burst\":6}]}\n" } },
		{ -1, -1, 42, 3,
		  "error-rate type-42/code-3 5 burst 6\n",
		  { "{\"error_rates\":[{\"type\":42,\"code\":3,",
		    "\"name\":\"type-42/code-3\",\"rate\":5,\"burst\":6}]}\n" } },
	};
	struct icg_config cfg;
	struct nlmsghdr *nlh;
	struct nlattr *nest, *rates, *e;
	char name[64], *out, *want;
	unsigned int i;

	check(!icg_config_parse(config_errors_msg(), &cfg),
	      "config errors: decode");
	check(cfg.nerates == 8, "config errors: decoded entries");
	check_render(CONFIG, &cfg, 0, 0, config_errors_text,
		     config_errors_json, "config errors");

	check(!icg_config_parse(config_defaults_msg(), &cfg) &&
	      cfg.nerates == 21, "config defaults: decode");
	out = render(CONFIG, &cfg, 0, 0, 0);
	check_str(out, config_defaults_text, "config defaults: text");
	free(out);
	out = render(CONFIG, &cfg, 0, 1, 0);
	check(json_valid(out), "config defaults: json is valid");
	want = join(config_defaults_json);
	check(!strncmp(out, want, strlen(want)), "config defaults: json");
	free(want);
	want = join(config_defaults_json15);
	check(!!strstr(out, want), "config defaults: json, every entry");
	free(want);
	free(out);

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		nlh = config_policy_msg(cases[i].policy, cases[i].code,
					cases[i].type, cases[i].ecode);
		snprintf(name, sizeof(name), "config policy %u", i);
		check(!icg_config_parse(nlh, &cfg), name);
		check_render(CONFIG, &cfg, 0, 0, cases[i].text, cases[i].json,
			     name);
	}

	/* A policy of 4 bytes */
	nlh = msg_start(ICMPGUARD_CMD_GET_CONFIG);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_POLICY, 1);
	mnl_attr_nest_end(nlh, nest);
	check(icg_config_parse(nlh, &cfg) == -EBADMSG, "config: policy u32");

	/* An error source of 2 bytes */
	nlh = msg_start(ICMPGUARD_CMD_GET_CONFIG);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	mnl_attr_put_u16(nlh, ICMPGUARD_CFG_A_ERROR_SOURCE, 1);
	mnl_attr_nest_end(nlh, nest);
	check(icg_config_parse(nlh, &cfg) == -EBADMSG,
	      "config: short error source");

	/* An error budget without its burst */
	nlh = msg_start(ICMPGUARD_CMD_GET_CONFIG);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	rates = mnl_attr_nest_start(nlh, ICMPGUARD_CFG_A_ERROR_RATES);
	e = mnl_attr_nest_start(nlh, ICMPGUARD_A_ERROR_RATE);
	mnl_attr_put_u8(nlh, ICMPGUARD_ERATE_A_TYPE, 3);
	mnl_attr_put_u32(nlh, ICMPGUARD_ERATE_A_RATE, 1);
	mnl_attr_nest_end(nlh, e);
	mnl_attr_nest_end(nlh, rates);
	mnl_attr_nest_end(nlh, nest);
	check(icg_config_parse(nlh, &cfg) == -EBADMSG,
	      "config: error rate without burst");

	/* Error rates that are not a nest */
	nlh = msg_start(ICMPGUARD_CMD_GET_CONFIG);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	mnl_attr_put_u8(nlh, ICMPGUARD_CFG_A_ERROR_RATES, 3);
	mnl_attr_nest_end(nlh, nest);
	check(icg_config_parse(nlh, &cfg) == -EBADMSG,
	      "config: error rates not a nest");
}

static void test_config(void)
{
	struct icg_config cfg;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	char *out;

	check(!icg_config_parse(config_msg(ICMPGUARD_F_RESPONDER, 1000, 50,
					   0, 10), &cfg), "config: decode");
	check_render(CONFIG, &cfg, 0, 0,
		     "responder on\n"
		     "timestamp off\n"
		     "probe off\n"
		     "broadcast-echo off\n"
		     "router-mode off\n"
		     "error-extensions off\n"
		     "reply-rate 1000 burst 50\n"
		     "reply-rate-per-dest unlimited burst 10\n",
		     config_json, "config");

	check(!icg_config_parse(config_msg(0x6e, 0, 1, 5, 1), &cfg),
	      "config: decode unknown flag");
	check_render(CONFIG, &cfg, 0, 0,
		     "responder off\n"
		     "timestamp on\n"
		     "probe on\n"
		     "broadcast-echo on\n"
		     "router-mode off\n"
		     "error-extensions on\n"
		     "unknown-flags 64\n"
		     "reply-rate unlimited burst 1\n"
		     "reply-rate-per-dest 5 burst 1\n",
		     config2_json, "config unknown flag");

	/* An older module that has no per-destination limit */
	nlh = msg_start(ICMPGUARD_CMD_GET_CONFIG);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_REPLY_RATE, 7);
	mnl_attr_nest_end(nlh, nest);
	check(!icg_config_parse(nlh, &cfg), "config: decode partial");
	out = render(CONFIG, &cfg, 0, 1, 0);
	check_str(out, "{\"reply_rate\":{\"rate\":7}}\n", "config partial");
	free(out);

	/* A flags attribute of 2 bytes */
	nlh = msg_start(ICMPGUARD_CMD_GET_CONFIG);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	mnl_attr_put_u16(nlh, ICMPGUARD_CFG_A_FLAGS, 1);
	mnl_attr_nest_end(nlh, nest);
	check(icg_config_parse(nlh, &cfg) == -EBADMSG, "config: short flags");
}

static struct nlmsghdr *prefix_msg(const char *addr, int plen)
{
	struct nlmsghdr *nlh = msg_start(ICMPGUARD_CMD_GET_OWNED);
	struct nlattr *nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_PREFIX);
	struct in_addr in;

	inet_pton(AF_INET, addr, &in);
	mnl_attr_put(nlh, ICMPGUARD_PFX_A_ADDR, sizeof(in), &in);
	if (plen >= 0)
		mnl_attr_put_u8(nlh, ICMPGUARD_PFX_A_PLEN, (__u8)plen);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static const char * const owned_json[] = {
	"{\"owned\":[\"10.0.0.1/32\",\"192.0.2.0/24\",",
	"\"192.0.2.0/25\",\"198.51.100.0/24\"]}\n",
	NULL
};

static const char * const owned_empty_json[] = { "{\"owned\":[]}\n", NULL };

static void test_owned(void)
{
	struct icg_prefix pfx[4];
	int ok;

	ok = !icg_prefix_parse(prefix_msg("198.51.100.0", 24), &pfx[0]) &&
	     !icg_prefix_parse(prefix_msg("192.0.2.0", 25), &pfx[1]) &&
	     !icg_prefix_parse(prefix_msg("192.0.2.0", 24), &pfx[2]) &&
	     !icg_prefix_parse(prefix_msg("10.0.0.1", 32), &pfx[3]);
	check(ok, "owned: decode");
	check_render(OWNED, pfx, 4, 0,
		     "10.0.0.1/32\n192.0.2.0/24\n192.0.2.0/25\n"
		     "198.51.100.0/24\n",
		     owned_json, "owned");
	check_render(OWNED, pfx, 0, 0, "", owned_empty_json, "owned empty");

	check(icg_prefix_parse(prefix_msg("192.0.2.0", -1), &pfx[0]) ==
	      -EBADMSG, "owned: no length");
	check(icg_prefix_parse(prefix_msg("192.0.2.0", 33), &pfx[0]) ==
	      -EBADMSG, "owned: length 33");
}

static void test_prefix_words(void)
{
	static const struct {
		const char *word;
		int ret;
		const char *result;
	} cases[] = {
		{ "192.0.2.0/24", 0, "192.0.2.0/24" },
		{ "192.0.2.7", 0, "192.0.2.7/32" },
		{ "0.0.0.0/0", 0, "0.0.0.0/0" },
		{ "10.1.2.3/0", PREFIX_HOST_BITS, "0.0.0.0/0" },
		{ "192.0.2.1/24", PREFIX_HOST_BITS, "192.0.2.0/24" },
		{ "192.0.2.128/25", 0, "192.0.2.128/25" },
		{ "192.0.2.129/25", PREFIX_HOST_BITS, "192.0.2.128/25" },
		{ "300.1.1.1/24", PREFIX_INVALID, NULL },
		{ "192.0.2.0/33", PREFIX_INVALID, NULL },
		{ "192.0.2.0/", PREFIX_INVALID, NULL },
		{ "192.0.2.0/+8", PREFIX_INVALID, NULL },
		{ "192.0.2/24", PREFIX_INVALID, NULL },
		{ "192.0.2.0.0/24", PREFIX_INVALID, NULL },
		{ "::1/128", PREFIX_INVALID, NULL },
		{ "", PREFIX_INVALID, NULL },
		{ "host", PREFIX_INVALID, NULL },
	};
	struct icg_prefix pfx;
	char buf[32], name[64];
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ret = parse_prefix(cases[i].word, &pfx);
		snprintf(name, sizeof(name), "prefix \"%s\"", cases[i].word);
		if (ret == cases[i].ret && cases[i].result) {
			icg_prefix_format(&pfx, buf, sizeof(buf));
			check_str(buf, cases[i].result, name);
		} else {
			check(ret == cases[i].ret, name);
		}
	}
}

static void test_error_words(void)
{
	static const struct {
		const char *word;
		int ret;
		unsigned int type;
		int code;
	} errors[] = {
		{ "3", 0, 3, -1 },
		{ "dest-unreach", 0, 3, -1 },
		{ "3/4", 0, 3, 4 },
		{ "dest-unreach/frag-needed", 0, 3, 4 },
		{ "3/admin-prohibited", 0, 3, 13 },
		{ "dest-unreach/15", 0, 3, 15 },
		{ "dest-unreach/host-precedence-violation", 0, 3, 14 },
		{ "11", 0, 11, -1 },
		{ "11/ttl-exceeded", 0, 11, 0 },
		{ "time-exceeded/1", 0, 11, 1 },
		{ "parameter-problem/bad-length", 0, 12, 2 },
		{ "12/missing-option", 0, 12, 1 },
		{ "8", ERROR_BAD_TYPE, 0, 0 },
		{ "0", ERROR_BAD_TYPE, 0, 0 },
		{ "dest-unreachable", ERROR_BAD_TYPE, 0, 0 },
		{ "0x3", ERROR_BAD_TYPE, 0, 0 },
		{ "", ERROR_BAD_TYPE, 0, 0 },
		{ "/4", ERROR_BAD_TYPE, 0, 0 },
		{ "a-very-long-name-of-no-type/1", ERROR_BAD_TYPE, 0, 0 },
		{ "3/99", ERROR_BAD_CODE, 0, 0 },
		{ "3/16", ERROR_BAD_CODE, 0, 0 },
		{ "11/2", ERROR_BAD_CODE, 0, 0 },
		{ "12/3", ERROR_BAD_CODE, 0, 0 },
		{ "3/", ERROR_BAD_CODE, 0, 0 },
		{ "3/ttl-exceeded", ERROR_BAD_CODE, 0, 0 },
		{ "3/4/1", ERROR_BAD_CODE, 0, 0 },
		{ "3/-1", ERROR_BAD_CODE, 0, 0 },
	};
	static const char * const policies[] = { "accept", "drop", "reject" };
	unsigned int i, type, v;
	struct in_addr in;
	char name[64], buf[64];
	__u32 addr;
	int code, ret;

	for (i = 0; i < ARRAY_SIZE(errors); i++) {
		type = 99;
		code = 99;
		ret = parse_error(errors[i].word, &type, &code);
		snprintf(name, sizeof(name), "error \"%s\"", errors[i].word);
		check(ret == errors[i].ret &&
		      (ret || (type == errors[i].type &&
			       code == errors[i].code)), name);
	}
	check(!parse_error_code(3, "port-unreachable", &v) && v == 3,
	      "code \"port-unreachable\"");
	check(parse_error_code(8, "0", &v) == -1, "code of echo");

	for (i = 0; i < ARRAY_SIZE(policies); i++) {
		snprintf(name, sizeof(name), "policy \"%s\"", policies[i]);
		check(!parse_policy(policies[i], &v) && v == i, name);
	}
	check(parse_policy("Reject", &v) == -1, "policy \"Reject\"");
	check(parse_policy("", &v) == -1, "policy \"\"");

	inet_pton(AF_INET, "192.0.2.1", &in);
	check(!parse_addr("192.0.2.1", &addr) && addr == in.s_addr,
	      "address \"192.0.2.1\"");
	check(!parse_addr("0.0.0.0", &addr) && !addr, "address \"0.0.0.0\"");
	check(parse_addr("1.2.3", &addr) == -1, "address \"1.2.3\"");
	check(parse_addr("256.1.1.1", &addr) == -1, "address \"256.1.1.1\"");
	check(parse_addr("192.0.2.1/32", &addr) == -1,
	      "address \"192.0.2.1/32\"");
	check(parse_addr("auto", &addr) == -1, "address \"auto\"");

	check_str(icg_error_name(3, 4, buf, sizeof(buf)),
		  "dest-unreach/frag-needed", "name 3/4");
	check_str(icg_error_name(3, -1, buf, sizeof(buf)), "dest-unreach",
		  "name 3");
	check_str(icg_error_name(3, 16, buf, sizeof(buf)),
		  "dest-unreach/code-16", "name 3/16");
	check_str(icg_error_name(11, 0, buf, sizeof(buf)),
		  "time-exceeded/ttl-exceeded", "name 11/0");
	check_str(icg_error_name(12, 0, buf, sizeof(buf)),
		  "parameter-problem/pointer", "name 12/0");
	check_str(icg_error_name(5, 0, buf, sizeof(buf)), "type-5/code-0",
		  "name 5/0");
	check_str(icg_error_name(5, -1, buf, sizeof(buf)), "type-5",
		  "name 5");
}

static void test_number_words(void)
{
	static const struct {
		const char *word;
		int ret;
		__u32 value;
	} rates[] = {
		{ "0", 0, 0 },
		{ "1000", 0, 1000 },
		{ "1000/s", 0, 1000 },
		{ "25/second", 0, 25 },
		{ "unlimited", 0, 0 },
		{ "1000000000", 0, 1000000000U },
		{ "1000000000/s", 0, 1000000000U },
		{ "1000000001", -1, 0 },
		{ "4294967295", -1, 0 },
		{ "4294967296", -1, 0 },
		{ "00000000000000001", -1, 0 },
		{ "-1", -1, 0 },
		{ "+1", -1, 0 },
		{ " 1", -1, 0 },
		{ "1/min", -1, 0 },
		{ "/s", -1, 0 },
		{ "1/", -1, 0 },
		{ "0x10", -1, 0 },
		{ "", -1, 0 },
	};
	char name[64];
	unsigned int i;
	__u32 v;
	int ret;

	for (i = 0; i < ARRAY_SIZE(rates); i++) {
		v = 12345;
		ret = parse_rate(rates[i].word, &v);
		snprintf(name, sizeof(name), "rate \"%s\"", rates[i].word);
		check(ret == rates[i].ret && (ret || v == rates[i].value),
		      name);
	}
	check(parse_u32("50", &v) == 0 && v == 50, "u32 \"50\"");
	check(parse_u32("50/s", &v) == -1, "u32 \"50/s\"");
}

static void test_printer(void)
{
	static const struct pr_column cols[] = {
		{ "k", "K", 3, 1 },
	};
	struct printer p;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (!f)
		abort();
	pr_init(&p, f, 1);
	pr_begin(&p);
	pr_table_open(&p, "t", "T", cols, 1);
	pr_row_open(&p);
	pr_cell_str(&p, "quote\" back\\ tab\t nl\n");
	pr_row_close(&p);
	pr_table_close(&p);
	pr_end(&p);
	fclose(f);
	check_str(out,
		  "{\"t\":[{\"k\":\"quote\\\" back\\\\ tab\\u0009 nl\\u000a\"}]}\n",
		  "printer: escapes");
	check(json_valid(out), "printer: escapes valid");
	free(out);

	check(!json_valid("{\"a\":1,}\n"), "validator: trailing comma");
	check(!json_valid("{\"a\":1}"), "validator: newline at end");
	check(!json_valid("{\"a\" 1}\n"), "validator: colon");
}

/*
 * The fake kernel: a netlink socket of this process sending to the one of
 * struct nl, as the kernel would.
 */
struct fake {
	struct nl nl;
	int peer;
	unsigned int seq;
	__u64 buf[2048];
	size_t len;
};

static int fake_open(struct fake *f)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 2 };

	memset(f, 0, sizeof(*f));
	if (nl_open_socket(&f->nl))
		return -1;
	setsockopt(mnl_socket_get_fd(f->nl.sk), SOL_SOCKET, SO_RCVTIMEO, &tv,
		   sizeof(tv));
	f->peer = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (f->peer < 0 || bind(f->peer, (struct sockaddr *)&sa, sizeof(sa))) {
		nl_close(&f->nl);
		return -1;
	}
	f->seq = 1000;
	return 0;
}

static void fake_close(struct fake *f)
{
	nl_close(&f->nl);
	close(f->peer);
}

/* Appends a message to the datagram being built. */
static struct nlmsghdr *fake_msg(struct fake *f, __u16 type, __u16 flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header((char *)f->buf + f->len);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = f->seq;
	nlh->nlmsg_pid = f->nl.portid;
	return nlh;
}

static void fake_end_msg(struct fake *f, struct nlmsghdr *nlh)
{
	f->len += MNL_ALIGN(nlh->nlmsg_len);
}

static void fake_prefix(struct fake *f, const char *addr, __u16 flags)
{
	struct nlmsghdr *nlh = fake_msg(f, 0x1d, NLM_F_MULTI | flags);
	struct genlmsghdr *genl;
	struct nlattr *nest;
	struct in_addr in;

	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = ICMPGUARD_CMD_GET_OWNED;
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_PREFIX);
	inet_pton(AF_INET, addr, &in);
	mnl_attr_put(nlh, ICMPGUARD_PFX_A_ADDR, sizeof(in), &in);
	mnl_attr_put_u8(nlh, ICMPGUARD_PFX_A_PLEN, 32);
	mnl_attr_nest_end(nlh, nest);
	fake_end_msg(f, nlh);
}

/* An ACK (error 0) or error; capped, or echoing a 24-byte request. */
static void fake_ack(struct fake *f, int error, const char *msg, int capped)
{
	__u16 flags = (capped ? NLM_F_CAPPED : 0) | (msg ? NLM_F_ACK_TLVS : 0);
	struct nlmsghdr *nlh = fake_msg(f, NLMSG_ERROR, flags);
	struct nlmsgerr *err;
	char *echo;

	err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));
	err->error = error;
	err->msg.nlmsg_len = capped ? sizeof(err->msg) : sizeof(err->msg) + 8;
	err->msg.nlmsg_type = 0x1d;
	err->msg.nlmsg_seq = f->seq;
	if (!capped) {
		echo = mnl_nlmsg_put_extra_header(nlh, 8);
		memset(echo, 0xaa, 8);
	}
	if (msg)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	fake_end_msg(f, nlh);
}

/* An error whose extended ACK names the attribute at offset offs. */
static void fake_ack_offs(struct fake *f, int error, __u32 offs)
{
	struct nlmsghdr *nlh = fake_msg(f, NLMSG_ERROR,
					NLM_F_CAPPED | NLM_F_ACK_TLVS);
	struct nlmsgerr *err;

	err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));
	err->error = error;
	err->msg.nlmsg_len = 1000;
	err->msg.nlmsg_seq = f->seq;
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "rate out of range");
	mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, offs);
	fake_end_msg(f, nlh);
}

static void fake_done(struct fake *f, int error, const char *msg,
		      __u16 flags)
{
	struct nlmsghdr *nlh;
	int *e;

	flags |= NLM_F_MULTI | (msg ? NLM_F_ACK_TLVS : 0);
	nlh = fake_msg(f, NLMSG_DONE, flags);
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	*e = error;
	if (msg)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	fake_end_msg(f, nlh);
}

/* Sends the datagram built so far. */
static void fake_flush(struct fake *f)
{
	struct sockaddr_nl sa = {
		.nl_family = AF_NETLINK,
		.nl_pid = f->nl.portid,
	};

	if (sendto(f->peer, f->buf, f->len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) != (ssize_t)f->len)
		perror("fake kernel: sendto");
	f->len = 0;
}

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	struct icg_prefix pfx;
	unsigned int *n = data;

	if (icg_prefix_parse(nlh, &pfx)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	(*n)++;
	return MNL_CB_OK;
}

static void test_netlink(void)
{
	struct fake *f = malloc(sizeof(*f));
	unsigned int n;
	int ret;

	if (!f)
		abort();
	if (fake_open(f)) {
		printf("SKIP: netlink: no socket for the fake kernel\n");
		free(f);
		return;
	}

	fake_ack(f, -ERANGE, "reply burst must be at least 1", 1);
	fake_flush(f);
	ret = nl_recv(&f->nl, f->seq, NULL, NULL);
	check(ret == -ERANGE, "netlink: error");
	check_str(f->nl.ext_msg, "reply burst must be at least 1",
		  "netlink: extended ACK, capped");

	f->seq++;
	fake_ack(f, -EINVAL, "unknown attribute 9", 0);
	fake_flush(f);
	ret = nl_recv(&f->nl, f->seq, NULL, NULL);
	check(ret == -EINVAL, "netlink: error, request echoed");
	check_str(f->nl.ext_msg, "unknown attribute 9",
		  "netlink: extended ACK after the echoed request");

	f->seq++;
	fake_ack(f, -EPERM, NULL, 1);
	fake_flush(f);
	ret = nl_recv(&f->nl, f->seq, NULL, NULL);
	check(ret == -EPERM && !f->nl.ext_msg[0], "netlink: bare error");

	f->seq++;
	fake_ack(f, 0, "rate rounded", 1);
	fake_flush(f);
	ret = nl_recv(&f->nl, f->seq, NULL, NULL);
	check(ret == 0, "netlink: ACK");
	check_str(f->nl.ext_msg, "rate rounded", "netlink: warning in ACK");

	/* A do: reply and ACK in one datagram */
	f->seq++;
	n = 0;
	fake_prefix(f, "192.0.2.1", 0);
	fake_ack(f, 0, NULL, 1);
	fake_flush(f);
	ret = nl_recv(&f->nl, f->seq, count_cb, &n);
	check(ret == 0 && n == 1, "netlink: reply then ACK");

	/* A dump over three datagrams */
	f->seq++;
	n = 0;
	fake_prefix(f, "192.0.2.1", 0);
	fake_prefix(f, "192.0.2.2", 0);
	fake_flush(f);
	fake_prefix(f, "192.0.2.3", 0);
	fake_flush(f);
	fake_done(f, 0, NULL, 0);
	fake_flush(f);
	ret = nl_recv(&f->nl, f->seq, count_cb, &n);
	check(ret == 0 && n == 3, "netlink: dump");

	/* Interrupted: read to its end, nothing of it left behind */
	f->seq++;
	n = 0;
	fake_prefix(f, "192.0.2.1", 0);
	fake_flush(f);
	fake_prefix(f, "192.0.2.2", NLM_F_DUMP_INTR);
	fake_prefix(f, "192.0.2.3", 0);
	fake_flush(f);
	fake_prefix(f, "192.0.2.4", 0);
	fake_flush(f);
	fake_done(f, 0, NULL, 0);
	fake_flush(f);
	ret = nl_recv(&f->nl, f->seq, count_cb, &n);
	check(ret == -EINTR, "netlink: dump interrupted");
	f->seq++;
	n = 0;
	fake_prefix(f, "192.0.2.1", 0);
	fake_done(f, 0, NULL, 0);
	fake_flush(f);
	ret = nl_recv(&f->nl, f->seq, count_cb, &n);
	check(ret == 0 && n == 1, "netlink: dump again after interruption");

	/* Interrupted, the flag on DONE only */
	f->seq++;
	fake_prefix(f, "192.0.2.1", 0);
	fake_flush(f);
	fake_done(f, 0, NULL, NLM_F_DUMP_INTR);
	fake_flush(f);
	ret = nl_recv(&f->nl, f->seq, count_cb, &n);
	check(ret == -EINTR, "netlink: dump interrupted at DONE");

	/* An error at the end of a dump */
	f->seq++;
	n = 0;
	fake_prefix(f, "192.0.2.1", 0);
	fake_done(f, -EBUSY, "try again", 0);
	fake_flush(f);
	ret = nl_recv(&f->nl, f->seq, count_cb, &n);
	check(ret == -EBUSY, "netlink: error in DONE");
	check_str(f->nl.ext_msg, "try again", "netlink: extended ACK in DONE");

	/* A reply that the callback refuses */
	f->seq++;
	n = 0;
	fake_end_msg(f, fake_msg(f, 0x1d, 0));	/* no genetlink header */
	fake_ack(f, 0, NULL, 1);
	fake_flush(f);
	ret = nl_recv(&f->nl, f->seq, count_cb, &n);
	check(ret == -EBADMSG, "netlink: malformed reply");

	/* The attribute at fault */
	f->seq++;
	fake_ack_offs(f, -ERANGE, 72);
	fake_flush(f);
	ret = nl_recv(&f->nl, f->seq, NULL, NULL);
	check(ret == -ERANGE && f->nl.has_ext_offs && f->nl.ext_offs == 72,
	      "netlink: offset of the attribute at fault");
	f->seq++;
	fake_ack(f, -EINVAL, "no offset", 1);
	fake_flush(f);
	ret = nl_recv(&f->nl, f->seq, NULL, NULL);
	check(ret == -EINVAL && !f->nl.has_ext_offs,
	      "netlink: no offset, none left over");

	/* A reply to another request */
	f->seq++;
	fake_ack(f, 0, NULL, 1);
	fake_flush(f);
	ret = nl_recv(&f->nl, f->seq + 1, NULL, NULL);
	check(ret == -EPROTO, "netlink: sequence mismatch");

	fake_close(f);
	free(f);
}

/* A CTRL_CMD_GETFAMILY reply with two groups; group_id of 2 bytes or 4 */
static struct nlmsghdr *family_msg(int short_id)
{
	struct nlmsghdr *nlh = msg_start(CTRL_CMD_NEWFAMILY);
	struct nlattr *groups, *g;

	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "icmpguard");
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 0x1d);
	groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	g = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, "other");
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 11);
	mnl_attr_nest_end(nlh, g);
	g = mnl_attr_nest_start(nlh, 2);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME,
			  ICMPGUARD_MCGRP_EVENTS);
	if (short_id)
		mnl_attr_put_u16(nlh, CTRL_ATTR_MCAST_GRP_ID, 12);
	else
		mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 12);
	mnl_attr_nest_end(nlh, g);
	mnl_attr_nest_end(nlh, groups);
	return nlh;
}

static void test_family(void)
{
	struct nl_group groups[NL_GROUPS_MAX];
	unsigned int n;
	__u16 id;

	check(!nl_family_parse(family_msg(0), &id, groups, &n) &&
	      id == 0x1d && n == 2, "family: id and groups");
	check(n == 2 && !strcmp(groups[1].name, "events") &&
	      groups[1].id == 12 && !strcmp(groups[0].name, "other") &&
	      groups[0].id == 11, "family: the events group");
	check(nl_family_parse(family_msg(1), &id, groups, &n) == -EBADMSG,
	      "family: group id of 2 bytes");
}

/*
 * A request far larger than a page: built in a grown buffer, and the
 * send buffer raised to take it (SO_SNDBUFFORCE needs CAP_NET_ADMIN).
 */
static void test_big_request(void)
{
	const size_t big = 4u << 20;
	int force = 8 << 20, fd, got = 0;
	socklen_t len = sizeof(got);
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nlmsghdr *nlh;
	struct fake *f = malloc(sizeof(*f));
	char *in;
	ssize_t n;

	if (!f || fake_open(f)) {
		printf("SKIP: big request: no socket\n");
		free(f);
		return;
	}
	check(!nl_reserve(&f->nl, big) && f->nl.slen >= big,
	      "big request: buffer grown");
	check(!nl_prepare_send(&f->nl, big), "big request: send buffer");
	fd = mnl_socket_get_fd(f->nl.sk);
	getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &got, &len);
	in = calloc(1, big);
	if (got / 2 < (int)big || !in ||
	    setsockopt(f->peer, SOL_SOCKET, SO_RCVBUFFORCE, &force,
		       sizeof(force))) {
		printf("SKIP: big request: not allowed to raise the buffers\n");
		goto out;
	}
	nlh = nl_request(&f->nl, 1, 1, 0);
	mnl_attr_put(nlh, 1, big - 1024, in);	/* zeros, read within */
	len = sizeof(sa);
	getsockname(f->peer, (struct sockaddr *)&sa, &len);
	n = sendto(fd, nlh, nlh->nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa));
	check(n == (ssize_t)nlh->nlmsg_len, "big request: sent whole");
	n = recv(f->peer, in, big, 0);
	check(n == (ssize_t)nlh->nlmsg_len, "big request: received whole");
out:
	free(in);
	fake_close(f);
	free(f);
}

static void test_new_words(void)
{
	static char * const ps[] = { "per-source", "/24", "burst" };
	static char * const ps_attached[] = { "per-source/8" };
	static char * const ps_bad[] = { "per-source", "/0" };
	static char * const ps_other[] = { "per-sourcex" };
	static char * const ps_alone[] = { "per-source", "reject" };
	const char *bad = NULL;
	unsigned int v;

	check(!parse_reject_code("admin-prohibited", &v) && v == 13,
	      "reject code by name");
	check(!parse_reject_code("15", &v) && v == 15, "reject code 15");
	check(parse_reject_code("4", &v) == REJECT_FRAG_NEEDED,
	      "reject code 4");
	check(parse_reject_code("16", &v) == REJECT_BAD_CODE,
	      "reject code 16");
	check(parse_per_source(3, ps, &v, &bad) == 2 && v == 24,
	      "per-source /24");
	check(parse_per_source(1, ps_attached, &v, &bad) == 1 && v == 8,
	      "per-source/8");
	check(parse_per_source(2, ps_bad, &v, &bad) == -1 && bad == ps_bad[1],
	      "per-source /0");
	check(parse_per_source(1, ps_other, &v, &bad) == 0,
	      "per-sourcex is another word");
	check(parse_per_source(2, ps_alone, &v, &bad) == 1 && v == 0,
	      "per-source alone");
	check(icg_type_from_name("dest-unreach") == 3 &&
	      icg_type_from_name("dest-unreachable") == 3 &&
	      icg_type_from_name("extended-echo-reply") == 43 &&
	      icg_type_from_name("8") == -1, "type names");
}

/*
 *	test_icmpctl			the tests
 *	test_icmpctl prom-sample	"stats prometheus" of hand-made replies
 */
int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "prom-sample")) {
		prom_sample();
		return 0;
	}
	test_printer();
	test_prefix_words();
	test_number_words();
	test_error_words();
	test_stats();
	test_stats_malformed();
	test_config();
	test_config_errors();
	test_owned();
	test_new_words();
	test_config_flood();
	test_rules();
	test_rule_files();
	test_sources();
	test_events();
	test_monitor();
	test_netlink();
	test_family();
	test_big_request();
	test_batch();
	test_save();
	test_attrs();
	test_prom();
	test_commands();
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
