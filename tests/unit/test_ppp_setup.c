/* SPDX-License-Identifier: BSD-3-Clause
 * The set-up guard of a PPP link (control/ctl_ppp_setup.h): the deadline
 * and the authentication attempts of a subscriber that renegotiates LCP
 * before it was ever up, and of one that was up.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ctl_ppp_setup.h"

#define TIMEOUT	30000u

/*
 * A peer that never authenticates and restarts LCP every 25 s, spending
 * a few Challenges each round: the first deadline stands and the
 * attempts add up, so it is out at 30 s whatever it does.
 */
static void
test_renegotiation_before_up(void **state)
{
	struct ctl_ppp_setup s;
	uint64_t now = 1000;
	int round;

	(void)state;
	ctl_ppp_setup_begin(&s, now, TIMEOUT);
	assert_int_equal(s.deadline, 1000 + TIMEOUT);
	assert_int_equal(ctl_ppp_setup_auth_left(&s), CTL_PPP_SETUP_AUTH_MAX);
	for (round = 0; round < 3; round++) {
		ctl_ppp_setup_auth_spend(&s, 4);
		now += 25000;
		ctl_ppp_setup_renegotiated(&s, false, now, TIMEOUT);
		assert_int_equal(s.deadline, 1000 + TIMEOUT);
	}
	assert_true(ctl_ppp_setup_expired(&s, now));
	assert_int_equal(ctl_ppp_setup_left_ms(&s, now), 0);
	/* 12 spent of 10: nothing left, and no wrap-around. */
	assert_int_equal(ctl_ppp_setup_auth_left(&s), 0);
	ctl_ppp_setup_auth_spend(&s, UINT16_MAX);
	assert_int_equal(ctl_ppp_setup_auth_left(&s), 0);
}

/* Up, then a renegotiation: one fresh set-up; then none until up again. */
static void
test_renegotiation_after_up(void **state)
{
	struct ctl_ppp_setup s;
	uint64_t now = 0;

	(void)state;
	ctl_ppp_setup_begin(&s, now, TIMEOUT);
	ctl_ppp_setup_auth_spend(&s, 9);
	now = 3600000;			/* up for an hour */
	assert_true(ctl_ppp_setup_expired(&s, now));
	ctl_ppp_setup_renegotiated(&s, true, now, TIMEOUT);
	assert_false(ctl_ppp_setup_expired(&s, now));
	assert_int_equal(ctl_ppp_setup_left_ms(&s, now), TIMEOUT);
	assert_int_equal(ctl_ppp_setup_auth_left(&s), CTL_PPP_SETUP_AUTH_MAX);
	/* Not up again yet: the next renegotiation extends nothing. */
	ctl_ppp_setup_auth_spend(&s, 1);
	ctl_ppp_setup_renegotiated(&s, false, now + 20000, TIMEOUT);
	assert_int_equal(ctl_ppp_setup_left_ms(&s, now + 20000), 10000);
	assert_int_equal(ctl_ppp_setup_auth_left(&s),
			 CTL_PPP_SETUP_AUTH_MAX - 1);
	assert_false(ctl_ppp_setup_expired(&s, now + TIMEOUT - 1));
	assert_true(ctl_ppp_setup_expired(&s, now + TIMEOUT));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_renegotiation_before_up),
		cmocka_unit_test(test_renegotiation_after_up),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
