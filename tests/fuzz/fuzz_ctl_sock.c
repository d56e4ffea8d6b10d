/* SPDX-License-Identifier: BSD-3-Clause
 *
 * libFuzzer target: the control socket's request parser and JSON writer
 * (control/ctl_sock_json.c). The input is one request line as a client
 * sends it (no newline). Invariants: a parse either fails with a reason
 * or yields a non-empty command and at most CTL_REQ_ARGS_MAX arguments
 * with distinct keys, every field NUL-terminated within its size; and
 * what the writer makes of them (the shape of an answer, every string
 * escaped) is valid for the parser again when written as a request:
 * writing then parsing gives back the same command and arguments.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "ctl_sock_json.h"
#include "fuzz_common.h"

static void
check_req(const struct ctl_req *r)
{
	unsigned int i, k;

	FUZZ_CHECK(memchr(r->cmd, '\0', sizeof(r->cmd)) != NULL);
	FUZZ_CHECK(r->cmd[0] != '\0');
	FUZZ_CHECK(r->nb_args <= CTL_REQ_ARGS_MAX);
	for (i = 0; i < r->nb_args; i++) {
		FUZZ_CHECK(memchr(r->args[i].key, '\0', sizeof(r->args[i].key)) != NULL);
		FUZZ_CHECK(memchr(r->args[i].val, '\0', sizeof(r->args[i].val)) != NULL);
		for (k = 0; k < i; k++)
			FUZZ_CHECK(strcmp(r->args[i].key, r->args[k].key) != 0);
	}
}

/* Write r back as a request line; it must parse to the same request. */
static void
round_trip(const struct ctl_req *r)
{
	static char buf[16384];
	struct ctl_req again;
	struct ctl_json j;
	const char *why = NULL;
	unsigned int i;

	ctl_json_init(&j, buf, sizeof(buf));
	ctl_json_obj_begin(&j, NULL);
	ctl_json_str(&j, "cmd", r->cmd);
	ctl_json_obj_begin(&j, "args");
	for (i = 0; i < r->nb_args; i++)
		ctl_json_str(&j, r->args[i].key, r->args[i].val);
	ctl_json_obj_end(&j);
	ctl_json_obj_end(&j);
	FUZZ_CHECK(!j.overflow && j.depth == 0 && j.len <= sizeof(buf));
	FUZZ_CHECK(ctl_req_parse(buf, j.len, &again, &why) == 0);
	FUZZ_CHECK(strcmp(again.cmd, r->cmd) == 0);
	FUZZ_CHECK(again.nb_args == r->nb_args);
	for (i = 0; i < r->nb_args; i++) {
		FUZZ_CHECK(strcmp(again.args[i].key, r->args[i].key) == 0);
		FUZZ_CHECK(strcmp(again.args[i].val, r->args[i].val) == 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctl_req r;
	const char *why = NULL;
	int ret;

	ret = ctl_req_parse((const char *)data, size, &r, &why);
	if (ret != 0) {
		FUZZ_CHECK(ret == -EINVAL && why != NULL);
		return 0;
	}
	check_req(&r);
	round_trip(&r);
	return 0;
}
