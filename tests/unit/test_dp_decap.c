/* SPDX-License-Identifier: BSD-3-Clause
 * Upstream fast path (dataplane/dp_decap.h) on crafted mbufs, no EAL:
 * every L2TP/PPP header variant, every drop and punt reason, checksums
 * after the rewrite, TTL 1/2, IPv6, MSS clamping upstream.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lns_ipv4.h"
#include "dp_decap.h"
#include "lns_test_frames.h"

#define LOCAL_IP LNS_TEST_LOCAL_IP
#define PEER_IP LNS_TEST_PEER_IP
#define PEER_PORT LNS_TEST_PEER_PORT
#define SUB_IP LNS_IPV4(100, 64, 0, 10)
#define TID 5
#define SID 9

static uint8_t buf[2048] __rte_aligned(64);
static uint8_t orig[2048];
static struct rte_mbuf mb;
static struct dp_session_desc desc;
static struct dp_session sess;
static const struct rte_ether_addr core_mac = {{ 2, 0, 0, 0, 0, 1 }};
static const struct rte_ether_addr nh_mac = {{ 2, 0, 0, 0, 0, 2 }};
static const uint8_t prefix6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2,
				     0, 0, 0, 0, 0, 0, 0, 0x33 };

static struct rte_mbuf *
mk(const uint8_t *frame, uint16_t len)
{
	lns_test_mbuf(&mb, buf, sizeof(buf), RTE_PKTMBUF_HEADROOM, frame, len);
	memcpy(orig, frame, len);
	mb.l2_len = 14;
	mb.l3_len = 20;
	return &mb;
}

static void
assert_untouched(uint16_t len)
{
	lns_test_untouched(&mb, RTE_PKTMBUF_HEADROOM, orig, len);
}

static int
setup(void **state)
{
	memset(&desc, 0, sizeof(desc));
	desc.local_tid = TID;
	desc.local_sid = SID;
	desc.peer_tid = 77;
	desc.peer_sid = 88;
	desc.local_ip = rte_cpu_to_be_32(LOCAL_IP);
	desc.peer_ip = rte_cpu_to_be_32(PEER_IP);
	desc.local_udp_port = 1701;
	desc.peer_udp_port = PEER_PORT;
	desc.sub_ip = rte_cpu_to_be_32(SUB_IP);
	desc.nb_routes = 1;
	desc.routes[0].prefix = rte_cpu_to_be_32(LNS_IPV4(10, 1, 0, 0));
	desc.routes[0].len = 16;
	memcpy(desc.sub_ip6_prefix, prefix6, 8);
	desc.flags = DP_SESS_F_IPV6;
	desc.mru = 1492;
	assert_int_equal(dp_session_build(&sess, &desc), 0);
	return 0;
}

/* Inner IPv4 header + l4 payload into b; returns its length. */
static uint16_t
inner4(uint8_t *b, uint32_t src, uint8_t ttl, uint8_t proto,
       const uint8_t *l4, uint16_t l4len)
{
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)b;

	memset(ip, 0, sizeof(*ip));
	ip->version_ihl = 0x45;
	ip->total_length = rte_cpu_to_be_16(20 + l4len);
	ip->packet_id = rte_cpu_to_be_16(0x4242);
	ip->time_to_live = ttl;
	ip->next_proto_id = proto;
	ip->src_addr = rte_cpu_to_be_32(src);
	ip->dst_addr = rte_cpu_to_be_32(LNS_IPV4(192, 0, 2, 80));
	memcpy(ip + 1, l4, l4len);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	if (proto == IPPROTO_TCP) {
		struct rte_tcp_hdr *th = (struct rte_tcp_hdr *)(ip + 1);

		th->cksum = 0;
		th->cksum = rte_ipv4_udptcp_cksum(ip, th);
	}
	return 20 + l4len;
}

static uint16_t
inner6(uint8_t *b, const uint8_t *src, const uint8_t *dst, uint8_t hops)
{
	struct rte_ipv6_hdr *h = (struct rte_ipv6_hdr *)b;

	memset(h, 0, 48);
	h->vtc_flow = rte_cpu_to_be_32(6u << 28);
	h->payload_len = rte_cpu_to_be_16(8);
	h->proto = IPPROTO_UDP;
	h->hop_limits = hops;
	memcpy(h->src_addr, src, 16);
	memcpy(h->dst_addr, dst, 16);
	return 48;
}

/* The L2TP/PPP variant of an upstream frame. */
struct up {
	uint8_t l2tp0;			/* first octet: L, S, O bits */
	uint8_t ver;			/* 0 = 2 */
	uint16_t pad;			/* Offset padding (O bit) */
	int acf;			/* FF 03 present */
	int pfc;			/* one-octet protocol */
	uint16_t proto;			/* 0 = IPv4 */
	uint16_t trailer;		/* octets after the UDP datagram */
};

/* Eth/IPv4/UDP/L2TP/PPP/inner into b; returns the frame length. */
static uint16_t
build_up(uint8_t *b, const struct up *u, const uint8_t *in, uint16_t ilen,
	 uint16_t *inner_off)
{
	const struct lns_test_up x = {
		.tid = TID, .sid = SID,
		.lbit = !!(u->l2tp0 & 0x40), .sbit = !!(u->l2tp0 & 0x08),
		.obit = !!(u->l2tp0 & 0x02), .pad = u->pad,
		.no_acf = !u->acf, .pfc = u->pfc, .proto = u->proto,
		.ver = u->ver, .t_bit = !!(u->l2tp0 & 0x80),
		.trailer = u->trailer,
	};

	memset(b, 0, 256);
	return lns_test_build_up(b, &x, in, ilen, inner_off);
}

/* Parse + check + rewrite of frame f; returns the last verdict. */
static struct dp_verdict
run(const uint8_t *f, uint16_t len, struct lns_l2tp_data *d, uint16_t vlan)
{
	struct dp_verdict r;

	r = dp_decap_parse(mk(f, len), d);
	if (r.kind != DP_VERDICT_UP)
		return r;
	return dp_decap(&mb, d, &sess, &core_mac, &nh_mac, vlan);
}

/* Build frame u around in[0..ilen) and run it; its length in flen. */
static uint16_t flen;

static struct dp_verdict
go(const struct up *u, const uint8_t *in, uint16_t ilen)
{
	static uint8_t f[256];
	struct lns_l2tp_data d;
	uint16_t off;

	flen = build_up(f, u, in, ilen, &off);
	return run(f, flen, &d, 0);
}

/* Every L/S/O, FF 03 and PFC combination, with and without padding. */
static void
test_variants(void **state)
{
	uint8_t in[64], f[256], l4[8] = { 0, 53, 0, 53, 0, 8 };
	const uint8_t fl[] = { 0x00, 0x40, 0x08, 0x02, 0x48, 0x42, 0x0a,
			       0x4a };
	struct lns_l2tp_data d;
	struct dp_verdict r;
	struct rte_ipv4_hdr *ip;
	uint16_t ilen, off, len, k, v;
	unsigned int i, acf, pfc, tr;

	ilen = inner4(in, SUB_IP, 64, IPPROTO_UDP, l4, sizeof(l4));
	for (i = 0; i < RTE_DIM(fl); i++)
	for (acf = 0; acf < 2; acf++)
	for (pfc = 0; pfc < 2; pfc++)
	for (tr = 0; tr < 2; tr++) {
		struct up u = { .l2tp0 = fl[i], .pad = (fl[i] & 2) ? i : 0,
			.acf = acf, .pfc = pfc, .trailer = tr ? 6 : 0 };

		len = build_up(f, &u, in, ilen, &off);
		r = dp_decap_parse(mk(f, len), &d);
		assert_int_equal(r.kind, DP_VERDICT_UP);
		assert_int_equal(d.tid, TID);
		assert_int_equal(d.sid, SID);
		assert_int_equal(d.proto, LNS_PPP_PROTO_IPV4);
		assert_int_equal(dp_decap_inner_off(&mb, &d), off);
		assert_int_equal(dp_decap_inner_len(&d), ilen);
		assert_int_equal(lns_l2tp_has_ns(&d), !!(fl[i] & 0x08));
		assert_int_equal(d.ns, (fl[i] & 0x08) ? 0x1234 : 0);
		for (v = 0; v < 2; v++) {
			r = run(f, len, &d, v ? 100 : 0);
			assert_int_equal(r.kind, DP_VERDICT_OK);
			assert_int_equal(r.flags, 0);
			k = v ? 18 : 14;
			assert_int_equal(mb.l2_len, k);
			assert_int_equal(mb.l3_len, 20);
			assert_int_equal(mb.pkt_len, k + ilen);
			assert_int_equal(mb.data_len, k + ilen);
			assert_memory_equal(rte_pktmbuf_mtod(&mb, uint8_t *),
					    &nh_mac, 6);
			assert_memory_equal(rte_pktmbuf_mtod_offset(&mb,
					    uint8_t *, 6), &core_mac, 6);
			ip = rte_pktmbuf_mtod_offset(&mb,
						     struct rte_ipv4_hdr *, k);
			assert_int_equal(ip->time_to_live, 63);
			lns_test_ipv4_cksum(ip);
			/* Only TTL and checksum changed. */
			assert_memory_equal(ip, in, 8);
			assert_memory_equal((uint8_t *)ip + 12, in + 12,
					    ilen - 12);
		}
		/* Tag: TPID, VID 100, then IPv4. */
		assert_int_equal(rte_pktmbuf_mtod_offset(&mb, uint8_t *,
							 12)[0], 0x81);
		assert_int_equal(rte_pktmbuf_mtod_offset(&mb, uint8_t *,
							 15)[0], 100);
		assert_int_equal(rte_pktmbuf_mtod_offset(&mb, uint8_t *,
							 16)[0], 0x08);
	}
}

static void
test_parse_drops(void **state)
{
	uint8_t in[64], f[256], l4[8] = { 0 };
	struct up u = { .l2tp0 = 0x4a, .pad = 2, .acf = 1 };
	struct lns_l2tp_data d;
	uint16_t ilen, off, len, cut;

	ilen = inner4(in, SUB_IP, 64, IPPROTO_UDP, l4, sizeof(l4));
	/* Cut the UDP datagram anywhere inside L2TP/PPP headers. */
	len = build_up(f, &u, in, ilen, &off);
	for (cut = 0; cut < off - 42; cut++) {
		uint16_t n = 42 + cut;

		f[16] = 0, f[17] = 20 + 8 + cut;	/* IPv4 length */
		f[38] = 0, f[39] = 8 + cut;		/* UDP length */
		lns_test_expect_drop(dp_decap_parse(mk(f, n), &d), DP_DROP_TRUNC_L2TP);
	}
	/* UDP shorter than its header, longer than the IPv4 payload. */
	len = build_up(f, &u, in, ilen, &off);
	f[39] = 7, f[38] = 0;
	lns_test_expect_drop(dp_decap_parse(mk(f, len), &d), DP_DROP_TRUNC_UDP);
	len = build_up(f, &u, in, ilen, &off);
	f[38] += 1;
	lns_test_expect_drop(dp_decap_parse(mk(f, len), &d), DP_DROP_TRUNC_UDP);
	/* L2TP Length past the datagram; Offset Size past the message. */
	len = build_up(f, &u, in, ilen, &off);
	f[44] += 1;
	lns_test_expect_drop(dp_decap_parse(mk(f, len), &d), DP_DROP_TRUNC_L2TP);
	len = build_up(f, &u, in, ilen, &off);
	f[54] = 0x10;
	lns_test_expect_drop(dp_decap_parse(mk(f, len), &d), DP_DROP_TRUNC_L2TP);
	/* L2TPv3 over UDP, control message, LCP. */
	u.ver = 3;
	len = build_up(f, &u, in, ilen, &off);
	lns_test_expect_drop(dp_decap_parse(mk(f, len), &d), DP_DROP_L2TP_VERSION);
	u.ver = 0;
	u.l2tp0 = 0xc8;
	len = build_up(f, &u, in, ilen, &off);
	lns_test_expect_punt(dp_decap_parse(mk(f, len), &d), DP_PUNT_L2TP_CTRL);
	u.l2tp0 = 0;
	u.proto = 0xc021;
	len = build_up(f, &u, in, ilen, &off);
	lns_test_expect_punt(dp_decap_parse(mk(f, len), &d), DP_PUNT_PPP_CTRL);
	u.pfc = 1;
	u.proto = 0x3d;			/* PFC, not IP (multilink) */
	len = build_up(f, &u, in, ilen, &off);
	lns_test_expect_punt(dp_decap_parse(mk(f, len), &d), DP_PUNT_PPP_CTRL);
}

static void
test_spoofed_outer(void **state)
{
	uint8_t in[64], f[256], l4[8] = { 0 };
	struct up u = { .acf = 1 };
	struct lns_l2tp_data d;
	uint16_t ilen, off, len;

	ilen = inner4(in, SUB_IP, 64, IPPROTO_UDP, l4, sizeof(l4));
	len = build_up(f, &u, in, ilen, &off);
	f[29] ^= 1;				/* outer source address */
	lns_test_expect_drop(run(f, len, &d, 0), DP_DROP_SPOOFED_OUTER);
	assert_untouched(len);
	len = build_up(f, &u, in, ilen, &off);
	f[35] ^= 1;				/* outer source port */
	lns_test_expect_drop(run(f, len, &d, 0), DP_DROP_SPOOFED_OUTER);
	assert_untouched(len);
}

static void
test_bad_inner_ipv4(void **state)
{
	uint8_t in[64], l4[8] = { 0 };
	struct up u = { .acf = 1 };
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)in;
	uint16_t ilen;

	ilen = inner4(in, SUB_IP, 64, IPPROTO_UDP, l4, sizeof(l4));
	ip->version_ihl = 0x65;
	lns_test_expect_drop(go(&u, in, ilen), DP_DROP_BAD_INNER_IPV4);
	ip->version_ihl = 0x44;
	lns_test_expect_drop(go(&u, in, ilen), DP_DROP_BAD_INNER_IPV4);
	ip->version_ihl = 0x47;			/* options past the packet */
	lns_test_expect_drop(go(&u, in, 24), DP_DROP_BAD_INNER_IPV4);
	ilen = inner4(in, SUB_IP, 64, IPPROTO_UDP, l4, sizeof(l4));
	ip->total_length = rte_cpu_to_be_16(ilen + 1);	/* longer than PPP */
	lns_test_expect_drop(go(&u, in, ilen), DP_DROP_BAD_INNER_IPV4);
	ip->total_length = rte_cpu_to_be_16(19);
	lns_test_expect_drop(go(&u, in, ilen), DP_DROP_BAD_INNER_IPV4);
	lns_test_expect_drop(go(&u, in, 12), DP_DROP_BAD_INNER_IPV4);	/* cut */
	ilen = inner4(in, SUB_IP, 64, IPPROTO_UDP, l4, sizeof(l4));
	ip->hdr_checksum ^= 0x0100;
	lns_test_expect_drop(go(&u, in, ilen), DP_DROP_INNER_CKSUM);
	assert_untouched(flen);
}

static void
test_spoofed_inner(void **state)
{
	uint8_t in[64], l4[8] = { 0 };
	struct up u = { .acf = 1 };
	uint16_t ilen;

	ilen = inner4(in, SUB_IP + 1, 64, IPPROTO_UDP, l4, sizeof(l4));
	lns_test_expect_drop(go(&u, in, ilen), DP_DROP_SPOOFED_INNER);
	assert_untouched(flen);
	ilen = inner4(in, LNS_IPV4(10, 2, 0, 1), 64, IPPROTO_UDP, l4, 8);
	lns_test_expect_drop(go(&u, in, ilen), DP_DROP_SPOOFED_INNER);
	/* Framed-Route 10.1.0.0/16 */
	ilen = inner4(in, LNS_IPV4(10, 1, 200, 3), 64, IPPROTO_UDP, l4, 8);
	assert_int_equal(go(&u, in, ilen).kind, DP_VERDICT_OK);
	/* Spoofed and TTL 1: dropped, never answered. */
	ilen = inner4(in, SUB_IP + 1, 1, IPPROTO_UDP, l4, sizeof(l4));
	lns_test_expect_drop(go(&u, in, ilen), DP_DROP_SPOOFED_INNER);
}

static void
test_ttl(void **state)
{
	uint8_t in[64], l4[8] = { 0 };
	struct up u = { .l2tp0 = 0x08 };
	struct rte_ipv4_hdr *ip;
	uint16_t ilen;
	uint8_t ttl;

	for (ttl = 0; ttl < 2; ttl++) {
		ilen = inner4(in, SUB_IP, ttl, IPPROTO_UDP, l4, sizeof(l4));
		lns_test_expect_punt(go(&u, in, ilen), DP_PUNT_TTL_EXPIRED);
		assert_untouched(flen);
	}
	ilen = inner4(in, SUB_IP, 2, IPPROTO_UDP, l4, sizeof(l4));
	assert_int_equal(go(&u, in, ilen).kind, DP_VERDICT_OK);
	ip = rte_pktmbuf_mtod_offset(&mb, struct rte_ipv4_hdr *, 14);
	assert_int_equal(ip->time_to_live, 1);
	lns_test_ipv4_cksum(ip);
	/* Every TTL, and checksums that wrap. */
	for (ttl = 2; ttl != 0; ttl++) {
		ilen = inner4(in, SUB_IP, ttl, IPPROTO_UDP, l4, sizeof(l4));
		((struct rte_ipv4_hdr *)in)->packet_id = rte_cpu_to_be_16(
			(uint16_t)(ttl * 257));
		((struct rte_ipv4_hdr *)in)->hdr_checksum = 0;
		((struct rte_ipv4_hdr *)in)->hdr_checksum = rte_ipv4_cksum(
			(struct rte_ipv4_hdr *)in);
		assert_int_equal(go(&u, in, ilen).kind, DP_VERDICT_OK);
		ip = rte_pktmbuf_mtod_offset(&mb, struct rte_ipv4_hdr *, 14);
		assert_int_equal(ip->time_to_live, ttl - 1);
		/* The TTL/protocol word is rewritten whole: protocol kept. */
		assert_int_equal(ip->next_proto_id, IPPROTO_UDP);
		lns_test_ipv4_cksum(ip);
	}
}

static void
test_ipv6(void **state)
{
	static const uint8_t dst[16] = { 0x20, 0x01, 0x0d, 0xb8, 0xff };
	uint8_t src[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2, 0, 0, 0, 0,
			    0, 0, 0, 9 };
	uint8_t in[64], f[256];
	struct up u = { .acf = 1, .proto = LNS_PPP_PROTO_IPV6 };
	struct lns_l2tp_data d;
	struct rte_ipv6_hdr *h;
	uint16_t ilen, off, len;

	ilen = inner6(in, src, dst, 64);
	len = build_up(f, &u, in, ilen, &off);
	assert_int_equal(run(f, len, &d, 0).kind, DP_VERDICT_OK);
	assert_int_equal(d.proto, LNS_PPP_PROTO_IPV6);
	assert_int_equal(mb.l3_len, 40);
	assert_int_equal(mb.pkt_len, 14 + ilen);
	assert_int_equal(rte_pktmbuf_mtod_offset(&mb, uint8_t *, 12)[0], 0x86);
	h = rte_pktmbuf_mtod_offset(&mb, struct rte_ipv6_hdr *, 14);
	assert_int_equal(h->hop_limits, 63);
	assert_memory_equal(h->src_addr, src, 16);

	u.pfc = 1;
	u.acf = 0;
	assert_int_equal(go(&u, in, ilen).kind, DP_VERDICT_OK);

	ilen = inner6(in, src, dst, 1);
	lns_test_expect_punt(go(&u, in, ilen), DP_PUNT_TTL_EXPIRED);
	assert_untouched(flen);
	src[7] = 3;
	ilen = inner6(in, src, dst, 64);
	lns_test_expect_drop(go(&u, in, ilen), DP_DROP_SPOOFED_INNER);
	src[0] = 0xfe, src[1] = 0x80;		/* Router Solicitation etc. */
	ilen = inner6(in, src, dst, 255);
	lns_test_expect_punt(go(&u, in, ilen), DP_PUNT_IPV6_LINK_LOCAL);
	ilen = inner6(in, prefix6, dst, 64);
	in[0] = 0x40;
	lns_test_expect_drop(go(&u, in, ilen), DP_DROP_BAD_INNER_IPV6);
	ilen = inner6(in, prefix6, dst, 64);
	in[5] = 9;				/* payload longer than PPP */
	lns_test_expect_drop(go(&u, in, ilen), DP_DROP_BAD_INNER_IPV6);
	lns_test_expect_drop(go(&u, in, 30), DP_DROP_BAD_INNER_IPV6);
	ilen = inner6(in, prefix6, dst, 64);
	desc.flags = 0;
	dp_session_build(&sess, &desc);
	lns_test_expect_drop(go(&u, in, ilen), DP_DROP_IPV6_NOT_NEGOTIATED);
	assert_untouched(flen);
}

/* A TCP SYN with MSS 1460 at option offset pos (NOPs before). */
static uint16_t
tcp_syn(uint8_t *t, unsigned int nops, uint16_t mss)
{
	unsigned int i = 20;

	memset(t, 0, 40);
	t[1] = 80, t[3] = 99;
	while (nops--)
		t[i++] = DP_TCP_OPT_NOP;
	t[i++] = DP_TCP_OPT_MSS, t[i++] = 4, t[i++] = mss >> 8;
	t[i++] = mss & 0xff;
	while (i & 3)
		t[i++] = DP_TCP_OPT_EOL;
	t[12] = (uint8_t)((i / 4) << 4);
	t[13] = RTE_TCP_SYN_FLAG;
	return (uint16_t)i;
}

static void
test_mss_upstream(void **state)
{
	uint8_t in[96], f[256], t[40], c[96];
	struct up u = { .l2tp0 = 0x02, .pad = 1, .acf = 1 };
	struct lns_l2tp_data d;
	struct dp_verdict r;
	struct rte_ipv4_hdr *ip;
	struct rte_tcp_hdr *th;
	uint16_t ilen, off, len, tl, ck;
	unsigned int nops;

	desc.mss = 1400;
	dp_session_build(&sess, &desc);
	for (nops = 0; nops < 3; nops++) {
		tl = tcp_syn(t, nops, 1460);
		ilen = inner4(in, SUB_IP, 64, IPPROTO_TCP, t, tl);
		len = build_up(f, &u, in, ilen, &off);
		r = run(f, len, &d, 0);
		assert_int_equal(r.kind, DP_VERDICT_OK);
		assert_int_equal(r.flags, DP_VERDICT_F_MSS_CLAMPED);
		ip = rte_pktmbuf_mtod_offset(&mb, struct rte_ipv4_hdr *, 14);
		th = (struct rte_tcp_hdr *)(ip + 1);
		assert_int_equal(((uint8_t *)th)[22 + nops] << 8 |
				 ((uint8_t *)th)[23 + nops], 1400);
		assert_int_equal(rte_ipv4_udptcp_cksum_verify(ip, th), 0);
		memcpy(c, ip, ilen);
		((struct rte_tcp_hdr *)(c + 20))->cksum = 0;
		ck = rte_ipv4_udptcp_cksum((struct rte_ipv4_hdr *)c, c + 20);
		assert_int_equal(th->cksum, ck);
		lns_test_ipv4_cksum(ip);
	}
	/* Already small enough: untouched. */
	tl = tcp_syn(t, 1, 1300);
	ilen = inner4(in, SUB_IP, 64, IPPROTO_TCP, t, tl);
	len = build_up(f, &u, in, ilen, &off);
	r = run(f, len, &d, 0);
	assert_int_equal(r.flags, 0);
	assert_memory_equal(rte_pktmbuf_mtod_offset(&mb, uint8_t *, 34),
			    in + 20, tl);
	/* Options lie: forwarded as is, flagged for the counter. */
	tl = tcp_syn(t, 0, 1460);
	t[21] = 9;
	ilen = inner4(in, SUB_IP, 64, IPPROTO_TCP, t, tl);
	len = build_up(f, &u, in, ilen, &off);
	r = run(f, len, &d, 0);
	assert_int_equal(r.kind, DP_VERDICT_OK);
	assert_int_equal(r.flags, DP_VERDICT_F_MSS_BAD_OPT);
	assert_memory_equal(rte_pktmbuf_mtod_offset(&mb, uint8_t *, 34),
			    in + 20, tl);
}

/* Inner payload and padding in a second segment. */
static void
test_multiseg(void **state)
{
	static uint8_t buf2[256];
	static struct rte_mbuf mb2;
	uint8_t in[160], f[256], pl[100];
	struct up u = { .l2tp0 = 0x40, .acf = 1, .trailer = 6 };
	struct lns_l2tp_data d;
	uint16_t ilen, off, len, n;

	memset(pl, 0x77, sizeof(pl));
	ilen = inner4(in, SUB_IP, 64, IPPROTO_UDP, pl, sizeof(pl));
	len = build_up(f, &u, in, ilen, &off);
	for (n = off + 20; n <= len - 6; n += 100 - 6) {
		mk(f, n);
		memset(&mb2, 0, sizeof(mb2));
		mb2.buf_addr = buf2;
		mb2.nb_segs = 1;
		memcpy(buf2, f + n, len - n);
		mb2.data_len = len - n;
		mb.next = &mb2;
		mb.nb_segs = 2;
		mb.pkt_len = len;
		assert_int_equal(dp_decap_parse(&mb, &d).kind, DP_VERDICT_UP);
		assert_int_equal(dp_decap_inner_len(&d), ilen);
		assert_int_equal(dp_decap(&mb, &d, &sess, &core_mac, &nh_mac,
					  0).kind, DP_VERDICT_OK);
		assert_int_equal(mb.pkt_len, 14 + ilen);
		assert_int_equal(mb.data_len + mb2.data_len, 14 + ilen);
	}
	/* The padding does not fit in the last segment: dropped as is. */
	mb2.data_len = 2;
	mk(f, len - 2);
	mb.next = &mb2;
	mb.nb_segs = 2;
	mb.pkt_len = len;
	assert_int_equal(dp_decap_parse(&mb, &d).kind, DP_VERDICT_UP);
	lns_test_expect_drop(dp_decap(&mb, &d, &sess, &core_mac, &nh_mac, 0),
		    DP_DROP_INNER_TRAILER);
	assert_int_equal(mb.data_off, RTE_PKTMBUF_HEADROOM);
	assert_int_equal(mb.pkt_len, len);
}

static void
test_names(void **state)
{
	assert_string_equal(dp_drop_name(DP_DROP_SPOOFED_OUTER),
			    "spoofed_outer");
	assert_string_equal(dp_drop_name(DP_DROP_SPOOFED_INNER),
			    "spoofed_inner");
	assert_string_equal(dp_drop_name(DP_DROP_BAD_INNER_IPV4),
			    "bad_inner_ipv4");
	assert_string_equal(dp_drop_name(DP_DROP_IPV6_NOT_NEGOTIATED),
			    "ipv6_not_negotiated");
	assert_string_equal(dp_punt_name(DP_PUNT_TTL_EXPIRED), "ttl_expired");
	/* Existing values keep their numbers (appended only). */
	assert_int_equal(DP_DROP_TX_FULL + 1, DP_DROP_L2TP_VERSION);
	assert_int_equal(DP_PUNT_PPP_CTRL + 1, DP_PUNT_TTL_EXPIRED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_variants, setup),
		cmocka_unit_test_setup(test_parse_drops, setup),
		cmocka_unit_test_setup(test_spoofed_outer, setup),
		cmocka_unit_test_setup(test_bad_inner_ipv4, setup),
		cmocka_unit_test_setup(test_spoofed_inner, setup),
		cmocka_unit_test_setup(test_ttl, setup),
		cmocka_unit_test_setup(test_ipv6, setup),
		cmocka_unit_test_setup(test_mss_upstream, setup),
		cmocka_unit_test_setup(test_multiseg, setup),
		cmocka_unit_test_setup(test_names, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
