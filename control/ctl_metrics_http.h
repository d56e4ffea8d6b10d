/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The metrics endpoint's HTTP/1.x request parser and response head
 * (RFC 9112), just what a scraper needs: one GET per connection, then
 * Connection: close. Pure C, no DPDK: unit tested (test_metrics_http).
 */
#ifndef LNS_CTL_METRICS_HTTP_H
#define LNS_CTL_METRICS_HTTP_H

#include <stddef.h>

/* A request (line and headers) larger than this is refused with 431. */
#define CTL_HTTP_REQ_MAX	4096

enum ctl_http_verdict {
	CTL_HTTP_MORE = 0,		/* incomplete: read more */
	CTL_HTTP_OK = 200,		/* GET of the path */
	CTL_HTTP_BAD = 400,		/* malformed */
	CTL_HTTP_NOT_FOUND = 404,	/* another path */
	CTL_HTTP_METHOD = 405,		/* not GET */
	CTL_HTTP_TOO_BIG = 431,		/* no end of headers within max */
};

/*
 * What to answer to the len octets received so far (max: the size cap,
 * at most CTL_HTTP_REQ_MAX). A malformed octet or line is refused as soon
 * as it arrives; a complete request is judged by its request line
 * ("GET <path>[?query] HTTP/1.0|1.1") and header syntax.
 */
enum ctl_http_verdict ctl_http_parse(const char *buf, size_t len, size_t max,
				     const char *path);

/* Reason phrase of a status. */
const char *ctl_http_reason(int status);

/*
 * The response head into out (n octets): status line, Content-Type,
 * Content-Length, Connection: close (and Allow: GET for 405). Returns its
 * length, or -1 when out is too small.
 */
int ctl_http_head(char *out, size_t n, int status, const char *ctype,
		  size_t body_len);

#endif /* LNS_CTL_METRICS_HTTP_H */
