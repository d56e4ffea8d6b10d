/* SPDX-License-Identifier: BSD-3-Clause
 *
 * JSON writer and request parser of the control socket (ctl_sock_json.h).
 * The parser reads every octet through one bounds-checked cursor: no
 * read past len, no recursion, every string copied into a fixed field
 * whose size is checked first.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ctl_sock_json.h"

/* ---- writer -------------------------------------------------------------- */

void
ctl_json_init(struct ctl_json *j, char *buf, size_t cap)
{
	memset(j, 0, sizeof(*j));
	j->buf = buf;
	j->cap = cap;
}

static void
ctl_json_put(struct ctl_json *j, const char *s, size_t n)
{
	if (j->overflow || n > j->cap - j->len) {
		j->overflow = true;
		return;
	}
	memcpy(j->buf + j->len, s, n);
	j->len += n;
}

static void
ctl_json_putc(struct ctl_json *j, char c)
{
	ctl_json_put(j, &c, 1);
}

static void
ctl_json_quoted(struct ctl_json *j, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t run;

	ctl_json_putc(j, '"');
	while (*p != '\0') {
		/* Copy the longest run that needs no escape at once. */
		for (run = 0; p[run] >= 0x20 && p[run] != '"' &&
		     p[run] != '\\' && p[run] != 0x7f; run++)
			;
		ctl_json_put(j, (const char *)p, run);
		p += run;
		if (*p == '\0')
			break;
		if (*p == '"' || *p == '\\') {
			char esc[2] = { '\\', (char)*p };

			ctl_json_put(j, esc, 2);
		} else {
			char esc[6] = { '\\', 'u', '0', '0', hex[*p >> 4],
					hex[*p & 0xf] };

			ctl_json_put(j, esc, 6);
		}
		p++;
	}
	ctl_json_putc(j, '"');
}

/* Comma and key before a value at the current depth. */
static void
ctl_json_lead(struct ctl_json *j, const char *key)
{
	if (j->depth > 0 && j->need_comma[j->depth - 1])
		ctl_json_putc(j, ',');
	if (j->depth > 0)
		j->need_comma[j->depth - 1] = true;
	if (key != NULL) {
		ctl_json_quoted(j, key);
		ctl_json_putc(j, ':');
	}
}

static void
ctl_json_open(struct ctl_json *j, const char *key, char c)
{
	ctl_json_lead(j, key);
	if (j->depth >= CTL_JSON_DEPTH) {
		j->overflow = true;	/* a writer bug, never input */
		return;
	}
	ctl_json_putc(j, c);
	j->need_comma[j->depth++] = false;
}

static void
ctl_json_close(struct ctl_json *j, char c)
{
	if (j->depth == 0) {
		j->overflow = true;
		return;
	}
	j->depth--;
	ctl_json_putc(j, c);
}

void
ctl_json_obj_begin(struct ctl_json *j, const char *key)
{
	ctl_json_open(j, key, '{');
}

void
ctl_json_obj_end(struct ctl_json *j)
{
	ctl_json_close(j, '}');
}

void
ctl_json_arr_begin(struct ctl_json *j, const char *key)
{
	ctl_json_open(j, key, '[');
}

void
ctl_json_arr_end(struct ctl_json *j)
{
	ctl_json_close(j, ']');
}

void
ctl_json_str(struct ctl_json *j, const char *key, const char *s)
{
	ctl_json_lead(j, key);
	ctl_json_quoted(j, s != NULL ? s : "");
}

void
ctl_json_u64(struct ctl_json *j, const char *key, uint64_t v)
{
	char num[24];
	int n = snprintf(num, sizeof(num), "%" PRIu64, v);

	ctl_json_lead(j, key);
	ctl_json_put(j, num, (size_t)n);
}

void
ctl_json_i64(struct ctl_json *j, const char *key, int64_t v)
{
	char num[24];
	int n = snprintf(num, sizeof(num), "%" PRId64, v);

	ctl_json_lead(j, key);
	ctl_json_put(j, num, (size_t)n);
}

void
ctl_json_bool(struct ctl_json *j, const char *key, bool v)
{
	ctl_json_lead(j, key);
	if (v)
		ctl_json_put(j, "true", 4);
	else
		ctl_json_put(j, "false", 5);
}

void
ctl_json_newline(struct ctl_json *j)
{
	ctl_json_putc(j, '\n');
}

void
ctl_json_mark(const struct ctl_json *j, struct ctl_json_mark *m)
{
	m->len = j->len;
	m->depth = j->depth;
	memcpy(m->need_comma, j->need_comma, sizeof(m->need_comma));
}

void
ctl_json_rollback(struct ctl_json *j, const struct ctl_json_mark *m)
{
	j->len = m->len;
	j->depth = m->depth;
	memcpy(j->need_comma, m->need_comma, sizeof(j->need_comma));
	j->overflow = false;
}

/* ---- request parser --------------------------------------------------- */

struct ctl_req_cur {
	const char *p;
	const char *end;
	const char *why;
};

static void
ctl_req_ws(struct ctl_req_cur *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' ||
				 *c->p == '\r'))
		c->p++;
}

static bool
ctl_req_eat(struct ctl_req_cur *c, char ch)
{
	ctl_req_ws(c);
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return true;
	}
	return false;
}

static bool
ctl_req_fail(struct ctl_req_cur *c, const char *why)
{
	if (c->why == NULL)
		c->why = why;
	return false;
}

static int
ctl_req_hex(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* One output octet into out[*n], out having size cap (room for the NUL). */
static bool
ctl_req_out(struct ctl_req_cur *c, char *out, size_t cap, size_t *n, char ch)
{
	if (*n + 1 >= cap)
		return ctl_req_fail(c, "string too long");
	out[(*n)++] = ch;
	return true;
}

/* \uXXXX of the Basic Multilingual Plane, as UTF-8 (no surrogates, no NUL). */
static bool
ctl_req_unicode(struct ctl_req_cur *c, char *out, size_t cap, size_t *n)
{
	unsigned int cp = 0, i;
	int h;

	if (c->end - c->p < 4)
		return ctl_req_fail(c, "bad \\u escape");
	for (i = 0; i < 4; i++) {
		if ((h = ctl_req_hex(c->p[i])) < 0)
			return ctl_req_fail(c, "bad \\u escape");
		cp = cp << 4 | (unsigned int)h;
	}
	c->p += 4;
	if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff))
		return ctl_req_fail(c, "unsupported \\u escape");
	if (cp < 0x80)
		return ctl_req_out(c, out, cap, n, (char)cp);
	if (cp < 0x800)
		return ctl_req_out(c, out, cap, n, (char)(0xc0 | cp >> 6)) &&
		       ctl_req_out(c, out, cap, n, (char)(0x80 | (cp & 0x3f)));
	return ctl_req_out(c, out, cap, n, (char)(0xe0 | cp >> 12)) &&
	       ctl_req_out(c, out, cap, n, (char)(0x80 | ((cp >> 6) & 0x3f))) &&
	       ctl_req_out(c, out, cap, n, (char)(0x80 | (cp & 0x3f)));
}

/* A string into out (size cap, NUL-terminated). */
static bool
ctl_req_string(struct ctl_req_cur *c, char *out, size_t cap)
{
	size_t n = 0;
	char ch;

	if (!ctl_req_eat(c, '"'))
		return ctl_req_fail(c, "expected a string");
	for (;;) {
		if (c->p >= c->end)
			return ctl_req_fail(c, "unterminated string");
		ch = *c->p++;
		if (ch == '"')
			break;
		if ((unsigned char)ch < 0x20)
			return ctl_req_fail(c, "control character in string");
		if (ch == '\\') {
			if (c->p >= c->end)
				return ctl_req_fail(c, "unterminated string");
			ch = *c->p++;
			switch (ch) {
			case '"': case '\\': case '/':
				break;
			case 'n': ch = '\n'; break;
			case 't': ch = '\t'; break;
			case 'r': ch = '\r'; break;
			case 'b': ch = '\b'; break;
			case 'f': ch = '\f'; break;
			case 'u':
				if (!ctl_req_unicode(c, out, cap, &n))
					return false;
				continue;
			default:
				return ctl_req_fail(c, "bad escape");
			}
		}
		if (!ctl_req_out(c, out, cap, &n, ch))
			return false;
	}
	out[n] = '\0';
	return true;
}

/* A non-negative integer (at most 19 digits), kept as its text. */
static bool
ctl_req_number(struct ctl_req_cur *c, char *out, size_t cap)
{
	size_t n = 0;

	ctl_req_ws(c);
	while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		if (n >= 19 || n + 1 >= cap)
			return ctl_req_fail(c, "number too long");
		out[n++] = *c->p++;
	}
	if (n == 0)
		return ctl_req_fail(c, "expected a string or a number");
	if (n > 1 && out[0] == '0')
		return ctl_req_fail(c, "number with a leading zero");
	if (c->p < c->end && (*c->p == '.' || *c->p == 'e' || *c->p == 'E'))
		return ctl_req_fail(c, "only integers are accepted");
	out[n] = '\0';
	return true;
}

static bool
ctl_req_args(struct ctl_req_cur *c, struct ctl_req *req)
{
	unsigned int i;

	if (!ctl_req_eat(c, '{'))
		return ctl_req_fail(c, "args must be an object");
	if (ctl_req_eat(c, '}'))
		return true;
	do {
		char *key, *val;

		if (req->nb_args == CTL_REQ_ARGS_MAX)
			return ctl_req_fail(c, "too many args");
		key = req->args[req->nb_args].key;
		val = req->args[req->nb_args].val;
		if (!ctl_req_string(c, key, CTL_REQ_KEY_MAX))
			return false;
		for (i = 0; i < req->nb_args; i++)
			if (strcmp(req->args[i].key, key) == 0)
				return ctl_req_fail(c, "duplicate arg");
		if (!ctl_req_eat(c, ':'))
			return ctl_req_fail(c, "expected ':'");
		ctl_req_ws(c);
		if (c->p < c->end && *c->p == '"') {
			if (!ctl_req_string(c, val, CTL_REQ_VAL_MAX))
				return false;
		} else if (!ctl_req_number(c, val, CTL_REQ_VAL_MAX)) {
			return false;
		}
		req->nb_args++;
	} while (ctl_req_eat(c, ','));
	if (!ctl_req_eat(c, '}'))
		return ctl_req_fail(c, "expected ',' or '}' in args");
	return true;
}

int
ctl_req_parse(const char *line, size_t len, struct ctl_req *req,
	      const char **why)
{
	struct ctl_req_cur c = { .p = line, .end = line + len };
	bool have_cmd = false, have_args = false;
	char key[CTL_REQ_KEY_MAX];

	memset(req, 0, sizeof(*req));
	if (!ctl_req_eat(&c, '{')) {
		ctl_req_fail(&c, "a request is a JSON object");
		goto bad;
	}
	do {
		if (!ctl_req_string(&c, key, sizeof(key)))
			goto bad;
		if (!ctl_req_eat(&c, ':')) {
			ctl_req_fail(&c, "expected ':'");
			goto bad;
		}
		if (strcmp(key, "cmd") == 0 && !have_cmd) {
			if (!ctl_req_string(&c, req->cmd, sizeof(req->cmd)))
				goto bad;
			have_cmd = true;
		} else if (strcmp(key, "args") == 0 && !have_args) {
			if (!ctl_req_args(&c, req))
				goto bad;
			have_args = true;
		} else {
			ctl_req_fail(&c, "unknown or duplicate member (cmd, args)");
			goto bad;
		}
	} while (ctl_req_eat(&c, ','));
	if (!ctl_req_eat(&c, '}')) {
		ctl_req_fail(&c, "expected ',' or '}'");
		goto bad;
	}
	ctl_req_ws(&c);
	if (c.p != c.end) {
		ctl_req_fail(&c, "bytes after the request object");
		goto bad;
	}
	if (!have_cmd || req->cmd[0] == '\0') {
		ctl_req_fail(&c, "missing cmd");
		goto bad;
	}
	return 0;
bad:
	*why = c.why;
	return -EINVAL;
}

const char *
ctl_req_arg(const struct ctl_req *req, const char *key)
{
	unsigned int i;

	for (i = 0; i < req->nb_args; i++)
		if (strcmp(req->args[i].key, key) == 0)
			return req->args[i].val;
	return NULL;
}
