#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
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
#   ns "peer" 10.81.0.1/24 <--veth--> ns "dut"     10.81.0.2/24
#                                     (timestamp, probe, router mode and
#                                     error extensions on; forwards
#                                     203.0.113.0/24 back to the peer
#                                     with an MTU of 400)
#             10.82.0.1/24 <--veth--> ns "scratch" 10.82.0.2/24
#                                     (whatever nl_fuzz left there)
#
# Both links have static neighbours and no IPv6, so every frame on them
# is one the test sent: fuzz_packets.py checks the module accounts for
# each datagram exactly once, in the dut (and ping still works) and in the
# scratch namespace, whose configuration the fuzzer chose.

set -e
source "$(dirname "$0")/lib.sh"
require ip ping setpriv

here=$(cd "$(dirname "$0")" && pwd)
peer="ig-fpeer-$nsuffix"
dut="ig-fdut-$nsuffix"
scratch="ig-fscr-$nsuffix"
tmp=
flood=

cleanup()
{
	[ -n "$flood" ] && kill "$flood" 2>/dev/null
	ip netns del "$peer" 2>/dev/null || true
	ip netns del "$dut" 2>/dev/null || true
	ip netns del "$scratch" 2>/dev/null || true
	[ -n "$tmp" ] && rm -rf "$tmp"
	unload_module
}
trap cleanup EXIT

# link NS1 DEV1 ADDR1 NS2 DEV2 ADDR2: a veth with static neighbours, no IPv6
link()
{
	local mac1 mac2

	ip link add "$2" netns "$1" type veth peer name "$5" netns "$4"
	ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=1"
	ip netns exec "$4" sysctl -qw "net.ipv6.conf.$5.disable_ipv6=1"
	ip -n "$1" addr add "$3/24" dev "$2"
	ip -n "$4" addr add "$6/24" dev "$5"
	ip -n "$1" link set "$2" up
	ip -n "$4" link set "$5" up
	mac1=$(ip -n "$1" -j link show dev "$2" | json "j[0]['address']")
	mac2=$(ip -n "$4" -j link show dev "$5" | json "j[0]['address']")
	ip -n "$1" neigh replace "$6" lladdr "$mac2" dev "$2" nud permanent
	ip -n "$4" neigh replace "$3" lladdr "$mac1" dev "$5" nud permanent
}

for ns in "$peer" "$dut" "$scratch"; do
	ip netns add "$ns"
	ip -n "$ns" link set lo up
done
load_module

# nobody must be able to run the fuzzer: a copy outside the repository.
tmp=$(mktemp -d)
chmod 755 "$tmp"
cp "$here/nl_fuzz" "$tmp/"

echo "# FUZZ_SEED=${FUZZ_SEED:-0x1c3a9d} FUZZ_COUNT=${FUZZ_COUNT:-4000}"
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

link "$peer" "a$nsuffix" 10.81.0.1 "$dut" "b$nsuffix" 10.81.0.2
link "$peer" "c$nsuffix" 10.82.0.1 "$scratch" "d$nsuffix" 10.82.0.2

# Control plane and data plane at once: the fuzzer (root only: nobody
# compares counters, which the flood moves) while ping floods the
# namespace whose configuration it changes.
ip netns exec "$peer" ping -q -f -w 30 10.82.0.2 >/dev/null 2>&1 &
flood=$!
rc=0
ip netns exec "$scratch" env FUZZ_ONLY=root FUZZ_LIMITS=0 \
	FUZZ_SEED=$(( ${FUZZ_SEED:-0x1c3a9d} + 1 )) "$tmp/nl_fuzz" || rc=$?
kill "$flood" 2>/dev/null || true
wait "$flood" 2>/dev/null || true
flood=
log_test "$rc" 0 "nl_fuzz as root while ping floods the namespace"

if ip netns exec "$peer" python3 -c 'import scapy' 2>/dev/null; then
	# Transit too: router mode sends Time Exceeded and (MTU 400 on
	# the way out) Fragmentation Needed about fuzzed datagrams.
	ip netns exec "$dut" sysctl -qw net.ipv4.ip_forward=1
	ip -n "$dut" route add 203.0.113.0/24 via 10.81.0.1 mtu lock 400
	"$ICMPCTL" -n "$dut" set timestamp on probe on router-mode on \
		error-extensions on
	rc=0
	ip netns exec "$peer" python3 "$here/fuzz_packets.py" \
		--iface "a$nsuffix" --src 10.81.0.1 --dst 10.81.0.2 \
		--dut-ns "$dut" --dut-iface "b$nsuffix" --icmpctl "$ICMPCTL" \
		--limits --ping || rc=$?
	log_test $rc 0 "fuzz_packets.py into the dut: accounting and ping"
	# The scratch namespace's flood limits and counters are the
	# fuzzer's: only the accounting is checked there.
	rc=0
	ip netns exec "$peer" python3 "$here/fuzz_packets.py" \
		--iface "c$nsuffix" --src 10.82.0.1 --dst 10.82.0.2 \
		--dut-ns "$scratch" --dut-iface "d$nsuffix" \
		--icmpctl "$ICMPCTL" --scale 0.5 || rc=$?
	log_test $rc 0 "fuzz_packets.py into the fuzzed namespace: accounting"
else
	echo "SKIP: python3-scapy missing, fuzz_packets.py not run"
fi

rc=0
ip netns exec "$peer" ping -q -c 3 -i 0.2 -W 2 10.81.0.2 >/dev/null || rc=$?
log_test $rc 0 "the module still answers ping"
replies=$("$ICMPCTL" -n "$dut" -j stats | json "j['counters']['echo_replies']")
check_eq "$((replies > 0))" 1 "icmpctl stats works and counted the echo replies"

exit $ret
