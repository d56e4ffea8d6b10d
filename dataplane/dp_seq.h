/* SPDX-License-Identifier: BSD-3-Clause
 *
 * L2TP data-message Ns of sessions that require sequencing (RFC 2661
 * §5.4, Sequencing Required AVP): one 16-bit counter per session_index,
 * shared by every worker (downstream traffic of one session may arrive on
 * several RSS queues) and by the control lcore (PPP frames it sends in
 * data messages), so taken with an atomic fetch-add. Only sessions with
 * DP_SESS_F_SEQ touch it. The control lcore resets it when it hands the
 * index to a new session (ADD).
 */
#ifndef LNS_DP_SEQ_H
#define LNS_DP_SEQ_H

#include <stdint.h>

extern uint16_t *dp_seq_ns;	/* [max_sessions] */
extern uint32_t dp_seq_max;

int dp_seq_init(uint32_t max_sessions);
void dp_seq_fini(void);

static inline uint16_t
dp_seq_next(uint32_t idx)
{
	if (dp_seq_ns == 0 || idx >= dp_seq_max)
		return 0;
	return __atomic_fetch_add(&dp_seq_ns[idx], 1, __ATOMIC_RELAXED);
}

static inline void
dp_seq_reset(uint32_t idx)
{
	if (dp_seq_ns != 0 && idx < dp_seq_max)
		__atomic_store_n(&dp_seq_ns[idx], 0, __ATOMIC_RELAXED);
}

#endif /* LNS_DP_SEQ_H */
