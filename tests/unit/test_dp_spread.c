/* SPDX-License-Identifier: BSD-3-Clause
 *
 * dataplane/dp_spread.c with a real EAL (rings, an mbuf pool) and no
 * worker lcores: the test plays every worker in turn. The owner choice
 * (stable, balanced over the sessions of ONE tunnel), per-session order
 * and no loss through the stage (every frame forwarded exactly once, by
 * its owner, with its own parse), the counted drop of a full ring and the
 * flush at free, the forced hand-off to oneself (lns-bench), and auto's
 * decision with its hysteresis, windows and the rss_l2tp ports it leaves
 * alone. Every case ends with the pool back to its baseline.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "dp_spread.h"
#include "lns_rundir.h"

#define NB_MAX		4
#define POOL		8191

static struct rte_mempool *mp;
static struct dp_spread *sp;
static struct dp_spread_worker W[NB_MAX];
static struct dp_stats st[NB_MAX];

/*
 * A frame of session (tid, sid) numbered seq: the IDs and the number are
 * in the mbuf's data and in its parse, so the receiving side can check
 * that the parse it got is the frame's own.
 */
static struct rte_mbuf *
frame(uint16_t tid, uint16_t sid, uint16_t seq, struct lns_l2tp_data *d)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
	uint16_t *p;

	assert_non_null(m);
	p = (uint16_t *)rte_pktmbuf_append(m, 6);
	assert_non_null(p);
	p[0] = tid;
	p[1] = sid;
	p[2] = seq;
	memset(d, 0, sizeof(*d));
	d->tid = tid;
	d->sid = sid;
	d->ns = seq;
	d->hdr_len = 8;
	return m;
}

static void
check_parse(const struct rte_mbuf *m, const struct lns_l2tp_data *d)
{
	const uint16_t *p = rte_pktmbuf_mtod(m, const uint16_t *);

	assert_int_equal(p[0], d->tid);
	assert_int_equal(p[1], d->sid);
	assert_int_equal(p[2], d->ns);
	assert_int_equal(d->hdr_len, 8);
}

/* The stage for nb workers in mode; every worker's side with it. */
static void
make(enum cfg_dp_spread mode, unsigned int nb, bool force)
{
	unsigned int i;

	sp = dp_spread_create(mode, nb, force, SOCKET_ID_ANY);
	assert_non_null(sp);
	memset(st, 0, sizeof(st));
	for (i = 0; i < nb; i++)
		assert_int_equal(dp_spread_worker_init(&W[i], sp, i,
						       SOCKET_ID_ANY), 0);
}

static int
teardown(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < NB_MAX; i++)
		dp_spread_worker_fini(&W[i]);
	dp_spread_free(sp, &st[0]);
	sp = NULL;
	/* Every mbuf back: nothing leaked by the stage or the test. */
	assert_int_equal(rte_mempool_in_use_count(mp), 0);
	return 0;
}

/* Every session of one tunnel (65535 of them) over nb workers: +-10%. */
static void
check_balance(uint16_t tid, unsigned int nb)
{
	unsigned int cnt[NB_MAX] = { 0 }, o, i;
	uint32_t sid;

	for (sid = 1; sid <= 65535; sid++) {
		o = dp_spread_owner(tid, (uint16_t)sid, nb);
		assert_true(o < nb);
		/* Stable: a pure function of the IDs. */
		assert_int_equal(dp_spread_owner(tid, (uint16_t)sid, nb), o);
		cnt[o]++;
	}
	for (i = 0; i < nb; i++) {
		assert_true(cnt[i] * 10 >= 65535u * 9 / nb);
		assert_true(cnt[i] * 10 <= 65535u * 11 / nb);
	}
}

static void
test_owner_balance(void **state)
{
	(void)state;
	check_balance(1, 2);
	check_balance(1, 4);
	check_balance(1, 3);
	check_balance(4242, 4);
	/* Neighbours do not all land together: 16 sessions, 4 workers. */
	{
		unsigned int seen = 0, sid;

		for (sid = 1; sid <= 16; sid++)
			seen |= 1u << dp_spread_owner(7, (uint16_t)sid, 4);
		assert_int_equal(seen, 0xf);
	}
}

/* Session (tid, sid) of the order test: next number expected. */
#define NSESS		300
static uint16_t next_seq[NB_MAX][NSESS + 1];

/* One frame forwarded by worker fw: its owner, in order, once. */
static void
forwarded(unsigned int fw, unsigned int nb, struct rte_mbuf *m,
	  const struct lns_l2tp_data *d)
{
	unsigned int src = d->tid - 10u;

	check_parse(m, d);
	assert_int_equal(dp_spread_owner(d->tid, d->sid, nb), fw);
	assert_true(src < nb && d->sid >= 1 && d->sid <= NSESS);
	assert_int_equal(d->ns, next_seq[src][d->sid]);
	next_seq[src][d->sid]++;
	rte_pktmbuf_free(m);
}

/*
 * Each of 4 workers receives ONE tunnel (10 + its number, as RSS would
 * deliver it) of NSESS sessions, in bursts of 32 with the sessions in a
 * scrambled order; after every round each worker takes what was handed
 * to it. Every frame is forwarded exactly once, by its owner, in its
 * session's order, with its own parse; the counters add up.
 */
static void
test_order_no_loss(void **state)
{
	const unsigned int nb = 4, rounds = 400, burst = 32;
	struct rte_mbuf *pk[DP_SPREAD_TAKE];
	struct lns_l2tp_data d[DP_SPREAD_TAKE];
	uint16_t seq[NB_MAX][NSESS + 1];
	uint64_t kept = 0, taken = 0, out = 0, in = 0;
	unsigned int r, s, i, k, sid, n = 0;

	(void)state;
	memset(seq, 0, sizeof(seq));
	memset(next_seq, 0, sizeof(next_seq));
	make(CFG_SPREAD_ON, nb, false);
	for (r = 0; r < rounds; r++) {
		for (s = 0; s < nb; s++) {
			for (i = 0; i < burst; i++) {
				/* Now and then a session repeats. */
				sid = 1 + (n++ * 7919u) % NSESS;
				if (i % 5 == 4)
					sid = d[i - 1].sid;
				pk[i] = frame((uint16_t)(10 + s), (uint16_t)sid,
					      seq[s][sid]++, &d[i]);
			}
			k = dp_spread_up(&W[s], &st[s], pk, d, burst);
			kept += k;
			for (i = 0; i < k; i++)
				forwarded(s, nb, pk[i], &d[i]);
		}
		for (s = 0; s < nb; s++) {
			k = dp_spread_take(&W[s], &st[s], pk, d,
					   DP_SPREAD_TAKE);
			taken += k;
			for (i = 0; i < k; i++)
				forwarded(s, nb, pk[i], &d[i]);
		}
	}
	/* Nothing left behind, nothing twice. */
	for (s = 0; s < nb; s++)
		assert_int_equal(dp_spread_take(&W[s], &st[s], pk, d,
						DP_SPREAD_TAKE), 0);
	for (s = 0; s < nb; s++)
		for (sid = 1; sid <= NSESS; sid++)
			assert_int_equal(next_seq[s][sid], seq[s][sid]);
	assert_int_equal(kept + taken, (uint64_t)rounds * nb * burst);
	for (s = 0; s < nb; s++) {
		out += st[s].spread_out_pkts;
		in += st[s].spread_in_pkts;
		assert_int_equal(st[s].drop[DP_DROP_SPREAD_FULL], 0);
	}
	assert_int_equal(out, taken);
	assert_int_equal(in, taken);
	/* Three quarters of the frames belong to another worker. */
	assert_true(taken > kept * 2);
}

/* Sessions of tunnel 1 owned by worker o among nb, from sid 1 on. */
static unsigned int
sids_of(unsigned int o, unsigned int nb, uint16_t *out, unsigned int max)
{
	unsigned int n = 0;
	uint32_t sid;

	for (sid = 1; sid <= 65535 && n < max; sid++)
		if (dp_spread_owner(1, (uint16_t)sid, nb) == o)
			out[n++] = (uint16_t)sid;
	return n;
}

/*
 * Worker 0 hands 1500 frames to worker 1, who takes none: the ring holds
 * DP_SPREAD_RING - 1, the rest are counted drops, freed at once, and no
 * frame is lost uncounted. What stays in the ring comes out in order;
 * what is still there at free is counted as flushed.
 */
static void
test_ring_full(void **state)
{
	const unsigned int total = 1500, cap = DP_SPREAD_RING - 1;
	struct rte_mbuf *pk[32];
	struct lns_l2tp_data d[32];
	uint16_t sids[8];
	unsigned int i, k, sent = 0, got = 0, j;

	(void)state;
	make(CFG_SPREAD_ON, 2, false);
	assert_int_equal(sids_of(1, 2, sids, 8), 8);
	while (sent < total) {
		for (i = 0; i < 32; i++, sent++)
			pk[i] = frame(1, sids[sent % 8], (uint16_t)sent, &d[i]);
		assert_int_equal(dp_spread_up(&W[0], &st[0], pk, d, 32), 0);
	}
	assert_int_equal(sent, 1504);	/* 47 bursts of 32 */
	assert_int_equal(st[0].spread_out_pkts, cap);
	assert_int_equal(st[0].drop[DP_DROP_SPREAD_FULL], sent - cap);
	assert_int_equal(rte_mempool_in_use_count(mp), cap);
	/* The first cap frames, in the order sent. */
	for (j = 0; j < 3; j++) {
		k = dp_spread_take(&W[1], &st[1], pk, d, 32);
		assert_int_equal(k, 32);
		for (i = 0; i < k; i++, got++) {
			check_parse(pk[i], &d[i]);
			assert_int_equal(d[i].ns, got);
			rte_pktmbuf_free(pk[i]);
		}
	}
	assert_int_equal(st[1].spread_in_pkts, got);
	/* The rest is freed and counted by teardown's dp_spread_free(). */
	dp_spread_free(sp, &st[0]);
	sp = NULL;
	assert_int_equal(st[0].drop[DP_DROP_SPREAD_FLUSHED], cap - got);
}

/*
 * One worker: on and auto are no-ops (no stage at all), unless forced as
 * lns-bench does: then every frame goes through the worker's ring to
 * itself and comes back in order.
 */
static void
test_one_worker(void **state)
{
	struct rte_mbuf *pk[32];
	struct lns_l2tp_data d[32];
	unsigned int i;

	(void)state;
	assert_null(dp_spread_create(CFG_SPREAD_ON, 1, false, SOCKET_ID_ANY));
	assert_null(dp_spread_create(CFG_SPREAD_AUTO, 1, false,
				     SOCKET_ID_ANY));
	assert_null(dp_spread_create(CFG_SPREAD_OFF, 4, true, SOCKET_ID_ANY));
	make(CFG_SPREAD_ON, 1, true);
	for (i = 0; i < 32; i++)
		pk[i] = frame(1, (uint16_t)(i + 1), (uint16_t)i, &d[i]);
	assert_int_equal(dp_spread_rx(&W[0], &st[0], 0, pk, d, 32), 0);
	assert_int_equal(dp_spread_take(&W[0], &st[0], pk, d, 32), 32);
	for (i = 0; i < 32; i++) {
		check_parse(pk[i], &d[i]);
		assert_int_equal(d[i].ns, i);
		rte_pktmbuf_free(pk[i]);
	}
	assert_int_equal(st[0].spread_out_pkts, 32);
	assert_int_equal(st[0].spread_in_pkts, 32);
}

static void
test_auto_decide(void **state)
{
	(void)state;
	/* Two workers: on above 3/4, off below 5/8. */
	assert_false(dp_spread_auto_decide(750, 1000, 2, 0));
	assert_true(dp_spread_auto_decide(751, 1000, 2, 0));
	assert_true(dp_spread_auto_decide(10000, 10000, 2, 0));
	assert_true(dp_spread_auto_decide(625, 1000, 2, 1));
	assert_false(dp_spread_auto_decide(624, 1000, 2, 1));
	/* Four: on above 1/2, off below 3/8. */
	assert_true(dp_spread_auto_decide(510, 1000, 4, 0));
	assert_false(dp_spread_auto_decide(500, 1000, 4, 0));
	assert_true(dp_spread_auto_decide(380, 1000, 4, 1));
	assert_false(dp_spread_auto_decide(370, 1000, 4, 1));
	/* Too little traffic, or one worker: never. */
	assert_false(dp_spread_auto_decide(99, 99, 2, 0));
	assert_false(dp_spread_auto_decide(99, 99, 2, 1));
	assert_true(dp_spread_auto_decide(100, 100, 2, 0));
	assert_false(dp_spread_auto_decide(5000, 5000, 1, 0));
}

/*
 * n frames of tunnel 1 received by worker w from a port (rss: its NIC
 * spreads by session); what w keeps is forwarded (freed) at once, what
 * it hands over stays in the rings. Returns the frames kept.
 */
static unsigned int
rx(unsigned int w, int rss, unsigned int n)
{
	struct rte_mbuf *pk[64];
	struct lns_l2tp_data d[64];
	unsigned int i, k, kept = 0, done, got;

	for (done = 0; done < n; done += k) {
		k = RTE_MIN(n - done, 64u);
		for (i = 0; i < k; i++)
			pk[i] = frame(1, (uint16_t)(1 + (done + i) % 1000), 0,
				      &d[i]);
		got = dp_spread_rx(&W[w], &st[w], rss, pk, d, k);
		rte_pktmbuf_free_bulk(pk, got);
		kept += got;
	}
	return kept;
}

/* Take and free everything handed to worker w. */
static unsigned int
take_all(unsigned int w)
{
	struct rte_mbuf *pk[DP_SPREAD_TAKE];
	struct lns_l2tp_data d[DP_SPREAD_TAKE];
	unsigned int k, n = 0;

	while ((k = dp_spread_take(&W[w], &st[w], pk, d,
				   DP_SPREAD_TAKE)) > 0) {
		rte_pktmbuf_free_bulk(pk, k);
		n += k;
	}
	return n;
}

/*
 * auto with two workers: worker 0 receives 95% of the upstream frames of
 * a window and starts spreading at the window's end (not before), worker
 * 1 does not; frames from a port whose NIC spreads by session are
 * neither counted nor spread; an idle window stops it again.
 */
static void
test_auto_window(void **state)
{
	unsigned int kept;

	(void)state;
	make(CFG_SPREAD_AUTO, 2, false);
	assert_false(W[0].on);
	assert_int_equal(rx(0, 0, 2000), 2000);
	assert_int_equal(rx(1, 0, 100), 100);
	assert_int_equal(st[0].spread_out_pkts, 0);
	assert_int_equal(dp_spread_window(&W[0], W[0].win_end - 1), 0);
	assert_false(W[0].on);
	assert_int_equal(dp_spread_window(&W[0], W[0].win_end), 1);
	assert_true(W[0].on);
	assert_int_equal(dp_spread_window(&W[1], W[1].win_end), 0);
	assert_false(W[1].on);

	/* An rss_l2tp port: kept whole, not counted. */
	assert_int_equal(rx(0, 1, 64), 64);
	assert_int_equal(st[0].spread_out_pkts, 0);
	assert_int_equal(sp->slot[0].up_rx, 2000);
	/* Another port: about half of 1000 sessions belong to worker 1. */
	kept = rx(0, 0, 64);
	assert_true(kept > 0 && kept < 64);
	assert_int_equal(st[0].spread_out_pkts, 64 - kept);
	assert_int_equal(take_all(1), 64 - kept);

	/* rss_l2tp frames (and the 64 above): too few counted: off. */
	assert_int_equal(rx(0, 1, 3000), 3000);
	assert_int_equal(dp_spread_window(&W[0], W[0].win_end), 1);
	assert_false(W[0].on);
	assert_int_equal(rx(0, 0, 64), 64);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_owner_balance),
		cmocka_unit_test(test_auto_decide),
		cmocka_unit_test_teardown(test_order_no_loss, teardown),
		cmocka_unit_test_teardown(test_ring_full, teardown),
		cmocka_unit_test_teardown(test_one_worker, teardown),
		cmocka_unit_test_teardown(test_auto_window, teardown),
	};
	char prefix[64], rundir[PATH_MAX], arg0[] = "test_dp_spread";
	char *argv[] = {
		arg0, "--no-huge", "-m", "256", "--no-pci", "--no-telemetry",
		"--file-prefix", prefix, "--log-level=warning",
		"-l", "0", NULL,
	};
	int ret;

	snprintf(prefix, sizeof(prefix), "test_dp_spread%d", (int)getpid());
	if (rte_eal_init(RTE_DIM(argv) - 1, argv) < 0) {
		printf("Bail out! rte_eal_init failed: %s\n",
		       rte_strerror(rte_errno));
		return 1;
	}
	snprintf(rundir, sizeof(rundir), "%s", rte_eal_get_runtime_dir());
	mp = rte_pktmbuf_pool_create("spread_test", POOL, 0, 0,
				     RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	if (mp == NULL) {
		printf("Bail out! mbuf pool: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	ret = cmocka_run_group_tests_name("test_dp_spread", tests, NULL, NULL);
	rte_mempool_free(mp);
	rte_eal_cleanup();
	lns_rundir_remove(rundir);
	return ret;
}
