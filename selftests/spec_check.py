#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check the YNL spec of the icmpguard family against its uAPI header.

selftests/ynl.sh proves the spec against the module with the kernel's YNL
client; what that client cannot see is the header. This checks that
every enum, flags set, attribute set and operation of
Documentation/netlink/specs/icmpguard.yaml names the header's enum and
has its members, under their C names, with their values, both ways; and
that the family, version, constants, multicast group and list element
types are the header's #defines.

Prints "TEST: <what> [ OK ]" or "[FAIL]" (then "#" lines), and last
"N passed, N failed". Exit status 0, 1 on a failure, 4 (kselftest's skip)
without PyYAML.
"""

import os
import re
import sys

try:
    import yaml
except ImportError:
    print("SKIP: python3-yaml missing")
    sys.exit(4)

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = os.path.join(HERE, "..", "module", "uapi", "icmpguard.h")
SPEC = os.path.join(HERE, "..", "Documentation", "netlink", "specs",
                    "icmpguard.yaml")


def c_name(*parts):
    return "".join(parts).upper().replace("-", "_")


def header(path):
    """The header's enums ({name: {member: value}}) and #defines."""
    text = re.sub(r"/\*.*?\*/", "", open(path).read(), flags=re.S)
    defines = {}
    for name, value in re.findall(r"#define[ \t]+(\w+)[ \t]+(.+)", text):
        value = value.strip()
        defines[name] = int(value) if re.fullmatch(r"\d+", value) else \
            value.strip('"')
    enums = {}
    for name, body in re.findall(r"enum\s+(\w+)\s*{(.*?)}", text, re.S):
        members, nxt = {}, 0
        for item in filter(None, (i.strip() for i in body.split(","))):
            member, _, expr = item.partition("=")
            member = member.strip()
            if expr:
                expr = re.sub(r"\b([A-Z_][A-Z0-9_]*)\b",
                              lambda m: str(members[m.group(1)]), expr)
                nxt = eval(expr.replace("U", ""))  # integer expressions only
            members[member] = nxt
            nxt += 1
        enums[name] = {m: v for m, v in members.items()
                       if not m.startswith("__")}
    return enums, defines


class Checks:
    def __init__(self):
        self.passed = self.failed = 0

    def __call__(self, ok, what, why=()):
        print("TEST: %s [%s]" % (what, " OK " if ok else "FAIL"))
        for line in why:
            print("#   " + line)
        if ok:
            self.passed += 1
        else:
            self.failed += 1


def members_of(kind, entries, prefix):
    """The C members of a spec enum, flags or attribute set."""
    out, nxt = {}, 0
    for e in entries:
        name = e["name"] if isinstance(e, dict) else e
        value = e.get("value", nxt) if isinstance(e, dict) else nxt
        nxt = value + 1
        out[c_name(prefix, name)] = 1 << value if kind == "flags" else value
    return out


def compare(check, what, spec, hdr, skip=()):
    hdr = {m: v for m, v in hdr.items() if m not in skip}
    diff = ["%s: spec %s, header %s" % (m, spec.get(m), hdr.get(m))
            for m in sorted(set(spec) | set(hdr)) if spec.get(m) != hdr.get(m)]
    check(not diff, what, diff)


def main():
    enums, defines = header(HEADER)
    spec = yaml.safe_load(open(SPEC))
    check = Checks()
    seen = set()

    check(spec["name"] == defines["ICMPGUARD_GENL_NAME"] and
          spec["version"] == defines["ICMPGUARD_GENL_VERSION"],
          "family %s, version %d" % (spec["name"], spec["version"]))
    for d in spec["definitions"]:
        prefix = d.get("name-prefix", spec["name"] + "-" + d["name"] + "-")
        if d["type"] == "const":
            name = c_name(spec["name"], "-", d["name"])
            check(defines.get(name) == d["value"], "const " + name)
            continue
        enum = d.get("enum-name")
        seen.add(enum)
        if enum not in enums:
            check(False, "%s %s" % (d["type"], enum), ["not in the header"])
            continue
        members = members_of(d["type"], d["entries"], prefix)
        # UNSPEC and the all-bits mask are the header's alone
        compare(check, "%s %s" % (d["type"], enum), members, enums[enum],
                {c_name(prefix, "unspec")})
    for s in spec["attribute-sets"]:
        members = members_of("enum", s["attributes"], s["name-prefix"])
        enum = s.get("enum-name")
        if not enum:
            # a list: one attribute whose type is a #define
            compare(check, "list %s" % s["name"], members,
                    {m: defines.get(m) for m in members})
            continue
        seen.add(enum)
        compare(check, "attribute set %s" % enum, members,
                enums.get(enum, {}), {c_name(s["name-prefix"], "unspec")})
    ops = spec["operations"]
    members = members_of("enum", ops["list"], ops["name-prefix"])
    seen.add(ops["enum-name"])
    compare(check, "operations %s" % ops["enum-name"], members,
            enums[ops["enum-name"]], {c_name(ops["name-prefix"], "unspec")})
    groups = [g["name"] for g in spec["mcast-groups"]["list"]]
    check(groups == [defines["ICMPGUARD_MCGRP_EVENTS"]], "multicast groups")
    left = sorted(set(enums) - seen)
    check(not left, "every enum of the header is in the spec", left)
    print("%d passed, %d failed" % (check.passed, check.failed))
    return 1 if check.failed else 0


if __name__ == "__main__":
    sys.exit(main())
