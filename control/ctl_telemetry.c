/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Operator read-outs on the DPDK telemetry socket
 * (/var/run/dpdk/<prefix>/dpdk_telemetry.v2, e.g. dpdk-telemetry.py,
 * lnsctl telemetry ...):
 *   /lnsd/ports      configured ports and their addresses, by port name
 *   /lnsd/neighbors  the ARP table, keyed "port/N"
 * (DPDK 22.11 telemetry nests dicts in dicts but not in arrays.)
 *   /lnsd/stats      fast-path and control counters, summed
 *   /lnsd/l2tp       tunnels and sessions by state
 *   /lnsd/ppp        PPP sessions by phase, PPP counters
 *   /lnsd/dataplane  session tables: live sessions, writer counters
 *   /lnsd/tunnels    L2TP tunnels (the first 64), keyed "t<id>"
 *   /lnsd/pools      address pools: size, in use, peak, keyed "p<n>"
 *   /lnsd/radius     RADIUS servers, backend and spool
 *   /lnsd/qos        QoS profiles, sessions per profile, refusals
 * The data comes from the read-outs of ctl_telemetry_read.c, which the
 * control socket shares; here is only their telemetry form (struct
 * ctl_out over rte_tel_data). Callbacks run on the telemetry thread.
 */
#include <rte_telemetry.h>

#include "ctl_l2tp.h"
#include "ctl_loop.h"
#include "ctl_telemetry.h"

/* Objects nest at most this deep (radius groups: top, group, server). */
#define CTL_TEL_DEPTH 4

struct ctl_tel_sink {
	struct rte_tel_data *stack[CTL_TEL_DEPTH];
	char keys[CTL_TEL_DEPTH][64];
	unsigned int depth;	/* stack[depth] is the dict being written */
	bool skip;		/* an object could not be allocated */
};

/*
 * A telemetry dict name: names allow only [A-Za-z0-9_/], while port and
 * state names may contain '-' ("wait-ctl-conn"): such an entry would be
 * refused. The real name is inside the entry where it matters.
 */
static const char *
ctl_tel_key(char *buf, size_t len, const char *name)
{
	char *c;

	snprintf(buf, len, "%s", name);
	for (c = buf; *c != '\0'; c++)
		if (*c == '-' || *c == '.' || *c == ':')
			*c = '_';
	return buf;
}

static void
ctl_tel_u64(void *ctx, const char *key, uint64_t v)
{
	struct ctl_tel_sink *s = ctx;
	char k[64];

	if (!s->skip)
		rte_tel_data_add_dict_u64(s->stack[s->depth],
					  ctl_tel_key(k, sizeof(k), key), v);
}

static void
ctl_tel_str(void *ctx, const char *key, const char *v)
{
	struct ctl_tel_sink *s = ctx;
	char k[64];

	if (!s->skip)
		rte_tel_data_add_dict_string(s->stack[s->depth],
					     ctl_tel_key(k, sizeof(k), key), v);
}

/* A list is the dict being written itself: its objects are its entries. */
static void
ctl_tel_list(void *ctx, const char *key)
{
}

static void
ctl_tel_list_end(void *ctx)
{
}

static void
ctl_tel_obj_begin(void *ctx, const char *key)
{
	struct ctl_tel_sink *s = ctx;
	struct rte_tel_data *c;

	if (s->skip || s->depth + 1 >= CTL_TEL_DEPTH ||
	    (c = rte_tel_data_alloc()) == NULL) {
		s->skip = true;
		return;
	}
	rte_tel_data_start_dict(c);
	s->depth++;
	s->stack[s->depth] = c;
	ctl_tel_key(s->keys[s->depth], sizeof(s->keys[0]), key);
}

static void
ctl_tel_obj_end(void *ctx)
{
	struct ctl_tel_sink *s = ctx;
	struct rte_tel_data *c;

	if (s->skip) {
		s->skip = false;
		return;
	}
	c = s->stack[s->depth--];
	if (rte_tel_data_add_dict_container(s->stack[s->depth],
					    s->keys[s->depth + 1], c, 0) != 0)
		rte_tel_data_free(c);
}

static const struct ctl_out_ops ctl_tel_ops = {
	.u64 = ctl_tel_u64,
	.str = ctl_tel_str,
	.list_begin = ctl_tel_list,
	.list_end = ctl_tel_list_end,
	.obj_begin = ctl_tel_obj_begin,
	.obj_end = ctl_tel_obj_end,
};

/* One command: a dict answer filled by a read-out. */
#define CTL_TEL_CMD(name, readout)					\
static int								\
ctl_tel_##name(const char *cmd, const char *params, struct rte_tel_data *d) \
{									\
	struct ctl_tel_sink s = { .stack = { d } };			\
	struct ctl_out o = { .ops = &ctl_tel_ops, .ctx = &s };		\
									\
	rte_tel_data_start_dict(d);					\
	readout(&o);							\
	return 0;							\
}

CTL_TEL_CMD(ports, ctl_tel_read_ports)
CTL_TEL_CMD(neighbors, ctl_tel_read_neighbors)
CTL_TEL_CMD(stats, ctl_tel_read_stats)
CTL_TEL_CMD(l2tp, ctl_tel_read_l2tp)
CTL_TEL_CMD(ppp, ctl_tel_read_ppp)
CTL_TEL_CMD(dataplane, ctl_tel_read_dataplane)
CTL_TEL_CMD(pools, ctl_tel_read_pools)
CTL_TEL_CMD(radius, ctl_tel_read_radius)
CTL_TEL_CMD(qos, ctl_tel_read_qos)

/* At most this many tunnels per answer (the reply buffer is 16 KiB). */
#define CTL_TEL_MAX_TUNNELS 64

struct ctl_tel_tunnels {
	const struct ctl_out *o;
	uint64_t now;
	unsigned int n;
};

static void
ctl_tel_tunnel_one(const struct ctl_l2tp_tunnel_info *ti, void *arg)
{
	struct ctl_tel_tunnels *w = arg;
	char key[16];

	if (w->n++ >= CTL_TEL_MAX_TUNNELS)
		return;
	snprintf(key, sizeof(key), "t%u", ti->fsm->local_id);
	w->o->ops->obj_begin(w->o->ctx, key);
	ctl_tel_read_tunnel(w->o, ti, w->now);
	w->o->ops->obj_end(w->o->ctx);
}

static int
ctl_tel_tunnels(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct ctl_tel_sink s = { .stack = { d } };
	struct ctl_out o = { .ops = &ctl_tel_ops, .ctx = &s };
	struct ctl_tel_tunnels w = { .o = &o, .now = ctl_now_ms() };

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
		"L2TP tunnels (first 64; lnsctl show tunnels lists all). No parameters");
	ret |= rte_telemetry_register_cmd("/lnsd/pools", ctl_tel_pools,
		"Address pools: size, in use, peak. No parameters");
	ret |= rte_telemetry_register_cmd("/lnsd/radius", ctl_tel_radius,
		"RADIUS: backend, spool, per-server counters and state. No parameters");
	ret |= rte_telemetry_register_cmd("/lnsd/qos", ctl_tel_qos,
		"QoS profiles, sessions per profile, refused rate sources. No parameters");
	return ret == 0 ? 0 : -EINVAL;
}
