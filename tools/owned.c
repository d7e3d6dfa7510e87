// SPDX-License-Identifier: GPL-2.0
/*
 * icmpctl owned: the prefixes the module answers for.
 */
#include <errno.h>
#include <stdlib.h>
#include <libmnl/libmnl.h>

#include "icmpctl.h"
#include "print.h"

/* PREFIX, alone: 0, or EXIT_USAGE after the error line. */
static int prefix_arg(const char *what, int argc, char **argv,
		      struct prefix *p)
{
	char buf[PREFIX_STRLEN];

	if (!argc)
		return usage_err("%s: missing prefix", what);
	switch (prefix_parse(argv[0], 0, p)) {
	case 0:
		break;
	case PREFIX_HOST_BITS:
		return usage_err("%s: host bits set (did you mean %s?)", argv[0],
				 prefix_str(p, buf, sizeof(buf)));
	default:
		return usage_err("invalid prefix \"%s\"", argv[0]);
	}
	return argc > 1 ? extra_word(what, argv[1]) : 0;
}

static int owned_put(struct batch *b, __u16 type, const char *what, int argc,
		     char **argv)
{
	char buf[PREFIX_STRLEN];
	struct nlmsghdr *nlh;
	struct prefix p;
	int ret = prefix_arg(what, argc, argv, &p);

	if (ret)
		return ret;
	snprintf(b->what, sizeof(b->what), "%s %s", what,
		 prefix_str(&p, buf, sizeof(buf)));
	nlh = batch_room(b, 64);
	if (!nlh)
		return EXIT_RUNTIME;
	prefix_put(nlh, type, &p);
	return 0;
}

int owned_add_put(struct batch *b, int argc, char **argv)
{
	return owned_put(b, ICMPGUARD_A_PREFIX, "owned add", argc, argv);
}

int owned_del_put(struct batch *b, int argc, char **argv)
{
	return owned_put(b, ICMPGUARD_A_PREFIX_DEL, "owned del", argc, argv);
}

int owned_flush_put(struct batch *b, int argc, char **argv)
{
	int ret = no_args("owned flush", argc, argv);

	return ret ? ret : batch_flush(b, ICMPGUARD_FLUSH_F_OWNED);
}

static int owned_parse(const struct nlmsghdr *nlh, void *prefix)
{
	const struct nlattr *tb[ATTR_TB_MAX];

	if (attr_parse_msg(nlh, AS_TOP, tb) || !tb[ICMPGUARD_A_PREFIX])
		return -EBADMSG;
	return prefix_get_nest(tb[ICMPGUARD_A_PREFIX], prefix);
}

static int prefix_order(const void *a, const void *b)
{
	return prefix_cmp(a, b);
}

int owned_fetch(const char *what, struct vec *v)
{
	int ret = dump(what, ICMPGUARD_CMD_GET_OWNED, v, sizeof(struct prefix),
		       owned_parse, 0);

	if (!ret && v->n)
		qsort(v->v, v->n, sizeof(struct prefix), prefix_order);
	return ret;
}

int do_owned_list(int argc, char **argv)
{
	struct vec v = { NULL, 0, 0 };
	const struct prefix *p;
	char buf[PREFIX_STRLEN];
	int ret = no_args("owned list", argc, argv);

	if (!ret)
		ret = owned_fetch("owned list", &v);
	if (ret) {
		free(v.v);
		return ret;
	}
	new_json_obj(stdout, opts.json);
	open_json_array("owned");
	for (p = v.v; p < (struct prefix *)v.v + v.n; p++)
		if (family_wanted(opts.family, p->family))
			print_string(PRINT_ANY, NULL, "%s\n",
				     prefix_str(p, buf, sizeof(buf)));
	close_json_array();
	free(v.v);
	return finish_output();
}
