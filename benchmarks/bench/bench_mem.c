/* SPDX-License-Identifier: BSD-3-Clause
 *
 * lns-bench --memory: what lnsd's dataplane tables take at
 * l2tp.max_sessions = N, per max_sessions slot (made by dp_init()) and
 * per live session (N dp_session_add() calls), broken down per
 * allocation.
 *
 * Attribution without touching dataplane/: lns-bench is linked with
 * -Wl,--wrap for the allocators and table constructors the dataplane
 * calls (meson.build), so each call made from lnsd's code (and from the
 * bench's own: bench_mem_attrib() is off outside the measured steps) is
 * timed by the rte_malloc heap and the process's resident set around it.
 * Calls DPDK's libraries make inside themselves are not wrapped (other
 * objects): an rte_fib_create() is one line, its tbl24, tbl8 groups and
 * RIB nodes together.
 *
 * Three figures per step, because they answer different questions:
 * rte_malloc heap in use (what is allocated, whatever the page size),
 * VmRSS (4 KiB pages touched: --no-huge maps DPDK's memory lazily, so
 * untouched parts of a table are not resident) and HugetlbPages (with
 * --huge, DPDK maps whole 2 MiB pages: resident as soon as mapped).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_fib.h>
#include <rte_fib6.h>
#include <rte_hash.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_rcu_qsbr.h>
#include <rte_ring.h>

#include "bench.h"

#define MEM_MAX_ITEMS	48
#define MEM_NAME_LEN	40

struct mem_snap {
	uint64_t heap;		/* rte_malloc heap in use, every socket */
	uint64_t rss;		/* VmRSS */
	uint64_t huge;		/* HugetlbPages */
};

struct mem_item {
	char name[MEM_NAME_LEN];
	unsigned int calls;
	int64_t heap, rss;
};

static bool mem_on;
static struct mem_item mem_items[MEM_MAX_ITEMS];
static unsigned int mem_nitems;

uint64_t
bench_heap_used(void)
{
	struct rte_malloc_socket_stats st;
	uint64_t sum = 0;
	unsigned int i;

	for (i = 0; i < rte_socket_count(); i++)
		if (rte_malloc_get_socket_stats(rte_socket_id_by_idx(i),
						&st) == 0)
			sum += st.heap_allocsz_bytes;
	return sum;
}

/* A "Key:   N kB" line of /proc/self/status, in octets (0: none). */
static uint64_t
mem_status_kb(const char *key)
{
	char line[256];
	size_t kl = strlen(key);
	uint64_t v = 0;
	FILE *f = fopen("/proc/self/status", "r");

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, key, kl) == 0 && line[kl] == ':') {
			v = strtoull(line + kl + 1, NULL, 10) * 1024;
			break;
		}
	fclose(f);
	return v;
}

static void
mem_snap(struct mem_snap *s)
{
	s->heap = bench_heap_used();
	s->rss = mem_status_kb("VmRSS");
	s->huge = mem_status_kb("HugetlbPages");
}

/* Sequence numbers out of a table name (dpt3_up -> dpt_up): a line per kind. */
static void
mem_item_add(const char *kind, const char *name, const struct mem_snap *a,
	     const struct mem_snap *b)
{
	char key[MEM_NAME_LEN];
	unsigned int i, o;
	int n;

	n = snprintf(key, sizeof(key), "%s%s", kind,
		     kind[0] && name != NULL && name[0] ? " " : "");
	for (o = n > 0 ? (unsigned int)n : 0; name != NULL && *name &&
	     o < sizeof(key) - 1; name++) {
		const char *e = name;

		while (*e >= '0' && *e <= '9')
			e++;
		if (e != name && *e == '_')	/* a sequence number */
			name = e;
		key[o++] = *name;
	}
	key[RTE_MIN(o, (unsigned int)sizeof(key) - 1)] = '\0';
	for (i = 0; i < mem_nitems; i++)
		if (strcmp(mem_items[i].name, key) == 0)
			break;
	if (i == mem_nitems) {
		if (mem_nitems == MEM_MAX_ITEMS)
			i = MEM_MAX_ITEMS - 1;	/* the last takes the rest */
		else
			snprintf(mem_items[mem_nitems++].name, MEM_NAME_LEN,
				 "%s", key);
	}
	mem_items[i].calls++;
	mem_items[i].heap += (int64_t)(b->heap - a->heap);
	mem_items[i].rss += (int64_t)(b->rss - a->rss);
}

/*
 * The wrappers (-Wl,--wrap=SYM: calls to SYM from lns-bench's objects
 * and lnsd's static libraries land in __wrap_SYM, which calls
 * __real_SYM). Outside a measured step they only pass the call on.
 */
#define MEM_TIMED(kind, name, call) do {				\
	struct mem_snap a_, b_;						\
									\
	if (!mem_on)							\
		return call;						\
	mem_snap(&a_);							\
	r = call;							\
	mem_snap(&b_);							\
	mem_item_add(kind, name, &a_, &b_);				\
	return r;							\
} while (0)

void *__real_rte_zmalloc_socket(const char *type, size_t size,
				unsigned int align, int socket);
void *__real_rte_malloc_socket(const char *type, size_t size,
			       unsigned int align, int socket);
void *__real_rte_zmalloc(const char *type, size_t size, unsigned int align);
struct rte_hash *__real_rte_hash_create(const struct rte_hash_parameters *p);
int __real_rte_hash_rcu_qsbr_add(struct rte_hash *h,
				 struct rte_hash_rcu_config *cfg);
struct rte_fib *__real_rte_fib_create(const char *name, int socket_id,
				      struct rte_fib_conf *conf);
struct rte_fib6 *__real_rte_fib6_create(const char *name, int socket_id,
					struct rte_fib6_conf *conf);
struct rte_rcu_qsbr_dq *__real_rte_rcu_qsbr_dq_create(
	const struct rte_rcu_qsbr_dq_parameters *p);
struct rte_ring *__real_rte_ring_create(const char *name, unsigned int count,
					int socket_id, unsigned int flags);
struct rte_ring *__real_rte_ring_create_elem(const char *name,
	unsigned int esize, unsigned int count, int socket_id,
	unsigned int flags);
struct rte_mempool *__real_rte_pktmbuf_pool_create(const char *name,
	unsigned int n, unsigned int cache_size, uint16_t priv_size,
	uint16_t data_room_size, int socket_id);

void *__wrap_rte_zmalloc_socket(const char *type, size_t size,
				unsigned int align, int socket);
void *__wrap_rte_malloc_socket(const char *type, size_t size,
			       unsigned int align, int socket);
void *__wrap_rte_zmalloc(const char *type, size_t size, unsigned int align);
struct rte_hash *__wrap_rte_hash_create(const struct rte_hash_parameters *p);
int __wrap_rte_hash_rcu_qsbr_add(struct rte_hash *h,
				 struct rte_hash_rcu_config *cfg);
struct rte_fib *__wrap_rte_fib_create(const char *name, int socket_id,
				      struct rte_fib_conf *conf);
struct rte_fib6 *__wrap_rte_fib6_create(const char *name, int socket_id,
					struct rte_fib6_conf *conf);
struct rte_rcu_qsbr_dq *__wrap_rte_rcu_qsbr_dq_create(
	const struct rte_rcu_qsbr_dq_parameters *p);
struct rte_ring *__wrap_rte_ring_create(const char *name, unsigned int count,
					int socket_id, unsigned int flags);
struct rte_ring *__wrap_rte_ring_create_elem(const char *name,
	unsigned int esize, unsigned int count, int socket_id,
	unsigned int flags);
struct rte_mempool *__wrap_rte_pktmbuf_pool_create(const char *name,
	unsigned int n, unsigned int cache_size, uint16_t priv_size,
	uint16_t data_room_size, int socket_id);

void *
__wrap_rte_zmalloc_socket(const char *type, size_t size, unsigned int align,
			  int socket)
{
	void *r;

	MEM_TIMED("", type,
		  __real_rte_zmalloc_socket(type, size, align, socket));
}

void *
__wrap_rte_malloc_socket(const char *type, size_t size, unsigned int align,
			 int socket)
{
	void *r;

	MEM_TIMED("", type,
		  __real_rte_malloc_socket(type, size, align, socket));
}

void *
__wrap_rte_zmalloc(const char *type, size_t size, unsigned int align)
{
	void *r;

	MEM_TIMED("", type, __real_rte_zmalloc(type, size, align));
}

struct rte_hash *
__wrap_rte_hash_create(const struct rte_hash_parameters *p)
{
	struct rte_hash *r;

	MEM_TIMED("rte_hash", p->name, __real_rte_hash_create(p));
}

/* The hash's own RCU defer queue (RTE_HASH_QSBR_MODE_DQ). */
int
__wrap_rte_hash_rcu_qsbr_add(struct rte_hash *h,
			     struct rte_hash_rcu_config *cfg)
{
	int r;

	MEM_TIMED("rte_hash_rcu_qsbr_add", "",
		  __real_rte_hash_rcu_qsbr_add(h, cfg));
}

struct rte_fib *
__wrap_rte_fib_create(const char *name, int socket_id,
		      struct rte_fib_conf *conf)
{
	struct rte_fib *r;

	MEM_TIMED("rte_fib", name,
		  __real_rte_fib_create(name, socket_id, conf));
}

struct rte_fib6 *
__wrap_rte_fib6_create(const char *name, int socket_id,
		       struct rte_fib6_conf *conf)
{
	struct rte_fib6 *r;

	MEM_TIMED("rte_fib6", name,
		  __real_rte_fib6_create(name, socket_id, conf));
}

struct rte_rcu_qsbr_dq *
__wrap_rte_rcu_qsbr_dq_create(const struct rte_rcu_qsbr_dq_parameters *p)
{
	struct rte_rcu_qsbr_dq *r;

	MEM_TIMED("rcu_dq", p->name, __real_rte_rcu_qsbr_dq_create(p));
}

struct rte_ring *
__wrap_rte_ring_create(const char *name, unsigned int count, int socket_id,
		       unsigned int flags)
{
	struct rte_ring *r;

	MEM_TIMED("rte_ring", name,
		  __real_rte_ring_create(name, count, socket_id, flags));
}

struct rte_ring *
__wrap_rte_ring_create_elem(const char *name, unsigned int esize,
			    unsigned int count, int socket_id,
			    unsigned int flags)
{
	struct rte_ring *r;

	MEM_TIMED("rte_ring", name, __real_rte_ring_create_elem(name, esize,
		  count, socket_id, flags));
}

struct rte_mempool *
__wrap_rte_pktmbuf_pool_create(const char *name, unsigned int n,
			       unsigned int cache_size, uint16_t priv_size,
			       uint16_t data_room_size, int socket_id)
{
	struct rte_mempool *r;

	MEM_TIMED("mbuf pool", name, __real_rte_pktmbuf_pool_create(name, n,
		  cache_size, priv_size, data_room_size, socket_id));
}

/* One line of the table; huge < 0: not measured per allocation. */
static void
mem_line(const char *what, double heap, double rss, double huge, double div)
{
	printf("#   %-34s %10.1f MiB %8.1f B | RSS %8.1f MiB %8.1f B",
	       what, heap / (1 << 20), heap / div, rss / (1 << 20), rss / div);
	if (huge >= 0)
		printf(" | hugetlb %8.1f MiB %8.1f B", huge / (1 << 20),
		       huge / div);
	printf("\n");
}

/* What changed from a to b. */
static struct mem_delta {
	double heap, rss, huge;
} mem_delta(const struct mem_snap *a, const struct mem_snap *b)
{
	return (struct mem_delta){ (double)b->heap - (double)a->heap,
		(double)b->rss - (double)a->rss,
		(double)b->huge - (double)a->huge };
}

static void
mem_step_line(const char *what, const struct mem_snap *a,
	      const struct mem_snap *b, uint32_t n)
{
	struct mem_delta d = mem_delta(a, b);

	mem_line(what, d.heap, d.rss, d.huge, n);
}

static void
mem_step_json(const char *key, const struct mem_snap *a,
	      const struct mem_snap *b)
{
	struct mem_delta d = mem_delta(a, b);

	printf("\"%s\":{\"heap\":%.0f,\"rss\":%.0f,\"hugetlb\":%.0f},",
	       key, d.heap, d.rss, d.huge);
}

static void
mem_json_item(const struct mem_item *it, uint32_t n, bool first)
{
	printf("%s{\"name\":\"%s\",\"calls\":%u,\"heap_bytes\":%.0f,"
	       "\"heap_per_slot\":%.1f,\"rss_bytes\":%.0f,"
	       "\"rss_per_slot\":%.1f}", first ? "" : ",", it->name,
	       it->calls, (double)it->heap, (double)it->heap / n,
	       (double)it->rss, (double)it->rss / n);
}

/*
 * One count: tables for n slots, then n live sessions. Prints a table
 * (lines starting with '#') and one JSON line {"memory":...}.
 */
static int
mem_report(const struct bench_opts *o, struct cfg *cfg,
	   const struct bench_ports *bp, uint32_t n)
{
	struct mem_snap s0, s1, s2;
	struct bench_sess bs;
	unsigned int i;
	double rest;
	int ret;

	memset(mem_items, 0, sizeof(mem_items));
	mem_nitems = 0;
	mem_snap(&s0);
	mem_on = true;
	ret = bench_sessions_create(o, cfg, n, &bs);
	mem_on = false;
	if (ret != 0)
		goto out;
	mem_snap(&s1);
	ret = bench_sessions_add(bp, &bs, n);
	if (ret != 0)
		goto out;
	mem_snap(&s2);

	printf("# memory at l2tp.max_sessions = %u (limits %s, %s, "
	       "per-session counters %s):\n", n,
	       bs.tight ? "tight" : "lnsd",
	       o->huge ? "hugepages" : "--no-huge", o->counters ? "on" : "off");
	printf("#   %-34s %10s %10s | %-26s | %s\n", "allocation (dp_init)",
	       "heap", "per slot", "RSS at creation, per slot",
	       "hugetlb");
	for (i = 0; i < mem_nitems; i++) {
		char w[64];

		snprintf(w, sizeof(w), "%.39s (x%u)", mem_items[i].name,
			 mem_items[i].calls);
		mem_line(w, (double)mem_items[i].heap, (double)mem_items[i].rss,
			 -1, n);
	}
	/* What no wrapper saw (a call lnsd's code makes that is not wrapped). */
	rest = (double)s1.heap - (double)s0.heap;
	for (i = 0; i < mem_nitems; i++)
		rest -= (double)mem_items[i].heap;
	mem_line("(not attributed)", rest, 0, -1, n);
	mem_step_line("= preallocated (dp_init)", &s0, &s1, n);
	mem_step_line("+ live sessions (dp_session_add)", &s1, &s2, n);
	mem_step_line("= total, per session at n live", &s0, &s2, n);
	printf("{\"memory\":{\"max_sessions\":%u,\"live\":%u,"
	       "\"limits\":\"%s\",\"huge\":%s,\"counters\":%s,", n, n,
	       bs.tight ? "tight" : "lnsd", o->huge ? "true" : "false",
	       o->counters ? "true" : "false");
	mem_step_json("prealloc", &s0, &s1);
	mem_step_json("live_add", &s1, &s2);
	printf("\"not_attributed\":%.0f,\"items\":[", rest);
	for (i = 0; i < mem_nitems; i++)
		mem_json_item(&mem_items[i], n, i == 0);
	printf("]}}\n");
	fflush(stdout);
out:
	bench_sessions_remove();
	return ret;
}

/*
 * One count per process: pages a first count's tables touched stay
 * resident after they are freed, and a second count reusing them would
 * not show them in its RSS (bench_parse() refuses more than one).
 */
int
bench_mem_run(const struct bench_opts *o, struct cfg *cfg,
	      const struct bench_ports *bp)
{
	int ret;

	if (o->nb_counts != 1) {
		fprintf(stderr,
			"lns-bench: --memory takes one session count\n");
		return -EINVAL;
	}
	ret = mem_report(o, cfg, bp, o->counts[0]);
	if (ret != 0)
		fprintf(stderr, "lns-bench: memory at %u sessions: %s\n",
			o->counts[0], strerror(-ret));
	return ret;
}
