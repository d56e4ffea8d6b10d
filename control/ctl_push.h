/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The control plane's one user of the dataplane contract (dp_api.h):
 * it owns the dataplane session indexes and turns a subscriber whose
 * PPP link is up into a dataplane session (ADD), and a subscriber that
 * goes into a DELETE. Control lcore only.
 */
#ifndef LNS_CTL_PUSH_H
#define LNS_CTL_PUSH_H

#include <stdint.h>

#include "cfg.h"
#include "ctl_l2tp.h"
#include "dp_api.h"
#include "ctl_qos.h"

struct ctl_push_stats {
	uint64_t adds;
	uint64_t deletes;
	uint64_t add_failed;	/* the dataplane refused an ADD */
	uint64_t delete_failed;	/* the dataplane had no such session */
	uint64_t no_index;	/* more sessions than l2tp.max_sessions */
	uint64_t modifies;
	uint64_t modify_failed;	/* the dataplane refused a MODIFY */
};

const struct ctl_push_stats *ctl_push_stats_get(void);

int ctl_push_init(const struct cfg *cfg);
void ctl_push_fini(void);

/*
 * Take session indexes 0..n-1 out of the allocator (static_sessions,
 * ctl_static.h), before any session exists. 0, -EBUSY or -ENOSPC.
 */
int ctl_push_reserve(uint32_t n);

/*
 * TCP MSS for a session with these PPP MRUs (0 = 1500): dataplane.mss_clamp,
 * or derived so a full segment fits both (RFC 879, RFC 6691).
 */
uint16_t ctl_push_mss(uint16_t our_mru, uint16_t peer_mru);

/* A subscriber whose PPP link is up, as the PPP glue describes it. */
struct ctl_push_sub {
	struct ctl_l2tp_path path;	/* its call (ctl_l2tp_call_path()) */
	uint32_t addr;			/* host order */
	uint16_t our_mru;		/* 0 = 1500 */
	uint16_t peer_mru;
	uint16_t flags;			/* DP_SESS_F_ACFC, _PFC, _IPV6 */
	uint16_t next_ns;		/* next data Ns, if sequencing (ADD) */
	struct ctl_qos_rates qos;	/* policer (up), shaper (down) */
	/* IPv6 (DP_SESS_F_IPV6): the /64's first half, delegated routes. */
	uint8_t ip6_prefix[8];
	uint8_t nb_routes6;
	struct dp_route6 routes6[DP_SESS_MAX_ROUTES6];
};

/* Subscriber up: a session index and an ADD. 0 or negative errno. */
int ctl_push_add(const struct ctl_push_sub *sub, uint32_t *session_index);
/*
 * The subscriber at session_index changed (its rates): its descriptor
 * again, through dp_session_modify(), which keeps its queue and
 * counters. 0 or negative errno.
 */
int ctl_push_modify(const struct ctl_push_sub *sub, uint32_t session_index);
/*
 * Subscriber gone: DELETE the session at index and free the index;
 * *next_ns receives the next data Ns (RFC 2661 §5.4).
 */
void ctl_push_delete(uint32_t session_index, uint16_t *next_ns);

#endif /* LNS_CTL_PUSH_H */
