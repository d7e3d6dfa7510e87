#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The scapy halves of hardening.sh's tests (issue 10), one subcommand each.

  martians  (martian_sources) Every path that answers: echo to a local
            and to an owned address, a reply rule, reject by a rule, by a
            limit rule and by the default policy, Port and Protocol
            Unreachable from an owned address. First from the peer's own
            address, where each answers (so each path is live), then from
            a directed broadcast source, from a source that fails
            rp_filter=1 on the ingress interface and from the dut's own
            address, where none may answer:
            nothing is heard, the dut's links send nothing, the module
            sends nothing, and its counters say why.

  options   (ip_options) Echo with LSRR and SSRR (the kernel drops them,
            accept_source_route=0), with a malformed option (the kernel
            answers Parameter Problem), with Record Route (the kernel
            answers), under a drop rule (rules still apply); a TTL-1
            datagram with Router Alert through a router in router mode
            (the module sends nothing; the kernel does what it does), and
            without options (the module answers: router mode is on).

Runs in the peer (client) namespace; prints one TEST line per check and
exits 1 if any failed.
"""

import argparse
import json
import os
import subprocess
import sys

from scapy.all import (ICMP, IP, UDP, ICMPerror, IPerror, IPOption,
                       IPOption_LSRR, IPOption_RR, IPOption_Router_Alert,
                       IPOption_SSRR, Raw)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import icmplab  # noqa: E402
from icmplab import check  # noqa: E402


def netns(ns, *args):
    return subprocess.check_output(["ip", "netns", "exec", ns] + list(args))


def snmp(ns, field, proto="Icmp"):
    lines = [l.split() for l in netns(ns, "cat", "/proc/net/snmp").decode()
             .splitlines() if l.startswith(proto + ":")]
    return int(lines[1][lines[0].index(field)])


def link_tx(ns, dev):
    j = json.loads(subprocess.check_output(["ip", "-n", ns, "-s", "-j",
                                            "link", "show", "dev", dev]))
    return j[0]["stats64"]["tx"]["packets"]


def delta(s1, s0, group, name):
    return s1[group][name] - s0[group][name]


def summary(pkts):
    return "; ".join(p.summary() for p in pkts[:6])


# ---- martian sources ------------------------------------------------------

def martian_probes(a, src):
    """The datagrams of every answering path, from @src, in send order.

    Returns (frames, what each answer should be, per probe name)."""
    udp = UDP(sport=40000, dport=9) / Raw(b"port")
    return [
        ("echo to a local address",
         IP(src=src, dst=a.local) / ICMP(type=8, id=0x7101, seq=1)),
        ("echo to an owned address",
         IP(src=src, dst=a.owned) / ICMP(type=8, id=0x7102, seq=1)),
        ("reply rule",
         IP(src=src, dst=a.reply_to) / ICMP(type=8, id=0x7103, seq=1)),
        ("reject rule",
         IP(src=src, dst=a.reject_to) / ICMP(type=8, id=0x7104, seq=1)),
        ("limit rule, within it",
         IP(src=src, dst=a.limit_to) / ICMP(type=8, id=0x7105, seq=1)),
        ("limit rule, over it: reject",
         IP(src=src, dst=a.limit_to) / ICMP(type=8, id=0x7105, seq=2)),
        ("Port Unreachable from an owned address",
         IP(src=src, dst=a.owned, id=0x7107) / udp),
        ("Protocol Unreachable from an owned address",
         IP(src=src, dst=a.owned, id=0x7108, proto=253) / Raw(b"proto")),
    ]


def answered(probe, got):
    """The answers heard that are about @probe."""
    ip = probe[IP]
    out = []
    for p in got:
        ic = p[ICMP]
        if ICMP in ip and ic.type == 0 and ic.id == ip[ICMP].id and \
                ic.seq == ip[ICMP].seq:
            out.append(p)
        elif ic.type == 3 and IPerror in ic.payload:
            q = ic.payload[IPerror]
            if q.src == ip.src and q.dst == ip.dst and q.id == ip.id and \
                    (ICMP not in ip or (ICMPerror in q and
                                        q[ICMPerror].seq == ip[ICMP].seq)):
                out.append(p)
    return out


def expected(name, probe):
    """(type, code, source) of the answer a valid source gets."""
    dst = probe[IP].dst
    if name.startswith("echo") or name in ("reply rule",
                                           "limit rule, within it"):
        return (0, 0, dst)
    if name == "reject rule":
        return (3, 13, dst)
    if name.startswith("limit rule, over"):
        return (3, 10, dst)
    if name.startswith("Port"):
        return (3, 3, dst)
    return (3, 2, dst)


def martians(a, lab):
    ctl = a.ctl
    # The per-source limit table is allocated at its first datagram,
    # which the table's overflow bucket takes: let a datagram of
    # another rule (timestamp, not answered) bring it, so that the
    # limit below counts from its first datagram.
    lab.send(IP(src=a.src, dst=a.warmup) / ICMP(type=13))
    lab.replies(0.5)
    # The control: from the peer's own address every path answers.
    probes = martian_probes(a, a.src)
    for _, p in probes:
        lab.send(p)
    got = lab.replies(1.5)
    for name, p in probes:
        want = expected(name, p)
        ans = [(r[ICMP].type, r[ICMP].code, r[IP].src)
               for r in answered(p, got)]
        check(ans == [want], "valid source, %s: answered %d/%d from %s" %
              (name, want[0], want[1], want[2]), ans)
    ctl("set", "default-policy", "input", "reject")
    p = IP(src=a.src, dst=a.local) / ICMP(type=8, id=0x7109, seq=1)
    lab.send(p)
    ans = [(r[ICMP].type, r[ICMP].code) for r in answered(p, lab.replies())]
    check(ans == [(3, 13)], "valid source, default-policy reject: 3/13", ans)
    ctl("set", "default-policy", "input", "accept")

    for why, src in (("directed broadcast %s" % a.bcast, a.bcast),
                     ("rp_filter failure %s" % a.rpf_src, a.rpf_src),
                     ("the dut's own address %s" % a.local, a.local)):
        s0 = ctl.stats()
        tx0 = {d: link_tx(a.dut_ns, d) for d in a.dut_links}
        for _, p in martian_probes(a, src):
            lab.send(p)
        ctl("set", "default-policy", "input", "reject")
        lab.send(IP(src=src, dst=a.local) / ICMP(type=8, id=0x7109, seq=1))
        got = lab.replies(1.5)
        ctl("set", "default-policy", "input", "accept")
        s1 = ctl.stats()
        check(not got, "%s: nothing comes back" % why, summary(got))
        tx = {d: link_tx(a.dut_ns, d) - tx0[d] for d in a.dut_links}
        check(not any(tx.values()), "%s: the dut sent nothing on %s" %
              (why, " ".join(a.dut_links)), tx)
        d = delta(s1, s0, "counters", "tx_packets")
        check(d == 0, "%s: the module sent nothing (tx_packets)" % why, d)
        # Replies: local, owned, reply rule, the limit's first.
        d = delta(s1, s0, "drops", "bad_source")
        check(d == 4, "%s: 4 replies refused, drops.bad_source" % why, d)
        # Errors: reject, limit reject, port, protocol, policy.
        d = delta(s1, s0, "counters", "err_refused_bad_source")
        check(d == 5, "%s: 5 errors refused, err_refused_bad_source" % why,
              d)
        d = delta(s1, s0, "counters", "errors_sent") + \
            delta(s1, s0, "counters", "echo_replies")
        check(d == 0, "%s: no error or echo reply counted as sent" % why, d)


# ---- IP options -----------------------------------------------------------

def options(a, lab):
    ctl = a.ctl
    r = a.router_ns
    s0, e0, pp0 = ctl.stats(), snmp(r, "OutEchoReps"), snmp(r, "OutParmProbs")

    for name, opt in (("LSRR", IPOption_LSRR(routers=[a.server])),
                      ("SSRR", IPOption_SSRR(routers=[a.server]))):
        lab.send(IP(src=a.src, dst=a.router, options=[opt]) /
                 ICMP(type=8, id=0x7201, seq=1))
        got = lab.replies()
        check(not got, "echo with %s: no answer (accept_source_route=0)"
              % name, summary(got))
    s1 = ctl.stats()
    d = delta(s1, s0, "counters", "passed")
    check(d == 2, "LSRR, SSRR: passed to the kernel by the module", d)

    # RR (7) with a length of 1: ip_options_compile() refuses it.
    lab.send(IP(src=a.src, dst=a.router, options=[IPOption(b"\x07\x01\0\0")])
             / ICMP(type=8, id=0x7202, seq=1))
    got = lab.replies()
    pp = [p for p in got if p[ICMP].type == 12]
    check(len(pp) == 1 and len(got) == 1,
          "malformed option: Parameter Problem, no echo reply", summary(got))
    if pp:
        check(pp[0][ICMP].ptr == 20, "Parameter Problem points at byte 20",
              pp[0][ICMP].ptr)
    d = snmp(r, "OutParmProbs") - pp0
    check(d == 1, "the kernel sent it (OutParmProbs +1)", d)

    lab.send(IP(src=a.src, dst=a.router,
                options=[IPOption_RR(routers=["0.0.0.0"] * 4)]) /
             ICMP(type=8, id=0x7203, seq=1) / Raw(b"record route"))
    got = [p for p in lab.replies() if p[ICMP].type == 0]
    check(len(got) == 1, "echo with Record Route is answered", len(got))
    if got:
        rr = [o for o in got[0][IP].options if isinstance(o, IPOption_RR)]
        check(rr and a.router in rr[0].routers,
              "the reply's Record Route holds the router's address",
              rr and rr[0].routers)
    s2 = ctl.stats()
    d = snmp(r, "OutEchoReps") - e0
    check(d == 1, "... by the kernel (OutEchoReps +1)", d)
    d = delta(s2, s0, "counters", "echo_replies")
    check(d == 0, "the module answered none of them (echo_replies)", d)

    # Rules still apply to datagrams with options.
    ctl("rule", "add", "input", "type", "echo-request", "from", a.src,
        "drop")
    s0 = ctl.stats()
    lab.send(IP(src=a.src, dst=a.router,
                options=[IPOption_RR(routers=["0.0.0.0"] * 4)]) /
             ICMP(type=8, id=0x7204, seq=1))
    got = lab.replies()
    s1 = ctl.stats()
    ctl("rule", "flush")
    check(not got and delta(s1, s0, "counters", "rule_dropped") == 1,
          "a drop rule still drops echo with Record Route",
          (summary(got), delta(s1, s0, "counters", "rule_dropped")))

    # Router mode: Router Alert is the kernel's (ip_forward() acts on it).
    ctl("set", "router-mode", "on")
    s0, te0 = ctl.stats(), snmp(r, "OutTimeExcds")
    lab.send(IP(src=a.src, dst=a.server, ttl=1,
                options=[IPOption_Router_Alert()]) /
             UDP(sport=40001, dport=33434))
    got = [p for p in lab.replies() if p[ICMP].type == 11]
    s1, te = ctl.stats(), snmp(r, "OutTimeExcds") - te0
    d = delta(s1, s0, "counters", "router_time_exceeded") + \
        delta(s1, s0, "counters", "errors_sent")
    check(d == 0, "TTL 1 with Router Alert: router mode sends nothing", d)
    check(len(got) == te, "what came back is the kernel's (%d Time "
          "Exceeded, OutTimeExcds +%d)" % (len(got), te))
    lab.send(IP(src=a.src, dst=a.server, ttl=1) /
             UDP(sport=40002, dport=33434))
    got = [p for p in lab.replies() if p[ICMP].type == 11]
    s2 = ctl.stats()
    d = delta(s2, s1, "counters", "router_time_exceeded")
    check(d == 1 and len(got) == 1 and snmp(r, "OutTimeExcds") - te0 == te,
          "TTL 1 without options: the module sends Time Exceeded",
          (d, len(got)))
    ctl("set", "router-mode", "off")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("what", choices=("martians", "options"))
    p.add_argument("--iface", required=True)
    p.add_argument("--src", required=True)
    p.add_argument("--dut", required=True, help="the dut's address here")
    p.add_argument("--dut-ns", required=True)
    p.add_argument("--icmpctl", required=True)
    # martians
    p.add_argument("--dut-links", default="")
    p.add_argument("--owned")
    p.add_argument("--reply-to")
    p.add_argument("--reject-to")
    p.add_argument("--limit-to")
    p.add_argument("--warmup")
    p.add_argument("--bcast")
    p.add_argument("--rpf-src")
    # options
    p.add_argument("--server")
    a = p.parse_args()
    a.local = a.router = a.dut
    a.router_ns = a.dut_ns
    a.dut_links = a.dut_links.split()
    return icmplab.run(a, a.dut_ns, a.dut,
                       {"martians": martians, "options": options}[a.what])


if __name__ == "__main__":
    sys.exit(main())
