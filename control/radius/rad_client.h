/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Non-blocking RADIUS client: requests in flight to a group of servers,
 * run from the control lcore's event loop. No thread, no blocking call:
 * sockets are non-blocking UDP, polled by rad_client_poll().
 *
 * - Identifiers: a pool of nb_sockets UDP sockets x 256 identifiers; a
 *   (socket, identifier) pair belongs to one request while it is in
 *   flight and is reused only after it is answered or given up.
 * - Retransmission: the same octets to the same server after timeout_ms,
 *   doubled each time up to 8x, `retries` times; then the next server.
 * - Servers: priority order (lowest priority value first, failover) or
 *   weighted (smooth weighted round robin over live servers), a limit of
 *   outstanding requests per server, dead marking after `dead_after`
 *   consecutive requests without any answer, and probing back: with
 *   status_server an RFC 5997 Status-Server every probe_ms, otherwise
 *   the server is tried again after dead_ms.
 * - Every request has a deadline (max_ms): its done callback is called
 *   exactly once, with a verified response or an error, unless cancelled.
 * - Responses are checked (source address and port, identifier,
 *   Response Authenticator, Message-Authenticator) before they are
 *   believed; a bad one is counted and dropped and the request keeps
 *   waiting for a good one.
 *
 * For tests the transport is pluggable: with conf.io set, nothing opens a
 * socket; sends go to io.send and the test feeds answers through
 * rad_client_input().
 */
#ifndef LNS_RAD_CLIENT_H
#define LNS_RAD_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rad_codec.h"

#define RAD_CLIENT_MAX_SERVERS	8

enum rad_balance {
	RAD_BALANCE_PRIORITY = 0,	/* failover in priority order */
	RAD_BALANCE_WEIGHTED,		/* spread by weight over live servers */
};

struct rad_server_conf {
	char name[64];			/* for logs and counters: "addr:port" if empty */
	uint32_t addr;			/* IPv4, network byte order */
	uint16_t port;			/* host byte order */
	uint8_t secret[RAD_SECRET_MAX];
	size_t secret_len;
	uint32_t priority;		/* lower first (RAD_BALANCE_PRIORITY) */
	uint32_t weight;		/* RAD_BALANCE_WEIGHTED; 0 = 1 */
	uint32_t timeout_ms;		/* first retransmission; 0 = 1000; <= 3600000 */
	uint32_t retries;		/* retransmissions to this server; <= 1000 */
	uint32_t max_outstanding;	/* in flight at once; 0 = 256 */
	bool status_server;		/* probe a dead server with Status-Server */
	bool require_ma;		/* responses must carry Message-Authenticator */
};

enum rad_server_state {
	RAD_SERVER_ALIVE = 0,
	RAD_SERVER_DEAD,		/* not used until it answers a probe / dead_ms */
};

struct rad_server_stats {
	uint64_t requests;		/* first transmissions */
	uint64_t retransmits;
	uint64_t responses;		/* verified */
	uint64_t timeouts;		/* requests given up on this server */
	uint64_t bad_authenticator;
	uint64_t bad_message_authenticator;
	uint64_t missing_message_authenticator;
	uint64_t malformed;
	uint64_t unknown_id;		/* no request in flight (late, duplicate) */
	uint64_t send_errors;
	uint64_t dead_marked;
	uint32_t outstanding;
	uint32_t rtt_ms;		/* smoothed round-trip time */
	enum rad_server_state state;
};

struct rad_client_stats {
	uint64_t unknown_source;	/* answers from no configured server */
	uint64_t queued;		/* waited for a free identifier/slot */
	uint64_t queue_full;		/* refused: RAD_CLIENT queue full */
	uint64_t deadline;		/* done with -ETIMEDOUT */
	uint64_t no_server;		/* done with -EHOSTUNREACH */
};

struct rad_server;

/*
 * Transport for tests: send one datagram to server srv from socket sock.
 * Returns 0 or a negative errno (counted in send_errors).
 */
struct rad_io {
	int (*send)(void *ctx, unsigned int sock, const struct rad_server *srv,
		const uint8_t *buf, size_t len);
	void *ctx;
};

struct rad_client_conf {
	struct rad_server_conf servers[RAD_CLIENT_MAX_SERVERS];
	unsigned int nb_servers;
	enum rad_balance balance;
	unsigned int nb_sockets;	/* 1..64; 0 = 4 */
	uint32_t bind_addr;		/* source address, network order; 0 = any */
	uint32_t max_queue;		/* requests waiting for a slot; 0 = 65536 */
	uint32_t dead_after;		/* consecutive timeouts; 0 = 3 */
	uint32_t dead_ms;		/* retry a dead server after; 0 = 30000 */
	uint32_t probe_ms;		/* Status-Server interval; 0 = 10000 */
	const struct rad_io *io;	/* NULL: real UDP sockets */
};

/*
 * Build the request for server srv with identifier id and the random
 * authenticator auth (use it for Access-Request and Status-Server; the
 * others compute theirs at finish). Called at the first transmission to
 * each server (a failover builds again: another secret, another id).
 * Returns the length written into buf[0..cap) or a negative errno (the
 * request is then done with that error). It must not call the client.
 */
typedef int (*rad_build_cb)(void *arg, const struct rad_server *srv,
	uint8_t id, const uint8_t auth[RAD_AUTH_LEN], uint8_t *buf,
	size_t cap);

/*
 * The end of a request: status 0 and the verified response resp (valid
 * during the call only) from srv; or -ETIMEDOUT (deadline or every
 * server tried), -EHOSTUNREACH (no server configured: when every server
 * is dead the one that died first is still tried), or a build error
 * (e.g. -ENOBUFS: the packet does not fit); resp and srv are then NULL.
 */
typedef void (*rad_done_cb)(void *arg, int status, const struct rad_pkt *resp,
	const struct rad_server *srv);

struct rad_client;
struct rad_req;

/*
 * Create a client (opens nb_sockets non-blocking UDP sockets unless
 * conf->io). Returns NULL and *err = negative errno on failure.
 */
struct rad_client *rad_client_create(const struct rad_client_conf *conf,
	int *err);
/* Cancel every request (no callbacks) and free everything. Not from a callback. */
void rad_client_free(struct rad_client *c);

/*
 * Start a request; max_ms bounds it in total (0: every server's whole
 * retransmission schedule, summed: timeout, 2x, 4x, 8x, 8x... for its
 * retries + 1 transmissions). Returns a handle, or NULL when it cannot
 * even be queued (done is then NOT called; *err says why: -ENOBUFS when
 * the queue is full, -ENOMEM, -EINVAL).
 * done may be called from rad_client_poll/rad_client_input/
 * rad_client_timer only, never from inside rad_client_send.
 */
struct rad_req *rad_client_send(struct rad_client *c, rad_build_cb build,
	rad_done_cb done, void *arg, uint32_t max_ms, uint64_t now_ms,
	int *err);
/*
 * Forget a request: done will not be called; its identifier is freed.
 * The handle is gone once done was called (inside its own done callback
 * cancelling it does nothing); cancelling another request from a done
 * callback is safe.
 */
void rad_req_cancel(struct rad_req *r);

/* Read every socket (non-blocking) and run the timers. Returns datagrams read. */
unsigned int rad_client_poll(struct rad_client *c, uint64_t now_ms);
/* One received datagram (the real sockets call this too). */
void rad_client_input(struct rad_client *c, unsigned int sock,
	uint32_t src_addr, uint16_t src_port, const uint8_t *buf, size_t len,
	uint64_t now_ms);
/* Retransmissions, deadlines, dead servers and probes due at now. */
void rad_client_timer(struct rad_client *c, uint64_t now_ms);

/* Introspection, for lnsctl/metrics and tests. */
unsigned int rad_client_nb_servers(const struct rad_client *c);
const struct rad_server *rad_client_server(const struct rad_client *c,
	unsigned int i);
const struct rad_server_conf *rad_server_conf(const struct rad_server *s);
const struct rad_server_stats *rad_server_stats(const struct rad_server *s);
const struct rad_client_stats *rad_client_stats(const struct rad_client *c);
/* Requests in flight + queued. */
uint32_t rad_client_pending(const struct rad_client *c);

#endif /* LNS_RAD_CLIENT_H */
