/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>

#include <rte_malloc.h>

#include "dp_seq.h"

uint16_t *dp_seq_ns;
uint32_t dp_seq_max;

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
