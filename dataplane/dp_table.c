/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Lock-free session tables and their single writer: see dp_table.h.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_prefetch.h>

#include "dp_session.h"
#include "dp_table.h"
#include "dp_table6.h"
#include "dp_table_defer.h"
#include "dp_table_down.h"
#include "dp_table_up.h"

/* Writer-only bookkeeping for one session_index. */
struct dp_table_wslot {
	uint32_t key;			/* upstream key of the occupant */
	uint32_t sub_ip;		/* host order, 0 = none */
	uint8_t used;
	uint8_t token_pending;		/* del_token not yet known passed */
	uint8_t nb_routes;
	uint8_t sub_fib;		/* sub_ip is in the FIB, not the
					 * directory (dp_table_down.h) */
	struct dp_route4 routes[DP_SESS_MAX_ROUTES];	/* host order */
	uint64_t del_token;		/* QSBR token of the last DELETE */
	uint32_t gen;			/* ADDs at this index (dp_session.gen) */
};

/* Names of DPDK objects must be unique per process. */
static uint32_t dp_table_seq;

static void
dp_table_dq_free(void *p, void *e, unsigned int n)
{
	struct dp_table *t = p;
	struct dp_session **v = e;
	unsigned int i;

	for (i = 0; i < n; i++) {
		t->free(v[i], t->cb_arg);
		t->stats.freed++;
	}
}

/*
 * Built-in entries (params.build == NULL): struct dp_session from a
 * preallocated pool filled by dp_session_build(). Writer only: the defer
 * queue calls the free side from dp_table_apply*() / dp_table_reclaim().
 */
static struct dp_session *
dp_table_pool_get(const struct dp_session_desc *d, void *arg)
{
	struct dp_table *t = arg;
	struct dp_session *s, *old;

	if (t->pool_nfree == 0) {
		dp_table_reclaim(t);
		if (t->pool_nfree == 0) {
			/* Deferred frees hold the pool: wait them out. */
			t->stats.pool_waits++;
			rte_rcu_qsbr_synchronize(t->qsv,
						 RTE_QSBR_THRID_INVALID);
			dp_table_reclaim(t);
		}
		if (t->pool_nfree == 0)
			return NULL;
	}
	s = t->pool_free[--t->pool_nfree];
	/*
	 * ADD and MODIFY have checked the index. The entry replaced (MODIFY)
	 * tells whether a lifted shaper must drain first (dp_qos_tb.h).
	 */
	old = t->sess[d->session_index];
	if (dp_session_build(s, d) != 0 ||
	    dp_qos_params_build(&s->qos, &s->flags, d, rte_get_tsc_hz(),
				old != NULL &&
				(old->flags & DP_SESS_QOS_DOWN)) != 0) {
		t->pool_free[t->pool_nfree++] = s;
		return NULL;
	}
	dp_session_down_flags(s);	/* the QoS bits, into line 1 */
	s->gen = t->w[d->session_index].gen;
	return s;
}

static void
dp_table_pool_put(struct dp_session *s, void *arg)
{
	struct dp_table *t = arg;

	t->pool_free[t->pool_nfree++] = s;
}

static int
dp_table_pool_init(struct dp_table *t, const struct dp_table_params *p)
{
	/* Spares for entries waiting out a grace period (DELETE, MODIFY). */
	uint32_t i, n = p->max_sessions + p->max_sessions / 16 + 1024;

	t->pool = rte_zmalloc_socket("dp_table_pool", sizeof(*t->pool) * n,
				     RTE_CACHE_LINE_SIZE, p->socket_id);
	t->pool_free = rte_malloc_socket("dp_table_pool_free",
		sizeof(*t->pool_free) * n, RTE_CACHE_LINE_SIZE, p->socket_id);
	if (t->pool == NULL || t->pool_free == NULL)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		t->pool_free[i] = &t->pool[n - 1 - i];
	t->pool_nfree = n;
	t->build = dp_table_pool_get;
	t->free = dp_table_pool_put;
	t->view = dp_sess_up_init;
	t->cb_arg = t;
	return 0;
}

struct dp_table *
dp_table_create(const struct dp_table_params *p)
{
	struct rte_rcu_qsbr_dq_parameters dqp = { 0 };
	struct rte_fib_conf fc = { 0 };
	char name[RTE_RING_NAMESIZE];
	struct dp_table *t;
	uint32_t seq, nb_tbl8;
	size_t sz;

	if (p == NULL || p->max_sessions == 0 ||
	    (p->build == NULL) != (p->free == NULL) ||
	    p->max_sessions > (1u << 24)) {
		rte_errno = EINVAL;
		return NULL;
	}
	seq = __atomic_fetch_add(&dp_table_seq, 1, __ATOMIC_RELAXED);
	t = rte_zmalloc_socket("dp_table", sizeof(*t), RTE_CACHE_LINE_SIZE,
			       p->socket_id);
	if (t == NULL)
		goto nomem;
	t->max_sessions = p->max_sessions;
	t->max_tunnels = p->max_tunnels;
	t->build = p->build;
	t->free = p->free;
	t->view = p->view;
	t->cb_arg = p->cb_arg;
	if (p->build == NULL && dp_table_pool_init(t, p) != 0)
		goto nomem;

	t->sess = rte_zmalloc_socket("dp_table_sess",
		sizeof(*t->sess) * p->max_sessions, RTE_CACHE_LINE_SIZE,
		p->socket_id);
	t->w = rte_zmalloc_socket("dp_table_w", sizeof(*t->w) * p->max_sessions,
		RTE_CACHE_LINE_SIZE, p->socket_id);
	if (t->sess == NULL || t->w == NULL)
		goto nomem;

	sz = rte_rcu_qsbr_get_memsize(RTE_MAX_LCORE);
	t->qsv = rte_zmalloc_socket("dp_table_qsv", sz, RTE_CACHE_LINE_SIZE,
				    p->socket_id);
	if (t->qsv == NULL || rte_rcu_qsbr_init(t->qsv, RTE_MAX_LCORE) != 0)
		goto fail;

	if (dp_table_up_create(t, p) != 0 || dp_table_down_create(t, p) != 0)
		goto nomem;

	/*
	 * The FIB holds the routes (Framed-Route) and the subscriber /32s
	 * the directory has no block for (dp_table_down.h): one session in
	 * sixteen with either (DP_SESS_MAX_ROUTES routes each at most).
	 * rte_fib's RIB preallocates two 192-B nodes per route, so the
	 * reserve is not sized for the worst case. Beyond it, routes are
	 * skipped and counted (fib_err). One tbl8 group (1 KiB) per /24
	 * holding a longer prefix: routes longer than /24, or spilled /32s
	 * in as many /24s, for one session in thirty-two.
	 */
	nb_tbl8 = p->nb_tbl8;
	if (nb_tbl8 == 0)
		nb_tbl8 = RTE_MIN(p->max_sessions / 32 + 256, 1u << 16);
	snprintf(name, sizeof(name), "dpt%u_down", seq);
	fc.type = RTE_FIB_DIR24_8;
	fc.default_nh = 0;
	fc.max_routes = (int)RTE_MIN((uint64_t)p->max_sessions / 16 + 1024,
				     (uint64_t)INT32_MAX);
	fc.dir24_8.nh_sz = RTE_FIB_DIR24_8_4B;
	fc.dir24_8.num_tbl8 = nb_tbl8;
	t->down = rte_fib_create(name, p->socket_id, &fc);
	if (t->down == NULL)
		goto fail;
	if (dp_table6_create(t, p, seq) != 0)
		goto fail;

	/*
	 * Entries replaced or deleted wait here for a grace period, which
	 * the workers end at every loop: the queue holds what changes in
	 * one loop, so a quarter of the slots is ample (16 B an entry,
	 * rounded up to a power of two). Full, dp_table_retire() waits the
	 * grace period out instead.
	 */
	snprintf(name, sizeof(name), "dpt%u_dq", seq);
	dqp.name = name;
	dqp.size = p->max_sessions / 4 + 1024;
	dqp.esize = sizeof(struct dp_session *);
	dqp.trigger_reclaim_limit = 32;
	dqp.max_reclaim_size = 64;
	dqp.free_fn = dp_table_dq_free;
	dqp.p = t;
	dqp.v = t->qsv;
	t->dq = rte_rcu_qsbr_dq_create(&dqp);
	if (t->dq == NULL)
		goto fail;
	return t;

nomem:
	rte_errno = ENOMEM;
fail:
	seq = rte_errno;
	dp_table_free(t);
	rte_errno = seq;
	return NULL;
}

void
dp_table_free(struct dp_table *t)
{
	struct dp_session *s;
	uint32_t i;

	if (t == NULL)
		return;
	if (t->qsv != NULL)
		rte_rcu_qsbr_synchronize(t->qsv, RTE_QSBR_THRID_INVALID);
	if (t->dq != NULL)
		rte_rcu_qsbr_dq_delete(t->dq);
	for (i = 0; t->sess != NULL && i < t->max_sessions; i++) {
		s = t->sess[i];
		if (s != NULL) {
			t->sess[i] = NULL;
			t->free(s, t->cb_arg);
			t->stats.freed++;
		}
	}
	rte_fib_free(t->down);
	dp_table6_free(t);
	dp_table_defer_drop(t);
	dp_table_down_free(t);
	dp_table_up_free(t);
	rte_free(t->pool_free);
	rte_free(t->pool);
	rte_free(t->qsv);
	rte_free(t->w);
	rte_free(t->sess);
	rte_free(t);
}

int
dp_table_worker_register(struct dp_table *t, unsigned int lcore)
{
	int ret;

	if (lcore >= RTE_MAX_LCORE)
		return -EINVAL;
	ret = rte_rcu_qsbr_thread_register(t->qsv, lcore);
	if (ret != 0)
		return -rte_errno;
	rte_rcu_qsbr_thread_online(t->qsv, lcore);
	return 0;
}

void
dp_table_worker_unregister(struct dp_table *t, unsigned int lcore)
{
	if (lcore >= RTE_MAX_LCORE)
		return;
	rte_rcu_qsbr_thread_offline(t->qsv, lcore);
	rte_rcu_qsbr_thread_unregister(t->qsv, lcore);
}

unsigned int
dp_table_reclaim(struct dp_table *t)
{
	unsigned int freed = 0;

	rte_rcu_qsbr_dq_reclaim(t->dq, UINT32_MAX, &freed, NULL, NULL);
	dp_table_defer_reclaim(t);
	return freed;
}

/*
 * nb_rated after entry old (NULL: none) was replaced by new (or NULL);
 * kept for the table's own entries (struct dp_session) only.
 */
static void
dp_table_count_rated(struct dp_table *t, const struct dp_session *old,
		     const struct dp_session *new)
{
	uint32_t n = t->nb_rated;

	/* Entries of a caller's build callback are its own type (tests). */
	if (t->build != dp_table_pool_get)
		return;
	if (old != NULL && (old->flags & DP_SESS_QOS_MASK))
		n--;
	if (new != NULL && (new->flags & DP_SESS_QOS_MASK))
		n++;
	__atomic_store_n(&t->nb_rated, n, __ATOMIC_RELAXED);
}

/* Hand an entry no lookup structure leads to any more to the defer queue. */
static void
dp_table_retire(struct dp_table *t, struct dp_session *s)
{
	if (s == NULL)
		return;
	/*
	 * Full only when more changed than the workers' loops could
	 * reclaim (a mass teardown): a synchronous grace period then.
	 */
	if (rte_rcu_qsbr_dq_enqueue(t->dq, &s) != 0) {
		t->stats.dq_waits++;
		rte_rcu_qsbr_synchronize(t->qsv, RTE_QSBR_THRID_INVALID);
		t->free(s, t->cb_arg);
		t->stats.freed++;
	}
}

static uint32_t
dp_table_mask(uint8_t len)
{
	return len == 0 ? 0 : (uint32_t)(UINT64_MAX << (32 - len));
}

/* Routes of a descriptor in host order, masked, invalid ones dropped. */
static unsigned int
dp_desc_routes(const struct dp_session_desc *d, struct dp_route4 *r)
{
	unsigned int i, n = 0;

	for (i = 0; i < d->nb_routes && i < DP_SESS_MAX_ROUTES; i++) {
		if (d->routes[i].len > 32)
			continue;
		r[n].len = d->routes[i].len;
		r[n].prefix = rte_be_to_cpu_32(d->routes[i].prefix) &
			dp_table_mask(r[n].len);
		n++;
	}
	return n;
}

static bool
dp_route_in(const struct dp_route4 *r, unsigned int n, uint32_t prefix,
	    uint8_t len)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (r[i].prefix == prefix && r[i].len == len)
			return true;
	return false;
}

/*
 * Point the subscriber /32 (at s, in the directory, else the FIB) and
 * the routes at idx (added before removed).
 */
static void
dp_table_fib_set(struct dp_table *t, uint32_t idx, struct dp_session *s,
		 uint32_t sub_ip, const struct dp_route4 *r, unsigned int n)
{
	struct dp_table_wslot *w = &t->w[idx];
	uint8_t in_fib = 0;
	unsigned int i;

	if (sub_ip != 0 && dp_table_down_set(t, sub_ip, idx, s) != 0) {
		in_fib = 1;
		if (rte_fib_add(t->down, sub_ip, 32, idx + 1) != 0)
			t->stats.fib_err++;
	}
	for (i = 0; i < n; i++)
		if (rte_fib_add(t->down, r[i].prefix, r[i].len, idx + 1) != 0)
			t->stats.fib_err++;
	if (w->sub_ip != 0 && (w->sub_ip != sub_ip || w->sub_fib != in_fib)) {
		if (w->sub_fib)
			rte_fib_delete(t->down, w->sub_ip, 32);
		else
			dp_table_down_clear(t, w->sub_ip);
	}
	for (i = 0; i < w->nb_routes; i++)
		if (!dp_route_in(r, n, w->routes[i].prefix, w->routes[i].len))
			rte_fib_delete(t->down, w->routes[i].prefix,
				       w->routes[i].len);
	w->sub_ip = sub_ip;
	w->sub_fib = in_fib;
	w->nb_routes = (uint8_t)n;
	if (n != 0)
		memcpy(w->routes, r, n * sizeof(*r));
}

static int
dp_table_find(struct dp_table *t, uint32_t key, uint32_t *idx)
{
	return dp_table_up_find(t, key, idx);
}

static int
dp_table_add(struct dp_table *t, const struct dp_session_desc *d)
{
	struct dp_route4 r[DP_SESS_MAX_ROUTES];
	uint32_t key = dp_table_up_key(d->local_tid, d->local_sid);
	uint32_t idx = d->session_index, old;
	struct dp_table_wslot *w;
	struct dp_session *s;
	unsigned int n;

	if (dp_table_find(t, key, &old) == 0) {
		t->stats.dup_add++;
		return -EEXIST;
	}
	if (d->local_tid == 0 || d->local_tid > t->tun_max ||
	    d->local_sid == 0 || d->local_sid > t->sid_max) {
		t->stats.bad_key++;
		return -EINVAL;
	}
	if (t->nb_live >= t->max_sessions) {
		t->stats.full++;
		return -ENOSPC;
	}
	if (idx >= t->max_sessions || t->w[idx].used) {
		t->stats.bad_index++;
		return -EINVAL;
	}
	w = &t->w[idx];
	/* See "Index reuse" in dp_table.h. */
	if (w->token_pending) {
		if (rte_rcu_qsbr_check(t->qsv, w->del_token, false) != 1) {
			t->stats.reuse_waits++;
			rte_rcu_qsbr_check(t->qsv, w->del_token, true);
		}
		w->token_pending = 0;
	}
	w->gen++;	/* before the build: the entry carries it */
	s = t->build(d, t->cb_arg);
	if (s == NULL) {
		t->stats.build_fail++;
		return -ENOMEM;
	}
	/* Publish the entry before anything can lead a reader to idx. */
	__atomic_store_n(&t->sess[idx], s, __ATOMIC_RELEASE);
	if (dp_table_up_set(t, key, idx, s) != 0) {
		__atomic_store_n(&t->sess[idx], NULL, __ATOMIC_RELEASE);
		/* No lookup ever led to it: no grace period needed. */
		t->free(s, t->cb_arg);
		t->stats.freed++;
		return -ENOMEM;
	}
	w->used = 1;
	w->key = key;
	w->sub_ip = 0;
	w->sub_fib = 0;
	w->nb_routes = 0;
	n = dp_desc_routes(d, r);
	dp_table_fib_set(t, idx, s, rte_be_to_cpu_32(d->sub_ip), r, n);
	dp_table6_set(t, idx, d);
	t->nb_live++;
	dp_table_count_rated(t, NULL, s);
	t->stats.added++;
	return 0;
}

static int
dp_table_modify(struct dp_table *t, const struct dp_session_desc *d)
{
	struct dp_route4 r[DP_SESS_MAX_ROUTES];
	uint32_t key = dp_table_up_key(d->local_tid, d->local_sid);
	struct dp_session *s, *old;
	uint32_t idx;
	unsigned int n;

	if (dp_table_find(t, key, &idx) != 0) {
		t->stats.mod_unknown++;
		return -ENOENT;
	}
	if (d->session_index != idx) {
		t->stats.bad_index++;
		return -EINVAL;
	}
	s = t->build(d, t->cb_arg);
	if (s == NULL) {
		t->stats.build_fail++;
		return -ENOMEM;
	}
	old = __atomic_exchange_n(&t->sess[idx], s, __ATOMIC_ACQ_REL);
	dp_table_up_replace(t, key, s);
	n = dp_desc_routes(d, r);
	dp_table_fib_set(t, idx, s, rte_be_to_cpu_32(d->sub_ip), r, n);
	dp_table6_set(t, idx, d);
	dp_table_count_rated(t, old, s);
	dp_table_retire(t, old);
	t->stats.modified++;
	return 0;
}

static int
dp_table_delete(struct dp_table *t, uint32_t key)
{
	struct dp_table_wslot *w;
	struct dp_session *old;
	uint32_t idx;

	if (dp_table_find(t, key, &idx) != 0) {
		t->stats.del_unknown++;
		return -ENOENT;
	}
	w = &t->w[idx];
	/* Unpublish first: new lookups miss, in-flight ones find NULL. */
	dp_table_up_replace(t, key, NULL);
	dp_table_fib_set(t, idx, NULL, 0, NULL, 0);
	dp_table6_set(t, idx, NULL);
	old = __atomic_exchange_n(&t->sess[idx], NULL, __ATOMIC_ACQ_REL);
	w->used = 0;
	w->del_token = rte_rcu_qsbr_start(t->qsv);
	w->token_pending = 1;
	dp_table_count_rated(t, old, NULL);
	dp_table_retire(t, old);
	t->nb_live--;
	t->stats.deleted++;
	return 0;
}

uint32_t
dp_table_index_gen(const struct dp_table *t, uint32_t idx)
{
	return idx < t->max_sessions ? t->w[idx].gen : 0;
}

int
dp_table_delete_index(struct dp_table *t, uint32_t idx)
{
	if (idx >= t->max_sessions || !t->w[idx].used) {
		t->stats.del_unknown++;
		return -ENOENT;
	}
	return dp_table_delete(t, t->w[idx].key);
}

int
dp_table_apply(struct dp_table *t, enum dp_table_op op,
	       const struct dp_session_desc *d)
{
	switch (op) {
	case DP_TABLE_ADD:
		return dp_table_add(t, d);
	case DP_TABLE_MODIFY:
		return dp_table_modify(t, d);
	case DP_TABLE_DELETE:
		return dp_table_delete(t, dp_table_up_key(d->local_tid,
							  d->local_sid));
	default:
		t->stats.bad_op++;
		return -EINVAL;
	}
}

/*
 * The prefetched directory slots of a burst (NULL: none) read: each
 * one's entry (NULL: no session) and index (DP_TABLE_NONE then); the
 * number of hits.
 */
static inline unsigned int
dp_table_slots_read(const struct dp_slot *const *slot, unsigned int n,
		    uint32_t *idx, struct dp_session **out)
{
	unsigned int i, nb = 0;

	for (i = 0; i < n; i++) {
		out[i] = slot[i] != NULL ?
			 __atomic_load_n(&slot[i]->s, __ATOMIC_ACQUIRE) : NULL;
		idx[i] = out[i] != NULL ? slot[i]->idx : DP_TABLE_NONE;
		nb += out[i] != NULL;
	}
	return nb;
}

/*
 * Staged for a burst (DPDK l3fwd's em_hlm, VPP's dual/quad loops): every
 * key's slot is found (tun[] loads, hot) and prefetched before the first
 * is read, so their cache misses overlap.
 */
static inline void
dp_table_up_slots(const struct dp_table *t, const uint32_t *keys,
		  unsigned int n, const struct dp_up_slot **slot)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		slot[i] = dp_table_up_slot(t, keys[i]);
		if (slot[i] != NULL)
			rte_prefetch0(slot[i]);
	}
}

unsigned int
dp_table_up_entry_bulk(const struct dp_table *t, const uint32_t *keys,
		       unsigned int n, uint32_t *idx, struct dp_session **out)
{
	const struct dp_up_slot *slot[DP_TABLE_BURST];
	unsigned int i, nb = 0;

	if (n > DP_TABLE_BURST)
		n = DP_TABLE_BURST;
	dp_table_up_slots(t, keys, n, slot);
	for (i = 0; i < n; i++) {
		out[i] = slot[i] != NULL ?
			 __atomic_load_n(&slot[i]->s, __ATOMIC_ACQUIRE) : NULL;
		idx[i] = out[i] != NULL ? slot[i]->up.session_index :
					  DP_TABLE_NONE;
		nb += out[i] != NULL;
	}
	return nb;
}

unsigned int
dp_table_up_view_bulk(const struct dp_table *t, const uint32_t *keys,
		      unsigned int n, uint32_t *idx, struct dp_session **out,
		      struct dp_sess_up *up)
{
	const struct dp_up_slot *slot[DP_TABLE_BURST];
	unsigned int i, nb = 0;
	uint32_t sn;

	if (n > DP_TABLE_BURST)
		n = DP_TABLE_BURST;
	dp_table_up_slots(t, keys, n, slot);
	for (i = 0; i < n; i++) {
		const struct dp_up_slot *e = slot[i];

		out[i] = NULL;
		idx[i] = DP_TABLE_NONE;
		if (e == NULL)
			continue;
		sn = rte_seqcount_read_begin(&e->sn);
		out[i] = __atomic_load_n(&e->s, __ATOMIC_ACQUIRE);
		up[i] = e->up;
		idx[i] = up[i].session_index;
		if (unlikely(rte_seqcount_read_retry(&e->sn, sn))) {
			/* A write overlapped: the entry published now. */
			out[i] = __atomic_load_n(&e->s, __ATOMIC_ACQUIRE);
			if (out[i] != NULL && t->view != NULL) {
				t->view(&up[i], out[i]);
				idx[i] = up[i].session_index;
			} else {
				/* No view (a caller's entries): a miss. */
				out[i] = NULL;
			}
		}
		if (out[i] == NULL)
			idx[i] = DP_TABLE_NONE;
		nb += out[i] != NULL;
	}
	return nb;
}

unsigned int
dp_table_up_index_bulk(const struct dp_table *t, const uint32_t *keys,
		       unsigned int n, uint32_t *idx)
{
	struct dp_session *out[DP_TABLE_BURST];

	return dp_table_up_entry_bulk(t, keys, n, idx, out);
}

/*
 * Downstream, staged as upstream: every address's directory slot (dtop[]
 * and the mids: hot) found and prefetched before the first is read. The
 * misses, routed prefixes or no session, go to the FIB in one bulk call.
 */
unsigned int
dp_table_down_entry_bulk(const struct dp_table *t, const uint32_t *ips,
			 unsigned int n, uint32_t *idx, struct dp_session **out)
{
	const struct dp_slot *slot[DP_TABLE_BURST];
	uint32_t mip[DP_TABLE_BURST];
	uint64_t nh[DP_TABLE_BURST];
	uint8_t mi[DP_TABLE_BURST];
	unsigned int i, j, nm = 0, nb;

	if (n > DP_TABLE_BURST)
		n = DP_TABLE_BURST;
	for (i = 0; i < n; i++) {
		slot[i] = dp_table_down_slot(t, ips[i]);
		if (slot[i] != NULL)
			rte_prefetch0(slot[i]);
	}
	nb = dp_table_slots_read(slot, n, idx, out);
	for (i = 0; nb < n && i < n; i++) {	/* the misses, if any */
		if (out[i] != NULL)
			continue;
		mip[nm] = ips[i];
		mi[nm++] = (uint8_t)i;
	}
	if (nm == 0 || rte_fib_lookup_bulk(t->down, mip, nh, (int)nm) != 0)
		return nb;
	for (j = 0; j < nm; j++) {
		if (nh[j] == 0)
			continue;
		i = mi[j];
		out[i] = dp_table_get(t, (uint32_t)(nh[j] - 1));
		if (out[i] == NULL)
			continue;
		idx[i] = (uint32_t)(nh[j] - 1);
		nb++;
	}
	return nb;
}

unsigned int
dp_table_down_index_bulk(const struct dp_table *t, const uint32_t *ips,
			 unsigned int n, uint32_t *idx)
{
	struct dp_session *out[DP_TABLE_BURST];

	return dp_table_down_entry_bulk(t, ips, n, idx, out);
}

unsigned int
dp_table_lookup_up_bulk(const struct dp_table *t, const uint32_t *keys,
			unsigned int n, struct dp_session **out)
{
	uint32_t idx[DP_TABLE_BURST];

	return dp_table_up_entry_bulk(t, keys, n, idx, out);
}

unsigned int
dp_table_lookup_down_bulk(const struct dp_table *t, const uint32_t *ips,
			  unsigned int n, struct dp_session **out)
{
	uint32_t idx[DP_TABLE_BURST];

	return dp_table_down_entry_bulk(t, ips, n, idx, out);
}
