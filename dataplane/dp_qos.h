/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Per-session QoS in the workers (docs/qos.md): the upstream policer,
 * the downstream shaper's FIFOs and their service, and the hand-off of a
 * QoS-limited session's packets to its owner worker. Private to the
 * dataplane. Parameters and bucket arithmetic: dp_qos_tb.h.
 *
 * One writer per session: its owner worker, session_index % number of
 * workers, keeps its policer, shaper and FIFO state. Another worker that
 * receives a packet of a QoS-limited session (RSS put it there) hands it
 * to the owner through the owner's MP/SC rte_ring (VPP's policer
 * hand-off); sessions without QoS never reach this code (one flag test in
 * dp_fwd.c). A handed-off mbuf carries, in m->hash.fdir (the RX hash is
 * of no further use once classified), lo = session_index | direction
 * (bit 31: down) and hi = the entry's gen; a FIFO'd mbuf carries its
 * inner length in hash.fdir.hi.
 *
 * FIFOs come from one bounded pool shared by the workers (a free list in
 * an MP/MC rte_ring of FIFO numbers): a session holds one only while
 * packets of it wait, and is then on its owner's active list. A worker
 * serves its active list once per loop pass, round robin, at most
 * DP_QOS_VISIT sessions per pass.
 */
#ifndef LNS_DP_QOS_H
#define LNS_DP_QOS_H

#include <stdint.h>

#include <rte_mbuf.h>
#include <rte_meter.h>
#include <rte_ring.h>

#include "dp_api.h"

struct dp_fwd_ctx;
struct dp_session;

/* Packets one session's FIFO holds (docs/qos.md: why 64). */
#define DP_QOS_FIFO_LEN		64
/* FIFOs in the pool: max(DP_QOS_FIFO_MIN, max_sessions / 16). */
#define DP_QOS_FIFO_MIN		1024
#define DP_QOS_FIFO_DIV		16
/* Sessions an active list pass visits at most. */
#define DP_QOS_VISIT		256
/* Hand-off ring of each worker; packets taken from it per pass. */
#define DP_QOS_HANDOFF_RING	1024
#define DP_QOS_HANDOFF_BURST	64

/*
 * Idle TSC cycles after which a policer is simply full again (2^40: ~5
 * minutes at 3.6 GHz, longer than any default burst takes to fill).
 */
#define DP_QOS_POL_IDLE		(UINT64_C(1) << 40)

/*
 * The shapers may hold half of dataplane.mbufs (the ports' pool) by
 * default: the other half stays for RX, TX rings and everything else.
 */
#define DP_QOS_HELD_SHARE(mbufs)	((mbufs) / 2)

#define DP_QOS_HO_DOWN		(UINT32_C(1) << 31)

struct dp_qos_fifo {
	uint16_t head;			/* next out */
	uint16_t n;			/* packets in */
	uint32_t bytes;			/* inner octets in */
	struct rte_mbuf *m[DP_QOS_FIFO_LEN];
} __rte_cache_aligned;

/* Per session_index; written by the owner worker only. */
struct dp_qos_state {
	uint32_t gen;			/* of the session this belongs to */
	uint32_t fifo;			/* pool number + 1, 0 = none */
	uint32_t next;			/* active list link: index + 1 */
	uint32_t pad;
	struct rte_meter_srtcm pol;	/* policer run-time */
	uint64_t shp_tokens;		/* 2^-32 octet */
	uint64_t shp_time;		/* TSC of the last refill */
	uint64_t shp_wait;		/* cycles after shp_time before the
					 * FIFO's head can leave: visits
					 * skip it until then */
	/* dp_session_qos_counters, without the gauges (from the FIFO). */
	uint64_t up_policed_pkts;
	uint64_t up_policed_bytes;
	uint64_t down_shaped_pkts;
	uint64_t down_shape_drop_pkts;
	uint64_t down_shape_drop_bytes;
} __rte_cache_aligned;

/* What every worker shares: made by dp_qos_create(), control lcore. */
struct dp_qos {
	/*
	 * Made by dp_qos_arm() before the first entry with a rate is
	 * published (st last, release store), NULL until then: 164 B per
	 * max_sessions slot that a server with no rated session never
	 * allocates. Workers reach them only through rated entries.
	 */
	struct dp_qos_state *st;	/* [max_sessions] */
	struct dp_qos_fifo *fifo;	/* [nb_fifo] */
	struct rte_ring *fifo_free;	/* 4-octet FIFO numbers, MP/MC */
	uint32_t seq;			/* names of its DPDK objects */
	int socket;
	struct rte_ring *ho[RTE_MAX_LCORE];	/* per worker number */
	uint32_t max_sessions;
	uint32_t nb_fifo;
	uint32_t held_max;		/* mbufs one worker's FIFOs may hold */
	uint16_t nb_workers;
	/* Bumped by the control lcore at every ADD, MODIFY, DELETE. */
	uint64_t epoch __rte_cache_aligned;
};

/* One worker's QoS context (in its dp_fwd_ctx), only it touches it. */
struct dp_qos_worker {
	struct dp_qos *q;
	uint16_t id;			/* worker number, < q->nb_workers */
	uint32_t act_head;		/* active list, index + 1, 0 = empty */
	uint32_t act_tail;
	uint32_t act_len;
	uint32_t held;			/* mbufs in this worker's FIFOs */
	uint64_t epoch;			/* q->epoch last seen */
	uint32_t noskip;		/* visits left that may not skip */
};

/*
 * Shared state for max_sessions and nb_workers; nb_fifo 0 = the default
 * above. held_max: the mbufs all FIFOs together may hold (each worker an
 * equal share), 0 = only the pool's bound (nb_fifo x DP_QOS_FIFO_LEN).
 * NULL and rte_errno set on failure.
 */
struct dp_qos *dp_qos_create(uint32_t max_sessions, uint16_t nb_workers,
			     uint32_t nb_fifo, uint32_t held_max, int socket);
/*
 * Control lcore, before applying a descriptor with a rate: the per-slot
 * state made if it is not yet. 0, or -ENOMEM (nothing made: the
 * descriptor must not be applied with its rate).
 */
int dp_qos_arm(struct dp_qos *q);
/* The mbufs the shapers may hold for held_max and max_sessions. */
uint64_t dp_qos_held_bound(uint32_t max_sessions, uint32_t held_max);
/* Every worker stopped and flushed (dp_qos_worker_flush()). */
void dp_qos_free(struct dp_qos *q);
/*
 * dp_session_qos_counters() (dp_api.h) reads q, and t for the current
 * gen of an index; NULL, NULL: none.
 */
struct dp_table;
void dp_qos_set_global(struct dp_qos *q, const struct dp_table *t);

/*
 * Control lcore, after every session ADD, MODIFY or DELETE: each worker
 * then visits its whole active list once without skipping sessions that
 * are not due, so a new rate applies and a deleted session's queue goes
 * at once (not when its head would have been due).
 */
void dp_qos_entries_changed(struct dp_qos *q);

/*
 * Fast path, for a session whose entry has DP_SESS_QOS_UP (m decapsulated
 * and ready for the core) or DP_SESS_QOS_DOWN (m the inner packet, core
 * Ethernet header stripped, m->l2_len its length). They take m.
 * Upstream passes s's index (idx: the slot's copy, dp_sess_up.h), so
 * that neither direction reads line 0 of the entry (dp_session.h).
 */
void dp_qos_up(struct dp_fwd_ctx *c, struct rte_mbuf *m,
	       const struct dp_session *s, uint32_t idx);
void dp_qos_down(struct dp_fwd_ctx *c, struct rte_mbuf *m,
		 const struct dp_session *s);

/*
 * Once per worker loop pass, at c->now: take what other workers handed
 * over, then serve the active list. Returns the packets sent.
 */
unsigned int dp_qos_poll(struct dp_fwd_ctx *c);
/*
 * Free, counted (drop qos_flushed), every mbuf in c's FIFOs and hand-off
 * ring, and return the FIFOs (dp_stop: every worker stopped first).
 */
void dp_qos_worker_flush(struct dp_fwd_ctx *c);

#endif /* LNS_DP_QOS_H */
