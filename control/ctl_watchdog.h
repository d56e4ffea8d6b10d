/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The control lcore watches the workers: a worker that has not finished
 * a loop pass for a second (a bug, or its CPU taken away) is logged once
 * as stalled and counted (worker_stalled), and logged again when it
 * resumes. Its queues are not taken over: the NIC keeps queueing (and
 * then drops and counts) what RSS sends it.
 */
#ifndef LNS_CTL_WATCHDOG_H
#define LNS_CTL_WATCHDOG_H

#include <stdint.h>

#define CTL_WATCHDOG_MS	1000

/* From the control loop's tick; does its work every CTL_WATCHDOG_MS. */
void ctl_watchdog_tick(uint64_t now);

#endif /* LNS_CTL_WATCHDOG_H */
