/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The upstream half of the session tables (dp_table.h): OUR (tunnel ID,
 * session ID) -> entry and session_index, as a tunnel-indexed table of
 * per-tunnel session arrays grown on demand.
 *
 *   tun[tid] = (per-tunnel array of struct dp_up_slot: the entry, and a
 *              copy of what upstream checks of it with its index) |
 *              log2(its capacity)    (0 = no array yet)
 *
 * A lookup is one 8-byte load from tun[] (max_tunnels + 1 entries: 32 KiB
 * at 4096 tunnels, hot in cache for the tunnels that carry traffic) and
 * one 32-byte slot of the tunnel's array, with no hashing and no key
 * compare. The slot holds the entry itself (not only its index, which
 * would need a load from sess[] first) and, since 2026-12-04, a copy of
 * the fields every IPv4 packet checks (struct dp_sess_up: peer address
 * and port, subscriber address, flags, MSS, index; written under a
 * seqcount, dp_table.h), so the worker does not read the entry at all
 * for an IPv4 packet from the subscriber's own address: at 1M sessions
 * each cache line a packet touches is a DRAM miss, and the entry's line
 * was one of three (docs/benchmarks.md, "The upstream slot's copy").
 * The arrays are 64-byte aligned, which leaves the low six bits
 * of the pointer for the capacity's log2, so reader sees pointer and
 * capacity in one atomic load and can never index a new capacity into an
 * old array.
 *
 * Why this shape: lnsd allocates its session IDs densely per tunnel
 * (control/ctl_l2tp_sess.c: lowest free from a cursor inside a per-tunnel
 * array that doubles when nearly full, never past
 * l2tp.max_sessions_per_tunnel), and its tunnel IDs densely in
 * 1..max_tunnels. A flat [tid][sid] array (the former "direct index")
 * was one load but sized for max_tunnels x max_sessions_per_tunnel
 * up front: 1 GiB at lnsd's defaults, so the defaults fell back to
 * rte_hash (+100..150 cycles a packet at 64k sessions, docs/benchmarks.md).
 * Per-tunnel arrays cost 32 B per session ID up to the tunnel's highest
 * (at most twice its live sessions + 64, like the control side's own
 * array) plus 8 B per possible tunnel, whatever the limits.
 *
 * Growth (writer only, at an ADD whose session ID is beyond the tunnel's
 * capacity): a new array of the next power of two >= sid + 1 (at least
 * DP_TABLE_UP_MIN_CAP, at most max_sessions_per_tunnel + 1 rounded up),
 * the old contents copied, the new word published with a release store;
 * the old array is freed only after a grace period of the tables' RCU
 * (dp_table_defer.h), since a reader may still be reading it. Arrays are never shrunk: a tunnel's array lives
 * until the tables are freed (a tunnel ID is reused by the next tunnel).
 *
 * Private to dp_table.c (the inline lookups are in dp_table.h).
 */
#ifndef LNS_DP_TABLE_UP_H
#define LNS_DP_TABLE_UP_H

#include <stdint.h>

struct dp_table;
struct dp_table_params;

/* Smallest per-tunnel array: 64 IDs, 1 KiB. */
#define DP_TABLE_UP_MIN_CAP	64u

/* tun[] for the tunnel and session ID limits of p; 0 or -ENOMEM. */
int dp_table_up_create(struct dp_table *t, const struct dp_table_params *p);
/* Frees every array (no reader may be left: dp_table_free()). */
void dp_table_up_free(struct dp_table *t);

/* Writer: the session_index of key; 0 or -ENOENT. */
int dp_table_up_find(const struct dp_table *t, uint32_t key, uint32_t *idx);
/*
 * Writer: publish entry s at index idx for key (growing the tunnel's
 * array first). 0, -EINVAL (IDs beyond the limits, counted bad_key) or
 * -ENOMEM (counted up_nomem: the ADD fails, nothing changed).
 */
int dp_table_up_set(struct dp_table *t, uint32_t key, uint32_t idx,
		    struct dp_session *s);
/* Writer: key's entry is now s (MODIFY), or none (s NULL: DELETE). */
void dp_table_up_replace(struct dp_table *t, uint32_t key,
			 struct dp_session *s);
#endif /* LNS_DP_TABLE_UP_H */
