#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Prints the installed kernels icmpguard can be built for and booted on:
# those with both an image (/boot/vmlinuz-KVER) and a build directory
# (/lib/modules/KVER/build), oldest first. With --generic, only those
# that are not PREEMPT_RT.

for d in /lib/modules/*/build; do
	[ -d "$d" ] || continue
	k=${d#/lib/modules/}
	k=${k%/build}
	[ -e "/boot/vmlinuz-$k" ] || continue
	case "$1:$k" in --generic:*-rt-*) continue ;; esac
	echo "$k"
done | sort -V
