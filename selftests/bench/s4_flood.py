# SPDX-License-Identifier: GPL-2.0
"""Scenario 4, per-source flood, IPv4 and IPv6: spoofed echo requests to
the router's own address (10.90.1.2, fd00:90:1::2: a host to hold up)
from 65 536 sources (10.128.0.0/16; 65 536 /64s of fd01::/48; --quick:
4 096), in a scrambled order, against a per-source limit of 1 a
second, burst 1.
What a limit lets through is dropped next by "iptables -t raw -A
PREROUTING -j DROP" (ip6tables for IPv6; iptables-nft), present in every
run, so both engines do the same with what they pass; icmpguard's
responder is off for the same reason.

  icmpguard   set responder off, flood-limit 1 burst 1 per-source
              (/32, IPv6 /64), the global flood limit off, max-sources
              131072.
  nft dynset  a set of ipv4_addr (ipv6_addr), size 131072, flags
              dynamic,timeout, timeout 60s, and at prerouting priority
              -350 (icmpguard's):
                meta l4proto icmp fib daddr type local update @s
                  { ip saddr limit rate over 1/second burst 1 packets }
                  drop
              (IPv6: ip6 saddr & ffff:ffff:ffff:ffff::, as icmpguard
              keys a /64). "fib daddr type local" gives it icmpguard's
              direction semantics (icmpguard looks the destination up
              in the FIB for every ICMP datagram).
  raw drop    nothing before the raw drop: the cheapest drop there is.

Every source sends once (the warm-up part: the tables fill), then, after
1.5 s (guest time) in which every bucket refills, four times more
(measured): in windows of 1 024 sources, each window four times over
before the next (blast -r 4 -w 1024), so that a source's four datagrams
come within a few milliseconds: the first passes (burst 1), the other
three are refused, and both engines must pass a quarter of the measured
flood, whatever their speed (a pass over all the sources takes about
half a second of guest time: refills in between would make the share
that passes depend on the engine's speed). The bench checks they do,
within 1 % of the packets: a limit that lets more or less through does
other work. Tables are sized alike; nftables' set GC and icmpguard's
flood watcher both run on CPU 0, the CPU measured (see benchlib).

Past the cap: tables sized 65 536 (icmpguard max-sources, nft set size;
--quick: 4 096), the warm-up part fills them (as many sources, once
each), then, at once, half as many new sources send one datagram each
(10.129.0.0/16; fd01:0:1::/48): they come within a second of the
sources that fill the table, whose slots icmpguard may then not recycle
yet. nft's
dynset fails open when its set is full: the update fails and the rule
does not drop, so every one gets through. icmpguard charges a source it
cannot track to its overflow bucket (at the per-source rate): the bench
counts what passes and fails the scenario if icmpguard lets through more
than the free slots it had, the slots it recycled (counted as
evictions) and its overflow bucket's allowance.

Memory per tracked source: icmpguard's table is one allocation, made by
a resize (set max-sources), of 64 + 48 bytes per bucket of 4 slots
(module/ratelimiter.c: struct hot, struct cold) plus a header: 28 bytes
per slot by its layout. Measured from outside: the memory the
allocation took (MemFree in /proc/meminfo before and after the resize,
the guest otherwise quiet; the median of three loads of the module),
over the table's slots. kvzalloc()
tries kmalloc() first, which takes a power of two of pages: the 3.7 MB
of 131 072 slots (1.8 MB of the default 65 536) come out of a 4 MiB
(2 MiB) block, 32 bytes per slot. For nft: the growth of slab and
vmalloc memory from an empty set to one holding 65 536 elements (4 096
with --quick), over the elements.
"""

import json
import math
import time

from benchlib import (DUT, FAMS, V4, Blast, Variant, alternate, icmpctl,
                      icmpctl_stats, load_module, measure, module_loaded,
                      netns, nft, nft_delete, ns_median, paired, target, info,
                      unload_module, var_summary)

NAME = 'flood'
TITLE = 'Per-source flood (65 536 sources)'
ROUNDS = 3             # measured rounds (--quick: 1)
SOURCES, QUICK_SOURCES = 65536, 4096
REPEAT = 4              # measured datagrams per source
WINDOW = 1024           # sources sending their REPEAT datagrams together
PAUSE = 1.5             # seconds between the parts: every bucket refills
BURST = 1
TABLE = 131072          # both engines' tables for the flood
PASS_TOLERANCE = 0.01

NFT_DYNSET = '''table {family} flood {{
	set s {{
		type {family_addr}
		size {size}
		flags dynamic,timeout
		timeout 60s
	}}
	chain pre {{
		type filter hook prerouting priority -350; policy accept;
		meta l4proto {icmp} fib daddr type local update @s \
{{ {saddr}{mask} limit rate over 1/second burst {burst} packets }} drop
	}}
}}
'''


def raw_passed(fam):
    """Packets that reached the raw table's DROP."""
    out = netns(DUT, fam.iptables, '-t', 'raw', '-nvxL', 'PREROUTING')
    for line in out.splitlines():
        v = line.split()
        if len(v) > 2 and v[2] == 'DROP':
            return int(v[0])
    return 0


def icmpguard_setup(size):
    load_module()
    icmpctl('set', 'responder', 'off', 'max-sources', str(size),
            'flood-limit', 'unlimited',
            'flood-limit', '1', 'burst', str(BURST), 'per-source', '/32',
            'ipv6', 'flood-limit', '1', 'burst', str(BURST), 'per-source',
            '/64')


def nft_setup(fam, size):
    unload_module()
    nft(NFT_DYNSET.format(family=fam.nft_family, size=size,
                          family_addr='ipv4_addr' if fam.v == 4 else
                          'ipv6_addr', icmp=fam.icmp, saddr=fam.saddr,
                          mask=fam.key_mask, burst=BURST))


def nft_elements(fam):
    out = json.loads(netns(DUT, 'nft', '-j', 'list', 'set', fam.nft_family,
                           'flood', 's'))
    for o in out['nftables']:
        if 'set' in o:
            return len(o['set'].get('elem', []))
    return 0


def meminfo():
    kb = {}
    with open('/proc/meminfo') as f:
        for line in f:
            k, v = line.split(':')
            kb[k] = int(v.split()[0])
    return kb


def settle(seconds=0.3):
    time.sleep(seconds)


def memory(topo, sources):
    """Bytes per slot of icmpguard's table, bytes per element of nft's
    dynset."""
    gen = Blast(topo, V4, V4.dut, src=V4.flood, nsrc=sources)
    mem = {}
    drops = []
    for _ in range(3):
        load_module()
        settle(0.5)
        # A resize (set max-sources) makes the table in the command.
        before = meminfo()
        icmpctl('set', 'max-sources', str(TABLE))
        settle(0.5)
        after = meminfo()
        gen.send(1)
        drops.append((before['MemFree'] - after['MemFree']) * 1024)
        stats = icmpctl_stats()['counters']
        unload_module()
    grown = sorted(drops)[1]
    mem['icmpguard'] = {
        'slots': stats['sources_max'],
        'layout_bytes_per_slot': (64 + 48) / 4,
        'memfree_drops': drops,
        'memfree_drop': grown,
        'bytes_per_slot': grown / max(stats['sources_max'], 1),
    }
    unload_module()
    nft_setup(V4, TABLE)
    settle()
    before = meminfo()
    gen.send(sources)
    settle(1)
    after = meminfo()
    n = nft_elements(V4)
    grown = sum((after[k] - before[k]) * 1024
                for k in ('SReclaimable', 'SUnreclaim', 'VmallocUsed'))
    mem['nft dynset'] = {'elements': n, 'growth': grown,
                         'bytes_per_element': grown / max(n, 1)}
    nft_delete('ip', 'flood')
    return mem


def flood(ctx, fam, out, sources):
    """The 65 536-source flood at the per-source limit."""
    warm_gen = Blast(ctx.topo, fam, fam.dut, src=fam.flood, nsrc=sources)
    gen = Blast(ctx.topo, fam, fam.dut, src=fam.flood, nsrc=sources,
                repeat=REPEAT, window=WINDOW)
    variants = [Variant('icmpguard', lambda: icmpguard_setup(TABLE),
                        unload_module),
                Variant('nft dynset', lambda: nft_setup(fam, TABLE),
                        lambda: nft_delete(fam.nft_family, 'flood')),
                Variant('raw drop', unload_module)]

    def body(v):
        res = measure(ctx, gen, 'received', (NAME, fam.v, v.name),
                      count=REPEAT * sources, warm=sources,
                      warm_gen=warm_gen, pause=PAUSE,
                      extra=lambda: {'raw_passed': raw_passed(fam)},
                      early=True)
        d = res['deltas']
        if d['replied'] or d['forwarded']:
            raise ctx.error('%s %s: %d answered, %d forwarded'
                            % (fam.name, v.name, d['replied'],
                               d['forwarded']))
        # Every source's first datagram passes (a new bucket is full).
        res['pass_fraction'] = (d['raw_passed'] - sources) / res['packets']
        return res

    runs = alternate(ctx, variants, body)
    pf = {k: sorted(r['pass_fraction'] for r in v)
          for k, v in runs.items()}
    for k, v in runs.items():
        s = var_summary(v)
        s['pass_fraction'] = pf[k][len(pf[k]) // 2]
        out['variants']['%s %s' % (fam.name, k)] = s
        out['runs']['%s %s' % (fam.name, k)] = v
    gap = max(abs(a - b) for a, b in zip(pf['icmpguard'], pf['nft dynset']))
    out['checks'].append({
        'check': '%s: icmpguard and nft dynset pass the same fraction of '
                 'the measured flood (within %d%%)' % (
                     fam.name, 100 * PASS_TOLERANCE),
        'ok': gap <= PASS_TOLERANCE,
        'detail': 'icmpguard %s, nft dynset %s' % (
            '/'.join('%.2f%%' % (100 * x) for x in pf['icmpguard']),
            '/'.join('%.2f%%' % (100 * x) for x in pf['nft dynset']))})
    ns = {k: ns_median(v) for k, v in runs.items()}
    out['targets'] += [
        target('%s flood packets per CPU-second, icmpguard / nft dynset'
               % fam.name, paired(runs['icmpguard'], runs['nft dynset']),
               1.3, a='icmpguard', b='nft dynset', a_ns=ns['icmpguard'],
               b_ns=ns['nft dynset']),
        target('%s flood packets per CPU-second, icmpguard / %s raw DROP'
               % (fam.name, fam.iptables),
               paired(runs['icmpguard'], runs['raw drop']), 0.9,
               a='icmpguard', b='raw drop', a_ns=ns['icmpguard'],
               b_ns=ns['raw drop']),
    ]
    out['generator'].append(gen.name)


def overflow(ctx, fam, out, cap):
    """New sources past a full table."""
    warm_gen = Blast(ctx.topo, fam, fam.dut, src=fam.flood, nsrc=cap)
    gen = Blast(ctx.topo, fam, fam.dut, src=fam.flood_new, nsrc=cap // 2)
    variants = [Variant('icmpguard', lambda: icmpguard_setup(cap),
                        unload_module),
                Variant('nft dynset', lambda: nft_setup(fam, cap),
                        lambda: nft_delete(fam.nft_family, 'flood'))]

    def counters():
        c = {'raw_passed': raw_passed(fam)}
        if module_loaded():
            s = icmpctl_stats(fam)['counters']
            c['evicted'] = s['sources_evicted']
            c['overflow'] = s['flood_overflow']
            c['sources'] = s['sources']
        return c

    def body(v):
        t0 = time.monotonic()
        res = measure(ctx, gen, 'received', (NAME, fam.v, v.name, 'cap'),
                      count=cap // 2, warm=cap, warm_gen=warm_gen,
                      extra=counters)
        d = res['deltas']
        res['passed'] = d['raw_passed']
        res['pass_fraction'] = d['raw_passed'] / res['packets']
        if v.name == 'icmpguard':
            # Free slots, recycled slots, and the overflow bucket's
            # allowance (1 a second, burst 2) over the whole run.
            free = cap - res['before']['sources']
            allowed = free + d['evicted'] + BURST + \
                math.ceil(time.monotonic() - t0)
            res['allowed'] = allowed
            if d['raw_passed'] > allowed:
                raise ctx.error('%s icmpguard fails open past its cap: %d '
                                'of %d new sources passed, at most %d '
                                'allowed' % (fam.name, d['raw_passed'],
                                             res['packets'], allowed))
        return res

    runs = alternate(ctx, variants, body)
    for k, v in runs.items():
        s = var_summary(v)
        s['pass_fraction'] = sorted(r['pass_fraction'] for r in v)[
            len(v) // 2]
        out['variants']['%s %s, past the cap' % (fam.name, k)] = s
        out['runs']['%s %s, past the cap' % (fam.name, k)] = v
    ig, nf = runs['icmpguard'], runs['nft dynset']
    out['checks'].append({
        'check': '%s past the cap: icmpguard does not fail open' % fam.name,
        'ok': True,
        'detail': 'icmpguard passed %s of %d new sources (allowed: %s); '
                  'nft dynset passed %s (fails open)' % (
                      '/'.join(str(r['passed']) for r in ig), cap // 2,
                      '/'.join(str(r['allowed']) for r in ig),
                      '/'.join(str(r['passed']) for r in nf))})
    out['targets'].append(
        target('%s new source per packet past the cap, icmpguard / nft '
               'dynset' % fam.name, paired(ig, nf), 1.0, a='icmpguard',
               b='nft dynset (fails open)', a_ns=ns_median(ig),
               b_ns=ns_median(nf)))


def run(ctx):
    out = {'variants': {}, 'runs': {}, 'targets': [], 'checks': [],
           'generator': []}
    sources = QUICK_SOURCES if ctx.quick else SOURCES
    for fam in FAMS.values():
        netns(DUT, fam.iptables, '-t', 'raw', '-A', 'PREROUTING', '-j',
              'DROP')
        flood(ctx, fam, out, sources)
        overflow(ctx, fam, out, sources)
    mem = memory(ctx.topo, sources)
    out['memory'] = mem
    out['targets'].append(
        target('bytes per tracked source (icmpguard table over its slots, '
               'MemFree drop at its allocation)', mem['icmpguard']['bytes_per_slot'],
               32, at_most=True, unit='B'))
    out['targets'].append(
        info('bytes per tracked source, nft dynset (slab + vmalloc growth '
             'over elements)', mem['nft dynset']['bytes_per_element'],
             a='nft dynset', b=None))
    bad = [c for c in out['checks'] if not c['ok']]
    if bad:
        out['error'] = '; '.join('%s: %s' % (c['check'], c['detail'])
                                 for c in bad)
    out['counted'] = 'echo requests received (d0 rx), all dropped'
    return out
