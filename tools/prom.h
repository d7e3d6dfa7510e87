/* SPDX-License-Identifier: GPL-2.0 */
/*
 * icmpctl stats prometheus: the counters in the Prometheus text exposition
 * format, version 0.0.4, as node_exporter's textfile collector reads it.
 */
#ifndef ICMPCTL_PROM_H
#define ICMPCTL_PROM_H

#include <stdio.h>

#include "rule.h"
#include "show.h"

/*
 * Every counter of st, and of each rule of rules that has a handle, to f:
 * one family per metric, "# HELP" and "# TYPE" first, samples sorted; with
 * a netns (not NULL), a label netns="..." on every sample.
 */
void icg_prom_print(FILE *f, const struct icg_stats *st,
		    const struct icg_rule *rules, unsigned int nrules,
		    const char *netns);

#endif /* ICMPCTL_PROM_H */
