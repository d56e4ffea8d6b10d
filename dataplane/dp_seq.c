/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>

#include <rte_common.h>
#include <rte_malloc.h>

#include "dp_seq.h"

static uint16_t *dp_seq_ns;	/* [max_sessions] */
static uint32_t dp_seq_max;

int
dp_seq_init(uint32_t max_sessions)
{
	dp_seq_ns = rte_zmalloc("dp_seq_ns",
				(size_t)max_sessions * sizeof(*dp_seq_ns),
				RTE_CACHE_LINE_SIZE);
	if (dp_seq_ns == NULL)
		return -ENOMEM;
	dp_seq_max = max_sessions;
	return 0;
}

void
dp_seq_fini(void)
{
	rte_free(dp_seq_ns);
	dp_seq_ns = NULL;
	dp_seq_max = 0;
}

uint16_t *
dp_seq_array(void)
{
	return dp_seq_ns;
}

/* The control lcore hands idx to a session whose next Ns is ns. */
void
dp_seq_set(uint32_t idx, uint16_t ns)
{
	if (dp_seq_ns != NULL && idx < dp_seq_max)
		__atomic_store_n(&dp_seq_ns[idx], ns, __ATOMIC_RELAXED);
}

/* The next Ns of idx, without taking it (the session leaves the tables). */
uint16_t
dp_seq_peek(uint32_t idx)
{
	if (dp_seq_ns == NULL || idx >= dp_seq_max)
		return 0;
	return __atomic_load_n(&dp_seq_ns[idx], __ATOMIC_RELAXED);
}
