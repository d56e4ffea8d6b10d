/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * LAC side of the L2TPv2 control connection (RFC 2661 §5.1, §6.1-6.4,
 * §7.2 "LAC/LNS as initiator"), on top of the shared reliable transport
 * (l2tp_xport.h, §5.8):
 *
 *   IDLE --SCCRQ--> WAIT_REPLY --SCCRP ok / SCCCN--> ESTABLISHED
 *                        |                               |
 *                        | bad SCCRP / StopCCN           | teardown: CDNs
 *                        v                               v
 *                     CLOSING <--StopCCN sent------- TEARDOWN
 *                        |   (acked)
 *                        v
 *                     CLOSED <--StopCCN received / transport dead (any)
 *
 * Input runs in three steps (after npppd's l2tp_ctrl.c): header checks
 * here, sequencing in the transport, then the state/message switch in
 * tunnel_deliver(). Bad input from the LNS is counted, never fatal.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l2tp_avp.h"
#include "l2tp_hdr.h"
#include "lacgen.h"

/* One parse buffer: single threaded, and l2tp_msg is ~5 KiB. */
static struct l2tp_msg tunnel_msg;

static const char *const end_names[] = {
	[LACGEN_END_NONE] = "none",
	[LACGEN_END_CLEAN] = "clean",
	[LACGEN_END_PEER] = "peer",
	[LACGEN_END_REJECTED] = "rejected",
	[LACGEN_END_DEAD] = "dead",
	[LACGEN_END_TUNNEL] = "tunnel-down",
	[LACGEN_END_UNSTARTED] = "unstarted",
};

const char *
lacgen_end_name(enum lacgen_end e)
{
	if ((unsigned int)e >= sizeof(end_names) / sizeof(end_names[0]))
		return "?";
	return end_names[e];
}

/* Counted once per tunnel: established, or ended before it was. */
static void
tunnel_resolve(struct lacgen_tunnel *t)
{
	struct lacgen *lg = t->lg;

	if (t->resolved)
		return;
	t->resolved = true;
	lg->st.tunnels_resolved++;
	if (t->was_established)
		lg->st.tunnels_established++;
	else
		lg->st.tunnels_failed++;
}

/* The one place a tunnel ends. */
static void
tunnel_closed(struct lacgen_tunnel *t, enum lacgen_end why)
{
	struct lacgen *lg = t->lg;

	if (t->state == LACGEN_TUNNEL_CLOSED)
		return;
	t->state = LACGEN_TUNNEL_CLOSED;
	t->end = why;
	/* Nothing more to say; acks for the LNS's retransmissions still go. */
	if (t->xp_ready)
		l2tp_xport_flush(&t->xp);
	tunnel_resolve(t);
	lg->st.tunnels_ended++;
	lg->st.tunnel_end[why]++;
	if (t->was_established) {
		if (why == LACGEN_END_CLEAN)
			lg->st.tunnels_closed_clean++;
		else
			lg->st.tunnels_lost++;
	}
	lacgen_sessions_drop(t, LACGEN_END_TUNNEL);
}

/* Transport -> wire, through the TX chaos. */
static int
tunnel_xport_send(void *arg, const uint8_t *buf, size_t len)
{
	struct lacgen_tunnel *t = arg;

	lacgen_chaos_pass(&t->lg->chaos_tx, t, buf, len, 0, lacgen_now_ms());
	return 0;
}

void
lacgen_tunnel_wire_out(void *ctx, const uint8_t *buf, size_t len, uint32_t aux,
    uint64_t now)
{
	struct lacgen_tunnel *t = ctx;

	/* A failed send is a lost frame: the transport retransmits. */
	lacgen_port_send_udp(&t->lg->port, t->peer_udp_port, buf, len);
}

static void tunnel_deliver(void *arg, const uint8_t *msg, size_t len);

static void
tunnel_xport_dead(void *arg)
{
	struct lacgen_tunnel *t = arg;

	/* Say what was stuck: the one line to read when a run ends dead. */
	fprintf(stderr, "lacgen: tunnel %u (peer %u) dead after %u "
		"retransmissions: state %d, Ns %u, oldest unacked %u, our Nr "
		"%u, %u in flight, %u queued, %u held out of order, last "
		"frame from the LNS %llu ms ago\n", t->local_id, t->peer_id,
		t->xp.retries, (int)t->state, t->xp.ns, t->xp.snd_una,
		t->xp.nr, t->xp.inflight, t->xp.queued, t->xp.reorder_held,
		(unsigned long long)(lacgen_now_ms() - t->last_rx));
	tunnel_closed(t, t->state == LACGEN_TUNNEL_CLOSING && t->end ==
	    LACGEN_END_REJECTED ? LACGEN_END_REJECTED : LACGEN_END_DEAD);
}

int
lacgen_tunnel_send(struct lacgen_tunnel *t, const uint8_t *msg, size_t len,
    uint64_t now)
{
	int rc;

	rc = l2tp_xport_send(&t->xp, msg, len, now);
	if (rc < 0)
		t->lg->st.tx_errors++;
	return rc;
}

static void
tunnel_writer(const struct lacgen_tunnel *t, struct l2tp_writer *w,
    uint8_t *buf, size_t cap, uint16_t msg_type)
{
	const struct lacgen_conf *c = &t->lg->conf;

	l2tp_writer_init(w, buf, cap);
	if (c->secret != NULL)
		l2tp_writer_set_secret(w, (const uint8_t *)c->secret,
		    c->secret_len);
	/* §5.8: Ns and Nr belong to the transport. */
	l2tp_ctrl_begin(w, t->peer_id, 0, 0, 0, msg_type);
}

/* Finish the message in w and queue it on t's transport. */
int
lacgen_tunnel_finish_send(struct lacgen_tunnel *t, struct l2tp_writer *w,
    uint64_t now)
{
	int n;

	n = l2tp_ctrl_finish(w);
	if (n < 0) {
		t->lg->st.tx_errors++;
		return n;
	}
	return lacgen_tunnel_send(t, w->buf, (size_t)n, now);
}

/* §6.1 SCCRQ. The header Tunnel ID is 0: the LNS has not assigned one. */
static int
tunnel_send_sccrq(struct lacgen_tunnel *t, uint64_t now)
{
	const struct lacgen_conf *c = &t->lg->conf;
	uint8_t buf[LACGEN_MSG_MAX];
	struct l2tp_writer w;
	unsigned int i;

	tunnel_writer(t, &w, buf, sizeof(buf), L2TP_MSG_SCCRQ);
	l2tp_avp_add_u16(&w, L2TP_AVP_PROTOCOL_VERSION, L2TP_AVP_M,
	    L2TP_PROTO_VER << 8 | L2TP_PROTO_REV);
	l2tp_avp_add_str(&w, L2TP_AVP_HOST_NAME, L2TP_AVP_M, c->host_name);
	l2tp_avp_add_u32(&w, L2TP_AVP_FRAMING_CAP, L2TP_AVP_M,
	    L2TP_FRAMING_SYNC | L2TP_FRAMING_ASYNC);
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_TUNNEL_ID, L2TP_AVP_M,
	    t->local_id);
	l2tp_avp_add_u16(&w, L2TP_AVP_RX_WINDOW_SIZE, L2TP_AVP_M,
	    t->lg->xconf.rwin);
	l2tp_avp_add_str(&w, L2TP_AVP_VENDOR_NAME, 0, "lns-lacgen");
	if (c->secret != NULL) {
		for (i = 0; i < sizeof(t->challenge); i++)
			t->challenge[i] = (uint8_t)lacgen_rng_next(&t->lg->rng);
		l2tp_avp_add_bytes(&w, L2TP_AVP_CHALLENGE, L2TP_AVP_M,
		    t->challenge, sizeof(t->challenge));
	}
	return lacgen_tunnel_finish_send(t, &w, now);
}

/* §6.4 StopCCN, then CLOSING until the transport has it acknowledged. */
static void
tunnel_stop(struct lacgen_tunnel *t, uint16_t result, int error,
    const char *text, enum lacgen_end why, uint64_t now)
{
	uint8_t buf[LACGEN_MSG_MAX];
	struct l2tp_writer w;

	tunnel_writer(t, &w, buf, sizeof(buf), L2TP_MSG_STOPCCN);
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_TUNNEL_ID, L2TP_AVP_M,
	    t->local_id);
	l2tp_avp_add_result(&w, L2TP_AVP_M, result, error,
	    error >= 0 ? text : NULL);
	t->result_code = result;
	t->end = why;
	t->state = LACGEN_TUNNEL_CLOSING;
	if (lacgen_tunnel_finish_send(t, &w, now) < 0)
		tunnel_closed(t, why);
}

/* §6.2 SCCRP: check it, answer with §6.3 SCCCN. */
static void
tunnel_recv_sccrp(struct lacgen_tunnel *t, const struct l2tp_msg *m,
    uint64_t now)
{
	const struct lacgen_conf *c = &t->lg->conf;
	const struct l2tp_avp_val *ch = &m->avp[L2TP_AVP_CHALLENGE];
	const struct l2tp_avp_val *cr = &m->avp[L2TP_AVP_CHALLENGE_RESPONSE];
	uint8_t buf[LACGEN_MSG_MAX], resp[L2TP_MD5_LEN];
	struct l2tp_writer w;

	if (!l2tp_msg_has(m, L2TP_AVP_ASSIGNED_TUNNEL_ID) ||
	    m->assigned_tunnel_id == 0 ||
	    !l2tp_msg_has(m, L2TP_AVP_PROTOCOL_VERSION) ||
	    (l2tp_msg_has(m, L2TP_AVP_RX_WINDOW_SIZE) &&
	    m->rx_window_size == 0)) {
		t->lg->st.rx_bad_reply++;
		if (l2tp_msg_has(m, L2TP_AVP_ASSIGNED_TUNNEL_ID))
			t->peer_id = m->assigned_tunnel_id;
		tunnel_stop(t, L2TP_STOPCCN_RC_ERROR, L2TP_ERR_BAD_VALUE,
		    "bad SCCRP", LACGEN_END_REJECTED, now);
		return;
	}
	t->peer_id = m->assigned_tunnel_id;
	l2tp_xport_set_peer_tunnel(&t->xp, t->peer_id);
	if (m->proto_ver != L2TP_PROTO_VER || m->proto_rev != L2TP_PROTO_REV) {
		t->lg->st.rx_bad_reply++;
		tunnel_stop(t, L2TP_STOPCCN_RC_BAD_VERSION,
		    L2TP_PROTO_VER << 8 | L2TP_PROTO_REV, NULL,
		    LACGEN_END_REJECTED, now);
		return;
	}
	/* §5.1.1: the LNS proves it knows the secret... */
	if (c->secret != NULL && (!l2tp_msg_has(m,
	    L2TP_AVP_CHALLENGE_RESPONSE) || !l2tp_challenge_verify(
	    L2TP_MSG_SCCRP, (const uint8_t *)c->secret, c->secret_len,
	    t->challenge, sizeof(t->challenge), cr->ptr, cr->len))) {
		t->lg->st.rx_bad_reply++;
		tunnel_stop(t, L2TP_STOPCCN_RC_UNAUTHORIZED, -1, NULL,
		    LACGEN_END_REJECTED, now);
		return;
	}
	/* ...and may ask us to prove it too. */
	if (l2tp_msg_has(m, L2TP_AVP_CHALLENGE) && c->secret == NULL) {
		t->lg->st.rx_bad_reply++;
		tunnel_stop(t, L2TP_STOPCCN_RC_UNAUTHORIZED, L2TP_ERR_NONE,
		    "no secret for Challenge", LACGEN_END_REJECTED, now);
		return;
	}
	/* §4.4.3: no Receive Window Size AVP means 4. */
	l2tp_xport_set_peer_window(&t->xp, l2tp_msg_has(m,
	    L2TP_AVP_RX_WINDOW_SIZE) ? m->rx_window_size :
	    L2TP_XPORT_PEER_RWIN, now);

	tunnel_writer(t, &w, buf, sizeof(buf), L2TP_MSG_SCCCN);
	if (l2tp_msg_has(m, L2TP_AVP_CHALLENGE)) {
		l2tp_challenge_response(L2TP_MSG_SCCCN,
		    (const uint8_t *)c->secret, c->secret_len, ch->ptr,
		    ch->len, resp);
		l2tp_avp_add_bytes(&w, L2TP_AVP_CHALLENGE_RESPONSE,
		    L2TP_AVP_M, resp, sizeof(resp));
	}
	if (lacgen_tunnel_finish_send(t, &w, now) < 0) {
		tunnel_stop(t, L2TP_STOPCCN_RC_ERROR, L2TP_ERR_NO_RESOURCE,
		    "cannot send SCCCN", LACGEN_END_REJECTED, now);
		return;
	}
	t->state = LACGEN_TUNNEL_ESTABLISHED;
	t->was_established = true;
	t->last_rx = now;
	tunnel_resolve(t);
	lacgen_sessions_pump(t, now);
}

/*
 * §6.5 keepalive (--hello): a HELLO once the LNS has been silent for
 * hello_s and nothing of ours waits for its ack (an unacknowledged
 * message is retransmitted anyway). An LNS that is gone, or no longer
 * knows the tunnel (a restarted one drops it silently), never acks it:
 * the transport gives up and the tunnel ends "dead".
 */
static void
tunnel_keepalive(struct lacgen_tunnel *t, uint64_t now)
{
	uint8_t buf[LACGEN_MSG_MAX];
	struct l2tp_writer w;

	if (t->lg->conf.hello_s == 0 || !l2tp_xport_all_acked(&t->xp) ||
	    now - t->last_rx < (uint64_t)t->lg->conf.hello_s * 1000)
		return;
	tunnel_writer(t, &w, buf, sizeof(buf), L2TP_MSG_HELLO);
	if (lacgen_tunnel_finish_send(t, &w, now) == 0)
		t->lg->st.tx_hello++;
	t->last_rx = now;	/* the next one a whole interval later */
}

/* §6.4: the LNS clears the tunnel (and, §5.7, all its sessions). */
static void
tunnel_recv_stopccn(struct lacgen_tunnel *t, const struct l2tp_msg *m)
{
	struct lacgen_stats *st = &t->lg->st;
	uint16_t rc = l2tp_msg_has(m, L2TP_AVP_RESULT_CODE) ?
	    m->result_code : 0;

	st->stopccn_rc[rc <= L2TP_STOPCCN_RC_MAX ? rc :
	    LACGEN_STOP_RC_SLOTS - 1]++;
	t->result_code = rc;
	/* Acked and flushed after the transport returns (lacgen_rx_l2tp). */
	t->stop_received = true;
}

static bool
msg_is_call(uint16_t type)
{
	return type >= L2TP_MSG_OCRQ && type <= L2TP_MSG_SLI && type != 13;
}

/* In-order message from the transport. */
static void
tunnel_deliver(void *arg, const uint8_t *buf, size_t len)
{
	struct lacgen_tunnel *t = arg;
	struct lacgen *lg = t->lg;
	struct l2tp_msg *m = &tunnel_msg;
	uint64_t now = lacgen_now_ms();
	struct l2tp_hdr h;
	int rc;

	if (l2tp_hdr_decode(&h, buf, len) < 0)
		return;		/* checked before the transport saw it */
	rc = l2tp_msg_parse(m, buf + h.payload_off, l2tp_hdr_payload_len(&h),
	    (const uint8_t *)lg->conf.secret, lg->conf.secret_len);
	if (rc < 0)
		lg->st.rx_parse_errors++;
	if (t->state == LACGEN_TUNNEL_CLOSED || t->state ==
	    LACGEN_TUNNEL_CLOSING) {
		/* §5.7: only acks from now on; a crossing StopCCN ends it. */
		if (rc == 0 && m->msg_type == L2TP_MSG_STOPCCN)
			tunnel_recv_stopccn(t, m);
		return;
	}
	if (rc < 0) {
		/* §4.1: a bad call-level message only takes its call down. */
		if (msg_is_call(m->msg_type) && t->state !=
		    LACGEN_TUNNEL_WAIT_REPLY && (rc == -ENOTSUP ||
		    rc == -EBADMSG)) {
			lacgen_session_input(t, h.session_id, m, rc, now);
			return;
		}
		tunnel_stop(t, L2TP_STOPCCN_RC_ERROR, rc == -ENOTSUP ?
		    L2TP_ERR_UNKNOWN_MANDATORY : L2TP_ERR_BAD_LENGTH, NULL,
		    t->was_established ? LACGEN_END_PEER : LACGEN_END_REJECTED,
		    now);
		return;
	}
	switch (m->msg_type) {
	case L2TP_MSG_ZLB:
		return;
	case L2TP_MSG_STOPCCN:
		tunnel_recv_stopccn(t, m);
		return;
	case L2TP_MSG_HELLO:
		lg->st.rx_hello++;	/* §6.5: the transport acks it */
		return;
	case L2TP_MSG_SCCRP:
		if (t->state == LACGEN_TUNNEL_WAIT_REPLY) {
			tunnel_recv_sccrp(t, m, now);
			return;
		}
		break;
	default:
		if (msg_is_call(m->msg_type)) {
			if (t->state == LACGEN_TUNNEL_WAIT_REPLY)
				break;
			lacgen_session_input(t, h.session_id, m, rc, now);
			return;
		}
		/* §4.4.1: an unknown type without M is ignored. */
		if (m->msg_type > L2TP_MSG_TYPE_MAX &&
		    !(m->avp[L2TP_AVP_MESSAGE_TYPE].flags & L2TP_AVP_M))
			return;
		break;
	}
	/* §7.2: anything else is an FSM error (result 7). */
	lg->st.rx_unexpected++;
	tunnel_stop(t, L2TP_STOPCCN_RC_FSM_ERROR, -1, NULL,
	    t->was_established ? LACGEN_END_PEER : LACGEN_END_REJECTED, now);
}

/* One control frame for this tunnel, header already decoded. */
void
lacgen_tunnel_input(struct lacgen_tunnel *t, const struct l2tp_hdr *h,
    const uint8_t *buf, uint16_t sport, uint64_t now)
{
	/* §8.1: reply to whatever port the LNS answers from. */
	t->peer_udp_port = sport;
	t->last_rx = now;
	l2tp_xport_input(&t->xp, h->ns, h->nr, l2tp_hdr_payload_len(h) == 0,
	    buf, h->length, now);
	if (t->stop_received) {
		t->stop_received = false;
		l2tp_xport_ack_now(&t->xp);
		l2tp_xport_flush(&t->xp);
		if (t->state == LACGEN_TUNNEL_CLOSING && t->end ==
		    LACGEN_END_CLEAN)
			tunnel_closed(t, LACGEN_END_CLEAN);
		else
			tunnel_closed(t, t->was_established ? LACGEN_END_PEER :
			    LACGEN_END_REJECTED);
	}
}

int
lacgen_tunnel_start(struct lacgen_tunnel *t, uint64_t now)
{
	struct lacgen *lg = t->lg;
	struct l2tp_xport_ops ops = {
		.send = tunnel_xport_send,
		.deliver = tunnel_deliver,
		.dead = tunnel_xport_dead,
	};
	int rc;

	/* Counted first: a failure below resolves it (setup pacing). */
	lg->st.tunnels_started++;
	if (lg->st.tunnels_started == 1)
		lg->t_setup_start = lacgen_now_us();
	rc = l2tp_xport_init(&t->xp, &lg->xconf, &ops, t);
	if (rc < 0) {
		lg->st.tx_errors++;
		tunnel_closed(t, LACGEN_END_DEAD);
		return rc;
	}
	t->xp_ready = true;
	t->state = LACGEN_TUNNEL_WAIT_REPLY;
	rc = tunnel_send_sccrq(t, now);
	if (rc < 0)
		tunnel_closed(t, LACGEN_END_DEAD);
	return rc;
}

void
lacgen_tunnel_timer(struct lacgen_tunnel *t, uint64_t now)
{
	if (!t->xp_ready)
		return;
	if (l2tp_xport_next_deadline(&t->xp) <= now)
		l2tp_xport_timer(&t->xp, now);
	switch (t->state) {
	case LACGEN_TUNNEL_ESTABLISHED:
		/* Retry ICRQs the queue refused earlier. */
		lacgen_sessions_pump(t, now);
		tunnel_keepalive(t, now);
		break;
	case LACGEN_TUNNEL_TEARDOWN:
		if (lacgen_sessions_teardown(t, now) &&
		    l2tp_xport_all_acked(&t->xp)) {
			lacgen_sessions_closed_clean(t);
			tunnel_stop(t, L2TP_STOPCCN_RC_GENERAL, -1, NULL,
			    LACGEN_END_CLEAN, now);
		}
		break;
	case LACGEN_TUNNEL_CLOSING:
		if (l2tp_xport_all_acked(&t->xp))
			tunnel_closed(t, t->end);
		break;
	default:
		break;
	}
}

/* Begin our teardown: CDNs first (timer), then StopCCN. */
void
lacgen_tunnel_teardown(struct lacgen_tunnel *t, uint64_t now)
{
	if (t->state == LACGEN_TUNNEL_ESTABLISHED) {
		t->state = LACGEN_TUNNEL_TEARDOWN;
		t->cdn_next = 0;
	} else if (t->state != LACGEN_TUNNEL_CLOSED &&
	    t->state != LACGEN_TUNNEL_CLOSING) {
		/* Never got up: nothing to tear down. */
		tunnel_closed(t, t->xp_ready ? LACGEN_END_DEAD :
		    LACGEN_END_UNSTARTED);
	}
}
