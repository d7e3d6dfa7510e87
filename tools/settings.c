// SPDX-License-Identifier: GPL-2.0
/*
 * The settings table: each setting's word, JSON key, family, attributes,
 * parser and printer. "set" parses with it, "show" and "save" print with
 * it, so that what show prints is what set takes.
 *
 * A setting of one family (the reject code, the flood limits, the error
 * source and budgets) takes the family named before it on the line,
 * "ipv4" or "ipv6" (-4 or -6 on the command line), IPv4 when none is; the
 * other settings are the namespace's, whatever the family. Show writes
 * the IPv6 settings with "ipv6" in front, JSON under "ipv6".
 */
#include <stdlib.h>
#include <sys/socket.h>

#include "icmpctl.h"
#include "print.h"

#define MAX_SOURCES_MIN	16U
#define MAX_SOURCES_MAX	BIT(20)
#define RATE_WORDS	"expected NUMBER[/s] up to 1000000000, or \"unlimited\""
#define POLICY_WORDS	"\"accept\", \"drop\" or \"reject\""
#define UNKNOWN_FLAGS	(~(__u32)__ICMPGUARD_F_ALL)

struct setting;
/* The words of a setting into c, of family af (0: none named) */
struct line {
	struct config *c;
	int af;
};

typedef int (*parse_fn)(const struct setting *s, const struct line *l,
			int argc, char **argv);
typedef void (*print_fn)(const struct setting *s, const struct config *c,
			 const char *prefix);

struct setting {
	const char *word;
	const char *key;
	int family;		/* 0: the namespace's */
	unsigned char attr[3];
	__u32 bit;
	parse_fn parse;
	print_fn print;
};

static const struct setting settings[];

static const struct setting *find(const char *word, int af, const char *key)
{
	const struct setting *s;

	for (s = settings; s->word; s++)
		if (streq(s->word, word) && (!s->family || s->family == af) &&
		    (!key || streq(s->key, key)))
			return s;
	return NULL;
}

static void set_val(struct config *c, unsigned int attr, __u32 v)
{
	c->val[attr] = v;
	c->present |= 1U << attr;
}

/* "set WORD: message", returning -EXIT_USAGE as the parsers do. */
#define set_err(word, fmt, ...) (-usage_err("set %s: " fmt, word, ##__VA_ARGS__))

static int given_twice(const struct config *c, unsigned int attr,
		       const char *what)
{
	if (!config_has(c, attr))
		return 0;
	errmsg("set: \"%s\" given twice", what);
	return 1;
}

static int parse_flag(const struct setting *s, const struct line *l,
		      int argc, char **argv)
{
	struct config *c = l->c;

	if (c->mask & s->bit)
		return -usage_err("set: \"%s\" given twice", s->word);
	if (argc < 2)
		return set_err(s->word, "missing value (expected \"on\" or \"off\")");
	if (!streq(argv[1], "on") && !streq(argv[1], "off"))
		return set_err(s->word, "expected \"on\" or \"off\", got \"%s\"", argv[1]);
	if (streq(argv[1], "on"))
		c->val[ICMPGUARD_CFG_A_FLAGS] |= s->bit;
	c->mask |= s->bit;
	return 2;
}

/* burst N, argv[0] being "burst": words used, or -EXIT_USAGE. */
static int burst_words(const char *what, int argc, char **argv, __u32 *burst)
{
	if (argc < 2)
		return set_err(what, "missing burst");
	if (parse_u32(argv[1], burst) || !*burst)
		return set_err(what, "invalid burst \"%s\" (expected a positive integer)", argv[1]);
	return 2;
}

/* RATE [burst N], argv[0] being RATE: words used, or -EXIT_USAGE. */
static int rate_words(const char *what, int argc, char **argv, __u32 *rate,
		      __u32 *burst)
{
	int n;

	*burst = 0;
	if (argc < 1)
		return set_err(what, "missing rate");
	if (parse_rate(argv[0], rate))
		return set_err(what, "invalid rate \"%s\" (" RATE_WORDS ")", argv[0]);
	if (argc < 2 || !streq(argv[1], "burst"))
		return 1;
	n = burst_words(what, argc - 1, argv + 1, burst);
	return n < 0 ? n : n + 1;
}

static int parse_rate_setting(const struct setting *s, const struct line *l,
			      int argc, char **argv)
{
	struct config *c = l->c;
	__u32 rate, burst;
	int used;

	if (given_twice(c, s->attr[0], s->word))
		return -EXIT_USAGE;
	used = rate_words(s->word, argc - 1, argv + 1, &rate, &burst);
	if (used < 0)
		return used;
	set_val(c, s->attr[0], rate);
	if (burst)
		set_val(c, s->attr[1], burst);
	return used + 1;
}

static int code_words(struct config *c, int af, const char *word)
{
	const struct family *f = family_of(af);
	unsigned int attr = af == AF_INET6 ? ICMPGUARD_CFG_A_REJECT_CODE6 :
			    ICMPGUARD_CFG_A_REJECT_CODE;
	unsigned int code;

	switch (reject_parse(f, word, &code)) {
	case 0:
		break;
	case -2:
		return set_err("default-policy",
			       "code \"%s\" cannot reject (frag-needed needs an MTU)", word);
	default:
		return set_err("default-policy",
			       "invalid code \"%s\" (expected 0-%u or a %s code name)", word,
			       f->nreject - 1, f->errors[0].name);
	}
	/* Both directions reject with the family's one code. */
	if (config_has(c, attr) && c->val[attr] != code)
		return set_err("default-policy",
			       "code \"%s\": the directions share one code", word);
	set_val(c, attr, code);
	return 0;
}

/*
 * default-policy [input | forward] { accept | drop | reject [code CODE] },
 * default-policy code CODE
 */
static int parse_policy(const struct setting *s, const struct line *l,
			int argc, char **argv)
{
	unsigned int attr = ICMPGUARD_CFG_A_POLICY;
	const char *what = s->word;
	struct config *c = l->c;
	int af = l->af;
	int used = 1, policy;

	if (argc > 1 && streq(argv[1], "code")) {
		if (argc < 3)
			return set_err("default-policy", "missing code");
		return code_words(c, af, argv[2]) ?: 3;
	}
	if (argc > 1 && streq(argv[1], "forward")) {
		attr = ICMPGUARD_CFG_A_FORWARD_POLICY;
		what = "default-policy forward";
		used++;
	} else if (argc > 1 && streq(argv[1], "input")) {
		used++;
	}
	if (given_twice(c, attr, what))
		return -EXIT_USAGE;
	if (argc <= used)
		return set_err("default-policy", "missing value (expected " POLICY_WORDS ")");
	policy = name_find(&policies, argv[used]);
	if (policy < 0)
		return set_err("default-policy",
			       "expected " POLICY_WORDS ", got \"%s\"", argv[used]);
	set_val(c, attr, (__u32)policy);
	if (++used >= argc || !streq(argv[used], "code"))
		return used;
	if (policy != ICMPGUARD_POLICY_REJECT)
		return set_err("default-policy",
			       "\"code\" goes with \"reject\" only, not \"%s\"", argv[used - 1]);
	if (argc <= used + 1)
		return set_err("default-policy", "missing code");
	return code_words(c, af, argv[used + 1]) ?: used + 2;
}

/*
 * flood-limit RATE [burst N] [per-source [/PLEN]]: per source, or for all
 * inbound ICMP. IPv6's bucket for all is its own unless "shared"; alone,
 * "shared" shares it again, its rate and burst kept for later.
 */
static int parse_flood(const struct setting *s, const struct line *l,
		       int argc, char **argv)
{
	const struct family *f = family_of(l->af);
	struct config *c = l->c;
	const struct setting *t = find(s->word, f->af, "flood_limit");
	int i = 1, n, shared = 0, per_source = 0, rated = 1;
	__u32 rate = 0, burst = 0;
	unsigned int plen = 0;
	const char *bad;

	if (t->bit && argc > 1 && streq(argv[1], "shared")) {
		rated = 0;
		shared = 1;
		i = 2;
	} else {
		n = rate_words(s->word, argc - 1, argv + 1, &rate, &burst);
		if (n < 0)
			return n;
		i += n;
	}
	/* burst, per-source and shared in any order */
	for (; i < argc; i += n) {
		if (rated && !burst && streq(argv[i], "burst")) {
			n = burst_words(s->word, argc - i, argv + i, &burst);
			if (n < 0)
				return n;
			continue;
		}
		if (t->bit && !per_source && !shared &&
		    streq(argv[i], "shared")) {
			shared = 1;
			n = 1;
			continue;
		}
		n = per_source || shared ? 0 :
		    parse_per_source(argc - i, argv + i, f->plen_max, &plen,
				     &bad);
		if (n < 0)
			return set_err(s->word,
				       "invalid prefix length in \"%s\" (expected /1 to /%u)",
				       bad, f->plen_max);
		if (!n)
			break;
		per_source = 1;
	}
	if (per_source)
		t = s;
	if (given_twice(c, t->attr[0], per_source ?
			"flood-limit per-source" : "flood-limit"))
		return -EXIT_USAGE;
	if (t->bit) {
		c->mask |= t->bit;
		if (!shared)
			c->val[ICMPGUARD_CFG_A_FLAGS] |= t->bit;
	}
	if (rated)
		set_val(c, t->attr[0], rate);
	if (burst)
		set_val(c, t->attr[1], burst);
	if (plen)
		set_val(c, t->attr[2], plen);
	return i;
}

static int parse_max_sources(const struct setting *s, const struct line *l,
			     int argc, char **argv)
{
	struct config *c = l->c;
	__u32 n;

	if (given_twice(c, s->attr[0], s->word))
		return -EXIT_USAGE;
	if (argc < 2)
		return set_err("max-sources", "missing number");
	if (parse_u32(argv[1], &n) || n < MAX_SOURCES_MIN ||
	    n > MAX_SOURCES_MAX)
		return set_err("max-sources",
			       "invalid number \"%s\" (expected %u to %u)", argv[1],
			       MAX_SOURCES_MIN, MAX_SOURCES_MAX);
	set_val(c, s->attr[0], n);
	return 2;
}

/* error-source { ADDRESS | auto }: the address says its family. */
static int parse_error_source(const struct setting *s, const struct line *l,
			      int argc, char **argv)
{
	struct prefix p = { .family = l->af ? l->af : AF_INET };
	struct config *c = l->c;
	int af = l->af;

	if (argc < 2)
		return set_err("error-source", "missing address (expected an address or \"auto\")");
	if (!streq(argv[1], "auto") &&
	    (prefix_parse(argv[1], af, &p) || strchr(argv[1], '/')))
		return set_err("error-source",
			       "invalid address \"%s\" (expected %s address or \"auto\")",
			       argv[1],
			       af == AF_INET6 ? "an IPv6" : af == AF_INET ? "an IPv4" : "an");
	s = find(s->word, p.family, NULL);
	if (given_twice(c, s->attr[0], s->word))
		return -EXIT_USAGE;
	if (p.family == AF_INET6)
		memcpy(c->source6, p.addr, sizeof(c->source6));
	else
		memcpy(&c->val[s->attr[0]], p.addr, 4);
	c->present |= 1U << s->attr[0];
	return 2;
}

/* "expected dest-unreach, time-exceeded, parameter-problem, 3, 11 or 12" */
static int bad_error_type(const struct family *f, const char *word)
{
	char words[160];
	unsigned int i, n = f->nerrors;
	int len = 0;

	for (i = 0; i < n; i++)
		len += snprintf(words + len, sizeof(words) - len, "%s, ",
				f->errors[i].name);
	for (i = 0; i < n; i++)
		len += snprintf(words + len, sizeof(words) - len,
				i + 2 < n ? "%u, " : i + 1 < n ? "%u " : "or %u",
				f->errors[i].type);
	return set_err("error-rate",
		       "invalid type \"%.*s\" (expected %s)", (int)strcspn(word, "/"), word,
		       words);
}

/* error-rate TYPE[/CODE] RATE [burst N]: one budget more. */
static int parse_error_rate(const struct setting *s, const struct line *l,
			    int argc, char **argv)
{
	const struct family *f = family_of(l->af);
	struct config *c = l->c;
	struct erate e = { .family = f->af };
	const struct erate *o;
	const char *bad;
	int used;

	if (argc < 2)
		return set_err("error-rate", "missing error type");
	if (error_parse(f, argv[1], &e.type, &e.code, &bad)) {
		if (bad == argv[1])
			return bad_error_type(f, argv[1]);
		return set_err("error-rate",
			       "invalid code in \"%s\" (%s codes are 0-%u or their names)",
			       argv[1], icmp_error_of(f, e.type)->name, icmp_error_of(f,
			       e.type)->ncodes - 1);
	}
	for (o = c->erates; o < c->erates + c->nerates; o++) {
		if (o->family == e.family && o->type == e.type &&
		    o->code == e.code)
			return -usage_err("set: \"error-rate %s\" given twice", argv[1]);
	}
	if (c->nerates == ERATES_MAX)
		return -usage_err("set: more than %d \"error-rate\" in all", ERATES_MAX);
	used = rate_words(s->word, argc - 2, argv + 2, &e.rate, &e.burst);
	if (used < 0)
		return used;
	c->erates[c->nerates++] = e;
	c->present |= 1U << ICMPGUARD_CFG_A_ERROR_RATES;
	return used + 2;
}

/* Printing */

static void start(const struct setting *s, const char *prefix)
{
	print_fp("%s%s%s", prefix, s->family == AF_INET6 ? "ipv6 " : "",
		 s->word);
}

static void print_flag(const struct setting *s, const struct config *c,
		       const char *prefix)
{
	start(s, prefix);
	print_on_off(PRINT_ANY, s->key, " %s\n",
		     c->val[ICMPGUARD_CFG_A_FLAGS] & s->bit);
}

/* Flags of a newer module: not a setting of icmpctl's, a comment in save. */
static void print_unknown_flags(const struct setting *s,
				const struct config *c, const char *prefix)
{
	__u32 flags = c->val[ICMPGUARD_CFG_A_FLAGS] & UNKNOWN_FLAGS;

	if (!flags)
		return;
	print_fp("%s", *prefix ? "# " : "");
	start(s, prefix);
	open_json_object(s->key);
	print_uint(PRINT_ANY, "value", " %llu", flags);
	close_json_object();
	print_fp("%s\n", *prefix ? " (flags unknown to icmpctl)" : "");
}

/* "reply-rate 1000 burst 50", "flood-limit ... per-source /32" */
static void print_rate(const struct setting *s, const struct config *c,
		       const char *prefix)
{
	__u32 rate = c->val[s->attr[0]], plen = c->val[s->attr[2]];

	start(s, prefix);
	open_json_object(s->key);
	if (config_has(c, s->attr[0]) && rate)
		print_uint(PRINT_ANY, "rate", " %llu", rate);
	else if (config_has(c, s->attr[0]))
		print_uint(PRINT_ANY, "rate", " unlimited", 0);
	if (config_has(c, s->attr[1]))
		print_uint(PRINT_ANY, "burst", " burst %llu",
			   c->val[s->attr[1]]);
	if (s->attr[2])
		print_fp(" per-source");
	if (s->attr[2] && config_has(c, s->attr[2]))
		print_uint(PRINT_ANY, "plen", " /%llu", plen);
	if (s->bit && config_has(c, ICMPGUARD_CFG_A_FLAGS))
		print_yes_no(PRINT_JSON, "shared", NULL,
			     !(c->val[ICMPGUARD_CFG_A_FLAGS] & s->bit));
	if (s->bit && config_has(c, ICMPGUARD_CFG_A_FLAGS) &&
	    !(c->val[ICMPGUARD_CFG_A_FLAGS] & s->bit))
		print_fp(" shared");
	close_json_object();
	print_fp("\n");
}

static void print_policy(const struct setting *s, const struct config *c,
			 const char *prefix)
{
	start(s, prefix);
	print_fp(" %s", s->attr[0] == ICMPGUARD_CFG_A_POLICY ? "input" :
		 "forward");
	print_string(PRINT_ANY, s->key, " %s\n",
		     name_of(&policies, c->val[s->attr[0]], "policy-"));
}

static void print_reject_code(const struct setting *s,
			      const struct config *c, const char *prefix)
{
	const struct family *f = family_of(s->family);
	__u32 code = c->val[s->attr[0]];
	char buf[16];

	start(s, prefix);
	print_uint(PRINT_JSON, s->key, NULL, code);
	print_fp(" code %s\n", reject_word(f, code, buf, sizeof(buf)));
}

static void print_u32(const struct setting *s, const struct config *c,
		      const char *prefix)
{
	start(s, prefix);
	print_uint(PRINT_ANY, s->key, " %llu\n", c->val[s->attr[0]]);
}

static void print_error_source(const struct setting *s,
			       const struct config *c, const char *prefix)
{
	static const struct prefix any;
	struct prefix p = { .family = s->family };
	char buf[INET6_ADDRSTRLEN];

	if (s->family == AF_INET6)
		memcpy(p.addr, c->source6, sizeof(c->source6));
	else
		memcpy(p.addr, &c->val[s->attr[0]], 4);
	start(s, prefix);
	print_string(PRINT_ANY, s->key, " %s\n",
		     memcmp(p.addr, any.addr, sizeof(any.addr)) ?
		     addr_str(&p, buf, sizeof(buf)) : "auto");
}

static int erate_cmp(const void *a, const void *b)
{
	const struct erate *x = a, *y = b;

	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	return (x->code > y->code) - (x->code < y->code);
}

static int erate_same(const struct erate *x, const struct erate *y)
{
	return x->rate == y->rate && x->burst == y->burst;
}

/* Text only: "error-rate dest-unreach/frag-needed unlimited burst 1" */
static void erate_line(const struct setting *s, const struct erate *e,
		       const char *prefix)
{
	char buf[64];

	start(s, prefix);
	print_fp(" %s", error_word(family_of(e->family), e->type, e->code, buf,
				   sizeof(buf)));
	if (e->rate)
		print_fp(" %u burst %u\n", e->rate, e->burst);
	else
		print_fp(" unlimited burst %u\n", e->burst);
}

/*
 * Text: the codes of one type, [first, end). The budget most of them share
 * becomes a line for the whole type, followed by the codes that differ:
 * given back to set in this order, the lines make the same budgets.
 */
static void erate_type(const struct setting *s, const struct erate *e,
		       unsigned int first, unsigned int end,
		       const char *prefix)
{
	const struct icmp_error *err = icmp_error_of(family_of(e->family),
						     e[first].type);
	unsigned int i, j, n, best = first, nbest = 0;
	struct erate type;

	for (i = first; i < end; i++) {
		for (n = 0, j = first; j < end; j++)
			n += erate_same(&e[i], &e[j]);
		if (n > nbest) {
			best = i;
			nbest = n;
		}
	}
	/* A type of one code is said as a type. */
	if (nbest < 2 && !(err && err->ncodes == 1 && end - first == 1)) {
		for (i = first; i < end; i++)
			erate_line(s, &e[i], prefix);
		return;
	}
	type = e[best];
	type.code = -1;
	erate_line(s, &type, prefix);
	for (i = first; i < end; i++)
		if (!erate_same(&e[i], &e[best]))
			erate_line(s, &e[i], prefix);
}

/* JSON: every budget the module sent; text: collapsed by type. */
static void print_erates(const struct setting *s, const struct config *c,
			 const char *prefix)
{
	const struct family *f = family_of(s->family);
	struct erate e[ERATES_MAX];
	unsigned int i, end, n = 0;
	char buf[64];

	for (i = 0; i < c->nerates; i++)
		if (c->erates[i].family == s->family)
			e[n++] = c->erates[i];
	qsort(e, n, sizeof(*e), erate_cmp);
	open_json_array(s->key);
	for (i = 0; i < n; i++) {
		open_json_object(NULL);
		print_uint(PRINT_JSON, "type", NULL, e[i].type);
		if (e[i].code >= 0)
			print_uint(PRINT_JSON, "code", NULL, e[i].code);
		print_string(PRINT_JSON, "name", NULL,
			     error_word(f, e[i].type, e[i].code, buf,
					sizeof(buf)));
		print_uint(PRINT_JSON, "rate", NULL, e[i].rate);
		print_uint(PRINT_JSON, "burst", NULL, e[i].burst);
		close_json_object();
	}
	close_json_array();
	for (i = 0; i < n; i = end) {
		for (end = i + 1; e[i].code >= 0 && end < n &&
		     e[end].type == e[i].type; end++)
			;
		if (e[i].code < 0)
			erate_line(s, &e[i], prefix);
		else
			erate_type(s, e, i, end, prefix);
	}
}

#define CFG(x)	ICMPGUARD_CFG_A_##x
#define FLAG(word, key, bit) \
	{ word, key, 0, { CFG(FLAGS) }, bit, parse_flag, print_flag }
#define RATE(word, key, af, rate, burst, plen, bit, parse) \
	{ word, key, af, { rate, burst, plen }, bit, parse, print_rate }

/* In the order of show; the namespace's settings before the IPv6 ones. */
static const struct setting settings[] = {
	FLAG("responder", "responder", ICMPGUARD_F_RESPONDER),
	FLAG("timestamp", "timestamp", ICMPGUARD_F_TIMESTAMP),
	FLAG("probe", "probe", ICMPGUARD_F_PROBE),
	FLAG("broadcast-echo", "broadcast_echo", ICMPGUARD_F_BROADCAST_ECHO),
	FLAG("router-mode", "router_mode", ICMPGUARD_F_ROUTER_MODE),
	FLAG("error-extensions", "error_extensions",
	     ICMPGUARD_F_ERROR_EXTENSIONS),
	{ "unknown-flags", "unknown_flags", 0, { CFG(FLAGS) }, 0, NULL,
	  print_unknown_flags },
	RATE("reply-rate", "reply_rate", 0, CFG(REPLY_RATE), CFG(REPLY_BURST),
	     0, 0, parse_rate_setting),
	RATE("reply-rate-per-dest", "reply_rate_per_dest", 0, CFG(DEST_RATE),
	     CFG(DEST_BURST), 0, 0, parse_rate_setting),
	{ "default-policy", "default_policy", 0, { CFG(POLICY) }, 0,
	  parse_policy, print_policy },
	{ "default-policy", "forward_policy", 0, { CFG(FORWARD_POLICY) }, 0,
	  parse_policy, print_policy },
	{ "default-policy", "reject_code", AF_INET, { CFG(REJECT_CODE) }, 0,
	  parse_policy, print_reject_code },
	RATE("flood-limit", "flood_limit_per_source", AF_INET, CFG(FLOOD_RATE),
	     CFG(FLOOD_BURST), CFG(FLOOD_PLEN), 0, parse_flood),
	RATE("flood-limit", "flood_limit", AF_INET, CFG(GLOBAL_RATE),
	     CFG(GLOBAL_BURST), 0, 0, parse_flood),
	{ "max-sources", "max_sources", 0, { CFG(MAX_SOURCES) }, 0,
	  parse_max_sources, print_u32 },
	{ "error-source", "error_source", AF_INET, { CFG(ERROR_SOURCE) }, 0,
	  parse_error_source, print_error_source },
	{ "error-rate", "error_rates", AF_INET, { CFG(ERROR_RATES) }, 0,
	  parse_error_rate, print_erates },
	{ "default-policy", "reject_code", AF_INET6, { CFG(REJECT_CODE6) }, 0,
	  parse_policy, print_reject_code },
	RATE("flood-limit", "flood_limit_per_source", AF_INET6,
	     CFG(FLOOD6_RATE), CFG(FLOOD6_BURST), CFG(FLOOD_PLEN6), 0,
	     parse_flood),
	/* Its own bucket only with the flag: "shared" says it is not. */
	RATE("flood-limit", "flood_limit", AF_INET6, CFG(GLOBAL6_RATE),
	     CFG(GLOBAL6_BURST), 0, ICMPGUARD_F_GLOBAL_PER_FAMILY,
	     parse_flood),
	{ "error-source", "error_source", AF_INET6, { CFG(ERROR_SOURCE6) }, 0,
	  parse_error_source, print_error_source },
	{ "error-rate", "error_rates", AF_INET6, { CFG(ERROR_RATES) }, 0,
	  parse_error_rate, print_erates },
	{ NULL }
};

int settings_parse(struct config *c, int af, int argc, char **argv)
{
	struct line l = { c, af };
	const struct setting *s;
	int used, any = 0;

	memset(c, 0, sizeof(*c));
	for (; argc; argc -= used, argv += used) {
		used = 1;
		if (family_parse(argv[0])) {
			l.af = family_parse(argv[0]);
			continue;
		}
		s = find(argv[0], l.af ? l.af : AF_INET, NULL);
		if (!s || !s->parse) {
			if (argv[0][0] == '-')
				return extra_word("set", argv[0]);
			return usage_err("set: unknown setting \"%s\"", argv[0]);
		}
		used = s->parse(s, &l, argc, argv);
		if (used < 0)
			return -used;
		any = 1;
	}
	if (!any)
		return usage_err("set: missing setting (try \"icmpctl set help\")");
	return 0;
}

/* Whether c has s: one of its attributes, or an error budget of its family */
static int has(const struct setting *s, const struct config *c)
{
	unsigned int i;

	if (s->attr[0] != ICMPGUARD_CFG_A_ERROR_RATES)
		return config_has(c, s->attr[0]) ||
		       (s->attr[1] && config_has(c, s->attr[1]));
	for (i = 0; i < c->nerates; i++)
		if (c->erates[i].family == s->family)
			return 1;
	return 0;
}

unsigned int settings_print(const struct config *c, int filter,
			    const char *prefix)
{
	const struct setting *s;
	int ipv6 = 0;

	for (s = settings; s->word; s++) {
		if (!has(s, c) || (s->family && !family_wanted(filter,
							       s->family)))
			continue;
		/* JSON: IPv6's under "ipv6", unless they are all there is */
		if (s->family == AF_INET6 && !ipv6++ && filter != AF_INET6)
			open_json_object("ipv6");
		s->print(s, c, prefix);
	}
	if (ipv6 && filter != AF_INET6)
		close_json_object();
	return config_has(c, ICMPGUARD_CFG_A_FLAGS) &&
	       (c->val[ICMPGUARD_CFG_A_FLAGS] & UNKNOWN_FLAGS);
}
