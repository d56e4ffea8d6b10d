/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L2TPv2 message header codec (RFC 2661 §3.1).
 *
 *  |T|L|x|x|S|x|O|P|x|x|x|x|  Ver  |          Length (opt)         |
 *  |           Tunnel ID           |           Session ID          |
 *  |             Ns (opt)          |             Nr (opt)          |
 *  |      Offset Size (opt)        |    Offset pad... (opt)
 *
 * Pure C, no DPDK: shared by lnsd, the LAC emulator and the unit tests.
 * The header fields it shares with data messages are parsed by the fast
 * path's parser, lns_l2tp_hdr_parse() (lns_l2tp_wire.h).
 */

#ifndef _L2TP_HDR_H_
#define _L2TP_HDR_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lns_bytes.h"
#include "l2tp_proto.h"

/* A decoded (or to-be-encoded) header, all fields in host byte order. */
struct l2tp_hdr {
	uint16_t flags;		/* first word: T, L, S, O, P bits and Ver */
	uint16_t length;	/* Length field if L, else buffer len */
	uint16_t tunnel_id;
	uint16_t session_id;
	uint16_t ns;		/* valid if S */
	uint16_t nr;		/* valid if S */
	uint16_t offset_size;	/* valid if O: octets of padding after it */
	uint16_t payload_off;	/* payload start, from the message start */
};

static inline bool
l2tp_hdr_is_ctrl(const struct l2tp_hdr *h)
{
	return (h->flags & LNS_L2TP_T) != 0;
}

/* Payload (AVPs or PPP frame) length in octets. */
static inline uint16_t
l2tp_hdr_payload_len(const struct l2tp_hdr *h)
{
	return h->length - h->payload_off;
}

/*
 * Decode the header at buf[0..len). Never reads past len.
 *
 * When L is set the message ends at the Length field, which may be shorter
 * than len (trailing octets, e.g. link padding, are not part of it); without
 * L the message is the whole buffer. h->payload_off points past the header
 * and the offset padding. On error *h is unspecified.
 *
 * Returns 0, or:
 *   -EMSGSIZE        buffer shorter than the header it announces, Length
 *                    field larger than the buffer or smaller than the header,
 *                    offset padding beyond the end of the message, or a
 *                    buffer over 65535 octets without L;
 *   -EPROTONOSUPPORT Ver != 2 (§3.1: MUST be discarded);
 *   -EPROTO          control message (T=1) without L or without S.
 * A control message with O set is accepted (liberal receiver) and its
 * offset honoured; the encoder never sets O on control messages.
 */
int l2tp_hdr_decode(struct l2tp_hdr *h, const uint8_t *buf, size_t len);

/* Octets l2tp_hdr_encode() writes for these flags and offset size. */
size_t l2tp_hdr_size(uint16_t flags, uint16_t offset_size);

/*
 * Encode h into buf. Ver is forced to 2 and reserved bits to 0. For a
 * control message (T set) L and S are forced on and O and P off (§3.1).
 * The Length field, if present, is written from h->length; use
 * l2tp_hdr_set_length() to patch it once the payload is known. Offset
 * padding is written as zeroes.
 *
 * Returns the number of header octets written (== payload offset), or
 * -ENOBUFS if cap is too small (nothing written).
 */
int l2tp_hdr_encode(const struct l2tp_hdr *h, uint8_t *buf, size_t cap);

/*
 * Patch the Length field of an encoded header at buf.
 * Returns 0, -EINVAL if the header has no L bit, -ENOBUFS if cap < 4.
 */
int l2tp_hdr_set_length(uint8_t *buf, size_t cap, uint16_t length);


#endif /* _L2TP_HDR_H_ */
