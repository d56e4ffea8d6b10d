/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Memory of the session tables' own index structures (the upstream
 * per-tunnel arrays, the downstream directory's blocks) that a reader
 * may still be reading when the writer replaces or empties it: freed
 * only after a grace period of the tables' RCU. A list of (memory,
 * QSBR token), reclaimed by dp_table_reclaim() and whenever the writer
 * is about to allocate such memory again.
 *
 * Private to dp_table*.c.
 */
#ifndef LNS_DP_TABLE_DEFER_H
#define LNS_DP_TABLE_DEFER_H

#include <stdint.h>

struct dp_table;

/*
 * Writer: free mem (rte_malloc'd) after a grace period starting now, and
 * then take bytes off *acct. 0, or -ENOMEM: nothing to hold it, so mem
 * was freed after a synchronous grace period instead (never leaked,
 * never freed under a reader).
 */
int dp_table_defer_free(struct dp_table *t, void *mem, uint64_t bytes,
			uint64_t *acct);
/* Writer: free what no reader can still see. */
void dp_table_defer_reclaim(struct dp_table *t);
/* Teardown (no reader left): free everything still waiting. */
void dp_table_defer_drop(struct dp_table *t);

#endif /* LNS_DP_TABLE_DEFER_H */
