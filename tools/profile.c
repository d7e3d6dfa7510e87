// SPDX-License-Identifier: GPL-2.0
/*
 * icmpctl profile: rule sets ready made, applied with one REPLACE_RULES.
 *
 * router: RFC 4890's reasoning applied to IPv4, the same rules for input
 * and forward. What path MTU discovery and traceroute need always passes;
 * the types RFC 6633 and RFC 6918 deprecate are dropped; floods of
 * Destination Unreachable (BlackNurse) and echo requests are limited per
 * source; the errors and replies a network needs are accepted. The rest is
 * left to the default policy.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../module/uapi/icmpguard.h"
#include "cmd.h"
#include "profile.h"
#include "rulecmd.h"
#include "util.h"

/* Where the comments of "profile router show" start. */
#define COMMENT_COLUMN	60

/* Parameter Problem and the replies to what this host or its hosts ask. */
#define OTHER_TYPES	"parameter-problem,echo-reply,timestamp-request," \
			"timestamp-reply,extended-echo-request,extended-echo-reply"

const struct profile_line router_profile[] = {
	{ "type dest-unreach code frag-needed accept",
	  "PMTUD: never dropped (RFC 4890 4.3.1)" },
	{ "type time-exceeded accept",
	  "traceroute, reassembly timeouts" },
	{ "type source-quench,6,15-18,30-39 drop",
	  "deprecated: RFC 6633, RFC 6918" },
	{ "type dest-unreach limit 100/s burst 200 per-source",
	  "BlackNurse: 3/3 floods" },
	{ "type echo-request limit 20/s burst 50 per-source",
	  "ping floods, per source" },
	{ "type " OTHER_TYPES " accept",
	  "the other errors and replies a network needs" },
};

const unsigned int router_profile_len = ARRAY_SIZE(router_profile);

static const char * const profile_dirs[] = { "input", "forward" };

int profile_line_text(unsigned int i, char *buf, size_t len)
{
	unsigned int dir = i / router_profile_len;

	if (dir >= ARRAY_SIZE(profile_dirs))
		return -1;
	snprintf(buf, len, "%s %s", profile_dirs[dir],
		 router_profile[i % router_profile_len].rule);
	return 0;
}

int profile_rules(struct rule_set *set)
{
	char line[256], err[256], *words[32], *save, *w;
	struct icg_rule r;
	unsigned int i;
	int n;

	for (i = 0; !profile_line_text(i, line, sizeof(line)); i++) {
		n = 0;
		for (w = strtok_r(line, " ", &save); w && n < 32;
		     w = strtok_r(NULL, " ", &save))
			words[n++] = w;
		if (icg_rule_parse(n, words, &r, err, sizeof(err))) {
			errmsg("profile router: rule %u: %s", i + 1, err);
			return EXIT_RUNTIME;
		}
		if (rule_set_add(set, &r, i + 1)) {
			errmsg("%s", strerror(ENOMEM));
			return EXIT_RUNTIME;
		}
	}
	return 0;
}

/* Text: the rule lines with their reasons; JSON: the rules. */
static int profile_show(const struct rule_set *set)
{
	char rule[256], line[512];
	struct printer p;
	unsigned int i;

	pr_init(&p, stdout, opts.json);
	pr_begin(&p);
	pr_text(&p, "# icmpctl profile router: RFC 4890's reasoning applied to IPv4\n");
	for (i = 0; !profile_line_text(i, rule, sizeof(rule)); i++) {
		if (i == router_profile_len)
			pr_text(&p, "\n");
		snprintf(line, sizeof(line), "%-*s # %s\n", COMMENT_COLUMN - 1,
			 rule, router_profile[i % router_profile_len].why);
		pr_text(&p, line);
	}
	icg_rules_json(&p, set->rules, set->n);
	return finish_output(&p);
}

int profile_words(int argc, char **argv, int *show)
{
	*show = 0;
	if (!argc) {
		errmsg("profile: missing profile name (expected \"router\")");
		return EXIT_USAGE;
	}
	if (strcmp(argv[0], "router")) {
		if (argv[0][0] == '-')
			return extra_word("profile", argv[0]);
		errmsg("profile: unknown profile \"%s\" (expected \"router\")",
		       argv[0]);
		return EXIT_USAGE;
	}
	if (argc > 1 && !strcmp(argv[1], "show")) {
		*show = 1;
	} else if (argc > 1 && strcmp(argv[1], "apply")) {
		if (argv[1][0] == '-')
			return extra_word("profile router", argv[1]);
		errmsg("profile router: unknown command \"%s\" (expected \"apply\" or \"show\")",
		       argv[1]);
		return EXIT_USAGE;
	}
	if (argc > 2)
		return extra_word(*show ? "profile router show" :
				  "profile router apply", argv[2]);
	return 0;
}

/* router [apply | show] */
int do_profile(int argc, char **argv)
{
	struct rule_set set = { 0 };
	int show, ret = profile_words(argc, argv, &show);

	if (ret)
		return ret;
	ret = profile_rules(&set);
	if (!ret && show)
		ret = profile_show(&set);
	else if (!ret)
		ret = rule_set_send("profile router", &set, NULL);
	rule_set_free(&set);
	return ret;
}
