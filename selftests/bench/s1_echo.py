# SPDX-License-Identifier: GPL-2.0
"""Scenario 1, echo responder, IPv4 and IPv6: echo requests flood the
router's own address (10.90.1.2, fd00:90:1::2) from the generator's
source; replies leave on r0. A: icmpguard's responder, B: the kernel's
icmp_echo / icmpv6_echo_reply (module unloaded). Counted: replies.

icmpguard's reply and flood budgets are opened (reply-rate and
reply-rate-per-dest unlimited, flood-limit unlimited, global and per
source, both families): the kernel has no budget for echo replies (type
0 is not in icmp_ratemask, 129 not in icmpv6's ratemask), and a
single-source flood at line rate would otherwise measure icmpguard's
limiter, not its responder."""

from benchlib import (FAMS, Blast, Variant, alternate, load_module,
                      measure, ns_median, open_icmpguard_limits, paired,
                      record, target, unload_module)

NAME = 'echo'
TITLE = 'Echo responder'
ROUNDS = 3             # measured rounds (--quick: 1)
TARGET = 1.8


def run(ctx):
    def icmpguard():
        load_module()
        open_icmpguard_limits()

    out = {'variants': {}, 'runs': {}, 'targets': [], 'generator': []}
    for fam in FAMS.values():
        gen = Blast(ctx.topo, fam, fam.dut)
        variants = [Variant('icmpguard', icmpguard, unload_module),
                    Variant('kernel', unload_module)]

        def body(v):
            res = measure(ctx, gen, 'replied', (NAME, fam.v, v.name))
            d = res['deltas']
            if d['replied'] < 0.99 * d['received']:
                raise ctx.error('%s %s: only %d replies to %d requests'
                                % (fam.name, v.name, d['replied'],
                                   d['received']))
            return res

        runs = alternate(ctx, variants, body)
        record(out, fam.name, runs)
        out['generator'].append(gen.name)
        out['targets'].append(target(
            '%s echo replies per CPU-second, icmpguard / kernel' % fam.name,
            paired(runs['icmpguard'], runs['kernel']), TARGET,
            a='icmpguard', b='kernel (%s)' % (
                'icmp_echo' if fam.v == 4 else 'icmpv6_echo_reply'),
            a_ns=ns_median(runs['icmpguard']), b_ns=ns_median(runs['kernel'])))
    out['counted'] = 'echo replies sent (r0 tx)'
    return out
