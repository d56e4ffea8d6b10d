/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The control socket's JSON (ctl_sock.h): a writer into a caller's
 * buffer, and a parser of the one request shape the socket accepts.
 * No DPDK, no allocation: unit tested and fuzzed (tests/fuzz/fuzz_ctl_sock.c).
 *
 * Why not a JSON library: lnsd writes flat objects of numbers and
 * strings and reads one small fixed shape; a writer that can never grow
 * a buffer (a reply row either fits in the client's bounded output
 * buffer or is rolled back and retried on the next loop pass) and a
 * parser that rejects anything outside the subset are ~300 lines, while
 * a general library would allocate per node on the control lcore and
 * accept input (deep nesting, huge numbers) we would then have to bound
 * again ourselves.
 */
#ifndef LNS_CTL_SOCK_JSON_H
#define LNS_CTL_SOCK_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- writer -------------------------------------------------------------- */

#define CTL_JSON_DEPTH 8

/*
 * Writes into buf[0..cap), never past it. Once something does not fit,
 * overflow is set and nothing more is written (what was written may end
 * inside a value): the caller rolls back to a mark (ctl_json_mark) or
 * throws the buffer away.
 */
struct ctl_json {
	char *buf;
	size_t cap;
	size_t len;
	bool overflow;
	unsigned int depth;
	bool need_comma[CTL_JSON_DEPTH];
};

void ctl_json_init(struct ctl_json *j, char *buf, size_t cap);
/* key is NULL inside an array or at the top level. */
void ctl_json_obj_begin(struct ctl_json *j, const char *key);
void ctl_json_obj_end(struct ctl_json *j);
void ctl_json_arr_begin(struct ctl_json *j, const char *key);
void ctl_json_arr_end(struct ctl_json *j);
void ctl_json_str(struct ctl_json *j, const char *key, const char *s);
void ctl_json_u64(struct ctl_json *j, const char *key, uint64_t v);
void ctl_json_i64(struct ctl_json *j, const char *key, int64_t v);
void ctl_json_bool(struct ctl_json *j, const char *key, bool v);
/* A newline ending one reply line (only at depth 0). */
void ctl_json_newline(struct ctl_json *j);

/* Where to roll back to, and the rollback (clears overflow). */
struct ctl_json_mark {
	size_t len;
	unsigned int depth;
	bool need_comma[CTL_JSON_DEPTH];
};
void ctl_json_mark(const struct ctl_json *j, struct ctl_json_mark *m);
void ctl_json_rollback(struct ctl_json *j, const struct ctl_json_mark *m);

/* ---- request parser --------------------------------------------------- */

#define CTL_REQ_CMD_MAX		48	/* "show sessions" */
#define CTL_REQ_KEY_MAX		24
#define CTL_REQ_VAL_MAX		256
#define CTL_REQ_ARGS_MAX	8

/*
 * One request line: {"cmd": "show sessions", "args": {"user": "a*"}}.
 * args is optional; its values are strings or non-negative integers
 * (kept as their decimal text). Nothing else is accepted: other
 * members, nesting, arrays, floats, duplicate keys, trailing bytes.
 */
struct ctl_req {
	char cmd[CTL_REQ_CMD_MAX];
	unsigned int nb_args;
	struct {
		char key[CTL_REQ_KEY_MAX];
		char val[CTL_REQ_VAL_MAX];
	} args[CTL_REQ_ARGS_MAX];
};

/*
 * Parse line[0..len) (no newline). 0, or -EINVAL with *why saying what
 * is wrong (a static string).
 */
int ctl_req_parse(const char *line, size_t len, struct ctl_req *req,
		  const char **why);
/* The value of argument key, NULL when absent. */
const char *ctl_req_arg(const struct ctl_req *req, const char *key);

#endif /* LNS_CTL_SOCK_JSON_H */
