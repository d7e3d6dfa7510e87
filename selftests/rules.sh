#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Filter rules and inbound flood protection on a router.
#
#   client  10.81.1.1/24 --veth-- 10.81.1.2/24 \
#                                               router --veth-- server
#   client2 10.81.3.1/24 --veth-- 10.81.3.2/24 /  10.81.2.1/24  10.81.2.2/24
#
# Every action is proven for input (to the router) and forward (to the
# server through it) with iputils ping, hping3 and the rules' own
# counters; then per-source limits, a spoofed flood with a legitimate
# pinger alongside, atomic replacement of 10 000 rules under a flood,
# events, the router profile, and rmmod / netns deletion mid-flood.

set -e
source "$(dirname "$0")/lib.sh"
require ip ping hping3 python3 timeout

c="ig-c-$nsuffix"
c2="ig-c2-$nsuffix"
r="ig-r-$nsuffix"
s="ig-s-$nsuffix"
TMPDIR=$(mktemp -d)
bg=

cleanup()
{
	for p in $bg; do
		kill "$p" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	rm -rf "$TMPDIR"
	for n in "$c" "$c2" "$r" "$s"; do
		ip netns del "$n" 2>/dev/null || true
	done
	unload_module
}
trap cleanup EXIT

for n in "$c" "$c2" "$r" "$s"; do
	ip netns add "$n"
	ip -n "$n" link set lo up
done
ip link add c0 netns "$c" type veth peer name r0 netns "$r"
ip link add d0 netns "$c2" type veth peer name r2 netns "$r"
ip link add r1 netns "$r" type veth peer name s0 netns "$s"
ip -n "$c" addr add 10.81.1.1/24 dev c0
ip -n "$c2" addr add 10.81.3.1/24 dev d0
ip -n "$r" addr add 10.81.1.2/24 dev r0
ip -n "$r" addr add 10.81.3.2/24 dev r2
ip -n "$r" addr add 10.81.2.1/24 dev r1
ip -n "$s" addr add 10.81.2.2/24 dev s0
for l in "$c c0" "$c2 d0" "$r r0" "$r r1" "$r r2" "$s s0"; do
	set -- $l
	ip -n "$1" link set "$2" up
done
ip -n "$c" route add default via 10.81.1.2
ip -n "$c2" route add default via 10.81.3.2
ip -n "$s" route add default via 10.81.2.1
ip netns exec "$r" sysctl -qw net.ipv4.ip_forward=1
load_module
ig() { "$ICMPCTL" -n "$r" "$@"; }

# pings NS DST COUNT: how many of COUNT pings were answered
pings()
{
	ip netns exec "$1" ping -q -c "$3" -i 0.05 -W 1 "$2" 2>&1 |
		sed -nE 's/.* ([0-9]+) received.*/\1/p'
}

# rule_packets HANDLE
rule_packets()
{
	ig -j rule list | json "[x['packets'] for x in j['rules'] if x['handle'] == $1][0]"
}

last_handle()
{
	ig -j rule list | json "max(x['handle'] for x in j['rules'])"
}

for dir in input forward; do
	dst=10.81.1.2
	[ $dir = forward ] && dst=10.81.2.2
	ig rule flush

	ig rule add $dir type echo-request from 10.81.1.1 drop
	h=$(last_handle)
	check_eq "$(pings "$c" $dst 3)" 0 "$dir drop: no reply"
	check_eq "$(rule_packets "$h")" 3 "$dir drop: the rule counted 3 packets"
	check_eq "$(pings "$c2" $dst 3)" 3 "$dir drop: another source is not matched"

	ig rule insert index 0 $dir type echo-request from 10.81.1.0/24 accept
	check_eq "$(pings "$c" $dst 3)" 3 "$dir accept inserted first wins"

	ig rule flush $dir
	ig rule add $dir type echo-request reject code host-prohibited
	out=$(ip netns exec "$c" ping -c 1 -W 2 $dst 2>&1) || true
	echo "$out" | grep -q 'Destination Host Prohibited' && rc=0 || rc=1
	log_test $rc 0 "$dir reject code 10: ping sees Destination Host Prohibited"

	ig rule flush
	ig set default-policy $dir drop
	ig rule add $dir type echo-request accept
	# Forwarded, the server's replies cross the router too.
	[ $dir = forward ] && ig rule add forward type echo-reply accept
	check_eq "$(pings "$c" $dst 2)" 2 "$dir policy drop, echo accepted by a rule"
	rc=0
	ip netns exec "$c" hping3 -n -q --icmp --icmptype 13 -c 3 -i u100000 $dst \
		>/dev/null 2>&1 || rc=$?
	p0=$(counter "$r" policy_dropped)
	ip netns exec "$c" hping3 -n -q --icmp --icmptype 13 -c 3 -i u100000 $dst \
		>/dev/null 2>&1 || true
	check_eq "$(( $(counter "$r" policy_dropped) - p0 ))" 3 \
		"$dir policy drop: 3 timestamp requests dropped and counted"
	ig set default-policy $dir accept
	ig rule flush
done

# Types, codes, lengths: counters show exactly what matched.
ig rule add forward type dest-unreach code 0-2 accept
h1=$(last_handle)
ig rule add forward type 3,11 accept
h2=$(last_handle)
ig rule add forward type echo-request length 1000-2000 accept
h3=$(last_handle)
for code in 0 2 3 13; do
	ip netns exec "$c" hping3 -n -q --icmp --icmptype 3 --icmpcode $code -c 1 \
		10.81.2.2 >/dev/null 2>&1 || true
done
ip netns exec "$c" hping3 -n -q --icmp --icmptype 11 -c 1 10.81.2.2 \
	>/dev/null 2>&1 || true
ip netns exec "$c" ping -q -c 1 -s 1200 -W 1 10.81.2.2 >/dev/null || true
check_eq "$(rule_packets "$h1")" 2 "code range 0-2 matched codes 0 and 2"
check_eq "$(rule_packets "$h2")" 3 "type list 3,11 matched the rest of them"
check_eq "$(rule_packets "$h3")" 1 "length 1000-2000 matched the 1228-byte ping"
ig rule flush

# Limit: a ping flood at 100/s burst 10 gets 100/s through.
ig rule add input type echo-request limit 100/s burst 10
out=$(ip netns exec "$c" ping -q -f -c 2000 10.81.1.2 2>&1) || true
got=$(echo "$out" | sed -nE 's/.* ([0-9]+) received.*/\1/p')
ms=$(echo "$out" | sed -nE 's/.*time ([0-9]+)ms.*/\1/p')
rate=$(python3 -c "print(round(($got - 10) / ($ms / 1000.0), 1))")
python3 -c "import sys; sys.exit(not 90 <= $rate <= 110)" && rc=0 || rc=1
log_test $rc 0 "limit 100/s burst 10: ping -f got $rate/s through (100 +-10%)"
limited=$(ig -j rule list | json "j['rules'][0]['limited']")
check_eq "$limited" $((2000 - got)) "every packet over the limit counted on the rule"
ig rule flush

# Per source: one floods, the other loses nothing.
ig rule add input type echo-request limit 20/s burst 5 per-source
ip netns exec "$c" ping -q -f -w 6 10.81.1.2 >/dev/null 2>&1 &
bg="$!"
sleep 0.5
check_eq "$(ip netns exec "$c2" ping -q -c 20 -i 0.2 -W 1 10.81.1.2 2>&1 |
	sed -nE 's/.* ([0-9]+) received.*/\1/p')" 20 \
	"per-source limit: a second source loses nothing while the first floods"
wait $bg || true
bg=
ig rule flush

# Reply: the router answers for an address that exists nowhere.
ig rule add forward type echo-request to 10.81.2.99 reply
out=$(ip netns exec "$c" ping -c 2 -i 0.1 -W 1 10.81.2.99 2>&1) && rc=0 || rc=$?
log_test $rc 0 "reply: echo to 10.81.2.99 is answered by the router"
echo "$out" | grep -q 'from 10.81.2.99' && rc=0 || rc=1
log_test $rc 0 "reply: from 10.81.2.99 itself"
ig rule flush

# Events: a flood from one source starts and ends.
ig set flood-limit 50 burst 10 per-source
timeout 30 "$ICMPCTL" -n "$r" monitor count 2 >"$TMPDIR/mon" 2>&1 &
mon=$!
bg="$mon"
sleep 0.5
ip netns exec "$c" ping -q -f -c 1000 10.81.1.2 >/dev/null 2>&1 || true
wait $mon && rc=0 || rc=$?
bg=
log_test $rc 0 "icmpctl monitor got two events"
grep -qx 'flood-start source 10.81.1.1/32' "$TMPDIR/mon" && rc=0 || rc=1
log_test $rc 0 "monitor: flood-start source 10.81.1.1/32"
grep -qE '^flood-end source 10.81.1.1/32 dropped [1-9][0-9]*$' "$TMPDIR/mon" &&
	rc=0 || rc=1
log_test $rc 0 "monitor: flood-end source 10.81.1.1/32 with a drop count"
[ $rc -eq 0 ] || sed 's/^/    /' "$TMPDIR/mon"
# stats -s names the sources being limited, while they are.
ip netns exec "$c" ping -q -f -w 4 10.81.1.2 >/dev/null 2>&1 &
bg=$!
sleep 2
out=$(ig -s stats)
wait $bg || true
bg=
echo "$out" | sed -n '/Top limited sources/,$p' | grep -q '10\.81\.1\.1/32' &&
	rc=0 || rc=1
log_test $rc 0 "stats -s lists 10.81.1.1/32 among the top limited sources"
ig set flood-limit 50000 burst 10000 per-source

# A spoofed flood: the legitimate client keeps pinging, the table stays
# under its cap, memory under its cap.
ig set max-sources 4096
ip -n "$r" route add default via 10.81.1.1
ip netns exec "$c" ping -q -c 20 -i 1 -W 1 10.81.1.2 >"$TMPDIR/legit" 2>&1 &
legit=$!
ip netns exec "$c2" timeout 20 hping3 -n -q --icmp --flood --rand-source \
	10.81.1.2 >/dev/null 2>&1 &
flood=$!
bg="$legit $flood"
peak=0
for _ in $(seq 1 18); do
	n=$(counter "$r" sources)
	[ "$n" -gt "$peak" ] && peak=$n
	sleep 1
done
wait $legit || true
wait $flood || true
bg=
got=$(sed -nE 's/.* ([0-9]+) received.*/\1/p' "$TMPDIR/legit")
[ "$got" -ge 19 ] && rc=0 || rc=1
log_test $rc 0 "rand-source flood: the legitimate client got $got of 20 (>= 19)"
[ "$peak" -le 4096 ] && rc=0 || rc=1
log_test $rc 0 "the source table peaked at $peak, under max-sources 4096"
slab=$(awk '$1 == "icmpguard_source" { print $3 * $4 }' /proc/slabinfo)
[ "${slab:-0}" -le $((3 * 4096 * 128)) ] && rc=0 || rc=1
log_test $rc 0 "slab of tracked sources: ${slab:-0} bytes, under the cap"
check_eq "$(counter "$r" sources_max)" 4096 "stats report the cap"

# Replace 10 000 rules, 50 times, during a flood: no stall, and the dump
# is exactly the last set.
python3 - "$TMPDIR" <<'PY'
import sys
d = sys.argv[1]
for name, base in (("a", 1), ("b", 2)):
    with open("%s/%s.rules" % (d, name), "w") as f:
        for i in range(10000):
            f.write("input type echo-request from 10.%d.%d.%d/32 drop\n"
                    % (base + 100, i // 256, i % 256))
PY
ip netns exec "$c2" timeout 60 hping3 -n -q --icmp --flood 10.81.1.2 \
	>/dev/null 2>&1 &
flood=$!
ip netns exec "$c" ping -q -c 1000 -i 0.05 -W 2 10.81.1.2 >"$TMPDIR/ping" 2>&1 &
legit=$!
bg="$flood $legit"
worst=0
fails=0
for i in $(seq 1 50); do
	f=a
	[ $((i % 2)) -eq 0 ] && f=b
	t0=$(date +%s%N)
	ig rule replace -f "$TMPDIR/$f.rules" || fails=$((fails + 1))
	t=$(( ($(date +%s%N) - t0) / 1000000 ))
	[ $t -gt $worst ] && worst=$t
done
kill -INT $legit 2>/dev/null || true
kill $flood 2>/dev/null || true
wait 2>/dev/null || true
bg=
log_test $fails 0 "50 replacements of 10 000 rules under a flood"
[ $worst -lt 10000 ] && rc=0 || rc=1
log_test $rc 0 "the slowest replacement took $worst ms"
ig rule list | sed 's/ *#.*//' | grep -v '^$' >"$TMPDIR/dump"
cmp -s "$TMPDIR/dump" "$TMPDIR/b.rules" && rc=0 || rc=1
log_test $rc 0 "the dump is exactly the last set (10 000 rules)"
lost=$(sed -nE 's/.* ([0-9]+)% packet loss.*/\1/p' "$TMPDIR/ping")
[ "${lost:-100}" -le 1 ] && rc=0 || rc=1
log_test $rc 0 "pings through the replacements: ${lost:-?}% lost"
ig rule flush

# The router profile.
ig profile router
check_eq "$(ig -j rule list | json "len(j['rules'])")" \
	"$(ig profile router show | grep -cvE '^(#|$)')" "profile router installs its rules"
check_eq "$(pings "$c" 10.81.2.2 3)" 3 "profile router: ping through still works"

# Teardown mid-flood: rmmod, then (loaded again) deleting the namespace.
ip netns exec "$c2" timeout 40 hping3 -n -q --icmp --flood --rand-source \
	10.81.2.2 >/dev/null 2>&1 &
bg=$!
sleep 2
rmmod icmpguard && rc=0 || rc=$?
log_test $rc 0 "rmmod during a flood through the router"
load_module
sleep 2
check_eq "$(counter "$r" rx_packets | python3 -c 'import sys; print(int(sys.stdin.read()) > 0)')" \
	True "loaded again, the router counts the flood"
ip netns del "$r"
x="ig-x-$nsuffix"
ip netns add "$x"
ip -n "$x" link set lo up
ip netns exec "$x" ping -q -c 2 -i 0.1 127.0.0.1 >/dev/null
check_eq "$(type_count "$x" rx 8)" 2 \
	"router namespace deleted mid-flood; a new namespace works"
ip netns del "$x"
kill $bg 2>/dev/null || true
wait 2>/dev/null || true
bg=

exit $ret
