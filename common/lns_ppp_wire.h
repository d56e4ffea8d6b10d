/* SPDX-License-Identifier: BSD-3-Clause
 *
 * PPP framing on an L2TP session (RFC 2661 §3.1 carries HDLC-like
 * framing without flags, escaping or FCS: RFC 1662 §3.1, RFC 1661 §2):
 *
 *   | FF | 03 | Protocol (1 or 2 octets) | Information ...
 *
 * The one home of the PPP protocol numbers and of the PPP header parser,
 * shared by the dataplane, the control plane and the LAC emulator.
 * Pure C, no DPDK.
 */
#ifndef LNS_PPP_WIRE_H
#define LNS_PPP_WIRE_H

#include <stdint.h>

#include "lns_bytes.h"

/* RFC 1662 §3.1: All-Stations address, Unnumbered Information control. */
#define LNS_PPP_ADDR		0xff
#define LNS_PPP_CTRL		0x03
/* What we send: FF 03 and a 2-octet protocol (no ACFC/PFC towards peers). */
#define LNS_PPP_HDR_LEN		4

/* Protocol field values (RFC 1661 §2, IANA "PPP DLL Protocol Numbers"). */
#define LNS_PPP_PROTO_IPV4	0x0021	/* RFC 1332 */
#define LNS_PPP_PROTO_IPV6	0x0057	/* RFC 5072 */
#define LNS_PPP_PROTO_IPCP	0x8021	/* RFC 1332 */
#define LNS_PPP_PROTO_IPV6CP	0x8057	/* RFC 5072 */
#define LNS_PPP_PROTO_LCP	0xc021	/* RFC 1661 */
#define LNS_PPP_PROTO_PAP	0xc023	/* RFC 1334 */
#define LNS_PPP_PROTO_LQR	0xc025	/* RFC 1989 */
#define LNS_PPP_PROTO_CHAP	0xc223	/* RFC 1994 */

/*
 * The PPP header of the frame p[off..avail): Address/Control may be
 * absent (ACFC, RFC 1661 §6.6) and the protocol field may be one octet
 * (PFC, §6.5: an odd first octet ends it); receivers accept both
 * whatever was negotiated. A frame shorter than two octets is truncated
 * (even a compressed one holds a protocol and at least one octet).
 * Returns the offset of the Information field and sets *proto, or -1
 * when the header does not fit.
 */
static inline int
lns_ppp_hdr_parse(const uint8_t *p, uint32_t avail, uint32_t off,
		  uint16_t *proto)
{
	if (avail < off + 2)
		return -1;
	if (p[off] == LNS_PPP_ADDR && p[off + 1] == LNS_PPP_CTRL)
		off += 2;
	if (avail < off + 1)
		return -1;
	if (p[off] & 1) {
		*proto = p[off];
		return (int)off + 1;
	}
	if (avail < off + 2)
		return -1;
	*proto = lns_get_be16(p + off);
	return (int)off + 2;
}

#endif /* LNS_PPP_WIRE_H */
