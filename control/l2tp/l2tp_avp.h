/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L2TPv2 control message AVP codec (RFC 2661 §4).
 *
 * Parsing: l2tp_msg_parse() walks the AVPs of one control message payload
 * (the octets after the control header) into a struct l2tp_msg.
 *
 *   Storage: values are NOT copied. msg->avp[type].ptr points into the
 *   caller's buffer for clear AVPs, or into msg->scratch for hidden AVPs
 *   once decoded. The struct is therefore only valid while the parsed
 *   buffer is alive and unmodified. Strings are not NUL-terminated: use
 *   l2tp_msg_copy_str() to get a C string.
 *
 *   Duplicates: the first occurrence of a known AVP type is kept, later
 *   ones are validated like any other and counted in msg->n_dup. The one
 *   exception is Random Vector: §4.3 says a new Random Vector applies to
 *   the hidden AVPs that follow it, so the parser always unhides with the
 *   nearest preceding one, while msg->avp[L2TP_AVP_RANDOM_VECTOR] still
 *   holds the first.
 *
 * Building: a struct l2tp_writer appends a control header and AVPs into a
 * caller-supplied buffer; errors are sticky and nothing is ever written
 * past cap.
 */

#ifndef _L2TP_AVP_H_
#define _L2TP_AVP_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "l2tp_proto.h"

/* Raw AVPs recorded per message; later ones are walked but not recorded. */
#define L2TP_MSG_MAX_RAW	64
/* Room for decoded hidden values; a message needing more is -ENOBUFS. */
#define L2TP_MSG_SCRATCH	4096

/* One AVP as seen on the wire, recognized or not. */
struct l2tp_avp_raw {
	const uint8_t *avp;	/* AVP header in the parsed buffer */
	uint16_t len;		/* whole AVP, header included */
	uint16_t flags;		/* M, H and reserved bits (length masked) */
	uint16_t vendor;
	uint16_t type;
};

/* Value of a known AVP (decoded if it was hidden). */
struct l2tp_avp_val {
	const uint8_t *ptr;	/* into the parsed buffer or msg->scratch */
	uint16_t len;
	uint16_t flags;		/* L2TP_AVP_M / L2TP_AVP_H as received */
};

/* RFC 2661 §4.4.6 Call Errors. */
struct l2tp_call_errors {
	uint32_t crc;
	uint32_t framing;
	uint32_t hw_overruns;
	uint32_t buf_overruns;
	uint32_t timeouts;
	uint32_t alignment;
};

struct l2tp_msg {
	uint16_t msg_type;	/* L2TP_MSG_ZLB for an empty payload */
	uint64_t present;	/* bit t set: AVP type t seen */
	struct l2tp_avp_val avp[L2TP_AVP_TYPE_COUNT];

	/* Fixed-layout values, valid when the matching present bit is set. */
	uint16_t result_code;		/* §4.4.2 */
	uint16_t error_code;		/* valid if has_error_code */
	bool has_error_code;
	const uint8_t *error_msg;	/* optional, error_msg_len octets */
	uint16_t error_msg_len;
	uint8_t proto_ver;		/* §4.4.3 */
	uint8_t proto_rev;
	uint32_t framing_cap;
	uint32_t bearer_cap;
	uint64_t tie_breaker;
	uint16_t firmware_rev;
	uint16_t assigned_tunnel_id;
	uint16_t rx_window_size;
	uint16_t q931_cause;		/* §4.4.5 Q.931 Cause Code */
	uint8_t q931_msg;
	const uint8_t *q931_advisory;
	uint16_t q931_advisory_len;
	uint16_t assigned_session_id;
	uint32_t call_serial;
	uint32_t min_bps;
	uint32_t max_bps;
	uint32_t bearer_type;
	uint32_t framing_type;
	uint32_t tx_connect_speed;
	uint32_t rx_connect_speed;
	uint32_t phys_channel_id;
	uint16_t proxy_authen_type;
	uint8_t proxy_authen_id;
	struct l2tp_call_errors call_errors;
	uint32_t accm_send;		/* §4.4.6 ACCM */
	uint32_t accm_recv;
	/* Strings and blobs (Host Name, Challenge, LCP CONFREQs...): avp[]. */

	/* Every AVP seen, in order (up to L2TP_MSG_MAX_RAW). */
	struct l2tp_avp_raw raw[L2TP_MSG_MAX_RAW];
	uint16_t n_raw;
	uint16_t n_avps;	/* AVPs walked */
	uint16_t n_unknown;	/* unrecognized optional AVPs ignored */
	uint16_t n_dup;		/* repeated known AVPs (first kept) */
	uint16_t n_hidden;	/* hidden AVPs decoded */

	/* On error: the offending AVP, offset from the payload start. */
	uint16_t err_type;
	uint16_t err_vendor;
	uint16_t err_flags;
	uint16_t err_off;

	uint16_t scratch_len;
	uint8_t scratch[L2TP_MSG_SCRATCH];
};

static inline bool
l2tp_msg_has(const struct l2tp_msg *msg, uint16_t type)
{
	return type < L2TP_AVP_TYPE_COUNT &&
	    (msg->present & (UINT64_C(1) << type)) != 0;
}

/*
 * Parse the AVPs of a control message payload buf[0..len) (what follows
 * the control header). secret may be NULL when no tunnel secret is
 * configured. An empty payload is a ZLB: returns 0 with msg_type ZLB.
 *
 * Returns 0, or a negative errno with msg->err_* naming the AVP:
 *   -EBADMSG  AVP length < 6 or past the payload, a known AVP whose value
 *             has the wrong size (also after unhiding), a bad hidden
 *             original length, Message Type / Random Vector hidden, or a
 *             payload over 65535 octets (→ Error Code 2 "length is wrong");
 *   -EPROTO   the first AVP is not a recognized Message Type (§4.1);
 *   -ENOTSUP  unrecognized AVP with the M bit: unknown type, Vendor ID != 0
 *             or reserved bits set (§4.1) → tear down the session (CDN)
 *             or the tunnel (StopCCN) with Error Code 8;
 *   -ENOKEY   hidden AVP with no secret or no preceding Random Vector;
 *   -ENOBUFS  msg->scratch too small for the hidden values.
 * Unrecognized AVPs without the M bit are ignored and counted.
 * msg_type is returned as received: the caller checks it is a type it
 * knows and, per §4.4.1, clears the tunnel if it is unknown and
 * msg->avp[L2TP_AVP_MESSAGE_TYPE].flags has the M bit.
 */
int l2tp_msg_parse(struct l2tp_msg *msg, const uint8_t *buf, size_t len,
    const uint8_t *secret, size_t secret_len);

/*
 * Copy the value of AVP type into dst as a NUL-terminated string,
 * truncated to dstsz - 1. Returns the full value length (>= dstsz means
 * truncated), -ENOENT if absent, -EINVAL if dstsz is 0.
 */
int l2tp_msg_copy_str(const struct l2tp_msg *msg, uint16_t type, char *dst,
    size_t dstsz);

/* Value size bounds of a known AVP type; false if the type is unknown. */
bool l2tp_avp_value_bounds(uint16_t type, uint16_t *min, uint16_t *max);

/*
 * RFC 2661 §4.3 hiding, on a whole Hidden AVP Subformat (2-octet original
 * length, value, padding) of len octets:
 *   b1 = MD5(type || secret || RV), c1 = p1 xor b1,
 *   bi = MD5(secret || c(i-1)),     ci = pi xor bi,
 * over 16-octet segments, the last one possibly short. in and out may be
 * the same buffer. These are the primitives used by the parser and the
 * writer, exported for tests and tools.
 */
void l2tp_hide(uint16_t type, const uint8_t *secret, size_t secret_len,
    const uint8_t *rv, size_t rv_len, const uint8_t *in, uint8_t *out,
    size_t len);
void l2tp_unhide(uint16_t type, const uint8_t *secret, size_t secret_len,
    const uint8_t *rv, size_t rv_len, const uint8_t *in, uint8_t *out,
    size_t len);

/*
 * RFC 2661 §4.4.3 Challenge Response / §5.1.1: MD5 over the message type of
 * the response (one octet: 2 for SCCRP, 3 for SCCCN), the secret and the
 * Challenge value, computed as for CHAP (RFC 1994).
 */
void l2tp_challenge_response(uint8_t msgtype, const uint8_t *secret,
    size_t secret_len, const uint8_t *challenge, size_t challenge_len,
    uint8_t out[L2TP_MD5_LEN]);

/* Check a received response in constant time; false on any mismatch. */
bool l2tp_challenge_verify(uint8_t msgtype, const uint8_t *secret,
    size_t secret_len, const uint8_t *challenge, size_t challenge_len,
    const uint8_t *response, size_t response_len);

/*
 * Writer. Usage:
 *
 *	l2tp_writer_init(&w, buf, sizeof(buf));
 *	l2tp_ctrl_begin(&w, peer_tid, 0, ns, nr, L2TP_MSG_SCCRQ);
 *	l2tp_avp_add_u16(&w, L2TP_AVP_PROTOCOL_VERSION, L2TP_AVP_M, 0x0100);
 *	...
 *	n = l2tp_ctrl_finish(&w);	(message length, or negative errno)
 *
 * Every add returns w->error: the first error sticks (-ENOBUFS on
 * overflow, -EMSGSIZE for a value over 1017 octets, -EINVAL for bad
 * arguments, -ENOKEY for H without secret or Random Vector) and later
 * calls do nothing.
 *
 * Hidden AVPs (flags & L2TP_AVP_H, §4.3) need l2tp_writer_set_secret() and
 * a Random Vector AVP added earlier in the message by
 * l2tp_avp_add_random_vector(); the writer hides with the last one added.
 * Padding is 0 octets unless l2tp_writer_set_hide_pad() asks for random
 * padding of 0..pad_max octets (getrandom()).
 */
struct l2tp_writer {
	uint8_t *buf;
	size_t cap;
	size_t len;
	int error;
	size_t msg_start;	/* offset of the current message header */
	const uint8_t *secret;	/* borrowed, see l2tp_writer_set_secret() */
	size_t secret_len;
	size_t rv_off;		/* last Random Vector value, in buf */
	uint16_t rv_len;	/* 0: none in this message */
	uint16_t hide_pad_max;
};

/* Fill buf with len random octets (getrandom); 0 or negative errno. */
int l2tp_random(void *buf, size_t len);

void l2tp_writer_init(struct l2tp_writer *w, uint8_t *buf, size_t cap);
/* The secret is borrowed: it must stay valid while the writer is used. */
void l2tp_writer_set_secret(struct l2tp_writer *w, const uint8_t *secret,
    size_t secret_len);
void l2tp_writer_set_hide_pad(struct l2tp_writer *w, uint16_t pad_max);

/*
 * Start a control message at w->len: header (T, L, S, Ver 2) then, unless
 * msg_type is L2TP_MSG_ZLB, the Message Type AVP with the M bit (§4.1:
 * it must come first).
 */
int l2tp_ctrl_begin(struct l2tp_writer *w, uint16_t tunnel_id,
    uint16_t session_id, uint16_t ns, uint16_t nr, uint16_t msg_type);
/* Patch the Length field; returns the message length or negative errno. */
int l2tp_ctrl_finish(struct l2tp_writer *w);

/* flags: L2TP_AVP_M and/or L2TP_AVP_H. Vendor ID 0. */
int l2tp_avp_add_u16(struct l2tp_writer *w, uint16_t type, uint16_t flags,
    uint16_t v);
int l2tp_avp_add_u32(struct l2tp_writer *w, uint16_t type, uint16_t flags,
    uint32_t v);
int l2tp_avp_add_u64(struct l2tp_writer *w, uint16_t type, uint16_t flags,
    uint64_t v);
int l2tp_avp_add_bytes(struct l2tp_writer *w, uint16_t type, uint16_t flags,
    const void *val, size_t len);
int l2tp_avp_add_str(struct l2tp_writer *w, uint16_t type, uint16_t flags,
    const char *s);
/* Any vendor/type, no value checks: for vendor AVPs and for tests. */
int l2tp_avp_add_raw(struct l2tp_writer *w, uint16_t flags, uint16_t vendor,
    uint16_t type, const void *val, size_t len);
/*
 * §4.4.2 Result Code: result, then the error code if error_code >= 0, then
 * msg if not NULL (which requires an error code: -EINVAL otherwise).
 */
int l2tp_avp_add_result(struct l2tp_writer *w, uint16_t flags,
    uint16_t result, int error_code, const char *msg);
/* §4.4.3 Random Vector (M set, never hidden); used for later H AVPs. */
int l2tp_avp_add_random_vector(struct l2tp_writer *w, const uint8_t *rv,
    size_t len);

/* Is msg_type one RFC 2661 §3.2 defines (ZLB included)? */
bool l2tp_msg_type_known(uint16_t msg_type);

/* Names for logs; never NULL. */
const char *l2tp_msg_type_name(uint16_t msg_type);
const char *l2tp_avp_type_name(uint16_t type);
/* Result codes depend on the message: StopCCN or CDN (§4.4.2). */
const char *l2tp_result_code_name(uint16_t msg_type, uint16_t result);
const char *l2tp_error_code_name(uint16_t error);

#endif /* _L2TP_AVP_H_ */
