/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests for the RADIUS packet codec (control/radius/rad_codec.h),
 * against the RFC examples and the FreeRADIUS packets of
 * rad_test_vectors.h (where they come from is said there), byte for byte.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>
#include <nettle/md5.h>

#include "lns_bytes.h"
#include "rad_codec.h"
#include "rad_test_vectors.h"

#define RFC_SECRET	RAD_TV_RFC_SECRET
#define FR_SECRET	RAD_TV_FR_SECRET
#define SEC(s)		(const uint8_t *)(s), strlen(s)

/* Attribute types of the RFC examples that rad_codec.h has no name for. */
#define A_FRAMED_ROUTING	10
#define A_FRAMED_COMPRESSION	13
#define A_LOGIN_IP_HOST		14
#define A_LOGIN_SERVICE		15

#define RAD_PW_OUT		160	/* room for any revealed password */

struct vec {
	uint8_t b[RAD_PKT_MAX + 64];
	size_t n;
};

/* Load a reference packet. */
static void
vec_load(struct vec *v, const char *hex)
{
	int n = rad_tv_unhex(hex, v->b, sizeof(v->b));

	assert_true(n >= RAD_HDR_LEN);
	v->n = (size_t)n;
}

static uint32_t
ip4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	return htonl((uint32_t)a << 24 | (uint32_t)b << 16 |
		(uint32_t)c << 8 | d);
}

static void
assert_built(const uint8_t *buf, int n, const struct vec *want)
{
	assert_int_equal(n, (int)want->n);
	assert_memory_equal(buf, want->b, want->n);
}

/*
 * The test's own RFC 2865 §3 / RFC 2866 §3 formula, independent of the
 * codec: set the authenticator field of pkt to MD5(Code+Id+Length + auth
 * + Attributes + secret). Used to forge packets whose authenticator is
 * right but whose Message-Authenticator is not.
 */
static void
resign(uint8_t *pkt, size_t len, const uint8_t *auth, const char *secret)
{
	struct md5_ctx c;
	uint8_t a[RAD_AUTH_LEN];

	memcpy(a, auth, RAD_AUTH_LEN);
	md5_init(&c);
	md5_update(&c, 4, pkt);
	md5_update(&c, RAD_AUTH_LEN, a);
	md5_update(&c, len - RAD_HDR_LEN, pkt + RAD_HDR_LEN);
	md5_update(&c, strlen(secret), (const uint8_t *)secret);
	md5_digest(&c, RAD_AUTH_LEN, pkt + 4);
}

/* Every attribute of p passes the dictionary's value check. */
static unsigned int
assert_attrs_valid(const struct rad_pkt *p)
{
	struct rad_attr_iter it;
	const uint8_t *val;
	unsigned int n = 0;
	uint8_t type;
	size_t len;

	rad_attr_iter_init(&it, p);
	while (rad_attr_next(&it, &type, &val, &len)) {
		assert_int_equal(rad_attr_check(type, val, len), 0);
		n++;
	}
	return n;
}

static uint32_t
find_u32(const struct rad_pkt *p, uint8_t type)
{
	const uint8_t *val;
	uint32_t v;
	size_t len;

	assert_int_equal(rad_attr_find(p, type, &val, &len), 0);
	assert_int_equal(rad_val_u32(val, len, &v), 0);
	return v;
}

/* ---- RFC 2865 §7 ----------------------------------------------------- */

static void
test_rfc2865_pap(void **state)
{
	struct vec req, acc;
	struct rad_builder b;
	struct rad_pkt p, r;
	uint8_t buf[RAD_PKT_MAX], pw[RAD_PW_OUT];
	const uint8_t *val;
	size_t len;
	int n;

	vec_load(&req, rfc2865_pap_req);
	vec_load(&acc, rfc2865_pap_accept);

	/* The Access-Request, built from its attributes. */
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCESS_REQUEST, 0, req.b + 4);
	rad_put_str(&b, RAD_A_USER_NAME, "nemo");
	rad_put_user_password(&b, (const uint8_t *)"arctangent", 10,
		SEC(RFC_SECRET));
	rad_put_ipv4(&b, RAD_A_NAS_IP_ADDRESS, ip4(192, 168, 1, 16));
	rad_put_u32(&b, RAD_A_NAS_PORT, 3);
	n = rad_finish_request(&b, SEC(RFC_SECRET));
	assert_built(buf, n, &req);

	/* Parsed back: the password revealed, every value valid. */
	assert_int_equal(rad_parse(&p, req.b, req.n), 0);
	assert_int_equal(p.code, RAD_ACCESS_REQUEST);
	assert_int_equal(p.id, 0);
	assert_int_equal(p.len, 56);
	assert_false(p.has_ma);
	assert_int_equal(assert_attrs_valid(&p), 4);
	assert_int_equal(rad_attr_find(&p, RAD_A_USER_PASSWORD, &val, &len), 0);
	assert_int_equal(len, 16);
	n = rad_user_password_decode(val, len, p.auth, SEC(RFC_SECRET), pw,
		sizeof(pw));
	assert_int_equal(n, 10);
	assert_memory_equal(pw, "arctangent", 10);
	assert_int_equal(find_u32(&p, RAD_A_NAS_PORT), 3);
	/* Nothing to check in a request with a random authenticator and no
	 * Message-Authenticator, unless one is required. */
	assert_int_equal(rad_verify_request(&p, SEC(RFC_SECRET), false), 0);
	assert_int_equal(rad_verify_request(&p, SEC(RFC_SECRET), true),
		-ENOMSG);

	/* The Access-Accept, built as the server would. */
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCESS_ACCEPT, 0, NULL);
	rad_put_u32(&b, RAD_A_SERVICE_TYPE, 1);		/* Login */
	rad_put_u32(&b, A_LOGIN_SERVICE, 0);		/* Telnet */
	rad_put_ipv4(&b, A_LOGIN_IP_HOST, ip4(192, 168, 1, 3));
	n = rad_finish_response(&b, req.b + 4, SEC(RFC_SECRET));
	assert_built(buf, n, &acc);

	/* And checked as the client does. */
	assert_int_equal(rad_parse(&r, acc.b, acc.n), 0);
	assert_int_equal(assert_attrs_valid(&r), 3);
	assert_int_equal(rad_verify_response(&r, p.auth, SEC(RFC_SECRET),
		false), 0);
	assert_int_equal(rad_verify_response(&r, p.auth, SEC(RFC_SECRET),
		true), -ENOMSG);
	assert_int_equal(rad_verify_response(&r, p.auth, SEC("xyzzy5462"),
		false), -EACCES);
}

static void
test_rfc2865_chap(void **state)
{
	struct vec req, acc;
	struct rad_builder b;
	struct rad_pkt p, r;
	uint8_t buf[RAD_PKT_MAX];
	const uint8_t *val;
	size_t len;
	int n;

	vec_load(&req, rfc2865_chap_req);
	vec_load(&acc, rfc2865_chap_accept);

	assert_int_equal(rad_parse(&p, req.b, req.n), 0);
	assert_int_equal(p.id, 1);
	assert_int_equal(assert_attrs_valid(&p), 6);
	assert_int_equal(rad_attr_find(&p, RAD_A_CHAP_PASSWORD, &val, &len),
		0);
	assert_int_equal(len, 17);
	assert_int_equal(val[0], 0x16);			/* CHAP Identifier */
	assert_int_equal(rad_attr_find(&p, RAD_A_CHAP_CHALLENGE, &val, &len),
		-ENOENT);	/* the Request Authenticator is the challenge */

	/* The request rebuilt from what was parsed. */
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCESS_REQUEST, 1, p.auth);
	rad_put_str(&b, RAD_A_USER_NAME, "flopsy");
	assert_int_equal(rad_attr_find(&p, RAD_A_CHAP_PASSWORD, &val, &len),
		0);
	rad_put(&b, RAD_A_CHAP_PASSWORD, val, len);
	rad_put_ipv4(&b, RAD_A_NAS_IP_ADDRESS, ip4(192, 168, 1, 16));
	rad_put_u32(&b, RAD_A_NAS_PORT, 20);
	rad_put_u32(&b, RAD_A_SERVICE_TYPE, RAD_SERVICE_FRAMED);
	rad_put_u32(&b, RAD_A_FRAMED_PROTOCOL, RAD_FRAMED_PPP);
	n = rad_finish_request(&b, SEC(RFC_SECRET));
	assert_built(buf, n, &req);

	rad_build_init(&b, buf, sizeof(buf), RAD_ACCESS_ACCEPT, 1, NULL);
	rad_put_u32(&b, RAD_A_SERVICE_TYPE, RAD_SERVICE_FRAMED);
	rad_put_u32(&b, RAD_A_FRAMED_PROTOCOL, RAD_FRAMED_PPP);
	rad_put_u32(&b, RAD_A_FRAMED_IP_ADDRESS, RAD_FRAMED_IP_POOL);
	rad_put_u32(&b, A_FRAMED_ROUTING, 2);		/* Listen */
	rad_put_u32(&b, A_FRAMED_COMPRESSION, 1);	/* VJ */
	rad_put_u32(&b, RAD_A_FRAMED_MTU, 1500);
	n = rad_finish_response(&b, p.auth, SEC(RFC_SECRET));
	assert_built(buf, n, &acc);

	assert_int_equal(rad_parse(&r, acc.b, acc.n), 0);
	assert_int_equal(assert_attrs_valid(&r), 6);
	assert_int_equal(find_u32(&r, RAD_A_FRAMED_MTU), 1500);
	assert_int_equal(find_u32(&r, RAD_A_FRAMED_IP_ADDRESS),
		RAD_FRAMED_IP_POOL);
	assert_int_equal(rad_verify_response(&r, p.auth, SEC(RFC_SECRET),
		false), 0);
	/* Answering another request: its authenticator does not match. */
	assert_int_equal(rad_verify_response(&r, acc.b + 4, SEC(RFC_SECRET),
		false), -EACCES);
}

/* ---- RFC 5997 §6 ------------------------------------------------------ */

/*
 * A Status-Server with its Message-Authenticator, built from its
 * Request Authenticator, and the answer built from its attributes
 * (none): both byte for byte, both verified.
 */
static void
check_status_server(const char *req_hex, const char *resp_hex,
	uint8_t resp_code, const char *secret)
{
	struct vec req, resp;
	struct rad_builder b;
	struct rad_pkt p, r;
	uint8_t buf[RAD_PKT_MAX];
	int n;

	vec_load(&req, req_hex);
	vec_load(&resp, resp_hex);

	rad_build_init(&b, buf, sizeof(buf), RAD_STATUS_SERVER, req.b[1],
		req.b + 4);
	rad_put_message_authenticator(&b);
	n = rad_finish_request(&b, SEC(secret));
	assert_built(buf, n, &req);

	assert_int_equal(rad_parse(&p, req.b, req.n), 0);
	assert_true(p.has_ma);
	assert_int_equal(assert_attrs_valid(&p), 1);
	assert_int_equal(rad_verify_request(&p, SEC(secret), true), 0);

	rad_build_init(&b, buf, sizeof(buf), resp_code, req.b[1], NULL);
	n = rad_finish_response(&b, p.auth, SEC(secret));
	assert_built(buf, n, &resp);
	assert_int_equal(rad_parse(&r, resp.b, resp.n), 0);
	assert_int_equal(rad_verify_response(&r, p.auth, SEC(secret), false),
		0);

	/* The Message-Authenticator covers the Request Authenticator. */
	req.b[10] ^= 1;
	assert_int_equal(rad_parse(&p, req.b, req.n), 0);
	assert_int_equal(rad_verify_request(&p, SEC(secret), true), -EPERM);
}

static void
test_rfc5997_status_server(void **state)
{
	/* §6.1 to the authentication port, §6.2 to the accounting port. */
	check_status_server(rfc5997_auth_req, rfc5997_auth_resp,
		RAD_ACCESS_ACCEPT, RFC_SECRET);
	check_status_server(rfc5997_acct_req, rfc5997_acct_resp,
		RAD_ACCOUNTING_RESPONSE, RFC_SECRET);
	/* FreeRADIUS: radclient's Status-Server and the server's answers. */
	check_status_server(fr_status_auth_req, fr_status_auth_resp,
		RAD_ACCESS_ACCEPT, FR_SECRET);
	check_status_server(fr_status_acct_req, fr_status_acct_resp,
		RAD_ACCOUNTING_RESPONSE, FR_SECRET);
}

/* ---- FreeRADIUS: accounting (RFC 2866 §3) ------------------------------ */

/* Build the common head of both accounting requests. */
static void
put_acct_head(struct rad_builder *b, uint32_t status)
{
	rad_put_u32(b, RAD_A_ACCT_STATUS_TYPE, status);
	rad_put_str(b, RAD_A_USER_NAME, "lnsuser");
	rad_put_str(b, RAD_A_ACCT_SESSION_ID, "0000002a");
	rad_put_ipv4(b, RAD_A_NAS_IP_ADDRESS, ip4(192, 0, 2, 10));
}

/* The request and its response parse, verify, and fail when tampered. */
static void
check_acct_exchange(const struct vec *req, const struct vec *resp,
	bool has_ma)
{
	struct rad_pkt p, r;
	struct vec bad;

	assert_int_equal(rad_parse(&p, req->b, req->n), 0);
	assert_int_equal(p.has_ma, has_ma);
	assert_attrs_valid(&p);
	assert_int_equal(rad_verify_request(&p, SEC(FR_SECRET), has_ma), 0);
	assert_int_equal(rad_verify_request(&p, SEC("lns-codec-secreT"),
		false), -EACCES);
	assert_int_equal(rad_parse(&r, resp->b, resp->n), 0);
	assert_int_equal(rad_verify_response(&r, p.auth, SEC(FR_SECRET),
		false), 0);

	/* One attribute octet changed: the Request Authenticator fails. */
	bad = *req;
	bad.b[bad.n - 1] ^= 0x01;
	assert_int_equal(rad_parse(&p, bad.b, bad.n), 0);
	assert_int_equal(rad_verify_request(&p, SEC(FR_SECRET), false),
		-EACCES);
}

static void
test_freeradius_accounting(void **state)
{
	struct vec req, resp;
	struct rad_builder b;
	struct rad_pkt p;
	uint8_t buf[RAD_PKT_MAX];
	const uint8_t *val;
	size_t len;
	int n;

	vec_load(&req, fr_acct_start);
	vec_load(&resp, fr_acct_start_resp);
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCOUNTING_REQUEST, 0x52,
		NULL);
	put_acct_head(&b, RAD_ACCT_START);
	/* The NAS-IP-Address comes before NAS-Port in radclient's packet. */
	rad_put_u32(&b, RAD_A_NAS_PORT, 42);
	rad_put_u32(&b, RAD_A_NAS_PORT_TYPE, RAD_NAS_PORT_VIRTUAL);
	rad_put_u32(&b, RAD_A_SERVICE_TYPE, RAD_SERVICE_FRAMED);
	rad_put_u32(&b, RAD_A_FRAMED_PROTOCOL, RAD_FRAMED_PPP);
	rad_put_ipv4(&b, RAD_A_FRAMED_IP_ADDRESS, ip4(10, 20, 30, 40));
	rad_put_u32(&b, RAD_A_ACCT_AUTHENTIC, RAD_ACCT_AUTHENTIC_RADIUS);
	rad_put_u32(&b, RAD_A_EVENT_TIMESTAMP, 1700000000);
	rad_put_u32(&b, RAD_A_ACCT_DELAY_TIME, 0);
	n = rad_finish_request(&b, SEC(FR_SECRET));
	assert_built(buf, n, &req);
	check_acct_exchange(&req, &resp, false);

	/* Stop, with a Message-Authenticator first and Gigawords. */
	vec_load(&req, fr_acct_stop);
	vec_load(&resp, fr_acct_stop_resp);
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCOUNTING_REQUEST, 0xd8,
		NULL);
	rad_put_message_authenticator(&b);
	put_acct_head(&b, RAD_ACCT_STOP);
	rad_put_u64(&b, RAD_A_ACCT_INPUT_OCTETS, RAD_A_ACCT_INPUT_GIGAWORDS,
		5000000000ULL);
	rad_put_u64(&b, RAD_A_ACCT_OUTPUT_OCTETS, RAD_A_ACCT_OUTPUT_GIGAWORDS,
		0xffffffffULL);
	rad_put_u32(&b, RAD_A_ACCT_INPUT_PACKETS, 123456);
	rad_put_u32(&b, RAD_A_ACCT_OUTPUT_PACKETS, 654321);
	rad_put_u32(&b, RAD_A_ACCT_SESSION_TIME, 7200);
	rad_put_u32(&b, RAD_A_ACCT_TERMINATE_CAUSE, RAD_TC_USER_REQUEST);
	rad_put_tagged_u24(&b, RAD_A_TUNNEL_TYPE, 1, RAD_TUNNEL_L2TP);
	rad_put_u32(&b, RAD_A_EVENT_TIMESTAMP, 1700007200);
	n = rad_finish_request(&b, SEC(FR_SECRET));
	assert_built(buf, n, &req);
	check_acct_exchange(&req, &resp, true);
	assert_int_equal(rad_parse(&p, req.b, req.n), 0);
	assert_int_equal(find_u32(&p, RAD_A_ACCT_INPUT_OCTETS), 705032704);
	assert_int_equal(find_u32(&p, RAD_A_ACCT_INPUT_GIGAWORDS), 1);
	assert_int_equal(find_u32(&p, RAD_A_ACCT_OUTPUT_OCTETS), 0xffffffffU);
	assert_int_equal(rad_attr_find(&p, RAD_A_ACCT_OUTPUT_GIGAWORDS, &val,
		&len), -ENOENT);
}

/* ---- FreeRADIUS: access ------------------------------------------------ */

/* The reply attributes built with the codec's put functions. */
static void
put_fr_reply(struct rad_builder *b)
{
	static const uint8_t prefix64[] = { 0, 64, 0x20, 0x01, 0x0d, 0xb8,
		0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t prefix56[] = { 0, 56, 0x20, 0x01, 0x0d, 0xb8,
		1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t ifid[] = { 0, 0, 0, 0, 0, 0, 0, 1 };
	static const uint8_t dns6[] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0x53 };
	uint32_t dns4 = ip4(192, 0, 2, 53);

	rad_put_u32(b, RAD_A_SERVICE_TYPE, RAD_SERVICE_FRAMED);
	rad_put_u32(b, RAD_A_FRAMED_PROTOCOL, RAD_FRAMED_PPP);
	rad_put_ipv4(b, RAD_A_FRAMED_IP_ADDRESS, ip4(10, 20, 30, 40));
	rad_put(b, RAD_A_FRAMED_IPV6_PREFIX, prefix64, sizeof(prefix64));
	rad_put(b, RAD_A_DELEGATED_IPV6_PREFIX, prefix56, sizeof(prefix56));
	rad_put(b, RAD_A_FRAMED_INTERFACE_ID, ifid, sizeof(ifid));
	rad_put(b, RAD_A_DNS_SERVER_IPV6_ADDRESS, dns6, sizeof(dns6));
	rad_put_u32(b, RAD_A_SESSION_TIMEOUT, 3600);
	rad_put_u32(b, RAD_A_ACCT_INTERIM_INTERVAL, 300);
	rad_put_tagged_u24(b, RAD_A_TUNNEL_TYPE, 1, RAD_TUNNEL_L2TP);
	rad_put_tagged_u24(b, RAD_A_TUNNEL_MEDIUM_TYPE, 1,
		RAD_TUNNEL_MEDIUM_IPV4);
	rad_put_tagged_str(b, RAD_A_TUNNEL_SERVER_ENDPOINT, 1, "192.0.2.1");
	rad_put_str(b, RAD_A_CLASS, "lns-class");
	rad_put_vsa(b, RAD_VENDOR_MICROSOFT, RAD_MS_PRIMARY_DNS_SERVER, &dns4,
		4);
	rad_put_str(b, RAD_A_REPLY_MESSAGE, "welcome");
}

/* What the LNS reads from FreeRADIUS's reply. */
static void
check_fr_reply(const struct rad_pkt *r)
{
	const uint8_t *val, *vval;
	uint32_t vendor;
	uint8_t vtype;
	size_t len, vlen;

	assert_int_equal(assert_attrs_valid(r), r->has_ma ? 16 : 15);
	assert_int_equal(find_u32(r, RAD_A_SESSION_TIMEOUT), 3600);
	assert_int_equal(rad_attr_find(r, RAD_A_FRAMED_IPV6_PREFIX, &val,
		&len), 0);
	assert_int_equal(len, 18);
	assert_int_equal(val[1], 64);
	assert_int_equal(find_u32(r, RAD_A_TUNNEL_TYPE), 0x01000003);
	assert_int_equal(rad_attr_find(r, RAD_A_TUNNEL_SERVER_ENDPOINT, &val,
		&len), 0);
	assert_int_equal(len, 10);
	assert_int_equal(val[0], 1);				/* tag */
	assert_memory_equal(val + 1, "192.0.2.1", 9);
	assert_int_equal(rad_attr_find(r, RAD_A_VENDOR_SPECIFIC, &val, &len),
		0);
	assert_int_equal(rad_vsa_parse(val, len, &vendor, &vtype, &vval,
		&vlen), 0);
	assert_int_equal(vendor, RAD_VENDOR_MICROSOFT);
	assert_int_equal(vtype, RAD_MS_PRIMARY_DNS_SERVER);
	assert_int_equal(vlen, 4);
	assert_memory_equal(vval, "\xc0\x00\x02\x35", 4);
}

static void
test_freeradius_access(void **state)
{
	struct vec req, resp;
	struct rad_builder b;
	struct rad_pkt p, r;
	uint8_t buf[RAD_PKT_MAX], pw[RAD_PW_OUT];
	const uint8_t *val;
	size_t len;
	int n;

	/* PAP with a Message-Authenticator: our hiding and signing match
	 * radclient's; FreeRADIUS 3.2.1 answered without one. */
	vec_load(&req, fr_pap_req);
	vec_load(&resp, fr_pap_accept);
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCESS_REQUEST, 0xd0,
		req.b + 4);
	rad_put_message_authenticator(&b);
	rad_put_str(&b, RAD_A_USER_NAME, "lnsuser");
	rad_put_user_password(&b, (const uint8_t *)"lnspass", 7,
		SEC(FR_SECRET));
	rad_put_ipv4(&b, RAD_A_NAS_IP_ADDRESS, ip4(192, 0, 2, 10));
	rad_put_u32(&b, RAD_A_NAS_PORT, 42);
	rad_put_u32(&b, RAD_A_NAS_PORT_TYPE, RAD_NAS_PORT_VIRTUAL);
	rad_put_u32(&b, RAD_A_SERVICE_TYPE, RAD_SERVICE_FRAMED);
	rad_put_u32(&b, RAD_A_FRAMED_PROTOCOL, RAD_FRAMED_PPP);
	rad_put_str(&b, RAD_A_CALLING_STATION_ID, "lac1");
	n = rad_finish_request(&b, SEC(FR_SECRET));
	assert_built(buf, n, &req);
	assert_int_equal(rad_parse(&p, req.b, req.n), 0);
	assert_int_equal(rad_verify_request(&p, SEC(FR_SECRET), true), 0);
	assert_int_equal(rad_parse(&r, resp.b, resp.n), 0);
	assert_false(r.has_ma);
	assert_int_equal(rad_verify_response(&r, p.auth, SEC(FR_SECRET),
		false), 0);
	assert_int_equal(rad_verify_response(&r, p.auth, SEC(FR_SECRET),
		true), -ENOMSG);
	check_fr_reply(&r);
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCESS_ACCEPT, 0xd0, NULL);
	put_fr_reply(&b);
	n = rad_finish_response(&b, p.auth, SEC(FR_SECRET));
	assert_built(buf, n, &resp);

	/* CHAP, answered with a Message-Authenticator (the last attribute). */
	vec_load(&req, fr_chap_req);
	vec_load(&resp, fr_chap_accept);
	assert_int_equal(rad_parse(&p, req.b, req.n), 0);
	assert_int_equal(rad_verify_request(&p, SEC(FR_SECRET), true), 0);
	assert_int_equal(rad_parse(&r, resp.b, resp.n), 0);
	assert_true(r.has_ma);
	assert_int_equal(rad_verify_response(&r, p.auth, SEC(FR_SECRET),
		true), 0);
	check_fr_reply(&r);
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCESS_ACCEPT, 0x59, NULL);
	put_fr_reply(&b);
	rad_put_message_authenticator(&b);
	n = rad_finish_response(&b, p.auth, SEC(FR_SECRET));
	assert_built(buf, n, &resp);

	/* A two-block User-Password and the Access-Reject. */
	vec_load(&req, fr_pw2_req);
	vec_load(&resp, fr_pw2_reject);
	assert_int_equal(rad_parse(&p, req.b, req.n), 0);
	assert_int_equal(rad_attr_find(&p, RAD_A_USER_PASSWORD, &val, &len),
		0);
	assert_int_equal(len, 32);
	n = rad_user_password_decode(val, len, p.auth, SEC(FR_SECRET), pw,
		sizeof(pw));
	assert_int_equal(n, 31);
	assert_memory_equal(pw, "a-wrong-password-longer-than-16", 31);
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCESS_REQUEST, 0xa1, p.auth);
	rad_put_str(&b, RAD_A_USER_NAME, "lnsuser");
	rad_put_user_password(&b, pw, 31, SEC(FR_SECRET));
	rad_put_ipv4(&b, RAD_A_NAS_IP_ADDRESS, ip4(192, 0, 2, 10));
	n = rad_finish_request(&b, SEC(FR_SECRET));
	assert_built(buf, n, &req);
	assert_int_equal(rad_parse(&r, resp.b, resp.n), 0);
	assert_int_equal(r.code, RAD_ACCESS_REJECT);
	assert_int_equal(rad_verify_response(&r, p.auth, SEC(FR_SECRET),
		false), 0);
}

/* ---- FreeRADIUS: dynamic authorization (RFC 5176) ----------------------- */

static void
test_verify_request(void **state)
{
	static const uint8_t zero[RAD_AUTH_LEN];
	struct vec v;
	struct rad_builder b;
	struct rad_pkt p;
	uint8_t buf[RAD_PKT_MAX];
	int n;

	/* radclient's CoA-Request with a Message-Authenticator. */
	vec_load(&v, fr_coa);
	assert_int_equal(rad_parse(&p, v.b, v.n), 0);
	assert_int_equal(p.code, RAD_COA_REQUEST);
	assert_int_equal(rad_verify_request(&p, SEC(FR_SECRET), true), 0);
	assert_int_equal(rad_verify_request(&p, SEC("other"), true), -EACCES);
	/* Rebuilt byte for byte. */
	rad_build_init(&b, buf, sizeof(buf), RAD_COA_REQUEST, 0xc1, NULL);
	rad_put_message_authenticator(&b);
	rad_put_str(&b, RAD_A_USER_NAME, "lnsuser");
	rad_put_str(&b, RAD_A_ACCT_SESSION_ID, "0000002a");
	rad_put_u32(&b, RAD_A_SESSION_TIMEOUT, 1800);
	rad_put_str(&b, RAD_A_FILTER_ID, "gold");
	n = rad_finish_request(&b, SEC(FR_SECRET));
	assert_built(buf, n, &v);
	/* A wrong Message-Authenticator under a right Request
	 * Authenticator (re-signed by the test's own MD5). */
	v.b[22] ^= 0x80;
	resign(v.b, v.n, zero, FR_SECRET);
	assert_int_equal(rad_parse(&p, v.b, v.n), 0);
	assert_int_equal(rad_verify_request(&p, SEC(FR_SECRET), false),
		-EPERM);

	/* radclient's Disconnect-Request, without one. */
	vec_load(&v, fr_disconnect);
	assert_int_equal(rad_parse(&p, v.b, v.n), 0);
	assert_int_equal(rad_verify_request(&p, SEC(FR_SECRET), false), 0);
	assert_int_equal(rad_verify_request(&p, SEC(FR_SECRET), true),
		-ENOMSG);
	rad_build_init(&b, buf, sizeof(buf), RAD_DISCONNECT_REQUEST, 0xee,
		NULL);
	rad_put_str(&b, RAD_A_USER_NAME, "lnsuser");
	rad_put_str(&b, RAD_A_ACCT_SESSION_ID, "0000002a");
	rad_put_ipv4(&b, RAD_A_NAS_IP_ADDRESS, ip4(192, 0, 2, 10));
	n = rad_finish_request(&b, SEC(FR_SECRET));
	assert_built(buf, n, &v);
	v.b[5] ^= 0x01;					/* authenticator */
	assert_int_equal(rad_parse(&p, v.b, v.n), 0);
	assert_int_equal(rad_verify_request(&p, SEC(FR_SECRET), false),
		-EACCES);

	/* A response is not a request. */
	vec_load(&v, fr_acct_start_resp);
	assert_int_equal(rad_parse(&p, v.b, v.n), 0);
	assert_int_equal(rad_verify_request(&p, SEC(FR_SECRET), false),
		-EINVAL);

	/* The Disconnect-ACK / CoA-NAK the LNS answers with. */
	rad_build_init(&b, buf, sizeof(buf), RAD_COA_NAK, 0xc1, NULL);
	rad_put_u32(&b, RAD_A_ERROR_CAUSE, RAD_EC_SESSION_CONTEXT_NOT_FOUND);
	rad_put_message_authenticator(&b);
	vec_load(&v, fr_coa);
	n = rad_finish_response(&b, v.b + 4, SEC(FR_SECRET));
	assert_int_equal(n, 20 + 6 + 18);
	assert_int_equal(rad_parse(&p, buf, (size_t)n), 0);
	assert_int_equal(rad_verify_response(&p, v.b + 4, SEC(FR_SECRET),
		true), 0);
	assert_int_equal(find_u32(&p, RAD_A_ERROR_CAUSE), 503);
}

/* ---- rad_verify_response: each result ----------------------------------- */

static void
test_verify_response(void **state)
{
	static const uint8_t req_auth[RAD_AUTH_LEN] = { 1, 2, 3, 4, 5, 6, 7,
		8, 9, 10, 11, 12, 13, 14, 15, 16 };
	struct rad_builder b;
	struct rad_pkt p;
	uint8_t buf[256];
	int n;

	rad_build_init(&b, buf, sizeof(buf), RAD_ACCESS_ACCEPT, 7, NULL);
	rad_put_message_authenticator(&b);
	rad_put_u32(&b, RAD_A_SESSION_TIMEOUT, 60);
	n = rad_finish_response(&b, req_auth, SEC("s3cret"));
	assert_int_equal(n, 20 + 18 + 6);
	assert_int_equal(rad_parse(&p, buf, (size_t)n), 0);

	/* 0: both authenticators right. */
	assert_int_equal(rad_verify_response(&p, req_auth, SEC("s3cret"),
		true), 0);
	/* -EACCES: another secret, or a changed octet. */
	assert_int_equal(rad_verify_response(&p, req_auth, SEC("s3creT"),
		true), -EACCES);
	buf[n - 1] ^= 1;
	assert_int_equal(rad_verify_response(&p, req_auth, SEC("s3cret"),
		true), -EACCES);
	buf[n - 1] ^= 1;
	/* -EPERM: the Message-Authenticator is wrong but the Response
	 * Authenticator over it is right. */
	buf[RAD_HDR_LEN + 2] ^= 1;
	resign(buf, (size_t)n, req_auth, "s3cret");
	assert_int_equal(rad_verify_response(&p, req_auth, SEC("s3cret"),
		false), -EPERM);

	/* -ENOMSG: none, and one is required. */
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCESS_REJECT, 7, NULL);
	n = rad_finish_response(&b, req_auth, SEC("s3cret"));
	assert_int_equal(n, RAD_HDR_LEN);
	assert_int_equal(rad_parse(&p, buf, (size_t)n), 0);
	assert_int_equal(rad_verify_response(&p, req_auth, SEC("s3cret"),
		true), -ENOMSG);
	assert_int_equal(rad_verify_response(&p, req_auth, SEC("s3cret"),
		false), 0);
	assert_int_equal(rad_verify_response(&p, NULL, SEC("s3cret"), false),
		-EINVAL);
}

/* ---- building: values ---------------------------------------------------- */

/* Gigawords: the 32-bit attribute, then the high word when not 0. */
static void
check_u64(uint64_t v, bool want_giga)
{
	struct rad_builder b;
	struct rad_pkt p;
	uint8_t buf[64];
	const uint8_t *val;
	size_t len;
	uint64_t back;
	int n;

	rad_build_init(&b, buf, sizeof(buf), RAD_ACCOUNTING_REQUEST, 1, NULL);
	rad_put_u64(&b, RAD_A_ACCT_OUTPUT_OCTETS, RAD_A_ACCT_OUTPUT_GIGAWORDS,
		v);
	n = rad_finish_request(&b, SEC("s"));
	assert_int_equal(n, RAD_HDR_LEN + (want_giga ? 12 : 6));
	assert_int_equal(rad_parse(&p, buf, (size_t)n), 0);
	assert_int_equal(buf[RAD_HDR_LEN], RAD_A_ACCT_OUTPUT_OCTETS);
	back = find_u32(&p, RAD_A_ACCT_OUTPUT_OCTETS);
	if (want_giga) {
		assert_int_equal(buf[RAD_HDR_LEN + 6],
			RAD_A_ACCT_OUTPUT_GIGAWORDS);
		back |= (uint64_t)find_u32(&p, RAD_A_ACCT_OUTPUT_GIGAWORDS)
			<< 32;
	} else {
		assert_int_equal(rad_attr_find(&p, RAD_A_ACCT_OUTPUT_GIGAWORDS,
			&val, &len), -ENOENT);
	}
	assert_true(back == v);
}

static void
test_gigawords(void **state)
{
	check_u64(0, false);
	check_u64(12345, false);
	check_u64(0xffffffffULL, false);
	check_u64(0x100000000ULL, true);	/* exactly 2^32: 0 and 1 */
	check_u64(0x100000001ULL, true);
	check_u64(5000000000ULL, true);
	check_u64(UINT64_MAX, true);
}

static void
test_tagged(void **state)
{
	struct rad_builder b;
	uint8_t buf[128];
	int n;

	rad_build_init(&b, buf, sizeof(buf), RAD_ACCOUNTING_REQUEST, 1, NULL);
	rad_put_tagged_u24(&b, RAD_A_TUNNEL_TYPE, 0x1f, RAD_TUNNEL_L2TP);
	rad_put_tagged_u24(&b, RAD_A_TUNNEL_MEDIUM_TYPE, 0, 0xabcdef);
	rad_put_tagged_str(&b, RAD_A_TUNNEL_ASSIGNMENT_ID, 2, "t1");
	rad_put_tagged_str(&b, RAD_A_TUNNEL_CLIENT_AUTH_ID, 0, "lac");
	n = rad_finish_request(&b, SEC("s"));
	assert_int_equal(n, RAD_HDR_LEN + 6 + 6 + 5 + 6);
	assert_memory_equal(buf + RAD_HDR_LEN,
		"\x40\x06\x1f\x00\x00\x03"
		"\x41\x06\x00\xab\xcd\xef"
		"\x52\x05\x02t1"
		"\x5a\x06\x00lac", 23);
	assert_int_equal(rad_attr_check(RAD_A_TUNNEL_TYPE, buf + 22, 4), 0);

	/* Tag above 0x1f, value above 24 bits, empty string: refused. */
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCOUNTING_REQUEST, 1, NULL);
	rad_put_tagged_u24(&b, RAD_A_TUNNEL_TYPE, 0x20, 3);
	assert_int_equal(b.err, -EINVAL);
	assert_int_equal(b.len, RAD_HDR_LEN);
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCOUNTING_REQUEST, 1, NULL);
	rad_put_tagged_u24(&b, RAD_A_TUNNEL_TYPE, 1, 0x1000000);
	assert_int_equal(b.err, -EINVAL);
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCOUNTING_REQUEST, 1, NULL);
	rad_put_tagged_str(&b, RAD_A_TUNNEL_SERVER_ENDPOINT, 0x20, "x");
	assert_int_equal(b.err, -EINVAL);
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCOUNTING_REQUEST, 1, NULL);
	rad_put_tagged_str(&b, RAD_A_TUNNEL_SERVER_ENDPOINT, 1, "");
	assert_int_equal(b.err, -EINVAL);
}

static void
test_vsa(void **state)
{
	struct rad_builder b;
	struct rad_pkt p;
	uint8_t buf[RAD_PKT_MAX], resp[RAD_MS_CHAP2_RESPONSE_LEN], big[248];
	const uint8_t *val, *vval;
	uint32_t vendor;
	uint8_t type, vtype;
	size_t len, vlen, i;
	struct rad_attr_iter it;
	int n;

	/* MS-CHAP2-Response: Ident, Flags, Peer-Challenge, Reserved,
	 * NT-Response (RFC 2548 §2.3.2), and an MS-CHAP-Challenge. */
	for (i = 0; i < sizeof(resp); i++)
		resp[i] = (uint8_t)(i * 7 + 1);
	memset(big, 0x5a, sizeof(big));
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCESS_REQUEST, 3, resp);
	rad_put_vsa(&b, RAD_VENDOR_MICROSOFT, RAD_MS_CHAP_CHALLENGE, big, 16);
	rad_put_vsa(&b, RAD_VENDOR_MICROSOFT, RAD_MS_CHAP2_RESPONSE, resp,
		sizeof(resp));
	rad_put_vsa(&b, 9, 1, big, 247);	/* the largest */
	n = rad_finish_request(&b, SEC("s"));
	assert_int_equal(n, RAD_HDR_LEN + 24 + 58 + 255);
	assert_int_equal(rad_parse(&p, buf, (size_t)n), 0);

	rad_attr_iter_init(&it, &p);
	assert_int_equal(rad_attr_next(&it, &type, &val, &len), 1);
	assert_int_equal(rad_vsa_parse(val, len, &vendor, &vtype, &vval,
		&vlen), 0);
	assert_int_equal(vtype, RAD_MS_CHAP_CHALLENGE);
	assert_int_equal(vlen, 16);
	assert_int_equal(rad_attr_next(&it, &type, &val, &len), 1);
	assert_int_equal(type, RAD_A_VENDOR_SPECIFIC);
	assert_int_equal(len, 6 + RAD_MS_CHAP2_RESPONSE_LEN);
	assert_memory_equal(val, "\x00\x00\x01\x37\x19\x34", 6);
	assert_int_equal(rad_attr_check(type, val, len), 0);
	assert_int_equal(rad_vsa_parse(val, len, &vendor, &vtype, &vval,
		&vlen), 0);
	assert_int_equal(vendor, RAD_VENDOR_MICROSOFT);
	assert_int_equal(vtype, RAD_MS_CHAP2_RESPONSE);
	assert_int_equal(vlen, RAD_MS_CHAP2_RESPONSE_LEN);
	assert_memory_equal(vval, resp, sizeof(resp));
	assert_int_equal(rad_attr_next(&it, &type, &val, &len), 1);
	assert_int_equal(len, RAD_ATTR_VALUE_MAX);
	assert_int_equal(rad_vsa_parse(val, len, &vendor, &vtype, &vval,
		&vlen), 0);
	assert_int_equal(vendor, 9);
	assert_int_equal(vlen, 247);
	assert_int_equal(rad_attr_next(&it, &type, &val, &len), 0);

	/* One octet too many, none, or NULL: -EINVAL, nothing written. */
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCOUNTING_REQUEST, 1, NULL);
	rad_put_vsa(&b, 9, 1, big, 248);
	assert_int_equal(b.err, -EINVAL);
	assert_int_equal(b.len, RAD_HDR_LEN);
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCOUNTING_REQUEST, 1, NULL);
	rad_put_vsa(&b, 9, 1, big, 0);
	assert_int_equal(b.err, -EINVAL);
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCOUNTING_REQUEST, 1, NULL);
	rad_put_vsa(&b, 9, 1, NULL, 4);
	assert_int_equal(b.err, -EINVAL);
}

static void
test_vsa_parse_malformed(void **state)
{
	/* Vendor 311, type 26, sub-length 6, 4 octets, then a second one. */
	static const uint8_t v[] = { 0, 0, 1, 0x37, 26, 6, 'a', 'b', 'c', 'd',
		27, 3, 'z' };
	uint8_t bad[sizeof(v)];
	const uint8_t *vval;
	uint32_t vendor;
	uint8_t vtype;
	size_t vlen, n;

	/* The first sub-attribute only, octets after it ignored. */
	assert_int_equal(rad_vsa_parse(v, sizeof(v), &vendor, &vtype, &vval,
		&vlen), 0);
	assert_int_equal(vtype, 26);
	assert_int_equal(vlen, 4);
	assert_ptr_equal(vval, v + 6);
	/* Exactly filled. */
	assert_int_equal(rad_vsa_parse(v, 10, &vendor, &vtype, &vval, &vlen),
		0);
	/* Shorter than Vendor-Id, VType, VLen. */
	for (n = 0; n < 6; n++)
		assert_int_equal(rad_vsa_parse(v, n, &vendor, &vtype, &vval,
			&vlen), -EBADMSG);
	assert_int_equal(rad_vsa_parse(NULL, 10, &vendor, &vtype, &vval,
		&vlen), -EBADMSG);
	/* Sub-attribute length 0, 1, or past the value. */
	memcpy(bad, v, sizeof(v));
	bad[5] = 0;
	assert_int_equal(rad_vsa_parse(bad, 10, &vendor, &vtype, &vval,
		&vlen), -EBADMSG);
	bad[5] = 1;
	assert_int_equal(rad_vsa_parse(bad, 10, &vendor, &vtype, &vval,
		&vlen), -EBADMSG);
	bad[5] = 7;
	assert_int_equal(rad_vsa_parse(bad, 10, &vendor, &vtype, &vval,
		&vlen), -EBADMSG);
	/* An empty sub-attribute value is framing-valid. */
	bad[5] = 2;
	assert_int_equal(rad_vsa_parse(bad, 6, &vendor, &vtype, &vval,
		&vlen), 0);
	assert_int_equal(vlen, 0);
}

static void
check_password(size_t pwlen, size_t want_len)
{
	static const uint8_t ra[RAD_AUTH_LEN] = { 0xa5, 1, 2, 3, 4, 5, 6, 7,
		8, 9, 10, 11, 12, 13, 14, 0x5a };
	struct rad_builder b;
	struct rad_pkt p;
	uint8_t buf[512], pw[RAD_PW_OUT], out[RAD_PW_OUT];
	const uint8_t *val;
	size_t len, i;
	int n;

	for (i = 0; i < pwlen; i++)
		pw[i] = (uint8_t)('!' + i % 90);
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCESS_REQUEST, 9, ra);
	rad_put_user_password(&b, pw, pwlen, SEC("a much longer secret, "
		"more than one MD5 block of it, to be sure it is all used"));
	n = rad_finish_request(&b, SEC("x"));
	assert_int_equal(n, RAD_HDR_LEN + 2 + (int)want_len);
	assert_int_equal(rad_parse(&p, buf, (size_t)n), 0);
	assert_int_equal(rad_attr_find(&p, RAD_A_USER_PASSWORD, &val, &len),
		0);
	assert_int_equal(len, want_len);
	assert_int_equal(rad_attr_check(RAD_A_USER_PASSWORD, val, len), 0);
	if (pwlen > 0)	/* hidden: not the password in clear */
		assert_memory_not_equal(val, pw, pwlen < 16 ? pwlen : 16);
	n = rad_user_password_decode(val, len, ra, SEC("a much longer secret, "
		"more than one MD5 block of it, to be sure it is all used"),
		out, sizeof(out));
	assert_int_equal(n, (int)pwlen);
	assert_memory_equal(out, pw, pwlen);
	/* Another secret reveals something else. */
	n = rad_user_password_decode(val, len, ra, SEC("other"), out,
		sizeof(out));
	assert_true(n != (int)pwlen || memcmp(out, pw, pwlen) != 0 ||
		pwlen == 0);
}

static void
test_user_password(void **state)
{
	static const uint8_t ra[RAD_AUTH_LEN] = { 1 };
	struct rad_builder b;
	uint8_t buf[512], pw[160] = { 'p', 'w' }, out[RAD_PW_OUT];
	uint8_t val[160] = { 0 };

	check_password(0, 16);
	check_password(1, 16);
	check_password(15, 16);
	check_password(16, 16);
	check_password(17, 32);
	check_password(127, 128);
	check_password(128, 128);

	/* Over 128 octets; not in an Access-Request. */
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCESS_REQUEST, 9, ra);
	rad_put_user_password(&b, pw, 129, SEC("s"));
	assert_int_equal(b.err, -EINVAL);
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCOUNTING_REQUEST, 9, NULL);
	rad_put_user_password(&b, pw, 2, SEC("s"));
	assert_int_equal(b.err, -EINVAL);

	/* Decoding: whole blocks of 16..128 octets only, and room. */
	assert_int_equal(rad_user_password_decode(val, 0, ra, SEC("s"), out,
		sizeof(out)), -EBADMSG);
	assert_int_equal(rad_user_password_decode(val, 15, ra, SEC("s"), out,
		sizeof(out)), -EBADMSG);
	assert_int_equal(rad_user_password_decode(val, 17, ra, SEC("s"), out,
		sizeof(out)), -EBADMSG);
	assert_int_equal(rad_user_password_decode(val, 144, ra, SEC("s"), out,
		sizeof(out)), -EBADMSG);
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCESS_REQUEST, 9, ra);
	rad_put_user_password(&b, pw, 2, SEC("s"));
	assert_int_equal(rad_finish_request(&b, SEC("s")), RAD_HDR_LEN + 18);
	assert_int_equal(rad_user_password_decode(buf + RAD_HDR_LEN + 2, 16,
		ra, SEC("s"), out, 1), -ENOBUFS);
	assert_int_equal(rad_user_password_decode(buf + RAD_HDR_LEN + 2, 16,
		ra, SEC("s"), out, 2), 2);
}

/* ---- parsing: malformed ------------------------------------------------ */

/* A 20-octet header with Length len, then the given attribute octets. */
static size_t
mkpkt(uint8_t *buf, uint16_t len, const uint8_t *attrs, size_t alen)
{
	memset(buf, 0, RAD_HDR_LEN);
	buf[0] = RAD_ACCESS_ACCEPT;
	lns_put_be16(buf + 2, len);
	if (alen > 0)
		memcpy(buf + RAD_HDR_LEN, attrs, alen);
	return RAD_HDR_LEN + alen;
}

static void
test_parse_malformed(void **state)
{
	static uint8_t buf[RAD_PKT_MAX + 100];
	struct rad_pkt p;
	uint8_t ma[18] = { RAD_A_MESSAGE_AUTHENTICATOR, 18 };
	uint8_t two_ma[36];
	size_t n;

	/* Shorter than a header. */
	n = mkpkt(buf, 20, NULL, 0);
	assert_int_equal(rad_parse(&p, buf, 0), -EBADMSG);
	assert_int_equal(rad_parse(&p, buf, 19), -EBADMSG);
	assert_int_equal(rad_parse(&p, NULL, 20), -EBADMSG);
	assert_int_equal(rad_parse(&p, buf, n), 0);
	assert_int_equal(p.attrs_len, 0);
	/* Length below 20, above what arrived, above 4096. */
	mkpkt(buf, 19, NULL, 0);
	assert_int_equal(rad_parse(&p, buf, 20), -EBADMSG);
	mkpkt(buf, 0, NULL, 0);
	assert_int_equal(rad_parse(&p, buf, 20), -EBADMSG);
	mkpkt(buf, 21, NULL, 0);
	assert_int_equal(rad_parse(&p, buf, 20), -EBADMSG);
	memset(buf + RAD_HDR_LEN, 0, sizeof(buf) - RAD_HDR_LEN);
	for (n = RAD_HDR_LEN; n + 255 <= RAD_PKT_MAX + 1; n += 255) {
		buf[n] = 200;
		buf[n + 1] = 255;
	}
	buf[n] = 200;			/* the rest: 4097 - n octets */
	buf[n + 1] = (uint8_t)(RAD_PKT_MAX + 1 - n);
	mkpkt(buf, RAD_PKT_MAX + 1, NULL, 0);
	assert_int_equal(rad_parse(&p, buf, sizeof(buf)), -EBADMSG);
	/* 4096 itself is fine (the last attribute one octet shorter). */
	buf[n + 1]--;
	mkpkt(buf, RAD_PKT_MAX, NULL, 0);
	assert_int_equal(rad_parse(&p, buf, sizeof(buf)), 0);
	assert_int_equal(p.len, RAD_PKT_MAX);

	/* Octets past Length are padding. */
	n = mkpkt(buf, 26, (const uint8_t *)"\x01\x06nemoPADDING", 13);
	assert_int_equal(rad_parse(&p, buf, n), 0);
	assert_int_equal(p.attrs_len, 6);
	/* Attribute length 0 and 1. */
	n = mkpkt(buf, 26, (const uint8_t *)"\x01\x00nemo", 6);
	assert_int_equal(rad_parse(&p, buf, n), -EBADMSG);
	n = mkpkt(buf, 26, (const uint8_t *)"\x01\x01nemo", 6);
	assert_int_equal(rad_parse(&p, buf, n), -EBADMSG);
	/* (one whose next octets would frame if a 1 were taken) */
	n = mkpkt(buf, 25, (const uint8_t *)"\x05\x01\x01\x03X", 5);
	assert_int_equal(rad_parse(&p, buf, n), -EBADMSG);
	/* Running past Length (though not past the buffer). */
	n = mkpkt(buf, 26, (const uint8_t *)"\x01\x07nemoX", 7);
	assert_int_equal(rad_parse(&p, buf, n), -EBADMSG);
	/* A lone type octet at the end. */
	n = mkpkt(buf, 27, (const uint8_t *)"\x01\x06nemo\x01", 7);
	assert_int_equal(rad_parse(&p, buf, n), -EBADMSG);
	/* Length 2 (empty value): framing-valid, but not as a string. */
	n = mkpkt(buf, 22, (const uint8_t *)"\x01\x02", 2);
	assert_int_equal(rad_parse(&p, buf, n), 0);
	assert_int_equal(rad_attr_check(buf[20], buf + 22, 0), -EBADMSG);

	/* One Message-Authenticator of 18 octets: fine. */
	n = mkpkt(buf, 38, ma, sizeof(ma));
	assert_int_equal(rad_parse(&p, buf, n), 0);
	assert_true(p.has_ma);
	/* Two. */
	memcpy(two_ma, ma, 18);
	memcpy(two_ma + 18, ma, 18);
	n = mkpkt(buf, 56, two_ma, sizeof(two_ma));
	assert_int_equal(rad_parse(&p, buf, n), -EBADMSG);
	/* Not 18 octets. */
	ma[1] = 17;
	n = mkpkt(buf, 37, ma, 17);
	assert_int_equal(rad_parse(&p, buf, n), -EBADMSG);
	ma[1] = 19;
	memset(two_ma, 0, sizeof(two_ma));
	memcpy(two_ma, ma, 2);
	n = mkpkt(buf, 39, two_ma, 19);
	assert_int_equal(rad_parse(&p, buf, n), -EBADMSG);
	ma[1] = 2;
	n = mkpkt(buf, 22, ma, 2);
	assert_int_equal(rad_parse(&p, buf, n), -EBADMSG);
	/* A failed parse leaves nothing usable behind. */
	assert_null(p.raw);
	assert_int_equal(p.attrs_len, 0);
}

/* Iteration and look-up over a parsed packet. */
static void
test_iterate(void **state)
{
	static const uint8_t attrs[] = { 18, 4, 'h', 'i', 18, 3, '!', 25, 2 + 3,
		'c', 'l', 's', 200, 2 };
	uint8_t buf[64], type;
	const uint8_t *val;
	struct rad_attr_iter it;
	struct rad_pkt p;
	size_t n, len;
	uint32_t v;

	n = mkpkt(buf, RAD_HDR_LEN + sizeof(attrs), attrs, sizeof(attrs));
	assert_int_equal(rad_parse(&p, buf, n), 0);
	rad_attr_iter_init(&it, &p);
	assert_int_equal(rad_attr_next(&it, &type, &val, &len), 1);
	assert_int_equal(type, RAD_A_REPLY_MESSAGE);
	assert_int_equal(len, 2);
	assert_int_equal(rad_attr_next(&it, &type, &val, &len), 1);
	assert_int_equal(len, 1);
	assert_int_equal(val[0], '!');
	assert_int_equal(rad_attr_next(&it, &type, &val, &len), 1);
	assert_int_equal(type, RAD_A_CLASS);
	assert_int_equal(rad_attr_next(&it, &type, &val, &len), 1);
	assert_int_equal(type, 200);
	assert_int_equal(len, 0);
	assert_int_equal(rad_attr_next(&it, &type, &val, &len), 0);
	assert_int_equal(rad_attr_next(&it, &type, &val, &len), 0);

	/* The first of two. */
	assert_int_equal(rad_attr_find(&p, RAD_A_REPLY_MESSAGE, &val, &len),
		0);
	assert_int_equal(len, 2);
	assert_int_equal(rad_attr_find(&p, RAD_A_STATE, &val, &len), -ENOENT);

	assert_int_equal(rad_val_u32((const uint8_t *)"\x01\x02\x03\x04", 4,
		&v), 0);
	assert_int_equal(v, 0x01020304);
	assert_int_equal(rad_val_u32((const uint8_t *)"\x01\x02\x03", 3, &v),
		-EBADMSG);
	assert_int_equal(rad_val_u32((const uint8_t *)"\x01\x02\x03\x04\x05",
		5, &v), -EBADMSG);
}

/* ---- the dictionary ------------------------------------------------------ */

struct check_case {
	uint8_t type;
	size_t len;
	int want;
};

static void
test_attr_check(void **state)
{
	static const struct check_case cases[] = {
		/* integer, ipaddr, date: 4 */
		{ RAD_A_FRAMED_IP_ADDRESS, 4, 0 },
		{ RAD_A_FRAMED_IP_ADDRESS, 3, -EBADMSG },
		{ RAD_A_FRAMED_IP_ADDRESS, 5, -EBADMSG },
		{ RAD_A_SESSION_TIMEOUT, 4, 0 },
		{ RAD_A_SESSION_TIMEOUT, 8, -EBADMSG },
		{ RAD_A_EVENT_TIMESTAMP, 4, 0 },
		{ RAD_A_EVENT_TIMESTAMP, 0, -EBADMSG },
		{ RAD_A_ACCT_INPUT_GIGAWORDS, 4, 0 },
		{ RAD_A_ERROR_CAUSE, 2, -EBADMSG },
		/* strings: 1..253 */
		{ RAD_A_USER_NAME, 0, -EBADMSG },
		{ RAD_A_USER_NAME, 1, 0 },
		{ RAD_A_USER_NAME, 253, 0 },
		{ RAD_A_CLASS, 0, -EBADMSG },
		{ RAD_A_STATE, 253, 0 },
		{ RAD_A_FRAMED_POOL, 0, -EBADMSG },
		{ RAD_A_TUNNEL_SERVER_ENDPOINT, 1, 0 },
		{ RAD_A_TUNNEL_SERVER_ENDPOINT, 0, -EBADMSG },
		/* fixed sizes */
		{ RAD_A_FRAMED_INTERFACE_ID, 8, 0 },
		{ RAD_A_FRAMED_INTERFACE_ID, 7, -EBADMSG },
		{ RAD_A_FRAMED_INTERFACE_ID, 9, -EBADMSG },
		{ RAD_A_NAS_IPV6_ADDRESS, 16, 0 },
		{ RAD_A_NAS_IPV6_ADDRESS, 15, -EBADMSG },
		{ RAD_A_DNS_SERVER_IPV6_ADDRESS, 16, 0 },
		{ RAD_A_DNS_SERVER_IPV6_ADDRESS, 17, -EBADMSG },
		{ RAD_A_MESSAGE_AUTHENTICATOR, 16, 0 },
		{ RAD_A_MESSAGE_AUTHENTICATOR, 15, -EBADMSG },
		{ RAD_A_CHAP_PASSWORD, 17, 0 },
		{ RAD_A_CHAP_PASSWORD, 16, -EBADMSG },
		{ RAD_A_CHAP_PASSWORD, 18, -EBADMSG },
		{ RAD_A_CHAP_CHALLENGE, 16, 0 },
		{ RAD_A_CHAP_CHALLENGE, 4, -EBADMSG },
		/* User-Password: 16..128 in whole blocks */
		{ RAD_A_USER_PASSWORD, 16, 0 },
		{ RAD_A_USER_PASSWORD, 128, 0 },
		{ RAD_A_USER_PASSWORD, 15, -EBADMSG },
		{ RAD_A_USER_PASSWORD, 17, -EBADMSG },
		{ RAD_A_USER_PASSWORD, 144, -EBADMSG },
		/* tagged integers: 4 */
		{ RAD_A_TUNNEL_TYPE, 4, 0 },
		{ RAD_A_TUNNEL_TYPE, 3, -EBADMSG },
		{ RAD_A_TUNNEL_MEDIUM_TYPE, 5, -EBADMSG },
		/* Vendor-Specific: Vendor-Id and something */
		{ RAD_A_VENDOR_SPECIFIC, 4, -EBADMSG },
		{ RAD_A_VENDOR_SPECIFIC, 5, 0 },
		/* not in the dictionary: anything */
		{ 0, 0, 0 },
		{ 200, 0, 0 },
		{ 255, 253, 0 },
	};
	static uint8_t zero[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = rad_attr_check(cases[i].type, zero, cases[i].len);

		if (got != cases[i].want)
			fail_msg("type %u len %zu: %d, want %d", cases[i].type,
				cases[i].len, got, cases[i].want);
	}
	/* A known type needs its octets. */
	assert_int_equal(rad_attr_check(RAD_A_USER_NAME, NULL, 4), -EBADMSG);
	/* Tagged integers: tag 0x00..0x1f. */
	assert_int_equal(rad_attr_check(RAD_A_TUNNEL_TYPE,
		(const uint8_t *)"\x1f\x00\x00\x03", 4), 0);
	assert_int_equal(rad_attr_check(RAD_A_TUNNEL_TYPE,
		(const uint8_t *)"\x20\x00\x00\x03", 4), -EBADMSG);
}

static void
test_attr_check_ipv6_prefix(void **state)
{
	uint8_t v[19] = { 0 };
	uint8_t types[] = { RAD_A_FRAMED_IPV6_PREFIX,
		RAD_A_DELEGATED_IPV6_PREFIX };
	size_t i;

	for (i = 0; i < sizeof(types); i++) {
		uint8_t t = types[i];

		v[1] = 0;			/* ::/0, no prefix octets */
		assert_int_equal(rad_attr_check(t, v, 2), 0);
		assert_int_equal(rad_attr_check(t, v, 1), -EBADMSG);
		assert_int_equal(rad_attr_check(t, v, 0), -EBADMSG);
		v[1] = 64;			/* /64 in 8 octets, or all 16 */
		assert_int_equal(rad_attr_check(t, v, 10), 0);
		assert_int_equal(rad_attr_check(t, v, 18), 0);
		assert_int_equal(rad_attr_check(t, v, 9), -EBADMSG);
		v[1] = 57;			/* /57 needs 8 octets */
		assert_int_equal(rad_attr_check(t, v, 10), 0);
		assert_int_equal(rad_attr_check(t, v, 9), -EBADMSG);
		v[1] = 128;
		assert_int_equal(rad_attr_check(t, v, 18), 0);
		assert_int_equal(rad_attr_check(t, v, 17), -EBADMSG);
		v[1] = 129;
		assert_int_equal(rad_attr_check(t, v, 18), -EBADMSG);
		v[1] = 255;
		assert_int_equal(rad_attr_check(t, v, 18), -EBADMSG);
		v[1] = 0;
		assert_int_equal(rad_attr_check(t, v, 19), -EBADMSG);
	}
}

static void
test_names(void **state)
{
	static const uint8_t known[] = { RAD_A_USER_NAME, RAD_A_USER_PASSWORD,
		RAD_A_CHAP_PASSWORD, RAD_A_NAS_IP_ADDRESS, RAD_A_NAS_PORT,
		RAD_A_SERVICE_TYPE, RAD_A_FRAMED_PROTOCOL,
		RAD_A_FRAMED_IP_ADDRESS, RAD_A_FRAMED_IP_NETMASK,
		RAD_A_FILTER_ID, RAD_A_FRAMED_MTU, RAD_A_REPLY_MESSAGE,
		RAD_A_FRAMED_ROUTE, RAD_A_STATE, RAD_A_CLASS,
		RAD_A_VENDOR_SPECIFIC, RAD_A_SESSION_TIMEOUT,
		RAD_A_IDLE_TIMEOUT, RAD_A_TERMINATION_ACTION,
		RAD_A_CALLED_STATION_ID, RAD_A_CALLING_STATION_ID,
		RAD_A_NAS_IDENTIFIER, RAD_A_PROXY_STATE,
		RAD_A_ACCT_STATUS_TYPE, RAD_A_ACCT_DELAY_TIME,
		RAD_A_ACCT_INPUT_OCTETS, RAD_A_ACCT_OUTPUT_OCTETS,
		RAD_A_ACCT_SESSION_ID, RAD_A_ACCT_AUTHENTIC,
		RAD_A_ACCT_SESSION_TIME, RAD_A_ACCT_INPUT_PACKETS,
		RAD_A_ACCT_OUTPUT_PACKETS, RAD_A_ACCT_TERMINATE_CAUSE,
		RAD_A_ACCT_MULTI_SESSION_ID, RAD_A_ACCT_INPUT_GIGAWORDS,
		RAD_A_ACCT_OUTPUT_GIGAWORDS, RAD_A_EVENT_TIMESTAMP,
		RAD_A_CHAP_CHALLENGE, RAD_A_NAS_PORT_TYPE, RAD_A_TUNNEL_TYPE,
		RAD_A_TUNNEL_MEDIUM_TYPE, RAD_A_TUNNEL_CLIENT_ENDPOINT,
		RAD_A_TUNNEL_SERVER_ENDPOINT, RAD_A_CONNECT_INFO,
		RAD_A_MESSAGE_AUTHENTICATOR, RAD_A_TUNNEL_ASSIGNMENT_ID,
		RAD_A_ACCT_INTERIM_INTERVAL, RAD_A_NAS_PORT_ID,
		RAD_A_FRAMED_POOL, RAD_A_TUNNEL_CLIENT_AUTH_ID,
		RAD_A_TUNNEL_SERVER_AUTH_ID, RAD_A_NAS_IPV6_ADDRESS,
		RAD_A_FRAMED_INTERFACE_ID, RAD_A_FRAMED_IPV6_PREFIX,
		RAD_A_ERROR_CAUSE, RAD_A_DELEGATED_IPV6_PREFIX,
		RAD_A_DNS_SERVER_IPV6_ADDRESS };
	static const uint8_t codes[] = { RAD_ACCESS_REQUEST,
		RAD_ACCESS_ACCEPT, RAD_ACCESS_REJECT, RAD_ACCOUNTING_REQUEST,
		RAD_ACCOUNTING_RESPONSE, RAD_ACCESS_CHALLENGE,
		RAD_STATUS_SERVER, RAD_DISCONNECT_REQUEST, RAD_DISCONNECT_ACK,
		RAD_DISCONNECT_NAK, RAD_COA_REQUEST, RAD_COA_ACK, RAD_COA_NAK };
	size_t i;

	for (i = 0; i < sizeof(known); i++)
		if (rad_attr_name(known[i]) == NULL)
			fail_msg("attribute %u has no name", known[i]);
	for (i = 0; i < sizeof(codes); i++)
		if (rad_code_name(codes[i]) == NULL)
			fail_msg("code %u has no name", codes[i]);
	assert_string_equal(rad_attr_name(RAD_A_FRAMED_IP_ADDRESS),
		"Framed-IP-Address");
	assert_string_equal(rad_attr_name(RAD_A_DELEGATED_IPV6_PREFIX),
		"Delegated-IPv6-Prefix");
	assert_string_equal(rad_code_name(RAD_COA_NAK), "CoA-NAK");
	assert_null(rad_attr_name(0));
	assert_null(rad_attr_name(250));
	assert_null(rad_code_name(0));
	assert_null(rad_code_name(13));
}

/* ---- the builder: errors ----------------------------------------------- */

static void
test_builder_overflow(void **state)
{
	static const uint8_t ra[RAD_AUTH_LEN] = { 9 };
	static uint8_t buf[2 * RAD_PKT_MAX];
	uint8_t big[RAD_ATTR_VALUE_MAX + 1];
	struct rad_builder b;
	size_t len;
	int i;

	memset(big, 'v', sizeof(big));

	/* The header must fit. */
	rad_build_init(&b, buf, RAD_HDR_LEN - 1, RAD_ACCOUNTING_REQUEST, 1,
		NULL);
	assert_int_equal(b.err, -ENOBUFS);
	assert_int_equal(rad_finish_request(&b, SEC("s")), -ENOBUFS);
	rad_build_init(&b, NULL, 100, RAD_ACCOUNTING_REQUEST, 1, NULL);
	assert_int_equal(rad_finish_request(&b, SEC("s")), -EINVAL);

	/* At cap: the attribute that fits exactly, then one that does not;
	 * the error sticks (even a put that would fit does nothing). */
	rad_build_init(&b, buf, RAD_HDR_LEN + 10, RAD_ACCOUNTING_REQUEST, 1,
		NULL);
	rad_put(&b, RAD_A_CLASS, big, 8);
	assert_int_equal(b.err, 0);
	assert_int_equal(b.len, RAD_HDR_LEN + 10);
	rad_put_u32(&b, RAD_A_SESSION_TIMEOUT, 1);
	assert_int_equal(b.err, -ENOBUFS);
	assert_int_equal(b.len, RAD_HDR_LEN + 10);
	rad_put(&b, RAD_A_CLASS, big, 1);
	rad_put_message_authenticator(&b);
	assert_int_equal(b.len, RAD_HDR_LEN + 10);
	assert_int_equal(b.ma_off, 0);
	assert_int_equal(rad_finish_request(&b, SEC("s")), -ENOBUFS);

	/* At RAD_PKT_MAX with a larger buffer: 15 attributes of 255, one
	 * of 251 ends at 4096 exactly, then nothing more. */
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCOUNTING_REQUEST, 1, NULL);
	assert_int_equal(b.cap, RAD_PKT_MAX);
	for (i = 0; i < 15; i++)
		rad_put(&b, RAD_A_CLASS, big, RAD_ATTR_VALUE_MAX);
	rad_put(&b, RAD_A_CLASS, big, RAD_PKT_MAX - RAD_HDR_LEN - 15 * 255
		- 2);
	assert_int_equal(b.err, 0);
	assert_int_equal(b.len, RAD_PKT_MAX);
	len = b.len;
	rad_put(&b, RAD_A_CLASS, big, 1);
	assert_int_equal(b.err, -ENOBUFS);
	assert_int_equal(b.len, len);
	assert_int_equal(rad_finish_request(&b, SEC("s")), -ENOBUFS);
	/* Without the last one it is a valid 4096-octet packet. */
	b.err = 0;
	assert_int_equal(rad_finish_request(&b, SEC("s")), RAD_PKT_MAX);

	/* A value over 253 octets, and the first error sticks. */
	rad_build_init(&b, buf, RAD_HDR_LEN + 4, RAD_ACCOUNTING_REQUEST, 1,
		NULL);
	rad_put(&b, RAD_A_CLASS, big, RAD_ATTR_VALUE_MAX + 1);
	assert_int_equal(b.err, -EINVAL);
	rad_put(&b, RAD_A_CLASS, big, 10);
	assert_int_equal(rad_finish_request(&b, SEC("s")), -EINVAL);
	big[RAD_ATTR_VALUE_MAX] = '\0';			/* 253 characters */
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCOUNTING_REQUEST, 1, NULL);
	rad_put_str(&b, RAD_A_REPLY_MESSAGE, (const char *)big);
	assert_int_equal(b.err, 0);
	assert_int_equal(b.len, RAD_HDR_LEN + 255);

	/* Bad arguments. */
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCOUNTING_REQUEST, 1, NULL);
	rad_put(&b, RAD_A_CLASS, big, 0);		/* empty value */
	assert_int_equal(b.err, -EINVAL);
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCOUNTING_REQUEST, 1, NULL);
	rad_put_str(&b, RAD_A_USER_NAME, NULL);
	assert_int_equal(b.err, -EINVAL);
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCOUNTING_REQUEST, 1, NULL);
	rad_put_message_authenticator(&b);
	rad_put_message_authenticator(&b);		/* a second one */
	assert_int_equal(b.err, -EINVAL);
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCESS_REQUEST, 1, NULL);
	assert_int_equal(b.err, -EINVAL);		/* no authenticator */
	rad_build_init(&b, buf, sizeof(buf), RAD_STATUS_SERVER, 1, ra);
	/* A Status-Server without Message-Authenticator. */
	assert_int_equal(rad_finish_request(&b, SEC("s")), -EINVAL);
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCESS_ACCEPT, 1, NULL);
	assert_int_equal(rad_finish_request(&b, SEC("s")), -EINVAL);
	rad_build_init(&b, buf, sizeof(buf), RAD_COA_REQUEST, 1, NULL);
	assert_int_equal(rad_finish_response(&b, ra, SEC("s")), -EINVAL);
}

/* A request re-sent with another identifier, finished again. */
static void
test_set_id(void **state)
{
	static const uint8_t ra[RAD_AUTH_LEN] = { 0xee, 0xdd };
	struct rad_builder b;
	struct rad_pkt p;
	uint8_t buf[128], first[128];
	int n;

	rad_build_init(&b, buf, sizeof(buf), RAD_ACCESS_REQUEST, 1, ra);
	rad_put_message_authenticator(&b);
	rad_put_str(&b, RAD_A_USER_NAME, "u");
	n = rad_finish_request(&b, SEC("s"));
	assert_int_equal(n, RAD_HDR_LEN + 18 + 3);
	memcpy(first, buf, (size_t)n);
	rad_build_set_id(&b, 2);
	assert_int_equal(rad_finish_request(&b, SEC("s")), n);
	assert_int_equal(buf[1], 2);
	/* Another Message-Authenticator, verified. */
	assert_memory_not_equal(buf + 22, first + 22, 16);
	assert_int_equal(rad_parse(&p, buf, (size_t)n), 0);
	assert_int_equal(rad_verify_request(&p, SEC("s"), true), 0);
	/* And the same accounting request twice gives the same octets. */
	rad_build_init(&b, buf, sizeof(buf), RAD_ACCOUNTING_REQUEST, 1, NULL);
	rad_put_message_authenticator(&b);
	rad_put_u32(&b, RAD_A_ACCT_STATUS_TYPE, RAD_ACCT_INTERIM);
	n = rad_finish_request(&b, SEC("s"));
	memcpy(first, buf, (size_t)n);
	assert_int_equal(rad_finish_request(&b, SEC("s")), n);
	assert_memory_equal(buf, first, (size_t)n);
	assert_int_equal(rad_parse(&p, buf, (size_t)n), 0);
	assert_int_equal(rad_verify_request(&p, SEC("s"), true), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc2865_pap),
		cmocka_unit_test(test_rfc2865_chap),
		cmocka_unit_test(test_rfc5997_status_server),
		cmocka_unit_test(test_freeradius_accounting),
		cmocka_unit_test(test_freeradius_access),
		cmocka_unit_test(test_verify_request),
		cmocka_unit_test(test_verify_response),
		cmocka_unit_test(test_gigawords),
		cmocka_unit_test(test_tagged),
		cmocka_unit_test(test_vsa),
		cmocka_unit_test(test_vsa_parse_malformed),
		cmocka_unit_test(test_user_password),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_iterate),
		cmocka_unit_test(test_attr_check),
		cmocka_unit_test(test_attr_check_ipv6_prefix),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_builder_overflow),
		cmocka_unit_test(test_set_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
