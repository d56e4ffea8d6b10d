/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>

#include <rte_ether.h>
#include <rte_ip_frag.h>
#include <rte_prefetch.h>

#include "dp_decap.h"
#include "dp_encap.h"
#include "dp_fwd.h"
#include "dp_fwd_inl.h"
#include "dp_punt.h"
#include "dp_qos.h"
#include "dp_seq.h"
#include "dp_table.h"
#include "dp_worker.h"

/*
 * Next hop MAC of each port's IPv4 and IPv6 gateway (dp_nexthop_set(),
 * dp_nexthop6_set(): the control lcore's ARP and ND), one word each
 * (dp_fwd_inl.h).
 */
uint64_t dp_nexthop[CFG_MAX_PORTS];
uint64_t dp_nexthop6[CFG_MAX_PORTS];

/* Fragments of one packet: 9600-octet MRU cut to 576 is 18. */
#define DP_FRAG_MAX 32

void
dp_nexthop_set(uint16_t port, const struct rte_ether_addr *mac)
{
	if (port < CFG_MAX_PORTS)
		dp_nh_word_set(&dp_nexthop[port], mac);
}

void
dp_nexthop6_set(uint16_t port, const struct rte_ether_addr *mac)
{
	if (port < CFG_MAX_PORTS)
		dp_nh_word_set(&dp_nexthop6[port], mac);
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

int
dp_fwd_punt6_profile(struct rte_meter_srtcm_profile *p)
{
	struct rte_meter_srtcm_params pp = {
		.cir = DP_PUNT6_RATE,
		.cbs = DP_PUNT6_BURST,
		.ebs = 0,
	};

	return rte_meter_srtcm_profile_config(p, &pp);
}

void
dp_fwd_punt_one(struct dp_fwd_ctx *c, struct rte_mbuf *m,
		const struct dp_punt_meta *meta)
{
	if (unlikely(dp_punt_is_ipv6_ctl(meta->reason)) &&
	    !dp_fwd_punt6_admit(c)) {
		c->st->drop[DP_DROP_PUNT6_LIMIT]++;
		rte_pktmbuf_free(m);
		return;
	}
	c->st->punt[meta->reason]++;
	dp_punt_tag_meta(m, meta);
	if (likely(c->punt != NULL && rte_ring_mp_enqueue(c->punt, m) == 0))
		return;
	c->st->drop[DP_DROP_PUNT_FULL]++;
	rte_pktmbuf_free(m);
}

void
dp_fwd_fail(struct dp_fwd_ctx *c, struct rte_mbuf *m, struct dp_verdict r,
	    int down, const struct dp_session *s, const struct lns_l2tp_data *d,
	    uint16_t proto)
{
	if (r.kind == DP_VERDICT_PUNT) {
		struct dp_punt_meta meta = {
			.reason = r.reason,
			.down = down != 0,
			.mtu = r.mtu,
			.session_index = UINT32_MAX,
			.ppp_proto = proto,
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

/*
 * The last-key cache: runs of one key (consecutive packets of one
 * session) become one key in uk[]; map[i] is packet i's key in it.
 */
static inline unsigned int
dp_fwd_dedup(const uint32_t *keys, unsigned int n, uint32_t *uk, uint8_t *map)
{
	unsigned int i, nu = 0;

	uk[nu++] = keys[0];
	map[0] = 0;
	for (i = 1; i < n; i++) {
		if (keys[i] != uk[nu - 1])
			uk[nu++] = keys[i];
		map[i] = (uint8_t)(nu - 1);
	}
	return nu;
}

/*
 * This lcore's counter slot of a hit at index idx (written: fetched for
 * ownership) and, while any session has a rate (qst != NULL) and this
 * one may be rated on this path (rated), its QoS state and the entry's
 * line holding the rates.
 */
static inline void
dp_fwd_prefetch_state(const struct dp_fwd_ctx *c,
		      const struct dp_qos_state *qst,
		      const struct dp_session *s, uint32_t idx, int rated)
{
	if (c->ctr != NULL)
		rte_prefetch0_write(&c->ctr[idx]);
	if (qst != NULL && rated) {	/* the policer's state, the rates */
		rte_prefetch0_write(&qst[idx]);
		rte_prefetch0(&s->qos);
	}
}

/*
 * Downstream: a last-key cache (consecutive packets of one session cost
 * one key in the bulk call), then one stage: the directory slots hold
 * the entries and their indexes (dp_table.h), so line 1 of each entry
 * (all downstream reads, dp_session.h), this lcore's counter slots and,
 * while any session has a rate, the QoS states are all prefetched
 * together, with no sess[] load in between.
 */
static inline void
dp_fwd_lookup_down(struct dp_fwd_ctx *c, const uint32_t *ips, unsigned int n,
		   struct dp_session **out)
{
	const struct dp_qos_state *qst = dp_qos_prefetch_base(c);
	struct dp_session *us[DP_FWD_BURST];
	uint32_t uk[DP_FWD_BURST], ui[DP_FWD_BURST];
	uint8_t map[DP_FWD_BURST];
	unsigned int i, nu;

	if (n == 0)
		return;
	nu = dp_fwd_dedup(ips, n, uk, map);
	dp_table_down_entry_bulk(c->table, uk, nu, ui, us);
	for (i = 0; i < nu; i++) {
		if (us[i] == NULL || ui[i] >= c->table->max_sessions)
			continue;
		rte_prefetch0(&us[i]->down);
		/* Its flags are in the line just asked for: any may be. */
		dp_fwd_prefetch_state(c, qst, us[i], ui[i], 1);
	}
	for (i = 0; i < n; i++)
		out[i] = us[map[i]];
}

/*
 * Upstream: every packet's slot read with its copy of what upstream
 * checks (dp_table_up_view_bulk(), into uv[i]); the entries are fetched
 * only for what needs them (a policed session's rates, line 2, here;
 * line 0 for IPv6 and Framed route sources by the caller; punts not at
 * all), this lcore's counter slots always. No last-key cache here: a
 * slot read again is an L1 hit, and measured cheaper than the cache's
 * bookkeeping (docs/benchmarks.md).
 */
static inline void
dp_fwd_lookup_up(struct dp_fwd_ctx *c, const uint32_t *keys, unsigned int n,
		 struct dp_session **out, struct dp_sess_up *uv)
{
	const struct dp_qos_state *qst = dp_qos_prefetch_base(c);
	uint32_t ui[DP_FWD_BURST];
	unsigned int i;

	if (n == 0)
		return;
	dp_table_up_view_bulk(c->table, keys, n, ui, out, uv);
	for (i = 0; i < n; i++) {
		int rated = uv[i].flags & DP_SESS_QOS_UP;

		if (out[i] == NULL || ui[i] >= c->table->max_sessions) {
			out[i] = NULL;
			continue;
		}
		dp_fwd_prefetch_state(c, qst, out[i], ui[i], rated);
	}
}

/* A decapsulated packet of session idx leaves for the core: counted, sent. */
static inline void
dp_fwd_up_one(struct dp_fwd_ctx *c, struct rte_mbuf *m, uint32_t idx)
{
	if (likely(c->ctr != NULL)) {
		struct dp_session_counters *sc = &c->ctr[idx];

		sc->up_pkts++;
		sc->up_bytes += rte_pktmbuf_pkt_len(m) - m->l2_len;
	}
	c->st->fwd_up_pkts++;
	dp_fwd_tx(c, (uint16_t)c->core_port, m);
}

/*
 * The end of the upstream path for m of s (u: its slot's copy),
 * rewritten as r says: counted and sent to the core (through the
 * policer if s has one), or failed.
 */
static inline void
dp_fwd_up_done(struct dp_fwd_ctx *c, struct rte_mbuf *m,
	       const struct dp_session *s, const struct dp_sess_up *u,
	       const struct lns_l2tp_data *d, struct dp_verdict r)
{
	if (unlikely(r.kind != DP_VERDICT_OK)) {
		dp_fwd_fail(c, m, r, 0, s, d, 0);
		return;
	}
	dp_fwd_count_flags(c->st, r.flags);
	if (unlikely(u->flags & DP_SESS_QOS_UP) && c->qos != NULL) {
		dp_qos_up(c, m, s, u->session_index);
		return;
	}
	dp_fwd_up_one(c, m, u->session_index);
}

/*
 * Inner IPv6 of s: checked first (link-local punts reach the control
 * lcore whatever the core side's state), then rewritten towards the
 * IPv6 next hop, nh6 (NULL: unresolved, dropped). Not inlined: the IPv4
 * loop of dp_fwd_up_burst() stays as small as it was.
 */
static __rte_noinline void
dp_fwd_up6(struct dp_fwd_ctx *c, struct rte_mbuf *m,
	   const struct lns_l2tp_data *d, const struct dp_session *s,
	   const struct dp_sess_up *u, const struct port *core,
	   const struct rte_ether_addr *nh6)
{
	struct dp_verdict r = dp_decap_check6(m, d, u, s);

	if (likely(r.kind == DP_VERDICT_OK)) {
		if (unlikely(nh6 == NULL)) {
			dp_fwd_drop_one(c, m, DP_DROP_NO_NEXTHOP6);
			return;
		}
		r = dp_decap_rewrite6(m, d, u->mss, &core->mac, nh6,
				      core->vlan);
	}
	dp_fwd_up_done(c, m, s, u, d, r);
}

void
dp_fwd_up_burst(struct dp_fwd_ctx *c, struct rte_mbuf **pkts,
		const struct lns_l2tp_data *d, unsigned int n)
{
	struct dp_session *s[DP_FWD_BURST];
	struct dp_sess_up u[DP_FWD_BURST];
	uint32_t keys[DP_FWD_BURST];
	const struct port *core;
	struct rte_ether_addr nh, nh6;
	struct dp_verdict r;
	unsigned int i;
	int nh_ok, nh6_ok;

	if (n == 0)
		return;
	if (unlikely(c->table == NULL)) {
		for (i = 0; i < n; i++)
			dp_fwd_drop_one(c, pkts[i], DP_DROP_L2TP_NO_SESSION);
		return;
	}
	for (i = 0; i < n; i++)
		keys[i] = dp_table_up_key(d[i].tid, d[i].sid);
	dp_fwd_lookup_up(c, keys, n, s, u);
	/*
	 * The packets that check line 0 of the entry (IPv6: the /64; IPv4
	 * from another source than the subscriber's: the Framed routes)
	 * have it fetched now, with the burst's other misses.
	 */
	for (i = 0; i < n; i++)
		if (s[i] != NULL && (d[i].proto == LNS_PPP_PROTO_IPV6 ||
				     dp_decap_src4(pkts[i], &d[i]) != u[i].sub_ip))
			rte_prefetch0(s[i]);
	if (unlikely(c->core_port < 0)) {
		for (i = 0; i < n; i++)
			dp_fwd_drop_one(c, pkts[i], s[i] == NULL ?
				DP_DROP_L2TP_NO_SESSION : DP_DROP_NO_NEXTHOP);
		return;
	}
	/* Once per burst: either family goes without the other. */
	nh_ok = dp_nh_word_get(&dp_nexthop[c->core_port], &nh) == 0;
	nh6_ok = dp_nh_word_get(&dp_nexthop6[c->core_port], &nh6) == 0;
	core = &port_table[c->core_port];
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];

		if (unlikely(s[i] == NULL)) {
			dp_fwd_drop_one(c, m, DP_DROP_L2TP_NO_SESSION);
			continue;
		}
		if (unlikely(d[i].proto == LNS_PPP_PROTO_IPV6)) {
			dp_fwd_up6(c, m, &d[i], s[i], &u[i], core,
				   nh6_ok ? &nh6 : NULL);
			continue;
		}
		if (unlikely(!nh_ok)) {
			dp_fwd_drop_one(c, m, DP_DROP_NO_NEXTHOP);
			continue;
		}
		r = dp_decap_check4(m, &d[i], &u[i], s[i]);
		if (likely(r.kind == DP_VERDICT_OK))
			r = dp_decap_rewrite4(m, &d[i], u[i].mss, &core->mac,
					      &nh, core->vlan);
		dp_fwd_up_done(c, m, s[i], &u[i], &d[i], r);
	}
}

void
dp_fwd_up_send(struct dp_fwd_ctx *c, struct rte_mbuf *m, uint32_t idx)
{
	dp_fwd_up_one(c, m, idx);
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
		dp_fwd_down_count(c, s, rte_pktmbuf_pkt_len(m) - s->down.len);
		dp_fwd_down_tx(c, s, m);
	} else if (r.kind == DP_VERDICT_FRAGMENT) {
		dp_fwd_fragment(c, m, s, r.mtu);
	} else {
		/* Punts carry the frame as received (dp_punt.h). */
		m->data_off -= l2;
		m->data_len += l2;
		m->pkt_len += l2;
		dp_fwd_fail(c, m, r, 1, s, NULL, LNS_PPP_PROTO_IPV4);
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
	dp_fwd_lookup_down(c, ips, n, s);
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
		if (unlikely(s[i]->down.flags & DP_DOWN_F_QOS) && c->qos != NULL) {
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
	/* The shaper holds both families: the version nibble tells. */
	if (unlikely((*rte_pktmbuf_mtod(m, const uint8_t *) >> 4) == 6))
		dp_fwd_down6_one(c, m, s);
	else
		dp_fwd_down_one(c, m, s);
}
