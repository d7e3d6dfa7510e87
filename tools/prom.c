// SPDX-License-Identifier: GPL-2.0
/*
 * icmpctl stats prometheus: the Prometheus text exposition format, 0.0.4,
 * as node_exporter's textfile collector reads it.
 *
 * Each counter is a family icmpguard_<name>_total, the gauges keeping
 * their name, with a label family="ipv4" or "ipv6" on every sample of a
 * counter of one family; a namespace-wide one has one sample without it.
 * The tables are families with labels: drops by reason, packets and bytes
 * by ICMP type, errors by type and code, the counters of each rule. Their
 * names are kept apart from the counters' (icmpguard_errors_sent_total is
 * every error; icmpguard_errors_sent_by_type_total{type,code} the table),
 * so that no family mixes samples with and without labels.
 */
#include <stdio.h>

#include "icmpctl.h"

struct prom {
	FILE *f;
	const char *netns;
	unsigned int labels;	/* of the sample being written */
};

/* Backslash and newline escaped, and with quote the double quote. */
static void escaped(FILE *f, const char *s, int quote)
{
	for (; *s; s++) {
		if (*s == '\\' || (quote && *s == '"'))
			fprintf(f, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

static void family_lines(struct prom *p, const char *name, const char *type,
			 const char *help)
{
	fprintf(p->f, "# HELP %s ", name);
	escaped(p->f, help, 0);
	fprintf(p->f, "\n# TYPE %s %s\n", name, type);
}

static void label(struct prom *p, const char *key, const char *value)
{
	fprintf(p->f, "%c%s=\"", p->labels++ ? ',' : '{', key);
	escaped(p->f, value, 1);
	fputc('"', p->f);
}

static void label_u(struct prom *p, const char *key, unsigned int v)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%u", v);
	label(p, key, buf);
}

/* A sample's name and first labels: netns, then family (0: none). */
static void sample(struct prom *p, const char *name, int af)
{
	fputs(name, p->f);
	p->labels = 0;
	if (p->netns)
		label(p, "netns", p->netns);
	if (af)
		label(p, "family", family_of(af)->name);
}

static void value(struct prom *p, __u64 v)
{
	fprintf(p->f, "%s %llu\n", p->labels ? "}" : "", (unsigned long long)v);
}

static const struct counter *find(const struct counter *c, unsigned int n,
				  unsigned int id)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (c[i].id == id)
			return &c[i];
	return NULL;
}

/* One family per counter, known or not, by index. */
static void prom_counters(struct prom *p, struct stats *st[2])
{
	char name[64], help[64];
	const struct counter *c[2];
	unsigned int id, i, flags;
	int known;

	for (id = 0; id < STATS_ROWS; id++) {
		for (i = 0; i < 2; i++)
			c[i] = st[i] ? find(st[i]->counters, st[i]->ncounters,
					    id) : NULL;
		if (!c[0] && !c[1])
			continue;
		known = id < ARRAY_SIZE(counter_descs) &&
			counter_descs[id].name;
		flags = known ? counter_descs[id].flags : 0;
		snprintf(name, sizeof(name), "icmpguard_%s%s",
			 counter_name(id),
			 known && !(flags & CTR_GAUGE) ? "_total" : "");
		snprintf(help, sizeof(help),
			 "Counter %u, unknown to this icmpctl", id);
		family_lines(p, name, !known ? "untyped" :
			     flags & CTR_GAUGE ? "gauge" : "counter",
			     known ? counter_descs[id].help : help);
		for (i = 0; i < 2; i++) {
			if (!c[i])
				continue;
			sample(p, name, flags & CTR_NETNS ? 0 : st[i]->family);
			value(p, c[i]->value);
			if (flags & CTR_NETNS)
				break;
		}
	}
}

static void prom_drops(struct prom *p, struct stats *st[2])
{
	const char *name = "icmpguard_drops_total";
	unsigned int i, j, n = 0;

	for (i = 0; i < 2; i++) {
		for (j = 0; st[i] && j < st[i]->ndrops; j++) {
			if (!n++)
				family_lines(p, name, "counter",
					     "Inbound ICMP datagrams dropped or not answered, by reason");
			sample(p, name, st[i]->family);
			label(p, "reason",
			      name_of(&drops, st[i]->drops[j].id, "drop_"));
			value(p, st[i]->drops[j].value);
		}
	}
}

/* Packets (bytes 0) or bytes of a table by type, received (tx 0) or sent */
static void prom_types(struct prom *p, struct stats *st[2], int tx, int bytes)
{
	static const char * const names[2][2] = {
		{ "icmpguard_rx_packets_by_type_total",
		  "icmpguard_rx_bytes_by_type_total" },
		{ "icmpguard_tx_packets_by_type_total",
		  "icmpguard_tx_bytes_by_type_total" },
	};
	static const char * const helps[2][2] = {
		{ "ICMP datagrams seen on input, by type",
		  "Bytes of the ICMP datagrams seen on input, by type" },
		{ "ICMP datagrams the module sent, by type",
		  "Bytes of the ICMP datagrams the module sent, by type" },
	};
	const struct type_row *r;
	unsigned int i, j, n, shown = 0;
	char buf[16];

	for (i = 0; i < 2; i++) {
		if (!st[i])
			continue;
		r = tx ? st[i]->tx : st[i]->rx;
		n = tx ? st[i]->ntx : st[i]->nrx;
		for (j = 0; j < n; j++) {
			if (!shown++)
				family_lines(p, names[tx][bytes], "counter",
					     helps[tx][bytes]);
			sample(p, names[tx][bytes], st[i]->family);
			label_u(p, "type", r[j].type);
			label(p, "name", type_word(family_of(st[i]->family),
						   r[j].type, buf,
						   sizeof(buf)));
			value(p, bytes ? r[j].bytes : r[j].packets);
		}
	}
}

static void prom_errors(struct prom *p, struct stats *st[2], int limited)
{
	static const char * const names[] = {
		"icmpguard_errors_sent_by_type_total",
		"icmpguard_errors_limited_by_type_total",
	};
	static const char * const helps[] = {
		"ICMP errors the module sent, by type and code",
		"ICMP errors not sent, suppressed by any bucket, by type and code",
	};
	const struct error_row *r;
	unsigned int i, j, shown = 0;
	char buf[64];

	for (i = 0; i < 2; i++) {
		for (j = 0; st[i] && j < st[i]->nerrors; j++) {
			r = &st[i]->errors[j];
			if (!shown++)
				family_lines(p, names[limited], "counter",
					     helps[limited]);
			sample(p, names[limited], st[i]->family);
			label_u(p, "type", r->type);
			label_u(p, "code", r->code);
			label(p, "name", error_word(family_of(st[i]->family),
						    r->type, (int)r->code, buf,
						    sizeof(buf)));
			value(p, limited ? r->limited : r->sent);
		}
	}
}

enum rule_counter { RULE_PACKETS, RULE_BYTES, RULE_LIMITED };

static void rule_family(struct prom *p, const struct rule *rules,
			unsigned int n, int filter, enum rule_counter which)
{
	static const char * const names[] = {
		"icmpguard_rule_packets_total",
		"icmpguard_rule_bytes_total",
		"icmpguard_rule_limited_packets_total",
	};
	static const char * const helps[] = {
		"Datagrams a rule matched",
		"Bytes of the datagrams a rule matched",
		"Datagrams over the limit of a limit rule",
	};
	const struct rule *r;
	unsigned int shown = 0;

	for (r = rules; r < rules + n; r++) {
		if (!(r->has & RULE_HAS_HANDLE) ||
		    !family_wanted(filter, r->family) ||
		    (which == RULE_LIMITED &&
		     r->action != ICMPGUARD_ACT_LIMIT))
			continue;
		if (!shown++)
			family_lines(p, names[which], "counter", helps[which]);
		sample(p, names[which], r->family);
		label_u(p, "handle", r->handle);
		label(p, "dir", name_of(&dirs, r->dir, "dir-"));
		value(p, which == RULE_PACKETS ? r->packets :
		      which == RULE_BYTES ? r->bytes : r->limited);
	}
}

void prom_print(FILE *f, struct stats *st[2], const struct rule *rules,
		unsigned int nrules, const char *netns)
{
	struct prom p = { f, netns, 0 };
	int filter = !st[0] ? AF_INET6 : !st[1] ? AF_INET : 0;

	prom_counters(&p, st);
	prom_drops(&p, st);
	prom_types(&p, st, 0, 0);
	prom_types(&p, st, 0, 1);
	prom_types(&p, st, 1, 0);
	prom_types(&p, st, 1, 1);
	prom_errors(&p, st, 0);
	prom_errors(&p, st, 1);
	rule_family(&p, rules, nrules, filter, RULE_PACKETS);
	rule_family(&p, rules, nrules, filter, RULE_BYTES);
	rule_family(&p, rules, nrules, filter, RULE_LIMITED);
}
