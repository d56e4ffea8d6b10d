/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Incremental Internet checksum update (RFC 1624) and TCP MSS clamping
 * (RFC 879 §3, RFC 6691; RFC 4638 and RFC 2923 explain why tunnels clamp).
 *
 * Everything here works on bytes already in memory: no EAL, no mbuf,
 * no allocation, no logging. 16-bit quantities are handled in memory
 * order (a raw load of the two octets: lns_load16()): the one's
 * complement sum is byte-order independent (RFC 1071 §2(B)), so no
 * swapping is needed for fields at even offsets of the checksummed data.
 */
#ifndef LNS_DP_MSS_H
#define LNS_DP_MSS_H

#include <stdint.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_tcp.h>

#include "lns_bytes.h"
#include "lns_cksum.h"

/* Add the 16-bit word w (memory order) to a field that was 0 before. */
static inline uint16_t
dp_cksum_add16(uint16_t hc, uint16_t w)
{
	return lns_cksum_replace16(hc, 0, w);
}

/* What dp_mss_clamp() did; the caller counts DP_MSS_BAD_OPTIONS. */
enum dp_mss_result {
	DP_MSS_UNTOUCHED,	/* not a SYN, no MSS option, or MSS <= clamp */
	DP_MSS_CLAMPED,		/* MSS option lowered, checksum fixed */
	DP_MSS_BAD_OPTIONS,	/* header/option lengths lie: left alone */
};

#define DP_TCP_OPT_EOL	0
#define DP_TCP_OPT_NOP	1
#define DP_TCP_OPT_MSS	2	/* RFC 9293 §3.2: kind 2, length 4 */

/*
 * Clamp the MSS option of a TCP SYN (or SYN-ACK) to mss. th points at the
 * TCP header, avail is the number of bytes of the segment readable from
 * th (no more than the IP payload, and all in one buffer). A segment
 * whose data offset or any option length points outside the header is
 * left untouched (forwarding it is the end host's problem; rewriting
 * bytes we cannot parse is ours). The MSS value may sit at an odd offset
 * (after a single NOP): its octets then straddle two checksum words, and
 * the update uses the byte-swapped values (RFC 1071 §2(B)).
 */
static inline enum dp_mss_result
dp_mss_clamp(struct rte_tcp_hdr *th, uint32_t avail, uint16_t mss)
{
	uint8_t *o = (uint8_t *)th;
	uint32_t hlen, i, len;
	uint16_t old, new;

	if (avail < sizeof(*th))
		return DP_MSS_BAD_OPTIONS;
	if (!(th->tcp_flags & RTE_TCP_SYN_FLAG))
		return DP_MSS_UNTOUCHED;
	hlen = (uint32_t)(th->data_off >> 4) * 4;
	if (unlikely(hlen < sizeof(*th) || hlen > avail))
		return DP_MSS_BAD_OPTIONS;
	for (i = sizeof(*th); i < hlen; i += len) {
		if (o[i] == DP_TCP_OPT_EOL)
			break;
		if (o[i] == DP_TCP_OPT_NOP) {
			len = 1;
			continue;
		}
		if (unlikely(i + 1 >= hlen))
			return DP_MSS_BAD_OPTIONS;
		len = o[i + 1];
		if (unlikely(len < 2 || i + len > hlen))
			return DP_MSS_BAD_OPTIONS;
		if (o[i] != DP_TCP_OPT_MSS)
			continue;
		if (unlikely(len != 4))
			return DP_MSS_BAD_OPTIONS;
		if (lns_get_be16(&o[i + 2]) <= mss)
			return DP_MSS_UNTOUCHED;
		old = lns_load16(&o[i + 2]);
		lns_store16(&o[i + 2], rte_cpu_to_be_16(mss));
		new = lns_load16(&o[i + 2]);
		if ((i + 2) & 1) {
			old = rte_bswap16(old);
			new = rte_bswap16(new);
		}
		th->cksum = lns_cksum_replace16(th->cksum, old, new);
		return DP_MSS_CLAMPED;
	}
	return DP_MSS_UNTOUCHED;
}

#endif /* LNS_DP_MSS_H */
