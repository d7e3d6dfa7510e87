// SPDX-License-Identifier: GPL-2.0
/*
 * The per-source flood table; see sources.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <libmnl/libmnl.h>

#include "../module/uapi/icmpguard.h"
#include "cmd.h"
#include "sources.h"
#include "util.h"

struct source_walk {
	struct icg_source *s;
	unsigned int seen;	/* 1: address, 2: length */
	int got;
};

static int source_attr_cb(const struct nlattr *a, void *data)
{
	struct source_walk *w = data;
	__u64 v;

	switch (mnl_attr_get_type(a)) {
	case ICMPGUARD_SRC_A_ADDR:
		if (mnl_attr_validate(a, MNL_TYPE_U32))
			return MNL_CB_ERROR;
		w->s->pfx.addr = mnl_attr_get_u32(a);
		w->seen |= 1;
		break;
	case ICMPGUARD_SRC_A_PLEN:
		if (mnl_attr_validate(a, MNL_TYPE_U8) ||
		    mnl_attr_get_u8(a) > 32)
			return MNL_CB_ERROR;
		w->s->pfx.plen = mnl_attr_get_u8(a);
		w->seen |= 2;
		break;
	case ICMPGUARD_SRC_A_LIMITED:
		if (mnl_attr_validate(a, MNL_TYPE_U64) == 0)
			v = mnl_attr_get_u64(a);
		else if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			v = mnl_attr_get_u32(a);
		else
			return MNL_CB_ERROR;
		w->s->limited = v;
		break;
	case ICMPGUARD_SRC_A_FLOODING:
		if (mnl_attr_validate(a, MNL_TYPE_U8))
			return MNL_CB_ERROR;
		w->s->flooding = !!mnl_attr_get_u8(a);
		break;
	default:
		break;		/* PAD, or newer than this icmpctl */
	}
	return MNL_CB_OK;
}

static int source_cb(const struct nlattr *a, void *data)
{
	struct source_walk *w = data;

	if (mnl_attr_get_type(a) != ICMPGUARD_A_SOURCE)
		return MNL_CB_OK;
	if (w->got || mnl_attr_validate(a, MNL_TYPE_NESTED) ||
	    mnl_attr_parse_nested(a, source_attr_cb, w) < 0)
		return MNL_CB_ERROR;
	w->got = 1;
	return MNL_CB_OK;
}

int icg_source_parse(const struct nlmsghdr *nlh, struct icg_source *s)
{
	struct source_walk w = { s, 0, 0 };

	memset(s, 0, sizeof(*s));
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr) ||
	    mnl_attr_parse(nlh, sizeof(struct genlmsghdr), source_cb, &w) < 0 ||
	    !w.got || w.seen != 3)
		return -EBADMSG;
	return 0;
}

static int source_cmp(const void *a, const void *b)
{
	const struct icg_source *x = a, *y = b;
	__u32 ax = ntohl(x->pfx.addr), ay = ntohl(y->pfx.addr);

	if (x->limited != y->limited)
		return x->limited > y->limited ? -1 : 1;
	if (ax != ay)
		return ax < ay ? -1 : 1;
	return (x->pfx.plen > y->pfx.plen) - (x->pfx.plen < y->pfx.plen);
}

void icg_sources_sort(struct icg_source *src, unsigned int n)
{
	if (n)
		qsort(src, n, sizeof(*src), source_cmp);
}

static const struct pr_column source_columns[] = {
	{ "source",	"source",	18,	1 },
	{ "limited",	"limited",	20,	0 },
	{ "flooding",	"flooding",	8,	1 },
};

static void print_table(struct printer *p, const char *key, const char *title,
			const struct icg_source *src, unsigned int n)
{
	char buf[INET_ADDRSTRLEN + 4];
	unsigned int i;

	pr_table_open(p, key, title, source_columns,
		      ARRAY_SIZE(source_columns));
	for (i = 0; i < n; i++) {
		icg_prefix_format(&src[i].pfx, buf, sizeof(buf));
		pr_row_open(p);
		pr_cell_str(p, buf);
		pr_cell_u64(p, src[i].limited);
		pr_cell_bool(p, src[i].flooding);
		pr_row_close(p);
	}
	pr_table_close(p);
}

void icg_sources_print(struct printer *p, struct icg_source *src,
		       unsigned int n)
{
	icg_sources_sort(src, n);
	print_table(p, "sources", "Sources", src, n);
}

void icg_top_sources_print(struct printer *p, struct icg_source *src,
			   unsigned int n)
{
	unsigned int top;

	icg_sources_sort(src, n);
	for (top = 0; top < n && top < ICG_TOP_SOURCES && src[top].limited;
	     top++)
		;
	print_table(p, "top_sources", "Top limited sources", src, top);
}

static int source_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct icg_source_list *l = data;
	struct icg_source *grown;

	grown = array_grow(l->src, l->n, &l->cap, sizeof(*grown));
	if (!grown) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	l->src = grown;
	if (icg_source_parse(nlh, &l->src[l->n])) {
		l->malformed = 1;
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	l->n++;
	return MNL_CB_OK;
}

static void source_reset(void *data)
{
	struct icg_source_list *l = data;

	l->n = 0;
}

int icg_sources_fetch(const char *what, struct icg_source_list *l,
		      int optional)
{
	struct nlmsghdr *nlh;
	int ret;

	nlh = nl_request(&nl, ICMPGUARD_CMD_GET_SOURCES,
			 ICMPGUARD_GENL_VERSION, NLM_F_DUMP);
	ret = dump_raw(nlh, source_dump_cb, l, source_reset, &l->malformed);
	if (optional && ret == -EOPNOTSUPP && !l->malformed) {
		l->n = 0;
		return 0;
	}
	return dump_report(what, ret, l->malformed);
}

int do_sources(int argc, char **argv)
{
	struct icg_source_list l = { NULL, 0, 0, 0 };
	struct printer p;
	int ret = no_args("sources", argc, argv);

	if (ret)
		return ret;
	if (connect_kernel())
		return EXIT_RUNTIME;
	ret = icg_sources_fetch("sources", &l, 0);
	if (!ret) {
		pr_init(&p, stdout, opts.json);
		pr_begin(&p);
		icg_sources_print(&p, l.src, l.n);
		ret = finish_output(&p);
	}
	free(l.src);
	return ret;
}
