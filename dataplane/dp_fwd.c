/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>

#include <rte_ether.h>
#include <rte_ip_frag.h>
#include <rte_prefetch.h>

#include "dp_decap.h"
#include "dp_encap.h"
#include "dp_fwd.h"
#include "dp_punt.h"
#include "dp_qos.h"
#include "dp_seq.h"
#include "dp_table.h"
#include "dp_worker.h"

/*
 * Next hop MAC of each port's gateway (dp_nexthop_set(), the control
 * lcore's ARP): bit 63 = valid, bits 0..47 = MAC, one 64-bit atomic word
 * per port so a worker never sees half a MAC.
 */
static uint64_t dp_nexthop[CFG_MAX_PORTS];

#define DP_NH_VALID (UINT64_C(1) << 63)
/* Fragments of one packet: 9600-octet MRU cut to 576 is 18. */
#define DP_FRAG_MAX 32

void
dp_nexthop_set(uint16_t port, const struct rte_ether_addr *mac)
{
	uint64_t v = 0;
	unsigned int i;

	if (port >= CFG_MAX_PORTS)
		return;
	if (mac != NULL) {
		for (i = 0; i < RTE_ETHER_ADDR_LEN; i++)
			v |= (uint64_t)mac->addr_bytes[i] << (8 * i);
		v |= DP_NH_VALID;
	}
	__atomic_store_n(&dp_nexthop[port], v, __ATOMIC_RELEASE);
}

static inline int
dp_nexthop_get(uint16_t port, struct rte_ether_addr *mac)
{
	uint64_t v = __atomic_load_n(&dp_nexthop[port], __ATOMIC_ACQUIRE);
	unsigned int i;

	if (!(v & DP_NH_VALID))
		return -1;
	for (i = 0; i < RTE_ETHER_ADDR_LEN; i++)
		mac->addr_bytes[i] = (uint8_t)(v >> (8 * i));
	return 0;
}

struct rte_mempool *
dp_fwd_frag_pool(int socket, unsigned int n)
{
	char name[RTE_MEMPOOL_NAMESIZE];
	struct rte_mempool *mp;

	snprintf(name, sizeof(name), "lns_frag_ind_%d", socket);
	mp = rte_mempool_lookup(name);
	if (mp == NULL)	/* indirect mbufs: no data room */
		mp = rte_pktmbuf_pool_create(name, n, 256, 0, 0, socket);
	return mp;
}

void
dp_fwd_punt_one(const struct dp_fwd_ctx *c, struct rte_mbuf *m,
		const struct dp_punt_meta *meta)
{
	c->st->punt[meta->reason]++;
	dp_punt_tag_meta(m, meta);
	if (likely(c->punt != NULL && rte_ring_mp_enqueue(c->punt, m) == 0))
		return;
	c->st->drop[DP_DROP_PUNT_FULL]++;
	rte_pktmbuf_free(m);
}

/*
 * A DROP or PUNT dp_verdict: count and free, or punt with what the
 * control lcore needs to answer (the session, where its packet is).
 */
static void
dp_fwd_fail(struct dp_fwd_ctx *c, struct rte_mbuf *m, struct dp_verdict r,
	    int down, const struct dp_session *s, const struct lns_l2tp_data *d)
{
	if (r.kind == DP_VERDICT_PUNT) {
		struct dp_punt_meta meta = {
			.reason = r.reason,
			.down = down != 0,
			.mtu = r.mtu,
			.session_index = UINT32_MAX,
		};

		if (s != NULL) {
			meta.session_index = s->session_index;
			meta.local_tid = s->local_tid;
			meta.local_sid = s->local_sid;
		}

		if (d != NULL) {
			meta.inner_off = (uint16_t)dp_decap_inner_off(m, d);
			meta.inner_len = (uint16_t)dp_decap_inner_len(d);
			meta.ppp_proto = d->proto;
		}
		dp_fwd_punt_one(c, m, &meta);
		return;
	}
	c->st->drop[r.reason]++;
	rte_pktmbuf_free(m);
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

typedef unsigned int (*dp_fwd_bulk_t)(const struct dp_table *t,
	const uint32_t *keys, unsigned int n, uint32_t *idx);

/*
 * Bulk lookup with a last-key cache: consecutive packets of one session
 * (the common case on a tunnel) cost one key in the bulk call. Then, in
 * stages over the whole burst so the cache misses overlap: prefetch each
 * hit's entry pointer and this lcore's counter slot, load the pointers
 * and prefetch the entries' first line (and the template downstream);
 * while any live session has a rate, also its QoS state and the entry's
 * line holding the rates (dp_qos_prefetch_base()).
 */
static inline void
dp_fwd_lookup(struct dp_fwd_ctx *c, dp_fwd_bulk_t bulk, const uint32_t *keys,
	      unsigned int n, struct dp_session **out, int tmpl)
{
	const struct dp_table *t = c->table;
	struct dp_session *us[DP_FWD_BURST];
	const struct dp_qos_state *qst;
	uint32_t uk[DP_FWD_BURST], ui[DP_FWD_BURST];
	uint8_t map[DP_FWD_BURST];
	unsigned int i, nu = 0;

	if (n == 0)
		return;
	uk[nu++] = keys[0];
	map[0] = 0;
	for (i = 1; i < n; i++) {
		if (keys[i] != uk[nu - 1])
			uk[nu++] = keys[i];
		map[i] = (uint8_t)(nu - 1);
	}
	bulk(t, uk, nu, ui);
	qst = dp_qos_prefetch_base(c);
	for (i = 0; i < nu; i++) {
		if (ui[i] == DP_TABLE_NONE || ui[i] >= t->max_sessions)
			continue;
		rte_prefetch0(&t->sess[ui[i]]);
		if (c->ctr != NULL)	/* written: fetch it for ownership */
			rte_prefetch0_write(&c->ctr[ui[i]]);
		if (qst != NULL)	/* the policer's or shaper's state */
			rte_prefetch0_write(&qst[ui[i]]);
	}
	for (i = 0; i < nu; i++) {
		us[i] = ui[i] == DP_TABLE_NONE ? NULL : dp_table_get(t, ui[i]);
		if (us[i] == NULL)
			continue;
		rte_prefetch0(us[i]);
		if (tmpl)
			rte_prefetch0(us[i]->tmpl);
		if (qst != NULL)	/* the rates, the entry's last line */
			rte_prefetch0(&us[i]->qos);
	}
	for (i = 0; i < n; i++)
		out[i] = us[map[i]];
}

/* A decapsulated packet of s leaves for the core: counted, sent. */
static inline void
dp_fwd_up_one(struct dp_fwd_ctx *c, struct rte_mbuf *m,
	      const struct dp_session *s)
{
	if (likely(c->ctr != NULL)) {
		struct dp_session_counters *sc = &c->ctr[s->session_index];

		sc->up_pkts++;
		sc->up_bytes += rte_pktmbuf_pkt_len(m) - m->l2_len;
	}
	c->st->fwd_up_pkts++;
	dp_fwd_tx(c, (uint16_t)c->core_port, m);
}

void
dp_fwd_up_burst(struct dp_fwd_ctx *c, struct rte_mbuf **pkts,
		const struct lns_l2tp_data *d, unsigned int n)
{
	struct dp_session *s[DP_FWD_BURST];
	uint32_t keys[DP_FWD_BURST];
	const struct port *core;
	struct rte_ether_addr nh;
	struct dp_verdict r;
	unsigned int i;

	if (n == 0)
		return;
	if (unlikely(c->table == NULL)) {
		for (i = 0; i < n; i++)
			dp_fwd_drop_one(c, pkts[i], DP_DROP_L2TP_NO_SESSION);
		return;
	}
	for (i = 0; i < n; i++)
		keys[i] = dp_table_up_key(d[i].tid, d[i].sid);
	dp_fwd_lookup(c, dp_table_up_index_bulk, keys, n, s, 0);
	if (unlikely(c->core_port < 0 ||
		     dp_nexthop_get((uint16_t)c->core_port, &nh) != 0)) {
		for (i = 0; i < n; i++)
			dp_fwd_drop_one(c, pkts[i], s[i] == NULL ?
				DP_DROP_L2TP_NO_SESSION : DP_DROP_NO_NEXTHOP);
		return;
	}
	core = &port_table[c->core_port];
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];

		if (unlikely(s[i] == NULL)) {
			dp_fwd_drop_one(c, m, DP_DROP_L2TP_NO_SESSION);
			continue;
		}
		r = dp_decap(m, &d[i], s[i], &core->mac, &nh, core->vlan);
		if (unlikely(r.kind != DP_VERDICT_OK)) {
			dp_fwd_fail(c, m, r, 0, s[i], &d[i]);
			continue;
		}
		dp_fwd_count_flags(c->st, r.flags);
		if (unlikely(s[i]->flags & DP_SESS_QOS_UP) && c->qos != NULL) {
			dp_qos_up(c, m, s[i]);
			continue;
		}
		dp_fwd_up_one(c, m, s[i]);
	}
}

void
dp_fwd_up_send(struct dp_fwd_ctx *c, struct rte_mbuf *m,
	       const struct dp_session *s)
{
	dp_fwd_up_one(c, m, s);
}

/* Encapsulated m for s: Ns if sequenced, then send towards the LAC. */
static inline void
dp_fwd_down_tx(struct dp_fwd_ctx *c, const struct dp_session *s,
	       struct rte_mbuf *m)
{
	c->ip_id++;
	if (unlikely(s->tmpl_ns_off != 0))
		lns_store16(rte_pktmbuf_mtod_offset(m, uint8_t *, s->tmpl_ns_off),
			    rte_cpu_to_be_16(dp_seq_next(c->seq, s->session_index)));
	dp_fwd_tx(c, s->access_port, m);
}

static inline void
dp_fwd_down_count(struct dp_fwd_ctx *c, const struct dp_session *s,
		  uint32_t bytes)
{
	if (likely(c->ctr != NULL)) {
		struct dp_session_counters *sc = &c->ctr[s->session_index];

		sc->down_pkts++;
		sc->down_bytes += bytes;
	}
	c->st->fwd_down_pkts++;
}

/*
 * IPv4 longer than the session MRU, DF clear (RFC 791, RFC 1812 §5.2.6):
 * split into fragments of at most mtu octets (header mbufs from m's pool,
 * the payload referenced through indirect mbufs), fix each fragment's
 * header checksum (the library leaves it 0) and encap each.
 */
static void
dp_fwd_fragment(struct dp_fwd_ctx *c, struct rte_mbuf *m,
		const struct dp_session *s, uint16_t mtu)
{
	struct rte_mbuf *frags[DP_FRAG_MAX];
	struct rte_ipv4_hdr *ih = rte_pktmbuf_mtod(m, struct rte_ipv4_hdr *);
	uint32_t tot = rte_be_to_cpu_16(ih->total_length);
	struct dp_verdict r;
	int nf, j;

	if (unlikely(c->frag_indirect == NULL || !dp_trim_ok(m, tot))) {
		dp_fwd_drop_one(c, m, DP_DROP_FRAG_FAILED);
		return;
	}
	dp_trim_to(m, tot);
	/*
	 * Clamp a SYN's MSS before cutting: in the first fragment the TCP
	 * header lands in an indirect payload mbuf, where dp_encap() cannot
	 * see it.
	 */
	if (s->mss != 0 && ih->next_proto_id == IPPROTO_TCP &&
	    !(ih->fragment_offset & rte_cpu_to_be_16(RTE_IPV4_HDR_OFFSET_MASK))) {
		uint32_t ihl = (uint32_t)(ih->version_ihl & 0xf) * 4;

		dp_fwd_count_flags(c->st, dp_mss_flags(dp_mss_clamp(
			(struct rte_tcp_hdr *)((uint8_t *)ih + ihl),
			RTE_MIN((uint32_t)rte_pktmbuf_data_len(m), tot) - ihl,
			s->mss)));
	}
	nf = rte_ipv4_fragment_packet(m, frags, DP_FRAG_MAX, mtu, m->pool,
				      c->frag_indirect);
	rte_pktmbuf_free(m);	/* the fragments hold their own references */
	if (unlikely(nf <= 0)) {
		c->st->drop[DP_DROP_FRAG_FAILED]++;
		return;
	}
	dp_fwd_down_count(c, s, tot);
	c->st->frag_pkts++;
	for (j = 0; j < nf; j++) {
		struct rte_mbuf *f = frags[j];

		ih = rte_pktmbuf_mtod(f, struct rte_ipv4_hdr *);
		ih->hdr_checksum = 0;
		ih->hdr_checksum = rte_ipv4_cksum(ih);
		f->ol_flags = 0;
		r = dp_encap(f, s, c->ip_id, 0);
		if (unlikely(r.kind != DP_VERDICT_OK)) {
			c->st->drop[r.kind == DP_VERDICT_DROP ? r.reason :
				    DP_DROP_FRAG_FAILED]++;
			rte_pktmbuf_free(f);
			continue;
		}
		c->st->frag_out++;
		dp_fwd_down_tx(c, s, f);
	}
}

/*
 * The inner packet m of s (core Ethernet header of m->l2_len octets
 * stripped) into its tunnel: encapsulated, or fragmented, and sent; or
 * punted as received, or dropped.
 */
static inline void
dp_fwd_down_one(struct dp_fwd_ctx *c, struct rte_mbuf *m,
		const struct dp_session *s)
{
	uint16_t l2 = m->l2_len;
	struct dp_verdict r;

	r = dp_encap(m, s, c->ip_id, 0);
	if (likely(r.kind == DP_VERDICT_OK)) {
		dp_fwd_count_flags(c->st, r.flags);
		dp_fwd_down_count(c, s, rte_pktmbuf_pkt_len(m) - s->tmpl_len);
		dp_fwd_down_tx(c, s, m);
	} else if (r.kind == DP_VERDICT_FRAGMENT) {
		dp_fwd_fragment(c, m, s, r.mtu);
	} else {
		/* Punts carry the frame as received (dp_punt.h). */
		m->data_off -= l2;
		m->data_len += l2;
		m->pkt_len += l2;
		dp_fwd_fail(c, m, r, 1, s, NULL);
	}
}

void
dp_fwd_down_burst(struct dp_fwd_ctx *c, struct rte_mbuf **pkts, unsigned int n)
{
	struct dp_session *s[DP_FWD_BURST];
	uint32_t ips[DP_FWD_BURST];
	unsigned int i;

	if (n == 0)
		return;
	if (unlikely(c->table == NULL)) {
		for (i = 0; i < n; i++)
			dp_fwd_drop_one(c, pkts[i], DP_DROP_NO_ROUTE);
		return;
	}
	for (i = 0; i < n; i++) {
		const struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(
			pkts[i], const struct rte_ipv4_hdr *, pkts[i]->l2_len);

		ips[i] = rte_be_to_cpu_32(ip->dst_addr);
	}
	dp_fwd_lookup(c, dp_table_down_index_bulk, ips, n, s, 1);
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		uint16_t l2 = m->l2_len;

		if (unlikely(s[i] == NULL)) {
			dp_fwd_drop_one(c, m, DP_DROP_NO_ROUTE);
			continue;
		}
		/* rte_pktmbuf_adj() without its NULL path (l2 is in seg 1). */
		m->data_off += l2;
		m->data_len -= l2;
		m->pkt_len -= l2;
		if (unlikely(s[i]->flags & DP_SESS_QOS_DOWN) && c->qos != NULL) {
			dp_qos_down(c, m, s[i]);
			continue;
		}
		dp_fwd_down_one(c, m, s[i]);
	}
}

void
dp_fwd_down_send(struct dp_fwd_ctx *c, struct rte_mbuf *m,
		 const struct dp_session *s)
{
	dp_fwd_down_one(c, m, s);
}
