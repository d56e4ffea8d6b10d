/* SPDX-License-Identifier: BSD-3-Clause
 * Small IPv4 formatting helpers shared by logs and telemetry.
 */
#ifndef LNS_IPV4_H
#define LNS_IPV4_H

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>

/*
 * a.b.c.d as a host-order uint32_t. DPDK 22.11's RTE_IPV4() shifts an int
 * left by 24, undefined behaviour for a >= 128 (UBSan reports it): the
 * octets are widened first here.
 */
#define LNS_IPV4(a, b, c, d) \
	((uint32_t)((uint32_t)((a) & 0xff) << 24 | (uint32_t)((b) & 0xff) << 16 | \
		    (uint32_t)((c) & 0xff) << 8 | (uint32_t)((d) & 0xff)))

#define LNS_IPV4_STRLEN INET_ADDRSTRLEN
#define LNS_MAC_STRLEN 18

/* Format a network-order IPv4 address; returns buf. */
static inline const char *
lns_ipv4_str(uint32_t addr_be, char *buf)
{
	return inet_ntop(AF_INET, &addr_be, buf, LNS_IPV4_STRLEN);
}

static inline const char *
lns_mac_str(const uint8_t *mac, char *buf)
{
	snprintf(buf, LNS_MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	return buf;
}

#endif /* LNS_IPV4_H */
