/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L2TPv2 incoming call (session) state machine, LNS side (RFC 2661 §5.4.1,
 * §5.6, §6.6-§6.13, §7.4.2). Structure after OpenBSD npppd l2tp_call.c:
 * switch on the state, switch on the message, one failure exit sending
 * CDN.
 *
 *   IDLE ---ICRQ ok / ICRP---> WAIT_CONNECT ---ICCN ok---> ESTABLISHED
 *    |                              |                          |
 *    +--- OCRQ / bad ICRQ / CDN ----+---- CDN sent or recv ----+--> CLOSED
 *
 * CLOSED is terminal: the owner frees the session (the transport of the
 * tunnel keeps acknowledging retransmissions of the CDN, §5.8).
 *
 * WAIT_CONNECT has a deadline, the tunnel's cfg->call_setup_ms after the
 * ICRQ whatever else the LAC sends: then CDN and CLOSED
 * (l2tp_session_timer), so a call that never gets its ICCN cannot hold its
 * slot. IDLE has none: the owner creates a session only to hand it the
 * ICRQ at once, which leaves IDLE. ESTABLISHED belongs to PPP's timers.
 *
 * The owner creates a session in IDLE when the tunnel hands it an ICRQ or
 * OCRQ (l2tp_tunnel_input() returns L2TP_TUNNEL_TO_SESSION, header Session
 * ID 0), choosing our local Session ID (§4.4.4: != 0, unique in the
 * tunnel); later messages are found by the header Session ID == local_id.
 * Messages are built with the tunnel's peer Tunnel ID and Ns = Nr = 0 (the
 * transport fills them) and leave through ops->send.
 *
 * Outgoing calls (§5.4.2) are not supported: an OCRQ gets a CDN with
 * Result Code 5, "lack of appropriate facilities (permanent)".
 */

#ifndef _L2TP_SESSION_H_
#define _L2TP_SESSION_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "l2tp_avp.h"
#include "l2tp_tunnel.h"

#define L2TP_SESSION_NUMBER_MAX		64	/* phone numbers */
#define L2TP_SESSION_LCP_MAX		256	/* a proxy CONFREQ */
#define L2TP_SESSION_AUTH_NAME_MAX	128	/* Proxy Authen Name */
#define L2TP_SESSION_AUTH_MAX		64	/* challenge, response */
/*
 * From the ICRQ to the ICCN at most, when the tunnel's cfg->call_setup_ms
 * is 0. RFC 2661 gives no figure (§7.4.2 has no timer for the ICCN); the
 * LAC answers our ICRP in a round trip, 10 s leaves room for
 * retransmissions (§5.8) and the LAC's own call handling.
 */
#define L2TP_SESSION_SETUP_MS		10000
#define L2TP_SESSION_NO_DEADLINE	UINT64_MAX

enum l2tp_session_state {
	L2TP_SESSION_IDLE = 0,
	L2TP_SESSION_WAIT_CONNECT,	/* ICRP sent, waiting for ICCN */
	L2TP_SESSION_ESTABLISHED,
	L2TP_SESSION_CLOSED,		/* CDN sent or received: free it */
};

struct l2tp_session;

typedef int (*l2tp_session_send_t)(void *arg, struct l2tp_session *s,
    const uint8_t *msg, size_t len);
/* Every state change, for logs and gauges. Must not free s. */
typedef void (*l2tp_session_state_t)(void *arg, struct l2tp_session *s,
    enum l2tp_session_state old_state, enum l2tp_session_state new_state);

struct l2tp_session_ops {
	l2tp_session_send_t send;		/* required */
	l2tp_session_state_t state_change;	/* may be NULL */
};

/* A proxy LCP CONFREQ (§4.4.5 AVPs 26-28): the LCP Configure-Request. */
struct l2tp_session_lcp {
	uint16_t len;			/* 0: absent */
	uint8_t data[L2TP_SESSION_LCP_MAX];
};

/*
 * Proxy LCP and authentication from the ICCN (§4.4.5), copied. A value
 * longer than its field is dropped and sets overflow: the PPP side must
 * then renegotiate instead of trusting the proxy data. Allocated only for
 * an ICCN that carries one of AVPs 26-33 (most calls have none) and only
 * needed until PPP has used it: the owner then gives it back with
 * l2tp_session_proxy_release(); CLOSED releases it too.
 */
struct l2tp_session_proxy {
	struct l2tp_session_lcp initial_rx_confreq;	/* AVP 26 */
	struct l2tp_session_lcp last_tx_confreq;	/* AVP 27 */
	struct l2tp_session_lcp last_rx_confreq;	/* AVP 28 */
	bool has_auth_type;
	uint16_t auth_type;				/* AVP 29 */
	char auth_name[L2TP_SESSION_AUTH_NAME_MAX + 1];	/* AVP 30 */
	uint16_t auth_challenge_len;			/* AVP 31 */
	uint8_t auth_challenge[L2TP_SESSION_AUTH_MAX];
	bool has_auth_id;
	uint8_t auth_id;				/* AVP 32 */
	uint16_t auth_response_len;			/* AVP 33 */
	uint8_t auth_response[L2TP_SESSION_AUTH_MAX];
	bool overflow;
};

struct l2tp_session {
	struct l2tp_tunnel *tunnel;
	struct l2tp_session_ops ops;
	void *arg;
	enum l2tp_session_state state;
	uint16_t local_id;		/* our Assigned Session ID */
	uint16_t peer_id;		/* the LAC's Assigned Session ID */

	uint64_t setup_deadline;	/* WAIT_CONNECT ends (no ICCN) */

	/* ICRQ (§6.6). */
	uint32_t call_serial;
	uint32_t bearer_type;
	uint32_t phys_channel_id;
	/*
	 * Never NULL: "" when absent, else in one allocation sized to the
	 * three strings (each cut to L2TP_SESSION_NUMBER_MAX - 1 octets),
	 * freed by l2tp_session_fini().
	 */
	char *calling_number;
	char *called_number;
	char *sub_address;

	/* ICCN (§6.8). */
	uint32_t tx_connect_speed;
	uint32_t rx_connect_speed;	/* = tx if absent (§4.4.5) */
	uint32_t framing_type;
	bool sequencing_required;
	/* NULL: no proxy AVP, released, or not allocated (proxy_nomem). */
	struct l2tp_session_proxy *proxy;
	bool proxy_nomem;	/* the ICCN had proxy AVPs, memory did not */

	/* WEN (§6.12), SLI (§6.13): latest values. */
	bool has_call_errors;
	struct l2tp_call_errors call_errors;
	bool has_accm;
	uint32_t accm_send;
	uint32_t accm_recv;

	/* CDN (§6.11), sent or received; Q.931 cause if it had one. */
	bool cdn_sent;
	uint16_t result_code;
	uint16_t error_code;
	bool has_q931;
	uint16_t q931_cause;
	uint8_t q931_msg;
};

/* ICCNs whose proxy AVPs were ignored for lack of memory (all sessions). */
extern uint64_t l2tp_session_proxy_nomem;

/*
 * Set up s in IDLE on tunnel t with our local Session ID (the owner's
 * allocation, != 0). Returns 0 or -EINVAL. s is overwritten: whatever it
 * still holds must be given back first (l2tp_session_fini).
 */
int l2tp_session_init(struct l2tp_session *s, struct l2tp_tunnel *t,
    uint16_t local_id, const struct l2tp_session_ops *ops, void *arg);

/*
 * One call-level message, as dispatched by the tunnel
 * (L2TP_TUNNEL_TO_SESSION): msg filled by l2tp_msg_parse(), parse_rc its
 * return. Returns 0, or a negative errno if ops->send failed (the state
 * change stands). Check s->state == L2TP_SESSION_CLOSED afterwards.
 */
int l2tp_session_input(struct l2tp_session *s, const struct l2tp_msg *msg,
    int parse_rc, uint64_t now);

/*
 * Local disconnect (§5.6, e.g. PPP went down or admin): CDN with
 * result/error (error < 0: no Error Code) and CLOSED. No-op if CLOSED.
 */
int l2tp_session_close(struct l2tp_session *s, uint16_t result, int error,
    const char *text);

/*
 * The same with a §4.4.5 Q.931 Cause Code AVP (cause code, message type;
 * q931_cause < 0: none), e.g. to pass on a cause from the access side.
 */
int l2tp_session_close_q931(struct l2tp_session *s, uint16_t result,
    int error, const char *text, int q931_cause, uint8_t q931_msg);

/*
 * Timers due at now: a call still waiting for its ICCN at its set-up
 * deadline is cleared with a CDN (result 2, Error Code 0, "no ICCN in
 * time") and CLOSED. Returns 1 when it cleared the call (the owner frees
 * it; the CDN may have failed to go, the transport counts that), else 0.
 */
int l2tp_session_timer(struct l2tp_session *s, uint64_t now);

/* Next time l2tp_session_timer() has work, or L2TP_SESSION_NO_DEADLINE. */
uint64_t l2tp_session_next_deadline(const struct l2tp_session *s);

/* The tunnel went down: CLOSED without a CDN (§5.7 StopCCN covers it). */
void l2tp_session_drop(struct l2tp_session *s);

/*
 * Free the proxy data of s (PPP has used it, or the session goes away).
 * Idempotent; CLOSED calls it.
 */
void l2tp_session_proxy_release(struct l2tp_session *s);

/* Free what s allocated (phone numbers, proxy); idempotent. */
void l2tp_session_fini(struct l2tp_session *s);

/* Every state change goes through here, calling ops->state_change. */
void l2tp_session_set_state(struct l2tp_session *s,
    enum l2tp_session_state new_state);

const char *l2tp_session_state_name(enum l2tp_session_state st);

#endif /* _L2TP_SESSION_H_ */
