// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 8335 PROBE, answered for this node's own interfaces only: the
 * L-bit must be set. Identification by name, ifindex or address.
 */

#include <linux/icmp.h>
#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <net/addrconf.h>
#include "family.h"

/* RFC 8335 section 2 codes and section 3 status bits. */
enum {
	CODE_OK,
	CODE_MALFORMED,
	CODE_NO_IF,
	CODE_NO_ENTRY,
	CODE_MULTIPLE,
};

struct ext_hdr {
	u8 version;		/* version in the high nibble */
	u8 reserved;
	__sum16 checksum;
};

struct obj_hdr {
	__be16 length;
	u8 class_num;
	u8 c_type;
};

struct obj_addr {
	__be16 afi;
	u8 addr_len;
	u8 reserved;
};

#define IIO_CLASS	3
#define CTYPE_NAME	1
#define CTYPE_INDEX	2
#define CTYPE_ADDR	3
#define AFI_IPV4	1
#define AFI_IPV6	2

/* Looks the interface up; returns a code. Under rcu_read_lock(). */
static u8 find(struct net *net, const struct sk_buff *skb, unsigned int off,
	       const struct obj_hdr *oh, struct net_device **devp)
{
	unsigned int ident = ntohs(oh->length) - sizeof(*oh);
	union {
		char name[IFNAMSIZ];
		__be32 index;
		struct {
			struct obj_addr hdr;
			u8 addr[16];
		} a;
	} u;

	if (ident > sizeof(u) ||
	    skb_copy_bits(skb, off + sizeof(*oh), &u, ident))
		return CODE_MALFORMED;

	switch (oh->c_type) {
	case CTYPE_NAME:
		if (ident >= IFNAMSIZ)
			return CODE_MALFORMED;
		u.name[ident] = '\0';
		*devp = dev_get_by_name_rcu(net, u.name);
		break;
	case CTYPE_INDEX:
		if (ident != sizeof(u.index))
			return CODE_MALFORMED;
		*devp = dev_get_by_index_rcu(net, ntohl(u.index));
		break;
	case CTYPE_ADDR:
		if (ident < sizeof(u.a.hdr) ||
		    ident != sizeof(u.a.hdr) + ALIGN(u.a.hdr.addr_len, 4))
			return CODE_MALFORMED;
		if (u.a.hdr.afi == htons(AFI_IPV4) && u.a.hdr.addr_len == 4) {
			__be32 a;

			memcpy(&a, u.a.addr, sizeof(a));
			*devp = __ip_dev_find(net, a, false);
		} else if (IS_ENABLED(CONFIG_IPV6) &&
			   u.a.hdr.afi == htons(AFI_IPV6) &&
			   u.a.hdr.addr_len == 16) {
			struct in6_addr a6;

			memcpy(&a6, u.a.addr, sizeof(a6));
			*devp = ipv6_dev_find(net, &a6, NULL);
		} else {
			return CODE_MALFORMED;
		}
		break;
	default:
		return CODE_MALFORMED;
	}
	return *devp ? CODE_OK : CODE_NO_IF;
}

bool icmpguard_probe(struct net *net, const struct sk_buff *skb,
		     unsigned int off, unsigned int len, u8 *code, u8 *status)
{
	struct icmphdr _ih, *ih;
	struct ext_hdr _eh, *eh;
	struct obj_hdr _oh, *oh;
	struct net_device *dev = NULL;
	struct in_device *in_dev;

	ih = skb_header_pointer(skb, off, sizeof(_ih), &_ih);
	if (!ih || !(ntohs(ih->un.echo.sequence) & 1))
		return false;

	*status = 0;
	*code = CODE_MALFORMED;
	off += sizeof(_ih);
	len -= sizeof(_ih);
	eh = skb_header_pointer(skb, off, sizeof(_eh), &_eh);
	oh = skb_header_pointer(skb, off + sizeof(_eh), sizeof(_oh), &_oh);
	if (!eh || !oh || (eh->version >> 4) != 2 ||
	    oh->class_num != IIO_CLASS ||
	    ntohs(oh->length) <= sizeof(*oh) ||
	    ntohs(oh->length) > len - sizeof(_eh))
		return true;

	*code = find(net, skb, off + sizeof(_eh), oh, &dev);
	if (*code != CODE_OK)
		return true;
	if (dev->flags & IFF_UP)
		*status |= ICMP_EXT_ECHOREPLY_ACTIVE;
	in_dev = __in_dev_get_rcu(dev);
	if (in_dev && rcu_access_pointer(in_dev->ifa_list))
		*status |= ICMP_EXT_ECHOREPLY_IPV4;
#if IS_ENABLED(CONFIG_IPV6)
	{
		struct inet6_dev *in6_dev = __in6_dev_get(dev);

		if (in6_dev && !list_empty(&in6_dev->addr_list))
			*status |= ICMP_EXT_ECHOREPLY_IPV6;
	}
#endif
	return true;
}
