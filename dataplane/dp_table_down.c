/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Subscriber /32 directory and its writer (dp_table_down.h).
 */
#include <errno.h>

#include <rte_common.h>
#include <rte_malloc.h>

#include "dp_table.h"
#include "dp_table_defer.h"
#include "dp_table_down.h"

#define DP_DOWN_TOP	65536u
#define DP_DOWN_LEAF	(256 * sizeof(struct dp_slot))

int
dp_table_down_create(struct dp_table *t, const struct dp_table_params *p)
{
	t->down_leaves_max = p->max_sessions / 16 + 256;
	t->dtop = rte_zmalloc_socket("dp_table_dtop",
		sizeof(*t->dtop) * DP_DOWN_TOP, RTE_CACHE_LINE_SIZE,
		p->socket_id);
	return t->dtop == NULL ? -ENOMEM : 0;
}

void
dp_table_down_free(struct dp_table *t)
{
	uint32_t i, j;

	for (i = 0; t->dtop != NULL && i < DP_DOWN_TOP; i++) {
		if (t->dtop[i] == NULL)
			continue;
		for (j = 0; j < 256; j++)
			rte_free(t->dtop[i]->leaf[j]);
		rte_free(t->dtop[i]);
	}
	rte_free(t->dtop);
	t->dtop = NULL;
}

/* The block for ip's /24, made (and its mid) if need be; NULL: none. */
static struct dp_slot *
dp_table_down_leaf(struct dp_table *t, uint32_t ip)
{
	struct dp_down_mid *m = t->dtop[ip >> 16];
	struct dp_slot *l;
	uint32_t b = (ip >> 8) & 0xff;

	if (m != NULL && m->leaf[b] != NULL)
		return m->leaf[b];
	if (t->down_leaves >= t->down_leaves_max)
		return NULL;
	/* Blocks emptied earlier whose grace period is over. */
	dp_table_defer_reclaim(t);
	l = rte_zmalloc_socket("dp_table_down", DP_DOWN_LEAF,
			       RTE_CACHE_LINE_SIZE, t->socket_id);
	if (l == NULL)
		return NULL;
	if (m == NULL) {
		m = rte_zmalloc_socket("dp_table_dmid", sizeof(*m),
				       RTE_CACHE_LINE_SIZE, t->socket_id);
		if (m == NULL) {
			rte_free(l);
			return NULL;
		}
		t->down_bytes += sizeof(*m);
		__atomic_store_n(&t->dtop[ip >> 16], m, __ATOMIC_RELEASE);
	}
	/* Zeroed before a reader can find it. */
	__atomic_store_n(&m->leaf[b], l, __ATOMIC_RELEASE);
	m->nb_leaves++;
	t->down_leaves++;
	t->down_bytes += DP_DOWN_LEAF;
	return l;
}

int
dp_table_down_set(struct dp_table *t, uint32_t ip, uint32_t idx,
		  struct dp_session *s)
{
	struct dp_slot *l = dp_table_down_leaf(t, ip), *e;

	if (l == NULL) {
		t->stats.down_spill++;
		return t->down_leaves >= t->down_leaves_max ? -ENOSPC : -ENOMEM;
	}
	e = &l[ip & 0xff];
	if (e->s == NULL)
		t->dtop[ip >> 16]->nb[(ip >> 8) & 0xff]++;
	e->idx = idx;
	__atomic_store_n(&e->s, s, __ATOMIC_RELEASE);
	return 0;
}

void
dp_table_down_clear(struct dp_table *t, uint32_t ip)
{
	struct dp_down_mid *m = t->dtop[ip >> 16];
	uint32_t b = (ip >> 8) & 0xff;
	struct dp_slot *l = m != NULL ? m->leaf[b] : NULL;

	if (l == NULL || l[ip & 0xff].s == NULL)
		return;
	__atomic_store_n(&l[ip & 0xff].s, NULL, __ATOMIC_RELEASE);
	if (--m->nb[b] != 0)
		return;
	/* Unpublished first; freed once no reader can hold it. */
	__atomic_store_n(&m->leaf[b], NULL, __ATOMIC_RELEASE);
	t->down_leaves--;
	dp_table_defer_free(t, l, DP_DOWN_LEAF, &t->down_bytes);
	if (--m->nb_leaves != 0)
		return;
	__atomic_store_n(&t->dtop[ip >> 16], NULL, __ATOMIC_RELEASE);
	dp_table_defer_free(t, m, sizeof(*m), &t->down_bytes);
}
