/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The configuration tests' fixture (test_cfg.c, test_cfg_plan.c): load a
 * YAML buffer named "t.yaml" and check its errors by position, key and
 * a fragment of the message.
 */
#ifndef CFG_TEST_FX_H
#define CFG_TEST_FX_H

#include "cfg.h"

struct fx {
	struct cfg cfg;
	struct cfg_errors errs;
};

int fx_setup(void **state);
int fx_teardown(void **state);
/* cfg_load_buffer() of yaml as "t.yaml" into the fixture. */
int load(void **state, const char *yaml);
/* Print the errors, so a broken expectation is easy to read. */
void dump(const struct fx *fx);
/* Check error idx: position, key, and a fragment of the message. */
void expect_err(const struct fx *fx, unsigned int idx, unsigned int line,
		unsigned int col, const char *key, const char *msg);
/* Exactly one error, as described. */
void expect_one(void **state, const char *yaml, unsigned int line,
		unsigned int col, const char *key, const char *msg);

#endif /* CFG_TEST_FX_H */
