/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lns-lacgen: EAL, main loop and run phases.
 *
 *   ARP -> SETUP -> HOLD -> [TEARDOWN] -> DRAIN -> DONE
 *
 * SETUP ends when every tunnel and session is established or has failed;
 * HOLD keeps the tunnels up (HELLOs are acknowledged by the transport);
 * TEARDOWN (--teardown) sends CDNs then StopCCNs and waits for the acks;
 * DRAIN waits until the LNS acknowledged everything we sent, so that no
 * ICCN is left unacknowledged when we exit, and (at most 10 s) until the
 * LNS cleared the calls whose authentication it refused. --timeout ends any phase.
 */

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_ethdev.h>

#include "lacgen.h"

#define LACGEN_ARP_RETRY_MS	1000
#define LACGEN_PROGRESS_MS	1000
/* DRAIN: how long the calls of refused subscribers may take to end. */
#define LACGEN_AUTH_FAIL_GRACE_MS	10000
/* Empty polls before the loop starts napping (control plane only). */
#define LACGEN_IDLE_SPINS	64
#define LACGEN_IDLE_NAP_US	50

static volatile sig_atomic_t lacgen_stop;
static volatile sig_atomic_t lacgen_end_hold;

static void
lacgen_on_signal(int sig)
{
	lacgen_stop = sig;
}

/* SIGUSR1: the hold is over (e.g. a test finished its traffic). */
static void
lacgen_on_usr1(int sig)
{
	lacgen_end_hold = sig;
}

uint64_t
lacgen_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

uint64_t
lacgen_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static void
lacgen_set_phase(struct lacgen *lg, enum lacgen_phase p, uint64_t now)
{
	lg->phase = p;
	lg->t_phase = now;
	if (!lg->conf.json || p == LACGEN_PHASE_DONE)
		fprintf(stderr, "lacgen: t=%.1fs phase=%s\n",
		    (double)(now - lg->t_start) / 1000.0,
		    lacgen_phase_name(p));
}

static uint64_t
lacgen_sessions_total(const struct lacgen *lg)
{
	return (uint64_t)lg->conf.tunnels * lg->conf.sessions;
}

/* One step of the phase machine; runs once per millisecond tick. */
static void
lacgen_step(struct lacgen *lg, uint64_t now)
{
	const struct lacgen_conf *c = &lg->conf;
	static uint64_t arp_next;

	switch (lg->phase) {
	case LACGEN_PHASE_ARP:
		if (lg->port.resolved) {
			lacgen_set_phase(lg, LACGEN_PHASE_SETUP, now);
			break;
		}
		if (now >= arp_next) {
			lacgen_port_arp_request(&lg->port);
			arp_next = now + LACGEN_ARP_RETRY_MS;
		}
		break;
	case LACGEN_PHASE_SETUP:
		lacgen_tunnels_start(lg, now);
		if (lg->st.tunnels_resolved == c->tunnels &&
		    lg->st.sessions_resolved == lacgen_sessions_total(lg) &&
		    lg->st.ppp_resolved == lg->st.ppp_started) {
			lg->t_setup_end = lacgen_now_us();
			lacgen_set_phase(lg, LACGEN_PHASE_HOLD, now);
		}
		break;
	case LACGEN_PHASE_HOLD:
		/* Nothing left to hold once the LNS has closed every tunnel. */
		if (now < lg->t_phase + (uint64_t)c->hold_s * 1000 &&
		    lg->st.tunnels_ended < c->tunnels && !lacgen_end_hold)
			break;
		if (c->teardown) {
			lacgen_tunnels_teardown(lg, now);
			lacgen_set_phase(lg, LACGEN_PHASE_TEARDOWN, now);
		} else {
			lacgen_set_phase(lg, LACGEN_PHASE_DRAIN, now);
		}
		break;
	case LACGEN_PHASE_TEARDOWN:
		if (lg->st.tunnels_ended == c->tunnels)
			lacgen_set_phase(lg, LACGEN_PHASE_DRAIN, now);
		break;
	case LACGEN_PHASE_DRAIN:
		/*
		 * An LNS clears the call of a subscriber it refused (CDN
		 * after the Failure): wait for it, a while, so the report
		 * has every such CDN even from a slow LNS.
		 */
		if (lacgen_tunnels_quiet(lg) &&
		    (lg->st.ppp_auth_failed_closed == lg->st.ppp_auth_failed ||
		     now >= lg->t_phase + LACGEN_AUTH_FAIL_GRACE_MS)) {
			lacgen_tunnels_ack_now(lg);
			lacgen_set_phase(lg, LACGEN_PHASE_DONE, now);
		}
		break;
	case LACGEN_PHASE_DONE:
		break;
	}
}

/* 0 only if everything asked for happened (see docs/lacgen.md). */
static int
lacgen_status(const struct lacgen *lg)
{
	const struct lacgen_stats *st = &lg->st;
	uint64_t total = lacgen_sessions_total(lg);

	if (lg->timed_out || lg->interrupted)
		return 1;
	if (st->tunnels_established != lg->conf.tunnels ||
	    st->sessions_established != total)
		return 1;
	/* --ppp: every session reached IPCP-open. */
	if (lg->conf.ppp && st->ppp_up != total)
		return 1;
	/* --tun: every device that was attached got configured. */
	if (lg->tun_errors != 0)
		return 1;
	if (lg->conf.teardown) {
		if (st->tunnels_closed_clean != lg->conf.tunnels ||
		    st->sessions_closed_clean != total)
			return 1;
	} else if (st->tunnels_lost != 0 || st->sessions_lost != 0) {
		return 1;
	}
	return 0;
}

static void
lacgen_run(struct lacgen *lg)
{
	uint64_t now, last = 0, next_progress, deadline = UINT64_MAX;
	unsigned int idle = 0, n;

	now = lacgen_now_ms();
	next_progress = now + LACGEN_PROGRESS_MS;
	if (lg->conf.timeout_s != 0)
		deadline = now + (uint64_t)lg->conf.timeout_s * 1000;
	lacgen_set_phase(lg, LACGEN_PHASE_ARP, now);
	while (lg->phase != LACGEN_PHASE_DONE) {
		if (lacgen_stop) {
			lg->interrupted = true;
			break;
		}
		now = lacgen_now_ms();
		n = lacgen_port_poll(&lg->port, now);
		if (lg->n_tuns != 0)
			n += lacgen_tun_poll(lg);
		if (now != last) {
			last = now;
			lacgen_tunnels_timer(lg, now);
			lacgen_step(lg, now);
		}
		lacgen_port_flush(&lg->port);
		if (now >= next_progress) {
			next_progress += LACGEN_PROGRESS_MS;
			lacgen_report_progress(lg, now);
		}
		if (now >= deadline) {
			lg->timed_out = true;
			break;
		}
		if (n == 0 && ++idle > LACGEN_IDLE_SPINS)
			usleep(LACGEN_IDLE_NAP_US);
		else if (n != 0)
			idle = 0;
	}
	if (lg->t_setup_end == 0)
		lg->t_setup_end = lacgen_now_us();
}

int
main(int argc, char **argv)
{
	static struct lacgen lg;
	char **eal_argv;
	int eal_at, eal_argc, rc, status;

	eal_at = lacgen_opts_parse(&lg.conf, argc, argv);
	if (eal_at < 0)
		return eal_at == -2 ? 0 : 2;
	eal_argc = argc - eal_at + 1;
	eal_argv = calloc((size_t)eal_argc + 1, sizeof(*eal_argv));
	if (eal_argv == NULL)
		return 2;
	eal_argv[0] = argv[0];
	memcpy(&eal_argv[1], &argv[eal_at],
	    (size_t)(argc - eal_at) * sizeof(*eal_argv));
	rc = rte_eal_init(eal_argc, eal_argv);
	if (rc < 0) {
		fprintf(stderr, "lacgen: EAL init failed: %s\n",
		    rte_strerror(rte_errno));
		return 2;
	}
	signal(SIGINT, lacgen_on_signal);
	signal(SIGTERM, lacgen_on_signal);
	signal(SIGUSR1, lacgen_on_usr1);

	lg.rng = lg.conf.seed;
	lg.t_start = lacgen_now_ms();
	rc = lacgen_port_init(&lg.port, &lg.conf, lacgen_rx_udp, &lg);
	if (rc == 0)
		rc = lacgen_tunnels_init(&lg, lg.t_start);
	if (rc == 0)
		rc = lacgen_tun_init(&lg);
	if (rc < 0) {
		fprintf(stderr, "lacgen: setup failed: %s\n", strerror(-rc));
		rte_eal_cleanup();
		return 2;
	}
	lacgen_run(&lg);
	status = lacgen_status(&lg);
	lacgen_port_read_stats(&lg.port);
	lacgen_report_summary(&lg, lacgen_now_ms(), status);
	lacgen_tun_fini(&lg);
	lacgen_port_fini(&lg.port);
	lacgen_tunnels_fini(&lg);
	rte_eal_cleanup();
	free(eal_argv);
	return status;
}
