# SPDX-License-Identifier: GPL-2.0
"""Shared pieces of icmpguard's benchmark: the test network, the packet
generator, the instruction clock, one measurement, rounds and ratios.

The network (one guest, two vCPUs; IPv4 and IPv6 side by side):

  ns gen                  ns dut (the router under test)
  g0 10.90.1.1/24 <-veth-> d0 10.90.1.2/24, fd00:90:1::2/64   RPS: CPU 0
                          s0 dummy 10.90.2.1/24, fd00:90:2::1/64:
                             forwarded traffic (to 10.90.2.2,
                             fd00:90:2::2) ends here
                          r0 dummy 10.90.3.254/24, fd00:90:3::fe/64, and
                             routes to 10.128.0.0/9 and fd01::/32:
                             replies and errors (to the generator's
                             source 10.90.3.1 / fd00:90:3::1, or to a
                             flood source) end here

The generator has no IP stack of its own to speak of (IPv6 off in its
namespace: no stray Neighbor Discovery or MLD in a count); blast writes
whole frames with AF_PACKET. It runs on CPU 1 (this process and its
children are pinned there). The frames it puts into g0 (held in a plug
qdisc first, see measure()) are steered by RPS on d0 to CPU 0's backlog,
so everything the router does for a packet -- receive, netfilter hooks,
icmpguard, routing, forwarding, replies, errors, transmission on a
dummy -- runs in CPU 0's NET_RX softirq, and nothing else runs there.
Unbound work items (nftables' set GC, icmpguard's flood watcher) are
confined to CPU 0 as well (the guest boots with
workqueue.power_efficient=1, and the unbound cpumask is set to CPU 0),
so both engines' housekeeping is charged to the CPU measured.

The figure of merit is the number of guest instructions vCPU 0 executes
per packet, read from the vcpu_insns QEMU plugin (selftests/bench/
vcpu_insns.c) that make bench loads; QEMU runs with -icount shift=0, so
that is also the guest's nanoseconds (one instruction = 1 ns of guest
time) and timers and rate limits run on a clock that host load cannot
touch.
"""

import json
import os
import statistics
import struct
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BLAST = os.path.join(HERE, 'blast')
ICMPCTL = os.path.join(REPO, 'tools', 'icmpctl')
# make bench builds it for the guest's kernel in .build/KVER (make modules).
MODULE = os.path.join(REPO, '.build', os.uname().release, 'module',
                      'icmpguard.ko')
if not os.path.exists(MODULE):
    MODULE = os.path.join(REPO, 'module', 'icmpguard.ko')

GEN, DUT = 'bench-gen', 'bench-dut'
GEN_ADDR, DUT_ADDR = '10.90.1.1', '10.90.1.2'


class Fam:
    """What differs between IPv4 and IPv6 in a scenario."""

    def __init__(self, v, dut, fwd, src, flood, flood_new, flood_net,
                 icmp, echo, nft_family, saddr, iptables, key_mask):
        self.v, self.name = v, 'IPv%d' % v
        self.dut, self.fwd, self.src = dut, fwd, src
        self.flood, self.flood_new, self.flood_net = flood, flood_new, \
            flood_net
        self.icmp, self.echo = icmp, echo
        self.nft_family, self.saddr = nft_family, saddr
        self.iptables, self.key_mask = iptables, key_mask


V4 = Fam(4, DUT_ADDR, '10.90.2.2', '10.90.3.1', '10.128.0.0',
         '10.129.0.0', '10.128.0.0/9', 'icmp', 'icmp type echo-request',
         'ip', 'ip saddr', 'iptables', '')
V6 = Fam(6, 'fd00:90:1::2', 'fd00:90:2::2', 'fd00:90:3::1', 'fd01::1',
         'fd01:0:1::1', 'fd01::/32', 'icmpv6',
         'icmpv6 type echo-request', 'ip6', 'ip6 saddr', 'ip6tables',
         ' & ffff:ffff:ffff:ffff::')
FAMS = {4: V4, 6: V6}

DUT_CPU, GEN_CPU = 0, 1


class BenchError(Exception):
    """A scenario could not run."""


class Context:
    """What a scenario gets: rounds, instructions per run, the network,
    the clock and per-run packet estimates (see measure())."""
    error = BenchError

    def __init__(self, reps, insns, quick):
        self.reps, self.insns, self.quick = reps, insns, quick
        self.topo = None
        self.estimates = {}
        self.clock = None


def run(*args, input=None, check=True):
    """Runs a command, returns its stdout; raises BenchError on failure."""
    p = subprocess.run(args, input=input, capture_output=True, text=True)
    if check and p.returncode:
        raise BenchError('%s: exit %d: %s' % (' '.join(args[:6]), p.returncode,
                                              p.stderr.strip()[-400:]))
    return p.stdout


def netns(ns, *args, **kw):
    return run('ip', 'netns', 'exec', ns, *args, **kw)


def log(msg):
    print(msg, flush=True)


def sysctl(ns, *settings):
    netns(ns, 'sysctl', '-qw', *settings)


# --- the instruction clock -------------------------------------------------

class InsnClock:
    """Guest instructions per vCPU, from the vcpu_insns QEMU plugin: a
    file of 64 u64 counters, one per vCPU, that QEMU keeps up to date
    and this guest reads through the repository's 9p share (the bench
    names it in ICMPGUARD_BENCH_INSNS). A halted vCPU executes nothing,
    so a read while vCPU 0 idles is exact."""

    def __init__(self):
        self.path = os.environ.get('ICMPGUARD_BENCH_INSNS')
        if not self.path or not os.path.exists(self.path):
            raise BenchError('no instruction counter (ICMPGUARD_BENCH_INSNS): '
                             'run the benchmark with make bench, or give QEMU '
                             'the vcpu_insns plugin as selftests/bench/bench '
                             'does')
        self.mem = self._ivshmem()
        self.via = 'ivshmem' if self.mem else '9p'
        a = self.read()
        run(BLAST, '-S', '1000000')
        b = self.read()
        if a == b:
            raise BenchError('the instruction counter does not move')

    @staticmethod
    def _ivshmem():
        """A mapping of the ivshmem device's memory (the counters), or
        None. Read so, the counters cost no I/O: a 9p read's completion
        work may run on the vCPU measured."""
        import glob
        import mmap
        for dev in glob.glob('/sys/bus/pci/devices/*'):
            try:
                with open(dev + '/vendor') as f:
                    vendor = f.read().strip()
                with open(dev + '/device') as f:
                    device = f.read().strip()
                if (vendor, device) != ('0x1af4', '0x1110'):
                    continue
                with open(dev + '/enable', 'w') as f:
                    f.write('1')
                fd = os.open(dev + '/resource2', os.O_RDWR | os.O_SYNC)
                try:
                    return mmap.mmap(fd, 4096, mmap.MAP_SHARED,
                                     mmap.PROT_READ | mmap.PROT_WRITE)
                finally:
                    os.close(fd)
            except OSError:
                continue
        return None

    def read(self):
        if self.mem:
            return struct.unpack_from('<2Q', self.mem, 0)
        with open(self.path, 'rb') as f:
            return struct.unpack('<2Q', f.read(16))

    # --- the profile (selftests/bench/run --profile) ---

    CTL = 63 * 8        # the plugin's control word

    def _ctl(self, v=None):
        if self.mem:
            if v is None:
                return struct.unpack_from('<Q', self.mem, self.CTL)[0]
            struct.pack_into('<Q', self.mem, self.CTL, v)
            return v
        with open(self.path, 'r+b') as f:
            f.seek(self.CTL)
            if v is None:
                return struct.unpack('<Q', f.read(8))[0]
            f.write(struct.pack('<Q', v))
            return v

    def prof_start(self):
        self.prof = os.environ.get('ICMPGUARD_BENCH_PROF')
        if self.prof:
            self._ctl(1)

    def prof_stop(self):
        """{address: instructions} of vCPU 0 since prof_start()."""
        if not getattr(self, 'prof', None):
            return None
        size = os.path.getsize(self.prof) if os.path.exists(self.prof) \
            else 0
        self._ctl(2)
        deadline = time.monotonic() + 30
        while self._ctl() and time.monotonic() < deadline:
            # vCPU 0 dumps it the next time it runs: make it run.
            run('taskset', '-c', str(DUT_CPU), 'true')
        out = {}
        with open(self.prof) as f:
            f.seek(size)
            for line in f:
                if line.startswith('end'):
                    break
                a, n = line.split()
                out[int(a, 16)] = out.get(int(a, 16), 0) + int(n)
        return out


    def cpu0(self):
        return self.read()[DUT_CPU]

    def wait_idle(self, timeout=120):
        """Returns vCPU 0's count once it has executed (next to) nothing
        for a few milliseconds of guest time: it is idle."""
        deadline = time.monotonic() + timeout
        last = self.cpu0()
        while True:
            time.sleep(0.003)
            now = self.cpu0()
            if now - last < 30000 or time.monotonic() > deadline:
                return now
            last = now


_SYMS = None


def symbols():
    """Sorted [(address, name)] of the kernel's and modules' text."""
    global _SYMS
    if _SYMS is None:
        syms = []
        with open('/proc/kallsyms') as f:
            for line in f:
                v = line.split()
                if len(v) >= 3 and v[1] in 'tTwW':
                    name = v[2] + (' ' + v[3] if len(v) > 3 else '')
                    syms.append((int(v[0], 16), name))
        syms.sort()
        _SYMS = syms
    return _SYMS


def profile_by_function(prof, packets, top=25):
    """[(function, instructions per packet)], the TOP largest."""
    import bisect
    syms = symbols()
    addrs = [a for a, _ in syms]
    agg = {}
    for a, n in prof.items():
        if a < 0xffff800000000000:
            name = '[user]'
        else:
            i = bisect.bisect_right(addrs, a) - 1
            name = syms[i][1] if i >= 0 else '?'
        agg[name] = agg.get(name, 0) + n
    return [(k, v / packets) for k, v in
            sorted(agg.items(), key=lambda kv: -kv[1])[:top]]


# --- the network ------------------------------------------------------------

def link_stats(ns, dev):
    """{'rx': {...}, 'tx': {...}} packet counters of a device."""
    out = run('ip', '-n', ns, '-s', '-j', 'link', 'show', 'dev', dev)
    return json.loads(out)[0]['stats64']


class Topology:
    """The two namespaces above; close() removes them."""

    def __init__(self):
        self.close()
        run('ip', 'netns', 'add', GEN)
        run('ip', 'netns', 'add', DUT)
        run('ip', 'link', 'add', 'g0', 'netns', GEN, 'type', 'veth',
            'peer', 'name', 'd0', 'netns', DUT)
        sysctl(GEN, 'net.ipv6.conf.all.disable_ipv6=1',
               'net.ipv6.conf.default.disable_ipv6=1')
        # A router: no DAD, no autoconfiguration, forwarding both ways,
        # no reverse-path filter (it sees spoofed sources).
        sysctl(DUT, 'net.ipv6.conf.all.accept_dad=0',
               'net.ipv6.conf.default.accept_dad=0',
               'net.ipv6.conf.all.accept_ra=0',
               'net.ipv6.conf.default.accept_ra=0',
               'net.ipv6.conf.all.forwarding=1',
               'net.ipv4.ip_forward=1',
               'net.ipv4.conf.all.rp_filter=0',
               'net.ipv4.conf.default.rp_filter=0')
        for ns in (GEN, DUT):
            run('ip', '-n', ns, 'link', 'set', 'lo', 'up')
        run('ip', '-n', GEN, 'link', 'set', 'g0', 'up')
        run('ip', '-n', GEN, 'addr', 'add', GEN_ADDR + '/24', 'dev', 'g0')
        run('ip', '-n', DUT, 'link', 'set', 'd0', 'up')
        run('ip', '-n', DUT, 'addr', 'add', DUT_ADDR + '/24', 'dev', 'd0')
        run('ip', '-n', DUT, 'addr', 'add', 'fd00:90:1::2/64', 'dev', 'd0',
            'nodad')
        for dev, a4, a6 in (('s0', '10.90.2.1/24', 'fd00:90:2::1/64'),
                            ('r0', '10.90.3.254/24', 'fd00:90:3::fe/64')):
            run('ip', '-n', DUT, 'link', 'add', dev, 'type', 'dummy')
            run('ip', '-n', DUT, 'link', 'set', dev, 'up')
            run('ip', '-n', DUT, 'addr', 'add', a4, 'dev', dev)
            run('ip', '-n', DUT, 'addr', 'add', a6, 'dev', dev, 'nodad')
        for f in FAMS.values():
            run('ip', '-n', DUT, 'route', 'add', f.flood_net, 'dev', 'r0')
        sysctl(DUT, 'net.ipv4.conf.d0.rp_filter=0')
        self.gmac = json.loads(run('ip', '-n', GEN, '-j', 'link', 'show',
                                   'g0'))[0]['address']
        self.dmac = json.loads(run('ip', '-n', DUT, '-j', 'link', 'show',
                                   'd0'))[0]['address']
        run('ip', '-n', DUT, 'neigh', 'replace', GEN_ADDR, 'lladdr',
            self.gmac, 'dev', 'd0', 'nud', 'permanent')
        # Receive processing of d0 on CPU 0, whatever CPU sends.
        netns(DUT, 'sh', '-c', 'echo %x > '
              '/sys/class/net/d0/queues/rx-0/rps_cpus' % (1 << DUT_CPU))

    def close(self):
        for ns in (GEN, DUT):
            run('ip', 'netns', 'del', ns, check=False)

    def counters(self, extra=None):
        """Every packet counter a scenario may read, in one go."""
        dut = {d['ifname']: d['stats64'] for d in json.loads(
            run('ip', '-n', DUT, '-s', '-j', 'link', 'show'))}
        g0 = link_stats(GEN, 'g0')
        return (extra() if extra else {}) | {
            'received': dut['d0']['rx']['packets'],  # reached CPU 0's backlog
            'backlog_drops': g0['tx']['dropped'],
            'forwarded': dut['s0']['tx']['packets'],
            'replied': dut['r0']['tx']['packets'],
        }


# --- the generator and one measurement ------------------------------------

class Blast:
    """The AF_PACKET sender (blast.c) in the generator's namespace; its
    frames go into g0's qdisc (the plug, see measure())."""

    def __init__(self, topo, fam, dst, src=None, nsrc=1, proto='echo',
                 ttl=64, payload=None, repeat=1, window=None):
        src = src or fam.src
        self.args = ['ip', 'netns', 'exec', GEN, BLAST, '-q', '-i', 'g0',
                     '-m', topo.dmac, '-s', src, '-d', dst,
                     '-n', str(nsrc), '-p', proto, '-t', str(ttl)]
        if payload:
            self.args += ['-l', str(payload)]
        if repeat > 1:
            self.args += ['-r', str(repeat), '-w', str(window)]
        size = (14 + (20 if fam.v == 4 else 40) + 8 +
                (payload or (56 if proto == 'echo' else 18)))
        self.name = 'blast: %s %s%s%s, %s %d, %d-byte frames' % (
            fam.name, 'echo requests' if proto == 'echo' else 'UDP',
            ' from %d sources' % nsrc if nsrc > 1 else '',
            ' (windows of %d sources, %d times each)' % (window, repeat)
            if repeat > 1 else '',
            'TTL' if fam.v == 4 else 'hop limit', ttl, size)

    def send(self, count):
        out = json.loads(run(*self.args, '-c', str(count)))
        if out['sent'] != count or out['errors']:
            raise BenchError('blast sent %d of %d frames (%d errors)'
                             % (out['sent'], count, out['errors']))
        return out


MIN_PACKETS, MAX_PACKETS = 300, 100000
PROBE_PACKETS = 500


def backlog_processed(cpu=DUT_CPU):
    """Packets a CPU took from its backlog (/proc/net/softnet_stat)."""
    with open('/proc/net/softnet_stat') as f:
        for i, line in enumerate(f):
            v = line.split()
            # The 13th column, where there is one, is the CPU's number.
            if (int(v[12], 16) if len(v) > 12 else i) == cpu:
                return int(v[0], 16)
    raise BenchError('CPU %d not in /proc/net/softnet_stat' % cpu)


def wait_processed(n, timeout=600):
    """Waits until CPU 0 has taken N packets in all from its backlog."""
    deadline = time.monotonic() + timeout
    while backlog_processed() < n:
        if time.monotonic() > deadline:
            raise BenchError('CPU 0 did not get through its backlog')
        time.sleep(0.01)


DEBUG = os.environ.get('ICMPGUARD_BENCH_DEBUG')


def plug(*cmd):
    if DEBUG:
        log('    tc %s' % ' '.join(cmd[4:]))
    run('tc', '-n', GEN, 'qdisc', *cmd)


def measure(ctx, gen, count_key, key, count=None, warm=None, extra=None,
            warm_gen=None, early=False, pause=0):
    """One run. The generator's frames are queued, not sent: g0 gets a
    plug qdisc (sch_plug), the generator fills it with WARM frames,
    a boundary, then COUNT frames. Releasing the first part warms the
    router up (first-use allocations, route and neighbour entries, a
    flood's per-source state), unmeasured. Releasing the rest puts
    COUNT frames into CPU 0's backlog as fast as CPU 1 moves them, and
    CPU 0 works through them: what is measured is the instructions vCPU
    0 executes from the release (it is idle then) until it has taken
    the last of them from its backlog and is idle again, over the
    packets counted under COUNT_KEY (see Topology.counters). The
    generator's work (building, queueing, moving the frames) is vCPU
    1's and stays out of the figure.

    Without COUNT, the count is sized to about ctx.insns instructions
    of vCPU 0, from the cost of the previous run of the same KEY or, the
    first time, of a probe of PROBE_PACKETS. EXTRA, a function returning
    more counters, is read with the others: their deltas are in the
    result's 'deltas'. WARM_GEN, when given, sends the warm-up part.
    With EARLY the counters are read before the warm-up part is
    released, not after (their deltas then cover both parts, the
    instructions still the measured part only): so that nothing but a
    release separates the two parts in guest time (a flood's buckets
    refill with time). PAUSE: seconds (of guest time) to wait between
    the two parts."""
    if count is None:
        est = ctx.estimates.get(key)
        if est is None:
            est = _run(ctx, gen, count_key, PROBE_PACKETS, 50, None)[
                'ns_per_pkt']
        count = int(min(MAX_PACKETS, max(MIN_PACKETS, ctx.insns / est)))
    if warm is None:
        warm = max(100, min(2000, count // 10))
    res = _run(ctx, gen, count_key, count, warm, extra, warm_gen, early,
               pause)
    ctx.estimates[key] = res['ns_per_pkt']
    return res


def _run(ctx, gen, count_key, count, warm, extra, warm_gen=None,
         early=False, pause=0):
    topo, clock = ctx.topo, ctx.clock
    # A plug that already exists keeps its state through "replace";
    # "block" closes it whatever it was.
    plug('replace', 'dev', 'g0', 'root', 'plug', 'limit', str(1 << 30))
    plug('change', 'dev', 'g0', 'root', 'plug', 'block')
    if DEBUG:
        log('    blast')
    if warm:
        (warm_gen or gen).send(warm)
        plug('change', 'dev', 'g0', 'root', 'plug', 'block')
    gen.send(count)
    if early:
        clock.wait_idle()
        c0 = topo.counters(extra)
    if warm:
        p0 = backlog_processed()
        plug('change', 'dev', 'g0', 'root', 'plug', 'release')
        wait_processed(p0 + warm)
    if not early:
        clock.wait_idle()
        c0 = topo.counters(extra)
    time.sleep(pause)
    p0 = backlog_processed()
    i0 = clock.wait_idle()
    clock.prof_start()
    plug('change', 'dev', 'g0', 'root', 'plug', 'release_indefinite')
    t0 = time.monotonic()
    wait_processed(p0 + count)
    i1 = clock.wait_idle()
    t1 = time.monotonic()
    prof = clock.prof_stop()
    if DEBUG:
        log('    processed and idle: %.3f s guest' % (t1 - t0))
    c1 = topo.counters(extra)
    if DEBUG:
        log('    counters read')
    d = {k: c1[k] - c0[k] for k in c0}
    sent = count + (warm if early else 0)
    if d['received'] != sent or d['backlog_drops']:
        raise BenchError('%d of %d frames reached the router (%d dropped '
                         'at its backlog)' % (d['received'], sent,
                                              d['backlog_drops']))
    pkts = count if count_key == 'received' else d[count_key]
    if pkts <= 0:
        raise BenchError('no packets counted as %s: %s' % (count_key, d))
    res = {
        'packets': pkts,
        'insns': i1 - i0,
        # -icount shift=0: an instruction is a nanosecond of guest time.
        'ns_per_pkt': (i1 - i0) / pkts,
        'guest_seconds': t1 - t0,
        'deltas': d,
        'before': c0,
    }
    if prof:
        res['profile'] = profile_by_function(prof, pkts)
        log('    profile, instructions per packet (%.0f in all):' %
            res['ns_per_pkt'])
        for name, n in res['profile']:
            log('      %8.0f  %s' % (n, name))
    return res


# --- icmpguard and netfilter ---------------------------------------------

def module_loaded():
    return os.path.isdir('/sys/module/icmpguard')


def load_module():
    if module_loaded():
        run('rmmod', 'icmpguard')
    run('insmod', MODULE)


def unload_module():
    if module_loaded():
        run('rmmod', 'icmpguard')


def icmpctl(*args, input=None):
    return run(ICMPCTL, '-n', DUT, *args, input=input)


def icmpctl_stats(fam=V4):
    return json.loads(icmpctl('-j', '-%d' % fam.v, 'stats'))


def open_icmpguard_limits():
    """No reply or flood limit of icmpguard gets in the way."""
    icmpctl('set', 'reply-rate', 'unlimited', 'reply-rate-per-dest',
            'unlimited', 'flood-limit', 'unlimited', 'flood-limit',
            'unlimited', 'per-source', 'ipv6', 'flood-limit', 'unlimited',
            'per-source')


def nft(script):
    netns(DUT, 'nft', '-f', '-', input=script)


def nft_delete(family, table):
    netns(DUT, 'nft', 'delete', 'table', family, table, check=False)


# --- statistics ---------------------------------------------------------------

def summary(values):
    """median, min, max, q1, q3 and spread ((max - min) / median) of a
    list (None if empty)."""
    v = sorted(values)
    if not v:
        return None
    if len(v) >= 4:
        q = statistics.quantiles(v, n=4)
        q1, q3 = q[0], q[2]
    else:
        q1, q3 = v[0], v[-1]
    med = statistics.median(v)
    return {'median': med, 'min': v[0], 'max': v[-1], 'q1': q1, 'q3': q3,
            'spread': (v[-1] - v[0]) / med if med else 0.0,
            'n': len(v), 'values': v}


# --- repetitions ----------------------------------------------------------------

class Variant:
    """One side of a comparison: how to set it up and tear it down."""

    def __init__(self, name, setup=None, teardown=None):
        self.name = name
        self.setup = setup or (lambda: None)
        self.teardown = teardown or (lambda: None)


def alternate(ctx, variants, body):
    """Runs BODY(variant) for every variant, round after round, ctx.reps
    rounds. The order reverses every round (A B, B A, A B, ...), so a
    drift of the guest (memory, caches of the kernel's own) weighs on
    every variant alike. Returns {name: [result per round]}."""
    out = {v.name: [] for v in variants}
    for r in range(ctx.reps):
        order = variants if r % 2 == 0 else variants[::-1]
        for v in order:
            v.setup()
            try:
                res = body(v)
            finally:
                v.teardown()
            log('  %-9s %-24s %s' % ('round %d/%d' % (r + 1, ctx.reps),
                                     v.name, describe(res)))
            out[v.name].append(res)
    return out


def describe(res):
    """One line about a measurement."""
    if isinstance(res, dict) and 'ns_per_pkt' not in res:
        return ' '.join('%s: %.0f' % (k, r['ns_per_pkt'])
                        for k, r in res.items())
    extra = ''
    if 'pass_fraction' in res:
        extra = ', %.2f%% passed' % (100 * res['pass_fraction'])
    return '%8.0f ns/pkt  %6d packets%s' % (res['ns_per_pkt'],
                                             res['packets'], extra)


def paired(a_runs, b_runs):
    """Per-round ratios cost(B) / cost(A) (A's packets per CPU-second
    over B's), the rounds pairing runs made next to each other."""
    return ratio_summary(list(zip(a_runs, b_runs)))


def ratio_summary(pairs):
    return summary([b['ns_per_pkt'] / a['ns_per_pkt'] for a, b in pairs])


def var_summary(runs):
    return {k: summary([r[k] for r in runs])
            for k in ('ns_per_pkt', 'packets')}


def record(out, prefix, runs):
    """Each variant's runs, and their summary, into out as 'prefix name'."""
    for k, v in runs.items():
        out['variants']['%s %s' % (prefix, k)] = var_summary(v)
        out['runs']['%s %s' % (prefix, k)] = v


SPREAD_MAX = 0.05


def target(measure, ratio, want, at_most=False, unit='x', a=None, b=None,
           a_ns=None, b_ns=None, note=None):
    """A target line: met when the median ratio is >= want (<= with
    at_most), and stable when its rounds spread by at most 5 %."""
    med = ratio['median'] if isinstance(ratio, dict) else ratio
    met = (med <= want) if at_most else (med >= want)
    if isinstance(ratio, dict) and ratio['n'] > 1:
        stable = ratio['spread'] <= SPREAD_MAX
    else:
        stable = None
    return {'measure': measure, 'ratio': ratio, 'target': want,
            'at_most': at_most, 'unit': unit, 'met': met, 'stable': stable,
            'a': a, 'b': b, 'a_ns': a_ns, 'b_ns': b_ns, 'note': note}


def info(measure, ratio, a, b, a_ns=None, b_ns=None, note=None):
    """A ratio reported without a target."""
    t = target(measure, ratio, 0, a=a, b=b, a_ns=a_ns, b_ns=b_ns,
               note=note)
    t['target'] = None
    t['met'] = None
    return t


def ns_median(runs):
    return summary([r['ns_per_pkt'] for r in runs])['median']
