/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests for LCP (RFC 1661 §5-§6) on the generic automaton: option
 * negotiation in both directions, malformed options, Magic-Number loop
 * detection (§6.4), Authentication-Protocol Nak handling, keepalive and
 * dead-peer detection, Protocol-Reject, and proxy LCP (RFC 2661 §4.4.5).
 * The test plays the subscriber's PPP peer.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lns_bytes.h"
#include "ppp_lcp.h"

#define MAX_SENT	16

struct sent {
	uint8_t pkt[PPP_FSM_MAX_PKT];
	size_t len;
};

static struct ppp_lcp lcp;
static struct ppp_lcp_conf conf;
static struct sent sent[MAX_SENT];
static unsigned int nsent;
static unsigned int ups, downs, finished;
static uint16_t rejected_proto;
static uint8_t rnd;

static void
t_send(void *arg, uint16_t proto, const uint8_t *pkt, size_t len)
{
	assert_int_equal(proto, LNS_PPP_PROTO_LCP);
	assert_true(nsent < MAX_SENT);
	memcpy(sent[nsent].pkt, pkt, len);
	sent[nsent].len = len;
	nsent++;
}

static void
t_layer(void *arg, struct ppp_fsm *f, enum ppp_fsm_layer ev)
{
	if (ev == PPP_LAYER_UP)
		ups++;
	else if (ev == PPP_LAYER_DOWN)
		downs++;
	else if (ev == PPP_LAYER_FINISHED)
		finished++;
}

/* Deterministic "random": 0x11.., 0x22.., ... */
static int
t_random(void *arg, void *buf, size_t len)
{
	rnd += 0x11;
	memset(buf, rnd, len);
	return 0;
}

static void
t_protrej(void *arg, uint16_t proto)
{
	rejected_proto = proto;
}

static void
start(void)
{
	ppp_lcp_init(&lcp, &conf);
	static const struct ppp_fsm_owner owner = {
		.send = t_send,
		.layer_cb = t_layer,
		.random = t_random,
	};

	lcp.fsm.owner = &owner;
	lcp.protrej_cb = t_protrej;
	nsent = ups = downs = finished = 0;
	rejected_proto = 0;
}

static int
setup(void **state)
{
	memset(&conf, 0, sizeof(conf));
	conf.mru = 1460;
	conf.auth[0] = PPP_AUTH_CHAP_MD5;
	conf.auth[1] = PPP_AUTH_MSCHAPV2;
	conf.auth[2] = PPP_AUTH_PAP;
	conf.auth_count = 3;
	conf.echo_interval_ms = 1000;
	conf.echo_max_fail = 3;
	conf.max_loops = 3;
	rnd = 0;
	start();
	return 0;
}

static int
rx_at(uint8_t code, uint8_t id, const void *data, size_t len, uint64_t now)
{
	uint8_t buf[PPP_FSM_MAX_PKT];
	int n = ppp_pkt_build(buf, sizeof(buf), code, id, data, len);

	assert_true(n > 0);
	return ppp_lcp_input(&lcp, buf, n, now);
}

static int
rx(uint8_t code, uint8_t id, const void *data, size_t len)
{
	return rx_at(code, id, data, len, 0);
}

static const struct sent *
last(void)
{
	assert_true(nsent > 0);
	return &sent[nsent - 1];
}

/* Find option type in a sent packet; its value or NULL. */
static const uint8_t *
opt(const struct sent *s, uint8_t type, uint8_t *vlen)
{
	struct ppp_opt_iter it;
	const uint8_t *val;
	uint8_t t;

	ppp_opt_iter_init(&it, s->pkt + 4, s->len - 4);
	while (ppp_opt_next(&it, &t, &val, vlen) > 0)
		if (t == type)
			return val;
	return NULL;
}

static void
open_lcp(void)
{
	ppp_fsm_up(&lcp.fsm, 0);
	ppp_fsm_open(&lcp.fsm, 0);
	assert_int_equal(last()->pkt[0], PPP_CONF_REQ);
}

/* Ack our last request. */
static void
ack_ours(void)
{
	rx(PPP_CONF_ACK, lcp.fsm.reqid, lcp.fsm.req, lcp.fsm.reqlen);
}

static const uint8_t peer_req[] = {
	PPP_LCP_OPT_MRU, 4, 0x05, 0x78,			/* 1400 */
	PPP_LCP_OPT_ACCM, 6, 0, 0, 0, 0,
	PPP_LCP_OPT_MAGIC, 6, 0xca, 0xfe, 0xba, 0xbe,
};

static void
opened(void)
{
	open_lcp();
	rx(PPP_CONF_REQ, 1, peer_req, sizeof(peer_req));
	assert_int_equal(last()->pkt[0], PPP_CONF_ACK);
	ack_ours();
	assert_int_equal(lcp.fsm.state, PPP_FSM_OPENED);
	nsent = 0;
}

static void
test_our_request(void **state)
{
	const uint8_t *v;
	uint8_t vlen;

	open_lcp();
	v = opt(last(), PPP_LCP_OPT_MRU, &vlen);
	assert_non_null(v);
	assert_int_equal(v[0] << 8 | v[1], 1460);
	v = opt(last(), PPP_LCP_OPT_AUTH, &vlen);
	assert_non_null(v);
	assert_int_equal(vlen, 3);
	assert_memory_equal(v, ((uint8_t[]){ 0xc2, 0x23, 5 }), 3);
	v = opt(last(), PPP_LCP_OPT_MAGIC, &vlen);
	assert_non_null(v);
	assert_int_equal(lns_get_be32(v), lcp.magic);
	assert_int_not_equal(lcp.magic, 0);

	/* Default MRU and no authentication: neither is requested. */
	conf.mru = 0;
	conf.auth_count = 0;
	start();
	open_lcp();
	assert_null(opt(last(), PPP_LCP_OPT_MRU, &vlen));
	assert_null(opt(last(), PPP_LCP_OPT_AUTH, &vlen));
}

static void
test_full_negotiation(void **state)
{
	opened();
	assert_int_equal(ups, 1);
	assert_int_equal(lcp.peer_mru, 1400);
	assert_int_equal(lcp.fsm.peer_mru, 1400);
	assert_int_equal(lcp.peer_magic, 0xcafebabe);
	assert_int_equal(lcp.auth, PPP_AUTH_CHAP_MD5);
	assert_false(lcp.pfc);
	/* Peer terminates: Terminate-Ack, this-layer-down. */
	rx(PPP_TERM_REQ, 44, NULL, 0);
	assert_int_equal(last()->pkt[0], PPP_TERM_ACK);
	assert_int_equal(last()->pkt[1], 44);
	assert_int_equal(downs, 1);
	assert_int_equal(lcp.fsm.state, PPP_FSM_STOPPING);
}

static void
test_peer_mru(void **state)
{
	static const uint8_t small[] = { PPP_LCP_OPT_MRU, 4, 0, 32 };
	static const uint8_t bad[] = { PPP_LCP_OPT_MRU, 3, 5 };
	const uint8_t *v;
	uint8_t vlen;

	conf.min_mru = 128;
	start();
	open_lcp();
	rx(PPP_CONF_REQ, 1, small, sizeof(small));
	assert_int_equal(last()->pkt[0], PPP_CONF_NAK);
	v = opt(last(), PPP_LCP_OPT_MRU, &vlen);
	assert_non_null(v);
	assert_int_equal(v[0] << 8 | v[1], 128);
	rx(PPP_CONF_REQ, 2, bad, sizeof(bad));
	assert_int_equal(last()->pkt[0], PPP_CONF_REJ);
	assert_memory_equal(last()->pkt + 4, bad, sizeof(bad));
}

static void
test_our_mru_nak(void **state)
{
	static const uint8_t nak_small[] = { PPP_LCP_OPT_MRU, 4, 0x05, 0x00 };
	static const uint8_t nak_big[] = { PPP_LCP_OPT_MRU, 4, 0x10, 0x00 };
	static const uint8_t rej[] = { PPP_LCP_OPT_MRU, 4, 0x05, 0xb4 };
	const uint8_t *v;
	uint8_t vlen;

	open_lcp();
	rx(PPP_CONF_NAK, lcp.fsm.reqid, nak_small, sizeof(nak_small));
	v = opt(last(), PPP_LCP_OPT_MRU, &vlen);
	assert_int_equal(v[0] << 8 | v[1], 1280);
	/* Above the tunnel's: we keep ours. */
	rx(PPP_CONF_NAK, lcp.fsm.reqid, nak_big, sizeof(nak_big));
	v = opt(last(), PPP_LCP_OPT_MRU, &vlen);
	assert_int_equal(v[0] << 8 | v[1], 1280);
	rx(PPP_CONF_REJ, lcp.fsm.reqid, rej, sizeof(rej));
	assert_null(opt(last(), PPP_LCP_OPT_MRU, &vlen));
}

static void
test_accm_pfc_acfc(void **state)
{
	static const uint8_t req[] = {
		PPP_LCP_OPT_ACCM, 6, 0, 0, 0, 0,
		PPP_LCP_OPT_PFC, 2, PPP_LCP_OPT_ACFC, 2,
	};
	static const uint8_t bad_pfc[] = { PPP_LCP_OPT_PFC, 3, 0 };

	open_lcp();
	rx(PPP_CONF_REQ, 1, req, sizeof(req));
	assert_int_equal(last()->pkt[0], PPP_CONF_REJ);
	assert_int_equal(last()->len, 4 + 4);
	assert_memory_equal(last()->pkt + 4, req + 6, 4);

	conf.accept_pfc = true;
	conf.accept_acfc = true;
	start();
	open_lcp();
	rx(PPP_CONF_REQ, 1, req, sizeof(req));
	assert_int_equal(last()->pkt[0], PPP_CONF_ACK);
	assert_memory_equal(last()->pkt + 4, req, sizeof(req));
	assert_true(lcp.pfc);
	assert_true(lcp.acfc);
	rx(PPP_CONF_REQ, 2, bad_pfc, sizeof(bad_pfc));
	assert_int_equal(last()->pkt[0], PPP_CONF_REJ);
}

static void
test_rejected_options(void **state)
{
	static const uint8_t req[] = {
		PPP_LCP_OPT_AUTH, 4, 0xc0, 0x23,	/* auth us: no */
		PPP_LCP_OPT_QUALITY, 8, 0xc0, 0x25, 0, 0, 0, 10,
		99, 3, 1,
		PPP_LCP_OPT_MAGIC, 6, 1, 2, 3, 4,
	};

	open_lcp();
	rx(PPP_CONF_REQ, 9, req, sizeof(req));
	assert_int_equal(last()->pkt[0], PPP_CONF_REJ);
	assert_int_equal(last()->pkt[1], 9);
	assert_int_equal(last()->len, 4 + 15);
	assert_memory_equal(last()->pkt + 4, req, 15);
}

static void
test_malformed_options(void **state)
{
	static const uint8_t zero[] = { 1, 1, 0, 8, PPP_LCP_OPT_MRU, 0, 5, 0 };
	static const uint8_t past[] = { 1, 1, 0, 8, PPP_LCP_OPT_MRU, 6, 5, 0 };
	static const uint8_t magic3[] = { PPP_LCP_OPT_MAGIC, 5, 1, 2, 3 };
	static const uint8_t bad_mru[] = { PPP_LCP_OPT_MRU, 3, 5 };

	open_lcp();
	nsent = 0;
	assert_int_equal(ppp_lcp_input(&lcp, zero, sizeof(zero), 0), -EINVAL);
	assert_int_equal(ppp_lcp_input(&lcp, past, sizeof(past), 0), -EINVAL);
	assert_int_equal(lcp.fsm.stats.rx_malformed, 2);
	assert_int_equal(nsent, 0);
	/* Well-formed walk, wrong size for the type: Rejected. */
	rx(PPP_CONF_REQ, 3, magic3, sizeof(magic3));
	assert_int_equal(last()->pkt[0], PPP_CONF_REJ);
	/* A Nak of ours with a bad MRU length is discarded. */
	nsent = 0;
	rx(PPP_CONF_NAK, lcp.fsm.reqid, bad_mru, sizeof(bad_mru));
	assert_int_equal(lcp.fsm.stats.rx_malformed, 3);
	assert_int_equal(nsent, 0);
}

static void
test_magic_loopback(void **state)
{
	uint8_t loop[PPP_FSM_MAX_REQ];
	size_t n;
	int i;

	conf.auth_count = 0;	/* a looped Auth-Protocol would be Rejected */
	start();
	open_lcp();
	/* Our own request comes back: same magic. */
	for (i = 0; i < 2; i++) {
		n = lcp.fsm.reqlen;
		memcpy(loop, lcp.fsm.req, n);
		rx(PPP_CONF_REQ, 50 + i, loop, n);
		assert_int_equal(last()->pkt[0], PPP_CONF_NAK);
		assert_int_not_equal(
		    lns_get_be32(opt(last(), PPP_LCP_OPT_MAGIC, &(uint8_t){ 0 })),
		    lcp.magic);
	}
	assert_int_equal(lcp.stats.magic_collisions, 2);
	assert_false(lcp.looped);
	rx(PPP_CONF_REQ, 52, loop, n);
	assert_true(lcp.looped);
	assert_int_equal(lcp.fsm.state, PPP_FSM_CLOSING);
	assert_int_equal(last()->pkt[0], PPP_TERM_REQ);
	assert_string_equal(lcp.fsm.close_reason, "loopback detected");
}

static void
test_magic_zero_and_nak(void **state)
{
	static const uint8_t zero[] = { PPP_LCP_OPT_MAGIC, 6, 0, 0, 0, 0 };
	uint8_t nak[6] = { PPP_LCP_OPT_MAGIC, 6 };
	uint32_t old;

	open_lcp();
	rx(PPP_CONF_REQ, 1, zero, sizeof(zero));
	assert_int_equal(last()->pkt[0], PPP_CONF_NAK);
	assert_int_not_equal(
	    lns_get_be32(opt(last(), PPP_LCP_OPT_MAGIC, &(uint8_t){ 0 })), 0);
	/* §6.4: our magic Nak'd: a new one in the next request. */
	old = lcp.magic;
	memcpy(nak + 2, lcp.fsm.req + lcp.fsm.reqlen - 4, 4);
	rx(PPP_CONF_NAK, lcp.fsm.reqid, nak, sizeof(nak));
	assert_int_equal(last()->pkt[0], PPP_CONF_REQ);
	assert_int_not_equal(lcp.magic, old);
	assert_int_equal(lns_get_be32(opt(last(), PPP_LCP_OPT_MAGIC,
	    &(uint8_t){ 0 })), lcp.magic);
}

static void
test_auth_nak_moves_down(void **state)
{
	static const uint8_t want_pap[] = { PPP_LCP_OPT_AUTH, 4, 0xc0, 0x23 };
	static const uint8_t want_eap[] = { PPP_LCP_OPT_AUTH, 4, 0xc2, 0x27 };
	const uint8_t *v;
	uint8_t vlen;

	open_lcp();
	/* The peer suggests PAP: skip MS-CHAPv2, go to PAP. */
	rx(PPP_CONF_NAK, lcp.fsm.reqid, want_pap, sizeof(want_pap));
	v = opt(last(), PPP_LCP_OPT_AUTH, &vlen);
	assert_int_equal(vlen, 2);
	assert_memory_equal(v, "\xc0\x23", 2);
	ack_ours();
	assert_int_equal(lcp.auth, PPP_AUTH_PAP);

	/* Unknown suggestion: next in our list, then nothing left. */
	start();
	open_lcp();
	rx(PPP_CONF_NAK, lcp.fsm.reqid, want_eap, sizeof(want_eap));
	v = opt(last(), PPP_LCP_OPT_AUTH, &vlen);
	assert_memory_equal(v, "\xc2\x23\x81", 3);
	rx(PPP_CONF_NAK, lcp.fsm.reqid, want_eap, sizeof(want_eap));
	v = opt(last(), PPP_LCP_OPT_AUTH, &vlen);
	assert_memory_equal(v, "\xc0\x23", 2);
	rx(PPP_CONF_NAK, lcp.fsm.reqid, want_eap, sizeof(want_eap));
	assert_int_equal(lcp.fsm.state, PPP_FSM_CLOSING);
	assert_int_equal(last()->pkt[0], PPP_TERM_REQ);
	assert_string_equal(lcp.fsm.close_reason,
	    "no acceptable authentication protocol");
}

static void
test_auth_rejected(void **state)
{
	uint8_t rej[] = { PPP_LCP_OPT_AUTH, 5, 0xc2, 0x23, 5 };

	open_lcp();
	rx(PPP_CONF_REJ, lcp.fsm.reqid, rej, sizeof(rej));
	assert_int_equal(lcp.fsm.state, PPP_FSM_CLOSING);
	assert_string_equal(lcp.fsm.close_reason,
	    "peer refuses authentication");
}

/* --- keepalive (§5.8) --- */

static void
test_echo_dead_peer(void **state)
{
	uint8_t rep[4] = { 0xca, 0xfe, 0xba, 0xbe };
	uint64_t t;

	opened();
	assert_int_equal(ppp_lcp_next_timeout(&lcp), 1000);
	ppp_lcp_timer(&lcp, 999);
	assert_int_equal(nsent, 0);
	ppp_lcp_timer(&lcp, 1000);
	assert_int_equal(nsent, 1);
	assert_int_equal(sent[0].pkt[0], PPP_ECHO_REQ);
	assert_int_equal(lns_get_be32(sent[0].pkt + 4), lcp.magic);
	/* Answered: the count of unanswered requests starts over. */
	rx_at(PPP_ECHO_REP, sent[0].pkt[1], rep, 4, 1100);
	assert_int_equal(lcp.echo_outstanding, 0);
	/* Three unanswered requests, then the fourth period closes. */
	for (t = 2000; t <= 4000; t += 1000)
		ppp_lcp_timer(&lcp, t);
	assert_int_equal(nsent, 4);
	assert_int_equal(lcp.echo_outstanding, 3);
	ppp_lcp_timer(&lcp, 5000);
	assert_int_equal(lcp.fsm.state, PPP_FSM_CLOSING);
	assert_int_equal(downs, 1);
	assert_int_equal(last()->pkt[0], PPP_TERM_REQ);
	assert_string_equal(lcp.fsm.close_reason,
	    "peer not responding to echo requests");
	assert_int_equal(lcp.stats.echo_req_tx, 4);
	/* Terminate-Requests are not answered either: finished. */
	ppp_lcp_timer(&lcp, 8000);
	ppp_lcp_timer(&lcp, 11000);
	assert_int_equal(lcp.fsm.state, PPP_FSM_CLOSED);
	assert_int_equal(finished, 1);
}

static void
test_echo_reply_and_discard(void **state)
{
	uint8_t req[8] = { 0xca, 0xfe, 0xba, 0xbe, 'd', 'a', 't', 'a' };
	uint8_t mine[4];

	/* Not Opened: Echo-Request is discarded. */
	open_lcp();
	nsent = 0;
	rx(PPP_ECHO_REQ, 3, req, sizeof(req));
	assert_int_equal(nsent, 0);

	start();
	opened();
	rx(PPP_ECHO_REQ, 7, req, sizeof(req));
	assert_int_equal(nsent, 1);
	assert_int_equal(sent[0].pkt[0], PPP_ECHO_REP);
	assert_int_equal(sent[0].pkt[1], 7);
	assert_int_equal(sent[0].len, 12);
	assert_int_equal(lns_get_be32(sent[0].pkt + 4), lcp.magic);
	assert_memory_equal(sent[0].pkt + 8, "data", 4);
	/* A peer MRU above our buffers: the largest reply still goes out. */
	lcp.fsm.peer_mru = 9000;
	{
		uint8_t big[1496];

		memcpy(big, req, 4);
		memset(big + 4, 'x', sizeof(big) - 4);
		rx(PPP_ECHO_REQ, 11, big, sizeof(big));
		assert_int_equal(nsent, 2);
		assert_int_equal(sent[1].len, PPP_FSM_MAX_PKT);
		nsent = 1;
	}
	/* Discard-Request: nothing. Too short: malformed. */
	rx(PPP_DISC_REQ, 8, req, sizeof(req));
	assert_int_equal(lcp.stats.discard_rx, 1);
	assert_int_equal(rx(PPP_ECHO_REQ, 9, req, 3), -EINVAL);
	/* Our own magic in an Echo-Request: looped, not answered. */
	mine[0] = lcp.magic >> 24;
	mine[1] = lcp.magic >> 16;
	mine[2] = lcp.magic >> 8;
	mine[3] = lcp.magic;
	rx(PPP_ECHO_REQ, 10, mine, 4);
	assert_int_equal(nsent, 1);
	assert_int_equal(lcp.stats.magic_collisions, 1);
}

/* --- Protocol-Reject and Code-Reject (§5.6, §5.7) --- */

static void
test_echo_code_rejected(void **state)
{
	opened();
	ppp_lcp_timer(&lcp, 1000);
	assert_int_equal(nsent, 1);
	/* Code-Reject of our Echo-Request: RXJ+, keepalive stops. */
	rx(PPP_CODE_REJ, 9, sent[0].pkt, sent[0].len);
	assert_int_equal(lcp.fsm.state, PPP_FSM_OPENED);
	assert_true(lcp.echo_unsupported);
	assert_int_equal(ppp_lcp_next_timeout(&lcp), UINT64_MAX);
	ppp_lcp_timer(&lcp, 60000);
	assert_int_equal(nsent, 1);
	assert_int_equal(lcp.fsm.state, PPP_FSM_OPENED);
}

static void
test_protocol_reject(void **state)
{
	static const uint8_t rej_ipcp[] = { 0x80, 0x21, 1, 1, 0, 4 };
	static const uint8_t rej_lcp[] = { 0xc0, 0x21, 1, 1, 0, 4 };
	uint8_t info[2000];

	open_lcp();
	assert_int_equal(ppp_lcp_send_protrej(&lcp, 0x80fd, NULL, 0),
	    -ENOTCONN);
	start();
	opened();
	memset(info, 0x5a, sizeof(info));
	assert_int_equal(ppp_lcp_send_protrej(&lcp, 0x80fd, info,
	    sizeof(info)), 0);
	assert_int_equal(sent[0].pkt[0], PPP_PROTO_REJ);
	assert_int_equal(sent[0].pkt[4] << 8 | sent[0].pkt[5], 0x80fd);
	/* Truncated to the peer's MRU. */
	assert_int_equal(sent[0].len, 1400);

	rx(PPP_PROTO_REJ, 1, rej_ipcp, sizeof(rej_ipcp));
	assert_int_equal(rejected_proto, LNS_PPP_PROTO_IPCP);
	assert_int_equal(lcp.fsm.state, PPP_FSM_OPENED);
	rx(PPP_PROTO_REJ, 2, rej_lcp, sizeof(rej_lcp));
	assert_int_equal(lcp.fsm.state, PPP_FSM_STOPPING);
	assert_int_equal(downs, 1);
}

static void
test_unknown_code(void **state)
{
	opened();
	rx(42, 5, "xy", 2);
	assert_int_equal(nsent, 1);
	assert_int_equal(sent[0].pkt[0], PPP_CODE_REJ);
	assert_memory_equal(sent[0].pkt + 4, "\x2a\x05\x00\x06xy", 6);
	assert_int_equal(lcp.fsm.state, PPP_FSM_OPENED);
}

/* --- proxy LCP (RFC 2661 §4.4.5, AVPs 27/28) --- */

static const uint8_t lac_sent[] = {
	PPP_LCP_OPT_MRU, 4, 0x05, 0xb4,			/* 1460 */
	PPP_LCP_OPT_AUTH, 5, 0xc2, 0x23, 0x81,
	PPP_LCP_OPT_MAGIC, 6, 0x12, 0x34, 0x56, 0x78,
};
static const uint8_t client_sent[] = {
	PPP_LCP_OPT_MRU, 4, 0x05, 0x78,
	PPP_LCP_OPT_ACCM, 6, 0, 0, 0, 0,
	PPP_LCP_OPT_MAGIC, 6, 0x9a, 0xbc, 0xde, 0xf0,
};

static void
test_proxy_accept(void **state)
{
	assert_int_equal(ppp_lcp_proxy(&lcp, lac_sent, sizeof(lac_sent),
	    client_sent, sizeof(client_sent), 500), 0);
	assert_int_equal(lcp.fsm.state, PPP_FSM_OPENED);
	assert_int_equal(nsent, 0);
	assert_int_equal(ups, 1);
	assert_int_equal(lcp.magic, 0x12345678);
	assert_int_equal(lcp.peer_magic, 0x9abcdef0);
	assert_int_equal(lcp.peer_mru, 1400);
	assert_int_equal(lcp.fsm.peer_mru, 1400);
	assert_int_equal(lcp.want_mru, 1460);
	assert_int_equal(lcp.auth, PPP_AUTH_MSCHAPV2);
	/* Keepalive runs with the LAC's magic. */
	ppp_lcp_timer(&lcp, 1500);
	assert_int_equal(sent[0].pkt[0], PPP_ECHO_REQ);
	assert_int_equal(lns_get_be32(sent[0].pkt + 4), 0x12345678);
}

static void
test_proxy_reject(void **state)
{
	static const uint8_t lac_pap[] = {
		PPP_LCP_OPT_AUTH, 4, 0xc0, 0x23,
		PPP_LCP_OPT_MAGIC, 6, 1, 2, 3, 4,
	};
	static const uint8_t lac_noauth[] = {
		PPP_LCP_OPT_MAGIC, 6, 1, 2, 3, 4,
	};
	static const uint8_t client_pfc[] = { PPP_LCP_OPT_PFC, 2 };
	static const uint8_t lac_bigmru[] = { PPP_LCP_OPT_MRU, 4, 0x10, 0 };
	static const uint8_t broken[] = { PPP_LCP_OPT_MRU, 9, 0 };

	conf.auth_count = 1;		/* CHAP-MD5 only */
	start();
	assert_int_equal(ppp_lcp_proxy(&lcp, lac_pap, sizeof(lac_pap),
	    client_sent, sizeof(client_sent), 0), -EPROTO);
	assert_int_equal(ppp_lcp_proxy(&lcp, lac_noauth, sizeof(lac_noauth),
	    client_sent, sizeof(client_sent), 0), -EPROTO);
	assert_int_equal(ppp_lcp_proxy(&lcp, broken, sizeof(broken),
	    client_sent, sizeof(client_sent), 0), -EINVAL);
	conf.auth_count = 0;
	start();
	assert_int_equal(ppp_lcp_proxy(&lcp, lac_noauth, sizeof(lac_noauth),
	    client_pfc, sizeof(client_pfc), 0), -EPROTO);
	assert_int_equal(ppp_lcp_proxy(&lcp, lac_bigmru, sizeof(lac_bigmru),
	    client_sent, sizeof(client_sent), 0), -EPROTO);
	assert_int_equal(lcp.fsm.state, PPP_FSM_INITIAL);
	assert_int_equal(nsent, 0);
	assert_int_equal(ups, 0);
	/* The caller renegotiates from scratch. */
	open_lcp();
	assert_int_equal(lcp.fsm.state, PPP_FSM_REQSENT);
	assert_int_not_equal(lcp.magic, 0x01020304);
	/* Too late once negotiating. */
	assert_int_equal(ppp_lcp_proxy(&lcp, lac_noauth, sizeof(lac_noauth),
	    client_sent, sizeof(client_sent), 0), -EBUSY);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_our_request, setup),
		cmocka_unit_test_setup(test_full_negotiation, setup),
		cmocka_unit_test_setup(test_peer_mru, setup),
		cmocka_unit_test_setup(test_our_mru_nak, setup),
		cmocka_unit_test_setup(test_accm_pfc_acfc, setup),
		cmocka_unit_test_setup(test_rejected_options, setup),
		cmocka_unit_test_setup(test_malformed_options, setup),
		cmocka_unit_test_setup(test_magic_loopback, setup),
		cmocka_unit_test_setup(test_magic_zero_and_nak, setup),
		cmocka_unit_test_setup(test_auth_nak_moves_down, setup),
		cmocka_unit_test_setup(test_auth_rejected, setup),
		cmocka_unit_test_setup(test_echo_dead_peer, setup),
		cmocka_unit_test_setup(test_echo_reply_and_discard, setup),
		cmocka_unit_test_setup(test_echo_code_rejected, setup),
		cmocka_unit_test_setup(test_protocol_reject, setup),
		cmocka_unit_test_setup(test_unknown_code, setup),
		cmocka_unit_test_setup(test_proxy_accept, setup),
		cmocka_unit_test_setup(test_proxy_reject, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
