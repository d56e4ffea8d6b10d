/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L2TPv2 tunnel state machine, LNS side (RFC 2661 §5.1, §5.7, §6, §7.2).
 *
 * Every handler either succeeds or returns a reason through struct
 * tunnel_err; l2tp_tunnel_input() has a single failure exit that sends the
 * StopCCN (§6.4) and enters CLOSING.
 */

#include <errno.h>
#include <string.h>

#include "l2tp_hdr.h"
#include "l2tp_tunnel.h"

/* Why a message made us clear the tunnel: §4.4.2 StopCCN Result Code. */
struct tunnel_err {
	uint16_t result;
	int error;		/* Error Code, < 0: none */
	const char *text;	/* Error Message, needs error >= 0 */
};

static const char *const state_names[] = {
	[L2TP_TUNNEL_IDLE] = "idle",
	[L2TP_TUNNEL_WAIT_CTL_CONN] = "wait-ctl-conn",
	[L2TP_TUNNEL_ESTABLISHED] = "established",
	[L2TP_TUNNEL_CLOSING] = "closing",
};

const char *
l2tp_tunnel_state_name(enum l2tp_tunnel_state s)
{
	if ((unsigned int)s >= sizeof(state_names) / sizeof(state_names[0]))
		return "?";
	return state_names[s];
}

static uint32_t
hello_ms(const struct l2tp_tunnel *t)
{
	return t->cfg->hello_ms != 0 ? t->cfg->hello_ms : L2TP_TUNNEL_HELLO_MS;
}

static uint32_t
setup_ms(const struct l2tp_tunnel *t)
{
	return t->cfg->setup_ms != 0 ? t->cfg->setup_ms : L2TP_TUNNEL_SETUP_MS;
}

static uint32_t
close_hold_ms(const struct l2tp_tunnel *t)
{
	return t->cfg->close_hold_ms != 0 ? t->cfg->close_hold_ms :
	    L2TP_TUNNEL_CLOSE_HOLD_MS;
}

int
l2tp_tunnel_init(struct l2tp_tunnel *t, const struct l2tp_tunnel_cfg *cfg,
    uint16_t local_id, const struct l2tp_tunnel_ops *ops, void *arg,
    uint64_t now)
{
	if (t == NULL || cfg == NULL || cfg->host_name == NULL ||
	    cfg->host_name[0] == '\0' || ops == NULL || ops->send == NULL ||
	    local_id == 0)
		return -EINVAL;
	memset(t, 0, sizeof(*t));
	t->cfg = cfg;
	t->ops = *ops;
	t->arg = arg;
	t->state = L2TP_TUNNEL_IDLE;
	t->local_id = local_id;
	/* An empty secret means no authentication. */
	if (cfg->secret != NULL && cfg->secret_len > 0) {
		t->secret = cfg->secret;
		t->secret_len = cfg->secret_len;
	}
	t->setup_deadline = now + setup_ms(t);
	t->hello_deadline = now + hello_ms(t);
	t->close_deadline = L2TP_TUNNEL_NO_DEADLINE;
	return 0;
}

const uint8_t *
l2tp_tunnel_secret(const struct l2tp_tunnel *t, size_t *len)
{
	*len = t->secret != NULL ? t->secret_len : 0;
	return t->secret;
}

void
l2tp_tunnel_set_state(struct l2tp_tunnel *t, enum l2tp_tunnel_state new_state,
    uint64_t now)
{
	enum l2tp_tunnel_state old = t->state;

	if (old == new_state)
		return;
	t->state = new_state;
	if (new_state == L2TP_TUNNEL_CLOSING)
		t->close_deadline = now + close_hold_ms(t);
	else
		t->close_deadline = L2TP_TUNNEL_NO_DEADLINE;
	if (new_state == L2TP_TUNNEL_ESTABLISHED)
		t->hello_deadline = now + hello_ms(t);
	if (t->ops.state_change != NULL)
		t->ops.state_change(t->arg, t, old, new_state);
}

int
l2tp_tunnel_msg_begin(const struct l2tp_tunnel *t, struct l2tp_writer *w,
    uint8_t *buf, size_t cap, uint16_t session_id, uint16_t msg_type)
{
	l2tp_writer_init(w, buf, cap);
	l2tp_writer_set_secret(w, t->secret, t->secret_len);
	/* §5.8: Ns and Nr are filled in by the transport. */
	return l2tp_ctrl_begin(w, t->peer_id, session_id, 0, 0, msg_type);
}

static int
tunnel_send(struct l2tp_tunnel *t, struct l2tp_writer *w)
{
	int n, rc;

	n = l2tp_ctrl_finish(w);
	if (n < 0)
		return n;
	rc = t->ops.send(t->arg, t, w->buf, (size_t)n);
	if (rc < 0) {
		t->stats.send_errors++;
		return rc;
	}
	t->stats.tx_msgs++;
	return 0;
}

/* §6.4 StopCCN: Message Type, Assigned Tunnel ID, Result Code. */
static int
tunnel_send_stopccn(struct l2tp_tunnel *t, const struct tunnel_err *e)
{
	uint8_t buf[L2TP_TUNNEL_MSG_MAX];
	struct l2tp_writer w;

	l2tp_tunnel_msg_begin(t, &w, buf, sizeof(buf), 0, L2TP_MSG_STOPCCN);
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_TUNNEL_ID, L2TP_AVP_M,
	    t->local_id);
	l2tp_avp_add_result(&w, L2TP_AVP_M, e->result, e->error,
	    e->error >= 0 ? e->text : NULL);
	return tunnel_send(t, &w);
}

int
l2tp_tunnel_refusal(uint16_t peer_id, uint16_t result, int error,
    const char *text, uint8_t *buf, size_t cap)
{
	struct l2tp_writer w;

	l2tp_writer_init(&w, buf, cap);
	l2tp_ctrl_begin(&w, peer_id, 0, 0, 1, L2TP_MSG_STOPCCN);
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_TUNNEL_ID, L2TP_AVP_M, 0);
	l2tp_avp_add_result(&w, L2TP_AVP_M, result, error,
	    error >= 0 ? text : NULL);
	return l2tp_ctrl_finish(&w);
}

/* The single failure exit: StopCCN, then CLOSING (§5.7). */
static int
tunnel_fail(struct l2tp_tunnel *t, const struct tunnel_err *e, uint64_t now)
{
	int rc;

	t->result_code = e->result;
	t->error_code = e->error >= 0 ? (uint16_t)e->error : 0;
	t->stop_sent = true;
	rc = tunnel_send_stopccn(t, e);
	l2tp_tunnel_set_state(t, L2TP_TUNNEL_CLOSING, now);
	return rc;
}

int
l2tp_tunnel_close(struct l2tp_tunnel *t, uint16_t result, int error,
    const char *text, uint64_t now)
{
	struct tunnel_err e = { result, error, text };

	if (t->state == L2TP_TUNNEL_IDLE || t->state == L2TP_TUNNEL_CLOSING)
		return 0;
	return tunnel_fail(t, &e, now);
}

static int
tunnel_random(struct l2tp_tunnel *t, uint8_t *buf, size_t len)
{
	if (t->ops.random != NULL)
		return t->ops.random(t->arg, buf, len);
	return l2tp_random(buf, len);
}

static void
set_err(struct tunnel_err *e, uint16_t result, int error, const char *text)
{
	e->result = result;
	e->error = error;
	e->text = text;
}

/* §5.1.1: pick the peer entry and its secret by Host Name. */
static int
tunnel_check_peer(struct l2tp_tunnel *t, struct tunnel_err *e)
{
	const struct l2tp_tunnel_cfg *cfg = t->cfg;
	const struct l2tp_tunnel_peer *p;
	unsigned int i;

	if (cfg->n_peers == 0)
		return 0;
	for (i = 0; i < cfg->n_peers; i++) {
		p = &cfg->peers[i];
		/* No name: any Host Name (the owner matched the address). */
		if (p->host_name != NULL && p->host_name[0] != '\0' &&
		    strcmp(p->host_name, t->peer_host) != 0)
			continue;
		if (p->secret != NULL && p->secret_len > 0) {
			t->secret = p->secret;
			t->secret_len = p->secret_len;
		}
		return 0;
	}
	set_err(e, L2TP_STOPCCN_RC_UNAUTHORIZED, L2TP_ERR_NONE,
	    "peer not allowed");
	return -EACCES;
}

/* §6.1 SCCRQ: required AVPs, version, peer, challenge. */
static int
tunnel_recv_sccrq(struct l2tp_tunnel *t, const struct l2tp_msg *m,
    struct tunnel_err *e)
{
	int rc;

	/* §4.4.3: needed first, it addresses our StopCCN. */
	if (!l2tp_msg_has(m, L2TP_AVP_ASSIGNED_TUNNEL_ID) ||
	    m->assigned_tunnel_id == 0) {
		set_err(e, L2TP_STOPCCN_RC_ERROR, L2TP_ERR_BAD_VALUE,
		    "missing or zero Assigned Tunnel ID");
		return -EINVAL;
	}
	t->peer_id = m->assigned_tunnel_id;
	if (!l2tp_msg_has(m, L2TP_AVP_PROTOCOL_VERSION)) {
		set_err(e, L2TP_STOPCCN_RC_ERROR, L2TP_ERR_BAD_VALUE,
		    "missing Protocol Version");
		return -EINVAL;
	}
	if (m->proto_ver != L2TP_PROTO_VER || m->proto_rev != L2TP_PROTO_REV) {
		/* §4.4.2 result 5: Error Code is the highest we support. */
		set_err(e, L2TP_STOPCCN_RC_BAD_VERSION,
		    L2TP_PROTO_VER << 8 | L2TP_PROTO_REV, NULL);
		return -EPROTONOSUPPORT;
	}
	if (!l2tp_msg_has(m, L2TP_AVP_HOST_NAME)) {
		set_err(e, L2TP_STOPCCN_RC_ERROR, L2TP_ERR_BAD_VALUE,
		    "missing Host Name");
		return -EINVAL;
	}
	if (!l2tp_msg_has(m, L2TP_AVP_FRAMING_CAP)) {
		set_err(e, L2TP_STOPCCN_RC_ERROR, L2TP_ERR_BAD_VALUE,
		    "missing Framing Capabilities");
		return -EINVAL;
	}
	if (l2tp_msg_has(m, L2TP_AVP_RX_WINDOW_SIZE) &&
	    m->rx_window_size == 0) {
		set_err(e, L2TP_STOPCCN_RC_ERROR, L2TP_ERR_BAD_VALUE,
		    "zero Receive Window Size");
		return -EINVAL;
	}
	l2tp_msg_copy_str(m, L2TP_AVP_HOST_NAME, t->peer_host,
	    sizeof(t->peer_host));
	l2tp_msg_copy_str(m, L2TP_AVP_VENDOR_NAME, t->peer_vendor,
	    sizeof(t->peer_vendor));
	t->peer_framing_cap = m->framing_cap;
	t->peer_bearer_cap = m->bearer_cap;
	t->peer_firmware_rev = m->firmware_rev;
	/* §4.4.3: absent means a window of 4. */
	t->peer_rx_window = l2tp_msg_has(m, L2TP_AVP_RX_WINDOW_SIZE) ?
	    m->rx_window_size : 4;
	t->peer_has_tie_breaker = l2tp_msg_has(m, L2TP_AVP_TIE_BREAKER);
	t->peer_tie_breaker = m->tie_breaker;

	rc = tunnel_check_peer(t, e);
	if (rc < 0)
		return rc;
	/* §5.1.1: authenticate iff a secret is shared with this peer. */
	if (t->secret != NULL && !l2tp_msg_has(m, L2TP_AVP_CHALLENGE)) {
		set_err(e, L2TP_STOPCCN_RC_UNAUTHORIZED, L2TP_ERR_NONE,
		    "Challenge required");
		return -EACCES;
	}
	if (t->secret == NULL && l2tp_msg_has(m, L2TP_AVP_CHALLENGE)) {
		set_err(e, L2TP_STOPCCN_RC_UNAUTHORIZED, L2TP_ERR_NONE,
		    "no secret configured for Challenge");
		return -EACCES;
	}
	return 0;
}

/* §6.2 SCCRP, answering the peer's Challenge with ours if authenticating. */
static int
tunnel_send_sccrp(struct l2tp_tunnel *t, const struct l2tp_msg *m,
    struct tunnel_err *e)
{
	const struct l2tp_tunnel_cfg *cfg = t->cfg;
	uint8_t buf[L2TP_TUNNEL_MSG_MAX], resp[L2TP_MD5_LEN];
	struct l2tp_writer w;
	int rc;

	l2tp_tunnel_msg_begin(t, &w, buf, sizeof(buf), 0, L2TP_MSG_SCCRP);
	l2tp_avp_add_u16(&w, L2TP_AVP_PROTOCOL_VERSION, L2TP_AVP_M,
	    L2TP_PROTO_VER << 8 | L2TP_PROTO_REV);
	l2tp_avp_add_u32(&w, L2TP_AVP_FRAMING_CAP, L2TP_AVP_M,
	    cfg->framing_cap != 0 ? cfg->framing_cap :
	    L2TP_FRAMING_SYNC | L2TP_FRAMING_ASYNC);
	if (cfg->bearer_cap != 0)
		l2tp_avp_add_u32(&w, L2TP_AVP_BEARER_CAP, L2TP_AVP_M,
		    cfg->bearer_cap);
	if (cfg->firmware_rev != 0)
		l2tp_avp_add_u16(&w, L2TP_AVP_FIRMWARE_REV, 0,
		    cfg->firmware_rev);
	l2tp_avp_add_str(&w, L2TP_AVP_HOST_NAME, L2TP_AVP_M, cfg->host_name);
	if (cfg->vendor_name != NULL)
		l2tp_avp_add_str(&w, L2TP_AVP_VENDOR_NAME, 0,
		    cfg->vendor_name);
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_TUNNEL_ID, L2TP_AVP_M,
	    t->local_id);
	l2tp_avp_add_u16(&w, L2TP_AVP_RX_WINDOW_SIZE, L2TP_AVP_M,
	    cfg->rx_window != 0 ? cfg->rx_window : L2TP_TUNNEL_RX_WINDOW);
	if (t->secret != NULL) {
		rc = tunnel_random(t, t->challenge, sizeof(t->challenge));
		if (rc < 0) {
			set_err(e, L2TP_STOPCCN_RC_ERROR, L2TP_ERR_NO_RESOURCE,
			    "no random source");
			return rc;
		}
		l2tp_avp_add_bytes(&w, L2TP_AVP_CHALLENGE, L2TP_AVP_M,
		    t->challenge, sizeof(t->challenge));
		/* §4.4.3: response to the SCCRQ's Challenge, type 2. */
		l2tp_challenge_response(L2TP_MSG_SCCRP, t->secret,
		    t->secret_len, m->avp[L2TP_AVP_CHALLENGE].ptr,
		    m->avp[L2TP_AVP_CHALLENGE].len, resp);
		l2tp_avp_add_bytes(&w, L2TP_AVP_CHALLENGE_RESPONSE,
		    L2TP_AVP_M, resp, sizeof(resp));
	}
	rc = tunnel_send(t, &w);
	if (rc < 0)
		set_err(e, L2TP_STOPCCN_RC_ERROR, L2TP_ERR_NO_RESOURCE,
		    "cannot send SCCRP");
	return rc;
}

/* §6.3 SCCCN: carries our Challenge's response (type 3) if we sent one. */
static int
tunnel_recv_scccn(struct l2tp_tunnel *t, const struct l2tp_msg *m,
    struct tunnel_err *e)
{
	const struct l2tp_avp_val *r = &m->avp[L2TP_AVP_CHALLENGE_RESPONSE];

	if (t->secret == NULL)
		return 0;
	if (!l2tp_msg_has(m, L2TP_AVP_CHALLENGE_RESPONSE)) {
		set_err(e, L2TP_STOPCCN_RC_UNAUTHORIZED, L2TP_ERR_NONE,
		    "Challenge Response required");
		return -EACCES;
	}
	if (!l2tp_challenge_verify(L2TP_MSG_SCCCN, t->secret, t->secret_len,
	    t->challenge, sizeof(t->challenge), r->ptr, r->len)) {
		set_err(e, L2TP_STOPCCN_RC_UNAUTHORIZED, L2TP_ERR_NONE,
		    "bad Challenge Response");
		return -EACCES;
	}
	return 0;
}

/* §6.4: the peer clears the tunnel; §5.7: hold state, then go. */
static void
tunnel_recv_stopccn(struct l2tp_tunnel *t, const struct l2tp_msg *m,
    uint64_t now)
{
	t->result_code = m->result_code;
	t->error_code = m->has_error_code ? m->error_code : 0;
	t->stop_sent = false;
	l2tp_tunnel_set_state(t, L2TP_TUNNEL_CLOSING, now);
}

static bool
msg_is_call(uint16_t type)
{
	return type >= L2TP_MSG_OCRQ && type <= L2TP_MSG_SLI &&
	    type != 13;
}

/* Parse errors (l2tp_avp.h) as §4.4.2 StopCCN reasons. */
static void
parse_err(int parse_rc, struct tunnel_err *e)
{
	switch (parse_rc) {
	case -ENOTSUP:
		/* §4.1: unknown AVP with the M bit. */
		set_err(e, L2TP_STOPCCN_RC_ERROR, L2TP_ERR_UNKNOWN_MANDATORY,
		    NULL);
		break;
	case -EBADMSG:
		set_err(e, L2TP_STOPCCN_RC_ERROR, L2TP_ERR_BAD_LENGTH, NULL);
		break;
	default:
		set_err(e, L2TP_STOPCCN_RC_ERROR, L2TP_ERR_BAD_VALUE,
		    "malformed message");
		break;
	}
}

int
l2tp_tunnel_input(struct l2tp_tunnel *t, const struct l2tp_msg *m,
    int parse_rc, uint64_t now)
{
	struct tunnel_err e;
	uint16_t type = m->msg_type;
	int rc;

	if (t->state == L2TP_TUNNEL_CLOSING)
		return 0;	/* §5.7: only acks (transport) from now on */
	t->stats.rx_msgs++;
	t->hello_deadline = now + hello_ms(t);

	if (parse_rc < 0) {
		/*
		 * §4.1: a call-level message only takes its call down,
		 * whatever is wrong with its AVPs (a hidden one that cannot
		 * be unhidden too): one broken ICCN must not clear every
		 * call of the tunnel.
		 */
		if (msg_is_call(type) && t->state == L2TP_TUNNEL_ESTABLISHED)
			return L2TP_TUNNEL_TO_SESSION;
		/* A broken StopCCN still ends the tunnel: no reply. */
		if (type == L2TP_MSG_STOPCCN) {
			tunnel_recv_stopccn(t, m, now);
			return 0;
		}
		/* Address the StopCCN if the SCCRQ told us where. */
		if (t->peer_id == 0 && type == L2TP_MSG_SCCRQ &&
		    l2tp_msg_has(m, L2TP_AVP_ASSIGNED_TUNNEL_ID))
			t->peer_id = m->assigned_tunnel_id;
		parse_err(parse_rc, &e);
		goto fail;
	}
	if (type == L2TP_MSG_ZLB)
		return 0;	/* §5.8: acks are the transport's */
	if (!l2tp_msg_type_known(type)) {
		/* §4.4.1: unknown type with M clears the tunnel. */
		if (!(m->avp[L2TP_AVP_MESSAGE_TYPE].flags & L2TP_AVP_M))
			return 0;
		set_err(&e, L2TP_STOPCCN_RC_ERROR, L2TP_ERR_BAD_VALUE,
		    "unknown Message Type");
		goto fail;
	}

	switch (t->state) {
	case L2TP_TUNNEL_IDLE:
		switch (type) {
		case L2TP_MSG_SCCRQ:
			if (tunnel_recv_sccrq(t, m, &e) < 0 ||
			    tunnel_send_sccrp(t, m, &e) < 0)
				goto fail;
			l2tp_tunnel_set_state(t, L2TP_TUNNEL_WAIT_CTL_CONN,
			    now);
			return 0;
		case L2TP_MSG_STOPCCN:
			tunnel_recv_stopccn(t, m, now);
			return 0;
		default:
			break;
		}
		break;
	case L2TP_TUNNEL_WAIT_CTL_CONN:
		switch (type) {
		case L2TP_MSG_SCCCN:
			if (tunnel_recv_scccn(t, m, &e) < 0)
				goto fail;
			l2tp_tunnel_set_state(t, L2TP_TUNNEL_ESTABLISHED, now);
			return 0;
		case L2TP_MSG_STOPCCN:
			tunnel_recv_stopccn(t, m, now);
			return 0;
		case L2TP_MSG_HELLO:
			return 0;
		default:
			break;
		}
		break;
	case L2TP_TUNNEL_ESTABLISHED:
		switch (type) {
		case L2TP_MSG_HELLO:
			return 0;	/* §6.5: the transport acks it */
		case L2TP_MSG_STOPCCN:
			tunnel_recv_stopccn(t, m, now);
			return 0;
		default:
			if (msg_is_call(type))
				return L2TP_TUNNEL_TO_SESSION;
			break;
		}
		break;
	case L2TP_TUNNEL_CLOSING:
		return 0;
	}
	/* §7.2: any other message is an FSM error (§4.4.2 result 7). */
	set_err(&e, L2TP_STOPCCN_RC_FSM_ERROR, L2TP_ERR_NONE,
	    l2tp_msg_type_name(type));
fail:
	rc = tunnel_fail(t, &e, now);
	return rc < 0 ? rc : 0;
}

void
l2tp_tunnel_activity(struct l2tp_tunnel *t, uint64_t now)
{
	t->hello_deadline = now + hello_ms(t);
}

/* §6.5 HELLO: Message Type only. */
static int
tunnel_send_hello(struct l2tp_tunnel *t)
{
	uint8_t buf[LNS_L2TP_CTRL_HDR_LEN + 8];
	struct l2tp_writer w;
	int rc;

	l2tp_tunnel_msg_begin(t, &w, buf, sizeof(buf), 0, L2TP_MSG_HELLO);
	rc = tunnel_send(t, &w);
	if (rc == 0)
		t->stats.hellos_sent++;
	return rc;
}

int
l2tp_tunnel_timer(struct l2tp_tunnel *t, uint64_t now)
{
	switch (t->state) {
	case L2TP_TUNNEL_IDLE:
		/* No SCCRQ was ever handled: nobody to tell. */
		if (now < t->setup_deadline)
			return 0;
		t->stats.setup_timeouts++;
		return 1;
	case L2TP_TUNNEL_WAIT_CTL_CONN:
		/*
		 * No valid SCCCN in time: the LAC went quiet after our SCCRP,
		 * or keeps the half-open tunnel busy (a HELLO here is no
		 * progress, and does not push this deadline back).
		 */
		if (now < t->setup_deadline)
			return 0;
		t->stats.setup_timeouts++;
		return l2tp_tunnel_close(t, L2TP_STOPCCN_RC_GENERAL,
		    L2TP_ERR_NONE, "no SCCCN in time", now);
	case L2TP_TUNNEL_ESTABLISHED:
		if (now < t->hello_deadline)
			return 0;
		t->hello_deadline = now + hello_ms(t);
		return tunnel_send_hello(t);
	case L2TP_TUNNEL_CLOSING:
		if (now < t->close_deadline)
			return 0;
		/* Done: the owner frees it, nothing is left to time. */
		t->setup_deadline = L2TP_TUNNEL_NO_DEADLINE;
		l2tp_tunnel_set_state(t, L2TP_TUNNEL_IDLE, now);
		return 1;
	}
	return 0;
}

uint64_t
l2tp_tunnel_next_deadline(const struct l2tp_tunnel *t)
{
	switch (t->state) {
	case L2TP_TUNNEL_IDLE:
	case L2TP_TUNNEL_WAIT_CTL_CONN:
		return t->setup_deadline;
	case L2TP_TUNNEL_ESTABLISHED:
		return t->hello_deadline;
	case L2TP_TUNNEL_CLOSING:
		return t->close_deadline;
	}
	return L2TP_TUNNEL_NO_DEADLINE;
}
