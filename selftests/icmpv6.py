#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""ICMPv6 checks of icmpguard with crafted packets (icmpv6.sh).

Default: runs in the peer namespace, sends frames on --iface at the dut
and checks the echo reply's fields, each drop reason (exactly one counter
moves, nothing is answered), what RFC 4443 2.4(e) forbids answering, the
1280-byte bound of an error, and Parameter Problem for an unknown next
header at an owned address. One TEST line per check; exits 1 if any
failed.

"recverr DST": no scapy. A UDP socket with IPV6_RECVERR and
IPV6_RECVERR_RFC4884 sends to DST (an owned address) and reads the
Port Unreachable back from the error queue: the kernel's own RFC 4884
parser must find a valid length (ee_rfc4884.len, flag not INVALID).
"""

import argparse
import os
import socket
import struct
import subprocess
import sys
import time

IPV6_RECVERR = 25
IPV6_RECVERR_RFC4884 = 31
SO_EE_ORIGIN_ICMP6 = 3
SO_EE_RFC4884_FLAG_INVALID = 1


def recverr(dst):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IPV6, IPV6_RECVERR, 1)
    s.setsockopt(socket.IPPROTO_IPV6, IPV6_RECVERR_RFC4884, 1)
    s.connect((dst, 33434))
    s.send(b"x" * 200)
    deadline = time.time() + 5
    while time.time() < deadline:
        try:
            _, anc, _, _ = s.recvmsg(2048, 512,
                                     socket.MSG_ERRQUEUE | socket.MSG_DONTWAIT)
        except BlockingIOError:
            time.sleep(0.1)
            continue
        for level, typ, data in anc:
            if level != socket.IPPROTO_IPV6 or typ != IPV6_RECVERR:
                continue
            (errno_, origin, itype, code, _pad, _info, rlen, rflags,
             _res) = struct.unpack_from("=IBBBBIHBB", data)
            print("ee_errno %d origin %d type %d code %d rfc4884 len %d "
                  "flags %d" % (errno_, origin, itype, code, rlen, rflags))
            ok = (origin == SO_EE_ORIGIN_ICMP6 and itype == 1 and code == 4
                  and rlen >= 128 and not rflags & SO_EE_RFC4884_FLAG_INVALID)
            return 0 if ok else 1
    print("no error queued")
    return 1


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "recverr":
        return recverr(sys.argv[2])

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import icmplab
    from icmplab import check
    from scapy.all import (ICMPv6EchoRequest, ICMPv6ND_NA, ICMPv6ND_NS,
                           ICMPv6ND_RS, ICMPv6MLQuery, IPv6,
                           IPv6ExtHdrFragment, Raw, UDP, fragment6)
    from scapy.utils import checksum

    def csum6(src, dst, body):
        """The ICMPv6 checksum over BODY: 0 when BODY's is right."""
        pseudo = (socket.inet_pton(socket.AF_INET6, src) +
                  socket.inet_pton(socket.AF_INET6, dst) +
                  struct.pack("!I3xB", len(body), 58))
        return checksum(pseudo + body)

    p = argparse.ArgumentParser()
    p.add_argument("--iface", required=True)
    p.add_argument("--dut-ns", required=True)
    p.add_argument("--icmpctl", required=True)
    p.add_argument("--src", required=True)
    p.add_argument("--dst", required=True)
    p.add_argument("--owned", required=True)
    a = p.parse_args()

    ctl = icmplab.Icmpctl(a.icmpctl, a.dut_ns)

    def stats():
        return ctl.stats(ipv6=True)

    def flat(j):
        d = dict(("c." + k, v) for k, v in j["counters"].items())
        d.update(("d." + k, v) for k, v in j["drops"].items())
        return d

    dut_mac = subprocess.check_output(
        ["ip", "netns", "exec", a.dut_ns, "sh", "-c",
         "cat /sys/class/net/w*/address"]).decode().split()[0]
    lab = icmplab.Lab(a.iface, peer_mac=dut_mac, ipv6=True)

    def icmp6(src, dst, typ, code=0, rest=bytes(4)):
        """IPv6 / an ICMPv6 message of any type, its checksum right."""
        body = struct.pack("!BBH", typ, code, 0) + rest
        ck = csum6(src, dst, body)
        return IPv6(src=src, dst=dst, nh=58) / Raw(
            body[:2] + struct.pack("!H", ck) + body[4:])

    send = lab.send

    def heard(wait=1.0):
        r = lab.replies(wait)
        # Neighbor Discovery, router solicitations and MLD reports of
        # its own are not answers.
        return [q for q in r if q[IPv6].nh == 58 and
                bytes(q[IPv6].payload)[0] not in (131, 132, 133, 135,
                                                  136, 143)]

    def expect_drop(desc, pkt, reason, dst_mac=None):
        before = flat(stats())
        send(pkt, dst_mac=dst_mac)
        ans = heard()
        after = flat(stats())
        moved = dict((k, after.get(k, 0) - before.get(k, 0))
                     for k in after if after.get(k, 0) != before.get(k, 0) and
                     k.startswith("d."))
        check(moved == {"d." + reason: 1},
              "%s: dropped as %s" % (desc, reason), "drops moved: %s" % moved)
        check(not ans, "%s: not answered" % desc,
              [q.summary() for q in ans])

    # Echo: every field of the reply.
    hlim = int(subprocess.check_output(
        ["ip", "netns", "exec", a.dut_ns, "sysctl", "-n",
         "net.ipv6.conf.all.hop_limit"]))
    payload = bytes(range(256)) * 2
    send(IPv6(src=a.src, dst=a.dst, tc=0x28, fl=0xbeef, hlim=9) /
         ICMPv6EchoRequest(id=0x4242, seq=7, data=payload))
    rep = [q for q in heard() if bytes(q[IPv6].payload)[0] == 129]
    check(len(rep) == 1, "echo: one reply", [q.summary() for q in rep])
    if rep:
        r = rep[0][IPv6]
        body = bytes(r.payload)
        check(r.src == a.dst and r.dst == a.src, "echo: addresses swapped")
        check(r.tc == 0x28, "echo: traffic class copied (0x%x)" % r.tc)
        check(r.hlim == hlim, "echo: hop limit is the dut's %d (%d)" %
              (hlim, r.hlim))
        check(body[1] == 0 and body[4:8] == struct.pack("!HH", 0x4242, 7),
              "echo: code 0, id and sequence kept")
        check(body[8:] == payload, "echo: data mirrored byte for byte")
        check(csum6(r.src, r.dst, body) == 0, "echo: checksum valid")

    # One reason each.
    good = ICMPv6EchoRequest(id=1, seq=1, data=b"abcdefgh")
    raw = bytearray(bytes(IPv6(src=a.src, dst=a.dst) / good)[40:])
    raw[2] ^= 0x55
    expect_drop("echo with a bad checksum",
                IPv6(src=a.src, dst=a.dst, nh=58) / Raw(bytes(raw)),
                "bad_checksum")
    expect_drop("echo of 4 bytes",
                IPv6(src=a.src, dst=a.dst, nh=58) /
                Raw(struct.pack("!BBH", 128, 0, 0x7fff)), "truncated")
    expect_drop("echo from ::", IPv6(src="::", dst=a.dst) / good,
                "bad_source")
    expect_drop("echo from a v4-mapped source",
                IPv6(src="::ffff:10.0.0.1", dst=a.dst) / good, "bad_source")
    expect_drop("neighbor solicitation with hop limit 64",
                IPv6(src=a.src, dst=a.dst, hlim=64) /
                ICMPv6ND_NS(tgt=a.dst), "bad_nd")
    expect_drop("neighbor advertisement with code 1",
                IPv6(src=a.src, dst="ff02::1", hlim=255) /
                ICMPv6ND_NA(tgt=a.src, code=1, R=0, S=0, O=1),
                "bad_nd", "33:33:00:00:00:01")
    frag = IPv6(src=a.src, dst=a.dst, hlim=255) / IPv6ExtHdrFragment(
        id=0x1234) / ICMPv6ND_NS(tgt=a.dst)
    frags = fragment6(frag, 64)
    before = flat(stats())
    for f in frags:
        send(f)
    heard()
    after = flat(stats())
    check(after.get("d.bad_nd", 0) - before.get("d.bad_nd", 0) == 1,
          "neighbor solicitation in %d fragments: dropped as bad_nd "
          "(RFC 6980)" % len(frags))
    expect_drop("MLD query with hop limit 64",
                IPv6(src="fe80::1", dst="ff02::1", hlim=64) /
                ICMPv6MLQuery(), "bad_mld", "33:33:00:00:00:01")
    expect_drop("MLD query from a global address",
                IPv6(src=a.src, dst="ff02::1", hlim=1) /
                ICMPv6MLQuery(), "bad_mld", "33:33:00:00:00:01")
    expect_drop("informational type 150 (unknown)",
                icmp6(a.src, a.dst, 150), "unknown_type")

    # Not drops: a router solicitation from ::, an unknown error type.
    for desc, pkt, mac_ in (
            ("router solicitation from ::",
             IPv6(src="::", dst="ff02::2", hlim=255) / ICMPv6ND_RS(),
             "33:33:00:00:00:02"),
            ("unknown error type 5 (RFC 4443 2.4(b))",
             icmp6(a.src, a.dst, 5, 0, bytes(52)), None)):
        before = flat(stats())
        send(pkt, dst_mac=mac_)
        heard()
        after = flat(stats())
        moved = dict((k, after[k] - before.get(k, 0)) for k in after
                     if after[k] != before.get(k, 0))
        # (>= 1: the peer's own MLD reports may pass meanwhile)
        check(moved.get("c.passed", 0) >= 1 and
              not any(k.startswith("d.") for k in moved),
              "%s: passed to the kernel, not dropped" % desc, moved)

    # Errors for an owned address: Port Unreachable, Parameter Problem.
    udp = IPv6(src=a.src, dst=a.owned) / UDP(sport=4000, dport=9) / \
        Raw(b"u" * 1400)
    send(udp)
    errs = [q for q in heard() if bytes(q[IPv6].payload)[0] == 1]
    check(len(errs) == 1, "UDP to an owned address: one Port Unreachable",
          [q.summary() for q in errs])
    if errs:
        r = errs[0][IPv6]
        body = bytes(r.payload)
        check(body[1] == 4, "Port Unreachable: code 4 (%d)" % body[1])
        check(r.src == a.owned, "Port Unreachable: from the owned address")
        check(40 + len(body) <= 1280,
              "Port Unreachable: %d bytes, within 1280" % (40 + len(body)))
        check(40 + len(body) >= 1240,
              "Port Unreachable: quotes as much as fits (%d bytes)" %
              (40 + len(body)))
        check(body[8:48] == bytes(udp[IPv6])[:40],
              "Port Unreachable: quotes the offending header")
        check(csum6(r.src, r.dst, body) == 0, "Port Unreachable: checksum")

    send(IPv6(src=a.src, dst=a.owned, nh=253) / Raw(b"x" * 16))
    errs = [q for q in heard() if bytes(q[IPv6].payload)[0] == 4]
    check(len(errs) == 1, "next header 253 to an owned address: "
          "Parameter Problem", [q.summary() for q in heard(0)])
    if errs:
        body = bytes(errs[0][IPv6].payload)
        check(body[1] == 1 and struct.unpack("!I", body[4:8])[0] == 6,
              "Parameter Problem: code 1, pointer 6 (the Next Header)",
              body[:8].hex())

    # RFC 4443 2.4(e): no error to these.
    for desc, pkt, dmac in (
            ("UDP from ::", IPv6(src="::", dst=a.owned) / UDP(dport=9),
             None),
            ("UDP in a link-layer broadcast frame",
             IPv6(src=a.src, dst=a.owned) / UDP(dport=9),
             "ff:ff:ff:ff:ff:ff"),
            ("UDP from a v4-mapped source",
             IPv6(src="::ffff:10.1.1.1", dst=a.owned) / UDP(dport=9),
             None)):
        send(pkt, dst_mac=dmac)
        ans = [q for q in heard() if bytes(q[IPv6].payload)[0] < 128]
        check(not ans, "2.4(e): no error for %s" % desc,
              [q.summary() for q in ans])

    lab.stop()
    return 1 if icmplab.failed else 0


if __name__ == "__main__":
    sys.exit(main())
