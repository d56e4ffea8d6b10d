/* SPDX-License-Identifier: BSD-3-Clause
 *
 * ICMP errors the control lcore sends on the workers' behalf: Time
 * Exceeded and Fragmentation Needed / Packet Too Big, for frames punted
 * as DP_PUNT_TTL_EXPIRED and DP_PUNT_FRAG_NEEDED (dataplane/dp_punt.h).
 * Downstream ones go back out of the core port to the frame's Ethernet
 * source; upstream ones go to the subscriber inside its session.
 * Paced by one token bucket (CTL_ICMP_ERR_RATE a second, burst
 * CTL_ICMP_ERR_BURST), every outcome counted (ctl_counters.def).
 *
 * Control lcore only.
 */
#ifndef LNS_CTL_ICMP_ERR_H
#define LNS_CTL_ICMP_ERR_H

#include <stdint.h>

#include <rte_mbuf.h>

#define CTL_ICMP_ERR_RATE	100	/* errors per second */
#define CTL_ICMP_ERR_BURST	50

/* A punted TTL_EXPIRED or FRAG_NEEDED frame; consumes m. */
void ctl_icmp_err_input(struct rte_mbuf *m, uint64_t now);


#endif /* LNS_CTL_ICMP_ERR_H */
