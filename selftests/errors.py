#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Field-level checks of the errors icmpguard builds, and of its refusals.

Runs in the client namespace of errors.sh, with the router in router mode
owning --owned's /24. Checks the quoted datagram (RFC 1812 4.3.2.3: as
much as fits in 576 bytes), TOS, TTL, checksums, the RFC 4884 length and
the RFC 5837 Interface Information Object, Port and Protocol Unreachable
from owned addresses, and that no error is sent about an ICMP error, a
broadcast, a non-first fragment or an invalid source, each refusal
counted. One TEST line per check; exit 1 if any failed.
"""

import argparse
import json
import os
import struct
import subprocess
import sys

from scapy.all import ICMP, IP, TCP, UDP, Raw
from scapy.utils import checksum

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import icmplab  # noqa: E402
from icmplab import check  # noqa: E402


def router(a, *args):
    return subprocess.check_output(["ip", "netns", "exec", a.router_ns] +
                                   list(args))


def icmpctl(a, *args):
    a.ctl(*args)


def counters(a):
    return a.ctl.stats()["counters"]


def quote_of(err):
    """The ICMP payload of an error: the quoted datagram (and padding)."""
    return bytes(err[ICMP])[8:]


def quote_checks(a, lab):
    icmpctl(a, "set", "error-extensions", "off")
    big = IP(src=a.src, dst=a.server, ttl=1, id=0x1111) / \
        UDP(sport=40001, dport=33434) / Raw(b"\xa5" * 1400)
    small = IP(src=a.src, dst=a.server, ttl=1, id=0x2222) / \
        UDP(sport=40002, dport=33434) / Raw(b"small")
    lab.send(big)
    lab.send(small)
    errs = {}
    for p in lab.replies():
        if p[ICMP].type == 11:
            q = quote_of(p)
            errs[struct.unpack("!H", q[4:6])[0]] = p
    e = errs.get(0x1111)
    check(e is not None, "TTL 1: Time Exceeded comes back")
    if e is not None:
        ip = e[IP]
        check(ip.src == a.router and ip.len == 576,
              "Time Exceeded: from the inbound interface, 576 bytes",
              "src %s len %d" % (ip.src, ip.len))
        check(quote_of(e) == bytes(big)[:576 - 28],
              "large datagram: quote is exactly its first 548 bytes")
        check(ip.tos == 0xc0, "TOS is internetwork control", hex(ip.tos))
        check(ip.ttl == 64, "TTL is the namespace default", ip.ttl)
        check(checksum(bytes(ip)[:20]) == 0 and
              checksum(bytes(e[ICMP])) == 0, "IP and ICMP checksums valid")
        check(e[ICMP].code == 0 and bytes(e[ICMP])[4:8] == b"\0" * 4,
              "code 0, unused word zero (no extensions)")
    e = errs.get(0x2222)
    check(e is not None and quote_of(e) == bytes(small),
          "small datagram: quoted whole, nothing more",
          e and len(quote_of(e)))


def ext_checks(a, lab):
    icmpctl(a, "set", "error-extensions", "on")
    info = json.loads(router(a, "ip", "-j", "link", "show", a.router_if))[0]
    small = IP(src=a.src, dst=a.server, ttl=1, id=0x3333) / \
        UDP(sport=40003, dport=33434) / Raw(b"ext")
    big = IP(src=a.src, dst=a.server, ttl=1, id=0x4444) / \
        UDP(sport=40004, dport=33434) / Raw(b"\x5a" * 1400)
    lab.send(small)
    lab.send(big)
    errs = {}
    for p in lab.replies():
        if p[ICMP].type == 11:
            errs[struct.unpack("!H", quote_of(p)[4:6])[0]] = p
    e = errs.get(0x3333)
    check(e is not None, "extensions on: Time Exceeded comes back")
    if e is None:
        return
    raw = bytes(e[ICMP])
    words = raw[5]
    check(words == 32, "RFC 4884 length: 128 bytes (32 words) for a small "
          "datagram", words)
    q = raw[8:8 + 4 * words]
    check(q[:len(bytes(small))] == bytes(small) and
          q[len(bytes(small)):] == b"\0" * (128 - len(bytes(small))),
          "quote padded with zeros to 128 bytes")
    ext = raw[8 + 4 * words:]
    check(len(ext) >= 8 and ext[0] >> 4 == 2 and checksum(ext) == 0,
          "extension header: version 2, checksum valid")
    olen, cls, ctype = struct.unpack("!HBB", ext[4:8])
    obj = ext[8:4 + olen]
    check(cls == 2 and ctype == 0x0B and olen == len(ext) - 4,
          "RFC 5837 object: class 2, incoming, ifIndex+name+MTU",
          (cls, hex(ctype), olen))
    ifindex = struct.unpack("!I", obj[:4])[0]
    nlen = obj[4]
    name = obj[5:4 + nlen].rstrip(b"\0").decode()
    mtu = struct.unpack("!I", obj[4 + nlen:8 + nlen])[0]
    check(ifindex == info["ifindex"] and name == a.router_if and
          mtu == info["mtu"],
          "interface %s: ifIndex %d, MTU %d decoded" % (name, ifindex, mtu),
          (ifindex, name, mtu))
    # scapy finds the extension by itself (ICMP length > 144: byte 136) and
    # checks its checksum. Its RFC 5837 object parser reads the name
    # sub-object's length as excluding the length byte, against RFC 5837
    # 4.3, so the object itself is decoded by hand above.
    from scapy.contrib import icmp_extensions as ie
    from scapy.main import load_contrib
    load_contrib("icmp_extensions")
    pkt = IP(bytes(e[IP]))
    check(ie.ICMPExtensionHeader in pkt and
          pkt[ie.ICMPExtensionHeader].version == 2,
          "scapy's own RFC 4884 dissector finds the extension header")
    e = errs.get(0x4444)
    check(e is not None and e[IP].len == 576 and
          bytes(e[ICMP])[5] * 4 == 576 - 28 - 20 and
          quote_of(e)[:528] == bytes(big)[:528],
          "large datagram with extensions: 528-byte quote, 576 in all",
          e and (e[IP].len, bytes(e[ICMP])[5]))
    icmpctl(a, "set", "error-extensions", "off")


def owned_checks(a, lab):
    c0 = counters(a)
    lab.send(IP(src=a.src, dst=a.owned, id=0x5555) /
             UDP(sport=40005, dport=9) / Raw(b"port"))
    lab.send(IP(src=a.src, dst=a.owned, id=0x6666, proto=253) /
             Raw(b"proto"))
    lab.send(IP(src=a.src, dst=a.owned) / TCP(sport=40006, dport=80,
                                              flags="S"))
    lab.send(IP(src=a.src, dst=a.owned) /
             UDP(sport=40007, dport=9, chksum=0xbad) / Raw(b"bad"))
    got = lab.replies()
    by_id = {struct.unpack("!H", quote_of(p)[4:6])[0]: p for p in got
             if p[ICMP].type == 3}
    e = by_id.get(0x5555)
    check(e is not None and e[ICMP].code == 3 and e[IP].src == a.owned,
          "UDP to an owned address: Port Unreachable from that address")
    e = by_id.get(0x6666)
    check(e is not None and e[ICMP].code == 2,
          "protocol 253 to an owned address: Protocol Unreachable")
    check(len(got) == 2, "nothing for TCP or a bad UDP checksum",
          [p.summary() for p in got])
    c1 = counters(a)
    check(c1["owned_tcp_dropped"] - c0["owned_tcp_dropped"] == 1,
          "the TCP segment is counted as dropped")


def refusal_checks(a, lab):
    c0 = counters(a)
    # About a broadcast (link layer): UDP to an owned address.
    lab.send(IP(src=a.src, dst=a.owned) / UDP(dport=9), bcast=True)
    # From invalid sources: 240/4 and 127/8 off loopback.
    lab.send(IP(src="240.0.0.1", dst=a.owned) / UDP(dport=9))
    lab.send(IP(src="127.0.0.9", dst=a.owned) / UDP(dport=9))
    # About an ICMP error: a Port Unreachable whose TTL expires here.
    inner = bytes(IP(src=a.server, dst=a.src) / UDP(sport=9, dport=9))
    lab.send(IP(src=a.src, dst=a.server, ttl=1) /
             ICMP(type=3, code=3) / Raw(inner))
    # A non-first fragment with TTL 1: never answered.
    lab.send(IP(src=a.src, dst=a.server, ttl=1, frag=100, proto=17) /
             Raw(b"x" * 64))
    got = lab.replies(1.5)
    check(not got, "no error about a broadcast, a bad source, an ICMP "
          "error or a fragment", [p.summary() for p in got])
    c1 = counters(a)
    for name, n in (("err_refused_broadcast", 1),
                    ("err_refused_bad_source", 2),
                    ("err_refused_icmp_error", 1)):
        check(c1[name] - c0[name] == n, "%s counted %d" % (name, n),
              c1[name] - c0[name])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--iface", required=True)
    p.add_argument("--src", default="10.80.1.1")
    p.add_argument("--router", required=True)
    p.add_argument("--router-if", default="r0")
    p.add_argument("--server", required=True)
    p.add_argument("--owned", required=True)
    p.add_argument("--router-ns", required=True)
    p.add_argument("--icmpctl", required=True)
    a = p.parse_args()
    return icmplab.run(a, a.router_ns, a.router, quote_checks, ext_checks,
                       owned_checks, refusal_checks)


if __name__ == "__main__":
    sys.exit(main())
