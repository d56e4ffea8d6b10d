/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Progress lines (stderr, once a second) and the final summary (stdout:
 * text, or one line of JSON with --json).
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lacgen.h"

static const char *const phase_names[] = {
	[LACGEN_PHASE_ARP] = "arp",
	[LACGEN_PHASE_SETUP] = "setup",
	[LACGEN_PHASE_HOLD] = "hold",
	[LACGEN_PHASE_TEARDOWN] = "teardown",
	[LACGEN_PHASE_DRAIN] = "drain",
	[LACGEN_PHASE_DONE] = "done",
};

const char *
lacgen_phase_name(enum lacgen_phase p)
{
	if ((unsigned int)p >= sizeof(phase_names) / sizeof(phase_names[0]))
		return "?";
	return phase_names[p];
}

/* --ppp: " ppp=up/started lcp=.. auth=.. ipcp=.. auth_failed=.. ..." */
static void
progress_ppp(const struct lacgen *lg)
{
	const struct lacgen_stats *st = &lg->st;

	if (!lg->conf.ppp)
		return;
	fprintf(stderr, " ppp=%" PRIu64 "/%" PRIu64 " lcp=%" PRIu64 " auth=%"
	    PRIu64 " ipcp=%" PRIu64 " auth_failed=%" PRIu64 " ppp_failed=%"
	    PRIu64, st->ppp_up, st->ppp_started,
	    st->ppp_in_phase[LACGEN_PPP_LCP], st->ppp_in_phase[LACGEN_PPP_AUTH],
	    st->ppp_in_phase[LACGEN_PPP_IPCP], st->ppp_auth_failed,
	    st->ppp_failed);
}

void
lacgen_report_progress(const struct lacgen *lg, uint64_t now)
{
	const struct lacgen_stats *st = &lg->st;
	struct l2tp_xport_stats xs;

	lacgen_tunnels_xport_stats(lg, &xs);
	fprintf(stderr, "lacgen: t=%.1fs phase=%s tunnels=%" PRIu64 "/%u "
	    "failed=%" PRIu64 " sessions=%" PRIu64 "/%" PRIu64 " failed=%"
	    PRIu64 " lost=%" PRIu64 " closed=%" PRIu64 " tx=%" PRIu64
	    " rtx=%" PRIu64 " rx=%" PRIu64 " chaos_drop=%" PRIu64,
	    (double)(now - lg->t_start) / 1000.0, lacgen_phase_name(lg->phase),
	    st->tunnels_established, lg->conf.tunnels, st->tunnels_failed,
	    st->sessions_established,
	    (uint64_t)lg->conf.tunnels * lg->conf.sessions,
	    st->sessions_failed, st->sessions_lost, st->sessions_closed_clean,
	    xs.sent, xs.retransmitted, st->rx_ctrl,
	    lg->chaos_tx.stats.dropped + lg->chaos_rx.stats.dropped);
	progress_ppp(lg);
	fprintf(stderr, "\n");
}

/* Addresses IPCP assigned: how many distinct, lowest, highest. */
struct ppp_addrs {
	uint64_t count;
	uint64_t distinct;
	uint32_t min, max;
};

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void
ppp_addrs(const struct lacgen *lg, struct ppp_addrs *r)
{
	size_t total = (size_t)lg->conf.tunnels * lg->conf.sessions, i, n = 0;
	const struct lacgen_ppp *ppp;
	uint32_t *a;

	memset(r, 0, sizeof(*r));
	if (!lg->conf.ppp || lg->tun == NULL)
		return;
	a = malloc(total * sizeof(*a));
	if (a == NULL)
		return;
	ppp = lg->tun[0].sess[0].ppp;
	for (i = 0; i < total; i++)
		if (ppp[i].addr != 0)
			a[n++] = ppp[i].addr;
	qsort(a, n, sizeof(*a), cmp_u32);
	for (i = 0; i < n; i++)
		if (i == 0 || a[i] != a[i - 1])
			r->distinct++;
	r->count = n;
	if (n > 0) {
		r->min = a[0];
		r->max = a[n - 1];
	}
	free(a);
}

static const char *
ip_str(uint32_t a, char *buf, size_t cap)
{
	snprintf(buf, cap, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff,
	    (a >> 8) & 0xff, a & 0xff);
	return buf;
}

static void
text_ppp(const struct lacgen *lg)
{
	const struct lacgen_stats *st = &lg->st;
	char lo[16], hi[16];
	struct ppp_addrs r;

	if (!lg->conf.ppp)
		return;
	ppp_addrs(lg, &r);
	printf("  ppp: started %" PRIu64 " up %" PRIu64 " auth-failed %"
	    PRIu64 " failed %" PRIu64 " (timeout %" PRIu64 ") lost %" PRIu64
	    " proxy-lcp %" PRIu64 "\n", st->ppp_started, st->ppp_up,
	    st->ppp_auth_failed, st->ppp_failed, st->ppp_timeouts,
	    st->ppp_lost, st->ppp_proxy);
	printf("  ppp addresses: %" PRIu64 " assigned, %" PRIu64 " distinct,"
	    " %s..%s\n", r.count, r.distinct, ip_str(r.min, lo, sizeof(lo)),
	    ip_str(r.max, hi, sizeof(hi)));
	printf("  ppp frames: rx %" PRIu64 " tx %" PRIu64 " bad %" PRIu64
	    " protocol-rejected %" PRIu64 " early-challenge %" PRIu64
	    " ipv4-ignored %" PRIu64 " ipv6-ignored %" PRIu64 "\n",
	    st->ppp_rx, st->ppp_tx, st->ppp_rx_bad, st->ppp_rx_unknown_proto,
	    st->ppp_rx_early, st->ppp_rx_ip, st->ppp_rx_ip6);
	if (lg->conf.ipv6)
		printf("  ipv6cp: up %" PRIu64 "\n", st->ppp_v6_up);
	lacgen_tun_report(lg, false);
}

static void
json_ppp(const struct lacgen *lg)
{
	const struct lacgen_stats *st = &lg->st;
	char lo[16], hi[16];
	struct ppp_addrs r;

	ppp_addrs(lg, &r);
	printf("\"ppp\":{\"enabled\":%s,\"started\":%" PRIu64 ",\"up\":%"
	    PRIu64 ",\"auth_failed\":%" PRIu64 ",\"failed\":%" PRIu64
	    ",\"timeouts\":%" PRIu64 ",\"lost\":%" PRIu64 ",\"proxy_lcp\":%"
	    PRIu64 ",\"addresses\":{\"assigned\":%" PRIu64 ",\"distinct\":%"
	    PRIu64 ",\"min\":\"%s\",\"max\":\"%s\"},\"rx\":%" PRIu64
	    ",\"tx\":%" PRIu64 ",\"rx_bad\":%" PRIu64
	    ",\"protocol_rejected\":%" PRIu64 ",\"early_challenge\":%" PRIu64
	    ",\"rx_ipv4_ignored\":%" PRIu64 ",\"rx_ipv6_ignored\":%" PRIu64
	    ",\"ipv6cp_up\":%" PRIu64 "},",
	    lg->conf.ppp ? "true" : "false", st->ppp_started, st->ppp_up,
	    st->ppp_auth_failed, st->ppp_failed, st->ppp_timeouts,
	    st->ppp_lost, st->ppp_proxy, r.count, r.distinct,
	    ip_str(r.min, lo, sizeof(lo)), ip_str(r.max, hi, sizeof(hi)),
	    st->ppp_rx, st->ppp_tx, st->ppp_rx_bad, st->ppp_rx_unknown_proto,
	    st->ppp_rx_early, st->ppp_rx_ip, st->ppp_rx_ip6, st->ppp_v6_up);
	lacgen_tun_report(lg, true);
}

static double
setup_seconds(const struct lacgen *lg)
{
	/* No SCCRQ ever left (e.g. the LNS's MAC never resolved). */
	if (lg->t_setup_start == 0 || lg->t_setup_end <= lg->t_setup_start)
		return 0.0;
	return (double)(lg->t_setup_end - lg->t_setup_start) / 1e6;
}

static void
text_ends(const char *name, const uint64_t *ends)
{
	unsigned int i;

	printf("  %s ended:", name);
	for (i = LACGEN_END_CLEAN; i < LACGEN_END_COUNT; i++)
		if (ends[i] != 0)
			printf(" %s=%" PRIu64, lacgen_end_name(i), ends[i]);
	printf("\n");
}

static void
report_text(const struct lacgen *lg, const struct l2tp_xport_stats *xs,
    int status)
{
	const struct lacgen_stats *st = &lg->st;
	const struct lacgen_port_stats *ps = &lg->port.stats;
	double secs = setup_seconds(lg);
	unsigned int i;

	printf("lns-lacgen summary (%s)\n", lg->timed_out ? "timed out" :
	    lg->interrupted ? "interrupted" : "finished");
	printf("  tunnels:  requested %u established %" PRIu64 " failed %"
	    PRIu64 " closed-clean %" PRIu64 " lost %" PRIu64 "\n",
	    lg->conf.tunnels, st->tunnels_established, st->tunnels_failed,
	    st->tunnels_closed_clean, st->tunnels_lost);
	printf("  sessions: requested %" PRIu64 " established %" PRIu64
	    " failed %" PRIu64 " closed-clean %" PRIu64 " lost %" PRIu64 "\n",
	    (uint64_t)lg->conf.tunnels * lg->conf.sessions,
	    st->sessions_established, st->sessions_failed,
	    st->sessions_closed_clean, st->sessions_lost);
	text_ends("tunnels", st->tunnel_end);
	text_ends("sessions", st->session_end);
	text_ppp(lg);
	printf("  CDN result codes received:");
	for (i = 0; i < LACGEN_CDN_RC_SLOTS; i++)
		if (st->cdn_rc[i] != 0)
			printf(" %s=%" PRIu64, i < LACGEN_CDN_RC_SLOTS - 1 ?
			    l2tp_result_code_name(L2TP_MSG_CDN, (uint16_t)i) :
			    "other", st->cdn_rc[i]);
	printf("\n  StopCCN result codes received:");
	for (i = 0; i < LACGEN_STOP_RC_SLOTS; i++)
		if (st->stopccn_rc[i] != 0)
			printf(" %s=%" PRIu64, i < LACGEN_STOP_RC_SLOTS - 1 ?
			    l2tp_result_code_name(L2TP_MSG_STOPCCN,
			    (uint16_t)i) : "other", st->stopccn_rc[i]);
	printf("\n  setup: %.6f s, %.1f sessions/s\n", secs,
	    secs > 0 ? (double)st->sessions_established / secs : 0.0);
	printf("  control: sent %" PRIu64 " retransmitted %" PRIu64
	    " zlb-sent %" PRIu64 " received %" PRIu64 " duplicates %" PRIu64
	    " out-of-order %" PRIu64 " hellos %" PRIu64 " hellos-sent %"
	    PRIu64 "\n", xs->sent, xs->retransmitted, xs->zlb_sent,
	    xs->received, xs->duplicates, xs->out_of_order, st->rx_hello,
	    st->tx_hello);
	printf("  chaos tx: dropped %" PRIu64 " duplicated %" PRIu64
	    " reordered %" PRIu64 "; rx: dropped %" PRIu64 " duplicated %"
	    PRIu64 " reordered %" PRIu64 "\n", lg->chaos_tx.stats.dropped,
	    lg->chaos_tx.stats.duplicated, lg->chaos_tx.stats.reordered,
	    lg->chaos_rx.stats.dropped, lg->chaos_rx.stats.duplicated,
	    lg->chaos_rx.stats.reordered);
	printf("  errors: bad-header %" PRIu64 " unknown-tunnel %" PRIu64
	    " unknown-session %" PRIu64 " parse %" PRIu64 " unexpected %"
	    PRIu64 " bad-reply %" PRIu64 " tx %" PRIu64 " l2tp-data %" PRIu64
	    "\n", st->rx_bad_header, st->rx_unknown_tunnel,
	    st->rx_unknown_session, st->rx_parse_errors, st->rx_unexpected,
	    st->rx_bad_reply, st->tx_errors, st->rx_data);
	printf("  port: rx %" PRIu64 " tx %" PRIu64 " tx-dropped %" PRIu64
	    " malformed %" PRIu64 " not-ours %" PRIu64 " arp-rx %" PRIu64
	    " arp-tx %" PRIu64 " rx-missed %" PRIu64 " rx-errors %" PRIu64
	    " tx-errors %" PRIu64 "\n", ps->rx_pkts, ps->tx_pkts,
	    ps->tx_dropped, ps->rx_malformed, ps->rx_not_ours, ps->arp_rx,
	    ps->arp_tx, ps->hw_rx_missed, ps->hw_rx_errors, ps->hw_tx_errors);
	printf("  exit status %d\n", status);
}

static void
json_chaos(const char *name, const struct lacgen_chaos_stats *s)
{
	printf("\"%s\":{\"dropped\":%" PRIu64 ",\"duplicated\":%" PRIu64
	    ",\"reordered\":%" PRIu64 "}", name, s->dropped, s->duplicated,
	    s->reordered);
}

static void
json_ends(const uint64_t *ends)
{
	const char *sep = "";
	unsigned int i;

	printf("\"ended\":{");
	for (i = LACGEN_END_CLEAN; i < LACGEN_END_COUNT; i++) {
		if (ends[i] == 0)
			continue;
		printf("%s\"%s\":%" PRIu64, sep, lacgen_end_name(i), ends[i]);
		sep = ",";
	}
	printf("},");
}

static void
json_rc(const char *name, const uint64_t *rc, unsigned int n)
{
	const char *sep = "";
	unsigned int i;

	printf("\"%s\":{", name);
	for (i = 0; i < n; i++) {
		if (rc[i] == 0)
			continue;
		if (i < n - 1)
			printf("%s\"%u\":%" PRIu64, sep, i, rc[i]);
		else
			printf("%s\"other\":%" PRIu64, sep, rc[i]);
		sep = ",";
	}
	printf("}");
}

static void
report_json(const struct lacgen *lg, const struct l2tp_xport_stats *xs,
    int status)
{
	const struct lacgen_stats *st = &lg->st;
	const struct lacgen_port_stats *ps = &lg->port.stats;
	double secs = setup_seconds(lg);

	printf("{\"status\":%d,\"result\":\"%s\",", status, lg->timed_out ?
	    "timeout" : lg->interrupted ? "interrupted" : "finished");
	printf("\"tunnels\":{\"requested\":%u,\"established\":%" PRIu64
	    ",\"failed\":%" PRIu64 ",\"closed_clean\":%" PRIu64 ",\"lost\":%"
	    PRIu64 ",", lg->conf.tunnels, st->tunnels_established,
	    st->tunnels_failed, st->tunnels_closed_clean, st->tunnels_lost);
	json_ends(st->tunnel_end);
	json_rc("stopccn_result_codes", st->stopccn_rc, LACGEN_STOP_RC_SLOTS);
	printf("},\"sessions\":{\"requested\":%" PRIu64 ",\"established\":%"
	    PRIu64 ",\"failed\":%" PRIu64 ",\"closed_clean\":%" PRIu64
	    ",\"lost\":%" PRIu64 ",\"ppp_up\":%" PRIu64 ",\"auth_failed\":%"
	    PRIu64 ",\"ppp_failed\":%" PRIu64 ",",
	    (uint64_t)lg->conf.tunnels * lg->conf.sessions,
	    st->sessions_established, st->sessions_failed,
	    st->sessions_closed_clean, st->sessions_lost, st->ppp_up,
	    st->ppp_auth_failed, st->ppp_failed);
	json_ends(st->session_end);
	json_rc("cdn_result_codes", st->cdn_rc, LACGEN_CDN_RC_SLOTS);
	printf("},\"setup_time_s\":%.6f,\"sessions_per_s\":%.1f,", secs,
	    secs > 0 ? (double)st->sessions_established / secs : 0.0);
	printf("\"control\":{\"sent\":%" PRIu64 ",\"retransmitted\":%" PRIu64
	    ",\"zlb_sent\":%" PRIu64 ",\"received\":%" PRIu64
	    ",\"duplicates\":%" PRIu64 ",\"out_of_order\":%" PRIu64
	    ",\"hellos\":%" PRIu64 ",\"hellos_sent\":%" PRIu64 "},",
	    xs->sent, xs->retransmitted, xs->zlb_sent, xs->received,
	    xs->duplicates, xs->out_of_order, st->rx_hello, st->tx_hello);
	json_ppp(lg);
	printf("\"chaos\":{");
	json_chaos("tx", &lg->chaos_tx.stats);
	printf(",");
	json_chaos("rx", &lg->chaos_rx.stats);
	printf("},\"errors\":{\"bad_header\":%" PRIu64 ",\"unknown_tunnel\":%"
	    PRIu64 ",\"unknown_session\":%" PRIu64 ",\"parse\":%" PRIu64
	    ",\"unexpected\":%" PRIu64 ",\"bad_reply\":%" PRIu64 ",\"tx\":%"
	    PRIu64 ",\"l2tp_data\":%" PRIu64 "},", st->rx_bad_header,
	    st->rx_unknown_tunnel, st->rx_unknown_session,
	    st->rx_parse_errors, st->rx_unexpected, st->rx_bad_reply,
	    st->tx_errors, st->rx_data);
	printf("\"port\":{\"rx\":%" PRIu64 ",\"tx\":%" PRIu64 ",\"tx_dropped\":%"
	    PRIu64 ",\"malformed\":%" PRIu64 ",\"not_ours\":%" PRIu64
	    ",\"arp_rx\":%" PRIu64 ",\"arp_tx\":%" PRIu64 ",\"rx_missed\":%"
	    PRIu64 ",\"rx_errors\":%" PRIu64 ",\"tx_errors\":%" PRIu64
	    "},\"seed\":%" PRIu64 "}\n", ps->rx_pkts, ps->tx_pkts,
	    ps->tx_dropped, ps->rx_malformed, ps->rx_not_ours, ps->arp_rx,
	    ps->arp_tx, ps->hw_rx_missed, ps->hw_rx_errors, ps->hw_tx_errors,
	    lg->conf.seed);
}

void
lacgen_report_summary(const struct lacgen *lg, uint64_t now, int status)
{
	struct l2tp_xport_stats xs;

	lacgen_tunnels_xport_stats(lg, &xs);
	if (lg->conf.json)
		report_json(lg, &xs, status);
	else
		report_text(lg, &xs, status);
	fflush(stdout);
}
