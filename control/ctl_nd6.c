/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Neighbor Discovery on the control lcore (ctl_nd6.h): the core ports'
 * IPv6 identities, the NS we send for the shared neighbour table, and
 * what punted NS / NA frames ask of us (decided by ctl_nd6_proc.c).
 * Every outcome is counted (ctl_counters.def, nd6_*).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <rte_ether.h>
#include <rte_mbuf.h>

#include "ctl_arp.h"
#include "ctl_nd6.h"
#include "ctl_stats.h"
#include "ctl_tx.h"
#include "dp_api.h"
#include "lns_ipv4.h"
#include "lns_log.h"
#include "nd6.h"
#include "port.h"

RTE_LOG_REGISTER(lns_logtype_nd6, lnsd.nd6, INFO);

/* Written by ctl_nd6_init() before the loop runs; read-only after. */
static struct ctl_nd6_if ctl_nd6_ifs[CFG_MAX_PORTS];

/* A received ND packet when it is not contiguous; ND fits one frame. */
#define CTL_ND6_MAX_LEN	RTE_ETHER_MTU
static uint8_t ctl_nd6_buf[CTL_ND6_MAX_LEN];

const struct ctl_nd6_if *
ctl_nd6_if_get(uint16_t port)
{
	return port < port_count ? &ctl_nd6_ifs[port] : NULL;
}

bool
ctl_nd6_is_gateway(uint16_t port, const uint8_t *addr)
{
	const struct ctl_nd6_if *f = ctl_nd6_if_get(port);

	return f != NULL && f->has_gw && memcmp(f->gw, addr, 16) == 0;
}

int
ctl_nd6_init(const struct cfg *cfg, uint64_t now_ms)
{
	char a[INET6_ADDRSTRLEN], l[INET6_ADDRSTRLEN];
	uint8_t addrs[2][16];
	unsigned int i;
	int ret;

	(void)cfg;
	for (i = 0; i < port_count; i++) {
		struct ctl_nd6_if *f = &ctl_nd6_ifs[i];
		const struct port *p = &port_table[i];

		ctl_nd6_if_init(f, p->cfg, p->mac.addr_bytes);
		if (!f->on)
			continue;
		memcpy(addrs[0], f->global, 16);
		memcpy(addrs[1], f->ll, 16);
		ret = dp_local6_set(i, (const uint8_t (*)[16])addrs, 2);
		if (ret != 0) {
			LNS_LOG(ERR, nd6, "port=%s event=local6-set error=%d",
				p->cfg->name, ret);
			return ret;
		}
		LNS_LOG(INFO, nd6, "port=%s event=ipv6 address=%s/%u "
			"link_local=%s", p->cfg->name,
			inet_ntop(AF_INET6, f->global, a, sizeof(a)), f->plen,
			inet_ntop(AF_INET6, f->ll, l, sizeof(l)));
		/* The gateway is resolved now and kept so, as for IPv4. */
		if (f->has_gw)
			ctl_arp_resolve_addr(i, f->gw, true, now_ms);
	}
	return 0;
}

void
ctl_nd6_fini(void)
{
	unsigned int i;

	for (i = 0; i < port_count && i < CFG_MAX_PORTS; i++) {
		if (ctl_nd6_ifs[i].has_gw)
			dp_nexthop6_set(i, NULL);
		memset(&ctl_nd6_ifs[i], 0, sizeof(ctl_nd6_ifs[i]));
	}
}

/* The IPv6 packet of len octets at out (in n's data) onto the wire. */
static void
ctl_nd6_send(const struct port *p, struct rte_mbuf *n, size_t len,
	     const uint8_t eth_dst[6])
{
	struct rte_ether_addr dst;

	memcpy(dst.addr_bytes, eth_dst, RTE_ETHER_ADDR_LEN);
	if (len == 0 || rte_pktmbuf_append(n, (uint16_t)len) == NULL ||
	    port_l2_prepend(p, n, &dst, RTE_ETHER_TYPE_IPV6) != 0) {
		CTL_COUNT(TX_NOBUF);
		rte_pktmbuf_free(n);
		return;
	}
	ctl_tx(p, n);
}

void
ctl_nd6_solicit(uint16_t port, const uint8_t *target, const uint8_t *mac)
{
	const struct ctl_nd6_if *f = ctl_nd6_if_get(port);
	const struct port *p = &port_table[port];
	uint8_t eth_dst[6];
	struct rte_mbuf *n;
	size_t len;

	if (f == NULL || !f->on) {
		CTL_COUNT(ND6_PORT_OFF);
		return;
	}
	n = rte_pktmbuf_alloc(p->pool);
	if (n == NULL) {
		CTL_COUNT(TX_NOBUF);
		return;
	}
	len = ctl_nd6_ns(f, target, mac, rte_pktmbuf_mtod(n, uint8_t *),
			 rte_pktmbuf_tailroom(n), eth_dst);
	CTL_COUNT(ND6_NS_TX);
	ctl_nd6_send(p, n, len, eth_dst);
}

/* Carry out what ctl_nd6_process() decided about a frame from p. */
static void
ctl_nd6_act(const struct port *p, const struct ctl_nd6_act *act,
	    struct rte_mbuf *n, uint64_t now_ms)
{
	struct neigh_entry e;
	char a[INET6_ADDRSTRLEN];

	if (act->learn && act->has_mac)
		ctl_arp_confirm_addr(p->index, act->addr, act->mac,
				     act->create, now_ms);
	else if (act->learn && ctl_arp_lookup_addr(p->index, act->addr, &e))
		/* An NA without TLLA confirms the MAC we have (§7.2.5). */
		ctl_arp_confirm_addr(p->index, act->addr, e.mac, false,
				     now_ms);
	if (act->v == CTL_ND6_V_CONFLICT) {
		CTL_COUNT(ND6_CONFLICT);
		LNS_LOG_RL(WARNING, nd6, now_ms, 1, "port=%s "
			   "event=address-conflict ip=%s", p->cfg->name,
			   inet_ntop(AF_INET6, act->addr, a, sizeof(a)));
	}
	if (act->v == CTL_ND6_V_DAD_DEFEND)
		CTL_COUNT(ND6_DAD_DEFENDED);
	if (act->len == 0) {
		rte_pktmbuf_free(n);
		return;
	}
	CTL_COUNT(ND6_NA_TX);
	ctl_nd6_send(p, n, act->len, act->eth_dst);
}

/* What came in, by type (well-formed NS / NA) and by refusal. */
static void
ctl_nd6_count(const struct port *p, const struct ctl_nd6_act *act,
	      uint32_t len, uint64_t now_ms)
{
	if (act->type == ND6_NS)
		CTL_COUNT(ND6_NS_RX);
	else if (act->type == ND6_NA)
		CTL_COUNT(ND6_NA_RX);
	switch (act->v) {
	case CTL_ND6_V_MALFORMED:
		CTL_COUNT(ND6_MALFORMED_RX);
		LNS_LOG_RL(DEBUG, nd6, now_ms, 1, "port=%s event=malformed "
			   "why=%s len=%u", p->cfg->name,
			   nd6_err_name((enum nd6_err)act->err), len);
		break;
	case CTL_ND6_V_OTHER:
		CTL_COUNT(ND6_OTHER_RX);
		break;
	case CTL_ND6_V_NOT_FOR_US:
		CTL_COUNT(ND6_NOT_FOR_US);
		break;
	default:
		break;		/* conflicts and DAD: ctl_nd6_act() */
	}
}

void
ctl_nd6_input(struct rte_mbuf *m, uint64_t now_ms)
{
	const struct rte_ether_hdr *eth;
	const struct ctl_nd6_if *f;
	const struct port *p;
	struct ctl_nd6_act act;
	struct rte_mbuf *n;
	const uint8_t *pkt;
	uint32_t len;

	if (m->port >= RTE_MAX_ETHPORTS || port_index_of[m->port] >= port_count)
		goto drop;
	p = &port_table[port_index_of[m->port]];
	f = ctl_nd6_if_get(p->index);
	if (f == NULL || !f->on) {
		CTL_COUNT(ND6_PORT_OFF);
		goto drop;
	}
	len = rte_pktmbuf_pkt_len(m) - m->l2_len;
	pkt = len <= CTL_ND6_MAX_LEN ?
	      rte_pktmbuf_read(m, m->l2_len, len, ctl_nd6_buf) : NULL;
	if (pkt == NULL) {
		CTL_COUNT(ND6_MALFORMED_RX);
		goto drop;
	}
	n = rte_pktmbuf_alloc(p->pool);
	if (n == NULL) {
		CTL_COUNT(TX_NOBUF);
		goto drop;
	}
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	ctl_nd6_process(f, pkt, len, eth->src_addr.addr_bytes,
			rte_pktmbuf_mtod(n, uint8_t *), rte_pktmbuf_tailroom(n),
			&act);
	ctl_nd6_count(p, &act, len, now_ms);
	ctl_nd6_act(p, &act, n, now_ms);
drop:
	rte_pktmbuf_free(m);
}
