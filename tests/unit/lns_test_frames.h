/* SPDX-License-Identifier: BSD-3-Clause
 *
 * What the dataplane unit tests share (test_dp_classify.c,
 * test_dp_decap.c, test_dp_encap.c, test_icmp_err.c and the dp_fwd
 * harness): an mbuf over a static buffer (no EAL, no pool), the upstream
 * frame builder (Eth / IPv4 / UDP / L2TP / PPP / inner, every RFC 2661
 * §3.1 header bit), verdict and checksum assertions. cmocka must be
 * included first.
 */
#ifndef LNS_TEST_FRAMES_H
#define LNS_TEST_FRAMES_H

#include <stdint.h>

#include <rte_ip.h>
#include <rte_mbuf.h>

#include "lns_ipv4.h"
#include "dp_stats.h"
#include "dp_verdict.h"

/* Outer addresses of the upstream frames (network: the LAC, us). */
#define LNS_TEST_PEER_IP	LNS_IPV4(203, 0, 113, 7)
#define LNS_TEST_LOCAL_IP	LNS_IPV4(198, 51, 100, 1)
#define LNS_TEST_PEER_PORT	50000

/*
 * *mb, a single segment over buf[0..cap), holding frame[0..len) from
 * headroom on; l2_len/l3_len are 0 (classification sets them).
 */
struct rte_mbuf *lns_test_mbuf(struct rte_mbuf *mb, uint8_t *buf,
			       uint16_t cap, uint16_t headroom,
			       const uint8_t *frame, uint16_t len);
/* mb holds exactly the len octets of orig from headroom on. */
void lns_test_untouched(const struct rte_mbuf *mb, uint16_t headroom,
			const uint8_t *orig, uint16_t len);

void lns_test_expect_drop(struct dp_verdict r, enum dp_drop_reason why);
void lns_test_expect_punt(struct dp_verdict r, enum dp_punt_reason why);

/* The IPv4 header checksum is right and what a recomputation gives. */
void lns_test_ipv4_cksum(const struct rte_ipv4_hdr *ip);

/* Upstream frame variant (RFC 2661 §3.1 header bits). */
struct lns_test_up {
	uint16_t tid, sid;
	uint8_t lbit, sbit, obit;
	uint16_t pad;			/* O bit: Offset Size */
	int no_acf;			/* omit FF 03 */
	int pfc;			/* 1-octet protocol */
	uint16_t proto;			/* 0 = 0x0021 */
	uint8_t ver;			/* 0 = 2 */
	uint8_t t_bit;
	uint32_t src_ip;		/* 0 = LNS_TEST_PEER_IP */
	uint16_t src_port;		/* 0 = LNS_TEST_PEER_PORT */
	uint16_t trailer;		/* Ethernet padding after the IP */
	int udp_len_delta;		/* added to the UDP length */
	int l2tp_len_delta;		/* added to the L2TP Length (L bit) */
};

/*
 * Eth (MACs left as they are in b) / IPv4 to LNS_TEST_LOCAL_IP / UDP to
 * 1701 / L2TP (Ns 0x1234, Nr 0x5678, padding 0xee) / PPP / in[0..ilen)
 * into b; returns the frame length, *inner_off (if not NULL) the offset
 * of the inner packet.
 */
uint16_t lns_test_build_up(uint8_t *b, const struct lns_test_up *u,
			   const uint8_t *in, uint16_t ilen,
			   uint16_t *inner_off);

#endif /* LNS_TEST_FRAMES_H */
