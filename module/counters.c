// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU, per-namespace counters. Writers are the hook and the reply
 * paths, always with BH disabled; readers and reset are netlink, in process
 * context.
 */

#include <linux/slab.h>
#include "counters.h"

struct icmpguard_pcpu_stats __percpu *icmpguard_stats_alloc(void)
{
	struct icmpguard_pcpu_stats __percpu *s;
	int cpu;

	s = alloc_percpu(struct icmpguard_pcpu_stats);
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

static void add_array(u64 *sum, const u64_stats_t *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sum[i] += u64_stats_read(&v[i]);
}

int icmpguard_stats_read(struct icmpguard_pcpu_stats __percpu *s,
			 struct icmpguard_stats *sum)
{
	struct icmpguard_stats *one;
	unsigned int start;
	int cpu, i;

	one = kmalloc(sizeof(*one), GFP_KERNEL);
	if (!one)
		return -ENOMEM;
	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct icmpguard_pcpu_stats *p = per_cpu_ptr(s, cpu);

		do {
			start = u64_stats_fetch_begin(&p->syncp);
			memset(one, 0, sizeof(*one));
			add_array(one->ctr, p->ctr, ARRAY_SIZE(p->ctr));
			add_array(one->drop, p->drop, ARRAY_SIZE(p->drop));
			add_array(one->rx_pkts, p->rx_pkts, 256);
			add_array(one->rx_bytes, p->rx_bytes, 256);
			add_array(one->tx_pkts, p->tx_pkts, 256);
			add_array(one->tx_bytes, p->tx_bytes, 256);
			add_array(one->err_sent, p->err_sent,
				  ICMPGUARD_ERR_SLOTS);
			add_array(one->err_limited, p->err_limited,
				  ICMPGUARD_ERR_SLOTS);
		} while (u64_stats_fetch_retry(&p->syncp, start));

		for (i = 0; i < ARRAY_SIZE(one->ctr); i++)
			sum->ctr[i] += one->ctr[i];
		for (i = 0; i < ARRAY_SIZE(one->drop); i++)
			sum->drop[i] += one->drop[i];
		for (i = 0; i < 256; i++) {
			sum->rx_pkts[i] += one->rx_pkts[i];
			sum->rx_bytes[i] += one->rx_bytes[i];
			sum->tx_pkts[i] += one->tx_pkts[i];
			sum->tx_bytes[i] += one->tx_bytes[i];
		}
		for (i = 0; i < ICMPGUARD_ERR_SLOTS; i++) {
			sum->err_sent[i] += one->err_sent[i];
			sum->err_limited[i] += one->err_limited[i];
		}
	}
	kfree(one);
	return 0;
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
		unsigned int i;

		for (i = 0; i < ARRAY_SIZE(p->ctr); i++)
			u64_stats_set(&p->ctr[i], 0);
		for (i = 0; i < ARRAY_SIZE(p->drop); i++)
			u64_stats_set(&p->drop[i], 0);
		for (i = 0; i < 256; i++) {
			u64_stats_set(&p->rx_pkts[i], 0);
			u64_stats_set(&p->rx_bytes[i], 0);
			u64_stats_set(&p->tx_pkts[i], 0);
			u64_stats_set(&p->tx_bytes[i], 0);
		}
		for (i = 0; i < ICMPGUARD_ERR_SLOTS; i++) {
			u64_stats_set(&p->err_sent[i], 0);
			u64_stats_set(&p->err_limited[i], 0);
		}
	}
}
