#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds, once, the debug kernel `make check-debug` boots: Debian's
# linux-source-6.1 with the base config selftests/vm/debug.config names,
# kvm_guest.config and that fragment (KASAN, lockdep, kmemleak, UBSAN,
# debug objects; the guest's and the tests' needs built in). The result is
# cached outside the repository, keyed by the source tarball and the
# config fragment, so a second run only prints where it is:
#
#   $CACHE/debug-kernel-KEY/build     the O= tree (KDIR for the module)
#   $CACHE/debug-kernel-KEY/bzImage   the kernel the guest boots
#   $CACHE/debug-kernel-KEY/kver      its release string
#
# Prints that directory on stdout; the build's output goes to
# $CACHE/debug-kernel-KEY/build.log. Environment: KSRC_TAR_DEBUG (the
# source tarball), ICMPGUARD_CACHE (default ~/.cache/icmpguard), JOBS.

set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd -P)
frag=${DEBUG_CONFIG:-$repo/selftests/vm/debug.config}
tar=${KSRC_TAR_DEBUG:-/usr/src/linux-source-6.1.tar.xz}
cache=${ICMPGUARD_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/icmpguard}
jobs=${JOBS:-$(nproc)}

[ -r "$tar" ] || { echo "debug-kernel: no $tar: apt-get install linux-source-6.1" >&2; exit 1; }
key=$( { echo "recipe 1"; basename "$tar"; stat -c %s "$tar"; cat "$frag"; } |
	sha256sum | cut -c1-16)
out=$cache/debug-kernel-$key
if [ -f "$out/done" ]; then
	echo "$out"
	exit 0
fi

mkdir -p "$cache"
src=$cache/src-$(basename "$tar" .tar.xz)-$(stat -c %s "$tar")
if ! [ -f "$src/.extracted" ]; then
	echo "debug-kernel: extracting $tar" >&2
	rm -rf "$src"
	mkdir -p "$src"
	tar -xJf "$tar" -C "$src" --strip-components=1
	touch "$src/.extracted"
fi

rm -rf "$out"
mkdir -p "$out/build"
log=$out/build.log
echo "debug-kernel: building in $out (log: $log)" >&2
{
	# The fragment names its base: allnoconfig, or x86_64_defconfig.
	base=$(sed -n 's/^# base: //p' "$frag")
	make -C "$src" O="$out/build" "${base:-x86_64_defconfig}"
	"$src/scripts/kconfig/merge_config.sh" -m -O "$out/build" \
		"$out/build/.config" "$src/kernel/configs/kvm_guest.config" "$frag"
	make -C "$src" O="$out/build" olddefconfig
} >"$log" 2>&1 || { tail -n 20 "$log" >&2; exit 1; }

# Every option the fragment asks for must have survived olddefconfig:
# a debug option silently dropped would make the tier prove nothing.
bad=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=n) opt=${line%=n}
		grep -q "^$opt=" "$out/build/.config" && {
			echo "debug-kernel: $opt is set, wanted off" >&2; bad=1; } ;;
	CONFIG_*) grep -qx -- "$line" "$out/build/.config" || {
			echo "debug-kernel: wanted $line, got: $(grep "^# ${line%%=*} \|^${line%%=*}=" "$out/build/.config" || echo absent)" >&2
			bad=1; } ;;
	esac
done <"$frag"
[ "$bad" = 0 ] || exit 1

nice make -C "$src" O="$out/build" -j"$jobs" bzImage modules >>"$log" 2>&1 ||
	{ tail -n 30 "$log" >&2; exit 1; }
# modules.builtin and friends, so modprobe in the guest knows what is built in.
make -C "$src" O="$out/build" INSTALL_MOD_PATH="$out/root" modules_install \
	>>"$log" 2>&1 || { tail -n 20 "$log" >&2; exit 1; }
cp "$out/build/arch/x86/boot/bzImage" "$out/bzImage"
make -s -C "$src" O="$out/build" kernelrelease >"$out/kver"
touch "$out/done"
echo "$out"
