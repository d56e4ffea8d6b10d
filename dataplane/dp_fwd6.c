/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Downstream IPv6 (core -> access), beside dp_fwd.c's IPv4: one bulk
 * lookup of the burst's destinations in the IPv6 FIB (dp_table6.h),
 * staged prefetches, then per packet: our own address -> punt
 * (ipv6_local), no route -> drop (no_route_ipv6), else the shaper if the
 * session has one and dp_encap6() (hop limit, Packet Too Big punt, MSS
 * clamp) into the session's tunnel. No last-key cache: comparing 16-octet
 * keys costs about what the TRIE saves on a repeat.
 */
#include <string.h>

#include <rte_ip.h>

#include "dp_encap.h"
#include "dp_fwd.h"
#include "dp_fwd_inl.h"
#include "dp_qos.h"
#include "dp_table6.h"

void
dp_fwd_down6_one(struct dp_fwd_ctx *c, struct rte_mbuf *m,
		 const struct dp_session *s)
{
	uint16_t l2 = m->l2_len;
	struct dp_verdict r;

	r = dp_encap6(m, s, c->ip_id, 0);
	if (likely(r.kind == DP_VERDICT_OK)) {
		dp_fwd_count_flags(c->st, r.flags);
		dp_fwd_down_count(c, s, rte_pktmbuf_pkt_len(m) - s->down.len);
		dp_fwd_down_tx(c, s, m);
		return;
	}
	/* Never FRAGMENT (RFC 8200 §5). Punts carry the frame as received. */
	m->data_off -= l2;
	m->data_len += l2;
	m->pkt_len += l2;
	dp_fwd_fail(c, m, r, 1, s, NULL, LNS_PPP_PROTO_IPV6);
}

void
dp_fwd_down6_burst(struct dp_fwd_ctx *c, struct rte_mbuf **pkts,
		   unsigned int n)
{
	struct dp_session *s[DP_FWD_BURST];
	uint8_t ips[DP_FWD_BURST][16];
	uint32_t idx[DP_FWD_BURST];
	unsigned int i;

	if (n == 0)
		return;
	if (unlikely(c->table == NULL)) {
		for (i = 0; i < n; i++)
			dp_fwd_drop_one(c, pkts[i], DP_DROP_NO_ROUTE6);
		return;
	}
	for (i = 0; i < n; i++) {
		const struct rte_ipv6_hdr *h6 = rte_pktmbuf_mtod_offset(
			pkts[i], const struct rte_ipv6_hdr *, pkts[i]->l2_len);

		memcpy(ips[i], h6->dst_addr, 16);
	}
	dp_table_down6_index_bulk(c->table, (const uint8_t (*)[16])ips, n, idx);
	dp_fwd_resolve(c, idx, n, s, 1);
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		uint16_t l2 = m->l2_len;

		if (unlikely(idx[i] == DP_TABLE_LOCAL)) {
			dp_fwd_fail(c, m, dp_verdict_punt(DP_PUNT_IPV6_LOCAL, 0),
				    1, NULL, NULL, LNS_PPP_PROTO_IPV6);
			continue;
		}
		if (unlikely(s[i] == NULL)) {
			dp_fwd_drop_one(c, m, DP_DROP_NO_ROUTE6);
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
		dp_fwd_down6_one(c, m, s[i]);
	}
}
