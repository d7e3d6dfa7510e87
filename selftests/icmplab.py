# SPDX-License-Identifier: GPL-2.0
"""What the scapy selftests share: TEST lines, a sender on one interface
that hears every ICMP datagram coming back, and ICMP built by hand.

Importing scapy costs seconds under TCG: each script imports it once.
"""

import json
import struct
import subprocess
import time

from scapy.all import (AsyncSniffer, Ether, ICMP, IP, conf, get_if_hwaddr,
                       getmacbyip, sendp)
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

    def stats(self):
        return json.loads(subprocess.check_output(self.cmd + ["-j",
                                                              "stats"]))


class Lab:
    """Frames out of iface to peer's MAC; ICMP from anyone else heard."""

    def __init__(self, iface, peer):
        self.iface = iface
        self.mac = get_if_hwaddr(iface)
        self.peer_mac = getmacbyip(peer)
        self.got = []
        self.sniffer = AsyncSniffer(
            iface=iface, store=False, prn=self.got.append,
            lfilter=lambda p: (Ether in p and p[Ether].src != self.mac and
                               IP in p and ICMP in p))
        self.sniffer.start()
        time.sleep(0.5)

    def send(self, ip, bcast=False):
        dst = "ff:ff:ff:ff:ff:ff" if bcast else self.peer_mac
        sendp(Ether(src=self.mac, dst=dst) / ip, iface=self.iface)

    def replies(self, wait=1.0):
        """What was heard since the last call, after waiting."""
        time.sleep(wait)
        got, self.got[:] = list(self.got), []
        return got

    def stop(self):
        self.sniffer.stop()
