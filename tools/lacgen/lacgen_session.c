/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * LAC side of incoming calls (RFC 2661 §5.2, §6.6-6.8, §6.11, §7.3
 * "LAC incoming call"):
 *
 *   IDLE --ICRQ--> WAIT_REPLY --ICRP ok / ICCN--> ESTABLISHED
 *                      |                              |
 *                      | CDN received                 | teardown: CDN
 *                      v                              v
 *                   CLOSED <--CDN acked (batch)--- CLOSING
 *
 * Session IDs are the index + 1 in the tunnel's array, so a received
 * header Session ID finds its session without a lookup table.
 */

#include <errno.h>
#include <stdio.h>

#include "l2tp_avp.h"
#include "l2tp_hdr.h"
#include "lacgen.h"

/* Counted once per session: established, or ended before it was. */
static void
session_resolve(struct lacgen_tunnel *t, struct lacgen_session *s)
{
	struct lacgen_stats *st = &t->lg->st;

	if (s->resolved)
		return;
	s->resolved = true;
	st->sessions_resolved++;
	if (s->was_established)
		st->sessions_established++;
	else
		st->sessions_failed++;
}

/* The one place a session ends. */
static void
session_closed(struct lacgen_tunnel *t, struct lacgen_session *s,
    enum lacgen_end why)
{
	struct lacgen_stats *st = &t->lg->st;

	if (s->state == LACGEN_SESSION_CLOSED)
		return;
	if (s->state == LACGEN_SESSION_WAIT_REPLY)
		t->outstanding--;
	s->state = LACGEN_SESSION_CLOSED;
	s->end = why;
	session_resolve(t, s);
	lacgen_ppp_closed(t, s);
	st->session_end[why]++;
	if (s->was_established) {
		if (why == LACGEN_END_CLEAN)
			st->sessions_closed_clean++;
		else
			st->sessions_lost++;
	}
}

static void
session_writer(const struct lacgen_tunnel *t, struct l2tp_writer *w,
    uint8_t *buf, size_t cap, uint16_t session_id, uint16_t msg_type)
{
	const struct lacgen_conf *c = &t->lg->conf;

	l2tp_writer_init(w, buf, cap);
	if (c->secret != NULL)
		l2tp_writer_set_secret(w, (const uint8_t *)c->secret,
		    c->secret_len);
	l2tp_ctrl_begin(w, t->peer_id, session_id, 0, 0, msg_type);
}

/*
 * §4.3: with --hide, a Random Vector and then the AVPs that "may be
 * hidden" with the H bit, so the LNS's unhiding gets exercised.
 */
static uint16_t
session_hide(struct lacgen_tunnel *t, struct l2tp_writer *w)
{
	uint8_t rv[16];
	unsigned int i;

	if (!t->lg->conf.hide)
		return 0;
	for (i = 0; i < sizeof(rv); i++)
		rv[i] = (uint8_t)lacgen_rng_next(&t->lg->rng);
	l2tp_avp_add_random_vector(w, rv, sizeof(rv));
	return L2TP_AVP_H;
}

/* §6.6 ICRQ: header Session ID 0, ours in Assigned Session ID. */
static int
session_send_icrq(struct lacgen_tunnel *t, struct lacgen_session *s,
    uint64_t now)
{
	struct lacgen *lg = t->lg;
	uint8_t buf[LACGEN_MSG_MAX];
	struct l2tp_writer w;
	uint16_t m = L2TP_AVP_M;
	char num[48];

	session_writer(t, &w, buf, sizeof(buf), 0, L2TP_MSG_ICRQ);
	m |= session_hide(t, &w);
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_SESSION_ID, m, s->local_id);
	l2tp_avp_add_u32(&w, L2TP_AVP_CALL_SERIAL, m, ++lg->call_serial);
	l2tp_avp_add_u32(&w, L2TP_AVP_BEARER_TYPE, m, L2TP_BEARER_DIGITAL);
	snprintf(num, sizeof(num), "lacgen-%u-%u", t->local_id, s->local_id);
	l2tp_avp_add_str(&w, L2TP_AVP_CALLING_NUMBER, m, num);
	l2tp_avp_add_str(&w, L2TP_AVP_CALLED_NUMBER, m, "lns");
	return lacgen_tunnel_finish_send(t, &w, now);
}

/* §6.8 ICCN: (Tx) Connect Speed and Framing Type are required. */
static int
session_send_iccn(struct lacgen_tunnel *t, struct lacgen_session *s,
    uint64_t now)
{
	uint8_t buf[LACGEN_MSG_MAX];
	uint16_t m = L2TP_AVP_M;
	struct l2tp_writer w;

	session_writer(t, &w, buf, sizeof(buf), s->peer_id, L2TP_MSG_ICCN);
	m |= session_hide(t, &w);
	l2tp_avp_add_u32(&w, L2TP_AVP_TX_CONNECT_SPEED, m, 100000000);
	l2tp_avp_add_u32(&w, L2TP_AVP_FRAMING_TYPE, m, L2TP_FRAMING_SYNC);
	lacgen_ppp_iccn_avps(t, s, &w, m);
	return lacgen_tunnel_finish_send(t, &w, now);
}

/* §6.11 CDN: header has the LNS's Session ID (0 if it never gave one). */
static int
session_send_cdn(struct lacgen_tunnel *t, struct lacgen_session *s,
    uint16_t result, int error, uint64_t now)
{
	uint8_t buf[LACGEN_MSG_MAX];
	struct l2tp_writer w;

	session_writer(t, &w, buf, sizeof(buf), s->peer_id, L2TP_MSG_CDN);
	l2tp_avp_add_result(&w, L2TP_AVP_M, result, error, NULL);
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_SESSION_ID, L2TP_AVP_M,
	    s->local_id);
	return lacgen_tunnel_finish_send(t, &w, now);
}

/* Our side fails the call: CDN, then closed (§5.2: no ack awaited). */
static void
session_fail(struct lacgen_tunnel *t, struct lacgen_session *s,
    uint16_t result, int error, enum lacgen_end why, uint64_t now)
{
	session_send_cdn(t, s, result, error, now);
	session_closed(t, s, why);
}

void
lacgen_sessions_pump(struct lacgen_tunnel *t, uint64_t now)
{
	const struct lacgen_conf *c = &t->lg->conf;
	struct lacgen_session *s;

	while (t->state == LACGEN_TUNNEL_ESTABLISHED &&
	    t->next_session < c->sessions && t->outstanding < c->window) {
		s = &t->sess[t->next_session];
		if (session_send_icrq(t, s, now) < 0)
			return;	/* queue full: retried from the timer */
		t->next_session++;
		t->outstanding++;
		s->state = LACGEN_SESSION_WAIT_REPLY;
		t->lg->st.sessions_started++;
	}
}

static void
session_recv_icrp(struct lacgen_tunnel *t, struct lacgen_session *s,
    const struct l2tp_msg *m, uint64_t now)
{
	if (!l2tp_msg_has(m, L2TP_AVP_ASSIGNED_SESSION_ID) ||
	    m->assigned_session_id == 0) {
		t->lg->st.rx_bad_reply++;
		session_fail(t, s, L2TP_CDN_RC_ERROR, L2TP_ERR_BAD_VALUE,
		    LACGEN_END_REJECTED, now);
		return;
	}
	s->peer_id = m->assigned_session_id;
	if (session_send_iccn(t, s, now) < 0) {
		session_fail(t, s, L2TP_CDN_RC_ERROR, L2TP_ERR_NO_RESOURCE,
		    LACGEN_END_REJECTED, now);
		return;
	}
	/* --ppp: still in setup until PPP is resolved (lacgen_ppp.c). */
	if (!t->lg->conf.ppp)
		t->outstanding--;
	s->state = LACGEN_SESSION_ESTABLISHED;
	s->was_established = true;
	session_resolve(t, s);
	lacgen_ppp_start(t, s, now);
}

static void
session_recv_cdn(struct lacgen_tunnel *t, struct lacgen_session *s,
    const struct l2tp_msg *m)
{
	uint16_t rc = l2tp_msg_has(m, L2TP_AVP_RESULT_CODE) ?
	    m->result_code : 0;

	t->lg->st.cdn_rc[rc <= L2TP_CDN_RC_MAX ? rc :
	    LACGEN_CDN_RC_SLOTS - 1]++;
	s->cdn_result = rc;
	/* Crossing CDNs during our teardown: the call is gone either way. */
	session_closed(t, s, s->state == LACGEN_SESSION_CLOSING ?
	    LACGEN_END_CLEAN : LACGEN_END_PEER);
}

void
lacgen_session_input(struct lacgen_tunnel *t, uint16_t session_id,
    const struct l2tp_msg *m, int parse_rc, uint64_t now)
{
	struct lacgen_stats *st = &t->lg->st;
	struct lacgen_session *s;

	if (session_id == 0 || session_id > t->lg->conf.sessions ||
	    t->sess[session_id - 1].state == LACGEN_SESSION_IDLE) {
		st->rx_unknown_session++;
		return;
	}
	s = &t->sess[session_id - 1];
	if (s->state == LACGEN_SESSION_CLOSED)
		return;		/* late message for a finished call */
	if (parse_rc < 0) {
		/* §4.1: unknown mandatory AVP or bad length: CDN. */
		session_fail(t, s, L2TP_CDN_RC_ERROR, parse_rc == -ENOTSUP ?
		    L2TP_ERR_UNKNOWN_MANDATORY : L2TP_ERR_BAD_LENGTH,
		    s->was_established ? LACGEN_END_PEER : LACGEN_END_REJECTED,
		    now);
		return;
	}
	switch (m->msg_type) {
	case L2TP_MSG_ICRP:
		if (s->state == LACGEN_SESSION_WAIT_REPLY) {
			session_recv_icrp(t, s, m, now);
			lacgen_sessions_pump(t, now);
			return;
		}
		break;
	case L2TP_MSG_CDN:
		session_recv_cdn(t, s, m);
		lacgen_sessions_pump(t, now);
		return;
	case L2TP_MSG_SLI:
	case L2TP_MSG_WEN:
		return;		/* informational: nothing to do */
	default:
		break;
	}
	/* §7.3: anything else clears the call. */
	st->rx_unexpected++;
	if (s->state == LACGEN_SESSION_CLOSING)
		return;
	session_fail(t, s, L2TP_CDN_RC_ERROR, L2TP_ERR_BAD_VALUE,
	    s->was_established ? LACGEN_END_PEER : LACGEN_END_REJECTED, now);
	lacgen_sessions_pump(t, now);
}

bool
lacgen_sessions_teardown(struct lacgen_tunnel *t, uint64_t now)
{
	const struct lacgen_conf *c = &t->lg->conf;
	struct lacgen_session *s;

	while (t->cdn_next < t->next_session) {
		s = &t->sess[t->cdn_next];
		if (s->state == LACGEN_SESSION_ESTABLISHED) {
			/* Pace like the ICRQs: a window's worth in the queue. */
			if (t->xp.queued >= c->window)
				return false;
			if (session_send_cdn(t, s, L2TP_CDN_RC_ADMIN, -1,
			    now) < 0)
				return false;
			s->state = LACGEN_SESSION_CLOSING;
		}
		t->cdn_next++;
	}
	return true;
}

void
lacgen_sessions_closed_clean(struct lacgen_tunnel *t)
{
	uint32_t i;

	for (i = 0; i < t->next_session; i++)
		if (t->sess[i].state == LACGEN_SESSION_CLOSING)
			session_closed(t, &t->sess[i], LACGEN_END_CLEAN);
}

void
lacgen_sessions_drop(struct lacgen_tunnel *t, enum lacgen_end why)
{
	uint32_t i;

	for (i = 0; i < t->lg->conf.sessions; i++)
		session_closed(t, &t->sess[i], i < t->next_session ? why :
		    LACGEN_END_UNSTARTED);
}
