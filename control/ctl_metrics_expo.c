/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Prometheus text exposition writer (ctl_metrics_expo.h). Written here
 * rather than taken from a library: the C client libraries
 * (prometheus-client-c / libprom) keep a registry of their own metric
 * objects, with locks and allocations per update, while lnsd's counters
 * already exist where they are counted and only need printing; the
 * format itself is a few lines of text with three escapes.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_metrics_expo.h"

int
ctl_mx_init(struct ctl_mx *b, size_t cap, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
	b->buf = malloc(cap);
	if (b->buf == NULL)
		return -ENOMEM;
	b->cap = cap;
	return 0;
}

void
ctl_mx_free(struct ctl_mx *b)
{
	free(b->buf);
	memset(b, 0, sizeof(*b));
}

void
ctl_mx_reset(struct ctl_mx *b)
{
	b->len = 0;
	b->err = 0;
}

/* Room for n more octets (and a NUL), growing by doubling up to max. */
static bool
ctl_mx_room(struct ctl_mx *b, size_t n)
{
	size_t cap = b->cap;
	char *p;

	if (b->err != 0)
		return false;
	if (b->len + n + 1 <= cap)
		return true;
	while (cap < b->len + n + 1)
		cap = cap ? cap * 2 : 4096;
	if (cap > b->max)
		cap = b->max;
	if (b->len + n + 1 > cap || (p = realloc(b->buf, cap)) == NULL) {
		b->err = -ENOMEM;
		return false;
	}
	b->buf = p;
	b->cap = cap;
	return true;
}

static void
ctl_mx_put(struct ctl_mx *b, const char *s, size_t n)
{
	if (!ctl_mx_room(b, n))
		return;
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

static void
ctl_mx_puts(struct ctl_mx *b, const char *s)
{
	ctl_mx_put(b, s, strlen(s));
}

static void __attribute__((format(printf, 2, 3)))
ctl_mx_printf(struct ctl_mx *b, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		b->err = -EINVAL;
	else
		ctl_mx_put(b, tmp, (size_t)n);
}

/*
 * The format's escapes: in HELP text '\' and newline; in label values
 * also '"'. Everything else (UTF-8 included) is written as it is.
 */
static void
ctl_mx_escaped(struct ctl_mx *b, const char *s, bool quote)
{
	const char *run = s;

	for (; *s != '\0'; s++) {
		const char *esc = *s == '\\' ? "\\\\" : *s == '\n' ? "\\n" :
				  quote && *s == '"' ? "\\\"" : NULL;

		if (esc == NULL)
			continue;
		ctl_mx_put(b, run, (size_t)(s - run));
		ctl_mx_puts(b, esc);
		run = s + 1;
	}
	ctl_mx_put(b, run, (size_t)(s - run));
}

static bool
ctl_mx_name_char(char c, bool first, bool colon)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       (colon && c == ':') || (!first && c >= '0' && c <= '9');
}

static bool
ctl_mx_name_valid(const char *s, bool colon)
{
	const char *p;

	if (s == NULL || *s == '\0')
		return false;
	for (p = s; *p != '\0'; p++)
		if (!ctl_mx_name_char(*p, p == s, colon))
			return false;
	return true;
}

bool
ctl_mx_metric_name_ok(const char *s)
{
	return ctl_mx_name_valid(s, true);
}

bool
ctl_mx_label_name_ok(const char *s)
{
	/* Names beginning with "__" are reserved for Prometheus itself. */
	return ctl_mx_name_valid(s, false) && strncmp(s, "__", 2) != 0;
}

void
ctl_mx_family(struct ctl_mx *b, const char *name, const char *type,
	      const char *help)
{
	if (!ctl_mx_metric_name_ok(name)) {
		b->err = -EINVAL;
		return;
	}
	ctl_mx_puts(b, "# HELP ");
	ctl_mx_puts(b, name);
	ctl_mx_puts(b, " ");
	ctl_mx_escaped(b, help, false);
	ctl_mx_puts(b, "\n# TYPE ");
	ctl_mx_puts(b, name);
	ctl_mx_puts(b, " ");
	ctl_mx_puts(b, type);
	ctl_mx_puts(b, "\n");
}

/* name{a="x",b="y"} and the space before the value. */
static void
ctl_mx_head(struct ctl_mx *b, const char *name, const struct ctl_mx_label *l,
	    unsigned int n)
{
	unsigned int i;

	if (!ctl_mx_metric_name_ok(name)) {
		b->err = -EINVAL;
		return;
	}
	ctl_mx_puts(b, name);
	for (i = 0; i < n; i++) {
		if (!ctl_mx_label_name_ok(l[i].name)) {
			b->err = -EINVAL;
			return;
		}
		ctl_mx_puts(b, i == 0 ? "{" : ",");
		ctl_mx_puts(b, l[i].name);
		ctl_mx_puts(b, "=\"");
		ctl_mx_escaped(b, l[i].value, true);
		ctl_mx_puts(b, "\"");
	}
	ctl_mx_puts(b, n ? "} " : " ");
}

void
ctl_mx_u64(struct ctl_mx *b, const char *name, const struct ctl_mx_label *l,
	   unsigned int n, uint64_t v)
{
	ctl_mx_head(b, name, l, n);
	ctl_mx_printf(b, "%" PRIu64 "\n", v);
}

void
ctl_mx_f64(struct ctl_mx *b, const char *name, const struct ctl_mx_label *l,
	   unsigned int n, double v)
{
	ctl_mx_head(b, name, l, n);
	ctl_mx_printf(b, "%.9g\n", v);
}
