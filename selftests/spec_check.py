#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that the YNL spec of the icmpguard family matches its uAPI header.

module/uapi/icmpguard.h is the specification of the family;
Documentation/netlink/specs/icmpguard.yaml describes the same family in the
kernel's YNL format (genetlink-legacy). This host-side check parses both,
without a C preprocessor, and compares them both ways:

  - every enum of the header has a counterpart in the spec (an enum or flags
    definition, an attribute set, or the operations), found by its C enum
    name, and every member has the same value on both sides;
  - every numeric #define of the header (limits, the element types of the
    list nests) is a const or an attribute of the spec, and back;
  - the family name, version and multicast groups agree;
  - every command's do/dump and admin flags agree with the header's prose;
  - the attribute types the prose names (u8, u32, be32, nest, ...) agree;
  - the spec's own references (nested sets, enums, masks, operation
    attributes, multicast group) resolve.

Enums, members and values are discovered, never listed here, so the check
follows the header as it grows. It prints one line per check,
"TEST: <description> [ OK ]" or "[FAIL]" (followed by "#" lines saying
what differs), then "N passed, N failed". Exit status: 0 when everything
passed, 1 when a check failed, 4 (kselftest's skip) when PyYAML is missing.
"""

import argparse
import os
import re
import sys

try:
    import yaml
except ImportError:
    print("SKIP: python3-yaml missing")
    sys.exit(4)

KSFT_SKIP = 4
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_HEADER = os.path.join(HERE, "..", "module", "uapi", "icmpguard.h")
DEFAULT_SPEC = os.path.join(HERE, "..", "Documentation", "netlink", "specs",
                            "icmpguard.yaml")

# ---------------------------------------------------------------------------
# The header


class HeaderError(Exception):
    pass


def c_upper(*parts):
    """YNL's C spelling of a name: "icmpguard-cfg-a-" "reply-rate" ->
    ICMPGUARD_CFG_A_REPLY_RATE."""
    return "".join(parts).upper().replace("-", "_")


def c_lower(*parts):
    return "".join(parts).lower().replace("-", "_")


_TOKEN = re.compile(r"\s*(0[xX][0-9a-fA-F]+|\d+|[A-Za-z_]\w*|<<|>>|[-+*/%()|&^~])")


def c_eval(expr, names):
    """Value of a C integer constant expression over known names."""
    out, pos, expr = [], 0, expr.strip()
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if not m:
            raise HeaderError(f"cannot evaluate {expr!r}")
        tok, pos = m.group(1), m.end()
        if re.fullmatch(r"0[xX][0-9a-fA-F]+|\d+", tok):
            # a suffix (U, UL, ULL) follows as an identifier token
            out.append(str(int(tok, 0)))
        elif re.fullmatch(r"[uU]?[lL]{0,2}[uU]?", tok) and out and \
                out[-1].isdigit():
            continue
        elif re.fullmatch(r"[A-Za-z_]\w*", tok):
            if tok not in names or not isinstance(names[tok], int):
                raise HeaderError(f"unknown name {tok} in {expr!r}")
            out.append(str(names[tok]))
        elif tok == "/":
            out.append("//")
        else:
            out.append(tok)
    return int(eval(" ".join(out), {"__builtins__": {}}, {}))  # noqa: S307


class Header:
    """Enums, #defines and prose of a uAPI header."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.text = f.read()
        # The prose: the comments before the first preprocessor line (the
        # specification block), their " * " leaders removed.
        lead = re.split(r"^[ \t]*#", self.text, maxsplit=1, flags=re.M)[0]
        self.prose = "\n".join(
            re.sub(r"^\s*\*? ?", "", line)
            for block in re.findall(r"/\*(.*?)\*/", lead, re.S)
            for line in block.splitlines())
        code = re.sub(r"/\*.*?\*/", " ", self.text, flags=re.S)
        code = re.sub(r"//[^\n]*", " ", code)

        self.names = {}        # every enumerator and evaluated #define
        self.enums = {}        # tag -> [(name, value)], sentinels excluded
        self.sentinels = {}    # tag -> [(name, value)]
        self.enum_order = []
        for m in re.finditer(r"\benum\s+(\w+)\s*\{(.*?)\}\s*;", code, re.S):
            tag, body = m.group(1), m.group(2)
            members, sentinels, value = [], [], -1
            for item in body.split(","):
                item = item.strip()
                if not item:
                    continue
                mm = re.fullmatch(r"(\w+)\s*(?:=\s*(.+))?", item, re.S)
                if not mm:
                    raise HeaderError(f"enum {tag}: cannot parse {item!r}")
                name, expr = mm.group(1), mm.group(2)
                value = c_eval(expr, self.names) if expr else value + 1
                self.names[name] = value
                (sentinels if name.startswith("__") else members).append(
                    (name, value))
            self.enums[tag] = members
            self.sentinels[tag] = sentinels
            self.enum_order.append(tag)

        self.defines = {}      # name -> int or str
        self.derived = {}      # name -> the sentinel it is derived from
        self.bad_defines = []
        for m in re.finditer(r"^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+(.+?)[ \t]*$",
                             code, re.M):
            name, expr = m.group(1), m.group(2)
            if expr.startswith('"'):
                self.defines[name] = expr.strip('"')
                continue
            try:
                self.defines[name] = self.names[name] = c_eval(expr, self.names)
            except HeaderError as e:
                self.bad_defines.append(f"{name}: {e}")
                continue
            sent = re.findall(r"\b__\w+", expr)
            if sent:
                self.derived[name] = sent[0]

    def modes(self):
        """Commands the prose describes: C name -> set of do, dump, admin."""
        out = {}
        pat = re.compile(r"^((?:ICMPGUARD_CMD_\w+)(?:\s*/\s*ICMPGUARD_CMD_\w+)*)"
                         r"\s*\(([^)]*)\)", re.M)
        for m in pat.finditer(self.prose):
            words = {w.strip() for w in m.group(2).split(",")}
            for name in re.split(r"\s*/\s*", m.group(1)):
                out[name] = words
        return out

    def prose_types(self):
        """(C attribute name, type word) pairs the prose states."""
        flat = re.sub(r"\s+", " ", self.prose)
        name = r"ICMPGUARD_\w+"
        pat = re.compile(rf"((?:{name}\s*,\s*)*{name})\s*\(?\s*"
                         r"(u8|u16|u32|u64|be32|nest)\b")
        out = []
        for m in pat.finditer(flat):
            for n in re.split(r"\s*,\s*", m.group(1)):
                out.append((n, m.group(2)))
        return out

    def prose_u64_nests(self):
        """Enums whose members the prose says are each one NLA_U64."""
        flat = re.sub(r"\s+", " ", self.prose)
        return re.findall(r"one NLA_U64 per enum (\w+)", flat)


# ---------------------------------------------------------------------------
# The spec


class Item:
    """Something of the spec that renders as one C enum or set of names."""

    def __init__(self, kind, name, tag):
        self.kind, self.name, self.tag = kind, name, tag
        self.members = []          # [(C name, value)]
        self.types = {}            # C name -> (type, byte-order), attributes

    def label(self):
        return f"{self.kind} {self.name}"


class Spec:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.y = yaml.safe_load(f)
        y = self.y
        self.family = y["name"]
        fam = self.family
        self.items = []            # Items with a C enum tag
        self.untagged = []         # attribute sets without a C enum
        self.consts = {}           # C name -> value
        self.defs = {}             # definition name -> yaml
        self.sets = {}             # attribute-set name -> yaml
        self.attr_by_c = {}        # C attribute name -> (set, attr yaml)

        for d in y.get("definitions", []):
            self.defs[d["name"]] = d
            if d["type"] == "const":
                self.consts[c_upper(fam, "-", d["name"])] = d["value"]
                continue
            if d["type"] not in ("enum", "flags"):
                continue
            prefix = d.get("name-prefix", f"{fam}-{d['name']}-")
            tag = d["enum-name"] if "enum-name" in d else \
                c_lower(fam, "-", d["name"])
            item = Item(d["type"], d["name"], tag)
            value = d.get("value-start", 0) - 1
            for e in d["entries"]:
                e = {"name": e} if isinstance(e, str) else e
                value = e.get("value", value + 1)
                item.members.append((c_upper(prefix, e["name"]),
                                     1 << value if d["type"] == "flags"
                                     else value))
            item.render_max = d.get("render-max", False)
            item.prefix = c_upper(prefix)
            self.items.append(item)

        for s in y.get("attribute-sets", []):
            self.sets[s["name"]] = s
        for s in y.get("attribute-sets", []):
            if "subset-of" in s:
                continue
            if "name-prefix" in s:
                prefix = s["name-prefix"]
            elif s["name"] == fam:
                prefix = f"{fam}-a-"
            else:
                prefix = f"{fam}-a-{s['name']}-"
            item = Item("attribute-set", s["name"], s.get("enum-name"))
            value = 0
            for a in s["attributes"]:
                value = a.get("value", value + 1)
                cname = c_upper(prefix, a["name"])
                item.members.append((cname, value))
                item.types[cname] = (a.get("type"), a.get("byte-order"))
                self.attr_by_c[cname] = (s, a)
            item.prefix = c_upper(prefix)
            (self.items if item.tag else self.untagged).append(item)

        ops = y.get("operations", {})
        prefix = ops.get("name-prefix", f"{fam}-cmd-")
        self.ops = Item("operations", "list", ops.get("enum-name"))
        self.ops.prefix = c_upper(prefix)
        self.op_by_c = {}
        value = 0
        for op in ops.get("list", []):
            value = op.get("value", value + 1)
            cname = c_upper(prefix, op["name"])
            self.ops.members.append((cname, value))
            self.op_by_c[cname] = op
        if self.ops.tag:
            self.items.append(self.ops)

        self.mcgrps = {}
        for g in y.get("mcast-groups", {}).get("list", []):
            cname = g.get("c-define-name") or c_upper(fam, "-mcgrp-", g["name"])
            self.mcgrps[c_upper(cname)] = g["name"]


# ---------------------------------------------------------------------------
# The checks


class Checks:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, desc, problems):
        """problems: a list of strings (empty: OK) or a bool (True: OK)."""
        if isinstance(problems, bool):
            problems = [] if problems else ["check failed"]
        ok = not problems
        print(f"TEST: {desc:<72} [{' OK ' if ok else 'FAIL'}]")
        for p in problems:
            print(f"#   {p}")
        if ok:
            self.passed += 1
        else:
            self.failed += 1


def compare_members(header_members, item, unspec_ok=True):
    """Problems between an enum's members and a spec item's, both ways."""
    problems = []
    spec = dict(item.members)
    head = dict(header_members)
    for name, value in header_members:
        if name not in spec:
            if unspec_ok and name.endswith("_UNSPEC") and value == 0:
                continue
            problems.append(f"{name} = {value}: missing from the spec")
        elif spec[name] != value:
            problems.append(f"{name}: header {value}, spec {spec[name]}")
    for name, value in item.members:
        if name not in head:
            problems.append(f"{name} = {value}: in the spec "
                            f"({item.label()}), not in the header")
    dup = {v for v in spec.values() if list(spec.values()).count(v) > 1}
    for v in sorted(dup):
        problems.append(f"value {v} given twice in {item.label()}")
    return problems


def check_enums(c, h, s):
    by_tag = {}
    for item in s.items:
        by_tag.setdefault(item.tag, []).append(item)
    for tag in h.enum_order:
        items = by_tag.get(tag, [])
        c.check(f"enum {tag} is in the spec",
                [] if len(items) == 1 else
                [f"no spec item has enum-name {tag}"] if not items else
                [f"several spec items claim it: "
                 f"{', '.join(i.label() for i in items)}"])
        if len(items) != 1:
            continue
        item = items[0]
        c.check(f"enum {tag} = {item.label()}: same members, same values",
                compare_members(h.enums[tag], item))
        sentinels = h.sentinels[tag]
        members = h.enums[tag]
        if item.kind == "flags":
            union = 0
            for _, v in members:
                union |= v
            problems = [f"{n} = {v:#x}, the flags make {union:#x}"
                        for n, v in sentinels if v != union]
            bits = [f"{n} = {v:#x} is not one bit" for n, v in members
                    if v <= 0 or v & (v - 1)]
            c.check(f"enum {tag}: one bit each, the mask their union",
                    problems + bits)
        elif sentinels:
            last = max(v for _, v in members) if members else -1
            problems = [f"{n} = {v}, the last member is {last}"
                        for n, v in sentinels if v != last + 1]
            if item.kind == "enum" and not item.render_max:
                problems.append(f"the header has {sentinels[0][0]}: "
                                f"the spec should say render-max: true")
            c.check(f"enum {tag}: {sentinels[0][0]} is one past the last",
                    problems)
    for item in s.items:
        if item.tag not in h.enums:
            c.check(f"{item.label()}: its enum {item.tag} is in the header",
                    False)


def check_defines(c, h, s):
    c.check("every #define of the header evaluates", h.bad_defines)

    # The *_MAX defines derived from an enum's sentinel.
    problems = []
    for name, sentinel in sorted(h.derived.items()):
        if sentinel not in h.names:
            problems.append(f"{name} refers to {sentinel}, not in an enum")
        elif h.defines[name] != h.names[sentinel] - 1:
            problems.append(f"{name} = {h.defines[name]}, "
                            f"{sentinel} - 1 = {h.names[sentinel] - 1}")
    if h.derived and not s.y.get("max-by-define"):
        problems.append("the header defines *_MAX as #defines: "
                        "the spec should say max-by-define: true")
    c.check("the *_MAX #defines are their enum's count - 1", problems)

    # Family name and version.
    fam_def = c_upper(s.y.get("c-family-name", f"{s.family}-family-name"))
    ver_def = c_upper(s.y.get("c-version-name", f"{s.family}-family-version"))
    c.check(f"family name: spec \"{s.family}\" = #define {fam_def}",
            h.defines.get(fam_def) == s.family)
    c.check(f"family version: spec {s.y.get('version', 1)} = #define {ver_def}",
            h.defines.get(ver_def) == s.y.get("version", 1))

    # Multicast groups: #define ..._MCGRP_... "name".
    head_groups = {n: v for n, v in h.defines.items()
                   if isinstance(v, str) and "_MCGRP_" in n}
    problems = []
    for n, v in sorted(head_groups.items()):
        if s.mcgrps.get(n) != v:
            problems.append(f"#define {n} \"{v}\": spec has "
                            f"{s.mcgrps.get(n)!r}")
    for n, v in sorted(s.mcgrps.items()):
        if n not in head_groups:
            problems.append(f"spec group \"{v}\" ({n}) is not in the header")
    c.check("multicast groups agree", problems)

    # Every other numeric #define is a const or an untagged attribute.
    spec_defs = dict(s.consts)
    where = {n: "const" for n in s.consts}
    for item in s.untagged:
        for n, v in item.members:
            spec_defs[n] = v
            where[n] = item.label()
    skip = set(h.derived) | {fam_def, ver_def}
    numeric = [n for n, v in h.defines.items()
               if isinstance(v, int) and n not in skip
               and not re.fullmatch(r"_+\w*_H_*", n)]
    for n in numeric:
        if n not in spec_defs:
            c.check(f"#define {n} is in the spec", [
                f"#define {n} {h.defines[n]}: no const nor attribute of "
                f"the spec renders it"])
        else:
            c.check(f"#define {n} = {where[n]} (value {spec_defs[n]})",
                    [] if spec_defs[n] == h.defines[n] else
                    [f"header {h.defines[n]}, spec {spec_defs[n]}"])
    for n in sorted(set(spec_defs) - set(numeric)):
        c.check(f"spec {where[n]}: {n} is a #define of the header",
                [f"{n} = {spec_defs[n]} has no #define in the header"])


def check_operations(c, h, s):
    modes = h.modes()
    c.check("the header's prose describes commands", bool(modes))
    for cname, value in s.ops.members:
        op = s.op_by_c[cname]
        problems = []
        if cname in modes:
            words = modes[cname]
            for mode in ("do", "dump"):
                if (mode in words) != (mode in op):
                    problems.append(f"header says {sorted(words)}, spec "
                                    f"{'has' if mode in op else 'lacks'} "
                                    f"{mode}")
            admin = bool({"admin-perm", "uns-admin-perm"}
                         & set(op.get("flags", [])))
            if ("admin" in words) != admin:
                problems.append(f"header {'says' if 'admin' in words else 'does not say'}"
                                f" admin, spec flags {op.get('flags', [])}")
            if admin and "GENL_UNS_ADMIN_PERM" in h.prose and \
                    "uns-admin-perm" not in op.get("flags", []):
                problems.append("the header says GENL_UNS_ADMIN_PERM: "
                                "the flag is uns-admin-perm")
        elif "event" in op:
            if not re.search(rf"\b{cname}\b", h.prose):
                problems.append(f"the header's prose never names {cname}")
            if op.get("mcgrp") not in s.mcgrps.values():
                problems.append(f"event group {op.get('mcgrp')!r} is not a "
                                f"multicast group of the spec")
        else:
            problems.append(f"the header's prose does not describe {cname}")
        c.check(f"operation {op['name']}: do/dump/event and admin as the "
                f"header says", problems)
    for cname in sorted(set(modes) - set(s.op_by_c)):
        c.check(f"command {cname} of the prose is an operation", False)


def check_types(c, h, s):
    problems = []
    stated = h.prose_types()
    words = {"u8": ("u8", None), "u16": ("u16", None), "u32": ("u32", None),
             "u64": ("u64", None), "be32": ("u32", "big-endian"),
             "nest": ("nest", None)}
    for cname, word in stated:
        if cname not in s.attr_by_c:
            if cname in h.names:     # a command, a flag, a value: not ours
                continue
            problems.append(f"the prose gives {cname} type {word}, but "
                            f"the header has no {cname}")
            continue
        _, a = s.attr_by_c[cname]
        want_type, want_order = words[word]
        got = (a.get("type"), a.get("byte-order"))
        if got[0] != want_type or (want_order and got[1] != want_order) or \
                (not want_order and got[1] == "big-endian"):
            problems.append(f"{cname}: prose {word}, spec type {got[0]}"
                            + (f" {got[1]}" if got[1] else ""))
    c.check(f"attribute types the header's prose states ({len(stated)}) "
            f"match the spec", problems if stated else
            ["the prose states no attribute type: is it still there?"])

    for tag in h.prose_u64_nests():
        items = [i for i in s.items if i.tag == tag]
        problems = [] if items else [f"no spec item for enum {tag}"]
        for item in items:
            for cname, (t, _) in item.types.items():
                if t not in ("u64", "pad"):
                    problems.append(f"{cname} is {t}, the prose says u64")
        c.check(f"enum {tag}: every member a u64 attribute, as the prose says",
                problems)

    names = set(re.findall(r"\bICMPGUARD_[A-Z0-9_]*[A-Z0-9]\b", h.prose))
    unknown = sorted(n for n in names if n not in h.names
                     and n not in h.defines)
    c.check("every ICMPGUARD_* name of the prose is in the header",
            [f"{n} is not defined" for n in unknown])


def check_references(c, s):
    sets, defs = s.sets, s.defs
    problems = []
    for sname, st in sets.items():
        parent = st.get("subset-of")
        if parent:
            if parent not in sets:
                problems.append(f"set {sname}: subset of unknown {parent}")
                continue
            known = {a["name"] for a in sets[parent]["attributes"]}
            for a in st["attributes"]:
                if a["name"] not in known:
                    problems.append(f"set {sname}: {a['name']} is not in "
                                    f"{parent}")
        for a in st["attributes"]:
            n = a.get("nested-attributes")
            if n and n not in sets:
                problems.append(f"{sname}.{a['name']}: nested set {n} "
                                f"does not exist")
            if a.get("type") == "nest" and not n:
                problems.append(f"{sname}.{a['name']}: a nest without "
                                f"nested-attributes")
            e = a.get("enum")
            if e and (e not in defs or defs[e]["type"] not in
                      ("enum", "flags")):
                problems.append(f"{sname}.{a['name']}: enum {e} is not an "
                                f"enum or flags definition")
            m = a.get("checks", {}).get("flags-mask")
            if m and (m not in defs or defs[m]["type"] != "flags"):
                problems.append(f"{sname}.{a['name']}: flags-mask {m} is "
                                f"not a flags definition")
    c.check("spec: nested sets, enums and masks resolve", problems)

    problems = []
    for op in s.y.get("operations", {}).get("list", []):
        aset = op.get("attribute-set")
        if aset not in sets:
            problems.append(f"{op['name']}: attribute set {aset!r} does "
                            f"not exist")
            continue
        known = {a["name"] for a in sets[aset]["attributes"]}
        lists = []
        for mode in ("do", "dump"):
            for part in ("request", "reply"):
                lists += op.get(mode, {}).get(part, {}).get("attributes", [])
        lists += op.get("event", {}).get("attributes", [])
        for name in lists:
            if name not in known:
                problems.append(f"{op['name']}: {name} is not in set {aset}")
    c.check("spec: operations' attributes are in their set", problems)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--header", default=DEFAULT_HEADER,
                    help="the uAPI header (default: %(default)s)")
    ap.add_argument("--spec", default=DEFAULT_SPEC,
                    help="the YNL spec (default: %(default)s)")
    args = ap.parse_args()

    c = Checks()
    try:
        h = Header(args.header)
    except (OSError, HeaderError) as e:
        c.check(f"the header parses ({os.path.basename(args.header)})",
                [str(e)])
        print(f"{c.passed} passed, {c.failed} failed")
        return 1
    c.check(f"the header parses: {len(h.enums)} enums, "
            f"{len(h.defines)} #defines", bool(h.enums))
    try:
        s = Spec(args.spec)
    except (OSError, yaml.YAMLError, KeyError, TypeError) as e:
        c.check(f"the spec parses ({os.path.basename(args.spec)})",
                [f"{type(e).__name__}: {e}"])
        print(f"{c.passed} passed, {c.failed} failed")
        return 1
    c.check(f"the spec parses: family {s.family}, protocol "
            f"{s.y.get('protocol', 'genetlink')}",
            s.y.get("protocol") == "genetlink-legacy")

    check_enums(c, h, s)
    check_defines(c, h, s)
    check_operations(c, h, s)
    check_types(c, h, s)
    check_references(c, s)

    print(f"{c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
