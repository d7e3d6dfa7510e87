#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2317
#
# ICMPv6 with real clients, the kernel's /proc/net/snmp6 as the oracle.
#
#   peer v<x> 2001:db8:1::1/64 --veth-- w<x> 2001:db8:1::2/64 dut
#        (+ fe80:: link-locals; the dut routes 2001:db8:a::/48 and
#        2001:db8:b::/48 to the peer, which has addresses there)
#
#   client c0 2001:db8:10::1 --veth-- r0 2001:db8:10::2  router (forwarding,
#          10.60.1.1                  10.60.1.2          router mode)
#                                     r1 2001:db8:20::1 --veth-- s0 2001:db8:20::2
#                                     10.60.2.1          (mtu 1400)   10.60.2.2 server
#
#   echo_request ping -6 at 0/56/1232/8000/65000 bytes, -Q, -F, link-local
#               with %iface: answered by the module, Icmp6OutEchoReplies flat
#   multicast   ff02::1 answered from the ingress interface's address;
#               echo_ignore_multicast honoured; other groups left to the
#               kernel
#   switch      responder off: the kernel answers; echo_ignore_all
#   router      traceroute -6 (UDP, -I), tracepath -6 through router mode:
#               Time Exceeded from the module, Icmp6OutTimeExcds flat
#   pmtu        a DF ping learns the exact MTU (1400) from the module's
#               Packet Too Big; Icmp6OutPktTooBigs flat
#   nd_flood    ndisc6 resolves and DAD completes (and detects a
#               duplicate) while an echo flood keeps the global bucket empty
#   packets     scapy: drop reasons, RFC 4443 2.4(e), the 1280-byte bound,
#               Parameter Problem for an unknown next header (icmpv6.py)
#   rfc4884     error extensions read back through the kernel's own
#               RFC 4884 parser (IPV6_RECVERR_RFC4884)
#   rules       rules and policies of both families on one router: each
#               family filtered as configured, the other untouched; ND
#               survives a default drop policy
#   per_source  ping -6 -f from 16 /64s against a per-source limit; a
#               client in another /64 loses at most 1 in 20
#   save        save -> flush -> -f -> save is the identity, both families

set -e
source "$(dirname "$0")/lib.sh"
require ip ping python3

ALL_TESTS="echo_request multicast switch router pmtu nd_flood packets rfc4884 rules per_source save"

# snmp6 NETNS FIELD: a counter of /proc/net/snmp6
snmp6()
{
	ip netns exec "$1" awk -v f="$2" '$1 == f { print $2 }' /proc/net/snmp6
}

# c6 NETNS NAME: an IPv6 counter of the module
c6()
{
	stats "$1" "j['ipv6']['counters']['$2']"
}

# drop6 NETNS REASON
drop6()
{
	stats "$1" "j['ipv6']['drops'].get('$2', 0)"
}

# err6 NETNS TYPE CODE: ICMPv6 errors of TYPE/CODE the module sent
err6()
{
	stats "$1" "sum(e['sent'] for e in j['ipv6'].get('errors', []) if e['type'] == $2 and e['code'] == $3)"
}

# settled NETNS: no address is tentative any more
settled()
{
	[ -z "$(ip -n "$1" -6 addr show tentative)" ]
}

# ll NETNS DEV: the link-local address of DEV
ll()
{
	ip -n "$1" -6 -j addr show dev "$2" scope link |
		json "[a['local'] for a in j[0]['addr_info'] if 'local' in a][0]"
}

# ping6_ok DESCRIPTION NETNS PING-ARGS...: every request answered, no bad data
ping6_ok()
{
	local desc=$1 ns=$2 out rc=0
	shift 2
	out=$(ip netns exec "$ns" ping -6 -q -W 2 "$@" 2>&1) || rc=$?
	if echo "$out" | grep -qiE 'wrong data|DUP|corrupted'; then
		rc=1
	fi
	log_test $rc 0 "$desc"
	[ $rc -eq 0 ] || show "$out"
}

setup_pd()
{
	ensure_module
	setup_ns peer dut
	# No router solicitations: only what a test sends crosses the link.
	ip netns exec "$peer" sysctl -qw net.ipv6.conf.default.router_solicitations=0
	ip netns exec "$dut" sysctl -qw net.ipv6.conf.default.router_solicitations=0
	veth_pair "$peer" - "$dut" -
	ip -n "$peer" addr add 2001:db8:1::1/64 dev "v$nsuffix" nodad
	ip -n "$dut" addr add 2001:db8:1::2/64 dev "w$nsuffix" nodad
	wait_until 10 settled "$peer"
	wait_until 10 settled "$dut"
}

setup_crs()
{
	ensure_module
	setup_ns c r s
	link "$c" c0 10.60.1.1/24 "$r" r0 10.60.1.2/24
	link "$r" r1 10.60.2.1/24 "$s" s0 10.60.2.2/24
	ip -n "$c" addr add 2001:db8:10::1/64 dev c0 nodad
	ip -n "$r" addr add 2001:db8:10::2/64 dev r0 nodad
	ip -n "$r" addr add 2001:db8:20::1/64 dev r1 nodad
	ip -n "$s" addr add 2001:db8:20::2/64 dev s0 nodad
	ip -n "$r" link set r1 mtu 1400
	ip -n "$s" link set s0 mtu 1400
	ip -n "$c" route add default via 10.60.1.2
	ip -n "$s" route add default via 10.60.2.1
	ip -n "$c" -6 route add default via 2001:db8:10::2
	ip -n "$s" -6 route add default via 2001:db8:20::1
	ip netns exec "$r" sysctl -qw net.ipv4.ip_forward=1
	ip netns exec "$r" sysctl -qw net.ipv6.conf.all.forwarding=1
	wait_until 10 settled "$r"
}

echo_request()
{
	local size sent=0 reps0 dev

	setup_pd
	dev=w$nsuffix
	reps0=$(snmp6 "$dut" Icmp6OutEchoReplies)
	for size in 0 56 1232 8000 65000; do
		ping6_ok "ping -6 -s $size: every reply arrives and matches" \
			"$peer" -c 3 -i 0.05 -s "$size" 2001:db8:1::2
		sent=$((sent + 3))
	done
	ping6_ok "ping -6 -Q 0xb8 (traffic class) is answered" "$peer" \
		-c 3 -i 0.05 -Q 0xb8 2001:db8:1::2
	ping6_ok "ping -6 -F 0x12345 (flow label) is answered" "$peer" \
		-c 3 -i 0.05 -F 0x12345 2001:db8:1::2
	ping6_ok "ping -6 -p 5aa5 pattern is mirrored" "$peer" \
		-c 3 -i 0.05 -s 300 -p 5aa5 2001:db8:1::2
	ping6_ok "ping -6 of the link-local address with %iface" "$peer" \
		-c 3 -i 0.05 "$(ll "$dut" "$dev")%v$nsuffix"
	sent=$((sent + 12))
	check_eq "$(c6 "$dut" echo_replies)" "$sent" \
		"module counted exactly $sent ICMPv6 echo replies"
	check_eq "$(stats "$dut" "sum(t['packets'] for t in j['ipv6']['rx_types'] if t['type'] == 128)")" \
		"$sent" "module counted $sent echo requests (type 128)"
	check_eq "$(snmp6 "$dut" Icmp6OutEchoReplies)" "$reps0" \
		"kernel's Icmp6OutEchoReplies did not move"
	# One read: Neighbor Discovery and MLD may arrive between two.
	check_eq "$(stats "$dut" "j['ipv6']['counters']['rx_packets'] - sum(t['packets'] for t in j['ipv6']['rx_types'])")" \
		0 "every ICMPv6 datagram counted by type"
}

multicast()
{
	local out n reps0 dll group

	setup_pd
	dll=$(ll "$dut" "w$nsuffix")
	reps0=$(snmp6 "$dut" Icmp6OutEchoReplies)
	out=$(ip netns exec "$peer" ping -6 -c 3 -i 0.2 -W 2 "ff02::1%v$nsuffix" 2>&1) || true
	n=$(grep -c "from $dll" <<<"$out" || true)
	check_eq "$n" 3 "ping ff02::1: 3 replies from the dut's link-local address"
	check_eq "$(c6 "$dut" echo_replies)" 3 "the module sent them"
	check_eq "$(snmp6 "$dut" Icmp6OutEchoReplies)" "$reps0" \
		"kernel's Icmp6OutEchoReplies did not move"

	ip netns exec "$dut" sysctl -qw net.ipv6.icmp.echo_ignore_multicast=1
	out=$(ip netns exec "$peer" ping -6 -c 2 -i 0.2 -W 2 "ff02::1%v$nsuffix" 2>&1) || true
	n=$(grep -c "from $dll" <<<"$out" || true)
	check_eq "$n" 0 "echo_ignore_multicast=1: the dut is silent"
	ip netns exec "$dut" sysctl -qw net.ipv6.icmp.echo_ignore_multicast=0

	# The solicited-node group of 2001:db8:1::2: not ff02::1, the kernel's.
	group=ff02::1:ff00:2
	reps0=$(snmp6 "$dut" Icmp6OutEchoReplies)
	n=$(c6 "$dut" echo_replies)
	ip netns exec "$peer" ping -6 -c 2 -i 0.2 -W 2 "$group%v$nsuffix" >/dev/null 2>&1 || true
	check_eq "$(c6 "$dut" echo_replies)" "$n" \
		"ping $group: left to the kernel by the module"
	check_eq "$(snmp6 "$dut" Icmp6OutEchoReplies)" $((reps0 + 2)) \
		"ping $group: the kernel answered both"
}

switch()
{
	local reps0 n rc

	setup_pd
	"$ICMPCTL" -n "$dut" set responder off
	reps0=$(snmp6 "$dut" Icmp6OutEchoReplies)
	ping6_ok "responder off: the kernel answers ping -6" "$peer" \
		-c 3 -i 0.05 2001:db8:1::2
	check_eq "$(snmp6 "$dut" Icmp6OutEchoReplies)" $((reps0 + 3)) \
		"responder off: Icmp6OutEchoReplies rose by 3"
	check_eq "$(c6 "$dut" echo_replies)" 0 "responder off: the module sent nothing"
	"$ICMPCTL" -n "$dut" set responder on

	ip netns exec "$dut" sysctl -qw net.ipv6.icmp.echo_ignore_all=1
	rc=0
	ip netns exec "$peer" ping -6 -q -c 2 -i 0.1 -W 1 2001:db8:1::2 >/dev/null 2>&1 || rc=$?
	log_test $rc 1 "net.ipv6.icmp.echo_ignore_all=1 silences the module too"
	n=$(c6 "$dut" echo_replies)
	check_eq "$n" 0 "echo_ignore_all: no echo reply counted"
}

router()
{
	local out rc te0 last

	require traceroute tracepath
	setup_crs
	"$ICMPCTL" -n "$r" set router-mode on
	te0=$(snmp6 "$r" Icmp6OutTimeExcds)

	out=$(ip netns exec "$c" traceroute -6 -n -q 1 -w 2 -m 5 2001:db8:20::2 2>&1) || true
	grep -qE '^ 1 +2001:db8:10::2 ' <<<"$out" && rc=0 || rc=1
	log_test $rc 0 "traceroute -6 (UDP): hop 1 is the router"
	[ $rc -eq 0 ] || show "$out"
	last=$(tail -n 1 <<<"$out")
	grep -qE '^ 2 +2001:db8:20::2 ' <<<"$last" && rc=0 || rc=1
	log_test $rc 0 "traceroute -6 (UDP): hop 2 is the server"

	out=$(ip netns exec "$c" traceroute -6 -I -n -q 1 -w 2 -m 5 2001:db8:20::2 2>&1) || true
	grep -qE '^ 1 +2001:db8:10::2 ' <<<"$out" &&
		grep -qE '^ 2 +2001:db8:20::2 ' <<<"$out" && rc=0 || rc=1
	log_test $rc 0 "traceroute -6 -I: router, then server"
	[ $rc -eq 0 ] || show "$out"

	out=$(ip netns exec "$c" tracepath -6 -n 2001:db8:20::2 2>&1) || true
	grep -qE '2001:db8:10::2' <<<"$out" && grep -qE 'reached' <<<"$out" &&
		rc=0 || rc=1
	log_test $rc 0 "tracepath -6: the router answers, the server is reached"
	[ $rc -eq 0 ] || show "$out"

	check_true "module sent Time Exceeded (3/0) for the probes ($(err6 "$r" 3 0))" \
		[ "$(err6 "$r" 3 0)" -ge 3 ]
	check_eq "$(snmp6 "$r" Icmp6OutTimeExcds)" "$te0" \
		"kernel's Icmp6OutTimeExcds did not move"

	"$ICMPCTL" -n "$r" set router-mode off
	te0=$(snmp6 "$r" Icmp6OutTimeExcds)
	ip netns exec "$c" traceroute -6 -n -q 1 -w 2 -m 1 2001:db8:20::2 >/dev/null 2>&1 || true
	check_eq "$(snmp6 "$r" Icmp6OutTimeExcds)" $((te0 + 1)) \
		"router mode off: the kernel sends Time Exceeded"
}

pmtu()
{
	local out rc ptb0 mtu

	setup_crs
	"$ICMPCTL" -n "$r" set router-mode on
	ptb0=$(snmp6 "$r" Icmp6OutPktTooBigs)
	out=$(ip netns exec "$c" ping -6 -c 3 -i 0.2 -W 1 -M do -s 1452 2001:db8:20::2 2>&1) || true
	grep -qiE 'mtu ?= ?1400|Packet too big' <<<"$out" && rc=0 || rc=1
	log_test $rc 0 "ping -6 -M do -s 1452: Packet Too Big with mtu 1400"
	[ $rc -eq 0 ] || show "$out"
	mtu=$(ip -n "$c" -6 route get 2001:db8:20::2 | sed -nE 's/.* mtu ([0-9]+).*/\1/p')
	check_eq "$mtu" 1400 "the client's route cache learned the exact MTU"
	ping6_ok "ping -6 -M do -s 1352 (1400 bytes) gets through" "$c" \
		-c 3 -i 0.1 -M do -s 1352 2001:db8:20::2
	ping6_ok "ping -6 -s 4000 is fragmented to the learned MTU" "$c" \
		-c 3 -i 0.1 -s 4000 2001:db8:20::2
	check_true "module sent Packet Too Big ($(err6 "$r" 2 0))" \
		[ "$(err6 "$r" 2 0)" -ge 1 ]
	check_eq "$(snmp6 "$r" Icmp6OutPktTooBigs)" "$ptb0" \
		"kernel's Icmp6OutPktTooBigs did not move"
}

nd_flood()
{
	local rc out limited flood

	require ndisc6
	setup_pd
	"$ICMPCTL" -n "$dut" -6 set flood-limit 50 burst 50
	run_bg ip netns exec "$peer" ping -6 -q -f -w 60 2001:db8:1::2 >/dev/null 2>&1
	flood=$!
	sleep "$(scaled 2)"
	limited=$(c6 "$dut" flood_limited_global)
	check_true "the echo flood empties the global bucket ($limited dropped)" \
		[ "$limited" -gt 100 ]

	ip -n "$peer" neigh flush dev "v$nsuffix"
	out=$(ip netns exec "$peer" ndisc6 -n -r 3 -w 1000 2001:db8:1::2 "v$nsuffix" 2>&1) &&
		rc=0 || rc=$?
	log_test $rc 0 "ndisc6 resolves the dut during the flood"
	[ $rc -eq 0 ] || show "$out"

	# DAD: a fresh address becomes usable; a duplicate one is detected.
	ip -n "$dut" addr add 2001:db8:1::77/64 dev "w$nsuffix"
	wait_until 10 settled "$dut" && rc=0 || rc=1
	log_test $rc 0 "DAD completes for a new address during the flood"
	ip -n "$dut" addr add 2001:db8:1::1/64 dev "w$nsuffix"
	wait_until 10 eval '[ -n "$(ip -n "$dut" -6 addr show dadfailed)" ]' &&
		rc=0 || rc=1
	log_test $rc 0 "DAD detects the peer's 2001:db8:1::1 during the flood"
	check_eq "$(drop6 "$dut" bad_nd)" 0 "no Neighbor Discovery was dropped"
	# Echo is what the flood limit is for: the new address answers once
	# the flood is over.
	stop "$flood"
	sleep "$(scaled 1)"
	ping6_ok "the new address answers" "$peer" -c 2 -i 0.5 2001:db8:1::77
}

packets()
{
	if ! have_scapy; then
		echo "SKIP: python3-scapy missing, packets not run"
		return 0
	fi
	setup_pd
	"$ICMPCTL" -n "$dut" owned add 2001:db8:ff::/48
	ip -n "$peer" -6 route add 2001:db8:ff::/48 via 2001:db8:1::2
	scapy_run "$peer" "$SELFTESTS/icmpv6.py" --iface "v$nsuffix" \
		--dut-ns "$dut" --icmpctl "$ICMPCTL" --src 2001:db8:1::1 \
		--dst 2001:db8:1::2 --owned 2001:db8:ff::7 && rc=0 || rc=$?
	log_test $rc 0 "icmpv6.py: field and drop checks"
}

rfc4884()
{
	local out rc

	setup_pd
	"$ICMPCTL" -n "$dut" owned add 2001:db8:ff::/48
	ip -n "$peer" -6 route add 2001:db8:ff::/48 via 2001:db8:1::2
	"$ICMPCTL" -n "$dut" set error-extensions on
	out=$(ip netns exec "$peer" python3 "$SELFTESTS/icmpv6.py" recverr \
		2001:db8:ff::9 2>&1) && rc=0 || rc=$?
	log_test $rc 0 "UDP to an owned address: Port Unreachable with an RFC 4884 length the kernel parses"
	show "$out"
}

# rules: each family filtered as configured, the other untouched
rules()
{
	local out rc

	setup_crs
	"$ICMPCTL" -n "$r" rule add forward icmpv6 type echo-request drop
	rc=0
	ip netns exec "$c" ping -6 -q -c 2 -i 0.1 -W 1 2001:db8:20::2 >/dev/null 2>&1 || rc=$?
	log_test $rc 1 "forward icmpv6 echo-request drop: ping -6 through fails"
	ping6_ok "...while IPv6 to the router itself is answered" "$c" -c 2 -i 0.1 2001:db8:10::2
	rc=0
	ip netns exec "$c" ping -q -c 2 -i 0.1 -W 1 10.60.2.2 >/dev/null 2>&1 || rc=$?
	log_test $rc 0 "...and IPv4 through is untouched"
	check_true "the rule counted the dropped requests" \
		[ "$(rule_stat "$r" "$(last_handle "$r")" packets)" -ge 2 ]

	"$ICMPCTL" -n "$r" rule flush
	"$ICMPCTL" -n "$r" rule add forward icmp type echo-request drop
	rc=0
	ip netns exec "$c" ping -q -c 2 -i 0.1 -W 1 10.60.2.2 >/dev/null 2>&1 || rc=$?
	log_test $rc 1 "forward icmp echo-request drop: IPv4 ping through fails"
	ping6_ok "...and ping -6 through is untouched" "$c" -c 2 -i 0.1 2001:db8:20::2

	"$ICMPCTL" -n "$r" rule flush
	"$ICMPCTL" -n "$r" rule add forward icmpv6 type echo-request reject
	out=$(ip netns exec "$c" ping -6 -c 1 -W 2 2001:db8:20::2 2>&1) || true
	grep -qi 'administratively prohibited' <<<"$out" && rc=0 || rc=1
	log_test $rc 0 "icmpv6 reject: admin-prohibited (1/1) by default"
	[ $rc -eq 0 ] || show "$out"
	check_true "the module counted the 1/1 it sent" [ "$(err6 "$r" 1 1)" -ge 1 ]

	# Default input policy drop: echo to the router is not answered in
	# either family, Neighbor Discovery still works.
	"$ICMPCTL" -n "$r" rule flush
	"$ICMPCTL" -n "$r" set default-policy input drop
	rc=0
	ip netns exec "$c" ping -6 -q -c 2 -i 0.1 -W 1 2001:db8:10::2 >/dev/null 2>&1 || rc=$?
	log_test $rc 1 "default-policy drop: ping -6 to the router is dropped"
	rc=0
	ip netns exec "$c" ping -q -c 2 -i 0.1 -W 1 10.60.1.2 >/dev/null 2>&1 || rc=$?
	log_test $rc 1 "default-policy drop: IPv4 ping to the router is dropped"
	ip -n "$c" neigh flush dev c0
	ip -n "$r" neigh flush dev r0
	ping6_ok "default-policy drop: ping -6 through still resolves neighbours" \
		"$c" -c 2 -i 0.2 2001:db8:20::2
	if command -v ndisc6 >/dev/null; then
		ip -n "$c" neigh flush dev c0
		out=$(ip netns exec "$c" ndisc6 -n -r 3 -w 1000 2001:db8:10::2 c0 2>&1) &&
			rc=0 || rc=$?
		log_test $rc 0 "default-policy drop: ndisc6 resolves the router"
	fi
	"$ICMPCTL" -n "$r" set default-policy input reject
	out=$(ip netns exec "$c" ping -6 -c 1 -W 2 2001:db8:10::2 2>&1) || true
	grep -qi 'administratively prohibited' <<<"$out" && rc=0 || rc=1
	log_test $rc 0 "default-policy reject: ping -6 answered admin-prohibited"
	out=$(ip netns exec "$c" ping -c 1 -W 2 10.60.1.2 2>&1) || true
	grep -qi 'Packet filtered\|administratively prohibited\|Communication prohibited' <<<"$out" && rc=0 || rc=1
	log_test $rc 0 "default-policy reject: IPv4 ping answered 3/13"
	[ $rc -eq 0 ] || show "$out"
}

per_source()
{
	local i got out srcs

	setup_pd
	ip -n "$dut" -6 route add 2001:db8:a::/48 via 2001:db8:1::1
	ip -n "$dut" -6 route add 2001:db8:b::/48 via 2001:db8:1::1
	for i in $(seq 1 16); do
		ip -n "$peer" addr add "2001:db8:a:$i::1/64" dev lo nodad
	done
	ip -n "$peer" addr add 2001:db8:b:1::1/64 dev lo nodad
	"$ICMPCTL" -n "$dut" -6 set flood-limit 20 burst 20 per-source /64
	for i in $(seq 1 16); do
		run_bg ip netns exec "$peer" ping -6 -q -f -w 40 \
			-I "2001:db8:a:$i::1" 2001:db8:1::2 >/dev/null 2>&1
	done
	sleep "$(scaled 2)"
	out=$(ip netns exec "$peer" ping -6 -q -c 40 -i 0.1 -W 2 \
		-I 2001:db8:b:1::1 2001:db8:1::2 2>&1) || true
	got=$(received "$out")
	check_true "a client in another /64 got $got of 40 (>= 38)" [ "${got:-0}" -ge 38 ]
	check_true "the floods were limited per source ($(c6 "$dut" flood_limited_source))" \
		[ "$(c6 "$dut" flood_limited_source)" -gt 100 ]
	srcs=$("$ICMPCTL" -n "$dut" -6 -j sources list |
		json "sorted(set(s['source'] for s in j['sources']))")
	grep -q "'2001:db8:a:1::/64'" <<<"$srcs" && rc=0 || rc=1
	log_test $rc 0 "sources lists the flooding /64s"
	[ $rc -eq 0 ] || show "$srcs"
}

save()
{
	local a b rc

	setup_pd
	cat >"$TMPDIR/conf" <<-EOF
	set responder on router-mode on error-extensions on
	set ipv6 flood-limit 1000 burst 200 per-source /56
	set ipv6 default-policy code addr-unreachable
	set flood-limit 3000 burst 300 per-source /24
	owned add 192.0.2.0/24
	owned add 2001:db8:ff::/48
	rule add input icmpv6 type echo-request limit 10/s burst 20 per-source /64
	rule add input icmp type echo-request from 198.51.100.0/24 drop
	rule add forward icmpv6 type { 1-4, 128, 129 } accept
	rule add forward icmpv6 type nd-redirect drop
	rule add input icmpv6 from 2001:db8::/32 reject code no-route
	EOF
	rc=0
	"$ICMPCTL" -n "$dut" -f "$TMPDIR/conf" || rc=$?
	log_test $rc 0 "a dual-stack configuration applies with -f"
	# The first line names the namespace and the time: not configuration.
	a=$("$ICMPCTL" -n "$dut" save | grep -v '^#')
	"$ICMPCTL" -n "$dut" rule flush
	"$ICMPCTL" -n "$dut" owned flush
	"$ICMPCTL" -n "$dut" config reset
	check_true "flushed: save differs" \
		[ "$("$ICMPCTL" -n "$dut" save | grep -v '^#')" != "$a" ]
	"$ICMPCTL" -n "$dut" -f - <<<"$a"
	b=$("$ICMPCTL" -n "$dut" save | grep -v '^#')
	[ "$a" = "$b" ] && rc=0 || rc=1
	log_test $rc 0 "save -> flush -> -f -> save is the identity"
	[ $rc -eq 0 ] || show "$(diff <(echo "$a") <(echo "$b"))"
	grep -q 'icmpv6 type echo-request' <<<"$b" && grep -q '2001:db8:ff::/48' <<<"$b" &&
		rc=0 || rc=1
	log_test $rc 0 "the saved configuration has the IPv6 rules and prefixes"
}

trap cleanup EXIT
run_tests "$@"
