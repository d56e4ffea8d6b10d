/* SPDX-License-Identifier: BSD-3-Clause
 *
 * L2TP control connections on the control lcore (see ctl_l2tp.h).
 *
 * Input follows npppd's three steps: header checks (drop and count),
 * reliable delivery (l2tp_xport: Ns/Nr, duplicates, reordering, acks),
 * then the state machines on in-order messages.
 *
 * Replies go back to the Ethernet source (the LAC itself or the router in
 * front of it) and UDP port of the SCCRQ, then of the peer's latest
 * control message taken in order on the established tunnel
 * (ctl_tunnel_learn_path), as for ICMP echo: the control channel then
 * needs no route lookup of its own.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include <rte_ether.h>
#include <rte_malloc.h>
#include <rte_random.h>

#include "ctl_l2tp.h"
#include "ctl_l2tp_priv.h"
#include "ctl_ppp.h"
#include "ctl_stats.h"
#include "ctl_tx.h"
#include "l2tp_hdr.h"
#include "l2tp_proto.h"
#include "lns_ipv4.h"
#include "lns_log.h"
#include "lns_udp.h"
#include "port.h"

RTE_LOG_REGISTER(lns_logtype_l2tp, lnsd.l2tp, INFO);

struct ctl_l2tp_gauges ctl_l2tp_gauges;
static rte_spinlock_t ctl_l2tp_lock = RTE_SPINLOCK_INITIALIZER;
struct ctl_l2tp ctl_l2tp;


/* One parsed message at a time: the control lcore is single threaded. */
static struct l2tp_msg ctl_l2tp_msg;

/* ---- allowed peers ---------------------------------------------------- */

/* The peers of cfg (one that matches any address when none is set). */
static struct ctl_l2tp_peers *
ctl_l2tp_peers_build(const struct cfg *cfg, const struct l2tp_xport_conf *xc)
{
	const struct cfg_l2tp *l = &cfg->l2tp;
	unsigned int i, n = l->nb_peers ? l->nb_peers : 1;
	struct ctl_l2tp_peers *g;

	g = rte_zmalloc("l2tp_peers", sizeof(*g) + n * sizeof(g->p[0]), 0);
	if (g == NULL)
		return NULL;
	g->n = n;
	for (i = 0; i < n; i++) {
		struct ctl_l2tp_peer *p = &g->p[i];
		const struct cfg_l2tp_peer *cp = l->nb_peers ? &l->peers[i] : NULL;
		const char *secret = cp && cp->secret[0] ? cp->secret : l->secret;

		if (cp != NULL) {
			p->addr = cp->address.addr;
			p->mask = cp->address.len == 0 ? 0 :
				htonl(~0u << (32 - cp->address.len));
		}
		snprintf(p->host_name, sizeof(p->host_name), "%s", l->host_name);
		snprintf(p->vendor_name, sizeof(p->vendor_name), "%s",
			 l->vendor_name);
		p->tcfg.host_name = p->host_name;
		p->tcfg.vendor_name = p->vendor_name[0] ? p->vendor_name : NULL;
		p->tcfg.rx_window = l->receive_window;
		p->tcfg.hello_ms = l->hello_ms;
		p->tcfg.setup_ms = l->setup_timeout_ms;
		p->tcfg.call_setup_ms = l->call_setup_timeout_ms;
		p->tcfg.close_hold_ms = (uint32_t)l2tp_xport_cycle_ms(xc);
		if (secret[0] != '\0') {
			p->tcfg.secret_len = strnlen(secret, sizeof(p->secret));
			memcpy(p->secret, secret, p->tcfg.secret_len);
			p->tcfg.secret = p->secret;
		}
		if (cp != NULL && cp->name[0] != '\0') {
			snprintf(p->peer_name, sizeof(p->peer_name), "%s",
				 cp->name);
			p->name.host_name = p->peer_name;
			p->name.secret = p->tcfg.secret;
			p->name.secret_len = p->tcfg.secret_len;
			p->tcfg.peers = &p->name;
			p->tcfg.n_peers = 1;
		}
	}
	return g;
}

/* A tunnel lets go of its generation; the last one of an old one frees it. */
static void
ctl_l2tp_peers_put(struct ctl_l2tp_peers *g)
{
	if (g == NULL)
		return;
	if (g->refs > 0)
		g->refs--;
	if (g->refs == 0 && g != ctl_l2tp.peers)
		rte_free(g);
}

/* The first configured peer whose prefix holds addr; NULL: refused. */
static const struct ctl_l2tp_peer *
ctl_l2tp_peer_find(uint32_t addr)
{
	const struct ctl_l2tp_peers *g = ctl_l2tp.peers;
	unsigned int i;

	for (i = 0; i < g->n; i++)
		if (((addr ^ g->p[i].addr) & g->p[i].mask) == 0)
			return &g->p[i];
	return NULL;
}

/* ---- transmission ----------------------------------------------------- */

/* One L2TP datagram from our address on port to (ip, udp_port) via mac. */
static int
ctl_l2tp_send_to(uint16_t port, uint32_t ip, uint16_t udp_port,
		 const struct rte_ether_addr *mac, uint16_t ip_id,
		 const uint8_t *buf, size_t len)
{
	const struct port *p = &port_table[port];
	struct rte_mbuf *m;
	uint8_t *data;

	m = rte_pktmbuf_alloc(p->pool);
	if (m == NULL) {
		CTL_COUNT(TX_NOBUF);
		return -ENOBUFS;
	}
	data = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)len);
	if (data == NULL) {
		rte_pktmbuf_free(m);
		return -EMSGSIZE;
	}
	memcpy(data, buf, len);
	if (lns_udp_encap(m, p->ip, ip, LNS_L2TP_PORT, udp_port, ip_id) != 0 ||
	    port_l2_prepend(p, m, mac, RTE_ETHER_TYPE_IPV4) != 0) {
		rte_pktmbuf_free(m);
		return -ENOSPC;
	}
	CTL_COUNT(L2TP_TX);
	ctl_tx(p, m);
	return 0;
}

/* One L2TP datagram (control or data) to the tunnel's peer. */
int
ctl_l2tp_send_datagram(struct ctl_tunnel *ct, const uint8_t *buf, size_t len)
{
	return ctl_l2tp_send_to(ct->port, ct->peer_ip, ct->peer_udp_port,
				&ct->peer_mac, ct->ip_id++, buf, len);
}

/* l2tp_xport send callback. */
static int
ctl_l2tp_xmit(void *arg, const uint8_t *buf, size_t len)
{
	return ctl_l2tp_send_datagram(arg, buf, len);
}

/* l2tp_tunnel send callback: through the reliable transport. */
static int
ctl_l2tp_tunnel_send(void *arg, struct l2tp_tunnel *t, const uint8_t *msg,
		     size_t len)
{
	struct ctl_tunnel *ct = arg;

	return l2tp_xport_send(&ct->xport, msg, len, ctl_l2tp.now);
}

static void ctl_tunnel_supersede(const struct ctl_tunnel *ct);

/*
 * Lines about a tunnel never established: anyone reaching UDP/1701 can
 * open (and fail: a bad secret, no answer) many a second, so at most 20
 * such lines a second, *sup: those not logged since. An established
 * tunnel's lines always.
 */
static bool
ctl_tunnel_log_ok(const struct ctl_tunnel *ct, uint32_t *sup)
{
	static struct lns_ratelimit rl;

	*sup = 0;
	return ct->was_established ||
	       lns_ratelimit_burst(&rl, ctl_l2tp.now, 1000, 20, sup);
}

static void
ctl_l2tp_tunnel_state(void *arg, struct l2tp_tunnel *t,
		      enum l2tp_tunnel_state old, enum l2tp_tunnel_state new)
{
	struct ctl_tunnel *ct = arg;
	char ip[LNS_IPV4_STRLEN];
	uint32_t sup;

	ctl_l2tp_gauges.tunnels[old]--;
	ctl_l2tp_gauges.tunnels[new]++;
	if (new == L2TP_TUNNEL_CLOSING && !t->stop_sent) {
		CTL_COUNT(L2TP_STOPCCN_RX);
	} else if (new == L2TP_TUNNEL_CLOSING) {
		/* We cleared it: a StopCCN went out (§6.4). */
		CTL_COUNT(L2TP_STOPCCN_TX);
		if (t->result_code == L2TP_STOPCCN_RC_UNAUTHORIZED)
			CTL_COUNT(L2TP_UNAUTHORIZED);
	}
	if (new == L2TP_TUNNEL_ESTABLISHED && !ct->was_established) {
		TAILQ_REMOVE(&ctl_l2tp.setup, ct, setup_link);
		ct->was_established = true;
		ctl_l2tp_gauges.tunnels_opened++;
		ctl_tunnel_supersede(ct);
	}
	if (ctl_tunnel_log_ok(ct, &sup))
		LNS_LOG(INFO, l2tp, "tunnel=%u peer_tunnel=%u peer=%s:%u host=\"%s\" event=state old=%s new=%s result=%u error=%u suppressed=%u",
			t->local_id, t->peer_id, lns_ipv4_str(ct->peer_ip, ip),
			ct->peer_udp_port, t->peer_host,
			l2tp_tunnel_state_name(old),
			l2tp_tunnel_state_name(new), t->result_code,
			t->error_code, sup);
	if (new == L2TP_TUNNEL_WAIT_CTL_CONN) {
		l2tp_xport_set_peer_tunnel(&ct->xport, t->peer_id);
		l2tp_xport_set_peer_window(&ct->xport, t->peer_rx_window,
					   ctl_l2tp.now);
	}
	/* §5.7: a StopCCN clears every session of the tunnel, no CDN. */
	if (old == L2TP_TUNNEL_ESTABLISHED)
		ctl_l2tp_sessions_drop(ct);
}

/* l2tp_xport deliver callback: one in-order message. */
static void
ctl_l2tp_deliver(void *arg, const uint8_t *buf, size_t len)
{
	struct ctl_tunnel *ct = arg;
	struct l2tp_msg *msg = &ctl_l2tp_msg;
	const uint8_t *secret;
	struct l2tp_hdr h;
	size_t secret_len;
	int rc;

	if (l2tp_hdr_decode(&h, buf, len) != 0)
		return;		/* checked before the transport saw it */
	secret = l2tp_tunnel_secret(&ct->fsm, &secret_len);
	rc = l2tp_msg_parse(msg, buf + h.payload_off, h.length - h.payload_off,
			    secret, secret_len);
	if (rc != 0) {
		char ip[LNS_IPV4_STRLEN];

		CTL_L2TP_BAD(L2TP_PARSE_ERROR,
			     "tunnel=%u peer=%s event=bad-avp rc=%d avp=%u",
			     ct->fsm.local_id, lns_ipv4_str(ct->peer_ip, ip), rc,
			     msg->err_type);
	} else if (!l2tp_msg_type_known(msg->msg_type) &&
		   !(msg->avp[L2TP_AVP_MESSAGE_TYPE].flags & L2TP_AVP_M)) {
		/* §4.4.1: the FSM ignores it; an operator may want to know. */
		CTL_COUNT(L2TP_UNKNOWN_MSG);
	}
	if (l2tp_tunnel_input(&ct->fsm, msg, rc, ctl_l2tp.now) ==
	    L2TP_TUNNEL_TO_SESSION)
		ctl_l2tp_session_input(ct, h.session_id, msg, rc, ctl_l2tp.now);
}

static void
ctl_l2tp_dead(void *arg)
{
	struct ctl_tunnel *ct = arg;

	ct->dead = true;
}

/* ---- tunnel table ----------------------------------------------------- */

/* The in-use tunnel after ct (NULL: the first), or NULL. */
static struct ctl_tunnel *
ctl_tunnel_next(struct ctl_tunnel *ct)
{
	uint32_t i = ct == NULL ? 1 : ct->fsm.local_id + 1u;

	for (; ctl_l2tp.tunnels != NULL && i <= ctl_l2tp.max_tunnels; i++)
		if (ctl_l2tp.tunnels[i].in_use)
			return &ctl_l2tp.tunnels[i];
	return NULL;
}

#define CTL_TUNNEL_FOREACH(ct)						\
	for ((ct) = ctl_tunnel_next(NULL); (ct) != NULL;		\
	     (ct) = ctl_tunnel_next(ct))

static struct ctl_tunnel *
ctl_tunnel_alloc(const struct ctl_l2tp_peer *peer, uint16_t port,
		 uint32_t peer_ip, uint16_t peer_udp_port,
		 const struct rte_ether_addr *mac)
{
	static const struct l2tp_xport_ops xops = {
		.send = ctl_l2tp_xmit,
		.deliver = ctl_l2tp_deliver,
		.dead = ctl_l2tp_dead,
	};
	static const struct l2tp_tunnel_ops tops = {
		.send = ctl_l2tp_tunnel_send,
		.state_change = ctl_l2tp_tunnel_state,
	};
	struct ctl_tunnel *ct;
	uint16_t id;

	if (ctl_l2tp.free_n == 0)
		return NULL;
	id = ctl_l2tp.free_ids[ctl_l2tp.free_head];
	ct = &ctl_l2tp.tunnels[id];
	memset(ct, 0, sizeof(*ct));
	TAILQ_INIT(&ct->waiting);
	ct->port = port;
	ct->peer_ip = peer_ip;
	ct->peer_udp_port = peer_udp_port;
	ct->peer_mac = *mac;
	if (l2tp_xport_init(&ct->xport, &ctl_l2tp.xconf, &xops, ct) != 0)
		return NULL;
	/* The peer is one of the current generation's (ctl_l2tp_peer_find). */
	ct->gen = ctl_l2tp.peers;
	ct->gen->refs++;
	rte_spinlock_lock(&ctl_l2tp_lock);
	ctl_l2tp.free_head = (ctl_l2tp.free_head + 1) % ctl_l2tp.max_tunnels;
	ctl_l2tp.free_n--;
	ct->in_use = true;
	TAILQ_INSERT_TAIL(&ctl_l2tp.setup, ct, setup_link);
	ctl_l2tp_gauges.tunnels_total++;
	ctl_l2tp_gauges.tunnels[L2TP_TUNNEL_IDLE]++;
	ctl_l2tp_lim_tunnel_add(&ctl_l2tp.lim, peer_ip);
	l2tp_tunnel_init(&ct->fsm, &peer->tcfg, id, &tops, ct, ctl_l2tp.now);
	ct->created_ms = ctl_l2tp.now;
	rte_spinlock_unlock(&ctl_l2tp_lock);
	return ct;
}

static void
ctl_tunnel_free(struct ctl_tunnel *ct, const char *why)
{
	uint16_t id = ct->fsm.local_id;
	uint32_t tail, sup;

	if (ctl_tunnel_log_ok(ct, &sup))
		LNS_LOG(INFO, l2tp, "tunnel=%u peer_tunnel=%u event=freed reason=%s suppressed=%u",
			id, ct->fsm.peer_id, why, sup);
	if (ct->fsm.state == L2TP_TUNNEL_ESTABLISHED)
		ctl_l2tp_sessions_drop(ct);
	if (!ct->was_established)
		TAILQ_REMOVE(&ctl_l2tp.setup, ct, setup_link);
	rte_spinlock_lock(&ctl_l2tp_lock);
	ctl_l2tp_gauges.tunnels[ct->fsm.state]--;
	ctl_l2tp_gauges.tunnels_total--;
	ctl_l2tp_sessions_free(ct);
	ctl_l2tp_lim_tunnel_del(&ctl_l2tp.lim, ct->peer_ip);
	l2tp_xport_fini(&ct->xport);
	ctl_l2tp_peers_put(ct->gen);
	ct->gen = NULL;
	ct->in_use = false;
	tail = (ctl_l2tp.free_head + ctl_l2tp.free_n) % ctl_l2tp.max_tunnels;
	ctl_l2tp.free_ids[tail] = id;
	ctl_l2tp.free_n++;
	rte_spinlock_unlock(&ctl_l2tp_lock);
}

/*
 * A LAC that restarted (a reboot, a crash) and dials again reuses its
 * Tunnel IDs: a new tunnel from the address and UDP port of a tunnel
 * still established here, with that tunnel's Assigned Tunnel ID, means
 * the LAC has lost the old one (its ID names its end of one control
 * connection at a time, §4.4.3). Left alone, the stale tunnel keeps its
 * calls, their addresses and their accounting sessions open (every
 * subscriber logged in twice, for RADIUS too) and the peer's share of the
 * limits, until HELLO finds it dead (hello_ms and a retransmission cycle:
 * 90 s with the defaults); meanwhile its HELLOs and retransmissions carry
 * the reused ID to the LAC's new tunnel. So it is cleared as soon as the
 * new tunnel is established (with a secret, once the SCCCN proved the
 * LAC), its calls as Lost-Carrier; nothing is sent on it (the LAC would
 * take it for its new tunnel). Its calls go at once: the new tunnel's
 * ICRQs may come in the same burst as its SCCCN, before the timer frees
 * the stale tunnel, and must not find the LAC's limits (its sessions, the
 * box's) still taken by the calls they replace. The same address and
 * port: two LACs behind one NAT differ in the port and may pick the same
 * IDs. The walk is the one the tunnel timer makes every 10 ms, once per
 * tunnel set-up.
 */
static void
ctl_tunnel_supersede(const struct ctl_tunnel *ct)
{
	struct ctl_tunnel *o;
	char ip[LNS_IPV4_STRLEN];

	CTL_TUNNEL_FOREACH(o) {
		if (o == ct || o->dead ||
		    o->fsm.state != L2TP_TUNNEL_ESTABLISHED ||
		    o->peer_ip != ct->peer_ip ||
		    o->peer_udp_port != ct->peer_udp_port ||
		    o->fsm.peer_id != ct->fsm.peer_id)
			continue;
		/* Dead: shutdown and the transport leave it alone. */
		o->dead = true;
		o->superseded = true;
		LNS_LOG(NOTICE, l2tp, "tunnel=%u peer_tunnel=%u peer=%s:%u event=superseded by=%u sessions=%u",
			o->fsm.local_id, o->fsm.peer_id,
			lns_ipv4_str(o->peer_ip, ip), o->peer_udp_port,
			ct->fsm.local_id, o->nb_sess);
		ctl_l2tp_sessions_drop(o);
	}
}

/*
 * A retransmitted SCCRQ carries tunnel ID 0 again: find the tunnel it
 * already created by the peer's address and Assigned Tunnel ID (§5.1,
 * §4.4.3: the pair names the control connection). Not by the source UDP
 * port: §8.1 lets the initiator pick any port, and a copy of the SCCRQ
 * from another port is still the same request — matching on the port made
 * every port of a flood a new tunnel. Only a tunnel that never came up can
 * be that one (waiting for its SCCCN, or closing from there and still
 * holding state for the peer's retransmissions, §5.7): once the control
 * connection was up, the same IDs in a new SCCRQ mean a LAC that restarted
 * and reused them — a new tunnel (which supersedes the stale one once it
 * is established, ctl_tunnel_supersede()). Those are
 * on ctl_l2tp.setup, at most the half-open cap of them: the search costs
 * no walk over the tunnel table (l2tp.max_tunnels slots) per SCCRQ.
 */
static struct ctl_tunnel *
ctl_tunnel_find_sccrq(uint32_t ip, uint16_t peer_id)
{
	struct ctl_tunnel *ct;

	TAILQ_FOREACH(ct, &ctl_l2tp.setup, setup_link)
		if (ct->sccrq_peer_id == peer_id && ct->peer_ip == ip)
			return ct;
	return NULL;
}

void
ctl_l2tp_lim_refused(enum ctl_l2tp_lim_verdict v, uint32_t peer_ip,
		     uint16_t tid)
{
	static const enum ctl_counter counter[] = {
		[CTL_L2TP_LIM_HALF_OPEN] = CTL_L2TP_TUNNEL_LIMIT,
		[CTL_L2TP_LIM_PEER_TUNNELS] = CTL_L2TP_TUNNEL_PEER_LIMIT,
		[CTL_L2TP_LIM_PEER_SESSIONS] = CTL_L2TP_SESSION_PEER_LIMIT,
		[CTL_L2TP_LIM_HALF_OPEN_CALLS] = CTL_L2TP_CALL_HALF_OPEN_LIMIT,
		[CTL_L2TP_LIM_PEER_SCCRQ_RATE] = CTL_L2TP_SCCRQ_PEER_RATE_LIMIT,
		[CTL_L2TP_LIM_SCCRQ_RATE] = CTL_L2TP_SCCRQ_RATE_LIMIT,
		[CTL_L2TP_LIM_PEER_ICRQ_RATE] = CTL_L2TP_ICRQ_PEER_RATE_LIMIT,
		[CTL_L2TP_LIM_ICRQ_RATE] = CTL_L2TP_ICRQ_RATE_LIMIT,
	};
	static struct lns_ratelimit rl[RTE_DIM(counter)];
	char ip[LNS_IPV4_STRLEN];
	uint32_t sup;

	if (v == CTL_L2TP_LIM_OK || (unsigned int)v >= RTE_DIM(counter))
		return;
	ctl_counters[counter[v]]++;
	if (lns_ratelimit(&rl[v], ctl_l2tp.now, 1000, &sup))
		LNS_LOG(NOTICE, l2tp, "tunnel=%u peer=%s event=refused reason=%s max=%u suppressed=%u",
			tid, lns_ipv4_str(peer_ip, ip), ctl_l2tp_lim_name(v),
			ctl_l2tp_lim_max(&ctl_l2tp.lim, v), sup);
}

/*
 * Refuse an SCCRQ without making a tunnel (v, mac: its datagram, which
 * passed l2tp.peers): StopCCN result 2, Error Code 4 "insufficient
 * resources" (RFC 2661 §4.4.2: no StopCCN result names a limit), back
 * where it came from. Nothing is kept, so a refusal costs no state; a lost
 * StopCCN is sent again when the SCCRQ is.
 */
static void
ctl_l2tp_sccrq_refuse(const struct port *p, const struct lns_udp_view *v,
		      const struct rte_ether_addr *mac, uint16_t peer_tid,
		      const char *why)
{
	static uint16_t ip_id;
	uint8_t buf[128];
	int n;

	n = l2tp_tunnel_refusal(peer_tid, L2TP_STOPCCN_RC_ERROR,
				L2TP_ERR_NO_RESOURCE, why, buf, sizeof(buf));
	if (n > 0)
		ctl_l2tp_send_to(p->index, v->ip->src_addr,
				 rte_be_to_cpu_16(v->udp->src_port), mac,
				 ip_id++, buf, (size_t)n);
}

/*
 * The return path of ct (its peer's UDP port and MAC, the port towards
 * it) from a datagram the transport is about to deliver as the peer's
 * next message, before the FSM answers it. §8.1 wants the ports static
 * for the tunnel's life; following an in-order message keeps a LAC whose
 * NAT rebinds reachable. Only once the tunnel is established (with a
 * secret, the SCCCN proved the peer): during set-up the path stays the
 * SCCRQ's. A duplicate, out-of-window or out-of-order datagram, a ZLB, or
 * anything before set-up moves nothing: anyone who knows the peer's
 * address and the tunnel ID can send those.
 */
static void
ctl_tunnel_learn_path(struct ctl_tunnel *ct, const struct port *p,
		      const struct lns_udp_view *v,
		      const struct rte_ether_addr *mac)
{
	uint16_t sport = rte_be_to_cpu_16(v->udp->src_port);
	char ip[LNS_IPV4_STRLEN];

	if (ct->fsm.state != L2TP_TUNNEL_ESTABLISHED)
		return;
	if (sport != ct->peer_udp_port || p->index != ct->port)
		LNS_LOG_RL(INFO, l2tp, ctl_l2tp.now, 10, "tunnel=%u peer=%s event=peer-moved udp_port=%u->%u port=%s",
			   ct->fsm.local_id, lns_ipv4_str(ct->peer_ip, ip),
			   ct->peer_udp_port, sport, p->cfg->name);
	ct->peer_udp_port = sport;
	ct->peer_mac = *mac;
	ct->port = p->index;
}

/* Header tunnel ID 0: a new control connection, or a retransmitted SCCRQ. */
static struct ctl_tunnel *
ctl_l2tp_sccrq(const struct port *p, const struct lns_udp_view *v,
	       const struct l2tp_hdr *h, const struct rte_ether_addr *mac)
{
	const struct ctl_l2tp_peer *peer = ctl_l2tp_peer_find(v->ip->src_addr);
	struct l2tp_msg *msg = &ctl_l2tp_msg;
	uint16_t sport = rte_be_to_cpu_16(v->udp->src_port);
	enum ctl_l2tp_lim_verdict verdict;
	struct ctl_tunnel *ct;
	char ip[LNS_IPV4_STRLEN];
	uint64_t no_slot;
	int rc;

	/*
	 * §5.8: the first message of a control connection has Ns 0, and Nr 0
	 * since nothing was received yet; a retransmitted SCCRQ keeps both.
	 * Anything else could never be delivered (the transport would hold
	 * it for an Ns 0 that never comes) and would pin a tunnel for good:
	 * dropped before any state is made for it.
	 */
	if (h->ns != 0 || h->nr != 0) {
		CTL_L2TP_BAD(L2TP_TUNNEL0_BAD_SEQ,
			     "peer=%s event=dropped reason=tunnel0-bad-sequence ns=%u nr=%u",
			     lns_ipv4_str(v->ip->src_addr, ip), h->ns, h->nr);
		return NULL;
	}
	if (peer == NULL) {
		CTL_L2TP_BAD(L2TP_PEER_REFUSED,
			     "peer=%s event=refused reason=not-in-peers",
			     lns_ipv4_str(v->ip->src_addr, ip));
		return NULL;
	}
	/*
	 * The SCCRQ rates, before any work: parsing, the search for the
	 * tunnel a retransmission belongs to, a new tunnel. Every datagram
	 * for tunnel ID 0 counts, retransmissions too, so the refusal is
	 * silent: a StopCCN could end a tunnel this SCCRQ already made, and
	 * would reflect a flood to a forged source. The LAC retransmits its
	 * SCCRQ (§5.8), which is what a refusal would ask of it.
	 */
	no_slot = ctl_l2tp.lim.src_no_slot;
	verdict = ctl_l2tp_lim_sccrq_rate(&ctl_l2tp.lim, v->ip->src_addr,
					  ctl_l2tp.now);
	if (ctl_l2tp.lim.src_no_slot != no_slot)
		CTL_COUNT(L2TP_RATE_TABLE_FULL);
	if (verdict != CTL_L2TP_LIM_OK) {
		ctl_l2tp_lim_refused(verdict, v->ip->src_addr, 0);
		return NULL;
	}
	rc = l2tp_msg_parse(msg, v->payload + h->payload_off,
			    h->length - h->payload_off, peer->tcfg.secret,
			    peer->tcfg.secret_len);
	if (rc != 0 || msg->msg_type != L2TP_MSG_SCCRQ ||
	    !l2tp_msg_has(msg, L2TP_AVP_ASSIGNED_TUNNEL_ID) ||
	    msg->assigned_tunnel_id == 0) {
		/*
		 * §5.1: only an SCCRQ may use tunnel ID 0. Without a valid
		 * Assigned Tunnel ID (§4.4.3: non-zero) there is no one to
		 * address an answer to: dropped before any state is made.
		 */
		CTL_L2TP_BAD(L2TP_NOT_SCCRQ,
			     "peer=%s event=dropped reason=tunnel0-not-sccrq type=%u avp_rc=%d",
			     lns_ipv4_str(v->ip->src_addr, ip), msg->msg_type, rc);
		return NULL;
	}
	ct = ctl_tunnel_find_sccrq(v->ip->src_addr, msg->assigned_tunnel_id);
	if (ct != NULL)
		return ct;
	verdict = ctl_l2tp_lim_tunnel_admit(&ctl_l2tp.lim, v->ip->src_addr,
					    ctl_l2tp_gauges.tunnels);
	if (verdict != CTL_L2TP_LIM_OK) {
		ctl_l2tp_lim_refused(verdict, v->ip->src_addr, 0);
		ctl_l2tp_sccrq_refuse(p, v, mac, msg->assigned_tunnel_id,
				      ctl_l2tp_lim_text(verdict));
		return NULL;
	}
	ct = ctl_tunnel_alloc(peer, p->index, v->ip->src_addr, sport, mac);
	if (ct == NULL) {
		CTL_L2TP_BAD(L2TP_TUNNEL_LIMIT,
			     "peer=%s event=refused reason=max-tunnels max=%u",
			     lns_ipv4_str(v->ip->src_addr, ip),
			     ctl_l2tp.max_tunnels);
		ctl_l2tp_sccrq_refuse(p, v, mac, msg->assigned_tunnel_id,
				      "tunnel limit of the LNS");
		return NULL;
	}
	ct->sccrq_peer_id = msg->assigned_tunnel_id;
	return ct;
}

/*
 * What the transport made of one datagram, from its statistics before
 * and after: duplicates and messages held out of order are a lossy path,
 * one beyond the receive window or an Nr for a message never sent is a
 * broken or hostile peer (logged).
 */
static void
ctl_l2tp_count_xport(const struct ctl_tunnel *ct,
		     const struct l2tp_xport_stats *a, uint16_t ns, uint16_t nr)
{
	const struct l2tp_xport_stats *b = &ct->xport.stats;
	char ip[LNS_IPV4_STRLEN];

	ctl_counters[CTL_L2TP_DUPLICATE] += b->duplicates - a->duplicates;
	ctl_counters[CTL_L2TP_OUT_OF_ORDER] +=
		b->out_of_order - a->out_of_order;
	if (b->out_of_window != a->out_of_window)
		CTL_L2TP_BAD(L2TP_OUT_OF_WINDOW,
			     "tunnel=%u peer=%s event=dropped reason=out-of-window ns=%u expected=%u",
			     ct->fsm.local_id, lns_ipv4_str(ct->peer_ip, ip),
			     ns, ct->xport.nr);
	if (b->bad_nr != a->bad_nr)
		CTL_L2TP_BAD(L2TP_BAD_NR,
			     "tunnel=%u peer=%s event=ack-ignored reason=nr-beyond-sent nr=%u next_ns=%u",
			     ct->fsm.local_id, lns_ipv4_str(ct->peer_ip, ip),
			     nr, ct->xport.ns);
}

void
ctl_l2tp_input(struct rte_mbuf *m, uint64_t now)
{
	const struct port *p = &port_table[port_index_of[m->port]];
	const struct rte_ether_hdr *eth;
	struct l2tp_xport_stats xs;
	struct lns_udp_view v;
	struct ctl_tunnel *ct;
	struct l2tp_hdr h;
	char ip[LNS_IPV4_STRLEN];

	ctl_l2tp.now = now;
	CTL_COUNT(L2TP_RX);
	if (lns_udp_decap(m, &v) != 0) {
		CTL_L2TP_BAD(L2TP_BAD_UDP, "event=dropped reason=bad-udp len=%u",
			     rte_pktmbuf_pkt_len(m));
		goto drop;
	}
	if (l2tp_hdr_decode(&h, v.payload, v.len) != 0 ||
	    !l2tp_hdr_is_ctrl(&h)) {
		CTL_L2TP_BAD(L2TP_MALFORMED,
			     "peer=%s event=dropped reason=malformed-header len=%u",
			     lns_ipv4_str(v.ip->src_addr, ip), v.len);
		goto drop;
	}
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	if (h.tunnel_id == 0) {
		ct = ctl_l2tp_sccrq(p, &v, &h, &eth->src_addr);
		if (ct == NULL)
			goto drop;
	} else {
		ct = h.tunnel_id <= ctl_l2tp.max_tunnels ?
			&ctl_l2tp.tunnels[h.tunnel_id] : NULL;
		if (ct == NULL || !ct->in_use) {
			CTL_L2TP_BAD(L2TP_UNKNOWN_TUNNEL,
				     "tunnel=%u peer=%s event=dropped reason=unknown-tunnel",
				     h.tunnel_id,
				     lns_ipv4_str(v.ip->src_addr, ip));
			goto drop;
		}
		if (ct->peer_ip != v.ip->src_addr) {
			CTL_L2TP_BAD(L2TP_WRONG_PEER,
				     "tunnel=%u peer=%s event=dropped reason=wrong-peer-address",
				     h.tunnel_id,
				     lns_ipv4_str(v.ip->src_addr, ip));
			goto drop;
		}
	}
	/*
	 * Nothing is learnt from the datagram before the transport's checks:
	 * where the peer is (and, through the FSM, that it is alive) comes
	 * only from its next message in order (§5.8).
	 */
	if (l2tp_xport_in_order(&ct->xport, h.ns, h.nr,
				h.length == h.payload_off))
		ctl_tunnel_learn_path(ct, p, &v, &eth->src_addr);
	xs = ct->xport.stats;
	if (l2tp_xport_input(&ct->xport, h.ns, h.nr, h.length == h.payload_off,
			     v.payload, h.length, now) < 0)
		CTL_COUNT(L2TP_XPORT_REFUSED);
	/* ct is still there: tunnels are freed by the timer only. */
	ctl_l2tp_count_xport(ct, &xs, h.ns, h.nr);
	ctl_l2tp_tunnel_sched(ct);
drop:
	rte_pktmbuf_free(m);
}

/* ---- timers ----------------------------------------------------------- */

void
ctl_l2tp_tunnel_sched(struct ctl_tunnel *ct)
{
	uint64_t a = l2tp_xport_next_deadline(&ct->xport);
	uint64_t b = l2tp_tunnel_next_deadline(&ct->fsm);
	uint64_t c = ctl_l2tp_calls_next_deadline(ct);

	ct->deadline = RTE_MIN(RTE_MIN(a, b), c);
}

/* The tunnel FSM's timers; true when the tunnel is done (free it). */
static bool
ctl_tunnel_fsm_timer(struct ctl_tunnel *ct, uint64_t now)
{
	uint64_t expired = ct->fsm.stats.setup_timeouts;
	int rc = l2tp_tunnel_timer(&ct->fsm, now);
	char ip[LNS_IPV4_STRLEN];

	if (ct->fsm.stats.setup_timeouts != expired)
		CTL_L2TP_BAD(L2TP_TUNNEL_SETUP_TIMEOUT,
			     "tunnel=%u peer=%s event=setup-timeout state=%s",
			     ct->fsm.local_id, lns_ipv4_str(ct->peer_ip, ip),
			     l2tp_tunnel_state_name(ct->fsm.state));
	return rc == 1;
}

void
ctl_l2tp_timer(uint64_t now)
{
	struct ctl_tunnel *ct, *next;

	ctl_l2tp.now = now;
	/* next is taken first: ct may be freed (local_id stays valid). */
	for (ct = ctl_tunnel_next(NULL); ct != NULL; ct = next) {
		next = ctl_tunnel_next(ct);
		if (ct->superseded) {
			/* Before its timers: nothing more goes out on it. */
			CTL_COUNT(L2TP_TUNNEL_SUPERSEDED);
			ctl_tunnel_free(ct, "superseded");
			continue;
		}
		if (ct->deadline <= now) {
			l2tp_xport_timer(&ct->xport, now);
			if (!ct->dead)
				ctl_l2tp_calls_timer(ct, now);
			if (!ct->dead && ctl_tunnel_fsm_timer(ct, now)) {
				ctl_tunnel_free(ct, "closed");
				continue;
			}
			ctl_l2tp_tunnel_sched(ct);
		}
		if (ct->dead) {
			/* §5.8: unacknowledged after every retry: clear it. */
			CTL_COUNT(L2TP_PEER_DEAD);
			ctl_tunnel_free(ct, "retransmit-limit");
		}
	}
}

/* ---- life cycle ------------------------------------------------------- */

static void
ctl_l2tp_xconf_from(const struct cfg_l2tp *l, struct l2tp_xport_conf *xc)
{
	l2tp_xport_conf_default(xc);
	xc->rto_initial_ms = l->retransmit_ms;
	xc->rto_max_ms = l->retransmit_max_ms;
	xc->max_retries = l->max_retransmits;
	xc->rwin = l->receive_window;
}

/* The admission limits and rates of l (the seed is not l's). */
static void
ctl_l2tp_lim_conf_from(const struct cfg_l2tp *l, struct ctl_l2tp_lim_conf *lc)
{
	memset(lc, 0, sizeof(*lc));
	lc->max_tunnels = l->max_tunnels;
	lc->max_tunnels_per_peer = l->max_tunnels_per_peer;
	/* Derived default: no address holds more than a quarter of the box. */
	lc->max_sessions_per_peer = l->max_sessions_per_peer != 0 ?
		l->max_sessions_per_peer : RTE_MAX(1u, l->max_sessions / 4);
	lc->max_half_open_calls = l->max_half_open_calls_per_tunnel;
	lc->sccrq_peer = (struct ctl_l2tp_rate){ l->sccrq_rate_per_peer,
						 l->sccrq_burst_per_peer };
	lc->sccrq_all = (struct ctl_l2tp_rate){ l->sccrq_rate, l->sccrq_burst };
	lc->icrq_peer = (struct ctl_l2tp_rate){ l->icrq_rate_per_peer,
						l->icrq_burst_per_peer };
	lc->icrq_all = (struct ctl_l2tp_rate){ l->icrq_rate, l->icrq_burst };
}

int
ctl_l2tp_init(const struct cfg *cfg)
{
	const struct cfg_l2tp *l = &cfg->l2tp;
	struct ctl_l2tp_lim_conf lc;
	uint32_t i;
	int ret;

	memset(&ctl_l2tp, 0, sizeof(ctl_l2tp));
	TAILQ_INIT(&ctl_l2tp.setup);
	ctl_l2tp_xconf_from(l, &ctl_l2tp.xconf);
	ctl_l2tp.max_tunnels = l->max_tunnels;
	ctl_l2tp.max_sessions = l->max_sessions;
	ctl_l2tp.max_sessions_per_tunnel = l->max_sessions_per_tunnel;
	ctl_l2tp_lim_conf_from(l, &lc);
	lc.seed = (uint32_t)rte_rand();
	ret = ctl_l2tp_lim_init(&ctl_l2tp.lim, &lc);
	if (ret == 0) {
		ctl_l2tp.peers = ctl_l2tp_peers_build(cfg, &ctl_l2tp.xconf);
		if (ctl_l2tp.peers == NULL)
			ret = -ENOMEM;
	}
	if (ret != 0)
		goto fail;
	ctl_l2tp.tunnels = rte_zmalloc("l2tp_tunnels",
		(l->max_tunnels + 1) * sizeof(*ctl_l2tp.tunnels),
		RTE_CACHE_LINE_SIZE);
	ctl_l2tp.free_ids = rte_malloc("l2tp_free_ids",
		l->max_tunnels * sizeof(*ctl_l2tp.free_ids), 0);
	if (ctl_l2tp.tunnels == NULL || ctl_l2tp.free_ids == NULL) {
		ret = -ENOMEM;
		goto fail;
	}
	for (i = 0; i < l->max_tunnels; i++)
		ctl_l2tp.free_ids[i] = (uint16_t)(i + 1);
	ctl_l2tp.free_n = l->max_tunnels;
	return 0;
fail:
	/* A module whose init fails is not finalised (ctl_module.h). */
	ctl_l2tp_fini();
	return ret;
}

/* The FIFO holds 1..max_tunnels in order until a tunnel is made. */
int
ctl_l2tp_reserve_tunnel_ids(uint32_t n)
{
	if (ctl_l2tp.free_head != 0 || ctl_l2tp.free_n != ctl_l2tp.max_tunnels)
		return -EBUSY;
	if (n > ctl_l2tp.max_tunnels)
		return -ENOSPC;
	ctl_l2tp.free_head = n % RTE_MAX(ctl_l2tp.max_tunnels, 1u);
	ctl_l2tp.free_n -= n;
	return 0;
}

/* ---- reload (ctl_reload.h) --------------------------------------------- */

int
ctl_l2tp_reload_prepare(const struct cfg *old, const struct cfg *new,
			void **state, char *err, size_t errlen)
{
	struct l2tp_xport_conf xc;

	(void)old;
	ctl_l2tp_xconf_from(&new->l2tp, &xc);
	*state = ctl_l2tp_peers_build(new, &xc);
	if (*state == NULL) {
		snprintf(err, errlen, "l2tp.peers: out of memory");
		return -ENOMEM;
	}
	return 0;
}

void
ctl_l2tp_reload_abort(void *state)
{
	rte_free(state);
}

/* The secret a peer entry of l ends with (its own, else l2tp.secret). */
static const char *
ctl_l2tp_cfg_secret(const struct cfg_l2tp *l, const struct cfg_l2tp_peer *p)
{
	return p != NULL && p->secret[0] != '\0' ? p->secret : l->secret;
}

/* Peer entry of l with p's address and name, NULL: none. */
static const struct cfg_l2tp_peer *
ctl_l2tp_cfg_peer(const struct cfg_l2tp *l, const struct cfg_l2tp_peer *p)
{
	unsigned int i;

	for (i = 0; i < l->nb_peers; i++)
		if (l->peers[i].address.addr == p->address.addr &&
		    l->peers[i].address.len == p->address.len &&
		    strcmp(l->peers[i].name, p->name) == 0)
			return &l->peers[i];
	return NULL;
}

/* "l2tp.peers: +1 -0, 1 secret changed" from the two configurations. */
static void
ctl_l2tp_reload_sum(const struct cfg_l2tp *o, const struct cfg_l2tp *n,
		    struct ctl_reload_sum *sum)
{
	unsigned int i, added = 0, removed = 0, secrets = 0;
	const struct cfg_l2tp_peer *m;

	for (i = 0; i < n->nb_peers; i++) {
		m = ctl_l2tp_cfg_peer(o, &n->peers[i]);
		if (m == NULL)
			added++;
		else if (strcmp(ctl_l2tp_cfg_secret(o, m),
				ctl_l2tp_cfg_secret(n, &n->peers[i])) != 0)
			secrets++;
	}
	for (i = 0; i < o->nb_peers; i++)
		removed += ctl_l2tp_cfg_peer(n, &o->peers[i]) == NULL;
	if (n->nb_peers == 0 && o->nb_peers == 0 &&
	    strcmp(o->secret, n->secret) != 0)
		secrets++;
	if (added + removed > 0)
		ctl_reload_sum_add(sum, "l2tp.peers: +%u -%u", added, removed);
	if (secrets > 0)
		ctl_reload_sum_add(sum, "l2tp.peers: %u secret%s changed",
				   secrets, secrets > 1 ? "s" : "");
}

void
ctl_l2tp_reload_apply(void *state, const struct cfg *old,
		      const struct cfg *new, struct ctl_reload_sum *sum)
{
	struct ctl_l2tp_peers *g = state, *prev = ctl_l2tp.peers;
	struct ctl_l2tp_lim_conf lc;
	size_t len = sum->len;

	ctl_l2tp_xconf_from(&new->l2tp, &ctl_l2tp.xconf);
	ctl_l2tp_lim_conf_from(&new->l2tp, &lc);
	/* Checked by the loader: the same ranges as ctl_l2tp_lim_set's. */
	if (ctl_l2tp_lim_set(&ctl_l2tp.lim, &lc) != 0)
		LNS_LOG(ERR, l2tp, "event=reload-limits-refused");
	/* Established tunnels keep their generation (secret, timers). */
	ctl_l2tp.peers = g;
	if (prev != NULL && prev->refs == 0)
		rte_free(prev);
	ctl_l2tp_reload_sum(&old->l2tp, &new->l2tp, sum);
	/* Anything else of l2tp (the keys are in the applied line). */
	if (memcmp(&old->l2tp, &new->l2tp, sizeof(old->l2tp)) != 0 &&
	    sum->len == len)
		ctl_reload_sum_add(sum, "l2tp: timers/limits");
}

const struct ctl_l2tp_gauges *
ctl_l2tp_gauges_get(void)
{
	return &ctl_l2tp_gauges;
}

void
ctl_l2tp_shutdown(uint64_t now)
{
	struct ctl_tunnel *ct;

	ctl_l2tp.now = now;
	CTL_TUNNEL_FOREACH(ct) {
		if (ct->dead)
			continue;
		l2tp_tunnel_close(&ct->fsm, L2TP_STOPCCN_RC_SHUTDOWN, -1,
				  "LNS shutting down", now);
		ctl_l2tp_tunnel_sched(ct);
	}
}

bool
ctl_l2tp_quiet(void)
{
	struct ctl_tunnel *ct;

	CTL_TUNNEL_FOREACH(ct)
		if (!ct->dead && !l2tp_xport_all_acked(&ct->xport))
			return false;
	return true;
}

void
ctl_l2tp_fini(void)
{
	struct ctl_tunnel *ct;

	CTL_TUNNEL_FOREACH(ct)
		ctl_tunnel_free(ct, "shutdown");
	rte_free(ctl_l2tp.tunnels);
	rte_free(ctl_l2tp.free_ids);
	/* Every tunnel let go of its generation: only the current one is left. */
	rte_free(ctl_l2tp.peers);
	ctl_l2tp_lim_fini(&ctl_l2tp.lim);
	memset(&ctl_l2tp, 0, sizeof(ctl_l2tp));
}

static void
ctl_l2tp_tunnel_info(const struct ctl_tunnel *ct,
		     struct ctl_l2tp_tunnel_info *ti)
{
	ti->fsm = &ct->fsm;
	ti->peer_ip = ct->peer_ip;
	ti->peer_udp_port = ct->peer_udp_port;
	ti->port_name = port_table[ct->port].cfg->name;
	ti->sessions = ct->nb_sess;
	ti->retransmitted = ct->xport.stats.retransmitted;
	ti->duplicates = ct->xport.stats.duplicates;
	ti->created_ms = ct->created_ms;
}

void
ctl_l2tp_walk(ctl_l2tp_walk_fn fn, void *arg)
{
	ctl_l2tp_walk_from(1, UINT_MAX, fn, arg);
}

uint32_t
ctl_l2tp_walk_from(uint32_t first, unsigned int max, ctl_l2tp_walk_fn fn,
		   void *arg)
{
	struct ctl_l2tp_tunnel_info ti;
	uint32_t i, resume = 0;

	rte_spinlock_lock(&ctl_l2tp_lock);
	for (i = RTE_MAX(first, 1u); ctl_l2tp.tunnels != NULL &&
	     i <= ctl_l2tp.max_tunnels; i++) {
		if (!ctl_l2tp.tunnels[i].in_use)
			continue;
		if (max-- == 0) {
			resume = i;
			break;
		}
		ctl_l2tp_tunnel_info(&ctl_l2tp.tunnels[i], &ti);
		fn(&ti, arg);
	}
	rte_spinlock_unlock(&ctl_l2tp_lock);
	return resume;
}

int
ctl_l2tp_tunnel_disconnect(uint16_t tid, uint64_t now)
{
	struct ctl_tunnel *ct;
	uint32_t s;

	if (tid == 0 || tid > ctl_l2tp.max_tunnels)
		return -ENOENT;
	ct = &ctl_l2tp.tunnels[tid];
	if (!ct->in_use || ct->dead || ct->fsm.state == L2TP_TUNNEL_CLOSING)
		return -ENOENT;
	ctl_l2tp.now = now;
	for (s = 1; s < ct->sess_cap; s++)
		if (ct->sess[s] != NULL)
			ctl_ppp_admin_cause(ct->sess[s]);
	LNS_LOG(NOTICE, l2tp, "tunnel=%u peer_tunnel=%u event=admin-disconnect",
		tid, ct->fsm.peer_id);
	l2tp_tunnel_close(&ct->fsm, L2TP_STOPCCN_RC_GENERAL, -1,
			  "administrative disconnect", now);
	ctl_l2tp_tunnel_sched(ct);
	return 0;
}
