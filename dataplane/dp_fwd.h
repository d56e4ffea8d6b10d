/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Subscriber forwarding in the worker: upstream (L2TP/PPP decap to the
 * core next hop) and downstream (FIB lookup, encap towards the LAC), on
 * the lock-free session tables, counting per session (dp_sess_ctr.h)
 * what was forwarded downstream as offered and upstream as forwarded
 * (inner IP octets). First version: one packet at a time; fragmentation and ICMP errors are counted
 * drops until the control lcore answers them.
 */
#ifndef LNS_DP_FWD_H
#define LNS_DP_FWD_H

#include <stdint.h>

#include <rte_mbuf.h>

#include "dp_sess_ctr.h"
#include "dp_stats.h"
#include "port.h"

/*
 * Next hop MAC of each port's gateway, published by the control lcore
 * (ARP) and read by workers: bit 63 = valid, bits 0..47 = MAC. Written
 * with atomic stores by the control lcore only.
 */
extern uint64_t dp_nexthop[CFG_MAX_PORTS];
/* Index in port_table of the port upstream traffic leaves by; -1: none.
 * Set before the workers start. */
extern int dp_core_port;

void dp_nexthop_publish(uint16_t port, const uint8_t *mac);	/* NULL: clear */

/*
 * Forward m (classified UP or DOWN on p). Returns the port_table index to
 * transmit on (m rewritten), or -1 when m was consumed (dropped or
 * punted; counted in st).
 */
int dp_fwd_up(struct dp_lcore_stats *st, struct dp_sess_ctr *ctr,
	      struct rte_mbuf *m);
int dp_fwd_down(struct dp_lcore_stats *st, struct dp_sess_ctr *ctr,
		struct rte_mbuf *m, uint16_t *ip_id);

#endif /* LNS_DP_FWD_H */
