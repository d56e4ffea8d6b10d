/* SPDX-License-Identifier: BSD-3-Clause
 *
 * AAA of lnsd on the control lcore: the local users and address pools
 * (aaa.users, aaa.users_file, aaa.pools), built from the configuration
 * before the EAL (so --check reads them too), and the AAA seam (aaa.h)
 * with its backends and realms, started as the "aaa" module. Control
 * lcore only (the telemetry thread reads statistics).
 */
#ifndef LNS_CTL_AAA_H
#define LNS_CTL_AAA_H

#include <stdint.h>
#include <stdio.h>

#include "aaa.h"
#include "aaa_local.h"
#include "aaa_pool.h"
#include "cfg.h"
#include "ctl_reload.h"

struct aaa_local_be;
struct rad_aaa;

struct ctl_aaa {
	struct aaa_local *users;
	struct aaa_pool_set *pools;
	struct aaa_pool *default_pool;	/* NULL: no pools */
	struct aaa *aaa;		/* the seam, once the module started */
	struct aaa_local_be *local;
};

extern struct ctl_aaa ctl_aaa;

/*
 * Build users and pools from cfg. Errors of the users file are printed to
 * err as FILE:LINE: message. Returns 0 or a negative errno.
 */
int ctl_aaa_init(const struct cfg *cfg, FILE *err);
void ctl_aaa_fini(void);

/*
 * Reload (ctl_reload.h): the users (aaa.users, aaa.users_file: read
 * again even when its name did not change) and the pools (added, grown,
 * shrunk or removed: aaa_pool_reshape(), leases stay). prepare() reads
 * the users file (its bad lines make the reload invalid) and checks the
 * pools; apply() swaps the users in and reshapes the pools.
 */
int ctl_aaa_reload_prepare(const struct cfg *old, const struct cfg *new,
			   void **state, char *err, size_t errlen);
void ctl_aaa_reload_apply(void *state, const struct cfg *old,
			  const struct cfg *new, struct ctl_reload_sum *sum);
void ctl_aaa_reload_abort(void *state);

/* fn(pool, arg) for every pool, under the lock a reload takes too. */
void ctl_aaa_pools_walk(void (*fn)(const struct aaa_pool *pool, void *arg),
			void *arg);

/* The "aaa" module: the seam, its backends and realms; Accounting-On. */
int ctl_aaa_start(const struct cfg *cfg);
/* Accounting-Off, then everything the module holds. */
void ctl_aaa_stop(void);
/* A session's accounting record: its log line, then the AAA (aaa_acct). */
void ctl_aaa_acct(const struct aaa_acct_rec *rec, uint64_t now_ms);
/* Once per loop pass: answers, retransmissions, accounting delivery. */
void ctl_aaa_poll(uint64_t now_ms);

/*
 * The RADIUS backends, one per server group (ctl_aaa_radius.c): started
 * and stopped by the aaa module; the backend name of a group ("radius" or
 * "radius:GROUP") for aaa.realms; the groups for the telemetry thread:
 * fn(group, backend) for each under a lock that the stop takes too
 * (fn(NULL, NULL) when there is none); their log lines, once a second.
 */
int ctl_aaa_radius_start(const struct cfg *cfg, struct aaa *aaa);
void ctl_aaa_radius_stop(uint32_t drain_ms);
const char *ctl_aaa_radius_backend(const char *group);
void ctl_aaa_radius_read(void (*fn)(const char *group,
				    const struct rad_aaa *ra, void *arg),
			 void *arg);
void ctl_aaa_radius_log(uint64_t now_ms);

/*
 * The address of an accepted subscriber (host order) from its
 * authorisation: a fixed Framed-IP-Address (reserved in its pool if a
 * pool holds it), or one from the named / the default pool. *pool is
 * where to release it (NULL: nothing to release). Returns 0, -ENOSPC
 * (pool exhausted), -ENOENT (no such pool / no pool), -EADDRINUSE.
 */
int ctl_aaa_address(const struct aaa_attrs *at, uint32_t *addr,
		    struct aaa_pool **pool);

/*
 * Acct-Session-Ids: unique across restarts (the start time in ms and a
 * counter, in hex). A session keeps the number ctl_aaa_session_id_new()
 * gives (never 0), not its 24-octet string; ctl_aaa_session_id_str()
 * spells it ("" for 0: none yet).
 */
uint64_t ctl_aaa_session_id_new(void);
void ctl_aaa_session_id_str(uint64_t id, char out[AAA_SESSION_ID_LEN]);

/* RADIUS events into the log, from the counters (ctl_aaa_radlog.c). */
void ctl_aaa_radlog_tick(unsigned int idx, const char *group,
			 const struct rad_aaa *ra, uint64_t now_ms);

/* Wall-clock seconds (Event-Timestamp, accounting). */
uint64_t ctl_aaa_wall_s(void);

#endif /* LNS_CTL_AAA_H */
