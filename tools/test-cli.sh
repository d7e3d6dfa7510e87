#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Command line tests of icmpctl that need no module: usage errors, help,
# the missing namespace and, where the module is not loaded, the missing
# module. Every error must be one line on stderr, nothing on stdout.
#
# Its one argument is the icmpctl to test, ./icmpctl by default.

ICMPCTL=${1:-./icmpctl}
pass=0
fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# expect STATUS STDERR-LINE ARGS...: STDERR-LINE exactly, stdout empty.
expect() {
	want_rc=$1
	want_err=$2
	shift 2
	"$ICMPCTL" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	got_err=$(cat "$tmp/err")
	if [ "$rc" = "$want_rc" ] && [ "$got_err" = "$want_err" ] &&
	   [ "$(wc -l <"$tmp/err")" -eq 1 ] && [ ! -s "$tmp/out" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: icmpctl $*"
		echo "  want status $want_rc, stderr: $want_err"
		echo "  got  status $rc, stderr: $got_err"
		[ -s "$tmp/out" ] && echo "  stdout: $(cat "$tmp/out")"
	fi
}

# expect_help ARGS...: status 0, usage on stdout, stderr empty.
expect_help() {
	"$ICMPCTL" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" = 0 ] && grep -q '^Usage' "$tmp/out" && [ ! -s "$tmp/err" ]
	then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: icmpctl $* (status $rc)"
	fi
}

U=2	# usage error
R=1	# runtime error

expect $U 'icmpctl: missing object (try "icmpctl help")'
expect $U 'icmpctl: unknown object "foo"' foo
expect $U 'icmpctl: unknown option "-x"' -x stats
expect $U 'icmpctl: unknown option "--bogus"' --bogus stats
expect $U 'icmpctl: option "-n" needs an argument' -n
expect $U 'icmpctl: invalid netns name "a/b"' -n a/b stats
expect $U 'icmpctl: stats: unknown command "bar"' stats bar
expect $U 'icmpctl: stats: unexpected argument "-j" (options go before the object)' stats -j
expect $U 'icmpctl: stats reset: unexpected argument "now"' stats reset now
expect $U 'icmpctl: config: unexpected argument "x"' config show x
expect $U 'icmpctl: help: unknown object "foo"' help foo
expect $U 'icmpctl: set: missing setting (try "icmpctl set help")' set
expect $U 'icmpctl: set: unknown setting "bar"' set bar on
expect $U 'icmpctl: set timestamp: expected "on" or "off", got "maybe"' set timestamp maybe
expect $U 'icmpctl: set timestamp: missing value (expected "on" or "off")' set probe on timestamp
expect $U 'icmpctl: set: "probe" given twice' set probe on probe off
expect $U 'icmpctl: set reply-rate: missing rate' set reply-rate
expect $U 'icmpctl: set reply-rate: invalid rate "fast" (expected NUMBER[/s] or "unlimited")' \
	set reply-rate fast
expect $U 'icmpctl: set reply-rate: invalid rate "5/min" (expected NUMBER[/s] or "unlimited")' \
	set reply-rate 5/min
expect $U 'icmpctl: set reply-rate-per-dest: missing burst' set reply-rate-per-dest 10 burst
expect $U 'icmpctl: set reply-rate: invalid burst "0" (expected a positive integer)' \
	set reply-rate 10/s burst 0
expect $U 'icmpctl: set: "reply-rate" given twice' set reply-rate 1 reply-rate 2
expect $U 'icmpctl: set: unknown setting "burst"' set timestamp on burst 5
expect $U 'icmpctl: set router-mode: expected "on" or "off", got "yes"' set router-mode yes
expect $U 'icmpctl: set: "error-extensions" given twice' \
	set error-extensions on error-extensions off
policies='"accept", "drop" or "reject"'
expect $U "icmpctl: set default-policy: expected $policies, got \"maybe\"" \
	set default-policy maybe
expect $U "icmpctl: set default-policy: missing value (expected $policies)" \
	set default-policy
mtu='cannot reject (frag-needed needs an MTU)'
expect $U "icmpctl: set default-policy: code \"4\" $mtu" set default-policy reject code 4
expect $U "icmpctl: set default-policy: code \"frag-needed\" $mtu" \
	set default-policy reject code frag-needed
expect $U 'icmpctl: set default-policy: "code" goes with "reject" only, not "accept"' \
	set default-policy accept code 3
codes='expected 0-15 or a dest-unreach code name'
expect $U "icmpctl: set default-policy: invalid code \"16\" ($codes)" \
	set default-policy reject code 16
expect $U "icmpctl: set default-policy: invalid code \"ttl-exceeded\" ($codes)" \
	set default-policy reject code ttl-exceeded
expect $U 'icmpctl: set default-policy: missing code' set default-policy reject code
expect $U 'icmpctl: set: "default-policy" given twice' \
	set default-policy drop default-policy accept
types='expected dest-unreach, time-exceeded, parameter-problem, 3, 11 or 12'
expect $U "icmpctl: set error-rate: invalid type \"8\" ($types)" set error-rate 8 100
expect $U "icmpctl: set error-rate: invalid type \"echo\" ($types)" set error-rate echo/0 100
codes='dest-unreach codes are 0-15 or their names'
expect $U "icmpctl: set error-rate: invalid code in \"3/99\" ($codes)" set error-rate 3/99 100
codes='time-exceeded codes are 0-1 or their names'
expect $U "icmpctl: set error-rate: invalid code in \"time-exceeded/2\" ($codes)" \
	set error-rate time-exceeded/2 100
expect $U 'icmpctl: set error-rate: missing error type' set error-rate
expect $U 'icmpctl: set error-rate: missing rate' set error-rate 3/4
expect $U 'icmpctl: set error-rate: invalid rate "fast" (expected NUMBER[/s] or "unlimited")' \
	set error-rate 11 fast
expect $U 'icmpctl: set error-rate: invalid burst "0" (expected a positive integer)' \
	set error-rate 12 10 burst 0
expect $U 'icmpctl: set: "error-rate dest-unreach/frag-needed" given twice' \
	set error-rate 3/4 unlimited error-rate dest-unreach/frag-needed 10
expect $U 'icmpctl: set error-source: invalid address "1.2.3" (expected A.B.C.D or "auto")' \
	set error-source 1.2.3
expect $U 'icmpctl: set error-source: missing address (expected A.B.C.D or "auto")' \
	set error-source
expect $U 'icmpctl: set: "error-source" given twice' set error-source auto error-source 192.0.2.1
expect $U 'icmpctl: owned add: missing prefix' owned add
expect $U 'icmpctl: invalid prefix "300.1.1.1/24"' owned add 300.1.1.1/24
expect $U 'icmpctl: invalid prefix "192.0.2.0/33"' owned del 192.0.2.0/33
expect $U 'icmpctl: 192.0.2.1/24: host bits set (did you mean 192.0.2.0/24?)' owned add 192.0.2.1/24
expect $U 'icmpctl: owned add: unexpected argument "extra"' owned add 192.0.2.0/24 extra
expect $U 'icmpctl: owned: unknown command "remove"' owned remove 192.0.2.0/24
expect $U 'icmpctl: owned list: unexpected argument "x"' owned list x

# Usage errors come before the namespace is entered.
expect $U 'icmpctl: unknown object "foo"' -n icmpctl-no-such-netns foo

expect_help help
expect_help -h
expect_help --help
expect_help help owned
expect_help stats help
expect_help set help
expect_help owned add help
expect_help show help

if "$ICMPCTL" -V | grep -q '^icmpctl '; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "FAIL: icmpctl -V"
fi

expect $R 'icmpctl: cannot open netns "icmpctl-no-such-netns": No such file or directory' \
	-n icmpctl-no-such-netns stats

if [ -d /sys/module/icmpguard ]; then
	echo "SKIP: the module is loaded: not testing its absence"
else
	missing='icmpctl: the icmpguard module is not loaded (insmod icmpguard.ko)'
	expect $R "$missing" stats
	expect $R "$missing" -j stats
	expect $R "$missing" -s stats show
	expect $R "$missing" stats reset
	expect $R "$missing" show
	expect $R "$missing" config
	expect $R "$missing" set timestamp on probe on
	expect $R "$missing" set reply-rate unlimited
	expect $R "$missing" set router-mode on error-extensions off
	expect $R "$missing" set default-policy reject code admin-prohibited
	expect $R "$missing" set default-policy drop error-source auto
	expect $R "$missing" set error-source 192.0.2.1
	expect $R "$missing" set error-rate dest-unreach 1000 burst 100 \
		error-rate dest-unreach/frag-needed unlimited burst 1 \
		error-rate 11/0 500/s error-rate parameter-problem 10
	expect $R "$missing" owned
	expect $R "$missing" -j owned list
	expect $R "$missing" owned add 192.0.2.0/24
	expect $R "$missing" owned del 192.0.2.0/24
	expect $R "$missing" owned flush
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
