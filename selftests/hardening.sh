#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2317
#
# Issue 10's defects, one test each, every one with a real peer. Each
# failed on the module before the rewrite (ICMPGUARD_KO= an older
# icmpguard.ko runs them against it).
#
#   rmmod_under_flood      f1 --veth-- dut --veth-- f2     (x: a namespace
#                          fixed source      random sources  deleted mid-
#                          flooding from CPU 0 and CPU 1     flood, from f1)
#                          insmod/rmmod in a loop, and netns deletion
#   martian_sources        peer p0 10.96.1.1/24 --veth-- d0 10.96.1.2/24
#                          dut (owns 192.0.2.0/24, rp_filter=1)
#                          d1 10.96.2.2/24 --veth-- o0 10.96.2.1/24 other
#                          from 10.96.1.255, 10.96.2.77 and 10.96.1.2
#                          (scapy)
#   inspect_once           peer 10.95.1.1 --veth-- d0 10.95.1.2 (slave of
#                          VRF "blue") dut;
#                          bpeer 10.95.2.1 --veth-- d0 port of br0
#                          10.95.2.2 bdut (br_netfilter) e0 10.95.3.1
#                          --veth-- 10.95.3.2 bsrv
#   rate_change            peer 10.94.1.1/24 --veth-- 10.94.1.2/24 dut
#                          (owns 192.0.2.0/24)
#   flood_events           peer 10.94.1.1/24 --veth-- 10.94.1.2/24 dut,
#                          two flooders (one per CPU), icmpctl monitor
#   ip_options             client c0 10.93.1.1 --veth-- r0 10.93.1.2 router
#                          r1 10.93.2.1 --veth-- s0 10.93.2.2 server (scapy)
#   insmod_alone           peer 10.91.1.1/24 --veth-- 10.91.1.2/24 dut,
#                          nothing loaded before insmod
#   error_source_rfc7600   client c0 10.92.1.1/24 --veth-- r0 (no IPv4)
#                          router r1 (no IPv4) --veth-- s0 10.92.2.2/24
#                          server; static routes and neighbours
#
# Environment: ROUNDS (rmmod_under_flood, default 8; 4 when
# ICMPGUARD_SLOW > 1), ICMPGUARD_KO,
# ICMPGUARD_SLOW (see lib.sh).

set -e
source "$(dirname "$0")/lib.sh"
require ip ping hping3 traceroute python3 nft taskset

ALL_TESTS="rmmod_under_flood martian_sources inspect_once rate_change flood_events ip_options insmod_alone error_source_rfc7600"

# cpu N COMMAND...: COMMAND on CPU N (modulo the CPUs there are), as
# the same process (run_bg cpu ...: $! is COMMAND's pid)
ncpu=$(nproc)
cpu()
{
	exec taskset -c $(($1 % ncpu)) "${@:2}"
}

# counted NETNS: the module counted ICMP there
counted()
{
	[ "$(counter "$1" rx_packets 2>/dev/null || echo 0)" -gt 0 ]
}

# 1. Use-after-free on rmmod under traffic: load and unload while two
# floods (one source; random sources) hit the hooks on both CPUs, then
# delete namespaces mid-flood. A use-after-free shows as a splat (the
# guest runner fails the run on any) or, with KASAN, a report. (With
# niced floods, the debug kernel counted none of the floods into the
# deleted namespaces; the likely cause is that a niced hping3 got no CPU
# beside the other floods' softirq work.)
rmmod_under_flood()
{
	local rounds=${ROUNDS:-$(awk -v s="$SLOW" 'BEGIN { print (s > 1 ? 4 : 8) }')} fails=0 seen=0 i f1p f2p p x rc hooks rxs= rx
	local reached missed got

	setup_ns f1 f2 dut
	link "$f1" a0 10.97.1.1/24 "$dut" a1 10.97.1.2/24
	link "$f2" b0 10.97.2.1/24 "$dut" b1 10.97.2.2/24
	ip -n "$f2" route add default dev b0
	unload_module
	run_bg cpu 0 ip netns exec "$f1" hping3 -n -q --icmp --flood \
		10.97.1.2 >/dev/null 2>&1
	f1p=$!
	run_bg cpu 1 ip netns exec "$f2" hping3 -n -q --icmp --flood \
		--rand-source 10.97.2.2 >/dev/null 2>&1
	f2p=$!
	sleep "$(scaled 1)"
	for i in $(seq 1 "$rounds"); do
		load_module || fails=$((fails + 1))
		wait_until 30 counted "$dut" && seen=$((seen + 1))
		sleep "$(scaled "0.$((RANDOM % 5))")"
		rmmod icmpguard || fails=$((fails + 1))
	done
	log_test $fails 0 "$rounds insmod/rmmod rounds under two floods on $ncpu CPUs"
	check_eq "$seen" "$rounds" "the hook counted flood traffic in every round"
	check_true "both floods ran throughout" running "$f1p" "$f2p"

	# Namespaces deleted while a flood into them is in the hook. The
	# flood must reach x (on the debug kernel, one round in four has
	# been seen to count nothing: whether nothing arrived or the module
	# missed it, the numbers shown tell); whatever reached x, the module
	# must have counted. Static links: no ARP to resolve under a flood,
	# and nothing but the flood arrives on x0. The floods into dut are
	# stopped meanwhile: under three floods on two CPUs, the debug
	# kernel took two minutes to set up and delete each namespace.
	load_module
	kill -STOP "$f1p" "$f2p" 2>/dev/null || true
	fails=0
	reached=0
	missed=0
	for i in $(seq 1 4); do
		setup_ns x
		link "$f1" "x$i" "10.97.1$i.1/24" "$x" x0 "10.97.1$i.2/24" static
		run_bg cpu "$i" ip netns exec "$f1" hping3 -n -q --icmp \
			--flood "10.97.1$i.2" >/dev/null 2>&1
		p=$!
		# (Under a flood, on RT, icmpctl may not get a CPU in time:
		# the count read after the wait is what counts.)
		wait_until 30 counted "$x" || true
		rx=$(counter "$x" rx_packets 2>/dev/null || echo 0)
		got=$(link_stat "$x" x0 rx 2>/dev/null || echo 0)
		[ "$got" -gt 0 ] && reached=$((reached + 1))
		[ "$got" -gt 0 ] && [ "$rx" = 0 ] && missed=$((missed + 1))
		rxs+=" $got/$rx"
		sleep "$(scaled 0.2)"
		ip netns del "$x" || fails=$((fails + 1))
		sleep "$(scaled 0.2)"
		stop "$p"
	done
	log_test $fails 0 "4 namespaces deleted mid-flood"
	check_true "the floods reached 3 or more of the 4 namespaces ($reached)" \
		[ "$reached" -ge 3 ]
	check_eq "$missed" 0 "the module counted every flood that reached its namespace"
	show "x0 rx packets/module rx_packets, per round:$rxs"
	kill -CONT "$f1p" "$f2p" 2>/dev/null || true
	sleep "$(scaled 0.5)"
	check_true "both floods into dut resumed" running "$f1p" "$f2p"
	rmmod icmpguard && rc=0 || rc=$?
	log_test $rc 0 "rmmod after the deletions, floods still running"
	stop "${BG_PIDS[@]}"
	BG_PIDS=()

	rc=0
	ip netns exec "$f1" ping -q -c 3 -i 0.1 -W 2 10.97.1.2 >/dev/null || rc=$?
	log_test $rc 0 "the kernel answers once the module is gone"
	hooks=$(ip netns exec "$dut" nft list hooks ip 2>/dev/null |
		grep -c icmpguard || true)
	check_eq "$hooks" 0 "no icmpguard hook is left"
	load_module
	setup_ns y
	ip netns exec "$y" ping -q -c 2 -i 0.1 127.0.0.1 >/dev/null
	check_eq "$(type_count "$y" rx 8)" 2 "loaded again, a new namespace works"
}

# 2. No answer to a source the stack would refuse: a subnet's directed
# broadcast, one that fails rp_filter on the ingress interface, one of
# the host's own addresses.
martian_sources()
{
	local rc dev

	if ! have_scapy; then
		echo "SKIP: python3-scapy missing, martian_sources not run"
		return 0
	fi
	ensure_module
	setup_ns peer dut other
	link "$peer" p0 10.96.1.1/24 "$dut" d0 10.96.1.2/24 static
	link "$dut" d1 10.96.2.2/24 "$other" o0 10.96.2.1/24 static
	for dev in all d0 d1; do
		ip netns exec "$dut" sysctl -qw "net.ipv4.conf.$dev.rp_filter=1"
	done
	"$ICMPCTL" -n "$dut" owned add 192.0.2.0/24
	"$ICMPCTL" -n "$dut" rule add forward type echo-request \
		to 198.51.100.99 reply
	"$ICMPCTL" -n "$dut" rule add input type echo-request to 192.0.2.20 \
		reject
	"$ICMPCTL" -n "$dut" rule add input type echo-request to 192.0.2.21 \
		limit 1/s burst 1 per-source reject code host-prohibited
	"$ICMPCTL" -n "$dut" rule add input type timestamp-request \
		to 192.0.2.22 limit 1/s burst 1 per-source
	rc=0
	scapy_run "$peer" "$SELFTESTS/hardening.py" martians \
		--iface p0 --src 10.96.1.1 --dut 10.96.1.2 --dut-ns "$dut" \
		--icmpctl "$ICMPCTL" --dut-links "d0 d1" --owned 192.0.2.7 \
		--reply-to 198.51.100.99 --reject-to 192.0.2.20 \
		--limit-to 192.0.2.21 --warmup 192.0.2.22 --bcast 10.96.1.255 \
		--rpf-src 10.96.2.77 || rc=$?
	log_test $rc 0 "scapy: no path answers a martian source (hardening.py martians)"
}

# hop1 TRACEROUTE-OUTPUT: the address of hop 1
hop1()
{
	awk '$1 == "1" { print $2; exit }' <<<"$1"
}

# inspect_check NETNS DESCRIPTION PEER DST: 10 pings, each inspected once
inspect_check()
{
	local ns=$1 what=$2 peer=$3 dst=$4 reps0 got

	"$ICMPCTL" -n "$ns" stats reset
	reps0=$(snmp "$ns" OutEchoReps)
	got=$(pings "$peer" "$dst" 10 -i 0.02)
	check_eq "$got" 10 "$what: 10 pings answered"
	check_eq "$(type_count "$ns" rx 8)" 10 "$what: 10 echo requests counted, not 20"
	check_eq "$(counter "$ns" rx_packets)" 10 "$what: rx_packets 10"
	if [ "$("$ICMPCTL" -n "$ns" -j config | json "j['responder']")" = True ]; then
		check_eq "$(counter "$ns" echo_replies)" 10 "$what: the module answered 10"
		check_eq "$(snmp "$ns" OutEchoReps)" "$reps0" "$what: the kernel answered none"
	else
		check_eq "$(counter "$ns" echo_replies)" 0 "$what: the module answered none"
		check_eq "$(($(snmp "$ns" OutEchoReps) - reps0))" 10 \
			"$what: the kernel answered 10"
	fi
}

# 3. One datagram, inspected once: an L3 slave of a VRF (vrf_ip_rcv()
# runs PRE_ROUTING again on the VRF device), a bridge with br_netfilter.
inspect_once()
{
	local h1 h2 resp brnf_loaded=0 te0 kte0 out

	ensure_module
	setup_ns peer dut
	link "$peer" p0 10.95.1.1/24 "$dut" d0 10.95.1.2/24
	ip -n "$dut" link add blue type vrf table 10
	ip -n "$dut" link set blue up
	ip -n "$dut" link set d0 master blue
	ig() { "$ICMPCTL" -n "$dut" "$@"; }
	ig rule add input type echo-request iif blue accept
	h1=$(last_handle "$dut")
	ig rule add input type echo-request iif d0 accept
	h2=$(last_handle "$dut")
	for resp in on off; do
		ig set responder "$resp"
		inspect_check "$dut" "VRF slave, responder $resp" "$peer" 10.95.1.2
	done
	check_eq "$(rule_stat "$dut" "$h2" packets)" 20 \
		"VRF: the iif rule naming the slave d0 matched all 20"
	check_eq "$(rule_stat "$dut" "$h1" packets)" 0 \
		"VRF: the iif rule naming the VRF device matched none"
	# A bucket charged twice lets half the burst through.
	ig set responder on flood-limit 5 burst 10 per-source
	ig stats reset
	check_eq "$(pings "$peer" 10.95.1.2 10 -i 0.01)" 10 \
		"VRF: flood-limit 5/s burst 10 lets 10 quick pings through"
	check_eq "$(counter "$dut" flood_limited_source)" 0 \
		"VRF: the source's bucket refused none"
	ig set flood-limit 50000 burst 10000 per-source
	ig rule flush

	# The bridge: br_netfilter gives the frame a pass through the IPv4
	# hooks as a bridged frame, then the stack one on br0.
	[ -d /sys/module/br_netfilter ] && brnf_loaded=1
	if ! modprobe br_netfilter; then
		log_test 1 0 "modprobe br_netfilter"
		return 0
	fi
	[ $brnf_loaded = 1 ] || defer modprobe -r br_netfilter
	setup_ns bpeer bdut
	link "$bpeer" p0 10.95.2.1/24 "$bdut" d0 -
	ip -n "$bdut" link add br0 type bridge
	ip -n "$bdut" link set d0 master br0
	ip -n "$bdut" link set br0 up
	ip -n "$bdut" addr add 10.95.2.2/24 dev br0
	ip netns exec "$bdut" sysctl -qw net.bridge.bridge-nf-call-iptables=1
	check_eq "$(ip netns exec "$bdut" sysctl -n net.bridge.bridge-nf-call-iptables)" \
		1 "bridge: br_netfilter calls the IPv4 hooks"
	for resp in on off; do
		"$ICMPCTL" -n "$bdut" set responder "$resp"
		inspect_check "$bdut" "bridge br0, responder $resp" "$bpeer" \
			10.95.2.2
	done

	# Routed in through the bridge: router mode sees the datagram once
	# too, on one pass or the other.
	setup_ns bsrv
	link "$bdut" e0 10.95.3.1/24 "$bsrv" s0 10.95.3.2/24
	ip -n "$bpeer" route add default via 10.95.2.2
	ip -n "$bsrv" route add default via 10.95.3.1
	ip netns exec "$bdut" sysctl -qw net.ipv4.ip_forward=1
	"$ICMPCTL" -n "$bdut" set router-mode on
	te0=$(err_sent "$bdut" 11 0)
	kte0=$(snmp "$bdut" OutTimeExcds)
	out=$(ip netns exec "$bpeer" traceroute -n -q 1 -w 2 -m 2 10.95.3.2 2>&1) || true
	check_eq "$(hop1 "$out")" 10.95.2.2 "bridge, router mode: hop 1 is the router"
	check_eq "$(($(err_sent "$bdut" 11 0) - te0))" 1 \
		"bridge, router mode: the module sent the Time Exceeded"
	check_eq "$(snmp "$bdut" OutTimeExcds)" "$kte0" \
		"bridge, router mode: the kernel sent none"
}

# drain NETNS DST COUNT: a quick burst of COUNT pings
drain()
{
	ip netns exec "$1" ping -q -f -c "$3" -W 1 "$2" >/dev/null 2>&1 || true
}

# after_change DESCRIPTION COUNTER: 5 pings, all answered, none counted
# under COUNTER
after_change()
{
	local c0 got

	c0=$(counter "$dut" "$2")
	got=$(pings "$peer" 10.94.1.2 5 -i 0.2)
	check_eq "$got" 5 "$1: 5 pings right after, 5 answered"
	check_eq "$(($(counter "$dut" "$2") - c0))" 0 "$1: none counted under $2"
}

# 4. A changed limit takes effect at once, in every kind of bucket: a
# bucket deep in debt under "1/s burst 100000" must not refuse for hours
# once the limit is back to its default.
rate_change()
{
	local s0 du0 h

	ensure_module
	setup_ns peer dut
	link "$peer" p0 10.94.1.1/24 "$dut" d0 10.94.1.2/24
	ig() { "$ICMPCTL" -n "$dut" "$@"; }

	ig set flood-limit 1 burst 100000 per-source
	drain "$peer" 10.94.1.2 500
	ig set flood-limit 50000 burst 10000 per-source
	after_change "per-source flood bucket" flood_limited_source

	ig set flood-limit 1 burst 100000
	drain "$peer" 10.94.1.2 500
	ig set flood-limit 200000 burst 20000
	after_change "global flood bucket" flood_limited_global

	ig set reply-rate 1 burst 100000
	drain "$peer" 10.94.1.2 500
	ig set reply-rate 100000 burst 20000
	after_change "reply-rate bucket" replies_limited

	ig set reply-rate-per-dest 1 burst 100000
	drain "$peer" 10.94.1.2 500
	ig set reply-rate-per-dest 50000 burst 10000
	after_change "reply-rate-per-dest bucket" replies_limited_dest

	ig rule add input type echo-request limit 1/s burst 100000
	drain "$peer" 10.94.1.2 500
	printf 'input type echo-request limit 100/s burst 100\n' |
		ig rule replace -f -
	h=$(last_handle "$dut")
	after_change "rule limit" rule_limited
	check_eq "$(rule_stat "$dut" "$h" limited)" 0 "rule limit: the new rule refused none"
	ig rule flush

	# An error budget: Port Unreachable from an owned address.
	ig owned add 192.0.2.0/24
	ip -n "$peer" route add 192.0.2.0/24 via 10.94.1.2
	ig set error-rate dest-unreach/port-unreachable 1 burst 100000
	ip netns exec "$peer" hping3 -n -q --udp -p 9 -i u500 -c 500 \
		192.0.2.7 >/dev/null 2>&1 || true
	ig set error-rate dest-unreach/port-unreachable 1000 burst 100
	s0=$(err_sent "$dut" 3 3)
	du0=$(snmp "$peer" InDestUnreachs)
	ip netns exec "$peer" hping3 -n -q --udp -p 9 -i u200000 -c 5 \
		192.0.2.7 >/dev/null 2>&1 || true
	sleep "$(scaled 0.5)"
	check_eq "$(($(err_sent "$dut" 3 3) - s0))" 5 \
		"port-unreachable budget: 5 errors right after, 5 sent"
	check_eq "$(($(snmp "$peer" InDestUnreachs) - du0))" 5 \
		"port-unreachable budget: the peer received 5"
}

# flood_phase WHAT: floods dut from peer for 6 s from both CPUs, with
# icmpctl monitor listening, and from random sources besides (a table
# to walk: a watcher that reads the time once and walks for long sees
# later stamps); then waits for the flood's end.
flood_phase()
{
	local what=$1 mon p1 p2 p3 starts ends t0

	"$ICMPCTL" -n "$dut" monitor >"$TMPDIR/mon" 2>&1 &
	mon=$!
	sleep "$(scaled 1)"
	t0=$(now_ms)
	run_bg cpu 0 ip netns exec "$peer" hping3 -n -q --icmp -i u1000 \
		10.94.1.2 >/dev/null 2>&1
	p1=$!
	run_bg cpu 1 ip netns exec "$peer" hping3 -n -q --icmp -i u1000 \
		10.94.1.2 >/dev/null 2>&1
	p2=$!
	run_bg cpu 1 ip netns exec "$peer" hping3 -n -q --icmp -i u500 \
		--rand-source 10.94.1.2 >/dev/null 2>&1
	p3=$!
	sleep 6
	stop "$p1" "$p2" "$p3"
	starts=$(grep -c "^flood-start $what\$" "$TMPDIR/mon" || true)
	# It ends 2 s after the last refusal, reported within a second.
	wait_until 8 grep -q "^flood-end $what dropped" "$TMPDIR/mon" || true
	sleep "$(scaled 1)"
	kill -INT "$mon"
	wait "$mon" || true
	ends=$(grep -c "^flood-end $what dropped [1-9]" "$TMPDIR/mon" || true)
	check_eq "$starts" 1 "$what: one flood-start during a $(( ($(now_ms) - t0) / 1000 )) s flood"
	check_eq "$ends" 1 "$what: one flood-end with a drop count after it"
	check_eq "$(grep -c . "$TMPDIR/mon")" 2 "$what: no other event"
	[ "$starts$ends" = 11 ] || show "$(head -n 20 "$TMPDIR/mon")"
}

# 5. A live flood is one flood: no FLOOD_END/FLOOD_START pairs while it
# lasts (time comparisons that wrap when a CPU stamps a later time than
# the watcher read).
flood_events()
{
	ensure_module
	setup_ns peer dut
	link "$peer" p0 10.94.1.1/24 "$dut" d0 10.94.1.2/24
	"$ICMPCTL" -n "$dut" set flood-limit 50 burst 5 per-source
	flood_phase "source 10.94.1.1/32"
	check_eq "$(counter "$dut" events_suppressed)" 0 "no event suppressed"
	"$ICMPCTL" -n "$dut" set flood-limit 50000 burst 10000 per-source
	"$ICMPCTL" -n "$dut" set flood-limit 50 burst 5
	flood_phase global
	check_eq "$(counter "$dut" events_suppressed)" 0 "no event suppressed"
}

# 6. Datagrams with IP options are the kernel's to answer and to act on
# in router mode; rules and flood limits still apply.
ip_options()
{
	local rc dev

	if ! have_scapy; then
		echo "SKIP: python3-scapy missing, ip_options not run"
		return 0
	fi
	ensure_module
	topo_crs 10.93
	for dev in all r0; do
		ip netns exec "$r" sysctl -qw \
			"net.ipv4.conf.$dev.accept_source_route=0"
	done
	rc=0
	scapy_run "$c" "$SELFTESTS/hardening.py" options \
		--iface c0 --src 10.93.1.1 --dut 10.93.1.2 --dut-ns "$r" \
		--icmpctl "$ICMPCTL" --server 10.93.2.2 || rc=$?
	log_test $rc 0 "scapy: IP options are the kernel's (hardening.py options)"
}

# unload_unused MODULE: removes MODULE and what holds it, if unused
unload_unused()
{
	local h

	[ -d "/sys/module/$1" ] || return 0
	for h in /sys/module/"$1"/holders/*; do
		[ -e "$h" ] && unload_unused "${h##*/}"
	done
	[ "$(cat "/sys/module/$1/refcnt" 2>/dev/null)" = 0 ] &&
		rmmod "$1" 2>/dev/null || true
}

# 7. insmod on a fresh kernel: no other module needed, and ICMP
# fragments still reassembled and answered.
insmod_alone()
{
	local m loaded rc ko reps0 reasm0

	ko=$(module_path)
	unload_module
	for m in nf_conntrack nf_defrag_ipv4; do
		unload_unused $m
	done
	loaded=$(cut -d' ' -f1 /proc/modules |
		grep -xE 'nf_defrag_ipv4|nf_conntrack' | tr '\n' ' ' || true)
	check_eq "$loaded" "" "before insmod: no nf_defrag_ipv4, no nf_conntrack"
	rc=0
	insmod "$ko" 2>"$TMPDIR/insmod" || rc=$?
	log_test $rc 0 "insmod icmpguard.ko with nothing loaded before it"
	[ $rc -eq 0 ] || show "$(cat "$TMPDIR/insmod")"
	check_eq "$(modinfo -F depends "$ko")" "" "modinfo -F depends is empty"
	ensure_module

	setup_ns peer dut
	link "$peer" p0 10.91.1.1/24 "$dut" d0 10.91.1.2/24
	reps0=$(snmp "$dut" OutEchoReps)
	reasm0=$(snmp "$dut" ReasmOKs Ip)
	check_eq "$(pings "$peer" 10.91.1.2 3 -s 8000 -i 0.1 -W 2)" 3 \
		"ping -s 8000 (fragments): 3 of 3 answered"
	check_eq "$(pings "$peer" 10.91.1.2 2 -s 65000 -i 0.2 -W 3)" 2 \
		"ping -s 65000 (fragments): 2 of 2 answered"
	check_eq "$(counter "$dut" echo_replies)" 5 "the module answered all 5"
	check_eq "$(snmp "$dut" OutEchoReps)" "$reps0" "the kernel answered none"
	check_eq "$(($(snmp "$dut" ReasmOKs Ip) - reasm0))" 5 \
		"the 5 requests were reassembled (Ip ReasmOKs +5)"
	# 8008 and 65008 bytes of ICMP in 1480-byte pieces: 3 x 6 + 2 x 44.
	check_eq "$(counter "$dut" fragments)" 106 \
		"the hook saw (and counted) their 106 fragments"
	loaded=$(cut -d' ' -f1 /proc/modules |
		grep -xE 'nf_defrag_ipv4|nf_conntrack' | tr '\n' ' ' || true)
	check_eq "$loaded" "" "still no nf_defrag_ipv4, no nf_conntrack"
}

# 8. A router whose interfaces have no IPv4 address sends its errors
# from 192.0.0.8 (RFC 7600), as the kernel does.
error_source_rfc7600()
{
	local cmac r0mac r1mac smac out te0 kte0 mod kern rc dev

	ensure_module
	setup_ns c r s
	link "$c" c0 10.92.1.1/24 "$r" r0 - static
	link "$r" r1 - "$s" s0 10.92.2.2/24 static
	cmac=$(link_mac "$c" c0)
	r0mac=$(link_mac "$r" r0)
	r1mac=$(link_mac "$r" r1)
	smac=$(link_mac "$s" s0)
	ip -n "$c" route add 10.92.2.0/24 dev c0
	ip -n "$c" neigh replace 10.92.2.2 lladdr "$r0mac" dev c0 nud permanent
	ip -n "$s" route add 10.92.1.0/24 dev s0
	ip -n "$s" neigh replace 10.92.1.1 lladdr "$r1mac" dev s0 nud permanent
	ip -n "$r" route add 10.92.1.0/24 dev r0
	ip -n "$r" route add 10.92.2.0/24 dev r1
	ip -n "$r" neigh replace 10.92.1.1 lladdr "$cmac" dev r0 nud permanent
	ip -n "$r" neigh replace 10.92.2.2 lladdr "$smac" dev r1 nud permanent
	ip netns exec "$r" sysctl -qw net.ipv4.ip_forward=1
	for dev in all c0; do
		ip netns exec "$c" sysctl -qw "net.ipv4.conf.$dev.rp_filter=0"
	done
	check_eq "$(ip -n "$r" -4 -o addr show | grep -vc ' lo ' || true)" 0 \
		"the router has no IPv4 address but on lo"

	"$ICMPCTL" -n "$r" set router-mode on
	te0=$(err_sent "$r" 11 0)
	kte0=$(snmp "$r" OutTimeExcds)
	out=$(ip netns exec "$c" traceroute -n -q 1 -w 2 -m 3 10.92.2.2 2>&1) || true
	mod=$(hop1 "$out")
	check_eq "$mod" 192.0.0.8 "router mode: traceroute's hop 1 is 192.0.0.8"
	[ "$mod" = 192.0.0.8 ] || show "$out"
	echo "$out" | grep -qE '^ *2 +10\.92\.2\.2 ' && rc=0 || rc=1
	log_test $rc 0 "router mode: hop 2 is the server"
	check_true "router mode: the module sent the Time Exceeded" \
		[ "$(err_sent "$r" 11 0)" -gt "$te0" ]
	check_eq "$(snmp "$r" OutTimeExcds)" "$kte0" "router mode: the kernel sent none"

	unload_module
	out=$(ip netns exec "$c" traceroute -n -q 1 -w 2 -m 3 10.92.2.2 2>&1) || true
	kern=$(hop1 "$out")
	check_eq "$kern" 192.0.0.8 "module unloaded: the kernel's hop 1 is 192.0.0.8"
	check_true "module unloaded: the kernel sent the Time Exceeded" \
		[ "$(snmp "$r" OutTimeExcds)" -gt "$kte0" ]
	check_eq "$mod" "$kern" "the module's error source matches the kernel's"
	load_module
}

trap cleanup EXIT
run_tests "$@"
