/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef LNS_CTL_LOOP_H
#define LNS_CTL_LOOP_H

#include <stdbool.h>
#include <stdint.h>

/* Milliseconds since an arbitrary origin, from the TSC. */
uint64_t ctl_now_ms(void);

/*
 * Stop lnsd in order (async-signal-safe): the loop sends StopCCN on
 * every tunnel, waits for their acknowledgements (at most CTL_DRAIN_MS)
 * and returns. A second request makes it return at once.
 */
void ctl_loop_request_stop(void);

/*
 * How long the loop's passes take (the work, not the idle sleep): a
 * histogram of the passes that handled a punted frame or ran the timers
 * (an empty poll says nothing), in TSC cycles. Written by the control
 * lcore only, two TSC reads per pass; read through the metrics snapshot.
 */
#define CTL_LOOP_BUCKETS 10

struct ctl_loop_latency {
	uint64_t bucket[CTL_LOOP_BUCKETS];	/* not cumulative; last: +Inf */
	uint64_t count;
	uint64_t sum_cycles;
	uint64_t max_cycles;
};

/* Upper bounds of the buckets but the last, in microseconds. */
extern const uint32_t ctl_loop_bucket_us[CTL_LOOP_BUCKETS - 1];
const struct ctl_loop_latency *ctl_loop_latency_get(void);

/*
 * Ask the loop (async-signal-safe) to reload the configuration
 * (ctl_reload()) or to log a one-line summary, at its next pass.
 */
void ctl_loop_request_reload(void);
void ctl_loop_request_summary(void);

/* The control lcore's event loop; returns once stopped. */
void ctl_loop_run(void);

#endif /* LNS_CTL_LOOP_H */
