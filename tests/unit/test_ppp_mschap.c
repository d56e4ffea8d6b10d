/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests for MS-CHAP-V2 (RFC 2759): every intermediate of the §9.2
 * example, the authenticator state machine, the client builder and a full
 * exchange between the two.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <nettle/md4.h>

#include "aaa_local.h"
#include "ppp_chap.h"

/* RFC 2759 §9.2: UserName "User", Password "clientPass". */
static const uint8_t user[] = "User";
static const uint8_t passwd[] = "clientPass";
static const uint8_t auth_chal[16] = { 0x5B, 0x5D, 0x7C, 0x7D, 0x7B, 0x3F,
	0x2F, 0x3E, 0x3C, 0x2C, 0x60, 0x21, 0x32, 0x26, 0x26, 0x28 };
static const uint8_t peer_chal[16] = { 0x21, 0x40, 0x23, 0x24, 0x25, 0x5E,
	0x26, 0x2A, 0x28, 0x29, 0x5F, 0x2B, 0x3A, 0x33, 0x7C, 0x7E };
static const uint8_t chal_hash[8] = { 0xD0, 0x2E, 0x43, 0x86, 0xBC, 0xE9,
	0x12, 0x26 };
static const uint8_t nt_hash[16] = { 0x44, 0xEB, 0xBA, 0x8D, 0x53, 0x12,
	0xB8, 0xD6, 0x11, 0x47, 0x44, 0x11, 0xF5, 0x69, 0x89, 0xAE };
static const uint8_t nt_resp[24] = { 0x82, 0x30, 0x9E, 0xCD, 0x8D, 0x70,
	0x8B, 0x5E, 0xA0, 0x8F, 0xAA, 0x39, 0x81, 0xCD, 0x83, 0x54, 0x42, 0x33,
	0x11, 0x4A, 0x3D, 0x85, 0xD6, 0xDF };
static const uint8_t hash_hash[16] = { 0x41, 0xC0, 0x0C, 0x58, 0x4B, 0xD2,
	0xD9, 0x1C, 0x40, 0x17, 0xA2, 0xA1, 0x2F, 0xA5, 0x9F, 0x3F };
static const char auth_resp[] = "S=407A5589115FD0D6209F510FE9C04566932CDA56";

#define ULEN	(sizeof(user) - 1)
#define PLEN	(sizeof(passwd) - 1)

static struct aaa_local *db;

static int
setup(void **state)
{
	db = aaa_local_create();
	if (db == NULL)
		return -1;
	return aaa_local_add_user(db, "User", "clientPass", 0, NULL);
}

static int
teardown(void **state)
{
	aaa_local_free(db);
	return 0;
}

/* ---- RFC 2759 §9.2 intermediates ---- */

static void
test_challenge_hash(void **state)
{
	uint8_t c[8];

	ppp_mschap_challenge_hash(peer_chal, auth_chal, user, ULEN, c);
	assert_memory_equal(c, chal_hash, 8);
	/* §8.2: a prepended domain is not hashed. */
	ppp_mschap_challenge_hash(peer_chal, auth_chal,
	    (const uint8_t *)"CORP\\User", 9, c);
	assert_memory_equal(c, chal_hash, 8);
}

static void
test_nt_password_hash(void **state)
{
	uint8_t h[16], hh[16];

	assert_int_equal(ppp_mschap_nt_password_hash(passwd, PLEN, h), 0);
	assert_memory_equal(h, nt_hash, 16);
	ppp_mschap_hash_nt_password_hash(h, hh);
	assert_memory_equal(hh, hash_hash, 16);
}

static void
test_nt_response(void **state)
{
	uint8_t r[24];

	ppp_mschap_challenge_response(chal_hash, nt_hash, r);
	assert_memory_equal(r, nt_resp, 24);
	memset(r, 0, sizeof(r));
	assert_int_equal(ppp_mschap_nt_response(auth_chal, peer_chal, user,
	    ULEN, passwd, PLEN, r), 0);
	assert_memory_equal(r, nt_resp, 24);
}

static void
test_auth_response(void **state)
{
	char s[PPP_MSCHAP_AUTH_RESP_LEN + 1];

	assert_int_equal(ppp_mschap_auth_response(passwd, PLEN, nt_resp,
	    peer_chal, auth_chal, user, ULEN, s), 0);
	assert_string_equal(s, auth_resp);
}

/* UTF-8 -> UTF-16LE before MD4 (§8.3), checked against nettle MD4 of a
 * hand-written UTF-16LE string. */
static void
test_password_unicode(void **state)
{
	/* "é" U+00E9 and U+1F600 (a surrogate pair D83D DE00). */
	static const uint8_t utf8[] = { 'a', 0xC3, 0xA9, 0xF0, 0x9F, 0x98,
	    0x80 };
	static const uint8_t utf16[] = { 'a', 0, 0xE9, 0, 0x3D, 0xD8, 0x00,
	    0xDE };
	static const uint8_t bad1[] = { 0xC3 };		/* truncated */
	static const uint8_t bad2[] = { 0xC0, 0xAF };	/* overlong '/' */
	static const uint8_t bad3[] = { 0xED, 0xA0, 0x80 };	/* surrogate */
	static const uint8_t bad4[] = { 0xFF };
	uint8_t h[16], want[16], big[257];
	struct md4_ctx ctx;

	md4_init(&ctx);
	md4_update(&ctx, sizeof(utf16), utf16);
	md4_digest(&ctx, sizeof(want), want);
	assert_int_equal(ppp_mschap_nt_password_hash(utf8, sizeof(utf8), h),
	    0);
	assert_memory_equal(h, want, 16);

	assert_int_equal(ppp_mschap_nt_password_hash(bad1, 1, h), -EILSEQ);
	assert_int_equal(ppp_mschap_nt_password_hash(bad2, 2, h), -EILSEQ);
	assert_int_equal(ppp_mschap_nt_password_hash(bad3, 3, h), -EILSEQ);
	assert_int_equal(ppp_mschap_nt_password_hash(bad4, 1, h), -EILSEQ);
	memset(big, 'x', sizeof(big));
	assert_int_equal(ppp_mschap_nt_password_hash(big, 256, h), 0);
	assert_int_equal(ppp_mschap_nt_password_hash(big, 257, h), -E2BIG);
	assert_int_equal(ppp_mschap_nt_password_hash(big, 0, h), 0);
}

/* ---- authenticator and client ---- */

static uint8_t chal_pkt[300];
static int chal_len;

static void
server_start(struct ppp_chap_server *s)
{
	struct ppp_chap_server_conf conf = { .algo = PPP_CHAP_MSCHAPV2,
	    .name = "lns", .timeout = 100, .verify = aaa_local_chap_verify,
	    .verify_arg = db };

	chal_len = ppp_chap_server_start(s, &conf, 0, chal_pkt,
	    sizeof(chal_pkt));
	assert_int_equal(chal_len, 4 + 1 + 16 + 3);
}

/* The §9.2 example through the state machine: our challenge forced. */
static void
test_server_rfc_vector(void **state)
{
	struct ppp_chap_server s;
	struct ppp_chap_msg ch;
	uint8_t resp[300], out[300];
	char expect[PPP_MSCHAP_AUTH_RESP_LEN + 1];
	int rl, n;

	server_start(&s);
	memcpy(s.challenge, auth_chal, 16);
	ch = (struct ppp_chap_msg){ .code = PPP_CHAP_CHALLENGE, .id = s.id,
	    .value_len = 16, .value = auth_chal };
	rl = ppp_chap_client_mschapv2_response(resp, sizeof(resp), &ch,
	    peer_chal, user, ULEN, passwd, PLEN, expect);
	assert_int_equal(rl, 4 + 1 + 49 + 4);
	assert_string_equal(expect, auth_resp);
	/* §4 layout: Peer-Challenge, 8 zeroes, NT-Response, Flags 0. */
	assert_int_equal(resp[4], 49);
	assert_memory_equal(resp + 5, peer_chal, 16);
	assert_memory_equal(resp + 5 + 24, nt_resp, 24);
	assert_int_equal(resp[5 + 48], 0);
	assert_memory_equal(resp + 5 + 49, "User", 4);

	n = ppp_chap_server_input(&s, resp, (size_t)rl, out, sizeof(out));
	assert_int_equal(s.state, PPP_CHAP_ST_SUCCESS);
	assert_int_equal(out[0], PPP_CHAP_SUCCESS);
	assert_int_equal(out[1], s.id);
	assert_int_equal(n, 4 + 42 + strlen(" M=Access granted"));
	assert_memory_equal(out + 4,
	    "S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Access granted",
	    (size_t)n - 4);
	assert_true(ppp_mschap_client_check_success(out + 4, (size_t)n - 4,
	    expect));
}

static void
test_full_exchange(void **state)
{
	struct ppp_chap_server s;
	struct ppp_chap_msg ch;
	uint8_t resp[300], out[300], again[300], pc[16];
	char expect[PPP_MSCHAP_AUTH_RESP_LEN + 1];
	int rl, n, i;

	server_start(&s);
	assert_int_equal(ppp_chap_parse(&ch, chal_pkt, (size_t)chal_len), 0);
	assert_int_equal(ch.value_len, 16);
	assert_memory_equal(ch.name, "lns", 3);
	for (i = 0; i < 16; i++)
		pc[i] = (uint8_t)(i * 37 + 1);
	rl = ppp_chap_client_mschapv2_response(resp, sizeof(resp), &ch, pc,
	    user, ULEN, passwd, PLEN, expect);
	assert_true(rl > 0);
	n = ppp_chap_server_input(&s, resp, (size_t)rl, out, sizeof(out));
	assert_true(n > 4);
	assert_int_equal(out[0], PPP_CHAP_SUCCESS);
	assert_true(ppp_mschap_client_check_success(out + 4, (size_t)n - 4,
	    expect));
	assert_string_equal(s.auth_resp, expect);
	assert_memory_equal(s.peer, "User", 4);
	/* Duplicate Response: identical Success. */
	assert_int_equal(ppp_chap_server_input(&s, resp, (size_t)rl, again,
	    sizeof(again)), n);
	assert_memory_equal(again, out, (size_t)n);
}

static void
test_wrong_password(void **state)
{
	struct ppp_chap_server s;
	struct ppp_chap_msg ch;
	uint8_t resp[300], out[300];
	char expect[PPP_MSCHAP_AUTH_RESP_LEN + 1], want[200], hex[33];
	int rl, n, i;

	server_start(&s);
	assert_int_equal(ppp_chap_parse(&ch, chal_pkt, (size_t)chal_len), 0);
	rl = ppp_chap_client_mschapv2_response(resp, sizeof(resp), &ch,
	    peer_chal, user, ULEN, (const uint8_t *)"clientpass", 10, expect);
	n = ppp_chap_server_input(&s, resp, (size_t)rl, out, sizeof(out));
	assert_int_equal(out[0], PPP_CHAP_FAILURE);
	assert_int_equal(s.state, PPP_CHAP_ST_FAILURE);
	/* RFC 2759 §6: E=691 R=0 C=<our challenge, 32 hex> V=3 M=... */
	for (i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02X", s.challenge[i]);
	snprintf(want, sizeof(want), "E=691 R=0 C=%s V=3 M=Access denied",
	    hex);
	assert_int_equal(n, 4 + strlen(want));
	assert_memory_equal(out + 4, want, strlen(want));
	assert_false(ppp_mschap_client_check_success(out + 4, (size_t)n - 4,
	    expect));
	/* Duplicate Response: Failure again. */
	assert_int_equal(ppp_chap_server_input(&s, resp, (size_t)rl, out,
	    sizeof(out)), n);
	assert_int_equal(out[0], PPP_CHAP_FAILURE);

	/* Unknown user. */
	server_start(&s);
	assert_int_equal(ppp_chap_parse(&ch, chal_pkt, (size_t)chal_len), 0);
	rl = ppp_chap_client_mschapv2_response(resp, sizeof(resp), &ch,
	    peer_chal, (const uint8_t *)"user", 4, passwd, PLEN, expect);
	assert_true(ppp_chap_server_input(&s, resp, (size_t)rl, out,
	    sizeof(out)) > 0);
	assert_int_equal(out[0], PPP_CHAP_FAILURE);
}

static void
test_malformed_response(void **state)
{
	struct ppp_chap_server s;
	uint8_t resp[600], out[300], v[49] = { 0 }, name[256];
	int rl;

	server_start(&s);
	/* Value-Size 48 (MD5-like sizes are not MS-CHAP-V2). */
	rl = ppp_chap_build(resp, sizeof(resp), PPP_CHAP_RESPONSE, s.id, v, 48,
	    user, ULEN);
	assert_int_equal(ppp_chap_server_input(&s, resp, (size_t)rl, out,
	    sizeof(out)), -EBADMSG);
	/* Name over 255 octets. */
	memset(name, 'n', sizeof(name));
	rl = ppp_chap_build(resp, sizeof(resp), PPP_CHAP_RESPONSE, s.id, v, 49,
	    name, sizeof(name));
	assert_int_equal(ppp_chap_server_input(&s, resp, (size_t)rl, out,
	    sizeof(out)), -EBADMSG);
	/* Length shorter than Value-Size says. */
	rl = ppp_chap_build(resp, sizeof(resp), PPP_CHAP_RESPONSE, s.id, v, 49,
	    user, ULEN);
	resp[2] = 0;
	resp[3] = 4 + 1 + 40;
	assert_int_equal(ppp_chap_server_input(&s, resp, (size_t)rl, out,
	    sizeof(out)), -EBADMSG);
	/* Buffer shorter than Length. */
	resp[3] = (uint8_t)rl;
	assert_int_equal(ppp_chap_server_input(&s, resp, (size_t)rl - 1, out,
	    sizeof(out)), -EBADMSG);
	assert_int_equal(s.malformed, 4);
	assert_int_equal(s.state, PPP_CHAP_ST_WAIT_RESP);
	/* The well-formed all-zero Response is simply wrong. */
	assert_true(ppp_chap_server_input(&s, resp, (size_t)rl, out,
	    sizeof(out)) > 0);
	assert_int_equal(out[0], PPP_CHAP_FAILURE);
}

static void
test_client_checks(void **state)
{
	struct ppp_chap_msg ch = { .value_len = 8, .value = auth_chal };
	uint8_t out[300], msg[64];
	char expect[PPP_MSCHAP_AUTH_RESP_LEN + 1];

	/* A Challenge value other than 16 octets is refused. */
	assert_int_equal(ppp_chap_client_mschapv2_response(out, sizeof(out),
	    &ch, peer_chal, user, ULEN, passwd, PLEN, expect), -EBADMSG);
	memcpy(expect, auth_resp, sizeof(auth_resp));
	memcpy(msg, auth_resp, 42);
	assert_true(ppp_mschap_client_check_success(msg, 42, expect));
	memcpy(msg + 42, " M=ok", 5);
	assert_true(ppp_mschap_client_check_success(msg, 47, expect));
	assert_false(ppp_mschap_client_check_success(msg, 41, expect));
	msg[42] = 'X';
	assert_false(ppp_mschap_client_check_success(msg, 47, expect));
	msg[42] = ' ';
	msg[2] = '5';
	assert_false(ppp_mschap_client_check_success(msg, 47, expect));
	/* Lower-case hex is not accepted (§5: MUST be upper-case). */
	memcpy(msg, "S=407a", 6);
	assert_false(ppp_mschap_client_check_success(msg, 47, expect));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_challenge_hash),
		cmocka_unit_test(test_nt_password_hash),
		cmocka_unit_test(test_nt_response),
		cmocka_unit_test(test_auth_response),
		cmocka_unit_test(test_password_unicode),
		cmocka_unit_test(test_server_rfc_vector),
		cmocka_unit_test(test_full_exchange),
		cmocka_unit_test(test_wrong_password),
		cmocka_unit_test(test_malformed_response),
		cmocka_unit_test(test_client_checks),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
