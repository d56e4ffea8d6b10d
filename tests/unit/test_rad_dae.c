/* SPDX-License-Identifier: BSD-3-Clause
 * The RFC 5176 Dynamic Authorization server (control/radius/rad_dae.c):
 * every accept and refusal path, with requests built by the codec and a
 * fake transport, clock and handler; once over a real UDP socket on
 * 127.0.0.1.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cmocka.h>
#include <nettle/md5.h>

#include "rad_codec.h"
#include "rad_dae.h"

#define WALL		1700000000u
#define CLIENT0		0xc0000201u	/* 192.0.2.1 (host order) */
#define CLIENT1		0xc0000202u
#define STRANGER	0xc0000209u
#define NAS_IP		0xc6336401u	/* 198.51.100.1 */
#define NAS_ID		"lns-test"
#define SECRET0		"s3cret-zero"
#define SECRET1		"another-one"

/* ---- the fake world ------------------------------------------------------ */

static struct rad_dae *dae;
static struct rad_dae_conf conf;
static uint64_t wall = WALL;
static uint64_t now_ms = 1000;

/* The last answer sent. */
static uint8_t sent[RAD_PKT_MAX];
static size_t sent_len;
static uint32_t sent_addr;
static unsigned int nb_sent;
static int send_rc;

/* The handler: what it saw, what it answers. */
static struct rad_dae_req seen;
static unsigned int nb_handled;
static uint32_t handler_answer;

/* The last event. */
static struct rad_dae_event last_ev;
static bool last_ev_had_req;
static unsigned int nb_events;

static uint64_t
fake_wall(void)
{
	return wall;
}

static int
fake_send(void *ctx, uint32_t addr, uint16_t port, const uint8_t *buf,
	  size_t len)
{
	(void)ctx;
	(void)port;
	assert_true(len <= sizeof(sent));
	memcpy(sent, buf, len);
	sent_len = len;
	sent_addr = addr;
	nb_sent++;
	return send_rc;
}

static const struct rad_dae_io fake_io = { .send = fake_send };

static uint32_t
handler(void *arg, const struct rad_dae_req *req)
{
	(void)arg;
	seen = *req;
	nb_handled++;
	return handler_answer;
}

static void
event(void *arg, const struct rad_dae_event *ev)
{
	(void)arg;
	last_ev = *ev;
	last_ev_had_req = ev->req != NULL;
	nb_events++;
}

static void
conf_default(void)
{
	memset(&conf, 0, sizeof(conf));
	conf.clients[0].addr = htonl(CLIENT0);
	conf.clients[0].secret_len = strlen(SECRET0);
	memcpy(conf.clients[0].secret, SECRET0, strlen(SECRET0));
	conf.clients[1].addr = htonl(CLIENT1);
	conf.clients[1].secret_len = strlen(SECRET1);
	memcpy(conf.clients[1].secret, SECRET1, strlen(SECRET1));
	conf.nb_clients = 2;
	conf.nas_ips[0] = htonl(NAS_IP);
	conf.nb_nas_ips = 1;
	snprintf(conf.nas_identifier, sizeof(conf.nas_identifier), "%s",
		 NAS_ID);
	conf.handler = handler;
	conf.event = event;
	conf.wall_s = fake_wall;
	conf.io = &fake_io;
}

static void
dae_restart(void)
{
	int err = 0;

	rad_dae_free(dae);
	dae = rad_dae_create(&conf, &err);
	assert_non_null(dae);
	assert_int_equal(err, 0);
}

static int
setup(void **state)
{
	(void)state;
	conf_default();
	wall = WALL;
	now_ms = 1000;
	nb_sent = 0;
	sent_len = 0;
	send_rc = 0;
	nb_handled = 0;
	handler_answer = 0;
	nb_events = 0;
	memset(&last_ev, 0, sizeof(last_ev));
	memset(&seen, 0, sizeof(seen));
	dae = NULL;
	dae_restart();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	rad_dae_free(dae);
	dae = NULL;
	return 0;
}

/* ---- requests ---------------------------------------------------------------- */

struct req {
	struct rad_builder b;
	uint8_t buf[RAD_PKT_MAX];
	int len;
};

/* A request with a Message-Authenticator and a current Event-Timestamp. */
static void
req_start(struct req *r, uint8_t code, uint8_t id)
{
	rad_build_init(&r->b, r->buf, sizeof(r->buf), code, id, NULL);
	rad_put_message_authenticator(&r->b);
	rad_put_u32(&r->b, RAD_A_EVENT_TIMESTAMP, (uint32_t)wall);
}

/* No Message-Authenticator, no Event-Timestamp. */
static void
req_start_bare(struct req *r, uint8_t code, uint8_t id)
{
	rad_build_init(&r->b, r->buf, sizeof(r->buf), code, id, NULL);
}

static void
req_finish(struct req *r, const char *secret)
{
	r->len = rad_finish_request(&r->b, (const uint8_t *)secret,
				    strlen(secret));
	assert_true(r->len > 0);
}

static void
req_send_from(struct req *r, uint32_t src)
{
	rad_dae_input(dae, htonl(src), 50000, r->buf, (size_t)r->len, now_ms);
}

static void
req_send(struct req *r)
{
	req_send_from(r, CLIENT0);
}

/* A Disconnect-Request for User-Name "alice" from client 0. */
static void
disconnect_alice(struct req *r, uint8_t id)
{
	req_start(r, RAD_DISCONNECT_REQUEST, id);
	rad_put_str(&r->b, RAD_A_USER_NAME, "alice");
	req_finish(r, SECRET0);
}

/*
 * The answer to r: authentic for secret (Response Authenticator and the
 * Message-Authenticator it must carry); its code and Error-Cause (0 none).
 */
static uint8_t
answer(const struct req *r, const char *secret, uint32_t *cause)
{
	struct rad_pkt p;
	const uint8_t *v;
	size_t len;

	assert_int_equal(rad_parse(&p, sent, sent_len), 0);
	assert_int_equal(p.id, r->buf[1]);
	assert_int_equal(rad_verify_response(&p, r->buf + 4,
		(const uint8_t *)secret, strlen(secret), true), 0);
	*cause = 0;
	if (rad_attr_find(&p, RAD_A_ERROR_CAUSE, &v, &len) == 0)
		assert_int_equal(rad_val_u32(v, len, cause), 0);
	return p.code;
}

/* r is answered with code and Error-Cause cause. */
static void
assert_answer(const struct req *r, const char *secret, uint8_t code,
	      uint32_t cause)
{
	uint32_t got;

	assert_int_equal(answer(r, secret, &got), code);
	assert_int_equal(got, cause);
}

static uint64_t
ctr(int client, enum rad_dae_ctr c)
{
	return client < 0 ? rad_dae_totals(dae)->n[c] :
	       rad_dae_client_counters(dae, (unsigned int)client)->n[c];
}

/* r was dropped silently and counted as c, the handler not asked. */
static void
assert_dropped(struct req *r, uint32_t src, enum rad_dae_ctr c)
{
	unsigned int sent_before = nb_sent, handled = nb_handled;
	uint64_t before = ctr(-1, c);

	req_send_from(r, src);
	assert_int_equal(nb_sent, sent_before);
	assert_int_equal(nb_handled, handled);
	assert_int_equal(ctr(-1, c), before + 1);
	assert_int_equal(last_ev.what, c);
	assert_false(last_ev_had_req);
}

/* r from client 0 is NAKed with cause (the handler not asked). */
static void
assert_nak(struct req *r, uint32_t cause, enum rad_dae_ctr c)
{
	unsigned int handled = nb_handled;

	req_send(r);
	assert_int_equal(nb_handled, handled);
	assert_answer(r, SECRET0, (uint8_t)(r->buf[0] + 2), cause);
	assert_int_equal(last_ev.what, c);
	assert_int_equal(last_ev.error_cause, cause);
	assert_int_equal(ctr(0, c), 1);
}

/* The Request Authenticator of a hashed request, after editing it. */
static void
req_resign(struct req *r, const char *secret)
{
	struct md5_ctx m;

	memset(r->buf + 4, 0, RAD_AUTH_LEN);
	md5_init(&m);
	md5_update(&m, (size_t)r->len, r->buf);
	md5_update(&m, strlen(secret), (const uint8_t *)secret);
	md5_digest(&m, RAD_AUTH_LEN, r->buf + 4);
}

/* ---- accepted requests ------------------------------------------------------ */

static void
test_disconnect_by_user(void **state)
{
	struct req r;

	(void)state;
	disconnect_alice(&r, 7);
	req_send(&r);
	assert_int_equal(nb_handled, 1);
	assert_int_equal(seen.code, RAD_DISCONNECT_REQUEST);
	assert_int_equal(seen.id, 7);
	assert_int_equal(seen.client, 0);
	assert_int_equal(seen.client_addr, htonl(CLIENT0));
	assert_int_equal(seen.ident, RAD_DAE_ID_USER);
	assert_string_equal(seen.user, "alice");
	assert_int_equal(seen.change, 0);
	assert_answer(&r, SECRET0, RAD_DISCONNECT_ACK, 0);
	assert_int_equal(sent_addr, htonl(CLIENT0));
	assert_int_equal(ctr(0, RAD_DAE_DISCONNECT), 1);
	assert_int_equal(ctr(0, RAD_DAE_ACK), 1);
	assert_int_equal(ctr(1, RAD_DAE_ACK), 0);
	assert_int_equal(ctr(-1, RAD_DAE_ACK), 1);
	assert_int_equal(last_ev.what, RAD_DAE_ACK);
	assert_int_equal(last_ev.client, 0);
	assert_int_equal(last_ev.code, RAD_DISCONNECT_REQUEST);
	assert_true(last_ev_had_req);
}

static void
test_disconnect_by_session_and_address(void **state)
{
	struct req r;

	(void)state;
	req_start(&r, RAD_DISCONNECT_REQUEST, 1);
	rad_put_str(&r.b, RAD_A_ACCT_SESSION_ID, "0018c0ffee00000001");
	rad_put_ipv4(&r.b, RAD_A_FRAMED_IP_ADDRESS, htonl(0x64400102));
	/* §3.6: a Disconnect-Request may say why; accepted, ignored. */
	rad_put_u32(&r.b, RAD_A_ACCT_TERMINATE_CAUSE, RAD_TC_ADMIN_RESET);
	rad_put(&r.b, RAD_A_NAS_IP_ADDRESS, &(uint32_t){ htonl(NAS_IP) }, 4);
	rad_put_str(&r.b, RAD_A_NAS_IDENTIFIER, NAS_ID);
	req_finish(&r, SECRET0);
	req_send(&r);
	assert_int_equal(nb_handled, 1);
	assert_int_equal(seen.ident, RAD_DAE_ID_SESSION | RAD_DAE_ID_FRAMED_IP);
	assert_string_equal(seen.session_id, "0018c0ffee00000001");
	assert_int_equal(seen.framed_ip, 0x64400102);
	assert_answer(&r, SECRET0, RAD_DISCONNECT_ACK, 0);
}

static void
test_coa_changes(void **state)
{
	struct req r;

	(void)state;
	req_start(&r, RAD_COA_REQUEST, 200);
	rad_put_str(&r.b, RAD_A_USER_NAME, "bob@isp");
	rad_put_u32(&r.b, RAD_A_SESSION_TIMEOUT, 3600);
	rad_put_u32(&r.b, RAD_A_IDLE_TIMEOUT, 600);
	rad_put_u32(&r.b, RAD_A_ACCT_INTERIM_INTERVAL, 300);
	rad_put_str(&r.b, RAD_A_FILTER_ID, "gold");
	rad_put_vsa(&r.b, RAD_VENDOR_MIKROTIK, RAD_MIKROTIK_RATE_LIMIT,
		    "10M/20M", 7);
	req_finish(&r, SECRET0);
	req_send(&r);
	assert_int_equal(nb_handled, 1);
	assert_int_equal(seen.code, RAD_COA_REQUEST);
	assert_int_equal(seen.ident, RAD_DAE_ID_USER);
	assert_string_equal(seen.user, "bob@isp");
	assert_int_equal(seen.change, RAD_DAE_SET_SESSION_TIMEOUT |
			 RAD_DAE_SET_IDLE_TIMEOUT | RAD_DAE_SET_INTERIM |
			 RAD_DAE_SET_FILTER_ID | RAD_DAE_SET_RATE_LIMIT);
	assert_int_equal(seen.session_timeout, 3600);
	assert_int_equal(seen.idle_timeout, 600);
	assert_int_equal(seen.interim, 300);
	assert_string_equal(seen.filter_id, "gold");
	assert_string_equal(seen.rate_limit, "10M/20M");
	assert_answer(&r, SECRET0, RAD_COA_ACK, 0);
	assert_int_equal(ctr(0, RAD_DAE_COA), 1);
	assert_int_equal(ctr(0, RAD_DAE_DISCONNECT), 0);
}

/* The handler's Error-Cause becomes the NAK's, counted by cause. */
static void
test_handler_nak(void **state)
{
	static const struct {
		uint32_t cause;
		enum rad_dae_ctr c;
	} t[] = {
		{ RAD_EC_SESSION_CONTEXT_NOT_FOUND, RAD_DAE_NAK_NOT_FOUND },
		{ RAD_EC_SESSION_CONTEXT_NOT_REMOVABLE,
		  RAD_DAE_NAK_NOT_REMOVABLE },
		{ RAD_EC_RESOURCES_UNAVAILABLE, RAD_DAE_NAK_RESOURCES },
		{ RAD_EC_ADMINISTRATIVELY_PROHIBITED, RAD_DAE_NAK_PROHIBITED },
		{ 599, RAD_DAE_NAK_OTHER },
	};
	struct req r;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		handler_answer = t[i].cause;
		req_start(&r, RAD_COA_REQUEST, (uint8_t)i);
		rad_put_str(&r.b, RAD_A_ACCT_SESSION_ID, "nope");
		req_finish(&r, SECRET0);
		req_send(&r);
		assert_int_equal(nb_handled, i + 1);
		assert_answer(&r, SECRET0, RAD_COA_NAK, t[i].cause);
		assert_int_equal(ctr(0, t[i].c), 1);
		assert_int_equal(last_ev.error_cause, t[i].cause);
	}
	assert_int_equal(ctr(0, RAD_DAE_ACK), 0);
}

/* §3.1: Proxy-States come back in the answer, in their order. */
static void
test_proxy_state_echoed(void **state)
{
	struct rad_attr_iter it;
	struct rad_pkt p;
	const uint8_t *v;
	uint8_t type;
	size_t len;
	unsigned int n = 0;
	struct req r;

	(void)state;
	req_start(&r, RAD_DISCONNECT_REQUEST, 3);
	rad_put_str(&r.b, RAD_A_PROXY_STATE, "first");
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	rad_put_str(&r.b, RAD_A_PROXY_STATE, "second");
	req_finish(&r, SECRET0);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_DISCONNECT_ACK, 0);
	assert_int_equal(rad_parse(&p, sent, sent_len), 0);
	rad_attr_iter_init(&it, &p);
	while (rad_attr_next(&it, &type, &v, &len) == 1) {
		if (type != RAD_A_PROXY_STATE)
			continue;
		assert_int_equal(len, n == 0 ? 5 : 6);
		assert_memory_equal(v, n == 0 ? "first" : "second", len);
		n++;
	}
	assert_int_equal(n, 2);
}

/* An empty Proxy-State: NAK 404, answered without it (it cannot be sent). */
static void
test_empty_proxy_state(void **state)
{
	struct req r;

	(void)state;
	req_start(&r, RAD_DISCONNECT_REQUEST, 4);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	rad_put_str(&r.b, RAD_A_PROXY_STATE, "kept");
	/* The codec will not build it: two raw octets. */
	r.buf[r.b.len++] = RAD_A_PROXY_STATE;
	r.buf[r.b.len++] = 2;
	req_finish(&r, SECRET0);
	assert_nak(&r, RAD_EC_INVALID_REQUEST, RAD_DAE_NAK_INVALID_REQUEST);
	assert_int_equal(ctr(0, RAD_DAE_SEND_ERROR), 0);
}

/* Each client answers with its own secret and counts on its own. */
static void
test_second_client(void **state)
{
	struct req r;

	(void)state;
	req_start(&r, RAD_DISCONNECT_REQUEST, 9);
	rad_put_str(&r.b, RAD_A_USER_NAME, "carol");
	req_finish(&r, SECRET1);
	req_send_from(&r, CLIENT1);
	assert_int_equal(seen.client, 1);
	assert_answer(&r, SECRET1, RAD_DISCONNECT_ACK, 0);
	assert_int_equal(sent_addr, htonl(CLIENT1));
	assert_int_equal(ctr(1, RAD_DAE_ACK), 1);
	assert_int_equal(ctr(0, RAD_DAE_ACK), 0);
	/* Client 1's request from client 0's address: the wrong secret. */
	assert_dropped(&r, CLIENT0, RAD_DAE_BAD_AUTHENTICATOR);
	assert_int_equal(ctr(0, RAD_DAE_BAD_AUTHENTICATOR), 1);
}

/* ---- silent drops ------------------------------------------------------------ */

static void
test_unknown_client(void **state)
{
	struct req r;

	(void)state;
	disconnect_alice(&r, 1);
	assert_dropped(&r, STRANGER, RAD_DAE_UNKNOWN_CLIENT);
	assert_int_equal(last_ev.client, -1);
	assert_int_equal(last_ev.addr, htonl(STRANGER));
	assert_int_equal(last_ev.code, 0);	/* not even parsed */
	assert_int_equal(ctr(0, RAD_DAE_UNKNOWN_CLIENT), 0);
}

static void
test_malformed(void **state)
{
	struct req r;

	(void)state;
	disconnect_alice(&r, 1);
	/* Shorter than its Length field. */
	r.len -= 1;
	assert_dropped(&r, CLIENT0, RAD_DAE_MALFORMED);
	/* Shorter than a header. */
	r.len = RAD_HDR_LEN - 1;
	assert_dropped(&r, CLIENT0, RAD_DAE_MALFORMED);
	/* An attribute running past the end. */
	disconnect_alice(&r, 1);
	r.buf[RAD_HDR_LEN + 1] = 200;
	assert_dropped(&r, CLIENT0, RAD_DAE_MALFORMED);
	assert_int_equal(ctr(0, RAD_DAE_MALFORMED), 3);
}

static void
test_bad_code(void **state)
{
	static const uint8_t auth[RAD_AUTH_LEN] = { 1, 2, 3 };
	struct req r;

	(void)state;
	/* An Access-Request to the DAE port. */
	rad_build_init(&r.b, r.buf, sizeof(r.buf), RAD_ACCESS_REQUEST, 1,
		       auth);
	rad_put_message_authenticator(&r.b);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	req_finish(&r, SECRET0);
	assert_dropped(&r, CLIENT0, RAD_DAE_BAD_CODE);
	assert_int_equal(last_ev.code, RAD_ACCESS_REQUEST);
	/* An Accounting-Request, signed as one. */
	req_start(&r, RAD_ACCOUNTING_REQUEST, 2);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	req_finish(&r, SECRET0);
	assert_dropped(&r, CLIENT0, RAD_DAE_BAD_CODE);
	/* A NAK: answers are not requests. */
	disconnect_alice(&r, 3);
	r.buf[0] = RAD_DISCONNECT_NAK;
	assert_dropped(&r, CLIENT0, RAD_DAE_BAD_CODE);
	assert_int_equal(ctr(0, RAD_DAE_BAD_CODE), 3);
}

static void
test_bad_authenticator(void **state)
{
	struct req r;

	(void)state;
	req_start(&r, RAD_DISCONNECT_REQUEST, 4);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	req_finish(&r, "not the secret");
	assert_dropped(&r, CLIENT0, RAD_DAE_BAD_AUTHENTICATOR);
	/* The right secret, one octet changed after signing. */
	disconnect_alice(&r, 5);
	r.buf[r.len - 1] ^= 1;
	assert_dropped(&r, CLIENT0, RAD_DAE_BAD_AUTHENTICATOR);
	assert_int_equal(ctr(0, RAD_DAE_BAD_AUTHENTICATOR), 2);
}

static void
test_bad_message_authenticator(void **state)
{
	struct req r;

	(void)state;
	disconnect_alice(&r, 6);
	/* The MA's value (first attribute) changed, the authenticator redone:
	 * only the Message-Authenticator is wrong. */
	assert_int_equal(r.buf[RAD_HDR_LEN], RAD_A_MESSAGE_AUTHENTICATOR);
	r.buf[RAD_HDR_LEN + 2] ^= 0x80;
	req_resign(&r, SECRET0);
	assert_dropped(&r, CLIENT0, RAD_DAE_BAD_MA);
	assert_int_equal(ctr(0, RAD_DAE_BAD_MA), 1);
}

static void
test_missing_message_authenticator(void **state)
{
	struct req r;

	(void)state;
	req_start_bare(&r, RAD_DISCONNECT_REQUEST, 8);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	req_finish(&r, SECRET0);
	assert_dropped(&r, CLIENT0, RAD_DAE_MISSING_MA);
	/* Accepted when the configuration allows it. */
	conf.ma_optional = true;
	dae_restart();
	req_send(&r);
	assert_int_equal(nb_handled, 1);
	assert_answer(&r, SECRET0, RAD_DISCONNECT_ACK, 0);
}

/* ---- Event-Timestamp (RFC 5176 §6.4) ----------------------------------------- */

static void
req_with_timestamp(struct req *r, uint8_t id, uint32_t ts)
{
	rad_build_init(&r->b, r->buf, sizeof(r->buf), RAD_DISCONNECT_REQUEST,
		       id, NULL);
	rad_put_message_authenticator(&r->b);
	rad_put_u32(&r->b, RAD_A_EVENT_TIMESTAMP, ts);
	rad_put_str(&r->b, RAD_A_USER_NAME, "alice");
	req_finish(r, SECRET0);
}

static void
test_event_timestamp_window(void **state)
{
	struct req r;

	(void)state;
	/* Default window 300 s: the edges are in, one second past is out. */
	req_with_timestamp(&r, 1, WALL - 300);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_DISCONNECT_ACK, 0);
	req_with_timestamp(&r, 2, WALL + 300);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_DISCONNECT_ACK, 0);
	assert_int_equal(nb_handled, 2);
	req_with_timestamp(&r, 3, WALL - 301);
	assert_dropped(&r, CLIENT0, RAD_DAE_STALE_TIMESTAMP);
	req_with_timestamp(&r, 4, WALL + 301);
	assert_dropped(&r, CLIENT0, RAD_DAE_STALE_TIMESTAMP);
	/* A configured window. */
	conf.window_s = 10;
	dae_restart();
	req_with_timestamp(&r, 5, WALL - 11);
	assert_dropped(&r, CLIENT0, RAD_DAE_STALE_TIMESTAMP);
	req_with_timestamp(&r, 6, WALL - 10);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_DISCONNECT_ACK, 0);
	/* The clock moves: the same request is stale a minute later. */
	wall += 60;
	req_with_timestamp(&r, 7, WALL);
	assert_dropped(&r, CLIENT0, RAD_DAE_STALE_TIMESTAMP);
}

static void
test_event_timestamp_required(void **state)
{
	struct req r;

	(void)state;
	/* Without one: accepted by default... */
	rad_build_init(&r.b, r.buf, sizeof(r.buf), RAD_DISCONNECT_REQUEST, 1,
		       NULL);
	rad_put_message_authenticator(&r.b);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	req_finish(&r, SECRET0);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_DISCONNECT_ACK, 0);
	/* ... dropped when required. */
	conf.require_event_timestamp = true;
	dae_restart();
	assert_dropped(&r, CLIENT0, RAD_DAE_MISSING_TIMESTAMP);
	/* A fresh one passes then too. */
	req_with_timestamp(&r, 2, WALL);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_DISCONNECT_ACK, 0);
}

/* An Event-Timestamp of 3 octets: authentic but malformed, NAK 404. */
static void
test_event_timestamp_malformed(void **state)
{
	struct req r;

	(void)state;
	rad_build_init(&r.b, r.buf, sizeof(r.buf), RAD_DISCONNECT_REQUEST, 1,
		       NULL);
	rad_put_message_authenticator(&r.b);
	rad_put(&r.b, RAD_A_EVENT_TIMESTAMP, "\x01\x02\x03", 3);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	req_finish(&r, SECRET0);
	assert_nak(&r, RAD_EC_INVALID_REQUEST, RAD_DAE_NAK_INVALID_REQUEST);
}

/* ---- duplicates (§2.3) -------------------------------------------------------- */

static void
test_duplicate(void **state)
{
	uint8_t first[RAD_PKT_MAX];
	size_t first_len;
	struct req r;

	(void)state;
	disconnect_alice(&r, 42);
	req_send(&r);
	assert_int_equal(nb_handled, 1);
	memcpy(first, sent, sent_len);
	first_len = sent_len;
	/* The retransmission: the same answer, not acted on again. */
	now_ms += 5000;
	req_send(&r);
	assert_int_equal(nb_handled, 1);
	assert_int_equal(nb_sent, 2);
	assert_int_equal(sent_len, first_len);
	assert_memory_equal(sent, first, first_len);
	assert_int_equal(ctr(0, RAD_DAE_DUPLICATE), 1);
	assert_int_equal(ctr(0, RAD_DAE_DISCONNECT), 1);
	assert_int_equal(ctr(0, RAD_DAE_ACK), 1);
	assert_int_equal(last_ev.what, RAD_DAE_DUPLICATE);
	/* The same Identifier from the other client is another request. */
	req_start(&r, RAD_DISCONNECT_REQUEST, 42);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	req_finish(&r, SECRET1);
	req_send_from(&r, CLIENT1);
	assert_int_equal(nb_handled, 2);
	/* The same Identifier, another request (another authenticator). */
	req_start(&r, RAD_DISCONNECT_REQUEST, 42);
	rad_put_str(&r.b, RAD_A_USER_NAME, "dave");
	req_finish(&r, SECRET0);
	req_send(&r);
	assert_int_equal(nb_handled, 3);
	assert_string_equal(seen.user, "dave");
}

/* A NAK is repeated as a NAK; past the window the request is new. */
static void
test_duplicate_nak_and_expiry(void **state)
{
	struct req r;

	(void)state;
	conf.window_s = 30;
	dae_restart();
	handler_answer = RAD_EC_SESSION_CONTEXT_NOT_FOUND;
	disconnect_alice(&r, 11);
	req_send(&r);
	handler_answer = 0;	/* the session exists now */
	now_ms += 29999;
	req_send(&r);
	assert_int_equal(nb_handled, 1);
	assert_answer(&r, SECRET0, RAD_DISCONNECT_NAK,
		      RAD_EC_SESSION_CONTEXT_NOT_FOUND);
	assert_int_equal(last_ev.what, RAD_DAE_DUPLICATE);
	assert_int_equal(last_ev.error_cause, RAD_EC_SESSION_CONTEXT_NOT_FOUND);
	now_ms += 1;
	req_send(&r);
	assert_int_equal(nb_handled, 2);
	assert_answer(&r, SECRET0, RAD_DISCONNECT_ACK, 0);
}

/* A duplicate whose authenticator is wrong is no duplicate: dropped. */
static void
test_duplicate_needs_authentic(void **state)
{
	struct req r;

	(void)state;
	disconnect_alice(&r, 12);
	req_send(&r);
	r.buf[r.len - 1] ^= 1;	/* same id and authenticator, other octets */
	assert_dropped(&r, CLIENT0, RAD_DAE_BAD_AUTHENTICATOR);
	assert_int_equal(ctr(0, RAD_DAE_DUPLICATE), 0);
}

/* ---- NAKs from the attributes ---------------------------------------------- */

static void
test_nas_mismatch(void **state)
{
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	struct req r;

	(void)state;
	req_start(&r, RAD_DISCONNECT_REQUEST, 1);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	rad_put_ipv4(&r.b, RAD_A_NAS_IP_ADDRESS, htonl(NAS_IP + 1));
	req_finish(&r, SECRET0);
	assert_nak(&r, RAD_EC_NAS_IDENTIFICATION_MISMATCH,
		   RAD_DAE_NAK_NAS_MISMATCH);
	req_start(&r, RAD_COA_REQUEST, 2);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	rad_put_ipv4(&r.b, RAD_A_NAS_IP_ADDRESS, htonl(NAS_IP));
	rad_put_str(&r.b, RAD_A_NAS_IDENTIFIER, "other-lns");
	req_finish(&r, SECRET0);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_COA_NAK,
		      RAD_EC_NAS_IDENTIFICATION_MISMATCH);
	/* A prefix of our name is not our name. */
	req_start(&r, RAD_COA_REQUEST, 3);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	rad_put_str(&r.b, RAD_A_NAS_IDENTIFIER, "lns");
	req_finish(&r, SECRET0);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_COA_NAK,
		      RAD_EC_NAS_IDENTIFICATION_MISMATCH);
	req_start(&r, RAD_DISCONNECT_REQUEST, 4);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	rad_put(&r.b, RAD_A_NAS_IPV6_ADDRESS, v6, sizeof(v6));
	req_finish(&r, SECRET0);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_DISCONNECT_NAK,
		      RAD_EC_NAS_IDENTIFICATION_MISMATCH);
	assert_int_equal(nb_handled, 0);
	assert_int_equal(ctr(0, RAD_DAE_NAK_NAS_MISMATCH), 4);
	/* Both ours: accepted. */
	req_start(&r, RAD_DISCONNECT_REQUEST, 5);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	rad_put_ipv4(&r.b, RAD_A_NAS_IP_ADDRESS, htonl(NAS_IP));
	rad_put_str(&r.b, RAD_A_NAS_IDENTIFIER, NAS_ID);
	req_finish(&r, SECRET0);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_DISCONNECT_ACK, 0);
}

static void
test_unsupported_attribute(void **state)
{
	struct req r;

	(void)state;
	/* A session identification attribute we cannot match on. */
	req_start(&r, RAD_DISCONNECT_REQUEST, 1);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	rad_put_str(&r.b, RAD_A_CALLING_STATION_ID, "0123456789");
	req_finish(&r, SECRET0);
	assert_nak(&r, RAD_EC_UNSUPPORTED_ATTRIBUTE,
		   RAD_DAE_NAK_UNSUPPORTED_ATTRIBUTE);
	/* A change in a Disconnect-Request. */
	req_start(&r, RAD_DISCONNECT_REQUEST, 2);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	rad_put_u32(&r.b, RAD_A_SESSION_TIMEOUT, 10);
	req_finish(&r, SECRET0);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_DISCONNECT_NAK,
		      RAD_EC_UNSUPPORTED_ATTRIBUTE);
	/* A change we do not make. */
	req_start(&r, RAD_COA_REQUEST, 3);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	rad_put_u32(&r.b, RAD_A_FRAMED_MTU, 1400);
	req_finish(&r, SECRET0);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_COA_NAK, RAD_EC_UNSUPPORTED_ATTRIBUTE);
	/* Another vendor's attribute; MikroTik's other attributes. */
	req_start(&r, RAD_COA_REQUEST, 4);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	rad_put_vsa(&r.b, 9, 1, "cisco-avpair", 12);
	req_finish(&r, SECRET0);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_COA_NAK, RAD_EC_UNSUPPORTED_ATTRIBUTE);
	req_start(&r, RAD_COA_REQUEST, 5);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	rad_put_vsa(&r.b, RAD_VENDOR_MIKROTIK, 3, "grp", 3);
	req_finish(&r, SECRET0);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_COA_NAK, RAD_EC_UNSUPPORTED_ATTRIBUTE);
	/* The rate limit in a Disconnect-Request. */
	req_start(&r, RAD_DISCONNECT_REQUEST, 6);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	rad_put_vsa(&r.b, RAD_VENDOR_MIKROTIK, RAD_MIKROTIK_RATE_LIMIT,
		    "1M/1M", 5);
	req_finish(&r, SECRET0);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_DISCONNECT_NAK,
		      RAD_EC_UNSUPPORTED_ATTRIBUTE);
	assert_int_equal(nb_handled, 0);
	assert_int_equal(ctr(0, RAD_DAE_NAK_UNSUPPORTED_ATTRIBUTE), 6);
}

static void
test_unsupported_service(void **state)
{
	struct req r;

	(void)state;
	/* §3.2 Authorize Only: not done. */
	req_start(&r, RAD_COA_REQUEST, 1);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	rad_put_u32(&r.b, RAD_A_SERVICE_TYPE, 17);
	req_finish(&r, SECRET0);
	assert_nak(&r, RAD_EC_UNSUPPORTED_SERVICE,
		   RAD_DAE_NAK_UNSUPPORTED_SERVICE);
}

static void
test_missing_identification(void **state)
{
	struct req r;

	(void)state;
	/* Only our NAS identity: not "every session". */
	req_start(&r, RAD_DISCONNECT_REQUEST, 1);
	rad_put_str(&r.b, RAD_A_NAS_IDENTIFIER, NAS_ID);
	req_finish(&r, SECRET0);
	assert_nak(&r, RAD_EC_MISSING_ATTRIBUTE,
		   RAD_DAE_NAK_MISSING_ATTRIBUTE);
	req_start(&r, RAD_COA_REQUEST, 2);
	rad_put_u32(&r.b, RAD_A_SESSION_TIMEOUT, 10);
	req_finish(&r, SECRET0);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_COA_NAK, RAD_EC_MISSING_ATTRIBUTE);
	assert_int_equal(nb_handled, 0);
}

static void
test_invalid_request(void **state)
{
	struct req r;

	(void)state;
	/* User-Name twice. */
	req_start(&r, RAD_DISCONNECT_REQUEST, 1);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	rad_put_str(&r.b, RAD_A_USER_NAME, "bob");
	req_finish(&r, SECRET0);
	assert_nak(&r, RAD_EC_INVALID_REQUEST, RAD_DAE_NAK_INVALID_REQUEST);
	/* Session-Timeout of 3 octets. */
	req_start(&r, RAD_COA_REQUEST, 2);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	rad_put(&r.b, RAD_A_SESSION_TIMEOUT, "\0\0\x0a", 3);
	req_finish(&r, SECRET0);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_COA_NAK, RAD_EC_INVALID_REQUEST);
	/* Framed-IP-Address of 5 octets. */
	req_start(&r, RAD_DISCONNECT_REQUEST, 3);
	rad_put(&r.b, RAD_A_FRAMED_IP_ADDRESS, "\x64\x40\x01\x02\x00", 5);
	req_finish(&r, SECRET0);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_DISCONNECT_NAK, RAD_EC_INVALID_REQUEST);
	/* Two rate limits; a Vendor-Specific too short for its Vendor-Id. */
	req_start(&r, RAD_COA_REQUEST, 4);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	rad_put_vsa(&r.b, RAD_VENDOR_MIKROTIK, RAD_MIKROTIK_RATE_LIMIT,
		    "1M/1M", 5);
	rad_put_vsa(&r.b, RAD_VENDOR_MIKROTIK, RAD_MIKROTIK_RATE_LIMIT,
		    "2M/2M", 5);
	req_finish(&r, SECRET0);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_COA_NAK, RAD_EC_INVALID_REQUEST);
	req_start(&r, RAD_COA_REQUEST, 5);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	rad_put(&r.b, RAD_A_VENDOR_SPECIFIC, "\0\0\x3a\x8c\x08\x09", 6);
	req_finish(&r, SECRET0);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_COA_NAK, RAD_EC_INVALID_REQUEST);
	/* 404 comes before 403 and 401, whatever their order. */
	req_start(&r, RAD_COA_REQUEST, 6);
	rad_put_str(&r.b, RAD_A_NAS_IDENTIFIER, "other");
	rad_put_u32(&r.b, RAD_A_FRAMED_MTU, 1400);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	req_finish(&r, SECRET0);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_COA_NAK, RAD_EC_INVALID_REQUEST);
	assert_int_equal(nb_handled, 0);
	assert_int_equal(ctr(0, RAD_DAE_NAK_INVALID_REQUEST), 6);
}

/* 403 comes before 401: a request for another NAS is not judged here. */
static void
test_nak_precedence(void **state)
{
	struct req r;

	(void)state;
	req_start(&r, RAD_COA_REQUEST, 1);
	rad_put_u32(&r.b, RAD_A_FRAMED_MTU, 1400);
	rad_put_str(&r.b, RAD_A_NAS_IDENTIFIER, "other");
	req_finish(&r, SECRET0);
	assert_nak(&r, RAD_EC_NAS_IDENTIFICATION_MISMATCH,
		   RAD_DAE_NAK_NAS_MISMATCH);
	/* 401 before 402. */
	req_start(&r, RAD_COA_REQUEST, 2);
	rad_put_u32(&r.b, RAD_A_FRAMED_MTU, 1400);
	req_finish(&r, SECRET0);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_COA_NAK, RAD_EC_UNSUPPORTED_ATTRIBUTE);
}

/* A NUL octet inside a name: the copy would say less, so 407. */
static void
test_nul_in_string(void **state)
{
	struct req r;

	(void)state;
	req_start(&r, RAD_DISCONNECT_REQUEST, 1);
	rad_put(&r.b, RAD_A_USER_NAME, "alice\0evil", 10);
	req_finish(&r, SECRET0);
	assert_nak(&r, RAD_EC_INVALID_ATTRIBUTE_VALUE,
		   RAD_DAE_NAK_INVALID_VALUE);
	req_start(&r, RAD_COA_REQUEST, 2);
	rad_put_str(&r.b, RAD_A_USER_NAME, "alice");
	rad_put_vsa(&r.b, RAD_VENDOR_MIKROTIK, RAD_MIKROTIK_RATE_LIMIT,
		    "1M\0/1M", 6);
	req_finish(&r, SECRET0);
	req_send(&r);
	assert_answer(&r, SECRET0, RAD_COA_NAK, RAD_EC_INVALID_ATTRIBUTE_VALUE);
	assert_int_equal(nb_handled, 0);
}

/* A failed send is counted; the request was still acted on once. */
static void
test_send_error(void **state)
{
	struct req r;

	(void)state;
	send_rc = -ENOBUFS;
	disconnect_alice(&r, 1);
	req_send(&r);
	assert_int_equal(nb_handled, 1);
	assert_int_equal(ctr(0, RAD_DAE_SEND_ERROR), 1);
	assert_int_equal(ctr(0, RAD_DAE_ACK), 1);
	/* The retransmission gets its answer. */
	send_rc = 0;
	req_send(&r);
	assert_int_equal(nb_handled, 1);
	assert_answer(&r, SECRET0, RAD_DISCONNECT_ACK, 0);
}

static void
test_create_errors(void **state)
{
	struct rad_dae_conf c;
	int err;

	(void)state;
	c = conf;
	c.handler = NULL;
	err = 0;
	assert_null(rad_dae_create(&c, &err));
	assert_int_equal(err, -EINVAL);
	c = conf;
	c.nb_clients = 0;
	assert_null(rad_dae_create(&c, &err));
	assert_int_equal(err, -EINVAL);
	c = conf;
	c.clients[1].secret_len = 0;
	assert_null(rad_dae_create(&c, &err));
	assert_int_equal(err, -EINVAL);
	c = conf;
	c.clients[1].addr = c.clients[0].addr;
	assert_null(rad_dae_create(&c, &err));
	assert_int_equal(err, -EINVAL);
	assert_string_equal(rad_dae_ctr_name(RAD_DAE_BAD_MA),
			    "bad_message_authenticator");
	assert_null(rad_dae_ctr_name(RAD_DAE_CTR_MAX));
	assert_null(rad_dae_client_counters(dae, 2));
}

/* ---- a real socket ----------------------------------------------------- */

static void
test_real_socket(void **state)
{
	struct sockaddr_in to = { .sin_family = AF_INET }, me = to;
	struct pollfd pfd;
	struct req r;
	unsigned int n = 0;
	ssize_t got;
	int err = 0, fd, i;

	(void)state;
	rad_dae_free(dae);
	conf.io = NULL;
	conf.addr = htonl(INADDR_LOOPBACK);
	conf.port = 0;
	conf.clients[0].addr = htonl(INADDR_LOOPBACK);
	dae = rad_dae_create(&conf, &err);
	assert_non_null(dae);
	assert_int_not_equal(rad_dae_port(dae), 0);
	assert_int_equal(rad_dae_poll(dae, now_ms), 0);	/* nothing yet */
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(fd >= 0);
	me.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&me, sizeof(me)), 0);
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	to.sin_port = htons(rad_dae_port(dae));
	disconnect_alice(&r, 77);
	assert_int_equal(sendto(fd, r.buf, (size_t)r.len, 0,
				(struct sockaddr *)&to, sizeof(to)), r.len);
	for (i = 0; i < 100 && n == 0; i++) {
		n = rad_dae_poll(dae, now_ms);
		if (n == 0)
			usleep(10000);
	}
	assert_int_equal(n, 1);
	assert_int_equal(nb_handled, 1);
	pfd.fd = fd;
	pfd.events = POLLIN;
	assert_int_equal(poll(&pfd, 1, 2000), 1);
	got = recv(fd, sent, sizeof(sent), 0);
	assert_true(got > 0);
	sent_len = (size_t)got;
	assert_answer(&r, SECRET0, RAD_DISCONNECT_ACK, 0);
	close(fd);
	/* The port is taken while the server lives. */
	conf.port = rad_dae_port(dae);
	assert_null(rad_dae_create(&conf, &err));
	assert_int_equal(err, -EADDRINUSE);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_disconnect_by_user),
		T(test_disconnect_by_session_and_address),
		T(test_coa_changes),
		T(test_handler_nak),
		T(test_proxy_state_echoed),
		T(test_empty_proxy_state),
		T(test_second_client),
		T(test_unknown_client),
		T(test_malformed),
		T(test_bad_code),
		T(test_bad_authenticator),
		T(test_bad_message_authenticator),
		T(test_missing_message_authenticator),
		T(test_event_timestamp_window),
		T(test_event_timestamp_required),
		T(test_event_timestamp_malformed),
		T(test_duplicate),
		T(test_duplicate_nak_and_expiry),
		T(test_duplicate_needs_authentic),
		T(test_nas_mismatch),
		T(test_unsupported_attribute),
		T(test_unsupported_service),
		T(test_missing_identification),
		T(test_invalid_request),
		T(test_nak_precedence),
		T(test_nul_in_string),
		T(test_send_error),
		T(test_create_errors),
		T(test_real_socket),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
