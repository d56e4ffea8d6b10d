/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reliable delivery of L2TPv2 control messages (RFC 2661 §5.8) with the
 * slow start and congestion avoidance of RFC 2661 Appendix A.
 *
 * One struct l2tp_xport per control connection (tunnel). Pure C: no DPDK,
 * no sockets, no clock. Time is a monotonic millisecond count passed in by
 * the owner; datagrams leave through ops->send, in-order messages reach the
 * tunnel FSM through ops->deliver, and ops->dead reports that a message
 * went unacknowledged after conf.max_retries retransmissions (§5.8: the
 * tunnel and all its sessions MUST then be cleared).
 *
 * Sequence state (§5.8), all modulo 2^16:
 *   snd_una  Ns of the oldest message not yet acknowledged by the peer
 *   ns       Ns the next new message will carry (snd_nxt); a ZLB carries
 *            it too but does not consume it
 *   nr       Ns expected next from the peer (rcv_nxt); sent as Nr
 *
 * Messages handed to l2tp_xport_send() are complete encoded control
 * messages (12-octet header T=1,L=1,S=1,O=0, §3.1, then AVPs). Their Ns and
 * Nr fields are owned by the transport and rewritten at every (re)trans-
 * mission: with L=1 and no O bit the header is
 *
 *   0  flags/Ver   2  Length   4  Tunnel ID   6  Session ID
 *   8  Ns         10  Nr      12  AVPs...
 *
 * so Ns is the big-endian word at octet 8 and Nr the one at octet 10.
 * Tunnel and Session IDs are left as the caller wrote them: a retransmitted
 * SCCRQ keeps Tunnel ID 0 (§5.3, §4.4.3).
 *
 * Callbacks run synchronously from l2tp_xport_send/input/timer. ops->send
 * must not re-enter the same transport. ops->deliver may call
 * l2tp_xport_send() (that is how replies piggyback Nr) but must not call
 * l2tp_xport_fini(). ops->dead is the last thing l2tp_xport_timer() does
 * and may call l2tp_xport_fini().
 */

#ifndef _L2TP_XPORT_H_
#define _L2TP_XPORT_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

/* §5.8: "a recommended default is 1 second" for the first retransmission. */
#define L2TP_XPORT_RTO_INITIAL_MS	1000
/* §5.8: a cap on the back-off interval "MUST be no less than 8 seconds". */
#define L2TP_XPORT_RTO_CAP_MIN_MS	8000
#define L2TP_XPORT_RTO_MAX_MS		8000
/* §5.8: retransmissions before clearing, "a recommended default is 5". */
#define L2TP_XPORT_MAX_RETRIES		5
/*
 * Delayed acknowledgement. §5.8 lets the ack ride on the next message or go
 * as a ZLB but gives no delay. Once half our receive window has been
 * delivered unacknowledged the ZLB goes at once, so a peer streaming
 * messages one way (a LAC clearing many calls) is never held to one
 * window per delay; a reply from the FSM normally leaves within
 * the deliver callback, so a short wait only has to cover replies the owner
 * produces asynchronously. 100 ms is a tenth of the peer's recommended
 * 1 s retransmission timer, so the ack reaches it long before it resends.
 */
#define L2TP_XPORT_ACK_DELAY_MS		100
/* §5.8/§4.4.3: without a Receive Window Size AVP the peer's window is 4. */
#define L2TP_XPORT_PEER_RWIN		4
/* Larger peer windows are clamped: half the Ns space stays unambiguous. */
#define L2TP_XPORT_PEER_RWIN_MAX	32767
/* Our advertised window = reorder buffer slots (owner puts it in the AVP). */
#define L2TP_XPORT_RWIN			16
#define L2TP_XPORT_RWIN_MAX		1024
/* Bound on messages queued for one tunnel (sent or not) before -ENOBUFS. */
#define L2TP_XPORT_MAX_QUEUE		1024

#define L2TP_XPORT_NO_DEADLINE		UINT64_MAX

/* §3.1 offsets in a control header with L=1, S=1 and no O bit. */
#define L2TP_XPORT_NS_OFF		8
#define L2TP_XPORT_NR_OFF		10

/* Transmit one datagram. A negative return counts as a loss (retried). */
typedef int (*l2tp_xport_send_t)(void *arg, const uint8_t *buf, size_t len);
/*
 * Hand one in-order, non-duplicate control message to the FSM. msg is
 * valid only during the call (held messages are freed right after).
 */
typedef void (*l2tp_xport_deliver_t)(void *arg, const uint8_t *msg,
    size_t len);
/* A message exhausted its retransmissions: tear the tunnel down (§5.8). */
typedef void (*l2tp_xport_dead_t)(void *arg);

struct l2tp_xport_ops {
	l2tp_xport_send_t send;
	l2tp_xport_deliver_t deliver;
	l2tp_xport_dead_t dead;		/* may be NULL */
};

struct l2tp_xport_conf {
	uint32_t rto_initial_ms;	/* first retransmission interval */
	uint32_t rto_max_ms;		/* back-off cap, >= 8000 (§5.8);
					 * raised to rto_initial_ms if below */
	uint32_t ack_delay_ms;		/* 0: ack at the end of input */
	uint16_t max_retries;		/* retransmissions of one message */
	uint16_t rwin;			/* our receive window, 1..RWIN_MAX */
	uint16_t peer_rwin;		/* until the peer's AVP arrives */
	uint32_t max_queue;		/* send queue bound, >= 1 */
};

struct l2tp_xport_stats {
	uint64_t sent;		/* first transmissions of messages */
	uint64_t retransmitted;	/* later transmissions of messages */
	uint64_t received;	/* non-ZLB messages passed to input */
	uint64_t delivered;	/* handed to ops->deliver */
	uint64_t duplicates;	/* already delivered or already held */
	uint64_t out_of_order;	/* held in the reorder queue */
	uint64_t out_of_window;	/* ahead beyond our window, dropped */
	uint64_t zlb_sent;
	uint64_t zlb_received;
	uint64_t bad_nr;	/* Nr acknowledging an Ns never sent */
	uint64_t send_errors;	/* ops->send returned < 0 */
	uint64_t no_memory;	/* out-of-order copy failed, dropped */
};

struct l2tp_xport_msg;		/* send queue entry, private */
struct l2tp_xport_slot;		/* reorder queue slot, private */
TAILQ_HEAD(l2tp_xport_msgq, l2tp_xport_msg);

struct l2tp_xport {
	struct l2tp_xport_conf conf;
	struct l2tp_xport_ops ops;
	void *arg;
	uint16_t peer_tunnel_id;	/* Tunnel ID written in our ZLBs */
	bool dead;

	/* Send side (§5.8, Appendix A). */
	uint16_t ns;			/* snd_nxt */
	uint16_t snd_una;
	uint16_t peer_rwin;
	uint16_t cwnd;
	uint16_t ssthresh;
	uint16_t cwnd_acks;		/* acks counted in cong. avoidance */
	struct l2tp_xport_msgq sendq;	/* oldest first */
	struct l2tp_xport_msg *tx_next;	/* first entry not in flight */
	uint32_t queued;		/* entries in sendq */
	uint32_t inflight;		/* entries before tx_next */
	uint32_t rto;			/* current interval, ms */
	uint16_t retries;		/* of the oldest message */
	uint64_t rtx_deadline;

	/* Receive side. */
	uint16_t nr;			/* rcv_nxt */
	bool ack_pending;
	uint16_t rx_unacked;		/* delivered since our last Nr went out */
	uint64_t ack_deadline;
	struct l2tp_xport_slot *reorder;	/* power-of-two ring */
	uint16_t reorder_mask;
	uint16_t reorder_held;

	struct l2tp_xport_stats stats;
};

/*
 * Serial-number comparison modulo 2^16 (§5.8): true if a precedes b, i.e.
 * b - a is in 1..32768. §5.8 counts a received Ns as "less than or equal
 * to the last received number" when it is that number or one of the 32767
 * before it; with b = the next expected Ns that is exactly this test.
 */
static inline bool
l2tp_xport_seq_before(uint16_t a, uint16_t b)
{
	return (int16_t)(uint16_t)(a - b) < 0;
}

void l2tp_xport_conf_default(struct l2tp_xport_conf *conf);

/*
 * Initialise x (conf NULL = defaults). ops->send and ops->deliver are
 * required. Returns 0, -EINVAL on a bad conf or ops, -ENOMEM. x is zeroed
 * first, so l2tp_xport_fini() may be called whatever the result.
 */
int l2tp_xport_init(struct l2tp_xport *x, const struct l2tp_xport_conf *conf,
    const struct l2tp_xport_ops *ops, void *arg);

/* Free queued and held messages. x may be initialised again afterwards. */
void l2tp_xport_fini(struct l2tp_xport *x);

/* Tunnel ID the peer assigned us (§4.4.3); used in the ZLB header. */
void l2tp_xport_set_peer_tunnel(struct l2tp_xport *x, uint16_t tunnel_id);

/*
 * The peer's Receive Window Size AVP (§4.4.3, §5.8). Appendix A: ssthresh
 * starts at this value and cwnd never exceeds it. Queued messages that now
 * fit are sent. Returns 0, or -EINVAL for 0 ("invalid", §5.8).
 */
int l2tp_xport_set_peer_window(struct l2tp_xport *x, uint16_t rwin,
    uint64_t now);

/*
 * Queue one encoded control message (copied; at least the 12-octet header
 * with T, L, S set and O clear, plus a body: a ZLB is never queued since it
 * takes no sequence slot, §5.8). It is sent now if fewer than
 * min(cwnd, peer window) messages are in flight, else when acks open the
 * window. Returns 0, -EINVAL, -ENOBUFS (queue full), -ENOMEM, or -EPIPE
 * once the transport is dead.
 */
int l2tp_xport_send(struct l2tp_xport *x, const uint8_t *msg, size_t len,
    uint64_t now);

/*
 * A received control message whose header the caller decoded: its Ns and
 * Nr, whether it is a ZLB, and the bytes to deliver (typically the whole
 * message; stored as is if it must wait in the reorder queue). Nr
 * acknowledges our messages first; then an in-order message is delivered,
 * followed by any held ones it unblocks, and an ack is scheduled; a
 * duplicate is acknowledged at once with a ZLB. Returns the number of
 * messages delivered, or -EPIPE once dead, -EINVAL for a NULL message.
 */
int l2tp_xport_input(struct l2tp_xport *x, uint16_t ns, uint16_t nr,
    bool is_zlb, const uint8_t *msg, size_t len, uint64_t now);

/*
 * Would l2tp_xport_input() take this very datagram as the peer's next
 * message: not a ZLB, Ns the next expected (§5.8), an Nr that acknowledges
 * nothing we never sent, the transport alive? No side effect. A duplicate,
 * a message ahead of the next expected (held or out of the window) or a
 * ZLB is not: anyone who knows the tunnel's IDs can send one. The owner
 * asks before l2tp_xport_input(), e.g. to learn where the peer is only
 * from such a datagram.
 */
bool l2tp_xport_in_order(const struct l2tp_xport *x, uint16_t ns,
    uint16_t nr, bool is_zlb);

/* Run retransmissions and delayed acks that are due at now. */
void l2tp_xport_timer(struct l2tp_xport *x, uint64_t now);

/* Earliest time l2tp_xport_timer() has work, or L2TP_XPORT_NO_DEADLINE. */
uint64_t l2tp_xport_next_deadline(const struct l2tp_xport *x);

/* Send a pending acknowledgement now (e.g. for a StopCCN, §5.7). */
void l2tp_xport_ack_now(struct l2tp_xport *x);

/* True once every queued message has been acknowledged. */
bool l2tp_xport_all_acked(const struct l2tp_xport *x);

/*
 * Drop every queued message and stop retransmitting, e.g. once a StopCCN
 * was received and what we still had to say is moot. Receive state stays,
 * so retransmitted messages from the peer are still acknowledged.
 */
void l2tp_xport_flush(struct l2tp_xport *x);

/*
 * A full retransmission cycle for conf: the time from a first transmission
 * to the dead callback (31 s with the defaults). §5.7/§5.8: after the final
 * exchange (StopCCN) state is kept this long to acknowledge retransmissions.
 */
uint64_t l2tp_xport_cycle_ms(const struct l2tp_xport_conf *conf);

#endif /* _L2TP_XPORT_H_ */
