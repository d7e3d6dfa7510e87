// SPDX-License-Identifier: GPL-2.0
/*
 * icmpctl set: every setting of one command line in one SET_CONFIG request;
 * see set.h.
 */
#include <string.h>
#include <arpa/inet.h>
#include <linux/icmp.h>
#include <libmnl/libmnl.h>

#include "../module/uapi/icmpguard.h"
#include "attrs.h"
#include "cmd.h"
#include "parse.h"
#include "set.h"
#include "show.h"
#include "util.h"

/* The smallest and the largest per-source table the module takes. */
#define MIN_SOURCES	16U
#define MAX_SOURCES	BIT(20)

/* What an invalid rate is told. */
#define RATE_WORDS	"expected NUMBER[/s] up to 1000000000, or \"unlimited\""

static const struct icg_flag *find_flag(const char *name)
{
	unsigned int i;

	for (i = 0; i < icg_nflags; i++)
		if (!strcmp(icg_flags[i].name, name))
			return &icg_flags[i];
	return NULL;
}

struct rate_setting {
	const char *name;
	unsigned int rate_attr;
	unsigned int burst_attr;
};

static const struct rate_setting rate_settings[] = {
	{ "reply-rate", ICMPGUARD_CFG_A_REPLY_RATE,
	  ICMPGUARD_CFG_A_REPLY_BURST },
	{ "reply-rate-per-dest", ICMPGUARD_CFG_A_DEST_RATE,
	  ICMPGUARD_CFG_A_DEST_BURST },
};

static const struct rate_setting *find_rate(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rate_settings); i++)
		if (!strcmp(rate_settings[i].name, name))
			return &rate_settings[i];
	return NULL;
}

/* Attribute attr takes value v, from the line being read. */
static void set_val(struct set_req *req, unsigned int attr, __u32 v)
{
	req->val[attr] = v;
	req->present |= 1U << attr;
	req->line_present |= 1U << attr;
	req->attr_line[attr] = req->line;
}

/* "on" or "off" after a flag: words used, or -EXIT_USAGE. */
static int set_flag(struct set_req *req, const struct icg_flag *f, int argc,
		    char **argv)
{
	if (req->line_mask & f->bit) {
		errmsg("set: \"%s\" given twice", f->name);
		return -EXIT_USAGE;
	}
	if (argc < 2) {
		errmsg("set %s: missing value (expected \"on\" or \"off\")",
		       f->name);
		return -EXIT_USAGE;
	}
	if (!strcmp(argv[1], "on")) {
		req->flags |= f->bit;
	} else if (!strcmp(argv[1], "off")) {
		req->flags &= ~f->bit;
	} else {
		errmsg("set %s: expected \"on\" or \"off\", got \"%s\"",
		       f->name, argv[1]);
		return -EXIT_USAGE;
	}
	req->mask |= f->bit;
	req->line_mask |= f->bit;
	req->attr_line[ICMPGUARD_CFG_A_FLAGS] = req->line;
	req->attr_line[ICMPGUARD_CFG_A_FLAGS_MASK] = req->line;
	return 2;
}

/* burst N, argv[0] being "burst": words used, or -EXIT_USAGE. */
static int burst_words(const char *what, int argc, char **argv, __u32 *burst)
{
	if (argc < 2) {
		errmsg("set %s: missing burst", what);
		return -EXIT_USAGE;
	}
	if (parse_u32(argv[1], burst) || !*burst) {
		errmsg("set %s: invalid burst \"%s\" (expected a positive integer)",
		       what, argv[1]);
		return -EXIT_USAGE;
	}
	return 2;
}

/*
 * RATE [burst N] of the setting what, argv[0] being RATE: words used, or
 * -EXIT_USAGE. *burst is 0 when not given.
 */
static int rate_words(const char *what, int argc, char **argv, __u32 *rate,
		      __u32 *burst)
{
	int used;

	*burst = 0;
	if (argc < 1) {
		errmsg("set %s: missing rate", what);
		return -EXIT_USAGE;
	}
	if (parse_rate(argv[0], rate)) {
		errmsg("set %s: invalid rate \"%s\" (" RATE_WORDS ")", what,
		       argv[0]);
		return -EXIT_USAGE;
	}
	if (argc < 2 || strcmp(argv[1], "burst"))
		return 1;
	used = burst_words(what, argc - 1, argv + 1, burst);
	return used < 0 ? used : used + 1;
}

/* RATE [burst N] after a rate: words used, or -EXIT_USAGE. */
static int set_rate(struct set_req *req, const struct rate_setting *r,
		    int argc, char **argv)
{
	__u32 rate, burst;
	int used;

	if (req->line_present & (1U << r->rate_attr)) {
		errmsg("set: \"%s\" given twice", r->name);
		return -EXIT_USAGE;
	}
	used = rate_words(r->name, argc - 1, argv + 1, &rate, &burst);
	if (used < 0)
		return used;
	set_val(req, r->rate_attr, rate);
	if (burst)
		set_val(req, r->burst_attr, burst);
	return used + 1;
}

/* Whether attr was set already on this line; if so, says so. */
static int given_twice(const struct set_req *req, unsigned int attr,
		       const char *name)
{
	if (!(req->line_present & (1U << attr)))
		return 0;
	errmsg("set: \"%s\" given twice", name);
	return 1;
}

static const char policy_words[] = "\"accept\", \"drop\" or \"reject\"";

/* reject code CODE, argv[0] being CODE: 0, or -EXIT_USAGE. */
static int set_reject_code(struct set_req *req, const char *word)
{
	unsigned int code;

	switch (parse_reject_code(word, &code)) {
	case 0:
		break;
	case REJECT_FRAG_NEEDED:
		errmsg("set default-policy: code \"%s\" %s", word,
		       REJECT_FRAG_WORDS);
		return -EXIT_USAGE;
	default:
		errmsg("set default-policy: invalid code \"%s\" (%s)", word,
		       REJECT_CODE_WORDS);
		return -EXIT_USAGE;
	}
	/* Both directions share it: given twice, it must not differ. */
	if ((req->line_present & (1U << ICMPGUARD_CFG_A_REJECT_CODE)) &&
	    req->val[ICMPGUARD_CFG_A_REJECT_CODE] != code) {
		errmsg("set default-policy: code \"%s\": the directions share one code",
		       word);
		return -EXIT_USAGE;
	}
	set_val(req, ICMPGUARD_CFG_A_REJECT_CODE, code);
	return 0;
}

/* default-policy code CODE: the code alone, whatever the policies. */
static int set_policy_code(struct set_req *req, int argc, char **argv)
{
	int ret;

	if (argc < 3) {
		errmsg("set default-policy: missing code");
		return -EXIT_USAGE;
	}
	ret = set_reject_code(req, argv[2]);
	return ret ? ret : 3;
}

/*
 * default-policy [input | forward] { accept | drop | reject [code CODE] },
 * or default-policy code CODE
 */
static int set_policy(struct set_req *req, int argc, char **argv)
{
	unsigned int attr = ICMPGUARD_CFG_A_POLICY, policy;
	const char *name = "default-policy";
	int used = 1, ret;

	if (argc > 1 && !strcmp(argv[1], "code"))
		return set_policy_code(req, argc, argv);
	if (argc > 1 && !strcmp(argv[1], "forward")) {
		attr = ICMPGUARD_CFG_A_FORWARD_POLICY;
		name = "default-policy forward";
		used++;
	} else if (argc > 1 && !strcmp(argv[1], "input")) {
		used++;
	}
	if (given_twice(req, attr, name))
		return -EXIT_USAGE;
	if (argc <= used) {
		errmsg("set default-policy: missing value (expected %s)",
		       policy_words);
		return -EXIT_USAGE;
	}
	if (parse_policy(argv[used], &policy)) {
		errmsg("set default-policy: expected %s, got \"%s\"",
		       policy_words, argv[used]);
		return -EXIT_USAGE;
	}
	set_val(req, attr, policy);
	used++;
	if (argc <= used || strcmp(argv[used], "code"))
		return used;
	if (policy != ICMPGUARD_POLICY_REJECT) {
		errmsg("set default-policy: \"code\" goes with \"reject\" only, not \"%s\"",
		       argv[used - 1]);
		return -EXIT_USAGE;
	}
	if (argc <= used + 1) {
		errmsg("set default-policy: missing code");
		return -EXIT_USAGE;
	}
	ret = set_reject_code(req, argv[used + 1]);
	return ret ? ret : used + 2;
}

static int bad_plen(const char *word)
{
	errmsg("set flood-limit: invalid prefix length in \"%s\" (expected /1 to /32)",
	       word);
	return -EXIT_USAGE;
}

/*
 * flood-limit RATE [burst N] [per-source [/PLEN]]: the per-source limit
 * with per-source, else the global one. burst and per-source in any order.
 */
static int set_flood_limit(struct set_req *req, int argc, char **argv)
{
	unsigned int rate_attr = ICMPGUARD_CFG_A_GLOBAL_RATE;
	unsigned int burst_attr = ICMPGUARD_CFG_A_GLOBAL_BURST;
	unsigned int plen = 0;
	__u32 rate, burst = 0;
	const char *bad;
	int used, n;

	used = rate_words("flood-limit", argc - 1, argv + 1, &rate, &burst);
	if (used < 0)
		return used;
	used++;
	while (used < argc) {
		if (!burst && !strcmp(argv[used], "burst")) {
			n = burst_words("flood-limit", argc - used, argv + used,
					&burst);
		} else if (rate_attr == ICMPGUARD_CFG_A_GLOBAL_RATE) {
			n = parse_per_source(argc - used, argv + used, &plen,
					     &bad);
			if (!n)
				break;
			if (n < 0)
				n = bad_plen(bad);
			rate_attr = ICMPGUARD_CFG_A_FLOOD_RATE;
			burst_attr = ICMPGUARD_CFG_A_FLOOD_BURST;
		} else {
			break;
		}
		if (n < 0)
			return n;
		used += n;
	}
	if (given_twice(req, rate_attr,
			rate_attr == ICMPGUARD_CFG_A_FLOOD_RATE ?
			"flood-limit per-source" : "flood-limit"))
		return -EXIT_USAGE;
	set_val(req, rate_attr, rate);
	if (burst)
		set_val(req, burst_attr, burst);
	if (plen)
		set_val(req, ICMPGUARD_CFG_A_FLOOD_PLEN, plen);
	return used;
}

/* max-sources N, MIN_SOURCES <= N <= MAX_SOURCES */
static int set_max_sources(struct set_req *req, int argc, char **argv)
{
	__u32 n;

	if (given_twice(req, ICMPGUARD_CFG_A_MAX_SOURCES, argv[0]))
		return -EXIT_USAGE;
	if (argc < 2) {
		errmsg("set max-sources: missing number");
		return -EXIT_USAGE;
	}
	if (parse_u32(argv[1], &n) || n < MIN_SOURCES || n > MAX_SOURCES) {
		errmsg("set max-sources: invalid number \"%s\" (expected %u to %u)",
		       argv[1], MIN_SOURCES, MAX_SOURCES);
		return -EXIT_USAGE;
	}
	set_val(req, ICMPGUARD_CFG_A_MAX_SOURCES, n);
	return 2;
}

/*
 * What the module refuses as the source of its errors (0.0.0.0 is "auto"):
 * 0/8, 127/8, multicast, 240/4 and the broadcast address.
 */
static int bad_error_source(__u32 addr)
{
	__u32 a = ntohl(addr);

	return addr && ((a >> 24) == 0 || (a >> 24) == 127 ||
			(a >> 28) == 0xe || (a >> 28) == 0xf);
}

#define UNICAST_WORDS	"0/8, 127/8, multicast and 240/4 are refused"

/* error-source { A.B.C.D | auto } */
static int set_error_source(struct set_req *req, int argc, char **argv)
{
	__u32 addr = 0;

	if (given_twice(req, ICMPGUARD_CFG_A_ERROR_SOURCE, argv[0]))
		return -EXIT_USAGE;
	if (argc < 2) {
		errmsg("set error-source: missing address (expected A.B.C.D or \"auto\")");
		return -EXIT_USAGE;
	}
	if (strcmp(argv[1], "auto") && parse_addr(argv[1], &addr)) {
		errmsg("set error-source: invalid address \"%s\" (expected A.B.C.D or \"auto\")",
		       argv[1]);
		return -EXIT_USAGE;
	}
	if (bad_error_source(addr)) {
		errmsg("set error-source: \"%s\" is not a unicast address (" UNICAST_WORDS ")",
		       argv[1]);
		return -EXIT_USAGE;
	}
	set_val(req, ICMPGUARD_CFG_A_ERROR_SOURCE, addr);
	return 2;
}

static const char error_type_words[] =
	"dest-unreach, time-exceeded, parameter-problem, 3, 11 or 12";

/* error-rate TYPE[/CODE] RATE [burst N]: one entry more. */
static int set_error_rate(struct set_req *req, int argc, char **argv)
{
	struct icg_erate e;
	const char *slash;
	unsigned int i;
	int used;

	if (argc < 2) {
		errmsg("set error-rate: missing error type");
		return -EXIT_USAGE;
	}
	switch (parse_error(argv[1], &e.type, &e.code)) {
	case 0:
		break;
	case ERROR_BAD_CODE:
		errmsg("set error-rate: invalid code in \"%s\" (%s codes are 0-%u or their names)",
		       argv[1], icg_error_type_name(e.type),
		       icg_error_ncodes(e.type) - 1);
		return -EXIT_USAGE;
	default:
		slash = strchr(argv[1], '/');
		errmsg("set error-rate: invalid type \"%.*s\" (expected %s)",
		       slash ? (int)(slash - argv[1]) : (int)strlen(argv[1]),
		       argv[1], error_type_words);
		return -EXIT_USAGE;
	}
	for (i = req->line_erates; i < req->nerates; i++) {
		if (req->erates[i].type == e.type &&
		    req->erates[i].code == e.code) {
			errmsg("set: \"error-rate %s\" given twice", argv[1]);
			return -EXIT_USAGE;
		}
	}
	if (req->nerates == SET_ERATES_MAX) {
		errmsg("set: more than %d \"error-rate\" in all", SET_ERATES_MAX);
		return -EXIT_USAGE;
	}
	used = rate_words("error-rate", argc - 2, argv + 2, &e.rate, &e.burst);
	if (used < 0)
		return used;
	req->erate_line[req->nerates] = req->line;
	req->erates[req->nerates++] = e;
	req->present |= 1U << ICMPGUARD_CFG_A_ERROR_RATES;
	return used + 2;
}

/* A setting with words of its own: words used, or -EXIT_USAGE. */
struct other_setting {
	const char *name;
	int (*parse)(struct set_req *req, int argc, char **argv);
};

static const struct other_setting other_settings[] = {
	{ "default-policy", set_policy },
	{ "error-source", set_error_source },
	{ "error-rate", set_error_rate },
	{ "flood-limit", set_flood_limit },
	{ "max-sources", set_max_sources },
};

static const struct other_setting *find_other(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(other_settings); i++)
		if (!strcmp(other_settings[i].name, name))
			return &other_settings[i];
	return NULL;
}

void set_req_init(struct set_req *req)
{
	memset(req, 0, sizeof(*req));
}

int set_req_empty(const struct set_req *req)
{
	return !req->mask && !req->present;
}

/* Bytes an attribute of len bytes takes, padding included. */
#define ATTR_SIZE(len)	MNL_ALIGN(MNL_ATTR_HDRLEN + (len))

size_t set_req_size(const struct set_req *req)
{
	size_t entry = ATTR_SIZE(0) + 2 * ATTR_SIZE(1) + 2 * ATTR_SIZE(4);

	return 2 * ATTR_SIZE(0) + (ICMPGUARD_CFG_A_MAX + 1) * ATTR_SIZE(4) +
	       req->nerates * entry;
}

void set_req_put(struct nlmsghdr *nlh, const struct set_req *req)
{
	struct nlattr *nest, *rates, *entry;
	const struct icg_erate *e;
	unsigned int i;

	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	if (req->mask) {
		mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_FLAGS, req->flags);
		mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_FLAGS_MASK, req->mask);
	}
	for (i = 0; i <= ICMPGUARD_CFG_A_MAX; i++) {
		if (!(req->present & (1U << i)) ||
		    i == ICMPGUARD_CFG_A_ERROR_RATES)
			continue;
		if (icg_config_attr_is_u8(i))
			mnl_attr_put_u8(nlh, (__u16)i, (__u8)req->val[i]);
		else	/* u32, or be32 already in network byte order */
			mnl_attr_put_u32(nlh, (__u16)i, req->val[i]);
	}
	if (req->nerates) {
		/* In the order given: a type, then one of its codes. */
		rates = mnl_attr_nest_start(nlh, ICMPGUARD_CFG_A_ERROR_RATES);
		for (i = 0; i < req->nerates; i++) {
			e = &req->erates[i];
			entry = mnl_attr_nest_start(nlh, ICMPGUARD_A_ERROR_RATE);
			mnl_attr_put_u8(nlh, ICMPGUARD_ERATE_A_TYPE,
					(__u8)e->type);
			if (e->code >= 0)
				mnl_attr_put_u8(nlh, ICMPGUARD_ERATE_A_CODE,
						(__u8)e->code);
			mnl_attr_put_u32(nlh, ICMPGUARD_ERATE_A_RATE, e->rate);
			if (e->burst)
				mnl_attr_put_u32(nlh, ICMPGUARD_ERATE_A_BURST,
						 e->burst);
			mnl_attr_nest_end(nlh, entry);
		}
		mnl_attr_nest_end(nlh, rates);
	}
	mnl_attr_nest_end(nlh, nest);
}

unsigned int set_req_line_of(const struct set_req *req,
			     const struct icg_attr_path *path)
{
	unsigned int attr;

	if (path->depth < 2 || path->at[0].set != ICG_AS_TOP ||
	    path->at[0].type != ICMPGUARD_A_CONFIG)
		return 0;
	attr = path->at[1].type;
	if (attr == ICMPGUARD_CFG_A_ERROR_RATES && path->depth >= 3)
		return path->at[2].index < req->nerates ?
		       req->erate_line[path->at[2].index] : 0;
	return attr <= ICMPGUARD_CFG_A_MAX ? req->attr_line[attr] : 0;
}

int set_req_parse(struct set_req *req, unsigned int line, int argc,
		  char **argv)
{
	const struct other_setting *o;
	const struct rate_setting *r;
	const struct icg_flag *f;
	int used;

	req->line = line;
	req->line_mask = 0;
	req->line_present = 0;
	req->line_erates = req->nerates;
	if (!argc) {
		errmsg("set: missing setting (try \"icmpctl set help\")");
		return EXIT_USAGE;
	}
	while (argc) {
		f = find_flag(argv[0]);
		r = f ? NULL : find_rate(argv[0]);
		o = f || r ? NULL : find_other(argv[0]);
		if (!f && !r && !o) {
			if (argv[0][0] == '-')
				return extra_word("set", argv[0]);
			errmsg("set: unknown setting \"%s\"", argv[0]);
			return EXIT_USAGE;
		}
		if (f)
			used = set_flag(req, f, argc, argv);
		else if (r)
			used = set_rate(req, r, argc, argv);
		else
			used = o->parse(req, argc, argv);
		if (used < 0)
			return -used;
		argc -= used;
		argv += used;
	}
	return 0;
}

int do_set(int argc, char **argv)
{
	struct set_req req;
	struct nlmsghdr *nlh;
	int ret;

	set_req_init(&req);
	ret = set_req_parse(&req, 0, argc, argv);
	if (ret)
		return ret;
	if (connect_kernel())
		return EXIT_RUNTIME;
	nlh = nl_request(&nl, ICMPGUARD_CMD_SET_CONFIG, ICMPGUARD_GENL_VERSION,
			 NLM_F_ACK);
	set_req_put(nlh, &req);
	return talk("set", nlh, NULL, NULL, 0);
}
