/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The control -> dataplane contract (DESIGN.md §2): one flat, fixed-size
 * session descriptor. The control lcore produces them (ADD when PPP is up,
 * MODIFY, DELETE when the session goes) and pushes them into a ring; one
 * table writer applies them to the lock-free tables; workers only read the
 * tables. Nothing else crosses the boundary (counters flow back through
 * per-lcore arrays indexed by session_index).
 *
 * Ownership: a descriptor is written by the control lcore before it is
 * enqueued and never touched by it again; the table writer owns it after
 * the dequeue.
 */
#ifndef LNS_DP_MSG_H
#define LNS_DP_MSG_H

#include <stdint.h>

#include <rte_common.h>
#include <rte_ether.h>

enum dp_sess_op {
	DP_SESS_ADD = 1,
	DP_SESS_MODIFY,
	DP_SESS_DELETE,
};

/* flags */
#define DP_SESS_F_SEQ		0x0001	/* send Ns/Nr (Sequencing Required) */
#define DP_SESS_F_ACFC		0x0002	/* peer may omit FF 03 */
#define DP_SESS_F_PFC		0x0004	/* peer may compress the protocol field */
#define DP_SESS_F_IPV6		0x0008	/* IPv6CP open (inner IPv6 allowed) */

#define DP_SESS_MAX_ROUTES	4	/* Framed-Routes per session */

struct dp_route4 {
	uint32_t prefix;		/* network order */
	uint8_t len;
};

struct dp_session_desc {
	uint8_t op;			/* enum dp_sess_op */
	uint8_t nb_routes;
	uint16_t flags;			/* DP_SESS_F_* */
	uint32_t session_index;		/* dense, < l2tp.max_sessions: counters */

	/* Upstream key: OUR tunnel and session IDs (dense, see ctl_l2tp.h). */
	uint16_t local_tid;
	uint16_t local_sid;
	/* Written into every downstream L2TP header. */
	uint16_t peer_tid;
	uint16_t peer_sid;

	/* Outer IPv4/UDP of the tunnel; addresses network order, ports host. */
	uint32_t local_ip;
	uint32_t peer_ip;
	uint16_t local_port;
	uint16_t peer_port;
	uint16_t access_port;		/* port_table index towards the LAC */
	uint16_t vlan;			/* of that port, 0 = untagged */
	struct rte_ether_addr local_mac;
	struct rte_ether_addr peer_mac;	/* next hop towards the LAC */

	/* Subscriber: anti-spoofing (upstream) and FIB (downstream). */
	uint32_t sub_ip;		/* network order, /32 */
	uint8_t sub_ip6_prefix[8];	/* /64, if DP_SESS_F_IPV6 */
	struct dp_route4 routes[DP_SESS_MAX_ROUTES];

	uint16_t mru;			/* PPP MRU the subscriber accepts */
	uint16_t mss;			/* TCP MSS clamp, 0 = none */
	uint64_t rate_up_bps;		/* 0 = unlimited */
	uint64_t rate_down_bps;
} __rte_cache_aligned;

#endif /* LNS_DP_MSG_H */
