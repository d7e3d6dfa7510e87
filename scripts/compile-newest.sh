#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/compile-newest.sh [TARBALL]: builds the module (no boot) against
# the newest kernel source Debian's registry has, linux-source-*.tar.xz
# (today 6.12), configured from x86_64 defconfig with netfilter on and
# IPv6 as a module, a configuration neither booted kernel has. W=1, and
# sparse when installed; prints "compile-newest: ok" or the errors.
# The prepared tree is cached under ~/.cache/icmpguard, keyed by tarball.

set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd -P)
tar=${1:-$(ls -v /usr/src/linux-source-*.tar.xz 2>/dev/null | tail -n 1)}
cache=${ICMPGUARD_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/icmpguard}
[ -r "$tar" ] || { echo "compile-newest: no linux-source tarball" >&2; exit 1; }

src=$cache/newest-$(basename "$tar" .tar.xz)-$(stat -c %s "$tar")
if ! [ -f "$src/.prepared" ]; then
	rm -rf "$src"
	mkdir -p "$src"
	echo "compile-newest: preparing $(basename "$tar")" >&2
	tar -xJf "$tar" -C "$src" --strip-components=1
	{
		make -C "$src" x86_64_defconfig
		"$src/scripts/config" --file "$src/.config" \
			-e NETFILTER -e NETFILTER_ADVANCED -e NF_CONNTRACK \
			-m IPV6 -m NF_DEFRAG_IPV6 -e NET_L3_MASTER_DEV \
			-e MODULES -e MODULE_UNLOAD -d MODULE_SIG \
			-d DEBUG_INFO_BTF -e DEBUG_INFO_NONE
		make -C "$src" olddefconfig
		make -C "$src" -j"$(nproc)" modules_prepare
	} >"$src/prepare.log" 2>&1 || { tail -n 20 "$src/prepare.log" >&2; exit 1; }
	touch "$src/.prepared"
fi

build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
mkdir -p "$build/module/uapi"
cp "$repo/Kbuild" "$build/"
cp "$repo"/module/Kbuild "$repo"/module/*.[ch] "$build/module/"
cp "$repo"/module/uapi/*.h "$build/module/uapi/"
check=
command -v sparse >/dev/null && check=C=1
# No Module.symvers without a full build: unresolved symbols are expected.
out=$(make -C "$src" M="$build" W=1 $check KBUILD_MODPOST_WARN=1 modules 2>&1 |
	grep -E 'error|warning' | grep -v 'undefined!$' |
	grep -v 'Module.symvers is missing' || true)
if [ -n "$out" ]; then
	echo "$out"
	echo "compile-newest: $(make -s -C "$src" kernelrelease): FAILED"
	exit 1
fi
echo "compile-newest: $(make -s -C "$src" kernelrelease): ok"
