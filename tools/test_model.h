/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small model of the module's state for the unit tests: configuration,
 * owned prefixes and rules, changed by requests as the module changes it,
 * and listed as the module lists it.
 */
#ifndef ICMPCTL_TEST_MODEL_H
#define ICMPCTL_TEST_MODEL_H

#include <sys/types.h>
#include <linux/netlink.h>
#include <linux/types.h>

#include "../module/uapi/icmpguard.h"
#include "rule.h"
#include "show.h"

#define NSLOTS		21	/* error budgets: 3/0-15, 11/0-1, 12/0-2 */
#define MODEL_OWNED	16
#define MODEL_RULES	32

struct model {
	__u32 flags;
	__u32 val[ICMPGUARD_CFG_A_MAX + 1];
	__u32 rate[NSLOTS];
	__u32 burst[NSLOTS];
	struct icg_prefix owned[MODEL_OWNED];
	unsigned int nowned;
	struct icg_rule rules[MODEL_RULES];
	unsigned int nrules;
	__u32 handle;		/* the last one given */
};

/* A SET_CONFIG request, as the module applies it. */
void model_apply_config(struct model *m, const struct nlmsghdr *nlh);
/* The GET_CONFIG reply of the model, in msgbuf. */
struct nlmsghdr *model_config_msg(const struct model *m);
/* A rule in words, with a handle, last. */
void model_add_rule(struct model *m, const char *text);
/* A random state: the input rules first, as the module lists them. */
void model_random(struct model *m);

/* The GET_STATS reply of test_prom.c, in msgbuf. */
struct nlmsghdr *prom_stats_msg(void);

/* The fake module of test_kernel.c, which m is the state of. */
struct fake_kernel {
	struct model *m;
	int peer;			/* the socket it answers from */
	unsigned int sent[ICMPGUARD_CMD_MAX + 1];	/* requests, by command */
	unsigned int refuse_cmd;	/* refuse the next such request */
	unsigned int refuse_after;	/* after as many accepted */
	int refuse_errno;
	const char *refuse_msg;
	unsigned int refuse_attr;	/* offset: of this ICMPGUARD_CFG_A_* */
};

extern struct fake_kernel fake_kernel;

/* The libmnl function the test program is linked to wrap, and the real */
struct mnl_socket;
ssize_t __real_mnl_socket_sendto(const struct mnl_socket *nl,
				 const void *buf, size_t len);
ssize_t __wrap_mnl_socket_sendto(const struct mnl_socket *nl,
				 const void *buf, size_t len);

/* Opens the socket of cmd.h on the fake module of m: 0, or -1. */
int fake_kernel_open(struct model *m);
void fake_kernel_close(void);

#endif /* ICMPCTL_TEST_MODEL_H */
