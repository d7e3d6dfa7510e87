// SPDX-License-Identifier: GPL-2.0
/*
 * icmpctl -f FILE: applying the file; see batch.h.
 *
 * In order: the settings (one SET_CONFIG request), the owned prefixes (a
 * flush, then one request per line: the module has no request for a whole
 * set of them) and the rules (one REPLACE_RULES request). Everything that
 * can be checked is checked before the first request; when the module
 * still refuses one, the requests before it stay applied, and the error
 * line says which.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <libmnl/libmnl.h>

#include "../module/uapi/icmpguard.h"
#include "attrs.h"
#include "batch.h"
#include "cmd.h"
#include "owned.h"

/* What was applied before an error, for its line. */
struct applied {
	int cfg;		/* the settings */
	int owned;		/* owned lines (some, or all when done) */
	int owned_done;
	char text[128];
};

static const char *applied_text(struct applied *a)
{
	const char *owned = a->owned_done ? "the owned prefixes" :
			    "the owned lines before this one";

	if (a->cfg && a->owned)
		snprintf(a->text, sizeof(a->text),
			 " (already applied: the settings and %s)", owned);
	else if (a->cfg)
		snprintf(a->text, sizeof(a->text),
			 " (already applied: the settings)");
	else if (a->owned)
		snprintf(a->text, sizeof(a->text), " (already applied: %s)",
			 owned);
	else
		a->text[0] = '\0';
	return a->text;
}

/* err_where for line of the file, or for the file (line 0). */
static void where_line(char *buf, size_t len, const struct batch *b,
		       unsigned int line)
{
	if (line)
		snprintf(buf, len, "%s:%u: ", b->name, line);
	else
		snprintf(buf, len, "%s: ", b->name);
	err_where = buf;
}

/* Every set line in one SET_CONFIG; an error names the line of its word */
static int send_config(const struct batch *b)
{
	size_t size = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct genlmsghdr)) +
		      set_req_size(&b->cfg);
	struct icg_attr_path path;
	struct nlmsghdr *nlh;
	unsigned int line = 0;
	char where[4096];
	int ret = nl_reserve(&nl, size);

	if (ret) {
		errmsg("%s: %s", b->name, strerror(-ret));
		return EXIT_RUNTIME;
	}
	nlh = nl_request(&nl, ICMPGUARD_CMD_SET_CONFIG, ICMPGUARD_GENL_VERSION,
			 NLM_F_ACK);
	set_req_put(nlh, &b->cfg);
	ret = nl_talk(&nl, nlh, NULL, NULL);
	if (ret && nl.has_ext_offs && !icg_attr_locate(nlh, nl.ext_offs, &path))
		line = set_req_line_of(&b->cfg, &path);
	where_line(where, sizeof(where), b, line);
	if (ret)
		kernel_error("set", -ret, 0);
	else if (nl.ext_msg[0])
		warnmsg(nl.ext_msg);
	err_where = "";
	return ret ? EXIT_RUNTIME : 0;
}

static int send_owned_op(const struct batch *b, const struct batch_owned *o,
			 struct applied *a)
{
	char where[4096], ctx[64], pfx[INET_ADDRSTRLEN + 4];
	__u8 cmd = ICMPGUARD_CMD_FLUSH_OWNED;
	int ret;

	if (o->op == BATCH_FLUSH) {
		snprintf(ctx, sizeof(ctx), "owned flush");
	} else {
		cmd = o->op == BATCH_ADD ? ICMPGUARD_CMD_ADD_OWNED :
		      ICMPGUARD_CMD_DEL_OWNED;
		icg_prefix_format(&o->pfx, pfx, sizeof(pfx));
		snprintf(ctx, sizeof(ctx), "owned %s %s",
			 o->op == BATCH_ADD ? "add" : "del", pfx);
	}
	where_line(where, sizeof(where), b, o->line);
	ret = nl_talk(&nl, owned_request(cmd, &o->pfx), NULL, NULL);
	if (ret) {
		err_after = applied_text(a);
		kernel_error(ctx, -ret, cmd == ICMPGUARD_CMD_DEL_OWNED ?
			     TALK_ENOENT_IS_ANSWER : 0);
		err_after = "";
	} else if (nl.ext_msg[0]) {
		warnmsg(nl.ext_msg);
	}
	err_where = "";
	if (ret)
		return EXIT_RUNTIME;
	a->owned = 1;
	return 0;
}

/* The last flush, if any, then the lines after it. */
static int send_owned(const struct batch *b, struct applied *a)
{
	unsigned int i, first = 0;
	int ret = 0;

	for (i = 0; i < b->nowned; i++)
		if (b->owned[i].op == BATCH_FLUSH)
			first = i;
	for (i = first; !ret && i < b->nowned; i++)
		ret = send_owned_op(b, &b->owned[i], a);
	a->owned_done = !ret;
	return ret;
}

static int send_rules(const struct batch *b, const struct rule_set *set,
		      struct applied *a)
{
	int ret;

	err_after = applied_text(a);
	ret = rule_set_send(b->name, set, b->name);
	err_after = "";
	return ret;
}

/* What must be read of the module's state, read, and checked. */
static int prepare(const struct batch *b, struct rule_set *set)
{
	struct owned_list cur = { NULL, 0, 0, 0 };
	struct rule_list rules = { NULL, 0, 0, 0 };
	char where[4096];
	int ret = 0;

	where_line(where, sizeof(where), b, 0);
	if (batch_needs_owned(b)) {
		ret = owned_fetch("owned list", &cur);
		if (!ret)
			ret = batch_owned_check(b, cur.pfx, cur.n, 1);
	}
	if (!ret && batch_needs_rules(b))
		ret = rules_fetch("rule list", &rules, 0);
	err_where = "";
	if (!ret && b->nrules)
		ret = batch_rules_plan(b, rules.rules, rules.n, set);
	free(cur.pfx);
	free(rules.rules);
	return ret;
}

static int batch_apply(const struct batch *b)
{
	struct applied a = { 0 };
	struct rule_set set = { 0 };
	int ret;

	if (connect_kernel())
		return EXIT_RUNTIME;
	ret = prepare(b, &set);
	if (!ret && b->has_set) {
		ret = send_config(b);
		a.cfg = !ret;
	}
	if (!ret && b->nowned)
		ret = send_owned(b, &a);
	if (!ret && b->nrules)
		ret = send_rules(b, &set, &a);
	rule_set_free(&set);
	return ret;
}

int do_batch(const char *file)
{
	const char *name = strcmp(file, "-") ? file : "<stdin>";
	struct batch *b = malloc(sizeof(*b));
	FILE *f = stdin;
	int ret;

	if (!b) {
		errmsg("%s", strerror(ENOMEM));
		return EXIT_RUNTIME;
	}
	if (strcmp(file, "-")) {
		f = fopen(file, "re");
		if (!f) {
			errmsg("cannot open \"%s\": %s", file, strerror(errno));
			free(b);
			return EXIT_RUNTIME;
		}
	}
	batch_init(b, name);
	ret = batch_read(f, b);
	if (f != stdin)
		fclose(f);
	if (!ret && (b->has_set || b->nowned || b->nrules))
		ret = batch_apply(b);
	batch_free(b);
	free(b);
	return ret;
}
