// SPDX-License-Identifier: GPL-2.0
/*
 * icmpctl profile router: a rule set ready made, each rule with its reason.
 *
 * IPv6 follows RFC 4890: section 4.4 for what comes to the router, 4.3
 * for what goes through it. IPv4 applies the same reasoning to ICMP: what
 * path MTU discovery and traceroute need passes, what RFC 6633 and RFC
 * 6918 deprecate is dropped, floods of echo and (BlackNurse) Destination
 * Unreachable are limited per source. The rest is the default policy's.
 * Neighbor Discovery and MLD are never the default policy's: the rules
 * that keep MLD to link-local sources must drop the others themselves.
 */
#include <stdio.h>
#include <string.h>

#include "icmpctl.h"
#include "print.h"

#define FLUSH_RULES	(ICMPGUARD_FLUSH_F_INPUT | ICMPGUARD_FLUSH_F_FORWARD)
/* Where the reasons start in "profile router show" */
#define REASON_COLUMN	60

#define V4_OTHER	"parameter-problem,echo-reply,timestamp-request," \
			"timestamp-reply,extended-echo-request,extended-echo-reply"
#define V6_ND		"133-136,ind-neighbor-solicit,ind-neighbor-advert,148,149"
#define V6_MLD		"130-132,mld2-listener-report,151-153"
#define V6_UNWANTED	"100,101,127,138-140,200,201,255"

static const struct {
	const char *rule;
	const char *why;
} router[] = {
	{ "input type dest-unreach code frag-needed accept",
	  "PMTUD: never dropped (RFC 4890 4.3.1)" },
	{ "input type time-exceeded accept",
	  "traceroute, reassembly timeouts" },
	{ "input type source-quench,6,15-18,30-39 drop",
	  "deprecated: RFC 6633, RFC 6918" },
	{ "input type dest-unreach limit 100/s burst 200 per-source /32",
	  "BlackNurse: 3/3 floods" },
	{ "input type echo-request limit 20/s burst 50 per-source /32",
	  "ping floods, per source" },
	{ "input type " V4_OTHER " accept",
	  "the other errors and replies a network needs" },
	{ "input icmpv6 type destination-unreachable,packet-too-big accept",
	  "RFC 4890 4.4.1: every code; PMTUD" },
	{ "input icmpv6 type time-exceeded accept",
	  "4.4.1 code 0, 4.4.2 code 1" },
	{ "input icmpv6 type parameter-problem code 0-2 accept",
	  "4.4.1 codes 1 and 2, 4.4.2 code 0" },
	{ "input icmpv6 type echo-request limit 20/s burst 50 per-source /64",
	  "4.4.1, and ping floods per /64" },
	{ "input icmpv6 type echo-reply accept", "4.4.1" },
	{ "input icmpv6 type " V6_ND " accept",
	  "4.4.1: ND, SEND; the module checks hop limit 255" },
	{ "input icmpv6 type " V6_MLD " from fe80::/10 accept",
	  "4.4.1: MLD, MRD from link-local sources" },
	{ "input icmpv6 type mld2-listener-report from ::/128 accept",
	  "RFC 3810 5.2.13: before the link-local address" },
	{ "input icmpv6 type " V6_MLD " drop",
	  "4.4.1: not from link-local: dropped" },
	{ "input icmpv6 type nd-redirect drop",
	  "4.4.4: a router takes no redirect (RFC 4861 8.1)" },
	{ "input icmpv6 type " V6_UNWANTED " drop",
	  "4.4.4, 4.4.5: renumbering, node information, experiments" },
	{ "forward type dest-unreach code frag-needed accept",
	  "PMTUD: never dropped (RFC 4890 4.3.1)" },
	{ "forward type time-exceeded accept",
	  "traceroute, reassembly timeouts" },
	{ "forward type source-quench,6,15-18,30-39 drop",
	  "deprecated: RFC 6633, RFC 6918" },
	{ "forward type dest-unreach limit 100/s burst 200 per-source /32",
	  "BlackNurse: 3/3 floods" },
	{ "forward type echo-request limit 20/s burst 50 per-source /32",
	  "ping floods, per source" },
	{ "forward type " V4_OTHER " accept",
	  "the other errors and replies a network needs" },
	{ "forward icmpv6 type destination-unreachable,packet-too-big accept",
	  "RFC 4890 4.3.1: every code; PMTUD" },
	{ "forward icmpv6 type time-exceeded accept",
	  "4.3.1 code 0, 4.3.2 code 1" },
	{ "forward icmpv6 type parameter-problem code 0-2 accept",
	  "4.3.1 codes 1 and 2, 4.3.2 code 0" },
	{ "forward icmpv6 type echo-request limit 20/s burst 50 per-source /64",
	  "4.3.1, and ping floods per /64" },
	{ "forward icmpv6 type echo-reply accept", "4.3.1" },
	{ "forward icmpv6 type " V6_UNWANTED " drop",
	  "4.3.5: renumbering, node information, experiments" },
};

/* Rule i of the profile into r. */
static void profile_rule(unsigned int i, struct rule *r)
{
	char line[256], err[256], *words[32], *save, *w;
	int n = 0;

	snprintf(line, sizeof(line), "%s", router[i].rule);
	for (w = strtok_r(line, " ", &save); w && n < 32;
	     w = strtok_r(NULL, " ", &save))
		words[n++] = w;
	/* The table is tested: a rule of it that does not parse is a bug. */
	if (rule_parse(n, words, r, err, sizeof(err)))
		errmsg("profile router: rule %u: %s", i + 1, err);
}

/* router [apply | show]: *show 0 or 1, or EXIT_USAGE. */
static int profile_words(int argc, char **argv, int *show)
{
	*show = argc > 1 && !strcmp(argv[1], "show");
	if (!argc)
		return usage_err("profile: missing profile name (expected \"router\")");
	if (strcmp(argv[0], "router")) {
		if (argv[0][0] == '-')
			return extra_word("profile", argv[0]);
		return usage_err("profile: unknown profile \"%s\" (expected \"router\")",
				 argv[0]);
	}
	if (argc > 1 && !*show && strcmp(argv[1], "apply")) {
		if (argv[1][0] == '-')
			return extra_word("profile router", argv[1]);
		return usage_err("profile router: unknown command \"%s\" (%s)", argv[1],
				 "expected \"apply\" or \"show\"");
	}
	if (argc > 2)
		return extra_word(*show ? "profile router show" :
				  "profile router apply", argv[2]);
	return 0;
}

int profile_put(struct batch *b, int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct rule r;
	unsigned int i;
	int show, ret = profile_words(argc, argv, &show);

	if (!ret && show)
		ret = read_only("profile router show");
	if (!ret)
		ret = batch_flush(b, FLUSH_RULES);
	for (i = 0; !ret && i < ARRAY_SIZE(router); i++) {
		profile_rule(i, &r);
		nlh = batch_room(b, RULE_ROOM);
		if (!nlh)
			return EXIT_RUNTIME;
		rule_put(nlh, ICMPGUARD_A_RULE, &r);
	}
	return ret;
}

/* Text: the rules with their reasons; JSON: the rules. */
static int profile_show(void)
{
	struct rule rules[ARRAY_SIZE(router)];
	unsigned int i, dir = 0;

	for (i = 0; i < ARRAY_SIZE(router); i++)
		profile_rule(i, &rules[i]);
	new_json_obj(stdout, opts.json);
	if (is_json_context()) {
		rules_print(rules, ARRAY_SIZE(router), opts.family);
		return finish_output();
	}
	print_fp("# icmpctl profile router: RFC 4890, and its reasoning applied to IPv4\n");
	for (i = 0; i < ARRAY_SIZE(router); i++) {
		if (!family_wanted(opts.family, rules[i].family))
			continue;
		if (rules[i].dir != dir)
			print_fp("\n");
		dir = rules[i].dir;
		print_fp("%-*s # %s\n", REASON_COLUMN - 1, router[i].rule,
			 router[i].why);
	}
	return finish_output();
}

/* router [apply | show] */
int do_profile(int argc, char **argv)
{
	int show, ret = profile_words(argc, argv, &show);

	if (ret)
		return ret;
	if (show)
		return profile_show();
	return run_change(profile_put, "profile router", argc, argv);
}
