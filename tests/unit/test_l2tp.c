/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests for the L2TPv2 codec: header (RFC 2661 §3.1), AVPs (§4.1,
 * §4.4), hiding (§4.3), challenge response (§4.4.3), writer.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <nettle/md5.h>

#include "l2tp_avp.h"
#include "l2tp_hdr.h"
#include "l2tp_proto.h"
#include "lns_bytes.h"

static const uint8_t secret[] = "s3cr3t";
#define SECRET_LEN	(sizeof(secret) - 1)

/* Hand-built AVP, independent of the writer. Returns its length. */
static size_t
put_avp(uint8_t *p, uint16_t flags, uint16_t vendor, uint16_t type,
    const void *val, size_t len)
{
	lns_put_be16(p, (uint16_t)(flags | (6 + len)));
	lns_put_be16(p + 2, vendor);
	lns_put_be16(p + 4, type);
	if (len > 0)
		memcpy(p + 6, val, len);
	return 6 + len;
}

/* Payload starting with a mandatory Message Type AVP. */
static size_t
put_msgtype(uint8_t *p, uint16_t type)
{
	uint8_t v[2];

	lns_put_be16(v, type);
	return put_avp(p, L2TP_AVP_M, 0, L2TP_AVP_MESSAGE_TYPE, v, 2);
}

static struct l2tp_msg m;	/* ~6 KiB: keep it off the stack */

/* ---- header ---- */

static void
test_hdr_ctrl_roundtrip(void **state)
{
	struct l2tp_hdr h = { .flags = LNS_L2TP_T | LNS_L2TP_O | LNS_L2TP_P,
	    .tunnel_id = 0x1234, .session_id = 0xabcd, .ns = 7, .nr = 9 };
	static const uint8_t want[12] = { 0xc8, 0x02, 0x00, 0x14, 0x12, 0x34,
	    0xab, 0xcd, 0x00, 0x07, 0x00, 0x09 };
	uint8_t buf[20] = { 0 };
	struct l2tp_hdr d;

	assert_int_equal(l2tp_hdr_encode(&h, buf, sizeof(buf)), 12);
	assert_int_equal(l2tp_hdr_set_length(buf, sizeof(buf), 20), 0);
	/* L and S forced on, O and P forced off for control (§3.1). */
	assert_memory_equal(buf, want, sizeof(want));
	assert_int_equal(l2tp_hdr_decode(&d, buf, sizeof(buf)), 0);
	assert_true(l2tp_hdr_is_ctrl(&d));
	assert_int_equal(d.length, 20);
	assert_int_equal(d.tunnel_id, 0x1234);
	assert_int_equal(d.session_id, 0xabcd);
	assert_int_equal(d.ns, 7);
	assert_int_equal(d.nr, 9);
	assert_int_equal(d.payload_off, 12);
	assert_int_equal(l2tp_hdr_payload_len(&d), 8);
	assert_int_equal(l2tp_hdr_encode(&h, buf, 11), -ENOBUFS);
}

static void
test_hdr_data_variants(void **state)
{
	static const uint8_t payload[5] = { 0xff, 0x03, 0xc0, 0x21, 0x01 };
	uint16_t flags, osz;
	unsigned int combo;
	uint8_t buf[64];
	struct l2tp_hdr h, d;
	int n;

	for (combo = 0; combo < 16; combo++) {
		for (osz = 0; osz < 4; osz += 3) {
			flags = (combo & 1 ? LNS_L2TP_L : 0) |
			    (combo & 2 ? LNS_L2TP_S : 0) |
			    (combo & 4 ? LNS_L2TP_O : 0) |
			    (combo & 8 ? LNS_L2TP_P : 0);
			memset(&h, 0, sizeof(h));
			h.flags = flags;
			h.tunnel_id = 0x0102;
			h.session_id = 0x0304;
			h.ns = 0x0506;
			h.nr = 0x0708;
			h.offset_size = osz;
			memset(buf, 0xee, sizeof(buf));
			n = l2tp_hdr_encode(&h, buf, sizeof(buf));
			assert_int_equal(n, (int)l2tp_hdr_size(flags, osz));
			memcpy(buf + n, payload, sizeof(payload));
			if (flags & LNS_L2TP_L)
				assert_int_equal(l2tp_hdr_set_length(buf,
				    sizeof(buf), (uint16_t)(n + 5)), 0);
			else
				assert_int_equal(l2tp_hdr_set_length(buf,
				    sizeof(buf), 1), -EINVAL);
			assert_int_equal(l2tp_hdr_decode(&d, buf,
			    (size_t)n + 5), 0);
			assert_false(l2tp_hdr_is_ctrl(&d));
			assert_int_equal(d.flags, flags | LNS_L2TP_VERSION);
			assert_int_equal(d.length, n + 5);
			assert_int_equal(d.tunnel_id, 0x0102);
			assert_int_equal(d.session_id, 0x0304);
			assert_int_equal(d.ns, flags & LNS_L2TP_S ? 0x0506 : 0);
			assert_int_equal(d.nr, flags & LNS_L2TP_S ? 0x0708 : 0);
			assert_int_equal(d.offset_size,
			    flags & LNS_L2TP_O ? osz : 0);
			assert_int_equal(d.payload_off, n);
			assert_int_equal(l2tp_hdr_payload_len(&d), 5);
			assert_memory_equal(buf + d.payload_off, payload, 5);
		}
	}
	/* Smallest data header: 6 octets, no payload. */
	static const uint8_t min[6] = { 0x00, 0x02, 0, 1, 0, 2 };
	assert_int_equal(l2tp_hdr_decode(&d, min, sizeof(min)), 0);
	assert_int_equal(d.payload_off, 6);
	assert_int_equal(l2tp_hdr_payload_len(&d), 0);
}

static void
test_hdr_reject_short(void **state)
{
	uint8_t buf[16];
	struct l2tp_hdr h = { .flags = LNS_L2TP_L | LNS_L2TP_S | LNS_L2TP_O,
	    .length = 16, .offset_size = 2 };
	struct l2tp_hdr d;
	size_t len;

	assert_int_equal(l2tp_hdr_encode(&h, buf, sizeof(buf)), 16);
	for (len = 0; len < 16; len++)
		assert_int_equal(l2tp_hdr_decode(&d, buf, len), -EMSGSIZE);
	assert_int_equal(l2tp_hdr_decode(&d, buf, 16), 0);

	h.flags = LNS_L2TP_T;
	h.length = 12;
	assert_int_equal(l2tp_hdr_encode(&h, buf, sizeof(buf)), 12);
	for (len = 2; len < 12; len++)
		assert_int_equal(l2tp_hdr_decode(&d, buf, len), -EMSGSIZE);
	/* Nothing without L: the 6-octet minimum. */
	static const uint8_t data5[5] = { 0x00, 0x02, 0, 1, 0 };
	assert_int_equal(l2tp_hdr_decode(&d, data5, 5), -EMSGSIZE);
}

static void
test_hdr_reject_version(void **state)
{
	uint8_t buf[12] = { 0xc8, 0x02, 0x00, 0x0c };
	struct l2tp_hdr d;

	buf[1] = 0x01;	/* L2F */
	assert_int_equal(l2tp_hdr_decode(&d, buf, 12), -EPROTONOSUPPORT);
	buf[1] = 0x03;	/* L2TPv3 */
	assert_int_equal(l2tp_hdr_decode(&d, buf, 12), -EPROTONOSUPPORT);
	buf[1] = 0x00;
	assert_int_equal(l2tp_hdr_decode(&d, buf, 12), -EPROTONOSUPPORT);
	/* Reserved bits are ignored on receive (§3.1). */
	buf[0] = 0xc8 | 0x34;
	buf[1] = 0xf2;
	assert_int_equal(l2tp_hdr_decode(&d, buf, 12), 0);
}

static void
test_hdr_reject_length(void **state)
{
	uint8_t buf[32] = { 0xc8, 0x02, 0x00, 0x0d };
	struct l2tp_hdr d;

	/* Length (13) larger than the 12 octets we have. */
	assert_int_equal(l2tp_hdr_decode(&d, buf, 12), -EMSGSIZE);
	/* Length smaller than the control header. */
	lns_put_be16(buf + 2, 11);
	assert_int_equal(l2tp_hdr_decode(&d, buf, 32), -EMSGSIZE);
	lns_put_be16(buf + 2, 0);
	assert_int_equal(l2tp_hdr_decode(&d, buf, 32), -EMSGSIZE);
	/* Data header with L and S: Length below 12. */
	buf[0] = 0x48;
	lns_put_be16(buf + 2, 10);
	assert_int_equal(l2tp_hdr_decode(&d, buf, 32), -EMSGSIZE);
	/* Length shorter than the buffer: trailing octets are not ours. */
	buf[0] = 0xc8;
	lns_put_be16(buf + 2, 14);
	assert_int_equal(l2tp_hdr_decode(&d, buf, 32), 0);
	assert_int_equal(d.length, 14);
	assert_int_equal(l2tp_hdr_payload_len(&d), 2);
}

static void
test_hdr_reject_offset(void **state)
{
	/* L, O: flags, Length, tid, sid, Offset Size, pad... */
	uint8_t buf[16] = { 0x42, 0x02, 0x00, 0x10, 0, 1, 0, 2, 0x00, 0x06 };
	struct l2tp_hdr d;

	assert_int_equal(l2tp_hdr_decode(&d, buf, 16), 0);
	assert_int_equal(d.payload_off, 16);
	lns_put_be16(buf + 8, 7);		/* one past the end */
	assert_int_equal(l2tp_hdr_decode(&d, buf, 16), -EMSGSIZE);
	lns_put_be16(buf + 8, 0xffff);
	assert_int_equal(l2tp_hdr_decode(&d, buf, 16), -EMSGSIZE);
	/* The Offset Size field itself cut off by Length. */
	lns_put_be16(buf + 2, 9);
	assert_int_equal(l2tp_hdr_decode(&d, buf, 16), -EMSGSIZE);
	/* Without L: cut off by the buffer. */
	static const uint8_t nol[7] = { 0x02, 0x02, 0, 1, 0, 2, 0 };
	assert_int_equal(l2tp_hdr_decode(&d, nol, 7), -EMSGSIZE);
	/* Control with O (liberal receive): offset honoured. */
	static const uint8_t co[16] = { 0xca, 0x02, 0x00, 0x10, 0, 1, 0, 0,
	    0, 0, 0, 0, 0x00, 0x02, 0xaa, 0xbb };
	assert_int_equal(l2tp_hdr_decode(&d, co, 16), 0);
	assert_int_equal(d.payload_off, 16);
	assert_int_equal(l2tp_hdr_decode(&d, co, 15), -EMSGSIZE);
}

static void
test_hdr_reject_ctrl_flags(void **state)
{
	uint8_t buf[12] = { 0xc8, 0x02, 0x00, 0x0c };
	struct l2tp_hdr d;

	buf[0] = 0x88;	/* T, S, no L */
	assert_int_equal(l2tp_hdr_decode(&d, buf, 12), -EPROTO);
	buf[0] = 0xc0;	/* T, L, no S */
	assert_int_equal(l2tp_hdr_decode(&d, buf, 12), -EPROTO);
	buf[0] = 0x80;
	assert_int_equal(l2tp_hdr_decode(&d, buf, 12), -EPROTO);
}

/* ---- AVP parse / build ---- */

static void
test_sccrq_build_parse(void **state)
{
	static const uint8_t chal[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static const uint8_t msgtype_avp[8] = { 0x80, 0x08, 0, 0, 0, 0, 0, 1 };
	struct l2tp_writer w;
	struct l2tp_hdr h;
	uint8_t buf[256];
	char name[8];
	int n;

	l2tp_writer_init(&w, buf, sizeof(buf));
	l2tp_ctrl_begin(&w, 0, 0, 0, 0, L2TP_MSG_SCCRQ);
	l2tp_avp_add_u16(&w, L2TP_AVP_PROTOCOL_VERSION, L2TP_AVP_M, 0x0100);
	l2tp_avp_add_u32(&w, L2TP_AVP_FRAMING_CAP, L2TP_AVP_M,
	    L2TP_FRAMING_SYNC | L2TP_FRAMING_ASYNC);
	l2tp_avp_add_u32(&w, L2TP_AVP_BEARER_CAP, 0, L2TP_BEARER_ANALOG);
	l2tp_avp_add_u64(&w, L2TP_AVP_TIE_BREAKER, 0,
	    UINT64_C(0x0102030405060708));
	l2tp_avp_add_u16(&w, L2TP_AVP_FIRMWARE_REV, 0, 0x0680);
	l2tp_avp_add_str(&w, L2TP_AVP_HOST_NAME, L2TP_AVP_M, "lac-1");
	l2tp_avp_add_str(&w, L2TP_AVP_VENDOR_NAME, 0, "lnsd");
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_TUNNEL_ID, L2TP_AVP_M, 0x4242);
	l2tp_avp_add_u16(&w, L2TP_AVP_RX_WINDOW_SIZE, L2TP_AVP_M, 16);
	l2tp_avp_add_bytes(&w, L2TP_AVP_CHALLENGE, L2TP_AVP_M, chal, 8);
	n = l2tp_ctrl_finish(&w);
	assert_int_equal(n, 12 + 8 + 8 + 10 + 10 + 14 + 8 + 11 + 10 + 8 + 8 +
	    14);
	assert_memory_equal(buf + 12, msgtype_avp, 8);

	assert_int_equal(l2tp_hdr_decode(&h, buf, (size_t)n), 0);
	assert_true(l2tp_hdr_is_ctrl(&h));
	assert_int_equal(h.length, n);
	assert_int_equal(l2tp_msg_parse(&m, buf + h.payload_off,
	    l2tp_hdr_payload_len(&h), NULL, 0), 0);
	assert_int_equal(m.msg_type, L2TP_MSG_SCCRQ);
	assert_int_equal(m.proto_ver, 1);
	assert_int_equal(m.proto_rev, 0);
	assert_int_equal(m.framing_cap, 3);
	assert_int_equal(m.bearer_cap, 2);
	assert_true(m.tie_breaker == UINT64_C(0x0102030405060708));
	assert_int_equal(m.firmware_rev, 0x0680);
	assert_int_equal(m.avp[L2TP_AVP_HOST_NAME].len, 5);
	assert_memory_equal(m.avp[L2TP_AVP_HOST_NAME].ptr, "lac-1", 5);
	assert_int_equal(m.avp[L2TP_AVP_HOST_NAME].flags, L2TP_AVP_M);
	assert_int_equal(l2tp_msg_copy_str(&m, L2TP_AVP_VENDOR_NAME, name,
	    sizeof(name)), 4);
	assert_string_equal(name, "lnsd");
	assert_int_equal(l2tp_msg_copy_str(&m, L2TP_AVP_HOST_NAME, name, 3),
	    5);
	assert_string_equal(name, "la");
	assert_int_equal(l2tp_msg_copy_str(&m, L2TP_AVP_CALLED_NUMBER, name,
	    sizeof(name)), -ENOENT);
	assert_int_equal(m.assigned_tunnel_id, 0x4242);
	assert_int_equal(m.rx_window_size, 16);
	assert_int_equal(m.avp[L2TP_AVP_CHALLENGE].len, 8);
	assert_memory_equal(m.avp[L2TP_AVP_CHALLENGE].ptr, chal, 8);
	assert_false(l2tp_msg_has(&m, L2TP_AVP_RESULT_CODE));
	assert_false(l2tp_msg_has(&m, L2TP_AVP_TYPE_COUNT));
	assert_int_equal(m.n_avps, 11);
	assert_int_equal(m.n_raw, 11);
	assert_int_equal(m.n_unknown + m.n_dup + m.n_hidden, 0);
	/* Raw list points into the buffer. */
	assert_ptr_equal(m.raw[0].avp, buf + 12);
	assert_int_equal(m.raw[10].type, L2TP_AVP_CHALLENGE);
	assert_int_equal(m.raw[10].len, 14);
	assert_ptr_equal(m.raw[10].avp + 14, buf + n);
}

static void
test_fixed_avps_build_parse(void **state)
{
	static const uint8_t ce[26] = { 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0,
	    0, 3, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0, 6 };
	static const uint8_t accm[10] = { 0, 0, 0xff, 0xff, 0xff, 0xff,
	    0, 0, 0, 0xa0 };
	static const uint8_t q931[7] = { 0, 16, 0x5a, 'b', 'y', 'e', '!' };
	static const uint8_t pid[2] = { 0, 0x37 };
	struct l2tp_writer w;
	uint8_t buf[512];
	int n;

	l2tp_writer_init(&w, buf, sizeof(buf));
	l2tp_ctrl_begin(&w, 7, 9, 1, 2, L2TP_MSG_CDN);
	l2tp_avp_add_result(&w, L2TP_AVP_M, L2TP_CDN_RC_ERROR,
	    L2TP_ERR_UNKNOWN_MANDATORY, "oops");
	l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_SESSION_ID, L2TP_AVP_M, 99);
	l2tp_avp_add_bytes(&w, L2TP_AVP_Q931_CAUSE, 0, q931, sizeof(q931));
	l2tp_avp_add_u32(&w, L2TP_AVP_CALL_SERIAL, 0, 0xdeadbeef);
	l2tp_avp_add_u32(&w, L2TP_AVP_MIN_BPS, 0, 1000);
	l2tp_avp_add_u32(&w, L2TP_AVP_MAX_BPS, 0, 2000);
	l2tp_avp_add_u32(&w, L2TP_AVP_BEARER_TYPE, 0, 2);
	l2tp_avp_add_u32(&w, L2TP_AVP_FRAMING_TYPE, 0, 1);
	l2tp_avp_add_u32(&w, L2TP_AVP_TX_CONNECT_SPEED, 0, 100000000);
	l2tp_avp_add_u32(&w, L2TP_AVP_RX_CONNECT_SPEED, 0, 50000000);
	l2tp_avp_add_u32(&w, L2TP_AVP_PHYS_CHANNEL_ID, 0, 77);
	l2tp_avp_add_u16(&w, L2TP_AVP_PROXY_AUTHEN_TYPE, 0,
	    L2TP_PROXY_AUTH_CHAP);
	l2tp_avp_add_bytes(&w, L2TP_AVP_PROXY_AUTHEN_ID, 0, pid, 2);
	l2tp_avp_add_bytes(&w, L2TP_AVP_CALL_ERRORS, 0, ce, sizeof(ce));
	l2tp_avp_add_bytes(&w, L2TP_AVP_ACCM, 0, accm, sizeof(accm));
	l2tp_avp_add_bytes(&w, L2TP_AVP_SEQUENCING_REQUIRED, 0, NULL, 0);
	l2tp_avp_add_bytes(&w, L2TP_AVP_LAST_TX_LCP_CONFREQ, 0, "\x01\x04",
	    2);
	n = l2tp_ctrl_finish(&w);
	assert_true(n > 0);

	assert_int_equal(l2tp_msg_parse(&m, buf + 12, (size_t)n - 12, NULL,
	    0), 0);
	assert_int_equal(m.msg_type, L2TP_MSG_CDN);
	assert_int_equal(m.result_code, L2TP_CDN_RC_ERROR);
	assert_true(m.has_error_code);
	assert_int_equal(m.error_code, L2TP_ERR_UNKNOWN_MANDATORY);
	assert_int_equal(m.error_msg_len, 4);
	assert_memory_equal(m.error_msg, "oops", 4);
	assert_int_equal(m.assigned_session_id, 99);
	assert_int_equal(m.q931_cause, 16);
	assert_int_equal(m.q931_msg, 0x5a);
	assert_int_equal(m.q931_advisory_len, 4);
	assert_memory_equal(m.q931_advisory, "bye!", 4);
	assert_int_equal(m.call_serial, 0xdeadbeef);
	assert_int_equal(m.min_bps, 1000);
	assert_int_equal(m.max_bps, 2000);
	assert_int_equal(m.bearer_type, 2);
	assert_int_equal(m.framing_type, 1);
	assert_int_equal(m.tx_connect_speed, 100000000);
	assert_int_equal(m.rx_connect_speed, 50000000);
	assert_int_equal(m.phys_channel_id, 77);
	assert_int_equal(m.proxy_authen_type, L2TP_PROXY_AUTH_CHAP);
	assert_int_equal(m.proxy_authen_id, 0x37);
	assert_int_equal(m.call_errors.crc, 1);
	assert_int_equal(m.call_errors.framing, 2);
	assert_int_equal(m.call_errors.hw_overruns, 3);
	assert_int_equal(m.call_errors.buf_overruns, 4);
	assert_int_equal(m.call_errors.timeouts, 5);
	assert_int_equal(m.call_errors.alignment, 6);
	assert_int_equal(m.accm_send, 0xffffffff);
	assert_int_equal(m.accm_recv, 0xa0);
	assert_true(l2tp_msg_has(&m, L2TP_AVP_SEQUENCING_REQUIRED));
	assert_int_equal(m.avp[L2TP_AVP_SEQUENCING_REQUIRED].len, 0);
	assert_int_equal(m.avp[L2TP_AVP_LAST_TX_LCP_CONFREQ].len, 2);

	/* Result Code without error code, and with error code only. */
	l2tp_writer_init(&w, buf, sizeof(buf));
	l2tp_ctrl_begin(&w, 7, 0, 1, 2, L2TP_MSG_STOPCCN);
	l2tp_avp_add_result(&w, L2TP_AVP_M, L2TP_STOPCCN_RC_SHUTDOWN, -1,
	    NULL);
	n = l2tp_ctrl_finish(&w);
	assert_int_equal(n, 12 + 8 + 8);
	assert_int_equal(l2tp_msg_parse(&m, buf + 12, 16, NULL, 0), 0);
	assert_int_equal(m.result_code, L2TP_STOPCCN_RC_SHUTDOWN);
	assert_false(m.has_error_code);
	assert_null(m.error_msg);
}

static void
test_zlb(void **state)
{
	struct l2tp_writer w;
	struct l2tp_hdr h;
	uint8_t buf[16];

	l2tp_writer_init(&w, buf, sizeof(buf));
	assert_int_equal(l2tp_ctrl_begin(&w, 5, 0, 3, 4, L2TP_MSG_ZLB), 0);
	assert_int_equal(l2tp_ctrl_finish(&w), 12);
	assert_int_equal(l2tp_hdr_decode(&h, buf, 12), 0);
	assert_int_equal(l2tp_hdr_payload_len(&h), 0);
	assert_int_equal(h.ns, 3);
	assert_int_equal(h.nr, 4);
	assert_int_equal(l2tp_msg_parse(&m, buf + 12, 0, NULL, 0), 0);
	assert_int_equal(m.msg_type, L2TP_MSG_ZLB);
	assert_int_equal(m.n_avps, 0);
}

static void
test_avp_bad_length(void **state)
{
	uint8_t buf[64];
	size_t n = put_msgtype(buf, L2TP_MSG_HELLO);

	/* AVP length < 6 (5, then 0). */
	put_avp(buf + n, 0, 0, L2TP_AVP_VENDOR_NAME, "abcdef", 6);
	lns_put_be16(buf + n, 5);
	assert_int_equal(l2tp_msg_parse(&m, buf, n + 12, NULL, 0), -EBADMSG);
	assert_int_equal(m.err_off, n);
	lns_put_be16(buf + n, L2TP_AVP_M | 0);
	assert_int_equal(l2tp_msg_parse(&m, buf, n + 12, NULL, 0), -EBADMSG);
	/* AVP length > remaining. */
	lns_put_be16(buf + n, 13);
	assert_int_equal(l2tp_msg_parse(&m, buf, n + 12, NULL, 0), -EBADMSG);
	assert_int_equal(m.err_type, L2TP_AVP_VENDOR_NAME);
	lns_put_be16(buf + n, 12);
	assert_int_equal(l2tp_msg_parse(&m, buf, n + 12, NULL, 0), 0);
	/* Truncated AVP header (1..5 trailing octets). */
	for (size_t t = 1; t < 6; t++)
		assert_int_equal(l2tp_msg_parse(&m, buf, n + t, NULL, 0),
		    -EBADMSG);
	/* The Message Type AVP itself too short / too long. */
	uint8_t mt[3] = { 0, 6, 0 };
	n = put_avp(buf, L2TP_AVP_M, 0, 0, mt, 1);
	assert_int_equal(l2tp_msg_parse(&m, buf, n, NULL, 0), -EBADMSG);
	n = put_avp(buf, L2TP_AVP_M, 0, 0, mt, 3);
	assert_int_equal(l2tp_msg_parse(&m, buf, n, NULL, 0), -EBADMSG);
}

/* Every known type: a value one octet outside its bounds is rejected. */
static void
test_avp_wrong_value_size(void **state)
{
	static uint8_t val[L2TP_AVP_MAX_VALUE];
	uint8_t buf[1100];
	uint16_t t, lo, hi;
	size_t n, hdr;
	int checked = 0;

	memset(val, 0x41, sizeof(val));
	hdr = put_msgtype(buf, L2TP_MSG_ICRQ);
	for (t = 1; t < L2TP_AVP_TYPE_COUNT; t++) {
		if (!l2tp_avp_value_bounds(t, &lo, &hi)) {
			assert_int_equal(t, 20);	/* reserved */
			continue;
		}
		if (lo > 0) {
			n = hdr + put_avp(buf + hdr, 0, 0, t, val, lo - 1u);
			assert_int_equal(l2tp_msg_parse(&m, buf, n, NULL, 0),
			    -EBADMSG);
			assert_int_equal(m.err_type, t);
			checked++;
		}
		if (hi < L2TP_AVP_MAX_VALUE) {
			n = hdr + put_avp(buf + hdr, 0, 0, t, val, hi + 1u);
			assert_int_equal(l2tp_msg_parse(&m, buf, n, NULL, 0),
			    -EBADMSG);
			checked++;
		}
		n = hdr + put_avp(buf + hdr, 0, 0, t, val, lo);
		assert_int_equal(l2tp_msg_parse(&m, buf, n, NULL, 0), 0);
		assert_true(l2tp_msg_has(&m, t));
	}
	assert_true(checked > 30);
	/* Explicit cases of the brief: Assigned Tunnel ID of 3 octets. */
	n = hdr + put_avp(buf + hdr, L2TP_AVP_M, 0,
	    L2TP_AVP_ASSIGNED_TUNNEL_ID, val, 3);
	assert_int_equal(l2tp_msg_parse(&m, buf, n, NULL, 0), -EBADMSG);
	/* Result Code: 2 and 4 are fine, 3 is not. */
	n = hdr + put_avp(buf + hdr, L2TP_AVP_M, 0, L2TP_AVP_RESULT_CODE, val,
	    3);
	assert_int_equal(l2tp_msg_parse(&m, buf, n, NULL, 0), -EBADMSG);
	assert_int_equal(m.err_type, L2TP_AVP_RESULT_CODE);
}

static void
test_avp_unknown(void **state)
{
	uint8_t buf[128];
	size_t n = put_msgtype(buf, L2TP_MSG_SCCRQ), base = n;

	/* Unknown optional AVPs: ignored and counted. */
	n += put_avp(buf + n, 0, 0, 20, "x", 1);	/* reserved type */
	n += put_avp(buf + n, 0, 0, 300, "xy", 2);
	n += put_avp(buf + n, 0, 9, L2TP_AVP_HOST_NAME, "v", 1); /* vendor */
	n += put_avp(buf + n, L2TP_AVP_M, 0, L2TP_AVP_HOST_NAME, "h", 1);
	assert_int_equal(l2tp_msg_parse(&m, buf, n, NULL, 0), 0);
	assert_int_equal(m.n_unknown, 3);
	assert_int_equal(m.n_avps, 5);
	assert_int_equal(m.n_raw, 5);
	assert_int_equal(m.raw[3].vendor, 9);
	assert_int_equal(m.avp[L2TP_AVP_HOST_NAME].ptr[0], 'h');

	/* Each with M: -ENOTSUP naming the AVP (Error Code 8). */
	static const uint16_t types[3] = { 20, 300, L2TP_AVP_HOST_NAME };
	static const uint16_t vendors[3] = { 0, 0, 9 };
	for (int i = 0; i < 3; i++) {
		n = base + put_avp(buf + base, L2TP_AVP_M, vendors[i],
		    types[i], "z", 1);
		assert_int_equal(l2tp_msg_parse(&m, buf, n, NULL, 0),
		    -ENOTSUP);
		assert_int_equal(m.err_type, types[i]);
		assert_int_equal(m.err_vendor, vendors[i]);
		assert_int_equal(m.err_off, base);
		assert_true(m.err_flags & L2TP_AVP_M);
	}
	/* Hidden unknown optional: ignored without a secret. */
	n = base + put_avp(buf + base, L2TP_AVP_H, 0, 301, "zz", 2);
	assert_int_equal(l2tp_msg_parse(&m, buf, n, NULL, 0), 0);
	assert_int_equal(m.n_unknown, 1);
}

static void
test_avp_reserved_bits(void **state)
{
	uint8_t buf[64], v[2] = { 0, 5 };
	size_t n, base = put_msgtype(buf, L2TP_MSG_ICRQ);
	uint16_t bit;

	for (bit = 0x0400; bit <= 0x2000; bit <<= 1) {
		/* Known type with a reserved bit and M: unrecognized. */
		n = base + put_avp(buf + base, L2TP_AVP_M | bit, 0,
		    L2TP_AVP_ASSIGNED_SESSION_ID, v, 2);
		assert_int_equal(l2tp_msg_parse(&m, buf, n, NULL, 0),
		    -ENOTSUP);
		assert_int_equal(m.err_type, L2TP_AVP_ASSIGNED_SESSION_ID);
		/* Without M: ignored, value not taken. */
		n = base + put_avp(buf + base, bit, 0,
		    L2TP_AVP_ASSIGNED_SESSION_ID, v, 2);
		assert_int_equal(l2tp_msg_parse(&m, buf, n, NULL, 0), 0);
		assert_false(l2tp_msg_has(&m, L2TP_AVP_ASSIGNED_SESSION_ID));
		assert_int_equal(m.n_unknown, 1);
	}
}

static void
test_avp_first_not_msgtype(void **state)
{
	uint8_t buf[64], v[2] = { 0, 1 };
	size_t n;

	n = put_avp(buf, L2TP_AVP_M, 0, L2TP_AVP_HOST_NAME, "h", 1);
	n += put_msgtype(buf + n, L2TP_MSG_SCCRQ);
	assert_int_equal(l2tp_msg_parse(&m, buf, n, NULL, 0), -EPROTO);
	assert_int_equal(m.err_type, L2TP_AVP_HOST_NAME);
	/* An unknown optional AVP first is not allowed either. */
	n = put_avp(buf, 0, 0, 300, "h", 1);
	n += put_msgtype(buf + n, L2TP_MSG_SCCRQ);
	assert_int_equal(l2tp_msg_parse(&m, buf, n, NULL, 0), -EPROTO);
	/* Message Type with a reserved bit or a vendor ID. */
	n = put_avp(buf, L2TP_AVP_M | 0x0800, 0, 0, v, 2);
	assert_int_equal(l2tp_msg_parse(&m, buf, n, NULL, 0), -EPROTO);
	n = put_avp(buf, L2TP_AVP_M, 1, 0, v, 2);
	assert_int_equal(l2tp_msg_parse(&m, buf, n, NULL, 0), -EPROTO);
	/* Message Type MUST NOT be hidden. */
	n = put_avp(buf, L2TP_AVP_M | L2TP_AVP_H, 0, 0, v, 2);
	assert_int_equal(l2tp_msg_parse(&m, buf, n, secret, SECRET_LEN),
	    -EBADMSG);
}

static void
test_avp_duplicates(void **state)
{
	uint8_t buf[64], a[2] = { 0, 1 }, b[2] = { 0, 2 };
	size_t n = put_msgtype(buf, L2TP_MSG_SCCRQ);

	n += put_avp(buf + n, L2TP_AVP_M, 0, L2TP_AVP_ASSIGNED_TUNNEL_ID, a, 2);
	n += put_avp(buf + n, L2TP_AVP_M, 0, L2TP_AVP_ASSIGNED_TUNNEL_ID, b, 2);
	n += put_msgtype(buf + n, L2TP_MSG_HELLO);
	assert_int_equal(l2tp_msg_parse(&m, buf, n, NULL, 0), 0);
	assert_int_equal(m.assigned_tunnel_id, 1);	/* first kept */
	assert_int_equal(m.msg_type, L2TP_MSG_SCCRQ);
	assert_int_equal(m.n_dup, 2);
	/* A duplicate is still validated. */
	n += put_avp(buf + n, 0, 0, L2TP_AVP_ASSIGNED_TUNNEL_ID, a, 1);
	assert_int_equal(l2tp_msg_parse(&m, buf, n, NULL, 0), -EBADMSG);
}

/* ---- hidden AVPs (§4.3) ---- */

static const uint8_t rv16[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
    12, 13, 14, 15 };
static const char alice[] = "alice@example.net";	/* 17 octets */

/* The §4.3 formula written out again with nettle, independently. */
static void
ref_hide(uint16_t type, const uint8_t *p, uint8_t *c, size_t len)
{
	struct md5_ctx ctx;
	uint8_t b[16], t[2] = { (uint8_t)(type >> 8), (uint8_t)type };
	size_t i;

	for (i = 0; i < len; i++) {
		if (i % 16 == 0) {
			md5_init(&ctx);
			if (i == 0) {
				md5_update(&ctx, 2, t);
				md5_update(&ctx, SECRET_LEN, secret);
				md5_update(&ctx, sizeof(rv16), rv16);
			} else {
				md5_update(&ctx, SECRET_LEN, secret);
				md5_update(&ctx, 16, c + i - 16);
			}
			md5_digest(&ctx, 16, b);
		}
		c[i] = p[i] ^ b[i % 16];
	}
}

static void
test_hidden_known_vector(void **state)
{
	/* Computed offline with Python hashlib from the same formula. */
	static const uint8_t py[19] = { 0x23, 0xc4, 0xde, 0x0a, 0x8a, 0x51,
	    0xb9, 0x2a, 0xf4, 0xb3, 0xfc, 0x18, 0x3a, 0x36, 0x7c, 0x5c,
	    0x3f, 0x33, 0x4e };
	uint8_t sub[19], ref[19], buf[128];
	struct l2tp_writer w;
	size_t off;
	int n;

	lns_put_be16(sub, 17);
	memcpy(sub + 2, alice, 17);
	ref_hide(L2TP_AVP_PROXY_AUTHEN_NAME, sub, ref, sizeof(sub));
	assert_memory_equal(ref, py, sizeof(py));

	l2tp_writer_init(&w, buf, sizeof(buf));
	l2tp_writer_set_secret(&w, secret, SECRET_LEN);
	l2tp_ctrl_begin(&w, 1, 2, 0, 0, L2TP_MSG_ICCN);
	l2tp_avp_add_random_vector(&w, rv16, sizeof(rv16));
	off = w.len;
	l2tp_avp_add_str(&w, L2TP_AVP_PROXY_AUTHEN_NAME, L2TP_AVP_H, alice);
	n = l2tp_ctrl_finish(&w);
	assert_int_equal(n, 12 + 8 + 22 + 25);
	assert_int_equal(lns_get_be16(buf + off), L2TP_AVP_H | 25);
	assert_int_equal(lns_get_be16(buf + off + 4), 30);
	assert_memory_equal(buf + off + 6, py, sizeof(py));

	assert_int_equal(l2tp_msg_parse(&m, buf + 12, (size_t)n - 12, secret,
	    SECRET_LEN), 0);
	assert_int_equal(m.n_hidden, 1);
	assert_int_equal(m.avp[L2TP_AVP_PROXY_AUTHEN_NAME].len, 17);
	assert_memory_equal(m.avp[L2TP_AVP_PROXY_AUTHEN_NAME].ptr, alice, 17);
	assert_int_equal(m.avp[L2TP_AVP_PROXY_AUTHEN_NAME].flags, L2TP_AVP_H);
	/* Primitive: unhide in place gives the subformat back. */
	memcpy(ref, py, sizeof(py));
	l2tp_unhide(30, secret, SECRET_LEN, rv16, 16, ref, ref, sizeof(ref));
	assert_memory_equal(ref, sub, sizeof(sub));
}

static void
test_hidden_roundtrip(void **state)
{
	static const uint8_t resp[16] = { 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4,
	    5, 6, 7, 8, 9, 10, 11, 12 };
	static const uint8_t rv2[5] = { 9, 8, 7, 6, 5 };
	char longname[200];
	uint8_t buf[1024];
	struct l2tp_writer w;
	size_t last;
	int n, pass;

	memset(longname, 'q', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	for (pass = 0; pass < 8; pass++) {
		l2tp_writer_init(&w, buf, sizeof(buf));
		l2tp_writer_set_secret(&w, secret, SECRET_LEN);
		l2tp_writer_set_hide_pad(&w, pass == 0 ? 0 : 40);
		l2tp_ctrl_begin(&w, 1, 2, 0, 0, L2TP_MSG_ICCN);
		l2tp_avp_add_random_vector(&w, rv16, sizeof(rv16));
		l2tp_avp_add_str(&w, L2TP_AVP_PROXY_AUTHEN_NAME,
		    L2TP_AVP_M | L2TP_AVP_H, longname);
		l2tp_avp_add_u16(&w, L2TP_AVP_PROXY_AUTHEN_TYPE, L2TP_AVP_H,
		    L2TP_PROXY_AUTH_CHAP);
		/* A second Random Vector applies to what follows. */
		l2tp_avp_add_random_vector(&w, rv2, sizeof(rv2));
		l2tp_avp_add_bytes(&w, L2TP_AVP_PROXY_AUTHEN_RESPONSE,
		    L2TP_AVP_H, resp, sizeof(resp));
		l2tp_avp_add_bytes(&w, L2TP_AVP_PROXY_AUTHEN_CHALLENGE,
		    L2TP_AVP_H, "", 0);	/* empty: too short once decoded */
		n = l2tp_ctrl_finish(&w);
		assert_true(n > 0);
		/* The empty challenge decodes to 0 octets: rejected. */
		assert_int_equal(l2tp_msg_parse(&m, buf + 12, (size_t)n - 12,
		    secret, SECRET_LEN), -EBADMSG);
		assert_int_equal(m.err_type, L2TP_AVP_PROXY_AUTHEN_CHALLENGE);
		assert_int_equal(m.n_hidden, 4);
		assert_int_equal(m.avp[L2TP_AVP_PROXY_AUTHEN_NAME].len, 199);
		assert_memory_equal(m.avp[L2TP_AVP_PROXY_AUTHEN_NAME].ptr,
		    longname, 199);
		assert_int_equal(m.proxy_authen_type, L2TP_PROXY_AUTH_CHAP);
		assert_memory_equal(m.avp[L2TP_AVP_PROXY_AUTHEN_RESPONSE].ptr,
		    resp, 16);
		/* Without the last AVP the message is fine. */
		last = (size_t)(m.raw[6].avp - (buf + 12));
		assert_int_equal(l2tp_msg_parse(&m, buf + 12, last, secret,
		    SECRET_LEN), 0);
		assert_int_equal(m.n_dup, 1);	/* second RV */
		/* A wrong secret never yields the right value. */
		last = (size_t)(m.raw[3].avp - (buf + 12));
		n = l2tp_msg_parse(&m, buf + 12, last,
		    (const uint8_t *)"other", 5);
		if (n == 0)
			assert_memory_not_equal(
			    m.avp[L2TP_AVP_PROXY_AUTHEN_NAME].ptr, longname,
			    m.avp[L2TP_AVP_PROXY_AUTHEN_NAME].len < 199 ?
			    m.avp[L2TP_AVP_PROXY_AUTHEN_NAME].len : 199);
		else
			assert_int_equal(n, -EBADMSG);
	}
}

static void
test_hidden_errors(void **state)
{
	uint8_t sub[4] = { 0, 2, 0x12, 0x34 }, c[4], buf[128];
	size_t n, base = put_msgtype(buf, L2TP_MSG_ICRQ), at;
	struct l2tp_writer w;

	/* Hidden AVP with no Random Vector before it. */
	ref_hide(L2TP_AVP_ASSIGNED_SESSION_ID, sub, c, 4);
	n = base + put_avp(buf + base, L2TP_AVP_M | L2TP_AVP_H, 0,
	    L2TP_AVP_ASSIGNED_SESSION_ID, c, 4);
	n += put_avp(buf + n, L2TP_AVP_M, 0, L2TP_AVP_RANDOM_VECTOR, rv16, 16);
	assert_int_equal(l2tp_msg_parse(&m, buf, n, secret, SECRET_LEN),
	    -ENOKEY);
	assert_int_equal(m.err_type, L2TP_AVP_ASSIGNED_SESSION_ID);

	/* RV first: fine with the secret, -ENOKEY without one. */
	n = base + put_avp(buf + base, L2TP_AVP_M, 0, L2TP_AVP_RANDOM_VECTOR,
	    rv16, 16);
	at = n;
	n += put_avp(buf + n, L2TP_AVP_M | L2TP_AVP_H, 0,
	    L2TP_AVP_ASSIGNED_SESSION_ID, c, 4);
	assert_int_equal(l2tp_msg_parse(&m, buf, n, secret, SECRET_LEN), 0);
	assert_int_equal(m.assigned_session_id, 0x1234);
	assert_int_equal(l2tp_msg_parse(&m, buf, n, NULL, 0), -ENOKEY);
	assert_int_equal(l2tp_msg_parse(&m, buf, n, secret, 0), -ENOKEY);

	/* Tampered original length: larger than what is there. */
	buf[at + 6] ^= 0x80;
	assert_int_equal(l2tp_msg_parse(&m, buf, n, secret, SECRET_LEN),
	    -EBADMSG);
	buf[at + 6] ^= 0x80;
	buf[at + 7] ^= 0x03;	/* 2 -> 1: decodes, but 1 octet is wrong */
	assert_int_equal(l2tp_msg_parse(&m, buf, n, secret, SECRET_LEN),
	    -EBADMSG);
	assert_int_equal(m.err_type, L2TP_AVP_ASSIGNED_SESSION_ID);
	/* Hidden value shorter than the 2-octet original length. */
	n = at + put_avp(buf + at, L2TP_AVP_H, 0, L2TP_AVP_HOST_NAME, c, 1);
	assert_int_equal(l2tp_msg_parse(&m, buf, n, secret, SECRET_LEN),
	    -EBADMSG);
	/* Random Vector MUST NOT be hidden. */
	n = at + put_avp(buf + at, L2TP_AVP_M | L2TP_AVP_H, 0,
	    L2TP_AVP_RANDOM_VECTOR, c, 4);
	assert_int_equal(l2tp_msg_parse(&m, buf, n, secret, SECRET_LEN),
	    -EBADMSG);

	/* Writer: H without a Random Vector, or without a secret. */
	l2tp_writer_init(&w, buf, sizeof(buf));
	l2tp_writer_set_secret(&w, secret, SECRET_LEN);
	l2tp_ctrl_begin(&w, 1, 0, 0, 0, L2TP_MSG_ICRQ);
	assert_int_equal(l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_SESSION_ID,
	    L2TP_AVP_H, 1), -ENOKEY);
	l2tp_writer_init(&w, buf, sizeof(buf));
	l2tp_ctrl_begin(&w, 1, 0, 0, 0, L2TP_MSG_ICRQ);
	l2tp_avp_add_random_vector(&w, rv16, 16);
	assert_int_equal(l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_SESSION_ID,
	    L2TP_AVP_H, 1), -ENOKEY);
	/* The RV of a previous message does not carry over. */
	l2tp_writer_init(&w, buf, sizeof(buf));
	l2tp_writer_set_secret(&w, secret, SECRET_LEN);
	l2tp_ctrl_begin(&w, 1, 0, 0, 0, L2TP_MSG_ICRQ);
	l2tp_avp_add_random_vector(&w, rv16, 16);
	assert_true(l2tp_ctrl_finish(&w) > 0);
	l2tp_ctrl_begin(&w, 1, 0, 1, 0, L2TP_MSG_ICCN);
	assert_int_equal(l2tp_avp_add_u16(&w, L2TP_AVP_ASSIGNED_SESSION_ID,
	    L2TP_AVP_H, 1), -ENOKEY);
}

/* ---- writer ---- */

static int
build_sample(uint8_t *buf, size_t cap)
{
	struct l2tp_writer w;

	l2tp_writer_init(&w, buf, cap);
	l2tp_writer_set_secret(&w, secret, SECRET_LEN);
	l2tp_ctrl_begin(&w, 1, 0, 0, 0, L2TP_MSG_SCCRP);
	l2tp_avp_add_u16(&w, L2TP_AVP_PROTOCOL_VERSION, L2TP_AVP_M, 0x0100);
	l2tp_avp_add_str(&w, L2TP_AVP_HOST_NAME, L2TP_AVP_M, "lns");
	l2tp_avp_add_random_vector(&w, rv16, 16);
	l2tp_avp_add_u64(&w, L2TP_AVP_TIE_BREAKER, 0, 1);
	l2tp_avp_add_str(&w, L2TP_AVP_VENDOR_NAME, L2TP_AVP_H, alice);
	l2tp_avp_add_result(&w, 0, 1, 0, "ok");
	assert_true(w.len <= cap);
	return l2tp_ctrl_finish(&w);
}

static void
test_writer_overflow(void **state)
{
	uint8_t ref[256], buf[256 + 8];
	int full = build_sample(ref, sizeof(ref));
	size_t cap, i;

	assert_true(full > 0);
	for (cap = 0; cap < (size_t)full; cap++) {
		memset(buf, 0xa5, sizeof(buf));
		assert_int_equal(build_sample(buf, cap), -ENOBUFS);
		for (i = cap; i < sizeof(buf); i++)
			assert_int_equal(buf[i], 0xa5);	/* nothing past cap */
	}
	assert_int_equal(build_sample(buf, (size_t)full), full);
	assert_memory_equal(buf, ref, (size_t)full);
}

static void
test_writer_errors(void **state)
{
	static uint8_t big[L2TP_AVP_MAX_VALUE + 1];
	uint8_t buf[2048];
	struct l2tp_writer w;

	l2tp_writer_init(&w, buf, sizeof(buf));
	l2tp_ctrl_begin(&w, 1, 0, 0, 0, L2TP_MSG_HELLO);
	assert_int_equal(l2tp_avp_add_bytes(&w, L2TP_AVP_VENDOR_NAME, 0, big,
	    L2TP_AVP_MAX_VALUE), 0);
	assert_int_equal(lns_get_be16(buf + 20), L2TP_AVP_MAX_LEN);
	assert_int_equal(l2tp_avp_add_bytes(&w, L2TP_AVP_VENDOR_NAME, 0, big,
	    sizeof(big)), -EMSGSIZE);
	/* Sticky: later calls fail the same way and write nothing. */
	size_t len = w.len;
	assert_int_equal(l2tp_avp_add_u16(&w, 9, 0, 1), -EMSGSIZE);
	assert_int_equal(w.len, len);
	assert_int_equal(l2tp_ctrl_finish(&w), -EMSGSIZE);

	l2tp_writer_init(&w, buf, sizeof(buf));
	assert_int_equal(l2tp_avp_add_u16(&w, 9, 0x0400, 1), -EINVAL);
	l2tp_writer_init(&w, buf, sizeof(buf));
	assert_int_equal(l2tp_avp_add_result(&w, 0, 2, -1, "msg"), -EINVAL);
	l2tp_writer_init(&w, buf, sizeof(buf));
	assert_int_equal(l2tp_avp_add_str(&w, 7, 0, NULL), -EINVAL);
	l2tp_writer_init(&w, NULL, 10);
	assert_int_equal(l2tp_ctrl_begin(&w, 0, 0, 0, 0, 1), -EINVAL);
	l2tp_writer_init(&w, buf, sizeof(buf));
	assert_int_equal(l2tp_ctrl_finish(&w), -EINVAL);	/* no begin */
}

/* ---- challenge response (§4.4.3) ---- */

static void
test_challenge_response(void **state)
{
	static const uint8_t chal[16] = { 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
	    0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f };
	/* Python: hashlib.md5(b'\x02' + b's3cr3t' + chal) */
	static const uint8_t py_sccrp[16] = { 0xf9, 0x48, 0xf6, 0x1c, 0x95,
	    0xb6, 0xd4, 0xf1, 0x36, 0x10, 0xee, 0xe3, 0x4f, 0xa1, 0xad, 0x59 };
	static const uint8_t py_scccn[16] = { 0x41, 0x1c, 0x3f, 0xdc, 0x26,
	    0xf6, 0xb8, 0x0a, 0x0a, 0x70, 0x66, 0xd4, 0x41, 0xb8, 0x9b, 0x15 };
	uint8_t out[16], ref[16], id = L2TP_MSG_SCCRP;
	struct md5_ctx ctx;

	md5_init(&ctx);
	md5_update(&ctx, 1, &id);
	md5_update(&ctx, SECRET_LEN, secret);
	md5_update(&ctx, sizeof(chal), chal);
	md5_digest(&ctx, 16, ref);
	assert_memory_equal(ref, py_sccrp, 16);

	l2tp_challenge_response(L2TP_MSG_SCCRP, secret, SECRET_LEN, chal,
	    sizeof(chal), out);
	assert_memory_equal(out, py_sccrp, 16);
	l2tp_challenge_response(L2TP_MSG_SCCCN, secret, SECRET_LEN, chal,
	    sizeof(chal), out);
	assert_memory_equal(out, py_scccn, 16);
	assert_true(l2tp_challenge_verify(L2TP_MSG_SCCCN, secret, SECRET_LEN,
	    chal, sizeof(chal), py_scccn, 16));
	assert_false(l2tp_challenge_verify(L2TP_MSG_SCCRP, secret, SECRET_LEN,
	    chal, sizeof(chal), py_scccn, 16));
	assert_false(l2tp_challenge_verify(L2TP_MSG_SCCCN, secret, SECRET_LEN,
	    chal, sizeof(chal), py_scccn, 15));
	assert_false(l2tp_challenge_verify(L2TP_MSG_SCCCN, secret, SECRET_LEN,
	    chal, sizeof(chal), NULL, 16));
}

static void
test_names(void **state)
{
	assert_string_equal(l2tp_msg_type_name(L2TP_MSG_SCCRQ), "SCCRQ");
	assert_string_equal(l2tp_msg_type_name(L2TP_MSG_STOPCCN), "StopCCN");
	assert_string_equal(l2tp_msg_type_name(L2TP_MSG_SLI), "SLI");
	assert_string_equal(l2tp_msg_type_name(5), "Unknown");
	assert_string_equal(l2tp_msg_type_name(17), "Unknown");
	assert_string_equal(l2tp_avp_type_name(L2TP_AVP_TIE_BREAKER),
	    "Tie Breaker");
	assert_string_equal(l2tp_avp_type_name(39), "Sequencing Required");
	assert_string_equal(l2tp_avp_type_name(20), "Unknown");
	assert_string_equal(l2tp_avp_type_name(40), "Unknown");
	assert_string_equal(l2tp_result_code_name(L2TP_MSG_STOPCCN, 7),
	    "Finite State Machine error");
	assert_string_equal(l2tp_result_code_name(L2TP_MSG_CDN, 11),
	    "No framing detected");
	assert_string_equal(l2tp_result_code_name(L2TP_MSG_CDN, 12),
	    "Unknown");
	assert_string_equal(l2tp_result_code_name(L2TP_MSG_HELLO, 1),
	    "Unknown");
	assert_string_equal(l2tp_error_code_name(8), "Unknown mandatory AVP");
	assert_string_equal(l2tp_error_code_name(9), "Unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hdr_ctrl_roundtrip),
		cmocka_unit_test(test_hdr_data_variants),
		cmocka_unit_test(test_hdr_reject_short),
		cmocka_unit_test(test_hdr_reject_version),
		cmocka_unit_test(test_hdr_reject_length),
		cmocka_unit_test(test_hdr_reject_offset),
		cmocka_unit_test(test_hdr_reject_ctrl_flags),
		cmocka_unit_test(test_sccrq_build_parse),
		cmocka_unit_test(test_fixed_avps_build_parse),
		cmocka_unit_test(test_zlb),
		cmocka_unit_test(test_avp_bad_length),
		cmocka_unit_test(test_avp_wrong_value_size),
		cmocka_unit_test(test_avp_unknown),
		cmocka_unit_test(test_avp_reserved_bits),
		cmocka_unit_test(test_avp_first_not_msgtype),
		cmocka_unit_test(test_avp_duplicates),
		cmocka_unit_test(test_hidden_known_vector),
		cmocka_unit_test(test_hidden_roundtrip),
		cmocka_unit_test(test_hidden_errors),
		cmocka_unit_test(test_writer_overflow),
		cmocka_unit_test(test_writer_errors),
		cmocka_unit_test(test_challenge_response),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
