/* SPDX-License-Identifier: BSD-3-Clause
 * Admission of new L2TP tunnels and calls (control/ctl_l2tp_lim.c).
 */
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

static void
lim_setup(uint32_t max_tunnels, uint32_t per_peer, uint32_t sessions,
	  uint32_t half_open_calls)
{
	struct ctl_l2tp_lim_conf c = {
		.max_tunnels = max_tunnels,
		.max_tunnels_per_peer = per_peer,
		.max_sessions_per_peer = sessions,
		.max_half_open_calls = half_open_calls,
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
