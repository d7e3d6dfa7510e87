# SPDX-License-Identifier: GPL-2.0
"""What the scapy selftests share: TEST lines, a sender on one interface
that hears what comes back (ICMP, or all of IPv6), and ICMP built by hand.

Importing scapy costs seconds under TCG: each script imports it once.
"""

import json
import struct
import subprocess
import time

from scapy.all import (AsyncSniffer, Ether, ICMP, IP, IPv6, conf,
                       get_if_hwaddr, getmacbyip, sendp)
from scapy.utils import checksum

conf.verb = 0
failed = 0


def check(ok, desc, detail=""):
    """One TEST line; a failure is counted and explained."""
    global failed
    print("TEST: %-64s [%s]" % (desc, " OK " if ok else "FAIL"))
    if not ok:
        failed += 1
        if detail:
            print("    " + str(detail))


def icmp_raw(typ, code=0, rest=b"\0\0\0\0", body=b"", csum=None):
    """An ICMP message as bytes with a correct (or forced) checksum."""
    hdr = struct.pack("!BBH", typ, code, 0) + rest
    if csum is None:
        csum = checksum(hdr + body)
    return struct.pack("!BBH", typ, code, csum) + rest + body


def valid_icmp_csum(pkt):
    return checksum(bytes(pkt[ICMP])) == 0


class Icmpctl:
    """icmpctl acting in one namespace."""

    def __init__(self, path, netns):
        self.cmd = [path, "-n", netns]

    def __call__(self, *args):
        subprocess.check_call(self.cmd + list(args))

    def stats(self, ipv6=False):
        """icmpctl -j stats; with ipv6, the IPv6 family's part."""
        j = json.loads(subprocess.check_output(
            self.cmd + ["-j"] + (["-6"] if ipv6 else []) + ["stats"]))
        return j.get("ipv6", j) if ipv6 else j


class Lab:
    """Frames out of iface to a peer (its MAC given, or found by ARP);
    heard: IPv4 ICMP, or with ipv6 every IPv6 datagram, from anyone else.
    """

    def __init__(self, iface, peer=None, peer_mac=None, ipv6=False):
        self.iface = iface
        self.mac = get_if_hwaddr(iface)
        self.peer_mac = peer_mac or getmacbyip(peer)
        self.got = []
        if ipv6:
            def want(p):
                return IPv6 in p
        else:
            def want(p):
                return IP in p and ICMP in p
        self.sniffer = AsyncSniffer(
            iface=iface, store=False, prn=self.got.append,
            lfilter=lambda p: (Ether in p and p[Ether].src != self.mac and
                               want(p)))
        self.sniffer.start()
        time.sleep(0.5)

    def send(self, pkt, bcast=False, dst_mac=None):
        if bcast:
            dst_mac = "ff:ff:ff:ff:ff:ff"
        sendp(Ether(src=self.mac, dst=dst_mac or self.peer_mac) / pkt,
              iface=self.iface)

    def replies(self, wait=1.0):
        """What was heard since the last call, after waiting."""
        time.sleep(wait)
        got, self.got[:] = list(self.got), []
        return got

    def stop(self):
        self.sniffer.stop()


def run(a, netns, peer, *checks):
    """Each check(a, lab) in turn, a.ctl acting in netns and the lab
    sending on a.iface to peer; the exit status."""
    a.ctl = Icmpctl(a.icmpctl, netns)
    lab = Lab(a.iface, peer)
    try:
        for c in checks:
            c(a, lab)
    finally:
        lab.stop()
    return 1 if failed else 0
