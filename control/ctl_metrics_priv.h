/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Inside the metrics module: the snapshot the control lcore publishes
 * (ctl_metrics_snap.c) and the HTTP thread renders (ctl_metrics_render.c).
 */
#ifndef LNS_CTL_METRICS_PRIV_H
#define LNS_CTL_METRICS_PRIV_H

#include <stdint.h>

#include "aaa_pool.h"
#include "cfg.h"
#include "ctl_l2tp.h"
#include "ctl_loop.h"
#include "ctl_metrics_expo.h"
#include "ctl_ppp.h"
#include "ctl_push.h"
#include "ctl_qos.h"
#include "ctl_stats.h"
#include "rad_client.h"

/* Servers of every group, authentication and accounting. */
#define CTL_METRICS_RAD_MAX	(2 * CFG_MAX_RADIUS_SERVERS)

struct ctl_metrics_rad {
	char group[CFG_NAME_LEN];
	const char *role;		/* "auth" or "acct" (static strings) */
	char server[64];		/* rad_server_conf.name */
	struct rad_server_stats st;
};

struct ctl_metrics_pool {
	char name[CFG_NAME_LEN];
	struct aaa_pool_stats st;
};

/* What the control lcore owns, copied at once (a coherent view). */
struct ctl_metrics_snap {
	uint64_t published;		/* snapshots so far */
	uint64_t tsc;			/* when (rte_rdtsc) */
	uint64_t ctl[CTL_COUNTER_MAX];
	struct ctl_l2tp_gauges l2tp;
	struct ctl_ppp_gauges ppp;
	struct ctl_push_stats push;
	struct ctl_loop_latency loop;
	unsigned int nb_pools;
	struct ctl_metrics_pool pools[CFG_MAX_POOLS];
	unsigned int nb_rad;
	struct ctl_metrics_rad rad[CTL_METRICS_RAD_MAX];
	struct ctl_qos_stats qos;
	struct ctl_qos_count qos_count;
	unsigned int nb_qos;		/* running profiles, in qos_names */
	char qos_names[CFG_MAX_QOS_PROFILES][CFG_NAME_LEN];
};

/* The HTTP thread's own counters (written by that thread only). */
struct ctl_metrics_http_stats {
	uint64_t connections;		/* accepted and served */
	uint64_t scrapes;		/* 200 answers */
	uint64_t refused;		/* over metrics.max_connections */
	uint64_t timeouts;		/* cut at metrics.timeout_ms */
	uint64_t bad_request;		/* 400 */
	uint64_t not_found;		/* 404 */
	uint64_t bad_method;		/* 405 */
	uint64_t too_large;		/* 431 */
	uint64_t render_errors;		/* 500: the page could not be built */
	uint64_t snapshot_retries;	/* copies redone: a publish overlapped */
	uint64_t render_ns;		/* time spent building pages */
	uint64_t render_max_ns;
};

/* Control lcore: fill s from the structures it owns. */
void ctl_metrics_snap_fill(struct ctl_metrics_snap *s);

/*
 * HTTP thread: the page from the snapshot s, the dataplane's and the
 * ports' own counters (read as telemetry reads them) and h.
 */
void ctl_metrics_render(struct ctl_mx *b, const struct ctl_metrics_snap *s,
			const struct ctl_metrics_http_stats *h);

#endif /* LNS_CTL_METRICS_PRIV_H */
