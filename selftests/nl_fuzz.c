// SPDX-License-Identifier: GPL-2.0
/*
 * nl_fuzz: a bounded, seeded fuzzer of the "icmpguard" generic netlink
 * family. It sends every command of the family (and commands that do not
 * exist) as valid requests, as valid requests with one or a few fields
 * mutated (attribute lengths, types and flags, payload bits, truncation,
 * stray, duplicated and deeply nested attributes, netlink and genetlink
 * header fields), as random attribute streams, as huge messages and as
 * batches of several messages in one datagram; and after each datagram it
 * reads every reply (ACKs, errors, dump parts) up to a synchronising
 * NLMSG_NOOP, so nothing piles up and every reply is matched to its
 * request.
 *
 * Two tests, each in two variants: as root, where random SET_CONFIG,
 * rules and owned prefixes change the namespace it runs in (run it in a
 * scratch namespace), and as nobody with every capability dropped.
 *
 * messages: FUZZ_COUNT datagrams. As root, about one in fifty is a dump
 * whose state a second socket changes between the dump's parts (so
 * NLM_F_DUMP_INTR and resumed walks over a changing set get exercised).
 * As nobody, every request that reaches a changing command must be
 * refused with EPERM, and the namespace's configuration, counters, owned
 * prefixes and rules must read back byte for byte the same afterwards.
 * Either way:
 *  - an error is one of EINVAL, ERANGE, EOPNOTSUPP, EPERM, ENOENT, EEXIST,
 *    ENOSPC, EMSGSIZE (EBUSY only for a second dump in one datagram);
 *    anything else (ENOMEM included) fails the test;
 *  - every reply answers a request of the datagram, and is a well-formed
 *    netlink message whose attributes parse;
 *  - a valid request (not mutated) from root is never refused as
 *    malformed (EINVAL, ERANGE, EOPNOTSUPP, EPERM);
 *  - the module answers GET_STATS every 500 datagrams and at the end.
 *
 * limits (root): ICMPGUARD_RULES_MAX rules fit in one REPLACE_RULES, one
 * more is ENOSPC, as is ADD_RULE then; ICMPGUARD_OWNED_MAX prefixes fit,
 * one more is ENOSPC, an owned one EEXIST; all dump and flush whole.
 *
 * Environment: FUZZ_SEED (default 0x1c3a9d, decimal or 0x-hex),
 * FUZZ_COUNT (datagrams per variant, default 4000), FUZZ_ONLY=root or
 * nobody (run one variant), FUZZ_LIMITS=0 (skip the limits test),
 * FUZZ_VERBOSE=1 (a line per datagram).
 * A failure prints the seed, the datagram's number and its bytes.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/types.h>
#include <libmnl/libmnl.h>

#include "kselftest_harness.h"
#include "../module/uapi/icmpguard.h"

#define DEFAULT_SEED	0x1c3a9dULL
#define DEFAULT_COUNT	4000
#define NOBODY		65534
#define MSG_ROOM	65000		/* one message, at most */
#define DGRAM_ROOM	(128 * 1024)	/* one datagram (a batch) */
#define RECV_ROOM	(1024 * 1024)
#define MAX_SEQS	64		/* messages parsed out of one datagram */
#define MAX_REPORTS	12

/* ---- the family's commands ------------------------------------------ */

struct cmdinfo {
	__u8 cmd;
	const char *name;
	bool admin;
	bool dump;
};

static const struct cmdinfo cmds[] = {
	{ ICMPGUARD_CMD_GET_STATS,	"GET_STATS",	false, false },
	{ ICMPGUARD_CMD_RESET_STATS,	"RESET_STATS",	true,  false },
	{ ICMPGUARD_CMD_GET_CONFIG,	"GET_CONFIG",	false, false },
	{ ICMPGUARD_CMD_SET_CONFIG,	"SET_CONFIG",	true,  false },
	{ ICMPGUARD_CMD_ADD_OWNED,	"ADD_OWNED",	true,  false },
	{ ICMPGUARD_CMD_DEL_OWNED,	"DEL_OWNED",	true,  false },
	{ ICMPGUARD_CMD_GET_OWNED,	"GET_OWNED",	false, true },
	{ ICMPGUARD_CMD_FLUSH_OWNED,	"FLUSH_OWNED",	true,  false },
	{ ICMPGUARD_CMD_ADD_RULE,	"ADD_RULE",	true,  false },
	{ ICMPGUARD_CMD_DEL_RULE,	"DEL_RULE",	true,  false },
	{ ICMPGUARD_CMD_GET_RULES,	"GET_RULES",	false, true },
	{ ICMPGUARD_CMD_FLUSH_RULES,	"FLUSH_RULES",	true,  false },
	{ ICMPGUARD_CMD_REPLACE_RULES,	"REPLACE_RULES", true, false },
	{ ICMPGUARD_CMD_GET_SOURCES,	"GET_SOURCES",	false, true },
};

#define NCMDS	ARRAY_SIZE(cmds)

/* Command numbers the family does not have (EVENT is only a multicast). */
static const __u8 bad_cmds[] = {
	ICMPGUARD_CMD_UNSPEC, ICMPGUARD_CMD_EVENT, __ICMPGUARD_CMD_MAX,
	__ICMPGUARD_CMD_MAX + 1, 64, 127, 128, 200, 255,
};

static const struct cmdinfo *cmd_info(__u8 cmd)
{
	unsigned int i;

	for (i = 0; i < NCMDS; i++)
		if (cmds[i].cmd == cmd)
			return &cmds[i];
	return NULL;
}

/* ---- a small deterministic PRNG (xorshift64*) ------------------------ */

static __u64 rng;

static __u64 rnd64(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static __u32 below(__u32 n)
{
	return n ? (__u32)(rnd64() >> 32) % n : 0;
}

static bool chance(unsigned int pct)
{
	return below(100) < pct;
}

static void rnd_bytes(void *p, size_t n)
{
	__u8 *b = p;

	while (n--)
		*b++ = rnd64() >> 56;
}

/* Values at and around every boundary the policies have. */
static __u32 edgy_u32(void)
{
	static const __u32 v[] = {
		0, 1, 2, 3, 4, 15, 16, 17, 31, 32, 33, 255, 256, 65535, 65536,
		1000000000, 1000000001, 1U << 20, (1U << 20) + 1, 0x7fffffff,
		0x80000000, 0xfffffffe, 0xffffffff,
	};

	if (chance(30))
		return (__u32)rnd64();
	return v[below(ARRAY_SIZE(v))];
}

/* Log-uniform in [lo, hi]. */
static __u32 some_u32(__u32 lo, __u32 hi)
{
	__u64 span = (__u64)hi - lo + 1;
	unsigned int bits = below(33);
	__u64 r = bits >= 32 ? rnd64() : rnd64() & ((1ULL << bits) - 1);

	return lo + (__u32)(r % span);
}

/* ---- building messages ------------------------------------------------ */

struct msg {
	__u8 buf[MSG_ROOM + 256];	/* first: as aligned as the struct */
	__u32 len;
	__u32 attrs[2048];		/* offset of every attribute header */
	unsigned int nattrs;
	__u32 nests[64];
	unsigned int depth;
	unsigned int inject;		/* % chance of a stray attr per nest */
	bool valid;			/* built valid and left alone */
	bool full;
};

static struct nlmsghdr *msg_hdr(struct msg *m)
{
	return (struct nlmsghdr *)m->buf;
}

static void msg_init(struct msg *m, __u16 type, __u16 flags, __u8 cmd)
{
	struct nlmsghdr *nlh = msg_hdr(m);
	struct genlmsghdr *g;

	memset(nlh, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	g = (struct genlmsghdr *)(m->buf + NLMSG_HDRLEN);
	g->cmd = cmd;
	g->version = ICMPGUARD_GENL_VERSION;
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
	m->nattrs = 0;
	m->depth = 0;
	m->inject = 0;
	m->valid = true;
	m->full = false;
}

/* Appends one attribute; NULL data means random bytes. */
static struct nlattr *put(struct msg *m, __u16 type, const void *data,
			  __u32 len)
{
	__u32 total = NLA_ALIGN(NLA_HDRLEN + len);
	struct nlattr *a;

	if (m->len + total > MSG_ROOM || NLA_HDRLEN + len > 0xffff) {
		m->full = true;
		return NULL;
	}
	a = (struct nlattr *)(m->buf + m->len);
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (data)
		memcpy(a + 1, data, len);
	else
		rnd_bytes(a + 1, len);
	memset((__u8 *)(a + 1) + len, 0, total - NLA_HDRLEN - len);
	if (m->nattrs < ARRAY_SIZE(m->attrs))
		m->attrs[m->nattrs++] = m->len;
	m->len += total;
	return a;
}

static void put_u8(struct msg *m, __u16 type, __u8 v)
{
	put(m, type, &v, sizeof(v));
}

static void put_u16(struct msg *m, __u16 type, __u16 v)
{
	put(m, type, &v, sizeof(v));
}

static void put_u32(struct msg *m, __u16 type, __u32 v)
{
	put(m, type, &v, sizeof(v));
}

static void rand_attrs(struct msg *m, unsigned int depth);

static void nest_start(struct msg *m, __u16 type)
{
	__u32 off = m->len;

	if (!put(m, type | NLA_F_NESTED, NULL, 0) ||
	    m->depth >= ARRAY_SIZE(m->nests)) {
		m->full = true;
		return;
	}
	m->nests[m->depth++] = off;
}

static void nest_end(struct msg *m)
{
	struct nlattr *a;
	__u32 len;

	if (!m->depth)
		return;
	if (m->inject && chance(m->inject)) {
		rand_attrs(m, 6);
		m->valid = false;
	}
	a = (struct nlattr *)(m->buf + m->nests[--m->depth]);
	len = m->len - m->nests[m->depth];
	if (len > 0xffff) {
		/* Cannot be expressed: drop what does not fit. */
		m->len = m->nests[m->depth] + NLA_HDRLEN;
		len = NLA_HDRLEN;
		m->full = true;
	}
	a->nla_len = len;
}

static void msg_finish(struct msg *m)
{
	while (m->depth)
		nest_end(m);
	msg_hdr(m)->nlmsg_len = m->len;
}

/* A random attribute stream: random types, lengths, nesting. */
static void rand_attrs(struct msg *m, unsigned int depth)
{
	static const __u32 lens[] = { 0, 1, 2, 3, 4, 5, 7, 8, 12, 16, 31,
					 32, 33, 64, 255 };
	unsigned int n = below(5) + (depth == 0), i;

	for (i = 0; i < n && !m->full; i++) {
		__u16 type = chance(80) ? below(24) : (__u16)rnd64();
		__u32 len, v;

		if (depth < 12 && chance(25)) {
			nest_start(m, type);
			rand_attrs(m, depth + 1);
			nest_end(m);
			continue;
		}
		if (chance(15))
			type |= NLA_F_NET_BYTEORDER;
		len = chance(70) ? lens[below(ARRAY_SIZE(lens))] :
				   below(600);
		if (len == 4 && chance(60)) {
			v = edgy_u32();
			put(m, type, &v, 4);
		} else {
			put(m, type, NULL, len);
		}
	}
}

/* An address in 10.0-3.0-3.0-3 masked to @plen, so prefixes collide. */
static __u32 small_addr(__u8 plen)
{
	__u32 a = 0x0a000000 | below(4) << 16 | below(4) << 8 | below(4);

	if (chance(20))
		a = (__u32)rnd64();
	return htonl(plen ? a & (~0U << (32 - plen)) : 0);
}

static void put_prefix(struct msg *m, __u16 type)
{
	static const __u8 plens[] = { 0, 8, 16, 24, 30, 31, 32 };
	__u8 plen = chance(70) ? plens[below(sizeof(plens))] : below(33);
	__u32 addr = small_addr(plen);

	nest_start(m, type);
	put(m, ICMPGUARD_PFX_A_ADDR, &addr, 4);
	put_u8(m, ICMPGUARD_PFX_A_PLEN, plen);
	nest_end(m);
}

/* 0-15 but 4 (needs an MTU). */
static __u8 reject_code(void)
{
	__u8 c = below(15);

	return c >= 4 ? c + 1 : c;
}

static void put_bitmap(struct msg *m, __u16 type)
{
	__u8 bits[32] = {};
	unsigned int i, n;

	switch (below(4)) {
	case 0:					/* one type */
		i = chance(50) ? 8 : below(256);
		bits[i / 8] |= 1 << (i % 8);
		break;
	case 1:					/* a few */
		for (n = 1 + below(6); n; n--) {
			i = below(256);
			bits[i / 8] |= 1 << (i % 8);
		}
		break;
	case 2:
		rnd_bytes(bits, sizeof(bits));
		bits[below(32)] |= 1 << below(8);
		break;
	default:
		memset(bits, 0xff, sizeof(bits));
	}
	put(m, type, bits, sizeof(bits));
}

static void put_ifname(struct msg *m, __u16 type)
{
	static const char * const names[] = { "lo", "eth0", "veth0", "dummy0",
				       "abcdefghijklmno" };
	char name[16] = {};
	unsigned int i, n;

	if (chance(60)) {
		snprintf(name, sizeof(name), "%s", names[below(5)]);
	} else {
		n = 1 + below(15);
		for (i = 0; i < n; i++)
			name[i] = 'a' + below(26);
	}
	put(m, type, name, strlen(name) + 1);
}

/* A valid rule nest; @small: just direction and action. */
static void put_rule(struct msg *m, __u16 type, bool small)
{
	__u8 dir = below(2), action = below(ICMPGUARD_ACT_MAX + 1);
	__u16 lo, hi;

	nest_start(m, type);
	put_u8(m, ICMPGUARD_RULE_A_DIR, dir);
	put_u8(m, ICMPGUARD_RULE_A_ACTION, small && action ==
	       ICMPGUARD_ACT_LIMIT ? ICMPGUARD_ACT_DROP : action);
	if (small) {
		nest_end(m);
		return;
	}
	if (chance(50))
		put_bitmap(m, ICMPGUARD_RULE_A_TYPES);
	if (chance(30))
		put_bitmap(m, ICMPGUARD_RULE_A_CODES);
	if (chance(30))
		put_prefix(m, ICMPGUARD_RULE_A_SRC);
	if (chance(20))
		put_prefix(m, ICMPGUARD_RULE_A_DST);
	if (chance(15))
		put_ifname(m, ICMPGUARD_RULE_A_IIF);
	if (dir == ICMPGUARD_DIR_FORWARD && chance(15))
		put_ifname(m, ICMPGUARD_RULE_A_OIF);
	if (chance(20)) {
		lo = below(65536);
		hi = lo + below(65536 - lo);
		put_u16(m, ICMPGUARD_RULE_A_LEN_MIN, lo);
		put_u16(m, ICMPGUARD_RULE_A_LEN_MAX, hi);
	}
	if (action == ICMPGUARD_ACT_REJECT || chance(10))
		put_u8(m, ICMPGUARD_RULE_A_REJECT_CODE, reject_code());
	if (action == ICMPGUARD_ACT_LIMIT) {
		put_u32(m, ICMPGUARD_RULE_A_LIMIT_RATE,
			some_u32(1, 1000000000));
		if (chance(60))
			put_u32(m, ICMPGUARD_RULE_A_LIMIT_BURST,
				some_u32(1, 0xffffffff));
		if (chance(60))
			put_u32(m, ICMPGUARD_RULE_A_LIMIT_FLAGS,
				below(__ICMPGUARD_LIMIT_F_ALL + 1));
		if (chance(40))
			put_u8(m, ICMPGUARD_RULE_A_LIMIT_PLEN, 1 + below(32));
	}
	nest_end(m);
}

static void put_error_rates(struct msg *m)
{
	static const __u8 ncodes[] = { 16, 2, 3 };	/* of 3, 11, 12 */
	static const __u8 types[] = { 3, 11, 12 };
	unsigned int n = below(5), t;

	nest_start(m, ICMPGUARD_CFG_A_ERROR_RATES);
	while (n--) {
		t = below(3);
		nest_start(m, ICMPGUARD_A_ERROR_RATE);
		put_u8(m, ICMPGUARD_ERATE_A_TYPE, types[t]);
		if (chance(60))
			put_u8(m, ICMPGUARD_ERATE_A_CODE, below(ncodes[t]));
		put_u32(m, ICMPGUARD_ERATE_A_RATE, some_u32(0, 1000000000));
		if (chance(60))
			put_u32(m, ICMPGUARD_ERATE_A_BURST,
				some_u32(1, 0xffffffff));
		nest_end(m);
	}
	nest_end(m);
}

static void put_config(struct msg *m)
{
	static const __u16 rates[] = {
		ICMPGUARD_CFG_A_REPLY_RATE, ICMPGUARD_CFG_A_DEST_RATE,
		ICMPGUARD_CFG_A_FLOOD_RATE, ICMPGUARD_CFG_A_GLOBAL_RATE,
	};
	static const __u16 bursts[] = {
		ICMPGUARD_CFG_A_REPLY_BURST, ICMPGUARD_CFG_A_DEST_BURST,
		ICMPGUARD_CFG_A_FLOOD_BURST, ICMPGUARD_CFG_A_GLOBAL_BURST,
	};
	__u32 a;
	unsigned int i;

	nest_start(m, ICMPGUARD_A_CONFIG);
	if (chance(40)) {
		put_u32(m, ICMPGUARD_CFG_A_FLAGS, below(__ICMPGUARD_F_ALL + 1));
		put_u32(m, ICMPGUARD_CFG_A_FLAGS_MASK,
			below(__ICMPGUARD_F_ALL + 1));
	}
	for (i = 0; i < 4; i++) {
		if (chance(20))
			put_u32(m, rates[i], some_u32(0, 1000000000));
		if (chance(20))
			put_u32(m, bursts[i], some_u32(1, 0xffffffff));
	}
	if (chance(20))
		put_u8(m, ICMPGUARD_CFG_A_POLICY, below(3));
	if (chance(20))
		put_u8(m, ICMPGUARD_CFG_A_FORWARD_POLICY, below(3));
	if (chance(20))
		put_u8(m, ICMPGUARD_CFG_A_REJECT_CODE, reject_code());
	if (chance(15)) {
		a = chance(30) ? 0 : htonl(0x0a000000 | below(1 << 24));
		put(m, ICMPGUARD_CFG_A_ERROR_SOURCE, &a, 4);
	}
	if (chance(15))
		put_u8(m, ICMPGUARD_CFG_A_FLOOD_PLEN, 1 + below(32));
	if (chance(15))
		put_u32(m, ICMPGUARD_CFG_A_MAX_SOURCES,
			some_u32(16, 1U << 20));
	if (chance(25))
		put_error_rates(m);
	nest_end(m);
}

/* A valid request; @inject: % chance of a stray attribute in each nest. */
static void build_valid(struct msg *m, __u16 family, __u8 cmd,
			unsigned int inject)
{
	const struct cmdinfo *ci = cmd_info(cmd);
	__u16 flags = NLM_F_REQUEST;
	unsigned int n;

	if (ci && ci->dump)
		flags |= NLM_F_DUMP | (chance(30) ? NLM_F_ACK : 0);
	else
		flags |= chance(80) ? NLM_F_ACK : 0;
	msg_init(m, family, flags, cmd);
	m->inject = inject;
	switch (cmd) {
	case ICMPGUARD_CMD_SET_CONFIG:
		put_config(m);
		break;
	case ICMPGUARD_CMD_ADD_OWNED:
	case ICMPGUARD_CMD_DEL_OWNED:
		put_prefix(m, ICMPGUARD_A_PREFIX);
		break;
	case ICMPGUARD_CMD_ADD_RULE:
		put_rule(m, ICMPGUARD_A_RULE, false);
		if (chance(30))
			put_u32(m, ICMPGUARD_A_RULE_INDEX,
				chance(70) ? below(8) : edgy_u32());
		break;
	case ICMPGUARD_CMD_DEL_RULE:
		put_u32(m, ICMPGUARD_A_RULE_HANDLE,
			chance(80) ? below(400) : edgy_u32());
		break;
	case ICMPGUARD_CMD_FLUSH_RULES:
		if (chance(50))
			put_u8(m, ICMPGUARD_A_DIR, below(2));
		break;
	case ICMPGUARD_CMD_REPLACE_RULES:	/* rules at the top level */
		for (n = chance(20) ? 0 : 1 + below(6); n; n--)
			put_rule(m, ICMPGUARD_A_RULE, false);
		break;
	}
	msg_finish(m);
	m->valid = m->valid && !m->full && ci;
}

/* ---- mutations ---------------------------------------------------------- */

/* A random attribute still inside the message, or NULL. */
static struct nlattr *some_attr(struct msg *m)
{
	unsigned int i, n = 0;
	__u32 in[ARRAY_SIZE(m->attrs)];

	if (!m->nattrs) {
		rand_attrs(m, 0);
		msg_finish(m);
	}
	for (i = 0; i < m->nattrs; i++)
		if (m->attrs[i] + NLA_HDRLEN <= m->len)
			in[n++] = m->attrs[i];
	return n ? (struct nlattr *)(m->buf + in[below(n)]) : NULL;
}

static void mutate(struct msg *m)
{
	struct nlmsghdr *nlh = msg_hdr(m);
	struct genlmsghdr *g = (struct genlmsghdr *)(m->buf + NLMSG_HDRLEN);
	__u32 end = m->len, off, n;
	struct nlattr *a;
	__u16 l;

	m->valid = false;
	switch (below(12)) {
	case 0:		/* an attribute's length */
		a = some_attr(m);
		if (!a)
			break;
		l = a->nla_len;
		switch (below(8)) {
		case 0:
			a->nla_len = below(NLA_HDRLEN + 1);
			break;
		case 1:
			a->nla_len = l - 1 - below(3);
			break;
		case 2:
			a->nla_len = l + 1 + below(8);
			break;
		case 3:
			a->nla_len = 0xffff - below(4);
			break;
		case 4:
			a->nla_len = end - ((__u8 *)a - m->buf) + 1;
			break;
		default:
			a->nla_len = below(l * 2 + 16);
		}
		break;
	case 1:		/* an attribute's type or its flag bits */
		a = some_attr(m);
		if (!a)
			break;
		switch (below(4)) {
		case 0:
			a->nla_type ^= NLA_F_NESTED;
			break;
		case 1:
			a->nla_type ^= NLA_F_NET_BYTEORDER;
			break;
		case 2:
			a->nla_type = (a->nla_type & ~NLA_TYPE_MASK) |
				      below(32);
			break;
		default:
			a->nla_type = (__u16)rnd64();
		}
		break;
	case 2:		/* payload bits */
	case 3:
		if (end <= NLMSG_HDRLEN + GENL_HDRLEN)
			break;
		for (n = 1 + below(4); n; n--) {
			off = NLMSG_HDRLEN + GENL_HDRLEN +
			      below(end - NLMSG_HDRLEN - GENL_HDRLEN);
			m->buf[off] ^= 1 << below(8);
		}
		break;
	case 4:		/* truncated: the message ends inside an attribute */
		m->len = below(end + 1);
		if (m->len < NLMSG_HDRLEN)
			m->len = NLMSG_HDRLEN + below(GENL_HDRLEN + 1);
		nlh->nlmsg_len = m->len;
		break;
	case 5:		/* stray attributes appended */
		rand_attrs(m, 0);
		break;
	case 6:		/* an attribute twice */
		a = some_attr(m);
		if (a && a->nla_len >= NLA_HDRLEN && a->nla_len < 2048 &&
		    (__u8 *)a + a->nla_len <= m->buf + m->len) {
			__u8 copy[2048];

			memcpy(copy, a, a->nla_len);
			put(m, ((struct nlattr *)copy)->nla_type, copy + NLA_HDRLEN,
			    ((struct nlattr *)copy)->nla_len - NLA_HDRLEN);
		}
		break;
	case 7:		/* netlink flags */
		nlh->nlmsg_flags = (__u16)rnd64();
		if (chance(80))
			nlh->nlmsg_flags |= NLM_F_REQUEST;
		break;
	case 8:		/* another command's attributes */
		g->cmd = chance(80) ? cmds[below(NCMDS)].cmd : (__u8)rnd64();
		break;
	case 9:		/* nlmsg_len disagrees with the datagram */
		switch (below(3)) {
		case 0:
			nlh->nlmsg_len += 1 + below(64);
			break;
		case 1:
			nlh->nlmsg_len = below(end + 1);
			break;
		default:
			nlh->nlmsg_len = (__u32)rnd64();
		}
		break;
	case 10:	/* genetlink header: version, reserved */
		g->version = (__u8)rnd64();
		g->reserved = (__u16)rnd64();
		break;
	default:	/* an attribute's payload replaced by an edge value */
		a = some_attr(m);
		if (a && a->nla_len >= NLA_HDRLEN + 4 &&
		    (__u8 *)a + a->nla_len <= m->buf + m->len) {
			__u32 v = edgy_u32();

			memcpy(a + 1, &v, 4);
		} else if (a && a->nla_len >= NLA_HDRLEN + 1 &&
			   (__u8 *)a + a->nla_len <= m->buf + m->len) {
			*(__u8 *)(a + 1) = (__u8)edgy_u32();
		}
	}
	if (m->len > end)	/* grown: the header follows */
		nlh->nlmsg_len = m->len;
}

/* A huge message: long attributes, many rules, deep nesting. */
static void build_huge(struct msg *m, __u16 family, __u8 cmd)
{
	unsigned int n;

	msg_init(m, family, NLM_F_REQUEST | NLM_F_ACK, cmd);
	m->valid = false;
	switch (below(5)) {
	case 0:
		put(m, chance(50) ? below(20) : (__u16)rnd64(), NULL,
		    30000 + below(35000));
		break;
	case 1:		/* as many small valid rules as fit */
		msg_hdr(m)->nlmsg_type = family;
		((struct genlmsghdr *)(m->buf + NLMSG_HDRLEN))->cmd =
			ICMPGUARD_CMD_REPLACE_RULES;
		while (m->len < MSG_ROOM - 64)
			put_rule(m, ICMPGUARD_A_RULE, true);
		m->valid = !m->full;
		break;
	case 2:		/* deep nesting */
		for (n = 0; n < 60; n++)
			nest_start(m, chance(50) ? ICMPGUARD_A_RULE :
				   below(20));
		rand_attrs(m, 12);
		break;
	case 3:		/* one attribute a thousand times */
		for (n = 0; n < 1000 + below(4000); n++)
			put_u32(m, chance(90) ? ICMPGUARD_A_RULE_HANDLE :
				below(20), edgy_u32());
		break;
	default:	/* a rule with every attribute many times over */
		nest_start(m, ICMPGUARD_A_RULE);
		for (n = 0; n < 2000; n++) {
			put_u8(m, ICMPGUARD_RULE_A_DIR, below(2));
			put_u8(m, ICMPGUARD_RULE_A_ACTION, below(5));
		}
		nest_end(m);
	}
	msg_finish(m);
}

/* ---- the connection ------------------------------------------------------ */

struct conn {
	int fd;
	__u16 family;
	__u32 seq;
	__u8 rbuf[RECV_ROOM];		/* after a __u32: 4-byte aligned */
};

static int conn_open(struct conn *c)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 20 };
	int one = 1, size = 1 << 20;

	c->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (c->fd < 0)
		return -errno;
	if (bind(c->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	setsockopt(c->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	setsockopt(c->fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	c->seq = 1000;
	return 0;
}

static const char *ext_msg(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	unsigned int off = sizeof(*e);
	const struct nlattr *a;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return "";
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	if (NLMSG_HDRLEN + off > nlh->nlmsg_len)
		return "";
	mnl_attr_for_each(a, nlh, off)
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			return mnl_attr_get_str(a);
	return "";
}

/*
 * A simple request/answer for setup and checks: collects the payloads
 * (after the genetlink header) of every data reply into @out.
 */
static int request(struct conn *c, __u16 type, __u8 cmd, __u16 flags,
		   const char *family_name, __u8 *out, size_t *outlen)
{
	struct msg *m = calloc(1, sizeof(*m));
	struct nlmsghdr *nlh;
	size_t got = 0;
	__u32 seq = ++c->seq;
	int n, err = -EIO;
	bool done = false;

	if (!m)
		return -ENOMEM;
	/* A dump ends with NLMSG_DONE, a request with its ACK. */
	msg_init(m, type, NLM_F_REQUEST | (flags ? flags : NLM_F_ACK), cmd);
	if (family_name)
		put(m, CTRL_ATTR_FAMILY_NAME, family_name,
		    strlen(family_name) + 1);
	msg_finish(m);
	msg_hdr(m)->nlmsg_seq = seq;
	if (send(c->fd, m->buf, m->len, 0) != (ssize_t)m->len) {
		free(m);
		return -errno;
	}
	free(m);
	while (!done) {
		n = recv(c->fd, c->rbuf, sizeof(c->rbuf), 0);
		if (n < 0)
			return -errno;
		for (nlh = (struct nlmsghdr *)c->rbuf; mnl_nlmsg_ok(nlh, n);
		     nlh = mnl_nlmsg_next(nlh, &n)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e =
					mnl_nlmsg_get_payload(nlh);

				err = e->error;
				done = true;
			} else if (nlh->nlmsg_type == NLMSG_DONE) {
				err = *(int *)mnl_nlmsg_get_payload(nlh);
				done = true;
			} else if (out) {
				size_t l = nlh->nlmsg_len - NLMSG_HDRLEN -
					   GENL_HDRLEN;

				if (got + l <= *outlen) {
					memcpy(out + got, (__u8 *)nlh +
					       NLMSG_HDRLEN + GENL_HDRLEN, l);
					got += l;
				}
			}
		}
	}
	if (outlen)
		*outlen = got;
	return err;
}

static int resolve_family(struct conn *c)
{
	__u8 *buf = malloc(65536);
	size_t len = 65536;
	const struct nlattr *a;
	int err, id = -ENOENT;

	if (!buf)
		return -ENOMEM;
	err = request(c, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0,
		      ICMPGUARD_GENL_NAME, buf, &len);
	if (err) {
		free(buf);
		return err;
	}
	for (a = (const struct nlattr *)buf;
	     mnl_attr_ok(a, (int)(buf + len - (__u8 *)a));
	     a = mnl_attr_next(a))
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
			id = mnl_attr_get_u16(a);
	free(buf);
	return id;
}

/* ---- sending, draining, judging ---------------------------------------- */

struct expect {
	__u32 seq;
	__u8 cmd;		/* 0 if not for a command of the family */
	bool admin;		/* a change, past genetlink's header checks */
	bool valid;		/* built valid, untouched */
	bool busy_ok;		/* a second dump in one datagram */
	bool dup;		/* seq not unique in the datagram */
};

struct tally {
	unsigned long sent, ok, data, err[256];
};

struct fuzz {
	struct conn *c;
	bool unpriv;
	bool verbose;
	__u64 seed;
	unsigned long iter;
	unsigned int failures, reports;
	struct tally per_cmd[257];	/* [256]: datagrams with no command */
	unsigned long strategies[7];
	unsigned long dump_intr;	/* dump parts flagged NLM_F_DUMP_INTR */
	struct expect exp[MAX_SEQS];
	unsigned int nexp;
	__u32 valid_seq[MAX_SEQS];	/* messages built valid */
	unsigned int nvalid;
	__u8 dgram[DGRAM_ROOM];		/* after an int: 4-byte aligned */
	__u32 dlen;
	const char *strategy;
	struct conn *b;			/* root: a second socket */
	struct msg *mb;			/* ... and its message */
	__u8 bdgram[DGRAM_ROOM];	/* after a pointer: aligned */
};

static bool allowed_errno(int e)
{
	switch (e) {
	case EINVAL: case ERANGE: case EOPNOTSUPP: case EPERM: case ENOENT:
	case EEXIST: case ENOSPC: case EMSGSIZE:
		return true;
	}
	return false;
}

static const char *errname(int e)
{
	static char buf[16];

	switch (e) {
	case EINVAL: return "EINVAL";
	case ERANGE: return "ERANGE";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EEXIST: return "EEXIST";
	case ENOSPC: return "ENOSPC";
	case EMSGSIZE: return "EMSGSIZE";
	case EBUSY: return "EBUSY";
	case ENOMEM: return "ENOMEM";
	}
	snprintf(buf, sizeof(buf), "errno%d", e);
	return buf;
}

static void hexdump(const __u8 *p, __u32 len)
{
	__u32 i;

	for (i = 0; i < len && i < 512; i++)
		fprintf(stderr, "%s%02x", i % 32 ? "" : "\n#     ", p[i]);
	fprintf(stderr, "%s\n", len > 512 ? " ..." : "");
}

static void fail(struct fuzz *f, const char *what, int err, const char *ext)
{
	f->failures++;
	if (f->reports++ >= MAX_REPORTS)
		return;
	fprintf(stderr,
		"# FAIL [%s] datagram %lu (FUZZ_SEED=%#llx, %s): %s: %s%s%s%s\n",
		f->unpriv ? "nobody" : "root", f->iter,
		(unsigned long long)f->seed, f->strategy, what,
		err ? strerror(err) : "success", ext && *ext ? " (\"" : "",
		ext ? ext : "", ext && *ext ? "\")" : "");
	fprintf(stderr, "#   datagram (%u bytes):", f->dlen);
	hexdump(f->dgram, f->dlen);
}

/* genl_header_check(): what genetlink refuses before it looks further. */
static bool genl_header_ok(const struct nlmsghdr *nlh,
			   const struct genlmsghdr *g)
{
	__u16 flags = nlh->nlmsg_flags;

	if (g->reserved)
		return false;
	if ((flags & NLM_F_DUMP) == NLM_F_DUMP)
		flags &= ~NLM_F_DUMP;
	return !(flags & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO));
}

/*
 * What the kernel will make of the datagram, message by message, as
 * netlink_rcv_skb() and genl_family_rcv_msg() walk it.
 */
static void expectations(struct fuzz *f)
{
	__u32 off = 0, msglen;
	bool dump_seen = false;
	unsigned int i;

	f->nexp = 0;
	while (f->dlen - off >= NLMSG_HDRLEN && f->nexp < MAX_SEQS) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)(f->dgram + off);
		struct genlmsghdr *g = (struct genlmsghdr *)NLMSG_DATA(nlh);
		const struct cmdinfo *ci = NULL;
		struct expect *e;

		if (nlh->nlmsg_len < NLMSG_HDRLEN ||
		    nlh->nlmsg_len > f->dlen - off)
			break;
		e = &f->exp[f->nexp++];
		memset(e, 0, sizeof(*e));
		e->seq = nlh->nlmsg_seq;
		/* What genetlink hands on to a command of the family. */
		if ((nlh->nlmsg_flags & NLM_F_REQUEST) &&
		    nlh->nlmsg_type == f->c->family &&
		    nlh->nlmsg_len >= NLMSG_HDRLEN + GENL_HDRLEN &&
		    genl_header_ok(nlh, g)) {
			e->cmd = g->cmd;
			ci = cmd_info(g->cmd);
		}
		if (ci) {
			/* The permission check comes before do or dump. */
			e->admin = ci->admin;
			if ((nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP &&
			    ci->dump) {
				e->busy_ok = dump_seen;
				dump_seen = true;
			}
		}
		for (i = 0; i < f->nvalid; i++)
			if (f->valid_seq[i] == e->seq)
				e->valid = true;
		for (i = 0; i + 1 < f->nexp; i++) {
			if (f->exp[i].seq == e->seq) {
				f->exp[i].dup = true;
				e->dup = true;
			}
		}
		msglen = NLMSG_ALIGN(nlh->nlmsg_len);
		if (msglen > f->dlen - off)
			msglen = f->dlen - off;
		off += msglen;
	}
}

static struct expect *expect_of(struct fuzz *f, __u32 seq)
{
	unsigned int i;

	for (i = 0; i < f->nexp; i++)
		if (f->exp[i].seq == seq)
			return &f->exp[i];
	return NULL;
}

static struct tally *tally_of(struct fuzz *f, const struct expect *e)
{
	return &f->per_cmd[e ? e->cmd : 256];
}

static void judge_error(struct fuzz *f, const struct nlmsghdr *nlh, int err,
			const char *ext)
{
	struct expect *e = expect_of(f, nlh->nlmsg_seq);
	struct tally *t = tally_of(f, e);
	char what[96];

	if (err)
		t->err[err & 0xff]++;
	else
		t->ok++;
	if (err && !allowed_errno(err) &&
	    !(err == EBUSY && e && e->busy_ok)) {
		fail(f, "unexpected errno", err, ext);
		return;
	}
	if (!e || e->dup)
		return;
	if (f->unpriv && e->admin && err != EPERM) {
		snprintf(what, sizeof(what), "%s by nobody not refused with EPERM",
			 cmd_info(e->cmd)->name);
		fail(f, what, err, ext);
	} else if (!f->unpriv && e->valid &&
		   (err == EINVAL || err == ERANGE || err == EOPNOTSUPP ||
		    err == EPERM)) {
		snprintf(what, sizeof(what), "valid %s refused",
			 cmd_info(e->cmd) ? cmd_info(e->cmd)->name : "?");
		fail(f, what, err, ext);
	}
}

/* A data reply must be the family's, a whole message, attributes intact. */
static void judge_data(struct fuzz *f, const struct nlmsghdr *nlh)
{
	struct expect *e = expect_of(f, nlh->nlmsg_seq);
	const struct nlattr *a;
	int rest;

	tally_of(f, e)->data++;
	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		f->dump_intr++;
	if (nlh->nlmsg_type != f->c->family ||
	    nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		fail(f, "reply of unexpected type or size", 0, NULL);
		return;
	}
	rest = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	a = (const struct nlattr *)((const __u8 *)nlh + NLMSG_HDRLEN +
				    GENL_HDRLEN);
	while (mnl_attr_ok(a, rest)) {
		rest -= NLA_ALIGN(a->nla_len);
		a = mnl_attr_next(a);
	}
	if (rest > 0)
		fail(f, "reply's attributes do not parse", 0, NULL);
	if (f->unpriv && e && !e->dup && e->admin)
		fail(f, "nobody got data back from a change", 0, NULL);
}

/*
 * Sends the datagram, then an NLMSG_NOOP that the kernel ACKs once it has
 * processed everything before it; reads until that ACK, then on until the
 * queue is empty (a dump goes on one part per read).
 */
static void meddle(struct fuzz *f);

/*
 * With @dump_seq, the datagram is one dump request: between its parts,
 * the state it walks is changed from a second socket, and the sync goes
 * out only once the dump is over.
 */
static void exchange(struct fuzz *f, __u32 dump_seq)
{
	struct conn *c = f->c;
	struct nlmsghdr sync = {
		.nlmsg_len = NLMSG_HDRLEN,
		.nlmsg_type = NLMSG_NOOP,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
	};
	bool synced = false, sync_sent = false, dump_over = !dump_seq;
	int n, flags;

	expectations(f);
	if (send(c->fd, f->dgram, f->dlen, 0) < 0 && errno != EMSGSIZE) {
		fail(f, "send", errno, NULL);
		return;
	}
	for (;;) {
		struct nlmsghdr *nlh;

		if (!sync_sent && dump_over) {
			sync.nlmsg_seq = ++c->seq;
			if (send(c->fd, &sync, sizeof(sync), 0) < 0) {
				fail(f, "send (sync)", errno, NULL);
				return;
			}
			sync_sent = true;
		}
		flags = MSG_TRUNC | (synced ? MSG_DONTWAIT : 0);
		n = recv(c->fd, c->rbuf, sizeof(c->rbuf), flags);
		if (n < 0) {
			if (errno == EAGAIN && synced)
				return;
			if (errno == EINTR)
				continue;
			fail(f, synced ? "recv" : "recv (no ACK of the sync)",
			     errno, NULL);
			if (errno == ENOBUFS)
				continue;
			return;
		}
		if (n > (int)sizeof(c->rbuf)) {
			fail(f, "reply larger than 1 MiB", 0, NULL);
			continue;
		}
		for (nlh = (struct nlmsghdr *)c->rbuf; mnl_nlmsg_ok(nlh, n);
		     nlh = mnl_nlmsg_next(nlh, &n)) {
			if (dump_seq && nlh->nlmsg_seq == dump_seq &&
			    (nlh->nlmsg_type == NLMSG_ERROR ||
			     nlh->nlmsg_type == NLMSG_DONE))
				dump_over = true;
			if (sync_sent && nlh->nlmsg_seq == sync.nlmsg_seq &&
			    nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e =
					mnl_nlmsg_get_payload(nlh);

				if (e->error)
					fail(f, "sync NOOP refused", -e->error,
					     NULL);
				synced = true;
				continue;
			}
			if (!expect_of(f, nlh->nlmsg_seq))
				fail(f, "reply to no request of this datagram",
				     0, NULL);
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e =
					mnl_nlmsg_get_payload(nlh);

				if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(int)) {
					fail(f, "short NLMSG_ERROR", 0, NULL);
					continue;
				}
				judge_error(f, nlh, -e->error, ext_msg(nlh));
			} else if (nlh->nlmsg_type == NLMSG_DONE) {
				int err = 0;

				if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int))
					err = *(int *)NLMSG_DATA(nlh);
				judge_error(f, nlh, -err, "");
			} else if (nlh->nlmsg_type < NLMSG_MIN_TYPE) {
				fail(f, "unexpected control message", 0, NULL);
			} else {
				judge_data(f, nlh);
			}
		}
		if (n > 0)
			fail(f, "reply datagram with trailing garbage", 0,
			     NULL);
		if (!dump_over)
			meddle(f);
	}
}

/* On the second socket: reads until the ACK of @seq; returns its errno. */
static int drain_b(struct fuzz *f, __u32 seq)
{
	struct conn *b = f->b;
	struct nlmsghdr *nlh;
	int n, err = -1;

	while (err < 0) {
		n = recv(b->fd, b->rbuf, sizeof(b->rbuf), 0);
		if (n < 0) {
			fail(f, "recv (second socket)", errno, NULL);
			return errno;
		}
		for (nlh = (struct nlmsghdr *)b->rbuf; mnl_nlmsg_ok(nlh, n);
		     nlh = mnl_nlmsg_next(nlh, &n)) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

			if (nlh->nlmsg_type != NLMSG_ERROR)
				continue;
			if (e->error && !allowed_errno(-e->error))
				fail(f, "unexpected errno (second socket)",
				     -e->error, ext_msg(nlh));
			if (nlh->nlmsg_seq == seq)
				err = -e->error;
		}
	}
	return err;
}

/* Sends @m on the second socket and waits for its ACK. */
static int request_b(struct fuzz *f, struct msg *m)
{
	msg_hdr(m)->nlmsg_flags |= NLM_F_ACK;
	msg_hdr(m)->nlmsg_seq = ++f->b->seq;
	if (send(f->b->fd, m->buf, m->len, 0) < 0) {
		fail(f, "send (second socket)", errno, NULL);
		return errno;
	}
	return drain_b(f, f->b->seq);
}

/* A valid change of the state a dump walks, from the second socket. */
static void meddle(struct fuzz *f)
{
	static const __u8 changes[] = {
		ICMPGUARD_CMD_ADD_OWNED, ICMPGUARD_CMD_DEL_OWNED,
		ICMPGUARD_CMD_FLUSH_OWNED, ICMPGUARD_CMD_ADD_RULE,
		ICMPGUARD_CMD_DEL_RULE, ICMPGUARD_CMD_FLUSH_RULES,
		ICMPGUARD_CMD_REPLACE_RULES, ICMPGUARD_CMD_SET_CONFIG,
	};
	__u8 cmd = changes[below(sizeof(changes))];
	int err;

	if (!chance(70))
		return;
	build_valid(f->mb, f->c->family, cmd, 0);
	err = request_b(f, f->mb);
	if (err && err != ENOENT && err != EEXIST && err != ENOSPC)
		fail(f, "valid change (second socket) refused", err, NULL);
}

/* Enough owned prefixes or rules for a dump of several parts. */
static void populate(struct fuzz *f, bool owned)
{
	struct msg *m = f->mb;
	static __u32 next = 1;
	struct nlmsghdr sync = {
		.nlmsg_len = NLMSG_HDRLEN,
		.nlmsg_type = NLMSG_NOOP,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
	};
	__u32 len = 0, n, addr;
	__u8 plen = 32;

	if (!owned) {
		msg_init(m, f->c->family, NLM_F_REQUEST,
			 ICMPGUARD_CMD_REPLACE_RULES);
		for (n = 0; n < 1500; n++)
			put_rule(m, ICMPGUARD_A_RULE, true);
		msg_finish(m);
		request_b(f, m);
		return;
	}
	msg_init(m, f->c->family, NLM_F_REQUEST, ICMPGUARD_CMD_FLUSH_OWNED);
	msg_finish(m);
	request_b(f, m);
	/* One datagram of 1500 ADD_OWNED, unacknowledged, then a sync. */
	for (n = 0; n < 1500; n++) {
		msg_init(m, f->c->family, NLM_F_REQUEST,
			 ICMPGUARD_CMD_ADD_OWNED);
		addr = htonl(0xac100000 | (next++ & 0xfffff));
		nest_start(m, ICMPGUARD_A_PREFIX);
		put(m, ICMPGUARD_PFX_A_ADDR, &addr, 4);
		put(m, ICMPGUARD_PFX_A_PLEN, &plen, 1);
		msg_finish(m);
		msg_hdr(m)->nlmsg_seq = ++f->b->seq;
		memcpy(f->bdgram + len, m->buf, m->len);
		len += m->len;
	}
	if (send(f->b->fd, f->bdgram, len, 0) < 0)
		fail(f, "send (second socket)", errno, NULL);
	sync.nlmsg_seq = ++f->b->seq;
	if (send(f->b->fd, &sync, sizeof(sync), 0) < 0)
		fail(f, "send (second socket)", errno, NULL);
	drain_b(f, sync.nlmsg_seq);
}

static void add_to_dgram(struct fuzz *f, struct msg *m)
{
	__u32 len = m->len, pad = NLMSG_ALIGN(len) - len;

	if (f->dlen + len + pad > DGRAM_ROOM)
		return;
	msg_hdr(m)->nlmsg_seq = ++f->c->seq;
	if (m->valid && f->nvalid < MAX_SEQS)
		f->valid_seq[f->nvalid++] = f->c->seq;
	memcpy(f->dgram + f->dlen, m->buf, len);
	memset(f->dgram + f->dlen + len, 0, pad);
	f->dlen += len + pad;
}

/* One message of the family, valid or mutated. */
/* A request of @cmd, mutated once or more, maybe with stray attributes. */
static void mutated_message(struct fuzz *f, struct msg *m, __u8 cmd)
{
	build_valid(m, f->c->family, cmd, chance(25) ? 20 : 0);
	mutate(m);
	while (chance(30))
		mutate(m);
}

static void fuzz_one(struct fuzz *f, struct msg *m)
{
	__u8 cmd = cmds[f->iter % NCMDS].cmd;
	unsigned int s = below(100), n;
	__u32 dump_seq = 0;

	f->dlen = 0;
	f->nvalid = 0;
	if (f->b && chance(2)) {
		static const __u8 dumps[] = { ICMPGUARD_CMD_GET_OWNED,
						 ICMPGUARD_CMD_GET_RULES,
						 ICMPGUARD_CMD_GET_SOURCES };

		f->strategy = "interleaved dump";
		cmd = dumps[below(3)];
		if (chance(50))
			populate(f, cmd == ICMPGUARD_CMD_GET_OWNED);
		build_valid(m, f->c->family, cmd, 0);
		add_to_dgram(f, m);
		dump_seq = f->c->seq;
		f->strategies[6]++;
	} else if (s < 30) {
		f->strategy = "valid";
		build_valid(m, f->c->family, cmd, 0);
		add_to_dgram(f, m);
		f->strategies[0]++;
	} else if (s < 70) {
		f->strategy = "mutated";
		mutated_message(f, m, cmd);
		add_to_dgram(f, m);
		f->strategies[1]++;
	} else if (s < 82) {
		f->strategy = "random attributes";
		msg_init(m, f->c->family, NLM_F_REQUEST |
			 (chance(70) ? NLM_F_ACK : 0) |
			 (chance(20) ? NLM_F_DUMP : 0),
			 chance(80) ? cmd : (__u8)rnd64());
		m->valid = false;
		rand_attrs(m, 0);
		msg_finish(m);
		add_to_dgram(f, m);
		f->strategies[2]++;
	} else if (s < 88) {
		f->strategy = "invalid command";
		build_valid(m, f->c->family, cmd, 0);
		((struct genlmsghdr *)(m->buf + NLMSG_HDRLEN))->cmd =
			bad_cmds[below(sizeof(bad_cmds))];
		if (chance(50))
			msg_hdr(m)->nlmsg_flags |= NLM_F_DUMP;
		m->valid = false;
		add_to_dgram(f, m);
		f->strategies[3]++;
	} else if (s < 94) {
		f->strategy = "batch";
		for (n = 2 + below(5); n; n--) {
			if (chance(50))
				build_valid(m, f->c->family,
					    cmds[below(NCMDS)].cmd, 0);
			else
				mutated_message(f, m, cmds[below(NCMDS)].cmd);
			add_to_dgram(f, m);
		}
		if (chance(20)) {		/* trailing garbage */
			__u32 g = below(40);

			if (f->dlen + g <= DGRAM_ROOM) {
				rnd_bytes(f->dgram + f->dlen, g);
				f->dlen += g;
			}
		}
		f->strategies[4]++;
	} else {
		f->strategy = "huge";
		build_huge(m, f->c->family, cmd);
		add_to_dgram(f, m);
		f->strategies[5]++;
	}
	/* The tally counts messages by the command they carry. */
	expectations(f);
	for (n = 0; n < f->nexp; n++)
		tally_of(f, &f->exp[n])->sent++;
	if (!f->nexp)
		f->per_cmd[256].sent++;
	exchange(f, dump_seq);
	if (f->verbose)
		fprintf(stderr, "# %lu %s %u bytes, %u messages\n", f->iter,
			f->strategy, f->dlen, f->nexp);
}

static void report(struct fuzz *f)
{
	static const char * const snames[] = { "valid", "mutated", "random",
					"invalid-cmd", "batch", "huge",
					"interleaved-dump" };
	struct tally other;
	char line[512];
	unsigned int i, e;
	size_t o;

	o = snprintf(line, sizeof(line), "# strategies:");
	for (i = 0; i < 7; i++)
		o += snprintf(line + o, sizeof(line) - o, " %s %lu", snames[i],
			      f->strategies[i]);
	fprintf(stderr, "%s; dump parts with NLM_F_DUMP_INTR: %lu\n", line,
		f->dump_intr);
	/* Commands the family does not have are summed in one line. */
	memset(&other, 0, sizeof(other));
	for (i = 0; i < 256; i++) {
		if (cmd_info(i))
			continue;
		other.sent += f->per_cmd[i].sent;
		other.ok += f->per_cmd[i].ok;
		other.data += f->per_cmd[i].data;
		for (e = 0; e < 256; e++)
			other.err[e] += f->per_cmd[i].err[e];
	}
	for (i = 0; i <= NCMDS + 1; i++) {
		const struct tally *t = i < NCMDS ? &f->per_cmd[cmds[i].cmd] :
					i == NCMDS ? &other : &f->per_cmd[256];
		const char *name = i < NCMDS ? cmds[i].name :
				   i == NCMDS ? "(no such cmd)" : "(not genl)";

		o = snprintf(line, sizeof(line),
			     "# %-13s sent %5lu ok %5lu data %6lu", name,
			     t->sent, t->ok, t->data);
		for (e = 1; e < 256; e++)
			if (t->err[e])
				o += snprintf(line + o, sizeof(line) - o,
					      " %s %lu", errname(e), t->err[e]);
		fprintf(stderr, "%s\n", line);
	}
}

static __u64 env_u64(const char *name, __u64 def)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 0) : def;
}

static bool has_cap(int cap)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2] = {};

	if (syscall(SYS_capget, &h, d))
		return false;
	return d[cap / 32].effective & (1U << (cap % 32));
}

static bool no_caps(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2] = {};

	if (syscall(SYS_capget, &h, d))
		return false;
	return !d[0].effective && !d[1].effective && !d[0].permitted &&
	       !d[1].permitted;
}

/* What nobody must not be able to change, as the module reports it. */
struct snapshot {
	__u8 *buf[4];
	size_t len[4];
};

static int take_snapshot(struct conn *c, struct snapshot *s)
{
	static const struct { __u8 cmd; __u16 flags; } what[4] = {
		{ ICMPGUARD_CMD_GET_CONFIG, 0 },
		{ ICMPGUARD_CMD_GET_STATS, 0 },
		{ ICMPGUARD_CMD_GET_OWNED, NLM_F_DUMP },
		{ ICMPGUARD_CMD_GET_RULES, NLM_F_DUMP },
	};
	int i, err;

	for (i = 0; i < 4; i++) {
		s->len[i] = RECV_ROOM;
		s->buf[i] = malloc(RECV_ROOM);
		if (!s->buf[i])
			return -ENOMEM;
		err = request(c, c->family, what[i].cmd, what[i].flags, NULL,
			      s->buf[i], &s->len[i]);
		if (err)
			return err;
	}
	return 0;
}

/* ---- the tests ------------------------------------------------------------ */

FIXTURE(fuzz) {
	struct conn *c;
	struct conn *b;
};

FIXTURE_VARIANT(fuzz) {
	bool unprivileged;
};

FIXTURE_VARIANT_ADD(fuzz, root) {
	.unprivileged = false,
};

FIXTURE_VARIANT_ADD(fuzz, nobody) {
	.unprivileged = true,
};

FIXTURE_SETUP(fuzz)
{
	const char *only = getenv("FUZZ_ONLY");
	int id;

	self->c = NULL;
	if (only && *only &&
	    strcmp(only, variant->unprivileged ? "nobody" : "root"))
		SKIP(return, "FUZZ_ONLY=%s", only);
	if (!variant->unprivileged) {
		if (geteuid() != 0 || !has_cap(CAP_NET_ADMIN))
			SKIP(return, "not root with CAP_NET_ADMIN");
	} else if (geteuid() == 0) {
		/* Become nobody: no groups, no capability left. */
		ASSERT_EQ(0, setgroups(0, NULL));
		ASSERT_EQ(0, setresgid(NOBODY, NOBODY, NOBODY));
		ASSERT_EQ(0, setresuid(NOBODY, NOBODY, NOBODY));
	}
	if (variant->unprivileged)
		ASSERT_TRUE(no_caps()) {
			TH_LOG("capabilities left after dropping root");
		}
	self->c = calloc(1, sizeof(*self->c));
	ASSERT_NE(NULL, self->c);
	ASSERT_EQ(0, conn_open(self->c));
	id = resolve_family(self->c);
	ASSERT_LT(0, id) {
		TH_LOG("family %s does not resolve (%s): module loaded?",
		       ICMPGUARD_GENL_NAME, strerror(-id));
	}
	self->c->family = id;
	if (!variant->unprivileged) {
		self->b = calloc(1, sizeof(*self->b));
		ASSERT_NE(NULL, self->b);
		ASSERT_EQ(0, conn_open(self->b));
		self->b->family = id;
	}
}

FIXTURE_TEARDOWN(fuzz)
{
	if (self->c) {
		close(self->c->fd);
		free(self->c);
	}
	if (self->b) {
		close(self->b->fd);
		free(self->b);
	}
}

TEST_F_TIMEOUT(fuzz, messages, 1200)
{
	struct fuzz *f = calloc(1, sizeof(*f));
	struct msg *m = calloc(1, sizeof(*m));
	struct snapshot before = {}, after = {};
	unsigned long count, i;
	time_t t0 = time(NULL);
	__u8 *buf;
	size_t len;
	int k;

	if (!self->c)
		return;		/* skipped in setup */
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, m);
	f->c = self->c;
	f->b = self->b;
	f->mb = calloc(1, sizeof(*f->mb));
	ASSERT_NE(NULL, f->mb);
	f->unpriv = variant->unprivileged;
	f->verbose = env_u64("FUZZ_VERBOSE", 0);
	f->seed = env_u64("FUZZ_SEED", DEFAULT_SEED);
	count = env_u64("FUZZ_COUNT", DEFAULT_COUNT);
	/* Each variant its own stream, both reproducible from the seed. */
	rng = (f->seed ^ (f->unpriv ? 0x9e3779b97f4a7c15ULL : 0)) | 1;
	TH_LOG("FUZZ_SEED=%#llx FUZZ_COUNT=%lu as %s (family %u)",
	       (unsigned long long)f->seed, count,
	       f->unpriv ? "nobody" : "root", f->c->family);

	if (f->unpriv)
		ASSERT_EQ(0, take_snapshot(f->c, &before));

	for (i = 0; i < count; i++) {
		f->iter = i;
		fuzz_one(f, m);
		/* Every 500 datagrams: the module still answers. */
		if (i % 500 == 499)
			EXPECT_EQ(0, request(f->c, f->c->family,
					     ICMPGUARD_CMD_GET_STATS, 0, NULL,
					     NULL, NULL));
	}
	report(f);
	TH_LOG("%lu datagrams in %lds, %u failures", count,
	       (long)(time(NULL) - t0), f->failures);
	EXPECT_EQ(0U, f->failures);

	/* The module still answers, with its whole reply. */
	buf = malloc(RECV_ROOM);
	ASSERT_NE(NULL, buf);
	len = RECV_ROOM;
	EXPECT_EQ(0, request(f->c, f->c->family, ICMPGUARD_CMD_GET_STATS, 0,
			     NULL, buf, &len));
	EXPECT_LT(100UL, len);
	len = RECV_ROOM;
	EXPECT_EQ(0, request(f->c, f->c->family, ICMPGUARD_CMD_GET_CONFIG, 0,
			     NULL, buf, &len));
	EXPECT_LT(20UL, len);
	free(buf);

	if (f->unpriv) {
		static const char * const names[4] = { "configuration", "counters",
						"owned prefixes", "rules" };

		ASSERT_EQ(0, take_snapshot(f->c, &after));
		for (k = 0; k < 4; k++) {
			EXPECT_TRUE(before.len[k] == after.len[k] &&
				    !memcmp(before.buf[k], after.buf[k],
					    before.len[k])) {
				TH_LOG("nobody changed the %s", names[k]);
			}
		}
	}
	for (k = 0; k < 4; k++) {
		free(before.buf[k]);
		free(after.buf[k]);
	}
	free(f->mb);
	free(m);
	free(f);
}

/* ---- the documented limits ------------------------------------------------ */

/* Sends @len bytes of requests and waits for the ACK of @seq. */
static int talk_raw(struct conn *c, const void *buf, size_t len, __u32 seq)
{
	struct nlmsghdr *nlh;
	int n, err = 1;

	if (send(c->fd, buf, len, 0) < 0)
		return -errno;
	while (err > 0) {
		n = recv(c->fd, c->rbuf, sizeof(c->rbuf), 0);
		if (n < 0)
			return -errno;
		for (nlh = (struct nlmsghdr *)c->rbuf; mnl_nlmsg_ok(nlh, n);
		     nlh = mnl_nlmsg_next(nlh, &n)) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

			if (nlh->nlmsg_type == NLMSG_ERROR &&
			    nlh->nlmsg_seq == seq)
				err = e->error;
		}
	}
	return err;
}

/* REPLACE_RULES with @n rules of just a direction and DROP. */
static int replace_many(struct conn *c, __u8 *buf, unsigned int n)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = NLMSG_DATA(nlh);
	__u8 *p = buf + NLMSG_HDRLEN + GENL_HDRLEN;
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct nlattr *rule = (struct nlattr *)p, *a;

		rule->nla_type = ICMPGUARD_A_RULE | NLA_F_NESTED;
		rule->nla_len = 3 * NLA_HDRLEN + 2 * 4;
		a = rule + 1;
		a->nla_type = ICMPGUARD_RULE_A_DIR;
		a->nla_len = NLA_HDRLEN + 1;
		*(__u32 *)(a + 1) = i & 1;
		a = (struct nlattr *)((__u8 *)a + 8);
		a->nla_type = ICMPGUARD_RULE_A_ACTION;
		a->nla_len = NLA_HDRLEN + 1;
		*(__u32 *)(a + 1) = ICMPGUARD_ACT_DROP;
		p += rule->nla_len;
	}
	nlh->nlmsg_len = p - buf;
	nlh->nlmsg_type = c->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++c->seq;
	g->cmd = ICMPGUARD_CMD_REPLACE_RULES;
	g->version = ICMPGUARD_GENL_VERSION;
	g->reserved = 0;
	return talk_raw(c, buf, nlh->nlmsg_len, c->seq);
}

/* ADD_OWNED or DEL_OWNED of 10.0.0.0 + @first .. + @n - 1, /32, in one go. */
static int owned_many(struct conn *c, __u8 *buf, __u8 cmd,
		      __u32 first, unsigned int n)
{
	struct nlmsghdr sync = {
		.nlmsg_len = NLMSG_HDRLEN,
		.nlmsg_type = NLMSG_NOOP,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
	};
	__u8 *p = buf;
	unsigned int i;
	int err;

	for (i = 0; i < n; i++) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)p;
		struct genlmsghdr *g = NLMSG_DATA(nlh);
		struct nlattr *nest = (struct nlattr *)(g + 1), *a = nest + 1;

		nlh->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN + 3 * NLA_HDRLEN + 8;
		nlh->nlmsg_type = c->family;
		/* No ACK: only a failure answers. */
		nlh->nlmsg_flags = NLM_F_REQUEST;
		nlh->nlmsg_seq = ++c->seq;
		nlh->nlmsg_pid = 0;
		g->cmd = cmd;
		g->version = ICMPGUARD_GENL_VERSION;
		g->reserved = 0;
		nest->nla_type = ICMPGUARD_A_PREFIX | NLA_F_NESTED;
		nest->nla_len = 3 * NLA_HDRLEN + 8;
		a->nla_type = ICMPGUARD_PFX_A_ADDR;
		a->nla_len = NLA_HDRLEN + 4;
		*(__u32 *)(a + 1) = htonl(0x0a000000 + first + i);
		a = (struct nlattr *)((__u8 *)a + 8);
		a->nla_type = ICMPGUARD_PFX_A_PLEN;
		a->nla_len = NLA_HDRLEN + 1;
		*(__u32 *)(a + 1) = 32;
		p += nlh->nlmsg_len;
	}
	sync.nlmsg_seq = ++c->seq;
	memcpy(p, &sync, sizeof(sync));
	p += sizeof(sync);
	/* The first failure, if any, is what the caller gets. */
	if (send(c->fd, buf, p - buf, 0) < 0)
		return -errno;
	err = 0;
	for (;;) {
		struct nlmsghdr *nlh;
		int r = recv(c->fd, c->rbuf, sizeof(c->rbuf), 0);

		if (r < 0)
			return -errno;
		for (nlh = (struct nlmsghdr *)c->rbuf; mnl_nlmsg_ok(nlh, r);
		     nlh = mnl_nlmsg_next(nlh, &r)) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

			if (nlh->nlmsg_type != NLMSG_ERROR)
				continue;
			if (nlh->nlmsg_seq == sync.nlmsg_seq)
				return err;
			if (!err)
				err = e->error;
		}
	}
}

static long count_dump(struct conn *c, __u8 cmd)
{
	struct {
		struct nlmsghdr nlh;
		struct genlmsghdr g;
	} req = {
		.nlh = {
			.nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN,
			.nlmsg_type = c->family,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			.nlmsg_seq = ++c->seq,
		},
		.g = { .cmd = cmd, .version = ICMPGUARD_GENL_VERSION },
	};
	long count = 0;

	if (send(c->fd, &req, sizeof(req), 0) < 0)
		return -errno;
	for (;;) {
		struct nlmsghdr *nlh;
		int r = recv(c->fd, c->rbuf, sizeof(c->rbuf), 0);

		if (r < 0)
			return -errno;
		for (nlh = (struct nlmsghdr *)c->rbuf; mnl_nlmsg_ok(nlh, r);
		     nlh = mnl_nlmsg_next(nlh, &r)) {
			if (nlh->nlmsg_seq != req.nlh.nlmsg_seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_DONE)
				return count;
			if (nlh->nlmsg_type == NLMSG_ERROR)
				return ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
			count++;
		}
	}
}

/*
 * ICMPGUARD_RULES_MAX and ICMPGUARD_OWNED_MAX hold exactly: the last one
 * fits, one more is ENOSPC (never ENOMEM), and a set that large dumps
 * and flushes whole. Root only.
 */
TEST_F_TIMEOUT(fuzz, limits, 1200)
{
	size_t room = (size_t)(ICMPGUARD_OWNED_MAX + 2) * 48 + 4096;
	int big = 8 << 20, one = 1;
	struct msg *m;
	__u8 *buf;

	if (!self->c)
		return;		/* skipped in setup */
	if (variant->unprivileged)
		SKIP(return, "root only");
	if (env_u64("FUZZ_LIMITS", 1) == 0)
		SKIP(return, "FUZZ_LIMITS=0");
	buf = calloc(1, room);
	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, setsockopt(self->c->fd, SOL_SOCKET, SO_SNDBUFFORCE, &big,
				sizeof(big)));
	ASSERT_EQ(0, setsockopt(self->c->fd, SOL_SOCKET, SO_RCVBUFFORCE, &big,
				sizeof(big)));
	/* An error must not echo a 1.3 MB request back. */
	ASSERT_EQ(0, setsockopt(self->c->fd, SOL_NETLINK, NETLINK_CAP_ACK,
				&one, sizeof(one)));

	EXPECT_EQ(-ENOSPC, replace_many(self->c, buf,
					ICMPGUARD_RULES_MAX + 1));
	EXPECT_EQ(0, replace_many(self->c, buf, ICMPGUARD_RULES_MAX));
	EXPECT_EQ(ICMPGUARD_RULES_MAX,
		  count_dump(self->c, ICMPGUARD_CMD_GET_RULES));
	/* One more, by ADD_RULE: the set is full. */
	m = calloc(1, sizeof(*m));
	ASSERT_NE(NULL, m);
	build_valid(m, self->c->family, ICMPGUARD_CMD_ADD_RULE, 0);
	msg_hdr(m)->nlmsg_flags |= NLM_F_ACK;
	msg_hdr(m)->nlmsg_seq = ++self->c->seq;
	EXPECT_EQ(-ENOSPC, talk_raw(self->c, m->buf, m->len, self->c->seq));
	free(m);
	EXPECT_EQ(0, replace_many(self->c, buf, 0));
	EXPECT_EQ(0, count_dump(self->c, ICMPGUARD_CMD_GET_RULES));

	EXPECT_EQ(0, request(self->c, self->c->family,
			     ICMPGUARD_CMD_FLUSH_OWNED, 0, NULL, NULL, NULL));
	EXPECT_EQ(0, owned_many(self->c, buf, ICMPGUARD_CMD_ADD_OWNED, 0,
				ICMPGUARD_OWNED_MAX));
	EXPECT_EQ(ICMPGUARD_OWNED_MAX,
		  count_dump(self->c, ICMPGUARD_CMD_GET_OWNED));
	EXPECT_EQ(-ENOSPC, owned_many(self->c, buf, ICMPGUARD_CMD_ADD_OWNED,
				      ICMPGUARD_OWNED_MAX, 1));
	/* Full, but this one is owned already: that is the answer. */
	EXPECT_EQ(-EEXIST, owned_many(self->c, buf, ICMPGUARD_CMD_ADD_OWNED,
				      7, 1));
	EXPECT_EQ(0, owned_many(self->c, buf, ICMPGUARD_CMD_DEL_OWNED, 7, 1));
	EXPECT_EQ(-ENOENT, owned_many(self->c, buf, ICMPGUARD_CMD_DEL_OWNED,
				      7, 1));
	EXPECT_EQ(0, owned_many(self->c, buf, ICMPGUARD_CMD_ADD_OWNED,
				ICMPGUARD_OWNED_MAX, 1));
	EXPECT_EQ(0, request(self->c, self->c->family,
			     ICMPGUARD_CMD_FLUSH_OWNED, 0, NULL, NULL, NULL));
	EXPECT_EQ(0, count_dump(self->c, ICMPGUARD_CMD_GET_OWNED));
	free(buf);
}

TEST_HARNESS_MAIN
