/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsers of command line words. They never print: the caller names the
 * word in its error.
 */
#ifndef ICMPCTL_PARSE_H
#define ICMPCTL_PARSE_H

#include <linux/types.h>

#include "show.h"

/* A decimal number, digits only, that fits in 32 bits: 0, or -1. */
int parse_u32(const char *s, __u32 *v);

/* The highest rate the module takes, per second. */
#define ICG_RATE_MAX	1000000000U

/*
 * NUMBER, NUMBER/s, NUMBER/second or "unlimited" (0), NUMBER at most
 * ICG_RATE_MAX: 0, or -1.
 */
int parse_rate(const char *s, __u32 *rate);

#define PREFIX_INVALID		-1
#define PREFIX_HOST_BITS	-2

/*
 * A.B.C.D[/LEN], no LEN meaning /32. Returns 0, PREFIX_INVALID, or
 * PREFIX_HOST_BITS when bits below LEN are set; *pfx then holds the
 * prefix with those bits cleared.
 */
int parse_prefix(const char *s, struct icg_prefix *pfx);

/* A.B.C.D, into network byte order: 0, or -1. */
int parse_addr(const char *s, __u32 *addr);

/* "accept", "drop" or "reject", into enum icmpguard_policy: 0, or -1. */
int parse_policy(const char *s, unsigned int *policy);

/* A code of an error type icmpguard sends, number or name: 0, or -1. */
int parse_error_code(unsigned int type, const char *s, unsigned int *code);

#define REJECT_BAD_CODE		-1
#define REJECT_FRAG_NEEDED	-2

/*
 * The Destination Unreachable code of a reject, number or name: 0,
 * REJECT_BAD_CODE, or REJECT_FRAG_NEEDED for code 4, which needs an MTU.
 */
int parse_reject_code(const char *s, unsigned int *code);

/* What goes after "invalid code \"%s\"" and after "code \"%s\"". */
#define REJECT_CODE_WORDS	"expected 0-15 or a dest-unreach code name"
#define REJECT_FRAG_WORDS	"cannot reject (frag-needed needs an MTU)"

/*
 * "per-source [/PLEN]" or "per-source/PLEN" at argv[0]: the words used (1
 * or 2), *plen 0 when no PLEN is given; 0 when argv[0] is another word;
 * -1 when the length is not 1-32, *bad then being the word at fault.
 */
int parse_per_source(int argc, char * const *argv, unsigned int *plen,
		     const char **bad);

#define ERROR_BAD_TYPE		-1
#define ERROR_BAD_CODE		-2

/*
 * TYPE[/CODE] of an error icmpguard sends: TYPE 3, 11, 12 or its name
 * ("dest-unreach"), CODE as parse_error_code() takes it; *code is -1
 * without one. Returns 0, ERROR_BAD_TYPE or ERROR_BAD_CODE.
 */
int parse_error(const char *s, unsigned int *type, int *code);

#endif /* ICMPCTL_PARSE_H */
