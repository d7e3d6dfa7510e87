// SPDX-License-Identifier: GPL-2.0
/*
 * Parsers of the words every command shares; see parse.h.
 */
#include <stdio.h>
#include <string.h>

#include "icmpctl.h"

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
	const char *slash = strchr(s, '/');
	char num[16];

	if (!strcmp(s, "unlimited")) {
		*rate = 0;
		return 0;
	}
	if (slash && strcmp(slash, "/s") && strcmp(slash, "/second"))
		return -1;
	if (snprintf(num, sizeof(num), "%.*s",
		     slash ? (int)(slash - s) : (int)strlen(s), s) >=
	    (int)sizeof(num))
		return -1;
	return parse_u32(num, rate) || *rate > RATE_MAX ? -1 : 0;
}

static int parse_plen(const char *s, unsigned int max, unsigned int *plen)
{
	__u32 v;

	if (s[0] != '/' || parse_u32(s + 1, &v) || v < 1 || v > max)
		return -1;
	*plen = v;
	return 0;
}

int parse_per_source(int argc, char * const *argv, unsigned int max,
		     unsigned int *plen, const char **bad)
{
	static const char word[] = "per-source";
	size_t len = sizeof(word) - 1;

	*plen = 0;
	if (argc < 1 || strncmp(argv[0], word, len))
		return 0;
	if (argv[0][len] == '/') {
		*bad = argv[0];
		return parse_plen(argv[0] + len, max, plen) ? -1 : 1;
	}
	if (argv[0][len])
		return 0;
	if (argc < 2 || argv[1][0] != '/')
		return 1;
	*bad = argv[1];
	return parse_plen(argv[1], max, plen) ? -1 : 2;
}
