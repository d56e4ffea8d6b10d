/* SPDX-License-Identifier: BSD-3-Clause
 *
 * L2TP data-message Ns of sessions that require sequencing (RFC 2661
 * §5.4, Sequencing Required AVP): one 16-bit counter per session_index,
 * shared by every worker (downstream traffic of one session may arrive on
 * several RSS queues) and by the control lcore (PPP frames it sends in
 * data messages), so taken with an atomic fetch-add. Only sessions with
 * DP_SESS_F_SEQ touch it. While a session is not in the tables the
 * control lcore numbers its own sends; it hands its next Ns over at ADD
 * (dp_seq_set) and takes it back at DELETE (dp_seq_peek), so one session
 * has one sequence from ICCN to CDN.
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

/* The control lcore hands idx to a session whose next Ns is ns. */
static inline void
dp_seq_set(uint32_t idx, uint16_t ns)
{
	if (dp_seq_ns != 0 && idx < dp_seq_max)
		__atomic_store_n(&dp_seq_ns[idx], ns, __ATOMIC_RELAXED);
}

/* The next Ns of idx, without taking it (the session leaves the tables). */
static inline uint16_t
dp_seq_peek(uint32_t idx)
{
	if (dp_seq_ns == 0 || idx >= dp_seq_max)
		return 0;
	return __atomic_load_n(&dp_seq_ns[idx], __ATOMIC_RELAXED);
}

#endif /* LNS_DP_SEQ_H */
