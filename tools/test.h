/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the unit tests of icmpctl share: checks and their count, a strict
 * JSON validator, output capture, and messages built as the module does.
 */
#ifndef ICMPCTL_TEST_H
#define ICMPCTL_TEST_H

#include <linux/netlink.h>
#include <linux/types.h>

#include "print.h"

extern unsigned int passed, failed;

void check(int ok, const char *what);
void check_str(const char *got, const char *want, const char *what);

/* Whether doc is one valid JSON value followed by a newline. */
int json_valid(const char *doc);

/* Concatenation of a NULL-terminated list of strings; caller frees. */
char *join(const char * const *pieces);

/* What fn(p, obj) prints through a fresh printer; caller frees. */
char *render_fn(void (*fn)(struct printer *p, void *obj), void *obj,
		int json);

/* Text and JSON output of fn(p, obj); the JSON given as pieces. */
void check_output(void (*fn)(struct printer *p, void *obj), void *obj,
		  const char *text, const char * const *json_pieces,
		  const char *what);

#define MSGBUF_WORDS	8192

/* One message at a time, built in msgbuf. */
extern __u64 msgbuf[MSGBUF_WORDS];
struct nlmsghdr *msg_start(__u8 cmd);
/* As nla_put_u64_64bit() does it, the PAD attribute before the value. */
void put_u64(struct nlmsghdr *nlh, __u16 type, __u16 pad, __u64 v);

/* The tests of test_rule.c and test_events.c */
void test_rules(void);
void test_rule_files(void);
void test_config_flood(void);
void test_sources(void);
void test_events(void);
void test_monitor(void);

#endif /* ICMPCTL_TEST_H */
