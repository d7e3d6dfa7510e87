#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The YNL spec proven by a real client: the kernel's own YNL CLI
# (tools/net/ynl/cli.py, from Debian's linux-source-6.12, unpacked into
# .cache by make -C selftests, never into the repository) drives every do and dump
# operation of the family through Documentation/netlink/specs/icmpguard.yaml
# against the module, and every answer must be what icmpctl -j says: the
# same values, read through another client and another description of the
# family. The spec is validated against the schema of genetlink-legacy
# when python3-jsonschema is installed.
#
#   ns "dut" (lo up, a few pings of each family for counters)

set -e
source "$(dirname "$0")/lib.sh"
require ip ping python3 tar

YNL=$REPO/.cache/ynl
SPEC=$REPO/Documentation/netlink/specs/icmpguard.yaml
dut="ig-ynl-$nsuffix"

# Unpacked by the build (make -C selftests), on the host.
if [ ! -e "$YNL/tools/net/ynl/cli.py" ]; then
	echo "FAIL: $YNL is not unpacked: make -C selftests (needs linux-source-6.12)"
	exit 1
fi

# A python3 with PyYAML, with jsonschema if one has it.
py=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import yaml, jsonschema' 2>/dev/null; then
		py=$p
		break
	fi
	"$p" -c 'import yaml' 2>/dev/null && [ -z "$py" ] && py=$p
done
if [ -z "$py" ]; then
	echo "SKIP: no python3 with PyYAML (python3-yaml)"
	exit $ksft_skip
fi

cleanup()
{
	ip netns del "$dut" 2>/dev/null || true
	unload_module
}
trap cleanup EXIT

ip netns add "$dut"
ip -n "$dut" link set lo up
load_module
ip netns exec "$dut" ping -q -c 3 -i 0.05 127.0.0.1 >/dev/null
ip netns exec "$dut" ping -q -c 2 -i 0.05 ::1 >/dev/null

rc=0
ip netns exec "$dut" "$py" - "$YNL" "$SPEC" "$ICMPCTL" <<'PY' || rc=$?
import ipaddress
import json
import subprocess
import sys

ynl_dir, spec, icmpctl = sys.argv[1:4]
schema = ynl_dir + "/Documentation/netlink/genetlink-legacy.yaml"
failed = 0

try:
    import jsonschema  # noqa: F401 (cli.py validates the spec with it)
    schema_args = ["--schema", schema]
    print("# the spec is validated against the genetlink-legacy schema")
except ImportError:
    schema_args = ["--no-schema"]
    print("# python3-jsonschema missing: the spec is not validated")


def check(ok, what, *detail):
    global failed
    print("TEST: %-64s [%s]" % (what, " OK " if ok else "FAIL"))
    if not ok:
        failed = 1
        for d in detail:
            print("#   %s" % (d,))


def ynl(mode, op, attrs=None):
    """cli.py --do or --dump of op: its answer, decoded. The spec is
    validated by the first call only: under TCG, jsonschema takes
    seconds a call, and the spec does not change between calls."""
    global schema_args
    cmd = [sys.executable, ynl_dir + "/tools/net/ynl/cli.py", "--spec", spec,
           *schema_args, "--" + mode, op, "--output-json"]
    schema_args = ["--no-schema"]
    if attrs is not None:
        cmd += ["--json", json.dumps(attrs)]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError("cli.py %s %s: %s%s" % (mode, op, out.stdout,
                                                   out.stderr))
    return json.loads(out.stdout) if out.stdout.strip() else None


def ctl(*args):
    """icmpctl -j ARGS, decoded."""
    return json.loads(subprocess.check_output([icmpctl, "-j", *args]))


def one(v):
    """A multi-attr attribute the answer has once."""
    return v[0] if isinstance(v, list) else v


def u(name):
    return name.replace("-", "_")


def bits(hexmap):
    raw = bytes.fromhex(hexmap)
    return [n for n in range(256) if raw[n // 8] >> (n % 8) & 1]


def bitmap(items):
    raw = bytearray(32)
    for n in items:
        raw[n // 8] |= 1 << (n % 8)
    return raw.hex()


def pfx(p):
    """A prefix of an answer (the spec's display hints made its address
    a string), in icmpctl's words."""
    return "%s/%d" % (p.get("addr6", p.get("addr")), p["plen"])


def addr4(a):
    return int(ipaddress.IPv4Address(a))


def addr6(a):
    return ipaddress.IPv6Address(a).packed.hex()


# GET_STATS, of each family, against icmpctl stats
def stats():
    both = ctl("stats")
    for af, top in ((2, both), (10, both["ipv6"])):
        s = ynl("do", "get-stats", {"family": af})
        name = "get-stats family %d" % af
        check(s["family"] == af, name + ": its family")
        diff = [k for k, v in s["counters"].items()
                if top["counters"].get(u(k)) != v] + \
               [k for k, v in s["drops"].items()
                if top["drops"].get(u(k)) != v]
        check(not diff, name + ": every counter, every drop", diff)
        for key, entry in (("rx-types", "type-entry"),
                           ("tx-types", "type-entry")):
            got = sorted((e["type"], e["packets"], e["bytes"])
                         for e in s.get(key, {}).get(entry, []))
            want = sorted((e["type"], e["packets"], e["bytes"])
                          for e in top[u(key)])
            check(got == want, "%s: %s" % (name, key), got, want)
        got = sorted((e["type"], e["code"], e["sent"], e["limited"])
                     for e in s.get("errors", {}).get("error-entry", []))
        want = sorted((e["type"], e["code"], e["sent"], e["limited"])
                      for e in top.get("errors", []))
        check(got == want, name + ": errors", got[:3], want[:3])
    check(both["counters"]["rx_packets"] >= 3 and
          both["ipv6"]["counters"]["rx_packets"] >= 2,
          "the pings of each family are counted")


# Where icmpctl -j config has each attribute of the config nest
CONFIG = {
    "reply-rate": ("reply_rate", "rate"), "reply-burst": ("reply_rate", "burst"),
    "dest-rate": ("reply_rate_per_dest", "rate"),
    "dest-burst": ("reply_rate_per_dest", "burst"),
    "policy": ("default_policy",), "forward-policy": ("forward_policy",),
    "reject-code": ("reject_code",),
    "flood-rate": ("flood_limit_per_source", "rate"),
    "flood-burst": ("flood_limit_per_source", "burst"),
    "flood-plen": ("flood_limit_per_source", "plen"),
    "global-rate": ("flood_limit", "rate"),
    "global-burst": ("flood_limit", "burst"),
    "max-sources": ("max_sources",),
    "reject-code6": ("ipv6", "reject_code"),
    "flood6-rate": ("ipv6", "flood_limit_per_source", "rate"),
    "flood6-burst": ("ipv6", "flood_limit_per_source", "burst"),
    "flood-plen6": ("ipv6", "flood_limit_per_source", "plen"),
    "global6-rate": ("ipv6", "flood_limit", "rate"),
    "global6-burst": ("ipv6", "flood_limit", "burst"),
}


def config(what):
    c = one(ynl("do", "get-config")["config"])
    j = ctl("config")
    diff = []
    for attr, path in CONFIG.items():
        v = j
        for k in path:
            v = v[k]
        if c[attr] != v:
            diff.append("%s: %s, icmpctl %s" % (attr, c[attr], v))
    for flag in ("responder", "timestamp", "probe", "broadcast-echo",
                 "router-mode", "error-extensions"):
        if (flag in c["flags"]) != j[u(flag)]:
            diff.append("flag " + flag)
    if ("global-per-family" in c["flags"]) == j["ipv6"]["flood_limit"]["shared"]:
        diff.append("flag global-per-family")
    src4 = c["error-source"]
    src6 = c["error-source6"]
    if j["error_source"] != ("auto" if src4 == "0.0.0.0" else src4) or \
       j["ipv6"]["error_source"] != ("auto" if src6 == "::" else src6):
        diff.append("error sources %s %s" % (src4, src6))
    rates = {(e.get("family", 2), e["type"], e["code"]): (e["rate"], e["burst"])
             for e in c["error-rates"]["error-rate"]}
    want = {(f, e["type"], e["code"]): (e["rate"], e["burst"])
            for f, l in ((2, j["error_rates"]), (10, j["ipv6"]["error_rates"]))
            for e in l}
    if rates != want:
        diff.append("error rates")
    check(not diff and rates, what, *diff)
    return c


def owned(what):
    got = sorted(pfx(one(m["prefix"])) for m in ynl("dump", "get-owned"))
    want = sorted(ctl("owned", "list")["owned"])
    check(got == want, what, got, want)
    return got


def rules(what):
    got = ynl("dump", "get-rules")
    want = {r["handle"]: r for r in ctl("rule", "list")["rules"]}
    diff = []
    for m in got:
        r = one(m["rule"])
        w = want.pop(r["handle"], None)
        fam = "ipv6" if r.get("family") == 10 else "ipv4"
        if w is None or w["family"] != fam or w["dir"] != r["dir"] or \
           w["action"] != r["action"] or w["packets"] != r["packets"] or \
           (w["types"] or None) != (bits(r["types"]) if "types" in r
                                    else None) or \
           w["from"] != (pfx(r["src"]) if "src" in r else None):
            diff.append((r, w))
    check(not diff and not want, what, *diff, *want.values())
    return [one(m["rule"])["handle"] for m in got]


stats()
c = config("get-config: every setting as icmpctl shows it")

ynl("do", "set-config", {"config": {
    "reply-rate": 777, "reply-burst": 77, "flood6-rate": 1234,
    "flood-plen6": 48, "reject-code6": 4, "global6-rate": 999,
    "flags": 1 << 6, "flags-mask": 1 << 6,
    "error-source6": addr6("2001:db8::1"),
    "error-rates": {"error-rate": [
        {"family": 10, "type": 2, "rate": 5, "burst": 6}]}}})
c = config("set-config, then get-config: icmpctl shows the change")
check(c["reply-rate"] == 777 and c["flood-plen6"] == 48 and
      "global-per-family" in c["flags"], "set-config: the values sent")

ynl("do", "add-owned", {"prefix": {"addr": addr4("192.0.2.0"), "plen": 24}})
ynl("do", "add-owned", {"prefix": {"addr6": addr6("2001:db8:ff::"),
                                   "plen": 48}})
check(owned("add-owned, get-owned: as icmpctl lists them") ==
      ["192.0.2.0/24", "2001:db8:ff::/48"], "add-owned: both families")
ynl("do", "del-owned", {"prefix": {"addr": addr4("192.0.2.0"), "plen": 24}})
check(owned("del-owned: as icmpctl lists them") == ["2001:db8:ff::/48"],
      "del-owned: the one deleted")
ynl("do", "flush-owned")
check(owned("flush-owned") == [], "flush-owned: none left")

r4 = {"dir": "input", "types": bitmap([8]), "action": "drop",
      "src": {"addr": addr4("10.0.0.0"), "plen": 8}}
r6 = {"family": 10, "dir": "forward", "types": bitmap([128, 129]),
      "action": "accept", "src": {"addr6": addr6("2001:db8::"), "plen": 32}}
added = ynl("do", "add-rule", {"rule": r4})
check(one(added["rule"])["handle"] > 0, "add-rule: the reply has a handle")
ynl("do", "add-rule", {"rule": r6, "rule-index": 0})
handles = rules("add-rule, get-rules: as icmpctl lists them")
ynl("do", "del-rule", {"rule-handle": handles[0]})
check(len(rules("del-rule: as icmpctl lists them")) == 1, "del-rule")
ynl("do", "flush-rules", {"dir": "forward"})
check(rules("flush-rules forward") == [], "flush-rules: forward")
ynl("do", "replace-rules", {"rule": [r4, r6, r4]})
check(len(rules("replace-rules: as icmpctl lists them")) == 3,
      "replace-rules: three rules")
ynl("do", "flush-rules")
check(rules("flush-rules") == [], "flush-rules: none left")

got = sorted((pfx(one(m["source"])), one(m["source"])["limited"])
             for m in ynl("dump", "get-sources"))
want = sorted((s["source"], s["limited"]) for s in ctl("sources")["sources"])
check(got == want, "get-sources: as icmpctl lists them", got, want)

ynl("do", "batch", {
    "flush": 15,
    "config": {"reply-rate": 555, "reject-code6": 3},
    "prefix": [{"addr": addr4("198.51.100.0"), "plen": 24},
               {"addr6": addr6("2001:db8:1::"), "plen": 48}],
    "rule": [r4, r6]})
c = config("batch: the settings, as icmpctl shows them")
check(c["reply-rate"] == 555 and c["reject-code6"] == 3 and
      c["flood6-rate"] != 1234, "batch: flushed, then set")
check(owned("batch: the prefixes, as icmpctl lists them") ==
      ["198.51.100.0/24", "2001:db8:1::/48"], "batch: the prefixes")
check(len(rules("batch: the rules, as icmpctl lists them")) == 2,
      "batch: the rules")
save = subprocess.check_output([icmpctl, "save"], text=True)
subprocess.run([icmpctl, "-f", "-"], input=save, text=True, check=True)
again = subprocess.check_output([icmpctl, "save"], text=True)
# (the first line is a comment with the date)
check(save.split("\n")[1:] == again.split("\n")[1:] and "ipv6" in save,
      "icmpctl save | icmpctl -f -: the same configuration")

ynl("do", "reset-stats")
s = ynl("do", "get-stats", {"family": 10})
check(s["counters"]["rx-packets"] == 0 and
      ctl("-6", "stats")["counters"]["rx_packets"] == 0,
      "reset-stats: zero, as icmpctl shows")
sys.exit(failed)
PY
log_test $rc 0 "the YNL client and icmpctl agree on every operation"
exit $ret
