/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_COUNTERS_H
#define _ICMPGUARD_COUNTERS_H

#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>
#include "errors.h"
#include "uapi/icmpguard.h"

/*
 * One of these per CPU per namespace: the fast path only ever touches its
 * own CPU's copy, readers sum them.
 */
struct icmpguard_pcpu_stats {
	u64_stats_t ctr[__ICMPGUARD_CTR_MAX];
	u64_stats_t drop[__ICMPGUARD_DROP_MAX];
	u64_stats_t rx_pkts[256];
	u64_stats_t rx_bytes[256];
	u64_stats_t tx_pkts[256];
	u64_stats_t tx_bytes[256];
	u64_stats_t err_sent[ICMPGUARD_ERR_SLOTS];
	u64_stats_t err_limited[ICMPGUARD_ERR_SLOTS];
	struct u64_stats_sync syncp;
};

/* The sum over every CPU, as netlink reports it. */
struct icmpguard_stats {
	u64 ctr[__ICMPGUARD_CTR_MAX];
	u64 drop[__ICMPGUARD_DROP_MAX];
	u64 rx_pkts[256];
	u64 rx_bytes[256];
	u64 tx_pkts[256];
	u64 tx_bytes[256];
	u64 err_sent[ICMPGUARD_ERR_SLOTS];
	u64 err_limited[ICMPGUARD_ERR_SLOTS];
};

struct icmpguard_pcpu_stats __percpu *icmpguard_stats_alloc(void);
void icmpguard_stats_free(struct icmpguard_pcpu_stats __percpu *s);
int icmpguard_stats_read(struct icmpguard_pcpu_stats __percpu *s,
			 struct icmpguard_stats *sum);
void icmpguard_stats_reset(struct icmpguard_pcpu_stats __percpu *s);

/* Callers run with BH disabled (the hook) so this CPU's copy is theirs. */
static inline void icmpguard_count(struct icmpguard_pcpu_stats __percpu *s,
				   enum icmpguard_counter c, u64 n)
{
	struct icmpguard_pcpu_stats *p = this_cpu_ptr(s);

	u64_stats_update_begin(&p->syncp);
	u64_stats_add(&p->ctr[c], n);
	u64_stats_update_end(&p->syncp);
}

static inline void icmpguard_count_drop(struct icmpguard_pcpu_stats __percpu *s,
					enum icmpguard_drop reason)
{
	struct icmpguard_pcpu_stats *p = this_cpu_ptr(s);

	u64_stats_update_begin(&p->syncp);
	u64_stats_inc(&p->drop[reason]);
	u64_stats_update_end(&p->syncp);
}

static inline void icmpguard_count_rx(struct icmpguard_pcpu_stats __percpu *s,
				      u8 type, unsigned int len)
{
	struct icmpguard_pcpu_stats *p = this_cpu_ptr(s);

	u64_stats_update_begin(&p->syncp);
	u64_stats_inc(&p->ctr[ICMPGUARD_CTR_RX_PACKETS]);
	u64_stats_add(&p->ctr[ICMPGUARD_CTR_RX_BYTES], len);
	u64_stats_inc(&p->rx_pkts[type]);
	u64_stats_add(&p->rx_bytes[type], len);
	u64_stats_update_end(&p->syncp);
}

static inline void icmpguard_count_tx(struct icmpguard_pcpu_stats __percpu *s,
				      u8 type, unsigned int len)
{
	struct icmpguard_pcpu_stats *p = this_cpu_ptr(s);

	u64_stats_update_begin(&p->syncp);
	u64_stats_inc(&p->ctr[ICMPGUARD_CTR_TX_PACKETS]);
	u64_stats_add(&p->ctr[ICMPGUARD_CTR_TX_BYTES], len);
	u64_stats_inc(&p->tx_pkts[type]);
	u64_stats_add(&p->tx_bytes[type], len);
	u64_stats_update_end(&p->syncp);
}

static inline void icmpguard_count_err(struct icmpguard_pcpu_stats __percpu *s,
				       int slot, bool sent)
{
	struct icmpguard_pcpu_stats *p = this_cpu_ptr(s);

	u64_stats_update_begin(&p->syncp);
	u64_stats_inc(sent ? &p->err_sent[slot] : &p->err_limited[slot]);
	u64_stats_update_end(&p->syncp);
}

#endif /* _ICMPGUARD_COUNTERS_H */
