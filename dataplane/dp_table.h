/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Lock-free session tables (docs/architecture.md): one writer, many readers.
 *
 * Design notes
 * ------------
 * - Two lookups, one array. Upstream (access -> core) maps OUR (tunnel ID,
 *   session ID) to a session; downstream (core -> access) maps an IPv4
 *   destination (subscriber /32, else a Framed-Route prefix, longest
 *   match) to one. sess[session_index] holds the worker-side runtime
 *   entry (struct dp_session *, built from the descriptor by a callback);
 *   the upstream slots and the downstream directory's slots hold the
 *   entry too, so a lookup reaches it without a load from sess[]. MODIFY
 *   stores the new entry in sess[] and in the session's slots.
 * - Upstream is a tunnel-indexed table of per-tunnel session arrays
 *   grown on demand (dp_table_up.h): one 8-byte load from tun[tid] (hot
 *   for the tunnels that carry traffic), one 32-byte slot of that
 *   tunnel's array (the entry, and a copy of what upstream checks with
 *   the index). Its memory follows the sessions (32 B per session ID up
 *   to the tunnel's highest, plus 8 B per possible tunnel), so lnsd's
 *   default limits (4096 tunnels x 65535 sessions) get it too. It
 *   replaced a flat [tid][sid] array (sized for every possible ID up
 *   front, so only used with low limits)
 *   and rte_hash (the default's fallback, ~60-95 cycles a key against
 *   ~10-17): docs/benchmarks.md has the A/B figures. A cache miss on the
 *   session itself (~100+ cycles) comes on top either way.
 * - IPv6 downstream: rte_fib6 TRIE beside it, same next hops, plus our
 *   own addresses (dp_table6.h).
 * - Downstream, a subscriber's /32 is in a directory of /24 blocks of
 *   slots made on demand (dp_table_down.h); routed prefixes (and /32s
 *   beyond the directory's block cap) are in rte_fib DIR-24-8 with 4-byte
 *   next hops: next hop = session_index + 1, 0 = no session (so a zeroed
 *   tbl8 entry can never name a session). tbl24 is 64 MiB; one tbl8
 *   group (1 KiB) per /24 that holds a /25../32 route (params.nb_tbl8).
 * - Reclamation: rte_rcu_qsbr. Workers register once and report quiescence
 *   once per loop. A deleted or replaced dp_session is freed (free callback)
 *   only after every registered worker passed a quiescent state (RCU defer
 *   queue). Per-tunnel arrays replaced by a bigger one and directory
 *   blocks emptied wait for a grace period too (dp_table_defer.h).
 * - Index reuse: a reader may hold a session_index from a lookup made just
 *   before a DELETE; if the control lcore reused that index at once for
 *   another subscriber, the reader would find the wrong session. An ADD on
 *   an index whose previous occupant was deleted less than a grace period
 *   ago therefore waits for that grace period (normally one worker loop;
 *   counted in reuse_waits). A FIFO of free indexes on the control side
 *   makes these waits rare; a LIFO makes them common. A worker that
 *   stops looping must call dp_table_worker_unregister() first, or the
 *   writer would wait for it forever (here and in dp_table_free()).
 * - Known limit (DPDK 22.11): rte_fib has no RCU hook, so a tbl8 group
 *   freed and reused for another /24 between a reader's two loads could
 *   give that reader another /24's next hop once. Two FIB writes must land
 *   inside a ~10 ns window; with address pools this is rare.
 * - Addresses are not checked for overlap: the control side hands out
 *   unique ones. An ADD/MODIFY whose /32 or route another session already
 *   has takes it over, and the first one's DELETE then removes it.
 * - Everything but the per-tunnel arrays and the directory's blocks is
 *   sized at creation; nothing grows or allocates on the worker side.
 *   Writer-side DELETE never allocates; ADD may grow its tunnel's array,
 *   ADD and MODIFY may make a directory block (rte_malloc) and call the
 *   build callback (the caller decides where from).
 *
 * Threads: the "writer" is the one lcore that calls dp_table_apply()
 * (lnsd: the control lcore, through dp_session_add/modify/delete() of
 * dp_api.h; why synchronously and not through a ring is said there).
 * Workers call only dp_table_worker_*(), dp_table_quiescent() and the
 * lookups. Private to the dataplane (and its unit tests).
 */
#ifndef LNS_DP_TABLE_H
#define LNS_DP_TABLE_H

#include <stdint.h>

#include <rte_common.h>
#include <rte_fib.h>
#include <rte_prefetch.h>
#include <rte_rcu_qsbr.h>
#include <rte_seqcount.h>
#include "dp_api.h"

#include "dp_sess_up.h"

struct dp_session;	/* worker-side runtime entry (dp_session.h) */

/*
 * A directory slot (dp_table_down.h): the session's entry itself, so the
 * lookup reaches it without going through sess[], and its index, so the
 * per-index state (counters, QoS) can be prefetched in the same stage.
 * s is NULL when no session has the address; idx is written before s is
 * published and never changes while it is (MODIFY keeps the index), and
 * is only a prefetch hint to readers: what counts is s->session_index.
 */
struct dp_slot {
	struct dp_session *s;		/* __atomic acq/rel */
	uint32_t idx;
	uint32_t pad;
};

/*
 * One upstream slot (dp_table_up.h): the entry, as in a directory slot,
 * and a copy of what upstream checks of it (struct dp_sess_up,
 * dp_sess_up.h: with the index), so an IPv4 packet reads this line and
 * none of the entry's. The writer changes s and up inside one write
 * section of sn (rte_seqcount); a reader copies them inside a read
 * section and, when it overlapped a write, takes the entry published
 * now instead (dp_table_up_view_bulk()): it never waits for the writer.
 * After a DELETE (s NULL) up keeps the last session's copy.
 * 32 octets, two slots a line.
 */
struct dp_up_slot {
	struct dp_session *s;		/* __atomic acq/rel */
	rte_seqcount_t sn;
	struct dp_sess_up up;
};

_Static_assert(sizeof(struct dp_up_slot) == 32,
	       "dp_up_slot: two a cache line");

/*
 * The subscriber /32 directory's middle level (dp_table_down.h): one per
 * /16 holding a subscriber address, naming a block of 256 slots per /24.
 * Readers see leaf[] only; the counts are the writer's.
 */
struct dp_down_mid {
	struct dp_slot *leaf[256];	/* __atomic acq/rel, NULL = none */
	uint16_t nb[256];		/* occupied slots per block */
	uint32_t nb_leaves;
};

/* Build the runtime entry for a descriptor (ADD, MODIFY); NULL = failure. */
typedef struct dp_session *(*dp_table_build_t)(
	const struct dp_session_desc *d, void *arg);
/* Free an entry no worker can still see (called after a grace period). */
typedef void (*dp_table_free_t)(struct dp_session *s, void *arg);
/* Fill u from entry s for its upstream slot (dp_up_slot). */
typedef void (*dp_table_view_t)(struct dp_sess_up *u,
				const struct dp_session *s);

/* Largest burst the bulk lookups take. */
#define DP_TABLE_BURST		32

struct dp_table_params {
	uint32_t max_sessions;		/* session_index < max_sessions */
	uint32_t max_tunnels;		/* local tunnel IDs 1..max_tunnels
					 * (0 = 65535); others: bad_key */
	uint32_t max_sid;		/* local session IDs 1..max_sid
					 * (0 = 65535); others: bad_key */
	int socket_id;			/* SOCKET_ID_ANY allowed */
	uint32_t nb_tbl8;		/* FIB /24 groups; 0 = derived */
	uint32_t nb_tbl8_6;		/* FIB6 tbl8 groups; 0 = derived */
	/*
	 * Both NULL: entries are struct dp_session (dp_session.h) built by
	 * dp_session_build() into a pool of max_sessions * 17/16 + 1024 made
	 * here (a descriptor it refuses counts as build_fail), their
	 * upstream slots filled by dp_sess_up_init(). Otherwise view fills
	 * them (NULL: only the index, the rest 0).
	 */
	dp_table_build_t build;
	dp_table_free_t free;
	dp_table_view_t view;
	void *cb_arg;
};

/* Writer counters: struct dp_table_stats (dp_api.h). */

/* Writer-only bookkeeping of one session_index (dp_table.c, dp_table6.c). */
struct dp_table_wslot;
struct dp_table6_wslot;
struct dp_table_retired;
struct rte_fib6;

struct dp_table {
	/*
	 * Read by workers on every lookup; written only at creation
	 * (pointers) and, for the contents, by the writer with the
	 * structures' own lock-free protocols.
	 */
	uint64_t *tun;			/* upstream: [tid] -> per-tunnel
					 * array | log2(capacity), 0 = none
					 * (dp_table_up.h) */
	uint32_t tun_max;		/* local tunnel IDs 1..tun_max */
	uint32_t sid_max;		/* local session IDs 1..sid_max */
	struct dp_down_mid **dtop;	/* subscriber /32s: [ip >> 16]
					 * (dp_table_down.h) */
	struct rte_fib *down;		/* IPv4 routes -> session_index + 1 */
	struct rte_fib6 *down6;		/* IPv6 -> session_index + 1
					 * (dp_table6.h) */
	struct dp_session **sess;	/* [max_sessions], __atomic acq/rel */
	struct rte_rcu_qsbr *qsv;	/* workers: quiescent state */
	uint32_t max_sessions;

	/* Writer only. */
	struct rte_rcu_qsbr_dq *dq __rte_cache_aligned;	/* deferred frees */
	struct dp_table_wslot *w;	/* [max_sessions] */
	struct dp_table6_wslot *w6;	/* [max_sessions], dp_table6.c */
	struct dp_table_retired *retired;	/* dp_table_defer.h */
	uint64_t down_bytes;		/* directory blocks in use */
	uint32_t down_leaves;		/* /24 blocks in the directory */
	uint32_t down_leaves_max;	/* beyond: /32s go to the FIB */
	uint64_t up_bytes;		/* per-tunnel arrays in use */
	uint32_t up_tunnels;		/* tunnels with an array */
	int socket_id;
	struct rte_hash *cov6;		/* FIB6 covers' references */
	char fib6_name[24];		/* FIB6 made at its first prefix */
	int fib6_socket;
	int fib6_routes;
	uint32_t fib6_tbl8;
	uint32_t fib6_gen;		/* FIB6s made (names) */
	uint32_t fib6_seq;		/* the tables' number (names) */
	uint32_t fib6_dels;		/* routes deleted since the last one */
	uint8_t fib6_failed;
	/* Our IPv6 addresses per port, as installed (dp_table6_local_set()). */
	uint8_t nb_local6[CFG_MAX_PORTS];
	uint8_t local6[CFG_MAX_PORTS][DP_LOCAL6_MAX][16];
	uint32_t nb_live;
	/*
	 * Live entries with a rate (DP_SESS_QOS_*): while there are any,
	 * the workers prefetch QoS state with each entry (dp_fwd.c; read
	 * by them once per burst, written here at session changes only).
	 */
	uint32_t nb_rated;
	uint32_t max_tunnels;
	dp_table_build_t build;
	dp_table_free_t free;
	dp_table_view_t view;		/* NULL: the index only */
	void *cb_arg;
	struct dp_session *pool;	/* built-in entries, or NULL */
	struct dp_session **pool_free;	/* LIFO of free ones */
	uint32_t pool_nfree;

	/* Writer; read by anyone. */
	struct dp_table_stats stats __rte_cache_aligned;
};

static inline uint32_t
dp_table_up_key(uint16_t tid, uint16_t sid)
{
	return (uint32_t)tid << 16 | sid;
}

/* Control side (creation, teardown: the writer lcore). */
struct dp_table *dp_table_create(const struct dp_table_params *p);
/* Workers must be stopped (or unregistered); frees every live entry. */
void dp_table_free(struct dp_table *t);

enum dp_table_op {
	DP_TABLE_ADD = 1,
	DP_TABLE_MODIFY,
	DP_TABLE_DELETE,
};

/* Writer: apply one change now. 0 or negative errno (also counted). */
int dp_table_apply(struct dp_table *t, enum dp_table_op op,
		   const struct dp_session_desc *d);
/* Writer: DELETE the session at idx (no descriptor needed). */
int dp_table_delete_index(struct dp_table *t, uint32_t idx);
/*
 * Writer: how many ADDs index has seen (the gen of its entries, built-in
 * entries only; dp_session.h), whether or not it is live now.
 */
uint32_t dp_table_index_gen(const struct dp_table *t, uint32_t idx);
/* Writer: free what the workers no longer see; returns the number freed. */
unsigned int dp_table_reclaim(struct dp_table *t);

/* Workers. */
int dp_table_worker_register(struct dp_table *t, unsigned int lcore);
void dp_table_worker_unregister(struct dp_table *t, unsigned int lcore);

/* Once per loop, after every reference from the lookups was dropped. */
static inline void
dp_table_quiescent(const struct dp_table *t, unsigned int lcore)
{
	rte_rcu_qsbr_quiescent(t->qsv, lcore);
}

static inline struct dp_session *
dp_table_get(const struct dp_table *t, uint32_t idx)
{
	if (unlikely(idx >= t->max_sessions))
		return NULL;
	return __atomic_load_n(&t->sess[idx], __ATOMIC_ACQUIRE);
}

/*
 * Upstream slot of a key (dp_table_up.h); NULL when the tunnel has no
 * array or the session ID is beyond it.
 */
static inline const struct dp_up_slot *
dp_table_up_slot(const struct dp_table *t, uint32_t key)
{
	uint32_t tid = key >> 16, sid = key & 0xffff;
	uint64_t e;

	if (unlikely(tid > t->tun_max))
		return NULL;
	e = __atomic_load_n(&t->tun[tid], __ATOMIC_ACQUIRE);
	if (unlikely(e == 0 || (sid >> (e & 63)) != 0))
		return NULL;
	return (const struct dp_up_slot *)(uintptr_t)(e & ~(uint64_t)63) + sid;
}

/*
 * Start loading key's slot (the classifier, as soon as it has parsed the
 * IDs: the load overlaps the rest of the RX burst's classification
 * instead of stalling the burst's lookup).
 */
static inline void
dp_table_up_prefetch(const struct dp_table *t, uint32_t key)
{
	const struct dp_up_slot *e = dp_table_up_slot(t, key);

	if (e != NULL)
		rte_prefetch0(e);
}

/* Upstream: one key (dp_table_up_key()); NULL when unknown. */
static inline struct dp_session *
dp_table_lookup_up(const struct dp_table *t, uint32_t key)
{
	const struct dp_up_slot *e = dp_table_up_slot(t, key);

	if (unlikely(e == NULL))
		return NULL;
	return __atomic_load_n(&e->s, __ATOMIC_ACQUIRE);
}

/*
 * Downstream: the directory's slot for a subscriber /32 (ip in host
 * order), NULL when its /24 has no block (dp_table_down.h).
 */
static inline const struct dp_slot *
dp_table_down_slot(const struct dp_table *t, uint32_t ip)
{
	const struct dp_down_mid *m =
		__atomic_load_n(&t->dtop[ip >> 16], __ATOMIC_ACQUIRE);
	const struct dp_slot *l;

	if (m == NULL)
		return NULL;
	l = __atomic_load_n(&m->leaf[(ip >> 8) & 0xff], __ATOMIC_ACQUIRE);
	return l == NULL ? NULL : l + (ip & 0xff);
}

/*
 * Downstream: one IPv4 address in HOST byte order; NULL when none. A
 * subscriber /32 in the directory first (the longest match there is),
 * else the longest route in the FIB.
 */
static inline struct dp_session *
dp_table_lookup_down(const struct dp_table *t, uint32_t ip)
{
	const struct dp_slot *e = dp_table_down_slot(t, ip);
	struct dp_session *s;
	uint64_t nh;

	if (e != NULL) {
		s = __atomic_load_n(&e->s, __ATOMIC_ACQUIRE);
		if (s != NULL)
			return s;
	}
	if (rte_fib_lookup_bulk(t->down, &ip, &nh, 1) != 0 || nh == 0)
		return NULL;
	return dp_table_get(t, (uint32_t)(nh - 1));
}

/* No session (the index-returning bulk lookups). */
#define DP_TABLE_NONE		UINT32_MAX

/*
 * Bulk lookups to session indexes (DP_TABLE_NONE on a miss), for callers
 * that prefetch per-index state (t->sess[i], counters) before resolving
 * with dp_table_get(). n <= DP_TABLE_BURST; return the number of hits.
 */
unsigned int dp_table_up_index_bulk(const struct dp_table *t,
	const uint32_t *keys, unsigned int n, uint32_t *idx);
/*
 * Upstream, the entries and their indexes at once (out[i] NULL and
 * idx[i] DP_TABLE_NONE on a miss), every slot prefetched before the
 * first is read; returns the number of hits.
 */
unsigned int dp_table_up_entry_bulk(const struct dp_table *t,
	const uint32_t *keys, unsigned int n, uint32_t *idx,
	struct dp_session **out);
unsigned int dp_table_down_index_bulk(const struct dp_table *t,
	const uint32_t *ips, unsigned int n, uint32_t *idx);
/*
 * Downstream, the same as dp_table_up_entry_bulk(): the directory's
 * slots prefetched and read, the misses looked up in the FIB (routes)
 * and resolved through sess[].
 */
unsigned int dp_table_down_entry_bulk(const struct dp_table *t,
	const uint32_t *ips, unsigned int n, uint32_t *idx,
	struct dp_session **out);

/*
 * Upstream, the worker's: as dp_table_up_entry_bulk(), and up[i] the
 * slot's copy of what upstream checks (dp_sess_up). A read that
 * overlapped a write of the slot takes the entry published now and
 * copies from it (entries never change; a table of the caller's entries
 * without a view reports a miss instead): out, idx and up always belong
 * to one entry.
 */
unsigned int dp_table_up_view_bulk(const struct dp_table *t,
	const uint32_t *keys, unsigned int n, uint32_t *idx,
	struct dp_session **out, struct dp_sess_up *up);

/*
 * Bulk lookups, n <= DP_TABLE_BURST. out[i] = NULL on a miss. Return the
 * number of hits. Worker-side: no logging, no allocation.
 */
unsigned int dp_table_lookup_up_bulk(const struct dp_table *t,
	const uint32_t *keys, unsigned int n, struct dp_session **out);
/* ips in HOST byte order (rte_fib's convention). */
unsigned int dp_table_lookup_down_bulk(const struct dp_table *t,
	const uint32_t *ips, unsigned int n, struct dp_session **out);

#endif /* LNS_DP_TABLE_H */
