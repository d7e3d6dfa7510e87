// SPDX-License-Identifier: GPL-2.0
/*
 * Filter rules: their printing; see rule.h.
 */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/icmp.h>

#include "../module/uapi/icmpguard.h"
#include "rule.h"
#include "util.h"

struct text {
	char *s;
	size_t len;
	size_t pos;
};

/* After snprintf() wrote n bytes more at pos: past them, within the text. */
static void advance(struct text *t, int n)
{
	if (n > 0)
		t->pos += (size_t)n;
	if (t->pos >= t->len)
		t->pos = t->len - 1;
}

/* Appends to the text, cut at its end (pos stays below len). */
#define add(t, fmt, ...) ({						\
	struct text *t_ = (t);						\
	advance(t_, snprintf(t_->s + t_->pos, t_->len - t_->pos, fmt,	\
			     ##__VA_ARGS__));				\
})

/* A run of at least this many becomes a range. */
#define RANGE_MIN	3

/*
 * A set: runs of RANGE_MIN or more as ranges, the others one by one, by
 * name(n, ctx) when it has one.
 */
static void add_set(struct text *t, const __u8 *bm,
		    const char *(*name)(unsigned int, int), int ctx)
{
	unsigned int n, end;
	const char *sep = "", *s;

	if (!icg_bit_count(bm)) {
		add(t, "none");	/* never written by icmpctl: matches nothing */
		return;
	}
	for (n = 0; n < 256; n = end) {
		if (!icg_bit_test(bm, n)) {
			end = n + 1;
			continue;
		}
		for (end = n; end < 256 && icg_bit_test(bm, end); end++)
			;
		if (end - n >= RANGE_MIN) {
			add(t, "%s%u-%u", sep, n, end - 1);
			sep = ",";
			continue;
		}
		for (; n < end; n++) {
			s = name ? name(n, ctx) : NULL;
			if (s)
				add(t, "%s%s", sep, s);
			else
				add(t, "%s%u", sep, n);
			sep = ",";
		}
	}
}

static const char *type_name(unsigned int type, int ctx)
{
	(void)ctx;
	return icg_type_short_name(type);
}

static const char *code_name(unsigned int code, int type)
{
	return type < 0 ? NULL : icg_error_code_name((unsigned int)type, code);
}

static void add_pfx(struct text *t, const char *word,
		    const struct icg_prefix *pfx)
{
	char buf[INET_ADDRSTRLEN + 4];

	icg_prefix_format(pfx, buf, sizeof(buf));
	add(t, " %s %s", word, buf);
}

/* " code NAME", unless the default */
static void add_reject_code(struct text *t, const struct icg_rule *r)
{
	const char *name;

	if (!(r->has & RULE_HAS_REJECT_CODE) ||
	    r->reject_code == ICG_REJECT_DEFAULT)
		return;
	name = icg_error_code_name(ICMP_DEST_UNREACH, r->reject_code);
	if (name)
		add(t, " code %s", name);
	else
		add(t, " code %u", r->reject_code);
}

static void add_action(struct text *t, const struct icg_rule *r)
{
	if (!icg_action_name(r->action)) {
		add(t, " action-%u", r->action);
		return;
	}
	add(t, " %s", icg_action_name(r->action));
	if (r->action == ICMPGUARD_ACT_REJECT)
		add_reject_code(t, r);
	if (r->action != ICMPGUARD_ACT_LIMIT)
		return;
	add(t, " %u/s burst %u", r->rate, r->burst);
	if (r->limit_flags & ICMPGUARD_LIMIT_F_PER_SOURCE)
		add(t, " per-source /%u", r->plen ? r->plen : 32);
	if (r->limit_flags & ICMPGUARD_LIMIT_F_REJECT) {
		add(t, " reject");
		add_reject_code(t, r);
	}
}

const char *icg_rule_format(const struct icg_rule *r, char *buf, size_t len)
{
	struct text t = { buf, len, 0 };

	buf[0] = '\0';
	if (icg_dir_name(r->dir))
		add(&t, "%s", icg_dir_name(r->dir));
	else
		add(&t, "dir-%u", r->dir);
	if ((r->has & RULE_HAS_TYPES) && !icg_bit_full(r->types)) {
		add(&t, " type ");
		add_set(&t, r->types, type_name, 0);
	}
	if ((r->has & RULE_HAS_CODES) && !icg_bit_full(r->codes)) {
		add(&t, " code ");
		add_set(&t, r->codes, code_name, icg_rule_code_type(r));
	}
	if (r->has & RULE_HAS_SRC)
		add_pfx(&t, "from", &r->src);
	if (r->has & RULE_HAS_DST)
		add_pfx(&t, "to", &r->dst);
	if (r->has & RULE_HAS_IIF)
		add(&t, " iif %s", r->iif);
	if (r->has & RULE_HAS_OIF)
		add(&t, " oif %s", r->oif);
	if ((r->has & RULE_HAS_LEN) && r->len_min == r->len_max)
		add(&t, " length %u", r->len_min);
	else if (r->has & RULE_HAS_LEN)
		add(&t, " length %u-%u", r->len_min, r->len_max);
	add_action(&t, r);
	return buf;
}

static void text_rule(struct printer *p, const struct icg_rule *r)
{
	char buf[ICG_RULE_TEXT_MAX + 128];
	struct text t = { buf, sizeof(buf), 0 };

	icg_rule_format(r, buf, ICG_RULE_TEXT_MAX);
	t.pos = strlen(buf);
	if (r->has & RULE_HAS_HANDLE)
		add(&t, " # handle %u", r->handle);
	if (r->has & RULE_HAS_COUNTERS) {
		add(&t, "%s packets %llu bytes %llu",
		    r->has & RULE_HAS_HANDLE ? "" : " #", r->packets,
		    r->bytes);
		if (r->action == ICMPGUARD_ACT_LIMIT)
			add(&t, " limited %llu", r->limited);
	}
	add(&t, "\n");
	pr_text(p, buf);
}

static void json_set(struct printer *p, const char *key, const __u8 *bm,
		     int present)
{
	unsigned int n;

	if (!present || icg_bit_full(bm)) {
		pr_json_str(p, key, NULL);
		return;
	}
	pr_list_open(p, key);
	for (n = 0; n < 256; n++)
		if (icg_bit_test(bm, n))
			pr_json_elem_u64(p, n);
	pr_list_close(p);
}

static void json_pfx(struct printer *p, const char *key,
		     const struct icg_prefix *pfx, int present)
{
	char buf[INET_ADDRSTRLEN + 4];

	if (present)
		icg_prefix_format(pfx, buf, sizeof(buf));
	pr_json_str(p, key, present ? buf : NULL);
}

static int rejects(const struct icg_rule *r)
{
	return r->action == ICMPGUARD_ACT_REJECT ||
	       (r->action == ICMPGUARD_ACT_LIMIT &&
		(r->limit_flags & ICMPGUARD_LIMIT_F_REJECT));
}

static void json_rule(struct printer *p, const struct icg_rule *r)
{
	char buf[24];
	const char *s;

	pr_json_open(p, NULL);
	if (r->has & RULE_HAS_HANDLE)
		pr_json_u64(p, "handle", r->handle);
	s = icg_dir_name(r->dir);
	if (!s) {
		snprintf(buf, sizeof(buf), "dir-%u", r->dir);
		s = buf;
	}
	pr_json_str(p, "dir", s);
	json_set(p, "types", r->types, r->has & RULE_HAS_TYPES);
	json_set(p, "codes", r->codes, r->has & RULE_HAS_CODES);
	json_pfx(p, "from", &r->src, r->has & RULE_HAS_SRC);
	json_pfx(p, "to", &r->dst, r->has & RULE_HAS_DST);
	pr_json_str(p, "iif", r->has & RULE_HAS_IIF ? r->iif : NULL);
	pr_json_str(p, "oif", r->has & RULE_HAS_OIF ? r->oif : NULL);
	if (r->has & RULE_HAS_LEN) {
		pr_json_open(p, "length");
		pr_json_u64(p, "min", r->len_min);
		pr_json_u64(p, "max", r->len_max);
		pr_json_close(p);
	} else {
		pr_json_str(p, "length", NULL);
	}
	s = icg_action_name(r->action);
	if (!s) {
		snprintf(buf, sizeof(buf), "action-%u", r->action);
		s = buf;
	}
	pr_json_str(p, "action", s);
	if (rejects(r))
		pr_json_u64(p, "reject_code", r->has & RULE_HAS_REJECT_CODE ?
			    r->reject_code : ICG_REJECT_DEFAULT);
	else
		pr_json_str(p, "reject_code", NULL);
	if (r->action == ICMPGUARD_ACT_LIMIT) {
		pr_json_open(p, "limit");
		pr_json_u64(p, "rate", r->rate);
		pr_json_u64(p, "burst", r->burst);
		pr_json_bool(p, "per_source",
			     r->limit_flags & ICMPGUARD_LIMIT_F_PER_SOURCE);
		if (r->limit_flags & ICMPGUARD_LIMIT_F_PER_SOURCE)
			pr_json_u64(p, "plen", r->plen ? r->plen : 32);
		else
			pr_json_str(p, "plen", NULL);
		pr_json_bool(p, "reject",
			     r->limit_flags & ICMPGUARD_LIMIT_F_REJECT);
		pr_json_close(p);
	} else {
		pr_json_str(p, "limit", NULL);
	}
	if (r->has & RULE_HAS_COUNTERS) {
		pr_json_u64(p, "packets", r->packets);
		pr_json_u64(p, "bytes", r->bytes);
		pr_json_u64(p, "limited", r->limited);
	}
	pr_json_close(p);
}

/* Input rules, then forward ones, then any of a direction unknown here. */
static int dir_group(unsigned int dir)
{
	return icg_dir_name(dir) ? (int)dir : ICMPGUARD_DIR_MAX + 1;
}

void icg_rules_json(struct printer *p, const struct icg_rule *rules,
		    unsigned int n)
{
	unsigned int i;
	int group;

	pr_list_open(p, "rules");
	for (group = 0; group <= ICMPGUARD_DIR_MAX + 1; group++)
		for (i = 0; i < n; i++)
			if (dir_group(rules[i].dir) == group)
				json_rule(p, &rules[i]);
	pr_list_close(p);
}

void icg_rules_print(struct printer *p, const struct icg_rule *rules,
		     unsigned int n)
{
	unsigned int i, printed = 0, before;
	int group;

	icg_rules_json(p, rules, n);
	for (group = 0; group <= ICMPGUARD_DIR_MAX + 1; group++) {
		before = printed;
		for (i = 0; i < n; i++) {
			if (dir_group(rules[i].dir) != group)
				continue;
			if (printed++ == before && before)
				pr_text(p, "\n");
			text_rule(p, &rules[i]);
		}
	}
}
