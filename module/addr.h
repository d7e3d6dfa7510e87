/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_ADDR_H
#define _ICMPGUARD_ADDR_H

#include <linux/in6.h>
#include <linux/string.h>
#include "counters.h"

/*
 * An address of either family, zero beyond what the family uses, so two
 * of them compare and hash as plain bytes (as WireGuard's allowedips keeps
 * both families in one structure).
 */
union icmpguard_addr {
	__be32 a4;
	struct in6_addr a6;
	__be32 w[4];
};

struct icmpguard_prefix {
	union icmpguard_addr addr;
	u8 fam;			/* enum icmpguard_fam */
	u8 plen;
};

static inline unsigned int icmpguard_addr_bits(int fam)
{
	return fam == ICMPGUARD_V4 ? 32 : 128;
}

/* @a with every bit past the first @plen cleared, into @out. */
static inline void icmpguard_addr_mask(int fam, const union icmpguard_addr *a,
				       unsigned int plen,
				       union icmpguard_addr *out)
{
	unsigned int i, words = fam == ICMPGUARD_V4 ? 1 : 4;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < words && plen; i++) {
		unsigned int bits = min(plen, 32U);

		out->w[i] = a->w[i] & htonl(~0U << (32 - bits));
		plen -= bits;
	}
}

static inline bool icmpguard_addr_eq(const union icmpguard_addr *a,
				     const union icmpguard_addr *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/*
 * The 64-bit key a limiter files a source under: an IPv4 address with
 * the top 32 bits set (in ff00::/8, which no IPv6 source may use), or
 * the first 64 bits of an IPv6 one.
 */
static inline u64 icmpguard_addr_key(int fam, const union icmpguard_addr *a)
{
	if (fam == ICMPGUARD_V4)
		return 0xffffffff00000000ULL | (__force u32)a->a4;
	return (u64)(__force u32)a->w[0] << 32 | (__force u32)a->w[1];
}

/* The inverse of icmpguard_addr_key(); returns the family. */
static inline int icmpguard_key_addr(u64 key, union icmpguard_addr *a)
{
	memset(a, 0, sizeof(*a));
	if ((key >> 32) == 0xffffffff) {
		a->a4 = (__force __be32)(u32)key;
		return ICMPGUARD_V4;
	}
	a->w[0] = (__force __be32)(u32)(key >> 32);
	a->w[1] = (__force __be32)(u32)key;
	return ICMPGUARD_V6;
}

#endif /* _ICMPGUARD_ADDR_H */
