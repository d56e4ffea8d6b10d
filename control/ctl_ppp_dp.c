/* SPDX-License-Identifier: BSD-3-Clause
 *
 * A PPP link's dataplane session: ADD when IPCP is open (the subscriber
 * is up), DELETE when it goes; each presence's counters (dp_api.h) are
 * folded into the accounting session's (ctl_ppp_acct.c). Its rates are
 * picked at ADD (ctl_ppp_qos.c).
 */
#include <string.h>

#include "ctl_loop.h"
#include "ctl_ppp_priv.h"
#include "ctl_push.h"
#include "dp_api.h"

void
ctl_ppp_dp_sub(const struct ctl_ppp *pp, struct ctl_push_sub *sub)
{
	memset(sub, 0, sizeof(*sub));
	sub->addr = pp->addr;
	sub->our_mru = pp->lcp.conf.mru;
	sub->peer_mru = pp->lcp.peer_mru;
	sub->next_ns = pp->data_ns;
	sub->qos = pp->qos.rates;
	ctl_l2tp_call_path(pp->cs, &sub->path);
	if (pp->lcp.acfc)
		sub->flags |= DP_SESS_F_ACFC;
	if (pp->lcp.pfc)
		sub->flags |= DP_SESS_F_PFC;
	if (ctl_ppp_ctx.ipv6cp && ctl_ppp_ipv6cp_state(pp) == PPP_FSM_OPENED &&
	    pp->ip6 != NULL) {
		sub->flags |= DP_SESS_F_IPV6;
		ctl_ppp_ip6_sub(pp, sub);
	}
}

int
ctl_ppp_dp_up(struct ctl_ppp *pp)
{
	struct ctl_push_sub sub;
	int rc;

	ctl_ppp_qos_pick(pp, ctl_now_ms());
	ctl_ppp_dp_sub(pp, &sub);
	rc = ctl_push_add(&sub, &pp->session_index);
	if (rc != 0)
		return rc;
	/* The index may have carried traffic before: count from here. */
	dp_session_counters(pp->session_index, &pp->ctr_base);
	pp->pushed = true;
	ctl_qos_count(&pp->qos, 1);
	return 0;
}

void
ctl_ppp_dp_down(struct ctl_ppp *pp)
{
	if (!pp->pushed)
		return;
	/* This presence's counters join the accounting session's sum. */
	ctl_ppp_acct_counters(pp, &pp->acct.sum);
	ctl_push_delete(pp->session_index, &pp->data_ns);
	pp->pushed = false;
	ctl_qos_count(&pp->qos, -1);
}
