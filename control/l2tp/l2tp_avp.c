/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L2TPv2 AVP parsing, hiding and name tables (RFC 2661 §4).
 *
 * Layout follows OpenBSD npppd (l2tp_subr.c): one table describing every
 * known AVP (name, value size bounds) drives a single size-check macro, so
 * that no value is read before its length has been validated.
 */

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <nettle/md5.h>

#include "l2tp_avp.h"
#include "l2tp_hdr.h"
#include "lns_bytes.h"

#define AVPI_NOHIDE	0x01	/* H bit makes no sense: reject it */

struct l2tp_avp_info {
	const char *name;	/* NULL: not a known type */
	uint16_t min;		/* value length bounds, in octets */
	uint16_t max;
	uint8_t flags;
};

#define VMAX	L2TP_AVP_MAX_VALUE
#define AVP(t, n, lo, hi, f)	[t] = { (n), (lo), (hi), (f) }

/* RFC 2661 §4.4: value sizes (AVP length minus the 6-octet header). */
static const struct l2tp_avp_info avp_info[L2TP_AVP_TYPE_COUNT] = {
	/* §4.4.1: Message Type MUST be first and MUST NOT be hidden. */
	AVP(L2TP_AVP_MESSAGE_TYPE, "Message Type", 2, 2, AVPI_NOHIDE),
	/* §4.4.2: result (2) [error (2) [message]]; 3 is rejected apart. */
	AVP(L2TP_AVP_RESULT_CODE, "Result Code", 2, VMAX, 0),
	AVP(L2TP_AVP_PROTOCOL_VERSION, "Protocol Version", 2, 2, 0),
	AVP(L2TP_AVP_FRAMING_CAP, "Framing Capabilities", 4, 4, 0),
	AVP(L2TP_AVP_BEARER_CAP, "Bearer Capabilities", 4, 4, 0),
	AVP(L2TP_AVP_TIE_BREAKER, "Tie Breaker", 8, 8, 0),
	AVP(L2TP_AVP_FIRMWARE_REV, "Firmware Revision", 2, 2, 0),
	/* §4.4.3: Host Name is at least 1 octet. */
	AVP(L2TP_AVP_HOST_NAME, "Host Name", 1, VMAX, 0),
	AVP(L2TP_AVP_VENDOR_NAME, "Vendor Name", 0, VMAX, 0),
	AVP(L2TP_AVP_ASSIGNED_TUNNEL_ID, "Assigned Tunnel ID", 2, 2, 0),
	AVP(L2TP_AVP_RX_WINDOW_SIZE, "Receive Window Size", 2, 2, 0),
	AVP(L2TP_AVP_CHALLENGE, "Challenge", 1, VMAX, 0),
	/* §4.4.5: cause (2), msg (1), optional advisory text. */
	AVP(L2TP_AVP_Q931_CAUSE, "Q.931 Cause Code", 3, VMAX, 0),
	AVP(L2TP_AVP_CHALLENGE_RESPONSE, "Challenge Response", 16, 16, 0),
	AVP(L2TP_AVP_ASSIGNED_SESSION_ID, "Assigned Session ID", 2, 2, 0),
	AVP(L2TP_AVP_CALL_SERIAL, "Call Serial Number", 4, 4, 0),
	AVP(L2TP_AVP_MIN_BPS, "Minimum BPS", 4, 4, 0),
	AVP(L2TP_AVP_MAX_BPS, "Maximum BPS", 4, 4, 0),
	AVP(L2TP_AVP_BEARER_TYPE, "Bearer Type", 4, 4, 0),
	AVP(L2TP_AVP_FRAMING_TYPE, "Framing Type", 4, 4, 0),
	/* 20 is reserved: treated as unknown. */
	AVP(L2TP_AVP_CALLED_NUMBER, "Called Number", 0, VMAX, 0),
	AVP(L2TP_AVP_CALLING_NUMBER, "Calling Number", 0, VMAX, 0),
	AVP(L2TP_AVP_SUB_ADDRESS, "Sub-Address", 0, VMAX, 0),
	AVP(L2TP_AVP_TX_CONNECT_SPEED, "(Tx) Connect Speed", 4, 4, 0),
	AVP(L2TP_AVP_PHYS_CHANNEL_ID, "Physical Channel ID", 4, 4, 0),
	AVP(L2TP_AVP_INITIAL_RX_LCP_CONFREQ, "Initial Received LCP CONFREQ",
	    0, VMAX, 0),
	AVP(L2TP_AVP_LAST_TX_LCP_CONFREQ, "Last Sent LCP CONFREQ",
	    0, VMAX, 0),
	AVP(L2TP_AVP_LAST_RX_LCP_CONFREQ, "Last Received LCP CONFREQ",
	    0, VMAX, 0),
	AVP(L2TP_AVP_PROXY_AUTHEN_TYPE, "Proxy Authen Type", 2, 2, 0),
	AVP(L2TP_AVP_PROXY_AUTHEN_NAME, "Proxy Authen Name", 0, VMAX, 0),
	AVP(L2TP_AVP_PROXY_AUTHEN_CHALLENGE, "Proxy Authen Challenge",
	    1, VMAX, 0),
	/* §4.4.5: reserved octet, then the ID octet. */
	AVP(L2TP_AVP_PROXY_AUTHEN_ID, "Proxy Authen ID", 2, 2, 0),
	AVP(L2TP_AVP_PROXY_AUTHEN_RESPONSE, "Proxy Authen Response",
	    0, VMAX, 0),
	/* §4.4.6: reserved (2) + six 32-bit counters. */
	AVP(L2TP_AVP_CALL_ERRORS, "Call Errors", 26, 26, 0),
	/* §4.4.6: reserved (2) + Send ACCM (4) + Receive ACCM (4). */
	AVP(L2TP_AVP_ACCM, "ACCM", 10, 10, 0),
	/* §4.3: the Random Vector is what unhides: never hidden itself. */
	AVP(L2TP_AVP_RANDOM_VECTOR, "Random Vector", 1, VMAX, AVPI_NOHIDE),
	AVP(L2TP_AVP_PRIVATE_GROUP_ID, "Private Group ID", 0, VMAX, 0),
	AVP(L2TP_AVP_RX_CONNECT_SPEED, "Rx Connect Speed", 4, 4, 0),
	AVP(L2TP_AVP_SEQUENCING_REQUIRED, "Sequencing Required", 0, 0, 0),
};

/* The one length check every known value goes through. */
#define L2TP_AVP_SIZE_OK(info, len)	\
	((len) >= (info)->min && (len) <= (info)->max)

static const struct l2tp_avp_info *
avp_lookup(uint16_t flags, uint16_t vendor, uint16_t type)
{
	/* §4.1: reserved bits set or a vendor AVP: unrecognized. */
	if ((flags & L2TP_AVP_RSVD_MASK) || vendor != L2TP_VENDOR_IETF)
		return NULL;
	if (type >= L2TP_AVP_TYPE_COUNT || avp_info[type].name == NULL)
		return NULL;
	return &avp_info[type];
}

bool
l2tp_avp_value_bounds(uint16_t type, uint16_t *min, uint16_t *max)
{
	const struct l2tp_avp_info *info = avp_lookup(0, 0, type);

	if (info == NULL)
		return false;
	*min = info->min;
	*max = info->max;
	return true;
}

/* §4.3 hiding. One MD5 block per 16-octet segment of the subformat. */
static void
hide_block(uint16_t type, const uint8_t *secret, size_t secret_len,
    const uint8_t *rv, size_t rv_len, const uint8_t *prev,
    uint8_t b[L2TP_MD5_LEN])
{
	struct md5_ctx ctx;
	uint8_t t[2];

	md5_init(&ctx);
	if (prev == NULL) {
		/* b1 = MD5(Attribute Type || secret || RV) */
		lns_put_be16(t, type);
		md5_update(&ctx, sizeof(t), t);
		md5_update(&ctx, secret_len, secret);
		md5_update(&ctx, rv_len, rv);
	} else {
		/* bi = MD5(secret || c(i-1)) */
		md5_update(&ctx, secret_len, secret);
		md5_update(&ctx, L2TP_MD5_LEN, prev);
	}
	md5_digest(&ctx, L2TP_MD5_LEN, b);
}

void
l2tp_hide(uint16_t type, const uint8_t *secret, size_t secret_len,
    const uint8_t *rv, size_t rv_len, const uint8_t *in, uint8_t *out,
    size_t len)
{
	uint8_t b[L2TP_MD5_LEN];
	size_t i, j, n;

	for (i = 0; i < len; i += L2TP_MD5_LEN) {
		/* The previous cipher segment is already in out. */
		hide_block(type, secret, secret_len, rv, rv_len,
		    i == 0 ? NULL : out + i - L2TP_MD5_LEN, b);
		n = len - i < L2TP_MD5_LEN ? len - i : L2TP_MD5_LEN;
		for (j = 0; j < n; j++)
			out[i + j] = in[i + j] ^ b[j];
	}
}

void
l2tp_unhide(uint16_t type, const uint8_t *secret, size_t secret_len,
    const uint8_t *rv, size_t rv_len, const uint8_t *in, uint8_t *out,
    size_t len)
{
	uint8_t b[L2TP_MD5_LEN], prev[L2TP_MD5_LEN], cur[L2TP_MD5_LEN];
	size_t i, j, n;

	for (i = 0; i < len; i += L2TP_MD5_LEN) {
		hide_block(type, secret, secret_len, rv, rv_len,
		    i == 0 ? NULL : prev, b);
		n = len - i < L2TP_MD5_LEN ? len - i : L2TP_MD5_LEN;
		/* Keep the cipher segment: in and out may alias. */
		memcpy(cur, in + i, n);
		for (j = 0; j < n; j++)
			out[i + j] = cur[j] ^ b[j];
		memcpy(prev, cur, n);
	}
}

void
l2tp_challenge_response(uint8_t msgtype, const uint8_t *secret,
    size_t secret_len, const uint8_t *challenge, size_t challenge_len,
    uint8_t out[L2TP_MD5_LEN])
{
	struct md5_ctx ctx;

	/* §4.4.3: as CHAP, with the response's Message Type as the ID. */
	md5_init(&ctx);
	md5_update(&ctx, 1, &msgtype);
	md5_update(&ctx, secret_len, secret);
	md5_update(&ctx, challenge_len, challenge);
	md5_digest(&ctx, L2TP_MD5_LEN, out);
}

bool
l2tp_challenge_verify(uint8_t msgtype, const uint8_t *secret,
    size_t secret_len, const uint8_t *challenge, size_t challenge_len,
    const uint8_t *response, size_t response_len)
{
	uint8_t want[L2TP_MD5_LEN];
	uint8_t diff = 0;
	size_t i;

	if (response == NULL || response_len != L2TP_MD5_LEN)
		return false;
	l2tp_challenge_response(msgtype, secret, secret_len, challenge,
	    challenge_len, want);
	for (i = 0; i < L2TP_MD5_LEN; i++)
		diff |= want[i] ^ response[i];
	return diff == 0;
}

static int
parse_fail(struct l2tp_msg *msg, int err, uint16_t flags, uint16_t vendor,
    uint16_t type, size_t off)
{
	msg->err_flags = flags;
	msg->err_vendor = vendor;
	msg->err_type = type;
	msg->err_off = (uint16_t)off;
	return err;
}

/*
 * §4.3: decode a hidden value into msg->scratch and point *val at the
 * original value. rv is the nearest preceding Random Vector.
 */
static int
avp_unhide(struct l2tp_msg *msg, const struct l2tp_avp_info *info,
    uint16_t type, const uint8_t *secret, size_t secret_len,
    const uint8_t *rv, uint16_t rv_len, const uint8_t **val, uint16_t *vlen)
{
	uint8_t *out;
	uint16_t orig;

	if (info->flags & AVPI_NOHIDE)
		return -EBADMSG;
	if (secret == NULL || secret_len == 0 || rv == NULL)
		return -ENOKEY;
	/* The subformat holds at least the 2-octet original length. */
	if (*vlen < 2)
		return -EBADMSG;
	if (*vlen > sizeof(msg->scratch) - msg->scratch_len)
		return -ENOBUFS;
	out = msg->scratch + msg->scratch_len;
	l2tp_unhide(type, secret, secret_len, rv, rv_len, *val, out, *vlen);
	orig = lns_get_be16(out);
	/* A wrong secret or tampering shows here first. */
	if (orig > *vlen - 2)
		return -EBADMSG;
	msg->scratch_len += 2 + orig;
	msg->n_hidden++;
	*val = out + 2;
	*vlen = orig;
	return 0;
}

/* Decode the fixed-layout values; sizes were checked by the caller. */
static void
avp_decode(struct l2tp_msg *msg, uint16_t type, const uint8_t *v,
    uint16_t len)
{
	switch (type) {
	case L2TP_AVP_MESSAGE_TYPE:
		msg->msg_type = lns_get_be16(v);
		break;
	case L2TP_AVP_RESULT_CODE:
		msg->result_code = lns_get_be16(v);
		if (len >= 4) {
			msg->has_error_code = true;
			msg->error_code = lns_get_be16(v + 2);
		}
		if (len > 4) {
			msg->error_msg = v + 4;
			msg->error_msg_len = (uint16_t)(len - 4);
		}
		break;
	case L2TP_AVP_PROTOCOL_VERSION:
		msg->proto_ver = v[0];
		msg->proto_rev = v[1];
		break;
	case L2TP_AVP_FRAMING_CAP:
		msg->framing_cap = lns_get_be32(v);
		break;
	case L2TP_AVP_BEARER_CAP:
		msg->bearer_cap = lns_get_be32(v);
		break;
	case L2TP_AVP_TIE_BREAKER:
		msg->tie_breaker = (uint64_t)lns_get_be32(v) << 32 |
		    lns_get_be32(v + 4);
		break;
	case L2TP_AVP_FIRMWARE_REV:
		msg->firmware_rev = lns_get_be16(v);
		break;
	case L2TP_AVP_ASSIGNED_TUNNEL_ID:
		msg->assigned_tunnel_id = lns_get_be16(v);
		break;
	case L2TP_AVP_RX_WINDOW_SIZE:
		msg->rx_window_size = lns_get_be16(v);
		break;
	case L2TP_AVP_Q931_CAUSE:
		msg->q931_cause = lns_get_be16(v);
		msg->q931_msg = v[2];
		if (len > 3) {
			msg->q931_advisory = v + 3;
			msg->q931_advisory_len = (uint16_t)(len - 3);
		}
		break;
	case L2TP_AVP_ASSIGNED_SESSION_ID:
		msg->assigned_session_id = lns_get_be16(v);
		break;
	case L2TP_AVP_CALL_SERIAL:
		msg->call_serial = lns_get_be32(v);
		break;
	case L2TP_AVP_MIN_BPS:
		msg->min_bps = lns_get_be32(v);
		break;
	case L2TP_AVP_MAX_BPS:
		msg->max_bps = lns_get_be32(v);
		break;
	case L2TP_AVP_BEARER_TYPE:
		msg->bearer_type = lns_get_be32(v);
		break;
	case L2TP_AVP_FRAMING_TYPE:
		msg->framing_type = lns_get_be32(v);
		break;
	case L2TP_AVP_TX_CONNECT_SPEED:
		msg->tx_connect_speed = lns_get_be32(v);
		break;
	case L2TP_AVP_PHYS_CHANNEL_ID:
		msg->phys_channel_id = lns_get_be32(v);
		break;
	case L2TP_AVP_PROXY_AUTHEN_TYPE:
		msg->proxy_authen_type = lns_get_be16(v);
		break;
	case L2TP_AVP_PROXY_AUTHEN_ID:
		msg->proxy_authen_id = v[1];
		break;
	case L2TP_AVP_CALL_ERRORS:
		msg->call_errors.crc = lns_get_be32(v + 2);
		msg->call_errors.framing = lns_get_be32(v + 6);
		msg->call_errors.hw_overruns = lns_get_be32(v + 10);
		msg->call_errors.buf_overruns = lns_get_be32(v + 14);
		msg->call_errors.timeouts = lns_get_be32(v + 18);
		msg->call_errors.alignment = lns_get_be32(v + 22);
		break;
	case L2TP_AVP_ACCM:
		msg->accm_send = lns_get_be32(v + 2);
		msg->accm_recv = lns_get_be32(v + 6);
		break;
	case L2TP_AVP_RX_CONNECT_SPEED:
		msg->rx_connect_speed = lns_get_be32(v);
		break;
	default:
		/* Strings and blobs: msg->avp[type] only. */
		break;
	}
}

int
l2tp_msg_parse(struct l2tp_msg *msg, const uint8_t *buf, size_t len,
    const uint8_t *secret, size_t secret_len)
{
	const struct l2tp_avp_info *info;
	const uint8_t *p, *val, *rv = NULL;
	uint16_t w, alen, flags, vendor, type, vlen, rv_len = 0;
	size_t off = 0;
	int rc;

	/* Everything but the scratch area, which is written before read. */
	memset(msg, 0, offsetof(struct l2tp_msg, scratch));
	if (len > UINT16_MAX)
		return parse_fail(msg, -EBADMSG, 0, 0, 0, 0);
	if (len == 0) {
		/* §5.8: a control message without AVP is a ZLB ack. */
		msg->msg_type = L2TP_MSG_ZLB;
		return 0;
	}

	while (off < len) {
		p = buf + off;
		/* §4.1: never read an AVP header that is not all there. */
		if (len - off < L2TP_AVP_HDR_LEN)
			return parse_fail(msg, -EBADMSG, 0, 0, 0, off);
		w = lns_get_be16(p);
		alen = w & L2TP_AVP_LEN_MASK;
		flags = w & (uint16_t)~L2TP_AVP_LEN_MASK;
		vendor = lns_get_be16(p + 2);
		type = lns_get_be16(p + 4);
		if (alen < L2TP_AVP_HDR_LEN || alen > len - off)
			return parse_fail(msg, -EBADMSG, flags, vendor, type,
			    off);

		if (msg->n_raw < L2TP_MSG_MAX_RAW) {
			struct l2tp_avp_raw *r = &msg->raw[msg->n_raw++];

			r->avp = p;
			r->len = alen;
			r->flags = flags;
			r->vendor = vendor;
			r->type = type;
		}
		msg->n_avps++;
		info = avp_lookup(flags, vendor, type);

		/* §4.1: the Message Type AVP MUST be the first AVP. */
		if (msg->n_avps == 1 &&
		    (info == NULL || type != L2TP_AVP_MESSAGE_TYPE))
			return parse_fail(msg, -EPROTO, flags, vendor, type,
			    off);

		if (info == NULL) {
			/* §4.1: unrecognized with M: session/tunnel dies. */
			if (flags & L2TP_AVP_M)
				return parse_fail(msg, -ENOTSUP, flags, vendor,
				    type, off);
			msg->n_unknown++;
			off += alen;
			continue;
		}

		val = p + L2TP_AVP_HDR_LEN;
		vlen = alen - L2TP_AVP_HDR_LEN;
		if (flags & L2TP_AVP_H) {
			rc = avp_unhide(msg, info, type, secret, secret_len,
			    rv, rv_len, &val, &vlen);
			if (rc < 0)
				return parse_fail(msg, rc, flags, vendor, type,
				    off);
		}
		if (!L2TP_AVP_SIZE_OK(info, vlen) ||
		    (type == L2TP_AVP_RESULT_CODE && vlen == 3))
			return parse_fail(msg, -EBADMSG, flags, vendor, type,
			    off);
		off += alen;

		/* §4.3: a Random Vector applies to the AVPs after it. */
		if (type == L2TP_AVP_RANDOM_VECTOR) {
			rv = val;
			rv_len = vlen;
		}
		if (l2tp_msg_has(msg, type)) {
			msg->n_dup++;
			continue;
		}
		msg->present |= UINT64_C(1) << type;
		msg->avp[type].ptr = val;
		msg->avp[type].len = vlen;
		msg->avp[type].flags = flags;
		avp_decode(msg, type, val, vlen);
	}
	return 0;
}

int
l2tp_msg_copy_str(const struct l2tp_msg *msg, uint16_t type, char *dst,
    size_t dstsz)
{
	const struct l2tp_avp_val *v;
	size_t n;

	if (dstsz == 0)
		return -EINVAL;
	if (!l2tp_msg_has(msg, type))
		return -ENOENT;
	v = &msg->avp[type];
	n = v->len < dstsz - 1 ? v->len : dstsz - 1;
	if (n > 0)
		memcpy(dst, v->ptr, n);
	dst[n] = '\0';
	return v->len;
}

/* Name tables for logs. */

static const char *const msg_names[L2TP_MSG_TYPE_MAX + 1] = {
	[L2TP_MSG_ZLB] = "ZLB",
	[L2TP_MSG_SCCRQ] = "SCCRQ",
	[L2TP_MSG_SCCRP] = "SCCRP",
	[L2TP_MSG_SCCCN] = "SCCCN",
	[L2TP_MSG_STOPCCN] = "StopCCN",
	[L2TP_MSG_HELLO] = "HELLO",
	[L2TP_MSG_OCRQ] = "OCRQ",
	[L2TP_MSG_OCRP] = "OCRP",
	[L2TP_MSG_OCCN] = "OCCN",
	[L2TP_MSG_ICRQ] = "ICRQ",
	[L2TP_MSG_ICRP] = "ICRP",
	[L2TP_MSG_ICCN] = "ICCN",
	[L2TP_MSG_CDN] = "CDN",
	[L2TP_MSG_WEN] = "WEN",
	[L2TP_MSG_SLI] = "SLI",
};

static const char *const stopccn_names[L2TP_STOPCCN_RC_MAX + 1] = {
	[0] = "Reserved",
	[L2TP_STOPCCN_RC_GENERAL] = "General request to clear",
	[L2TP_STOPCCN_RC_ERROR] = "General error",
	[L2TP_STOPCCN_RC_EXISTS] = "Control channel already exists",
	[L2TP_STOPCCN_RC_UNAUTHORIZED] = "Requester is not authorized",
	[L2TP_STOPCCN_RC_BAD_VERSION] = "Protocol version not supported",
	[L2TP_STOPCCN_RC_SHUTDOWN] = "Requester is being shut down",
	[L2TP_STOPCCN_RC_FSM_ERROR] = "Finite State Machine error",
};

static const char *const cdn_names[L2TP_CDN_RC_MAX + 1] = {
	[0] = "Reserved",
	[L2TP_CDN_RC_LOST_CARRIER] = "Loss of carrier",
	[L2TP_CDN_RC_ERROR] = "Error, see error code",
	[L2TP_CDN_RC_ADMIN] = "Administrative reasons",
	[L2TP_CDN_RC_TEMP_NO_FACILITY] = "No facilities (temporary)",
	[L2TP_CDN_RC_PERM_NO_FACILITY] = "No facilities (permanent)",
	[L2TP_CDN_RC_INVALID_DEST] = "Invalid destination",
	[L2TP_CDN_RC_NO_CARRIER] = "No carrier detected",
	[L2TP_CDN_RC_BUSY] = "Busy signal",
	[L2TP_CDN_RC_NO_DIALTONE] = "No dial tone",
	[L2TP_CDN_RC_TIMEOUT] = "Not established in time by LAC",
	[L2TP_CDN_RC_NO_FRAMING] = "No framing detected",
};

static const char *const error_names[L2TP_ERR_MAX + 1] = {
	[L2TP_ERR_NONE] = "No general error",
	[L2TP_ERR_NO_TUNNEL] = "No control connection exists yet",
	[L2TP_ERR_BAD_LENGTH] = "Length is wrong",
	[L2TP_ERR_BAD_VALUE] = "Field value out of range",
	[L2TP_ERR_NO_RESOURCE] = "Insufficient resources",
	[L2TP_ERR_BAD_SESSION_ID] = "Session ID invalid in this context",
	[L2TP_ERR_VENDOR] = "Vendor-specific error",
	[L2TP_ERR_TRY_ANOTHER] = "Try another LNS",
	[L2TP_ERR_UNKNOWN_MANDATORY] = "Unknown mandatory AVP",
};

bool
l2tp_msg_type_known(uint16_t msg_type)
{
	return msg_type <= L2TP_MSG_TYPE_MAX && msg_names[msg_type] != NULL;
}

const char *
l2tp_msg_type_name(uint16_t msg_type)
{
	if (msg_type <= L2TP_MSG_TYPE_MAX && msg_names[msg_type] != NULL)
		return msg_names[msg_type];
	return "Unknown";
}

const char *
l2tp_avp_type_name(uint16_t type)
{
	if (type < L2TP_AVP_TYPE_COUNT && avp_info[type].name != NULL)
		return avp_info[type].name;
	return "Unknown";
}

const char *
l2tp_result_code_name(uint16_t msg_type, uint16_t result)
{
	if (msg_type == L2TP_MSG_STOPCCN && result <= L2TP_STOPCCN_RC_MAX)
		return stopccn_names[result];
	if (msg_type == L2TP_MSG_CDN && result <= L2TP_CDN_RC_MAX)
		return cdn_names[result];
	return "Unknown";
}

const char *
l2tp_error_code_name(uint16_t error)
{
	if (error <= L2TP_ERR_MAX)
		return error_names[error];
	return "Unknown";
}
