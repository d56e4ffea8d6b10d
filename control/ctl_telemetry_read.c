/* SPDX-License-Identifier: BSD-3-Clause
 *
 * lnsd's read-outs (ctl_telemetry.h): each walks its data once and writes
 * it into a struct ctl_out, the telemetry reply (ctl_telemetry.c) or a
 * control socket reply (ctl_sock_cmd.c). They only read, so they may run
 * on the telemetry thread (see the ownership notes of each structure).
 */
#include <arpa/inet.h>

#include <rte_ethdev.h>

#include "ctl_aaa.h"
#include "ctl_arp.h"
#include "ctl_l2tp.h"
#include "ctl_nd6.h"
#include "ctl_ppp.h"
#include "ctl_push.h"
#include "ctl_reload.h"
#include "ctl_stats.h"
#include "ctl_telemetry.h"
#include "dp_api.h"
#include "lns_ipv4.h"
#include "port.h"
#include "port_flow.h"

/* A core port's IPv6 (docs/ipv6.md "Core side"); nothing without it. */
static void
ctl_tel_port6(const struct ctl_out *o, uint16_t port)
{
	const struct ctl_nd6_if *f = ctl_nd6_if_get(port);
	char buf[INET6_ADDRSTRLEN];

	if (f == NULL || !f->on)
		return;
	ctl_out_str(o, "ip6", inet_ntop(AF_INET6, f->global, buf, sizeof(buf)));
	ctl_out_u64(o, "prefix6_len", f->plen);
	ctl_out_str(o, "link_local6",
		    inet_ntop(AF_INET6, f->ll, buf, sizeof(buf)));
	if (f->has_gw)
		ctl_out_str(o, "gateway6",
			    inet_ntop(AF_INET6, f->gw, buf, sizeof(buf)));
}

void
ctl_tel_read_ports(const struct ctl_out *o)
{
	char buf[LNS_IPV4_STRLEN + LNS_MAC_STRLEN];
	unsigned int i;

	o->ops->list_begin(o->ctx, "ports");
	for (i = 0; i < port_count; i++) {
		const struct port *p = &port_table[i];
		struct rte_eth_link link;

		o->ops->obj_begin(o->ctx, p->cfg->name);
		ctl_out_str(o, "name", p->cfg->name);
		ctl_out_u64(o, "ethdev", p->port_id);
		ctl_out_str(o, "role", cfg_port_role_name(p->cfg->role));
		ctl_out_str(o, "mac", lns_mac_str(p->mac.addr_bytes, buf));
		ctl_out_str(o, "ip", lns_ipv4_str(p->ip, buf));
		ctl_out_u64(o, "prefix_len", p->cfg->address.len);
		if (p->gateway != 0)
			ctl_out_str(o, "gateway", lns_ipv4_str(p->gateway, buf));
		ctl_tel_port6(o, (uint16_t)i);
		ctl_out_u64(o, "vlan", p->vlan);
		ctl_out_u64(o, "mtu", p->cfg->mtu);
		ctl_out_u64(o, "rx_queues", p->nb_rxq);
		ctl_out_u64(o, "tx_queues", p->nb_txq);
		ctl_out_str(o, "control_tx", p->ctl_ring ? "worker-ring" : "queue");
		/* dataplane.rss: what the NIC hashes upstream on. */
		ctl_out_str(o, "rss", port_flow_rss_desc(p));
		if (rte_eth_link_get_nowait(p->port_id, &link) == 0)
			ctl_out_str(o, "link", link.link_status ? "up" : "down");
		o->ops->obj_end(o->ctx);
	}
	o->ops->list_end(o->ctx);
}

struct ctl_tel_walk {
	const struct ctl_out *o;
	unsigned int seq;
};

static void
ctl_tel_neigh_one(const struct neigh_entry *e, void *arg)
{
	char buf[INET6_ADDRSTRLEN + LNS_MAC_STRLEN];
	char key[CFG_NAME_LEN + 16];
	struct ctl_tel_walk *w = arg;
	const struct ctl_out *o = w->o;

	/* No IP in the key: telemetry names cannot hold dots. */
	snprintf(key, sizeof(key), "%s/%u", port_table[e->port].cfg->name,
		 w->seq++);
	o->ops->obj_begin(o->ctx, key);
	ctl_out_str(o, "port", port_table[e->port].cfg->name);
	/* "ip" holds either family's address; "family" came with IPv6. */
	ctl_out_str(o, "ip", ctl_neigh_addr_str(e, buf, sizeof(buf)));
	ctl_out_str(o, "family", neigh_is_v4(e->addr) ? "ipv4" : "ipv6");
	ctl_out_str(o, "mac", lns_mac_str(e->mac, buf));
	ctl_out_str(o, "state", neigh_state_name(e->state));
	ctl_out_u64(o, "pinned", e->pinned);
	ctl_out_u64(o, "probes", e->probes);
	o->ops->obj_end(o->ctx);
}

void
ctl_tel_read_neighbors(const struct ctl_out *o)
{
	struct ctl_tel_walk w = { .o = o };

	o->ops->list_begin(o->ctx, "neighbors");
	ctl_arp_walk(ctl_tel_neigh_one, &w);
	o->ops->list_end(o->ctx);
}

/* Drops named "drop_<reason>" (prefix "drop_") or "<reason>" (""). */
static void
ctl_tel_drops(const struct ctl_out *o, const struct dp_stats *s,
	      const char *prefix)
{
	char name[64];
	unsigned int i;

	for (i = 0; i < DP_DROP_MAX; i++) {
		snprintf(name, sizeof(name), "%s%s", prefix, dp_drop_name(i));
		ctl_out_u64(o, name, s->drop[i]);
	}
}

void
ctl_tel_read_stats(const struct ctl_out *o)
{
	const struct ctl_stats_field *f;
	struct ctl_reload_stats rl;
	struct dp_stats s;
	char name[64];
	unsigned int i;

	dp_stats_read(&s);
	for (f = ctl_stats_dp_fields; f->name != NULL; f++)
		ctl_out_u64(o, f->name, ctl_stats_field_get(&s, f));
	for (i = 0; i < DP_PUNT_MAX; i++) {
		snprintf(name, sizeof(name), "punt_%s", dp_punt_name(i));
		ctl_out_u64(o, name, s.punt[i]);
	}
	ctl_tel_drops(o, &s, "drop_");
	for (i = 0; i < CTL_COUNTER_MAX; i++) {
		snprintf(name, sizeof(name), "ctl_%s", ctl_counter_name(i));
		ctl_out_u64(o, name, ctl_counters[i]);
	}
	ctl_reload_stats_get(&rl);
	ctl_out_u64(o, "reload_applied", rl.applied);
	ctl_out_u64(o, "reload_refused", rl.refused);
	ctl_out_u64(o, "reload_invalid", rl.invalid);
}

void
ctl_tel_read_drops(const struct ctl_out *o)
{
	struct dp_stats s;

	dp_stats_read(&s);
	ctl_tel_drops(o, &s, "");
}

/* "tunnels_wait-ctl-conn" -> "tunnels_wait_ctl_conn": one spelling for all. */
static const char *
ctl_tel_state_key(char *buf, size_t len, const char *prefix, const char *state)
{
	char *c;

	snprintf(buf, len, "%s%s", prefix, state);
	for (c = buf; *c != '\0'; c++)
		if (*c == '-')
			*c = '_';
	return buf;
}

void
ctl_tel_read_l2tp(const struct ctl_out *o)
{
	const struct ctl_l2tp_gauges *g = ctl_l2tp_gauges_get();
	char name[64];
	int i;

	ctl_out_u64(o, "tunnels", g->tunnels_total);
	for (i = 0; i <= L2TP_TUNNEL_CLOSING; i++) {
		ctl_out_u64(o, ctl_tel_state_key(name, sizeof(name), "tunnels_",
			    l2tp_tunnel_state_name(i)), g->tunnels[i]);
	}
	ctl_out_u64(o, "sessions", g->sessions_total);
	for (i = 0; i <= L2TP_SESSION_CLOSED; i++) {
		ctl_out_u64(o, ctl_tel_state_key(name, sizeof(name), "sessions_",
			    l2tp_session_state_name(i)), g->sessions[i]);
	}
	ctl_out_u64(o, "tunnels_opened", g->tunnels_opened);
	ctl_out_u64(o, "sessions_opened", g->sessions_opened);
}

void
ctl_tel_read_ppp(const struct ctl_out *o)
{
	const struct ctl_ppp_gauges *g = ctl_ppp_gauges_get();
	const struct ctl_stats_field *f;
	char name[64];
	int i;

	for (i = 0; i < CTL_PPP_PHASES; i++) {
		snprintf(name, sizeof(name), "sessions_%s", ctl_ppp_phase_name(i));
		ctl_out_u64(o, name, g->phase[i]);
	}
	for (f = ctl_stats_ppp_fields; f->name != NULL; f++)
		ctl_out_u64(o, f->name, ctl_stats_field_get(g, f));
}

void
ctl_tel_read_dataplane(const struct ctl_out *o)
{
	const struct ctl_push_stats *ps = ctl_push_stats_get();
	struct dp_table_info t;
	struct dp_punt_info pi;
	uint64_t mbufs, in_use;

	dp_table_info(&t);
	dp_punt_info(&pi);
	ctl_stats_mbufs(&mbufs, &in_use);
	ctl_out_u64(o, "descriptors_add", ps->adds);
	ctl_out_u64(o, "descriptors_delete", ps->deletes);
	ctl_out_u64(o, "descriptors_add_failed", ps->add_failed);
	ctl_out_u64(o, "descriptors_delete_failed", ps->delete_failed);
	ctl_out_u64(o, "descriptors_no_index", ps->no_index);
	ctl_out_u64(o, "sessions", t.live);
	ctl_out_u64(o, "upstream_index_bytes", t.up_bytes);
	ctl_out_u64(o, "upstream_index_tunnels", t.up_tunnels);
	ctl_out_u64(o, "downstream_directory_bytes", t.down_bytes);
	ctl_out_u64(o, "downstream_directory_blocks", t.down_blocks);
	ctl_out_u64(o, "added", t.stats.added);
	ctl_out_u64(o, "modified", t.stats.modified);
	ctl_out_u64(o, "deleted", t.stats.deleted);
	ctl_out_u64(o, "dup_add", t.stats.dup_add);
	ctl_out_u64(o, "del_unknown", t.stats.del_unknown);
	ctl_out_u64(o, "build_fail", t.stats.build_fail);
	ctl_out_u64(o, "fib_err", t.stats.fib_err);
	ctl_out_u64(o, "down_spill", t.stats.down_spill);
	ctl_out_u64(o, "reuse_waits", t.stats.reuse_waits);
	ctl_out_u64(o, "dq_waits", t.stats.dq_waits);
	ctl_out_u64(o, "freed", t.stats.freed);
	ctl_out_u64(o, "punt_ring_used", pi.used);
	ctl_out_u64(o, "punt_ring_capacity", pi.capacity);
	ctl_out_u64(o, "mbufs", mbufs);
	ctl_out_u64(o, "mbufs_in_use", in_use);
}

/*
 * Address pools, walked under the lock a reload takes to change the set
 * (ctl_aaa_pools_walk). The counters are 32-bit words the control lcore
 * writes; a read sees one value or the other.
 */
static void
ctl_tel_pool_one(const struct aaa_pool *pool, void *arg)
{
	struct ctl_tel_walk *w = arg;
	const struct ctl_out *o = w->o;
	struct aaa_pool_stats st;
	char key[16];

	aaa_pool_stats(pool, &st);
	snprintf(key, sizeof(key), "p%u", w->seq++);
	o->ops->obj_begin(o->ctx, key);
	ctl_out_str(o, "name", aaa_pool_name(pool));
	ctl_out_u64(o, "size", st.size);
	ctl_out_u64(o, "used", st.used);
	/* Leases in addresses a reload took out of the pool. */
	ctl_out_u64(o, "draining", st.draining);
	ctl_out_u64(o, "peak", st.peak);
	ctl_out_u64(o, "allocs", st.allocs);
	ctl_out_u64(o, "exhausted", st.exhausted);
	ctl_out_u64(o, "double_release", st.double_release);
	o->ops->obj_end(o->ctx);
}

void
ctl_tel_read_pools(const struct ctl_out *o)
{
	struct ctl_tel_walk w = { .o = o };

	o->ops->list_begin(o->ctx, "pools");
	ctl_aaa_pools_walk(ctl_tel_pool_one, &w);
	o->ops->list_end(o->ctx);
}

void
ctl_tel_read_tunnel(const struct ctl_out *o,
		    const struct ctl_l2tp_tunnel_info *ti, uint64_t now)
{
	char buf[LNS_IPV4_STRLEN];

	ctl_out_u64(o, "id", ti->fsm->local_id);
	ctl_out_u64(o, "peer_id", ti->fsm->peer_id);
	ctl_out_str(o, "peer", lns_ipv4_str(ti->peer_ip, buf));
	ctl_out_u64(o, "peer_port", ti->peer_udp_port);
	ctl_out_str(o, "host", ti->fsm->peer_host);
	ctl_out_str(o, "state", l2tp_tunnel_state_name(ti->fsm->state));
	ctl_out_str(o, "port", ti->port_name);
	ctl_out_u64(o, "sessions", ti->sessions);
	ctl_out_u64(o, "uptime_s", now > ti->created_ms ?
		    (now - ti->created_ms) / 1000 : 0);
	ctl_out_u64(o, "retransmitted", ti->retransmitted);
	ctl_out_u64(o, "duplicates", ti->duplicates);
}
