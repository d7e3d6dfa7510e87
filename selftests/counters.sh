#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Counters are per namespace and count exactly what arrived.
#
#   ns "peer" 10.78.0.1/24 <--veth--> ns "dut" 10.78.0.2/24
#
# peer pings dut 25 times; dut's counters show 25 echo requests, peer's
# show none (it received only the 25 replies), and a reset zeroes them.

set -e
source "$(dirname "$0")/lib.sh"
require ip ping python3

peer="ig-peer-$nsuffix"
dut="ig-dut-$nsuffix"

cleanup()
{
	ip netns del "$peer" 2>/dev/null || true
	ip netns del "$dut" 2>/dev/null || true
	unload_module
}
trap cleanup EXIT

ip netns add "$peer"
ip netns add "$dut"
veth_pair "$peer" 10.78.0.1/24 "$dut" 10.78.0.2/24
load_module

rc=0
ip netns exec "$peer" ping -q -c 25 -i 0.02 -W 2 10.78.0.2 >/dev/null || rc=$?
log_test $rc 0 "ping -c 25 into the module's namespace gets 25 replies"

check_eq "$(type_count "$dut" rx 8)" 25 "dut counts 25 echo requests received"
check_eq "$(type_count "$dut" tx 0)" 25 "dut counts 25 echo replies sent"
check_eq "$(counter "$dut" echo_replies)" 25 "dut echo_replies counter is 25"
check_eq "$(type_count "$peer" rx 8)" 0 "peer, with its own counters, counts 0 echo requests"
check_eq "$(type_count "$peer" rx 0)" 25 "peer counts the 25 echo replies it received"

bytes=$("$ICMPCTL" -n "$dut" -j stats |
	json "[t['bytes'] for t in j['rx_types'] if t['type'] == 8][0]")
check_eq "$bytes" $((25 * 84)) "dut counts 25 x 84 bytes of echo request"

"$ICMPCTL" -n "$dut" stats reset
check_eq "$(counter "$dut" rx_packets)" 0 "stats reset zeroes rx_packets"
check_eq "$(type_count "$dut" rx 8)" 0 "stats reset zeroes the per-type counters"

# The text table shows the same figure.
ip netns exec "$peer" ping -q -c 3 -i 0.02 -W 2 10.78.0.2 >/dev/null
out=$("$ICMPCTL" -n "$dut" stats)
echo "$out" | grep -Eq '^ *8 +echo-request +3 ' && rc=0 || rc=1
log_test $rc 0 "icmpctl stats text table lists 3 echo-request"

exit $ret
