/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The downstream half of the session tables (dp_table.h) for subscriber
 * addresses: a directory of every live session's IPv4 /32, beside the
 * FIB that keeps the routed prefixes (Framed-Route).
 *
 *   dtop[ip >> 16]                  -> struct dp_down_mid (NULL = none)
 *   mid->leaf[(ip >> 8) & 0xff]     -> 256 slots, one per address of
 *                                      the /24 (NULL = none)
 *   leaf[ip & 0xff]                 =  struct dp_slot: the entry and
 *                                      its index (NULL entry = none)
 *
 * Why not the FIB, as before: rte_fib's DIR-24-8 lookup reads tbl8 with
 * a demand load per packet (its bulk lookup prefetches tbl24 only), then
 * sess[] and the entry: three dependent cache misses a packet at 1M
 * sessions. Here dtop[] (512 KiB, a few lines hot) and the mids (2 KiB
 * each, one per /16 in use) stay in cache, and the slot holds the entry
 * itself, so a burst prefetches every slot, then every entry, as the
 * upstream lookup does. And the FIB's RIB keeps two 192-byte nodes per
 * route, preallocated for every route it may hold: with the /32s out of
 * it, it is sized for the routes only (max_sessions / 16 + 1024).
 *
 * Memory: 512 KiB at creation; 2 KiB + 512 B per /16 and 4 KiB per /24
 * holding a subscriber, allocated at the first and freed (after a grace
 * period, dp_table_defer.h) with the last. Address pools fill /24s: 16 B
 * per session. Addresses scattered one per /24 would cost 4 KiB each, so
 * the blocks are capped at max_sessions / 16 + 256; a /32 that would need
 * a block beyond the cap (or one rte_malloc refuses) goes into the FIB as
 * before (counted: down_spill).
 *
 * Longest match is kept: a /32 is the longest prefix there is, so a
 * directory hit is final and the FIB is asked only on a miss. As in the
 * FIB, a /32 another session already has is taken over, and whichever
 * session removes it last leaves none.
 *
 * Private to dp_table.c (the inline lookups are in dp_table.h).
 */
#ifndef LNS_DP_TABLE_DOWN_H
#define LNS_DP_TABLE_DOWN_H

#include <stdint.h>

struct dp_table;
struct dp_table_params;
struct dp_session;

/* dtop[] and the block cap for p; 0 or -ENOMEM. */
int dp_table_down_create(struct dp_table *t, const struct dp_table_params *p);
/* Frees every block (no reader may be left: dp_table_free()). */
void dp_table_down_free(struct dp_table *t);

/*
 * Writer: ip's slot names s at idx (ADD, MODIFY, a takeover). 0, or
 * -ENOSPC / -ENOMEM when ip's /24 has no block and none can be made
 * (nothing changed: the caller uses the FIB).
 */
int dp_table_down_set(struct dp_table *t, uint32_t ip, uint32_t idx,
		      struct dp_session *s);
/* Writer: ip has no session any more; its blocks go when empty. */
void dp_table_down_clear(struct dp_table *t, uint32_t ip);

#endif /* LNS_DP_TABLE_DOWN_H */
