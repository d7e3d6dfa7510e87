// SPDX-License-Identifier: GPL-2.0
/*
 * Filter rules: their printing, in the words they are given in; see
 * rule.h.
 */
#include <stdio.h>
#include <string.h>

#include "icmpctl.h"
#include "print.h"

/* A run of at least this many becomes a range. */
#define RANGE_MIN	3
#define SET_TEXT_MAX	1024

/*
 * The words of a set: runs of RANGE_MIN or more as ranges, the others one
 * by one, by name when they have one (code names: with one named type).
 */
static const char *set_words(const struct rule *r, const __u8 *bm, int codes,
			     char *buf, size_t len)
{
	const struct family *f = family_of(r->family);
	unsigned int n, end, type = 256, pos = 0;
	const char *name;

	for (n = 0; codes && n < 256 && (r->has & RULE_HAS_TYPES); n++)
		if (bit_test(r->types, n))
			type = type == 256 ? n : 257;
	buf[0] = '\0';
	for (n = 0; n < 256 && pos < len; n = end) {
		for (end = n; end < 256 && bit_test(bm, end); end++)
			;
		if (end - n >= RANGE_MIN) {
			pos += snprintf(buf + pos, len - pos, ",%u-%u", n,
					end - 1);
			continue;
		}
		for (; n < end && pos < len; n++) {
			name = codes ? code_name(f, type, n) :
			       type_rule_name(f, n);
			if (name)
				pos += snprintf(buf + pos, len - pos, ",%s",
						name);
			else
				pos += snprintf(buf + pos, len - pos, ",%u", n);
		}
		end = n + 1;
	}
	return buf[0] ? buf + 1 : "none";
}

static void print_set(const struct rule *r, const char *key,
		      const char *fmt, const __u8 *bm, unsigned int bit)
{
	char buf[SET_TEXT_MAX];
	unsigned int n;

	if (!(r->has & bit)) {
		print_null(PRINT_JSON, key, NULL, NULL);
		return;
	}
	open_json_array(key);
	for (n = 0; n < 256; n++)
		if (bit_test(bm, n))
			print_uint(PRINT_JSON, NULL, NULL, n);
	close_json_array();
	print_string(PRINT_FP, NULL, fmt,
		     set_words(r, bm, bit == RULE_HAS_CODES, buf, sizeof(buf)));
}

static void print_prefix(const char *key, const char *fmt,
			 const struct prefix *p, int has)
{
	char buf[PREFIX_STRLEN];

	if (has)
		print_string(PRINT_ANY, key, fmt,
			     prefix_str(p, buf, sizeof(buf)));
	else
		print_null(PRINT_JSON, key, NULL, NULL);
}

static void print_ifname(const char *key, const char *fmt, const char *name,
			 int has)
{
	if (has)
		print_string(PRINT_ANY, key, fmt, name);
	else
		print_null(PRINT_JSON, key, NULL, NULL);
}

/* " code NAME" after "reject", unless the family's default */
static void print_reject_code(const struct rule *r)
{
	const struct family *f = family_of(r->family);
	char buf[16];

	if ((r->has & RULE_HAS_REJECT_CODE) && r->reject_code != f->reject)
		print_fp(" code %s",
			 reject_word(f, r->reject_code, buf, sizeof(buf)));
}

static void print_limit(const struct rule *r)
{
	const struct family *f = family_of(r->family);
	int per_source = !!(r->limit_flags & ICMPGUARD_LIMIT_F_PER_SOURCE);
	int reject = !!(r->limit_flags & ICMPGUARD_LIMIT_F_REJECT);

	open_json_object("limit");
	print_uint(PRINT_ANY, "rate", " %llu/s", r->rate);
	print_uint(PRINT_ANY, "burst", " burst %llu", r->burst);
	print_yes_no(PRINT_JSON, "per_source", NULL, per_source);
	if (per_source)
		print_uint(PRINT_ANY, "plen", " per-source /%llu",
			   r->plen ? r->plen : f->plen_max);
	else
		print_null(PRINT_JSON, "plen", NULL, NULL);
	print_yes_no(PRINT_JSON, "reject", NULL, reject);
	if (reject)
		print_fp(" reject");
	if (reject)
		print_reject_code(r);
	close_json_object();
}

void rule_print(const struct rule *r)
{
	const struct family *f = family_of(r->family);
	int limit = r->action == ICMPGUARD_ACT_LIMIT;
	int rejects = r->action == ICMPGUARD_ACT_REJECT ||
		      (limit && (r->limit_flags & ICMPGUARD_LIMIT_F_REJECT));

	open_json_object(NULL);
	if (r->has & RULE_HAS_HANDLE)
		print_uint(PRINT_JSON, "handle", NULL, r->handle);
	print_string(PRINT_JSON, "family", NULL, f->name);
	print_string(PRINT_ANY, "dir", "%s",
		     name_of(&dirs, r->dir, "dir-"));
	if (f->af == AF_INET6)
		print_fp(" %s", f->proto);
	print_set(r, "types", " type %s", r->types, RULE_HAS_TYPES);
	print_set(r, "codes", " code %s", r->codes, RULE_HAS_CODES);
	print_prefix("from", " from %s", &r->src, r->has & RULE_HAS_SRC);
	print_prefix("to", " to %s", &r->dst, r->has & RULE_HAS_DST);
	print_ifname("iif", " iif %s", r->iif, r->has & RULE_HAS_IIF);
	print_ifname("oif", " oif %s", r->oif, r->has & RULE_HAS_OIF);
	if (r->has & RULE_HAS_LEN) {
		open_json_object("length");
		print_uint(PRINT_ANY, "min", " length %llu", r->len_min);
		print_uint(r->len_max == r->len_min ? PRINT_JSON : PRINT_ANY,
			   "max", "-%llu", r->len_max);
		close_json_object();
	} else {
		print_null(PRINT_JSON, "length", NULL, NULL);
	}
	print_string(PRINT_ANY, "action", " %s",
		     name_of(&actions, r->action, "action-"));
	if (rejects)
		print_uint(PRINT_JSON, "reject_code", NULL,
			   r->has & RULE_HAS_REJECT_CODE ? r->reject_code :
			   f->reject);
	else
		print_null(PRINT_JSON, "reject_code", NULL, NULL);
	if (r->action == ICMPGUARD_ACT_REJECT)
		print_reject_code(r);
	if (limit)
		print_limit(r);
	else
		print_null(PRINT_JSON, "limit", NULL, NULL);
	if (r->has & RULE_HAS_HANDLE)
		print_fp(" # handle %u", r->handle);
	if (r->has & RULE_HAS_COUNTERS) {
		print_uint(PRINT_ANY, "packets", r->has & RULE_HAS_HANDLE ?
			   " packets %llu" : " # packets %llu", r->packets);
		print_uint(PRINT_ANY, "bytes", " bytes %llu", r->bytes);
		print_uint(limit ? PRINT_ANY : PRINT_JSON, "limited",
			   " limited %llu", r->limited);
	}
	close_json_object();
	print_fp("\n");
}

unsigned int rule_group(const struct rule *r)
{
	return r->dir < dirs.n ? r->dir : dirs.n;
}

void rules_print(const struct rule *rules, unsigned int n, int filter)
{
	unsigned int g, i, printed = 0, before;

	open_json_array("rules");
	for (g = 0; g <= dirs.n; g++) {
		before = printed;
		for (i = 0; i < n; i++) {
			if (rule_group(&rules[i]) != g ||
			    !family_wanted(filter, rules[i].family))
				continue;
			if (printed++ == before && before)
				print_fp("\n");
			rule_print(&rules[i]);
		}
	}
	close_json_array();
}
