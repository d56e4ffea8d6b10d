/* SPDX-License-Identifier: BSD-3-Clause
 *
 * ARP on the control lcore: answers requests for our addresses, learns
 * neighbours (RFC 826 merge rules), resolves configured next hops and
 * keeps them fresh. It owns the neighbour table of both families: IPv6
 * neighbour discovery (ctl_nd6.h) resolves and confirms its entries
 * through the *_addr calls below.
 */
#ifndef LNS_CTL_ARP_H
#define LNS_CTL_ARP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "cfg.h"
#include "ctl_neigh.h"

/* The table, the IPv4 gateways pinned, then ctl_nd6_init(). */
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
/* The same by 16-octet address (IPv6, or IPv4-mapped). */
bool ctl_arp_lookup_addr(uint16_t port, const uint8_t *addr,
			 struct neigh_entry *out);

/*
 * Control lcore: start resolving addr on port (pinned: kept resolved,
 * never evicted); addr is at mac (create: add it if unknown). A full
 * table is counted (neigh_table_full); confirm says whether addr has an
 * entry now.
 */
void ctl_arp_resolve_addr(uint16_t port, const uint8_t *addr, bool pin,
			  uint64_t now_ms);
bool ctl_arp_confirm_addr(uint16_t port, const uint8_t *addr,
			  const uint8_t *mac, bool create, uint64_t now_ms);

/* The entry's address as text (IPv4 dotted or IPv6), in buf. */
const char *ctl_neigh_addr_str(const struct neigh_entry *e, char *buf,
			       size_t size);

/* Call fn for each entry under the table lock (telemetry). */
void ctl_arp_walk(void (*fn)(const struct neigh_entry *e, void *arg),
		  void *arg);

#endif /* LNS_CTL_ARP_H */
