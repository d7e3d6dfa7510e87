/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_EXT_H
#define _ICMPGUARD_EXT_H

#include <linux/netdevice.h>

/* RFC 4884 5: with extensions, the quote is padded to 128 bytes. */
#define ICMPGUARD_EXT_QUOTE_MIN	128

/*
 * The RFC 4884 extension structure an error carries, with one RFC 5837
 * Interface Information Object for @dev (ifIndex, name, MTU), as the
 * kernel's icmp_ext_*() do for its own errors: its length, and @p
 * filled with it.
 */
unsigned int icmpguard_ext_len(const struct net_device *dev);
void icmpguard_put_ext(u8 *p, unsigned int len, const struct net_device *dev);

#endif /* _ICMPGUARD_EXT_H */
