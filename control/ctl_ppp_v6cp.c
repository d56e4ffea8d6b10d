/* SPDX-License-Identifier: BSD-3-Clause
 *
 * A session's IPv6CP state (struct ppp_ipv6cp), allocated only while it
 * is needed. A session of an IPv4-only lnsd (ppp.ipv6cp off) never has
 * one. Otherwise the network phase allocates it; it is freed again while
 * idle: Stopped with no timer, no IPv6 up and no Interface-Identifier
 * assigned by the AAA, which is where it ends when the subscriber
 * Protocol-Rejects IPv6CP or never answers (an IPv4-only subscriber).
 * The session then keeps its state and last Identifier (two octets);
 * the next event for it (a packet, a Protocol-Reject, an LCP
 * renegotiation) wakes it as it was. A negotiation from Stopped starts
 * afresh (its Interface-Identifier is drawn again, ops->reset), so what
 * else the freed state held is not needed again.
 */
#include <stdlib.h>

#include "ctl_ppp_priv.h"
#include "ctl_stats.h"

struct ppp_ipv6cp *
ctl_ppp_ipv6cp_wake(struct ctl_ppp *pp)
{
	struct ppp_ipv6cp_conf vc = { 0 };
	struct ppp_ipv6cp *v6;

	if (pp->ipv6cp != NULL || pp->ipv6cp_idle == 0)
		return pp->ipv6cp;
	v6 = malloc(sizeof(*v6));
	if (v6 == NULL) {
		CTL_COUNT(IPV6_NO_MEMORY);
		return NULL;
	}
	/* Idle only without an assigned Interface-Identifier: vc is it. */
	ppp_ipv6cp_init(v6, &vc);
	ctl_ppp_ncp_attach(pp, &v6->fsm);
	ppp_fsm_set_state(&v6->fsm, (enum ppp_fsm_state)pp->ipv6cp_idle);
	v6->fsm.id = pp->ipv6cp_idle_id;
	pp->ipv6cp_idle = 0;
	pp->ipv6cp = v6;
	return v6;
}

struct ppp_ipv6cp *
ctl_ppp_ipv6cp_get(struct ctl_ppp *pp)
{
	if (pp->ipv6cp == NULL && pp->ipv6cp_idle == 0) {
		pp->ipv6cp = calloc(1, sizeof(*pp->ipv6cp));
		/* Without it the session is IPv4 only, as if IPv6CP were off. */
		if (pp->ipv6cp == NULL)
			CTL_COUNT(IPV6_NO_MEMORY);
		return pp->ipv6cp;
	}
	return ctl_ppp_ipv6cp_wake(pp);
}

void
ctl_ppp_ipv6cp_settle(struct ctl_ppp *pp)
{
	struct ppp_ipv6cp *v6 = pp->ipv6cp;

	if (v6 == NULL || v6->fsm.state != PPP_FSM_STOPPED ||
	    v6->fsm.timer_on || v6->conf.peer_ifid != 0 || pp->ip6 != NULL)
		return;
	pp->ipv6cp_idle = (uint8_t)v6->fsm.state;
	pp->ipv6cp_idle_id = v6->fsm.id;
	pp->ipv6cp = NULL;
	free(v6);
}
