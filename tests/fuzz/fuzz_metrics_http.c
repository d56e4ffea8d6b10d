/* SPDX-License-Identifier: BSD-3-Clause
 *
 * libFuzzer target: the metrics endpoint's HTTP request parser and
 * response head (control/ctl_metrics_http.c), what a remote scraper (or
 * anyone who reaches the management address) feeds. The input is the
 * octets a client sends. Invariants:
 *   - every verdict is one of the enum's;
 *   - a verdict other than "read more" is final: it is the same for every
 *     longer input starting with the same octets (the endpoint answers as
 *     soon as it knows, and must not have answered differently had it
 *     waited), checked at every length;
 *   - with no end of headers within the size cap, the answer is not 200;
 *   - the response head for any status and length fits or says -1, and
 *     ends with the blank line.
 */
#include <stdint.h>
#include <string.h>

#include "ctl_metrics_http.h"
#include "fuzz_common.h"

static int
verdict_known(enum ctl_http_verdict v)
{
	return v == CTL_HTTP_MORE || v == CTL_HTTP_OK || v == CTL_HTTP_BAD ||
	       v == CTL_HTTP_NOT_FOUND || v == CTL_HTTP_METHOD ||
	       v == CTL_HTTP_TOO_BIG;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[CTL_HTTP_REQ_MAX + 64];
	enum ctl_http_verdict first = CTL_HTTP_MORE, v;
	size_t len = size < sizeof(buf) ? size : sizeof(buf);
	size_t max = CTL_HTTP_REQ_MAX, i;
	char head[256];
	int n;

	memcpy(buf, data, len);
	/* A smaller cap now and then, so the 431 path is reached. */
	if (len > 0 && (data[0] & 0x80))
		max = 64 + data[0];
	for (i = 0; i <= len && i <= max; i++) {
		v = ctl_http_parse(buf, i, max, "/metrics");
		FUZZ_CHECK(verdict_known(v));
		if (first != CTL_HTTP_MORE)
			FUZZ_CHECK(v == first);
		else
			first = v;
	}
	if (first == CTL_HTTP_OK)
		FUZZ_CHECK(memmem(buf, len, "\r\n\r\n", 4) != NULL ||
			   memmem(buf, len, "\n\n", 2) != NULL);

	if (size >= 4) {
		static const int st[] = { 200, 400, 404, 405, 431, 503 };
		size_t cap = data[1] % sizeof(head);

		n = ctl_http_head(head, cap, st[data[2] % 6], "text/plain",
				  (size_t)data[3] << 16);
		FUZZ_CHECK(n == -1 || ((size_t)n < cap && n >= 4 &&
			   memcmp(head + n - 4, "\r\n\r\n", 4) == 0));
	}
	return 0;
}
