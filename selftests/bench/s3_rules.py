# SPDX-License-Identifier: GPL-2.0
"""Scenario 3, rule scaling, IPv4 and IPv6: echo requests from the
generator's source to 10.90.2.2 / fd00:90:2::2 (through the router)
meet N forward rules at PRE_ROUTING: N-1 that do not match (other
sources: 10.200.x.y, fd00:200::x) and the matching one last, which
drops. Counted: requests the router received (and dropped: nothing may
reach s0). Engines, each at N = 1, 10, 100, 1000, 10000 (--quick: 10,
1000, 10000, and the nft chain not at 10000):

  icmpguard  N x "forward [icmpv6] type echo-request from ADDR drop",
             via "icmpctl rule replace -f -"; its flood and reply
             budgets opened so that only rules decide.
  nft chain  a base chain at prerouting priority -350 (icmpguard's)
             that sends ICMP to forwarded destinations to a chain of
             N x "ip saddr ADDR icmp type echo-request drop":
               meta l4proto icmp fib daddr type != { local, broadcast,
                   multicast } jump transit
  nft set    one rule, the N addresses in the set s (a hash):
               meta l4proto icmp fib daddr type != { local, broadcast,
                   multicast } ip saddr @s icmp type echo-request drop

"forward" in icmpguard means a destination that is not an address of
this host, a broadcast or a multicast (icmpguard looks it up in the
FIB for every ICMP datagram); the fib expression gives nftables the
same direction semantics, at the cost of the same lookup. The module
is unloaded for the nftables engines. The cost compared is the whole
CPU cost per packet (from the backlog to the drop), not a difference
from a no-rule baseline: a ratio of whole costs is the ratio of packet
rates the router sustains."""

from benchlib import (FAMS, Blast, Variant, alternate, icmpctl,
                      load_module, measure, nft, nft_delete,
                      open_icmpguard_limits, ratio_summary, target,
                      unload_module, var_summary)

NAME = 'rules'
TITLE = 'Rule scaling'
ROUNDS = 3             # measured rounds (--quick: 1)
COUNTS = (1, 10, 100, 1000, 10000)
QUICK_COUNTS = (10, 1000, 10000)
ENGINES = ('icmpguard', 'nft chain', 'nft set')
INPUT_TYPES = '{ local, broadcast, multicast }'


def others(fam, n):
    """N addresses that are not the generator's."""
    if fam.v == 4:
        return ['10.200.%d.%d' % (i // 250, i % 250 + 1) for i in range(n)]
    return ['fd00:200::%x' % (i + 1) for i in range(n)]


def load_rules(fam, engine, n):
    addrs = others(fam, n - 1) + [fam.src]
    if engine == 'icmpguard':
        icmpctl('rule', 'replace', '-f', '-', input=''.join(
            'forward %stype echo-request from %s drop\n'
            % ('icmpv6 ' if fam.v == 6 else '', a) for a in addrs))
        return
    nft_delete(fam.nft_family, 'bench')
    head = 'table %s bench {\n' % fam.nft_family
    base = ('\tchain pre {\n\t\ttype filter hook prerouting priority -350;'
            ' policy accept;\n\t\tmeta l4proto %s fib daddr type != %s '
            % (fam.icmp, INPUT_TYPES))
    if engine == 'nft chain':
        nft(head + '\tchain transit {\n' + ''.join(
            '\t\t%s %s %s drop\n' % (fam.saddr, a, fam.echo)
            for a in addrs) + '\t}\n' + base + 'jump transit\n\t}\n}\n')
    else:
        nft(head + '\tset s {\n\t\ttype %s_addr\n\t\telements = { '
            % ('ipv4' if fam.v == 4 else 'ipv6')
            + ', '.join(addrs) + ' }\n\t}\n' + base
            + '%s @s %s drop\n\t}\n}\n' % (fam.saddr, fam.echo))


def run(ctx):
    counts = QUICK_COUNTS if ctx.quick else COUNTS

    def icmpguard():
        load_module()
        open_icmpguard_limits()

    out = {'counts': counts, 'engines': {}, 'runs': {}, 'targets': [],
           'generator': []}
    for fam in FAMS.values():
        gen = Blast(ctx.topo, fam, fam.fwd)
        variants = [Variant('icmpguard', icmpguard, unload_module),
                    Variant('nft chain', unload_module,
                            lambda: nft_delete(fam.nft_family, 'bench')),
                    Variant('nft set', unload_module,
                            lambda: nft_delete(fam.nft_family, 'bench'))]

        def body(v):
            res = {}
            for n in counts:
                if ctx.quick and v.name == 'nft chain' and n > 1000:
                    continue
                load_rules(fam, v.name, n)
                r = measure(ctx, gen, 'received', (NAME, fam.v, v.name, n))
                if r['deltas']['forwarded']:
                    raise ctx.error('%s %s, %d rules: %d requests got '
                                    'through' % (fam.name, v.name, n,
                                                 r['deltas']['forwarded']))
                res[n] = r
            return res

        runs = alternate(ctx, variants, body)

        def ratio(a, na, b, nb):
            """Per-round cost(b at nb) / cost(a at na)."""
            return ratio_summary([(ra[na], rb[nb])
                                  for ra, rb in zip(runs[a], runs[b])])

        table = {e: {n: var_summary([r[n] for r in runs[e]])
                     for n in counts if n in runs[e][0]} for e in ENGINES}

        def ns(e, n):
            return table[e][n]['ns_per_pkt']['median']

        out['engines'][fam.name] = table
        out['runs'][fam.name] = {e: [{str(n): r[n] for n in r} for r in rr]
                                 for e, rr in runs.items()}
        out['generator'].append(gen.name)
        out['targets'] += [
            target('%s, 1000 rules: packets per CPU-second, icmpguard / '
                   'nft set' % fam.name,
                   ratio('icmpguard', 1000, 'nft set', 1000), 1.1,
                   a='icmpguard @1000', b='nft set @1000',
                   a_ns=ns('icmpguard', 1000), b_ns=ns('nft set', 1000)),
            target('%s, 1000 rules: packets per CPU-second, icmpguard / '
                   'nft chain' % fam.name,
                   ratio('icmpguard', 1000, 'nft chain', 1000), 10.0,
                   a='icmpguard @1000', b='nft chain @1000',
                   a_ns=ns('icmpguard', 1000), b_ns=ns('nft chain', 1000)),
            target('%s, icmpguard cost at 10000 rules / at 10 rules'
                   % fam.name, ratio('icmpguard', 10, 'icmpguard', 10000),
                   1.1, at_most=True, a='icmpguard @10000',
                   b='icmpguard @10', a_ns=ns('icmpguard', 10000),
                   b_ns=ns('icmpguard', 10)),
        ]
    out['counted'] = 'echo requests received and dropped (d0 rx)'
    return out

