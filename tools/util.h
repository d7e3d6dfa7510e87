/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers shared by icmpctl's files.
 */
#ifndef ICMPCTL_UTIL_H
#define ICMPCTL_UTIL_H

#define ARRAY_SIZE(arr)	(sizeof(arr) / sizeof((arr)[0]))
#define BIT(n)		(1U << (n))

#endif /* ICMPCTL_UTIL_H */
