/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rule sets of "icmpctl profile".
 */
#ifndef ICMPCTL_PROFILE_H
#define ICMPCTL_PROFILE_H

#include <stddef.h>

#include "rulecmd.h"

/* A rule of a profile, without its direction, and why it is there. */
struct profile_line {
	const char *rule;
	const char *why;
};

extern const struct profile_line router_profile[];
extern const unsigned int router_profile_len;

/*
 * Rule i of the router profile with its direction (the input rules, then
 * the same for forward) into buf: 0, or -1 past the last.
 */
int profile_line_text(unsigned int i, char *buf, size_t len);

/*
 * The words after "profile": router [apply | show], *show telling which:
 * 0, or EXIT_USAGE after the error line.
 */
int profile_words(int argc, char **argv, int *show);

/* The router profile's rules into set: 0, or EXIT_RUNTIME after an error. */
int profile_rules(struct rule_set *set);

#endif /* ICMPCTL_PROFILE_H */
