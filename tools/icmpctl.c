// SPDX-License-Identifier: GPL-2.0
/*
 * icmpctl: control the icmpguard module over generic netlink.
 *
 *	icmpctl [OPTIONS] OBJECT COMMAND [ARGS]
 *	icmpctl [OPTIONS] -f FILE
 *
 * Exit status: 0 success, 1 runtime error (the kernel refused, the module
 * is not loaded, the namespace is missing), 2 usage error (a word that is
 * wrong or missing, found before the kernel is asked anything).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../module/uapi/icmpguard.h"
#include "batch.h"
#include "cmd.h"
#include "util.h"

#ifndef ICMPCTL_VERSION
#define ICMPCTL_VERSION	"0.1.0"
#endif

struct command {
	const char *name;	/* NULL: the object takes the words itself */
	const char *alias;
	int (*fn)(int argc, char **argv);
	const char *args;	/* for the usage line */
	const char *help;
};

struct object {
	const char *name;
	const struct command *cmds;	/* the first is the default */
	const char *grammar;		/* notes for the usage text */
};

static const struct command stats_cmds[] = {
	{ "show", NULL, do_stats_show, NULL,
	  "show counters, drops and ICMP types" },
	{ "reset", NULL, do_stats_reset, NULL, "set every counter to zero" },
	{ "prometheus", "--prometheus", do_stats_prometheus, NULL,
	  "the counters in Prometheus text format" },
	{ .fn = NULL }	/* the end */
};

static const struct command config_cmds[] = {
	{ "show", NULL, do_config_show, NULL, "show the configuration" },
	{ .fn = NULL }	/* the end */
};

static const struct command show_cmds[] = {
	{ NULL, NULL, do_config_show, NULL, "same as \"config show\"" },
	{ .fn = NULL }	/* the end */
};

static const struct command set_cmds[] = {
	{ NULL, NULL, do_set, "SETTING...",
	  "change settings, all in one step" },
	{ .fn = NULL }	/* the end */
};

static const struct command owned_cmds[] = {
	{ "list", "show", do_owned_list, NULL, "list the owned prefixes" },
	{ "add", NULL, do_owned_add, "PREFIX",
	  "answer echo for every address of PREFIX" },
	{ "del", "delete", do_owned_del, "PREFIX", "stop owning PREFIX" },
	{ "flush", NULL, do_owned_flush, NULL, "remove every owned prefix" },
	{ .fn = NULL }	/* the end */
};

static const struct command rule_cmds[] = {
	{ "list", "show", do_rule_list, NULL,
	  "list the rules, with handles and counters" },
	{ "add", NULL, do_rule_add, "RULE",
	  "add RULE last in its direction" },
	{ "insert", NULL, do_rule_insert, "[index N] RULE",
	  "add RULE at position N (default 0: first)" },
	{ "del", "delete", do_rule_del, "handle N",
	  "delete the rule of handle N" },
	{ "flush", NULL, do_rule_flush, "[input | forward]",
	  "delete every rule, or those of a direction" },
	{ "replace", NULL, do_rule_replace, "-f FILE",
	  "replace the rule set by FILE's (- for stdin)" },
	{ .fn = NULL }	/* the end */
};

static const struct command profile_cmds[] = {
	{ NULL, NULL, do_profile, "router [apply | show]",
	  "replace the rule set by a profile, or print it" },
	{ .fn = NULL }	/* the end */
};

static const struct command monitor_cmds[] = {
	{ NULL, NULL, do_monitor, "[count N]",
	  "print events as they come (N of them)" },
	{ .fn = NULL }	/* the end */
};

static const struct command sources_cmds[] = {
	{ "list", NULL, do_sources, NULL,
	  "list the sources of the flood table" },
	{ .fn = NULL }	/* the end */
};

static const struct command save_cmds[] = {
	{ NULL, NULL, do_save, NULL,
	  "print the configuration as commands for -f" },
	{ .fn = NULL }	/* the end */
};

static const char set_grammar[] =
	"SETTING := FLAG { on | off }\n"
	"         | { reply-rate | reply-rate-per-dest } RATE [ burst N ]\n"
	"         | default-policy [ input | forward ]\n"
	"                          { accept | drop | reject [ code CODE ] }\n"
	"         | default-policy code CODE\n"
	"         | flood-limit RATE [ burst N ] [ per-source [ /PLEN ] ]\n"
	"         | max-sources N\n"
	"         | error-source { A.B.C.D | auto }\n"
	"         | error-rate TYPE[/CODE] RATE [ burst N ]\n"
	"FLAG := { responder | timestamp | probe | broadcast-echo | router-mode |\n"
	"          error-extensions }\n"
	"RATE := { NUMBER[/s] | unlimited }, NUMBER up to 1000000000\n"
	"TYPE := { dest-unreach | time-exceeded | parameter-problem | 3 | 11 | 12 }\n"
	"CODE := { NUMBER | NAME }, e.g. admin-prohibited, port-unreachable,\n"
	"        frag-needed, ttl-exceeded (see icmpctl(8))\n";

static const char owned_grammar[] = "PREFIX := A.B.C.D[/LEN]\n";

static const char rule_grammar[] =
	"RULE := DIR [ type TYPES ] [ code CODES ] [ from PREFIX ] [ to PREFIX ]\n"
	"        [ iif NAME ] [ oif NAME ] [ length MIN[-MAX] ] ACTION\n"
	"DIR := { input | forward }\n"
	"TYPES, CODES := ITEM[,ITEM]...  ITEM := { NUMBER | NUMBER-NUMBER | NAME }\n"
	"ACTION := { accept | drop | reject [ code CODE ] | reply |\n"
	"            limit RATE [ burst N ] [ per-source [ /PLEN ] ]\n"
	"                  [ reject [ code CODE ] ] }\n"
	"FILE (of rule replace): one RULE a line; # starts a comment\n";

static const char save_grammar[] =
	"The output is a FILE for \"icmpctl -f FILE\", which applies it whole.\n";

static const struct object objects[] = {
	{ "stats", stats_cmds, NULL },
	{ "config", config_cmds, NULL },
	{ "show", show_cmds, NULL },
	{ "set", set_cmds, set_grammar },
	{ "owned", owned_cmds, owned_grammar },
	{ "rule", rule_cmds, rule_grammar },
	{ "profile", profile_cmds, NULL },
	{ "sources", sources_cmds, NULL },
	{ "monitor", monitor_cmds, NULL },
	{ "save", save_cmds, save_grammar },
};

#define NOBJECTS	ARRAY_SIZE(objects)

static void usage_command(FILE *f, const struct object *o,
			  const struct command *c)
{
	char line[80];

	if (!c->name)
		snprintf(line, sizeof(line), "icmpctl %s%s%s", o->name,
			 c->args ? " " : "", c->args ? c->args : "");
	else if (c == o->cmds)
		snprintf(line, sizeof(line), "icmpctl %s [%s]%s%s", o->name,
			 c->name, c->args ? " " : "", c->args ? c->args : "");
	else
		snprintf(line, sizeof(line), "icmpctl %s %s%s%s", o->name,
			 c->name, c->args ? " " : "", c->args ? c->args : "");
	fprintf(f, "  %-40s %s\n", line, c->help);
}

static void usage_object(FILE *f, const struct object *o)
{
	const struct command *c;

	for (c = o->cmds; c->fn; c++) {
		usage_command(f, o, c);
		if (!c->name)
			break;
	}
}

static const char batch_grammar[] =
	"FILE (of -f): one command a line, as after \"icmpctl\": set, owned add,\n"
	"        owned del, owned flush, rule add, rule insert, rule flush,\n"
	"        profile router; # starts a comment\n";

static void print_usage(FILE *f)
{
	unsigned int i;

	fputs("Usage: icmpctl [OPTIONS] OBJECT COMMAND [ARGS]\n"
	      "       icmpctl [OPTIONS] -f FILE\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json             print JSON\n"
	      "  -s, --stats, --details more detail (may be repeated)\n"
	      "  -n, --netns NETNS      act in network namespace NETNS\n"
	      "  -f, --batch FILE       apply FILE's commands, all or nothing\n"
	      "                         (- for standard input)\n"
	      "  -h, --help             print this help\n"
	      "  -V, --version          print the version\n"
	      "\n"
	      "Commands:\n", f);
	for (i = 0; i < NOBJECTS; i++)
		usage_object(f, &objects[i]);
	fprintf(f, "  %-40s %s\n", "icmpctl help [OBJECT [COMMAND]]",
		"print help");
	fputc('\n', f);
	for (i = 0; i < NOBJECTS; i++)
		if (objects[i].grammar && objects[i].grammar != save_grammar)
			fputs(objects[i].grammar, f);
	fputs(batch_grammar, f);
	fputs("\nExit status: 0 success, 1 error, 2 usage error.\n", f);
}

static int help_object(const struct object *o)
{
	printf("Usage:\n");
	usage_object(stdout, o);
	if (o->grammar)
		printf("\n%s", o->grammar);
	return 0;
}

static int help_command(const struct object *o, const struct command *c)
{
	printf("Usage:\n");
	usage_command(stdout, o, c);
	if (c->alias)
		printf("  (also \"icmpctl %s %s\")\n", o->name, c->alias);
	if (o->grammar && c->args)
		printf("\n%s", o->grammar);
	return 0;
}

static const struct object *find_object(const char *name)
{
	unsigned int i;

	for (i = 0; i < NOBJECTS; i++)
		if (!strcmp(objects[i].name, name))
			return &objects[i];
	return NULL;
}

static const struct command *find_command(const struct object *o,
					  const char *name)
{
	const struct command *c;

	for (c = o->cmds; c->name; c++)
		if (!strcmp(c->name, name) || (c->alias &&
					       !strcmp(c->alias, name)))
			return c;
	return NULL;
}

/* help [OBJECT [COMMAND]] */
static int do_help(int argc, char **argv)
{
	const struct object *o;
	const struct command *c;

	if (!argc || !strcmp(argv[0], "help")) {
		print_usage(stdout);
		return 0;
	}
	o = find_object(argv[0]);
	if (!o) {
		errmsg("help: unknown object \"%s\"", argv[0]);
		return EXIT_USAGE;
	}
	if (argc == 1 || !o->cmds[0].name)
		return help_object(o);
	c = find_command(o, argv[1]);
	if (!c) {
		errmsg("help: %s: unknown command \"%s\"", o->name, argv[1]);
		return EXIT_USAGE;
	}
	return help_command(o, c);
}

static int dispatch(int argc, char **argv)
{
	const struct object *o;
	const struct command *c;

	if (!argc) {
		errmsg("missing object (try \"icmpctl help\")");
		return EXIT_USAGE;
	}
	if (!strcmp(argv[0], "help"))
		return do_help(argc - 1, argv + 1);
	o = find_object(argv[0]);
	if (!o) {
		if (argv[0][0] == '-')
			errmsg("unknown option \"%s\" (options go before the object)",
			       argv[0]);
		else
			errmsg("unknown object \"%s\"", argv[0]);
		return EXIT_USAGE;
	}
	/* OBJECT help, and OBJECT WORD help for the objects without commands */
	if ((argc > 1 && !strcmp(argv[1], "help")) ||
	    (!o->cmds[0].name && argc == 3 && !strcmp(argv[2], "help")))
		return help_object(o);
	if (!o->cmds[0].name)
		return o->cmds[0].fn(argc - 1, argv + 1);
	if (argc == 1)
		return o->cmds[0].fn(0, argv + 1);
	c = find_command(o, argv[1]);
	if (!c) {
		if (argv[1][0] == '-')
			return extra_word(o->name, argv[1]);
		errmsg("%s: unknown command \"%s\"", o->name, argv[1]);
		return EXIT_USAGE;
	}
	if (argc > 2 && !strcmp(argv[2], "help"))
		return help_command(o, c);
	return c->fn(argc - 2, argv + 2);
}

static int valid_netns_name(const char *name)
{
	return *name && !strchr(name, '/') && strcmp(name, ".") &&
	       strcmp(name, "..");
}

static const struct option long_options[] = {
	{ "json",	no_argument,		NULL, 'j' },
	{ "stats",	no_argument,		NULL, 's' },
	{ "details",	no_argument,		NULL, 's' },
	{ "netns",	required_argument,	NULL, 'n' },
	{ "batch",	required_argument,	NULL, 'f' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL,		0,			NULL, 0 }
};

int main(int argc, char **argv)
{
	const char *batch = NULL;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:jsn:f:hV", long_options,
				NULL)) != -1) {
		switch (c) {
		case 'j':
			opts.json = 1;
			break;
		case 's':
			opts.detail++;
			break;
		case 'n':
			if (!valid_netns_name(optarg)) {
				errmsg("invalid netns name \"%s\"", optarg);
				return EXIT_USAGE;
			}
			opts.netns = optarg;
			break;
		case 'f':
			batch = optarg;
			break;
		case 'h':
			print_usage(stdout);
			return 0;
		case 'V':
			printf("icmpctl %s (generic netlink family %s, version %d)\n",
			       ICMPCTL_VERSION, ICMPGUARD_GENL_NAME,
			       ICMPGUARD_GENL_VERSION);
			return 0;
		case ':':
			errmsg("option \"%s\" needs an argument",
			       argv[optind - 1]);
			return EXIT_USAGE;
		default:
			if (optopt)
				errmsg("unknown option \"-%c\"", optopt);
			else
				errmsg("unknown option \"%s\"",
				       argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (batch && optind < argc)
		ret = extra_word("-f", argv[optind]);
	else if (batch)
		ret = do_batch(batch);
	else
		ret = dispatch(argc - optind, argv + optind);
	if (nl.sk)
		nl_close(&nl);
	return ret;
}
