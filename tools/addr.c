// SPDX-License-Identifier: GPL-2.0
/*
 * Prefixes of both families; see addr.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "icmpctl.h"

static unsigned int bits(const struct prefix *p)
{
	return p->family == AF_INET6 ? 128 : 32;
}

/* Clears the bits below plen: whether any was set. */
static int mask(struct prefix *p)
{
	unsigned int i, keep;
	int set = 0;

	for (i = 0; i < bits(p) / 8; i++) {
		keep = p->plen >= 8 * (i + 1) ? 8 :
		       p->plen > 8 * i ? p->plen - 8 * i : 0;
		set |= p->addr[i] & (0xff >> keep);
		p->addr[i] &= (__u8)~(0xff >> keep);
	}
	return set;
}

int prefix_parse(const char *s, int af, struct prefix *p)
{
	const char *slash = strchr(s, '/');
	char addr[INET6_ADDRSTRLEN];
	__u32 plen;

	memset(p, 0, sizeof(*p));
	if (snprintf(addr, sizeof(addr), "%.*s",
		     slash ? (int)(slash - s) : (int)strlen(s), s) >=
	    (int)sizeof(addr))
		return PREFIX_INVALID;
	if (af != AF_INET6 && inet_pton(AF_INET, addr, p->addr) == 1)
		p->family = AF_INET;
	else if (af != AF_INET && inet_pton(AF_INET6, addr, p->addr) == 1)
		p->family = AF_INET6;
	else
		return PREFIX_INVALID;
	plen = bits(p);
	if (slash && (parse_u32(slash + 1, &plen) || plen > bits(p)))
		return PREFIX_INVALID;
	p->plen = (__u8)plen;
	return mask(p) ? PREFIX_HOST_BITS : 0;
}

const char *addr_str(const struct prefix *p, char *buf, size_t len)
{
	if (!inet_ntop(p->family, p->addr, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

const char *prefix_str(const struct prefix *p, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	snprintf(buf, len, "%s/%u", addr_str(p, a, sizeof(a)), p->plen);
	return buf;
}

void prefix_put(struct nlmsghdr *nlh, __u16 type, const struct prefix *p)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	if (p->family == AF_INET6)
		mnl_attr_put(nlh, ICMPGUARD_PFX_A_ADDR6, 16, p->addr);
	else
		mnl_attr_put(nlh, ICMPGUARD_PFX_A_ADDR, 4, p->addr);
	mnl_attr_put_u8(nlh, ICMPGUARD_PFX_A_PLEN, p->plen);
	mnl_attr_nest_end(nlh, nest);
}

int prefix_get(const struct nlattr *addr4, const struct nlattr *addr6,
	       const struct nlattr *plen, struct prefix *p)
{
	memset(p, 0, sizeof(*p));
	if (!plen || !addr4 == !addr6)
		return -EBADMSG;
	p->family = addr6 ? AF_INET6 : AF_INET;
	memcpy(p->addr, mnl_attr_get_payload(addr6 ? addr6 : addr4),
	       addr6 ? 16 : 4);
	p->plen = mnl_attr_get_u8(plen);
	return p->plen > bits(p) ? -EBADMSG : 0;
}

int prefix_get_nest(const struct nlattr *nest, struct prefix *p)
{
	const struct nlattr *tb[ATTR_TB_MAX];

	if (attr_parse(nest, AS_PFX, tb))
		return -EBADMSG;
	return prefix_get(tb[ICMPGUARD_PFX_A_ADDR], tb[ICMPGUARD_PFX_A_ADDR6],
			  tb[ICMPGUARD_PFX_A_PLEN], p);
}

int prefix_cmp(const struct prefix *a, const struct prefix *b)
{
	int c = memcmp(a->addr, b->addr, sizeof(a->addr));

	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1;
	if (c)
		return c;
	return (a->plen > b->plen) - (a->plen < b->plen);
}
