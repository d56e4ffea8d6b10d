/* SPDX-License-Identifier: BSD-3-Clause
 *
 * HTTP for the metrics endpoint (ctl_metrics_http.h). Written here rather
 * than with libmicrohttpd: the endpoint answers one GET with a page and
 * closes, and the hardening it needs (a request size cap, a deadline per
 * connection, a connection limit, every refusal counted as a metric) is
 * most of the code either way; a library would add its own threads and
 * connection policies to configure around, for ~150 lines of parsing.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ctl_metrics_http.h"

/* RFC 9110 §5.6.2 tchar. */
static bool
ctl_http_tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* Octets a request line or header may hold (CR and LF handled apart). */
static bool
ctl_http_octet_ok(unsigned char c)
{
	return c == '\t' || (c >= ' ' && c != 0x7f);
}

/* Every octet of s[0..n) may appear in a request line or header. */
static bool
ctl_http_octets_ok(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != '\r' && !ctl_http_octet_ok((unsigned char)s[i]))
			return false;
	return true;
}

/* "GET /path?query HTTP/1.1" (without its line end). */
static enum ctl_http_verdict
ctl_http_request_line(const char *s, size_t n, const char *path)
{
	const char *sp1 = memchr(s, ' ', n), *sp2, *end = s + n, *q;
	size_t plen;
	const char *p;

	if (sp1 == NULL || sp1 == s)
		return CTL_HTTP_BAD;
	for (p = s; p < sp1; p++)
		if (!ctl_http_tchar(*p))
			return CTL_HTTP_BAD;
	sp2 = memchr(sp1 + 1, ' ', (size_t)(end - sp1 - 1));
	if (sp2 == NULL || sp2 == sp1 + 1 || sp1[1] != '/')
		return CTL_HTTP_BAD;
	if ((size_t)(end - sp2 - 1) != 8 ||
	    (memcmp(sp2 + 1, "HTTP/1.1", 8) != 0 &&
	     memcmp(sp2 + 1, "HTTP/1.0", 8) != 0))
		return CTL_HTTP_BAD;
	for (p = sp1 + 1; p < sp2; p++)
		if (*p == '\t')
			return CTL_HTTP_BAD;
	if ((size_t)(sp1 - s) != 3 || memcmp(s, "GET", 3) != 0)
		return CTL_HTTP_METHOD;
	q = memchr(sp1 + 1, '?', (size_t)(sp2 - sp1 - 1));
	plen = (size_t)((q != NULL ? q : sp2) - sp1 - 1);
	if (plen != strlen(path) || memcmp(sp1 + 1, path, plen) != 0)
		return CTL_HTTP_NOT_FOUND;
	return CTL_HTTP_OK;
}

/* "Name: value": a token, a colon at once (RFC 9112 §5.1), no folding. */
static bool
ctl_http_header_ok(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && s[i] != ':'; i++)
		if (!ctl_http_tchar(s[i]))
			return false;
	return i > 0 && i < n;
}

enum ctl_http_verdict
ctl_http_parse(const char *buf, size_t len, size_t max, const char *path)
{
	enum ctl_http_verdict first = CTL_HTTP_MORE;
	const char *line = buf, *end = buf + len, *nl;
	size_t n;

	if (max > CTL_HTTP_REQ_MAX)
		max = CTL_HTTP_REQ_MAX;
	/*
	 * Line by line, each judged once complete; what follows the end of
	 * the headers (a pipelined request, a stray body) is not read: the
	 * verdict a prefix gave stays the verdict (fuzz_metrics_http).
	 */
	while ((nl = memchr(line, '\n', (size_t)(end - line))) != NULL) {
		n = (size_t)(nl - line);
		if (!ctl_http_octets_ok(line, n))
			return CTL_HTTP_BAD;
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (memchr(line, '\r', n) != NULL)
			return CTL_HTTP_BAD;		/* a bare CR */
		if (line == buf) {
			first = ctl_http_request_line(line, n, path);
			if (first == CTL_HTTP_BAD)
				return first;
		} else if (n == 0) {
			return first;			/* end of headers */
		} else if (!ctl_http_header_ok(line, n)) {
			return CTL_HTTP_BAD;
		}
		line = nl + 1;
	}
	/* The line still arriving: a bad octet is refused at once. */
	if (!ctl_http_octets_ok(line, (size_t)(end - line)))
		return CTL_HTTP_BAD;
	return len >= max ? CTL_HTTP_TOO_BIG : CTL_HTTP_MORE;
}

const char *
ctl_http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 431: return "Request Header Fields Too Large";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

int
ctl_http_head(char *out, size_t n, int status, const char *ctype,
	      size_t body_len)
{
	int r = snprintf(out, n,
			 "HTTP/1.1 %d %s\r\nContent-Type: %s\r\n"
			 "Content-Length: %zu\r\n%sConnection: close\r\n\r\n",
			 status, ctl_http_reason(status), ctype, body_len,
			 status == 405 ? "Allow: GET\r\n" : "");

	return r < 0 || (size_t)r >= n ? -1 : r;
}
