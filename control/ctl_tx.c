/* SPDX-License-Identifier: BSD-3-Clause */
#include <rte_ethdev.h>

#include "ctl_stats.h"
#include "dp_api.h"
#include "ctl_tx.h"

void
ctl_tx(const struct port *p, struct rte_mbuf *m)
{
	if (dp_control_tx(p->index, m) != 0) {
		CTL_COUNT(TX_FAIL);
		rte_pktmbuf_free(m);
	}
}

void
ctl_l2_reflect(const struct port *p, struct rte_mbuf *m)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);

	rte_ether_addr_copy(&eth->src_addr, &eth->dst_addr);
	rte_ether_addr_copy(&p->mac, &eth->src_addr);
}
