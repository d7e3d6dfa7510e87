/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Filter rules: the words of a rule, its attributes, and its printing.
 *
 *	RULE := DIR [type TYPES] [code CODES] [from PREFIX] [to PREFIX]
 *		[iif NAME] [oif NAME] [length MIN[-MAX]] ACTION
 *
 * The words are parsed into a struct icg_rule, which is encoded as an
 * ICMPGUARD_A_RULE nest; a nest from the module is decoded into one and
 * printed in the same words, so that a printed rule can be given back. No
 * socket code lives here.
 */
#ifndef ICMPCTL_RULE_H
#define ICMPCTL_RULE_H

#include <stddef.h>
#include <linux/netlink.h>
#include <linux/types.h>

#include "print.h"
#include "show.h"
#include "util.h"

#define ICG_BITMAP_BYTES	32	/* 256 types or codes */
#define ICG_IFNAMSIZ		16
#define ICG_REJECT_DEFAULT	13	/* admin-prohibited */
#define ICG_RULE_TEXT_MAX	4096	/* the longest rule in words, and NUL */
#define ICG_LEN_MAX		65535	/* of an IP datagram */

/* What an invalid direction is told. */
#define DIR_WORDS	"expected \"input\" or \"forward\""

/* Bits of icg_rule.has: what the rule has beyond its direction and action */
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

struct icg_rule {
	unsigned int has;
	__u32 handle;
	unsigned int dir;		/* enum icmpguard_dir */
	__u8 types[ICG_BITMAP_BYTES];	/* bit n: type n */
	__u8 codes[ICG_BITMAP_BYTES];
	struct icg_prefix src;
	struct icg_prefix dst;
	char iif[ICG_IFNAMSIZ];
	char oif[ICG_IFNAMSIZ];
	unsigned int len_min;
	unsigned int len_max;
	unsigned int action;		/* enum icmpguard_action */
	unsigned int reject_code;	/* with RULE_HAS_REJECT_CODE */
	__u32 rate;			/* LIMIT: per second */
	__u32 burst;
	__u32 limit_flags;		/* enum icmpguard_limit_flags */
	unsigned int plen;		/* PER_SOURCE: 1-32; 0 not given */
	__u64 packets;			/* with RULE_HAS_COUNTERS */
	__u64 bytes;
	__u64 limited;
};

/* "input", "accept"; NULL when unknown to this icmpctl. */
const char *icg_dir_name(unsigned int dir);
const char *icg_action_name(unsigned int action);

/* Bitmaps of types and codes: bit n is bit n % 8 of byte n / 8. */
int icg_bit_test(const __u8 *bm, unsigned int n);
unsigned int icg_bit_count(const __u8 *bm);
/* Every bit set: no condition at all. */
int icg_bit_full(const __u8 *bm);

/* The one type of r, when its codes have names ("dest-unreach"), or -1. */
int icg_rule_code_type(const struct icg_rule *r);

/*
 * The words of RULE into r: 0, or -1 with one line in err (len bytes)
 * that names the word at fault.
 */
int icg_rule_parse(int argc, char * const *argv, struct icg_rule *r,
		   char *err, size_t len);

/* Bytes the nest of icg_rule_put() takes, padding included. */
size_t icg_rule_size(const struct icg_rule *r);

/* r as a nest of attribute type, at the tail of nlh. */
void icg_rule_put(struct nlmsghdr *nlh, __u16 type, const struct icg_rule *r);

/* A nest of rule attributes: 0, or -EBADMSG. */
int icg_rule_attr_parse(const struct nlattr *a, struct icg_rule *r);

/* A message holding one ICMPGUARD_A_RULE: 0, or -EBADMSG. */
int icg_rule_msg_parse(const struct nlmsghdr *nlh, struct icg_rule *r);

/* r in the words of RULE, without handle nor counters: buf. */
const char *icg_rule_format(const struct icg_rule *r, char *buf,
			    size_t len);

/*
 * Text: the input rules then the forward ones, a line each, with handle
 * and counters in a comment. JSON: "rules": an array of objects.
 */
void icg_rules_print(struct printer *p, const struct icg_rule *rules,
		     unsigned int n);
/* The JSON part of icg_rules_print() alone; nothing in text. */
void icg_rules_json(struct printer *p, const struct icg_rule *rules,
		    unsigned int n);

#endif /* ICMPCTL_RULE_H */
