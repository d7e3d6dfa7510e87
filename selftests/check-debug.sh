#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The debug tier (make check-debug): the selftests in a guest booting a
# kernel with KASAN, lockdep (PROVE_LOCKING, PROVE_RCU), kmemleak, UBSAN,
# DEBUG_ATOMIC_SLEEP and debug objects, built once from linux-source-6.1
# by scripts/debug-kernel.sh and cached by its config.
#
#   1. DEBUG_TESTS, one script at a time, with a kmemleak scan after
#      each: any report, KASAN/UBSAN splat or lockdep warning fails.
#      The scripts run with ICMPGUARD_SLOW=4: waits for the system to
#      settle stretch fourfold on a kernel that checks every access.
#   2. proof that the tier can fail: builds of the module that use freed
#      memory, or leak it, on load must be reported (KASAN, kmemleak).
# Both in one guest, the proofs last: the debug kernel boots in minutes
# under TCG.
#
# Environment: DEBUG_TESTS (scripts; "x.sh:a,b" runs tests a and b of
# x.sh alone), DEBUG_TIMEOUT (per script, default 2700 s:
# the normal 900 s, three times over), DEBUG_RUN_TIMEOUT (the whole
# guest run, boot included; CI sets what its budget leaves).

set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
DEBUG_TESTS=${DEBUG_TESTS:-load_unload.sh hardening.sh netlink.sh fuzz.sh rules.sh icmpv6.sh}

# In the guest: the scripts, then the proof that the tier can fail. The
# proofs come last, behind a marker where the runner's splat scan stops
# (VM_SCAN_UNTIL): a KASAN report taints the kernel, which turns lockdep
# off, and a first report silences KASAN.
marker="icmpguard-debug: the proofs start here"
if [ "${1:-}" = --guest ]; then
	kver=$2
	shift 2
	# The fuzzers a quarter as long: KASAN slows every packet and
	# request several times over; the paths they reach are the same.
	export FUZZ_COUNT=${FUZZ_COUNT:-1000} FUZZ_PACKETS_SCALE=${FUZZ_PACKETS_SCALE:-0.25}
	selftests/vm/kmemleak-run --begin
	for t; do
		echo "# $t"
		s=$(date +%s)
		# lib.sh's run_tests reads "x.sh:a,b" from TESTS
		TESTS=$t ICMPGUARD_SLOW=4 timeout "${DEBUG_TIMEOUT:-2700}" \
			"selftests/${t%%:*}"
		rc=$?
		selftests/vm/kmemleak-run --end "$t" || [ $rc -ne 0 ] || rc=1
		echo "debug-result: $t $rc $(($(date +%s) - s))"
	done
	echo "$marker" >/dev/kmsg
	sysctl -qw kernel.panic_on_warn=0
	# proof NAME PATTERN COMMAND...: PATTERN is in the log after COMMAND
	proof()
	{
		local name=$1 re=$2 hit

		shift 2
		"$@"
		hit=$(dmesg | sed -n "/$marker/,\$p" | grep -E "$re" | head -n 1)
		[ -z "$hit" ] || echo "# $hit"
		[ -n "$hit" ]
		echo "debug-proof: $name $?"
	}
	# The leak first: the last script's scan cleared what was there.
	proof leak 'unreferenced object' sh -c "insmod .build/leak-$kver/module/icmpguard.ko &&
		rmmod icmpguard && selftests/vm/kmemleak-run --end 'the leak build'"
	proof uaf 'KASAN: [a-z-]*use-after-free' \
		sh -c "insmod .build/uaf-$kver/module/icmpguard.ko && rmmod icmpguard"
	exit 0
fi

dir=$(scripts/debug-kernel.sh) || { echo "not ok - the debug kernel did not build"; exit 1; }
kver=$(cat "$dir/kver")
export VM_KERNEL=$dir/bzImage VM_MODROOT=$dir/root VM_KVER=$kver VM_MEM=2G
# It boots in 2 to 4 minutes under TCG, not the generic kernels' seconds.
export VM_BOOT_TIMEOUT=${VM_BOOT_TIMEOUT:-900}
# 5-level paging under TCG made KASAN see wild accesses in early boot.
export VM_CPU=max,la57=off
build()	# DIR [FLAG]
{
	make -s -j"$(nproc)" --no-print-directory shadow SHADOW="$1" \
		SHADOW_KDIR="$dir/build" SHADOW_FLAGS="${2:-}" || exit 1
}
# Two debug configurations share a release (the guest's uname -r names
# the module's build directory): a build for another one is stale.
for d in "$kver" "uaf-$kver" "leak-$kver"; do
	[ "$(cat ".build/$d/.kdir" 2>/dev/null)" = "$dir" ] || rm -rf ".build/$d"
	mkdir -p ".build/$d"
	echo "$dir" >".build/$d/.kdir"
done
build "$kver"
build "uaf-$kver" CONFIG_ICMPGUARD_SELFTEST_UAF=y
build "leak-$kver" CONFIG_ICMPGUARD_SELFTEST_LEAK=y

pass=0
fail=0
result()	# ok|not-ok DESCRIPTION
{
	if [ "$1" = ok ]; then
		echo "ok - $2"
		pass=$((pass + 1))
	else
		echo "not ok - $2"
		fail=$((fail + 1))
	fi
}

echo "# debug kernel $kver ($dir)"
# One guest (a debug kernel takes minutes to boot under TCG): every
# script, then the proofs; a result line for each, and the run's own
# verdict, which a splat or a kmemleak report before the proofs fails.
n=$(echo $DEBUG_TESTS | wc -w)
start=$(date +%s)
log=$(mktemp)
VM_SCAN_UNTIL="$marker" \
	selftests/vm/run --timeout "${DEBUG_RUN_TIMEOUT:-$((n * (${DEBUG_TIMEOUT:-2700} + 60) + 900))}" -- \
	selftests/check-debug.sh --guest "$kver" $DEBUG_TESTS >"$log" 2>&1
rc=$?
grep -E '^TEST:.*FAIL|^(ok|not ok)|^# [a-z_0-9]+\.sh|^# .*(KASAN|unreferenced)|vm: |kmemleak:|BUG: KASAN|UBSAN' "$log"
# proof NAME DESCRIPTION: the guest saw that build's bug reported
proof()
{
	if grep -qE "^debug-proof: $1 0$" "$log"; then
		result ok "$2"
	else
		result not-ok "$2"
	fi
}
proof uaf "KASAN reports the injected use-after-free"
proof leak "kmemleak reports the injected leak"
for t in $DEBUG_TESTS; do
	line=$(grep -E "^debug-result: $t " "$log" | tail -n 1)
	set -- $line
	if [ -z "$line" ]; then
		result not-ok "$t on $kver: did not finish (the run exited $rc)"
	elif [ "$3" = 0 ]; then
		result ok "$t on $kver: no failure or leak ($4 s)"
	else
		result not-ok "$t on $kver: exit $3 ($4 s)"
	fi
done
if [ "$rc" -eq 0 ]; then
	result ok "the debug run had no splat (exit 0, $(($(date +%s) - start)) s)"
else
	result not-ok "the debug run: a splat, leak, crash or failure (exit $rc, $(($(date +%s) - start)) s)"
fi
rm -f "$log"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
