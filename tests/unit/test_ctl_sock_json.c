/* SPDX-License-Identifier: BSD-3-Clause
 * The control socket's JSON writer and request parser
 * (control/ctl_sock_json.c): output that is valid JSON with escapes, a
 * writer that never writes past its buffer and rolls back, and a parser
 * that takes the documented request shape and refuses everything else.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ctl_sock_json.h"

/* ---- writer ---- */

static void
test_writer_object(void **state)
{
	char buf[256];
	struct ctl_json j;

	(void)state;
	ctl_json_init(&j, buf, sizeof(buf));
	ctl_json_obj_begin(&j, NULL);
	ctl_json_bool(&j, "ok", true);
	ctl_json_u64(&j, "n", UINT64_MAX);
	ctl_json_i64(&j, "neg", -5);
	ctl_json_arr_begin(&j, "list");
	ctl_json_str(&j, NULL, "a");
	ctl_json_obj_begin(&j, NULL);
	ctl_json_bool(&j, "x", false);
	ctl_json_obj_end(&j);
	ctl_json_arr_end(&j);
	ctl_json_obj_begin(&j, "empty");
	ctl_json_obj_end(&j);
	ctl_json_obj_end(&j);
	ctl_json_newline(&j);
	assert_false(j.overflow);
	assert_int_equal(j.depth, 0);
	assert_int_equal(j.len, strlen("{\"ok\":true,\"n\":18446744073709551615,\"neg\":-5,\"list\":[\"a\",{\"x\":false}],\"empty\":{}}\n"));
	assert_memory_equal(buf, "{\"ok\":true,\"n\":18446744073709551615,\"neg\":-5,\"list\":[\"a\",{\"x\":false}],\"empty\":{}}\n", j.len);
}

static void
test_writer_escapes(void **state)
{
	static const char want[] = "{\"k\\\"\":\"q\\\" b\\\\ \\u000a\\u0001\\u001f\\u007f \xc3\xa9\"}";
	char buf[128];
	struct ctl_json j;

	(void)state;
	ctl_json_init(&j, buf, sizeof(buf));
	ctl_json_obj_begin(&j, NULL);
	/* A user name from a LAC may hold anything: quotes, controls, UTF-8. */
	ctl_json_str(&j, "k\"", "q\" b\\ \n\x01\x1f\x7f \xc3\xa9");
	ctl_json_obj_end(&j);
	assert_false(j.overflow);
	assert_int_equal(j.len, strlen(want));
	assert_memory_equal(buf, want, j.len);
}

/* Every truncation point: never a byte past cap, overflow flagged. */
static void
test_writer_overflow(void **state)
{
	char full[128], buf[128 + 8];
	struct ctl_json j;
	size_t n, cap;

	(void)state;
	ctl_json_init(&j, full, sizeof(full));
	ctl_json_obj_begin(&j, NULL);
	ctl_json_str(&j, "user", "bob\"x");
	ctl_json_u64(&j, "n", 12345);
	ctl_json_obj_end(&j);
	assert_false(j.overflow);
	n = j.len;
	for (cap = 0; cap < n; cap++) {
		memset(buf, 0xa5, sizeof(buf));
		ctl_json_init(&j, buf, cap);
		ctl_json_obj_begin(&j, NULL);
		ctl_json_str(&j, "user", "bob\"x");
		ctl_json_u64(&j, "n", 12345);
		ctl_json_obj_end(&j);
		assert_true(j.overflow);
		assert_true(j.len <= cap);
		assert_int_equal((unsigned char)buf[cap], 0xa5);
		assert_memory_equal(buf, full, j.len);
	}
}

static void
test_writer_rollback(void **state)
{
	char buf[40];
	struct ctl_json j;
	struct ctl_json_mark m;

	(void)state;
	ctl_json_init(&j, buf, sizeof(buf));
	ctl_json_arr_begin(&j, NULL);
	ctl_json_u64(&j, NULL, 1);
	ctl_json_mark(&j, &m);
	/* A row that does not fit: rolled back, the comma state too. */
	ctl_json_str(&j, NULL, "this string is far too long for the rest");
	assert_true(j.overflow);
	ctl_json_rollback(&j, &m);
	assert_false(j.overflow);
	ctl_json_u64(&j, NULL, 2);
	ctl_json_arr_end(&j);
	assert_false(j.overflow);
	assert_int_equal(j.len, 5);
	assert_memory_equal(buf, "[1,2]", 5);
}

static void
test_writer_depth(void **state)
{
	char buf[64];
	struct ctl_json j;
	unsigned int i;

	(void)state;
	ctl_json_init(&j, buf, sizeof(buf));
	for (i = 0; i < CTL_JSON_DEPTH; i++)
		ctl_json_arr_begin(&j, NULL);
	assert_false(j.overflow);
	ctl_json_arr_begin(&j, NULL);	/* one too deep: refused */
	assert_true(j.overflow);
	ctl_json_init(&j, buf, sizeof(buf));
	ctl_json_obj_end(&j);		/* closing nothing: refused */
	assert_true(j.overflow);
}

/* ---- parser ---- */

static int
parse(const char *s, struct ctl_req *r, const char **why)
{
	*why = NULL;
	return ctl_req_parse(s, strlen(s), r, why);
}

static void
test_parse_ok(void **state)
{
	struct ctl_req r;
	const char *why;

	(void)state;
	assert_int_equal(parse("{\"cmd\":\"show summary\"}", &r, &why), 0);
	assert_string_equal(r.cmd, "show summary");
	assert_int_equal(r.nb_args, 0);
	assert_null(ctl_req_arg(&r, "user"));

	assert_int_equal(parse(" { \"args\" : { \"user\" : \"a*\", \"tunnel\" : 3 } ,"
			       " \"cmd\" : \"show sessions\" } \r", &r, &why), 0);
	assert_string_equal(r.cmd, "show sessions");
	assert_int_equal(r.nb_args, 2);
	assert_string_equal(ctl_req_arg(&r, "user"), "a*");
	assert_string_equal(ctl_req_arg(&r, "tunnel"), "3");

	/* Escapes, \u to UTF-8, an empty args object. */
	assert_int_equal(parse("{\"cmd\":\"x\",\"args\":{\"u\":\"a\\\"b\\\\c\\/\\u00e9\\u20ac\\n\"}}",
			       &r, &why), 0);
	assert_string_equal(ctl_req_arg(&r, "u"), "a\"b\\c/\xc3\xa9\xe2\x82\xac\n");
	assert_int_equal(parse("{\"cmd\":\"x\",\"args\":{}}", &r, &why), 0);
	assert_int_equal(r.nb_args, 0);
	assert_int_equal(parse("{\"cmd\":\"x\",\"args\":{\"n\":0}}", &r, &why), 0);
	assert_string_equal(ctl_req_arg(&r, "n"), "0");
}

static void
test_parse_bad(void **state)
{
	static const char *const bad[] = {
		"", " ", "null", "[]", "\"cmd\"", "{", "{}", "{\"cmd\":\"\"}",
		"{\"cmd\":1}", "{\"cmd\":\"x\"", "{\"cmd\":\"x\"}}",
		"{\"cmd\":\"x\"} {}", "{\"cmd\":\"x\",}", "{\"cmd\":\"x\" \"a\":1}",
		"{\"cmd\":\"x\",\"cmd\":\"y\"}", "{\"cmd\":\"x\",\"other\":1}",
		"{\"cmd\":\"x\",\"args\":[]}", "{\"cmd\":\"x\",\"args\":{\"a\":{}}}",
		"{\"cmd\":\"x\",\"args\":{\"a\":[1]}}",
		"{\"cmd\":\"x\",\"args\":{\"a\":true}}",
		"{\"cmd\":\"x\",\"args\":{\"a\":null}}",
		"{\"cmd\":\"x\",\"args\":{\"a\":-1}}",
		"{\"cmd\":\"x\",\"args\":{\"a\":1.5}}",
		"{\"cmd\":\"x\",\"args\":{\"a\":1e3}}",
		"{\"cmd\":\"x\",\"args\":{\"a\":01}}",
		"{\"cmd\":\"x\",\"args\":{\"a\":12345678901234567890}}",
		"{\"cmd\":\"x\",\"args\":{\"a\":1,\"a\":2}}",
		"{\"cmd\":\"x\",\"args\":{\"a\":1,}}",
		"{\"cmd\":\"x\",\"args\":{\"a\" 1}}",
		"{\"cmd\":\"x\\q\"}", "{\"cmd\":\"x\\u00\"}", "{\"cmd\":\"x\\u0000\"}",
		"{\"cmd\":\"x\\ud800\"}", "{\"cmd\":\"x\\uzzzz\"}",
		"{\"cmd\":\"a\tb\"}", "{\"cmd\":\"x\\",
		"{\"args\":{},\"args\":{}}",
	};
	struct ctl_req r;
	const char *why;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(bad[i], &r, &why) != -EINVAL)
			fail_msg("accepted: %s", bad[i]);
		if (why == NULL)
			fail_msg("no reason for: %s", bad[i]);
	}
}

/* A NUL inside the line ends nothing: it is a control character. */
static void
test_parse_embedded_nul(void **state)
{
	static const char line[] = "{\"cmd\":\"a\0b\"}";
	struct ctl_req r;
	const char *why = NULL;

	(void)state;
	assert_int_equal(ctl_req_parse(line, sizeof(line) - 1, &r, &why), -EINVAL);
	assert_non_null(why);
}

/* Fields at and above their sizes; more args than fit. */
static void
test_parse_limits(void **state)
{
	char line[1024], val[CTL_REQ_VAL_MAX + 2], cmd[CTL_REQ_CMD_MAX + 1];
	struct ctl_req r;
	const char *why;
	unsigned int i;
	size_t n;

	(void)state;
	memset(val, 'v', sizeof(val));
	val[CTL_REQ_VAL_MAX - 1] = '\0';	/* the longest value that fits */
	snprintf(line, sizeof(line), "{\"cmd\":\"x\",\"args\":{\"a\":\"%s\"}}", val);
	assert_int_equal(parse(line, &r, &why), 0);
	assert_int_equal(strlen(ctl_req_arg(&r, "a")), CTL_REQ_VAL_MAX - 1);
	val[CTL_REQ_VAL_MAX - 1] = 'v';
	val[CTL_REQ_VAL_MAX] = '\0';		/* one more */
	snprintf(line, sizeof(line), "{\"cmd\":\"x\",\"args\":{\"a\":\"%s\"}}", val);
	assert_int_equal(parse(line, &r, &why), -EINVAL);
	assert_string_equal(why, "string too long");

	memset(cmd, 'c', sizeof(cmd));
	cmd[CTL_REQ_CMD_MAX] = '\0';
	snprintf(line, sizeof(line), "{\"cmd\":\"%s\"}", cmd);
	assert_int_equal(parse(line, &r, &why), -EINVAL);

	n = (size_t)snprintf(line, sizeof(line), "{\"cmd\":\"x\",\"args\":{");
	for (i = 0; i <= CTL_REQ_ARGS_MAX; i++)
		n += (size_t)snprintf(line + n, sizeof(line) - n, "%s\"k%u\":%u",
				      i ? "," : "", i, i);
	snprintf(line + n, sizeof(line) - n, "}}");
	assert_int_equal(parse(line, &r, &why), -EINVAL);
	assert_string_equal(why, "too many args");
}

/* Every prefix of a valid request is refused; no read past its length. */
static void
test_parse_prefixes(void **state)
{
	static const char ok[] = "{\"cmd\":\"show sessions\",\"args\":{\"user\":\"a\\u00e9\",\"tunnel\":12}}";
	struct ctl_req r;
	const char *why;
	size_t n;
	char *copy;

	(void)state;
	for (n = 0; n < sizeof(ok) - 1; n++) {
		/* An exact-size heap copy: ASan sees any read past n. */
		copy = malloc(n + (n == 0));
		assert_non_null(copy);
		memcpy(copy, ok, n);
		assert_int_equal(ctl_req_parse(copy, n, &r, &why), -EINVAL);
		free(copy);
	}
	assert_int_equal(ctl_req_parse(ok, sizeof(ok) - 1, &r, &why), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_writer_object),
		cmocka_unit_test(test_writer_escapes),
		cmocka_unit_test(test_writer_overflow),
		cmocka_unit_test(test_writer_rollback),
		cmocka_unit_test(test_writer_depth),
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_embedded_nul),
		cmocka_unit_test(test_parse_limits),
		cmocka_unit_test(test_parse_prefixes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
