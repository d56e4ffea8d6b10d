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
 * Memory (DPDK 22.11 TRIE, 4-byte next hops). The FIB6 is made by the
 * first IPv6 prefix or address of ours (a server that routes no IPv6
 * pays nothing): a 64 MiB tbl24, nb_tbl8_6 groups of 1 KiB (default
 * 2 x max_sessions + 1024, at most 2^20) and the RIB's nodes (two per
 * route, max_routes = 2 x max_sessions + 1024). The TRIE refuses a route
 * (counted as fib6_err) unless it can RESERVE, up front, one tbl8 group
 * per octet between the route's length and its longest covering route
 * (at least /24), whatever is really shared: a lone /64 reserves 5
 * groups, a /56 4, a /128 13.
 *
 * Covers. So that every session's /64 and a delegated /56 fit in two
 * groups, each prefix longer than /48 is put under covers of length
 * DP_TABLE6_COVER1 (/47) and DP_TABLE6_COVER2 (/55): routes with next
 * hop 0, which is also the FIB's default (a miss), so they change no
 * lookup; refcounted here, added with the first prefix under them,
 * removed with the last. Then a /64 reserves one group (56..64), a /56
 * one (48..56), a /128 nine; a cover itself reserves three (/47) or one
 * (/55) once for all the prefixes under it. Odd lengths because real
 * routes are seldom /47 or /55: a real route of exactly that length
 * takes the cover's place (it covers as well) and is never removed with
 * the cover.
 *
 * Private to the dataplane.
 */
#ifndef LNS_DP_TABLE6_H
#define LNS_DP_TABLE6_H

#include <stdint.h>

#include "dp_api.h"

struct dp_table;
struct dp_table_params;

#define DP_TABLE6_COVER1	47
#define DP_TABLE6_COVER2	55

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
 * Writer: port's set of our addresses becomes addr[0..n) (dp_local6_set():
 * the new ones added before the old ones are removed; an address another
 * port has stays). 0, -EINVAL, or -ENOSPC (some not installed).
 */
int dp_table6_local_set(struct dp_table *t, uint16_t port,
			const uint8_t addr[][16], unsigned int n);

/*
 * Workers: n <= DP_TABLE_BURST destinations to session indexes,
 * DP_TABLE_NONE (no route) or DP_TABLE_LOCAL; returns the session hits.
 */
unsigned int dp_table_down6_index_bulk(const struct dp_table *t,
	const uint8_t (*ips)[16], unsigned int n, uint32_t *idx);

#endif /* LNS_DP_TABLE6_H */
