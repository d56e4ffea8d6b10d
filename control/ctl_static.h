/* SPDX-License-Identifier: BSD-3-Clause
 *
 * static_sessions (config/cfg.h): test-bed sessions installed straight
 * into the dataplane tables at start-up, with no L2TP or PPP signalling.
 * They take tunnel IDs 1..tunnels and session indexes 0..N-1, which the
 * dynamic allocators never hand out.
 */
#ifndef LNS_CTL_STATIC_H
#define LNS_CTL_STATIC_H

#include <stdint.h>

#include "cfg.h"

/* After ctl_push_init(), before the workers start. Sessions installed. */
int ctl_static_init(const struct cfg *cfg, uint32_t *installed);

/* Subscriber address (network order) of static session t/s, 1-based. */
uint32_t ctl_static_addr(const struct cfg_static *st, uint32_t t, uint32_t s);

#endif /* LNS_CTL_STATIC_H */
