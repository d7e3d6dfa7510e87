# SPDX-License-Identifier: GPL-2.0
"""Scenario 4, flood drop: echo requests from 65 536 sources (10.128.0.0/16,
in a scrambled order: each source comes back every 65 536 packets) to
10.90.2.2, against a per-source limit of 1 packet a second, burst 1.
What the limit lets through is dropped next by "iptables -t raw -A
PREROUTING -j DROP" (iptables-nft), present in every run: nothing is
forwarded, and the engines differ only in what sits before that drop.

  icmpguard   set flood-limit 1 burst 1 per-source, max-sources 131072
              (the global flood limit opened).
  nft dynset  a set of ipv4_addr, size 131072, flags dynamic,timeout,
              timeout 60s, and at prerouting priority -350:
              ip protocol icmp update @s { ip saddr limit rate over
              1/second burst 1 packets } drop
  raw drop    nothing before the raw drop: the cheapest drop there is.

Each run sends every source once (the warm-up part of the run: the
table fills) and then four times more (measured: CPU 0 gets through a
pass over all sources in well under a second, so every source is over
its limit most of the time; and the run lasts long enough to take in
icmpguard's once-a-second sweep of its table). Counted: requests
received.

Memory per tracked source: the slab cache icmpguard_source (object
size; slab pages over objects), and for both engines the growth of slab
memory (/proc/meminfo SReclaimable + SUnreclaim) from an empty table to
one holding every source, over the sources held. (Hash bucket arrays
are vmalloc'ed by both and are not in that figure.)"""

import json

from benchlib import (DUT, FLOOD_NET, FWD_DST, Blast, CpuMeter, Variant,
                      alternate, icmpctl, icmpctl_stats, load_module,
                      measure, module_loaded, netns, nft, paired,
                      slab_bytes, slabinfo, target, unload_module,
                      var_summary)

NAME = 'flood'
TITLE = 'Flood drop (65 536 sources, per-source limit)'
ROUNDS = 7             # measured rounds (--quick: 1)
SOURCES = 65536
PER_SOURCE = 4          # measured packets per source, each run

NFT_DYNSET = '''table ip flood {
	set s {
		type ipv4_addr
		size 131072
		flags dynamic,timeout
		timeout 60s
	}
	chain pre {
		type filter hook prerouting priority -350; policy accept;
		ip protocol icmp update @s { ip saddr limit rate over \
			1/second burst 1 packets } drop
	}
}
'''


def raw_passed():
    """Packets that reached the raw table's DROP."""
    out = netns(DUT, 'iptables', '-t', 'raw', '-nvxL', 'PREROUTING')
    for line in out.splitlines():
        v = line.split()
        if len(v) > 2 and v[2] == 'DROP':
            return int(v[0])
    return 0


def icmpguard():
    load_module()
    icmpctl('set', 'flood-limit', '1', 'burst', '1', 'per-source',
            'flood-limit', 'unlimited', 'max-sources', '131072')


def nft_dynset():
    unload_module()
    nft(NFT_DYNSET)


def nft_drop():
    netns(DUT, 'nft', 'delete', 'table', 'ip', 'flood', check=False)


def nft_elements():
    out = json.loads(netns(DUT, 'nft', '-j', 'list', 'set', 'ip', 'flood',
                           's'))
    for o in out['nftables']:
        if 'set' in o:
            return len(o['set'].get('elem', []))
    return 0


def memory(gen):
    """Bytes per tracked source, both engines: slab growth from an empty
    table to one holding every source."""
    mem = {}
    icmpguard()
    before = slab_bytes()
    gen.send(2 * SOURCES)
    CpuMeter().wait_idle()
    grown = slab_bytes() - before
    n = icmpctl_stats()['counters']['sources']
    si = slabinfo('icmpguard_source')
    if si:
        si['bytes_per_object'] = si['slabs'] * si['pagesperslab'] * 4096 \
            / max(si['active_objs'], 1)
    mem['icmpguard'] = {'sources': n, 'slabinfo': si,
                        'slab_bytes_per_source': grown / max(n, 1)}
    unload_module()
    nft_dynset()
    before = slab_bytes()
    gen.send(2 * SOURCES)
    CpuMeter().wait_idle()
    grown = slab_bytes() - before
    n = nft_elements()
    mem['nft dynset'] = {'sources': n,
                         'slab_bytes_per_source': grown / max(n, 1)}
    nft_drop()
    return mem


def run(ctx):
    gen = Blast(ctx.topo, FWD_DST, src=FLOOD_NET, nsrc=SOURCES)
    netns(DUT, 'iptables', '-t', 'raw', '-A', 'PREROUTING', '-j', 'DROP')
    variants = [Variant('icmpguard', icmpguard, unload_module),
                Variant('nft dynset', nft_dynset, nft_drop),
                Variant('raw drop', unload_module)]

    def counters():
        c = {'raw_passed': raw_passed()}
        if module_loaded():
            s = icmpctl_stats()['counters']
            c['evicted'] = s['sources_evicted']
            c['limited'] = s['flood_limited_source']
        return c

    def body(v):
        res = measure(ctx, gen, 'received', (NAME, v.name),
                      count=(1 if ctx.quick else PER_SOURCE) * SOURCES,
                      warm=SOURCES, extra=counters)
        d = res['deltas']
        if d['forwarded']:
            raise ctx.error('%s: %d forwarded' % (v.name, d['forwarded']))
        res['limited_fraction'] = 1 - d['raw_passed'] / d['received']
        return res

    runs = alternate(ctx, variants, body)
    mem = memory(gen)
    si = mem['icmpguard']['slabinfo']
    variants = {k: var_summary(v) for k, v in runs.items()}
    for k, v in runs.items():
        variants[k]['limited_fraction'] = \
            sorted(r['limited_fraction'] for r in v)[len(v) // 2]
    targets = [
        target('flood packets per CPU-second, icmpguard / nft dynset',
               paired(runs['icmpguard'], runs['nft dynset']), 1.0)
        | {'a': 'icmpguard', 'b': 'nft dynset'},
        target('flood packets per CPU-second, icmpguard / raw drop',
               paired(runs['icmpguard'], runs['raw drop']), 0.7)
        | {'a': 'icmpguard', 'b': 'raw drop'},
    ]
    if si:
        targets.append(target('memory per tracked source (icmpguard_source '
                              'object size)', si['objsize'], 128,
                              at_most=True, unit='B'))
    else:
        raise ctx.error('no icmpguard_source in /proc/slabinfo')
    return {
        'generator': gen.name,
        'counted': 'echo requests received (d0 rx), all dropped',
        'variants': variants,
        'runs': runs,
        'memory': mem,
        'targets': targets,
    }
