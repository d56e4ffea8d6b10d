/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf_dyn.h>

#include "dp_punt.h"
#include "lns_ring.h"

static int dp_punt_meta_off = -1;
static struct rte_ring *dp_punt_ring;

int
dp_punt_init(void)
{
	static const struct rte_mbuf_dynfield desc = {
		.name = "lnsd_dynfield_punt_meta",
		.size = sizeof(struct dp_punt_meta),
		.align = __alignof__(struct dp_punt_meta),
	};
	int off;

	if (dp_punt_meta_off >= 0)
		return 0;
	off = rte_mbuf_dynfield_register(&desc);
	if (off < 0)
		return -rte_errno;
	dp_punt_meta_off = off;
	return 0;
}

int
dp_punt_ring_create(unsigned int size)
{
	dp_punt_ring = rte_ring_create("lns_punt", size, (int)rte_socket_id(),
				       RING_F_SC_DEQ);
	return dp_punt_ring == NULL ? -rte_errno : 0;
}

void
dp_punt_ring_free(void)
{
	if (dp_punt_ring == NULL)
		return;
	lns_ring_drain_free(dp_punt_ring);
	rte_ring_free(dp_punt_ring);
	dp_punt_ring = NULL;
}

struct rte_ring *
dp_punt_ring_get(void)
{
	return dp_punt_ring;
}

void
dp_punt_tag_meta(struct rte_mbuf *m, const struct dp_punt_meta *meta)
{
	*RTE_MBUF_DYNFIELD(m, dp_punt_meta_off, struct dp_punt_meta *) = *meta;
}

void
dp_punt_tag(struct rte_mbuf *m, enum dp_punt_reason reason, uint16_t mtu,
	    int down)
{
	struct dp_punt_meta meta = {
		.reason = (uint8_t)reason,
		.down = down != 0,
		.mtu = mtu,
		.session_index = UINT32_MAX,
	};

	dp_punt_tag_meta(m, &meta);
}

const struct dp_punt_meta *
dp_punt_meta(const struct rte_mbuf *m)
{
	return RTE_MBUF_DYNFIELD(m, dp_punt_meta_off, const struct dp_punt_meta *);
}

unsigned int
dp_punt_dequeue(struct rte_mbuf **pkts, unsigned int n)
{
	if (dp_punt_ring == NULL)
		return 0;
	return rte_ring_sc_dequeue_burst(dp_punt_ring, (void **)pkts, n, NULL);
}

void
dp_punt_info(struct dp_punt_info *out)
{
	out->used = 0;
	out->capacity = 0;
	if (dp_punt_ring == NULL)
		return;
	out->used = rte_ring_count(dp_punt_ring);
	out->capacity = rte_ring_get_capacity(dp_punt_ring);
}
