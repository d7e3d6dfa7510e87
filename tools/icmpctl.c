// SPDX-License-Identifier: GPL-2.0
/*
 * icmpctl: control the icmpguard module over generic netlink.
 *
 *	icmpctl [OPTIONS] OBJECT COMMAND [ARGS]
 *
 * Exit status: 0 success, 1 runtime error (the kernel refused, the module
 * is not loaded, the namespace is missing), 2 usage error (a word that is
 * wrong or missing, found before the kernel is asked anything).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>

#include "../module/uapi/icmpguard.h"
#include "cmd.h"
#include "parse.h"
#include "print.h"
#include "show.h"
#include "sources.h"
#include "util.h"

#ifndef ICMPCTL_VERSION
#define ICMPCTL_VERSION	"0.1.0"
#endif

static int stats_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reply *r = data;

	if (icg_stats_parse(nlh, r->out)) {
		r->malformed = 1;
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	r->got = 1;
	return MNL_CB_OK;
}

static int config_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reply *r = data;

	if (icg_config_parse(nlh, r->out)) {
		r->malformed = 1;
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	r->got = 1;
	return MNL_CB_OK;
}

static int do_stats_show(int argc, char **argv)
{
	struct icg_source_list l = { NULL, 0, 0, 0 };
	struct icg_stats *st;
	struct printer p;
	int ret = no_args("stats", argc, argv);

	if (ret)
		return ret;
	st = malloc(sizeof(*st));
	if (!st) {
		errmsg("%s", strerror(ENOMEM));
		return EXIT_RUNTIME;
	}
	ret = get("stats", ICMPGUARD_CMD_GET_STATS, stats_reply_cb, st);
	/* With detail, the most limited sources too, if the module has any */
	if (!ret && opts.detail)
		ret = icg_sources_fetch("stats", &l, 1);
	if (!ret) {
		pr_init(&p, stdout, opts.json);
		pr_begin(&p);
		icg_stats_print(&p, st, opts.detail);
		if (opts.detail)
			icg_top_sources_print(&p, l.src, l.n);
		ret = finish_output(&p);
	}
	free(l.src);
	free(st);
	return ret;
}

static int do_stats_reset(int argc, char **argv)
{
	return simple_cmd("stats reset", ICMPGUARD_CMD_RESET_STATS, argc,
			  argv);
}

static int do_config_show(int argc, char **argv)
{
	struct icg_config cfg;
	struct printer p;
	int ret = no_args("config", argc, argv);

	if (ret)
		return ret;
	ret = get("config", ICMPGUARD_CMD_GET_CONFIG, config_reply_cb, &cfg);
	if (ret)
		return ret;
	pr_init(&p, stdout, opts.json);
	pr_begin(&p);
	icg_config_print(&p, &cfg);
	return finish_output(&p);
}

/* PREFIX, alone: 0, or the exit status after an error was printed. */
static int prefix_arg(const char *what, int argc, char **argv,
		      struct icg_prefix *pfx)
{
	char buf[INET_ADDRSTRLEN + 4];

	if (!argc) {
		errmsg("%s: missing prefix", what);
		return EXIT_USAGE;
	}
	switch (parse_prefix(argv[0], pfx)) {
	case 0:
		break;
	case PREFIX_HOST_BITS:
		icg_prefix_format(pfx, buf, sizeof(buf));
		errmsg("%s: host bits set (did you mean %s?)", argv[0], buf);
		return EXIT_USAGE;
	default:
		errmsg("invalid prefix \"%s\"", argv[0]);
		return EXIT_USAGE;
	}
	return argc > 1 ? extra_word(what, argv[1]) : 0;
}

static int owned_change(const char *what, __u8 cmd, int argc, char **argv)
{
	char ctx[64], buf[INET_ADDRSTRLEN + 4];
	struct icg_prefix pfx;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int ret = prefix_arg(what, argc, argv, &pfx);

	if (ret)
		return ret;
	if (connect_kernel())
		return EXIT_RUNTIME;
	nlh = nl_request(&nl, cmd, ICMPGUARD_GENL_VERSION, NLM_F_ACK);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_PREFIX);
	mnl_attr_put(nlh, ICMPGUARD_PFX_A_ADDR, sizeof(pfx.addr), &pfx.addr);
	mnl_attr_put_u8(nlh, ICMPGUARD_PFX_A_PLEN, (__u8)pfx.plen);
	mnl_attr_nest_end(nlh, nest);
	icg_prefix_format(&pfx, buf, sizeof(buf));
	snprintf(ctx, sizeof(ctx), "%s %s", what, buf);
	return talk(ctx, nlh, NULL, NULL,
		    cmd == ICMPGUARD_CMD_DEL_OWNED ? TALK_ENOENT_IS_ANSWER : 0);
}

static int do_owned_add(int argc, char **argv)
{
	return owned_change("owned add", ICMPGUARD_CMD_ADD_OWNED, argc, argv);
}

static int do_owned_del(int argc, char **argv)
{
	return owned_change("owned del", ICMPGUARD_CMD_DEL_OWNED, argc, argv);
}

struct owned_list {
	struct icg_prefix *pfx;
	unsigned int n;
	unsigned int cap;
	int malformed;
};

static int owned_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct owned_list *l = data;
	struct icg_prefix *grown;

	grown = array_grow(l->pfx, l->n, &l->cap, sizeof(*grown));
	if (!grown) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	l->pfx = grown;
	if (icg_prefix_parse(nlh, &l->pfx[l->n])) {
		l->malformed = 1;
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	l->n++;
	return MNL_CB_OK;
}

static void owned_reset(void *data)
{
	struct owned_list *l = data;

	l->n = 0;
}

static int do_owned_list(int argc, char **argv)
{
	struct owned_list l = { NULL, 0, 0, 0 };
	struct nlmsghdr *nlh;
	struct printer p;
	int ret = no_args("owned list", argc, argv);

	if (ret)
		return ret;
	if (connect_kernel())
		return EXIT_RUNTIME;
	nlh = nl_request(&nl, ICMPGUARD_CMD_GET_OWNED, ICMPGUARD_GENL_VERSION,
			 NLM_F_DUMP);
	ret = dump("owned list", nlh, owned_dump_cb, &l, owned_reset,
		   &l.malformed);
	if (!ret) {
		pr_init(&p, stdout, opts.json);
		pr_begin(&p);
		icg_owned_print(&p, l.pfx, l.n);
		ret = finish_output(&p);
	}
	free(l.pfx);
	return ret;
}

static int do_owned_flush(int argc, char **argv)
{
	return simple_cmd("owned flush", ICMPGUARD_CMD_FLUSH_OWNED, argc,
			  argv);
}

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
	{ NULL }
};

static const struct command config_cmds[] = {
	{ "show", NULL, do_config_show, NULL, "show the configuration" },
	{ NULL }
};

static const struct command show_cmds[] = {
	{ NULL, NULL, do_config_show, NULL, "same as \"config show\"" },
	{ NULL }
};

static const struct command set_cmds[] = {
	{ NULL, NULL, do_set, "SETTING...",
	  "change settings, all in one step" },
	{ NULL }
};

static const struct command owned_cmds[] = {
	{ "list", "show", do_owned_list, NULL, "list the owned prefixes" },
	{ "add", NULL, do_owned_add, "PREFIX",
	  "answer echo for every address of PREFIX" },
	{ "del", "delete", do_owned_del, "PREFIX", "stop owning PREFIX" },
	{ "flush", NULL, do_owned_flush, NULL, "remove every owned prefix" },
	{ NULL }
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
	{ NULL }
};

static const struct command profile_cmds[] = {
	{ NULL, NULL, do_profile, "router [apply | show]",
	  "replace the rule set by a profile, or print it" },
	{ NULL }
};

static const struct command monitor_cmds[] = {
	{ NULL, NULL, do_monitor, "[count N]",
	  "print events as they come (N of them)" },
	{ NULL }
};

static const struct command sources_cmds[] = {
	{ "list", NULL, do_sources, NULL,
	  "list the sources of the flood table" },
	{ NULL }
};

static const char set_grammar[] =
	"SETTING := FLAG { on | off }\n"
	"         | { reply-rate | reply-rate-per-dest } RATE [ burst N ]\n"
	"         | default-policy [ input | forward ]\n"
	"                          { accept | drop | reject [ code CODE ] }\n"
	"         | flood-limit RATE [ burst N ] [ per-source [ /PLEN ] ]\n"
	"         | max-sources N\n"
	"         | error-source { A.B.C.D | auto }\n"
	"         | error-rate TYPE[/CODE] RATE [ burst N ]\n"
	"FLAG := { responder | timestamp | probe | broadcast-echo | router-mode |\n"
	"          error-extensions }\n"
	"RATE := { NUMBER[/s] | unlimited }\n"
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
	"FILE: one RULE a line; # starts a comment\n";

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
};

#define NOBJECTS	ARRAY_SIZE(objects)

static void usage_object(FILE *f, const struct object *o)
{
	const struct command *c;
	char line[80];

	for (c = o->cmds; c->fn; c++) {
		if (!c->name)
			snprintf(line, sizeof(line), "icmpctl %s%s%s", o->name,
				 c->args ? " " : "", c->args ? c->args : "");
		else if (c == o->cmds)
			snprintf(line, sizeof(line), "icmpctl %s [%s]%s%s",
				 o->name, c->name, c->args ? " " : "",
				 c->args ? c->args : "");
		else
			snprintf(line, sizeof(line), "icmpctl %s %s%s%s",
				 o->name, c->name, c->args ? " " : "",
				 c->args ? c->args : "");
		fprintf(f, "  %-40s %s\n", line, c->help);
		if (!c->name)
			break;
	}
}

static void usage(FILE *f)
{
	unsigned int i;

	fputs("Usage: icmpctl [OPTIONS] OBJECT COMMAND [ARGS]\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json             print JSON\n"
	      "  -s, --stats, --details more detail (may be repeated)\n"
	      "  -n, --netns NETNS      act in network namespace NETNS\n"
	      "  -h, --help             print this help\n"
	      "  -V, --version          print the version\n"
	      "\n"
	      "Commands:\n", f);
	for (i = 0; i < NOBJECTS; i++)
		usage_object(f, &objects[i]);
	fprintf(f, "  %-40s %s\n", "icmpctl help [OBJECT]", "print help");
	fputc('\n', f);
	for (i = 0; i < NOBJECTS; i++)
		if (objects[i].grammar)
			fputs(objects[i].grammar, f);
}

static int help_object(const struct object *o)
{
	printf("Usage:\n");
	usage_object(stdout, o);
	if (o->grammar)
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

static int dispatch(int argc, char **argv)
{
	const struct object *o;
	const struct command *c;

	if (!argc) {
		errmsg("missing object (try \"icmpctl help\")");
		return EXIT_USAGE;
	}
	if (!strcmp(argv[0], "help")) {
		if (argc == 1) {
			usage(stdout);
			return 0;
		}
		o = find_object(argv[1]);
		if (!o) {
			errmsg("help: unknown object \"%s\"", argv[1]);
			return EXIT_USAGE;
		}
		return help_object(o);
	}
	o = find_object(argv[0]);
	if (!o) {
		if (argv[0][0] == '-')
			errmsg("unknown option \"%s\" (options go before the object)",
			       argv[0]);
		else
			errmsg("unknown object \"%s\"", argv[0]);
		return EXIT_USAGE;
	}
	if (argc > 1 && !strcmp(argv[1], "help"))
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
		return help_object(o);
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
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL,		0,			NULL, 0 }
};

int main(int argc, char **argv)
{
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:jsn:hV", long_options,
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
		case 'h':
			usage(stdout);
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
	ret = dispatch(argc - optind, argv + optind);
	if (nl.sk)
		nl_close(&nl);
	return ret;
}
