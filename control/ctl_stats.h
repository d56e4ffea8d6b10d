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

/*
 * The read-outs' shared vocabulary: one entry per 64-bit counter of a
 * structure, its name (the telemetry key; the metric name's stem) and a
 * line of help. Telemetry (ctl_telemetry*.c) and the metrics endpoint
 * (ctl_metrics*.c) walk the same tables, so a counter added here shows
 * in both. Each table ends with a NULL name.
 */
struct ctl_stats_field {
	const char *name;
	const char *help;
	uint32_t off;		/* offset of a uint64_t in the structure */
};

/* struct dp_stats, its scalar counters (punt[] and drop[] apart). */
extern const struct ctl_stats_field ctl_stats_dp_fields[];
/* struct ctl_ppp_gauges, its counters (phase[] apart). */
extern const struct ctl_stats_field ctl_stats_ppp_fields[];
/* struct rad_server_stats, its 64-bit counters. */
extern const struct ctl_stats_field ctl_stats_rad_server_fields[];

static inline uint64_t
ctl_stats_field_get(const void *base, const struct ctl_stats_field *f)
{
	return *(const volatile uint64_t *)((const char *)base + f->off);
}

/*
 * The ports' packet mbufs (one pool per NUMA socket, shared by its ports:
 * each counted once) and how many are out of their pool: in rings,
 * queues, the punt ring, TX buffers, or leaked. An mbuf in an lcore's
 * mempool cache counts as free; the caches are read racily (a snapshot).
 * From any thread.
 */
void ctl_stats_mbufs(uint64_t *size, uint64_t *in_use);

#endif /* LNS_CTL_STATS_H */
