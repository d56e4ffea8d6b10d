/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The worker-side per-session runtime entry, built from a dp_session_desc
 * (dp_api.h) by dp_session_build(), and the checks both directions of
 * the session fast path share (dp_decap.h upstream, dp_encap.h
 * downstream; their result is a dp_verdict, dp_verdict.h).
 *
 * Ownership (docs/architecture.md, "The dataplane API"): the table writer
 * is the only writer. It fills an entry with dp_session_build() BEFORE
 * publishing it in the lock-free tables and never writes it again: MODIFY builds a new entry and swaps
 * the table slot, DELETE unpublishes; the old entry is reclaimed after
 * every worker has reported a quiescent state (rte_rcu_qsbr). Workers
 * only read every field. Nothing per packet is stored here (the L2TP Ns
 * of sequenced sessions and the outer IPv4 ID are the caller's state).
 */
#ifndef LNS_DP_SESSION_H
#define LNS_DP_SESSION_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "dp_api.h"
#include "dp_mss.h"
#include "dp_qos_tb.h"
#include "dp_sess_up.h"
#include "dp_stats.h"
#include "dp_verdict.h"
#include "lns_bytes.h"
#include "lns_cksum.h"
#include "lns_l2tp_wire.h"

/*
 * Outer header template, downstream (RFC 2661 §3.1, RFC 1661 §2):
 * Eth[/802.1Q] / IPv4 (no options) / UDP / L2TP data (T=0, ver 2; only
 * the S bit, with Ns and Nr, when DP_DOWN_F_SEQ) / PPP FF 03 00 21.
 * We always send the full address/control and protocol fields: ACFC and
 * PFC only say what the peer may omit towards us (RFC 1661 §6.5, §6.6).
 * The template keeps the headers up to the L2TP Session ID; dp_encap()
 * writes Ns and Nr and the PPP header after it.
 */
#define DP_TMPL_HDR_MAX	52	/* 18 + 20 + 8 + 6 */
#define DP_OUTER_TTL	64
#define DP_DEFAULT_MRU	1500	/* RFC 1661 §6.1 */
#define DP_MIN_MRU	576	/* RFC 791: every host accepts 576 */

/* struct dp_sess_down flags. */
#define DP_DOWN_F_VLAN	0x01	/* the template has an 802.1Q tag */
#define DP_DOWN_F_SEQ	0x02	/* Ns and Nr follow the Session ID */
#define DP_DOWN_F_IPV6	0x04	/* DP_SESS_F_IPV6: inner IPv6 allowed */
#define DP_DOWN_F_QOS	0x08	/* DP_SESS_QOS_DOWN: shaped or policed */

/*
 * Everything downstream reads of a session, in one cache line: at 1M
 * sessions every line a packet touches is a miss of its own, so the
 * downstream path never reads line 0 (docs/benchmarks.md). mss and
 * session_index are copies of line 0's.
 *
 * The template: IPv4 total_length, packet_id and UDP length are 0 and
 * the IPv4 header checksum is computed for those zeros, so dp_encap()
 * only adds the real values in (RFC 1624). UDP checksum stays 0: "no
 * checksum" is legal for IPv4 (RFC 768).
 */
struct dp_sess_down {
	uint8_t tmpl[DP_TMPL_HDR_MAX];	/* Eth .. L2TP Session ID */
	uint8_t len;			/* octets dp_encap() prepends */
	uint8_t flags;			/* DP_DOWN_F_* */
	uint16_t port;			/* TX port towards the LAC */
	uint16_t mru;			/* host order, DP_DEFAULT_MRU if 0 */
	uint16_t mss;			/* host order, 0 = no clamping */
	uint32_t session_index;		/* per-session counters, Ns */
};

_Static_assert(sizeof(struct dp_sess_down) == 64,
	       "dp_sess_down: one cache line");

/* Octets of the outer Ethernet header (and tag). */
static inline uint32_t
dp_down_l2_len(const struct dp_sess_down *d)
{
	return d->flags & DP_DOWN_F_VLAN ? 18 : 14;
}

/* Octets of the template in use: Ethernet to the L2TP Session ID. */
static inline uint32_t
dp_down_hdr_len(const struct dp_sess_down *d)
{
	return dp_down_l2_len(d) + sizeof(struct rte_ipv4_hdr) +
	       sizeof(struct rte_udp_hdr) + LNS_L2TP_DATA_HDR_LEN;
}

/* Offset of Ns in the outer headers, 0 without DP_DOWN_F_SEQ. */
static inline uint32_t
dp_down_ns_off(const struct dp_sess_down *d)
{
	return d->flags & DP_DOWN_F_SEQ ? dp_down_hdr_len(d) : 0;
}

struct dp_session {
	/*
	 * Cache line 0: the upstream checks. Upstream IPv4 reads the copy
	 * in the slot (dp_sess_up) instead, and comes here only for a
	 * source other than sub_ip (routes); IPv6 reads the /64 here.
	 * Downstream never (punts do, for their metadata); neither does
	 * the policer or the shaper (they take the index from the slot's
	 * copy or line 1).
	 */
	uint32_t peer_ip;		/* network order: outer source */
	uint16_t peer_udp_port;		/* network order: outer UDP source */
	uint16_t flags;			/* DP_SESS_F_* */
	uint32_t sub_ip;		/* network order */
	uint8_t nb_routes;
	uint8_t pad0[3];
	uint32_t route_prefix[DP_SESS_MAX_ROUTES];	/* network order */
	uint32_t route_mask[DP_SESS_MAX_ROUTES];	/* network order */
	uint8_t sub_ip6_prefix[8];	/* /64 when DP_SESS_F_IPV6 */
	uint16_t pad1;
	uint16_t mss;			/* host order, 0 = no clamping */
	uint32_t session_index;		/* per-session counters */
	/* Cache line 1: downstream, all of it. */
	struct dp_sess_down down __rte_aligned(RTE_CACHE_LINE_MIN_SIZE);
	/* Cache line 2: the rest of the descriptor, never read per packet. */
	uint16_t local_tid;		/* host order: the lookup key */
	uint16_t local_sid;
	/*
	 * Which ADD at this index the entry belongs to (MODIFY keeps it):
	 * QoS state and hand-offs of an earlier occupant are told apart
	 * by it (dp_qos.h). Set by the table writer.
	 */
	uint32_t gen;
	/* Policer, shaper (DP_SESS_QOS_* in flags): dp_qos_tb.h. */
	struct dp_qos_params qos;
	/*
	 * Cache line 3, read by upstream IPv6 only, and only for a source
	 * outside the /64 (line 0): the other prefixes it may use (the
	 * delegated prefix, an IA_NA /128), masked to their length.
	 */
	uint8_t route6[DP_SESS_MAX_ROUTES6][16] __rte_aligned(64);
	uint8_t route6_len[DP_SESS_MAX_ROUTES6];
	uint8_t nb_routes6;
	/*
	 * Line 4, unused: an odd number of lines per entry. With four (256
	 * octets) the line 0 of every entry of the pool would fall in one
	 * cache set in four, and upstream at 64k sessions, which then read
	 * only line 0 (it reads the slot's copy now), measured 6-11 cycles
	 * a packet slower than with three. Downstream's line 1 has the same
	 * stride.
	 */
	uint8_t spare[64] __rte_aligned(64);
} __rte_cache_aligned;

_Static_assert(offsetof(struct dp_session, down) == 64 &&
	       offsetof(struct dp_session, local_tid) == 128 &&
	       offsetof(struct dp_session, route6) == 192 &&
	       sizeof(struct dp_session) == 320,
	       "dp_session: line 0 is the upstream checks, line 1 all that "
	       "downstream reads, line 2 is never read per packet, line 3 "
	       "only by IPv6 sources outside the /64, line 4 is padding");

/* Line 0's copy in the session's upstream slot (dp_sess_up.h). */
static inline void
dp_sess_up_init(struct dp_sess_up *u, const struct dp_session *s)
{
	u->peer_ip = s->peer_ip;
	u->sub_ip = s->sub_ip;
	u->session_index = s->session_index;
	u->peer_udp_port = s->peer_udp_port;
	u->flags = s->flags;
	u->mss = s->mss;
	u->pad = 0;
}

/*
 * Mirror into line 1 the flags downstream tests (the QoS bits are set by
 * the table writer after dp_session_build(): it calls this again).
 */
static inline void
dp_session_down_flags(struct dp_session *s)
{
	s->down.flags &= (uint8_t)~(DP_DOWN_F_IPV6 | DP_DOWN_F_QOS);
	if (s->flags & DP_SESS_F_IPV6)
		s->down.flags |= DP_DOWN_F_IPV6;
	if (s->flags & DP_SESS_QOS_DOWN)
		s->down.flags |= DP_DOWN_F_QOS;
}

static inline uint32_t
dp_prefix_mask(uint8_t len)
{
	return len == 0 ? 0 : rte_cpu_to_be_32(~0u << (32 - len));
}

/* Clear the bits of the 16-octet a past its first len (<= 128). */
static inline void
dp_prefix6_mask(uint8_t *a, uint8_t len)
{
	unsigned int i = len / 8;

	if (i < 16 && (len & 7) != 0)
		a[i++] &= (uint8_t)(0xff00 >> (len & 7));
	for (; i < 16; i++)
		a[i] = 0;
}

static inline int
dp_prefix6_zero(const uint8_t *p64)
{
	static const uint8_t z[8];

	return memcmp(p64, z, sizeof(z)) == 0;
}

/* Whether the first len bits of a and the masked prefix p agree. */
static inline int
dp_prefix6_match(const uint8_t *a, const uint8_t *p, uint8_t len)
{
	unsigned int n = len / 8;

	if (memcmp(a, p, n) != 0)
		return 0;
	return (len & 7) == 0 ||
	       (a[n] & (uint8_t)(0xff00 >> (len & 7))) == p[n];
}

/*
 * Fill s from d. Called by the table writer only, on an entry no worker
 * can see yet. Returns 0, or -EINVAL for a descriptor the fast path
 * cannot honour (bad route length, too many routes, MRU below 576).
 */
static inline int
dp_session_build(struct dp_session *s, const struct dp_session_desc *d)
{
	struct rte_ether_hdr *eth;
	struct rte_ipv4_hdr *ip;
	struct rte_udp_hdr *udp;
	uint8_t *l2tp;
	unsigned int i;

	if (d->nb_routes > DP_SESS_MAX_ROUTES)
		return -EINVAL;
	if (d->mru != 0 && d->mru < DP_MIN_MRU)
		return -EINVAL;
	for (i = 0; i < d->nb_routes; i++)
		if (d->routes[i].len > 32)
			return -EINVAL;
	if (d->nb_routes6 > DP_SESS_MAX_ROUTES6)
		return -EINVAL;
	for (i = 0; i < d->nb_routes6; i++)
		if (d->routes6[i].len == 0 || d->routes6[i].len > 128)
			return -EINVAL;

	memset(s, 0, sizeof(*s));
	s->peer_ip = d->peer_ip;
	s->peer_udp_port = rte_cpu_to_be_16(d->peer_udp_port);
	/* The QoS bits are the writer's (dp_qos_params_build()). */
	s->flags = d->flags & (uint16_t)~DP_SESS_QOS_MASK;
	s->sub_ip = d->sub_ip;
	s->nb_routes = d->nb_routes;
	for (i = 0; i < d->nb_routes; i++) {
		s->route_mask[i] = dp_prefix_mask(d->routes[i].len);
		s->route_prefix[i] = d->routes[i].prefix & s->route_mask[i];
	}
	memcpy(s->sub_ip6_prefix, d->sub_ip6_prefix, sizeof(s->sub_ip6_prefix));
	/*
	 * No /64 (all zero: IA_NA or a delegated prefix only): ff00::/64,
	 * multicast, which no source reaching the check can have (punted
	 * before), so :: /64 sources are not taken for the subscriber's.
	 */
	if (dp_prefix6_zero(s->sub_ip6_prefix))
		s->sub_ip6_prefix[0] = 0xff;
	s->nb_routes6 = d->nb_routes6;
	for (i = 0; i < d->nb_routes6; i++) {
		memcpy(s->route6[i], d->routes6[i].prefix, 16);
		dp_prefix6_mask(s->route6[i], d->routes6[i].len);
		s->route6_len[i] = d->routes6[i].len;
	}
	s->mss = d->mss;
	s->session_index = d->session_index;
	s->local_tid = d->local_tid;
	s->local_sid = d->local_sid;
	s->down.mru = d->mru ? d->mru : DP_DEFAULT_MRU;
	s->down.mss = d->mss;
	s->down.session_index = d->session_index;
	s->down.port = d->access_port;

	eth = (struct rte_ether_hdr *)s->down.tmpl;
	rte_ether_addr_copy(&d->peer_mac, &eth->dst_addr);
	rte_ether_addr_copy(&d->local_mac, &eth->src_addr);
	if (d->vlan != 0) {
		struct rte_vlan_hdr *vh = (struct rte_vlan_hdr *)(eth + 1);

		eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN);
		vh->vlan_tci = rte_cpu_to_be_16(d->vlan & 0xfff);
		vh->eth_proto = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
		s->down.flags |= DP_DOWN_F_VLAN;
	} else {
		eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	}

	/*
	 * DF clear: a path narrower than the MRU sizing assumed fragments
	 * instead of black-holing; the per-lcore IDs make collisions rare
	 * (RFC 6864 §4.1 accepts that for high-rate sources).
	 */
	ip = (struct rte_ipv4_hdr *)(s->down.tmpl + dp_down_l2_len(&s->down));
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->time_to_live = DP_OUTER_TTL;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = d->local_ip;
	ip->dst_addr = d->peer_ip;
	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);

	udp = (struct rte_udp_hdr *)(ip + 1);
	udp->src_port = rte_cpu_to_be_16(d->local_udp_port);
	udp->dst_port = rte_cpu_to_be_16(d->peer_udp_port);

	l2tp = (uint8_t *)(udp + 1);
	lns_put_be16(l2tp, (uint16_t)((d->flags & DP_SESS_F_SEQ ? LNS_L2TP_S : 0) |
				      LNS_L2TP_VERSION));
	lns_put_be16(&l2tp[2], d->peer_tid);
	lns_put_be16(&l2tp[4], d->peer_sid);
	if (d->flags & DP_SESS_F_SEQ)
		s->down.flags |= DP_DOWN_F_SEQ;
	s->down.len = (uint8_t)(dp_down_hdr_len(&s->down) +
				(d->flags & DP_SESS_F_SEQ ?
				 LNS_L2TP_DATA_HDR_SEQ_LEN -
				 LNS_L2TP_DATA_HDR_LEN : 0) +
				LNS_PPP_HDR_LEN);
	dp_session_down_flags(s);
	return 0;
}

/* Inner IPv4 source allowed for s: its /32 or a Framed-Route. */
static inline int
dp_session_src_ok(const struct dp_session *s, uint32_t src)
{
	unsigned int i;

	if (likely(src == s->sub_ip))
		return 1;
	for (i = 0; i < s->nb_routes; i++)
		if ((src & s->route_mask[i]) == s->route_prefix[i])
			return 1;
	return 0;
}

/*
 * Inner IPv6 source allowed for s: inside its /64 (the RA prefix: SLAAC
 * and privacy addresses) or one of its IPv6 routes (a host address in
 * the delegated prefix, the IA_NA /128).
 */
static inline int
dp_session_src6_ok(const struct dp_session *s, const uint8_t *src)
{
	unsigned int i;

	if (likely(memcmp(src, s->sub_ip6_prefix, 8) == 0))
		return 1;
	for (i = 0; i < s->nb_routes6; i++)
		if (dp_prefix6_match(src, s->route6[i], s->route6_len[i]))
			return 1;
	return 0;
}

/*
 * Shared by both directions: an IPv4 header at ih with room bytes of the
 * first segment readable and plen bytes of packet from ih on (all
 * segments). Version, IHL, total length within the packet (RFC 791
 * §3.1), header checksum (RFC 1812 §5.2.2: a router MUST verify it)
 * unless the NIC already did. Returns 0 or a dp_drop_reason + 1.
 */
static inline unsigned int
dp_inner_ipv4_check(const struct rte_ipv4_hdr *ih, uint32_t room,
		    uint32_t plen, int cksum_good)
{
	uint32_t ihl, tot;

	if (unlikely(room < sizeof(*ih)))
		return DP_DROP_BAD_INNER_IPV4 + 1;
	ihl = (uint32_t)(ih->version_ihl & 0xf) * 4;
	tot = rte_be_to_cpu_16(ih->total_length);
	if (unlikely((ih->version_ihl >> 4) != 4 || ihl < sizeof(*ih) ||
		     ihl > room || tot < ihl || tot > plen))
		return DP_DROP_BAD_INNER_IPV4 + 1;
	if (!cksum_good && unlikely(!lns_ipv4_cksum_ok((const uint8_t *)ih, ihl)))
		return DP_DROP_INNER_CKSUM + 1;
	return 0;
}

/*
 * Whether the trailing bytes of m past want (Ethernet padding, PPP
 * padding) can be cut; dp_trim_to() then cuts them. Only a trailer that
 * sits in the last segment can be cut without walking the chain.
 */
static inline int
dp_trim_ok(const struct rte_mbuf *m, uint32_t want)
{
	uint32_t extra = rte_pktmbuf_pkt_len(m) - want;

	return extra == 0 || m->nb_segs == 1 ||
	       extra <= rte_pktmbuf_data_len(rte_pktmbuf_lastseg(
			(struct rte_mbuf *)(uintptr_t)m));
}

static inline void
dp_trim_to(struct rte_mbuf *m, uint32_t want)
{
	uint32_t extra = rte_pktmbuf_pkt_len(m) - want;

	if (extra != 0)
		rte_pktmbuf_trim(m, (uint16_t)extra);
}

#endif /* LNS_DP_SESSION_H */
