/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A rule set as "rule replace" and "profile" send it: rules in order, each
 * with the line it came from.
 */
#ifndef ICMPCTL_RULECMD_H
#define ICMPCTL_RULECMD_H

#include <stdio.h>
#include <linux/netlink.h>
#include <linux/types.h>

#include "rule.h"

struct rule_set {
	struct icg_rule *rules;
	unsigned int *lines;	/* where each rule was read, from 1 */
	unsigned int n;
	unsigned int rules_cap;
	unsigned int lines_cap;
};

/* Rules as the module lists them, with handles and counters. */
struct rule_list {
	struct icg_rule *rules;
	unsigned int n;
	unsigned int cap;
	int malformed;
};

/*
 * The rule set into l (l->rules for the caller to free): 0, or the exit
 * status after the error line. With optional, a module without rules
 * gives none.
 */
int rules_fetch(const char *what, struct rule_list *l, int optional);

/*
 * The words after "rule add", "rule insert" ([index N] RULE, *index 0
 * without) and "rule flush" (*dir -1 for both directions): 0, or
 * EXIT_USAGE after the error line.
 */
int rule_add_words(int argc, char **argv, struct icg_rule *r);
int rule_insert_words(int argc, char **argv, __u32 *index,
		      struct icg_rule *r);
int rule_flush_words(int argc, char **argv, int *dir);

void rule_set_free(struct rule_set *set);
/* One rule more: 0, or -ENOMEM. */
int rule_set_add(struct rule_set *set, const struct icg_rule *r,
		 unsigned int line);

/*
 * Rules, one a line, from f, named name in errors ("name:line: ..."): '#'
 * starts a comment, blank lines are skipped, "rule add" may lead a line.
 * 0, or the exit status after the error line.
 */
int rule_set_read(FILE *f, const char *name, struct rule_set *set);

/* Bytes the ICMPGUARD_A_RULE attributes of set take. */
size_t rule_set_size(const struct rule_set *set);

/*
 * One top-level ICMPGUARD_A_RULE per rule of set (a nest could not hold
 * more than 64 KiB), at the tail of nlh, which must have room for them;
 * offs[i] is where rule i starts in nlh, offs[set->n] where the last ends.
 */
void rule_set_put(struct nlmsghdr *nlh, const struct rule_set *set,
		  __u32 *offs);

/*
 * The whole set in one REPLACE_RULES request. An error of the module about
 * one rule names it: its line of file name, or the rule when name is NULL
 * or its line 0. 0, or the exit status after the error line.
 */
int rule_set_send(const char *what, const struct rule_set *set,
		  const char *name);

#endif /* ICMPCTL_RULECMD_H */
