/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ICMPGUARD_COUNTERS_H
#define _ICMPGUARD_COUNTERS_H

#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>
#include "uapi/icmpguard.h"

/* The address families, as icmpguard indexes its per-family state. */
enum icmpguard_fam {
	ICMPGUARD_V4,
	ICMPGUARD_V6,
	ICMPGUARD_NFAM
};

/* The (type, code) pairs one family generates, each with a budget. */
#define ICMPGUARD_ERR_SLOTS	21

struct icmpguard_fam_stats {
	u64_stats_t ctr[__ICMPGUARD_CTR_MAX];
	u64_stats_t drop[__ICMPGUARD_DROP_MAX];
	u64_stats_t rx_pkts[256];
	u64_stats_t rx_bytes[256];
	u64_stats_t tx_pkts[256];
	u64_stats_t tx_bytes[256];
	u64_stats_t err_sent[ICMPGUARD_ERR_SLOTS];
	u64_stats_t err_limited[ICMPGUARD_ERR_SLOTS];
};

/*
 * One of these per CPU per namespace: the fast path only ever touches its
 * own CPU's copy, readers sum them. Namespace-wide counters live in the
 * IPv4 half.
 */
struct icmpguard_pcpu_stats {
	struct icmpguard_fam_stats f[ICMPGUARD_NFAM];
	struct u64_stats_sync syncp;
};

/* One family's sum over every CPU, as netlink reports it. */
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
void icmpguard_stats_read(struct icmpguard_pcpu_stats __percpu *s, int fam,
			  struct icmpguard_stats *sum, struct icmpguard_stats *one);
void icmpguard_stats_reset(struct icmpguard_pcpu_stats __percpu *s);
/* One counter of one family, any context. */
u64 icmpguard_stats_sum(struct icmpguard_pcpu_stats __percpu *s, int fam,
			enum icmpguard_counter c);

/*
 * Writers run with BH disabled (the hooks, or process context that
 * disabled it) so this CPU's copy is theirs alone.
 */
static inline void icmpguard_count(struct icmpguard_pcpu_stats __percpu *s,
				   int fam, enum icmpguard_counter c)
{
	struct icmpguard_pcpu_stats *p = this_cpu_ptr(s);

	u64_stats_update_begin(&p->syncp);
	u64_stats_inc(&p->f[fam].ctr[c]);
	u64_stats_update_end(&p->syncp);
}

static inline void icmpguard_count_drop(struct icmpguard_pcpu_stats __percpu *s,
					int fam, enum icmpguard_drop reason)
{
	struct icmpguard_pcpu_stats *p = this_cpu_ptr(s);

	u64_stats_update_begin(&p->syncp);
	u64_stats_inc(&p->f[fam].drop[reason]);
	u64_stats_update_end(&p->syncp);
}

/* A datagram in (@rx) or out, of @type when known (@typed). */
static inline void icmpguard_count_pkt(struct icmpguard_pcpu_stats __percpu *s,
				       int fam, bool rx, bool typed, u8 type,
				       unsigned int len)
{
	struct icmpguard_pcpu_stats *p = this_cpu_ptr(s);
	struct icmpguard_fam_stats *f = &p->f[fam];

	u64_stats_update_begin(&p->syncp);
	u64_stats_inc(&f->ctr[rx ? ICMPGUARD_CTR_RX_PACKETS :
			      ICMPGUARD_CTR_TX_PACKETS]);
	u64_stats_add(&f->ctr[rx ? ICMPGUARD_CTR_RX_BYTES :
			      ICMPGUARD_CTR_TX_BYTES], len);
	if (typed) {
		u64_stats_inc(rx ? &f->rx_pkts[type] : &f->tx_pkts[type]);
		u64_stats_add(rx ? &f->rx_bytes[type] : &f->tx_bytes[type],
			      len);
	}
	u64_stats_update_end(&p->syncp);
}

static inline void icmpguard_count_err(struct icmpguard_pcpu_stats __percpu *s,
				       int fam, int slot, bool sent)
{
	struct icmpguard_pcpu_stats *p = this_cpu_ptr(s);
	struct icmpguard_fam_stats *f = &p->f[fam];

	u64_stats_update_begin(&p->syncp);
	u64_stats_inc(sent ? &f->err_sent[slot] : &f->err_limited[slot]);
	u64_stats_update_end(&p->syncp);
}

#endif /* _ICMPGUARD_COUNTERS_H */
