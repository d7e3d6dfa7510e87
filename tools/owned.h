/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The owned prefixes: their words, requests and listing, for "owned" and
 * for the commands that read or apply a whole configuration.
 */
#ifndef ICMPCTL_OWNED_H
#define ICMPCTL_OWNED_H

#include <linux/netlink.h>
#include <linux/types.h>

#include "show.h"

struct owned_list {
	struct icg_prefix *pfx;
	unsigned int n;
	unsigned int cap;
	int malformed;
};

/*
 * PREFIX, alone, the words after what ("owned add"): 0, or the exit
 * status after the error line.
 */
int owned_prefix_arg(const char *what, int argc, char **argv,
		     struct icg_prefix *pfx);

/* An ADD_OWNED or DEL_OWNED request of pfx, or FLUSH_OWNED (pfx unused) */
struct nlmsghdr *owned_request(__u8 cmd, const struct icg_prefix *pfx);

/* The owned prefixes into l (l->pfx for the caller to free), unsorted. */
int owned_fetch(const char *what, struct owned_list *l);

#endif /* ICMPCTL_OWNED_H */
