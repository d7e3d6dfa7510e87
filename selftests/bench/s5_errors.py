# SPDX-License-Identifier: GPL-2.0
"""Scenario 5, error generation in router mode: a flood of datagrams that
each earn an error, through the router; the errors leave on r0 (to the
generator's source). A: icmpguard in router mode with its budgets opened
(error-rate unlimited for the type, reply-rate and reply-rate-per-dest
unlimited); B: the kernel (ip_forward / ip6_forward -> icmp_send /
icmp6_send), module unloaded, its budgets opened in the router's
namespace (net.ipv4.icmp_ratelimit 0, icmp_msgs_per_sec and
icmp_msgs_burst 10 000 000, net.ipv6.icmp.ratelimit 0). Counted: errors
sent.

  IPv4 Time Exceeded      60-byte UDP frames with TTL 1 (traceroute's
                          probes) to 10.90.2.2
  IPv6 Hop Limit Exceeded 80-byte UDP frames with hop limit 1 to
                          fd00:90:2::2
  IPv6 Packet Too Big     1400-byte UDP datagrams to fd00:90:2::2, with
                          s0's MTU at 1280 for the run"""

from benchlib import (DUT, FAMS, Blast, Variant, alternate, icmpctl,
                      load_module, measure, ns_median, paired, run as sh,
                      record, sysctl, target, unload_module)

NAME = 'errors'
TITLE = 'Error generation (router mode)'
ROUNDS = 3             # measured rounds (--quick: 1)

CASES = (
    # (family, label, blast arguments, s0's MTU)
    (4, 'Time Exceeded', {'proto': 'udp', 'ttl': 1}, None),
    (6, 'Hop Limit Exceeded', {'proto': 'udp', 'ttl': 1}, None),
    (6, 'Packet Too Big', {'proto': 'udp', 'payload': 1352}, 1280),
)


def icmpguard():
    load_module()
    icmpctl('set', 'router-mode', 'on', 'reply-rate', 'unlimited',
            'reply-rate-per-dest', 'unlimited',
            'error-rate', 'time-exceeded', 'unlimited',
            'ipv6', 'error-rate', 'time-exceeded', 'unlimited',
            'error-rate', 'packet-too-big', 'unlimited')


def mtu(n):
    sh('ip', '-n', DUT, 'link', 'set', 's0', 'mtu', str(n))


def run(ctx):
    sysctl(DUT, 'net.ipv4.icmp_ratelimit=0',
           'net.ipv4.icmp_msgs_per_sec=10000000',
           'net.ipv4.icmp_msgs_burst=10000000',
           'net.ipv6.icmp.ratelimit=0')
    out = {'variants': {}, 'runs': {}, 'targets': [], 'generator': []}
    for v, label, args, m in CASES:
        fam = FAMS[v]
        gen = Blast(ctx.topo, fam, fam.fwd, **args)
        variants = [Variant('icmpguard', icmpguard, unload_module),
                    Variant('kernel', unload_module)]
        if m:
            mtu(m)

        def body(var):
            res = measure(ctx, gen, 'replied', (NAME, label, var.name))
            d = res['deltas']
            if d['replied'] < 0.99 * d['received'] or d['forwarded']:
                raise ctx.error('%s %s: %d errors for %d datagrams, %d '
                                'forwarded' % (label, var.name,
                                               d['replied'], d['received'],
                                               d['forwarded']))
            return res

        try:
            runs = alternate(ctx, variants, body)
        finally:
            if m:
                mtu(1500)
        record(out, '%s %s' % (fam.name, label), runs)
        out['generator'].append(gen.name)
        out['targets'].append(target(
            '%s %s per CPU-second, icmpguard / kernel' % (fam.name, label),
            paired(runs['icmpguard'], runs['kernel']), 1.0,
            a='icmpguard', b='kernel', a_ns=ns_median(runs['icmpguard']),
            b_ns=ns_median(runs['kernel'])))
    out['counted'] = 'errors sent (r0 tx)'
    return out
