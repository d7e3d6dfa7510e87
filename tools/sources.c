// SPDX-License-Identifier: GPL-2.0
/*
 * The per-source flood table; see sources.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <libmnl/libmnl.h>

#include "icmpctl.h"
#include "print.h"

int source_parse(const struct nlmsghdr *nlh, void *source)
{
	const struct nlattr *top[ATTR_TB_MAX], *tb[ATTR_TB_MAX];
	struct source *s = source;

	memset(s, 0, sizeof(*s));
	if (attr_parse_msg(nlh, AS_TOP, top) || !top[ICMPGUARD_A_SOURCE] ||
	    attr_parse(top[ICMPGUARD_A_SOURCE], AS_SRC, tb) ||
	    prefix_get(tb[ICMPGUARD_SRC_A_ADDR], tb[ICMPGUARD_SRC_A_ADDR6],
		       tb[ICMPGUARD_SRC_A_PLEN], &s->pfx))
		return -EBADMSG;
	if (tb[ICMPGUARD_SRC_A_LIMITED])
		s->limited = attr_uint(tb[ICMPGUARD_SRC_A_LIMITED]);
	if (tb[ICMPGUARD_SRC_A_FLOODING])
		s->flooding = !!mnl_attr_get_u8(tb[ICMPGUARD_SRC_A_FLOODING]);
	return 0;
}

/* The most limited first, then by prefix. */
static int source_cmp(const void *a, const void *b)
{
	const struct source *x = a, *y = b;

	if (x->limited != y->limited)
		return x->limited > y->limited ? -1 : 1;
	return prefix_cmp(&x->pfx, &y->pfx);
}

int sources_fetch(const char *what, struct vec *v, int optional)
{
	int ret = dump(what, ICMPGUARD_CMD_GET_SOURCES, v,
		       sizeof(struct source), source_parse, optional);

	if (!ret && v->n)
		qsort(v->v, v->n, sizeof(struct source), source_cmp);
	return ret;
}

void sources_print(const struct vec *v, int top)
{
	const struct source *s = v->v;
	char buf[PREFIX_STRLEN];
	unsigned int i, shown = 0;

	print_section(top ? "Top limited sources" : "Sources");
	print_fp("  %-18s  %20s  %s\n", "source", "limited", "flooding");
	open_json_array(top ? "top_sources" : "sources");
	for (i = 0; i < v->n; i++) {
		if (!family_wanted(opts.family, s[i].pfx.family))
			continue;
		if (top && (shown == TOP_SOURCES || !s[i].limited))
			break;
		shown++;
		open_json_object(NULL);
		print_string(PRINT_ANY, "source", "  %-18s",
			     prefix_str(&s[i].pfx, buf, sizeof(buf)));
		print_string(PRINT_JSON, "family", NULL,
			     family_of(s[i].pfx.family)->name);
		print_uint(PRINT_ANY, "limited", "  %20llu", s[i].limited);
		print_yes_no(PRINT_ANY, "flooding", "  %s\n", s[i].flooding);
		close_json_object();
	}
	close_json_array();
}

int do_sources(int argc, char **argv)
{
	struct vec v = { NULL, 0, 0 };
	int ret = no_args("sources", argc, argv);

	if (!ret)
		ret = sources_fetch("sources", &v, 0);
	if (!ret) {
		new_json_obj(stdout, opts.json);
		sources_print(&v, 0);
		ret = finish_output();
	}
	free(v.v);
	return ret;
}
