/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink transactions over libmnl, with extended ACK capture.
 */
#ifndef ICMPCTL_NETLINK_H
#define ICMPCTL_NETLINK_H

#include <linux/netlink.h>
#include <linux/types.h>
#include <libmnl/libmnl.h>

#define NL_MSG_MAX	256

struct nl {
	struct mnl_socket *sk;
	unsigned int portid;
	unsigned int seq;
	__u16 family;			/* resolved family id */
	char *sbuf;			/* request being built */
	char *rbuf;			/* replies */
	size_t rlen;
	char ext_msg[NL_MSG_MAX];	/* extended ACK text of the last reply */
};

/*
 * Opens a generic netlink socket in the current network namespace and
 * resolves the family: 0, or a negative errno (-ENOENT: no such family).
 * On failure, *stage tells what failed: "socket" or "family".
 */
int nl_open(struct nl *nl, const char *family, const char **stage);
/* The socket part of nl_open(): 0, or a negative errno. */
int nl_open_socket(struct nl *nl);
void nl_close(struct nl *nl);

/* Starts a request to the resolved family in nl->sbuf. */
struct nlmsghdr *nl_request(struct nl *nl, __u8 cmd, __u8 version,
			    __u16 flags);

/*
 * Sends nlh (with a fresh sequence number) and hands every reply message
 * to cb until the ACK, or the end of a dump. Returns 0, or a negative
 * errno: the kernel's error (its extended ACK message, if any, is then in
 * nl->ext_msg), -EINTR when a dump was interrupted (the dump has been read
 * to its end: the request may be sent again), or the error of cb, which
 * sets errno before it returns MNL_CB_ERROR. After success nl->ext_msg
 * holds the kernel's warning, if any.
 */
int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);

/* The receiving half of nl_talk(), for replies carrying sequence seq. */
int nl_recv(struct nl *nl, unsigned int seq, mnl_cb_t cb, void *data);

#endif /* ICMPCTL_NETLINK_H */
