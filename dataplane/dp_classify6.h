/* SPDX-License-Identifier: BSD-3-Clause
 *
 * IPv6 beside IPv4 in the classifier (DPDK grout's ip6/ module beside
 * ip/): what a core-side frame of ethertype 0x86DD is, and the IPv6
 * address and ICMPv6 tests both directions share (dp_decap.h upstream).
 *
 * Core side, in order:
 *   DROP truncated_ipv6 / bad_ipv6_header   fixed header not in the first
 *        segment, version, payload length past the frame
 *   PUNT ipv6_nd      ICMPv6 133-137 (RS, RA, NS, NA, Redirect: RFC 4861)
 *                     whatever the destination - the control lcore's
 *                     neighbour discovery
 *   PUNT ipv6_local   link-local or multicast destination (RFC 4291
 *                     §2.4): ours to answer or nobody's, never routed
 *   DOWN6             the rest: dp_fwd_down6_burst() looks the
 *                     destination up in the IPv6 FIB, where our own
 *                     addresses (dp_local6_set()) are punted as ipv6_local
 * IPv6 on an access port is dropped as unsupported_ethertype: tunnels
 * are IPv4.
 */
#ifndef LNS_DP_CLASSIFY6_H
#define LNS_DP_CLASSIFY6_H

#include <stdint.h>

#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_mbuf.h>

#include "dp_verdict.h"
#include "port.h"

#define DP_IPV6_HDR	40
#define DP_ICMP6_ND_FIRST	133	/* Router Solicitation */
#define DP_ICMP6_RA		134	/* Router Advertisement */
#define DP_ICMP6_ND_LAST	137	/* Redirect */
#define DP_DHCP6_SERVER_PORT	547	/* RFC 8415 §7.2 */

static inline int
dp_ipv6_local_scope(const uint8_t *a)
{
	/* fe80::/10 link-local, ff00::/8 multicast (RFC 4291 §2.4) */
	return (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) || a[0] == 0xff;
}

/*
 * The ICMPv6 type of the IPv6 packet h6 whose fixed header is followed
 * by at least room - 40 readable octets, or -1: not ICMPv6 directly
 * after the fixed header (extension headers are not walked), or no type
 * octet.
 */
static inline int
dp_ipv6_icmp_type(const struct rte_ipv6_hdr *h6, uint32_t room)
{
	if (h6->proto != IPPROTO_ICMPV6 || room < DP_IPV6_HDR + 1)
		return -1;
	return ((const uint8_t *)h6)[DP_IPV6_HDR];
}

static inline int
dp_ipv6_is_nd(const struct rte_ipv6_hdr *h6, uint32_t room)
{
	int t = dp_ipv6_icmp_type(h6, room);

	return t >= DP_ICMP6_ND_FIRST && t <= DP_ICMP6_ND_LAST;
}

/* A core-side IPv6 frame, its Ethernet[/802.1Q] header l2 octets long. */
static inline struct dp_verdict
dp_classify_ipv6(const struct port *p, struct rte_mbuf *m, uint16_t l2)
{
	const struct rte_ipv6_hdr *h6;
	uint32_t room;

	if (p->cfg == NULL || p->cfg->role != CFG_PORT_CORE)
		return dp_verdict_drop(DP_DROP_ETHERTYPE);
	if (unlikely(rte_pktmbuf_data_len(m) < (uint32_t)l2 + DP_IPV6_HDR))
		return dp_verdict_drop(DP_DROP_TRUNC_IP6);
	h6 = rte_pktmbuf_mtod_offset(m, const struct rte_ipv6_hdr *, l2);
	if (unlikely((rte_be_to_cpu_32(h6->vtc_flow) >> 28) != 6))
		return dp_verdict_drop(DP_DROP_BAD_IP6);
	if (unlikely(rte_pktmbuf_pkt_len(m) < (uint32_t)l2 + DP_IPV6_HDR +
		     rte_be_to_cpu_16(h6->payload_len)))
		return dp_verdict_drop(DP_DROP_TRUNC_IP6);
	m->l3_len = DP_IPV6_HDR;
	room = rte_pktmbuf_data_len(m) - l2;
	if (unlikely(dp_ipv6_is_nd(h6, room)))
		return dp_verdict_punt(DP_PUNT_IPV6_ND, 0);
	if (unlikely(dp_ipv6_local_scope(h6->dst_addr)))
		return dp_verdict_punt(DP_PUNT_IPV6_LOCAL, 0);
	return dp_verdict_down6();
}

#endif /* LNS_DP_CLASSIFY6_H */
