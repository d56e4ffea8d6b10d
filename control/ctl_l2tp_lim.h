/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The admission decisions of the L2TP glue (ctl_l2tp*.c): may one more
 * tunnel be made? Every tunnel a peer starts is allocated state, so what
 * unfinished tunnels hold in all is bounded. Apart from the glue and
 * without DPDK so that it is unit tested alone; used by ctl_l2tp*.c only.
 * Control lcore only.
 */
#ifndef LNS_CTL_L2TP_LIM_H
#define LNS_CTL_L2TP_LIM_H

#include <stdint.h>

#include "l2tp_tunnel.h"

enum ctl_l2tp_lim_verdict {
	CTL_L2TP_LIM_OK = 0,
	CTL_L2TP_LIM_HALF_OPEN,		/* too many tunnels not established */
};

struct ctl_l2tp_lim {
	uint32_t max_half_open;		/* tunnels not established, in all */
};

/*
 * Set up l for a box of max_tunnels: at most min(max_tunnels, 1024)
 * tunnels not established at once, so a flood of SCCRQs cannot keep
 * established LACs from reconnecting.
 */
void ctl_l2tp_lim_init(struct ctl_l2tp_lim *l, uint32_t max_tunnels);

/*
 * May a new tunnel be made, with tunnels[] the tunnels in the box by
 * state (ctl_l2tp_gauges.tunnels)? Every tunnel that is not established
 * is half open: IDLE, WAIT_CTL_CONN, and CLOSING too — a tunnel closing
 * from set-up holds its slot for the §5.7 hold period, so a peer that gets
 * its tunnels refused or timed out must not escape the cap.
 */
enum ctl_l2tp_lim_verdict ctl_l2tp_lim_tunnel_admit(
	const struct ctl_l2tp_lim *l,
	const uint64_t tunnels[L2TP_TUNNEL_CLOSING + 1]);

#endif /* LNS_CTL_L2TP_LIM_H */
