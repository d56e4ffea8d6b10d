/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Where ICMP errors come from and go to; the bytes are ctl_icmp_build.c.
 *
 * Downstream (core -> subscriber): from the core port's address (IPv6:
 * its ports[].address6, else its link-local address), back to
 * the Ethernet source of the frame on the same port (VLAN tag and all,
 * port_l2_prepend()), as ctl_icmp.c answers echo requests: no ARP.
 * Upstream (subscriber -> core): from our IPCP address (ppp.local_address)
 * or, for IPv6, the link-local address built from the interface
 * identifier we negotiated in IPv6CP (RFC 5072 §5), into the session
 * with its own outer template (dp_session_encap(); a sequenced session's
 * Ns comes from the sequence it shares with the workers).
 *
 * The worker punts a packet of the session fast path only after its
 * checks (outer peer, inner sanity, anti-spoofing), with the session in
 * the punt metadata (dp_api.h); we answer only if that session is still
 * the subscriber's on the same call (its index may have been reused).
 */
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>

#include "ctl_icmp_build.h"
#include "ctl_icmp_err.h"
#include "ctl_nd6.h"
#include "ctl_ppp.h"
#include "ctl_stats.h"
#include "ctl_tx.h"
#include "dp_api.h"
#include "ip6.h"
#include "port.h"
#include "lns_ppp_wire.h"

static struct ctl_icmp_bucket ctl_icmp_err_bucket;
static bool ctl_icmp_err_bucket_ready;
/*
 * IPv4 Identification of our ICMP datagrams (the outer header of one sent
 * into a session is numbered by the dataplane, dp_session_encap()).
 */
static uint16_t ctl_icmp_err_ip_id;
/* The offending packet, when it is not contiguous in the mbuf. */
static uint8_t ctl_icmp_err_copy[CTL_ICMP6_MAX_LEN];

static const uint8_t ctl_icmp_err_sup[] = {
	[CTL_ICMP_SUP_MALFORMED] = CTL_ICMP_ERR_BAD_PUNT,
	[CTL_ICMP_SUP_ICMP_ERROR] = CTL_ICMP_ERR_SUP_ICMP,
	[CTL_ICMP_SUP_FRAGMENT] = CTL_ICMP_ERR_SUP_FRAG,
	[CTL_ICMP_SUP_DST] = CTL_ICMP_ERR_SUP_DST,
	[CTL_ICMP_SUP_SRC] = CTL_ICMP_ERR_SUP_SRC,
};

/* The offending IP packet: what ctl_icmp_build*() work on. */
struct ctl_icmp_err_pkt {
	const uint8_t *ip;
	uint32_t len;			/* octets readable at ip */
	int v6;
	enum ctl_icmp_kind kind;
	uint16_t mtu;			/* FRAG_NEEDED */
};

static int
ctl_icmp_err_view(struct ctl_icmp_err_pkt *pk, const struct rte_mbuf *m,
		  uint32_t off, uint32_t len)
{
	len = RTE_MIN(len, (uint32_t)CTL_ICMP6_MAX_LEN);
	pk->ip = rte_pktmbuf_read(m, off, len, ctl_icmp_err_copy);
	pk->len = len;
	return pk->ip != NULL && len > 0 ? 0 : -EINVAL;
}

/* Suppression rules, then the rate limit; counts why not. */
static int
ctl_icmp_err_may_send(const struct ctl_icmp_err_pkt *pk, uint64_t now)
{
	enum ctl_icmp_verdict v;

	v = pk->v6 ? ctl_icmp_check6(pk->ip, pk->len,
				     pk->kind == CTL_ICMP_FRAG_NEEDED) :
		     ctl_icmp_check4(pk->ip, pk->len);
	if (v != CTL_ICMP_SEND) {
		ctl_counters[ctl_icmp_err_sup[v]]++;
		return 0;
	}
	if (!ctl_icmp_err_bucket_ready) {
		ctl_icmp_bucket_init(&ctl_icmp_err_bucket, CTL_ICMP_ERR_RATE,
				     CTL_ICMP_ERR_BURST, now);
		ctl_icmp_err_bucket_ready = true;
	}
	if (!ctl_icmp_bucket_take(&ctl_icmp_err_bucket, now)) {
		CTL_COUNT(ICMP_ERR_RATE_LIMITED);
		return 0;
	}
	return 1;
}

/* A new mbuf from mp holding the error (an IP packet, headroom intact). */
static struct rte_mbuf *
ctl_icmp_err_make(struct rte_mempool *mp, const struct ctl_icmp_err_pkt *pk,
		  uint32_t src4, const uint8_t *src6)
{
	struct rte_mbuf *n = rte_pktmbuf_alloc(mp);
	uint32_t len;
	uint8_t *out;

	if (n == NULL) {
		CTL_COUNT(TX_NOBUF);
		return NULL;
	}
	out = rte_pktmbuf_mtod(n, uint8_t *);
	len = pk->v6 ?
		ctl_icmp_build6(out, rte_pktmbuf_tailroom(n), pk->ip, pk->len,
				pk->kind, pk->mtu, src6) :
		ctl_icmp_build4(out, rte_pktmbuf_tailroom(n), pk->ip, pk->len,
				pk->kind, pk->mtu, src4, ctl_icmp_err_ip_id++);
	if (len == 0) {
		CTL_COUNT(TX_NOBUF);
		rte_pktmbuf_free(n);
		return NULL;
	}
	rte_pktmbuf_append(n, (uint16_t)len);
	return n;
}

static void
ctl_icmp_err_sent(const struct ctl_icmp_err_pkt *pk)
{
	if (pk->kind == CTL_ICMP_FRAG_NEEDED) {
		if (pk->v6)
			CTL_COUNT(ICMP6_ERR_PTB_TX);
		else
			CTL_COUNT(ICMP_ERR_FRAG_TX);
	} else {
		if (pk->v6)
			CTL_COUNT(ICMP6_ERR_TTL_TX);
		else
			CTL_COUNT(ICMP_ERR_TTL_TX);
	}
}

/*
 * Our source towards the core: the port's global address (ports[].
 * address6) when it has one - an error from a link-local address is
 * useless to a sender beyond the gateway - else the link-local address
 * from its MAC.
 */
static void
ctl_icmp_err_core_src6(const struct port *p, uint8_t *src6)
{
	const struct ctl_nd6_if *f = ctl_nd6_if_get(p->index);

	if (f != NULL && f->on)
		memcpy(src6, f->global, 16);
	else
		ip6_link_local(src6, ctl_nd6_eui64(p->mac.addr_bytes));
}

static void
ctl_icmp_err_down(struct rte_mbuf *m, struct ctl_icmp_err_pkt *pk,
		  uint64_t now)
{
	const struct rte_ether_hdr *eth;
	const struct port *p;
	struct rte_mbuf *n;
	uint8_t src6[16];

	if (m->port >= RTE_MAX_ETHPORTS ||
	    port_index_of[m->port] >= port_count ||
	    rte_pktmbuf_data_len(m) < m->l2_len + 1u ||
	    m->l2_len < RTE_ETHER_HDR_LEN ||
	    ctl_icmp_err_view(pk, m, m->l2_len,
			      rte_pktmbuf_pkt_len(m) - m->l2_len) != 0) {
		CTL_COUNT(ICMP_ERR_BAD_PUNT);
		return;
	}
	p = &port_table[port_index_of[m->port]];
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	/* RFC 1812 §4.3.2.7: not about a link-layer broadcast/multicast. */
	if (!rte_is_unicast_ether_addr(&eth->dst_addr)) {
		CTL_COUNT(ICMP_ERR_SUP_L2);
		return;
	}
	pk->v6 = (pk->ip[0] >> 4) == 6;
	if (!ctl_icmp_err_may_send(pk, now))
		return;
	if (pk->v6)
		ctl_icmp_err_core_src6(p, src6);
	n = ctl_icmp_err_make(m->pool, pk, p->ip, src6);
	if (n == NULL)
		return;
	if (port_l2_prepend(p, n, &eth->src_addr, pk->v6 ?
			    RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4) != 0) {
		CTL_COUNT(TX_NOBUF);
		rte_pktmbuf_free(n);
		return;
	}
	ctl_icmp_err_sent(pk);
	ctl_tx(p, n);
}

static void
ctl_icmp_err_up(struct rte_mbuf *m, const struct dp_punt_meta *pm,
		struct ctl_icmp_err_pkt *pk, uint64_t now)
{
	const struct rte_ipv4_hdr *oip;
	const struct port *p;
	struct rte_mbuf *n;
	uint32_t src4, idx;
	uint64_t iid;
	uint16_t port;
	uint8_t src6[16];

	if (m->port >= RTE_MAX_ETHPORTS ||
	    port_index_of[m->port] >= port_count ||
	    rte_pktmbuf_data_len(m) < m->l2_len + sizeof(*oip) ||
	    pk->kind != CTL_ICMP_TIME_EXCEEDED ||
	    pm->reason != DP_PUNT_TTL_EXPIRED ||
	    ctl_icmp_err_view(pk, m, pm->inner_off, pm->inner_len) != 0) {
		CTL_COUNT(ICMP_ERR_BAD_PUNT);
		return;
	}
	p = &port_table[port_index_of[m->port]];
	oip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, m->l2_len);
	if (pm->session_index == UINT32_MAX ||
	    ctl_ppp_lookup(pm->local_tid, pm->local_sid, oip->src_addr, &idx,
			   &iid) != 0 || idx != pm->session_index) {
		CTL_COUNT(ICMP_ERR_NO_SESSION);
		return;
	}
	pk->v6 = pm->ppp_proto == LNS_PPP_PROTO_IPV6;
	if (!ctl_icmp_err_may_send(pk, now))
		return;
	src4 = rte_cpu_to_be_32(ctl_ppp_local_addr());
	if (src4 == 0)
		src4 = p->ip;
	/* Our link-local address on the subscriber's PPP link. */
	if (pk->v6)
		ip6_link_local(src6, iid != 0 ? iid :
			       ctl_nd6_eui64(p->mac.addr_bytes));
	n = ctl_icmp_err_make(m->pool, pk, src4, src6);
	if (n == NULL)
		return;
	if (dp_session_encap(idx, n, pk->v6 ? LNS_PPP_PROTO_IPV6 :
			     LNS_PPP_PROTO_IPV4,
			     &port) != 0) {
		CTL_COUNT(TX_NOBUF);
		rte_pktmbuf_free(n);
		return;
	}
	ctl_icmp_err_sent(pk);
	ctl_tx(&port_table[port], n);
}

void
ctl_icmp_err_input(struct rte_mbuf *m, uint64_t now)
{
	const struct dp_punt_meta *pm = dp_punt_meta(m);
	struct ctl_icmp_err_pkt pk = { 0 };

	pk.kind = pm->reason == DP_PUNT_FRAG_NEEDED ?
		  CTL_ICMP_FRAG_NEEDED : CTL_ICMP_TIME_EXCEEDED;
	pk.mtu = pm->mtu;
	if (pk.kind == CTL_ICMP_FRAG_NEEDED && pk.mtu == 0)
		CTL_COUNT(ICMP_ERR_BAD_PUNT);	/* no MTU to report */
	else if (pm->down)
		ctl_icmp_err_down(m, &pk, now);
	else
		ctl_icmp_err_up(m, pm, &pk, now);
	rte_pktmbuf_free(m);
}
