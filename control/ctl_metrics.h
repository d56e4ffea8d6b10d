/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The Prometheus metrics endpoint (metrics: in the configuration; off
 * unless present). An HTTP thread of its own, off the control lcore,
 * serves the text exposition format; the control lcore only publishes a
 * copy of the counters it owns every metrics.interval_ms.
 */
#ifndef LNS_CTL_METRICS_H
#define LNS_CTL_METRICS_H

#include <stdint.h>

#include "cfg.h"

/* Bind the listening socket and start the HTTP thread (a no-op when
 * metrics is not configured). 0 or a negative errno, logged. */
int ctl_metrics_init(const struct cfg *cfg);
/* Stop the thread and close every socket. */
void ctl_metrics_fini(void);

/* Control lcore, every loop tick: publish the snapshot when it is due. */
void ctl_metrics_publish(uint64_t now_ms);

#endif /* LNS_CTL_METRICS_H */
