/* SPDX-License-Identifier: BSD-3-Clause
 *
 * IPv6 prefix pools (aaa.pools6, docs/ipv6.md): a pool is one prefix
 * (2001:db8:100::/40) cut into prefixes of one length (/56 for prefix
 * delegation, /64 for the sessions' on-link prefixes). Each prefix is a
 * bit of a DPDK rte_bitmap (set: free). Its first level has a bit per
 * 512-bit line of the second, set when the line has a free prefix, so
 * pool6_alloc() reads at most size / 32768 first-level words and one
 * line (32 + 8 words for 2^20 prefixes), never walks used prefixes; it
 * goes on after the slab it last returned, so a released prefix is not
 * handed out again at once. Measured: 142 ns an allocation filling a
 * 2^20 pool, 298 ns a release + allocation in a full one (its worst
 * case). At most 2^POOL6_MAX_BITS prefixes a pool: pool6_footprint()
 * octets (131,392 for 2^20; 8,256 for a /40 in /56s). No per-prefix
 * allocation. Not thread-safe: the control lcore's.
 */
#ifndef LNS_POOL6_H
#define LNS_POOL6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define POOL6_MAX_BITS		20	/* length - prefix length */
#define POOL6_NAME_MAX		31
#define POOL6_MAX_POOLS		16	/* in a set */

struct pool6;

struct pool6_stats {
	uint32_t size;		/* prefixes in the pool */
	uint32_t used;		/* allocated or reserved */
	uint32_t peak;		/* highest used */
	uint64_t allocs;	/* successful pool6_alloc() */
	uint64_t exhausted;	/* pool6_alloc() that found none */
	uint64_t double_release; /* release of a prefix not in use */
};

/*
 * The pool prefix/plen cut into /len. NULL with errno: EINVAL (name
 * empty or too long, plen > len, len > 128, len - plen over
 * POOL6_MAX_BITS), ENOMEM. Host bits of prefix are ignored.
 */
struct pool6 *pool6_create(const char *name, const uint8_t *prefix,
			   uint8_t plen, uint8_t len);
void pool6_free(struct pool6 *p);
const char *pool6_name(const struct pool6 *p);
/* The length of the prefixes it hands out. */
uint8_t pool6_length(const struct pool6 *p);
/* Octets a pool of 2^bits prefixes takes (its bitmap), 0 when invalid. */
size_t pool6_footprint(unsigned int bits);

/* A free prefix into out (16 octets, host bits zero). 0 or -ENOSPC. */
int pool6_alloc(struct pool6 *p, uint8_t *out);
/*
 * Mark pfx (a user's static prefix) in use: 0, -ENOENT (not one of the
 * pool's prefixes: outside it, or host bits past its length set) or
 * -EADDRINUSE.
 */
int pool6_reserve(struct pool6 *p, const uint8_t *pfx);
/* Give pfx back: 0, -ENOENT or -EALREADY (not in use; counted). */
int pool6_release(struct pool6 *p, const uint8_t *pfx);
bool pool6_contains(const struct pool6 *p, const uint8_t *pfx);
bool pool6_in_use(const struct pool6 *p, const uint8_t *pfx);
void pool6_stats(const struct pool6 *p, struct pool6_stats *st);

/* ---- named pools ---- */
struct pool6_set {
	struct pool6 *pools[POOL6_MAX_POOLS];
	unsigned int n;
};

/* Takes p. 0, -EEXIST (name taken), -ENOSPC (POOL6_MAX_POOLS). */
int pool6_set_add(struct pool6_set *s, struct pool6 *p);
struct pool6 *pool6_set_find(const struct pool6_set *s, const char *name);
/* The pool one of whose prefixes pfx is (a static prefix), or NULL. */
struct pool6 *pool6_set_owner(const struct pool6_set *s, const uint8_t *pfx);
/* Frees every pool; the set is empty again. */
void pool6_set_clear(struct pool6_set *s);

#endif /* LNS_POOL6_H */
