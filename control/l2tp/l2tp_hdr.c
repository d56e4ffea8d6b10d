/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L2TPv2 message header codec (RFC 2661 §3.1).
 */

#include <errno.h>
#include <string.h>

#include "l2tp_hdr.h"

int
l2tp_hdr_decode(struct l2tp_hdr *h, const uint8_t *buf, size_t len)
{
	size_t fixed, off, msglen;

	memset(h, 0, sizeof(*h));
	if (len < 2)
		return -EMSGSIZE;
	h->flags = l2tp_get16(buf);

	/* §3.1: packets with an unknown Ver MUST be discarded. */
	if ((h->flags & L2TP_HDR_VER_MASK) != L2TP_VERSION)
		return -EPROTONOSUPPORT;

	/* §3.1: L and S MUST be set for control messages. */
	if ((h->flags & L2TP_HDR_T) &&
	    (h->flags & (L2TP_HDR_L | L2TP_HDR_S)) !=
	    (L2TP_HDR_L | L2TP_HDR_S))
		return -EPROTO;

	/* Every optional field is checked against len before it is read. */
	fixed = l2tp_hdr_size((uint16_t)(h->flags & ~L2TP_HDR_O), 0);
	if (len < fixed)
		return -EMSGSIZE;
	off = 2;
	if (h->flags & L2TP_HDR_L) {
		h->length = l2tp_get16(buf + off);
		off += 2;
		msglen = h->length;
		/* The Length field must cover the header and fit the buffer. */
		if (msglen > len || msglen < fixed)
			return -EMSGSIZE;
	} else {
		if (len > UINT16_MAX)
			return -EMSGSIZE;
		msglen = len;
		h->length = (uint16_t)len;
	}
	h->tunnel_id = l2tp_get16(buf + off);
	h->session_id = l2tp_get16(buf + off + 2);
	off += 4;
	if (h->flags & L2TP_HDR_S) {
		h->ns = l2tp_get16(buf + off);
		h->nr = l2tp_get16(buf + off + 2);
		off += 4;
	}
	if (h->flags & L2TP_HDR_O) {
		if (off + 2 > msglen)
			return -EMSGSIZE;
		h->offset_size = l2tp_get16(buf + off);
		off += 2;
		/* §3.1: payload starts Offset Size octets past this field. */
		off += h->offset_size;
	}
	if (off > msglen)
		return -EMSGSIZE;
	h->payload_off = (uint16_t)off;
	return 0;
}

size_t
l2tp_hdr_size(uint16_t flags, uint16_t offset_size)
{
	size_t n = L2TP_DATA_HDR_MIN_LEN;

	if (flags & L2TP_HDR_T)
		return L2TP_CTRL_HDR_LEN;
	if (flags & L2TP_HDR_L)
		n += 2;
	if (flags & L2TP_HDR_S)
		n += 4;
	if (flags & L2TP_HDR_O)
		n += 2 + (size_t)offset_size;
	return n;
}

int
l2tp_hdr_encode(const struct l2tp_hdr *h, uint8_t *buf, size_t cap)
{
	uint16_t flags;
	size_t off, n;

	flags = h->flags & (L2TP_HDR_T | L2TP_HDR_L | L2TP_HDR_S |
	    L2TP_HDR_O | L2TP_HDR_P);
	if (flags & L2TP_HDR_T) {
		/* §3.1: L=1, S=1, O=0, P=0 for control messages. */
		flags |= L2TP_HDR_L | L2TP_HDR_S;
		flags &= (uint16_t)~(L2TP_HDR_O | L2TP_HDR_P);
	}
	flags |= L2TP_VERSION;

	n = l2tp_hdr_size(flags, h->offset_size);
	if (n > cap || n > UINT16_MAX)
		return -ENOBUFS;

	l2tp_put16(buf, flags);
	off = 2;
	if (flags & L2TP_HDR_L) {
		l2tp_put16(buf + off, h->length);
		off += 2;
	}
	l2tp_put16(buf + off, h->tunnel_id);
	l2tp_put16(buf + off + 2, h->session_id);
	off += 4;
	if (flags & L2TP_HDR_S) {
		l2tp_put16(buf + off, h->ns);
		l2tp_put16(buf + off + 2, h->nr);
		off += 4;
	}
	if (flags & L2TP_HDR_O) {
		l2tp_put16(buf + off, h->offset_size);
		off += 2;
		memset(buf + off, 0, h->offset_size);
		off += h->offset_size;
	}
	return (int)off;
}

int
l2tp_hdr_set_length(uint8_t *buf, size_t cap, uint16_t length)
{
	if (cap < 4)
		return -ENOBUFS;
	if (!(l2tp_get16(buf) & L2TP_HDR_L))
		return -EINVAL;
	l2tp_put16(buf + 2, length);
	return 0;
}
