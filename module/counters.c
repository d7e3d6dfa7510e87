// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU, per-namespace counters, one set per address family. Writers
 * are the hooks and the send paths, always with BH disabled; readers and
 * reset are netlink, in process context.
 */

#include <linux/slab.h>
#include "counters.h"

/* Counted once for the namespace, in the IPv4 half, and shown in both. */
static const u8 ns_wide[] = {
	ICMPGUARD_CTR_EVENTS_SENT,
	ICMPGUARD_CTR_EVENTS_SUPPRESSED,
};

struct icmpguard_pcpu_stats __percpu *icmpguard_stats_alloc(void)
{
	struct icmpguard_pcpu_stats __percpu *s;
	int cpu;

	s = alloc_percpu_gfp(struct icmpguard_pcpu_stats, GFP_KERNEL_ACCOUNT);
	if (!s)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(s, cpu)->syncp);
	return s;
}

void icmpguard_stats_free(struct icmpguard_pcpu_stats __percpu *s)
{
	free_percpu(s);
}

static void add(u64 *sum, const u64_stats_t *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sum[i] += u64_stats_read(&v[i]);
}

static void add_fam(struct icmpguard_stats *sum,
		    const struct icmpguard_fam_stats *f)
{
	add(sum->ctr, f->ctr, ARRAY_SIZE(f->ctr));
	add(sum->drop, f->drop, ARRAY_SIZE(f->drop));
	add(sum->rx_pkts, f->rx_pkts, 256);
	add(sum->rx_bytes, f->rx_bytes, 256);
	add(sum->tx_pkts, f->tx_pkts, 256);
	add(sum->tx_bytes, f->tx_bytes, 256);
	add(sum->err_sent, f->err_sent, ICMPGUARD_ERR_SLOTS);
	add(sum->err_limited, f->err_limited, ICMPGUARD_ERR_SLOTS);
}

/*
 * Sums one family over every CPU into @sum; @one is scratch space. A
 * CPU's copy is read again if a writer ran meanwhile (only 32-bit kernels
 * can tear a u64, but the protocol costs nothing on 64-bit).
 */
void icmpguard_stats_read(struct icmpguard_pcpu_stats __percpu *s, int fam,
			  struct icmpguard_stats *sum, struct icmpguard_stats *one)
{
	u64 *total = (u64 *)sum, *part = (u64 *)one;
	unsigned int start, i;
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct icmpguard_pcpu_stats *p = per_cpu_ptr(s, cpu);
		const struct icmpguard_fam_stats *v4 = &p->f[ICMPGUARD_V4];

		do {
			start = u64_stats_fetch_begin(&p->syncp);
			memset(one, 0, sizeof(*one));
			add_fam(one, &p->f[fam]);
			for (i = 0; fam != ICMPGUARD_V4 &&
			     i < ARRAY_SIZE(ns_wide); i++)
				one->ctr[ns_wide[i]] =
					u64_stats_read(&v4->ctr[ns_wide[i]]);
		} while (u64_stats_fetch_retry(&p->syncp, start));
		for (i = 0; i < sizeof(*sum) / sizeof(u64); i++)
			total[i] += part[i];
	}
}

u64 icmpguard_stats_sum(struct icmpguard_pcpu_stats __percpu *s, int fam,
			enum icmpguard_counter c)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += u64_stats_read(&per_cpu_ptr(s, cpu)->f[fam].ctr[c]);
	return sum;
}

/*
 * Reset zeroes every CPU's copy from process context. An increment that
 * races with it on another CPU may survive or vanish; that is the meaning
 * of a reset under traffic. u64_stats_set() is a single store on 64-bit,
 * so no counter is ever torn there; 32-bit is not a target.
 */
void icmpguard_stats_reset(struct icmpguard_pcpu_stats __percpu *s)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct icmpguard_pcpu_stats *p = per_cpu_ptr(s, cpu);
		u64_stats_t *v = (u64_stats_t *)p->f;
		size_t i, n = sizeof(p->f) / (sizeof(u64_stats_t));

		for (i = 0; i < n; i++)
			u64_stats_set(&v[i], 0);
	}
}
