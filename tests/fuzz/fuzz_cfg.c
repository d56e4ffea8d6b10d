/* SPDX-License-Identifier: BSD-3-Clause
 *
 * libFuzzer target: the YAML configuration loader (config/): libyaml's
 * document, the schema walk (cfg_schema.c, cfg_types.c), the cross-field
 * validation (cfg_validate.c, cfg_static.c) and the positioned error
 * list, through cfg_load_buffer() (the same code cfg_load() runs on a
 * file's contents). Errors are printed to /dev/null so their formatting
 * runs too. Invariants: 0 means no error was recorded and -EINVAL at
 * least one, each with a position inside the input.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "fuzz_common.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	static struct cfg cfg;
	struct cfg_errors errs = { 0 };
	unsigned int i, lines = 1;
	int rc;

	if (devnull == NULL) {
		devnull = fopen("/dev/null", "w");
		FUZZ_CHECK(devnull != NULL);
	}
	/* YAML breaks lines at LF, CR, and in UTF-8 at NEL, LS and PS. */
	for (i = 0; i < size; i++)
		lines += data[i] == '\n' || data[i] == '\r' ||
		    data[i] == 0x85 || data[i] == 0xa8 || data[i] == 0xa9;
	rc = cfg_load_buffer("fuzz.yaml", (const char *)data, size, &cfg,
	    &errs);
	if (rc == 0) {
		FUZZ_CHECK(errs.n == 0);
		(void)cfg_static_port(&cfg);
	} else {
		FUZZ_CHECK(rc == -EINVAL || rc == -ENOMEM);
		FUZZ_CHECK(rc == -ENOMEM || errs.n > 0);
	}
	for (i = 0; i < errs.n; i++) {
		/* Positions point into the input (libyaml may say end + 1). */
		FUZZ_CHECK(errs.v[i].line <= lines + 1);
		FUZZ_CHECK(memchr(errs.v[i].msg, '\0',
		    sizeof(errs.v[i].msg)) != NULL);
		FUZZ_CHECK(memchr(errs.v[i].key, '\0',
		    sizeof(errs.v[i].key)) != NULL);
	}
	cfg_errors_print(devnull, &errs);
	cfg_errors_free(&errs);
	cfg_free(&cfg);
	return 0;
}
