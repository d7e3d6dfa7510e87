// SPDX-License-Identifier: GPL-2.0
/*
 * Filter rules. A rule set is immutable: every change builds a new one
 * aside, with its index, publishes it with RCU and frees the old one
 * after a grace period, so a datagram sees one set whole and a change
 * never stalls the fast path. Rules themselves are shared by the sets
 * that hold them (refcounted), so their counters and buckets survive
 * changes to other rules.
 *
 * The index: per direction, rules that name a source prefix are found by
 * hashing the datagram's source once per prefix length in use; the
 * others are listed per ICMP type (or in one list when they match any
 * type). The first match is the lowest position found in those few
 * short lists, so a typical datagram meets a handful of rules whatever
 * the size of the set.
 */

#include <linux/icmp.h>
#include <linux/jhash.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <net/dst_metadata.h>
#include <net/genetlink.h>
#include <net/route.h>
#include "rules.h"

/* At most this many index entries (u32 each): 16 MiB. */
#define INDEX_MAX	BIT(22)

struct icmpguard_rule_stats {
	u64_stats_t packets, bytes, limited;
	struct u64_stats_sync syncp;
};

struct idx {
	u32 n;
	u32 *pos;		/* ascending positions in the direction */
};

struct src_node {
	struct hlist_node node;
	__be32 addr;
	u8 plen;
	struct idx list;
};

struct dir_index {
	u32 n;
	struct icmpguard_rule **rules;
	struct idx by_type[256];
	struct idx any;
	u64 src_lens;		/* bit n: some rule has a /n source */
	struct hlist_head *src_table;
	u32 src_mask;
	struct src_node *src_nodes;
};

struct icmpguard_ruleset {
	struct dir_index d[2];
	u32 *pool;
	struct rcu_head rcu;
};

static const struct nla_policy pfx_policy[ICMPGUARD_PFX_A_MAX + 1] = {
	[ICMPGUARD_PFX_A_ADDR] = { .type = NLA_BE32 },
	[ICMPGUARD_PFX_A_PLEN] = NLA_POLICY_MAX(NLA_U8, 32),
};

static struct netlink_range_validation rate_range = {
	.min = 1,
	.max = NSEC_PER_SEC,
};

static const struct nla_policy rule_policy[ICMPGUARD_RULE_A_MAX + 1] = {
	[ICMPGUARD_RULE_A_DIR] = NLA_POLICY_MAX(NLA_U8, ICMPGUARD_DIR_MAX),
	[ICMPGUARD_RULE_A_TYPES] = NLA_POLICY_EXACT_LEN(32),
	[ICMPGUARD_RULE_A_CODES] = NLA_POLICY_EXACT_LEN(32),
	[ICMPGUARD_RULE_A_SRC] = NLA_POLICY_NESTED(pfx_policy),
	[ICMPGUARD_RULE_A_DST] = NLA_POLICY_NESTED(pfx_policy),
	[ICMPGUARD_RULE_A_IIF] = { .type = NLA_NUL_STRING,
				   .len = IFNAMSIZ - 1 },
	[ICMPGUARD_RULE_A_OIF] = { .type = NLA_NUL_STRING,
				   .len = IFNAMSIZ - 1 },
	[ICMPGUARD_RULE_A_LEN_MIN] = { .type = NLA_U16 },
	[ICMPGUARD_RULE_A_LEN_MAX] = { .type = NLA_U16 },
	[ICMPGUARD_RULE_A_ACTION] = NLA_POLICY_MAX(NLA_U8, ICMPGUARD_ACT_MAX),
	[ICMPGUARD_RULE_A_REJECT_CODE] = NLA_POLICY_MAX(NLA_U8, 15),
	[ICMPGUARD_RULE_A_LIMIT_RATE] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &rate_range),
	[ICMPGUARD_RULE_A_LIMIT_BURST] = NLA_POLICY_MIN(NLA_U32, 1),
	[ICMPGUARD_RULE_A_LIMIT_FLAGS] =
		NLA_POLICY_MASK(NLA_U32, __ICMPGUARD_LIMIT_F_ALL),
	[ICMPGUARD_RULE_A_LIMIT_PLEN] = NLA_POLICY_RANGE(NLA_U8, 1, 32),
};

static __be32 mask(u8 plen)
{
	return plen ? htonl(~0U << (32 - plen)) : 0;
}

/* ---- rules ---------------------------------------------------------- */

/*
 * Only rule sets reach rules, and a set drops its references after its
 * grace period: the last reference can free at once. (A second call_rcu
 * from the set's callback would escape module exit's rcu_barrier().)
 */
void icmpguard_rule_put(struct icmpguard_rule *rule)
{
	if (refcount_dec_and_test(&rule->ref)) {
		free_percpu(rule->stats);
		kfree(rule);
	}
}

static int parse_prefix(const struct nlattr *attr, __be32 *addr, u8 *plen,
			struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ICMPGUARD_PFX_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, ICMPGUARD_PFX_A_MAX, attr, pfx_policy,
			       extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, attr, tb, ICMPGUARD_PFX_A_ADDR) ||
	    NL_REQ_ATTR_CHECK(extack, attr, tb, ICMPGUARD_PFX_A_PLEN))
		return -EINVAL;
	*addr = nla_get_be32(tb[ICMPGUARD_PFX_A_ADDR]);
	*plen = nla_get_u8(tb[ICMPGUARD_PFX_A_PLEN]);
	if (*addr & ~mask(*plen)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[ICMPGUARD_PFX_A_ADDR],
				    "ICMPGUARD_PFX_A_ADDR has host bits set");
		return -EINVAL;
	}
	return 0;
}

static int parse_limit(struct icmpguard_rule *rule, struct nlattr **tb,
		       const struct nlattr *attr,
		       struct netlink_ext_ack *extack)
{
	if (NL_REQ_ATTR_CHECK(extack, attr, tb, ICMPGUARD_RULE_A_LIMIT_RATE))
		return -EINVAL;
	rule->limit_rate = nla_get_u32(tb[ICMPGUARD_RULE_A_LIMIT_RATE]);
	rule->limit_burst = tb[ICMPGUARD_RULE_A_LIMIT_BURST] ?
		nla_get_u32(tb[ICMPGUARD_RULE_A_LIMIT_BURST]) :
		rule->limit_rate;
	if (tb[ICMPGUARD_RULE_A_LIMIT_FLAGS])
		rule->limit_flags =
			nla_get_u32(tb[ICMPGUARD_RULE_A_LIMIT_FLAGS]);
	rule->limit_plen = tb[ICMPGUARD_RULE_A_LIMIT_PLEN] ?
		nla_get_u8(tb[ICMPGUARD_RULE_A_LIMIT_PLEN]) : 32;
	if (icmpguard_rate_set(&rule->rate, rule->limit_rate,
			       rule->limit_burst)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[ICMPGUARD_RULE_A_LIMIT_BURST],
				    "ICMPGUARD_RULE_A_LIMIT_BURST overflows the bucket");
		return -ERANGE;
	}
	return 0;
}

/* A new rule from an ICMPGUARD_A_RULE nest, or an ERR_PTR. */
struct icmpguard_rule *icmpguard_rule_parse(const struct nlattr *attr,
					    struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ICMPGUARD_RULE_A_MAX + 1];
	struct icmpguard_rule *rule;
	int err;

	err = nla_parse_nested(tb, ICMPGUARD_RULE_A_MAX, attr, rule_policy,
			       extack);
	if (err)
		return ERR_PTR(err);
	if (NL_REQ_ATTR_CHECK(extack, attr, tb, ICMPGUARD_RULE_A_DIR) ||
	    NL_REQ_ATTR_CHECK(extack, attr, tb, ICMPGUARD_RULE_A_ACTION))
		return ERR_PTR(-EINVAL);

	rule = kzalloc(sizeof(*rule), GFP_KERNEL_ACCOUNT);
	if (!rule)
		return ERR_PTR(-ENOMEM);
	rule->stats = alloc_percpu_gfp(struct icmpguard_rule_stats,
				       GFP_KERNEL_ACCOUNT);
	if (!rule->stats) {
		kfree(rule);
		return ERR_PTR(-ENOMEM);
	}
	refcount_set(&rule->ref, 1);
	rule->dir = nla_get_u8(tb[ICMPGUARD_RULE_A_DIR]);
	rule->action = nla_get_u8(tb[ICMPGUARD_RULE_A_ACTION]);
	rule->reject_code = ICMP_PKT_FILTERED;
	rule->any_type = !tb[ICMPGUARD_RULE_A_TYPES];
	if (!rule->any_type)
		bitmap_from_arr32(rule->types,
				  nla_data(tb[ICMPGUARD_RULE_A_TYPES]), 256);
	rule->any_code = !tb[ICMPGUARD_RULE_A_CODES];
	if (!rule->any_code)
		bitmap_from_arr32(rule->codes,
				  nla_data(tb[ICMPGUARD_RULE_A_CODES]), 256);
	err = -EINVAL;
	if ((!rule->any_type && bitmap_empty(rule->types, 256)) ||
	    (!rule->any_code && bitmap_empty(rule->codes, 256))) {
		bool types = !rule->any_type && bitmap_empty(rule->types, 256);

		NL_SET_ERR_MSG_ATTR(extack, types ?
				    tb[ICMPGUARD_RULE_A_TYPES] :
				    tb[ICMPGUARD_RULE_A_CODES],
				    "an empty type or code set never matches");
		goto err;
	}
	if (tb[ICMPGUARD_RULE_A_SRC] &&
	    parse_prefix(tb[ICMPGUARD_RULE_A_SRC], &rule->src, &rule->src_plen,
			 extack))
		goto err;
	if (tb[ICMPGUARD_RULE_A_DST] &&
	    parse_prefix(tb[ICMPGUARD_RULE_A_DST], &rule->dst, &rule->dst_plen,
			 extack))
		goto err;
	if (tb[ICMPGUARD_RULE_A_IIF])
		nla_strscpy(rule->iif, tb[ICMPGUARD_RULE_A_IIF], IFNAMSIZ);
	if (tb[ICMPGUARD_RULE_A_OIF]) {
		if (rule->dir != ICMPGUARD_DIR_FORWARD) {
			NL_SET_ERR_MSG_ATTR(extack, tb[ICMPGUARD_RULE_A_OIF],
					    "ICMPGUARD_RULE_A_OIF only in forward rules");
			goto err;
		}
		nla_strscpy(rule->oif, tb[ICMPGUARD_RULE_A_OIF], IFNAMSIZ);
	}
	rule->len_max = U16_MAX;
	if (tb[ICMPGUARD_RULE_A_LEN_MIN])
		rule->len_min = nla_get_u16(tb[ICMPGUARD_RULE_A_LEN_MIN]);
	if (tb[ICMPGUARD_RULE_A_LEN_MAX])
		rule->len_max = nla_get_u16(tb[ICMPGUARD_RULE_A_LEN_MAX]);
	if (rule->len_min > rule->len_max) {
		NL_SET_ERR_MSG_ATTR(extack, tb[ICMPGUARD_RULE_A_LEN_MAX],
				    "ICMPGUARD_RULE_A_LEN_MAX is below LEN_MIN");
		goto err;
	}
	if (tb[ICMPGUARD_RULE_A_REJECT_CODE]) {
		rule->reject_code = nla_get_u8(tb[ICMPGUARD_RULE_A_REJECT_CODE]);
		if (rule->reject_code == ICMP_FRAG_NEEDED) {
			NL_SET_ERR_MSG_ATTR(extack,
					    tb[ICMPGUARD_RULE_A_REJECT_CODE],
					    "ICMPGUARD_RULE_A_REJECT_CODE 4 needs an MTU");
			goto err;
		}
	}
	if (rule->action == ICMPGUARD_ACT_LIMIT) {
		err = parse_limit(rule, tb, attr, extack);
		if (err)
			goto err;
	}
	return rule;
err:
	icmpguard_rule_put(rule);
	return ERR_PTR(err);
}

/* ---- matching ------------------------------------------------------- */

static bool oif_is(struct icmpguard_match *m, const char *name)
{
	struct sk_buff *skb = m->skb;
	bool routed = false, same;
	const struct iphdr *iph = ip_hdr(skb);

	if (!skb_valid_dst(skb)) {
		if (ip_route_input_noref(skb, iph->daddr, iph->saddr,
					 iph->tos, skb->dev))
			return false;
		routed = true;
	}
	same = !strncmp(skb_dst(skb)->dev->name, name, IFNAMSIZ);
	/* Later PRE_ROUTING hooks may still change what routing sees. */
	if (routed)
		skb_dst_drop(skb);
	return same;
}

static bool match(const struct icmpguard_rule *r,
		  const struct icmpguard_match *m)
{
	if (!r->any_type && !test_bit(m->type, r->types))
		return false;
	if (!r->any_code && !test_bit(m->code, r->codes))
		return false;
	if ((m->saddr & mask(r->src_plen)) != r->src ||
	    (m->daddr & mask(r->dst_plen)) != r->dst)
		return false;
	if (m->len < r->len_min || m->len > r->len_max)
		return false;
	if (r->iif[0] && strncmp(m->in->name, r->iif, IFNAMSIZ))
		return false;
	if (r->oif[0] && !oif_is((struct icmpguard_match *)m, r->oif))
		return false;
	return true;
}

/* Lowers *best to the first position in @l that matches, if lower. */
static void scan(const struct dir_index *d, const struct idx *l,
		 const struct icmpguard_match *m, u32 *best)
{
	u32 i;

	for (i = 0; i < l->n && l->pos[i] < *best; i++) {
		if (match(d->rules[l->pos[i]], m)) {
			*best = l->pos[i];
			return;
		}
	}
}

static u32 src_hash(__be32 addr, u8 plen)
{
	return jhash_2words((__force u32)addr, plen, 0);
}

static const struct src_node *src_find(const struct dir_index *d,
				       __be32 addr, u8 plen)
{
	const struct src_node *n;

	hlist_for_each_entry(n, &d->src_table[src_hash(addr, plen) &
					      d->src_mask], node)
		if (n->addr == addr && n->plen == plen)
			return n;
	return NULL;
}

bool icmpguard_rules_any(struct icmpguard_rules *r, u8 dir)
{
	return rcu_dereference(r->set)->d[dir].n;
}

struct icmpguard_rule *icmpguard_rules_lookup(struct icmpguard_rules *r,
					      const struct icmpguard_match *m)
{
	const struct icmpguard_ruleset *rs = rcu_dereference(r->set);
	const struct dir_index *d = &rs->d[m->dir];
	u64 lens = d->src_lens;
	u32 best = U32_MAX;

	if (!d->n)
		return NULL;
	scan(d, &d->by_type[m->type], m, &best);
	scan(d, &d->any, m, &best);
	while (lens) {
		int plen = fls64(lens) - 1;
		const struct src_node *n;

		lens &= ~(1ULL << plen);
		n = src_find(d, m->saddr & mask(plen), plen);
		if (n)
			scan(d, &n->list, m, &best);
	}
	return best == U32_MAX ? NULL : d->rules[best];
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
			  struct icmpguard_rule *rule, __be32 saddr)
{
	u64 now = ktime_get_mono_fast_ns(), key;

	if (!(rule->limit_flags & ICMPGUARD_LIMIT_F_PER_SOURCE))
		return icmpguard_bucket_allow(&rule->bucket, &rule->rate, now);
	key = (u64)rule->handle << 32 |
	      (__force u32)(saddr & mask(rule->limit_plen));
	switch (icmpguard_limiter_allow(&r->per_source, &rule->rate, key,
					now)) {
	case ICMPGUARD_LIMIT_PASS:
	case ICMPGUARD_LIMIT_OVERFLOW_PASS:
		return true;
	default:
		return false;
	}
}

/* ---- building a set ------------------------------------------------- */

static void set_free(struct icmpguard_ruleset *rs)
{
	int dir;
	u32 i;

	for (dir = 0; dir < 2; dir++) {
		for (i = 0; i < rs->d[dir].n; i++)
			icmpguard_rule_put(rs->d[dir].rules[i]);
		kvfree(rs->d[dir].rules);
		kvfree(rs->d[dir].src_table);
		kvfree(rs->d[dir].src_nodes);
	}
	kvfree(rs->pool);
	kfree(rs);
}

static void set_free_rcu(struct rcu_head *rcu)
{
	set_free(container_of(rcu, struct icmpguard_ruleset, rcu));
}

static u32 entries_of(const struct icmpguard_rule *r)
{
	if (r->src_plen || r->any_type)
		return 1;
	return bitmap_weight(r->types, 256);
}

static struct src_node *src_get(struct dir_index *d, __be32 addr, u8 plen,
				u32 *nodes)
{
	struct src_node *n = (struct src_node *)src_find(d, addr, plen);

	if (n)
		return n;
	n = &d->src_nodes[(*nodes)++];
	n->addr = addr;
	n->plen = plen;
	hlist_add_head(&n->node, &d->src_table[src_hash(addr, plen) &
					       d->src_mask]);
	d->src_lens |= 1ULL << plen;
	return n;
}

/* Builds one direction's index; @pool is where its positions go. */
static int index_dir(struct dir_index *d, u32 **pool)
{
	u32 i, t, nsrc = 0, nodes = 0, *p;
	struct src_node *n;

	for (i = 0; i < d->n; i++)
		nsrc += !!d->rules[i]->src_plen;
	if (nsrc) {
		u32 size = roundup_pow_of_two(nsrc);

		d->src_table = kvcalloc(size, sizeof(*d->src_table),
					GFP_KERNEL_ACCOUNT);
		d->src_nodes = kvcalloc(nsrc, sizeof(*d->src_nodes),
					GFP_KERNEL_ACCOUNT);
		if (!d->src_table || !d->src_nodes)
			return -ENOMEM;
		d->src_mask = size - 1;
	}
	/* Count every list's length, then carve them from the pool. */
	for (i = 0; i < d->n; i++) {
		struct icmpguard_rule *r = d->rules[i];

		if (r->src_plen)
			src_get(d, r->src, r->src_plen, &nodes)->list.n++;
		else if (r->any_type)
			d->any.n++;
		else
			for_each_set_bit(t, r->types, 256)
				d->by_type[t].n++;
	}
	p = *pool;
	d->any.pos = p;
	p += d->any.n;
	d->any.n = 0;
	for (t = 0; t < 256; t++) {
		d->by_type[t].pos = p;
		p += d->by_type[t].n;
		d->by_type[t].n = 0;
	}
	for (i = 0; i < nodes; i++) {
		d->src_nodes[i].list.pos = p;
		p += d->src_nodes[i].list.n;
		d->src_nodes[i].list.n = 0;
	}
	*pool = p;
	for (i = 0; i < d->n; i++) {
		struct icmpguard_rule *r = d->rules[i];

		if (r->src_plen) {
			n = (struct src_node *)src_find(d, r->src, r->src_plen);
			n->list.pos[n->list.n++] = i;
		} else if (r->any_type) {
			d->any.pos[d->any.n++] = i;
		} else {
			for_each_set_bit(t, r->types, 256)
				d->by_type[t].pos[d->by_type[t].n++] = i;
		}
	}
	return 0;
}

/*
 * A new set holding @rules[dir][0..n[dir]) (each gains a reference), or
 * an ERR_PTR.
 */
static struct icmpguard_ruleset *build(struct icmpguard_rule **rules[2],
				       const u32 n[2],
				       struct netlink_ext_ack *extack)
{
	struct icmpguard_ruleset *rs;
	u64 entries = 0;
	u32 *pool, i;
	int dir, err = -ENOMEM;

	if ((u64)n[0] + n[1] > ICMPGUARD_RULES_MAX) {
		NL_SET_ERR_MSG(extack, "more than ICMPGUARD_RULES_MAX rules");
		return ERR_PTR(-ENOSPC);
	}
	for (dir = 0; dir < 2; dir++)
		for (i = 0; i < n[dir]; i++)
			entries += entries_of(rules[dir][i]);
	if (entries > INDEX_MAX) {
		NL_SET_ERR_MSG(extack, "rule set too large to index");
		return ERR_PTR(-ENOSPC);
	}
	rs = kzalloc(sizeof(*rs), GFP_KERNEL_ACCOUNT);
	if (!rs)
		return ERR_PTR(-ENOMEM);
	rs->pool = kvmalloc_array(max_t(u64, entries, 1), sizeof(u32),
				  GFP_KERNEL_ACCOUNT);
	if (!rs->pool)
		goto err;
	for (dir = 0; dir < 2; dir++) {
		struct dir_index *d = &rs->d[dir];

		if (!n[dir])
			continue;
		d->rules = kvmalloc_array(n[dir], sizeof(*d->rules),
					  GFP_KERNEL_ACCOUNT);
		if (!d->rules)
			goto err;
		for (i = 0; i < n[dir]; i++) {
			d->rules[i] = rules[dir][i];
			refcount_inc(&d->rules[i]->ref);
			d->n++;
		}
	}
	pool = rs->pool;
	for (dir = 0; dir < 2; dir++) {
		err = index_dir(&rs->d[dir], &pool);
		if (err)
			goto err;
	}
	return rs;
err:
	set_free(rs);
	return ERR_PTR(err);
}

static void publish(struct icmpguard_rules *r, struct icmpguard_ruleset *rs)
{
	struct icmpguard_ruleset *old = rcu_replace_pointer(r->set, rs, true);

	r->generation++;
	if (old)
		call_rcu(&old->rcu, set_free_rcu);
}

static struct icmpguard_ruleset *current_set(struct icmpguard_rules *r)
{
	return rcu_dereference_protected(r->set, true);
}

/* Rebuilds with @dir's list replaced by @list (of @n rules). */
static int rebuild(struct icmpguard_rules *r, int dir,
		   struct icmpguard_rule **list, u32 n,
		   struct netlink_ext_ack *extack)
{
	struct icmpguard_ruleset *cur = current_set(r), *rs;
	struct icmpguard_rule **rules[2] = { cur->d[0].rules, cur->d[1].rules };
	u32 count[2] = { cur->d[0].n, cur->d[1].n };

	rules[dir] = list;
	count[dir] = n;
	rs = build(rules, count, extack);
	if (IS_ERR(rs))
		return PTR_ERR(rs);
	publish(r, rs);
	return 0;
}

int icmpguard_rules_add(struct icmpguard_rules *r,
			struct icmpguard_rule *rule, s64 index,
			struct netlink_ext_ack *extack)
{
	struct dir_index *d = &current_set(r)->d[rule->dir];
	struct icmpguard_rule **list;
	u32 at = index < 0 || index > d->n ? d->n : index;
	int err;

	list = kvmalloc_array(d->n + 1, sizeof(*list), GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	memcpy(list, d->rules, at * sizeof(*list));
	list[at] = rule;
	memcpy(list + at + 1, d->rules + at, (d->n - at) * sizeof(*list));
	rule->handle = ++r->next_handle;
	err = rebuild(r, rule->dir, list, d->n + 1, extack);
	kvfree(list);
	return err;
}

int icmpguard_rules_del(struct icmpguard_rules *r, u32 handle)
{
	struct icmpguard_ruleset *cur = current_set(r);
	struct icmpguard_rule **list;
	int dir, err;
	u32 i;

	for (dir = 0; dir < 2; dir++) {
		struct dir_index *d = &cur->d[dir];

		for (i = 0; i < d->n && d->rules[i]->handle != handle; i++)
			;
		if (i == d->n)
			continue;
		list = kvmalloc_array(d->n, sizeof(*list), GFP_KERNEL);
		if (!list)
			return -ENOMEM;
		memcpy(list, d->rules, i * sizeof(*list));
		memcpy(list + i, d->rules + i + 1,
		       (d->n - i - 1) * sizeof(*list));
		err = rebuild(r, dir, list, d->n - 1, NULL);
		kvfree(list);
		return err;
	}
	return -ENOENT;
}

/* Both directions (@dir < 0) go in one step, as one new set. */
int icmpguard_rules_flush(struct icmpguard_rules *r, int dir)
{
	struct icmpguard_ruleset *cur = current_set(r), *rs;
	struct icmpguard_rule **rules[2] = { cur->d[0].rules, cur->d[1].rules };
	u32 count[2] = { cur->d[0].n, cur->d[1].n };

	if (dir < 0 || dir == ICMPGUARD_DIR_INPUT)
		count[ICMPGUARD_DIR_INPUT] = 0;
	if (dir < 0 || dir == ICMPGUARD_DIR_FORWARD)
		count[ICMPGUARD_DIR_FORWARD] = 0;
	rs = build(rules, count, NULL);
	if (IS_ERR(rs))
		return PTR_ERR(rs);
	publish(r, rs);
	return 0;
}

/* Takes the whole new set; the caller keeps its references to @rules. */
int icmpguard_rules_replace(struct icmpguard_rules *r,
			    struct icmpguard_rule **rules, unsigned int n,
			    struct netlink_ext_ack *extack)
{
	struct icmpguard_rule **lists[2];
	struct icmpguard_ruleset *rs;
	u32 count[2] = {};
	unsigned int i;
	int err = -ENOMEM;

	lists[0] = kvmalloc_array(max(n, 1U), sizeof(*rules), GFP_KERNEL);
	lists[1] = kvmalloc_array(max(n, 1U), sizeof(*rules), GFP_KERNEL);
	if (!lists[0] || !lists[1])
		goto out;
	for (i = 0; i < n; i++) {
		rules[i]->handle = ++r->next_handle;
		lists[rules[i]->dir][count[rules[i]->dir]++] = rules[i];
	}
	rs = build(lists, count, extack);
	err = PTR_ERR_OR_ZERO(rs);
	if (!err)
		publish(r, rs);
out:
	kvfree(lists[0]);
	kvfree(lists[1]);
	return err;
}

int icmpguard_rules_walk(struct icmpguard_rules *r, long *pos,
			 int (*put)(void *arg, const struct icmpguard_rule *),
			 void *arg)
{
	struct icmpguard_ruleset *cur = current_set(r);
	long i = 0;
	int dir, err;
	u32 j;

	for (dir = 0; dir < 2; dir++) {
		for (j = 0; j < cur->d[dir].n; j++, i++) {
			if (i < *pos)
				continue;
			err = put(arg, cur->d[dir].rules[j]);
			if (err)
				return err;
			*pos = i + 1;
		}
	}
	return 0;
}

static int put_prefix(struct sk_buff *skb, int type, __be32 addr, u8 plen)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest || nla_put_be32(skb, ICMPGUARD_PFX_A_ADDR, addr) ||
	    nla_put_u8(skb, ICMPGUARD_PFX_A_PLEN, plen))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static void read_stats(const struct icmpguard_rule *r, u64 *packets,
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

int icmpguard_rule_fill(struct sk_buff *skb, const struct icmpguard_rule *r)
{
	struct nlattr *nest = nla_nest_start(skb, ICMPGUARD_A_RULE);
	u32 bits[8];
	u64 p, b, l;

	if (!nest ||
	    nla_put_u32(skb, ICMPGUARD_RULE_A_HANDLE, r->handle) ||
	    nla_put_u8(skb, ICMPGUARD_RULE_A_DIR, r->dir) ||
	    nla_put_u8(skb, ICMPGUARD_RULE_A_ACTION, r->action))
		return -EMSGSIZE;
	if (!r->any_type) {
		bitmap_to_arr32(bits, r->types, 256);
		if (nla_put(skb, ICMPGUARD_RULE_A_TYPES, sizeof(bits), bits))
			return -EMSGSIZE;
	}
	if (!r->any_code) {
		bitmap_to_arr32(bits, r->codes, 256);
		if (nla_put(skb, ICMPGUARD_RULE_A_CODES, sizeof(bits), bits))
			return -EMSGSIZE;
	}
	if ((r->src_plen &&
	     put_prefix(skb, ICMPGUARD_RULE_A_SRC, r->src, r->src_plen)) ||
	    (r->dst_plen &&
	     put_prefix(skb, ICMPGUARD_RULE_A_DST, r->dst, r->dst_plen)) ||
	    (r->iif[0] && nla_put_string(skb, ICMPGUARD_RULE_A_IIF, r->iif)) ||
	    (r->oif[0] && nla_put_string(skb, ICMPGUARD_RULE_A_OIF, r->oif)))
		return -EMSGSIZE;
	if ((r->len_min || r->len_max != U16_MAX) &&
	    (nla_put_u16(skb, ICMPGUARD_RULE_A_LEN_MIN, r->len_min) ||
	     nla_put_u16(skb, ICMPGUARD_RULE_A_LEN_MAX, r->len_max)))
		return -EMSGSIZE;
	if ((r->action == ICMPGUARD_ACT_REJECT ||
	     (r->limit_flags & ICMPGUARD_LIMIT_F_REJECT)) &&
	    nla_put_u8(skb, ICMPGUARD_RULE_A_REJECT_CODE, r->reject_code))
		return -EMSGSIZE;
	if (r->action == ICMPGUARD_ACT_LIMIT &&
	    (nla_put_u32(skb, ICMPGUARD_RULE_A_LIMIT_RATE, r->limit_rate) ||
	     nla_put_u32(skb, ICMPGUARD_RULE_A_LIMIT_BURST, r->limit_burst) ||
	     nla_put_u32(skb, ICMPGUARD_RULE_A_LIMIT_FLAGS, r->limit_flags) ||
	     nla_put_u8(skb, ICMPGUARD_RULE_A_LIMIT_PLEN, r->limit_plen)))
		return -EMSGSIZE;
	read_stats(r, &p, &b, &l);
	if (nla_put_u64_64bit(skb, ICMPGUARD_RULE_A_PACKETS, p,
			      ICMPGUARD_RULE_A_PAD) ||
	    nla_put_u64_64bit(skb, ICMPGUARD_RULE_A_BYTES, b,
			      ICMPGUARD_RULE_A_PAD) ||
	    nla_put_u64_64bit(skb, ICMPGUARD_RULE_A_LIMITED, l,
			      ICMPGUARD_RULE_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

int icmpguard_rules_init(struct icmpguard_rules *r)
{
	struct icmpguard_ruleset *empty;
	int err;

	empty = kzalloc(sizeof(*empty), GFP_KERNEL_ACCOUNT);
	if (!empty)
		return -ENOMEM;
	err = icmpguard_limiter_init(&r->per_source, NULL);
	if (err) {
		kfree(empty);
		return err;
	}
	RCU_INIT_POINTER(r->set, empty);
	r->next_handle = 0;
	r->generation = 0;
	return 0;
}

/* The caller guarantees no packet can reach the rules any more. */
void icmpguard_rules_destroy(struct icmpguard_rules *r)
{
	set_free(rcu_dereference_protected(r->set, true));
	icmpguard_limiter_destroy(&r->per_source);
}
