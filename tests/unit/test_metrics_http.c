/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Unit tests of the metrics endpoint's HTTP request parser and response
 * head (control/ctl_metrics_http.c): good requests, malformed ones,
 * oversized ones, and requests that arrive an octet at a time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ctl_metrics_http.h"

#define P "/metrics"

static enum ctl_http_verdict
parse(const char *s)
{
	return ctl_http_parse(s, strlen(s), CTL_HTTP_REQ_MAX, P);
}

static void
test_good(void **state)
{
	(void)state;
	assert_int_equal(parse("GET /metrics HTTP/1.1\r\nHost: x\r\n"
			       "Accept: text/plain;version=0.0.4\r\n\r\n"),
			 CTL_HTTP_OK);
	assert_int_equal(parse("GET /metrics HTTP/1.0\r\n\r\n"), CTL_HTTP_OK);
	assert_int_equal(parse("GET /metrics?x=1 HTTP/1.1\r\n\r\n"),
			 CTL_HTTP_OK);
	assert_int_equal(parse("GET /metrics HTTP/1.1\n\n"), CTL_HTTP_OK);
	assert_int_equal(parse("GET / HTTP/1.1\r\n\r\n"), CTL_HTTP_NOT_FOUND);
	assert_int_equal(parse("GET /metricsx HTTP/1.1\r\n\r\n"),
			 CTL_HTTP_NOT_FOUND);
	assert_int_equal(parse("POST /metrics HTTP/1.1\r\n\r\n"),
			 CTL_HTTP_METHOD);
	assert_int_equal(parse("HEAD /metrics HTTP/1.1\r\n\r\n"),
			 CTL_HTTP_METHOD);
}

static void
test_malformed(void **state)
{
	static const char *const bad[] = {
		"GET /metrics\r\n\r\n",			/* HTTP/0.9 */
		"GET /metrics HTTP/2.0\r\n\r\n",
		"GET  /metrics HTTP/1.1\r\n\r\n",
		"GET metrics HTTP/1.1\r\n\r\n",
		"G(T /metrics HTTP/1.1\r\n\r\n",
		" GET /metrics HTTP/1.1\r\n\r\n",
		"GET /metrics HTTP/1.1 \r\n\r\n",
		"GET /metrics HTTP/1.1\r\nHost x\r\n\r\n",	/* no colon */
		"GET /metrics HTTP/1.1\r\nHost : x\r\n\r\n",	/* space before : */
		"GET /metrics HTTP/1.1\r\n folded\r\n\r\n",
		"GET /metrics HTTP/1.1\r\n: x\r\n\r\n",
		"GET /me\rtrics HTTP/1.1\r\n\r\n",		/* bare CR */
		"\r\n",
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(bad[i]) != CTL_HTTP_BAD)
			fprintf(stderr, "case %u\n", i);
		assert_int_equal(parse(bad[i]), CTL_HTTP_BAD);
	}
	/* A control octet or NUL is refused at once, before the end. */
	assert_int_equal(ctl_http_parse("GET /\0", 6, CTL_HTTP_REQ_MAX, P),
			 CTL_HTTP_BAD);
	assert_int_equal(parse("GET /\x01"), CTL_HTTP_BAD);
	assert_int_equal(parse("GET / HTTP/1.1\r\nX: \x7f"), CTL_HTTP_BAD);
	/* A bad request line is refused before the headers end. */
	assert_int_equal(parse("GET /metrics HTTP/3\r\nHost: x\r\n"),
			 CTL_HTTP_BAD);
}

static void
test_oversized(void **state)
{
	char buf[CTL_HTTP_REQ_MAX + 64];
	size_t n;

	(void)state;
	n = (size_t)snprintf(buf, sizeof(buf), "GET /metrics HTTP/1.1\r\n");
	while (n < sizeof(buf) - 16)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "X-A: b\r\n");
	assert_int_equal(ctl_http_parse(buf, CTL_HTTP_REQ_MAX,
					CTL_HTTP_REQ_MAX, P), CTL_HTTP_TOO_BIG);
	assert_int_equal(ctl_http_parse(buf, CTL_HTTP_REQ_MAX - 1,
					CTL_HTTP_REQ_MAX, P), CTL_HTTP_MORE);
	/* A smaller cap is honoured, a larger one clamped. */
	assert_int_equal(ctl_http_parse(buf, 100, 100, P), CTL_HTTP_TOO_BIG);
	assert_int_equal(ctl_http_parse(buf, CTL_HTTP_REQ_MAX,
					CTL_HTTP_REQ_MAX * 4, P),
			 CTL_HTTP_TOO_BIG);
	/* One long request line. */
	memset(buf, 'a', sizeof(buf));
	memcpy(buf, "GET /", 5);
	assert_int_equal(ctl_http_parse(buf, CTL_HTTP_REQ_MAX,
					CTL_HTTP_REQ_MAX, P), CTL_HTTP_TOO_BIG);
}

/* A request sent one octet at a time is judged only once complete. */
static void
test_slow(void **state)
{
	static const char req[] = "GET /metrics HTTP/1.1\r\nHost: h\r\n\r\n";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(req) - 2; i++)
		assert_int_equal(ctl_http_parse(req, i, CTL_HTTP_REQ_MAX, P),
				 CTL_HTTP_MORE);
	assert_int_equal(ctl_http_parse(req, sizeof(req) - 1,
					CTL_HTTP_REQ_MAX, P), CTL_HTTP_OK);
	/* Headers that never end stay "more" until the cap. */
	assert_int_equal(parse("GET /metrics HTTP/1.1\r\nA: b\r\nC: d\r\n"),
			 CTL_HTTP_MORE);
}

/*
 * What follows the end of the headers (a pipelined request, a stray
 * body, any octets) does not change the verdict the headers gave: the
 * endpoint answers as soon as it knows (found by fuzz_metrics_http).
 */
static void
test_after_headers(void **state)
{
	static const char good[] = "GET /metrics HTTP/1.1\r\n\r\n\x01\0junk";
	static const char post[] = "POST /metrics HTTP/1.0\r\n\r\n\n\x7f";

	(void)state;
	assert_int_equal(ctl_http_parse(good, sizeof(good) - 1,
					CTL_HTTP_REQ_MAX, P), CTL_HTTP_OK);
	assert_int_equal(ctl_http_parse(post, sizeof(post) - 1,
					CTL_HTTP_REQ_MAX, P), CTL_HTTP_METHOD);
}

static void
test_head(void **state)
{
	char out[256];
	int n;

	(void)state;
	n = ctl_http_head(out, sizeof(out), 200, "text/plain", 12);
	assert_int_equal(n, (int)strlen(out));
	assert_string_equal(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
			    "Content-Length: 12\r\nConnection: close\r\n\r\n");
	n = ctl_http_head(out, sizeof(out), 405, "text/plain", 0);
	assert_true(n > 0);
	assert_non_null(strstr(out, "405 Method Not Allowed\r\n"));
	assert_non_null(strstr(out, "\r\nAllow: GET\r\n"));
	assert_int_equal(ctl_http_head(out, 20, 200, "text/plain", 1), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_oversized),
		cmocka_unit_test(test_slow),
		cmocka_unit_test(test_after_headers),
		cmocka_unit_test(test_head),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
