/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Worker lcores: poll one RX queue on every port, classify, punt or drop,
 * and transmit on their own TX queue. Run to completion; no locks, no
 * allocation, no system calls, no logging in the loop.
 */
#ifndef LNS_DP_WORKER_H
#define LNS_DP_WORKER_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_ring.h>

#include "cfg.h"

/* Set by the main lcore (signal) to make every loop return. */
extern volatile bool dp_stop;

/* Punted frames, workers -> control lcore (multi-producer, single consumer). */
extern struct rte_ring *dp_punt_ring;

struct dp_table;
/*
 * The session tables. Set by the control lcore before the workers are
 * launched and not changed while they run; workers register with its RCU
 * variable and report a quiescent state once per loop.
 */
extern struct dp_table *dp_sess_table;

int dp_init(const struct cfg *cfg);
void dp_fini(void);

/* Launch one worker on every worker lcore; returns the number launched. */
unsigned int dp_launch_workers(void);

#endif /* LNS_DP_WORKER_H */
