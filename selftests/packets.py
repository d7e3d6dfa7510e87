#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Field-level checks of icmpguard's replies and of its validation stage.

Runs in the peer namespace, sends crafted frames on --iface at the
module's namespace (--dut-ns) and checks (1) every field of the replies to
echo, timestamp and extended echo, (2) that malformed, broadcast,
bad-source, deprecated, unknown-type and garbage datagrams get no answer
and land in exactly the right drop counter. Prints one TEST line per
check; exits 1 if any failed.
"""

import argparse
import os
import random
import struct
import subprocess
import sys
import time

from scapy.all import ICMP, IP, IPOption_NOP, Raw
from scapy.utils import checksum

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import icmplab  # noqa: E402
from icmplab import check, icmp_raw, valid_icmp_csum  # noqa: E402


def stats(a):
    return a.ctl.stats()


def icmpctl(a, *args):
    a.ctl(*args)


def echo_checks(a, lab):
    ttl = 61
    subprocess.check_call(["ip", "netns", "exec", a.dut_ns, "sysctl", "-qw",
                           "net.ipv4.ip_default_ttl=%d" % ttl])
    payload = bytes(random.getrandbits(8) for _ in range(333))
    lab.send(IP(src=a.src, dst=a.dst, tos=0x2a, ttl=7) /
             ICMP(type=8, code=0, id=0x4242, seq=0x0909) / Raw(payload))
    # IP options (four NOPs): the reply strips them, keeps the payload.
    lab.send(IP(src=a.src, dst=a.dst, options=[IPOption_NOP()] * 4) /
             ICMP(type=8, id=0x4343, seq=1) / Raw(b"options"))
    got = lab.replies()
    by_id = {p[ICMP].id: p for p in got if p[ICMP].type == 0}

    r = by_id.get(0x4242)
    check(r is not None, "echo: a reply arrives")
    if r is None:
        return
    ip, ic = r[IP], r[ICMP]
    check(ip.src == a.dst and ip.dst == a.src, "echo: addresses swapped")
    check(ip.ttl == ttl, "echo: TTL is the namespace's ip_default_ttl",
          "ttl=%d" % ip.ttl)
    check(ip.tos == 0x2a, "echo: TOS copied", "tos=%#x" % ip.tos)
    check(ip.ihl == 5 and not (ip.flags & 2), "echo: plain header, DF clear")
    ip_csum = ip.chksum
    check(checksum(bytes(ip)[:20]) == 0, "echo: IP checksum valid",
          "chksum=%#x" % ip_csum)
    check(ic.code == 0 and ic.seq == 0x0909, "echo: code, sequence mirrored")
    check(bytes(ic.payload) == payload, "echo: payload mirrored byte for byte")
    check(valid_icmp_csum(r), "echo: ICMP checksum valid")

    r = by_id.get(0x4343)
    check(r is not None and r[IP].ihl == 5 and
          bytes(r[ICMP].payload) == b"options",
          "echo with IP options: answered without options, payload intact")


def timestamp_checks(a, lab):
    icmpctl(a, "set", "timestamp", "on")
    lab.send(IP(src=a.src, dst=a.dst) /
             ICMP(type=13, id=0x1313, seq=3, ts_ori=123456,
                  ts_rx=0, ts_tx=0))
    got = [p for p in lab.replies() if p[ICMP].type == 14]
    check(len(got) == 1, "timestamp on: one reply (type 14)")
    if got:
        ic = got[0][ICMP]
        now = int(time.time() * 1000) % 86400000
        check(ic.id == 0x1313 and ic.seq == 3 and ic.ts_ori == 123456,
              "timestamp: identifier, sequence, originate mirrored")
        check(ic.ts_rx == ic.ts_tx and abs(ic.ts_rx - now) < 5000,
              "timestamp: receive = transmit = ms since midnight UT",
              "rx=%d tx=%d now=%d" % (ic.ts_rx, ic.ts_tx, now))
        check(len(bytes(ic)) == 20 and valid_icmp_csum(got[0]),
              "timestamp: 20-byte reply with a valid checksum")


def probe(a, lab, ctype, ident, ident_id):
    obj = struct.pack("!HBB", 4 + len(ident), 3, ctype) + ident
    ext = struct.pack("!BBH", 2 << 4, 0, 0) + obj
    ext = ext[:2] + struct.pack("!H", checksum(ext)) + ext[4:]
    # sequence 0x05 in the high byte, L-bit set in the low one
    rest = struct.pack("!HBB", ident_id, 5, 1)
    lab.send(IP(src=a.src, dst=a.dst, proto=1) / Raw(icmp_raw(42, 0, rest,
                                                              ext)))


def probe_checks(a, lab):
    icmpctl(a, "set", "probe", "on")
    probe(a, lab, 2, struct.pack("!I", 1), 0x4201)          # ifindex 1: lo
    probe(a, lab, 1, b"nosuch0\0", 0x4202)                  # no such name
    probe(a, lab, 3, struct.pack("!HBB", 1, 4, 0) +
          bytes([127, 0, 0, 1]), 0x4203)                    # by address
    got = {}
    for p in lab.replies():
        if p[ICMP].type == 43:
            ident, seq, status = struct.unpack("!HBB", bytes(p[ICMP])[4:8])
            got[ident] = (p[ICMP].code, seq, status, valid_icmp_csum(p))
    r = got.get(0x4201)
    check(r is not None and r[0] == 0 and r[1] == 5 and r[2] & 0x4 and
          r[2] & 0x2 and r[3],
          "probe ifindex 1: code 0, sequence kept, Active and IPv4 set",
          repr(r))
    r = got.get(0x4202)
    check(r is not None and r[0] == 2, "probe unknown name: code 2", repr(r))
    r = got.get(0x4203)
    check(r is not None and r[0] == 0 and r[2] & 0x4,
          "probe by address 127.0.0.1: code 0, Active", repr(r))


def drop_checks(a, lab):
    icmpctl(a, "set", "timestamp", "off", "probe", "off")
    s0 = stats(a)
    want = {}

    def expect(reason, ip, bcast=False):
        want[reason] = want.get(reason, 0) + 1
        lab.send(ip, bcast)

    ip = IP(src=a.src, dst=a.dst, proto=1)
    expect("truncated", ip / Raw(b"\x08\x00\x00"))
    expect("truncated", ip)
    expect("bad_checksum", ip / Raw(icmp_raw(8, 0, body=b"x" * 20,
                                             csum=0xdead)))
    expect("bad_length", ip / Raw(icmp_raw(13, body=b"\0" * 4)))
    expect("bad_length", ip / Raw(icmp_raw(3, 3)))
    bcast = a.dst.rsplit(".", 1)[0] + ".255"
    expect("broadcast", IP(src=a.src, dst=bcast) / ICMP(type=8), True)
    expect("broadcast", IP(src=a.src, dst="255.255.255.255") / ICMP(type=8),
           True)
    for src in ("0.1.2.3", "127.0.0.1", "224.1.1.1", "240.0.0.1",
                "255.255.255.255"):
        expect("bad_source", IP(src=src, dst=a.dst) / ICMP(type=8))
    quote = bytes(IP(src=a.dst, dst=a.src) / ICMP())
    for t in (4, 6, 15, 16, 17, 18, 30, 39):
        expect("deprecated", ip / Raw(icmp_raw(t, body=quote)))
    for t in (1, 2, 7, 19, 29, 44, 252, 255):
        expect("unknown_type", ip / Raw(icmp_raw(t, body=quote)))
    expect("disabled", IP(src=a.src, dst=a.dst) / ICMP(type=13))
    ext = struct.pack("!BBHHBBI", 2 << 4, 0, 0, 8, 3, 2, 1)
    expect("disabled", ip / Raw(icmp_raw(42, 0, struct.pack("!HBB", 1, 1, 1),
                                         ext)))
    got = lab.replies(1.5)
    check(not got, "no answer to any malformed or refused datagram",
          "; ".join(p.summary() for p in got))
    s1 = stats(a)
    for reason, n in sorted(want.items()):
        d = s1["drops"][reason] - s0["drops"][reason]
        check(d == n, "%d x %s counted under drops.%s" % (n, reason, reason),
              "delta %d" % d)

    # Random bytes after a valid IP header: never an answer, every
    # datagram counted once (dropped under a reason or passed on).
    rnd = random.Random(int(os.environ.get("SEED", "8335")))
    s0 = stats(a)
    n = 300
    for _ in range(n):
        body = bytes(rnd.getrandbits(8) for _ in range(rnd.randrange(0, 120)))
        lab.send(IP(src=a.src, dst=a.dst, proto=1) / Raw(body))
    got = lab.replies(1.5)
    check(not got, "%d random ICMP bodies: no answer" % n,
          "; ".join(p.summary() for p in got[:5]))
    s1 = stats(a)
    rx = s1["counters"]["rx_packets"] - s0["counters"]["rx_packets"]
    accounted = (sum(s1["drops"].values()) - sum(s0["drops"].values()) +
                 s1["counters"]["passed"] - s0["counters"]["passed"] +
                 s1["counters"]["echo_replies"] -
                 s0["counters"]["echo_replies"])
    check(rx == n and accounted == n,
          "random bodies: each counted once (rx %d, dropped+passed %d)" %
          (rx, accounted))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--iface", required=True)
    p.add_argument("--src", required=True)
    p.add_argument("--dst", required=True)
    p.add_argument("--dut-ns", required=True)
    p.add_argument("--icmpctl", required=True)
    a = p.parse_args()
    return icmplab.run(a, a.dut_ns, a.dst, echo_checks, timestamp_checks,
                       probe_checks, drop_checks)


if __name__ == "__main__":
    sys.exit(main())
