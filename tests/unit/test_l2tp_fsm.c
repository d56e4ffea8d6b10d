/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests for the LNS tunnel and incoming-call state machines (RFC 2661
 * §5.1, §5.4.1, §5.6, §5.7, §6, §7). The test plays the LAC: it builds
 * messages with the writer, runs them through l2tp_msg_parse() and the
 * FSMs as the glue would (tunnel first, session on L2TP_TUNNEL_TO_SESSION),
 * and parses back what the FSMs sent.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "l2tp_avp.h"
#include "l2tp_hdr.h"
#include "l2tp_proto.h"
#include "l2tp_session.h"
#include "l2tp_tunnel.h"
#include "lns_bytes.h"

#define LAC_TID		0x0a0a	/* the LAC's Assigned Tunnel ID */
#define LNS_TID		0x0b0b	/* ours */
#define LAC_SID		0x1111
#define LNS_SID		0x2222
#define HELLO_MS	10000
#define SETUP_MS	7000
#define CALL_SETUP_MS	4000
#define HOLD_MS		31000
#define MAX_SENT	8

static const uint8_t secret[] = "tunnel-secret";
#define SECRET_LEN	(sizeof(secret) - 1)
static const uint8_t lac_chal[] = { 1, 2, 3, 4, 5, 6, 7, 8 };

static struct l2tp_tunnel_cfg cfg;
static struct l2tp_tunnel tun;
static struct l2tp_session sess;
static bool sess_live;

/* What the FSMs sent and the state changes they reported. */
static uint8_t sent[MAX_SENT][L2TP_TUNNEL_MSG_MAX];
static size_t sent_len[MAX_SENT];
static unsigned int n_sent;
static int trans[16][2];
static unsigned int n_trans, n_strans;
static int send_rc;

static struct l2tp_msg in;	/* the message fed in (~6 KiB) */
static struct l2tp_msg out;	/* a message sent, parsed back */
static struct l2tp_hdr out_hdr;
static uint8_t ibuf[2048];
static struct l2tp_writer w;

static void
capture(const uint8_t *msg, size_t len)
{
	assert_true(n_sent < MAX_SENT);
	assert_true(len <= sizeof(sent[0]));
	memcpy(sent[n_sent], msg, len);
	sent_len[n_sent++] = len;
}

static int
tun_send(void *arg, struct l2tp_tunnel *t, const uint8_t *msg, size_t len)
{
	capture(msg, len);
	return send_rc;
}

static void
tun_state(void *arg, struct l2tp_tunnel *t, enum l2tp_tunnel_state o,
    enum l2tp_tunnel_state n)
{
	assert_int_equal(t->state, n);
	if (n_trans < 16) {
		trans[n_trans][0] = o;
		trans[n_trans][1] = n;
	}
	n_trans++;
}

static int
sess_send(void *arg, struct l2tp_session *s, const uint8_t *msg, size_t len)
{
	capture(msg, len);
	return send_rc;
}

static void
sess_state(void *arg, struct l2tp_session *s, enum l2tp_session_state o,
    enum l2tp_session_state n)
{
	assert_int_equal(s->state, n);
	n_strans++;
}

static const struct l2tp_tunnel_ops tops = { tun_send, tun_state, NULL };
static const struct l2tp_session_ops sops = { sess_send, sess_state };

static int
setup(void **state)
{
	memset(&cfg, 0, sizeof(cfg));
	cfg.host_name = "lns.test";
	cfg.vendor_name = "lnsd";
	cfg.firmware_rev = 0x0100;
	cfg.rx_window = 8;
	cfg.bearer_cap = L2TP_BEARER_DIGITAL;
	cfg.hello_ms = HELLO_MS;
	cfg.setup_ms = SETUP_MS;
	cfg.call_setup_ms = CALL_SETUP_MS;
	n_sent = n_trans = n_strans = 0;
	send_rc = 0;
	sess_live = false;
	return l2tp_tunnel_init(&tun, &cfg, LNS_TID, &tops, NULL, 0);
}

static int
setup_secret(void **state)
{
	setup(state);
	cfg.secret = secret;
	cfg.secret_len = SECRET_LEN;
	return l2tp_tunnel_init(&tun, &cfg, LNS_TID, &tops, NULL, 0);
}

/* Parse sent message i into out/out_hdr and check its type. */
static void
sent_parse(unsigned int i, uint16_t type)
{
	size_t sl;
	const uint8_t *s = l2tp_tunnel_secret(&tun, &sl);

	assert_true(i < n_sent);
	assert_int_equal(l2tp_hdr_decode(&out_hdr, sent[i], sent_len[i]), 0);
	assert_true(l2tp_hdr_is_ctrl(&out_hdr));
	assert_int_equal(l2tp_msg_parse(&out, sent[i] + out_hdr.payload_off,
	    l2tp_hdr_payload_len(&out_hdr), s, sl), 0);
	assert_int_equal(out.msg_type, type);
	assert_int_equal(out_hdr.ns, 0);	/* the transport's job */
	assert_int_equal(out_hdr.nr, 0);
}

/* Last message sent must be a StopCCN or CDN with these codes. */
static void
expect_result(uint16_t type, uint16_t result, int error)
{
	sent_parse(n_sent - 1, type);
	assert_true(l2tp_msg_has(&out, L2TP_AVP_RESULT_CODE));
	assert_int_equal(out.result_code, result);
	if (error >= 0) {
		assert_true(out.has_error_code);
		assert_int_equal(out.error_code, error);
	}
	if (type == L2TP_MSG_STOPCCN) {
		assert_int_equal(out.assigned_tunnel_id, LNS_TID);
		assert_int_equal(tun.state, L2TP_TUNNEL_CLOSING);
	} else {
		assert_int_equal(out.assigned_session_id, LNS_SID);
		assert_int_equal(sess.state, L2TP_SESSION_CLOSED);
	}
}

/* Start a LAC message in ibuf (to our tunnel, session sid). */
static void
lac_begin(uint16_t sid, uint16_t type)
{
	l2tp_writer_init(&w, ibuf, sizeof(ibuf));
	l2tp_writer_set_secret(&w, secret, SECRET_LEN);
	assert_int_equal(l2tp_ctrl_begin(&w, LNS_TID, sid, 0, 0, type), 0);
}

/*
 * Finish the message in w and deliver it as the glue would. Returns the
 * tunnel's verdict (the session's rc is asserted >= 0).
 */
static int
lac_send(uint64_t now)
{
	struct l2tp_hdr h;
	const uint8_t *s;
	size_t sl;
	int n, prc, rc;

	n = l2tp_ctrl_finish(&w);
	assert_true(n > 0);
	assert_int_equal(l2tp_hdr_decode(&h, ibuf, (size_t)n), 0);
	s = l2tp_tunnel_secret(&tun, &sl);
	prc = l2tp_msg_parse(&in, ibuf + h.payload_off,
	    l2tp_hdr_payload_len(&h), s, sl);
	rc = l2tp_tunnel_input(&tun, &in, prc, now);
	if (rc != L2TP_TUNNEL_TO_SESSION)
		return rc;
	if (!sess_live) {
		l2tp_session_fini(&sess);	/* of the last test */
		assert_int_equal(l2tp_session_init(&sess, &tun, LNS_SID, &sops,
		    NULL), 0);
		sess_live = true;
	}
	assert_true(l2tp_session_input(&sess, &in, prc, now) >= 0);
	return rc;
}

/* SCCRQ with every required AVP except omit (0: none). */
static void
lac_sccrq(uint16_t omit, bool chal)
{
	lac_begin(0, L2TP_MSG_SCCRQ);
	if (omit != L2TP_AVP_PROTOCOL_VERSION)
		l2tp_avp_add_u16(&w, L2TP_AVP_PROTOCOL_VERSION, L2TP_AVP_M,
		    0x0100);
	if (omit != L2TP_AVP_HOST_NAME)
		l2tp_avp_add_str(&w, L2TP_AVP_HOST_NAME, L2TP_AVP_M, "lac1");
	if (omit != L2TP_AVP_FRAMING_CAP)
		l2tp_avp_add_u32(&w, L2TP_AVP_FRAMING_CAP, L2TP_AVP_M,
		    L2TP_FRAMING_SYNC);
	if (omit != L2TP_AVP_ASSIGNED_TUNNEL_ID)
		l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_TUNNEL_ID, L2TP_AVP_M,
		    LAC_TID);
	l2tp_avp_add_str(&w, L2TP_AVP_VENDOR_NAME, 0, "lac-vendor");
	l2tp_avp_add_u16(&w, L2TP_AVP_RX_WINDOW_SIZE, L2TP_AVP_M, 4);
	l2tp_avp_add_u64(&w, L2TP_AVP_TIE_BREAKER, 0, 0x0123456789abcdefULL);
	if (chal)
		l2tp_avp_add_bytes(&w, L2TP_AVP_CHALLENGE, L2TP_AVP_M,
		    lac_chal, sizeof(lac_chal));
}

/* SCCRQ; with a secret, SCCCN answering the SCCRP's Challenge. */
static void
establish(uint64_t now)
{
	uint8_t resp[L2TP_MD5_LEN];
	const struct l2tp_avp_val *c;
	bool auth = cfg.secret != NULL && cfg.secret_len > 0;

	lac_sccrq(0, auth);
	assert_int_equal(lac_send(now), 0);
	assert_int_equal(tun.state, L2TP_TUNNEL_WAIT_CTL_CONN);
	sent_parse(n_sent - 1, L2TP_MSG_SCCRP);
	lac_begin(0, L2TP_MSG_SCCCN);
	if (auth) {
		c = &out.avp[L2TP_AVP_CHALLENGE];
		l2tp_challenge_response(L2TP_MSG_SCCCN, secret, SECRET_LEN,
		    c->ptr, c->len, resp);
		l2tp_avp_add_bytes(&w, L2TP_AVP_CHALLENGE_RESPONSE, L2TP_AVP_M,
		    resp, sizeof(resp));
	}
	assert_int_equal(lac_send(now), 0);
	assert_int_equal(tun.state, L2TP_TUNNEL_ESTABLISHED);
}

/* ---- tunnel ---- */

static void
test_tunnel_init_invalid(void **state)
{
	struct l2tp_tunnel_ops bad = { NULL, NULL, NULL };

	assert_int_equal(l2tp_tunnel_init(&tun, &cfg, 0, &tops, NULL, 0),
	    -EINVAL);
	assert_int_equal(l2tp_tunnel_init(&tun, &cfg, 1, &bad, NULL, 0),
	    -EINVAL);
	cfg.host_name = NULL;
	assert_int_equal(l2tp_tunnel_init(&tun, &cfg, 1, &tops, NULL, 0),
	    -EINVAL);
	assert_string_equal(l2tp_tunnel_state_name(L2TP_TUNNEL_CLOSING),
	    "closing");
	assert_string_equal(l2tp_tunnel_state_name(99), "?");
}

static void
test_tunnel_happy_path(void **state)
{
	lac_sccrq(0, false);
	/* An unknown AVP without M is ignored (§4.1). */
	l2tp_avp_add_raw(&w, 0, 0, 99, "x", 1);
	assert_int_equal(lac_send(5), 0);
	assert_int_equal(tun.state, L2TP_TUNNEL_WAIT_CTL_CONN);
	assert_int_equal(n_sent, 1);
	sent_parse(0, L2TP_MSG_SCCRP);
	/* §6.2: sent to the LAC's tunnel, session 0. */
	assert_int_equal(out_hdr.tunnel_id, LAC_TID);
	assert_int_equal(out_hdr.session_id, 0);
	assert_int_equal(out.proto_ver, 1);
	assert_int_equal(out.proto_rev, 0);
	assert_int_equal(out.framing_cap,
	    L2TP_FRAMING_SYNC | L2TP_FRAMING_ASYNC);
	assert_int_equal(out.bearer_cap, L2TP_BEARER_DIGITAL);
	assert_int_equal(out.firmware_rev, 0x0100);
	assert_int_equal(out.assigned_tunnel_id, LNS_TID);
	assert_int_equal(out.rx_window_size, 8);
	assert_int_equal(out.avp[L2TP_AVP_HOST_NAME].len, 8);
	assert_memory_equal(out.avp[L2TP_AVP_HOST_NAME].ptr, "lns.test", 8);
	assert_true(l2tp_msg_has(&out, L2TP_AVP_VENDOR_NAME));
	assert_false(l2tp_msg_has(&out, L2TP_AVP_CHALLENGE));
	assert_false(l2tp_msg_has(&out, L2TP_AVP_CHALLENGE_RESPONSE));
	assert_true(out.avp[L2TP_AVP_ASSIGNED_TUNNEL_ID].flags & L2TP_AVP_M);
	/* What the SCCRQ told us. */
	assert_int_equal(tun.peer_id, LAC_TID);
	assert_string_equal(tun.peer_host, "lac1");
	assert_string_equal(tun.peer_vendor, "lac-vendor");
	assert_int_equal(tun.peer_rx_window, 4);
	assert_int_equal(tun.peer_framing_cap, L2TP_FRAMING_SYNC);
	assert_true(tun.peer_has_tie_breaker);

	lac_begin(0, L2TP_MSG_SCCCN);
	assert_int_equal(lac_send(6), 0);
	assert_int_equal(tun.state, L2TP_TUNNEL_ESTABLISHED);
	assert_int_equal(n_sent, 1);	/* the transport acks the SCCCN */
	assert_int_equal(n_trans, 2);
	assert_int_equal(trans[0][0], L2TP_TUNNEL_IDLE);
	assert_int_equal(trans[0][1], L2TP_TUNNEL_WAIT_CTL_CONN);
	assert_int_equal(trans[1][0], L2TP_TUNNEL_WAIT_CTL_CONN);
	assert_int_equal(trans[1][1], L2TP_TUNNEL_ESTABLISHED);
	/* A ZLB changes nothing. */
	lac_begin(0, L2TP_MSG_ZLB);
	assert_int_equal(lac_send(7), 0);
	assert_int_equal(n_sent, 1);
}

static void
test_tunnel_auth_ok(void **state)
{
	uint8_t want[L2TP_MD5_LEN];

	establish(100);
	sent_parse(0, L2TP_MSG_SCCRP);
	/* §4.4.3: our response is MD5(2 || secret || their challenge). */
	l2tp_challenge_response(L2TP_MSG_SCCRP, secret, SECRET_LEN, lac_chal,
	    sizeof(lac_chal), want);
	assert_int_equal(out.avp[L2TP_AVP_CHALLENGE_RESPONSE].len,
	    L2TP_MD5_LEN);
	assert_memory_equal(out.avp[L2TP_AVP_CHALLENGE_RESPONSE].ptr, want,
	    L2TP_MD5_LEN);
	assert_int_equal(out.avp[L2TP_AVP_CHALLENGE].len,
	    L2TP_TUNNEL_CHALLENGE_LEN);
	assert_int_equal(n_sent, 1);
}

static void
test_tunnel_auth_bad_response(void **state)
{
	uint8_t bad[L2TP_MD5_LEN] = { 0 };

	lac_sccrq(0, true);
	assert_int_equal(lac_send(0), 0);
	lac_begin(0, L2TP_MSG_SCCCN);
	l2tp_avp_add_bytes(&w, L2TP_AVP_CHALLENGE_RESPONSE, L2TP_AVP_M, bad,
	    sizeof(bad));
	assert_int_equal(lac_send(1), 0);
	assert_int_equal(n_sent, 2);
	expect_result(L2TP_MSG_STOPCCN, L2TP_STOPCCN_RC_UNAUTHORIZED, -1);
	assert_int_equal(out_hdr.tunnel_id, LAC_TID);
	assert_true(tun.stop_sent);
}

static void
test_tunnel_auth_missing_response(void **state)
{
	lac_sccrq(0, true);
	assert_int_equal(lac_send(0), 0);
	lac_begin(0, L2TP_MSG_SCCCN);
	assert_int_equal(lac_send(1), 0);
	expect_result(L2TP_MSG_STOPCCN, L2TP_STOPCCN_RC_UNAUTHORIZED, -1);
}

static void
test_tunnel_auth_missing_challenge(void **state)
{
	lac_sccrq(0, false);
	assert_int_equal(lac_send(0), 0);
	assert_int_equal(n_sent, 1);
	expect_result(L2TP_MSG_STOPCCN, L2TP_STOPCCN_RC_UNAUTHORIZED, -1);
}

static void
test_tunnel_unexpected_challenge(void **state)
{
	lac_sccrq(0, true);
	assert_int_equal(lac_send(0), 0);
	expect_result(L2TP_MSG_STOPCCN, L2TP_STOPCCN_RC_UNAUTHORIZED, -1);
}

static void
test_tunnel_peer_list(void **state)
{
	static const uint8_t psec[] = "per-peer";
	struct l2tp_tunnel_peer peers[2] = {
		{ "other", NULL, 0 },
		{ "lac1", psec, sizeof(psec) - 1 },
	};
	size_t sl;

	cfg.peers = peers;
	cfg.n_peers = 2;
	/* lac1 is allowed and gets its own secret: Challenge needed. */
	lac_sccrq(0, false);
	assert_int_equal(lac_send(0), 0);
	expect_result(L2TP_MSG_STOPCCN, L2TP_STOPCCN_RC_UNAUTHORIZED, -1);
	assert_ptr_equal(l2tp_tunnel_secret(&tun, &sl), psec);
	assert_int_equal(sl, sizeof(psec) - 1);

	/* Not in the list. */
	peers[1].host_name = "lac2";
	setup(state);
	cfg.peers = peers;
	cfg.n_peers = 2;
	lac_sccrq(0, false);
	assert_int_equal(lac_send(0), 0);
	expect_result(L2TP_MSG_STOPCCN, L2TP_STOPCCN_RC_UNAUTHORIZED, 0);

	/* In the list without a secret. */
	peers[0].host_name = "lac1";
	setup(state);
	cfg.peers = peers;
	cfg.n_peers = 2;
	establish(0);

	/* A nameless entry admits anyone; an empty secret is none. */
	peers[0].host_name = "";
	peers[0].secret = psec;
	peers[0].secret_len = 0;
	setup(state);
	cfg.secret = secret;
	cfg.secret_len = 0;
	assert_int_equal(l2tp_tunnel_init(&tun, &cfg, LNS_TID, &tops, NULL,
	    0), 0);
	cfg.peers = peers;
	cfg.n_peers = 1;
	establish(0);
	assert_null(l2tp_tunnel_secret(&tun, &sl));
	assert_int_equal(sl, 0);
}

static int
fixed_random(void *arg, uint8_t *buf, size_t len)
{
	if (arg != NULL)
		return -EIO;
	memset(buf, 0x77, len);
	return 0;
}

static void
test_tunnel_random_source(void **state)
{
	struct l2tp_tunnel_ops ops = tops;
	uint8_t want[L2TP_TUNNEL_CHALLENGE_LEN];

	ops.random = fixed_random;
	assert_int_equal(l2tp_tunnel_init(&tun, &cfg, LNS_TID, &ops, NULL, 0),
	    0);
	establish(0);
	sent_parse(0, L2TP_MSG_SCCRP);
	memset(want, 0x77, sizeof(want));
	assert_int_equal(out.avp[L2TP_AVP_CHALLENGE].len, sizeof(want));
	assert_memory_equal(out.avp[L2TP_AVP_CHALLENGE].ptr, want,
	    sizeof(want));
	/* No randomness, no SCCRP: StopCCN, insufficient resources. */
	setup_secret(state);
	assert_int_equal(l2tp_tunnel_init(&tun, &cfg, LNS_TID, &ops, &ops, 0),
	    0);
	lac_sccrq(0, true);
	assert_int_equal(lac_send(0), 0);
	assert_int_equal(n_sent, 1);
	expect_result(L2TP_MSG_STOPCCN, L2TP_STOPCCN_RC_ERROR,
	    L2TP_ERR_NO_RESOURCE);
}

static void
test_tunnel_sccrq_missing_avp(void **state)
{
	static const uint16_t req[] = { L2TP_AVP_PROTOCOL_VERSION,
	    L2TP_AVP_HOST_NAME, L2TP_AVP_FRAMING_CAP,
	    L2TP_AVP_ASSIGNED_TUNNEL_ID };
	unsigned int i;

	for (i = 0; i < sizeof(req) / sizeof(req[0]); i++) {
		setup(state);
		lac_sccrq(req[i], false);
		assert_int_equal(lac_send(0), 0);
		assert_int_equal(n_sent, 1);
		expect_result(L2TP_MSG_STOPCCN, L2TP_STOPCCN_RC_ERROR,
		    L2TP_ERR_BAD_VALUE);
		assert_true(out.error_msg_len > 0);
		/* Addressed to the LAC's tunnel once it is known. */
		assert_int_equal(out_hdr.tunnel_id,
		    req[i] == L2TP_AVP_ASSIGNED_TUNNEL_ID ? 0 : LAC_TID);
	}
	/* Assigned Tunnel ID 0 is as bad as none (§4.4.3). */
	setup(state);
	lac_begin(0, L2TP_MSG_SCCRQ);
	l2tp_avp_add_u16(&w, L2TP_AVP_PROTOCOL_VERSION, L2TP_AVP_M, 0x0100);
	l2tp_avp_add_str(&w, L2TP_AVP_HOST_NAME, L2TP_AVP_M, "lac1");
	l2tp_avp_add_u32(&w, L2TP_AVP_FRAMING_CAP, L2TP_AVP_M, 1);
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_TUNNEL_ID, L2TP_AVP_M, 0);
	assert_int_equal(lac_send(0), 0);
	expect_result(L2TP_MSG_STOPCCN, L2TP_STOPCCN_RC_ERROR,
	    L2TP_ERR_BAD_VALUE);
}

static void
test_tunnel_bad_version(void **state)
{
	lac_begin(0, L2TP_MSG_SCCRQ);
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_TUNNEL_ID, L2TP_AVP_M, LAC_TID);
	l2tp_avp_add_u16(&w, L2TP_AVP_PROTOCOL_VERSION, L2TP_AVP_M, 0x0200);
	assert_int_equal(lac_send(0), 0);
	/* §4.4.2 result 5: the Error Code is our highest version, 1.0. */
	expect_result(L2TP_MSG_STOPCCN, L2TP_STOPCCN_RC_BAD_VERSION, 0x0100);
}

static void
test_tunnel_unknown_mandatory_avp(void **state)
{
	lac_sccrq(0, false);
	l2tp_avp_add_raw(&w, L2TP_AVP_M, 0, 99, "x", 1);
	assert_int_equal(lac_send(0), 0);
	expect_result(L2TP_MSG_STOPCCN, L2TP_STOPCCN_RC_ERROR,
	    L2TP_ERR_UNKNOWN_MANDATORY);
	assert_int_equal(out_hdr.tunnel_id, LAC_TID);

	/* Same in a HELLO on an established tunnel. */
	setup(state);
	establish(0);
	lac_begin(0, L2TP_MSG_HELLO);
	l2tp_avp_add_raw(&w, L2TP_AVP_M, 9, 1, "x", 1);
	assert_int_equal(lac_send(1), 0);
	expect_result(L2TP_MSG_STOPCCN, L2TP_STOPCCN_RC_ERROR,
	    L2TP_ERR_UNKNOWN_MANDATORY);

	/* A truncated AVP: Error Code 2, "length is wrong". */
	setup(state);
	establish(0);
	lac_begin(0, L2TP_MSG_HELLO);
	l2tp_avp_add_raw(&w, L2TP_AVP_M, 0, L2TP_AVP_ASSIGNED_TUNNEL_ID, "x",
	    1);
	assert_int_equal(lac_send(1), 0);
	expect_result(L2TP_MSG_STOPCCN, L2TP_STOPCCN_RC_ERROR,
	    L2TP_ERR_BAD_LENGTH);
}

static void
test_tunnel_unknown_message_type(void **state)
{
	establish(0);
	/* §4.4.1: unknown type without M is ignored... */
	l2tp_writer_init(&w, ibuf, sizeof(ibuf));
	l2tp_ctrl_begin(&w, LNS_TID, 0, 0, 0, L2TP_MSG_ZLB);
	l2tp_avp_add_u16(&w, L2TP_AVP_MESSAGE_TYPE, 0, 42);
	assert_int_equal(lac_send(1), 0);
	assert_int_equal(tun.state, L2TP_TUNNEL_ESTABLISHED);
	/* ...with M it clears the tunnel. */
	lac_begin(0, 42);
	assert_int_equal(lac_send(2), 0);
	expect_result(L2TP_MSG_STOPCCN, L2TP_STOPCCN_RC_ERROR,
	    L2TP_ERR_BAD_VALUE);
}

static void
test_tunnel_wrong_state(void **state)
{
	/* SCCCN in idle. */
	lac_begin(0, L2TP_MSG_SCCCN);
	assert_int_equal(lac_send(0), 0);
	expect_result(L2TP_MSG_STOPCCN, L2TP_STOPCCN_RC_FSM_ERROR, -1);

	/* ICRQ before the tunnel is established. */
	setup(state);
	lac_sccrq(0, false);
	assert_int_equal(lac_send(0), 0);
	lac_begin(0, L2TP_MSG_ICRQ);
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_SESSION_ID, L2TP_AVP_M, LAC_SID);
	l2tp_avp_add_u32(&w, L2TP_AVP_CALL_SERIAL, L2TP_AVP_M, 1);
	assert_int_equal(lac_send(1), 0);
	assert_false(sess_live);
	expect_result(L2TP_MSG_STOPCCN, L2TP_STOPCCN_RC_FSM_ERROR, -1);
	assert_int_equal(out_hdr.tunnel_id, LAC_TID);

	/* A second SCCRQ on an established tunnel. */
	setup(state);
	establish(0);
	lac_sccrq(0, false);
	assert_int_equal(lac_send(1), 0);
	expect_result(L2TP_MSG_STOPCCN, L2TP_STOPCCN_RC_FSM_ERROR, -1);
}

static void
test_tunnel_stopccn_from_peer(void **state)
{
	unsigned int n;

	establish(0);
	n = n_sent;
	lac_begin(0, L2TP_MSG_STOPCCN);
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_TUNNEL_ID, L2TP_AVP_M, LAC_TID);
	l2tp_avp_add_result(&w, L2TP_AVP_M, L2TP_STOPCCN_RC_SHUTDOWN, -1, NULL);
	assert_int_equal(lac_send(1000), 0);
	assert_int_equal(tun.state, L2TP_TUNNEL_CLOSING);
	assert_int_equal(n_sent, n);	/* only the transport's ack */
	assert_int_equal(tun.result_code, L2TP_STOPCCN_RC_SHUTDOWN);
	assert_false(tun.stop_sent);
	/* Anything else is ignored while closing; no HELLO either. */
	lac_begin(0, L2TP_MSG_HELLO);
	assert_int_equal(lac_send(2000), 0);
	assert_int_equal(l2tp_tunnel_close(&tun, 1, -1, NULL, 2000), 0);
	assert_int_equal(n_sent, n);
	/* §5.7: hold for the cleanup period, then done. */
	assert_int_equal(l2tp_tunnel_next_deadline(&tun), 1000 + HOLD_MS);
	assert_int_equal(l2tp_tunnel_timer(&tun, 1000 + HOLD_MS - 1), 0);
	assert_int_equal(tun.state, L2TP_TUNNEL_CLOSING);
	assert_int_equal(l2tp_tunnel_timer(&tun, 1000 + HOLD_MS), 1);
	assert_int_equal(tun.state, L2TP_TUNNEL_IDLE);
	assert_int_equal(l2tp_tunnel_next_deadline(&tun),
	    L2TP_TUNNEL_NO_DEADLINE);
	assert_int_equal(n_sent, n);

	/* StopCCN while waiting for SCCCN. */
	setup(state);
	lac_sccrq(0, false);
	assert_int_equal(lac_send(0), 0);
	lac_begin(0, L2TP_MSG_STOPCCN);
	l2tp_avp_add_result(&w, L2TP_AVP_M, 2, 6, "bye");
	assert_int_equal(lac_send(1), 0);
	assert_int_equal(tun.state, L2TP_TUNNEL_CLOSING);
	assert_int_equal(tun.error_code, 6);

	/* A StopCCN with an unknown M AVP is not answered either. */
	setup(state);
	establish(0);
	n = n_sent;
	lac_begin(0, L2TP_MSG_STOPCCN);
	l2tp_avp_add_result(&w, L2TP_AVP_M, 1, -1, NULL);
	l2tp_avp_add_raw(&w, L2TP_AVP_M, 0, 99, "x", 1);
	assert_int_equal(lac_send(1), 0);
	assert_int_equal(tun.state, L2TP_TUNNEL_CLOSING);
	assert_int_equal(n_sent, n);
}

static void
test_tunnel_other_transitions(void **state)
{
	/* StopCCN in idle: closing, no reply. */
	lac_begin(0, L2TP_MSG_STOPCCN);
	l2tp_avp_add_result(&w, L2TP_AVP_M, 1, -1, NULL);
	assert_int_equal(lac_send(0), 0);
	assert_int_equal(tun.state, L2TP_TUNNEL_CLOSING);
	assert_int_equal(n_sent, 0);

	/* HELLO while waiting for SCCCN: harmless; then a local close. */
	setup(state);
	lac_sccrq(0, false);
	assert_int_equal(lac_send(0), 0);
	lac_begin(0, L2TP_MSG_HELLO);
	assert_int_equal(lac_send(1), 0);
	assert_int_equal(tun.state, L2TP_TUNNEL_WAIT_CTL_CONN);
	assert_int_equal(n_sent, 1);
	assert_int_equal(l2tp_tunnel_close(&tun, L2TP_STOPCCN_RC_SHUTDOWN, -1,
	    NULL, 2), 0);
	expect_result(L2TP_MSG_STOPCCN, L2TP_STOPCCN_RC_SHUTDOWN, -1);

	/* The SCCRP cannot be sent: closing, and the error comes back. */
	setup(state);
	send_rc = -EIO;
	lac_sccrq(0, false);
	assert_int_equal(lac_send(0), -EIO);
	assert_int_equal(tun.state, L2TP_TUNNEL_CLOSING);
	assert_int_equal(tun.stats.send_errors, 2);	/* SCCRP, StopCCN */
	/* Nothing to close in idle. */
	setup(state);
	assert_int_equal(l2tp_tunnel_close(&tun, 1, -1, NULL, 0), 0);
	assert_int_equal(tun.state, L2TP_TUNNEL_IDLE);
	assert_int_equal(n_sent, 0);
}

static void
test_tunnel_local_close(void **state)
{
	establish(0);
	assert_int_equal(l2tp_tunnel_close(&tun, L2TP_STOPCCN_RC_SHUTDOWN, -1,
	    NULL, 50), 0);
	expect_result(L2TP_MSG_STOPCCN, L2TP_STOPCCN_RC_SHUTDOWN, -1);
	assert_false(out.has_error_code);
	assert_int_equal(l2tp_tunnel_next_deadline(&tun), 50 + HOLD_MS);
	/* A failing send still closes, and says so. */
	setup(state);
	establish(0);
	send_rc = -EIO;
	assert_int_equal(l2tp_tunnel_close(&tun, 1, 0, "x", 0), -EIO);
	assert_int_equal(tun.state, L2TP_TUNNEL_CLOSING);
	assert_int_equal(tun.stats.send_errors, 1);
}

static void
test_tunnel_hello(void **state)
{
	unsigned int n;

	establish(1000);
	n = n_sent;
	/* Not before the interval... */
	assert_int_equal(l2tp_tunnel_next_deadline(&tun), 1000 + HELLO_MS);
	assert_int_equal(l2tp_tunnel_timer(&tun, 1000 + HELLO_MS - 1), 0);
	assert_int_equal(n_sent, n);
	/* ...at it. */
	assert_int_equal(l2tp_tunnel_timer(&tun, 1000 + HELLO_MS), 0);
	assert_int_equal(n_sent, n + 1);
	sent_parse(n, L2TP_MSG_HELLO);
	assert_int_equal(out_hdr.tunnel_id, LAC_TID);
	assert_int_equal(out.n_avps, 1);
	assert_int_equal(tun.stats.hellos_sent, 1);
	/* Next one a full interval later. */
	assert_int_equal(l2tp_tunnel_next_deadline(&tun), 1000 + 2 * HELLO_MS);
	/* Traffic from the peer pushes it back: a HELLO received... */
	lac_begin(0, L2TP_MSG_HELLO);
	assert_int_equal(lac_send(15000), 0);
	assert_int_equal(n_sent, n + 1);	/* nothing to answer */
	assert_int_equal(tun.state, L2TP_TUNNEL_ESTABLISHED);
	assert_int_equal(l2tp_tunnel_timer(&tun, 1000 + 2 * HELLO_MS), 0);
	assert_int_equal(n_sent, n + 1);
	/* ...or data. */
	l2tp_tunnel_activity(&tun, 20000);
	assert_int_equal(l2tp_tunnel_timer(&tun, 15000 + HELLO_MS), 0);
	assert_int_equal(n_sent, n + 1);
	assert_int_equal(l2tp_tunnel_timer(&tun, 20000 + HELLO_MS), 0);
	assert_int_equal(n_sent, n + 2);
}

/* The set-up deadline runs from l2tp_tunnel_init() (at 0 here). */
static void
test_tunnel_scccn_timeout(void **state)
{
	lac_sccrq(0, false);
	assert_int_equal(lac_send(500), 0);
	assert_int_equal(l2tp_tunnel_next_deadline(&tun), SETUP_MS);
	assert_int_equal(l2tp_tunnel_timer(&tun, SETUP_MS - 1), 0);
	assert_int_equal(tun.state, L2TP_TUNNEL_WAIT_CTL_CONN);
	assert_int_equal(n_sent, 1);
	assert_int_equal(l2tp_tunnel_timer(&tun, SETUP_MS), 0);
	expect_result(L2TP_MSG_STOPCCN, L2TP_STOPCCN_RC_GENERAL, 0);
	assert_int_equal(tun.stats.setup_timeouts, 1);
	assert_int_equal(l2tp_tunnel_next_deadline(&tun), SETUP_MS + HOLD_MS);
}

/* A tunnel no SCCRQ ever reached has a deadline too: then it is done. */
static void
test_tunnel_setup_deadline_idle(void **state)
{
	assert_int_equal(tun.state, L2TP_TUNNEL_IDLE);
	assert_int_equal(l2tp_tunnel_next_deadline(&tun), SETUP_MS);
	assert_int_equal(l2tp_tunnel_timer(&tun, SETUP_MS - 1), 0);
	assert_int_equal(l2tp_tunnel_timer(&tun, SETUP_MS), 1);
	assert_int_equal(n_sent, 0);		/* no peer to tell */
	assert_int_equal(tun.stats.setup_timeouts, 1);
}

/*
 * HELLOs and other traffic from a peer that never sends its SCCCN do not
 * push the set-up deadline back: it is absolute.
 */
static void
test_tunnel_setup_deadline_hello(void **state)
{
	uint64_t t;

	lac_sccrq(0, false);
	assert_int_equal(lac_send(500), 0);
	for (t = 1000; t < SETUP_MS; t += 1000) {
		lac_begin(0, L2TP_MSG_HELLO);
		assert_int_equal(lac_send(t), 0);
		l2tp_tunnel_activity(&tun, t);
		assert_int_equal(l2tp_tunnel_timer(&tun, t), 0);
	}
	assert_int_equal(tun.state, L2TP_TUNNEL_WAIT_CTL_CONN);
	assert_int_equal(l2tp_tunnel_next_deadline(&tun), SETUP_MS);
	assert_int_equal(l2tp_tunnel_timer(&tun, SETUP_MS), 0);
	expect_result(L2TP_MSG_STOPCCN, L2TP_STOPCCN_RC_GENERAL, 0);
	assert_int_equal(tun.stats.setup_timeouts, 1);
}

/* Once established the set-up deadline is gone: HELLO takes over. */
static void
test_tunnel_setup_deadline_established(void **state)
{
	establish(SETUP_MS - 1);
	assert_int_equal(l2tp_tunnel_next_deadline(&tun),
	    SETUP_MS - 1 + HELLO_MS);
	assert_int_equal(l2tp_tunnel_timer(&tun, SETUP_MS), 0);
	assert_int_equal(tun.state, L2TP_TUNNEL_ESTABLISHED);
	assert_int_equal(tun.stats.setup_timeouts, 0);
}

static void
test_tunnel_hello_default(void **state)
{
	cfg.hello_ms = 0;
	establish(0);
	assert_int_equal(l2tp_tunnel_next_deadline(&tun),
	    L2TP_TUNNEL_HELLO_MS);
	/* No HELLO before the tunnel is up (its set-up deadline instead). */
	setup(state);
	assert_int_equal(l2tp_tunnel_timer(&tun, SETUP_MS - 1), 0);
	assert_int_equal(n_sent, 0);
	/* The set-up deadline's default. */
	cfg.setup_ms = 0;
	assert_int_equal(l2tp_tunnel_init(&tun, &cfg, LNS_TID, &tops, NULL, 5),
	    0);
	assert_int_equal(l2tp_tunnel_next_deadline(&tun),
	    5 + L2TP_TUNNEL_SETUP_MS);
}

/* An SCCRQ refused without a tunnel: StopCCN acknowledging it (§6.4). */
static void
test_tunnel_refusal(void **state)
{
	uint8_t buf[128];
	int n;

	(void)state;
	n = l2tp_tunnel_refusal(LAC_TID, L2TP_STOPCCN_RC_ERROR,
	    L2TP_ERR_NO_RESOURCE, "busy", buf, sizeof(buf));
	assert_true(n > 0);
	assert_int_equal(l2tp_hdr_decode(&out_hdr, buf, (size_t)n), 0);
	assert_true(l2tp_hdr_is_ctrl(&out_hdr));
	assert_int_equal(out_hdr.tunnel_id, LAC_TID);
	assert_int_equal(out_hdr.session_id, 0);
	assert_int_equal(out_hdr.ns, 0);
	assert_int_equal(out_hdr.nr, 1);
	assert_int_equal(l2tp_msg_parse(&out, buf + out_hdr.payload_off,
	    l2tp_hdr_payload_len(&out_hdr), NULL, 0), 0);
	assert_int_equal(out.msg_type, L2TP_MSG_STOPCCN);
	assert_true(l2tp_msg_has(&out, L2TP_AVP_ASSIGNED_TUNNEL_ID));
	assert_int_equal(out.assigned_tunnel_id, 0);
	assert_int_equal(out.result_code, L2TP_STOPCCN_RC_ERROR);
	assert_true(out.has_error_code);
	assert_int_equal(out.error_code, L2TP_ERR_NO_RESOURCE);
	/* Too small a buffer is an error, not a truncated message. */
	assert_true(l2tp_tunnel_refusal(LAC_TID, 2, 4, "busy", buf, 20) < 0);
}

/* ---- session ---- */

static void
lac_icrq(uint16_t omit)
{
	lac_begin(0, L2TP_MSG_ICRQ);
	if (omit != L2TP_AVP_ASSIGNED_SESSION_ID)
		l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_SESSION_ID, L2TP_AVP_M,
		    LAC_SID);
	if (omit != L2TP_AVP_CALL_SERIAL)
		l2tp_avp_add_u32(&w, L2TP_AVP_CALL_SERIAL, L2TP_AVP_M, 77);
	l2tp_avp_add_u32(&w, L2TP_AVP_BEARER_TYPE, L2TP_AVP_M, 2);
	if (omit == L2TP_AVP_CALLING_NUMBER)
		return;		/* both numbers */
	l2tp_avp_add_str(&w, L2TP_AVP_CALLING_NUMBER, L2TP_AVP_M, "0123");
	l2tp_avp_add_str(&w, L2TP_AVP_CALLED_NUMBER, L2TP_AVP_M, "4567");
}

static void
lac_iccn(uint16_t omit)
{
	lac_begin(LNS_SID, L2TP_MSG_ICCN);
	if (omit != L2TP_AVP_TX_CONNECT_SPEED)
		l2tp_avp_add_u32(&w, L2TP_AVP_TX_CONNECT_SPEED, L2TP_AVP_M,
		    100000000);
	if (omit != L2TP_AVP_FRAMING_TYPE)
		l2tp_avp_add_u32(&w, L2TP_AVP_FRAMING_TYPE, L2TP_AVP_M,
		    L2TP_FRAMING_SYNC);
}

/* Tunnel up, ICRQ in, ICRP out: the session waits for ICCN. */
static void
open_call(void)
{
	establish(0);
	lac_icrq(0);
	assert_int_equal(lac_send(1), L2TP_TUNNEL_TO_SESSION);
	assert_int_equal(sess.state, L2TP_SESSION_WAIT_CONNECT);
}

static void
test_session_happy_path(void **state)
{
	static const uint8_t lcp[] = { 1, 1, 0, 8, 1, 4, 5, 0xdc };
	static const uint8_t rv[] = { 9, 8, 7, 6 };
	static const uint8_t resp[16] = { 0xaa, 0xbb };
	const struct l2tp_session_proxy *px;
	unsigned int n;

	establish(0);
	n = n_sent;
	lac_icrq(0);
	assert_int_equal(lac_send(1), L2TP_TUNNEL_TO_SESSION);
	assert_int_equal(sess.state, L2TP_SESSION_WAIT_CONNECT);
	assert_int_equal(n_sent, n + 1);
	sent_parse(n, L2TP_MSG_ICRP);
	assert_int_equal(out_hdr.tunnel_id, LAC_TID);
	assert_int_equal(out_hdr.session_id, LAC_SID);
	assert_int_equal(out.assigned_session_id, LNS_SID);
	assert_true(out.avp[L2TP_AVP_ASSIGNED_SESSION_ID].flags & L2TP_AVP_M);
	assert_int_equal(sess.peer_id, LAC_SID);
	assert_int_equal(sess.call_serial, 77);
	assert_string_equal(sess.calling_number, "0123");
	assert_string_equal(sess.called_number, "4567");
	assert_string_equal(sess.sub_address, "");	/* not sent */

	/* ICCN with proxy LCP and (hidden) proxy authentication. */
	lac_iccn(0);
	l2tp_avp_add_u32(&w, L2TP_AVP_RX_CONNECT_SPEED, 0, 20000000);
	l2tp_avp_add_bytes(&w, L2TP_AVP_SEQUENCING_REQUIRED, L2TP_AVP_M,
	    NULL, 0);
	l2tp_avp_add_bytes(&w, L2TP_AVP_INITIAL_RX_LCP_CONFREQ, 0, lcp, 8);
	l2tp_avp_add_bytes(&w, L2TP_AVP_LAST_TX_LCP_CONFREQ, 0, lcp, 7);
	l2tp_avp_add_bytes(&w, L2TP_AVP_LAST_RX_LCP_CONFREQ, 0, lcp, 6);
	l2tp_avp_add_random_vector(&w, rv, sizeof(rv));
	l2tp_avp_add_u16(&w, L2TP_AVP_PROXY_AUTHEN_TYPE, 0,
	    L2TP_PROXY_AUTH_CHAP);
	l2tp_avp_add_str(&w, L2TP_AVP_PROXY_AUTHEN_NAME, L2TP_AVP_H, "bob");
	l2tp_avp_add_bytes(&w, L2TP_AVP_PROXY_AUTHEN_CHALLENGE, 0, lcp, 5);
	l2tp_avp_add_u16(&w, L2TP_AVP_PROXY_AUTHEN_ID, 0, 0x0042);
	l2tp_avp_add_bytes(&w, L2TP_AVP_PROXY_AUTHEN_RESPONSE, L2TP_AVP_H,
	    resp, sizeof(resp));
	assert_int_equal(lac_send(2), L2TP_TUNNEL_TO_SESSION);
	assert_int_equal(sess.state, L2TP_SESSION_ESTABLISHED);
	assert_int_equal(n_sent, n + 1);	/* ICCN: only acked */
	assert_int_equal(n_strans, 2);
	assert_int_equal(sess.tx_connect_speed, 100000000);
	assert_int_equal(sess.rx_connect_speed, 20000000);
	assert_int_equal(sess.framing_type, L2TP_FRAMING_SYNC);
	assert_true(sess.sequencing_required);
	px = sess.proxy;
	assert_non_null(px);
	assert_false(sess.proxy_nomem);
	assert_int_equal(px->initial_rx_confreq.len, 8);
	assert_memory_equal(px->initial_rx_confreq.data, lcp, 8);
	assert_int_equal(px->last_tx_confreq.len, 7);
	assert_int_equal(px->last_rx_confreq.len, 6);
	assert_true(px->has_auth_type);
	assert_int_equal(px->auth_type, L2TP_PROXY_AUTH_CHAP);
	assert_string_equal(px->auth_name, "bob");
	assert_int_equal(px->auth_challenge_len, 5);
	assert_true(px->has_auth_id);
	assert_int_equal(px->auth_id, 0x42);
	assert_int_equal(px->auth_response_len, 16);
	assert_memory_equal(px->auth_response, resp, 16);
	assert_false(px->overflow);
}

static void
test_session_iccn_defaults(void **state)
{
	uint8_t big[300];

	open_call();
	memset(big, 0x5a, sizeof(big));
	lac_iccn(0);
	l2tp_avp_add_bytes(&w, L2TP_AVP_LAST_RX_LCP_CONFREQ, 0, big,
	    sizeof(big));
	assert_int_equal(lac_send(2), L2TP_TUNNEL_TO_SESSION);
	assert_int_equal(sess.state, L2TP_SESSION_ESTABLISHED);
	/* §4.4.5: no Rx Connect Speed means the same as Tx. */
	assert_int_equal(sess.rx_connect_speed, 100000000);
	assert_false(sess.sequencing_required);
	assert_non_null(sess.proxy);
	assert_false(sess.proxy->has_auth_type);
	/* Too long for the fixed field: dropped and flagged. */
	assert_int_equal(sess.proxy->last_rx_confreq.len, 0);
	assert_true(sess.proxy->overflow);
}

/* Phone numbers: "" when absent, cut to 63 octets, freed by fini. */
static void
test_session_numbers(void **state)
{
	char big[100];

	establish(0);
	lac_icrq(L2TP_AVP_CALLING_NUMBER);
	assert_int_equal(lac_send(1), L2TP_TUNNEL_TO_SESSION);
	assert_int_equal(sess.state, L2TP_SESSION_WAIT_CONNECT);
	assert_string_equal(sess.calling_number, "");
	assert_string_equal(sess.called_number, "");
	assert_string_equal(sess.sub_address, "");

	setup(state);
	establish(0);
	lac_icrq(L2TP_AVP_CALLING_NUMBER);
	memset(big, '7', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	l2tp_avp_add_str(&w, L2TP_AVP_CALLED_NUMBER, L2TP_AVP_M, big);
	l2tp_avp_add_str(&w, L2TP_AVP_SUB_ADDRESS, 0, "s1");
	assert_int_equal(lac_send(1), L2TP_TUNNEL_TO_SESSION);
	assert_string_equal(sess.calling_number, "");
	assert_int_equal(strlen(sess.called_number),
	    L2TP_SESSION_NUMBER_MAX - 1);
	assert_string_equal(sess.sub_address, "s1");
	l2tp_session_fini(&sess);
	l2tp_session_fini(&sess);
	assert_string_equal(sess.called_number, "");
	assert_null(sess.proxy);
}

/* Proxy AVPs are kept only when sent, until released or CLOSED. */
static void
test_session_proxy_lifetime(void **state)
{
	static const uint8_t lcp[] = { 1, 4, 5, 0xdc };

	/* No proxy AVP: nothing allocated; releasing is a no-op. */
	open_call();
	lac_iccn(0);
	assert_int_equal(lac_send(2), L2TP_TUNNEL_TO_SESSION);
	assert_int_equal(sess.state, L2TP_SESSION_ESTABLISHED);
	assert_null(sess.proxy);
	assert_false(sess.proxy_nomem);
	l2tp_session_proxy_release(&sess);
	l2tp_session_proxy_release(&sess);
	assert_null(sess.proxy);

	/* One proxy AVP: allocated; release frees it, twice is harmless. */
	setup(state);
	open_call();
	lac_iccn(0);
	l2tp_avp_add_bytes(&w, L2TP_AVP_LAST_RX_LCP_CONFREQ, 0, lcp,
	    sizeof(lcp));
	assert_int_equal(lac_send(2), L2TP_TUNNEL_TO_SESSION);
	assert_non_null(sess.proxy);
	assert_int_equal(sess.proxy->last_rx_confreq.len, sizeof(lcp));
	l2tp_session_proxy_release(&sess);
	assert_null(sess.proxy);
	l2tp_session_proxy_release(&sess);
	assert_null(sess.proxy);
	assert_int_equal(sess.state, L2TP_SESSION_ESTABLISHED);

	/* Not released by the owner: the CDN (CLOSED) releases it. */
	setup(state);
	open_call();
	lac_iccn(0);
	l2tp_avp_add_u16(&w, L2TP_AVP_PROXY_AUTHEN_TYPE, 0,
	    L2TP_PROXY_AUTH_PAP);
	assert_int_equal(lac_send(2), L2TP_TUNNEL_TO_SESSION);
	assert_non_null(sess.proxy);
	assert_true(sess.proxy->has_auth_type);
	assert_int_equal(l2tp_session_close(&sess, L2TP_CDN_RC_ADMIN, -1,
	    NULL), 0);
	assert_int_equal(sess.state, L2TP_SESSION_CLOSED);
	assert_null(sess.proxy);
	assert_int_equal(l2tp_session_proxy_nomem, 0);
}

static void
test_session_icrq_missing_avp(void **state)
{
	open_call();	/* sanity: the full ICRQ is fine */
	setup(state);
	establish(0);
	lac_icrq(L2TP_AVP_CALL_SERIAL);
	assert_int_equal(lac_send(1), L2TP_TUNNEL_TO_SESSION);
	expect_result(L2TP_MSG_CDN, L2TP_CDN_RC_ERROR, L2TP_ERR_BAD_VALUE);
	assert_int_equal(out_hdr.session_id, LAC_SID);
	assert_true(sess.cdn_sent);

	setup(state);
	establish(0);
	lac_icrq(L2TP_AVP_ASSIGNED_SESSION_ID);
	assert_int_equal(lac_send(1), L2TP_TUNNEL_TO_SESSION);
	expect_result(L2TP_MSG_CDN, L2TP_CDN_RC_ERROR, L2TP_ERR_BAD_VALUE);
	assert_int_equal(out_hdr.session_id, 0);

	setup(state);
	establish(0);
	lac_begin(0, L2TP_MSG_ICRQ);
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_SESSION_ID, L2TP_AVP_M, 0);
	l2tp_avp_add_u32(&w, L2TP_AVP_CALL_SERIAL, L2TP_AVP_M, 1);
	assert_int_equal(lac_send(1), L2TP_TUNNEL_TO_SESSION);
	expect_result(L2TP_MSG_CDN, L2TP_CDN_RC_ERROR, L2TP_ERR_BAD_VALUE);
	/* The tunnel is not affected. */
	assert_int_equal(tun.state, L2TP_TUNNEL_ESTABLISHED);
}

/*
 * A call whose ICCN never comes is cleared at its deadline, ICRQ time plus
 * call_setup_ms, whatever else the LAC sends (open_call: ICRQ at 1).
 */
static void
test_session_setup_deadline(void **state)
{
	unsigned int n;

	open_call();
	n = n_sent;
	assert_int_equal(l2tp_session_next_deadline(&sess), 1 + CALL_SETUP_MS);
	/* An SLI while waiting is ignored, and does not push it back. */
	lac_begin(LNS_SID, L2TP_MSG_SLI);
	assert_int_equal(lac_send(CALL_SETUP_MS), L2TP_TUNNEL_TO_SESSION);
	assert_int_equal(sess.state, L2TP_SESSION_WAIT_CONNECT);
	assert_int_equal(l2tp_session_next_deadline(&sess), 1 + CALL_SETUP_MS);
	assert_int_equal(l2tp_session_timer(&sess, CALL_SETUP_MS), 0);
	assert_int_equal(n_sent, n);
	/* At the deadline: CDN result 2, Error Code 0, to the LAC's call. */
	assert_int_equal(l2tp_session_timer(&sess, 1 + CALL_SETUP_MS), 1);
	assert_int_equal(n_sent, n + 1);
	expect_result(L2TP_MSG_CDN, L2TP_CDN_RC_ERROR, L2TP_ERR_NONE);
	assert_int_equal(out_hdr.session_id, LAC_SID);
	assert_true(sess.cdn_sent);
	assert_int_equal(l2tp_session_next_deadline(&sess),
	    L2TP_SESSION_NO_DEADLINE);
	assert_int_equal(l2tp_session_timer(&sess, 2 + CALL_SETUP_MS), 0);
	assert_int_equal(n_sent, n + 1);
	/* The tunnel is not affected. */
	assert_int_equal(tun.state, L2TP_TUNNEL_ESTABLISHED);
}

/* ICCN in time: no deadline left; none either before the ICRQ. */
static void
test_session_setup_deadline_met(void **state)
{
	unsigned int n;

	open_call();
	lac_iccn(0);
	assert_int_equal(lac_send(CALL_SETUP_MS), L2TP_TUNNEL_TO_SESSION);
	assert_int_equal(sess.state, L2TP_SESSION_ESTABLISHED);
	n = n_sent;
	assert_int_equal(l2tp_session_next_deadline(&sess),
	    L2TP_SESSION_NO_DEADLINE);
	assert_int_equal(l2tp_session_timer(&sess, 10 * CALL_SETUP_MS), 0);
	assert_int_equal(n_sent, n);
	assert_int_equal(sess.state, L2TP_SESSION_ESTABLISHED);

	/* The default, and an IDLE call (handed its ICRQ at once). */
	setup(state);
	cfg.call_setup_ms = 0;
	establish(0);
	l2tp_session_fini(&sess);
	assert_int_equal(l2tp_session_init(&sess, &tun, LNS_SID, &sops, NULL),
	    0);
	assert_int_equal(l2tp_session_next_deadline(&sess),
	    L2TP_SESSION_NO_DEADLINE);
	sess_live = true;
	lac_icrq(0);
	assert_int_equal(lac_send(5), L2TP_TUNNEL_TO_SESSION);
	assert_int_equal(l2tp_session_next_deadline(&sess),
	    5 + L2TP_SESSION_SETUP_MS);
}

static void
test_session_iccn_missing_avp(void **state)
{
	open_call();
	lac_iccn(L2TP_AVP_TX_CONNECT_SPEED);
	assert_int_equal(lac_send(2), L2TP_TUNNEL_TO_SESSION);
	expect_result(L2TP_MSG_CDN, L2TP_CDN_RC_ERROR, L2TP_ERR_BAD_VALUE);
	assert_int_equal(out_hdr.session_id, LAC_SID);

	setup(state);
	open_call();
	lac_iccn(L2TP_AVP_FRAMING_TYPE);
	assert_int_equal(lac_send(2), L2TP_TUNNEL_TO_SESSION);
	expect_result(L2TP_MSG_CDN, L2TP_CDN_RC_ERROR, L2TP_ERR_BAD_VALUE);
}

static void
test_session_unknown_mandatory_avp(void **state)
{
	establish(0);
	lac_icrq(0);
	l2tp_avp_add_raw(&w, L2TP_AVP_M, 0, 99, "x", 1);
	/* §4.1: only the call is cleared, with Error Code 8. */
	assert_int_equal(lac_send(1), L2TP_TUNNEL_TO_SESSION);
	expect_result(L2TP_MSG_CDN, L2TP_CDN_RC_ERROR,
	    L2TP_ERR_UNKNOWN_MANDATORY);
	assert_int_equal(out_hdr.session_id, LAC_SID);
	assert_int_equal(tun.state, L2TP_TUNNEL_ESTABLISHED);

	setup(state);
	open_call();
	lac_iccn(0);
	l2tp_avp_add_raw(&w, L2TP_AVP_M, 0, L2TP_AVP_FRAMING_TYPE, "x", 1);
	assert_int_equal(lac_send(2), L2TP_TUNNEL_TO_SESSION);
	expect_result(L2TP_MSG_CDN, L2TP_CDN_RC_ERROR, L2TP_ERR_BAD_LENGTH);
}

/*
 * A call-level message whose AVPs cannot be read (here a hidden one with
 * no Random Vector before it) clears its call with a CDN, 2/3, and only
 * its call: the tunnel and its other calls stay.
 */
static void
test_session_unreadable_avp(void **state)
{
	size_t off;

	open_call();
	lac_iccn(0);
	off = w.len;
	l2tp_avp_add_bytes(&w, L2TP_AVP_CALLING_NUMBER, 0, "0123", 4);
	ibuf[off] |= L2TP_AVP_H >> 8;	/* hidden, no Random Vector */
	assert_int_equal(lac_send(2), L2TP_TUNNEL_TO_SESSION);
	expect_result(L2TP_MSG_CDN, L2TP_CDN_RC_ERROR, L2TP_ERR_BAD_VALUE);
	assert_int_equal(tun.state, L2TP_TUNNEL_ESTABLISHED);
}

static void
test_session_wrong_state(void **state)
{
	/* ICCN before ICRQ: no call to speak of. */
	establish(0);
	lac_iccn(0);
	assert_int_equal(lac_send(1), L2TP_TUNNEL_TO_SESSION);
	expect_result(L2TP_MSG_CDN, L2TP_CDN_RC_ERROR,
	    L2TP_ERR_BAD_SESSION_ID);
	assert_int_equal(out_hdr.session_id, 0);

	/* A second ICRQ while waiting for ICCN. */
	setup(state);
	open_call();
	lac_icrq(0);
	assert_int_equal(lac_send(2), L2TP_TUNNEL_TO_SESSION);
	expect_result(L2TP_MSG_CDN, L2TP_CDN_RC_ERROR, L2TP_ERR_VENDOR);
	assert_int_equal(out_hdr.session_id, LAC_SID);

	/* ICCN again once established. */
	setup(state);
	open_call();
	lac_iccn(0);
	assert_int_equal(lac_send(2), L2TP_TUNNEL_TO_SESSION);
	lac_iccn(0);
	assert_int_equal(lac_send(3), L2TP_TUNNEL_TO_SESSION);
	expect_result(L2TP_MSG_CDN, L2TP_CDN_RC_ERROR, L2TP_ERR_VENDOR);
	/* Closed: further input is ignored. */
	n_sent = 0;
	lac_iccn(0);
	assert_int_equal(lac_send(4), L2TP_TUNNEL_TO_SESSION);
	assert_int_equal(n_sent, 0);
}

/* CDN from the LAC (§6.11), optionally with a Q.931 cause. */
static void
lac_cdn(bool q931)
{
	static const uint8_t cause[3] = { 0x00, 0x10, 0x2d };

	lac_begin(LNS_SID, L2TP_MSG_CDN);
	l2tp_avp_add_result(&w, L2TP_AVP_M, L2TP_CDN_RC_LOST_CARRIER, -1,
	    NULL);
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_SESSION_ID, L2TP_AVP_M, LAC_SID);
	if (q931)
		l2tp_avp_add_bytes(&w, L2TP_AVP_Q931_CAUSE, L2TP_AVP_M, cause,
		    sizeof(cause));
}

static void
test_session_cdn_from_peer(void **state)
{
	unsigned int n;

	/* Idle: nothing to answer. */
	establish(0);
	n = n_sent;
	lac_cdn(false);
	assert_int_equal(lac_send(1), L2TP_TUNNEL_TO_SESSION);
	assert_int_equal(sess.state, L2TP_SESSION_CLOSED);
	assert_int_equal(n_sent, n);

	/* Waiting for ICCN. */
	setup(state);
	open_call();
	n = n_sent;
	lac_cdn(false);
	assert_int_equal(lac_send(2), L2TP_TUNNEL_TO_SESSION);
	assert_int_equal(sess.state, L2TP_SESSION_CLOSED);
	assert_int_equal(n_sent, n);
	assert_int_equal(sess.result_code, L2TP_CDN_RC_LOST_CARRIER);
	assert_false(sess.has_q931);
	assert_false(sess.cdn_sent);

	/* Established, with a Q.931 cause. */
	setup(state);
	open_call();
	lac_iccn(0);
	assert_int_equal(lac_send(2), L2TP_TUNNEL_TO_SESSION);
	n = n_sent;
	lac_cdn(true);
	assert_int_equal(lac_send(3), L2TP_TUNNEL_TO_SESSION);
	assert_int_equal(sess.state, L2TP_SESSION_CLOSED);
	assert_int_equal(n_sent, n);
	assert_true(sess.has_q931);
	assert_int_equal(sess.q931_cause, 0x0010);
	assert_int_equal(sess.q931_msg, 0x2d);
	assert_int_equal(tun.state, L2TP_TUNNEL_ESTABLISHED);

	/* A malformed CDN still closes the call, silently. */
	setup(state);
	open_call();
	n = n_sent;
	lac_cdn(false);
	l2tp_avp_add_raw(&w, L2TP_AVP_M, 0, 99, "x", 1);
	assert_int_equal(lac_send(2), L2TP_TUNNEL_TO_SESSION);
	assert_int_equal(sess.state, L2TP_SESSION_CLOSED);
	assert_int_equal(n_sent, n);
}

static void
test_session_local_close(void **state)
{
	open_call();
	lac_iccn(0);
	assert_int_equal(lac_send(2), L2TP_TUNNEL_TO_SESSION);
	assert_int_equal(l2tp_session_close(&sess, L2TP_CDN_RC_ADMIN, -1,
	    NULL), 0);
	expect_result(L2TP_MSG_CDN, L2TP_CDN_RC_ADMIN, -1);
	assert_int_equal(out_hdr.session_id, LAC_SID);
	assert_false(l2tp_msg_has(&out, L2TP_AVP_Q931_CAUSE));
	assert_int_equal(l2tp_session_close(&sess, 1, -1, NULL), 0);

	/* With a Q.931 cause (§4.4.5). */
	setup(state);
	open_call();
	assert_int_equal(l2tp_session_close_q931(&sess, L2TP_CDN_RC_ADMIN, 0,
	    "admin", 16, 0x45), 0);
	expect_result(L2TP_MSG_CDN, L2TP_CDN_RC_ADMIN, 0);
	assert_true(l2tp_msg_has(&out, L2TP_AVP_Q931_CAUSE));
	assert_int_equal(out.q931_cause, 16);
	assert_int_equal(out.q931_msg, 0x45);
	assert_int_equal(out.error_msg_len, 5);
	assert_true(sess.has_q931);

	/* The tunnel went away: closed without a CDN. */
	setup(state);
	open_call();
	n_sent = 0;
	l2tp_session_drop(&sess);
	assert_int_equal(sess.state, L2TP_SESSION_CLOSED);
	assert_int_equal(n_sent, 0);
	assert_string_equal(l2tp_session_state_name(L2TP_SESSION_CLOSED),
	    "closed");
	assert_int_equal(l2tp_session_init(&sess, &tun, 0, &sops, NULL),
	    -EINVAL);
}

static void
test_session_ocrq_rejected(void **state)
{
	establish(0);
	lac_begin(0, L2TP_MSG_OCRQ);
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_SESSION_ID, L2TP_AVP_M, LAC_SID);
	l2tp_avp_add_u32(&w, L2TP_AVP_CALL_SERIAL, L2TP_AVP_M, 5);
	l2tp_avp_add_u32(&w, L2TP_AVP_MIN_BPS, L2TP_AVP_M, 1);
	l2tp_avp_add_u32(&w, L2TP_AVP_MAX_BPS, L2TP_AVP_M, 2);
	l2tp_avp_add_u32(&w, L2TP_AVP_BEARER_TYPE, L2TP_AVP_M, 1);
	l2tp_avp_add_u32(&w, L2TP_AVP_FRAMING_TYPE, L2TP_AVP_M, 1);
	l2tp_avp_add_str(&w, L2TP_AVP_CALLED_NUMBER, L2TP_AVP_M, "1");
	assert_int_equal(lac_send(1), L2TP_TUNNEL_TO_SESSION);
	expect_result(L2TP_MSG_CDN, L2TP_CDN_RC_PERM_NO_FACILITY, 0);
	assert_int_equal(out_hdr.session_id, LAC_SID);
	assert_int_equal(tun.state, L2TP_TUNNEL_ESTABLISHED);
}

static void
test_session_wen_sli(void **state)
{
	uint8_t ce[26] = { 0 }, accm[10] = { 0 };
	unsigned int n;

	open_call();
	/* Before ICCN: ignored. */
	lac_begin(LNS_SID, L2TP_MSG_SLI);
	l2tp_avp_add_bytes(&w, L2TP_AVP_ACCM, L2TP_AVP_M, accm, sizeof(accm));
	assert_int_equal(lac_send(2), L2TP_TUNNEL_TO_SESSION);
	assert_int_equal(sess.state, L2TP_SESSION_WAIT_CONNECT);
	assert_false(sess.has_accm);
	lac_iccn(0);
	assert_int_equal(lac_send(3), L2TP_TUNNEL_TO_SESSION);
	n = n_sent;

	lns_put_be32(ce + 2, 3);		/* CRC errors */
	lns_put_be32(ce + 22, 7);		/* alignment errors */
	lac_begin(LNS_SID, L2TP_MSG_WEN);
	l2tp_avp_add_bytes(&w, L2TP_AVP_CALL_ERRORS, L2TP_AVP_M, ce,
	    sizeof(ce));
	assert_int_equal(lac_send(4), L2TP_TUNNEL_TO_SESSION);
	assert_true(sess.has_call_errors);
	assert_int_equal(sess.call_errors.crc, 3);
	assert_int_equal(sess.call_errors.alignment, 7);

	lns_put_be32(accm + 2, 0xffffffff);
	lns_put_be32(accm + 6, 0x000a0000);
	lac_begin(LNS_SID, L2TP_MSG_SLI);
	l2tp_avp_add_bytes(&w, L2TP_AVP_ACCM, L2TP_AVP_M, accm, sizeof(accm));
	assert_int_equal(lac_send(5), L2TP_TUNNEL_TO_SESSION);
	assert_true(sess.has_accm);
	assert_int_equal(sess.accm_send, 0xffffffff);
	assert_int_equal(sess.accm_recv, 0x000a0000);
	assert_int_equal(sess.state, L2TP_SESSION_ESTABLISHED);
	assert_int_equal(n_sent, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_tunnel_init_invalid, setup),
		cmocka_unit_test_setup(test_tunnel_happy_path, setup),
		cmocka_unit_test_setup(test_tunnel_auth_ok, setup_secret),
		cmocka_unit_test_setup(test_tunnel_auth_bad_response,
		    setup_secret),
		cmocka_unit_test_setup(test_tunnel_auth_missing_response,
		    setup_secret),
		cmocka_unit_test_setup(test_tunnel_auth_missing_challenge,
		    setup_secret),
		cmocka_unit_test_setup(test_tunnel_unexpected_challenge, setup),
		cmocka_unit_test_setup(test_tunnel_peer_list, setup),
		cmocka_unit_test_setup(test_tunnel_sccrq_missing_avp, setup),
		cmocka_unit_test_setup(test_tunnel_bad_version, setup),
		cmocka_unit_test_setup(test_tunnel_unknown_mandatory_avp,
		    setup),
		cmocka_unit_test_setup(test_tunnel_unknown_message_type, setup),
		cmocka_unit_test_setup(test_tunnel_wrong_state, setup),
		cmocka_unit_test_setup(test_tunnel_stopccn_from_peer, setup),
		cmocka_unit_test_setup(test_tunnel_other_transitions, setup),
		cmocka_unit_test_setup(test_tunnel_local_close, setup),
		cmocka_unit_test_setup(test_tunnel_hello, setup),
		cmocka_unit_test_setup(test_tunnel_scccn_timeout, setup),
		cmocka_unit_test_setup(test_tunnel_setup_deadline_idle, setup),
		cmocka_unit_test_setup(test_tunnel_setup_deadline_hello, setup),
		cmocka_unit_test_setup(test_tunnel_setup_deadline_established,
		    setup),
		cmocka_unit_test_setup(test_tunnel_random_source, setup_secret),
		cmocka_unit_test_setup(test_tunnel_hello_default, setup),
		cmocka_unit_test_setup(test_tunnel_refusal, setup),
		cmocka_unit_test_setup(test_session_happy_path, setup_secret),
		cmocka_unit_test_setup(test_session_iccn_defaults, setup),
		cmocka_unit_test_setup(test_session_proxy_lifetime, setup),
		cmocka_unit_test_setup(test_session_numbers, setup),
		cmocka_unit_test_setup(test_session_icrq_missing_avp, setup),
		cmocka_unit_test_setup(test_session_setup_deadline, setup),
		cmocka_unit_test_setup(test_session_setup_deadline_met, setup),
		cmocka_unit_test_setup(test_session_iccn_missing_avp, setup),
		cmocka_unit_test_setup(test_session_unknown_mandatory_avp,
		    setup),
		cmocka_unit_test_setup(test_session_unreadable_avp, setup),
		cmocka_unit_test_setup(test_session_wrong_state, setup),
		cmocka_unit_test_setup(test_session_cdn_from_peer, setup),
		cmocka_unit_test_setup(test_session_local_close, setup),
		cmocka_unit_test_setup(test_session_ocrq_rejected, setup),
		cmocka_unit_test_setup(test_session_wen_sli, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
