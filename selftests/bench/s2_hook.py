# SPDX-License-Identifier: GPL-2.0
"""Scenario 2, hook tax: 60-byte UDP frames (10.90.3.1 -> 10.90.2.2, port
9) forwarded through the router (in on d0, out on s0). Counted:
datagrams forwarded.

  icmpguard loaded  default configuration (its PRE_ROUTING hook, and
                    the defragmentation hook it enables, in every
                    namespace);
  not loaded        no netfilter hook at all on the path;
  empty nft chain   (for reference, not a target) module not loaded,
                    one empty nftables base chain at prerouting
                    priority -350: what any first hook costs."""

from benchlib import (DUT, FWD_DST, Blast, Variant, alternate, load_module,
                      measure, netns, nft, paired, target, unload_module,
                      var_summary)

NAME = 'hook'
TITLE = 'Hook tax (UDP forwarding)'
ROUNDS = 9             # measured rounds (--quick: 1)

EMPTY_CHAIN = '''table ip hooktax {
	chain pre {
		type filter hook prerouting priority -350; policy accept;
	}
}
'''


def empty_chain():
    unload_module()
    nft(EMPTY_CHAIN)


def no_chain():
    netns(DUT, 'nft', 'delete', 'table', 'ip', 'hooktax', check=False)


def run(ctx):
    gen = Blast(ctx.topo, FWD_DST, proto='udp')
    variants = [Variant('icmpguard loaded', load_module, unload_module),
                Variant('not loaded', unload_module),
                Variant('empty nft chain', empty_chain, no_chain)]

    def body(v):
        return measure(ctx, gen, 'forwarded', (NAME, v.name))

    runs = alternate(ctx, variants, body)
    return {
        'generator': gen.name,
        'counted': 'UDP datagrams forwarded (s0 tx)',
        'variants': {k: var_summary(v) for k, v in runs.items()},
        'runs': runs,
        'targets': [target('forwarded per CPU-second, loaded / not loaded',
                           paired(runs['icmpguard loaded'],
                                  runs['not loaded']),
                           0.97, 0.99)
                    | {'a': 'icmpguard loaded', 'b': 'not loaded'}],
        'info': [{'measure': 'forwarded per CPU-second, icmpguard loaded / '
                             'an empty nft prerouting chain',
                  'ratio': paired(runs['icmpguard loaded'],
                                  runs['empty nft chain']),
                  'a': 'icmpguard loaded', 'b': 'empty nft chain'},
                 {'measure': 'forwarded per CPU-second, empty nft chain / '
                             'not loaded',
                  'ratio': paired(runs['empty nft chain'],
                                  runs['not loaded']),
                  'a': 'empty nft chain', 'b': 'not loaded'}],
    }
