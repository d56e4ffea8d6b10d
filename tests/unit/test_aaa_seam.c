/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests for the AAA seam (aaa.h): deferred answers, realms and
 * stripping, cancel, fallback to the local users, accounting routing,
 * and the local backend behind it. The "remote" backend here is a test
 * double standing in for RADIUS (the real one has its own tests).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "aaa.h"
#include "aaa_local_be.h"

#define u8(s) ((const uint8_t *)(s))

static struct aaa_local *users;
static struct aaa_local_be *local;
static struct aaa *a;

/* ---- the double: remembers requests, answers when told ---- */
static struct aaa_req *remote_req;
static char remote_user[64];
static int remote_cancels, remote_accts, local_accts;
static char last_acct_user[64];

static int
remote_start(void *be, struct aaa_req *r, const struct aaa_auth_req *req,
	     uint64_t now)
{
	remote_req = r;
	snprintf(remote_user, sizeof(remote_user), "%.*s", (int)req->user_len,
		 (const char *)req->user);
	return 0;
}

static void
remote_cancel(void *be, struct aaa_req *r)
{
	remote_cancels++;
	remote_req = NULL;
}

static int
remote_acct(void *be, const struct aaa_acct_rec *rec, uint64_t now)
{
	remote_accts++;
	snprintf(last_acct_user, sizeof(last_acct_user), "%s", rec->user);
	return 0;
}

static const struct aaa_backend_ops remote_ops = {
	.name = "radius", .start = remote_start, .cancel = remote_cancel,
	.acct = remote_acct,
};

static void
local_acct(void *ctx, const struct aaa_acct_rec *rec)
{
	local_accts++;
	snprintf(last_acct_user, sizeof(last_acct_user), "%s", rec->user);
}

/* ---- the caller's side ---- */
static int done_calls;
static struct aaa_result last;

static void
done(void *arg, const struct aaa_result *r)
{
	done_calls++;
	last = *r;
}

static int
setup(void **state)
{
	users = aaa_local_create();
	assert_int_equal(aaa_local_add_user(users, "alice", "pw", 0x0a000005,
					    "gold"), 0);
	assert_int_equal(aaa_local_add_user(users, "carol@isp", "pc", 0,
					    NULL), 0);
	local = aaa_local_be_create(users, local_acct, NULL);
	a = aaa_create();
	assert_int_equal(aaa_add_backend(a, &aaa_local_be_ops, local), 0);
	assert_int_equal(aaa_add_backend(a, &remote_ops, NULL), 0);
	assert_int_equal(aaa_add_backend(a, &remote_ops, NULL), -EEXIST);
	done_calls = remote_cancels = remote_accts = local_accts = 0;
	remote_req = NULL;
	return 0;
}

static int
teardown(void **state)
{
	aaa_free(a);
	aaa_local_be_free(local);
	aaa_local_free(users);
	return 0;
}

static int
pap(const char *user, const char *pw, struct aaa_req **h)
{
	struct aaa_auth_req req = { .method = AAA_PAP, .user = u8(user),
	    .user_len = strlen(user), .password = u8(pw),
	    .password_len = strlen(pw) };

	return aaa_authenticate(a, &req, done, NULL, h, 0);
}

static void
add_realm(const char *name, const char *backend, bool strip, bool fallback)
{
	struct aaa_realm_conf rc = { .backend = backend, .strip = strip,
	    .fallback_local = fallback };

	snprintf(rc.name, sizeof(rc.name), "%s", name);
	assert_int_equal(aaa_add_realm(a, &rc), 0);
}

/* The local backend answers on the next poll, never inside the call. */
static void
test_local_deferred(void **state)
{
	struct aaa_req *h;

	add_realm("", "local", false, false);
	assert_int_equal(pap("alice", "pw", &h), 0);
	assert_int_equal(done_calls, 0);
	aaa_poll(a, 1);
	assert_int_equal(done_calls, 1);
	assert_int_equal(last.status, 0);
	assert_string_equal(last.backend, "local");
	assert_int_equal(last.attrs.framed_ip, 0x0a000005);
	assert_string_equal(last.attrs.pool, "gold");
	assert_int_equal(pap("alice", "bad", &h), 0);
	aaa_poll(a, 2);
	assert_int_equal(last.status, -EACCES);
	assert_int_equal(aaa_stats(a)->accepts, 1);
	assert_int_equal(aaa_stats(a)->rejects, 1);
	assert_int_equal(aaa_stats(a)->pending, 0);
}

/* A cancelled request never calls back, answered or not. */
static void
test_cancel(void **state)
{
	struct aaa_req *h;

	add_realm("", "local", false, false);
	add_realm("isp", "radius", false, false);
	assert_int_equal(pap("alice", "pw", &h), 0);
	aaa_cancel(h);
	aaa_poll(a, 1);
	assert_int_equal(done_calls, 0);
	/* Answered but not yet delivered. */
	assert_int_equal(pap("x@isp", "pw", &h), 0);
	struct aaa_result res = { .status = 0, .backend = "radius" };
	aaa_complete(remote_req, &res);
	aaa_cancel(h);
	aaa_poll(a, 2);
	assert_int_equal(done_calls, 0);
	assert_int_equal(remote_cancels, 0);
	/* Still with the backend: the backend is told. */
	assert_int_equal(pap("y@isp", "pw", &h), 0);
	aaa_cancel(h);
	assert_int_equal(remote_cancels, 1);
	assert_int_equal(aaa_stats(a)->pending, 0);
	assert_int_equal(aaa_stats(a)->cancelled, 3);
}

/* Realms: the suffix picks the backend, case-insensitively; strip. */
static void
test_realms(void **state)
{
	struct aaa_req *h;

	add_realm("", "local", false, false);
	add_realm("ISP.example", "radius", true, false);
	assert_int_equal(pap("dave@isp.example", "pw", &h), 0);
	assert_non_null(remote_req);
	assert_string_equal(remote_user, "dave");
	remote_req = NULL;
	/* Unknown realm: the default one, name untouched. */
	assert_int_equal(pap("carol@isp", "pc", &h), 0);
	assert_null(remote_req);
	aaa_poll(a, 1);
	assert_int_equal(last.status, 0);
	/* Last '@' counts. */
	assert_int_equal(pap("a@b@isp.example", "pw", &h), 0);
	assert_string_equal(remote_user, "a@b");
	aaa_cancel(h);
	/* Accounting goes to the realm's backend, stripped too. */
	struct aaa_call call = { 0 };
	struct aaa_acct_rec rec = { .type = AAA_ACCT_START,
	    .user = "dave@isp.example", .call = &call };
	aaa_acct(a, &rec, 0);
	assert_int_equal(remote_accts, 1);
	assert_string_equal(last_acct_user, "dave");
	rec.user = "alice";
	aaa_acct(a, &rec, 0);
	assert_int_equal(local_accts, 1);
	/* On/Off: every backend. */
	rec.type = AAA_ACCT_ON;
	rec.user = NULL;
	rec.call = NULL;
	aaa_acct(a, &rec, 0);
	assert_int_equal(remote_accts, 2);
	assert_int_equal(local_accts, 2);
}

/* No default realm: a name without a known realm is refused. */
static void
test_no_realm(void **state)
{
	struct aaa_req *h;

	add_realm("isp", "radius", false, false);
	assert_int_equal(pap("alice", "pw", &h), 0);
	aaa_poll(a, 1);
	assert_int_equal(done_calls, 1);
	assert_int_equal(last.status, -ENOENT);
	assert_int_equal(aaa_stats(a)->no_realm, 1);
	struct aaa_realm_conf rc = { .name = "x", .backend = "nope" };
	assert_int_equal(aaa_add_realm(a, &rc), -ENOENT);
}

/* Fallback: only when no server answered, only where configured. */
static void
test_fallback(void **state)
{
	struct aaa_result unavailable = { .status = -ETIMEDOUT,
	    .backend = "radius" };
	struct aaa_result reject = { .status = -EACCES, .backend = "radius" };
	struct aaa_req *h;

	add_realm("", "radius", false, true);
	add_realm("strict", "radius", false, false);
	assert_int_equal(pap("alice", "pw", &h), 0);
	aaa_complete(remote_req, &unavailable);
	assert_int_equal(done_calls, 0);	/* handed to the local users */
	aaa_poll(a, 1);
	assert_int_equal(done_calls, 1);
	assert_int_equal(last.status, 0);
	assert_string_equal(last.backend, "local");
	assert_int_equal(aaa_stats(a)->fallback_local, 1);
	/* A reject is final: no second opinion. */
	assert_int_equal(pap("alice", "pw", &h), 0);
	aaa_complete(remote_req, &reject);
	aaa_poll(a, 3);
	assert_int_equal(last.status, -EACCES);
	/* A realm without fallback reports the outage. */
	assert_int_equal(pap("alice@strict", "pw", &h), 0);
	aaa_complete(remote_req, &unavailable);
	aaa_poll(a, 4);
	assert_int_equal(last.status, -ETIMEDOUT);
	assert_int_equal(aaa_stats(a)->unavailable, 1);
}

/* CHAP through the seam: the copy keeps challenge and value. */
static void
test_chap_copy(void **state)
{
	uint8_t chal[16], digest[16];
	struct ppp_chap_response r = { .algo = PPP_CHAP_MD5, .id = 3,
	    .challenge = chal, .challenge_len = 16, .value = digest,
	    .value_len = 16, .name = u8("alice"), .name_len = 5 };
	struct aaa_auth_req req = { .method = AAA_CHAP_MD5, .user = u8("alice"),
	    .user_len = 5, .chap = &r };
	struct aaa_req *h;

	add_realm("", "local", false, false);
	memset(chal, 7, sizeof(chal));
	ppp_chap_md5_compute(3, u8("pw"), 2, chal, 16, digest);
	assert_int_equal(aaa_authenticate(a, &req, done, NULL, &h, 0), 0);
	/* The caller's buffers change before the answer. */
	memset(chal, 0, sizeof(chal));
	memset(digest, 0, sizeof(digest));
	aaa_poll(a, 1);
	assert_int_equal(last.status, 0);
	/* Oversized values are refused up front. */
	r.challenge_len = AAA_CHALLENGE_MAX + 1;
	assert_int_equal(aaa_authenticate(a, &req, done, NULL, &h, 0),
			 -EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_local_deferred, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_realms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_realm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chap_copy, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
