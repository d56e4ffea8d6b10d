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
#include "aaa_local_be.h"

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

/* Exactly len octets, so a test can put NUL bytes and CRs in a line. */
static void
write_bytes(const char *buf, size_t len)
{
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/aaa_file_test.%d", (int)getpid());
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	fclose(f);
}

static void
write_file(const char *text)
{
	write_bytes(text, strlen(text));
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

/* The optional profile=NAME field, anywhere after the password. */
static void
test_profile_field(void **state)
{
	struct aaa_local *db = aaa_local_create();
	struct errs e = { 0 };
	const struct aaa_user *u;

	(void)state;
	write_file("alice pw profile=gold\n"
		   "bob pw 100.64.1.2 profile=silver\n"
		   "carol pw - business profile=gold\n"
		   "dave pw profile=bronze 100.64.1.3 business\n"
		   "erin pw - business\n"
		   "f1 pw profile=a profile=b\n"
		   "f2 pw profile=\n"
		   "f3 pw - pool profile=gold extra\n"
		   "f4 pw profile=abcdefghijabcdefghijabcdefghij12\n"
		   "f5 profile=gold\n");
	assert_int_equal(aaa_file_load(db, path, on_err, &e), -EINVAL);
	assert_int_equal(e.n, 4);
	assert_int_equal(e.line[0], 6);
	assert_non_null(strstr(e.msg[0], "[profile=NAME]"));
	assert_int_equal(e.line[1], 7);
	assert_int_equal(e.line[2], 8);
	assert_int_equal(e.line[3], 9);
	assert_non_null(strstr(e.msg[3], "bad profile name"));
	assert_int_equal(aaa_local_count(db), 6);
	/* The second field is always the password, whatever it reads. */
	u = aaa_local_lookup(db, (const uint8_t *)"f5", 2);
	assert_non_null(u);
	assert_string_equal(u->password, "profile=gold");
	assert_null(u->profile);
	u = aaa_local_lookup(db, (const uint8_t *)"alice", 5);
	assert_non_null(u);
	assert_string_equal(u->profile, "gold");
	assert_null(u->pool);
	u = aaa_local_lookup(db, (const uint8_t *)"bob", 3);
	assert_string_equal(u->profile, "silver");
	assert_int_equal(u->static_ip, 0x64400102);
	u = aaa_local_lookup(db, (const uint8_t *)"carol", 5);
	assert_string_equal(u->profile, "gold");
	assert_string_equal(u->pool, "business");
	u = aaa_local_lookup(db, (const uint8_t *)"dave", 4);
	assert_string_equal(u->profile, "bronze");
	assert_int_equal(u->static_ip, 0x64400103);
	assert_string_equal(u->pool, "business");
	u = aaa_local_lookup(db, (const uint8_t *)"erin", 4);
	assert_null(u->profile);
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

/*
 * A NUL byte is an error of its own line, named as such; the next line is
 * read normally and every later line keeps its number (fgets() alone
 * cannot see past a NUL: the line looked "too long" and swallowed the next).
 */
static void
test_nul_byte(void **state)
{
	static const char text[] = "alice pw\n"
				   "bo\0b pw\n"
				   "carol pw\n"
				   "lonely\n"
				   "dave pw\n";
	struct aaa_local *db = aaa_local_create();
	struct errs e = { 0 };

	write_bytes(text, sizeof(text) - 1);
	assert_int_equal(aaa_file_load(db, path, on_err, &e), -EINVAL);
	assert_int_equal(e.n, 2);
	assert_int_equal(e.line[0], 2);
	assert_string_equal(e.msg[0], "NUL byte in line");
	assert_int_equal(e.line[1], 4);
	assert_non_null(strstr(e.msg[1], "expected NAME PASSWORD"));
	assert_int_equal(aaa_local_count(db), 3);
	assert_non_null(aaa_local_lookup(db, (const uint8_t *)"carol", 5));
	assert_non_null(aaa_local_lookup(db, (const uint8_t *)"dave", 4));
	aaa_local_free(db);
	unlink(path);
}

/* The last line needs no newline; CRLF line ends are DOS files, not data. */
static void
test_line_ends(void **state)
{
	static const char text[] = "alice pw1\r\n"
				   "bob pw2 100.64.1.2\r\n"
				   "\r\n"
				   "# comment\r\n"
				   "carol pw3";
	struct aaa_local *db = aaa_local_create();
	struct errs e = { 0 };
	const struct aaa_user *u;

	write_bytes(text, sizeof(text) - 1);
	assert_int_equal(aaa_file_load(db, path, on_err, &e), 3);
	assert_int_equal(e.n, 0);
	u = aaa_local_lookup(db, (const uint8_t *)"alice", 5);
	assert_non_null(u);
	assert_string_equal(u->password, "pw1");
	u = aaa_local_lookup(db, (const uint8_t *)"bob", 3);
	assert_non_null(u);
	assert_int_equal(u->static_ip, 0x64400102);
	u = aaa_local_lookup(db, (const uint8_t *)"carol", 5);
	assert_non_null(u);
	assert_string_equal(u->password, "pw3");
	aaa_local_free(db);
	unlink(path);
}

/*
 * The limit is 1023 characters without the line end (CRLF or LF): such a
 * line is read, one more is an error of its own line only, and the lines
 * around it keep their numbers, also when the long one is the last.
 */
/* prefix6=PREFIX/64 and pd=PREFIX/LEN: a local user's static IPv6. */
static void
test_ip6_fields(void **state)
{
	struct aaa_local *db = aaa_local_create();
	struct errs e = { 0 };
	const struct aaa_user *u;
	struct aaa_attrs at;
	uint8_t want[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x03, 0x00, 0x00, 0x07 };

	(void)state;
	write_file("alice pw prefix6=2001:db8:300:7::/64 pd=2001:db8:400:1200::/56\n"
		   "bob pw 100.64.1.2 pd=2001:db8:400:1300::/56 profile=gold\n"
		   "carol pw - business prefix6=2001:db8:300:8::/64\n"
		   "f1 pw prefix6=2001:db8:300:9::/56\n"
		   "f2 pw prefix6=2001:db8:300:9::1/64\n"
		   "f3 pw pd=2001:db8:400::/72\n"
		   "f4 pw pd=2001:db8:400::/56 pd=2001:db8:500::/56\n"
		   "f5 pw pd=nonsense/56\n"
		   "f6 pw prefix6=2001:db8:300:9::\n");
	assert_int_equal(aaa_file_load(db, path, on_err, &e), -EINVAL);
	assert_int_equal(e.n, 6);
	assert_int_equal(e.line[0], 4);
	assert_non_null(strstr(e.msg[0], "bad prefix6"));
	assert_int_equal(e.line[1], 5);		/* host bits set */
	assert_int_equal(e.line[2], 6);
	assert_non_null(strstr(e.msg[2], "bad pd"));
	assert_int_equal(e.line[3], 7);		/* given twice */
	assert_non_null(strstr(e.msg[3], "[pd=PREFIX/LEN]"));
	assert_int_equal(e.line[4], 8);
	assert_int_equal(e.line[5], 9);
	assert_int_equal(aaa_local_count(db), 3);
	u = aaa_local_lookup(db, (const uint8_t *)"alice", 5);
	assert_non_null(u->ip6);
	assert_int_equal(u->ip6->prefix_len, 64);
	assert_memory_equal(u->ip6->prefix, want, 16);
	assert_int_equal(u->ip6->pd_len, 56);
	u = aaa_local_lookup(db, (const uint8_t *)"bob", 3);
	assert_int_equal(u->ip6->prefix_len, 0);
	assert_int_equal(u->ip6->pd_len, 56);
	assert_string_equal(u->profile, "gold");
	assert_int_equal(u->static_ip, 0x64400102);
	/* What the local backend hands the session. */
	aaa_local_be_attrs(u, &at);
	assert_int_equal(at.delegated_prefix_len, 56);
	assert_int_equal(at.delegated_prefix[6], 0x13);
	assert_int_equal(at.ipv6_prefix_len, 0);
	u = aaa_local_lookup(db, (const uint8_t *)"carol", 5);
	assert_string_equal(u->pool, "business");
	assert_int_equal(u->ip6->prefix_len, 64);
	assert_int_equal(u->ip6->pd_len, 0);
	aaa_local_free(db);
	unlink(path);
}

static void
test_line_limit(void **state)
{
	struct aaa_local *db = aaa_local_create();
	struct errs e = { 0 };
	/* Static, not malloc(): GCC 12's -Warray-bounds misreads the
	 * sprintf()s into a malloc'd buffer in the sanitizer build. */
	static char buf[8192];
	size_t n = 0;
	const struct aaa_user *u;

	n += (size_t)sprintf(buf + n, "alice pw\n");
	/* Line 2: 1023 characters exactly (a long comment), CRLF. */
	n += (size_t)sprintf(buf + n, "bob pw #");
	memset(buf + n, 'c', 1015);
	n += 1015;
	n += (size_t)sprintf(buf + n, "\r\n");
	/* Line 3: 1024 characters. */
	n += (size_t)sprintf(buf + n, "carol pw #");
	memset(buf + n, 'c', 1014);
	n += 1014;
	n += (size_t)sprintf(buf + n, "\n");
	n += (size_t)sprintf(buf + n, "dave pw\n");
	/* Line 5: 2000 characters, the last, without a newline. */
	memset(buf + n, 'x', 2000);
	n += 2000;
	write_bytes(buf, n);
	assert_int_equal(aaa_file_load(db, path, on_err, &e), -EINVAL);
	assert_int_equal(e.n, 2);
	assert_int_equal(e.line[0], 3);
	assert_string_equal(e.msg[0], "line longer than 1023 characters");
	assert_int_equal(e.line[1], 5);
	assert_string_equal(e.msg[1], "line longer than 1023 characters");
	assert_int_equal(aaa_local_count(db), 3);
	u = aaa_local_lookup(db, (const uint8_t *)"bob", 3);
	assert_non_null(u);
	assert_string_equal(u->password, "pw");
	assert_non_null(aaa_local_lookup(db, (const uint8_t *)"dave", 4));
	aaa_local_free(db);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_profile_field),
		cmocka_unit_test(test_ip6_fields),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_line_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
