/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reliable delivery of L2TPv2 control messages (RFC 2661 §5.8, Appendix A).
 *
 * Send side: a queue of copied messages, oldest first. The first
 * `inflight` entries (up to tx_next) have been transmitted and await an
 * acknowledgement; the rest wait for the window min(cwnd, peer window)
 * to open. A message gets its Ns when first transmitted, so x->ns is both
 * the next new Ns and the Ns our ZLBs carry (§5.8: a ZLB does not consume
 * a sequence number). One retransmission timer guards the oldest message,
 * TCP style: it restarts from the initial interval whenever an ack
 * advances snd_una and doubles on every expiry up to the cap (§5.8).
 *
 * On expiry the oldest message is retransmitted, Appendix A's congestion
 * response applies (ssthresh = max(cwnd/2, 1), cwnd = 1) and the other
 * in-flight messages go back to "not sent": they are resent as acks open
 * the window again, unless the peer held them in its own reorder queue, in
 * which case the ack for the oldest one covers them and they are dropped
 * unsent (§5.8 lets the receiver either queue or discard out-of-order
 * messages, so the sender has to cope with both).
 *
 * Receive side: Nr is processed first (acks), then Ns is classified
 * against x->nr with the §5.8 serial-number rule. Messages ahead of x->nr
 * but inside our window are copied into a ring whose size is a power of
 * two >= the window, indexed by Ns: 2^16 is a multiple of the ring size,
 * so consecutive Ns values map to distinct slots across the wrap.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "l2tp_hdr.h"
#include "l2tp_proto.h"
#include "l2tp_xport.h"
#include "lns_bytes.h"

struct l2tp_xport_msg {
	TAILQ_ENTRY(l2tp_xport_msg) next;
	uint16_t ns;
	bool has_ns;		/* transmitted at least once */
	size_t len;
	uint8_t buf[];
};

struct l2tp_xport_slot {
	uint8_t *buf;		/* NULL when free */
	size_t len;
	uint16_t ns;
};

void
l2tp_xport_conf_default(struct l2tp_xport_conf *conf)
{
	memset(conf, 0, sizeof(*conf));
	conf->rto_initial_ms = L2TP_XPORT_RTO_INITIAL_MS;
	conf->rto_max_ms = L2TP_XPORT_RTO_MAX_MS;
	conf->ack_delay_ms = L2TP_XPORT_ACK_DELAY_MS;
	conf->max_retries = L2TP_XPORT_MAX_RETRIES;
	conf->rwin = L2TP_XPORT_RWIN;
	conf->peer_rwin = L2TP_XPORT_PEER_RWIN;
	conf->max_queue = L2TP_XPORT_MAX_QUEUE;
}

/*
 * §5.8 sets no upper bound on a Receive Window Size, but more than half
 * the sequence space outstanding would make Nr ambiguous.
 */
static uint16_t
xport_peer_rwin(uint16_t rwin)
{
	if (rwin > L2TP_XPORT_PEER_RWIN_MAX)
		return L2TP_XPORT_PEER_RWIN_MAX;
	return rwin;
}

static int
xport_conf_check(const struct l2tp_xport_conf *c)
{
	if (c->rto_initial_ms == 0)
		return -EINVAL;
	/*
	 * §5.8: the back-off cap "MUST be no less than 8 seconds". A first
	 * interval above the cap is accepted: the cap then rises to it.
	 */
	if (c->rto_max_ms < L2TP_XPORT_RTO_CAP_MIN_MS)
		return -EINVAL;
	if (c->rwin == 0 || c->rwin > L2TP_XPORT_RWIN_MAX)
		return -EINVAL;
	/* §5.8: a Receive Window Size of 0 is invalid. */
	if (c->peer_rwin == 0 || c->max_queue == 0)
		return -EINVAL;
	return 0;
}

int
l2tp_xport_init(struct l2tp_xport *x, const struct l2tp_xport_conf *conf,
    const struct l2tp_xport_ops *ops, void *arg)
{
	struct l2tp_xport_conf def;
	uint32_t ring = 1;

	/* Zeroed first: l2tp_xport_fini() is safe even after a failure. */
	memset(x, 0, sizeof(*x));
	TAILQ_INIT(&x->sendq);
	if (conf == NULL) {
		l2tp_xport_conf_default(&def);
		conf = &def;
	}
	if (ops == NULL || ops->send == NULL || ops->deliver == NULL ||
	    xport_conf_check(conf) < 0)
		return -EINVAL;

	x->conf = *conf;
	if (x->conf.rto_max_ms < x->conf.rto_initial_ms)
		x->conf.rto_max_ms = x->conf.rto_initial_ms;
	x->ops = *ops;
	x->arg = arg;
	x->peer_rwin = xport_peer_rwin(conf->peer_rwin);
	/* Appendix A: CWND starts at 1, SSTHRESH at the peer's window. */
	x->cwnd = 1;
	x->ssthresh = x->peer_rwin;
	x->rto = x->conf.rto_initial_ms;

	while (ring < conf->rwin)
		ring <<= 1;
	x->reorder = calloc(ring, sizeof(*x->reorder));
	if (x->reorder == NULL)
		return -ENOMEM;
	x->reorder_mask = (uint16_t)(ring - 1);
	return 0;
}

static void
xport_free_sendq(struct l2tp_xport *x)
{
	struct l2tp_xport_msg *m;

	while ((m = TAILQ_FIRST(&x->sendq)) != NULL) {
		TAILQ_REMOVE(&x->sendq, m, next);
		free(m);
	}
	x->tx_next = NULL;
	x->queued = 0;
	x->inflight = 0;
}

void
l2tp_xport_fini(struct l2tp_xport *x)
{
	uint32_t i;

	xport_free_sendq(x);
	if (x->reorder != NULL) {
		for (i = 0; i <= x->reorder_mask; i++)
			free(x->reorder[i].buf);
		free(x->reorder);
		x->reorder = NULL;
	}
	x->reorder_held = 0;
	x->ack_pending = false;
}

void
l2tp_xport_set_peer_tunnel(struct l2tp_xport *x, uint16_t tunnel_id)
{
	x->peer_tunnel_id = tunnel_id;
}

#define XPORT_MAX_U16(a, b) ((uint16_t)((a) > (b) ? (a) : (b)))

/* Transmit m with the current Nr, which also acknowledges (§5.8). */
static void
xport_xmit(struct l2tp_xport *x, struct l2tp_xport_msg *m)
{
	lns_put_be16(m->buf + L2TP_XPORT_NS_OFF, m->ns);
	lns_put_be16(m->buf + L2TP_XPORT_NR_OFF, x->nr);
	x->ack_pending = false;
	x->rx_unacked = 0;
	if (x->ops.send(x->arg, m->buf, m->len) < 0)
		x->stats.send_errors++;
}

/* §5.8 ZLB ACK: header only, Ns not consumed, Nr = next expected. */
static void
xport_send_zlb(struct l2tp_xport *x)
{
	struct l2tp_hdr h = {
		.flags = LNS_L2TP_T | LNS_L2TP_L | LNS_L2TP_S,
		.length = LNS_L2TP_CTRL_HDR_LEN,
		.tunnel_id = x->peer_tunnel_id,
		.session_id = 0,
		.ns = x->ns,
		.nr = x->nr,
	};
	uint8_t buf[LNS_L2TP_CTRL_HDR_LEN];

	if (l2tp_hdr_encode(&h, buf, sizeof(buf)) != LNS_L2TP_CTRL_HDR_LEN)
		return;
	x->ack_pending = false;
	x->rx_unacked = 0;
	x->stats.zlb_sent++;
	if (x->ops.send(x->arg, buf, sizeof(buf)) < 0)
		x->stats.send_errors++;
}

/* Send queued messages while the window allows (§5.8, Appendix A). */
static void
xport_pump(struct l2tp_xport *x, uint64_t now)
{
	uint32_t limit = x->cwnd < x->peer_rwin ? x->cwnd : x->peer_rwin;
	struct l2tp_xport_msg *m;

	while ((m = x->tx_next) != NULL && x->inflight < limit) {
		if (m->has_ns) {
			x->stats.retransmitted++;
		} else {
			m->ns = x->ns++;
			m->has_ns = true;
			x->stats.sent++;
		}
		x->tx_next = TAILQ_NEXT(m, next);
		if (x->inflight++ == 0)
			x->rtx_deadline = now + x->rto;
		xport_xmit(x, m);
	}
}

int
l2tp_xport_set_peer_window(struct l2tp_xport *x, uint16_t rwin, uint64_t now)
{
	if (rwin == 0)
		return -EINVAL;
	x->peer_rwin = xport_peer_rwin(rwin);
	/* Appendix A: SSTHRESH starts at, and CWND never exceeds, it. */
	x->ssthresh = x->peer_rwin;
	if (x->cwnd > x->peer_rwin)
		x->cwnd = x->peer_rwin;
	if (!x->dead)
		xport_pump(x, now);
	return 0;
}

int
l2tp_xport_send(struct l2tp_xport *x, const uint8_t *msg, size_t len,
    uint64_t now)
{
	struct l2tp_xport_msg *m;
	uint16_t flags;

	if (x->dead)
		return -EPIPE;
	/* A control header (§3.1) with a body: ZLBs take no Ns (§5.8). */
	if (msg == NULL || len <= LNS_L2TP_CTRL_HDR_LEN || len > UINT16_MAX)
		return -EINVAL;
	flags = lns_get_be16(msg);
	if ((flags & (LNS_L2TP_T | LNS_L2TP_L | LNS_L2TP_S | LNS_L2TP_O)) !=
	    (LNS_L2TP_T | LNS_L2TP_L | LNS_L2TP_S) ||
	    (flags & LNS_L2TP_VER_MASK) != LNS_L2TP_VERSION ||
	    lns_get_be16(msg + 2) != len)
		return -EINVAL;
	if (x->queued >= x->conf.max_queue)
		return -ENOBUFS;

	m = malloc(sizeof(*m) + len);
	if (m == NULL)
		return -ENOMEM;
	m->ns = 0;
	m->has_ns = false;
	m->len = len;
	memcpy(m->buf, msg, len);
	TAILQ_INSERT_TAIL(&x->sendq, m, next);
	x->queued++;
	if (x->tx_next == NULL)
		x->tx_next = m;
	xport_pump(x, now);
	return 0;
}

/* Appendix A: one acknowledged message opens the congestion window. */
static void
xport_cwnd_open(struct l2tp_xport *x)
{
	if (x->cwnd < x->ssthresh) {
		x->cwnd++;			/* slow start */
	} else if (++x->cwnd_acks >= x->cwnd) {
		x->cwnd++;			/* congestion avoidance */
		x->cwnd_acks = 0;
	}
	if (x->cwnd > x->peer_rwin)
		x->cwnd = x->peer_rwin;
}

/*
 * §5.8: Nr is the next Ns the peer expects, so every queued message with
 * Ns before it has been received. An Nr behind snd_una is a stale ack
 * (reordered or duplicated datagram) and means nothing; one beyond the
 * last Ns we transmitted acknowledges something never sent: counted and
 * ignored.
 */
/* Does nr acknowledge only what we sent (a stale value does)? */
static bool
xport_nr_sane(const struct l2tp_xport *x, uint16_t nr)
{
	return l2tp_xport_seq_before(nr, x->snd_una) ||
	    (uint16_t)(nr - x->snd_una) <= (uint16_t)(x->ns - x->snd_una);
}

static void
xport_ack(struct l2tp_xport *x, uint16_t nr, uint64_t now)
{
	uint16_t n = (uint16_t)(nr - x->snd_una);
	struct l2tp_xport_msg *m;

	if (!xport_nr_sane(x, nr)) {
		x->stats.bad_nr++;
		return;
	}
	if (n == 0 || l2tp_xport_seq_before(nr, x->snd_una))
		return;
	while (n-- > 0) {
		m = TAILQ_FIRST(&x->sendq);
		/* Entries past tx_next were sent before a go-back. */
		if (m == x->tx_next)
			x->tx_next = TAILQ_NEXT(m, next);
		else
			x->inflight--;
		TAILQ_REMOVE(&x->sendq, m, next);
		x->queued--;
		free(m);
		xport_cwnd_open(x);
	}
	x->snd_una = nr;
	/* A new oldest message: fresh timer and retry budget. */
	x->retries = 0;
	x->rto = x->conf.rto_initial_ms;
	if (x->inflight > 0)
		x->rtx_deadline = now + x->rto;
}

static void
xport_ack_later(struct l2tp_xport *x, uint64_t now)
{
	x->rx_unacked++;
	if (!x->ack_pending) {
		x->ack_pending = true;
		x->ack_deadline = now + x->conf.ack_delay_ms;
	}
}

/* Deliver msg (Ns == nr), then the held messages that now follow it. */
static int
xport_deliver(struct l2tp_xport *x, const uint8_t *msg, size_t len,
    uint64_t now)
{
	struct l2tp_xport_slot *s;
	uint8_t *held = NULL;
	int n = 0;

	for (;;) {
		/*
		 * Advance Nr and owe an ack before the FSM runs, so that a
		 * reply sent from the callback carries it (§5.8 piggyback).
		 */
		x->nr++;
		xport_ack_later(x, now);
		x->stats.delivered++;
		n++;
		x->ops.deliver(x->arg, msg, len);
		free(held);

		s = &x->reorder[x->nr & x->reorder_mask];
		if (s->buf == NULL || s->ns != x->nr)
			return n;
		held = s->buf;
		msg = held;
		len = s->len;
		s->buf = NULL;
		x->reorder_held--;
	}
}

/* §5.8: out-of-order messages "may be queued for in-order delivery". */
static void
xport_hold(struct l2tp_xport *x, uint16_t ns, const uint8_t *msg, size_t len)
{
	struct l2tp_xport_slot *s = &x->reorder[ns & x->reorder_mask];
	uint8_t *buf;

	if (s->buf != NULL) {
		/* Only this Ns maps here while inside the window. */
		x->stats.duplicates++;
		return;
	}
	buf = malloc(len > 0 ? len : 1);
	if (buf == NULL) {
		/* Dropped: the peer's retransmission brings it back. */
		x->stats.no_memory++;
		return;
	}
	if (len > 0)
		memcpy(buf, msg, len);
	s->buf = buf;
	s->len = len;
	s->ns = ns;
	x->reorder_held++;
	x->stats.out_of_order++;
}

int
l2tp_xport_input(struct l2tp_xport *x, uint16_t ns, uint16_t nr,
    bool is_zlb, const uint8_t *msg, size_t len, uint64_t now)
{
	uint16_t ahead;
	int n = 0;

	if (x->dead)
		return -EPIPE;
	if (!is_zlb && msg == NULL)
		return -EINVAL;

	/* §5.8: a ZLB's Nr flushes our queue too, its Ns changes nothing. */
	xport_ack(x, nr, now);
	if (is_zlb) {
		x->stats.zlb_received++;
	} else {
		x->stats.received++;
		ahead = (uint16_t)(ns - x->nr);
		if (ahead == 0) {
			n = xport_deliver(x, msg, len, now);
		} else if (l2tp_xport_seq_before(ns, x->nr)) {
			/*
			 * §5.8: duplicates are not processed but MUST be
			 * acknowledged: our ack was evidently lost, so do
			 * not wait for the delay.
			 */
			x->stats.duplicates++;
			xport_send_zlb(x);
		} else if (ahead < x->conf.rwin) {
			xport_hold(x, ns, msg, len);
		} else {
			x->stats.out_of_window++;
		}
	}
	/* Acks may have opened the window; new messages carry Nr. */
	if (!x->dead)
		xport_pump(x, now);
	if (x->ack_pending && (x->conf.ack_delay_ms == 0 ||
	    x->rx_unacked >= XPORT_MAX_U16(x->conf.rwin / 2, 1)))
		xport_send_zlb(x);
	return n;
}

bool
l2tp_xport_in_order(const struct l2tp_xport *x, uint16_t ns, uint16_t nr,
    bool is_zlb)
{
	return !x->dead && !is_zlb && ns == x->nr && xport_nr_sane(x, nr);
}

void
l2tp_xport_timer(struct l2tp_xport *x, uint64_t now)
{
	if (x->dead)
		return;
	if (x->inflight > 0 && now >= x->rtx_deadline) {
		if (x->retries >= x->conf.max_retries) {
			/*
			 * §5.8: no response after the retransmissions, the
			 * tunnel and all its sessions MUST be cleared. The
			 * callback comes last: it may free x.
			 */
			x->dead = true;
			x->ack_pending = false;
			if (x->ops.dead != NULL)
				x->ops.dead(x->arg);
			return;
		}
		x->retries++;
		/* Appendix A: on retransmission, halve and restart. */
		x->ssthresh = x->cwnd / 2 > 1 ? x->cwnd / 2 : 1;
		x->cwnd = 1;
		x->cwnd_acks = 0;
		/* §5.8: exponential back-off, capped. */
		x->rto = x->rto > x->conf.rto_max_ms / 2 ?
		    x->conf.rto_max_ms : x->rto * 2;
		/* Go back to the oldest; the window lets only it out now. */
		x->tx_next = TAILQ_FIRST(&x->sendq);
		x->inflight = 0;
		xport_pump(x, now);
	}
	if (x->ack_pending && now >= x->ack_deadline)
		xport_send_zlb(x);
}

uint64_t
l2tp_xport_next_deadline(const struct l2tp_xport *x)
{
	uint64_t t = L2TP_XPORT_NO_DEADLINE;

	if (x->dead)
		return t;
	if (x->inflight > 0)
		t = x->rtx_deadline;
	if (x->ack_pending && x->ack_deadline < t)
		t = x->ack_deadline;
	return t;
}

void
l2tp_xport_ack_now(struct l2tp_xport *x)
{
	if (!x->dead && x->ack_pending)
		xport_send_zlb(x);
}

bool
l2tp_xport_all_acked(const struct l2tp_xport *x)
{
	return x->queued == 0;
}

void
l2tp_xport_flush(struct l2tp_xport *x)
{
	xport_free_sendq(x);
	/* Nothing is owed any more: later Nr values up to ns are stale. */
	x->snd_una = x->ns;
	x->retries = 0;
	x->rto = x->conf.rto_initial_ms;
}

uint64_t
l2tp_xport_cycle_ms(const struct l2tp_xport_conf *conf)
{
	uint64_t rto = conf->rto_initial_ms, total = 0;
	uint64_t cap = conf->rto_max_ms > rto ? conf->rto_max_ms : rto;
	uint32_t i;

	/* First interval, then one per retransmission (§5.8). */
	for (i = 0; i <= conf->max_retries; i++) {
		total += rto;
		rto = rto * 2 > cap ? cap : rto * 2;
	}
	return total;
}
