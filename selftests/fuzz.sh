#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2317
#
# Fuzzing, bounded and seeded (FUZZ_SEED, default 0x1c3a9d; FUZZ_COUNT,
# FUZZ_PACKETS_SCALE): the netlink family (nl_fuzz) and the input hook
# (fuzz_packets.py), then the module must still answer.
#
#   ns "scratch": nl_fuzz as root (random configuration, rules and owned
#                 prefixes land here, nowhere else; and the RULES_MAX and
#                 OWNED_MAX limits), as nobody (in-process and through
#                 setpriv), then as root again while ping floods it
#
#   ns "peer" a<x> 10.81.0.1/24 <--veth--> b<x> ns "dut" 10.81.0.2/24
#                                     (timestamp, probe, router mode and
#                                     error extensions on; forwards
#                                     203.0.113.0/24 back to the peer
#                                     with an MTU of 400)
#             c<x> 10.82.0.1/24 <--veth--> d<x> ns "scratch" 10.82.0.2/24
#                                     (whatever nl_fuzz left there)
#
# Both links have static neighbours and no IPv6, so every frame on them
# is one the test sent: fuzz_packets.py checks the module accounts for
# each datagram exactly once, in the dut (and ping still works) and in the
# scratch namespace, whose configuration the fuzzer chose.
#
#   netlink  nl_fuzz as root, as nobody, and as root under a ping flood;
#            icmpctl still reads every namespace
#   packets  fuzz_packets.py into the dut and into a namespace nl_fuzz
#            configured; the module still answers ping

set -e
source "$(dirname "$0")/lib.sh"
require ip ping setpriv

ALL_TESTS="netlink packets"
seed=${FUZZ_SEED:-0x1c3a9d}

setup()
{
	ensure_module
	setup_ns peer dut scratch
	# nobody must be able to run the fuzzer: a copy outside the repository.
	tmp=$(mktemp -d /tmp/icmpguard-fuzz.XXXXXX)
	defer rm -rf "$tmp"
	chmod 755 "$tmp"
	cp "$SELFTESTS/nl_fuzz" "$tmp/"
}

netlink()
{
	local rc

	setup
	echo "# FUZZ_SEED=$seed FUZZ_COUNT=${FUZZ_COUNT:-4000}"
	rc=0
	ip netns exec "$scratch" "$tmp/nl_fuzz" || rc=$?
	log_test "$rc" 0 "nl_fuzz: root and nobody (dropped in-process), limits"

	rc=0
	ip netns exec "$scratch" setpriv --reuid=65534 --regid=65534 \
		--clear-groups --inh-caps=-all --bounding-set=-all \
		env FUZZ_ONLY=nobody "$tmp/nl_fuzz" || rc=$?
	log_test "$rc" 0 "nl_fuzz as nobody (setpriv, no capabilities)"

	rc=0
	"$ICMPCTL" stats >/dev/null || rc=$?
	log_test $rc 0 "icmpctl stats answers in the initial namespace"
	rc=0
	"$ICMPCTL" -n "$scratch" stats >/dev/null || rc=$?
	log_test $rc 0 "icmpctl stats answers in the fuzzed namespace"
	rc=0
	"$ICMPCTL" -n "$scratch" config >/dev/null || rc=$?
	log_test $rc 0 "icmpctl config shows the fuzzed configuration"
	rc=0
	"$ICMPCTL" -n "$scratch" rule list >/dev/null || rc=$?
	log_test $rc 0 "icmpctl rule list shows the fuzzed rules"

	# Control plane and data plane at once: the fuzzer (root only:
	# nobody compares counters, which the flood moves) while ping floods
	# the namespace whose configuration it changes.
	link "$peer" "c$nsuffix" 10.82.0.1/24 "$scratch" "d$nsuffix" 10.82.0.2/24 static
	run_bg ip netns exec "$peer" ping -q -f -w 30 10.82.0.2 >/dev/null 2>&1
	rc=0
	ip netns exec "$scratch" env FUZZ_ONLY=root FUZZ_LIMITS=0 \
		FUZZ_SEED=$(( seed + 1 )) "$tmp/nl_fuzz" || rc=$?
	log_test "$rc" 0 "nl_fuzz as root while ping floods the namespace"
}

packets()
{
	local rc replies

	if ! have_scapy; then
		echo "SKIP: python3-scapy missing, fuzz_packets.py not run"
		return 0
	fi
	setup
	link "$peer" "a$nsuffix" 10.81.0.1/24 "$dut" "b$nsuffix" 10.81.0.2/24 static
	link "$peer" "c$nsuffix" 10.82.0.1/24 "$scratch" "d$nsuffix" 10.82.0.2/24 static
	# A configuration the fuzzer chose, for the scratch namespace.
	rc=0
	ip netns exec "$scratch" env FUZZ_ONLY=root FUZZ_LIMITS=0 \
		FUZZ_SEED=$(( seed + 1 )) "$tmp/nl_fuzz" >"$TMPDIR/nl_fuzz" 2>&1 ||
		rc=$?
	log_test "$rc" 0 "nl_fuzz as root configures the scratch namespace"
	[ "$rc" = 0 ] || show "$(tail -n 20 "$TMPDIR/nl_fuzz")"

	# Transit too: router mode sends Time Exceeded and (MTU 400 on the
	# way out) Fragmentation Needed about fuzzed datagrams.
	ip netns exec "$dut" sysctl -qw net.ipv4.ip_forward=1
	ip -n "$dut" route add 203.0.113.0/24 via 10.81.0.1 mtu lock 400
	"$ICMPCTL" -n "$dut" set timestamp on probe on router-mode on \
		error-extensions on
	rc=0
	scapy_run "$peer" "$SELFTESTS/fuzz_packets.py" \
		--iface "a$nsuffix" --src 10.81.0.1 --dst 10.81.0.2 \
		--dut-ns "$dut" --dut-iface "b$nsuffix" --icmpctl "$ICMPCTL" \
		--limits --ping || rc=$?
	log_test $rc 0 "fuzz_packets.py into the dut: accounting and ping"
	# The scratch namespace's flood limits and counters are the
	# fuzzer's: only the accounting is checked there.
	rc=0
	scapy_run "$peer" "$SELFTESTS/fuzz_packets.py" \
		--iface "c$nsuffix" --src 10.82.0.1 --dst 10.82.0.2 \
		--dut-ns "$scratch" --dut-iface "d$nsuffix" \
		--icmpctl "$ICMPCTL" --scale 0.5 || rc=$?
	log_test $rc 0 "fuzz_packets.py into the fuzzed namespace: accounting"

	rc=0
	ip netns exec "$peer" ping -q -c 3 -i 0.2 -W 2 10.81.0.2 >/dev/null || rc=$?
	log_test $rc 0 "the module still answers ping"
	replies=$(counter "$dut" echo_replies)
	check_eq "$((replies > 0))" 1 "icmpctl stats works and counted the echo replies"
}

trap cleanup EXIT
run_tests "$@"
