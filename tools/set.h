/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The settings of "icmpctl set", gathered into one SET_CONFIG request.
 *
 * One command line makes one request; so does a file of commands, whose
 * set lines are merged: a setting named on two lines takes the value of
 * the later, as if the lines were sent one after the other. Within one
 * line a setting may be named only once.
 */
#ifndef ICMPCTL_SET_H
#define ICMPCTL_SET_H

#include <stddef.h>
#include <linux/netlink.h>
#include <linux/types.h>

#include "../module/uapi/icmpguard.h"
#include "show.h"

/* The most error budgets one request carries (a line has at most 24). */
#define SET_ERATES_MAX	ICG_MAX_ERATES

struct set_req {
	__u32 flags;
	__u32 mask;
	unsigned int present;			/* 1 << ICMPGUARD_CFG_A_* */
	__u32 val[ICMPGUARD_CFG_A_MAX + 1];
	/* In the order given, each applied over the ones before */
	struct icg_erate erates[SET_ERATES_MAX];	/* burst 0: none */
	unsigned int nerates;
	/* Where each came from: the line that gave it last (0: none) */
	unsigned int line;			/* the line being read */
	unsigned int attr_line[ICMPGUARD_CFG_A_MAX + 1];
	unsigned int erate_line[SET_ERATES_MAX];
	/* What the line being read named so far */
	__u32 line_mask;
	unsigned int line_present;
	unsigned int line_erates;		/* its first error budget */
};

/* A request that changes nothing yet. */
void set_req_init(struct set_req *req);

/*
 * The settings of one line (the words after "set") into req, the line
 * being number line of its file (0: the command line): 0, or EXIT_USAGE
 * after the error line.
 */
int set_req_parse(struct set_req *req, unsigned int line, int argc,
		  char **argv);

/* Whether req changes anything. */
int set_req_empty(const struct set_req *req);

/* An upper bound of the bytes put_config() adds to a request. */
size_t set_req_size(const struct set_req *req);

/* req as the ICMPGUARD_A_CONFIG nest of a SET_CONFIG request. */
void set_req_put(struct nlmsghdr *nlh, const struct set_req *req);

/*
 * The line that gave the setting the attribute of path (attrs.h) is in,
 * the attribute being in the ICMPGUARD_A_CONFIG nest of a request of
 * set_req_put(): its number, or 0 when it is not known.
 */
struct icg_attr_path;
unsigned int set_req_line_of(const struct set_req *req,
			     const struct icg_attr_path *path);

#endif /* ICMPCTL_SET_H */
