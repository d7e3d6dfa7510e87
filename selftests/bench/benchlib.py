# SPDX-License-Identifier: GPL-2.0
"""Shared pieces of icmpguard's benchmark: the test network, the packet
generator, the CPU clocks, one measurement, rounds and ratios.

The network (one guest, two vCPUs):

  ns gen                      ns dut (the router under test)
  g0 10.90.1.1/24 <-- veth --> d0 10.90.1.2/24    RPS: CPU 0
                               s0 dummy 10.90.2.1/24: forwarded traffic
                                  (to 10.90.2.2) ends here
                               r0 dummy 10.90.3.254/24, route 10.128.0.0/16:
                                  replies and errors (to the generator's
                                  source 10.90.3.1 or a flood source) end here

The generator runs on CPU 1 (this process and its children are pinned
there). The frames it puts into g0 (held in a plug qdisc first, see
measure()) are steered by RPS on d0 to CPU 0's backlog, so everything
the router does for a packet -- receive, netfilter hooks, icmpguard,
routing, forwarding, replies, errors, transmission on a dummy -- runs in
CPU 0's NET_RX softirq, and nothing else runs there. Replies and errors
go out on a dummy device, whose counter is the count: no third
namespace, no cost on the generator's CPU.

The figure of merit is CPU 0's CPU time per packet handled: by the
host's clock (HostClock) when hostmon runs on the host, else by the
guest's (CpuMeter).
"""

import json
import os
import statistics
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BLAST = os.path.join(HERE, 'blast')
ICMPCTL = os.path.join(REPO, 'tools', 'icmpctl')
MODULE = os.path.join(REPO, 'module', 'icmpguard.ko')

GEN, DUT = 'bench-gen', 'bench-dut'
GEN_ADDR, DUT_ADDR = '10.90.1.1', '10.90.1.2'
FWD_DST = '10.90.2.2'      # beyond the router: out on s0
SRC = '10.90.3.1'          # the generator's (spoofed) source: replies go to r0
FLOOD_NET = '10.128.0.0'   # /16 of flood sources, routed to r0 as well

DUT_CPU, GEN_CPU = 0, 1
USER_HZ = os.sysconf('SC_CLK_TCK')


class BenchError(Exception):
    """A scenario could not run."""


class Context:
    """What a scenario gets: rounds, busy seconds per run, the network,
    and per-run packet estimates (see measure())."""
    error = BenchError

    def __init__(self, reps, seconds, quick):
        self.reps, self.seconds, self.quick = reps, seconds, quick
        self.topo = None
        self.estimates = {}
        self.host = None


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


# --- CPU time -----------------------------------------------------------

def _cpu_idle_ticks(cpu):
    """Idle + iowait of one CPU from /proc/stat, in USER_HZ ticks."""
    tag = 'cpu%d ' % cpu
    with open('/proc/stat') as f:
        for line in f:
            if line.startswith(tag):
                v = line.split()
                return int(v[4]) + int(v[5])
    raise BenchError('no %s in /proc/stat' % tag.strip())


class CpuMeter:
    """Busy time of one CPU over a window, to well under a millisecond.

    Busy = wall time - idle time. The counters sampled at the tick (user,
    system, softirq in /proc/stat) are useless here: with NO_HZ the tick
    is off while a CPU idles, and the short bursts of softirq work the
    generator's interrupts wake it for are never sampled. The idle time,
    by contrast, is exact (the kernel stamps every idle entry and exit:
    get_cpu_idle_time_us), but /proc/stat prints it in 10 ms ticks. So
    each end of the window waits, with the measured CPU idle, for the
    idle counter to step to its next tick and takes the time at that
    moment: then wall time and idle time are both known to the
    microsecond. (Should the CPU not go idle at an end, that end is off
    by up to one tick.)
    """

    def __init__(self, cpu=DUT_CPU):
        self.cpu = cpu

    def _edge(self, timeout):
        first = _cpu_idle_ticks(self.cpu)
        deadline = time.monotonic() + timeout
        while True:
            t = time.monotonic()
            v = _cpu_idle_ticks(self.cpu)
            if v != first or t > deadline:
                return t, v

    def start(self):
        self.t0, self.i0 = self._edge(0.05)

    def wait_idle(self, timeout=60):
        """Returns once the CPU has been idle for a while (a tick)."""
        self._edge(timeout)

    def stop(self, drain=30):
        """Returns (busy_ns, wall_ns) since start(). Waits (up to DRAIN
        seconds) for the CPU to go idle first: the end of the window is
        when it has finished the packets queued to it."""
        t1, i1 = self._edge(drain)
        wall = (t1 - self.t0) * 1e9
        idle = (i1 - self.i0) * 1e9 / USER_HZ
        return max(wall - idle, 0.0), wall


class HostClock:
    """CPU time the host gives the QEMU thread of each vCPU, through
    selftests/bench/hostmon (which the host runs next to the guest, see
    its header). The guest's clock counts a vCPU as busy while the host
    has it descheduled; this clock does not, so the figures hold on a
    loaded host. Absent hostmon (the benchmark run by hand in a guest),
    ok is False and only the guest's clock is used.

    Which thread is which vCPU: a spin loop pinned to CPU 0 (then to
    CPU 1) is the thread that gets the CPU time meanwhile."""

    DIR = os.path.join(REPO, 'bench', 'results', '.hostmon')
    CTL = '/run/vm/ctl'      # selftests/vm/run's control share

    def __init__(self):
        self.seq = 0
        self.tids = {}
        self.ok = False
        if not os.path.isdir(self.DIR) or not os.path.isdir(self.CTL):
            return
        # Tells hostmon which of the QEMUs on the host is this guest.
        self.token = os.urandom(8).hex()
        with open(os.path.join(self.CTL, 'bench-token'), 'w') as f:
            f.write(self.token + '\n')
        try:
            self.sample(timeout=5)
        except BenchError:
            return
        for cpu in (DUT_CPU, GEN_CPU):
            s0 = self.sample()
            run('taskset', '-c', str(cpu), BLAST, '-S', '100000000')
            s1 = self.sample()
            d = sorted(((s1[t] - s0.get(t, 0), t) for t in s1), reverse=True)
            if len(d) < 2 or d[0][0] < 2 * d[1][0]:
                raise BenchError('hostmon: cannot tell which QEMU thread '
                                 'runs CPU %d (%s)' % (cpu, d[:3]))
            self.tids[cpu] = d[0][1]
        self.ok = True

    def sample(self, timeout=30):
        """{tid: ns of CPU} of every thread of the guest's QEMU."""
        self.seq += 1
        req = os.path.join(self.DIR, 'req')
        with open(req + '.tmp', 'w') as f:
            f.write('%d %s\n' % (self.seq, self.token))
        os.rename(req + '.tmp', req)
        deadline = time.monotonic() + timeout
        while True:
            try:
                with open(os.path.join(self.DIR, 'ack')) as f:
                    v = f.read().split()
                if v and v[0] == str(self.seq):
                    return {t: int(n) for t, n in
                            (x.split(':') for x in v[1:])}
            except (OSError, ValueError):
                pass
            if time.monotonic() > deadline:
                raise BenchError('hostmon did not answer')
            time.sleep(0.001)

    def cpu_ns(self, s0, s1, cpu=DUT_CPU):
        t = self.tids[cpu]
        return s1[t] - s0[t]


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
        for ns in (GEN, DUT):
            netns(ns, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1',
                  'net.ipv6.conf.default.disable_ipv6=1')
            run('ip', '-n', ns, 'link', 'set', 'lo', 'up')
        run('ip', '-n', GEN, 'link', 'set', 'g0', 'up')
        run('ip', '-n', GEN, 'addr', 'add', GEN_ADDR + '/24', 'dev', 'g0')
        run('ip', '-n', DUT, 'link', 'set', 'd0', 'up')
        run('ip', '-n', DUT, 'addr', 'add', DUT_ADDR + '/24', 'dev', 'd0')
        for dev, addr in (('s0', '10.90.2.1/24'), ('r0', '10.90.3.254/24')):
            run('ip', '-n', DUT, 'link', 'add', dev, 'type', 'dummy')
            run('ip', '-n', DUT, 'link', 'set', dev, 'up')
            run('ip', '-n', DUT, 'addr', 'add', addr, 'dev', dev)
        run('ip', '-n', DUT, 'route', 'add', FLOOD_NET + '/16', 'dev', 'r0')
        # A router that sees spoofed sources: no reverse-path filter.
        netns(DUT, 'sysctl', '-qw', 'net.ipv4.ip_forward=1',
              'net.ipv4.conf.all.rp_filter=0',
              'net.ipv4.conf.default.rp_filter=0',
              'net.ipv4.conf.d0.rp_filter=0')
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
        d0 = link_stats(DUT, 'd0')
        g0 = link_stats(GEN, 'g0')
        return (extra() if extra else {}) | {
            'received': d0['rx']['packets'],     # reached CPU 0's backlog
            'backlog_drops': g0['tx']['dropped'],
            'forwarded': link_stats(DUT, 's0')['tx']['packets'],
            'replied': link_stats(DUT, 'r0')['tx']['packets'],
        }


# --- the generator and one measurement ------------------------------------

class Blast:
    """The AF_PACKET sender (blast.c) in the generator's namespace; its
    frames go into g0's qdisc (the plug, see measure())."""

    def __init__(self, topo, dst, src=SRC, nsrc=1, proto='echo', ttl=64):
        self.args = ['ip', 'netns', 'exec', GEN, BLAST, '-q', '-i', 'g0',
                     '-m', topo.dmac, '-s', src, '-d', dst,
                     '-n', str(nsrc), '-p', proto, '-t', str(ttl)]
        self.name = 'blast: %s%s, TTL %d, %d-byte frames' % (
            'ICMP echo request' if proto == 'echo' else 'UDP',
            ' from %d sources' % nsrc if nsrc > 1 else '', ttl,
            98 if proto == 'echo' else 60)

    def send(self, count):
        out = json.loads(run(*self.args, '-c', str(count)))
        if out['sent'] != count or out['errors']:
            raise BenchError('blast sent %d of %d frames (%d errors)'
                             % (out['sent'], count, out['errors']))
        return out


MIN_PACKETS, MAX_PACKETS = 2000, 100000
PROBE_PACKETS = 2000


def backlog_processed(cpu=DUT_CPU):
    """Packets a CPU took from its backlog (/proc/net/softnet_stat)."""
    with open('/proc/net/softnet_stat') as f:
        for i, line in enumerate(f):
            v = line.split()
            # The 13th column, where there is one, is the CPU's number.
            if (int(v[12], 16) if len(v) > 12 else i) == cpu:
                return int(v[0], 16)
    raise BenchError('CPU %d not in /proc/net/softnet_stat' % cpu)


def wait_processed(n, timeout=300):
    """Waits until CPU 0 has taken N packets in all from its backlog."""
    deadline = time.monotonic() + timeout
    while backlog_processed() < n:
        if time.monotonic() > deadline:
            raise BenchError('CPU 0 did not get through its backlog')
        time.sleep(0.005)


def plug(*cmd):
    run('tc', '-n', GEN, 'qdisc', *cmd)


def measure(ctx, gen, count_key, key, count=None, warm=None, extra=None):
    """One run. The generator's frames are queued, not sent: g0 gets a
    plug qdisc (sch_plug), the generator fills it with WARM frames,
    a boundary, then COUNT frames. Releasing the first part warms the
    router up (TCG translates code on first use; caches; a flood's
    per-source state), unmeasured. Releasing the rest puts COUNT frames
    into CPU 0's backlog as fast as CPU 1 moves them, and CPU 0 works
    through them: what is measured is CPU 0's busy time from the release
    until it has taken the last of them from its backlog and is idle
    again, over the packets counted under COUNT_KEY (see
    Topology.counters). The generator's pacing, its wake-ups and idle
    time stay out of the figure.

    Without COUNT, the count is sized to keep CPU 0 busy for about
    ctx.seconds, from the cost of the previous run of the same KEY or,
    the first time, of a probe of PROBE_PACKETS. EXTRA, a function
    returning more counters, is read with the others: their deltas are
    in the result's 'deltas'."""
    if count is None:
        est = ctx.estimates.get(key)
        if est is None:
            est = _run(ctx, gen, count_key, PROBE_PACKETS, 0, None)[
                'guest_ns_per_pkt']
        count = int(min(MAX_PACKETS, max(MIN_PACKETS,
                                         ctx.seconds * 1e9 / est)))
    if warm is None:
        warm = max(200, min(5000, count // 10))
    res = _run(ctx, gen, count_key, count, warm, extra)
    ctx.estimates[key] = res['guest_ns_per_pkt']
    return res


def _run(ctx, gen, count_key, count, warm, extra):
    topo = ctx.topo
    meter = CpuMeter()
    # A plug that already exists keeps its state through "replace";
    # "block" closes it whatever it was.
    plug('replace', 'dev', 'g0', 'root', 'plug', 'limit', str(1 << 30))
    plug('change', 'dev', 'g0', 'root', 'plug', 'block')
    if warm:
        gen.send(warm)
        plug('change', 'dev', 'g0', 'root', 'plug', 'block')
    gen.send(count)
    if warm:
        p0 = backlog_processed()
        plug('change', 'dev', 'g0', 'root', 'plug', 'release')
        wait_processed(p0 + warm)
    meter.wait_idle()
    c0 = topo.counters(extra)
    p0 = backlog_processed()
    meter.start()
    host = ctx.host if ctx.host and ctx.host.ok else None
    h0 = host.sample() if host else None
    plug('change', 'dev', 'g0', 'root', 'plug', 'release_indefinite')
    wait_processed(p0 + count)
    busy, wall = meter.stop()
    h1 = host.sample() if host else None
    c1 = topo.counters(extra)
    d = {k: c1[k] - c0[k] for k in c0}
    if d['received'] != count or d['backlog_drops']:
        raise BenchError('%d of %d frames reached the router (%d dropped '
                         'at its backlog)' % (d['received'], count,
                                              d['backlog_drops']))
    pkts = d[count_key]
    if pkts <= 0:
        raise BenchError('no packets counted as %s: %s' % (count_key, d))
    res = {
        'packets': pkts,
        'guest_ns_per_pkt': busy / pkts,
        'util': busy / wall,
        'busy_s': busy / 1e9,
        'deltas': d,
    }
    if host:
        res['host_ns_per_pkt'] = host.cpu_ns(h0, h1) / pkts
        res['host_share'] = host.cpu_ns(h0, h1) / busy
    # The figure of merit: the host's clock when there is one.
    res['ns_per_pkt'] = res.get('host_ns_per_pkt', res['guest_ns_per_pkt'])
    res['pps'] = 1e9 / res['ns_per_pkt']      # packets per CPU-second
    return res


# --- icmpguard and netfilter ---------------------------------------------

def module_loaded():
    return os.path.isdir('/sys/module/icmpguard')


def load_module():
    if module_loaded():
        run('rmmod', 'icmpguard')
    run('modprobe', 'nf_defrag_ipv4')
    run('insmod', MODULE)


def unload_module():
    if module_loaded():
        run('rmmod', 'icmpguard')


def icmpctl(*args, input=None):
    return run(ICMPCTL, '-n', DUT, *args, input=input)


def icmpctl_stats():
    return json.loads(icmpctl('-j', 'stats'))


def open_icmpguard_limits():
    """No reply or flood limit of icmpguard gets in the way."""
    icmpctl('set', 'reply-rate', 'unlimited', 'reply-rate-per-dest',
            'unlimited', 'flood-limit', 'unlimited', 'flood-limit',
            'unlimited', 'per-source')


def nft(script):
    netns(DUT, 'nft', '-f', '-', input=script)


def nft_flush():
    netns(DUT, 'nft', 'flush', 'ruleset')


def slabinfo(cache):
    """(active_objs, num_objs, objsize, objperslab, pagesperslab, slabs)"""
    with open('/proc/slabinfo') as f:
        for line in f:
            v = line.split()
            if v and v[0] == cache:
                return {'active_objs': int(v[1]), 'num_objs': int(v[2]),
                        'objsize': int(v[3]), 'objperslab': int(v[4]),
                        'pagesperslab': int(v[5]), 'slabs': int(v[14])}
    return None


def slab_bytes():
    """Slab memory in use (SReclaimable + SUnreclaim), from /proc/meminfo."""
    kb = {}
    with open('/proc/meminfo') as f:
        for line in f:
            k, v = line.split(':')
            kb[k] = int(v.split()[0])
    return (kb['SReclaimable'] + kb['SUnreclaim']) * 1024


# --- statistics ---------------------------------------------------------------

def summary(values):
    """median, min, max, q1, q3 of a list (None if empty)."""
    v = sorted(values)
    if not v:
        return None
    if len(v) >= 4:
        q = statistics.quantiles(v, n=4)
        q1, q3 = q[0], q[2]
    else:
        q1, q3 = v[0], v[-1]
    return {'median': statistics.median(v), 'min': v[0], 'max': v[-1],
            'q1': q1, 'q3': q3, 'n': len(v), 'values': v}


# --- repetitions ----------------------------------------------------------------

class Variant:
    """One side of a comparison: how to set it up and tear it down."""

    def __init__(self, name, setup=None, teardown=None):
        self.name = name
        self.setup = setup or (lambda: None)
        self.teardown = teardown or (lambda: None)


def alternate(ctx, variants, body):
    """Runs BODY(variant) for every variant, round after round: one
    warm-up round (discarded), then ctx.reps rounds. The order reverses
    every round (A B, B A, A B, ...), so a slow drift of the machine
    weighs on every variant alike. Returns {name: [result per round]}."""
    out = {v.name: [] for v in variants}
    for r in range(ctx.reps + 1):
        order = variants if r % 2 == 0 else variants[::-1]
        for v in order:
            v.setup()
            try:
                res = body(v)
            finally:
                v.teardown()
            log('  %-9s %-22s %s' % ('warm-up' if not r else
                                     'round %d/%d' % (r, ctx.reps),
                                     v.name, describe(res)))
            if r:
                out[v.name].append(res)
    return out


def describe(res):
    """One line about a measurement."""
    if isinstance(res, dict) and 'ns_per_pkt' not in res:
        return ' '.join('%s: %.0f ns' % (k, r['ns_per_pkt'])
                        for k, r in res.items())
    return ('%8.0f ns/pkt (guest clock %8.0f)  %6d packets, CPU 0 %3.0f%% '
            'busy over %.2f s' % (res['ns_per_pkt'], res['guest_ns_per_pkt'],
                                  res['packets'], 100 * res['util'],
                                  res['busy_s']))


def paired(a_runs, b_runs):
    """Per-round ratios cost(B) / cost(A) (A's packets per CPU-second
    over B's), the rounds pairing runs made next to each other; the same
    by the guest's clock under 'guest'."""
    return ratio_summary([(a, b) for a, b in zip(a_runs, b_runs)])


def ratio_summary(pairs):
    out = summary([b['ns_per_pkt'] / a['ns_per_pkt'] for a, b in pairs])
    out['guest'] = summary([b['guest_ns_per_pkt'] / a['guest_ns_per_pkt']
                            for a, b in pairs])
    return out


def var_summary(runs):
    return {k: summary([r[k] for r in runs])
            for k in ('ns_per_pkt', 'guest_ns_per_pkt', 'pps', 'util',
                      'packets')}


def target(measure, ratio, want, goal=None, at_most=False, unit='x'):
    """A target line: met when the median ratio is >= want (<= with
    at_most); goal likewise."""
    med = ratio['median'] if isinstance(ratio, dict) else ratio
    ok = (lambda v: med <= v) if at_most else (lambda v: med >= v)
    return {'measure': measure, 'ratio': ratio, 'target': want,
            'goal': goal, 'at_most': at_most, 'unit': unit,
            'met': ok(want), 'goal_met': ok(goal) if goal is not None else None}
