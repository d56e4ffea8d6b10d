/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * L2TPv2 protocol constants (RFC 2661).
 *
 * Pure definitions: no code, no DPDK. All values are host-order numbers as
 * they appear on the wire once converted from network byte order.
 */

#ifndef _L2TP_PROTO_H_
#define _L2TP_PROTO_H_

#include "lns_l2tp_wire.h"


/*
 * RFC 2661 §4.1 AVP header, first 16-bit word:
 *
 *  |M|H| rsvd  |      Length       |
 */
#define L2TP_AVP_M		0x8000	/* mandatory */
#define L2TP_AVP_H		0x4000	/* hidden (§4.3) */
#define L2TP_AVP_RSVD_MASK	0x3c00	/* MUST be 0, else unrecognized */
#define L2TP_AVP_LEN_MASK	0x03ff
#define L2TP_AVP_HDR_LEN	6	/* flags/length, Vendor ID, Attr Type */
#define L2TP_AVP_MAX_LEN	1023	/* 10-bit length field */
#define L2TP_AVP_MAX_VALUE	(L2TP_AVP_MAX_LEN - L2TP_AVP_HDR_LEN)
#define L2TP_VENDOR_IETF	0

/* RFC 2661 §4.3: MD5 is used for hiding and for the challenge response. */
#define L2TP_MD5_LEN		16

/*
 * RFC 2661 §3.2 / §4.4.1 control message types (Message Type AVP value).
 * L2TP_MSG_ZLB is not a wire value: it names a control message with no AVP
 * at all, the Zero-Length Body acknowledgement of §5.8.
 */
enum l2tp_msg_type {
	L2TP_MSG_ZLB = 0,
	L2TP_MSG_SCCRQ = 1,	/* Start-Control-Connection-Request */
	L2TP_MSG_SCCRP = 2,	/* Start-Control-Connection-Reply */
	L2TP_MSG_SCCCN = 3,	/* Start-Control-Connection-Connected */
	L2TP_MSG_STOPCCN = 4,	/* Stop-Control-Connection-Notification */
	/* 5 reserved */
	L2TP_MSG_HELLO = 6,
	L2TP_MSG_OCRQ = 7,	/* Outgoing-Call-Request */
	L2TP_MSG_OCRP = 8,	/* Outgoing-Call-Reply */
	L2TP_MSG_OCCN = 9,	/* Outgoing-Call-Connected */
	L2TP_MSG_ICRQ = 10,	/* Incoming-Call-Request */
	L2TP_MSG_ICRP = 11,	/* Incoming-Call-Reply */
	L2TP_MSG_ICCN = 12,	/* Incoming-Call-Connected */
	/* 13 reserved */
	L2TP_MSG_CDN = 14,	/* Call-Disconnect-Notify */
	L2TP_MSG_WEN = 15,	/* WAN-Error-Notify */
	L2TP_MSG_SLI = 16,	/* Set-Link-Info */
	L2TP_MSG_TYPE_MAX = 16,
};

/* RFC 2661 §4.4 attribute types for Vendor ID 0. */
enum l2tp_avp_type {
	L2TP_AVP_MESSAGE_TYPE = 0,		/* §4.4.1 */
	L2TP_AVP_RESULT_CODE = 1,		/* §4.4.2 */
	L2TP_AVP_PROTOCOL_VERSION = 2,		/* §4.4.3 */
	L2TP_AVP_FRAMING_CAP = 3,
	L2TP_AVP_BEARER_CAP = 4,
	L2TP_AVP_TIE_BREAKER = 5,
	L2TP_AVP_FIRMWARE_REV = 6,
	L2TP_AVP_HOST_NAME = 7,
	L2TP_AVP_VENDOR_NAME = 8,
	L2TP_AVP_ASSIGNED_TUNNEL_ID = 9,
	L2TP_AVP_RX_WINDOW_SIZE = 10,
	L2TP_AVP_CHALLENGE = 11,
	L2TP_AVP_Q931_CAUSE = 12,		/* §4.4.5 */
	L2TP_AVP_CHALLENGE_RESPONSE = 13,
	L2TP_AVP_ASSIGNED_SESSION_ID = 14,	/* §4.4.4 */
	L2TP_AVP_CALL_SERIAL = 15,
	L2TP_AVP_MIN_BPS = 16,
	L2TP_AVP_MAX_BPS = 17,
	L2TP_AVP_BEARER_TYPE = 18,
	L2TP_AVP_FRAMING_TYPE = 19,
	/* 20 reserved */
	L2TP_AVP_CALLED_NUMBER = 21,
	L2TP_AVP_CALLING_NUMBER = 22,
	L2TP_AVP_SUB_ADDRESS = 23,
	L2TP_AVP_TX_CONNECT_SPEED = 24,		/* "(Tx) Connect Speed" */
	L2TP_AVP_PHYS_CHANNEL_ID = 25,
	L2TP_AVP_INITIAL_RX_LCP_CONFREQ = 26,	/* §4.4.5 proxy LCP */
	L2TP_AVP_LAST_TX_LCP_CONFREQ = 27,
	L2TP_AVP_LAST_RX_LCP_CONFREQ = 28,
	L2TP_AVP_PROXY_AUTHEN_TYPE = 29,	/* §4.4.5 proxy auth */
	L2TP_AVP_PROXY_AUTHEN_NAME = 30,
	L2TP_AVP_PROXY_AUTHEN_CHALLENGE = 31,
	L2TP_AVP_PROXY_AUTHEN_ID = 32,
	L2TP_AVP_PROXY_AUTHEN_RESPONSE = 33,
	L2TP_AVP_CALL_ERRORS = 34,		/* §4.4.6 */
	L2TP_AVP_ACCM = 35,
	L2TP_AVP_RANDOM_VECTOR = 36,		/* §4.3, §4.4.3 */
	L2TP_AVP_PRIVATE_GROUP_ID = 37,
	L2TP_AVP_RX_CONNECT_SPEED = 38,
	L2TP_AVP_SEQUENCING_REQUIRED = 39,
	L2TP_AVP_TYPE_COUNT = 40,
};

/* RFC 2661 §4.4.3 Protocol Version AVP: version 1, revision 0. */
#define L2TP_PROTO_VER		1
#define L2TP_PROTO_REV		0

/* RFC 2661 §4.4.3 Framing / Bearer Capabilities and §4.4.5 types. */
#define L2TP_FRAMING_SYNC	0x00000001
#define L2TP_FRAMING_ASYNC	0x00000002
#define L2TP_BEARER_DIGITAL	0x00000001
#define L2TP_BEARER_ANALOG	0x00000002

/* RFC 2661 §4.4.5 Proxy Authen Type values. */
#define L2TP_PROXY_AUTH_TEXT	1	/* textual username/password */
#define L2TP_PROXY_AUTH_CHAP	2
#define L2TP_PROXY_AUTH_PAP	3
#define L2TP_PROXY_AUTH_NONE	4
#define L2TP_PROXY_AUTH_MSCHAP1	5

/* RFC 2661 §4.4.2 Result Code values for StopCCN. */
#define L2TP_STOPCCN_RC_GENERAL		1	/* general request to clear */
#define L2TP_STOPCCN_RC_ERROR		2	/* see Error Code */
#define L2TP_STOPCCN_RC_EXISTS		3	/* channel already exists */
#define L2TP_STOPCCN_RC_UNAUTHORIZED	4
#define L2TP_STOPCCN_RC_BAD_VERSION	5
#define L2TP_STOPCCN_RC_SHUTDOWN	6
#define L2TP_STOPCCN_RC_FSM_ERROR	7
#define L2TP_STOPCCN_RC_MAX		7

/* RFC 2661 §4.4.2 Result Code values for CDN. */
#define L2TP_CDN_RC_LOST_CARRIER	1
#define L2TP_CDN_RC_ERROR		2	/* see Error Code */
#define L2TP_CDN_RC_ADMIN		3
#define L2TP_CDN_RC_TEMP_NO_FACILITY	4
#define L2TP_CDN_RC_PERM_NO_FACILITY	5
#define L2TP_CDN_RC_INVALID_DEST	6
#define L2TP_CDN_RC_NO_CARRIER		7
#define L2TP_CDN_RC_BUSY		8
#define L2TP_CDN_RC_NO_DIALTONE		9
#define L2TP_CDN_RC_TIMEOUT		10
#define L2TP_CDN_RC_NO_FRAMING		11
#define L2TP_CDN_RC_MAX			11

/* RFC 2661 §4.4.2 General Error Codes. */
#define L2TP_ERR_NONE			0
#define L2TP_ERR_NO_TUNNEL		1	/* no control connection yet */
#define L2TP_ERR_BAD_LENGTH		2
#define L2TP_ERR_BAD_VALUE		3	/* out of range or rsvd != 0 */
#define L2TP_ERR_NO_RESOURCE		4
#define L2TP_ERR_BAD_SESSION_ID		5
#define L2TP_ERR_VENDOR			6
#define L2TP_ERR_TRY_ANOTHER		7
#define L2TP_ERR_UNKNOWN_MANDATORY	8	/* unknown AVP with M bit */
#define L2TP_ERR_MAX			8

#endif /* _L2TP_PROTO_H_ */
