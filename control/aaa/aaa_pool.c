/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPv4 address pools: per-range bitmaps with a cursor, see aaa_pool.h.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "aaa_pool.h"

struct aaa_pool_range {
	uint32_t first;
	uint32_t size;		/* addresses, last = first + size - 1 */
	uint32_t free;		/* addresses not in use */
	uint32_t cursor;	/* offset where the next scan starts */
	uint64_t *bits;		/* 1 = in use; bits past size are set */
	bool draining;		/* left the pool: no new leases (reshape) */
};

struct aaa_pool {
	char name[AAA_POOL_NAME_MAX + 1];
	struct aaa_pool_range *ranges;	/* sorted by first, disjoint */
	uint32_t nranges;
	uint32_t cur;			/* range the next alloc starts in */
	struct aaa_pool_stats st;
};

struct aaa_pool_set {
	struct aaa_pool **pools;
	size_t n;
};

struct aaa_pool *
aaa_pool_create(const char *name)
{
	struct aaa_pool *pool;
	size_t len;

	if (name == NULL)
		return NULL;
	len = strlen(name);
	if (len == 0 || len > AAA_POOL_NAME_MAX)
		return NULL;
	pool = calloc(1, sizeof(*pool));
	if (pool == NULL)
		return NULL;
	memcpy(pool->name, name, len + 1);
	return pool;
}

void
aaa_pool_free(struct aaa_pool *pool)
{
	uint32_t i;

	if (pool == NULL)
		return;
	for (i = 0; i < pool->nranges; i++)
		free(pool->ranges[i].bits);
	free(pool->ranges);
	free(pool);
}

const char *
aaa_pool_name(const struct aaa_pool *pool)
{
	return pool->name;
}

int
aaa_pool_add_range(struct aaa_pool *pool, uint32_t first, uint32_t last)
{
	struct aaa_pool_range *r, *nr;
	uint64_t size;
	uint32_t i, pos, words;

	if (first > last)
		return -EINVAL;
	size = (uint64_t)last - first + 1;
	if (size + pool->st.size > AAA_POOL_MAX_SIZE)
		return -E2BIG;
	/* Sorted insert position; reject overlaps with both neighbours. */
	for (pos = 0; pos < pool->nranges; pos++)
		if (pool->ranges[pos].first > first)
			break;
	if (pos > 0) {
		r = &pool->ranges[pos - 1];
		if ((uint64_t)r->first + r->size > first)
			return -EEXIST;
	}
	if (pos < pool->nranges && pool->ranges[pos].first <= last)
		return -EEXIST;

	nr = realloc(pool->ranges, (pool->nranges + 1) * sizeof(*nr));
	if (nr == NULL)
		return -ENOMEM;
	pool->ranges = nr;
	words = (uint32_t)((size + 63) / 64);
	r = &nr[pos];
	memmove(r + 1, r, (pool->nranges - pos) * sizeof(*r));
	r->bits = calloc(words, sizeof(uint64_t));
	if (r->bits == NULL) {
		memmove(r, r + 1, (pool->nranges - pos) * sizeof(*r));
		return -ENOMEM;
	}
	/* Bits past the end are "in use" so that scans never return them. */
	if (size % 64 != 0)
		r->bits[words - 1] = ~0ULL << (size % 64);
	r->first = first;
	r->size = (uint32_t)size;
	r->free = (uint32_t)size;
	r->cursor = 0;
	r->draining = false;
	pool->nranges++;
	pool->st.size += (uint32_t)size;
	/* Indexes moved: restart the round-robin at the first range. */
	for (i = 0; i < pool->nranges; i++)
		pool->ranges[i].cursor = 0;
	pool->cur = 0;
	return 0;
}

int
aaa_pool_prefix_span(uint32_t addr, unsigned plen, struct aaa_pool_span *s)
{
	uint32_t mask, net, bcast;

	if (plen > 32)
		return -EINVAL;
	mask = plen == 0 ? 0 : ~0u << (32 - plen);
	net = addr & mask;
	bcast = net | ~mask;
	s->first = net;
	s->last = bcast;
	if (plen < 31) {	/* RFC 3021 /31, host /32 keep both ends */
		s->first++;
		s->last--;
	}
	return 0;
}

int
aaa_pool_add_prefix(struct aaa_pool *pool, uint32_t addr, unsigned plen)
{
	struct aaa_pool_span s;

	if (aaa_pool_prefix_span(addr, plen, &s) != 0)
		return -EINVAL;
	return aaa_pool_add_range(pool, s.first, s.last);
}

/* Range holding addr, or NULL (binary search). */
static struct aaa_pool_range *
pool_find(const struct aaa_pool *pool, uint32_t addr)
{
	uint32_t lo = 0, hi = pool->nranges, mid;
	struct aaa_pool_range *r;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = &pool->ranges[mid];
		if (addr < r->first)
			hi = mid;
		else if (addr - r->first >= r->size)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}

static void
pool_used(struct aaa_pool *pool)
{
	pool->st.used++;
	if (pool->st.used > pool->st.peak)
		pool->st.peak = pool->st.used;
}

int
aaa_pool_alloc(struct aaa_pool *pool, uint32_t *addr)
{
	struct aaa_pool_range *r;
	uint32_t n, k, w, words, bit;
	uint64_t m;

	for (n = 0; n < pool->nranges; n++) {
		k = (pool->cur + n) % pool->nranges;
		r = &pool->ranges[k];
		if (r->free == 0 || r->draining)
			continue;
		words = (r->size + 63) / 64;
		/*
		 * Free bits at or after the cursor first, then the following
		 * words; a free bit exists, so coming back round to the
		 * cursor's word (whole word this time) ends the scan.
		 */
		w = r->cursor / 64;
		m = ~r->bits[w] & (~0ULL << (r->cursor % 64));
		while (m == 0) {
			w = (w + 1) % words;
			m = ~r->bits[w];
		}
		bit = w * 64 + (uint32_t)__builtin_ctzll(m);
		r->bits[w] |= 1ULL << (bit % 64);
		r->free--;
		r->cursor = bit + 1 < r->size ? bit + 1 : 0;
		pool->cur = k;
		*addr = r->first + bit;
		pool_used(pool);
		pool->st.allocs++;
		return 0;
	}
	pool->st.exhausted++;
	return -ENOSPC;
}

int
aaa_pool_reserve(struct aaa_pool *pool, uint32_t addr)
{
	struct aaa_pool_range *r = pool_find(pool, addr);
	uint32_t off;

	if (r == NULL)
		return -ENOENT;
	off = addr - r->first;
	if (r->bits[off / 64] & (1ULL << (off % 64)))
		return -EADDRINUSE;
	r->bits[off / 64] |= 1ULL << (off % 64);
	r->free--;
	/* A static address in a draining range: its lease drains too. */
	if (r->draining)
		pool->st.draining++;
	pool_used(pool);
	return 0;
}

/* A drained range's last lease is back: the range is gone. */
static void
pool_drop_range(struct aaa_pool *pool, struct aaa_pool_range *r)
{
	uint32_t i = (uint32_t)(r - pool->ranges);

	free(r->bits);
	memmove(r, r + 1, (pool->nranges - i - 1) * sizeof(*r));
	pool->nranges--;
	pool->cur = 0;
}

int
aaa_pool_release(struct aaa_pool *pool, uint32_t addr)
{
	struct aaa_pool_range *r = pool_find(pool, addr);
	uint32_t off;

	if (r == NULL)
		return -ENOENT;
	off = addr - r->first;
	if (!(r->bits[off / 64] & (1ULL << (off % 64)))) {
		pool->st.double_release++;
		return -EALREADY;
	}
	r->bits[off / 64] &= ~(1ULL << (off % 64));
	r->free++;
	pool->st.used--;
	if (r->draining) {
		pool->st.draining--;
		if (r->free == r->size)
			pool_drop_range(pool, r);
	}
	return 0;
}

bool
aaa_pool_contains(const struct aaa_pool *pool, uint32_t addr)
{
	return pool_find(pool, addr) != NULL;
}

bool
aaa_pool_in_use(const struct aaa_pool *pool, uint32_t addr)
{
	const struct aaa_pool_range *r = pool_find(pool, addr);
	uint32_t off;

	if (r == NULL)
		return false;
	off = addr - r->first;
	return (r->bits[off / 64] & (1ULL << (off % 64))) != 0;
}

void
aaa_pool_stats(const struct aaa_pool *pool, struct aaa_pool_stats *st)
{
	*st = pool->st;
}

/* ---- reshape (configuration reload) ---- */

static int
span_cmp(const void *a, const void *b)
{
	const struct aaa_pool_span *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

static int
range_cmp(const void *a, const void *b)
{
	const struct aaa_pool_range *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

/* Addresses of first..last in use in pool. */
static uint32_t
pool_used_in(const struct aaa_pool *pool, uint32_t first, uint32_t last)
{
	uint32_t a = first, n = 0;

	for (;;) {
		n += aaa_pool_in_use(pool, a);
		if (a++ == last)
			return n;
	}
}

/* A range first..last with the in-use bits old has there. */
static int
range_build(struct aaa_pool_range *r, const struct aaa_pool *old,
	    uint32_t first, uint32_t last, bool draining)
{
	uint64_t size = (uint64_t)last - first + 1;
	uint32_t words = (uint32_t)((size + 63) / 64), off;

	memset(r, 0, sizeof(*r));
	r->bits = calloc(words, sizeof(uint64_t));
	if (r->bits == NULL)
		return -ENOMEM;
	if (size % 64 != 0)
		r->bits[words - 1] = ~0ULL << (size % 64);
	r->first = first;
	r->size = (uint32_t)size;
	r->free = (uint32_t)size;
	r->draining = draining;
	for (off = 0; off < size; off++)
		if (aaa_pool_in_use(old, first + off)) {
			r->bits[off / 64] |= 1ULL << (off % 64);
			r->free--;
		}
	return 0;
}

struct range_vec {
	struct aaa_pool_range *v;
	uint32_t n, cap;
};

static int
range_vec_add(struct range_vec *rv, const struct aaa_pool *old,
	      uint32_t first, uint32_t last, bool draining)
{
	struct aaa_pool_range *nv;

	if (rv->n == rv->cap) {
		nv = realloc(rv->v, (rv->cap * 2 + 4) * sizeof(*nv));
		if (nv == NULL)
			return -ENOMEM;
		rv->v = nv;
		rv->cap = rv->cap * 2 + 4;
	}
	if (range_build(&rv->v[rv->n], old, first, last, draining) != 0)
		return -ENOMEM;
	rv->n++;
	return 0;
}

/* What of old range r is outside sorted spans and still in use: draining. */
static int
range_vec_drain(struct range_vec *rv, const struct aaa_pool *old,
		const struct aaa_pool_range *r, const struct aaa_pool_span *s,
		unsigned int n)
{
	uint64_t cur = r->first, last = (uint64_t)r->first + r->size - 1;
	uint64_t piece[2][2];
	unsigned int i, k, np;
	int rc;

	for (i = 0; i <= n && cur <= last; i++) {
		np = 0;
		if (i == n) {
			piece[np][0] = cur;
			piece[np++][1] = last;
		} else if (s[i].last >= cur && s[i].first <= last) {
			if (s[i].first > cur) {
				piece[np][0] = cur;
				piece[np++][1] = s[i].first - 1;
			}
			cur = (uint64_t)s[i].last + 1;
		}
		for (k = 0; k < np; k++) {
			if (pool_used_in(old, (uint32_t)piece[k][0],
					 (uint32_t)piece[k][1]) == 0)
				continue;
			rc = range_vec_add(rv, old, (uint32_t)piece[k][0],
					   (uint32_t)piece[k][1], true);
			if (rc != 0)
				return rc;
		}
	}
	return 0;
}

static void
range_vec_free(struct range_vec *rv)
{
	uint32_t i;

	for (i = 0; i < rv->n; i++)
		free(rv->v[i].bits);
	free(rv->v);
}

int
aaa_pool_spans_check(struct aaa_pool_span *s, unsigned int n)
{
	uint64_t total = 0;
	unsigned int i;

	if (n > 0)
		qsort(s, n, sizeof(*s), span_cmp);
	for (i = 0; i < n; i++) {
		if (s[i].first > s[i].last)
			return -EINVAL;
		if (i > 0 && s[i].first <= s[i - 1].last)
			return -EEXIST;
		total += (uint64_t)s[i].last - s[i].first + 1;
	}
	return total > AAA_POOL_MAX_SIZE ? -E2BIG : 0;
}

bool
aaa_pool_same(const struct aaa_pool *pool, const struct aaa_pool_span *s,
	      unsigned int n)
{
	unsigned int i, k = 0;

	for (i = 0; i < pool->nranges; i++) {
		const struct aaa_pool_range *r = &pool->ranges[i];

		if (r->draining)
			continue;
		if (k == n || r->first != s[k].first ||
		    (uint64_t)r->first + r->size - 1 != s[k].last)
			return false;
		k++;
	}
	return k == n;
}

int
aaa_pool_reshape(struct aaa_pool *pool, const struct aaa_pool_span *spans,
		 unsigned int n)
{
	struct range_vec rv = { 0 };
	struct aaa_pool_span *s = NULL;
	unsigned int i;
	int rc;

	if (n > 0) {
		s = malloc(n * sizeof(*s));
		if (s == NULL)
			return -ENOMEM;
		memcpy(s, spans, n * sizeof(*s));
	}
	rc = aaa_pool_spans_check(s, n);
	for (i = 0; i < n && rc == 0; i++)
		rc = range_vec_add(&rv, pool, s[i].first, s[i].last, false);
	for (i = 0; i < pool->nranges && rc == 0; i++)
		rc = range_vec_drain(&rv, pool, &pool->ranges[i], s, n);
	free(s);
	if (rc != 0) {
		range_vec_free(&rv);
		return rc;
	}
	qsort(rv.v, rv.n, sizeof(*rv.v), range_cmp);
	for (i = 0; i < pool->nranges; i++)
		free(pool->ranges[i].bits);
	free(pool->ranges);
	pool->ranges = rv.v;
	pool->nranges = rv.n;
	pool->cur = 0;
	pool->st.size = 0;
	pool->st.used = 0;
	pool->st.draining = 0;
	for (i = 0; i < rv.n; i++) {
		const struct aaa_pool_range *r = &rv.v[i];

		pool->st.used += r->size - r->free;
		if (r->draining)
			pool->st.draining += r->size - r->free;
		else
			pool->st.size += r->size;
	}
	return 0;
}

/* ---- set ---- */

struct aaa_pool_set *
aaa_pool_set_create(void)
{
	return calloc(1, sizeof(struct aaa_pool_set));
}

void
aaa_pool_set_free(struct aaa_pool_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		aaa_pool_free(set->pools[i]);
	free(set->pools);
	free(set);
}

int
aaa_pool_set_add(struct aaa_pool_set *set, struct aaa_pool *pool)
{
	struct aaa_pool **n;

	if (aaa_pool_set_find(set, pool->name) != NULL)
		return -EEXIST;
	n = realloc(set->pools, (set->n + 1) * sizeof(*n));
	if (n == NULL)
		return -ENOMEM;
	set->pools = n;
	set->pools[set->n++] = pool;
	return 0;
}

struct aaa_pool *
aaa_pool_set_find(const struct aaa_pool_set *set, const char *name)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->pools[i]->name, name) == 0)
			return set->pools[i];
	return NULL;
}

void
aaa_pool_set_walk(const struct aaa_pool_set *set,
	void (*fn)(const struct aaa_pool *pool, void *arg), void *arg)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		fn(set->pools[i], arg);
}
