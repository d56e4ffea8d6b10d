/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The log output (control/ctl_log.c): the timestamp, the module of a line,
 * and rte_log() routed through the cookie stream - lnsd's lines and
 * DPDK's own, level filtering, several lines in one message, the journal
 * output's fallback. No EAL: rte_log() works before rte_eal_init().
 */
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <cmocka.h>
#include <rte_log.h>

#include "ctl_log.h"
#include "lns_log.h"

static int logtype;
/* LNS_LOG(..., test, ...) logs with this type. */
int lns_logtype_test;

static void
test_stamp(void **state)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = 999999999 };
	char buf[CTL_LOG_STAMP_LEN];

	(void)state;
	ctl_log_stamp(&ts, buf);
	assert_string_equal(buf, "1970-01-01T00:00:00.999Z");
	/* 2026-12-03 05:40:12 UTC, 7 ms: zero-padded milliseconds. */
	ts = (struct timespec){ .tv_sec = 1796276412, .tv_nsec = 7000000 };
	ctl_log_stamp(&ts, buf);
	assert_string_equal(buf, "2026-12-03T05:40:12.007Z");
	assert_int_equal(strlen(buf), CTL_LOG_STAMP_LEN - 1);
}

static void
test_module(void **state)
{
	(void)state;
	assert_int_equal(ctl_log_module("ppp: event=x", 12), 3);
	assert_int_equal(ctl_log_module("EAL: Detected", 13), 3);
	assert_int_equal(ctl_log_module("lnsd.aaa: x", 11), 8);
	assert_int_equal(ctl_log_module("no module here", 14), 0);
	assert_int_equal(ctl_log_module(": x", 3), 0);
	assert_int_equal(ctl_log_module("ppp:x", 5), 0);
	/* The length bounds the scan: "ppp: " cut after the colon. */
	assert_int_equal(ctl_log_module("ppp: x", 4), 0);
}

/* The whole of f, NUL-terminated (malloc'd). */
static char *
slurp(FILE *f)
{
	long n;
	char *s;

	fflush(f);
	n = ftell(f);
	assert_true(n >= 0);
	s = calloc(1, (size_t)n + 1);
	assert_non_null(s);
	rewind(f);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	return s;
}

static void
assert_match(const char *s, const char *re)
{
	regex_t r;
	int rc;

	assert_int_equal(regcomp(&r, re, REG_EXTENDED | REG_NEWLINE), 0);
	rc = regexec(&r, s, 0, NULL, 0);
	regfree(&r);
	if (rc != 0)
		fail_msg("no line matches /%s/ in:\n%s", re, s);
}

static const struct cfg_log log_stderr = {
	.level = CFG_LOG_INFO, .output = CFG_LOG_OUT_STDERR,
	.facility = LOG_DAEMON, .ident = "lnsd",
};

#define STAMP "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z"

static void
test_stderr_output(void **state)
{
	FILE *out = tmpfile();
	char *s;

	(void)state;
	assert_non_null(out);
	assert_int_equal(ctl_log_open(&log_stderr, out), 0);
	rte_log(RTE_LOG_NOTICE, logtype, "main: event=running workers=%u\n",
		2u);
	/* DPDK's own lines take the same way. */
	RTE_LOG(ERR, EAL, "Cannot do something\n");
	/* Two lines in one message: each its own stamped line. */
	rte_log(RTE_LOG_WARNING, logtype, "ppp: event=a\nppp: event=b\n");
	/* Below the type's level: nothing. */
	rte_log(RTE_LOG_DEBUG, logtype, "ppp: event=hidden\n");
	ctl_log_close();
	/* After close: DPDK's default stream again. */
	assert_ptr_not_equal(rte_log_get_stream(), out);
	rte_log(RTE_LOG_NOTICE, logtype, "main: event=after-close\n");
	s = slurp(out);
	assert_match(s, "^" STAMP " notice main: event=running workers=2$");
	assert_match(s, "^" STAMP " err EAL: Cannot do something$");
	assert_match(s, "^" STAMP " warning ppp: event=a$");
	assert_match(s, "^" STAMP " warning ppp: event=b$");
	assert_null(strstr(s, "hidden"));
	assert_null(strstr(s, "after-close"));
	free(s);
	fclose(out);
}

/*
 * The journal output: a line sent to the journal is not on out; with no
 * journald (no socket) it is on out, stamped, and counted. Whichever of
 * the two this machine does, the count and out must agree (both paths,
 * with a socket of the test's own: tests/e2e/test_log_output.sh).
 */
static void
test_journal_output(void **state)
{
	struct cfg_log lj = log_stderr;
	struct ctl_log_stats before, after;
	FILE *out = tmpfile();
	char *s;

	(void)state;
	assert_non_null(out);
	lj.output = CFG_LOG_OUT_JOURNAL;
	ctl_log_stats(&before);
	assert_int_equal(ctl_log_open(&lj, out), 0);
	rte_log(RTE_LOG_ERR, logtype, "aaa: event=journal-test n=1\n");
	ctl_log_close();
	ctl_log_stats(&after);
	assert_int_equal(after.lines, before.lines + 1);
	s = slurp(out);
	if (after.journal_errors == before.journal_errors + 1)
		assert_match(s, "^" STAMP " err aaa: event=journal-test n=1$");
	else
		assert_string_equal(s, "");
	free(s);
	fclose(out);
}

/* Syslog output writes nothing to out (where it goes: test_log_output.sh). */
static void
test_syslog_not_stderr(void **state)
{
	struct cfg_log ls = log_stderr;
	struct ctl_log_stats before, after;
	FILE *out = tmpfile();
	char *s;

	(void)state;
	assert_non_null(out);
	ls.output = CFG_LOG_OUT_SYSLOG;
	ls.facility = LOG_LOCAL3;
	ctl_log_stats(&before);
	assert_int_equal(ctl_log_open(&ls, out), 0);
	rte_log(RTE_LOG_INFO, logtype, "l2tp: event=syslog-test\n");
	ctl_log_close();
	ctl_log_stats(&after);
	assert_int_equal(after.lines, before.lines + 1);
	s = slurp(out);
	assert_string_equal(s, "");
	free(s);
	fclose(out);
}

/* lns_ratelimit_burst(): burst lines an interval, the rest counted. */
static void
test_ratelimit(void **state)
{
	struct lns_ratelimit rl = { 0 }, rl3 = { 0 };
	uint32_t sup = 99, i, n;

	(void)state;
	assert_true(lns_ratelimit(&rl, 5000, 1000, &sup));
	assert_int_equal(sup, 0);
	assert_false(lns_ratelimit(&rl, 5000, 1000, &sup));
	assert_false(lns_ratelimit(&rl, 5999, 1000, &sup));
	assert_true(lns_ratelimit(&rl, 6000, 1000, &sup));
	assert_int_equal(sup, 2);
	for (i = 0, n = 0; i < 10; i++)
		n += lns_ratelimit_burst(&rl3, 100, 1000, 3, &sup);
	assert_int_equal(n, 3);
	assert_false(lns_ratelimit_burst(&rl3, 1099, 1000, 3, &sup));
	assert_true(lns_ratelimit_burst(&rl3, 1100, 1000, 3, &sup));
	assert_int_equal(sup, 8);
	assert_true(lns_ratelimit_burst(&rl3, 1101, 1000, 3, &sup));
	assert_int_equal(sup, 0);
}

/* LNS_LOG_RL(): the lines of one call site, with suppressed=N. */
static void
log_rl(uint64_t now, unsigned int i)
{
	LNS_LOG_RL(NOTICE, test, now, 10, "event=auth-failed n=%u", i);
}

static void
test_log_rl(void **state)
{
	FILE *out = tmpfile();
	unsigned int i, lines = 0;
	char *s, *p;

	(void)state;
	assert_non_null(out);
	assert_int_equal(ctl_log_open(&log_stderr, out), 0);
	for (i = 0; i < 25; i++)
		log_rl(1000, i);
	log_rl(2000, 25);
	ctl_log_close();
	s = slurp(out);
	for (p = s; (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	assert_int_equal(lines, 11);
	assert_match(s, "^" STAMP " notice test: event=auth-failed n=0 suppressed=0$");
	assert_match(s, "^" STAMP " notice test: event=auth-failed n=9 suppressed=0$");
	assert_null(strstr(s, "n=10 "));
	assert_match(s, "^" STAMP " notice test: event=auth-failed n=25 suppressed=15$");
	free(s);
	fclose(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stamp),
		cmocka_unit_test(test_module),
		cmocka_unit_test(test_stderr_output),
		cmocka_unit_test(test_journal_output),
		cmocka_unit_test(test_syslog_not_stderr),
		cmocka_unit_test(test_ratelimit),
		cmocka_unit_test(test_log_rl),
	};

	logtype = rte_log_register_type_and_pick_level("lnsd.test",
						       RTE_LOG_INFO);
	lns_logtype_test = logtype;
	if (logtype < 0)
		return 1;
	rte_log_set_global_level(RTE_LOG_DEBUG);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
