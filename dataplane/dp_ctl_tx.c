/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Frames the control lcore sends (dp_control_tx() in dp_api.h). Each
 * port has a TX queue for the control lcore when the device can spare
 * one; otherwise port->ctl_ring hands the frame to worker 0, which
 * sends it on its own queue (dp_worker.c), so no queue is ever shared.
 */
#include <errno.h>

#include <rte_ethdev.h>

#include "dp_api.h"
#include "port.h"

int
dp_control_tx(uint16_t port, struct rte_mbuf *m)
{
	const struct port *p;

	if (port >= port_count)
		return -EINVAL;
	p = &port_table[port];
	if (p->ctl_ring != NULL)
		return rte_ring_sp_enqueue(p->ctl_ring, m) == 0 ? 0 : -ENOBUFS;
	return rte_eth_tx_burst(p->port_id, p->ctl_txq, &m, 1) == 1 ? 0 : -ENOBUFS;
}
