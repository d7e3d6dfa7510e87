// SPDX-License-Identifier: GPL-2.0
/*
 * icmpctl save; see save.h.
 */
#include <stdlib.h>
#include <time.h>

#include "icmpctl.h"
#include "print.h"

unsigned int save_print(const struct config *c, const struct vec *owned,
			const struct vec *rules)
{
	const struct prefix *p = owned->v;
	const struct rule *rs = rules->v;
	char buf[PREFIX_STRLEN];
	unsigned int i, g, odd;
	struct rule r;
	int known;

	print_fp("config reset\nowned flush\nrule flush\n");
	odd = settings_print(c, 0, "set ");
	for (i = 0; i < owned->n; i++)
		print_fp("owned add %s\n", prefix_str(&p[i], buf, sizeof(buf)));
	/* As rule list has them: input, then forward, each in order */
	for (g = 0; g <= dirs.n; g++) {
		for (i = 0; i < rules->n; i++) {
			if (rule_group(&rs[i]) != g)
				continue;
			r = rs[i];
			r.has &= ~(RULE_HAS_HANDLE | RULE_HAS_COUNTERS);
			known = g < dirs.n && r.action < actions.n;
			print_fp("%srule add ", known ? "" : "# ");
			rule_print(&r);
			odd += !known;
		}
	}
	return odd;
}

/*
 * Settings, prefixes and rules come in three requests: they are one
 * configuration if its generation did not change from the first to a
 * last look. A module without generations (0 both times) is taken as is.
 */
static int snapshot(struct config *c, struct vec *owned, struct vec *rules)
{
	struct config again;
	int ret, tries;

	for (tries = 0; tries < 10; tries++) {
		free(owned->v);
		free(rules->v);
		*owned = (struct vec){ NULL, 0, 0 };
		*rules = (struct vec){ NULL, 0, 0 };
		ret = config_fetch("save", c);
		if (!ret)
			ret = owned_fetch("save", owned);
		if (!ret)
			ret = rules_fetch("save", rules, 0);
		if (!ret)
			ret = config_fetch("save", &again);
		if (ret || again.generation == c->generation)
			return ret;
	}
	errmsg("save: the configuration kept changing while it was read");
	return EXIT_RUNTIME;
}

int do_save(int argc, char **argv)
{
	struct vec owned = { NULL, 0, 0 }, rules = { NULL, 0, 0 };
	char date[64] = "";
	struct config c;
	unsigned int odd;
	time_t now = time(NULL);
	struct tm tm;
	int ret = no_args("save", argc, argv);

	if (!ret && opts.json) {
		errmsg("save: prints icmpctl commands, not JSON (drop -j)");
		ret = EXIT_USAGE;
	} else if (!ret && opts.family) {
		errmsg("save: saves both families, which it flushes first (drop -4, -6)");
		ret = EXIT_USAGE;
	}
	if (!ret)
		ret = snapshot(&c, &owned, &rules);
	if (!ret) {
		if (localtime_r(&now, &tm))
			strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S %z",
				 &tm);
		new_json_obj(stdout, 0);
		print_fp("# icmpctl%s%s save, %s\n", opts.netns ? " -n " : "",
			 opts.netns ? opts.netns : "", date);
		odd = save_print(&c, &owned, &rules);
		ret = finish_output();
		if (!ret && odd) {
			errmsg("save: %u line(s) newer than this icmpctl %s", odd,
			       "written as comments: they are not restored");
			ret = EXIT_RUNTIME;
		}
	}
	free(owned.v);
	free(rules.v);
	return ret;
}
