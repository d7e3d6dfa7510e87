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
#define NL_GROUPS_MAX	8
#define NL_GROUP_NAMSIZ	16

struct nl_group {
	char name[NL_GROUP_NAMSIZ];
	__u32 id;
};

struct nl {
	struct mnl_socket *sk;
	unsigned int portid;
	unsigned int seq;
	__u16 family;			/* the resolved family's id */
	int cap_ack;			/* NETLINK_CAP_ACK is on */
	char *sbuf;			/* a request being built */
	char *rbuf;			/* replies */
	size_t rlen;
	const struct nlmsghdr *req;	/* the last request sent */
	char ext_msg[NL_MSG_MAX];	/* the extended ACK's message */
	int has_ext_offs;
	__u32 ext_offs;			/* of the attribute at fault */
	struct nl_group groups[NL_GROUPS_MAX];
	unsigned int ngroups;
};

/*
 * Opens a socket in the current network namespace and resolves the
 * family: 0, or a negative errno, *stage saying what failed ("socket",
 * "family"; -ENOENT: no such family).
 */
int nl_open(struct nl *nl, const char *family, const char **stage);
int nl_open_socket(struct nl *nl);
void nl_close(struct nl *nl);

/*
 * Lets the socket send a message of len bytes (SO_SNDBUFFORCE with
 * CAP_NET_ADMIN, else SO_SNDBUF up to net.core.wmem_max), and take the
 * ACK of it when the ACK cannot be capped: 0, or a negative errno.
 */
int nl_prepare_send(struct nl *nl, size_t len);

/* Joins the family's multicast group name: 0, -ENOENT, or -errno. */
int nl_join(struct nl *nl, const char *name);

/* Starts a request to the family in nl->sbuf. */
struct nlmsghdr *nl_request(struct nl *nl, __u8 cmd, __u8 version,
			    __u16 flags);

/*
 * Sends nlh and hands every reply to cb until the ACK or the end of a
 * dump: 0, or a negative errno: the kernel's (its extended ACK then in
 * nl->ext_msg, nl->ext_offs), -EINTR when the dump was interrupted (read
 * to its end: it may be asked again), or cb's, which sets errno before it
 * returns MNL_CB_ERROR. On success, ext_msg is the kernel's warning.
 */
int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);
/* The receiving half of nl_talk(), for replies of sequence seq. */
int nl_recv(struct nl *nl, unsigned int seq, mnl_cb_t cb, void *data);

#endif /* ICMPCTL_NETLINK_H */
