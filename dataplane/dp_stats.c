/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "dp_stats.h"

struct dp_lcore_stats dp_stats[RTE_MAX_LCORE];

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

/* Every field is a uint64_t counter (and the padding stays zero). */
void
dp_stats_sum(struct dp_lcore_stats *out)
{
	uint64_t *o = (uint64_t *)out;
	unsigned int l, i;

	memset(out, 0, sizeof(*out));
	for (l = 0; l < RTE_MAX_LCORE; l++) {
		const volatile uint64_t *s =
			(const volatile uint64_t *)&dp_stats[l];

		for (i = 0; i < sizeof(*out) / sizeof(uint64_t); i++)
			o[i] += s[i];
	}
}
