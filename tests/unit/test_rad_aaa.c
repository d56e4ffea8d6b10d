/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests for the RADIUS backend of the AAA seam (rad_aaa.h): what
 * goes into Access-Requests for PAP, CHAP-MD5 and MS-CHAPv2, how an
 * Access-Accept becomes the session's authorisation, and durable
 * accounting (spooled, acknowledged, requeued on silence, Gigawords).
 * Transport: the client's test hook (no sockets); the spool is real, in
 * a temporary directory.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "aaa.h"
#include "rad_aaa.h"

#define SECRET "s3cret"
#define SRV_ADDR 0x0100007f	/* 127.0.0.1, network order */
#define AUTH_PORT 1812
#define ACCT_PORT 1813
#define u8(s) ((const uint8_t *)(s))

struct sent_pkt {
	uint8_t buf[RAD_PKT_MAX];
	size_t len;
	unsigned int sock;
	bool acct;
};

static struct sent_pkt sent[64];
static unsigned int nb_sent;
static uint64_t now_ms, wall = 1700000000;
static struct rad_aaa *ra;
static struct aaa *a;
static char spool_dir[64];
static int done_calls;
static struct aaa_result last;

static int
fake_send(void *ctx, unsigned int sock, const struct rad_server *srv,
	  const uint8_t *buf, size_t len)
{
	struct sent_pkt *p = &sent[nb_sent++ % 64];

	memcpy(p->buf, buf, len);
	p->len = len;
	p->sock = sock;
	p->acct = rad_server_conf(srv)->port == ACCT_PORT;
	return 0;
}

static const struct rad_io fake_io = { .send = fake_send };

static uint64_t
fake_wall(void)
{
	return wall;
}

static void
done(void *arg, const struct aaa_result *r)
{
	done_calls++;
	last = *r;
}

static void
server(struct rad_server_conf *s, uint16_t port)
{
	s->addr = SRV_ADDR;
	s->port = port;
	memcpy(s->secret, SECRET, strlen(SECRET));
	s->secret_len = strlen(SECRET);
	s->timeout_ms = 100;
	s->retries = 1;
	s->require_ma = true;
}

static int
setup_retry(uint32_t acct_retry_ms)
{
	struct rad_aaa_conf c = { 0 };
	struct aaa_realm_conf rc = { .name = "", .backend = "radius" };
	int err;

	snprintf(spool_dir, sizeof(spool_dir), "/tmp/test_rad_aaa.XXXXXX");
	if (mkdtemp(spool_dir) == NULL)
		return -1;
	c.auth.nb_servers = 1;
	server(&c.auth.servers[0], AUTH_PORT);
	c.auth.io = &fake_io;
	c.acct.nb_servers = 1;
	server(&c.acct.servers[0], ACCT_PORT);
	c.acct.servers[0].require_ma = false;
	c.acct.io = &fake_io;
	snprintf(c.nas_identifier, sizeof(c.nas_identifier), "lns-test");
	c.nas_ip = 0x0101a8c0;
	c.auth_timeout_ms = 1000;
	c.send_tunnel_attributes = true;
	c.send_station_ids = true;
	c.send_connect_info = true;
	c.spool.dir = spool_dir;
	c.spool.sync_inline = true;
	c.acct_in_flight = 4;
	c.acct_retry_ms = acct_retry_ms;
	c.acct_timeout_ms = 300;
	c.wall_s = fake_wall;
	ra = rad_aaa_create(&c, &err);
	if (ra == NULL)
		return -1;
	a = aaa_create();
	if (aaa_add_backend(a, &rad_aaa_ops, ra) != 0 ||
	    aaa_add_realm(a, &rc) != 0)
		return -1;
	nb_sent = 0;
	done_calls = 0;
	now_ms = 1000;
	return 0;
}

static int
setup(void **state)
{
	return setup_retry(1000);
}

/* A pause after a failure shorter than a record's time in flight. */
static int
setup_short_retry(void **state)
{
	return setup_retry(100);
}

static int
teardown(void **state)
{
	char cmd[128];

	aaa_free(a);
	rad_aaa_free(ra, 0);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", spool_dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* The value of the first attribute type of p ("" when absent). */
static size_t
attr(const struct rad_pkt *p, uint8_t type, const uint8_t **v)
{
	size_t len = 0;

	if (rad_attr_find(p, type, v, &len) != 0)
		return 0;
	return len;
}

static const struct sent_pkt *
last_sent(void)
{
	assert_true(nb_sent > 0);
	return &sent[(nb_sent - 1) % 64];
}

/* Answer the last request with code and attributes put by fill(). */
static void
answer(uint8_t code, void (*fill)(struct rad_builder *))
{
	const struct sent_pkt *q = last_sent();
	uint8_t buf[RAD_PKT_MAX];
	struct rad_builder b;
	struct rad_pkt req;
	int n;

	assert_int_equal(rad_parse(&req, q->buf, q->len), 0);
	rad_build_init(&b, buf, sizeof(buf), code, req.id, NULL);
	rad_put_message_authenticator(&b);
	if (fill != NULL)
		fill(&b);
	n = rad_finish_response(&b, req.auth, u8(SECRET), strlen(SECRET));
	assert_true(n > 0);
	rad_client_input(q->acct ? rad_aaa_acct_client(ra) :
			 rad_aaa_auth_client(ra), q->sock, SRV_ADDR,
			 q->acct ? ACCT_PORT : AUTH_PORT, buf, (size_t)n,
			 now_ms);
}

static const struct aaa_call call = {
	.session_id = "00000000abc00000001",
	.nas_port = 0x10002,
	.lac_addr = 0x0200000a,
	.lns_addr = 0x0100000a,
	.tunnel_id = 1,
	.session_id_l2tp = 2,
	.connect_speed = 100000000,
	.calling = "0123456789",
	.called = "lns",
	.lac_name = "lac1",
};

static void
fill_accept(struct rad_builder *b)
{
	static const uint8_t v6[] = { 0, 64, 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0 };
	static const uint8_t pd[] = { 0, 56, 0x20, 0x01, 0x0d, 0xb8, 0xff, 0, 0 };

	rad_put_u32(b, RAD_A_FRAMED_IP_ADDRESS, 0x64400909);
	rad_put_str(b, RAD_A_FRAMED_POOL, "gold");
	rad_put_u32(b, RAD_A_SESSION_TIMEOUT, 3600);
	rad_put_u32(b, RAD_A_IDLE_TIMEOUT, 300);
	rad_put_u32(b, RAD_A_ACCT_INTERIM_INTERVAL, 30);
	rad_put_u32(b, RAD_A_FRAMED_MTU, 1492);
	rad_put_str(b, RAD_A_CLASS, "billing-42");
	rad_put_str(b, RAD_A_CLASS, "second");
	rad_put_str(b, RAD_A_REPLY_MESSAGE, "Hello ");
	rad_put_str(b, RAD_A_REPLY_MESSAGE, "there");
	rad_put_str(b, RAD_A_FRAMED_ROUTE, "192.0.2.0/24 0.0.0.0 1");
	rad_put_str(b, RAD_A_FILTER_ID, "plan-50");
	rad_put(b, RAD_A_FRAMED_IPV6_PREFIX, v6, sizeof(v6));
	rad_put(b, RAD_A_DELEGATED_IPV6_PREFIX, pd, sizeof(pd));
	rad_put_str(b, RAD_A_FRAMED_IPV6_ROUTE, "2001:db8:700::/48 :: 1");
	rad_put(b, RAD_A_FRAMED_IPV6_ADDRESS,
		"\x20\x01\x0d\xb8\x08\x00\0\0\0\0\0\0\0\0\0\x42", 16);
	rad_put_str(b, RAD_A_FRAMED_IPV6_POOL, "wan64");
	rad_put_str(b, RAD_A_DELEGATED_IPV6_PREFIX_POOL, "lan56");
	rad_put_vsa(b, 14988, 8, "10M/50M", 7);
	rad_put_vsa(b, RAD_VENDOR_MICROSOFT, RAD_MS_PRIMARY_DNS_SERVER,
		    "\x08\x08\x08\x08", 4);
}

/* PAP: the hidden password, NAS and tunnel attributes; the accept. */
static void
test_pap_accept(void **state)
{
	struct aaa_auth_req req = { .method = AAA_PAP, .user = u8("alice"),
	    .user_len = 5, .password = u8("wonderland"), .password_len = 10,
	    .call = &call };
	uint8_t pw[130];
	const uint8_t *v;
	struct aaa_req *h;
	struct rad_pkt p;
	uint32_t u;

	assert_int_equal(aaa_authenticate(a, &req, done, NULL, &h, now_ms), 0);
	aaa_poll(a, now_ms);
	assert_int_equal(nb_sent, 1);
	assert_int_equal(rad_parse(&p, last_sent()->buf, last_sent()->len), 0);
	assert_int_equal(p.code, RAD_ACCESS_REQUEST);
	assert_true(p.has_ma);
	assert_int_equal(attr(&p, RAD_A_USER_NAME, &v), 5);
	assert_memory_equal(v, "alice", 5);
	assert_int_equal(attr(&p, RAD_A_USER_PASSWORD, &v), 16);
	assert_int_equal(rad_user_password_decode(v, 16, p.auth, u8(SECRET),
						  strlen(SECRET), pw,
						  sizeof(pw)), 10);
	assert_memory_equal(pw, "wonderland", 10);
	assert_int_equal(attr(&p, RAD_A_NAS_PORT, &v), 4);
	rad_val_u32(v, 4, &u);
	assert_int_equal(u, 0x10002);
	assert_int_equal(attr(&p, RAD_A_NAS_IDENTIFIER, &v), 8);
	assert_int_equal(attr(&p, RAD_A_ACCT_SESSION_ID, &v),
			 strlen(call.session_id));
	assert_int_equal(attr(&p, RAD_A_CALLING_STATION_ID, &v), 10);
	assert_int_equal(attr(&p, RAD_A_CONNECT_INFO, &v), 9);
	assert_memory_equal(v, "100000000", 9);
	/* RFC 2868: tag 1, L2TP over IPv4, the endpoints as text. */
	assert_int_equal(attr(&p, RAD_A_TUNNEL_TYPE, &v), 4);
	assert_memory_equal(v, "\x01\x00\x00\x03", 4);
	assert_int_equal(attr(&p, RAD_A_TUNNEL_CLIENT_ENDPOINT, &v), 9);
	assert_memory_equal(v, "\x01" "10.0.0.2", 9);
	assert_int_equal(attr(&p, RAD_A_TUNNEL_CLIENT_AUTH_ID, &v), 5);
	assert_int_equal(attr(&p, RAD_A_TUNNEL_ASSIGNMENT_ID, &v), 2);

	answer(RAD_ACCESS_ACCEPT, fill_accept);
	aaa_poll(a, now_ms);
	assert_int_equal(done_calls, 1);
	assert_int_equal(last.status, 0);
	assert_string_equal(last.backend, "radius");
	assert_int_equal(last.attrs.framed_ip, 0x64400909);
	assert_string_equal(last.attrs.pool, "gold");
	assert_int_equal(last.attrs.session_timeout, 3600);
	assert_int_equal(last.attrs.idle_timeout, 300);
	assert_int_equal(last.attrs.interim_interval, 60);	/* clamped */
	assert_int_equal(last.attrs.framed_mtu, 1492);
	assert_int_equal(last.attrs.class_len, 10);
	assert_memory_equal(last.attrs.class, "billing-42", 10);
	assert_string_equal(last.message, "Hello there");
	assert_int_equal(last.attrs.nb_routes, 1);
	assert_int_equal(last.attrs.routes[0].prefix, 0xc0000200);
	assert_int_equal(last.attrs.routes[0].len, 24);
	assert_string_equal(last.attrs.filter_id, "plan-50");
	assert_string_equal(last.attrs.rate_limit, "10M/50M");
	assert_int_equal(last.attrs.ipv6_prefix_len, 64);
	assert_memory_equal(last.attrs.ipv6_prefix,
			    "\x20\x01\x0d\xb8\x00\x01\x00\x00", 8);
	assert_int_equal(last.attrs.delegated_prefix_len, 56);
	/* Framed-IPv6-Route: its prefix (gateway and metric ignored). */
	assert_int_equal(last.attrs.nb_routes6, 1);
	assert_int_equal(last.attrs.routes6[0].len, 48);
	assert_int_equal(last.attrs.routes6[0].prefix[5], 0x00);
	assert_int_equal(last.attrs.routes6[0].prefix[4], 0x07);
	assert_true(last.attrs.has_ipv6_address);
	assert_int_equal(last.attrs.ipv6_address[15], 0x42);
	assert_string_equal(last.attrs.pool6, "wan64");
	assert_string_equal(last.attrs.pd_pool, "lan56");
	assert_int_equal(last.attrs.dns[0], 0x08080808);
	assert_int_equal(rad_aaa_stats(ra)->accepts, 1);
}

static void
fill_pool_marker(struct rad_builder *b)
{
	rad_put_u32(b, RAD_A_FRAMED_IP_ADDRESS, 0xfffffffe);
}

static void
fill_bad_ip(struct rad_builder *b)
{
	rad_put(b, RAD_A_FRAMED_IP_ADDRESS, "\x01\x02\x03", 3);
}

static void
fill_reject(struct rad_builder *b)
{
	rad_put_str(b, RAD_A_REPLY_MESSAGE, "Account expired");
}

/* CHAP-MD5: CHAP-Password and CHAP-Challenge; pool marker; reject. */
static void
test_chap_and_reject(void **state)
{
	uint8_t chal[16], resp[16];
	struct ppp_chap_response r = { .algo = PPP_CHAP_MD5, .id = 9,
	    .challenge = chal, .challenge_len = 16, .value = resp,
	    .value_len = 16, .name = u8("bob"), .name_len = 3 };
	struct aaa_auth_req req = { .method = AAA_CHAP_MD5, .user = u8("bob"),
	    .user_len = 3, .chap = &r, .call = &call };
	const uint8_t *v;
	struct aaa_req *h;
	struct rad_pkt p;

	memset(chal, 0x11, sizeof(chal));
	memset(resp, 0x22, sizeof(resp));
	aaa_authenticate(a, &req, done, NULL, &h, now_ms);
	aaa_poll(a, now_ms);
	assert_int_equal(rad_parse(&p, last_sent()->buf, last_sent()->len), 0);
	assert_int_equal(attr(&p, RAD_A_CHAP_PASSWORD, &v), 17);
	assert_int_equal(v[0], 9);
	assert_memory_equal(v + 1, resp, 16);
	assert_int_equal(attr(&p, RAD_A_CHAP_CHALLENGE, &v), 16);
	assert_memory_equal(v, chal, 16);
	assert_int_equal(attr(&p, RAD_A_USER_PASSWORD, &v), 0);
	answer(RAD_ACCESS_ACCEPT, fill_pool_marker);
	aaa_poll(a, now_ms);
	assert_int_equal(last.status, 0);
	assert_int_equal(last.attrs.framed_ip, AAA_IP_POOL);

	aaa_authenticate(a, &req, done, NULL, &h, now_ms);
	aaa_poll(a, now_ms);
	answer(RAD_ACCESS_REJECT, fill_reject);
	aaa_poll(a, now_ms);
	assert_int_equal(last.status, -EACCES);
	assert_string_equal(last.message, "Account expired");

	/* A malformed attribute in an accept: refused, counted. */
	aaa_authenticate(a, &req, done, NULL, &h, now_ms);
	aaa_poll(a, now_ms);
	answer(RAD_ACCESS_ACCEPT, fill_bad_ip);
	aaa_poll(a, now_ms);
	assert_int_equal(last.status, -EACCES);
	assert_int_equal(rad_aaa_stats(ra)->bad_accept, 1);
}

/* MS-CHAPv2: RFC 2548 attributes from the RFC 2759 Response layout. */
static void
test_mschapv2(void **state)
{
	uint8_t chal[16], value[49];
	struct ppp_chap_response r = { .algo = PPP_CHAP_MSCHAPV2, .id = 0x42,
	    .challenge = chal, .challenge_len = 16, .value = value,
	    .value_len = 49, .name = u8("carol"), .name_len = 5 };
	struct aaa_auth_req req = { .method = AAA_MSCHAPV2,
	    .user = u8("carol"), .user_len = 5, .chap = &r, .call = &call };
	const uint8_t *v, *vv;
	struct rad_attr_iter it;
	struct aaa_req *h;
	struct rad_pkt p;
	unsigned int seen = 0;
	uint32_t vendor;
	uint8_t type, vt;
	size_t len, vl;
	int i;

	for (i = 0; i < 16; i++)
		chal[i] = (uint8_t)i;
	for (i = 0; i < 49; i++)
		value[i] = (uint8_t)(0x80 + i);
	aaa_authenticate(a, &req, done, NULL, &h, now_ms);
	aaa_poll(a, now_ms);
	assert_int_equal(rad_parse(&p, last_sent()->buf, last_sent()->len), 0);
	rad_attr_iter_init(&it, &p);
	while (rad_attr_next(&it, &type, &v, &len)) {
		if (type != RAD_A_VENDOR_SPECIFIC)
			continue;
		assert_int_equal(rad_vsa_parse(v, len, &vendor, &vt, &vv, &vl), 0);
		assert_int_equal(vendor, RAD_VENDOR_MICROSOFT);
		if (vt == RAD_MS_CHAP_CHALLENGE) {
			assert_int_equal(vl, 16);
			assert_memory_equal(vv, chal, 16);
			seen |= 1;
		} else if (vt == RAD_MS_CHAP2_RESPONSE) {
			/* Ident, Flags, Peer-Challenge, Reserved, Response. */
			assert_int_equal(vl, 50);
			assert_int_equal(vv[0], 0x42);
			assert_int_equal(vv[1], value[48]);
			assert_memory_equal(vv + 2, value, 16);
			assert_memory_equal(vv + 26, value + 24, 24);
			seen |= 2;
		}
	}
	assert_int_equal(seen, 3);
}

static void
fill_mschap_success(struct rad_builder *b)
{
	uint8_t v[43];

	v[0] = 0x42;
	memcpy(v + 1, "S=0123456789ABCDEF0123456789ABCDEF01234567", 42);
	rad_put_vsa(b, RAD_VENDOR_MICROSOFT, RAD_MS_CHAP2_SUCCESS, v, 43);
}

static void
test_mschapv2_success(void **state)
{
	uint8_t chal[16] = { 0 }, value[49] = { 0 };
	struct ppp_chap_response r = { .algo = PPP_CHAP_MSCHAPV2, .id = 0x42,
	    .challenge = chal, .challenge_len = 16, .value = value,
	    .value_len = 49, .name = u8("carol"), .name_len = 5 };
	struct aaa_auth_req req = { .method = AAA_MSCHAPV2,
	    .user = u8("carol"), .user_len = 5, .chap = &r, .call = &call };
	struct aaa_req *h;

	aaa_authenticate(a, &req, done, NULL, &h, now_ms);
	aaa_poll(a, now_ms);
	answer(RAD_ACCESS_ACCEPT, fill_mschap_success);
	aaa_poll(a, now_ms);
	assert_int_equal(last.status, 0);
	assert_string_equal(last.mschap2_success,
			    "S=0123456789ABCDEF0123456789ABCDEF01234567");
}

/* No answer at all: the request ends unavailable within its deadline. */
static void
test_auth_timeout(void **state)
{
	struct aaa_auth_req req = { .method = AAA_PAP, .user = u8("dave"),
	    .user_len = 4, .password = u8("x"), .password_len = 1,
	    .call = &call };
	struct aaa_req *h;

	aaa_authenticate(a, &req, done, NULL, &h, now_ms);
	for (; now_ms < 2100 && done_calls == 0; now_ms += 10)
		aaa_poll(a, now_ms);
	assert_int_equal(done_calls, 1);
	assert_int_equal(last.status, -ETIMEDOUT);
	assert_true(now_ms <= 1000 + 1000 + 20);
	assert_int_equal(rad_aaa_stats(ra)->unavailable, 1);
}

static void
acct_rec(struct aaa_acct_rec *rec, enum aaa_acct_type type)
{
	*rec = (struct aaa_acct_rec){ .type = type, .user = "alice",
	    .call = &call, .framed_ip = 0x64400909, .event_time = wall,
	    .session_time = 42, .in_octets = (5ULL << 32) + 7,
	    .out_octets = 1000, .in_packets = 10, .out_packets = 20,
	    .cause = AAA_TERM_ADMIN_RESET, .class = u8("billing-42"),
	    .class_len = 10, .radius_authentic = true };
}

static uint32_t
attr_u32(const struct rad_pkt *p, uint8_t type)
{
	const uint8_t *v;
	uint32_t u = 0xdeadbeef;

	if (attr(p, type, &v) == 4)
		rad_val_u32(v, 4, &u);
	return u;
}

/* Start and Stop: spooled, sent, acknowledged; Gigawords; the cause. */
static void
test_acct_stop_gigawords(void **state)
{
	struct aaa_acct_rec rec;
	const uint8_t *v;
	struct rad_pkt p;

	acct_rec(&rec, AAA_ACCT_STOP);
	wall += 3;	/* sent 3 s after the event */
	aaa_acct(a, &rec, now_ms);
	assert_int_equal(nb_sent, 1);
	assert_true(last_sent()->acct);
	assert_int_equal(rad_parse(&p, last_sent()->buf, last_sent()->len), 0);
	assert_int_equal(p.code, RAD_ACCOUNTING_REQUEST);
	assert_int_equal(rad_verify_request(&p, u8(SECRET), strlen(SECRET),
					    false), 0);
	assert_int_equal(attr_u32(&p, RAD_A_ACCT_STATUS_TYPE), RAD_ACCT_STOP);
	assert_int_equal(attr_u32(&p, RAD_A_ACCT_INPUT_OCTETS), 7);
	assert_int_equal(attr_u32(&p, RAD_A_ACCT_INPUT_GIGAWORDS), 5);
	assert_int_equal(attr_u32(&p, RAD_A_ACCT_OUTPUT_OCTETS), 1000);
	assert_int_equal(attr(&p, RAD_A_ACCT_OUTPUT_GIGAWORDS, &v), 0);
	assert_int_equal(attr_u32(&p, RAD_A_ACCT_SESSION_TIME), 42);
	assert_int_equal(attr_u32(&p, RAD_A_ACCT_TERMINATE_CAUSE),
			 RAD_TC_ADMIN_RESET);
	assert_int_equal(attr_u32(&p, RAD_A_ACCT_DELAY_TIME), 3);
	assert_int_equal(attr_u32(&p, RAD_A_ACCT_AUTHENTIC),
			 RAD_ACCT_AUTHENTIC_RADIUS);
	assert_int_equal(attr(&p, RAD_A_CLASS, &v), 10);
	assert_int_equal(rad_aaa_stats(ra)->acct_spooled, 1);
	answer(RAD_ACCOUNTING_RESPONSE, NULL);
	assert_int_equal(rad_aaa_stats(ra)->acct_acked, 1);
	assert_int_equal(rad_spool_stats(rad_aaa_spool(ra))->pending_records,
			 0);
}

/* Silence: the record goes back to the spool and is sent again later. */
static void
test_acct_requeue(void **state)
{
	struct aaa_acct_rec rec;
	unsigned int before;

	acct_rec(&rec, AAA_ACCT_START);
	aaa_acct(a, &rec, now_ms);
	assert_int_equal(nb_sent, 1);
	/* The server never answers: retransmission, then the deadline. */
	for (; now_ms < 1400; now_ms += 10)
		aaa_poll(a, now_ms);
	assert_int_equal(rad_aaa_stats(ra)->acct_failed, 1);
	assert_int_equal(rad_spool_stats(rad_aaa_spool(ra))->pending_records,
			 1);
	before = nb_sent;
	/* Paused for retry_ms: nothing sent meanwhile. */
	for (; now_ms < 2200; now_ms += 10)
		aaa_poll(a, now_ms);
	assert_int_equal(nb_sent, before);
	for (; now_ms < 2500; now_ms += 10)
		aaa_poll(a, now_ms);
	assert_true(nb_sent > before);
	answer(RAD_ACCOUNTING_RESPONSE, NULL);
	assert_int_equal(rad_aaa_stats(ra)->acct_acked, 1);
	assert_int_equal(rad_spool_stats(rad_aaa_spool(ra))->pending_records,
			 0);
}

/* The Acct-Session-Id of a sent Accounting-Request ("" when absent). */
static const char *
sent_session_id(const struct sent_pkt *q, char *buf, size_t cap)
{
	const uint8_t *v;
	struct rad_pkt p;
	size_t n;

	assert_int_equal(rad_parse(&p, q->buf, q->len), 0);
	n = attr(&p, RAD_A_ACCT_SESSION_ID, &v);
	assert_true(n < cap);
	memcpy(buf, v, n);
	buf[n] = '\0';
	return buf;
}

/*
 * Records sent at different moments fail at different moments, and with
 * a pause shorter than their time in flight their retries would stay
 * out of step: a server back after an outage would get whichever came
 * round first. So after a failure nothing goes out until every record in
 * flight is done; then the oldest goes alone, and the others follow once
 * a server answered it, in the order they were written.
 */
static void
test_acct_resume_in_order(void **state)
{
	static const char *const ids[] = { "s1", "s2", "s3" };
	struct aaa_call c[3];
	struct aaa_acct_rec rec;
	unsigned int i, before;
	char id[32];

	for (i = 0; i < 3; i++) {
		c[i] = call;
		snprintf(c[i].session_id, sizeof(c[i].session_id), "%s",
			 ids[i]);
	}
	acct_rec(&rec, AAA_ACCT_START);
	rec.call = &c[0];
	aaa_acct(a, &rec, now_ms);		/* s1 at 1000 */
	for (; now_ms < 1200; now_ms += 10)
		aaa_poll(a, now_ms);
	rec.call = &c[1];
	aaa_acct(a, &rec, now_ms);		/* s2 at 1200 */
	assert_int_equal(nb_sent, 3);		/* s1 twice, s2 */
	/* s1 gives up at 1300 (pause to 1400), s2 at 1500 (to 1600). */
	for (; now_ms < 1400; now_ms += 10)
		aaa_poll(a, now_ms);
	assert_int_equal(rad_aaa_stats(ra)->acct_failed, 1);
	rec.call = &c[2];
	aaa_acct(a, &rec, now_ms);		/* s3 written meanwhile */
	before = nb_sent;
	/* s1 is not sent again while s2 is in flight. */
	for (; now_ms < 1600; now_ms += 10)
		aaa_poll(a, now_ms);
	assert_int_equal(rad_aaa_stats(ra)->acct_failed, 2);
	assert_int_equal(nb_sent, before);
	assert_int_equal(rad_aaa_stats(ra)->acct_in_flight, 0);
	/* Then s1 alone, whatever else is waiting. */
	for (; now_ms < 1650; now_ms += 10)
		aaa_poll(a, now_ms);
	assert_int_equal(nb_sent, before + 1);
	assert_string_equal(sent_session_id(last_sent(), id, sizeof(id)),
			    "s1");
	assert_int_equal(rad_aaa_stats(ra)->acct_in_flight, 1);
	/* The server is back: s1 answered, then s2 and s3, in order. */
	answer(RAD_ACCOUNTING_RESPONSE, NULL);
	aaa_poll(a, now_ms);
	assert_int_equal(nb_sent, before + 3);
	assert_string_equal(sent_session_id(&sent[(nb_sent - 2) % 64], id,
					    sizeof(id)), "s2");
	assert_string_equal(sent_session_id(last_sent(), id, sizeof(id)),
			    "s3");
	answer(RAD_ACCOUNTING_RESPONSE, NULL);
	assert_int_equal(rad_aaa_stats(ra)->acct_acked, 2);
}

/* Interims are not spooled: a lost one is counted, not retried. */
static void
test_interim_not_spooled(void **state)
{
	struct aaa_acct_rec rec;

	acct_rec(&rec, AAA_ACCT_INTERIM);
	aaa_acct(a, &rec, now_ms);
	assert_int_equal(nb_sent, 1);
	assert_int_equal(rad_aaa_stats(ra)->acct_spooled, 0);
	for (; now_ms < 2000; now_ms += 10)
		aaa_poll(a, now_ms);
	assert_int_equal(rad_aaa_stats(ra)->interim_lost, 1);
	assert_int_equal(rad_aaa_stats(ra)->acct_in_flight, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pap_accept, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_chap_and_reject, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_mschapv2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mschapv2_success, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_auth_timeout, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_acct_stop_gigawords,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_acct_requeue, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_acct_resume_in_order,
						setup_short_retry, teardown),
		cmocka_unit_test_setup_teardown(test_interim_not_spooled,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
