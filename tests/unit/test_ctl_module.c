/* SPDX-License-Identifier: BSD-3-Clause
 *
 * ctl_module_order(): lnsd's modules start after what they use and stop
 * before it; a bad table is refused with the module at fault named.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ctl_module.h"

static int
pos(const struct ctl_module *m, unsigned int n, const unsigned int *order,
    const char *name)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (strcmp(m[order[i]].name, name) == 0)
			return (int)i;
	return -1;
}

static void
test_order_follows_deps(void **state)
{
	/* lnsd's shape, listed in an order that is wrong on purpose. */
	static const struct ctl_module m[] = {
		{ "telemetry", { "l2tp", "ppp", "dataplane", NULL }, NULL, NULL },
		{ "l2tp", { "ports", "ppp", NULL }, NULL, NULL },
		{ "static", { "push", "l2tp", NULL }, NULL, NULL },
		{ "ppp", { "push", NULL }, NULL, NULL },
		{ "push", { "dataplane", NULL }, NULL, NULL },
		{ "dataplane", { "ports", NULL }, NULL, NULL },
		{ "ports", { NULL }, NULL, NULL },
	};
	unsigned int order[CTL_MODULE_MAX], n = sizeof(m) / sizeof(m[0]), i, k;
	const char *bad = "x";

	assert_int_equal(ctl_module_order(m, n, order, &bad), 0);
	assert_null(bad);
	for (i = 0; i < n; i++)
		for (k = 0; m[i].deps[k] != NULL; k++)
			assert_true(pos(m, n, order, m[i].deps[k]) <
				    pos(m, n, order, m[i].name));
	/* Every module once. */
	for (i = 0; i < n; i++)
		assert_true(pos(m, n, order, m[i].name) >= 0);
	assert_int_equal(pos(m, n, order, "ports"), 0);
	/* Finalised in reverse: l2tp (which tears calls down) before ppp. */
	assert_true(pos(m, n, order, "l2tp") > pos(m, n, order, "ppp"));
}

static void
test_ties_keep_table_order(void **state)
{
	static const struct ctl_module m[] = {
		{ "a", { NULL }, NULL, NULL },
		{ "b", { NULL }, NULL, NULL },
		{ "c", { "a", NULL }, NULL, NULL },
	};
	unsigned int order[3];

	assert_int_equal(ctl_module_order(m, 3, order, NULL), 0);
	assert_int_equal(order[0], 0);
	assert_int_equal(order[1], 1);
	assert_int_equal(order[2], 2);
}

static void
test_unknown_dep(void **state)
{
	static const struct ctl_module m[] = {
		{ "a", { NULL }, NULL, NULL },
		{ "b", { "a", "radius", NULL }, NULL, NULL },
	};
	unsigned int order[2];
	const char *bad = NULL;

	assert_int_equal(ctl_module_order(m, 2, order, &bad), -ENOENT);
	assert_string_equal(bad, "b");
}

static void
test_cycle(void **state)
{
	static const struct ctl_module m[] = {
		{ "a", { NULL }, NULL, NULL },
		{ "b", { "c", NULL }, NULL, NULL },
		{ "c", { "b", NULL }, NULL, NULL },
	};
	unsigned int order[3];
	const char *bad = NULL;

	assert_int_equal(ctl_module_order(m, 3, order, &bad), -ELOOP);
	assert_string_equal(bad, "b");
}

static void
test_too_many(void **state)
{
	static struct ctl_module m[CTL_MODULE_MAX + 1];
	unsigned int order[CTL_MODULE_MAX + 1];

	assert_int_equal(ctl_module_order(m, CTL_MODULE_MAX + 1, order, NULL),
			 -E2BIG);
}

/* Init in order, fini in reverse, and a failure unwinds what was done. */
static char trace[64];

static void
note(const char *s)
{
	strncat(trace, s, sizeof(trace) - strlen(trace) - 1);
}

static int init_a(const struct cfg *c) { note("+a"); return 0; }
static int init_b(const struct cfg *c) { note("+b"); return 0; }
static int init_fail(const struct cfg *c) { note("+x"); return -EIO; }
static void fini_a(void) { note("-a"); }
static void fini_b(void) { note("-b"); }

static void
test_init_fini(void **state)
{
	static const struct ctl_module ok[] = {
		{ "b", { "a", NULL }, init_b, fini_b },
		{ "a", { NULL }, init_a, fini_a },
	};
	static const struct ctl_module bad[] = {
		{ "b", { "a", NULL }, init_b, fini_b },
		{ "a", { NULL }, init_a, fini_a },
		{ "x", { "b", NULL }, init_fail, NULL },
	};

	trace[0] = 0;
	assert_int_equal(ctl_modules_init(ok, 2, NULL), 0);
	ctl_modules_fini();
	assert_string_equal(trace, "+a+b-b-a");
	trace[0] = 0;
	assert_int_equal(ctl_modules_init(bad, 3, NULL), -EIO);
	assert_string_equal(trace, "+a+b+x-b-a");
	trace[0] = 0;
	ctl_modules_fini();	/* nothing left */
	assert_string_equal(trace, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_follows_deps),
		cmocka_unit_test(test_ties_keep_table_order),
		cmocka_unit_test(test_unknown_dep),
		cmocka_unit_test(test_cycle),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_init_fini),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
