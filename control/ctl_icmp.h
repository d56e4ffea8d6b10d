/* SPDX-License-Identifier: BSD-3-Clause
 * ICMP for our own addresses: echo replies (RFC 792, RFC 4443 §4).
 */
#ifndef LNS_CTL_ICMP_H
#define LNS_CTL_ICMP_H

#include <rte_mbuf.h>

/* A punted IPv4/ICMP frame for one of our addresses; consumes m. */
void ctl_icmp_input(struct rte_mbuf *m);

/*
 * A punted DP_PUNT_IPV6_LOCAL frame (to one of our core IPv6 addresses,
 * or a link-local / multicast destination): Echo Requests to our
 * addresses answered (ctl_icmp6.c), the rest counted and freed.
 */
void ctl_icmp6_input(struct rte_mbuf *m);

#endif /* LNS_CTL_ICMP_H */
