#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A bounded packet fuzzer of icmpguard's input hook, with exact accounting.

Runs in the peer namespace and sends frames on --iface straight at the
module's namespace (--dut-ns, interface --dut-iface), in phases:

  types      scapy fuzz() over ICMP of every type 0-255, random codes,
             mostly correct checksums, random bodies (an IP quote for the
             error types, an RFC 8335 extension for extended echo);
  options    ICMP behind fuzzed IP options (fuzz() over every IPOption
             class scapy knows, up to the 40 bytes an IP header holds);
  bodies     random bytes after a valid IP header, protocol ICMP;
  addresses  fuzzed ICMP from odd sources (0/8, loopback, multicast,
             240/4, broadcast, on-link, unroutable) and to broadcast,
             multicast and transit destinations, random TTL/TOS/DF;
  limits     (--limits) requests and others from 41 sources under tight
             reply and flood limits, a 16-source table, rules of every
             action and a default input policy of drop, so that every
             outcome below is reached; the defaults are restored after;
  fragments  fragmented ICMP: whole sets in and out of order, duplicated,
             overlapping, incomplete, a tiny first fragment, oversized.

Every IP header is valid (version, length, checksum), so every frame gets
past ip_rcv() to PRE_ROUTING: what arrives is known from the kernel, not
from what was meant to be sent. After each phase, from the deltas of the
dut's interface (rx_packets), its IP MIB (ReasmReqds, ReasmOKs) and the
module's counters:

  frames      rx_packets == frames sent (nothing else on the link: static
              neighbours, no IPv6)
  seen        datagrams at the hook, whole or reassembled == rx_packets
              (+ lo's, normally 0) - ReasmReqds + ReasmOKs (each
              fragment goes to reassembly, each reassembled datagram goes
              on once) == the module's rx_packets
  fragments   the module's fragments == ReasmReqds: every fragment
              reached the hook, which reassembled it (these namespaces
              have no conntrack to reassemble before it)
  outcome     every datagram counted in rx_packets ends in exactly one
              counted outcome (the uAPI header's list):
                sum(drops) + passed + echo/timestamp/probe_replies
                + replies_limited + replies_limited_dest
                + flood_limited_source + flood_limited_global
                + policy_dropped + policy_rejected
                + rule_dropped + rule_rejected + rule_limited
              (rule_accepted, rule_replied and reply_failed are not
              outcomes: each is followed by one of the above)
  types       (whole datagrams only) rx_types counts each datagram with
              an ICMP byte under that byte's type, exactly

and, with --ping, that the module still answers ping afterwards. Prints
one TEST line per check; exits 1 if any failed.
"""

import argparse
import json
import os
import random
import struct
import subprocess
import sys
import time

from scapy.all import (ICMP, IP, UDP, Raw, conf, fuzz, get_if_hwaddr,
                       sendp)
from scapy.layers.inet import IPOption
from scapy.utils import checksum

conf.verb = 0
failed = 0

# Outcomes: every datagram the hook sees ends in exactly one of these.
OUTCOMES = ("passed", "echo_replies", "timestamp_replies",
            "probe_replies", "replies_limited", "replies_limited_dest",
            "flood_limited_source", "flood_limited_global",
            "policy_dropped", "policy_rejected", "rule_dropped",
            "rule_rejected", "rule_limited")


def check(ok, desc, detail=""):
    global failed
    print("TEST: %-64s [%s]" % (desc, " OK " if ok else "FAIL"), flush=True)
    if not ok:
        failed += 1
        if detail:
            print("    " + detail, flush=True)


def run(*cmd):
    return subprocess.check_output(cmd, text=True)


def mac_of(ns, dev):
    return json.loads(run("ip", "-n", ns, "-j", "link", "show", "dev",
                          dev))[0]["address"]


class Snapshot:
    """The dut's counters at one moment."""

    def __init__(self, a):
        link = json.loads(run("ip", "-n", a.dut_ns, "-s", "-j", "link",
                              "show", "dev", a.dut_iface))[0]
        self.rx = link["stats64"]["rx"]["packets"]
        lo = json.loads(run("ip", "-n", a.dut_ns, "-s", "-j", "link",
                            "show", "dev", "lo"))[0]
        self.lo = lo["stats64"]["rx"]["packets"]
        self.mib = {}
        for path in ("/proc/net/snmp", "/proc/net/netstat"):
            lines = run("ip", "netns", "exec", a.dut_ns, "cat",
                        path).splitlines()
            for h, v in zip(lines[::2], lines[1::2]):
                proto, names = h.split(":", 1)
                for n, x in zip(names.split(), v.split(":", 1)[1].split()):
                    self.mib[proto + "." + n] = int(x)
        self.st = json.loads(run(a.icmpctl, "-n", a.dut_ns, "-j", "stats"))
        self.types = {t["type"]: t["packets"] for t in self.st["rx_types"]}


def ip_header(src, dst, payload_len, proto=1, ttl=64, tos=0, ident=0,
              flags=0, frag=0, options=b""):
    """A valid IPv4 header: right version, lengths and checksum."""
    assert len(options) % 4 == 0 and len(options) <= 40
    ihl = 5 + len(options) // 4
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, tos,
                      ihl * 4 + payload_len, ident, flags << 13 | frag, ttl,
                      proto, 0, bytes(map(int, src.split("."))),
                      bytes(map(int, dst.split(".")))) + options
    return hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]


def icmp_fix(msg):
    """The ICMP message with its checksum computed."""
    if len(msg) < 4:
        return msg
    msg = msg[:2] + b"\0\0" + msg[4:]
    return msg[:2] + struct.pack("!H", checksum(msg)) + msg[4:]


class Fuzzer:
    def __init__(self, a):
        self.a = a
        self.rnd = random.Random(a.seed)
        random.seed(a.seed)             # scapy's RandField draws from it
        self.smac = bytes.fromhex(get_if_hwaddr(a.iface).replace(":", ""))
        self.dmac = bytes.fromhex(mac_of(a.dut_ns, a.dut_iface)
                                  .replace(":", ""))
        self.ident = self.rnd.randrange(65536)
        net = a.dst.rsplit(".", 1)[0]
        self.bcast = net + ".255"
        # An on-link source that resolves (to the peer): a reply to it
        # must not wait for ARP, fail, and come back over lo as Host
        # Unreachable, a datagram no frame on the link accounts for.
        self.onlink = net + ".%d" % self.rnd.randrange(100, 200)
        subprocess.check_call(["ip", "-n", a.dut_ns, "neigh", "replace",
                               self.onlink, "lladdr", get_if_hwaddr(a.iface),
                               "dev", a.dut_iface, "nud", "permanent"])

    def frame(self, ip, dmac=None):
        return (dmac or self.dmac) + self.smac + b"\x08\x00" + ip

    def next_id(self):
        self.ident = (self.ident + 1) & 0xffff
        return self.ident

    # -- ICMP messages ----------------------------------------------------

    def body(self, typ):
        r = self.rnd
        if typ in (3, 4, 5, 11, 12) and r.random() < 0.7:
            quote = IP(src=self.a.dst, dst=self.a.src) / (
                fuzz(UDP()) if r.random() < 0.5 else fuzz(ICMP()))
            return bytes(quote)[:r.choice((20, 28, 48, 200))]
        if typ == 42 and r.random() < 0.7:
            ctype = r.choice((1, 2, 3, r.randrange(256)))
            ident = r.choice((b"lo\0\0", struct.pack("!I", 1),
                              struct.pack("!HBB4B", 1, 4, 0, 127, 0, 0, 1),
                              bytes(r.randrange(256) for _ in
                                    range(r.randrange(12)))))
            obj = struct.pack("!HBB", 4 + len(ident), 3, ctype) + ident
            ext = struct.pack("!BBH", 2 << 4, 0, 0) + obj
            return ext[:2] + struct.pack("!H", checksum(ext)) + ext[4:]
        return bytes(r.randrange(256) for _ in range(r.choice(
            (0, 0, 4, 12, 20, 56, r.randrange(300)))))

    def icmp(self, typ=None, good_csum=0.85):
        """scapy fuzz() over an ICMP header of @typ, a random code."""
        r = self.rnd
        if typ is None:
            typ = r.choice((0, 3, 8, 8, 8, 11, 13, 42, r.randrange(256)))
        code = r.choice((0, 0, r.randrange(16), r.randrange(256)))
        hdr = fuzz(ICMP(type=typ, code=code))
        msg = bytes(hdr) + self.body(typ)
        if r.random() < good_csum:
            msg = icmp_fix(msg)
        return msg

    def options(self):
        """fuzz() over IP options, at most 40 bytes, padded."""
        r = self.rnd
        classes = list(IPOption.registered_ip_options.values()) + [IPOption]
        opts = b""
        for _ in range(r.randint(1, 4)):
            try:
                o = bytes(fuzz(r.choice(classes)()))
            except (ValueError, OverflowError):
                continue            # fuzz() drew a length its field refuses
            if len(opts) + len(o) <= 40:
                opts += o
        return opts + b"\0" * (-len(opts) % 4)

    # -- phases -------------------------------------------------------------

    def datagram(self, payload, src=None, dst=None, dmac=None, **kw):
        ip = ip_header(src or self.a.src, dst or self.a.dst, len(payload),
                       ident=kw.pop("ident", self.next_id()), **kw)
        return self.frame(ip + payload, dmac)

    def types(self, n):
        out = []
        for t in range(256):
            for _ in range(n):
                out.append(self.datagram(self.icmp(t)))
        self.rnd.shuffle(out)
        return out

    def with_options(self, n):
        return [self.datagram(self.icmp(), options=self.options())
                for _ in range(n)]

    def bodies(self, n):
        r = self.rnd
        out = []
        for _ in range(n):
            b = bytes(r.randrange(256) for _ in range(r.randrange(0, 120)))
            if b and r.random() < 0.5:      # a known type, right checksum
                b = icmp_fix(bytes([r.choice((0, 8, 13, 14, 42, 43, 9, 10,
                                              3, 11, 12))]) + b[1:])
            out.append(self.datagram(b))
        return out

    def addresses(self, n):
        r = self.rnd
        bmac = b"\xff" * 6
        bad = ("0.1.2.3", "127.0.0.1", "224.1.2.3", "240.0.0.9",
               "255.255.255.255")
        good = (self.onlink, "198.51.100.7", self.a.src)
        out = []
        for _ in range(n):
            src, dst, dmac = r.choice(bad + good), self.a.dst, None
            msg, flags, ttl = self.icmp(), r.choice((0, 2)), \
                r.choice((0, 1, 64, 255))
            k = r.random()
            if k < 0.15:
                dst, dmac = self.bcast, bmac
            elif k < 0.25:
                dst, dmac = "255.255.255.255", bmac
            elif k < 0.35:
                dst, dmac = "224.0.0.1", bytes.fromhex("01005e000001")
            elif k < 0.55:
                # Transit, from a good source: router mode sees TTL
                # 0/1 (Time Exceeded) and DF past the MTU of 400.
                dst = "203.0.113.%d" % r.randrange(1, 255)
                src = r.choice(good)
                flags = 2 if r.random() < 0.7 else 0
                if r.random() < 0.5:
                    msg = icmp_fix(msg + bytes(r.randrange(256) for _ in
                                               range(r.randrange(400, 1200))))
            out.append(self.datagram(msg, src=src, dst=dst, dmac=dmac,
                                     ttl=ttl, tos=r.randrange(256),
                                     flags=flags))
        return out

    def limits(self, n):
        """Requests and others from many sources, to hit every limit."""
        r = self.rnd
        out = []
        for _ in range(n):
            src = self.a.src if r.random() < 0.5 else \
                "198.51.100.%d" % r.randrange(1, 41)
            dst = "203.0.113.9" if r.random() < 0.1 else self.a.dst
            typ = r.choice((8, 8, 8, 8, 13, 13, 42, 0, 10, 9, 40, 14, 3))
            out.append(self.datagram(self.icmp(typ, good_csum=1), src=src,
                                     dst=dst))
        return out

    def fragments(self, n):
        """Fragment sets; returns (frames, whole datagrams reassembled)."""
        r = self.rnd
        out = []
        for _ in range(n):
            typ = r.choice((8, 8, 0, 13, 3, r.randrange(256)))
            size = r.choice((8, 16, 64, 512, 1400))
            payload = self.icmp(typ)[:8] + bytes(
                r.randrange(256) for _ in
                range(r.randrange(16, min(3000, size * 24))))
            payload = icmp_fix(payload)
            ident = self.next_id()
            pieces = [(off, payload[off:off + size])
                      for off in range(0, len(payload), size)]
            kind = r.choice(("whole", "shuffled", "dup", "overlap",
                             "missing", "oversized"))
            if kind == "shuffled":
                r.shuffle(pieces)
            elif kind == "dup":
                pieces.append(r.choice(pieces))
            elif kind == "overlap" and len(pieces) > 1:
                off, data = r.choice(pieces[1:])
                pieces.append((off - 8, bytes(8) + data))
            elif kind == "missing" and len(pieces) > 1:
                del pieces[r.randrange(len(pieces))]
            elif kind == "oversized":
                pieces.append((65528, bytes(16)))
            for off, data in pieces:
                mf = 0 if off + len(data) >= len(payload) else 1
                ip = ip_header(self.a.src, self.a.dst, len(data),
                               ident=ident, flags=mf, frag=off // 8)
                out.append(self.frame(ip + data))
        return out


def send(a, frames):
    # Small bursts: nothing may be dropped for want of backlog room.
    for i in range(0, len(frames), 50):
        sendp([Raw(f) for f in frames[i:i + 50]], iface=a.iface)
        time.sleep(0.02)


def expected_types(frames):
    """rx_types a whole (unfragmented) datagram adds: its first ICMP byte."""
    want = {}
    for f in frames:
        ip = f[14:]
        ihl = (ip[0] & 15) * 4
        tot = struct.unpack("!H", ip[2:4])[0]
        if tot > ihl:
            want[ip[ihl]] = want.get(ip[ihl], 0) + 1
    return want


def phase(a, name, frames, whole):
    s0 = Snapshot(a)
    send(a, frames)
    time.sleep(1.5)
    s1 = Snapshot(a)

    def d(field):
        return s1.st["counters"][field] - s0.st["counters"][field]

    def mib(field):
        return s1.mib[field] - s0.mib[field]

    rx = s1.rx - s0.rx
    check(rx == len(frames), "%s: %d frames sent, %d arrived" %
          (name, len(frames), rx))
    lo = s1.lo - s0.lo
    pre = mib("IpExt.InTruncatedPkts") + mib("IpExt.InCsumErrors")
    seen = rx + lo - mib("Ip.ReasmReqds") + mib("Ip.ReasmOKs")
    counted = d("rx_packets")
    check(d("fragments") == mib("Ip.ReasmReqds"),
          "%s: every fragment counted at the hook (%d of %d)" %
          (name, d("fragments"), mib("Ip.ReasmReqds")))
    check(pre == 0 and counted == seen,
          "%s: hook counted every datagram (%d of %d)" %
          (name, counted, seen),
          "rx %d, lo %d, ReasmReqds %d, ReasmOKs %d, ReasmFails %d, "
          "dropped before the hook %d, fragments %d" %
          (rx, lo, mib("Ip.ReasmReqds"), mib("Ip.ReasmOKs"),
           mib("Ip.ReasmFails"), pre, d("fragments")))
    drops = sum(s1.st["drops"].values()) - sum(s0.st["drops"].values())
    outcomes = {k: d(k) for k in OUTCOMES if d(k)}
    total = drops + sum(outcomes.values())
    drop_d = {k: v - s0.st["drops"][k] for k, v in s1.st["drops"].items()
              if v != s0.st["drops"][k]}
    check(total == counted,
          "%s: each datagram has exactly one outcome (%d for %d)" %
          (name, total, counted),
          "drops %s; outcomes %s; also rule_accepted %d rule_replied %d "
          "reply_failed %d" % (drop_d, outcomes, d("rule_accepted"),
                               d("rule_replied"), d("reply_failed")))
    if lo:      # counted in; rx_types then cannot be predicted
        print("#   %s: %d datagrams came over lo, not from the peer" %
              (name, lo), flush=True)
    if whole and not lo:
        want = expected_types(frames)
        got = {t: s1.types.get(t, 0) - s0.types.get(t, 0)
               for t in set(s1.types) | set(want)}
        got = {t: v for t, v in got.items() if v}
        bad = sorted(t for t in set(got) | set(want)
                     if got.get(t, 0) != want.get(t, 0))
        check(not bad, "%s: rx_types counted each type exactly" % name,
              "; ".join("type %d: got %d want %d" %
                        (t, got.get(t, 0), want.get(t, 0))
                        for t in bad[:10]))
    print("#   %s: %d frames, drops %s, outcomes %s" %
          (name, len(frames), drop_d, outcomes), flush=True)


# Tight limits, rules of every action, a default policy: the "limits"
# phase then reaches every outcome the hook has.
LIMITS = (
    ("set", "reply-rate", "20", "burst", "5", "reply-rate-per-dest", "10",
     "burst", "3", "max-sources", "16"),
    ("set", "flood-limit", "40", "burst", "30", "per-source"),
    ("set", "flood-limit", "300", "burst", "150"),
    ("rule", "add", "input", "type", "0", "drop"),
    ("rule", "add", "input", "type", "13", "limit", "2", "burst", "2"),
    ("rule", "add", "input", "type", "10", "reject"),
    ("rule", "add", "forward", "to", "203.0.113.0/24", "reply"),
    ("rule", "add", "input", "type", "8,42", "accept"),
    ("set", "default-policy", "input", "drop"),
)
DEFAULTS = (
    ("rule", "flush"),
    ("set", "default-policy", "input", "accept"),
    ("set", "reply-rate", "100000", "burst", "20000", "reply-rate-per-dest",
     "50000", "burst", "10000", "max-sources", "65536"),
    ("set", "flood-limit", "50000", "burst", "10000", "per-source"),
    ("set", "flood-limit", "200000", "burst", "20000"),
)


def icmpctl(a, *args):
    subprocess.check_call([a.icmpctl, "-n", a.dut_ns] + list(args))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--iface", required=True)
    p.add_argument("--src", required=True)
    p.add_argument("--dst", required=True)
    p.add_argument("--dut-ns", required=True)
    p.add_argument("--dut-iface", required=True)
    p.add_argument("--icmpctl", required=True)
    p.add_argument("--seed", type=lambda x: int(x, 0),
                   default=int(os.environ.get("FUZZ_SEED", "0x1c3a9d"), 0))
    p.add_argument("--scale", type=float,
                   default=float(os.environ.get("FUZZ_PACKETS_SCALE", "1")))
    p.add_argument("--ping", action="store_true",
                   help="check that ping is still answered")
    p.add_argument("--limits", action="store_true",
                   help="a phase under tight limits, rules and a policy")
    a = p.parse_args()
    print("# fuzz_packets.py --seed %#x --scale %g" % (a.seed, a.scale),
          flush=True)

    fz = Fuzzer(a)
    start = Snapshot(a)
    n = lambda k: max(1, int(k * a.scale))         # noqa: E731
    phase(a, "types", fz.types(n(3)), True)
    phase(a, "options", fz.with_options(n(150)), True)
    phase(a, "bodies", fz.bodies(n(200)), True)
    phase(a, "addresses", fz.addresses(n(150)), True)
    if a.limits:
        for cmd in LIMITS:
            icmpctl(a, *cmd)
        phase(a, "limits", fz.limits(n(400)), True)
        for cmd in DEFAULTS:
            icmpctl(a, *cmd)
    phase(a, "fragments", fz.fragments(n(60)), False)

    end = Snapshot(a)
    print("#   in all: " + ", ".join(
        "%s %d" % (k, end.st["counters"][k] - start.st["counters"][k])
        for k in ("rx_packets", "tx_packets", "errors_sent",
                  "router_time_exceeded", "router_frag_needed",
                  "rule_replied", "reply_failed")), flush=True)
    if a.ping:
        rc = subprocess.call(["ping", "-q", "-c", "3", "-i", "0.2", "-W",
                              "2", a.dst], stdout=subprocess.DEVNULL)
        check(rc == 0, "ping %s still answered after the fuzz" % a.dst)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
