/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Port bring-up: probe, queues (one RX and one TX per worker, one TX for
 * the control lcore), mempools on the device's socket, start and stop.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_malloc.h>

#include "lns_ipv4.h"
#include "lns_log.h"
#include "lns_ring.h"
#include "port.h"
#include "port_flow.h"

RTE_LOG_REGISTER(lns_logtype_port, lnsd.port, INFO);

struct port port_table[CFG_MAX_PORTS];
unsigned int port_count;
uint8_t port_index_of[RTE_MAX_ETHPORTS];

static struct rte_mempool *port_pools[RTE_MAX_NUMA_NODES];

/* "0000:01:00.0" or "01:00.0": a PCI device rather than a vdev string. */
static bool
port_device_is_pci(const char *dev)
{
	unsigned int a, b, c, d;
	char tail;

	if (sscanf(dev, "%x:%x:%x.%x%c", &a, &b, &c, &d, &tail) == 4)
		return true;
	return sscanf(dev, "%x:%x.%x%c", &a, &b, &c, &tail) == 3;
}

/* True when the file's eal.args already name the device. */
static bool
port_in_eal_args(const struct cfg *cfg, const char *dev)
{
	unsigned int i;

	for (i = 0; i < cfg->eal.nb_args; i++)
		if (strcmp(cfg->eal.args[i], dev) == 0)
			return true;
	return false;
}

int
port_eal_args(const struct cfg *cfg, char **argv, int *argc, int max)
{
	unsigned int i;

	for (i = 0; i < cfg->nb_ports; i++) {
		const char *dev = cfg->ports[i].device;
		bool pci = port_device_is_pci(dev);

		if (port_in_eal_args(cfg, dev))
			continue;

		if (*argc + 2 > max)
			return -E2BIG;
		argv[(*argc)++] = strdup(pci ? "-a" : "--vdev");
		argv[(*argc)++] = strdup(dev);
		if (argv[*argc - 1] == NULL || argv[*argc - 2] == NULL)
			return -ENOMEM;
	}
	return 0;
}

/* The ethdev name is the device string up to its first comma. */
static int
port_find(const char *device, uint16_t *port_id)
{
	char name[CFG_DEVICE_LEN + 8];
	size_t n = strcspn(device, ",");

	snprintf(name, sizeof(name), "%.*s", (int)n, device);
	if (rte_eth_dev_get_port_by_name(name, port_id) == 0)
		return 0;
	if (port_device_is_pci(name) && strchr(name, ':') == strrchr(name, ':')) {
		char full[CFG_DEVICE_LEN + 16];

		snprintf(full, sizeof(full), "0000:%s", name);
		if (rte_eth_dev_get_port_by_name(full, port_id) == 0)
			return 0;
	}
	return -ENODEV;
}

static struct rte_mempool *
port_pool(const struct cfg *cfg, int socket)
{
	char name[RTE_MEMPOOL_NAMESIZE];
	uint16_t max_mtu = 0;
	unsigned int i;
	uint32_t room;

	if (port_pools[socket] != NULL)
		return port_pools[socket];
	for (i = 0; i < cfg->nb_ports; i++)
		max_mtu = RTE_MAX(max_mtu, cfg->ports[i].mtu);
	/* One segment holds a full frame: MTU + Ethernet + two VLAN tags. */
	room = RTE_MAX((uint32_t)RTE_MBUF_DEFAULT_DATAROOM,
		       (uint32_t)max_mtu + RTE_ETHER_HDR_LEN + 8 +
		       RTE_ETHER_CRC_LEN);
	snprintf(name, sizeof(name), "lns_mbuf_s%d", socket);
	port_pools[socket] = rte_pktmbuf_pool_create(name, cfg->dataplane.mbufs,
		cfg->dataplane.mbuf_cache, 0, room + RTE_PKTMBUF_HEADROOM, socket);
	if (port_pools[socket] == NULL)
		LNS_LOG(ERR, port, "event=mempool-failed socket=%d mbufs=%u error=\"%s\"",
			socket, cfg->dataplane.mbufs, rte_strerror(rte_errno));
	return port_pools[socket];
}

static int
port_configure(struct port *p, const struct cfg *cfg, unsigned int nb_workers)
{
	struct rte_eth_conf conf = { 0 };
	struct rte_eth_dev_info info;
	uint16_t q, nb_rxd, nb_txd;
	int ret;

	ret = rte_eth_dev_info_get(p->port_id, &info);
	if (ret != 0)
		return ret;
	if (info.max_rx_queues < nb_workers) {
		LNS_LOG(ERR, port, "port=%s event=config-failed error=\"device has %u rx queues, %u workers need one each\"",
			p->cfg->name, info.max_rx_queues, nb_workers);
		return -EINVAL;
	}
	p->nb_rxq = nb_workers;
	if (info.max_tx_queues >= nb_workers + 1) {
		p->nb_txq = nb_workers + 1;
		p->ctl_txq = nb_workers;
	} else if (info.max_tx_queues >= nb_workers) {
		char rname[RTE_RING_NAMESIZE];

		p->nb_txq = nb_workers;
		snprintf(rname, sizeof(rname), "lns_ctltx_%u", p->index);
		p->ctl_ring = rte_ring_create(rname, 1024, p->socket,
					      RING_F_SP_ENQ | RING_F_SC_DEQ);
		if (p->ctl_ring == NULL)
			return -rte_errno;
	} else {
		LNS_LOG(ERR, port, "port=%s event=config-failed error=\"device has %u tx queues, need %u\"",
			p->cfg->name, info.max_tx_queues, nb_workers);
		return -EINVAL;
	}

	if (p->nb_rxq > 1) {
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf = info.flow_type_rss_offloads &
			(RTE_ETH_RSS_IP | RTE_ETH_RSS_UDP);
	}
	ret = rte_eth_dev_configure(p->port_id, p->nb_rxq, p->nb_txq, &conf);
	if (ret != 0)
		return ret;

	nb_rxd = p->cfg->rx_desc;
	nb_txd = p->cfg->tx_desc;
	ret = rte_eth_dev_adjust_nb_rx_tx_desc(p->port_id, &nb_rxd, &nb_txd);
	if (ret != 0)
		return ret;
	for (q = 0; q < p->nb_rxq; q++) {
		ret = rte_eth_rx_queue_setup(p->port_id, q, nb_rxd, p->socket,
					     NULL, p->pool);
		if (ret != 0)
			return ret;
	}
	for (q = 0; q < p->nb_txq; q++) {
		ret = rte_eth_tx_queue_setup(p->port_id, q, nb_txd, p->socket,
					     NULL);
		if (ret != 0)
			return ret;
	}

	ret = rte_eth_dev_set_mtu(p->port_id, p->cfg->mtu);
	if (ret != 0 && ret != -ENOTSUP)
		LNS_LOG(WARNING, port, "port=%s event=mtu-not-set mtu=%u error=\"%s\"",
			p->cfg->name, p->cfg->mtu, rte_strerror(-ret));
	if (p->cfg->mac_set) {
		memcpy(p->mac.addr_bytes, p->cfg->mac, RTE_ETHER_ADDR_LEN);
		ret = rte_eth_dev_default_mac_addr_set(p->port_id, &p->mac);
		if (ret != 0)
			return ret;
	}
	return rte_eth_macaddr_get(p->port_id, &p->mac);
}

int
port_init_all(const struct cfg *cfg, unsigned int nb_workers)
{
	char mac[LNS_MAC_STRLEN], ip[LNS_IPV4_STRLEN];
	unsigned int i;
	int ret;

	memset(port_index_of, 0xff, sizeof(port_index_of));
	for (i = 0; i < cfg->nb_ports; i++) {
		struct port *p = &port_table[i];

		memset(p, 0, sizeof(*p));
		p->cfg = &cfg->ports[i];
		p->index = i;
		if (port_find(p->cfg->device, &p->port_id) != 0) {
			LNS_LOG(ERR, port, "port=%s event=not-found device=\"%s\" error=\"no such ethdev after EAL init (not probed?)\"",
				p->cfg->name, p->cfg->device);
			return -ENODEV;
		}
		p->ip = p->cfg->address.addr;
		p->mask = p->cfg->address.len == 0 ? 0 :
			htonl(~0u << (32 - p->cfg->address.len));
		p->gateway = p->cfg->gateway;
		p->vlan = p->cfg->vlan;
		p->socket = rte_eth_dev_socket_id(p->port_id);
		if (p->socket < 0)
			p->socket = (int)rte_socket_id();
		p->pool = port_pool(cfg, p->socket);
		if (p->pool == NULL)
			return -ENOMEM;
		port_count = i + 1;
		port_index_of[p->port_id] = i;

		ret = port_configure(p, cfg, nb_workers);
		if (ret != 0) {
			LNS_LOG(ERR, port, "port=%s event=config-failed error=\"%s\"",
				p->cfg->name, rte_strerror(-ret));
			return ret;
		}
		ret = rte_eth_dev_start(p->port_id);
		if (ret != 0) {
			LNS_LOG(ERR, port, "port=%s event=start-failed error=\"%s\"",
				p->cfg->name, rte_strerror(-ret));
			return ret;
		}
		p->started = true;
		LNS_LOG(INFO, port, "port=%s event=up ethdev=%u role=%s mac=%s ip=%s/%u vlan=%u rxq=%u txq=%u ctl_tx=%s socket=%d",
			p->cfg->name, p->port_id, cfg_port_role_name(p->cfg->role),
			lns_mac_str(p->mac.addr_bytes, mac),
			lns_ipv4_str(p->ip, ip), p->cfg->address.len, p->vlan,
			p->nb_rxq, p->nb_txq, p->ctl_ring ? "worker-ring" : "queue",
			p->socket);
		/* A refusal is logged and shown by lnsctl, never fatal. */
		(void)port_flow_install(p, cfg->dataplane.rss);
	}
	return 0;
}

int
port_first_core(void)
{
	unsigned int i;

	for (i = 0; i < port_count; i++)
		if (port_table[i].cfg->role == CFG_PORT_CORE)
			return (int)i;
	return -1;
}

void
port_stop_all(void)
{
	unsigned int i;
	int s;

	for (i = 0; i < port_count; i++) {
		struct port *p = &port_table[i];

		port_flow_remove(p);
		if (p->started) {
			rte_eth_dev_stop(p->port_id);
			p->started = false;
		}
		rte_eth_dev_close(p->port_id);
		if (p->ctl_ring != NULL) {
			lns_ring_drain_free(p->ctl_ring);
			rte_ring_free(p->ctl_ring);
			p->ctl_ring = NULL;
		}
		LNS_LOG(INFO, port, "port=%s event=down", p->cfg->name);
	}
	port_count = 0;
	for (s = 0; s < RTE_MAX_NUMA_NODES; s++) {
		rte_mempool_free(port_pools[s]);
		port_pools[s] = NULL;
	}
}

int
port_l2_prepend(const struct port *p, struct rte_mbuf *m,
		const struct rte_ether_addr *dst, uint16_t ethertype)
{
	struct rte_ether_hdr *eth;
	uint16_t l2 = sizeof(*eth) + (p->vlan ? sizeof(struct rte_vlan_hdr) : 0);

	eth = (struct rte_ether_hdr *)rte_pktmbuf_prepend(m, l2);
	if (eth == NULL)
		return -ENOSPC;
	rte_ether_addr_copy(dst, &eth->dst_addr);
	rte_ether_addr_copy(&p->mac, &eth->src_addr);
	if (p->vlan) {
		struct rte_vlan_hdr *vh = (struct rte_vlan_hdr *)(eth + 1);

		eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN);
		vh->vlan_tci = rte_cpu_to_be_16(p->vlan);
		vh->eth_proto = rte_cpu_to_be_16(ethertype);
	} else {
		eth->ether_type = rte_cpu_to_be_16(ethertype);
	}
	m->l2_len = l2;
	m->port = p->port_id;
	return 0;
}
