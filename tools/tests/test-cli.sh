#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Command line tests of icmpctl that need no module: usage errors, help,
# the missing namespace and, where the module is not loaded, the missing
# module: every command, of both families, reaches the point where it
# asks the module. Every error must be one line on stderr, nothing on
# stdout.
#
# Its arguments are the icmpctl to test, ./icmpctl by default, and the unit
# test program, whose "prom-sample" output (the Prometheus text of
# hand-made replies) prom_check.py checks; without it, that is skipped.

ICMPCTL=${1:-./icmpctl}
TEST_PROGRAM=${2:-}
here=$(dirname "$0")
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

# ok WHAT COMMAND...: COMMAND must succeed.
ok() {
	what=$1
	shift
	if "$@"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $what"
	fi
}

# expect_help ARGS...: status 0, usage on stdout, stderr empty; with
# $want set, a line of the usage must match it.
expect_help() {
	"$ICMPCTL" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" = 0 ] && grep -q '^Usage' "$tmp/out" &&
	   [ ! -s "$tmp/err" ] && grep -q -- "${want:-.}" "$tmp/out"
	then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: icmpctl $* (status $rc)"
	fi
}

U=2	# usage error
R=1	# runtime error
rate_words='(expected NUMBER[/s] up to 1000000000, or "unlimited")'

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
expect $U "icmpctl: set reply-rate: invalid rate \"fast\" $rate_words" \
	set reply-rate fast
expect $U "icmpctl: set reply-rate: invalid rate \"5/min\" $rate_words" \
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
expect $U "icmpctl: set error-rate: invalid rate \"fast\" $rate_words" \
	set error-rate 11 fast
expect $U 'icmpctl: set error-rate: invalid burst "0" (expected a positive integer)' \
	set error-rate 12 10 burst 0
expect $U 'icmpctl: set: "error-rate dest-unreach/frag-needed" given twice' \
	set error-rate 3/4 unlimited error-rate dest-unreach/frag-needed 10
expect $U 'icmpctl: set error-source: invalid address "1.2.3" (expected an address or "auto")' \
	set error-source 1.2.3
expect $U 'icmpctl: set error-source: missing address (expected an address or "auto")' \
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
expect $U "icmpctl: set flood-limit: invalid rate \"lots\" $rate_words" \
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
expect $U 'icmpctl: set max-sources: invalid number "15" (expected 16 to 1048576)' \
	set max-sources 15
expect $U 'icmpctl: set max-sources: invalid number "1048577" (expected 16 to 1048576)' \
	set max-sources 1048577
expect $U "icmpctl: set reply-rate: invalid rate \"1000000001\" $rate_words" \
	set reply-rate 1000000001
expect $U 'icmpctl: set default-policy: missing code' set default-policy code
reject_codes='expected 0-15 or a dest-unreach code name'
expect $U "icmpctl: set default-policy: invalid code \"99\" ($reject_codes)" \
	set default-policy code 99
expect $U 'icmpctl: set default-policy: code "5": the directions share one code' \
	set default-policy code 3 default-policy forward reject code 5
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
expect $U 'icmpctl: rule add: invalid rate "0" (expected NUMBER[/s], 1 to 1000000000)' \
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

# icmpctl -f FILE: every line read and checked before anything is sent
only='only set, config reset, owned add/del/flush, rule add/insert/del/flush and profile router are'
printf 'set probe on\n# a comment\n\nset reply-rate fast\n' >"$tmp/b1"
bad_rate="invalid rate \"fast\" $rate_words"
expect $U "icmpctl: $tmp/b1:4: set reply-rate: $bad_rate" -f "$tmp/b1"
expect $U "icmpctl: $tmp/b1:4: set reply-rate: $bad_rate" --batch "$tmp/b1"
expect $U "icmpctl: $tmp/b1:4: set reply-rate: $bad_rate" --batch="$tmp/b1"
# Read before the namespace is entered, and the module looked for
expect $U "icmpctl: $tmp/b1:4: set reply-rate: $bad_rate" \
	-n icmpctl-no-such-netns -f "$tmp/b1"
stdin=$tmp/b1
expect $U "icmpctl: <stdin>:4: set reply-rate: $bad_rate" -f -
stdin=
expect $R 'icmpctl: cannot open "/nonexistent": No such file or directory' \
	-f /nonexistent
expect $U 'icmpctl: option "-f" needs an argument' -f
expect $U 'icmpctl: -f: unexpected argument "stats"' -f "$tmp/b1" stats
batch_line() {	# STATUS MESSAGE LINE: LINE, alone in a file, refused
	printf '%s\n' "$3" >"$tmp/b2"
	expect "$1" "icmpctl: $tmp/b2:1: $2" -f "$tmp/b2"
}
batch_line $U "\"stats show\" is not allowed in a file: it changes nothing ($only)" \
	'stats show'
batch_line $U "\"stats reset\" is not allowed in a file: it is no configuration ($only)" \
	'stats reset'
batch_line $U "\"show\" is not allowed in a file: it changes nothing ($only)" show
batch_line $U "\"monitor\" is not allowed in a file: it changes nothing ($only)" monitor
batch_line $U "\"owned list\" is not allowed in a file: it changes nothing ($only)" \
	'owned list'
batch_line $U "\"rule list\" is not allowed in a file: it changes nothing ($only)" rule
batch_line $U "\"profile router show\" is not allowed in a file: it changes nothing ($only)" \
	'profile router show'
write='(write "rule flush", then its rules as "rule add")'
batch_line $U "\"rule replace\" is not allowed in a file $write" \
	'rule replace -f x'
batch_line $U 'unknown object "icmpctl" (write the commands without it)' \
	'icmpctl set probe on'
batch_line $U 'options are not allowed in a file ("-j")' '-j set probe on'
batch_line $U 'set: "probe" given twice' 'set probe on probe off'
batch_line $U 'rule add: unexpected word "accept" after the action' \
	'rule add input drop accept   # comment'
batch_line $U '192.0.2.1/24: host bits set (did you mean 192.0.2.0/24?)' \
	'owned add 192.0.2.1/24'
batch_line $U '2001:db8::1/64: host bits set (did you mean 2001:db8::/64?)' \
	'owned add 2001:db8::1/64'
batch_line $U 'rule add: "2001:db8::/32" is ipv6 but the rule is ipv4' \
	'rule add input icmp from 2001:db8::/32 drop'
batch_line $U 'options are not allowed in a file ("-6")' '-6 set probe on'
batch_line $U 'config reset: unexpected argument "now"' 'config reset now'
# A setting on two lines: the later wins, not an error
printf 'set probe on\nset probe off reply-rate 5\nset reply-rate 6\n' >"$tmp/b4"
: >"$tmp/empty"
printf '# nothing but comments\n\n' >"$tmp/comments"
for f in "$tmp/empty" "$tmp/comments"; do
	ok "icmpctl -f $(basename "$f"): nothing to do, nothing said" \
		sh -c '"$1" -f "$2" >"$3/out" 2>&1 && [ ! -s "$3/out" ]' \
		sh "$ICMPCTL" "$f" "$tmp"
done

expect $U 'icmpctl: stats prometheus: unexpected argument "x"' stats prometheus x
expect $U 'icmpctl: stats prometheus: prints the Prometheus format, not JSON (drop -j)' \
	-j stats --prometheus
expect $U 'icmpctl: save: unexpected argument "x"' save x
expect $U 'icmpctl: save: prints icmpctl commands, not JSON (drop -j)' -j save
expect $U 'icmpctl: save: saves both families, which it flushes first (drop -4, -6)' -6 save

# IPv6's words
expect $U 'icmpctl: set flood-limit: invalid prefix length in "/65" (expected /1 to /64)' \
	set ipv6 flood-limit 1 per-source /65
expect $U 'icmpctl: set flood-limit: invalid prefix length in "/65" (expected /1 to /64)' \
	-6 set flood-limit 1 per-source /65
expect $U 'icmpctl: set default-policy: invalid code "no-route" (expected 0-15 or a dest-unreach code name)' \
	set default-policy reject code no-route
expect $U 'icmpctl: set error-source: invalid address "2001:db8::1" (expected an IPv4 address or "auto")' \
	-4 set error-source 2001:db8::1
expect $U 'icmpctl: set error-rate: invalid type "dest-unreach" (expected destination-unreachable, packet-too-big, time-exceeded, parameter-problem, 1, 2, 3 or 4)' \
	set ipv6 error-rate dest-unreach 5
expect $U 'icmpctl: rule add: invalid type "dest-unreach" (expected 0-255, A-B or a type name)' \
	rule add input icmpv6 type dest-unreach drop
expect $U 'icmpctl: rule add: invalid code "host-prohibited" (expected 0-6 or a destination-unreachable code name)' \
	rule add input icmpv6 reject code host-prohibited
expect $U 'icmpctl: rule add: missing "}" after "type"' \
	rule add forward icmpv6 type { 1-4, 128, 129 accept
expect $U 'icmpctl: invalid prefix "2001:db8::/129"' owned add 2001:db8::/129
expect $U 'icmpctl: 2001:db8:ff::1/48: host bits set (did you mean 2001:db8:ff::/48?)' \
	owned add 2001:db8:ff::1/48
expect $U 'icmpctl: config reset: unexpected argument "x"' config reset x

# The Prometheus text, and the checker, which must refuse what is wrong
py=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import prometheus_client' 2>/dev/null; then
		py=$p
		break
	fi
done
if [ -z "$py" ] && command -v python3 >/dev/null; then
	py=python3
	echo "SKIP: prometheus_client is not installed (python3-prometheus-client)"
fi
if [ -z "$py" ]; then
	echo "SKIP: no python3: the Prometheus text is not checked"
elif [ -z "$TEST_PROGRAM" ]; then
	echo "SKIP: no unit test program given: the Prometheus text is not checked"
else
	"$TEST_PROGRAM" prom-sample >"$tmp/sample.prom"
	ok "prom_check.py: the output of stats prometheus" \
		"$py" "$here/../prom_check.py" "$tmp/sample.prom"
	# Each of these must be refused
	n=0
	while IFS= read -r bad; do
		n=$((n + 1))
		printf '%b' "$bad" >"$tmp/bad$n.prom"
		ok "prom_check.py refuses: $bad" \
			sh -c '! "$1" "$2" "$3" >/dev/null' sh "$py" \
			"$here/../prom_check.py" "$tmp/bad$n.prom"
	done <<-'EOF'
	a_total 1\n
	# TYPE a_total counter\na_total 1\n
	# HELP a_total x\na_total 1\n
	# HELP a x\n# TYPE a gauge\na 1\na 2\n
	# HELP a x\n# TYPE a gauge\n# HELP b x\n# TYPE b gauge\nb 1\na 1\n
	# HELP a x\n# TYPE a gauge\na{x="1"} 1\n# HELP b x\n# TYPE b gauge\nb 1\na{x="2"} 1\n
	# HELP 1a x\n# TYPE 1a gauge\n1a 1\n
	# HELP a x\n# TYPE a gauge\na{1x="1"} 1\n
	# HELP a x\n# TYPE a gauge\na{x="1} 1\n
	# HELP a x\n# TYPE a gauge\na{x="\\q"} 1\n
	# HELP a x\n# TYPE a gauge\na{x="1",x="2"} 1\n
	# HELP a x\n# TYPE a gauge\na one\n
	# HELP a x\n# TYPE a gauge\na\n
	# HELP a x\n# TYPE a counter\na -1\n
	# HELP a x\n# TYPE a meter\na 1\n
	# HELP a x\n# HELP a y\n# TYPE a gauge\na 1\n
	# HELP a x\n# TYPE a gauge\n# TYPE a gauge\na 1\n
	# HELP a x\n# TYPE a gauge\na 1
	# HELP a x\n# TYPE a gauge\na{x="1"}1\n
	EOF
fi

# The router profile needs no module to be shown, and reads back.
if "$ICMPCTL" profile router show >"$tmp/profile" 2>"$tmp/err" &&
   [ ! -s "$tmp/err" ] && [ "$(grep -c '^input ' "$tmp/profile")" = 17 ] &&
   [ "$(grep -c '^forward ' "$tmp/profile")" = 12 ] &&
   [ "$("$ICMPCTL" -6 profile router show | grep -c '^[a-z]')" = 17 ] &&
   [ "$("$ICMPCTL" -4 profile router show | grep -c '^[a-z].* icmpv6 ')" = 0 ] &&
   "$ICMPCTL" -j profile router show |
	grep -q '^{"rules":\[{"family":"ipv4","dir":"input",'
then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "FAIL: icmpctl profile router show"
fi

# Usage errors come before the namespace is entered.
expect $U 'icmpctl: unknown object "foo"' -n icmpctl-no-such-netns foo

expect_help help
want='^Exit status: 0 success, 1 error, 2 usage error' expect_help help
want='-f, --batch FILE' expect_help --help
h=help
expect_help help $h
expect_help help save
expect_help save help
want='icmpctl stats prometheus' expect_help stats prometheus help
want='also "icmpctl stats --prometheus"' expect_help help stats prometheus
want='^RULE := ' expect_help rule add help
want='^RULE := ' expect_help help rule add
want='^RULE := ' expect_help rule insert help
want='^SETTING := ' expect_help help set
want='default-policy code CODE' expect_help set help
want='icmpctl profile router' expect_help profile router help
want='icmpctl monitor' expect_help monitor count help
want='icmpctl owned del PREFIX' expect_help owned del help
want='icmpctl rule del handle N' expect_help help rule delete
expect $U 'icmpctl: help: rule: unknown command "bogus"' help rule bogus
expect $U 'icmpctl: help: unknown object "bogus"' help bogus rule
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
expect $R 'icmpctl: cannot open netns "icmpctl-no-such-netns": No such file or directory' \
	-n icmpctl-no-such-netns -f "$tmp/b4"

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
	# What the module refuses, not icmpctl: not a word's error
	expect $R "$missing" set error-source 127.0.0.1
	expect $R "$missing" set error-source 255.255.255.255 error-source ff02::1
	expect $R "$missing" set ipv6 flood-limit 5000 burst 500 per-source /56 \
		flood-limit 100000 error-source auto default-policy code no-route \
		error-rate packet-too-big unlimited burst 1
	expect $R "$missing" -6 set flood-limit shared
	expect $R "$missing" config reset
	expect $R "$missing" -6 stats
	expect $R "$missing" -4 -j stats
	expect $R "$missing" -6 owned list
	expect $R "$missing" -6 rule list
	expect $R "$missing" -6 sources
	expect $R "$missing" -6 monitor count 1
	expect $R "$missing" -6 show
	expect $R "$missing" owned add 2001:db8:ff::/48
	expect $R "$missing" owned del ::ffff:192.0.2.0/120
	expect $R "$missing" rule add input icmpv6 type echo-request limit 10/s per-source
	expect $R "$missing" rule add forward icmpv6 type { 1-4, 128, 129 } accept
	expect $R "$missing" rule add forward icmpv6 type {1-4,128,129} accept
	expect $R "$missing" rule add forward icmpv6 type 1-4,128,129 accept
	expect $R "$missing" rule add input from 2001:db8::/32 reject code policy-fail
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
	expect $R "$missing" stats prometheus
	expect $R "$missing" stats --prometheus
	expect $R "$missing" save
	expect $R "$missing" -f "$tmp/b4"
	printf 'profile router\nrule add input drop\nowned del 192.0.2.0/24\nrule del handle 3\n' \
		>"$tmp/b5"
	stdin=$tmp/b5
	expect $R "$missing" -f -
	stdin=
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
