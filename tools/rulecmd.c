// SPDX-License-Identifier: GPL-2.0
/*
 * icmpctl rule and icmpctl profile: the commands of the rule set.
 *
 * "rule replace" and "profile" send the whole set in one REPLACE_RULES
 * request, which the module applies whole or not at all. Such a request
 * may be far larger than a page: it is built in a buffer grown to fit,
 * and the socket's send buffer is raised to take it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <libmnl/libmnl.h>

#include "../module/uapi/icmpguard.h"
#include "attrs.h"
#include "cmd.h"
#include "parse.h"
#include "rule.h"
#include "rulecmd.h"
#include "util.h"

/* RULE words into r: 0, or EXIT_USAGE after the error line. */
static int rule_words(const char *what, int argc, char **argv,
		      struct icg_rule *r)
{
	char err[256];

	if (!icg_rule_parse(argc, argv, r, err, sizeof(err)))
		return 0;
	errmsg("%s: %s", what, err);
	return EXIT_USAGE;
}

static int rule_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reply *rep = data;

	if (icg_rule_msg_parse(nlh, rep->out)) {
		rep->malformed = 1;
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	rep->got = 1;
	return MNL_CB_OK;
}

/* ADD_RULE, at index unless it is NULL; the reply carries the rule back. */
static int add_rule(const char *what, const struct icg_rule *r,
		    const __u32 *index)
{
	struct icg_rule added;
	struct reply rep = { &added, 0, 0 };
	struct nlmsghdr *nlh;
	int ret;

	if (connect_kernel())
		return EXIT_RUNTIME;
	nlh = nl_request(&nl, ICMPGUARD_CMD_ADD_RULE, ICMPGUARD_GENL_VERSION,
			 NLM_F_ACK);
	icg_rule_put(nlh, ICMPGUARD_A_RULE, r);
	if (index)
		mnl_attr_put_u32(nlh, ICMPGUARD_A_RULE_INDEX, *index);
	ret = nl_talk(&nl, nlh, rule_reply_cb, &rep);
	if (rep.malformed) {
		errmsg("%s: malformed reply from the kernel", what);
		return EXIT_RUNTIME;
	}
	if (ret) {
		kernel_error(what, -ret, 0);
		return EXIT_RUNTIME;
	}
	if (nl.ext_msg[0])
		warnmsg(nl.ext_msg);
	return 0;
}

int do_rule_add(int argc, char **argv)
{
	struct icg_rule r;
	int ret = rule_words("rule add", argc, argv, &r);

	return ret ? ret : add_rule("rule add", &r, NULL);
}

int rule_insert_words(int argc, char **argv, __u32 *index,
		      struct icg_rule *r)
{
	*index = 0;
	if (argc && !strcmp(argv[0], "index")) {
		if (argc < 2) {
			errmsg("rule insert: missing position after \"index\"");
			return EXIT_USAGE;
		}
		if (parse_u32(argv[1], index)) {
			errmsg("rule insert: invalid index \"%s\" (expected a number)",
			       argv[1]);
			return EXIT_USAGE;
		}
		argc -= 2;
		argv += 2;
	}
	return rule_words("rule insert", argc, argv, r);
}

int rule_add_words(int argc, char **argv, struct icg_rule *r)
{
	return rule_words("rule add", argc, argv, r);
}

/* [index N] RULE */
int do_rule_insert(int argc, char **argv)
{
	struct icg_rule r;
	__u32 index;
	int ret = rule_insert_words(argc, argv, &index, &r);

	return ret ? ret : add_rule("rule insert", &r, &index);
}

/* handle N */
int do_rule_del(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	char what[32];
	__u32 handle;

	if (!argc) {
		errmsg("rule del: missing \"handle N\"");
		return EXIT_USAGE;
	}
	if (strcmp(argv[0], "handle")) {
		if (argv[0][0] == '-')
			return extra_word("rule del", argv[0]);
		errmsg("rule del: expected \"handle\", got \"%s\"", argv[0]);
		return EXIT_USAGE;
	}
	if (argc < 2) {
		errmsg("rule del: missing number after \"handle\"");
		return EXIT_USAGE;
	}
	if (parse_u32(argv[1], &handle)) {
		errmsg("rule del: invalid handle \"%s\" (expected a number)",
		       argv[1]);
		return EXIT_USAGE;
	}
	if (argc > 2)
		return extra_word("rule del", argv[2]);
	if (connect_kernel())
		return EXIT_RUNTIME;
	nlh = nl_request(&nl, ICMPGUARD_CMD_DEL_RULE, ICMPGUARD_GENL_VERSION,
			 NLM_F_ACK);
	mnl_attr_put_u32(nlh, ICMPGUARD_A_RULE_HANDLE, handle);
	snprintf(what, sizeof(what), "rule del handle %u", handle);
	return talk(what, nlh, NULL, NULL, TALK_ENOENT_IS_ANSWER);
}

int rule_flush_words(int argc, char **argv, int *dir)
{
	*dir = -1;
	if (!argc)
		return 0;
	if (!strcmp(argv[0], "input")) {
		*dir = ICMPGUARD_DIR_INPUT;
	} else if (!strcmp(argv[0], "forward")) {
		*dir = ICMPGUARD_DIR_FORWARD;
	} else {
		if (argv[0][0] == '-')
			return extra_word("rule flush", argv[0]);
		errmsg("rule flush: invalid direction \"%s\" (%s)", argv[0],
		       DIR_WORDS);
		return EXIT_USAGE;
	}
	return argc > 1 ? extra_word("rule flush", argv[1]) : 0;
}

/* [input | forward] */
int do_rule_flush(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	int dir, ret = rule_flush_words(argc, argv, &dir);

	if (ret)
		return ret;
	if (connect_kernel())
		return EXIT_RUNTIME;
	nlh = nl_request(&nl, ICMPGUARD_CMD_FLUSH_RULES,
			 ICMPGUARD_GENL_VERSION, NLM_F_ACK);
	if (dir >= 0)
		mnl_attr_put_u8(nlh, ICMPGUARD_A_DIR, (__u8)dir);
	return talk("rule flush", nlh, NULL, NULL, 0);
}

static int rule_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rule_list *l = data;
	struct icg_rule *grown;

	grown = array_grow(l->rules, l->n, &l->cap, sizeof(*grown));
	if (!grown) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	l->rules = grown;
	if (icg_rule_msg_parse(nlh, &l->rules[l->n])) {
		l->malformed = 1;
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	l->n++;
	return MNL_CB_OK;
}

static void rule_reset(void *data)
{
	struct rule_list *l = data;

	l->n = 0;
}

int rules_fetch(const char *what, struct rule_list *l, int optional)
{
	struct nlmsghdr *nlh;
	int ret;

	if (connect_kernel())
		return EXIT_RUNTIME;
	nlh = nl_request(&nl, ICMPGUARD_CMD_GET_RULES, ICMPGUARD_GENL_VERSION,
			 NLM_F_DUMP);
	ret = dump_raw(nlh, rule_dump_cb, l, rule_reset, &l->malformed);
	if (optional && ret == -EOPNOTSUPP && !l->malformed) {
		l->n = 0;
		return 0;
	}
	return dump_report(what, ret, l->malformed);
}

int do_rule_list(int argc, char **argv)
{
	struct rule_list l = { NULL, 0, 0, 0 };
	struct printer p;
	int ret = no_args("rule list", argc, argv);

	if (ret)
		return ret;
	ret = rules_fetch("rule list", &l, 0);
	if (!ret) {
		pr_init(&p, stdout, opts.json);
		pr_begin(&p);
		icg_rules_print(&p, l.rules, l.n);
		ret = finish_output(&p);
	}
	free(l.rules);
	return ret;
}

void rule_set_free(struct rule_set *set)
{
	free(set->rules);
	free(set->lines);
	memset(set, 0, sizeof(*set));
}

int rule_set_add(struct rule_set *set, const struct icg_rule *r,
		 unsigned int line)
{
	struct icg_rule *rules;
	unsigned int *lines;

	rules = array_grow(set->rules, set->n, &set->rules_cap,
			   sizeof(*rules));
	if (!rules)
		return -ENOMEM;
	set->rules = rules;
	lines = array_grow(set->lines, set->n, &set->lines_cap,
			   sizeof(*lines));
	if (!lines)
		return -ENOMEM;
	set->lines = lines;
	set->rules[set->n] = *r;
	set->lines[set->n++] = line;
	return 0;
}

/* One line of a rule file into set: 0, or an exit status after its error. */
static int rule_line(const char *name, unsigned int lineno, char *line,
		     char ***words, unsigned int *cap, struct rule_set *set)
{
	struct icg_rule r;
	char err[256];
	int n = split_words(line, words, cap), skip = 0;

	if (!n)
		return 0;
	if (n < 0) {
		errmsg("%s", strerror(ENOMEM));
		return EXIT_RUNTIME;
	}
	if (n >= 2 && !strcmp((*words)[0], "rule") &&
	    !strcmp((*words)[1], "add"))
		skip = 2;
	if (icg_rule_parse(n - skip, *words + skip, &r, err, sizeof(err))) {
		errmsg("%s:%u: %s", name, lineno, err);
		return EXIT_USAGE;
	}
	if (set->n == ICMPGUARD_RULES_MAX) {
		errmsg("%s:%u: more than %d rules", name, lineno,
		       ICMPGUARD_RULES_MAX);
		return EXIT_USAGE;
	}
	if (rule_set_add(set, &r, lineno)) {
		errmsg("%s", strerror(ENOMEM));
		return EXIT_RUNTIME;
	}
	return 0;
}

int rule_set_read(FILE *f, const char *name, struct rule_set *set)
{
	unsigned int lineno = 0, cap = 0;
	char *line = NULL, **words = NULL;
	size_t len = 0;
	int ret = 0;

	while (!ret && getline(&line, &len, f) >= 0)
		ret = rule_line(name, ++lineno, line, &words, &cap, set);
	if (!ret && ferror(f)) {
		errmsg("%s: read error: %s", name, strerror(errno));
		ret = EXIT_RUNTIME;
	}
	free(line);
	free(words);
	return ret;
}

/* Where rule i came from, for an error of the module about it. */
struct origin {
	const char *name;		/* file, or NULL for a profile */
	const struct rule_set *set;
};

static void rule_error(const char *what, const struct origin *o,
		       unsigned int i, int err)
{
	char buf[ICG_RULE_TEXT_MAX];
	char detail[NL_MSG_MAX + ICG_ATTR_TEXT_MAX + 2] = "";

	if (nl.ext_msg[0])
		snprintf(detail, sizeof(detail), ": %s", nl.ext_msg);
	if (nl.has_ext_offs && nl.req)
		icg_attr_describe(nl.req, nl.ext_offs, nl.ext_msg,
				  detail + strlen(detail),
				  sizeof(detail) - strlen(detail));
	if (o->name && o->set->lines[i]) {
		errmsg("%s:%u: %s%s", o->name, o->set->lines[i], strerror(err),
		       detail);
		return;
	}
	icg_rule_format(&o->set->rules[i], buf, sizeof(buf));
	errmsg("%s: rule \"%s\": %s%s", what, buf, strerror(err), detail);
}

size_t rule_set_size(const struct rule_set *set)
{
	size_t size = 0;
	unsigned int i;

	for (i = 0; i < set->n; i++)
		size += icg_rule_size(&set->rules[i]);
	return size;
}

void rule_set_put(struct nlmsghdr *nlh, const struct rule_set *set,
		  __u32 *offs)
{
	unsigned int i;

	for (i = 0; i < set->n; i++) {
		offs[i] = nlh->nlmsg_len;
		icg_rule_put(nlh, ICMPGUARD_A_RULE, &set->rules[i]);
	}
	offs[i] = nlh->nlmsg_len;
}

/* After an error of the module: 1 when it named a rule, and was said. */
static int rule_at_fault(const char *what, const struct origin *o,
			 const __u32 *offs, int err)
{
	unsigned int i;

	if (!nl.has_ext_offs)
		return 0;
	for (i = 0; i < o->set->n; i++) {
		if (nl.ext_offs >= offs[i] && nl.ext_offs < offs[i + 1]) {
			rule_error(what, o, i, err);
			return 1;
		}
	}
	return 0;
}

int rule_set_send(const char *what, const struct rule_set *set,
		  const char *name)
{
	const struct origin o = { name, set };
	size_t size = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct genlmsghdr)) +
		      rule_set_size(set);
	struct nlmsghdr *nlh;
	__u32 *offs;
	int ret;

	offs = calloc(set->n + 1, sizeof(*offs));
	if (!offs) {
		errmsg("%s", strerror(ENOMEM));
		return EXIT_RUNTIME;
	}
	if (connect_kernel()) {
		free(offs);
		return EXIT_RUNTIME;
	}
	ret = nl_reserve(&nl, size);
	if (!ret)
		ret = nl_prepare_send(&nl, size);
	if (ret) {
		errmsg("%s: cannot make room for %zu bytes: %s", what, size,
		       strerror(-ret));
		free(offs);
		return EXIT_RUNTIME;
	}
	nlh = nl_request(&nl, ICMPGUARD_CMD_REPLACE_RULES,
			 ICMPGUARD_GENL_VERSION, NLM_F_ACK);
	rule_set_put(nlh, set, offs);
	ret = nl_talk(&nl, nlh, NULL, NULL);
	if (ret && !rule_at_fault(what, &o, offs, -ret))
		kernel_error(what, -ret, 0);
	free(offs);
	if (ret)
		return EXIT_RUNTIME;
	if (nl.ext_msg[0])
		warnmsg(nl.ext_msg);
	return 0;
}

/* -f FILE, "-" for standard input */
int do_rule_replace(int argc, char **argv)
{
	struct rule_set set = { 0 };
	const char *name;
	FILE *f;
	int ret;

	if (!argc) {
		errmsg("rule replace: missing \"-f FILE\"");
		return EXIT_USAGE;
	}
	if (strcmp(argv[0], "-f")) {
		if (argv[0][0] == '-')
			return extra_word("rule replace", argv[0]);
		errmsg("rule replace: expected \"-f\", got \"%s\"", argv[0]);
		return EXIT_USAGE;
	}
	if (argc < 2) {
		errmsg("rule replace: missing file after \"-f\"");
		return EXIT_USAGE;
	}
	if (argc > 2)
		return extra_word("rule replace", argv[2]);
	if (strcmp(argv[1], "-")) {
		name = argv[1];
		f = fopen(name, "re");
		if (!f) {
			errmsg("rule replace: cannot open \"%s\": %s", name,
			       strerror(errno));
			return EXIT_RUNTIME;
		}
	} else {
		name = "<stdin>";
		f = stdin;
	}
	ret = rule_set_read(f, name, &set);
	if (f != stdin)
		fclose(f);
	if (!ret)
		ret = rule_set_send("rule replace", &set, name);
	rule_set_free(&set);
	return ret;
}
