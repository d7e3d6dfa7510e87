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

/* A multicast group of the family, from CTRL_ATTR_MCAST_GROUPS. */
struct nl_group {
	char name[NL_GROUP_NAMSIZ];
	__u32 id;
};

struct nl {
	struct mnl_socket *sk;
	unsigned int portid;
	unsigned int seq;
	__u16 family;			/* resolved family id */
	int cap_ack;			/* NETLINK_CAP_ACK is on */
	char *sbuf;			/* request being built */
	size_t slen;
	const struct nlmsghdr *req;	/* the last request sent */
	char *rbuf;			/* replies */
	size_t rlen;
	char ext_msg[NL_MSG_MAX];	/* extended ACK text of the last reply */
	int has_ext_offs;		/* ext_offs was given */
	__u32 ext_offs;			/* offset of the attribute at fault */
	struct nl_group groups[NL_GROUPS_MAX];
	unsigned int ngroups;
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

/*
 * Makes nl->sbuf hold at least len bytes, for a request larger than a
 * page; before nl_request(), as it may move the buffer: 0, or -ENOMEM.
 */
int nl_reserve(struct nl *nl, size_t len);

/*
 * Lets the socket send a message of len bytes: raises its send buffer
 * with SO_SNDBUFFORCE (CAP_NET_ADMIN), else SO_SNDBUF (up to
 * net.core.wmem_max). Also makes room for the kernel's ACK of it when the
 * ACK cannot be capped. 0, or a negative errno.
 */
int nl_prepare_send(struct nl *nl, size_t len);

/* Joins the family's multicast group name: 0, -ENOENT, or -errno. */
int nl_join(struct nl *nl, const char *name);

/*
 * Reads the family id and the multicast groups (up to NL_GROUPS_MAX) of a
 * CTRL_CMD_GETFAMILY reply: 0, or -EBADMSG.
 */
int nl_family_parse(const struct nlmsghdr *nlh, __u16 *id,
		    struct nl_group *groups, unsigned int *ngroups);

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
 * holds the kernel's warning, if any. nl->ext_offs is the offset in nlh
 * of the attribute the kernel refused, when it says; nl->req is nlh.
 */
int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);

/* The receiving half of nl_talk(), for replies carrying sequence seq. */
int nl_recv(struct nl *nl, unsigned int seq, mnl_cb_t cb, void *data);

#endif /* ICMPCTL_NETLINK_H */
