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
#include <sys/socket.h>

#include "icmpctl.h"

#ifndef ICMPCTL_VERSION
#define ICMPCTL_VERSION	"0.2.0"
#endif

struct command {
	const char *name;	/* NULL: the object takes the words itself */
	const char *alias;
	int (*fn)(int argc, char **argv);
	put_fn put;		/* a change: its words as a batch's attributes */
	const char *args;	/* for the usage line */
	const char *help;
};

struct object {
	const char *name;
	const struct command *cmds;	/* the first is the default */
	const char *grammar;		/* notes for the usage text */
};

static const struct command stats_cmds[] = {
	{ "show", NULL, do_stats_show, NULL, NULL,
	  "show counters, drops and ICMP types" },
	{ "reset", NULL, do_stats_reset, NULL, NULL,
	  "set every counter to zero" },
	{ "prometheus", "--prometheus", do_stats_prometheus, NULL, NULL,
	  "the counters in Prometheus text format" },
	{ .help = NULL }	/* the end */
};

static const struct command config_cmds[] = {
	{ "show", NULL, do_config_show, NULL, NULL, "show the configuration" },
	{ "reset", NULL, NULL, config_reset_put, NULL,
	  "every setting back to its default" },
	{ .help = NULL }	/* the end */
};

static const struct command show_cmds[] = {
	{ NULL, NULL, do_config_show, NULL, NULL, "same as \"config show\"" },
	{ .help = NULL }	/* the end */
};

static const struct command set_cmds[] = {
	{ NULL, NULL, NULL, set_put, "SETTING...",
	  "change settings, all in one step" },
	{ .help = NULL }	/* the end */
};

static const struct command owned_cmds[] = {
	{ "list", "show", do_owned_list, NULL, NULL,
	  "list the owned prefixes" },
	{ "add", NULL, NULL, owned_add_put, "PREFIX",
	  "answer for every address of PREFIX" },
	{ "del", "delete", NULL, owned_del_put, "PREFIX",
	  "stop owning PREFIX" },
	{ "flush", NULL, NULL, owned_flush_put, NULL,
	  "remove every owned prefix" },
	{ .help = NULL }	/* the end */
};

static const struct command rule_cmds[] = {
	{ "list", "show", do_rule_list, NULL, NULL,
	  "list the rules, with handles and counters" },
	{ "add", NULL, NULL, rule_add_put, "RULE",
	  "add RULE last in its direction" },
	{ "insert", NULL, NULL, rule_insert_put, "[index N] RULE",
	  "add RULE at position N (default 0: first)" },
	{ "del", "delete", NULL, rule_del_put, "handle N",
	  "delete the rule of handle N" },
	{ "flush", NULL, NULL, rule_flush_put, "[input | forward]",
	  "delete every rule, or those of a direction" },
	{ "replace", NULL, NULL, rule_replace_put, "-f FILE",
	  "replace the rule set by FILE's (- for stdin)" },
	{ .help = NULL }	/* the end */
};

static const struct command profile_cmds[] = {
	{ NULL, NULL, do_profile, profile_put, "router [apply | show]",
	  "replace the rule set by a profile, or print it" },
	{ .help = NULL }	/* the end */
};

static const struct command monitor_cmds[] = {
	{ NULL, NULL, do_monitor, NULL, "[count N]",
	  "print events as they come (N of them)" },
	{ .help = NULL }	/* the end */
};

static const struct command sources_cmds[] = {
	{ "list", NULL, do_sources, NULL, NULL,
	  "list the sources of the flood table" },
	{ .help = NULL }	/* the end */
};

static const struct command save_cmds[] = {
	{ NULL, NULL, do_save, NULL, NULL,
	  "print the configuration as commands for -f" },
	{ .help = NULL }	/* the end */
};

static const char set_grammar[] =
	"SETTING := FLAG { on | off }\n"
	"         | { reply-rate | reply-rate-per-dest } RATE [ burst N ]\n"
	"         | default-policy [ input | forward ]\n"
	"                          { accept | drop | reject [ code CODE ] }\n"
	"         | default-policy code CODE\n"
	"         | flood-limit RATE [ burst N ] [ per-source [ /PLEN ] ]\n"
	"         | flood-limit [ RATE [ burst N ] ] shared      (IPv6 only)\n"
	"         | max-sources N\n"
	"         | error-source { ADDRESS | auto }\n"
	"         | error-rate TYPE[/CODE] RATE [ burst N ]\n"
	"         | { ipv4 | ipv6 }  the family of the settings after it\n"
	"FLAG := { responder | timestamp | probe | broadcast-echo | router-mode |\n"
	"          error-extensions }\n"
	"RATE := { NUMBER[/s] | unlimited }, NUMBER up to 1000000000\n"
	"TYPE := { dest-unreach | time-exceeded | parameter-problem | 3 | 11 | 12 }\n"
	"        for IPv4; { destination-unreachable | packet-too-big |\n"
	"        time-exceeded | parameter-problem | 1 | 2 | 3 | 4 } for IPv6\n"
	"CODE := { NUMBER | NAME }, e.g. admin-prohibited, port-unreachable,\n"
	"        frag-needed, ttl-exceeded, no-route (see icmpctl(8))\n";

static const char owned_grammar[] = "PREFIX := ADDRESS[/LEN], IPv4 or IPv6\n";

static const char rule_grammar[] =
	"RULE := DIR [ icmp | icmpv6 ] [ type TYPES ] [ code CODES ]\n"
	"        [ from PREFIX ] [ to PREFIX ] [ iif NAME ] [ oif NAME ]\n"
	"        [ length MIN[-MAX] ] ACTION\n"
	"DIR := { input | forward }\n"
	"TYPES, CODES := ITEM[,ITEM]... | { ITEM, ... }\n"
	"ITEM := { NUMBER | NUMBER-NUMBER | NAME }\n"
	"ACTION := { accept | drop | reject [ code CODE ] | reply |\n"
	"            limit RATE [ burst N ] [ per-source [ /PLEN ] ]\n"
	"                  [ reject [ code CODE ] ] }\n"
	"A rule is IPv6 with icmpv6 or an IPv6 prefix, IPv4 otherwise.\n"
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

	for (c = o->cmds; c->help; c++) {
		usage_command(f, o, c);
		if (!c->name)
			break;
	}
}

/* The commands a file may have: those of the table with a put. */
#define CHANGES	"set, config reset, owned add/del/flush, " \
		"rule add/insert/del/flush and profile router"

static const char batch_grammar[] =
	"FILE (of -f): one command a line, as after \"icmpctl\": " CHANGES ";\n"
	"        # starts a comment; the module applies the file in one step\n";

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
	      "  -4, -6                 IPv4 only, IPv6 only: what lists show,\n"
	      "                         the family of set's settings\n"
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
	if (!o)
		return usage_err("help: unknown object \"%s\"", argv[0]);
	if (argc == 1 || !o->cmds[0].name)
		return help_object(o);
	c = find_command(o, argv[1]);
	if (!c)
		return usage_err("help: %s: unknown command \"%s\"", o->name, argv[1]);
	return help_command(o, c);
}

/* A command: its function, or its change as a batch of one. */
static int run(const struct object *o, const struct command *c, int argc,
	       char **argv)
{
	char what[64];

	if (c->fn)
		return c->fn(argc, argv);
	snprintf(what, sizeof(what), "%s%s%s", o->name, c->name ? " " : "",
		 c->name ? c->name : "");
	return run_change(c->put, what, argc, argv);
}

static int dispatch(int argc, char **argv)
{
	const struct object *o;
	const struct command *c;

	if (!argc)
		return usage_err("missing object (try \"icmpctl help\")");
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
	if (!o->cmds[0].name || argc == 1)
		return run(o, &o->cmds[0], argc - 1, argv + 1);
	c = find_command(o, argv[1]);
	if (!c) {
		if (argv[1][0] == '-')
			return extra_word(o->name, argv[1]);
		return usage_err("%s: unknown command \"%s\"", o->name, argv[1]);
	}
	if (argc > 2 && !strcmp(argv[2], "help"))
		return help_command(o, c);
	return run(o, c, argc - 2, argv + 2);
}

int read_only(const char *what)
{
	return usage_err("\"%s\" is not allowed in a file: %s (only %s are)", what,
			 streq(what, "stats reset") ? "it is no configuration" :
			 "it changes nothing", CHANGES);
}

/* A line of a file: a command of the table that changes something. */
int put_line(struct batch *b, int argc, char **argv)
{
	const struct object *o = find_object(argv[0]);
	const struct command *c;
	int words = 1;

	if (!o && argv[0][0] == '-')
		errmsg("options are not allowed in a file (\"%s\")", argv[0]);
	else if (!o && !strcmp(argv[0], "help"))
		return read_only("help");
	else if (!o && !strcmp(argv[0], "icmpctl"))
		errmsg("unknown object \"icmpctl\" (write the commands without it)");
	else if (!o)
		errmsg("unknown object \"%s\"", argv[0]);
	if (!o)
		return EXIT_USAGE;
	c = &o->cmds[0];
	if (c->name && argc > 1) {
		c = find_command(o, argv[1]);
		words = 2;
	}
	if (!c)
		return usage_err("%s: unknown command \"%s\"", o->name, argv[1]);
	snprintf(b->what, sizeof(b->what), "%s%s%s", o->name,
		 c->name ? " " : "", c->name ? c->name : "");
	if (c->put)
		return c->put(b, argc - words, argv + words);
	return read_only(b->what);
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
	{ "ipv4",	no_argument,		NULL, '4' },
	{ "ipv6",	no_argument,		NULL, '6' },
	{ NULL,		0,			NULL, 0 }
};

int main(int argc, char **argv)
{
	const char *batch = NULL;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:jsn:f:hV46", long_options,
				NULL)) != -1) {
		switch (c) {
		case 'j':
			opts.json = 1;
			break;
		case 's':
			opts.detail++;
			break;
		case 'n':
			if (!valid_netns_name(optarg))
				return usage_err("invalid netns name \"%s\"", optarg);
			opts.netns = optarg;
			break;
		case 'f':
			batch = optarg;
			break;
		case '4':
			opts.family = AF_INET;
			break;
		case '6':
			opts.family = AF_INET6;
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
			return usage_err("option \"%s\" needs an argument",
					 argv[optind - 1]);
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
