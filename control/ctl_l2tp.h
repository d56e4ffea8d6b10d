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

#include <rte_ether.h>
#include <rte_mbuf.h>
#include <rte_spinlock.h>

#include "cfg.h"
#include "ctl_reload.h"
#include "l2tp_session.h"
#include "l2tp_tunnel.h"

/*
 * Vocabulary (docs/architecture.md): a tunnel is an L2TP control
 * connection with one LAC; a call is one L2TP session inside it
 * (struct ctl_call, opaque outside ctl_l2tp*.c); the PPP link a call
 * carries is ctl_ppp.h's; the dataplane session is dp_api.h's.
 */
struct ctl_call;
struct ctl_ppp;

/* Tunnels and sessions per state: updated on every state change. */
struct ctl_l2tp_gauges {
	uint64_t tunnels[L2TP_TUNNEL_CLOSING + 1];
	uint64_t sessions[L2TP_SESSION_CLOSED + 1];
	uint64_t tunnels_total;		/* allocated tunnel slots */
	uint64_t sessions_total;	/* allocated sessions */
	uint64_t tunnels_opened;	/* reached established, ever */
	uint64_t sessions_opened;
};

/* Read by telemetry (plain 64-bit loads). */
const struct ctl_l2tp_gauges *ctl_l2tp_gauges_get(void);

int ctl_l2tp_init(const struct cfg *cfg);
void ctl_l2tp_fini(void);
/*
 * Reload (ctl_reload.h): l2tp.peers, l2tp.secret, the timers and the
 * retransmission settings for tunnels made from now on (established ones
 * keep their secret and timers: the generation they were made from
 * lives until its last tunnel ends); the admission limits and rates at
 * once.
 */
int ctl_l2tp_reload_prepare(const struct cfg *old, const struct cfg *new,
			    void **state, char *err, size_t errlen);
void ctl_l2tp_reload_apply(void *state, const struct cfg *old,
			   const struct cfg *new, struct ctl_reload_sum *sum);
void ctl_l2tp_reload_abort(void *state);

/*
 * Take tunnel IDs 1..n out of the allocator for static_sessions
 * (ctl_static.h), before any tunnel exists. 0, or -EBUSY / -ENOSPC.
 */
int ctl_l2tp_reserve_tunnel_ids(uint32_t n);

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
	uint16_t peer_udp_port;
	const char *port_name;
	uint32_t sessions;
	uint64_t retransmitted;
	uint64_t duplicates;
	uint64_t created_ms;		/* SCCRQ accepted, monotonic (ctl_now_ms) */
};

typedef void (*ctl_l2tp_walk_fn)(const struct ctl_l2tp_tunnel_info *ti,
				 void *arg);

void ctl_l2tp_walk(ctl_l2tp_walk_fn fn, void *arg);
/*
 * The same for at most max tunnels with IDs >= first, in ID order (a
 * resumable walk: the control socket lists all tunnels a slice per loop
 * pass). Returns the ID to resume from, 0 when none is left.
 */
uint32_t ctl_l2tp_walk_from(uint32_t first, unsigned int max,
			    ctl_l2tp_walk_fn fn, void *arg);

/*
 * The call with our IDs tid/sid, or the first after it in (tid, sid)
 * order when next is true (NULL: none). For the control socket's session
 * listings, which resume from the last call they listed.
 */
struct ctl_call *ctl_l2tp_call_at(uint16_t tid, uint16_t sid, bool next);

/*
 * Clear tunnel tid on the operator's request: every call's PPP link gets
 * Acct-Terminate-Cause Admin-Reset, then a StopCCN (Result Code 1,
 * general request, RFC 2661 §4.4.2) clears the tunnel and its calls
 * (§5.7). 0, or -ENOENT (no such tunnel, or already closing).
 */
int ctl_l2tp_tunnel_disconnect(uint16_t tid, uint64_t now);

/* What the PPP glue and the dataplane need of a call. */
struct ctl_l2tp_path {
	uint16_t local_tid;		/* ours: the dataplane lookup key */
	uint16_t local_sid;
	uint16_t peer_tid;		/* the LAC's: in every header we send */
	uint16_t peer_sid;
	uint32_t peer_ip;		/* network order */
	uint16_t peer_udp_port;		/* host order */
	uint16_t port;			/* drivers port index towards the LAC */
	struct rte_ether_addr peer_mac;	/* L2 next hop towards the LAC */
	bool sequencing;		/* Sequencing Required (RFC 2661 §5.4) */
	/*
	 * The LAC proved the tunnel's shared secret (RFC 2661 §5.1.1): its
	 * SCCCN answered our Challenge. False for tunnels without a secret.
	 */
	bool tunnel_authenticated;
};

void ctl_l2tp_call_path(const struct ctl_call *cs, struct ctl_l2tp_path *p);
/* Our call sid of tunnel tid if peer_ip is that tunnel's peer. */
struct ctl_call *ctl_l2tp_call_find(uint16_t tid, uint16_t sid,
				    uint32_t peer_ip);
/* One L2TP data message (built by the caller) on the call's tunnel. */
int ctl_l2tp_call_send(struct ctl_call *cs, const uint8_t *buf, size_t len);
/* Clear the call (CDN, RFC 2661 §5.4.4) and free it (and its PPP link). */
void ctl_l2tp_call_close(struct ctl_call *cs, uint16_t result, int error,
			 const char *text);
/* The PPP link the call carries, NULL before PPP starts. */
struct ctl_ppp *ctl_l2tp_call_ppp(const struct ctl_call *cs);
void ctl_l2tp_call_set_ppp(struct ctl_call *cs, struct ctl_ppp *pp);
/* The LAC's proxy LCP/authentication AVPs (NULL: none), and their release. */
const struct l2tp_session_proxy *ctl_l2tp_call_proxy(const struct ctl_call *cs);
void ctl_l2tp_call_proxy_release(struct ctl_call *cs);
/* Calling Number AVP ("" when absent). */
const char *ctl_l2tp_call_calling_number(const struct ctl_call *cs);

/* What the LAC told about a call and its tunnel (RADIUS, accounting). */
struct ctl_l2tp_call_info {
	const char *calling;		/* Calling Number, "" when absent */
	const char *called;		/* Called Number */
	const char *lac_name;		/* the LAC's Host Name */
	uint32_t tx_connect_speed;	/* bit/s, 0 when absent */
	uint32_t lac_ip;		/* network order */
	uint32_t lns_ip;		/* ours on that port, network order */
	uint16_t lac_udp_port;		/* host order */
	uint16_t peer_tid;		/* the LAC's tunnel and session IDs */
	uint16_t peer_sid;
	const char *state;		/* the call's L2TP state */
};
void ctl_l2tp_call_info(const struct ctl_call *cs,
			struct ctl_l2tp_call_info *info);

#endif /* LNS_CTL_L2TP_H */
