#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2317
#
# The responder answers echo itself, exactly as the kernel would, and the
# kernel's own icmp_echo never sees a request.
#
#   ns "peer" 10.79.0.1/24 <--veth (mtu 1500)--> ns "dut" 10.79.0.2/24
#             route 192.0.2.0/24 via dut          owns 192.0.2.0/24 (when
#                                                 the test says so)
#
#   echo_request iputils ping with sizes 0..65000 (65000 arrives in
#                fragments and its reply leaves in fragments), a pattern,
#                TOS and a flood: all answered by the module, none by the
#                kernel
#   owned        owned prefixes: answered from the address itself; 200
#                prefixes and a /25; flush
#   switch       responder off: the kernel answers
#   ignore_all   net.ipv4.icmp_echo_ignore_all silences the module too
#   broadcast    broadcast echo: silent by default, answered when enabled
#   budget       reply-rate-per-dest
#   packets      field-level checks of replies and the validation drops
#                (scapy: packets.py)

set -e
source "$(dirname "$0")/lib.sh"
require ip ping python3

ALL_TESTS="echo_request owned switch ignore_all broadcast budget packets"

setup()
{
	ensure_module
	topo_peer_dut 10.79.0.1 10.79.0.2
	ip -n "$peer" route add 192.0.2.0/24 via 10.79.0.2
}

# ping_ok DESCRIPTION PING-ARGS...: every request answered, no bad data
ping_ok()
{
	local desc=$1 out rc=0
	shift
	out=$(ip netns exec "$peer" ping -q -W 2 "$@" 2>&1) || rc=$?
	if echo "$out" | grep -qiE 'wrong data|DUP|corrupted'; then
		rc=1
	fi
	log_test $rc 0 "$desc"
	[ $rc -eq 0 ] || show "$out"
}

echo_request()
{
	local size sent=0 out got kernel_reps0

	setup
	kernel_reps0=$(snmp "$dut" OutEchoReps)
	for size in 0 56 1472 8000 65000; do
		ping_ok "ping -s $size: every reply arrives and matches" \
			-c 3 -i 0.05 -s "$size" 10.79.0.2
		sent=$((sent + 3))
	done
	ping_ok "ping -p a5c3 pattern is mirrored byte for byte" \
		-c 3 -i 0.05 -s 200 -p a5c3 10.79.0.2
	ping_ok "ping -Q 0xb8 (TOS) is answered" -c 3 -i 0.05 -Q 0xb8 10.79.0.2
	sent=$((sent + 6))

	out=$(ip netns exec "$peer" ping -q -f -c 10000 -W 2 10.79.0.2 2>&1) || true
	got=$(received "$out")
	check_eq "$got" 10000 "ping -f -c 10000 loses nothing"
	sent=$((sent + 10000))

	check_eq "$(counter "$dut" echo_replies)" "$sent" \
		"module counted exactly $sent echo replies"
	check_eq "$(type_count "$dut" rx 8)" "$sent" \
		"module counted exactly $sent echo requests"
	check_eq "$(snmp "$dut" OutEchoReps)" "$kernel_reps0" \
		"kernel's Icmp OutEchoReps did not move"
}

# Owned prefix: an address no interface has is answered, from itself.
owned()
{
	local rc out i

	setup
	rc=0
	ip netns exec "$peer" ping -q -c 1 -W 1 192.0.2.77 >/dev/null 2>&1 || rc=$?
	log_test $rc 1 "192.0.2.77 is not answered before the prefix is owned"
	"$ICMPCTL" -n "$dut" owned add 192.0.2.0/24
	out=$(ip netns exec "$peer" ping -c 2 -i 0.1 -W 2 192.0.2.77 2>&1) && rc=0 || rc=$?
	log_test $rc 0 "owned 192.0.2.0/24: ping 192.0.2.77 is answered"
	grep -q 'bytes from 192.0.2.77' <<<"$out" && rc=0 || rc=1
	log_test $rc 0 "the reply comes from 192.0.2.77"
	check_eq "$("$ICMPCTL" -n "$dut" -j owned list | json "j['owned']")" \
		"['192.0.2.0/24']" "owned list shows the prefix"
	"$ICMPCTL" -n "$dut" owned del 192.0.2.0/24
	rc=0
	ip netns exec "$peer" ping -q -c 1 -W 1 192.0.2.77 >/dev/null 2>&1 || rc=$?
	log_test $rc 1 "owned del stops the answers"

	# Many prefixes: the longest-prefix lookup does not care how many.
	for i in $(seq 0 199); do
		printf 'owned add 198.18.%d.0/24\n' "$i"
	done | sed "s|^|$ICMPCTL -n $dut |" | sh
	"$ICMPCTL" -n "$dut" owned add 192.0.2.128/25
	ping_ok "200 owned /24s plus a /25: 192.0.2.200 answered" -c 2 -i 0.1 192.0.2.200
	check_eq "$("$ICMPCTL" -n "$dut" -j owned list | json "len(j['owned'])")" 201 \
		"owned list dumps all 201 prefixes"
	"$ICMPCTL" -n "$dut" owned flush
	check_eq "$("$ICMPCTL" -n "$dut" -j owned list | json "len(j['owned'])")" 0 \
		"owned flush empties the set"
}

# The switch: off, the kernel answers; on again, the module does.
switch()
{
	local before kernel_reps0

	setup
	kernel_reps0=$(snmp "$dut" OutEchoReps)
	"$ICMPCTL" -n "$dut" set responder off
	before=$(counter "$dut" echo_replies)
	ping_ok "responder off: the kernel answers" -c 3 -i 0.05 10.79.0.2
	check_eq "$(counter "$dut" echo_replies)" "$before" \
		"responder off: the module sent nothing"
	check_eq "$(snmp "$dut" OutEchoReps)" $((kernel_reps0 + 3)) \
		"responder off: the kernel's OutEchoReps rose by 3"
	"$ICMPCTL" -n "$dut" set responder on
	ping_ok "responder on again: answered" -c 3 -i 0.05 10.79.0.2
	check_eq "$(counter "$dut" echo_replies)" $((before + 3)) \
		"responder on again: by the module"
}

# The kernel's own switch still silences the host.
ignore_all()
{
	local d0 rc

	setup
	ip netns exec "$dut" sysctl -qw net.ipv4.icmp_echo_ignore_all=1
	d0=$(drop_count "$dut" disabled)
	rc=0
	ip netns exec "$peer" ping -q -c 2 -i 0.1 -W 1 10.79.0.2 >/dev/null 2>&1 || rc=$?
	log_test $rc 1 "icmp_echo_ignore_all=1: the module does not answer either"
	check_eq "$(( $(drop_count "$dut" disabled) - d0 ))" 2 \
		"both requests counted under drops.disabled"
}

# Broadcast echo: silent by default (RFC 1122 3.2.2.6 lets a host
# ignore it, as Linux does), answered from the interface when enabled.
broadcast()
{
	local b0 rc out

	setup
	b0=$(drop_count "$dut" broadcast)
	rc=0
	ip netns exec "$peer" ping -q -b -c 2 -i 0.1 -W 1 10.79.0.255 >/dev/null 2>&1 ||
		rc=$?
	log_test $rc 1 "ping -b 10.79.0.255: no answer while broadcast-echo is off"
	check_eq "$(( $(drop_count "$dut" broadcast) - b0 ))" 2 \
		"both requests counted under drops.broadcast"
	"$ICMPCTL" -n "$dut" set broadcast-echo on
	out=$(ip netns exec "$peer" ping -b -c 2 -i 0.1 -W 1 10.79.0.255 2>&1) &&
		rc=0 || rc=$?
	log_test $rc 0 "broadcast-echo on: ping -b is answered"
	grep -q 'bytes from 10.79.0.2:' <<<"$out" && rc=0 || rc=1
	log_test $rc 0 "from the interface's own address, 10.79.0.2"
}

# Reply budget: 5/s burst 5 lets 5 of a 20-ping burst through.
budget()
{
	local lim0 out got rc

	setup
	# The destination table exists once a reply was sent (limits.sh
	# tests the first datagrams' budget).
	ping_ok "a first reply before the budget changes" -c 1 10.79.0.2
	"$ICMPCTL" -n "$dut" set reply-rate-per-dest 5 burst 5
	lim0=$(counter "$dut" replies_limited_dest)
	out=$(ip netns exec "$peer" ping -q -c 20 -i 0.01 -W 1 10.79.0.2 2>&1) || true
	got=$(received "$out")
	[ "$got" -ge 5 ] && [ "$got" -le 7 ] && rc=0 || rc=1
	log_test $rc 0 "reply-rate-per-dest 5 burst 5: $got of 20 answered (5..7)"
	check_eq "$(( $(counter "$dut" replies_limited_dest) - lim0 + got ))" 20 \
		"every suppressed reply is counted"
}

# Field-level checks and the validation drops, with scapy.
packets()
{
	local rc

	if ! have_scapy; then
		echo "SKIP: python3-scapy missing, packets.py not run"
		return 0
	fi
	setup
	rc=0
	scapy_run "$peer" "$SELFTESTS/packets.py" \
		--iface "v$nsuffix" --src 10.79.0.1 --dst 10.79.0.2 \
		--dut-ns "$dut" --icmpctl "$ICMPCTL" || rc=$?
	log_test $rc 0 "scapy: reply fields and validation drops (packets.py)"
}

trap cleanup EXIT
run_tests "$@"
