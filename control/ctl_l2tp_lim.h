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
 *
 * Rates (token buckets): ICRQs per peer (in the peer's entry above: an
 * ICRQ always comes on one of its tunnels) and in all; SCCRQs per source
 * address and in all. An SCCRQ comes from an address that may hold no
 * tunnel yet, so its buckets live in a second table of fixed size that a
 * spoofed-source flood cannot grow: a bucket that has refilled to its
 * burst says nothing a new one would not, so its slot is free for any
 * address; a source whose probe window (CTL_L2TP_LIM_SRC_PROBE slots)
 * holds only busy buckets is judged by the global bucket alone (counted).
 */
#ifndef LNS_CTL_L2TP_LIM_H
#define LNS_CTL_L2TP_LIM_H

#include <stdbool.h>
#include <stdint.h>

#include "l2tp_tunnel.h"

enum ctl_l2tp_lim_verdict {
	CTL_L2TP_LIM_OK = 0,
	CTL_L2TP_LIM_HALF_OPEN,		/* too many tunnels not established */
	CTL_L2TP_LIM_PEER_TUNNELS,	/* the peer's tunnels */
	CTL_L2TP_LIM_PEER_SESSIONS,	/* the peer's sessions */
	CTL_L2TP_LIM_HALF_OPEN_CALLS,	/* the tunnel's calls without ICCN */
	CTL_L2TP_LIM_PEER_SCCRQ_RATE,	/* the source's SCCRQ rate */
	CTL_L2TP_LIM_SCCRQ_RATE,	/* the SCCRQ rate in all */
	CTL_L2TP_LIM_PEER_ICRQ_RATE,	/* the peer's ICRQ rate */
	CTL_L2TP_LIM_ICRQ_RATE,		/* the ICRQ rate in all */
	CTL_L2TP_LIM_VERDICT_MAX = CTL_L2TP_LIM_ICRQ_RATE,
};

/* A token bucket's rate: per_s tokens a second, burst at most; 0: no limit. */
struct ctl_l2tp_rate {
	uint32_t per_s;			/* 0..CTL_L2TP_RATE_MAX */
	uint32_t burst;			/* 1..CTL_L2TP_RATE_MAX */
};

/* The largest rate and burst: a full bucket's thousandths fit 32 bits. */
#define CTL_L2TP_RATE_MAX	1000000u

/*
 * Tokens in thousandths as of stamp (ms): a rate of per_s adds per_s
 * thousandths a millisecond, so rates below 1000/s lose nothing.
 */
struct ctl_l2tp_bucket {
	uint64_t stamp;
	uint32_t milli;
};

struct ctl_l2tp_lim_conf {
	uint32_t max_tunnels;		/* l2tp.max_tunnels */
	uint32_t max_tunnels_per_peer;
	uint32_t max_sessions_per_peer;
	uint32_t max_half_open_calls;	/* per tunnel */
	struct ctl_l2tp_rate sccrq_peer;	/* SCCRQs per source address */
	struct ctl_l2tp_rate sccrq_all;
	struct ctl_l2tp_rate icrq_peer;		/* ICRQs per peer */
	struct ctl_l2tp_rate icrq_all;
	uint32_t seed;			/* of the address hash */
};

struct ctl_l2tp_lim_peer {
	uint32_t addr;			/* network order */
	uint32_t tunnels;		/* 0: a free slot */
	uint32_t sessions;
	struct ctl_l2tp_bucket icrq;	/* full when the entry is made */
};

/* One source address's SCCRQ bucket; any slot is some address's. */
struct ctl_l2tp_lim_src {
	uint32_t addr;			/* network order */
	struct ctl_l2tp_bucket sccrq;
};

/* Slots of the source table looked at for one address. */
#define CTL_L2TP_LIM_SRC_PROBE	8u

struct ctl_l2tp_lim {
	uint32_t max_half_open;		/* tunnels not established, in all */
	uint32_t max_tunnels_per_peer;
	uint32_t max_sessions_per_peer;
	uint32_t max_half_open_calls;
	struct ctl_l2tp_rate sccrq_peer, sccrq_all, icrq_peer, icrq_all;
	struct ctl_l2tp_bucket sccrq_bucket;	/* in all */
	struct ctl_l2tp_bucket icrq_bucket;
	uint32_t seed;
	struct ctl_l2tp_lim_peer *peers;
	uint32_t mask;			/* slots - 1 */
	struct ctl_l2tp_lim_src *srcs;
	uint32_t src_mask;		/* slots - 1 */
	uint64_t src_no_slot;	/* SCCRQs judged by the global rate alone */
};

/*
 * Set up l: at most min(max_tunnels, 1024) tunnels not established at
 * once, so a flood of SCCRQs cannot keep established LACs from
 * reconnecting; the per-peer limits and rates as given, every bucket
 * full; a source table of max(1024, 2 * max_tunnels) slots rounded up to
 * a power of two. 0, -EINVAL (a rate or burst out of range) or -ENOMEM.
 */
int ctl_l2tp_lim_init(struct ctl_l2tp_lim *l,
		      const struct ctl_l2tp_lim_conf *c);
void ctl_l2tp_lim_fini(struct ctl_l2tp_lim *l);
/*
 * New limits and rates for l (a configuration reload): the tables, the
 * seed and what peers hold are kept; a bucket keeps its tokens, capped
 * by the new burst when next refilled. c->max_tunnels only sets the
 * half-open cap (the tables are sized at init). 0 or -EINVAL (a rate or
 * burst out of range: nothing changed).
 */
int ctl_l2tp_lim_set(struct ctl_l2tp_lim *l,
		     const struct ctl_l2tp_lim_conf *c);

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
 * May source addr send one more SCCRQ (or anything else for tunnel ID 0)
 * at now? Its own bucket, then the global one; a token is taken from both
 * only when both have one (CTL_L2TP_LIM_OK), so a source over its rate
 * costs the others nothing. A source that finds no slot is judged by the
 * global bucket alone and counted in l->src_no_slot.
 */
enum ctl_l2tp_lim_verdict ctl_l2tp_lim_sccrq_rate(struct ctl_l2tp_lim *l,
	uint32_t addr, uint64_t now);

/*
 * May peer addr (which has a tunnel) start one more call at now? Its own
 * bucket, then the global one, taken from both only on CTL_L2TP_LIM_OK.
 * Asked after ctl_l2tp_lim_call_admit(), so only calls that are made
 * spend tokens.
 */
enum ctl_l2tp_lim_verdict ctl_l2tp_lim_icrq_rate(struct ctl_l2tp_lim *l,
	uint32_t addr, uint64_t now);

/* Token buckets. A bucket starts full; per_s 0 never runs out. */
void ctl_l2tp_bucket_fill(struct ctl_l2tp_bucket *b,
			  const struct ctl_l2tp_rate *r);
/* Refill b up to now: is there a whole token? */
bool ctl_l2tp_bucket_ready(struct ctl_l2tp_bucket *b,
			   const struct ctl_l2tp_rate *r, uint64_t now);
/* Take one token (after ctl_l2tp_bucket_ready() said there is one). */
void ctl_l2tp_bucket_take(struct ctl_l2tp_bucket *b,
			  const struct ctl_l2tp_rate *r);
/* Is b back at its burst at now (it remembers nothing then)? */
bool ctl_l2tp_bucket_full(const struct ctl_l2tp_bucket *b,
			  const struct ctl_l2tp_rate *r, uint64_t now);

/* Source-table slots whose bucket is not full at now (for tests, stats). */
uint32_t ctl_l2tp_lim_src_busy(const struct ctl_l2tp_lim *l, uint64_t now);

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
