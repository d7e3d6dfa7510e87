// SPDX-License-Identifier: GPL-2.0
/*
 * The unit tests of icmpctl: parsers, codecs and printers against replies
 * built by hand as the module builds them, the batch a file of commands
 * makes, and the receive loop against a fake kernel socket. No module is
 * needed. Prints "N passed, N failed" last; exit status 1 on failure.
 *
 *	test_icmpctl			the tests
 *	test_icmpctl prom-sample	"stats prometheus" of hand-made replies
 */
#include <stdio.h>

#include "test.h"

int main(int argc, char **argv)
{
	if (argc > 1 && streq(argv[1], "prom-sample")) {
		prom_sample();
		return 0;
	}
	test_words();
	test_rules();
	test_replies();
	test_batch();
	test_netlink();
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
