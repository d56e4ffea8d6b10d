/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Unit tests of the Prometheus exposition writer (control/ctl_metrics_expo.c):
 * HELP and TYPE lines, label value and HELP escapes, name checks, and the
 * buffer's size limit.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ctl_metrics_expo.h"

static void
test_family_and_samples(void **state)
{
	struct ctl_mx b;
	const struct ctl_mx_label l[] = {
		{ "port", "access" }, { "role", "core" },
	};

	(void)state;
	assert_int_equal(ctl_mx_init(&b, 16, 1 << 20), 0);
	ctl_mx_family(&b, "lnsd_x_total", "counter", "Frames seen.");
	ctl_mx_u64(&b, "lnsd_x_total", l, 2, UINT64_MAX);
	ctl_mx_u64(&b, "lnsd_x_total", NULL, 0, 0);
	ctl_mx_f64(&b, "lnsd_y_seconds", NULL, 0, 0.25);
	assert_int_equal(b.err, 0);
	assert_string_equal(b.buf,
		"# HELP lnsd_x_total Frames seen.\n"
		"# TYPE lnsd_x_total counter\n"
		"lnsd_x_total{port=\"access\",role=\"core\"} 18446744073709551615\n"
		"lnsd_x_total 0\n"
		"lnsd_y_seconds 0.25\n");
	assert_int_equal(b.len, strlen(b.buf));
	ctl_mx_reset(&b);
	assert_int_equal(b.len, 0);
	ctl_mx_free(&b);
}

/* Label values escape \ " and newline; HELP escapes \ and newline only. */
static void
test_escapes(void **state)
{
	struct ctl_mx b;
	const struct ctl_mx_label l[] = { { "server", "a\\b\"c\nd\xc3\xa9" } };

	(void)state;
	assert_int_equal(ctl_mx_init(&b, 8, 4096), 0);
	ctl_mx_family(&b, "m", "gauge", "say \"hi\"\\ now\nplease");
	ctl_mx_u64(&b, "m", l, 1, 7);
	assert_int_equal(b.err, 0);
	assert_string_equal(b.buf,
		"# HELP m say \"hi\"\\\\ now\\nplease\n"
		"# TYPE m gauge\n"
		"m{server=\"a\\\\b\\\"c\\nd\xc3\xa9\"} 7\n");
	ctl_mx_free(&b);
}

static void
test_names(void **state)
{
	struct ctl_mx b;
	const struct ctl_mx_label bad[] = { { "le-x", "1" } };
	const struct ctl_mx_label reserved[] = { { "__name__", "1" } };

	(void)state;
	assert_true(ctl_mx_metric_name_ok("lnsd_a:b_1"));
	assert_false(ctl_mx_metric_name_ok("1abc"));
	assert_false(ctl_mx_metric_name_ok(""));
	assert_false(ctl_mx_metric_name_ok("a-b"));
	assert_true(ctl_mx_label_name_ok("reason"));
	assert_false(ctl_mx_label_name_ok("a:b"));
	assert_false(ctl_mx_label_name_ok("__name__"));
	assert_int_equal(ctl_mx_init(&b, 64, 4096), 0);
	ctl_mx_u64(&b, "ok", bad, 1, 1);
	assert_int_equal(b.err, -EINVAL);
	ctl_mx_reset(&b);
	ctl_mx_u64(&b, "ok", reserved, 1, 1);
	assert_int_equal(b.err, -EINVAL);
	ctl_mx_reset(&b);
	ctl_mx_family(&b, "bad name", "gauge", "x");
	assert_int_equal(b.err, -EINVAL);
	/* After an error nothing more is written. */
	ctl_mx_u64(&b, "ok", NULL, 0, 1);
	assert_int_equal(b.len, 0);
	ctl_mx_free(&b);
}

/* The buffer grows up to its limit, then the page fails as a whole. */
static void
test_limit(void **state)
{
	struct ctl_mx b;
	unsigned int i;

	(void)state;
	assert_int_equal(ctl_mx_init(&b, 16, 256), 0);
	for (i = 0; i < 100 && b.err == 0; i++)
		ctl_mx_u64(&b, "lnsd_some_counter_total", NULL, 0, i);
	assert_int_equal(b.err, -ENOMEM);
	assert_true(b.len < 256);
	assert_true(i > 5);
	ctl_mx_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_family_and_samples),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
