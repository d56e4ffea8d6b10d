/* SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "aaa_file.h"
#include "ctl_aaa.h"

struct ctl_aaa ctl_aaa;

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
ctl_aaa_address(const struct aaa_user *u, uint32_t *addr,
		struct aaa_pool **pool)
{
	struct aaa_pool *p = u->pool ? aaa_pool_set_find(ctl_aaa.pools, u->pool)
				     : ctl_aaa.default_pool;
	int rc;

	*pool = NULL;
	if (u->static_ip != 0) {
		*addr = u->static_ip;
		/* A static address inside a pool must not be handed out too. */
		if (p != NULL && aaa_pool_contains(p, u->static_ip)) {
			rc = aaa_pool_reserve(p, u->static_ip);
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
