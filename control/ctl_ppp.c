/* SPDX-License-Identifier: BSD-3-Clause
 *
 * PPP phases of one subscriber session (see ctl_ppp.h). Frames travel in
 * L2TP data messages: we send them without Length, Ns/Nr or Offset, with
 * FF 03 and a full protocol field (RFC 1661 §6.5: LCP frames never use
 * ACFC/PFC).
 *
 * Teardown is decided inside FSM callbacks but carried out afterwards
 * (ctl_ppp_reap), so no automaton is freed while it is running.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include "ctl_aaa.h"
#include "ctl_ppp.h"
#include "ctl_ppp_priv.h"
#include "ctl_stats.h"
#include "dp_api.h"
#include "l2tp_hdr.h"
#include "l2tp_proto.h"
#include "lns_ipv4.h"
#include "lns_log.h"
#include "lns_ppp_wire.h"
#include "lns_ratelimit.h"
#include "lns_udp.h"
#include "port.h"
#include "ppp_proto.h"

RTE_LOG_REGISTER(lns_logtype_ppp, lnsd.ppp, INFO);

struct ctl_ppp_gauges ctl_ppp_gauges;
struct ctl_ppp_ctx ctl_ppp_ctx;
char ctl_ppp_no_user[1];

static const char *const ctl_ppp_phase_names[] = {
	[CTL_PPP_LINK] = "link",
	[CTL_PPP_AUTH] = "auth",
	[CTL_PPP_NETWORK] = "network",
	[CTL_PPP_UP] = "up",
	[CTL_PPP_CLOSING] = "closing",
};

const char *
ctl_ppp_phase_name(enum ctl_ppp_phase p)
{
	return p < CTL_PPP_PHASES ? ctl_ppp_phase_names[p] : "unknown";
}

/* Every phase change goes through here: log and gauges. */
void
ctl_ppp_set_phase(struct ctl_ppp *pp, enum ctl_ppp_phase phase)
{
	char ip[LNS_IPV4_STRLEN];

	if (pp->phase == phase)
		return;
	ctl_ppp_gauges.phase[pp->phase]--;
	ctl_ppp_gauges.phase[phase]++;
	LNS_LOG(DEBUG, ppp, "tunnel=%u session=%u event=phase old=%s new=%s user=\"%s\" ip=%s",
		pp->tid, pp->sid,
		ctl_ppp_phase_name(pp->phase), ctl_ppp_phase_name(phase),
		pp->user, lns_ipv4_str(htonl(pp->addr), ip));
	pp->phase = phase;
	/* The authenticator, and any question to the AAA, live as long
	 * as the phase. */
	if (phase != CTL_PPP_AUTH) {
		free(pp->auth);
		pp->auth = NULL;
		ctl_ppp_aaa_cancel(pp);
	}
}

/*
 * ppp_send_fn: one control packet in an L2TP data message; with Ns (S
 * bit, Nr reserved 0) when the LAC asked for Sequencing Required (RFC
 * 2661 §5.4), in the session's one sequence shared with the workers.
 */
void
ctl_ppp_send(void *arg, uint16_t proto, const uint8_t *pkt, size_t len)
{
	struct ctl_ppp *pp = arg;
	uint8_t buf[CTL_PPP_HDR + 4 + PPP_FSM_MAX_PKT];
	struct ctl_l2tp_path path;
	size_t off = 6;

	if (len > PPP_FSM_MAX_PKT)
		return;
	ctl_l2tp_call_path(pp->cs, &path);
	lns_put_be16(buf, LNS_L2TP_VERSION);		/* T=0, no L/O */
	lns_put_be16(buf + 2, path.peer_tid);
	lns_put_be16(buf + 4, path.peer_sid);
	if (path.sequencing) {
		buf[0] |= LNS_L2TP_S >> 8;
		lns_put_be16(buf + 6, pp->pushed ?
			   dp_session_take_ns(pp->session_index) :
			   pp->data_ns++);
		lns_put_be16(buf + 8, 0);
		off += 4;
	}
	buf[off] = 0xff;
	buf[off + 1] = 0x03;
	lns_put_be16(buf + off + 2, proto);
	memcpy(buf + off + 4, pkt, len);
	ctl_l2tp_call_send(pp->cs, buf, off + 4 + len);
}

void
ctl_ppp_close_later(struct ctl_ppp *pp, uint16_t result, int error,
		    const char *why)
{
	if (pp->close_pending)
		return;
	pp->close_pending = true;
	pp->close_result = result;
	pp->close_error = error;
	pp->close_why = why;
	ctl_ppp_set_phase(pp, CTL_PPP_CLOSING);
}

void
ctl_ppp_close_cause(struct ctl_ppp *pp, enum aaa_term_cause cause,
		    uint16_t result, const char *why)
{
	if (pp->close_pending)
		return;
	pp->acct.cause = cause;
	ctl_ppp_close_later(pp, result, -1, why);
}

void
ctl_ppp_shutdown(void)
{
	ctl_ppp_ctx.stopping = true;
}

static void ctl_ppp_renegotiate(struct ctl_ppp *pp);

/* Up with no restart timer running: only the echo timer is left. */
static bool
ctl_ppp_is_quiet(const struct ctl_ppp *pp)
{
	return pp->phase == CTL_PPP_UP && !pp->close_pending &&
	       !pp->lcp.fsm.timer_on && !pp->ipcp.fsm.timer_on &&
	       !(ctl_ppp_ctx.ipv6cp && pp->ipv6cp != NULL &&
		 pp->ipv6cp->fsm.timer_on);
}

static void
ctl_ppp_unlink(struct ctl_ppp *pp)
{
	if (!pp->quiet) {
		TAILQ_REMOVE(&ctl_ppp_ctx.list, pp, next);
		return;
	}
	if (ctl_ppp_ctx.cursor == pp)
		ctl_ppp_ctx.cursor = TAILQ_NEXT(pp, next);
	TAILQ_REMOVE(&ctl_ppp_ctx.quiet, pp, next);
	ctl_ppp_ctx.nb_quiet--;
}

/* Move pp to the list its timers need (after every input and timer). */
static void
ctl_ppp_requeue(struct ctl_ppp *pp)
{
	bool q = ctl_ppp_is_quiet(pp);

	if (q == pp->quiet)
		return;
	ctl_ppp_unlink(pp);
	pp->quiet = q;
	if (q) {
		TAILQ_INSERT_TAIL(&ctl_ppp_ctx.quiet, pp, next);
		ctl_ppp_ctx.nb_quiet++;
	} else {
		TAILQ_INSERT_TAIL(&ctl_ppp_ctx.list, pp, next);
	}
}

/* After a this-layer-down: is the automaton negotiating again (§4.1)? */
static bool
ctl_ppp_negotiating(const struct ppp_fsm *fsm)
{
	return fsm->state == PPP_FSM_REQSENT || fsm->state == PPP_FSM_ACKRCVD ||
	       fsm->state == PPP_FSM_ACKSENT;
}

/*
 * After an input or timer: settle an LCP this-layer-down (renegotiation
 * if LCP is negotiating again, §4 Opened + RCR/RCA/RCN; otherwise the link
 * is gone), then carry out a decided teardown: LCP Terminate, CDN, free.
 */
void
ctl_ppp_reap(struct ctl_ppp *pp, uint64_t now)
{
	struct ctl_call *cs = pp->cs;

	if (pp->ipcp_down) {
		pp->ipcp_down = false;
		if (ctl_ppp_negotiating(&pp->ipcp.fsm)) {
			/* IPCP renegotiates: no traffic until it is up again. */
			ctl_ppp_dp_down(pp);
			if (pp->phase == CTL_PPP_UP) {
				/* It was up: a fresh set-up (ctl_ppp_setup.h). */
				ctl_ppp_setup_renegotiated(&pp->setup, true, now,
					ctl_ppp_ctx.setup_timeout_ms);
				ctl_ppp_set_phase(pp, CTL_PPP_NETWORK);
			}
		} else if (!pp->lcp_down) {
			ctl_ppp_close_later(pp, L2TP_CDN_RC_ERROR,
					    L2TP_ERR_VENDOR, "IPCP closed");
		}
	}
	if (pp->lcp_down) {
		pp->lcp_down = false;
		if (ctl_ppp_negotiating(&pp->lcp.fsm))
			ctl_ppp_renegotiate(pp);
		else
			/*
			 * §3.2: a link that goes down takes the network
			 * along: the subscriber's Terminate-Request, or no
			 * answer to our echoes.
			 */
			ctl_ppp_close_cause(pp, pp->lcp.echo_outstanding >=
					    pp->lcp.conf.echo_max_fail &&
					    pp->lcp.conf.echo_max_fail > 0 ?
					    AAA_TERM_LOST_SERVICE :
					    AAA_TERM_USER_REQUEST,
					    L2TP_CDN_RC_LOST_CARRIER,
					    pp->lcp.fsm.close_reason ?
					    pp->lcp.fsm.close_reason :
					    "LCP down");
	}
	if (!pp->close_pending) {
		ctl_ppp_ipv6cp_settle(pp);
		ctl_ppp_requeue(pp);
		return;
	}
	LNS_LOG(INFO, ppp, "tunnel=%u session=%u event=down user=\"%s\" ip=%s reason=\"%s\" result=%u",
		pp->tid, pp->sid, pp->user,
		lns_ipv4_str(htonl(pp->addr), (char[LNS_IPV4_STRLEN]){ 0 }),
		pp->close_why, pp->close_result);
	if (pp->lcp.fsm.state == PPP_FSM_OPENED)
		ppp_fsm_close(&pp->lcp.fsm, pp->close_why, now);
	/* Frees cs and, through ctl_ppp_stop(), pp. */
	ctl_l2tp_call_close(cs, pp->close_result, pp->close_error,
			       pp->close_why);
}

/*
 * RFC 1661 §3.2/§4: the subscriber renegotiates LCP (a Configure-Request
 * while Opened). The network layer goes down and the link starts over:
 * authentication and IPCP run again, the address is given back and taken
 * again after authentication. Within the set-up of ctl_ppp_setup.h: a
 * subscriber that was up gets a fresh deadline, one that never was keeps
 * the deadline and the authentication attempts it had.
 */
static void
ctl_ppp_renegotiate(struct ctl_ppp *pp)
{
	uint64_t now = pp->lcp.now;
	bool was_up = pp->phase == CTL_PPP_UP;

	LNS_LOG(INFO, ppp, "tunnel=%u session=%u event=lcp-renegotiation user=\"%s\" ip=%s",
		pp->tid, pp->sid, pp->user,
		lns_ipv4_str(htonl(pp->addr), (char[LNS_IPV4_STRLEN]){ 0 }));
	if (pp->phase == CTL_PPP_NETWORK || pp->phase == CTL_PPP_UP) {
		pp->renegotiating = true;	/* NCP tld is not a teardown */
		ppp_fsm_down(&pp->ipcp.fsm, now);
		if (ctl_ppp_ctx.ipv6cp && ctl_ppp_ipv6cp_wake(pp) != NULL)
			ppp_fsm_down(&pp->ipv6cp->fsm, now);
		pp->renegotiating = false;
	}
	/* Authenticated again from here: a new accounting session. */
	ctl_ppp_acct_end(pp, AAA_TERM_USER_REQUEST);
	ctl_ppp_dp_down(pp);
	if (pp->pool != NULL)
		aaa_pool_release(pp->pool, pp->addr);
	ctl_ppp_index_addr_del(pp);
	pp->pool = NULL;
	pp->addr = 0;
	ctl_ppp_setup_renegotiated(&pp->setup, was_up, now,
				   ctl_ppp_ctx.setup_timeout_ms);
	ctl_ppp_set_phase(pp, CTL_PPP_LINK);
}

/* LCP layer events: up starts authentication, down ends the call. */
static void
ctl_ppp_lcp_layer(void *arg, struct ppp_fsm *fsm, enum ppp_fsm_layer ev)
{
	struct ctl_ppp *pp = arg;

	switch (ev) {
	case PPP_LAYER_UP:
		ctl_ppp_auth_start(pp, pp->lcp.now);
		break;
	case PPP_LAYER_DOWN:
		/*
		 * tld runs before the automaton picks its next state: whether
		 * the link renegotiates or terminates is known only afterwards
		 * (ctl_ppp_reap).
		 */
		pp->lcp_down = true;
		break;
	case PPP_LAYER_FINISHED:
		ctl_ppp_close_later(pp, L2TP_CDN_RC_ERROR, L2TP_ERR_VENDOR,
				    "LCP negotiation failed");
		break;
	default:
		break;
	}
}

/*
 * The subscriber Protocol-Rejected one of our NCPs (RFC 1661 §5.7): that
 * NCP stops for good (RXJ-). IPv6 is optional; without IPCP there is no
 * service, so the call ends.
 */
static void
ctl_ppp_protrej(void *arg, uint16_t proto)
{
	struct ctl_ppp *pp = arg;

	if (proto == LNS_PPP_PROTO_IPV6CP && ctl_ppp_ctx.ipv6cp &&
	    (pp->phase == CTL_PPP_NETWORK || pp->phase == CTL_PPP_UP) &&
	    ctl_ppp_ipv6cp_wake(pp) != NULL)
		ppp_fsm_rxj(&pp->ipv6cp->fsm, true, pp->lcp.now);
	else if (proto == LNS_PPP_PROTO_IPCP)
		ctl_ppp_close_later(pp, L2TP_CDN_RC_ERROR, L2TP_ERR_VENDOR,
				    "IPCP rejected by the subscriber");
}

static const struct ppp_lcp_conf *
ctl_ppp_lcp_conf(void)
{
	return &ctl_ppp_ctx.lcp;
}

const struct ctl_ppp_gauges *
ctl_ppp_gauges_get(void)
{
	return &ctl_ppp_gauges;
}

uint16_t
ctl_ppp_our_mru(void)
{
	return ctl_ppp_ctx.lcp.mru;
}

uint32_t
ctl_ppp_local_addr(void)
{
	return ctl_ppp_ctx.local_addr;
}

/* Every session's LCP: its packets and layer events. */
static const struct ppp_fsm_owner ctl_ppp_lcp_owner = {
	.send = ctl_ppp_send,
	.layer_cb = ctl_ppp_lcp_layer,
};

int
ctl_ppp_lookup(uint16_t tid, uint16_t sid, uint32_t peer_ip,
	       uint32_t *session_index, uint64_t *ifid6)
{
	struct ctl_call *cs = ctl_l2tp_call_find(tid, sid, peer_ip);
	const struct ctl_ppp *pp = cs != NULL ? ctl_l2tp_call_ppp(cs) : NULL;

	if (pp == NULL || !pp->pushed)
		return -ENOENT;
	*session_index = pp->session_index;
	*ifid6 = ctl_ppp_ifid(pp);
	return 0;
}

void
ctl_ppp_start(struct ctl_call *cs, uint64_t now)
{
	const struct l2tp_session_proxy *px = ctl_l2tp_call_proxy(cs);
	struct ctl_ppp *pp = calloc(1, sizeof(*pp));

	if (pp == NULL) {
		ctl_l2tp_call_close(cs, L2TP_CDN_RC_TEMP_NO_FACILITY, -1,
				       "out of memory");
		return;
	}
	pp->cs = cs;
	{
		struct ctl_l2tp_path path;

		ctl_l2tp_call_path(cs, &path);
		pp->tid = path.local_tid;
		pp->sid = path.local_sid;
	}
	pp->phase = CTL_PPP_LINK;
	pp->user = ctl_ppp_no_user;
	ctl_ppp_setup_begin(&pp->setup, now, ctl_ppp_ctx.setup_timeout_ms);
	ctl_l2tp_call_set_ppp(cs, pp);
	TAILQ_INSERT_TAIL(&ctl_ppp_ctx.list, pp, next);
	ctl_ppp_gauges.phase[CTL_PPP_LINK]++;

	ppp_lcp_init(&pp->lcp, ctl_ppp_lcp_conf());
	pp->lcp.fsm.owner = &ctl_ppp_lcp_owner;
	pp->lcp.fsm.arg = pp;
	pp->lcp.protrej_cb = ctl_ppp_protrej;
	pp->lcp.now = now;
	/*
	 * RFC 2661 §4.4.5: the LAC already negotiated LCP; use it if we may.
	 * The proxy data is released by ctl_ppp_auth_start(), its last user.
	 */
	if (!ctl_ppp_ctx.proxy_lcp)
		ctl_l2tp_call_proxy_release(cs);
	else if (px != NULL && px->last_tx_confreq.len > 0 &&
	    px->last_rx_confreq.len > 0 && !px->overflow &&
	    ppp_lcp_proxy(&pp->lcp, px->last_tx_confreq.data,
			  px->last_tx_confreq.len, px->last_rx_confreq.data,
			  px->last_rx_confreq.len, now) == 0) {
		ctl_ppp_gauges.proxy_lcp++;
		ctl_ppp_reap(pp, now);
		return;
	}
	ppp_fsm_up(&pp->lcp.fsm, now);
	ppp_fsm_open(&pp->lcp.fsm, now);
	ctl_ppp_reap(pp, now);
}

void
ctl_ppp_stop(struct ctl_call *cs)
{
	struct ctl_ppp *pp = ctl_l2tp_call_ppp(cs);

	if (pp == NULL)
		return;
	ctl_ppp_aaa_cancel(pp);
	/*
	 * Not decided by us: the LAC cleared the call or the tunnel went
	 * (or lnsd stops). Decided by us without a cause: NAS-Request.
	 */
	ctl_ppp_acct_end(pp, ctl_ppp_ctx.stopping ? AAA_TERM_ADMIN_REBOOT :
			 pp->close_pending ? AAA_TERM_NAS_REQUEST :
			 AAA_TERM_LOST_CARRIER);
	ctl_ppp_acct_reset(pp);
	ctl_ppp_dp_down(pp);
	ctl_ppp_ip6_down(pp);
	if (pp->pool != NULL)
		aaa_pool_release(pp->pool, pp->addr);
	ctl_ppp_index_addr_del(pp);
	ctl_ppp_gauges.phase[pp->phase]--;
	ctl_ppp_unlink(pp);
	ctl_l2tp_call_set_ppp(cs, NULL);
	free(pp->auth);
	free(pp->ipv6cp);
	ctl_ppp_qos_forget(pp);
	ctl_ppp_free_user(pp);
	free(pp);
}

/* ---- input ------------------------------------------------------------ */

/*
 * Control packets whose length fields lied, in every automaton of pp (the
 * authenticator, which may be freed by the packet, reports its own).
 */
static uint64_t
ctl_ppp_malformed(const struct ctl_ppp *pp)
{
	uint64_t n = (uint64_t)pp->lcp.fsm.stats.rx_malformed +
		     pp->lcp.fsm.stats.rx_too_long +
		     pp->ipcp.fsm.stats.rx_malformed +
		     pp->ipcp.fsm.stats.rx_too_long;

	if (pp->ipv6cp != NULL)
		n += (uint64_t)pp->ipv6cp->fsm.stats.rx_malformed +
		     pp->ipv6cp->fsm.stats.rx_too_long;
	return n;
}

static void
ctl_ppp_dispatch(struct ctl_ppp *pp, uint16_t proto, const uint8_t *pkt,
		 size_t len, uint64_t now)
{
	uint64_t bad = ctl_ppp_malformed(pp), auth_bad = 0;

	pp->lcp.now = now;
	switch (proto) {
	case LNS_PPP_PROTO_LCP:
		ppp_lcp_input(&pp->lcp, pkt, len, now);
		break;
	case LNS_PPP_PROTO_PAP:
	case LNS_PPP_PROTO_CHAP:
		/* Outside the authentication phase: silently discarded. */
		if (pp->phase == CTL_PPP_AUTH)
			auth_bad = ctl_ppp_auth_input(pp, proto, pkt, len,
						      now);
		break;
	case LNS_PPP_PROTO_IPCP:
	case LNS_PPP_PROTO_IPV6CP:
		/* §3.2: NCP packets before the network phase are discarded. */
		if (pp->phase == CTL_PPP_NETWORK || pp->phase == CTL_PPP_UP)
			ctl_ppp_ncp_input(pp, proto, pkt, len, now);
		break;
	default:
		/* §5.7: an unknown protocol gets a Protocol-Reject. */
		ctl_ppp_gauges.unknown_protocol++;
		if (pp->lcp.fsm.state == PPP_FSM_OPENED)
			ppp_lcp_send_protrej(&pp->lcp, proto, pkt, len);
		break;
	}
	bad = ctl_ppp_malformed(pp) - bad + auth_bad;
	if (bad != 0) {
		static struct lns_ratelimit rl;
		struct ctl_l2tp_path path;
		uint32_t sup;

		ctl_ppp_gauges.malformed += bad;
		ctl_l2tp_call_path(pp->cs, &path);
		if (lns_ratelimit(&rl, now, 1000, &sup))
			LNS_LOG(NOTICE, ppp, "tunnel=%u session=%u peer=%s event=dropped reason=malformed proto=0x%04x len=%zu suppressed=%u",
				pp->tid, pp->sid,
				lns_ipv4_str(path.peer_ip,
					     (char[LNS_IPV4_STRLEN]){ 0 }),
				proto, len, sup);
	}
	ctl_ppp_reap(pp, now);
}

void
ctl_ppp_input(struct rte_mbuf *m, uint64_t now)
{
	struct ctl_call *cs;
	struct lns_udp_view v;
	struct l2tp_hdr h;
	const uint8_t *p;
	uint16_t proto;
	size_t off, len;
	int rc;

	if (lns_udp_decap(m, &v) != 0 ||
	    l2tp_hdr_decode(&h, v.payload, v.len) != 0 || l2tp_hdr_is_ctrl(&h))
		goto bad;
	cs = ctl_l2tp_call_find(h.tunnel_id, h.session_id,
				   v.ip->src_addr);
	if (cs == NULL || ctl_l2tp_call_ppp(cs) == NULL) {
		ctl_ppp_gauges.unknown_session++;
		goto drop;
	}
	p = v.payload + h.payload_off;
	len = h.length - h.payload_off;
	rc = lns_ppp_hdr_parse(p, (uint32_t)len, 0, &proto);
	if (rc < 0)
		goto bad;
	off = (size_t)rc;
	ctl_ppp_dispatch(ctl_l2tp_call_ppp(cs), proto, p + off, len - off, now);
	goto drop;
bad:
	ctl_ppp_gauges.malformed++;
drop:
	rte_pktmbuf_free(m);
}

/* ---- timers ----------------------------------------------------------- */

static void
ctl_ppp_timer_one(struct ctl_ppp *pp, uint64_t now)
{
	pp->lcp.now = now;
	ppp_lcp_timer(&pp->lcp, now);
	if (pp->phase == CTL_PPP_AUTH)
		ctl_ppp_auth_timer(pp, now);
	if (pp->phase == CTL_PPP_NETWORK || pp->phase == CTL_PPP_UP)
		ctl_ppp_ncp_timer(pp, now);
	if (pp->phase == CTL_PPP_UP) {
		ctl_ppp_acct_timer(pp, now);
		ctl_ppp_ip6_timer(pp, now);
	}
	if (pp->phase != CTL_PPP_UP && pp->phase != CTL_PPP_CLOSING &&
	    ctl_ppp_setup_expired(&pp->setup, now)) {
		ctl_ppp_gauges.setup_timeout++;
		ctl_ppp_close_later(pp, L2TP_CDN_RC_ERROR, L2TP_ERR_VENDOR,
				    "PPP setup timeout");
	}
	ctl_ppp_reap(pp, now);
}

void
ctl_ppp_timer(uint64_t now)
{
	struct ctl_ppp *pp, *tmp;
	uint64_t k;

	/* PPP timers are seconds long: a pass every 50 ms is plenty. */
	if (now < ctl_ppp_ctx.next_timer)
		return;
	ctl_ppp_ctx.next_timer = now + CTL_PPP_TICK_MS;
	RTE_TAILQ_FOREACH_SAFE(pp, &ctl_ppp_ctx.list, next, tmp)
		ctl_ppp_timer_one(pp, now);
	/* A slice of the quiet ones; a visit may move or free pp. */
	k = (uint64_t)ctl_ppp_ctx.nb_quiet * CTL_PPP_TICK_MS /
	    CTL_PPP_QUIET_SCAN_MS + 1;
	while (k-- > 0 && ctl_ppp_ctx.nb_quiet > 0) {
		if (ctl_ppp_ctx.cursor == NULL)
			ctl_ppp_ctx.cursor = TAILQ_FIRST(&ctl_ppp_ctx.quiet);
		pp = ctl_ppp_ctx.cursor;
		ctl_ppp_ctx.cursor = TAILQ_NEXT(pp, next);
		ctl_ppp_timer_one(pp, now);
	}
}

/* ---- configuration ---------------------------------------------------- */

/* MRU that fits the access port's MTU: IPv4 + UDP + the longest L2TP
 * data header we accept (Length, Ns/Nr, Offset) + FF 03 + protocol. */
static uint16_t
ctl_ppp_mru(const struct cfg *cfg)
{
	uint16_t mtu = 1500;
	unsigned int i;

	if (cfg->ppp.mru != 0)
		return cfg->ppp.mru;
	for (i = 0; i < cfg->nb_ports; i++)
		if (cfg->ports[i].role == CFG_PORT_ACCESS) {
			mtu = cfg->ports[i].mtu;
			break;
		}
	return (uint16_t)(mtu - 20 - 8 - 16 - 4);
}

/* What a reload may change: authentication, echo, proxy, timers, DNS. */
static void
ctl_ppp_settings(const struct cfg *cfg)
{
	struct ppp_lcp_conf *lc = &ctl_ppp_ctx.lcp;
	unsigned int i;

	for (i = 0; i < cfg->ppp.nb_auth && i < PPP_LCP_MAX_AUTH; i++)
		lc->auth[i] = ctl_ppp_auth_from_cfg(
			cfg_ppp_auth_parse(cfg->ppp.auth[i]));
	lc->auth_count = (uint8_t)i;
	if (lc->auth_count == 0) {
		lc->auth[0] = PPP_AUTH_CHAP_MD5;
		lc->auth_count = 1;
	}
	lc->echo_interval_ms = cfg->ppp.echo_interval_ms;
	lc->echo_max_fail = (uint8_t)RTE_MIN(cfg->ppp.echo_failures, 255);
	ctl_ppp_ctx.proxy_lcp = cfg->ppp.proxy_lcp;
	ctl_ppp_ctx.proxy_auth = cfg->ppp.proxy_auth;
	ctl_ppp_ctx.setup_timeout_ms = cfg->ppp.setup_timeout_ms;
	ctl_ppp_ctx.ipv6cp = cfg->ppp.ipv6cp;
	ctl_ppp_ctx.dns[0] = ntohl(cfg->ppp.dns1);
	ctl_ppp_ctx.dns[1] = ntohl(cfg->ppp.dns2);
	ctl_ppp_ctx.interim_default = cfg->aaa.interim_interval;
}

/* Our own IPCP address is never handed to a subscriber. */
static void
ctl_ppp_reserve_local(const struct cfg *cfg)
{
	unsigned int i;

	for (i = 0; i < cfg->aaa.nb_pools; i++) {
		struct aaa_pool *p = aaa_pool_set_find(ctl_aaa.pools,
						       cfg->aaa.pools[i].name);

		if (p != NULL && aaa_pool_contains(p, ctl_ppp_ctx.local_addr) &&
		    !aaa_pool_in_use(p, ctl_ppp_ctx.local_addr))
			aaa_pool_reserve(p, ctl_ppp_ctx.local_addr);
	}
}

/* lnsd's DHCPv6 DUID-LL: the first port's MAC (stable across restarts). */
static const uint8_t *
ctl_ppp_duid_mac(void)
{
	static const uint8_t none[6];

	return port_count > 0 ? port_table[0].mac.addr_bytes : none;
}

int
ctl_ppp_init(const struct cfg *cfg)
{
	struct ppp_lcp_conf *lc = &ctl_ppp_ctx.lcp;
	unsigned int i;

	memset(&ctl_ppp_ctx, 0, sizeof(ctl_ppp_ctx));
	memset(&ctl_ppp_gauges, 0, sizeof(ctl_ppp_gauges));
	TAILQ_INIT(&ctl_ppp_ctx.list);
	TAILQ_INIT(&ctl_ppp_ctx.quiet);
	lc->mru = ctl_ppp_mru(cfg);
	lc->accept_pfc = true;
	lc->accept_acfc = true;
	ctl_ppp_settings(cfg);
	/* l2tp.host_name is restart-only: the boot configuration's. */
	ctl_ppp_ctx.host_name = cfg->l2tp.host_name;
	ctl_ppp_ctx.local_addr = ntohl(cfg->ppp.local_address);
	for (i = 0; ctl_ppp_ctx.local_addr == 0 && i < cfg->nb_ports; i++)
		if (cfg->ports[i].role == CFG_PORT_CORE)
			ctl_ppp_ctx.local_addr = ntohl(cfg->ports[i].address.addr);
	if (ctl_ppp_ctx.local_addr == 0 && cfg->nb_ports > 0)
		ctl_ppp_ctx.local_addr = ntohl(cfg->ports[0].address.addr);
	ctl_ppp_reserve_local(cfg);
	ctl_qos_set(cfg);
	ctl_qos_count_reset();
	if (ctl_ppp_ip6_init(cfg, ctl_ppp_duid_mac()) != 0)
		return -ENOMEM;
	return ctl_ppp_index_init(cfg->l2tp.max_sessions);
}

void
ctl_ppp_reload_apply(void *state, const struct cfg *old,
		     const struct cfg *new, struct ctl_reload_sum *sum)
{
	(void)state;
	ctl_ppp_settings(new);
	ctl_ppp_ip6_settings(new, ctl_ppp_duid_mac());
	ctl_ppp_reserve_local(new);
	if (old->ppp.echo_interval_ms != new->ppp.echo_interval_ms ||
	    old->ppp.echo_failures != new->ppp.echo_failures)
		ctl_reload_sum_add(sum, "ppp: echo %u ms x %u",
				   new->ppp.echo_interval_ms,
				   new->ppp.echo_failures);
	if (old->ppp.setup_timeout_ms != new->ppp.setup_timeout_ms)
		ctl_reload_sum_add(sum, "ppp.setup_timeout_ms: %u",
				   new->ppp.setup_timeout_ms);
	if (memcmp(&old->qos, &new->qos, sizeof(new->qos)) != 0)
		ctl_ppp_qos_reload(new, sum);
}

void
ctl_ppp_fini(void)
{
	/* Contexts go with their sessions (ctl_ppp_stop), then the indexes. */
	ctl_ppp_index_fini();
	ctl_ppp_ip6_fini();
}
