/* SPDX-License-Identifier: BSD-3-Clause
 *
 * IPv6 on the core ports (docs/ipv6.md "Core side"): our global address
 * (ports[].address6) and link-local address (fe80:: + the modified
 * EUI-64 of the port's MAC), Neighbor Discovery (RFC 4861) into the
 * neighbour table both families share (ctl_arp.h, ctl_neigh.h), the
 * IPv6 gateway (ports[].gateway6) pinned there and its MAC given to the
 * workers (dp_nexthop6_set()).
 *
 * Two halves: ctl_nd6_proc.c decides on bytes (what a punted NS or NA
 * asks of us, the NS we send), pure and unit tested
 * (tests/unit/test_ctl_nd6.c); ctl_nd6.c is the glue on the control
 * lcore (mbufs, ports, the table's lock, counters).
 */
#ifndef LNS_CTL_ND6_H
#define LNS_CTL_ND6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cfg.h"

/* One core port's IPv6 identity. */
struct ctl_nd6_if {
	bool on;			/* address6 configured */
	bool has_gw;			/* gateway6 configured */
	uint8_t plen;			/* address6's prefix length */
	uint8_t mac[6];
	uint8_t global[16];		/* ports[].address6 */
	uint8_t ll[16];			/* fe80:: + EUI-64 of mac */
	uint8_t gw[16];			/* ports[].gateway6 */
};

/* Modified EUI-64 interface identifier of a MAC (RFC 4291 appendix A). */
uint64_t ctl_nd6_eui64(const uint8_t mac[6]);

/* f from the port's configuration and MAC (off when no address6). */
void ctl_nd6_if_init(struct ctl_nd6_if *f, const struct cfg_port *c,
		     const uint8_t mac[6]);

/* Whether a is one of our addresses on f (global or link-local). */
bool ctl_nd6_if_ours(const struct ctl_nd6_if *f, const uint8_t *a);

/*
 * Our source address towards dst (RFC 6724 §5 rule 2, scope): the
 * link-local one for a link-local or multicast dst, else the global one.
 */
const uint8_t *ctl_nd6_if_src(const struct ctl_nd6_if *f, const uint8_t *dst);

/*
 * A Neighbor Solicitation for target at out (cap octets): to its
 * solicited-node multicast address (mac NULL: address resolution) or
 * unicast to target at mac (a reachability probe, RFC 4861 §7.3.3), our
 * MAC as Source Link-Layer Address. eth_dst gets the Ethernet
 * destination. Returns the length or 0.
 */
size_t ctl_nd6_ns(const struct ctl_nd6_if *f, const uint8_t *target,
		  const uint8_t *mac, uint8_t *out, size_t cap,
		  uint8_t eth_dst[6]);

/* What a punted ND packet asks of us. */
enum ctl_nd6_verdict {
	CTL_ND6_V_MALFORMED,	/* refused by the parser (act.err says why) */
	CTL_ND6_V_OTHER,	/* RS, RA, Redirect: not ours to answer */
	CTL_ND6_V_NOT_FOR_US,	/* NS for a target that is not ours */
	CTL_ND6_V_CONFLICT,	/* an NA for, or an NS from, our address */
	CTL_ND6_V_ANSWER,	/* NS for us: answer (out), maybe learn */
	CTL_ND6_V_DAD_DEFEND,	/* DAD NS for our address: NA to ff02::1 */
	CTL_ND6_V_LEARN,		/* NA: confirm the target's entry */
};

struct ctl_nd6_act {
	enum ctl_nd6_verdict v;
	int err;			/* enum nd6_err when MALFORMED */
	uint8_t type;			/* ND6_NS / ND6_NA when well-formed */
	/* The neighbour to confirm, when learn (NS with SLLA, NA). */
	bool learn;
	bool create;			/* add it if unknown (an NS for us) */
	bool has_mac;			/* an NA without TLLA: no MAC given */
	uint8_t addr[16];
	uint8_t mac[6];
	/* The answer at out (len octets, 0 = none) and its Ethernet dst. */
	size_t len;
	uint8_t eth_dst[6];
};

/*
 * The ND packet at pkt (len octets, from its IPv6 header), received from
 * Ethernet source eth_src on f: fill act and build any answer at out
 * (cap octets). Our Neighbor Advertisements carry Router (lnsd routes
 * the subscribers' traffic), Solicited (unless defending), Override
 * (RFC 4861 §7.2.4) and our MAC as TLLA.
 */
void ctl_nd6_process(const struct ctl_nd6_if *f, const uint8_t *pkt,
		     size_t len, const uint8_t eth_src[6], uint8_t *out,
		     size_t cap, struct ctl_nd6_act *act);

/* ---- control lcore glue (ctl_nd6.c) ---- */

struct rte_mbuf;

/* Ports' IPv6 set up, dp_local6_set(), the gateways pinned. 0 or -errno. */
int ctl_nd6_init(const struct cfg *cfg, uint64_t now_ms);
void ctl_nd6_fini(void);

/* neigh_solicit_fn's IPv6 half (ctl_arp.c): an NS out of port. */
void ctl_nd6_solicit(uint16_t port, const uint8_t *target,
		     const uint8_t *mac);

/* Whether addr is port's configured IPv6 gateway. */
bool ctl_nd6_is_gateway(uint16_t port, const uint8_t *addr);

/* Port's identity (NULL when out of range); read-only after init. */
const struct ctl_nd6_if *ctl_nd6_if_get(uint16_t port);

/* A DP_PUNT_IPV6_ND frame (m->l2_len set by the worker); consumes m. */
void ctl_nd6_input(struct rte_mbuf *m, uint64_t now_ms);

#endif /* LNS_CTL_ND6_H */
