/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The control lcore's side of the metrics snapshot: a copy of the
 * counters and gauges it owns (its counters, the L2TP and PPP gauges,
 * the pusher's, the pools', the RADIUS servers', the loop's pass times,
 * the QoS profiles' session counts and refusals).
 * Copied on the control lcore, where these structures are written, so a
 * page shows one moment of them and the HTTP thread never walks a
 * structure the control lcore is changing.
 */
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>

#include "ctl_aaa.h"
#include "ctl_metrics_priv.h"
#include "rad_aaa.h"

static void
ctl_metrics_snap_pool(const struct aaa_pool *pool, void *arg)
{
	struct ctl_metrics_snap *s = arg;
	struct ctl_metrics_pool *p;

	if (s->nb_pools >= CFG_MAX_POOLS)
		return;
	p = &s->pools[s->nb_pools++];
	snprintf(p->name, sizeof(p->name), "%s", aaa_pool_name(pool));
	aaa_pool_stats(pool, &p->st);
}

static void
ctl_metrics_snap_client(struct ctl_metrics_snap *s, const char *group,
			const char *role, const struct rad_client *c)
{
	unsigned int i;

	for (i = 0; c != NULL && i < rad_client_nb_servers(c); i++) {
		const struct rad_server *srv = rad_client_server(c, i);
		struct ctl_metrics_rad *r;

		if (s->nb_rad >= CTL_METRICS_RAD_MAX)
			return;
		r = &s->rad[s->nb_rad++];
		snprintf(r->group, sizeof(r->group), "%s", group);
		r->role = role;
		snprintf(r->server, sizeof(r->server), "%s",
			 rad_server_conf(srv)->name);
		r->st = *rad_server_stats(srv);
	}
}

static void
ctl_metrics_snap_group(const char *group, const struct rad_aaa *ra, void *arg)
{
	if (ra == NULL)
		return;
	ctl_metrics_snap_client(arg, group, "auth", rad_aaa_auth_client(ra));
	ctl_metrics_snap_client(arg, group, "acct", rad_aaa_acct_client(ra));
}

static void
ctl_metrics_snap_qos(const struct cfg_qos_profile *p, bool is_default,
		     uint32_t sessions, void *arg)
{
	struct ctl_metrics_snap *s = arg;

	(void)is_default;
	if (s->nb_qos >= CFG_MAX_QOS_PROFILES)
		return;
	snprintf(s->qos_names[s->nb_qos], CFG_NAME_LEN, "%s", p->name);
	s->qos_count.profile[s->nb_qos++] = sessions;
}

void
ctl_metrics_snap_fill(struct ctl_metrics_snap *s)
{
	s->published++;
	s->tsc = rte_rdtsc();
	memcpy(s->ctl, ctl_counters, sizeof(s->ctl));
	s->l2tp = *ctl_l2tp_gauges_get();
	s->ppp = *ctl_ppp_gauges_get();
	s->push = *ctl_push_stats_get();
	s->loop = *ctl_loop_latency_get();
	s->nb_pools = 0;
	aaa_pool_set_walk(ctl_aaa.pools, ctl_metrics_snap_pool, s);
	s->nb_rad = 0;
	ctl_aaa_radius_read(ctl_metrics_snap_group, s);
	s->qos = *ctl_qos_stats_get();
	s->qos_count = *ctl_qos_count_get();
	s->nb_qos = 0;
	ctl_qos_walk(ctl_metrics_snap_qos, s);
}
