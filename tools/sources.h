/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-source flood table: decoding of GET_SOURCES, its printing, and
 * its fetching for "sources" and "stats -s".
 */
#ifndef ICMPCTL_SOURCES_H
#define ICMPCTL_SOURCES_H

#include <linux/netlink.h>
#include <linux/types.h>

#include "print.h"
#include "show.h"

/* The most limited sources "stats -s" shows. */
#define ICG_TOP_SOURCES	10

struct icg_source {
	struct icg_prefix pfx;
	__u64 limited;		/* datagrams dropped since it was tracked */
	int flooding;
};

struct icg_source_list {
	struct icg_source *src;
	unsigned int n;
	unsigned int cap;
	int malformed;
};

/* A message holding one ICMPGUARD_A_SOURCE: 0, or -EBADMSG. */
int icg_source_parse(const struct nlmsghdr *nlh, struct icg_source *s);

/* Sorts src in place: most limited first, then by address. */
void icg_sources_sort(struct icg_source *src, unsigned int n);

/* Every source: text table "Sources", JSON "sources". Sorts src. */
void icg_sources_print(struct printer *p, struct icg_source *src,
		       unsigned int n);

/*
 * The ICG_TOP_SOURCES most limited of the sources limited at least once:
 * text table "Top limited sources", JSON "top_sources". Sorts src.
 */
void icg_top_sources_print(struct printer *p, struct icg_source *src,
			   unsigned int n);

/*
 * Dumps the table into l (l->src to be freed by the caller): 0, or the
 * exit status after an error was printed. With optional, a module without
 * the table gives an empty one.
 */
int icg_sources_fetch(const char *what, struct icg_source_list *l,
		      int optional);

#endif /* ICMPCTL_SOURCES_H */
