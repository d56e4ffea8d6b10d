/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The metrics page (HTTP thread): every lnsd_* family with its HELP and
 * TYPE, from the control lcore's snapshot and from the counters the
 * workers and the ports keep (read here as the telemetry thread reads
 * them: 64-bit words only their worker writes, the ethdev's own stats).
 * docs/operations.md "Metrics" lists them.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>

#include "ctl_metrics_priv.h"
#include "dp_api.h"
#include "port.h"

#define L(n, v)	{ .name = (n), .value = (v) }

static void
ctl_metrics_u64(struct ctl_mx *b, const char *name, const char *type,
		const char *help, uint64_t v)
{
	ctl_mx_family(b, name, type, help);
	ctl_mx_u64(b, name, NULL, 0, v);
}

/* The ethdev's counters, per port (what DPDK's /ethdev/stats reads). */
static void
ctl_metrics_ports(struct ctl_mx *b)
{
	static const struct {
		const char *name, *help;
		size_t off;
	} f[] = {
		{ "lnsd_port_rx_packets_total", "Packets received (ethdev).",
		  offsetof(struct rte_eth_stats, ipackets) },
		{ "lnsd_port_tx_packets_total", "Packets sent (ethdev).",
		  offsetof(struct rte_eth_stats, opackets) },
		{ "lnsd_port_rx_bytes_total", "Octets received (ethdev).",
		  offsetof(struct rte_eth_stats, ibytes) },
		{ "lnsd_port_tx_bytes_total", "Octets sent (ethdev).",
		  offsetof(struct rte_eth_stats, obytes) },
		{ "lnsd_port_rx_missed_total",
		  "Packets the port dropped for want of an RX descriptor.",
		  offsetof(struct rte_eth_stats, imissed) },
		{ "lnsd_port_rx_errors_total", "Erroneous packets received.",
		  offsetof(struct rte_eth_stats, ierrors) },
		{ "lnsd_port_tx_errors_total", "Packets the port failed to send.",
		  offsetof(struct rte_eth_stats, oerrors) },
	};
	struct rte_eth_stats st[RTE_MAX_ETHPORTS];
	bool ok[RTE_MAX_ETHPORTS];
	unsigned int i, p;

	for (p = 0; p < port_count && p < RTE_MAX_ETHPORTS; p++)
		ok[p] = rte_eth_stats_get(port_table[p].port_id, &st[p]) == 0;
	for (i = 0; i < RTE_DIM(f); i++) {
		ctl_mx_family(b, f[i].name, "counter", f[i].help);
		for (p = 0; p < port_count && p < RTE_MAX_ETHPORTS; p++) {
			const struct ctl_mx_label l[] = {
				L("port", port_table[p].cfg->name),
				L("role", cfg_port_role_name(port_table[p].cfg->role)),
			};

			if (ok[p])
				ctl_mx_u64(b, f[i].name, l, 2, *(const uint64_t *)
					   ((const char *)&st[p] + f[i].off));
		}
	}
}

static void
ctl_metrics_workers(struct ctl_mx *b)
{
	static struct dp_stats st[RTE_MAX_LCORE];	/* HTTP thread only */
	const struct ctl_stats_field *f;
	char name[96], lc[16];
	unsigned int l, i;

	RTE_LCORE_FOREACH_WORKER(l)
		dp_stats_read_lcore(l, &st[l]);
	for (f = ctl_stats_dp_fields; f->name != NULL; f++) {
		snprintf(name, sizeof(name), "lnsd_worker_%s_total", f->name);
		ctl_mx_family(b, name, "counter", f->help);
		RTE_LCORE_FOREACH_WORKER(l) {
			const struct ctl_mx_label lb[] = { L("lcore", lc) };

			snprintf(lc, sizeof(lc), "%u", l);
			ctl_mx_u64(b, name, lb, 1, ctl_stats_field_get(&st[l], f));
		}
	}
	ctl_mx_family(b, "lnsd_dataplane_drops_total", "counter",
		      "Frames the workers dropped, by reason (dataplane/dp_drop.def).");
	for (i = 0; i < DP_DROP_MAX; i++) {
		const struct ctl_mx_label lb[] = {
			L("lcore", lc), L("reason", dp_drop_name(i)),
		};

		RTE_LCORE_FOREACH_WORKER(l) {
			snprintf(lc, sizeof(lc), "%u", l);
			ctl_mx_u64(b, "lnsd_dataplane_drops_total", lb, 2,
				   st[l].drop[i]);
		}
	}
	ctl_mx_family(b, "lnsd_dataplane_punts_total", "counter",
		      "Frames the workers handed to the control lcore, by reason.");
	for (i = 0; i < DP_PUNT_MAX; i++) {
		const struct ctl_mx_label lb[] = {
			L("lcore", lc), L("reason", dp_punt_name(i)),
		};

		RTE_LCORE_FOREACH_WORKER(l) {
			snprintf(lc, sizeof(lc), "%u", l);
			ctl_mx_u64(b, "lnsd_dataplane_punts_total", lb, 2,
				   st[l].punt[i]);
		}
	}
}

static void
ctl_metrics_dataplane(struct ctl_mx *b)
{
	struct dp_table_info t;
	struct dp_punt_info pi;
	uint64_t mbufs, in_use;

	dp_table_info(&t);
	dp_punt_info(&pi);
	ctl_stats_mbufs(&mbufs, &in_use);
	ctl_metrics_u64(b, "lnsd_dataplane_sessions", "gauge",
			"Sessions in the dataplane's tables.", t.live);
	ctl_metrics_u64(b, "lnsd_dataplane_sessions_max", "gauge",
			"Session table size (l2tp.max_sessions).", t.max_sessions);
	ctl_metrics_u64(b, "lnsd_punt_ring_used", "gauge",
			"Frames waiting in the punt ring for the control lcore.",
			pi.used);
	ctl_metrics_u64(b, "lnsd_punt_ring_capacity", "gauge",
			"Frames the punt ring holds.", pi.capacity);
	ctl_metrics_u64(b, "lnsd_mbufs", "gauge",
			"Packet buffers of the ports' pools.", mbufs);
	ctl_metrics_u64(b, "lnsd_mbufs_in_use", "gauge",
			"Packet buffers out of their pool.", in_use);
}

static void
ctl_metrics_control(struct ctl_mx *b, const struct ctl_metrics_snap *s)
{
	static const char ev[] = "lnsd_control_events_total";
	const struct ctl_stats_field *f;
	char name[96];
	unsigned int i;

	ctl_mx_family(b, ev, "counter",
		      "Control-plane events, refusals and failures by cause "
		      "(control/ctl_counters.def).");
	for (i = 0; i < CTL_COUNTER_MAX; i++) {
		const struct ctl_mx_label l[] = { L("event", ctl_counter_name(i)) };

		ctl_mx_u64(b, ev, l, 1, s->ctl[i]);
	}
	ctl_mx_family(b, "lnsd_l2tp_tunnels", "gauge", "L2TP tunnels by state.");
	for (i = 0; i <= L2TP_TUNNEL_CLOSING; i++) {
		const struct ctl_mx_label l[] = {
			L("state", l2tp_tunnel_state_name(i)),
		};

		ctl_mx_u64(b, "lnsd_l2tp_tunnels", l, 1, s->l2tp.tunnels[i]);
	}
	ctl_mx_family(b, "lnsd_l2tp_sessions", "gauge",
		      "L2TP sessions (calls) by state.");
	for (i = 0; i <= L2TP_SESSION_CLOSED; i++) {
		const struct ctl_mx_label l[] = {
			L("state", l2tp_session_state_name(i)),
		};

		ctl_mx_u64(b, "lnsd_l2tp_sessions", l, 1, s->l2tp.sessions[i]);
	}
	ctl_metrics_u64(b, "lnsd_l2tp_tunnels_opened_total", "counter",
			"Tunnels that reached established.", s->l2tp.tunnels_opened);
	ctl_metrics_u64(b, "lnsd_l2tp_sessions_opened_total", "counter",
			"Sessions that reached established.", s->l2tp.sessions_opened);
	ctl_mx_family(b, "lnsd_ppp_sessions", "gauge", "PPP links by phase.");
	for (i = 0; i < CTL_PPP_PHASES; i++) {
		const struct ctl_mx_label l[] = {
			L("phase", ctl_ppp_phase_name(i)),
		};

		ctl_mx_u64(b, "lnsd_ppp_sessions", l, 1, s->ppp.phase[i]);
	}
	for (f = ctl_stats_ppp_fields; f->name != NULL; f++) {
		snprintf(name, sizeof(name), "lnsd_ppp_%s%s", f->name,
			 strstr(f->name, "_total") ? "" : "_total");
		ctl_metrics_u64(b, name, "counter", f->help,
				ctl_stats_field_get(&s->ppp, f));
	}
	ctl_metrics_u64(b, "lnsd_session_pushes_total", "counter",
			"Sessions given to the dataplane.", s->push.adds);
	ctl_metrics_u64(b, "lnsd_session_removals_total", "counter",
			"Sessions taken from the dataplane.", s->push.deletes);
	ctl_metrics_u64(b, "lnsd_session_push_failures_total", "counter",
			"Sessions the dataplane refused or had no index for.",
			s->push.add_failed + s->push.no_index);
}

static void
ctl_metrics_pools(struct ctl_mx *b, const struct ctl_metrics_snap *s)
{
	static const struct {
		const char *name, *type, *help;
	} fam[] = {
		{ "lnsd_pool_addresses", "gauge", "Addresses in the pool." },
		{ "lnsd_pool_addresses_in_use", "gauge", "Addresses allocated or reserved." },
		{ "lnsd_pool_addresses_peak", "gauge", "Highest number in use." },
		{ "lnsd_pool_exhausted_total", "counter", "Allocations that found no address." },
	};
	unsigned int i, j;

	for (j = 0; j < RTE_DIM(fam); j++) {
		ctl_mx_family(b, fam[j].name, fam[j].type, fam[j].help);
		for (i = 0; i < s->nb_pools; i++) {
			const struct aaa_pool_stats *st = &s->pools[i].st;
			const struct ctl_mx_label l[] = { L("pool", s->pools[i].name) };
			uint64_t v = j == 0 ? st->size : j == 1 ? st->used :
				     j == 2 ? st->peak : st->exhausted;

			ctl_mx_u64(b, fam[j].name, l, 1, v);
		}
	}
}

static void
ctl_metrics_qos(struct ctl_mx *b, const struct ctl_metrics_snap *s)
{
	static const char fail[] = "lnsd_qos_failures_total";
	static const char sess[] = "lnsd_qos_sessions";
	unsigned int i;

	ctl_mx_family(b, fail, "counter",
		      "Rate sources refused (the session got "
		      "qos.default_profile), by reason.");
	for (i = CTL_QOS_OK + 1; i < CTL_QOS_FAIL_MAX; i++) {
		const struct ctl_mx_label l[] = {
			L("reason", ctl_qos_fail_name(i)),
		};

		ctl_mx_u64(b, fail, l, 1, s->qos.fail[i]);
	}
	ctl_mx_family(b, sess, "gauge",
		      "Sessions in the dataplane by QoS profile.");
	for (i = 0; i < s->nb_qos; i++) {
		const struct ctl_mx_label l[] = { L("profile", s->qos_names[i]) };

		ctl_mx_u64(b, sess, l, 1, s->qos_count.profile[i]);
	}
	ctl_metrics_u64(b, "lnsd_qos_sessions_rate_string", "gauge",
			"Sessions rated by a RADIUS rate string "
			"(Mikrotik-Rate-Limit), not a profile.",
			s->qos_count.radius);
	ctl_metrics_u64(b, "lnsd_qos_sessions_unlimited", "gauge",
			"Sessions without a rate (no source, no default).",
			s->qos_count.none);
	ctl_metrics_u64(b, "lnsd_session_modifies_total", "counter",
			"Session descriptors changed live (QoS rates).",
			s->push.modifies);
	ctl_metrics_u64(b, "lnsd_session_modify_failures_total", "counter",
			"Changes the dataplane refused.",
			s->push.modify_failed);
}

static void
ctl_metrics_radius(struct ctl_mx *b, const struct ctl_metrics_snap *s)
{
	const struct ctl_stats_field *f;
	char name[96];
	unsigned int i;

#define RAD_LABELS(r) { L("group", (r)->group), L("role", (r)->role), \
			L("server", (r)->server) }
	for (f = ctl_stats_rad_server_fields; f->name != NULL; f++) {
		snprintf(name, sizeof(name), "lnsd_radius_%s_total", f->name);
		ctl_mx_family(b, name, "counter", f->help);
		for (i = 0; i < s->nb_rad; i++) {
			const struct ctl_mx_label l[] = RAD_LABELS(&s->rad[i]);

			ctl_mx_u64(b, name, l, 3, ctl_stats_field_get(&s->rad[i].st, f));
		}
	}
	ctl_mx_family(b, "lnsd_radius_rtt_seconds", "gauge",
		      "Smoothed round-trip time of the server.");
	for (i = 0; i < s->nb_rad; i++) {
		const struct ctl_mx_label l[] = RAD_LABELS(&s->rad[i]);

		ctl_mx_f64(b, "lnsd_radius_rtt_seconds", l, 3,
			   s->rad[i].st.rtt_ms / 1000.0);
	}
	ctl_mx_family(b, "lnsd_radius_outstanding", "gauge",
		      "Requests in flight to the server.");
	for (i = 0; i < s->nb_rad; i++) {
		const struct ctl_mx_label l[] = RAD_LABELS(&s->rad[i]);

		ctl_mx_u64(b, "lnsd_radius_outstanding", l, 3,
			   s->rad[i].st.outstanding);
	}
	ctl_mx_family(b, "lnsd_radius_up", "gauge",
		      "1 while the server is alive, 0 while marked dead.");
	for (i = 0; i < s->nb_rad; i++) {
		const struct ctl_mx_label l[] = RAD_LABELS(&s->rad[i]);

		ctl_mx_u64(b, "lnsd_radius_up", l, 3,
			   s->rad[i].st.state == RAD_SERVER_ALIVE);
	}
#undef RAD_LABELS
}

static void
ctl_metrics_loop(struct ctl_mx *b, const struct ctl_metrics_snap *s)
{
	static const char h[] = "lnsd_control_loop_pass_seconds";
	double hz = (double)rte_get_tsc_hz();
	uint64_t cum = 0;
	char le[32];
	unsigned int i;

	ctl_mx_family(b, h, "histogram",
		      "Control loop passes that handled frames or timers, by duration.");
	for (i = 0; i < CTL_LOOP_BUCKETS; i++) {
		const struct ctl_mx_label l[] = { L("le", le) };

		cum += s->loop.bucket[i];
		if (i < CTL_LOOP_BUCKETS - 1)
			snprintf(le, sizeof(le), "%g", ctl_loop_bucket_us[i] / 1e6);
		else
			snprintf(le, sizeof(le), "+Inf");
		ctl_mx_u64(b, "lnsd_control_loop_pass_seconds_bucket", l, 1, cum);
	}
	ctl_mx_f64(b, "lnsd_control_loop_pass_seconds_sum", NULL, 0,
		   s->loop.sum_cycles / hz);
	ctl_mx_u64(b, "lnsd_control_loop_pass_seconds_count", NULL, 0,
		   s->loop.count);
	ctl_mx_family(b, "lnsd_control_loop_pass_max_seconds", "gauge",
		      "Longest control loop pass since lnsd started.");
	ctl_mx_f64(b, "lnsd_control_loop_pass_max_seconds", NULL, 0,
		   s->loop.max_cycles / hz);
}

static void
ctl_metrics_self(struct ctl_mx *b, const struct ctl_metrics_snap *s,
		 const struct ctl_metrics_http_stats *h)
{
	static const char err[] = "lnsd_metrics_http_errors_total";
	const struct {
		const char *code;
		uint64_t v;
	} e[] = {
		{ "400", h->bad_request }, { "404", h->not_found },
		{ "405", h->bad_method }, { "431", h->too_large },
		{ "500", h->render_errors },
	};
	unsigned int i;

	ctl_metrics_u64(b, "lnsd_metrics_scrapes_total", "counter",
			"Pages requested (this one included).", h->scrapes);
	ctl_metrics_u64(b, "lnsd_metrics_connections_total", "counter",
			"Connections accepted.", h->connections);
	ctl_metrics_u64(b, "lnsd_metrics_connections_refused_total", "counter",
			"Connections over metrics.max_connections, answered 503.",
			h->refused);
	ctl_metrics_u64(b, "lnsd_metrics_timeouts_total", "counter",
			"Connections cut at metrics.timeout_ms.", h->timeouts);
	ctl_mx_family(b, err, "counter", "Requests refused, by HTTP status.");
	for (i = 0; i < RTE_DIM(e); i++) {
		const struct ctl_mx_label l[] = { L("code", e[i].code) };

		ctl_mx_u64(b, err, l, 1, e[i].v);
	}
	ctl_metrics_u64(b, "lnsd_metrics_snapshot_retries_total", "counter",
			"Snapshot copies redone because a publish overlapped.",
			h->snapshot_retries);
	ctl_metrics_u64(b, "lnsd_metrics_snapshots_total", "counter",
			"Snapshots the control lcore published.", s->published);
	ctl_mx_family(b, "lnsd_metrics_snapshot_age_seconds", "gauge",
		      "Age of the control-plane snapshot in this page.");
	ctl_mx_f64(b, "lnsd_metrics_snapshot_age_seconds", NULL, 0,
		   (double)(rte_rdtsc() - s->tsc) / (double)rte_get_tsc_hz());
	ctl_mx_family(b, "lnsd_metrics_render_seconds_total", "counter",
		      "Time the HTTP thread spent building pages (before this one).");
	ctl_mx_f64(b, "lnsd_metrics_render_seconds_total", NULL, 0,
		   h->render_ns / 1e9);
	ctl_mx_family(b, "lnsd_metrics_render_max_seconds", "gauge",
		      "Longest page build (before this one).");
	ctl_mx_f64(b, "lnsd_metrics_render_max_seconds", NULL, 0,
		   h->render_max_ns / 1e9);
}

void
ctl_metrics_render(struct ctl_mx *b, const struct ctl_metrics_snap *s,
		   const struct ctl_metrics_http_stats *h)
{
	ctl_metrics_ports(b);
	ctl_metrics_workers(b);
	ctl_metrics_dataplane(b);
	ctl_metrics_control(b, s);
	ctl_metrics_pools(b, s);
	ctl_metrics_qos(b, s);
	ctl_metrics_radius(b, s);
	ctl_metrics_loop(b, s);
	ctl_metrics_self(b, s, h);
}
