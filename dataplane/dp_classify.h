/* SPDX-License-Identifier: BSD-3-Clause
 *
 * First look at a received frame: L2 checks (802.1Q tag against the
 * port's VLAN) and the decision to punt it to the control lcore, drop it,
 * or (later) process it in the worker. Headers must sit in the first
 * segment; a frame whose headers do not is counted as truncated.
 * A punted mbuf carries its dp_punt_reason in m->hash.usr for the control
 * lcore (the RSS hash is not needed past this point).
 */
#ifndef LNS_DP_CLASSIFY_H
#define LNS_DP_CLASSIFY_H

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_udp.h>

#include "dp_classify6.h"
#include "dp_stats.h"
#include "dp_verdict.h"
#include "lns_l2tp_wire.h"
#include "port.h"

/*
 * An L2TP message (RFC 2661 §3.1) in the UDP datagram at frame offset l4
 * of m, the outer IPv4 packet ending at frame offset end. The UDP header
 * and the first two L2TP octets are in the first segment (the caller
 * checked). Control messages (T bit) go to the control lcore as they
 * are. A data message is parsed here, once, by the common parser
 * (lns_l2tp_data_parse(): optional Length, Ns/Nr, Offset; PPP with or
 * without FF 03, 1- or 2-octet protocol) into *d, which the worker keeps
 * for dp_decap(): IP goes UP, every other PPP protocol (LCP, auth, NCPs)
 * is punted to the control lcore, which owns PPP negotiation. The
 * message ends at the UDP length, or at the L2TP Length (L bit); the
 * headers must sit in the first segment, the inner payload need not.
 */
static inline struct dp_verdict
dp_classify_l2tp(const struct rte_mbuf *m, uint32_t l4, uint32_t end,
		 struct lns_l2tp_data *d)
{
	const struct rte_udp_hdr *udp;
	const uint8_t *p;
	uint32_t base = l4 + sizeof(*udp), ulen;
	enum lns_l2tp_parse_err e;

	udp = rte_pktmbuf_mtod_offset(m, const struct rte_udp_hdr *, l4);
	p = (const uint8_t *)(udp + 1);
	if (lns_get_be16(p) & LNS_L2TP_T)
		return dp_verdict_punt(DP_PUNT_L2TP_CTRL, 0);
	ulen = rte_be_to_cpu_16(udp->dgram_len);
	if (unlikely(ulen < sizeof(*udp) || l4 + ulen > end))
		return dp_verdict_drop(DP_DROP_TRUNC_UDP);
	e = lns_l2tp_data_parse(p, rte_pktmbuf_data_len(m) - base,
				ulen - (uint32_t)sizeof(*udp), d);
	if (unlikely(e != LNS_L2TP_OK))
		return dp_verdict_drop(e == LNS_L2TP_EVERSION ?
				       DP_DROP_L2TP_VERSION :
				       DP_DROP_TRUNC_L2TP);
	if (likely(d->proto == LNS_PPP_PROTO_IPV4 ||
		   d->proto == LNS_PPP_PROTO_IPV6))
		return dp_verdict_up();
	return dp_verdict_punt(DP_PUNT_PPP_CTRL, 0);
}

/*
 * UDP to one of our addresses: L2TP (RFC 2661 §3.1) on port 1701. Outer
 * fragments are not reassembled: LACs are expected to fit tunnel packets
 * in the path MTU (lnsd will size the PPP MRU for that), so a fragment is
 * a counted drop.
 */
static inline struct dp_verdict
dp_classify_udp(const struct rte_mbuf *m, const struct rte_ipv4_hdr *ip,
		uint16_t l4, uint32_t end, struct lns_l2tp_data *d)
{
	const struct rte_udp_hdr *udp;

	if (unlikely(ip->fragment_offset & rte_cpu_to_be_16(
			RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)))
		return dp_verdict_drop(DP_DROP_OUTER_FRAG);
	if (unlikely(rte_pktmbuf_data_len(m) < l4 + sizeof(*udp) + 2))
		return dp_verdict_drop(DP_DROP_TRUNC_UDP);
	udp = rte_pktmbuf_mtod_offset(m, const struct rte_udp_hdr *, l4);
	if (udp->dst_port != rte_cpu_to_be_16(LNS_L2TP_PORT))
		return dp_verdict_drop(DP_DROP_LOCAL_PROTO);
	return dp_classify_l2tp(m, l4, end, d);
}

/*
 * Classify m received on p. On return m->l2_len (and m->l3_len for IPv4
 * and IPv6) are set; core-side IPv6 is dp_classify6.h's; on UP, *d
 * holds the parsed L2TP/PPP headers (dp_decap.h).
 * m may be replaced when a stripped VLAN tag is put back inline.
 */
static inline struct dp_verdict
dp_classify(const struct port *p, struct rte_mbuf **mp,
	    struct lns_l2tp_data *d)
{
	struct rte_mbuf *m = *mp;
	const struct rte_ether_hdr *eth;
	const struct rte_ipv4_hdr *ip;
	uint16_t type, l2 = sizeof(*eth), ihl, tot;

	/* Keep one representation: tags inline, whatever the PMD did. */
	if (unlikely(m->ol_flags & RTE_MBUF_F_RX_VLAN_STRIPPED)) {
		if (rte_vlan_insert(mp) != 0)
			return dp_verdict_drop(DP_DROP_VLAN_MISMATCH);
		m = *mp;
	}
	if (unlikely(rte_pktmbuf_data_len(m) < sizeof(*eth)))
		return dp_verdict_drop(DP_DROP_TRUNC_ETH);
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	type = eth->ether_type;
	if (type == rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN)) {
		const struct rte_vlan_hdr *vh = (const void *)(eth + 1);

		l2 += sizeof(*vh);
		if (unlikely(rte_pktmbuf_data_len(m) < l2))
			return dp_verdict_drop(DP_DROP_TRUNC_ETH);
		if (unlikely((rte_be_to_cpu_16(vh->vlan_tci) & 0xfff) != p->vlan))
			return dp_verdict_drop(DP_DROP_VLAN_MISMATCH);
		type = vh->eth_proto;
	} else if (unlikely(p->vlan != 0)) {
		return dp_verdict_drop(DP_DROP_VLAN_MISMATCH);
	}
	m->l2_len = l2;

	if (type == rte_cpu_to_be_16(RTE_ETHER_TYPE_ARP))
		return dp_verdict_punt(DP_PUNT_ARP, 0);
	if (unlikely(type != rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4))) {
		if (type == rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV6))
			return dp_classify_ipv6(p, m, l2);
		return dp_verdict_drop(DP_DROP_ETHERTYPE);
	}

	if (unlikely(rte_pktmbuf_data_len(m) < l2 + sizeof(*ip)))
		return dp_verdict_drop(DP_DROP_TRUNC_IP);
	ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, l2);
	ihl = (ip->version_ihl & 0xf) * 4;
	tot = rte_be_to_cpu_16(ip->total_length);
	if (unlikely((ip->version_ihl >> 4) != 4 || ihl < sizeof(*ip) ||
		     tot < ihl || rte_pktmbuf_data_len(m) < l2 + ihl))
		return dp_verdict_drop(DP_DROP_BAD_IP);
	if (unlikely(rte_pktmbuf_pkt_len(m) < (uint32_t)l2 + tot))
		return dp_verdict_drop(DP_DROP_TRUNC_IP);
	m->l3_len = ihl;

	if (ip->dst_addr == p->ip) {
		if (ip->next_proto_id == IPPROTO_ICMP)
			return dp_verdict_punt(DP_PUNT_ICMP_LOCAL, 0);
		if (ip->next_proto_id == IPPROTO_UDP)
			return dp_classify_udp(m, ip, l2 + ihl,
					       (uint32_t)l2 + tot, d);
		return dp_verdict_drop(DP_DROP_LOCAL_PROTO);
	}
	/* Not for us: towards a subscriber if it came from the core side. */
	if (p->cfg != NULL && p->cfg->role == CFG_PORT_CORE)
		return dp_verdict_down();
	return dp_verdict_drop(DP_DROP_NO_ROUTE);
}

#endif /* LNS_DP_CLASSIFY_H */
