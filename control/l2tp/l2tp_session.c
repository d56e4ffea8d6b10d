/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L2TPv2 incoming call state machine, LNS side (RFC 2661 §5.4.1, §5.6,
 * §6.6-§6.13, §7.4.2).
 *
 * Handlers return a reason through struct session_err; the single failure
 * exit of l2tp_session_input() sends the CDN (§6.11) and enters CLOSED.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "l2tp_hdr.h"
#include "l2tp_session.h"
#include "lns_bytes.h"

/* §4.4.2 CDN Result Code, Error Code (< 0: none) and Error Message. */
struct session_err {
	uint16_t result;
	int error;
	const char *text;
	int q931_cause;		/* §4.4.5 Q.931 Cause Code, < 0: none */
	uint8_t q931_msg;
};

uint64_t l2tp_session_proxy_nomem;
static char no_number[1];

static const char *const state_names[] = {
	[L2TP_SESSION_IDLE] = "idle",
	[L2TP_SESSION_WAIT_CONNECT] = "wait-connect",
	[L2TP_SESSION_ESTABLISHED] = "established",
	[L2TP_SESSION_CLOSED] = "closed",
};

const char *
l2tp_session_state_name(enum l2tp_session_state st)
{
	if ((unsigned int)st >= sizeof(state_names) / sizeof(state_names[0]))
		return "?";
	return state_names[st];
}

static uint32_t
call_setup_ms(const struct l2tp_session *s)
{
	uint32_t ms = s->tunnel->cfg->call_setup_ms;

	return ms != 0 ? ms : L2TP_SESSION_SETUP_MS;
}

int
l2tp_session_init(struct l2tp_session *s, struct l2tp_tunnel *t,
    uint16_t local_id, const struct l2tp_session_ops *ops, void *arg)
{
	if (s == NULL || t == NULL || ops == NULL || ops->send == NULL ||
	    local_id == 0)
		return -EINVAL;
	memset(s, 0, sizeof(*s));
	s->tunnel = t;
	s->ops = *ops;
	s->arg = arg;
	s->state = L2TP_SESSION_IDLE;
	s->local_id = local_id;
	s->setup_deadline = L2TP_SESSION_NO_DEADLINE;
	s->calling_number = s->called_number = s->sub_address = no_number;
	return 0;
}

/* The three strings are one allocation starting at calling_number. */
static void
free_numbers(struct l2tp_session *s)
{
	if (s->calling_number != no_number)
		free(s->calling_number);
	s->calling_number = s->called_number = s->sub_address = no_number;
}

void
l2tp_session_fini(struct l2tp_session *s)
{
	l2tp_session_proxy_release(s);
	free_numbers(s);
}

void
l2tp_session_set_state(struct l2tp_session *s,
    enum l2tp_session_state new_state)
{
	enum l2tp_session_state old = s->state;

	if (old == new_state)
		return;
	s->state = new_state;
	if (new_state == L2TP_SESSION_CLOSED)
		l2tp_session_proxy_release(s);
	if (s->ops.state_change != NULL)
		s->ops.state_change(s->arg, s, old, new_state);
}

static void
set_err(struct session_err *e, uint16_t result, int error, const char *text)
{
	e->result = result;
	e->error = error;
	e->text = text;
	e->q931_cause = -1;
	e->q931_msg = 0;
}

static int
session_send(struct l2tp_session *s, struct l2tp_writer *w)
{
	int n;

	n = l2tp_ctrl_finish(w);
	if (n < 0)
		return n;
	return s->ops.send(s->arg, s, w->buf, (size_t)n);
}

/* §6.11 CDN: Message Type, Result Code, Assigned Session ID. */
static int
session_send_cdn(struct l2tp_session *s, const struct session_err *e)
{
	uint8_t buf[L2TP_TUNNEL_MSG_MAX], q931[3];
	struct l2tp_writer w;

	/* §6.11: the header carries the peer's Session ID (0 if unknown). */
	l2tp_tunnel_msg_begin(s->tunnel, &w, buf, sizeof(buf), s->peer_id,
	    L2TP_MSG_CDN);
	l2tp_avp_add_result(&w, L2TP_AVP_M, e->result, e->error,
	    e->error >= 0 ? e->text : NULL);
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_SESSION_ID, L2TP_AVP_M,
	    s->local_id);
	if (e->q931_cause >= 0) {
		lns_put_be16(q931, (uint16_t)e->q931_cause);
		q931[2] = e->q931_msg;
		l2tp_avp_add_bytes(&w, L2TP_AVP_Q931_CAUSE, L2TP_AVP_M, q931,
		    sizeof(q931));
	}
	return session_send(s, &w);
}

/* The single failure exit: CDN, then CLOSED. */
static int
session_fail(struct l2tp_session *s, const struct session_err *e)
{
	int rc;

	s->cdn_sent = true;
	s->result_code = e->result;
	s->error_code = e->error >= 0 ? (uint16_t)e->error : 0;
	s->has_q931 = e->q931_cause >= 0;
	s->q931_cause = e->q931_cause >= 0 ? (uint16_t)e->q931_cause : 0;
	s->q931_msg = e->q931_msg;
	rc = session_send_cdn(s, e);
	l2tp_session_set_state(s, L2TP_SESSION_CLOSED);
	return rc;
}

int
l2tp_session_close_q931(struct l2tp_session *s, uint16_t result, int error,
    const char *text, int q931_cause, uint8_t q931_msg)
{
	struct session_err e;

	if (s->state == L2TP_SESSION_CLOSED)
		return 0;
	set_err(&e, result, error, text);
	if (q931_cause >= 0 && q931_cause <= UINT16_MAX) {
		e.q931_cause = q931_cause;
		e.q931_msg = q931_msg;
	}
	return session_fail(s, &e);
}

int
l2tp_session_close(struct l2tp_session *s, uint16_t result, int error,
    const char *text)
{
	return l2tp_session_close_q931(s, result, error, text, -1, 0);
}

void
l2tp_session_drop(struct l2tp_session *s)
{
	l2tp_session_set_state(s, L2TP_SESSION_CLOSED);
}

/*
 * Calling, Called Number and Sub-Address (§4.4.5), informational: kept
 * in one allocation of their length; without memory, as if absent.
 */
static void
session_copy_numbers(struct l2tp_session *s, const struct l2tp_msg *m)
{
	static const uint16_t types[3] = { L2TP_AVP_CALLING_NUMBER,
	    L2TP_AVP_CALLED_NUMBER, L2TP_AVP_SUB_ADDRESS };
	char num[3][L2TP_SESSION_NUMBER_MAX], *p;
	size_t len[3], total = 0;
	int i;

	free_numbers(s);
	for (i = 0; i < 3; i++) {
		num[i][0] = '\0';
		l2tp_msg_copy_str(m, types[i], num[i], sizeof(num[i]));
		len[i] = strlen(num[i]);
		total += len[i];
	}
	if (total == 0 || (p = malloc(total + 3)) == NULL)
		return;
	s->calling_number = p;
	s->called_number = p + len[0] + 1;
	s->sub_address = s->called_number + len[1] + 1;
	memcpy(s->calling_number, num[0], len[0] + 1);
	memcpy(s->called_number, num[1], len[1] + 1);
	memcpy(s->sub_address, num[2], len[2] + 1);
}

/* §6.6 ICRQ: Assigned Session ID (!= 0) and Call Serial Number. */
static int
session_recv_icrq(struct l2tp_session *s, const struct l2tp_msg *m,
    struct session_err *e)
{
	if (!l2tp_msg_has(m, L2TP_AVP_ASSIGNED_SESSION_ID) ||
	    m->assigned_session_id == 0) {
		set_err(e, L2TP_CDN_RC_ERROR, L2TP_ERR_BAD_VALUE,
		    "missing or zero Assigned Session ID");
		return -EINVAL;
	}
	s->peer_id = m->assigned_session_id;
	if (!l2tp_msg_has(m, L2TP_AVP_CALL_SERIAL)) {
		set_err(e, L2TP_CDN_RC_ERROR, L2TP_ERR_BAD_VALUE,
		    "missing Call Serial Number");
		return -EINVAL;
	}
	s->call_serial = m->call_serial;
	s->bearer_type = m->bearer_type;
	s->phys_channel_id = m->phys_channel_id;
	session_copy_numbers(s, m);
	return 0;
}

/* §6.7 ICRP: Message Type, Assigned Session ID. */
static int
session_send_icrp(struct l2tp_session *s, struct session_err *e)
{
	uint8_t buf[LNS_L2TP_CTRL_HDR_LEN + 32];
	struct l2tp_writer w;
	int rc;

	l2tp_tunnel_msg_begin(s->tunnel, &w, buf, sizeof(buf), s->peer_id,
	    L2TP_MSG_ICRP);
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_SESSION_ID, L2TP_AVP_M,
	    s->local_id);
	rc = session_send(s, &w);
	if (rc < 0)
		set_err(e, L2TP_CDN_RC_ERROR, L2TP_ERR_NO_RESOURCE,
		    "cannot send ICRP");
	return rc;
}

/* Copy a proxy value (§4.4.5) if it fits, else flag the overflow. */
static void
copy_blob(const struct l2tp_msg *m, uint16_t type, uint8_t *dst,
    uint16_t *dst_len, size_t cap, bool *overflow)
{
	const struct l2tp_avp_val *v = &m->avp[type];

	*dst_len = 0;
	if (!l2tp_msg_has(m, type))
		return;
	if (v->len > cap) {
		*overflow = true;
		return;
	}
	if (v->len > 0)
		memcpy(dst, v->ptr, v->len);
	*dst_len = v->len;
}

void
l2tp_session_proxy_release(struct l2tp_session *s)
{
	free(s->proxy);
	s->proxy = NULL;
}

/* Does m carry any of the proxy AVPs 26-33 (§4.4.5)? */
static bool
has_proxy_avp(const struct l2tp_msg *m)
{
	static const uint16_t types[] = {
		L2TP_AVP_INITIAL_RX_LCP_CONFREQ, L2TP_AVP_LAST_TX_LCP_CONFREQ,
		L2TP_AVP_LAST_RX_LCP_CONFREQ, L2TP_AVP_PROXY_AUTHEN_TYPE,
		L2TP_AVP_PROXY_AUTHEN_NAME, L2TP_AVP_PROXY_AUTHEN_CHALLENGE,
		L2TP_AVP_PROXY_AUTHEN_ID, L2TP_AVP_PROXY_AUTHEN_RESPONSE,
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (l2tp_msg_has(m, types[i]))
			return true;
	return false;
}

/*
 * Out of memory: the call goes on as if the LAC had sent no proxy AVP
 * (PPP negotiates itself), counted and flagged for the owner.
 */
static void
session_copy_proxy(struct l2tp_session *s, const struct l2tp_msg *m)
{
	struct l2tp_session_proxy *p;
	uint16_t n;

	l2tp_session_proxy_release(s);
	if (!has_proxy_avp(m))
		return;
	p = calloc(1, sizeof(*p));
	if (p == NULL) {
		s->proxy_nomem = true;
		l2tp_session_proxy_nomem++;
		return;
	}
	s->proxy = p;
	copy_blob(m, L2TP_AVP_INITIAL_RX_LCP_CONFREQ,
	    p->initial_rx_confreq.data, &p->initial_rx_confreq.len,
	    sizeof(p->initial_rx_confreq.data), &p->overflow);
	copy_blob(m, L2TP_AVP_LAST_TX_LCP_CONFREQ, p->last_tx_confreq.data,
	    &p->last_tx_confreq.len, sizeof(p->last_tx_confreq.data),
	    &p->overflow);
	copy_blob(m, L2TP_AVP_LAST_RX_LCP_CONFREQ, p->last_rx_confreq.data,
	    &p->last_rx_confreq.len, sizeof(p->last_rx_confreq.data),
	    &p->overflow);
	p->has_auth_type = l2tp_msg_has(m, L2TP_AVP_PROXY_AUTHEN_TYPE);
	p->auth_type = m->proxy_authen_type;
	copy_blob(m, L2TP_AVP_PROXY_AUTHEN_NAME, (uint8_t *)p->auth_name, &n,
	    L2TP_SESSION_AUTH_NAME_MAX, &p->overflow);
	p->auth_name[n] = '\0';
	copy_blob(m, L2TP_AVP_PROXY_AUTHEN_CHALLENGE, p->auth_challenge,
	    &p->auth_challenge_len, sizeof(p->auth_challenge), &p->overflow);
	p->has_auth_id = l2tp_msg_has(m, L2TP_AVP_PROXY_AUTHEN_ID);
	p->auth_id = m->proxy_authen_id;
	copy_blob(m, L2TP_AVP_PROXY_AUTHEN_RESPONSE, p->auth_response,
	    &p->auth_response_len, sizeof(p->auth_response), &p->overflow);
}

/* §6.8 ICCN: (Tx) Connect Speed and Framing Type are required. */
static int
session_recv_iccn(struct l2tp_session *s, const struct l2tp_msg *m,
    struct session_err *e)
{
	if (!l2tp_msg_has(m, L2TP_AVP_TX_CONNECT_SPEED)) {
		set_err(e, L2TP_CDN_RC_ERROR, L2TP_ERR_BAD_VALUE,
		    "missing (Tx) Connect Speed");
		return -EINVAL;
	}
	if (!l2tp_msg_has(m, L2TP_AVP_FRAMING_TYPE)) {
		set_err(e, L2TP_CDN_RC_ERROR, L2TP_ERR_BAD_VALUE,
		    "missing Framing Type");
		return -EINVAL;
	}
	s->tx_connect_speed = m->tx_connect_speed;
	s->framing_type = m->framing_type;
	/* §4.4.5: without Rx Connect Speed both directions are equal. */
	s->rx_connect_speed = l2tp_msg_has(m, L2TP_AVP_RX_CONNECT_SPEED) ?
	    m->rx_connect_speed : m->tx_connect_speed;
	s->sequencing_required = l2tp_msg_has(m,
	    L2TP_AVP_SEQUENCING_REQUIRED);
	session_copy_proxy(s, m);
	return 0;
}

/* §6.11 CDN from the LAC: record why, then CLOSED. */
static void
session_recv_cdn(struct l2tp_session *s, const struct l2tp_msg *m)
{
	s->cdn_sent = false;
	s->result_code = m->result_code;
	s->error_code = m->has_error_code ? m->error_code : 0;
	s->has_q931 = l2tp_msg_has(m, L2TP_AVP_Q931_CAUSE);
	s->q931_cause = m->q931_cause;
	s->q931_msg = m->q931_msg;
	l2tp_session_set_state(s, L2TP_SESSION_CLOSED);
}

/* §6.12 WEN: Call Errors, kept for statistics. */
static void
session_recv_wen(struct l2tp_session *s, const struct l2tp_msg *m)
{
	if (!l2tp_msg_has(m, L2TP_AVP_CALL_ERRORS))
		return;
	s->has_call_errors = true;
	s->call_errors = m->call_errors;
}

/* §6.13 SLI: ACCM, only meaningful for async framing; kept for PPP. */
static void
session_recv_sli(struct l2tp_session *s, const struct l2tp_msg *m)
{
	if (!l2tp_msg_has(m, L2TP_AVP_ACCM))
		return;
	s->has_accm = true;
	s->accm_send = m->accm_send;
	s->accm_recv = m->accm_recv;
}

int
l2tp_session_input(struct l2tp_session *s, const struct l2tp_msg *m,
    int parse_rc, uint64_t now)
{
	struct session_err e;
	uint16_t type = m->msg_type;

	if (s->state == L2TP_SESSION_CLOSED)
		return 0;

	if (parse_rc < 0) {
		/* A broken CDN still ends the call: no CDN back. */
		if (type == L2TP_MSG_CDN) {
			session_recv_cdn(s, m);
			return 0;
		}
		/* Reply to the LAC's session if the request named it. */
		if (s->state == L2TP_SESSION_IDLE &&
		    l2tp_msg_has(m, L2TP_AVP_ASSIGNED_SESSION_ID))
			s->peer_id = m->assigned_session_id;
		if (parse_rc == -ENOTSUP)
			/* §4.1: unknown M AVP: the session is cleared. */
			set_err(&e, L2TP_CDN_RC_ERROR,
			    L2TP_ERR_UNKNOWN_MANDATORY, NULL);
		else if (parse_rc == -EBADMSG)
			set_err(&e, L2TP_CDN_RC_ERROR, L2TP_ERR_BAD_LENGTH,
			    NULL);
		else
			set_err(&e, L2TP_CDN_RC_ERROR, L2TP_ERR_BAD_VALUE,
			    "malformed message");
		goto fail;
	}

	switch (s->state) {
	case L2TP_SESSION_IDLE:
		switch (type) {
		case L2TP_MSG_ICRQ:
			if (session_recv_icrq(s, m, &e) < 0 ||
			    session_send_icrp(s, &e) < 0)
				goto fail;
			s->setup_deadline = now + call_setup_ms(s);
			l2tp_session_set_state(s, L2TP_SESSION_WAIT_CONNECT);
			return 0;
		case L2TP_MSG_OCRQ:
			/* §5.4.2: we never place outgoing calls. */
			s->peer_id = m->assigned_session_id;
			set_err(&e, L2TP_CDN_RC_PERM_NO_FACILITY,
			    L2TP_ERR_NONE, "outgoing calls not supported");
			goto fail;
		case L2TP_MSG_CDN:
			/* Never answer a CDN with a CDN. */
			session_recv_cdn(s, m);
			return 0;
		default:
			/* No call yet: §4.4.2 "Session ID is invalid". */
			set_err(&e, L2TP_CDN_RC_ERROR, L2TP_ERR_BAD_SESSION_ID,
			    l2tp_msg_type_name(type));
			goto fail;
		}
	case L2TP_SESSION_WAIT_CONNECT:
		switch (type) {
		case L2TP_MSG_ICCN:
			if (session_recv_iccn(s, m, &e) < 0)
				goto fail;
			l2tp_session_set_state(s, L2TP_SESSION_ESTABLISHED);
			return 0;
		case L2TP_MSG_CDN:
			session_recv_cdn(s, m);
			return 0;
		case L2TP_MSG_WEN:
		case L2TP_MSG_SLI:
			return 0;	/* early, harmless: ignored */
		default:
			break;
		}
		break;
	case L2TP_SESSION_ESTABLISHED:
		switch (type) {
		case L2TP_MSG_CDN:
			session_recv_cdn(s, m);
			return 0;
		case L2TP_MSG_WEN:
			session_recv_wen(s, m);
			return 0;
		case L2TP_MSG_SLI:
			session_recv_sli(s, m);
			return 0;
		default:
			break;
		}
		break;
	case L2TP_SESSION_CLOSED:
		return 0;
	}
	/*
	 * §7.4.2: anything else clears the call. CDN has no FSM error result
	 * code (StopCCN has, 7): like npppd, result 2 with a generic error.
	 */
	set_err(&e, L2TP_CDN_RC_ERROR, L2TP_ERR_VENDOR,
	    l2tp_msg_type_name(type));
fail:
	return session_fail(s, &e);
}

int
l2tp_session_timer(struct l2tp_session *s, uint64_t now)
{
	struct session_err e;

	if (s->state != L2TP_SESSION_WAIT_CONNECT || now < s->setup_deadline)
		return 0;
	/*
	 * §4.4.2 has no CDN result for a call the LNS stopped waiting for:
	 * 10 is the LAC's own timer on an outgoing call, 4 would invite the
	 * LAC to retry at once as if we lacked resources. Result 2 "general
	 * error", Error Code 0, and the reason in the Error Message.
	 */
	set_err(&e, L2TP_CDN_RC_ERROR, L2TP_ERR_NONE, "no ICCN in time");
	session_fail(s, &e);
	return 1;
}

uint64_t
l2tp_session_next_deadline(const struct l2tp_session *s)
{
	return s->state == L2TP_SESSION_WAIT_CONNECT ? s->setup_deadline :
	    L2TP_SESSION_NO_DEADLINE;
}
