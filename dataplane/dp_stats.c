/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "dp_stats.h"

static struct dp_stats dp_lcore_stats[RTE_MAX_LCORE];

static const char *const dp_drop_names[] = {
#define DP_DROP(n, s) [DP_DROP_ ## n] = s,
#include "dp_drop.def"
};

static const char *const dp_punt_names[] = {
#define DP_PUNT(n, s) [DP_PUNT_ ## n] = s,
#include "dp_drop.def"
};

const char *
dp_drop_name(enum dp_drop_reason r)
{
	return r < DP_DROP_MAX ? dp_drop_names[r] : "unknown";
}

const char *
dp_punt_name(enum dp_punt_reason r)
{
	return r < DP_PUNT_MAX ? dp_punt_names[r] : "unknown";
}

struct dp_stats *
dp_stats_lcore(unsigned int lcore)
{
	return lcore < RTE_MAX_LCORE ? &dp_lcore_stats[lcore] : NULL;
}

/* Every field is a uint64_t counter (and the padding stays zero). */
static void
dp_stats_add(struct dp_stats *out, unsigned int lcore)
{
	const volatile uint64_t *s =
		(const volatile uint64_t *)&dp_lcore_stats[lcore];
	uint64_t *o = (uint64_t *)out;
	unsigned int i;

	for (i = 0; i < sizeof(*out) / sizeof(uint64_t); i++)
		o[i] += s[i];
}

void
dp_stats_read(struct dp_stats *out)
{
	unsigned int l;

	memset(out, 0, sizeof(*out));
	for (l = 0; l < RTE_MAX_LCORE; l++)
		dp_stats_add(out, l);
}

void
dp_stats_read_lcore(unsigned int lcore, struct dp_stats *out)
{
	memset(out, 0, sizeof(*out));
	if (lcore < RTE_MAX_LCORE)
		dp_stats_add(out, lcore);
}
