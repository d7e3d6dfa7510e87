# SPDX-License-Identifier: GPL-2.0
# Helpers shared by icmpguard's shell selftests, in the style of the
# kernel's net selftests. Source it after `set -e`.

ksft_skip=4
REPO=$(cd "$(dirname "$0")" && cd "$(pwd -P)/.." && pwd)
ICMPCTL=${ICMPCTL:-$REPO/tools/icmpctl}
ret=0
nsuffix=$(mktemp -u XXXXXX)

# log_test RC EXPECTED DESCRIPTION
log_test()
{
	if [ "$1" -eq "$2" ]; then
		printf "TEST: %-64s [ OK ]\n" "$3"
	else
		printf "TEST: %-64s [FAIL] (got %s, want %s)\n" "$3" "$1" "$2"
		ret=1
	fi
}

# check_eq GOT WANT DESCRIPTION
check_eq()
{
	if [ "$1" = "$2" ]; then
		printf "TEST: %-64s [ OK ]\n" "$3"
	else
		printf "TEST: %-64s [FAIL] (got '%s', want '%s')\n" "$3" "$1" "$2"
		ret=1
	fi
}

require()
{
	for t in "$@"; do
		if ! command -v "$t" >/dev/null; then
			echo "SKIP: $t is not installed"
			exit $ksft_skip
		fi
	done
}

# The module built for the running kernel (make modules), else the
# in-tree build.
module_path()
{
	local ko=$REPO/.build/$(uname -r)/module/icmpguard.ko

	[ -e "$ko" ] || ko=$REPO/module/icmpguard.ko
	echo "$ko"
}

# insmod, as operators do: the module must load with nothing loaded before.
load_module()
{
	if [ -d /sys/module/icmpguard ]; then
		rmmod icmpguard
	fi
	insmod "$(module_path)" "$@"
}

unload_module()
{
	if [ -d /sys/module/icmpguard ]; then
		rmmod icmpguard
	fi
}

# json EXPR: evaluates a Python expression over the JSON on stdin, bound
# to "j"; prints the result.
json()
{
	python3 -c 'import json, sys; j = json.load(sys.stdin); print('"$1"')'
}

# type_count NETNS DIRECTION TYPE: packets of one ICMP type, rx or tx.
type_count()
{
	"$ICMPCTL" -n "$1" -j stats |
		json "sum(t['packets'] for t in j['$2_types'] if t['type'] == $3)"
}

# counter NETNS NAME
counter()
{
	"$ICMPCTL" -n "$1" -j stats | json "j['counters']['$2']"
}

# drop_count NETNS REASON
drop_count()
{
	"$ICMPCTL" -n "$1" -j stats | json "j['drops']['$2']"
}

# snmp NETNS FIELD: a field of the Icmp: line of /proc/net/snmp
snmp()
{
	ip netns exec "$1" awk -v f="$2" '
		/^Icmp:/ && !h { for (i = 1; i <= NF; i++) n[i] = $i; h = 1; next }
		/^Icmp:/ { for (i = 1; i <= NF; i++) if (n[i] == f) print $i }
	' /proc/net/snmp
}

# veth_pair NS1 ADDR1 NS2 ADDR2 (addresses with /len)
veth_pair()
{
	ip link add "v$nsuffix" netns "$1" type veth peer name "w$nsuffix" \
		netns "$3"
	ip -n "$1" link set lo up
	ip -n "$3" link set lo up
	ip -n "$1" link set "v$nsuffix" up
	ip -n "$3" link set "w$nsuffix" up
	ip -n "$1" addr add "$2" dev "v$nsuffix"
	ip -n "$3" addr add "$4" dev "w$nsuffix"
}
