/* SPDX-License-Identifier: BSD-3-Clause
 *
 * L2TPv2 on the control lcore: the glue between punted UDP/1701 frames,
 * the reliable transport (l2tp_xport), and the tunnel and session state
 * machines (l2tp_tunnel, l2tp_session).
 *
 * Ownership: everything here is created, changed and freed by the control
 * lcore only. The telemetry thread reads gauges and counters (plain
 * 64-bit loads) and walks tunnels under ctl_l2tp_lock.
 *
 * Identifiers: our tunnel IDs are dense (1..l2tp.max_tunnels) and session
 * IDs dense per tunnel (1..max_sessions_per_tunnel), so the dataplane can
 * find a session by direct indexing. Freed tunnel IDs are reused oldest
 * first, so a late retransmission for a dead tunnel rarely meets a new one.
 */
#ifndef LNS_CTL_L2TP_H
#define LNS_CTL_L2TP_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>
#include <rte_spinlock.h>

#include "cfg.h"
#include "l2tp_session.h"
#include "l2tp_tunnel.h"

/* Tunnels and sessions per state: updated on every state change. */
struct ctl_l2tp_gauges {
	uint64_t tunnels[L2TP_TUNNEL_CLOSING + 1];
	uint64_t sessions[L2TP_SESSION_CLOSED + 1];
	uint64_t tunnels_total;		/* allocated tunnel slots */
	uint64_t sessions_total;	/* allocated sessions */
	uint64_t tunnels_opened;	/* reached established, ever */
	uint64_t sessions_opened;
};

extern struct ctl_l2tp_gauges ctl_l2tp_gauges;
extern rte_spinlock_t ctl_l2tp_lock;

int ctl_l2tp_init(const struct cfg *cfg);
void ctl_l2tp_fini(void);

/* A punted L2TP control frame (UDP/1701, T bit); consumes m. */
void ctl_l2tp_input(struct rte_mbuf *m, uint64_t now);

/* Transport and FSM timers due at now. */
void ctl_l2tp_timer(uint64_t now);

/* Orderly shutdown: StopCCN (result 6) on every tunnel. */
void ctl_l2tp_shutdown(uint64_t now);

/* True once no tunnel has unacknowledged messages. */
bool ctl_l2tp_quiet(void);

/* Read-only view of one tunnel for telemetry (under ctl_l2tp_lock). */
struct ctl_l2tp_tunnel_info {
	const struct l2tp_tunnel *fsm;
	uint32_t peer_ip;		/* network order */
	uint16_t peer_port;
	const char *port_name;
	uint32_t sessions;
	uint64_t retransmitted;
	uint64_t duplicates;
};

void ctl_l2tp_walk(void (*fn)(const struct ctl_l2tp_tunnel_info *ti,
			      void *arg), void *arg);

#endif /* LNS_CTL_L2TP_H */
