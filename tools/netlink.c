// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink transactions over libmnl; see netlink.h.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/genetlink.h>

#include "netlink.h"
#include "util.h"

#ifndef MNL_SOCKET_DUMP_SIZE
#define MNL_SOCKET_DUMP_SIZE	32768
#endif

struct talk {
	struct nl *nl;
	mnl_cb_t cb;
	void *data;
	int error;		/* positive errno */
};

static int ext_ack_cb(const struct nlattr *a, void *data)
{
	struct nl *nl = data;

	if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
		snprintf(nl->ext_msg, sizeof(nl->ext_msg), "%s",
			 mnl_attr_get_str(a));
	if (mnl_attr_get_type(a) == NLMSGERR_ATTR_OFFS &&
	    mnl_attr_validate(a, MNL_TYPE_U32) == 0) {
		nl->ext_offs = mnl_attr_get_u32(a);
		nl->has_ext_offs = 1;
	}
	return MNL_CB_OK;
}

/* Extended ACK attributes start at offset off of the payload. */
static void ext_ack_parse(struct nl *nl, const struct nlmsghdr *nlh,
			  size_t off)
{
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (mnl_nlmsg_get_payload_len(nlh) <= off)
		return;
	mnl_attr_parse(nlh, (unsigned int)off, ext_ack_cb, nl);
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
	ext_ack_parse(t->nl, nlh, MNL_ALIGN(off));
	if (err->error < 0)
		t->error = -err->error;
	else if (err->error > 0)
		t->error = err->error;
	return MNL_CB_STOP;
}

static int talk_done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;
	int err;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(err)) {
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
		if (err < 0)
			t->error = -err;
		ext_ack_parse(t->nl, nlh, MNL_ALIGN(sizeof(err)));
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
 * the dump unread: look at the flags first, to read the dump to its end.
 */
static void scan(const char *buf, int len, int *intr, int *end)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;

	while (mnl_nlmsg_ok(nlh, len)) {
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			*intr = 1;
		if (nlh->nlmsg_type == NLMSG_DONE ||
		    nlh->nlmsg_type == NLMSG_ERROR)
			*end = 1;
		nlh = mnl_nlmsg_next(nlh, &len);
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
		if (intr) {
			if (end)
				return -EINTR;
			continue;
		}
		errno = 0;
		ret = mnl_cb_run2(nl->rbuf, (size_t)n, seq, nl->portid,
				  talk_data_cb, &t, talk_ctl_cb,
				  ARRAY_SIZE(talk_ctl_cb));
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

struct family_walk {
	__u16 *id;
	struct nl_group *groups;
	unsigned int *ngroups;
	struct nl_group group;
	unsigned int seen;	/* 1: name, 2: id */
};

static int group_attr_cb(const struct nlattr *a, void *data)
{
	struct family_walk *w = data;

	switch (mnl_attr_get_type(a)) {
	case CTRL_ATTR_MCAST_GRP_NAME:
		if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING))
			return MNL_CB_ERROR;
		snprintf(w->group.name, sizeof(w->group.name), "%s",
			 mnl_attr_get_str(a));
		w->seen |= 1;
		break;
	case CTRL_ATTR_MCAST_GRP_ID:
		if (mnl_attr_validate(a, MNL_TYPE_U32))
			return MNL_CB_ERROR;
		w->group.id = mnl_attr_get_u32(a);
		w->seen |= 2;
		break;
	default:
		break;
	}
	return MNL_CB_OK;
}

/* One group: a nest whose type is its index, of a name and an id. */
static int group_cb(const struct nlattr *a, void *data)
{
	struct family_walk *w = data;

	w->seen = 0;
	if (mnl_attr_validate(a, MNL_TYPE_NESTED) ||
	    mnl_attr_parse_nested(a, group_attr_cb, w) < 0)
		return MNL_CB_ERROR;
	if (w->seen == 3 && *w->ngroups < NL_GROUPS_MAX)
		w->groups[(*w->ngroups)++] = w->group;
	return MNL_CB_OK;
}

static int family_attr_cb(const struct nlattr *a, void *data)
{
	struct family_walk *w = data;

	switch (mnl_attr_get_type(a)) {
	case CTRL_ATTR_FAMILY_ID:
		if (mnl_attr_validate(a, MNL_TYPE_U16))
			return MNL_CB_ERROR;
		*w->id = mnl_attr_get_u16(a);
		break;
	case CTRL_ATTR_MCAST_GROUPS:
		if (mnl_attr_validate(a, MNL_TYPE_NESTED) ||
		    mnl_attr_parse_nested(a, group_cb, w) < 0)
			return MNL_CB_ERROR;
		break;
	default:
		break;
	}
	return MNL_CB_OK;
}

int nl_family_parse(const struct nlmsghdr *nlh, __u16 *id,
		    struct nl_group *groups, unsigned int *ngroups)
{
	struct family_walk w = { .id = id, .groups = groups,
				 .ngroups = ngroups };

	*id = 0;
	*ngroups = 0;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr) ||
	    mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb,
			   &w) < 0)
		return -EBADMSG;
	return 0;
}

struct family {
	__u16 id;
	struct nl_group groups[NL_GROUPS_MAX];
	unsigned int ngroups;
};

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct family *f = data;

	if (nl_family_parse(nlh, &f->id, f->groups, &f->ngroups)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int nl_open_socket(struct nl *nl)
{
	int one = 1;
	int ret;

	memset(nl, 0, sizeof(*nl));
	nl->rlen = MNL_SOCKET_DUMP_SIZE;
	nl->slen = MNL_SOCKET_BUFFER_SIZE;
	nl->sbuf = calloc(1, nl->slen);	/* no stray bytes in padding */
	nl->rbuf = malloc(nl->rlen);
	if (!nl->sbuf || !nl->rbuf) {
		nl_close(nl);
		return -ENOMEM;
	}
	nl->sk = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sk) {
		ret = -errno;
		nl_close(nl);
		return ret;
	}
	/*
	 * Best effort: kernels before 4.3 cannot cap ACKs (nl_prepare_send()
	 * then makes room for the echoed request), before 4.12 have no
	 * extended ACK.
	 */
	nl->cap_ack = !mnl_socket_setsockopt(nl->sk, NETLINK_CAP_ACK, &one,
					     sizeof(one));
	mnl_socket_setsockopt(nl->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		nl_close(nl);
		return ret;
	}
	nl->portid = mnl_socket_get_portid(nl->sk);
	nl->seq = (unsigned int)time(NULL);
	return 0;
}

int nl_open(struct nl *nl, const char *family, const char **stage)
{
	struct family f = { 0 };
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
	ret = nl_talk(nl, nlh, family_cb, &f);
	if (!ret && !f.id)
		ret = -EBADMSG;
	if (ret) {
		nl_close(nl);
		return ret;
	}
	nl->family = f.id;
	memcpy(nl->groups, f.groups, sizeof(f.groups));
	nl->ngroups = f.ngroups;
	return 0;
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

int nl_reserve(struct nl *nl, size_t len)
{
	char *grown;

	if (len <= nl->slen)
		return 0;
	grown = realloc(nl->sbuf, len);
	if (!grown)
		return -ENOMEM;
	nl->req = NULL;		/* it was in the old buffer */
	nl->sbuf = grown;
	nl->slen = len;
	return 0;
}

/* Room above a message in the send buffer, for the kernel's overhead. */
#define SNDBUF_SLACK	65536

int nl_prepare_send(struct nl *nl, size_t len)
{
	int fd = mnl_socket_get_fd(nl->sk), cur = 0, want;
	socklen_t optlen = sizeof(cur);
	char *grown;

	if (len > INT_MAX - 2 * SNDBUF_SLACK)
		return -EMSGSIZE;
	want = (int)len + SNDBUF_SLACK;
	/* The kernel reports twice what was set, its bookkeeping included. */
	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &cur, &optlen) == 0 &&
	    cur / 2 >= want)
		goto ack;
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &want, sizeof(want)) &&
	    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &want, sizeof(want)))
		return -errno;
ack:
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
