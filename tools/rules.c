// SPDX-License-Identifier: GPL-2.0
/*
 * icmpctl rule: list the rule set, and change it in batches.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "icmpctl.h"
#include "print.h"

#define FLUSH_RULES	(ICMPGUARD_FLUSH_F_INPUT | ICMPGUARD_FLUSH_F_FORWARD)

int rules_fetch(const char *what, struct vec *v, int optional)
{
	return dump(what, ICMPGUARD_CMD_GET_RULES, v, sizeof(struct rule),
		    rule_msg_parse, optional);
}

int do_rule_list(int argc, char **argv)
{
	struct vec v = { NULL, 0, 0 };
	int ret = no_args("rule list", argc, argv);

	if (!ret)
		ret = rules_fetch("rule list", &v, 0);
	if (!ret) {
		new_json_obj(stdout, opts.json);
		rules_print(v.v, v.n, opts.family);
		ret = finish_output();
	}
	free(v.v);
	return ret;
}

/* RULE, of the command what (NULL: of a file of rules), into b. */
static int put_rule(struct batch *b, const char *what, int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct rule r;
	char err[256];

	if (rule_parse(argc, argv, &r, err, sizeof(err)))
		return usage_err("%s%s%s", what ? what : "", what ? ": " : "", err);
	nlh = batch_room(b, RULE_ROOM);
	if (!nlh)
		return EXIT_RUNTIME;
	rule_put(nlh, ICMPGUARD_A_RULE, &r);
	return 0;
}

int rule_add_put(struct batch *b, int argc, char **argv)
{
	return put_rule(b, "rule add", argc, argv);
}

/* [index N] RULE */
int rule_insert_put(struct batch *b, int argc, char **argv)
{
	__u32 index = 0;

	if (argc && !strcmp(argv[0], "index")) {
		if (argc < 2)
			return usage_err("rule insert: missing position after \"index\"");
		if (parse_u32(argv[1], &index))
			return usage_err("rule insert: invalid index \"%s\" (expected a number)",
					 argv[1]);
		argc -= 2;
		argv += 2;
	}
	if (!batch_room(b, 16))
		return EXIT_RUNTIME;
	mnl_attr_put_u32(b->nlh, ICMPGUARD_A_RULE_INDEX, index);
	return put_rule(b, "rule insert", argc, argv);
}

/* handle N */
int rule_del_put(struct batch *b, int argc, char **argv)
{
	__u32 handle;

	if (!argc)
		return usage_err("rule del: missing \"handle N\"");
	if (strcmp(argv[0], "handle")) {
		if (argv[0][0] == '-')
			return extra_word("rule del", argv[0]);
		return usage_err("rule del: expected \"handle\", got \"%s\"", argv[0]);
	}
	if (argc < 2)
		return usage_err("rule del: missing number after \"handle\"");
	if (parse_u32(argv[1], &handle))
		return usage_err("rule del: invalid handle \"%s\" (expected a number)",
				 argv[1]);
	if (argc > 2)
		return extra_word("rule del", argv[2]);
	snprintf(b->what, sizeof(b->what), "rule del handle %u", handle);
	if (!batch_room(b, 16))
		return EXIT_RUNTIME;
	mnl_attr_put_u32(b->nlh, ICMPGUARD_A_RULE_HANDLE, handle);
	return 0;
}

/* [input | forward] */
int rule_flush_put(struct batch *b, int argc, char **argv)
{
	static const __u32 flags[] = {
		ICMPGUARD_FLUSH_F_INPUT, ICMPGUARD_FLUSH_F_FORWARD,
	};
	int dir = argc ? name_find(&dirs, argv[0]) : -1;

	if (argc && dir < 0) {
		if (argv[0][0] == '-')
			return extra_word("rule flush", argv[0]);
		return usage_err("rule flush: invalid direction \"%s\" (" DIR_WORDS ")", argv[0]);
	}
	if (argc > 1)
		return extra_word("rule flush", argv[1]);
	return batch_flush(b, dir < 0 ? FLUSH_RULES : flags[dir]);
}

/* A line of a rule file: a rule, "rule add" in front or not. */
static int put_file_rule(struct batch *b, int argc, char **argv)
{
	int skip = argc >= 2 && !strcmp(argv[0], "rule") &&
		   !strcmp(argv[1], "add") ? 2 : 0;

	return put_rule(b, NULL, argc - skip, argv + skip);
}

/* -f FILE ("-": standard input): the file's rules instead of these */
int rule_replace_put(struct batch *b, int argc, char **argv)
{
	const char *name;
	FILE *f;
	int ret;

	if (b->file)
		return usage_err("\"rule replace\" is not allowed in a file (write %s)",
				 "\"rule flush\", then its rules as \"rule add\"");
	if (!argc || strcmp(argv[0], "-f")) {
		if (argc && argv[0][0] == '-')
			return extra_word("rule replace", argv[0]);
		if (argc)
			errmsg("rule replace: expected \"-f\", got \"%s\"",
			       argv[0]);
		else
			errmsg("rule replace: missing \"-f FILE\"");
		return EXIT_USAGE;
	}
	if (argc < 2)
		return usage_err("rule replace: missing file after \"-f\"");
	if (argc > 2)
		return extra_word("rule replace", argv[2]);
	name = strcmp(argv[1], "-") ? argv[1] : "<stdin>";
	f = strcmp(argv[1], "-") ? fopen(name, "re") : stdin;
	if (!f)
		return runtime_err("rule replace: cannot open \"%s\": %s", name,
				   strerror(errno));
	ret = batch_flush(b, FLUSH_RULES);
	/* The module's errors about a rule name its line of the file. */
	b->file = name;
	if (!ret)
		ret = read_lines(f, name, b, put_file_rule);
	if (f != stdin)
		fclose(f);
	return ret;
}
