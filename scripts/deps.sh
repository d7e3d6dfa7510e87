#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Installs, from Debian's packages, everything the build, the guest and the
# tests need. Idempotent: does nothing when all is there. As root it runs
# apt-get; otherwise it prints the exact command and fails.

set -e

# Debian's two LTS kernels, generic and PREEMPT_RT, image and headers, and
# their sources (kselftest, checkpatch, YNL, the debug kernel); what the
# guest and the tests run; what the debug kernel's build needs.
PKGS="linux-image-amd64 linux-headers-amd64 linux-image-rt-amd64
linux-headers-rt-amd64 linux-image-6.12-amd64 linux-headers-6.12-amd64
linux-image-6.12-rt-amd64 linux-headers-6.12-rt-amd64 linux-source-6.1
linux-source-6.12 qemu-system-x86 busybox-static libmnl-dev pkg-config
iproute2 iputils-ping traceroute iputils-tracepath ndisc6 hping3 nftables
iptables python3-scapy python3-jsonschema sparse flex bison bc libelf-dev
libssl-dev kmod cpio gzip procps psmisc xz-utils rsync perl make gcc
libc6-dev man-db groff-base gnuplot-nox netsniff-ng dkms python3-yaml
python3-docutils python3-prometheus-client"

missing=
for p in $PKGS; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages; run as root:" >&2
	echo "  apt-get update && $cmd" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null
