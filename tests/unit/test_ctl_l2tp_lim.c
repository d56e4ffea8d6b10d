/* SPDX-License-Identifier: BSD-3-Clause
 * Admission of new L2TP tunnels and calls (control/ctl_l2tp_lim.c).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ctl_l2tp_lim.h"

#define PEER_A	0x0a000001u
#define PEER_B	0x0a000002u

static uint64_t tunnels[L2TP_TUNNEL_CLOSING + 1];
static struct ctl_l2tp_lim lim;

/* No rate limit: rate 0. */
static const struct ctl_l2tp_rate unlimited = { 0, 1 };

static void
lim_setup_rates(uint32_t max_tunnels, struct ctl_l2tp_rate sccrq_peer,
		struct ctl_l2tp_rate sccrq_all, struct ctl_l2tp_rate icrq_peer,
		struct ctl_l2tp_rate icrq_all)
{
	struct ctl_l2tp_lim_conf c = {
		.max_tunnels = max_tunnels,
		.max_tunnels_per_peer = 64,
		.max_sessions_per_peer = 1000,
		.max_half_open_calls = 256,
		.sccrq_peer = sccrq_peer,
		.sccrq_all = sccrq_all,
		.icrq_peer = icrq_peer,
		.icrq_all = icrq_all,
		.seed = 0x5eed,
	};

	ctl_l2tp_lim_fini(&lim);
	assert_int_equal(ctl_l2tp_lim_init(&lim, &c), 0);
}

static void
lim_setup(uint32_t max_tunnels, uint32_t per_peer, uint32_t sessions,
	  uint32_t half_open_calls)
{
	struct ctl_l2tp_lim_conf c = {
		.max_tunnels = max_tunnels,
		.max_tunnels_per_peer = per_peer,
		.max_sessions_per_peer = sessions,
		.max_half_open_calls = half_open_calls,
		.sccrq_peer = unlimited,
		.sccrq_all = unlimited,
		.icrq_peer = unlimited,
		.icrq_all = unlimited,
		.seed = 0x5eed,
	};

	ctl_l2tp_lim_fini(&lim);
	assert_int_equal(ctl_l2tp_lim_init(&lim, &c), 0);
}

static int
setup(void **state)
{
	(void)state;
	memset(tunnels, 0, sizeof(tunnels));
	lim_setup(64, 64, 1000, 256);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ctl_l2tp_lim_fini(&lim);
	return 0;
}

static void
test_half_open_cap(void **state)
{
	(void)state;
	lim_setup(4096, 64, 1000, 256);
	assert_int_equal(lim.max_half_open, 1024);
	lim_setup(64, 64, 1000, 256);
	assert_int_equal(lim.max_half_open, 64);
	lim_setup(0, 64, 1000, 256);
	assert_int_equal(lim.max_half_open, 1);
}

/* Every state but ESTABLISHED counts against the cap, CLOSING too. */
static void
test_half_open_states(void **state)
{
	static const enum l2tp_tunnel_state half[] = {
		L2TP_TUNNEL_IDLE, L2TP_TUNNEL_WAIT_CTL_CONN,
		L2TP_TUNNEL_CLOSING,
	};
	unsigned int i;

	lim_setup(8, 64, 1000, 256);
	/* Established tunnels never do. */
	tunnels[L2TP_TUNNEL_ESTABLISHED] = 1000;
	assert_int_equal(ctl_l2tp_lim_tunnel_admit(&lim, PEER_A, tunnels),
			 CTL_L2TP_LIM_OK);
	for (i = 0; i < sizeof(half) / sizeof(half[0]); i++) {
		memset(tunnels, 0, sizeof(tunnels));
		tunnels[half[i]] = 7;
		assert_int_equal(ctl_l2tp_lim_tunnel_admit(&lim, PEER_A,
							   tunnels),
				 CTL_L2TP_LIM_OK);
		tunnels[half[i]] = 8;
		assert_int_equal(ctl_l2tp_lim_tunnel_admit(&lim, PEER_A,
							   tunnels),
				 CTL_L2TP_LIM_HALF_OPEN);
	}
	/* And they add up. */
	memset(tunnels, 0, sizeof(tunnels));
	tunnels[L2TP_TUNNEL_IDLE] = 2;
	tunnels[L2TP_TUNNEL_WAIT_CTL_CONN] = 3;
	tunnels[L2TP_TUNNEL_CLOSING] = 3;
	assert_int_equal(ctl_l2tp_lim_tunnel_admit(&lim, PEER_A, tunnels),
			 CTL_L2TP_LIM_HALF_OPEN);
	(void)state;
}

/* The (N+1)th tunnel of one address is refused; other peers are not. */
static void
test_tunnels_per_peer(void **state)
{
	unsigned int i;

	(void)state;
	lim_setup(64, 3, 1000, 256);
	for (i = 0; i < 3; i++) {
		assert_int_equal(ctl_l2tp_lim_tunnel_admit(&lim, PEER_A,
							   tunnels),
				 CTL_L2TP_LIM_OK);
		ctl_l2tp_lim_tunnel_add(&lim, PEER_A);
	}
	assert_int_equal(ctl_l2tp_lim_peer_tunnels(&lim, PEER_A), 3);
	assert_int_equal(ctl_l2tp_lim_tunnel_admit(&lim, PEER_A, tunnels),
			 CTL_L2TP_LIM_PEER_TUNNELS);
	assert_int_equal(ctl_l2tp_lim_tunnel_admit(&lim, PEER_B, tunnels),
			 CTL_L2TP_LIM_OK);
	/* The global cap is checked first. */
	tunnels[L2TP_TUNNEL_CLOSING] = 64;
	assert_int_equal(ctl_l2tp_lim_tunnel_admit(&lim, PEER_A, tunnels),
			 CTL_L2TP_LIM_HALF_OPEN);
	tunnels[L2TP_TUNNEL_CLOSING] = 0;
	/* A freed tunnel makes room; the last one forgets the peer. */
	ctl_l2tp_lim_tunnel_del(&lim, PEER_A);
	assert_int_equal(ctl_l2tp_lim_tunnel_admit(&lim, PEER_A, tunnels),
			 CTL_L2TP_LIM_OK);
	ctl_l2tp_lim_tunnel_del(&lim, PEER_A);
	ctl_l2tp_lim_tunnel_del(&lim, PEER_A);
	assert_int_equal(ctl_l2tp_lim_peer_tunnels(&lim, PEER_A), 0);
	/* An unknown peer's tunnel freed twice changes nothing. */
	ctl_l2tp_lim_tunnel_del(&lim, PEER_A);
	assert_int_equal(ctl_l2tp_lim_peer_tunnels(&lim, PEER_A), 0);
}

/* Sessions per peer (any tunnel, any state), half-open calls per tunnel. */
static void
test_calls(void **state)
{
	unsigned int i;

	(void)state;
	lim_setup(64, 64, 5, 2);
	ctl_l2tp_lim_tunnel_add(&lim, PEER_A);
	ctl_l2tp_lim_tunnel_add(&lim, PEER_A);
	ctl_l2tp_lim_tunnel_add(&lim, PEER_B);
	/* Two calls waiting in this tunnel: a third must wait its turn. */
	assert_int_equal(ctl_l2tp_lim_call_admit(&lim, PEER_A, 1),
			 CTL_L2TP_LIM_OK);
	assert_int_equal(ctl_l2tp_lim_call_admit(&lim, PEER_A, 2),
			 CTL_L2TP_LIM_HALF_OPEN_CALLS);
	for (i = 0; i < 5; i++)
		ctl_l2tp_lim_session_add(&lim, PEER_A);
	assert_int_equal(ctl_l2tp_lim_peer_sessions(&lim, PEER_A), 5);
	assert_int_equal(ctl_l2tp_lim_call_admit(&lim, PEER_A, 0),
			 CTL_L2TP_LIM_PEER_SESSIONS);
	assert_int_equal(ctl_l2tp_lim_call_admit(&lim, PEER_B, 0),
			 CTL_L2TP_LIM_OK);
	ctl_l2tp_lim_session_del(&lim, PEER_A);
	assert_int_equal(ctl_l2tp_lim_call_admit(&lim, PEER_A, 0),
			 CTL_L2TP_LIM_OK);
	/* A peer without a tunnel has no calls to count. */
	ctl_l2tp_lim_session_add(&lim, 0x0a0000ffu);
	assert_int_equal(ctl_l2tp_lim_peer_sessions(&lim, 0x0a0000ffu), 0);
}

/* What a refusal says, and which limit it names. */
static void
test_verdict_words(void **state)
{
	(void)state;
	lim_setup(64, 3, 5, 2);
	assert_string_equal(ctl_l2tp_lim_name(CTL_L2TP_LIM_PEER_TUNNELS),
			    "max-tunnels-per-peer");
	assert_string_equal(ctl_l2tp_lim_text(CTL_L2TP_LIM_HALF_OPEN_CALLS),
			    "calls without ICCN in the tunnel");
	assert_int_equal(ctl_l2tp_lim_max(&lim, CTL_L2TP_LIM_HALF_OPEN), 64);
	assert_int_equal(ctl_l2tp_lim_max(&lim, CTL_L2TP_LIM_PEER_TUNNELS), 3);
	assert_int_equal(ctl_l2tp_lim_max(&lim, CTL_L2TP_LIM_PEER_SESSIONS), 5);
	assert_int_equal(ctl_l2tp_lim_max(&lim, CTL_L2TP_LIM_HALF_OPEN_CALLS),
			 2);
	assert_string_equal(ctl_l2tp_lim_name(CTL_L2TP_LIM_PEER_SCCRQ_RATE),
			    "sccrq-rate-per-peer");
	assert_string_equal(ctl_l2tp_lim_name(CTL_L2TP_LIM_ICRQ_RATE),
			    "icrq-rate");
	assert_string_equal(ctl_l2tp_lim_text(CTL_L2TP_LIM_PEER_ICRQ_RATE),
			    "call rate of the peer");
	assert_string_equal(ctl_l2tp_lim_name((enum ctl_l2tp_lim_verdict)99),
			    "?");
}

/*
 * The table against a plain array under random adds and deletes of up to
 * max_tunnels tunnels over more addresses than that, in a table as small
 * as it gets: every count stays right through backward-shift deletion.
 */
static void
test_table_model(void **state)
{
	enum { MAXT = 64, NADDR = 200, STEPS = 200000 };
	uint32_t model[NADDR] = { 0 }, total = 0, addr, i, k;

	(void)state;
	lim_setup(MAXT, MAXT, 1000, 256);
	srand(2661);
	for (i = 0; i < STEPS; i++) {
		k = (uint32_t)rand() % NADDR;
		/* Neighbouring addresses, and far ones. */
		addr = k < NADDR / 2 ? 0xc0000200u + k : (uint32_t)k << 20;
		if (rand() % 2 == 0 && total < MAXT) {
			ctl_l2tp_lim_tunnel_add(&lim, addr);
			model[k]++;
			total++;
		} else if (model[k] > 0) {
			ctl_l2tp_lim_tunnel_del(&lim, addr);
			model[k]--;
			total--;
		}
		if (i % 997 == 0)
			for (k = 0; k < NADDR; k++)
				assert_int_equal(ctl_l2tp_lim_peer_tunnels(&lim,
				    k < NADDR / 2 ? 0xc0000200u + k :
				    (uint32_t)k << 20), model[k]);
	}
}

/* ---- rates ------------------------------------------------------------ */

/* n requests of addr at now: how many were let through. */
static unsigned int
sccrqs(uint32_t addr, unsigned int n, uint64_t now,
       enum ctl_l2tp_lim_verdict *last)
{
	unsigned int ok = 0;

	while (n-- > 0) {
		*last = ctl_l2tp_lim_sccrq_rate(&lim, addr, now);
		ok += *last == CTL_L2TP_LIM_OK;
	}
	return ok;
}

/* A bucket: its burst at once, then its rate, never above its burst. */
static void
test_bucket(void **state)
{
	const struct ctl_l2tp_rate r = { 10, 5 };	/* 10/s, burst 5 */
	struct ctl_l2tp_bucket b;
	uint64_t t0 = 1000000;
	unsigned int i;

	(void)state;
	ctl_l2tp_bucket_fill(&b, &r);
	assert_true(ctl_l2tp_bucket_full(&b, &r, 0));
	for (i = 0; i < 5; i++) {
		assert_true(ctl_l2tp_bucket_ready(&b, &r, t0));
		ctl_l2tp_bucket_take(&b, &r);
	}
	assert_false(ctl_l2tp_bucket_ready(&b, &r, t0));
	/* One token per 100 ms: not before. */
	assert_false(ctl_l2tp_bucket_ready(&b, &r, t0 + 99));
	assert_true(ctl_l2tp_bucket_ready(&b, &r, t0 + 100));
	ctl_l2tp_bucket_take(&b, &r);
	assert_false(ctl_l2tp_bucket_ready(&b, &r, t0 + 150));
	/* A clock that goes back gives nothing (and takes nothing back). */
	assert_false(ctl_l2tp_bucket_ready(&b, &r, t0));
	assert_true(ctl_l2tp_bucket_ready(&b, &r, t0 + 200));
	/* Refilled to the burst, not beyond: 5 after a long pause. */
	assert_false(ctl_l2tp_bucket_full(&b, &r, t0 + 599));
	assert_true(ctl_l2tp_bucket_full(&b, &r, t0 + 700));
	for (i = 0; i < 6; i++) {
		if (!ctl_l2tp_bucket_ready(&b, &r, UINT64_MAX / 2))
			break;
		ctl_l2tp_bucket_take(&b, &r);
	}
	assert_int_equal(i, 5);
	/* Rates below one a millisecond still add up: 1/s. */
	{
		const struct ctl_l2tp_rate slow = { 1, 1 };

		ctl_l2tp_bucket_fill(&b, &slow);
		assert_true(ctl_l2tp_bucket_ready(&b, &slow, t0));
		ctl_l2tp_bucket_take(&b, &slow);
		assert_false(ctl_l2tp_bucket_ready(&b, &slow, t0 + 999));
		assert_true(ctl_l2tp_bucket_ready(&b, &slow, t0 + 1000));
	}
	/* The largest rate and burst fit the thousandths. */
	{
		const struct ctl_l2tp_rate big = { CTL_L2TP_RATE_MAX,
						   CTL_L2TP_RATE_MAX };

		ctl_l2tp_bucket_fill(&b, &big);
		assert_true(ctl_l2tp_bucket_ready(&b, &big, UINT64_MAX));
		assert_int_equal(b.milli, CTL_L2TP_RATE_MAX * 1000u);
	}
	/* Rate 0: never runs out. */
	ctl_l2tp_bucket_fill(&b, &unlimited);
	for (i = 0; i < 1000; i++) {
		assert_true(ctl_l2tp_bucket_ready(&b, &unlimited, t0));
		ctl_l2tp_bucket_take(&b, &unlimited);
	}
}

/* Rates and bursts lnsd cannot count are refused at set-up. */
static void
test_rate_conf(void **state)
{
	struct ctl_l2tp_lim_conf c = {
		.max_tunnels = 64, .max_tunnels_per_peer = 64,
		.max_sessions_per_peer = 1, .max_half_open_calls = 1,
		.sccrq_peer = { 10, 64 }, .sccrq_all = { 256, 1024 },
		.icrq_peer = { 2000, 4000 }, .icrq_all = { 10000, 20000 },
	};
	struct ctl_l2tp_lim l;

	(void)state;
	assert_int_equal(ctl_l2tp_lim_init(&l, &c), 0);
	ctl_l2tp_lim_fini(&l);
	c.icrq_peer.burst = 0;
	assert_int_equal(ctl_l2tp_lim_init(&l, &c), -EINVAL);
	ctl_l2tp_lim_fini(&l);
	c.icrq_peer.burst = 1;
	c.sccrq_all.per_s = CTL_L2TP_RATE_MAX + 1;
	assert_int_equal(ctl_l2tp_lim_init(&l, &c), -EINVAL);
	ctl_l2tp_lim_fini(&l);
	c.sccrq_all.per_s = 0;
	c.sccrq_peer.burst = CTL_L2TP_RATE_MAX + 1;
	assert_int_equal(ctl_l2tp_lim_init(&l, &c), -EINVAL);
	ctl_l2tp_lim_fini(&l);
}

/*
 * One source over its SCCRQ rate is refused; the others are not, and its
 * refusals spend nothing of the global bucket.
 */
static void
test_sccrq_rate_per_peer(void **state)
{
	enum ctl_l2tp_lim_verdict v;
	uint64_t t = 5000;

	(void)state;
	/* 2/s burst 4 per source; 6 in all at once. */
	lim_setup_rates(64, (struct ctl_l2tp_rate){ 2, 4 },
			(struct ctl_l2tp_rate){ 1, 6 }, unlimited, unlimited);
	assert_int_equal(sccrqs(PEER_A, 100, t, &v), 4);
	assert_int_equal(v, CTL_L2TP_LIM_PEER_SCCRQ_RATE);
	/* A's 96 refusals took no global token: B gets the 2 left. */
	assert_int_equal(sccrqs(PEER_B, 2, t, &v), 2);
	assert_int_equal(v, CTL_L2TP_LIM_OK);
	assert_int_equal(sccrqs(PEER_B, 1, t, &v), 0);
	assert_int_equal(v, CTL_L2TP_LIM_SCCRQ_RATE);
	/* Half a second: one token for A, half a one in all. */
	assert_int_equal(sccrqs(PEER_A, 5, t + 500, &v), 0);
	assert_int_equal(v, CTL_L2TP_LIM_SCCRQ_RATE);
	/* A second: A kept its token and got another; one in all. */
	assert_int_equal(sccrqs(PEER_A, 5, t + 1000, &v), 1);
	assert_int_equal(v, CTL_L2TP_LIM_SCCRQ_RATE);
	/* Ten seconds: never more than A's burst of 4 at once. */
	assert_int_equal(sccrqs(PEER_A, 10, t + 11000, &v), 4);
	assert_int_equal(v, CTL_L2TP_LIM_PEER_SCCRQ_RATE);
	assert_int_equal(lim.src_no_slot, 0);
	assert_int_equal(ctl_l2tp_lim_max(&lim, CTL_L2TP_LIM_PEER_SCCRQ_RATE),
			 2);
	assert_int_equal(ctl_l2tp_lim_max(&lim, CTL_L2TP_LIM_SCCRQ_RATE), 1);
}

/*
 * A source the global bucket refuses keeps its own token: it is not
 * charged twice for one SCCRQ when the box is busy.
 */
static void
test_sccrq_rate_global(void **state)
{
	enum ctl_l2tp_lim_verdict v;
	uint32_t a;

	(void)state;
	lim_setup_rates(64, (struct ctl_l2tp_rate){ 1, 1 },
			(struct ctl_l2tp_rate){ 1, 3 }, unlimited, unlimited);
	for (a = 1; a <= 3; a++)
		assert_int_equal(sccrqs(0x0c000000u + a, 1, 0, &v), 1);
	assert_int_equal(sccrqs(PEER_B, 1, 0, &v), 0);
	assert_int_equal(v, CTL_L2TP_LIM_SCCRQ_RATE);
	/* One global token later, B's own token is still there. */
	assert_int_equal(sccrqs(PEER_B, 1, 1000, &v), 1);
	assert_int_equal(sccrqs(PEER_B, 1, 1000, &v), 0);
	assert_int_equal(v, CTL_L2TP_LIM_PEER_SCCRQ_RATE);
}

/*
 * A flood of SCCRQs from a million forged sources: the source table
 * never grows (its slots are all there is), a source already over its
 * rate keeps its bucket through the flood (only full buckets are given
 * away), sources that find no slot are judged by the global bucket and
 * counted, and once the flood's buckets refill every slot is free again.
 */
static void
test_sccrq_spoofed_flood(void **state)
{
	enum ctl_l2tp_lim_verdict v;
	uint32_t i, slots, admitted = 0;
	uint64_t t = 10000;

	(void)state;
	/* 1/s burst 2 per source, no global limit. */
	lim_setup_rates(64, (struct ctl_l2tp_rate){ 1, 2 }, unlimited,
			unlimited, unlimited);
	slots = lim.src_mask + 1;
	assert_int_equal(slots, 1024);
	assert_int_equal(ctl_l2tp_lim_src_busy(&lim, t), 0);
	/* A uses its burst: busy. */
	assert_int_equal(sccrqs(PEER_A, 3, t, &v), 2);
	assert_int_equal(v, CTL_L2TP_LIM_PEER_SCCRQ_RATE);
	for (i = 0; i < 1000000; i++)
		admitted += ctl_l2tp_lim_sccrq_rate(&lim, 0x0b000000u + i, t) ==
			CTL_L2TP_LIM_OK;
	/* Every slot busy, none more; the rest judged by the global bucket. */
	assert_int_equal(lim.src_mask + 1, slots);
	assert_int_equal(ctl_l2tp_lim_src_busy(&lim, t), slots);
	assert_int_equal(admitted, 1000000);
	assert_int_equal(lim.src_no_slot, 1000000 - (slots - 1));
	/* A's bucket survived the flood: still refused. */
	assert_int_equal(sccrqs(PEER_A, 1, t, &v), 0);
	assert_int_equal(v, CTL_L2TP_LIM_PEER_SCCRQ_RATE);
	/* Two seconds on every bucket is full again, every slot free. */
	assert_int_equal(ctl_l2tp_lim_src_busy(&lim, t + 2000), 0);
	assert_int_equal(sccrqs(PEER_B, 3, t + 2000, &v), 2);
	assert_int_equal(v, CTL_L2TP_LIM_PEER_SCCRQ_RATE);
	assert_int_equal(lim.src_no_slot, 1000000 - (slots - 1));
	assert_int_equal(ctl_l2tp_lim_src_busy(&lim, t + 2000), 1);
}

/* The same flood with a global rate: what finds no slot meets it. */
static void
test_sccrq_no_slot_global(void **state)
{
	uint32_t i, admitted = 0;

	(void)state;
	lim_setup_rates(64, (struct ctl_l2tp_rate){ 1, 1 },
			(struct ctl_l2tp_rate){ 100, 2000 }, unlimited,
			unlimited);
	for (i = 0; i < 100000; i++)
		admitted += ctl_l2tp_lim_sccrq_rate(&lim, 0x0b000000u + i, 0) ==
			CTL_L2TP_LIM_OK;
	assert_int_equal(admitted, 2000);
	assert_true(lim.src_no_slot > 0);
	assert_true(ctl_l2tp_lim_src_busy(&lim, 0) <= lim.src_mask + 1);
}

/*
 * ICRQs per peer (its bucket is in its tunnels' entry) and in all: taken
 * only when both have a token.
 */
static void
test_icrq_rate(void **state)
{
	enum ctl_l2tp_lim_verdict v = CTL_L2TP_LIM_OK;
	unsigned int i, ok;

	(void)state;
	lim_setup_rates(64, unlimited, unlimited,
			(struct ctl_l2tp_rate){ 1000, 50 },
			(struct ctl_l2tp_rate){ 100, 80 });
	ctl_l2tp_lim_tunnel_add(&lim, PEER_A);
	ctl_l2tp_lim_tunnel_add(&lim, PEER_B);
	for (i = ok = 0; i < 1000; i++) {
		v = ctl_l2tp_lim_icrq_rate(&lim, PEER_A, 0);
		ok += v == CTL_L2TP_LIM_OK;
	}
	assert_int_equal(ok, 50);
	assert_int_equal(v, CTL_L2TP_LIM_PEER_ICRQ_RATE);
	/* B: the 30 the box has left, then the global limit. */
	for (i = ok = 0; i < 40; i++) {
		v = ctl_l2tp_lim_icrq_rate(&lim, PEER_B, 0);
		ok += v == CTL_L2TP_LIM_OK;
	}
	assert_int_equal(ok, 30);
	assert_int_equal(v, CTL_L2TP_LIM_ICRQ_RATE);
	/* 10 ms: 10 for A, 1 in all. */
	assert_int_equal(ctl_l2tp_lim_icrq_rate(&lim, PEER_A, 10),
			 CTL_L2TP_LIM_OK);
	assert_int_equal(ctl_l2tp_lim_icrq_rate(&lim, PEER_A, 10),
			 CTL_L2TP_LIM_ICRQ_RATE);
	/* A peer without a tunnel has no bucket: the global one alone. */
	assert_int_equal(ctl_l2tp_lim_icrq_rate(&lim, 0x0a0000ffu, 1000),
			 CTL_L2TP_LIM_OK);
	assert_int_equal(ctl_l2tp_lim_max(&lim, CTL_L2TP_LIM_PEER_ICRQ_RATE),
			 1000);
	assert_int_equal(ctl_l2tp_lim_max(&lim, CTL_L2TP_LIM_ICRQ_RATE), 100);
}

/* A reload's new limits: what peers hold is kept, the new caps apply. */
static void
test_lim_set(void **state)
{
	struct ctl_l2tp_lim_conf c = {
		.max_tunnels = 64,
		.max_tunnels_per_peer = 4,
		.max_sessions_per_peer = 3,
		.max_half_open_calls = 256,
		.sccrq_peer = unlimited,
		.sccrq_all = unlimited,
		.icrq_peer = { 1, 1 },
		.icrq_all = unlimited,
	};
	struct ctl_l2tp_lim_conf bad = c;

	(void)state;
	lim_setup(64, 2, 1000, 256);
	ctl_l2tp_lim_tunnel_add(&lim, PEER_A);
	ctl_l2tp_lim_tunnel_add(&lim, PEER_A);
	ctl_l2tp_lim_session_add(&lim, PEER_A);
	ctl_l2tp_lim_session_add(&lim, PEER_A);
	ctl_l2tp_lim_session_add(&lim, PEER_A);
	tunnels[L2TP_TUNNEL_ESTABLISHED] = 2;
	assert_int_equal(ctl_l2tp_lim_tunnel_admit(&lim, PEER_A, tunnels),
			 CTL_L2TP_LIM_PEER_TUNNELS);
	assert_int_equal(ctl_l2tp_lim_call_admit(&lim, PEER_A, 0),
			 CTL_L2TP_LIM_OK);
	/* An out-of-range rate: refused, nothing changed. */
	bad.icrq_peer.burst = 0;
	assert_int_equal(ctl_l2tp_lim_set(&lim, &bad), -EINVAL);
	assert_int_equal(ctl_l2tp_lim_tunnel_admit(&lim, PEER_A, tunnels),
			 CTL_L2TP_LIM_PEER_TUNNELS);
	assert_int_equal(ctl_l2tp_lim_set(&lim, &c), 0);
	assert_int_equal(ctl_l2tp_lim_peer_tunnels(&lim, PEER_A), 2);
	assert_int_equal(ctl_l2tp_lim_peer_sessions(&lim, PEER_A), 3);
	assert_int_equal(ctl_l2tp_lim_tunnel_admit(&lim, PEER_A, tunnels),
			 CTL_L2TP_LIM_OK);
	assert_int_equal(ctl_l2tp_lim_call_admit(&lim, PEER_A, 0),
			 CTL_L2TP_LIM_PEER_SESSIONS);
	/* The new ICRQ rate: one token of burst, then none for 1 s. */
	assert_int_equal(ctl_l2tp_lim_icrq_rate(&lim, PEER_A, 100000),
			 CTL_L2TP_LIM_OK);
	assert_int_equal(ctl_l2tp_lim_icrq_rate(&lim, PEER_A, 100001),
			 CTL_L2TP_LIM_PEER_ICRQ_RATE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_half_open_cap, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_half_open_states, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tunnels_per_peer, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_calls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verdict_words, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_table_model, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bucket, setup, teardown),
		cmocka_unit_test(test_rate_conf),
		cmocka_unit_test_setup_teardown(test_sccrq_rate_per_peer, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sccrq_rate_global, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sccrq_spoofed_flood, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sccrq_no_slot_global,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_icrq_rate, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lim_set, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
