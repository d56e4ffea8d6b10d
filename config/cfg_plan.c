/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The address plan (docs/configuration.md, "Address plan"): no address a
 * subscriber can be given - from a pool, as a static address of a local
 * user (aaa.users, aaa.users_file) or as a static session - is one that
 * lnsd or its neighbours use. A port's subnet is on-link: its addresses
 * are lnsd's own, its gateway's and its neighbours', so a pool or a
 * subscriber inside it would answer for (or hijack) one of them.
 *
 * ppp.local_address inside a pool is allowed: lnsd reserves it in the pool
 * at start (ctl_ppp_init), so it is never handed out.
 *
 * The same rules serve the YAML (cfg_check_plan, from cfg_load) and the
 * users file (cfg_plan_user, from the AAA glue while it reads the file),
 * so a static address used twice is found across both.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <sys/stat.h>

#include "cfg_internal.h"

/* A static subscriber address already given, and to whom. */
struct cfg_plan_addr {
	uint32_t addr;		/* network order; 0: empty slot */
	char *where;		/* "aaa.users[3]" or "FILE:LINE" */
};

struct cfg_plan {
	const struct cfg *cfg;
	/*
	 * Open addressing, linear probing, power-of-two size, load <= 1/2:
	 * a set of addresses is all that is needed, and config/ links no
	 * DPDK (rte_hash) nor other library but libyaml.
	 */
	struct cfg_plan_addr *slots;
	size_t size;
	size_t used;
};

static struct cfg_plan *
cfg_plan_new(const struct cfg *cfg)
{
	struct cfg_plan *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return NULL;
	p->cfg = cfg;
	p->size = 64;
	p->slots = calloc(p->size, sizeof(*p->slots));
	if (p->slots == NULL) {
		free(p);
		return NULL;
	}
	return p;
}

void
cfg_plan_free(struct cfg_plan *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->size; i++)
		free(p->slots[i].where);
	free(p->slots);
	free(p);
}

static size_t
cfg_plan_hash(uint32_t addr, size_t size)
{
	/* Fibonacci hashing: consecutive addresses spread over the table. */
	return (size_t)((addr * UINT32_C(2654435769)) >> 7) & (size - 1);
}

static struct cfg_plan_addr *
cfg_plan_slot(struct cfg_plan_addr *slots, size_t size, uint32_t addr)
{
	size_t i = cfg_plan_hash(addr, size);

	while (slots[i].addr != 0 && slots[i].addr != addr)
		i = (i + 1) & (size - 1);
	return &slots[i];
}

static int
cfg_plan_grow(struct cfg_plan *p)
{
	size_t size = p->size * 2, i;
	struct cfg_plan_addr *s = calloc(size, sizeof(*s));

	if (s == NULL)
		return -ENOMEM;
	for (i = 0; i < p->size; i++)
		if (p->slots[i].addr != 0)
			*cfg_plan_slot(s, size, p->slots[i].addr) =
				p->slots[i];
	free(p->slots);
	p->slots = s;
	p->size = size;
	return 0;
}

static const char *
cfg_plan_ntop(uint32_t addr, char *buf)
{
	return inet_ntop(AF_INET, &addr, buf, INET_ADDRSTRLEN);
}

static bool
cfg_plan_in(uint32_t addr, const struct cfg_ipv4_prefix *pfx)
{
	return ((addr ^ pfx->addr) & cfg_prefix_mask(pfx->len)) == 0;
}

static bool
cfg_plan_has_pool(const struct cfg *cfg, const char *name)
{
	unsigned int i;

	for (i = 0; i < cfg->aaa.nb_pools; i++)
		if (strcmp(cfg->aaa.pools[i].name, name) == 0)
			return true;
	return false;
}

/* Why a static subscriber address breaks the plan, in msg; false if not. */
static bool
cfg_plan_addr_bad(const struct cfg *cfg, uint32_t addr, char *msg,
		  size_t size)
{
	const struct cfg_port *port;
	char a[INET_ADDRSTRLEN], n[INET_ADDRSTRLEN];
	unsigned int i;

	cfg_plan_ntop(addr, a);
	for (i = 0; i < cfg->nb_ports; i++) {
		port = &cfg->ports[i];
		if (port->address.len == 0)
			continue;
		if (addr == port->address.addr) {
			snprintf(msg, size, "address %s is lnsd's own "
				 "(ports[%u].address, %s)", a, i, port->name);
			return true;
		}
		if (addr == port->gateway) {
			snprintf(msg, size, "address %s is the gateway of "
				 "ports[%u] (%s)", a, i, port->name);
			return true;
		}
		if (cfg_plan_in(addr, &port->address)) {
			cfg_plan_ntop(port->address.addr &
				      cfg_prefix_mask(port->address.len), n);
			snprintf(msg, size, "address %s is in the subnet "
				 "%s/%u of ports[%u] (%s), its neighbours'",
				 a, n, port->address.len, i, port->name);
			return true;
		}
	}
	if (addr == cfg->ppp.local_address) {
		snprintf(msg, size, "address %s is lnsd's own "
			 "(ppp.local_address)", a);
		return true;
	}
	if (cfg->statics.tunnels != 0 && cfg->statics.subscribers.len != 0 &&
	    cfg_plan_in(addr, &cfg->statics.subscribers)) {
		snprintf(msg, size, "address %s is in static_sessions."
			 "subscribers", a);
		return true;
	}
	return false;
}

enum cfg_plan_verdict
cfg_plan_user(struct cfg_plan *p, uint32_t addr, const char *pool,
	      const char *where, char *msg, size_t size)
{
	struct cfg_plan_addr *s;
	char a[INET_ADDRSTRLEN];

	if (addr != 0) {
		if (cfg_plan_addr_bad(p->cfg, addr, msg, size))
			return CFG_PLAN_BAD_ADDRESS;
		s = cfg_plan_slot(p->slots, p->size, addr);
		if (s->addr != 0) {
			snprintf(msg, size, "address %s is also the static "
				 "address of %s", cfg_plan_ntop(addr, a),
				 s->where);
			return CFG_PLAN_BAD_ADDRESS;
		}
	}
	if (pool != NULL && pool[0] != '\0' &&
	    !cfg_plan_has_pool(p->cfg, pool)) {
		snprintf(msg, size, "no pool named \"%s\" in aaa.pools", pool);
		return CFG_PLAN_BAD_POOL;
	}
	if (addr == 0)
		return CFG_PLAN_OK;
	if ((p->used + 1) * 2 > p->size && cfg_plan_grow(p) != 0)
		goto nomem;
	s = cfg_plan_slot(p->slots, p->size, addr);
	s->where = strdup(where);
	if (s->where == NULL)
		goto nomem;
	s->addr = addr;
	p->used++;
	return CFG_PLAN_OK;
nomem:
	snprintf(msg, size, "out of memory");
	return CFG_PLAN_NOMEM;
}

struct cfg_plan *
cfg_plan_create(const struct cfg *cfg)
{
	struct cfg_plan *p = cfg_plan_new(cfg);
	char where[32], msg[160];
	unsigned int i;

	/* cfg_load() reported the inline users' mistakes already. */
	for (i = 0; p != NULL && i < cfg->aaa.nb_users; i++) {
		snprintf(where, sizeof(where), "aaa.users[%u]", i);
		if (cfg_plan_user(p, cfg->aaa.users[i].address, NULL, where,
				  msg, sizeof(msg)) == CFG_PLAN_NOMEM) {
			cfg_plan_free(p);
			return NULL;
		}
	}
	return p;
}

static void __attribute__((format(printf, 6, 7)))
cfg_plan_err(struct cfg_ctx *ctx, yaml_node_t *node, const char *list,
	     int i, const char *key, const char *fmt, ...)
{
	char path[128], msg[sizeof(((struct cfg_error *)0)->msg)];
	va_list ap;

	if (i >= 0)
		snprintf(path, sizeof(path), "%s[%d].%s", list, i, key);
	else
		snprintf(path, sizeof(path), "%s", list);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cfg_err(ctx, node, path, "%s", msg);
}

/* aaa.pools[i] against the pools before it and every port's subnet. */
static void
cfg_plan_pool(struct cfg_ctx *ctx, yaml_node_t *root, const struct cfg *cfg,
	      unsigned int i)
{
	const struct cfg_ipv4_prefix *pf = &cfg->aaa.pools[i].prefix, *q;
	yaml_node_t *n = cfg_item_node(ctx, root, "aaa", "pools", (int)i,
				       "prefix");
	char a[INET_ADDRSTRLEN];
	unsigned int j;

	if (pf->len == 0 && pf->addr == 0)
		return;		/* missing or invalid: reported already */
	for (j = 0; j < i; j++) {
		q = &cfg->aaa.pools[j].prefix;
		if ((q->len != 0 || q->addr != 0) && cfg_prefix_overlap(pf, q))
			cfg_plan_err(ctx, n, "aaa.pools", (int)i, "prefix",
				"overlaps aaa.pools[%u].prefix %s/%u (\"%s\"): "
				"an address would be handed out twice", j,
				cfg_plan_ntop(q->addr, a), q->len,
				cfg->aaa.pools[j].name);
	}
	for (j = 0; j < cfg->nb_ports; j++) {
		q = &cfg->ports[j].address;
		if (q->len != 0 && cfg_prefix_overlap(pf, q))
			cfg_plan_err(ctx, n, "aaa.pools", (int)i, "prefix",
				"overlaps the subnet %s/%u of ports[%u] (%s): "
				"lnsd's, its gateway's and neighbours' "
				"addresses", cfg_plan_ntop(q->addr &
				cfg_prefix_mask(q->len), a), q->len, j,
				cfg->ports[j].name);
	}
}

/* static_sessions.subscribers against every port's subnet. */
static void
cfg_plan_statics(struct cfg_ctx *ctx, yaml_node_t *root,
		 const struct cfg *cfg)
{
	const struct cfg_ipv4_prefix *st = &cfg->statics.subscribers, *q;
	char a[INET_ADDRSTRLEN];
	unsigned int j;

	if (cfg->statics.tunnels == 0 || st->len == 0)
		return;
	for (j = 0; j < cfg->nb_ports; j++) {
		q = &cfg->ports[j].address;
		if (q->len != 0 && cfg_prefix_overlap(st, q))
			cfg_err(ctx, cfg_item_node(ctx, root,
				"static_sessions", "subscribers", -1, NULL),
				"static_sessions.subscribers", "overlaps the "
				"subnet %s/%u of ports[%u] (%s)",
				cfg_plan_ntop(q->addr &
					      cfg_prefix_mask(q->len), a),
				q->len, j, cfg->ports[j].name);
	}
}

/* aaa.users_file: a readable regular file (a directory reads as EISDIR). */
static void
cfg_plan_users_file(struct cfg_ctx *ctx, yaml_node_t *root,
		    const struct cfg *cfg)
{
	const char *path = cfg->aaa.users_file;
	yaml_node_t *n;
	struct stat st;
	const char *why = NULL;

	if (path[0] == '\0')
		return;
	if (stat(path, &st) != 0)
		why = strerror(errno);
	else if (S_ISDIR(st.st_mode))
		why = "is a directory";
	else if (!S_ISREG(st.st_mode))
		why = "is not a regular file";
	else if (access(path, R_OK) != 0)
		why = strerror(errno);
	if (why == NULL)
		return;
	n = cfg_item_node(ctx, root, "aaa", "users_file", -1, NULL);
	cfg_err(ctx, n, "aaa.users_file", "\"%s\": %s", path, why);
}

void
cfg_check_plan(struct cfg_ctx *ctx, yaml_node_t *root, const struct cfg *cfg)
{
	struct cfg_plan *p;
	char where[32], msg[160];
	unsigned int i;

	for (i = 0; i < cfg->aaa.nb_pools; i++)
		cfg_plan_pool(ctx, root, cfg, i);
	cfg_plan_statics(ctx, root, cfg);
	cfg_plan_users_file(ctx, root, cfg);
	p = cfg_plan_new(cfg);
	if (p == NULL) {
		ctx->nomem = 1;
		return;
	}
	/* Pools named by inline users: cfg_check_aaa. */
	for (i = 0; i < cfg->aaa.nb_users; i++) {
		snprintf(where, sizeof(where), "aaa.users[%u]", i);
		switch (cfg_plan_user(p, cfg->aaa.users[i].address, NULL,
				      where, msg, sizeof(msg))) {
		case CFG_PLAN_OK:
		case CFG_PLAN_BAD_POOL:
			break;
		case CFG_PLAN_BAD_ADDRESS:
			cfg_plan_err(ctx, cfg_item_node(ctx, root, "aaa",
				"users", (int)i, "address"), "aaa.users",
				(int)i, "address", "%s", msg);
			break;
		case CFG_PLAN_NOMEM:
			ctx->nomem = 1;
			break;
		}
	}
	cfg_plan_free(p);
}
