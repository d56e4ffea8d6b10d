/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdbool.h>

#include <rte_lcore.h>

#include "ctl_stats.h"
#include "ctl_watchdog.h"
#include "dp_api.h"
#include "lns_log.h"

void
ctl_watchdog_tick(uint64_t now)
{
	static bool stalled[RTE_MAX_LCORE];
	static uint64_t next;
	unsigned int l[RTE_MAX_LCORE], n, i, lcore;
	bool now_stalled[RTE_MAX_LCORE] = { false };

	if (now < next)
		return;
	/* The first call only takes the workers' loop counts. */
	if (next == 0) {
		next = now + CTL_WATCHDOG_MS;
		dp_workers_stalled(l, RTE_DIM(l));
		return;
	}
	next = now + CTL_WATCHDOG_MS;
	n = dp_workers_stalled(l, RTE_DIM(l));
	for (i = 0; i < n; i++)
		now_stalled[l[i]] = true;
	for (lcore = 0; lcore < RTE_MAX_LCORE; lcore++) {
		if (now_stalled[lcore] && !stalled[lcore]) {
			CTL_COUNT(WORKER_STALLED);
			LNS_LOG(WARNING, ctl, "lcore=%u event=worker-stalled ms=%u",
				lcore, CTL_WATCHDOG_MS);
		} else if (!now_stalled[lcore] && stalled[lcore]) {
			LNS_LOG(NOTICE, ctl, "lcore=%u event=worker-resumed",
				lcore);
		}
		stalled[lcore] = now_stalled[lcore];
	}
}
