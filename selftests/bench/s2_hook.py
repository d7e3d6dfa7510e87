# SPDX-License-Identifier: GPL-2.0
"""Scenario 2, hook tax, IPv4 and IPv6: 60-byte UDP frames (80 bytes
over IPv6; from the generator's source to 10.90.2.2 / fd00:90:2::2, port
9) forwarded through the router (in on d0, out on s0). Counted:
datagrams forwarded. Five setups, each in turn:

  no hook          module unloaded, no nftables: no netfilter hook at
                   all on the path;
  icmpguard        module loaded, default configuration (its
                   PRE_ROUTING hooks in the namespace; it needs no
                   defragmentation hook);
  empty nft chain  module unloaded, one empty nftables base chain (inet,
                   prerouting, priority -350, icmpguard's): the floor of
                   any netfilter-based design;
  conntrack        module unloaded, a stateful router: an inet table
                   with a forward chain "ct state established,related
                   accept", which enables connection tracking in the
                   namespace (its defragmentation, PRE_ROUTING,
                   confirmation hooks);
  conntrack + icmpguard  the same, module loaded.

Ratios: icmpguard / empty nft chain (target >= 1.0), conntrack +
icmpguard / conntrack (target >= 0.99), and icmpguard / no hook
(reported)."""

from benchlib import (DUT, FAMS, Blast, Variant, alternate, load_module,
                      measure, netns, nft, ns_median, paired, target, info,
                      record, unload_module)

NAME = 'hook'
TITLE = 'Hook tax (UDP forwarding)'
ROUNDS = 3             # measured rounds (--quick: 1)

EMPTY_CHAIN = '''table inet hooktax {
	chain pre {
		type filter hook prerouting priority -350; policy accept;
	}
}
'''

CONNTRACK = '''table inet stateful {
	chain forward_ct {
		type filter hook forward priority 0; policy accept;
		ct state established,related accept
	}
}
'''


def drop(table):
    netns(DUT, 'nft', 'delete', 'table', 'inet', table, check=False)


def run(ctx):
    def empty_chain():
        unload_module()
        nft(EMPTY_CHAIN)

    def conntrack():
        unload_module()
        nft(CONNTRACK)

    def conntrack_icmpguard():
        load_module()
        nft(CONNTRACK)

    def no_ct():
        unload_module()
        drop('stateful')

    variants = [Variant('no hook', unload_module),
                Variant('icmpguard', load_module, unload_module),
                Variant('empty nft chain', empty_chain,
                        lambda: drop('hooktax')),
                Variant('conntrack', conntrack, no_ct),
                Variant('conntrack + icmpguard', conntrack_icmpguard, no_ct)]
    out = {'variants': {}, 'runs': {}, 'targets': [], 'generator': []}
    for fam in FAMS.values():
        gen = Blast(ctx.topo, fam, fam.fwd, proto='udp')

        def body(v):
            res = measure(ctx, gen, 'forwarded', (NAME, fam.v, v.name))
            if res['deltas']['forwarded'] != res['deltas']['received']:
                raise ctx.error('%s %s: %d of %d forwarded' % (
                    fam.name, v.name, res['deltas']['forwarded'],
                    res['deltas']['received']))
            return res

        runs = alternate(ctx, variants, body)
        record(out, fam.name, runs)
        out['generator'].append(gen.name)
        ns = {k: ns_median(v) for k, v in runs.items()}

        def ratio(a, b):
            return paired(runs[a], runs[b])

        out['targets'] += [
            target('%s forwarded per CPU-second, icmpguard / empty nft chain'
                   % fam.name, ratio('icmpguard', 'empty nft chain'), 1.0,
                   a='icmpguard', b='empty nft chain',
                   a_ns=ns['icmpguard'], b_ns=ns['empty nft chain']),
            target('%s forwarded per CPU-second, conntrack + icmpguard / '
                   'conntrack' % fam.name,
                   ratio('conntrack + icmpguard', 'conntrack'), 0.99,
                   a='conntrack + icmpguard', b='conntrack',
                   a_ns=ns['conntrack + icmpguard'], b_ns=ns['conntrack']),
            info('%s forwarded per CPU-second, icmpguard / no hook'
                 % fam.name, ratio('icmpguard', 'no hook'),
                 a='icmpguard', b='no hook', a_ns=ns['icmpguard'],
                 b_ns=ns['no hook']),
            info('%s forwarded per CPU-second, empty nft chain / no hook'
                 % fam.name, ratio('empty nft chain', 'no hook'),
                 a='empty nft chain', b='no hook',
                 a_ns=ns['empty nft chain'], b_ns=ns['no hook']),
        ]
    out['counted'] = 'UDP datagrams forwarded (s0 tx)'
    return out
