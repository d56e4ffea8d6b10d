/* SPDX-License-Identifier: BSD-3-Clause
 *
 * ARP on the control lcore: answers requests for our addresses, learns
 * neighbours (RFC 826 merge rules), resolves configured next hops and
 * keeps them fresh.
 */
#ifndef LNS_CTL_ARP_H
#define LNS_CTL_ARP_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "cfg.h"
#include "ctl_neigh.h"

int ctl_arp_init(const struct cfg *cfg, uint64_t now_ms);
void ctl_arp_fini(void);

/* A punted ARP frame (m->l2_len set by the worker); consumes m. */
void ctl_arp_input(struct rte_mbuf *m, uint64_t now_ms);

void ctl_arp_timer(uint64_t now_ms);

/*
 * Copy the neighbour of ip on port into out; true when it is usable
 * (REACHABLE, STALE or PROBE). Safe from any thread.
 */
bool ctl_arp_lookup(uint16_t port, uint32_t ip, struct neigh_entry *out);

/* Call fn for each entry under the table lock (telemetry). */
void ctl_arp_walk(void (*fn)(const struct neigh_entry *e, void *arg),
		  void *arg);

#endif /* LNS_CTL_ARP_H */
