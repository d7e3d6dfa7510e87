#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The whole suite, run from the host (make check):
#   1. icmpctl's host tests, the netlink spec against the header, DKMS
#      for every installed kernel;
#   2. proof that the guest runner's splat detection can fail: a debug
#      build of the module that WARN_ON_ONCE()s on load must make
#      selftests/vm/run report failure;
#   3. a guest booted with ipv6.disable=1: the module loads and answers
#      IPv4 (selftests/ipv6_off.sh);
#   4. the kselftests in a guest booting each kernel of KERNELS: all of
#      them on generic kernels, RT_TESTS on PREEMPT_RT ones (whose
#      difference is softirqs in threads: the hooks, floods and teardown
#      are what can break there).
# Prints each run's KTAP, a line per kernel, and a final
# "N passed, N failed[, N skipped]".
#
# Environment: KERNELS (the kernel releases to boot, default every
# installed one), KVER (the kernel of the WARN proof), TESTS (a subset of
# the selftests, e.g. TESTS=counters.sh), RT_TESTS, VM_TIMEOUT.

set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

KERNELS=${KERNELS:-$(scripts/kernels.sh)}
KVER=${KVER:-$(scripts/kernels.sh --generic | tail -n 1)}
# RT: hardening.sh's floods, teardown, VRF and bridge passes (the rest is
# the same code on both); name more ("x.sh:a,b" or whole scripts, up to
# all of TEST_PROGS) to run them too.
RT_TESTS=${RT_TESTS:-hardening.sh:rmmod_under_flood,inspect_once,rate_change,flood_events,insmod_alone}

t0=$(date +%s)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pass=0
fail=0
skip=0
summary=

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

# step TEXT: a step's heading, with the time the run has taken so far
step()
{
	echo "# $1 (at $(($(date +%s) - t0)) s)"
}

# tally LOG: adds the "N passed, N failed" lines of a host test's log
tally()
{
	grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | sed 's/^/# /'
	while read -r p _ f _; do
		pass=$((pass + p))
		fail=$((fail + f))
	done < <(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1")
}

step "icmpctl on the host: its unit and command-line tests"
make -s -C tools check >"$out/tools.log" 2>&1
rc=$?
tally "$out/tools.log"
if [ $rc -ne 0 ]; then
	grep -E 'FAIL|not ok' "$out/tools.log" | sed 's/^/# /' | head -n 20
	result not-ok "icmpctl host tests (make -C tools check) exited $rc"
fi

step "the netlink spec (YAML) against the uAPI header"
# Debian's python3 has python3-yaml; a python3 earlier in PATH may not.
/usr/bin/python3 selftests/spec_check.py >"$out/spec.log" 2>&1
rc=$?
if [ $rc -eq 4 ]; then
	echo "ok - netlink spec check # SKIP python3-yaml missing"
	skip=$((skip + 1))
elif [ $rc -eq 0 ]; then
	result ok "netlink spec matches the uAPI header ($(tail -n 1 "$out/spec.log"))"
else
	grep -A3 FAIL "$out/spec.log" | sed 's/^/# /'
	result not-ok "netlink spec matches the uAPI header"
fi

step "DKMS on the host: add, build and install for every kernel, remove"
KVER= selftests/dkms.sh >"$out/dkms.log" 2>&1
rc=$?
if [ $rc -eq 4 ]; then
	echo "ok - dkms # SKIP $(grep -m1 SKIP "$out/dkms.log")"
	skip=$((skip + 1))
else
	tally "$out/dkms.log"
	if [ $rc -ne 0 ]; then
		grep -F '[FAIL]' "$out/dkms.log" | sed 's/^/# /'
		result not-ok "dkms.sh exited $rc"
	fi
fi

step "splat detection: a module that WARNs on load must fail its run"
selftests/vm/run --kver "$KVER" --timeout 300 -- \
	insmod ".build/warn-$KVER/module/icmpguard.ko" >"$out/warn.log" 2>&1
rc=$?
sed 's/^/# /' "$out/warn.log" | tail -n 5
if [ $rc -ne 0 ] && grep -q 'WARNING' "$out/warn.log"; then
	result ok "guest runner fails a run whose module WARNs (exit $rc)"
else
	result not-ok "guest runner fails a run whose module WARNs (exit $rc)"
fi

step "ipv6.disable=1: the module loads and answers IPv4"
VM_APPEND="ipv6.disable=1" selftests/vm/run --kver "$KVER" --timeout 300 -- \
	selftests/ipv6_off.sh >"$out/ipv6off.log" 2>&1
rc=$?
grep -E '^TEST:' "$out/ipv6off.log" | sed 's/^/# /'
if [ $rc -eq 0 ] && grep -q '^TEST:.*\[ OK \]' "$out/ipv6off.log"; then
	result ok "ipv6.disable=1 on $KVER: loads, answers IPv4, unloads"
else
	tail -n 20 "$out/ipv6off.log" | sed 's/^/#   /'
	result not-ok "ipv6.disable=1 on $KVER (exit $rc)"
fi

for kver in $KERNELS; do
	tests=${TESTS:-}
	case $kver in *-rt-*) tests=${TESTS:-$RT_TESTS} ;; esac
	step "kernel: $kver${tests:+ (tests: $tests)}"
	start=$(date +%s)
	selftests/vm/run --kver "$kver" --timeout "${VM_TIMEOUT:-3600}" -- \
		make -s -C selftests run_icmpguard \
		${tests:+TESTS="$tests"} 2>&1 | tee "$out/$kver.log"
	rc=${PIPESTATUS[0]}
	p=$(grep -cE '^ok [0-9]+ ' "$out/$kver.log")
	s=$(grep -cE '^ok [0-9]+ .*# SKIP' "$out/$kver.log")
	f=$(grep -cE '^not ok [0-9]+ ' "$out/$kver.log")
	pass=$((pass + p - s))
	skip=$((skip + s))
	fail=$((fail + f))
	if [ $((p + f)) -eq 0 ]; then
		result not-ok "$kver: the suite ran no test"
	fi
	if [ "$rc" -ne 0 ]; then
		result not-ok "$kver: guest run exited $rc (splat, crash or timeout)"
	fi
	summary+="# $kver: $((p - s)) passed, $f failed, $s skipped, $(($(date +%s) - start)) s"$'\n'
done

printf '%s' "$summary"
line="$pass passed, $fail failed"
[ "$skip" -gt 0 ] && line="$line, $skip skipped"
echo "$line"
[ "$fail" -eq 0 ]
