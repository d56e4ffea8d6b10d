/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Neighbor Discovery as pure codecs (RFC 4861, RDNSS RFC 8106, router
 * preference RFC 4191): what the control lcore needs to answer a
 * subscriber's Router Solicitation and to advertise the session's /64
 * over PPP (protocol 0x0057), and Neighbor Solicitations / Advertisements
 * for the core side's neighbour table. Input and output are whole IPv6
 * packets (no link-layer header: the PPP glue adds its own, the core
 * side adds Ethernet and its VLAN tag). No EAL, no state, no clock:
 * timers and counters belong to the caller. docs/ipv6.md.
 */
#ifndef LNS_ND6_H
#define LNS_ND6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ip6.h"

#define ND6_RS		133
#define ND6_RA		134
#define ND6_NS		135
#define ND6_NA		136

#define ND6_OPT_SLLA	1
#define ND6_OPT_TLLA	2
#define ND6_OPT_PI	3
#define ND6_OPT_MTU	5
#define ND6_OPT_RDNSS	25

#define ND6_MAX_DNS	3
#define ND6_HLIM	255	/* RFC 4861 §6.1: on-link only */

/* Why a packet was refused: the caller counts a drop by this reason. */
enum nd6_err {
	ND6_OK = 0,
	ND6_ERR_IP,		/* not a sane IPv6 packet (ip6_parse) */
	ND6_ERR_NEXT,		/* not ICMPv6 (or an extension header) */
	ND6_ERR_HLIM,		/* hop limit not 255 */
	ND6_ERR_TYPE,		/* not the ICMPv6 type asked for */
	ND6_ERR_CODE,		/* code not 0 */
	ND6_ERR_SHORT,		/* ICMPv6 body shorter than its type */
	ND6_ERR_CKSUM,		/* bad ICMPv6 checksum */
	ND6_ERR_OPT,		/* an option of length 0 or past the end */
	ND6_ERR_ADDR,		/* an address not allowed here (§6.1, §7.1) */
	ND6__ERR_MAX
};

const char *nd6_err_name(enum nd6_err e);

/* A Router Solicitation (§6.1.1): where it came from and its SLLA. */
struct nd6_rs {
	const uint8_t *src;		/* 16 octets, in the caller's buffer */
	const uint8_t *slla;		/* Source Link-Layer Address; NULL */
	size_t slla_len;		/* its octets (option length*8 - 2) */
};

enum nd6_err nd6_rs_parse(const uint8_t *pkt, size_t len, struct nd6_rs *rs);

/* What every Router Advertisement of lnsd says (ipv6.ra, ipv6.dns). */
struct nd6_ra_conf {
	bool managed;			/* M: addresses by DHCPv6 */
	bool other;			/* O: other configuration by DHCPv6 */
	uint8_t cur_hop_limit;		/* 0: unspecified */
	uint16_t router_lifetime;	/* s, 0..9000; 0: not a default router */
	uint32_t reachable_ms;		/* 0: unspecified */
	uint32_t retrans_ms;		/* 0: unspecified */
	uint32_t mtu;			/* MTU option; 0: none */
	uint32_t prefix_valid;		/* s, 0xffffffff infinite */
	uint32_t prefix_preferred;	/* s, <= prefix_valid */
	uint8_t dns[ND6_MAX_DNS][16];	/* RDNSS servers */
	unsigned int nb_dns;		/* 0: no RDNSS option */
	uint32_t dns_lifetime;		/* s */
};

/* What one session's Router Advertisement says. */
struct nd6_ra_sess {
	uint64_t ifid;			/* lnsd's IPv6CP interface id */
	const uint8_t *dst;		/* NULL: ff02::1 (unsolicited) */
	const uint8_t *prefix;		/* the session's /64; NULL: PD only,
					 * no Prefix Information option */
};

/*
 * Write the Router Advertisement at out (cap octets): IPv6 header from
 * fe80::ifid to dst, hop limit 255, the RA (router preference medium),
 * then the MTU, Prefix Information (/64, on-link and autonomous) and
 * RDNSS options when configured, ICMPv6 checksum set. Returns its length
 * or 0 (cap too small, preferred > valid, more than 3 DNS servers).
 */
size_t nd6_ra_build(uint8_t *out, size_t cap, const struct nd6_ra_conf *c,
		    const struct nd6_ra_sess *s);

/* A Neighbor Solicitation or Advertisement, parsed. */
struct nd6_nx {
	const uint8_t *src, *dst;	/* IPv6 source and destination */
	const uint8_t *target;		/* Target Address */
	uint8_t flags;			/* NA: ND6_NA_F_* */
	const uint8_t *lla;		/* NS: SLLA, NA: TLLA option; NULL */
	size_t lla_len;
};

#define ND6_NA_F_ROUTER		0x80
#define ND6_NA_F_SOLICITED	0x40
#define ND6_NA_F_OVERRIDE	0x20

/*
 * §7.1.1 and §7.1.2: hop limit 255, code 0, checksum, a target that is
 * not multicast, options sane; an NS from :: goes to a solicited-node
 * address and has no SLLA; an NA to a multicast address is not
 * Solicited.
 */
enum nd6_err nd6_ns_parse(const uint8_t *pkt, size_t len, struct nd6_nx *ns);
enum nd6_err nd6_na_parse(const uint8_t *pkt, size_t len, struct nd6_nx *na);

/*
 * A Neighbor Solicitation for target from src (our core address), with
 * our MAC as SLLA. dst NULL: the target's solicited-node address
 * (address resolution; ip6_mcast_mac() of it is the Ethernet
 * destination); else dst (unicast reachability probe, §7.2.2).
 * Returns the length or 0 (cap too small).
 */
size_t nd6_ns_build(uint8_t *out, size_t cap, const uint8_t *src,
		    const uint8_t *mac, const uint8_t *target,
		    const uint8_t *dst);

/*
 * A Neighbor Advertisement of target (one of ours) with mac as TLLA,
 * from src to dst, flags ND6_NA_F_*. Returns the length or 0.
 */
size_t nd6_na_build(uint8_t *out, size_t cap, const uint8_t *src,
		    const uint8_t *dst, const uint8_t *target,
		    const uint8_t *mac, uint8_t flags);

#endif /* LNS_ND6_H */
