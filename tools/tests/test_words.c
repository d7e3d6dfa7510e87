// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the words: numbers, rates, prefixes of both families,
 * ICMP and ICMPv6 names, and the settings of set, parsed into attributes
 * and printed back from a GET_CONFIG reply.
 */
#include <stdlib.h>
#include <libmnl/libmnl.h>

#include "test.h"

static void test_numbers(void)
{
	static const struct {
		const char *word;
		int ret;
		__u32 value;
	} rates[] = {
		{ "0", 0, 0 }, { "1000", 0, 1000 }, { "1000/s", 0, 1000 },
		{ "25/second", 0, 25 }, { "unlimited", 0, 0 },
		{ "1000000000", 0, 1000000000U }, { "1000000001", -1, 0 },
		{ "4294967296", -1, 0 }, { "00000000000000001", -1, 0 },
		{ "-1", -1, 0 }, { "+1", -1, 0 }, { " 1", -1, 0 },
		{ "1/min", -1, 0 }, { "/s", -1, 0 }, { "1/", -1, 0 },
		{ "0x10", -1, 0 }, { "", -1, 0 },
	};
	static char * const ps[] = { "per-source", "/24", "burst" };
	static char * const ps6[] = { "per-source", "/64" };
	static char * const glued[] = { "per-source/8" };
	static char * const zero[] = { "per-source", "/0" };
	static char * const other[] = { "per-sourcex" };
	const char *bad = NULL;
	unsigned int i, plen;
	char name[64];
	__u32 v;

	for (i = 0; i < ARRAY_SIZE(rates); i++) {
		v = 12345;
		snprintf(name, sizeof(name), "rate \"%s\"", rates[i].word);
		check(parse_rate(rates[i].word, &v) == rates[i].ret &&
		      (rates[i].ret || v == rates[i].value), name);
	}
	check(!parse_u32("50", &v) && v == 50 && parse_u32("50/s", &v),
	      "u32");
	check(parse_per_source(3, ps, 32, &plen, &bad) == 2 && plen == 24,
	      "per-source /24");
	check(parse_per_source(2, ps6, 32, &plen, &bad) == -1 &&
	      bad == ps6[1], "per-source /64 of IPv4");
	check(parse_per_source(2, ps6, 64, &plen, &bad) == 2 && plen == 64,
	      "per-source /64 of IPv6");
	check(parse_per_source(1, glued, 32, &plen, &bad) == 1 && plen == 8,
	      "per-source/8");
	check(parse_per_source(2, zero, 32, &plen, &bad) == -1, "/0");
	check(!parse_per_source(1, other, 32, &plen, &bad), "another word");
}

static void test_prefixes(void)
{
	static const struct {
		const char *word;
		int af, ret;
		const char *result;
	} cases[] = {
		{ "192.0.2.0/24", 0, 0, "192.0.2.0/24" },
		{ "192.0.2.7", 0, 0, "192.0.2.7/32" },
		{ "0.0.0.0/0", AF_INET, 0, "0.0.0.0/0" },
		{ "10.1.2.3/0", 0, PREFIX_HOST_BITS, "0.0.0.0/0" },
		{ "192.0.2.129/25", 0, PREFIX_HOST_BITS, "192.0.2.128/25" },
		{ "2001:db8::/32", 0, 0, "2001:db8::/32" },
		{ "2001:db8::1", 0, 0, "2001:db8::1/128" },
		{ "2001:DB8:FF::/48", AF_INET6, 0, "2001:db8:ff::/48" },
		{ "2001:db8::1/64", 0, PREFIX_HOST_BITS, "2001:db8::/64" },
		{ "2001:db8:0:1::/63", 0, PREFIX_HOST_BITS, "2001:db8::/63" },
		{ "::/0", 0, 0, "::/0" },
		{ "::ffff:192.0.2.1", 0, 0, "::ffff:192.0.2.1/128" },
		{ "2001:db8::/129", 0, PREFIX_INVALID, NULL },
		{ "2001:db8::/32", AF_INET, PREFIX_INVALID, NULL },
		{ "192.0.2.0/24", AF_INET6, PREFIX_INVALID, NULL },
		{ "300.1.1.1/24", 0, PREFIX_INVALID, NULL },
		{ "192.0.2.0/33", 0, PREFIX_INVALID, NULL },
		{ "192.0.2.0/", 0, PREFIX_INVALID, NULL },
		{ "192.0.2.0/+8", 0, PREFIX_INVALID, NULL },
		{ "192.0.2/24", 0, PREFIX_INVALID, NULL },
		{ "", 0, PREFIX_INVALID, NULL },
		{ "host", 0, PREFIX_INVALID, NULL },
	};
	struct prefix a, b;
	char buf[PREFIX_STRLEN], name[64];
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ret = prefix_parse(cases[i].word, cases[i].af, &a);
		snprintf(name, sizeof(name), "prefix \"%s\"", cases[i].word);
		check(ret == cases[i].ret, name);
		if (ret == cases[i].ret && cases[i].result)
			check_str(prefix_str(&a, buf, sizeof(buf)),
				  cases[i].result, name);
	}
	prefix_parse("198.51.100.0/24", 0, &a);
	prefix_parse("2001:db8::/32", 0, &b);
	check(prefix_cmp(&a, &b) < 0 && prefix_cmp(&b, &a) > 0 &&
	      !prefix_cmp(&a, &a), "IPv4 before IPv6");
	prefix_parse("198.51.100.0/25", 0, &b);
	check(prefix_cmp(&a, &b) < 0, "shorter first");
}

static void test_names(void)
{
	const struct family *f4 = family_of(AF_INET), *f6 = family_of(AF_INET6);
	unsigned int type, code;
	const char *bad;
	char buf[64];
	int c;

	check(type_parse(f4, "echo-request") == 8 &&
	      type_parse(f4, "dest-unreach") == 3 &&
	      type_parse(f4, "dest-unreachable") == 3 &&
	      type_parse(f4, "destination-unreachable") == 3 &&
	      type_parse(f4, "router-advertisement") == 9 &&
	      type_parse(f4, "extended-echo-reply") == 43 &&
	      type_parse(f4, "packet-too-big") == -1 &&
	      type_parse(f4, "8") == -1, "ICMP type names");
	check(type_parse(f6, "echo-request") == 128 &&
	      type_parse(f6, "packet-too-big") == 2 &&
	      type_parse(f6, "mld-listener-reduction") == 132 &&
	      type_parse(f6, "mld2-listener-report") == 143 &&
	      type_parse(f6, "nd-neighbor-solicit") == 135 &&
	      type_parse(f6, "dest-unreach") == -1, "ICMPv6 type names");
	check_str(type_word(f6, 139, buf, sizeof(buf)), "type-139",
		  "an unnamed type");
	check(!error_parse(f4, "dest-unreach/frag-needed", &type, &c, &bad) &&
	      type == 3 && c == 4, "error 3/4");
	check(!error_parse(f4, "12/missing-option", &type, &c, &bad) &&
	      type == 12 && c == 1, "error 12/1");
	check(error_parse(f4, "dest-unreachable", &type, &c, &bad) == -1,
	      "error dest-unreachable");
	check(error_parse(f4, "3/99", &type, &c, &bad) && !strcmp(bad, "99"),
	      "error 3/99");
	check(error_parse(f4, "8", &type, &c, &bad), "error 8");
	check(!error_parse(f6, "packet-too-big", &type, &c, &bad) &&
	      type == 2 && c == -1, "error packet-too-big");
	check(!error_parse(f6, "1/admin-prohibited", &type, &c, &bad) &&
	      type == 1 && c == 1, "error 1/admin-prohibited");
	check(!error_parse(f6, "parameter-problem/unknown-option", &type, &c,
			   &bad) && type == 4 && c == 2, "error 4/2");
	check(error_parse(f6, "11", &type, &c, &bad), "ICMPv6 has no 11");
	check_str(error_word(f4, 3, 16, buf, sizeof(buf)),
		  "dest-unreach/code-16", "name 3/16");
	check_str(error_word(f6, 3, 0, buf, sizeof(buf)),
		  "time-exceeded/hop-limit-exceeded", "name v6 3/0");
	check_str(error_word(f4, 5, 0, buf, sizeof(buf)), "type-5/code-0",
		  "name 5/0");
	check(!reject_parse(f4, "admin-prohibited", &code) && code == 13 &&
	      reject_parse(f4, "4", &code) == -2 &&
	      reject_parse(f4, "frag-needed", &code) == -2 &&
	      reject_parse(f4, "16", &code) == -1 &&
	      reject_parse(f4, "no-route", &code) == -1, "IPv4 reject codes");
	check(!reject_parse(f6, "no-route", &code) && code == 0 &&
	      !reject_parse(f6, "reject-route", &code) && code == 6 &&
	      !reject_parse(f6, "2", &code) && code == 2 &&
	      reject_parse(f6, "7", &code) == -1 &&
	      reject_parse(f6, "host-prohibited", &code) == -1,
	      "IPv6 reject codes");
	check(family_parse("ipv6") == AF_INET6 && !family_parse("inet6"),
	      "family words");
}

/* The attributes of the ICMPGUARD_A_CONFIG nest of a set line. */
static int set_attrs(const char *line, const struct nlattr **tb,
		     struct config *c)
{
	char buf[512], *words[64];
	int n = words_of(line, buf, sizeof(buf), words, 64), ret;
	struct nlmsghdr *nlh = msg_start(ICMPGUARD_CMD_BATCH);
	const struct nlattr *top[ATTR_TB_MAX];

	ret = settings_parse(c, 0, n, words);
	if (ret)
		return ret;
	config_put(nlh, c);
	if (attr_parse_msg(nlh, AS_TOP, top) || !top[ICMPGUARD_A_CONFIG] ||
	    attr_parse(top[ICMPGUARD_A_CONFIG], AS_CFG, tb))
		return -1;
	return 0;
}

static __u32 u32_of(const struct nlattr *a)
{
	return a ? (__u32)attr_uint(a) : 0xdeadbeef;
}

static void test_set(void)
{
	const struct nlattr *tb[ATTR_TB_MAX], *a, *e[ATTR_TB_MAX];
	struct config c;
	int n = 0;

	check(!set_attrs("responder on timestamp off reply-rate 10 burst 5",
			 tb, &c) &&
	      u32_of(tb[ICMPGUARD_CFG_A_FLAGS]) == ICMPGUARD_F_RESPONDER &&
	      u32_of(tb[ICMPGUARD_CFG_A_FLAGS_MASK]) ==
	      (ICMPGUARD_F_RESPONDER | ICMPGUARD_F_TIMESTAMP) &&
	      u32_of(tb[ICMPGUARD_CFG_A_REPLY_RATE]) == 10 &&
	      u32_of(tb[ICMPGUARD_CFG_A_REPLY_BURST]) == 5 &&
	      !tb[ICMPGUARD_CFG_A_DEST_RATE], "set: flags and a rate");
	check(!set_attrs("default-policy forward reject code 3 ipv6 default-policy code no-route",
			 tb, &c) &&
	      u32_of(tb[ICMPGUARD_CFG_A_FORWARD_POLICY]) ==
	      ICMPGUARD_POLICY_REJECT &&
	      u32_of(tb[ICMPGUARD_CFG_A_REJECT_CODE]) == 3 &&
	      u32_of(tb[ICMPGUARD_CFG_A_REJECT_CODE6]) == 0 &&
	      !tb[ICMPGUARD_CFG_A_POLICY], "set: policies, a code each");
	check(!set_attrs(cat("flood-limit 100 per-source /24 ",
			     "ipv6 flood-limit 200 burst 3 per-source /56 flood-limit 1000", NULL),
			 tb, &c) &&
	      u32_of(tb[ICMPGUARD_CFG_A_FLOOD_RATE]) == 100 &&
	      u32_of(tb[ICMPGUARD_CFG_A_FLOOD_PLEN]) == 24 &&
	      u32_of(tb[ICMPGUARD_CFG_A_FLOOD6_RATE]) == 200 &&
	      u32_of(tb[ICMPGUARD_CFG_A_FLOOD6_BURST]) == 3 &&
	      u32_of(tb[ICMPGUARD_CFG_A_FLOOD_PLEN6]) == 56 &&
	      u32_of(tb[ICMPGUARD_CFG_A_GLOBAL6_RATE]) == 1000 &&
	      !tb[ICMPGUARD_CFG_A_GLOBAL_RATE] &&
	      u32_of(tb[ICMPGUARD_CFG_A_FLAGS]) ==
	      ICMPGUARD_F_GLOBAL_PER_FAMILY &&
	      u32_of(tb[ICMPGUARD_CFG_A_FLAGS_MASK]) ==
	      ICMPGUARD_F_GLOBAL_PER_FAMILY,
	      "set: flood limits; IPv6's global bucket its own");
	check(!set_attrs("ipv6 flood-limit shared", tb, &c) &&
	      !u32_of(tb[ICMPGUARD_CFG_A_FLAGS]) &&
	      u32_of(tb[ICMPGUARD_CFG_A_FLAGS_MASK]) ==
	      ICMPGUARD_F_GLOBAL_PER_FAMILY &&
	      !tb[ICMPGUARD_CFG_A_GLOBAL6_RATE], "set: shared again");
	check(!set_attrs("ipv6 flood-limit 7 burst 8 shared", tb, &c) &&
	      !u32_of(tb[ICMPGUARD_CFG_A_FLAGS]) &&
	      u32_of(tb[ICMPGUARD_CFG_A_GLOBAL6_RATE]) == 7 &&
	      u32_of(tb[ICMPGUARD_CFG_A_GLOBAL6_BURST]) == 8,
	      "set: IPv6's values, shared");
	check(!set_attrs("error-source 2001:db8::1 error-source 192.0.2.1",
			 tb, &c) &&
	      tb[ICMPGUARD_CFG_A_ERROR_SOURCE6] &&
	      ((__u8 *)mnl_attr_get_payload(tb[ICMPGUARD_CFG_A_ERROR_SOURCE6]))[15] == 1 &&
	      u32_of(tb[ICMPGUARD_CFG_A_ERROR_SOURCE]) == htonl(0xc0000201),
	      "set: an error source of each family, by its address");
	check(!set_attrs(cat("error-rate 3 9 error-rate 3/4 unlimited burst 1 ",
			     "ipv6 error-rate packet-too-big 5", NULL),
			 tb, &c) && tb[ICMPGUARD_CFG_A_ERROR_RATES],
	      "set: error budgets");
	mnl_attr_for_each_nested(a, tb[ICMPGUARD_CFG_A_ERROR_RATES]) {
		if (attr_parse(a, AS_ERATE, e))
			break;
		n++;
		if (n == 1)
			check(!e[ICMPGUARD_ERATE_A_FAMILY] &&
			      u32_of(e[ICMPGUARD_ERATE_A_TYPE]) == 3 &&
			      !e[ICMPGUARD_ERATE_A_CODE] &&
			      u32_of(e[ICMPGUARD_ERATE_A_RATE]) == 9 &&
			      !e[ICMPGUARD_ERATE_A_BURST], "set: budget 1");
		if (n == 2)
			check(u32_of(e[ICMPGUARD_ERATE_A_CODE]) == 4 &&
			      !u32_of(e[ICMPGUARD_ERATE_A_RATE]) &&
			      u32_of(e[ICMPGUARD_ERATE_A_BURST]) == 1,
			      "set: budget 2, in order");
		if (n == 3)
			check(u32_of(e[ICMPGUARD_ERATE_A_FAMILY]) == AF_INET6 &&
			      u32_of(e[ICMPGUARD_ERATE_A_TYPE]) == 2,
			      "set: budget 3, IPv6");
	}
	check(n == 3, "set: three budgets");
}

struct set_case {
	const char *line;
	const char *err;
};

static int run_set(void *arg)
{
	const struct set_case *sc = arg;
	char buf[512], *words[64];
	struct config c;
	int n = words_of(sc->line, buf, sizeof(buf), words, 64);

	return settings_parse(&c, 0, n, words);
}

/* What set says of bad words, IPv6's in particular. */
static void test_set_errors(void)
{
	static const struct set_case cases[] = {
		{ "ipv6", "set: missing setting (try \"icmpctl set help\")" },
		{ "ipv6 flood-limit 1 per-source /65",
		  "set flood-limit: invalid prefix length in \"/65\" (expected /1 to /64)" },
		{ "flood-limit 1 per-source /64",
		  "set flood-limit: invalid prefix length in \"/64\" (expected /1 to /32)" },
		{ "flood-limit shared",
		  "set flood-limit: invalid rate \"shared\" (expected NUMBER[/s] up to 1000000000, or \"unlimited\")"
		},
		{ "ipv6 flood-limit 1 per-source shared",
		  "set: unknown setting \"shared\"" },
		{ "ipv6 default-policy code 7",
		  "set default-policy: invalid code \"7\" (expected 0-6 or a destination-unreachable code name)"
		},
		{ "ipv6 default-policy reject code frag-needed",
		  "set default-policy: invalid code \"frag-needed\" (expected 0-6 or a destination-unreachable code name)"
		},
		{ "ipv6 error-rate 11 5",
		  "set error-rate: invalid type \"11\" (expected destination-unreachable, packet-too-big, time-exceeded, parameter-problem, 1, 2, 3 or 4)"
		},
		{ "ipv6 error-rate 3/2 5",
		  "set error-rate: invalid code in \"3/2\" (time-exceeded codes are 0-1 or their names)"
		},
		{ "error-rate 8 5",
		  "set error-rate: invalid type \"8\" (expected dest-unreach, time-exceeded, parameter-problem, 3, 11 or 12)"
		},
		{ "ipv6 error-source 192.0.2.1",
		  "set error-source: invalid address \"192.0.2.1\" (expected an IPv6 address or \"auto\")"
		},
		{ "error-source 2001:db8::/64",
		  "set error-source: invalid address \"2001:db8::/64\" (expected an address or \"auto\")"
		},
		{ "error-source ::1 ipv6 error-source auto",
		  "set: \"error-source\" given twice" },
		{ "ipv6 error-rate 1 5 error-rate destination-unreachable 6",
		  "set: \"error-rate destination-unreachable\" given twice" },
		{ "error-rate 3 5 ipv6 error-rate 3 6", NULL },
		{ "flood-limit 1 ipv6 flood-limit 2", NULL },
		{ "ipv6 max-sources 100 reply-rate 5", NULL },
	};
	char name[128], *err;
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		err = capture_stderr(run_set, (void *)&cases[i], &ret);
		snprintf(name, sizeof(name), "set %s", cases[i].line);
		if (cases[i].err) {
			check(ret == EXIT_USAGE, name);
			check(!strncmp(err, "icmpctl: ", 9), name);
			err[strcspn(err, "\n")] = '\0';
			check_str(err + 9, cases[i].err, name);
		} else {
			check(!ret && !*err, name);
		}
		free(err);
	}
}

static void put_erate(struct nlmsghdr *nlh, int af, __u8 type, int code,
		      __u32 rate, __u32 burst)
{
	struct nlattr *e = mnl_attr_nest_start(nlh, ICMPGUARD_A_ERROR_RATE);

	if (af)
		mnl_attr_put_u8(nlh, ICMPGUARD_ERATE_A_FAMILY, (__u8)af);
	mnl_attr_put_u8(nlh, ICMPGUARD_ERATE_A_TYPE, type);
	if (code >= 0)
		mnl_attr_put_u8(nlh, ICMPGUARD_ERATE_A_CODE, (__u8)code);
	mnl_attr_put_u32(nlh, ICMPGUARD_ERATE_A_RATE, rate);
	mnl_attr_put_u32(nlh, ICMPGUARD_ERATE_A_BURST, burst);
	mnl_attr_nest_end(nlh, e);
}

/* A GET_CONFIG reply as the module sends one: defaults, and a few more. */
static struct nlmsghdr *config_msg(__u32 flags)
{
	static const __u8 src6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const unsigned char ncodes6[] = { 0, 8, 1, 2, 4 };
	struct nlmsghdr *nlh = msg_start(ICMPGUARD_CMD_GET_CONFIG);
	struct nlattr *nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	struct nlattr *rates;
	int t, code;

	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_FLAGS, flags);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_REPLY_RATE, 1000);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_REPLY_BURST, 50);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_DEST_RATE, 0);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_DEST_BURST, 10);
	mnl_attr_put_u8(nlh, ICMPGUARD_CFG_A_POLICY, ICMPGUARD_POLICY_ACCEPT);
	mnl_attr_put_u8(nlh, ICMPGUARD_CFG_A_REJECT_CODE, 10);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_ERROR_SOURCE, 0);
	rates = mnl_attr_nest_start(nlh, ICMPGUARD_CFG_A_ERROR_RATES);
	for (code = 0; code <= 15; code++)
		put_erate(nlh, 0, 3, code, code == 4 ? 0 : 1000,
			  code == 4 ? 1 : 100);
	put_erate(nlh, 0, 11, 0, 1000, 100);
	put_erate(nlh, 0, 11, 1, 20, 100);
	for (code = 0; code <= 2; code++)
		put_erate(nlh, 0, 12, code, 1000, 100);
	for (t = 1; t <= 4; t++)
		for (code = 0; code < ncodes6[t]; code++)
			put_erate(nlh, AF_INET6, (__u8)t, code, t == 2 ? 0 : 500,
				  t == 2 ? 1 : 50);
	mnl_attr_nest_end(nlh, rates);
	mnl_attr_put_u8(nlh, ICMPGUARD_CFG_A_FORWARD_POLICY,
			ICMPGUARD_POLICY_REJECT);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_FLOOD_RATE, 50000);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_FLOOD_BURST, 10000);
	mnl_attr_put_u8(nlh, ICMPGUARD_CFG_A_FLOOD_PLEN, 32);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_GLOBAL_RATE, 200000);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_GLOBAL_BURST, 20000);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_MAX_SOURCES, 65536);
	mnl_attr_put_u8(nlh, ICMPGUARD_CFG_A_FLOOD_PLEN6, 64);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_GLOBAL6_RATE, 200000);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_GLOBAL6_BURST, 20000);
	mnl_attr_put(nlh, ICMPGUARD_CFG_A_ERROR_SOURCE6, 16, src6);
	mnl_attr_put_u8(nlh, ICMPGUARD_CFG_A_REJECT_CODE6, 1);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_FLOOD6_RATE, 50000);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_FLOOD6_BURST, 10000);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_MAX + 3, 1);	/* newer */
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static void print_settings(const void *c)
{
	settings_print(c, 0, "");
}

static void print_settings_filtered(const void *c)
{
	settings_print(c, opts.family, "");
}

static const char config_text[] =
	"responder on\n"
	"timestamp off\n"
	"probe off\n"
	"broadcast-echo off\n"
	"router-mode off\n"
	"error-extensions on\n"
	"reply-rate 1000 burst 50\n"
	"reply-rate-per-dest unlimited burst 10\n"
	"default-policy input accept\n"
	"default-policy forward reject\n"
	"default-policy code host-prohibited\n"
	"flood-limit 50000 burst 10000 per-source /32\n"
	"flood-limit 200000 burst 20000\n"
	"max-sources 65536\n"
	"error-source auto\n"
	"error-rate dest-unreach 1000 burst 100\n"
	"error-rate dest-unreach/frag-needed unlimited burst 1\n"
	"error-rate time-exceeded/ttl-exceeded 1000 burst 100\n"
	"error-rate time-exceeded/reassembly-timeout 20 burst 100\n"
	"error-rate parameter-problem 1000 burst 100\n"
	"ipv6 default-policy code admin-prohibited\n"
	"ipv6 flood-limit 50000 burst 10000 per-source /64\n"
	"ipv6 flood-limit 200000 burst 20000 shared\n"
	"ipv6 error-source 2001:db8::1\n"
	"ipv6 error-rate destination-unreachable 500 burst 50\n"
	"ipv6 error-rate packet-too-big unlimited burst 1\n"
	"ipv6 error-rate time-exceeded 500 burst 50\n"
	"ipv6 error-rate parameter-problem 500 burst 50\n";

static const char * const config_json_start[] = {
	"{\"responder\":true,\"timestamp\":false,\"probe\":false,",
	"\"broadcast_echo\":false,\"router_mode\":false,",
	"\"error_extensions\":true,",
	"\"reply_rate\":{\"rate\":1000,\"burst\":50},",
	"\"reply_rate_per_dest\":{\"rate\":0,\"burst\":10},",
	"\"default_policy\":\"accept\",\"forward_policy\":\"reject\",",
	"\"reject_code\":10,",
	"\"flood_limit_per_source\":{\"rate\":50000,\"burst\":10000,\"plen\":32},",
	"\"flood_limit\":{\"rate\":200000,\"burst\":20000},",
	"\"max_sources\":65536,\"error_source\":\"auto\",",
	"\"error_rates\":[{\"type\":3,\"code\":0,",
	"\"name\":\"dest-unreach/net-unreachable\",\"rate\":1000,\"burst\":100},",
	NULL
};

static const char * const config_json_ipv6[] = {
	"\"ipv6\":{\"reject_code\":1,",
	"\"flood_limit_per_source\":{\"rate\":50000,\"burst\":10000,\"plen\":64},",
	"\"flood_limit\":{\"rate\":200000,\"burst\":20000,\"shared\":true},",
	"\"error_source\":\"2001:db8::1\",\"error_rates\":[{\"type\":1,",
	"\"code\":0,\"name\":\"destination-unreachable/no-route\",",
	NULL
};

static void test_config(void)
{
	struct config *c = malloc(sizeof(*c)), *again = malloc(sizeof(*c));
	char *out, *line, *next, *words[64], buf[256];
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int n, ok = 1;

	if (!c || !again)
		abort();
	check(!config_parse(config_msg(ICMPGUARD_F_RESPONDER |
				       ICMPGUARD_F_ERROR_EXTENSIONS), c) &&
	      c->nerates == 21 + 15, "config: decoded");
	check_render(print_settings, c, config_text, NULL, "config");
	out = render(print_settings, c, 1);
	check(!strncmp(out, join(config_json_start), strlen(join(config_json_start))),
	      "config: json");
	check(!!strstr(out, join(config_json_ipv6)), "config: json of IPv6");
	free(out);

	/* Every line of show is a set line that sets what it shows. */
	out = render(print_settings, c, 0);
	for (line = out; *line && ok; line = next) {
		next = strchr(line, '\n');
		*next++ = '\0';
		n = words_of(line, buf, sizeof(buf), words, 64);
		ok = !settings_parse(again, 0, n, words);
	}
	check(ok, "config: show's lines are set's words");
	free(out);

	/* IPv6's global bucket of its own; a flag this icmpctl does not know */
	check(!config_parse(config_msg(ICMPGUARD_F_GLOBAL_PER_FAMILY | BIT(20)),
			    c), "config: per family");
	out = render(print_settings, c, 0);
	check(!!strstr(out, "\nipv6 flood-limit 200000 burst 20000\n") &&
	      !!strstr(out, "\nunknown-flags 1048576\n"),
	      "config: IPv6's bucket, unknown flags");
	free(out);
	new_json_obj(fopen("/dev/null", "w"), 0);
	check(settings_print(c, 0, "set ") == 1, "config: save's comment");

	/* -6: the namespace's settings and IPv6's, these at the top */
	opts.family = AF_INET6;
	out = render(print_settings_filtered, c, 1);
	opts.family = 0;
	check(json_valid(out) && !strstr(out, "\"ipv6\"") &&
	      strstr(out, "\"reject_code\":1,") &&
	      !strstr(out, "\"reject_code\":10"), "config: -6, json");
	free(out);

	/* An older module: what it has, nothing else */
	nlh = msg_start(ICMPGUARD_CMD_GET_CONFIG);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_REPLY_RATE, 7);
	mnl_attr_nest_end(nlh, nest);
	check(!config_parse(nlh, c), "config: partial");
	check_render(print_settings, c, "reply-rate 7\n",
		     "{\"reply_rate\":{\"rate\":7}}\n", "config partial");

	/* Malformed: a policy of 4 bytes, an error source of 2 */
	nlh = msg_start(ICMPGUARD_CMD_GET_CONFIG);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_POLICY, 1);
	mnl_attr_nest_end(nlh, nest);
	check(config_parse(nlh, c) == -EBADMSG, "config: policy u32");
	nlh = msg_start(ICMPGUARD_CMD_GET_CONFIG);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	mnl_attr_put_u16(nlh, ICMPGUARD_CFG_A_ERROR_SOURCE, 1);
	mnl_attr_nest_end(nlh, nest);
	check(config_parse(nlh, c) == -EBADMSG, "config: short source");
	free(c);
	free(again);
}

/* The error budgets, collapsed by type as set takes them back. */
static void test_erates(void)
{
	static const struct {
		struct erate e[6];
		unsigned int n;
		const char *text;
	} cases[] = {
		{ { { AF_INET, 11, 0, 5, 6 }, { AF_INET, 11, 1, 5, 6 } }, 2,
		  "error-rate time-exceeded 5 burst 6\n" },
		{ { { AF_INET, 12, 0, 5, 6 }, { AF_INET, 12, 1, 7, 6 },
		    { AF_INET, 12, 2, 7, 6 } }, 3,
		  "error-rate parameter-problem 7 burst 6\n"
		  "error-rate parameter-problem/pointer 5 burst 6\n" },
		{ { { AF_INET, 3, -1, 5, 6 } }, 1,
		  "error-rate dest-unreach 5 burst 6\n" },
		{ { { AF_INET, 42, 3, 5, 6 } }, 1,
		  "error-rate type-42/code-3 5 burst 6\n" },
		{ { { AF_INET6, 2, 0, 0, 1 } }, 1,
		  "ipv6 error-rate packet-too-big unlimited burst 1\n" },
		{ { { AF_INET6, 3, 0, 1, 2 }, { AF_INET6, 3, 1, 3, 4 } }, 2,
		  "ipv6 error-rate time-exceeded/hop-limit-exceeded 1 burst 2\n"
		  "ipv6 error-rate time-exceeded/reassembly-timeout 3 burst 4\n" },
	};
	struct config *c = calloc(1, sizeof(*c));
	char name[32];
	unsigned int i;

	if (!c)
		abort();
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(c, 0, sizeof(*c));
		memcpy(c->erates, cases[i].e, sizeof(cases[i].e));
		c->nerates = cases[i].n;
		c->present = BIT(ICMPGUARD_CFG_A_ERROR_RATES);
		snprintf(name, sizeof(name), "error budgets %u", i);
		check_render(print_settings, c, cases[i].text, NULL, name);
	}
	free(c);
}

void test_words(void)
{
	test_numbers();
	test_prefixes();
	test_names();
	test_set();
	test_set_errors();
	test_config();
	test_erates();
}
