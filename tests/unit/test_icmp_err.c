/* SPDX-License-Identifier: BSD-3-Clause
 * ICMP error builder (control/ctl_icmp_build.c), no EAL: every type and
 * code, quote lengths, checksums checked independently, every
 * suppression rule, the token bucket, and an error put into a session
 * the way ctl_icmp_err.c does it (dp_encap_prepend on a static mbuf).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <rte_icmp.h>
#include <rte_ip.h>

#include "lns_ipv4.h"
#include "ctl_icmp_build.h"
#include "dp_encap.h"
#include "lns_test_frames.h"

#define OUR_IP LNS_IPV4(198, 51, 100, 1)
#define HOST_IP LNS_IPV4(192, 0, 2, 80)
#define SUB_IP LNS_IPV4(100, 64, 0, 10)

static uint8_t pkt[2048], out[2048];
static const uint8_t src6[16] = { 0xfe, 0x80, [15] = 0x01 };
static const uint8_t host6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x50 };

/* IPv4 of total length len from src to dst, payload 0x5a... */
static uint32_t
mk4(uint16_t len, uint32_t src, uint32_t dst, uint8_t proto, uint16_t frag)
{
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)pkt;

	memset(pkt, 0x5a, sizeof(pkt));
	memset(ip, 0, sizeof(*ip));
	ip->version_ihl = 0x45;
	ip->total_length = rte_cpu_to_be_16(len);
	ip->fragment_offset = rte_cpu_to_be_16(frag);
	ip->time_to_live = 1;
	ip->next_proto_id = proto;
	ip->src_addr = rte_cpu_to_be_32(src);
	ip->dst_addr = rte_cpu_to_be_32(dst);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	return len;
}

static uint32_t
mk6(uint16_t plen, uint8_t nh, uint8_t dst0)
{
	struct rte_ipv6_hdr *h = (struct rte_ipv6_hdr *)pkt;

	memset(pkt, 0x5a, sizeof(pkt));
	memset(h, 0, sizeof(*h));
	h->vtc_flow = rte_cpu_to_be_32(UINT32_C(6) << 28);
	h->payload_len = rte_cpu_to_be_16(plen);
	h->proto = nh;
	h->hop_limits = 1;
	memcpy(h->src_addr, host6, 16);
	h->dst_addr[0] = dst0;
	h->dst_addr[15] = 9;
	return 40u + plen;
}

static void
check_ipv4_error(uint32_t len, uint8_t type, uint8_t code, uint32_t quote)
{
	const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)out;
	const struct rte_icmp_hdr *ic = (const struct rte_icmp_hdr *)(ip + 1);

	assert_int_equal(len, 28 + quote);
	assert_true(len <= 576);
	assert_int_equal(rte_raw_cksum(ip, 20), 0xffff);
	assert_int_equal(rte_raw_cksum(ic, len - 20), 0xffff);
	assert_int_equal(rte_be_to_cpu_16(ip->total_length), len);
	assert_int_equal(ip->version_ihl, 0x45);
	assert_int_equal(ip->time_to_live, 64);
	assert_int_equal(ip->fragment_offset, 0);	/* DF clear */
	assert_int_equal(ip->next_proto_id, IPPROTO_ICMP);
	assert_int_equal(ip->src_addr, rte_cpu_to_be_32(OUR_IP));
	assert_int_equal(ip->dst_addr, rte_cpu_to_be_32(HOST_IP));
	assert_int_equal(rte_be_to_cpu_16(ip->packet_id), 0x4242);
	assert_int_equal(ic->icmp_type, type);
	assert_int_equal(ic->icmp_code, code);
	assert_memory_equal(ic + 1, pkt, quote);
}

static void
test_time_exceeded4(void **state)
{
	uint32_t n = mk4(100, HOST_IP, SUB_IP, IPPROTO_UDP, 0), len;

	/* Ethernet padding past the total length is not quoted. */
	len = ctl_icmp_build4(out, sizeof(out), pkt, n + 18,
			      CTL_ICMP_TIME_EXCEEDED, 0,
			      rte_cpu_to_be_32(OUR_IP), 0x4242);
	check_ipv4_error(len, 11, 0, 100);
	assert_int_equal(lns_load16(out + 24), 0);	/* unused word */
	assert_int_equal(lns_load16(out + 26), 0);
	/* The minimum: the header and 8 octets is all there is. */
	n = mk4(28, HOST_IP, SUB_IP, IPPROTO_UDP, 0);
	len = ctl_icmp_build4(out, sizeof(out), pkt, n, CTL_ICMP_TIME_EXCEEDED,
			      0, rte_cpu_to_be_32(OUR_IP), 0x4242);
	check_ipv4_error(len, 11, 0, 28);
}

static void
test_frag_needed4(void **state)
{
	uint32_t n = mk4(1600, HOST_IP, SUB_IP, IPPROTO_TCP,
			 RTE_IPV4_HDR_DF_FLAG), len;

	len = ctl_icmp_build4(out, sizeof(out), pkt, n, CTL_ICMP_FRAG_NEEDED,
			      1492, rte_cpu_to_be_32(OUR_IP), 0x4242);
	/* RFC 1812 §4.3.2.3: as much as fits in 576. */
	check_ipv4_error(len, 3, 4, 576 - 28);
	assert_int_equal(lns_load16(out + 24), 0);
	assert_int_equal(rte_be_to_cpu_16(lns_load16(out + 26)), 1492);
	/* Not enough room: nothing. */
	assert_int_equal(ctl_icmp_build4(out, 575, pkt, n, CTL_ICMP_FRAG_NEEDED,
					 1492, 0, 0), 0);
}

/* ICMPv6 checksum from its definition (RFC 4443 §2.3, RFC 8200 §8.1). */
static void
check_ipv6_error(uint32_t len, uint8_t type, uint32_t word, uint32_t quote)
{
	const struct rte_ipv6_hdr *h = (const struct rte_ipv6_hdr *)out;
	uint8_t ph[2048] = { 0 };
	uint32_t plen = len - 40;

	assert_int_equal(len, 48 + quote);
	assert_true(len <= 1280);
	assert_int_equal(rte_be_to_cpu_32(h->vtc_flow) >> 28, 6);
	assert_int_equal(rte_be_to_cpu_16(h->payload_len), plen);
	assert_int_equal(h->proto, 58);
	assert_int_equal(h->hop_limits, 64);
	assert_memory_equal(h->src_addr, src6, 16);
	assert_memory_equal(h->dst_addr, host6, 16);
	assert_int_equal(out[40], type);
	assert_int_equal(out[41], 0);
	assert_int_equal(rte_be_to_cpu_32(*(const uint32_t *)(out + 44)), word);
	assert_memory_equal(out + 48, pkt, quote);
	memcpy(ph, h->src_addr, 32);
	ph[34] = (uint8_t)(plen >> 8);
	ph[35] = (uint8_t)plen;
	ph[39] = 58;
	memcpy(ph + 40, out + 40, plen);
	assert_int_equal(rte_raw_cksum(ph, 40 + plen), 0xffff);
}

static void
test_ipv6_errors(void **state)
{
	uint32_t n = mk6(60, IPPROTO_UDP, 0x20), len;

	len = ctl_icmp_build6(out, sizeof(out), pkt, n + 6,
			      CTL_ICMP_TIME_EXCEEDED, 0, src6);
	check_ipv6_error(len, 3, 0, 100);
	n = mk6(1500 - 40, IPPROTO_TCP, 0x20);
	len = ctl_icmp_build6(out, sizeof(out), pkt, n, CTL_ICMP_FRAG_NEEDED,
			      1452, src6);
	check_ipv6_error(len, 2, 1452, 1280 - 48);
	assert_int_equal(ctl_icmp_build6(out, 1279, pkt, n,
					 CTL_ICMP_FRAG_NEEDED, 1452, src6), 0);
}

static void
test_suppress4(void **state)
{
	const uint32_t src = HOST_IP, dst = SUB_IP;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)pkt;
	const struct { uint8_t type; int verdict; } icmp[] = {
		{ 8, CTL_ICMP_SEND }, { 0, CTL_ICMP_SEND },
		{ 13, CTL_ICMP_SEND }, { 3, CTL_ICMP_SUP_ICMP_ERROR },
		{ 11, CTL_ICMP_SUP_ICMP_ERROR },
		{ 5, CTL_ICMP_SUP_ICMP_ERROR },
		{ 42, CTL_ICMP_SUP_ICMP_ERROR },	/* unknown: an error */
	};
	const struct {
		uint32_t src, dst;
		uint16_t frag;
		int verdict;
	} addr[] = {
		/* The first fragment yes, later ones no. */
		{ src, dst, RTE_IPV4_HDR_MF_FLAG, CTL_ICMP_SEND },
		{ src, dst, 1, CTL_ICMP_SUP_FRAGMENT },
		{ src, LNS_IPV4(224, 0, 0, 5), 0, CTL_ICMP_SUP_DST },
		{ src, 0xffffffff, 0, CTL_ICMP_SUP_DST },
		{ 0, dst, 0, CTL_ICMP_SUP_SRC },
		{ LNS_IPV4(127, 0, 0, 1), dst, 0, CTL_ICMP_SUP_SRC },
		{ LNS_IPV4(239, 1, 1, 1), dst, 0, CTL_ICMP_SUP_SRC },
		{ LNS_IPV4(250, 1, 1, 1), dst, 0, CTL_ICMP_SUP_SRC },
	};
	unsigned int i;

	assert_int_equal(ctl_icmp_check4(pkt, mk4(60, src, dst, 17, 0)),
			 CTL_ICMP_SEND);
	for (i = 0; i < RTE_DIM(icmp); i++) {
		mk4(60, src, dst, IPPROTO_ICMP, 0);
		pkt[20] = icmp[i].type;
		assert_int_equal(ctl_icmp_check4(pkt, 60), icmp[i].verdict);
	}
	for (i = 0; i < RTE_DIM(addr); i++)
		assert_int_equal(ctl_icmp_check4(pkt, mk4(60, addr[i].src,
				 addr[i].dst, 17, addr[i].frag)),
				 addr[i].verdict);
	/* Malformed: short, version, IHL, total length below IHL. */
	assert_int_equal(ctl_icmp_check4(pkt, 19), CTL_ICMP_SUP_MALFORMED);
	mk4(60, src, dst, 17, 0);
	ip->version_ihl = 0x65;
	assert_int_equal(ctl_icmp_check4(pkt, 60), CTL_ICMP_SUP_MALFORMED);
	ip->version_ihl = 0x44;
	assert_int_equal(ctl_icmp_check4(pkt, 60), CTL_ICMP_SUP_MALFORMED);
	ip->version_ihl = 0x45;
	ip->total_length = rte_cpu_to_be_16(19);
	assert_int_equal(ctl_icmp_check4(pkt, 60), CTL_ICMP_SUP_MALFORMED);
}

static void
test_suppress6(void **state)
{
	struct rte_ipv6_hdr *h = (struct rte_ipv6_hdr *)pkt;
	uint32_t n;

	assert_int_equal(ctl_icmp_check6(pkt, mk6(20, 17, 0x20), 0),
			 CTL_ICMP_SEND);
	n = mk6(20, IPPROTO_ICMPV6, 0x20);
	pkt[40] = 128;					/* echo request */
	assert_int_equal(ctl_icmp_check6(pkt, n, 0), CTL_ICMP_SEND);
	pkt[40] = 1;					/* unreachable */
	assert_int_equal(ctl_icmp_check6(pkt, n, 0), CTL_ICMP_SUP_ICMP_ERROR);
	/* Behind a hop-by-hop header (8 octets) too. */
	n = mk6(28, IPPROTO_HOPOPTS, 0x20);
	pkt[40] = IPPROTO_ICMPV6;
	pkt[41] = 0;
	pkt[48] = 3;
	assert_int_equal(ctl_icmp_check6(pkt, n, 0), CTL_ICMP_SUP_ICMP_ERROR);
	/* Fragment header: offset 0 is the first fragment. */
	n = mk6(28, IPPROTO_FRAGMENT, 0x20);
	pkt[40] = IPPROTO_UDP;
	pkt[42] = 0;
	pkt[43] = 1;					/* M flag */
	assert_int_equal(ctl_icmp_check6(pkt, n, 0), CTL_ICMP_SEND);
	pkt[42] = 0x05;
	assert_int_equal(ctl_icmp_check6(pkt, n, 0), CTL_ICMP_SUP_FRAGMENT);
	/* Multicast destination: only Packet Too Big (RFC 4443 §2.4(e.3)). */
	n = mk6(20, IPPROTO_UDP, 0xff);
	assert_int_equal(ctl_icmp_check6(pkt, n, 0), CTL_ICMP_SUP_DST);
	assert_int_equal(ctl_icmp_check6(pkt, n, 1), CTL_ICMP_SEND);
	n = mk6(20, IPPROTO_UDP, 0x20);
	memset(h->src_addr, 0, 16);			/* :: */
	assert_int_equal(ctl_icmp_check6(pkt, n, 1), CTL_ICMP_SUP_SRC);
	h->src_addr[15] = 1;				/* ::1 */
	assert_int_equal(ctl_icmp_check6(pkt, n, 1), CTL_ICMP_SUP_SRC);
	h->src_addr[0] = 0xff;				/* ff00::1 */
	assert_int_equal(ctl_icmp_check6(pkt, n, 1), CTL_ICMP_SUP_SRC);
	assert_int_equal(ctl_icmp_check6(pkt, 39, 0), CTL_ICMP_SUP_MALFORMED);
	h->vtc_flow = rte_cpu_to_be_32(UINT32_C(4) << 28);
	assert_int_equal(ctl_icmp_check6(pkt, n, 0), CTL_ICMP_SUP_MALFORMED);
}

static void
test_bucket(void **state)
{
	struct ctl_icmp_bucket b;
	int i, sent = 0;

	ctl_icmp_bucket_init(&b, 100, 50, 1000);
	for (i = 0; i < 60; i++)
		sent += ctl_icmp_bucket_take(&b, 1000);
	assert_int_equal(sent, 50);			/* the burst */
	assert_int_equal(ctl_icmp_bucket_take(&b, 1009), 0);
	assert_int_equal(ctl_icmp_bucket_take(&b, 1010), 1);	/* 10 ms */
	assert_int_equal(ctl_icmp_bucket_take(&b, 1010), 0);
	/* A clock that goes back neither refills nor breaks anything. */
	assert_int_equal(ctl_icmp_bucket_take(&b, 500), 0);
	/* One second: 100/s for a whole second, capped at the burst. */
	for (sent = 0, i = 0; i < 200; i++)
		sent += ctl_icmp_bucket_take(&b, 2010);
	assert_int_equal(sent, 50);
	/* Steady state: 100 over one second, one per 10 ms. */
	for (sent = 0, i = 1; i <= 1000; i++)
		sent += ctl_icmp_bucket_take(&b, 2010 + (uint64_t)i);
	assert_int_equal(sent, 100);
	ctl_icmp_bucket_init(&b, 0, 50, 0);
	assert_int_equal(ctl_icmp_bucket_take(&b, 10000), 0);
}

/* Upstream: the error as the inner packet of the subscriber's session. */
static void
test_into_session(void **state)
{
	static uint8_t mbuf_data[2048] __rte_aligned(64);
	struct dp_session_desc d = { 0 };
	struct dp_session s;
	struct rte_mbuf m;
	uint32_t len, n = mk4(84, SUB_IP, HOST_IP, IPPROTO_ICMP, 0);
	uint8_t *f;

	pkt[20] = 8;	/* a traceroute-style echo request with TTL 1 */
	assert_int_equal(ctl_icmp_check4(pkt, n), CTL_ICMP_SEND);
	d.peer_tid = 0x1234;
	d.peer_sid = 0x5678;
	d.flags = DP_SESS_F_SEQ;
	assert_int_equal(dp_session_build(&s, &d), 0);
	len = ctl_icmp_build4(out, 1500, pkt, n, CTL_ICMP_TIME_EXCEEDED, 0,
			      rte_cpu_to_be_32(OUR_IP), 1);
	lns_test_mbuf(&m, mbuf_data, sizeof(mbuf_data), RTE_PKTMBUF_HEADROOM,
		      out, (uint16_t)len);
	dp_encap_prepend(&m, &s.down, len, 2, 0, LNS_PPP_PROTO_IPV4);
	f = rte_pktmbuf_mtod(&m, uint8_t *);
	assert_int_equal(m.pkt_len, s.down.len + len);
	assert_int_equal(rte_raw_cksum(f + 14, 20), 0xffff);
	assert_int_equal(lns_get_be16(f + 14 + 28),
			 LNS_L2TP_S | LNS_L2TP_VERSION);
	assert_int_equal(lns_load16(f + 14 + 28 + 6), 0);	/* Ns 0 */
	assert_int_equal(rte_be_to_cpu_16(lns_load16(f + s.down.len - 2)),
			 LNS_PPP_PROTO_IPV4);
	assert_int_equal(f[s.down.len + 20], 11);
	assert_int_equal(rte_raw_cksum(f + s.down.len + 20, len - 20), 0xffff);
}

/*
 * scapy: IPv6(src="2001:db8:c0::2", dst="2001:db8:c0::1", hlim=61) /
 * ICMPv6EchoRequest(id=0x1234, seq=7, data=b"lnsd-echo"), and the
 * Echo Reply it must become (from ::1 to ::2, hop limit 64).
 */
static const uint8_t echo6_req[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x11, 0x3a, 0x3d, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x80, 0x00, 0x30, 0xe3, 0x12, 0x34, 0x00, 0x07,
	0x6c, 0x6e, 0x73, 0x64, 0x2d, 0x65, 0x63, 0x68, 0x6f,
};
static const uint8_t echo6_rep[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x11, 0x3a, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x02, 0x81, 0x00, 0x2f, 0xe3, 0x12, 0x34, 0x00, 0x07,
	0x6c, 0x6e, 0x73, 0x64, 0x2d, 0x65, 0x63, 0x68, 0x6f,
};

static void
test_echo6(void **state)
{
	uint8_t pkt[sizeof(echo6_req) + 7];

	(void)state;
	/* With Ethernet padding after it: not part of the reply. */
	memset(pkt, 0xee, sizeof(pkt));
	memcpy(pkt, echo6_req, sizeof(echo6_req));
	assert_int_equal(ctl_icmp6_echo(pkt, sizeof(pkt)),
			 (int32_t)sizeof(echo6_rep));
	assert_memory_equal(pkt, echo6_rep, sizeof(echo6_rep));
	/* A reply is not answered; a bad checksum or a short packet is
	 * malformed; so is a packet that is not ICMPv6. */
	assert_int_equal(ctl_icmp6_echo(pkt, sizeof(echo6_rep)), 0);
	memcpy(pkt, echo6_req, sizeof(echo6_req));
	pkt[50] ^= 1;
	assert_int_equal(ctl_icmp6_echo(pkt, sizeof(echo6_req)), -1);
	memcpy(pkt, echo6_req, sizeof(echo6_req));
	assert_int_equal(ctl_icmp6_echo(pkt, sizeof(echo6_req) - 1), -1);
	assert_int_equal(ctl_icmp6_echo(pkt, 30), -1);
	pkt[6] = 17;
	assert_int_equal(ctl_icmp6_echo(pkt, sizeof(echo6_req)), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_exceeded4),
		cmocka_unit_test(test_frag_needed4),
		cmocka_unit_test(test_ipv6_errors),
		cmocka_unit_test(test_suppress4),
		cmocka_unit_test(test_suppress6),
		cmocka_unit_test(test_bucket),
		cmocka_unit_test(test_echo6),
		cmocka_unit_test(test_into_session),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
