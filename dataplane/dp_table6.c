/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The IPv6 FIB of the session tables: see dp_table6.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_fib6.h>
#include <rte_hash.h>
#include <rte_malloc.h>
#include <rte_rcu_qsbr.h>
#include <rte_rib6.h>

#include "dp_session.h"
#include "dp_table.h"
#include "dp_table6.h"

/* Writer-only: what idx has in the FIB6 (masked prefixes). */
struct dp_table6_wslot {
	uint8_t nb;
	struct dp_route6 r[1 + DP_SESS_MAX_ROUTES6];	/* the /64 first */
};

/* Cover lengths, shortest first (dp_table6.h, "Covers"). */
static const uint8_t dp_cover_len[] = { DP_TABLE6_COVER1, DP_TABLE6_COVER2 };

int
dp_table6_create(struct dp_table *t, const struct dp_table_params *p,
		 uint32_t seq)
{
	t->fib6_seq = seq;
	snprintf(t->fib6_name, sizeof(t->fib6_name), "dpt%u_d6", seq);
	t->fib6_socket = p->socket_id;
	t->fib6_tbl8 = p->nb_tbl8_6 != 0 ? p->nb_tbl8_6 :
		       RTE_MIN(p->max_sessions * 2 + 1024, 1u << 20);
	t->fib6_routes = (int)RTE_MIN((uint64_t)p->max_sessions * 2 + 1024,
				      (uint64_t)INT32_MAX / 2);
	return 0;
}

/*
 * The FIB6 itself, at the first prefix: its 64 MiB tbl24 and the tbl8
 * groups are taken only by a server that routes IPv6. Published with a
 * release store: a worker that sees it sees it initialised.
 */
static struct rte_fib6 *
dp_table6_fib_new(struct dp_table *t)
{
	struct rte_fib6_conf fc = { 0 };
	char name[48];

	/* A rebuild makes the next one while the last still exists. */
	snprintf(name, sizeof(name), "%s_%u", t->fib6_name, t->fib6_gen++);
	fc.type = RTE_FIB6_TRIE;
	fc.default_nh = 0;
	fc.max_routes = t->fib6_routes;
	fc.trie.nh_sz = RTE_FIB6_TRIE_4B;
	fc.trie.num_tbl8 = t->fib6_tbl8;
	return rte_fib6_create(name, t->fib6_socket, &fc);
}

/*
 * The writer's side of IPv6, also made at the first prefix: the per-index
 * prefixes (w6) and the covers' references (cov6), 133 B per max_sessions
 * slot that an IPv4-only server never allocates. 0 or -ENOMEM.
 */
static int
dp_table6_writer_new(struct dp_table *t)
{
	struct rte_hash_parameters hp = { 0 };
	char name[32];

	t->w6 = rte_zmalloc_socket("dp_table_w6",
		sizeof(*t->w6) * t->max_sessions, RTE_CACHE_LINE_SIZE,
		t->fib6_socket);
	if (t->w6 == NULL)
		return -ENOMEM;
	/* Every session's covers at most, and our addresses'. */
	snprintf(name, sizeof(name), "dpt%u_cov6", t->fib6_seq);
	hp.name = name;
	hp.entries = RTE_MAX(t->max_sessions * 2, 1024u);
	hp.key_len = 8;
	hp.socket_id = t->fib6_socket;
	t->cov6 = rte_hash_create(&hp);
	if (t->cov6 == NULL) {
		rte_free(t->w6);
		t->w6 = NULL;
		return -ENOMEM;
	}
	return 0;
}

static struct rte_fib6 *
dp_table6_fib(struct dp_table *t)
{
	struct rte_fib6 *f = t->down6;

	if (f != NULL || t->fib6_failed)
		return f;
	if (t->w6 == NULL && dp_table6_writer_new(t) != 0) {
		t->fib6_failed = 1;	/* once: not at every prefix */
		return NULL;
	}
	f = dp_table6_fib_new(t);
	if (f == NULL) {
		t->fib6_failed = 1;	/* once: not at every prefix */
		return NULL;
	}
	__atomic_store_n(&t->down6, f, __ATOMIC_RELEASE);
	return f;
}

void
dp_table6_free(struct dp_table *t)
{
	rte_fib6_free(t->down6);
	t->down6 = NULL;
	rte_hash_free(t->cov6);
	t->cov6 = NULL;
	rte_free(t->w6);
	t->w6 = NULL;
}

/* The cover of length len of prefix p as a hash key (octets 0-6, len). */
static uint64_t
dp_cover_key(const uint8_t *p, uint8_t len, uint8_t *c)
{
	uint64_t k = 0;

	memset(c, 0, 16);
	memcpy(c, p, 7);
	dp_prefix6_mask(c, len);
	memcpy(&k, c, 7);
	return k | (uint64_t)len << 56;
}

/*
 * Take (delta 1) or drop (-1) one reference on each cover of a prefix
 * of length len: added at the first, removed with the last - unless a
 * real route took its place (a next hop that is not 0), which stays.
 */
static void
dp_table6_cover(struct dp_table *t, struct rte_fib6 *f, const uint8_t *p,
		uint8_t len, int delta)
{
	struct rte_rib6_node *n;
	uint8_t c[16];
	uintptr_t ref;
	uint64_t key, nh;
	unsigned int i;
	void *data;

	for (i = 0; i < RTE_DIM(dp_cover_len); i++) {
		if (len <= RTE_ALIGN_CEIL(dp_cover_len[i], 8))
			break;		/* saves nothing */
		key = dp_cover_key(p, dp_cover_len[i], c);
		ref = rte_hash_lookup_data(t->cov6, &key, &data) < 0 ? 0 :
		      (uintptr_t)data;
		if (delta > 0) {
			n = ref != 0 ? NULL : rte_rib6_lookup_exact(
				rte_fib6_get_rib(f), c, dp_cover_len[i]);
			if (ref == 0 && n == NULL &&
			    rte_fib6_add(f, c, dp_cover_len[i], 0) != 0)
				continue;	/* no cover: more reserved */
			if (rte_hash_add_key_data(t->cov6, &key,
						  (void *)(ref + 1)) != 0)
				continue;
		} else if (ref != 0) {
			if (ref > 1) {
				rte_hash_add_key_data(t->cov6, &key,
						      (void *)(ref - 1));
				continue;
			}
			rte_hash_del_key(t->cov6, &key);
			n = rte_rib6_lookup_exact(rte_fib6_get_rib(f), c,
						  dp_cover_len[i]);
			if (n != NULL && rte_rib6_get_nh(n, &nh) == 0 && nh == 0)
				rte_fib6_delete(f, c, dp_cover_len[i]);
		}
	}
}

/* Whether a port below before has a among our addresses (all: CFG_MAX_PORTS). */
static int
dp_local6_in(const struct dp_table *t, unsigned int before, const uint8_t *a)
{
	unsigned int p, i;

	for (p = 0; p < before && p < CFG_MAX_PORTS; p++)
		for (i = 0; i < t->nb_local6[p]; i++)
			if (memcmp(t->local6[p][i], a, 16) == 0)
				return 1;
	return 0;
}

static int
dp_route6_in(const struct dp_route6 *r, unsigned int n,
	     const struct dp_route6 *x)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (r[i].len == x->len &&
		    memcmp(r[i].prefix, x->prefix, 16) == 0)
			return 1;
	return 0;
}

/* d's prefixes, masked; invalid lengths skipped (the build refuses them). */
static unsigned int
dp_desc_routes6(const struct dp_session_desc *d, struct dp_route6 *r)
{
	unsigned int i, n = 0;

	if (d == NULL || !(d->flags & DP_SESS_F_IPV6))
		return 0;
	if (!dp_prefix6_zero(d->sub_ip6_prefix)) {
		memset(&r[n], 0, sizeof(r[n]));
		memcpy(r[n].prefix, d->sub_ip6_prefix, 8);
		r[n++].len = 64;
	}
	for (i = 0; i < d->nb_routes6 && i < DP_SESS_MAX_ROUTES6; i++) {
		if (d->routes6[i].len == 0 || d->routes6[i].len > 128)
			continue;
		r[n] = d->routes6[i];
		dp_prefix6_mask(r[n].prefix, r[n].len);
		if (!dp_route6_in(r, n, &r[n]))
			n++;
	}
	return n;
}

/*
 * A fresh FIB6 with every prefix of every session (w6) and our
 * addresses, published in place of the old one, which is freed once no
 * worker can be reading it. Why: DPDK 22.11's TRIE keeps its tbl8
 * reservation counter up when a route is deleted (at DELETE the route
 * itself is found in its own block, so nothing is given back), so
 * sessions coming and going exhaust it while the groups themselves are
 * free; a new FIB starts from what is really installed. Returns the new
 * FIB, or NULL (no memory for a second one: the old one stays).
 */
static struct rte_fib6 *
dp_table6_rebuild(struct dp_table *t)
{
	struct rte_fib6 *old = t->down6, *f = dp_table6_fib_new(t);
	const struct dp_table6_wslot *w;
	unsigned int i, p;
	uint32_t idx;

	if (f == NULL)
		return NULL;
	rte_hash_reset(t->cov6);
	for (idx = 0; idx < t->max_sessions; idx++) {
		w = &t->w6[idx];
		for (i = 0; i < w->nb; i++) {
			dp_table6_cover(t, f, w->r[i].prefix, w->r[i].len, 1);
			if (rte_fib6_add(f, w->r[i].prefix, w->r[i].len,
					 idx + 1) != 0)
				t->stats.fib6_err++;
		}
	}
	for (p = 0; p < CFG_MAX_PORTS; p++)
		for (i = 0; i < t->nb_local6[p]; i++)
			if (!dp_local6_in(t, p, t->local6[p][i])) {
				dp_table6_cover(t, f, t->local6[p][i], 128, 1);
				if (rte_fib6_add(f, t->local6[p][i], 128,
						 DP_TABLE6_LOCAL_NH) != 0)
					t->stats.fib6_err++;
			}
	__atomic_store_n(&t->down6, f, __ATOMIC_RELEASE);
	/* Workers load the pointer per burst and hold it no longer. */
	rte_rcu_qsbr_synchronize(t->qsv, RTE_QSBR_THRID_INVALID);
	rte_fib6_free(old);
	t->fib6_dels = 0;
	t->stats.fib6_rebuilds++;
	return f;
}

void
dp_table6_set(struct dp_table *t, uint32_t idx,
	      const struct dp_session_desc *d)
{
	struct dp_route6 r[1 + DP_SESS_MAX_ROUTES6];
	unsigned int i, n = dp_desc_routes6(d, r);
	struct dp_table6_wslot *w;
	struct rte_fib6 *f;
	int ret, full = 0;

	if (n == 0 && (t->w6 == NULL || t->w6[idx].nb == 0))
		return;
	f = dp_table6_fib(t);
	if (f == NULL) {
		/* Nothing was installed before either (no w6: no FIB6). */
		t->stats.fib6_err += n;
		return;
	}
	w = &t->w6[idx];
	for (i = 0; i < n; i++) {
		if (dp_route6_in(w->r, w->nb, &r[i]))
			continue;	/* kept: its covers are held */
		dp_table6_cover(t, f, r[i].prefix, r[i].len, 1);
		ret = rte_fib6_add(f, r[i].prefix, r[i].len, idx + 1);
		if (ret == -ENOSPC)
			full = 1;	/* rebuilt below, with it */
		else if (ret != 0)
			t->stats.fib6_err++;
	}
	for (i = 0; i < w->nb; i++)
		if (!dp_route6_in(r, n, &w->r[i])) {
			rte_fib6_delete(f, w->r[i].prefix, w->r[i].len);
			dp_table6_cover(t, f, w->r[i].prefix, w->r[i].len, -1);
			t->fib6_dels++;
		}
	w->nb = (uint8_t)n;
	if (n != 0)
		memcpy(w->r, r, n * sizeof(*r));
	/*
	 * Rebuild only when enough was deleted since the last one for the
	 * reservation leak (dp_table6_rebuild()) to be the likely cause: a
	 * FIB6 really full would otherwise be rebuilt at every prefix.
	 */
	if (full && (t->fib6_dels < t->fib6_tbl8 / 4 ||
		     dp_table6_rebuild(t) == NULL))
		t->stats.fib6_err++;
}

int
dp_table6_local(struct dp_table *t, const uint8_t addr[16], int add)
{
	struct rte_fib6 *f = dp_table6_fib(t);
	int ret;

	if (f == NULL) {
		t->stats.fib6_err += add != 0;
		return add ? -ENOMEM : 0;
	}
	if (!add) {
		ret = rte_fib6_delete(f, addr, 128);
		dp_table6_cover(t, f, addr, 128, -1);
		return ret;
	}
	dp_table6_cover(t, f, addr, 128, 1);
	ret = rte_fib6_add(f, addr, 128, DP_TABLE6_LOCAL_NH);
	if (ret != 0)
		t->stats.fib6_err++;
	return ret;
}


/*
 * New addresses first, then the old ones no port has any more: an
 * address kept across the change is never missing from the FIB6.
 */
int
dp_table6_local_set(struct dp_table *t, uint16_t port,
		    const uint8_t addr[][16], unsigned int n)
{
	uint8_t old[DP_LOCAL6_MAX][16];
	unsigned int i, nold;
	int ret = 0;

	if (port >= CFG_MAX_PORTS || n > DP_LOCAL6_MAX)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (!dp_local6_in(t, CFG_MAX_PORTS, addr[i]) &&
		    dp_table6_local(t, addr[i], 1) != 0)
			ret = -ENOSPC;
	nold = t->nb_local6[port];
	memcpy(old, t->local6[port], sizeof(old));
	t->nb_local6[port] = (uint8_t)n;
	if (n != 0)
		memcpy(t->local6[port], addr, n * 16);
	for (i = 0; i < nold; i++)
		if (!dp_local6_in(t, CFG_MAX_PORTS, old[i]))
			dp_table6_local(t, old[i], 0);
	return ret;
}

unsigned int
dp_table_down6_index_bulk(const struct dp_table *t, const uint8_t (*ips)[16],
			  unsigned int n, uint32_t *idx)
{
	struct rte_fib6 *f = __atomic_load_n(&t->down6, __ATOMIC_ACQUIRE);
	uint64_t nh[DP_TABLE_BURST];
	unsigned int i, nb = 0;

	if (n > DP_TABLE_BURST)
		n = DP_TABLE_BURST;
	if (n == 0 || f == NULL || rte_fib6_lookup_bulk(f,
			(uint8_t (*)[16])(uintptr_t)ips, nh, (int)n) != 0)
		memset(nh, 0, sizeof(nh));
	for (i = 0; i < n; i++) {
		if (nh[i] == 0)
			idx[i] = DP_TABLE_NONE;
		else if (nh[i] == DP_TABLE6_LOCAL_NH)
			idx[i] = DP_TABLE_LOCAL;
		else
			idx[i] = (uint32_t)(nh[i] - 1);
		nb += idx[i] < DP_TABLE_LOCAL;
	}
	return nb;
}
