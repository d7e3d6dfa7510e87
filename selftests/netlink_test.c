// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family against its specification, the uAPI header:
 * it resolves at version 2; statistics come per family; every attribute
 * of every set, malformed (a wrong length, a value out of range, a type
 * the set does not have), is refused with an extended ACK whose offset
 * is that attribute's; the limits hold; nobody changes nothing; and a
 * batch is applied whole or not at all. Run as root where nothing else
 * is configured (netlink.sh loads the module afresh): each test flushes
 * the namespace's configuration when it ends.
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <grp.h>
#include <stdbool.h>
#include <unistd.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "genl.h"

#define NOBODY	65534

/* Where a set's attributes go: a command and the nests around them. */
struct set_desc {
	const char *name;
	__u8 cmd;
	__u16 path[3];		/* nests to open, 0-terminated */
	__u16 max;		/* the set's highest attribute */
	const struct genl_attr *attrs;
};

#define SET(_name, _cmd, _max, _attrs, ...) \
	{ _name, ICMPGUARD_CMD_##_cmd, { __VA_ARGS__ }, _max, _attrs }

static const struct set_desc sets[] = {
	SET("top of BATCH", BATCH, ICMPGUARD_A_MAX, genl_batch_set, 0),
	SET("top of GET_STATS", GET_STATS, ICMPGUARD_A_MAX, genl_stats_set, 0),
	SET("top of FLUSH_RULES", FLUSH_RULES, ICMPGUARD_A_MAX, genl_dir_set,
	    0),
	SET("config", SET_CONFIG, ICMPGUARD_CFG_A_MAX, genl_cfg_set,
	    ICMPGUARD_A_CONFIG),
	SET("error rate", SET_CONFIG, ICMPGUARD_ERATE_A_MAX, genl_erate_set,
	    ICMPGUARD_A_CONFIG, ICMPGUARD_CFG_A_ERROR_RATES,
	    ICMPGUARD_A_ERROR_RATE),
	SET("prefix", ADD_OWNED, ICMPGUARD_PFX_A_MAX, genl_pfx_set,
	    ICMPGUARD_A_PREFIX),
	SET("rule", ADD_RULE, ICMPGUARD_RULE_A_MAX, genl_rule_set,
	    ICMPGUARD_A_RULE),
	SET("rule's source", ADD_RULE, ICMPGUARD_PFX_A_MAX, genl_pfx_set,
	    ICMPGUARD_A_RULE, ICMPGUARD_RULE_A_SRC),
};

/* A request of @s's command with its nests open: add, then close. */
static struct nlmsghdr *open_set(struct genl *g, const struct set_desc *s,
				 struct nlattr **nests)
{
	struct nlmsghdr *nlh = genl_msg(g, s->cmd, 0);
	int i;

	for (i = 0; i < 3; i++)
		nests[i] = s->path[i] ? mnl_attr_nest_start(nlh, s->path[i]) :
			   NULL;
	return nlh;
}

static void close_set(struct nlmsghdr *nlh, struct nlattr **nests)
{
	int i;

	for (i = 2; i >= 0; i--)
		if (nests[i])
			mnl_attr_nest_end(nlh, nests[i]);
}

/* A payload no attribute of @kind takes: one byte too many or too few. */
static int malformed(enum genl_kind kind, __u8 *buf)
{
	static const int len[] = { [K_U8] = 2, [K_U16] = 3, [K_U32] = 5,
				   [K_BIN16] = 15, [K_BIN32] = 33, [K_STR] = 16,
				   [K_NEST] = 3, [K_ARRAY] = 3 };

	memset(buf, kind == K_STR ? 'x' : 0x41, len[kind]);
	return len[kind];
}

/*
 * Sends nlh, whose attribute at @bad must be refused: with @err, an
 * extended ACK message, and its offset; @within: anywhere inside it.
 */
static void refused(struct __test_metadata *_metadata, struct genl *g,
		    struct nlmsghdr *nlh, const struct nlattr *bad, int err,
		    bool within, const char *what)
{
	__u32 offs = (const char *)bad - (const char *)nlh;
	int ret = genl_talk(g, nlh, NULL, NULL);

	if (!err && ret == -ERANGE)
		err = ERANGE;
	EXPECT_EQ(-(err ?: EINVAL), ret) {
		TH_LOG("%s: %s (\"%s\")", what, strerror(-ret), g->ext_msg);
	}
	EXPECT_NE(0, g->ext_msg[0]) {
		TH_LOG("%s: no message", what);
	}
	if (within) {
		EXPECT_TRUE(g->ext_offs >= offs &&
			    g->ext_offs < offs + bad->nla_len) {
			TH_LOG("%s: offset %u, not in [%u, %u)", what,
			       g->ext_offs, offs, offs + bad->nla_len);
		}
	} else {
		EXPECT_EQ(offs, g->ext_offs) {
			TH_LOG("%s (\"%s\")", what, g->ext_msg);
		}
	}
}

FIXTURE(nl) {
	struct genl g;
};

FIXTURE_SETUP(nl)
{
	ASSERT_EQ(0, genl_open(&self->g))
		TH_LOG("family %s does not resolve: is the module loaded?",
		       ICMPGUARD_GENL_NAME);
}

/* Everything back to the defaults (as nobody: nothing to undo). */
FIXTURE_TEARDOWN(nl)
{
	struct nlmsghdr *nlh = genl_msg(&self->g, ICMPGUARD_CMD_BATCH, 0);

	mnl_attr_put_u32(nlh, ICMPGUARD_A_FLUSH, __ICMPGUARD_FLUSH_F_ALL);
	genl_talk(&self->g, nlh, NULL, NULL);
	genl_close(&self->g);
}

TEST_F(nl, family_resolves_at_version_2)
{
	EXPECT_NE(0, self->g.family);
	EXPECT_EQ(ICMPGUARD_GENL_VERSION, (int)self->g.version);
}

struct stats {
	int family, counters, drops;
	__u64 rx_packets, rx_bytes;
};

static int stats_attr(const struct nlattr *a, void *arg)
{
	struct stats *s = arg;
	const struct nlattr *c;

	switch (mnl_attr_get_type(a)) {
	case ICMPGUARD_A_FAMILY:
		s->family = mnl_attr_get_u8(a);
		break;
	case ICMPGUARD_A_DROPS:
		s->drops++;
		break;
	case ICMPGUARD_A_COUNTERS:
		s->counters++;
		mnl_attr_for_each_nested(c, a) {
			if (mnl_attr_get_type(c) == ICMPGUARD_CTR_RX_PACKETS)
				s->rx_packets = mnl_attr_get_u64(c);
			if (mnl_attr_get_type(c) == ICMPGUARD_CTR_RX_BYTES)
				s->rx_bytes = mnl_attr_get_u64(c);
		}
	}
	return MNL_CB_OK;
}

static int stats_cb(const struct nlmsghdr *nlh, void *arg)
{
	return mnl_attr_parse(nlh, GENL_HDRLEN, stats_attr, arg);
}

TEST_F(nl, stats_of_each_family)
{
	static const int families[] = { 0, AF_INET, AF_INET6 };
	struct nlmsghdr *nlh;
	struct stats s;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(families); i++) {
		memset(&s, 0, sizeof(s));
		nlh = genl_msg(&self->g, ICMPGUARD_CMD_GET_STATS, 0);
		if (families[i])
			mnl_attr_put_u8(nlh, ICMPGUARD_A_FAMILY, families[i]);
		ASSERT_EQ(0, genl_talk(&self->g, nlh, stats_cb, &s));
		EXPECT_EQ(families[i] ?: AF_INET, s.family);
		EXPECT_EQ(1, s.counters);
		EXPECT_EQ(1, s.drops);
		/* Bytes can only be there if packets are. */
		EXPECT_GE(s.rx_bytes, s.rx_packets);
	}
}

/* Each attribute of each set, one byte off its length. */
TEST_F(nl, every_malformed_attribute_named)
{
	const struct set_desc *s;
	struct nlattr *nests[3], *bad;
	struct nlmsghdr *nlh;
	char what[96];
	__u8 buf[40];
	unsigned int i;

	for (s = sets; s < sets + ARRAY_SIZE(sets); s++) {
		for (i = 0; s->attrs[i].type; i++) {
			nlh = open_set(&self->g, s, nests);
			bad = mnl_nlmsg_get_payload_tail(nlh);
			mnl_attr_put(nlh, s->attrs[i].type,
				     malformed(s->attrs[i].kind, buf), buf);
			close_set(nlh, nests);
			snprintf(what, sizeof(what), "%s attribute %u", s->name,
				 s->attrs[i].type);
			refused(_metadata, &self->g, nlh, bad, 0, false, what);
		}
		/* A type the set does not have, and one past its end. */
		for (i = 0; i < 2; i++) {
			nlh = open_set(&self->g, s, nests);
			bad = mnl_nlmsg_get_payload_tail(nlh);
			mnl_attr_put_u32(nlh, i ? s->max + 1 : 0, 1);
			close_set(nlh, nests);
			snprintf(what, sizeof(what), "%s: unknown type %u",
				 s->name, i ? s->max + 1 : 0);
			refused(_metadata, &self->g, nlh, bad, EINVAL, false,
				what);
		}
	}
}

/* Values the policies refuse, one attribute at a time. */
TEST_F(nl, every_value_out_of_range_named)
{
	static const struct {
		unsigned int set;	/* index in sets[] */
		__u16 type;
		__u32 v;
	} cases[] = {
		{ 0, ICMPGUARD_A_FLUSH, __ICMPGUARD_FLUSH_F_ALL + 1 },
		{ 1, ICMPGUARD_A_FAMILY, 7 },
		{ 2, ICMPGUARD_A_DIR, ICMPGUARD_DIR_MAX + 1 },
		{ 3, ICMPGUARD_CFG_A_FLAGS, __ICMPGUARD_F_ALL + 1 },
		{ 3, ICMPGUARD_CFG_A_REPLY_RATE, 1000000001 },
		{ 3, ICMPGUARD_CFG_A_REPLY_BURST, 0 },
		{ 3, ICMPGUARD_CFG_A_POLICY, ICMPGUARD_POLICY_MAX + 1 },
		{ 3, ICMPGUARD_CFG_A_FORWARD_POLICY, ICMPGUARD_POLICY_MAX + 1 },
		{ 3, ICMPGUARD_CFG_A_REJECT_CODE, 16 },
		{ 3, ICMPGUARD_CFG_A_REJECT_CODE6, 7 },
		{ 3, ICMPGUARD_CFG_A_FLOOD_PLEN, 33 },
		{ 3, ICMPGUARD_CFG_A_FLOOD_PLEN, 0 },
		{ 3, ICMPGUARD_CFG_A_FLOOD_PLEN6, 65 },
		{ 3, ICMPGUARD_CFG_A_GLOBAL6_BURST, 0 },
		{ 3, ICMPGUARD_CFG_A_MAX_SOURCES, 15 },
		{ 3, ICMPGUARD_CFG_A_MAX_SOURCES, (1U << 20) + 1 },
		{ 4, ICMPGUARD_ERATE_A_CODE, 16 },
		{ 4, ICMPGUARD_ERATE_A_RATE, 1000000001 },
		{ 4, ICMPGUARD_ERATE_A_FAMILY, AF_INET6 + 1 },
		{ 5, ICMPGUARD_PFX_A_PLEN, 129 },
		{ 6, ICMPGUARD_RULE_A_DIR, ICMPGUARD_DIR_MAX + 1 },
		{ 6, ICMPGUARD_RULE_A_ACTION, ICMPGUARD_ACT_MAX + 1 },
		{ 6, ICMPGUARD_RULE_A_REJECT_CODE, 16 },
		{ 6, ICMPGUARD_RULE_A_LIMIT_RATE, 0 },
		{ 6, ICMPGUARD_RULE_A_LIMIT_BURST, 0 },
		{ 6, ICMPGUARD_RULE_A_LIMIT_FLAGS, __ICMPGUARD_LIMIT_F_ALL + 1 },
		{ 6, ICMPGUARD_RULE_A_LIMIT_PLEN, 65 },
		{ 6, ICMPGUARD_RULE_A_FAMILY, 1 },
	};
	const struct set_desc *s;
	struct nlattr *nests[3], *bad;
	struct nlmsghdr *nlh;
	char what[96];
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		s = &sets[cases[i].set];
		for (j = 0; s->attrs[j].type != cases[i].type; j++)
			;
		nlh = open_set(&self->g, s, nests);
		bad = mnl_nlmsg_get_payload_tail(nlh);
		if (s->attrs[j].kind == K_U8)
			mnl_attr_put_u8(nlh, cases[i].type, cases[i].v);
		else
			mnl_attr_put_u32(nlh, cases[i].type, cases[i].v);
		close_set(nlh, nests);
		snprintf(what, sizeof(what), "%s attribute %u = %u", s->name,
			 cases[i].type, cases[i].v);
		refused(_metadata, &self->g, nlh, bad, 0, false, what);
	}
}

/* What only the module's code can refuse: inside the attribute named. */
TEST_F(nl, meaningless_values_named)
{
	__u8 a6[16] = { 0x20, 0x01, 0x0d, 0xb8 }, types[32] = { 0 };
	__u32 host = htonl(0xc0000201), mcast = htonl(0xe0000001);
	struct nlattr *bad, *nest;
	struct nlmsghdr *nlh;

	nlh = genl_msg(&self->g, ICMPGUARD_CMD_ADD_OWNED, 0);
	bad = mnl_nlmsg_get_payload_tail(nlh);
	genl_put_prefix(nlh, ICMPGUARD_A_PREFIX, &host, 4, 24);
	refused(_metadata, &self->g, nlh, bad, EINVAL, true, "host bits set");

	nlh = genl_msg(&self->g, ICMPGUARD_CMD_ADD_OWNED, 0);
	bad = mnl_nlmsg_get_payload_tail(nlh);
	genl_put_prefix(nlh, ICMPGUARD_A_PREFIX, &host, 4, 33);
	refused(_metadata, &self->g, nlh, bad, EINVAL, true, "IPv4 /33");

	nlh = genl_msg(&self->g, ICMPGUARD_CMD_ADD_RULE, 0);
	bad = mnl_nlmsg_get_payload_tail(nlh);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_RULE);
	mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_FAMILY, AF_INET6);
	mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_DIR, ICMPGUARD_DIR_INPUT);
	mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_ACTION, ICMPGUARD_ACT_DROP);
	genl_put_prefix(nlh, ICMPGUARD_RULE_A_SRC, &host, 4, 32);
	mnl_attr_nest_end(nlh, nest);
	refused(_metadata, &self->g, nlh, bad, EINVAL, true,
		"an IPv6 rule with an IPv4 source");

	nlh = genl_msg(&self->g, ICMPGUARD_CMD_ADD_RULE, 0);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_RULE);
	mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_DIR, ICMPGUARD_DIR_INPUT);
	bad = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put(nlh, ICMPGUARD_RULE_A_TYPES, sizeof(types), types);
	mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_ACTION, ICMPGUARD_ACT_DROP);
	mnl_attr_nest_end(nlh, nest);
	refused(_metadata, &self->g, nlh, bad, EINVAL, false,
		"an empty type bitmap");

	nlh = genl_msg(&self->g, ICMPGUARD_CMD_ADD_RULE, 0);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_RULE);
	mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_DIR, ICMPGUARD_DIR_INPUT);
	mnl_attr_put_u8(nlh, ICMPGUARD_RULE_A_ACTION, ICMPGUARD_ACT_DROP);
	bad = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_strz(nlh, ICMPGUARD_RULE_A_OIF, "eth0");
	mnl_attr_nest_end(nlh, nest);
	refused(_metadata, &self->g, nlh, bad, EINVAL, false,
		"an output interface on input");

	nlh = genl_msg(&self->g, ICMPGUARD_CMD_SET_CONFIG, 0);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	bad = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_ERROR_SOURCE, mcast);
	mnl_attr_nest_end(nlh, nest);
	refused(_metadata, &self->g, nlh, bad, EINVAL, false,
		"a multicast error source");

	a6[0] = 0xff;
	nlh = genl_msg(&self->g, ICMPGUARD_CMD_SET_CONFIG, 0);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	bad = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put(nlh, ICMPGUARD_CFG_A_ERROR_SOURCE6, 16, a6);
	mnl_attr_nest_end(nlh, nest);
	refused(_metadata, &self->g, nlh, bad, EINVAL, false,
		"a multicast IPv6 error source");
}

struct dump {
	__u32 handles[8];
	__u8 families[8];
	__u64 packets[8];
	unsigned int n;
	char bytes[4096];	/* every message's attributes, in a row */
	unsigned int len;
	__u32 generation;	/* GET_CONFIG's: not configuration */
};

static int rule_attr(const struct nlattr *a, void *arg)
{
	struct dump *d = arg;

	switch (mnl_attr_get_type(a)) {
	case ICMPGUARD_RULE_A_HANDLE:
		d->handles[d->n] = mnl_attr_get_u32(a);
		break;
	case ICMPGUARD_RULE_A_FAMILY:
		d->families[d->n] = mnl_attr_get_u8(a);
		break;
	case ICMPGUARD_RULE_A_PACKETS:
		d->packets[d->n] = mnl_attr_get_u64(a);
	}
	return MNL_CB_OK;
}

static int dump_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *a = mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN);
	struct dump *d = arg;
	struct nlattr *x;
	unsigned int len;

	mnl_attr_for_each(x, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(x) == ICMPGUARD_A_GENERATION) {
			d->generation = mnl_attr_get_u32(x);
			continue;
		}
		len = NLA_ALIGN(x->nla_len);
		if (d->len + len <= sizeof(d->bytes))
			memcpy(d->bytes + d->len, x, len);
		d->len += len;
	}
	if (d->n < ARRAY_SIZE(d->handles)) {
		d->families[d->n] = AF_INET;
		if (mnl_attr_get_type(a) == ICMPGUARD_A_RULE)
			mnl_attr_parse_nested(a, rule_attr, d);
		d->n++;
	}
	return MNL_CB_OK;
}

/* The namespace's configuration, owned prefixes and rules, as read. */
static int snap(struct genl *g, struct dump *d)
{
	memset(d, 0, sizeof(*d));
	return genl_talk(g, genl_msg(g, ICMPGUARD_CMD_GET_CONFIG, 0),
			 dump_cb, d) ?:
	       genl_talk(g, genl_msg(g, ICMPGUARD_CMD_GET_OWNED, NLM_F_DUMP),
			 dump_cb, d) ?:
	       genl_talk(g, genl_msg(g, ICMPGUARD_CMD_GET_RULES, NLM_F_DUMP),
			 dump_cb, d);
}

static bool same(const struct dump *a, const struct dump *b)
{
	return a->len == b->len && a->len <= sizeof(a->bytes) &&
	       !memcmp(a->bytes, b->bytes, a->len);
}

static void snapshot(struct __test_metadata *_metadata, struct genl *g,
		     struct dump *d)
{
	ASSERT_EQ(0, snap(g, d));
}

static struct nlmsghdr *batch_of_each(struct genl *g)
{
	struct nlmsghdr *nlh = genl_msg(g, ICMPGUARD_CMD_BATCH, 0);
	__u8 a6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0xff };
	__u32 a4 = htonl(0xc0000200);
	struct nlattr *nest;

	mnl_attr_put_u32(nlh, ICMPGUARD_A_FLUSH, __ICMPGUARD_FLUSH_F_ALL);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_REPLY_RATE, 4321);
	mnl_attr_nest_end(nlh, nest);
	genl_put_prefix(nlh, ICMPGUARD_A_PREFIX, &a4, 4, 24);
	genl_put_prefix(nlh, ICMPGUARD_A_PREFIX, a6, 16, 48);
	genl_put_rule(nlh, 0, ICMPGUARD_DIR_INPUT, ICMPGUARD_ACT_ACCEPT);
	genl_put_rule(nlh, AF_INET6, ICMPGUARD_DIR_FORWARD,
		      ICMPGUARD_ACT_DROP);
	return nlh;
}

TEST_F(nl, batch_whole_or_nothing)
{
	__u32 missing = htonl(0xc6336400);
	static struct dump before, after;
	struct nlmsghdr *nlh;
	struct nlattr *bad;

	ASSERT_EQ(0, genl_talk(&self->g, batch_of_each(&self->g), NULL, NULL));
	snapshot(_metadata, &self->g, &before);
	EXPECT_EQ(1U + 2 + 2, before.n);
	EXPECT_EQ(AF_INET6, before.families[4]);

	/* The same, and a prefix not owned to delete: nothing happens */
	nlh = batch_of_each(&self->g);
	bad = mnl_nlmsg_get_payload_tail(nlh);
	genl_put_prefix(nlh, ICMPGUARD_A_PREFIX_DEL, &missing, 4, 24);
	refused(_metadata, &self->g, nlh, bad, ENOENT, false, "PREFIX_DEL");
	nlh = batch_of_each(&self->g);
	bad = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, ICMPGUARD_A_RULE_HANDLE, 0xfffffff0);
	refused(_metadata, &self->g, nlh, bad, ENOENT, false, "RULE_HANDLE");
	nlh = batch_of_each(&self->g);
	bad = mnl_nlmsg_get_payload_tail(nlh);
	genl_put_prefix(nlh, ICMPGUARD_A_PREFIX, &missing, 4, 24);
	genl_put_prefix(nlh, ICMPGUARD_A_PREFIX, &missing, 4, 24);
	bad = (struct nlattr *)((char *)bad + NLA_ALIGN(bad->nla_len));
	refused(_metadata, &self->g, nlh, bad, EEXIST, false, "PREFIX twice");
	snapshot(_metadata, &self->g, &after);
	EXPECT_TRUE(same(&before, &after));
	EXPECT_EQ(before.generation, after.generation);

	/* The same configuration again: the same handles, counters too */
	ASSERT_EQ(0, genl_talk(&self->g, batch_of_each(&self->g), NULL, NULL));
	snapshot(_metadata, &self->g, &after);
	EXPECT_TRUE(same(&before, &after));
	/* ... in a new generation: a change was committed */
	EXPECT_NE(before.generation, after.generation);
}

TEST_F(nl, batch_keeps_order_and_index)
{
	struct nlmsghdr *nlh = genl_msg(&self->g, ICMPGUARD_CMD_BATCH, 0);
	static struct dump d;

	genl_put_rule(nlh, 0, ICMPGUARD_DIR_INPUT, ICMPGUARD_ACT_ACCEPT);
	genl_put_rule(nlh, 0, ICMPGUARD_DIR_INPUT, ICMPGUARD_ACT_DROP);
	mnl_attr_put_u32(nlh, ICMPGUARD_A_RULE_INDEX, 0);
	genl_put_rule(nlh, AF_INET6, ICMPGUARD_DIR_INPUT, ICMPGUARD_ACT_REJECT);
	ASSERT_EQ(0, genl_talk(&self->g, nlh, NULL, NULL));
	ASSERT_EQ(0, genl_talk(&self->g, genl_msg(&self->g,
						  ICMPGUARD_CMD_GET_RULES,
						  NLM_F_DUMP), dump_cb, &d));
	ASSERT_EQ(3U, d.n);
	/* The index is within the direction, whatever the family */
	EXPECT_EQ(AF_INET6, d.families[0]);
	EXPECT_LT(d.handles[1], d.handles[2]);
}

/* A configuration read back is accepted whole, and changes nothing. */
TEST_F(nl, config_read_back_is_accepted)
{
	static struct dump before, after;
	struct nlmsghdr *nlh;
	struct nlattr *a, *nest;

	snapshot(_metadata, &self->g, &before);
	nlh = genl_msg(&self->g, ICMPGUARD_CMD_SET_CONFIG, 0);
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	mnl_attr_for_each_nested(a, (struct nlattr *)before.bytes) {
		if (mnl_attr_get_type(a) == ICMPGUARD_CFG_A_FLAGS)
			mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_FLAGS_MASK,
					 __ICMPGUARD_F_ALL);
		/* The type with its flags: nests keep NLA_F_NESTED */
		mnl_attr_put(nlh, a->nla_type,
			     mnl_attr_get_payload_len(a),
			     mnl_attr_get_payload(a));
	}
	mnl_attr_nest_end(nlh, nest);
	ASSERT_EQ(0, genl_talk(&self->g, nlh, NULL, NULL)) {
		TH_LOG("%s", self->g.ext_msg);
	}
	snapshot(_metadata, &self->g, &after);
	EXPECT_TRUE(same(&before, &after));
}

/* In one batch, up to the limit; one more is ENOSPC, with a message. */
static void fill(struct __test_metadata *_metadata, struct genl *g,
		 bool rules, unsigned int n, int err)
{
	struct nlmsghdr *nlh = genl_msg(g, ICMPGUARD_CMD_BATCH, 0);
	unsigned int i;
	__u32 a;

	mnl_attr_put_u32(nlh, ICMPGUARD_A_FLUSH, __ICMPGUARD_FLUSH_F_ALL);
	for (i = 0; i < n; i++) {
		a = htonl(0x0a000000 + i);
		if (rules)
			genl_put_rule(nlh, 0, ICMPGUARD_DIR_INPUT,
				      ICMPGUARD_ACT_DROP);
		else
			genl_put_prefix(nlh, ICMPGUARD_A_PREFIX, &a, 4, 32);
	}
	EXPECT_EQ(-err, genl_talk(g, nlh, NULL, NULL)) {
		TH_LOG("%u %s: \"%s\"", n, rules ? "rules" : "prefixes",
		       g->ext_msg);
	}
	if (err)
		EXPECT_NE(0, g->ext_msg[0]);
}

TEST_F(nl, limits)
{
	__u32 a = htonl(0x0a000005);
	struct nlmsghdr *nlh;

	fill(_metadata, &self->g, false, ICMPGUARD_OWNED_MAX, 0);
	EXPECT_EQ(ICMPGUARD_OWNED_MAX,
		  genl_dump_count(&self->g, ICMPGUARD_CMD_GET_OWNED));
	nlh = genl_msg(&self->g, ICMPGUARD_CMD_ADD_OWNED, 0);
	genl_put_prefix(nlh, ICMPGUARD_A_PREFIX, &a, 4, 32);
	EXPECT_EQ(-EEXIST, genl_talk(&self->g, nlh, NULL, NULL));
	fill(_metadata, &self->g, false, ICMPGUARD_OWNED_MAX + 1, ENOSPC);
	EXPECT_EQ(ICMPGUARD_OWNED_MAX,
		  genl_dump_count(&self->g, ICMPGUARD_CMD_GET_OWNED));
	EXPECT_EQ(0, genl_talk(&self->g, genl_msg(&self->g,
						  ICMPGUARD_CMD_FLUSH_OWNED,
						  0), NULL, NULL));

	fill(_metadata, &self->g, true, ICMPGUARD_RULES_MAX, 0);
	EXPECT_EQ(ICMPGUARD_RULES_MAX,
		  genl_dump_count(&self->g, ICMPGUARD_CMD_GET_RULES));
	nlh = genl_msg(&self->g, ICMPGUARD_CMD_ADD_RULE, 0);
	genl_put_rule(nlh, AF_INET6, ICMPGUARD_DIR_FORWARD, ICMPGUARD_ACT_DROP);
	EXPECT_EQ(-ENOSPC, genl_talk(&self->g, nlh, NULL, NULL));
	EXPECT_NE(0, self->g.ext_msg[0]);
}

/* Every command that changes state, as small as it can be. */
static struct nlmsghdr *change(struct genl *g, __u8 cmd)
{
	struct nlmsghdr *nlh = genl_msg(g, cmd, 0);
	__u32 a = htonl(0xc0000200);
	struct nlattr *nest;

	switch (cmd) {
	case ICMPGUARD_CMD_SET_CONFIG:
		nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
		mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_REPLY_RATE, 1);
		mnl_attr_nest_end(nlh, nest);
		break;
	case ICMPGUARD_CMD_ADD_OWNED:
	case ICMPGUARD_CMD_DEL_OWNED:
		genl_put_prefix(nlh, ICMPGUARD_A_PREFIX, &a, 4, 24);
		break;
	case ICMPGUARD_CMD_ADD_RULE:
	case ICMPGUARD_CMD_REPLACE_RULES:
	case ICMPGUARD_CMD_BATCH:
		genl_put_rule(nlh, 0, ICMPGUARD_DIR_INPUT, ICMPGUARD_ACT_DROP);
		break;
	case ICMPGUARD_CMD_DEL_RULE:
		mnl_attr_put_u32(nlh, ICMPGUARD_A_RULE_HANDLE, 1);
		break;
	}
	return nlh;
}

/*
 * As nobody, on the socket root opened and on one of its own: every
 * change refused, nothing changed, every read answered. In a child, so
 * that the teardown is root's.
 */
static int as_nobody(struct genl *root, const struct dump *before)
{
	struct genl fresh, *g = root;
	struct dump after;
	int cmd, ret, fails = 0;

	if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
	    setresuid(NOBODY, NOBODY, NOBODY) || genl_open(&fresh))
		return 100;
	for (; g; g = g == root ? &fresh : NULL) {
		for (cmd = 0; cmd <= ICMPGUARD_CMD_MAX; cmd++) {
			if (!genl_cmds[cmd].admin)
				continue;
			ret = genl_talk(g, change(g, cmd), NULL, NULL);
			if (ret != -EPERM) {
				fprintf(stderr, "# %s as nobody: %s\n",
					genl_cmds[cmd].name, strerror(-ret));
				fails++;
			}
		}
		if (snap(g, &after) || !same(before, &after) ||
		    genl_talk(g, genl_msg(g, ICMPGUARD_CMD_GET_STATS, 0),
			      NULL, NULL) ||
		    genl_dump_count(g, ICMPGUARD_CMD_GET_SOURCES) < 0) {
			fprintf(stderr, "# as nobody: %s\n",
				"a read failed, or the configuration changed");
			fails++;
		}
	}
	return fails;
}

TEST_F(nl, nobody_reads_and_changes_nothing)
{
	static struct dump before;
	int status;
	pid_t pid;

	ASSERT_EQ(0, genl_talk(&self->g, batch_of_each(&self->g), NULL, NULL));
	snapshot(_metadata, &self->g, &before);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(as_nobody(&self->g, &before));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
