/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The one verdict type of the fast path: what dp_classify() decided for a
 * received frame (DROP, PUNT, UP, DOWN) and what the session work of
 * dp_decap.h / dp_encap.h decided for a packet (DROP, PUNT, OK,
 * FRAGMENT); DOWN and DOWN6 are the two families of core-side
 * traffic to subscribers. Eight octets, no padding: returned in one register.
 *
 * On DROP and PUNT the mbuf is exactly as it was passed in: the caller
 * frees and counts it, or tags it (m->hash.usr = reason, and for
 * DP_PUNT_FRAG_NEEDED m->hash.fdir.hi = mtu: dp_punt.h) and enqueues it
 * to the control lcore, which answers with the ICMP message.
 */
#ifndef LNS_DP_VERDICT_H
#define LNS_DP_VERDICT_H

#include <stdint.h>

#include "dp_stats.h"

enum dp_verdict_kind {
	DP_VERDICT_DROP,	/* reason: dp_drop_reason */
	DP_VERDICT_PUNT,	/* reason: dp_punt_reason; mtu for FRAG_NEEDED */
	DP_VERDICT_UP,		/* IP in an L2TP data message: decap, forward */
	DP_VERDICT_DOWN,	/* IPv4 to a subscriber (core port): encap */
	DP_VERDICT_OK,		/* go on / rewritten, transmit */
	DP_VERDICT_FRAGMENT,	/* fragment to .mtu, then encap each */
	DP_VERDICT_DOWN6,	/* IPv6 not for us (core port): FIB6, encap */
};

/* dp_verdict.flags on OK: what the caller should count. */
#define DP_VERDICT_F_MSS_CLAMPED	0x01
#define DP_VERDICT_F_MSS_BAD_OPT	0x02	/* TCP options lie, left alone */

struct dp_verdict {
	uint8_t kind;			/* enum dp_verdict_kind */
	uint8_t reason;
	uint8_t flags;			/* DP_VERDICT_F_* */
	uint8_t rsvd;
	uint16_t mtu;			/* FRAGMENT, PUNT FRAG_NEEDED */
	uint16_t rsvd2;
};

_Static_assert(sizeof(struct dp_verdict) == 8,
	       "dp_verdict: one register, returned by value per packet");

static inline struct dp_verdict
dp_verdict_drop(enum dp_drop_reason r)
{
	return (struct dp_verdict){ .kind = DP_VERDICT_DROP,
		.reason = (uint8_t)r };
}

static inline struct dp_verdict
dp_verdict_punt(enum dp_punt_reason r, uint16_t mtu)
{
	return (struct dp_verdict){ .kind = DP_VERDICT_PUNT,
		.reason = (uint8_t)r, .mtu = mtu };
}

static inline struct dp_verdict
dp_verdict_up(void)
{
	return (struct dp_verdict){ .kind = DP_VERDICT_UP };
}

static inline struct dp_verdict
dp_verdict_down(void)
{
	return (struct dp_verdict){ .kind = DP_VERDICT_DOWN };
}

static inline struct dp_verdict
dp_verdict_down6(void)
{
	return (struct dp_verdict){ .kind = DP_VERDICT_DOWN6 };
}

static inline struct dp_verdict
dp_verdict_ok(uint8_t flags)
{
	return (struct dp_verdict){ .kind = DP_VERDICT_OK, .flags = flags };
}

static inline struct dp_verdict
dp_verdict_fragment(uint16_t mtu)
{
	return (struct dp_verdict){ .kind = DP_VERDICT_FRAGMENT, .mtu = mtu };
}

#endif /* LNS_DP_VERDICT_H */
