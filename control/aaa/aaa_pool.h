/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Named IPv4 address pools for subscriber sessions.
 *
 * A pool is one or more disjoint ranges. Each range has a bitmap (one bit
 * per address, 128 KiB for 1M addresses) and a cursor: allocation scans
 * 64 addresses per word from the cursor of the current range, so it is
 * O(1) amortised and hands addresses out round-robin (a released address
 * is not reused at once). Full ranges are skipped by their free count.
 * No per-address heap allocation. Addresses are in host byte order.
 *
 * Not thread-safe: owned by the control lcore.
 */

#ifndef _AAA_POOL_H_
#define _AAA_POOL_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AAA_POOL_NAME_MAX	31
#define AAA_POOL_MAX_SIZE	(1u << 24)	/* addresses per pool */

struct aaa_pool;

struct aaa_pool_stats {
	uint32_t size;		/* addresses in the pool */
	uint32_t used;		/* allocated or reserved */
	uint32_t peak;		/* highest used */
	uint64_t allocs;	/* successful aaa_pool_alloc() */
	uint64_t exhausted;	/* aaa_pool_alloc() that found no address */
	uint64_t double_release; /* release of an address not in use */
	uint32_t draining;	/* in use in ranges that left the pool */
};

/* One range of addresses, first..last inclusive, host order. */
struct aaa_pool_span {
	uint32_t first;
	uint32_t last;
};

/* NULL on -EINVAL (name empty or too long) or -ENOMEM. */
struct aaa_pool *aaa_pool_create(const char *name);
void aaa_pool_free(struct aaa_pool *pool);
const char *aaa_pool_name(const struct aaa_pool *pool);

/*
 * Add first..last inclusive. Returns 0, -EINVAL (first > last),
 * -EEXIST (overlaps a range of the pool), -E2BIG (pool over
 * AAA_POOL_MAX_SIZE), -ENOMEM.
 */
int aaa_pool_add_range(struct aaa_pool *pool, uint32_t first, uint32_t last);

/*
 * Add addr/plen. For plen <= 30 the network and broadcast addresses are
 * left out; a /31 gives both addresses (RFC 3021), a /32 one. Host bits in
 * addr are ignored. Same errors as aaa_pool_add_range().
 */
int aaa_pool_add_prefix(struct aaa_pool *pool, uint32_t addr, unsigned plen);
/* The addresses aaa_pool_add_prefix() adds for addr/plen. 0 or -EINVAL. */
int aaa_pool_prefix_span(uint32_t addr, unsigned plen, struct aaa_pool_span *s);

/*
 * Give the pool exactly the ranges spans[0..n) (any order, disjoint; n
 * may be 0: the pool is removed) without touching a lease: an address in
 * use stays in use, in the new ranges or, when it left the pool, in a
 * draining range that hands out nothing and disappears when its last
 * address is released (a configuration reload: a shrunk or removed pool
 * drains). Every address in use stays known to aaa_pool_release() and
 * aaa_pool_in_use(). Returns 0, -EINVAL (first > last), -EEXIST (spans
 * overlap), -E2BIG, -ENOMEM: the pool is then unchanged.
 */
/*
 * Sort spans[0..n) and check them as aaa_pool_reshape() does: 0,
 * -EINVAL, -EEXIST, -E2BIG.
 */
int aaa_pool_spans_check(struct aaa_pool_span *spans, unsigned int n);
/*
 * Whether the pool's ranges (draining ones aside) are exactly spans
 * (sorted by aaa_pool_spans_check()): a reshape would change nothing.
 */
bool aaa_pool_same(const struct aaa_pool *pool,
	const struct aaa_pool_span *spans, unsigned int n);
/* A pass over every address of spans: O(addresses). */
int aaa_pool_reshape(struct aaa_pool *pool, const struct aaa_pool_span *spans,
	unsigned int n);

/* Allocate a free address into *addr. Returns 0 or -ENOSPC. */
int aaa_pool_alloc(struct aaa_pool *pool, uint32_t *addr);

/*
 * Mark a specific address (a user's static address) in use.
 * Returns 0, -ENOENT (not in the pool) or -EADDRINUSE.
 */
int aaa_pool_reserve(struct aaa_pool *pool, uint32_t addr);

/*
 * Give an allocated or reserved address back. Returns 0, -ENOENT (not in
 * the pool) or -EALREADY (not in use: double release, counted).
 */
int aaa_pool_release(struct aaa_pool *pool, uint32_t addr);

bool aaa_pool_contains(const struct aaa_pool *pool, uint32_t addr);
bool aaa_pool_in_use(const struct aaa_pool *pool, uint32_t addr);
void aaa_pool_stats(const struct aaa_pool *pool, struct aaa_pool_stats *st);

/* ---- a set of named pools ---- */

struct aaa_pool_set;

struct aaa_pool_set *aaa_pool_set_create(void);
/* Frees the set and every pool in it. */
void aaa_pool_set_free(struct aaa_pool_set *set);
/* Takes ownership of pool. Returns 0, -EEXIST (name taken), -ENOMEM. */
int aaa_pool_set_add(struct aaa_pool_set *set, struct aaa_pool *pool);
/* The pool called name, or NULL. */
struct aaa_pool *aaa_pool_set_find(const struct aaa_pool_set *set,
	const char *name);
/*
 * fn(pool, arg) for every pool of set, in the order they were added (the
 * operator's read-out of their usage). NULL set: nothing.
 */
void aaa_pool_set_walk(const struct aaa_pool_set *set,
	void (*fn)(const struct aaa_pool *pool, void *arg), void *arg);

#endif /* _AAA_POOL_H_ */
