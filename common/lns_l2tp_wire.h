/* SPDX-License-Identifier: BSD-3-Clause
 *
 * L2TPv2 on the wire (RFC 2661 §3.1): the one home of the header
 * constants and of the header parser, shared by the dataplane's
 * classifier and decap, the control plane's header codec (l2tp_hdr.c),
 * the ICMP error path and the LAC emulator. Pure C, no DPDK.
 *
 *  |T|L|x|x|S|x|O|P|x|x|x|x|  Ver  |          Length (opt)         |
 *  |           Tunnel ID           |           Session ID          |
 *  |             Ns (opt)          |             Nr (opt)          |
 *  |      Offset Size (opt)        |    Offset pad... (opt)
 *
 * A data message (T=0) carries one PPP frame (lns_ppp_wire.h) after the
 * header and the offset padding.
 */
#ifndef LNS_L2TP_WIRE_H
#define LNS_L2TP_WIRE_H

#include <stdint.h>

#include "lns_bytes.h"
#include "lns_ppp_wire.h"

/* RFC 2661 §8.1: L2TP uses UDP port 1701. */
#define LNS_L2TP_PORT		1701

/* RFC 2661 §3.1: Ver MUST be 2 for L2TPv2 (1 is L2F, 3 is L2TPv3). */
#define LNS_L2TP_VERSION	2

/* The first header word (host order after lns_get_be16()). */
#define LNS_L2TP_T		0x8000	/* 1 = control message */
#define LNS_L2TP_L		0x4000	/* Length field present */
#define LNS_L2TP_S		0x0800	/* Ns and Nr present */
#define LNS_L2TP_O		0x0200	/* Offset Size present */
#define LNS_L2TP_P		0x0100	/* priority (data only) */
#define LNS_L2TP_VER_MASK	0x000f
/* "x" bits: MUST be 0 on send, ignored on receive (§3.1). */
#define LNS_L2TP_RSVD_MASK	0x34f0

/* Control header: flags, Length, Tunnel ID, Session ID, Ns, Nr (§3.1). */
#define LNS_L2TP_CTRL_HDR_LEN	12
/* Smallest data header: flags, Tunnel ID, Session ID. */
#define LNS_L2TP_DATA_HDR_LEN	6
/* Data header with Ns and Nr (S bit), as sent on sequenced sessions. */
#define LNS_L2TP_DATA_HDR_SEQ_LEN 10
/* Largest header without the offset padding itself. */
#define LNS_L2TP_HDR_MAX_LEN	16

/* lns_l2tp_hdr_parse() / lns_l2tp_data_parse() results. */
enum lns_l2tp_parse_err {
	LNS_L2TP_OK = 0,
	/*
	 * The header (or, for data, the PPP header) does not fit the
	 * octets at hand, the Length field is larger than the datagram or
	 * smaller than the header, or the offset padding runs past the
	 * message.
	 */
	LNS_L2TP_ETRUNC,
	LNS_L2TP_EVERSION,	/* Ver != 2: MUST be discarded (§3.1) */
};

/*
 * What the parsers found. Offsets count from the first L2TP octet.
 * Register-friendly (18 octets, no pointer): the worker keeps one per
 * upstream packet between classification and decap.
 */
struct lns_l2tp_data {
	uint16_t flags;		/* first word: T L S O P bits, Ver */
	uint16_t tid;		/* Tunnel ID: the receiver's */
	uint16_t sid;		/* Session ID: the receiver's */
	uint16_t ns;		/* if LNS_L2TP_S, else 0 */
	uint16_t nr;		/* if LNS_L2TP_S, else 0 (reserved in data) */
	uint16_t hdr_len;	/* header + offset padding: payload start */
	uint16_t end;		/* message end: Length if L, else the datagram */
	uint16_t proto;		/* data: PPP protocol */
	uint16_t inner_off;	/* data: PPP Information field start */
};

static inline int
lns_l2tp_has_ns(const struct lns_l2tp_data *d)
{
	return (d->flags & LNS_L2TP_S) != 0;
}

/*
 * The L2TP header of the message at p. avail octets are readable at p
 * (all of the header must be among them); len is the datagram's length
 * from p (avail <= len when the message continues in other buffers),
 * at most 65535. The message ends at len, or at the Length field when
 * L is set: it may be shorter than the datagram (link padding after it
 * is not part of the message), never longer. Every field is checked
 * against the octets at hand before it is read. T, and the L and S bits
 * that control messages must have, are the caller's to judge; the
 * layout is read from the bits as they are. On error *d is partly
 * filled.
 */
static inline enum lns_l2tp_parse_err
lns_l2tp_hdr_parse(const uint8_t *p, uint32_t avail, uint32_t len,
		   struct lns_l2tp_data *d)
{
	uint32_t f, off = 2, n;

	if (avail < 2)
		return LNS_L2TP_ETRUNC;
	f = lns_get_be16(p);
	d->flags = (uint16_t)f;
	if ((f & LNS_L2TP_VER_MASK) != LNS_L2TP_VERSION)
		return LNS_L2TP_EVERSION;
	if (avail > len)
		avail = len;
	if (f & LNS_L2TP_L) {
		if (avail < 4)
			return LNS_L2TP_ETRUNC;
		n = lns_get_be16(p + 2);
		if (n > len)
			return LNS_L2TP_ETRUNC;
		len = n;
		if (avail > n)
			avail = n;
		off = 4;
	}
	if (avail < off + 4)
		return LNS_L2TP_ETRUNC;
	d->tid = lns_get_be16(p + off);
	d->sid = lns_get_be16(p + off + 2);
	off += 4;
	d->ns = 0;
	d->nr = 0;
	if (f & LNS_L2TP_S) {
		if (avail < off + 4)
			return LNS_L2TP_ETRUNC;
		d->ns = lns_get_be16(p + off);
		d->nr = lns_get_be16(p + off + 2);
		off += 4;
	}
	if (f & LNS_L2TP_O) {
		/* §3.1: the payload starts Offset Size octets past it. */
		if (avail < off + 2)
			return LNS_L2TP_ETRUNC;
		off += 2 + (uint32_t)lns_get_be16(p + off);
		if (off > avail)
			return LNS_L2TP_ETRUNC;
	}
	d->hdr_len = (uint16_t)off;
	d->end = (uint16_t)len;
	return LNS_L2TP_OK;
}

/*
 * An L2TP data message (T=0: the caller routes control messages
 * elsewhere first) and the PPP header of the frame it carries
 * (lns_ppp_hdr_parse()): the one parser of the upstream fast path. avail
 * and len as for lns_l2tp_hdr_parse(); the PPP header must be readable
 * and inside the message. The inner packet is d->inner_off up to
 * d->end.
 */
static inline enum lns_l2tp_parse_err
lns_l2tp_data_parse(const uint8_t *p, uint32_t avail, uint32_t len,
		    struct lns_l2tp_data *d)
{
	enum lns_l2tp_parse_err r = lns_l2tp_hdr_parse(p, avail, len, d);
	int off;

	if (r != LNS_L2TP_OK)
		return r;
	if (avail > d->end)
		avail = d->end;
	off = lns_ppp_hdr_parse(p, avail, d->hdr_len, &d->proto);
	if (off < 0)
		return LNS_L2TP_ETRUNC;
	d->inner_off = (uint16_t)off;
	return LNS_L2TP_OK;
}

#endif /* LNS_L2TP_WIRE_H */
