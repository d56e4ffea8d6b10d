/* SPDX-License-Identifier: BSD-3-Clause
 *
 * How a punted mbuf tells the control lcore why it came (the contract
 * between the workers and control/ctl_loop.c):
 *
 *   m->hash.usr      enum dp_punt_reason (dp_drop.def)
 *   m->hash.fdir.hi  bits 0..15: an MTU (DP_PUNT_FRAG_NEEDED: the
 *                    Next-Hop MTU to report), bit 16: DP_PUNT_DIR_DOWN
 *
 * The frame is always the one the worker received, unmodified, data at
 * its Ethernet header, m->port its input port, m->l2_len / m->l3_len
 * the outer Ethernet[/802.1Q] and IPv4 header lengths:
 *  - upstream (DP_PUNT_DIR_DOWN clear): an L2TP data message from a LAC
 *    (access side); the subscriber's packet is inside it. ICMP errors go
 *    back through the subscriber's session.
 *  - downstream (DP_PUNT_DIR_DOWN set): an IP packet from the core side
 *    to a subscriber; ICMP errors go back to its source on that port.
 * The RSS hash is not needed past the worker, so the union is free.
 */
#ifndef LNS_DP_PUNT_H
#define LNS_DP_PUNT_H

#include <stdint.h>

#include <rte_mbuf.h>

#include "dp_stats.h"

#define DP_PUNT_DIR_DOWN	(UINT32_C(1) << 16)

static inline void
dp_punt_tag(struct rte_mbuf *m, enum dp_punt_reason reason, uint16_t mtu,
	    int down)
{
	m->hash.usr = reason;
	m->hash.fdir.hi = mtu | (down ? DP_PUNT_DIR_DOWN : 0);
}

static inline enum dp_punt_reason
dp_punt_reason_of(const struct rte_mbuf *m)
{
	return (enum dp_punt_reason)m->hash.usr;
}

static inline uint16_t
dp_punt_mtu(const struct rte_mbuf *m)
{
	return (uint16_t)(m->hash.fdir.hi & 0xffff);
}

static inline int
dp_punt_is_down(const struct rte_mbuf *m)
{
	return (m->hash.fdir.hi & DP_PUNT_DIR_DOWN) != 0;
}

#endif /* LNS_DP_PUNT_H */
