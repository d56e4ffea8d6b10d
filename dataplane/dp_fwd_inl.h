/* SPDX-License-Identifier: BSD-3-Clause
 *
 * What the two families' forwarding code (dp_fwd.c for IPv4 and the
 * shared upstream path, dp_fwd6.c for downstream IPv6) share per packet:
 * next-hop words, TX, counting, the staged resolve of looked-up indexes.
 * Private to dp_fwd*.c.
 */
#ifndef LNS_DP_FWD_INL_H
#define LNS_DP_FWD_INL_H

#include <stdint.h>

#include <rte_ether.h>
#include <rte_prefetch.h>

#include "dp_fwd.h"
#include "dp_qos.h"
#include "dp_seq.h"
#include "dp_session.h"
#include "dp_table.h"

/*
 * Next hop MAC of a port's gateway, one per family: bit 63 = valid, bits
 * 0..47 = MAC, one 64-bit atomic word per port so a worker never sees
 * half a MAC.
 */
extern uint64_t dp_nexthop[CFG_MAX_PORTS];
extern uint64_t dp_nexthop6[CFG_MAX_PORTS];

#define DP_NH_VALID (UINT64_C(1) << 63)

static inline void
dp_nh_word_set(uint64_t *w, const struct rte_ether_addr *mac)
{
	uint64_t v = 0;
	unsigned int i;

	if (mac != NULL) {
		for (i = 0; i < RTE_ETHER_ADDR_LEN; i++)
			v |= (uint64_t)mac->addr_bytes[i] << (8 * i);
		v |= DP_NH_VALID;
	}
	__atomic_store_n(w, v, __ATOMIC_RELEASE);
}

static inline int
dp_nh_word_get(const uint64_t *w, struct rte_ether_addr *mac)
{
	uint64_t v = __atomic_load_n(w, __ATOMIC_ACQUIRE);
	unsigned int i;

	if (!(v & DP_NH_VALID))
		return -1;
	for (i = 0; i < RTE_ETHER_ADDR_LEN; i++)
		mac->addr_bytes[i] = (uint8_t)(v >> (8 * i));
	return 0;
}

static inline void
dp_fwd_drop_one(struct dp_fwd_ctx *c, struct rte_mbuf *m, enum dp_drop_reason r)
{
	c->st->drop[r]++;
	rte_pktmbuf_free(m);
}

static inline void
dp_fwd_tx(struct dp_fwd_ctx *c, uint16_t port, struct rte_mbuf *m)
{
	m->ol_flags = 0;	/* checksums are done in software */
	c->st->tx_pkts += rte_eth_tx_buffer(port_table[port].port_id, c->queue,
					    c->txb[port], m);
}

static inline void
dp_fwd_count_flags(struct dp_stats *st, uint8_t flags)
{
	if (unlikely(flags != 0)) {
		st->mss_clamped += !!(flags & DP_VERDICT_F_MSS_CLAMPED);
		st->mss_bad_options += !!(flags & DP_VERDICT_F_MSS_BAD_OPT);
	}
}

/*
 * The QoS states to prefetch with the entries of a burst, NULL while no
 * live session has a rate (then nothing extra is fetched).
 */
static inline const struct dp_qos_state *
dp_qos_prefetch_base(const struct dp_fwd_ctx *c)
{
	if (c->qos == NULL ||
	    __atomic_load_n(&c->table->nb_rated, __ATOMIC_RELAXED) == 0)
		return NULL;
	return c->qos->q->st;
}

/*
 * n looked-up indexes (DP_TABLE_NONE or any value >= max_sessions: no
 * session) to entries, in stages over the whole burst so the cache
 * misses overlap: prefetch each hit's entry pointer and this lcore's
 * counter slot, load the pointers and prefetch the one line of each
 * entry the direction reads (line 0 upstream, line 1 downstream, down
 * != 0: dp_session.h); while any live session has a rate, also its QoS
 * state and the entry's line holding the rates.
 */
static inline void
dp_fwd_resolve(struct dp_fwd_ctx *c, const uint32_t *ui, unsigned int n,
	       struct dp_session **us, int down)
{
	const struct dp_table *t = c->table;
	const struct dp_qos_state *qst = dp_qos_prefetch_base(c);
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (ui[i] >= t->max_sessions)
			continue;
		rte_prefetch0(&t->sess[ui[i]]);
		if (c->ctr != NULL)	/* written: fetch it for ownership */
			rte_prefetch0_write(&c->ctr[ui[i]]);
		if (qst != NULL)	/* the policer's or shaper's state */
			rte_prefetch0_write(&qst[ui[i]]);
	}
	for (i = 0; i < n; i++) {
		us[i] = ui[i] == DP_TABLE_NONE ? NULL : dp_table_get(t, ui[i]);
		if (us[i] == NULL)
			continue;
		rte_prefetch0(down ? (const void *)&us[i]->down :
				     (const void *)us[i]);
		if (qst != NULL)	/* the rates, the entry's last line */
			rte_prefetch0(&us[i]->qos);
	}
}

/* Encapsulated m for s: Ns if sequenced, then send towards the LAC. */
static inline void
dp_fwd_down_tx(struct dp_fwd_ctx *c, const struct dp_session *s,
	       struct rte_mbuf *m)
{
	const struct dp_sess_down *d = &s->down;

	c->ip_id++;
	if (unlikely(d->flags & DP_DOWN_F_SEQ))
		lns_store16(rte_pktmbuf_mtod_offset(m, uint8_t *,
						    dp_down_ns_off(d)),
			    rte_cpu_to_be_16(dp_seq_next(c->seq,
							 d->session_index)));
	dp_fwd_tx(c, d->port, m);
}

/* Per-session and worker counters of a packet sent down (inner octets). */
static inline void
dp_fwd_down_count(struct dp_fwd_ctx *c, const struct dp_session *s,
		  uint32_t bytes)
{
	if (likely(c->ctr != NULL)) {
		struct dp_session_counters *sc = &c->ctr[s->down.session_index];

		sc->down_pkts++;
		sc->down_bytes += bytes;
	}
	c->st->fwd_down_pkts++;
}

/*
 * A DROP or PUNT dp_verdict: count and free, or punt with what the
 * control lcore needs to answer (the session, where its packet is;
 * proto: the family of a downstream packet as a PPP protocol).
 */
void dp_fwd_fail(struct dp_fwd_ctx *c, struct rte_mbuf *m, struct dp_verdict r,
		 int down, const struct dp_session *s,
		 const struct lns_l2tp_data *d, uint16_t proto);

/* Downstream IPv6 of s, core Ethernet header stripped (dp_fwd6.c). */
void dp_fwd_down6_one(struct dp_fwd_ctx *c, struct rte_mbuf *m,
		      const struct dp_session *s);

#endif /* LNS_DP_FWD_INL_H */
