/* SPDX-License-Identifier: BSD-3-Clause
 * Internals shared by ctl_l2tp.c (tunnels) and ctl_l2tp_sess.c (sessions).
 * Control lcore only.
 */
#ifndef LNS_CTL_L2TP_PRIV_H
#define LNS_CTL_L2TP_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

#include <rte_ether.h>

#include "ctl_l2tp_lim.h"
#include "l2tp_avp.h"
#include "l2tp_session.h"
#include "l2tp_tunnel.h"
#include "l2tp_xport.h"
#include "lns_log.h"
#include "lns_ratelimit.h"

/*
 * A configured peer range with the tunnel settings it gets. The strings
 * the tunnel FSM points to are the peer's own copies: a tunnel keeps
 * them (its secret hides AVPs until it ends) while a reload replaces
 * the configuration.
 */
struct ctl_l2tp_peer {
	uint32_t addr;			/* network order */
	uint32_t mask;			/* 0 = any address */
	struct l2tp_tunnel_cfg tcfg;
	struct l2tp_tunnel_peer name;	/* expected Host Name, if set */
	char host_name[CFG_HOSTNAME_LEN];
	char vendor_name[CFG_HOSTNAME_LEN];
	char peer_name[CFG_HOSTNAME_LEN];
	uint8_t secret[CFG_SECRET_LEN];
};

/*
 * The peers of one configuration. Tunnels point into the generation
 * they were made from; a reload puts a new one in place, and the old
 * one is freed with its last tunnel.
 */
struct ctl_l2tp_peers {
	uint32_t refs;			/* tunnels made from it */
	unsigned int n;
	struct ctl_l2tp_peer p[];
};

struct ctl_ppp;

struct ctl_call {
	struct l2tp_session fsm;
	struct ctl_tunnel *ct;
	struct ctl_ppp *ppp;		/* PPP once the call is established */
	TAILQ_ENTRY(ctl_call) wait_link;	/* in ct->waiting */
};

TAILQ_HEAD(ctl_call_list, ctl_call);

struct ctl_tunnel {
	struct l2tp_tunnel fsm;
	struct l2tp_xport xport;
	bool in_use;
	bool dead;			/* transport gave up: free it */
	/* Its LAC restarted and reused its ID (dead too): free it, silently. */
	bool superseded;
	bool was_established;		/* reached ESTABLISHED once */
	struct ctl_l2tp_peers *gen;	/* its peer's generation (refs) */
	/* On ctl_l2tp.setup until established: SCCRQ copies match it. */
	TAILQ_ENTRY(ctl_tunnel) setup_link;
	uint16_t port;			/* index in port_table */
	uint32_t peer_ip;		/* network order */
	uint16_t peer_udp_port;		/* host order */
	uint16_t sccrq_peer_id;		/* Assigned Tunnel ID of its SCCRQ */
	uint16_t ip_id;
	struct rte_ether_addr peer_mac;	/* L2 source of its last frame */
	uint64_t deadline;		/* earliest transport/FSM timer */
	uint64_t created_ms;		/* allocated (SCCRQ accepted) */
	/*
	 * Calls waiting for their ICCN (WAIT_CONNECT), oldest first: each
	 * one's deadline is its ICRQ's time plus the same call_setup_ms, so
	 * the first one is always the next due.
	 */
	struct ctl_call_list waiting;
	uint32_t nb_waiting;
	/* Sessions by local session ID (dense, 1..), grown on demand. */
	struct ctl_call **sess;
	uint32_t sess_cap;
	uint32_t nb_sess;
	uint32_t sid_hint;
};

TAILQ_HEAD(ctl_tunnel_list, ctl_tunnel);

struct ctl_l2tp {
	uint64_t now;			/* time of the event being handled */
	struct l2tp_xport_conf xconf;
	struct ctl_l2tp_peers *peers;	/* new tunnels' */
	struct ctl_tunnel *tunnels;	/* [1..max_tunnels] */
	uint32_t max_tunnels;
	struct ctl_l2tp_lim lim;	/* admission of new tunnels, calls */
	uint32_t max_sessions;
	uint32_t max_sessions_per_tunnel;
	/*
	 * Tunnels never established, where a retransmitted SCCRQ is looked
	 * for: no longer than the half-open cap, unlike the tunnel table.
	 */
	struct ctl_tunnel_list setup;
	uint16_t *free_ids;		/* FIFO of free tunnel IDs */
	uint32_t free_head;
	uint32_t free_n;
};

extern struct ctl_l2tp ctl_l2tp;
extern struct ctl_l2tp_gauges ctl_l2tp_gauges;

/*
 * Bad input: count it, and log it with the peer's address at most once a
 * second per kind (with the number of lines suppressed in between).
 */
#define CTL_L2TP_BAD(counter, fmt, ...) do {				\
	static struct lns_ratelimit rl_;				\
	uint32_t sup_;							\
									\
	CTL_COUNT(counter);						\
	if (lns_ratelimit(&rl_, ctl_l2tp.now, 1000, &sup_))		\
		LNS_LOG(NOTICE, l2tp, fmt " suppressed=%u", ##__VA_ARGS__, \
			sup_);						\
} while (0)

/*
 * A tunnel or call refused by ctl_l2tp_lim (tid: its tunnel, 0 for an
 * SCCRQ): counted by kind, logged at most once a second per kind.
 */
void ctl_l2tp_lim_refused(enum ctl_l2tp_lim_verdict v, uint32_t peer_ip,
			  uint16_t tid);

void ctl_l2tp_tunnel_sched(struct ctl_tunnel *ct);

/* One L2TP datagram (control or data) to the tunnel's peer; 0 or -errno. */
int ctl_l2tp_send_datagram(struct ctl_tunnel *ct, const uint8_t *buf,
			   size_t len);

/* A call-level message for session sid of ct (0: a new call). */
void ctl_l2tp_session_input(struct ctl_tunnel *ct, uint16_t sid,
			    const struct l2tp_msg *msg, int parse_rc,
			    uint64_t now);
/* Earliest deadline of the calls of ct, or L2TP_SESSION_NO_DEADLINE. */
uint64_t ctl_l2tp_calls_next_deadline(const struct ctl_tunnel *ct);
/* Clear the calls of ct whose ICCN did not come in time. */
void ctl_l2tp_calls_timer(struct ctl_tunnel *ct, uint64_t now);
/* The tunnel left established: every session is cleared (§5.7). */
void ctl_l2tp_sessions_drop(struct ctl_tunnel *ct);
/* Free the session table of ct (sessions already dropped). */
void ctl_l2tp_sessions_free(struct ctl_tunnel *ct);

#endif /* LNS_CTL_L2TP_PRIV_H */
