/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests for PAP (RFC 1334 §2) and CHAP-MD5 (RFC 1994): codec,
 * authenticator state machines, client builders. MS-CHAP-V2 is in
 * test_ppp_mschap.c.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "aaa_local.h"
#include "ppp_chap.h"
#include "ppp_pap.h"

static struct aaa_local *db;

static int
setup(void **state)
{
	db = aaa_local_create();
	if (db == NULL)
		return -1;
	if (aaa_local_add_user(db, "alice", "wonderland", 0, NULL) != 0 ||
	    aaa_local_add_user(db, "bob", "builder", 0, NULL) != 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	aaa_local_free(db);
	db = NULL;
	return 0;
}

/* Verify callback counting its calls, delegating to the local AAA. */
static int verify_calls;

static int
count_verify(void *arg, const uint8_t *peer, size_t peer_len,
	const uint8_t *pw, size_t pw_len)
{
	verify_calls++;
	return aaa_local_pap_verify(arg, peer, peer_len, pw, pw_len);
}

static int
pending_verify(void *arg, const uint8_t *peer, size_t peer_len,
	const uint8_t *pw, size_t pw_len)
{
	verify_calls++;
	return -EINPROGRESS;
}

static int
pap_req(uint8_t *buf, uint8_t id, const char *user, const char *pw)
{
	return ppp_pap_client_request(buf, 600, id, (const uint8_t *)user,
	    strlen(user), (const uint8_t *)pw, strlen(pw));
}

static void
pap_start(struct ppp_pap_server *s, ppp_pap_verify_cb cb, uint16_t fails)
{
	struct ppp_pap_server_conf conf = { .timeout = 3000,
	    .max_failures = fails, .verify = cb, .verify_arg = db };

	verify_calls = 0;
	ppp_pap_server_start(s, &conf, 1000);
}

/* ---- PAP ---- */

static void
test_pap_parse(void **state)
{
	/* Hand-built: Code 1, Id 7, Length 11, "ab", "xyz", 3 pad octets. */
	static const uint8_t pkt[] = { 1, 7, 0, 11, 2, 'a', 'b', 3, 'x', 'y',
	    'z', 0xee, 0xee, 0xee };
	struct ppp_pap_req r;
	uint8_t buf[64];

	assert_int_equal(ppp_pap_parse_req(&r, pkt, sizeof(pkt)), 0);
	assert_int_equal(r.id, 7);
	assert_int_equal(r.peer_len, 2);
	assert_memory_equal(r.peer, "ab", 2);
	assert_int_equal(r.passwd_len, 3);
	assert_memory_equal(r.passwd, "xyz", 3);
	/* Builder gives the same octets (without the padding). */
	assert_int_equal(ppp_pap_client_request(buf, sizeof(buf), 7,
	    (const uint8_t *)"ab", 2, (const uint8_t *)"xyz", 3), 11);
	assert_memory_equal(buf, pkt, 11);
	assert_int_equal(ppp_pap_client_request(buf, 10, 7,
	    (const uint8_t *)"ab", 2, (const uint8_t *)"xyz", 3), -ENOBUFS);
	/* Empty peer-id and password are well-formed. */
	assert_int_equal(ppp_pap_client_request(buf, sizeof(buf), 1, NULL, 0,
	    NULL, 0), 6);
	assert_int_equal(ppp_pap_parse_req(&r, buf, 6), 0);
	assert_int_equal(r.peer_len + r.passwd_len, 0);
}

static void
test_pap_malformed(void **state)
{
	/* Each is one octet short somewhere. */
	static const uint8_t short_hdr[] = { 1, 1, 0 };
	static const uint8_t len_small[] = { 1, 1, 0, 3, 0, 0 };
	static const uint8_t len_big[] = { 1, 1, 0, 9, 1, 'a', 1, 'b' };
	static const uint8_t no_peerlen[] = { 1, 1, 0, 4 };
	static const uint8_t peer_over[] = { 1, 1, 0, 8, 4, 'a', 'b', 'c' };
	static const uint8_t no_pwlen[] = { 1, 1, 0, 6, 1, 'a' };
	static const uint8_t pw_over[] = { 1, 1, 0, 9, 1, 'a', 3, 'b', 'c',
	    'd' };
	struct ppp_pap_server s;
	struct ppp_pap_req r;
	uint8_t out[64];

	assert_int_equal(ppp_pap_parse_req(&r, short_hdr, sizeof(short_hdr)),
	    -EBADMSG);
	assert_int_equal(ppp_pap_parse_req(&r, len_small, sizeof(len_small)),
	    -EBADMSG);
	assert_int_equal(ppp_pap_parse_req(&r, len_big, sizeof(len_big)),
	    -EBADMSG);
	assert_int_equal(ppp_pap_parse_req(&r, no_peerlen,
	    sizeof(no_peerlen)), -EBADMSG);
	assert_int_equal(ppp_pap_parse_req(&r, peer_over, sizeof(peer_over)),
	    -EBADMSG);
	assert_int_equal(ppp_pap_parse_req(&r, no_pwlen, sizeof(no_pwlen)),
	    -EBADMSG);
	/* Length says 9: the password length 3 runs past it. */
	assert_int_equal(ppp_pap_parse_req(&r, pw_over, sizeof(pw_over)),
	    -EBADMSG);

	pap_start(&s, count_verify, 0);
	assert_int_equal(ppp_pap_server_input(&s, pw_over, sizeof(pw_over),
	    out, sizeof(out)), -EBADMSG);
	assert_int_equal(s.malformed, 1);
	assert_int_equal(s.state, PPP_PAP_ST_WAIT_REQ);
	assert_int_equal(verify_calls, 0);
	/* An Ack sent to the authenticator is ignored. */
	assert_int_equal(ppp_pap_build_reply(out, sizeof(out),
	    PPP_PAP_AUTH_ACK, 1, "x"), 6);
	assert_int_equal(ppp_pap_server_input(&s, out, 6, out, sizeof(out)),
	    0);
}

static void
test_pap_ack(void **state)
{
	struct ppp_pap_server s;
	uint8_t req[600], out[300];
	const uint8_t *msg;
	size_t mlen;
	uint8_t code, id;
	int n, rl;

	pap_start(&s, count_verify, 0);
	rl = pap_req(req, 42, "alice", "wonderland");
	n = ppp_pap_server_input(&s, req, (size_t)rl, out, sizeof(out));
	assert_int_equal(n, 4 + 1 + strlen("Login ok"));
	assert_int_equal(s.state, PPP_PAP_ST_SUCCESS);
	assert_int_equal(s.peer_len, 5);
	assert_memory_equal(s.peer, "alice", 5);
	assert_int_equal(ppp_pap_client_parse_reply(out, (size_t)n, &code,
	    &id, &msg, &mlen), 0);
	assert_int_equal(code, PPP_PAP_AUTH_ACK);
	assert_int_equal(id, 42);
	assert_int_equal(mlen, 8);
	assert_memory_equal(msg, "Login ok", 8);

	/* Retransmission (our Ack was lost): same Ack, AAA not asked. */
	memset(out, 0, sizeof(out));
	assert_int_equal(ppp_pap_server_input(&s, req, (size_t)rl, out,
	    sizeof(out)), n);
	assert_int_equal(out[0], PPP_PAP_AUTH_ACK);
	assert_int_equal(out[1], 42);
	assert_int_equal(verify_calls, 1);
	/* The timer no longer matters. */
	assert_int_equal(ppp_pap_server_timer(&s, 1000000),
	    PPP_PAP_ST_SUCCESS);
}

static void
test_pap_nak(void **state)
{
	struct ppp_pap_server s;
	uint8_t req[600], out[300];
	const uint8_t *msg;
	uint8_t code, id;
	size_t mlen;
	int n, rl;

	/* Two failures allowed: first Nak keeps waiting. */
	pap_start(&s, count_verify, 2);
	rl = pap_req(req, 1, "alice", "wonderlan");
	n = ppp_pap_server_input(&s, req, (size_t)rl, out, sizeof(out));
	assert_true(n > 0);
	assert_int_equal(ppp_pap_client_parse_reply(out, (size_t)n, &code,
	    &id, &msg, &mlen), 0);
	assert_int_equal(code, PPP_PAP_AUTH_NAK);
	assert_int_equal(id, 1);
	assert_memory_equal(msg, "Authentication failed", mlen);
	assert_int_equal(s.state, PPP_PAP_ST_WAIT_REQ);
	/* Retransmission: same Nak, no new verification. */
	assert_int_equal(ppp_pap_server_input(&s, req, (size_t)rl, out,
	    sizeof(out)), n);
	assert_int_equal(out[0], PPP_PAP_AUTH_NAK);
	assert_int_equal(verify_calls, 1);
	/* Unknown user, new Id: second failure is final. */
	rl = pap_req(req, 2, "mallory", "wonderland");
	assert_true(ppp_pap_server_input(&s, req, (size_t)rl, out,
	    sizeof(out)) > 0);
	assert_int_equal(out[0], PPP_PAP_AUTH_NAK);
	assert_int_equal(s.state, PPP_PAP_ST_FAILURE);
	assert_int_equal(s.fail, PPP_PAP_FAIL_REJECTED);
	/* Right password now: still Nak, the state is final. */
	rl = pap_req(req, 3, "alice", "wonderland");
	assert_true(ppp_pap_server_input(&s, req, (size_t)rl, out,
	    sizeof(out)) > 0);
	assert_int_equal(out[0], PPP_PAP_AUTH_NAK);
	assert_int_equal(out[1], 3);
	assert_int_equal(verify_calls, 2);
}

static void
test_pap_limits_timeout(void **state)
{
	struct ppp_pap_server s;
	struct ppp_pap_server_conf conf = { .timeout = 3000,
	    .max_requests = 3, .max_failures = 100, .verify = count_verify,
	    .verify_arg = db };
	uint8_t req[600], out[300];
	int i, rl;

	ppp_pap_server_start(&s, &conf, 1000);
	assert_int_equal(ppp_pap_server_timer(&s, 3999), PPP_PAP_ST_WAIT_REQ);
	assert_int_equal(ppp_pap_server_timer(&s, 4000), PPP_PAP_ST_FAILURE);
	assert_int_equal(s.fail, PPP_PAP_FAIL_TIMEOUT);
	/* A late request is told Nak. */
	rl = pap_req(req, 9, "alice", "wonderland");
	assert_true(ppp_pap_server_input(&s, req, (size_t)rl, out,
	    sizeof(out)) > 0);
	assert_int_equal(out[0], PPP_PAP_AUTH_NAK);

	ppp_pap_server_start(&s, &conf, 1000);
	for (i = 0; i < 3; i++) {
		rl = pap_req(req, (uint8_t)i, "bob", "wrong");
		assert_true(ppp_pap_server_input(&s, req, (size_t)rl, out,
		    sizeof(out)) > 0);
	}
	rl = pap_req(req, 3, "bob", "builder");
	assert_int_equal(ppp_pap_server_input(&s, req, (size_t)rl, out,
	    sizeof(out)), -EPERM);
	assert_int_equal(s.state, PPP_PAP_ST_FAILURE);
	assert_int_equal(s.fail, PPP_PAP_FAIL_TOO_MANY);
	/* Not started: nothing happens. */
	memset(&s, 0, sizeof(s));
	assert_int_equal(ppp_pap_server_input(&s, req, (size_t)rl, out,
	    sizeof(out)), 0);
}

static void
test_pap_async(void **state)
{
	struct ppp_pap_server s;
	uint8_t req[600], out[300];
	int rl;

	pap_start(&s, pending_verify, 0);
	rl = pap_req(req, 5, "alice", "x");
	assert_int_equal(ppp_pap_server_input(&s, req, (size_t)rl, out,
	    sizeof(out)), 0);
	assert_int_equal(s.state, PPP_PAP_ST_PENDING);
	/* Retransmitted while pending: dropped. No timeout while pending. */
	assert_int_equal(ppp_pap_server_input(&s, req, (size_t)rl, out,
	    sizeof(out)), 0);
	assert_int_equal(ppp_pap_server_timer(&s, 1 << 30),
	    PPP_PAP_ST_PENDING);
	assert_int_equal(verify_calls, 1);
	assert_int_equal(ppp_pap_server_complete(&s, 0, out, 4), -ENOBUFS);
	assert_int_equal(s.state, PPP_PAP_ST_SUCCESS);
	assert_true(ppp_pap_server_input(&s, req, (size_t)rl, out,
	    sizeof(out)) > 0);
	assert_int_equal(out[0], PPP_PAP_AUTH_ACK);
	assert_int_equal(out[1], 5);
	assert_int_equal(ppp_pap_server_complete(&s, 0, out, sizeof(out)),
	    -EALREADY);
}

static void
test_pap_reply_parse(void **state)
{
	static const uint8_t bad[] = { 3, 1, 0, 6, 2, 'x' };
	static const uint8_t nomsg[] = { 2, 1, 0, 4 };
	uint8_t out[300], code, id;
	const uint8_t *msg;
	size_t mlen;
	char longmsg[300];

	assert_int_equal(ppp_pap_client_parse_reply(bad, sizeof(bad), &code,
	    &id, &msg, &mlen), -EBADMSG);
	assert_int_equal(ppp_pap_client_parse_reply(nomsg, sizeof(nomsg),
	    &code, &id, &msg, &mlen), -EBADMSG);
	memset(longmsg, 'm', sizeof(longmsg) - 1);
	longmsg[sizeof(longmsg) - 1] = '\0';
	/* Message truncated to the 255 its length octet can say. */
	assert_int_equal(ppp_pap_build_reply(out, sizeof(out),
	    PPP_PAP_AUTH_NAK, 1, longmsg), 4 + 1 + 255);
	assert_int_equal(ppp_pap_client_parse_reply(out, sizeof(out), &code,
	    &id, &msg, &mlen), 0);
	assert_int_equal(mlen, 255);
	assert_int_equal(ppp_pap_build_reply(out, sizeof(out), 1, 1, "x"),
	    -EINVAL);
}

/* ---- CHAP-MD5 ---- */

static void
test_chap_md5_vector(void **state)
{
	/* MD5(0x2a || "secret" || 00..0f), computed with md5sum. */
	static const uint8_t want[16] = { 0x03, 0xdc, 0x98, 0xc5, 0xa8, 0x32,
	    0x69, 0x2b, 0x49, 0xdf, 0x73, 0xcf, 0x48, 0xfc, 0xb4, 0xe9 };
	uint8_t chal[16], d[16];
	int i;

	for (i = 0; i < 16; i++)
		chal[i] = (uint8_t)i;
	ppp_chap_md5_compute(0x2a, (const uint8_t *)"secret", 6, chal, 16, d);
	assert_memory_equal(d, want, 16);
	assert_true(ppp_auth_memeq(d, want, 16));
	d[15] ^= 1;
	assert_false(ppp_auth_memeq(d, want, 16));
}

static uint8_t chap_out[600];

static int
chap_start(struct ppp_chap_server *s, uint8_t algo)
{
	struct ppp_chap_server_conf conf = { .algo = algo, .name = "lns1",
	    .timeout = 3000, .max_challenges = 3,
	    .verify = aaa_local_chap_verify, .verify_arg = db };

	return ppp_chap_server_start(s, &conf, 0, chap_out, sizeof(chap_out));
}

static void
test_chap_md5_roundtrip(void **state)
{
	struct ppp_chap_server s;
	struct ppp_chap_msg ch, re;
	uint8_t resp[300], out[300];
	int n, rl;

	n = chap_start(&s, PPP_CHAP_MD5);
	assert_int_equal(n, 4 + 1 + 16 + 4);
	assert_int_equal(ppp_chap_parse(&ch, chap_out, (size_t)n), 0);
	assert_int_equal(ch.code, PPP_CHAP_CHALLENGE);
	assert_int_equal(ch.value_len, 16);
	assert_int_equal(ch.id, s.id);
	assert_memory_equal(ch.value, s.challenge, 16);
	assert_int_equal(ch.name_len, 4);
	assert_memory_equal(ch.name, "lns1", 4);

	rl = ppp_chap_client_md5_response(resp, sizeof(resp), &ch,
	    (const uint8_t *)"builder", 7, (const uint8_t *)"bob", 3);
	assert_int_equal(rl, 4 + 1 + 16 + 3);
	assert_int_equal(ppp_chap_parse(&re, resp, (size_t)rl), 0);
	assert_int_equal(re.code, PPP_CHAP_RESPONSE);
	assert_int_equal(re.id, ch.id);

	n = ppp_chap_server_input(&s, resp, (size_t)rl, out, sizeof(out));
	assert_int_equal(n, 4 + strlen("Access granted"));
	assert_int_equal(out[0], PPP_CHAP_SUCCESS);
	assert_int_equal(out[1], ch.id);
	assert_memory_equal(out + 4, "Access granted", n - 4);
	assert_int_equal(s.state, PPP_CHAP_ST_SUCCESS);
	assert_memory_equal(s.peer, "bob", 3);
	/* Duplicate Response: Success again. */
	memset(out, 0, sizeof(out));
	assert_int_equal(ppp_chap_server_input(&s, resp, (size_t)rl, out,
	    sizeof(out)), n);
	assert_int_equal(out[0], PPP_CHAP_SUCCESS);
	/* Stale Identifier: dropped. */
	resp[1]++;
	assert_int_equal(ppp_chap_server_input(&s, resp, (size_t)rl, out,
	    sizeof(out)), 0);
	assert_int_equal(s.ignored, 1);
	/* No retransmission once done. */
	assert_int_equal(ppp_chap_server_timer(&s, 1 << 20, out,
	    sizeof(out)), 0);
}

/* A verifier that answers later (as RADIUS does), keeping the request. */
static struct ppp_chap_response pend_r;
static uint8_t pend_chal[16];
static int pend_calls;

static int
pending_chap(void *arg, const struct ppp_chap_response *r,
	char auth_resp[PPP_MSCHAP_AUTH_RESP_LEN + 1])
{
	pend_calls++;
	pend_r = *r;
	memcpy(pend_chal, r->challenge, sizeof(pend_chal));
	return -EINPROGRESS;
}

static void
test_chap_async(void **state)
{
	struct ppp_chap_server_conf conf = { .algo = PPP_CHAP_MD5,
	    .name = "lns1", .timeout = 3000, .max_challenges = 3,
	    .verify = pending_chap };
	char ar[PPP_MSCHAP_AUTH_RESP_LEN + 1];
	struct ppp_chap_server s;
	struct ppp_chap_msg ch;
	uint8_t resp[300], out[300];
	int n, rl;

	pend_calls = 0;
	n = ppp_chap_server_start(&s, &conf, 0, chap_out, sizeof(chap_out));
	assert_int_equal(ppp_chap_parse(&ch, chap_out, (size_t)n), 0);
	rl = ppp_chap_client_md5_response(resp, sizeof(resp), &ch,
	    (const uint8_t *)"builder", 7, (const uint8_t *)"bob", 3);
	/* Handed over: nothing sent, the verifier saw our challenge. */
	assert_int_equal(ppp_chap_server_input(&s, resp, (size_t)rl, out,
	    sizeof(out)), 0);
	assert_int_equal(s.state, PPP_CHAP_ST_PENDING);
	assert_int_equal(pend_calls, 1);
	assert_int_equal(pend_r.challenge_len, 16);
	assert_memory_equal(pend_chal, s.challenge, 16);
	assert_int_equal(pend_r.id, ch.id);
	/* The peer retransmits meanwhile: not asked twice, no answer. */
	assert_int_equal(ppp_chap_server_input(&s, resp, (size_t)rl, out,
	    sizeof(out)), 0);
	assert_int_equal(pend_calls, 1);
	/* No new Challenge while the verifier works. */
	assert_int_equal(ppp_chap_server_timer(&s, 100000, out, sizeof(out)),
	    0);
	/* What the local users would answer for the kept request. */
	pend_r.challenge = pend_chal;
	pend_r.name = (const uint8_t *)"bob";
	pend_r.value = resp + 5;
	assert_int_equal(aaa_local_chap_verify(db, &pend_r, ar), 0);
	/* The answer: Success with the verifier's message. */
	n = ppp_chap_server_complete(&s, 0, NULL, "Welcome", out, sizeof(out));
	assert_int_equal(n, 4 + 7);
	assert_int_equal(out[0], PPP_CHAP_SUCCESS);
	assert_memory_equal(out + 4, "Welcome", 7);
	assert_int_equal(s.state, PPP_CHAP_ST_SUCCESS);
	assert_int_equal(ppp_chap_server_complete(&s, 0, NULL, NULL, out,
	    sizeof(out)), -EALREADY);
	/* A rejection. */
	n = ppp_chap_server_start(&s, &conf, 0, chap_out, sizeof(chap_out));
	assert_int_equal(ppp_chap_parse(&ch, chap_out, (size_t)n), 0);
	rl = ppp_chap_client_md5_response(resp, sizeof(resp), &ch,
	    (const uint8_t *)"builder", 7, (const uint8_t *)"bob", 3);
	ppp_chap_server_input(&s, resp, (size_t)rl, out, sizeof(out));
	n = ppp_chap_server_complete(&s, -EACCES, NULL, NULL, out,
	    sizeof(out));
	assert_int_equal(out[0], PPP_CHAP_FAILURE);
	assert_memory_equal(out + 4, "Access denied", n - 4);
	assert_int_equal(s.state, PPP_CHAP_ST_FAILURE);
}

/* MS-CHAP-V2 accepted without the authenticator response: a failure. */
static void
test_chap_async_mschap_needs_proof(void **state)
{
	struct ppp_chap_server_conf conf = { .algo = PPP_CHAP_MSCHAPV2,
	    .name = "lns1", .timeout = 3000, .verify = pending_chap };
	static const uint8_t peer_chal[16] = { 1, 2, 3 };
	char expect[PPP_MSCHAP_AUTH_RESP_LEN + 1], good[] =
	    "S=0123456789ABCDEF0123456789ABCDEF01234567";
	struct ppp_chap_server s;
	struct ppp_chap_msg ch;
	uint8_t resp[300], out[300];
	int n, rl;

	n = ppp_chap_server_start(&s, &conf, 0, chap_out, sizeof(chap_out));
	assert_int_equal(ppp_chap_parse(&ch, chap_out, (size_t)n), 0);
	rl = ppp_chap_client_mschapv2_response(resp, sizeof(resp), &ch,
	    peer_chal, (const uint8_t *)"bob", 3, (const uint8_t *)"builder",
	    7, expect);
	assert_true(rl > 0);
	ppp_chap_server_input(&s, resp, (size_t)rl, out, sizeof(out));
	assert_int_equal(s.state, PPP_CHAP_ST_PENDING);
	n = ppp_chap_server_complete(&s, 0, "S=nothex", NULL, out,
	    sizeof(out));
	assert_int_equal(out[0], PPP_CHAP_FAILURE);
	assert_int_equal(s.state, PPP_CHAP_ST_FAILURE);
	/* With a well-formed one: Success carrying it. */
	n = ppp_chap_server_start(&s, &conf, 0, chap_out, sizeof(chap_out));
	assert_int_equal(ppp_chap_parse(&ch, chap_out, (size_t)n), 0);
	rl = ppp_chap_client_mschapv2_response(resp, sizeof(resp), &ch,
	    peer_chal, (const uint8_t *)"bob", 3, (const uint8_t *)"builder",
	    7, expect);
	ppp_chap_server_input(&s, resp, (size_t)rl, out, sizeof(out));
	n = ppp_chap_server_complete(&s, 0, good, NULL, out, sizeof(out));
	assert_int_equal(out[0], PPP_CHAP_SUCCESS);
	assert_memory_equal(out + 4, good, PPP_MSCHAP_AUTH_RESP_LEN);
}

static void
test_chap_md5_wrong(void **state)
{
	struct ppp_chap_server s;
	struct ppp_chap_msg ch;
	uint8_t resp[300], out[300];
	int n, rl;

	/* Wrong secret. */
	n = chap_start(&s, PPP_CHAP_MD5);
	assert_int_equal(ppp_chap_parse(&ch, chap_out, (size_t)n), 0);
	rl = ppp_chap_client_md5_response(resp, sizeof(resp), &ch,
	    (const uint8_t *)"Builder", 7, (const uint8_t *)"bob", 3);
	n = ppp_chap_server_input(&s, resp, (size_t)rl, out, sizeof(out));
	assert_int_equal(n, 4 + strlen("Access denied"));
	assert_int_equal(out[0], PPP_CHAP_FAILURE);
	assert_int_equal(s.state, PPP_CHAP_ST_FAILURE);
	assert_int_equal(ppp_chap_server_input(&s, resp, (size_t)rl, out,
	    sizeof(out)), n);
	assert_int_equal(out[0], PPP_CHAP_FAILURE);

	/* Unknown user; name compared exactly ("Bob" is not "bob"). */
	n = chap_start(&s, PPP_CHAP_MD5);
	assert_int_equal(ppp_chap_parse(&ch, chap_out, (size_t)n), 0);
	rl = ppp_chap_client_md5_response(resp, sizeof(resp), &ch,
	    (const uint8_t *)"builder", 7, (const uint8_t *)"Bob", 3);
	assert_true(ppp_chap_server_input(&s, resp, (size_t)rl, out,
	    sizeof(out)) > 0);
	assert_int_equal(out[0], PPP_CHAP_FAILURE);
}

static void
test_chap_malformed(void **state)
{
	struct ppp_chap_server s;
	struct ppp_chap_msg m;
	uint8_t resp[300], out[300], v[16] = { 0 };
	int rl;

	/* Value-Size 0, Value-Size past Length, Length past the buffer. */
	static const uint8_t zero_vs[] = { 2, 1, 0, 5, 0 };
	static const uint8_t vs_over[] = { 2, 1, 0, 8, 16, 1, 2, 3 };
	static const uint8_t len_over[] = { 2, 1, 0, 30, 1, 1 };
	static const uint8_t no_vs[] = { 2, 1, 0, 4 };

	assert_int_equal(ppp_chap_parse(&m, zero_vs, sizeof(zero_vs)),
	    -EBADMSG);
	assert_int_equal(ppp_chap_parse(&m, vs_over, sizeof(vs_over)),
	    -EBADMSG);
	assert_int_equal(ppp_chap_parse(&m, len_over, sizeof(len_over)),
	    -EBADMSG);
	assert_int_equal(ppp_chap_parse(&m, no_vs, sizeof(no_vs)), -EBADMSG);
	assert_int_equal(ppp_chap_parse(&m, no_vs, 3), -EBADMSG);

	chap_start(&s, PPP_CHAP_MD5);
	assert_int_equal(ppp_chap_server_input(&s, vs_over, sizeof(vs_over),
	    out, sizeof(out)), -EBADMSG);
	/* Well-formed CHAP but the wrong Value-Size for MD5. */
	rl = ppp_chap_build(resp, sizeof(resp), PPP_CHAP_RESPONSE, s.id, v, 15,
	    (const uint8_t *)"bob", 3);
	assert_int_equal(ppp_chap_server_input(&s, resp, (size_t)rl, out,
	    sizeof(out)), -EBADMSG);
	assert_int_equal(s.malformed, 2);
	assert_int_equal(s.state, PPP_CHAP_ST_WAIT_RESP);
	/* A Challenge or a Success sent to us is ignored. */
	assert_int_equal(ppp_chap_server_input(&s, chap_out, 25, out,
	    sizeof(out)), 0);
	rl = ppp_chap_build_status(resp, sizeof(resp), PPP_CHAP_SUCCESS, s.id,
	    "x", 1);
	assert_int_equal(ppp_chap_server_input(&s, resp, (size_t)rl, out,
	    sizeof(out)), 0);
	assert_int_equal(s.state, PPP_CHAP_ST_WAIT_RESP);
}

/*
 * Authenticating again (LCP renegotiated): the new round starts past the
 * last one's Identifiers, so a late Response to the old Challenge - here
 * with the old round's first Identifier - is discarded, never checked
 * against the new value (which would fail a good password).
 */
static void
test_chap_first_id(void **state)
{
	struct ppp_chap_server_conf conf = { .algo = PPP_CHAP_MD5,
	    .name = "lns1", .timeout = 3000, .max_challenges = 3,
	    .verify = aaa_local_chap_verify, .verify_arg = db };
	struct ppp_chap_server s;
	struct ppp_chap_msg ch;
	uint8_t resp[300], out[300];
	int n, rl;

	conf.first_id = PPP_CHAP_FIRST_ID(0xfa);
	n = ppp_chap_server_start(&s, &conf, 0, chap_out, sizeof(chap_out));
	assert_true(n > 0);
	assert_int_equal(ppp_chap_parse(&ch, chap_out, (size_t)n), 0);
	assert_int_equal(ch.id, 0xfa);
	rl = ppp_chap_client_md5_response(resp, sizeof(resp), &ch,
	    (const uint8_t *)"builder", 7, (const uint8_t *)"bob", 3);
	/* The next round: last Identifier + 16, wrapping. */
	conf.first_id = PPP_CHAP_FIRST_ID(0xfa + 16);
	n = ppp_chap_server_start(&s, &conf, 0, chap_out, sizeof(chap_out));
	assert_int_equal(chap_out[1], 0x0a);
	assert_int_equal(ppp_chap_server_input(&s, resp, (size_t)rl, out,
	    sizeof(out)), 0);
	assert_int_equal(s.ignored, 1);
	assert_int_equal(s.state, PPP_CHAP_ST_WAIT_RESP);
	/* 0 keeps the random first Identifier. */
	conf.first_id = 0;
	assert_true(ppp_chap_server_start(&s, &conf, 0, chap_out,
	    sizeof(chap_out)) > 0);
	assert_int_equal(chap_out[1], s.id);
}

static void
test_chap_retransmit(void **state)
{
	struct ppp_chap_server_conf conf = { .algo = 0x80 };
	struct ppp_chap_server s;
	struct ppp_chap_msg ch, ch2;
	uint8_t first[64], resp[300], out[300];
	int n, rl;

	n = chap_start(&s, PPP_CHAP_MD5);
	memcpy(first, chap_out, (size_t)n);
	assert_int_equal(ppp_chap_parse(&ch, first, (size_t)n), 0);
	assert_int_equal(s.transmits, 1);
	assert_int_equal(ppp_chap_server_timer(&s, 2999, out, sizeof(out)), 0);
	/* RFC 1994 §4.1: a new Identifier (and value) for each Challenge. */
	assert_int_equal(ppp_chap_server_timer(&s, 3000, out, sizeof(out)), n);
	assert_int_equal(ppp_chap_parse(&ch2, out, (size_t)n), 0);
	assert_int_equal(ch2.id, (uint8_t)(ch.id + 1));
	assert_memory_not_equal(ch2.value, ch.value, 16);
	assert_memory_equal(ch2.name, "lns1", 4);
	assert_int_equal(ppp_chap_server_timer(&s, 5999, out, sizeof(out)), 0);
	assert_int_equal(ppp_chap_server_timer(&s, 6000, out, sizeof(out)), n);
	assert_int_equal(out[1], (uint8_t)(ch.id + 2));
	assert_int_equal(s.transmits, 3);
	/* A late Response to the first Challenge is discarded. */
	rl = ppp_chap_client_md5_response(resp, sizeof(resp), &ch,
	    (const uint8_t *)"builder", 7, (const uint8_t *)"bob", 3);
	assert_int_equal(ppp_chap_server_input(&s, resp, (size_t)rl, out,
	    sizeof(out)), 0);
	assert_int_equal(s.ignored, 1);
	assert_int_equal(s.state, PPP_CHAP_ST_WAIT_RESP);
	/* max_challenges = 3: the next timeout gives up. */
	assert_int_equal(ppp_chap_server_timer(&s, 9000, out, sizeof(out)), 0);
	assert_int_equal(s.state, PPP_CHAP_ST_FAILURE);
	assert_true(s.timed_out);
	/* Bad algorithm (MS-CHAP-V1), then no room for the Challenge. */
	assert_int_equal(ppp_chap_server_start(&s, &conf, 0, out, sizeof(out)),
	    -EINVAL);
	conf.algo = PPP_CHAP_MD5;
	assert_int_equal(ppp_chap_server_start(&s, &conf, 0, out, 10),
	    -ENOBUFS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pap_parse),
		cmocka_unit_test(test_pap_malformed),
		cmocka_unit_test(test_pap_ack),
		cmocka_unit_test(test_pap_nak),
		cmocka_unit_test(test_pap_limits_timeout),
		cmocka_unit_test(test_pap_async),
		cmocka_unit_test(test_pap_reply_parse),
		cmocka_unit_test(test_chap_md5_vector),
		cmocka_unit_test(test_chap_md5_roundtrip),
		cmocka_unit_test(test_chap_md5_wrong),
		cmocka_unit_test(test_chap_async),
		cmocka_unit_test(test_chap_async_mschap_needs_proof),
		cmocka_unit_test(test_chap_malformed),
		cmocka_unit_test(test_chap_retransmit),
		cmocka_unit_test(test_chap_first_id),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
