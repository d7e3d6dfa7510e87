// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of rules: words to attributes and back to the same words in
 * both families, the errors of bad words, the rules of the module printed
 * in text and JSON, and the router profile.
 */
#include <stdlib.h>
#include <libmnl/libmnl.h>

#include "test.h"

#define MAX_WORDS	64

static int parse_line(const char *line, struct rule *r, char *err,
		      size_t len)
{
	char buf[1024], *words[MAX_WORDS];
	int n = words_of(line, buf, sizeof(buf), words, MAX_WORDS);

	return rule_parse(n, words, r, err, len);
}

static void print_one(const void *r)
{
	rule_print(r);
}

/* The words of a rule as rule list prints them, without the newline. */
static char *words_of_rule(const struct rule *r)
{
	char *out = render(print_one, r, 0);

	out[strcspn(out, "\n")] = '\0';
	return out;
}

/* Encoded as ADD_RULE's nest, and decoded back. */
static int round_trip(const struct rule *r, struct rule *back, size_t *size)
{
	struct nlmsghdr *nlh = msg_start(ICMPGUARD_CMD_BATCH);
	__u32 start = nlh->nlmsg_len;

	rule_put(nlh, ICMPGUARD_A_RULE, r);
	*size = nlh->nlmsg_len - start;
	return rule_msg_parse(nlh, back);
}

/* Lines that come back as they are. */
static const char * const canonical[] = {
	"input accept",
	"forward reply",
	"input type echo-request accept",
	"input type echo-reply,12-14,extended-echo-request,extended-echo-reply accept",
	"input type source-quench,6,15-18,30-39 drop",
	"input type 0-3,200-255 drop",
	"input type dest-unreach code frag-needed accept",
	"input type dest-unreach code net-unreachable,host-unreachable,3-15 drop",
	"input type parameter-problem code pointer,bad-length drop",
	"input code 0-3,7 drop",
	"input from 10.0.0.0/8 to 192.0.2.1/32 drop",
	"forward from 0.0.0.0/0 iif eth0 oif wan.100 accept",
	"input length 0-100 drop",
	"input length 1500 drop",
	"input reject code host-prohibited",
	"input type echo-request limit 10/s burst 20 per-source /24 reject",
	"input type echo-request limit 1/s burst 1 reject code port-unreachable",
	"forward limit 1000000000/s burst 4294967295 per-source /1",
	"input icmpv6 accept",
	"input icmpv6 type echo-request limit 10/s burst 10 per-source /64",
	"forward icmpv6 type 1-4,echo-request,echo-reply accept",
	"input icmpv6 type nd-neighbor-solicit,nd-neighbor-advert from fe80::/10 accept",
	"input icmpv6 type destination-unreachable code no-route,beyond-scope drop",
	"input icmpv6 type parameter-problem code unknown-option drop",
	"forward icmpv6 from 2001:db8::/32 to 2001:db8:ff::1/128 oif wan0 drop",
	"input icmpv6 type 139,140 reject",
	"input icmpv6 reject code no-route",
	"input icmpv6 type echo-request limit 5/s burst 9 per-source /48 reject code policy-fail",
	"input icmpv6 type packet-too-big length 1280-1500 accept",
};

/* Words and the line they come back as. */
static const struct {
	const char *in;
	const char *out;
} canonized[] = {
	{ "input type 8 accept", "input type echo-request accept" },
	{ "input type dest-unreachable accept",
	  "input type dest-unreach accept" },
	{ "input icmp type destination-unreachable accept",
	  "input type dest-unreach accept" },
	{ "input type 0-255 drop", "input drop" },
	{ "input type 3 code 4 accept",
	  "input type dest-unreach code frag-needed accept" },
	{ "input code frag-needed type dest-unreach accept",
	  "input type dest-unreach code frag-needed accept" },
	{ "input from 192.0.2.1 drop", "input from 192.0.2.1/32 drop" },
	{ "input reject code admin-prohibited", "input reject" },
	{ "input limit 10", "input limit 10/s burst 10" },
	{ "input limit 10/second reject per-source burst 3",
	  "input limit 10/s burst 3 per-source /32 reject" },
	{ "input icmpv6 type echo-request limit 10/s per-source",
	  "input icmpv6 type echo-request limit 10/s burst 10 per-source /64" },
	{ "forward icmpv6 type { 1-4, 128, 129 } accept",
	  "forward icmpv6 type 1-4,echo-request,echo-reply accept" },
	{ "forward icmpv6 type {1-4,128,129} accept",
	  "forward icmpv6 type 1-4,echo-request,echo-reply accept" },
	{ "forward icmpv6 type { 128 } accept",
	  "forward icmpv6 type echo-request accept" },
	{ "input type echo-request from 2001:db8::/32 drop",
	  "input icmpv6 type echo-request from 2001:db8::/32 drop" },
	{ "input icmpv6 type 128,129 accept",
	  "input icmpv6 type echo-request,echo-reply accept" },
	{ "input icmpv6 type mld-listener-reduction drop",
	  "input icmpv6 type mld-listener-done drop" },
	{ "input icmpv6 reject code admin-prohibited", "input icmpv6 reject" },
	{ "input icmpv6 reject code 3",
	  "input icmpv6 reject code addr-unreachable" },
	{ "input icmpv6 icmpv6 drop", "input icmpv6 drop" },
	{ "input icmpv6 type destination-unreachable code 0-7 drop",
	  "input icmpv6 type destination-unreachable code 0-7 drop" },
};

static void test_round_trips(void)
{
	unsigned int i, n = ARRAY_SIZE(canonical) + ARRAY_SIZE(canonized);
	char err[256], name[160], *text;
	struct rule r, back;
	const char *in, *out;
	size_t size;

	for (i = 0; i < n; i++) {
		in = i < ARRAY_SIZE(canonical) ? canonical[i] :
		     canonized[i - ARRAY_SIZE(canonical)].in;
		out = i < ARRAY_SIZE(canonical) ? canonical[i] :
		      canonized[i - ARRAY_SIZE(canonical)].out;
		snprintf(name, sizeof(name), "rule \"%s\"", in);
		err[0] = '\0';
		if (parse_line(in, &r, err, sizeof(err))) {
			check(0, name);
			printf("  error: %s\n", err);
			continue;
		}
		text = words_of_rule(&r);
		check_str(text, out, name);
		free(text);
		check(!round_trip(&r, &back, &size) && size <= RULE_ROOM &&
		      back.family == r.family, name);
		text = words_of_rule(&back);
		snprintf(name, sizeof(name), "rule \"%s\": decoded", in);
		check_str(text, out, name);
		free(text);
	}
}

#define ACTIONS	"accept, drop, reject, limit or reply"
#define CODES4	"(expected 0-255, A-B or a name with one type of 3, 11 or 12)"

static const struct {
	const char *in;
	const char *err;
} bad_rules[] = {
	{ "", "missing direction (expected \"input\" or \"forward\")" },
	{ "sideways drop",
	  "invalid direction \"sideways\" (expected \"input\" or \"forward\")" },
	{ "input type 8", "missing action (expected " ACTIONS ")" },
	{ "input type 300 drop",
	  "invalid type \"300\" (expected 0-255, A-B or a type name)" },
	{ "input type 9-3 drop",
	  "invalid type \"9-3\" (expected 0-255, A-B or a type name)" },
	{ "input type 8,,9 drop",
	  "invalid type \"\" (expected 0-255, A-B or a type name)" },
	{ "input type packet-too-big drop",
	  "invalid type \"packet-too-big\" (expected 0-255, A-B or a type name)" },
	{ "input icmpv6 type dest-unreach drop",
	  "invalid type \"dest-unreach\" (expected 0-255, A-B or a type name)" },
	{ "input type { 1, 2 drop", "missing \"}\" after \"type\"" },
	{ "input type {} drop",
	  "invalid type \"\" (expected 0-255, A-B or a type name)" },
	{ "input type", "missing value after \"type\"" },
	{ "input type 8 type 9 drop", "\"type\" given twice" },
	{ "input code frag-needed drop",
	  "invalid code \"frag-needed\" " CODES4 },
	{ "input type time-exceeded code frag-needed drop",
	  "invalid code \"frag-needed\" (expected 0-255, A-B or a time-exceeded code name)" },
	{ "input icmpv6 code no-route drop",
	  "invalid code \"no-route\" (expected 0-255, A-B or a name with one type of 1, 2, 3 or 4)"
	},
	{ "input from 10.0.0.1/8 drop",
	  "10.0.0.1/8: host bits set (did you mean 10.0.0.0/8?)" },
	{ "input from 2001:db8::1/32 drop",
	  "2001:db8::1/32: host bits set (did you mean 2001:db8::/32?)" },
	{ "input to 10.0.0/8 drop",
	  "invalid prefix \"10.0.0/8\" (expected ADDRESS[/LEN])" },
	{ "input icmp from 2001:db8::/32 drop",
	  "\"2001:db8::/32\" is ipv6 but the rule is ipv4" },
	{ "input from 10.0.0.0/8 to 2001:db8::/32 drop",
	  "\"2001:db8::/32\" is ipv6 but the rule is ipv4" },
	{ "input from 2001:db8::/32 icmp drop",
	  "\"icmp\" is ipv4 but the rule is ipv6" },
	{ "input oif eth0 drop", "\"oif\" goes with \"forward\" only" },
	{ "forward iif 0123456789abcdef drop",
	  "invalid interface name \"0123456789abcdef\" (1-15 bytes, no \"/\", \":\" or blank)" },
	{ "input length 100-10 drop",
	  "invalid length \"100-10\" (expected MIN[-MAX], 0-65535)" },
	{ "input limit 0 drop",
	  "invalid rate \"0\" (expected NUMBER[/s], 1 to 1000000000)" },
	{ "input limit", "missing rate after \"limit\"" },
	{ "input limit 10 burst 0",
	  "invalid burst \"0\" (expected a positive integer)" },
	{ "input limit 10 per-source /33",
	  "invalid prefix length in \"/33\" (expected /1 to /32)" },
	{ "input icmpv6 limit 10 per-source /65",
	  "invalid prefix length in \"/65\" (expected /1 to /64)" },
	{ "input limit 10 burst 5 burst 6",
	  "unexpected word \"burst\" after the action" },
	{ "input reject code 4",
	  "code \"4\" cannot reject (frag-needed needs an MTU)" },
	{ "input reject code 16",
	  "invalid code \"16\" (expected 0-15 or a dest-unreach code name)" },
	{ "input icmpv6 reject code 7",
	  "invalid code \"7\" (expected 0-6 or a destination-unreachable code name)" },
	{ "input icmpv6 reject code admin-prohibited code 1",
	  "unexpected word \"code\" after the action" },
	{ "input drop type 8", "unexpected word \"type\" after the action" },
	{ "input frobnicate",
	  "unknown word \"frobnicate\" (expected a match or " ACTIONS ")" },
};

static void test_bad_rules(void)
{
	char err[256], name[128];
	struct rule r;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad_rules); i++) {
		snprintf(name, sizeof(name), "bad rule \"%s\"", bad_rules[i].in);
		err[0] = '\0';
		check(parse_line(bad_rules[i].in, &r, err, sizeof(err)) == -1,
		      name);
		check_str(err, bad_rules[i].err, name);
	}
}

/* The attributes of one rule, as the module reads them. */
static void test_encoding(void)
{
	const struct nlattr *top[ATTR_TB_MAX], *tb[ATTR_TB_MAX];
	const struct nlattr *pfx[ATTR_TB_MAX];
	struct nlmsghdr *nlh;
	struct rule r;
	char err[256];
	__u8 types[BITMAP_BYTES] = { 0 };

	check(!parse_line(cat("forward type echo-request code 0 from 10.0.0.0/8 oif eth0 ",
			      "length 64-1500 limit 10/s per-source /24 reject code port-unreachable",
			      NULL), &r, err, sizeof(err)), "encoding: parse");
	nlh = msg_start(ICMPGUARD_CMD_BATCH);
	rule_put(nlh, ICMPGUARD_A_RULE, &r);
	check(!attr_parse_msg(nlh, AS_TOP, top) && top[ICMPGUARD_A_RULE] &&
	      (top[ICMPGUARD_A_RULE]->nla_type & NLA_F_NESTED) &&
	      !attr_parse(top[ICMPGUARD_A_RULE], AS_RULE, tb),
	      "encoding: one ICMPGUARD_A_RULE, NLA_F_NESTED");
	types[1] = 1;	/* type 8: byte 1, bit 0 */
	check(!tb[ICMPGUARD_RULE_A_FAMILY] &&
	      mnl_attr_get_u8(tb[ICMPGUARD_RULE_A_DIR]) ==
	      ICMPGUARD_DIR_FORWARD &&
	      !memcmp(mnl_attr_get_payload(tb[ICMPGUARD_RULE_A_TYPES]), types,
		      32) && !tb[ICMPGUARD_RULE_A_HANDLE] &&
	      !tb[ICMPGUARD_RULE_A_DST] && !tb[ICMPGUARD_RULE_A_IIF],
	      "encoding: IPv4 without family, the bitmap");
	check(!attr_parse(tb[ICMPGUARD_RULE_A_SRC], AS_PFX, pfx) &&
	      mnl_attr_get_u32(pfx[ICMPGUARD_PFX_A_ADDR]) == htonl(0x0a000000) &&
	      mnl_attr_get_u8(pfx[ICMPGUARD_PFX_A_PLEN]) == 8 &&
	      !pfx[ICMPGUARD_PFX_A_ADDR6], "encoding: SRC");
	check(mnl_attr_get_payload_len(tb[ICMPGUARD_RULE_A_OIF]) == 5 &&
	      mnl_attr_get_u16(tb[ICMPGUARD_RULE_A_LEN_MIN]) == 64 &&
	      mnl_attr_get_u16(tb[ICMPGUARD_RULE_A_LEN_MAX]) == 1500 &&
	      mnl_attr_get_u8(tb[ICMPGUARD_RULE_A_REJECT_CODE]) == 3 &&
	      mnl_attr_get_u32(tb[ICMPGUARD_RULE_A_LIMIT_RATE]) == 10 &&
	      mnl_attr_get_u32(tb[ICMPGUARD_RULE_A_LIMIT_BURST]) == 10 &&
	      mnl_attr_get_u32(tb[ICMPGUARD_RULE_A_LIMIT_FLAGS]) ==
	      (ICMPGUARD_LIMIT_F_PER_SOURCE | ICMPGUARD_LIMIT_F_REJECT) &&
	      mnl_attr_get_u8(tb[ICMPGUARD_RULE_A_LIMIT_PLEN]) == 24,
	      "encoding: the other attributes");

	check(!parse_line("input icmpv6 type 128 from 2001:db8::/32 limit 3 per-source",
			  &r, err, sizeof(err)), "encoding: IPv6");
	nlh = msg_start(ICMPGUARD_CMD_BATCH);
	rule_put(nlh, ICMPGUARD_A_RULE, &r);
	attr_parse_msg(nlh, AS_TOP, top);
	attr_parse(top[ICMPGUARD_A_RULE], AS_RULE, tb);
	attr_parse(tb[ICMPGUARD_RULE_A_SRC], AS_PFX, pfx);
	types[1] = 0;
	types[16] = 1;	/* type 128 */
	check(tb[ICMPGUARD_RULE_A_FAMILY] &&
	      mnl_attr_get_u8(tb[ICMPGUARD_RULE_A_FAMILY]) == AF_INET6 &&
	      !memcmp(mnl_attr_get_payload(tb[ICMPGUARD_RULE_A_TYPES]), types,
		      32) && pfx[ICMPGUARD_PFX_A_ADDR6] &&
	      !pfx[ICMPGUARD_PFX_A_ADDR] &&
	      mnl_attr_get_u8(tb[ICMPGUARD_RULE_A_LIMIT_PLEN]) == 64,
	      "encoding: IPv6's family, address, /64");
}

/* A rule as the module dumps it. */
static struct nlmsghdr *dump_msg(unsigned int i)
{
	struct nlmsghdr *nlh = msg_start(ICMPGUARD_CMD_GET_RULES);
	struct nlattr *nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_RULE);
	static const __u8 addr6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	__u8 bm[BITMAP_BYTES] = { 0 };
	struct nlattr *pfx;

	mnl_attr_put_u32(nlh, ICMPGUARD_RULE_A_HANDLE, 3 + i);
	mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_DIR, i == 1 ? 1 : i == 3 ? 5 : 0);
	mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_ACTION,
			i == 0 ? ICMPGUARD_ACT_LIMIT : i == 3 ? 9 :
			ICMPGUARD_ACT_DROP);
	mnl_attr_put_u64(nlh, ICMPGUARD_RULE_A_PACKETS, 120 + i);
	mnl_attr_put_u64(nlh, ICMPGUARD_RULE_A_BYTES, 10080);
	mnl_attr_put_u64(nlh, ICMPGUARD_RULE_A_LIMITED, 7);
	if (i == 0) {
		bm[1] = 1;
		mnl_attr_put(nlh, ICMPGUARD_RULE_A_TYPES, sizeof(bm), bm);
		mnl_attr_put_u32(nlh, ICMPGUARD_RULE_A_LIMIT_RATE, 10);
		mnl_attr_put_u32(nlh, ICMPGUARD_RULE_A_LIMIT_BURST, 20);
		mnl_attr_put_u32(nlh, ICMPGUARD_RULE_A_LIMIT_FLAGS,
				 ICMPGUARD_LIMIT_F_PER_SOURCE);
		mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_LIMIT_PLEN, 32);
		mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_REJECT_CODE, 13);
	}
	if (i == 2) {
		mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_FAMILY, AF_INET6);
		pfx = mnl_attr_nest_start(nlh, ICMPGUARD_RULE_A_SRC);
		mnl_attr_put(nlh, ICMPGUARD_PFX_A_ADDR6, 16, addr6);
		mnl_attr_put_u8(nlh, ICMPGUARD_PFX_A_PLEN, 32);
		mnl_attr_nest_end(nlh, pfx);
		mnl_attr_put_u16(nlh, ICMPGUARD_RULE_A_LEN_MIN, 100);
	}
	mnl_attr_put_u32(nlh, ICMPGUARD_RULE_A_MAX + 3, 1);	/* newer */
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

#define DUMP_RULES	4

struct rules {
	struct rule r[DUMP_RULES + 30];
	unsigned int n;
};

static void print_rules(const void *arg)
{
	const struct rules *rs = arg;

	rules_print(rs->r, rs->n, opts.family);
}

static const char dump_text[] =
	"input type echo-request limit 10/s burst 20 per-source /32 # handle 3 packets 120 bytes 10080 limited 7\n"
	"input icmpv6 from 2001:db8::/32 length 100-65535 drop # handle 5 packets 122 bytes 10080\n"
	"\n"
	"forward drop # handle 4 packets 121 bytes 10080\n"
	"\n"
	"dir-5 action-9 # handle 6 packets 123 bytes 10080\n";

static const char * const dump_json[] = {
	"{\"rules\":[",
	"{\"handle\":3,\"family\":\"ipv4\",\"dir\":\"input\",\"types\":[8],",
	"\"codes\":null,\"from\":null,\"to\":null,\"iif\":null,\"oif\":null,",
	"\"length\":null,\"action\":\"limit\",\"reject_code\":null,",
	"\"limit\":{\"rate\":10,\"burst\":20,\"per_source\":true,\"plen\":32,",
	"\"reject\":false},\"packets\":120,\"bytes\":10080,\"limited\":7},",
	"{\"handle\":5,\"family\":\"ipv6\",\"dir\":\"input\",\"types\":null,",
	"\"codes\":null,\"from\":\"2001:db8::/32\",\"to\":null,\"iif\":null,",
	"\"oif\":null,\"length\":{\"min\":100,\"max\":65535},",
	"\"action\":\"drop\",\"reject_code\":null,\"limit\":null,",
	"\"packets\":122,\"bytes\":10080,\"limited\":7},",
	"{\"handle\":4,\"family\":\"ipv4\",\"dir\":\"forward\",\"types\":null,",
	"\"codes\":null,\"from\":null,\"to\":null,\"iif\":null,\"oif\":null,",
	"\"length\":null,\"action\":\"drop\",\"reject_code\":null,",
	"\"limit\":null,\"packets\":121,\"bytes\":10080,\"limited\":7},",
	"{\"handle\":6,\"family\":\"ipv4\",\"dir\":\"dir-5\",\"types\":null,",
	"\"codes\":null,\"from\":null,\"to\":null,\"iif\":null,\"oif\":null,",
	"\"length\":null,\"action\":\"action-9\",\"reject_code\":null,",
	"\"limit\":null,\"packets\":123,\"bytes\":10080,\"limited\":7}]}\n",
	NULL
};

/* A malformed rule: attribute attr of len bytes added. */
static int malformed(__u16 attr, const void *data, size_t len)
{
	struct nlmsghdr *nlh = msg_start(ICMPGUARD_CMD_GET_RULES);
	struct nlattr *nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_RULE);
	struct rule r;

	if (attr != ICMPGUARD_RULE_A_DIR)
		mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_DIR, 0);
	if (attr != ICMPGUARD_RULE_A_ACTION)
		mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_ACTION, 0);
	if (data)
		mnl_attr_put(nlh, attr, len, data);
	mnl_attr_nest_end(nlh, nest);
	return rule_msg_parse(nlh, &r) == -EBADMSG;
}

static void test_dump(void)
{
	static const __u8 bm31[31], name17[17] = "0123456789abcdef";
	static const __u8 noterm[4] = "eth0";
	struct rules *rs = calloc(1, sizeof(*rs));
	__u32 v32 = 1;
	unsigned int i;
	int ok = 1;

	if (!rs)
		abort();
	for (i = 0; i < DUMP_RULES; i++)
		ok &= !rule_msg_parse(dump_msg(i), &rs->r[i]);
	check(ok, "rule dump: decoded");
	rs->n = DUMP_RULES;
	check_render(print_rules, rs, dump_text, join(dump_json), "rule dump");
	opts.family = AF_INET6;
	check_render(print_rules, rs,
		     "input icmpv6 from 2001:db8::/32 length 100-65535 drop # handle 5 packets 122 bytes 10080\n",
		     NULL, "rule list -6");
	opts.family = 0;
	rs->n = 0;
	check_render(print_rules, rs, "", "{\"rules\":[]}\n", "no rules");

	check(malformed(ICMPGUARD_RULE_A_DIR, NULL, 0), "rule: no DIR");
	check(malformed(ICMPGUARD_RULE_A_ACTION, NULL, 0), "rule: no ACTION");
	check(malformed(ICMPGUARD_RULE_A_TYPES, bm31, sizeof(bm31)),
	      "rule: TYPES of 31 bytes");
	check(malformed(ICMPGUARD_RULE_A_IIF, name17, sizeof(name17)),
	      "rule: IIF of 16 bytes and NUL");
	check(malformed(ICMPGUARD_RULE_A_OIF, noterm, sizeof(noterm)),
	      "rule: OIF not NUL-terminated");
	check(malformed(ICMPGUARD_RULE_A_LEN_MIN, &v32, 4), "rule: u32 length");
	check(malformed(ICMPGUARD_RULE_A_PACKETS, "abc", 3),
	      "rule: a counter of 3 bytes");
	check(malformed(ICMPGUARD_RULE_A_FAMILY, "\x02\x02", 2),
	      "rule: a family of 2 bytes");
	free(rs);
}

static int run_profile_show(void *arg)
{
	static char *words[3] = { "router", "show", NULL };

	(void)arg;
	return do_profile(2, words);
}

static void test_profile(void)
{
	struct rules *rs = calloc(1, sizeof(*rs));
	char err[256], *out, *line, *next, *text, *again;
	unsigned int n4 = 0, n6 = 0;
	struct rule r, back;
	int ok = 1, ret;

	if (!rs)
		abort();
	/* Its text has a rule a line, each reading back as it is */
	out = capture_stdout(run_profile_show, NULL, &ret);
	check(!ret, "profile router show");
	check(!!strstr(out, cat("\ninput icmpv6 type 130-132,mld2-listener-report,151-153 ",
				"from fe80::/10 accept ", NULL)),
	      "profile: MLD from link-local sources");
	for (line = out; *line; line = next) {
		next = strchr(line, '\n') + 1;
		next[-1] = '\0';
		if (line[0] == '#' || !line[0])
			continue;
		line[strcspn(line, "#")] = '\0';
		while (line[strlen(line) - 1] == ' ')
			line[strlen(line) - 1] = '\0';
		if (parse_line(line, &r, err, sizeof(err))) {
			printf("  %s: %s\n", line, err);
			ok = 0;
			continue;
		}
		n4 += r.family == AF_INET;
		n6 += r.family == AF_INET6;
		text = words_of_rule(&r);
		if (parse_line(text, &back, err, sizeof(err)))
			ok = 0;
		again = words_of_rule(&back);
		ok &= !strcmp(text, again);
		free(text);
		free(again);
	}
	check(ok, "profile: every rule, printed, reads back the same");
	check(n4 == 12 && n6 == 17, "profile: 12 IPv4 rules, 17 IPv6 rules");
	free(out);
	free(rs);
}

void test_rules(void)
{
	test_round_trips();
	test_bad_rules();
	test_encoding();
	test_dump();
	test_profile();
}
