# SPDX-License-Identifier: GPL-2.0
"""Scenario 5, error generation: a TTL-1 flood (60-byte UDP frames from
10.90.3.1 to 10.90.2.2, as traceroute's probes) through the router;
every one earns a Time Exceeded, which leaves on r0. A: icmpguard in
router mode with its budgets opened (error-rate time-exceeded, reply-rate
and reply-rate-per-dest unlimited); B: the kernel's ip_forward ->
icmp_send, module unloaded, with its budgets opened in the router's
namespace (icmp_ratelimit 0, icmp_msgs_per_sec and icmp_msgs_burst
10 000 000; both are per namespace in this kernel). Counted: Time
Exceeded sent."""

from benchlib import (DUT, FWD_DST, Blast, Variant, alternate, icmpctl,
                      load_module, measure, netns, paired, target,
                      unload_module, var_summary)

NAME = 'errors'
TITLE = 'Error generation (Time Exceeded)'
ROUNDS = 9             # measured rounds (--quick: 1)


def run(ctx):
    netns(DUT, 'sysctl', '-qw', 'net.ipv4.icmp_ratelimit=0',
          'net.ipv4.icmp_msgs_per_sec=10000000',
          'net.ipv4.icmp_msgs_burst=10000000')
    gen = Blast(ctx.topo, FWD_DST, proto='udp', ttl=1)

    def icmpguard():
        load_module()
        icmpctl('set', 'router-mode', 'on', 'error-rate', 'time-exceeded',
                'unlimited', 'reply-rate', 'unlimited',
                'reply-rate-per-dest', 'unlimited')

    variants = [Variant('icmpguard', icmpguard, unload_module),
                Variant('kernel', unload_module)]

    def body(v):
        res = measure(ctx, gen, 'replied', (NAME, v.name))
        d = res['deltas']
        if d['replied'] < 0.99 * d['received'] or d['forwarded']:
            raise ctx.error('%s: %d Time Exceeded for %d probes, %d forwarded'
                            % (v.name, d['replied'], d['received'],
                               d['forwarded']))
        return res

    runs = alternate(ctx, variants, body)
    return {
        'generator': gen.name,
        'counted': 'Time Exceeded sent (r0 tx)',
        'variants': {k: var_summary(v) for k, v in runs.items()},
        'runs': runs,
        'targets': [target('Time Exceeded per CPU-second, icmpguard / kernel',
                           paired(runs['icmpguard'], runs['kernel']), 1.0)
                    | {'a': 'icmpguard', 'b': 'kernel'}],
    }
