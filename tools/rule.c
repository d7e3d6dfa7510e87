// SPDX-License-Identifier: GPL-2.0
/*
 * Filter rules: their words; see rule.h.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/icmp.h>

#include "../module/uapi/icmpguard.h"
#include "parse.h"
#include "rule.h"
#include "util.h"

static const char * const dir_names[] = {
	[ICMPGUARD_DIR_INPUT]	= "input",
	[ICMPGUARD_DIR_FORWARD]	= "forward",
};

static const char * const action_names[] = {
	[ICMPGUARD_ACT_ACCEPT]	= "accept",
	[ICMPGUARD_ACT_DROP]	= "drop",
	[ICMPGUARD_ACT_REJECT]	= "reject",
	[ICMPGUARD_ACT_LIMIT]	= "limit",
	[ICMPGUARD_ACT_REPLY]	= "reply",
};

static_assert(ARRAY_SIZE(dir_names) == __ICMPGUARD_DIR_MAX,
	      "a direction of icmpguard.h has no name");
static_assert(ARRAY_SIZE(action_names) == __ICMPGUARD_ACT_MAX,
	      "an action of icmpguard.h has no name");

const char *icg_dir_name(unsigned int dir)
{
	return dir < ARRAY_SIZE(dir_names) ? dir_names[dir] : NULL;
}

const char *icg_action_name(unsigned int action)
{
	return action < ARRAY_SIZE(action_names) ? action_names[action] : NULL;
}

int icg_bit_test(const __u8 *bm, unsigned int n)
{
	return !!(bm[n / 8] & (1U << (n % 8)));
}

static void bit_set(__u8 *bm, unsigned int n)
{
	bm[n / 8] |= (__u8)(1U << (n % 8));
}

unsigned int icg_bit_count(const __u8 *bm)
{
	unsigned int n, count = 0;

	for (n = 0; n < 256; n++)
		count += icg_bit_test(bm, n);
	return count;
}

int icg_bit_full(const __u8 *bm)
{
	return icg_bit_count(bm) == 256;
}

int icg_rule_code_type(const struct icg_rule *r)
{
	unsigned int n;

	if (!(r->has & RULE_HAS_TYPES) || icg_bit_count(r->types) != 1)
		return -1;
	for (n = 0; !icg_bit_test(r->types, n); n++)
		;
	return icg_error_ncodes(n) ? (int)n : -1;
}

/* Parsing */

struct words {
	int argc;
	char * const *argv;
	int i;			/* the next word */
	char *err;
	size_t len;
};

/* The error message into w->err: -1. */
#define fail(w, fmt, ...) ({						\
	struct words *w_ = (w);						\
	snprintf(w_->err, w_->len, fmt, ##__VA_ARGS__);			\
	-1;								\
})

/* Hints of the errors about codes and interface names. */
#define CODE_HINT	"a name with one type of 3, 11 or 12"
#define IFNAME_HINT	"1-15 bytes, no \"/\", \":\" or blank"

/* The word after argv[i - 1], the keyword: NULL after saying it is missing */
static const char *value(struct words *w, const char *what)
{
	if (w->i < w->argc)
		return w->argv[w->i++];
	fail(w, "missing %s after \"%s\"", what, w->argv[w->i - 1]);
	return NULL;
}

/* NUMBER in [0, max]: 0, or -1. */
static int number(const char *s, unsigned int max, unsigned int *v)
{
	__u32 n;

	if (parse_u32(s, &n) || n > max)
		return -1;
	*v = n;
	return 0;
}

/* N or A-B, numbers up to max: 0, or -1. */
static int range(const char *s, unsigned int max, unsigned int *lo,
		 unsigned int *hi)
{
	const char *dash = strchr(s, '-');
	char first[8];
	size_t n;

	if (!dash) {
		if (number(s, max, lo))
			return -1;
		*hi = *lo;
		return 0;
	}
	n = (size_t)(dash - s);
	if (n >= sizeof(first))
		return -1;
	memcpy(first, s, n);
	first[n] = '\0';
	if (number(first, max, lo) || number(dash + 1, max, hi) || *lo > *hi)
		return -1;
	return 0;
}

/*
 * ITEM[,ITEM]... into bm, an ITEM being a number, a range or a name found
 * by name(item, ctx). 0, or -1 with *bad the item at fault (in buf).
 */
static int set_words(const char *s, __u8 *bm, int (*name)(const char *, int),
		     int ctx, char *buf, size_t len, const char **bad)
{
	unsigned int lo, hi, n;
	const char *comma;
	size_t ilen;
	int v;

	memset(bm, 0, ICG_BITMAP_BYTES);
	for (;;) {
		comma = strchr(s, ',');
		ilen = comma ? (size_t)(comma - s) : strlen(s);
		snprintf(buf, len, "%.*s", (int)ilen, s);
		*bad = buf;
		if (ilen >= len)
			return -1;
		v = name ? name(buf, ctx) : -1;
		if (v >= 0) {
			bit_set(bm, (unsigned int)v);
		} else {
			if (range(buf, 255, &lo, &hi))
				return -1;
			for (n = lo; n <= hi; n++)
				bit_set(bm, n);
		}
		if (!comma)
			return 0;
		s = comma + 1;
	}
}

static int type_by_name(const char *s, int ctx)
{
	(void)ctx;
	return icg_type_from_name(s);
}

static int code_by_name(const char *s, int type)
{
	unsigned int code;

	if (type < 0 || parse_error_code((unsigned int)type, s, &code))
		return -1;
	return (int)code;
}

static int parse_types(struct words *w, struct icg_rule *r, const char *s)
{
	const char *bad;
	char item[32];

	if (set_words(s, r->types, type_by_name, 0, item, sizeof(item), &bad))
		return fail(w, "invalid type \"%s\" (expected 0-255, A-B or a type name)",
			    bad);
	if (!icg_bit_full(r->types))
		r->has |= RULE_HAS_TYPES;
	return 0;
}

/* After the types are known: code names need a single type with them. */
static int parse_codes(struct words *w, struct icg_rule *r, const char *s)
{
	int type = icg_rule_code_type(r);
	const char *bad;
	char item[32];

	if (!set_words(s, r->codes, code_by_name, type, item, sizeof(item),
		       &bad)) {
		if (!icg_bit_full(r->codes))
			r->has |= RULE_HAS_CODES;
		return 0;
	}
	if (type >= 0)
		return fail(w, "invalid code \"%s\" (expected 0-255, A-B or a %s code name)",
			    bad, icg_error_type_name((unsigned int)type));
	return fail(w, "invalid code \"%s\" (expected 0-255, A-B or " CODE_HINT ")",
		    bad);
}

static int parse_pfx(struct words *w, const char *s, struct icg_prefix *pfx)
{
	char buf[INET_ADDRSTRLEN + 4];

	switch (parse_prefix(s, pfx)) {
	case 0:
		return 0;
	case PREFIX_HOST_BITS:
		icg_prefix_format(pfx, buf, sizeof(buf));
		return fail(w, "%s: host bits set (did you mean %s?)", s, buf);
	default:
		return fail(w, "invalid prefix \"%s\" (expected A.B.C.D[/LEN])",
			    s);
	}
}

/* As the kernel's dev_valid_name(): 1-15 bytes, no '/', ':' nor blank. */
static int parse_ifname(struct words *w, const char *s, char *name)
{
	size_t n = strlen(s);

	if (!n || n >= ICG_IFNAMSIZ || !strcmp(s, ".") || !strcmp(s, "..") ||
	    strpbrk(s, "/: \t\n"))
		return fail(w, "invalid interface name \"%s\" (" IFNAME_HINT ")",
			    s);
	memcpy(name, s, n + 1);
	return 0;
}

static int parse_length(struct words *w, struct icg_rule *r, const char *s)
{
	if (range(s, ICG_LEN_MAX, &r->len_min, &r->len_max))
		return fail(w, "invalid length \"%s\" (expected MIN[-MAX], 0-65535)",
			    s);
	r->has |= RULE_HAS_LEN;
	return 0;
}

/* [code CODE] after "reject", in a reject or a limit. */
static int parse_reject(struct words *w, struct icg_rule *r)
{
	const char *s;

	if (w->i >= w->argc || strcmp(w->argv[w->i], "code"))
		return 0;
	w->i++;
	s = value(w, "code");
	if (!s)
		return -1;
	switch (parse_reject_code(s, &r->reject_code)) {
	case 0:
		r->has |= RULE_HAS_REJECT_CODE;
		return 0;
	case REJECT_FRAG_NEEDED:
		return fail(w, "code \"%s\" %s", s, REJECT_FRAG_WORDS);
	default:
		return fail(w, "invalid code \"%s\" (%s)", s, REJECT_CODE_WORDS);
	}
}

/* RATE [burst N] [per-source [/PLEN]] [reject [code CODE]], any order */
static int parse_limit(struct words *w, struct icg_rule *r)
{
	unsigned int seen = 0;	/* 1: burst, 2: per-source, 4: reject */
	const char *s, *bad;
	int n;

	s = value(w, "rate");
	if (!s)
		return -1;
	if (parse_rate(s, &r->rate) || !r->rate)
		return fail(w, "invalid rate \"%s\" (expected NUMBER[/s], 1 to 1000000000)",
			    s);
	r->burst = r->rate;
	while (w->i < w->argc) {
		s = w->argv[w->i];
		if (!(seen & 1) && !strcmp(s, "burst")) {
			w->i++;
			s = value(w, "burst");
			if (!s)
				return -1;
			if (parse_u32(s, &r->burst) || !r->burst)
				return fail(w, "invalid burst \"%s\" (expected a positive integer)",
					    s);
			seen |= 1;
			continue;
		}
		n = seen & 2 ? 0 : parse_per_source(w->argc - w->i,
						     w->argv + w->i, &r->plen,
						     &bad);
		if (n < 0)
			return fail(w, "invalid prefix length in \"%s\" (expected /1 to /32)",
				    bad);
		if (n > 0) {
			r->limit_flags |= ICMPGUARD_LIMIT_F_PER_SOURCE;
			if (!r->plen)
				r->plen = 32;
			w->i += n;
			seen |= 2;
			continue;
		}
		if ((seen & 4) || strcmp(s, "reject"))
			break;
		w->i++;
		r->limit_flags |= ICMPGUARD_LIMIT_F_REJECT;
		seen |= 4;
		if (parse_reject(w, r))
			return -1;
	}
	return 0;
}

static int find_name(const char * const *names, unsigned int n,
		     const char *s)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return (int)i;
	return -1;
}

/* Matches, each once, in any order; the keyword's RULE_HAS_ bit. */
static const struct {
	const char *word;
	unsigned int bit;
} matches[] = {
	{ "type", RULE_HAS_TYPES }, { "code", RULE_HAS_CODES },
	{ "from", RULE_HAS_SRC }, { "to", RULE_HAS_DST },
	{ "iif", RULE_HAS_IIF }, { "oif", RULE_HAS_OIF },
	{ "length", RULE_HAS_LEN },
};

static int parse_match(struct words *w, struct icg_rule *r, unsigned int bit,
		       const char *s, const char **codes)
{
	switch (bit) {
	case RULE_HAS_TYPES:
		return parse_types(w, r, s);
	case RULE_HAS_CODES:
		*codes = s;	/* once the types are known */
		return 0;
	case RULE_HAS_SRC:
		r->has |= bit;
		return parse_pfx(w, s, &r->src);
	case RULE_HAS_DST:
		r->has |= bit;
		return parse_pfx(w, s, &r->dst);
	case RULE_HAS_IIF:
		r->has |= bit;
		return parse_ifname(w, s, r->iif);
	case RULE_HAS_OIF:
		if (r->dir != ICMPGUARD_DIR_FORWARD)
			return fail(w, "\"oif\" goes with \"forward\" only");
		r->has |= bit;
		return parse_ifname(w, s, r->oif);
	default:
		return parse_length(w, r, s);
	}
}

static const char action_words[] =
	"accept, drop, reject, limit or reply";

static int parse_action(struct words *w, struct icg_rule *r, int action)
{
	r->action = (unsigned int)action;
	if (action == ICMPGUARD_ACT_REJECT && parse_reject(w, r))
		return -1;
	if (action == ICMPGUARD_ACT_LIMIT && parse_limit(w, r))
		return -1;
	if (w->i < w->argc)
		return fail(w, "unexpected word \"%s\" after the action",
			    w->argv[w->i]);
	return 0;
}

int icg_rule_parse(int argc, char * const *argv, struct icg_rule *r,
		   char *err, size_t len)
{
	struct words w = { argc, argv, 0, err, len };
	unsigned int seen = 0, i;
	const char *s, *codes = NULL;
	int dir, action;

	memset(r, 0, sizeof(*r));
	if (!argc)
		return fail(&w, "missing direction (" DIR_WORDS ")");
	dir = find_name(dir_names, ARRAY_SIZE(dir_names), argv[0]);
	if (dir < 0)
		return fail(&w, "invalid direction \"%s\" (" DIR_WORDS ")",
			    argv[0]);
	r->dir = (unsigned int)dir;
	for (w.i = 1; w.i < argc; ) {
		s = argv[w.i++];
		action = find_name(action_names, ARRAY_SIZE(action_names), s);
		if (action >= 0) {
			if (codes && parse_codes(&w, r, codes))
				return -1;
			return parse_action(&w, r, action);
		}
		for (i = 0; i < ARRAY_SIZE(matches); i++)
			if (!strcmp(s, matches[i].word))
				break;
		if (i == ARRAY_SIZE(matches))
			return fail(&w, "unknown word \"%s\" (expected a match or %s)",
				    s, action_words);
		if (seen & matches[i].bit)
			return fail(&w, "\"%s\" given twice", s);
		seen |= matches[i].bit;
		s = value(&w, "value");
		if (!s || parse_match(&w, r, matches[i].bit, s, &codes))
			return -1;
	}
	return fail(&w, "missing action (expected %s)", action_words);
}

