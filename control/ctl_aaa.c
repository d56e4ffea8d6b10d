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

/* Reading the users file: where errors go, the address plan to keep. */
struct ctl_aaa_file_ctx {
	FILE *err;
	struct cfg_plan *plan;
	const struct cfg_qos *qos;	/* profile=NAME must be one of these */
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

	if (u->profile != NULL &&
	    cfg_qos_profile_find(c->qos, u->profile) == NULL) {
		fprintf(c->err, "%s:%u:%u: aaa.users_file: no profile named "
			"\"%s\" in qos.profiles\n", file, line,
			u->profile_col, u->profile);
		return -EINVAL;
	}
	snprintf(where, sizeof(where), "%s:%u", file, line);
	v = cfg_plan_user(c->plan, htonl(u->static_ip), u->pool, where, msg,
			  sizeof(msg));
	if (v == CFG_PLAN_OK)
		return 0;
	fprintf(c->err, "%s:%u:%u: aaa.users_file: %s\n", file, line,
		v == CFG_PLAN_BAD_POOL ? u->pool_col : u->address_col, msg);
	return v == CFG_PLAN_NOMEM ? -ENOMEM : -EINVAL;
}

/* The addresses pool `name` has in a (every entry of that name). */
static int
ctl_aaa_pool_spans(const struct cfg_aaa *a, const char *name,
		   struct aaa_pool_span *spans, unsigned int *n)
{
	unsigned int i;

	*n = 0;
	for (i = 0; i < a->nb_pools; i++) {
		const struct cfg_aaa_pool *cp = &a->pools[i];

		if (strcmp(cp->name, name) != 0)
			continue;
		if (aaa_pool_prefix_span(ntohl(cp->prefix.addr), cp->prefix.len,
					 &spans[*n]) != 0)
			return -EINVAL;
		(*n)++;
	}
	return aaa_pool_spans_check(spans, *n);
}

/* The pool named by aaa.default_pool, else the first one. */
static struct aaa_pool *
ctl_aaa_default_pool(const struct cfg_aaa *a)
{
	if (a->default_pool[0] != '\0')
		return aaa_pool_set_find(ctl_aaa.pools, a->default_pool);
	if (a->nb_pools > 0)
		return aaa_pool_set_find(ctl_aaa.pools, a->pools[0].name);
	return NULL;
}

/*
 * Give the pool set the pools of a: new pools are made, the others
 * reshaped (aaa_pool_reshape: leases stay; what left drains); a pool no
 * longer configured keeps its object (sessions release into it) but
 * hands out nothing. sum (may be NULL) says what changed. The telemetry
 * thread walks the set: under the pool lock.
 */
static rte_spinlock_t ctl_aaa_pool_lock = RTE_SPINLOCK_INITIALIZER;

struct ctl_aaa_pool_walk {
	const struct cfg_aaa *a;
	struct aaa_pool *gone[CFG_MAX_POOLS * 4];
	unsigned int nb_gone;
};

static void
ctl_aaa_pool_gone(const struct aaa_pool *p, void *arg)
{
	struct ctl_aaa_pool_walk *w = arg;
	struct aaa_pool_stats st;
	unsigned int i;

	for (i = 0; i < w->a->nb_pools; i++)
		if (strcmp(w->a->pools[i].name, aaa_pool_name(p)) == 0)
			return;
	aaa_pool_stats(p, &st);
	if (st.size > 0 && w->nb_gone < RTE_DIM(w->gone))
		w->gone[w->nb_gone++] = (struct aaa_pool *)(uintptr_t)p;
}

static int
ctl_aaa_pools_set(const struct cfg_aaa *a, struct ctl_reload_sum *sum)
{
	struct aaa_pool_span spans[CFG_MAX_POOLS];
	struct ctl_aaa_pool_walk w = { .a = a };
	struct aaa_pool_stats st;
	struct aaa_pool *p;
	unsigned int i, k, n;
	int rc = 0;

	rte_spinlock_lock(&ctl_aaa_pool_lock);
	aaa_pool_set_walk(ctl_aaa.pools, ctl_aaa_pool_gone, &w);
	for (i = 0; i < w.nb_gone; i++) {
		rc = aaa_pool_reshape(w.gone[i], NULL, 0);
		if (rc != 0)
			goto out;
		aaa_pool_stats(w.gone[i], &st);
		if (sum != NULL)
			ctl_reload_sum_add(sum, "pools: -1 (%s, %u in use drain)",
					   aaa_pool_name(w.gone[i]), st.draining);
	}
	for (i = 0; i < a->nb_pools; i++) {
		const char *name = a->pools[i].name;
		uint32_t size;

		for (k = 0; k < i && strcmp(a->pools[k].name, name) != 0; k++)
			;
		if (k < i)
			continue;	/* that pool is done */
		rc = ctl_aaa_pool_spans(a, name, spans, &n);
		if (rc != 0)
			goto out;
		p = aaa_pool_set_find(ctl_aaa.pools, name);
		if (p == NULL) {
			p = aaa_pool_create(name);
			if (p == NULL) {
				rc = -ENOMEM;
				goto out;
			}
			rc = aaa_pool_set_add(ctl_aaa.pools, p);
			if (rc != 0) {
				aaa_pool_free(p);
				goto out;
			}
			if (sum != NULL)
				ctl_reload_sum_add(sum, "pools: +1 (%s)", name);
		}
		if (aaa_pool_same(p, spans, n))
			continue;	/* unchanged: no pass over its addresses */
		aaa_pool_stats(p, &st);
		size = st.size;
		rc = aaa_pool_reshape(p, spans, n);
		if (rc != 0)
			goto out;
		aaa_pool_stats(p, &st);
		if (sum != NULL && size != 0 && st.size != size)
			ctl_reload_sum_add(sum, "pools: %s %u -> %u addresses%s",
					   name, size, st.size,
					   st.draining ? " (draining)" : "");
	}
	ctl_aaa.default_pool = ctl_aaa_default_pool(a);
out:
	rte_spinlock_unlock(&ctl_aaa_pool_lock);
	return rc;
}

void
ctl_aaa_pools_walk(void (*fn)(const struct aaa_pool *pool, void *arg),
		   void *arg)
{
	rte_spinlock_lock(&ctl_aaa_pool_lock);
	aaa_pool_set_walk(ctl_aaa.pools, fn, arg);
	rte_spinlock_unlock(&ctl_aaa_pool_lock);
}

/* aaa.users then aaa.users_file into a new set; errors printed to err. */
static int
ctl_aaa_users_build(const struct cfg *cfg, FILE *err, struct aaa_local **out)
{
	const struct cfg_aaa *a = &cfg->aaa;
	struct aaa_local *db = aaa_local_create();
	unsigned int i;
	int rc = 0;

	*out = NULL;
	if (db == NULL)
		return -ENOMEM;
	for (i = 0; i < a->nb_users && rc == 0; i++) {
		const struct cfg_aaa_user *u = &a->users[i];

		rc = aaa_local_add_user_qos(db, u->name, u->password,
					    ntohl(u->address),
					    u->pool[0] ? u->pool : NULL,
					    u->profile[0] ? u->profile : NULL);
		if (rc != 0)
			fprintf(err, "%s: aaa.users[%u]: %s\n", cfg->path, i,
				strerror(-rc));
	}
	if (rc == 0 && a->users_file[0] != '\0') {
		struct ctl_aaa_file_ctx c = { err, cfg_plan_create(cfg),
					      &cfg->qos };

		if (c.plan == NULL) {
			rc = -ENOMEM;
		} else {
			/* Each user checked against the address plan too. */
			rc = aaa_file_load_check(db, a->users_file,
						 ctl_aaa_file_user,
						 ctl_aaa_file_err, &c);
			cfg_plan_free(c.plan);
			rc = rc < 0 ? rc : 0;
		}
	}
	if (rc != 0) {
		aaa_local_free(db);
		return rc;
	}
	*out = db;
	return 0;
}

int
ctl_aaa_init(const struct cfg *cfg, FILE *err)
{
	int rc;

	memset(&ctl_aaa, 0, sizeof(ctl_aaa));
	ctl_aaa.pools = aaa_pool_set_create();
	if (ctl_aaa.pools == NULL)
		return -ENOMEM;
	rc = ctl_aaa_pools_set(&cfg->aaa, NULL);
	if (rc != 0) {
		fprintf(err, "%s: aaa.pools: %s\n", cfg->path, strerror(-rc));
		return rc;
	}
	return ctl_aaa_users_build(cfg, err, &ctl_aaa.users);
}

void
ctl_aaa_fini(void)
{
	aaa_local_free(ctl_aaa.users);
	aaa_pool_set_free(ctl_aaa.pools);
	memset(&ctl_aaa, 0, sizeof(ctl_aaa));
}

/* ---- reload (ctl_reload.h) ------------------------------------------ */

struct ctl_aaa_reload {
	struct aaa_local *users;
};

int
ctl_aaa_reload_prepare(const struct cfg *old, const struct cfg *new,
		       void **state, char *err, size_t errlen)
{
	struct aaa_pool_span spans[CFG_MAX_POOLS];
	struct ctl_aaa_reload *r = calloc(1, sizeof(*r));
	char *text = NULL;
	size_t len = 0;
	unsigned int i, n;
	FILE *f;
	int rc;

	(void)old;
	if (r == NULL)
		return -ENOMEM;
	for (i = 0; i < new->aaa.nb_pools; i++) {
		rc = ctl_aaa_pool_spans(&new->aaa, new->aaa.pools[i].name,
					spans, &n);
		if (rc != 0) {
			snprintf(err, errlen, "%s: aaa.pools (%s): %s",
				 new->path, new->aaa.pools[i].name,
				 strerror(-rc));
			free(r);
			return rc;
		}
	}
	f = open_memstream(&text, &len);
	if (f == NULL) {
		free(r);
		return -ENOMEM;
	}
	rc = ctl_aaa_users_build(new, f, &r->users);
	fclose(f);
	if (rc != 0) {
		/* One line per bad line of the users file: FILE:LINE: why. */
		if (len > 0 && text[len - 1] == '\n')
			text[len - 1] = '\0';
		snprintf(err, errlen, "%s", len > 0 ? text : strerror(-rc));
		free(text);
		free(r);
		return rc;
	}
	free(text);
	*state = r;
	return 0;
}

struct ctl_aaa_user_cmp {
	const struct aaa_local *other;
	unsigned int missing, changed;
};

static bool
ctl_aaa_str_eq(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

/* Users of one set not in other (missing), or there with other settings. */
static void
ctl_aaa_user_cmp(const struct aaa_user *u, void *arg)
{
	struct ctl_aaa_user_cmp *c = arg;
	const struct aaa_user *o = aaa_local_lookup(c->other,
		(const uint8_t *)u->name, u->name_len);

	if (o == NULL)
		c->missing++;
	else if (o->static_ip != u->static_ip || !ctl_aaa_str_eq(o->pool, u->pool) ||
		 o->password_len != u->password_len ||
		 memcmp(o->password, u->password, u->password_len) != 0)
		c->changed++;
}

void
ctl_aaa_reload_apply(void *state, const struct cfg *old,
		     const struct cfg *new, struct ctl_reload_sum *sum)
{
	struct ctl_aaa_reload *r = state;
	struct ctl_aaa_user_cmp added = { .other = ctl_aaa.users };
	struct ctl_aaa_user_cmp removed = { .other = r->users };
	int rc;

	(void)old;
	aaa_local_walk(r->users, ctl_aaa_user_cmp, &added);
	aaa_local_walk(ctl_aaa.users, ctl_aaa_user_cmp, &removed);
	if (added.missing + removed.missing + added.changed > 0)
		ctl_reload_sum_add(sum, "users: +%u -%u ~%u", added.missing,
				   removed.missing, added.changed);
	/* The local backend verifies on its poll: no request keeps the old set. */
	if (ctl_aaa.local != NULL)
		aaa_local_be_set_users(ctl_aaa.local, r->users);
	aaa_local_free(ctl_aaa.users);
	ctl_aaa.users = r->users;
	free(r);
	rc = ctl_aaa_pools_set(&new->aaa, sum);
	if (rc != 0)	/* only an allocation can fail after the checks */
		LNS_LOG(ERR, aaa, "event=reload-pools-failed error=\"%s\"",
			strerror(-rc));
	if (old->aaa.interim_interval != new->aaa.interim_interval)
		ctl_reload_sum_add(sum, "aaa.interim_interval: %u s",
				   new->aaa.interim_interval);
}

void
ctl_aaa_reload_abort(void *state)
{
	struct ctl_aaa_reload *r = state;

	if (r == NULL)
		return;
	aaa_local_free(r->users);
	free(r);
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

static uint64_t ctl_aaa_boot_ms;	/* of the first Acct-Session-Id */

uint64_t
ctl_aaa_session_id_new(void)
{
	static uint32_t seq;
	struct timespec ts;

	if (ctl_aaa_boot_ms == 0) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ctl_aaa_boot_ms = (uint64_t)ts.tv_sec * 1000 +
				  (uint64_t)ts.tv_nsec / 1000000;
	}
	return (uint64_t)seq++ + 1;
}

void
ctl_aaa_session_id_str(uint64_t id, char out[AAA_SESSION_ID_LEN])
{
	if (id == 0)
		out[0] = '\0';
	else
		snprintf(out, AAA_SESSION_ID_LEN, "%011" PRIx64 "%08" PRIx32,
			 ctl_aaa_boot_ms & (uint64_t)0xfffffffffffULL,
			 (uint32_t)(id - 1));
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
	char ip[LNS_IPV4_STRLEN], a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	char v6[2 * INET6_ADDRSTRLEN + 32] = "";

	if (rec->call == NULL)
		return;		/* Accounting-On/Off: nothing to log */
	lns_ipv4_str(htonl(rec->framed_ip), ip);
	/* The session's IPv6 prefixes, when it had any (docs/ipv6.md). */
	if (rec->ipv6_prefix != NULL || rec->delegated_prefix != NULL)
		snprintf(v6, sizeof(v6), " prefix6=%s/%u pd=%s/%u",
			 rec->ipv6_prefix != NULL ? inet_ntop(AF_INET6,
				rec->ipv6_prefix, a, sizeof(a)) : "",
			 rec->ipv6_prefix_len,
			 rec->delegated_prefix != NULL ? inet_ntop(AF_INET6,
				rec->delegated_prefix, b, sizeof(b)) : "",
			 rec->delegated_prefix_len);
	if (rec->type == AAA_ACCT_START)
		LNS_LOG(INFO, aaa, "tunnel=%u session=%u event=acct-start user=\"%s\" ip=%s acct_session_id=%s",
			rec->call->tunnel_id, rec->call->session_id_l2tp,
			rec->user, ip, rec->call->session_id);
	else if (rec->type == AAA_ACCT_STOP)
		LNS_LOG(NOTICE, aaa, "tunnel=%u session=%u event=accounting user=\"%s\" ip=%s up_pkts=%" PRIu64 " up_bytes=%" PRIu64 " down_pkts=%" PRIu64 " down_bytes=%" PRIu64 " seconds=%" PRIu32 " cause=%s acct_session_id=%s%s",
			rec->call->tunnel_id, rec->call->session_id_l2tp,
			rec->user, ip, rec->in_packets, rec->in_octets,
			rec->out_packets, rec->out_octets, rec->session_time,
			ctl_aaa_cause_name(rec->cause), rec->call->session_id, v6);
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
