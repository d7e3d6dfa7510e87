/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What icmpctl's files share. Each command returns its exit status after
 * printing its one line of error, if any: 0, EXIT_RUNTIME (the kernel
 * refused, the module is missing) or EXIT_USAGE (a word is wrong, found
 * before the kernel is asked anything).
 */
#ifndef ICMPCTL_H
#define ICMPCTL_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/types.h>

#include "../module/uapi/icmpguard.h"
#include "netlink.h"

#define ARRAY_SIZE(arr)	(sizeof(arr) / sizeof((arr)[0]))
#define BIT(n)		(1U << (n))

static inline int streq(const char *a, const char *b)
{
	return !strcmp(a, b);
}

/* ctl.c: options, errors, requests */

#define EXIT_RUNTIME	1
#define EXIT_USAGE	2

struct icmpctl_opts {
	int json;
	unsigned int detail;
	const char *netns;
	int family;		/* -4, -6: AF_INET, AF_INET6; 0: both */
};

extern struct icmpctl_opts opts;
extern struct nl nl;
/* "" on the command line, "FILE:LINE: " while a file is read */
extern const char *err_where;

#define errmsg(fmt, ...) \
	fprintf(stderr, "icmpctl: %s" fmt "\n", err_where, ##__VA_ARGS__)
/* The same, then EXIT_USAGE or EXIT_RUNTIME. */
#define usage_err(fmt, ...)	(errmsg(fmt, ##__VA_ARGS__), EXIT_USAGE)
#define runtime_err(fmt, ...)	(errmsg(fmt, ##__VA_ARGS__), EXIT_RUNTIME)

/* A word left over: EXIT_USAGE after saying so. */
int extra_word(const char *what, const char *word);
#define DIR_WORDS	"expected \"input\" or \"forward\""
int no_args(const char *what, int argc, char **argv);

/* Enters the namespace, opens the socket, finds the family, once. */
int connect_kernel(void);
/* A request in nl.sbuf, connected first: NULL after the error line. */
struct nlmsghdr *request(__u8 cmd, __u16 flags);
/* The kernel's error for what (NULL: said before): its extended ACK, and
 * the attribute of the request it points at. kernel_error: EXIT_RUNTIME.
 */
void kernel_error_text(char *buf, size_t len, const char *what, int err);
int kernel_error(const char *what, int err);

/* Decodes a reply into item: 0, or -EBADMSG. */
typedef int (*decode_fn)(const struct nlmsghdr *nlh, void *item);
int talk(const char *what, struct nlmsghdr *nlh);
int get(const char *what, struct nlmsghdr *nlh, decode_fn decode, void *out);

/* A growing array, as a dump fills it. */
struct vec {
	void *v;
	unsigned int n;
	unsigned int cap;
};

/* Room for one more element of size bytes: it, or NULL. */
void *vec_push(struct vec *a, size_t size);
/*
 * A dump of cmd, an element of out per message, tried again while the
 * kernel says a change interrupted it. With optional, a module without
 * the command gives nothing.
 */
int dump(const char *what, __u8 cmd, struct vec *out, size_t size,
	 decode_fn decode, int optional);
/* The end of the output: 0, or EXIT_RUNTIME on a write error. */
int finish_output(void);
/* The words of line, cut at '#': their number, or -ENOMEM. */
int split_words(char *line, char ***words, unsigned int *cap);

/* parse.c: the words every command shares; they never print */

int parse_u32(const char *s, __u32 *v);
#define RATE_MAX	1000000000U
/* NUMBER[/s | /second] up to RATE_MAX, or "unlimited" (0): 0, or -1. */
int parse_rate(const char *s, __u32 *rate);
/*
 * "per-source [/PLEN]" or "per-source/PLEN": the words used, *plen 0
 * without PLEN; 0 for another word; -1 when PLEN is not 1 to max, *bad
 * being the word at fault.
 */
int parse_per_source(int argc, char * const *argv, unsigned int max,
		     unsigned int *plen, const char **bad);

/* names.c: the names of families, types, codes, counters and enums */

/* An ICMP error type the module sends, and the names of its codes. */
struct icmp_error {
	unsigned char type;
	unsigned char ncodes;
	const char *name;
	const char * const *codes;	/* NULL: none has a name */
};

struct family {
	int af;
	const char *name;	/* "ipv4": JSON, Prometheus, set */
	const char *proto;	/* "icmp": rules */
	unsigned int plen_max;	/* of a per-source limit */
	unsigned int reject;	/* the default reject code */
	const char * const *types;
	const struct icmp_error *errors;
	unsigned int nerrors;
	const char * const *reject_codes;
	unsigned int nreject;
	unsigned int reject_bad;	/* refused (IPv4's 4 needs an MTU) */
};

extern const struct family families[2];
const struct family *family_of(int af);
int family_parse(const char *s);
static inline int family_wanted(int filter, int af)
{
	return !filter || filter == af;
}

/* Stats' name ("dest-unreachable"), or rules' ("dest-unreach"); NULL. */
const char *type_name(const struct family *f, unsigned int type);
const char *type_rule_name(const struct family *f, unsigned int type);
/* Never NULL: "type-N". */
const char *type_word(const struct family *f, unsigned int type, char *buf,
		      size_t len);
/* By any of its names, nft's among them: the type, or -1. */
int type_parse(const struct family *f, const char *s);
const struct icmp_error *icmp_error_of(const struct family *f,
				       unsigned int type);
const char *code_name(const struct family *f, unsigned int type,
		      unsigned int code);
int code_parse(const struct family *f, unsigned int type, const char *s,
	       unsigned int *code);
/* "dest-unreach/frag-needed", "type-5/code-0"; code -1: the type's. */
const char *error_word(const struct family *f, unsigned int type, int code,
		       char *buf, size_t len);
/* TYPE[/CODE] of an error the module sends: 0, or -1 (*bad the part). */
int error_parse(const struct family *f, const char *s, unsigned int *type,
		int *code, const char **bad);
/* A reject code: 0, -1 unknown, -2 the refused one. */
int reject_parse(const struct family *f, const char *s, unsigned int *code);
const char *reject_word(const struct family *f, unsigned int code,
			char *buf, size_t len);

#define CTR_GAUGE	1	/* not a counter */
#define CTR_NETNS	2	/* namespace-wide: the same in both families */

struct counter_desc {
	const char *name;	/* text, JSON key, Prometheus name */
	const char *help;
	unsigned int flags;
};

extern const struct counter_desc counter_descs[__ICMPGUARD_CTR_MAX];

/* The names of an enum's values, by value */
struct names {
	const char * const *names;
	unsigned int n;
};

extern const struct names drops, policies, dirs, actions, events;

/*
 * The name of i, or for a value newer than icmpctl prefix and i ("dir-5")
 * in a buffer that the next call reuses.
 */
const char *name_of(const struct names *t, unsigned int i,
		    const char *prefix);
int name_find(const struct names *t, const char *s);
/* "rx_packets", or "counter_60" for one newer than icmpctl */
const char *counter_name(unsigned int id);

/* addr.c: the one codec of prefixes of both families */

struct prefix {
	__u8 family;
	__u8 plen;
	__u8 addr[16];		/* network order; IPv4 in the first 4 */
};

#define PREFIX_STRLEN	(INET6_ADDRSTRLEN + 4)
#define PREFIX_INVALID		-1
#define PREFIX_HOST_BITS	-2

/*
 * ADDR[/LEN] of family af (0: either): 0, PREFIX_INVALID, or
 * PREFIX_HOST_BITS when bits below LEN are set, *p then cleared of them.
 */
int prefix_parse(const char *s, int af, struct prefix *p);
const char *prefix_str(const struct prefix *p, char *buf, size_t len);
const char *addr_str(const struct prefix *p, char *buf, size_t len);
/* As a nest of ICMPGUARD_PFX_A_*. */
void prefix_put(struct nlmsghdr *nlh, __u16 type, const struct prefix *p);
/* An address of either family and a length: 0, or -EBADMSG. */
int prefix_get(const struct nlattr *addr4, const struct nlattr *addr6,
	       const struct nlattr *plen, struct prefix *p);
int prefix_get_nest(const struct nlattr *nest, struct prefix *p);
/* IPv4 first, then by address, then by length. */
int prefix_cmp(const struct prefix *a, const struct prefix *b);

/* attrs.c: every attribute's name and kind, by attribute set */

enum attr_set {
	AS_NONE, AS_TOP, AS_CFG, AS_ERATE, AS_RULE, AS_PFX, AS_TYPE, AS_ERR,
	AS_SRC, AS_EVT,
	AS_ERATES, AS_TYPES, AS_ERRORS,	/* lists: entries of one type */
	AS_COUNT
};

#define ATTR_TB_MAX	32
#define ATTR_TEXT_MAX	96

/*
 * The attributes of a nest (of a message) into tb by type: 0, or -EBADMSG
 * when one has not the size of its kind. Types unknown here are skipped:
 * a newer module may send them.
 */
int attr_parse(const struct nlattr *nest, enum attr_set set,
	       const struct nlattr **tb);
int attr_parse_msg(const struct nlmsghdr *nlh, enum attr_set set,
		   const struct nlattr **tb);
/* The size of an attribute of fixed size, or 0. */
unsigned int attr_len(enum attr_set set, unsigned int type);
/* An unsigned attribute of 1, 2, 4 or 8 bytes. */
__u64 attr_uint(const struct nlattr *a);
const char *attr_name(enum attr_set set, unsigned int type);
unsigned int attr_count(enum attr_set set);
const char *attr_set_name(enum attr_set set);
/*
 * " (attribute ICMPGUARD_CFG_A_REPLY_BURST)" for the attribute of req at
 * offs, the innermost; "" when there is none, or msg names it already.
 */
void attr_describe(const struct nlmsghdr *req, __u32 offs, const char *msg,
		   char *buf, size_t len);

/* batch.c: every change as one ICMPGUARD_CMD_BATCH request */

struct batch {
	char *buf;
	size_t cap;
	struct nlmsghdr *nlh;	/* in buf */
	const char *file;	/* NULL: the command line */
	unsigned int line;	/* of file */
	struct vec marks;	/* where each line's attributes start */
	char what[80];		/* the command, for its errors */
};

/* The words of one command as attributes of b. */
typedef int (*put_fn)(struct batch *b, int argc, char **argv);
/* Room for len bytes more of the line: the message (moved?), or NULL. */
struct nlmsghdr *batch_room(struct batch *b, size_t len);
int batch_flush(struct batch *b, __u32 flags);
/* icmpctl.c: a line of a file, by the command table */
int put_line(struct batch *b, int argc, char **argv);
int read_only(const char *what);
int run_change(put_fn put, const char *what, int argc, char **argv);
int do_batch(const char *file);
/* Each line of f, cut into words, given to put (b->line counts them). */
int read_lines(FILE *f, const char *name, struct batch *b, put_fn put);
/* A file's batch, not sent; batch_free() after. */
int batch_read(FILE *f, const char *name, struct batch *b);
void batch_free(struct batch *b);

/* config.c, settings.c: the settings, and the table of their words */

#define ERATES_MAX	64	/* a reply has 36 */

struct erate {
	int family;
	unsigned int type;
	int code;		/* -1: every code of the type */
	__u32 rate;		/* 0: no limit */
	__u32 burst;		/* in a change, 0: left as it is */
};

/* GET_CONFIG decoded, a change parsed: one structure */
struct config {
	__u32 present;		/* BIT(ICMPGUARD_CFG_A_*) */
	__u32 val[__ICMPGUARD_CFG_A_MAX];	/* FLAGS: the flags */
	__u32 mask;		/* FLAGS_MASK of a change */
	__u8 source6[16];
	struct erate erates[ERATES_MAX];
	unsigned int nerates;
	__u32 generation;	/* of a GET_CONFIG reply */
};

static inline int config_has(const struct config *c, unsigned int attr)
{
	return !!(c->present & BIT(attr));
}

int config_parse(const struct nlmsghdr *nlh, void *config);
#define CONFIG_ROOM	(1024 + ERATES_MAX * 64)
/* A change as the ICMPGUARD_A_CONFIG nest, CONFIG_ROOM bytes at most. */
void config_put(struct nlmsghdr *nlh, const struct config *c);
int config_fetch(const char *what, struct config *c);
/* The words after "set", af (0: none named) until a family word. */
int settings_parse(struct config *c, int af, int argc, char **argv);
/*
 * The settings of the family filter (0: both), a line each in the words
 * of set, after prefix ("set " for save): the number written as comments.
 */
unsigned int settings_print(const struct config *c, int filter,
			    const char *prefix);

/* stats.c, prom.c: the counters of one family, every table sorted */

#define STATS_ROWS	256

struct counter {
	unsigned int id;
	__u64 value;
};

struct type_row {
	unsigned int type;
	__u64 packets;
	__u64 bytes;
};

struct error_row {
	unsigned int type;
	unsigned int code;
	__u64 sent;
	__u64 limited;
};

struct stats {
	int family;
	struct counter counters[STATS_ROWS];
	unsigned int ncounters;
	struct counter drops[STATS_ROWS];
	unsigned int ndrops;
	struct type_row rx[STATS_ROWS];
	unsigned int nrx;
	struct type_row tx[STATS_ROWS];
	unsigned int ntx;
	int has_errors;
	struct error_row errors[STATS_ROWS];
	unsigned int nerrors;
};

int stats_parse(const struct nlmsghdr *nlh, void *stats);
/* Those of st[0] (IPv4) and st[1] (IPv6) that are not NULL. */
int stats_fetch(const char *what, struct stats *st[2]);
void stats_print(const struct stats *st, unsigned int detail);
struct rule;
void prom_print(FILE *f, struct stats *st[2], const struct rule *rules,
		unsigned int nrules, const char *netns);

/* rule.c, rule_nl.c, rule_print.c, rules.c: filter rules */

#define BITMAP_BYTES	32
#define RULE_IFNAMSIZ	16
#define RULE_LEN_MAX	65535
#define RULE_ROOM	512	/* the nest of a rule, at most */

#define RULE_HAS_HANDLE		BIT(0)
#define RULE_HAS_TYPES		BIT(1)
#define RULE_HAS_CODES		BIT(2)
#define RULE_HAS_SRC		BIT(3)
#define RULE_HAS_DST		BIT(4)
#define RULE_HAS_IIF		BIT(5)
#define RULE_HAS_OIF		BIT(6)
#define RULE_HAS_LEN		BIT(7)
#define RULE_HAS_REJECT_CODE	BIT(8)
#define RULE_HAS_COUNTERS	BIT(9)

struct rule {
	unsigned int has;
	__u32 handle;
	int family;
	unsigned int dir;
	__u8 types[BITMAP_BYTES];	/* bit n: type n */
	__u8 codes[BITMAP_BYTES];
	struct prefix src;
	struct prefix dst;
	char iif[RULE_IFNAMSIZ];
	char oif[RULE_IFNAMSIZ];
	unsigned int len_min;
	unsigned int len_max;
	unsigned int action;
	unsigned int reject_code;
	__u32 rate;
	__u32 burst;
	__u32 limit_flags;
	unsigned int plen;		/* per source; 0: not given */
	__u64 packets;
	__u64 bytes;
	__u64 limited;
};

static inline int bit_test(const __u8 *bm, unsigned int n)
{
	return !!(bm[n / 8] & (1U << (n % 8)));
}

/* The words of RULE: 0, or -1 with a line in err naming the word. */
int rule_parse(int argc, char * const *argv, struct rule *r, char *err,
	       size_t len);
void rule_put(struct nlmsghdr *nlh, __u16 type, const struct rule *r);
int rule_parse_nest(const struct nlattr *a, struct rule *r);
int rule_msg_parse(const struct nlmsghdr *nlh, void *rule);
/* Text: its words, then its handle and counters in a comment. */
void rule_print(const struct rule *r);
/* Input (0), forward (1), a direction unknown here (2). */
unsigned int rule_group(const struct rule *r);
void rules_print(const struct rule *rules, unsigned int n, int filter);
int rules_fetch(const char *what, struct vec *v, int optional);

/* sources.c, monitor.c, owned.c, save.c */

#define TOP_SOURCES	10

struct source {
	struct prefix pfx;
	__u64 limited;
	int flooding;
};

int source_parse(const struct nlmsghdr *nlh, void *source);
/* The most limited first. */
int sources_fetch(const char *what, struct vec *v, int optional);
/* Every source, or with top the most limited ones of those limited. */
void sources_print(const struct vec *v, int top);

struct event {
	unsigned int type;
	int family;		/* 0: not said */
	int has_source;		/* else a global bucket */
	struct prefix source;
	int has_dropped;
	__u64 dropped;
};

int event_parse(const struct nlmsghdr *nlh, struct event *ev);
void event_print(const struct event *ev, const char *stamp);
/* The events until count of them (0: no end) or stopfd is readable. */
int monitor_loop(unsigned long long count, int stopfd);

/* The owned prefixes, sorted. */
int owned_fetch(const char *what, struct vec *v);
/* After the flushes: the number of lines written as comments. */
unsigned int save_print(const struct config *c, const struct vec *owned,
			const struct vec *rules);

/* The commands of the table of icmpctl.c */

int do_stats_show(int argc, char **argv);
int do_stats_reset(int argc, char **argv);
int do_stats_prometheus(int argc, char **argv);
int do_config_show(int argc, char **argv);
int config_reset_put(struct batch *b, int argc, char **argv);
int set_put(struct batch *b, int argc, char **argv);
int do_owned_list(int argc, char **argv);
int owned_add_put(struct batch *b, int argc, char **argv);
int owned_del_put(struct batch *b, int argc, char **argv);
int owned_flush_put(struct batch *b, int argc, char **argv);
int do_rule_list(int argc, char **argv);
int rule_add_put(struct batch *b, int argc, char **argv);
int rule_insert_put(struct batch *b, int argc, char **argv);
int rule_del_put(struct batch *b, int argc, char **argv);
int rule_flush_put(struct batch *b, int argc, char **argv);
int rule_replace_put(struct batch *b, int argc, char **argv);
int do_profile(int argc, char **argv);
int profile_put(struct batch *b, int argc, char **argv);
int do_sources(int argc, char **argv);
int do_monitor(int argc, char **argv);
int do_save(int argc, char **argv);

#endif /* ICMPCTL_H */
