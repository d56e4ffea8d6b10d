/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PPP Link Control Protocol (RFC 1661 §5-§6) on the generic automaton,
 * LNS side: we are the authenticator. Structure after OpenBSD npppd lcp.c.
 * Client mode (the subscriber, e.g. lns-lacgen): conf.accept_auth lists
 * the methods we authenticate ourselves with when the peer asks; a
 * request for another one is Nak'd with our preferred method (RFC 1661
 * §6.2, RFC 1994 §3) and the acked one is recorded in client_auth.
 *
 * Negotiated: MRU, Magic-Number (with loop detection), Authentication-
 * Protocol (PAP, CHAP-MD5, MS-CHAPv2 in the configured order), PFC, ACFC;
 * ACCM is acknowledged and ignored: the L2TP data channel is octet
 * transparent, async framing is the LAC's (RFC 2661 §6.15 carries the
 * ACCM to the LAC in Set-Link-Info).
 * Keepalive: Echo-Request every echo_interval_ms once Opened; after
 * echo_max_fail unanswered requests the link is closed ("dead peer").
 * Proxy LCP (RFC 2661 §4.4.5): ppp_lcp_proxy() opens LCP from the
 * LAC's AVPs 27/28 without a negotiation.
 */

#ifndef PPP_LCP_H
#define PPP_LCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp_fsm.h"

enum ppp_auth {
	PPP_AUTH_NONE = 0,
	PPP_AUTH_PAP,
	PPP_AUTH_CHAP_MD5,
	PPP_AUTH_MSCHAPV2,
};

#define PPP_LCP_MAX_AUTH	3

/* Fields grouped by size, no holes (copied into every session's LCP). */
struct ppp_lcp_conf {
	struct ppp_fsm_conf fsm;
	uint32_t echo_interval_ms;	/* 0: no keepalive */
	uint16_t mru;		/* ours (from the tunnel MTU), 0: 1500 */
	uint16_t min_mru;	/* smallest peer MRU accepted, 0: 64 */
	/* Authentication methods to request, in order; count 0: none. */
	enum ppp_auth auth[PPP_LCP_MAX_AUTH];
	/*
	 * Client mode: methods we accept when the peer requests to
	 * authenticate us, preferred first. Count 0 (the default): the
	 * peer's Authentication-Protocol option is Rejected.
	 */
	enum ppp_auth accept_auth[PPP_LCP_MAX_AUTH];
	uint8_t auth_count;
	uint8_t accept_auth_count;
	bool accept_pfc;
	bool accept_acfc;
	uint8_t echo_max_fail;		/* 0: 3 */
	uint8_t max_loops;		/* magic collisions before loopback, 0: 5 */
};

/* 32-bit: one per session, counting one link's packets. */
struct ppp_lcp_stats {
	uint32_t echo_req_tx;
	uint32_t echo_rep_rx;
	uint32_t echo_req_rx;
	uint32_t discard_rx;
	uint32_t proto_rej_rx;
	uint32_t proto_rej_tx;
	uint32_t magic_collisions;
};

/* The peer rejected one of our protocols (Protocol-Reject, §5.7). */
typedef void (*ppp_lcp_protrej_fn)(void *arg, uint16_t proto);

/* Fields grouped by size, no holes (one per session). */
struct ppp_lcp {
	struct ppp_fsm fsm;
	struct ppp_lcp_conf conf;
	ppp_lcp_protrej_fn protrej_cb;	/* arg: fsm.arg */
	uint64_t now;		/* time of the last input/timer call */
	uint64_t next_echo;	/* keepalive */
	struct ppp_lcp_stats stats;

	uint32_t magic;		/* ours; 0: not requested (rejected) */
	/* Negotiated. */
	uint32_t peer_magic;
	enum ppp_auth auth;	/* what the peer acked */
	enum ppp_auth client_auth;	/* we acked: we prove ourselves so */
	uint16_t want_mru;	/* our request */
	uint16_t peer_mru;	/* the peer receives this much */

	/* Our request. */
	bool req_mru;
	uint8_t auth_idx;	/* position in conf.auth */
	bool req_auth;

	/* Negotiated. */
	bool pfc;		/* peer may compress the protocol field */
	bool acfc;
	bool looped;		/* loopback detected (§6.4) */
	uint8_t loops;

	/* Keepalive. */
	bool echo_armed;
	bool echo_unsupported;	/* the peer Code-Rejected Echo-Request */
	uint8_t echo_outstanding;
	uint8_t echo_id;
};

/*
 * Set up lcp (conf copied). The owner then sets lcp->fsm.owner and arg
 * and calls ppp_fsm_up/open on &lcp->fsm.
 */
void ppp_lcp_init(struct ppp_lcp *lcp, const struct ppp_lcp_conf *conf);
/* Restart timer, keepalive and dead-peer detection. */
void ppp_lcp_timer(struct ppp_lcp *lcp, uint64_t now);
/* Next deadline of ppp_lcp_timer(), UINT64_MAX if none. */
uint64_t ppp_lcp_next_timeout(const struct ppp_lcp *lcp);
int ppp_lcp_input(struct ppp_lcp *lcp, const uint8_t *pkt, size_t len,
	uint64_t now);
/*
 * Send a Protocol-Reject for a packet of an unknown protocol (§5.7); info
 * is the packet after the protocol field. Only in Opened (-ENOTCONN).
 */
int ppp_lcp_send_protrej(struct ppp_lcp *lcp, uint16_t proto,
	const uint8_t *info, size_t len);
/*
 * Proxy LCP: sent = options of the LAC's last Configure-Request to the
 * client (AVP 27), rcvd = the client's last Configure-Request (AVP 28).
 * If both are acceptable to our policy, LCP goes straight to Opened with
 * these values (nothing is sent; tlu runs) and 0 is returned. Otherwise
 * negative errno and nothing changes: the caller renegotiates.
 */
int ppp_lcp_proxy(struct ppp_lcp *lcp, const uint8_t *sent, size_t sent_len,
	const uint8_t *rcvd, size_t rcvd_len, uint64_t now);
/* PPP protocol number of an auth method (0 for NONE). */
uint16_t ppp_auth_proto(enum ppp_auth a);

#endif /* PPP_LCP_H */
