/* SPDX-License-Identifier: BSD-3-Clause
 *
 * lnsd's RFC 5176 Dynamic Authorization server (radius.dae): the
 * rad_dae server (control/radius/rad_dae.h) on the control lcore, acting
 * through the PPP glue's administrative calls (ctl_ppp_admin_*), one log
 * line per request (refusals rate-limited), and its counters on the
 * telemetry socket as /lnsd/dae. Part of the "aaa" module: started by
 * ctl_aaa_start(), polled by ctl_aaa_poll(), stopped by ctl_aaa_stop().
 */
#ifndef LNS_CTL_AAA_DAE_H
#define LNS_CTL_AAA_DAE_H

#include <stdint.h>

#include "cfg.h"

/* Listen when radius.dae.address is set. 0 or a negative errno (logged). */
int ctl_aaa_dae_start(const struct cfg *cfg);
/* Read and answer requests (at most one pass of reads a millisecond). */
void ctl_aaa_dae_poll(uint64_t now_ms);
void ctl_aaa_dae_stop(void);

#endif /* LNS_CTL_AAA_DAE_H */
