/* SPDX-License-Identifier: BSD-3-Clause
 *
 * dp_table with a real EAL (--no-huge, 2 lcores): upstream and downstream
 * lookups, Framed-Routes, error counting, RCU reclamation, and a reader on
 * lcore 1 checking every entry it sees while the writer churns.
 */
#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <cmocka.h>

#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_random.h>
#include <rte_ring.h>

#include "dp_qos_tb.h"
#include "dp_table.h"
#include "dp_table6.h"
#include <rte_fib6.h>
#include <rte_rib6.h>

/* The test's own runtime entry: a checksum catches torn or freed ones. */
#define SESS_LIVE	0x5e55a11eu
#define POISON		0x6b
#define POOL_SIZE	(1u << 17)

struct dp_session {
	uint32_t magic;
	uint32_t key;
	uint32_t idx;
	uint32_t sub_ip;		/* host order */
	uint32_t gen;
	uint32_t pad;
	uint64_t csum;
};

static struct dp_session *pool;
static uint32_t pool_next;
static uint64_t nb_built, nb_freed, nb_bad_free;

static uint64_t
sess_csum(const struct dp_session *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	h = (h ^ s->magic) * 0x100000001b3ull;
	h = (h ^ s->key) * 0x100000001b3ull;
	h = (h ^ s->idx) * 0x100000001b3ull;
	h = (h ^ s->sub_ip) * 0x100000001b3ull;
	h = (h ^ s->gen) * 0x100000001b3ull;
	return h;
}

static int
sess_ok(const struct dp_session *s)
{
	return s->magic == SESS_LIVE && s->csum == sess_csum(s);
}

static struct dp_session *
sess_build_cb(const struct dp_session_desc *d, void *arg)
{
	struct dp_session *s;

	if (pool_next >= POOL_SIZE)
		return NULL;
	/* Never reused: a freed entry stays poisoned for the whole test. */
	s = &pool[pool_next++];
	s->magic = SESS_LIVE;
	s->key = dp_table_up_key(d->local_tid, d->local_sid);
	s->idx = d->session_index;
	s->sub_ip = rte_be_to_cpu_32(d->sub_ip);
	s->gen = (uint32_t)d->rate_up_bps;
	s->csum = sess_csum(s);
	nb_built++;
	return s;
}

static void
sess_free_cb(struct dp_session *s, void *arg)
{
	if (!sess_ok(s))
		nb_bad_free++;
	memset(s, POISON, sizeof(*s));
	nb_freed++;
}

/*
 * Every case runs twice: with tight ID limits (128 tunnels x 1024
 * sessions: IDs beyond are refused) and with none (lnsd's widest: 65535
 * x 65535, the per-tunnel arrays grow to whatever IDs come).
 */
static int mode_tight;

static int
setup_wide(void **state)
{
	mode_tight = 0;
	return 0;
}

static int
setup_tight(void **state)
{
	mode_tight = 1;
	return 0;
}

/*
 * The upstream slot's copy of this file's entries: what the concurrent
 * reader checks against the entry it got with it (the key stands in for
 * the peer's address).
 */
static void
sess_view_cb(struct dp_sess_up *u, const struct dp_session *s)
{
	memset(u, 0, sizeof(*u));
	u->peer_ip = s->key;
	u->sub_ip = s->sub_ip;
	u->session_index = s->idx;
}

static struct dp_table_params
params(uint32_t max_sessions)
{
	struct dp_table_params p = {
		.max_sessions = max_sessions,
		.max_tunnels = mode_tight ? 128 : 0,
		.max_sid = mode_tight ? 1024 : 0,
		.socket_id = SOCKET_ID_ANY,
		.build = sess_build_cb,
		.free = sess_free_cb,
		.view = sess_view_cb,
	};

	return p;
}

static struct dp_table *
table_new(uint32_t max_sessions)
{
	struct dp_table_params p = params(max_sessions);
	struct dp_table *t;

	pool_next = 0;
	nb_built = nb_freed = nb_bad_free = 0;
	memset(pool, 0, sizeof(*pool) * POOL_SIZE);
	t = dp_table_create(&p);
	assert_non_null(t);
	assert_int_equal(t->tun_max, mode_tight ? 128 : 65535);
	assert_int_equal(t->sid_max, mode_tight ? 1024 : 65535);
	assert_int_equal(t->up_bytes, 0);
	return t;
}

static void
table_done(struct dp_table *t)
{
	dp_table_free(t);
	assert_int_equal(nb_built, nb_freed);
	assert_int_equal(nb_bad_free, 0);
}

static uint32_t
ip4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	return (uint32_t)a << 24 | (uint32_t)b << 16 | (uint32_t)c << 8 | d;
}

/* A descriptor and the change to make with it (dp_table_apply()). */
struct tdesc {
	struct dp_session_desc s;
	int op;				/* enum dp_table_op, or a bad one */
};

static struct tdesc
desc(int op, uint16_t tid, uint16_t sid, uint32_t idx, uint32_t sub_ip)
{
	struct tdesc d;

	memset(&d, 0, sizeof(d));
	d.op = op;
	d.s.local_tid = tid;
	d.s.local_sid = sid;
	d.s.session_index = idx;
	d.s.sub_ip = rte_cpu_to_be_32(sub_ip);
	return d;
}

static int
tapply(struct dp_table *t, const struct tdesc *d)
{
	return dp_table_apply(t, (enum dp_table_op)d->op, &d->s);
}

static void
add_route(struct dp_session_desc *d, uint32_t prefix, uint8_t len)
{
	d->routes[d->nb_routes].prefix = rte_cpu_to_be_32(prefix);
	d->routes[d->nb_routes].len = len;
	d->nb_routes++;
}

static void
push_apply_p(struct dp_table *t, const struct tdesc *d)
{
	assert_int_equal(tapply(t, d), 0);
	dp_table_reclaim(t);
}

/* A macro: a cache-aligned struct passed by value draws an ABI note. */
#define push_apply(t, dv) do { \
	struct tdesc d_ = (dv); \
	push_apply_p((t), &d_); \
} while (0)

static void
test_add_lookup_delete(void **state)
{
	struct dp_table *t = table_new(1024);
	uint32_t keys[3] = { dp_table_up_key(1, 2), dp_table_up_key(1, 1),
			     dp_table_up_key(2, 1) };
	uint32_t ips[3] = { ip4(10, 0, 0, 4), ip4(10, 0, 0, 5),
			    ip4(10, 0, 1, 5) };
	struct dp_session *s, *out[3];

	push_apply(t, desc(DP_TABLE_ADD, 1, 1, 5, ip4(10, 0, 0, 5)));
	assert_int_equal(t->stats.added, 1);
	s = dp_table_lookup_up(t, dp_table_up_key(1, 1));
	assert_non_null(s);
	assert_int_equal(s->idx, 5);
	assert_ptr_equal(dp_table_get(t, 5), s);
	assert_null(dp_table_lookup_up(t, dp_table_up_key(1, 2)));
	assert_null(dp_table_lookup_up(t, dp_table_up_key(2, 1)));
	assert_ptr_equal(dp_table_lookup_down(t, ip4(10, 0, 0, 5)), s);
	assert_null(dp_table_lookup_down(t, ip4(10, 0, 0, 6)));

	assert_int_equal(dp_table_lookup_up_bulk(t, keys, 3, out), 1);
	assert_null(out[0]);
	assert_ptr_equal(out[1], s);
	assert_null(out[2]);
	assert_int_equal(dp_table_lookup_down_bulk(t, ips, 3, out), 1);
	assert_null(out[0]);
	assert_ptr_equal(out[1], s);
	assert_null(out[2]);

	push_apply(t, desc(DP_TABLE_DELETE, 1, 1, 5, 0));
	assert_int_equal(t->stats.deleted, 1);
	assert_null(dp_table_lookup_up(t, dp_table_up_key(1, 1)));
	assert_null(dp_table_lookup_down(t, ip4(10, 0, 0, 5)));
	assert_null(dp_table_get(t, 5));
	dp_table_reclaim(t);		/* no reader registered: at once */
	assert_int_equal(nb_freed, 1);
	table_done(t);
}

static void
test_framed_routes(void **state)
{
	struct dp_table *t = table_new(64);
	struct tdesc d1, d2;
	struct dp_session *s1, *s2;

	d1 = desc(DP_TABLE_ADD, 1, 1, 0, ip4(10, 0, 0, 1));
	add_route(&d1.s, ip4(192, 168, 0, 0), 16);
	add_route(&d1.s, ip4(192, 168, 1, 77), 24);	/* host bits masked */
	push_apply(t, d1);
	d2 = desc(DP_TABLE_ADD, 1, 2, 1, ip4(10, 0, 0, 2));
	add_route(&d2.s, ip4(192, 168, 1, 128), 25);
	push_apply(t, d2);
	s1 = dp_table_get(t, 0);
	s2 = dp_table_get(t, 1);
	assert_non_null(s1);
	assert_non_null(s2);
	assert_int_equal(t->stats.fib_err, 0);

	assert_ptr_equal(dp_table_lookup_down(t, ip4(192, 168, 1, 200)), s2);
	assert_ptr_equal(dp_table_lookup_down(t, ip4(192, 168, 1, 5)), s1);
	assert_ptr_equal(dp_table_lookup_down(t, ip4(192, 168, 2, 1)), s1);
	assert_ptr_equal(dp_table_lookup_down(t, ip4(10, 0, 0, 2)), s2);
	assert_null(dp_table_lookup_down(t, ip4(192, 169, 0, 1)));

	/* MODIFY drops the /24: the /16 still covers it. */
	d1.op = DP_TABLE_MODIFY;
	d1.s.nb_routes = 1;
	d1.s.rate_up_bps = 7;
	push_apply(t, d1);
	s1 = dp_table_get(t, 0);
	assert_int_equal(s1->gen, 7);
	assert_ptr_equal(dp_table_lookup_down(t, ip4(192, 168, 1, 5)), s1);
	assert_ptr_equal(dp_table_lookup_down(t, ip4(192, 168, 1, 200)), s2);

	/* Deleting the /25's owner falls back to the /16. */
	push_apply(t, desc(DP_TABLE_DELETE, 1, 2, 1, 0));
	assert_ptr_equal(dp_table_lookup_down(t, ip4(192, 168, 1, 200)), s1);
	assert_null(dp_table_lookup_down(t, ip4(10, 0, 0, 2)));
	push_apply(t, desc(DP_TABLE_DELETE, 1, 1, 0, 0));
	assert_null(dp_table_lookup_down(t, ip4(192, 168, 1, 200)));
	assert_null(dp_table_lookup_down(t, ip4(10, 0, 0, 1)));
	table_done(t);
}

static void
test_errors_counted(void **state)
{
	struct dp_table *t = table_new(64);
	struct tdesc d;

	d = desc(DP_TABLE_ADD, 3, 9, 1, ip4(10, 0, 0, 1));
	assert_int_equal(tapply(t, &d), 0);
	/* Same key, other index: duplicate. */
	d.s.session_index = 2;
	assert_int_equal(tapply(t, &d), -EEXIST);
	assert_int_equal(t->stats.dup_add, 1);
	/* Other key, busy index; index out of range. */
	d = desc(DP_TABLE_ADD, 3, 10, 1, 0);
	assert_int_equal(tapply(t, &d), -EINVAL);
	d.s.session_index = 64;
	assert_int_equal(tapply(t, &d), -EINVAL);
	assert_int_equal(t->stats.bad_index, 2);

	d = desc(DP_TABLE_DELETE, 3, 10, 1, 0);
	assert_int_equal(tapply(t, &d), -ENOENT);
	assert_int_equal(t->stats.del_unknown, 1);
	d.op = DP_TABLE_MODIFY;
	assert_int_equal(tapply(t, &d), -ENOENT);
	assert_int_equal(t->stats.mod_unknown, 1);
	d.op = 99;
	assert_int_equal(tapply(t, &d), -EINVAL);
	assert_int_equal(t->stats.bad_op, 1);
	/* MODIFY must keep the session's index. */
	d = desc(DP_TABLE_MODIFY, 3, 9, 4, 0);
	assert_int_equal(tapply(t, &d), -EINVAL);
	assert_int_equal(t->stats.bad_index, 3);

	/* DELETE by index: only a live one. */
	assert_int_equal(dp_table_delete_index(t, 7), -ENOENT);
	assert_int_equal(dp_table_delete_index(t, 64), -ENOENT);
	assert_int_equal(t->stats.del_unknown, 3);
	assert_ptr_equal(dp_table_lookup_up(t, dp_table_up_key(3, 9)),
			 dp_table_get(t, 1));

	/* IDs beyond max_tunnels / max_sid are refused, 0 always. */
	d = desc(DP_TABLE_ADD, 129, 1, 5, 0);
	assert_int_equal(tapply(t, &d), mode_tight ? -EINVAL : 0);
	d = desc(DP_TABLE_ADD, 1, 1025, 6, 0);
	assert_int_equal(tapply(t, &d), mode_tight ? -EINVAL : 0);
	assert_int_equal(t->stats.bad_key, mode_tight ? 2 : 0);
	d = desc(DP_TABLE_ADD, 0, 1, 7, 0);
	assert_int_equal(tapply(t, &d), -EINVAL);
	d = desc(DP_TABLE_ADD, 1, 0, 8, 0);
	assert_int_equal(tapply(t, &d), -EINVAL);
	assert_int_equal(t->stats.bad_key, mode_tight ? 4 : 2);
	assert_null(dp_table_lookup_up(t, dp_table_up_key(129, 1025)));
	table_done(t);
}

static void
test_modify(void **state)
{
	struct dp_table *t = table_new(64);
	struct tdesc d = desc(DP_TABLE_ADD, 2, 3, 9, ip4(10, 1, 0, 1));
	struct dp_session *s0, *s1;

	push_apply(t, d);
	s0 = dp_table_lookup_up(t, dp_table_up_key(2, 3));
	assert_non_null(s0);
	d.op = DP_TABLE_MODIFY;
	d.s.rate_up_bps = 42;
	d.s.sub_ip = rte_cpu_to_be_32(ip4(10, 1, 0, 2));
	push_apply(t, d);
	s1 = dp_table_lookup_up(t, dp_table_up_key(2, 3));
	assert_non_null(s1);
	assert_ptr_not_equal(s0, s1);
	assert_int_equal(s1->gen, 42);
	assert_true(sess_ok(s1));
	assert_int_equal(t->stats.modified, 1);
	/* The old entry went through the defer queue and was poisoned. */
	dp_table_reclaim(t);
	assert_int_equal(nb_freed, 1);
	assert_false(sess_ok(s0));
	assert_null(dp_table_lookup_down(t, ip4(10, 1, 0, 1)));
	assert_ptr_equal(dp_table_lookup_down(t, ip4(10, 1, 0, 2)), s1);
	table_done(t);
}

static void
test_table_full(void **state)
{
	struct dp_table *t = table_new(16);
	struct tdesc d;
	uint32_t i;

	for (i = 0; i < 16; i++) {
		d = desc(DP_TABLE_ADD, 1, (uint16_t)(i + 1), i,
			 ip4(10, 0, 0, (uint8_t)(i + 1)));
		assert_int_equal(tapply(t, &d), 0);
	}
	d = desc(DP_TABLE_ADD, 1, 100, 3, ip4(10, 0, 1, 1));
	assert_int_equal(tapply(t, &d), -ENOSPC);
	assert_int_equal(t->stats.full, 1);
	d.op = DP_TABLE_DELETE;
	d.s.local_sid = 4;
	assert_int_equal(tapply(t, &d), 0);
	/* Index 3 is free again and (no reader) its grace period is over. */
	d = desc(DP_TABLE_ADD, 1, 100, 3, ip4(10, 0, 1, 1));
	assert_int_equal(tapply(t, &d), 0);
	assert_int_equal(dp_table_get(t, 3)->key, dp_table_up_key(1, 100));
	assert_int_equal(t->stats.reuse_waits, 0);
	table_done(t);
}

/* key's upstream slot read as the workers read it: 1 hit or 0. */
static unsigned int
view1(const struct dp_table *t, uint32_t key, struct dp_sess_up *u,
      uint32_t *idx)
{
	struct dp_session *s;

	return dp_table_up_view_bulk(t, &key, 1, idx, &s, u);
}

/* key's slot holds the session at idx, from peer:port, for sub. */
static void
expect_view(const struct dp_table *t, uint32_t key, uint32_t idx,
	    uint32_t peer, uint16_t port, uint32_t sub)
{
	struct dp_sess_up u;
	uint32_t i;

	assert_int_equal(view1(t, key, &u, &i), 1);
	assert_int_equal(i, idx);
	assert_int_equal(u.session_index, idx);
	assert_int_equal(u.peer_ip, rte_cpu_to_be_32(peer));
	assert_int_equal(u.peer_udp_port, rte_cpu_to_be_16(port));
	assert_int_equal(u.sub_ip, rte_cpu_to_be_32(sub));
	assert_int_equal(u.flags & DP_SESS_QOS_UP, 0);
}

/*
 * The upstream slot's copy of what upstream checks (dp_sess_up) follows
 * the entry through ADD, MODIFY and DELETE; a read overlapping a write
 * of the slot takes the entry instead; custom entries without a view
 * get only their index.
 */
static void
test_up_view(void **state)
{
	struct dp_table_params p = params(8);
	struct tdesc d = desc(DP_TABLE_ADD, 1, 2, 3, ip4(10, 3, 0, 1));
	uint32_t key = dp_table_up_key(1, 2), idx;
	struct dp_up_slot *e;
	struct dp_sess_up u;
	struct dp_table *t;

	p.build = NULL;
	p.free = NULL;
	t = dp_table_create(&p);
	assert_non_null(t);
	d.s.peer_ip = rte_cpu_to_be_32(ip4(192, 0, 2, 7));
	d.s.peer_udp_port = 1701;	/* host order in a descriptor */
	d.s.mss = 1412;
	push_apply(t, d);
	expect_view(t, key, 3, ip4(192, 0, 2, 7), 1701, ip4(10, 3, 0, 1));
	assert_int_equal(view1(t, key, &u, &idx), 1);
	assert_int_equal(u.mss, 1412);
	/* MODIFY: a new peer port, a policer: the copy follows. */
	d.op = DP_TABLE_MODIFY;
	d.s.peer_udp_port = 40000;
	d.s.rate_up_bps = 10000000;
	d.s.mss = 0;
	push_apply(t, d);
	assert_int_equal(view1(t, key, &u, &idx), 1);
	assert_int_equal(idx, 3);
	assert_int_equal(u.peer_udp_port, rte_cpu_to_be_16(40000));
	assert_int_equal(u.mss, 0);
	assert_int_not_equal(u.flags & DP_SESS_QOS_UP, 0);
	/*
	 * A reader inside a write section (sn odd) ignores the half-written
	 * copy and takes the entry's. (A write between a reader's two loads
	 * of sn takes the same path; one thread cannot interleave that.)
	 */
	e = (struct dp_up_slot *)(uintptr_t)dp_table_up_slot(t, key);
	assert_non_null(e);
	rte_seqcount_write_begin(&e->sn);
	e->up.peer_ip = 0;
	e->up.session_index = 7;
	assert_int_equal(view1(t, key, &u, &idx), 1);
	assert_int_equal(idx, 3);
	assert_int_equal(u.peer_ip, rte_cpu_to_be_32(ip4(192, 0, 2, 7)));
	assert_int_equal(u.peer_udp_port, rte_cpu_to_be_16(40000));
	e->up.peer_ip = d.s.peer_ip;
	e->up.session_index = 3;
	rte_seqcount_write_end(&e->sn);
	assert_int_equal(view1(t, key, &u, &idx), 1);
	assert_int_equal(u.peer_ip, rte_cpu_to_be_32(ip4(192, 0, 2, 7)));
	/* The copies survive the tunnel's array growing under them. */
	d = desc(DP_TABLE_ADD, 1, 200, 4, ip4(10, 3, 0, 9));
	push_apply(t, d);
	assert_int_equal(view1(t, key, &u, &idx), 1);
	assert_int_equal(idx, 3);
	assert_int_equal(u.peer_udp_port, rte_cpu_to_be_16(40000));
	assert_int_equal(view1(t, dp_table_up_key(1, 200), &u, &idx), 1);
	assert_int_equal(idx, 4);
	assert_int_equal(u.sub_ip, rte_cpu_to_be_32(ip4(10, 3, 0, 9)));
	/* DELETE: a miss, whatever the copy still says. */
	push_apply(t, desc(DP_TABLE_DELETE, 1, 2, 3, 0));
	assert_int_equal(view1(t, key, &u, &idx), 0);
	assert_int_equal(idx, DP_TABLE_NONE);
	/* The key again, at another index, from another peer. */
	d = desc(DP_TABLE_ADD, 1, 2, 5, ip4(10, 3, 0, 5));
	d.s.peer_ip = rte_cpu_to_be_32(ip4(192, 0, 2, 8));
	d.s.peer_udp_port = 1702;
	push_apply(t, d);
	expect_view(t, key, 5, ip4(192, 0, 2, 8), 1702, ip4(10, 3, 0, 5));
	dp_table_free(t);

	/* Entries built by the caller, no view: the index only. */
	p = params(8);
	p.view = NULL;
	t = dp_table_create(&p);
	assert_non_null(t);
	push_apply(t, desc(DP_TABLE_ADD, 1, 2, 5, ip4(10, 3, 0, 1)));
	assert_int_equal(view1(t, key, &u, &idx), 1);
	assert_int_equal(idx, 5);
	assert_int_equal(u.session_index, 5);
	assert_int_equal(u.peer_ip, 0);
	assert_int_equal(u.sub_ip, 0);
	dp_table_free(t);
	(void)state;
}

/*
 * Built-in entries: the real struct dp_session (dp_session.h) from the
 * table's own pool. This file has its own struct dp_session, so only
 * pointers are compared here.
 */
static void
test_builtin_entries(void **state)
{
	struct dp_table_params p = params(8);
	struct tdesc d = desc(DP_TABLE_ADD, 1, 2, 3, ip4(10, 3, 0, 1));
	struct dp_session *s0, *s1;
	struct dp_table *t;
	unsigned int i;

	p.build = NULL;
	p.free = NULL;
	t = dp_table_create(&p);
	assert_non_null(t);
	d.s.mru = 1492;
	push_apply(t, d);
	s0 = dp_table_lookup_up(t, dp_table_up_key(1, 2));
	assert_non_null(s0);
	assert_ptr_equal(dp_table_lookup_down(t, ip4(10, 3, 0, 1)), s0);
	/* Many MODIFYs recycle the pool through the defer queue. */
	d.op = DP_TABLE_MODIFY;
	for (i = 0; i < 500; i++)
		assert_int_equal(tapply(t, &d), 0);
	s1 = dp_table_lookup_up(t, dp_table_up_key(1, 2));
	assert_non_null(s1);
	assert_ptr_not_equal(s0, s1);
	assert_int_equal(t->stats.modified, 500);
	/* nb_rated follows the entries with a rate through MODIFY, DELETE. */
	assert_int_equal(t->nb_rated, 0);
	d.s.rate_up_bps = 10000000;
	assert_int_equal(tapply(t, &d), 0);
	assert_int_equal(t->nb_rated, 1);
	d.s.rate_up_bps = 0;
	d.s.rate_down_bps = 20000000;
	assert_int_equal(tapply(t, &d), 0);
	assert_int_equal(t->nb_rated, 1);
	/*
	 * A lifted shaper keeps the entry on the shaper's path (flag kept,
	 * no limit: what is queued leaves in order), so it stays rated.
	 */
	d.s.rate_down_bps = 0;
	assert_int_equal(tapply(t, &d), 0);
	assert_int_equal(t->nb_rated, 1);
	assert_int_equal(tapply(t, &d), 0);
	assert_int_equal(t->nb_rated, 1);
	/* dp_session_build() refuses an MRU below 576: counted. */
	d = desc(DP_TABLE_ADD, 1, 3, 4, ip4(10, 3, 0, 2));
	d.s.mru = 100;
	assert_int_equal(tapply(t, &d), -ENOMEM);
	assert_int_equal(t->stats.build_fail, 1);
	assert_null(dp_table_get(t, 4));
	push_apply(t, desc(DP_TABLE_DELETE, 1, 2, 3, 0));
	assert_null(dp_table_lookup_up(t, dp_table_up_key(1, 2)));
	assert_int_equal(t->nb_rated, 0);
	dp_table_free(t);
}

/* A worker that has not reported quiescence keeps the entry alive. */
static void
test_rcu_defer(void **state)
{
	struct dp_table *t = table_new(64);
	struct dp_session *s;

	assert_int_equal(dp_table_worker_register(t, 1), 0);
	push_apply(t, desc(DP_TABLE_ADD, 1, 1, 0, ip4(10, 0, 0, 1)));
	s = dp_table_get(t, 0);
	dp_table_quiescent(t, 1);
	push_apply(t, desc(DP_TABLE_DELETE, 1, 1, 0, 0));
	assert_int_equal(dp_table_reclaim(t), 0);
	assert_int_equal(nb_freed, 0);
	assert_true(sess_ok(s));	/* the worker may still use it */
	dp_table_quiescent(t, 1);
	assert_int_equal(dp_table_reclaim(t), 1);
	assert_int_equal(nb_freed, 1);
	assert_false(sess_ok(s));
	dp_table_worker_unregister(t, 1);
	table_done(t);
}

/*
 * Concurrency: tunnels 1..8, sessions 1..255, subscriber 10.0.tid.sid
 * and 2001:db8:0:TTSS::/64: a reader looking both FIBs up while the
 * writer adds, modifies and deletes, the FIB6 rebuilt meanwhile.
 */
#define C_TUN		8
#define C_SID		255
#define C_KEYS		(C_TUN * C_SID)
#define C_MAX		1024
#define C_ANCHOR_TID	100

/* The IPv6 side of a key: 2001:db8:0:TTSS::/64 (TT tid, SS sid). */
static void
c_six(struct dp_session_desc *d, uint16_t tid, uint16_t sid)
{
	static const uint8_t doc[4] = { 0x20, 0x01, 0x0d, 0xb8 };

	d->flags |= DP_SESS_F_IPV6;
	memcpy(d->sub_ip6_prefix, doc, 4);
	d->sub_ip6_prefix[6] = (uint8_t)tid;
	d->sub_ip6_prefix[7] = (uint8_t)sid;
}

static void
c_ip6(uint8_t *a, uint16_t tid, uint16_t sid)
{
	struct dp_session_desc d;

	memset(&d, 0, sizeof(d));
	c_six(&d, tid, sid);
	memset(a, 0, 16);
	memcpy(a, d.sub_ip6_prefix, 8);
	a[15] = 1;
}

static volatile int c_stop;
static uint64_t c_lookups, c_hits, c_errors;

static int
check_seen(const struct dp_session *s, uint32_t key)
{
	if (s == NULL)
		return 0;
	if (!sess_ok(s) || s->key != key)
		return 1;
	return 0;
}

static int
reader_main(void *arg)
{
	struct dp_table *t = arg;
	unsigned int lcore = rte_lcore_id();
	uint32_t keys[DP_TABLE_BURST], ips[DP_TABLE_BURST];
	uint32_t idx[DP_TABLE_BURST];
	uint8_t ip6[DP_TABLE_BURST][16];
	struct dp_session *out[DP_TABLE_BURST];
	struct dp_sess_up up[DP_TABLE_BURST];
	uint64_t lookups = 0, hits = 0, errors = 0;
	unsigned int i;

	while (!c_stop) {
		for (i = 0; i < DP_TABLE_BURST; i++) {
			uint16_t tid = (uint16_t)(1 + rte_rand_max(C_TUN));
			uint16_t sid = (uint16_t)(1 + rte_rand_max(C_SID));

			keys[i] = dp_table_up_key(tid, sid);
			ips[i] = ip4(10, 0, (uint8_t)tid, (uint8_t)sid);
			c_ip6(ip6[i], tid, sid);
		}
		/* The IPv6 FIB, its covers coming and going meanwhile. */
		hits += dp_table_down6_index_bulk(t,
			(const uint8_t (*)[16])ip6, DP_TABLE_BURST, idx);
		for (i = 0; i < DP_TABLE_BURST; i++)
			errors += check_seen(idx[i] == DP_TABLE_NONE ? NULL :
					     dp_table_get(t, idx[i]), keys[i]);
		hits += dp_table_lookup_up_bulk(t, keys, DP_TABLE_BURST, out);
		for (i = 0; i < DP_TABLE_BURST; i++)
			errors += check_seen(out[i], keys[i]);
		/* The workers' read: the copy is always the entry's. */
		hits += dp_table_up_view_bulk(t, keys, DP_TABLE_BURST, idx, out,
					      up);
		for (i = 0; i < DP_TABLE_BURST; i++)
			errors += check_seen(out[i], keys[i]) ||
				  (out[i] != NULL &&
				   (up[i].peer_ip != out[i]->key ||
				    up[i].sub_ip != out[i]->sub_ip ||
				    up[i].session_index != out[i]->idx ||
				    idx[i] != out[i]->idx));
		hits += dp_table_lookup_down_bulk(t, ips, DP_TABLE_BURST, out);
		for (i = 0; i < DP_TABLE_BURST; i++)
			errors += check_seen(out[i], keys[i]);
		lookups += 3 * DP_TABLE_BURST;
		dp_table_quiescent(t, lcore);
	}
	c_lookups = lookups;
	c_hits = hits;
	c_errors = errors;
	return 0;
}

/* The writer's way: apply now (the outcome is checked by the reader). */
static void
push_retry(struct dp_table *t, const struct tdesc *d)
{
	(void)tapply(t, d);
}

static void
test_concurrent_reader(void **state)
{
	static int32_t key_idx[C_KEYS];
	static uint32_t free_idx[C_MAX];
	struct dp_table *t;
	struct tdesc d;
	uint32_t nb_free = 0, k, i, ops = 0;
	uint16_t tid, sid;

	if (rte_lcore_count() < 2 || !rte_lcore_is_enabled(1))
		skip();
	t = table_new(C_MAX);
	/* One /32 per used /24 that never goes: tbl8 groups are not recycled. */
	for (i = 0; i < C_TUN; i++) {
		d = desc(DP_TABLE_ADD, C_ANCHOR_TID, (uint16_t)(i + 1),
			 C_MAX - 1 - i, ip4(10, 0, (uint8_t)(i + 1), 0));
		/* And a /64 per /56 (and so per /55 cover) used, the same. */
		c_six(&d.s, (uint16_t)(i + 1), 0);
		assert_int_equal(tapply(t, &d), 0);
	}
	/* LIFO of free indices: a deleted index is reused at once. */
	for (i = 0; i < C_MAX - C_TUN; i++)
		free_idx[nb_free++] = C_MAX - C_TUN - 1 - i;
	for (k = 0; k < C_KEYS; k++)
		key_idx[k] = -1;

	c_stop = 0;
	assert_int_equal(dp_table_worker_register(t, 1), 0);
	assert_int_equal(rte_eal_remote_launch(reader_main, t, 1), 0);
	for (ops = 0; ops < 150000; ops++) {
		k = (uint32_t)rte_rand_max(C_KEYS);
		tid = (uint16_t)(1 + k / C_SID);
		sid = (uint16_t)(1 + k % C_SID);
		d = desc(DP_TABLE_ADD, tid, sid, 0, ip4(10, 0, (uint8_t)tid,
			 (uint8_t)sid));
		c_six(&d.s, tid, sid);
		d.s.rate_up_bps = ops;
		if (key_idx[k] < 0) {
			if (nb_free == 0)
				continue;
			d.s.session_index = free_idx[--nb_free];
			key_idx[k] = (int32_t)d.s.session_index;
		} else if (rte_rand() & 1) {
			d.op = DP_TABLE_MODIFY;
			d.s.session_index = (uint32_t)key_idx[k];
		} else {
			d.op = DP_TABLE_DELETE;
			d.s.session_index = (uint32_t)key_idx[k];
			free_idx[nb_free++] = d.s.session_index;
			key_idx[k] = -1;
		}
		push_retry(t, &d);
		if ((ops & 15) == 15)
			dp_table_reclaim(t);
	}
	dp_table_reclaim(t);
	c_stop = 1;
	rte_eal_wait_lcore(1);
	dp_table_worker_unregister(t, 1);

	print_message("# concurrent (%s): %" PRIu64 " writer ops applied, %"
		      PRIu64 " reader lookups, %" PRIu64 " hits, %" PRIu64
		      " reuse waits, %" PRIu64 " freed while running, %" PRIu64
		      " FIB6 rebuilds\n",
		      mode_tight ? "tight" : "wide",
		      t->stats.added + t->stats.modified + t->stats.deleted,
		      c_lookups, c_hits, t->stats.reuse_waits, nb_freed,
		      t->stats.fib6_rebuilds);
	assert_int_equal(c_errors, 0);
	assert_true(c_hits > 0);
	/* 1024 sessions coming and going exhaust the TRIE's reservation. */
	assert_true(t->stats.fib6_rebuilds > 0);
	assert_int_equal(t->stats.dup_add + t->stats.del_unknown +
			 t->stats.mod_unknown + t->stats.bad_index +
			 t->stats.up_nomem + t->stats.fib_err +
			 t->stats.fib6_err + t->stats.build_fail, 0);
	/* Whatever is live is still looked up to the right entry. */
	for (k = 0; k < C_KEYS; k++) {
		uint8_t a6[1][16];
		uint32_t i6;
		struct dp_session *s;

		tid = (uint16_t)(1 + k / C_SID);
		sid = (uint16_t)(1 + k % C_SID);
		s = dp_table_lookup_up(t, dp_table_up_key(tid, sid));
		if (key_idx[k] < 0) {
			assert_null(s);
			continue;
		}
		assert_non_null(s);
		assert_true(sess_ok(s));
		assert_int_equal(s->idx, key_idx[k]);
		assert_ptr_equal(dp_table_lookup_down(t, ip4(10, 0,
			(uint8_t)tid, (uint8_t)sid)), s);
		c_ip6(a6[0], tid, sid);
		assert_int_equal(dp_table_down6_index_bulk(t,
			(const uint8_t (*)[16])a6, 1, &i6), 1);
		assert_int_equal(i6, key_idx[k]);
	}
	table_done(t);
}

/* Rough cost per key, warm, for the design notes in dp_table.h. */
static void
test_lookup_cost(void **state)
{
	enum { N = 4096, ITER = 2000 };
	struct dp_table *t = table_new(N * 2);
	uint32_t keys[DP_TABLE_BURST], ips[DP_TABLE_BURST];
	struct dp_session *out[DP_TABLE_BURST];
	struct dp_sess_up uv[DP_TABLE_BURST];
	uint32_t idx[DP_TABLE_BURST];
	struct tdesc d;
	uint64_t c0, up = 0, down = 0, one = 0, view = 0, hits = 0;
	unsigned int i, j;

	for (i = 0; i < N; i++) {
		d = desc(DP_TABLE_ADD, (uint16_t)(1 + i / 256),
			 (uint16_t)(1 + i % 256), i,
			 ip4(10, (uint8_t)(i >> 16), (uint8_t)(i >> 8),
			     (uint8_t)i));
		assert_int_equal(tapply(t, &d), 0);
	}
	for (j = 0; j < ITER; j++) {
		for (i = 0; i < DP_TABLE_BURST; i++) {
			uint32_t n = (uint32_t)rte_rand_max(N);

			keys[i] = dp_table_up_key((uint16_t)(1 + n / 256),
						  (uint16_t)(1 + n % 256));
			ips[i] = ip4(10, (uint8_t)(n >> 16), (uint8_t)(n >> 8),
				     (uint8_t)n);
		}
		c0 = rte_rdtsc_precise();
		hits += dp_table_lookup_up_bulk(t, keys, DP_TABLE_BURST, out);
		up += rte_rdtsc_precise() - c0;
		c0 = rte_rdtsc_precise();
		hits += dp_table_lookup_down_bulk(t, ips, DP_TABLE_BURST, out);
		down += rte_rdtsc_precise() - c0;
		c0 = rte_rdtsc_precise();
		for (i = 0; i < DP_TABLE_BURST; i++)
			hits += dp_table_lookup_up(t, keys[i]) != NULL;
		one += rte_rdtsc_precise() - c0;
		c0 = rte_rdtsc_precise();
		hits += dp_table_up_view_bulk(t, keys, DP_TABLE_BURST, idx,
					      out, uv);
		view += rte_rdtsc_precise() - c0;
	}
	assert_int_equal(hits, 4ull * ITER * DP_TABLE_BURST);
	print_message("# lookup cost (%s, %u sessions, bursts of %u, warm): "
		      "upstream bulk %.1f, upstream with the slot's copy "
		      "(the workers') %.1f, upstream one by one %.1f, "
		      "downstream bulk %.1f cycles/key\n", mode_tight ? "tight" : "wide",
		      N, DP_TABLE_BURST,
		      (double)up / (ITER * DP_TABLE_BURST),
		      (double)view / (ITER * DP_TABLE_BURST),
		      (double)one / (ITER * DP_TABLE_BURST),
		      (double)down / (ITER * DP_TABLE_BURST));
	table_done(t);
}

/*
 * The per-tunnel arrays (dp_table_up.h): made at a tunnel's first
 * session (64 IDs), doubled to the next power of two above a higher
 * session ID, the old array freed only after a grace period; every
 * session found through every lookup variant before and after each
 * growth; a tunnel's array kept (and reused) when its sessions go.
 */
static void
test_up_growth(void **state)
{
	struct dp_table *t = table_new(64);
	uint32_t keys[4], idx[4];
	struct dp_session *out[4];
	struct tdesc d;
	uint64_t base;

	assert_int_equal(dp_table_worker_register(t, rte_lcore_id()), 0);
	d = desc(DP_TABLE_ADD, 5, 1, 0, ip4(10, 5, 0, 1));
	assert_int_equal(tapply(t, &d), 0);
	assert_int_equal(t->up_tunnels, 1);
	assert_int_equal(t->up_bytes, 64 * sizeof(struct dp_up_slot));
	assert_int_equal(t->stats.up_grows, 1);
	/* Within the array: no growth. */
	d = desc(DP_TABLE_ADD, 5, 63, 1, ip4(10, 5, 0, 63));
	assert_int_equal(tapply(t, &d), 0);
	assert_int_equal(t->stats.up_grows, 1);
	/* 64 needs 128 entries; the old array waits for a grace period. */
	d = desc(DP_TABLE_ADD, 5, 64, 2, ip4(10, 5, 0, 64));
	assert_int_equal(tapply(t, &d), 0);
	assert_int_equal(t->stats.up_grows, 2);
	assert_int_equal(t->up_bytes, (64 + 128) * sizeof(struct dp_up_slot));
	dp_table_reclaim(t);	/* this lcore, a reader, has not passed */
	assert_int_equal(t->up_bytes, (64 + 128) * sizeof(struct dp_up_slot));
	dp_table_quiescent(t, rte_lcore_id());
	dp_table_reclaim(t);
	assert_int_equal(t->up_bytes, 128 * sizeof(struct dp_up_slot));
	/* 1000 jumps straight to 1024. */
	d = desc(DP_TABLE_ADD, 5, 1000, 3, ip4(10, 5, 3, 232));
	assert_int_equal(tapply(t, &d), 0);
	assert_int_equal(t->stats.up_grows, 3);
	dp_table_quiescent(t, rte_lcore_id());
	dp_table_reclaim(t);
	assert_int_equal(t->up_bytes, 1024 * sizeof(struct dp_up_slot));
	/* Every lookup variant, after the growths. */
	keys[0] = dp_table_up_key(5, 1);
	keys[1] = dp_table_up_key(5, 63);
	keys[2] = dp_table_up_key(5, 64);
	keys[3] = dp_table_up_key(5, 1000);
	assert_int_equal(dp_table_up_index_bulk(t, keys, 4, idx), 4);
	assert_int_equal(idx[0], 0);
	assert_int_equal(idx[1], 1);
	assert_int_equal(idx[2], 2);
	assert_int_equal(idx[3], 3);
	assert_int_equal(dp_table_lookup_up_bulk(t, keys, 4, out), 4);
	assert_ptr_equal(out[3], dp_table_get(t, 3));
	assert_ptr_equal(dp_table_lookup_up(t, keys[2]), dp_table_get(t, 2));
	/* Beside them: misses, also beyond the array and on no tunnel. */
	keys[0] = dp_table_up_key(5, 2);
	keys[1] = dp_table_up_key(5, 1024);
	keys[2] = dp_table_up_key(6, 1);
	keys[3] = dp_table_up_key(5, 65535);
	assert_int_equal(dp_table_up_index_bulk(t, keys, 4, idx), 0);
	assert_null(dp_table_lookup_up(t, keys[1]));
	/* A second tunnel has its own array. */
	d = desc(DP_TABLE_ADD, 6, 7, 4, ip4(10, 6, 0, 7));
	assert_int_equal(tapply(t, &d), 0);
	assert_int_equal(t->up_tunnels, 2);
	assert_int_equal(t->up_bytes, (1024 + 64) * sizeof(struct dp_up_slot));
	/* Deleted sessions miss; the array stays for the next ones. */
	base = t->stats.up_grows;
	d = desc(DP_TABLE_DELETE, 5, 1000, 3, 0);
	assert_int_equal(tapply(t, &d), 0);
	assert_null(dp_table_lookup_up(t, dp_table_up_key(5, 1000)));
	dp_table_quiescent(t, rte_lcore_id());
	dp_table_reclaim(t);
	d = desc(DP_TABLE_ADD, 5, 999, 3, ip4(10, 5, 3, 231));
	assert_int_equal(tapply(t, &d), 0);
	assert_int_equal(t->stats.up_grows, base);
	assert_ptr_equal(dp_table_lookup_up(t, dp_table_up_key(5, 999)),
			 dp_table_get(t, 3));
	dp_table_worker_unregister(t, rte_lcore_id());
	table_done(t);
}

/*
 * Growth while a reader on lcore 1 looks up sessions that stay live the
 * whole time (sid 1 of each tunnel): it must find each of them, with the
 * right index, on every lookup, while the writer grows those tunnels'
 * arrays from 64 to 1024 IDs one session at a time and reclaims the old
 * arrays behind it.
 */
#define G_TUN		4
#define G_SID		1024
static volatile int g_stop;
static uint64_t g_lookups, g_errors;

static int
grow_reader_main(void *arg)
{
	struct dp_table *t = arg;
	uint32_t keys[G_TUN], idx[G_TUN];
	struct dp_session *out[G_TUN];
	uint64_t lookups = 0, errors = 0;
	unsigned int i;

	for (i = 0; i < G_TUN; i++)
		keys[i] = dp_table_up_key((uint16_t)(1 + i), 1);
	while (!g_stop) {
		errors += dp_table_up_index_bulk(t, keys, G_TUN, idx) != G_TUN;
		for (i = 0; i < G_TUN; i++) {
			errors += idx[i] != i;
			errors += dp_table_lookup_up(t, keys[i]) !=
				  dp_table_get(t, i);
		}
		errors += dp_table_lookup_up_bulk(t, keys, G_TUN, out) != G_TUN;
		lookups += 3 * G_TUN;
		dp_table_quiescent(t, rte_lcore_id());
	}
	g_lookups = lookups;
	g_errors = errors;
	return 0;
}

static void
test_grow_under_reader(void **state)
{
	struct dp_table *t = table_new(G_TUN * G_SID);
	struct tdesc d;
	uint32_t tid, sid, n = G_TUN;

	for (tid = 1; tid <= G_TUN; tid++) {
		d = desc(DP_TABLE_ADD, (uint16_t)tid, 1, tid - 1, 0);
		assert_int_equal(tapply(t, &d), 0);
	}
	g_stop = 0;
	assert_int_equal(dp_table_worker_register(t, 1), 0);
	assert_int_equal(rte_eal_remote_launch(grow_reader_main, t, 1), 0);
	for (sid = 2; sid < G_SID; sid++)
		for (tid = 1; tid <= G_TUN; tid++) {
			d = desc(DP_TABLE_ADD, (uint16_t)tid, (uint16_t)sid,
				 n++, 0);
			push_retry(t, &d);
			dp_table_reclaim(t);
		}
	/* Let the reader run over the final arrays too. */
	rte_delay_ms(20);
	g_stop = 1;
	rte_eal_wait_lcore(1);
	dp_table_worker_unregister(t, 1);
	print_message("# grow under reader (%s): %" PRIu64 " lookups, %"
		      PRIu64 " array growths\n", mode_tight ? "tight" : "wide",
		      g_lookups, t->stats.up_grows);
	assert_true(g_lookups > 0);
	assert_int_equal(g_errors, 0);
	/* 64, 128, ..., 1024 per tunnel: five arrays each. */
	assert_int_equal(t->stats.up_grows, 5 * G_TUN);
	dp_table_reclaim(t);
	assert_int_equal(t->up_bytes, G_TUN * G_SID * sizeof(struct dp_up_slot));
	for (tid = 1; tid <= G_TUN; tid++)
		for (sid = 1; sid < G_SID; sid++)
			assert_non_null(dp_table_lookup_up(t,
				dp_table_up_key((uint16_t)tid, (uint16_t)sid)));
	table_done(t);
}

/*
 * The subscriber /32 directory (dp_table_down.h): blocks made with the
 * first address of a /24 and freed with the last; a /32 beats a Framed-
 * Route covering it; a /32 taken over by another session; beyond the
 * block cap, /32s go to the FIB (down_spill) and come back to the
 * directory at a MODIFY once a block is free; the bulk lookup mixes
 * directory hits, FIB routes and misses with the right indexes.
 */
static void
test_down_directory(void **state)
{
	/* 512 slots: a cap of 512 / 16 + 256 = 288 blocks. */
	struct dp_table *t = table_new(512);
	uint32_t ips[4], idx[4];
	struct dp_session *s1, *s2, *out[4];
	struct tdesc d;
	uint32_t i;

	push_apply(t, desc(DP_TABLE_ADD, 1, 1, 0, ip4(100, 64, 0, 1)));
	push_apply(t, desc(DP_TABLE_ADD, 1, 2, 1, ip4(100, 64, 0, 2)));
	assert_int_equal(t->down_leaves, 1);
	assert_int_equal(t->down_bytes, sizeof(struct dp_down_mid) +
			 256 * sizeof(struct dp_slot));
	s1 = dp_table_lookup_up(t, dp_table_up_key(1, 1));
	s2 = dp_table_lookup_up(t, dp_table_up_key(1, 2));
	assert_ptr_equal(dp_table_lookup_down(t, ip4(100, 64, 0, 1)), s1);
	assert_ptr_equal(dp_table_lookup_down(t, ip4(100, 64, 0, 2)), s2);
	assert_null(dp_table_lookup_down(t, ip4(100, 64, 0, 3)));
	/* Session 1 routes 100.64.0.0/24: session 2's /32 still wins. */
	d = desc(DP_TABLE_MODIFY, 1, 1, 0, ip4(100, 64, 0, 1));
	add_route(&d.s, ip4(100, 64, 0, 0), 24);
	push_apply_p(t, &d);
	s1 = dp_table_lookup_up(t, dp_table_up_key(1, 1));
	ips[0] = ip4(100, 64, 0, 1);
	ips[1] = ip4(100, 64, 0, 2);
	ips[2] = ip4(100, 64, 0, 77);	/* the route */
	ips[3] = ip4(100, 65, 0, 1);	/* nothing */
	assert_int_equal(dp_table_down_entry_bulk(t, ips, 4, idx, out), 3);
	assert_ptr_equal(out[0], s1);
	assert_ptr_equal(out[1], s2);
	assert_ptr_equal(out[2], s1);
	assert_null(out[3]);
	assert_int_equal(idx[0], 0);
	assert_int_equal(idx[1], 1);
	assert_int_equal(idx[2], 0);
	assert_int_equal(idx[3], DP_TABLE_NONE);
	/* Session 3 takes 100.64.0.2 over; session 2's DELETE leaves none. */
	push_apply(t, desc(DP_TABLE_ADD, 1, 3, 2, ip4(100, 64, 0, 2)));
	assert_ptr_equal(dp_table_lookup_down(t, ip4(100, 64, 0, 2)),
			 dp_table_lookup_up(t, dp_table_up_key(1, 3)));
	push_apply(t, desc(DP_TABLE_DELETE, 1, 2, 1, 0));
	/* The route is what is left for it. */
	assert_ptr_equal(dp_table_lookup_down(t, ip4(100, 64, 0, 2)), s1);
	push_apply(t, desc(DP_TABLE_DELETE, 1, 3, 2, 0));
	push_apply(t, desc(DP_TABLE_DELETE, 1, 1, 0, 0));
	assert_null(dp_table_lookup_down(t, ip4(100, 64, 0, 1)));
	assert_null(dp_table_lookup_down(t, ip4(100, 64, 0, 77)));
	/* The last address gone: its blocks freed after the grace period. */
	dp_table_reclaim(t);
	assert_int_equal(t->down_leaves, 0);
	assert_int_equal(t->down_bytes, 0);
	assert_null(t->dtop[100 << 8 | 64]);

	/* One session per /24: 288 blocks, then the FIB. */
	for (i = 0; i < 300; i++)
		push_apply(t, desc(DP_TABLE_ADD, 2, (uint16_t)(1 + i), i,
				   ip4(10, (uint8_t)(i >> 8), (uint8_t)i, 9)));
	assert_int_equal(t->down_leaves, 288);
	assert_int_equal(t->stats.down_spill, 12);
	assert_int_equal(t->stats.fib_err, 0);
	for (i = 0; i < 300; i++)
		assert_ptr_equal(dp_table_lookup_down(t,
			ip4(10, (uint8_t)(i >> 8), (uint8_t)i, 9)),
			dp_table_lookup_up(t, dp_table_up_key(2,
				(uint16_t)(1 + i))));
	/* A block freed: session 299's MODIFY moves it out of the FIB. */
	push_apply(t, desc(DP_TABLE_DELETE, 2, 1, 0, 0));
	dp_table_reclaim(t);
	assert_int_equal(t->down_leaves, 287);
	d = desc(DP_TABLE_MODIFY, 2, 300, 299, ip4(10, 1, 43, 9));
	push_apply_p(t, &d);
	assert_int_equal(t->down_leaves, 288);
	assert_int_equal(t->stats.down_spill, 12);
	s1 = dp_table_lookup_up(t, dp_table_up_key(2, 300));
	assert_ptr_equal(dp_table_lookup_down(t, ip4(10, 1, 43, 9)), s1);
	/* Not in the FIB any more: deleting it leaves nothing behind. */
	push_apply(t, desc(DP_TABLE_DELETE, 2, 300, 299, 0));
	assert_null(dp_table_lookup_down(t, ip4(10, 1, 43, 9)));
	assert_null(dp_table_lookup_down(t, ip4(10, 0, 0, 9)));
	for (i = 1; i < 299; i++)
		push_apply(t, desc(DP_TABLE_DELETE, 2, (uint16_t)(1 + i), i,
				   0));
	dp_table_reclaim(t);
	assert_int_equal(t->down_leaves, 0);
	assert_int_equal(t->down_bytes, 0);
	for (i = 0; i < 300; i++)
		assert_null(dp_table_lookup_down(t,
			ip4(10, (uint8_t)(i >> 8), (uint8_t)i, 9)));
	table_done(t);
}

/*
 * Blocks made and freed while a reader on lcore 1 looks up: anchors
 * that stay (one /24) must be found with the right index every time;
 * addresses in /24s whose only session comes and goes (each ADD makes
 * its blocks, each DELETE frees them) must give nothing or the right
 * session, never another /24's (a freed block reused under the reader).
 */
#define B_NET		16
static volatile int b_stop;
static uint64_t b_lookups, b_hits, b_errors;

static int
block_reader_main(void *arg)
{
	struct dp_table *t = arg;
	uint32_t ips[DP_TABLE_BURST], idx[DP_TABLE_BURST];
	struct dp_session *out[DP_TABLE_BURST];
	uint64_t lookups = 0, hits = 0, errors = 0;
	unsigned int i;

	while (!b_stop) {
		for (i = 0; i < DP_TABLE_BURST; i++)
			ips[i] = i < 4 ? ip4(100, 64, 0, (uint8_t)(1 + i)) :
				 ip4(100, (uint8_t)(65 + rte_rand_max(2)),
				     (uint8_t)rte_rand_max(B_NET), 7);
		hits += dp_table_down_entry_bulk(t, ips, DP_TABLE_BURST, idx,
						 out);
		for (i = 0; i < DP_TABLE_BURST; i++) {
			if (i < 4) {
				errors += out[i] == NULL || idx[i] != i ||
					  !sess_ok(out[i]);
				continue;
			}
			if (out[i] != NULL)
				errors += !sess_ok(out[i]) ||
					  out[i]->sub_ip != ips[i] ||
					  out[i]->idx != idx[i];
		}
		lookups += DP_TABLE_BURST;
		dp_table_quiescent(t, rte_lcore_id());
	}
	b_lookups = lookups;
	b_hits = hits;
	b_errors = errors;
	return 0;
}

static void
test_blocks_under_reader(void **state)
{
	struct dp_table *t;
	struct tdesc d;
	uint32_t i, k, ops;
	int live[2 * B_NET] = { 0 };

	if (rte_lcore_count() < 2 || !rte_lcore_is_enabled(1))
		skip();
	t = table_new(64);
	for (i = 0; i < 4; i++)
		push_apply(t, desc(DP_TABLE_ADD, 1, (uint16_t)(1 + i), i,
				   ip4(100, 64, 0, (uint8_t)(1 + i))));
	b_stop = 0;
	assert_int_equal(dp_table_worker_register(t, 1), 0);
	assert_int_equal(rte_eal_remote_launch(block_reader_main, t, 1), 0);
	for (ops = 0; ops < 40000; ops++) {
		k = (uint32_t)rte_rand_max(2 * B_NET);
		d = desc(live[k] ? DP_TABLE_DELETE : DP_TABLE_ADD, 2,
			 (uint16_t)(1 + k), 4 + k,
			 ip4(100, (uint8_t)(65 + k / B_NET),
			     (uint8_t)(k % B_NET), 7));
		if (tapply(t, &d) == 0)
			live[k] = !live[k];
		if ((ops & 7) == 7)
			dp_table_reclaim(t);
	}
	rte_delay_ms(10);
	b_stop = 1;
	rte_eal_wait_lcore(1);
	dp_table_worker_unregister(t, 1);
	print_message("# blocks under reader (%s): %" PRIu64 " lookups, %"
		      PRIu64 " hits, %" PRIu64 " ADD/DELETE\n",
		      mode_tight ? "tight" : "wide", b_lookups, b_hits,
		      t->stats.added + t->stats.deleted);
	assert_true(b_lookups > 0);
	assert_true(b_hits > b_lookups / 8);
	assert_int_equal(b_errors, 0);
	assert_int_equal(t->stats.down_spill + t->stats.fib_err, 0);
	dp_table_reclaim(t);
	for (k = 0, i = 0; k < 2 * B_NET; k++)
		i += live[k];
	/* The anchors' block, and one per live churned session. */
	assert_int_equal(t->down_leaves, 1 + i);
	table_done(t);
}

static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	remove(path);
	return 0;
}

/* Session i's /64 (2001:db8:0:i::/64) and delegated /56 (2001:db8:80:i00::/56). */
static void
six(struct dp_session_desc *d, uint32_t i)
{
	static const uint8_t doc[4] = { 0x20, 0x01, 0x0d, 0xb8 };

	d->flags |= DP_SESS_F_IPV6;
	memcpy(d->sub_ip6_prefix, doc, 4);
	d->sub_ip6_prefix[6] = (uint8_t)(i >> 8);
	d->sub_ip6_prefix[7] = (uint8_t)i;
	d->nb_routes6 = 1;
	memset(d->routes6[0].prefix, 0, 16);
	memcpy(d->routes6[0].prefix, doc, 4);
	d->routes6[0].prefix[4] = 0x80;
	d->routes6[0].prefix[5] = (uint8_t)(i >> 8);
	d->routes6[0].prefix[6] = (uint8_t)i;
	d->routes6[0].len = 56;
}

/* A host of session i: in its /64, or in its /56 (pd). */
static void
host6(uint8_t *a, uint32_t i, int pd)
{
	struct dp_session_desc d;

	memset(&d, 0, sizeof(d));
	six(&d, i);
	if (pd) {
		memcpy(a, d.routes6[0].prefix, 16);
		a[7] = 0x42;
	} else {
		memset(a, 0, 16);
		memcpy(a, d.sub_ip6_prefix, 8);
	}
	a[15] = 9;
}

/*
 * The IPv6 FIB (dp_table6.h): made by the first IPv6 prefix only; 4096
 * sessions with a /64 and a delegated /56 each fit in the default tbl8
 * reserve (2 x 4096 + 1024 groups) because of the covers - without them
 * the TRIE would want 9 groups a session; every lookup finds its
 * session; DELETE leaves the FIB empty, covers included.
 */
static void
test_fib6(void **state)
{
	enum { N = 4096 };
	struct dp_table *t = table_new(N);
	uint8_t a[DP_TABLE_BURST][16];
	uint32_t idx[DP_TABLE_BURST];
	struct tdesc d;
	uint8_t zero[16] = { 0 };
	unsigned int i, k;

	d = desc(DP_TABLE_ADD, 1, 1, 0, ip4(100, 64, 0, 1));
	push_apply_p(t, &d);
	/* IPv4 only: no FIB6, and none of IPv6's writer state either. */
	assert_null(t->down6);
	assert_null(t->w6);
	assert_null(t->cov6);
	host6(a[0], 0, 0);
	assert_int_equal(dp_table_down6_index_bulk(t,
		(const uint8_t (*)[16])a, 1, idx), 0);
	assert_int_equal(idx[0], DP_TABLE_NONE);
	d.op = DP_TABLE_DELETE;
	push_apply_p(t, &d);
	for (i = 0; i < N; i++) {
		d = desc(DP_TABLE_ADD, (uint16_t)(1 + i / 1024),
			 (uint16_t)(1 + i % 1024), i, ip4(100, 64, 0, 0) + i + 1);
		six(&d.s, i);
		push_apply_p(t, &d);
	}
	assert_non_null(t->down6);
	assert_non_null(t->w6);
	assert_non_null(t->cov6);
	assert_int_equal(t->stats.fib6_err, 0);
	for (i = 0; i < N; i += DP_TABLE_BURST / 2) {
		for (k = 0; k < DP_TABLE_BURST; k++)
			host6(a[k], i + k / 2, k & 1);
		assert_int_equal(dp_table_down6_index_bulk(t,
			(const uint8_t (*)[16])a, DP_TABLE_BURST, idx),
			DP_TABLE_BURST);
		for (k = 0; k < DP_TABLE_BURST; k++)
			assert_int_equal(idx[k], i + k / 2);
	}
	/* Beside them, nothing: the next /64, a /56 nobody has. */
	host6(a[0], N, 0);
	host6(a[1], N, 1);
	assert_int_equal(dp_table_down6_index_bulk(t,
		(const uint8_t (*)[16])a, 2, idx), 0);
	for (i = 0; i < N; i++) {
		d = desc(DP_TABLE_DELETE, (uint16_t)(1 + i / 1024),
			 (uint16_t)(1 + i % 1024), i, 0);
		push_apply_p(t, &d);
	}
	assert_null(rte_rib6_get_nxt(rte_fib6_get_rib(t->down6), zero, 0,
				     NULL, RTE_RIB6_GET_NXT_ALL));
	assert_int_equal(t->stats.fib6_err, 0);
	table_done(t);
}

int
main(void)
{
#define CASES(m) \
		{ "add_lookup_delete/" #m, test_add_lookup_delete, setup_##m }, \
		{ "framed_routes/" #m, test_framed_routes, setup_##m }, \
		{ "errors_counted/" #m, test_errors_counted, setup_##m }, \
		{ "modify/" #m, test_modify, setup_##m }, \
		{ "table_full/" #m, test_table_full, setup_##m }, \
		{ "rcu_defer/" #m, test_rcu_defer, setup_##m }, \
		{ "builtin_entries/" #m, test_builtin_entries, setup_##m }, \
		{ "up_view/" #m, test_up_view, setup_##m }, \
		{ "concurrent_reader/" #m, test_concurrent_reader, setup_##m }, \
		{ "lookup_cost/" #m, test_lookup_cost, setup_##m }, \
		{ "fib6/" #m, test_fib6, setup_##m }, \
		{ "up_growth/" #m, test_up_growth, setup_##m }, \
		{ "grow_under_reader/" #m, test_grow_under_reader, setup_##m }, \
		{ "down_directory/" #m, test_down_directory, setup_##m }, \
		{ "blocks_under_reader/" #m, test_blocks_under_reader, setup_##m }
	const struct CMUnitTest tests[] = {
		CASES(wide),
		CASES(tight),
	};
	char prefix[64], rundir[PATH_MAX];
	char *argv[] = {
		"test_dp_table", "--no-huge", "-m", "256", "--no-pci",
		"--no-telemetry", "--file-prefix", prefix,
		"--log-level=warning", "-l", "0-1", NULL,
	};
	int ret;

	snprintf(prefix, sizeof(prefix), "dptable%d", (int)getpid());
	if (rte_eal_init(RTE_DIM(argv) - 1, argv) < 0) {
		printf("Bail out! rte_eal_init failed: %s\n",
		       rte_strerror(rte_errno));
		return 1;
	}
	snprintf(rundir, sizeof(rundir), "%s", rte_eal_get_runtime_dir());
	pool = calloc(POOL_SIZE, sizeof(*pool));
	if (pool == NULL)
		return 1;
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	free(pool);
	rte_eal_cleanup();
	/* EAL leaves its runtime directory behind: remove ours. */
	if (strstr(rundir, prefix) != NULL)
		nftw(rundir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	return ret;
}
