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
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <linux/icmp.h>
#include <libmnl/libmnl.h>

#include "../module/uapi/icmpguard.h"
#include "netlink.h"
#include "parse.h"
#include "print.h"
#include "show.h"
#include "util.h"

#ifndef ICMPCTL_VERSION
#define ICMPCTL_VERSION	"0.1.0"
#endif

#define EXIT_RUNTIME	1
#define EXIT_USAGE	2

/* Times a dump interrupted by a concurrent change is tried in all. */
#define DUMP_TRIES	5

/* talk() flags */
#define TALK_ENOENT_IS_ANSWER	1	/* ENOENT is the command's own answer */

static struct {
	int json;
	unsigned int detail;
	const char *netns;
} opts;

static struct nl nl;

/* Every error: one line on stderr. fmt is a literal, checked by printf. */
#define errmsg(fmt, ...) \
	fprintf(stderr, "icmpctl: " fmt "\n", ##__VA_ARGS__)

/* A word left over after a command's arguments. */
static int extra_word(const char *what, const char *word)
{
	if (word[0] == '-')
		errmsg("%s: unexpected argument \"%s\" (options go before the object)",
		       what, word);
	else
		errmsg("%s: unexpected argument \"%s\"", what, word);
	return EXIT_USAGE;
}

static int enter_netns(const char *name)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		errmsg("cannot open netns \"%s\": %s", name, strerror(errno));
		return -1;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		errmsg("cannot enter netns \"%s\": %s", name, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static void module_missing(void)
{
	errmsg("the icmpguard module is not loaded (insmod icmpguard.ko)");
}

/* Enters the namespace, opens the socket and finds the family. */
static int connect_kernel(void)
{
	const char *stage;
	int ret;

	if (opts.netns && enter_netns(opts.netns))
		return -1;
	ret = nl_open(&nl, ICMPGUARD_GENL_NAME, &stage);
	if (!ret)
		return 0;
	if (!strcmp(stage, "socket"))
		errmsg("cannot open a generic netlink socket: %s",
		       strerror(-ret));
	else if (ret == -ENOENT)
		module_missing();
	else
		errmsg("cannot look up generic netlink family \"%s\": %s",
		       ICMPGUARD_GENL_NAME, strerror(-ret));
	return -1;
}

/* One line for an error of the kernel, or of the exchange with it. */
static void kernel_error(const char *what, int err, unsigned int flags)
{
	const char *hint = "";

	if (err == EPERM) {
		errmsg("%s (changing icmpguard needs CAP_NET_ADMIN)",
		       strerror(err));
		return;
	}
	if (err == ENOENT && !(flags & TALK_ENOENT_IS_ANSWER) &&
	    !nl.ext_msg[0]) {
		module_missing();	/* unloaded since it was looked up */
		return;
	}
	if (err == EOPNOTSUPP && !nl.ext_msg[0])
		hint = " (the icmpguard module is older than icmpctl)";
	if (nl.ext_msg[0])
		errmsg("%s: %s: %s", what, strerror(err), nl.ext_msg);
	else
		errmsg("%s: %s%s", what, strerror(err), hint);
}

/* A do request: 0, or the exit status after an error was printed. */
static int talk(const char *what, struct nlmsghdr *nlh, mnl_cb_t cb,
		void *data, unsigned int flags)
{
	int ret = nl_talk(&nl, nlh, cb, data);

	if (ret) {
		kernel_error(what, -ret, flags);
		return EXIT_RUNTIME;
	}
	if (nl.ext_msg[0])
		errmsg("warning: %s", nl.ext_msg);
	return 0;
}

static int finish_output(struct printer *p)
{
	if (pr_end(p)) {
		errmsg("write error: %s", strerror(errno));
		return EXIT_RUNTIME;
	}
	return 0;
}

/* A command that needs no argument */
static int no_args(const char *what, int argc, char **argv)
{
	return argc ? extra_word(what, argv[0]) : 0;
}

/* Simple do request without attributes nor reply. */
static int simple_cmd(const char *what, __u8 cmd, int argc, char **argv)
{
	struct nlmsghdr *nlh;
	int ret = no_args(what, argc, argv);

	if (ret)
		return ret;
	if (connect_kernel())
		return EXIT_RUNTIME;
	nlh = nl_request(&nl, cmd, ICMPGUARD_GENL_VERSION, NLM_F_ACK);
	return talk(what, nlh, NULL, NULL, 0);
}

/* The decoders flag what they refuse, to tell it from a kernel error. */
struct reply {
	void *out;
	int malformed;
	int got;
};

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

/* A do request with one reply, decoded by cb into out. */
static int get(const char *what, __u8 cmd, mnl_cb_t cb, void *out)
{
	struct reply r = { out, 0, 0 };
	struct nlmsghdr *nlh;
	int ret;

	if (connect_kernel())
		return EXIT_RUNTIME;
	nlh = nl_request(&nl, cmd, ICMPGUARD_GENL_VERSION, NLM_F_ACK);
	ret = nl_talk(&nl, nlh, cb, &r);
	if (r.malformed || (!ret && !r.got)) {
		errmsg("%s: malformed reply from the kernel", what);
		return EXIT_RUNTIME;
	}
	if (ret) {
		kernel_error(what, -ret, 0);
		return EXIT_RUNTIME;
	}
	return 0;
}

static int do_stats_show(int argc, char **argv)
{
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
	if (!ret) {
		pr_init(&p, stdout, opts.json);
		pr_begin(&p);
		icg_stats_print(&p, st, opts.detail);
		ret = finish_output(&p);
	}
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

static const struct icg_flag *find_flag(const char *name)
{
	unsigned int i;

	for (i = 0; i < icg_nflags; i++)
		if (!strcmp(icg_flags[i].name, name))
			return &icg_flags[i];
	return NULL;
}

struct rate_setting {
	const char *name;
	unsigned int rate_attr;
	unsigned int burst_attr;
};

static const struct rate_setting rate_settings[] = {
	{ "reply-rate", ICMPGUARD_CFG_A_REPLY_RATE,
	  ICMPGUARD_CFG_A_REPLY_BURST },
	{ "reply-rate-per-dest", ICMPGUARD_CFG_A_DEST_RATE,
	  ICMPGUARD_CFG_A_DEST_BURST },
};

static const struct rate_setting *find_rate(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rate_settings); i++)
		if (!strcmp(rate_settings[i].name, name))
			return &rate_settings[i];
	return NULL;
}

/*
 * Error budgets one command line may set: every code of the three types,
 * and each type whole (a budget may be named only once).
 */
#define SET_ERATES_MAX	32

struct set_req {
	__u32 flags;
	__u32 mask;
	unsigned int present;			/* 1 << ICMPGUARD_CFG_A_* */
	__u32 val[ICMPGUARD_CFG_A_MAX + 1];
	struct icg_erate erates[SET_ERATES_MAX];	/* burst 0: none */
	unsigned int nerates;
};

/* "on" or "off" after a flag: words used, or -EXIT_USAGE. */
static int set_flag(struct set_req *req, const struct icg_flag *f, int argc,
		    char **argv)
{
	if (req->mask & f->bit) {
		errmsg("set: \"%s\" given twice", f->name);
		return -EXIT_USAGE;
	}
	if (argc < 2) {
		errmsg("set %s: missing value (expected \"on\" or \"off\")",
		       f->name);
		return -EXIT_USAGE;
	}
	if (!strcmp(argv[1], "on")) {
		req->flags |= f->bit;
	} else if (strcmp(argv[1], "off")) {
		errmsg("set %s: expected \"on\" or \"off\", got \"%s\"",
		       f->name, argv[1]);
		return -EXIT_USAGE;
	}
	req->mask |= f->bit;
	return 2;
}

/*
 * RATE [burst N] of the setting what, argv[0] being RATE: words used, or
 * -EXIT_USAGE. *burst is 0 when not given.
 */
static int rate_words(const char *what, int argc, char **argv, __u32 *rate,
		      __u32 *burst)
{
	*burst = 0;
	if (argc < 1) {
		errmsg("set %s: missing rate", what);
		return -EXIT_USAGE;
	}
	if (parse_rate(argv[0], rate)) {
		errmsg("set %s: invalid rate \"%s\" (expected NUMBER[/s] or \"unlimited\")",
		       what, argv[0]);
		return -EXIT_USAGE;
	}
	if (argc < 2 || strcmp(argv[1], "burst"))
		return 1;
	if (argc < 3) {
		errmsg("set %s: missing burst", what);
		return -EXIT_USAGE;
	}
	if (parse_u32(argv[2], burst) || !*burst) {
		errmsg("set %s: invalid burst \"%s\" (expected a positive integer)",
		       what, argv[2]);
		return -EXIT_USAGE;
	}
	return 3;
}

/* RATE [burst N] after a rate: words used, or -EXIT_USAGE. */
static int set_rate(struct set_req *req, const struct rate_setting *r,
		    int argc, char **argv)
{
	__u32 rate, burst;
	int used;

	if (req->present & (1U << r->rate_attr)) {
		errmsg("set: \"%s\" given twice", r->name);
		return -EXIT_USAGE;
	}
	used = rate_words(r->name, argc - 1, argv + 1, &rate, &burst);
	if (used < 0)
		return used;
	req->val[r->rate_attr] = rate;
	req->present |= 1U << r->rate_attr;
	if (burst) {
		req->val[r->burst_attr] = burst;
		req->present |= 1U << r->burst_attr;
	}
	return used + 1;
}

/* Whether attr was set already; if so, says so. */
static int given_twice(const struct set_req *req, unsigned int attr,
		       const char *name)
{
	if (!(req->present & (1U << attr)))
		return 0;
	errmsg("set: \"%s\" given twice", name);
	return 1;
}

static const char policy_words[] = "\"accept\", \"drop\" or \"reject\"";

/* default-policy { accept | drop | reject [code CODE] } */
static int set_policy(struct set_req *req, int argc, char **argv)
{
	unsigned int policy, code;

	if (given_twice(req, ICMPGUARD_CFG_A_POLICY, argv[0]))
		return -EXIT_USAGE;
	if (argc < 2) {
		errmsg("set default-policy: missing value (expected %s)",
		       policy_words);
		return -EXIT_USAGE;
	}
	if (parse_policy(argv[1], &policy)) {
		errmsg("set default-policy: expected %s, got \"%s\"",
		       policy_words, argv[1]);
		return -EXIT_USAGE;
	}
	req->val[ICMPGUARD_CFG_A_POLICY] = policy;
	req->present |= 1U << ICMPGUARD_CFG_A_POLICY;
	if (argc < 3 || strcmp(argv[2], "code"))
		return 2;
	if (policy != ICMPGUARD_POLICY_REJECT) {
		errmsg("set default-policy: \"code\" goes with \"reject\" only, not \"%s\"",
		       argv[1]);
		return -EXIT_USAGE;
	}
	if (argc < 4) {
		errmsg("set default-policy: missing code");
		return -EXIT_USAGE;
	}
	if (parse_error_code(ICMP_DEST_UNREACH, argv[3], &code)) {
		errmsg("set default-policy: invalid code \"%s\" (expected 0-%u or a %s code name)",
		       argv[3], icg_error_ncodes(ICMP_DEST_UNREACH) - 1,
		       icg_error_type_name(ICMP_DEST_UNREACH));
		return -EXIT_USAGE;
	}
	if (code == ICMP_FRAG_NEEDED) {
		errmsg("set default-policy: code \"%s\" cannot reject (frag-needed needs an MTU)",
		       argv[3]);
		return -EXIT_USAGE;
	}
	req->val[ICMPGUARD_CFG_A_REJECT_CODE] = code;
	req->present |= 1U << ICMPGUARD_CFG_A_REJECT_CODE;
	return 4;
}

/* error-source { A.B.C.D | auto } */
static int set_error_source(struct set_req *req, int argc, char **argv)
{
	__u32 addr = 0;

	if (given_twice(req, ICMPGUARD_CFG_A_ERROR_SOURCE, argv[0]))
		return -EXIT_USAGE;
	if (argc < 2) {
		errmsg("set error-source: missing address (expected A.B.C.D or \"auto\")");
		return -EXIT_USAGE;
	}
	if (strcmp(argv[1], "auto") && parse_addr(argv[1], &addr)) {
		errmsg("set error-source: invalid address \"%s\" (expected A.B.C.D or \"auto\")",
		       argv[1]);
		return -EXIT_USAGE;
	}
	req->val[ICMPGUARD_CFG_A_ERROR_SOURCE] = addr;
	req->present |= 1U << ICMPGUARD_CFG_A_ERROR_SOURCE;
	return 2;
}

static const char error_type_words[] =
	"dest-unreach, time-exceeded, parameter-problem, 3, 11 or 12";

/* error-rate TYPE[/CODE] RATE [burst N]: one entry more. */
static int set_error_rate(struct set_req *req, int argc, char **argv)
{
	struct icg_erate e;
	const char *slash;
	unsigned int i;
	int used;

	if (argc < 2) {
		errmsg("set error-rate: missing error type");
		return -EXIT_USAGE;
	}
	switch (parse_error(argv[1], &e.type, &e.code)) {
	case 0:
		break;
	case ERROR_BAD_CODE:
		errmsg("set error-rate: invalid code in \"%s\" (%s codes are 0-%u or their names)",
		       argv[1], icg_error_type_name(e.type),
		       icg_error_ncodes(e.type) - 1);
		return -EXIT_USAGE;
	default:
		slash = strchr(argv[1], '/');
		errmsg("set error-rate: invalid type \"%.*s\" (expected %s)",
		       slash ? (int)(slash - argv[1]) : (int)strlen(argv[1]),
		       argv[1], error_type_words);
		return -EXIT_USAGE;
	}
	for (i = 0; i < req->nerates; i++) {
		if (req->erates[i].type == e.type &&
		    req->erates[i].code == e.code) {
			errmsg("set: \"error-rate %s\" given twice", argv[1]);
			return -EXIT_USAGE;
		}
	}
	if (req->nerates == SET_ERATES_MAX) {
		errmsg("set: more than %d \"error-rate\"", SET_ERATES_MAX);
		return -EXIT_USAGE;
	}
	used = rate_words("error-rate", argc - 2, argv + 2, &e.rate, &e.burst);
	if (used < 0)
		return used;
	req->erates[req->nerates++] = e;
	return used + 2;
}

/* A setting with words of its own: words used, or -EXIT_USAGE. */
struct other_setting {
	const char *name;
	int (*parse)(struct set_req *req, int argc, char **argv);
};

static const struct other_setting other_settings[] = {
	{ "default-policy", set_policy },
	{ "error-source", set_error_source },
	{ "error-rate", set_error_rate },
};

static const struct other_setting *find_other(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(other_settings); i++)
		if (!strcmp(other_settings[i].name, name))
			return &other_settings[i];
	return NULL;
}

/* The request of a set command line, all its settings in one nest. */
static void put_config(struct nlmsghdr *nlh, const struct set_req *req)
{
	struct nlattr *nest, *rates, *entry;
	const struct icg_erate *e;
	unsigned int i;

	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	if (req->mask) {
		mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_FLAGS, req->flags);
		mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_FLAGS_MASK, req->mask);
	}
	for (i = 0; i <= ICMPGUARD_CFG_A_MAX; i++) {
		if (!(req->present & (1U << i)))
			continue;
		if (i == ICMPGUARD_CFG_A_POLICY ||
		    i == ICMPGUARD_CFG_A_REJECT_CODE)
			mnl_attr_put_u8(nlh, (__u16)i, (__u8)req->val[i]);
		else	/* u32, or be32 already in network byte order */
			mnl_attr_put_u32(nlh, (__u16)i, req->val[i]);
	}
	if (req->nerates) {
		/* In command line order: a type, then one of its codes. */
		rates = mnl_attr_nest_start(nlh, ICMPGUARD_CFG_A_ERROR_RATES);
		for (i = 0; i < req->nerates; i++) {
			e = &req->erates[i];
			entry = mnl_attr_nest_start(nlh, ICMPGUARD_A_ERROR_RATE);
			mnl_attr_put_u8(nlh, ICMPGUARD_ERATE_A_TYPE,
					(__u8)e->type);
			if (e->code >= 0)
				mnl_attr_put_u8(nlh, ICMPGUARD_ERATE_A_CODE,
						(__u8)e->code);
			mnl_attr_put_u32(nlh, ICMPGUARD_ERATE_A_RATE, e->rate);
			if (e->burst)
				mnl_attr_put_u32(nlh, ICMPGUARD_ERATE_A_BURST,
						 e->burst);
			mnl_attr_nest_end(nlh, entry);
		}
		mnl_attr_nest_end(nlh, rates);
	}
	mnl_attr_nest_end(nlh, nest);
}

static int do_set(int argc, char **argv)
{
	struct set_req req = { 0 };
	const struct other_setting *o;
	const struct rate_setting *r;
	const struct icg_flag *f;
	struct nlmsghdr *nlh;
	int used;

	if (!argc) {
		errmsg("set: missing setting (try \"icmpctl set help\")");
		return EXIT_USAGE;
	}
	while (argc) {
		f = find_flag(argv[0]);
		r = f ? NULL : find_rate(argv[0]);
		o = f || r ? NULL : find_other(argv[0]);
		if (!f && !r && !o) {
			if (argv[0][0] == '-')
				return extra_word("set", argv[0]);
			errmsg("set: unknown setting \"%s\"", argv[0]);
			return EXIT_USAGE;
		}
		if (f)
			used = set_flag(&req, f, argc, argv);
		else if (r)
			used = set_rate(&req, r, argc, argv);
		else
			used = o->parse(&req, argc, argv);
		if (used < 0)
			return -used;
		argc -= used;
		argv += used;
	}

	if (connect_kernel())
		return EXIT_RUNTIME;
	nlh = nl_request(&nl, ICMPGUARD_CMD_SET_CONFIG, ICMPGUARD_GENL_VERSION,
			 NLM_F_ACK);
	put_config(nlh, &req);
	return talk("set", nlh, NULL, NULL, 0);
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
	unsigned int cap;

	if (l->n == l->cap) {
		cap = l->cap ? 2 * l->cap : 64;
		grown = realloc(l->pfx, cap * sizeof(*grown));
		if (!grown) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		l->pfx = grown;
		l->cap = cap;
	}
	if (icg_prefix_parse(nlh, &l->pfx[l->n])) {
		l->malformed = 1;
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	l->n++;
	return MNL_CB_OK;
}

static int do_owned_list(int argc, char **argv)
{
	struct owned_list l = { NULL, 0, 0, 0 };
	struct nlmsghdr *nlh;
	struct printer p;
	int ret = no_args("owned list", argc, argv);
	int tries = 0;

	if (ret)
		return ret;
	if (connect_kernel())
		return EXIT_RUNTIME;
	nlh = nl_request(&nl, ICMPGUARD_CMD_GET_OWNED, ICMPGUARD_GENL_VERSION,
			 NLM_F_DUMP);
	do {
		l.n = 0;
		ret = nl_talk(&nl, nlh, owned_dump_cb, &l);
	} while (ret == -EINTR && ++tries < DUMP_TRIES);

	if (l.malformed) {
		errmsg("owned list: malformed reply from the kernel");
		ret = EXIT_RUNTIME;
	} else if (ret == -EINTR) {
		errmsg("owned list: dump interrupted (the set changed %d times while it was read)",
		       DUMP_TRIES);
		ret = EXIT_RUNTIME;
	} else if (ret) {
		kernel_error("owned list", -ret, 0);
		ret = EXIT_RUNTIME;
	} else {
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

static const char set_grammar[] =
	"SETTING := FLAG { on | off }\n"
	"         | { reply-rate | reply-rate-per-dest } RATE [ burst N ]\n"
	"         | default-policy { accept | drop | reject [ code CODE ] }\n"
	"         | error-source { A.B.C.D | auto }\n"
	"         | error-rate TYPE[/CODE] RATE [ burst N ]\n"
	"FLAG := { responder | timestamp | probe | broadcast-echo | router-mode |\n"
	"          error-extensions }\n"
	"RATE := { NUMBER[/s] | unlimited }\n"
	"TYPE := { dest-unreach | time-exceeded | parameter-problem | 3 | 11 | 12 }\n"
	"CODE := { NUMBER | NAME }, e.g. admin-prohibited, port-unreachable,\n"
	"        frag-needed, ttl-exceeded (see icmpctl(8))\n";

static const char owned_grammar[] = "PREFIX := A.B.C.D[/LEN]\n";

static const struct object objects[] = {
	{ "stats", stats_cmds, NULL },
	{ "config", config_cmds, NULL },
	{ "show", show_cmds, NULL },
	{ "set", set_cmds, set_grammar },
	{ "owned", owned_cmds, owned_grammar },
};

#define NOBJECTS	ARRAY_SIZE(objects)

static void usage_object(FILE *f, const struct object *o)
{
	const struct command *c;
	char line[64];

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
		fprintf(f, "  %-32s %s\n", line, c->help);
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
	fprintf(f, "  %-32s %s\n", "icmpctl help [OBJECT]", "print help");
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
