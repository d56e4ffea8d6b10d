/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Generic PPP option negotiation automaton (RFC 1661 §4), shared by LCP,
 * IPCP and IPv6CP. Structure after OpenBSD npppd fsm.c: one automaton with
 * a callback table; the protocols only supply their options.
 *
 * Pure C: no DPDK, no sockets, no clock. The owner passes the time in
 * milliseconds, hands in one control packet at a time (the bytes after the
 * PPP protocol field) and receives packets through the send callback,
 * without the PPP Address/Control bytes and without the protocol field
 * (which is passed separately): the L2TP/PPP framing is the caller's.
 *
 * Every state change goes through ppp_fsm_set_state(), which calls the
 * owner's state callback (old -> new) so that all transitions can be
 * logged in one place.
 *
 * Option checking is done option by option: the automaton walks the
 * options of a received Configure-Request (rejecting the whole packet if a
 * length field lies), asks ops->check_opt() for a verdict on each one and
 * builds the Configure-Ack, -Nak or -Reject (RFC 1661 §5.2-§5.4: Reject
 * wins over Nak, Nak over Ack). Once Max-Failure Naks were sent without an
 * Ack in between, Naks become Rejects (§4.6).
 */

#ifndef PPP_FSM_H
#define PPP_FSM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp_pkt.h"
#include "ppp_proto.h"

/* RFC 1661 §4.2 states; the values are the column numbers of §4.1. */
enum ppp_fsm_state {
	PPP_FSM_INITIAL = 0,
	PPP_FSM_STARTING,
	PPP_FSM_CLOSED,
	PPP_FSM_STOPPED,
	PPP_FSM_CLOSING,
	PPP_FSM_STOPPING,
	PPP_FSM_REQSENT,
	PPP_FSM_ACKRCVD,
	PPP_FSM_ACKSENT,
	PPP_FSM_OPENED,
	PPP_FSM_NSTATES
};

/* RFC 1661 §4.3 events. */
enum ppp_fsm_event {
	PPP_EV_UP = 0,
	PPP_EV_DOWN,
	PPP_EV_OPEN,
	PPP_EV_CLOSE,
	PPP_EV_TO_P,	/* TO+ */
	PPP_EV_TO_M,	/* TO- */
	PPP_EV_RCR_P,	/* RCR+ */
	PPP_EV_RCR_M,	/* RCR- */
	PPP_EV_RCA,
	PPP_EV_RCN,
	PPP_EV_RTR,
	PPP_EV_RTA,
	PPP_EV_RUC,
	PPP_EV_RXJ_P,	/* RXJ+ */
	PPP_EV_RXJ_M,	/* RXJ- */
	PPP_EV_RXR,
	PPP_EV_COUNT
};

/* Layer events reported to the owner (RFC 1661 §4.4 tlu/tld/tls/tlf). */
enum ppp_fsm_layer {
	PPP_LAYER_UP = 0,
	PPP_LAYER_DOWN,
	PPP_LAYER_STARTED,
	PPP_LAYER_FINISHED
};

/* Verdict of ops->check_opt() on one option of the peer's request. */
enum ppp_opt_verdict {
	PPP_OPT_ACK = 0,
	PPP_OPT_NAK,	/* the suggested value is written to the nak buffer */
	PPP_OPT_REJ
};

/* RFC 1661 §4.6 defaults. */
#define PPP_FSM_RESTART_MS	3000
#define PPP_FSM_MAX_TERMINATE	2
#define PPP_FSM_MAX_CONFIGURE	10
#define PPP_FSM_MAX_FAILURE	5

/* Largest control packet built or accepted (options of our requests). */
#define PPP_FSM_MAX_PKT		1500
#define PPP_FSM_MAX_REQ		64	/* <= 255: reqlen is one octet; ours are <= 18 */

struct ppp_fsm;

/* Hands out one control packet (code..data) for protocol proto. */
typedef void (*ppp_send_fn)(void *arg, uint16_t proto, const uint8_t *pkt,
	size_t len);
/* Every state change (for logs). */
typedef void (*ppp_state_fn)(void *arg, struct ppp_fsm *fsm,
	enum ppp_fsm_state old_state, enum ppp_fsm_state new_state);
/* Layer events for the owner, after the protocol's own handling. */
typedef void (*ppp_layer_fn)(void *arg, struct ppp_fsm *fsm,
	enum ppp_fsm_layer ev);
/* Random octets; 0 or negative errno. NULL means getrandom(2). */
typedef int (*ppp_random_fn)(void *arg, void *buf, size_t len);

/*
 * The owner's callbacks, any of them NULL, all with fsm->arg: one table
 * per kind of automaton an owner runs (lnsd: LCP, NCPs), shared by all
 * of them rather than four pointers in each of a million automata.
 */
struct ppp_fsm_owner {
	ppp_send_fn send;
	ppp_state_fn state_cb;
	ppp_layer_fn layer_cb;
	ppp_random_fn random;
};

/*
 * Protocol callbacks. Only build_req and check_opt are mandatory.
 * Option data pointers are the option value (after Type and Length).
 */
struct ppp_fsm_ops {
	const char *name;
	/* Called by irc before a new negotiation and by tld. */
	void (*reset)(struct ppp_fsm *fsm);
	/* Our Configure-Request options; length or negative errno. */
	int (*build_req)(struct ppp_fsm *fsm, uint8_t *buf, size_t cap);
	/* Before and after the options of a peer's Configure-Request. */
	void (*check_begin)(struct ppp_fsm *fsm);
	enum ppp_opt_verdict (*check_opt)(struct ppp_fsm *fsm, uint8_t type,
		const uint8_t *val, uint8_t len, uint8_t *nak, uint8_t *naklen);
	/*
	 * Options the peer did not send but should (RFC 1661 §5.3: a Nak may
	 * carry them). Appends to buf from *off; only called when nothing
	 * was rejected.
	 */
	void (*check_end)(struct ppp_fsm *fsm, uint8_t *buf, size_t cap,
		size_t *off);
	/* The peer acked our request (options already compared). */
	void (*recv_ack)(struct ppp_fsm *fsm);
	/* One option of a Configure-Nak / -Reject of our request. */
	int (*recv_nak_opt)(struct ppp_fsm *fsm, uint8_t type,
		const uint8_t *val, uint8_t len);
	int (*recv_rej_opt)(struct ppp_fsm *fsm, uint8_t type,
		const uint8_t *val, uint8_t len);
	/* tlu, tld, tls, tlf for the protocol itself. */
	void (*up)(struct ppp_fsm *fsm);
	void (*down)(struct ppp_fsm *fsm);
	void (*started)(struct ppp_fsm *fsm);
	void (*finished)(struct ppp_fsm *fsm);
	/* The peer Code-Rejected one of our codes above 7 (RXJ+). */
	void (*code_rejected)(struct ppp_fsm *fsm, uint8_t code);
	/*
	 * Codes above 7 (LCP: 8-11). 0 when handled, -EOPNOTSUPP to make the
	 * automaton send a Code-Reject (RUC).
	 */
	int (*extcode)(struct ppp_fsm *fsm, uint8_t code, uint8_t id,
		const uint8_t *data, size_t len, uint64_t now);
};

struct ppp_fsm_conf {
	uint32_t restart_ms;	/* Restart timer (§4.6), 0: 3000 */
	uint8_t max_terminate;	/* 0: 2 */
	uint8_t max_configure;	/* 0: 10 */
	uint8_t max_failure;	/* 0: 5 */
};

/*
 * Per-FSM counters: 32-bit, one automaton per session and protocol (a
 * million sessions carry three each; they count one link's packets).
 */
struct ppp_fsm_stats {
	uint32_t rx_pkts;
	uint32_t rx_malformed;	/* length fields that lie */
	uint32_t rx_too_long;	/* Length above PPP_FSM_MAX_PKT */
	uint32_t rx_bad_id;	/* reply not matching our request */
	uint32_t rx_discarded;	/* valid but not acceptable in this state */
	uint32_t rx_unknown_code;
	uint32_t illegal_events;	/* '-' cells of the §4.1 table */
	uint32_t tx_pkts;
	uint32_t tx_naks_as_rejects;	/* §4.6 Max-Failure conversions */
};

/* Fields ordered by size: no holes (one per session and protocol). */
struct ppp_fsm {
	const struct ppp_fsm_ops *ops;
	void *proto_ctx;	/* the protocol's own state (struct ppp_lcp...) */

	const struct ppp_fsm_owner *owner;	/* NULL: no callbacks */
	void *arg;		/* for the owner's callbacks */

	uint64_t deadline;	/* ms */
	const char *close_reason;	/* of the last Close / abort */
	const char *pending_abort;	/* set by callbacks, acted upon later */

	enum ppp_fsm_state state;
	struct ppp_fsm_conf conf;
	int restart;		/* Restart counter (§4.6) */
	int failures;		/* Naks sent since the last Ack (§4.6) */
	struct ppp_fsm_stats stats;

	uint16_t proto;
	uint16_t peer_mru;	/* our packets are truncated to this */
	uint8_t id;		/* last identifier we used */
	uint8_t reqid;		/* identifier of our outstanding request */
	bool timer_on;
	uint8_t reqlen;
	uint8_t req[PPP_FSM_MAX_REQ];	/* options of our last request */
};

const char *ppp_fsm_state_name(enum ppp_fsm_state s);
const char *ppp_fsm_event_name(enum ppp_fsm_event e);

void ppp_fsm_init(struct ppp_fsm *fsm, const struct ppp_fsm_ops *ops,
	uint16_t proto, const struct ppp_fsm_conf *conf, void *proto_ctx);
/* The only place that writes fsm->state; calls state_cb. */
void ppp_fsm_set_state(struct ppp_fsm *fsm, enum ppp_fsm_state s);

/* Administrative and lower layer events (RFC 1661 §4.3). */
void ppp_fsm_up(struct ppp_fsm *fsm, uint64_t now);
void ppp_fsm_down(struct ppp_fsm *fsm, uint64_t now);
void ppp_fsm_open(struct ppp_fsm *fsm, uint64_t now);
void ppp_fsm_close(struct ppp_fsm *fsm, const char *reason, uint64_t now);
/*
 * From inside a callback: close once the current input is processed
 * (reason is kept in close_reason).
 */
void ppp_fsm_abort(struct ppp_fsm *fsm, const char *reason);

/*
 * One control packet (after the protocol field; octets past its Length
 * are padding). 0 or negative errno: -EINVAL malformed, -EMSGSIZE longer
 * than PPP_FSM_MAX_PKT, -EAGAIN lower layer down (Initial/Starting).
 */
int ppp_fsm_input(struct ppp_fsm *fsm, const uint8_t *pkt, size_t len,
	uint64_t now);
/* Fires TO+/TO- when the restart timer expired. */
void ppp_fsm_timer(struct ppp_fsm *fsm, uint64_t now);
/* TO+ or TO- now, whatever the deadline (tests). */
void ppp_fsm_timeout(struct ppp_fsm *fsm, uint64_t now);
/* Deadline of the restart timer, UINT64_MAX when stopped. */
uint64_t ppp_fsm_next_timeout(const struct ppp_fsm *fsm);

/* Helpers for protocols: send a packet with the next / a given id. */
int ppp_fsm_send(struct ppp_fsm *fsm, uint8_t code, uint8_t id,
	const void *data, size_t len);
uint8_t ppp_fsm_next_id(struct ppp_fsm *fsm);
int ppp_fsm_random(struct ppp_fsm *fsm, void *buf, size_t len);
/* The owner's layer_cb alone (a protocol that ran its own hook). */
void ppp_fsm_owner_layer(struct ppp_fsm *fsm, enum ppp_fsm_layer ev);
/* RXJ+ / RXJ- from a protocol hook (LCP Protocol-Reject, §5.7). */
void ppp_fsm_rxj(struct ppp_fsm *fsm, bool catastrophic, uint64_t now);

#endif /* PPP_FSM_H */
