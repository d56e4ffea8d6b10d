/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Per-lcore fast-path counters. Each worker writes only its own slot
 * (plain stores, no atomics); the control lcore and telemetry read all
 * slots and sum them (a torn read of a 64-bit counter cannot happen on
 * x86-64, and a slightly stale sum is acceptable).
 */
#ifndef LNS_DP_STATS_H
#define LNS_DP_STATS_H

#include <stdint.h>

#include <rte_common.h>
#include <rte_lcore.h>

enum dp_drop_reason {
#define DP_DROP(n, s) DP_DROP_ ## n,
#include "dp_drop.def"
	DP_DROP_MAX
};

enum dp_punt_reason {
#define DP_PUNT(n, s) DP_PUNT_ ## n,
#include "dp_drop.def"
	DP_PUNT_MAX
};

struct dp_lcore_stats {
	uint64_t rx_pkts;
	uint64_t tx_pkts;
	uint64_t ctl_tx_pkts;		/* control frames sent for the control lcore */
	uint64_t fwd_up_pkts;		/* decapsulated, sent to the core */
	uint64_t fwd_down_pkts;		/* encapsulated (before fragmenting) */
	uint64_t mss_clamped;		/* TCP SYNs whose MSS was lowered */
	uint64_t mss_bad_options;	/* SYNs with lying TCP options, left */
	uint64_t frag_pkts;		/* downstream packets fragmented */
	uint64_t frag_out;		/* fragments made and sent */
	uint64_t punt[DP_PUNT_MAX];
	uint64_t drop[DP_DROP_MAX];
} __rte_cache_aligned;

extern struct dp_lcore_stats dp_stats[RTE_MAX_LCORE];

const char *dp_drop_name(enum dp_drop_reason r);
const char *dp_punt_name(enum dp_punt_reason r);

/* Sum of every lcore's counters into out. */
void dp_stats_sum(struct dp_lcore_stats *out);

#endif /* LNS_DP_STATS_H */
