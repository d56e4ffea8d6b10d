/* SPDX-License-Identifier: BSD-3-Clause
 *
 * IPv4 neighbour table (ARP cache) with Linux-like states and timers.
 * Pure logic, no DPDK: time is passed in milliseconds and solicitations
 * go out through a callback, so the state machine is unit tested alone.
 *
 * Ownership: the control lcore is the only writer. Readers on other
 * threads (telemetry) must hold the caller's lock (see ctl_arp.c).
 *
 * The table is a flat array searched linearly: it holds configured next
 * hops and hosts that talk to our own addresses (a few dozen), not
 * subscribers, so a hash would not pay for itself.
 */
#ifndef LNS_CTL_NEIGH_H
#define LNS_CTL_NEIGH_H

#include <stdbool.h>
#include <stdint.h>

enum neigh_state {
	NEIGH_INCOMPLETE,	/* broadcast requests sent, no answer yet */
	NEIGH_REACHABLE,	/* confirmed within reachable_ms */
	NEIGH_STALE,		/* not confirmed lately; address still used */
	NEIGH_PROBE,		/* stale next hop being re-confirmed by unicast */
	NEIGH_FAILED,		/* no answer after `probes` requests */
};

struct neigh_entry {
	uint32_t ip;		/* network order */
	uint16_t port;		/* index in port_table */
	uint8_t mac[6];
	uint8_t state;		/* enum neigh_state */
	uint8_t probes;		/* requests sent in the current resolution */
	bool pinned;		/* configured next hop: kept resolved, never evicted */
	uint64_t deadline;	/* ms: next timer action */
	uint64_t confirmed;	/* ms: last confirmation (0 = never) */
};

struct neigh_params {
	uint32_t reachable_ms;
	uint32_t retrans_ms;
	uint32_t probes;
	uint32_t max_entries;
};

/* Send an ARP request for ip on port; unicast to mac, or broadcast if NULL. */
typedef void (*neigh_solicit_fn)(void *arg, uint16_t port, uint32_t ip,
				 const uint8_t *mac);
/* Called after every state change (for logs and gauges). */
typedef void (*neigh_change_fn)(void *arg, const struct neigh_entry *e,
				enum neigh_state old);

struct neigh_table {
	struct neigh_params prm;
	struct neigh_entry *v;
	unsigned int n;
	neigh_solicit_fn solicit;
	neigh_change_fn change;
	void *arg;
	uint64_t evictions;
	uint64_t full;		/* entries refused: table full of pinned/live ones */
};

int neigh_init(struct neigh_table *t, const struct neigh_params *prm,
	       neigh_solicit_fn solicit, neigh_change_fn change, void *arg);
void neigh_fini(struct neigh_table *t);

const char *neigh_state_name(enum neigh_state s);

struct neigh_entry *neigh_lookup(struct neigh_table *t, uint16_t port,
				 uint32_t ip);

/*
 * Start resolving ip on port (a no-op if an entry exists; pins it if
 * asked). Returns the entry, or NULL when the table is full.
 */
struct neigh_entry *neigh_resolve(struct neigh_table *t, uint16_t port,
				  uint32_t ip, bool pin, uint64_t now);

/*
 * ip is at mac (an ARP request or reply was received). Updates an existing
 * entry; creates one only if create is set (RFC 826: the request was for
 * us). Returns the entry or NULL.
 */
struct neigh_entry *neigh_confirm(struct neigh_table *t, uint16_t port,
				  uint32_t ip, const uint8_t *mac, bool create,
				  uint64_t now);

/* Run the timers due at now. */
void neigh_timer(struct neigh_table *t, uint64_t now);

#endif /* LNS_CTL_NEIGH_H */
