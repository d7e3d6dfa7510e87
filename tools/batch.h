/* SPDX-License-Identifier: GPL-2.0 */
/*
 * icmpctl -f FILE: a file of icmpctl commands, applied all or nothing.
 *
 * Every line is read and checked before anything is sent. Then the set
 * lines go as one SET_CONFIG request, the owned lines as FLUSH_OWNED (if
 * the file flushes) and ADD_OWNED/DEL_OWNED requests checked beforehand
 * against the prefixes owned now, and the rule lines as the one
 * REPLACE_RULES request of the rule set they make. The parts that need
 * the module's state (the owned prefixes and rules the file does not
 * flush) are read before anything is sent.
 */
#ifndef ICMPCTL_BATCH_H
#define ICMPCTL_BATCH_H

#include <stdio.h>
#include <linux/types.h>

#include "rule.h"
#include "rulecmd.h"
#include "set.h"
#include "show.h"

enum batch_op {
	BATCH_FLUSH,
	BATCH_ADD,
	BATCH_DEL,		/* owned only */
	BATCH_INSERT,		/* rules only */
};

struct batch_owned {
	enum batch_op op;
	struct icg_prefix pfx;		/* ADD, DEL */
	unsigned int line;
};

struct batch_rule {
	enum batch_op op;
	int dir;			/* FLUSH: a direction, or -1 for both */
	__u32 index;			/* INSERT */
	struct icg_rule r;		/* ADD, INSERT */
	unsigned int line;
};

struct batch {
	const char *name;		/* the file, "<stdin>" for "-" */
	int has_set;
	struct set_req cfg;
	struct batch_owned *owned;
	unsigned int nowned;
	unsigned int owned_cap;
	struct batch_rule *rules;
	unsigned int nrules;
	unsigned int rules_cap;
};

/* An empty batch read from name; batch_free() when done. */
void batch_init(struct batch *b, const char *name);
void batch_free(struct batch *b);

/*
 * Reads and checks every line of f into b: 0, or the exit status after
 * the error line ("FILE:LINE: ...").
 */
int batch_read(FILE *f, struct batch *b);

/* Whether the prefixes or rules owned now must be read to apply b. */
int batch_needs_owned(const struct batch *b);
int batch_needs_rules(const struct batch *b);

/*
 * Checks the owned lines of b against the prefixes owned now (cur, n;
 * known: whether they were read, else only what the file alone decides
 * is checked): each add must be of a prefix not owned at that point, each
 * del of one owned. 0, or the exit status after the error line:
 * EXIT_USAGE when the file contradicts itself, EXIT_RUNTIME when it
 * contradicts the module's state.
 */
int batch_owned_check(const struct batch *b, const struct icg_prefix *cur,
		      unsigned int n, int known);

/*
 * The rule set b makes, starting from the rules of now (cur, n: those
 * the module lists, or none when the file flushes every rule), into out
 * (each rule with its line, 0 for those of now): 0, or the exit status
 * after the error line.
 */
int batch_rules_plan(const struct batch *b, const struct icg_rule *cur,
		     unsigned int n, struct rule_set *out);

/* icmpctl -f FILE ("-": standard input): the exit status. */
int do_batch(const char *file);

#endif /* ICMPCTL_BATCH_H */
