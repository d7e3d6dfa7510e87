// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family, seen from userspace: it resolves, its
 * counters parse, and what a command does not take is refused with an
 * extended ACK that points at the attribute.
 */

#include <errno.h>
#include <string.h>
#include <time.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/types.h>

#include "kselftest_harness.h"
#include "../module/uapi/icmpguard.h"

struct reply {
	int error;
	char msg[256];
	__u32 bad_offset;
	int have_offset;
	int counters, drops, rx_types;
	__u64 ctr[__ICMPGUARD_CTR_MAX];
	__u16 family;
	__u8 version;
};

struct conn {
	struct mnl_socket *nl;
	unsigned int seq;
	char buf[8192];
};

FIXTURE(nl) {
	struct conn c;
	__u16 family;
	__u8 version;
};

static int ext_ack_cb(const struct nlattr *a, void *data)
{
	struct reply *r = data;

	switch (mnl_attr_get_type(a)) {
	case NLMSGERR_ATTR_MSG:
		snprintf(r->msg, sizeof(r->msg), "%s", mnl_attr_get_str(a));
		break;
	case NLMSGERR_ATTR_OFFS:
		r->bad_offset = mnl_attr_get_u32(a);
		r->have_offset = 1;
		break;
	}
	return MNL_CB_OK;
}

static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct reply *r = data;
	unsigned int off = sizeof(*e);

	r->error = -e->error;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		mnl_attr_parse(nlh, off, ext_ack_cb, r);
	return e->error ? MNL_CB_ERROR : MNL_CB_STOP;
}

static int ctrl_attr_cb(const struct nlattr *a, void *data)
{
	struct reply *r = data;

	if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
		r->family = mnl_attr_get_u16(a);
	else if (mnl_attr_get_type(a) == CTRL_ATTR_VERSION)
		r->version = mnl_attr_get_u32(a);
	return MNL_CB_OK;
}

static int counter_cb(const struct nlattr *a, void *data)
{
	struct reply *r = data;
	int t = mnl_attr_get_type(a);

	if (t < __ICMPGUARD_CTR_MAX &&
	    mnl_attr_validate(a, MNL_TYPE_U64) == 0)
		r->ctr[t] = mnl_attr_get_u64(a);
	return MNL_CB_OK;
}

static int stats_attr_cb(const struct nlattr *a, void *data)
{
	struct reply *r = data;

	switch (mnl_attr_get_type(a)) {
	case ICMPGUARD_A_COUNTERS:
		r->counters++;
		mnl_attr_parse_nested(a, counter_cb, r);
		break;
	case ICMPGUARD_A_DROPS:
		r->drops++;
		break;
	case ICMPGUARD_A_RX_TYPES:
		r->rx_types++;
		break;
	}
	return MNL_CB_OK;
}

static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	struct reply *r = data;

	if (nlh->nlmsg_type == GENL_ID_CTRL && g->cmd == CTRL_CMD_NEWFAMILY)
		return mnl_attr_parse(nlh, sizeof(*g), ctrl_attr_cb, r);
	return mnl_attr_parse(nlh, sizeof(*g), stats_attr_cb, r);
}

static struct nlmsghdr *put_hdr(struct conn *c, __u16 type, __u8 cmd,
				__u8 version)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(c->buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++c->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

static int talk(struct conn *c, struct nlmsghdr *nlh, struct reply *r)
{
	mnl_cb_t cbs[NLMSG_MIN_TYPE] = { [NLMSG_ERROR] = error_cb };
	int n;

	memset(r, 0, sizeof(*r));
	if (mnl_socket_sendto(c->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(c->nl, c->buf, sizeof(c->buf));
		if (n < 0)
			return -errno;
		n = mnl_cb_run2(c->buf, n, c->seq, mnl_socket_get_portid(c->nl),
				data_cb, r, cbs, NLMSG_MIN_TYPE);
	} while (n > 0);
	return r->error ? -r->error : 0;
}

FIXTURE_SETUP(nl)
{
	struct nlmsghdr *nlh;
	struct reply r;
	int one = 1;

	self->c.nl = mnl_socket_open(NETLINK_GENERIC);
	ASSERT_NE(NULL, self->c.nl);
	ASSERT_EQ(0, mnl_socket_bind(self->c.nl, 0, MNL_SOCKET_AUTOPID));
	ASSERT_EQ(0, mnl_socket_setsockopt(self->c.nl, NETLINK_EXT_ACK, &one,
					   sizeof(one)));
	self->c.seq = time(NULL);

	nlh = put_hdr(&self->c, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, ICMPGUARD_GENL_NAME);
	ASSERT_EQ(0, talk(&self->c, nlh, &r)) {
		TH_LOG("family %s does not resolve: is the module loaded?",
		       ICMPGUARD_GENL_NAME);
	}
	self->family = r.family;
	self->version = r.version;
}

FIXTURE_TEARDOWN(nl)
{
	mnl_socket_close(self->c.nl);
}

TEST_F(nl, family_resolves)
{
	EXPECT_NE(0, self->family);
	EXPECT_EQ(ICMPGUARD_GENL_VERSION, self->version);
}

TEST_F(nl, counters_parse)
{
	struct nlmsghdr *nlh;
	struct reply r;

	nlh = put_hdr(&self->c, self->family, ICMPGUARD_CMD_GET_STATS,
		      ICMPGUARD_GENL_VERSION);
	ASSERT_EQ(0, talk(&self->c, nlh, &r));
	EXPECT_EQ(1, r.counters);
	EXPECT_EQ(1, r.drops);
	EXPECT_EQ(1, r.rx_types);
	/* Bytes can only be there if packets are. */
	EXPECT_GE(r.ctr[ICMPGUARD_CTR_RX_BYTES], r.ctr[ICMPGUARD_CTR_RX_PACKETS]);
}

TEST_F(nl, unknown_attribute_refused)
{
	struct nlmsghdr *nlh;
	struct nlattr *bad;
	struct reply r;

	nlh = put_hdr(&self->c, self->family, ICMPGUARD_CMD_GET_STATS,
		      ICMPGUARD_GENL_VERSION);
	bad = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, ICMPGUARD_A_MAX + 7, 1);
	EXPECT_EQ(-EINVAL, talk(&self->c, nlh, &r));
	EXPECT_NE(0, r.msg[0]);
	TH_LOG("extack: \"%s\"", r.msg);
	ASSERT_EQ(1, r.have_offset);
	EXPECT_EQ((char *)bad - (char *)nlh, r.bad_offset);
}

TEST_F(nl, attribute_of_another_command_refused)
{
	struct nlmsghdr *nlh;
	struct nlattr *bad, *nest;
	struct reply r;

	nlh = put_hdr(&self->c, self->family, ICMPGUARD_CMD_GET_STATS,
		      ICMPGUARD_GENL_VERSION);
	bad = mnl_nlmsg_get_payload_tail(nlh);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_REPLY_RATE, 1);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(-EINVAL, talk(&self->c, nlh, &r));
	ASSERT_EQ(1, r.have_offset);
	EXPECT_EQ((char *)bad - (char *)nlh, r.bad_offset);
}

TEST_F(nl, unknown_flag_bit_refused)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct reply r;

	nlh = put_hdr(&self->c, self->family, ICMPGUARD_CMD_SET_CONFIG,
		      ICMPGUARD_GENL_VERSION);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_FLAGS, 1U << 31);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_FLAGS_MASK, 1U << 31);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(-EINVAL, talk(&self->c, nlh, &r));
	EXPECT_EQ(1, r.have_offset);
	EXPECT_NE(0, r.msg[0]);
}

TEST_HARNESS_MAIN
