/* SPDX-License-Identifier: BSD-3-Clause
 *
 * A PPP link's dataplane session: ADD when IPCP is open (the subscriber
 * is up), DELETE when it goes, with one accounting line per dataplane
 * presence from the dataplane's per-session counters (dp_api.h).
 */
#include <inttypes.h>

#include <rte_byteorder.h>

#include "ctl_loop.h"
#include "ctl_ppp_priv.h"
#include "ctl_push.h"
#include "dp_api.h"
#include "lns_ipv4.h"
#include "lns_log.h"

int
ctl_ppp_dp_up(struct ctl_ppp *pp)
{
	struct ctl_push_sub sub = {
		.addr = pp->addr,
		.our_mru = pp->lcp.conf.mru,
		.peer_mru = pp->lcp.peer_mru,
		.next_ns = pp->data_ns,
	};
	int rc;

	ctl_l2tp_call_path(pp->cs, &sub.path);
	if (pp->lcp.acfc)
		sub.flags |= DP_SESS_F_ACFC;
	if (pp->lcp.pfc)
		sub.flags |= DP_SESS_F_PFC;
	if (ctl_ppp_ctx.ipv6cp && pp->ipv6cp.fsm.state == PPP_FSM_OPENED)
		sub.flags |= DP_SESS_F_IPV6;
	rc = ctl_push_add(&sub, &pp->session_index);
	if (rc != 0)
		return rc;
	/* The index may have carried traffic before: count from here. */
	dp_session_counters(pp->session_index, &pp->ctr_base);
	pp->up_since = ctl_now_ms();
	pp->pushed = true;
	return 0;
}

/* One accounting line per dataplane presence of a session. */
static void
ctl_ppp_dp_account(const struct ctl_ppp *pp)
{
	struct dp_session_counters c;
	char ip[LNS_IPV4_STRLEN];

	dp_session_counters(pp->session_index, &c);
	LNS_LOG(NOTICE, ppp, "tunnel=%u session=%u event=accounting user=\"%s\" ip=%s up_pkts=%" PRIu64 " up_bytes=%" PRIu64 " down_pkts=%" PRIu64 " down_bytes=%" PRIu64 " seconds=%" PRIu64,
		pp->tid, pp->sid, pp->user,
		lns_ipv4_str(rte_cpu_to_be_32(pp->addr), ip),
		c.up_pkts - pp->ctr_base.up_pkts,
		c.up_bytes - pp->ctr_base.up_bytes,
		c.down_pkts - pp->ctr_base.down_pkts,
		c.down_bytes - pp->ctr_base.down_bytes,
		(ctl_now_ms() - pp->up_since) / 1000);
}

void
ctl_ppp_dp_down(struct ctl_ppp *pp)
{
	if (!pp->pushed)
		return;
	ctl_ppp_dp_account(pp);
	ctl_push_delete(pp->session_index, &pp->data_ns);
	pp->pushed = false;
}
