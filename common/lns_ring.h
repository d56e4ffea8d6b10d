/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef LNS_RING_H
#define LNS_RING_H

#include <rte_mbuf.h>
#include <rte_ring.h>

/* Free every mbuf still queued on r (shutdown paths only). */
static inline void
lns_ring_drain_free(struct rte_ring *r)
{
	void *objs[32];
	unsigned int n;

	while ((n = rte_ring_dequeue_burst(r, objs, RTE_DIM(objs), NULL)) > 0)
		rte_pktmbuf_free_bulk((struct rte_mbuf **)objs, n);
}

#endif /* LNS_RING_H */
