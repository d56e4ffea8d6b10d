/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The IPv6 half of the session tables (dp_table.h): an rte_fib6 (TRIE,
 * 4-byte next hops) from an IPv6 destination to session_index + 1 - each
 * session's /64 and its IPv6 routes - plus our own addresses as /128s
 * whose next hop is DP_TABLE6_LOCAL_NH (punted, never forwarded). Beside
 * rte_fib for IPv4 as DPDK l3fwd keeps its lookup structures side by side.
 *
 * Same single writer and the same rules as dp_table.c: a session's
 * prefixes are added before its old ones are removed, so a MODIFY that
 * adds a delegated prefix never leaves a window with no route; the entry
 * behind an index is protected by the tables' RCU (a lookup yields an
 * index, the entry is read through dp_table_get()). rte_fib6 has the
 * same tbl8 reuse limit as rte_fib (dp_table.h, "Known limit").
 *
 * Memory (DPDK 22.11 TRIE, 4-byte next hops): a 64 MiB tbl24 and
 * nb_tbl8 groups of 1 KiB made at creation; a /64 takes one tbl8 group
 * per level past /24 that it does not share with an earlier prefix, so
 * /64s and /56s handed out densely from pools cost one group per 256
 * sessions at their last level, sparse ones up to five groups each.
 * Private to the dataplane.
 */
#ifndef LNS_DP_TABLE6_H
#define LNS_DP_TABLE6_H

#include <stdint.h>

#include "dp_api.h"

struct dp_table;
struct dp_table_params;

/* Next hop of our own addresses (TRIE 4B next hops are 31 bits). */
#define DP_TABLE6_LOCAL_NH	0x7fffffffu

/* Lookup result of an address of ours (dp_table_down6_index_bulk()). */
#define DP_TABLE_LOCAL		(UINT32_MAX - 1)

/* Creation (dp_table_create()): 0 or -rte_errno. */
int dp_table6_create(struct dp_table *t, const struct dp_table_params *p,
		     uint32_t seq);
void dp_table6_free(struct dp_table *t);

/*
 * Writer: point d's /64 (if DP_SESS_F_IPV6 and non-zero) and IPv6 routes
 * at idx and remove idx's previous ones that d no longer has; d = NULL
 * removes them all (DELETE).
 */
void dp_table6_set(struct dp_table *t, uint32_t idx,
		   const struct dp_session_desc *d);

/* Writer: add (add != 0) or remove one address of ours. 0 or -errno. */
int dp_table6_local(struct dp_table *t, const uint8_t addr[16], int add);

/*
 * Workers: n <= DP_TABLE_BURST destinations to session indexes,
 * DP_TABLE_NONE (no route) or DP_TABLE_LOCAL; returns the session hits.
 */
unsigned int dp_table_down6_index_bulk(const struct dp_table *t,
	const uint8_t (*ips)[16], unsigned int n, uint32_t *idx);

#endif /* LNS_DP_TABLE6_H */
