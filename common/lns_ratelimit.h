/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Rate limit for log lines about bad input: a hostile peer must not be
 * able to flood the log. Counters count every event; the log shows at
 * most one line per interval with how many were suppressed before it.
 */
#ifndef LNS_RATELIMIT_H
#define LNS_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

struct lns_ratelimit {
	uint64_t next_ms;
	uint32_t suppressed;
};

/* True when a line may be logged at now; *suppressed: lines skipped since. */
static inline bool
lns_ratelimit(struct lns_ratelimit *rl, uint64_t now_ms, uint32_t interval_ms,
	      uint32_t *suppressed)
{
	if (now_ms < rl->next_ms) {
		rl->suppressed++;
		return false;
	}
	*suppressed = rl->suppressed;
	rl->suppressed = 0;
	rl->next_ms = now_ms + interval_ms;
	return true;
}

#endif /* LNS_RATELIMIT_H */
