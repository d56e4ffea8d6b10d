/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Control lcore event loop: punted frames, timers, nothing blocking.
 * When idle it backs off with short sleeps (up to CTL_IDLE_MAX_US) so an
 * idle box does not burn the control core.
 */
#include <signal.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_mbuf.h>

#include "ctl_aaa.h"
#include "ctl_arp.h"
#include "ctl_icmp.h"
#include "ctl_icmp_err.h"
#include "ctl_l2tp.h"
#include "ctl_loop.h"
#include "ctl_ppp.h"
#include "ctl_sock.h"
#include "ctl_stats.h"
#include "ctl_watchdog.h"
#include "dp_api.h"
#include "lns_log.h"

RTE_LOG_REGISTER(lns_logtype_ctl, lnsd.ctl, INFO);

#define CTL_BURST 32
#define CTL_TICK_MS 10
#define CTL_IDLE_SPIN 64	/* empty polls before sleeping */
#define CTL_IDLE_MAX_US 1000
#define CTL_DRAIN_MS 2000

/* Written by signal handlers: one request drains, a second stops now. */
static volatile sig_atomic_t ctl_quit, ctl_quit_now;

void
ctl_loop_request_stop(void)
{
	if (ctl_quit)
		ctl_quit_now = 1;
	ctl_quit = 1;
}

uint64_t
ctl_now_ms(void)
{
	static uint64_t per_ms;

	if (per_ms == 0)
		per_ms = rte_get_timer_hz() / 1000;
	return rte_get_timer_cycles() / per_ms;
}

static void
ctl_dispatch(struct rte_mbuf *m, uint64_t now)
{
	switch (dp_punt_meta(m)->reason) {
	case DP_PUNT_ARP:
		ctl_arp_input(m, now);
		break;
	case DP_PUNT_ICMP_LOCAL:
		ctl_icmp_input(m);
		break;
	case DP_PUNT_L2TP_CTRL:
		ctl_l2tp_input(m, now);
		break;
	case DP_PUNT_PPP_CTRL:
		ctl_ppp_input(m, now);
		break;
	case DP_PUNT_TTL_EXPIRED:
	case DP_PUNT_FRAG_NEEDED:
		ctl_icmp_err_input(m, now);
		break;
	case DP_PUNT_IPV6_LINK_LOCAL:
		ctl_icmp_err_link_local(m);
		break;
	default:
		rte_pktmbuf_free(m);
		break;
	}
}

static void
ctl_idle(unsigned int idle)
{
	struct timespec ts;
	unsigned int us;

	if (idle < CTL_IDLE_SPIN)
		return;
	us = RTE_MIN((idle - CTL_IDLE_SPIN + 1) * 10, (unsigned int)CTL_IDLE_MAX_US);
	ts.tv_sec = 0;
	ts.tv_nsec = (long)us * 1000;
	nanosleep(&ts, NULL);
}

void
ctl_loop_run(void)
{
	struct rte_mbuf *pkts[CTL_BURST];
	uint64_t now, next_tick = 0, drain_end = 0;
	unsigned int i, n, idle = 0;
	bool busy;

	LNS_LOG(INFO, ctl, "event=loop-start lcore=%u", rte_lcore_id());
	while (!ctl_quit_now) {
		n = dp_punt_dequeue(pkts, CTL_BURST);
		now = ctl_now_ms();
		for (i = 0; i < n; i++)
			ctl_dispatch(pkts[i], now);
		dp_session_reclaim();
		ctl_aaa_poll(now);
		/* A listing being streamed keeps the loop from sleeping. */
		busy = ctl_sock_poll(now);
		if (now >= next_tick) {
			ctl_arp_timer(now);
			ctl_watchdog_tick(now);
			ctl_l2tp_timer(now);
			ctl_ppp_timer(now);
			next_tick = now + CTL_TICK_MS;
		}
		if (unlikely(ctl_quit)) {
			if (drain_end == 0) {
				LNS_LOG(NOTICE, ctl, "event=draining");
				ctl_ppp_shutdown();
				ctl_l2tp_shutdown(now);
				drain_end = now + CTL_DRAIN_MS;
			} else if (now >= drain_end || ctl_l2tp_quiet()) {
				break;
			}
		}
		idle = n || busy ? 0 : idle + 1;
		ctl_idle(idle);
	}
	LNS_LOG(INFO, ctl, "event=loop-stop");
}
