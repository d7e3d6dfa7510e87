# SPDX-License-Identifier: GPL-2.0
"""Scenario 1, echo responder: echo requests flood the router's own
address (10.90.1.2) from 10.90.3.1; replies leave on r0. A: icmpguard's
responder, B: the kernel's icmp_echo (module unloaded). Counted: replies.

icmpguard's reply and flood budgets are opened (reply-rate and
reply-rate-per-dest unlimited, flood-limit unlimited, global and per
source): the kernel has no budget for echo replies (type 0 is not in
icmp_ratemask), and a single-source flood at line rate would otherwise
measure icmpguard's limiter, not its responder."""

from benchlib import (DUT_ADDR, Blast, Variant, alternate, load_module,
                      measure, open_icmpguard_limits, paired, target,
                      unload_module, var_summary)

NAME = 'echo'
TITLE = 'Echo responder'
ROUNDS = 9             # measured rounds (--quick: 1)


def run(ctx):
    gen = Blast(ctx.topo, DUT_ADDR)

    def icmpguard():
        load_module()
        open_icmpguard_limits()

    variants = [Variant('icmpguard', icmpguard, unload_module),
                Variant('kernel', unload_module)]

    def body(v):
        res = measure(ctx, gen, 'replied', (NAME, v.name))
        d = res['deltas']
        if d['replied'] < 0.99 * d['received']:
            raise ctx.error('%s: only %d replies to %d requests'
                            % (v.name, d['replied'], d['received']))
        return res

    runs = alternate(ctx, variants, body)
    return {
        'generator': gen.name,
        'counted': 'echo replies sent (r0 tx)',
        'variants': {k: var_summary(v) for k, v in runs.items()},
        'runs': runs,
        'targets': [target('echo replies per CPU-second, icmpguard / kernel',
                           paired(runs['icmpguard'], runs['kernel']),
                           1.0, 1.5) | {'a': 'icmpguard', 'b': 'kernel'}],
    }
