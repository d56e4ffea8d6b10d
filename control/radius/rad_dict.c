/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The RADIUS dictionary the codec needs: attribute and code names for
 * logs, and the value length each attribute's data type allows
 * (rad_attr_check()). Types and lengths are those of the defining RFCs:
 * RFC 2865 §5, RFC 2866 §5, RFC 2867, RFC 2868 §3, RFC 2869 §5,
 * RFC 3162 §2, RFC 4372, RFC 4818, RFC 5176 §3.5, RFC 6911.
 */

#include <errno.h>
#include <stddef.h>

#include "rad_codec.h"

/* How a value is checked beyond its length bounds. */
enum rad_kind {
	RAD_K_NONE = 0,		/* not in the dictionary: anything goes */
	RAD_K_PLAIN,		/* length bounds only */
	RAD_K_PASSWORD,		/* User-Password: whole 16-octet blocks */
	RAD_K_TAG_INT,		/* RFC 2868: tag 0x00..0x1f, then 3 octets */
	RAD_K_IPV6_PREFIX,	/* RFC 3162 §2.3: Reserved, Length, Prefix */
};

struct rad_dict_ent {
	const char *name;
	uint8_t kind;
	uint8_t min;		/* value octets */
	uint8_t max;
};

/* RFC 2865 §5 data types as value length bounds. */
#define STR(n)		{ n, RAD_K_PLAIN, 1, RAD_ATTR_VALUE_MAX }
#define INT(n)		{ n, RAD_K_PLAIN, 4, 4 }	/* integer, date */
#define IPV4(n)		INT(n)
#define IPV6(n)		{ n, RAD_K_PLAIN, 16, 16 }
#define FIXED(n, l)	{ n, RAD_K_PLAIN, l, l }
#define TAG_INT(n)	{ n, RAD_K_TAG_INT, 4, 4 }
/* A tagged string's tag octet is optional (RFC 2868 §3.3). */
#define TAG_STR(n)	STR(n)
#define PREFIX6(n)	{ n, RAD_K_IPV6_PREFIX, 2, 18 }

static const struct rad_dict_ent rad_dict[256] = {
	[RAD_A_USER_NAME] = STR("User-Name"),
	[RAD_A_USER_PASSWORD] = { "User-Password", RAD_K_PASSWORD, 16, 128 },
	[RAD_A_CHAP_PASSWORD] = FIXED("CHAP-Password", 17),
	[RAD_A_NAS_IP_ADDRESS] = IPV4("NAS-IP-Address"),
	[RAD_A_NAS_PORT] = INT("NAS-Port"),
	[RAD_A_SERVICE_TYPE] = INT("Service-Type"),
	[RAD_A_FRAMED_PROTOCOL] = INT("Framed-Protocol"),
	[RAD_A_FRAMED_IP_ADDRESS] = IPV4("Framed-IP-Address"),
	[RAD_A_FRAMED_IP_NETMASK] = IPV4("Framed-IP-Netmask"),
	[10] = INT("Framed-Routing"),
	[RAD_A_FILTER_ID] = STR("Filter-Id"),
	[RAD_A_FRAMED_MTU] = INT("Framed-MTU"),
	[13] = INT("Framed-Compression"),
	[14] = IPV4("Login-IP-Host"),
	[15] = INT("Login-Service"),
	[16] = INT("Login-TCP-Port"),
	[RAD_A_REPLY_MESSAGE] = STR("Reply-Message"),
	[19] = STR("Callback-Number"),
	[20] = STR("Callback-Id"),
	[RAD_A_FRAMED_ROUTE] = STR("Framed-Route"),
	[23] = IPV4("Framed-IPX-Network"),
	[RAD_A_STATE] = STR("State"),
	[RAD_A_CLASS] = STR("Class"),
	/* Vendor-Id and at least one octet (RFC 2865 §5.26: Length >= 7). */
	[RAD_A_VENDOR_SPECIFIC] = { "Vendor-Specific", RAD_K_PLAIN, 5,
		RAD_ATTR_VALUE_MAX },
	[RAD_A_SESSION_TIMEOUT] = INT("Session-Timeout"),
	[RAD_A_IDLE_TIMEOUT] = INT("Idle-Timeout"),
	[RAD_A_TERMINATION_ACTION] = INT("Termination-Action"),
	[RAD_A_CALLED_STATION_ID] = STR("Called-Station-Id"),
	[RAD_A_CALLING_STATION_ID] = STR("Calling-Station-Id"),
	[RAD_A_NAS_IDENTIFIER] = STR("NAS-Identifier"),
	[RAD_A_PROXY_STATE] = STR("Proxy-State"),
	[34] = STR("Login-LAT-Service"),
	[35] = STR("Login-LAT-Node"),
	[36] = STR("Login-LAT-Group"),
	[37] = INT("Framed-AppleTalk-Link"),
	[38] = INT("Framed-AppleTalk-Network"),
	[39] = STR("Framed-AppleTalk-Zone"),
	[RAD_A_ACCT_STATUS_TYPE] = INT("Acct-Status-Type"),
	[RAD_A_ACCT_DELAY_TIME] = INT("Acct-Delay-Time"),
	[RAD_A_ACCT_INPUT_OCTETS] = INT("Acct-Input-Octets"),
	[RAD_A_ACCT_OUTPUT_OCTETS] = INT("Acct-Output-Octets"),
	[RAD_A_ACCT_SESSION_ID] = STR("Acct-Session-Id"),
	[RAD_A_ACCT_AUTHENTIC] = INT("Acct-Authentic"),
	[RAD_A_ACCT_SESSION_TIME] = INT("Acct-Session-Time"),
	[RAD_A_ACCT_INPUT_PACKETS] = INT("Acct-Input-Packets"),
	[RAD_A_ACCT_OUTPUT_PACKETS] = INT("Acct-Output-Packets"),
	[RAD_A_ACCT_TERMINATE_CAUSE] = INT("Acct-Terminate-Cause"),
	[RAD_A_ACCT_MULTI_SESSION_ID] = STR("Acct-Multi-Session-Id"),
	[51] = INT("Acct-Link-Count"),
	[RAD_A_ACCT_INPUT_GIGAWORDS] = INT("Acct-Input-Gigawords"),
	[RAD_A_ACCT_OUTPUT_GIGAWORDS] = INT("Acct-Output-Gigawords"),
	[RAD_A_EVENT_TIMESTAMP] = INT("Event-Timestamp"),
	/* RFC 2865 §5.40: Length >= 7. */
	[RAD_A_CHAP_CHALLENGE] = { "CHAP-Challenge", RAD_K_PLAIN, 5,
		RAD_ATTR_VALUE_MAX },
	[RAD_A_NAS_PORT_TYPE] = INT("NAS-Port-Type"),
	[62] = INT("Port-Limit"),
	[63] = STR("Login-LAT-Port"),
	[RAD_A_TUNNEL_TYPE] = TAG_INT("Tunnel-Type"),
	[RAD_A_TUNNEL_MEDIUM_TYPE] = TAG_INT("Tunnel-Medium-Type"),
	[RAD_A_TUNNEL_CLIENT_ENDPOINT] = TAG_STR("Tunnel-Client-Endpoint"),
	[RAD_A_TUNNEL_SERVER_ENDPOINT] = TAG_STR("Tunnel-Server-Endpoint"),
	[68] = STR("Acct-Tunnel-Connection"),
	/* Tag, Salt (2), at least one octet (RFC 2868 §3.5: Length >= 5). */
	[69] = { "Tunnel-Password", RAD_K_PLAIN, 3, RAD_ATTR_VALUE_MAX },
	[76] = INT("Prompt"),
	[RAD_A_CONNECT_INFO] = STR("Connect-Info"),
	[78] = STR("Configuration-Token"),
	[79] = STR("EAP-Message"),
	[RAD_A_MESSAGE_AUTHENTICATOR] = FIXED("Message-Authenticator", 16),
	[81] = TAG_STR("Tunnel-Private-Group-ID"),
	[RAD_A_TUNNEL_ASSIGNMENT_ID] = TAG_STR("Tunnel-Assignment-ID"),
	[83] = TAG_INT("Tunnel-Preference"),
	[RAD_A_ACCT_INTERIM_INTERVAL] = INT("Acct-Interim-Interval"),
	[86] = INT("Acct-Tunnel-Packets-Lost"),
	[RAD_A_NAS_PORT_ID] = STR("NAS-Port-Id"),
	[RAD_A_FRAMED_POOL] = STR("Framed-Pool"),
	[89] = STR("Chargeable-User-Identity"),
	[RAD_A_TUNNEL_CLIENT_AUTH_ID] = TAG_STR("Tunnel-Client-Auth-ID"),
	[RAD_A_TUNNEL_SERVER_AUTH_ID] = TAG_STR("Tunnel-Server-Auth-ID"),
	[RAD_A_NAS_IPV6_ADDRESS] = IPV6("NAS-IPv6-Address"),
	[RAD_A_FRAMED_INTERFACE_ID] = FIXED("Framed-Interface-Id", 8),
	[RAD_A_FRAMED_IPV6_PREFIX] = PREFIX6("Framed-IPv6-Prefix"),
	[98] = IPV6("Login-IPv6-Host"),
	[99] = STR("Framed-IPv6-Route"),
	[100] = STR("Framed-IPv6-Pool"),
	[RAD_A_ERROR_CAUSE] = INT("Error-Cause"),
	[RAD_A_DELEGATED_IPV6_PREFIX] = PREFIX6("Delegated-IPv6-Prefix"),
	[168] = IPV6("Framed-IPv6-Address"),
	[RAD_A_DNS_SERVER_IPV6_ADDRESS] = IPV6("DNS-Server-IPv6-Address"),
	[170] = PREFIX6("Route-IPv6-Information"),
	[171] = STR("Delegated-IPv6-Prefix-Pool"),
	[172] = STR("Stateful-IPv6-Address-Pool"),
};

int
rad_attr_check(uint8_t type, const uint8_t *val, size_t len)
{
	const struct rad_dict_ent *e = &rad_dict[type];

	if (e->kind == RAD_K_NONE)
		return 0;
	if (len < e->min || len > e->max || val == NULL)
		return -EBADMSG;
	switch (e->kind) {
	case RAD_K_PASSWORD:
		return len % 16 == 0 ? 0 : -EBADMSG;
	case RAD_K_TAG_INT:
		/* RFC 2868 §3.1: 0x01..0x1f, or 0x00 when unused. */
		return val[0] <= 0x1f ? 0 : -EBADMSG;
	case RAD_K_IPV6_PREFIX:
		/* The prefix field holds at least the prefix length's bits. */
		if (val[1] > 128 || (size_t)(val[1] + 7) / 8 > len - 2)
			return -EBADMSG;
		return 0;
	default:
		return 0;
	}
}

const char *
rad_attr_name(uint8_t type)
{
	return rad_dict[type].name;
}

const char *
rad_code_name(uint8_t code)
{
	switch (code) {
	case RAD_ACCESS_REQUEST:	return "Access-Request";
	case RAD_ACCESS_ACCEPT:		return "Access-Accept";
	case RAD_ACCESS_REJECT:		return "Access-Reject";
	case RAD_ACCOUNTING_REQUEST:	return "Accounting-Request";
	case RAD_ACCOUNTING_RESPONSE:	return "Accounting-Response";
	case RAD_ACCESS_CHALLENGE:	return "Access-Challenge";
	case RAD_STATUS_SERVER:		return "Status-Server";
	case RAD_DISCONNECT_REQUEST:	return "Disconnect-Request";
	case RAD_DISCONNECT_ACK:	return "Disconnect-ACK";
	case RAD_DISCONNECT_NAK:	return "Disconnect-NAK";
	case RAD_COA_REQUEST:		return "CoA-Request";
	case RAD_COA_ACK:		return "CoA-ACK";
	case RAD_COA_NAK:		return "CoA-NAK";
	default:			return NULL;
	}
}
