/* SPDX-License-Identifier: BSD-3-Clause
 *
 * lnsd configuration: walk the YAML document with the key tables of
 * cfg_schema.c, fill the structs, and report every problem found (an error
 * never stops the walk, so one run shows all of them). Then the checks that
 * involve several keys (unique names, overlapping subnets, gateways).
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include "cfg_internal.h"

#define CFG_PATH_MAX	sizeof(((struct cfg_error *)0)->key)

/*
 * Paths are clipped to fit struct cfg_error.key, with a visible "..."; a
 * clipped key in a message beats no message.
 */
static void
cfg_path_clip(char *buf, int n)
{
	if (n >= (int)CFG_PATH_MAX)
		memcpy(buf + CFG_PATH_MAX - 4, "...", 4);
}

static void
cfg_path_key(char *buf, const char *parent, const char *key)
{
	/* Keys from the file are clipped so a long one cannot hide the rest. */
	cfg_path_clip(buf, snprintf(buf, CFG_PATH_MAX, "%s%s%.40s", parent,
				    parent[0] != '\0' ? "." : "", key));
}

static void
cfg_path_idx(char *buf, const char *parent, unsigned int idx)
{
	cfg_path_clip(buf, snprintf(buf, CFG_PATH_MAX, "%s[%u]", parent,
				    idx));
}

/* Edit distance, to suggest the intended key for an unknown one. */
static unsigned int
cfg_distance(const char *a, const char *b)
{
	unsigned int d[CFG_NAME_LEN + 1], i, j, prev, tmp, lb = strlen(b);

	if (strlen(a) > CFG_NAME_LEN || lb > CFG_NAME_LEN)
		return UINT32_MAX;
	for (j = 0; j <= lb; j++)
		d[j] = j;
	for (i = 1; a[i - 1] != '\0'; i++) {
		prev = d[0];
		d[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = d[j];
			d[j] = prev + (a[i - 1] != b[j - 1]);
			if (d[j - 1] + 1 < d[j])
				d[j] = d[j - 1] + 1;
			if (tmp + 1 < d[j])
				d[j] = tmp + 1;
			prev = tmp;
		}
	}
	return d[lb];
}

static void
cfg_unknown_key(struct cfg_ctx *ctx, yaml_node_t *kn,
		const struct cfg_key *keys, const char *name, const char *path)
{
	const struct cfg_key *k, *best = NULL;
	unsigned int d, best_d = 3;	/* suggest within 2 edits only */

	for (k = keys; k->name != NULL; k++) {
		d = cfg_distance(name, k->name);
		if (d < best_d) {
			best_d = d;
			best = k;
		}
	}
	if (best != NULL)
		cfg_err(ctx, kn, path, "unknown key (did you mean \"%s\"?)",
			best->name);
	else
		cfg_err(ctx, kn, path, "unknown key");
}

/*
 * Key of pair i of a map, or NULL after reporting a non-scalar key or a
 * duplicate (libyaml keeps duplicates; the first one wins).
 */
static const char *
cfg_pair_key(struct cfg_ctx *ctx, yaml_node_t *map, yaml_node_pair_t *pair,
	     const char *path)
{
	yaml_node_t *kn = cfg_node(ctx, pair->key), *prev;
	yaml_node_pair_t *p;
	const char *name;
	char kpath[CFG_PATH_MAX];

	if (kn->type != YAML_SCALAR_NODE) {
		cfg_err(ctx, kn, path, "keys must be scalars, got %s",
			cfg_node_kind(kn));
		return NULL;
	}
	name = (const char *)kn->data.scalar.value;
	for (p = map->data.mapping.pairs.start; p < pair; p++) {
		prev = cfg_node(ctx, p->key);
		if (prev->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)prev->data.scalar.value, name) == 0) {
			cfg_path_key(kpath, path, name);
			cfg_err(ctx, kn, kpath, "duplicate key (first defined "
				"at line %u)",
				(unsigned int)prev->start_mark.line + 1);
			return NULL;
		}
	}
	return name;
}

/* Items in a list node (null counts as empty); -1 after reporting a non-list. */
int
cfg_seq_len(struct cfg_ctx *ctx, yaml_node_t *n, const char *path,
	    unsigned int *nb)
{
	if (n->type != YAML_SEQUENCE_NODE && !cfg_is_null(n)) {
		cfg_err(ctx, n, path, "expected a list, got %s",
			cfg_node_kind(n));
		return -1;
	}
	*nb = cfg_is_null(n) ? 0 : (unsigned int)
		(n->data.sequence.items.top - n->data.sequence.items.start);
	return 0;
}

static void
cfg_strlist_value(struct cfg_ctx *ctx, const struct cfg_key *k,
		  yaml_node_t *n, char *base, const char *path)
{
	unsigned int *cnt = (unsigned int *)(base + k->aux_off), i, nb;
	char **v = (char **)(base + k->off), ipath[CFG_PATH_MAX];
	const char *s;
	yaml_node_t *item;

	if (cfg_seq_len(ctx, n, path, &nb) != 0)
		return;
	if (nb < k->min)
		cfg_err(ctx, n, path, "too few items (%u, at least %" PRIu64
			")", nb, k->min);
	for (i = 0; i < nb; i++) {
		item = cfg_seq_get(ctx, n, i);
		cfg_path_idx(ipath, path, i);
		if (i >= k->max) {
			cfg_err(ctx, item, path, "too many items (%u, at most "
				"%" PRIu64 ")", nb, k->max);
			break;
		}
		s = cfg_scalar(ctx, item, ipath);
		if (s == NULL)
			continue;
		v[*cnt] = strdup(s);
		if (v[*cnt] == NULL) {
			ctx->nomem = 1;
			return;
		}
		(*cnt)++;
	}
}

static void
cfg_logmap_value(struct cfg_ctx *ctx, const struct cfg_key *k,
		 yaml_node_t *n, char *base, const char *path)
{
	unsigned int *cnt = (unsigned int *)(base + k->aux_off);
	struct cfg_log_module *m = (struct cfg_log_module *)(base + k->off);
	char mpath[CFG_PATH_MAX];
	const char *name, *why;
	yaml_node_pair_t *p;
	int level;

	if (cfg_is_null(n))
		return;
	if (n->type != YAML_MAPPING_NODE) {
		cfg_err(ctx, n, path, "expected a map of module: level, got "
			"%s", cfg_node_kind(n));
		return;
	}
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	     p++) {
		name = cfg_pair_key(ctx, n, p, path);
		if (name == NULL)
			continue;
		cfg_path_key(mpath, path, name);
		why = cfg_check_module(name);
		if (why != NULL) {
			cfg_err(ctx, cfg_node(ctx, p->key), mpath,
				"invalid module name: %s", why);
			continue;
		}
		if (*cnt >= k->max) {
			cfg_err(ctx, cfg_node(ctx, p->key), mpath,
				"too many modules (at most %" PRIu64 ")",
				k->max);
			break;
		}
		if (cfg_enum_value(ctx, k->enums, cfg_node(ctx, p->value),
				   &level, mpath) != 0)
			continue;
		memcpy(m[*cnt].name, name, strlen(name) + 1);
		m[*cnt].level = (enum cfg_log_level)level;
		(*cnt)++;
	}
}

static void
cfg_objlist_value(struct cfg_ctx *ctx, const struct cfg_key *k,
		  yaml_node_t *n, char *base, const char *path)
{
	unsigned int *cnt = (unsigned int *)(base + k->aux_off), i, nb;
	char ipath[CFG_PATH_MAX], *elem;
	yaml_node_t *item;

	if (cfg_seq_len(ctx, n, path, &nb) != 0)
		return;
	if (nb == 0 && k->min > 0)
		cfg_err(ctx, n, path, "empty list (at least %" PRIu64
			" item%s required)", k->min, k->min > 1 ? "s" : "");
	else if (nb < k->min)
		cfg_err(ctx, n, path, "too few items (%u, at least %" PRIu64
			")", nb, k->min);
	/* Element i always stays item i so later checks can find it. */
	for (i = 0; i < nb; i++) {
		item = cfg_seq_get(ctx, n, i);
		if (i >= k->max) {
			cfg_err(ctx, item, path, "too many items (%u, at most "
				"%" PRIu64 ")", nb, k->max);
			break;
		}
		cfg_path_idx(ipath, path, i);
		elem = base + k->off + i * k->size;
		cfg_schema_defaults(k->sub, elem);
		(*cnt)++;
		if (item->type != YAML_MAPPING_NODE)
			cfg_err(ctx, item, ipath, "expected a map, got %s",
				cfg_node_kind(item));
		else
			cfg_walk_map(ctx, item, k->sub, elem, ipath);
	}
}

/*
 * A map NAME -> object: element i is the i-th pair, its name the key
 * (checked like every other name), its fields the pair's value.
 */
static void
cfg_objmap_value(struct cfg_ctx *ctx, const struct cfg_key *k,
		 yaml_node_t *n, char *base, const char *path)
{
	unsigned int *cnt = (unsigned int *)(base + k->aux_off);
	char ipath[CFG_PATH_MAX], *elem;
	const char *name, *why;
	yaml_node_pair_t *p;
	yaml_node_t *kn, *v;

	if (cfg_is_null(n))
		return;
	if (n->type != YAML_MAPPING_NODE) {
		cfg_err(ctx, n, path, "expected a map of name: {...}, got %s",
			cfg_node_kind(n));
		return;
	}
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	     p++) {
		name = cfg_pair_key(ctx, n, p, path);
		if (name == NULL)
			continue;
		kn = cfg_node(ctx, p->key);
		cfg_path_key(ipath, path, name);
		why = cfg_check_name(name);
		if (why == NULL && strlen(name) >= CFG_NAME_LEN)
			why = "longer than 31 characters";
		if (why != NULL) {
			cfg_err(ctx, kn, ipath, "invalid name: %s", why);
			continue;
		}
		if (*cnt >= k->max) {
			cfg_err(ctx, kn, ipath, "too many entries (at most %"
				PRIu64 ")", k->max);
			break;
		}
		elem = base + k->off + *cnt * k->size;
		cfg_schema_defaults(k->sub, elem);
		memcpy(elem, name, strlen(name) + 1);
		(*cnt)++;
		v = cfg_node(ctx, p->value);
		if (v->type != YAML_MAPPING_NODE && !cfg_is_null(v))
			cfg_err(ctx, v, ipath, "expected a map, got %s",
				cfg_node_kind(v));
		else
			cfg_walk_map(ctx, v, k->sub, elem, ipath);
	}
}

static void
cfg_walk_value(struct cfg_ctx *ctx, const struct cfg_key *k, yaml_node_t *n,
	       char *base, const char *path)
{
	switch (k->type) {
	case CFG_T_U16:
	case CFG_T_U32:
	case CFG_T_BOOL:
	case CFG_T_STR:
	case CFG_T_ENUM:
	case CFG_T_IPV4:
	case CFG_T_PREFIX:
	case CFG_T_MAC:
		cfg_scalar_value(ctx, k, n, base, path);
		break;
	case CFG_T_STRLIST:
		cfg_strlist_value(ctx, k, n, base, path);
		break;
	case CFG_T_LOGMAP:
		cfg_logmap_value(ctx, k, n, base, path);
		break;
	case CFG_T_OBJ:
		cfg_walk_map(ctx, n, k->sub, base + k->off, path);
		break;
	case CFG_T_OBJLIST:
		cfg_objlist_value(ctx, k, n, base, path);
		break;
	case CFG_T_OBJMAP:
		cfg_objmap_value(ctx, k, n, base, path);
		break;
	case CFG_T_RATE:
	case CFG_T_BURST:
		cfg_qos_value(ctx, k, n, base, path);
		break;
	case CFG_T_PREFIX6:
	case CFG_T_IP6LIST:
	case CFG_T_IPV6:
		cfg_ipv6_value(ctx, k, n, base, path);
		break;
	}
}

/*
 * Walk one map against its key table. map may be NULL (empty document) or
 * a YAML null ("section:" with nothing under it): that is an empty map,
 * all defaults, and only the required keys are then checked.
 */
void
cfg_walk_map(struct cfg_ctx *ctx, yaml_node_t *map,
	     const struct cfg_key *keys, void *base, const char *path)
{
	char kpath[CFG_PATH_MAX];
	const struct cfg_key *k;
	yaml_node_pair_t *p;
	const char *name;

	if (map != NULL && map->type != YAML_MAPPING_NODE &&
	    !cfg_is_null(map)) {
		cfg_err(ctx, map, path, "expected a map, got %s",
			cfg_node_kind(map));
		return;
	}
	for (p = map != NULL && map->type == YAML_MAPPING_NODE ?
		 map->data.mapping.pairs.start : NULL;
	     p != NULL && p < map->data.mapping.pairs.top; p++) {
		name = cfg_pair_key(ctx, map, p, path);
		if (name == NULL)
			continue;
		cfg_path_key(kpath, path, name);
		for (k = keys; k->name != NULL; k++)
			if (strcmp(k->name, name) == 0)
				break;
		if (k->name == NULL)
			cfg_unknown_key(ctx, cfg_node(ctx, p->key), keys, name,
					kpath);
		else
			cfg_walk_value(ctx, k, cfg_node(ctx, p->value), base,
				       kpath);
	}
	/* Reported at the map itself: there is no node for what is absent. */
	for (k = keys; k->name != NULL; k++) {
		if (!(k->flags & CFG_F_REQUIRED) ||
		    cfg_map_get(ctx, map, k->name) != NULL)
			continue;
		cfg_path_key(kpath, path, k->name);
		cfg_err(ctx, map, kpath, "missing required %s",
			path[0] == '\0' ? "section" : "key");
	}
}

/*
 * Cross-field checks. The structs are filled by now; a value that was
 * missing or invalid is still zero and is skipped here, since it already
 * has its own error.
 */

/* ports[i].key, or the closest node that exists, to position an error. */
static yaml_node_t *
cfg_port_node(struct cfg_ctx *ctx, yaml_node_t *root, unsigned int i,
	      const char *key)
{
	yaml_node_t *ports = cfg_map_get(ctx, root, "ports");
	yaml_node_t *item = cfg_seq_get(ctx, ports, i);
	yaml_node_t *v = cfg_map_get(ctx, item, key);

	if (v != NULL)
		return v;
	return item != NULL ? item : ports != NULL ? ports : root;
}

void
cfg_port_err(struct cfg_ctx *ctx, yaml_node_t *root, unsigned int i,
	     const char *key, const char *fmt, ...)
{
	char path[CFG_PATH_MAX], msg[sizeof(((struct cfg_error *)0)->msg)];
	va_list ap;

	snprintf(path, sizeof(path), "ports[%u].%s", i, key);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cfg_err(ctx, cfg_port_node(ctx, root, i, key), path, "%s", msg);
}

/*
 * What identifies the device to DPDK: the PCI domain is optional and hex
 * is case-insensitive; a vdev is named by what precedes its first comma.
 */
static void
cfg_device_id(const char *dev, char *id, size_t size)
{
	size_t i, n;

	if (strncmp(dev, "net_", 4) == 0) {
		n = strcspn(dev, ",");
		snprintf(id, size, "%.*s", (int)n, dev);
		return;
	}
	snprintf(id, size, "%s%s", strlen(dev) == 7 ? "0000:" : "", dev);
	for (i = 0; id[i] != '\0'; i++)
		id[i] = (char)tolower((unsigned char)id[i]);
}

static const char *
cfg_ntop(uint32_t addr, char *buf)
{
	return inet_ntop(AF_INET, &addr, buf, INET_ADDRSTRLEN);
}

static void
cfg_check_gateway(struct cfg_ctx *ctx, yaml_node_t *root, unsigned int i,
		  const struct cfg_port *p)
{
	uint32_t mask = cfg_prefix_mask(p->address.len), gw = p->gateway;
	char a[INET_ADDRSTRLEN], g[INET_ADDRSTRLEN];

	if (gw == 0 || p->address.len == 0)
		return;
	cfg_ntop(gw, g);
	cfg_ntop(p->address.addr & mask, a);
	if (((gw ^ p->address.addr) & mask) != 0)
		cfg_port_err(ctx, root, i, "gateway", "gateway %s is outside "
			     "the port's subnet %s/%u", g, a, p->address.len);
	else if (gw == p->address.addr)
		cfg_port_err(ctx, root, i, "gateway", "gateway %s is the "
			     "port's own address", g);
	else if (p->address.len <= 30 && ((gw & ~mask) == 0 ||
					  (gw & ~mask) == ~mask))
		cfg_port_err(ctx, root, i, "gateway", "gateway %s is the "
			     "network or broadcast address of %s/%u", g, a,
			     p->address.len);
}

/* Compare port i with the ports before it: the error goes on the later. */
static void
cfg_check_port(struct cfg_ctx *ctx, yaml_node_t *root, const struct cfg *cfg,
	       unsigned int i)
{
	const struct cfg_port *p = &cfg->ports[i], *q;
	char id_p[CFG_DEVICE_LEN], id_q[CFG_DEVICE_LEN];
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];
	unsigned int j;

	cfg_device_id(p->device, id_p, sizeof(id_p));
	for (j = 0; j < i; j++) {
		q = &cfg->ports[j];
		if (p->name[0] != '\0' && strcmp(p->name, q->name) == 0)
			cfg_port_err(ctx, root, i, "name", "duplicate port "
				     "name \"%s\" (also ports[%u])", p->name,
				     j);
		cfg_device_id(q->device, id_q, sizeof(id_q));
		if (p->device[0] != '\0' && strcmp(id_p, id_q) == 0)
			cfg_port_err(ctx, root, i, "device", "device \"%s\" "
				     "is already used by ports[%u] (%s)",
				     id_p, j, q->name);
		if (p->address.len == 0 || q->address.len == 0)
			continue;
		if (!cfg_prefix_overlap(&p->address, &q->address))
			continue;
		cfg_ntop(p->address.addr &
			 cfg_prefix_mask(p->address.len), a);
		cfg_ntop(q->address.addr &
			 cfg_prefix_mask(q->address.len), b);
		cfg_port_err(ctx, root, i, "address", "subnet %s/%u overlaps "
			     "subnet %s/%u of ports[%u] (%s)", a,
			     p->address.len, b, q->address.len, j, q->name);
	}
	cfg_check_gateway(ctx, root, i, p);
	cfg_check_port6(ctx, root, cfg, i);
	/* lnsd-setup binds PCI functions; a vdev has no kernel driver. */
	if (p->driver != CFG_PORT_DRIVER_NONE && strncmp(p->device, "net_", 4) == 0)
		cfg_port_err(ctx, root, i, "driver", "a driver is bound to PCI "
			     "devices only; \"%s\" is a vdev", p->device);
}

/* section.list[i].key (or the closest node that exists), for an error. */
yaml_node_t *
cfg_item_node(struct cfg_ctx *ctx, yaml_node_t *root, const char *section,
	      const char *list, int i, const char *key)
{
	yaml_node_t *sec = cfg_map_get(ctx, root, section);
	yaml_node_t *l = cfg_map_get(ctx, sec, list);
	yaml_node_t *item = i >= 0 ? cfg_seq_get(ctx, l, (unsigned int)i) : l;
	yaml_node_t *v = key != NULL ? cfg_map_get(ctx, item, key) : NULL;

	return v ? v : item ? item : l ? l : sec ? sec : root;
}

/* ppp.auth: known methods, each once. */
static void
cfg_check_ppp(struct cfg_ctx *ctx, yaml_node_t *root, const struct cfg *cfg)
{
	const struct cfg_ppp *p = &cfg->ppp;
	char path[CFG_PATH_MAX];
	unsigned int i, j;

	for (i = 0; i < p->nb_auth; i++) {
		snprintf(path, sizeof(path), "ppp.auth[%u]", i);
		if (cfg_ppp_auth_parse(p->auth[i]) == 0)
			cfg_err(ctx, cfg_item_node(ctx, root, "ppp", "auth", (int)i,
						   NULL), path,
				"unknown method \"%s\" (allowed: pap, chap, mschapv2)",
				p->auth[i]);
		for (j = 0; j < i; j++)
			if (strcmp(p->auth[i], p->auth[j]) == 0)
				cfg_err(ctx, cfg_item_node(ctx, root, "ppp", "auth",
							   (int)i, NULL), path,
					"\"%s\" is listed twice", p->auth[i]);
	}
}

static bool
cfg_pool_exists(const struct cfg_aaa *a, const char *name)
{
	unsigned int i;

	for (i = 0; i < a->nb_pools; i++)
		if (strcmp(a->pools[i].name, name) == 0)
			return true;
	return false;
}

/* aaa: pools named by users and default_pool exist; user names unique. */
static void
cfg_check_aaa(struct cfg_ctx *ctx, yaml_node_t *root, const struct cfg *cfg)
{
	const struct cfg_aaa *a = &cfg->aaa;
	char path[CFG_PATH_MAX];
	unsigned int i, j;

	if (a->default_pool[0] != '\0' && !cfg_pool_exists(a, a->default_pool))
		cfg_err(ctx, cfg_item_node(ctx, root, "aaa", "default_pool", -1,
					   NULL), "aaa.default_pool",
			"no pool named \"%s\" in aaa.pools", a->default_pool);
	for (i = 0; i < a->nb_users; i++) {
		const struct cfg_aaa_user *u = &a->users[i];

		if (u->pool[0] != '\0' && !cfg_pool_exists(a, u->pool)) {
			snprintf(path, sizeof(path), "aaa.users[%u].pool", i);
			cfg_err(ctx, cfg_item_node(ctx, root, "aaa", "users",
						   (int)i, "pool"), path,
				"no pool named \"%s\" in aaa.pools", u->pool);
		}
		for (j = 0; j < i; j++)
			if (strcmp(u->name, a->users[j].name) == 0) {
				snprintf(path, sizeof(path),
					 "aaa.users[%u].name", i);
				cfg_err(ctx, cfg_item_node(ctx, root, "aaa",
							   "users", (int)i,
							   "name"), path,
					"duplicate user \"%s\" (also "
					"aaa.users[%u])", u->name, j);
			}
	}
}

void
cfg_check_cfg(struct cfg_ctx *ctx, yaml_node_t *root, void *base)
{
	struct cfg *cfg = base;
	unsigned int i;

	for (i = 0; i < cfg->nb_ports; i++)
		cfg_check_port(ctx, root, cfg, i);
	cfg_check_ppp(ctx, root, cfg);
	cfg_check_aaa(ctx, root, cfg);
	cfg_check_plan(ctx, root, cfg);
	cfg_check_static(ctx, root, cfg);
	cfg_check_radius(ctx, root, cfg);
	cfg_check_metrics(ctx, root, cfg);
	cfg_check_qos(ctx, root, cfg);
	cfg_check_ipv6(ctx, root, cfg);
}
