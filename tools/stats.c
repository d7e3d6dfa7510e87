// SPDX-License-Identifier: GPL-2.0
/*
 * icmpctl stats and icmpctl config: the counters and the configuration,
 * and their fetching for the other commands (save, stats prometheus).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "../module/uapi/icmpguard.h"
#include "cmd.h"
#include "show.h"
#include "sources.h"

static int stats_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reply *r = data;

	if (icg_stats_parse(nlh, r->out)) {
		r->malformed = 1;
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	r->got = 1;
	return MNL_CB_OK;
}

static int config_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reply *r = data;

	if (icg_config_parse(nlh, r->out)) {
		r->malformed = 1;
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	r->got = 1;
	return MNL_CB_OK;
}

int stats_fetch(const char *what, struct icg_stats *st)
{
	return get(what, ICMPGUARD_CMD_GET_STATS, stats_reply_cb, st);
}

int config_fetch(const char *what, struct icg_config *cfg)
{
	return get(what, ICMPGUARD_CMD_GET_CONFIG, config_reply_cb, cfg);
}

int do_stats_show(int argc, char **argv)
{
	struct icg_source_list l = { NULL, 0, 0, 0 };
	struct icg_stats *st;
	struct printer p;
	int ret = no_args("stats", argc, argv);

	if (ret)
		return ret;
	st = malloc(sizeof(*st));
	if (!st) {
		errmsg("%s", strerror(ENOMEM));
		return EXIT_RUNTIME;
	}
	ret = stats_fetch("stats", st);
	/* With detail, the most limited sources too, if the module has any */
	if (!ret && opts.detail)
		ret = icg_sources_fetch("stats", &l, 1);
	if (!ret) {
		pr_init(&p, stdout, opts.json);
		pr_begin(&p);
		icg_stats_print(&p, st, opts.detail);
		if (opts.detail)
			icg_top_sources_print(&p, l.src, l.n);
		ret = finish_output(&p);
	}
	free(l.src);
	free(st);
	return ret;
}

int do_stats_reset(int argc, char **argv)
{
	return simple_cmd("stats reset", ICMPGUARD_CMD_RESET_STATS, argc,
			  argv);
}

int do_config_show(int argc, char **argv)
{
	struct icg_config cfg;
	struct printer p;
	int ret = no_args("config", argc, argv);

	if (ret)
		return ret;
	ret = config_fetch("config", &cfg);
	if (ret)
		return ret;
	pr_init(&p, stdout, opts.json);
	pr_begin(&p);
	icg_config_print(&p, &cfg);
	return finish_output(&p);
}
