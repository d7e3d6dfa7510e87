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
	"$ICMPCTL" "$@" <"${stdin:-/dev/null}" >"$tmp/out" 2>"$tmp/err"
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

expect $U 'icmpctl: set default-policy: code "5": the directions share one code' \
	set default-policy forward reject code 3 default-policy reject code 5
expect $U 'icmpctl: set: "default-policy forward" given twice' \
	set default-policy forward drop default-policy forward accept
expect $U 'icmpctl: set: "default-policy" given twice' \
	set default-policy input drop default-policy accept
expect $U "icmpctl: set default-policy: expected $policies, got \"sideways\"" \
	set default-policy sideways
expect $U "icmpctl: set default-policy: missing value (expected $policies)" \
	set default-policy forward
expect $U 'icmpctl: set flood-limit: missing rate' set flood-limit
expect $U 'icmpctl: set flood-limit: invalid rate "lots" (expected NUMBER[/s] or "unlimited")' \
	set flood-limit lots
expect $U 'icmpctl: set flood-limit: invalid prefix length in "/33" (expected /1 to /32)' \
	set flood-limit 100 per-source /33
expect $U 'icmpctl: set flood-limit: invalid prefix length in "per-source/0" (expected /1 to /32)' \
	set flood-limit 100 per-source/0
expect $U 'icmpctl: set flood-limit: invalid burst "0" (expected a positive integer)' \
	set flood-limit 100 burst 0 per-source
expect $U 'icmpctl: set: "flood-limit per-source" given twice' \
	set flood-limit 1 per-source flood-limit 2 per-source/24
expect $U 'icmpctl: set: "flood-limit" given twice' set flood-limit 1 flood-limit 2
expect $U 'icmpctl: set: unknown setting "/24"' set flood-limit 1 burst 2 /24
expect $U 'icmpctl: set max-sources: invalid number "15" (expected at least 16)' \
	set max-sources 15
expect $U 'icmpctl: set max-sources: missing number' set max-sources

types='expected 0-255, A-B or a type name'
actions='accept, drop, reject, limit or reply'
expect $U 'icmpctl: rule add: invalid direction "sideways" (expected "input" or "forward")' \
	rule add sideways drop
expect $U "icmpctl: rule add: invalid type \"300\" ($types)" rule add input type 300 drop
expect $U "icmpctl: rule add: invalid type \"1-x\" ($types)" rule add input type 1-x drop
expect $U 'icmpctl: rule add: 10.0.0.1/8: host bits set (did you mean 10.0.0.0/8?)' \
	rule add input from 10.0.0.1/8 drop
expect $U 'icmpctl: rule add: "oif" goes with "forward" only' rule add input oif eth0 drop
expect $U 'icmpctl: rule add: invalid rate "0" (expected NUMBER[/s], at least 1)' \
	rule add input limit 0 drop
expect $U "icmpctl: rule add: code \"4\" $mtu" rule add input reject code 4
expect $U "icmpctl: rule add: unknown word \"frobnicate\" (expected a match or $actions)" \
	rule add input frobnicate
expect $U 'icmpctl: rule add: missing direction (expected "input" or "forward")' rule add
expect $U "icmpctl: rule add: missing action (expected $actions)" rule add forward type 8
expect $U 'icmpctl: rule add: unexpected word "accept" after the action' \
	rule add input drop accept
expect $U 'icmpctl: rule insert: invalid index "x" (expected a number)' \
	rule insert index x input drop
expect $U 'icmpctl: rule insert: missing position after "index"' rule insert index
expect $U "icmpctl: rule insert: missing action (expected $actions)" rule insert index 2 input
expect $U 'icmpctl: rule del: invalid handle "x" (expected a number)' rule del handle x
expect $U 'icmpctl: rule del: missing "handle N"' rule del
expect $U 'icmpctl: rule del: missing number after "handle"' rule delete handle
expect $U 'icmpctl: rule del: expected "handle", got "5"' rule del 5
expect $U 'icmpctl: rule del: unexpected argument "7"' rule del handle 5 7
expect $U 'icmpctl: rule flush: invalid direction "both" (expected "input" or "forward")' \
	rule flush both
expect $U 'icmpctl: rule flush: unexpected argument "input"' rule flush forward input
expect $U 'icmpctl: rule list: unexpected argument "x"' rule list x
expect $U 'icmpctl: rule: unknown command "append"' rule append input drop
expect $R 'icmpctl: rule replace: cannot open "/nonexistent": No such file or directory' \
	rule replace -f /nonexistent
expect $U 'icmpctl: rule replace: missing "-f FILE"' rule replace
expect $U 'icmpctl: rule replace: missing file after "-f"' rule replace -f
expect $U 'icmpctl: rule replace: expected "-f", got "rules.txt"' rule replace rules.txt
expect $U 'icmpctl: rule replace: unexpected argument "more"' rule replace -f - more
printf '# rules\ninput type echo-request accept\n\ninput type 300 drop\n' >"$tmp/bad.rules"
expect $U "icmpctl: $tmp/bad.rules:4: invalid type \"300\" ($types)" \
	rule replace -f "$tmp/bad.rules"
printf 'input drop\ninput drop\nforward oif eth0 length 9-8 drop\n' >"$tmp/bad2.rules"
stdin=$tmp/bad2.rules
expect $U 'icmpctl: <stdin>:3: invalid length "9-8" (expected MIN[-MAX], 0-65535)' \
	rule replace -f -
stdin=

expect $U 'icmpctl: profile: missing profile name (expected "router")' profile
expect $U 'icmpctl: profile: unknown profile "home" (expected "router")' profile home
expect $U 'icmpctl: profile router: unknown command "remove" (expected "apply" or "show")' \
	profile router remove
expect $U 'icmpctl: profile router show: unexpected argument "x"' profile router show x
expect $U 'icmpctl: profile router apply: unexpected argument "x"' profile router apply x

expect $U 'icmpctl: monitor: invalid count "0" (expected a positive integer)' monitor count 0
expect $U 'icmpctl: monitor: missing number after "count"' monitor count
expect $U 'icmpctl: monitor: unexpected argument "now"' monitor now
expect $U 'icmpctl: monitor: unexpected argument "x"' monitor count 1 x
expect $U 'icmpctl: sources: unknown command "x"' sources x
expect $U 'icmpctl: sources: unexpected argument "x"' sources list x

# The router profile needs no module to be shown, and reads back.
if "$ICMPCTL" profile router show >"$tmp/profile" 2>"$tmp/err" &&
   [ ! -s "$tmp/err" ] && [ "$(grep -c '^input ' "$tmp/profile")" = 6 ] &&
   [ "$(grep -c '^forward ' "$tmp/profile")" = 6 ] &&
   "$ICMPCTL" -j profile router show | grep -q '^{"rules":\[{"dir":"input",'
then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "FAIL: icmpctl profile router show"
fi

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
expect_help help rule
expect_help rule help
expect_help rule add help
expect_help profile help
expect_help monitor help
expect_help sources help

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
	expect $R "$missing" set default-policy forward drop flood-limit 1000 per-source/24 \
		flood-limit unlimited burst 5 max-sources 1024
	# What "show" prints of them, given back
	expect $R "$missing" set default-policy input accept \
		default-policy forward reject code admin-prohibited \
		flood-limit 50000 burst 10000 per-source /32 \
		flood-limit 200000 burst 20000 max-sources 65536
	expect $R "$missing" rule
	expect $R "$missing" -j rule list
	expect $R "$missing" rule add input type echo-request limit 10/s per-source
	expect $R "$missing" rule insert index 1 forward oif eth0 reject code 3
	expect $R "$missing" rule insert input type 0-255 accept
	expect $R "$missing" rule del handle 3
	expect $R "$missing" rule flush
	expect $R "$missing" rule flush forward
	expect $R "$missing" rule replace -f "$tmp/profile"
	expect $R "$missing" rule replace -f /dev/null
	expect $R "$missing" profile router
	expect $R "$missing" profile router apply
	expect $R "$missing" sources
	expect $R "$missing" -j sources list
	expect $R "$missing" -s stats
	expect $R "$missing" monitor
	expect $R "$missing" -j -s monitor count 1
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
