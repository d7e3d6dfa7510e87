// SPDX-License-Identifier: GPL-2.0
/*
 * Filter rules. A rule set is immutable: every change builds a new one
 * aside, with its index, and the configuration that holds it is
 * published with RCU, so a datagram sees one set whole and a change never
 * stalls the fast path. Rules themselves are shared by the sets that hold
 * them (refcounted), so their counters and buckets survive changes to
 * other rules.
 *
 * The index, per family and direction: rules that name a source prefix
 * are found through a prefix set of those sources, probed once per
 * prefix length in use; the others are listed per ICMP type (or in one
 * list when they match any type). The first match is the lowest position
 * found in those few short lists, so a typical datagram meets a handful
 * of rules whatever the size of the set.
 */

#include <linux/err.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/u64_stats_sync.h>
#include "pfxset.h"
#include "pipeline.h"
#include "rules.h"

/* At most this many index entries (u32 each): 16 MiB. */
#define INDEX_MAX	BIT(22)

struct icmpguard_rule_stats {
	u64_stats_t packets, bytes, limited;
	struct u64_stats_sync syncp;
};

struct idx {
	u32 n;
	u32 *pos;		/* ascending positions in the family's list */
};

/* One family's rules of one direction, and their index. */
struct findex {
	u32 n;
	struct icmpguard_rule **rules;
	struct idx by_type[256];
	struct idx any;
	struct icmpguard_pfxset *src;	/* the distinct source prefixes */
	struct idx *by_src;		/* one list per prefix of @src */
	u32 *pool;
};

struct icmpguard_ruleset {
	refcount_t ref;
	u32 n[2];
	struct icmpguard_rule **list[2];	/* per direction, in order */
	struct findex f[ICMPGUARD_NFAM][2];
};

/* ---- rules ---------------------------------------------------------- */

struct icmpguard_rule *icmpguard_rule_new(const struct icmpguard_rule_spec *s)
{
	struct icmpguard_rule *rule;
	int cpu;

	rule = kzalloc(sizeof(*rule), GFP_KERNEL_ACCOUNT);
	if (!rule)
		return ERR_PTR(-ENOMEM);
	rule->s = *s;
	if (s->action == ICMPGUARD_ACT_LIMIT &&
	    icmpguard_rate_set(&rule->rate, s->limit_rate, s->limit_burst)) {
		kfree(rule);
		return ERR_PTR(-ERANGE);
	}
	rule->stats = alloc_percpu_gfp(struct icmpguard_rule_stats,
				       GFP_KERNEL_ACCOUNT);
	if (!rule->stats) {
		kfree(rule);
		return ERR_PTR(-ENOMEM);
	}
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(rule->stats, cpu)->syncp);
	refcount_set(&rule->ref, 1);
	return rule;
}

/*
 * Only rule sets and edits reach rules, and a set drops its references
 * after its grace period: the last reference can free at once.
 */
void icmpguard_rule_put(struct icmpguard_rule *rule)
{
	if (rule && refcount_dec_and_test(&rule->ref)) {
		free_percpu(rule->stats);
		kfree(rule);
	}
}

bool icmpguard_rule_same(const struct icmpguard_rule *a,
			 const struct icmpguard_rule *b)
{
	return !memcmp(&a->s, &b->s, sizeof(a->s));
}

void icmpguard_rule_stats(const struct icmpguard_rule *r, u64 *packets,
			  u64 *bytes, u64 *limited)
{
	unsigned int start;
	int cpu;

	*packets = 0;
	*bytes = 0;
	*limited = 0;
	for_each_possible_cpu(cpu) {
		const struct icmpguard_rule_stats *s = per_cpu_ptr(r->stats,
								   cpu);
		u64 p, b, l;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			p = u64_stats_read(&s->packets);
			b = u64_stats_read(&s->bytes);
			l = u64_stats_read(&s->limited);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		*packets += p;
		*bytes += b;
		*limited += l;
	}
}

void icmpguard_rule_count(struct icmpguard_rule *rule, unsigned int len,
			  bool limited)
{
	struct icmpguard_rule_stats *s = this_cpu_ptr(rule->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->packets);
	u64_stats_add(&s->bytes, len);
	if (limited)
		u64_stats_inc(&s->limited);
	u64_stats_update_end(&s->syncp);
}

bool icmpguard_rule_limit(struct icmpguard_rules *r,
			  struct icmpguard_rule *rule,
			  const struct icmpguard_pkt *pkt, u64 now)
{
	union icmpguard_addr m;
	u64 key;

	if (!(rule->s.limit_flags & ICMPGUARD_LIMIT_F_PER_SOURCE))
		return icmpguard_bucket_allow(&rule->bucket, &rule->rate, now);
	/* A keyed fingerprint: no source can aim at another's bucket. */
	icmpguard_addr_mask(pkt->fam, &pkt->saddr, rule->s.limit_plen, &m);
	key = siphash_3u32(rule->handle, (__force u32)m.w[0],
			   (__force u32)m.w[1], &r->key);
	switch (icmpguard_limiter_allow(&r->per_source, &rule->rate, key,
					now)) {
	case ICMPGUARD_LIMIT_PASS:
	case ICMPGUARD_LIMIT_OVERFLOW_PASS:
		return true;
	default:
		return false;
	}
}

/* ---- matching ------------------------------------------------------- */

static bool holds(const struct icmpguard_prefix *p,
		  const union icmpguard_addr *a)
{
	union icmpguard_addr m;

	if (!p->plen)
		return true;
	icmpguard_addr_mask(p->fam, a, p->plen, &m);
	return icmpguard_addr_eq(&m, &p->addr);
}

static bool match(const struct icmpguard_rule_spec *r,
		  struct icmpguard_pkt *pkt)
{
	const struct net_device *out;

	if (r->any_type) {
		if (pkt->flags & PKT_LINK)
			return false;
	} else if (!test_bit(pkt->type, r->types)) {
		return false;
	}
	if (!r->any_code && !test_bit(pkt->code, r->codes))
		return false;
	if (!holds(&r->src, &pkt->saddr) || !holds(&r->dst, &pkt->daddr))
		return false;
	if (pkt->skb->len < r->len_min || pkt->skb->len > r->len_max)
		return false;
	if (r->iif[0] && strncmp(pkt->state->in->name, r->iif, IFNAMSIZ))
		return false;
	if (r->oif[0]) {
		out = icmpguard_pkt_oif(pkt);
		if (!out || strncmp(out->name, r->oif, IFNAMSIZ))
			return false;
	}
	return true;
}

/* Lowers *best to the first position in @l that matches, if lower. */
static void scan(const struct findex *x, const struct idx *l,
		 struct icmpguard_pkt *pkt, u32 *best)
{
	u32 i;

	for (i = 0; i < l->n && l->pos[i] < *best; i++) {
		if (match(&x->rules[l->pos[i]]->s, pkt)) {
			*best = l->pos[i];
			return;
		}
	}
}

bool icmpguard_ruleset_empty(const struct icmpguard_ruleset *rs, int fam,
			     int dir)
{
	return !rs->f[fam][dir].n;
}

struct icmpguard_rule *icmpguard_ruleset_lookup(const struct icmpguard_ruleset *rs,
						struct icmpguard_pkt *pkt)
{
	const struct findex *x = &rs->f[pkt->fam][pkt->dir];
	unsigned long plen = ICMPGUARD_PFX_START(pkt->fam);
	u32 best = U32_MAX;
	int i;

	if (!x->n)
		return NULL;
	scan(x, &x->by_type[pkt->type], pkt, &best);
	if (!(pkt->flags & PKT_LINK))
		scan(x, &x->any, pkt, &best);
	if (x->src)
		while ((i = icmpguard_pfxset_next(x->src, pkt->fam, &pkt->saddr,
						  &plen)) >= 0)
			scan(x, &x->by_src[i], pkt, &best);
	return best == U32_MAX ? NULL : x->rules[best];
}

/* ---- building a set ------------------------------------------------- */

static void findex_free(struct findex *x)
{
	kvfree(x->rules);
	kvfree(x->by_src);
	kvfree(x->pool);
	icmpguard_pfxset_put(x->src);
}

static void set_free(struct icmpguard_ruleset *rs)
{
	int dir, fam;
	u32 i;

	for (dir = 0; dir < 2; dir++) {
		for (i = 0; i < rs->n[dir]; i++)
			icmpguard_rule_put(rs->list[dir][i]);
		kvfree(rs->list[dir]);
		for (fam = 0; fam < ICMPGUARD_NFAM; fam++)
			findex_free(&rs->f[fam][dir]);
	}
	kvfree(rs);
}

static u32 entries_of(const struct icmpguard_rule_spec *r)
{
	if (r->src.plen || r->any_type)
		return 1;
	return bitmap_weight(r->types, 256);
}

static void put(struct idx *l, u32 i, bool fill)
{
	if (fill)
		l->pos[l->n] = i;
	l->n++;
}

/* Counts (@fill false) or writes the index entries of rule @i. */
static void enter(struct findex *x, u32 i, bool fill)
{
	const struct icmpguard_rule_spec *r = &x->rules[i]->s;
	unsigned int t;

	if (r->src.plen)
		put(&x->by_src[icmpguard_pfxset_find(x->src, &r->src)], i,
		    fill);
	else if (r->any_type)
		put(&x->any, i, fill);
	else
		for_each_set_bit(t, r->types, 256)
			put(&x->by_type[t], i, fill);
}

/* Indexes the rules of @x, set: count each list, carve, fill. */
static int index_rules(struct findex *x)
{
	u32 i, t, entries = 0, *p;
	struct idx *l;
	int err;

	for (i = 0; i < x->n; i++) {
		const struct icmpguard_rule_spec *r = &x->rules[i]->s;

		entries += entries_of(r);
		if (!r->src.plen)
			continue;
		if (!x->src) {
			x->src = icmpguard_pfxset_copy(NULL);
			if (IS_ERR(x->src)) {
				err = PTR_ERR(x->src);
				x->src = NULL;
				return err;
			}
		}
		err = icmpguard_pfxset_add(x->src, &r->src, U32_MAX);
		if (err && err != -EEXIST)
			return err;
	}
	if (entries > INDEX_MAX)
		return -ENOSPC;
	if (x->src) {
		err = icmpguard_pfxset_seal(x->src);
		if (err)
			return err;
		x->by_src = kvcalloc(x->src->n, sizeof(*x->by_src),
				     GFP_KERNEL_ACCOUNT);
		if (!x->by_src)
			return -ENOMEM;
	}
	x->pool = kvmalloc_array(max(entries, 1U), sizeof(u32),
				 GFP_KERNEL_ACCOUNT);
	if (!x->pool)
		return -ENOMEM;
	for (i = 0; i < x->n; i++)
		enter(x, i, false);
	p = x->pool;
	for (t = 0; t < 256 + 1 + (x->src ? x->src->n : 0); t++) {
		l = t < 256 ? &x->by_type[t] : t == 256 ? &x->any :
		    &x->by_src[t - 257];
		l->pos = p;
		p += l->n;
		l->n = 0;
	}
	for (i = 0; i < x->n; i++)
		enter(x, i, true);
	return 0;
}

struct icmpguard_ruleset *icmpguard_ruleset_build(struct icmpguard_rule **list[2],
						  const u32 n[2])
{
	struct icmpguard_ruleset *rs;
	int dir, fam, err = -ENOMEM;
	u32 i;

	if ((u64)n[0] + n[1] > ICMPGUARD_RULES_MAX)
		return ERR_PTR(-ENOSPC);
	rs = kvzalloc(sizeof(*rs), GFP_KERNEL_ACCOUNT);
	if (!rs)
		return ERR_PTR(-ENOMEM);
	refcount_set(&rs->ref, 1);
	for (dir = 0; dir < 2; dir++) {
		rs->list[dir] = kvmalloc_array(max(n[dir], 1U),
					       sizeof(*list[dir]),
					       GFP_KERNEL_ACCOUNT);
		if (!rs->list[dir])
			goto err;
		for (i = 0; i < n[dir]; i++) {
			rs->list[dir][i] = list[dir][i];
			refcount_inc(&list[dir][i]->ref);
			rs->n[dir]++;
			rs->f[list[dir][i]->s.fam][dir].n++;
		}
		for (fam = 0; fam < ICMPGUARD_NFAM; fam++) {
			struct findex *x = &rs->f[fam][dir];
			u32 k = 0;

			x->rules = kvmalloc_array(max(x->n, 1U),
						  sizeof(*x->rules),
						  GFP_KERNEL_ACCOUNT);
			if (!x->rules)
				goto err;
			for (i = 0; i < n[dir]; i++)
				if (list[dir][i]->s.fam == fam)
					x->rules[k++] = list[dir][i];
			err = index_rules(x);
			if (err)
				goto err;
			cond_resched();
		}
	}
	return rs;
err:
	set_free(rs);
	return ERR_PTR(err);
}

struct icmpguard_ruleset *icmpguard_ruleset_get(struct icmpguard_ruleset *rs)
{
	refcount_inc(&rs->ref);
	return rs;
}

void icmpguard_ruleset_put(struct icmpguard_ruleset *rs)
{
	if (rs && refcount_dec_and_test(&rs->ref))
		set_free(rs);
}

u32 icmpguard_ruleset_list(const struct icmpguard_ruleset *rs, int dir,
			   struct icmpguard_rule ***list)
{
	*list = rs->list[dir];
	return rs->n[dir];
}

int icmpguard_rules_init(struct icmpguard_rules *r, unsigned int max)
{
	get_random_bytes(&r->key, sizeof(r->key));
	r->next_handle = 0;
	return icmpguard_limiter_init(&r->per_source, max, NULL);
}

/* The caller guarantees no packet can reach the rules any more. */
void icmpguard_rules_destroy(struct icmpguard_rules *r)
{
	icmpguard_limiter_destroy(&r->per_source);
}
