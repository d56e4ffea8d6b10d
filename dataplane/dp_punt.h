/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The workers' side of the punt path (private to the dataplane; the
 * control lcore reads struct dp_punt_meta through dp_api.h). A punted
 * mbuf carries its metadata in an mbuf dynamic field registered by
 * dp_punt_init(), never in the RSS hash or another field with a meaning
 * of its own.
 */
#ifndef LNS_DP_PUNT_H
#define LNS_DP_PUNT_H

#include <stdint.h>

#include <rte_mbuf.h>
#include <rte_ring.h>

#include "dp_api.h"

/* Register the dynfield (EAL up); 0 or negative errno. Idempotent. */
int dp_punt_init(void);

/* The ring workers punt into (multi-producer, the control lcore consumes). */
int dp_punt_ring_create(unsigned int size);
void dp_punt_ring_free(void);
struct rte_ring *dp_punt_ring_get(void);

/* Write m's metadata: a punt without a session. */
void dp_punt_tag(struct rte_mbuf *m, enum dp_punt_reason reason, uint16_t mtu,
		 int down);
/* Write m's whole metadata (session fast-path punts). */
void dp_punt_tag_meta(struct rte_mbuf *m, const struct dp_punt_meta *meta);

#endif /* LNS_DP_PUNT_H */
