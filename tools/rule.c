// SPDX-License-Identifier: GPL-2.0
/*
 * Filter rules: their words; see rule.h.
 *
 * The family is known once every match is read ("icmpv6", or a prefix),
 * so the sets of types and codes, whose names depend on it, are parsed
 * then, as the action is.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "icmpctl.h"

#define SET_MAX		512	/* a set in words, braces and all */
#define IFNAME_HINT	"1-15 bytes, no \"/\", \":\" or blank"
#define ACTION_WORDS	"accept, drop, reject, limit or reply"
#define CODES		"(expected 0-255, A-B or "

struct words {
	int argc;
	char * const *argv;
	int i;			/* the next word */
	char *err;
	size_t len;
	char types[SET_MAX];	/* read, parsed once the family is known */
	char codes[SET_MAX];
};

/* The error message into w->err: -1. */
static int fail(struct words *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->err, w->len, fmt, ap);
	va_end(ap);
	return -1;
}

/* The value after a keyword: NULL after saying it is missing. */
static const char *value(struct words *w, const char *what)
{
	if (w->i < w->argc)
		return w->argv[w->i++];
	fail(w, "missing %s after \"%s\"", what, w->argv[w->i - 1]);
	return NULL;
}

/*
 * A set into buf: ITEM[,ITEM]... in one word, or nft's braces over as
 * many words as it takes: "{ 1-4, 128, 129 }". 0, or -1.
 */
static int set_value(struct words *w, const char *what, char *buf)
{
	const char *s = value(w, "value");
	size_t n;

	if (!s)
		return -1;
	if (s[0] != '{') {
		snprintf(buf, SET_MAX, "%s", s);
		return 0;
	}
	snprintf(buf, SET_MAX, "%s", s);
	while (buf[strlen(buf) - 1] != '}') {
		if (w->i == w->argc)
			return fail(w, "missing \"}\" after \"%s\"", what);
		n = strlen(buf);
		snprintf(buf + n, SET_MAX - n, ",%s", w->argv[w->i++]);
	}
	return 0;
}

/* N or A-B, numbers up to max: 0, or -1. */
static int range(const char *s, unsigned int max, unsigned int *lo,
		 unsigned int *hi)
{
	const char *dash = strchr(s, '-');
	char first[12];
	__u32 a, b;

	if (snprintf(first, sizeof(first), "%.*s",
		     dash ? (int)(dash - s) : (int)strlen(s), s) >=
	    (int)sizeof(first) ||
	    parse_u32(first, &a) || parse_u32(dash ? dash + 1 : s, &b) ||
	    a > b || b > max)
		return -1;
	*lo = a;
	*hi = b;
	return 0;
}

static int code_by_name(const struct family *f, int type, const char *s)
{
	unsigned int code;

	if (type < 0 || code_parse(f, (unsigned int)type, s, &code))
		return -1;
	return (int)code;
}

/*
 * The items of a set into bm, each a number, a range or a name: of a type,
 * or with codes of a code of type. 0, or -1 with *bad the item at fault.
 */
static int set_parse(char *s, __u8 *bm, const struct family *f, int codes,
		     int type, const char **bad)
{
	int braces = s[0] == '{', v;
	unsigned int lo, hi, n;
	char *item, *next;

	memset(bm, 0, BITMAP_BYTES);
	if (braces) {
		s[strlen(s) - 1] = '\0';
		for (item = ++s; *item; item++)
			if (*item == ' ')
				*item = ',';
	}
	for (item = s; item; item = next) {
		next = strchr(item, ',');
		if (next)
			*next++ = '\0';
		*bad = item;
		/* nft's sets may have spaces after commas */
		if (braces && !*item)
			continue;
		v = codes ? code_by_name(f, type, item) : type_parse(f, item);
		if (v >= 0) {
			lo = (unsigned int)v;
			hi = lo;
		} else if (range(item, 255, &lo, &hi)) {
			return -1;
		}
		for (n = lo; n <= hi; n++)
			bm[n / 8] |= (__u8)(1U << (n % 8));
	}
	for (n = 0; n < BITMAP_BYTES && !bm[n]; n++)
		;
	*bad = "";
	return n == BITMAP_BYTES ? -1 : 0;
}

static int full(const __u8 *bm)
{
	unsigned int n;

	for (n = 0; n < BITMAP_BYTES && bm[n] == 0xff; n++)
		;
	return n == BITMAP_BYTES;
}

/* The one type of r, when its codes have names, or -1. */
static int code_type(const struct rule *r)
{
	const struct family *f = family_of(r->family);
	unsigned int n, type = 256;

	for (n = 0; n < 256 && (r->has & RULE_HAS_TYPES); n++) {
		if (!bit_test(r->types, n))
			continue;
		if (type < 256)
			return -1;
		type = n;
	}
	return type < 256 && icmp_error_of(f, type) ? (int)type : -1;
}

/* "3, 11 or 12": the error types of f, for an error. */
static const char *error_types(const struct family *f, char *buf, size_t len)
{
	unsigned int i, n = f->nerrors;
	int pos = 0;

	for (i = 0; i < n; i++)
		pos += snprintf(buf + pos, len - (size_t)pos,
				i + 2 < n ? "%u, " : i + 1 < n ? "%u or " : "%u",
				f->errors[i].type);
	return buf;
}

static int parse_sets(struct words *w, struct rule *r)
{
	const struct family *f = family_of(r->family);
	char types[32];
	const char *bad;
	int type;

	if (w->types[0]) {
		if (set_parse(w->types, r->types, f, 0, 0, &bad))
			return fail(w, "invalid type \"%s\" (expected 0-255, A-B or a type name)",
				    bad);
		if (!full(r->types))
			r->has |= RULE_HAS_TYPES;
	}
	if (!w->codes[0])
		return 0;
	type = code_type(r);
	if (set_parse(w->codes, r->codes, f, 1, type, &bad)) {
		if (type >= 0)
			return fail(w, "invalid code \"%s\" " CODES "a %s code name)",
				    bad, icmp_error_of(f, type)->name);
		return fail(w, "invalid code \"%s\" " CODES "a name with one type of %s)",
			    bad, error_types(f, types, sizeof(types)));
	}
	if (!full(r->codes))
		r->has |= RULE_HAS_CODES;
	return 0;
}

/* The first prefix or "icmpv6" says the family; the others must agree. */
static int parse_family(struct words *w, struct rule *r, int af,
			const char *word)
{
	if (r->family && r->family != af)
		return fail(w, "\"%s\" is %s but the rule is %s", word,
			    family_of(af)->name, family_of(r->family)->name);
	r->family = af;
	return 0;
}

static int parse_pfx(struct words *w, struct rule *r, const char *s,
		     struct prefix *p)
{
	char buf[PREFIX_STRLEN];

	switch (prefix_parse(s, r->family, p)) {
	case 0:
		return parse_family(w, r, p->family, s);
	case PREFIX_HOST_BITS:
		return fail(w, "%s: host bits set (did you mean %s?)", s,
			    prefix_str(p, buf, sizeof(buf)));
	default:
		if (r->family && !prefix_parse(s, 0, p))
			return parse_family(w, r, p->family, s);
		return fail(w, "invalid prefix \"%s\" (expected ADDRESS[/LEN])",
			    s);
	}
}

/* As the kernel's dev_valid_name(): 1-15 bytes, no '/', ':' nor blank. */
static int parse_ifname(struct words *w, const char *s, char *name)
{
	size_t n = strlen(s);

	if (!n || n >= RULE_IFNAMSIZ || !strcmp(s, ".") || !strcmp(s, "..") ||
	    strpbrk(s, "/: \t\n"))
		return fail(w, "invalid interface name \"%s\" (" IFNAME_HINT ")",
			    s);
	memcpy(name, s, n + 1);
	return 0;
}

/* [code CODE] after "reject", in a reject or a limit. */
static int parse_reject(struct words *w, struct rule *r)
{
	const struct family *f = family_of(r->family);
	const char *s;

	if (w->i >= w->argc || strcmp(w->argv[w->i], "code"))
		return 0;
	w->i++;
	s = value(w, "code");
	if (!s)
		return -1;
	switch (reject_parse(f, s, &r->reject_code)) {
	case 0:
		r->has |= RULE_HAS_REJECT_CODE;
		return 0;
	case -2:
		return fail(w, "code \"%s\" cannot reject (frag-needed needs an MTU)",
			    s);
	default:
		return fail(w, "invalid code \"%s\" (expected 0-%u or a %s code name)",
			    s, f->nreject - 1, f->errors[0].name);
	}
}

/* RATE [burst N] [per-source [/PLEN]] [reject [code CODE]], any order */
static int parse_limit(struct words *w, struct rule *r)
{
	const struct family *f = family_of(r->family);
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
						     w->argv + w->i,
						     f->plen_max, &r->plen,
						     &bad);
		if (n < 0)
			return fail(w, "invalid prefix length in \"%s\" (expected /1 to /%u)",
				    bad, f->plen_max);
		if (n > 0) {
			r->limit_flags |= ICMPGUARD_LIMIT_F_PER_SOURCE;
			if (!r->plen)
				r->plen = f->plen_max;
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

static int parse_action(struct words *w, struct rule *r)
{
	if (!r->family)
		r->family = AF_INET;
	if (parse_sets(w, r))
		return -1;
	if (r->action == ICMPGUARD_ACT_REJECT && parse_reject(w, r))
		return -1;
	if (r->action == ICMPGUARD_ACT_LIMIT && parse_limit(w, r))
		return -1;
	if (w->i < w->argc)
		return fail(w, "unexpected word \"%s\" after the action",
			    w->argv[w->i]);
	return 0;
}

/* Matches, each once, in any order, and the RULE_HAS_ bit of each. */
static const struct {
	const char *word;
	unsigned int bit;
} matches[] = {
	{ "type", RULE_HAS_TYPES }, { "code", RULE_HAS_CODES },
	{ "from", RULE_HAS_SRC }, { "to", RULE_HAS_DST },
	{ "iif", RULE_HAS_IIF }, { "oif", RULE_HAS_OIF },
	{ "length", RULE_HAS_LEN },
};

static int parse_match(struct words *w, struct rule *r, unsigned int bit)
{
	const char *s;

	if (bit == RULE_HAS_TYPES)
		return set_value(w, "type", w->types);
	if (bit == RULE_HAS_CODES)
		return set_value(w, "code", w->codes);
	s = value(w, "value");
	if (!s)
		return -1;
	r->has |= bit;
	switch (bit) {
	case RULE_HAS_SRC:
		return parse_pfx(w, r, s, &r->src);
	case RULE_HAS_DST:
		return parse_pfx(w, r, s, &r->dst);
	case RULE_HAS_IIF:
		return parse_ifname(w, s, r->iif);
	case RULE_HAS_OIF:
		if (r->dir != ICMPGUARD_DIR_FORWARD)
			return fail(w, "\"oif\" goes with \"forward\" only");
		return parse_ifname(w, s, r->oif);
	default:
		if (range(s, RULE_LEN_MAX, &r->len_min, &r->len_max))
			return fail(w, "invalid length \"%s\" (expected MIN[-MAX], 0-65535)",
				    s);
		return 0;
	}
}

int rule_parse(int argc, char * const *argv, struct rule *r, char *err,
	       size_t len)
{
	struct words w = { argc, argv, 1, err, len, "", "" };
	unsigned int seen = 0, i;
	const char *s;
	int dir, action, af;

	memset(r, 0, sizeof(*r));
	r->len_max = RULE_LEN_MAX;
	if (!argc)
		return fail(&w, "missing direction (" DIR_WORDS ")");
	dir = name_find(&dirs, argv[0]);
	if (dir < 0)
		return fail(&w, "invalid direction \"%s\" (" DIR_WORDS ")",
			    argv[0]);
	r->dir = (unsigned int)dir;
	while (w.i < argc) {
		s = argv[w.i++];
		action = name_find(&actions, s);
		if (action >= 0) {
			r->action = (unsigned int)action;
			return parse_action(&w, r);
		}
		af = streq(s, "icmp") ? AF_INET :
		     streq(s, "icmpv6") ? AF_INET6 : 0;
		if (af && parse_family(&w, r, af, s))
			return -1;
		if (af)
			continue;
		for (i = 0; i < ARRAY_SIZE(matches); i++)
			if (!strcmp(s, matches[i].word))
				break;
		if (i == ARRAY_SIZE(matches))
			return fail(&w, "unknown word \"%s\" (expected %s)",
				    s, "a match or " ACTION_WORDS);
		if (seen & matches[i].bit)
			return fail(&w, "\"%s\" given twice", s);
		seen |= matches[i].bit;
		if (parse_match(&w, r, matches[i].bit))
			return -1;
	}
	return fail(&w, "missing action (expected " ACTION_WORDS ")");
}
