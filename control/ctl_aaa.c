/* SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_common.h>
#include <rte_spinlock.h>

#include "aaa_file.h"
#include "aaa_local_be.h"
#include "ctl_aaa.h"
#include "ctl_aaa_dae.h"
#include "ctl_loop.h"
#include "rad_aaa.h"
#include "lns_ipv4.h"
#include "lns_log.h"

RTE_LOG_REGISTER(lns_logtype_aaa, lnsd.aaa, INFO);

struct ctl_aaa ctl_aaa;
/* ctl_aaa.radius against the telemetry thread (ctl_aaa_radius_read). */
static rte_spinlock_t ctl_aaa_radius_lock = RTE_SPINLOCK_INITIALIZER;

static void
ctl_aaa_file_err(void *arg, const char *file, unsigned int line,
		 const char *msg)
{
	fprintf(arg, "%s:%u: %s\n", file, line, msg);
}

static int
ctl_aaa_pools(const struct cfg_aaa *a)
{
	unsigned int i;
	int rc;

	for (i = 0; i < a->nb_pools; i++) {
		const struct cfg_aaa_pool *cp = &a->pools[i];
		struct aaa_pool *p = aaa_pool_set_find(ctl_aaa.pools, cp->name);

		if (p == NULL) {
			p = aaa_pool_create(cp->name);
			if (p == NULL)
				return -ENOMEM;
			rc = aaa_pool_set_add(ctl_aaa.pools, p);
			if (rc != 0) {
				aaa_pool_free(p);
				return rc;
			}
		}
		rc = aaa_pool_add_prefix(p, ntohl(cp->prefix.addr),
					 cp->prefix.len);
		if (rc != 0)
			return rc;
	}
	if (a->default_pool[0] != '\0')
		ctl_aaa.default_pool = aaa_pool_set_find(ctl_aaa.pools,
							 a->default_pool);
	else if (a->nb_pools > 0)
		ctl_aaa.default_pool = aaa_pool_set_find(ctl_aaa.pools,
							 a->pools[0].name);
	return 0;
}

int
ctl_aaa_init(const struct cfg *cfg, FILE *err)
{
	const struct cfg_aaa *a = &cfg->aaa;
	unsigned int i;
	int rc;

	memset(&ctl_aaa, 0, sizeof(ctl_aaa));
	ctl_aaa.users = aaa_local_create();
	ctl_aaa.pools = aaa_pool_set_create();
	if (ctl_aaa.users == NULL || ctl_aaa.pools == NULL)
		return -ENOMEM;
	rc = ctl_aaa_pools(a);
	if (rc != 0) {
		fprintf(err, "%s: aaa.pools: %s\n", cfg->path, strerror(-rc));
		return rc;
	}
	for (i = 0; i < a->nb_users; i++) {
		const struct cfg_aaa_user *u = &a->users[i];

		rc = aaa_local_add_user(ctl_aaa.users, u->name, u->password,
					ntohl(u->address),
					u->pool[0] ? u->pool : NULL);
		if (rc != 0) {
			fprintf(err, "%s: aaa.users[%u]: %s\n", cfg->path, i,
				strerror(-rc));
			return rc;
		}
	}
	if (a->users_file[0] != '\0') {
		rc = aaa_file_load(ctl_aaa.users, a->users_file,
				   ctl_aaa_file_err, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

void
ctl_aaa_fini(void)
{
	aaa_local_free(ctl_aaa.users);
	aaa_pool_set_free(ctl_aaa.pools);
	memset(&ctl_aaa, 0, sizeof(ctl_aaa));
}

int
ctl_aaa_address(const struct aaa_attrs *at, uint32_t *addr,
		struct aaa_pool **pool)
{
	struct aaa_pool *p = ctl_aaa.default_pool;
	int rc;

	*pool = NULL;
	if (at->pool[0] != '\0') {
		p = aaa_pool_set_find(ctl_aaa.pools, at->pool);
		if (p == NULL)
			return -ENOENT;
	}
	if (at->framed_ip != 0 && at->framed_ip != AAA_IP_POOL) {
		*addr = at->framed_ip;
		/* A fixed address inside a pool must not be handed out too. */
		if (p != NULL && aaa_pool_contains(p, at->framed_ip)) {
			rc = aaa_pool_reserve(p, at->framed_ip);
			if (rc != 0)
				return -EADDRINUSE;
			*pool = p;
		}
		return 0;
	}
	if (p == NULL)
		return -ENOENT;
	rc = aaa_pool_alloc(p, addr);
	if (rc != 0)
		return rc;
	*pool = p;
	return 0;
}

void
ctl_aaa_session_id(char out[AAA_SESSION_ID_LEN])
{
	static uint64_t boot_ms;
	static uint32_t seq;
	struct timespec ts;

	if (boot_ms == 0) {
		clock_gettime(CLOCK_REALTIME, &ts);
		boot_ms = (uint64_t)ts.tv_sec * 1000 +
			  (uint64_t)ts.tv_nsec / 1000000;
	}
	snprintf(out, AAA_SESSION_ID_LEN, "%011" PRIx64 "%08" PRIx32,
		 boot_ms & (uint64_t)0xfffffffffffULL, seq++);
}

uint64_t
ctl_aaa_wall_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec;
}

/* ---- the "aaa" module ----------------------------------------------- */

static const char *const ctl_aaa_causes[] = {
	[AAA_TERM_USER_REQUEST] = "user-request",
	[AAA_TERM_LOST_CARRIER] = "lost-carrier",
	[AAA_TERM_LOST_SERVICE] = "lost-service",
	[AAA_TERM_IDLE_TIMEOUT] = "idle-timeout",
	[AAA_TERM_SESSION_TIMEOUT] = "session-timeout",
	[AAA_TERM_ADMIN_RESET] = "admin-reset",
	[AAA_TERM_ADMIN_REBOOT] = "admin-reboot",
	[AAA_TERM_NAS_ERROR] = "nas-error",
	[AAA_TERM_NAS_REQUEST] = "nas-request",
};

static const char *
ctl_aaa_cause_name(enum aaa_term_cause c)
{
	if ((unsigned int)c < RTE_DIM(ctl_aaa_causes) &&
	    ctl_aaa_causes[c] != NULL)
		return ctl_aaa_causes[c];
	return "unknown";
}

/* Every session's accounting as a log line too (any backend). */
static void
ctl_aaa_log_acct(const struct aaa_acct_rec *rec)
{
	char ip[LNS_IPV4_STRLEN];

	if (rec->call == NULL)
		return;		/* Accounting-On/Off: nothing to log */
	lns_ipv4_str(htonl(rec->framed_ip), ip);
	if (rec->type == AAA_ACCT_START)
		LNS_LOG(INFO, aaa, "tunnel=%u session=%u event=acct-start user=\"%s\" ip=%s acct_session_id=%s",
			rec->call->tunnel_id, rec->call->session_id_l2tp,
			rec->user, ip, rec->call->session_id);
	else if (rec->type == AAA_ACCT_STOP)
		LNS_LOG(NOTICE, aaa, "tunnel=%u session=%u event=accounting user=\"%s\" ip=%s up_pkts=%" PRIu64 " up_bytes=%" PRIu64 " down_pkts=%" PRIu64 " down_bytes=%" PRIu64 " seconds=%" PRIu32 " cause=%s acct_session_id=%s",
			rec->call->tunnel_id, rec->call->session_id_l2tp,
			rec->user, ip, rec->in_packets, rec->in_octets,
			rec->out_packets, rec->out_octets, rec->session_time,
			ctl_aaa_cause_name(rec->cause), rec->call->session_id);
}

void
ctl_aaa_acct(const struct aaa_acct_rec *rec, uint64_t now_ms)
{
	ctl_aaa_log_acct(rec);
	aaa_acct(ctl_aaa.aaa, rec, now_ms);
}

/* Accounting-On / -Off: every backend that accounts (RFC 2866 §5.1). */
static void
ctl_aaa_acct_onoff(enum aaa_acct_type type)
{
	struct aaa_acct_rec rec = {
		.type = type,
		.event_time = ctl_aaa_wall_s(),
	};

	aaa_acct(ctl_aaa.aaa, &rec, ctl_now_ms());
}

static void
ctl_aaa_rad_servers(const struct cfg *cfg, struct rad_client_conf *cc,
		    bool acct)
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

		if (port == 0 || cc->nb_servers == RAD_CLIENT_MAX_SERVERS)
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
ctl_aaa_radius(const struct cfg *cfg)
{
	const struct cfg_radius *r = &cfg->radius;
	struct rad_aaa_conf *rc = calloc(1, sizeof(*rc));
	struct rad_aaa *ra;
	int err;

	if (rc == NULL)
		return -ENOMEM;
	ctl_aaa_rad_servers(cfg, &rc->auth, false);
	ctl_aaa_rad_servers(cfg, &rc->acct, true);
	snprintf(rc->nas_identifier, sizeof(rc->nas_identifier), "%s",
		 r->nas_identifier[0] != '\0' ? r->nas_identifier :
		 cfg->l2tp.host_name);
	rc->nas_ip = ctl_aaa_nas_ip(cfg);
	rc->auth_timeout_ms = r->auth_timeout_ms;
	rc->send_tunnel_attributes = r->send_tunnel_attributes;
	rc->send_station_ids = r->send_station_ids;
	rc->send_connect_info = r->send_connect_info;
	rc->spool.dir = r->accounting.spool_dir;
	rc->spool.max_bytes = (uint64_t)r->accounting.spool_max_mb << 20;
	rc->spool.sync_ms = r->accounting.spool_sync_ms;
	rc->acct_in_flight = r->accounting.in_flight;
	rc->acct_retry_ms = r->accounting.retry_ms;
	rc->acct_timeout_ms = r->accounting.timeout_ms;
	rc->wall_s = ctl_aaa_wall_s;
	ra = rad_aaa_create(rc, &err);
	free(rc);
	if (ra == NULL) {
		LNS_LOG(ERR, aaa, "event=radius-start-failed spool=%s error=\"%s\"",
			r->accounting.spool_dir, strerror(-err));
		return err;
	}
	rte_spinlock_lock(&ctl_aaa_radius_lock);
	ctl_aaa.radius = ra;
	rte_spinlock_unlock(&ctl_aaa_radius_lock);
	return aaa_add_backend(ctl_aaa.aaa, &rad_aaa_ops, ctl_aaa.radius);
}

static int
ctl_aaa_realms(const struct cfg *cfg)
{
	struct aaa_realm_conf rc = { .name = "" };
	unsigned int i;
	int ret;

	if (cfg->aaa.nb_realms == 0) {
		/* One default realm: RADIUS when servers authenticate. */
		rc.backend = cfg_radius_has_auth(cfg) ? "radius" : "local";
		return aaa_add_realm(ctl_aaa.aaa, &rc);
	}
	for (i = 0; i < cfg->aaa.nb_realms; i++) {
		const struct cfg_aaa_realm *cr = &cfg->aaa.realms[i];

		snprintf(rc.name, sizeof(rc.name), "%s", cr->name);
		rc.backend = cr->backend == CFG_AAA_RADIUS ? "radius" : "local";
		rc.strip = cr->strip;
		rc.fallback_local = cr->fallback_local;
		ret = aaa_add_realm(ctl_aaa.aaa, &rc);
		if (ret != 0)
			return ret;
	}
	return 0;
}

int
ctl_aaa_start(const struct cfg *cfg)
{
	int ret;

	ctl_aaa.aaa = aaa_create();
	ctl_aaa.local = aaa_local_be_create(ctl_aaa.users, NULL, NULL);
	if (ctl_aaa.aaa == NULL || ctl_aaa.local == NULL)
		return -ENOMEM;
	ret = aaa_add_backend(ctl_aaa.aaa, &aaa_local_be_ops, ctl_aaa.local);
	if (ret == 0 && cfg->radius.nb_servers > 0)
		ret = ctl_aaa_radius(cfg);
	if (ret == 0)
		ret = ctl_aaa_realms(cfg);
	if (ret == 0)
		ctl_aaa_acct_onoff(AAA_ACCT_ON);
	if (ret == 0)
		ret = ctl_aaa_dae_start(cfg);
	return ret;
}

/* Accounting still in flight gets this long at shutdown. */
#define CTL_AAA_DRAIN_MS	2000

void
ctl_aaa_stop(void)
{
	struct rad_aaa *ra;

	ctl_aaa_dae_stop();
	if (ctl_aaa.aaa != NULL)
		ctl_aaa_acct_onoff(AAA_ACCT_OFF);
	rte_spinlock_lock(&ctl_aaa_radius_lock);
	ra = ctl_aaa.radius;
	ctl_aaa.radius = NULL;
	rte_spinlock_unlock(&ctl_aaa_radius_lock);
	rad_aaa_free(ra, CTL_AAA_DRAIN_MS);
	aaa_free(ctl_aaa.aaa);
	ctl_aaa.aaa = NULL;
	aaa_local_be_free(ctl_aaa.local);
	ctl_aaa.local = NULL;
}

void
ctl_aaa_radius_read(void (*fn)(const struct rad_aaa *ra, void *arg), void *arg)
{
	rte_spinlock_lock(&ctl_aaa_radius_lock);
	fn(ctl_aaa.radius, arg);
	rte_spinlock_unlock(&ctl_aaa_radius_lock);
}

void
ctl_aaa_poll(uint64_t now_ms)
{
	if (ctl_aaa.aaa != NULL)
		aaa_poll(ctl_aaa.aaa, now_ms);
	ctl_aaa_radlog_tick(ctl_aaa.radius, now_ms);
	ctl_aaa_dae_poll(now_ms);
}
