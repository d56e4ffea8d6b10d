/* SPDX-License-Identifier: BSD-3-Clause
 * ICMP for our own addresses: echo replies (RFC 792).
 */
#ifndef LNS_CTL_ICMP_H
#define LNS_CTL_ICMP_H

#include <rte_mbuf.h>

/* A punted IPv4/ICMP frame for one of our addresses; consumes m. */
void ctl_icmp_input(struct rte_mbuf *m);

#endif /* LNS_CTL_ICMP_H */
