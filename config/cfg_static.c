/* SPDX-License-Identifier: BSD-3-Clause
 *
 * static_sessions (test beds): the checks that involve other sections -
 * IDs within the L2TP limits, an access port to install them on, a
 * subscriber prefix large enough and clear of the address pools.
 */
#include "cfg_internal.h"

#define CFG_SS "static_sessions"

static yaml_node_t *
cfg_static_node(struct cfg_ctx *ctx, yaml_node_t *root, const char *key)
{
	yaml_node_t *sec = cfg_map_get(ctx, root, CFG_SS);
	yaml_node_t *v = cfg_map_get(ctx, sec, key);

	return v ? v : sec ? sec : root;
}

#define cfg_static_err(ctx, root, key, ...) \
	cfg_err(ctx, cfg_static_node(ctx, root, key), CFG_SS "." key, \
		__VA_ARGS__)

int
cfg_static_port(const struct cfg *cfg)
{
	const struct cfg_static *st = &cfg->statics;
	unsigned int i;

	for (i = 0; i < cfg->nb_ports; i++)
		if (st->port[0] == '\0' ?
		    cfg->ports[i].role == CFG_PORT_ACCESS :
		    strcmp(cfg->ports[i].name, st->port) == 0)
			return (int)i;
	return -1;
}

void
cfg_check_static(struct cfg_ctx *ctx, yaml_node_t *root, const struct cfg *cfg)
{
	const struct cfg_static *st = &cfg->statics;
	uint64_t n = (uint64_t)st->tunnels * st->sessions_per_tunnel;
	unsigned int i;
	int p;

	if (st->tunnels == 0)
		return;
	if (st->tunnels > cfg->l2tp.max_tunnels)
		cfg_static_err(ctx, root, "tunnels",
			"%u tunnels exceed l2tp.max_tunnels (%u)",
			st->tunnels, cfg->l2tp.max_tunnels);
	if (st->sessions_per_tunnel > cfg->l2tp.max_sessions_per_tunnel)
		cfg_static_err(ctx, root, "sessions_per_tunnel",
			"%u sessions exceed l2tp.max_sessions_per_tunnel (%u)",
			st->sessions_per_tunnel,
			cfg->l2tp.max_sessions_per_tunnel);
	if (n > cfg->l2tp.max_sessions)
		cfg_static_err(ctx, root, "sessions_per_tunnel",
			"%llu sessions in all exceed l2tp.max_sessions (%u)",
			(unsigned long long)n, cfg->l2tp.max_sessions);
	if (st->lac_address == 0)
		cfg_static_err(ctx, root, "lac_address",
			"required when tunnels is set");
	if (!st->lac_mac_set)
		cfg_static_err(ctx, root, "lac_mac",
			"required when tunnels is set");
	if (st->lac_port + (uint64_t)(st->tunnels - 1) * st->lac_port_step >
	    65535)
		cfg_static_err(ctx, root, "lac_port_step",
			"tunnel %u would use a UDP port above 65535",
			st->tunnels);
	p = cfg_static_port(cfg);
	if (p < 0)
		cfg_static_err(ctx, root, "port", st->port[0] ?
			"no port named \"%s\"" : "no access port%s", st->port);
	else if (cfg->ports[p].role != CFG_PORT_ACCESS)
		cfg_static_err(ctx, root, "port", "port \"%s\" is not an "
			"access port", st->port);
	if (st->subscribers.len == 0) {
		cfg_static_err(ctx, root, "subscribers",
			"required when tunnels is set");
		return;
	}
	/* base + 1 .. base + n, and not the broadcast address. */
	if (n + 2 > (UINT64_C(1) << (32 - st->subscribers.len)))
		cfg_static_err(ctx, root, "subscribers",
			"a /%u holds fewer than the %llu subscriber addresses",
			st->subscribers.len, (unsigned long long)n);
	for (i = 0; i < cfg->aaa.nb_pools; i++)
		if (cfg_prefix_overlap(&st->subscribers,
				       &cfg->aaa.pools[i].prefix))
			cfg_static_err(ctx, root, "subscribers",
				"overlaps aaa.pools[%u] (\"%s\")", i,
				cfg->aaa.pools[i].name);
}
