// SPDX-License-Identifier: GPL-2.0
/*
 * A fake icmpguard module for the unit tests, so that whole commands (save,
 * -f, stats prometheus) run as they do against the module.
 *
 * The test program is linked with -Wl,--wrap=mnl_socket_sendto: while the
 * fake is on, a request icmpctl sends to the kernel is handed to it
 * instead. It answers as the module does, from a second netlink socket
 * that sends to icmpctl's: replies, dumps, ACKs with extended ACK. Its
 * state is a struct model (test_model.h); it can be told to refuse a
 * request, for the errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <libmnl/libmnl.h>

#include "../module/uapi/icmpguard.h"
#include "cmd.h"
#include "test.h"
#include "test_model.h"
#include "util.h"

#define FAKE_FAMILY	0x1d

struct fake_kernel fake_kernel;

/* A reply being built, and the request it answers. */
static __u64 out[4096];

static struct nlmsghdr *reply(const struct nlmsghdr *req, __u16 type,
			      __u16 flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(out);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = req->nlmsg_seq;
	nlh->nlmsg_pid = nl.portid;
	return nlh;
}

static void send_msg(const struct nlmsghdr *nlh)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_pid = nl.portid };

	if (sendto(fake_kernel.peer, nlh, nlh->nlmsg_len, 0,
		   (struct sockaddr *)&sa, sizeof(sa)) < 0)
		abort();
}

/* A message of msgbuf (test.h), as the answer to req. */
static void send_genl(const struct nlmsghdr *req, struct nlmsghdr *msg,
		      __u16 flags)
{
	msg->nlmsg_type = FAKE_FAMILY;
	msg->nlmsg_flags = flags;
	msg->nlmsg_seq = req->nlmsg_seq;
	msg->nlmsg_pid = nl.portid;
	send_msg(msg);
}

/* The ACK of req: error (0 or -errno), an extended ACK when msg is set. */
static void ack(const struct nlmsghdr *req, int error, const char *msg,
		int offs)
{
	struct nlmsghdr *nlh = reply(req, NLMSG_ERROR, NLM_F_CAPPED);
	struct nlmsgerr *err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));

	err->error = error;
	err->msg = *req;
	if (msg) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
		if (offs >= 0)
			mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, (__u32)offs);
	}
	send_msg(nlh);
}

static void done(const struct nlmsghdr *req)
{
	struct nlmsghdr *nlh = reply(req, NLMSG_DONE, NLM_F_MULTI);
	int *err = mnl_nlmsg_put_extra_header(nlh, sizeof(int));

	*err = 0;
	send_msg(nlh);
}

/* The offset in req of its ICMPGUARD_CFG_A_* attribute type, or -1. */
static int cfg_offset(const struct nlmsghdr *req, unsigned int type)
{
	const struct nlattr *a, *c;

	mnl_attr_for_each(a, req, sizeof(struct genlmsghdr))
		mnl_attr_for_each_nested(c, a)
			if (mnl_attr_get_type(c) == type)
				return (int)((const char *)c -
					     (const char *)req);
	return -1;
}

/* Whether to refuse req, which it then does. */
static int refused(const struct nlmsghdr *req, __u8 cmd)
{
	struct fake_kernel *k = &fake_kernel;

	if (k->refuse_cmd != cmd)
		return 0;
	if (k->refuse_after) {
		k->refuse_after--;
		return 0;
	}
	k->refuse_cmd = 0;
	ack(req, -k->refuse_errno, k->refuse_msg,
	    k->refuse_attr ? cfg_offset(req, k->refuse_attr) : -1);
	return 1;
}

static struct icg_prefix *find_owned(const struct icg_prefix *p)
{
	struct model *m = fake_kernel.m;
	unsigned int i;

	for (i = 0; i < m->nowned; i++)
		if (m->owned[i].addr == p->addr && m->owned[i].plen == p->plen)
			return &m->owned[i];
	return NULL;
}

static void answer_owned(const struct nlmsghdr *req, __u8 cmd)
{
	struct model *m = fake_kernel.m;
	struct icg_prefix p, *at;

	if (cmd == ICMPGUARD_CMD_FLUSH_OWNED) {
		m->nowned = 0;
		ack(req, 0, NULL, -1);
		return;
	}
	if (icg_prefix_parse(req, &p))
		abort();
	at = find_owned(&p);
	if (cmd == ICMPGUARD_CMD_ADD_OWNED && at) {
		ack(req, -EEXIST, "prefix is already owned", -1);
	} else if (cmd == ICMPGUARD_CMD_DEL_OWNED && !at) {
		ack(req, -ENOENT, "prefix is not owned", -1);
	} else {
		if (cmd == ICMPGUARD_CMD_ADD_OWNED)
			m->owned[m->nowned++] = p;
		else
			*at = m->owned[--m->nowned];
		ack(req, 0, NULL, -1);
	}
}

static void dump_owned(const struct nlmsghdr *req)
{
	struct model *m = fake_kernel.m;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	unsigned int i;

	for (i = 0; i < m->nowned; i++) {
		nlh = msg_start(ICMPGUARD_CMD_GET_OWNED);
		nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_PREFIX);
		mnl_attr_put(nlh, ICMPGUARD_PFX_A_ADDR, 4, &m->owned[i].addr);
		mnl_attr_put_u8(nlh, ICMPGUARD_PFX_A_PLEN,
				(__u8)m->owned[i].plen);
		mnl_attr_nest_end(nlh, nest);
		send_genl(req, nlh, NLM_F_MULTI);
	}
	done(req);
}

/* A rule as the module lists it: its words, handle and counters. */
static void dump_rules(const struct nlmsghdr *req)
{
	struct model *m = fake_kernel.m;
	const struct icg_rule *r;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	unsigned int i;

	for (i = 0; i < m->nrules; i++) {
		r = &m->rules[i];
		nlh = msg_start(ICMPGUARD_CMD_GET_RULES);
		nest = (struct nlattr *)((char *)nlh + nlh->nlmsg_len);
		icg_rule_put(nlh, ICMPGUARD_A_RULE, r);
		mnl_attr_put_u32(nlh, ICMPGUARD_RULE_A_HANDLE, r->handle);
		put_u64(nlh, ICMPGUARD_RULE_A_PACKETS, ICMPGUARD_RULE_A_PAD,
			r->packets);
		put_u64(nlh, ICMPGUARD_RULE_A_BYTES, ICMPGUARD_RULE_A_PAD,
			r->bytes);
		put_u64(nlh, ICMPGUARD_RULE_A_LIMITED, ICMPGUARD_RULE_A_PAD,
			r->limited);
		nest->nla_len = (__u16)((char *)nlh + nlh->nlmsg_len -
					(char *)nest);
		send_genl(req, nlh, NLM_F_MULTI);
	}
	done(req);
}

static void replace_rules(const struct nlmsghdr *req)
{
	struct model *m = fake_kernel.m;
	const struct nlattr *a;
	unsigned int n = 0;

	mnl_attr_for_each(a, req, sizeof(struct genlmsghdr)) {
		if (n == MODEL_RULES ||
		    icg_rule_attr_parse(a, &m->rules[n]))
			abort();
		m->rules[n].handle = ++m->handle;
		m->rules[n++].has |= RULE_HAS_HANDLE | RULE_HAS_COUNTERS;
	}
	m->nrules = n;
	ack(req, 0, NULL, -1);
}

/* A request to the family: answered as the module would. */
static void handle(const struct nlmsghdr *req)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(req);
	__u8 cmd = genl->cmd;

	if (cmd <= ICMPGUARD_CMD_MAX)
		fake_kernel.sent[cmd]++;
	if (refused(req, cmd))
		return;
	switch (cmd) {
	case ICMPGUARD_CMD_GET_CONFIG:
		send_genl(req, model_config_msg(fake_kernel.m), 0);
		ack(req, 0, NULL, -1);
		break;
	case ICMPGUARD_CMD_SET_CONFIG:
		model_apply_config(fake_kernel.m, req);
		ack(req, 0, NULL, -1);
		break;
	case ICMPGUARD_CMD_GET_STATS:
		send_genl(req, prom_stats_msg(), 0);
		ack(req, 0, NULL, -1);
		break;
	case ICMPGUARD_CMD_ADD_OWNED:
	case ICMPGUARD_CMD_DEL_OWNED:
	case ICMPGUARD_CMD_FLUSH_OWNED:
		answer_owned(req, cmd);
		break;
	case ICMPGUARD_CMD_GET_OWNED:
		dump_owned(req);
		break;
	case ICMPGUARD_CMD_GET_RULES:
		dump_rules(req);
		break;
	case ICMPGUARD_CMD_FLUSH_RULES:
		fake_kernel.m->nrules = 0;
		ack(req, 0, NULL, -1);
		break;
	case ICMPGUARD_CMD_REPLACE_RULES:
		replace_rules(req);
		break;
	default:
		ack(req, -EOPNOTSUPP, NULL, -1);
		break;
	}
}

ssize_t __wrap_mnl_socket_sendto(const struct mnl_socket *sk,
				 const void *buf, size_t len)
{
	const struct nlmsghdr *req = buf;

	if (!fake_kernel.m || sk != nl.sk)
		return __real_mnl_socket_sendto(sk, buf, len);
	if (req->nlmsg_type != FAKE_FAMILY)
		abort();
	handle(req);
	return (ssize_t)len;
}

int fake_kernel_open(struct model *m)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 2 };

	memset(&fake_kernel, 0, sizeof(fake_kernel));
	if (nl_open_socket(&nl))
		return -1;
	setsockopt(mnl_socket_get_fd(nl.sk), SOL_SOCKET, SO_RCVTIMEO, &tv,
		   sizeof(tv));
	fake_kernel.peer = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
				  NETLINK_GENERIC);
	if (fake_kernel.peer < 0 ||
	    bind(fake_kernel.peer, (struct sockaddr *)&sa, sizeof(sa))) {
		nl_close(&nl);
		return -1;
	}
	nl.family = FAKE_FAMILY;
	fake_kernel.m = m;
	return 0;
}

void fake_kernel_close(void)
{
	nl_close(&nl);
	close(fake_kernel.peer);
	memset(&fake_kernel, 0, sizeof(fake_kernel));
}
