/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Ports: DPDK ethdevs configured from the YAML ports section.
 *
 * Ownership: the table is written by the main lcore in port_init_all()
 * before the workers are launched and is read-only while they run.
 * Counters are not kept here (see dp_stats.h and ctl_stats.h).
 */
#ifndef LNS_PORT_H
#define LNS_PORT_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_ether.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "cfg.h"

struct port {
	const struct cfg_port *cfg;	/* name, role, mtu ... */
	uint16_t port_id;		/* DPDK ethdev id */
	uint16_t index;			/* index in port_table[] */
	struct rte_ether_addr mac;
	uint32_t ip;			/* our address, network order */
	uint32_t mask;			/* network order */
	uint32_t gateway;		/* network order, 0 = none */
	uint16_t vlan;			/* VID, 0 = untagged */
	int socket;			/* NUMA socket of the device */
	uint16_t nb_rxq;		/* one per worker */
	uint16_t nb_txq;		/* one per worker (+1 for control) */
	/*
	 * Control frames leave on TX queue ctl_txq when the device has a
	 * queue to spare. Devices with fewer TX queues than workers + 1
	 * (e.g. net_af_packet without qpairs=) get ctl_ring instead: the
	 * control lcore enqueues (single producer) and worker 0 drains it
	 * onto its own queue (single consumer), so no queue is shared.
	 */
	uint16_t ctl_txq;
	struct rte_ring *ctl_ring;
	struct rte_mempool *pool;	/* RX and control mbufs, on socket */
	bool started;
	uint8_t rss_l2tp;	/* 1: the NIC spreads upstream L2TP by session (rte_flow, dataplane.rss) */
};

extern struct port port_table[CFG_MAX_PORTS];
extern unsigned int port_count;
/* ethdev port id -> index in port_table[], 0xff when not ours. */
extern uint8_t port_index_of[RTE_MAX_ETHPORTS];

/* Append the EAL arguments that probe the configured devices. */
int port_eal_args(const struct cfg *cfg, char **argv, int *argc, int max);

int port_init_all(const struct cfg *cfg, unsigned int nb_workers);
void port_stop_all(void);
/* Index of the first core port (upstream traffic leaves by it), or -1. */
int port_first_core(void);

/* True when addr (network order) is on the port's subnet. */
static inline bool
port_on_link(const struct port *p, uint32_t addr)
{
	return ((addr ^ p->ip) & p->mask) == 0;
}

/*
 * Prepend Ethernet (and the port's 802.1Q tag) to m, with our MAC as
 * source. Returns 0 or -ENOSPC when the headroom is too small.
 */
int port_l2_prepend(const struct port *p, struct rte_mbuf *m,
		    const struct rte_ether_addr *dst, uint16_t ethertype);

#endif /* LNS_PORT_H */
