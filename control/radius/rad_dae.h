/* SPDX-License-Identifier: BSD-3-Clause
 *
 * RFC 5176 Dynamic Authorization server (the NAS side): Disconnect-Request
 * and CoA-Request from configured clients (Dynamic Authorization Servers),
 * answered with an ACK or a NAK carrying an Error-Cause.
 *
 * A non-blocking UDP socket polled from the caller's event loop, at most
 * RAD_DAE_READ_BUDGET datagrams per poll. For each datagram, in order:
 *
 *   1. the source address is a configured client, else dropped
 *      (unknown_client: there is no secret to answer with);
 *   2. rad_parse() accepts the framing, else dropped (malformed);
 *   3. the code is Disconnect-Request or CoA-Request, else dropped;
 *   4. rad_verify_request() with that client's secret: the Request
 *      Authenticator and the Message-Authenticator, required unless
 *      conf.ma_optional; a failure is dropped;
 *   5. Event-Timestamp (RFC 5176 §6.4): one outside +/- window_s of the
 *      wall clock is dropped silently, as the RFC says (MUST), not NAKed:
 *      a NAK would answer a replay. Without one the request is dropped
 *      when require_event_timestamp, else accepted;
 *   6. a duplicate (same client, Identifier and Request Authenticator
 *      within window_s, §2.3 and §6.4: the same window) gets the answer
 *      of the first copy again; the handler is not called twice;
 *   7. the attributes are decoded into a struct rad_dae_req; a NAK
 *      answers, in this order of precedence: a malformed or repeated
 *      attribute (404 Invalid-Request), NAS-IP-Address, NAS-Identifier or
 *      NAS-IPv6-Address not ours (403 NAS-Identification-Mismatch), an
 *      attribute we do not act on (401 Unsupported-Attribute; Service-Type:
 *      405 Unsupported-Service, no Authorize Only), a string with a NUL
 *      octet (407 Invalid-Attribute-Value), no session identification
 *      attribute at all (402 Missing-Attribute);
 *   8. the handler acts and answers: 0 is an ACK, an Error-Cause a NAK.
 *
 * Session identification: User-Name, Acct-Session-Id, Framed-IP-Address
 * (every one given must match, §3). CoA changes: Session-Timeout,
 * Idle-Timeout, Acct-Interim-Interval, Filter-Id, Mikrotik-Rate-Limit
 * (Vendor 14988, type 8). Always accepted: Message-Authenticator,
 * Event-Timestamp, Proxy-State (copied into the answer in order, §3.1)
 * and, in a Disconnect-Request, Acct-Terminate-Cause (ignored).
 *
 * Answers carry a Message-Authenticator (over the packet with the
 * request's authenticator, RFC 5176 §3.4) and are finished with
 * rad_finish_response(). Everything is counted per client and reason
 * (enum rad_dae_ctr); the caller logs from the event hook.
 *
 * Pure C and POSIX sockets: no DPDK, no threads, nothing blocking.
 */
#ifndef LNS_RAD_DAE_H
#define LNS_RAD_DAE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rad_codec.h"

#define RAD_DAE_MAX_CLIENTS	16
#define RAD_DAE_MAX_NAS_IPS	8
#define RAD_DAE_READ_BUDGET	32	/* datagrams per rad_dae_poll() */
#define RAD_DAE_WINDOW_S	300	/* RFC 5176 §6.4's default */
#define RAD_DAE_STR_MAX		RAD_ATTR_VALUE_MAX

/* MikroTik's vendor dictionary (FreeRADIUS dictionary.mikrotik). */
#define RAD_VENDOR_MIKROTIK	14988
#define RAD_MIKROTIK_RATE_LIMIT	8

/*
 * Counters, per client (unknown_client only in the totals), in this
 * order: requests, answers (ACK, the NAKs), duplicates, drops.
 */
#define RAD_DAE_CTRS(X)							\
	X(DISCONNECT, "disconnect_requests")	/* authentic, fresh, new */ \
	X(COA, "coa_requests")						\
	X(ACK, "acks")							\
	X(NAK_UNSUPPORTED_ATTRIBUTE, "nak_unsupported_attribute")	/* 401 */ \
	X(NAK_MISSING_ATTRIBUTE, "nak_missing_attribute")		/* 402 */ \
	X(NAK_NAS_MISMATCH, "nak_nas_mismatch")				/* 403 */ \
	X(NAK_INVALID_REQUEST, "nak_invalid_request")			/* 404 */ \
	X(NAK_UNSUPPORTED_SERVICE, "nak_unsupported_service")		/* 405 */ \
	X(NAK_INVALID_VALUE, "nak_invalid_value")			/* 407 */ \
	X(NAK_PROHIBITED, "nak_prohibited")				/* 501 */ \
	X(NAK_NOT_FOUND, "nak_session_not_found")			/* 503 */ \
	X(NAK_NOT_REMOVABLE, "nak_session_not_removable")		/* 504 */ \
	X(NAK_RESOURCES, "nak_resources_unavailable")			/* 506 */ \
	X(NAK_OTHER, "nak_other")					\
	X(DUPLICATE, "duplicates")	/* answered again from the cache */ \
	X(UNKNOWN_CLIENT, "unknown_client")				\
	X(MALFORMED, "malformed")					\
	X(BAD_CODE, "bad_code")						\
	X(BAD_AUTHENTICATOR, "bad_authenticator")			\
	X(BAD_MA, "bad_message_authenticator")				\
	X(MISSING_MA, "missing_message_authenticator")			\
	X(STALE_TIMESTAMP, "stale_event_timestamp")			\
	X(MISSING_TIMESTAMP, "missing_event_timestamp")			\
	X(SEND_ERROR, "send_errors")

enum rad_dae_ctr {
#define RAD_DAE_CTR_ENUM(e, n) RAD_DAE_ ## e,
	RAD_DAE_CTRS(RAD_DAE_CTR_ENUM)
#undef RAD_DAE_CTR_ENUM
	RAD_DAE_CTR_MAX
};

/* "acks", "bad_authenticator"...; NULL out of range. */
const char *rad_dae_ctr_name(enum rad_dae_ctr c);

struct rad_dae_counters {
	uint64_t n[RAD_DAE_CTR_MAX];
};

/* Session identification attributes present (rad_dae_req.ident). */
#define RAD_DAE_ID_USER		(1u << 0)
#define RAD_DAE_ID_SESSION	(1u << 1)
#define RAD_DAE_ID_FRAMED_IP	(1u << 2)

/* CoA changes present (rad_dae_req.change). */
#define RAD_DAE_SET_SESSION_TIMEOUT	(1u << 0)
#define RAD_DAE_SET_IDLE_TIMEOUT	(1u << 1)
#define RAD_DAE_SET_INTERIM		(1u << 2)
#define RAD_DAE_SET_FILTER_ID		(1u << 3)
#define RAD_DAE_SET_RATE_LIMIT		(1u << 4)

/*
 * An authentic, fresh request, decoded. Strings are NUL-terminated copies
 * (a value with a NUL octet is refused with 407, so a copy never says
 * less than the attribute did).
 */
struct rad_dae_req {
	uint8_t code;			/* RAD_DISCONNECT_REQUEST / RAD_COA_REQUEST */
	uint8_t id;
	unsigned int client;		/* index in conf.clients */
	uint32_t client_addr;		/* network order */
	uint32_t ident;			/* RAD_DAE_ID_* */
	uint32_t framed_ip;		/* host order */
	uint32_t change;		/* RAD_DAE_SET_* (CoA only) */
	uint32_t session_timeout;	/* s */
	uint32_t idle_timeout;		/* s */
	uint32_t interim;		/* s */
	char user[RAD_DAE_STR_MAX + 1];
	char session_id[RAD_DAE_STR_MAX + 1];
	char filter_id[RAD_DAE_STR_MAX + 1];
	char rate_limit[RAD_DAE_STR_MAX + 1];
};

/*
 * Act on a request. Returns 0 (ACK) or an Error-Cause for the NAK
 * (enum rad_error_cause; e.g. RAD_EC_SESSION_CONTEXT_NOT_FOUND when no
 * session matched). Called once per request, never for a duplicate.
 */
typedef uint32_t (*rad_dae_handler_cb)(void *arg, const struct rad_dae_req *req);

/* What happened to one datagram, for the caller's log. */
struct rad_dae_event {
	enum rad_dae_ctr what;		/* ACK, a NAK_*, DUPLICATE or a drop */
	int client;			/* index, -1: unknown source */
	uint32_t addr;			/* source, network order */
	uint16_t port;			/* host order */
	uint8_t code;			/* 0 when not parsed */
	uint8_t id;
	uint32_t error_cause;		/* the NAK's (and a duplicate's); 0 none */
	const struct rad_dae_req *req;	/* decoded request, or NULL */
};

typedef void (*rad_dae_event_cb)(void *arg, const struct rad_dae_event *ev);

/*
 * Transport for tests and the fuzzer: with conf.io set no socket is
 * opened, answers go to io.send and datagrams come in through
 * rad_dae_input(). Returns 0 or a negative errno (counted).
 */
struct rad_dae_io {
	int (*send)(void *ctx, uint32_t addr, uint16_t port,
		const uint8_t *buf, size_t len);
	void *ctx;
};

struct rad_dae_client_conf {
	uint32_t addr;			/* network order */
	uint8_t secret[RAD_SECRET_MAX];
	size_t secret_len;		/* 1..RAD_SECRET_MAX */
};

struct rad_dae_conf {
	uint32_t addr;			/* listen address, network order */
	uint16_t port;			/* host order; 0: any free one (tests) */
	struct rad_dae_client_conf clients[RAD_DAE_MAX_CLIENTS];
	unsigned int nb_clients;
	uint32_t window_s;		/* Event-Timestamp and duplicates; 0 = 300 */
	bool require_event_timestamp;
	bool ma_optional;		/* accept requests without Message-Authenticator */
	/* Our identity: NAS-IP-Address must be one of these, NAS-Identifier this. */
	uint32_t nas_ips[RAD_DAE_MAX_NAS_IPS];	/* network order */
	unsigned int nb_nas_ips;
	char nas_identifier[RAD_DAE_STR_MAX + 1];	/* "": none matches */
	rad_dae_handler_cb handler;	/* required */
	void *handler_arg;
	rad_dae_event_cb event;		/* NULL: none */
	void *event_arg;
	uint64_t (*wall_s)(void);	/* Event-Timestamp clock; NULL: time() */
	const struct rad_dae_io *io;	/* NULL: a UDP socket on addr:port */
};

struct rad_dae;

/*
 * Create the server (binds its socket unless conf->io). Returns NULL and
 * *err = a negative errno: -EINVAL (no handler, no client, a client
 * without a secret or twice), -ENOMEM, or the socket's error
 * (-EADDRINUSE...).
 */
struct rad_dae *rad_dae_create(const struct rad_dae_conf *conf, int *err);
void rad_dae_free(struct rad_dae *d);

/* Read and answer at most RAD_DAE_READ_BUDGET datagrams; returns how many. */
unsigned int rad_dae_poll(struct rad_dae *d, uint64_t now_ms);

/* One datagram from addr:port (network order, host order), as if read. */
void rad_dae_input(struct rad_dae *d, uint32_t addr, uint16_t port,
	const uint8_t *buf, size_t len, uint64_t now_ms);

/* All clients' counters summed, with unknown_client. */
const struct rad_dae_counters *rad_dae_totals(const struct rad_dae *d);
/* One client's counters (NULL past nb_clients). */
const struct rad_dae_counters *rad_dae_client_counters(const struct rad_dae *d,
	unsigned int client);
/* The socket's bound port (host order; the one given, or conf.io's 0). */
uint16_t rad_dae_port(const struct rad_dae *d);

#endif /* LNS_RAD_DAE_H */
