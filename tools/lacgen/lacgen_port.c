/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one DPDK port of lns-lacgen: one RX and one TX queue, a mempool,
 * Ethernet/IPv4/UDP framing of control messages, and just enough ARP to
 * answer for our address and to learn the next hop's MAC (the LNS's own,
 * unless --gateway-mac names a router).
 *
 * Received frames are filtered down to UDP to our address, port 1701,
 * from the LNS's address; everything else is counted and freed here.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_arp.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_udp.h>

#include "lacgen.h"
#include "lns_udp.h"

#define LACGEN_NB_MBUF		4095
#define LACGEN_MBUF_CACHE	128
#define LACGEN_NB_RXD		512
#define LACGEN_NB_TXD		512

int
lacgen_port_init(struct lacgen_port *p, const struct lacgen_conf *conf,
    lacgen_port_rx_t rx_cb, void *rx_arg)
{
	struct rte_eth_conf port_conf;
	struct rte_eth_dev_info info;
	char name[RTE_MEMPOOL_NAMESIZE];
	int socket, rc;
	uint16_t q;

	memset(p, 0, sizeof(*p));
	p->port_id = conf->port_id;
	p->local_ip = conf->local_ip;
	p->lns_ip = conf->lns_ip;
	p->rx_cb = rx_cb;
	p->rx_arg = rx_arg;
	if (!rte_eth_dev_is_valid_port(p->port_id)) {
		fprintf(stderr, "lacgen: port %u does not exist (%u ports)\n",
		    p->port_id, rte_eth_dev_count_avail());
		return -ENODEV;
	}
	rc = rte_eth_dev_info_get(p->port_id, &info);
	if (rc < 0)
		return rc;
	socket = rte_eth_dev_socket_id(p->port_id);
	if (socket < 0)
		socket = (int)rte_socket_id();
	snprintf(name, sizeof(name), "lacgen_mp%u", p->port_id);
	p->mp = rte_pktmbuf_pool_create(name, LACGEN_NB_MBUF,
	    LACGEN_MBUF_CACHE, 0, RTE_MBUF_DEFAULT_BUF_SIZE, socket);
	if (p->mp == NULL) {
		fprintf(stderr, "lacgen: cannot create mempool: %s\n",
		    rte_strerror(rte_errno));
		return -rte_errno;
	}
	memset(&port_conf, 0, sizeof(port_conf));
	/*
	 * --rx-queues: over memif the LNS sends on each of its TX queues (one
	 * per worker plus one for its control lcore) and each arrives on our
	 * RX queue of the same number, so we need as many (memif refuses a
	 * peer with more).
	 */
	p->nb_rxq = conf->rx_queues ? conf->rx_queues : 1;
	rc = rte_eth_dev_configure(p->port_id, p->nb_rxq, 1, &port_conf);
	if (rc < 0)
		goto fail;
	for (q = 0; q < p->nb_rxq; q++) {
		rc = rte_eth_rx_queue_setup(p->port_id, q, LACGEN_NB_RXD,
		    (unsigned int)socket, NULL, p->mp);
		if (rc < 0)
			goto fail;
	}
	rc = rte_eth_tx_queue_setup(p->port_id, 0, LACGEN_NB_TXD,
	    (unsigned int)socket, NULL);
	if (rc < 0)
		goto fail;
	rc = rte_eth_dev_start(p->port_id);
	if (rc < 0)
		goto fail;
	rc = rte_eth_macaddr_get(p->port_id, &p->mac);
	if (rc < 0)
		goto fail;
	if (conf->has_gw_mac) {
		rte_ether_addr_copy(&conf->gw_mac, &p->next_hop_mac);
		p->resolved = true;
	}
	return 0;
fail:
	fprintf(stderr, "lacgen: port %u (%s) setup failed: %s\n", p->port_id,
	    info.driver_name, rte_strerror(-rc));
	return rc;
}

void
lacgen_port_fini(struct lacgen_port *p)
{
	lacgen_port_flush(p);
	rte_eth_dev_stop(p->port_id);
	rte_eth_dev_close(p->port_id);
}

void
lacgen_port_flush(struct lacgen_port *p)
{
	uint16_t sent, i;

	if (p->n_tx == 0)
		return;
	sent = rte_eth_tx_burst(p->port_id, 0, p->tx, p->n_tx);
	p->stats.tx_pkts += sent;
	/* A full ring is a loss like any other: the transport resends. */
	for (i = sent; i < p->n_tx; i++) {
		rte_pktmbuf_free(p->tx[i]);
		p->stats.tx_dropped++;
	}
	p->n_tx = 0;
}

void
lacgen_port_read_stats(struct lacgen_port *p)
{
	struct rte_eth_stats hw;

	if (rte_eth_stats_get(p->port_id, &hw) != 0)
		return;
	p->stats.hw_rx_missed = hw.imissed;
	p->stats.hw_rx_errors = hw.ierrors + hw.rx_nombuf;
	p->stats.hw_tx_errors = hw.oerrors;
}

static void
port_queue(struct lacgen_port *p, struct rte_mbuf *m)
{
	p->tx[p->n_tx++] = m;
	if (p->n_tx == LACGEN_TX_BURST)
		lacgen_port_flush(p);
}

static int
port_eth_prepend(struct lacgen_port *p, struct rte_mbuf *m,
    const struct rte_ether_addr *dst, uint16_t ethertype)
{
	struct rte_ether_hdr *eh;

	eh = (struct rte_ether_hdr *)rte_pktmbuf_prepend(m, sizeof(*eh));
	if (eh == NULL)
		return -ENOSPC;
	rte_ether_addr_copy(dst, &eh->dst_addr);
	rte_ether_addr_copy(&p->mac, &eh->src_addr);
	eh->ether_type = rte_cpu_to_be_16(ethertype);
	m->l2_len = sizeof(*eh);
	return 0;
}

int
lacgen_port_send_mbuf(struct lacgen_port *p, uint16_t dport,
    struct rte_mbuf *m)
{
	if (!p->resolved) {
		rte_pktmbuf_free(m);
		return -EHOSTUNREACH;
	}
	if (lns_udp_encap(m, p->local_ip, p->lns_ip, LNS_L2TP_PORT, dport,
	    p->ip_id++) < 0 ||
	    port_eth_prepend(p, m, &p->next_hop_mac, RTE_ETHER_TYPE_IPV4) < 0) {
		rte_pktmbuf_free(m);
		return -ENOSPC;
	}
	port_queue(p, m);
	return 0;
}

int
lacgen_port_send_udp(struct lacgen_port *p, uint16_t dport,
    const uint8_t *payload, size_t len)
{
	struct rte_mbuf *m;
	uint8_t *d;

	if (!p->resolved)
		return -EHOSTUNREACH;
	m = rte_pktmbuf_alloc(p->mp);
	if (m == NULL) {
		p->stats.no_mbuf++;
		return -ENOMEM;
	}
	d = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)len);
	if (d == NULL) {
		rte_pktmbuf_free(m);
		return -ENOSPC;
	}
	memcpy(d, payload, len);
	return lacgen_port_send_mbuf(p, dport, m);
}

static int
port_arp_send(struct lacgen_port *p, uint16_t op,
    const struct rte_ether_addr *dst, const struct rte_ether_addr *tha,
    uint32_t tip)
{
	struct rte_arp_hdr *a;
	struct rte_mbuf *m;

	m = rte_pktmbuf_alloc(p->mp);
	if (m == NULL) {
		p->stats.no_mbuf++;
		return -ENOMEM;
	}
	a = (struct rte_arp_hdr *)rte_pktmbuf_append(m, sizeof(*a));
	if (a == NULL || port_eth_prepend(p, m, dst, RTE_ETHER_TYPE_ARP) < 0) {
		rte_pktmbuf_free(m);
		return -ENOSPC;
	}
	a->arp_hardware = rte_cpu_to_be_16(RTE_ARP_HRD_ETHER);
	a->arp_protocol = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	a->arp_hlen = RTE_ETHER_ADDR_LEN;
	a->arp_plen = 4;
	a->arp_opcode = rte_cpu_to_be_16(op);
	rte_ether_addr_copy(&p->mac, &a->arp_data.arp_sha);
	a->arp_data.arp_sip = p->local_ip;
	rte_ether_addr_copy(tha, &a->arp_data.arp_tha);
	a->arp_data.arp_tip = tip;
	p->stats.arp_tx++;
	port_queue(p, m);
	return 0;
}

int
lacgen_port_arp_request(struct lacgen_port *p)
{
	struct rte_ether_addr bcast, zero;

	memset(&bcast, 0xff, sizeof(bcast));
	memset(&zero, 0, sizeof(zero));
	return port_arp_send(p, RTE_ARP_OP_REQUEST, &bcast, &zero, p->lns_ip);
}

static void
port_rx_arp(struct lacgen_port *p, struct rte_mbuf *m)
{
	const struct rte_arp_hdr *a;
	struct rte_ether_addr sha;
	uint16_t op;

	p->stats.arp_rx++;
	if (rte_pktmbuf_data_len(m) < sizeof(struct rte_ether_hdr) +
	    sizeof(*a)) {
		p->stats.rx_malformed++;
		return;
	}
	a = rte_pktmbuf_mtod_offset(m, const struct rte_arp_hdr *,
	    sizeof(struct rte_ether_hdr));
	if (a->arp_hardware != rte_cpu_to_be_16(RTE_ARP_HRD_ETHER) ||
	    a->arp_protocol != rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4) ||
	    a->arp_hlen != RTE_ETHER_ADDR_LEN || a->arp_plen != 4) {
		p->stats.rx_malformed++;
		return;
	}
	op = rte_be_to_cpu_16(a->arp_opcode);
	rte_ether_addr_copy(&a->arp_data.arp_sha, &sha);
	/* Learn the LNS's MAC from its requests and replies alike. */
	if (a->arp_data.arp_sip == p->lns_ip && !p->resolved &&
	    rte_is_unicast_ether_addr(&sha)) {
		rte_ether_addr_copy(&sha, &p->next_hop_mac);
		p->resolved = true;
	}
	if (op == RTE_ARP_OP_REQUEST && a->arp_data.arp_tip == p->local_ip)
		port_arp_send(p, RTE_ARP_OP_REPLY, &sha, &sha,
		    a->arp_data.arp_sip);
}

static void
port_rx_ipv4(struct lacgen_port *p, struct rte_mbuf *m, uint64_t now)
{
	const struct rte_ipv4_hdr *ip;
	struct lns_udp_view v;
	uint16_t ihl, tot;

	if (rte_pktmbuf_data_len(m) < sizeof(struct rte_ether_hdr) +
	    sizeof(*ip)) {
		p->stats.rx_malformed++;
		return;
	}
	ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *,
	    sizeof(struct rte_ether_hdr));
	ihl = (uint16_t)((ip->version_ihl & 0x0f) * 4);
	tot = rte_be_to_cpu_16(ip->total_length);
	if ((ip->version_ihl >> 4) != 4 || ihl < sizeof(*ip) || tot < ihl ||
	    rte_pktmbuf_data_len(m) < sizeof(struct rte_ether_hdr) + tot ||
	    rte_ipv4_cksum(ip) != 0) {
		p->stats.rx_malformed++;
		return;
	}
	if (ip->dst_addr != p->local_ip || ip->next_proto_id != IPPROTO_UDP) {
		p->stats.rx_not_ours++;
		return;
	}
	if ((rte_be_to_cpu_16(ip->fragment_offset) &
	    (RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)) != 0) {
		p->stats.rx_fragments++;
		return;
	}
	m->l2_len = sizeof(struct rte_ether_hdr);
	m->l3_len = ihl;
	if (lns_udp_decap(m, &v) < 0) {
		p->stats.rx_malformed++;
		return;
	}
	if (rte_be_to_cpu_16(v.udp->dst_port) != LNS_L2TP_PORT) {
		p->stats.rx_not_ours++;
		return;
	}
	if (ip->src_addr != p->lns_ip) {
		p->stats.rx_foreign_src++;
		return;
	}
	p->rx_cb(p->rx_arg, ip->src_addr, rte_be_to_cpu_16(v.udp->src_port),
	    v.payload, v.len, now);
}

unsigned int
lacgen_port_poll(struct lacgen_port *p, uint64_t now)
{
	struct rte_mbuf *pkts[LACGEN_RX_BURST];
	const struct rte_ether_hdr *eh;
	uint16_t n, i, q;

	/* The first non-empty queue, starting after the last one served. */
	n = 0;
	for (i = 0; i < p->nb_rxq && n == 0; i++) {
		q = p->rxq_next;
		p->rxq_next = (uint16_t)((q + 1) % p->nb_rxq);
		n = rte_eth_rx_burst(p->port_id, q, pkts, LACGEN_RX_BURST);
	}
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];

		p->stats.rx_pkts++;
		if (!rte_pktmbuf_is_contiguous(m) ||
		    rte_pktmbuf_data_len(m) < sizeof(*eh)) {
			p->stats.rx_malformed++;
			rte_pktmbuf_free(m);
			continue;
		}
		eh = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
		switch (rte_be_to_cpu_16(eh->ether_type)) {
		case RTE_ETHER_TYPE_ARP:
			port_rx_arp(p, m);
			break;
		case RTE_ETHER_TYPE_IPV4:
			port_rx_ipv4(p, m, now);
			break;
		default:
			p->stats.rx_not_ours++;
			break;
		}
		rte_pktmbuf_free(m);
	}
	return n;
}
