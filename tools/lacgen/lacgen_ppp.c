/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * --ppp: the subscriber's side of PPP for every session, on the shared
 * PPP library in client mode (control/ppp/): after ICCN,
 *
 *   LCP --Opened--> AUTH (PAP/CHAP/MS-CHAPv2, lacgen_ppp_auth.c)
 *       --success--> IPCP --Opened--> UP (address recorded)
 *
 * With --ipv6, IPv6CP (RFC 5072) starts beside IPCP after authentication;
 * its Opened gives a --tun device its link-local address (the session
 * counts as up on IPCP alone, as before: IPv6CP's progress is its own
 * counter). Without --ipv6 the LNS's IPv6CP is Protocol-Rejected.
 *
 * PPP frames travel in L2TP data messages (RFC 2661 §3.1, T=0, no L, S
 * or O bits) to the LNS's Tunnel and Session IDs: FF 03, a 2-octet
 * protocol, the packet. Received data messages are dispatched by our
 * Session ID (index + 1) to the session's PPP.
 *
 * LCP gets its Up event with the first LCP frame of the LNS (so our first
 * Configure-Request is not dropped by an LNS that has not yet processed
 * the ICCN) or LACGEN_PPP_LOWER_UP_MS after ICCN if the LNS stays mute.
 * With --proxy-lcp, LCP opens at once from the values the ICCN carried;
 * a Configure-Request of the LNS renegotiates (RFC 1661 Opened + RCR).
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "l2tp_hdr.h"
#include "lacgen.h"
#include "lns_bytes.h"
#include "lns_ppp_wire.h"

/* Failures described on stderr, the first ones only. */
#define PPP_FAIL_LOG_MAX	10

static const char *const ppp_phase_names[] = {
	[LACGEN_PPP_IDLE] = "idle",
	[LACGEN_PPP_LCP] = "lcp",
	[LACGEN_PPP_AUTH] = "auth",
	[LACGEN_PPP_IPCP] = "ipcp",
	[LACGEN_PPP_UP] = "up",
	[LACGEN_PPP_AUTH_FAILED] = "auth-failed",
	[LACGEN_PPP_FAILED] = "failed",
	[LACGEN_PPP_CLOSED] = "closed",
};

const char *
lacgen_ppp_phase_name(enum lacgen_ppp_phase ph)
{
	if ((unsigned int)ph >= LACGEN_PPP_NPHASES)
		return "?";
	return ppp_phase_names[ph];
}

static void
ppp_set_phase(struct lacgen_ppp *p, enum lacgen_ppp_phase ph)
{
	struct lacgen_stats *st = &p->t->lg->st;

	st->ppp_in_phase[p->phase]--;
	st->ppp_in_phase[ph]++;
	p->phase = ph;
}

static bool
ppp_ended(const struct lacgen_ppp *p)
{
	return p->phase >= LACGEN_PPP_AUTH_FAILED;
}

/* Counted once: up, or ended before it was. */
static void
ppp_resolve(struct lacgen_ppp *p, enum lacgen_ppp_phase ph)
{
	struct lacgen_stats *st = &p->t->lg->st;

	if (p->resolved) {
		if (ph != LACGEN_PPP_UP && p->phase == LACGEN_PPP_UP)
			st->ppp_lost++;
		return;
	}
	p->resolved = true;
	st->ppp_resolved++;
	/* The session leaves the tunnel's setup window (--window). */
	p->t->outstanding--;
	if (ph == LACGEN_PPP_UP)
		st->ppp_up++;
	else if (ph == LACGEN_PPP_AUTH_FAILED)
		st->ppp_auth_failed++;
	else
		st->ppp_failed++;
}

/* One line on stderr for each of the first failures: where it stood. */
static void
ppp_log_fail(const struct lacgen_ppp *p, const char *why)
{
	const struct lacgen_stats *st = &p->t->lg->st;

	if (st->ppp_failed + st->ppp_auth_failed > PPP_FAIL_LOG_MAX)
		return;
	fprintf(stderr, "lacgen: ppp tunnel=%u session=%u failed: %s "
	    "(phase=%s lcp=%s ipcp=%s)\n", p->t->local_id, p->s->local_id,
	    why, lacgen_ppp_phase_name(p->phase),
	    ppp_fsm_state_name(p->lcp.fsm.state),
	    ppp_fsm_state_name(p->ipcp.fsm.state));
}

/*
 * PPP failed for this session. Often called from inside an automaton's
 * callback: the Terminate-Request to the LNS goes from the next timer
 * tick (the LCP timers keep running for its retransmissions).
 */
static void
ppp_fail(struct lacgen_ppp *p, enum lacgen_ppp_phase ph, const char *why)
{
	if (ppp_ended(p))
		return;
	ppp_resolve(p, ph);
	ppp_log_fail(p, why);
	ppp_set_phase(p, ph);
	p->close_pending = true;
}

void
lacgen_ppp_data_hdr(const struct lacgen_ppp *p, uint8_t *buf, uint16_t proto)
{
	struct l2tp_hdr h;
	int n;

	memset(&h, 0, sizeof(h));
	h.tunnel_id = p->t->peer_id;
	h.session_id = p->s->peer_id;
	n = l2tp_hdr_encode(&h, buf, LACGEN_DATA_HDR);	/* 6: no L, S, O */
	buf[n] = LNS_PPP_ADDR;
	buf[n + 1] = LNS_PPP_CTRL;
	lns_put_be16(buf + n + 2, proto);
}

void
lacgen_ppp_send(struct lacgen_ppp *p, uint16_t proto, const uint8_t *pkt,
    size_t len)
{
	struct lacgen_tunnel *t = p->t;
	uint8_t buf[LACGEN_DATA_HDR + PPP_FSM_MAX_PKT];

	if (len > PPP_FSM_MAX_PKT || p->phase == LACGEN_PPP_CLOSED)
		return;
	lacgen_ppp_data_hdr(p, buf, proto);
	memcpy(buf + LACGEN_DATA_HDR, pkt, len);
	/* Data messages are not sequenced: a lost one is PPP's to resend. */
	if (lacgen_port_send_udp(&t->lg->port, t->peer_udp_port, buf,
	    LACGEN_DATA_HDR + len) == 0)
		t->lg->st.ppp_tx++;
}

static void
ppp_fsm_send_cb(void *arg, uint16_t proto, const uint8_t *pkt, size_t len)
{
	lacgen_ppp_send(arg, proto, pkt, len);
}

static int
ppp_random_cb(void *arg, void *buf, size_t len)
{
	struct lacgen_ppp *p = arg;

	lacgen_ppp_random(p->t->lg, buf, len);
	return 0;
}

static void
ppp_ipcp_start(struct lacgen_ppp *p, uint64_t now)
{
	ppp_set_phase(p, LACGEN_PPP_IPCP);
	ppp_fsm_up(&p->ipcp.fsm, now);
	ppp_fsm_open(&p->ipcp.fsm, now);
	if (p->v6 != NULL) {
		ppp_fsm_up(&p->v6->fsm, now);
		ppp_fsm_open(&p->v6->fsm, now);
	}
}

void
lacgen_ppp_auth_done(struct lacgen_ppp *p, bool ok, uint64_t now)
{
	if (p->phase != LACGEN_PPP_AUTH)
		return;
	if (ok)
		ppp_ipcp_start(p, now);
	else
		ppp_fail(p, LACGEN_PPP_AUTH_FAILED, "authentication");
}

static void
ppp_lcp_layer(struct lacgen_ppp *p, enum ppp_fsm_layer ev, uint64_t now)
{
	switch (ev) {
	case PPP_LAYER_UP:
		if (ppp_ended(p))
			return;
		p->auth = p->lcp.client_auth;
		ppp_set_phase(p, LACGEN_PPP_AUTH);
		if (p->auth == PPP_AUTH_NONE)
			lacgen_ppp_auth_done(p, true, now);
		else
			lacgen_ppp_auth_begin(p, now);
		if (p->early_len > 0 && p->phase == LACGEN_PPP_AUTH)
			lacgen_ppp_auth_input(p, LNS_PPP_PROTO_CHAP, p->early,
			    p->early_len, now);
		p->early_len = 0;
		break;
	case PPP_LAYER_DOWN:
		/* Renegotiation (or the end): the NCPs go down with it. */
		ppp_fsm_down(&p->ipcp.fsm, now);
		if (p->v6 != NULL)
			ppp_fsm_down(&p->v6->fsm, now);
		if (!ppp_ended(p)) {
			if (p->phase == LACGEN_PPP_UP)
				p->t->lg->st.ppp_lost++;
			ppp_set_phase(p, LACGEN_PPP_LCP);
		}
		break;
	case PPP_LAYER_FINISHED:
		ppp_fail(p, LACGEN_PPP_FAILED, "LCP finished");
		break;
	default:
		break;
	}
}

static void
ppp_ipcp_layer(struct lacgen_ppp *p, enum ppp_fsm_layer ev, uint64_t now)
{
	if (ppp_ended(p))
		return;
	if (ev == PPP_LAYER_UP) {
		p->addr = p->ipcp.addr;
		p->dns[0] = p->ipcp.dns[0];
		p->dns[1] = p->ipcp.dns[1];
		ppp_resolve(p, LACGEN_PPP_UP);
		ppp_set_phase(p, LACGEN_PPP_UP);
		if (p->t->lg->conf.tun_count != 0)
			lacgen_tun_attach(p);
	} else if (ev == PPP_LAYER_DOWN && p->phase == LACGEN_PPP_UP) {
		ppp_set_phase(p, LACGEN_PPP_IPCP);	/* renegotiation */
	} else if (ev == PPP_LAYER_FINISHED) {
		ppp_fail(p, LACGEN_PPP_FAILED, "IPCP finished");
	}
}

/* IPv6CP: its own progress; a failure does not end the session. */
static void
ppp_ipv6cp_layer(struct lacgen_ppp *p, enum ppp_fsm_layer ev)
{
	if (ppp_ended(p))
		return;
	if (ev == PPP_LAYER_UP && !p->v6_up) {
		p->v6_up = true;
		p->t->lg->st.ppp_v6_up++;
		if (p->tun != NULL)
			lacgen_tun_attach6(p);
	} else if (ev == PPP_LAYER_DOWN) {
		p->v6_up = false;
	}
}

static void
ppp_layer_cb(void *arg, struct ppp_fsm *fsm, enum ppp_fsm_layer ev)
{
	struct lacgen_ppp *p = arg;
	uint64_t now = lacgen_now_ms();

	if (fsm == &p->lcp.fsm)
		ppp_lcp_layer(p, ev, now);
	else if (p->v6 != NULL && fsm == &p->v6->fsm)
		ppp_ipv6cp_layer(p, ev);
	else
		ppp_ipcp_layer(p, ev, now);
}

static void
ppp_hook(struct lacgen_ppp *p, struct ppp_fsm *fsm)
{
	static const struct ppp_fsm_owner owner = {
		.send = ppp_fsm_send_cb,
		.layer_cb = ppp_layer_cb,
		.random = ppp_random_cb,
	};

	fsm->owner = &owner;
	fsm->arg = p;
}

static void
ppp_lower_up(struct lacgen_ppp *p, uint64_t now)
{
	if (p->lower_up)
		return;
	p->lower_up = true;
	ppp_fsm_up(&p->lcp.fsm, now);
}

/* The LCP values the ICCN carried become ours (client-side proxy). */
static int
ppp_proxy_open(struct lacgen_ppp *p, uint64_t now)
{
	uint8_t ours[PPP_FSM_MAX_REQ], lac[PPP_FSM_MAX_REQ];
	size_t n_ours, n_lac;

	n_ours = lacgen_ppp_proxy_opts(p, true, ours, sizeof(ours));
	n_lac = lacgen_ppp_proxy_opts(p, false, lac, sizeof(lac));
	p->lower_up = true;
	return ppp_lcp_proxy(&p->lcp, ours, n_ours, lac, n_lac, now);
}

void
lacgen_ppp_start(struct lacgen_tunnel *t, struct lacgen_session *s,
    uint64_t now)
{
	const struct lacgen_conf *c = &t->lg->conf;
	struct lacgen_ppp *p = s->ppp;
	struct ppp_lcp_conf lc;
	struct ppp_ipcp_conf ic;

	if (p == NULL || p->phase != LACGEN_PPP_IDLE)
		return;
	memset(&lc, 0, sizeof(lc));
	lc.fsm.restart_ms = LACGEN_PPP_RESTART_MS;
	lc.mru = c->mru;	/* 0: 1500, the default, not requested */
	memcpy(lc.accept_auth, c->accept_auth, sizeof(lc.accept_auth));
	lc.accept_auth_count = c->accept_auth_count;
	memset(&ic, 0, sizeof(ic));
	ic.fsm.restart_ms = LACGEN_PPP_RESTART_MS;
	ic.client = true;
	ic.want_dns = true;
	ppp_lcp_init(&p->lcp, &lc);
	ppp_ipcp_init(&p->ipcp, &ic);
	ppp_hook(p, &p->lcp.fsm);
	ppp_hook(p, &p->ipcp.fsm);
	if (p->v6 != NULL) {
		struct ppp_ipv6cp_conf vc;

		memset(&vc, 0, sizeof(vc));
		vc.fsm.restart_ms = LACGEN_PPP_RESTART_MS;
		ppp_ipv6cp_init(p->v6, &vc);
		ppp_hook(p, &p->v6->fsm);
	}

	t->lg->st.ppp_started++;
	p->t_start = now;
	p->t_lower_up = now + LACGEN_PPP_LOWER_UP_MS;
	ppp_set_phase(p, LACGEN_PPP_LCP);
	if (p->proxy && ppp_proxy_open(p, now) == 0) {
		t->lg->st.ppp_proxy++;
		return;		/* Opened: the layer callback began auth */
	}
	p->lower_up = false;
	ppp_fsm_open(&p->lcp.fsm, now);
}

void
lacgen_ppp_closed(struct lacgen_tunnel *t, struct lacgen_session *s)
{
	struct lacgen_ppp *p = s->ppp;

	if (p == NULL || p->phase == LACGEN_PPP_IDLE ||
	    p->phase == LACGEN_PPP_CLOSED)
		return;
	if (p->phase == LACGEN_PPP_AUTH_FAILED)
		t->lg->st.ppp_auth_failed_closed++;
	if (!p->resolved) {
		ppp_resolve(p, LACGEN_PPP_FAILED);
		ppp_log_fail(p, "session cleared");
	} else if (p->phase == LACGEN_PPP_UP && s->end != LACGEN_END_CLEAN)
		t->lg->st.ppp_lost++;
	ppp_set_phase(p, LACGEN_PPP_CLOSED);
}

/* A frame of an NCP we do not run: RFC 1661 §5.7 Protocol-Reject. */
static void
ppp_unknown_proto(struct lacgen_ppp *p, uint16_t proto, const uint8_t *pkt,
    size_t len)
{
	p->t->lg->st.ppp_rx_unknown_proto++;
	ppp_lcp_send_protrej(&p->lcp, proto, pkt, len);
}

/*
 * The LNS may send its CHAP Challenge right after its Configure-Ack and
 * the two may arrive swapped (an LNS sends from several queues; data
 * messages are not sequenced). RFC 1661 §3.2 discards it before LCP is
 * Opened; we keep the last one and answer it once LCP opens rather than
 * wait for the LNS to repeat it.
 */
static void
ppp_keep_early(struct lacgen_ppp *p, uint16_t proto, const uint8_t *pkt,
    size_t len)
{
	if (proto != LNS_PPP_PROTO_CHAP || len < 1 || pkt[0] != PPP_CHAP_CHALLENGE ||
	    len > sizeof(p->early))
		return;
	memcpy(p->early, pkt, len);
	p->early_len = (uint8_t)len;
	p->t->lg->st.ppp_rx_early++;
}

static void
ppp_input(struct lacgen_ppp *p, uint16_t proto, const uint8_t *pkt,
    size_t len, uint64_t now)
{
	switch (proto) {
	case LNS_PPP_PROTO_LCP:
		ppp_lower_up(p, now);
		ppp_lcp_input(&p->lcp, pkt, len, now);
		return;
	case LNS_PPP_PROTO_PAP:
	case LNS_PPP_PROTO_CHAP:
		if (p->phase == LACGEN_PPP_AUTH)
			lacgen_ppp_auth_input(p, proto, pkt, len, now);
		else if (p->phase == LACGEN_PPP_LCP)
			ppp_keep_early(p, proto, pkt, len);
		return;
	case LNS_PPP_PROTO_IPCP:
		/*
		 * The LNS starts IPCP only once we are authenticated (it may
		 * have taken the proxy authentication): that is our success.
		 */
		if (p->phase == LACGEN_PPP_AUTH)
			lacgen_ppp_auth_done(p, true, now);
		if (p->phase == LACGEN_PPP_IPCP || p->phase == LACGEN_PPP_UP)
			ppp_fsm_input(&p->ipcp.fsm, pkt, len, now);
		return;
	case LNS_PPP_PROTO_IPV4:
		/* --tun: to the Linux stack; otherwise counted, ignored. */
		if (p->tun != NULL && p->phase == LACGEN_PPP_UP)
			lacgen_tun_write(p->tun, pkt, len);
		else
			p->t->lg->st.ppp_rx_ip++;
		return;
	case LNS_PPP_PROTO_IPV6CP:
		if (p->v6 == NULL)
			break;	/* Protocol-Reject, below */
		if (p->phase == LACGEN_PPP_IPCP || p->phase == LACGEN_PPP_UP)
			ppp_fsm_input(&p->v6->fsm, pkt, len, now);
		return;
	case LNS_PPP_PROTO_IPV6:
		if (p->tun != NULL && p->tun->v6_configured && p->v6_up)
			lacgen_tun_write(p->tun, pkt, len);
		else
			p->t->lg->st.ppp_rx_ip6++;
		return;
	default:
		break;
	}
	if (p->lcp.fsm.state == PPP_FSM_OPENED && !ppp_ended(p))
		ppp_unknown_proto(p, proto, pkt, len);
}

void
lacgen_ppp_rx(struct lacgen *lg, const struct l2tp_hdr *h, const uint8_t *buf,
    uint64_t now)
{
	const uint8_t *f = buf + h->payload_off;
	size_t len = l2tp_hdr_payload_len(h);
	struct lacgen_session *s;
	struct lacgen_tunnel *t;
	uint16_t proto;
	int off;

	if (h->tunnel_id == 0 || h->tunnel_id > lg->conf.tunnels ||
	    h->session_id == 0 || h->session_id > lg->conf.sessions) {
		lg->st.ppp_rx_bad++;
		return;
	}
	t = &lg->tun[h->tunnel_id - 1];
	s = &t->sess[h->session_id - 1];
	if (s->ppp == NULL || s->ppp->phase == LACGEN_PPP_IDLE ||
	    s->ppp->phase == LACGEN_PPP_CLOSED) {
		lg->st.ppp_rx_bad++;
		return;
	}
	/* Address/Control may be absent (ACFC), the protocol short (PFC). */
	off = lns_ppp_hdr_parse(f, (uint32_t)len, 0, &proto);
	if (off < 0) {
		lg->st.ppp_rx_bad++;
		return;
	}
	f += off;
	len -= (size_t)off;
	/* PPP's own frames; IP data is counted per TUN or ignored. */
	if (proto != LNS_PPP_PROTO_IPV4 && proto != LNS_PPP_PROTO_IPV6)
		lg->st.ppp_rx++;
	ppp_input(s->ppp, proto, f, len, now);
}

static void
ppp_session_timer(struct lacgen_ppp *p, uint64_t now)
{
	const struct lacgen_conf *c = &p->t->lg->conf;

	if (p->phase == LACGEN_PPP_IDLE || p->phase == LACGEN_PPP_CLOSED)
		return;
	if (!p->resolved && c->ppp_timeout_s != 0 &&
	    now >= p->t_start + (uint64_t)c->ppp_timeout_s * 1000) {
		p->t->lg->st.ppp_timeouts++;
		ppp_fail(p, LACGEN_PPP_FAILED, "--ppp-timeout");
	}
	if (p->close_pending) {
		p->close_pending = false;
		ppp_fsm_close(&p->lcp.fsm, "lacgen: PPP failed", now);
	}
	if (!p->lower_up && now >= p->t_lower_up)
		ppp_lower_up(p, now);
	if (ppp_lcp_next_timeout(&p->lcp) <= now)
		ppp_lcp_timer(&p->lcp, now);
	if (ppp_ended(p))
		return;
	if (ppp_fsm_next_timeout(&p->ipcp.fsm) <= now)
		ppp_fsm_timer(&p->ipcp.fsm, now);
	if (p->v6 != NULL && ppp_fsm_next_timeout(&p->v6->fsm) <= now)
		ppp_fsm_timer(&p->v6->fsm, now);
	if (p->phase == LACGEN_PPP_AUTH)
		lacgen_ppp_auth_timer(p, now);
}

/* Nothing for the timers to do until some input comes. */
static bool
ppp_quiet(const struct lacgen_ppp *p)
{
	if (p == NULL)		/* PPP not started yet */
		return false;
	if (ppp_ended(p) || p->phase == LACGEN_PPP_CLOSED)
		return true;
	return p->phase == LACGEN_PPP_UP && p->resolved && p->lower_up &&
	       !p->close_pending &&
	       ppp_lcp_next_timeout(&p->lcp) == UINT64_MAX &&
	       ppp_fsm_next_timeout(&p->ipcp.fsm) == UINT64_MAX &&
	       (p->v6 == NULL ||
		ppp_fsm_next_timeout(&p->v6->fsm) == UINT64_MAX);
}

void
lacgen_ppp_timer(struct lacgen_tunnel *t, uint64_t now)
{
	uint32_t i, k;

	while (t->ppp_lo < t->next_session &&
	       (t->sess[t->ppp_lo].state == LACGEN_SESSION_CLOSED ||
		ppp_quiet(t->sess[t->ppp_lo].ppp)))
		t->ppp_lo++;
	for (i = t->ppp_lo; i < t->next_session; i++)
		if (t->sess[i].ppp != NULL)
			ppp_session_timer(t->sess[i].ppp, now);
	k = t->ppp_lo / (1000 / LACGEN_PPP_TICK_MS) + 1;
	while (k-- > 0 && t->ppp_lo > 0) {
		if (t->ppp_cursor >= t->ppp_lo)
			t->ppp_cursor = 0;
		i = t->ppp_cursor++;
		if (t->sess[i].ppp != NULL)
			ppp_session_timer(t->sess[i].ppp, now);
	}
}
