// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of rules: words to attributes and back to the same words,
 * the errors of bad words, the rules of the module printed in text and
 * JSON, rule files and the REPLACE_RULES nest, and the router profile.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <libmnl/libmnl.h>

#include "../module/uapi/icmpguard.h"
#include "cmd.h"
#include "profile.h"
#include "rule.h"
#include "rulecmd.h"
#include "test.h"
#include "util.h"

#define MAX_WORDS	64

/* line cut into words, in buf: their number. */
static int words_of(const char *line, char *buf, size_t len, char **words)
{
	char *save, *w;
	int n = 0;

	snprintf(buf, len, "%s", line);
	for (w = strtok_r(buf, " ", &save); w && n < MAX_WORDS;
	     w = strtok_r(NULL, " ", &save))
		words[n++] = w;
	return n;
}

static int parse_line(const char *line, struct icg_rule *r, char *err,
		      size_t len)
{
	char buf[1024], *words[MAX_WORDS];
	int n = words_of(line, buf, sizeof(buf), words);

	return icg_rule_parse(n, words, r, err, len);
}

/* r encoded in a message as ADD_RULE sends it, and decoded back. */
static int encode_decode(const struct icg_rule *r, struct icg_rule *back,
			 size_t *size)
{
	struct nlmsghdr *nlh = msg_start(ICMPGUARD_CMD_ADD_RULE);
	__u32 start = nlh->nlmsg_len;

	icg_rule_put(nlh, ICMPGUARD_A_RULE, r);
	*size = nlh->nlmsg_len - start;
	return icg_rule_msg_parse(nlh, back);
}

/* Lines that come back as they are. */
static const char * const canonical[] = {
	"input accept",
	"input drop",
	"forward reply",
	"input type echo-request accept",
	"input type echo-reply,12-14,extended-echo-request,extended-echo-reply accept",
	"input type source-quench,6,15-18,30-39 drop",
	"input type 0-3,200-255 drop",
	"input type 1,2,7 drop",
	"input type dest-unreach code frag-needed accept",
	"input type dest-unreach code net-unreachable,host-unreachable,3-15 drop",
	"input type time-exceeded code reassembly-timeout drop",
	"input type parameter-problem code pointer,bad-length drop",
	"input type echo-reply,echo-request code 0 accept",
	"input type redirect code 0-3 drop",
	"input code 0-3,7 drop",
	"input from 10.0.0.0/8 to 192.0.2.1/32 drop",
	"forward from 0.0.0.0/0 iif eth0 oif wan.100 accept",
	"input length 0-100 drop",
	"input length 1500 drop",
	"input reject",
	"input reject code host-prohibited",
	"input type echo-request limit 10/s burst 20 per-source /32",
	"input type echo-request limit 10/s burst 20 per-source /24 reject",
	"input type echo-request limit 1/s burst 1 reject code port-unreachable",
	"input limit 5/s burst 7",
	"forward limit 1000000000/s burst 4294967295 per-source /1",
	"forward type timestamp-request reply",
};

/* Words and the line they come back as. */
static const struct {
	const char *in;
	const char *out;
} canonized[] = {
	{ "input type 8 accept", "input type echo-request accept" },
	{ "input type dest-unreachable accept",
	  "input type dest-unreach accept" },
	{ "input type 0-255 drop", "input drop" },
	{ "input type 0-100,50-255 code 0-255 drop", "input drop" },
	{ "input type 3 code 4 accept",
	  "input type dest-unreach code frag-needed accept" },
	{ "input code frag-needed type dest-unreach accept",
	  "input type dest-unreach code frag-needed accept" },
	{ "input type 14,13,13 accept",
	  "input type timestamp-request,timestamp-reply accept" },
	{ "input type 3-3 drop", "input type dest-unreach drop" },
	{ "input length 64-64 drop", "input length 64 drop" },
	{ "input from 192.0.2.1 drop", "input from 192.0.2.1/32 drop" },
	{ "input iif lo to 127.0.0.0/8 accept",
	  "input to 127.0.0.0/8 iif lo accept" },
	{ "input reject code admin-prohibited", "input reject" },
	{ "input reject code 3", "input reject code port-unreachable" },
	{ "input limit 10", "input limit 10/s burst 10" },
	{ "input limit 10 per-source/24",
	  "input limit 10/s burst 10 per-source /24" },
	{ "input limit 10/second reject per-source burst 3",
	  "input limit 10/s burst 3 per-source /32 reject" },
	{ "input limit 10/s per-source /8 reject code 13",
	  "input limit 10/s burst 10 per-source /8 reject" },
	{ "forward type 8 reply", "forward type echo-request reply" },
};

static void test_round_trip(void)
{
	struct icg_rule r, back;
	char err[256], text[ICG_RULE_TEXT_MAX], name[160];
	unsigned int i;
	size_t size;
	int ok;

	for (i = 0; i < ARRAY_SIZE(canonical) + ARRAY_SIZE(canonized); i++) {
		const char *in = i < ARRAY_SIZE(canonical) ? canonical[i] :
			canonized[i - ARRAY_SIZE(canonical)].in;
		const char *out = i < ARRAY_SIZE(canonical) ? canonical[i] :
			canonized[i - ARRAY_SIZE(canonical)].out;

		snprintf(name, sizeof(name), "rule \"%s\"", in);
		err[0] = '\0';
		ok = !parse_line(in, &r, err, sizeof(err));
		check(ok, name);
		if (!ok) {
			printf("  error: %s\n", err);
			continue;
		}
		check_str(icg_rule_format(&r, text, sizeof(text)), out, name);
		ok = !encode_decode(&r, &back, &size);
		snprintf(name, sizeof(name), "rule \"%s\": decoded", in);
		check(ok, name);
		snprintf(name, sizeof(name), "rule \"%s\": round trip", in);
		check_str(icg_rule_format(&back, text, sizeof(text)), out,
			  name);
		snprintf(name, sizeof(name), "rule \"%s\": size", in);
		check(size == icg_rule_size(&r), name);
		snprintf(name, sizeof(name), "rule \"%s\": no handle", in);
		check(!(back.has & (RULE_HAS_HANDLE | RULE_HAS_COUNTERS)),
		      name);
	}
}

#define ACTIONS	"accept, drop, reject, limit or reply"
#define CODES	"(expected 0-255, A-B or a name with one type of 3, 11 or 12)"

/* Bad words and what is said of them. */
static const struct {
	const char *in;
	const char *err;
} bad_rules[] = {
	{ "", "missing direction (expected \"input\" or \"forward\")" },
	{ "sideways drop",
	  "invalid direction \"sideways\" (expected \"input\" or \"forward\")" },
	{ "input", "missing action (expected " ACTIONS ")" },
	{ "input type 8", "missing action (expected " ACTIONS ")" },
	{ "input type 300 drop",
	  "invalid type \"300\" (expected 0-255, A-B or a type name)" },
	{ "input type 1-x drop",
	  "invalid type \"1-x\" (expected 0-255, A-B or a type name)" },
	{ "input type 9-3 drop",
	  "invalid type \"9-3\" (expected 0-255, A-B or a type name)" },
	{ "input type 8,,9 drop",
	  "invalid type \"\" (expected 0-255, A-B or a type name)" },
	{ "input type 8, drop",
	  "invalid type \"\" (expected 0-255, A-B or a type name)" },
	{ "input type echo drop",
	  "invalid type \"echo\" (expected 0-255, A-B or a type name)" },
	{ "input type 0x8 drop",
	  "invalid type \"0x8\" (expected 0-255, A-B or a type name)" },
	{ "input type -1 drop",
	  "invalid type \"-1\" (expected 0-255, A-B or a type name)" },
	{ "input type", "missing value after \"type\"" },
	{ "input type 8 type 9 drop", "\"type\" given twice" },
	{ "input code frag-needed drop",
	  "invalid code \"frag-needed\" " CODES },
	{ "input type 3,11 code frag-needed drop",
	  "invalid code \"frag-needed\" " CODES },
	{ "input type time-exceeded code frag-needed drop",
	  "invalid code \"frag-needed\" (expected 0-255, A-B or a time-exceeded code name)" },
	{ "input type echo-request code 256 drop",
	  "invalid code \"256\" " CODES },
	{ "input from 10.0.0.1/8 drop",
	  "10.0.0.1/8: host bits set (did you mean 10.0.0.0/8?)" },
	{ "input to 10.0.0/8 drop",
	  "invalid prefix \"10.0.0/8\" (expected A.B.C.D[/LEN])" },
	{ "input from 10.0.0.0/8 from 11.0.0.0/8 drop",
	  "\"from\" given twice" },
	{ "input oif eth0 drop", "\"oif\" goes with \"forward\" only" },
	{ "forward iif 0123456789abcdef drop",
	  "invalid interface name \"0123456789abcdef\" (1-15 bytes, no \"/\", \":\" or blank)" },
	{ "forward iif a/b drop",
	  "invalid interface name \"a/b\" (1-15 bytes, no \"/\", \":\" or blank)" },
	{ "forward oif .. drop",
	  "invalid interface name \"..\" (1-15 bytes, no \"/\", \":\" or blank)" },
	{ "input length 70000 drop",
	  "invalid length \"70000\" (expected MIN[-MAX], 0-65535)" },
	{ "input length 100-10 drop",
	  "invalid length \"100-10\" (expected MIN[-MAX], 0-65535)" },
	{ "input limit 0 drop",
	  "invalid rate \"0\" (expected NUMBER[/s], 1 to 1000000000)" },
	{ "input limit unlimited",
	  "invalid rate \"unlimited\" (expected NUMBER[/s], 1 to 1000000000)" },
	{ "input limit 1000000001/s",
	  "invalid rate \"1000000001/s\" (expected NUMBER[/s], 1 to 1000000000)" },
	{ "input limit", "missing rate after \"limit\"" },
	{ "input limit 10 burst 0",
	  "invalid burst \"0\" (expected a positive integer)" },
	{ "input limit 10 burst", "missing burst after \"burst\"" },
	{ "input limit 10 per-source /0",
	  "invalid prefix length in \"/0\" (expected /1 to /32)" },
	{ "input limit 10 per-source/33",
	  "invalid prefix length in \"per-source/33\" (expected /1 to /32)" },
	{ "input limit 10 drop", "unexpected word \"drop\" after the action" },
	{ "input limit 10 burst 5 burst 6",
	  "unexpected word \"burst\" after the action" },
	{ "input limit 10 per-sources",
	  "unexpected word \"per-sources\" after the action" },
	{ "input reject code 4",
	  "code \"4\" cannot reject (frag-needed needs an MTU)" },
	{ "input reject code frag-needed",
	  "code \"frag-needed\" cannot reject (frag-needed needs an MTU)" },
	{ "input reject code 16",
	  "invalid code \"16\" (expected 0-15 or a dest-unreach code name)" },
	{ "input reject code", "missing code after \"code\"" },
	{ "input accept now", "unexpected word \"now\" after the action" },
	{ "input drop type 8", "unexpected word \"type\" after the action" },
	{ "input frobnicate",
	  "unknown word \"frobnicate\" (expected a match or " ACTIONS ")" },
	{ "Input drop",
	  "invalid direction \"Input\" (expected \"input\" or \"forward\")" },
};

static void test_bad_rules(void)
{
	char err[256], name[128];
	struct icg_rule r;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad_rules); i++) {
		snprintf(name, sizeof(name), "bad rule \"%s\"", bad_rules[i].in);
		err[0] = '\0';
		check(parse_line(bad_rules[i].in, &r, err, sizeof(err)) == -1,
		      name);
		check_str(err, bad_rules[i].err, name);
	}
}

/* Attribute walk of one nest, into tb by type. */
static int tb_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_get_type(a) <= ICMPGUARD_RULE_A_MAX)
		tb[mnl_attr_get_type(a)] = a;
	return MNL_CB_OK;
}

/* The attributes of one rule, as the module will read them. */
static void test_encoding(void)
{
	const struct nlattr *tb[ICMPGUARD_RULE_A_MAX + 1] = { NULL };
	const struct nlattr *pfx[ICMPGUARD_PFX_A_MAX + 1] = { NULL };
	static char * const words[] = {
		"forward", "type", "echo-request", "code", "0",
		"from", "10.0.0.0/8", "oif", "eth0", "length", "64-1500",
		"limit", "10/s", "per-source", "/24",
		"reject", "code", "port-unreachable",
	};
	__u8 types[ICG_BITMAP_BYTES] = { 0 }, codes[ICG_BITMAP_BYTES] = { 0 };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct icg_rule r;
	char err[256];
	int ok;

	check(!icg_rule_parse(ARRAY_SIZE(words), words, &r, err, sizeof(err)),
	      "encoding: parse");
	nlh = msg_start(ICMPGUARD_CMD_ADD_RULE);
	icg_rule_put(nlh, ICMPGUARD_A_RULE, &r);
	nest = (struct nlattr *)((char *)nlh + MNL_NLMSG_HDRLEN +
				 MNL_ALIGN(sizeof(struct genlmsghdr)));
	/* Strict validation refuses a nest without NLA_F_NESTED. */
	check(mnl_attr_get_type(nest) == ICMPGUARD_A_RULE &&
	      (nest->nla_type & NLA_F_NESTED),
	      "encoding: one ICMPGUARD_A_RULE, NLA_F_NESTED");
	mnl_attr_parse_nested(nest, tb_cb, tb);
	types[1] = 1;		/* type 8: byte 1, bit 0 */
	codes[0] = 1;
	check(tb[ICMPGUARD_RULE_A_DIR] &&
	      mnl_attr_get_payload_len(tb[ICMPGUARD_RULE_A_DIR]) == 1 &&
	      mnl_attr_get_u8(tb[ICMPGUARD_RULE_A_DIR]) == ICMPGUARD_DIR_FORWARD,
	      "encoding: DIR u8");
	check(tb[ICMPGUARD_RULE_A_TYPES] &&
	      mnl_attr_get_payload_len(tb[ICMPGUARD_RULE_A_TYPES]) == 32 &&
	      !memcmp(mnl_attr_get_payload(tb[ICMPGUARD_RULE_A_TYPES]), types,
		      32), "encoding: TYPES bitmap");
	check(tb[ICMPGUARD_RULE_A_CODES] &&
	      !memcmp(mnl_attr_get_payload(tb[ICMPGUARD_RULE_A_CODES]), codes,
		      32), "encoding: CODES bitmap");
	ok = tb[ICMPGUARD_RULE_A_SRC] &&
	     mnl_attr_parse_nested(tb[ICMPGUARD_RULE_A_SRC], tb_cb, pfx) >= 0 &&
	     pfx[ICMPGUARD_PFX_A_ADDR] && pfx[ICMPGUARD_PFX_A_PLEN] &&
	     mnl_attr_get_u32(pfx[ICMPGUARD_PFX_A_ADDR]) == htonl(0x0a000000) &&
	     mnl_attr_get_u8(pfx[ICMPGUARD_PFX_A_PLEN]) == 8;
	check(ok && (tb[ICMPGUARD_RULE_A_SRC]->nla_type & NLA_F_NESTED) &&
	      !(tb[ICMPGUARD_RULE_A_TYPES]->nla_type & NLA_F_NESTED),
	      "encoding: SRC nest");
	check(!tb[ICMPGUARD_RULE_A_DST] && !tb[ICMPGUARD_RULE_A_IIF] &&
	      !tb[ICMPGUARD_RULE_A_HANDLE], "encoding: nothing else");
	check(tb[ICMPGUARD_RULE_A_OIF] &&
	      mnl_attr_get_payload_len(tb[ICMPGUARD_RULE_A_OIF]) == 5 &&
	      !strcmp(mnl_attr_get_str(tb[ICMPGUARD_RULE_A_OIF]), "eth0"),
	      "encoding: OIF NUL-terminated");
	check(tb[ICMPGUARD_RULE_A_LEN_MIN] && tb[ICMPGUARD_RULE_A_LEN_MAX] &&
	      mnl_attr_get_payload_len(tb[ICMPGUARD_RULE_A_LEN_MIN]) == 2 &&
	      mnl_attr_get_u16(tb[ICMPGUARD_RULE_A_LEN_MIN]) == 64 &&
	      mnl_attr_get_u16(tb[ICMPGUARD_RULE_A_LEN_MAX]) == 1500,
	      "encoding: LEN_MIN, LEN_MAX u16");
	check(tb[ICMPGUARD_RULE_A_ACTION] &&
	      mnl_attr_get_u8(tb[ICMPGUARD_RULE_A_ACTION]) == ICMPGUARD_ACT_LIMIT,
	      "encoding: ACTION");
	check(tb[ICMPGUARD_RULE_A_REJECT_CODE] &&
	      mnl_attr_get_u8(tb[ICMPGUARD_RULE_A_REJECT_CODE]) == 3,
	      "encoding: REJECT_CODE");
	check(tb[ICMPGUARD_RULE_A_LIMIT_RATE] && tb[ICMPGUARD_RULE_A_LIMIT_BURST] &&
	      mnl_attr_get_u32(tb[ICMPGUARD_RULE_A_LIMIT_RATE]) == 10 &&
	      mnl_attr_get_u32(tb[ICMPGUARD_RULE_A_LIMIT_BURST]) == 10,
	      "encoding: rate, burst sent as the rate");
	check(tb[ICMPGUARD_RULE_A_LIMIT_FLAGS] &&
	      mnl_attr_get_payload_len(tb[ICMPGUARD_RULE_A_LIMIT_FLAGS]) == 4 &&
	      mnl_attr_get_u32(tb[ICMPGUARD_RULE_A_LIMIT_FLAGS]) ==
	      (ICMPGUARD_LIMIT_F_PER_SOURCE | ICMPGUARD_LIMIT_F_REJECT),
	      "encoding: LIMIT_FLAGS u32");
	check(tb[ICMPGUARD_RULE_A_LIMIT_PLEN] &&
	      mnl_attr_get_u8(tb[ICMPGUARD_RULE_A_LIMIT_PLEN]) == 24,
	      "encoding: LIMIT_PLEN");

	/* per-source without a length: 32, sent */
	memset(tb, 0, sizeof(tb));
	check(!parse_line("input limit 3 per-source", &r, err, sizeof(err)),
	      "encoding: parse per-source");
	nlh = msg_start(ICMPGUARD_CMD_ADD_RULE);
	icg_rule_put(nlh, ICMPGUARD_A_RULE, &r);
	mnl_attr_parse_nested(nest, tb_cb, tb);
	check(tb[ICMPGUARD_RULE_A_LIMIT_PLEN] &&
	      mnl_attr_get_u8(tb[ICMPGUARD_RULE_A_LIMIT_PLEN]) == 32 &&
	      !tb[ICMPGUARD_RULE_A_REJECT_CODE] && !tb[ICMPGUARD_RULE_A_TYPES],
	      "encoding: per-source /32 by default");
}

/* A rule as the module dumps it; dir or action > 200: not sent. */
static void put_rule(struct nlmsghdr *nlh, __u32 handle, unsigned int dir,
		     unsigned int action, __u64 packets, __u64 bytes,
		     __u64 limited)
{
	mnl_attr_put_u32(nlh, ICMPGUARD_RULE_A_HANDLE, handle);
	if (dir < 200)
		mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_DIR, (__u8)dir);
	if (action < 200)
		mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_ACTION, (__u8)action);
	put_u64(nlh, ICMPGUARD_RULE_A_PACKETS, ICMPGUARD_RULE_A_PAD, packets);
	put_u64(nlh, ICMPGUARD_RULE_A_BYTES, ICMPGUARD_RULE_A_PAD, bytes);
	put_u64(nlh, ICMPGUARD_RULE_A_LIMITED, ICMPGUARD_RULE_A_PAD, limited);
}

static void put_types(struct nlmsghdr *nlh, __u16 attr, unsigned int a,
		      unsigned int b)
{
	__u8 bm[ICG_BITMAP_BYTES] = { 0 };

	bm[a / 8] |= 1U << (a % 8);
	bm[b / 8] |= 1U << (b % 8);
	mnl_attr_put(nlh, attr, sizeof(bm), bm);
}

static void put_pfx(struct nlmsghdr *nlh, __u16 attr, const char *addr,
		    int plen)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, attr);
	struct in_addr in;

	inet_pton(AF_INET, addr, &in);
	mnl_attr_put(nlh, ICMPGUARD_PFX_A_ADDR, sizeof(in), &in);
	if (plen >= 0)
		mnl_attr_put_u8(nlh, ICMPGUARD_PFX_A_PLEN, (__u8)plen);
	mnl_attr_nest_end(nlh, nest);
}

/* The GET_RULES dump: message i, decoded into r. */
static int dump_msg(unsigned int i, struct icg_rule *r)
{
	struct nlmsghdr *nlh = msg_start(ICMPGUARD_CMD_GET_RULES);
	struct nlattr *nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_RULE);

	switch (i) {
	case 0:	/* the forward rule first, printed last */
		put_rule(nlh, 7, ICMPGUARD_DIR_FORWARD, ICMPGUARD_ACT_ACCEPT, 5,
			 420, 0);
		put_types(nlh, ICMPGUARD_RULE_A_TYPES, 0, 8);
		break;
	case 1:
		put_rule(nlh, 3, ICMPGUARD_DIR_INPUT, ICMPGUARD_ACT_LIMIT, 120,
			 10080, 7);
		put_types(nlh, ICMPGUARD_RULE_A_TYPES, 8, 8);
		mnl_attr_put_u32(nlh, ICMPGUARD_RULE_A_LIMIT_RATE, 10);
		mnl_attr_put_u32(nlh, ICMPGUARD_RULE_A_LIMIT_BURST, 20);
		mnl_attr_put_u32(nlh, ICMPGUARD_RULE_A_LIMIT_FLAGS,
				 ICMPGUARD_LIMIT_F_PER_SOURCE);
		mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_LIMIT_PLEN, 32);
		mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_REJECT_CODE, 13);
		break;
	case 2:	/* the default code: not printed */
		put_rule(nlh, 4, ICMPGUARD_DIR_INPUT, ICMPGUARD_ACT_REJECT, 0,
			 0, 0);
		put_pfx(nlh, ICMPGUARD_RULE_A_SRC, "10.0.0.0", 8);
		mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_REJECT_CODE, 13);
		mnl_attr_put_u32(nlh, ICMPGUARD_RULE_A_MAX + 3, 1); /* newer */
		break;
	case 3:	/* a minimum alone */
		put_rule(nlh, 9, ICMPGUARD_DIR_INPUT, ICMPGUARD_ACT_DROP, 1, 2,
			 0);
		mnl_attr_put_u16(nlh, ICMPGUARD_RULE_A_LEN_MIN, 100);
		mnl_attr_put_strz(nlh, ICMPGUARD_RULE_A_IIF, "eth1");
		break;
	case 4:	/* newer than this icmpctl */
		put_rule(nlh, 12, 5, 9, 0, 0, 0);
		put_types(nlh, ICMPGUARD_RULE_A_CODES, 20, 20);
		break;
	}
	mnl_attr_nest_end(nlh, nest);
	return icg_rule_msg_parse(nlh, r);
}

#define DUMP_RULES	5

static const char dump_text[] =
	"input type echo-request limit 10/s burst 20 per-source /32 # handle 3 packets 120 bytes 10080 limited 7\n"
	"input from 10.0.0.0/8 reject # handle 4 packets 0 bytes 0\n"
	"input iif eth1 length 100-65535 drop # handle 9 packets 1 bytes 2\n"
	"\n"
	"forward type echo-reply,echo-request accept # handle 7 packets 5 bytes 420\n"
	"\n"
	"dir-5 code 20 action-9 # handle 12 packets 0 bytes 0\n";

static const char * const dump_json[] = {
	"{\"rules\":[",
	"{\"handle\":3,\"dir\":\"input\",\"types\":[8],\"codes\":null,",
	"\"from\":null,\"to\":null,\"iif\":null,\"oif\":null,\"length\":null,",
	"\"action\":\"limit\",\"reject_code\":null,",
	"\"limit\":{\"rate\":10,\"burst\":20,\"per_source\":true,\"plen\":32,",
	"\"reject\":false},\"packets\":120,\"bytes\":10080,\"limited\":7},",
	"{\"handle\":4,\"dir\":\"input\",\"types\":null,\"codes\":null,",
	"\"from\":\"10.0.0.0/8\",\"to\":null,\"iif\":null,\"oif\":null,",
	"\"length\":null,\"action\":\"reject\",\"reject_code\":13,",
	"\"limit\":null,\"packets\":0,\"bytes\":0,\"limited\":0},",
	"{\"handle\":9,\"dir\":\"input\",\"types\":null,\"codes\":null,",
	"\"from\":null,\"to\":null,\"iif\":\"eth1\",\"oif\":null,",
	"\"length\":{\"min\":100,\"max\":65535},\"action\":\"drop\",",
	"\"reject_code\":null,\"limit\":null,",
	"\"packets\":1,\"bytes\":2,\"limited\":0},",
	"{\"handle\":7,\"dir\":\"forward\",\"types\":[0,8],\"codes\":null,",
	"\"from\":null,\"to\":null,\"iif\":null,\"oif\":null,\"length\":null,",
	"\"action\":\"accept\",\"reject_code\":null,\"limit\":null,",
	"\"packets\":5,\"bytes\":420,\"limited\":0},",
	"{\"handle\":12,\"dir\":\"dir-5\",\"types\":null,\"codes\":[20],",
	"\"from\":null,\"to\":null,\"iif\":null,\"oif\":null,\"length\":null,",
	"\"action\":\"action-9\",\"reject_code\":null,\"limit\":null,",
	"\"packets\":0,\"bytes\":0,\"limited\":0}]}\n",
	NULL
};

static const char * const empty_json[] = { "{\"rules\":[]}\n", NULL };

struct rules {
	struct icg_rule r[DUMP_RULES];
	unsigned int n;
};

static void print_rules(struct printer *p, void *obj)
{
	struct rules *rs = obj;

	icg_rules_print(p, rs->r, rs->n);
}

/* A malformed rule: attribute attr of len bytes, or the rule without it */
static int malformed(__u16 attr, const void *data, size_t len)
{
	struct nlmsghdr *nlh = msg_start(ICMPGUARD_CMD_GET_RULES);
	struct nlattr *nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_RULE);
	struct icg_rule r;

	if (attr != ICMPGUARD_RULE_A_DIR)
		mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_DIR, 0);
	if (attr != ICMPGUARD_RULE_A_ACTION)
		mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_ACTION, 0);
	if (data)
		mnl_attr_put(nlh, attr, len, data);
	mnl_attr_nest_end(nlh, nest);
	return icg_rule_msg_parse(nlh, &r) == -EBADMSG;
}

static void test_dump(void)
{
	static const __u8 bm31[31], name17[17] = "0123456789abcdef";
	static const __u8 noterm[4] = "eth0";
	struct rules rs;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	unsigned int i;
	__u32 v32 = 1;
	int ok = 1;

	for (i = 0; i < DUMP_RULES; i++)
		ok &= !dump_msg(i, &rs.r[i]);
	check(ok, "rule dump: decode");
	rs.n = DUMP_RULES;
	check_output(print_rules, &rs, dump_text, dump_json, "rule dump");
	rs.n = 0;
	check_output(print_rules, &rs, "", empty_json, "rule dump empty");

	check(malformed(ICMPGUARD_RULE_A_DIR, NULL, 0), "rule: no DIR");
	check(malformed(ICMPGUARD_RULE_A_ACTION, NULL, 0), "rule: no ACTION");
	check(malformed(ICMPGUARD_RULE_A_TYPES, bm31, sizeof(bm31)),
	      "rule: TYPES of 31 bytes");
	check(malformed(ICMPGUARD_RULE_A_IIF, name17, sizeof(name17)),
	      "rule: IIF of 16 bytes and NUL");
	check(malformed(ICMPGUARD_RULE_A_OIF, noterm, sizeof(noterm)),
	      "rule: OIF not NUL-terminated");
	check(malformed(ICMPGUARD_RULE_A_HANDLE, "ab", 2), "rule: HANDLE u16");
	check(malformed(ICMPGUARD_RULE_A_LEN_MIN, &v32, 4), "rule: LEN_MIN u32");
	check(malformed(ICMPGUARD_RULE_A_PACKETS, "abc", 3),
	      "rule: counter of 3 bytes");

	/* a prefix without its length; min above max; two rules */
	nlh = msg_start(ICMPGUARD_CMD_GET_RULES);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_RULE);
	put_rule(nlh, 1, 0, 0, 0, 0, 0);
	put_pfx(nlh, ICMPGUARD_RULE_A_DST, "10.0.0.0", -1);
	mnl_attr_nest_end(nlh, nest);
	check(icg_rule_msg_parse(nlh, &rs.r[0]) == -EBADMSG,
	      "rule: DST without PLEN");
	nlh = msg_start(ICMPGUARD_CMD_GET_RULES);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_RULE);
	put_rule(nlh, 1, 0, 0, 0, 0, 0);
	mnl_attr_put_u16(nlh, ICMPGUARD_RULE_A_LEN_MIN, 200);
	mnl_attr_put_u16(nlh, ICMPGUARD_RULE_A_LEN_MAX, 100);
	mnl_attr_nest_end(nlh, nest);
	check(icg_rule_msg_parse(nlh, &rs.r[0]) == -EBADMSG,
	      "rule: LEN_MIN above LEN_MAX");
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_RULE);
	put_rule(nlh, 2, 0, 0, 0, 0, 0);
	mnl_attr_nest_end(nlh, nest);
	check(icg_rule_msg_parse(nlh, &rs.r[0]) == -EBADMSG,
	      "rule: two in one message");
	nlh = msg_start(ICMPGUARD_CMD_GET_RULES);
	check(icg_rule_msg_parse(nlh, &rs.r[0]) == -EBADMSG,
	      "rule: message without one");
}

/* "rule list" fed back to "rule replace" */
static void test_list_read_back(void)
{
	char a[ICG_RULE_TEXT_MAX], b[ICG_RULE_TEXT_MAX], *text;
	struct rule_set set = { 0 };
	struct rules rs;
	unsigned int i;
	FILE *f;
	int ok;

	for (i = 0; i < 4; i++)
		dump_msg(i, &rs.r[i]);
	rs.n = 4;
	text = render_fn(print_rules, &rs, 0);
	f = fmemopen(text, strlen(text), "r");
	ok = f && !rule_set_read(f, "list", &set) && set.n == 4;
	check(ok, "rule list read back: parsed");
	/* The input rules first: the forward rule 0 comes last. */
	for (i = 0; ok && i < 4; i++)
		ok = !strcmp(icg_rule_format(&set.rules[i], a, sizeof(a)),
			     icg_rule_format(&rs.r[(i + 1) % 4], b, sizeof(b)));
	check(ok, "rule list read back: same rules");
	if (f)
		fclose(f);
	rule_set_free(&set);
	free(text);
}

/* rule_set_read() of text, stderr silenced: its return value. */
static int read_text(const char *text, struct rule_set *set)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int saved = dup(2), null = open("/dev/null", O_WRONLY), ret;

	if (!f)
		abort();
	fflush(stderr);
	dup2(null, 2);
	ret = rule_set_read(f, "test", set);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(null);
	fclose(f);
	return ret;
}

/* The rules of a REPLACE_RULES request into back, n of them: 0, or -1. */
static int rules_walk(const struct nlmsghdr *nlh, unsigned int *n,
		      struct rule_set *back)
{
	const struct nlattr *a;
	struct icg_rule r;

	*n = 0;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != ICMPGUARD_A_RULE ||
		    icg_rule_attr_parse(a, &r) || rule_set_add(back, &r, 0))
			return -1;
		(*n)++;
	}
	return 0;
}

void test_rule_files(void)
{
	static const char file[] =
		"# a rule file\n"
		"\n"
		"input type echo-request accept   # comment\n"
		"rule add forward drop\n"
		"\t\t\n"
		"input limit 10/s burst 20 per-source /24 # handle 3 packets 1\n"
		"forward type 3 code 4 accept";	/* no newline at the end */
	struct rule_set set = { 0 }, back = { 0 };
	char a[ICG_RULE_TEXT_MAX], b[ICG_RULE_TEXT_MAX];
	struct icg_rule big;
	struct nlmsghdr *nlh;
	struct nlattr *rules;
	__u32 offs[16];
	unsigned int i, n;
	int ok;

	check(!read_text(file, &set) && set.n == 4, "file: read");
	check(set.n == 4 && set.lines[0] == 3 && set.lines[1] == 4 &&
	      set.lines[2] == 6 && set.lines[3] == 7, "file: line numbers");
	check(set.n == 4 && set.rules[1].dir == ICMPGUARD_DIR_FORWARD &&
	      set.rules[1].action == ICMPGUARD_ACT_DROP,
	      "file: \"rule add\" skipped");

	/* One top-level attribute per rule, in order */
	nlh = msg_start(ICMPGUARD_CMD_REPLACE_RULES);
	rule_set_put(nlh, &set, offs);
	rules = (struct nlattr *)((char *)nlh + MNL_NLMSG_HDRLEN +
				  MNL_ALIGN(sizeof(struct genlmsghdr)));
	check(nlh->nlmsg_len == (char *)rules - (char *)nlh +
	      rule_set_size(&set), "file: the rules fill the request");
	ok = 1;
	for (i = 0; ok && i < set.n; i++) {
		struct nlattr *at = (struct nlattr *)((char *)nlh + offs[i]);

		ok = mnl_attr_get_type(at) == ICMPGUARD_A_RULE &&
		     (at->nla_type & NLA_F_NESTED) &&
		     offs[i + 1] - offs[i] == icg_rule_size(&set.rules[i]);
	}
	check(ok && offs[0] == (char *)rules - (char *)nlh &&
	      offs[set.n] == nlh->nlmsg_len,
	      "file: one ICMPGUARD_A_RULE per rule, in order");
	ok = !rules_walk(nlh, &n, &back) && n == set.n;
	for (i = 0; ok && i < n; i++)
		ok = !strcmp(icg_rule_format(&set.rules[i], a, sizeof(a)),
			     icg_rule_format(&back.rules[i], b, sizeof(b)));
	check(ok, "file: the request holds the rules in order");
	rule_set_free(&back);
	rule_set_free(&set);

	check(read_text("input drop\ninput drop\ninput type 300 drop\n",
			&set) == EXIT_USAGE, "file: bad line 3");
	rule_set_free(&set);
	check(read_text("rule add\n", &set) == EXIT_USAGE,
	      "file: \"rule add\" alone");
	rule_set_free(&set);
	check(!read_text("", &set) && !set.n, "file: empty, an empty set");
	check(rule_set_size(&set) == 0, "file: an empty set, no attribute");
	rule_set_free(&set);

	/* No nest, so no 16-bit limit: 10 000 rules make one request */
	ok = !parse_line("input type echo-request drop", &big, a, sizeof(a));
	check(ok, "file: big set rule");
	for (i = 0; ok && i < 10000; i++)
		ok = !rule_set_add(&set, &big, i + 1);
	check(ok && rule_set_size(&set) > 65535,
	      "file: 10 000 rules, more than a nest could hold");
	rule_set_free(&set);
}

#define EXT_ECHO	"extended-echo-request,extended-echo-reply"

static void test_profile(void)
{
	static const struct {
		unsigned int i;
		const char *text;
	} want[] = {
		{ 0, "input type dest-unreach code frag-needed accept" },
		{ 2, "input type source-quench,6,15-18,30-39 drop" },
		{ 3, "input type dest-unreach limit 100/s burst 200 per-source /32" },
		{ 4, "input type echo-request limit 20/s burst 50 per-source /32" },
		{ 11, "forward type echo-reply,12-14," EXT_ECHO " accept" },
	};
	char text[ICG_RULE_TEXT_MAX], again[ICG_RULE_TEXT_MAX], err[256];
	struct rule_set set = { 0 };
	struct icg_rule r;
	unsigned int i;
	int ok;

	check(!profile_rules(&set) && set.n == 2 * router_profile_len &&
	      set.n == 12, "profile: 12 rules");
	for (i = 0; i < ARRAY_SIZE(want) && i < set.n; i++)
		check_str(icg_rule_format(&set.rules[want[i].i], text,
					  sizeof(text)), want[i].text,
			  "profile: rule");
	ok = 1;
	for (i = 0; i < set.n; i++) {
		icg_rule_format(&set.rules[i], text, sizeof(text));
		ok &= !parse_line(text, &r, err, sizeof(err)) &&
		      !strcmp(icg_rule_format(&r, again, sizeof(again)), text);
		ok &= set.rules[i].dir == (i < 6 ? ICMPGUARD_DIR_INPUT :
					   ICMPGUARD_DIR_FORWARD);
	}
	check(ok, "profile: printed rules read back the same");
	check(rule_set_size(&set) < 2048, "profile: a small request");
	rule_set_free(&set);
}

void test_rules(void)
{
	test_round_trip();
	test_bad_rules();
	test_encoding();
	test_dump();
	test_list_read_back();
	test_profile();
}
