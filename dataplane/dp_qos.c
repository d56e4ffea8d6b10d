/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Per-session QoS in the workers: see dp_qos.h and docs/qos.md.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_ip.h>
#include <rte_lcore.h>
#include <rte_malloc.h>

#include "dp_fwd.h"
#include "dp_qos.h"
#include "dp_session.h"
#include "dp_table.h"

static struct dp_qos *dp_qos_g;
static const struct dp_table *dp_qos_g_table;
static uint32_t dp_qos_seq;	/* DPDK object names are per process */

static uint32_t
dp_qos_nb_fifo(uint32_t max_sessions)
{
	return RTE_MAX((uint32_t)DP_QOS_FIFO_MIN,
		       max_sessions / DP_QOS_FIFO_DIV);
}

uint64_t
dp_qos_held_bound(uint32_t max_sessions, uint32_t held_max)
{
	uint64_t n = (uint64_t)dp_qos_nb_fifo(max_sessions) * DP_QOS_FIFO_LEN;

	return held_max != 0 ? RTE_MIN(n, (uint64_t)held_max) : n;
}

uint64_t
dp_qos_mbufs_max(const struct cfg *cfg)
{
	return dp_qos_held_bound(cfg->l2tp.max_sessions,
				 DP_QOS_HELD_SHARE(cfg->dataplane.mbufs));
}

struct dp_qos *
dp_qos_create(uint32_t max_sessions, uint16_t nb_workers, uint32_t nb_fifo,
	      uint32_t held_max, int socket)
{
	char name[RTE_RING_NAMESIZE];
	uint32_t seq, i;
	struct dp_qos *q;

	if (max_sessions == 0 || nb_workers == 0 ||
	    nb_workers > RTE_MAX_LCORE) {
		rte_errno = EINVAL;
		return NULL;
	}
	if (nb_fifo == 0)
		nb_fifo = dp_qos_nb_fifo(max_sessions);
	seq = __atomic_fetch_add(&dp_qos_seq, 1, __ATOMIC_RELAXED);
	q = rte_zmalloc_socket("dp_qos", sizeof(*q), RTE_CACHE_LINE_SIZE,
			       socket);
	if (q == NULL)
		goto nomem;
	q->max_sessions = max_sessions;
	q->nb_fifo = nb_fifo;
	q->nb_workers = nb_workers;
	q->held_max = held_max != 0 ?
		RTE_MAX(held_max / nb_workers, (uint32_t)DP_QOS_FIFO_LEN) :
		UINT32_MAX;
	q->seq = seq;
	q->socket = socket;
	/* Single-worker: nothing to hand off, no ring. */
	for (i = 0; nb_workers > 1 && i < nb_workers; i++) {
		snprintf(name, sizeof(name), "dpq%u_ho%u", seq, i);
		q->ho[i] = rte_ring_create(name, DP_QOS_HANDOFF_RING, socket,
					   RING_F_SC_DEQ);
		if (q->ho[i] == NULL)
			goto fail;
	}
	return q;
nomem:
	rte_errno = ENOMEM;
fail:
	dp_qos_free(q);
	return NULL;
}

int
dp_qos_arm(struct dp_qos *q)
{
	char name[RTE_RING_NAMESIZE];
	struct dp_qos_state *st;
	uint32_t i;

	if (q == NULL || q->st != NULL)
		return 0;
	q->fifo = rte_zmalloc_socket("dp_qos_fifo",
		sizeof(*q->fifo) * q->nb_fifo, RTE_CACHE_LINE_SIZE, q->socket);
	snprintf(name, sizeof(name), "dpq%u_free", q->seq);
	q->fifo_free = rte_ring_create_elem(name, sizeof(uint32_t),
		q->nb_fifo, q->socket, RING_F_EXACT_SZ);
	st = rte_zmalloc_socket("dp_qos_st", sizeof(*st) * q->max_sessions,
				RTE_CACHE_LINE_SIZE, q->socket);
	if (q->fifo == NULL || q->fifo_free == NULL || st == NULL) {
		rte_free(st);
		rte_ring_free(q->fifo_free);
		rte_free(q->fifo);
		q->fifo_free = NULL;
		q->fifo = NULL;
		return -ENOMEM;
	}
	for (i = 0; i < q->nb_fifo; i++)
		rte_ring_enqueue_elem(q->fifo_free, &i, sizeof(i));
	/* The FIFOs are ready before a worker can find the state. */
	__atomic_store_n(&q->st, st, __ATOMIC_RELEASE);
	return 0;
}

void
dp_qos_free(struct dp_qos *q)
{
	unsigned int i;

	if (q == NULL)
		return;
	if (dp_qos_g == q)
		dp_qos_set_global(NULL, NULL);
	for (i = 0; i < RTE_MAX_LCORE; i++) {
		struct rte_mbuf *m;

		/* A ring whose worker never ran (launch failed) may hold some. */
		while (q->ho[i] != NULL &&
		       rte_ring_dequeue(q->ho[i], (void **)&m) == 0)
			rte_pktmbuf_free(m);
		rte_ring_free(q->ho[i]);
	}
	rte_ring_free(q->fifo_free);
	rte_free(q->fifo);
	rte_free(q->st);
	rte_free(q);
}

void
dp_qos_set_global(struct dp_qos *q, const struct dp_table *t)
{
	dp_qos_g = q;
	dp_qos_g_table = t;
}

/*
 * The shaper's view of a packet's size: the inner IP datagram's own
 * length (an Ethernet-padded frame carries trailer octets beyond it),
 * bounded by what the mbuf holds.
 */
static inline uint32_t
dp_qos_inner_len(const struct rte_mbuf *m)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	uint32_t len = rte_pktmbuf_pkt_len(m), ip;

	uint16_t room = rte_pktmbuf_data_len(m);

	if ((p[0] >> 4) == 4 && room >= sizeof(struct rte_ipv4_hdr))
		ip = rte_be_to_cpu_16(((const struct rte_ipv4_hdr *)p)->total_length);
	else if ((p[0] >> 4) == 6 && room >= sizeof(struct rte_ipv6_hdr))
		ip = rte_be_to_cpu_16(((const struct rte_ipv6_hdr *)p)->payload_len) +
		     (uint32_t)sizeof(struct rte_ipv6_hdr);
	else
		return len;
	return RTE_MIN(ip, len);
}

static inline struct dp_qos_fifo *
dp_qos_fifo_of(const struct dp_qos *q, const struct dp_qos_state *st)
{
	return st->fifo == 0 ? NULL : &q->fifo[st->fifo - 1];
}

/* Free every mbuf in f, counted as reason r. */
static void
dp_qos_fifo_drop(struct dp_fwd_ctx *c, struct dp_qos_fifo *f,
		 enum dp_drop_reason r)
{
	while (f->n != 0) {
		rte_pktmbuf_free(f->m[f->head]);
		f->head = (uint16_t)((f->head + 1) % DP_QOS_FIFO_LEN);
		f->n--;
		c->qos->held--;
		c->st->drop[r]++;
	}
	f->head = 0;
	f->bytes = 0;
}

/*
 * st for s, at its index idx, at c->now: an entry of a later ADD at the
 * index (its gen) gets fresh buckets and counters; what the earlier
 * occupant left queued is dropped (its FIFO stays attached and listed,
 * now empty).
 */
static inline struct dp_qos_state *
dp_qos_state(struct dp_fwd_ctx *c, const struct dp_session *s, uint32_t idx)
{
	struct dp_qos *q = c->qos->q;
	struct dp_qos_state *st = &q->st[idx];
	struct dp_qos_fifo *f;

	if (likely(st->gen == s->gen))
		return st;
	f = dp_qos_fifo_of(q, st);
	if (f != NULL)
		dp_qos_fifo_drop(c, f, DP_DROP_QOS_FLUSHED);
	st->gen = s->gen;
	st->pol.time = c->now;
	st->pol.tc = s->qos.pol.cbs;
	st->pol.te = 0;
	st->shp_tokens = s->qos.shp_cap;
	st->shp_time = c->now;
	st->shp_wait = 0;
	st->up_policed_pkts = 0;
	st->up_policed_bytes = 0;
	st->down_shaped_pkts = 0;
	st->down_shape_drop_pkts = 0;
	st->down_shape_drop_bytes = 0;
	return st;
}

/*
 * 1: this worker owns s, go on. 0: m went to the owner's ring (or, the
 * ring full, was counted and freed).
 */
static inline int
dp_qos_handoff(struct dp_fwd_ctx *c, struct rte_mbuf *m,
	       const struct dp_session *s, uint32_t idx, uint32_t down)
{
	const struct dp_qos *q = c->qos->q;
	uint32_t owner = idx % q->nb_workers;

	if (likely(owner == c->qos->id))
		return 1;
	m->hash.fdir.lo = idx | down;
	m->hash.fdir.hi = s->gen;
	if (unlikely(rte_ring_mp_enqueue(q->ho[owner], m) != 0)) {
		c->st->drop[DP_DROP_QOS_HANDOFF_FULL]++;
		rte_pktmbuf_free(m);
	}
	return 0;
}

/* Owner side of the policer. */
static void
dp_qos_up_own(struct dp_fwd_ctx *c, struct rte_mbuf *m,
	      const struct dp_session *s, uint32_t idx)
{
	struct dp_qos_state *st = dp_qos_state(c, s, idx);
	uint32_t len = rte_pktmbuf_pkt_len(m) - m->l2_len;

	/*
	 * rte_meter multiplies the periods elapsed by the octets per
	 * period: after a long idle gap that product could overflow (at
	 * 100 Gbit/s, after ~40 years of TSC; sooner with a clock that
	 * jumps). Past DP_QOS_POL_IDLE the bucket is full anyway.
	 */
	if (unlikely(c->now - st->pol.time > DP_QOS_POL_IDLE)) {
		st->pol.time = c->now;
		st->pol.tc = s->qos.pol.cbs;
	}
	if (unlikely(rte_meter_srtcm_color_blind_check(&st->pol,
			(struct rte_meter_srtcm_profile *)(uintptr_t)&s->qos.pol,
			c->now, len) != RTE_COLOR_GREEN)) {
		st->up_policed_pkts++;
		st->up_policed_bytes += len;
		c->st->drop[DP_DROP_QOS_POLICED]++;
		rte_pktmbuf_free(m);
		return;
	}
	dp_fwd_up_send(c, m, idx);
}

void
dp_qos_entries_changed(struct dp_qos *q)
{
	if (q != NULL)
		__atomic_fetch_add(&q->epoch, 1, __ATOMIC_RELEASE);
}

void
dp_qos_up(struct dp_fwd_ctx *c, struct rte_mbuf *m, const struct dp_session *s,
	  uint32_t idx)
{
	if (dp_qos_handoff(c, m, s, idx, 0) == 1)
		dp_qos_up_own(c, m, s, idx);
}

/* Put idx at the tail of c's active list. */
static inline void
dp_qos_act_push(struct dp_qos_worker *w, struct dp_qos_state *st, uint32_t idx)
{
	st->next = 0;
	if (w->act_tail == 0)
		w->act_head = idx + 1;
	else
		w->q->st[w->act_tail - 1].next = idx + 1;
	w->act_tail = idx + 1;
	w->act_len++;
}

/* Owner side of the shaper. */
static void
dp_qos_down_own(struct dp_fwd_ctx *c, struct rte_mbuf *m,
		const struct dp_session *s)
{
	struct dp_qos_worker *w = c->qos;
	uint32_t idx = s->down.session_index;	/* line 1: never line 0 */
	struct dp_qos_state *st = dp_qos_state(c, s, idx);
	struct dp_qos_fifo *f = dp_qos_fifo_of(w->q, st);
	uint32_t len = dp_qos_inner_len(m), fn;

	if (f == NULL) {
		/* Nothing waits: send now if the bucket allows. */
		st->shp_tokens = dp_qos_tb_fill(&s->qos, st->shp_tokens,
						c->now - st->shp_time);
		st->shp_time = c->now;
		if (dp_qos_tb_take(&s->qos, &st->shp_tokens, len)) {
			dp_fwd_down_send(c, m, s);
			return;
		}
		if (unlikely(w->held >= w->q->held_max))
			goto limit;
		if (unlikely(rte_ring_dequeue_elem(w->q->fifo_free, &fn,
						   sizeof(fn)) != 0)) {
			c->st->drop[DP_DROP_QOS_NO_FIFO]++;
			goto drop;
		}
		st->fifo = fn + 1;
		st->shp_wait = dp_qos_tb_wait(&s->qos, st->shp_tokens, len);
		f = &w->q->fifo[fn];
		f->head = 0;
		f->n = 0;
		f->bytes = 0;
		dp_qos_act_push(w, st, idx);
	} else if (unlikely(f->n == DP_QOS_FIFO_LEN)) {
		c->st->drop[DP_DROP_QOS_SHAPER_FULL]++;
		goto drop;
	} else if (unlikely(w->held >= w->q->held_max)) {
		goto limit;
	}
	w->held++;
	m->hash.fdir.hi = len;
	f->m[(f->head + f->n) % DP_QOS_FIFO_LEN] = m;
	f->n++;
	f->bytes += len;
	st->down_shaped_pkts++;
	return;
limit:
	/* The port pools must keep mbufs for RX (docs/qos.md, Memory). */
	c->st->drop[DP_DROP_QOS_MBUF_LIMIT]++;
drop:
	st->down_shape_drop_pkts++;
	st->down_shape_drop_bytes += len;
	rte_pktmbuf_free(m);
}

void
dp_qos_down(struct dp_fwd_ctx *c, struct rte_mbuf *m, const struct dp_session *s)
{
	if (dp_qos_handoff(c, m, s, s->down.session_index, DP_QOS_HO_DOWN) == 1)
		dp_qos_down_own(c, m, s);
}

/* Packets handed over by other workers, in their arrival order. */
static void
dp_qos_take_handoffs(struct dp_fwd_ctx *c)
{
	struct rte_ring *r = c->qos->q->ho[c->qos->id];
	struct rte_mbuf *pkts[DP_QOS_HANDOFF_BURST];
	unsigned int i, n;

	if (r == NULL)
		return;
	n = rte_ring_sc_dequeue_burst(r, (void **)pkts, DP_QOS_HANDOFF_BURST,
				      NULL);
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		uint32_t tag = m->hash.fdir.lo, idx = tag & ~DP_QOS_HO_DOWN;
		const struct dp_session *s;

		s = dp_table_get(c->table, idx);
		/* Deleted, or the index reused, since it was handed over. */
		if (unlikely(s == NULL || s->gen != m->hash.fdir.hi)) {
			c->st->drop[DP_DROP_QOS_FLUSHED]++;
			rte_pktmbuf_free(m);
		} else if (tag & DP_QOS_HO_DOWN) {
			if (s->flags & DP_SESS_QOS_DOWN)
				dp_qos_down_own(c, m, s);
			else
				dp_fwd_down_send(c, m, s);
		} else {
			if (s->flags & DP_SESS_QOS_UP)
				dp_qos_up_own(c, m, s, idx);
			else
				dp_fwd_up_send(c, m, idx);
		}
	}
}

/* Give st's FIFO back to the pool. */
static inline void
dp_qos_fifo_put(struct dp_qos *q, struct dp_qos_state *st)
{
	uint32_t fn = st->fifo - 1;

	st->fifo = 0;
	rte_ring_enqueue_elem(q->fifo_free, &fn, sizeof(fn));
}

/*
 * Serve one active session: what its bucket allows leaves, in order.
 * Returns the packets sent; *empty whether its FIFO went back.
 */
static unsigned int
dp_qos_serve(struct dp_fwd_ctx *c, uint32_t idx, int *empty)
{
	struct dp_qos *q = c->qos->q;
	struct dp_qos_state *st = &q->st[idx];
	struct dp_qos_fifo *f = dp_qos_fifo_of(q, st);
	const struct dp_session *s = dp_table_get(c->table, idx);
	unsigned int sent = 0;

	if (unlikely(s == NULL || s->gen != st->gen)) {
		/* Deleted (or re-added): what waited is not sent. */
		dp_qos_fifo_drop(c, f, DP_DROP_QOS_FLUSHED);
	} else if (f->n != 0) {
		st->shp_tokens = dp_qos_tb_fill(&s->qos, st->shp_tokens,
						c->now - st->shp_time);
		st->shp_time = c->now;
		while (f->n != 0) {
			struct rte_mbuf *m = f->m[f->head];
			uint32_t len = m->hash.fdir.hi;

			/* A lifted rate (mult 0) drains without limit. */
			if (!dp_qos_tb_take(&s->qos, &st->shp_tokens, len)) {
				st->shp_wait = dp_qos_tb_wait(&s->qos,
					st->shp_tokens, len);
				break;
			}
			f->head = (uint16_t)((f->head + 1) % DP_QOS_FIFO_LEN);
			f->n--;
			f->bytes -= len;
			c->qos->held--;
			dp_fwd_down_send(c, m, s);
			sent++;
		}
	}
	*empty = f->n == 0;
	if (*empty)
		dp_qos_fifo_put(q, st);
	return sent;
}

unsigned int
dp_qos_poll(struct dp_fwd_ctx *c)
{
	struct dp_qos_worker *w = c->qos;
	unsigned int v, sent = 0, nv;
	uint64_t epoch;
	int empty;

	if (w == NULL)
		return 0;
	dp_qos_take_handoffs(c);
	epoch = __atomic_load_n(&w->q->epoch, __ATOMIC_ACQUIRE);
	if (unlikely(epoch != w->epoch)) {
		w->epoch = epoch;
		w->noskip = w->act_len;
	}
	/* Round robin: each visited session goes back to the tail. */
	nv = RTE_MIN(w->act_len, (uint32_t)DP_QOS_VISIT);
	for (v = 0; v < nv; v++) {
		uint32_t idx = w->act_head - 1;
		struct dp_qos_state *st = &w->q->st[idx];

		w->act_head = st->next;
		if (w->act_head == 0)
			w->act_tail = 0;
		w->act_len--;
		/*
		 * Not due yet (unsigned: right across the TSC wrap and any
		 * gap): one line read, not the entry nor the FIFO. After a
		 * table change every session gets one full visit.
		 */
		if (w->noskip != 0)
			w->noskip--;
		else if (c->now - st->shp_time < st->shp_wait) {
			dp_qos_act_push(w, st, idx);
			continue;
		}
		sent += dp_qos_serve(c, idx, &empty);
		if (!empty)
			dp_qos_act_push(w, st, idx);
	}
	return sent;
}

void
dp_qos_worker_flush(struct dp_fwd_ctx *c)
{
	struct dp_qos_worker *w = c->qos;
	struct rte_ring *r;
	struct rte_mbuf *m;

	if (w == NULL)
		return;
	r = w->q->ho[w->id];
	while (r != NULL && rte_ring_sc_dequeue(r, (void **)&m) == 0) {
		c->st->drop[DP_DROP_QOS_FLUSHED]++;
		rte_pktmbuf_free(m);
	}
	while (w->act_head != 0) {
		struct dp_qos_state *st = &w->q->st[w->act_head - 1];

		w->act_head = st->next;
		dp_qos_fifo_drop(c, dp_qos_fifo_of(w->q, st),
				 DP_DROP_QOS_FLUSHED);
		dp_qos_fifo_put(w->q, st);
	}
	w->act_tail = 0;
	w->act_len = 0;
}

void
dp_session_qos_counters(uint32_t idx, struct dp_session_qos_counters *out)
{
	const struct dp_qos *q = dp_qos_g;
	const volatile struct dp_qos_state *st;
	const struct dp_qos_fifo *f;

	memset(out, 0, sizeof(*out));
	if (q == NULL || dp_qos_g_table == NULL || idx >= q->max_sessions ||
	    q->st == NULL)
		return;
	st = &q->st[idx];
	/* State of an earlier ADD not yet reset by its owner: all 0. */
	if (st->gen != dp_table_index_gen(dp_qos_g_table, idx))
		return;
	out->up_policed_pkts = st->up_policed_pkts;
	out->up_policed_bytes = st->up_policed_bytes;
	out->down_shaped_pkts = st->down_shaped_pkts;
	out->down_shape_drop_pkts = st->down_shape_drop_pkts;
	out->down_shape_drop_bytes = st->down_shape_drop_bytes;
	if (st->fifo != 0) {
		f = &q->fifo[st->fifo - 1];
		out->down_queue_pkts = f->n;
		out->down_queue_bytes = f->bytes;
	}
}
