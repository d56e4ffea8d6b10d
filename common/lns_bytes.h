/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Byte access for wire formats, shared by the dataplane, the control
 * plane, the LAC emulator and the tests. Pure C, no DPDK.
 *
 *   lns_get_be16/32, lns_put_be16/32  network byte order (RFC 1700
 *                                     "Data Notations": most significant
 *                                     octet first) at any address
 *   lns_load16, lns_store16           two octets in memory order at any
 *                                     address: for the Internet checksum,
 *                                     which is byte-order independent
 *                                     (RFC 1071 §2(B)), and for fields
 *                                     already in network order
 *
 * Everything goes through octets or memcpy(): wire fields sit at any
 * offset (after a 1-octet PPP protocol field, every inner field is odd),
 * and the compiler turns these into single (byte-swapping) loads where
 * the target allows unaligned access.
 */
#ifndef LNS_BYTES_H
#define LNS_BYTES_H

#include <stdint.h>
#include <string.h>

static inline uint16_t
lns_get_be16(const uint8_t *p)
{
	return (uint16_t)((uint16_t)p[0] << 8 | p[1]);
}

static inline uint32_t
lns_get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline void
lns_put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
lns_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline uint16_t
lns_load16(const void *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint32_t
lns_load32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline void
lns_store16(void *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

#endif /* LNS_BYTES_H */
