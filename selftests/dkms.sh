#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# DKMS packaging, on the host (not in a guest: dkms only builds against
# the installed headers, nothing is loaded). As root:
#
#   repo --copy--> /usr/src/icmpguard-VERSION --dkms add/build/install-->
#   /lib/modules/KVER/updates/dkms/icmpguard.ko --modinfo, depmod-->
#   dkms remove --all --> nothing left
#
# for every kernel whose headers are installed (KVER to choose some).
# VERSION must be MODULE_VERSION in module/main.c. Prints TEST lines and
# "N passed, N failed"; exits 0, 1 on a failure, or 4 (skip) without
# dkms or root. A copy of icmpguard already in dkms (not one this test
# left behind) is never touched: the test skips.

set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
name=icmpguard
pass=0
fail=0
added=

result()	# RC DESCRIPTION [DETAIL FILE]
{
	if [ "$1" -eq 0 ]; then
		printf "TEST: %-64s [ OK ]\n" "$2"
		pass=$((pass + 1))
	else
		printf "TEST: %-64s [FAIL]\n" "$2"
		fail=$((fail + 1))
		[ -n "${3:-}" ] && [ -s "$3" ] && tail -n 20 "$3" | sed 's/^/    /'
	fi
	return 0
}

check_eq()	# GOT WANT DESCRIPTION
{
	if [ "$1" = "$2" ]; then
		result 0 "$3"
	else
		result 1 "$3"
		echo "    got '$1', want '$2'"
	fi
}

if ! command -v dkms >/dev/null; then
	echo "SKIP: dkms is not installed (apt-get install dkms)"
	exit 4
fi
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: dkms needs root"
	exit 4
fi

version=$(sed -n 's/^MODULE_VERSION("\(.*\)");/\1/p' "$repo/module/main.c")
conf_version=$(sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' \
	"$repo/dkms.conf")
src=/usr/src/$name-$version
marker=$src/.icmpguard-selftest

# Every kernel with headers (6.1 and 6.12, generic and RT, once
# scripts/deps.sh ran), unless KVER names some.
kvers=${KVER:-}
if [ -z "$kvers" ]; then
	for d in /lib/modules/*/build; do
		[ -d "$d" ] || continue
		k=${d#/lib/modules/}
		kvers="$kvers ${k%/build}"
	done
fi
if [ -z "$kvers" ]; then
	echo "SKIP: no kernel headers under /lib/modules/*/build"
	exit 4
fi

# What a previous run of this test left, it may remove; nothing else.
if [ -e "$src" ] && [ ! -e "$marker" ]; then
	echo "SKIP: $src exists and is not this test's"
	exit 4
fi
if [ ! -e "$marker" ] && [ -n "$(dkms status -m "$name" 2>/dev/null)" ]; then
	echo "SKIP: dkms already has $name: $(dkms status -m "$name")"
	exit 4
fi

# dkms 3 makes itself a module signing key on first use: if this run
# makes it, this run removes it.
mok=
[ -e /var/lib/dkms/mok.key ] || mok=1

log=$(mktemp)
cleanup()
{
	if [ -n "$added" ] || [ -e "$marker" ]; then
		dkms remove -m "$name" -v "$version" --all >/dev/null 2>&1
		rm -rf "$src"
	fi
	if [ -n "$mok" ] && [ -z "$(dkms status 2>/dev/null)" ]; then
		rm -f /var/lib/dkms/mok.key /var/lib/dkms/mok.pub
	fi
	rm -f "$log"
}
trap cleanup EXIT
cleanup		# a previous run's leftovers

echo "# dkms $(dkms --version 2>/dev/null | head -n 1); kernels: $kvers"
check_eq "$conf_version" "$version" \
	"dkms.conf PACKAGE_VERSION is MODULE_VERSION ($version)"

# The sources dkms builds: kbuild files, C sources and headers only.
mkdir -p "$src/module/uapi"
touch "$marker"
cp "$repo/dkms.conf" "$repo/Kbuild" "$src/"
cp "$repo/module/Kbuild" "$src/module/"
for f in "$repo"/module/*.[ch]; do
	case $f in *.mod.c) continue ;; esac
	cp "$f" "$src/module/"
done
cp "$repo"/module/uapi/*.h "$src/module/uapi/"

dkms add -m "$name" -v "$version" >"$log" 2>&1
rc=$?
[ $rc -eq 0 ] && added=1
result $rc "dkms add $name/$version" "$log"
check_eq "$(dkms status -m "$name" -v "$version" | grep -c ': added$')" 1 \
	"dkms status: added"

for kver in $kvers; do
	dkms build -m "$name" -v "$version" -k "$kver" >"$log" 2>&1
	rc=$?
	result $rc "dkms build -k $kver" "$log"
	[ $rc -eq 0 ] || tail -n 30 \
		"/var/lib/dkms/$name/$version/build/make.log" 2>/dev/null |
		sed 's/^/    make.log: /'

	dkms install -m "$name" -v "$version" -k "$kver" >"$log" 2>&1
	result $? "dkms install -k $kver" "$log"

	ko=$(find "/lib/modules/$kver/updates/dkms" "/lib/modules/$kver/extra" \
		-name "$name.ko*" 2>/dev/null | head -n 1)
	rc=0
	[ -n "$ko" ] || rc=1
	result $rc "$kver: $name.ko under updates/dkms (or extra)"
	[ -n "$ko" ] || continue
	echo "# $ko"
	check_eq "$(modinfo -F version "$ko" 2>/dev/null)" "$version" \
		"$kver: modinfo version is $version"
	check_eq "$(modinfo -F name "$ko" 2>/dev/null)" "$name" \
		"$kver: modinfo name is $name"
	check_eq "$(modinfo -F vermagic "$ko" 2>/dev/null | cut -d' ' -f1)" \
		"$kver" "$kver: vermagic is the kernel's"
	check_eq "$(modinfo -F license "$ko" 2>/dev/null)" GPL \
		"$kver: license GPL"
	check_eq "$(modinfo -F alias "$ko" 2>/dev/null)" \
		"net-pf-16-proto-16-family-$name" \
		"$kver: genetlink family alias (module autoloading)"
	check_eq "$(modinfo -k "$kver" -n "$name" 2>/dev/null)" "$ko" \
		"$kver: depmod indexed it (modinfo -k KVER $name)"
	check_eq "$(dkms status -m "$name" -v "$version" -k "$kver" |
		grep -c ': installed')" 1 "$kver: dkms status: installed"
done

dkms remove -m "$name" -v "$version" --all >"$log" 2>&1
result $? "dkms remove $name/$version --all" "$log"
added=
left=$(find /lib/modules/*/updates/dkms /lib/modules/*/extra \
	-name "$name.ko*" 2>/dev/null)
check_eq "$left" "" "no $name.ko left under /lib/modules"
for kver in $kvers; do
	check_eq "$(modinfo -k "$kver" -n "$name" 2>/dev/null)" "" \
		"$kver: depmod forgot it"
done
check_eq "$(dkms status -m "$name")" "" "dkms status: $name is gone"
rm -rf "$src"
rc=0
[ ! -e "$src" ] && [ ! -e "/var/lib/dkms/$name" ] || rc=1
result $rc "$src and /var/lib/dkms/$name removed"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
