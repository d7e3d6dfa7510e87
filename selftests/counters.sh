#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2317
#
# Counters are per namespace and count exactly what arrived.
#
#   ns "peer" 10.78.0.1/24 <--veth--> ns "dut" 10.78.0.2/24
#
#   exact   peer pings dut 25 times: dut's counters show 25 echo
#           requests and replies and their bytes, peer's (its own
#           namespace) none of the requests, only the 25 replies
#   stats_reset  stats reset zeroes them; the text table shows what came after

set -e
source "$(dirname "$0")/lib.sh"
require ip ping python3

ALL_TESTS="exact stats_reset"

exact()
{
	local rc=0 bytes

	ensure_module
	topo_peer_dut 10.78.0.1 10.78.0.2
	ip netns exec "$peer" ping -q -c 25 -i 0.02 -W 2 10.78.0.2 >/dev/null ||
		rc=$?
	log_test $rc 0 "ping -c 25 into the module's namespace gets 25 replies"

	check_eq "$(type_count "$dut" rx 8)" 25 "dut counts 25 echo requests received"
	check_eq "$(type_count "$dut" tx 0)" 25 "dut counts 25 echo replies sent"
	check_eq "$(counter "$dut" echo_replies)" 25 "dut echo_replies counter is 25"
	check_eq "$(type_count "$peer" rx 8)" 0 "peer, with its own counters, counts 0 echo requests"
	check_eq "$(type_count "$peer" rx 0)" 25 "peer counts the 25 echo replies it received"

	bytes=$(stats "$dut" "[t['bytes'] for t in j['rx_types'] if t['type'] == 8][0]")
	check_eq "$bytes" $((25 * 84)) "dut counts 25 x 84 bytes of echo request"
}

stats_reset()
{
	local out rc

	ensure_module
	topo_peer_dut 10.78.0.1 10.78.0.2
	ip netns exec "$peer" ping -q -c 5 -i 0.02 -W 2 10.78.0.2 >/dev/null
	check_eq "$(counter "$dut" rx_packets)" 5 "5 pings counted before the reset"
	"$ICMPCTL" -n "$dut" stats reset
	check_eq "$(counter "$dut" rx_packets)" 0 "stats reset zeroes rx_packets"
	check_eq "$(type_count "$dut" rx 8)" 0 "stats reset zeroes the per-type counters"

	# The text table shows the same figure.
	ip netns exec "$peer" ping -q -c 3 -i 0.02 -W 2 10.78.0.2 >/dev/null
	out=$("$ICMPCTL" -n "$dut" stats)
	echo "$out" | grep -Eq '^ *8 +echo-request +3 ' && rc=0 || rc=1
	log_test $rc 0 "icmpctl stats text table lists 3 echo-request"
}

trap cleanup EXIT
run_tests "$@"
