/* SPDX-License-Identifier: BSD-3-Clause
 *
 * dataplane/dp_qos.c with a real EAL and a fake clock (dp_fwd_ctx.now in
 * TSC cycles of rte_get_tsc_hz()): the upstream policer and the
 * downstream shaper measured over simulated seconds, bursts and their
 * defaults, refill across a TSC wrap and after a long idle gap, MODIFY
 * keeping the queue and counters, FIFO and pool exhaustion, order, the
 * flush at DELETE and at stop, a lifted rate draining in order, the
 * counters' reset at ADD, dp_session_counters() counting only what
 * passed, and the hand-off to the owner worker. Every case ends with the
 * mbuf pools back to their baseline (leaks fail).
 */
#include "lns_ipv4.h"
#include "dp_fwd_harness.h"
#include "dp_qos.h"
#include "dp_seq.h"

static uint8_t in[2048];
static struct dp_qos *Q;
static struct dp_qos_worker W;
static uint64_t hz;

/* Fresh harness, and QoS with nb_fifo FIFOs for nb_workers workers. */
static int
qsetup(uint32_t nb_fifo, uint16_t nb_workers, uint32_t held_max)
{
	if (h_setup_tight(NULL) != 0)
		return -1;
	Q = dp_qos_create(16, nb_workers, nb_fifo, held_max, SOCKET_ID_ANY);
	if (Q == NULL)
		return -1;
	memset(&W, 0, sizeof(W));
	W.q = Q;
	H.ctx.qos = &W;
	H.ctx.now = 1000;
	dp_qos_set_global(Q, H.table);
	hz = rte_get_tsc_hz();
	return 0;
}

static int
setup1(void **state)
{
	return qsetup(8, 1, 0);
}

static int
setup_small_pool(void **state)
{
	return qsetup(2, 1, 0);
}

static int
setup2(void **state)
{
	return qsetup(8, 2, 0);
}

/* 70 mbufs for all FIFOs: one full FIFO and 6 more. */
static int
setup_held(void **state)
{
	return qsetup(8, 1, 70);
}

static int
qteardown(void **state)
{
	dp_qos_worker_flush(&H.ctx);
	dp_qos_free(Q);
	Q = NULL;
	return h_teardown(state);
}

/* Session s with these rates and bursts (MODIFY, or ADD if add). */
static void
set_qos(int s, uint64_t up, uint64_t down, uint32_t bup, uint32_t bdown,
	int add)
{
	struct dp_session_desc d = H.sd[s];

	d.rate_up_bps = up;
	d.rate_down_bps = down;
	d.burst_up_bytes = bup;
	d.burst_down_bytes = bdown;
	assert_int_equal(dp_qos_arm(Q), 0);	/* as dp_session_add/modify() */
	assert_int_equal(dp_table_apply(H.table, add ? DP_TABLE_ADD :
					DP_TABLE_MODIFY, &d), 0);
	dp_qos_entries_changed(Q);	/* as dp_session_add/modify() */
	dp_table_quiescent(H.table, rte_lcore_id());
	dp_table_reclaim(H.table);
}

/* DELETE at index s, then a quiescent state (the ADD after waits). */
static void
del(int s)
{
	assert_int_equal(dp_table_delete_index(H.table, (uint32_t)s), 0);
	dp_qos_entries_changed(Q);	/* as dp_session_delete() */
	dp_table_quiescent(H.table, rte_lcore_id());
}

/* Every frame sent on port p so far: dequeued, freed, counted. */
static uint64_t
drain_out(int p, uint64_t *bytes, uint16_t *ids, unsigned int max_ids,
	  unsigned int *nids)
{
	struct rte_mbuf *m[64];
	uint64_t n = 0;
	unsigned int k, i;

	while ((k = h_out(p, m, 64)) > 0) {
		for (i = 0; i < k; i++) {
			/* Inner IPv4 after the session's outer headers. */
			if (ids != NULL && *nids < max_ids) {
				uint8_t b[2];
				uint32_t off = p == P_ACC ? 14 + 20 + 8 + 6 + 4 :
					       18;

				h_read(m[i], off + 4, 2, b);
				ids[(*nids)++] = (uint16_t)(b[0] << 8 | b[1]);
			}
			if (bytes != NULL)
				*bytes += rte_pktmbuf_pkt_len(m[i]) -
					  (p == P_ACC ? 14 + 20 + 8 + 6 + 4 : 18);
		}
		rte_pktmbuf_free_bulk(m, k);
		n += k;
	}
	return n;
}

/* One downstream packet to session s, total inner length len, IP id. */
static void
down1(int s, uint16_t len, uint16_t id)
{
	struct in4 p = { .src = DST_IP, .dst = SUB_IP(s),
			 .plen = (uint16_t)(len - 20), .id = id, .ttl = 64 };
	uint16_t ilen = h_inner4(in, &p);
	struct rte_mbuf *m = h_down_mbuf(in, ilen, 0);

	h_down(&m, 1);
}

/* One upstream packet from session s (tid/sid as the harness makes). */
static void
up1(int s, uint16_t len, uint16_t id)
{
	struct in4 p = { .src = SUB_IP(s), .dst = DST_IP,
			 .plen = (uint16_t)(len - 20), .id = id, .ttl = 64 };
	struct lns_test_up u = { .tid = H.sd[s].local_tid,
				 .sid = H.sd[s].local_sid };
	uint16_t ilen = h_inner4(in, &p);
	struct rte_mbuf *m = h_up_mbuf(&u, in, ilen);

	h_up(&m, 1);
}

static struct dp_session_qos_counters
qctr(int s)
{
	struct dp_session_qos_counters c;

	dp_session_qos_counters((uint32_t)s, &c);
	return c;
}

static struct dp_session_counters
sctr(int s)
{
	/* The harness's context counts into H.ctr (one "worker"). */
	return H.ctr[s];
}

/*
 * Offer twice rate_bps for secs simulated seconds in len-octet packets
 * (one direction), polling the shaper each packet: what passed must be
 * the burst plus rate x time, within 1% of rate x time.
 */
static void
measure(int down, uint64_t rate, uint16_t len, double secs, uint32_t burst)
{
	uint64_t gap = (uint64_t)((double)len * 8 * hz / (2.0 * rate));
	uint64_t n = (uint64_t)(secs * 2.0 * rate / (len * 8.0));
	uint64_t bytes = 0, pkts = 0, k, t0 = H.ctx.now;
	double want, got;

	for (k = 0; k < n; k++) {
		H.ctx.now = t0 + k * gap;
		if (down) {
			down1(SA, len, (uint16_t)k);
			dp_qos_poll(&H.ctx);
		} else {
			up1(SA, len, (uint16_t)k);
		}
		if ((k & 255) == 0)
			pkts += drain_out(down ? P_ACC : P_CORE, &bytes,
					  NULL, 0, NULL);
	}
	pkts += drain_out(down ? P_ACC : P_CORE, &bytes, NULL, 0, NULL);
	want = (double)rate / 8 * (double)(n - 1) * (double)gap / (double)hz;
	got = (double)bytes - burst;
	print_message("# %s %lu bit/s: %.0f octets past the burst, rate x "
		      "time %.0f (%+.3f%%)\n", down ? "shaper" : "policer",
		      (unsigned long)rate, got, want, (got / want - 1) * 100);
	assert_true(got >= want * 0.99 - len);
	assert_true(got <= want * 1.01 + len);
	/* dp_session_counters(): only what passed, in inner octets. */
	if (down) {
		assert_int_equal(sctr(SA).down_pkts, pkts);
		assert_int_equal(sctr(SA).down_bytes, bytes);
		assert_int_equal(H.st.drop[DP_DROP_QOS_SHAPER_FULL],
				 qctr(SA).down_shape_drop_pkts);
	} else {
		assert_int_equal(sctr(SA).up_pkts, pkts);
		assert_int_equal(sctr(SA).up_bytes, bytes);
		assert_int_equal(qctr(SA).up_policed_pkts, n - pkts);
		assert_int_equal(qctr(SA).up_policed_bytes, (n - pkts) * len);
		assert_int_equal(H.st.drop[DP_DROP_QOS_POLICED], n - pkts);
	}
}

static void
test_policer_rates(void **state)
{
	static const struct { uint64_t rate; uint16_t len; double secs; } v[] = {
		{ 8000, 100, 20 },		/* the floor */
		{ 10000000, 1000, 4 },
		{ 1000000000, 1500, 0.05 },
	};
	unsigned int i;

	for (i = 0; i < RTE_DIM(v); i++) {
		memset(H.ctr, 0, sizeof(H.ctr));
		memset(&H.st, 0, sizeof(H.st));
		/* Re-ADD: fresh bucket and counters at this index. */
		del(SA);
		set_qos(SA, v[i].rate, 0, 3000, 0, 1);
		measure(0, v[i].rate, v[i].len, v[i].secs, 3000);
	}
	h_finish();
}

static void
test_shaper_rates(void **state)
{
	static const struct { uint64_t rate; uint16_t len; double secs; } v[] = {
		{ 8000, 100, 20 },
		{ 10000000, 1000, 4 },
		{ 1000000000, 1500, 0.05 },
	};
	unsigned int i;

	for (i = 0; i < RTE_DIM(v); i++) {
		memset(H.ctr, 0, sizeof(H.ctr));
		memset(&H.st, 0, sizeof(H.st));
		del(SA);
		dp_qos_poll(&H.ctx);	/* the old queue goes, counted */
		set_qos(SA, 0, v[i].rate, 0, 0, 1);
		/* The default burst: 1 ms of the rate, 1600 at least. */
		measure(1, v[i].rate, v[i].len, v[i].secs,
			(uint32_t)RTE_MAX((uint64_t)DP_QOS_SHP_BURST_MIN,
					  v[i].rate / 8000 * DP_QOS_SHP_BURST_MS));
	}
	dp_qos_worker_flush(&H.ctx);
	h_finish();
}

/*
 * The policer with lines 0 and 1 of every entry poisoned
 * (dp_fwd_harness.h):
 * upstream IPv4 from the subscriber's address takes what it checks and
 * the index from the slot's copy (dp_sess_up.h), the rates from line 2.
 */
static void
test_policer_poisoned(void **state)
{
	uint8_t save[NSESS][H_POISON_MAX];
	uint64_t rate = 10000000;

	set_qos(SA, rate, 0, 3000, 0, 0);
	h_entry_poison(save, 2);
	measure(0, rate, 1000, 1, 3000);
	h_entry_restore(save);
	h_finish();
}

/*
 * The shaper with line 0 of every entry poisoned (dp_fwd_harness.h):
 * downstream reads line 1 of the entry, its index too, never line 0
 * (one DRAM line a packet at 1M sessions, dp_session.h). It did read
 * the index from line 0 until 6872297.
 */
static void
test_shaper_poisoned(void **state)
{
	uint8_t save[NSESS][H_POISON_MAX];
	uint64_t rate = 10000000;

	set_qos(SA, 0, rate, 0, 0, 0);
	h_entry_poison(save, 1);
	measure(1, rate, 1000, 1,
		(uint32_t)RTE_MAX((uint64_t)DP_QOS_SHP_BURST_MIN,
				  rate / 8000 * DP_QOS_SHP_BURST_MS));
	dp_qos_worker_flush(&H.ctx);
	h_entry_restore(save);
	h_finish();
}

/* Explicit bursts and the defaults, at one instant. */
static void
test_bursts(void **state)
{
	unsigned int k;

	set_qos(SA, 8000, 8000, 5000, 3000, 0);
	for (k = 0; k < 10; k++)
		up1(SA, 1000, (uint16_t)k);
	assert_int_equal(drain_out(P_CORE, NULL, NULL, 0, NULL), 5);
	assert_int_equal(qctr(SA).up_policed_pkts, 5);
	for (k = 0; k < 10; k++)
		down1(SA, 1000, (uint16_t)k);
	dp_qos_poll(&H.ctx);
	assert_int_equal(drain_out(P_ACC, NULL, NULL, 0, NULL), 3);
	assert_int_equal(qctr(SA).down_shaped_pkts, 7);
	assert_int_equal(qctr(SA).down_queue_pkts, 7);
	assert_int_equal(qctr(SA).down_queue_bytes, 7000);
	/*
	 * Defaults at 10 Mbit/s: 500 ms up (625000 B), 16000 B down (the
	 * floor: 10 ms would be 12500 B).
	 */
	_Static_assert(DP_QOS_POL_BURST_MS == 500 &&
		       DP_QOS_SHP_BURST_MS == 10 &&
		       DP_QOS_POL_BURST_MIN == 16000 &&
		       DP_QOS_SHP_BURST_MIN == 16000,
		       "the counts below follow the default bursts");
	set_qos(SB, 10000000, 10000000, 0, 0, 0);
	for (k = 0; k < 640; k++)
		up1(SB, 1000, (uint16_t)k);
	assert_int_equal(drain_out(P_CORE, NULL, NULL, 0, NULL), 625);
	for (k = 0; k < 20; k++)
		down1(SB, 1000, (uint16_t)k);
	assert_int_equal(drain_out(P_ACC, NULL, NULL, 0, NULL), 16);
	/* The floor up: 16000 B at 8 kbit/s. */
	set_qos(SC, 8000, 0, 0, 0, 0);
	for (k = 0; k < 20; k++)
		up1(SC, 1000, (uint16_t)k);
	assert_int_equal(drain_out(P_CORE, NULL, NULL, 0, NULL), 16);
	dp_qos_worker_flush(&H.ctx);
	h_finish();
}

/*
 * Refill across the TSC wrap: 100 ms in 1 ms steps, from 50 ms before
 * it, at 1 Mbit/s (125 octets per ms) both ways.
 */
static void
test_wrap(void **state)
{
	uint64_t up = 0, down = 0;
	unsigned int k;

	H.ctx.now = UINT64_MAX - hz / 20;
	set_qos(SA, 1000000, 1000000, 2000, 2000, 0);
	/* Empty both buckets. */
	for (k = 0; k < 3; k++)
		up1(SA, 1000, (uint16_t)k);
	assert_int_equal(drain_out(P_CORE, NULL, NULL, 0, NULL), 2);
	for (k = 0; k < 30; k++)
		down1(SA, 1000, (uint16_t)k);
	assert_int_equal(drain_out(P_ACC, NULL, NULL, 0, NULL), 2);
	for (k = 0; k < 100; k++) {
		H.ctx.now += hz / 1000;
		up1(SA, 125, (uint16_t)(2 * k));
		up1(SA, 125, (uint16_t)(2 * k + 1));
		dp_qos_poll(&H.ctx);
		up += drain_out(P_CORE, NULL, NULL, 0, NULL);
		down += drain_out(P_ACC, NULL, NULL, 0, NULL);
	}
	assert_true(H.ctx.now < hz);	/* it did wrap */
	/* 12500 octets: 100 of 125 up (+-1), 12 or 13 of 1000 down. */
	assert_true(up >= 99 && up <= 101);
	assert_true(down >= 12 && down <= 13);
	dp_qos_worker_flush(&H.ctx);
	h_finish();
}

/* After a gap of 2^62 cycles both buckets hold the burst, no more. */
static void
test_long_idle(void **state)
{
	unsigned int k;

	set_qos(SB, 8000, 8000, 2000, 2000, 0);
	for (k = 0; k < 10; k++) {
		up1(SB, 500, (uint16_t)k);
		down1(SB, 500, (uint16_t)k);
	}
	assert_int_equal(drain_out(P_CORE, NULL, NULL, 0, NULL), 4);
	assert_int_equal(drain_out(P_ACC, NULL, NULL, 0, NULL), 4);
	H.ctx.now += UINT64_C(1) << 62;
	for (k = 0; k < 10; k++)
		up1(SB, 500, (uint16_t)k);
	assert_int_equal(drain_out(P_CORE, NULL, NULL, 0, NULL), 4);
	dp_qos_poll(&H.ctx);
	assert_int_equal(drain_out(P_ACC, NULL, NULL, 0, NULL), 4);
	assert_int_equal(qctr(SB).down_queue_pkts, 2);
	H.ctx.now += UINT64_C(3) << 62;	/* and across the wrap */
	dp_qos_poll(&H.ctx);
	assert_int_equal(drain_out(P_ACC, NULL, NULL, 0, NULL), 2);
	h_finish();
}

/* FIFO full, pool empty: counted drops; the FIFO keeps order. */
static void
test_fifo_full_order(void **state)
{
	uint16_t ids[128];
	unsigned int k, n = 0;

	set_qos(SA, 0, 8000, 0, 1000, 0);
	for (k = 0; k < DP_QOS_FIFO_LEN + 11; k++)
		down1(SA, 1000, (uint16_t)k);
	/* 1 at once, 64 queued, 10 dropped. */
	assert_int_equal(drain_out(P_ACC, NULL, ids, 128, &n), 1);
	assert_int_equal(H.st.drop[DP_DROP_QOS_SHAPER_FULL], 10);
	assert_int_equal(qctr(SA).down_shape_drop_pkts, 10);
	assert_int_equal(qctr(SA).down_shape_drop_bytes, 10000);
	assert_int_equal(qctr(SA).down_queue_pkts, DP_QOS_FIFO_LEN);
	assert_int_equal(sctr(SA).down_pkts, 1);
	/* Time passes in steps; each step's arrivals queue behind. */
	for (k = 0; k < 80; k++) {
		H.ctx.now += hz;
		dp_qos_poll(&H.ctx);
		down1(SA, 1000, (uint16_t)(1000 + k));
		drain_out(P_ACC, NULL, ids, 128, &n);
	}
	assert_true(n >= 1 + DP_QOS_FIFO_LEN + 10);
	for (k = 0; k < n; k++) {
		uint16_t want = k < 1 + DP_QOS_FIFO_LEN ? (uint16_t)k :
			(uint16_t)(1000 + k - 1 - DP_QOS_FIFO_LEN);

		assert_int_equal(ids[k], want);
	}
	dp_qos_worker_flush(&H.ctx);
	h_finish();
}

static void
test_pool_empty(void **state)
{
	set_qos(SA, 0, 8000, 0, 1000, 0);
	set_qos(SB, 0, 8000, 0, 1000, 0);
	set_qos(SD, 0, 8000, 0, 1000, 0);
	down1(SA, 1000, 0);
	down1(SB, 1000, 0);
	down1(SD, 1000, 0);
	assert_int_equal(drain_out(P_ACC, NULL, NULL, 0, NULL), 3);
	down1(SA, 1000, 1);
	down1(SB, 1000, 1);
	down1(SD, 1000, 1);	/* two FIFOs in the pool: none left */
	assert_int_equal(H.st.drop[DP_DROP_QOS_NO_FIFO], 1);
	assert_int_equal(qctr(SD).down_shape_drop_pkts, 1);
	/* Served and empty, the FIFOs go back to the pool. */
	H.ctx.now += hz;
	dp_qos_poll(&H.ctx);
	assert_int_equal(drain_out(P_ACC, NULL, NULL, 0, NULL), 2);
	assert_int_equal(W.act_len, 0);
	H.ctx.now += hz / 100;
	down1(SD, 1000, 2);	/* 1010 octets of time: leaves */
	down1(SD, 1000, 3);
	assert_int_equal(drain_out(P_ACC, NULL, NULL, 0, NULL), 1);
	assert_int_equal(qctr(SD).down_queue_pkts, 1);
	dp_qos_worker_flush(&H.ctx);
	h_finish();
}

/* The mbufs all FIFOs hold are bounded: beyond, counted drops. */
static void
test_mbuf_limit(void **state)
{
	unsigned int k;

	set_qos(SA, 0, 8000, 0, 1000, 0);
	set_qos(SB, 0, 8000, 0, 1000, 0);
	for (k = 0; k < 1 + DP_QOS_FIFO_LEN; k++)
		down1(SA, 1000, (uint16_t)k);
	for (k = 0; k < 10; k++)
		down1(SB, 1000, (uint16_t)k);
	assert_int_equal(drain_out(P_ACC, NULL, NULL, 0, NULL), 2);
	assert_int_equal(W.held, 70);
	assert_int_equal(H.st.drop[DP_DROP_QOS_MBUF_LIMIT], 3);
	assert_int_equal(qctr(SB).down_shape_drop_pkts, 3);
	assert_int_equal(qctr(SB).down_queue_pkts, 6);
	/* One leaves: room for one more. */
	H.ctx.now += hz;
	dp_qos_poll(&H.ctx);
	assert_int_equal(drain_out(P_ACC, NULL, NULL, 0, NULL), 2);
	assert_int_equal(W.held, 68);
	down1(SB, 1000, 10);
	assert_int_equal(W.held, 69);
	dp_qos_worker_flush(&H.ctx);
	assert_int_equal(W.held, 0);
	h_finish();
}

/* MODIFY keeps the queue, the counters; the new rate applies. */
static void
test_modify_keeps(void **state)
{
	unsigned int k;

	/*
	 * A burst above the packet size: with 10 ms polls, a 1000-octet
	 * burst would lose the 100 octets of the step that overfills it.
	 */
	set_qos(SA, 8000, 8000, 3200, 1500, 0);
	for (k = 0; k < 5; k++)
		up1(SA, 1000, (uint16_t)k);
	for (k = 0; k < 10; k++)
		down1(SA, 1000, (uint16_t)k);
	drain_out(P_CORE, NULL, NULL, 0, NULL);
	drain_out(P_ACC, NULL, NULL, 0, NULL);
	assert_int_equal(qctr(SA).up_policed_pkts, 2);
	assert_int_equal(qctr(SA).down_queue_pkts, 9);
	set_qos(SA, 80000, 80000, 3200, 1500, 0);	/* 10000 B/s */
	assert_int_equal(qctr(SA).up_policed_pkts, 2);
	assert_int_equal(qctr(SA).down_shaped_pkts, 9);
	assert_int_equal(qctr(SA).down_queue_pkts, 9);
	assert_int_equal(sctr(SA).up_pkts, 3);
	assert_int_equal(sctr(SA).down_pkts, 1);
	/* 510 ms at 10000 B/s in 10 ms steps: 5 of the 9 leave. */
	for (k = 0; k < 51; k++) {
		H.ctx.now += hz / 100;
		dp_qos_poll(&H.ctx);
	}
	assert_int_equal(drain_out(P_ACC, NULL, NULL, 0, NULL), 5);
	assert_int_equal(qctr(SA).down_queue_pkts, 4);
	assert_int_equal(sctr(SA).down_pkts, 6);
	dp_qos_worker_flush(&H.ctx);
	assert_int_equal(H.st.drop[DP_DROP_QOS_FLUSHED], 4);
	h_finish();
}

/* DELETE: the queue is dropped, counted; re-ADD: counters from 0. */
static void
test_delete_flush_readd(void **state)
{
	unsigned int k;

	set_qos(SA, 8000, 8000, 3200, 1000, 0);
	for (k = 0; k < 5; k++)
		up1(SA, 1000, (uint16_t)k);
	for (k = 0; k < 20; k++)
		down1(SA, 1000, (uint16_t)k);
	drain_out(P_CORE, NULL, NULL, 0, NULL);
	assert_int_equal(drain_out(P_ACC, NULL, NULL, 0, NULL), 1);
	assert_int_equal(qctr(SA).down_queue_pkts, 19);
	assert_true(rte_mempool_in_use_count(H.mp) == H.base_mp + 19);
	assert_int_equal(dp_table_delete_index(H.table, SA), 0);
	dp_qos_entries_changed(Q);
	/* Counters of the deleted session stay readable until re-ADD. */
	assert_int_equal(qctr(SA).up_policed_pkts, 2);
	H.ctx.now += hz;
	dp_qos_poll(&H.ctx);
	assert_int_equal(drain_out(P_ACC, NULL, NULL, 0, NULL), 0);
	assert_int_equal(H.st.drop[DP_DROP_QOS_FLUSHED], 19);
	assert_int_equal(rte_mempool_in_use_count(H.mp), H.base_mp);
	dp_table_quiescent(H.table, rte_lcore_id());
	set_qos(SA, 8000, 8000, 3200, 1000, 1);
	assert_int_equal(qctr(SA).up_policed_pkts, 0);
	assert_int_equal(qctr(SA).down_shaped_pkts, 0);
	assert_int_equal(qctr(SA).down_queue_pkts, 0);
	/* A fresh bucket for the new session. */
	for (k = 0; k < 5; k++)
		up1(SA, 1000, (uint16_t)k);
	assert_int_equal(drain_out(P_CORE, NULL, NULL, 0, NULL), 3);
	assert_int_equal(qctr(SA).up_policed_pkts, 2);
	h_finish();
}

/*
 * Visits skip a session until its head is due: a DELETE the workers were
 * not told about (no dp_qos_entries_changed()) is noticed only then;
 * told, at once.
 */
static void
test_skip_until_due(void **state)
{
	unsigned int k;

	set_qos(SA, 0, 8000, 0, 1000, 0);
	set_qos(SB, 0, 8000, 0, 1000, 0);
	for (k = 0; k < 5; k++) {
		down1(SA, 1000, (uint16_t)k);
		down1(SB, 1000, (uint16_t)k);
	}
	assert_int_equal(drain_out(P_ACC, NULL, NULL, 0, NULL), 2);
	dp_qos_poll(&H.ctx);	/* takes in the ADD/MODIFY epoch */
	assert_int_equal(dp_table_delete_index(H.table, SA), 0);
	H.ctx.now += hz / 2;	/* SA's head is due after 1 s */
	dp_qos_poll(&H.ctx);
	assert_int_equal(H.st.drop[DP_DROP_QOS_FLUSHED], 0);
	H.ctx.now += hz / 2;
	dp_qos_poll(&H.ctx);
	assert_int_equal(H.st.drop[DP_DROP_QOS_FLUSHED], 4);
	assert_int_equal(drain_out(P_ACC, NULL, NULL, 0, NULL), 1);	/* SB */
	/* Told: SB's queue goes at the next pass, long before it is due. */
	dp_table_quiescent(H.table, rte_lcore_id());
	del(SB);
	H.ctx.now += hz / 100;
	dp_qos_poll(&H.ctx);
	assert_int_equal(H.st.drop[DP_DROP_QOS_FLUSHED], 7);
	assert_int_equal(W.act_len, 0);
	h_finish();
}

/* Rate lifted: the queue leaves first, in order, then the rest. */
static void
test_lift_drains_in_order(void **state)
{
	uint16_t ids[64];
	unsigned int k, n = 0;

	set_qos(SA, 0, 8000, 0, 1000, 0);
	for (k = 0; k < 20; k++)
		down1(SA, 1000, (uint16_t)k);
	assert_int_equal(drain_out(P_ACC, NULL, ids, 64, &n), 1);
	set_qos(SA, 0, 0, 0, 0, 0);
	down1(SA, 1000, 20);	/* behind the 19 waiting */
	assert_int_equal(drain_out(P_ACC, NULL, ids, 64, &n), 0);
	dp_qos_poll(&H.ctx);	/* no time passed: no limit now */
	down1(SA, 1000, 21);	/* FIFO gone: straight out */
	assert_int_equal(drain_out(P_ACC, NULL, ids, 64, &n), 21);
	for (k = 0; k < n; k++)
		assert_int_equal(ids[k], k);
	assert_int_equal(sctr(SA).down_pkts, 22);
	assert_int_equal(h_drops(), 0);
	h_finish();
}

/* Stop: what waits is freed and counted. */
static void
test_stop_flush(void **state)
{
	unsigned int k;

	set_qos(SA, 0, 8000, 0, 1000, 0);
	set_qos(SB, 0, 8000, 0, 1000, 0);
	for (k = 0; k < 10; k++) {
		down1(SA, 1000, (uint16_t)k);
		down1(SB, 1000, (uint16_t)k);
	}
	assert_int_equal(drain_out(P_ACC, NULL, NULL, 0, NULL), 2);
	dp_qos_worker_flush(&H.ctx);
	assert_int_equal(H.st.drop[DP_DROP_QOS_FLUSHED], 18);
	assert_int_equal(W.act_len, 0);
	assert_int_equal(rte_ring_count(Q->fifo_free), Q->nb_fifo);
	h_finish();
}

/* Sessions without a rate never touch the QoS state. */
static void
test_unlimited_untouched(void **state)
{
	unsigned int k;

	for (k = 0; k < 50; k++) {
		up1(SB, 1000, (uint16_t)k);
		down1(SB, 1000, (uint16_t)k);
	}
	assert_int_equal(drain_out(P_CORE, NULL, NULL, 0, NULL), 50);
	assert_int_equal(drain_out(P_ACC, NULL, NULL, 0, NULL), 50);
	/* No session has a rate: no QoS state was even made. */
	assert_null(Q->st);
	assert_null(Q->fifo);
	assert_int_equal(sctr(SB).up_pkts, 50);
	assert_int_equal(sctr(SB).down_pkts, 50);
	h_finish();
}

/*
 * Two workers on one thread: worker 0 (H.ctx) receives packets of SB
 * (index 1, owned by worker 1); they reach worker 1's ring and are
 * policed and shaped there. A hand-off outliving its session is dropped.
 */
static void
test_handoff(void **state)
{
	struct dp_qos_worker w1 = { .q = Q, .id = 1 };
	struct dp_fwd_ctx c1 = H.ctx;
	struct dp_stats st1;
	unsigned int k;

	memset(&st1, 0, sizeof(st1));
	c1.st = &st1;
	c1.qos = &w1;
	set_qos(SB, 8000, 8000, 3200, 1000, 0);
	set_qos(SA, 8000, 0, 3200, 0, 0);
	for (k = 0; k < 5; k++) {
		up1(SB, 1000, (uint16_t)k);
		down1(SB, 1000, (uint16_t)k);
	}
	up1(SA, 1000, 0);	/* worker 0 owns SA: no hand-off */
	assert_int_equal(drain_out(P_CORE, NULL, NULL, 0, NULL), 1);
	assert_int_equal(drain_out(P_ACC, NULL, NULL, 0, NULL), 0);
	assert_int_equal(rte_ring_count(Q->ho[1]), 10);
	assert_int_equal(rte_ring_count(Q->ho[0]), 0);
	dp_qos_poll(&c1);
	assert_int_equal(drain_out(P_CORE, NULL, NULL, 0, NULL), 3);
	assert_int_equal(drain_out(P_ACC, NULL, NULL, 0, NULL), 1);
	assert_int_equal(qctr(SB).up_policed_pkts, 2);
	assert_int_equal(qctr(SB).down_queue_pkts, 4);
	assert_int_equal(st1.drop[DP_DROP_QOS_POLICED], 2);
	assert_int_equal(H.st.drop[DP_DROP_QOS_POLICED], 0);
	/* Handed off, then the session deleted and re-added. */
	up1(SB, 1000, 9);
	assert_int_equal(dp_table_delete_index(H.table, SB), 0);
	dp_qos_entries_changed(Q);
	dp_table_quiescent(H.table, rte_lcore_id());
	set_qos(SB, 8000, 8000, 3200, 1000, 1);
	dp_qos_poll(&c1);
	/* The stale hand-off and the old queue: dropped, counted. */
	assert_int_equal(st1.drop[DP_DROP_QOS_FLUSHED], 5);
	assert_int_equal(drain_out(P_CORE, NULL, NULL, 0, NULL), 0);
	dp_qos_worker_flush(&c1);
	h_finish();
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup1, qteardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_policer_rates),
		T(test_shaper_rates),
		T(test_policer_poisoned),
		T(test_shaper_poisoned),
		T(test_bursts),
		T(test_wrap),
		T(test_long_idle),
		T(test_fifo_full_order),
		cmocka_unit_test_setup_teardown(test_pool_empty,
			setup_small_pool, qteardown),
		cmocka_unit_test_setup_teardown(test_mbuf_limit, setup_held,
						qteardown),
		T(test_modify_keeps),
		T(test_delete_flush_readd),
		T(test_skip_until_due),
		T(test_lift_drains_in_order),
		T(test_stop_flush),
		T(test_unlimited_untouched),
		cmocka_unit_test_setup_teardown(test_handoff, setup2,
						qteardown),
	};

	return h_main("test_dp_qos", tests, RTE_DIM(tests));
}
