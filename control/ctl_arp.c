/* SPDX-License-Identifier: BSD-3-Clause
 *
 * ARP, and the neighbour table both families share (ctl_neigh.h): IPv4
 * entries are solicited here, IPv6 ones by ctl_nd6.c, through the one
 * state machine; each family's gateway drives its own dp_nexthop*_set().
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <rte_arp.h>
#include <rte_spinlock.h>

#include "ctl_arp.h"
#include "ctl_nd6.h"
#include "ctl_stats.h"
#include "ctl_tx.h"
#include "dp_api.h"
#include "lns_ipv4.h"
#include "lns_log.h"
#include "port.h"

RTE_LOG_REGISTER(lns_logtype_arp, lnsd.arp, INFO);
RTE_LOG_REGISTER(lns_logtype_neigh, lnsd.neigh, INFO);

/* The control lcore writes; telemetry reads. Both under this lock. */
static struct neigh_table ctl_neigh;
static rte_spinlock_t ctl_neigh_lock = RTE_SPINLOCK_INITIALIZER;

static void
ctl_arp_fill(struct rte_arp_hdr *a, uint16_t op, const struct port *p,
	     const struct rte_ether_addr *tha, uint32_t tip)
{
	a->arp_hardware = rte_cpu_to_be_16(RTE_ARP_HRD_ETHER);
	a->arp_protocol = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	a->arp_hlen = RTE_ETHER_ADDR_LEN;
	a->arp_plen = sizeof(uint32_t);
	a->arp_opcode = rte_cpu_to_be_16(op);
	rte_ether_addr_copy(&p->mac, &a->arp_data.arp_sha);
	a->arp_data.arp_sip = p->ip;
	rte_ether_addr_copy(tha, &a->arp_data.arp_tha);
	a->arp_data.arp_tip = tip;
}

/* An ARP request for ip, broadcast or unicast to mac. */
static void
ctl_arp_request(uint16_t port, uint32_t ip, const uint8_t *mac)
{
	static const struct rte_ether_addr zero, bcast = {
		.addr_bytes = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
	const struct port *p = &port_table[port];
	struct rte_ether_addr dst;
	struct rte_arp_hdr *a;
	struct rte_mbuf *m;

	m = rte_pktmbuf_alloc(p->pool);
	if (m == NULL) {
		CTL_COUNT(TX_NOBUF);
		return;
	}
	a = (struct rte_arp_hdr *)rte_pktmbuf_append(m, sizeof(*a));
	if (mac != NULL)
		memcpy(dst.addr_bytes, mac, RTE_ETHER_ADDR_LEN);
	else
		dst = bcast;
	ctl_arp_fill(a, RTE_ARP_OP_REQUEST, p, &zero, ip);
	if (port_l2_prepend(p, m, &dst, RTE_ETHER_TYPE_ARP) != 0) {
		rte_pktmbuf_free(m);
		return;
	}
	CTL_COUNT(ARP_REQUEST_TX);
	ctl_tx(p, m);
}

/* neigh_solicit_fn: an ARP request or a Neighbor Solicitation. */
static void
ctl_arp_solicit(void *arg, uint16_t port, const uint8_t *addr,
		const uint8_t *mac)
{
	uint32_t ip;

	(void)arg;
	if (!neigh_is_v4(addr)) {
		ctl_nd6_solicit(port, addr, mac);
		return;
	}
	memcpy(&ip, addr + 12, sizeof(ip));
	ctl_arp_request(port, ip, mac);
}

const char *
ctl_neigh_addr_str(const struct neigh_entry *e, char *buf, size_t size)
{
	if (neigh_is_v4(e->addr))
		return inet_ntop(AF_INET, &e->ip, buf, (socklen_t)size);
	return inet_ntop(AF_INET6, e->addr, buf, (socklen_t)size);
}

/* neigh_change_fn: one log line per state change. */
static void
ctl_arp_changed(void *arg, const struct neigh_entry *e, enum neigh_state old)
{
	char ip[INET6_ADDRSTRLEN], mac[LNS_MAC_STRLEN];
	const struct rte_ether_addr *nh = neigh_usable(e) ?
		(const struct rte_ether_addr *)e->mac : NULL;

	/* Workers forward to the gateway's MAC while it is usable. */
	if (e->pinned && neigh_is_v4(e->addr) &&
	    e->ip == port_table[e->port].gateway)
		dp_nexthop_set(e->port, nh);
	else if (e->pinned && ctl_nd6_is_gateway(e->port, e->addr))
		dp_nexthop6_set(e->port, nh);
	if (old == e->state && e->state != NEIGH_INCOMPLETE)
		return;
	LNS_LOG(INFO, neigh, "port=%s ip=%s event=state old=%s new=%s mac=%s pinned=%d",
		port_table[e->port].cfg->name,
		ctl_neigh_addr_str(e, ip, sizeof(ip)),
		neigh_state_name(old), neigh_state_name(e->state),
		lns_mac_str(e->mac, mac), e->pinned);
}

int
ctl_arp_init(const struct cfg *cfg, uint64_t now_ms)
{
	struct neigh_params prm = {
		.reachable_ms = cfg->neigh.reachable_ms,
		.retrans_ms = cfg->neigh.retrans_ms,
		.probes = cfg->neigh.probes,
		.max_entries = cfg->neigh.max_entries,
	};
	unsigned int i;
	int ret;

	ret = neigh_init(&ctl_neigh, &prm, ctl_arp_solicit, ctl_arp_changed, NULL);
	if (ret != 0)
		return ret;
	rte_spinlock_lock(&ctl_neigh_lock);
	for (i = 0; i < port_count; i++)
		if (port_table[i].gateway != 0)
			neigh_resolve(&ctl_neigh, i, port_table[i].gateway, true,
				      now_ms);
	rte_spinlock_unlock(&ctl_neigh_lock);
	/* IPv6 on the core ports: our addresses, the gateways pinned. */
	ret = ctl_nd6_init(cfg, now_ms);
	if (ret != 0)
		ctl_arp_fini();
	return ret;
}

void
ctl_arp_fini(void)
{
	ctl_nd6_fini();
	rte_spinlock_lock(&ctl_neigh_lock);
	neigh_fini(&ctl_neigh);
	rte_spinlock_unlock(&ctl_neigh_lock);
}

static void
ctl_arp_reply(const struct port *p, struct rte_mbuf *m, struct rte_arp_hdr *a)
{
	struct rte_ether_addr sha = a->arp_data.arp_sha;
	uint32_t sip = a->arp_data.arp_sip;

	/* Reuse the request: trim any Ethernet padding and answer in place. */
	rte_pktmbuf_trim(m, rte_pktmbuf_pkt_len(m) - m->l2_len - sizeof(*a));
	ctl_arp_fill(a, RTE_ARP_OP_REPLY, p, &sha, sip);
	ctl_l2_reflect(p, m);
	CTL_COUNT(ARP_REPLY_TX);
	ctl_tx(p, m);
}

void
ctl_arp_input(struct rte_mbuf *m, uint64_t now_ms)
{
	const struct port *p = &port_table[port_index_of[m->port]];
	char ip[LNS_IPV4_STRLEN], mac[LNS_MAC_STRLEN];
	struct rte_arp_hdr *a;
	uint16_t op;
	uint32_t sip, tip;
	bool for_us;

	if (rte_pktmbuf_data_len(m) < m->l2_len + sizeof(*a))
		goto bad;
	a = rte_pktmbuf_mtod_offset(m, struct rte_arp_hdr *, m->l2_len);
	op = rte_be_to_cpu_16(a->arp_opcode);
	if (a->arp_hardware != rte_cpu_to_be_16(RTE_ARP_HRD_ETHER) ||
	    a->arp_protocol != rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4) ||
	    a->arp_hlen != RTE_ETHER_ADDR_LEN || a->arp_plen != 4 ||
	    (op != RTE_ARP_OP_REQUEST && op != RTE_ARP_OP_REPLY) ||
	    !rte_is_unicast_ether_addr(&a->arp_data.arp_sha))
		goto bad;
	sip = a->arp_data.arp_sip;
	tip = a->arp_data.arp_tip;
	if (op == RTE_ARP_OP_REQUEST)
		CTL_COUNT(ARP_REQUEST_RX);
	else
		CTL_COUNT(ARP_REPLY_RX);

	if (sip == p->ip) {
		CTL_COUNT(ARP_CONFLICT);
		LNS_LOG_RL(WARNING, arp, now_ms, 1, "port=%s event=address-conflict ip=%s mac=%s",
			   p->cfg->name, lns_ipv4_str(sip, ip),
			   lns_mac_str(a->arp_data.arp_sha.addr_bytes, mac));
		goto drop;
	}
	for_us = tip == p->ip;
	/* RFC 826: merge the sender if known; add it if we are the target. */
	if (sip != 0 && port_on_link(p, sip)) {
		struct neigh_entry *e;

		rte_spinlock_lock(&ctl_neigh_lock);
		e = neigh_confirm(&ctl_neigh, p->index, sip,
				  a->arp_data.arp_sha.addr_bytes, for_us, now_ms);
		rte_spinlock_unlock(&ctl_neigh_lock);
		if (e == NULL && for_us)
			CTL_COUNT(NEIGH_FULL);
	}
	if (!for_us) {
		CTL_COUNT(ARP_NOT_FOR_US);
		goto drop;
	}
	if (op == RTE_ARP_OP_REQUEST) {
		ctl_arp_reply(p, m, a);
		return;
	}
	goto drop;
bad:
	CTL_COUNT(ARP_MALFORMED);
	LNS_LOG_RL(DEBUG, arp, now_ms, 1, "port=%s event=malformed len=%u",
		   p->cfg->name, rte_pktmbuf_pkt_len(m));
drop:
	rte_pktmbuf_free(m);
}

void
ctl_arp_timer(uint64_t now_ms)
{
	rte_spinlock_lock(&ctl_neigh_lock);
	neigh_timer(&ctl_neigh, now_ms);
	rte_spinlock_unlock(&ctl_neigh_lock);
}

bool
ctl_arp_lookup(uint16_t port, uint32_t ip, struct neigh_entry *out)
{
	uint8_t a[NEIGH_ADDR_LEN];

	neigh_addr_v4(a, ip);
	return ctl_arp_lookup_addr(port, a, out);
}

bool
ctl_arp_lookup_addr(uint16_t port, const uint8_t *addr,
		    struct neigh_entry *out)
{
	const struct neigh_entry *e;
	bool ok = false;

	rte_spinlock_lock(&ctl_neigh_lock);
	e = neigh_lookup_addr(&ctl_neigh, port, addr);
	if (e != NULL) {
		*out = *e;
		ok = neigh_usable(e);
	}
	rte_spinlock_unlock(&ctl_neigh_lock);
	return ok;
}

void
ctl_arp_resolve_addr(uint16_t port, const uint8_t *addr, bool pin,
		     uint64_t now_ms)
{
	rte_spinlock_lock(&ctl_neigh_lock);
	if (neigh_resolve_addr(&ctl_neigh, port, addr, pin, now_ms) == NULL)
		CTL_COUNT(NEIGH_FULL);
	rte_spinlock_unlock(&ctl_neigh_lock);
}

bool
ctl_arp_confirm_addr(uint16_t port, const uint8_t *addr, const uint8_t *mac,
		     bool create, uint64_t now_ms)
{
	struct neigh_entry *e;

	rte_spinlock_lock(&ctl_neigh_lock);
	e = neigh_confirm_addr(&ctl_neigh, port, addr, mac, create, now_ms);
	rte_spinlock_unlock(&ctl_neigh_lock);
	if (e == NULL && create)
		CTL_COUNT(NEIGH_FULL);
	return e != NULL;
}

void
ctl_arp_walk(void (*fn)(const struct neigh_entry *e, void *arg), void *arg)
{
	unsigned int i;

	rte_spinlock_lock(&ctl_neigh_lock);
	for (i = 0; i < ctl_neigh.n; i++)
		fn(&ctl_neigh.v[i], arg);
	rte_spinlock_unlock(&ctl_neigh_lock);
}
