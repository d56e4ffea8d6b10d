/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Per-session packet and byte counters, both directions, per worker lcore
 * (DESIGN.md §2: counters flow back from the workers). Each worker writes
 * only its own array, indexed by session_index; the control lcore sums
 * the arrays on demand. An index is reused by later sessions, so the
 * control lcore keeps the sum at ADD time as the session's baseline.
 */
#ifndef LNS_DP_SESS_CTR_H
#define LNS_DP_SESS_CTR_H

#include <stdint.h>

#include <rte_lcore.h>

struct dp_sess_ctr {
	uint64_t up_pkts;
	uint64_t up_bytes;
	uint64_t down_pkts;
	uint64_t down_bytes;
};

/* [lcore][session_index]; NULL for lcores that are not workers. */
extern struct dp_sess_ctr *dp_sess_ctr[RTE_MAX_LCORE];

int dp_sess_ctr_init(uint32_t max_sessions);
void dp_sess_ctr_fini(void);

/* Sum of every worker's counters of session_index idx. */
void dp_sess_ctr_sum(uint32_t idx, struct dp_sess_ctr *out);

#endif /* LNS_DP_SESS_CTR_H */
