/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Operator read-outs on the DPDK telemetry socket
 * (/var/run/dpdk/<prefix>/dpdk_telemetry.v2, e.g. dpdk-telemetry.py):
 *   /lnsd/ports      configured ports and their addresses, by port name
 *   /lnsd/neighbors  the ARP table, keyed "port/N"
 * (DPDK 22.11 telemetry nests dicts in dicts but not in arrays.)
 *   /lnsd/stats      fast-path and control counters, summed
 *   /lnsd/l2tp       tunnels and sessions by state
 *   /lnsd/ppp        PPP sessions by phase, PPP counters
 *   /lnsd/dataplane  session tables: live sessions, writer counters
 *   /lnsd/tunnels    L2TP tunnels (the first 64), keyed "t<id>"
 *   /lnsd/pools      address pools: size, in use, peak, keyed "p<n>"
 *   /lnsd/radius     RADIUS servers, backend and spool (ctl_telemetry_radius.c)
 * Callbacks run on the telemetry thread: they only read (see the
 * ownership notes on each structure).
 */
#include <rte_ethdev.h>
#include <rte_telemetry.h>

#include "ctl_aaa.h"
#include "ctl_arp.h"
#include "ctl_l2tp.h"
#include "ctl_ppp.h"
#include "ctl_push.h"
#include "dp_api.h"
#include "ctl_stats.h"
#include "ctl_reload.h"
#include "ctl_telemetry.h"
#include "lns_ipv4.h"
#include "port.h"

/*
 * A telemetry dict name from a port name: names allow only [A-Za-z0-9_/],
 * while port names may contain '-'. The real name is inside the entry.
 */
static const char *
ctl_tel_key(char *buf, size_t len, const char *name, int seq)
{
	char *c;

	if (seq < 0)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "%s/%d", name, seq);
	for (c = buf; *c != '\0'; c++)
		if (*c == '-')
			*c = '_';
	return buf;
}

static int
ctl_tel_ports(const char *cmd, const char *params, struct rte_tel_data *d)
{
	char buf[LNS_IPV4_STRLEN + LNS_MAC_STRLEN], key[CFG_NAME_LEN];
	unsigned int i;

	rte_tel_data_start_dict(d);
	for (i = 0; i < port_count; i++) {
		const struct port *p = &port_table[i];
		struct rte_tel_data *c = rte_tel_data_alloc();
		struct rte_eth_link link;

		if (c == NULL)
			return -ENOMEM;
		rte_tel_data_start_dict(c);
		rte_tel_data_add_dict_string(c, "name", p->cfg->name);
		rte_tel_data_add_dict_int(c, "ethdev", p->port_id);
		rte_tel_data_add_dict_string(c, "role", cfg_port_role_name(p->cfg->role));
		rte_tel_data_add_dict_string(c, "mac", lns_mac_str(p->mac.addr_bytes, buf));
		rte_tel_data_add_dict_string(c, "ip", lns_ipv4_str(p->ip, buf));
		rte_tel_data_add_dict_int(c, "prefix_len", p->cfg->address.len);
		if (p->gateway != 0)
			rte_tel_data_add_dict_string(c, "gateway",
						     lns_ipv4_str(p->gateway, buf));
		rte_tel_data_add_dict_int(c, "vlan", p->vlan);
		rte_tel_data_add_dict_int(c, "mtu", p->cfg->mtu);
		rte_tel_data_add_dict_int(c, "rx_queues", p->nb_rxq);
		rte_tel_data_add_dict_int(c, "tx_queues", p->nb_txq);
		rte_tel_data_add_dict_string(c, "control_tx",
					     p->ctl_ring ? "worker-ring" : "queue");
		if (rte_eth_link_get_nowait(p->port_id, &link) == 0)
			rte_tel_data_add_dict_string(c, "link",
				link.link_status ? "up" : "down");
		if (rte_tel_data_add_dict_container(d, ctl_tel_key(key, sizeof(key),
				p->cfg->name, -1), c, 0) != 0)
			rte_tel_data_free(c);
	}
	return 0;
}

struct ctl_tel_walk {
	struct rte_tel_data *d;
	unsigned int seq;
};

static void
ctl_tel_neigh_one(const struct neigh_entry *e, void *arg)
{
	char buf[LNS_IPV4_STRLEN + LNS_MAC_STRLEN];
	struct ctl_tel_walk *w = arg;
	struct rte_tel_data *d = w->d;
	unsigned int *seq = &w->seq;
	struct rte_tel_data *c = rte_tel_data_alloc();
	char key[CFG_NAME_LEN + LNS_IPV4_STRLEN + LNS_MAC_STRLEN + 1];

	if (c == NULL)
		return;
	rte_tel_data_start_dict(c);
	rte_tel_data_add_dict_string(c, "port", port_table[e->port].cfg->name);
	rte_tel_data_add_dict_string(c, "ip", lns_ipv4_str(e->ip, buf));
	/* No IP in the name: telemetry names cannot hold dots. */
	ctl_tel_key(key, sizeof(key), port_table[e->port].cfg->name, (int)(*seq)++);
	rte_tel_data_add_dict_string(c, "mac", lns_mac_str(e->mac, buf));
	rte_tel_data_add_dict_string(c, "state", neigh_state_name(e->state));
	rte_tel_data_add_dict_int(c, "pinned", e->pinned);
	rte_tel_data_add_dict_int(c, "probes", e->probes);
	if (rte_tel_data_add_dict_container(d, key, c, 0) != 0)
		rte_tel_data_free(c);
}

static int
ctl_tel_neighbors(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct ctl_tel_walk w = { .d = d };

	rte_tel_data_start_dict(d);
	ctl_arp_walk(ctl_tel_neigh_one, &w);
	return 0;
}

static int
ctl_tel_stats(const char *cmd, const char *params, struct rte_tel_data *d)
{
	const struct ctl_stats_field *f;
	struct ctl_reload_stats rl;
	struct dp_stats s;
	char name[64];
	unsigned int i;

	dp_stats_read(&s);
	rte_tel_data_start_dict(d);
	for (f = ctl_stats_dp_fields; f->name != NULL; f++)
		rte_tel_data_add_dict_u64(d, f->name, ctl_stats_field_get(&s, f));
	for (i = 0; i < DP_PUNT_MAX; i++) {
		snprintf(name, sizeof(name), "punt_%s", dp_punt_name(i));
		rte_tel_data_add_dict_u64(d, name, s.punt[i]);
	}
	for (i = 0; i < DP_DROP_MAX; i++) {
		snprintf(name, sizeof(name), "drop_%s", dp_drop_name(i));
		rte_tel_data_add_dict_u64(d, name, s.drop[i]);
	}
	for (i = 0; i < CTL_COUNTER_MAX; i++) {
		snprintf(name, sizeof(name), "ctl_%s", ctl_counter_name(i));
		rte_tel_data_add_dict_u64(d, name, ctl_counters[i]);
	}
	ctl_reload_stats_get(&rl);
	rte_tel_data_add_dict_u64(d, "reload_applied", rl.applied);
	rte_tel_data_add_dict_u64(d, "reload_refused", rl.refused);
	rte_tel_data_add_dict_u64(d, "reload_invalid", rl.invalid);
	return 0;
}

static int
ctl_tel_l2tp(const char *cmd, const char *params, struct rte_tel_data *d)
{
	const struct ctl_l2tp_gauges *g = ctl_l2tp_gauges_get();
	char name[64], state[64];
	int i;

	/*
	 * State names have dashes ("wait-ctl-conn"), which telemetry names
	 * may not: such an entry would be refused, and the half-open
	 * tunnels and calls would be missing from the answer.
	 */
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "tunnels", g->tunnels_total);
	for (i = 0; i <= L2TP_TUNNEL_CLOSING; i++) {
		snprintf(state, sizeof(state), "tunnels_%s",
			 l2tp_tunnel_state_name(i));
		rte_tel_data_add_dict_u64(d, ctl_tel_key(name, sizeof(name),
					  state, -1), g->tunnels[i]);
	}
	rte_tel_data_add_dict_u64(d, "sessions", g->sessions_total);
	for (i = 0; i <= L2TP_SESSION_CLOSED; i++) {
		snprintf(state, sizeof(state), "sessions_%s",
			 l2tp_session_state_name(i));
		rte_tel_data_add_dict_u64(d, ctl_tel_key(name, sizeof(name),
					  state, -1), g->sessions[i]);
	}
	rte_tel_data_add_dict_u64(d, "tunnels_opened", g->tunnels_opened);
	rte_tel_data_add_dict_u64(d, "sessions_opened", g->sessions_opened);
	return 0;
}

static int
ctl_tel_ppp(const char *cmd, const char *params, struct rte_tel_data *d)
{
	const struct ctl_ppp_gauges *g = ctl_ppp_gauges_get();
	const struct ctl_stats_field *f;
	char name[64];
	int i;

	rte_tel_data_start_dict(d);
	for (i = 0; i < CTL_PPP_PHASES; i++) {
		snprintf(name, sizeof(name), "sessions_%s", ctl_ppp_phase_name(i));
		rte_tel_data_add_dict_u64(d, name, g->phase[i]);
	}
	for (f = ctl_stats_ppp_fields; f->name != NULL; f++)
		rte_tel_data_add_dict_u64(d, f->name, ctl_stats_field_get(g, f));
	return 0;
}

/* Session tables: live sessions and the writer's counters. */
static int
ctl_tel_dataplane(const char *cmd, const char *params, struct rte_tel_data *d)
{
	const struct ctl_push_stats *ps = ctl_push_stats_get();
	struct dp_table_info t;
	struct dp_punt_info pi;
	uint64_t mbufs, in_use;

	dp_table_info(&t);
	dp_punt_info(&pi);
	ctl_stats_mbufs(&mbufs, &in_use);
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "descriptors_add", ps->adds);
	rte_tel_data_add_dict_u64(d, "descriptors_delete", ps->deletes);
	rte_tel_data_add_dict_u64(d, "descriptors_add_failed", ps->add_failed);
	rte_tel_data_add_dict_u64(d, "descriptors_delete_failed", ps->delete_failed);
	rte_tel_data_add_dict_u64(d, "descriptors_no_index", ps->no_index);
	rte_tel_data_add_dict_u64(d, "sessions", t.live);
	rte_tel_data_add_dict_string(d, "upstream_index",
				     t.direct ? "direct" : "rte_hash");
	rte_tel_data_add_dict_u64(d, "added", t.stats.added);
	rte_tel_data_add_dict_u64(d, "modified", t.stats.modified);
	rte_tel_data_add_dict_u64(d, "deleted", t.stats.deleted);
	rte_tel_data_add_dict_u64(d, "dup_add", t.stats.dup_add);
	rte_tel_data_add_dict_u64(d, "del_unknown", t.stats.del_unknown);
	rte_tel_data_add_dict_u64(d, "build_fail", t.stats.build_fail);
	rte_tel_data_add_dict_u64(d, "fib_err", t.stats.fib_err);
	rte_tel_data_add_dict_u64(d, "reuse_waits", t.stats.reuse_waits);
	rte_tel_data_add_dict_u64(d, "freed", t.stats.freed);
	rte_tel_data_add_dict_u64(d, "punt_ring_used", pi.used);
	rte_tel_data_add_dict_u64(d, "punt_ring_capacity", pi.capacity);
	rte_tel_data_add_dict_u64(d, "mbufs", mbufs);
	rte_tel_data_add_dict_u64(d, "mbufs_in_use", in_use);
	return 0;
}

/*
 * Address pools (built before the EAL, freed after it: never while the
 * telemetry thread runs). The counters are 32-bit words the control lcore
 * writes; a read sees one value or the other.
 */
static void
ctl_tel_pool_one(const struct aaa_pool *pool, void *arg)
{
	struct ctl_tel_walk *w = arg;
	struct aaa_pool_stats st;
	struct rte_tel_data *c;
	char key[16];

	if ((c = rte_tel_data_alloc()) == NULL)
		return;
	aaa_pool_stats(pool, &st);
	rte_tel_data_start_dict(c);
	rte_tel_data_add_dict_string(c, "name", aaa_pool_name(pool));
	rte_tel_data_add_dict_u64(c, "size", st.size);
	rte_tel_data_add_dict_u64(c, "used", st.used);
	/* Leases in addresses a reload took out of the pool. */
	rte_tel_data_add_dict_u64(c, "draining", st.draining);
	rte_tel_data_add_dict_u64(c, "peak", st.peak);
	rte_tel_data_add_dict_u64(c, "allocs", st.allocs);
	rte_tel_data_add_dict_u64(c, "exhausted", st.exhausted);
	rte_tel_data_add_dict_u64(c, "double_release", st.double_release);
	snprintf(key, sizeof(key), "p%u", w->seq++);
	if (rte_tel_data_add_dict_container(w->d, key, c, 0) != 0)
		rte_tel_data_free(c);
}

static int
ctl_tel_pools(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct ctl_tel_walk w = { .d = d };

	rte_tel_data_start_dict(d);
	ctl_aaa_pools_walk(ctl_tel_pool_one, &w);
	return 0;
}

struct ctl_tel_tunnels {
	struct rte_tel_data *d;
	unsigned int n;
};

/* At most this many tunnels per answer (the reply buffer is 16 KiB). */
#define CTL_TEL_MAX_TUNNELS 64

static void
ctl_tel_tunnel_one(const struct ctl_l2tp_tunnel_info *ti, void *arg)
{
	struct ctl_tel_tunnels *w = arg;
	char buf[LNS_IPV4_STRLEN], key[16];
	struct rte_tel_data *c;

	if (w->n++ >= CTL_TEL_MAX_TUNNELS || (c = rte_tel_data_alloc()) == NULL)
		return;
	rte_tel_data_start_dict(c);
	rte_tel_data_add_dict_int(c, "id", ti->fsm->local_id);
	rte_tel_data_add_dict_int(c, "peer_id", ti->fsm->peer_id);
	rte_tel_data_add_dict_string(c, "peer", lns_ipv4_str(ti->peer_ip, buf));
	rte_tel_data_add_dict_int(c, "peer_port", ti->peer_udp_port);
	rte_tel_data_add_dict_string(c, "host", ti->fsm->peer_host);
	rte_tel_data_add_dict_string(c, "state",
				     l2tp_tunnel_state_name(ti->fsm->state));
	rte_tel_data_add_dict_string(c, "port", ti->port_name);
	rte_tel_data_add_dict_int(c, "sessions", ti->sessions);
	rte_tel_data_add_dict_u64(c, "retransmitted", ti->retransmitted);
	rte_tel_data_add_dict_u64(c, "duplicates", ti->duplicates);
	snprintf(key, sizeof(key), "t%u", ti->fsm->local_id);
	if (rte_tel_data_add_dict_container(w->d, key, c, 0) != 0)
		rte_tel_data_free(c);
}

static int
ctl_tel_tunnels(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct ctl_tel_tunnels w = { .d = d };

	rte_tel_data_start_dict(d);
	ctl_l2tp_walk(ctl_tel_tunnel_one, &w);
	return 0;
}

int
ctl_telemetry_init(void)
{
	int ret = 0;

	ret |= rte_telemetry_register_cmd("/lnsd/ports", ctl_tel_ports,
		"Configured ports: addresses, queues, link. No parameters");
	ret |= rte_telemetry_register_cmd("/lnsd/neighbors", ctl_tel_neighbors,
		"ARP neighbour table. No parameters");
	ret |= rte_telemetry_register_cmd("/lnsd/stats", ctl_tel_stats,
		"Fast-path and control counters. No parameters");
	ret |= rte_telemetry_register_cmd("/lnsd/l2tp", ctl_tel_l2tp,
		"L2TP tunnels and sessions by state. No parameters");
	ret |= rte_telemetry_register_cmd("/lnsd/dataplane", ctl_tel_dataplane,
		"Session tables: live sessions, writer counters, punt ring. No parameters");
	ret |= rte_telemetry_register_cmd("/lnsd/ppp", ctl_tel_ppp,
		"PPP sessions by phase and PPP counters. No parameters");
	ret |= rte_telemetry_register_cmd("/lnsd/tunnels", ctl_tel_tunnels,
		"L2TP tunnels (first 64). No parameters");
	ret |= rte_telemetry_register_cmd("/lnsd/pools", ctl_tel_pools,
		"Address pools: size, in use, peak. No parameters");
	ret |= ctl_telemetry_radius_init();
	return ret == 0 ? 0 : -EINVAL;
}
