/* SPDX-License-Identifier: BSD-3-Clause
 *
 * IPv4/UDP encapsulation and decapsulation for control traffic (L2TP
 * control messages of lnsd and of the LAC emulator). Header-only; not the
 * fast path (that uses per-session templates).
 */
#ifndef LNS_UDP_H
#define LNS_UDP_H

#include <errno.h>
#include <stdint.h>

#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_udp.h>

#define LNS_UDP_TTL 64

/*
 * Prepend IPv4 and UDP headers to the payload already in m. Addresses in
 * network order, ports in host order. The UDP checksum is computed (RFC 768
 * allows 0, but a checksummed control channel costs nothing here).
 * Returns 0 or -ENOSPC.
 */
static inline int
lns_udp_encap(struct rte_mbuf *m, uint32_t src, uint32_t dst,
	      uint16_t sport, uint16_t dport, uint16_t ip_id)
{
	uint16_t plen = (uint16_t)rte_pktmbuf_pkt_len(m);
	struct rte_ipv4_hdr *ip;
	struct rte_udp_hdr *udp;

	ip = (struct rte_ipv4_hdr *)rte_pktmbuf_prepend(m,
		sizeof(*ip) + sizeof(*udp));
	if (ip == NULL)
		return -ENOSPC;
	udp = (struct rte_udp_hdr *)(ip + 1);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->type_of_service = 0;
	ip->total_length = rte_cpu_to_be_16(sizeof(*ip) + sizeof(*udp) + plen);
	ip->packet_id = rte_cpu_to_be_16(ip_id);
	ip->fragment_offset = 0;
	ip->time_to_live = LNS_UDP_TTL;
	ip->next_proto_id = IPPROTO_UDP;
	ip->hdr_checksum = 0;
	ip->src_addr = src;
	ip->dst_addr = dst;
	udp->src_port = rte_cpu_to_be_16(sport);
	udp->dst_port = rte_cpu_to_be_16(dport);
	udp->dgram_len = rte_cpu_to_be_16(sizeof(*udp) + plen);
	udp->dgram_cksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	udp->dgram_cksum = rte_ipv4_udptcp_cksum(ip, udp);
	m->l3_len = sizeof(*ip);
	m->l4_len = sizeof(*udp);
	return 0;
}

struct lns_udp_view {
	const struct rte_ipv4_hdr *ip;
	const struct rte_udp_hdr *udp;
	const uint8_t *payload;
	uint16_t len;			/* payload bytes */
};

/*
 * Locate the UDP payload of an IPv4 frame whose m->l2_len and m->l3_len
 * are set and whose IPv4 header was validated (dp_classify). Checks the
 * UDP length and, when non-zero, the UDP checksum. Headers and payload
 * must sit in the first segment. Returns 0, -EMSGSIZE or -EBADMSG.
 */
static inline int
lns_udp_decap(const struct rte_mbuf *m, struct lns_udp_view *v)
{
	uint16_t tot, ulen;

	v->ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *,
					m->l2_len);
	v->udp = (const struct rte_udp_hdr *)((const uint8_t *)v->ip +
					       m->l3_len);
	tot = rte_be_to_cpu_16(v->ip->total_length);
	if (tot < m->l3_len + sizeof(*v->udp) ||
	    rte_pktmbuf_data_len(m) < m->l2_len + tot)
		return -EMSGSIZE;
	ulen = rte_be_to_cpu_16(v->udp->dgram_len);
	if (ulen < sizeof(*v->udp) || ulen > tot - m->l3_len)
		return -EMSGSIZE;
	if (v->udp->dgram_cksum != 0 &&
	    rte_ipv4_udptcp_cksum_verify(v->ip, v->udp) != 0)
		return -EBADMSG;
	v->payload = (const uint8_t *)(v->udp + 1);
	v->len = ulen - sizeof(*v->udp);
	return 0;
}

#endif /* LNS_UDP_H */
