/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Worker lcores (private to the dataplane; dp_start()/dp_stop() in
 * dp_api.h): poll one RX queue on every port, classify, punt or drop,
 * forward, and transmit on their own TX queue. Run to completion; no
 * locks, no allocation, no system calls, no logging in the loop.
 */
#ifndef LNS_DP_WORKER_H
#define LNS_DP_WORKER_H

#include <stdint.h>

#include <rte_ring.h>

#include "cfg.h"

struct dp_table;
struct dp_qos;

/*
 * What every worker reads; set before the launch and not changed while
 * they run. Workers register with the table's RCU variable and report a
 * quiescent state once per loop.
 */
struct dp_worker_conf {
	const struct cfg *cfg;
	struct dp_table *table;		/* NULL: no sessions */
	uint16_t *seq;			/* Ns per session_index (dp_seq.h) */
	struct rte_ring *punt;		/* to the control lcore */
	int core_port;			/* upstream exit, -1: none */
	struct dp_qos *qos;		/* per-session QoS, NULL: none */
};

/* Launch one worker on every worker lcore; returns the number launched. */
unsigned int dp_workers_launch(const struct dp_worker_conf *wc);
/* Make every loop return, wait for the lcores, free their contexts. */
void dp_workers_stop(void);

#endif /* LNS_DP_WORKER_H */
