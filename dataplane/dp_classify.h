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

#include "dp_stats.h"
#include "port.h"

#define DP_L2TP_PORT 1701
#define DP_L2TP_T_BIT 0x80	/* first header octet: T (control) bit */
#define DP_PPP_IPV4 0x0021
#define DP_PPP_IPV6 0x0057

enum dp_verdict {
	DP_VERDICT_DROP,
	DP_VERDICT_PUNT,
	DP_VERDICT_UP,		/* IP in an L2TP data message: decap, forward */
	DP_VERDICT_DOWN,	/* IPv4 to a subscriber (core port): encap */
};

struct dp_result {
	enum dp_verdict verdict;
	uint8_t reason;			/* dp_drop_reason or dp_punt_reason */
};

static inline struct dp_result
dp_drop(enum dp_drop_reason r)
{
	return (struct dp_result){ DP_VERDICT_DROP, (uint8_t)r };
}

static inline struct dp_result
dp_punt(enum dp_punt_reason r)
{
	return (struct dp_result){ DP_VERDICT_PUNT, (uint8_t)r };
}

/*
 * An L2TP data message (RFC 2661 §3.1: optional Length, Ns/Nr and Offset)
 * carrying PPP (RFC 1661 §2: optional FF 03, 1- or 2-octet protocol).
 * IP goes to the session fast path; every other protocol (LCP, auth,
 * NCPs) is punted to the control lcore, which owns PPP negotiation.
 */
static inline struct dp_result
dp_classify_ppp(const uint8_t *p, uint32_t len)
{
	uint32_t off = 6;		/* flags, tunnel ID, session ID */
	uint16_t proto;

	if (p[0] & 0x40)		/* L: Length field */
		off += 2;
	if (p[0] & 0x08)		/* S: Ns, Nr */
		off += 4;
	if (p[0] & 0x02) {		/* O: Offset Size, then padding */
		if (len < off + 2)
			return dp_drop(DP_DROP_TRUNC_L2TP);
		off += 2 + ((uint32_t)p[off] << 8 | p[off + 1]);
	}
	if (len < off + 2)
		return dp_drop(DP_DROP_TRUNC_L2TP);
	if (p[off] == 0xff && p[off + 1] == 0x03)
		off += 2;
	if (len < off + 1)
		return dp_drop(DP_DROP_TRUNC_L2TP);
	if (p[off] & 1) {		/* compressed protocol field (PFC) */
		proto = p[off];
	} else {
		if (len < off + 2)
			return dp_drop(DP_DROP_TRUNC_L2TP);
		proto = (uint16_t)(p[off] << 8 | p[off + 1]);
	}
	if (proto == DP_PPP_IPV4 || proto == DP_PPP_IPV6)
		return (struct dp_result){ DP_VERDICT_UP, 0 };
	return dp_punt(DP_PUNT_PPP_CTRL);
}

/*
 * UDP to one of our addresses: L2TP (RFC 2661 §3.1) on port 1701. Control
 * messages (T bit) go to the control lcore. Outer fragments are not
 * reassembled: LACs are expected to fit tunnel packets in the path MTU
 * (lnsd will size the PPP MRU for that), so a fragment is a counted drop.
 */
static inline struct dp_result
dp_classify_udp(const struct rte_mbuf *m, const struct rte_ipv4_hdr *ip,
		uint16_t l4)
{
	const struct rte_udp_hdr *udp;
	const uint8_t *l2tp;

	if (unlikely(ip->fragment_offset & rte_cpu_to_be_16(
			RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)))
		return dp_drop(DP_DROP_OUTER_FRAG);
	if (unlikely(rte_pktmbuf_data_len(m) < l4 + sizeof(*udp) + 2))
		return dp_drop(DP_DROP_TRUNC_UDP);
	udp = rte_pktmbuf_mtod_offset(m, const struct rte_udp_hdr *, l4);
	if (udp->dst_port != rte_cpu_to_be_16(DP_L2TP_PORT))
		return dp_drop(DP_DROP_LOCAL_PROTO);
	l2tp = (const uint8_t *)(udp + 1);
	if (l2tp[0] & DP_L2TP_T_BIT)
		return dp_punt(DP_PUNT_L2TP_CTRL);
	return dp_classify_ppp(l2tp, rte_pktmbuf_data_len(m) - l4 - sizeof(*udp));
}

/*
 * Classify m received on p. On return m->l2_len (and m->l3_len for IPv4)
 * are set. m may be replaced when a stripped VLAN tag is put back inline.
 */
static inline struct dp_result
dp_classify(const struct port *p, struct rte_mbuf **mp)
{
	struct rte_mbuf *m = *mp;
	const struct rte_ether_hdr *eth;
	const struct rte_ipv4_hdr *ip;
	uint16_t type, l2 = sizeof(*eth), ihl, tot;

	/* Keep one representation: tags inline, whatever the PMD did. */
	if (unlikely(m->ol_flags & RTE_MBUF_F_RX_VLAN_STRIPPED)) {
		if (rte_vlan_insert(mp) != 0)
			return dp_drop(DP_DROP_VLAN_MISMATCH);
		m = *mp;
	}
	if (unlikely(rte_pktmbuf_data_len(m) < sizeof(*eth)))
		return dp_drop(DP_DROP_TRUNC_ETH);
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	type = eth->ether_type;
	if (type == rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN)) {
		const struct rte_vlan_hdr *vh = (const void *)(eth + 1);

		l2 += sizeof(*vh);
		if (unlikely(rte_pktmbuf_data_len(m) < l2))
			return dp_drop(DP_DROP_TRUNC_ETH);
		if (unlikely((rte_be_to_cpu_16(vh->vlan_tci) & 0xfff) != p->vlan))
			return dp_drop(DP_DROP_VLAN_MISMATCH);
		type = vh->eth_proto;
	} else if (unlikely(p->vlan != 0)) {
		return dp_drop(DP_DROP_VLAN_MISMATCH);
	}
	m->l2_len = l2;

	if (type == rte_cpu_to_be_16(RTE_ETHER_TYPE_ARP))
		return dp_punt(DP_PUNT_ARP);
	if (unlikely(type != rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4)))
		return dp_drop(DP_DROP_ETHERTYPE);

	if (unlikely(rte_pktmbuf_data_len(m) < l2 + sizeof(*ip)))
		return dp_drop(DP_DROP_TRUNC_IP);
	ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, l2);
	ihl = (ip->version_ihl & 0xf) * 4;
	tot = rte_be_to_cpu_16(ip->total_length);
	if (unlikely((ip->version_ihl >> 4) != 4 || ihl < sizeof(*ip) ||
		     tot < ihl || rte_pktmbuf_data_len(m) < l2 + ihl))
		return dp_drop(DP_DROP_BAD_IP);
	if (unlikely(rte_pktmbuf_pkt_len(m) < (uint32_t)l2 + tot))
		return dp_drop(DP_DROP_TRUNC_IP);
	m->l3_len = ihl;

	if (ip->dst_addr == p->ip) {
		if (ip->next_proto_id == IPPROTO_ICMP)
			return dp_punt(DP_PUNT_ICMP_LOCAL);
		if (ip->next_proto_id == IPPROTO_UDP)
			return dp_classify_udp(m, ip, l2 + ihl);
		return dp_drop(DP_DROP_LOCAL_PROTO);
	}
	/* Not for us: towards a subscriber if it came from the core side. */
	if (p->cfg != NULL && p->cfg->role == CFG_PORT_CORE)
		return (struct dp_result){ DP_VERDICT_DOWN, 0 };
	return dp_drop(DP_DROP_NO_ROUTE);
}

#endif /* LNS_DP_CLASSIFY_H */
