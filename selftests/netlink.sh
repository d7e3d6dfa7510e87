#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317
#
# The C netlink tests (netlink_test, kselftest_harness) against the
# loaded module, in the namespace the script runs in.
#
#   netlink_test  every command, policy and refusal of the family

set -e
source "$(dirname "$0")/lib.sh"

ALL_TESTS="netlink_test"

netlink_test()
{
	local rc=0

	ensure_module
	"$SELFTESTS/netlink_test" || rc=$?
	log_test $rc 0 "netlink_test: the family against the module"
}

trap cleanup EXIT
run_tests "$@"
