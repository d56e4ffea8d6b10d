/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Shared by the ND codec's files (nd6_*.c), private to them.
 */
#ifndef LNS_ND6_PRIV_H
#define LNS_ND6_PRIV_H

#include "nd6.h"

/*
 * The checks every ND message gets (RFC 4861 §6.1, §7.1): a sane IPv6
 * packet carrying ICMPv6 directly, hop limit 255, the type asked for,
 * code 0, at least min octets of ICMPv6, a right checksum, and options
 * (from octet min of the ICMPv6 message) each of non-zero length within
 * the message. Fills v.
 */
enum nd6_err nd6_check(const uint8_t *pkt, size_t len, uint8_t type,
		       size_t min, struct ip6_view *v);

/*
 * The first option of type in opts (len octets, checked by nd6_check):
 * its value (after type and length) and that value's length; NULL.
 */
const uint8_t *nd6_opt_find(const uint8_t *opts, size_t len, uint8_t type,
			    size_t *vlen);

/* A link-layer address option (SLLA / TLLA) of an Ethernet MAC. */
uint8_t *nd6_opt_lla(uint8_t *p, uint8_t type, const uint8_t *mac);

#endif /* LNS_ND6_PRIV_H */
