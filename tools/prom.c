// SPDX-License-Identifier: GPL-2.0
/*
 * icmpctl stats prometheus: the Prometheus text format; see prom.h.
 *
 * Each counter of GET_STATS is a family icmpguard_<name>_total of type
 * counter, but the gauges (dest_table_size, sources, sources_max), which
 * keep their name. The tables are families with labels: drops by reason,
 * packets and bytes by ICMP type, errors by type and code, and the
 * counters of each rule, from a GET_RULES dump. Their names are kept
 * apart from the counters' (icmpguard_errors_sent_total is the counter of
 * every error; icmpguard_errors_sent_by_type_total{type,code,name} the
 * table), so that no family mixes samples with and without labels.
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../module/uapi/icmpguard.h"
#include "cmd.h"
#include "prom.h"
#include "rulecmd.h"
#include "util.h"

/* What each counter counts, for its "# HELP" line. */
static const char * const counter_help[] = {
	[ICMPGUARD_CTR_UNSPEC]		= NULL,
	[ICMPGUARD_CTR_PAD]		= NULL,
	[ICMPGUARD_CTR_RX_PACKETS] =
		"ICMP datagrams seen by the input hook, valid or not",
	[ICMPGUARD_CTR_RX_BYTES] =
		"Bytes of the ICMP datagrams seen on input, IP header included",
	[ICMPGUARD_CTR_TX_PACKETS]	= "ICMP datagrams the module sent",
	[ICMPGUARD_CTR_TX_BYTES] =
		"Bytes of the ICMP datagrams the module sent",
	[ICMPGUARD_CTR_ECHO_REPLIES]	= "Echo replies sent",
	[ICMPGUARD_CTR_TIMESTAMP_REPLIES] = "Timestamp replies sent",
	[ICMPGUARD_CTR_PROBE_REPLIES]	= "Extended echo (PROBE) replies sent",
	[ICMPGUARD_CTR_REPLIES_LIMITED] =
		"Replies not sent: the namespace's reply bucket was empty",
	[ICMPGUARD_CTR_REPLIES_LIMITED_DEST] =
		"Replies not sent: the destination's reply bucket was empty",
	[ICMPGUARD_CTR_REPLY_FAILED] =
		"Replies that could not be built or routed",
	[ICMPGUARD_CTR_PASSED] =
		"ICMP datagrams handed on to the kernel unchanged",
	[ICMPGUARD_CTR_DEST_TABLE_SIZE] =
		"Entries in the per-destination reply table",
	[ICMPGUARD_CTR_FRAGMENTS] =
		"ICMP fragments that reached the hook unreassembled",
	[ICMPGUARD_CTR_DEST_OVERFLOW] =
		"Replies and errors charged to the shared bucket of a full destination table",
	[ICMPGUARD_CTR_ERRORS_SENT] =
		"ICMP errors the module sent, all types",
	[ICMPGUARD_CTR_ERRORS_LIMITED_TYPE] =
		"Errors not sent: the bucket of their type and code was empty",
	[ICMPGUARD_CTR_ERRORS_LIMITED_DEST] =
		"Errors not sent: the bucket of their destination was empty",
	[ICMPGUARD_CTR_ERRORS_LIMITED] =
		"Errors not sent: the namespace's bucket was empty",
	[ICMPGUARD_CTR_ERRORS_FAILED] =
		"Errors that could not be built or routed",
	[ICMPGUARD_CTR_ERR_REFUSED_ICMP_ERROR] =
		"Errors not sent about an ICMP error or unknown type",
	[ICMPGUARD_CTR_ERR_REFUSED_BROADCAST] =
		"Errors not sent about a datagram to a broadcast or multicast address",
	[ICMPGUARD_CTR_ERR_REFUSED_FRAGMENT] =
		"Errors not sent about a non-first fragment",
	[ICMPGUARD_CTR_ERR_REFUSED_BAD_SOURCE] =
		"Errors not sent to an invalid source",
	[ICMPGUARD_CTR_ECHO_REJECTED] =
		"Echo requests a default policy rejected",
	[ICMPGUARD_CTR_ECHO_DROPPED] =
		"Echo requests a default policy dropped",
	[ICMPGUARD_CTR_OWNED_TCP_DROPPED] =
		"TCP segments to owned addresses, dropped",
	[ICMPGUARD_CTR_OWNED_UNREACH] =
		"Non-TCP datagrams to owned addresses, answered with an unreachable",
	[ICMPGUARD_CTR_ROUTER_TIME_EXCEEDED] =
		"Forwarded datagrams router mode took over: TTL exceeded",
	[ICMPGUARD_CTR_ROUTER_FRAG_NEEDED] =
		"Forwarded datagrams router mode took over: fragmentation needed",
	[ICMPGUARD_CTR_FLOOD_LIMITED_SOURCE] =
		"Inbound datagrams dropped by their source's flood bucket",
	[ICMPGUARD_CTR_FLOOD_LIMITED_GLOBAL] =
		"Inbound datagrams dropped by the global flood bucket",
	[ICMPGUARD_CTR_FLOOD_OVERFLOW] =
		"Datagrams from sources a full table could not track",
	[ICMPGUARD_CTR_SOURCES]		= "Sources tracked by the flood table",
	[ICMPGUARD_CTR_SOURCES_MAX] =
		"The most sources the flood table tracks",
	[ICMPGUARD_CTR_SOURCES_EVICTED] =
		"Idle sources removed from the flood table",
	[ICMPGUARD_CTR_RULE_ACCEPTED]	= "Datagrams a rule accepted",
	[ICMPGUARD_CTR_RULE_DROPPED]	= "Datagrams a rule dropped",
	[ICMPGUARD_CTR_RULE_REJECTED]	= "Datagrams a rule rejected",
	[ICMPGUARD_CTR_RULE_LIMITED]	= "Datagrams over the limit of a rule",
	[ICMPGUARD_CTR_RULE_REPLIED]	= "Requests a reply rule answered",
	[ICMPGUARD_CTR_POLICY_DROPPED]	= "Datagrams a default policy dropped",
	[ICMPGUARD_CTR_POLICY_REJECTED]	= "Datagrams a default policy rejected",
	[ICMPGUARD_CTR_EVENTS_SENT]	= "Events multicast",
	[ICMPGUARD_CTR_EVENTS_SUPPRESSED] =
		"Events not sent: over their rate, or no memory",
	[ICMPGUARD_CTR_OWNED_BAD_UDP] =
		"UDP to owned addresses with a bad length or checksum, dropped",
};

static_assert(ARRAY_SIZE(counter_help) == __ICMPGUARD_CTR_MAX,
	      "a counter of icmpguard.h has no help");

struct prom {
	FILE *f;
	const char *netns;
	unsigned int labels;	/* of the sample being written */
};

static int is_gauge(unsigned int id)
{
	return id == ICMPGUARD_CTR_DEST_TABLE_SIZE ||
	       id == ICMPGUARD_CTR_SOURCES || id == ICMPGUARD_CTR_SOURCES_MAX;
}

/* HELP text: backslash and newline escaped. */
static void family(struct prom *p, const char *name, const char *type,
		   const char *help)
{
	const char *s;

	fprintf(p->f, "# HELP %s ", name);
	for (s = help; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", p->f);
		else if (*s == '\n')
			fputs("\\n", p->f);
		else
			fputc(*s, p->f);
	}
	fprintf(p->f, "\n# TYPE %s %s\n", name, type);
}

/* A label value: backslash, double quote and newline escaped. */
static void label(struct prom *p, const char *key, const char *value)
{
	const char *s;

	fprintf(p->f, "%c%s=\"", p->labels++ ? ',' : '{', key);
	for (s = value; *s; s++) {
		if (*s == '\\' || *s == '"')
			fprintf(p->f, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", p->f);
		else
			fputc(*s, p->f);
	}
	fputc('"', p->f);
}

static void label_u(struct prom *p, const char *key, unsigned int v)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%u", v);
	label(p, key, buf);
}

static void sample(struct prom *p, const char *name)
{
	fputs(name, p->f);
	p->labels = 0;
	if (p->netns)
		label(p, "netns", p->netns);
}

static void value(struct prom *p, __u64 v)
{
	fprintf(p->f, "%s %llu\n", p->labels ? "}" : "",
		(unsigned long long)v);
}

static int counter_cmp(const void *a, const void *b)
{
	const struct icg_counter *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* One family per counter: known ones by name, the others untyped. */
static void counters(struct prom *p, const struct icg_stats *st)
{
	struct icg_counter sorted[ICG_MAX_COUNTERS];
	char name[96], help[64];
	const char *s;
	unsigned int i, id;

	memcpy(sorted, st->counters, st->ncounters * sizeof(*sorted));
	qsort(sorted, st->ncounters, sizeof(*sorted), counter_cmp);
	for (i = 0; i < st->ncounters; i++) {
		id = sorted[i].id;
		s = icg_counter_name(id);
		if (s && id < ARRAY_SIZE(counter_help) && counter_help[id]) {
			snprintf(name, sizeof(name), "icmpguard_%s%s", s,
				 is_gauge(id) ? "" : "_total");
			family(p, name, is_gauge(id) ? "gauge" : "counter",
			       counter_help[id]);
		} else {
			snprintf(name, sizeof(name), "icmpguard_counter_%u",
				 id);
			snprintf(help, sizeof(help),
				 "Counter %u, unknown to this icmpctl", id);
			family(p, name, "untyped", help);
		}
		sample(p, name);
		value(p, sorted[i].value);
	}
}

static void drops(struct prom *p, const struct icg_stats *st)
{
	struct icg_counter sorted[ICG_MAX_COUNTERS];
	const char *reason;
	char buf[32];
	unsigned int i;

	if (!st->ndrops)
		return;
	memcpy(sorted, st->drops, st->ndrops * sizeof(*sorted));
	qsort(sorted, st->ndrops, sizeof(*sorted), counter_cmp);
	family(p, "icmpguard_drops_total", "counter",
	       "Inbound ICMP datagrams dropped or not answered, by reason");
	for (i = 0; i < st->ndrops; i++) {
		reason = icg_drop_name(sorted[i].id);
		if (!reason) {
			snprintf(buf, sizeof(buf), "drop_%u", sorted[i].id);
			reason = buf;
		}
		sample(p, "icmpguard_drops_total");
		label(p, "reason", reason);
		value(p, sorted[i].value);
	}
}

static int type_row_cmp(const void *a, const void *b)
{
	const struct icg_type_row *x = a, *y = b;

	return (x->type > y->type) - (x->type < y->type);
}

/* name, of rows by type: packets (bytes 0) or bytes (bytes 1). */
static void types(struct prom *p, const char *name, const char *help,
		  const struct icg_type_row *rows, unsigned int n, int bytes)
{
	struct icg_type_row sorted[ICG_MAX_TYPE_ROWS];
	char buf[16];
	unsigned int i;

	if (!n)
		return;
	memcpy(sorted, rows, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), type_row_cmp);
	family(p, name, "counter", help);
	for (i = 0; i < n; i++) {
		sample(p, name);
		label_u(p, "type", sorted[i].type);
		label(p, "name", icg_type_name(sorted[i].type, buf,
					       sizeof(buf)));
		value(p, bytes ? sorted[i].bytes : sorted[i].packets);
	}
}

static int error_row_cmp(const void *a, const void *b)
{
	const struct icg_error_row *x = a, *y = b;

	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	return (x->code > y->code) - (x->code < y->code);
}

static void error_families(struct prom *p, const struct icg_stats *st,
			   int limited)
{
	static const char * const names[] = {
		"icmpguard_errors_sent_by_type_total",
		"icmpguard_errors_limited_by_type_total",
	};
	struct icg_error_row sorted[ICG_MAX_ERROR_ROWS];
	const struct icg_error_row *r;
	char buf[64];
	unsigned int i;

	if (!st->nerrors)
		return;
	memcpy(sorted, st->errors, st->nerrors * sizeof(*sorted));
	qsort(sorted, st->nerrors, sizeof(*sorted), error_row_cmp);
	family(p, names[limited], "counter", limited ?
	       "ICMP errors not sent, suppressed by any bucket, by type and code" :
	       "ICMP errors the module sent, by type and code");
	for (i = 0; i < st->nerrors; i++) {
		r = &sorted[i];
		sample(p, names[limited]);
		label_u(p, "type", r->type);
		label_u(p, "code", r->code);
		label(p, "name", icg_error_name(r->type, (int)r->code, buf,
						sizeof(buf)));
		value(p, limited ? r->limited : r->sent);
	}
}

enum rule_counter { RULE_PACKETS, RULE_BYTES, RULE_LIMITED };

static void rule_family(struct prom *p, const struct icg_rule *rules,
			unsigned int n, enum rule_counter which)
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
	const struct icg_rule *r;
	unsigned int i, seen = 0;
	char buf[16];
	const char *dir;

	for (i = 0; i < n; i++) {
		r = &rules[i];
		if (!(r->has & RULE_HAS_HANDLE) || (which == RULE_LIMITED &&
						    r->action != ICMPGUARD_ACT_LIMIT))
			continue;
		if (!seen++)
			family(p, names[which], "counter", helps[which]);
		dir = icg_dir_name(r->dir);
		if (!dir) {
			snprintf(buf, sizeof(buf), "dir-%u", r->dir);
			dir = buf;
		}
		sample(p, names[which]);
		label_u(p, "handle", r->handle);
		label(p, "dir", dir);
		value(p, which == RULE_PACKETS ? r->packets :
		      which == RULE_BYTES ? r->bytes : r->limited);
	}
}

void icg_prom_print(FILE *f, const struct icg_stats *st,
		    const struct icg_rule *rules, unsigned int nrules,
		    const char *netns)
{
	struct prom p = { f, netns, 0 };

	counters(&p, st);
	drops(&p, st);
	types(&p, "icmpguard_rx_packets_by_type_total",
	      "ICMP datagrams seen on input, by type", st->rx, st->nrx, 0);
	types(&p, "icmpguard_rx_bytes_by_type_total",
	      "Bytes of the ICMP datagrams seen on input, by type", st->rx,
	      st->nrx, 1);
	types(&p, "icmpguard_tx_packets_by_type_total",
	      "ICMP datagrams the module sent, by type", st->tx, st->ntx, 0);
	types(&p, "icmpguard_tx_bytes_by_type_total",
	      "Bytes of the ICMP datagrams the module sent, by type", st->tx,
	      st->ntx, 1);
	error_families(&p, st, 0);
	error_families(&p, st, 1);
	rule_family(&p, rules, nrules, RULE_PACKETS);
	rule_family(&p, rules, nrules, RULE_BYTES);
	rule_family(&p, rules, nrules, RULE_LIMITED);
}

int do_stats_prometheus(int argc, char **argv)
{
	struct rule_list rules = { NULL, 0, 0, 0 };
	struct icg_stats *st;
	int ret = no_args("stats prometheus", argc, argv);

	if (ret)
		return ret;
	if (opts.json) {
		errmsg("stats prometheus: prints the Prometheus format, not JSON (drop -j)");
		return EXIT_USAGE;
	}
	st = malloc(sizeof(*st));
	if (!st) {
		errmsg("%s", strerror(ENOMEM));
		return EXIT_RUNTIME;
	}
	ret = stats_fetch("stats", st);
	if (!ret)
		ret = rules_fetch("stats", &rules, 1);
	if (!ret) {
		icg_prom_print(stdout, st, rules.rules, rules.n, opts.netns);
		if (fflush(stdout) || ferror(stdout)) {
			errmsg("write error: %s", strerror(errno));
			ret = EXIT_RUNTIME;
		}
	}
	free(rules.rules);
	free(st);
	return ret;
}
