/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PPP protocol numbers, control packet codes and option types used by the
 * LNS PPP termination (RFC 1661, RFC 1332, RFC 1877, RFC 5072, RFC 1334,
 * RFC 1994, RFC 2759).
 */

#ifndef PPP_PROTO_H
#define PPP_PROTO_H

#include "lns_ppp_wire.h"


/* Control packet header: Code(1) Identifier(1) Length(2) (RFC 1661 §5). */
#define PPP_HDR_LEN		4
/* Option header: Type(1) Length(1) (RFC 1661 §6). */
#define PPP_OPT_HDR_LEN		2

/* Codes shared by every NCP and LCP (RFC 1661 §5.1-§5.7). */
#define PPP_CONF_REQ		1
#define PPP_CONF_ACK		2
#define PPP_CONF_NAK		3
#define PPP_CONF_REJ		4
#define PPP_TERM_REQ		5
#define PPP_TERM_ACK		6
#define PPP_CODE_REJ		7
/* LCP-only codes (RFC 1661 §5.7-§5.9). */
#define PPP_PROTO_REJ		8
#define PPP_ECHO_REQ		9
#define PPP_ECHO_REP		10
#define PPP_DISC_REQ		11

/* LCP Configuration Options (RFC 1661 §6). */
#define PPP_LCP_OPT_MRU		1
#define PPP_LCP_OPT_ACCM	2	/* RFC 1662 §7.1 */
#define PPP_LCP_OPT_AUTH	3
#define PPP_LCP_OPT_QUALITY	4
#define PPP_LCP_OPT_MAGIC	5
#define PPP_LCP_OPT_PFC		7
#define PPP_LCP_OPT_ACFC	8

/* CHAP algorithms carried in the Authentication-Protocol option. */
#define PPP_CHAP_MD5		5	/* RFC 1994 */
#define PPP_CHAP_MSCHAPV2	0x81	/* RFC 2759 */

/* IPCP Configuration Options (RFC 1332 §3, RFC 1877 §1). */
#define PPP_IPCP_OPT_ADDRS	1	/* deprecated IP-Addresses */
#define PPP_IPCP_OPT_COMP	2
#define PPP_IPCP_OPT_ADDR	3
#define PPP_IPCP_OPT_DNS1	129
#define PPP_IPCP_OPT_NBNS1	130
#define PPP_IPCP_OPT_DNS2	131
#define PPP_IPCP_OPT_NBNS2	132

/* IPv6CP Configuration Options (RFC 5072 §4). */
#define PPP_IPV6CP_OPT_IFID	1
#define PPP_IPV6CP_OPT_COMP	2

/* RFC 1661 §6.1: the default MRU; §2: no packet is smaller than this. */
#define PPP_DEFAULT_MRU		1500
#define PPP_MIN_MRU		64

#endif /* PPP_PROTO_H */
