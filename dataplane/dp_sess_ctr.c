/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include <rte_lcore.h>
#include <rte_malloc.h>

#include "dp_sess_ctr.h"

static struct dp_session_counters *dp_sess_ctr[RTE_MAX_LCORE];
static uint32_t dp_sess_ctr_max;

int
dp_sess_ctr_init(uint32_t max_sessions)
{
	unsigned int lcore;

	dp_sess_ctr_max = max_sessions;
	RTE_LCORE_FOREACH_WORKER(lcore) {
		dp_sess_ctr[lcore] = rte_zmalloc_socket("dp_sess_ctr",
			(size_t)max_sessions * sizeof(*dp_sess_ctr[lcore]),
			RTE_CACHE_LINE_SIZE, (int)rte_lcore_to_socket_id(lcore));
		if (dp_sess_ctr[lcore] == NULL)
			return -ENOMEM;
	}
	return 0;
}

void
dp_sess_ctr_fini(void)
{
	unsigned int l;

	for (l = 0; l < RTE_MAX_LCORE; l++) {
		rte_free(dp_sess_ctr[l]);
		dp_sess_ctr[l] = NULL;
	}
	dp_sess_ctr_max = 0;
}

struct dp_session_counters *
dp_sess_ctr_lcore(unsigned int lcore)
{
	return lcore < RTE_MAX_LCORE ? dp_sess_ctr[lcore] : NULL;
}

void
dp_session_counters(uint32_t idx, struct dp_session_counters *out)
{
	unsigned int l;

	memset(out, 0, sizeof(*out));
	if (idx >= dp_sess_ctr_max)
		return;
	for (l = 0; l < RTE_MAX_LCORE; l++) {
		const volatile struct dp_session_counters *c;

		if (dp_sess_ctr[l] == NULL)
			continue;
		c = &dp_sess_ctr[l][idx];
		out->up_pkts += c->up_pkts;
		out->up_bytes += c->up_bytes;
		out->down_pkts += c->down_pkts;
		out->down_bytes += c->down_bytes;
	}
}
