// SPDX-License-Identifier: GPL-2.0
/*
 * The way out, shared by the responder and the error builders of both
 * families: budgets, the route back to the peer and the send.
 */

#include <linux/inetdevice.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/l3mdev.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/route.h>
#include "netns.h"
#include "output.h"

/*
 * The destination's bucket first, so a datagram its own budget refuses
 * does not spend the namespace's. An IPv6 destination is its /64.
 */
int icmpguard_out_allow(struct icmpguard_net *ign,
			const struct icmpguard_conf *c, int fam,
			const union icmpguard_addr *dst, u64 now, bool error)
{
	union icmpguard_addr m;

	icmpguard_addr_mask(fam, dst, fam == ICMPGUARD_V4 ? 32 : 64, &m);
	switch (icmpguard_limiter_allow(&ign->dest, &c->dest,
					icmpguard_addr_key(fam, &m), now)) {
	case ICMPGUARD_LIMIT_PASS:
		break;
	case ICMPGUARD_LIMIT_OVERFLOW_PASS:
		icmpguard_count(ign->stats, fam, ICMPGUARD_CTR_DEST_OVERFLOW);
		break;
	case ICMPGUARD_LIMIT_OVERFLOW_HIT:
		icmpguard_count(ign->stats, fam, ICMPGUARD_CTR_DEST_OVERFLOW);
		fallthrough;
	default:
		return error ? ICMPGUARD_CTR_ERRORS_LIMITED_DEST :
			       ICMPGUARD_CTR_REPLIES_LIMITED_DEST;
	}
	if (!icmpguard_bucket_allow(&ign->reply_bucket, &c->reply, now))
		return error ? ICMPGUARD_CTR_ERRORS_LIMITED :
			       ICMPGUARD_CTR_REPLIES_LIMITED;
	return 0;
}

/* The error types of a family, in slot order, and their codes. */
static const struct {
	u8 type, codes;
} err_types[ICMPGUARD_NFAM][4] = {
	[ICMPGUARD_V4] = { { 3, 16 }, { 11, 2 }, { 12, 3 } },
	[ICMPGUARD_V6] = { { 1, 8 }, { 2, 1 }, { 3, 2 }, { 4, 4 } },
};

int icmpguard_err_slot(int fam, u8 type, u8 code)
{
	int i, slot = 0;

	for (i = 0; i < 4 && err_types[fam][i].codes; i++) {
		if (err_types[fam][i].type == type)
			return code < err_types[fam][i].codes ? slot + code : -1;
		slot += err_types[fam][i].codes;
	}
	return -1;
}

bool icmpguard_err_type_code(int fam, int slot, u8 *type, u8 *code)
{
	int i;

	for (i = 0; i < 4 && err_types[fam][i].codes; i++) {
		if (slot < err_types[fam][i].codes) {
			*type = err_types[fam][i].type;
			*code = slot;
			return true;
		}
		slot -= err_types[fam][i].codes;
	}
	return false;
}

/* Fragmentation Needed, Packet Too Big: path MTU discovery. */
static bool pmtud(int fam, int slot)
{
	return slot == (fam == ICMPGUARD_V4 ? icmpguard_err_slot(fam, 3, 4) :
			icmpguard_err_slot(fam, 2, 0));
}

int icmpguard_err_allow(struct icmpguard_net *ign,
			const struct icmpguard_conf *c, int fam, int slot,
			bool *shared)
{
	const struct icmpguard_rate *rate = &c->err[fam][slot];

	if (!icmpguard_bucket_allow(&ign->err_bucket[fam][slot], rate,
				    icmpguard_now()))
		return ICMPGUARD_CTR_ERRORS_LIMITED_TYPE;
	/* Unlimited, path MTU discovery never waits for other errors. */
	*shared = rate->interval_ns || !pmtud(fam, slot);
	return 0;
}

/* Traffic a host sent itself came back over a loopback or VRF device. */
static bool looped(const struct net_device *dev)
{
	return dev->flags & IFF_LOOPBACK || netif_is_l3_master(dev);
}

struct rtable *icmpguard_route4(struct net *net, const struct sk_buff *in,
				struct flowi4 *fl4)
{
	struct in_device *idev;
	struct rtable *rt;
	int rpf;

	rt = ip_route_output_key(net, fl4);
	if (IS_ERR(rt))
		return rt;
	idev = __in_dev_get_rcu(in->dev);
	switch (rt->rt_type) {
	case RTN_UNICAST:
		break;
	case RTN_LOCAL:
		if (looped(in->dev) || (idev && IN_DEV_ACCEPT_LOCAL(idev)))
			return rt;
		fallthrough;
	default:
		goto martian;
	}
	/* rp_filter, as fib_validate_source() applies it on input. */
	rpf = idev && !secpath_exists(in) ? IN_DEV_RPFILTER(idev) : 0;
	if (rpf == 1 && rt->dst.dev != in->dev &&
	    !(netif_is_l3_slave(in->dev) && rt->dst.dev ==
	      l3mdev_master_dev_rcu(in->dev)))
		goto martian;
	return rt;
martian:
	ip_rt_put(rt);
	return ERR_PTR(-EPERM);
}

struct dst_entry *icmpguard_route6(struct net *net, const struct sk_buff *in,
				   struct flowi6 *fl6)
{
	struct dst_entry *dst;

	dst = ip6_dst_lookup_flow(net, NULL, fl6, NULL);
	if (IS_ERR(dst))
		return dst;
	if (dst->error || ipv6_anycast_destination(dst, &fl6->daddr) ||
	    (dst_rt6_info(dst)->rt6i_flags & RTF_LOCAL && !looped(in->dev))) {
		dst_release(dst);
		return ERR_PTR(-EPERM);
	}
	return dst;
}

void icmpguard_err_refused(struct icmpguard_net *ign, int fam, int slot,
			   int why)
{
	icmpguard_count(ign->stats, fam, why);
	switch (why) {
	case ICMPGUARD_CTR_ERRORS_LIMITED_TYPE:
	case ICMPGUARD_CTR_ERRORS_LIMITED_DEST:
	case ICMPGUARD_CTR_ERRORS_LIMITED:
		icmpguard_count_err(ign->stats, fam, slot, false);
	}
}

void icmpguard_err_send(struct icmpguard_net *ign, int fam, int slot,
			const struct sk_buff *about, struct sk_buff *skb,
			struct dst_entry *dst)
{
	/*
	 * About a datagram conntrack never saw (the PRE_ROUTING hooks run
	 * before it), an error would be "invalid" there: untracked, as
	 * replies are. About a tracked one (router mode runs after it),
	 * conntrack relates it, so NAT rewrites the quote.
	 */
	if (!skb_nfct(about))
		nf_ct_set(skb, NULL, IP_CT_UNTRACKED);
	icmpguard_count_pkt(ign->stats, fam, false, true,
			    skb_transport_header(skb)[0], skb->len);
	icmpguard_count(ign->stats, fam, ICMPGUARD_CTR_ERRORS_SENT);
	icmpguard_count_err(ign->stats, fam, slot, true);
	icmpguard_xmit(ign->net, skb, dst, fam);
}

void icmpguard_xmit(struct net *net, struct sk_buff *skb,
		    struct dst_entry *dst, int fam)
{
	skb_dst_set(skb, dst);
	if (fam == ICMPGUARD_V4)
		ip_local_out(net, NULL, skb);
	else
		ip6_local_out(net, NULL, skb);
}
