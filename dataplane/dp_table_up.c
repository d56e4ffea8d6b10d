/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Upstream session index: tunnel-indexed per-tunnel arrays grown on
 * demand, and their writer (dp_table_up.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_malloc.h>
#include <rte_rcu_qsbr.h>

#include "dp_table.h"
#include "dp_table_defer.h"
#include "dp_table_up.h"

static inline struct dp_up_slot *
dp_up_arr(uint64_t e)
{
	return (struct dp_up_slot *)(uintptr_t)(e & ~(uint64_t)63);
}

static inline uint32_t
dp_up_cap(uint64_t e)
{
	return e == 0 ? 0 : 1u << (e & 63);
}

/*
 * The slot names s at idx (s NULL: none, the copy kept), with s's
 * upstream copy (the table's view), in one write section: a reader sees
 * all of the old or all of the new, or knows it saw neither
 * (dp_table_up_view_bulk()).
 */
static void
dp_up_slot_write(const struct dp_table *t, struct dp_up_slot *e,
		 uint32_t idx, struct dp_session *s)
{
	rte_seqcount_write_begin(&e->sn);
	if (s != NULL) {
		if (t->view != NULL)
			t->view(&e->up, s);
		else
			memset(&e->up, 0, sizeof(e->up));
		e->up.session_index = idx;
	}
	__atomic_store_n(&e->s, s, __ATOMIC_RELEASE);
	rte_seqcount_write_end(&e->sn);
}

int
dp_table_up_create(struct dp_table *t, const struct dp_table_params *p)
{
	t->tun_max = p->max_tunnels != 0 && p->max_tunnels < UINT16_MAX ?
		     p->max_tunnels : UINT16_MAX;
	t->sid_max = p->max_sid != 0 && p->max_sid < UINT16_MAX ?
		     p->max_sid : UINT16_MAX;
	t->socket_id = p->socket_id;
	t->tun = rte_zmalloc_socket("dp_table_tun",
		sizeof(*t->tun) * ((size_t)t->tun_max + 1),
		RTE_CACHE_LINE_SIZE, p->socket_id);
	return t->tun == NULL ? -ENOMEM : 0;
}

void
dp_table_up_free(struct dp_table *t)
{
	uint32_t i;

	for (i = 0; t->tun != NULL && i <= t->tun_max; i++)
		rte_free(dp_up_arr(t->tun[i]));
	rte_free(t->tun);
	t->tun = NULL;
}

int
dp_table_up_find(const struct dp_table *t, uint32_t key, uint32_t *idx)
{
	const struct dp_up_slot *e = dp_table_up_slot(t, key);

	if (e == NULL || e->s == NULL)
		return -ENOENT;
	*idx = e->up.session_index;
	return 0;
}

/*
 * Replace tunnel tid's array by one of cap entries holding the same
 * slots; the old one waits for a grace period on the retired list.
 */
static int
dp_table_up_grow(struct dp_table *t, uint32_t tid, uint32_t cap)
{
	uint64_t e = t->tun[tid];
	struct dp_up_slot *old = dp_up_arr(e), *arr;
	uint32_t old_cap = dp_up_cap(e);

	/* Memory retired by earlier changes whose grace period is over. */
	dp_table_defer_reclaim(t);
	arr = rte_zmalloc_socket("dp_table_up", sizeof(*arr) * cap,
				 RTE_CACHE_LINE_SIZE, t->socket_id);
	if (arr == NULL)
		return -ENOMEM;
	if (old != NULL)
		memcpy(arr, old, sizeof(*arr) * old_cap);
	/* The copy is complete before a reader can find the new array. */
	__atomic_store_n(&t->tun[tid], (uint64_t)(uintptr_t)arr |
			 (uint64_t)rte_log2_u32(cap), __ATOMIC_RELEASE);
	t->up_bytes += sizeof(*arr) * cap;
	t->stats.up_grows++;
	if (old == NULL) {
		t->up_tunnels++;
		return 0;
	}
	dp_table_defer_free(t, old, sizeof(*old) * old_cap, &t->up_bytes);
	return 0;
}

int
dp_table_up_set(struct dp_table *t, uint32_t key, uint32_t idx,
		struct dp_session *s)
{
	struct dp_up_slot *e;
	uint32_t tid = key >> 16, sid = key & 0xffff, cap;

	if (tid == 0 || tid > t->tun_max || sid == 0 || sid > t->sid_max) {
		t->stats.bad_key++;
		return -EINVAL;
	}
	if (sid >= dp_up_cap(t->tun[tid])) {
		cap = RTE_MAX(rte_align32pow2(sid + 1), DP_TABLE_UP_MIN_CAP);
		if (dp_table_up_grow(t, tid, cap) != 0) {
			t->stats.up_nomem++;
			return -ENOMEM;
		}
	}
	e = &dp_up_arr(t->tun[tid])[sid];
	dp_up_slot_write(t, e, idx, s);
	return 0;
}

void
dp_table_up_replace(struct dp_table *t, uint32_t key, struct dp_session *s)
{
	struct dp_up_slot *e =
		(struct dp_up_slot *)(uintptr_t)dp_table_up_slot(t, key);

	if (e != NULL)
		dp_up_slot_write(t, e, e->up.session_index, s);
}
