/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Local AAA of lnsd: the user table (aaa.users and aaa.users_file) and the
 * address pools (aaa.pools), built from the configuration. Control lcore
 * only (the telemetry thread reads pool statistics).
 */
#ifndef LNS_CTL_AAA_H
#define LNS_CTL_AAA_H

#include <stdint.h>
#include <stdio.h>

#include "aaa_local.h"
#include "aaa_pool.h"
#include "cfg.h"

struct ctl_aaa {
	struct aaa_local *users;
	struct aaa_pool_set *pools;
	struct aaa_pool *default_pool;	/* NULL: no pools */
};

extern struct ctl_aaa ctl_aaa;

/*
 * Build users and pools from cfg. Errors of the users file are printed to
 * err as FILE:LINE: message. Returns 0 or a negative errno.
 */
int ctl_aaa_init(const struct cfg *cfg, FILE *err);
void ctl_aaa_fini(void);

/*
 * An address for user u (host order): the static one (reserved in its
 * pool if a pool holds it) or one from the user's / the default pool.
 * *pool is where to release it (NULL: nothing to release).
 * Returns 0, -ENOSPC (pool exhausted), -ENOENT (no pool), -EADDRINUSE.
 */
int ctl_aaa_address(const struct aaa_user *u, uint32_t *addr,
		    struct aaa_pool **pool);

#endif /* LNS_CTL_AAA_H */
