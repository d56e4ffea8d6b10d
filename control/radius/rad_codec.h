/* SPDX-License-Identifier: BSD-3-Clause
 *
 * RADIUS packet codec (RFC 2865, RFC 2866, RFC 2868 tagged attributes,
 * RFC 2869/3579 Message-Authenticator, RFC 5176 dynamic authorization,
 * RFC 5997 Status-Server, RFC 2548 Microsoft vendor attributes).
 *
 * Pure C: no DPDK, no sockets, no clock, no heap. Crypto is nettle's
 * (MD5, HMAC-MD5). Every length is checked before the octets it covers
 * are read; a packet is never read past the length given.
 *
 *   | Code | Identifier | Length (2) | Authenticator (16) | Attributes ... |
 *   Attribute: | Type | Length (2 + value) | Value |
 *   Vendor-Specific (26): | 26 | Len | Vendor-Id (4) | VType | VLen | VValue |
 */
#ifndef LNS_RAD_CODEC_H
#define LNS_RAD_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RAD_HDR_LEN		20
#define RAD_AUTH_LEN		16
#define RAD_PKT_MAX		4096	/* RFC 2865 §3 */
#define RAD_ATTR_VALUE_MAX	253
#define RAD_SECRET_MAX		128

/* Codes (RFC 2865 §3, RFC 2866 §3, RFC 5997, RFC 5176). */
enum rad_code {
	RAD_ACCESS_REQUEST = 1,
	RAD_ACCESS_ACCEPT = 2,
	RAD_ACCESS_REJECT = 3,
	RAD_ACCOUNTING_REQUEST = 4,
	RAD_ACCOUNTING_RESPONSE = 5,
	RAD_ACCESS_CHALLENGE = 11,
	RAD_STATUS_SERVER = 12,
	RAD_DISCONNECT_REQUEST = 40,
	RAD_DISCONNECT_ACK = 41,
	RAD_DISCONNECT_NAK = 42,
	RAD_COA_REQUEST = 43,
	RAD_COA_ACK = 44,
	RAD_COA_NAK = 45,
};

/* Attribute types we send or read (RFC 2865/2866/2868/2869/3162/4818/5176/6911). */
enum rad_attr {
	RAD_A_USER_NAME = 1,
	RAD_A_USER_PASSWORD = 2,
	RAD_A_CHAP_PASSWORD = 3,
	RAD_A_NAS_IP_ADDRESS = 4,
	RAD_A_NAS_PORT = 5,
	RAD_A_SERVICE_TYPE = 6,
	RAD_A_FRAMED_PROTOCOL = 7,
	RAD_A_FRAMED_IP_ADDRESS = 8,
	RAD_A_FRAMED_IP_NETMASK = 9,
	RAD_A_FILTER_ID = 11,
	RAD_A_FRAMED_MTU = 12,
	RAD_A_REPLY_MESSAGE = 18,
	RAD_A_FRAMED_ROUTE = 22,
	RAD_A_STATE = 24,
	RAD_A_CLASS = 25,
	RAD_A_VENDOR_SPECIFIC = 26,
	RAD_A_SESSION_TIMEOUT = 27,
	RAD_A_IDLE_TIMEOUT = 28,
	RAD_A_TERMINATION_ACTION = 29,
	RAD_A_CALLED_STATION_ID = 30,
	RAD_A_CALLING_STATION_ID = 31,
	RAD_A_NAS_IDENTIFIER = 32,
	RAD_A_PROXY_STATE = 33,
	RAD_A_ACCT_STATUS_TYPE = 40,
	RAD_A_ACCT_DELAY_TIME = 41,
	RAD_A_ACCT_INPUT_OCTETS = 42,
	RAD_A_ACCT_OUTPUT_OCTETS = 43,
	RAD_A_ACCT_SESSION_ID = 44,
	RAD_A_ACCT_AUTHENTIC = 45,
	RAD_A_ACCT_SESSION_TIME = 46,
	RAD_A_ACCT_INPUT_PACKETS = 47,
	RAD_A_ACCT_OUTPUT_PACKETS = 48,
	RAD_A_ACCT_TERMINATE_CAUSE = 49,
	RAD_A_ACCT_MULTI_SESSION_ID = 50,
	RAD_A_ACCT_INPUT_GIGAWORDS = 52,
	RAD_A_ACCT_OUTPUT_GIGAWORDS = 53,
	RAD_A_EVENT_TIMESTAMP = 55,
	RAD_A_CHAP_CHALLENGE = 60,
	RAD_A_NAS_PORT_TYPE = 61,
	RAD_A_TUNNEL_TYPE = 64,			/* tagged, integer */
	RAD_A_TUNNEL_MEDIUM_TYPE = 65,		/* tagged, integer */
	RAD_A_TUNNEL_CLIENT_ENDPOINT = 66,	/* tagged, string */
	RAD_A_TUNNEL_SERVER_ENDPOINT = 67,	/* tagged, string */
	RAD_A_CONNECT_INFO = 77,
	RAD_A_MESSAGE_AUTHENTICATOR = 80,
	RAD_A_TUNNEL_ASSIGNMENT_ID = 82,	/* tagged, string */
	RAD_A_ACCT_INTERIM_INTERVAL = 85,
	RAD_A_NAS_PORT_ID = 87,
	RAD_A_FRAMED_POOL = 88,
	RAD_A_TUNNEL_CLIENT_AUTH_ID = 90,	/* tagged, string */
	RAD_A_TUNNEL_SERVER_AUTH_ID = 91,	/* tagged, string */
	RAD_A_NAS_IPV6_ADDRESS = 95,
	RAD_A_FRAMED_INTERFACE_ID = 96,
	RAD_A_FRAMED_IPV6_PREFIX = 97,
	RAD_A_FRAMED_IPV6_ROUTE = 99,
	RAD_A_FRAMED_IPV6_POOL = 100,
	RAD_A_ERROR_CAUSE = 101,
	RAD_A_DELEGATED_IPV6_PREFIX = 123,
	RAD_A_FRAMED_IPV6_ADDRESS = 168,	/* RFC 6911 */
	RAD_A_DNS_SERVER_IPV6_ADDRESS = 169,	/* RFC 6911 */
	RAD_A_DELEGATED_IPV6_PREFIX_POOL = 171,	/* RFC 6911 */
};

/* Microsoft vendor attributes (RFC 2548), Vendor-Id 311. */
#define RAD_VENDOR_MICROSOFT		311
enum rad_ms_attr {
	RAD_MS_CHAP_ERROR = 2,
	RAD_MS_CHAP_CHALLENGE = 11,
	RAD_MS_CHAP2_RESPONSE = 25,	/* Ident, Flags, Peer-Challenge 16, Reserved 8, Response 24 */
	RAD_MS_CHAP2_SUCCESS = 26,	/* Ident, "S=" 40 hex */
	RAD_MS_PRIMARY_DNS_SERVER = 28,
	RAD_MS_SECONDARY_DNS_SERVER = 29,
};
#define RAD_MS_CHAP2_RESPONSE_LEN	50

/* Values (RFC 2865 §5.6/§5.7/§5.41, RFC 2866 §5.1/§5.10, RFC 2868 §3.1/§3.2). */
#define RAD_SERVICE_FRAMED		2
#define RAD_FRAMED_PPP			1
#define RAD_NAS_PORT_VIRTUAL		5
#define RAD_TUNNEL_L2TP			3
#define RAD_TUNNEL_MEDIUM_IPV4		1
#define RAD_ACCT_START			1
#define RAD_ACCT_STOP			2
#define RAD_ACCT_INTERIM		3
#define RAD_ACCT_ON			7
#define RAD_ACCT_OFF			8
#define RAD_ACCT_AUTHENTIC_RADIUS	1
#define RAD_ACCT_AUTHENTIC_LOCAL	2
#define RAD_FRAMED_IP_POOL		0xfffffffeU	/* "NAS assigns" */

/* Acct-Terminate-Cause (RFC 2866 §5.10). */
enum rad_term_cause {
	RAD_TC_USER_REQUEST = 1,
	RAD_TC_LOST_CARRIER = 2,
	RAD_TC_LOST_SERVICE = 3,
	RAD_TC_IDLE_TIMEOUT = 4,
	RAD_TC_SESSION_TIMEOUT = 5,
	RAD_TC_ADMIN_RESET = 6,
	RAD_TC_ADMIN_REBOOT = 7,
	RAD_TC_PORT_ERROR = 8,
	RAD_TC_NAS_ERROR = 9,
	RAD_TC_NAS_REQUEST = 10,
	RAD_TC_NAS_REBOOT = 11,
	RAD_TC_PORT_UNNEEDED = 12,
	RAD_TC_PORT_PREEMPTED = 13,
	RAD_TC_PORT_SUSPENDED = 14,
	RAD_TC_SERVICE_UNAVAILABLE = 15,
	RAD_TC_CALLBACK = 16,
	RAD_TC_USER_ERROR = 17,
	RAD_TC_HOST_REQUEST = 18,
};

/* Error-Cause (RFC 5176 §3.5). */
enum rad_error_cause {
	RAD_EC_RESIDUAL_SESSION_REMOVED = 201,
	RAD_EC_UNSUPPORTED_ATTRIBUTE = 401,
	RAD_EC_MISSING_ATTRIBUTE = 402,
	RAD_EC_NAS_IDENTIFICATION_MISMATCH = 403,
	RAD_EC_INVALID_REQUEST = 404,
	RAD_EC_UNSUPPORTED_SERVICE = 405,
	RAD_EC_UNSUPPORTED_EXTENSION = 406,
	RAD_EC_INVALID_ATTRIBUTE_VALUE = 407,
	RAD_EC_ADMINISTRATIVELY_PROHIBITED = 501,
	RAD_EC_SESSION_CONTEXT_NOT_FOUND = 503,
	RAD_EC_SESSION_CONTEXT_NOT_REMOVABLE = 504,
	RAD_EC_RESOURCES_UNAVAILABLE = 506,
};

/* ---- building ----------------------------------------------------------- */

/*
 * A packet under construction in a caller's buffer. Errors are sticky:
 * put functions do nothing once err != 0, and finish returns it
 * (-ENOBUFS: does not fit in cap or RAD_PKT_MAX; -EINVAL: a value too long
 * for one attribute, an empty value (RFC 2865 §5: zero-length values
 * MUST NOT be sent), or a bad argument). cap is stored as
 * min(cap, RAD_PKT_MAX).
 */
struct rad_builder {
	uint8_t *buf;
	size_t cap;
	size_t len;
	size_t ma_off;		/* offset of Message-Authenticator's value; 0: none */
	int err;
};

/*
 * Start a packet: code, identifier and the 16-octet authenticator field
 * (the random Request Authenticator of an Access-Request or Status-Server,
 * required for them: NULL is -EINVAL; ignored and recomputed at finish for
 * the others: pass NULL).
 */
void rad_build_init(struct rad_builder *b, uint8_t *buf, size_t cap,
	uint8_t code, uint8_t id, const uint8_t auth[RAD_AUTH_LEN]);
/* Change the identifier (a request re-sent with another one); finish
 * the packet again afterwards. */
void rad_build_set_id(struct rad_builder *b, uint8_t id);

void rad_put(struct rad_builder *b, uint8_t type, const void *val, size_t len);
void rad_put_str(struct rad_builder *b, uint8_t type, const char *s);
void rad_put_u32(struct rad_builder *b, uint8_t type, uint32_t v);
/* addr in network byte order. */
void rad_put_ipv4(struct rad_builder *b, uint8_t type, uint32_t addr_be);
/*
 * RFC 2868 §3: tag 0x01..0x1f, or 0x00 for "no tunnel grouping"
 * (others: -EINVAL); integer attributes carry 3 value octets (v above
 * 0xffffff: -EINVAL). The string form always writes its tag octet.
 */
void rad_put_tagged_u24(struct rad_builder *b, uint8_t type, uint8_t tag,
	uint32_t v);
void rad_put_tagged_str(struct rad_builder *b, uint8_t type, uint8_t tag,
	const char *s);
/* Vendor-Specific with one sub-attribute (RFC 2865 §5.26 recommended form). */
void rad_put_vsa(struct rad_builder *b, uint32_t vendor, uint8_t vtype,
	const void *val, size_t len);
/*
 * A 64-bit counter as the 32-bit attribute and, when above 2^32, its
 * Gigawords attribute (RFC 2869 §5.1/§5.2): e.g. Acct-Input-Octets and
 * Acct-Input-Gigawords.
 */
void rad_put_u64(struct rad_builder *b, uint8_t type, uint8_t gigawords_type,
	uint64_t v);
/*
 * User-Password hidden as RFC 2865 §5.2 says, with the Request
 * Authenticator given at init and the secret. 0..128 octets; only in an
 * Access-Request (the others have no Request Authenticator yet: -EINVAL).
 */
void rad_put_user_password(struct rad_builder *b, const uint8_t *pw,
	size_t len, const uint8_t *secret, size_t secret_len);
/*
 * Reserve a Message-Authenticator (RFC 3579 §3.2), filled at finish; a
 * second one is -EINVAL. Put it first in Access-Requests (the
 * "BlastRADIUS" advice, CVE-2024-3596).
 */
void rad_put_message_authenticator(struct rad_builder *b);

/*
 * Finish a request: set Length, then:
 *  - Access-Request, Status-Server: the Request Authenticator is the one
 *    given at init; Message-Authenticator (if reserved) = HMAC-MD5 over the
 *    packet with its value zeroed. A Status-Server without a reserved
 *    Message-Authenticator is -EINVAL (RFC 5997 §3: MUST).
 *  - Accounting-Request, Disconnect-Request, CoA-Request: the
 *    Message-Authenticator (if reserved) over the packet with a zero
 *    authenticator field and zeroed MA value, then the Request
 *    Authenticator = MD5(Code+Id+Length+16 zero octets+Attributes+secret)
 *    (RFC 2866 §3, RFC 5176 §3.1).
 * Other codes: -EINVAL. Returns the packet length, or the sticky error.
 * Finishing again (after rad_build_set_id()) recomputes everything.
 */
int rad_finish_request(struct rad_builder *b, const uint8_t *secret,
	size_t secret_len);

/*
 * Finish a response to a request whose authenticator is req_auth
 * (Access-Accept/Reject/Challenge, Accounting-Response, Disconnect/CoA
 * ACK/NAK): Message-Authenticator (if reserved) over the packet with
 * req_auth in the authenticator field, then the Response Authenticator =
 * MD5(Code+Id+Length+req_auth+Attributes+secret) (RFC 2865 §3).
 * Other codes: -EINVAL. Returns the packet length, or the sticky error.
 */
int rad_finish_response(struct rad_builder *b,
	const uint8_t req_auth[RAD_AUTH_LEN], const uint8_t *secret,
	size_t secret_len);

/* ---- parsing -------------------------------------------------------------- */

/* A received packet, pointers into the caller's buffer. */
struct rad_pkt {
	const uint8_t *raw;	/* the whole packet, Length octets */
	uint16_t len;		/* Length field (octets past it are ignored) */
	uint8_t code;
	uint8_t id;
	const uint8_t *auth;	/* 16 octets */
	const uint8_t *attrs;
	size_t attrs_len;
	bool has_ma;		/* a Message-Authenticator is present */
};

/*
 * Parse and check the framing: 20 <= Length <= min(n, RAD_PKT_MAX),
 * every attribute's Length >= 2 and inside the packet, at most one
 * Message-Authenticator and it is 18 octets. Octets past Length are
 * padding (RFC 2865 §3). Returns 0 or -EBADMSG.
 */
int rad_parse(struct rad_pkt *p, const uint8_t *buf, size_t n);

/* Attribute iteration over a parsed packet. */
struct rad_attr_iter {
	const uint8_t *pos;
	const uint8_t *end;
};
void rad_attr_iter_init(struct rad_attr_iter *it, const struct rad_pkt *p);
/* Next attribute: 1 and its type/value, or 0 at the end. */
int rad_attr_next(struct rad_attr_iter *it, uint8_t *type,
	const uint8_t **val, size_t *len);
/*
 * A Vendor-Specific value's first sub-attribute (RFC 2865 §5.26 form).
 * Returns 0, or -EBADMSG when the value is shorter than 6 octets or the
 * sub-attribute's length does not fit.
 */
int rad_vsa_parse(const uint8_t *val, size_t len, uint32_t *vendor,
	uint8_t *vtype, const uint8_t **vval, size_t *vlen);
/* The first attribute of type in p: 0 and its value, or -ENOENT. */
int rad_attr_find(const struct rad_pkt *p, uint8_t type, const uint8_t **val,
	size_t *len);

/*
 * Check a response to our request (whose authenticator was req_auth):
 * the Response Authenticator and, when present, the
 * Message-Authenticator. With require_ma a response without one is
 * refused (RFC 3579 / "BlastRADIUS": Access-Accept/Reject/Challenge).
 * Returns 0, -EACCES (wrong Response Authenticator), -EPERM (wrong
 * Message-Authenticator) or -ENOMSG (missing and required).
 */
int rad_verify_response(const struct rad_pkt *p,
	const uint8_t req_auth[RAD_AUTH_LEN], const uint8_t *secret,
	size_t secret_len, bool require_ma);

/*
 * Check a request we receive (Disconnect-Request, CoA-Request,
 * Accounting-Request: the Request Authenticator is computed as for
 * Accounting-Request), and the Message-Authenticator when present or
 * required (over the packet with a zero authenticator field). For an
 * Access-Request or Status-Server (random Request Authenticator) only
 * the Message-Authenticator is checked. Same returns, and -EINVAL for a
 * response code.
 */
int rad_verify_request(const struct rad_pkt *p, const uint8_t *secret,
	size_t secret_len, bool require_ma);

/* ---- attribute values ------------------------------------------------- */

/* The value of an integer/ipaddr/date attribute: 0 or -EBADMSG (not 4 octets). */
int rad_val_u32(const uint8_t *val, size_t len, uint32_t *v);

/*
 * Value check by the dictionary: -EBADMSG when an attribute we know has
 * a length its type cannot have (e.g. Framed-IP-Address not 4 octets,
 * Framed-IPv6-Prefix not 2..18 or prefix length > 128, an empty string).
 * Unknown types: 0.
 */
int rad_attr_check(uint8_t type, const uint8_t *val, size_t len);

/* The dictionary name of type ("Framed-IP-Address"), or NULL. For logs. */
const char *rad_attr_name(uint8_t type);
const char *rad_code_name(uint8_t code);

/* ---- primitives ------------------------------------------------------- */

/* Reveal a User-Password value (RFC 2865 §5.2), trailing NULs removed.
 * For tests and a server side. Returns the length, -EBADMSG (val not
 * 16..128 octets in whole 16-octet blocks) or -ENOBUFS (over cap). */
int rad_user_password_decode(const uint8_t *val, size_t len,
	const uint8_t req_auth[RAD_AUTH_LEN], const uint8_t *secret,
	size_t secret_len, uint8_t *out, size_t cap);

#endif /* LNS_RAD_CODEC_H */
