// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration changes. Every change, from one setting to a whole file
 * of them, is a transaction: a private copy of the configuration edited
 * in order, validated whole, then published with RCU in one step. Owned
 * prefixes and the rule set are shared between a configuration and the
 * next when the change did not touch them.
 */

#include <linux/err.h>
#include <linux/jhash.h>
#include <linux/slab.h>
#include "conf.h"
#include "netns.h"
#include "pfxset.h"
#include "router.h"
#include "rules.h"

DEFINE_STATIC_KEY_FALSE(icmpguard_owned_used);

static bool owns(const struct icmpguard_conf *c)
{
	return c->owned->live;
}

struct icmpguard_conf *icmpguard_conf_locked(struct icmpguard_net *ign)
{
	return rcu_dereference_protected(ign->conf, lockdep_is_held(&ign->lock));
}

static void conf_free(struct icmpguard_conf *c)
{
	icmpguard_pfxset_put(c->owned);
	icmpguard_ruleset_put(c->rules);
	kfree(c);
}

static void conf_free_rcu(struct rcu_head *rcu)
{
	conf_free(container_of(rcu, struct icmpguard_conf, rcu));
}

static int derive(struct icmpguard_conf *c)
{
	const struct icmpguard_settings *s = &c->s;
	int fam, i, err;

	err = icmpguard_rate_set(&c->reply, s->reply_rate, s->reply_burst) ?:
	      icmpguard_rate_set(&c->dest, s->dest_rate, s->dest_burst);
	for (fam = 0; !err && fam < ICMPGUARD_NFAM; fam++) {
		err = icmpguard_rate_set(&c->flood[fam], s->flood_rate[fam],
					 s->flood_burst[fam]) ?:
		      icmpguard_rate_set(&c->global[fam], s->global_rate[fam],
					 s->global_burst[fam]);
		for (i = 0; !err && i < ICMPGUARD_ERR_SLOTS; i++)
			err = icmpguard_rate_set(&c->err[fam][i],
						 s->err[fam][i].rate,
						 s->err[fam][i].burst);
	}
	return err;
}

void icmpguard_txn_begin(struct icmpguard_txn *t, struct icmpguard_net *ign)
{
	memset(t, 0, sizeof(*t));
	t->ign = ign;
	t->s = icmpguard_conf_locked(ign)->s;
}

/* The rule lists, copied out of the current set on first change. */
static int edit_rules(struct icmpguard_txn *t)
{
	struct icmpguard_rule **list;
	int dir;
	u32 i;

	if (t->rules_edited)
		return 0;
	/* From here on drop_edits() frees what this allocated. */
	t->rules_edited = true;
	for (dir = 0; dir < 2; dir++) {
		t->n[dir] = icmpguard_ruleset_list(icmpguard_conf_locked(t->ign)->rules,
						   dir, &list);
		t->cap[dir] = max(t->n[dir], 8U);
		t->rules[dir] = kvmalloc_array(t->cap[dir], sizeof(*list),
					       GFP_KERNEL);
		if (!t->rules[dir]) {
			t->n[dir] = 0;
			return -ENOMEM;
		}
		for (i = 0; i < t->n[dir]; i++) {
			t->rules[dir][i] = list[i];
			refcount_inc(&list[i]->ref);
		}
	}
	return 0;
}

static int edit_owned(struct icmpguard_txn *t)
{
	struct icmpguard_pfxset *set;

	if (t->owned)
		return 0;
	set = icmpguard_pfxset_copy(icmpguard_conf_locked(t->ign)->owned);
	if (IS_ERR(set))
		return PTR_ERR(set);
	t->owned = set;
	return 0;
}

/* Grows *@array, of *@cap pointers of which @n are used, by @more. */
static int room(struct icmpguard_rule ***array, u32 n, u32 *cap, u32 more)
{
	struct icmpguard_rule **grown;
	u32 want = max3(n + more, 2 * *cap, 16U);

	if (n + more <= *cap)
		return 0;
	grown = kvmalloc_array(want, sizeof(*grown), GFP_KERNEL);
	if (!grown)
		return -ENOMEM;
	if (n)
		memcpy(grown, *array, n * sizeof(*grown));
	kvfree(*array);
	*array = grown;
	*cap = want;
	return 0;
}

/* Keeps @n rules aside: an identical rule added later takes the place. */
static int set_aside(struct icmpguard_txn *t, struct icmpguard_rule **rules,
		     u32 n)
{
	int err = room(&t->removed, t->nremoved, &t->removed_cap, n);

	if (err)
		return err;
	memcpy(t->removed + t->nremoved, rules, n * sizeof(*rules));
	t->nremoved += n;
	return 0;
}

int icmpguard_txn_flush(struct icmpguard_txn *t, u32 what)
{
	int dir, err;

	if (what & ICMPGUARD_FLUSH_F_SETTINGS)
		icmpguard_default_settings(&t->s);
	if (what & ICMPGUARD_FLUSH_F_OWNED) {
		icmpguard_pfxset_put(t->owned);
		t->owned = icmpguard_pfxset_copy(NULL);
		if (IS_ERR(t->owned)) {
			err = PTR_ERR(t->owned);
			t->owned = NULL;
			return err;
		}
	}
	for (dir = 0; dir < 2; dir++) {
		if (!(what & (dir == ICMPGUARD_DIR_INPUT ?
			      ICMPGUARD_FLUSH_F_INPUT :
			      ICMPGUARD_FLUSH_F_FORWARD)))
			continue;
		err = edit_rules(t) ?: set_aside(t, t->rules[dir], t->n[dir]);
		if (err)
			return err;
		t->n[dir] = 0;
	}
	return 0;
}

int icmpguard_txn_owned_add(struct icmpguard_txn *t,
			    const struct icmpguard_prefix *p)
{
	return edit_owned(t) ?:
	       icmpguard_pfxset_add(t->owned, p, ICMPGUARD_OWNED_MAX);
}

int icmpguard_txn_owned_del(struct icmpguard_txn *t,
			    const struct icmpguard_prefix *p)
{
	return edit_owned(t) ?: icmpguard_pfxset_del(t->owned, p);
}

int icmpguard_txn_rule_add(struct icmpguard_txn *t,
			   struct icmpguard_rule *rule, s64 index)
{
	int dir = rule->s.dir, err;
	u32 at;

	err = edit_rules(t) ?: room(&t->rules[dir], t->n[dir], &t->cap[dir], 1);
	if (err) {
		icmpguard_rule_put(rule);
		return err;
	}
	at = index < 0 || index > t->n[dir] ? t->n[dir] : index;
	memmove(t->rules[dir] + at + 1, t->rules[dir] + at,
		(t->n[dir] - at) * sizeof(rule));
	t->rules[dir][at] = rule;
	t->n[dir]++;
	return 0;
}

int icmpguard_txn_rule_del(struct icmpguard_txn *t, u32 handle)
{
	int dir, err;
	u32 i;

	err = edit_rules(t);
	if (err)
		return err;
	for (dir = 0; dir < 2; dir++) {
		for (i = 0; i < t->n[dir]; i++) {
			struct icmpguard_rule *rule = t->rules[dir][i];

			if (!rule->handle || rule->handle != handle)
				continue;
			err = set_aside(t, &rule, 1);
			if (err)
				return err;
			memmove(t->rules[dir] + i, t->rules[dir] + i + 1,
				(t->n[dir] - i - 1) * sizeof(rule));
			t->n[dir]--;
			return 0;
		}
	}
	return -ENOENT;
}

static u32 spec_hash(const struct icmpguard_rule *rule)
{
	return jhash(&rule->s, sizeof(rule->s), 0);
}

/*
 * A new rule identical to one the change removed takes that one's place,
 * handle, counters and buckets; the others get handles.
 */
static int reuse_or_number(struct icmpguard_txn *t)
{
	u32 size = roundup_pow_of_two(max(2 * t->nremoved, 16U)), i, h;
	struct icmpguard_rule **table;
	int dir;

	table = kvcalloc(size, sizeof(*table), GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	for (i = 0; i < t->nremoved; i++) {
		for (h = spec_hash(t->removed[i]); table[h & (size - 1)]; h++)
			;
		table[h & (size - 1)] = t->removed[i];
	}
	for (dir = 0; dir < 2; dir++) {
		for (i = 0; i < t->n[dir]; i++) {
			struct icmpguard_rule *rule = t->rules[dir][i], *old;

			if (rule->handle)
				continue;
			for (h = spec_hash(rule); (old = table[h & (size - 1)]);
			     h++) {
				if (old == ERR_PTR(-ENOENT) ||
				    !icmpguard_rule_same(old, rule))
					continue;
				/* Taken: a later copy gets a new handle. */
				table[h & (size - 1)] = ERR_PTR(-ENOENT);
				refcount_inc(&old->ref);
				icmpguard_rule_put(rule);
				t->rules[dir][i] = old;
				break;
			}
			if (!old)
				rule->handle = ++t->ign->rules.next_handle;
		}
	}
	kvfree(table);
	return 0;
}

static void drop_edits(struct icmpguard_txn *t)
{
	int dir;
	u32 i;

	icmpguard_pfxset_put(t->owned);
	for (dir = 0; t->rules_edited && dir < 2; dir++) {
		for (i = 0; i < t->n[dir]; i++)
			icmpguard_rule_put(t->rules[dir][i]);
		kvfree(t->rules[dir]);
	}
	for (i = 0; i < t->nremoved; i++)
		icmpguard_rule_put(t->removed[i]);
	kvfree(t->removed);
	memset(t, 0, sizeof(*t));
}

void icmpguard_txn_abort(struct icmpguard_txn *t)
{
	drop_edits(t);
}

/* Limiter state keyed under settings that changed means nothing now. */
static void reset_limiters(struct icmpguard_net *ign,
			   const struct icmpguard_settings *old,
			   const struct icmpguard_settings *new)
{
	if (old->max_sources != new->max_sources ||
	    memcmp(old->flood_plen, new->flood_plen, sizeof(old->flood_plen)))
		icmpguard_limiter_reset(&ign->flood.sources, new->max_sources,
					true);
}

int icmpguard_txn_commit(struct icmpguard_txn *t)
{
	struct icmpguard_net *ign = t->ign;
	struct icmpguard_conf *cur = icmpguard_conf_locked(ign), *c;
	int err;

	c = kzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
	if (!c) {
		err = -ENOMEM;
		goto out;
	}
	c->s = t->s;
	err = derive(c);
	if (err)
		goto err;
	if (t->owned) {
		err = icmpguard_pfxset_seal(t->owned);
		if (err)
			goto err;
		c->owned = t->owned;
		t->owned = NULL;
	} else {
		c->owned = cur->owned;
		refcount_inc(&c->owned->ref);
	}
	if (t->rules_edited) {
		err = reuse_or_number(t);
		if (err)
			goto err;
		c->rules = icmpguard_ruleset_build(t->rules, t->n);
		if (IS_ERR(c->rules)) {
			err = PTR_ERR(c->rules);
			c->rules = NULL;
			goto err;
		}
	} else {
		c->rules = icmpguard_ruleset_get(cur->rules);
	}
	err = icmpguard_router_set(ign, c->s.flags & ICMPGUARD_F_ROUTER_MODE);
	if (err)
		goto err;

	if (owns(c) != owns(cur)) {
		if (owns(c))
			static_branch_inc(&icmpguard_owned_used);
		else
			static_branch_dec(&icmpguard_owned_used);
	}
	rcu_assign_pointer(ign->conf, c);
	ign->generation++;
	reset_limiters(ign, &cur->s, &c->s);
	call_rcu(&cur->rcu, conf_free_rcu);
	goto out;
err:
	conf_free(c);
out:
	drop_edits(t);
	return err;
}

int icmpguard_conf_init(struct icmpguard_net *ign)
{
	struct icmpguard_rule **none[2] = {};
	struct icmpguard_conf *c;
	u32 n[2] = {};

	c = kzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
	if (!c)
		return -ENOMEM;
	icmpguard_default_settings(&c->s);
	c->owned = icmpguard_pfxset_copy(NULL);
	c->rules = icmpguard_ruleset_build(none, n);
	if (IS_ERR(c->owned) || IS_ERR(c->rules) || derive(c)) {
		if (IS_ERR(c->owned))
			c->owned = NULL;
		if (IS_ERR(c->rules))
			c->rules = NULL;
		conf_free(c);
		return -EINVAL;
	}
	icmpguard_pfxset_seal(c->owned);
	RCU_INIT_POINTER(ign->conf, c);
	return 0;
}

/* The caller guarantees no packet or reader can reach the conf any more. */
void icmpguard_conf_destroy(struct icmpguard_net *ign)
{
	struct icmpguard_conf *c = rcu_dereference_protected(ign->conf, true);

	if (owns(c))
		static_branch_dec(&icmpguard_owned_used);
	conf_free(c);
}
