// SPDX-License-Identifier: GPL-2.0
/*
 * icmpctl -f FILE: reading and checking the file; see batch.h.
 *
 * A line is what would follow "icmpctl" on a command line, options
 * excepted; '#' starts a comment. Only the commands that change the
 * configuration are taken: set, owned add/del/flush, rule add/insert/flush
 * and profile router.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../module/uapi/icmpguard.h"
#include "batch.h"
#include "cmd.h"
#include "owned.h"
#include "profile.h"

#define ONLY_WORDS	"only set, owned add/del/flush, rule add/insert/flush " \
			"and profile router are"

void batch_init(struct batch *b, const char *name)
{
	memset(b, 0, sizeof(*b));
	b->name = name;
	set_req_init(&b->cfg);
}

void batch_free(struct batch *b)
{
	free(b->owned);
	free(b->rules);
	b->owned = NULL;
	b->rules = NULL;
	b->nowned = 0;
	b->nrules = 0;
}

static int no_memory(void)
{
	errmsg("%s", strerror(ENOMEM));
	return EXIT_RUNTIME;
}

static int add_owned(struct batch *b, enum batch_op op,
		     const struct icg_prefix *pfx, unsigned int line)
{
	struct batch_owned *grown;

	grown = array_grow(b->owned, b->nowned, &b->owned_cap, sizeof(*grown));
	if (!grown)
		return no_memory();
	b->owned = grown;
	memset(&grown[b->nowned], 0, sizeof(*grown));
	grown[b->nowned].op = op;
	if (pfx)
		grown[b->nowned].pfx = *pfx;
	grown[b->nowned++].line = line;
	return 0;
}

static int add_rule(struct batch *b, const struct batch_rule *op)
{
	struct batch_rule *grown;

	grown = array_grow(b->rules, b->nrules, &b->rules_cap, sizeof(*grown));
	if (!grown)
		return no_memory();
	b->rules = grown;
	grown[b->nrules++] = *op;
	return 0;
}

/* A command that only reads: refused. */
static int read_only(const char *what)
{
	errmsg("\"%s\" is not allowed in a file: it changes nothing (%s)",
	       what, ONLY_WORDS);
	return EXIT_USAGE;
}

static int owned_line(struct batch *b, unsigned int line, int argc,
		      char **argv)
{
	struct icg_prefix pfx;
	const char *cmd = argc ? argv[0] : "list";
	int ret;

	if (!strcmp(cmd, "add") || !strcmp(cmd, "del") ||
	    !strcmp(cmd, "delete")) {
		ret = owned_prefix_arg(cmd[0] == 'a' ? "owned add" :
				       "owned del", argc - 1, argv + 1, &pfx);
		if (ret)
			return ret;
		return add_owned(b, cmd[0] == 'a' ? BATCH_ADD : BATCH_DEL,
				 &pfx, line);
	}
	if (!strcmp(cmd, "flush")) {
		ret = no_args("owned flush", argc - 1, argv + 1);
		return ret ? ret : add_owned(b, BATCH_FLUSH, NULL, line);
	}
	if (!strcmp(cmd, "list") || !strcmp(cmd, "show"))
		return read_only("owned list");
	errmsg("owned: unknown command \"%s\"", cmd);
	return EXIT_USAGE;
}

/* The rule commands a file may not have: EXIT_USAGE after the line. */
static int rule_refused(const char *cmd)
{
	if (!strcmp(cmd, "list") || !strcmp(cmd, "show"))
		return read_only("rule list");
	if (!strcmp(cmd, "del") || !strcmp(cmd, "delete"))
		errmsg("\"rule del\" is not allowed in a file: %s",
		       "handles change as the file is applied (use \"rule flush\" and \"rule add\")");
	else if (!strcmp(cmd, "replace"))
		errmsg("\"rule replace\" is not allowed in a file %s",
		       "(write \"rule flush\", then its rules as \"rule add\")");
	else
		errmsg("rule: unknown command \"%s\"", cmd);
	return EXIT_USAGE;
}

static int rule_line(struct batch *b, unsigned int line, int argc,
		     char **argv)
{
	struct batch_rule op = { .line = line };
	const char *cmd = argc ? argv[0] : "list";
	int ret;

	if (!strcmp(cmd, "add")) {
		op.op = BATCH_ADD;
		ret = rule_add_words(argc - 1, argv + 1, &op.r);
	} else if (!strcmp(cmd, "insert")) {
		op.op = BATCH_INSERT;
		ret = rule_insert_words(argc - 1, argv + 1, &op.index, &op.r);
	} else if (!strcmp(cmd, "flush")) {
		op.op = BATCH_FLUSH;
		ret = rule_flush_words(argc - 1, argv + 1, &op.dir);
	} else {
		return rule_refused(cmd);
	}
	return ret ? ret : add_rule(b, &op);
}

/* profile router [apply]: every rule flushed, the profile's added. */
static int profile_line(struct batch *b, unsigned int line, int argc,
			char **argv)
{
	struct batch_rule op = { .op = BATCH_FLUSH, .dir = -1, .line = line };
	struct rule_set set = { 0 };
	unsigned int i;
	int show, ret = profile_words(argc, argv, &show);

	if (ret)
		return ret;
	if (show)
		return read_only("profile router show");
	ret = profile_rules(&set);
	if (!ret)
		ret = add_rule(b, &op);
	op.op = BATCH_ADD;
	for (i = 0; !ret && i < set.n; i++) {
		op.r = set.rules[i];
		ret = add_rule(b, &op);
	}
	rule_set_free(&set);
	return ret;
}

/* The objects that only read, but "stats reset". */
static const char * const readers[] = {
	"stats", "config", "show", "sources", "monitor", "save", "help",
};

static int other_line(int argc, char **argv)
{
	unsigned int i;

	if (!strcmp(argv[0], "stats") && argc > 1 &&
	    !strcmp(argv[1], "reset")) {
		errmsg("\"stats reset\" is not allowed in a file: it is no configuration (%s)",
		       ONLY_WORDS);
		return EXIT_USAGE;
	}
	for (i = 0; i < ARRAY_SIZE(readers); i++)
		if (!strcmp(argv[0], readers[i]))
			return read_only(argv[0]);
	if (argv[0][0] == '-')
		errmsg("options are not allowed in a file (\"%s\")", argv[0]);
	else if (!strcmp(argv[0], "icmpctl"))
		errmsg("unknown object \"icmpctl\" (write the commands without it)");
	else
		errmsg("unknown object \"%s\"", argv[0]);
	return EXIT_USAGE;
}

static int batch_line(struct batch *b, unsigned int line, int argc,
		      char **argv)
{
	if (!strcmp(argv[0], "set")) {
		b->has_set = 1;
		return set_req_parse(&b->cfg, line, argc - 1, argv + 1);
	}
	if (!strcmp(argv[0], "owned"))
		return owned_line(b, line, argc - 1, argv + 1);
	if (!strcmp(argv[0], "rule"))
		return rule_line(b, line, argc - 1, argv + 1);
	if (!strcmp(argv[0], "profile"))
		return profile_line(b, line, argc - 1, argv + 1);
	return other_line(argc, argv);
}

int batch_read(FILE *f, struct batch *b)
{
	char *line = NULL, **words = NULL, where[4096];
	struct rule_set set = { 0 };
	unsigned int lineno = 0, cap = 0;
	size_t len = 0;
	int n, ret = 0;

	while (!ret && getline(&line, &len, f) >= 0) {
		snprintf(where, sizeof(where), "%s:%u: ", b->name, ++lineno);
		err_where = where;
		n = split_words(line, &words, &cap);
		if (n < 0)
			ret = no_memory();
		else if (n > 0)
			ret = batch_line(b, lineno, n, words);
	}
	err_where = "";
	if (!ret && ferror(f)) {
		errmsg("%s: read error: %s", b->name, strerror(errno));
		ret = EXIT_RUNTIME;
	}
	if (!ret)
		ret = batch_owned_check(b, NULL, 0, 0);
	/* When the file flushes every rule, the set it makes is known. */
	if (!ret && b->nrules && !batch_needs_rules(b)) {
		ret = batch_rules_plan(b, NULL, 0, &set);
		rule_set_free(&set);
	}
	free(line);
	free(words);
	return ret;
}
