// SPDX-License-Identifier: GPL-2.0
/*
 * Parsers of command line words; see parse.h.
 */
#include <string.h>
#include <arpa/inet.h>
#include <linux/icmp.h>

#include "parse.h"

/* Room for the longest error type name and its NUL. */
#define ERROR_TYPE_MAX	24

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
	const char *slash;
	char num[16];
	size_t len;
	__u32 v;

	if (!strcmp(s, "unlimited")) {
		*rate = 0;
		return 0;
	}
	slash = strchr(s, '/');
	len = slash ? (size_t)(slash - s) : strlen(s);
	if (slash && strcmp(slash, "/s") && strcmp(slash, "/second"))
		return -1;
	if (len >= sizeof(num))
		return -1;
	memcpy(num, s, len);
	num[len] = '\0';
	if (parse_u32(num, &v) || v > ICG_RATE_MAX)
		return -1;
	*rate = v;
	return 0;
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

int parse_addr(const char *s, __u32 *addr)
{
	struct in_addr in;

	if (inet_pton(AF_INET, s, &in) != 1)
		return -1;
	*addr = in.s_addr;
	return 0;
}

int parse_policy(const char *s, unsigned int *policy)
{
	const char *name;
	unsigned int i;

	for (i = 0; (name = icg_policy_name(i)); i++) {
		if (!strcmp(s, name)) {
			*policy = i;
			return 0;
		}
	}
	return -1;
}

int parse_error_code(unsigned int type, const char *s, unsigned int *code)
{
	unsigned int i, n = icg_error_ncodes(type);
	const char *name;
	__u32 v;

	if (!parse_u32(s, &v)) {
		if (v >= n)
			return -1;
		*code = v;
		return 0;
	}
	for (i = 0; i < n; i++) {
		name = icg_error_code_name(type, i);
		if (name && !strcmp(s, name)) {
			*code = i;
			return 0;
		}
	}
	return -1;
}

int parse_error(const char *s, unsigned int *type, int *code)
{
	char word[ERROR_TYPE_MAX];
	const char *slash = strchr(s, '/'), *name;
	unsigned int c;
	size_t len;
	__u32 v;

	len = slash ? (size_t)(slash - s) : strlen(s);
	if (len >= sizeof(word))
		return ERROR_BAD_TYPE;
	memcpy(word, s, len);
	word[len] = '\0';
	if (!parse_u32(word, &v)) {
		if (!icg_error_type_name(v))
			return ERROR_BAD_TYPE;
	} else {
		for (v = 0; v < 256; v++) {
			name = icg_error_type_name(v);
			if (name && !strcmp(word, name))
				break;
		}
		if (v == 256)
			return ERROR_BAD_TYPE;
	}
	*type = v;
	*code = -1;
	if (!slash)
		return 0;
	if (parse_error_code(v, slash + 1, &c))
		return ERROR_BAD_CODE;
	*code = (int)c;
	return 0;
}

int parse_reject_code(const char *s, unsigned int *code)
{
	if (parse_error_code(ICMP_DEST_UNREACH, s, code))
		return REJECT_BAD_CODE;
	if (*code == ICMP_FRAG_NEEDED)
		return REJECT_FRAG_NEEDED;
	return 0;
}

/* "/PLEN", 1 to 32: 0, or -1. */
static int parse_plen(const char *s, unsigned int *plen)
{
	__u32 v;

	if (s[0] != '/' || parse_u32(s + 1, &v) || v < 1 || v > 32)
		return -1;
	*plen = v;
	return 0;
}

int parse_per_source(int argc, char * const *argv, unsigned int *plen,
		     const char **bad)
{
	static const char word[] = "per-source";
	size_t len = sizeof(word) - 1;

	*plen = 0;
	if (argc < 1 || strncmp(argv[0], word, len))
		return 0;
	if (argv[0][len] == '/') {
		*bad = argv[0];
		return parse_plen(argv[0] + len, plen) ? -1 : 1;
	}
	if (argv[0][len])
		return 0;
	if (argc < 2 || argv[1][0] != '/')
		return 1;
	*bad = argv[1];
	return parse_plen(argv[1], plen) ? -1 : 2;
}
