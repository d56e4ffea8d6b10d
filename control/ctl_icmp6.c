/* SPDX-License-Identifier: BSD-3-Clause
 *
 * ICMPv6 to our own core-side addresses (DP_PUNT_IPV6_LOCAL): Echo
 * Requests to our global or link-local address are answered in place,
 * back to the frame's Ethernet source as ctl_icmp.c does for IPv4 (no
 * neighbour lookup). Like the IPv4 echo path there is no limiter here:
 * the workers admit at most DP_PUNT6_RATE IPv6 control punts a second
 * (ipv6_punt_limited). Anything else (other types, multicast
 * destinations, a packet not in one segment) is a counted drop.
 */
#include <rte_mbuf.h>

#include "ctl_icmp.h"
#include "ctl_icmp_build.h"
#include "ctl_nd6.h"
#include "ctl_stats.h"
#include "ctl_tx.h"
#include "ip6.h"
#include "port.h"

void
ctl_icmp6_input(struct rte_mbuf *m)
{
	const struct ctl_nd6_if *f;
	const struct port *p;
	uint32_t len;
	uint8_t *pkt;
	int32_t r;

	if (m->port >= RTE_MAX_ETHPORTS || port_index_of[m->port] >= port_count)
		goto drop;
	p = &port_table[port_index_of[m->port]];
	f = ctl_nd6_if_get(p->index);
	if (f == NULL || !f->on) {
		CTL_COUNT(ND6_PORT_OFF);
		goto drop;
	}
	/* The worker checked the fixed header is in the first segment. */
	len = rte_pktmbuf_data_len(m) - m->l2_len;
	pkt = rte_pktmbuf_mtod_offset(m, uint8_t *, m->l2_len);
	if (len < IP6_HDR_LEN || !ctl_nd6_if_ours(f, pkt + 24)) {
		CTL_COUNT(ICMP6_OTHER);
		goto drop;
	}
	r = ctl_icmp6_echo(pkt, len);
	if (r < 0) {
		CTL_COUNT(ICMP6_MALFORMED);
		goto drop;
	}
	if (r == 0) {
		CTL_COUNT(ICMP6_OTHER);
		goto drop;
	}
	CTL_COUNT(ICMP6_ECHO_RX);
	/* Drop Ethernet padding (a request in several segments was refused
	 * as malformed: its payload runs past the first). */
	rte_pktmbuf_trim(m, rte_pktmbuf_pkt_len(m) - m->l2_len - (uint32_t)r);
	ctl_l2_reflect(p, m);
	CTL_COUNT(ICMP6_ECHO_TX);
	ctl_tx(p, m);
	return;
drop:
	rte_pktmbuf_free(m);
}
