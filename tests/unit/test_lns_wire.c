/* SPDX-License-Identifier: BSD-3-Clause
 * The common wire parsers (common/lns_l2tp_wire.h, lns_ppp_wire.h) and
 * byte helpers (lns_bytes.h), no DPDK: every L2TP header flag
 * combination (RFC 2661 §3.1) with and without FF 03 and PFC
 * (RFC 1661 §6.5, §6.6), truncation at every offset, bad versions, an
 * L2TP Length shorter and longer than the datagram, offset padding.
 * And the IPv4 header checksum test (lns_cksum.h) against RFC 1071's
 * 16-bit sum.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lns_bytes.h"
#include "lns_cksum.h"
#include "lns_l2tp_wire.h"
#include "lns_ppp_wire.h"

#define TID	0x1234
#define SID	0xabcd
#define NS	0x0102
#define NR	0x0304

/* A data message variant. */
struct msg {
	uint16_t flags;			/* LNS_L2TP_L/S/O/P (T, Ver added) */
	uint16_t pad;			/* Offset Size, with O */
	int acf;			/* FF 03 present */
	int pfc;			/* 1-octet protocol */
	uint16_t proto;
	uint8_t ver;			/* 0 = 2 */
	int len_delta;			/* added to the Length field (L) */
};

struct built {
	uint8_t b[256];
	uint32_t len;			/* message octets */
	uint32_t hdr_len;		/* L2TP header + padding */
	uint32_t inner_off;		/* past the PPP header */
};

/* The message m with ilen octets of inner packet (0x45, 0x00, ...). */
static void
build(struct built *o, const struct msg *m, uint32_t ilen)
{
	uint8_t *b = o->b;
	uint32_t off = 2;

	memset(o, 0, sizeof(*o));
	lns_put_be16(b, (uint16_t)(m->flags | (m->ver ? m->ver :
					       LNS_L2TP_VERSION)));
	if (m->flags & LNS_L2TP_L)
		off += 2;
	lns_put_be16(b + off, TID);
	lns_put_be16(b + off + 2, SID);
	off += 4;
	if (m->flags & LNS_L2TP_S) {
		lns_put_be16(b + off, NS);
		lns_put_be16(b + off + 2, NR);
		off += 4;
	}
	if (m->flags & LNS_L2TP_O) {
		lns_put_be16(b + off, m->pad);
		memset(b + off + 2, 0xee, m->pad);
		off += 2 + m->pad;
	}
	o->hdr_len = off;
	if (m->acf) {
		b[off++] = LNS_PPP_ADDR;
		b[off++] = LNS_PPP_CTRL;
	}
	if (m->pfc) {
		b[off++] = (uint8_t)m->proto;
	} else {
		lns_put_be16(b + off, m->proto);
		off += 2;
	}
	o->inner_off = off;
	b[off] = 0x45;
	o->len = off + ilen;
	if (m->flags & LNS_L2TP_L)
		lns_put_be16(b + 2, (uint16_t)(o->len + m->len_delta));
}

static void
expect_ok(const struct built *o, const struct msg *m, uint32_t avail,
	  uint32_t len)
{
	struct lns_l2tp_data d;

	memset(&d, 0x5a, sizeof(d));
	assert_int_equal(lns_l2tp_data_parse(o->b, avail, len, &d),
			 LNS_L2TP_OK);
	assert_int_equal(d.flags & LNS_L2TP_VER_MASK, LNS_L2TP_VERSION);
	assert_int_equal(d.flags & (LNS_L2TP_T | LNS_L2TP_L | LNS_L2TP_S |
				    LNS_L2TP_O | LNS_L2TP_P), m->flags);
	assert_int_equal(d.tid, TID);
	assert_int_equal(d.sid, SID);
	assert_int_equal(lns_l2tp_has_ns(&d), !!(m->flags & LNS_L2TP_S));
	assert_int_equal(d.ns, (m->flags & LNS_L2TP_S) ? NS : 0);
	assert_int_equal(d.nr, (m->flags & LNS_L2TP_S) ? NR : 0);
	assert_int_equal(d.hdr_len, o->hdr_len);
	assert_int_equal(d.proto, m->proto);
	assert_int_equal(d.inner_off, o->inner_off);
	assert_int_equal(d.end, o->len);
}

static void
test_every_flag_combination(void **state)
{
	static const uint16_t protos[] = { LNS_PPP_PROTO_IPV4,
		LNS_PPP_PROTO_IPV6, LNS_PPP_PROTO_LCP, LNS_PPP_PROTO_IPCP };
	unsigned int f, acf, pfc, p, pad;
	struct built o;

	for (f = 0; f < 16; f++)
	for (pad = 0; pad < 3; pad++)
	for (acf = 0; acf < 2; acf++)
	for (pfc = 0; pfc < 2; pfc++)
	for (p = 0; p < 4; p++) {
		struct msg m = {
			.flags = (uint16_t)(((f & 1) ? LNS_L2TP_L : 0) |
				 ((f & 2) ? LNS_L2TP_S : 0) |
				 ((f & 4) ? LNS_L2TP_O : 0) |
				 ((f & 8) ? LNS_L2TP_P : 0)),
			.pad = (uint16_t)pad, .acf = (int)acf,
			.proto = protos[p],
		};

		if (pfc && (protos[p] >> 8) != 0)
			continue;	/* only protocols < 0x100 compress */
		m.pfc = (int)pfc;
		if (pad != 0 && !(f & 4))
			continue;
		build(&o, &m, 20);
		expect_ok(&o, &m, o.len, o.len);
		/*
		 * Headers in the first buffer, the rest elsewhere (one
		 * inner octet too: the PPP header is read two octets at a
		 * time, FF 03 or not).
		 */
		expect_ok(&o, &m, o.inner_off + 1, o.len);
		/* Reserved bits are ignored on receipt (§3.1). */
		lns_put_be16(o.b, (uint16_t)(lns_get_be16(o.b) |
					     LNS_L2TP_RSVD_MASK));
		expect_ok(&o, &m, o.len, o.len);
	}
}

/* Cut anywhere inside the headers: truncated, never read past. */
static void
test_truncated_everywhere(void **state)
{
	unsigned int f, cut;
	struct lns_l2tp_data d;
	struct built o;

	for (f = 0; f < 8; f++) {
		struct msg m = {
			.flags = (uint16_t)(((f & 1) ? LNS_L2TP_L : 0) |
				 ((f & 2) ? LNS_L2TP_S : 0) |
				 ((f & 4) ? LNS_L2TP_O : 0)),
			.pad = 3, .acf = 1, .proto = LNS_PPP_PROTO_IPV4,
		};

		build(&o, &m, 20);
		for (cut = 0; cut < o.inner_off; cut++) {
			/* The datagram ends there... */
			assert_int_equal(lns_l2tp_data_parse(o.b, cut, cut,
							     &d),
					 LNS_L2TP_ETRUNC);
			/* ...or only the first buffer does. */
			assert_int_equal(lns_l2tp_data_parse(o.b, cut, o.len,
							     &d),
					 LNS_L2TP_ETRUNC);
		}
		assert_int_equal(lns_l2tp_data_parse(o.b, o.inner_off, o.len,
						     &d), LNS_L2TP_OK);
		assert_int_equal(d.end, o.len);
	}
}

static void
test_bad_version(void **state)
{
	static const uint8_t vers[] = { 0, 1, 3, 15 };
	struct msg m = { .acf = 1, .proto = LNS_PPP_PROTO_IPV4 };
	struct lns_l2tp_data d;
	struct built o;
	unsigned int i;

	build(&o, &m, 20);
	for (i = 0; i < sizeof(vers); i++) {
		o.b[1] = (uint8_t)((o.b[1] & 0xf0) | vers[i]);
		assert_int_equal(lns_l2tp_hdr_parse(o.b, o.len, o.len, &d),
				 LNS_L2TP_EVERSION);
		assert_int_equal(lns_l2tp_data_parse(o.b, o.len, o.len, &d),
				 LNS_L2TP_EVERSION);
		/* Ver is not even there. */
		assert_int_equal(lns_l2tp_data_parse(o.b, 1, 1, &d),
				 LNS_L2TP_ETRUNC);
	}
}

/* The L2TP Length ends the message: shorter is fine, longer is not. */
static void
test_length_field(void **state)
{
	static const struct {
		int delta;			/* Length - message */
		enum lns_l2tp_parse_err hdr, data;
	} c[] = {
		{ 1, LNS_L2TP_ETRUNC, LNS_L2TP_ETRUNC },  /* past the datagram */
		{ -20, LNS_L2TP_OK, LNS_L2TP_OK },	/* empty inner packet */
		{ -21, LNS_L2TP_OK, LNS_L2TP_ETRUNC },	/* cuts the PPP header */
		{ -25, LNS_L2TP_ETRUNC, LNS_L2TP_ETRUNC }, /* the L2TP one */
	};
	struct msg m = { .flags = LNS_L2TP_L, .acf = 1,
			 .proto = LNS_PPP_PROTO_IPV4 };
	struct lns_l2tp_data d;
	struct built o;
	unsigned int i;

	/* Link padding after the message: not part of it. */
	build(&o, &m, 20);
	assert_int_equal(lns_l2tp_data_parse(o.b, o.len + 6, o.len + 6, &d),
			 LNS_L2TP_OK);
	assert_int_equal(d.end, o.len);
	/* A message that continues in another buffer. */
	assert_int_equal(lns_l2tp_data_parse(o.b, o.inner_off, o.len + 6,
					     &d), LNS_L2TP_OK);
	assert_int_equal(d.end, o.len);
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		m.len_delta = c[i].delta;
		build(&o, &m, 20);
		assert_int_equal(lns_l2tp_hdr_parse(o.b, o.len, o.len, &d),
				 c[i].hdr);
		assert_int_equal(lns_l2tp_data_parse(o.b, o.len, o.len, &d),
				 c[i].data);
	}
}

/* Offset Size past the message; zero padding. */
static void
test_offset(void **state)
{
	struct msg m = { .flags = LNS_L2TP_O, .pad = 0, .acf = 1,
			 .proto = LNS_PPP_PROTO_IPV4 };
	struct lns_l2tp_data d;
	struct built o;

	build(&o, &m, 20);
	assert_int_equal(lns_l2tp_data_parse(o.b, o.len, o.len, &d),
			 LNS_L2TP_OK);
	assert_int_equal(d.hdr_len, 8);
	lns_put_be16(o.b + 6, (uint16_t)(o.len - 8 + 1));
	assert_int_equal(lns_l2tp_hdr_parse(o.b, o.len, o.len, &d),
			 LNS_L2TP_ETRUNC);
	lns_put_be16(o.b + 6, 0xffff);
	assert_int_equal(lns_l2tp_hdr_parse(o.b, o.len, o.len, &d),
			 LNS_L2TP_ETRUNC);
	/* Padding up to the message end: a header, no PPP frame. */
	lns_put_be16(o.b + 6, (uint16_t)(o.len - 8));
	assert_int_equal(lns_l2tp_hdr_parse(o.b, o.len, o.len, &d),
			 LNS_L2TP_OK);
	assert_int_equal(d.hdr_len, o.len);
	assert_int_equal(lns_l2tp_data_parse(o.b, o.len, o.len, &d),
			 LNS_L2TP_ETRUNC);
}

/* The PPP header alone: ACFC and PFC (RFC 1661 §6.5, §6.6). */
static void
test_ppp_hdr(void **state)
{
	static const uint8_t full[] = { 0xff, 0x03, 0x00, 0x21, 0x45 };
	static const uint8_t no_acf[] = { 0xc0, 0x21, 0x01 };
	static const uint8_t pfc[] = { 0xff, 0x03, 0x57, 0x60 };
	static const uint8_t both[] = { 0x21, 0x45 };
	static const uint8_t ff_pfc[] = { 0x21 };	/* one octet: short */
	static const uint8_t even1[] = { 0x00, 0x21 };
	uint16_t proto = 0;

	assert_int_equal(lns_ppp_hdr_parse(full, sizeof(full), 0, &proto), 4);
	assert_int_equal(proto, LNS_PPP_PROTO_IPV4);
	assert_int_equal(lns_ppp_hdr_parse(no_acf, sizeof(no_acf), 0, &proto),
			 2);
	assert_int_equal(proto, LNS_PPP_PROTO_LCP);
	assert_int_equal(lns_ppp_hdr_parse(pfc, sizeof(pfc), 0, &proto), 3);
	assert_int_equal(proto, LNS_PPP_PROTO_IPV6);
	assert_int_equal(lns_ppp_hdr_parse(both, sizeof(both), 0, &proto), 1);
	assert_int_equal(proto, LNS_PPP_PROTO_IPV4);
	/* Truncated: fewer than 2 octets, FF 03 then nothing, half a proto. */
	assert_int_equal(lns_ppp_hdr_parse(ff_pfc, 1, 0, &proto), -1);
	assert_int_equal(lns_ppp_hdr_parse(full, 2, 0, &proto), -1);
	assert_int_equal(lns_ppp_hdr_parse(full, 3, 0, &proto), -1);
	assert_int_equal(lns_ppp_hdr_parse(even1, 1, 0, &proto), -1);
	/* At an offset. */
	assert_int_equal(lns_ppp_hdr_parse(full, sizeof(full), 2, &proto), 4);
	assert_int_equal(proto, LNS_PPP_PROTO_IPV4);
}

/* The header parse alone, as l2tp_hdr_decode() uses it for control. */
static void
test_ctrl_header(void **state)
{
	static const uint8_t zlb[] = { 0xc8, 0x02, 0, 12, 0, 7, 0, 0,
				       0, 5, 0, 6 };
	struct lns_l2tp_data d;

	assert_int_equal(lns_l2tp_hdr_parse(zlb, sizeof(zlb), sizeof(zlb),
					    &d), LNS_L2TP_OK);
	assert_int_equal(d.flags, LNS_L2TP_T | LNS_L2TP_L | LNS_L2TP_S |
			 LNS_L2TP_VERSION);
	assert_int_equal(d.tid, 7);
	assert_int_equal(d.ns, 5);
	assert_int_equal(d.nr, 6);
	assert_int_equal(d.hdr_len, LNS_L2TP_CTRL_HDR_LEN);
	assert_int_equal(d.end, 12);
}

static void
test_bytes(void **state)
{
	uint8_t b[8] = { 0 };

	lns_put_be16(b + 1, 0x1234);		/* odd address */
	assert_int_equal(b[1], 0x12);
	assert_int_equal(b[2], 0x34);
	assert_int_equal(lns_get_be16(b + 1), 0x1234);
	lns_put_be32(b + 3, 0xdeadbeef);
	assert_int_equal(b[3], 0xde);
	assert_int_equal(b[6], 0xef);
	assert_int_equal(lns_get_be32(b + 3), 0xdeadbeef);
	/* Memory order: the same two octets back, whatever the host. */
	lns_store16(b + 5, lns_load16(b + 1));
	assert_int_equal(b[5], 0x12);
	assert_int_equal(b[6], 0x34);
}

/* RFC 1071 over 16-bit words in network order, end-around carry. */
static uint16_t
ref_sum16(const uint8_t *p, uint32_t len)
{
	uint32_t s = 0, i;

	for (i = 0; i < len; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/*
 * lns_ipv4_cksum_ok() against the 16-bit sum: headers of every length
 * (20 to 60 octets) with random contents, as they come and with their
 * checksum set right; each right one with one bit flipped anywhere; and
 * the all-zero and all-ones words that sit at the ends of the
 * end-around carry.
 */
static void
test_ipv4_cksum(void **state)
{
	uint32_t x = 0x2545f491, n, ihl, i, right = 0;
	uint8_t h[60];

	(void)state;
	for (n = 0; n < 20000; n++) {
		ihl = 20 + 4 * (n % 11);
		for (i = 0; i < ihl; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			h[i] = (uint8_t)(n % 7 == 0 ? (x & 1 ? 0xff : 0) : x);
		}
		assert_int_equal(lns_ipv4_cksum_ok(h, ihl),
				 ref_sum16(h, ihl) == 0xffff);
		h[10] = h[11] = 0;
		i = (uint16_t)~ref_sum16(h, ihl);
		h[10] = (uint8_t)(i >> 8);
		h[11] = (uint8_t)i;
		assert_int_equal(ref_sum16(h, ihl), 0xffff);
		assert_true(lns_ipv4_cksum_ok(h, ihl));
		right++;
		i = x % (ihl * 8);
		h[i / 8] ^= (uint8_t)(1u << (i % 8));
		assert_int_equal(lns_ipv4_cksum_ok(h, ihl),
				 ref_sum16(h, ihl) == 0xffff);
		assert_false(lns_ipv4_cksum_ok(h, ihl));
	}
	memset(h, 0, sizeof(h));
	assert_false(lns_ipv4_cksum_ok(h, 20));
	memset(h, 0xff, sizeof(h));
	assert_true(lns_ipv4_cksum_ok(h, 60));
	assert_int_equal(right, 20000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_flag_combination),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_bad_version),
		cmocka_unit_test(test_length_field),
		cmocka_unit_test(test_offset),
		cmocka_unit_test(test_ppp_hdr),
		cmocka_unit_test(test_ctrl_header),
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_ipv4_cksum),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
