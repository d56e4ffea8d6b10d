/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Per-session packet and byte counters, both directions, per worker lcore
 * (private to the dataplane; dp_session_counters() in dp_api.h sums
 * them). Each worker writes only its own array, indexed by
 * session_index, through its forwarding context.
 */
#ifndef LNS_DP_SESS_CTR_H
#define LNS_DP_SESS_CTR_H

#include <stdint.h>

#include "dp_api.h"

/* One array of max_sessions per worker lcore. */
int dp_sess_ctr_init(uint32_t max_sessions);
void dp_sess_ctr_fini(void);

/* lcore's array, or NULL (not a worker, or no counters). */
struct dp_session_counters *dp_sess_ctr_lcore(unsigned int lcore);

#endif /* LNS_DP_SESS_CTR_H */
