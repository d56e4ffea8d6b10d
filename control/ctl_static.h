/* SPDX-License-Identifier: BSD-3-Clause
 *
 * static_sessions (config/cfg.h): test-bed sessions installed straight
 * into the dataplane tables at start-up, with no L2TP or PPP signalling.
 * They reserve tunnel IDs 1..tunnels (ctl_l2tp_reserve_tunnel_ids()) and
 * session indexes 0..N-1 (ctl_push_reserve()), which the dynamic
 * allocators then never hand out.
 */
#ifndef LNS_CTL_STATIC_H
#define LNS_CTL_STATIC_H

#include <stdint.h>

#include "cfg.h"

/* After the L2TP glue and the pusher, before the first call. */
int ctl_static_init(const struct cfg *cfg);

/* Subscriber address (network order) of static session t/s, 1-based. */
uint32_t ctl_static_addr(const struct cfg_static *st, uint32_t t, uint32_t s);

#endif /* LNS_CTL_STATIC_H */
