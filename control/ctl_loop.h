/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef LNS_CTL_LOOP_H
#define LNS_CTL_LOOP_H

#include <stdbool.h>
#include <stdint.h>

/* Milliseconds since an arbitrary origin, from the TSC. */
uint64_t ctl_now_ms(void);

/*
 * Set (e.g. by a signal) to stop lnsd in order: the loop sends StopCCN on
 * every tunnel, waits for their acknowledgements (at most
 * CTL_DRAIN_MS), then sets dp_stop and returns.
 */
extern volatile bool ctl_quit;

/* The control lcore's event loop; returns once dp_stop is set. */
void ctl_loop_run(void);

#endif /* LNS_CTL_LOOP_H */
