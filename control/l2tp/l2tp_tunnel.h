/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L2TPv2 control connection (tunnel) state machine, LNS side (RFC 2661 §5.1,
 * §6, §7.2). Structure after OpenBSD npppd l2tp_ctrl.c: one switch on the
 * state, one switch on the message, one failure exit sending StopCCN.
 *
 * Pure C: no DPDK, no sockets, no clock. The owner passes the time in
 * milliseconds, hands in messages already parsed by l2tp_msg_parse() and
 * in order (the reliable transport of §5.8 sits below), and receives
 * complete encoded messages through ops->send. Messages are built with
 * Ns = Nr = 0: the transport owns and rewrites those fields.
 *
 * States (§7.2, receiver side):
 *
 *   IDLE ---SCCRQ ok / SCCRP---> WAIT_CTL_CONN ---SCCCN ok---> ESTABLISHED
 *     |                               |                           |
 *     +--- bad SCCRQ / StopCCN ------>+--- StopCCN sent/recv ---->+
 *                                     v
 *                                  CLOSING --hold period--> IDLE (done)
 *
 * CLOSING keeps the tunnel for cfg->close_hold_ms after a StopCCN was sent
 * or received (§5.7: a full retransmission cycle) so the transport can
 * still acknowledge retransmissions; l2tp_tunnel_timer() then moves it
 * back to IDLE and returns 1: the owner frees it.
 *
 * Tie breaker (§4.4.3, §5.1): an LNS that never sends SCCRQ can never have
 * two SCCRQs crossing, so there is nothing to break: a Tie Breaker AVP is
 * accepted and recorded (peer_tie_breaker) but not acted upon. The owner
 * that finds a second SCCRQ from the same peer host/address simply creates
 * a second tunnel (RFC 2661 allows several tunnels between two peers).
 *
 * Sessions: call-level messages (ICRQ..SLI, OCRQ..OCCN) are not handled
 * here. l2tp_tunnel_input() returns L2TP_TUNNEL_TO_SESSION for them once
 * the tunnel is established; the owner then finds (or, for ICRQ/OCRQ,
 * creates) the session by the header Session ID and calls
 * l2tp_session_input() (l2tp_session.h). When the tunnel leaves
 * ESTABLISHED the owner drops every session with l2tp_session_drop():
 * §5.7 a StopCCN implicitly clears all of them, no CDN is sent.
 */

#ifndef _L2TP_TUNNEL_H_
#define _L2TP_TUNNEL_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "l2tp_avp.h"

/* §6.5: no figure is given; 60 s is the usual default. */
#define L2TP_TUNNEL_HELLO_MS		60000
/* §5.7: hold state for a full retransmission cycle (1+2+4+8+8+8 s). */
#define L2TP_TUNNEL_CLOSE_HOLD_MS	31000
/* Our Receive Window Size (§4.4.3, §5.8) when cfg->rx_window is 0. */
#define L2TP_TUNNEL_RX_WINDOW		16
/* Challenge we send (§4.4.3: any length, one MD5 block is plenty). */
#define L2TP_TUNNEL_CHALLENGE_LEN	16
#define L2TP_TUNNEL_NAME_MAX		64	/* peer names kept */
/* Largest message this FSM builds (SCCRP with long names). */
#define L2TP_TUNNEL_MSG_MAX		1024

/* Returned by l2tp_tunnel_input(): a call-level message to dispatch. */
#define L2TP_TUNNEL_TO_SESSION		1

#define L2TP_TUNNEL_NO_DEADLINE		UINT64_MAX

enum l2tp_tunnel_state {
	L2TP_TUNNEL_IDLE = 0,
	L2TP_TUNNEL_WAIT_CTL_CONN,	/* SCCRP sent, waiting for SCCCN */
	L2TP_TUNNEL_ESTABLISHED,
	L2TP_TUNNEL_CLOSING,		/* StopCCN sent or received */
};

struct l2tp_tunnel;

/* One complete encoded control message (header + AVPs) to transmit. */
typedef int (*l2tp_tunnel_send_t)(void *arg, struct l2tp_tunnel *t,
    const uint8_t *msg, size_t len);
/* Every state change, for logs and gauges. Must not free t. */
typedef void (*l2tp_tunnel_state_t)(void *arg, struct l2tp_tunnel *t,
    enum l2tp_tunnel_state old_state, enum l2tp_tunnel_state new_state);
/* Fill buf with random octets (our Challenge); 0 or negative errno. */
typedef int (*l2tp_tunnel_random_t)(void *arg, uint8_t *buf, size_t len);

struct l2tp_tunnel_ops {
	l2tp_tunnel_send_t send;	/* required */
	l2tp_tunnel_state_t state_change;	/* may be NULL */
	l2tp_tunnel_random_t random;	/* NULL: getrandom() */
};

/*
 * An allowed peer, matched on the Host Name AVP of its SCCRQ (§4.4.3);
 * a NULL or empty host_name matches any. The first match wins. secret, if
 * not empty, overrides cfg->secret for this peer. Filtering on addresses
 * is the owner's job, before a tunnel is created (it may give each
 * address range its own cfg).
 */
struct l2tp_tunnel_peer {
	const char *host_name;
	const uint8_t *secret;
	size_t secret_len;
};

/*
 * Shared by all tunnels, borrowed: it must outlive them. Zero values take
 * the defaults above. The maximum number of tunnels is the owner's
 * business (it refuses to create more).
 */
struct l2tp_tunnel_cfg {
	const char *host_name;		/* required, §4.4.3 Host Name */
	const char *vendor_name;	/* NULL: no Vendor Name AVP */
	uint16_t firmware_rev;		/* 0: no Firmware Revision AVP */
	uint16_t rx_window;		/* Receive Window Size we announce */
	uint32_t framing_cap;		/* 0: sync | async */
	uint32_t bearer_cap;		/* 0: no Bearer Capabilities AVP */
	uint32_t hello_ms;		/* §6.5 HELLO interval; also the
					 * wait for SCCCN after our SCCRP */
	uint32_t close_hold_ms;		/* §5.7 CLOSING hold period */
	/* §5.1.1 tunnel authentication; NULL or length 0: none. */
	const uint8_t *secret;
	size_t secret_len;
	/* Allowed peers; n_peers == 0 admits any Host Name. */
	const struct l2tp_tunnel_peer *peers;
	unsigned int n_peers;
};

struct l2tp_tunnel_stats {
	uint64_t rx_msgs;		/* messages passed to input */
	uint64_t tx_msgs;		/* messages handed to ops->send */
	uint64_t hellos_sent;
	uint64_t send_errors;
};

struct l2tp_tunnel {
	const struct l2tp_tunnel_cfg *cfg;
	struct l2tp_tunnel_ops ops;
	void *arg;
	enum l2tp_tunnel_state state;
	uint16_t local_id;		/* our Assigned Tunnel ID, != 0 */
	uint16_t peer_id;		/* the peer's Assigned Tunnel ID */

	/* From the SCCRQ (§6.1). */
	char peer_host[L2TP_TUNNEL_NAME_MAX];
	char peer_vendor[L2TP_TUNNEL_NAME_MAX];
	uint32_t peer_framing_cap;
	uint32_t peer_bearer_cap;
	uint16_t peer_firmware_rev;
	uint16_t peer_rx_window;	/* 4 if absent (§4.4.3) */
	uint64_t peer_tie_breaker;
	bool peer_has_tie_breaker;

	/* §5.1.1 authentication, for this peer. */
	const uint8_t *secret;		/* NULL: none */
	size_t secret_len;
	/* Our Challenge, sent in the SCCRP. */
	uint8_t challenge[L2TP_TUNNEL_CHALLENGE_LEN];

	/* Timers, ms. */
	uint64_t hello_deadline;	/* quiet until then: send HELLO */
	uint64_t close_deadline;	/* CLOSING ends */

	/* Why it closed (StopCCN sent or received). */
	uint16_t result_code;
	uint16_t error_code;
	bool stop_sent;			/* we sent the StopCCN */

	struct l2tp_tunnel_stats stats;
};

/*
 * Set up t in IDLE with our local tunnel ID (allocated by the owner, != 0).
 * Returns 0 or -EINVAL (missing cfg, host name, ops->send, or id 0).
 */
int l2tp_tunnel_init(struct l2tp_tunnel *t, const struct l2tp_tunnel_cfg *cfg,
    uint16_t local_id, const struct l2tp_tunnel_ops *ops, void *arg,
    uint64_t now);

/*
 * The secret to parse this tunnel's messages with (hidden AVPs, §4.3): the
 * peer's once its SCCRQ was accepted, else cfg->secret. May be NULL. A
 * per-peer secret is only known after the Host Name: hidden AVPs in the
 * SCCRQ itself are decoded with cfg->secret.
 */
const uint8_t *l2tp_tunnel_secret(const struct l2tp_tunnel *t, size_t *len);

/*
 * One in-order control message from the peer: msg as filled by
 * l2tp_msg_parse() and parse_rc what it returned. Returns
 *   0                       handled here (possibly by closing the tunnel);
 *   L2TP_TUNNEL_TO_SESSION  a call-level message on an established tunnel:
 *                           hand msg (and parse_rc) to the session FSM;
 *   negative errno          ops->send failed (the state change stands).
 * A ZLB (msg_type 0) is ignored: acks are the transport's.
 */
int l2tp_tunnel_input(struct l2tp_tunnel *t, const struct l2tp_msg *msg,
    int parse_rc, uint64_t now);

/*
 * Traffic from the peer other than control messages (data packets, §6.5:
 * HELLO is sent after a quiet period): pushes the HELLO deadline back.
 */
void l2tp_tunnel_activity(struct l2tp_tunnel *t, uint64_t now);

/*
 * Timers due at now: HELLO when established and quiet for cfg->hello_ms
 * (§6.5); StopCCN (result 1) if no SCCCN came within cfg->hello_ms of the
 * SCCRQ (§7.2 gives no timer: this bounds a LAC that acks the SCCRP and
 * goes quiet); end of the CLOSING hold. Returns 1 when the tunnel is done
 * (back to IDLE after CLOSING, or still IDLE cfg->hello_ms after init: its
 * SCCRQ never got through the transport; free it), 0 otherwise, negative
 * errno if a send failed.
 */
int l2tp_tunnel_timer(struct l2tp_tunnel *t, uint64_t now);

/* Next time l2tp_tunnel_timer() has work, or L2TP_TUNNEL_NO_DEADLINE. */
uint64_t l2tp_tunnel_next_deadline(const struct l2tp_tunnel *t);

/*
 * Local teardown (§5.7, e.g. shutdown or the transport gave up): send
 * StopCCN with result/error (error < 0: no Error Code) and enter CLOSING.
 * No-op returning 0 if already CLOSING or IDLE.
 */
int l2tp_tunnel_close(struct l2tp_tunnel *t, uint16_t result, int error,
    const char *text, uint64_t now);

/*
 * Every state change goes through here: records it and calls
 * ops->state_change(old, new) if the state differs.
 */
void l2tp_tunnel_set_state(struct l2tp_tunnel *t,
    enum l2tp_tunnel_state new_state, uint64_t now);

const char *l2tp_tunnel_state_name(enum l2tp_tunnel_state s);

/*
 * Build a call-level message header for this tunnel into w (peer tunnel
 * ID, Ns = Nr = 0): used by the session FSM. Returns w->error.
 */
int l2tp_tunnel_msg_begin(const struct l2tp_tunnel *t, struct l2tp_writer *w,
    uint8_t *buf, size_t cap, uint16_t session_id, uint16_t msg_type);

#endif /* _L2TP_TUNNEL_H_ */
