// SPDX-License-Identifier: GPL-2.0
/*
 * Parsers of command line words; see parse.h.
 */
#include <string.h>
#include <arpa/inet.h>

#include "parse.h"

int parse_u32(const char *s, __u32 *v)
{
	__u64 n = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (__u64)(*s - '0');
		if (n > 0xffffffffULL)
			return -1;
	}
	*v = (__u32)n;
	return 0;
}

int parse_rate(const char *s, __u32 *rate)
{
	char num[16];
	const char *slash;
	size_t len;

	if (!strcmp(s, "unlimited")) {
		*rate = 0;
		return 0;
	}
	slash = strchr(s, '/');
	if (!slash)
		return parse_u32(s, rate);
	if (strcmp(slash, "/s") && strcmp(slash, "/second"))
		return -1;
	len = (size_t)(slash - s);
	if (len >= sizeof(num))
		return -1;
	memcpy(num, s, len);
	num[len] = '\0';
	return parse_u32(num, rate);
}

int parse_prefix(const char *s, struct icg_prefix *pfx)
{
	char addr[INET_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	struct in_addr in;
	__u32 plen = 32, mask;
	size_t len;

	len = slash ? (size_t)(slash - s) : strlen(s);
	if (len >= sizeof(addr))
		return PREFIX_INVALID;
	memcpy(addr, s, len);
	addr[len] = '\0';
	if (inet_pton(AF_INET, addr, &in) != 1)
		return PREFIX_INVALID;
	if (slash && (parse_u32(slash + 1, &plen) || plen > 32))
		return PREFIX_INVALID;

	mask = plen ? htonl(0xffffffffU << (32 - plen)) : 0;
	pfx->addr = in.s_addr & mask;
	pfx->plen = plen;
	return in.s_addr & ~mask ? PREFIX_HOST_BITS : 0;
}
