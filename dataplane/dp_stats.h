/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Per-lcore fast-path counters (private to the dataplane; dp_api.h has
 * the types and the summed read-out). Each worker writes only its own
 * slot (plain stores, no atomics); dp_stats_read() sums every slot (a
 * torn read of a 64-bit counter cannot happen on x86-64, and a slightly
 * stale sum is acceptable).
 */
#ifndef LNS_DP_STATS_H
#define LNS_DP_STATS_H

#include <stdint.h>

#include <rte_lcore.h>

#include "dp_api.h"

/* The counters lcore writes (a worker, or a test driving dp_fwd). */
struct dp_stats *dp_stats_lcore(unsigned int lcore);

#endif /* LNS_DP_STATS_H */
