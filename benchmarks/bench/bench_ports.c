/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The benchmark's two ports: net_ring ethdevs (rte_eth_from_rings) given
 * to lnsd's own port_init_all() as an access and a core port, so the
 * worker sees exactly the port_table[] lnsd builds. Each port has one RX
 * ring (the generator produces, the worker consumes) and two TX rings:
 * queue 0 for the worker, queue 1 for the control lcore (so no ctl_ring
 * is drained by the worker, as on a NIC with a spare TX queue).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "bench.h"
#include "dp_api.h"
#include "port.h"


static const char *bench_port_names[BENCH_NB_PORTS] = { "bench_access", "bench_core" };
static const uint8_t bench_core_gw_mac[6] = BENCH_CORE_GW_MAC;

static struct rte_ring *
bench_ring(const char *what, unsigned int i, unsigned int size)
{
	char name[RTE_RING_NAMESIZE];

	snprintf(name, sizeof(name), "bench_%s%u", what, i);
	return rte_ring_create(name, size, (int)rte_socket_id(),
			       RING_F_SP_ENQ | RING_F_SC_DEQ);
}

int
bench_ports_init(struct cfg *cfg, struct bench_ports *bp, uint32_t batch,
		 uint64_t extra)
{
	/*
	 * An RX ring holds a whole batch; the pool two batches (one being
	 * drained, one being built) and slack; a TX ring more than the
	 * pool, so the worker's TX never finds it full.
	 */
	uint32_t rx_ring = rte_align32pow2(batch + 1);
	uint32_t pool = 2 * batch + 8192 + (uint32_t)extra;
	uint32_t tx_ring = rte_align32pow2(pool + 1);
	unsigned int i;
	int pid, ret;

	memset(bp, 0, sizeof(*bp));
	cfg->nb_ports = BENCH_NB_PORTS;
	/* lnsd's own pool is unused (net_ring RX ignores it): keep it small. */
	cfg->dataplane.mbufs = 1023;
	for (i = 0; i < BENCH_NB_PORTS; i++) {
		struct cfg_port *cp = &cfg->ports[i];

		bp->rx[i] = bench_ring("rx", i, rx_ring);
		bp->tx[i][0] = bench_ring("txw", i, tx_ring);
		bp->tx[i][1] = bench_ring("txc", i, 1024);
		if (bp->rx[i] == NULL || bp->tx[i][0] == NULL || bp->tx[i][1] == NULL)
			return -rte_errno;
		pid = rte_eth_from_rings(bench_port_names[i], &bp->rx[i], 1,
					 bp->tx[i], 2, (unsigned int)rte_socket_id());
		if (pid < 0)
			return -rte_errno;
		memset(cp, 0, sizeof(*cp));
		snprintf(cp->name, sizeof(cp->name), "%s", i == BENCH_ACCESS ? "access" : "core");
		/* The ethdev's own name (the PMD prefixes it). */
		if (rte_eth_dev_get_name_by_port((uint16_t)pid, cp->device) != 0)
			return -ENODEV;
		cp->role = i == BENCH_ACCESS ? CFG_PORT_ACCESS : CFG_PORT_CORE;
		cp->address.addr = rte_cpu_to_be_32(i == BENCH_ACCESS ?
						    BENCH_ACCESS_IP : BENCH_CORE_IP);
		cp->address.len = 24;
		cp->gateway = i == BENCH_CORE ? rte_cpu_to_be_32(BENCH_CORE_GW) : 0;
		cp->mtu = 1500;
		cp->rx_desc = 1024;
		cp->tx_desc = 1024;
	}
	ret = port_init_all(cfg, rte_lcore_count() - 1);
	if (ret != 0)
		return ret;
	bp->access_ip = port_table[BENCH_ACCESS].ip;
	bp->core_ip = port_table[BENCH_CORE].ip;
	memcpy(bp->access_mac, port_table[BENCH_ACCESS].mac.addr_bytes, 6);
	memcpy(bp->core_mac, port_table[BENCH_CORE].mac.addr_bytes, 6);
	/* What lnsd's ARP would have resolved for the core gateway. */
	dp_nexthop_set((uint16_t)port_first_core(),
		       (const struct rte_ether_addr *)bench_core_gw_mac);
	/* And its neighbour discovery, the IPv6 gateway (the same router). */
	dp_nexthop6_set((uint16_t)port_first_core(),
			(const struct rte_ether_addr *)bench_core_gw_mac);

	bp->pool_size = pool;
	bp->pool = rte_pktmbuf_pool_create("bench_gen", pool, 256, 0,
		RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	if (bp->pool == NULL)
		return -rte_errno;
	return 0;
}

void
bench_ports_fini(struct bench_ports *bp)
{
	unsigned int i, j;

	port_stop_all();
	for (i = 0; i < BENCH_NB_PORTS; i++) {
		rte_ring_free(bp->rx[i]);
		for (j = 0; j < 2; j++)
			rte_ring_free(bp->tx[i][j]);
	}
	rte_mempool_free(bp->pool);
}
