/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The AAA seam: one asynchronous interface in front of the backends that
 * authenticate subscribers and take their accounting (OpenBSD npppd's
 * realms are the model).
 *
 *   aaa_authenticate(req, done, arg)  ->  done(arg, result) later
 *   aaa_acct(record)                   ->  the realm's backend
 *
 * A RADIUS server never reveals a secret, so PAP, CHAP-MD5 and MS-CHAPv2
 * all hand the subscriber's answer to the backend and wait. Every backend
 * answers later, never from inside aaa_authenticate() (the local one on
 * the next aaa_poll()), so callers have one path. A request can be
 * cancelled until its answer: the callback is then never called.
 *
 * Realms: the user name's "@realm" suffix picks the backend (exact,
 * case-insensitive match; the realm "" is the default for names without
 * or with an unknown realm), optionally stripping the suffix before the
 * backend sees the name. Per realm, a RADIUS backend may fall back to the
 * local users when no RADIUS server answered (off by default).
 *
 * Pure C: no DPDK, no clock of its own (now is passed in, in ms).
 */
#ifndef LNS_AAA_H
#define LNS_AAA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp_chap.h"

#define AAA_USER_MAX		255
#define AAA_CLASS_MAX		253
#define AAA_MSG_MAX		128
#define AAA_CHALLENGE_MAX	64	/* a LAC's proxy CHAP challenge */
#define AAA_REALM_MAX		16
#define AAA_SESSION_ID_LEN	24	/* Acct-Session-Id, with its NUL */
#define AAA_IP_POOL		0xfffffffeU	/* Framed-IP-Address: from a pool */
#define AAA_FILTER_MAX		64
#define AAA_ROUTES_MAX		4

enum aaa_method {
	AAA_PAP = 1,
	AAA_CHAP_MD5,
	AAA_MSCHAPV2,
};

/*
 * The call the subscriber came in on, for RADIUS attributes and
 * accounting (Calling-/Called-Station-Id, Connect-Info, RFC 2868
 * Tunnel-*). Strings are NUL-terminated, "" when unknown.
 */
struct aaa_call {
	char session_id[AAA_SESSION_ID_LEN];	/* Acct-Session-Id */
	uint32_t nas_port;		/* our session index */
	uint32_t lac_addr;		/* tunnel client endpoint, network order */
	uint32_t lns_addr;		/* tunnel server endpoint, network order */
	uint16_t tunnel_id;		/* ours (Tunnel-Assignment-Id) */
	uint16_t session_id_l2tp;	/* ours */
	uint32_t connect_speed;		/* bit/s from the LAC; 0 unknown */
	char calling[64];
	char called[64];
	char lac_name[64];		/* the LAC's Host Name (Tunnel-Client-Auth-Id) */
};

/*
 * An authentication request. The caller's pointers are valid during
 * aaa_authenticate() only; the AAA layer keeps a copy, and the request a
 * backend's start() gets points into that copy, valid until the answer
 * or the cancel (a fallback to the local users needs it too).
 */
struct aaa_auth_req {
	enum aaa_method method;
	const uint8_t *user;
	size_t user_len;
	/* AAA_PAP */
	const uint8_t *password;
	size_t password_len;
	/* AAA_CHAP_MD5, AAA_MSCHAPV2: our Challenge and the Response */
	const struct ppp_chap_response *chap;
	bool proxied;			/* the LAC's proxy authentication */
	const struct aaa_call *call;
};

/* One Framed-IPv6-Route (RFC 3162 §2.5): its prefix, routed to it. */
#define AAA_ROUTES6_MAX	2
struct aaa_route6 {
	uint8_t prefix[16];
	uint8_t len;
};

/* One Framed-Route: prefix/len routed to the subscriber. */
struct aaa_route {
	uint32_t prefix;		/* host order */
	uint8_t len;
};

/*
 * Authorisation that came with an accept. Zero = not given (the
 * configuration's default applies). Addresses in host order.
 */
struct aaa_attrs {
	uint32_t framed_ip;		/* 0 none, AAA_IP_POOL, or an address */
	uint32_t netmask;
	uint32_t dns[2];
	uint32_t session_timeout;	/* s */
	uint32_t idle_timeout;		/* s */
	uint32_t interim_interval;	/* s */
	uint16_t framed_mtu;
	uint8_t class_len;
	uint8_t nb_routes;
	char pool[32];			/* Framed-Pool / the local user's pool */
	uint8_t class[AAA_CLASS_MAX];	/* echoed in accounting */
	struct aaa_route routes[AAA_ROUTES_MAX];
	/* Stored for IPv6 and QoS; not applied by the AAA layer. */
	uint8_t ipv6_prefix[16];
	uint8_t ipv6_prefix_len;	/* 0: none */
	uint8_t delegated_prefix[16];
	uint8_t delegated_prefix_len;	/* 0: none */
	uint8_t interface_id[8];
	bool has_interface_id;
	uint8_t dns6[2][16];
	uint8_t nb_dns6;
	char pool6[32];			/* Framed-IPv6-Pool: the /64's pool */
	uint8_t ipv6_address[16];	/* Framed-IPv6-Address: DHCPv6 IA_NA */
	bool has_ipv6_address;
	uint8_t nb_routes6;
	struct aaa_route6 routes6[AAA_ROUTES6_MAX];	/* Framed-IPv6-Route */
	char pd_pool[32];		/* Delegated-IPv6-Prefix-Pool */
	char filter_id[AAA_FILTER_MAX];	/* Filter-Id: a QoS profile name */
	char rate_limit[AAA_FILTER_MAX];	/* Mikrotik-Rate-Limit string */
	char profile[32];		/* the local user's QoS profile */
};

struct aaa_result {
	/*
	 * 0 accept; -EACCES reject; -ETIMEDOUT / -EHOSTUNREACH no server
	 * answered; -ENOENT no backend for the realm; -ENOMEM.
	 */
	int status;
	const char *backend;		/* "local", "radius" */
	char message[AAA_MSG_MAX];	/* Reply-Message; "" none */
	char mschap2_success[PPP_MSCHAP_AUTH_RESP_LEN + 1];	/* "S=..." */
	struct aaa_attrs attrs;
};

/* The answer; the request's handle is gone when this is called. */
typedef void (*aaa_done_cb)(void *arg, const struct aaa_result *r);

/* ---- accounting -------------------------------------------------------- */

enum aaa_acct_type {
	AAA_ACCT_START = 1,
	AAA_ACCT_STOP = 2,
	AAA_ACCT_INTERIM = 3,
	AAA_ACCT_ON = 7,
	AAA_ACCT_OFF = 8,
};

/* Why a session ended (RFC 2866 §5.10 Acct-Terminate-Cause values). */
enum aaa_term_cause {
	AAA_TERM_USER_REQUEST = 1,	/* LCP Terminate from the subscriber */
	AAA_TERM_LOST_CARRIER = 2,	/* CDN / StopCCN from the LAC, tunnel lost */
	AAA_TERM_LOST_SERVICE = 3,	/* LCP echo timeout */
	AAA_TERM_IDLE_TIMEOUT = 4,
	AAA_TERM_SESSION_TIMEOUT = 5,
	AAA_TERM_ADMIN_RESET = 6,	/* lnsctl / Disconnect-Request */
	AAA_TERM_ADMIN_REBOOT = 7,	/* lnsd shut down */
	AAA_TERM_NAS_ERROR = 9,
	AAA_TERM_NAS_REQUEST = 10,	/* lnsd ended it (negotiation failed) */
};

/* One accounting record; copied by aaa_acct(). */
struct aaa_acct_rec {
	enum aaa_acct_type type;
	enum aaa_term_cause cause;	/* AAA_ACCT_STOP */
	const char *user;		/* NUL-terminated, as authenticated */
	const struct aaa_call *call;	/* NULL for On/Off */
	uint32_t framed_ip;		/* host order */
	uint64_t event_time;		/* wall clock, s since the epoch */
	uint32_t session_time;		/* s */
	uint64_t in_octets, out_octets;	/* from the subscriber, to it */
	uint64_t in_packets, out_packets;
	const uint8_t *class;		/* from the accept */
	uint8_t class_len;
	bool radius_authentic;		/* Acct-Authentic RADIUS (else Local) */
	/* IPv6 (NULL: none): Framed-IPv6-Prefix (/64), Delegated-IPv6-Prefix. */
	const uint8_t *ipv6_prefix;
	uint8_t ipv6_prefix_len;
	const uint8_t *delegated_prefix;
	uint8_t delegated_prefix_len;
};

/* ---- backends ---------------------------------------------------------- */

struct aaa;
struct aaa_req;

/*
 * A backend. start() takes a request and later calls aaa_complete(r,
 * result) exactly once unless cancel(r) came first; a negative return
 * from start() is the answer instead (status = that error).
 */
struct aaa_backend_ops {
	const char *name;
	int (*start)(void *be, struct aaa_req *r, const struct aaa_auth_req *req,
		uint64_t now_ms);
	void (*cancel)(void *be, struct aaa_req *r);
	/* Accounting: 0 taken, or a negative errno (counted, logged). */
	int (*acct)(void *be, const struct aaa_acct_rec *rec, uint64_t now_ms);
	void (*poll)(void *be, uint64_t now_ms);
};

struct aaa_realm_conf {
	char name[64];			/* "" = the default realm */
	const char *backend;		/* backend name */
	bool strip;			/* drop "@realm" before the backend */
	bool fallback_local;		/* local users when no server answered */
};

struct aaa_stats {
	uint64_t requests;
	uint64_t accepts;
	uint64_t rejects;
	uint64_t unavailable;		/* no server answered */
	uint64_t fallback_local;	/* ... and the local users were asked */
	uint64_t cancelled;
	uint64_t no_realm;		/* no backend for the realm */
	uint64_t acct_records;
	uint64_t acct_errors;
	uint32_t pending;
};

struct aaa *aaa_create(void);
/* Free a; requests not answered yet are dropped (no callback, backends
 * not told: they are freed on their own). */
void aaa_free(struct aaa *a);
/* Register a backend (ops static, be its state). Returns 0, -EEXIST, -ENOSPC. */
int aaa_add_backend(struct aaa *a, const struct aaa_backend_ops *ops, void *be);
/* Add a realm. Returns 0, -ENOENT (no such backend), -EEXIST, -ENOSPC. */
int aaa_add_realm(struct aaa *a, const struct aaa_realm_conf *rc);

/*
 * Authenticate: *handle is set and done(arg, result) is called later from
 * aaa_poll() or a backend's poll (never from inside this call). Returns 0
 * or -ENOMEM (nothing started, no callback).
 */
int aaa_authenticate(struct aaa *a, const struct aaa_auth_req *req,
	aaa_done_cb done, void *arg, struct aaa_req **handle, uint64_t now_ms);
/* Forget a request: done will not be called. */
void aaa_cancel(struct aaa_req *r);
/* Account a record through the backend of the user's realm (or every backend for On/Off). */
void aaa_acct(struct aaa *a, const struct aaa_acct_rec *rec, uint64_t now_ms);
/* Deliver answers and run the backends' timers. */
void aaa_poll(struct aaa *a, uint64_t now_ms);
const struct aaa_stats *aaa_stats(const struct aaa *a);

/* For backends: the answer to r (copied). Call once; r is freed. */
void aaa_complete(struct aaa_req *r, const struct aaa_result *res);
/* For backends: per-request storage (AAA_REQ_PRIV octets, aligned). */
#define AAA_REQ_PRIV	64
void *aaa_req_priv(struct aaa_req *r);

#endif /* LNS_AAA_H */
