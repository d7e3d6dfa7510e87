// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink transactions over libmnl; see netlink.h.
 */
#include <errno.h>
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

static int family_attr_cb(const struct nlattr *a, void *data)
{
	__u16 *id = data;

	if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID &&
	    mnl_attr_validate(a, MNL_TYPE_U16) == 0)
		*id = mnl_attr_get_u16(a);
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr))
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb, data);
	return MNL_CB_OK;
}

int nl_open_socket(struct nl *nl)
{
	int one = 1;
	int ret;

	memset(nl, 0, sizeof(*nl));
	nl->rlen = MNL_SOCKET_DUMP_SIZE;
	nl->sbuf = malloc(MNL_SOCKET_BUFFER_SIZE);
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
	/* Best effort: kernels before 4.12 have no extended ACK. */
	mnl_socket_setsockopt(nl->sk, NETLINK_CAP_ACK, &one, sizeof(one));
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
	struct nlmsghdr *nlh;
	__u16 id = 0;
	int ret;

	*stage = "socket";
	ret = nl_open_socket(nl);
	if (ret)
		return ret;

	*stage = "family";
	nl->family = GENL_ID_CTRL;
	nlh = nl_request(nl, CTRL_CMD_GETFAMILY, 1, NLM_F_ACK);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, family);
	ret = nl_talk(nl, nlh, family_cb, &id);
	if (!ret && !id)
		ret = -EBADMSG;
	if (ret) {
		nl_close(nl);
		return ret;
	}
	nl->family = id;
	return 0;
}

void nl_close(struct nl *nl)
{
	if (nl->sk)
		mnl_socket_close(nl->sk);
	free(nl->sbuf);
	free(nl->rbuf);
	nl->sk = NULL;
	nl->sbuf = NULL;
	nl->rbuf = NULL;
}
