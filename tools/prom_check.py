#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Strict checker of the Prometheus text exposition format, version 0.0.4.

    prom_check.py FILE...      ("-" for standard input)

Checks what node_exporter's textfile collector and Prometheus need, and a
little more: every line is a comment, a HELP, a TYPE or a sample; every
sample's family has its HELP and its TYPE before its first sample, once;
metric and label names match [a-zA-Z_:][a-zA-Z0-9_:]* and
[a-zA-Z_][a-zA-Z0-9_]*; label values are quoted with only \\\\, \\" and \\n
escaped; values are numbers (or NaN, +Inf, -Inf); no series appears twice;
the samples of a family are not interleaved with another's; a counter's
value is not negative.

When prometheus_client can be imported, the text is also parsed with
prometheus_client.parser.text_string_to_metric_families, and every sample
must come out of it with the same value.

Prints "FILE: ok (N families, N samples)" or "FILE:LINE: error" lines;
exits 1 when a file has an error.
"""

import re
import sys

METRIC = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")
LABEL = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")
TYPES = ("counter", "gauge", "histogram", "summary", "untyped")
SUFFIXES = {"histogram": ("_bucket", "_sum", "_count"),
            "summary": ("", "_sum", "_count")}


class Error(Exception):
    pass


def parse_labels(s, pos):
    """{a="b",...} at s[pos]: (labels as a tuple of pairs, next position)"""
    labels = []
    pos += 1
    while True:
        if s.startswith("}", pos):
            return tuple(labels), pos + 1
        m = LABEL.match(s, pos)
        if not m:
            raise Error("bad label name at column %d" % (pos + 1))
        name = m.group(0)
        pos = m.end()
        if not s.startswith('="', pos):
            raise Error("label %s: expected =\"" % name)
        pos += 2
        value = []
        while True:
            if pos >= len(s):
                raise Error("label %s: unterminated value" % name)
            c = s[pos]
            if c == '"':
                pos += 1
                break
            if c == "\\":
                e = s[pos + 1:pos + 2]
                if e not in ("\\", '"', "n"):
                    raise Error("label %s: bad escape \\%s" % (name, e))
                value.append("\n" if e == "n" else e)
                pos += 2
                continue
            if c == "\n":
                raise Error("label %s: raw newline" % name)
            value.append(c)
            pos += 1
        if name in dict(labels):
            raise Error("label %s given twice" % name)
        labels.append((name, "".join(value)))
        if s.startswith(",", pos):
            pos += 1
            if s.startswith("}", pos):
                return tuple(labels), pos + 1
        elif not s.startswith("}", pos):
            raise Error("expected , or } at column %d" % (pos + 1))


def parse_value(s):
    if s in ("NaN", "+Inf", "-Inf"):
        return float(s)
    if not re.fullmatch(r"[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?)",
                        s):
        raise Error("bad value %r" % s)
    return float(s)


def family_of(name, families):
    """The family a sample name belongs to, or None."""
    if name in families:
        return name
    for fam, info in families.items():
        for suffix in SUFFIXES.get(info.get("type"), ()):
            if suffix and name == fam + suffix:
                return fam
    return None


class State:
    def __init__(self):
        self.families = {}      # name: {"help": bool, "type": str or None}
        self.closed = set()     # families whose lines are over
        self.current = None     # the family of the last line
        self.samples = {}       # (name, sorted labels): value

    def enter(self, fam):
        """A line of family fam: its lines must not be interleaved."""
        if self.current is not None and self.current != fam:
            self.closed.add(self.current)
        if fam in self.closed:
            raise Error("lines of %s interleaved with those of others" % fam)
        self.current = fam


def check_text(text):
    """The families and samples of text; raises Error."""
    st = State()
    if text and not text.endswith("\n"):
        raise Error(" no newline at the end")
    for n, line in enumerate(text.split("\n")[:-1], 1):
        try:
            check_line(line, st)
        except Error as e:
            raise Error("%d: %s" % (n, e))
    for fam, info in st.families.items():
        if not info["help"] or not info["type"]:
            raise Error(" family %s lacks its %s" % (
                fam, "HELP" if not info["help"] else "TYPE"))
    return st.families, st.samples


def help_escapes_ok(text):
    """In HELP text, a backslash escapes only a backslash or an n."""
    i = 0
    while i < len(text):
        if text[i] == "\\":
            if text[i + 1:i + 2] not in ("\\", "n"):
                return False
            i += 1
        i += 1
    return True


def check_meta(words, st):
    """A HELP or TYPE line, split in words."""
    if len(words) < 3 or not METRIC.fullmatch(words[2]):
        raise Error("%s without a valid metric name" % words[1])
    name = words[2]
    st.enter(name)
    info = st.families.setdefault(name, {"help": False, "type": None})
    if words[1] == "HELP":
        if info["help"]:
            raise Error("second HELP for %s" % name)
        if not help_escapes_ok(words[3] if len(words) > 3 else ""):
            raise Error("HELP %s: bad escape" % name)
        info["help"] = True
        return
    if info["type"]:
        raise Error("second TYPE for %s" % name)
    if len(words) != 4 or words[3] not in TYPES:
        raise Error("TYPE %s: bad type" % name)
    info["type"] = words[3]


def check_line(line, st):
    if not line.strip():
        return
    if line.startswith("#"):
        words = line.split(None, 3)
        if len(words) >= 2 and words[1] in ("HELP", "TYPE"):
            check_meta(words, st)
        return
    m = METRIC.match(line)
    if not m:
        raise Error("bad metric name")
    name = m.group(0)
    pos = m.end()
    labels = ()
    if line.startswith("{", pos):
        labels, pos = parse_labels(line, pos)
    rest = line[pos:]
    if not rest.startswith(" "):
        raise Error("expected a space before the value")
    fields = rest.split()
    if len(fields) not in (1, 2):
        raise Error("expected a value and an optional timestamp")
    value = parse_value(fields[0])
    if len(fields) == 2 and not re.fullmatch(r"-?\d+", fields[1]):
        raise Error("bad timestamp %r" % fields[1])
    fam = family_of(name, st.families)
    if fam is None:
        raise Error("sample %s before its HELP and TYPE" % name)
    info = st.families[fam]
    if not info["help"] or not info["type"]:
        raise Error("sample %s before its %s" % (
            name, "HELP" if not info["help"] else "TYPE"))
    st.enter(fam)
    if info["type"] == "counter" and value < 0:
        raise Error("counter %s is negative" % name)
    key = (name, tuple(sorted(labels)))
    if key in st.samples:
        raise Error("series %s%s given twice" % (name, dict(labels)))
    st.samples[key] = value


def check_client(text, samples):
    """Parses text with prometheus_client: None when it cannot be loaded."""
    try:
        from prometheus_client.parser import text_string_to_metric_families
    except ImportError:
        return None
    got = {}
    for fam in text_string_to_metric_families(text):
        for s in fam.samples:
            key = (s.name, tuple(sorted(s.labels.items())))
            if key in got:
                raise Error("prometheus_client: %s given twice" % (key,))
            got[key] = s.value
    if got != samples:
        missing = set(samples) ^ set(got)
        raise Error("prometheus_client read other samples: %s" %
                    sorted(missing)[:3])
    return len(got)


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    failed = False
    for path in argv[1:]:
        try:
            if path == "-":
                text = sys.stdin.read()
            else:
                with open(path, encoding="utf-8") as f:
                    text = f.read()
            families, samples = check_text(text)
            client = check_client(text, samples)
            print("%s: ok (%d families, %d samples%s)" % (
                path, len(families), len(samples),
                "; prometheus_client agrees" if client is not None else
                "; prometheus_client not available"))
        except Error as e:
            print("%s:%s" % (path, e))
            failed = True
        except (OSError, UnicodeDecodeError, ValueError) as e:
            print("%s: %s" % (path, e))
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
