// SPDX-License-Identifier: GPL-2.0
/*
 * nl_fuzz: random requests to the "icmpguard" family, seeded and bounded.
 * A request is one of the family's commands (or one it does not have),
 * its attributes drawn from the sets the uAPI header documents (genl.h)
 * with values at and around every boundary, and now and then broken: an
 * attribute of a random type and length, a truncated message, a flag or
 * a header field flipped. What must hold whatever the module decides:
 *  - every request is answered by its ACK (or its dump's end), and the
 *    module still answers at the end;
 *  - an error is one the family has, and unless genetlink refused the
 *    request before the family saw it (EPERM, EOPNOTSUPP, a broken
 *    header), its extended ACK says why (a message, or the attribute
 *    missing);
 *  - a refused change changes nothing: the configuration, the owned
 *    prefixes and the rules read back as before; an accepted one reads
 *    back as asked (a prefix added is listed, one deleted is not, a rule
 *    added is listed under the handle the reply gave, a setting reads back
 *    as set, a flush leaves nothing) and two reads in a row agree;
 *  - as nobody, every change is EPERM and nothing changes.
 *
 * Run it in a scratch namespace. Environment: FUZZ_SEED (default
 * 0x1c3a9d), FUZZ_COUNT (requests per variant, default 4000),
 * FUZZ_ONLY=root or nobody (one variant), FUZZ_VERBOSE=1 (a line per
 * request). A failure prints the seed, the request's number and bytes.
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <grp.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "genl.h"

#define NOBODY		65534
#define SNAP_ROOM	(1024 * 1024)

static __u64 rng;

static __u64 rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

static unsigned int below(unsigned int n)
{
	return rnd() % n;
}

/* At and around the boundaries of every policy, and a few addresses. */
static __u32 some_u32(void)
{
	static const __u32 edges[] = {
		0, 1, 2, 3, 4, 7, 10, 13, 15, 16, 24, 32, 33, 64, 65, 128, 129,
		255, 256, 65535, 65536, 1 << 20, (1 << 20) + 1, 1000000000,
		1000000001, 0xffffffff, 0x0a000000, 0x0a010000, 0xc0000200,
		0xc0000201, 0xe0000001, 0x7f000001,
	};
	__u32 v = edges[below(ARRAY_SIZE(edges))];

	/* Addresses go in network order, small numbers as they are. */
	return below(8) ? (v > 0xffffff ? htonl(v) : v) : (__u32)rnd();
}

static void some_addr6(__u8 *a)
{
	static const __u8 firsts[] = { 0x00, 0x20, 0xfe, 0xff };

	memset(a, 0, 16);
	a[0] = firsts[below(ARRAY_SIZE(firsts))];
	a[1] = a[0] == 0x20 ? 0x01 : a[0] == 0xfe ? 0x80 : 0x02;
	a[2] = 0x0d;
	a[3] = 0xb8;
	a[below(16)] |= below(4) ? 0 : (__u8)rnd();
	if (!a[0] && below(2))
		a[15] = 1;	/* ::1 */
}

struct fuzz {
	struct genl g;
	__u64 seed;
	bool nobody;
	bool broken;		/* the request was broken on purpose */
	bool header;		/* ... in its headers: refused before EPERM */
	__u32 handle;		/* of the rule a reply carried */
	unsigned long i;	/* its number */
	unsigned int failures;
	unsigned long errors[256], accepted;
	__u8 req[1 << 16];	/* the request, as sent */
};

static void put_set(struct fuzz *f, struct nlmsghdr *nlh,
		    const struct genl_attr *set, unsigned int n, int depth);

static void put_attr(struct fuzz *f, struct nlmsghdr *nlh,
		     const struct genl_attr *a, int depth)
{
	static const char * const names[] = { "lo", "eth0", "", "veth-long-name" };
	__u8 buf[40];
	struct nlattr *nest, *entry;
	unsigned int i;
	__u32 v = some_u32();

	switch (a->kind) {
	case K_U8:
		mnl_attr_put_u8(nlh, a->type, below(3) ? below(4) :
				below(2) ? AF_INET6 : v);
		break;
	case K_U16:
		mnl_attr_put_u16(nlh, a->type, v);
		break;
	case K_U32:
		mnl_attr_put_u32(nlh, a->type, v);
		break;
	case K_BIN16:
		some_addr6(buf);
		mnl_attr_put(nlh, a->type, 16, buf);
		break;
	case K_BIN32:
		memset(buf, below(8) ? 0 : 0xff, 32);
		for (i = below(4); i; i--)
			buf[below(32)] |= 1 << below(8);
		mnl_attr_put(nlh, a->type, 32, buf);
		break;
	case K_STR:
		mnl_attr_put_strz(nlh, a->type, names[below(ARRAY_SIZE(names))]);
		break;
	case K_NEST:
		nest = mnl_attr_nest_start(nlh, a->type);
		put_set(f, nlh, a->nest, 1 + below(5), depth + 1);
		mnl_attr_nest_end(nlh, nest);
		break;
	case K_ARRAY:
		nest = mnl_attr_nest_start(nlh, a->type);
		for (i = below(4); i; i--) {
			entry = mnl_attr_nest_start(nlh, ICMPGUARD_A_ERROR_RATE);
			put_set(f, nlh, a->nest, 1 + below(4), depth + 1);
			mnl_attr_nest_end(nlh, entry);
		}
		mnl_attr_nest_end(nlh, nest);
		break;
	}
}

/*
 * @n attributes of @set, a rule's direction and action first more often
 * than not (or a rule is rarely valid); one in forty broken.
 */
static void put_set(struct fuzz *f, struct nlmsghdr *nlh,
		    const struct genl_attr *set, unsigned int n, int depth)
{
	unsigned int size, i;
	__u8 junk[40];

	for (size = 0; set[size].type; size++)
		;
	if (set == genl_rule_set && below(4)) {
		put_attr(f, nlh, &set[0], depth);		/* DIR */
		put_attr(f, nlh, &set[9], depth);		/* ACTION */
	}
	for (i = 0; size && i < n; i++) {
		if (!below(40) || depth > 3) {
			for (size = below(sizeof(junk)); size--; )
				junk[size] = rnd();
			mnl_attr_put(nlh, below(40), below(sizeof(junk)), junk);
			f->broken = true;
			return;
		}
		put_attr(f, nlh, &set[below(size)], depth);
	}
}

/* A random request, in f->g.buf: its command, or -1 if not the family's. */
static int build(struct fuzz *f)
{
	__u8 cmd = below(10) ? 1 + below(ICMPGUARD_CMD_MAX) : rnd();
	const struct genl_cmd *c = cmd <= ICMPGUARD_CMD_MAX ? &genl_cmds[cmd] :
				   NULL;
	struct nlmsghdr *nlh;
	struct genlmsghdr *h;

	f->broken = !c || !c->name;
	f->header = false;
	nlh = genl_msg(&f->g, cmd, c && c->dump ? NLM_F_DUMP : 0);
	if (c && c->name)
		put_set(f, nlh, c->attrs, below(c->attrs == genl_batch_set ?
						 12 : 4), 0);
	h = mnl_nlmsg_get_payload(nlh);
	switch (below(50)) {
	case 0:
		nlh->nlmsg_len -= below(nlh->nlmsg_len - NLMSG_HDRLEN + 1);
		f->header = true;
		break;
	case 1:
		nlh->nlmsg_flags ^= 1 << below(16);
		nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
		f->header = true;
		break;
	case 2:
		h->reserved = rnd();
		h->version = rnd();
		f->header = true;
		break;
	}
	f->broken |= f->header;
	return f->broken && !(c && c->name) ? -1 : cmd;
}

/*
 * What the family holds, as read: the settings (the attributes of the
 * configuration nest), the owned prefixes' nests, and the rules' attributes
 * without their counters, which traffic moves.
 */
struct snap {
	void *buf[3];		/* GET_CONFIG, GET_OWNED, GET_RULES */
	unsigned int len[3];
};

/* A rule's counter, which traffic moves, or its padding. */
static bool counter(const struct nlattr *nest, const struct nlattr *a)
{
	switch (mnl_attr_get_type(nest) == ICMPGUARD_A_RULE ?
		mnl_attr_get_type(a) : 0) {
	case ICMPGUARD_RULE_A_PACKETS:
	case ICMPGUARD_RULE_A_BYTES:
	case ICMPGUARD_RULE_A_LIMITED:
	case ICMPGUARD_RULE_A_PAD:
		return true;
	}
	return false;
}

static int snap_cb(const struct nlmsghdr *nlh, void *arg)
{
	unsigned int *len = ((unsigned int **)arg)[1];
	__u8 *buf = ((__u8 **)arg)[0];
	struct nlattr *a, *r;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) != ICMPGUARD_A_RULE &&
		    mnl_attr_get_type(a) != ICMPGUARD_A_CONFIG) {
			if (*len + NLA_ALIGN(a->nla_len) <= SNAP_ROOM)
				memcpy(buf + *len, a, NLA_ALIGN(a->nla_len));
			*len += NLA_ALIGN(a->nla_len);
			continue;
		}
		mnl_attr_for_each_nested(r, a) {
			if (counter(a, r))
				continue;
			if (*len + NLA_ALIGN(r->nla_len) <= SNAP_ROOM)
				memcpy(buf + *len, r, NLA_ALIGN(r->nla_len));
			*len += NLA_ALIGN(r->nla_len);
		}
	}
	return MNL_CB_OK;
}

static int take(struct genl *g, struct snap *s)
{
	static const __u8 cmds[3] = { ICMPGUARD_CMD_GET_CONFIG,
				      ICMPGUARD_CMD_GET_OWNED,
				      ICMPGUARD_CMD_GET_RULES };
	void *arg[2];
	int i, err;

	for (i = 0; i < 3; i++) {
		if (!s->buf[i])
			s->buf[i] = calloc(1, SNAP_ROOM);
		s->len[i] = 0;
		arg[0] = s->buf[i];
		arg[1] = &s->len[i];
		err = genl_talk(g, genl_msg(g, cmds[i], i ? NLM_F_DUMP : 0),
				snap_cb, arg);
		if (err || s->len[i] > SNAP_ROOM)
			return err ?: -EMSGSIZE;
	}
	return 0;
}

static bool same(const struct snap *a, const struct snap *b)
{
	int i;

	for (i = 0; i < 3; i++)
		if (a->len[i] != b->len[i] ||
		    memcmp(a->buf[i], b->buf[i], a->len[i]))
			return false;
	return true;
}

/* Whether @part of @s holds an attribute @want, payload and all. */
static bool holds(const struct snap *s, int part, const struct nlattr *want)
{
	const struct nlattr *attr;

	/* (libmnl's macro names its cursor attr) */
	mnl_attr_for_each_payload(s->buf[part], s->len[part])
		if (attr->nla_len == want->nla_len &&
		    !memcmp(attr, want, want->nla_len))
			return true;
	return false;
}

static void fail(struct fuzz *f, const char *what, int err)
{
	__u8 *p = f->req;
	unsigned int i;

	if (f->failures++ >= 10)
		return;
	fprintf(stderr, "# FAIL request %lu (FUZZ_SEED=%#llx, %s): %s: %s",
		f->i, (unsigned long long)f->seed, f->nobody ? "nobody" : "root",
		what, strerror(err));
	fprintf(stderr, " (\"%s\")\n#   ", f->g.ext_msg);
	for (i = 0; i < ((struct nlmsghdr *)p)->nlmsg_len && i < 256; i++)
		fprintf(stderr, "%02x", p[i]);
	fprintf(stderr, "\n");
}

static bool known_errno(int e)
{
	switch (e) {
	case EINVAL: case ERANGE: case EOPNOTSUPP: case EPERM: case ENOENT:
	case EEXIST: case ENOSPC: case EMSGSIZE:
		return true;
	}
	return false;
}

/* The prefix a nest names (the last of each attribute, as the kernel). */
static bool pfx_key(const struct nlattr *nest, __u8 *key)
{
	const struct nlattr *a;

	memset(key, 0, 18);
	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case ICMPGUARD_PFX_A_ADDR:
		case ICMPGUARD_PFX_A_ADDR6:
			key[0] = mnl_attr_get_payload_len(a);
			memcpy(key + 2, mnl_attr_get_payload(a),
			       key[0] == 4 || key[0] == 16 ? key[0] : 0);
			break;
		case ICMPGUARD_PFX_A_PLEN:
			key[1] = mnl_attr_get_u8(a);
		}
	}
	return key[0];
}

static bool owns(const struct snap *s, const struct nlattr *prefix)
{
	__u8 want[18], key[18];
	const struct nlattr *attr;

	pfx_key(prefix, want);
	mnl_attr_for_each_payload(s->buf[1], s->len[1])
		if (pfx_key(attr, key) && !memcmp(key, want, sizeof(key)))
			return true;
	return false;
}

/* The last attribute of @type in a stream, as the kernel reads it. */
static const struct nlattr *last(const struct nlattr *a, const void *end,
				 __u16 type)
{
	const struct nlattr *found = NULL;
	int rest = (const char *)end - (const char *)a;

	while (rest > 0 && mnl_attr_ok(a, rest)) {
		if (mnl_attr_get_type(a) == type)
			found = a;
		rest -= NLA_ALIGN(a->nla_len);
		a = mnl_attr_next(a);
	}
	return found;
}

/* An accepted change reads back as the request asked. */
static void as_asked(struct fuzz *f, int cmd, const struct snap *s)
{
	const struct nlmsghdr *req = (const void *)f->req;
	const void *end = (const char *)req + req->nlmsg_len;
	const struct nlattr *top = mnl_nlmsg_get_payload_offset(req,
								GENL_HDRLEN);
	const struct nlattr *a = last(top, end, cmd == ICMPGUARD_CMD_DEL_RULE ?
				      ICMPGUARD_A_RULE_HANDLE :
				      cmd == ICMPGUARD_CMD_SET_CONFIG ?
				      ICMPGUARD_A_CONFIG : ICMPGUARD_A_PREFIX);
	struct {
		struct nlattr a;
		__u32 v;
	} handle = { { 8, ICMPGUARD_RULE_A_HANDLE }, f->handle };
	const struct nlattr *c;

	switch (cmd) {
	case ICMPGUARD_CMD_ADD_OWNED:
		if (!owns(s, a))
			fail(f, "an owned prefix added is not listed", 0);
		break;
	case ICMPGUARD_CMD_DEL_OWNED:
		if (owns(s, a))
			fail(f, "an owned prefix deleted is still listed", 0);
		break;
	case ICMPGUARD_CMD_ADD_RULE:
		if (!f->handle || !holds(s, 2, &handle.a))
			fail(f, "a rule added is not listed under its handle", 0);
		break;
	case ICMPGUARD_CMD_DEL_RULE:
		handle.v = mnl_attr_get_u32(a);
		if (holds(s, 2, &handle.a))
			fail(f, "a rule deleted is still listed", 0);
		break;
	case ICMPGUARD_CMD_SET_CONFIG:
		mnl_attr_for_each_nested(c, a) {
			switch (mnl_attr_get_type(c)) {
			case ICMPGUARD_CFG_A_FLAGS:
			case ICMPGUARD_CFG_A_FLAGS_MASK:
			case ICMPGUARD_CFG_A_ERROR_RATES:
				continue;
			}
			if (last(c, mnl_attr_get_payload(a) +
				 mnl_attr_get_payload_len(a),
				 mnl_attr_get_type(c)) == c && !holds(s, 0, c))
				fail(f, "a setting does not read back as set", 0);
		}
		break;
	case ICMPGUARD_CMD_FLUSH_OWNED:
		if (s->len[1])
			fail(f, "owned prefixes left after a flush", 0);
		break;
	case ICMPGUARD_CMD_FLUSH_RULES:
		if (!last(top, end, ICMPGUARD_A_DIR) && s->len[2])
			fail(f, "rules left after a flush", 0);
	}
}

static int reply_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct fuzz *f = arg;
	const struct nlattr *a, *r;

	if (nlh->nlmsg_type != f->g.family)
		fail(f, "a reply of another family", 0);
	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(a) == ICMPGUARD_A_RULE)
			mnl_attr_for_each_nested(r, a)
				if (mnl_attr_get_type(r) == ICMPGUARD_RULE_A_HANDLE)
					f->handle = mnl_attr_get_u32(r);
	return MNL_CB_OK;
}

/* One request, judged; @cur is what the family held before it. */
static void step(struct fuzz *f, struct snap *cur, struct snap *now)
{
	int cmd = build(f), err;
	bool change = cmd >= 0 && genl_cmds[cmd].admin;
	struct nlmsghdr *nlh = (struct nlmsghdr *)f->g.buf;

	memcpy(f->req, nlh, nlh->nlmsg_len);
	f->handle = 0;
	err = -genl_talk(&f->g, nlh, reply_cb, f);
	f->errors[err & 0xff]++;
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "# %lu: %s%s: %s\n", f->i,
			cmd >= 0 ? genl_cmds[cmd].name : "(other)",
			f->broken ? " (broken)" : "", strerror(err));
	if (err && !known_errno(err))
		return fail(f, "an errno the family does not have", err);
	if (err && err != EPERM && err != EOPNOTSUPP && !f->broken &&
	    !f->g.ext_msg[0] && !f->g.ext_miss)
		fail(f, "an error whose extended ACK says nothing", err);
	if (f->nobody && change && !f->header && err != EPERM)
		fail(f, "a change by nobody not refused with EPERM", err);
	if (f->nobody || !change)
		return;
	if (take(&f->g, now))
		return fail(f, "the configuration does not read back", 0);
	if (err) {
		if (!same(cur, now))
			fail(f, "a refused change changed something", err);
		return;
	}
	if (take(&f->g, cur) || !same(cur, now))
		fail(f, "two reads in a row disagree", 0);
	as_asked(f, cmd, cur);
}

FIXTURE(fuzz) {
	struct fuzz *f;
};

FIXTURE_VARIANT(fuzz) {
	bool nobody;
};

FIXTURE_VARIANT_ADD(fuzz, root) {
	.nobody = false,
};

FIXTURE_VARIANT_ADD(fuzz, nobody) {
	.nobody = true,
};

FIXTURE_SETUP(fuzz)
{
	const char *only = getenv("FUZZ_ONLY");

	self->f = NULL;
	if (only && *only && strcmp(only, variant->nobody ? "nobody" : "root"))
		SKIP(return, "FUZZ_ONLY=%s", only);
	if (!variant->nobody && geteuid())
		SKIP(return, "not root");
	if (variant->nobody && !geteuid()) {
		ASSERT_EQ(0, setgroups(0, NULL));
		ASSERT_EQ(0, setresgid(NOBODY, NOBODY, NOBODY));
		ASSERT_EQ(0, setresuid(NOBODY, NOBODY, NOBODY));
	}
	self->f = calloc(1, sizeof(*self->f));
	ASSERT_NE(NULL, self->f);
	ASSERT_EQ(0, genl_open(&self->f->g)) {
		TH_LOG("family %s does not resolve: is the module loaded?",
		       ICMPGUARD_GENL_NAME);
	}
}

FIXTURE_TEARDOWN(fuzz)
{
	if (self->f)
		genl_close(&self->f->g);
	free(self->f);
}

static int get_stats(struct genl *g)
{
	return genl_talk(g, genl_msg(g, ICMPGUARD_CMD_GET_STATS, 0), NULL,
			 NULL);
}

static __u64 env_u64(const char *name, __u64 def)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 0) : def;
}

TEST_F_TIMEOUT(fuzz, requests, 1200)
{
	static struct snap start, cur, now;
	struct fuzz *f = self->f;
	unsigned long count;
	int e;

	if (!f)
		return;		/* skipped in setup */
	f->nobody = variant->nobody;
	f->seed = env_u64("FUZZ_SEED", 0x1c3a9d);
	count = env_u64("FUZZ_COUNT", 4000);
	/* Each variant its own stream, both reproducible from the seed. */
	rng = (f->seed ^ (f->nobody ? 0x9e3779b97f4a7c15ULL : 0)) | 1;
	ASSERT_EQ(0, take(&f->g, &start));
	ASSERT_EQ(0, take(&f->g, &cur));
	for (f->i = 0; f->i < count; f->i++) {
		step(f, &cur, &now);
		if (f->i % 500 == 499)
			EXPECT_EQ(0, get_stats(&f->g));
	}
	TH_LOG("FUZZ_SEED=%#llx: %lu requests as %s, %lu accepted",
	       (unsigned long long)f->seed, count,
	       f->nobody ? "nobody" : "root", f->errors[0]);
	for (e = 1; e < 256; e++)
		if (f->errors[e])
			TH_LOG("  %-24s %lu", strerror(e), f->errors[e]);
	EXPECT_EQ(0, get_stats(&f->g));
	if (f->nobody) {
		ASSERT_EQ(0, take(&f->g, &now));
		EXPECT_TRUE(same(&start, &now));
	}
	EXPECT_EQ(0U, f->failures);
}

TEST_HARNESS_MAIN
