// SPDX-License-Identifier: GPL-2.0
/*
 * icmpctl -f FILE: what the file does to the owned prefixes and to the
 * rule set, worked out before anything is sent; see batch.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "../module/uapi/icmpguard.h"
#include "batch.h"
#include "cmd.h"

/* The index of the last owned flush of b, or -1. */
static int last_owned_flush(const struct batch *b)
{
	int i;

	for (i = (int)b->nowned - 1; i >= 0; i--)
		if (b->owned[i].op == BATCH_FLUSH)
			return i;
	return -1;
}

/* The index of the last rule flush of both directions of b, or -1. */
static int last_rule_flush(const struct batch *b)
{
	int i;

	for (i = (int)b->nrules - 1; i >= 0; i--)
		if (b->rules[i].op == BATCH_FLUSH && b->rules[i].dir < 0)
			return i;
	return -1;
}

int batch_needs_owned(const struct batch *b)
{
	return b->nowned && b->owned[0].op != BATCH_FLUSH;
}

int batch_needs_rules(const struct batch *b)
{
	return b->nrules && last_rule_flush(b) < 0;
}

/*
 * One prefix's part in the check: a prefix owned now (op -1), or an owned
 * line of the file (op its index), sorted by prefix, then in order.
 */
struct mention {
	struct icg_prefix pfx;
	int op;
};

static int mention_cmp(const void *a, const void *b)
{
	const struct mention *x = a, *y = b;
	__u32 ax = ntohl(x->pfx.addr), ay = ntohl(y->pfx.addr);

	if (ax != ay)
		return ax < ay ? -1 : 1;
	if (x->pfx.plen != y->pfx.plen)
		return x->pfx.plen < y->pfx.plen ? -1 : 1;
	return (x->op > y->op) - (x->op < y->op);
}

static int same_prefix(const struct mention *x, const struct mention *y)
{
	return x->pfx.addr == y->pfx.addr && x->pfx.plen == y->pfx.plen;
}

/* Whether a prefix is owned at a point of the file, and why it is known */
struct state {
	int owned;
	int known;
	unsigned int line;	/* of the line that made it so; 0: now */
	enum batch_op by;
};

/* The first contradiction found, in the order of the file. */
struct conflict {
	int op;			/* -1: none */
	struct state st;
};

/*
 * Line i of the file, for its prefix in state st, the previous line of the
 * prefix being prev (-1: none); flush_line[i], the line of the last flush
 * before it (0: none). The first contradiction is kept in c.
 */
static void check_op(const struct batch *b, int i, struct state *st,
		     const unsigned int *flush_line, int prev,
		     struct conflict *c)
{
	const struct batch_owned *o = &b->owned[i];
	int adding = o->op == BATCH_ADD;

	/* A flush between the previous line of this prefix and this one */
	if (flush_line[i] && (prev < 0 || flush_line[i] > b->owned[prev].line)) {
		st->owned = 0;
		st->known = 1;
		st->line = flush_line[i];
		st->by = BATCH_FLUSH;
	}
	if (st->known && st->owned == adding &&
	    (c->op < 0 || i < c->op)) {
		c->op = i;
		c->st = *st;
	}
	st->owned = adding;
	st->known = 1;
	st->line = o->line;
	st->by = o->op;
}

static int report(const struct batch *b, const struct conflict *c)
{
	const struct batch_owned *o = &b->owned[c->op];
	char where[4096], pfx[INET_ADDRSTRLEN + 4];
	const char *what = o->op == BATCH_ADD ? "owned add" : "owned del";
	const char *saved = err_where;

	snprintf(where, sizeof(where), "%s:%u: ", b->name, o->line);
	err_where = where;
	icg_prefix_format(&o->pfx, pfx, sizeof(pfx));
	if (!c->st.line)
		errmsg("%s %s: %s", what, pfx, o->op == BATCH_ADD ?
		       "already owned" : "not owned");
	else if (c->st.by == BATCH_FLUSH)
		errmsg("%s %s: not owned after the flush on line %u", what,
		       pfx, c->st.line);
	else
		errmsg("%s %s: already %s on line %u", what, pfx,
		       c->st.by == BATCH_ADD ? "added" : "deleted",
		       c->st.line);
	err_where = saved;
	return c->st.line ? EXIT_USAGE : EXIT_RUNTIME;
}

/* The prefixes owned at the end, when known; 0 when it cannot be said. */
static int too_many(const struct batch *b, unsigned int owned, int known)
{
	const char *saved = err_where;
	char where[4096];

	if (!known || owned <= ICMPGUARD_OWNED_MAX)
		return 0;
	snprintf(where, sizeof(where), "%s: ", b->name);
	err_where = where;
	errmsg("more than %d owned prefixes", ICMPGUARD_OWNED_MAX);
	err_where = saved;
	return last_owned_flush(b) >= 0 ? EXIT_USAGE : EXIT_RUNTIME;
}

int batch_owned_check(const struct batch *b, const struct icg_prefix *cur,
		      unsigned int n, int known)
{
	struct conflict c = { .op = -1 };
	unsigned int i, j, nm = 0, flushed = 0, owned = 0;
	unsigned int *flush_line;
	struct mention *m;
	struct state st;
	int prev;

	if (!b->nowned)
		return 0;
	m = calloc(n + b->nowned, sizeof(*m));
	flush_line = calloc(b->nowned, sizeof(*flush_line));
	if (!m || !flush_line) {
		free(m);
		free(flush_line);
		errmsg("%s", strerror(ENOMEM));
		return EXIT_RUNTIME;
	}
	for (i = 0; i < n; i++) {
		m[nm].pfx = cur[i];
		m[nm++].op = -1;
	}
	for (i = 0; i < b->nowned; i++) {
		if (b->owned[i].op == BATCH_FLUSH) {
			flushed = b->owned[i].line;
			continue;
		}
		flush_line[i] = flushed;
		m[nm].pfx = b->owned[i].pfx;
		m[nm++].op = (int)i;
	}
	qsort(m, nm, sizeof(*m), mention_cmp);
	for (i = 0; i < nm; i = j) {
		memset(&st, 0, sizeof(st));
		st.known = known;
		prev = -1;
		for (j = i; j < nm && same_prefix(&m[i], &m[j]); j++) {
			if (m[j].op < 0) {
				st.owned = 1;
				continue;
			}
			check_op(b, m[j].op, &st, flush_line, prev, &c);
			prev = m[j].op;
		}
		/* The last flush, after the last line of this prefix */
		if (flushed && (prev < 0 || flushed > b->owned[prev].line))
			st.owned = 0;
		owned += st.owned;
	}
	free(m);
	free(flush_line);
	if (c.op >= 0)
		return report(b, &c);
	return too_many(b, owned, known || flushed);
}

/* r at position at (past the end: last) of set. */
static int insert_rule(struct rule_set *set, __u32 at,
		       const struct icg_rule *r, unsigned int line)
{
	unsigned int last;

	if (rule_set_add(set, r, line))
		return -1;
	last = set->n - 1;
	if (at >= last)
		return 0;
	memmove(&set->rules[at + 1], &set->rules[at],
		(last - at) * sizeof(*set->rules));
	memmove(&set->lines[at + 1], &set->lines[at],
		(last - at) * sizeof(*set->lines));
	set->rules[at] = *r;
	set->lines[at] = line;
	return 0;
}

/* A rule of now, without its handle and counters, last of its direction */
static int keep_rule(const struct batch *b, struct rule_set *dirs,
		     const struct icg_rule *cur)
{
	struct icg_rule r = *cur;

	if (r.dir > ICMPGUARD_DIR_MAX) {
		errmsg("%s: a rule of the module has direction %u, unknown to this icmpctl",
		       b->name, r.dir);
		return EXIT_RUNTIME;
	}
	r.has &= ~(RULE_HAS_HANDLE | RULE_HAS_COUNTERS);
	if (rule_set_add(&dirs[r.dir], &r, 0)) {
		errmsg("%s", strerror(ENOMEM));
		return EXIT_RUNTIME;
	}
	return 0;
}

/* One rule line applied to the lists of the two directions. */
static int apply_rule(struct rule_set *dirs, const struct batch_rule *op)
{
	struct rule_set *set = &dirs[op->r.dir];

	switch (op->op) {
	case BATCH_FLUSH:
		if (op->dir != ICMPGUARD_DIR_FORWARD)
			dirs[ICMPGUARD_DIR_INPUT].n = 0;
		if (op->dir != ICMPGUARD_DIR_INPUT)
			dirs[ICMPGUARD_DIR_FORWARD].n = 0;
		return 0;
	case BATCH_INSERT:
		return insert_rule(set, op->index, &op->r, op->line);
	default:
		return rule_set_add(set, &op->r, op->line);
	}
}

int batch_rules_plan(const struct batch *b, const struct icg_rule *cur,
		     unsigned int n, struct rule_set *out)
{
	struct rule_set dirs[ICMPGUARD_DIR_MAX + 1];
	int first = last_rule_flush(b) + 1, ret = 0;
	unsigned int i, d;

	memset(dirs, 0, sizeof(dirs));
	for (i = 0; !ret && !first && i < n; i++)
		ret = keep_rule(b, dirs, &cur[i]);
	for (i = (unsigned int)first; !ret && i < b->nrules; i++) {
		if (apply_rule(dirs, &b->rules[i])) {
			errmsg("%s", strerror(ENOMEM));
			ret = EXIT_RUNTIME;
		}
	}
	for (d = 0; !ret && d <= ICMPGUARD_DIR_MAX; d++) {
		for (i = 0; !ret && i < dirs[d].n; i++) {
			if (out->n == ICMPGUARD_RULES_MAX) {
				errmsg("%s: more than %d rules", b->name,
				       ICMPGUARD_RULES_MAX);
				ret = first ? EXIT_USAGE : EXIT_RUNTIME;
			} else if (rule_set_add(out, &dirs[d].rules[i],
						dirs[d].lines[i])) {
				errmsg("%s", strerror(ENOMEM));
				ret = EXIT_RUNTIME;
			}
		}
	}
	for (d = 0; d <= ICMPGUARD_DIR_MAX; d++)
		rule_set_free(&dirs[d]);
	return ret;
}
