/* SPDX-License-Identifier: BSD-3-Clause
 *
 * L2TP data-message Ns of sessions that require sequencing (RFC 2661
 * §5.4, Sequencing Required AVP): one 16-bit counter per session_index,
 * shared by every worker (downstream traffic of one session may arrive on
 * several RSS queues) and by the control lcore (PPP frames it sends in
 * data messages, through dp_session_take_ns()), so taken with an atomic
 * fetch-add. Only sessions with DP_SESS_F_SEQ touch it. While a session
 * is not in the tables the control lcore numbers its own sends; it hands
 * its next Ns over at ADD (dp_session_desc.next_ns) and takes it back at
 * DELETE, so one session has one sequence from ICCN to CDN. Private to
 * the dataplane: workers reach the array through their context.
 */
#ifndef LNS_DP_SEQ_H
#define LNS_DP_SEQ_H

#include <stdint.h>

/* The array of max_sessions counters (workers' contexts point at it). */
int dp_seq_init(uint32_t max_sessions);
void dp_seq_fini(void);
uint16_t *dp_seq_array(void);

void dp_seq_set(uint32_t idx, uint16_t ns);
uint16_t dp_seq_peek(uint32_t idx);

/* Take the next Ns of idx in seq (idx < max_sessions: checked at ADD). */
static inline uint16_t
dp_seq_next(uint16_t *seq, uint32_t idx)
{
	return __atomic_fetch_add(&seq[idx], 1, __ATOMIC_RELAXED);
}

#endif /* LNS_DP_SEQ_H */
