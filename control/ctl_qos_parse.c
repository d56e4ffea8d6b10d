/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The vendor rate string a RADIUS server sends: Mikrotik-Rate-Limit
 * (ctl_qos.h has the grammar and the direction mapping). Pure C.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ctl_qos.h"

/* Fields after the rates: at most 5 (burst rate .. rate-min). */
#define CTL_QOS_MT_MAX_FIELDS	6
#define CTL_QOS_MT_FIELD_MAX	48

/* A later field: digits and k K M G, at most one '/', not empty sides. */
static bool
ctl_qos_mt_field_ok(const char *f, size_t len)
{
	bool slash = false, digit = false;
	size_t i;

	for (i = 0; i < len; i++) {
		if (f[i] == '/') {
			if (slash || !digit)
				return false;
			slash = true;
			digit = false;
		} else if (f[i] >= '0' && f[i] <= '9') {
			digit = true;
		} else if (strchr("kKMG", f[i]) == NULL || !digit) {
			return false;
		}
	}
	return digit;
}

int
ctl_qos_parse_mikrotik(const char *s, struct ctl_qos_rates *r)
{
	char first[CTL_QOS_MT_FIELD_MAX], *slash;
	unsigned int nf = 0;
	uint64_t rx, tx;
	size_t len;
	int rc;

	if (s == NULL)
		return -EINVAL;
	for (;;) {
		s += strspn(s, " ");
		if (*s == '\0')
			break;
		len = strcspn(s, " ");
		if (++nf > CTL_QOS_MT_MAX_FIELDS)
			return -EINVAL;
		if (nf == 1) {
			if (len >= sizeof(first))
				return -EINVAL;
			memcpy(first, s, len);
			first[len] = '\0';
		} else if (!ctl_qos_mt_field_ok(s, len)) {
			return -EINVAL;
		}
		s += len;
	}
	if (nf == 0)
		return -EINVAL;
	slash = strchr(first, '/');
	if (slash != NULL)
		*slash = '\0';
	rc = cfg_qos_parse_rate(first, &rx);
	if (rc != 0)
		return rc;
	tx = rx;
	if (slash != NULL) {
		rc = cfg_qos_parse_rate(slash + 1, &tx);
		if (rc != 0)
			return rc;
	}
	memset(r, 0, sizeof(*r));
	r->up_bps = rx;
	r->down_bps = tx;
	return 0;
}
