// SPDX-License-Identifier: GPL-2.0
/*
 * The settings of a namespace as attributes: GET_CONFIG decoded, a change
 * encoded; icmpctl config and set. See config.h.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>

#include "icmpctl.h"
#include "print.h"

static int erate_parse(const struct nlattr *entry, struct erate *e)
{
	const struct nlattr *tb[ATTR_TB_MAX];

	if (attr_parse(entry, AS_ERATE, tb) || !tb[ICMPGUARD_ERATE_A_TYPE] ||
	    !tb[ICMPGUARD_ERATE_A_RATE] || !tb[ICMPGUARD_ERATE_A_BURST])
		return -EBADMSG;
	e->family = tb[ICMPGUARD_ERATE_A_FAMILY] ?
		    mnl_attr_get_u8(tb[ICMPGUARD_ERATE_A_FAMILY]) : AF_INET;
	e->type = mnl_attr_get_u8(tb[ICMPGUARD_ERATE_A_TYPE]);
	e->code = tb[ICMPGUARD_ERATE_A_CODE] ?
		  mnl_attr_get_u8(tb[ICMPGUARD_ERATE_A_CODE]) : -1;
	e->rate = mnl_attr_get_u32(tb[ICMPGUARD_ERATE_A_RATE]);
	e->burst = mnl_attr_get_u32(tb[ICMPGUARD_ERATE_A_BURST]);
	return 0;
}

static int erates_parse(const struct nlattr *list, struct config *c)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, list) {
		if (mnl_attr_get_type(a) != ICMPGUARD_A_ERROR_RATE)
			continue;
		if (c->nerates == ERATES_MAX ||
		    erate_parse(a, &c->erates[c->nerates++]))
			return -EBADMSG;
	}
	return 0;
}

int config_parse(const struct nlmsghdr *nlh, void *config)
{
	const struct nlattr *top[ATTR_TB_MAX], *tb[ATTR_TB_MAX];
	struct config *c = config;
	unsigned int i;

	memset(c, 0, sizeof(*c));
	if (attr_parse_msg(nlh, AS_TOP, top))
		return -EBADMSG;
	if (top[ICMPGUARD_A_GENERATION])
		c->generation = mnl_attr_get_u32(top[ICMPGUARD_A_GENERATION]);
	if (!top[ICMPGUARD_A_CONFIG])
		return 0;
	if (attr_parse(top[ICMPGUARD_A_CONFIG], AS_CFG, tb))
		return -EBADMSG;
	for (i = 1; i < __ICMPGUARD_CFG_A_MAX; i++) {
		if (!tb[i])
			continue;
		if (i == ICMPGUARD_CFG_A_ERROR_RATES) {
			if (erates_parse(tb[i], c))
				return -EBADMSG;
		} else if (attr_len(AS_CFG, i) == sizeof(c->source6)) {
			memcpy(c->source6, mnl_attr_get_payload(tb[i]),
			       sizeof(c->source6));
		} else {
			c->val[i] = (__u32)attr_uint(tb[i]);
		}
		c->present |= 1U << i;
	}
	return 0;
}

void config_put(struct nlmsghdr *nlh, const struct config *c)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, ICMPGUARD_A_CONFIG);
	struct nlattr *list, *entry;
	const struct erate *e;
	unsigned int i;

	if (c->mask) {
		mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_FLAGS,
				 c->val[ICMPGUARD_CFG_A_FLAGS]);
		mnl_attr_put_u32(nlh, ICMPGUARD_CFG_A_FLAGS_MASK, c->mask);
	}
	for (i = ICMPGUARD_CFG_A_FLAGS_MASK + 1; i < __ICMPGUARD_CFG_A_MAX;
	     i++) {
		if (!config_has(c, i) || i == ICMPGUARD_CFG_A_ERROR_RATES)
			continue;
		if (attr_len(AS_CFG, i) == sizeof(c->source6))
			mnl_attr_put(nlh, i, sizeof(c->source6), c->source6);
		else if (attr_len(AS_CFG, i) == 1)
			mnl_attr_put_u8(nlh, i, (__u8)c->val[i]);
		else	/* u32, or be32 in network order already */
			mnl_attr_put_u32(nlh, i, c->val[i]);
	}
	if (c->nerates) {
		/* In the order given: a type, then one of its codes. */
		list = mnl_attr_nest_start(nlh, ICMPGUARD_CFG_A_ERROR_RATES);
		for (e = c->erates; e < c->erates + c->nerates; e++) {
			entry = mnl_attr_nest_start(nlh, ICMPGUARD_A_ERROR_RATE);
			if (e->family == AF_INET6)
				mnl_attr_put_u8(nlh, ICMPGUARD_ERATE_A_FAMILY,
						AF_INET6);
			mnl_attr_put_u8(nlh, ICMPGUARD_ERATE_A_TYPE, e->type);
			if (e->code >= 0)
				mnl_attr_put_u8(nlh, ICMPGUARD_ERATE_A_CODE,
						(__u8)e->code);
			mnl_attr_put_u32(nlh, ICMPGUARD_ERATE_A_RATE, e->rate);
			if (e->burst)
				mnl_attr_put_u32(nlh, ICMPGUARD_ERATE_A_BURST,
						 e->burst);
			mnl_attr_nest_end(nlh, entry);
		}
		mnl_attr_nest_end(nlh, list);
	}
	mnl_attr_nest_end(nlh, nest);
}

int config_fetch(const char *what, struct config *c)
{
	struct nlmsghdr *nlh = request(ICMPGUARD_CMD_GET_CONFIG, NLM_F_ACK);

	return nlh ? get(what, nlh, config_parse, c) : EXIT_RUNTIME;
}

int do_config_show(int argc, char **argv)
{
	struct config c;
	int ret = no_args("config", argc, argv);

	if (!ret)
		ret = config_fetch("config", &c);
	if (ret)
		return ret;
	new_json_obj(stdout, opts.json);
	settings_print(&c, opts.family, "");
	return finish_output();
}

int set_put(struct batch *b, int argc, char **argv)
{
	struct config c;
	struct nlmsghdr *nlh;
	/* A file says its families: saved IPv4 lines have no word. */
	int ret = settings_parse(&c, b->file ? 0 : opts.family, argc, argv);

	if (ret)
		return ret;
	nlh = batch_room(b, CONFIG_ROOM);
	if (!nlh)
		return EXIT_RUNTIME;
	config_put(nlh, &c);
	return 0;
}

int config_reset_put(struct batch *b, int argc, char **argv)
{
	int ret = no_args("config reset", argc, argv);

	return ret ? ret : batch_flush(b, ICMPGUARD_FLUSH_F_SETTINGS);
}
