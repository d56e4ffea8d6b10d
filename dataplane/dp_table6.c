/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The IPv6 FIB of the session tables: see dp_table6.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_fib6.h>
#include <rte_malloc.h>

#include "dp_session.h"
#include "dp_table.h"
#include "dp_table6.h"

/* Writer-only: what idx has in the FIB6 (masked prefixes). */
struct dp_table6_wslot {
	uint8_t nb;
	struct dp_route6 r[1 + DP_SESS_MAX_ROUTES6];	/* the /64 first */
};

int
dp_table6_create(struct dp_table *t, const struct dp_table_params *p,
		 uint32_t seq)
{
	struct rte_fib6_conf fc = { 0 };
	char name[32];
	uint32_t nb_tbl8 = p->nb_tbl8_6;

	/*
	 * Dense pools need about one group per 128 sessions (/64 and
	 * delegated /56 each fill one group per 256); the reserve leaves
	 * room for sparser plans. Beyond it routes are skipped, counted.
	 */
	if (nb_tbl8 == 0)
		nb_tbl8 = RTE_MIN(p->max_sessions / 8 + 1024, 1u << 20);
	t->w6 = rte_zmalloc_socket("dp_table_w6",
		sizeof(*t->w6) * p->max_sessions, RTE_CACHE_LINE_SIZE,
		p->socket_id);
	if (t->w6 == NULL)
		return -ENOMEM;
	snprintf(name, sizeof(name), "dpt%u_down6", seq);
	fc.type = RTE_FIB6_TRIE;
	fc.default_nh = 0;
	/* The /64 and one route per session, our addresses, spare. */
	fc.max_routes = (int)RTE_MIN((uint64_t)p->max_sessions * 2 + 1024,
				     (uint64_t)INT32_MAX);
	fc.trie.nh_sz = RTE_FIB6_TRIE_4B;
	fc.trie.num_tbl8 = nb_tbl8;
	t->down6 = rte_fib6_create(name, p->socket_id, &fc);
	return t->down6 == NULL ? -rte_errno : 0;
}

void
dp_table6_free(struct dp_table *t)
{
	rte_fib6_free(t->down6);
	t->down6 = NULL;
	rte_free(t->w6);
	t->w6 = NULL;
}

static int
dp_route6_in(const struct dp_route6 *r, unsigned int n,
	     const struct dp_route6 *x)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (r[i].len == x->len && memcmp(r[i].prefix, x->prefix, 16) == 0)
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

void
dp_table6_set(struct dp_table *t, uint32_t idx,
	      const struct dp_session_desc *d)
{
	struct dp_table6_wslot *w = &t->w6[idx];
	struct dp_route6 r[1 + DP_SESS_MAX_ROUTES6];
	unsigned int i, n = dp_desc_routes6(d, r);

	for (i = 0; i < n; i++)
		if (rte_fib6_add(t->down6, r[i].prefix, r[i].len, idx + 1) != 0)
			t->stats.fib6_err++;
	for (i = 0; i < w->nb; i++)
		if (!dp_route6_in(r, n, &w->r[i]))
			rte_fib6_delete(t->down6, w->r[i].prefix, w->r[i].len);
	w->nb = (uint8_t)n;
	if (n != 0)
		memcpy(w->r, r, n * sizeof(*r));
}

int
dp_table6_local(struct dp_table *t, const uint8_t addr[16], int add)
{
	int ret;

	if (!add)
		return rte_fib6_delete(t->down6, addr, 128);
	ret = rte_fib6_add(t->down6, addr, 128, DP_TABLE6_LOCAL_NH);
	if (ret != 0)
		t->stats.fib6_err++;
	return ret;
}

unsigned int
dp_table_down6_index_bulk(const struct dp_table *t, const uint8_t (*ips)[16],
			  unsigned int n, uint32_t *idx)
{
	uint64_t nh[DP_TABLE_BURST];
	unsigned int i, nb = 0;

	if (n > DP_TABLE_BURST)
		n = DP_TABLE_BURST;
	if (n == 0 || rte_fib6_lookup_bulk(t->down6,
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
