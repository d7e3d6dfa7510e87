/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The selftests' generic netlink connection to the family, on libmnl:
 * requests built in a buffer, answers matched by sequence number, the
 * extended ACK (message and offset) of every error kept for the test to
 * judge. Shared by netlink_test.c and nl_fuzz.c.
 */
#ifndef ICMPGUARD_SELFTESTS_GENL_H
#define ICMPGUARD_SELFTESTS_GENL_H

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "../module/uapi/icmpguard.h"

/*
 * The family's attribute sets as the uAPI header documents them: what
 * each attribute holds and, for a nest, the set inside. Each set ends
 * with type 0. The tests build requests from them, right and wrong.
 */
enum genl_kind { K_U8, K_U16, K_U32, K_BIN16, K_BIN32, K_STR, K_NEST, K_ARRAY };

struct genl_attr {
	__u16 type;
	enum genl_kind kind;
	const struct genl_attr *nest;	/* K_NEST, K_ARRAY: the set inside */
};

#define U8(_t)		{ _t, K_U8, NULL }
#define U16(_t)		{ _t, K_U16, NULL }
#define U32(_t)		{ _t, K_U32, NULL }
#define BIN16(_t)	{ _t, K_BIN16, NULL }
#define BIN32(_t)	{ _t, K_BIN32, NULL }
#define STR(_t)		{ _t, K_STR, NULL }
#define NEST(_t, _set)	{ _t, K_NEST, _set }
#define ARRAY(_t, _set)	{ _t, K_ARRAY, _set }

static const struct genl_attr genl_pfx_set[] = {
	U32(ICMPGUARD_PFX_A_ADDR), U8(ICMPGUARD_PFX_A_PLEN),
	BIN16(ICMPGUARD_PFX_A_ADDR6), {}
};

static const struct genl_attr genl_erate_set[] = {
	U8(ICMPGUARD_ERATE_A_TYPE), U8(ICMPGUARD_ERATE_A_CODE),
	U32(ICMPGUARD_ERATE_A_RATE), U32(ICMPGUARD_ERATE_A_BURST),
	U8(ICMPGUARD_ERATE_A_FAMILY), {}
};

static const struct genl_attr genl_cfg_set[] = {
	U32(ICMPGUARD_CFG_A_FLAGS), U32(ICMPGUARD_CFG_A_FLAGS_MASK),
	U32(ICMPGUARD_CFG_A_REPLY_RATE),
	U32(ICMPGUARD_CFG_A_REPLY_BURST),
	U32(ICMPGUARD_CFG_A_DEST_RATE), U32(ICMPGUARD_CFG_A_DEST_BURST),
	U8(ICMPGUARD_CFG_A_POLICY), U8(ICMPGUARD_CFG_A_REJECT_CODE),
	U32(ICMPGUARD_CFG_A_ERROR_SOURCE),
	ARRAY(ICMPGUARD_CFG_A_ERROR_RATES, genl_erate_set),
	U8(ICMPGUARD_CFG_A_FORWARD_POLICY),
	U32(ICMPGUARD_CFG_A_FLOOD_RATE),
	U32(ICMPGUARD_CFG_A_FLOOD_BURST),
	U8(ICMPGUARD_CFG_A_FLOOD_PLEN),
	U32(ICMPGUARD_CFG_A_GLOBAL_RATE),
	U32(ICMPGUARD_CFG_A_GLOBAL_BURST),
	U32(ICMPGUARD_CFG_A_MAX_SOURCES),
	U8(ICMPGUARD_CFG_A_FLOOD_PLEN6),
	U32(ICMPGUARD_CFG_A_GLOBAL6_RATE),
	U32(ICMPGUARD_CFG_A_GLOBAL6_BURST),
	BIN16(ICMPGUARD_CFG_A_ERROR_SOURCE6),
	U8(ICMPGUARD_CFG_A_REJECT_CODE6),
	U32(ICMPGUARD_CFG_A_FLOOD6_RATE),
	U32(ICMPGUARD_CFG_A_FLOOD6_BURST), {}
};

static const struct genl_attr genl_rule_set[] = {
	U8(ICMPGUARD_RULE_A_DIR), BIN32(ICMPGUARD_RULE_A_TYPES),
	BIN32(ICMPGUARD_RULE_A_CODES),
	NEST(ICMPGUARD_RULE_A_SRC, genl_pfx_set),
	NEST(ICMPGUARD_RULE_A_DST, genl_pfx_set),
	STR(ICMPGUARD_RULE_A_IIF), STR(ICMPGUARD_RULE_A_OIF),
	U16(ICMPGUARD_RULE_A_LEN_MIN), U16(ICMPGUARD_RULE_A_LEN_MAX),
	U8(ICMPGUARD_RULE_A_ACTION), U8(ICMPGUARD_RULE_A_REJECT_CODE),
	U32(ICMPGUARD_RULE_A_LIMIT_RATE),
	U32(ICMPGUARD_RULE_A_LIMIT_BURST),
	U32(ICMPGUARD_RULE_A_LIMIT_FLAGS),
	U8(ICMPGUARD_RULE_A_LIMIT_PLEN), U8(ICMPGUARD_RULE_A_FAMILY),
	{}
};

/* What each command takes at the top. */
static const struct genl_attr genl_batch_set[] = {
	U32(ICMPGUARD_A_FLUSH),
	NEST(ICMPGUARD_A_CONFIG, genl_cfg_set),
	NEST(ICMPGUARD_A_PREFIX, genl_pfx_set),
	NEST(ICMPGUARD_A_PREFIX_DEL, genl_pfx_set),
	U32(ICMPGUARD_A_RULE_INDEX),
	NEST(ICMPGUARD_A_RULE, genl_rule_set),
	U32(ICMPGUARD_A_RULE_HANDLE), {}
};

static const struct genl_attr genl_stats_set[] = {
	U8(ICMPGUARD_A_FAMILY), {}
};

static const struct genl_attr genl_dir_set[] = { U8(ICMPGUARD_A_DIR), {} };
static const struct genl_attr genl_none_set[] = { {} };

static const struct genl_attr genl_config_set[] = {
	NEST(ICMPGUARD_A_CONFIG, genl_cfg_set), {}
};

static const struct genl_attr genl_prefix_set[] = {
	NEST(ICMPGUARD_A_PREFIX, genl_pfx_set), {}
};

static const struct genl_attr genl_add_rule_set[] = {
	U32(ICMPGUARD_A_RULE_INDEX),
	NEST(ICMPGUARD_A_RULE, genl_rule_set), {}
};

static const struct genl_attr genl_handle_set[] = {
	U32(ICMPGUARD_A_RULE_HANDLE), {}
};

static const struct genl_attr genl_rules_set[] = {
	NEST(ICMPGUARD_A_RULE, genl_rule_set), {}
};

struct genl_cmd {
	const char *name;
	bool admin;		/* GENL_UNS_ADMIN_PERM */
	bool dump;
	const struct genl_attr *attrs;
};

#define CMD(_cmd, _admin, _dump, _attrs) \
	[ICMPGUARD_CMD_##_cmd] = { #_cmd, _admin, _dump, _attrs }

static const struct genl_cmd genl_cmds[ICMPGUARD_CMD_MAX + 1] = {
	CMD(GET_STATS, false, false, genl_stats_set),
	CMD(RESET_STATS, true, false, genl_none_set),
	CMD(GET_CONFIG, false, false, genl_none_set),
	CMD(SET_CONFIG, true, false, genl_config_set),
	CMD(ADD_OWNED, true, false, genl_prefix_set),
	CMD(DEL_OWNED, true, false, genl_prefix_set),
	CMD(GET_OWNED, false, true, genl_none_set),
	CMD(FLUSH_OWNED, true, false, genl_none_set),
	CMD(ADD_RULE, true, false, genl_add_rule_set),
	CMD(DEL_RULE, true, false, genl_handle_set),
	CMD(GET_RULES, false, true, genl_none_set),
	CMD(FLUSH_RULES, true, false, genl_dir_set),
	CMD(REPLACE_RULES, true, false, genl_rules_set),
	CMD(GET_SOURCES, false, true, genl_none_set),
	CMD(BATCH, true, false, genl_batch_set),
};

/* Large enough for a batch of ICMPGUARD_RULES_MAX rules. */
#define GENL_ROOM	(4 << 20)

struct genl {
	struct mnl_socket *nl;
	__u16 family;
	__u32 version;
	__u32 seq;
	int error;		/* of the last request, a positive errno */
	char ext_msg[256];
	__u32 ext_offs;		/* 0: the ACK named no attribute */
	int ext_miss;		/* a missing attribute's type + 1, or 0 */
	__u8 *buf;		/* GENL_ROOM bytes: request, then replies */
};

typedef int (*genl_cb)(const struct nlmsghdr *nlh, void *arg);

/* What libmnl hands to the callbacks of one exchange. */
struct genl_run {
	struct genl *g;
	genl_cb cb;
	void *arg;
};

static inline int genl_ack_attr(const struct nlattr *a, void *arg)
{
	struct genl *g = arg;

	if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG)
		snprintf(g->ext_msg, sizeof(g->ext_msg), "%s",
			 mnl_attr_get_str(a));
	else if (mnl_attr_get_type(a) == NLMSGERR_ATTR_OFFS)
		g->ext_offs = mnl_attr_get_u32(a);
	else if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MISS_TYPE)
		g->ext_miss = mnl_attr_get_u32(a) + 1;
	return MNL_CB_OK;
}

static inline int genl_ack(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct genl *g = ((struct genl_run *)arg)->g;
	unsigned int off = sizeof(*e);

	g->error = -e->error;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		mnl_attr_parse(nlh, off, genl_ack_attr, g);
	return e->error ? MNL_CB_ERROR : MNL_CB_STOP;
}

/* A dump's end, with the dump's error if it failed. */
static inline int genl_done(const struct nlmsghdr *nlh, void *arg)
{
	const int *err = mnl_nlmsg_get_payload(nlh);
	struct genl *g = ((struct genl_run *)arg)->g;

	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(*err) && *err < 0)
		g->error = -*err;
	return MNL_CB_STOP;
}

static inline int genl_data(const struct nlmsghdr *nlh, void *arg)
{
	struct genl_run *r = arg;

	return r->cb ? r->cb(nlh, r->arg) : MNL_CB_OK;
}

static inline struct nlmsghdr *genl_msg(struct genl *g, __u8 cmd, __u16 flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(g->buf);
	struct genlmsghdr *h;

	nlh->nlmsg_type = g->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++g->seq;
	h = mnl_nlmsg_put_extra_header(nlh, sizeof(*h));
	h->cmd = cmd;
	h->version = ICMPGUARD_GENL_VERSION;
	return nlh;
}

/*
 * Sends nlh (in g->buf), runs cb over each answer until the ACK or the
 * end of the dump: 0 or the request's errno, negated, with g->ext_*;
 * -EINTR for a dump whose set changed while it ran (read to its end).
 */
static inline int genl_talk(struct genl *g, struct nlmsghdr *nlh, genl_cb cb,
			    void *arg)
{
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = { [NLMSG_ERROR] = genl_ack,
					 [NLMSG_DONE] = genl_done };
	struct genl_run r = { g, cb, arg };
	__u32 seq = nlh->nlmsg_seq;
	struct nlmsghdr *m;
	int n, rest, intr = 0;

	g->error = 0;
	g->ext_msg[0] = 0;
	g->ext_offs = 0;
	g->ext_miss = 0;
	if (mnl_socket_sendto(g->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(g->nl, g->buf, GENL_ROOM);
		if (n < 0)
			return -errno;
		/* libmnl would stop at the flag, before the end of the dump. */
		for (m = (struct nlmsghdr *)g->buf, rest = n;
		     mnl_nlmsg_ok(m, rest); m = mnl_nlmsg_next(m, &rest)) {
			intr |= !!(m->nlmsg_flags & NLM_F_DUMP_INTR);
			m->nlmsg_flags &= ~NLM_F_DUMP_INTR;
		}
		n = mnl_cb_run2(g->buf, n, seq, mnl_socket_get_portid(g->nl),
				genl_data, &r, ctl, NLMSG_MIN_TYPE);
	} while (n > 0);
	if (g->error)
		return -g->error;
	return n < 0 ? -errno : intr ? -EINTR : 0;
}

static inline int genl_family_attr(const struct nlattr *a, void *arg)
{
	struct genl *g = arg;

	if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
		g->family = mnl_attr_get_u16(a);
	else if (mnl_attr_get_type(a) == CTRL_ATTR_VERSION)
		g->version = mnl_attr_get_u32(a);
	return MNL_CB_OK;
}

static inline int genl_family_cb(const struct nlmsghdr *nlh, void *arg)
{
	return mnl_attr_parse(nlh, GENL_HDRLEN, genl_family_attr, arg);
}

/* Opens, raises the send buffer (root only), resolves the family. */
static inline int genl_open(struct genl *g)
{
	int one = 1, room = GENL_ROOM * 2;
	struct nlmsghdr *nlh;

	memset(g, 0, sizeof(*g));
	g->buf = malloc(GENL_ROOM);
	g->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!g->buf || !g->nl || mnl_socket_bind(g->nl, 0, MNL_SOCKET_AUTOPID))
		return -errno;
	mnl_socket_setsockopt(g->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(g->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	if (setsockopt(mnl_socket_get_fd(g->nl), SOL_SOCKET, SO_SNDBUFFORCE,
		       &room, sizeof(room)))
		setsockopt(mnl_socket_get_fd(g->nl), SOL_SOCKET, SO_SNDBUF,
			   &room, sizeof(room));
	g->family = GENL_ID_CTRL;
	nlh = genl_msg(g, CTRL_CMD_GETFAMILY, 0);
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, ICMPGUARD_GENL_NAME);
	g->family = 0;
	return genl_talk(g, nlh, genl_family_cb, g) ?: (g->family ? 0 : -ENOENT);
}

static inline void genl_close(struct genl *g)
{
	if (g->nl)
		mnl_socket_close(g->nl);
	free(g->buf);
}

/* An ICMPGUARD_PFX_A_* nest of type @type: @addr of 4 or 16 bytes. */
static inline void genl_put_prefix(struct nlmsghdr *nlh, __u16 type,
				   const void *addr, int len, __u8 plen)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	mnl_attr_put(nlh, len == 4 ? ICMPGUARD_PFX_A_ADDR :
		     ICMPGUARD_PFX_A_ADDR6, len, addr);
	mnl_attr_put_u8(nlh, ICMPGUARD_PFX_A_PLEN, plen);
	mnl_attr_nest_end(nlh, nest);
}

/* The smallest rule: a direction and an action, of a family. */
static inline void genl_put_rule(struct nlmsghdr *nlh, __u8 family, __u8 dir,
				 __u8 action)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_RULE);

	if (family)
		mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_FAMILY, family);
	mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_DIR, dir);
	mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_ACTION, action);
	mnl_attr_nest_end(nlh, nest);
}

/* Messages of a dump, counted. */
static inline int genl_count_cb(const struct nlmsghdr *nlh, void *arg)
{
	(void)nlh;
	++*(long *)arg;
	return MNL_CB_OK;
}

/* How many messages a dump of @cmd answers, or an errno, negated. */
static inline long genl_dump_count(struct genl *g, __u8 cmd)
{
	long n = 0;
	int err = genl_talk(g, genl_msg(g, cmd, NLM_F_DUMP), genl_count_cb, &n);

	return err ?: n;
}

#endif /* ICMPGUARD_SELFTESTS_GENL_H */
