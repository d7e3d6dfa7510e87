// SPDX-License-Identifier: GPL-2.0
/*
 * icmpctl owned: the prefixes the module answers echo for.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>

#include "../module/uapi/icmpguard.h"
#include "cmd.h"
#include "owned.h"
#include "parse.h"
#include "show.h"

int owned_prefix_arg(const char *what, int argc, char **argv,
		     struct icg_prefix *pfx)
{
	char buf[INET_ADDRSTRLEN + 4];

	if (!argc) {
		errmsg("%s: missing prefix", what);
		return EXIT_USAGE;
	}
	switch (parse_prefix(argv[0], pfx)) {
	case 0:
		break;
	case PREFIX_HOST_BITS:
		icg_prefix_format(pfx, buf, sizeof(buf));
		errmsg("%s: host bits set (did you mean %s?)", argv[0], buf);
		return EXIT_USAGE;
	default:
		errmsg("invalid prefix \"%s\"", argv[0]);
		return EXIT_USAGE;
	}
	return argc > 1 ? extra_word(what, argv[1]) : 0;
}

struct nlmsghdr *owned_request(__u8 cmd, const struct icg_prefix *pfx)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	nlh = nl_request(&nl, cmd, ICMPGUARD_GENL_VERSION, NLM_F_ACK);
	if (cmd == ICMPGUARD_CMD_FLUSH_OWNED)
		return nlh;
	nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_PREFIX);
	mnl_attr_put(nlh, ICMPGUARD_PFX_A_ADDR, sizeof(pfx->addr), &pfx->addr);
	mnl_attr_put_u8(nlh, ICMPGUARD_PFX_A_PLEN, (__u8)pfx->plen);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static int owned_change(const char *what, __u8 cmd, int argc, char **argv)
{
	char ctx[64], buf[INET_ADDRSTRLEN + 4];
	struct icg_prefix pfx;
	struct nlmsghdr *nlh;
	int ret = owned_prefix_arg(what, argc, argv, &pfx);

	if (ret)
		return ret;
	if (connect_kernel())
		return EXIT_RUNTIME;
	nlh = owned_request(cmd, &pfx);
	icg_prefix_format(&pfx, buf, sizeof(buf));
	snprintf(ctx, sizeof(ctx), "%s %s", what, buf);
	return talk(ctx, nlh, NULL, NULL,
		    cmd == ICMPGUARD_CMD_DEL_OWNED ? TALK_ENOENT_IS_ANSWER : 0);
}

int do_owned_add(int argc, char **argv)
{
	return owned_change("owned add", ICMPGUARD_CMD_ADD_OWNED, argc, argv);
}

int do_owned_del(int argc, char **argv)
{
	return owned_change("owned del", ICMPGUARD_CMD_DEL_OWNED, argc, argv);
}

static int owned_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct owned_list *l = data;
	struct icg_prefix *grown;

	grown = array_grow(l->pfx, l->n, &l->cap, sizeof(*grown));
	if (!grown) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	l->pfx = grown;
	if (icg_prefix_parse(nlh, &l->pfx[l->n])) {
		l->malformed = 1;
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	l->n++;
	return MNL_CB_OK;
}

static void owned_reset(void *data)
{
	struct owned_list *l = data;

	l->n = 0;
}

int owned_fetch(const char *what, struct owned_list *l)
{
	struct nlmsghdr *nlh;

	if (connect_kernel())
		return EXIT_RUNTIME;
	nlh = nl_request(&nl, ICMPGUARD_CMD_GET_OWNED, ICMPGUARD_GENL_VERSION,
			 NLM_F_DUMP);
	return dump(what, nlh, owned_dump_cb, l, owned_reset, &l->malformed);
}

int do_owned_list(int argc, char **argv)
{
	struct owned_list l = { NULL, 0, 0, 0 };
	struct printer p;
	int ret = no_args("owned list", argc, argv);

	if (ret)
		return ret;
	ret = owned_fetch("owned list", &l);
	if (!ret) {
		pr_init(&p, stdout, opts.json);
		pr_begin(&p);
		icg_owned_print(&p, l.pfx, l.n);
		ret = finish_output(&p);
	}
	free(l.pfx);
	return ret;
}

int do_owned_flush(int argc, char **argv)
{
	return simple_cmd("owned flush", ICMPGUARD_CMD_FLUSH_OWNED, argc,
			  argv);
}
