// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of files of commands: the one BATCH request a file makes,
 * attribute by attribute in the order of its lines; what a file may not
 * have; 10 000 rules and 10 000 prefixes in one request; and save's
 * output read back into the attributes of the state it was saved from.
 */
#include <stdlib.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "test.h"

struct reading {
	const char *text;
	struct batch *b;
};

static int read_cb(void *arg)
{
	struct reading *r = arg;
	FILE *f = fmemopen((void *)r->text, strlen(r->text), "r");
	int ret;

	if (!f)
		abort();
	ret = batch_read(f, "file", r->b);
	fclose(f);
	return ret;
}

/* The batch of text, and what was said; caller frees both. */
static int read_text(const char *text, struct batch *b, char **err)
{
	struct reading r = { text, b };
	int ret;

	*err = capture_stderr(read_cb, &r, &ret);
	return ret;
}

/* The top-level attributes of the batch, in words: "FLUSH=1 CONFIG ..." */
static void describe(const struct nlmsghdr *nlh, char *buf, size_t len)
{
	const struct nlattr *a;
	size_t pos = 0;
	const char *name;

	buf[0] = '\0';
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		name = attr_name(AS_TOP, mnl_attr_get_type(a));
		name = name ? name + strlen("ICMPGUARD_A_") : "?";
		if (mnl_attr_get_type(a) == ICMPGUARD_A_FLUSH ||
		    mnl_attr_get_type(a) == ICMPGUARD_A_RULE_INDEX ||
		    mnl_attr_get_type(a) == ICMPGUARD_A_RULE_HANDLE)
			pos += snprintf(buf + pos, len - pos, "%s%s=%u",
					pos ? " " : "", name,
					mnl_attr_get_u32(a));
		else
			pos += snprintf(buf + pos, len - pos, "%s%s",
					pos ? " " : "", name);
	}
}

static void test_file(void)
{
	static const char file[] =
		"# a configuration\n"
		"config reset\n"
		"owned flush\n"
		"rule flush\n"
		"\n"
		"set probe on   # comment\n"
		"set ipv6 flood-limit 5 per-source /48\n"
		"owned add 192.0.2.0/24\n"
		"owned add 2001:db8:ff::/48\n"
		"owned del 198.51.100.0/24\n"
		"rule add input icmpv6 type echo-request limit 10/s per-source\n"
		"rule insert index 2 forward type { 1-4, 128 } accept\n"
		"rule del handle 7\n"
		"rule flush forward\n"
		"profile router\n";
	static const char * const want[] = {
		"FLUSH=1 FLUSH=2 FLUSH=12 CONFIG CONFIG PREFIX PREFIX ",
		"PREFIX_DEL RULE RULE_INDEX=2 RULE RULE_HANDLE=7 ",
		"FLUSH=8 FLUSH=12 RULE RULE",
		NULL
	};
	struct batch b;
	char *err, got[4096];

	check(!read_text(file, &b, &err) && !*err, "file: read");
	describe(b.nlh, got, sizeof(got));
	check(!strncmp(got, join(want), strlen(join(want))),
	      "file: one attribute after another, in order");
	check(b.nlh->nlmsg_flags == (NLM_F_REQUEST | NLM_F_ACK) &&
	      ((struct genlmsghdr *)mnl_nlmsg_get_payload(b.nlh))->cmd ==
	      ICMPGUARD_CMD_BATCH, "file: one BATCH request");
	if (strncmp(got, "FLUSH=1", 7))
		printf("  %s\n", got);
	batch_free(&b);
	free(err);
}

static void test_refused(void)
{
	static const char * const changes[] = {
		"only set, config reset, owned add/del/flush, ",
		"rule add/insert/del/flush and profile router are", NULL
	};
	static const struct {
		const char *line;
		const char *err;
	} cases[] = {
		{ "stats show",
		  "\"stats show\" is not allowed in a file: it changes nothing (%s)" },
		{ "stats reset",
		  "\"stats reset\" is not allowed in a file: it is no configuration (%s)" },
		{ "show", "\"show\" is not allowed in a file: it changes nothing (%s)" },
		{ "rule", "\"rule list\" is not allowed in a file: it changes nothing (%s)" },
		{ "profile router show",
		  "\"profile router show\" is not allowed in a file: it changes nothing (%s)" },
		{ "help", "\"help\" is not allowed in a file: it changes nothing (%s)" },
		{ "rule replace -f x",
		  "\"rule replace\" is not allowed in a file (write \"rule flush\", then its rules as \"rule add\")"
		},
		{ "icmpctl set probe on",
		  "unknown object \"icmpctl\" (write the commands without it)" },
		{ "-6 set probe on", "options are not allowed in a file (\"-6\")" },
		{ "set probe on probe off", "set: \"probe\" given twice" },
		{ "owned add 2001:db8::1/64",
		  "2001:db8::1/64: host bits set (did you mean 2001:db8::/64?)" },
		{ "rule add input drop accept",
		  "rule add: unexpected word \"accept\" after the action" },
		{ "owned remove 1.2.3.4", "owned: unknown command \"remove\"" },
	};
	char line[256], want[512], name[300], *err;
	struct batch b;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		snprintf(line, sizeof(line), "set timestamp on\n\n%s\n",
			 cases[i].line);
		snprintf(name, sizeof(name), "file: \"%s\"", cases[i].line);
		check(read_text(line, &b, &err) == EXIT_USAGE, name);
		snprintf(want, sizeof(want), "icmpctl: file:3: ");
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
			 cases[i].err, join(changes));
		strcat(want, "\n");
		check_str(err, want, name);
		batch_free(&b);
		free(err);
	}
}

/* Far more than a page, and than a nest could hold: top-level, in order */
static void test_big(void)
{
	size_t len = 0, cap = 1 << 22;
	char *text = malloc(cap), *err;
	const struct nlattr *a;
	unsigned int i, n = 0, rules = 0, ok = 1;
	struct prefix p;
	struct batch b;

	if (!text)
		abort();
	len += snprintf(text + len, cap - len, "owned flush\nrule flush\n");
	for (i = 0; i < 10000; i++)
		len += snprintf(text + len, cap - len,
				"owned add 10.%u.%u.0/24\n", i / 256 + 100,
				i % 256);
	for (i = 0; i < 10000; i++)
		len += snprintf(text + len, cap - len,
				"rule add input %s from %s%u:%u::/64 drop\n",
				i % 2 ? "type echo-request" : "icmpv6",
				"2001:db8:", i / 256, i % 256);
	check(!read_text(text, &b, &err) && !*err, "big: read");
	check(b.nlh->nlmsg_len > 500000, "big: half a megabyte");
	mnl_attr_for_each(a, b.nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == ICMPGUARD_A_PREFIX) {
			ok &= !prefix_get_nest(a, &p) &&
			      p.addr[1] == n / 256 + 100 && p.addr[2] == n % 256;
			n++;
		}
		rules += mnl_attr_get_type(a) == ICMPGUARD_A_RULE;
	}
	check(ok && n == 10000 && rules == 10000,
	      "big: 10 000 prefixes and 10 000 rules, in order");
	batch_free(&b);
	free(err);
	free(text);
}

/* A state as the module reports it, saved. */
static const char * const saved_rules[] = {
	"input type echo-request limit 10/s burst 20 per-source /24",
	"input icmpv6 from fe80::/10 reject code no-route",
	"forward icmpv6 type 1-4,echo-request,echo-reply accept",
	"forward oif wan0 length 100-200 drop",
};

static void print_save(const void *arg)
{
	const struct vec *v = arg;

	save_print(v[0].v, &v[1], &v[2]);
}

/*
 * What save writes, read back as a file: the flushes, then attributes
 * that state the configuration's every setting, prefix and rule.
 */
static void test_save(void)
{
	struct config *c = calloc(1, sizeof(*c)), *got = calloc(1, sizeof(*c));
	struct prefix owned[3];
	struct rule rules[ARRAY_SIZE(saved_rules)], r;
	struct prefix p;
	struct vec v[3] = { { c, 1, 1 }, { owned, 3, 3 },
			    { rules, ARRAY_SIZE(rules), ARRAY_SIZE(rules) } };
	char buf[256], err[256], *words[32], *text, *said, *line;
	const struct nlattr *a, *tb[ATTR_TB_MAX];
	unsigned int i, nowned = 0, nrules = 0, ok = 1;
	struct batch b;

	if (!c || !got)
		abort();
	/* Every setting, and its budgets as the module has them */
	for (i = ICMPGUARD_CFG_A_REPLY_RATE; i < __ICMPGUARD_CFG_A_MAX; i++) {
		c->present |= BIT(i);
		c->val[i] = 3 + i;
	}
	c->present |= BIT(ICMPGUARD_CFG_A_FLAGS);
	c->val[ICMPGUARD_CFG_A_FLAGS] = ICMPGUARD_F_PROBE;
	c->val[ICMPGUARD_CFG_A_POLICY] = ICMPGUARD_POLICY_REJECT;
	c->val[ICMPGUARD_CFG_A_FORWARD_POLICY] = ICMPGUARD_POLICY_DROP;
	c->val[ICMPGUARD_CFG_A_REJECT_CODE] = 10;
	c->val[ICMPGUARD_CFG_A_REJECT_CODE6] = 5;
	c->val[ICMPGUARD_CFG_A_ERROR_SOURCE] = htonl(0xc0000201);
	c->val[ICMPGUARD_CFG_A_MAX_SOURCES] = 4096;
	c->source6[0] = 0x20;
	c->erates[0] = (struct erate){ AF_INET, 3, 1, 5, 6 };
	c->erates[1] = (struct erate){ AF_INET6, 2, 0, 0, 1 };
	c->nerates = 2;
	prefix_parse("2001:db8:ff::/48", 0, &owned[2]);
	prefix_parse("192.0.2.0/24", 0, &owned[0]);
	prefix_parse("198.51.100.7", 0, &owned[1]);
	for (i = 0; i < ARRAY_SIZE(rules); i++) {
		rule_parse(words_of(saved_rules[i], buf, sizeof(buf), words,
				    32), words, &rules[i], err, sizeof(err));
		rules[i].has |= RULE_HAS_HANDLE | RULE_HAS_COUNTERS;
	}

	text = render(print_save, v, 0);
	check(!strncmp(text, "config reset\nowned flush\nrule flush\nset responder off\n", 53),
	      "save: the flushes first");
	check(!!strstr(text, "\nset ipv6 flood-limit 22 burst 23 shared\n") &&
	      !!strstr(text, "\nowned add 2001:db8:ff::/48\n"
		       "rule add input type echo-request limit 10/s burst 20 per-source /24\n"),
	      "save: IPv6 settings, prefixes and rules");
	check(!read_text(text, &b, &said) && !*said, "save: read back");
	if (*said)
		printf("%s%s", text, said);
	mnl_attr_for_each(a, b.nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case ICMPGUARD_A_CONFIG:
			ok &= !attr_parse(a, AS_CFG, tb);
			for (i = 1; i < __ICMPGUARD_CFG_A_MAX; i++) {
				if (!tb[i] || i == ICMPGUARD_CFG_A_ERROR_RATES ||
				    i == ICMPGUARD_CFG_A_FLAGS_MASK)
					continue;
				got->present |= BIT(i);
				if (i == ICMPGUARD_CFG_A_ERROR_SOURCE6)
					memcpy(got->source6,
					       mnl_attr_get_payload(tb[i]), 16);
				else if (i != ICMPGUARD_CFG_A_FLAGS)
					got->val[i] = (__u32)attr_uint(tb[i]);
			}
			if (tb[ICMPGUARD_CFG_A_FLAGS])
				got->val[ICMPGUARD_CFG_A_FLAGS] |=
					mnl_attr_get_u32(tb[ICMPGUARD_CFG_A_FLAGS]);
			break;
		case ICMPGUARD_A_PREFIX:
			ok &= !prefix_get_nest(a, &p) &&
			      !!strstr(text, prefix_str(&p, buf, sizeof(buf)));
			nowned++;
			break;
		case ICMPGUARD_A_RULE:
			if (rule_parse_nest(a, &r) ||
			    r.family != rules[nrules].family ||
			    memcmp(r.types, rules[nrules].types, 32)) {
				printf("  rule %u\n", nrules);
				ok = 0;
			}
			nrules++;
			break;
		}
	}
	got->present |= BIT(ICMPGUARD_CFG_A_ERROR_RATES);
	for (i = ICMPGUARD_CFG_A_REPLY_RATE; i < __ICMPGUARD_CFG_A_MAX; i++) {
		if (i == ICMPGUARD_CFG_A_ERROR_RATES ||
		    i == ICMPGUARD_CFG_A_ERROR_SOURCE6 || got->val[i] == c->val[i])
			continue;
		printf("  attribute %u: %u, not %u\n", i, got->val[i], c->val[i]);
		ok = 0;
	}
	if (got->present != c->present)
		printf("  present %x, not %x\n", got->present, c->present);
	if (!ok)
		printf("%s", text);
	check(ok && got->present == c->present &&
	      got->val[ICMPGUARD_CFG_A_FLAGS] ==
	      c->val[ICMPGUARD_CFG_A_FLAGS] &&
	      !memcmp(got->source6, c->source6, 16),
	      "save: every setting, read back, has its value");
	check(nowned == 3 && nrules == ARRAY_SIZE(rules),
	      "save: every prefix and every rule, read back");
	line = strstr(text, "set error-rate");
	check(line &&
	      !strncmp(line, "set error-rate dest-unreach/host-unreachable 5 burst 6\n", 55),
	      "save: an error budget");
	batch_free(&b);
	free(said);
	free(text);

	/* A direction and an action newer than icmpctl: comments */
	rules[0].dir = 7;
	rules[2].action = 9;
	c->val[ICMPGUARD_CFG_A_FLAGS] |= BIT(30);
	text = render(print_save, v, 0);
	check(!!strstr(text, "\n# set unknown-flags 1073741824 (flags unknown to icmpctl)\n") &&
	      !!strstr(text, "\n"
		       "# rule add forward icmpv6 type 1-4,echo-request,echo-reply action-9\n") &&
	      !!strstr(text, "\n# rule add dir-7 type echo-request"),
	      "save: what icmpctl has no words for, as comments");
	free(text);
	free(c);
	free(got);
}

void test_batch(void)
{
	test_file();
	test_refused();
	test_big();
	test_save();
}
