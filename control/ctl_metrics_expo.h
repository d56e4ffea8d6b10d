/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The Prometheus text exposition format, version 0.0.4: a growable
 * buffer and the lines written into it (# HELP, # TYPE, samples with
 * escaped label values). Pure C, no DPDK: unit tested (test_metrics_expo).
 * A name that is not a valid metric or label name, or a buffer that would
 * grow past its limit, sets err and writes nothing more: a scrape answers
 * 500 rather than a partial or invalid page.
 */
#ifndef LNS_CTL_METRICS_EXPO_H
#define LNS_CTL_METRICS_EXPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CTL_MX_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

struct ctl_mx {
	char *buf;
	size_t len;
	size_t cap;
	size_t max;		/* never grows beyond this */
	int err;		/* 0, -ENOMEM (limit or malloc), -EINVAL (name) */
};

struct ctl_mx_label {
	const char *name;	/* [a-zA-Z_][a-zA-Z0-9_]* */
	const char *value;	/* any UTF-8; escaped as the format says */
};

int ctl_mx_init(struct ctl_mx *b, size_t cap, size_t max);
void ctl_mx_free(struct ctl_mx *b);
/* Empty the buffer (and forget an error) for the next page. */
void ctl_mx_reset(struct ctl_mx *b);

/* # HELP name help (escaped) and # TYPE name type. */
void ctl_mx_family(struct ctl_mx *b, const char *name, const char *type,
		   const char *help);
/* name{labels} value; n may be 0 (no braces). */
void ctl_mx_u64(struct ctl_mx *b, const char *name,
		const struct ctl_mx_label *l, unsigned int n, uint64_t v);
void ctl_mx_f64(struct ctl_mx *b, const char *name,
		const struct ctl_mx_label *l, unsigned int n, double v);

/* The format's name rules (metric names may hold ':', label names not). */
bool ctl_mx_metric_name_ok(const char *s);
bool ctl_mx_label_name_ok(const char *s);

#endif /* LNS_CTL_METRICS_EXPO_H */
