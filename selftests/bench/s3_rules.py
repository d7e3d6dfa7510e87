# SPDX-License-Identifier: GPL-2.0
"""Scenario 3, rule scaling: echo requests from 10.90.3.1 to 10.90.2.2
(through the router) meet N rules at PRE_ROUTING: N-1 that do not match
(other /32 sources, 10.200.x.y) and the matching one last, which drops.
Counted: requests the router received (and dropped: nothing may reach
s0). Engines, each at N = 1, 10, 100, 1000, 10000:

  icmpguard  N x "forward type echo-request from A.B.C.D drop",
             via "icmpctl rule replace -f -"; its flood and reply
             budgets opened so that only rules decide.
  nft chain  N x "ip saddr A.B.C.D icmp type echo-request drop" in a
             base chain at prerouting priority -350 (icmpguard's).
  nft set    one rule "ip saddr @s icmp type echo-request drop", the N
             addresses in the set s (a hash).

The module is unloaded for the nftables engines. The cost compared is
the raw CPU time per packet (everything from the backlog to the drop),
not a difference from a no-rule baseline: a ratio of raw costs is the
ratio of packet rates the router sustains."""

from benchlib import (DUT, FWD_DST, SRC, Blast, Variant, alternate,
                      icmpctl, load_module, measure, netns, nft,
                      open_icmpguard_limits, ratio_summary, target,
                      unload_module, var_summary)

NAME = 'rules'
TITLE = 'Rule scaling'
ROUNDS = 5             # measured rounds (--quick: 1)
COUNTS = (1, 10, 100, 1000, 10000)
ENGINES = ('icmpguard', 'nft chain', 'nft set')


def others(n):
    """N addresses that are not the generator's."""
    return ['10.200.%d.%d' % (i // 250, i % 250 + 1) for i in range(n)]


def load_rules(engine, n):
    addrs = others(n - 1) + [SRC]
    if engine == 'icmpguard':
        icmpctl('rule', 'replace', '-f', '-', input=''.join(
            'forward type echo-request from %s drop\n' % a for a in addrs))
        return
    drop_table()
    head = 'table ip bench {\n'
    chain = ('\tchain pre {\n\t\ttype filter hook prerouting priority -350;'
             ' policy accept;\n')
    if engine == 'nft chain':
        nft(head + chain + ''.join(
            '\t\tip saddr %s icmp type echo-request drop\n' % a
            for a in addrs) + '\t}\n}\n')
    else:
        nft(head + '\tset s {\n\t\ttype ipv4_addr\n\t\telements = { '
            + ', '.join(addrs) + ' }\n\t}\n' + chain
            + '\t\tip saddr @s icmp type echo-request drop\n\t}\n}\n')


def drop_table():
    netns(DUT, 'nft', 'delete', 'table', 'ip', 'bench', check=False)


def run(ctx):
    gen = Blast(ctx.topo, FWD_DST)

    def icmpguard():
        load_module()
        open_icmpguard_limits()

    variants = [Variant('icmpguard', icmpguard, unload_module),
                Variant('nft chain', unload_module, drop_table),
                Variant('nft set', unload_module, drop_table)]

    def body(v):
        out = {}
        for n in COUNTS:
            load_rules(v.name, n)
            res = measure(ctx, gen, 'received', (NAME, v.name, n))
            if res['deltas']['forwarded']:
                raise ctx.error('%s, %d rules: %d requests got through'
                                % (v.name, n, res['deltas']['forwarded']))
            out[n] = res
        return out

    runs = alternate(ctx, variants, body)

    def ratio(a, na, b, nb):
        """Per-round cost(b at nb) / cost(a at na)."""
        return ratio_summary([(ra[na], rb[nb])
                              for ra, rb in zip(runs[a], runs[b])])

    table = {e: {n: var_summary([r[n] for r in runs[e]]) for n in COUNTS}
             for e in ENGINES}
    return {
        'generator': gen.name,
        'counted': 'echo requests received and dropped (d0 rx)',
        'counts': COUNTS,
        'engines': table,
        'runs': {e: [{str(n): r[n] for n in r} for r in rr]
                 for e, rr in runs.items()},
        'targets': [
            target('1000 rules: packets per CPU-second, icmpguard / nft chain',
                   ratio('icmpguard', 1000, 'nft chain', 1000), 3.0)
            | {'a': 'icmpguard @1000', 'b': 'nft chain @1000',
               'a_ns': table['icmpguard'][1000]['ns_per_pkt']['median'],
               'b_ns': table['nft chain'][1000]['ns_per_pkt']['median']},
            target('1000 rules: packets per CPU-second, icmpguard / nft set',
                   ratio('icmpguard', 1000, 'nft set', 1000), 1.0)
            | {'a': 'icmpguard @1000', 'b': 'nft set @1000',
               'a_ns': table['icmpguard'][1000]['ns_per_pkt']['median'],
               'b_ns': table['nft set'][1000]['ns_per_pkt']['median']},
            target('icmpguard cost at 10000 rules / at 10 rules',
                   ratio('icmpguard', 10, 'icmpguard', 10000), 1.5,
                   at_most=True)
            | {'a': 'icmpguard @10000', 'b': 'icmpguard @10',
               'a_ns': table['icmpguard'][10000]['ns_per_pkt']['median'],
               'b_ns': table['icmpguard'][10]['ns_per_pkt']['median']},
        ],
    }
