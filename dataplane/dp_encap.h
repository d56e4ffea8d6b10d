/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Downstream (core -> access) per-packet work: an inner IPv4 packet
 * (dp_encap) or IPv6 packet (dp_encap6) - the core-side Ethernet header
 * already stripped, the session found by the FIB - goes into the
 * session's tunnel behind its precomputed outer header template
 * (dp_session.h).
 *
 * The inner IP header must sit in the first segment (and the TCP header, for
 * MSS clamping); the payload may span segments. On DROP, PUNT and
 * FRAGMENT the mbuf is untouched. No EAL, no allocation, no logging.
 */
#ifndef LNS_DP_ENCAP_H
#define LNS_DP_ENCAP_H

#include <stdint.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_memcpy.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "dp_decap.h"	/* dp_mss_flags() */
#include "dp_session.h"
#include "dp_verdict.h"
#include "lns_bytes.h"
#include "lns_cksum.h"
#include "lns_ppp_wire.h"

/*
 * Put d's outer headers in front of the tot octets of inner packet at the
 * data start of m (headroom checked by the caller) and fill in the
 * per-packet fields: the template, then Ns and Nr (DP_DOWN_F_SEQ), then
 * the PPP header. The IPv4 total length and ID are added to the
 * template's checksum, precomputed for zeros: RFC 1624 eqn. 3 with m = 0
 * for both words is ~(~HC + m'1 + m'2).
 */
static inline void
dp_encap_prepend(struct rte_mbuf *m, const struct dp_sess_down *d,
		 uint32_t tot, uint16_t ip_id, uint16_t ns, uint16_t ppp_proto)
{
	uint32_t l2 = dp_down_l2_len(d), hl = dp_down_hdr_len(d);
	struct rte_ipv4_hdr *oip;
	struct rte_udp_hdr *udp;
	uint32_t olen, sum;
	uint8_t *hdr, *p;

	/* rte_pktmbuf_prepend() without its NULL path (headroom checked). */
	m->data_off -= d->len;
	m->data_len += d->len;
	m->pkt_len += d->len;
	hdr = rte_pktmbuf_mtod(m, uint8_t *);
	rte_memcpy(hdr, d->tmpl, hl);
	p = hdr + hl;
	if (d->flags & DP_DOWN_F_SEQ) {
		/* Nr is reserved in data messages (RFC 2661 §3.1): 0. */
		lns_store16(p, rte_cpu_to_be_16(ns));
		lns_store16(p + 2, 0);
		p += LNS_L2TP_DATA_HDR_SEQ_LEN - LNS_L2TP_DATA_HDR_LEN;
	}
	p[0] = LNS_PPP_ADDR;
	p[1] = LNS_PPP_CTRL;
	lns_store16(p + 2, rte_cpu_to_be_16(ppp_proto));
	oip = (struct rte_ipv4_hdr *)(hdr + l2);
	olen = d->len - l2 + tot;
	oip->total_length = rte_cpu_to_be_16((uint16_t)olen);
	oip->packet_id = rte_cpu_to_be_16(ip_id);
	sum = (uint32_t)(uint16_t)~oip->hdr_checksum + oip->total_length +
	      oip->packet_id;
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	oip->hdr_checksum = (uint16_t)~sum;
	udp = (struct rte_udp_hdr *)(oip + 1);
	udp->dgram_len = rte_cpu_to_be_16((uint16_t)(olen - sizeof(*oip)));
	m->l2_len = l2;
	m->l3_len = sizeof(*oip);
}

/*
 * Encapsulate m for s. ip_id is the outer IPv4 Identification, taken by
 * the caller from its per-lcore counter; ns the L2TP Ns (RFC 2661 §3.1),
 * used only when the session has DP_SESS_F_SEQ (the caller owns that
 * per-session sequence state).
 *
 * Verdicts, in order of the checks:
 *  DROP bad_inner_ipv4[_checksum]   version, IHL, total length, checksum
 *                                   (skipped when the NIC marked it good)
 *  PUNT ttl_expired     TTL <= 1: the control lcore sends ICMP Time
 *                       Exceeded (RFC 1812 §5.3.1)
 *  PUNT icmp_frag_needed  longer than the MRU with DF set: ICMP
 *                       Destination Unreachable, Fragmentation Needed
 *                       with Next-Hop MTU = .mtu (RFC 1191 §4)
 *  FRAGMENT             longer than the MRU, DF clear: the caller splits
 *                       it to .mtu (rte_ipv4_fragment_packet), sets each
 *                       fragment's header checksum (the library leaves 0)
 *                       and calls dp_encap() on every fragment
 *  DROP no_headroom     fewer than s->down.len octets of headroom
 *  DROP inner_trailer_multiseg  padding past the IPv4 length not in the
 *                       last segment
 *  OK                   done: TTL decremented, MSS clamped (s->down.mss),
 *                       outer headers in front, m->l2_len/l3_len set for
 *                       TX offloads (outer Ethernet[/VLAN], outer IPv4).
 *
 * The outer UDP checksum is 0, "no checksum", which RFC 768 allows over
 * IPv4.
 */
static inline struct dp_verdict
dp_encap(struct rte_mbuf *m, const struct dp_session *s, uint16_t ip_id,
	 uint16_t ns)
{
	const struct dp_sess_down *d = &s->down;
	struct rte_ipv4_hdr *ih = rte_pktmbuf_mtod(m, struct rte_ipv4_hdr *);
	uint32_t ihl, tot;
	uint8_t flags = 0;
	unsigned int r;

	r = dp_inner_ipv4_check(ih, rte_pktmbuf_data_len(m),
				rte_pktmbuf_pkt_len(m),
				(m->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK) ==
				RTE_MBUF_F_RX_IP_CKSUM_GOOD);
	if (unlikely(r != 0))
		return dp_verdict_drop((enum dp_drop_reason)(r - 1));
	if (unlikely(ih->time_to_live <= 1))
		return dp_verdict_punt(DP_PUNT_TTL_EXPIRED, 0);
	tot = rte_be_to_cpu_16(ih->total_length);
	if (unlikely(tot > d->mru)) {
		if (ih->fragment_offset & rte_cpu_to_be_16(RTE_IPV4_HDR_DF_FLAG))
			return dp_verdict_punt(DP_PUNT_FRAG_NEEDED, d->mru);
		return dp_verdict_fragment(d->mru);
	}
	if (unlikely(rte_pktmbuf_headroom(m) < d->len))
		return dp_verdict_drop(DP_DROP_NO_HEADROOM);
	if (unlikely(!dp_trim_ok(m, tot)))
		return dp_verdict_drop(DP_DROP_INNER_TRAILER);
	dp_trim_to(m, tot);

	ihl = (uint32_t)(ih->version_ihl & 0xf) * 4;
	if (d->mss != 0 && ih->next_proto_id == IPPROTO_TCP &&
	    !(ih->fragment_offset & rte_cpu_to_be_16(RTE_IPV4_HDR_OFFSET_MASK)))
		flags = dp_mss_flags(dp_mss_clamp(
			(struct rte_tcp_hdr *)((uint8_t *)ih + ihl),
			RTE_MIN((uint32_t)rte_pktmbuf_data_len(m), tot) - ihl,
			d->mss));
	lns_ipv4_ttl_dec((uint8_t *)ih);
	dp_encap_prepend(m, d, tot, ip_id, ns, LNS_PPP_PROTO_IPV4);
	return dp_verdict_ok(flags);
}

/*
 * The same for an inner IPv6 packet (PPP protocol 0x0057, RFC 5072), for
 * sessions with IPv6CP open. IPv6 routers never fragment (RFC 8200 §5):
 * anything longer than the MRU is punted as DP_PUNT_FRAG_NEEDED with
 * .mtu for an ICMPv6 Packet Too Big (RFC 4443 §3.2); a hop limit <= 1 as
 * DP_PUNT_TTL_EXPIRED (RFC 4443 §3.3). No header checksum to fix; MSS
 * clamping only when TCP directly follows the fixed header.
 */
static inline struct dp_verdict
dp_encap6(struct rte_mbuf *m, const struct dp_session *s, uint16_t ip_id,
	  uint16_t ns)
{
	const struct dp_sess_down *d = &s->down;
	struct rte_ipv6_hdr *h6 = rte_pktmbuf_mtod(m, struct rte_ipv6_hdr *);
	uint32_t tot;
	uint8_t flags = 0;

	if (unlikely(!(d->flags & DP_DOWN_F_IPV6)))
		return dp_verdict_drop(DP_DROP_IPV6_NOT_NEGOTIATED);
	if (unlikely(rte_pktmbuf_data_len(m) < DP_IPV6_HDR ||
		     (rte_be_to_cpu_32(h6->vtc_flow) >> 28) != 6))
		return dp_verdict_drop(DP_DROP_BAD_INNER_IPV6);
	tot = DP_IPV6_HDR + (uint32_t)rte_be_to_cpu_16(h6->payload_len);
	if (unlikely(tot > rte_pktmbuf_pkt_len(m)))
		return dp_verdict_drop(DP_DROP_BAD_INNER_IPV6);
	if (unlikely(h6->hop_limits <= 1))
		return dp_verdict_punt(DP_PUNT_TTL_EXPIRED, 0);
	if (unlikely(tot > d->mru))
		return dp_verdict_punt(DP_PUNT_FRAG_NEEDED, d->mru);
	if (unlikely(rte_pktmbuf_headroom(m) < d->len))
		return dp_verdict_drop(DP_DROP_NO_HEADROOM);
	if (unlikely(!dp_trim_ok(m, tot)))
		return dp_verdict_drop(DP_DROP_INNER_TRAILER);
	dp_trim_to(m, tot);

	if (d->mss != 0 && h6->proto == IPPROTO_TCP)
		flags = dp_mss_flags(dp_mss_clamp(
			(struct rte_tcp_hdr *)(h6 + 1),
			RTE_MIN((uint32_t)rte_pktmbuf_data_len(m), tot) -
			DP_IPV6_HDR, d->mss));
	h6->hop_limits--;
	dp_encap_prepend(m, d, tot, ip_id, ns, LNS_PPP_PROTO_IPV6);
	return dp_verdict_ok(flags);
}

#endif /* LNS_DP_ENCAP_H */
