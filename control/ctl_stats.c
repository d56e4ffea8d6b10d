/* SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>

#include <rte_common.h>
#include <rte_mempool.h>

#include "ctl_ppp.h"
#include "ctl_stats.h"
#include "dp_api.h"
#include "port.h"
#include "rad_client.h"

uint64_t ctl_counters[CTL_COUNTER_MAX];

static const char *const ctl_counter_names[] = {
#define CTL_COUNTER(n, s) [CTL_ ## n] = s,
#include "ctl_counters.def"
};

const char *
ctl_counter_name(enum ctl_counter c)
{
	return c < CTL_COUNTER_MAX ? ctl_counter_names[c] : "unknown";
}

#define CTL_F(st, f, name, help) { name, help, offsetof(st, f) }

const struct ctl_stats_field ctl_stats_dp_fields[] = {
	CTL_F(struct dp_stats, rx_pkts, "rx_packets",
	      "Frames received from the ports' RX queues."),
	CTL_F(struct dp_stats, tx_pkts, "tx_packets",
	      "Frames sent on the ports' TX queues."),
	CTL_F(struct dp_stats, ctl_tx_pkts, "control_tx_packets",
	      "Control frames sent for the control lcore."),
	CTL_F(struct dp_stats, fwd_up_pkts, "forwarded_up_packets",
	      "Subscriber packets decapsulated and sent to the core."),
	CTL_F(struct dp_stats, fwd_down_pkts, "forwarded_down_packets",
	      "Core packets encapsulated towards a subscriber."),
	CTL_F(struct dp_stats, mss_clamped, "mss_clamped",
	      "TCP SYNs whose MSS was lowered."),
	CTL_F(struct dp_stats, mss_bad_options, "mss_bad_options",
	      "TCP SYNs with inconsistent options, left unclamped."),
	CTL_F(struct dp_stats, frag_pkts, "fragmented_packets",
	      "Downstream packets fragmented."),
	CTL_F(struct dp_stats, frag_out, "fragments_sent",
	      "Fragments made and sent."),
	CTL_F(struct dp_stats, spread_out_pkts, "spread_out_packets",
	      "Upstream frames handed to their owner worker (dataplane.spread)."),
	CTL_F(struct dp_stats, spread_in_pkts, "spread_in_packets",
	      "Upstream frames taken from another worker (dataplane.spread)."),
	{ NULL, NULL, 0 },
};

const struct ctl_stats_field ctl_stats_ppp_fields[] = {
	CTL_F(struct ctl_ppp_gauges, up_total, "up_total",
	      "PPP links that reached the up phase."),
	CTL_F(struct ctl_ppp_gauges, auth_failed, "auth_failed",
	      "Authentications refused."),
	CTL_F(struct ctl_ppp_gauges, proxy_lcp, "proxy_lcp",
	      "Links whose LCP was taken from the LAC's proxy AVPs."),
	CTL_F(struct ctl_ppp_gauges, proxy_auth, "proxy_auth",
	      "Links authenticated from the LAC's proxy AVPs."),
	CTL_F(struct ctl_ppp_gauges, proxy_auth_refused, "proxy_auth_refused",
	      "Proxy authentication not trusted (ppp.proxy_auth)."),
	CTL_F(struct ctl_ppp_gauges, pool_exhausted, "pool_exhausted",
	      "Links refused for want of a pool address."),
	CTL_F(struct ctl_ppp_gauges, setup_timeout, "setup_timeout",
	      "Links that missed ppp.setup_timeout_ms."),
	CTL_F(struct ctl_ppp_gauges, unknown_session, "unknown_session",
	      "PPP frames for no session."),
	CTL_F(struct ctl_ppp_gauges, unknown_protocol, "unknown_protocol",
	      "PPP frames answered by Protocol-Reject."),
	CTL_F(struct ctl_ppp_gauges, malformed, "malformed",
	      "Malformed PPP frames."),
	{ NULL, NULL, 0 },
};

const struct ctl_stats_field ctl_stats_rad_server_fields[] = {
	CTL_F(struct rad_server_stats, requests, "requests",
	      "Requests sent to the server (first transmissions)."),
	CTL_F(struct rad_server_stats, retransmits, "retransmits",
	      "Retransmissions to the server."),
	CTL_F(struct rad_server_stats, responses, "responses",
	      "Verified responses from the server."),
	CTL_F(struct rad_server_stats, timeouts, "timeouts",
	      "Requests given up on this server."),
	CTL_F(struct rad_server_stats, bad_authenticator, "bad_authenticator",
	      "Responses with a bad Response Authenticator."),
	CTL_F(struct rad_server_stats, bad_message_authenticator,
	      "bad_message_authenticator",
	      "Responses with a bad Message-Authenticator."),
	CTL_F(struct rad_server_stats, missing_message_authenticator,
	      "missing_message_authenticator",
	      "Responses without a required Message-Authenticator."),
	CTL_F(struct rad_server_stats, malformed, "malformed",
	      "Malformed responses."),
	CTL_F(struct rad_server_stats, unknown_id, "unknown_id",
	      "Responses for no request in flight (late, duplicate)."),
	CTL_F(struct rad_server_stats, send_errors, "send_errors",
	      "Requests the socket refused."),
	CTL_F(struct rad_server_stats, dead_marked, "dead_marked",
	      "Times the server was marked dead."),
	{ NULL, NULL, 0 },
};

void
ctl_stats_mbufs(uint64_t *size, uint64_t *in_use)
{
	const struct rte_mempool *seen[RTE_MAX_ETHPORTS];
	unsigned int i, j, n = 0;

	*size = *in_use = 0;
	for (i = 0; i < port_count && n < RTE_DIM(seen); i++) {
		const struct rte_mempool *mp = port_table[i].pool;

		for (j = 0; j < n && seen[j] != mp; j++)
			;
		if (mp == NULL || j < n)
			continue;
		seen[n++] = mp;
		*size += mp->size;
		*in_use += rte_mempool_in_use_count(mp);
	}
}
