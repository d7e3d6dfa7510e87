/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding of icmpguard replies and their printing.
 *
 * Each reply is first decoded whole into a plain structure (so a malformed
 * reply prints nothing), then printed through the printer of print.h. No
 * socket code lives here: the unit test feeds it hand-built messages.
 */
#ifndef ICMPCTL_SHOW_H
#define ICMPCTL_SHOW_H

#include <linux/netlink.h>
#include <linux/types.h>

#include "print.h"

#define ICG_MAX_COUNTERS	256
#define ICG_MAX_TYPE_ROWS	512
#define ICG_MAX_ERROR_ROWS	512
#define ICG_MAX_ERATES		512

struct icg_counter {
	unsigned int id;	/* attribute type: counter index or reason */
	__u64 value;
};

struct icg_type_row {
	unsigned int type;	/* ICMP type, 0..255 */
	__u64 packets;
	__u64 bytes;
};

/* Errors sent and limited, of one ICMP type and code. */
struct icg_error_row {
	unsigned int type;
	unsigned int code;
	__u64 sent;
	__u64 limited;
};

struct icg_stats {
	struct icg_counter counters[ICG_MAX_COUNTERS];
	unsigned int ncounters;
	struct icg_counter drops[ICG_MAX_COUNTERS];
	unsigned int ndrops;
	struct icg_type_row rx[ICG_MAX_TYPE_ROWS];
	unsigned int nrx;
	struct icg_type_row tx[ICG_MAX_TYPE_ROWS];
	unsigned int ntx;
	int has_errors;		/* the module sent ICMPGUARD_A_ERRORS */
	struct icg_error_row errors[ICG_MAX_ERROR_ROWS];
	unsigned int nerrors;
};

/* The budget of the errors of one type, or of one type and code. */
struct icg_erate {
	unsigned int type;
	int code;		/* -1: every code of the type */
	__u32 rate;		/* per second, 0: no limit */
	__u32 burst;
};

struct icg_config {
	unsigned int present;	/* bit n set: attribute n was sent */
	__u32 val[32];		/* indexed by ICMPGUARD_CFG_A_* */
	struct icg_erate erates[ICG_MAX_ERATES];
	unsigned int nerates;
};

struct icg_prefix {
	__u32 addr;		/* network byte order */
	unsigned int plen;
};

/* A boolean setting: its word on the command line, its JSON key, its bit. */
struct icg_flag {
	const char *name;
	const char *key;
	__u32 bit;
};

extern const struct icg_flag icg_flags[];
extern const unsigned int icg_nflags;

/* Names; NULL when the index is unknown to this icmpctl. */
const char *icg_counter_name(unsigned int id);
const char *icg_drop_name(unsigned int id);
/* Always a name: "echo-request", or "type-N" */
const char *icg_type_name(unsigned int type, char *buf, size_t len);
/*
 * The name of an ICMP type in rules: that of an error type icmpguard
 * sends ("dest-unreach"), else the one above; NULL when it has none.
 */
const char *icg_type_short_name(unsigned int type);
/* The type of either name of it ("dest-unreach", "dest-unreachable"), or -1 */
int icg_type_from_name(const char *s);
/* "accept", "drop", "reject"; NULL when unknown. */
const char *icg_policy_name(unsigned int policy);

/*
 * The ICMP errors icmpguard generates: Destination Unreachable (3), Time
 * Exceeded (11) and Parameter Problem (12). The type's name ("dest-unreach")
 * and number of named codes, NULL and 0 for another type; a code's name
 * ("frag-needed"), NULL when it has none.
 */
const char *icg_error_type_name(unsigned int type);
unsigned int icg_error_ncodes(unsigned int type);
const char *icg_error_code_name(unsigned int type, unsigned int code);
/*
 * Always a name: "dest-unreach/frag-needed", "dest-unreach/code-20" or
 * "type-5/code-0"; with code -1, the type's alone ("dest-unreach").
 */
const char *icg_error_name(unsigned int type, int code, char *buf,
			   size_t len);

/* Whether ICMPGUARD_CFG_A_* attr is a u8 (else a u32 or be32). */
int icg_config_attr_is_u8(unsigned int attr);

/* Decoders: 0, or -EBADMSG when the message is malformed. */
int icg_stats_parse(const struct nlmsghdr *nlh, struct icg_stats *st);
int icg_config_parse(const struct nlmsghdr *nlh, struct icg_config *cfg);
int icg_prefix_parse(const struct nlmsghdr *nlh, struct icg_prefix *pfx);

void icg_stats_print(struct printer *p, const struct icg_stats *st,
		     unsigned int detail);
void icg_config_print(struct printer *p, const struct icg_config *cfg);
/* By address, then length. */
void icg_prefix_sort(struct icg_prefix *pfx, unsigned int n);
/* Sorts pfx in place. */
void icg_owned_print(struct printer *p, struct icg_prefix *pfx,
		     unsigned int n);

/* "192.0.2.0/24" */
void icg_prefix_format(const struct icg_prefix *pfx, char *buf, size_t len);

#endif /* ICMPCTL_SHOW_H */
