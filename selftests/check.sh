#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The whole suite, run from the host (make check):
#   1. proof that the guest runner's splat detection can fail: a debug
#      build of the module that WARN_ON_ONCE()s on load must make
#      selftests/vm/run report failure;
#   2. the kselftests in a guest booting Debian's generic 6.1 kernel;
#   3. the same in a guest booting the PREEMPT_RT kernel.
# Prints each run's KTAP and a final "N passed, N failed[, N skipped]".
#
# Environment: KERNELS (default "generic rt"), TESTS (a subset of the
# selftests, e.g. TESTS=counters.sh), VM_TIMEOUT.

set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pass=0
fail=0
skip=0

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

echo "# icmpctl on the host: its unit and command-line tests"
make -s -C tools check >"$out/tools.log" 2>&1
rc=$?
grep -E '^[0-9]+ passed, [0-9]+ failed' "$out/tools.log" | sed 's/^/# /'
while read -r p _ f _; do
	pass=$((pass + p))
	fail=$((fail + f))
done < <(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out/tools.log")
if [ $rc -ne 0 ]; then
	grep -E 'FAIL|not ok' "$out/tools.log" | sed 's/^/# /' | head -n 20
	result not-ok "icmpctl host tests (make -C tools check) exited $rc"
fi

echo "# the netlink spec (YAML) against the uAPI header"
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

echo "# DKMS on the host: add, build and install for both kernels, remove"
selftests/dkms.sh >"$out/dkms.log" 2>&1
rc=$?
if [ $rc -eq 4 ]; then
	echo "ok - dkms # SKIP $(grep -m1 SKIP "$out/dkms.log")"
	skip=$((skip + 1))
else
	grep -E '^[0-9]+ passed, [0-9]+ failed' "$out/dkms.log" | sed 's/^/# /'
	while read -r p _ f _; do
		pass=$((pass + p))
		fail=$((fail + f))
	done < <(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out/dkms.log")
	if [ $rc -ne 0 ]; then
		grep -F '[FAIL]' "$out/dkms.log" | sed 's/^/# /'
		result not-ok "dkms.sh exited $rc"
	fi
fi

echo "# splat detection: a module that WARNs on load must fail its run"
selftests/vm/run --timeout 300 -- sh -c \
	'modprobe nf_defrag_ipv4 && insmod .build/warn/module/icmpguard.ko' \
	>"$out/warn.log" 2>&1
rc=$?
sed 's/^/# /' "$out/warn.log" | tail -n 5
if [ $rc -ne 0 ] && grep -q 'WARNING' "$out/warn.log"; then
	result ok "guest runner fails a run whose module WARNs (exit $rc)"
else
	result not-ok "guest runner fails a run whose module WARNs (exit $rc)"
fi

for kernel in ${KERNELS:-generic rt}; do
	flag=
	[ "$kernel" = rt ] && flag=--rt
	echo "# kernel: $kernel"
	selftests/vm/run $flag -- make -s -C selftests run_icmpguard \
		${TESTS:+TESTS="$TESTS"} 2>&1 | tee "$out/$kernel.log"
	rc=${PIPESTATUS[0]}
	p=$(grep -cE '^ok [0-9]+ ' "$out/$kernel.log")
	s=$(grep -cE '^ok [0-9]+ .*# SKIP' "$out/$kernel.log")
	f=$(grep -cE '^not ok [0-9]+ ' "$out/$kernel.log")
	pass=$((pass + p - s))
	skip=$((skip + s))
	fail=$((fail + f))
	if [ $((p + f)) -eq 0 ]; then
		result not-ok "$kernel: the suite ran no test"
	fi
	if [ "$rc" -ne 0 ]; then
		result not-ok "$kernel: guest run exited $rc (splat, crash or timeout)"
	fi
done

line="$pass passed, $fail failed"
[ "$skip" -gt 0 ] && line="$line, $skip skipped"
echo "$line"
[ "$fail" -eq 0 ]
