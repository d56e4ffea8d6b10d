/* SPDX-License-Identifier: BSD-3-Clause
 * Transmission from the control lcore.
 */
#ifndef LNS_CTL_TX_H
#define LNS_CTL_TX_H

#include <rte_mbuf.h>

#include "port.h"

/*
 * Send a complete frame on p from the control lcore: on the port's control
 * TX queue, or through worker 0's ring on devices without one. Consumes m
 * in every case (freed and counted on failure).
 */
void ctl_tx(const struct port *p, struct rte_mbuf *m);

/* Turn a received frame around: swap its Ethernet addresses in place. */
void ctl_l2_reflect(const struct port *p, struct rte_mbuf *m);

#endif /* LNS_CTL_TX_H */
