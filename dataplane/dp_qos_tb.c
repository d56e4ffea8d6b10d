/* SPDX-License-Identifier: BSD-3-Clause
 *
 * QoS parameters of a session entry (dp_qos_tb.h).
 */
#include <errno.h>
#include <string.h>

#include "dp_qos_tb.h"

/* ms of rate_bps in octets, at least min, at most UINT32_MAX. */
static uint64_t
dp_qos_burst(uint64_t rate_bps, uint32_t ms, uint32_t min)
{
	uint64_t b = rate_bps / 8000 * ms + rate_bps % 8000 * ms / 8000;

	return RTE_MIN(RTE_MAX(b, (uint64_t)min), (uint64_t)UINT32_MAX);
}

int
dp_qos_params_build(struct dp_qos_params *p, uint16_t *flags,
		    const struct dp_session_desc *d, uint64_t hz, int was_down)
{
	memset(p, 0, sizeof(*p));
	*flags &= (uint16_t)~DP_SESS_QOS_MASK;
	if (d->rate_up_bps != 0) {
		struct rte_meter_srtcm_params sp = {
			/* rte_meter wants octets per second. */
			.cir = RTE_MAX(d->rate_up_bps / 8, (uint64_t)1),
			.cbs = d->burst_up_bytes ? d->burst_up_bytes :
			       dp_qos_burst(d->rate_up_bps, DP_QOS_POL_BURST_MS,
					    DP_QOS_POL_BURST_MIN),
			.ebs = 0,
		};

		if (rte_meter_srtcm_profile_config(&p->pol, &sp) != 0)
			return -EINVAL;
		*flags |= DP_SESS_QOS_UP;
	}
	if (d->rate_down_bps != 0) {
		uint64_t burst = d->burst_down_bytes ? d->burst_down_bytes :
			dp_qos_burst(d->rate_down_bps, DP_QOS_SHP_BURST_MS,
				     DP_QOS_SHP_BURST_MIN);
		/* Octets per cycle x 2^32, rounded to nearest. */
		unsigned __int128 m = ((unsigned __int128)d->rate_down_bps <<
				       DP_QOS_SHIFT) + 4 * hz;

		m /= 8 * (unsigned __int128)hz;
		if (m > UINT64_MAX)	/* > 2^32 octets per cycle: absurd */
			return -EINVAL;
		p->shp_mult = RTE_MAX((uint64_t)m, (uint64_t)1);
		p->shp_cap = burst << DP_QOS_SHIFT;
		*flags |= DP_SESS_QOS_DOWN;
	} else if (was_down) {
		*flags |= DP_SESS_QOS_DOWN;	/* mult 0: drain, no limit */
	}
	return 0;
}
