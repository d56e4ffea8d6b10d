/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Control -> dataplane: session descriptors (dataplane/dp_msg.h) for every
 * subscriber whose PPP is up (ADD) and gone (DELETE), pushed into a ring
 * that the table writer drains. Control lcore only.
 */
#ifndef LNS_CTL_PUSH_H
#define LNS_CTL_PUSH_H

#include <stdint.h>

#include <rte_ring.h>

#include "cfg.h"

struct ctl_ppp;

struct ctl_push_stats {
	uint64_t adds;
	uint64_t deletes;
	uint64_t ring_full;	/* descriptor not queued: counted, retried never */
	uint64_t ring_drained;	/* ring full: the queue was applied inline */
	uint64_t no_index;	/* more sessions than l2tp.max_sessions */
};

extern struct ctl_push_stats ctl_push_stats;
extern struct rte_ring *ctl_push_ring;	/* elements: struct dp_session_desc */

int ctl_push_init(const struct cfg *cfg);
void ctl_push_fini(void);

/* The table writer's turn (control loop): apply queued descriptors. */
void ctl_push_apply(void);

/*
 * TCP MSS for a session with these PPP MRUs (0 = 1500): dataplane.mss_clamp,
 * or derived so a full segment fits both (RFC 879, RFC 6691).
 */
uint16_t ctl_push_mss(uint16_t our_mru, uint16_t peer_mru);

/* Subscriber up: a session index and an ADD. 0 or negative errno. */
int ctl_push_add(struct ctl_ppp *pp);
/* Subscriber gone: a DELETE if an ADD went out; the index is freed. */
void ctl_push_delete(struct ctl_ppp *pp);

#endif /* LNS_CTL_PUSH_H */
