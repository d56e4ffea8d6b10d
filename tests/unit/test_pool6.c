/* SPDX-License-Identifier: BSD-3-Clause
 * IPv6 prefix pools (control/ipv6/pool6.c).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ip6.h"
#include "pool6.h"

static void
addr(const char *s, uint8_t *a)
{
	assert_int_equal(inet_pton(AF_INET6, s, a), 1);
}

/* A /40 in /56s: 65,536 prefixes, each once, then none. */
static void
test_exhaust(void **state)
{
	uint8_t base[16], pfx[16], first[16];
	struct pool6_stats st;
	struct pool6 *p;
	uint8_t *seen;
	uint32_t i, idx;

	(void)state;
	addr("2001:db8:100::", base);
	p = pool6_create("pd", base, 40, 56);
	assert_non_null(p);
	assert_int_equal(pool6_length(p), 56);
	seen = calloc(65536, 1);
	assert_non_null(seen);
	for (i = 0; i < 65536; i++) {
		assert_int_equal(pool6_alloc(p, pfx), 0);
		assert_true(ip6_prefix_eq(pfx, base, 40));
		assert_true(pool6_contains(p, pfx));
		assert_true(pool6_in_use(p, pfx));
		/* Nothing past /56. */
		assert_int_equal(pfx[7] | pfx[8] | pfx[15], 0);
		idx = (uint32_t)pfx[5] << 8 | pfx[6];
		assert_int_equal(seen[idx], 0);
		seen[idx] = 1;
		if (i == 0)
			memcpy(first, pfx, 16);
	}
	assert_int_equal(pool6_alloc(p, pfx), -ENOSPC);
	pool6_stats(p, &st);
	assert_int_equal(st.size, 65536);
	assert_int_equal(st.used, 65536);
	assert_int_equal(st.peak, 65536);
	assert_int_equal(st.allocs, 65536);
	assert_int_equal(st.exhausted, 1);
	/* One back: it is the one handed out next. */
	assert_int_equal(pool6_release(p, first), 0);
	assert_false(pool6_in_use(p, first));
	assert_int_equal(pool6_alloc(p, pfx), 0);
	assert_memory_equal(pfx, first, 16);
	free(seen);
	pool6_free(p);
}

static void
test_reserve_release(void **state)
{
	uint8_t base[16], a[16], got[16];
	struct pool6_stats st;
	struct pool6 *p;
	unsigned int i;

	(void)state;
	addr("2001:db8:200::", base);
	p = pool6_create("s64", base, 62, 64);	/* 4 /64s */
	assert_non_null(p);
	addr("2001:db8:200:2::", a);
	assert_int_equal(pool6_reserve(p, a), 0);
	assert_int_equal(pool6_reserve(p, a), -EADDRINUSE);
	/* The other three, never the reserved one. */
	for (i = 0; i < 3; i++) {
		assert_int_equal(pool6_alloc(p, got), 0);
		assert_memory_not_equal(got, a, 16);
		assert_true(ip6_prefix_eq(got, base, 62));
	}
	assert_int_equal(pool6_alloc(p, got), -ENOSPC);
	/* Outside, host bits set, a shorter prefix's address: not ours. */
	addr("2001:db8:200:4::", a);
	assert_int_equal(pool6_reserve(p, a), -ENOENT);
	addr("2001:db8:200:1::1", a);
	assert_int_equal(pool6_reserve(p, a), -ENOENT);
	assert_int_equal(pool6_release(p, a), -ENOENT);
	addr("2001:db8:200:1::", a);
	assert_int_equal(pool6_release(p, a), 0);
	assert_int_equal(pool6_release(p, a), -EALREADY);
	pool6_stats(p, &st);
	assert_int_equal(st.double_release, 1);
	assert_int_equal(st.used, 3);
	assert_int_equal(st.peak, 4);
	pool6_free(p);
}

static void
test_create_invalid(void **state)
{
	uint8_t base[16];

	(void)state;
	addr("2001:db8::", base);
	errno = 0;
	assert_null(pool6_create("x", base, 36, 64));	/* 2^28 */
	assert_int_equal(errno, EINVAL);
	assert_null(pool6_create("x", base, 64, 56));
	assert_null(pool6_create("x", base, 120, 129));
	assert_null(pool6_create("", base, 48, 56));
	assert_null(pool6_create("a-name-longer-than-31-characters", base,
				 48, 56));
	/* The largest: 2^20 prefixes, about 128 KiB. */
	assert_true(pool6_footprint(POOL6_MAX_BITS) <= 136 * 1024);
	assert_true(pool6_footprint(16) <= 9 * 1024);
	assert_int_equal(pool6_footprint(POOL6_MAX_BITS + 1), 0);
}

static void
test_set(void **state)
{
	struct pool6_set s = { .n = 0 };
	uint8_t a[16], b[16], x[16];
	struct pool6 *p1, *p2, *dup;

	(void)state;
	addr("2001:db8:100::", a);
	addr("2001:db8:200::", b);
	p1 = pool6_create("pd", a, 40, 56);
	p2 = pool6_create("s64", b, 48, 64);
	dup = pool6_create("pd", b, 48, 64);
	assert_int_equal(pool6_set_add(&s, p1), 0);
	assert_int_equal(pool6_set_add(&s, p2), 0);
	assert_int_equal(pool6_set_add(&s, dup), -EEXIST);
	pool6_free(dup);
	assert_ptr_equal(pool6_set_find(&s, "s64"), p2);
	assert_null(pool6_set_find(&s, "none"));
	addr("2001:db8:200:7::", x);
	assert_ptr_equal(pool6_set_owner(&s, x), p2);
	addr("2001:db8:1ff:ff00::", x);
	assert_ptr_equal(pool6_set_owner(&s, x), p1);
	addr("2001:db8:300::", x);
	assert_null(pool6_set_owner(&s, x));
	pool6_set_clear(&s);
	assert_int_equal(s.n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exhaust),
		cmocka_unit_test(test_reserve_release),
		cmocka_unit_test(test_create_invalid),
		cmocka_unit_test(test_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
