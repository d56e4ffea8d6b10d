/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The software spread stage (dataplane.spread, docs/architecture.md):
 * each upstream L2TP data frame goes to a worker chosen by its session,
 * its owner, whatever RX queue it arrived on. Private to the dataplane.
 *
 * Why: RSS (and af_packet's fanout) hashes the outer IP/UDP header, so
 * every session of one L2TP tunnel reaches one worker. The stage runs in
 * dp_rx_port() after dp_classify(): of a burst's UP frames the worker
 * keeps the ones it owns and hands the others to their owners, through a
 * ring per (from, to) pair of workers - single producer, single
 * consumer, so neither side pays for an atomic compare-and-set - then
 * every loop pass takes what the other workers handed it and forwards
 * that too (dp_fwd_up_burst()).
 *
 * Order: every frame of a session goes to one owner, and the frames one
 * worker hands over leave its staging buffer and its ring to that owner
 * in the order it received them, so a session's frames from one RX queue
 * stay in order. Frames of one session that arrive on two RX queues were
 * never ordered relative to each other (two workers forward them
 * concurrently without the stage too) and are not here either. When
 * `auto` switches a worker's spreading on or off, a few frames a session
 * sent just before the switch may still be in the old path (a TX buffer,
 * a ring) while those after it take the new one: the worker flushes its
 * TX buffers at the switch, which leaves the ring's frames as the only
 * window for a reorder.
 *
 * The parse travels with the frame, in the ring: an entry is the mbuf
 * pointer and its struct lns_l2tp_data (32 octets). Measured against
 * the other way, 8-octet entries and the owner parsing the L2TP/PPP
 * header again at m->l2_len + m->l3_len (lns-bench --spread off,on, up
 * 64B, one worker handing every frame to itself, 4 KiB pages, two runs
 * each, 2.6 GHz): carried +8/+9 cycles/pkt at 1k sessions and +25/+20 at
 * 64k, re-parsed +28/+24 and +36/+43. An mbuf dynfield (written by the
 * sender into the mbuf's second cache line, which nothing else on this
 * path dirties) was not measured. See docs/benchmarks.md.
 *
 * Ring full: the frame is dropped and counted (drop_spread_ring_full),
 * never waited for. Frames still in a ring when the workers stop are
 * freed and counted (drop_spread_flushed).
 */
#ifndef LNS_DP_SPREAD_H
#define LNS_DP_SPREAD_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>
#include <rte_ring.h>

#include "cfg.h"
#include "dp_api.h"
#include "lns_l2tp_wire.h"

/* Entries of each (from, to) ring: 4 bursts of 256 in flight. */
#define DP_SPREAD_RING		1024
/* Frames staged per destination before one burst enqueue. */
#define DP_SPREAD_STAGE		32
/* Frames a worker takes from its incoming rings per loop pass. */
#define DP_SPREAD_TAKE		256

/*
 * auto: the measuring window, and the fewest upstream frames in a window
 * (over every worker) that say anything about the shares: 100 in 100 ms
 * (1 kpps). Below that a worker does not spread: a few frames flip the
 * shares, and one core has ample room anyway.
 */
#define DP_SPREAD_WINDOW_MS	100
#define DP_SPREAD_AUTO_MIN	100

/* One ring entry: the frame and its parse (dp_classify()). */
struct dp_spread_ent {
	struct rte_mbuf *m;
	struct lns_l2tp_data d;
};

/* Per worker: its upstream frame count, read by the others in auto. */
struct dp_spread_slot {
	uint64_t up_rx;
} __rte_cache_aligned;

/* What the workers share; made before they start, freed after. */
struct dp_spread {
	uint16_t nb;			/* workers */
	uint8_t mode;			/* enum cfg_dp_spread */
	uint8_t force_self;		/* lns-bench: own frames via a ring */
	uint64_t win_cycles;		/* auto: the window in TSC cycles */
	struct dp_spread_slot *slot;	/* [nb] */
	struct rte_ring **ring;		/* [from * nb + to] */
};

/* One worker's side of the stage; only that worker touches it. */
struct dp_spread_worker {
	const struct dp_spread *sp;	/* NULL: the stage is off */
	uint16_t id;			/* worker number, < sp->nb */
	uint8_t on;			/* spreading this worker's RX now */
	uint16_t next_src;		/* round robin of the incoming rings */
	uint64_t up_rx;			/* upstream frames received (slot) */
	uint64_t win_end;		/* auto: TSC of the next decision */
	uint64_t *seen;			/* [nb] every slot at the last one */
	uint16_t *nst;			/* [nb] frames staged per owner */
	struct dp_spread_ent *stage;	/* [nb][DP_SPREAD_STAGE] */
};

/*
 * The owner of a session among nb workers: a multiplicative hash of the
 * local tunnel and session IDs (Knuth's 2^32 / phi), its high bits
 * scaled to nb (Lemire's fastrange: no division). Sessions are dense
 * per tunnel (ctl_l2tp.h), so the hash must not keep their low bits'
 * pattern: the product's high bits mix all of them.
 */
static inline unsigned int
dp_spread_owner(uint16_t tid, uint16_t sid, unsigned int nb)
{
	uint32_t h = ((uint32_t)tid << 16 | sid) * UINT32_C(2654435761);

	return (unsigned int)(((uint64_t)h * nb) >> 32);
}

/*
 * The stage for mode among nb workers (control lcore, before the
 * launch): NULL when there is nothing to do (off, or one worker without
 * force_self), or on failure (rte_errno set, logged). force_self
 * (lns-bench: cfg dataplane.spread_force_self) hands every frame through
 * a ring, a worker's own to itself too, so the stage's cost is measured
 * with one worker.
 */
struct dp_spread *dp_spread_create(enum cfg_dp_spread mode, unsigned int nb,
				   bool force_self, int socket);
/* Free sp and whatever is still in its rings, counted in st (stopped). */
void dp_spread_free(struct dp_spread *sp, struct dp_stats *st);

/* Worker id's side; sp may be NULL (stage off). 0 or -ENOMEM. */
int dp_spread_worker_init(struct dp_spread_worker *w,
			  const struct dp_spread *sp, unsigned int id,
			  int socket);
void dp_spread_worker_fini(struct dp_spread_worker *w);

/*
 * Of n upstream frames (pkts[i] parsed into d[i]), keep in pkts[] and
 * d[] the ones this worker owns, in order, and hand the others to their
 * owners; returns how many were kept. Counts spread_out_pkts, and the
 * drops of a full ring.
 */
unsigned int dp_spread_up(struct dp_spread_worker *w, struct dp_stats *st,
			  struct rte_mbuf **pkts, struct lns_l2tp_data *d,
			  unsigned int n);

/*
 * Up to max frames other workers handed to this one, with their parses,
 * in each source's order; counts spread_in_pkts.
 */
unsigned int dp_spread_take(struct dp_spread_worker *w, struct dp_stats *st,
			    struct rte_mbuf **pkts, struct lns_l2tp_data *d,
			    unsigned int max);

/*
 * auto: whether a worker that received mine of the total upstream frames
 * of a window, among nb workers, spreads (on: whether it does now).
 * Spreads above min(2/nb, (1 + 1/nb) / 2) of the total, stops below half
 * way between that and 1/nb (hysteresis), or below DP_SPREAD_AUTO_MIN.
 */
int dp_spread_auto_decide(uint64_t mine, uint64_t total, unsigned int nb,
			  int on);

/*
 * auto, once per loop pass at now: at the end of a window, decide with
 * every worker's slot. Returns 1 when w->on changed.
 */
int dp_spread_window(struct dp_spread_worker *w, uint64_t now);

/*
 * One RX burst's nu upstream frames from a port (rss_l2tp: its NIC
 * already spreads by session, so auto leaves them): counted for auto,
 * and spread when the worker spreads. Returns the frames kept.
 */
static inline unsigned int
dp_spread_rx(struct dp_spread_worker *w, struct dp_stats *st, int rss_l2tp,
	     struct rte_mbuf **pkts, struct lns_l2tp_data *d, unsigned int nu)
{
	const struct dp_spread *sp = w->sp;

	if (likely(sp == NULL) || nu == 0)
		return nu;
	if (sp->mode == CFG_SPREAD_AUTO) {
		if (rss_l2tp)
			return nu;
		/* Own cache line, read by the others once a window. */
		w->up_rx += nu;
		__atomic_store_n(&sp->slot[w->id].up_rx, w->up_rx,
				 __ATOMIC_RELAXED);
	}
	if (!w->on)
		return nu;
	return dp_spread_up(w, st, pkts, d, nu);
}

#endif /* LNS_DP_SPREAD_H */
