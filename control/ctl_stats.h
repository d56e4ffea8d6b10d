/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Control-lcore counters. Written only by the control lcore; read by the
 * telemetry thread (64-bit loads are atomic on x86-64; values may be a
 * moment old).
 */
#ifndef LNS_CTL_STATS_H
#define LNS_CTL_STATS_H

#include <stdint.h>

enum ctl_counter {
#define CTL_COUNTER(n, s) CTL_ ## n,
#include "ctl_counters.def"
	CTL_COUNTER_MAX
};

extern uint64_t ctl_counters[CTL_COUNTER_MAX];

#define CTL_COUNT(n) (ctl_counters[CTL_ ## n]++)

const char *ctl_counter_name(enum ctl_counter c);

#endif /* LNS_CTL_STATS_H */
