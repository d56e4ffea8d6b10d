/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Incremental Internet checksum update and the IPv4 TTL decrement, shared
 * by the dataplane and lns-bench's plain forwarding reference (which must
 * do exactly what lnsd does to be a fair reference).
 */
#ifndef LNS_CKSUM_H
#define LNS_CKSUM_H

#include <stdint.h>

#include "lns_bytes.h"

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

/*
 * RFC 1812 §5.3.1: the TTL of the IPv4 header at ip (octet 8; octet 9 is
 * the protocol, 10-11 the header checksum) less one, the checksum fixed
 * per RFC 1624; the caller has checked TTL > 1. The TTL/protocol word is
 * computed from the old one and stored whole: storing the TTL octet
 * alone and reading the word back is a load wider than the store it
 * overlaps, which x86 cannot forward from the store buffer (the load
 * waits for the store to reach the cache: docs/benchmarks.md).
 */
static inline void
lns_ipv4_ttl_dec(uint8_t *ip)
{
	uint16_t old = lns_load16(ip + 8), new;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	new = (uint16_t)(old - 1);	/* the TTL is the low octet */
#else
	new = (uint16_t)(old - 0x100);
#endif
	lns_store16(ip + 8, new);
	lns_store16(ip + 10, lns_cksum_replace16(lns_load16(ip + 10), old, new));
}

/*
 * Whether the IPv4 header at ih, ihl octets (a multiple of 4, from 20),
 * carries a right header checksum (RFC 1071: its one's complement sum
 * is all ones). The same answer as DPDK's rte_raw_cksum(ih, ihl) ==
 * 0xffff, in 32-bit words instead of 22.11's loop over 16-bit ones
 * (docs/benchmarks.md: a few cycles a packet on both paths): the sum of
 * 32-bit words folded with end-around carries is the sum of 16-bit
 * words, and all ones reads the same in either byte order.
 */
static inline int
lns_ipv4_cksum_ok(const uint8_t *ih, uint32_t ihl)
{
	uint64_t s = 0;
	uint32_t i;

	for (i = 0; i < ihl; i += 4)
		s += lns_load32(ih + i);
	s = (s >> 32) + (uint32_t)s;
	s = (s >> 32) + (uint32_t)s;
	s = (s >> 16) + (s & 0xffff);
	s = (s >> 16) + (s & 0xffff);
	return s == 0xffff;
}

#endif /* LNS_CKSUM_H */
