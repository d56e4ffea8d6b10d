/* SPDX-License-Identifier: BSD-3-Clause
 * Admission of new L2TP tunnels (control/ctl_l2tp_lim.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ctl_l2tp_lim.h"

static uint64_t tunnels[L2TP_TUNNEL_CLOSING + 1];

static int
setup(void **state)
{
	(void)state;
	memset(tunnels, 0, sizeof(tunnels));
	return 0;
}

static void
test_half_open_cap(void **state)
{
	struct ctl_l2tp_lim l;

	(void)state;
	ctl_l2tp_lim_init(&l, 4096);
	assert_int_equal(l.max_half_open, 1024);
	ctl_l2tp_lim_init(&l, 64);
	assert_int_equal(l.max_half_open, 64);
	ctl_l2tp_lim_init(&l, 0);
	assert_int_equal(l.max_half_open, 1);
}

/* Every state but ESTABLISHED counts against the cap, CLOSING too. */
static void
test_half_open_states(void **state)
{
	static const enum l2tp_tunnel_state half[] = {
		L2TP_TUNNEL_IDLE, L2TP_TUNNEL_WAIT_CTL_CONN,
		L2TP_TUNNEL_CLOSING,
	};
	struct ctl_l2tp_lim l;
	unsigned int i;

	(void)state;
	ctl_l2tp_lim_init(&l, 8);
	/* Established tunnels never do. */
	tunnels[L2TP_TUNNEL_ESTABLISHED] = 1000;
	assert_int_equal(ctl_l2tp_lim_tunnel_admit(&l, tunnels),
			 CTL_L2TP_LIM_OK);
	for (i = 0; i < sizeof(half) / sizeof(half[0]); i++) {
		setup(NULL);
		tunnels[half[i]] = 7;
		assert_int_equal(ctl_l2tp_lim_tunnel_admit(&l, tunnels),
				 CTL_L2TP_LIM_OK);
		tunnels[half[i]] = 8;
		assert_int_equal(ctl_l2tp_lim_tunnel_admit(&l, tunnels),
				 CTL_L2TP_LIM_HALF_OPEN);
	}
	/* And they add up. */
	setup(NULL);
	tunnels[L2TP_TUNNEL_IDLE] = 2;
	tunnels[L2TP_TUNNEL_WAIT_CTL_CONN] = 3;
	tunnels[L2TP_TUNNEL_CLOSING] = 3;
	assert_int_equal(ctl_l2tp_lim_tunnel_admit(&l, tunnels),
			 CTL_L2TP_LIM_HALF_OPEN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_half_open_cap, setup),
		cmocka_unit_test_setup(test_half_open_states, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
