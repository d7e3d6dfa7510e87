#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The debug tier (make check-debug): the selftests in a guest booting a
# kernel with KASAN, lockdep (PROVE_LOCKING, PROVE_RCU), kmemleak, UBSAN,
# DEBUG_ATOMIC_SLEEP and debug objects, built once from linux-source-6.1
# by scripts/debug-kernel.sh and cached by its config.
#
#   1. proof that the tier can fail: a build of the module that leaks and
#      uses freed memory on load must be reported (KASAN and kmemleak);
#   2. DEBUG_TESTS, one script at a time, with a kmemleak scan after
#      each: any report, KASAN/UBSAN splat or lockdep warning fails.
#
# Environment: DEBUG_TESTS, DEBUG_TIMEOUT (per script, default 2700 s:
# the normal 900 s, three times over).

set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
DEBUG_TESTS=${DEBUG_TESTS:-load_unload.sh hardening.sh netlink.sh fuzz.sh rules.sh}

dir=$(scripts/debug-kernel.sh) || { echo "not ok - the debug kernel did not build"; exit 1; }
kver=$(cat "$dir/kver")
export VM_KERNEL=$dir/bzImage VM_MODROOT=$dir/root VM_KVER=$kver VM_MEM=2G
for v in "$kver" "bugs-$kver"; do
	flags=
	[ "$v" = "$kver" ] || flags=CONFIG_ICMPGUARD_SELFTEST_BUGS=y
	make -s --no-print-directory shadow SHADOW="$v" \
		SHADOW_KDIR="$dir/build" SHADOW_FLAGS="$flags" || exit 1
done

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
echo "# the tier can fail: a module that leaks and uses freed memory"
log=$(mktemp)
selftests/vm/run --timeout 900 -- selftests/vm/kmemleak-run \
	insmod ".build/bugs-$kver/module/icmpguard.ko" >"$log" 2>&1
rc=$?
sed 's/^/# /' "$log" | grep -E 'KASAN|unreferenced|vm:' | head -n 8
grep -q 'KASAN: .*use-after-free' "$log" && r1=ok || r1=not-ok
result "$r1" "KASAN reports the injected use-after-free (run exit $rc)"
grep -q 'unreferenced object' "$log" && r2=ok || r2=not-ok
result "$r2" "kmemleak reports the injected leak"
[ "$rc" -ne 0 ] && r3=ok || r3=not-ok
result "$r3" "the guest run fails (exit $rc)"

for t in $DEBUG_TESTS; do
	echo "# $t"
	start=$(date +%s)
	selftests/vm/run --timeout $((${DEBUG_TIMEOUT:-2700} + 600)) -- \
		selftests/vm/kmemleak-run timeout "${DEBUG_TIMEOUT:-2700}" \
		"selftests/$t" >"$log" 2>&1
	rc=$?
	grep -E '^TEST:|^(ok|not ok)|^# |vm: |unreferenced|KASAN|UBSAN' "$log"
	[ "$rc" -eq 0 ] && r=ok || r=not-ok
	result "$r" "$t on $kver: no failure, splat or leak (exit $rc, $(($(date +%s) - start)) s)"
done
rm -f "$log"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
