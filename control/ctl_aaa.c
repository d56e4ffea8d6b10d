/* SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_common.h>

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

/* Reading the users file: where errors go, the address plan to keep. */
struct ctl_aaa_file_ctx {
	FILE *err;
	struct cfg_plan *plan;
};

static void
ctl_aaa_file_err(void *arg, const char *file, unsigned int line,
		 const char *msg)
{
	struct ctl_aaa_file_ctx *c = arg;

	fprintf(c->err, "%s:%u: %s\n", file, line, msg);
}

/* A users-file user against the address plan, as config/ reports. */
static int
ctl_aaa_file_user(void *arg, const char *file, unsigned int line,
		  const struct aaa_file_user *u)
{
	struct ctl_aaa_file_ctx *c = arg;
	char where[CFG_PATH_LEN + 16], msg[192];
	enum cfg_plan_verdict v;

	snprintf(where, sizeof(where), "%s:%u", file, line);
	v = cfg_plan_user(c->plan, htonl(u->static_ip), u->pool, where, msg,
			  sizeof(msg));
	if (v == CFG_PLAN_OK)
		return 0;
	fprintf(c->err, "%s:%u:%u: aaa.users_file: %s\n", file, line,
		v == CFG_PLAN_BAD_POOL ? u->pool_col : u->address_col, msg);
	return v == CFG_PLAN_NOMEM ? -ENOMEM : -EINVAL;
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
		struct ctl_aaa_file_ctx c = { err, cfg_plan_create(cfg) };

		if (c.plan == NULL)
			return -ENOMEM;
		rc = aaa_file_load_check(ctl_aaa.users, a->users_file,
					 ctl_aaa_file_user, ctl_aaa_file_err,
					 &c);
		cfg_plan_free(c.plan);
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

static int
ctl_aaa_realms(const struct cfg *cfg)
{
	struct aaa_realm_conf rc = { .name = "" };
	unsigned int i;
	int ret;

	if (cfg->aaa.nb_realms == 0) {
		/* One default realm: RADIUS when servers authenticate. */
		rc.backend = cfg_radius_group_has_auth(cfg, "") ?
			     ctl_aaa_radius_backend("") : "local";
		return aaa_add_realm(ctl_aaa.aaa, &rc);
	}
	for (i = 0; i < cfg->aaa.nb_realms; i++) {
		const struct cfg_aaa_realm *cr = &cfg->aaa.realms[i];

		snprintf(rc.name, sizeof(rc.name), "%s", cr->name);
		rc.backend = cr->backend == CFG_AAA_RADIUS ?
			     ctl_aaa_radius_backend(cr->radius_group) : "local";
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
	if (ret == 0)
		ret = ctl_aaa_radius_start(cfg, ctl_aaa.aaa);
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
	ctl_aaa_dae_stop();
	if (ctl_aaa.aaa != NULL)
		ctl_aaa_acct_onoff(AAA_ACCT_OFF);
	ctl_aaa_radius_stop(CTL_AAA_DRAIN_MS);
	aaa_free(ctl_aaa.aaa);
	ctl_aaa.aaa = NULL;
	aaa_local_be_free(ctl_aaa.local);
	ctl_aaa.local = NULL;
}

void
ctl_aaa_poll(uint64_t now_ms)
{
	if (ctl_aaa.aaa != NULL)
		aaa_poll(ctl_aaa.aaa, now_ms);
	ctl_aaa_radius_log(now_ms);
	ctl_aaa_dae_poll(now_ms);
}
