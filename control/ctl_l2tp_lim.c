/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Admission of new tunnels (ctl_l2tp_lim.h).
 */
#include "ctl_l2tp_lim.h"

/* Half-open tunnels in all, when max_tunnels is larger. */
#define CTL_L2TP_LIM_HALF_OPEN_MAX	1024u

void
ctl_l2tp_lim_init(struct ctl_l2tp_lim *l, uint32_t max_tunnels)
{
	l->max_half_open = max_tunnels < CTL_L2TP_LIM_HALF_OPEN_MAX ?
		max_tunnels : CTL_L2TP_LIM_HALF_OPEN_MAX;
	if (l->max_half_open == 0)
		l->max_half_open = 1;
}

enum ctl_l2tp_lim_verdict
ctl_l2tp_lim_tunnel_admit(const struct ctl_l2tp_lim *l,
			  const uint64_t tunnels[L2TP_TUNNEL_CLOSING + 1])
{
	uint64_t half_open = tunnels[L2TP_TUNNEL_IDLE] +
		tunnels[L2TP_TUNNEL_WAIT_CTL_CONN] +
		tunnels[L2TP_TUNNEL_CLOSING];

	return half_open >= l->max_half_open ? CTL_L2TP_LIM_HALF_OPEN :
		CTL_L2TP_LIM_OK;
}
