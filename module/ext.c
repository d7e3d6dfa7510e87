// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 4884 extensions with an RFC 5837 Interface Information Object for
 * the incoming interface: the same bytes in ICMP and ICMPv6 errors (only
 * the checksum's scope and the length's unit differ, and those are the
 * error builders' business).
 */

#include <linux/netdevice.h>
#include <net/checksum.h>
#include "ext.h"

/* RFC 5837 4.3: the interface name sub-object is at most 64 bytes. */
#define NAME_SUB_MAX	64
#define IIO_CLASS	2
#define IIO_IFINDEX	0x08
#define IIO_NAME	0x02
#define IIO_MTU		0x01

unsigned int icmpguard_ext_len(const struct net_device *dev)
{
	unsigned int name = min_t(unsigned int,
				  ALIGN(1 + strnlen(dev->name, IFNAMSIZ), 4),
				  NAME_SUB_MAX);

	/* extension header, object header, ifIndex, name, MTU */
	return 4 + 4 + 4 + name + 4;
}

void icmpguard_put_ext(u8 *p, unsigned int len, const struct net_device *dev)
{
	unsigned int name = len - 16;
	__sum16 *csum = (__sum16 *)(p + 2);
	__be16 olen = htons(len - 4);
	__be32 v;

	memset(p, 0, len);
	p[0] = 2 << 4;				/* extension version 2 */
	memcpy(p + 4, &olen, 2);
	p[6] = IIO_CLASS;
	p[7] = IIO_IFINDEX | IIO_NAME | IIO_MTU; /* role 0: incoming */
	v = htonl(dev->ifindex);
	memcpy(p + 8, &v, 4);
	p[12] = name;
	memcpy(p + 13, dev->name, min_t(size_t, name - 1,
					strnlen(dev->name, IFNAMSIZ)));
	v = htonl(dev->mtu);
	memcpy(p + 12 + name, &v, 4);
	*csum = ip_compute_csum(p, len);
}
