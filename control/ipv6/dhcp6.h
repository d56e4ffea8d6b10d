/* SPDX-License-Identifier: BSD-3-Clause
 *
 * A DHCPv6 server for one PPP session (RFC 8415; DNS servers RFC 3646)
 * as pure functions: a strict message parser, the ADVERTISE / REPLY
 * builder, and dhcp6_srv_handle(), the per-session state function that
 * answers one client message and tells the caller what to do (route a
 * delegated prefix, withdraw it). No EAL, no clock, no allocation: the
 * caller owns struct dhcp6_binding inside its session and its timers.
 * docs/ipv6.md says what the server does and why.
 */
#ifndef LNS_DHCP6_H
#define LNS_DHCP6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Message types (RFC 8415 §7.3). */
enum dhcp6_type {
	DHCP6_SOLICIT = 1,
	DHCP6_ADVERTISE = 2,
	DHCP6_REQUEST = 3,
	DHCP6_CONFIRM = 4,
	DHCP6_RENEW = 5,
	DHCP6_REBIND = 6,
	DHCP6_REPLY = 7,
	DHCP6_RELEASE = 8,
	DHCP6_DECLINE = 9,
	DHCP6_RECONFIGURE = 10,
	DHCP6_INFORMATION_REQUEST = 11,
	DHCP6_RELAY_FORW = 12,
	DHCP6_RELAY_REPL = 13,
};

/* Option codes (RFC 8415 §21, RFC 3646). */
#define DHCP6_OPT_CLIENTID	1
#define DHCP6_OPT_SERVERID	2
#define DHCP6_OPT_IA_NA		3
#define DHCP6_OPT_IA_TA		4
#define DHCP6_OPT_IAADDR	5
#define DHCP6_OPT_ORO		6
#define DHCP6_OPT_PREFERENCE	7
#define DHCP6_OPT_ELAPSED_TIME	8
#define DHCP6_OPT_STATUS_CODE	13
#define DHCP6_OPT_RAPID_COMMIT	14
#define DHCP6_OPT_DNS_SERVERS	23
#define DHCP6_OPT_IA_PD		25
#define DHCP6_OPT_IAPREFIX	26

/* Status codes (RFC 8415 §21.13). */
enum dhcp6_status {
	DHCP6_ST_SUCCESS = 0,
	DHCP6_ST_UNSPEC_FAIL = 1,
	DHCP6_ST_NO_ADDRS_AVAIL = 2,
	DHCP6_ST_NO_BINDING = 3,
	DHCP6_ST_NOT_ON_LINK = 4,
	DHCP6_ST_USE_MULTICAST = 5,
	DHCP6_ST_NO_PREFIX_AVAIL = 6,
};

#define DHCP6_SERVER_PORT	547
#define DHCP6_CLIENT_PORT	546
#define DHCP6_DUID_MAX		130	/* type (2) + 128 (RFC 8415 §11.1) */
#define DHCP6_DUID_LL_LEN	10	/* type 3, hw type 1, MAC */
#define DHCP6_MAX_DNS		3
#define DHCP6_MAX_ORO		32	/* option codes kept of an ORO */
#define DHCP6_HDR_LEN		4	/* type + transaction id */

/* Why a message was refused or not answered: a counted drop. */
enum dhcp6_err {
	DHCP6_OK = 0,
	DHCP6_ERR_SHORT,	/* shorter than a header */
	DHCP6_ERR_TYPE,		/* relay, server-only or unknown type */
	DHCP6_ERR_OPT_LEN,	/* an option past the end or of a bad size */
	DHCP6_ERR_DUP,		/* an option that may appear once, twice */
	DHCP6_ERR_NESTED,	/* an IA's sub-option malformed */
	DHCP6_ERR_DUID,		/* a DUID shorter than 3 or over 130 */
	DHCP6_ERR_CLIENTID,	/* Client Identifier missing */
	DHCP6_ERR_SERVERID,	/* Server Identifier missing, present where
				 * it may not be, or not ours */
	DHCP6_ERR_UNSUPPORTED,	/* DECLINE, IA_TA: not served */
	DHCP6_ERR_NO_IA,	/* no IA (or address) where one is needed,
				 * or one in an INFORMATION-REQUEST */
	DHCP6_ERR_CAP,		/* the reply does not fit the buffer */
	DHCP6_ERR_UDP,		/* not UDP/IPv6 to port 547, bad checksum */
	DHCP6__ERR_MAX
};

const char *dhcp6_err_name(enum dhcp6_err e);

/* An IA_NA or IA_PD of a message, with its first address / prefix. */
struct dhcp6_ia {
	uint32_t iaid, t1, t2;
	bool has_addr;			/* an IAADDR / IAPREFIX was in it */
	uint8_t addr[16];		/* its address or prefix */
	uint8_t plen;			/* IAPREFIX: prefix length; IAADDR 128 */
	uint32_t preferred, valid;
	int status;			/* its Status Code option; -1: none */
};

/* A parsed message. Pointers point into the caller's buffer. */
struct dhcp6_msg {
	uint8_t type;
	uint32_t xid;			/* 24 bits */
	const uint8_t *client_id;	/* DUID; NULL: none */
	uint16_t client_id_len;
	const uint8_t *server_id;
	uint16_t server_id_len;
	bool rapid_commit;
	bool has_ia_na, has_ia_pd;	/* the first of each is kept */
	struct dhcp6_ia ia_na, ia_pd;
	unsigned int nb_ia;		/* IA_NA + IA_PD + IA_TA options */
	bool has_ia_ta;
	uint16_t oro[DHCP6_MAX_ORO];
	unsigned int nb_oro;
	int status;			/* top-level Status Code; -1: none */
	int preference;			/* -1: none */
	const uint8_t *dns;		/* option 23's addresses; NULL */
	uint16_t dns_len;		/* octets, a multiple of 16 */
};

/*
 * Parse a DHCPv6 message (the UDP payload). Client messages only,
 * unless server_msg (ADVERTISE, REPLY: the tests and the fuzzer read
 * back what the server built). Strict: every option within the message
 * and of the size its code needs, nested IA options likewise, at most
 * one Client Identifier, Server Identifier, Rapid Commit, ORO, Elapsed
 * Time, Preference, DNS servers and top-level Status Code, no two IAs
 * of one type with one IAID. DHCP6_OK or why not.
 */
enum dhcp6_err dhcp6_parse(const uint8_t *buf, size_t len, bool server_msg,
			   struct dhcp6_msg *m);

/* Whether the ORO of m asks for option code. */
bool dhcp6_oro_has(const struct dhcp6_msg *m, uint16_t code);

/*
 * DUID-LL (RFC 8415 §11.4) of an Ethernet MAC: type 3, hardware type 1.
 * Writes DHCP6_DUID_LL_LEN octets.
 */
void dhcp6_duid_ll(uint8_t *out, const uint8_t mac[6]);

/* The server's configuration (ipv6.dhcp6, ipv6.dns, lnsd's DUID). */
struct dhcp6_srv_conf {
	uint8_t duid[DHCP6_DUID_MAX];	/* Server Identifier */
	uint16_t duid_len;
	bool rapid_commit;		/* honour a client's Rapid Commit */
	uint32_t preferred, valid;	/* lifetimes of what is leased, s */
	uint32_t t1, t2;		/* 0: 0.5 and 0.8 of preferred */
	uint8_t dns[DHCP6_MAX_DNS][16];
	unsigned int nb_dns;
};

/*
 * One session's DHCPv6 state. The caller sets what the session may
 * have (pd_avail/pd/pd_len from its prefix pool or RADIUS,
 * na_avail/na for an IA_NA address) and keeps the rest, which only
 * dhcp6_srv_handle() writes, for the session's life. Zeroed: nothing.
 */
struct dhcp6_binding {
	bool pd_avail;
	uint8_t pd[16];
	uint8_t pd_len;
	bool na_avail;
	uint8_t na[16];
	/* The server's own state. */
	uint8_t duid[DHCP6_DUID_MAX];	/* the client it is bound to */
	uint16_t duid_len;		/* 0: none (fresh, or lost) */
	bool pd_bound;
	uint32_t pd_iaid;
	bool na_bound;
	uint32_t na_iaid;
};

/* What the caller must do after dhcp6_srv_handle() (ev.flags). */
#define DHCP6_EV_PD_ROUTE	0x01	/* route b->pd/pd_len to the session */
#define DHCP6_EV_PD_WITHDRAW	0x02	/* withdraw that route */
#define DHCP6_EV_NA_BIND	0x04	/* b->na is the subscriber's now */
#define DHCP6_EV_NA_RELEASE	0x08	/* b->na was released */
#define DHCP6_EV_REGRANT	0x10	/* with PD_ROUTE: a RENEW / REBIND of
					 * a binding we did not know (lost in
					 * a restart) was granted again */

struct dhcp6_event {
	unsigned int flags;		/* DHCP6_EV_* */
	enum dhcp6_err drop;		/* when no reply: why (counted) */
	uint8_t in_type, out_type;	/* message in, reply out (0: none) */
};

/*
 * Answer the client message in (len octets, the UDP payload) for the
 * session whose state is b: write the ADVERTISE or REPLY at out (cap
 * octets) and return its length, or return 0 with ev->drop saying why
 * there is none. ev->flags says what to route or withdraw; b is
 * updated. Rules (RFC 8415 §16, §18.3) in docs/ipv6.md.
 */
size_t dhcp6_srv_handle(struct dhcp6_binding *b,
			const struct dhcp6_srv_conf *c, const uint8_t *in,
			size_t len, uint8_t *out, size_t cap,
			struct dhcp6_event *ev);

/*
 * The same for a whole IPv6 packet from the session (PPP protocol
 * 0x0057): UDP to port 547 with a right checksum, from a unicast
 * address to ff02::1:2 or lnsd's link-local address fe80::ifid (else
 * DHCP6_ERR_UDP); the reply is a whole IPv6 packet from fe80::ifid,
 * port 547, to the client's address and port, hop limit 64. 0
 * (ev->drop) when there is no reply.
 */
size_t dhcp6_srv_input(struct dhcp6_binding *b,
		       const struct dhcp6_srv_conf *c, uint64_t ifid,
		       const uint8_t *pkt, size_t len, uint8_t *out,
		       size_t cap, struct dhcp6_event *ev);

extern const uint8_t dhcp6_all_servers[16];	/* ff02::1:2 */

#endif /* LNS_DHCP6_H */
