/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the unit tests of icmpctl share: checks and their count, a strict
 * JSON validator, output capture, and messages built as the module does.
 */
#ifndef ICMPCTL_TEST_H
#define ICMPCTL_TEST_H

#include <stdio.h>
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

/*
 * What fn(arg) writes to stderr; its return value in *ret. Caller frees.
 */
char *capture_stderr(int (*fn)(void *arg), void *arg, int *ret);
char *capture_stdout(int (*fn)(void *arg), void *arg, int *ret);

/*
 * The words of text, split at spaces into buf (len bytes), into words (at
 * most max - 1, then NULL): their number.
 */
int test_words(const char *text, char *buf, size_t len, char **words,
	       int max);

/* What f(p) writes to a FILE; caller frees. */
char *capture_file(void (*fn)(FILE *f, void *arg), void *arg);

/* The tests of test_rule.c, test_events.c, test_batch.c and test_prom.c */
void test_rules(void);
void test_rule_files(void);
void test_config_flood(void);
void test_sources(void);
void test_events(void);
void test_monitor(void);
void test_batch(void);
void test_save(void);
void test_attrs(void);
void test_prom(void);
void test_commands(void);
/* The output of "stats prometheus" for hand-made replies, to stdout. */
void prom_sample(void);

#endif /* ICMPCTL_TEST_H */
