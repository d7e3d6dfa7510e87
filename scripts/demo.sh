#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the guest (make demo): loads icmpguard, pings it from a
# second namespace in both families and prints what it counted.
#
#   ns "client" 10.99.0.1/24     <--veth--> ns "host" 10.99.0.2/24 (icmpguard)
#               2001:db8:99::1/64                 2001:db8:99::2/64

set -e
repo=$(cd "$(dirname "$0")/.." && pwd)
ko=$repo/.build/$(uname -r)/module/icmpguard.ko
[ -e "$ko" ] || ko=$repo/module/icmpguard.ko

cleanup()
{
	ip netns del demo-client 2>/dev/null || true
	ip netns del demo-host 2>/dev/null || true
}
trap cleanup EXIT

ip netns add demo-client
ip netns add demo-host
ip link add veth0 netns demo-client type veth peer name veth1 netns demo-host
ip -n demo-client addr add 10.99.0.1/24 dev veth0
ip -n demo-host addr add 10.99.0.2/24 dev veth1
ip -n demo-client addr add 2001:db8:99::1/64 dev veth0 nodad
ip -n demo-host addr add 2001:db8:99::2/64 dev veth1 nodad
ip -n demo-client link set veth0 up
ip -n demo-host link set veth1 up

echo "+ insmod $ko   # on $(uname -r)"
insmod "$ko"
echo "+ ip netns exec demo-client ping -c 25 -i 0.05 10.99.0.2"
ip netns exec demo-client ping -c 25 -i 0.05 10.99.0.2 | tail -n 2
echo "+ ip netns exec demo-client ping -6 -c 25 -i 0.05 2001:db8:99::2"
ip netns exec demo-client ping -6 -c 25 -i 0.05 2001:db8:99::2 | tail -n 2
echo "+ icmpctl -n demo-host stats"
"$repo/tools/icmpctl" -n demo-host stats
echo "+ kernel's own echo replies in demo-host (both stay 0):"
ip netns exec demo-host grep '^Icmp:' /proc/net/snmp | awk '
	NR == 1 { for (i = 1; i <= NF; i++) n[i] = $i; next }
	{ for (i = 1; i <= NF; i++) if (n[i] == "OutEchoReps") print "  OutEchoReps", $i }'
ip netns exec demo-host awk '$1 == "Icmp6OutEchoReplies" { print "  " $1, $2 }' \
	/proc/net/snmp6
rmmod icmpguard
