/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests for the L2TPv2 reliable control transport: RFC 2661 §5.8
 * (Ns/Nr, ZLB, duplicates, back-off, window) and Appendix A (slow start,
 * congestion avoidance), ending with two transports over a lossy wire.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "l2tp_hdr.h"
#include "l2tp_proto.h"
#include "l2tp_xport.h"
#include "lns_bytes.h"

#define MSG_LEN		30	/* header + Message Type + Call Serial AVPs */
#define MAX_TX		512
#define MAX_RX		512

/* One endpoint: the transport plus what its callbacks saw. */
struct peer {
	struct l2tp_xport x;
	struct {
		uint64_t t;
		uint16_t ns, nr, tid;
		bool zlb;
		uint32_t id;
	} tx[MAX_TX];
	int ntx;
	uint8_t last[MSG_LEN];	/* last datagram sent */
	size_t last_len;
	uint32_t rx[MAX_RX];	/* ids delivered, in order */
	int nrx;
	int dead;
	uint32_t reply_id;	/* nonzero: answer every delivery with it */
	void *wire;		/* lossy wire test */
	int side;
};

static uint64_t now;

static uint32_t
msg_id(const uint8_t *buf, size_t len)
{
	return len >= MSG_LEN ? lns_get_be32(buf + 26) : 0;
}

/* A HELLO-shaped control message carrying id in a Call Serial AVP. */
static size_t
make_msg(uint8_t *p, uint32_t id)
{
	memset(p, 0, MSG_LEN);
	lns_put_be16(p, LNS_L2TP_T | LNS_L2TP_L | LNS_L2TP_S | LNS_L2TP_VERSION);
	lns_put_be16(p + 2, MSG_LEN);
	lns_put_be16(p + 4, 0x1234);		/* peer's tunnel id */
	lns_put_be16(p + 8, 0xdead);		/* Ns/Nr: the transport's */
	lns_put_be16(p + 10, 0xbeef);
	lns_put_be16(p + 12, L2TP_AVP_M | 8);
	lns_put_be16(p + 16, L2TP_AVP_MESSAGE_TYPE);
	lns_put_be16(p + 18, L2TP_MSG_HELLO);
	lns_put_be16(p + 20, L2TP_AVP_M | 10);
	lns_put_be16(p + 24, L2TP_AVP_CALL_SERIAL);
	lns_put_be32(p + 26, id);
	return MSG_LEN;
}

static void wire_send(struct peer *p, const uint8_t *buf, size_t len);

static int
cb_send(void *arg, const uint8_t *buf, size_t len)
{
	struct peer *p = arg;
	struct l2tp_hdr h;

	assert_int_equal(l2tp_hdr_decode(&h, buf, len), 0);
	assert_true(l2tp_hdr_is_ctrl(&h));
	assert_int_equal(h.length, len);
	assert_true(len <= MSG_LEN);
	memcpy(p->last, buf, len);
	p->last_len = len;
	if (p->ntx < MAX_TX) {
		p->tx[p->ntx].t = now;
		p->tx[p->ntx].ns = h.ns;
		p->tx[p->ntx].nr = h.nr;
		p->tx[p->ntx].tid = h.tunnel_id;
		p->tx[p->ntx].zlb = l2tp_hdr_payload_len(&h) == 0;
		p->tx[p->ntx].id = msg_id(buf, len);
		p->ntx++;
	}
	if (p->wire != NULL)
		wire_send(p, buf, len);
	return 0;
}

static void
cb_deliver(void *arg, const uint8_t *msg, size_t len)
{
	struct peer *p = arg;
	uint8_t buf[MSG_LEN];

	assert_true(p->nrx < MAX_RX);
	p->rx[p->nrx++] = msg_id(msg, len);
	if (p->reply_id != 0) {
		make_msg(buf, p->reply_id);
		assert_int_equal(l2tp_xport_send(&p->x, buf, MSG_LEN, now), 0);
	}
}

static void
cb_dead(void *arg)
{
	struct peer *p = arg;

	p->dead++;
}

static const struct l2tp_xport_ops ops = {
	.send = cb_send,
	.deliver = cb_deliver,
	.dead = cb_dead,
};

static void
peer_init(struct peer *p, const struct l2tp_xport_conf *conf)
{
	memset(p, 0, sizeof(*p));
	assert_int_equal(l2tp_xport_init(&p->x, conf, &ops, p), 0);
	l2tp_xport_set_peer_tunnel(&p->x, 0x1234);
	now = 0;
}

static int
send_id(struct peer *p, uint32_t id)
{
	uint8_t buf[MSG_LEN];

	make_msg(buf, id);
	return l2tp_xport_send(&p->x, buf, MSG_LEN, now);
}

/* A message from the peer with the given Ns/Nr. */
static int
input_id(struct peer *p, uint16_t ns, uint16_t nr, uint32_t id)
{
	uint8_t buf[MSG_LEN];

	make_msg(buf, id);
	return l2tp_xport_input(&p->x, ns, nr, false, buf, MSG_LEN, now);
}

static int
input_zlb(struct peer *p, uint16_t ns, uint16_t nr)
{
	return l2tp_xport_input(&p->x, ns, nr, true, NULL, 0, now);
}

static struct peer a, b;	/* big: keep them off the stack */

#define EQ(x, y)	assert_int_equal((x), (y))
#define OK(e)		assert_int_equal((e), 0)

/* Datagram i sent by p. */
static void
tx_is(const struct peer *p, int i, uint16_t ns, uint16_t nr, bool zlb)
{
	assert_true(i < p->ntx);
	EQ(p->tx[i].ns, ns);
	EQ(p->tx[i].nr, nr);
	EQ(p->tx[i].zlb, zlb);
	EQ(p->tx[i].tid, 0x1234);
}

/* p delivered exactly n messages, ids first, first + 1, ... */
static void
rx_are(const struct peer *p, int n, uint32_t first)
{
	int i;

	EQ(p->nrx, n);
	for (i = 0; i < n; i++)
		EQ(p->rx[i], first + (uint32_t)i);
}

/* Advance to t (or to p's next deadline if t is 0) and run the timer. */
static void
run_to(struct peer *p, uint64_t t)
{
	now = t != 0 ? t : l2tp_xport_next_deadline(&p->x);
	l2tp_xport_timer(&p->x, now);
}

/* ---- basic exchange and acknowledgement ---- */

static void
test_inorder_exchange(void **state)
{
	peer_init(&a, NULL);
	peer_init(&b, NULL);
	b.reply_id = 100;

	/* A -> B: Ns 0, Nr 0. B replies from its deliver callback. */
	OK(send_id(&a, 1));
	EQ(a.ntx, 1);
	tx_is(&a, 0, 0, 0, false);
	EQ(input_id(&b, 0, 0, 1), 1);
	rx_are(&b, 1, 1);
	/* The reply piggybacks Nr 1: no ack is owed any more. */
	EQ(b.ntx, 1);
	tx_is(&b, 0, 0, 1, false);
	EQ(b.tx[0].id, 100);
	assert_false(b.x.ack_pending);

	/* A takes the ack and the reply; its queue is empty. */
	now = 10;
	EQ(input_id(&a, 0, 1, 100), 1);
	rx_are(&a, 1, 100);
	assert_true(l2tp_xport_all_acked(&a.x));
	EQ(a.x.snd_una, 1);
	EQ(a.x.ns, 1);
	EQ(a.x.nr, 1);
	/* A has nothing to say: a ZLB (Ns 1, Nr 1) after the delay. */
	EQ(l2tp_xport_next_deadline(&a.x), 10 + L2TP_XPORT_ACK_DELAY_MS);
	run_to(&a, 0);
	EQ(a.ntx, 2);
	tx_is(&a, 1, 1, 1, true);
	OK(input_zlb(&b, 1, 1));
	assert_true(l2tp_xport_all_acked(&b.x));
	EQ(l2tp_xport_next_deadline(&b.x), L2TP_XPORT_NO_DEADLINE);

	EQ(a.x.stats.sent, 1);
	EQ(a.x.stats.received, 1);
	EQ(a.x.stats.delivered, 1);
	EQ(a.x.stats.zlb_sent, 1);
	EQ(b.x.stats.zlb_received, 1);
	EQ(a.x.stats.retransmitted + b.x.stats.retransmitted, 0);
	l2tp_xport_fini(&a.x);
	l2tp_xport_fini(&b.x);
}

static void
test_ack_removes_from_queue(void **state)
{
	peer_init(&a, NULL);
	OK(send_id(&a, 1));
	OK(send_id(&a, 2));
	OK(send_id(&a, 3));
	/* Appendix A: cwnd 1, so one message in flight. */
	EQ(a.ntx, 1);
	EQ(a.x.queued, 3);
	EQ(a.x.inflight, 1);

	/* A stale Nr (0) changes nothing; Nr 1 frees Ns 0. */
	OK(input_zlb(&a, 0, 0));
	EQ(a.x.queued, 3);
	now = 5;
	OK(input_zlb(&a, 0, 1));
	EQ(a.x.queued, 2);
	EQ(a.x.snd_una, 1);
	/* cwnd 2 now: Ns 1 and 2 leave, the timer restarts. */
	EQ(a.ntx, 3);
	tx_is(&a, 1, 1, 0, false);
	tx_is(&a, 2, 2, 0, false);
	EQ(l2tp_xport_next_deadline(&a.x), 5 + 1000);
	/* A cumulative Nr 3 frees both. */
	OK(input_zlb(&a, 0, 3));
	assert_true(l2tp_xport_all_acked(&a.x));
	EQ(a.x.inflight, 0);
	EQ(l2tp_xport_next_deadline(&a.x), L2TP_XPORT_NO_DEADLINE);
	EQ(a.x.stats.zlb_received, 3);

	/* Ns 3..5 out (cwnd 4): Nr 7 acknowledges an Ns never sent. */
	OK(send_id(&a, 4));
	OK(send_id(&a, 5));
	OK(send_id(&a, 6));
	EQ(a.x.inflight, 3);
	OK(input_zlb(&a, 0, 7));
	OK(input_zlb(&a, 0, 30000));
	EQ(a.x.stats.bad_nr, 2);
	EQ(a.x.queued, 3);
	/* 40000 is "before" 3 modulo 2^16: a stale ack, not a bad one. */
	OK(input_zlb(&a, 0, 40000));
	EQ(a.x.stats.bad_nr, 2);
	/* The Ns part of a message with a bad Nr is still processed. */
	EQ(input_id(&a, 0, 9, 9), 1);
	EQ(a.x.stats.bad_nr, 3);
	rx_are(&a, 1, 9);
	l2tp_xport_fini(&a.x);
}

static void
test_piggybacked_nr(void **state)
{
	peer_init(&a, NULL);
	OK(send_id(&a, 1));
	/* The peer's own message acknowledges ours (Nr 1). */
	now = 30;
	EQ(input_id(&a, 0, 1, 50), 1);
	assert_true(l2tp_xport_all_acked(&a.x));
	assert_true(a.x.ack_pending);
	/* Our next message carries Nr 1, so no ZLB follows. */
	now = 80;
	OK(send_id(&a, 2));
	EQ(a.ntx, 2);
	tx_is(&a, 1, 1, 1, false);
	assert_false(a.x.ack_pending);
	run_to(&a, 130);
	EQ(a.ntx, 2);
	EQ(a.x.stats.zlb_sent, 0);
	l2tp_xport_fini(&a.x);
}

static void
test_zlb_after_delay(void **state)
{
	static const uint8_t want[LNS_L2TP_CTRL_HDR_LEN] = { 0xc8, 0x02, 0x00,
	    0x0c, 0x12, 0x34, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 };

	peer_init(&a, NULL);
	now = 1000;
	EQ(input_id(&a, 0, 0, 7), 1);
	EQ(l2tp_xport_next_deadline(&a.x), 1100);
	run_to(&a, 1099);
	EQ(a.ntx, 0);
	run_to(&a, 1100);
	EQ(a.ntx, 1);
	/* Ns 0: a ZLB does not consume a sequence number (§5.8). */
	tx_is(&a, 0, 0, 1, true);
	EQ(a.x.ns, 0);
	EQ(l2tp_xport_next_deadline(&a.x), L2TP_XPORT_NO_DEADLINE);
	/* Byte for byte: T, L, S, Ver 2, Length 12, session 0 (§3.1). */
	EQ(a.last_len, LNS_L2TP_CTRL_HDR_LEN);
	assert_memory_equal(a.last, want, sizeof(want));
	/* A ZLB is never queued: it takes no sequence slot. */
	EQ(l2tp_xport_send(&a.x, want, sizeof(want), now), -EINVAL);

	/* ack_delay_ms 0: the ZLB leaves at the end of input. */
	l2tp_xport_fini(&a.x);
	peer_init(&a, NULL);
	a.x.conf.ack_delay_ms = 0;
	EQ(input_id(&a, 0, 0, 7), 1);
	EQ(a.ntx, 1);
	tx_is(&a, 0, 0, 1, true);
	l2tp_xport_fini(&a.x);
}

/* Half our window delivered without an ack: the ZLB goes at once. */
static void
test_zlb_at_half_window(void **state)
{
	uint16_t i, half;

	peer_init(&a, NULL);
	half = a.x.conf.rwin / 2;
	now = 1000;
	for (i = 0; i + 1 < half; i++)
		EQ(input_id(&a, i, 0, 100 + i), 1);
	EQ(a.ntx, 0);			/* still within the ack delay */
	EQ(input_id(&a, half - 1, 0, 100 + half - 1), 1);
	EQ(a.ntx, 1);
	tx_is(&a, 0, 0, half, true);
	/* The count starts again after the ack. */
	EQ(input_id(&a, half, 0, 200), 1);
	EQ(a.ntx, 1);
	run_to(&a, 1100);
	EQ(a.ntx, 2);
	tx_is(&a, 1, 0, half + 1, true);
	l2tp_xport_fini(&a.x);
}

static void
test_no_zlb_when_reply_in_time(void **state)
{
	peer_init(&a, NULL);
	EQ(input_id(&a, 0, 0, 7), 1);
	now = 50;
	OK(send_id(&a, 8));
	tx_is(&a, 0, 0, 1, false);
	/* Only the retransmission timer is left. */
	EQ(l2tp_xport_next_deadline(&a.x), 50 + 1000);
	run_to(&a, 100);
	run_to(&a, 200);
	EQ(a.ntx, 1);

	/* A reply from the deliver callback: no ZLB even with no delay. */
	a.x.conf.ack_delay_ms = 0;
	a.reply_id = 70;
	EQ(input_id(&a, 1, 1, 8), 1);
	EQ(a.ntx, 2);
	tx_is(&a, 1, 1, 2, false);
	EQ(a.x.stats.zlb_sent, 0);
	l2tp_xport_fini(&a.x);
}

/* ---- receive side ---- */

static void
test_duplicate_reacked(void **state)
{
	peer_init(&a, NULL);
	EQ(input_id(&a, 0, 0, 1), 1);
	run_to(&a, 150);			/* the ZLB, lost */
	EQ(a.x.stats.zlb_sent, 1);

	/* §5.8: the peer resends; ack at once, deliver nothing. */
	now = 1000;
	OK(input_id(&a, 0, 0, 1));
	rx_are(&a, 1, 1);
	EQ(a.x.stats.duplicates, 1);
	EQ(a.ntx, 2);
	tx_is(&a, 1, 0, 1, true);
	EQ(a.tx[1].t, 1000);
	/* 32768 behind is still "before" (§5.8: the 32767 preceding). */
	OK(input_id(&a, (uint16_t)(1 - 32768), 0, 1));
	EQ(a.x.stats.duplicates, 2);
	EQ(a.nrx, 1);
	l2tp_xport_fini(&a.x);
}

static void
test_reorder(void **state)
{
	peer_init(&a, NULL);
	/* 2 and 3 (Ns 1, 2) arrive before 1 (Ns 0); 3 twice. */
	OK(input_id(&a, 1, 0, 2));
	OK(input_id(&a, 2, 0, 3));
	OK(input_id(&a, 2, 0, 3));
	EQ(a.nrx, 0);
	EQ(a.x.reorder_held, 2);
	EQ(a.x.stats.out_of_order, 2);
	EQ(a.x.stats.duplicates, 1);
	/* Nothing new to acknowledge while the gap is open. */
	assert_false(a.x.ack_pending);

	EQ(input_id(&a, 0, 0, 1), 3);
	rx_are(&a, 3, 1);
	EQ(a.x.nr, 3);
	EQ(a.x.reorder_held, 0);
	assert_true(a.x.ack_pending);
	/* Late copies: duplicates, still delivered once. */
	OK(input_id(&a, 1, 0, 2));
	OK(input_id(&a, 2, 0, 3));
	EQ(a.nrx, 3);
	EQ(a.x.stats.delivered, 3);
	EQ(a.x.stats.duplicates, 3);
	l2tp_xport_fini(&a.x);
}

static void
test_out_of_window(void **state)
{
	struct l2tp_xport_conf c;

	l2tp_xport_conf_default(&c);
	c.rwin = 4;
	peer_init(&a, &c);
	/* Window 4: Ns 0 in order, 1..3 may wait, 4 and on are dropped. */
	OK(input_id(&a, 4, 0, 5));
	OK(input_id(&a, 30000, 0, 9));
	EQ(a.x.stats.out_of_window, 2);
	OK(input_id(&a, 3, 0, 4));
	EQ(a.x.stats.out_of_order, 1);
	EQ(input_id(&a, 0, 0, 1), 1);
	/* Dropped 4 comes again once it fits. */
	OK(input_id(&a, 4, 0, 5));
	EQ(a.x.stats.out_of_order, 2);
	EQ(input_id(&a, 1, 0, 2), 1);
	EQ(input_id(&a, 2, 0, 3), 3);
	rx_are(&a, 5, 1);
	/* Held messages left at fini are freed (valgrind checks). */
	OK(input_id(&a, 7, 0, 8));
	EQ(a.x.reorder_held, 1);
	l2tp_xport_fini(&a.x);
}

/*
 * l2tp_xport_in_order(): exactly the datagrams input delivers at once,
 * with an Nr that acknowledges only what was sent; no side effect.
 */
static void
test_in_order(void **state)
{
	struct l2tp_xport_conf c;

	l2tp_xport_conf_default(&c);
	c.rwin = 4;
	peer_init(&a, &c);
	OK(send_id(&a, 1));			/* our Ns 0 is in flight */
	assert_true(l2tp_xport_in_order(&a.x, 0, 0, false));
	assert_true(l2tp_xport_in_order(&a.x, 0, 1, false));	/* acks it */
	assert_true(l2tp_xport_in_order(&a.x, 0, 0xffff, false)); /* stale */
	assert_false(l2tp_xport_in_order(&a.x, 0, 2, false));	/* never sent */
	assert_false(l2tp_xport_in_order(&a.x, 0, 0, true));	/* a ZLB */
	assert_false(l2tp_xport_in_order(&a.x, 1, 0, false));	/* held */
	assert_false(l2tp_xport_in_order(&a.x, 4, 0, false));	/* window */
	assert_false(l2tp_xport_in_order(&a.x, 30000, 0, false));
	EQ(a.x.stats.received, 0);		/* nothing was touched */
	EQ(input_id(&a, 0, 1, 1), 1);
	/* Now Ns 0 is a duplicate and Ns 1 the next one. */
	assert_false(l2tp_xport_in_order(&a.x, 0, 1, false));
	assert_true(l2tp_xport_in_order(&a.x, 1, 1, false));
	/* Held then delivered by its predecessor: never in order itself. */
	assert_false(l2tp_xport_in_order(&a.x, 2, 1, false));
	OK(input_id(&a, 2, 1, 3));
	EQ(input_id(&a, 1, 1, 2), 2);
	assert_true(l2tp_xport_in_order(&a.x, 3, 1, false));
	/* A dead transport takes nothing. */
	a.x.dead = true;
	assert_false(l2tp_xport_in_order(&a.x, 3, 1, false));
	l2tp_xport_fini(&a.x);
}

/* ---- retransmission and windows ---- */

static void
test_retransmit_backoff_dead(void **state)
{
	static const uint64_t want[] = { 0, 1000, 3000, 7000, 15000, 23000 };
	struct l2tp_xport_conf c;
	int i, n = 0;

	peer_init(&a, NULL);
	OK(send_id(&a, 1));
	run_to(&a, 1000);
	/* A peer message in between: retransmissions carry the new Nr. */
	now = 2000;
	EQ(input_id(&a, 0, 0, 5), 1);
	while (l2tp_xport_next_deadline(&a.x) != L2TP_XPORT_NO_DEADLINE) {
		run_to(&a, 0);
		assert_true(++n < 20);
	}
	EQ(a.dead, 1);
	EQ(now, 31000);
	l2tp_xport_conf_default(&c);
	EQ(l2tp_xport_cycle_ms(&c), 31000);

	/* 1, 2, 4, 8, 8 s (§5.8 back-off, 8 s cap), then dead after 8 s. */
	for (i = 0, n = 0; i < a.ntx; i++) {
		if (a.tx[i].zlb) {
			EQ(a.tx[i].t, 2000 + L2TP_XPORT_ACK_DELAY_MS);
			continue;
		}
		assert_true(n < 6);
		EQ(a.tx[i].t, want[n]);
		tx_is(&a, i, 0, n < 2 ? 0 : 1, false);
		n++;
	}
	EQ(n, 6);
	EQ(a.x.stats.retransmitted, 5);

	/* Dead: nothing more goes in or out. */
	EQ(send_id(&a, 2), -EPIPE);
	EQ(input_id(&a, 1, 1, 6), -EPIPE);
	run_to(&a, now + 100000);
	EQ(a.dead, 1);
	l2tp_xport_fini(&a.x);
}

/* Ack everything sent with one ZLB; return how many more went out. */
static int
ack_all(struct peer *p)
{
	int before = p->ntx;

	OK(input_zlb(p, 0, p->x.ns));
	return p->ntx - before;
}

/* Ack the oldest in-flight message only. */
static void
ack_one(struct peer *p)
{
	OK(input_zlb(p, 0, (uint16_t)(p->x.snd_una + 1)));
}

static void
test_window_limit(void **state)
{
	int i;

	peer_init(&a, NULL);			/* peer window 4 */
	for (i = 1; i <= 6; i++)
		OK(send_id(&a, i));
	/* cwnd 1: one out, five waiting. */
	EQ(a.ntx, 1);
	EQ(a.x.inflight, 1);
	/* Slow start: each acked message opens one more slot. */
	EQ(ack_all(&a), 2);
	EQ(a.x.cwnd, 2);
	EQ(ack_all(&a), 3);			/* cwnd 4 = window */
	EQ(a.x.cwnd, 4);
	EQ(a.x.inflight, 3);
	EQ(ack_all(&a), 0);
	assert_true(l2tp_xport_all_acked(&a.x));
	for (i = 0; i < 6; i++) {
		EQ(a.tx[i].ns, i);
		EQ(a.tx[i].id, i + 1);
	}

	/* The peer's window caps the flight even with a bigger cwnd. */
	for (i = 7; i <= 16; i++)
		OK(send_id(&a, i));
	EQ(a.x.inflight, 4);
	OK(l2tp_xport_set_peer_window(&a.x, 2, now));
	EQ(a.x.cwnd, 2);
	EQ(ack_all(&a), 2);
	while (!l2tp_xport_all_acked(&a.x)) {
		EQ(a.x.inflight, 2);
		assert_true(ack_all(&a) <= 2);
	}
	EQ(a.ntx, 16);
	EQ(a.x.stats.sent, 16);
	EQ(a.x.stats.retransmitted, 0);
	EQ(l2tp_xport_set_peer_window(&a.x, 0, now), -EINVAL);
	OK(l2tp_xport_set_peer_window(&a.x, 65535, now));
	EQ(a.x.peer_rwin, L2TP_XPORT_PEER_RWIN_MAX);
	l2tp_xport_fini(&a.x);
}

static void
test_slow_start_and_timeout(void **state)
{
	static const uint16_t ss[] = { 2, 3, 4, 5, 6, 7, 8, 8 };
	int i, sent;

	peer_init(&a, NULL);
	OK(l2tp_xport_set_peer_window(&a.x, 8, now));
	EQ(a.x.ssthresh, 8);
	for (i = 1; i <= 60; i++)
		OK(send_id(&a, i));
	/* Appendix A slow start: +1 per ack up to ssthresh, capped at 8. */
	for (i = 0; i < 8; i++) {
		ack_one(&a);
		EQ(a.x.cwnd, ss[i]);
		EQ(a.x.inflight, a.x.cwnd);
	}
	/* Timeout: ssthresh = cwnd / 2, cwnd = 1, only the oldest resent. */
	sent = a.ntx;
	run_to(&a, 0);
	EQ(a.x.ssthresh, 4);
	EQ(a.x.cwnd, 1);
	EQ(a.ntx, sent + 1);
	EQ(a.tx[sent].ns, a.x.snd_una);
	EQ(a.x.stats.retransmitted, 1);

	/* Slow start again to 4, then congestion avoidance: +1 per cwnd. */
	for (i = 2; i <= 4; i++) {
		ack_one(&a);
		EQ(a.x.cwnd, i);
	}
	for (i = 0; i < 4 + 5; i++) {
		EQ(a.x.cwnd, i < 4 ? 4 : 5);
		ack_one(&a);
	}
	EQ(a.x.cwnd, 6);
	/* Two timeouts in a row: ssthresh bottoms out at 1. */
	run_to(&a, 0);
	EQ(a.x.ssthresh, 3);
	run_to(&a, 0);
	EQ(a.x.ssthresh, 1);
	EQ(a.x.cwnd, 1);
	l2tp_xport_fini(&a.x);
}

static void
test_go_back_after_timeout(void **state)
{
	int sent;

	peer_init(&a, NULL);
	OK(send_id(&a, 1));
	OK(send_id(&a, 2));
	OK(send_id(&a, 3));
	ack_one(&a);			/* cwnd 2: Ns 1, 2 out */
	EQ(a.x.inflight, 2);
	run_to(&a, 0);
	sent = a.ntx;
	EQ(a.tx[sent - 1].ns, 1);
	EQ(a.x.inflight, 1);
	/* The peer had held Ns 2: one ack covers both, 2 is not resent. */
	OK(input_zlb(&a, 0, 3));
	assert_true(l2tp_xport_all_acked(&a.x));
	EQ(a.ntx, sent);

	/*
	 * A peer that discards out-of-order messages: after the timeout
	 * only Ns 3 is resent; its ack alone reopens the window and Ns 4
	 * follows without waiting for a timer of its own.
	 */
	EQ(a.x.cwnd, 2);
	OK(send_id(&a, 4));
	OK(send_id(&a, 5));
	EQ(a.x.inflight, 2);
	run_to(&a, 0);
	EQ(a.tx[a.ntx - 1].ns, 3);
	EQ(a.x.inflight, 1);
	sent = a.ntx;
	ack_one(&a);
	EQ(a.ntx, sent + 1);
	EQ(a.tx[a.ntx - 1].ns, 4);
	EQ(a.x.stats.retransmitted, 3);
	ack_one(&a);
	assert_true(l2tp_xport_all_acked(&a.x));
	l2tp_xport_fini(&a.x);
}

static void
test_wraparound(void **state)
{
	uint32_t i;

	peer_init(&a, NULL);
	/* 65534 exchanges each way through the real API. */
	for (i = 0; i < 65534; i++) {
		OK(send_id(&a, i));
		EQ(input_id(&a, (uint16_t)i, (uint16_t)(i + 1), i), 1);
		a.ntx = 0;
		a.nrx = 0;
	}
	EQ(a.x.ns, 65534);
	EQ(a.x.snd_una, 65534);
	EQ(a.x.nr, 65534);
	EQ(a.x.cwnd, 4);

	/* Ns 65534, 65535, 0, 1 in flight across the wrap. */
	for (i = 0; i < 4; i++)
		OK(send_id(&a, i));
	EQ(a.ntx, 4);
	tx_is(&a, 1, 65535, 65534, false);
	tx_is(&a, 2, 0, 65534, false);
	tx_is(&a, 3, 1, 65534, false);
	OK(input_zlb(&a, 0, 0));		/* acks two */
	EQ(a.x.queued, 2);
	OK(input_zlb(&a, 0, 65535));		/* stale */
	OK(input_zlb(&a, 0, 3));		/* never sent */
	EQ(a.x.stats.bad_nr, 1);
	EQ(a.x.queued, 2);
	OK(input_zlb(&a, 0, 2));
	assert_true(l2tp_xport_all_acked(&a.x));

	/* Receive 0 and 65535 early, then 65534: all three in order. */
	OK(input_id(&a, 0, 2, 12));
	OK(input_id(&a, 65535, 2, 11));
	EQ(input_id(&a, 65534, 2, 10), 3);
	rx_are(&a, 3, 10);
	EQ(a.x.nr, 1);
	/* 65535 is now behind Nr 1: a duplicate. */
	OK(input_id(&a, 65535, 2, 11));
	EQ(a.x.stats.duplicates, 1);
	EQ(a.nrx, 3);
	assert_true(l2tp_xport_seq_before(65535, 0));
	assert_false(l2tp_xport_seq_before(0, 65535));
	assert_false(l2tp_xport_seq_before(5, 5));
	l2tp_xport_fini(&a.x);
}

/* ---- API edges and teardown ---- */

static void
test_validation(void **state)
{
	struct l2tp_xport_conf c;
	struct l2tp_xport_ops o = ops;
	uint8_t buf[MSG_LEN];

	l2tp_xport_conf_default(&c);
	c.rto_max_ms = 4000;		/* §5.8: cap MUST be >= 8 s */
	EQ(l2tp_xport_init(&a.x, &c, &ops, &a), -EINVAL);
	l2tp_xport_fini(&a.x);		/* safe after a failed init */
	/* A first interval above the cap raises the cap. */
	c.rto_initial_ms = 10000;
	c.rto_max_ms = 8000;
	OK(l2tp_xport_init(&a.x, &c, &ops, &a));
	EQ(a.x.conf.rto_max_ms, 10000);
	EQ(l2tp_xport_cycle_ms(&c), 6 * 10000);
	l2tp_xport_fini(&a.x);
	l2tp_xport_conf_default(&c);
	c.rwin = 0;
	EQ(l2tp_xport_init(&a.x, &c, &ops, &a), -EINVAL);
	l2tp_xport_conf_default(&c);
	c.peer_rwin = 0;		/* §5.8: window 0 is invalid */
	EQ(l2tp_xport_init(&a.x, &c, &ops, &a), -EINVAL);
	o.deliver = NULL;
	EQ(l2tp_xport_init(&a.x, NULL, &o, &a), -EINVAL);

	l2tp_xport_conf_default(&c);
	c.max_queue = 2;
	peer_init(&a, &c);
	make_msg(buf, 1);
	buf[0] &= (uint8_t)~0x80;	/* data message */
	EQ(l2tp_xport_send(&a.x, buf, MSG_LEN, 0), -EINVAL);
	make_msg(buf, 1);
	buf[0] |= 0x02;			/* O bit would move Ns/Nr */
	EQ(l2tp_xport_send(&a.x, buf, MSG_LEN, 0), -EINVAL);
	make_msg(buf, 1);
	EQ(l2tp_xport_send(&a.x, buf, MSG_LEN - 1, 0), -EINVAL);
	EQ(l2tp_xport_send(&a.x, NULL, MSG_LEN, 0), -EINVAL);
	EQ(l2tp_xport_input(&a.x, 0, 0, false, NULL, 0, 0), -EINVAL);
	OK(send_id(&a, 1));
	OK(send_id(&a, 2));
	EQ(send_id(&a, 3), -ENOBUFS);
	EQ(a.x.queued, 2);
	l2tp_xport_fini(&a.x);
	l2tp_xport_fini(&a.x);		/* idempotent */
}

static void
test_drain_and_flush(void **state)
{
	struct l2tp_xport_conf c;

	peer_init(&a, NULL);
	/* StopCCN-like: queue, wait for the ack, then linger a cycle. */
	OK(send_id(&a, 4));
	assert_false(l2tp_xport_all_acked(&a.x));
	OK(input_zlb(&a, 0, 1));
	assert_true(l2tp_xport_all_acked(&a.x));
	l2tp_xport_conf_default(&c);
	c.rto_max_ms = 16000;
	EQ(l2tp_xport_cycle_ms(&c), 1000 + 2000 + 4000 + 8000 + 16000 + 16000);

	/* A received StopCCN makes our queue moot: ack it, flush. */
	OK(send_id(&a, 5));
	OK(send_id(&a, 6));
	EQ(input_id(&a, 0, 0, 99), 1);
	l2tp_xport_ack_now(&a.x);		/* §5.7: ZLB for the StopCCN */
	tx_is(&a, a.ntx - 1, 3, 1, true);
	l2tp_xport_flush(&a.x);
	assert_true(l2tp_xport_all_acked(&a.x));
	EQ(l2tp_xport_next_deadline(&a.x), L2TP_XPORT_NO_DEADLINE);
	/* Its retransmission is still acknowledged; old Nr is stale. */
	now = 1000;
	OK(input_id(&a, 0, 1, 99));
	tx_is(&a, a.ntx - 1, 3, 1, true);
	EQ(a.x.stats.duplicates, 1);
	EQ(a.x.stats.bad_nr, 0);
	/* Sequence numbers carry on after a flush. */
	OK(send_id(&a, 7));
	tx_is(&a, a.ntx - 1, 3, 1, false);
	l2tp_xport_fini(&a.x);
}

/* ---- two transports over a lossy wire ---- */

#define WIRE_MAX	1024
#define SIM_MSGS	200
#define SIM_GAP_MS	20		/* the FSM queues one message per gap */
#define SIM_LIMIT_MS	(10 * 60 * 1000)	/* runs take 1-2 min */

struct wire {
	struct {
		uint64_t t;
		int to;
		size_t len;
		uint8_t buf[MSG_LEN];
	} pkt[WIRE_MAX];
	int n;
	uint32_t rng;
	uint64_t carried, dropped, duplicated;
};

static struct wire wire;

/* xorshift32: small, seeded, the same on every platform. */
static uint32_t
rnd(void)
{
	uint32_t v = wire.rng;

	v ^= v << 13;
	v ^= v >> 17;
	v ^= v << 5;
	wire.rng = v;
	return v;
}

/* Queue a copy arriving 1..50 ms from now: the spread reorders. */
static void
wire_put(int to, const uint8_t *buf, size_t len)
{
	assert_true(wire.n < WIRE_MAX);
	assert_true(len <= MSG_LEN);
	wire.pkt[wire.n].t = now + 1 + rnd() % 50;
	wire.pkt[wire.n].to = to;
	wire.pkt[wire.n].len = len;
	memcpy(wire.pkt[wire.n].buf, buf, len);
	wire.n++;
	wire.carried++;
}

/* 20 % lost, 10 % of the rest duplicated. */
static void
wire_send(struct peer *p, const uint8_t *buf, size_t len)
{
	if (rnd() % 100 < 20) {
		wire.dropped++;
		return;
	}
	wire_put(!p->side, buf, len);
	if (rnd() % 100 < 10) {
		wire.duplicated++;
		wire_put(!p->side, buf, len);
	}
}

static int
wire_earliest(void)
{
	int i, best = -1;

	for (i = 0; i < wire.n; i++)
		if (best < 0 || wire.pkt[i].t < wire.pkt[best].t)
			best = i;
	return best;
}

static uint64_t
min64(uint64_t x, uint64_t y)
{
	return x < y ? x : y;
}

static uint64_t
sim_run(uint32_t seed)
{
	struct peer *pp[2] = { &a, &b };
	struct l2tp_xport_conf c;
	uint8_t buf[MSG_LEN];
	struct l2tp_hdr h;
	uint64_t t;
	size_t len;
	int i, to, queued = 0;

	/*
	 * 20 % loss on both the message and its ack fails one attempt in
	 * about three; six failures in a row (the default limit of 5
	 * retransmissions) would hit some of 400 messages, so this run
	 * allows 10. Everything else is default, windows as advertised.
	 */
	l2tp_xport_conf_default(&c);
	c.max_retries = 10;
	peer_init(&a, &c);
	peer_init(&b, &c);
	memset(&wire, 0, sizeof(wire));
	wire.rng = seed;
	a.wire = &wire;
	b.wire = &wire;
	b.side = 1;
	assert_int_equal(l2tp_xport_set_peer_window(&a.x, c.rwin, 0), 0);
	assert_int_equal(l2tp_xport_set_peer_window(&b.x, c.rwin, 0), 0);

	while (a.nrx < SIM_MSGS || b.nrx < SIM_MSGS ||
	    !l2tp_xport_all_acked(&a.x) || !l2tp_xport_all_acked(&b.x)) {
		t = queued < SIM_MSGS ? (uint64_t)queued * SIM_GAP_MS :
		    L2TP_XPORT_NO_DEADLINE;
		t = min64(t, l2tp_xport_next_deadline(&a.x));
		t = min64(t, l2tp_xport_next_deadline(&b.x));
		if ((i = wire_earliest()) >= 0)
			t = min64(t, wire.pkt[i].t);
		assert_true(t != L2TP_XPORT_NO_DEADLINE);
		assert_true(t >= now);
		now = t;
		assert_true(now < SIM_LIMIT_MS);

		while (queued < SIM_MSGS &&
		    (uint64_t)queued * SIM_GAP_MS <= now) {
			queued++;
			assert_int_equal(send_id(&a, (uint32_t)queued), 0);
			assert_int_equal(send_id(&b, 1000 + (uint32_t)queued),
			    0);
		}
		while ((i = wire_earliest()) >= 0 && wire.pkt[i].t <= now) {
			to = wire.pkt[i].to;
			len = wire.pkt[i].len;
			memcpy(buf, wire.pkt[i].buf, len);
			wire.pkt[i] = wire.pkt[--wire.n];
			assert_int_equal(l2tp_hdr_decode(&h, buf, len), 0);
			assert_true(l2tp_xport_input(&pp[to]->x, h.ns, h.nr,
			    l2tp_hdr_payload_len(&h) == 0, buf, len, now) >= 0);
		}
		l2tp_xport_timer(&a.x, now);
		l2tp_xport_timer(&b.x, now);
	}

	/* Exactly once, in order, nobody gave up. */
	assert_int_equal(a.dead + b.dead, 0);
	assert_int_equal(a.nrx, SIM_MSGS);
	assert_int_equal(b.nrx, SIM_MSGS);
	for (i = 0; i < SIM_MSGS; i++) {
		assert_int_equal(b.rx[i], (uint32_t)i + 1);
		assert_int_equal(a.rx[i], 1000 + (uint32_t)i + 1);
	}
	assert_int_equal(a.x.stats.delivered, SIM_MSGS);
	assert_int_equal(b.x.stats.delivered, SIM_MSGS);
	assert_int_equal(a.x.stats.sent, SIM_MSGS);
	assert_int_equal(b.x.stats.sent, SIM_MSGS);
	assert_int_equal(a.x.stats.bad_nr + b.x.stats.bad_nr, 0);
	/* The wire did its worst and the transport noticed. */
	assert_true(wire.dropped > 0 && wire.duplicated > 0);
	assert_true(a.x.stats.retransmitted + b.x.stats.retransmitted > 0);
	assert_true(a.x.stats.duplicates + b.x.stats.duplicates > 0);
	assert_true(a.x.stats.out_of_order + b.x.stats.out_of_order > 0);

	printf("# seed %#x: %llu ms, %llu datagrams, %llu lost, %llu doubled, "
	    "%llu resent\n", seed, (unsigned long long)now,
	    (unsigned long long)wire.carried, (unsigned long long)wire.dropped,
	    (unsigned long long)wire.duplicated, (unsigned long long)
	    (a.x.stats.retransmitted + b.x.stats.retransmitted));
	l2tp_xport_fini(&a.x);
	l2tp_xport_fini(&b.x);
	return now;
}

static void
test_lossy_channel(void **state)
{
	static const uint32_t seeds[] = { 1, 0x2661, 0xdecafbad, 12345 };
	unsigned int i;

	for (i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++)
		sim_run(seeds[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inorder_exchange),
		cmocka_unit_test(test_ack_removes_from_queue),
		cmocka_unit_test(test_piggybacked_nr),
		cmocka_unit_test(test_zlb_after_delay),
		cmocka_unit_test(test_zlb_at_half_window),
		cmocka_unit_test(test_no_zlb_when_reply_in_time),
		cmocka_unit_test(test_duplicate_reacked),
		cmocka_unit_test(test_reorder),
		cmocka_unit_test(test_out_of_window),
		cmocka_unit_test(test_in_order),
		cmocka_unit_test(test_retransmit_backoff_dead),
		cmocka_unit_test(test_window_limit),
		cmocka_unit_test(test_slow_start_and_timeout),
		cmocka_unit_test(test_go_back_after_timeout),
		cmocka_unit_test(test_wraparound),
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_drain_and_flush),
		cmocka_unit_test(test_lossy_channel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
