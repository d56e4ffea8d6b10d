/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PPP Password Authentication Protocol (RFC 1334 §2), protocol 0xc023.
 *
 *   Authenticate-Request:  | Code=1 | Id | Length | PeerID-Len | PeerID |
 *                          | Passwd-Len | Password |
 *   Authenticate-Ack/Nak:  | Code=2/3 | Id | Length | Msg-Len | Message |
 *
 * Buffers hold the PAP packet itself (from Code on), without the PPP
 * protocol field. Pure C: no DPDK, no sockets, no clock (time is passed in
 * by the caller, in any monotonic unit; the timeouts use the same unit).
 */

#ifndef _PPP_PAP_H_
#define _PPP_PAP_H_

#include <stddef.h>
#include <stdint.h>

#ifndef LNS_PPP_PROTO_PAP		/* also in ppp_proto.h */
#define LNS_PPP_PROTO_PAP		0xc023
#endif

/* RFC 1334 §2.2 codes. */
#define PPP_PAP_AUTH_REQ	1
#define PPP_PAP_AUTH_ACK	2
#define PPP_PAP_AUTH_NAK	3

#define PPP_PAP_HDR_LEN		4
#define PPP_PAP_MSG_MAX		255	/* one-octet Msg-Length */

/*
 * Verify callback (the AAA). Returns 0 to accept, -EINPROGRESS when the
 * answer will come later through ppp_pap_server_complete(), any other
 * negative errno to reject. peer and passwd are not NUL-terminated and are
 * only valid during the call.
 */
typedef int (*ppp_pap_verify_cb)(void *arg, const uint8_t *peer,
	size_t peer_len, const uint8_t *passwd, size_t passwd_len);

enum ppp_pap_state {
	PPP_PAP_ST_IDLE = 0,	/* not started */
	PPP_PAP_ST_WAIT_REQ,	/* waiting for an Authenticate-Request */
	PPP_PAP_ST_PENDING,	/* verify callback answered -EINPROGRESS */
	PPP_PAP_ST_SUCCESS,	/* Ack sent: final */
	PPP_PAP_ST_FAILURE,	/* Nak sent / limits / timeout: final */
};

/* Why the authenticator failed (valid in PPP_PAP_ST_FAILURE). */
enum ppp_pap_fail {
	PPP_PAP_FAIL_NONE = 0,
	PPP_PAP_FAIL_REJECTED,	/* credentials rejected max_failures times */
	PPP_PAP_FAIL_TIMEOUT,	/* no request before the deadline */
	PPP_PAP_FAIL_TOO_MANY,	/* more than max_requests packets */
};

struct ppp_pap_server_conf {
	uint64_t timeout;	/* wait for a request; 0 = no timeout */
	uint16_t max_requests;	/* packets accepted in total; 0 = 10 */
	uint16_t max_failures;	/* Naks before giving up; 0 = 1 */
	const char *ack_msg;	/* NULL = "Login ok" */
	const char *nak_msg;	/* NULL = "Authentication failed" */
	ppp_pap_verify_cb verify;
	void *verify_arg;
};

/* Authenticator state, meant to be embedded in a session (no heap). */
struct ppp_pap_server {
	struct ppp_pap_server_conf conf;
	enum ppp_pap_state state;
	enum ppp_pap_fail fail;
	uint64_t deadline;
	uint16_t requests;	/* Authenticate-Requests received */
	uint16_t failures;	/* Naks sent for distinct requests */
	uint16_t malformed;	/* packets dropped as malformed */
	int16_t last_id;	/* Identifier last answered, -1 = none */
	uint8_t last_code;	/* Ack or Nak sent for last_id */
	uint8_t pending_id;	/* request waiting in PPP_PAP_ST_PENDING */
	uint8_t peer_len;
	uint8_t peer[255];	/* peer-id of the last verified request */
};

/* Reset s with conf (copied) and start waiting at time now. */
void ppp_pap_server_start(struct ppp_pap_server *s,
	const struct ppp_pap_server_conf *conf, uint64_t now);

/*
 * Handle a received PAP packet pkt[0..len). May write an Ack or Nak into
 * out[0..cap).
 *
 * Returns the length of the packet to send (> 0), 0 when nothing is to be
 * sent (waiting for the AAA, ignored code, or state is final without an
 * answer to repeat), or:
 *   -EBADMSG  malformed packet (Length, PeerID-Len or Passwd-Len beyond
 *             the data); counted in s->malformed, dropped;
 *   -ENOBUFS  cap too small for the answer;
 *   -EPERM    too many requests (state becomes PPP_PAP_ST_FAILURE).
 *
 * RFC 1334 §2.2.1: a retransmitted request (same Identifier as the last
 * answered one) gets the same answer without asking the AAA again. Once the
 * state is final, any further request gets the final answer with its own
 * Identifier (the peer may have lost our Ack/Nak).
 */
int ppp_pap_server_input(struct ppp_pap_server *s, const uint8_t *pkt,
	size_t len, uint8_t *out, size_t cap);

/*
 * Deliver the AAA answer for a request left PPP_PAP_ST_PENDING (0 = accept).
 * Returns the length of the Ack/Nak written to out, -EALREADY if nothing
 * is pending, -ENOBUFS.
 */
int ppp_pap_server_complete(struct ppp_pap_server *s, int verdict,
	uint8_t *out, size_t cap);

/*
 * Timer hook: if the state is still PPP_PAP_ST_WAIT_REQ and now >= deadline,
 * fail with PPP_PAP_FAIL_TIMEOUT. Returns the (possibly new) state.
 */
enum ppp_pap_state ppp_pap_server_timer(struct ppp_pap_server *s,
	uint64_t now);

/* ---- parsing and building, shared by both sides ---- */

struct ppp_pap_req {
	uint8_t id;
	uint8_t peer_len;
	uint8_t passwd_len;
	const uint8_t *peer;	/* points into the packet */
	const uint8_t *passwd;	/* points into the packet */
};

/*
 * Parse an Authenticate-Request. Every length is checked before the data it
 * covers is read; octets after Length are ignored (link padding, §2.2).
 * Returns 0, -EBADMSG (malformed) or -EPROTO (not a request).
 */
int ppp_pap_parse_req(struct ppp_pap_req *r, const uint8_t *pkt, size_t len);

/* Build an Ack or Nak (code) with msg (truncated to 255). Returns length. */
int ppp_pap_build_reply(uint8_t *out, size_t cap, uint8_t code, uint8_t id,
	const char *msg);

/* ---- client (peer) side: for the LAC / subscriber emulator ---- */

/* Build an Authenticate-Request. Returns length, -EINVAL, -ENOBUFS. */
int ppp_pap_client_request(uint8_t *out, size_t cap, uint8_t id,
	const uint8_t *peer, size_t peer_len, const uint8_t *passwd,
	size_t passwd_len);

/*
 * Parse an Ack/Nak: sets code and id; msg and msg_len point into pkt.
 * Returns 0, -EBADMSG, -EPROTO (not an Ack/Nak).
 */
int ppp_pap_client_parse_reply(const uint8_t *pkt, size_t len,
	uint8_t *code, uint8_t *id, const uint8_t **msg, size_t *msg_len);

#endif /* _PPP_PAP_H_ */
