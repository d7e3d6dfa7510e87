// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of icmpctl -f: reading and checking a file of commands, the
 * one SET_CONFIG request its set lines make, the owned lines checked
 * against the module's prefixes, and the rule set its rule lines make.
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
#include "batch.h"
#include "cmd.h"
#include "parse.h"
#include "test.h"
#include "util.h"

struct reading {
	const char *text;
	struct batch *b;
};

static int read_it(void *arg)
{
	struct reading *r = arg;
	FILE *f = fmemopen((void *)r->text, strlen(r->text), "r");
	int ret;

	if (!f)
		abort();
	ret = batch_read(f, r->b);
	fclose(f);
	return ret;
}

/* batch_read() of text into b: its return value, *err what it said. */
static int read_text(const char *text, struct batch *b, char **err)
{
	struct reading r = { text, b };
	char *out;
	int ret;

	batch_init(b, "f");
	out = capture_stderr(read_it, &r, &ret);
	if (err)
		*err = out;
	else
		free(out);
	return ret;
}

/* text must be refused with status want and the one line msg. */
static void check_refused(const char *text, int want, const char *msg)
{
	struct batch *b = malloc(sizeof(*b));
	char name[160], line[512], *err;
	int ret;

	if (!b)
		abort();
	ret = read_text(text, b, &err);
	snprintf(name, sizeof(name), "batch: refused: %.100s", msg);
	snprintf(line, sizeof(line), "icmpctl: %s\n", msg);
	check(ret == want, name);
	check_str(err, line, name);
	batch_free(b);
	free(err);
	free(b);
}

#define RATE_WORDS	"(expected NUMBER[/s] up to 1000000000, or \"unlimited\")"
#define NOTHING		"is not allowed in a file: it changes nothing "
#define HANDLES		"handles change as the file is applied " \
			"(use \"rule flush\" and \"rule add\")"
#define WRITE		"(write \"rule flush\", then its rules as \"rule add\")"
#define ONLY		"(only set, owned add/del/flush, rule add/insert/flush " \
			"and profile router are)"

static const char * const refused[][2] = {
	{ "set reply-rate fast\n",
	  "f:1: set reply-rate: invalid rate \"fast\" " RATE_WORDS },
	{ "# c\n\nset probe on probe off\n",
	  "f:3: set: \"probe\" given twice" },
	{ "set responder on\nstats\n",
	  "f:2: \"stats\" " NOTHING ONLY },
	{ "stats reset\n",
	  "f:1: \"stats reset\" is not allowed in a file: it is no configuration "
	  ONLY },
	{ "owned\n",
	  "f:1: \"owned list\" " NOTHING ONLY },
	{ "rule list\n",
	  "f:1: \"rule list\" " NOTHING ONLY },
	{ "profile router show\n",
	  "f:1: \"profile router show\" " NOTHING ONLY },
	{ "rule del handle 3\n",
	  "f:1: \"rule del\" is not allowed in a file: " HANDLES },
	{ "rule replace -f x\n",
	  "f:1: \"rule replace\" is not allowed in a file " WRITE },
	{ "icmpctl set probe on\n",
	  "f:1: unknown object \"icmpctl\" (write the commands without it)" },
	{ "-n x set probe on\n",
	  "f:1: options are not allowed in a file (\"-n\")" },
	{ "bogus\n", "f:1: unknown object \"bogus\"" },
	{ "owned add 192.0.2.1/24\n",
	  "f:1: 192.0.2.1/24: host bits set (did you mean 192.0.2.0/24?)" },
	{ "owned flush now\n",
	  "f:1: owned flush: unexpected argument \"now\"" },
	{ "owned remove 192.0.2.0/24\n",
	  "f:1: owned: unknown command \"remove\"" },
	{ "rule add input type 300 drop\n",
	  "f:1: rule add: invalid type \"300\" (expected 0-255, A-B or a type name)" },
	{ "rule insert index x input drop\n",
	  "f:1: rule insert: invalid index \"x\" (expected a number)" },
	{ "rule flush both\n",
	  "f:1: rule flush: invalid direction \"both\" (expected \"input\" or \"forward\")" },
	{ "rule append input drop\n", "f:1: rule: unknown command \"append\"" },
	{ "profile home\n",
	  "f:1: profile: unknown profile \"home\" (expected \"router\")" },
	{ "owned add 192.0.2.0/24\nowned add 192.0.2.0/24\n",
	  "f:2: owned add 192.0.2.0/24: already added on line 1" },
	{ "owned flush\nowned del 192.0.2.0/24\n",
	  "f:2: owned del 192.0.2.0/24: not owned after the flush on line 1" },
	{ "owned del 10.0.0.0/8\nowned add 10.0.0.0/8\n"
	  "owned del 10.0.0.0/8\nowned del 10.0.0.0/8\n",
	  "f:4: owned del 10.0.0.0/8: already deleted on line 3" },
	/* The first contradiction in the file's order, whatever the prefix */
	{ "owned add 10.0.0.0/8\nowned add 9.0.0.0/8\nowned add 9.0.0.0/8\nowned add 10.0.0.0/8\n",
	  "f:3: owned add 9.0.0.0/8: already added on line 2" },
};

static void test_refused(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(refused); i++)
		check_refused(refused[i][0], EXIT_USAGE, refused[i][1]);
}

/* The ICMPGUARD_CFG_A_* attribute type of the request, or NULL. */
static const struct nlattr *cfg_attr(const struct nlmsghdr *nlh,
				     unsigned int type)
{
	const struct nlattr *a, *c;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != ICMPGUARD_A_CONFIG)
			continue;
		mnl_attr_for_each_nested(c, a)
			if (mnl_attr_get_type(c) == type)
				return c;
	}
	return NULL;
}

static __u32 cfg_u32(const struct nlmsghdr *nlh, unsigned int type)
{
	const struct nlattr *a = cfg_attr(nlh, type);

	return a ? mnl_attr_get_u32(a) : 0xdeadbeef;
}

/* The third attribute of the nest rates, or NULL. */
static const struct nlattr *third_entry(const struct nlattr *rates)
{
	const struct nlattr *e;
	unsigned int i = 0;

	if (!rates)
		return NULL;
	mnl_attr_for_each_nested(e, rates)
		if (i++ == 2)
			return e;
	return NULL;
}

/* The set lines of a file, merged: the last wins; one request */
static void test_merge(void)
{
	static const char text[] =
		"set reply-rate 10 burst 5 responder on probe on\n"
		"owned add 192.0.2.0/24   # a comment\n"
		"set reply-rate 20\n"
		"set responder off default-policy reject code 3\n"
		"\n"
		"set error-rate 3 50 burst 5\n"
		"set error-rate 3/3 500 default-policy forward reject code 10\n"
		"set error-rate 3 60\n"
		"rule add input drop\n";
	struct batch *b = malloc(sizeof(*b));
	struct icg_attr_path path;
	const struct nlattr *a;
	struct nlmsghdr *nlh;
	int ret;

	if (!b)
		abort();
	ret = read_text(text, b, NULL);
	check(!ret && b->has_set && b->nowned == 1 && b->nrules == 1,
	      "merge: read");
	nlh = msg_start(ICMPGUARD_CMD_SET_CONFIG);
	set_req_put(nlh, &b->cfg);
	check(cfg_u32(nlh, ICMPGUARD_CFG_A_REPLY_RATE) == 20 &&
	      cfg_u32(nlh, ICMPGUARD_CFG_A_REPLY_BURST) == 5,
	      "merge: rate of the last line, burst of the first");
	check(cfg_u32(nlh, ICMPGUARD_CFG_A_FLAGS) == ICMPGUARD_F_PROBE &&
	      cfg_u32(nlh, ICMPGUARD_CFG_A_FLAGS_MASK) ==
	      (ICMPGUARD_F_PROBE | ICMPGUARD_F_RESPONDER),
	      "merge: a flag on, then off");
	a = cfg_attr(nlh, ICMPGUARD_CFG_A_REJECT_CODE);
	check(a && mnl_attr_get_u8(a) == 10, "merge: the later reject code");
	check(b->cfg.nerates == 3 && b->cfg.erates[2].rate == 60 &&
	      b->cfg.erates[2].code == -1 && b->cfg.erates[1].code == 3,
	      "merge: error budgets in order, each applied over the others");
	check(set_req_size(&b->cfg) >= nlh->nlmsg_len -
	      MNL_NLMSG_HDRLEN - MNL_ALIGN(sizeof(struct genlmsghdr)),
	      "merge: size bound");

	/* An error of the module about an attribute names its line */
	a = cfg_attr(nlh, ICMPGUARD_CFG_A_REPLY_BURST);
	check(a && !icg_attr_locate(nlh, (__u32)((const char *)a -
						  (const char *)nlh), &path) &&
	      set_req_line_of(&b->cfg, &path) == 1,
	      "merge: the burst came from line 1");
	a = cfg_attr(nlh, ICMPGUARD_CFG_A_POLICY);
	check(a && !icg_attr_locate(nlh, (__u32)((const char *)a -
						  (const char *)nlh), &path) &&
	      set_req_line_of(&b->cfg, &path) == 4,
	      "merge: the policy came from line 4");
	a = third_entry(cfg_attr(nlh, ICMPGUARD_CFG_A_ERROR_RATES));
	check(a && !icg_attr_locate(nlh, (__u32)((const char *)a -
						  (const char *)nlh) +
				    MNL_ATTR_HDRLEN, &path) &&
	      path.depth == 4 && path.at[2].index == 2 &&
	      set_req_line_of(&b->cfg, &path) == 8,
	      "merge: the third error budget came from line 8");
	batch_free(b);
	free(b);
}

struct owned_arg {
	const struct batch *b;
	const struct icg_prefix *pfx;
	unsigned int n;
};

static int owned_check_fn(void *arg)
{
	const struct owned_arg *a = arg;

	return batch_owned_check(a->b, a->pfx, a->n, 1);
}

/*
 * The owned lines of text, fine on their own, checked against the
 * prefixes cur owned now: the status, *err what was said.
 */
static int owned_against(const char *text, const char * const *cur,
			 unsigned int n, char **err)
{
	struct batch *b = malloc(sizeof(*b));
	struct icg_prefix pfx[8];
	struct owned_arg a = { b, pfx, n };
	unsigned int i;
	int ret;

	if (!b || n > ARRAY_SIZE(pfx))
		abort();
	for (i = 0; i < n; i++)
		parse_prefix(cur[i], &pfx[i]);
	ret = read_text(text, b, NULL);
	check(!ret, "owned: the file alone is fine");
	*err = capture_stderr(owned_check_fn, &a, &ret);
	batch_free(b);
	free(b);
	return ret;
}

static void test_owned_state(void)
{
	static const char * const now[] = { "192.0.2.0/24", "10.0.0.0/8" };
	static const struct {
		const char *text;
		int ret;
		const char *err;
	} cases[] = {
		{ "owned add 192.0.2.0/24\n", EXIT_RUNTIME,
		  "icmpctl: f:1: owned add 192.0.2.0/24: already owned\n" },
		{ "owned add 198.51.100.0/24\nowned del 198.51.100.1\n",
		  EXIT_RUNTIME,
		  "icmpctl: f:2: owned del 198.51.100.1/32: not owned\n" },
		{ "owned del 192.0.2.0/24\nowned add 192.0.2.0/24\n", 0, "" },
		{ "owned add 192.0.2.0/25\nowned del 10.0.0.0/8\n", 0, "" },
		{ "owned add 10.0.0.0/8\nowned flush\nowned add 10.0.0.0/8\n",
		  EXIT_RUNTIME,
		  "icmpctl: f:1: owned add 10.0.0.0/8: already owned\n" },
		{ "owned flush\nowned add 10.0.0.0/8\n", 0, "" },
	};
	unsigned int i;
	char name[64], *err;
	int ret;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ret = owned_against(cases[i].text, now, ARRAY_SIZE(now), &err);
		snprintf(name, sizeof(name), "owned: against the module, %u", i);
		check(ret == cases[i].ret, name);
		check_str(err, cases[i].err, name);
		free(err);
	}
}

/* A rule of the module: handle, counters. */
static void module_rule(struct icg_rule *r, const char *text, __u32 handle)
{
	char buf[256], *words[32], *save, *w, err[256];
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", text);
	for (w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save))
		words[n++] = w;
	if (icg_rule_parse(n, words, r, err, sizeof(err)))
		abort();
	r->handle = handle;
	r->packets = 7;
	r->has |= RULE_HAS_HANDLE | RULE_HAS_COUNTERS;
}

/* The rules of set as text, one a line: "LINE: RULE" */
static char *rules_text(const struct rule_set *set)
{
	char buf[ICG_RULE_TEXT_MAX], *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	unsigned int i;

	if (!f)
		abort();
	for (i = 0; i < set->n; i++)
		fprintf(f, "%u: %s%s\n", set->lines[i],
			icg_rule_format(&set->rules[i], buf, sizeof(buf)),
			set->rules[i].has & (RULE_HAS_HANDLE |
					     RULE_HAS_COUNTERS) ? " #" : "");
	fclose(f);
	return out;
}

static void test_rule_plan(void)
{
	static const char text[] =
		"rule add input drop\n"
		"rule insert index 1 input type echo-request accept\n"
		"rule flush forward\n"
		"rule add forward reject\n"
		"rule insert index 99 forward type 3 accept\n"
		"rule insert forward type 11 accept\n";
	struct batch *b = malloc(sizeof(*b));
	struct rule_set set = { 0 };
	struct icg_rule cur[3];
	char *out;
	int ret;

	if (!b)
		abort();
	module_rule(&cur[0], "input from 10.0.0.0/8 accept", 3);
	module_rule(&cur[1], "input type 13 drop", 5);
	module_rule(&cur[2], "forward drop", 4);
	ret = read_text(text, b, NULL);
	check(!ret && batch_needs_rules(b) && !batch_needs_owned(b),
	      "rules: read; the module's rules are needed");
	ret = batch_rules_plan(b, cur, 3, &set);
	out = rules_text(&set);
	check(!ret, "rules: planned");
	check_str(out,
		  "0: input from 10.0.0.0/8 accept\n"
		  "2: input type echo-request accept\n"
		  "0: input type timestamp-request drop\n"
		  "1: input drop\n"
		  "6: forward type time-exceeded accept\n"
		  "4: forward reject\n"
		  "5: forward type dest-unreach accept\n",
		  "rules: the set made, handles and counters dropped");
	free(out);
	rule_set_free(&set);
	batch_free(b);

	ret = read_text("rule add input drop\nrule flush\nprofile router\n"
			"rule add forward type 5 drop\n", b, NULL);
	check(!ret && !batch_needs_rules(b), "rules: flushed, known alone");
	ret = batch_rules_plan(b, NULL, 0, &set);
	check(!ret && set.n == 13 && set.lines[0] == 3 && set.lines[12] == 4 &&
	      set.rules[12].dir == ICMPGUARD_DIR_FORWARD &&
	      set.rules[5].dir == ICMPGUARD_DIR_INPUT &&
	      set.rules[6].dir == ICMPGUARD_DIR_FORWARD,
	      "rules: profile router, then a rule after it");
	rule_set_free(&set);
	batch_free(b);
	free(b);
}

/* A file of nothing but comments does nothing. */
static void test_empty(void)
{
	struct batch *b = malloc(sizeof(*b));

	if (!b)
		abort();
	check(!read_text("# nothing\n\n   \t# at all\n", b, NULL) &&
	      !b->has_set && !b->nowned && !b->nrules,
	      "batch: comments only");
	batch_free(b);
	free(b);
}

void test_batch(void)
{
	test_refused();
	test_merge();
	test_owned_state();
	test_rule_plan();
	test_empty();
}
