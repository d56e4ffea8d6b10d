/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Cross-checks of aaa.realms and radius: what the key tables cannot see.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cfg_internal.h"

bool
cfg_radius_has_auth(const struct cfg *cfg)
{
	unsigned int i;

	for (i = 0; i < cfg->radius.nb_servers; i++)
		if (cfg->radius.servers[i].auth_port != 0)
			return true;
	return false;
}

bool
cfg_radius_group_has_auth(const struct cfg *cfg, const char *group)
{
	unsigned int i;

	for (i = 0; i < cfg->radius.nb_servers; i++)
		if (cfg->radius.servers[i].auth_port != 0 &&
		    strcmp(cfg->radius.servers[i].group, group) == 0)
			return true;
	return false;
}

bool
cfg_radius_has_acct(const struct cfg *cfg)
{
	unsigned int i;

	for (i = 0; i < cfg->radius.nb_servers; i++)
		if (cfg->radius.servers[i].acct_port != 0)
			return true;
	return false;
}

bool
cfg_radius_used(const struct cfg *cfg)
{
	unsigned int i;

	if (cfg->aaa.nb_realms == 0)
		return cfg_radius_group_has_auth(cfg, "");
	for (i = 0; i < cfg->aaa.nb_realms; i++)
		if (cfg->aaa.realms[i].backend == CFG_AAA_RADIUS)
			return true;
	return false;
}

void
cfg_check_radius(struct cfg_ctx *ctx, yaml_node_t *root, const struct cfg *cfg)
{
	const struct cfg_aaa *a = &cfg->aaa;
	const struct cfg_radius *r = &cfg->radius;
	char path[sizeof(((struct cfg_error *)0)->key)];
	unsigned int i, j;

	for (i = 0; i < a->nb_realms; i++) {
		const struct cfg_aaa_realm *rl = &a->realms[i];

		snprintf(path, sizeof(path), "aaa.realms[%u].name", i);
		if (strchr(rl->name, '@') != NULL)
			cfg_err(ctx, cfg_item_node(ctx, root, "aaa", "realms",
						   (int)i, "name"), path,
				"a realm is the text after '@': \"%s\" contains one",
				rl->name);
		for (j = 0; j < i; j++)
			if (strcasecmp(rl->name, a->realms[j].name) == 0)
				cfg_err(ctx, cfg_item_node(ctx, root, "aaa",
							   "realms", (int)i,
							   "name"), path,
					"duplicate realm \"%s\" (also aaa.realms[%u])",
					rl->name, j);
		snprintf(path, sizeof(path), "aaa.realms[%u].backend", i);
		if (rl->backend == CFG_AAA_RADIUS &&
		    !cfg_radius_group_has_auth(cfg, rl->radius_group))
			cfg_err(ctx, cfg_item_node(ctx, root, "aaa", "realms",
						   (int)i, "backend"), path,
				rl->radius_group[0] != '\0' ?
				"radius, but no radius.servers entry of its radius_group has an auth_port" :
				"radius, but no radius.servers entry has an auth_port");
		snprintf(path, sizeof(path), "aaa.realms[%u].fallback_local", i);
		if (rl->fallback_local && rl->backend != CFG_AAA_RADIUS)
			cfg_err(ctx, cfg_item_node(ctx, root, "aaa", "realms",
						   (int)i, "fallback_local"), path,
				"only a radius realm can fall back to the local users");
	}
	for (i = 0; i < r->nb_servers; i++) {
		const struct cfg_radius_server *s = &r->servers[i];

		snprintf(path, sizeof(path), "radius.servers[%u]", i);
		if (s->auth_port == 0 && s->acct_port == 0)
			cfg_err(ctx, cfg_item_node(ctx, root, "radius",
						   "servers", (int)i, NULL),
				path, "auth_port and acct_port are both 0: the server has no use");
		snprintf(path, sizeof(path), "radius.servers[%u].secret", i);
		/* (A missing secret is reported as a missing required key.) */
		if (s->secret[0] == '\0' &&
		    cfg_map_get(ctx, cfg_item_node(ctx, root, "radius",
						   "servers", (int)i, NULL),
				"secret") != NULL)
			cfg_err(ctx, cfg_item_node(ctx, root, "radius",
						   "servers", (int)i, "secret"),
				path, "must not be empty (RFC 2865 §3)");
		for (j = 0; j < i; j++)
			if (r->servers[j].address == s->address &&
			    ((s->auth_port != 0 &&
			      r->servers[j].auth_port == s->auth_port) ||
			     (s->acct_port != 0 &&
			      r->servers[j].acct_port == s->acct_port))) {
				snprintf(path, sizeof(path),
					 "radius.servers[%u].address", i);
				cfg_err(ctx, cfg_item_node(ctx, root, "radius",
							   "servers", (int)i,
							   "address"), path,
					"same address and port as radius.servers[%u]",
					j);
			}
	}
	for (i = 0; i < r->dae.nb_clients; i++) {
		snprintf(path, sizeof(path), "radius.dae.clients[%u].secret", i);
		if (r->dae.clients[i].secret[0] == '\0')
			cfg_err(ctx, cfg_item_node(ctx, root, "radius", "dae",
						   -1, NULL),
				path, "must not be empty");
	}
	if (r->dae.address != 0 && r->dae.nb_clients == 0)
		cfg_err(ctx, cfg_item_node(ctx, root, "radius", "dae", -1,
					   NULL), "radius.dae.clients",
			"radius.dae.address is set but no client may send requests");
}
