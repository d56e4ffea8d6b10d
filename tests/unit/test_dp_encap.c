/* SPDX-License-Identifier: BSD-3-Clause
 * Downstream fast path (dataplane/dp_encap.h), the session template
 * (dp_session.h) and MSS clamping (dp_mss.h) on crafted mbufs, no EAL:
 * byte-exact outer headers against ones built here independently,
 * checksums, TTL, MRU/DF, headroom, trailers, lying TCP options.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lns_ipv4.h"
#include "dp_encap.h"
#include "lns_test_frames.h"

#define LOCAL_IP LNS_IPV4(198, 51, 100, 1)
#define PEER_IP LNS_IPV4(203, 0, 113, 7)
#define SUB_IP LNS_IPV4(100, 64, 0, 10)

static uint8_t buf[2048] __rte_aligned(64);
static uint8_t buf2[2048] __rte_aligned(64);
static uint8_t orig[2048];
static struct rte_mbuf mb, mb2;
static struct dp_session_desc desc;
static struct dp_session sess;
static const struct rte_ether_addr lmac = {{ 2, 0, 0, 0, 0, 0xa1 }};
static const struct rte_ether_addr pmac = {{ 2, 0, 0, 0, 0, 0xb2 }};

static struct rte_mbuf *
mk(const uint8_t *pkt, uint16_t len, uint16_t headroom)
{
	memcpy(orig, pkt, len);
	return lns_test_mbuf(&mb, buf, sizeof(buf), headroom, pkt, len);
}

static void
assert_untouched(uint16_t headroom, uint16_t len)
{
	lns_test_untouched(&mb, headroom, orig, len);
}

static int
setup(void **state)
{
	memset(&desc, 0, sizeof(desc));
	desc.local_tid = 5;
	desc.local_sid = 9;
	desc.peer_tid = 0x1277;
	desc.peer_sid = 0x3488;
	desc.local_ip = rte_cpu_to_be_32(LOCAL_IP);
	desc.peer_ip = rte_cpu_to_be_32(PEER_IP);
	desc.local_udp_port = 1701;
	desc.peer_udp_port = 50000;
	desc.local_mac = lmac;
	desc.peer_mac = pmac;
	desc.sub_ip = rte_cpu_to_be_32(SUB_IP);
	desc.mru = 1492;
	assert_int_equal(dp_session_build(&sess, &desc), 0);
	return 0;
}

static void
rebuild(void)
{
	assert_int_equal(dp_session_build(&sess, &desc), 0);
}

/* Inner IPv4 of total length len (payload 0x5a...), TCP checksum set. */
static uint16_t
inner4(uint8_t *b, uint16_t len, uint8_t ttl, uint8_t proto, uint16_t frag,
       const uint8_t *l4, uint16_t l4len)
{
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)b;

	memset(b, 0x5a, len);
	memset(ip, 0, sizeof(*ip));
	ip->version_ihl = 0x45;
	ip->total_length = rte_cpu_to_be_16(len);
	ip->packet_id = rte_cpu_to_be_16(0x1111);
	ip->fragment_offset = rte_cpu_to_be_16(frag);
	ip->time_to_live = ttl;
	ip->next_proto_id = proto;
	ip->src_addr = rte_cpu_to_be_32(LNS_IPV4(192, 0, 2, 80));
	ip->dst_addr = rte_cpu_to_be_32(SUB_IP);
	if (l4 != NULL)
		memcpy(ip + 1, l4, l4len);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	if (proto == IPPROTO_TCP && l4 != NULL) {
		struct rte_tcp_hdr *th = (struct rte_tcp_hdr *)(ip + 1);

		th->cksum = 0;
		th->cksum = rte_ipv4_udptcp_cksum(ip, th);
	}
	return len;
}

/* The outer headers, octet by octet from RFC 791/768/2661/1661. */
static uint16_t
outer(uint8_t *h, uint16_t vlan, int seq, uint16_t ns, uint16_t id,
      uint16_t ilen)
{
	uint16_t n = 0, ip, tot;
	struct rte_ipv4_hdr *iph;

	memcpy(h, &pmac, 6);
	memcpy(h + 6, &lmac, 6);
	n = 12;
	if (vlan) {
		h[n++] = 0x81, h[n++] = 0x00;
		h[n++] = vlan >> 8, h[n++] = vlan & 0xff;
	}
	h[n++] = 0x08, h[n++] = 0x00;
	ip = n;
	tot = 20 + 8 + (seq ? 10 : 6) + 4 + ilen;
	h[n++] = 0x45, h[n++] = 0;
	h[n++] = tot >> 8, h[n++] = tot & 0xff;
	h[n++] = id >> 8, h[n++] = id & 0xff;
	h[n++] = 0, h[n++] = 0;			/* DF clear */
	h[n++] = 64, h[n++] = 17;
	h[n++] = 0, h[n++] = 0;
	h[n++] = 198, h[n++] = 51, h[n++] = 100, h[n++] = 1;
	h[n++] = 203, h[n++] = 0, h[n++] = 113, h[n++] = 7;
	h[n++] = 0x06, h[n++] = 0xa5;		/* 1701 */
	h[n++] = 0xc3, h[n++] = 0x50;		/* 50000 */
	h[n++] = (tot - 20) >> 8, h[n++] = (tot - 20) & 0xff;
	h[n++] = 0, h[n++] = 0;			/* no UDP checksum */
	h[n++] = seq ? 0x08 : 0x00, h[n++] = 0x02;
	h[n++] = 0x12, h[n++] = 0x77, h[n++] = 0x34, h[n++] = 0x88;
	if (seq) {
		h[n++] = ns >> 8, h[n++] = ns & 0xff;
		h[n++] = 0, h[n++] = 0;
	}
	h[n++] = 0xff, h[n++] = 0x03, h[n++] = 0x00, h[n++] = 0x21;
	iph = (struct rte_ipv4_hdr *)(h + ip);
	iph->hdr_checksum = rte_ipv4_cksum(iph);
	return n;
}

static void
test_template_exact(void **state)
{
	uint8_t in[256], h[64];
	const uint8_t *out;
	struct dp_verdict r;
	struct rte_ipv4_hdr *ip;
	uint16_t ilen, n, vlan;
	int seq;

	ilen = inner4(in, 100, 64, IPPROTO_UDP, 0, NULL, 0);
	for (vlan = 0; vlan <= 100; vlan += 100)
	for (seq = 0; seq < 2; seq++) {
		desc.vlan = vlan;
		desc.flags = seq ? DP_SESS_F_SEQ : 0;
		rebuild();
		r = dp_encap(mk(in, ilen, RTE_PKTMBUF_HEADROOM), &sess,
			     0xbeef, 0x0102);
		assert_int_equal(r.kind, DP_VERDICT_OK);
		n = outer(h, vlan, seq, 0x0102, 0xbeef, ilen);
		assert_int_equal(sess.down.len, n);
		assert_int_equal(mb.pkt_len, n + ilen);
		assert_int_equal(mb.data_len, n + ilen);
		assert_int_equal(mb.l2_len, vlan ? 18 : 14);
		assert_int_equal(mb.l3_len, 20);
		out = rte_pktmbuf_mtod(&mb, const uint8_t *);
		assert_memory_equal(out, h, n);
		lns_test_ipv4_cksum((const struct rte_ipv4_hdr *)(out +
								mb.l2_len));
		ip = (struct rte_ipv4_hdr *)(out + n);
		assert_int_equal(ip->time_to_live, 63);
		lns_test_ipv4_cksum(ip);
		assert_memory_equal((uint8_t *)ip + 12, in + 12, ilen - 12);
	}
}

/* Outer checksum over IDs and lengths, incl. carries and wrap-around. */
static void
test_outer_cksum_sweep(void **state)
{
	uint8_t in[1500];
	struct rte_ipv4_hdr *ip;
	uint32_t id;
	uint16_t len;

	for (len = 20; len <= 1492; len += 61)
	for (id = 0; id < 0x10000; id += 0x0f0f) {
		inner4(in, len, 64, IPPROTO_UDP, 0, NULL, 0);
		assert_int_equal(dp_encap(mk(in, len, RTE_PKTMBUF_HEADROOM),
					  &sess, (uint16_t)id, 0).kind,
				 DP_VERDICT_OK);
		ip = rte_pktmbuf_mtod_offset(&mb, struct rte_ipv4_hdr *, 14);
		assert_int_equal(rte_be_to_cpu_16(ip->packet_id), id);
		assert_int_equal(rte_be_to_cpu_16(ip->total_length),
				 len + 38);
		lns_test_ipv4_cksum(ip);
	}
}

static void
test_ttl(void **state)
{
	uint8_t in[64];
	struct rte_ipv4_hdr *ip;
	uint16_t len;
	uint8_t ttl;

	for (ttl = 0; ttl < 2; ttl++) {
		len = inner4(in, 40, ttl, IPPROTO_UDP, 0, NULL, 0);
		lns_test_expect_punt(dp_encap(mk(in, len, RTE_PKTMBUF_HEADROOM), &sess,
				     1, 0), DP_PUNT_TTL_EXPIRED);
		assert_untouched(RTE_PKTMBUF_HEADROOM, len);
	}
	len = inner4(in, 40, 2, IPPROTO_UDP, 0, NULL, 0);
	assert_int_equal(dp_encap(mk(in, len, RTE_PKTMBUF_HEADROOM), &sess,
				  1, 0).kind, DP_VERDICT_OK);
	ip = rte_pktmbuf_mtod_offset(&mb, struct rte_ipv4_hdr *, 52);
	assert_int_equal(ip->time_to_live, 1);
	lns_test_ipv4_cksum(ip);
}

static void
test_mru_df(void **state)
{
	uint8_t in[1600];
	struct dp_verdict r;
	uint16_t len;

	len = inner4(in, 1492, 64, IPPROTO_UDP, RTE_IPV4_HDR_DF_FLAG, NULL, 0);
	r = dp_encap(mk(in, len, RTE_PKTMBUF_HEADROOM), &sess, 1, 0);
	assert_int_equal(r.kind, DP_VERDICT_OK);
	assert_int_equal(mb.pkt_len, 1492 + 52);

	len = inner4(in, 1493, 64, IPPROTO_UDP, RTE_IPV4_HDR_DF_FLAG, NULL, 0);
	r = dp_encap(mk(in, len, RTE_PKTMBUF_HEADROOM), &sess, 1, 0);
	lns_test_expect_punt(r, DP_PUNT_FRAG_NEEDED);
	assert_int_equal(r.mtu, 1492);
	assert_untouched(RTE_PKTMBUF_HEADROOM, len);

	len = inner4(in, 1493, 64, IPPROTO_UDP, 0, NULL, 0);
	r = dp_encap(mk(in, len, RTE_PKTMBUF_HEADROOM), &sess, 1, 0);
	assert_int_equal(r.kind, DP_VERDICT_FRAGMENT);
	assert_int_equal(r.mtu, 1492);
	assert_untouched(RTE_PKTMBUF_HEADROOM, len);

	/* TTL is checked first: no ICMP "too big" for a dying packet. */
	len = inner4(in, 1493, 1, IPPROTO_UDP, RTE_IPV4_HDR_DF_FLAG, NULL, 0);
	lns_test_expect_punt(dp_encap(mk(in, len, RTE_PKTMBUF_HEADROOM), &sess, 1, 0),
		    DP_PUNT_TTL_EXPIRED);

	/* No MRU in the descriptor: RFC 1661 default 1500. */
	desc.mru = 0;
	rebuild();
	assert_int_equal(sess.down.mru, 1500);
	len = inner4(in, 1500, 64, IPPROTO_UDP, RTE_IPV4_HDR_DF_FLAG, NULL, 0);
	r = dp_encap(mk(in, len, RTE_PKTMBUF_HEADROOM), &sess, 1, 0);
	assert_int_equal(r.kind, DP_VERDICT_OK);
}

static void
test_headroom_and_bad_inner(void **state)
{
	uint8_t in[64];
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)in;
	uint16_t len;

	len = inner4(in, 40, 64, IPPROTO_UDP, 0, NULL, 0);
	lns_test_expect_drop(dp_encap(mk(in, len, 51), &sess, 1, 0),
		    DP_DROP_NO_HEADROOM);
	assert_untouched(51, len);
	assert_int_equal(dp_encap(mk(in, len, 52), &sess, 1, 0).kind,
			 DP_VERDICT_OK);
	assert_int_equal(mb.data_off, 0);

	ip->version_ihl = 0x65;
	lns_test_expect_drop(dp_encap(mk(in, len, 128), &sess, 1, 0),
		    DP_DROP_BAD_INNER_IPV4);
	ip->version_ihl = 0x44;
	lns_test_expect_drop(dp_encap(mk(in, len, 128), &sess, 1, 0),
		    DP_DROP_BAD_INNER_IPV4);
	ip->version_ihl = 0x4f;
	lns_test_expect_drop(dp_encap(mk(in, len, 128), &sess, 1, 0),
		    DP_DROP_BAD_INNER_IPV4);
	len = inner4(in, 40, 64, IPPROTO_UDP, 0, NULL, 0);
	lns_test_expect_drop(dp_encap(mk(in, len - 1, 128), &sess, 1, 0),
		    DP_DROP_BAD_INNER_IPV4);
	lns_test_expect_drop(dp_encap(mk(in, 19, 128), &sess, 1, 0),
		    DP_DROP_BAD_INNER_IPV4);
	ip->total_length = rte_cpu_to_be_16(19);
	lns_test_expect_drop(dp_encap(mk(in, len, 128), &sess, 1, 0),
		    DP_DROP_BAD_INNER_IPV4);
	len = inner4(in, 40, 64, IPPROTO_UDP, 0, NULL, 0);
	ip->hdr_checksum ^= 1;
	lns_test_expect_drop(dp_encap(mk(in, len, 128), &sess, 1, 0),
		    DP_DROP_INNER_CKSUM);
	assert_untouched(128, len);
	/* The NIC verified it (here: says so): not checked again. */
	mk(in, len, 128)->ol_flags = RTE_MBUF_F_RX_IP_CKSUM_GOOD;
	assert_int_equal(dp_encap(&mb, &sess, 1, 0).kind, DP_VERDICT_OK);
}

/* A two-segment packet: the first n octets, then the rest + pad. */
static void
mk2(const uint8_t *pkt, uint16_t len, uint16_t n, uint16_t pad)
{
	mk(pkt, n, RTE_PKTMBUF_HEADROOM);
	memset(&mb2, 0, sizeof(mb2));
	mb2.buf_addr = buf2;
	mb2.buf_len = sizeof(buf2);
	mb2.nb_segs = 1;
	memcpy(buf2, pkt + n, len - n);
	memset(buf2 + len - n, 0, pad);
	mb2.data_len = len - n + pad;
	mb.next = &mb2;
	mb.nb_segs = 2;
	mb.pkt_len = len + pad;
}

static void
test_trailer(void **state)
{
	uint8_t in[128];
	uint16_t len;

	memset(in, 0, sizeof(in));
	/* Ethernet padding of a short frame is not tunnelled. */
	len = inner4(in, 28, 64, IPPROTO_UDP, 0, NULL, 0);
	assert_int_equal(dp_encap(mk(in, len + 18, RTE_PKTMBUF_HEADROOM),
				  &sess, 1, 0).kind, DP_VERDICT_OK);
	assert_int_equal(mb.pkt_len, 52 + 28);
	assert_int_equal(mb.data_len, 52 + 28);

	len = inner4(in, 100, 64, IPPROTO_UDP, 0, NULL, 0);
	mk2(in, len, 60, 4);
	assert_int_equal(dp_encap(&mb, &sess, 1, 0).kind, DP_VERDICT_OK);
	assert_int_equal(mb.pkt_len, 52 + 100);
	assert_int_equal(mb.data_len, 52 + 60);
	assert_int_equal(mb2.data_len, 40);
	/* Trailer longer than the last segment: would need a chain walk. */
	inner4(in, 96, 64, IPPROTO_UDP, 0, NULL, 0);
	mk2(in, 100, 98, 0);
	lns_test_expect_drop(dp_encap(&mb, &sess, 1, 0), DP_DROP_INNER_TRAILER);
	assert_int_equal(mb.pkt_len, 100);
	assert_int_equal(mb2.data_len, 2);
	assert_int_equal(mb.data_off, RTE_PKTMBUF_HEADROOM);
}

/* TCP header with flags, the options opt[0..olen) padded to 4. */
static uint16_t
tcp(uint8_t *t, uint8_t flags, const uint8_t *opt, uint16_t olen)
{
	uint16_t n = (uint16_t)(20 + ((olen + 3) & ~3));

	memset(t, 0, 60);
	t[1] = 80, t[3] = 99;
	memcpy(t + 20, opt, olen);
	t[12] = (uint8_t)((n / 4) << 4);
	t[13] = flags;
	return n;
}

static void
assert_tcp_cksum(const struct rte_ipv4_hdr *ip)
{
	uint8_t c[1500];
	uint16_t len = rte_be_to_cpu_16(ip->total_length);
	const struct rte_tcp_hdr *th = (const void *)(ip + 1);

	assert_int_equal(rte_ipv4_udptcp_cksum_verify(ip, th), 0);
	memcpy(c, ip, len);
	((struct rte_tcp_hdr *)(c + 20))->cksum = 0;
	assert_int_equal(th->cksum, rte_ipv4_udptcp_cksum(
		(struct rte_ipv4_hdr *)c, c + 20));
}

static void
test_mss_downstream(void **state)
{
	/* Linux SYN-ACK options: MSS, SACK-permitted, TS, NOP, WS. */
	static const uint8_t lin[] = { 2, 4, 0x05, 0xb4, 4, 2, 8, 10, 1, 2, 3,
				       4, 5, 6, 7, 8, 1, 3, 3, 7 };
	/* MSS after NOP (odd offset) and timestamps. */
	static const uint8_t odd[] = { 1, 8, 10, 1, 2, 3, 4, 5, 6, 7, 8, 2, 4,
				       0x23, 0x28 };
	const uint8_t *opts[] = { lin, odd };
	const uint16_t olen[] = { sizeof(lin), sizeof(odd) };
	const uint16_t at[] = { 22, 33 };
	uint8_t in[200], t[60];
	struct dp_verdict r;
	struct rte_ipv4_hdr *ip;
	uint16_t len, tl;
	unsigned int i;

	desc.mss = 1400;
	rebuild();
	for (i = 0; i < 2; i++) {
		tl = tcp(t, RTE_TCP_SYN_FLAG | RTE_TCP_ACK_FLAG, opts[i],
			 olen[i]);
		len = inner4(in, 20 + tl + 10, 64, IPPROTO_TCP, 0, t, tl);
		r = dp_encap(mk(in, len, 128), &sess, 7, 0);
		assert_int_equal(r.kind, DP_VERDICT_OK);
		assert_int_equal(r.flags, DP_VERDICT_F_MSS_CLAMPED);
		ip = rte_pktmbuf_mtod_offset(&mb, struct rte_ipv4_hdr *, 52);
		assert_int_equal(((uint8_t *)ip)[20 + at[i]] << 8 |
				 ((uint8_t *)ip)[21 + at[i]], 1400);
		assert_tcp_cksum(ip);
		lns_test_ipv4_cksum(ip);
	}
	/* Not a SYN; a later fragment; no clamp configured. */
	tl = tcp(t, RTE_TCP_ACK_FLAG, lin, sizeof(lin));
	len = inner4(in, 20 + tl, 64, IPPROTO_TCP, 0, t, tl);
	r = dp_encap(mk(in, len, 128), &sess, 7, 0);
	assert_int_equal(r.flags, 0);
	assert_memory_equal(buf + 128 + 20, in + 20, tl);
	tl = tcp(t, RTE_TCP_SYN_FLAG, lin, sizeof(lin));
	len = inner4(in, 20 + tl, 64, IPPROTO_TCP, 10, t, tl);
	r = dp_encap(mk(in, len, 128), &sess, 7, 0);
	assert_int_equal(r.flags, 0);
	assert_memory_equal(buf + 128 + 20, in + 20, tl);
	desc.mss = 0;
	rebuild();
	len = inner4(in, 20 + tl, 64, IPPROTO_TCP, 0, t, tl);
	r = dp_encap(mk(in, len, 128), &sess, 7, 0);
	assert_int_equal(r.flags, 0);
	assert_memory_equal(buf + 128 + 20, in + 20, tl);
}

/* dp_mss_clamp() on options that lie: never a byte changed. */
static void
test_mss_lies(void **state)
{
	static const struct {
		uint8_t opt[12];
		uint8_t olen;
		int doff;		/* data offset words, 0 = right */
		enum dp_mss_result want;
	} c[] = {
		{ { 2, 4, 0x05, 0xb4 }, 4, 4, DP_MSS_BAD_OPTIONS },
		{ { 2, 4, 0x05, 0xb4 }, 4, 15, DP_MSS_BAD_OPTIONS },
		{ { 2, 0, 0x05, 0xb4 }, 4, 0, DP_MSS_BAD_OPTIONS },
		{ { 2, 1, 0x05, 0xb4 }, 4, 0, DP_MSS_BAD_OPTIONS },
		{ { 2, 3, 0x05, 0xb4 }, 4, 0, DP_MSS_BAD_OPTIONS },
		{ { 2, 6, 0x05, 0xb4, 0, 0, 0, 0 }, 8, 0, DP_MSS_BAD_OPTIONS },
		{ { 8, 12, 0x05, 0xb4 }, 4, 0, DP_MSS_BAD_OPTIONS },
		{ { 1, 1, 1, 8 }, 4, 0, DP_MSS_BAD_OPTIONS },
		{ { 0, 0, 2, 4, 0x05, 0xb4 }, 8, 0, DP_MSS_UNTOUCHED },
		{ { 4, 2, 2, 4, 0x01, 0x00 }, 8, 0, DP_MSS_UNTOUCHED },
		{ { 4, 2, 1, 1 }, 4, 0, DP_MSS_UNTOUCHED },
		{ { 4, 2, 2, 4, 0x05, 0xb4 }, 8, 0, DP_MSS_CLAMPED },
	};
	uint8_t t[60], before[60];
	struct rte_tcp_hdr *th = (struct rte_tcp_hdr *)t;
	uint16_t tl;
	unsigned int i;

	for (i = 0; i < RTE_DIM(c); i++) {
		tl = tcp(t, RTE_TCP_SYN_FLAG, c[i].opt, c[i].olen);
		if (c[i].doff)
			t[12] = (uint8_t)(c[i].doff << 4);
		memcpy(before, t, sizeof(t));
		assert_int_equal(dp_mss_clamp(th, tl, 1400), c[i].want);
		if (c[i].want != DP_MSS_CLAMPED)
			assert_memory_equal(t, before, sizeof(t));
	}
	/* Fewer than 20 octets of TCP in the buffer. */
	tl = tcp(t, RTE_TCP_SYN_FLAG, c[0].opt, 4);
	assert_int_equal(dp_mss_clamp(th, 19, 1400), DP_MSS_BAD_OPTIONS);
	assert_int_equal(dp_mss_clamp(th, tl - 1, 1400), DP_MSS_BAD_OPTIONS);
}

/* Inner IPv6, 2001:db8::1 -> 2001:db8:1:2::33, TCP checksum set. */
static uint16_t
inner6(uint8_t *b, uint16_t plen, uint8_t hops, uint8_t proto,
       const uint8_t *l4, uint16_t l4len)
{
	struct rte_ipv6_hdr *h = (struct rte_ipv6_hdr *)b;

	memset(b, 0x5a, 40 + plen);
	memset(h, 0, 40);
	h->vtc_flow = rte_cpu_to_be_32(6u << 28);
	h->payload_len = rte_cpu_to_be_16(plen);
	h->proto = proto;
	h->hop_limits = hops;
	h->src_addr[0] = h->dst_addr[0] = 0x20;
	h->src_addr[1] = h->dst_addr[1] = 0x01;
	h->src_addr[15] = 1;
	h->dst_addr[5] = 1, h->dst_addr[7] = 2, h->dst_addr[15] = 0x33;
	if (l4 != NULL)
		memcpy(h + 1, l4, l4len);
	if (proto == IPPROTO_TCP) {
		struct rte_tcp_hdr *th = (struct rte_tcp_hdr *)(h + 1);

		th->cksum = 0;
		th->cksum = rte_ipv6_udptcp_cksum(h, th);
	}
	return 40 + plen;
}

static void
test_encap6(void **state)
{
	static const uint8_t mss[] = { 1, 2, 4, 0x05, 0xb4 };
	uint8_t in[1600], h[64], t[60], c[200];
	struct rte_ipv6_hdr *h6;
	struct dp_verdict r;
	uint16_t len, n, tl;

	len = inner6(in, 60, 64, IPPROTO_UDP, NULL, 0);
	lns_test_expect_drop(dp_encap6(mk(in, len, 128), &sess, 1, 0),
		    DP_DROP_IPV6_NOT_NEGOTIATED);
	assert_untouched(128, len);
	desc.flags = DP_SESS_F_IPV6 | DP_SESS_F_SEQ;
	rebuild();
	r = dp_encap6(mk(in, len, 128), &sess, 0x0a0b, 3);
	assert_int_equal(r.kind, DP_VERDICT_OK);
	n = outer(h, 0, 1, 3, 0x0a0b, len);
	h[n - 1] = 0x57;			/* PPP protocol: IPv6 */
	assert_memory_equal(rte_pktmbuf_mtod(&mb, uint8_t *), h, n);
	assert_int_equal(mb.pkt_len, n + len);
	assert_int_equal(mb.l3_len, 20);
	h6 = rte_pktmbuf_mtod_offset(&mb, struct rte_ipv6_hdr *, n);
	assert_int_equal(h6->hop_limits, 63);
	assert_memory_equal(&h6->src_addr, in + 8, len - 8);

	len = inner6(in, 60, 1, IPPROTO_UDP, NULL, 0);
	lns_test_expect_punt(dp_encap6(mk(in, len, 128), &sess, 1, 0),
		    DP_PUNT_TTL_EXPIRED);
	assert_untouched(128, len);
	len = inner6(in, 1492 - 40, 64, IPPROTO_UDP, NULL, 0);
	assert_int_equal(dp_encap6(mk(in, len, 128), &sess, 1, 0).kind,
			 DP_VERDICT_OK);
	len = inner6(in, 1492 - 39, 64, IPPROTO_UDP, NULL, 0);
	r = dp_encap6(mk(in, len, 128), &sess, 1, 0);
	lns_test_expect_punt(r, DP_PUNT_FRAG_NEEDED);	/* Packet Too Big */
	assert_int_equal(r.mtu, 1492);
	assert_untouched(128, len);

	len = inner6(in, 60, 64, IPPROTO_UDP, NULL, 0);
	lns_test_expect_drop(dp_encap6(mk(in, len, 55), &sess, 1, 0),
		    DP_DROP_NO_HEADROOM);
	lns_test_expect_drop(dp_encap6(mk(in, len - 1, 128), &sess, 1, 0),
		    DP_DROP_BAD_INNER_IPV6);
	lns_test_expect_drop(dp_encap6(mk(in, 39, 128), &sess, 1, 0),
		    DP_DROP_BAD_INNER_IPV6);
	in[0] = 0x45;
	lns_test_expect_drop(dp_encap6(mk(in, len, 128), &sess, 1, 0),
		    DP_DROP_BAD_INNER_IPV6);

	desc.mss = 1400;
	rebuild();
	tl = tcp(t, RTE_TCP_SYN_FLAG, mss, sizeof(mss));
	len = inner6(in, tl, 64, IPPROTO_TCP, t, tl);
	r = dp_encap6(mk(in, len, 128), &sess, 1, 0);
	assert_int_equal(r.flags, DP_VERDICT_F_MSS_CLAMPED);
	h6 = rte_pktmbuf_mtod_offset(&mb, struct rte_ipv6_hdr *, 56);
	assert_int_equal(((uint8_t *)(h6 + 1))[23] << 8 |
			 ((uint8_t *)(h6 + 1))[24], 1400);
	assert_int_equal(rte_ipv6_udptcp_cksum_verify(h6, h6 + 1), 0);
	memcpy(c, h6, len);
	((struct rte_tcp_hdr *)(c + 40))->cksum = 0;
	assert_int_equal(((struct rte_tcp_hdr *)(h6 + 1))->cksum,
		rte_ipv6_udptcp_cksum((struct rte_ipv6_hdr *)c, c + 40));
}

static void
test_session_build(void **state)
{
	desc.nb_routes = DP_SESS_MAX_ROUTES + 1;
	assert_int_equal(dp_session_build(&sess, &desc), -EINVAL);
	desc.nb_routes = 1;
	desc.routes[0].len = 33;
	assert_int_equal(dp_session_build(&sess, &desc), -EINVAL);
	desc.routes[0].len = 24;
	desc.mru = 500;
	assert_int_equal(dp_session_build(&sess, &desc), -EINVAL);
	desc.mru = 1492;
	/* Host bits of a route prefix are ignored. */
	desc.routes[0].prefix = rte_cpu_to_be_32(LNS_IPV4(10, 1, 2, 77));
	rebuild();
	assert_true(dp_session_src_ok(&sess, rte_cpu_to_be_32(SUB_IP)));
	assert_true(dp_session_src_ok(&sess,
		rte_cpu_to_be_32(LNS_IPV4(10, 1, 2, 200))));
	assert_false(dp_session_src_ok(&sess,
		rte_cpu_to_be_32(LNS_IPV4(10, 1, 3, 1))));
	assert_false(dp_session_src_ok(&sess, rte_cpu_to_be_32(SUB_IP + 1)));
	desc.routes[0].len = 0;			/* a default route */
	rebuild();
	assert_true(dp_session_src_ok(&sess, 12345));
	/* Template sizes: plain, VLAN, sequenced, both. */
	assert_int_equal(sess.down.len, 52);
	assert_int_equal(dp_down_l2_len(&sess.down), 14);
	assert_int_equal(dp_down_ns_off(&sess.down), 0);
	assert_int_equal(sess.down.flags, 0);
	desc.vlan = 7;
	desc.flags = DP_SESS_F_SEQ | DP_SESS_F_IPV6;
	rebuild();
	assert_int_equal(sess.down.len, 60);
	assert_int_equal(dp_down_l2_len(&sess.down), 18);
	assert_int_equal(dp_down_ns_off(&sess.down), 18 + 20 + 8 + 6);
	/* Line 1 carries all downstream reads: copies of line 0's. */
	assert_int_equal(sess.down.flags,
			 DP_DOWN_F_VLAN | DP_DOWN_F_SEQ | DP_DOWN_F_IPV6);
	assert_int_equal(sess.down.session_index, sess.session_index);
	assert_int_equal(sess.down.mss, sess.mss);
	assert_int_equal(sess.down.port, desc.access_port);
	assert_int_equal(sess.peer_udp_port, rte_cpu_to_be_16(50000));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_template_exact, setup),
		cmocka_unit_test_setup(test_outer_cksum_sweep, setup),
		cmocka_unit_test_setup(test_ttl, setup),
		cmocka_unit_test_setup(test_mru_df, setup),
		cmocka_unit_test_setup(test_headroom_and_bad_inner, setup),
		cmocka_unit_test_setup(test_trailer, setup),
		cmocka_unit_test_setup(test_mss_downstream, setup),
		cmocka_unit_test_setup(test_mss_lies, setup),
		cmocka_unit_test_setup(test_encap6, setup),
		cmocka_unit_test_setup(test_session_build, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
