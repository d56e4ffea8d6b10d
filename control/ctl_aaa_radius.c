/* SPDX-License-Identifier: BSD-3-Clause
 *
 * lnsd's RADIUS backends, one per server group (radius.servers[].group;
 * "" is the default group): each group is its own `radius` backend of the
 * AAA seam (rad_aaa.h) with its own clients and its own accounting spool,
 * so a wholesaler's realm can be sent to that wholesaler's servers
 * (aaa.realms[].radius_group). The default group's backend is named
 * "radius", the others "radius:GROUP"; the default group keeps
 * radius.accounting.spool_dir, the others use "SPOOL_DIR-GROUP".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_spinlock.h>

#include "ctl_aaa.h"
#include "lns_log.h"
#include "rad_aaa.h"

struct ctl_aaa_rgroup {
	char name[CFG_NAME_LEN];	/* "" = default */
	char be_name[CFG_NAME_LEN + 8];
	char spool_dir[CFG_PATH_LEN + CFG_NAME_LEN + 1];
	struct aaa_backend_ops ops;	/* rad_aaa_ops under be_name */
	struct rad_aaa *ra;
};

static struct ctl_aaa_rgroup ctl_aaa_rgroups[CFG_MAX_RADIUS_SERVERS];
static unsigned int ctl_aaa_nb_rgroups;
/* The groups against the telemetry thread (ctl_aaa_radius_read). */
static rte_spinlock_t ctl_aaa_rgroup_lock = RTE_SPINLOCK_INITIALIZER;

static void
ctl_aaa_rad_servers(const struct cfg *cfg, const char *group,
		    struct rad_client_conf *cc, bool acct)
{
	const struct cfg_radius *r = &cfg->radius;
	unsigned int i;

	cc->balance = r->balance == CFG_RADIUS_WEIGHTED ?
		      RAD_BALANCE_WEIGHTED : RAD_BALANCE_PRIORITY;
	cc->nb_sockets = r->sockets;
	cc->bind_addr = r->bind_address;
	cc->dead_after = r->dead_after;
	cc->dead_ms = r->dead_ms;
	cc->probe_ms = r->probe_ms;
	for (i = 0; i < r->nb_servers; i++) {
		const struct cfg_radius_server *s = &r->servers[i];
		struct rad_server_conf *sc = &cc->servers[cc->nb_servers];
		uint16_t port = acct ? s->acct_port : s->auth_port;

		if (port == 0 || strcmp(s->group, group) != 0 ||
		    cc->nb_servers == RAD_CLIENT_MAX_SERVERS)
			continue;
		if (s->name[0] != '\0')
			snprintf(sc->name, sizeof(sc->name), "%s", s->name);
		sc->addr = s->address;
		sc->port = port;
		sc->secret_len = strlen(s->secret);
		memcpy(sc->secret, s->secret, sc->secret_len);
		sc->priority = s->priority;
		sc->weight = s->weight;
		sc->timeout_ms = s->timeout_ms;
		sc->retries = s->retries;
		sc->max_outstanding = s->max_outstanding;
		sc->status_server = s->status_server;
		/* Accounting-Responses carry no proof either way (RFC 2866). */
		sc->require_ma = !acct && r->require_message_authenticator;
		cc->nb_servers++;
	}
}

/* NAS-IP-Address: radius.nas_ip_address, else the first core port's. */
static uint32_t
ctl_aaa_nas_ip(const struct cfg *cfg)
{
	unsigned int i;

	if (cfg->radius.nas_ip_address != 0)
		return cfg->radius.nas_ip_address;
	for (i = 0; i < cfg->nb_ports; i++)
		if (cfg->ports[i].role == CFG_PORT_CORE)
			return cfg->ports[i].address.addr;
	return cfg->nb_ports > 0 ? cfg->ports[0].address.addr : 0;
}

static int
ctl_aaa_rgroup_start(const struct cfg *cfg, struct ctl_aaa_rgroup *g,
		     struct aaa *aaa)
{
	const struct cfg_radius *r = &cfg->radius;
	struct rad_aaa_conf *rc = calloc(1, sizeof(*rc));
	struct rad_aaa *ra;
	int err;

	if (rc == NULL)
		return -ENOMEM;
	ctl_aaa_rad_servers(cfg, g->name, &rc->auth, false);
	ctl_aaa_rad_servers(cfg, g->name, &rc->acct, true);
	snprintf(rc->nas_identifier, sizeof(rc->nas_identifier), "%s",
		 r->nas_identifier[0] != '\0' ? r->nas_identifier :
		 cfg->l2tp.host_name);
	rc->nas_ip = ctl_aaa_nas_ip(cfg);
	rc->auth_timeout_ms = r->auth_timeout_ms;
	rc->send_tunnel_attributes = r->send_tunnel_attributes;
	rc->send_station_ids = r->send_station_ids;
	rc->send_connect_info = r->send_connect_info;
	if (snprintf(g->spool_dir, sizeof(g->spool_dir), "%s%s%s",
		     r->accounting.spool_dir, g->name[0] != '\0' ? "-" : "",
		     g->name) >= (int)sizeof(g->spool_dir)) {
		free(rc);
		return -ENAMETOOLONG;
	}
	rc->spool.dir = g->spool_dir;
	rc->spool.max_bytes = (uint64_t)r->accounting.spool_max_mb << 20;
	rc->spool.sync_ms = r->accounting.spool_sync_ms;
	rc->acct_in_flight = r->accounting.in_flight;
	rc->acct_retry_ms = r->accounting.retry_ms;
	rc->acct_timeout_ms = r->accounting.timeout_ms;
	rc->wall_s = ctl_aaa_wall_s;
	ra = rad_aaa_create(rc, &err);
	free(rc);
	if (ra == NULL) {
		LNS_LOG(ERR, aaa, "event=radius-start-failed group=\"%s\" spool=%s error=\"%s\"",
			g->name, g->spool_dir, strerror(-err));
		return err;
	}
	g->ops = rad_aaa_ops;
	g->ops.name = g->be_name;
	rte_spinlock_lock(&ctl_aaa_rgroup_lock);
	g->ra = ra;
	ctl_aaa_nb_rgroups++;
	rte_spinlock_unlock(&ctl_aaa_rgroup_lock);
	return aaa_add_backend(aaa, &g->ops, ra);
}

static struct ctl_aaa_rgroup *
ctl_aaa_rgroup_find(const char *group)
{
	unsigned int i;

	for (i = 0; i < ctl_aaa_nb_rgroups; i++)
		if (strcmp(ctl_aaa_rgroups[i].name, group) == 0)
			return &ctl_aaa_rgroups[i];
	return NULL;
}

int
ctl_aaa_radius_start(const struct cfg *cfg, struct aaa *aaa)
{
	const struct cfg_radius *r = &cfg->radius;
	struct ctl_aaa_rgroup *g;
	unsigned int i;
	int ret;

	for (i = 0; i < r->nb_servers; i++) {
		if (ctl_aaa_rgroup_find(r->servers[i].group) != NULL)
			continue;
		g = &ctl_aaa_rgroups[ctl_aaa_nb_rgroups];
		memset(g, 0, sizeof(*g));
		snprintf(g->name, sizeof(g->name), "%s", r->servers[i].group);
		snprintf(g->be_name, sizeof(g->be_name), g->name[0] != '\0' ?
			 "radius:%s" : "radius%s", g->name);
		ret = ctl_aaa_rgroup_start(cfg, g, aaa);
		if (ret != 0)
			return ret;
	}
	return 0;
}

const char *
ctl_aaa_radius_backend(const char *group)
{
	const struct ctl_aaa_rgroup *g = ctl_aaa_rgroup_find(group);

	/* A group without servers cannot pass the configuration checks. */
	return g != NULL ? g->be_name : "radius";
}

void
ctl_aaa_radius_stop(uint32_t drain_ms)
{
	struct rad_aaa *ra[CFG_MAX_RADIUS_SERVERS];
	unsigned int i, n;

	rte_spinlock_lock(&ctl_aaa_rgroup_lock);
	n = ctl_aaa_nb_rgroups;
	for (i = 0; i < n; i++) {
		ra[i] = ctl_aaa_rgroups[i].ra;
		ctl_aaa_rgroups[i].ra = NULL;
	}
	ctl_aaa_nb_rgroups = 0;
	rte_spinlock_unlock(&ctl_aaa_rgroup_lock);
	for (i = 0; i < n; i++)
		rad_aaa_free(ra[i], drain_ms);
}

void
ctl_aaa_radius_read(void (*fn)(const char *group, const struct rad_aaa *ra,
			       void *arg), void *arg)
{
	unsigned int i;

	rte_spinlock_lock(&ctl_aaa_rgroup_lock);
	if (ctl_aaa_nb_rgroups == 0)
		fn(NULL, NULL, arg);
	for (i = 0; i < ctl_aaa_nb_rgroups; i++)
		fn(ctl_aaa_rgroups[i].name, ctl_aaa_rgroups[i].ra, arg);
	rte_spinlock_unlock(&ctl_aaa_rgroup_lock);
}

void
ctl_aaa_radius_log(uint64_t now_ms)
{
	unsigned int i;

	for (i = 0; i < ctl_aaa_nb_rgroups; i++)
		ctl_aaa_radlog_tick(i, ctl_aaa_rgroups[i].name,
				    ctl_aaa_rgroups[i].ra, now_ms);
}
