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
 * Ask the loop (async-signal-safe) to reload the configuration
 * (ctl_reload()) or to log a one-line summary, at its next pass.
 */
void ctl_loop_request_reload(void);
void ctl_loop_request_summary(void);

/* The control lcore's event loop; returns once stopped. */
void ctl_loop_run(void);

#endif /* LNS_CTL_LOOP_H */
