/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What differs between the kernels icmpguard builds on (Debian's 6.1 and
 * 6.12 LTS, generic and PREEMPT_RT, and the newest linux-source): the
 * module is written against the newer API, and this header gives the
 * older kernels what they lack, so the rest of the code carries no
 * version checks. Kbuild detects the features (HAVE_* below) from the
 * kernel's headers, so a distribution kernel with backports is judged by
 * what it has, not by its version.
 */
#ifndef _ICMPGUARD_COMPAT_H
#define _ICMPGUARD_COMPAT_H

#include <linux/skbuff.h>

/* 6.5 moved the GSO helpers out of skbuff.h into their own header. */
#ifdef ICMPGUARD_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

#endif /* _ICMPGUARD_COMPAT_H */
