/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Incremental Internet checksum update, shared by the dataplane and
 * lns-bench's plain forwarding reference (which must do exactly what
 * lnsd does to be a fair reference).
 */
#ifndef LNS_CKSUM_H
#define LNS_CKSUM_H

#include <stdint.h>

/*
 * RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), where m and m' are the old
 * and new values of one 16-bit word of the checksummed data (memory
 * order, as is hc). Eqn. 3 (not eqn. 2 of RFC 1141) never turns a
 * correct checksum into -0 for a header that cannot sum to zero.
 */
static inline uint16_t
lns_cksum_replace16(uint16_t hc, uint16_t old, uint16_t new)
{
	uint32_t s = (uint32_t)(uint16_t)~hc + (uint16_t)~old + new;

	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

#endif /* LNS_CKSUM_H */
