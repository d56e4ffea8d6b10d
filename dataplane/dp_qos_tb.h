/* SPDX-License-Identifier: BSD-3-Clause
 *
 * A session's QoS parameters (docs/qos.md), built by the table writer from
 * the descriptor's rates and bursts into the immutable session entry
 * (dp_session.h), and the downstream shaper's token bucket arithmetic.
 * Private to the dataplane.
 *
 *   upstream     rte_meter srTCM, colour-blind, EBS 0: green passes, the
 *                rest is dropped (a single-rate two-colour policer).
 *   downstream   our own token bucket (the shaper), in units of 2^-32
 *                octet: tokens += dt x mult with a 64 x 64 -> 128-bit
 *                product, capped at the burst. Unsigned dt = now - last is
 *                right across a TSC wrap; the 128-bit product cannot
 *                overflow for any dt, so a long idle gap just fills the
 *                bucket.
 *
 * Why not rte_meter for the shaper too: rte_meter rounds its period to an
 * integer number of cycles >= 100, so its rate can be up to 1% high; the
 * shaper is what TCP sees for its whole life, and mult = rate x 2^32 / hz
 * rounds to < 0.05% at 8 kbit/s with a 4 GHz TSC (better above).
 */
#ifndef LNS_DP_QOS_TB_H
#define LNS_DP_QOS_TB_H

#include <stdint.h>

#include <rte_meter.h>

#include "dp_api.h"

/* Private dp_session.flags bits (the descriptor's are the low ones). */
#define DP_SESS_QOS_UP		0x4000	/* police upstream */
#define DP_SESS_QOS_DOWN	0x8000	/* shape downstream */
#define DP_SESS_QOS_MASK	(DP_SESS_QOS_UP | DP_SESS_QOS_DOWN)

/* Shaper token unit: 2^-DP_QOS_SHIFT octet. */
#define DP_QOS_SHIFT		32

/*
 * Default bursts (burst_*_bytes = 0), docs/qos.md:
 *   policer   100 ms of the rate, at least 2 x 1600 octets: TCP through
 *             a policer needs about one RTT of burst, or it never opens
 *             its window; two full frames let a back-to-back pair pass;
 *   shaper    1 ms of the rate, at least 1600 octets: one full frame
 *             leaves at once, and the bucket covers a slow loop pass
 *             (the FIFO is served once per pass) without losing rate.
 */
#define DP_QOS_POL_BURST_MS	500
#define DP_QOS_POL_BURST_MIN	16000
#define DP_QOS_SHP_BURST_MS	10
#define DP_QOS_SHP_BURST_MIN	16000

struct dp_qos_params {
	struct rte_meter_srtcm_profile pol;	/* upstream, if DP_SESS_QOS_UP */
	uint64_t shp_mult;		/* 2^-32 octet per TSC cycle; 0: no
					 * limit (a lifted rate, draining) */
	uint64_t shp_cap;		/* burst in 2^-32 octet */
};

/*
 * Fill p and the DP_SESS_QOS_* bits of *flags from d's rates for a TSC
 * of hz. Unlimited directions leave their bit clear, except that a
 * shaper lifted by MODIFY (was_down: the entry it replaces shaped) stays
 * on its path with no limit until the next ADD, so the packets already
 * in its FIFO leave before any newer one (docs/qos.md, "Order").
 * Returns 0 or -EINVAL (rte_meter refused the profile).
 */
int dp_qos_params_build(struct dp_qos_params *p, uint16_t *flags,
			const struct dp_session_desc *d, uint64_t hz,
			int was_down);

/* Refill: *tokens after dt cycles, capped at the burst (wrap-safe). */
static inline uint64_t
dp_qos_tb_fill(const struct dp_qos_params *p, uint64_t tokens, uint64_t dt)
{
	unsigned __int128 add = (unsigned __int128)dt * p->shp_mult;

	/* tokens may exceed a burst that MODIFY lowered. */
	if (tokens >= p->shp_cap || add >= p->shp_cap - tokens)
		return p->shp_cap;
	return tokens + (uint64_t)add;
}

/*
 * Whether len octets may leave with *tokens in the bucket; if so they
 * are taken. A packet larger than the whole burst leaves when the bucket
 * is full and empties it (otherwise it would block its FIFO for ever).
 */
static inline int
dp_qos_tb_take(const struct dp_qos_params *p, uint64_t *tokens, uint32_t len)
{
	uint64_t need = (uint64_t)len << DP_QOS_SHIFT;

	if (p->shp_mult == 0)
		return 1;
	if (*tokens >= need) {
		*tokens -= need;
		return 1;
	}
	if (*tokens == p->shp_cap) {
		*tokens = 0;
		return 1;
	}
	return 0;
}

/*
 * TSC cycles until a bucket holding tokens can let len octets leave
 * (dp_qos_tb_take() refused them): 0 with no limit.
 */
static inline uint64_t
dp_qos_tb_wait(const struct dp_qos_params *p, uint64_t tokens, uint32_t len)
{
	uint64_t need = RTE_MIN((uint64_t)len << DP_QOS_SHIFT, p->shp_cap);

	if (p->shp_mult == 0 || tokens >= need)
		return 0;
	return (need - tokens + p->shp_mult - 1) / p->shp_mult;
}

#endif /* LNS_DP_QOS_TB_H */
