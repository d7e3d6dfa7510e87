/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What icmpctl's commands share: options, the socket, error reporting and
 * the request patterns (do, do with a reply, dump). Each command returns
 * its exit status, after printing its one line of error if any.
 */
#ifndef ICMPCTL_CMD_H
#define ICMPCTL_CMD_H

#include <stdio.h>
#include <linux/types.h>
#include <libmnl/libmnl.h>

#include "netlink.h"
#include "print.h"

#define EXIT_RUNTIME	1
#define EXIT_USAGE	2

/* Times a dump interrupted by a concurrent change is tried in all. */
#define DUMP_TRIES	5

/* talk() flags */
#define TALK_ENOENT_IS_ANSWER	1	/* ENOENT is the command's own answer */

struct icmpctl_opts {
	int json;
	unsigned int detail;
	const char *netns;
};

extern struct icmpctl_opts opts;
extern struct nl nl;

/*
 * Where the words being read come from: "" for the command line,
 * "FILE:LINE: " while a file of commands is read. err_after: "", or what
 * a file of commands had changed before an error, "(... applied)".
 */
extern const char *err_where;
extern const char *err_after;

/* Every error: one line on stderr. fmt is a literal, checked by printf. */
#define errmsg(fmt, ...) \
	fprintf(stderr, "icmpctl: %s" fmt "%s\n", err_where, ##__VA_ARGS__, \
		err_after)

/* The warning of the module, after a request it took. */
#define warnmsg(msg) \
	fprintf(stderr, "icmpctl: %swarning: %s\n", err_where, msg)

/* A word left over after a command's arguments: EXIT_USAGE. */
int extra_word(const char *what, const char *word);
/* A command that needs no argument: 0, or EXIT_USAGE. */
int no_args(const char *what, int argc, char **argv);

/*
 * Enters the namespace, opens the socket and finds the family, once: 0, or
 * -1 after the error line.
 */
int connect_kernel(void);
/*
 * The line for an error of the kernel, or of the exchange with it, into
 * buf (without "icmpctl: "): the extended ACK's message, and the name of
 * the attribute of the request it points at, when it does.
 */
void kernel_error_text(char *buf, size_t len, const char *what, int err,
		       unsigned int flags);
/* kernel_error_text() on stderr. */
void kernel_error(const char *what, int err, unsigned int flags);
/* A do request: 0, or the exit status after an error was printed. */
int talk(const char *what, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
	 unsigned int flags);
/* A do request without attributes nor reply. */
int simple_cmd(const char *what, __u8 cmd, int argc, char **argv);

/*
 * The decoders flag what they refuse, to tell it from a kernel error. A
 * reply callback sets malformed, errno = EBADMSG and returns MNL_CB_ERROR.
 */
struct reply {
	void *out;
	int malformed;
	int got;
};

/* A do request with one reply, decoded by cb into out. */
int get(const char *what, __u8 cmd, mnl_cb_t cb, void *out);

/*
 * A dump request built in nl.sbuf, sent again (up to DUMP_TRIES times)
 * while the kernel says it was interrupted; reset(data) runs before each
 * try. *malformed is set by cb. 0, or the exit status after an error was
 * printed.
 */
int dump(const char *what, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
	 void (*reset)(void *data), const int *malformed);
/* The two halves of dump(): the tries (0, or -errno), and the error line. */
int dump_raw(struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
	     void (*reset)(void *data), const int *malformed);
int dump_report(const char *what, int ret, int malformed);

/* Ends the output of a command: 0, or EXIT_RUNTIME on a write error. */
int finish_output(struct printer *p);

/*
 * Room for one more element in a growing array of n elements of size
 * bytes: the array, maybe moved (*cap updated), or NULL (arr kept).
 */
void *array_grow(void *arr, unsigned int n, unsigned int *cap, size_t size);

/*
 * The words of line, cut at '#', into *words (grown, *cap its room): their
 * number, or -ENOMEM. line is cut into the words.
 */
int split_words(char *line, char ***words, unsigned int *cap);

/*
 * The module's counters and configuration: 0, or the exit status after
 * the error line.
 */
struct icg_stats;
struct icg_config;
int stats_fetch(const char *what, struct icg_stats *st);
int config_fetch(const char *what, struct icg_config *cfg);

/* The commands of the other files. */
int do_stats_show(int argc, char **argv);
int do_stats_reset(int argc, char **argv);
int do_stats_prometheus(int argc, char **argv);
int do_config_show(int argc, char **argv);
int do_owned_list(int argc, char **argv);
int do_owned_add(int argc, char **argv);
int do_owned_del(int argc, char **argv);
int do_owned_flush(int argc, char **argv);
int do_save(int argc, char **argv);
int do_set(int argc, char **argv);
int do_rule_list(int argc, char **argv);
int do_rule_add(int argc, char **argv);
int do_rule_insert(int argc, char **argv);
int do_rule_del(int argc, char **argv);
int do_rule_flush(int argc, char **argv);
int do_rule_replace(int argc, char **argv);
int do_profile(int argc, char **argv);
int do_monitor(int argc, char **argv);
int do_sources(int argc, char **argv);

#endif /* ICMPCTL_CMD_H */
