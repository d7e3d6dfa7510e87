// SPDX-License-Identifier: GPL-2.0
/*
 * icmpctl save: the configuration as icmpctl commands; see save.h.
 *
 * The settings are the lines of "show" (which are in the words of "set"),
 * so that the two never differ: the error budgets collapsed by type in an
 * order that makes the same budgets again. "show" prints the reject code
 * of the default policies only after "reject"; save adds it alone when no
 * direction rejects, so that every setting is saved.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/icmp.h>

#include "../module/uapi/icmpguard.h"
#include "cmd.h"
#include "owned.h"
#include "print.h"
#include "rulecmd.h"
#include "save.h"

static int starts(const char *s, const char *word)
{
	return !strncmp(s, word, strlen(word));
}

static int cfg_is(const struct icg_config *cfg, unsigned int attr, __u32 v)
{
	return (cfg->present & (1U << attr)) && cfg->val[attr] == v;
}

/* "set default-policy code NAME", unless a policy line gave the code. */
static void reject_code_line(FILE *f, const struct icg_config *cfg)
{
	__u32 code = cfg->val[ICMPGUARD_CFG_A_REJECT_CODE];
	const char *name = icg_error_code_name(ICMP_DEST_UNREACH, code);

	if (!(cfg->present & (1U << ICMPGUARD_CFG_A_REJECT_CODE)) ||
	    cfg_is(cfg, ICMPGUARD_CFG_A_POLICY, ICMPGUARD_POLICY_REJECT) ||
	    cfg_is(cfg, ICMPGUARD_CFG_A_FORWARD_POLICY,
		   ICMPGUARD_POLICY_REJECT))
		return;
	if (name)
		fprintf(f, "set default-policy code %s\n", name);
	else
		fprintf(f, "set default-policy code %u\n", code);
}

/* The lines of "show", as set lines: the number not restorable, or -1. */
static int config_lines(FILE *f, const struct icg_config *cfg)
{
	char *text = NULL, *line, *next;
	struct printer p;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	int odd = 0;

	if (!mem)
		return -1;
	pr_init(&p, mem, 0);
	pr_begin(&p);
	icg_config_print(&p, cfg);
	if (pr_end(&p) | fclose(mem)) {
		free(text);
		return -1;
	}
	for (line = text; *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (starts(line, "unknown-flags")) {
			fprintf(f, "# set %s (flags unknown to icmpctl)\n",
				line);
			odd++;
			continue;
		}
		fprintf(f, "set %s\n", line);
		if (starts(line, "default-policy") &&
		    !starts(next, "default-policy"))
			reject_code_line(f, cfg);
	}
	free(text);
	return odd;
}

int icg_save_print(FILE *f, const char *stamp, const struct icg_config *cfg,
		   struct icg_prefix *pfx, unsigned int npfx,
		   const struct icg_rule *rules, unsigned int nrules)
{
	char buf[ICG_RULE_TEXT_MAX];
	unsigned int i, dir;
	int odd;

	if (stamp)
		fprintf(f, "# %s\n", stamp);
	odd = config_lines(f, cfg);
	if (odd < 0)
		return -1;
	fprintf(f, "owned flush\n");
	icg_prefix_sort(pfx, npfx);	/* as "owned list" prints them */
	for (i = 0; i < npfx; i++) {
		icg_prefix_format(&pfx[i], buf, sizeof(buf));
		fprintf(f, "owned add %s\n", buf);
	}
	fprintf(f, "rule flush\n");
	/* As "rule list" prints them: the input rules, then the forward ones */
	for (dir = 0; dir <= ICMPGUARD_DIR_MAX + 1; dir++) {
		for (i = 0; i < nrules; i++) {
			if (rules[i].dir != dir &&
			    (dir <= ICMPGUARD_DIR_MAX ||
			     rules[i].dir <= ICMPGUARD_DIR_MAX))
				continue;
			icg_rule_format(&rules[i], buf, sizeof(buf));
			if (dir <= ICMPGUARD_DIR_MAX &&
			    icg_action_name(rules[i].action)) {
				fprintf(f, "rule add %s\n", buf);
			} else {
				fprintf(f, "# rule add %s (unknown to icmpctl)\n",
					buf);
				odd++;
			}
		}
	}
	return ferror(f) ? -1 : odd;
}

/* "icmpctl -n blue save, 2025-01-31 12:34:56 +0100" */
static void stamp(char *buf, size_t len)
{
	time_t now = time(NULL);
	char date[64] = "";
	struct tm tm;

	if (localtime_r(&now, &tm))
		strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S %z", &tm);
	snprintf(buf, len, "icmpctl%s%s save, %s", opts.netns ? " -n " : "",
		 opts.netns ? opts.netns : "", date);
}

int do_save(int argc, char **argv)
{
	struct owned_list owned = { NULL, 0, 0, 0 };
	struct rule_list rules = { NULL, 0, 0, 0 };
	struct icg_config cfg;
	char head[512];
	int ret = no_args("save", argc, argv), odd;

	if (ret)
		return ret;
	if (opts.json) {
		errmsg("save: prints icmpctl commands, not JSON (drop -j)");
		return EXIT_USAGE;
	}
	ret = config_fetch("save", &cfg);
	if (!ret)
		ret = owned_fetch("save", &owned);
	if (!ret)
		ret = rules_fetch("save", &rules, 0);
	if (!ret) {
		stamp(head, sizeof(head));
		odd = icg_save_print(stdout, head, &cfg, owned.pfx, owned.n,
				     rules.rules, rules.n);
		if (odd < 0 || fflush(stdout)) {
			errmsg("write error: %s", strerror(errno));
			ret = EXIT_RUNTIME;
		} else if (odd) {
			errmsg("save: %d line(s) newer than this icmpctl %s",
			       odd, "written as comments: they are not restored");
			ret = EXIT_RUNTIME;
		}
	}
	free(owned.pfx);
	free(rules.rules);
	return ret;
}
