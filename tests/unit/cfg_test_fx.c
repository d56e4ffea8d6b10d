/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The configuration tests' fixture (cfg_test_fx.h).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfg_test_fx.h"

int
fx_setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	*state = fx;
	return 0;
}

int
fx_teardown(void **state)
{
	struct fx *fx = *state;

	cfg_free(&fx->cfg);
	cfg_errors_free(&fx->errs);
	free(fx);
	return 0;
}

int
load(void **state, const char *yaml)
{
	struct fx *fx = *state;

	return cfg_load_buffer("t.yaml", yaml, strlen(yaml), &fx->cfg,
			       &fx->errs);
}

/* Print the errors on failure so a broken expectation is easy to read. */
void
dump(const struct fx *fx)
{
	cfg_errors_print(stderr, &fx->errs);
}

/* Check error idx: position, key, and a fragment of the message. */
void
expect_err(const struct fx *fx, unsigned int idx, unsigned int line,
	   unsigned int col, const char *key, const char *msg)
{
	const struct cfg_error *e;

	if (idx >= fx->errs.n)
		dump(fx);
	assert_true(idx < fx->errs.n);
	e = &fx->errs.v[idx];
	if (e->line != line || e->column != col || strcmp(e->key, key) != 0 ||
	    strstr(e->msg, msg) == NULL)
		dump(fx);
	assert_string_equal(e->file, "t.yaml");
	assert_int_equal(e->line, line);
	assert_int_equal(e->column, col);
	assert_string_equal(e->key, key);
	assert_non_null(strstr(e->msg, msg));
}

/* Exactly one error, as described. */
void
expect_one(void **state, const char *yaml, unsigned int line,
	   unsigned int col, const char *key, const char *msg)
{
	struct fx *fx = *state;

	assert_int_equal(load(state, yaml), -EINVAL);
	if (fx->errs.n != 1)
		dump(fx);
	assert_int_equal(fx->errs.n, 1);
	expect_err(fx, 0, line, col, key, msg);
}
