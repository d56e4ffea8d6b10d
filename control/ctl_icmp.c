/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Echo requests are answered in place: the reply goes back to the
 * Ethernet source of the request (the host or router that handed it to
 * us), as most routers' control planes do, so answering needs no ARP.
 * Fragmented echo requests are not reassembled; they are counted and
 * dropped.
 */
#include <rte_icmp.h>
#include <rte_ip.h>

#include "ctl_icmp.h"
#include "ctl_stats.h"
#include "ctl_tx.h"
#include "lns_log.h"
#include "port.h"

RTE_LOG_REGISTER(lns_logtype_icmp, lnsd.icmp, INFO);

#define CTL_IP_TTL 64

void
ctl_icmp_input(struct rte_mbuf *m)
{
	const struct port *p = &port_table[port_index_of[m->port]];
	struct rte_ipv4_hdr *ip;
	struct rte_icmp_hdr *icmp;
	uint16_t tot, icmp_len;
	uint32_t tmp;

	ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, m->l2_len);
	tot = rte_be_to_cpu_16(ip->total_length);
	/* The worker checked version, IHL and that tot fits in the frame. */
	if (rte_raw_cksum(ip, m->l3_len) != 0xffff)
		goto bad;
	if (ip->fragment_offset & rte_cpu_to_be_16(RTE_IPV4_HDR_MF_FLAG |
						RTE_IPV4_HDR_OFFSET_MASK)) {
		CTL_COUNT(ICMP_FRAGMENT);
		goto drop;
	}
	icmp_len = tot - m->l3_len;
	if (icmp_len < sizeof(*icmp) ||
	    rte_pktmbuf_data_len(m) < m->l2_len + tot)
		goto bad;
	icmp = (struct rte_icmp_hdr *)((uint8_t *)ip + m->l3_len);
	if (rte_raw_cksum(icmp, icmp_len) != 0xffff)
		goto bad;
	if (icmp->icmp_type != RTE_IP_ICMP_ECHO_REQUEST || icmp->icmp_code != 0) {
		CTL_COUNT(ICMP_OTHER);
		goto drop;
	}
	CTL_COUNT(ICMP_ECHO_RX);

	/* Drop Ethernet padding, then turn the request into its reply. */
	rte_pktmbuf_trim(m, rte_pktmbuf_pkt_len(m) - m->l2_len - tot);
	icmp->icmp_type = RTE_IP_ICMP_ECHO_REPLY;
	icmp->icmp_cksum = 0;
	icmp->icmp_cksum = ~rte_raw_cksum(icmp, icmp_len);
	tmp = ip->src_addr;
	ip->src_addr = p->ip;
	ip->dst_addr = tmp;
	ip->time_to_live = CTL_IP_TTL;
	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	ctl_l2_reflect(p, m);
	CTL_COUNT(ICMP_ECHO_TX);
	ctl_tx(p, m);
	return;
bad:
	CTL_COUNT(ICMP_MALFORMED);
drop:
	rte_pktmbuf_free(m);
}
