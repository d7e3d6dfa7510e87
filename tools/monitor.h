/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Events of the multicast group "events": decoding, printing, and the
 * monitor command that prints them as they come.
 */
#ifndef ICMPCTL_MONITOR_H
#define ICMPCTL_MONITOR_H

#include <linux/netlink.h>
#include <linux/types.h>

#include "print.h"
#include "show.h"

struct icg_event {
	unsigned int type;	/* enum icmpguard_event */
	int has_source;		/* else the global bucket */
	struct icg_prefix source;
	int has_dropped;
	__u64 dropped;
};

/* An ICMPGUARD_CMD_EVENT message: 0, or -EBADMSG. */
int icg_event_parse(const struct nlmsghdr *nlh, struct icg_event *ev);

/*
 * One line: text "flood-end source 10.1.2.3/32 dropped 5123", JSON the
 * members of the document; stamp (NULL: none) first, as "[stamp] " or
 * "time": "stamp".
 */
void icg_event_print(struct printer *p, const struct icg_event *ev,
		     const char *stamp);

/*
 * Prints the events that come to the socket of cmd.h, joined to the group,
 * until count of them (0: no end) or until stopfd is readable: 0, or the
 * exit status after an error was printed.
 */
int icg_monitor_loop(unsigned long long count, int stopfd);

#endif /* ICMPCTL_MONITOR_H */
