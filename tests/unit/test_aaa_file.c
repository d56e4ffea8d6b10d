/* SPDX-License-Identifier: BSD-3-Clause
 * Users file parser (control/aaa/aaa_file.c).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "aaa_file.h"

struct errs {
	unsigned int n;
	unsigned int line[8];
	char msg[8][256];
};

static void
on_err(void *arg, const char *file, unsigned int line, const char *msg)
{
	struct errs *e = arg;

	if (e->n < 8) {
		e->line[e->n] = line;
		snprintf(e->msg[e->n], sizeof(e->msg[0]), "%s", msg);
	}
	e->n++;
}

static char path[64];

static void
write_file(const char *text)
{
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/aaa_file_test.%d", (int)getpid());
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
test_good_file(void **state)
{
	struct aaa_local *db = aaa_local_create();
	struct errs e = { 0 };
	const struct aaa_user *u;

	write_file("# subscribers\n"
		   "alice@isp  s3cret\n"
		   "\n"
		   "bob pw 100.64.1.2   # static\n"
		   "carol pw - business\n"
		   "dave pw 100.64.1.3 business\n");
	assert_int_equal(aaa_file_load(db, path, on_err, &e), 4);
	assert_int_equal(e.n, 0);
	assert_int_equal(aaa_local_count(db), 4);
	u = aaa_local_lookup(db, (const uint8_t *)"alice@isp", 9);
	assert_non_null(u);
	assert_string_equal(u->password, "s3cret");
	assert_int_equal(u->static_ip, 0);
	assert_null(u->pool);
	u = aaa_local_lookup(db, (const uint8_t *)"bob", 3);
	assert_int_equal(u->static_ip, 0x64400102);
	u = aaa_local_lookup(db, (const uint8_t *)"carol", 5);
	assert_int_equal(u->static_ip, 0);
	assert_string_equal(u->pool, "business");
	u = aaa_local_lookup(db, (const uint8_t *)"dave", 4);
	assert_int_equal(u->static_ip, 0x64400103);
	aaa_local_free(db);
	unlink(path);
}

static void
test_bad_lines(void **state)
{
	struct aaa_local *db = aaa_local_create();
	struct errs e = { 0 };

	write_file("alice pw\n"
		   "lonely\n"
		   "bob pw 300.1.1.1\n"
		   "alice other\n"
		   "eve pw - pool extra\n"
		   "frank pw\n");
	assert_int_equal(aaa_file_load(db, path, on_err, &e), -EINVAL);
	assert_int_equal(e.n, 4);
	assert_int_equal(e.line[0], 2);
	assert_non_null(strstr(e.msg[0], "expected NAME PASSWORD"));
	assert_int_equal(e.line[1], 3);
	assert_non_null(strstr(e.msg[1], "bad IPv4 address \"300.1.1.1\""));
	assert_int_equal(e.line[2], 4);
	assert_non_null(strstr(e.msg[2], "duplicate user \"alice\""));
	assert_int_equal(e.line[3], 5);
	/* Good lines are still loaded. */
	assert_int_equal(aaa_local_count(db), 2);
	aaa_local_free(db);
	unlink(path);
}

static void
test_missing_file(void **state)
{
	struct aaa_local *db = aaa_local_create();
	struct errs e = { 0 };

	assert_int_equal(aaa_file_load(db, "/nonexistent/users", on_err, &e),
			 -ENOENT);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.line[0], 0);
	aaa_local_free(db);
}

static void
test_long_line(void **state)
{
	struct aaa_local *db = aaa_local_create();
	struct errs e = { 0 };
	char *big = malloc(3000);

	memset(big, 'x', 2998);
	big[2998] = '\n';
	big[2999] = '\0';
	write_file(big);
	free(big);
	assert_int_equal(aaa_file_load(db, path, on_err, &e), -EINVAL);
	assert_int_equal(e.n, 1);
	assert_int_equal(aaa_local_count(db), 0);
	aaa_local_free(db);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_long_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
