/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_bitmap.h>
#include <rte_common.h>

#include "ip6.h"
#include "pool6.h"

struct pool6 {
	char name[POOL6_NAME_MAX + 1];
	uint8_t prefix[16];
	uint8_t plen, len;
	uint32_t size;
	struct rte_bitmap *free;	/* a set bit: a free prefix */
	uint8_t *mem;			/* the bitmap's, cache-line aligned */
	struct pool6_stats st;
};

size_t
pool6_footprint(unsigned int bits)
{
	if (bits > POOL6_MAX_BITS)
		return 0;
	return rte_bitmap_get_memory_footprint(1u << bits);
}

/* The index of pfx in the pool: its bits plen..len. */
static uint32_t
pool6_index(const struct pool6 *p, const uint8_t *pfx)
{
	uint32_t i = 0;
	unsigned int b;

	for (b = p->plen; b < p->len; b++)
		i = (i << 1) | ((pfx[b / 8] >> (7 - b % 8)) & 1u);
	return i;
}

static void
pool6_prefix_of(const struct pool6 *p, uint32_t i, uint8_t *out)
{
	unsigned int b;

	memcpy(out, p->prefix, 16);
	for (b = p->len; b-- > p->plen; i >>= 1)
		if (i & 1u)
			out[b / 8] |= (uint8_t)(0x80u >> (b % 8));
}

struct pool6 *
pool6_create(const char *name, const uint8_t *prefix, uint8_t plen,
	     uint8_t len)
{
	uint32_t pos, bits;
	struct pool6 *p;
	size_t fp;

	if (name == NULL || name[0] == '\0' || strlen(name) > POOL6_NAME_MAX ||
	    len > 128 || plen > len || len - plen > POOL6_MAX_BITS) {
		errno = EINVAL;
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return NULL;
	strcpy(p->name, name);
	ip6_prefix_mask(p->prefix, prefix, plen);
	p->plen = plen;
	p->len = len;
	p->size = 1u << (len - plen);
	fp = RTE_ALIGN_CEIL(pool6_footprint(len - plen),
			    (size_t)RTE_CACHE_LINE_SIZE);
	p->mem = aligned_alloc(RTE_CACHE_LINE_SIZE, fp);
	if (p->mem != NULL)
		p->free = rte_bitmap_init(p->size, p->mem, (uint32_t)fp);
	if (p->free == NULL) {
		free(p->mem);
		free(p);
		errno = ENOMEM;
		return NULL;
	}
	for (pos = 0; pos < p->size; pos += 64) {
		bits = p->size - pos < 64 ? p->size - pos : 64;
		rte_bitmap_set_slab(p->free, pos, bits == 64 ? UINT64_MAX :
				    (UINT64_C(1) << bits) - 1);
	}
	p->st.size = p->size;
	return p;
}

void
pool6_free(struct pool6 *p)
{
	if (p == NULL)
		return;
	rte_bitmap_free(p->free);
	free(p->mem);
	free(p);
}

const char *
pool6_name(const struct pool6 *p)
{
	return p->name;
}

uint8_t
pool6_length(const struct pool6 *p)
{
	return p->len;
}

bool
pool6_contains(const struct pool6 *p, const uint8_t *pfx)
{
	uint8_t m[16];

	ip6_prefix_mask(m, pfx, p->len);
	return ip6_prefix_eq(pfx, p->prefix, p->plen) &&
	       memcmp(m, pfx, 16) == 0;
}

bool
pool6_in_use(const struct pool6 *p, const uint8_t *pfx)
{
	return pool6_contains(p, pfx) &&
	       rte_bitmap_get(p->free, pool6_index(p, pfx)) == 0;
}

static void
pool6_take(struct pool6 *p, uint32_t i)
{
	rte_bitmap_clear(p->free, i);
	p->st.used++;
	if (p->st.used > p->st.peak)
		p->st.peak = p->st.used;
}

int
pool6_alloc(struct pool6 *p, uint8_t *out)
{
	uint64_t slab = 0;
	uint32_t pos = 0;

	if (p->st.used == p->size ||
	    rte_bitmap_scan(p->free, &pos, &slab) == 0) {
		p->st.exhausted++;
		return -ENOSPC;
	}
	pos += (uint32_t)__builtin_ctzll(slab);
	pool6_take(p, pos);
	pool6_prefix_of(p, pos, out);
	p->st.allocs++;
	return 0;
}

int
pool6_reserve(struct pool6 *p, const uint8_t *pfx)
{
	uint32_t i;

	if (!pool6_contains(p, pfx))
		return -ENOENT;
	i = pool6_index(p, pfx);
	if (rte_bitmap_get(p->free, i) == 0)
		return -EADDRINUSE;
	pool6_take(p, i);
	return 0;
}

int
pool6_release(struct pool6 *p, const uint8_t *pfx)
{
	uint32_t i;

	if (!pool6_contains(p, pfx))
		return -ENOENT;
	i = pool6_index(p, pfx);
	if (rte_bitmap_get(p->free, i) != 0) {
		p->st.double_release++;
		return -EALREADY;
	}
	rte_bitmap_set(p->free, i);
	p->st.used--;
	return 0;
}

void
pool6_stats(const struct pool6 *p, struct pool6_stats *st)
{
	*st = p->st;
}

int
pool6_set_add(struct pool6_set *s, struct pool6 *p)
{
	if (pool6_set_find(s, p->name) != NULL)
		return -EEXIST;
	if (s->n == POOL6_MAX_POOLS)
		return -ENOSPC;
	s->pools[s->n++] = p;
	return 0;
}

struct pool6 *
pool6_set_find(const struct pool6_set *s, const char *name)
{
	unsigned int i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->pools[i]->name, name) == 0)
			return s->pools[i];
	return NULL;
}

struct pool6 *
pool6_set_owner(const struct pool6_set *s, const uint8_t *pfx)
{
	unsigned int i;

	for (i = 0; i < s->n; i++)
		if (pool6_contains(s->pools[i], pfx))
			return s->pools[i];
	return NULL;
}

void
pool6_set_clear(struct pool6_set *s)
{
	unsigned int i;

	for (i = 0; i < s->n; i++)
		pool6_free(s->pools[i]);
	s->n = 0;
}
