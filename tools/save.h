/* SPDX-License-Identifier: GPL-2.0 */
/*
 * icmpctl save: the configuration of a namespace as the icmpctl commands
 * that make it again, for "icmpctl -f".
 */
#ifndef ICMPCTL_SAVE_H
#define ICMPCTL_SAVE_H

#include <stdio.h>

#include "rule.h"
#include "show.h"

/*
 * Writes to f: "# stamp" (unless stamp is NULL), the settings of cfg as
 * set lines, those of "show" ("set " in front), "owned flush" and an
 * "owned add" for each of pfx (sorted in place), "rule flush" and a
 * "rule add" for each of rules, in order. Returns the number of things
 * that could not be written in icmpctl's words (written as comments: a
 * flag, direction or action newer than this icmpctl), or -1 when f could
 * not be written.
 */
int icg_save_print(FILE *f, const char *stamp, const struct icg_config *cfg,
		   struct icg_prefix *pfx, unsigned int npfx,
		   const struct icg_rule *rules, unsigned int nrules);

#endif /* ICMPCTL_SAVE_H */
