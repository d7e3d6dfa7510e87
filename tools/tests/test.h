/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What icmpctl's unit tests share: checks, a strict JSON validator, the
 * output of a printer as a string, and messages built as the module
 * builds them.
 */
#ifndef ICMPCTL_TEST_H
#define ICMPCTL_TEST_H

#include "../icmpctl.h"
#include "../print.h"

extern unsigned int passed, failed;

void check(int ok, const char *what);
void check_str(const char *got, const char *want, const char *what);
/* Whether doc is one valid JSON value followed by a newline. */
int json_valid(const char *doc);

/*
 * The pieces, up to NULL, as one string (static, four in turn): long
 * expected lines written one piece a line.
 */
const char *join(const char * const *pieces);
/* The same of its arguments, up to NULL */
const char *cat(const char *first, ...);

/* What fn(arg) prints as one document, text or JSON; caller frees. */
char *render(void (*fn)(const void *arg), const void *arg, int json);
/* Its text and its JSON (valid, and equal to json when not NULL). */
void check_render(void (*fn)(const void *arg), const void *arg,
		  const char *text, const char *json, const char *what);

/* What fn(arg) writes to stderr, its status in *ret; caller frees. */
char *capture_stderr(int (*fn)(void *arg), void *arg, int *ret);
char *capture_stdout(int (*fn)(void *arg), void *arg, int *ret);

/* One message at a time, in msgbuf, as the module sends it. */
#define MSGBUF_WORDS	BIT(17)
extern __u64 msgbuf[MSGBUF_WORDS];
struct nlmsghdr *msg_start(__u8 cmd);
/* text cut at spaces into words (in buf): their number */
int words_of(const char *text, char *buf, size_t len, char **words, int max);

/* The kernel of test_netlink.c: mnl_socket_sendto, wrapped by the linker */
ssize_t __real_mnl_socket_sendto(const struct mnl_socket *nls,
				 const void *buf, size_t len);
ssize_t __wrap_mnl_socket_sendto(const struct mnl_socket *nls,
				 const void *buf, size_t len);

void test_words(void);
void test_rules(void);
void test_replies(void);
void test_batch(void);
void test_netlink(void);
void prom_sample(void);

#endif /* ICMPCTL_TEST_H */
