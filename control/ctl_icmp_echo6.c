/* SPDX-License-Identifier: BSD-3-Clause
 *
 * ICMPv6 Echo Reply (RFC 4443 §4.2) made in place from the Echo Request
 * to one of our addresses: the same identifier, sequence and data back,
 * from the address it was sent to. Pure, unit tested in test_icmp_err.c.
 */
#include <string.h>

#include "ctl_icmp_build.h"
#include "ip6.h"

#define CTL_ICMP6_ECHO_REQUEST	128
#define CTL_ICMP6_ECHO_REPLY	129

int32_t
ctl_icmp6_echo(uint8_t *pkt, uint32_t len)
{
	struct ip6_view v;
	uint8_t tmp[IP6_ADDR_LEN];

	if (ip6_parse(pkt, len, &v) != IP6_OK || v.next != IP6_NH_ICMP6 ||
	    v.pl_len < 8 || !ip6_cksum_ok(pkt))
		return -1;
	if (v.pl[0] != CTL_ICMP6_ECHO_REQUEST || v.pl[1] != 0)
		return 0;
	/* Swap source and destination: the reply is from the address the
	 * request went to (ours: the caller checked). */
	memcpy(tmp, pkt + 8, IP6_ADDR_LEN);
	memcpy(pkt + 8, pkt + 24, IP6_ADDR_LEN);
	memcpy(pkt + 24, tmp, IP6_ADDR_LEN);
	pkt[7] = CTL_ICMP_TTL;
	pkt[IP6_HDR_LEN] = CTL_ICMP6_ECHO_REPLY;
	ip6_cksum_set(pkt, 2);
	return (int32_t)(IP6_HDR_LEN + v.pl_len);
}
