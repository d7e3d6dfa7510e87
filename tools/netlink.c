// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink transactions over libmnl; see netlink.h.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/genetlink.h>

#include "netlink.h"

#define RECV_SIZE	32768
/* Room above a message in the send buffer, for the kernel's overhead */
#define SNDBUF_SLACK	65536

struct talk {
	struct nl *nl;
	mnl_cb_t cb;
	void *data;
	int error;		/* positive errno */
};

/* The extended ACK's attributes, from offset off of the payload. */
static void ext_ack_parse(struct nl *nl, const struct nlmsghdr *nlh,
			  size_t off)
{
	const struct nlattr *a;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	mnl_attr_for_each(a, nlh, MNL_ALIGN(off)) {
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
		    !mnl_attr_validate(a, MNL_TYPE_NUL_STRING))
			snprintf(nl->ext_msg, sizeof(nl->ext_msg), "%s",
				 mnl_attr_get_str(a));
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_OFFS &&
		    !mnl_attr_validate(a, MNL_TYPE_U32)) {
			nl->ext_offs = mnl_attr_get_u32(a);
			nl->has_ext_offs = 1;
		}
	}
}

static int talk_data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;
	int ret;

	if (!t->cb)
		return MNL_CB_OK;
	errno = 0;
	ret = t->cb(nlh, t->data);
	if (ret == MNL_CB_ERROR)
		t->error = errno ? errno : EBADMSG;
	return ret;
}

/* NLMSG_ERROR, the ACK: after the request, unless capped */
static int talk_error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	struct talk *t = data;
	size_t off = sizeof(*err);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*err)) {
		t->error = EBADMSG;
		return MNL_CB_STOP;
	}
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
	    err->msg.nlmsg_len >= sizeof(struct nlmsghdr))
		off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (mnl_nlmsg_get_payload_len(nlh) > off)
		ext_ack_parse(t->nl, nlh, off);
	t->error = err->error < 0 ? -err->error : err->error;
	return MNL_CB_STOP;
}

/* NLMSG_DONE, the end of a dump: an error, and its extended ACK */
static int talk_done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;
	int err;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(err)) {
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
		t->error = err < 0 ? -err : 0;
		if (mnl_nlmsg_get_payload_len(nlh) > sizeof(err))
			ext_ack_parse(t->nl, nlh, sizeof(err));
	}
	return MNL_CB_STOP;
}

/* Not const: mnl_cb_run2() takes a mutable array. */
static mnl_cb_t talk_ctl_cb[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR]	= talk_error_cb,
	[NLMSG_DONE]	= talk_done_cb,
};

/*
 * libmnl refuses a message flagged NLM_F_DUMP_INTR but leaves the rest of
 * the dump unread: the flags are read first, to read the dump to its end.
 */
static void scan(const char *buf, int len, int *intr, int *end)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;

	for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
		*intr |= !!(nlh->nlmsg_flags & NLM_F_DUMP_INTR);
		*end |= nlh->nlmsg_type == NLMSG_DONE ||
			nlh->nlmsg_type == NLMSG_ERROR;
	}
}

int nl_recv(struct nl *nl, unsigned int seq, mnl_cb_t cb, void *data)
{
	struct talk t = { nl, cb, data, 0 };
	int intr = 0, end, ret;
	ssize_t n;

	nl->ext_msg[0] = '\0';
	nl->has_ext_offs = 0;
	for (;;) {
		n = mnl_socket_recvfrom(nl->sk, nl->rbuf, nl->rlen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		end = 0;
		scan(nl->rbuf, (int)n, &intr, &end);
		if (intr && end)
			return -EINTR;
		if (intr)
			continue;
		errno = 0;
		ret = mnl_cb_run2(nl->rbuf, (size_t)n, seq, nl->portid,
				  talk_data_cb, &t, talk_ctl_cb,
				  MNL_ARRAY_SIZE(talk_ctl_cb));
		if (t.error)
			return -t.error;
		if (ret < 0)
			return errno ? -errno : -EBADMSG;
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	nl->ext_msg[0] = '\0';
	nl->has_ext_offs = 0;
	nl->req = nlh;
	nlh->nlmsg_seq = ++nl->seq;
	if (mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	return nl_recv(nl, nlh->nlmsg_seq, cb, data);
}

struct nlmsghdr *nl_request(struct nl *nl, __u8 cmd, __u8 version,
			    __u16 flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->sbuf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = nl->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

/* The family's id and groups, from CTRL_CMD_GETFAMILY's reply. */
static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a, *g, *ga;
	struct nl *nl = data;
	struct nl_group *group;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID &&
		    !mnl_attr_validate(a, MNL_TYPE_U16))
			nl->family = mnl_attr_get_u16(a);
		if (mnl_attr_get_type(a) != CTRL_ATTR_MCAST_GROUPS)
			continue;
		mnl_attr_for_each_nested(g, a) {
			if (nl->ngroups == NL_GROUPS_MAX)
				break;
			group = &nl->groups[nl->ngroups];
			memset(group, 0, sizeof(*group));
			mnl_attr_for_each_nested(ga, g) {
				if (mnl_attr_get_type(ga) == CTRL_ATTR_MCAST_GRP_NAME &&
				    !mnl_attr_validate(ga, MNL_TYPE_NUL_STRING))
					snprintf(group->name, sizeof(group->name),
						 "%s", mnl_attr_get_str(ga));
				if (mnl_attr_get_type(ga) == CTRL_ATTR_MCAST_GRP_ID &&
				    !mnl_attr_validate(ga, MNL_TYPE_U32))
					group->id = mnl_attr_get_u32(ga);
			}
			nl->ngroups += group->name[0] && group->id;
		}
	}
	return MNL_CB_OK;
}

int nl_open_socket(struct nl *nl)
{
	int one = 1, ret;

	memset(nl, 0, sizeof(*nl));
	nl->rlen = RECV_SIZE;
	nl->sbuf = calloc(1, MNL_SOCKET_BUFFER_SIZE);	/* no stray padding */
	nl->rbuf = malloc(nl->rlen);
	nl->sk = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sbuf || !nl->rbuf || !nl->sk)
		goto fail;
	/* Best effort: kernels before 4.3 cannot cap ACKs, 4.12 extend them */
	nl->cap_ack = !mnl_socket_setsockopt(nl->sk, NETLINK_CAP_ACK, &one,
					     sizeof(one));
	mnl_socket_setsockopt(nl->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) < 0)
		goto fail;
	nl->portid = mnl_socket_get_portid(nl->sk);
	nl->seq = (unsigned int)time(NULL);
	return 0;
fail:
	ret = errno ? -errno : -ENOMEM;
	nl_close(nl);
	return ret;
}

int nl_open(struct nl *nl, const char *family, const char **stage)
{
	struct nlmsghdr *nlh;
	int ret;

	*stage = "socket";
	ret = nl_open_socket(nl);
	if (ret)
		return ret;
	*stage = "family";
	nl->family = GENL_ID_CTRL;
	nlh = nl_request(nl, CTRL_CMD_GETFAMILY, 1, NLM_F_ACK);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, family);
	nl->family = 0;
	ret = nl_talk(nl, nlh, family_cb, nl);
	if (!ret && !nl->family)
		ret = -EBADMSG;
	if (ret)
		nl_close(nl);
	return ret;
}

int nl_join(struct nl *nl, const char *name)
{
	unsigned int i;
	int id;

	for (i = 0; i < nl->ngroups; i++) {
		if (strcmp(nl->groups[i].name, name))
			continue;
		id = (int)nl->groups[i].id;
		if (mnl_socket_setsockopt(nl->sk, NETLINK_ADD_MEMBERSHIP, &id,
					  sizeof(id)) < 0)
			return -errno;
		return 0;
	}
	return -ENOENT;
}

int nl_prepare_send(struct nl *nl, size_t len)
{
	int fd = mnl_socket_get_fd(nl->sk), cur = 0, want;
	socklen_t optlen = sizeof(cur);
	char *grown;

	if (len > INT_MAX - 2 * SNDBUF_SLACK)
		return -EMSGSIZE;
	want = (int)len + SNDBUF_SLACK;
	/* The kernel reports twice what was set, its bookkeeping included. */
	if ((getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &cur, &optlen) ||
	     cur / 2 < want) &&
	    setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &want, sizeof(want)) &&
	    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &want, sizeof(want)))
		return -errno;
	/* Without NETLINK_CAP_ACK an error echoes the whole request. */
	if (nl->cap_ack || nl->rlen >= len + SNDBUF_SLACK)
		return 0;
	grown = realloc(nl->rbuf, len + SNDBUF_SLACK);
	if (!grown)
		return -ENOMEM;
	nl->rbuf = grown;
	nl->rlen = len + SNDBUF_SLACK;
	return 0;
}

void nl_close(struct nl *nl)
{
	if (nl->sk)
		mnl_socket_close(nl->sk);
	free(nl->sbuf);
	free(nl->rbuf);
	nl->sk = NULL;
	nl->req = NULL;
	nl->sbuf = NULL;
	nl->rbuf = NULL;
}
