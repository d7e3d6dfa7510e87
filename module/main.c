// SPDX-License-Identifier: GPL-2.0
/*
 * icmpguard: answers, polices and filters ICMP and ICMPv6 at the
 * netfilter hook.
 */

#include <linux/module.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include "family.h"
#include "netlink.h"
#include "netns.h"

static int __init icmpguard_init(void)
{
	int ret;

#ifdef ICMPGUARD_SELFTEST_WARN
	/* A debug build for make check: the guest runner must catch this. */
	WARN_ON_ONCE(1);
#endif
#ifdef ICMPGUARD_SELFTEST_UAF
	/* For make check-debug: KASAN must catch this. */
	{
		char *p = kmalloc(64, GFP_KERNEL);

		kfree(p);
		OPTIMIZER_HIDE_VAR(p);
		pr_info("selftest: a freed byte reads %d\n", p[8]);
	}
#endif
#ifdef ICMPGUARD_SELFTEST_LEAK
	/* For make check-debug: kmemleak must catch this. */
	{
		void *lost = kmalloc(128, GFP_KERNEL);

		OPTIMIZER_HIDE_VAR(lost);
	}
#endif
	icmpguard_ipv6_init();
	ret = icmpguard_netns_init();
	if (ret)
		goto err_netns;
	ret = icmpguard_genl_init();
	if (ret)
		goto err_genl;
	pr_info("loaded\n");
	return 0;

err_genl:
	icmpguard_netns_exit();
err_netns:
	icmpguard_ipv6_exit();
	return ret;
}

static void __exit icmpguard_exit(void)
{
	icmpguard_genl_exit();
	icmpguard_netns_exit();
	icmpguard_ipv6_exit();
}

module_init(icmpguard_init);
module_exit(icmpguard_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ICMP and ICMPv6 responder, policer and filter at the netfilter hook");
MODULE_AUTHOR("The icmpguard authors");
MODULE_ALIAS_GENL_FAMILY(ICMPGUARD_GENL_NAME);
MODULE_VERSION("0.2");
