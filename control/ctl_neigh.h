/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Neighbour table for both families (the ARP cache and the IPv6
 * neighbour cache, RFC 4861 §7.3) with Linux-like states and timers: one
 * state machine, entries keyed by port and a 16-octet address, IPv4 as
 * its IPv4-mapped IPv6 address ::ffff:a.b.c.d (RFC 4291 §2.5.5.2), which
 * no IPv6 neighbour can have. Pure logic, no DPDK: time is passed in
 * milliseconds and solicitations go out through a callback (ARP request
 * or Neighbor Solicitation by the address's family), so the state machine
 * is unit tested alone.
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
#include <string.h>

enum neigh_state {
	NEIGH_INCOMPLETE,	/* broadcast requests sent, no answer yet */
	NEIGH_REACHABLE,	/* confirmed within reachable_ms */
	NEIGH_STALE,		/* not confirmed lately; address still used */
	NEIGH_PROBE,		/* stale next hop being re-confirmed by unicast */
	NEIGH_FAILED,		/* no answer after `probes` requests */
};

#define NEIGH_ADDR_LEN	16

struct neigh_entry {
	uint8_t addr[NEIGH_ADDR_LEN];	/* IPv6, or IPv4-mapped (neigh_is_v4) */
	uint32_t ip;		/* IPv4 entries: the address, network order */
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

/*
 * Solicit addr on port (an ARP request for an IPv4-mapped addr, else a
 * Neighbor Solicitation): unicast to mac, or broadcast / solicited-node
 * multicast if NULL.
 */
typedef void (*neigh_solicit_fn)(void *arg, uint16_t port,
				 const uint8_t *addr, const uint8_t *mac);
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

/* ::ffff:ip, the key of an IPv4 neighbour (ip in network order). */
static inline void
neigh_addr_v4(uint8_t a[NEIGH_ADDR_LEN], uint32_t ip)
{
	memset(a, 0, 10);
	a[10] = 0xff;
	a[11] = 0xff;
	memcpy(a + 12, &ip, 4);
}

static inline bool
neigh_is_v4(const uint8_t *a)
{
	static const uint8_t pfx[12] = { [10] = 0xff, [11] = 0xff };

	return memcmp(a, pfx, sizeof(pfx)) == 0;
}

/* Whether the entry may be used to send to (has a MAC). */
static inline bool
neigh_usable(const struct neigh_entry *e)
{
	return e->state == NEIGH_REACHABLE || e->state == NEIGH_STALE ||
	       e->state == NEIGH_PROBE;
}

struct neigh_entry *neigh_lookup_addr(struct neigh_table *t, uint16_t port,
				      const uint8_t *addr);

/*
 * Start resolving addr on port (a no-op if an entry exists; pins it if
 * asked). Returns the entry, or NULL when the table is full.
 */
struct neigh_entry *neigh_resolve_addr(struct neigh_table *t, uint16_t port,
				       const uint8_t *addr, bool pin,
				       uint64_t now);

/*
 * addr is at mac (an ARP request or reply, a Neighbor Solicitation with
 * a source link-layer address or an Advertisement was received). Updates
 * an existing entry; creates one only if create is set (RFC 826: the
 * request was for us; RFC 4861 §7.2.3: an NS for us). Returns the entry
 * or NULL.
 */
struct neigh_entry *neigh_confirm_addr(struct neigh_table *t, uint16_t port,
				       const uint8_t *addr, const uint8_t *mac,
				       bool create, uint64_t now);

/* The same for an IPv4 neighbour ip (network order). */
static inline struct neigh_entry *
neigh_lookup(struct neigh_table *t, uint16_t port, uint32_t ip)
{
	uint8_t a[NEIGH_ADDR_LEN];

	neigh_addr_v4(a, ip);
	return neigh_lookup_addr(t, port, a);
}

static inline struct neigh_entry *
neigh_resolve(struct neigh_table *t, uint16_t port, uint32_t ip, bool pin,
	      uint64_t now)
{
	uint8_t a[NEIGH_ADDR_LEN];

	neigh_addr_v4(a, ip);
	return neigh_resolve_addr(t, port, a, pin, now);
}

static inline struct neigh_entry *
neigh_confirm(struct neigh_table *t, uint16_t port, uint32_t ip,
	      const uint8_t *mac, bool create, uint64_t now)
{
	uint8_t a[NEIGH_ADDR_LEN];

	neigh_addr_v4(a, ip);
	return neigh_confirm_addr(t, port, a, mac, create, now);
}

/* Run the timers due at now. */
void neigh_timer(struct neigh_table *t, uint64_t now);

#endif /* LNS_CTL_NEIGH_H */
