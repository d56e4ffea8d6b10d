/* SPDX-License-Identifier: BSD-3-Clause */
#include <rte_ether.h>

#include "dp_decap.h"
#include "dp_encap.h"
#include "dp_fwd.h"
#include "dp_table.h"
#include "dp_worker.h"

uint64_t dp_nexthop[CFG_MAX_PORTS];
int dp_core_port = -1;

#define DP_NH_VALID (UINT64_C(1) << 63)

void
dp_nexthop_publish(uint16_t port, const uint8_t *mac)
{
	uint64_t v = 0;
	unsigned int i;

	if (port >= CFG_MAX_PORTS)
		return;
	if (mac != NULL) {
		for (i = 0; i < RTE_ETHER_ADDR_LEN; i++)
			v |= (uint64_t)mac[i] << (8 * i);
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

/* Punted or dropped by a dp_fwd_result: count, hand over or free. */
static int
dp_fwd_consume(struct dp_lcore_stats *st, struct rte_mbuf *m,
	       struct dp_fwd_result r)
{
	if (r.verdict == DP_FWD_PUNT) {
		st->punt[r.reason]++;
		m->hash.usr = r.reason;
		if (rte_ring_mp_enqueue(dp_punt_ring, m) == 0)
			return -1;
		st->drop[DP_DROP_PUNT_FULL]++;
	} else if (r.verdict == DP_FWD_DROP) {
		st->drop[r.reason]++;
	} else {
		/* FRAGMENT: rte_ip_frag comes with the MTU work. */
		st->drop[DP_DROP_NOT_FORWARDED]++;
	}
	rte_pktmbuf_free(m);
	return -1;
}

int
dp_fwd_up(struct dp_lcore_stats *st, struct dp_sess_ctr *ctr,
	  struct rte_mbuf *m)
{
	const struct dp_session *s;
	const struct port *core;
	struct rte_ether_addr nh;
	struct dp_l2tp_data d;
	struct dp_fwd_result r;

	r = dp_decap_parse(m, &d);
	if (unlikely(r.verdict != DP_FWD_OK))
		return dp_fwd_consume(st, m, r);
	s = dp_sess_table != NULL ?
		dp_table_lookup_up(dp_sess_table, dp_table_up_key(d.tid, d.sid)) :
		NULL;
	if (unlikely(s == NULL))
		return dp_fwd_consume(st, m, dp_fwd_drop(DP_DROP_L2TP_NO_SESSION));
	if (unlikely(dp_core_port < 0 || dp_nexthop_get(dp_core_port, &nh) != 0))
		return dp_fwd_consume(st, m, dp_fwd_drop(DP_DROP_NO_NEXTHOP));
	core = &port_table[dp_core_port];
	r = dp_decap(m, &d, s, &core->mac, &nh, core->vlan);
	if (unlikely(r.verdict != DP_FWD_OK))
		return dp_fwd_consume(st, m, r);
	if (likely(ctr != NULL)) {
		ctr[s->session_index].up_pkts++;
		ctr[s->session_index].up_bytes += rte_pktmbuf_pkt_len(m) -
						  m->l2_len;
	}
	return dp_core_port;
}

int
dp_fwd_down(struct dp_lcore_stats *st, struct dp_sess_ctr *ctr,
	    struct rte_mbuf *m, uint16_t *ip_id)
{
	const struct rte_ipv4_hdr *ip;
	const struct dp_session *s;
	struct dp_fwd_result r;

	ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, m->l2_len);
	s = dp_sess_table != NULL ?
		dp_table_lookup_down(dp_sess_table,
				     rte_be_to_cpu_32(ip->dst_addr)) : NULL;
	if (unlikely(s == NULL))
		return dp_fwd_consume(st, m, dp_fwd_drop(DP_DROP_NO_ROUTE));
	rte_pktmbuf_adj(m, m->l2_len);
	if (likely(ctr != NULL)) {
		ctr[s->session_index].down_pkts++;
		ctr[s->session_index].down_bytes += rte_pktmbuf_pkt_len(m);
	}
	r = dp_encap(m, s, (*ip_id)++, 0);
	if (unlikely(r.verdict != DP_FWD_OK))
		return dp_fwd_consume(st, m, r);
	return s->access_port;
}
