/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L2TPv2 message header codec (RFC 2661 §3.1).
 */

#include <errno.h>
#include <string.h>

#include "l2tp_hdr.h"
#include "lns_bytes.h"

int
l2tp_hdr_decode(struct l2tp_hdr *h, const uint8_t *buf, size_t len)
{
	struct lns_l2tp_data d;
	enum lns_l2tp_parse_err r;
	uint32_t n;

	memset(h, 0, sizeof(*h));
	/*
	 * The fields a data message shares are the fast path's parser's
	 * (lns_l2tp_wire.h). A buffer over 65535 octets can only be a
	 * message with L (without it, the Length we report would not fit):
	 * for the parser it is as long as the longest Length.
	 */
	n = len > UINT16_MAX ? UINT16_MAX : (uint32_t)len;
	r = lns_l2tp_hdr_parse(buf, n, n, &d);
	/* §3.1: packets with an unknown Ver MUST be discarded. */
	if (r == LNS_L2TP_EVERSION)
		return -EPROTONOSUPPORT;
	/* §3.1: L and S MUST be set for control messages. */
	if (len >= 2 && (d.flags & LNS_L2TP_T) &&
	    (d.flags & (LNS_L2TP_L | LNS_L2TP_S)) !=
	    (LNS_L2TP_L | LNS_L2TP_S))
		return -EPROTO;
	if (r != LNS_L2TP_OK || (!(d.flags & LNS_L2TP_L) && len > UINT16_MAX))
		return -EMSGSIZE;
	h->flags = d.flags;
	h->length = d.end;
	h->tunnel_id = d.tid;
	h->session_id = d.sid;
	h->ns = d.ns;
	h->nr = d.nr;
	if (d.flags & LNS_L2TP_O)	/* the padding ends the header */
		h->offset_size = (uint16_t)(d.hdr_len - 8 -
			((d.flags & LNS_L2TP_L) ? 2 : 0) -
			((d.flags & LNS_L2TP_S) ? 4 : 0));
	h->payload_off = d.hdr_len;
	return 0;
}

size_t
l2tp_hdr_size(uint16_t flags, uint16_t offset_size)
{
	size_t n = LNS_L2TP_DATA_HDR_LEN;

	if (flags & LNS_L2TP_T)
		return LNS_L2TP_CTRL_HDR_LEN;
	if (flags & LNS_L2TP_L)
		n += 2;
	if (flags & LNS_L2TP_S)
		n += 4;
	if (flags & LNS_L2TP_O)
		n += 2 + (size_t)offset_size;
	return n;
}

int
l2tp_hdr_encode(const struct l2tp_hdr *h, uint8_t *buf, size_t cap)
{
	uint16_t flags;
	size_t off, n;

	flags = h->flags & (LNS_L2TP_T | LNS_L2TP_L | LNS_L2TP_S |
	    LNS_L2TP_O | LNS_L2TP_P);
	if (flags & LNS_L2TP_T) {
		/* §3.1: L=1, S=1, O=0, P=0 for control messages. */
		flags |= LNS_L2TP_L | LNS_L2TP_S;
		flags &= (uint16_t)~(LNS_L2TP_O | LNS_L2TP_P);
	}
	flags |= LNS_L2TP_VERSION;

	n = l2tp_hdr_size(flags, h->offset_size);
	if (n > cap || n > UINT16_MAX)
		return -ENOBUFS;

	lns_put_be16(buf, flags);
	off = 2;
	if (flags & LNS_L2TP_L) {
		lns_put_be16(buf + off, h->length);
		off += 2;
	}
	lns_put_be16(buf + off, h->tunnel_id);
	lns_put_be16(buf + off + 2, h->session_id);
	off += 4;
	if (flags & LNS_L2TP_S) {
		lns_put_be16(buf + off, h->ns);
		lns_put_be16(buf + off + 2, h->nr);
		off += 4;
	}
	if (flags & LNS_L2TP_O) {
		lns_put_be16(buf + off, h->offset_size);
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
	if (!(lns_get_be16(buf) & LNS_L2TP_L))
		return -EINVAL;
	lns_put_be16(buf + 2, length);
	return 0;
}
