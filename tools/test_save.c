// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of icmpctl save, and of save then -f: a namespace's state is
 * saved, another state is made from the saved file as the module would
 * apply its requests (a small model of the module below), and saved
 * again: the two must be the same lines. Many random states are tried,
 * for the error budgets collapsed by type.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <libmnl/libmnl.h>

#include "../module/uapi/icmpguard.h"
#include "batch.h"
#include "parse.h"
#include "save.h"
#include "test.h"
#include "test_model.h"
#include "util.h"

/* The (type, code) of each error budget, as the module lists them. */
static void slot(unsigned int i, __u8 *type, __u8 *code)
{
	*type = i < 16 ? 3 : i < 18 ? 11 : 12;
	*code = (__u8)(i < 16 ? i : i < 18 ? i - 16 : i - 18);
}

/* The scalar settings: every attribute but flags and error budgets. */
static int scalar(unsigned int attr)
{
	return attr > ICMPGUARD_CFG_A_FLAGS_MASK &&
	       attr != ICMPGUARD_CFG_A_ERROR_RATES;
}

/* One ICMPGUARD_A_ERROR_RATE entry over the budgets it names. */
static void apply_erate(struct model *m, const struct nlattr *entry)
{
	int type = -1, code = -1, burst = -1;
	const struct nlattr *a;
	__u32 rate = 0;
	__u8 t, c;
	unsigned int i;

	mnl_attr_for_each_nested(a, entry) {
		switch (mnl_attr_get_type(a)) {
		case ICMPGUARD_ERATE_A_TYPE:
			type = mnl_attr_get_u8(a);
			break;
		case ICMPGUARD_ERATE_A_CODE:
			code = mnl_attr_get_u8(a);
			break;
		case ICMPGUARD_ERATE_A_RATE:
			rate = mnl_attr_get_u32(a);
			break;
		case ICMPGUARD_ERATE_A_BURST:
			burst = (int)mnl_attr_get_u32(a);
			break;
		}
	}
	for (i = 0; i < NSLOTS; i++) {
		slot(i, &t, &c);
		if (t != type || (code >= 0 && c != code))
			continue;
		m->rate[i] = rate;
		if (burst >= 0)
			m->burst[i] = (__u32)burst;
	}
}

void model_apply_config(struct model *m, const struct nlmsghdr *nlh)
{
	const struct nlattr *top, *a, *e;
	__u32 flags = 0, mask = 0;
	unsigned int type;

	mnl_attr_for_each(top, nlh, sizeof(struct genlmsghdr)) {
		mnl_attr_for_each_nested(a, top) {
			type = mnl_attr_get_type(a);
			if (type == ICMPGUARD_CFG_A_FLAGS)
				flags = mnl_attr_get_u32(a);
			else if (type == ICMPGUARD_CFG_A_FLAGS_MASK)
				mask = mnl_attr_get_u32(a);
			else if (type == ICMPGUARD_CFG_A_ERROR_RATES)
				mnl_attr_for_each_nested(e, a)
					apply_erate(m, e);
			else if (icg_config_attr_is_u8(type))
				m->val[type] = mnl_attr_get_u8(a);
			else
				m->val[type] = mnl_attr_get_u32(a);
		}
	}
	m->flags = (m->flags & ~mask) | (flags & mask);
}

struct nlmsghdr *model_config_msg(const struct model *m)
{
	struct nlmsghdr *nlh = msg_start(ICMPGUARD_CMD_GET_CONFIG);
	struct nlattr *nest, *rates, *e;
	unsigned int i;
	__u8 t, c;

	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_FLAGS, m->flags);
	for (i = 0; i <= ICMPGUARD_CFG_A_MAX; i++) {
		if (!scalar(i))
			continue;
		if (icg_config_attr_is_u8(i))
			mnl_attr_put_u8(nlh, (__u16)i, (__u8)m->val[i]);
		else
			mnl_attr_put_u32(nlh, (__u16)i, m->val[i]);
	}
	rates = mnl_attr_nest_start(nlh, ICMPGUARD_CFG_A_ERROR_RATES);
	for (i = 0; i < NSLOTS; i++) {
		slot(i, &t, &c);
		e = mnl_attr_nest_start(nlh, ICMPGUARD_A_ERROR_RATE);
		mnl_attr_put_u8(nlh, ICMPGUARD_ERATE_A_TYPE, t);
		mnl_attr_put_u8(nlh, ICMPGUARD_ERATE_A_CODE, c);
		mnl_attr_put_u32(nlh, ICMPGUARD_ERATE_A_RATE, m->rate[i]);
		mnl_attr_put_u32(nlh, ICMPGUARD_ERATE_A_BURST, m->burst[i]);
		mnl_attr_nest_end(nlh, e);
	}
	mnl_attr_nest_end(nlh, rates);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

/* The GET_CONFIG reply of the model, decoded. */
static void model_config(const struct model *m, struct icg_config *cfg)
{
	if (icg_config_parse(model_config_msg(m), cfg))
		abort();
}

/* What "icmpctl save" prints of the model, without the stamp. */
static char *model_save(const struct model *m)
{
	struct icg_prefix owned[MODEL_OWNED];
	struct icg_config *cfg = malloc(sizeof(*cfg));
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (!f || !cfg)
		abort();
	model_config(m, cfg);
	memcpy(owned, m->owned, sizeof(owned));
	if (icg_save_print(f, NULL, cfg, owned, m->nowned, m->rules,
			   m->nrules))
		check(0, "save: everything written");
	fclose(f);
	free(cfg);
	return out;
}

/* The file applied to the model as "icmpctl -f" applies it. */
static int model_batch(struct model *m, const char *text)
{
	struct batch *b = malloc(sizeof(*b));
	struct rule_set set = { 0 };
	struct nlmsghdr *nlh;
	unsigned int i;
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	if (!b || !f)
		abort();
	batch_init(b, "saved");
	ret = batch_read(f, b);
	fclose(f);
	if (!ret && b->has_set) {
		nlh = msg_start(ICMPGUARD_CMD_SET_CONFIG);
		set_req_put(nlh, &b->cfg);
		model_apply_config(m, nlh);
	}
	for (i = 0; !ret && i < b->nowned; i++) {
		if (b->owned[i].op == BATCH_FLUSH)
			m->nowned = 0;
		else if (b->owned[i].op == BATCH_ADD)
			m->owned[m->nowned++] = b->owned[i].pfx;
	}
	if (!ret && b->nrules)
		ret = batch_rules_plan(b, m->rules, m->nrules, &set);
	for (i = 0; !ret && i < set.n && i < MODEL_RULES; i++) {
		m->rules[i] = set.rules[i];
		m->rules[i].handle = ++m->handle;
		m->rules[i].has |= RULE_HAS_HANDLE | RULE_HAS_COUNTERS;
	}
	if (!ret && b->nrules)
		m->nrules = set.n;
	rule_set_free(&set);
	batch_free(b);
	free(b);
	return ret;
}

static unsigned int seed = 12345;

static unsigned int rnd(unsigned int n)
{
	seed = seed * 1103515245 + 12345;
	return (seed >> 16) % n;
}

static const char * const rule_pool[] = {
	"input type echo-request limit 10/s burst 20 per-source /24",
	"input from 10.0.0.0/8 reject code host-prohibited",
	"forward type dest-unreach code frag-needed accept",
	"forward oif eth1 length 100-200 drop",
	"input type 30-39,source-quench drop",
	"forward type echo-request to 192.0.2.7 reply",
	"input iif lo accept",
	"forward limit 5/s reject code port-unreachable",
};

void model_add_rule(struct model *m, const char *text)
{
	char buf[256], *words[32], *save, *w, err[256];
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", text);
	for (w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save))
		words[n++] = w;
	if (icg_rule_parse(n, words, &m->rules[m->nrules], err, sizeof(err)))
		abort();
	m->rules[m->nrules].handle = ++m->handle;
	m->rules[m->nrules++].has |= RULE_HAS_HANDLE | RULE_HAS_COUNTERS;
}

void model_random(struct model *m)
{
	static const __u32 rates[] = { 0, 10, 1000, 1000000000 };
	static const __u32 bursts[] = { 1, 100, 4294967295U };
	unsigned int i, d, n;
	char addr[32];

	memset(m, 0, sizeof(*m));
	m->flags = rnd(64);
	for (i = ICMPGUARD_CFG_A_REPLY_RATE; i <= ICMPGUARD_CFG_A_MAX; i++)
		m->val[i] = rates[rnd(4)];
	m->val[ICMPGUARD_CFG_A_REPLY_BURST] = bursts[rnd(3)];
	m->val[ICMPGUARD_CFG_A_DEST_BURST] = 1 + rnd(50);
	m->val[ICMPGUARD_CFG_A_FLOOD_BURST] = bursts[rnd(3)];
	m->val[ICMPGUARD_CFG_A_GLOBAL_BURST] = 1 + rnd(5);
	m->val[ICMPGUARD_CFG_A_POLICY] = rnd(3);
	m->val[ICMPGUARD_CFG_A_FORWARD_POLICY] = rnd(3);
	m->val[ICMPGUARD_CFG_A_REJECT_CODE] = (rnd(15) + 5) % 16;
	if (m->val[ICMPGUARD_CFG_A_REJECT_CODE] == 4)
		m->val[ICMPGUARD_CFG_A_REJECT_CODE] = 13;
	m->val[ICMPGUARD_CFG_A_ERROR_SOURCE] = rnd(2) ? htonl(0xc0000201) : 0;
	m->val[ICMPGUARD_CFG_A_FLOOD_PLEN] = 1 + rnd(32);
	m->val[ICMPGUARD_CFG_A_MAX_SOURCES] = 16 + rnd((1 << 20) - 15);
	for (i = 0; i < NSLOTS; i++) {
		m->rate[i] = rates[rnd(3)];
		m->burst[i] = bursts[rnd(2)];
	}
	m->nowned = rnd(4);
	for (i = 0; i < m->nowned; i++) {
		snprintf(addr, sizeof(addr), "10.%u.%u.0/24", rnd(256), i);
		parse_prefix(addr, &m->owned[i]);
	}
	n = rnd(6);
	for (d = 0; d < 2; d++)
		for (i = 0; i < n; i++)
			if (!strncmp(rule_pool[(i * 3 + d) % 8],
				     d ? "forward" : "input", 5))
				model_add_rule(m, rule_pool[(i * 3 + d) % 8]);
}

/* The example of the brief: a saved state restored over another one. */
static void test_round_trips(void)
{
	struct model *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	unsigned int i, same = 0, differ = 0, runs = 300;
	char *first, *again;

	if (!a || !b)
		abort();
	for (i = 0; i < runs; i++) {
		model_random(a);
		model_random(b);
		first = model_save(a);
		again = model_save(b);
		differ += !!strcmp(first, again);
		free(again);
		if (model_batch(b, first)) {
			printf("FAIL: save %u read back:\n%s", i, first);
			free(first);
			break;
		}
		again = model_save(b);
		if (!strcmp(first, again))
			same++;
		else
			check_str(again, first, "save, -f, save");
		free(first);
		free(again);
		if (same <= i)
			break;
	}
	check(same == runs, "save, -f, save: the same lines, every time");
	check(differ == runs, "save, -f, save: from states that differed");
	free(a);
	free(b);
}

/* What save prints of one state, line by line. */
static void test_save_lines(void)
{
	struct model *m = calloc(1, sizeof(*m));
	unsigned int i;
	__u8 t, c;
	char *out;

	if (!m)
		abort();
	m->flags = ICMPGUARD_F_RESPONDER | ICMPGUARD_F_ERROR_EXTENSIONS;
	m->val[ICMPGUARD_CFG_A_REPLY_RATE] = 1000;
	m->val[ICMPGUARD_CFG_A_REPLY_BURST] = 50;
	m->val[ICMPGUARD_CFG_A_DEST_BURST] = 10;
	m->val[ICMPGUARD_CFG_A_REJECT_CODE] = 10;
	m->val[ICMPGUARD_CFG_A_FLOOD_RATE] = 50000;
	m->val[ICMPGUARD_CFG_A_FLOOD_BURST] = 10000;
	m->val[ICMPGUARD_CFG_A_FLOOD_PLEN] = 32;
	m->val[ICMPGUARD_CFG_A_GLOBAL_RATE] = 200000;
	m->val[ICMPGUARD_CFG_A_GLOBAL_BURST] = 20000;
	m->val[ICMPGUARD_CFG_A_MAX_SOURCES] = 65536;
	for (i = 0; i < NSLOTS; i++) {
		slot(i, &t, &c);
		m->rate[i] = t == 3 && c == 4 ? 0 : 1000;
		m->burst[i] = t == 3 && c == 4 ? 1 : 100;
	}
	parse_prefix("198.51.100.7", &m->owned[0]);
	parse_prefix("192.0.2.0/24", &m->owned[1]);
	m->nowned = 2;
	model_add_rule(m, "input type echo-request limit 10/s burst 20 per-source");
	model_add_rule(m, "forward oif wan0 drop");
	out = model_save(m);
	check_str(out,
		  "set responder on\n"
		  "set timestamp off\n"
		  "set probe off\n"
		  "set broadcast-echo off\n"
		  "set router-mode off\n"
		  "set error-extensions on\n"
		  "set reply-rate 1000 burst 50\n"
		  "set reply-rate-per-dest unlimited burst 10\n"
		  "set default-policy input accept\n"
		  "set default-policy forward accept\n"
		  "set default-policy code host-prohibited\n"
		  "set flood-limit 50000 burst 10000 per-source /32\n"
		  "set flood-limit 200000 burst 20000\n"
		  "set max-sources 65536\n"
		  "set error-source auto\n"
		  "set error-rate dest-unreach 1000 burst 100\n"
		  "set error-rate dest-unreach/frag-needed unlimited burst 1\n"
		  "set error-rate time-exceeded 1000 burst 100\n"
		  "set error-rate parameter-problem 1000 burst 100\n"
		  "owned flush\n"
		  "owned add 192.0.2.0/24\n"
		  "owned add 198.51.100.7/32\n"
		  "rule flush\n"
		  "rule add input type echo-request limit 10/s burst 20 per-source /32\n"
		  "rule add forward oif wan0 drop\n",
		  "save: the lines");
	free(out);

	/* A rejecting policy carries the code: no line of its own */
	m->val[ICMPGUARD_CFG_A_FORWARD_POLICY] = ICMPGUARD_POLICY_REJECT;
	out = model_save(m);
	check(strstr(out, "set default-policy forward reject code host-prohibited\n"
		     "set flood-limit") != NULL, "save: the code after reject");
	free(out);

	/* The input rules first, whatever the order they came in */
	m->nrules = 0;
	model_add_rule(m, "forward drop");
	model_add_rule(m, "input accept");
	out = model_save(m);
	check(!!strstr(out, "rule flush\nrule add input accept\n"
		       "rule add forward drop\n"), "save: input rules first");
	free(out);
	free(m);
}

void test_save(void)
{
	test_save_lines();
	test_round_trips();
}
