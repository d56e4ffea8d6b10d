/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests for the local AAA: user table (aaa_local) and IPv4 address
 * pools (aaa_pool).
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "aaa_local.h"
#include "aaa_pool.h"

#define IP(a, b, c, d)	((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

static const uint8_t *
u8(const char *s)
{
	return (const uint8_t *)s;
}

/* ---- users ---- */

static void
test_users_add_lookup(void **state)
{
	struct aaa_local *db = aaa_local_create();
	const struct aaa_user *u;
	uint8_t buf[300];

	assert_non_null(db);
	assert_int_equal(aaa_local_add_user(db, "alice", "pw1",
	    IP(10, 0, 0, 5), "gold"), 0);
	assert_int_equal(aaa_local_add_user(db, "bob", "", 0, NULL), 0);
	assert_int_equal(aaa_local_count(db), 2);

	u = aaa_local_lookup(db, u8("alice"), 5);
	assert_non_null(u);
	assert_string_equal(u->name, "alice");
	assert_string_equal(u->password, "pw1");
	assert_int_equal(u->static_ip, IP(10, 0, 0, 5));
	assert_string_equal(u->pool, "gold");
	u = aaa_local_lookup(db, u8("bob"), 3);
	assert_non_null(u);
	assert_null(u->pool);
	assert_int_equal(u->password_len, 0);

	/* Exact names: no case folding, no prefix match, length matters. */
	assert_null(aaa_local_lookup(db, u8("Alice"), 5));
	assert_null(aaa_local_lookup(db, u8("alic"), 4));
	assert_null(aaa_local_lookup(db, u8("alice\0"), 6));
	assert_null(aaa_local_lookup(db, u8(""), 0));

	/* CHAP: a Response made with the password verifies, others not. */
	{
		uint8_t chal[16], digest[16];
		char ar[PPP_MSCHAP_AUTH_RESP_LEN + 1];
		struct ppp_chap_response r = { .algo = PPP_CHAP_MD5, .id = 7,
		    .challenge = chal, .challenge_len = 16,
		    .value = digest, .value_len = 16,
		    .name = u8("alice"), .name_len = 5 };

		memset(chal, 0x5a, sizeof(chal));
		ppp_chap_md5_compute(7, u8("pw1"), 3, chal, 16, digest);
		assert_int_equal(aaa_local_chap_verify(db, &r, ar), 0);
		r.id = 8;	/* the Identifier is part of the hash */
		assert_int_equal(aaa_local_chap_verify(db, &r, ar), -EACCES);
		r.id = 7;
		r.name = u8("carol");
		assert_int_equal(aaa_local_chap_verify(db, &r, ar), -EACCES);
		ppp_chap_md5_compute(7, u8(""), 0, chal, 16, digest);
		r.name = u8("bob");
		r.name_len = 3;
		assert_int_equal(aaa_local_chap_verify(db, &r, ar), 0);
		/* Unknown user with an empty password's hash: still refused. */
		r.name = u8("eve");
		assert_int_equal(aaa_local_chap_verify(db, &r, ar), -EACCES);
		(void)buf;
	}
	aaa_local_free(db);
}

static void
test_users_pap(void **state)
{
	struct aaa_local *db = aaa_local_create();

	assert_int_equal(aaa_local_add_user(db, "alice", "pw1", 0, NULL), 0);
	assert_int_equal(aaa_local_add_user(db, "bob", "", 0, NULL), 0);
	assert_int_equal(aaa_local_pap_verify(db, u8("alice"), 5, u8("pw1"),
	    3), 0);
	assert_int_equal(aaa_local_pap_verify(db, u8("alice"), 5, u8("pw2"),
	    3), -EACCES);
	assert_int_equal(aaa_local_pap_verify(db, u8("alice"), 5, u8("pw"),
	    2), -EACCES);
	assert_int_equal(aaa_local_pap_verify(db, u8("alice"), 5, u8("pw1x"),
	    4), -EACCES);
	assert_int_equal(aaa_local_pap_verify(db, u8("alice"), 5, u8(""),
	    0), -EACCES);
	assert_int_equal(aaa_local_pap_verify(db, u8("mallory"), 7, u8(""),
	    0), -EACCES);
	assert_int_equal(aaa_local_pap_verify(db, u8("bob"), 3, u8(""), 0),
	    0);
	aaa_local_free(db);
}

static void
test_users_reject(void **state)
{
	struct aaa_local *db = aaa_local_create();
	char name[300];

	assert_int_equal(aaa_local_add_user(db, "alice", "pw1", 0, NULL), 0);
	assert_int_equal(aaa_local_add_user(db, "alice", "other", 0, NULL),
	    -EEXIST);
	assert_int_equal(aaa_local_add_user(db, "", "pw", 0, NULL), -EINVAL);
	assert_int_equal(aaa_local_add_user(db, NULL, "pw", 0, NULL),
	    -EINVAL);
	assert_int_equal(aaa_local_add_user(db, "x", NULL, 0, NULL), -EINVAL);
	assert_int_equal(aaa_local_add_user(db, "x", "pw", 0, ""), -EINVAL);
	memset(name, 'n', sizeof(name));
	name[256] = '\0';
	assert_int_equal(aaa_local_add_user(db, name, "pw", 0, NULL),
	    -EINVAL);
	name[255] = '\0';
	assert_int_equal(aaa_local_add_user(db, name, "pw", 0, NULL), 0);
	assert_non_null(aaa_local_lookup(db, u8(name), 255));
	assert_int_equal(aaa_local_add_user(db, "y", name, 0, NULL), 0);
	assert_int_equal(aaa_local_count(db), 3);
	/* The first password stayed. */
	assert_string_equal(aaa_local_lookup(db, u8("alice"), 5)->password,
	    "pw1");
	aaa_local_free(db);
}

/* 200k users: table growth, every one found, duplicates still caught. */
static void
test_users_many(void **state)
{
	struct aaa_local *db = aaa_local_create();
	const struct aaa_user *u;
	char name[32], pw[32];
	int i, n = 200000;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "user%d@isp.example", i);
		snprintf(pw, sizeof(pw), "pw%d", i * 7);
		assert_int_equal(aaa_local_add_user(db, name, pw, (uint32_t)i,
		    NULL), 0);
	}
	assert_int_equal(aaa_local_count(db), n);
	for (i = 0; i < n; i += 997) {
		snprintf(name, sizeof(name), "user%d@isp.example", i);
		snprintf(pw, sizeof(pw), "pw%d", i * 7);
		u = aaa_local_lookup(db, u8(name), strlen(name));
		assert_non_null(u);
		assert_string_equal(u->password, pw);
		assert_int_equal(u->static_ip, i);
		assert_int_equal(aaa_local_add_user(db, name, "x", 0, NULL),
		    -EEXIST);
	}
	assert_null(aaa_local_lookup(db, u8("user200000@isp.example"), 22));
	aaa_local_free(db);
}

/* ---- pools ---- */

static void
test_pool_alloc_all(void **state)
{
	struct aaa_pool *p = aaa_pool_create("small");
	struct aaa_pool_stats st;
	uint32_t a, seen = 0;
	int i;

	assert_non_null(p);
	assert_string_equal(aaa_pool_name(p), "small");
	/* /29: .1 to .6, network and broadcast left out. */
	assert_int_equal(aaa_pool_add_prefix(p, IP(192, 0, 2, 3), 29), 0);
	assert_false(aaa_pool_contains(p, IP(192, 0, 2, 0)));
	assert_false(aaa_pool_contains(p, IP(192, 0, 2, 7)));
	assert_true(aaa_pool_contains(p, IP(192, 0, 2, 1)));
	for (i = 0; i < 6; i++) {
		assert_int_equal(aaa_pool_alloc(p, &a), 0);
		assert_true(a >= IP(192, 0, 2, 1) && a <= IP(192, 0, 2, 6));
		assert_false(seen & (1u << (a & 7)));
		seen |= 1u << (a & 7);
		assert_true(aaa_pool_in_use(p, a));
	}
	assert_int_equal(aaa_pool_alloc(p, &a), -ENOSPC);
	aaa_pool_stats(p, &st);
	assert_int_equal(st.size, 6);
	assert_int_equal(st.used, 6);
	assert_int_equal(st.peak, 6);
	assert_int_equal(st.allocs, 6);
	assert_int_equal(st.exhausted, 1);

	/* Release and reuse; double release is detected and counted. */
	assert_int_equal(aaa_pool_release(p, IP(192, 0, 2, 4)), 0);
	assert_false(aaa_pool_in_use(p, IP(192, 0, 2, 4)));
	assert_int_equal(aaa_pool_release(p, IP(192, 0, 2, 4)), -EALREADY);
	assert_int_equal(aaa_pool_release(p, IP(192, 0, 2, 7)), -ENOENT);
	assert_int_equal(aaa_pool_alloc(p, &a), 0);
	assert_int_equal(a, IP(192, 0, 2, 4));
	aaa_pool_stats(p, &st);
	assert_int_equal(st.used, 6);
	assert_int_equal(st.double_release, 1);
	aaa_pool_free(p);
}

static void
test_pool_round_robin(void **state)
{
	struct aaa_pool *p = aaa_pool_create("rr");
	uint32_t a, b;

	assert_int_equal(aaa_pool_add_range(p, IP(10, 0, 0, 1),
	    IP(10, 0, 0, 200)), 0);
	assert_int_equal(aaa_pool_alloc(p, &a), 0);
	assert_int_equal(a, IP(10, 0, 0, 1));
	assert_int_equal(aaa_pool_release(p, a), 0);
	/* A just-released address is not handed out again at once. */
	assert_int_equal(aaa_pool_alloc(p, &b), 0);
	assert_int_equal(b, IP(10, 0, 0, 2));
	aaa_pool_free(p);
}

static void
test_pool_reserve(void **state)
{
	struct aaa_pool *p = aaa_pool_create("static");
	struct aaa_pool_stats st;
	uint32_t a;
	int i;

	assert_int_equal(aaa_pool_add_range(p, IP(10, 1, 0, 10),
	    IP(10, 1, 0, 13)), 0);
	assert_int_equal(aaa_pool_reserve(p, IP(10, 1, 0, 11)), 0);
	assert_int_equal(aaa_pool_reserve(p, IP(10, 1, 0, 11)), -EADDRINUSE);
	assert_int_equal(aaa_pool_reserve(p, IP(10, 1, 0, 14)), -ENOENT);
	/* The three others are allocated, never the reserved one. */
	for (i = 0; i < 3; i++) {
		assert_int_equal(aaa_pool_alloc(p, &a), 0);
		assert_int_not_equal(a, IP(10, 1, 0, 11));
	}
	assert_int_equal(aaa_pool_alloc(p, &a), -ENOSPC);
	aaa_pool_stats(p, &st);
	assert_int_equal(st.used, 4);
	assert_int_equal(st.peak, 4);
	assert_int_equal(aaa_pool_release(p, IP(10, 1, 0, 11)), 0);
	assert_int_equal(aaa_pool_release(p, IP(10, 1, 0, 12)), 0);
	aaa_pool_stats(p, &st);
	assert_int_equal(st.used, 2);
	assert_int_equal(st.peak, 4);
	aaa_pool_free(p);
}

static void
test_pool_prefixes(void **state)
{
	struct aaa_pool *p = aaa_pool_create("edge");
	struct aaa_pool_stats st;
	uint32_t a, b, c;

	/* /31 (RFC 3021): both addresses. /32: the one address. */
	assert_int_equal(aaa_pool_add_prefix(p, IP(10, 9, 0, 0), 31), 0);
	assert_int_equal(aaa_pool_add_prefix(p, IP(10, 8, 0, 7), 32), 0);
	assert_int_equal(aaa_pool_add_prefix(p, IP(10, 8, 0, 7), 33),
	    -EINVAL);
	aaa_pool_stats(p, &st);
	assert_int_equal(st.size, 3);
	assert_int_equal(aaa_pool_alloc(p, &a), 0);
	assert_int_equal(aaa_pool_alloc(p, &b), 0);
	assert_int_equal(aaa_pool_alloc(p, &c), 0);
	assert_int_equal(aaa_pool_alloc(p, &a), -ENOSPC);
	assert_true(aaa_pool_in_use(p, IP(10, 9, 0, 0)));
	assert_true(aaa_pool_in_use(p, IP(10, 9, 0, 1)));
	assert_true(aaa_pool_in_use(p, IP(10, 8, 0, 7)));

	/* Overlaps, reversed range; /30 gives two hosts. */
	assert_int_equal(aaa_pool_add_range(p, IP(10, 9, 0, 1),
	    IP(10, 9, 0, 5)), -EEXIST);
	assert_int_equal(aaa_pool_add_range(p, IP(10, 8, 0, 0),
	    IP(10, 8, 0, 7)), -EEXIST);
	assert_int_equal(aaa_pool_add_range(p, IP(10, 8, 0, 9),
	    IP(10, 8, 0, 8)), -EINVAL);
	assert_int_equal(aaa_pool_add_prefix(p, IP(10, 7, 0, 0), 30), 0);
	assert_false(aaa_pool_contains(p, IP(10, 7, 0, 0)));
	assert_false(aaa_pool_contains(p, IP(10, 7, 0, 3)));
	assert_int_equal(aaa_pool_alloc(p, &a), 0);
	assert_int_equal(aaa_pool_alloc(p, &b), 0);
	assert_true(a == IP(10, 7, 0, 1) || a == IP(10, 7, 0, 2));
	assert_int_not_equal(a, b);
	assert_int_equal(aaa_pool_alloc(p, &c), -ENOSPC);
	/* The whole address space is refused (over AAA_POOL_MAX_SIZE). */
	assert_int_equal(aaa_pool_add_range(p, 0, UINT32_MAX), -E2BIG);
	aaa_pool_free(p);
}

/* 10.0.0.0/12: 1048574 addresses, all allocated, in reasonable time. */
static void
test_pool_million(void **state)
{
	struct aaa_pool *p = aaa_pool_create("big");
	struct aaa_pool_stats st;
	struct timespec t0, t1;
	uint32_t a, i, n = (1u << 20) - 2;
	double ms;

	assert_int_equal(aaa_pool_add_prefix(p, IP(10, 0, 0, 0), 12), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		if (aaa_pool_alloc(p, &a) != 0)
			fail_msg("alloc %u failed", i);
		if (a != IP(10, 0, 0, 1) + i)
			fail_msg("alloc %u gave %08x", i, a);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_int_equal(aaa_pool_alloc(p, &a), -ENOSPC);
	aaa_pool_stats(p, &st);
	assert_int_equal(st.size, n);
	assert_int_equal(st.used, n);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	printf("# %u allocations in %.1f ms\n", n, ms);
	assert_true(ms < 2000);
	/* Free every other address, then the worst case: one free address
	 * behind the cursor. */
	for (i = 0; i < n; i += 2)
		assert_int_equal(aaa_pool_release(p, IP(10, 0, 0, 1) + i), 0);
	for (i = 0; i < n; i += 2)
		assert_int_equal(aaa_pool_alloc(p, &a), 0);
	assert_int_equal(aaa_pool_alloc(p, &a), -ENOSPC);
	assert_int_equal(aaa_pool_release(p, IP(10, 0, 0, 5)), 0);
	assert_int_equal(aaa_pool_alloc(p, &a), 0);
	assert_int_equal(a, IP(10, 0, 0, 5));
	aaa_pool_free(p);
}

struct test_pool_walk {
	char names[64];
};

/* aaa_pool_set_walk() callback: "name:used/size " for each pool. */
static void
test_pool_set_one(const struct aaa_pool *pool, void *arg)
{
	struct test_pool_walk *w = arg;
	struct aaa_pool_stats st;
	size_t n = strlen(w->names);

	aaa_pool_stats(pool, &st);
	snprintf(w->names + n, sizeof(w->names) - n, "%s:%u/%u ",
		 aaa_pool_name(pool), st.used, st.size);
}

static void
test_pool_set(void **state)
{
	struct test_pool_walk walk = { .names = "" };
	uint32_t addr;
	struct aaa_pool_set *set = aaa_pool_set_create();
	struct aaa_pool *a = aaa_pool_create("gold");
	struct aaa_pool *b = aaa_pool_create("silver");
	struct aaa_pool *dup = aaa_pool_create("gold");
	char longname[40];

	assert_non_null(set);
	assert_int_equal(aaa_pool_set_add(set, a), 0);
	assert_int_equal(aaa_pool_set_add(set, b), 0);
	assert_int_equal(aaa_pool_set_add(set, dup), -EEXIST);
	aaa_pool_free(dup);
	assert_ptr_equal(aaa_pool_set_find(set, "gold"), a);
	assert_ptr_equal(aaa_pool_set_find(set, "silver"), b);
	assert_null(aaa_pool_set_find(set, "bronze"));
	assert_int_equal(aaa_pool_add_prefix(b, IP(10, 1, 0, 0), 30), 0);
	assert_int_equal(aaa_pool_alloc(b, &addr), 0);
	aaa_pool_set_walk(set, test_pool_set_one, &walk);
	assert_string_equal(walk.names, "gold:0/0 silver:1/2 ");
	walk.names[0] = '\0';
	aaa_pool_set_walk(NULL, test_pool_set_one, &walk);
	assert_string_equal(walk.names, "");
	assert_null(aaa_pool_create(""));
	memset(longname, 'p', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_null(aaa_pool_create(longname));
	aaa_pool_set_free(set);
}

/* ---- pool reshape (configuration reload) ---- */

static struct aaa_pool_span
span_of(uint32_t addr, unsigned int plen)
{
	struct aaa_pool_span sp;

	assert_int_equal(aaa_pool_prefix_span(addr, plen, &sp), 0);
	return sp;
}

/* Grown: the leases stay, the new addresses are handed out. */
static void
test_pool_reshape_grow(void **state)
{
	struct aaa_pool *p = aaa_pool_create("grow");
	struct aaa_pool_span sp[2];
	struct aaa_pool_stats st;
	uint32_t a, leased[6];
	int i;

	(void)state;
	assert_int_equal(aaa_pool_add_prefix(p, IP(192, 0, 2, 0), 29), 0);
	for (i = 0; i < 6; i++)
		assert_int_equal(aaa_pool_alloc(p, &leased[i]), 0);
	sp[0] = span_of(IP(192, 0, 2, 0), 29);
	assert_true(aaa_pool_same(p, sp, 1));
	sp[0] = span_of(IP(192, 0, 2, 0), 28);
	sp[1] = span_of(IP(198, 51, 100, 0), 30);
	assert_false(aaa_pool_same(p, sp, 2));
	assert_int_equal(aaa_pool_reshape(p, sp, 2), 0);
	assert_true(aaa_pool_same(p, sp, 2));
	aaa_pool_stats(p, &st);
	assert_int_equal(st.size, 14 + 2);
	assert_int_equal(st.used, 6);
	assert_int_equal(st.draining, 0);
	for (i = 0; i < 6; i++)
		assert_true(aaa_pool_in_use(p, leased[i]));
	for (i = 0; i < 10; i++) {
		assert_int_equal(aaa_pool_alloc(p, &a), 0);
		assert_true(a > IP(192, 0, 2, 6));
	}
	assert_int_equal(aaa_pool_alloc(p, &a), -ENOSPC);
	aaa_pool_free(p);
}

/* Shrunk: what left drains; nothing new from it; released, it is gone. */
static void
test_pool_reshape_shrink(void **state)
{
	struct aaa_pool *p = aaa_pool_create("shrink");
	struct aaa_pool_span sp;
	struct aaa_pool_stats st;
	uint32_t a;
	int i;

	(void)state;
	assert_int_equal(aaa_pool_add_prefix(p, IP(192, 0, 2, 0), 28), 0);
	for (i = 0; i < 14; i++)
		assert_int_equal(aaa_pool_alloc(p, &a), 0);
	/* .2 and .12 free again: one inside the new /29, one outside. */
	assert_int_equal(aaa_pool_release(p, IP(192, 0, 2, 2)), 0);
	assert_int_equal(aaa_pool_release(p, IP(192, 0, 2, 12)), 0);
	sp = span_of(IP(192, 0, 2, 0), 29);	/* .1-.6 */
	assert_int_equal(aaa_pool_reshape(p, &sp, 1), 0);
	aaa_pool_stats(p, &st);
	assert_int_equal(st.size, 6);
	assert_int_equal(st.used, 12);
	assert_int_equal(st.draining, 7);	/* .7-.14 but .12 */
	assert_true(aaa_pool_in_use(p, IP(192, 0, 2, 9)));
	/* Only .2 may be handed out, never .12. */
	assert_int_equal(aaa_pool_alloc(p, &a), 0);
	assert_int_equal(a, IP(192, 0, 2, 2));
	assert_int_equal(aaa_pool_alloc(p, &a), -ENOSPC);
	for (i = 7; i <= 14; i++)
		if (i != 12)
			assert_int_equal(aaa_pool_release(p,
						IP(192, 0, 2, i)), 0);
	aaa_pool_stats(p, &st);
	assert_int_equal(st.draining, 0);
	assert_int_equal(st.used, 6);
	/* The drained addresses are gone from the pool. */
	assert_false(aaa_pool_contains(p, IP(192, 0, 2, 9)));
	assert_int_equal(aaa_pool_release(p, IP(192, 0, 2, 9)), -ENOENT);
	assert_int_equal(aaa_pool_alloc(p, &a), -ENOSPC);
	aaa_pool_free(p);
}

/* Removed (no spans) then given back: leases survive both. */
static void
test_pool_reshape_remove(void **state)
{
	struct aaa_pool *p = aaa_pool_create("gone");
	struct aaa_pool_span sp;
	struct aaa_pool_stats st;
	uint32_t a, b;

	(void)state;
	assert_int_equal(aaa_pool_add_prefix(p, IP(10, 0, 0, 0), 30), 0);
	assert_int_equal(aaa_pool_alloc(p, &a), 0);
	assert_int_equal(aaa_pool_reshape(p, NULL, 0), 0);
	aaa_pool_stats(p, &st);
	assert_int_equal(st.size, 0);
	assert_int_equal(st.draining, 1);
	assert_int_equal(aaa_pool_alloc(p, &b), -ENOSPC);
	assert_true(aaa_pool_in_use(p, a));
	/* A static address in what drains is reserved, and drains too. */
	b = a == IP(10, 0, 0, 1) ? IP(10, 0, 0, 2) : IP(10, 0, 0, 1);
	assert_int_equal(aaa_pool_reserve(p, b), 0);
	aaa_pool_stats(p, &st);
	assert_int_equal(st.draining, 2);
	assert_int_equal(aaa_pool_release(p, b), 0);
	aaa_pool_stats(p, &st);
	assert_int_equal(st.draining, 1);
	sp = span_of(IP(10, 0, 0, 0), 30);
	assert_int_equal(aaa_pool_reshape(p, &sp, 1), 0);
	aaa_pool_stats(p, &st);
	assert_int_equal(st.size, 2);
	assert_int_equal(st.draining, 0);
	assert_int_equal(aaa_pool_alloc(p, &b), 0);
	assert_int_not_equal(a, b);
	assert_int_equal(aaa_pool_alloc(p, &b), -ENOSPC);
	assert_int_equal(aaa_pool_release(p, a), 0);
	aaa_pool_free(p);
}

/* Overlapping or inverted spans: refused, the pool unchanged. */
static void
test_pool_reshape_refused(void **state)
{
	struct aaa_pool *p = aaa_pool_create("keep");
	struct aaa_pool_span sp[2];
	struct aaa_pool_stats st;
	uint32_t a;

	(void)state;
	assert_int_equal(aaa_pool_add_prefix(p, IP(10, 0, 0, 0), 29), 0);
	sp[0] = span_of(IP(10, 0, 1, 0), 24);
	sp[1] = span_of(IP(10, 0, 1, 128), 25);
	assert_int_equal(aaa_pool_reshape(p, sp, 2), -EEXIST);
	sp[1].first = IP(10, 0, 3, 9);
	sp[1].last = IP(10, 0, 3, 1);
	assert_int_equal(aaa_pool_reshape(p, sp, 2), -EINVAL);
	aaa_pool_stats(p, &st);
	assert_int_equal(st.size, 6);
	assert_int_equal(aaa_pool_alloc(p, &a), 0);
	assert_true(a >= IP(10, 0, 0, 1) && a <= IP(10, 0, 0, 6));
	aaa_pool_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_users_add_lookup),
		cmocka_unit_test(test_users_pap),
		cmocka_unit_test(test_users_reject),
		cmocka_unit_test(test_users_many),
		cmocka_unit_test(test_pool_alloc_all),
		cmocka_unit_test(test_pool_round_robin),
		cmocka_unit_test(test_pool_reserve),
		cmocka_unit_test(test_pool_prefixes),
		cmocka_unit_test(test_pool_million),
		cmocka_unit_test(test_pool_set),
		cmocka_unit_test(test_pool_reshape_grow),
		cmocka_unit_test(test_pool_reshape_shrink),
		cmocka_unit_test(test_pool_reshape_remove),
		cmocka_unit_test(test_pool_reshape_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
