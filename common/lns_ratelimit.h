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
	uint64_t next_ms;	/* end of the current interval */
	uint32_t suppressed;	/* lines skipped since the last one logged */
	uint32_t used;		/* lines logged in the current interval */
};

/*
 * True when a line may be logged at now: at most burst lines in an
 * interval that starts with the first line after the previous one ended.
 * *suppressed: lines skipped since the last one logged.
 */
static inline bool
lns_ratelimit_burst(struct lns_ratelimit *rl, uint64_t now_ms,
		    uint32_t interval_ms, uint32_t burst, uint32_t *suppressed)
{
	if (now_ms >= rl->next_ms) {
		rl->next_ms = now_ms + interval_ms;
		rl->used = 0;
	}
	if (rl->used >= burst) {
		rl->suppressed++;
		return false;
	}
	rl->used++;
	*suppressed = rl->suppressed;
	rl->suppressed = 0;
	return true;
}

/* One line per interval. */
static inline bool
lns_ratelimit(struct lns_ratelimit *rl, uint64_t now_ms, uint32_t interval_ms,
	      uint32_t *suppressed)
{
	return lns_ratelimit_burst(rl, now_ms, interval_ms, 1, suppressed);
}

#endif /* LNS_RATELIMIT_H */
