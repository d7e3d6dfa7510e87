#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2154,SC2317
#
# The control plane against the real module: save and restore, the
# Prometheus exposition, extended ACKs that name the attribute, large
# dumps, and per-namespace state with module-parameter defaults.
#
#   ns "dut" (icmpguard configured here)    ns "other" (left at defaults)
#   module loaded with timestamp=1 reply_rate=12345
#
#   params        module parameters are a new namespace's defaults
#   save_restore  save -> flush -> -f -> save reproduces a configuration
#                 touching every object
#   bad_file      a file with a bad line applies nothing, and says where
#   prometheus    stats --prometheus, strictly parsed
#   acks          the module's refusals reach the user in one line
#   large_dump    10 000 owned prefixes dump whole
#   isolation     what dut was given, "other" was not
#   atomic        -f replaces the whole configuration in one step: while
#                 two files are applied in turn under a ping flood, every
#                 save a reader takes is one file or the other, never a mix

set -e
source "$(dirname "$0")/lib.sh"
require ip python3

ALL_TESTS="params save_restore bad_file prometheus acks large_dump isolation atomic"

setup()
{
	if [ "$(cat /sys/module/icmpguard/parameters/reply_rate 2>/dev/null)" != 12345 ]; then
		load_module timestamp=1 reply_rate=12345
	fi
	setup_ns dut other
}

ig() { "$ICMPCTL" -n "$dut" "$@"; }

# A configuration touching every object.
configure()
{
	ig set router-mode on error-extensions on timestamp off probe on \
		reply-rate 2000 burst 300 reply-rate-per-dest 500 burst 50 \
		default-policy forward reject code host-prohibited \
		error-source 192.0.2.1 error-rate time-exceeded 77 burst 7 \
		error-rate dest-unreach/port-unreachable 33 \
		flood-limit 999 burst 99 per-source /24 flood-limit 5000 burst 500 \
		max-sources 1024
	ig owned add 198.51.100.0/24
	ig owned add 203.0.113.7
	ig rule add input type echo-request from 10.0.0.0/8 limit 10/s burst 20 per-source /24
	ig rule add forward type dest-unreach code 0-3,13 iif eth0 drop
	ig rule add input length 1000-1500 reject code admin-prohibited
}

# Module parameters are a new namespace's defaults.
params()
{
	setup
	check_eq "$("$ICMPCTL" -n "$other" -j config | json "j['timestamp']")" True \
		"module parameter timestamp=1 is a new namespace's default"
	check_eq "$("$ICMPCTL" -n "$other" -j config | json "j['reply_rate']['rate']")" \
		12345 "module parameter reply_rate=12345 likewise"
}

save_restore()
{
	local rc

	setup
	configure
	ig save >"$TMPDIR/saved"
	ig owned flush
	ig rule flush
	ig set router-mode off reply-rate 1 burst 1 flood-limit unlimited per-source
	ig -f "$TMPDIR/saved" && rc=0 || rc=$?
	log_test $rc 0 "icmpctl -f applies a saved configuration"
	ig save >"$TMPDIR/again"
	diff <(grep -v '^#' "$TMPDIR/saved") <(grep -v '^#' "$TMPDIR/again") \
		>"$TMPDIR/diff" && rc=0 || rc=1
	log_test $rc 0 "save -> flush -> -f -> save reproduces it exactly"
	[ $rc -eq 0 ] || show "$(cat "$TMPDIR/diff")"
}

# A wrong line applies nothing, and the error names file, line and word.
bad_file()
{
	local before out rc

	setup
	configure
	before=$(ig save | grep -v '^#')
	printf 'set timestamp on\nowned add 192.0.2.0/24\nset frobnicate 3\n' \
		>"$TMPDIR/bad"
	out=$(ig -f "$TMPDIR/bad" 2>&1) && rc=0 || rc=$?
	check_eq "$rc" 2 "a file with a bad line: exit 2"
	grep -q "bad:3:.*frobnicate" <<<"$out" && rc=0 || rc=1
	log_test $rc 0 "the error names the file, line 3 and the word"
	check_eq "$(ig save | grep -v '^#')" "$before" "and nothing of the file was applied"
}

# The Prometheus text format, parsed by a strict checker and, where
# installed, the Prometheus client's own parser.
prometheus()
{
	local rc

	setup
	configure
	ip netns exec "$dut" ping -q -c 3 -i 0.05 127.0.0.1 >/dev/null
	ig stats --prometheus >"$TMPDIR/prom"
	python3 "$REPO/tools/prom_check.py" "$TMPDIR/prom" && rc=0 || rc=$?
	log_test $rc 0 "stats --prometheus passes the strict exposition check"
	grep -q '^icmpguard_rx_packets_by_type_total{.*type="8".*} 3$' "$TMPDIR/prom" &&
		rc=0 || rc=1
	log_test $rc 0 "it says 3 echo requests were received"
	if /usr/bin/python3 -c 'import prometheus_client' 2>/dev/null; then
		/usr/bin/python3 - "$TMPDIR/prom" <<'PY' && rc=0 || rc=$?
import sys
from prometheus_client.parser import text_string_to_metric_families
n = sum(len(f.samples) for f in
        text_string_to_metric_families(open(sys.argv[1]).read()))
sys.exit(0 if n > 50 else 1)
PY
		log_test $rc 0 "prometheus_client's parser reads every family"
	fi
}

# The module's refusals reach the user as one line with its reason.
acks()
{
	local out rc

	setup
	out=$(ig rule del handle 999999 2>&1) && rc=0 || rc=$?
	check_eq "$rc" 1 "rule del of a handle that does not exist: exit 1"
	grep -q "no rule has this handle" <<<"$out" && rc=0 || rc=1
	log_test $rc 0 "the module's extended ACK message is shown"
	ig owned add 192.0.2.0/24
	out=$(ig owned add 192.0.2.0/24 2>&1) && rc=0 || rc=$?
	grep -q "already owned" <<<"$out" && [ $rc -eq 1 ] && rc=0 || rc=1
	log_test $rc 0 "adding an owned prefix twice: exit 1, \"already owned\""
	[ "$(wc -l <<<"$out")" -eq 1 ] && rc=0 || rc=1
	log_test $rc 0 "in one line"
}

# Large dumps span several messages: 10 000 owned prefixes.
large_dump()
{
	local i

	setup
	for i in $(seq 0 9999); do
		printf 'owned add 10.%d.%d.0/24\n' $((i / 256 + 100)) $((i % 256))
	done >"$TMPDIR/owned"
	ig -f "$TMPDIR/owned"
	check_eq "$(ig -j owned list | json "len(j['owned'])")" 10000 \
		"10 000 owned prefixes dump whole, across messages"
}

# Namespaces are separate: the other one saw none of this.
isolation()
{
	setup
	configure
	check_eq "$(ig -j owned list | json "len(j['owned'])")" 2 \
		"dut owns its 2 prefixes"
	check_eq "$("$ICMPCTL" -n "$other" -j owned list | json "len(j['owned'])")" 0 \
		"the other namespace owns nothing"
	check_eq "$("$ICMPCTL" -n "$other" -j rule list | json "len(j['rules'])")" 0 \
		"and has no rules"
	check_eq "$("$ICMPCTL" -n "$other" -j config | json "j['router_mode']")" False \
		"and is not in router mode"
}

# conf_file N: a configuration of every object, numbered N
conf_file()
{
	local i

	printf 'config reset\nowned flush\nrule flush\n'
	echo "set reply-rate $((1000 + $1)) burst 100 flood-limit $((2000 + $1)) burst 200"
	echo "set ipv6 flood-limit $((3000 + $1)) burst 300 per-source /56"
	for i in $(seq 1 40); do
		echo "owned add 198.$((18 + $1)).$i.0/24"
		echo "rule add input type echo-request from 10.$1.$i.0/24 drop"
		echo "rule add forward icmpv6 type echo-request from 2001:db8:$1:$i::/64 drop"
	done
}

atomic()
{
	local a b reads=0 mixed=0 writes=0 out end

	setup
	link "$other" o0 10.77.0.1/24 "$dut" d0 10.77.0.2/24
	conf_file 1 >"$TMPDIR/a"
	conf_file 2 >"$TMPDIR/b"
	ig -f "$TMPDIR/a"
	a=$(ig save | grep -v '^#')
	ig -f "$TMPDIR/b"
	b=$(ig save | grep -v '^#')
	check_true "the two configurations differ" [ "$a" != "$b" ]
	run_bg ip netns exec "$other" ping -q -f -w 30 10.77.0.2 >/dev/null 2>&1
	(
		end=$(($(date +%s) + 10))
		while [ "$(date +%s)" -lt "$end" ]; do
			"$ICMPCTL" -n "$dut" -f "$TMPDIR/a"
			"$ICMPCTL" -n "$dut" -f "$TMPDIR/b"
			echo x
		done >"$TMPDIR/writes"
	) &
	end=$(($(date +%s) + 10))
	while [ "$(date +%s)" -lt "$end" ]; do
		out=$(ig save | grep -v '^#')
		reads=$((reads + 1))
		[ "$out" = "$a" ] || [ "$out" = "$b" ] || mixed=$((mixed + 1))
	done
	wait $!
	writes=$(wc -l <"$TMPDIR/writes")
	check_true "the reader took $reads saves (>= 5)" [ "$reads" -ge 5 ]
	check_true "the writer applied $writes pairs of files (>= 5)" \
		[ "$writes" -ge 5 ]
	check_eq "$mixed" 0 "none of $reads saves was a mix of the two files"
}

trap cleanup EXIT
run_tests "$@"
