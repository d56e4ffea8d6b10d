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

void
dp_stats_sum(struct dp_lcore_stats *out)
{
	unsigned int l, i;

	memset(out, 0, sizeof(*out));
	for (l = 0; l < RTE_MAX_LCORE; l++) {
		const volatile struct dp_lcore_stats *s = &dp_stats[l];

		out->rx_pkts += s->rx_pkts;
		out->tx_pkts += s->tx_pkts;
		out->ctl_tx_pkts += s->ctl_tx_pkts;
		for (i = 0; i < DP_PUNT_MAX; i++)
			out->punt[i] += s->punt[i];
		for (i = 0; i < DP_DROP_MAX; i++)
			out->drop[i] += s->drop[i];
	}
}
