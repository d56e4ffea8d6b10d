/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The admission decisions of the L2TP glue (ctl_l2tp*.c): may one more
 * tunnel or call be made? Every tunnel and call a peer starts is allocated
 * state, so it is bounded per peer address and in all: tunnels per peer,
 * sessions per peer, tunnels not established in the box, calls waiting for
 * their ICCN per tunnel. Apart from the glue and without DPDK so that it is
 * unit tested alone; used by ctl_l2tp*.c only. Control lcore only.
 *
 * The per-peer counts live in an open-addressing table (linear probing,
 * backward-shift deletion) keyed by the peer's IPv4 address: an entry
 * exists while its peer has a tunnel, so there are never more entries than
 * tunnels and a table of twice l2tp.max_tunnels slots never fills. The
 * hash is seeded at start, so a peer cannot choose colliding addresses.
 */
#ifndef LNS_CTL_L2TP_LIM_H
#define LNS_CTL_L2TP_LIM_H

#include <stdint.h>

#include "l2tp_tunnel.h"

enum ctl_l2tp_lim_verdict {
	CTL_L2TP_LIM_OK = 0,
	CTL_L2TP_LIM_HALF_OPEN,		/* too many tunnels not established */
	CTL_L2TP_LIM_PEER_TUNNELS,	/* the peer's tunnels */
	CTL_L2TP_LIM_PEER_SESSIONS,	/* the peer's sessions */
	CTL_L2TP_LIM_HALF_OPEN_CALLS,	/* the tunnel's calls without ICCN */
};

struct ctl_l2tp_lim_conf {
	uint32_t max_tunnels;		/* l2tp.max_tunnels */
	uint32_t max_tunnels_per_peer;
	uint32_t max_sessions_per_peer;
	uint32_t max_half_open_calls;	/* per tunnel */
	uint32_t seed;			/* of the address hash */
};

struct ctl_l2tp_lim_peer {
	uint32_t addr;			/* network order */
	uint32_t tunnels;		/* 0: a free slot */
	uint32_t sessions;
};

struct ctl_l2tp_lim {
	uint32_t max_half_open;		/* tunnels not established, in all */
	uint32_t max_tunnels_per_peer;
	uint32_t max_sessions_per_peer;
	uint32_t max_half_open_calls;
	uint32_t seed;
	struct ctl_l2tp_lim_peer *peers;
	uint32_t mask;			/* slots - 1 */
};

/*
 * Set up l: at most min(max_tunnels, 1024) tunnels not established at
 * once, so a flood of SCCRQs cannot keep established LACs from
 * reconnecting; the per-peer limits as given. 0 or -ENOMEM.
 */
int ctl_l2tp_lim_init(struct ctl_l2tp_lim *l,
		      const struct ctl_l2tp_lim_conf *c);
void ctl_l2tp_lim_fini(struct ctl_l2tp_lim *l);

/*
 * May peer addr open a new tunnel, with tunnels[] the tunnels in the box
 * by state (ctl_l2tp_gauges.tunnels)? Every tunnel that is not
 * established is half open: IDLE, WAIT_CTL_CONN, and CLOSING too — a
 * tunnel closing from set-up holds its slot for the §5.7 hold period, so
 * a peer that gets its tunnels refused or timed out must not escape the
 * cap. Then the peer's own tunnels, whatever their state.
 */
enum ctl_l2tp_lim_verdict ctl_l2tp_lim_tunnel_admit(
	const struct ctl_l2tp_lim *l, uint32_t addr,
	const uint64_t tunnels[L2TP_TUNNEL_CLOSING + 1]);
/* A tunnel of addr was made (after CTL_L2TP_LIM_OK) / freed. */
void ctl_l2tp_lim_tunnel_add(struct ctl_l2tp_lim *l, uint32_t addr);
void ctl_l2tp_lim_tunnel_del(struct ctl_l2tp_lim *l, uint32_t addr);

/*
 * May a tunnel of peer addr with `waiting` calls already waiting for their
 * ICCN take one more call? The peer's sessions (any state), then the
 * tunnel's half-open calls.
 */
enum ctl_l2tp_lim_verdict ctl_l2tp_lim_call_admit(
	const struct ctl_l2tp_lim *l, uint32_t addr, uint32_t waiting);
/* A call of a tunnel of addr was made (after CTL_L2TP_LIM_OK) / freed. */
void ctl_l2tp_lim_session_add(struct ctl_l2tp_lim *l, uint32_t addr);
void ctl_l2tp_lim_session_del(struct ctl_l2tp_lim *l, uint32_t addr);

/*
 * A refusal as it is logged ("max-tunnels-per-peer"...), the Error
 * Message of the StopCCN or CDN that says it, and the limit it hit.
 */
const char *ctl_l2tp_lim_name(enum ctl_l2tp_lim_verdict v);
const char *ctl_l2tp_lim_text(enum ctl_l2tp_lim_verdict v);
uint32_t ctl_l2tp_lim_max(const struct ctl_l2tp_lim *l,
			  enum ctl_l2tp_lim_verdict v);

/* What peer addr holds now (0 for an unknown peer). */
uint32_t ctl_l2tp_lim_peer_tunnels(const struct ctl_l2tp_lim *l,
				   uint32_t addr);
uint32_t ctl_l2tp_lim_peer_sessions(const struct ctl_l2tp_lim *l,
				    uint32_t addr);

#endif /* LNS_CTL_L2TP_LIM_H */
