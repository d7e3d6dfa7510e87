#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2317
#
# Loading and unloading under traffic, with namespaces created and
# destroyed while the module is loaded, leaves nothing behind.
#
#   ns "a" 10.77.0.1/24 <--veth--> ns "b" 10.77.0.2/24
#           ping -i 0.005 runs from a to b throughout
#   ns "x<i>" (one per round, pinging itself on lo)
#
#   rounds          ROUNDS (default 8) rounds each load the module,
#                   create a namespace that pings itself, read counters,
#                   delete it and unload. Afterwards: the ping never
#                   stopped, the kernel answers, no slab cache and no
#                   hook is left, and every namespace was freed (counted
#                   exactly through the user's namespace limit).
#   count_can_fail  that count sees a namespace no name points to.
#
# (hardening.sh's rmmod_under_flood does the same under floods.)

set -e
source "$(dirname "$0")/lib.sh"
require ip ping python3 nft

ALL_TESTS="rounds count_can_fail"

# Namespaces are charged to their user's ucounts until cleanup_net()
# frees them. With the limit at the live count + 1, one more must fit
# and a second must not: a leaked namespace would still hold a slot.
# (slabinfo cannot tell: SLUB reports whole per-CPU slabs.)
netns_exact()
{
	local live limit ok=1 p1="ig-p1-$nsuffix" p2="ig-p2-$nsuffix"

	# The initial namespace is not charged: only created ones count.
	live=$(ip netns list | wc -l)
	limit=$(cat /proc/sys/user/max_net_namespaces)
	echo $((live + 1)) > /proc/sys/user/max_net_namespaces
	ip netns add "$p1" 2>/dev/null || ok=0
	if ip netns add "$p2" 2>/dev/null; then
		ok=0
		ip netns del "$p2"
	fi
	ip netns del "$p1" 2>/dev/null || true
	echo "$limit" > /proc/sys/user/max_net_namespaces
	[ $ok -eq 1 ]
}

# netns_settled: netns_exact once namespaces torn down are freed (a
# second at a time: each try creates and deletes one)
netns_settled()
{
	local i

	for i in $(seq 1 "$(scaled 60 | cut -d. -f1)"); do
		netns_exact && return 0
		sleep 1
	done
	return 1
}

rounds()
{
	local rounds=${ROUNDS:-8} fails=0 i x pinger rc hooks

	unload_module
	setup_ns a b
	veth_pair "$a" 10.77.0.1/24 "$b" 10.77.0.2/24
	run_bg ip netns exec "$a" ping -q -i 0.005 10.77.0.2 >/dev/null 2>&1
	pinger=$!
	sleep 0.5

	for i in $(seq 1 "$rounds"); do
		x="ig-x$i-$nsuffix"
		load_module || fails=$((fails + 1))
		ip netns add "$x"
		ip -n "$x" link set lo up
		ip netns exec "$x" ping -q -c 3 -i 0.01 127.0.0.1 >/dev/null ||
			fails=$((fails + 1))
		[ "$(type_count "$x" rx 8)" = 3 ] || fails=$((fails + 1))
		"$ICMPCTL" -n "$b" -j stats >/dev/null || fails=$((fails + 1))
		ip netns del "$x"
		rmmod icmpguard || fails=$((fails + 1))
	done
	log_test $fails 0 "$rounds load/ping/unload rounds with a namespace created and destroyed each"

	running "$pinger" && rc=0 || rc=1
	log_test $rc 0 "background ping survived every load and unload"
	stop "$pinger"

	ip netns exec "$a" ping -q -c 3 -i 0.05 -W 2 10.77.0.2 >/dev/null && rc=0 || rc=1
	log_test $rc 0 "the kernel answers again once the module is gone"

	! grep -q '^icmpguard' /proc/slabinfo && rc=0 || rc=1
	log_test $rc 0 "no icmpguard slab cache survives rmmod"

	# Each namespace's hook and its defrag user are gone with the module.
	hooks=$(ip netns exec "$b" nft list hooks ip 2>/dev/null |
		grep -cE 'icmpguard|defrag' || true)
	check_eq "$hooks" 0 "no icmpguard or defrag hook is left in a namespace"

	# Namespace teardown is asynchronous: give cleanup_net a moment.
	netns_settled && rc=0 || rc=1
	log_test $rc 0 "every namespace created in the loop was freed (ucounts exact)"
	if [ $rc -ne 0 ]; then
		# A leaked reference shows up as the kernel waiting on a device.
		show "$(dmesg | grep -iE 'unregister_netdevice|waiting for' | tail -n 5)"
	fi
}

# The count is not blind: a namespace no name points to counts.
count_can_fail()
{
	local holder rc

	netns_settled && rc=0 || rc=1
	log_test $rc 0 "the count is exact before (every namespace freed)"
	unshare -n sleep 30 &
	holder=$!
	sleep 0.5
	netns_exact && rc=1 || rc=0
	stop $holder
	log_test $rc 0 "the count sees an anonymous namespace (the check can fail)"
}

trap cleanup EXIT
run_tests "$@"
