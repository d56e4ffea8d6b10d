/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Upstream (access -> core) per-packet work, after dp_classify() parsed
 * the L2TP data header + PPP header once (lns_l2tp_data_parse(), into a
 * struct lns_l2tp_data the worker keeps beside the mbuf: the local
 * tunnel/session IDs are the lookup key), in two steps the worker chains
 * around its session lookup:
 *
 *   dp_decap_check()    session checks: outer peer, inner header sanity,
 *                       anti-spoofing, TTL / hop limit (dp_decap_check4()
 *                       and dp_decap_check6() per family)
 *   dp_decap_rewrite()  strip outer + PPP, TCP MSS clamp, TTL decrement,
 *                       prepend the core-side Ethernet header (rewrite4,
 *                       rewrite6)
 *
 * dp_decap() is check + rewrite. Input: an mbuf dp_classify() found to be
 * UP (m->l2_len, m->l3_len set, outer IPv4 total length within pkt_len)
 * and its parse. Every header up to and including the inner IP header
 * (and the TCP header, for MSS clamping) must sit in the first segment;
 * the inner payload may span segments. On DROP and PUNT the mbuf is
 * untouched. No EAL, no allocation, no logging.
 *
 * IPv6 inside PPP (protocol 0x0057, RFC 5072) has its own pair of steps
 * (dp_decap_check_ipv6(), dp_decap_rewrite6()): checked against the
 * session's /64 and IPv6 routes when IPv6CP is open (DP_SESS_F_IPV6),
 * rewritten the same way (hop limit decrement, no header checksum: RFC
 * 8200 §3). Packets with a link-local or multicast address are punted,
 * never forwarded (RFC 4291 §2.5.6): Router Solicitations, DHCPv6 and
 * neighbour discovery are the control lcore's; a subscriber's Router
 * Advertisements and DHCPv6 server messages are dropped.
 */
#ifndef LNS_DP_DECAP_H
#define LNS_DP_DECAP_H

#include <stdint.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "dp_classify.h"
#include "dp_session.h"
#include "dp_verdict.h"
#include "lns_bytes.h"
#include "lns_cksum.h"
#include "lns_l2tp_wire.h"

/*
 * Frame offset and length of the inner packet of an upstream frame whose
 * L2TP/PPP headers dp_classify() parsed into d (offsets in d count from
 * the L2TP header, which follows the UDP header at l2_len + l3_len).
 */
static inline uint32_t
dp_decap_inner_off(const struct rte_mbuf *m, const struct lns_l2tp_data *d)
{
	return (uint32_t)m->l2_len + m->l3_len + sizeof(struct rte_udp_hdr) +
	       d->inner_off;
}

static inline uint32_t
dp_decap_inner_len(const struct lns_l2tp_data *d)
{
	return (uint32_t)d->end - d->inner_off;
}

/*
 * The worker parses once, in dp_classify(), and hands the result to
 * dp_fwd_up_burst(). This is the classifier's own L2TP step on a frame
 * that is already classified, for the unit tests that drive the decap
 * steps one by one: m->l2_len/l3_len set, the outer IPv4 packet checked
 * by dp_classify(). UP means an IP-in-PPP data message, d filled.
 */
static inline struct dp_verdict
dp_decap_parse(const struct rte_mbuf *m, struct lns_l2tp_data *d)
{
	const struct rte_ipv4_hdr *ip;
	uint32_t l4 = (uint32_t)m->l2_len + m->l3_len;

	if (unlikely(rte_pktmbuf_data_len(m) < l4 + sizeof(struct rte_udp_hdr)))
		return dp_verdict_drop(DP_DROP_TRUNC_UDP);
	if (unlikely(rte_pktmbuf_data_len(m) <
		     l4 + sizeof(struct rte_udp_hdr) + 2))
		return dp_verdict_drop(DP_DROP_TRUNC_L2TP);
	ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, m->l2_len);
	return dp_classify_l2tp(m, l4, m->l2_len +
				(uint32_t)rte_be_to_cpu_16(ip->total_length), d);
}

/*
 * Inner IPv6 (RFC 8200) of a session with IPv6CP open, in order:
 *   DROP bad_inner_ipv6          version, payload length past the packet
 *   DROP ipv6_ra_from_subscriber ICMPv6 Router Advertisement: a
 *                                subscriber is a host (RFC 4861 §6.2.8)
 *   DROP dhcpv6_server_from_subscriber  UDP from port 547 (server or
 *                                relay messages: RFC 8415 §7.2)
 *   PUNT ipv6_link_local         link-local source or destination,
 *                                multicast destination: RS, DHCPv6 to
 *                                ff02::1:2, NS/NA, MLD - the control
 *                                lcore's (RFC 4291 §2.5.6)
 *   DROP spoofed_inner           source outside the /64 and routes6
 *   PUNT ttl_expired             hop limit <= 1 (RFC 4443 §3.3), after
 *                                the spoofing check
 * The chain of extension headers is not walked: only the fixed header's
 * Next Header is looked at, so hop-by-hop options, fragments and the
 * rest are forwarded as they are (RFC 8200 §4: only the destination
 * processes them, §4.3 lets a router ignore hop-by-hop options).
 */
static inline struct dp_verdict
dp_decap_check_ipv6(const struct rte_mbuf *m, uint32_t off, uint32_t len,
		    const struct dp_session *s, uint32_t room)
{
	const struct rte_ipv6_hdr *h6;
	const struct rte_udp_hdr *uh;

	if (unlikely(!(s->flags & DP_SESS_F_IPV6)))
		return dp_verdict_drop(DP_DROP_IPV6_NOT_NEGOTIATED);
	h6 = rte_pktmbuf_mtod_offset(m, const struct rte_ipv6_hdr *, off);
	if (unlikely(room < DP_IPV6_HDR ||
		     (rte_be_to_cpu_32(h6->vtc_flow) >> 28) != 6 ||
		     DP_IPV6_HDR + (uint32_t)rte_be_to_cpu_16(h6->payload_len) >
		     len))
		return dp_verdict_drop(DP_DROP_BAD_INNER_IPV6);
	if (unlikely(dp_ipv6_icmp_type(h6, room) == DP_ICMP6_RA))
		return dp_verdict_drop(DP_DROP_SUB_RA);
	if (h6->proto == IPPROTO_UDP &&
	    room >= DP_IPV6_HDR + sizeof(*uh)) {
		uh = (const struct rte_udp_hdr *)(h6 + 1);
		if (unlikely(uh->src_port ==
			     rte_cpu_to_be_16(DP_DHCP6_SERVER_PORT)))
			return dp_verdict_drop(DP_DROP_SUB_DHCP6_SERVER);
	}
	if (unlikely(dp_ipv6_local_scope(h6->src_addr) ||
		     dp_ipv6_local_scope(h6->dst_addr)))
		return dp_verdict_punt(DP_PUNT_IPV6_LINK_LOCAL, 0);
	if (unlikely(!dp_session_src6_ok(s, h6->src_addr)))
		return dp_verdict_drop(DP_DROP_SPOOFED_INNER);
	if (unlikely(h6->hop_limits <= 1))	/* RFC 4443 §3.3 */
		return dp_verdict_punt(DP_PUNT_TTL_EXPIRED, 0);
	return dp_verdict_ok(0);
}

/*
 * The inner IPv4 source address of m (network order), 0 when the frame
 * is too short to hold it (the checks drop it later). Read before the
 * checks to know whether the entry's routes will be needed.
 */
static inline uint32_t
dp_decap_src4(const struct rte_mbuf *m, const struct lns_l2tp_data *d)
{
	uint32_t off = dp_decap_inner_off(m, d) +
		       offsetof(struct rte_ipv4_hdr, src_addr);

	if (unlikely(rte_pktmbuf_data_len(m) < off + sizeof(uint32_t)))
		return 0;
	return lns_load32(rte_pktmbuf_mtod_offset(m, const uint8_t *, off));
}

/* The outer source address and UDP port are the tunnel peer's. */
static inline int
dp_decap_outer_ok(const struct rte_mbuf *m, const struct dp_sess_up *u)
{
	const struct rte_ipv4_hdr *ip;
	const struct rte_udp_hdr *udp;

	ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, m->l2_len);
	udp = rte_pktmbuf_mtod_offset(m, const struct rte_udp_hdr *,
				      m->l2_len + m->l3_len);
	return ip->src_addr == u->peer_ip && udp->src_port == u->peer_udp_port;
}

/*
 * Session-dependent checks of an inner IPv4 packet, in order: the outer
 * source address and UDP port are the tunnel peer's (a tunnel ID is no
 * secret: RFC 2661 §24), the inner header is sane, the inner source
 * belongs to the subscriber, then TTL: a TTL <= 1 is punted
 * (DP_PUNT_TTL_EXPIRED) for the control lcore to send ICMP Time Exceeded
 * (RFC 792, RFC 1812 §5.3.1) - after the spoofing checks, so we never
 * answer a forged source. Always inlined: the worker's IPv4 loop calls
 * it once per packet.
 */
static __rte_always_inline struct dp_verdict
dp_decap_check4(const struct rte_mbuf *m, const struct lns_l2tp_data *d,
		const struct dp_sess_up *u, const struct dp_session *s)
{
	const struct rte_ipv4_hdr *ih;
	uint32_t room, off = dp_decap_inner_off(m, d);
	uint32_t len = dp_decap_inner_len(d);
	unsigned int r;

	if (unlikely(!dp_decap_outer_ok(m, u)))
		return dp_verdict_drop(DP_DROP_SPOOFED_OUTER);
	room = RTE_MIN((uint32_t)rte_pktmbuf_data_len(m) - off, len);
	ih = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, off);
	r = dp_inner_ipv4_check(ih, room, len, 0);
	if (unlikely(r != 0))
		return dp_verdict_drop((enum dp_drop_reason)(r - 1));
	/* The entry only for another source (Framed routes). */
	if (unlikely(ih->src_addr != u->sub_ip &&
		     !dp_session_src_ok(s, ih->src_addr)))
		return dp_verdict_drop(DP_DROP_SPOOFED_INNER);
	if (unlikely(ih->time_to_live <= 1))
		return dp_verdict_punt(DP_PUNT_TTL_EXPIRED, 0);
	return dp_verdict_ok(0);
}

/* The same for inner IPv6 (dp_decap_check_ipv6() after the outer check). */
static inline struct dp_verdict
dp_decap_check6(const struct rte_mbuf *m, const struct lns_l2tp_data *d,
		const struct dp_sess_up *u, const struct dp_session *s)
{
	uint32_t off = dp_decap_inner_off(m, d), len = dp_decap_inner_len(d);

	if (unlikely(!dp_decap_outer_ok(m, u)))
		return dp_verdict_drop(DP_DROP_SPOOFED_OUTER);
	return dp_decap_check_ipv6(m, off, len, s,
		RTE_MIN((uint32_t)rte_pktmbuf_data_len(m) - off, len));
}

/* Either family, by the PPP protocol dp_classify() parsed. */
static inline struct dp_verdict
dp_decap_check(const struct rte_mbuf *m, const struct lns_l2tp_data *d,
	       const struct dp_sess_up *u, const struct dp_session *s)
{
	if (d->proto == LNS_PPP_PROTO_IPV6)
		return dp_decap_check6(m, d, u, s);
	return dp_decap_check4(m, d, u, s);
}

/* dp_mss_clamp() outcome as dp_verdict flags. */
static inline uint8_t
dp_mss_flags(enum dp_mss_result r)
{
	return r == DP_MSS_CLAMPED ? DP_VERDICT_F_MSS_CLAMPED :
	       r == DP_MSS_BAD_OPTIONS ? DP_VERDICT_F_MSS_BAD_OPT : 0;
}

/*
 * Cut the inner packet at frame offset off to its tot octets and put a
 * fresh Ethernet header src -> dst in front of it, 802.1Q-tagged when
 * vlan != 0, ethertype type. m->l2_len/l3_len describe the result.
 */
static inline struct dp_verdict
dp_decap_l2(struct rte_mbuf *m, uint32_t off, uint32_t l3,
	    const struct rte_ether_addr *src, const struct rte_ether_addr *dst,
	    uint16_t vlan, uint16_t type, uint8_t flags)
{
	uint32_t l2 = RTE_ETHER_HDR_LEN;
	uint16_t adj;
	uint8_t *eth;

	if (vlan != 0)
		l2 += RTE_VLAN_HLEN;
	/*
	 * After a compressed (1-octet) PPP protocol the inner packet and
	 * so the new Ethernet header start at an odd address: bytes only.
	 */
	/* rte_pktmbuf_adj() without its can't-happen NULL path. */
	adj = (uint16_t)(off - l2);
	m->data_off += adj;
	m->data_len -= adj;
	m->pkt_len -= adj;
	eth = rte_pktmbuf_mtod(m, uint8_t *);
	memcpy(eth, dst, RTE_ETHER_ADDR_LEN);
	memcpy(eth + RTE_ETHER_ADDR_LEN, src, RTE_ETHER_ADDR_LEN);
	if (vlan != 0) {
		lns_store16(eth + 12, rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN));
		lns_store16(eth + 14, rte_cpu_to_be_16(vlan & 0xfff));
		lns_store16(eth + 16, rte_cpu_to_be_16(type));
	} else {
		lns_store16(eth + 12, rte_cpu_to_be_16(type));
	}
	m->l2_len = l2;
	m->l3_len = l3;
	return dp_verdict_ok(flags);
}

/*
 * The rewrite of an inner IPv4 packet, after dp_decap_check() said OK:
 * the inner packet (cut to its own length) is left starting the data,
 * behind a fresh Ethernet header src -> dst (core port MAC -> core next
 * hop). TCP SYNs get their MSS clamped to mss (if not 0), the TTL is
 * decremented. Always inlined, as dp_decap_check4().
 */
static __rte_always_inline struct dp_verdict
dp_decap_rewrite4(struct rte_mbuf *m, const struct lns_l2tp_data *d,
		  uint16_t mss, const struct rte_ether_addr *src,
		  const struct rte_ether_addr *dst, uint16_t vlan)
{
	uint32_t off = dp_decap_inner_off(m, d);
	struct rte_ipv4_hdr *ih = rte_pktmbuf_mtod_offset(m,
		struct rte_ipv4_hdr *, off);
	uint32_t tot, l3, room;
	uint8_t flags = 0;

	l3 = (uint32_t)(ih->version_ihl & 0xf) * 4;
	tot = rte_be_to_cpu_16(ih->total_length);
	if (unlikely(!dp_trim_ok(m, off + tot)))
		return dp_verdict_drop(DP_DROP_INNER_TRAILER);
	dp_trim_to(m, off + tot);
	if (mss != 0 && ih->next_proto_id == IPPROTO_TCP &&
	    !(ih->fragment_offset &
	      rte_cpu_to_be_16(RTE_IPV4_HDR_OFFSET_MASK))) {
		room = RTE_MIN((uint32_t)rte_pktmbuf_data_len(m) -
			       off, tot) - l3;
		flags = dp_mss_flags(dp_mss_clamp(
			(struct rte_tcp_hdr *)((uint8_t *)ih + l3), room,
			mss));
	}
	lns_ipv4_ttl_dec((uint8_t *)ih);
	return dp_decap_l2(m, off, l3, src, dst, vlan, RTE_ETHER_TYPE_IPV4,
			   flags);
}

/*
 * The same for inner IPv6: hop limit decremented (no header checksum:
 * RFC 8200 §3), MSS clamped only when TCP directly follows the fixed
 * header (dp_decap_check_ipv6() says why the chain is not walked).
 */
static inline struct dp_verdict
dp_decap_rewrite6(struct rte_mbuf *m, const struct lns_l2tp_data *d,
		  uint16_t mss, const struct rte_ether_addr *src,
		  const struct rte_ether_addr *dst, uint16_t vlan)
{
	uint32_t off = dp_decap_inner_off(m, d);
	struct rte_ipv6_hdr *h6 = rte_pktmbuf_mtod_offset(m,
		struct rte_ipv6_hdr *, off);
	uint32_t tot = DP_IPV6_HDR + rte_be_to_cpu_16(h6->payload_len), room;
	uint8_t flags = 0;

	if (unlikely(!dp_trim_ok(m, off + tot)))
		return dp_verdict_drop(DP_DROP_INNER_TRAILER);
	dp_trim_to(m, off + tot);
	if (mss != 0 && h6->proto == IPPROTO_TCP) {
		room = RTE_MIN((uint32_t)rte_pktmbuf_data_len(m) -
			       off, tot) - DP_IPV6_HDR;
		flags = dp_mss_flags(dp_mss_clamp(
			(struct rte_tcp_hdr *)(h6 + 1), room, mss));
	}
	h6->hop_limits--;
	return dp_decap_l2(m, off, DP_IPV6_HDR, src, dst, vlan,
			   RTE_ETHER_TYPE_IPV6, flags);
}

/* Either family, by the PPP protocol dp_classify() parsed. */
static inline struct dp_verdict
dp_decap_rewrite(struct rte_mbuf *m, const struct lns_l2tp_data *d,
		 uint16_t mss, const struct rte_ether_addr *src,
		 const struct rte_ether_addr *dst, uint16_t vlan)
{
	if (d->proto == LNS_PPP_PROTO_IPV6)
		return dp_decap_rewrite6(m, d, mss, src, dst, vlan);
	return dp_decap_rewrite4(m, d, mss, src, dst, vlan);
}

static inline struct dp_verdict
dp_decap(struct rte_mbuf *m, const struct lns_l2tp_data *d,
	 const struct dp_session *s, const struct rte_ether_addr *src,
	 const struct rte_ether_addr *dst, uint16_t vlan)
{
	struct dp_sess_up u;
	struct dp_verdict r;

	dp_sess_up_init(&u, s);
	r = dp_decap_check(m, d, &u, s);
	if (unlikely(r.kind != DP_VERDICT_OK))
		return r;
	return dp_decap_rewrite(m, d, u.mss, src, dst, vlan);
}

#endif /* LNS_DP_DECAP_H */
