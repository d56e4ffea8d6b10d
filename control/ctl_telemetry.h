/* SPDX-License-Identifier: BSD-3-Clause
 *
 * lnsd's read-outs (ports, neighbours, counters, tunnels, pools, RADIUS)
 * and the two places they go: the DPDK telemetry socket (/lnsd/..., on
 * the telemetry thread) and the control socket (ctl_sock.h, on the
 * control lcore). Each read-out walks its data once and writes it into
 * a struct ctl_out, which either side implements; nothing here writes.
 */
#ifndef LNS_CTL_TELEMETRY_H
#define LNS_CTL_TELEMETRY_H

#include <stdbool.h>
#include <stdint.h>

#include "ctl_l2tp.h"

/* Register the /lnsd/... telemetry commands. */
int ctl_telemetry_init(void);

/*
 * Where a read-out writes. Values are named members of the object being
 * written; a collection (ports, tunnels...) is a list of objects, each
 * with a key unique in the collection (telemetry keys its dict entries
 * with it; JSON makes a list and drops it). Keys are [a-z0-9_-/]
 * (telemetry changes '-' to '_').
 */
struct ctl_out_ops {
	void (*u64)(void *ctx, const char *key, uint64_t v);
	void (*str)(void *ctx, const char *key, const char *s);
	void (*list_begin)(void *ctx, const char *key);
	void (*list_end)(void *ctx);
	/* An object in the current list (or, outside one, named key). */
	void (*obj_begin)(void *ctx, const char *key);
	void (*obj_end)(void *ctx);
};

struct ctl_out {
	const struct ctl_out_ops *ops;
	void *ctx;
};

static inline void
ctl_out_u64(const struct ctl_out *o, const char *key, uint64_t v)
{
	o->ops->u64(o->ctx, key, v);
}

static inline void
ctl_out_str(const struct ctl_out *o, const char *key, const char *s)
{
	o->ops->str(o->ctx, key, s);
}

/* Read-outs (ctl_telemetry_read.c, ctl_telemetry_radius.c). */
void ctl_tel_read_ports(const struct ctl_out *o);
void ctl_tel_read_neighbors(const struct ctl_out *o);
/* Fast-path counters, punts, drops and control counters. */
void ctl_tel_read_stats(const struct ctl_out *o);
/* Only the dataplane's drops by reason (dataplane/dp_drop.def). */
void ctl_tel_read_drops(const struct ctl_out *o);
void ctl_tel_read_l2tp(const struct ctl_out *o);
void ctl_tel_read_ppp(const struct ctl_out *o);
void ctl_tel_read_dataplane(const struct ctl_out *o);
void ctl_tel_read_pools(const struct ctl_out *o);
/* One tunnel's members (inside an object the caller opened). */
void ctl_tel_read_tunnel(const struct ctl_out *o,
			 const struct ctl_l2tp_tunnel_info *ti, uint64_t now);
void ctl_tel_read_radius(const struct ctl_out *o);
/* QoS profiles, sessions per profile, refusals (ctl_telemetry_qos.c). */
void ctl_tel_read_qos(const struct ctl_out *o);

#endif /* LNS_CTL_TELEMETRY_H */
