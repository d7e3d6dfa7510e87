// SPDX-License-Identifier: GPL-2.0
/*
 * icmpctl stats: the counters of each family; see stats.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>

#include "icmpctl.h"
#include "print.h"

static int counter_cmp(const void *a, const void *b)
{
	const struct counter *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static int type_cmp(const void *a, const void *b)
{
	const struct type_row *x = a, *y = b;

	return (x->type > y->type) - (x->type < y->type);
}

static int error_cmp(const void *a, const void *b)
{
	const struct error_row *x = a, *y = b;

	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	return (x->code > y->code) - (x->code < y->code);
}

/* A nest of one counter per attribute, its type the index. */
static int counters_parse(const struct nlattr *nest, struct counter *c,
			  unsigned int *n)
{
	const struct nlattr *a;
	unsigned int len;

	mnl_attr_for_each_nested(a, nest) {
		len = mnl_attr_get_payload_len(a);
		if (mnl_attr_get_type(a) <= ICMPGUARD_CTR_PAD)
			continue;
		if ((len != 4 && len != 8) || *n == STATS_ROWS)
			return -EBADMSG;
		c[*n].id = mnl_attr_get_type(a);
		c[(*n)++].value = attr_uint(a);
	}
	qsort(c, *n, sizeof(*c), counter_cmp);
	return 0;
}

static int types_parse(const struct nlattr *nest, struct type_row *r,
		       unsigned int *n)
{
	const struct nlattr *a, *tb[ATTR_TB_MAX];

	mnl_attr_for_each_nested(a, nest) {
		if (mnl_attr_get_type(a) != ICMPGUARD_A_TYPE_ENTRY)
			continue;
		if (*n == STATS_ROWS || attr_parse(a, AS_TYPE, tb) ||
		    !tb[ICMPGUARD_TYPE_A_TYPE])
			return -EBADMSG;
		r[*n].type = mnl_attr_get_u8(tb[ICMPGUARD_TYPE_A_TYPE]);
		r[*n].packets = tb[ICMPGUARD_TYPE_A_PACKETS] ?
			attr_uint(tb[ICMPGUARD_TYPE_A_PACKETS]) : 0;
		r[(*n)++].bytes = tb[ICMPGUARD_TYPE_A_BYTES] ?
			attr_uint(tb[ICMPGUARD_TYPE_A_BYTES]) : 0;
	}
	qsort(r, *n, sizeof(*r), type_cmp);
	return 0;
}

static int errors_parse(const struct nlattr *nest, struct stats *st)
{
	const struct nlattr *a, *tb[ATTR_TB_MAX];
	struct error_row *r;

	st->has_errors = 1;
	mnl_attr_for_each_nested(a, nest) {
		if (mnl_attr_get_type(a) != ICMPGUARD_A_ERROR_ENTRY)
			continue;
		if (st->nerrors == STATS_ROWS || attr_parse(a, AS_ERR, tb) ||
		    !tb[ICMPGUARD_ERR_A_TYPE] || !tb[ICMPGUARD_ERR_A_CODE])
			return -EBADMSG;
		r = &st->errors[st->nerrors++];
		r->type = mnl_attr_get_u8(tb[ICMPGUARD_ERR_A_TYPE]);
		r->code = mnl_attr_get_u8(tb[ICMPGUARD_ERR_A_CODE]);
		r->sent = tb[ICMPGUARD_ERR_A_SENT] ?
			  attr_uint(tb[ICMPGUARD_ERR_A_SENT]) : 0;
		r->limited = tb[ICMPGUARD_ERR_A_LIMITED] ?
			     attr_uint(tb[ICMPGUARD_ERR_A_LIMITED]) : 0;
	}
	qsort(st->errors, st->nerrors, sizeof(*st->errors), error_cmp);
	return 0;
}

int stats_parse(const struct nlmsghdr *nlh, void *stats)
{
	const struct nlattr *tb[ATTR_TB_MAX];
	struct stats *st = stats;

	memset(st, 0, sizeof(*st));
	if (attr_parse_msg(nlh, AS_TOP, tb))
		return -EBADMSG;
	st->family = tb[ICMPGUARD_A_FAMILY] ?
		     mnl_attr_get_u8(tb[ICMPGUARD_A_FAMILY]) : AF_INET;
	if ((tb[ICMPGUARD_A_COUNTERS] &&
	     counters_parse(tb[ICMPGUARD_A_COUNTERS], st->counters,
			    &st->ncounters)) ||
	    (tb[ICMPGUARD_A_DROPS] &&
	     counters_parse(tb[ICMPGUARD_A_DROPS], st->drops, &st->ndrops)) ||
	    (tb[ICMPGUARD_A_RX_TYPES] &&
	     types_parse(tb[ICMPGUARD_A_RX_TYPES], st->rx, &st->nrx)) ||
	    (tb[ICMPGUARD_A_TX_TYPES] &&
	     types_parse(tb[ICMPGUARD_A_TX_TYPES], st->tx, &st->ntx)) ||
	    (tb[ICMPGUARD_A_ERRORS] && errors_parse(tb[ICMPGUARD_A_ERRORS], st)))
		return -EBADMSG;
	return 0;
}

int stats_fetch(const char *what, struct stats *st[2])
{
	struct nlmsghdr *nlh;
	unsigned int i;
	int ret = 0;

	for (i = 0; !ret && i < 2; i++) {
		if (!st[i])
			continue;
		nlh = request(ICMPGUARD_CMD_GET_STATS, NLM_F_ACK);
		if (!nlh)
			return EXIT_RUNTIME;
		mnl_attr_put_u8(nlh, ICMPGUARD_A_FAMILY, families[i].af);
		ret = get(what, nlh, stats_parse, st[i]);
	}
	return ret;
}

static void print_counters(const char *key, const char *title,
			   const struct counter *c, unsigned int n, int drop)
{
	const char *name;
	unsigned int i;

	print_section(title);
	open_json_object(key);
	for (i = 0; i < n; i++) {
		if (drop)
			name = name_of(&drops, c[i].id, "drop_");
		else
			name = counter_name(c[i].id);
		print_fp("  %-24s ", name);
		print_uint(PRINT_ANY, name, "%20llu\n", c[i].value);
	}
	close_json_object();
}

/* With detail, every named type has a row, seen or not. */
static void print_types(const char *key, const char *title,
			const struct family *f, const struct type_row *r,
			unsigned int n, unsigned int detail)
{
	const struct type_row none = { 0 }, *row;
	unsigned int t, i = 0;
	char buf[16];

	print_section(title);
	print_fp("  %4s  %-21s  %20s  %20s\n", "type", "name", "packets",
		 "bytes");
	open_json_array(key);
	for (t = 0; t < 256; t++) {
		row = i < n && r[i].type == t ? &r[i++] : &none;
		if (row == &none && !(detail && type_name(f, t)))
			continue;
		open_json_object(NULL);
		print_uint(PRINT_ANY, "type", "  %4llu", t);
		print_string(PRINT_ANY, "name", "  %-21s",
			     type_word(f, t, buf, sizeof(buf)));
		print_uint(PRINT_ANY, "packets", "  %20llu", row->packets);
		print_uint(PRINT_ANY, "bytes", "  %20llu\n", row->bytes);
		close_json_object();
	}
	close_json_array();
}

/* JSON has every row; text the rows not zero, or every row with detail. */
static void print_errors(const char *title, const struct family *f,
			 const struct stats *st, unsigned int detail)
{
	const struct error_row *r;
	enum output_type t;
	char buf[64];

	print_section(title);
	print_fp("  %4s  %4s  %-38s  %11s  %11s\n", "type", "code", "name",
		 "sent", "limited");
	open_json_array("errors");
	for (r = st->errors; r < st->errors + st->nerrors; r++) {
		t = detail || r->sent || r->limited ? PRINT_ANY : PRINT_JSON;
		open_json_object(NULL);
		print_uint(t, "type", "  %4llu", r->type);
		print_uint(t, "code", "  %4llu", r->code);
		print_string(t, "name", "  %-38s",
			     error_word(f, r->type, (int)r->code, buf,
					sizeof(buf)));
		print_uint(t, "sent", "  %11llu", r->sent);
		print_uint(t, "limited", "  %11llu\n", r->limited);
		close_json_object();
	}
	close_json_array();
}

void stats_print(const struct stats *st, unsigned int detail)
{
	static const char * const titles[2][5] = {
		{ "Counters", "Drops", "Received by type", "Sent by type",
		  "Errors by type/code" },
		{ "IPv6 counters", "IPv6 drops", "IPv6 received by type",
		  "IPv6 sent by type", "IPv6 errors by type/code" },
	};
	const struct family *f = family_of(st->family);
	const char * const *title = titles[f->af == AF_INET6];

	print_counters("counters", title[0], st->counters, st->ncounters, 0);
	print_counters("drops", title[1], st->drops, st->ndrops, 1);
	print_types("rx_types", title[2], f, st->rx, st->nrx, detail);
	print_types("tx_types", title[3], f, st->tx, st->ntx, detail);
	if (st->has_errors)
		print_errors(title[4], f, st, detail);
}

/* Both families unless -4 or -6: the caller frees st[0] and st[1]. */
static int stats_alloc(struct stats *st[2])
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		st[i] = NULL;
		if (family_wanted(opts.family, families[i].af)) {
			st[i] = malloc(sizeof(*st[i]));
			if (!st[i])
				return runtime_err("%s", strerror(ENOMEM));
		}
	}
	return 0;
}

int do_stats_show(int argc, char **argv)
{
	struct stats *st[2] = { NULL, NULL };
	struct vec src = { NULL, 0, 0 };
	int ret = no_args("stats", argc, argv);

	if (!ret)
		ret = stats_alloc(st);
	if (!ret)
		ret = stats_fetch("stats", st);
	/* With detail, the most limited sources too, if the module has any */
	if (!ret && opts.detail)
		ret = sources_fetch("stats", &src, 1);
	if (!ret) {
		new_json_obj(stdout, opts.json);
		if (st[0])
			stats_print(st[0], opts.detail);
		/* JSON: IPv4's at the top, IPv6's under "ipv6" */
		if (st[0] && st[1])
			open_json_object("ipv6");
		if (st[1])
			stats_print(st[1], opts.detail);
		if (st[0] && st[1])
			close_json_object();
		if (opts.detail)
			sources_print(&src, 1);
		ret = finish_output();
	}
	free(src.v);
	free(st[0]);
	free(st[1]);
	return ret;
}

int do_stats_reset(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	int ret = no_args("stats reset", argc, argv);

	if (ret)
		return ret;
	nlh = request(ICMPGUARD_CMD_RESET_STATS, NLM_F_ACK);
	return nlh ? talk("stats reset", nlh) : EXIT_RUNTIME;
}

int do_stats_prometheus(int argc, char **argv)
{
	struct stats *st[2] = { NULL, NULL };
	struct vec rules = { NULL, 0, 0 };
	int ret = no_args("stats prometheus", argc, argv);

	if (!ret && opts.json) {
		errmsg("stats prometheus: prints the Prometheus format, not JSON (drop -j)");
		ret = EXIT_USAGE;
	}
	if (!ret)
		ret = stats_alloc(st);
	if (!ret)
		ret = stats_fetch("stats", st);
	if (!ret)
		ret = rules_fetch("stats", &rules, 1);
	if (!ret) {
		prom_print(stdout, st, rules.v, rules.n, opts.netns);
		if (fflush(stdout) || ferror(stdout)) {
			errmsg("write error: %s", strerror(errno));
			ret = EXIT_RUNTIME;
		}
	}
	free(rules.v);
	free(st[0]);
	free(st[1]);
	return ret;
}
