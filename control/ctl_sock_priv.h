/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Internals of the control socket: the client (ctl_sock.c) and the
 * commands (ctl_sock_cmd.c: the dispatch table and the short answers;
 * ctl_sock_sess.c: tunnels, sessions and disconnects). Control lcore only.
 */
#ifndef LNS_CTL_SOCK_PRIV_H
#define LNS_CTL_SOCK_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "ctl_sock_json.h"
#include "ctl_telemetry.h"

#define CTL_SOCK_CLIENTS_MAX	32
#define CTL_SOCK_LINE_MAX	4096	/* one request line, newline included */
#define CTL_SOCK_OUT_MAX	(64 * 1024)	/* buffered reply per client */
#define CTL_SOCK_ROW_MAX	2048	/* room a streamed row needs */
#define CTL_SOCK_ROWS_CLIENT	256	/* rows per client per loop pass */
#define CTL_SOCK_ROWS_PASS	1024	/* rows per loop pass in all */
#define CTL_SOCK_STALL_MS	5000	/* reply pending, nothing read of it */
#define CTL_SOCK_IDLE_MS	300000	/* no request, nothing pending */

/* Which sessions a listing shows: every criterion given must match. */
struct ctl_sock_sess_filter {
	char user[CTL_REQ_VAL_MAX];	/* fnmatch pattern; "": any */
	uint32_t net, mask;		/* host order; mask 0: any */
	uint32_t peer;			/* LAC address, network order; 0: any */
	int phase;			/* enum ctl_ppp_phase; -1: any */
	uint16_t tid;			/* 0: any */
	bool has_net;
};

struct ctl_sock_client {
	int fd;
	bool closing;			/* flush what is buffered, then close */
	uint64_t last_ms;		/* last request read or reply octet sent */
	size_t in_len;
	size_t out_off;			/* sent so far of out[0..j.len) */
	struct ctl_json j;		/* over out */
	/* A listing in progress: more() continues it; NULL: none. */
	int (*more)(struct ctl_sock_client *c, unsigned int *budget,
		    uint64_t now);
	uint64_t rows;			/* written so far by the listing */
	union {
		struct {
			struct ctl_sock_sess_filter f;
			uint16_t tid, sid;	/* last call listed */
		} sess;
		uint32_t next_tid;		/* tunnels: resume from */
	} st;
	char in[CTL_SOCK_LINE_MAX];
	char out[CTL_SOCK_OUT_MAX];
};

/* The socket's own counters (show stats, "socket" object). */
struct ctl_sock_stats {
	uint64_t accepted;
	uint64_t refused;		/* more than CTL_SOCK_CLIENTS_MAX */
	uint64_t requests;
	uint64_t errors;		/* requests answered with an error */
	uint64_t malformed;		/* not a request: cut off */
	uint64_t oversized;		/* line above CTL_SOCK_LINE_MAX: cut off */
	uint64_t stalled;		/* did not read its reply: cut off */
	uint64_t idle_closed;
	uint64_t closed;		/* every close, for whatever reason */
	uint64_t rows;			/* listing rows written */
	uint64_t bytes_out;
	uint64_t clients;		/* connected now */
};

extern struct ctl_sock_stats ctl_sock_stats;

/* ---- replies (ctl_sock_cmd.c) ---- */

/* {"ok":false,"error":why}\n */
void ctl_sock_error(struct ctl_sock_client *c, const char *why);
/* {"ok":true,"data":{ ... the caller writes, then ctl_sock_done(). */
void ctl_sock_begin(struct ctl_sock_client *c);
void ctl_sock_done(struct ctl_sock_client *c);
/* {"ok":true,"stream":name}\n, then rows, then ctl_sock_stream_end(). */
void ctl_sock_stream_begin(struct ctl_sock_client *c, const char *name);
void ctl_sock_stream_end(struct ctl_sock_client *c);
/* Room for one more row (CTL_SOCK_ROW_MAX) in the output buffer. */
bool ctl_sock_room(const struct ctl_sock_client *c);
/* A struct ctl_out writing JSON into c (sink state in *state). */
struct ctl_sock_out {
	struct ctl_json *j;
	bool in_list[CTL_JSON_DEPTH];
};
void ctl_sock_out_init(struct ctl_out *o, struct ctl_sock_out *state,
		       struct ctl_sock_client *c);

/* At start-up: lnsd's uptime counts from now. */
void ctl_sock_cmd_init(uint64_t now);
/* Run one request; the reply goes into c's buffer. */
void ctl_sock_cmd_run(struct ctl_sock_client *c, const struct ctl_req *req,
		      uint64_t now);

/* ---- tunnels and sessions (ctl_sock_sess.c) ---- */

void ctl_sock_show_tunnels(struct ctl_sock_client *c,
			   const struct ctl_req *req, uint64_t now);
void ctl_sock_show_sessions(struct ctl_sock_client *c,
			    const struct ctl_req *req, uint64_t now);
void ctl_sock_show_session(struct ctl_sock_client *c,
			   const struct ctl_req *req, uint64_t now);
void ctl_sock_disconnect(struct ctl_sock_client *c,
			 const struct ctl_req *req, uint64_t now);
/* "set session": the operator's QoS profile (ctl_ppp_admin_profile). */
void ctl_sock_set_session(struct ctl_sock_client *c,
			  const struct ctl_req *req, uint64_t now);

#endif /* LNS_CTL_SOCK_PRIV_H */
