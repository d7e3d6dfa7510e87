#!/bin/sh
# Stage 2 of the icmpguard test VM: PID 1 after switch_root into the host's
# root (9p, read-only, under a tmpfs overlay).  Started by initramfs-init
# from the repository share (/run/vm/repo); see selftests/vm/run.
#
# Control share /run/vm/ctl (a per-run host directory):
#   in:  config  - VM_REPO VM_CWD VM_MODE(cmd|shell) VM_MODROOT VM_TERM
#                  VM_ROWS VM_COLS
#                  and VM_PASSENV (extra "export" lines), shell-quoted
#        cmd.sh  - the command to run, shell-quoted
#   out: dmesg   - kernel log after the command
#        rc      - exit status of the command (written last; its absence
#                  means the guest died)
# Command output goes to /dev/ttyS1 (command mode) or the shell runs on the
# console /dev/ttyS0 (shell mode).

PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH
ctl=/run/vm/ctl

log() { echo "vm-init: $*" >/dev/console; }

halt_vm() {
	sync
	busybox poweroff -f
	echo o >/proc/sysrq-trigger
	sleep 30
}

die() {
	log "FATAL: $*"
	halt_vm
}

mnt() { # mnt TYPE DIR [OPTIONS]: mount unless DIR is already a mountpoint
	[ -d "$2" ] || mkdir -p "$2" 2>/dev/null || return 0
	mountpoint -q "$2" && return 0
	mount -t "$1" ${3:+-o "$3"} "$1" "$2"
}

# shellcheck source=/dev/null
. "$ctl/config" || die "cannot read $ctl/config"

# --- filesystems -----------------------------------------------------------
mnt devpts /dev/pts mode=0620,ptmxmode=0666,gid=5
mnt tmpfs /dev/shm mode=1777,nosuid,nodev
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
[ -e /dev/stdin ] || ln -s /proc/self/fd/0 /dev/stdin
[ -e /dev/stdout ] || ln -s /proc/self/fd/1 /dev/stdout
[ -e /dev/stderr ] || ln -s /proc/self/fd/2 /dev/stderr
mnt tmpfs /tmp mode=1777,nosuid,nodev
mnt debugfs /sys/kernel/debug
mnt tracefs /sys/kernel/tracing
mnt cgroup2 /sys/fs/cgroup
mnt bpf /sys/fs/bpf

if [ "$(cat /run/vm/rootmode)" != overlay ]; then
	# Read-only root: give the usual writable places a tmpfs, and /etc and
	# /var an overlay (their lower layer is the read-only host copy).
	for d in /var/tmp /root; do mnt tmpfs "$d" mode=1777; done
	mnt tmpfs /run/vm/rw mode=0755
	for d in etc var; do
		mkdir -p "/run/vm/rw/$d" "/run/vm/rw/$d.work"
		mount -t overlay -o "lowerdir=/$d,upperdir=/run/vm/rw/$d,workdir=/run/vm/rw/$d.work" overlay "/$d" ||
			log "cannot overlay /$d; it stays read-only"
	done
fi
mkdir -p /run/netns /run/lock /var/tmp /root

# A kernel built outside the package manager brings its own module tree.
if [ -n "${VM_MODROOT:-}" ]; then
	k=$(uname -r)
	mkdir -p "/lib/modules/$k" &&
		mount --bind "$VM_MODROOT/lib/modules/$k" "/lib/modules/$k" ||
		log "cannot mount $VM_MODROOT/lib/modules/$k"
fi
[ -L /var/run ] || [ -d /var/run ] || ln -s /run /var/run

# The repository at the same absolute path as on the host, read-write.
mkdir -p "$VM_REPO" || die "cannot create $VM_REPO"
mount --move /run/vm/repo "$VM_REPO" || die "cannot mount the repository at $VM_REPO"

# --- system settings ---------------------------------------------------------
hostname icmpguard-vm
ip link set lo up || log "cannot bring up lo"
echo 1 >/proc/sys/kernel/sysrq

cd "$VM_CWD" 2>/dev/null || {
	log "$VM_CWD is not visible in the guest; using $VM_REPO"
	cd "$VM_REPO" || die "cannot cd to $VM_REPO"
}

# A clean environment for the command.
for v in $(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/\1/p'); do
	case $v in PATH|VM_PASSENV) ;; *) unset "$v" ;; esac
done
export HOME=/root USER=root LOGNAME=root SHELL=/bin/bash TERM="$VM_TERM"
export ICMPGUARD_IN_VM=1
eval "$VM_PASSENV"
unset VM_PASSENV

# --- run ---------------------------------------------------------------------
if [ "$VM_MODE" = shell ]; then
	tty=/dev/ttyS0
	stty -F $tty sane rows "$VM_ROWS" cols "$VM_COLS" 2>/dev/null
	echo "vm: $(uname -r) ready; exit the shell to power off (Ctrl-A x kills the VM)" >$tty
	setsid -w -c bash -i <>$tty >&0 2>&0
	rc=$?
else
	tty=/dev/ttyS1
	stty -F $tty raw -echo
	: >"$ctl/started"	# the runner tells a boot's death from COMMAND's
	setsid -w sh "$ctl/cmd.sh" </dev/null >$tty 2>&1
	rc=$?
	stty -F $tty raw -echo # TCSADRAIN: wait until all output is sent
fi

dmesg >"$ctl/dmesg" 2>&1
echo "$rc" >"$ctl/rc.tmp" && mv "$ctl/rc.tmp" "$ctl/rc"
halt_vm
