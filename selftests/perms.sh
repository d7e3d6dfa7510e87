#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2317
#
# Who may do what: reads are open to every user, every change needs
# CAP_NET_ADMIN in the user namespace that owns the network namespace.
#
#   initial user ns
#   ├── initial netns: a rule and an owned prefix (root's)
#   │     nobody: icmpctl reads work; every change exits 1 with
#   │     "Operation not permitted", and nothing changed
#   ├── netns "other" (root's, owned by the initial user ns)
#   └── user ns U (nobody's: unshare --user --map-root-user --net)
#       └── netns N (owned by U)
#             U's root: changes N; cannot setns into "other" or the
#             initial netns; a genetlink socket opened in the initial
#             netns before unshare(CLONE_NEWUSER) cannot change it;
#             the initial netns and "other" read the same afterwards
#
#   reads    nobody reads everything
#   changes  nobody changes nothing
#   userns   a user namespace's root changes its own netns only
#   socket   nor through a socket opened before, nor through setns()
#
# kernel.unprivileged_userns_clone (Debian) is set to 1 for the test and
# restored after.

set -e
source "$(dirname "$0")/lib.sh"
require ip setpriv unshare python3

ALL_TESTS="reads changes userns socket"

# As nobody, no groups, no capabilities.
nobody()
{
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		--bounding-set=-all "$@"
}

state()		# the initial netns (or -n NS) as the module reports it
{
	"$I" "$@" -j config
	"$I" "$@" -j owned list
	"$I" "$@" -j rule list | json "[{k: v for k, v in r.items()
		if k not in ('packets', 'bytes', 'limited')} for r in j['rules']]"
}

# The initial netns holds root's rule and owned prefix while a test
# runs; nobody runs a copy of icmpctl (the repository may not be
# readable).
setup()
{
	ensure_module
	setup_ns other
	tmp=$(mktemp -d /tmp/icmpguard-perms.XXXXXX)
	defer rm -rf "$tmp"
	chmod 755 "$tmp"
	cp "$ICMPCTL" "$tmp/icmpctl"
	I="$tmp/icmpctl"
	printf 'input type 8 drop\n' >"$tmp/rules"
	chmod 644 "$tmp/rules"
	"$I" rule flush
	"$I" owned flush
	defer "$I" owned flush
	defer "$I" rule flush
	# Something for nobody to try to delete.
	"$I" rule add input type 13 drop
	"$I" owned add 192.0.2.0/24
	handle=$("$I" -j rule list | json "j['rules'][0]['handle']")
	before=$(state)
	other_before=$(state -n "$other")
}

# userns_clone: lets nobody create user namespaces for the test
userns_clone()
{
	local was

	[ -e /proc/sys/kernel/unprivileged_userns_clone ] || return 0
	was=$(cat /proc/sys/kernel/unprivileged_userns_clone)
	sysctl -qw kernel.unprivileged_userns_clone=1
	defer sysctl -qw kernel.unprivileged_userns_clone="$was"
}

# unchanged: the initial netns and "other" read as before
unchanged()
{
	check_eq "$(state)" "$before" \
		"the initial netns did not change (config, owned, rules)"
	check_eq "$(state -n "$other")" "$other_before" \
		"netns \"other\" did not change"
}

reads()
{
	local rc cmd

	setup
	rc=0
	[[ $before == *192.0.2.0* && $before == *"'handle': $handle"* ]] || rc=1
	log_test $rc 0 "the state compared lists root's rule and owned prefix"

	for cmd in "stats" "stats show" "config" "show" "owned list" "rule list" \
		   "sources list" "-j stats" "-j config"; do
		rc=0
		# shellcheck disable=SC2086
		nobody "$I" $cmd >/dev/null 2>"$tmp/err" || rc=$?
		log_test $rc 0 "nobody: icmpctl $cmd"
		[ $rc -eq 0 ] || sed 's/^/    /' "$tmp/err"
	done
}

changes()
{
	local rc cmd msg desc

	setup
	# Every change is refused, with a message that says why.
	while read -r cmd; do
		[ -n "$cmd" ] || continue
		rc=0
		# shellcheck disable=SC2086
		nobody "$I" $cmd >/dev/null 2>"$tmp/err" || rc=$?
		msg=$(cat "$tmp/err")
		desc="nobody: icmpctl ${cmd/$tmp\//}: EPERM"
		if [ $rc -eq 1 ] && [[ $msg == *"Operation not permitted"* ]]; then
			log_test 0 0 "$desc"
		else
			log_test 1 0 "$desc"
			echo "    exit $rc: $msg"
		fi
	done <<-EOF
	set timestamp on
	set responder off
	set reply-rate 10 burst 5
	set default-policy input drop
	set flood-limit 10 burst 10 per-source
	set max-sources 16
	stats reset
	owned add 198.51.100.0/24
	owned del 192.0.2.0/24
	owned flush
	rule add input type 8 drop
	rule insert index 0 input type 8 drop
	rule del handle $handle
	rule flush
	rule flush input
	rule replace -f $tmp/rules
	profile router
	profile router apply
	EOF
	check_eq "$(state)" "$before" \
		"nobody changed nothing: configuration, owned prefixes, rules"
}

userns()
{
	local rc out

	setup
	userns_clone
	# A user namespace of nobody's own, with its own network namespace.
	rc=0
	nobody unshare --user --map-root-user --net true 2>"$tmp/err" || rc=$?
	if [ $rc -ne 0 ]; then
		log_test $rc 0 "nobody can create a user namespace"
		sed 's/^/    /' "$tmp/err"
		return 0
	fi

	# In U/N as root: its own namespace changes, nothing else does.
	out=$(nobody unshare --user --map-root-user --net sh -c '
		I=$1 other=$2
		echo "uid $(id -u)"
		"$I" set timestamp on && echo "set: ok"
		"$I" -j config | grep -q "\"timestamp\": *true" && echo "config: on"
		"$I" rule add input type 8 drop >/dev/null && echo "rule add: ok"
		"$I" owned add 198.51.100.0/24 && echo "owned add: ok"
		"$I" stats reset && echo "stats reset: ok"
		"$I" -n "$other" set timestamp on 2>&1 || echo "other: exit $?"
		nsenter --net=/proc/1/ns/net true 2>/dev/null || echo "nsenter init: refused"
	' sh "$I" "$other" 2>&1) || true
	echo "$out" | sed 's/^/    /'
	check_eq "$(echo "$out" | grep -c '^uid 0$')" 1 \
		"in its user namespace nobody is root"
	check_eq "$(echo "$out" | grep -c '^set: ok$')" 1 \
		"user-namespace root: icmpctl set timestamp on in its own netns"
	check_eq "$(echo "$out" | grep -c '^config: on$')" 1 \
		"user-namespace root: icmpctl config shows timestamp on"
	check_eq "$(echo "$out" | grep -cE '^(rule add|owned add|stats reset): ok$')" \
		3 "user-namespace root: rule add, owned add, stats reset"
	check_eq "$(echo "$out" | grep -c 'enter netns.*Operation not permitted')" 1 \
		"user-namespace root: icmpctl -n other is refused (setns)"
	check_eq "$(echo "$out" | grep -c '^other: exit 1$')" 1 \
		"user-namespace root: icmpctl -n other exits 1"
	check_eq "$(echo "$out" | grep -c '^nsenter init: refused$')" 1 \
		"user-namespace root: cannot enter the initial netns"
	unchanged
}

socket()
{
	local rc out

	setup
	userns_clone
	# A socket opened in the initial netns, carried into the user namespace:
	# the family checks the opener's credentials and the sender's, in the
	# netns's owner, so its root is no one there. setns() to the initial netns
	# is refused too; a socket opened in the new netns works.
	cat >"$tmp/userns.py" <<-'EOF'
	import ctypes
	import errno
	import os
	import socket
	import struct

	NETLINK_GENERIC = 16
	NLM_F_REQUEST, NLM_F_ACK = 1, 4
	NLA_F_NESTED = 0x8000
	CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000
	ICMPGUARD_CMD_SET_CONFIG, ICMPGUARD_A_CONFIG = 4, 6
	CFG_A_FLAGS, CFG_A_FLAGS_MASK, F_TIMESTAMP = 1, 2, 1 << 1
	libc = ctypes.CDLL(None, use_errno=True)
	seq = 0


	def attr(t, data):
	    a = struct.pack("=HH", 4 + len(data), t) + data
	    return a + b"\0" * (-len(a) % 4)


	def talk(s, typ, cmd, attrs):
	    """Sends one request; returns (errno, payload of the first reply)."""
	    global seq
	    seq += 1
	    body = struct.pack("=BBH", cmd, 1, 0) + attrs
	    s.send(struct.pack("=IHHII", 16 + len(body), typ,
	                       NLM_F_REQUEST | NLM_F_ACK, seq, 0) + body)
	    first = None
	    while True:
	        buf = s.recv(65536)
	        while len(buf) >= 16:
	            ln, t, _, sq, _ = struct.unpack("=IHHII", buf[:16])
	            if sq == seq:
	                if t == 2:          # NLMSG_ERROR
	                    return -struct.unpack("=i", buf[16:20])[0], first
	                first = first or buf[20:ln]
	            buf = buf[(ln + 3) & ~3:]


	def family(s):
	    err, p = talk(s, 0x10, 3, attr(2, b"icmpguard\0"))
	    while p:
	        ln, t = struct.unpack("=HH", p[:4])
	        if t == 1:
	            return struct.unpack("=H", p[4:6])[0]
	        p = p[(ln + 3) & ~3:]
	    raise SystemExit("family icmpguard: errno %d" % err)


	def timestamp_on(s):
	    cfg = attr(CFG_A_FLAGS, struct.pack("=I", F_TIMESTAMP)) + \
	        attr(CFG_A_FLAGS_MASK, struct.pack("=I", F_TIMESTAMP))
	    err, _ = talk(s, family(s), ICMPGUARD_CMD_SET_CONFIG,
	                  attr(ICMPGUARD_A_CONFIG | NLA_F_NESTED, cfg))
	    return errno.errorcode.get(err, str(err)) if err else "ok"


	def sock():
	    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
	    s.bind((0, 0))
	    return s


	old = sock()
	init_ns = os.open("/proc/self/ns/net", os.O_RDONLY)
	print("before unshare, old socket:", timestamp_on(old))
	if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET):
	    raise SystemExit("unshare: " + os.strerror(ctypes.get_errno()))
	for f, v in (("setgroups", "deny"), ("uid_map", "0 65534 1"),
	             ("gid_map", "0 65534 1")):
	    with open("/proc/self/" + f, "w") as fh:
	        fh.write(v)
	print("uid", os.getuid())
	r = libc.setns(init_ns, CLONE_NEWNET)
	print("setns initial netns:",
	      errno.errorcode[ctypes.get_errno()] if r else "ok")
	print("after unshare, old socket:", timestamp_on(old))
	print("after unshare, new socket:", timestamp_on(sock()))
	EOF
	chmod 644 "$tmp/userns.py"
	rc=0
	out=$(nobody python3 "$tmp/userns.py" 2>&1) || rc=$?
	echo "$out" | sed 's/^/    /'
	log_test $rc 0 "python: socket and setns checks ran"
	check_eq "$(echo "$out" | grep -c '^before unshare, old socket: EPERM$')" 1 \
		"nobody's socket in the initial netns: SET_CONFIG is EPERM"
	check_eq "$(echo "$out" | grep -c '^setns initial netns: EPERM$')" 1 \
		"user-namespace root: setns() to the initial netns is EPERM"
	check_eq "$(echo "$out" | grep -c '^after unshare, old socket: EPERM$')" 1 \
		"user-namespace root: initial-netns socket still EPERM"
	check_eq "$(echo "$out" | grep -c '^after unshare, new socket: ok$')" 1 \
		"user-namespace root: a socket in its own netns may change it"
	unchanged
}

trap cleanup EXIT
run_tests "$@"
