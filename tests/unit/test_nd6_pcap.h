/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The IPv6 codec tests' frames for tshark: when LNS_IP6_PCAP names a
 * file, every packet a builder wrote is appended to it (pcap, link type
 * RAW), and tests/unit/check_ip6_tshark.sh has tshark dissect them.
 */
#ifndef LNS_TEST_ND6_PCAP_H
#define LNS_TEST_ND6_PCAP_H

#include <stddef.h>
#include <stdint.h>

void test_ip6_pcap(const uint8_t *pkt, size_t len);

#endif /* LNS_TEST_ND6_PCAP_H */
