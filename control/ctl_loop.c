/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Control lcore event loop: punted frames, timers, nothing blocking.
 * When idle it backs off with short sleeps (up to CTL_IDLE_MAX_US) so an
 * idle box does not burn the control core.
 */
#include <inttypes.h>
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
#include "ctl_metrics.h"
#include "ctl_nd6.h"
#include "ctl_ppp.h"
#include "ctl_reload.h"
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
/* Written by signal handlers, taken by the loop's next pass. */
static volatile sig_atomic_t ctl_reload_req, ctl_summary_req;

void
ctl_loop_request_reload(void)
{
	ctl_reload_req = 1;
}

void
ctl_loop_request_summary(void)
{
	ctl_summary_req = 1;
}

/* A reload asked for by a signal; its result is in the log (ctl_reload). */
static void
ctl_loop_reload(void)
{
	char msg[1024];

	ctl_reload_req = 0;
	if (ctl_quit) {
		LNS_LOG(NOTICE, main, "event=reload result=ignored reason=stopping");
		return;
	}
	ctl_reload(msg, sizeof(msg));
}

/* SIGUSR1: what lnsd holds, in one line. */
static void
ctl_loop_summary(void)
{
	const struct ctl_l2tp_gauges *lg = ctl_l2tp_gauges_get();
	struct ctl_reload_stats rl;

	ctl_summary_req = 0;
	ctl_reload_stats_get(&rl);
	LNS_LOG(NOTICE, main, "event=summary tunnels=%" PRIu64 " tunnels_established=%" PRIu64 " sessions=%" PRIu64 " sessions_established=%" PRIu64 " ppp_up=%" PRIu64 " reloads_applied=%" PRIu64 " reloads_refused=%" PRIu64 " reloads_invalid=%" PRIu64 " config=%s",
		lg->tunnels_total, lg->tunnels[L2TP_TUNNEL_ESTABLISHED],
		lg->sessions_total, lg->sessions[L2TP_SESSION_ESTABLISHED],
		ctl_ppp_gauges_get()->phase[CTL_PPP_UP], rl.applied,
		rl.refused, rl.invalid, ctl_reload_running()->path);
}

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

const uint32_t ctl_loop_bucket_us[CTL_LOOP_BUCKETS - 1] = {
	10, 50, 100, 500, 1000, 5000, 10000, 50000, 100000,
};
static uint64_t ctl_loop_bucket_cycles[CTL_LOOP_BUCKETS - 1];
static struct ctl_loop_latency ctl_loop_lat;

const struct ctl_loop_latency *
ctl_loop_latency_get(void)
{
	return &ctl_loop_lat;
}

static void
ctl_loop_latency_init(void)
{
	uint64_t hz = rte_get_tsc_hz();
	unsigned int i;

	for (i = 0; i < RTE_DIM(ctl_loop_bucket_cycles); i++)
		ctl_loop_bucket_cycles[i] = hz / 1000000 * ctl_loop_bucket_us[i];
}

static inline void
ctl_loop_latency_add(uint64_t cycles)
{
	unsigned int i = 0;

	while (i < RTE_DIM(ctl_loop_bucket_cycles) &&
	       cycles > ctl_loop_bucket_cycles[i])
		i++;
	ctl_loop_lat.bucket[i]++;
	ctl_loop_lat.count++;
	ctl_loop_lat.sum_cycles += cycles;
	if (cycles > ctl_loop_lat.max_cycles)
		ctl_loop_lat.max_cycles = cycles;
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
		ctl_ppp_ip6_input(m, now);
		break;
	case DP_PUNT_IPV6_ND:
		ctl_nd6_input(m, now);
		break;
	case DP_PUNT_IPV6_LOCAL:
		ctl_icmp6_input(m);
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
	uint64_t now, next_tick = 0, drain_end = 0, t0;
	unsigned int i, n, idle = 0;
	bool ticked, busy;

	LNS_LOG(INFO, ctl, "event=loop-start lcore=%u", rte_lcore_id());
	ctl_loop_latency_init();
	while (!ctl_quit_now) {
		t0 = rte_rdtsc();
		n = dp_punt_dequeue(pkts, CTL_BURST);
		now = ctl_now_ms();
		for (i = 0; i < n; i++)
			ctl_dispatch(pkts[i], now);
		dp_session_reclaim();
		ctl_aaa_poll(now);
		/* A listing being streamed keeps the loop from sleeping. */
		busy = ctl_sock_poll(now);
		ticked = now >= next_tick;
		if (ticked) {
			ctl_arp_timer(now);
			ctl_watchdog_tick(now);
			ctl_l2tp_timer(now);
			ctl_ppp_timer(now);
			ctl_metrics_publish(now);
			next_tick = now + CTL_TICK_MS;
		}
		if (unlikely(ctl_reload_req))
			ctl_loop_reload();
		if (unlikely(ctl_summary_req))
			ctl_loop_summary();
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
		if (n != 0 || ticked)
			ctl_loop_latency_add(rte_rdtsc() - t0);
		idle = n || busy ? 0 : idle + 1;
		ctl_idle(idle);
	}
	LNS_LOG(INFO, ctl, "event=loop-stop");
}
