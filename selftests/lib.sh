# SPDX-License-Identifier: GPL-2.0
#
# What icmpguard's shell selftests share, in the shape of the kernel's
# net selftests (tools/testing/selftests/net/fib_tests.sh, lib.sh). Source
# it after `set -e`; a script then
#
#   - names its test functions in ALL_TESTS,
#   - runs `trap cleanup EXIT` and ends with `run_tests "$@"`,
#
# and is run as
#
#   ./script.sh [-t NAME]... [-h]     -t: run only NAME (may be repeated,
#                                     or one -t "a b"); -h: list the tests
#   TESTS="a b" ./script.sh           the same through the environment
#
# (make run_icmpguard TESTS="x.sh y.sh" exports TESTS with the runner's
# list of scripts: words ending in .sh are not test names, and ignored.)
#
# Environment:
#   ICMPCTL         the icmpctl binary (default: tools/icmpctl)
#   ICMPGUARD_KO    an alternative icmpguard.ko to load (e.g. an older
#                   build: its dependencies are modprobed first); default
#                   .build/$(uname -r)/module/icmpguard.ko
#   ICMPGUARD_SLOW  a factor (default 1) by which waits for the system to
#                   settle are stretched: a debug kernel sets 4. Rates
#                   and tolerances are never scaled.

ksft_skip=4
REPO=$(cd "$(dirname "$0")" && cd "$(pwd -P)/.." && pwd)
SELFTESTS=$REPO/selftests
ICMPCTL=${ICMPCTL:-$REPO/tools/icmpctl}
SLOW=${ICMPGUARD_SLOW:-1}
ret=0
nsuccess=0
nfail=0
nsuffix=$(mktemp -u XXXXXX)
TMPDIR=$(mktemp -d /tmp/icmpguard-test.XXXXXX)
export TMPDIR
current_test=
NS_LIST=()		# namespaces setup_ns made, deleted by cleanup
DEFER=()		# commands to run at the end of the current test
DEFER_EXIT=()		# ... and at exit
BG_PIDS=()		# background jobs run_bg started
SCAPYD=
SCAPYD_PID=

# Where a script that set -e stopped, and in which test.
set -E
trap '[ "$BASHPID" != $$ ] || echo "# ${current_test:+$current_test: }${BASH_SOURCE[0]##*/}:$LINENO: \"$BASH_COMMAND\" failed (exit $?)"' ERR

# ---- results -----------------------------------------------------------

# log_test RC EXPECTED DESCRIPTION
log_test()
{
	if [ "$1" -eq "$2" ]; then
		printf "TEST: %-64s [ OK ]\n" "$3"
		nsuccess=$((nsuccess + 1))
	else
		printf "TEST: %-64s [FAIL] (got %s, want %s)\n" "$3" "$1" "$2"
		nfail=$((nfail + 1))
		ret=1
	fi
}

# check_eq GOT WANT DESCRIPTION
check_eq()
{
	if [ "$1" = "$2" ]; then
		printf "TEST: %-64s [ OK ]\n" "$3"
		nsuccess=$((nsuccess + 1))
	else
		printf "TEST: %-64s [FAIL] (got '%s', want '%s')\n" "$3" "$1" "$2"
		nfail=$((nfail + 1))
		ret=1
	fi
}

# check_true DESCRIPTION CONDITION...: passes when CONDITION (a command,
# e.g. [ "$x" -ge 3 ]) succeeds.
check_true()
{
	local desc=$1

	shift
	if "$@"; then
		log_test 0 0 "$desc"
	else
		log_test 1 0 "$desc"
	fi
}

# show TEXT: detail under a result, indented
show()
{
	sed 's/^/    /' <<<"$1"
}

require()
{
	local t

	for t in "$@"; do
		if ! command -v "$t" >/dev/null; then
			echo "SKIP: $t is not installed"
			exit $ksft_skip
		fi
	done
}

# ---- time ------------------------------------------------------------

# scaled SECONDS: SECONDS times ICMPGUARD_SLOW
scaled()
{
	awk -v a="$1" -v s="$SLOW" 'BEGIN { printf "%g\n", a * s }'
}

# wait_until SECONDS COMMAND...: retries COMMAND (every 0.1 s) until it
# succeeds or SECONDS (scaled) have passed; returns its last status.
wait_until()
{
	local end

	end=$(( $(date +%s%N) + $(scaled "$1" | awk '{ printf "%d", $1 * 1e9 }') ))
	shift
	while ! "$@"; do
		[ "$(date +%s%N)" -lt "$end" ] || return 1
		sleep 0.1
	done
}

now_ms()
{
	echo $(( $(date +%s%N) / 1000000 ))
}

# ---- cleanup -----------------------------------------------------------

# defer COMMAND...: run COMMAND when the current test ends (or at exit,
# outside a test), last deferred first.
defer()
{
	local q

	printf -v q '%q ' "$@"
	if [ -n "$current_test" ]; then
		DEFER+=("$q")
	else
		DEFER_EXIT+=("$q")
	fi
}

run_deferred()	# ARRAY-NAME
{
	local -n list=$1
	local i

	for ((i = ${#list[@]} - 1; i >= 0; i--)); do
		eval "${list[i]}" >/dev/null 2>&1 || true
	done
	list=()
}

# run_bg COMMAND...: starts COMMAND in the background; its pid is in $!,
# and it is killed at the end of the test if still running.
run_bg()
{
	{ trap - ERR EXIT; "$@"; } &
	BG_PIDS+=($!)
}

# running PID...: each is running or sleeping (not stopped, not a zombie
# yet to be reaped, which kill -0 would still find)
running()
{
	local p st

	for p; do
		st=$(ps -o stat= -p "$p") || return 1
		case $st in T* | Z* | X*) return 1 ;; esac
	done
}

# kill_tree PID: PID and every process it started, children first
kill_tree()
{
	local c

	for c in $(pgrep -P "$1" 2>/dev/null || true); do
		kill_tree "$c"
	done
	kill "$1" 2>/dev/null || true
}

# stop PID...: ends background jobs (and what they started), reaps them
stop()
{
	local p

	for p in "$@"; do
		kill -STOP "$p" 2>/dev/null || true
		kill_tree "$p"
		kill -CONT "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
}

test_cleanup()
{
	local n

	if [ ${#BG_PIDS[@]} -gt 0 ]; then
		stop "${BG_PIDS[@]}" 2>/dev/null
	fi
	BG_PIDS=()
	run_deferred DEFER
	for n in "${NS_LIST[@]}"; do
		ip netns pids "$n" 2>/dev/null | xargs -r kill 2>/dev/null || true
		ip netns del "$n" 2>/dev/null || true
	done
	NS_LIST=()
}

cleanup()
{
	local rc=$?

	# Only the script's own shell: a background job killed before it
	# could reset the trap would run it too.
	[ "$BASHPID" = $$ ] || exit "$rc"
	trap - ERR
	set +e
	test_cleanup
	run_deferred DEFER_EXIT
	if [ -n "$SCAPYD_PID" ]; then
		kill "$SCAPYD_PID" 2>/dev/null
		wait "$SCAPYD_PID" 2>/dev/null
	fi
	unload_module
	rm -rf "$TMPDIR"
	if [ -n "$current_test" ]; then
		echo "# $current_test: stopped (exit $rc)"
		exit 1
	fi
	exit "$rc"
}

# ---- tests -------------------------------------------------------------

usage()
{
	cat <<EOF
usage: ${0##*/} [-t TEST]... [-h]
        -t TEST  run TEST only (may be given more than once)
        -h       this help
TESTS="..." in the environment is the default list.
Tests: $ALL_TESTS
EOF
}

# run_tests "$@": runs the tests -t or TESTS names, else ALL_TESTS, each
# with a clean slate (its namespaces, jobs and deferred commands are gone
# when it ends), and exits 1 if any check failed.
run_tests()
{
	local opt t sel=() words start

	OPTIND=1
	while getopts ":t:h" opt; do
		case $opt in
		t) read -ra words <<<"$OPTARG"; sel+=("${words[@]}") ;;
		h) usage; exit 0 ;;
		*) usage >&2; exit 1 ;;
		esac
	done
	if [ ${#sel[@]} -eq 0 ]; then
		# TESTS (from make): "x.sh:a,b" selects tests a and b of x.sh
		for t in ${TESTS:-}; do
			case $t in
			"${0##*/}":*) IFS=, read -ra words <<<"${t#*:}"
				sel+=("${words[@]}") ;;
			*.sh | *.sh:*) ;;
			*) sel+=("$t") ;;
			esac
		done
	fi
	[ ${#sel[@]} -gt 0 ] || read -ra sel <<<"$ALL_TESTS"
	for t in "${sel[@]}"; do
		case " $ALL_TESTS " in
		*" $t "*) ;;
		*) echo "${0##*/}: no test '$t' (tests: $ALL_TESTS)" >&2; exit 1 ;;
		esac
	done
	hold_static_keys
	for t in "${sel[@]}"; do
		echo "# $t"
		start=$(date +%s)
		current_test=$t
		"$t"
		test_cleanup
		current_test=
		echo "# $t: $(($(date +%s) - start)) s"
	done
	echo "# ${0##*/}: $nsuccess passed, $nfail failed"
	exit $ret
}

# In the test guest only, for the guest's life: hold on the static keys
# that traffic and tests would otherwise flip while the other vCPU runs
# through the code they patch. QEMU's TCG has been seen to run a
# half-patched jump (Oopses in ip_rcv() at a jump's second byte, on 6.12
# and 6.12-rt, with no icmpguard frame). nf_hooks_needed flips whenever
# the first hook of a family and hook point comes or goes (every insmod
# and rmmod, every nft base chain in a test namespace): empty nft chains
# at each hook of both families hold it. netstamp_needed_key flips when
# the first socket asks for timestamps and the last closes (every ping):
# a sleeping process with SO_TIMESTAMP holds it. The module's hooks are
# registered and unregistered the same way; only the kernel's branches
# stop flipping.
hold_static_keys()
{
	local h

	[ -d /run/vm/ctl ] || return 0
	nft list table inet icmpguard_vm_hold >/dev/null 2>&1 && return 0
	nft add table inet icmpguard_vm_hold || return 0
	for h in prerouting input forward output postrouting; do
		nft add chain inet icmpguard_vm_hold "$h" \
			"{ type filter hook $h priority 0; }" || return 0
	done
	# (Python's socket module has no SO_TIMESTAMP: 29 on x86.)
	setsid python3 -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, 29, 1)
time.sleep(1 << 30)  # icmpguard-hold-netstamp' </dev/null >/dev/null 2>&1 &
}

# ---- the module --------------------------------------------------------

# The module to load: ICMPGUARD_KO, else the one built for the running
# kernel (make modules), else the in-tree build.
module_path()
{
	local ko=${ICMPGUARD_KO:-$REPO/.build/$(uname -r)/module/icmpguard.ko}

	[ -e "$ko" ] || ko=$REPO/module/icmpguard.ko
	echo "$ko"
}

# insmod, as operators do: the module must load with nothing loaded
# before. An alternative build (ICMPGUARD_KO) may not: its dependencies
# are loaded first.
load_module()
{
	local ko dep

	ko=$(module_path)
	unload_module
	if [ -n "${ICMPGUARD_KO:-}" ]; then
		for dep in $(modinfo -F depends "$ko" | tr , ' '); do
			modprobe "$dep"
		done
	fi
	insmod "$ko" "$@"
}

unload_module()
{
	if [ -d /sys/module/icmpguard ]; then
		rmmod icmpguard
	fi
}

# ensure_module: loaded with default parameters unless it is loaded
ensure_module()
{
	[ -d /sys/module/icmpguard ] || load_module
}

# ---- namespaces and links ----------------------------------------------

# setup_ns VAR...: creates a namespace per VAR, named ig-VAR-XXXXXX
# (unique), with lo up, and sets VAR to its name. Deleted when the test
# ends.
setup_ns()
{
	local v name

	for v in "$@"; do
		name="ig-$v-$(mktemp -u XXXXXX)"
		ip netns add "$name"
		NS_LIST+=("$name")
		ip -n "$name" link set lo up
		printf -v "$v" '%s' "$name"
	done
}

# link NS1 DEV1 ADDR1 NS2 DEV2 ADDR2 [static]: a veth pair, up, with
# ADDR/LEN on each end ("-" for none). With "static": no IPv6 and
# permanent neighbours, so nothing but what a test sends crosses it.
link()
{
	local mac1 mac2

	ip link add "$2" netns "$1" type veth peer name "$5" netns "$4"
	if [ "${7:-}" = static ]; then
		ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=1"
		ip netns exec "$4" sysctl -qw "net.ipv6.conf.$5.disable_ipv6=1"
	fi
	[ "$3" = - ] || ip -n "$1" addr add "$3" dev "$2"
	[ "$6" = - ] || ip -n "$4" addr add "$6" dev "$5"
	ip -n "$1" link set "$2" up
	ip -n "$4" link set "$5" up
	if [ "${7:-}" = static ]; then
		mac1=$(link_mac "$1" "$2")
		mac2=$(link_mac "$4" "$5")
		[ "$6" = - ] ||
			ip -n "$1" neigh replace "${6%/*}" lladdr "$mac2" \
				dev "$2" nud permanent
		[ "$3" = - ] ||
			ip -n "$4" neigh replace "${3%/*}" lladdr "$mac1" \
				dev "$5" nud permanent
	fi
}

# link_mac NS DEV (sysfs, not JSON: Python starts slowly under KASAN)
link_mac()
{
	ip netns exec "$1" cat "/sys/class/net/$2/address"
}

# veth_pair NS1 ADDR1 NS2 ADDR2: link NS1 v$nsuffix ADDR1 NS2 w$nsuffix ADDR2
veth_pair()
{
	link "$1" "v$nsuffix" "$2" "$3" "w$nsuffix" "$4"
}

# Two namespaces, a link between them: peer (v$nsuffix, PEER-ADDR/24) and
# dut (w$nsuffix, DUT-ADDR/24).
#
#   peer  v$nsuffix PEER --veth-- DUT w$nsuffix  dut
#
# topo_peer_dut PEER-ADDR DUT-ADDR: sets $peer and $dut.
topo_peer_dut()
{
	setup_ns peer dut
	veth_pair "$peer" "$1/24" "$dut" "$2/24"
}

# The client-router-server line most tests route through:
#
#   client            router (forwarding)            server
#   c0 P.1.1/24 --veth-- r0 P.1.2/24  r1 P.2.1/24 --veth-- s0 P.2.2/24
#
# topo_crs P (e.g. 10.80): sets $c, $r, $s; default routes through the
# router.
topo_crs()
{
	setup_ns c r s
	link "$c" c0 "$1.1.1/24" "$r" r0 "$1.1.2/24"
	link "$r" r1 "$1.2.1/24" "$s" s0 "$1.2.2/24"
	ip -n "$c" route add default via "$1.1.2"
	ip -n "$s" route add default via "$1.2.1"
	ip netns exec "$r" sysctl -qw net.ipv4.ip_forward=1
}

# ---- counters ----------------------------------------------------------

# json EXPR: evaluates a Python expression over the JSON on stdin, bound
# to "j"; prints the result.
json()
{
	python3 -c 'import json, sys; j = json.load(sys.stdin); print('"$1"')'
}

# stats NETNS EXPR: EXPR over icmpctl -j stats
stats()
{
	"$ICMPCTL" -n "$1" -j stats | json "$2"
}

# type_count NETNS DIRECTION TYPE: packets of one ICMP type, rx or tx.
type_count()
{
	stats "$1" "sum(t['packets'] for t in j['$2_types'] if t['type'] == $3)"
}

# counter NETNS NAME (python only if the output is not the usual
# {"counters":{...: it is read in loops, under floods)
counter()
{
	local out v

	out=$("$ICMPCTL" -n "$1" -j stats) || return 1
	v=$(sed -nE 's/^\{"counters":\{([^}]*,)?"'"$2"'":([0-9]+)[,}].*/\2/p' <<<"$out")
	[ -n "$v" ] || v=$(json "j['counters']['$2']" <<<"$out")
	echo "$v"
}

# drop_count NETNS REASON
drop_count()
{
	stats "$1" "j['drops']['$2']"
}

# err_sent NETNS TYPE CODE, err_limited NETNS TYPE CODE
err_sent()
{
	stats "$1" "[e['sent'] for e in j['errors'] if e['type'] == $2 and e['code'] == $3][0]"
}

err_limited()
{
	stats "$1" "[e['limited'] for e in j['errors'] if e['type'] == $2 and e['code'] == $3][0]"
}

# rule_stat NETNS HANDLE FIELD (packets, bytes, limited)
rule_stat()
{
	"$ICMPCTL" -n "$1" -j rule list |
		json "[x.get('$3', 0) for x in j['rules'] if x['handle'] == $2][0]"
}

# last_handle NETNS: the handle of the rule added last
last_handle()
{
	"$ICMPCTL" -n "$1" -j rule list | json "max(x['handle'] for x in j['rules'])"
}

# snmp NETNS FIELD [PROTO]: a field of /proc/net/snmp's PROTO: lines
# (default Icmp)
snmp()
{
	ip netns exec "$1" awk -v f="$2" -v p="${3:-Icmp}:" '
		$1 == p && !h { for (i = 1; i <= NF; i++) n[i] = $i; h = 1; next }
		$1 == p { for (i = 1; i <= NF; i++) if (n[i] == f) print $i }
	' /proc/net/snmp
}

# link_stat NETNS DEV tx|rx: packets through a device
link_stat()
{
	ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3_packets"
}

# ---- traffic -----------------------------------------------------------

# pings NETNS DST COUNT [PING-ARGS...]: how many of COUNT pings were
# answered (-i 0.05 -W 1 unless given)
pings()
{
	local ns=$1 dst=$2 n=$3

	shift 3
	ip netns exec "$ns" ping -q -c "$n" -i 0.05 -W 1 "$@" "$dst" 2>&1 |
		sed -nE 's/.* ([0-9]+) received.*/\1/p'
}

# received PING-OUTPUT: the "N received" of iputils ping
received()
{
	sed -nE 's/.* ([0-9]+) received.*/\1/p' <<<"$1"
}

# ---- scapy -------------------------------------------------------------

# have_scapy: true when python3 can import scapy
have_scapy()
{
	python3 "$SELFTESTS/scapyd.py" check
}

# scapy_run NETNS PROGRAM [ARGS...]: runs a scapy program in NETNS. The
# first call starts scapyd.py, which imports scapy once for the whole
# script; each run is a fork of it.
scapy_run()
{
	local ns=$1 i

	shift
	if [ -z "$SCAPYD_PID" ] || ! kill -0 "$SCAPYD_PID" 2>/dev/null; then
		SCAPYD=$TMPDIR/scapyd.sock
		rm -f "$SCAPYD"
		python3 "$SELFTESTS/scapyd.py" serve "$SCAPYD" &
		SCAPYD_PID=$!
		for ((i = 0; i < 3000; i++)); do
			[ -S "$SCAPYD" ] && break
			kill -0 "$SCAPYD_PID" 2>/dev/null || break
			sleep 0.1
		done
		if [ ! -S "$SCAPYD" ]; then
			echo "# scapyd did not start"
			return 1
		fi
	fi
	python3 "$SELFTESTS/scapyd.py" call "$SCAPYD" "$ns" "$@"
}
