/* SPDX-License-Identifier: BSD-3-Clause
 *
 * dataplane/dp_fwd.c upstream, with a real EAL: crafted L2TP frames go
 * through dp_fwd_up_burst() (the worker's burst layer: bulk lookup,
 * last-session cache, checks, rewrite, buffered TX on a net_ring port);
 * what leaves is dequeued from the core port's TX ring and checked byte by
 * byte. Every drop reason upstream, every punt, the mixed-session burst on
 * both ID limits (tight, lnsd's defaults). Every case ends with
 * the mbuf pool back to zero in use (leaks fail).
 */
#include <rte_tcp.h>

#include "lns_ipv4.h"
#include "dp_fwd_harness.h"
#include "dp_seq.h"
#include "dp_worker.h"

static uint8_t in[2048], fr[4096], got[4096];

static uint16_t
in4(uint32_t src, uint16_t plen, uint16_t id)
{
	struct in4 p = { .src = src, .plen = plen, .id = id };

	return h_inner4(in, &p);
}

/* An upstream frame of the session (tid, sid). */
static struct lns_test_up
upf_of(int s)
{
	struct lns_test_up u = { .tid = H.sd[s].local_tid, .sid = H.sd[s].local_sid };

	return u;
}

/* o is the rewritten in[0..ilen) towards the core: check and free it. */
static void
check_up_out(struct rte_mbuf *o, const uint8_t *inner, uint16_t ilen, int v6)
{
	uint16_t vlan = port_table[P_CORE].vlan, l2 = vlan ? 18 : 14;
	uint16_t type = v6 ? RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4;

	assert_int_equal(rte_pktmbuf_pkt_len(o), l2 + ilen);	/* padding cut */
	assert_int_equal(o->l2_len, l2);
	h_read(o, 0, l2 + ilen, got);
	/* Each family has its own next hop (dp_nexthop6_set()). */
	assert_memory_equal(got, v6 ? H.nh6_mac.addr_bytes :
			    H.nh_mac.addr_bytes, 6);
	assert_memory_equal(got + 6, H.core_mac.addr_bytes, 6);
	if (vlan != 0) {
		assert_int_equal(got[12] << 8 | got[13], RTE_ETHER_TYPE_VLAN);
		assert_int_equal((got[14] << 8 | got[15]) & 0xfff, vlan);
	}
	assert_int_equal(got[l2 - 2] << 8 | got[l2 - 1], type);
	if (v6) {
		assert_memory_equal(got + l2, inner, 7);
		assert_int_equal(got[l2 + 7], inner[7] - 1);	/* hop limit */
		assert_memory_equal(got + l2 + 8, inner + 8, ilen - 8);
	} else {
		assert_memory_equal(got + l2, inner, 8);
		assert_int_equal(got[l2 + 8], inner[8] - 1);	/* TTL */
		assert_int_equal(got[l2 + 9], inner[9]);
		assert_true(h_ip_ok(got + l2));
		assert_memory_equal(got + l2 + 12, inner + 12, ilen - 12);
	}
	rte_pktmbuf_free(o);
}

/* Every L2TP/PPP header variant of RFC 2661 §3.1 / RFC 1661 §6.5, §6.6. */
static void
test_up_variants(void **state)
{
	static const struct lns_test_up v[] = {
		{ 0 },
		{ .lbit = 1 },
		{ .sbit = 1 },
		{ .obit = 1, .pad = 0 },
		{ .obit = 1, .pad = 3 },
		{ .no_acf = 1 },
		{ .pfc = 1 },
		{ .no_acf = 1, .pfc = 1 },
		{ .lbit = 1, .sbit = 1, .obit = 1, .pad = 5, .pfc = 1 },
		{ .trailer = 22 },			/* Ethernet padding */
		{ .lbit = 1, .trailer = 9 },
	};
	uint64_t bytes = 0;
	unsigned int i;

	for (i = 0; i < RTE_DIM(v); i++) {
		struct lns_test_up u = v[i];
		uint16_t ilen = in4(SUB_IP(SA), (uint16_t)(8 + i), (uint16_t)i);
		struct rte_mbuf *m;

		u.tid = 1;
		u.sid = 1;
		m = h_up_mbuf(&u, in, ilen);
		h_up(&m, 1);
		print_message("# variant %u\n", i);
		check_up_out(h_out1(P_CORE), in, ilen, 0);
		bytes += ilen;
	}
	assert_int_equal(H.ctr[SA].up_pkts, RTE_DIM(v));
	assert_int_equal(H.ctr[SA].up_bytes, bytes);
	assert_int_equal(H.ctr[SB].up_pkts, 0);
	assert_int_equal(H.st.fwd_up_pkts, RTE_DIM(v));
	assert_int_equal(H.st.tx_pkts, RTE_DIM(v));
	assert_int_equal(h_drops() + h_punts(), 0);
	h_finish();
}

/* Core port untagged; a Framed-Route source; other sessions. */
static void
test_up_untagged_framed(void **state)
{
	struct lns_test_up u = upf_of(SA);
	struct rte_mbuf *m;
	uint16_t ilen;

	port_table[P_CORE].vlan = 0;
	ilen = in4(FRAMED_IP, 100, 1);
	m = h_up_mbuf(&u, in, ilen);
	h_up(&m, 1);
	check_up_out(h_out1(P_CORE), in, ilen, 0);
	u = upf_of(SD);
	ilen = in4(SUB_IP(SD), 1000, 2);
	m = h_up_mbuf(&u, in, ilen);
	h_up(&m, 1);
	check_up_out(h_out1(P_CORE), in, ilen, 0);
	assert_int_equal(H.ctr[SA].up_pkts, 1);
	assert_int_equal(H.ctr[SA].up_bytes, 120);
	assert_int_equal(H.ctr[SD].up_pkts, 1);
	assert_int_equal(H.ctr[SD].up_bytes, 1020);
	assert_int_equal(H.st.fwd_up_pkts, 2);
	h_finish();
}

static const uint8_t dst6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, 0, 0,
				  0, 0, 0, 0, 0, 0, 0, 1 };

static void
src6(uint8_t *a, const uint8_t *prefix)
{
	memset(a, 0, 16);
	memcpy(a, prefix, 8);
	a[15] = 5;
}

static void
test_up_ipv6(void **state)
{
	struct lns_test_up u = upf_of(SA);
	struct rte_mbuf *m;
	uint8_t s[16];
	uint16_t ilen;

	u.proto = LNS_PPP_PROTO_IPV6;
	src6(s, prefix6_a);
	ilen = h_inner6(in, s, dst6, 64);
	m = h_up_mbuf(&u, in, ilen);
	h_up(&m, 1);
	check_up_out(h_out1(P_CORE), in, ilen, 1);
	/* PFC: 0x57 in one octet. */
	u.pfc = 1;
	m = h_up_mbuf(&u, in, ilen);
	h_up(&m, 1);
	check_up_out(h_out1(P_CORE), in, ilen, 1);
	assert_int_equal(H.ctr[SA].up_pkts, 2);
	assert_int_equal(H.ctr[SA].up_bytes, 2 * 56);
	assert_int_equal(H.st.fwd_up_pkts, 2);
	h_finish();
}

/* One frame in, one counted drop of reason r, nothing out, mbuf freed. */
static void
up_drop_m(struct rte_mbuf *m, enum dp_drop_reason r, const char *what)
{
	h_expect_drop(m, 0, r, what);
}

static void
up_drop(const struct lns_test_up *u, uint16_t ilen, enum dp_drop_reason r,
	const char *what)
{
	up_drop_m(h_up_mbuf(u, in, ilen), r, what);
}

static void
test_up_drops_session(void **state)
{
	struct lns_test_up u;
	uint16_t ilen = in4(SUB_IP(SA), 30, 1);
	uint8_t s[16];
	struct rte_ipv4_hdr *ih = (struct rte_ipv4_hdr *)in;

	u = upf_of(SA);
	u.tid = 9;
	u.sid = 9;
	up_drop(&u, ilen, DP_DROP_L2TP_NO_SESSION, "unknown tunnel");
	u.tid = 1;
	u.sid = 3;
	up_drop(&u, ilen, DP_DROP_L2TP_NO_SESSION, "unknown session");
	u.tid = 300;	/* beyond max_tunnels (tight) / no array (wide) */
	up_drop(&u, ilen, DP_DROP_L2TP_NO_SESSION, "tid out of range");

	u = upf_of(SA);
	u.src_ip = LNS_IPV4(203, 0, 113, 8);
	up_drop(&u, ilen, DP_DROP_SPOOFED_OUTER, "outer source address");
	u = upf_of(SA);
	u.src_port = PEER_PORT + 1;
	up_drop(&u, ilen, DP_DROP_SPOOFED_OUTER, "outer source port");

	u = upf_of(SA);
	ilen = in4(LNS_IPV4(10, 2, 0, 1), 30, 1);
	up_drop(&u, ilen, DP_DROP_SPOOFED_INNER, "outside the Framed-Route");
	ilen = in4(SUB_IP(SB), 30, 1);
	up_drop(&u, ilen, DP_DROP_SPOOFED_INNER, "another subscriber's /32");
	u = upf_of(SB);
	ilen = in4(FRAMED_IP, 30, 1);
	up_drop(&u, ilen, DP_DROP_SPOOFED_INNER, "another's Framed-Route");

	u = upf_of(SA);
	ilen = in4(SUB_IP(SA), 30, 1);
	ih->version_ihl = 0x65;
	up_drop(&u, ilen, DP_DROP_BAD_INNER_IPV4, "inner version 6");
	in4(SUB_IP(SA), 30, 1);
	ih->version_ihl = 0x44;
	up_drop(&u, ilen, DP_DROP_BAD_INNER_IPV4, "inner IHL 4");
	in4(SUB_IP(SA), 30, 1);
	ih->total_length = rte_cpu_to_be_16(51);
	ih->hdr_checksum = 0;
	ih->hdr_checksum = rte_ipv4_cksum(ih);
	up_drop(&u, ilen, DP_DROP_BAD_INNER_IPV4, "inner length > message");
	up_drop(&u, 10, DP_DROP_BAD_INNER_IPV4, "10 octets of inner");
	/* The L2TP Length (not the UDP length) ends the message. */
	ilen = in4(SUB_IP(SA), 30, 1);
	u.lbit = 1;
	u.l2tp_len_delta = -5;
	up_drop(&u, ilen, DP_DROP_BAD_INNER_IPV4, "L2TP Length cuts inner");
	u = upf_of(SA);
	in4(SUB_IP(SA), 30, 1);
	ih->hdr_checksum ^= 0x0100;
	up_drop(&u, ilen, DP_DROP_INNER_CKSUM, "inner checksum");

	/* IPv6 */
	u = upf_of(SD);
	u.proto = LNS_PPP_PROTO_IPV6;
	src6(s, prefix6_a);
	ilen = h_inner6(in, s, dst6, 64);
	up_drop(&u, ilen, DP_DROP_IPV6_NOT_NEGOTIATED, "IPv6 without IPv6CP");
	u = upf_of(SA);
	u.proto = LNS_PPP_PROTO_IPV6;
	in[0] = 0x40;
	up_drop(&u, ilen, DP_DROP_BAD_INNER_IPV6, "IPv6 version 4");
	ilen = h_inner6(in, s, dst6, 64);
	in[5] = 17;	/* payload length 17 > 16 */
	up_drop(&u, ilen, DP_DROP_BAD_INNER_IPV6, "IPv6 payload length");
	up_drop(&u, 39, DP_DROP_BAD_INNER_IPV6, "39 octets of IPv6");
	s[7] ^= 1;
	ilen = h_inner6(in, s, dst6, 64);
	up_drop(&u, ilen, DP_DROP_SPOOFED_INNER, "IPv6 outside the /64");
	h_finish();
}

/*
 * MODIFY reaches the copy in the upstream slot that IPv4 packets are
 * checked against (dp_table.h): a new peer port (the LAC answering from
 * another port) and a new subscriber address take effect at once, the
 * old ones are refused, the counters stay the session's.
 */
static void
test_up_modify(void **state)
{
	struct dp_session_desc d = H.sd[SA];
	struct lns_test_up u = upf_of(SA);
	uint16_t ilen = in4(SUB_IP(SA), 30, 1);
	struct rte_mbuf *m;

	m = h_up_mbuf(&u, in, ilen);
	h_up(&m, 1);
	check_up_out(h_out1(P_CORE), in, ilen, 0);
	d.peer_udp_port = PEER_PORT + 7;
	assert_int_equal(dp_table_apply(H.table, DP_TABLE_MODIFY, &d), 0);
	up_drop(&u, ilen, DP_DROP_SPOOFED_OUTER, "the old peer port");
	u.src_port = PEER_PORT + 7;
	m = h_up_mbuf(&u, in, ilen);
	h_up(&m, 1);
	check_up_out(h_out1(P_CORE), in, ilen, 0);
	assert_int_equal(H.ctr[SA].up_pkts, 2);
	assert_int_equal(H.st.drop[DP_DROP_SPOOFED_OUTER], 1);
	/* And back: the first port is the peer's again. */
	d.peer_udp_port = PEER_PORT;
	assert_int_equal(dp_table_apply(H.table, DP_TABLE_MODIFY, &d), 0);
	up_drop(&u, ilen, DP_DROP_SPOOFED_OUTER, "the second port");
	u.src_port = 0;
	m = h_up_mbuf(&u, in, ilen);
	h_up(&m, 1);
	check_up_out(h_out1(P_CORE), in, ilen, 0);
	assert_int_equal(H.ctr[SA].up_pkts, 3);
	assert_int_equal(H.st.drop[DP_DROP_SPOOFED_OUTER], 2);
	/* A new address: the old one is a spoofed source now. */
	d.sub_ip = rte_cpu_to_be_32(LNS_IPV4(100, 64, 9, 9));
	assert_int_equal(dp_table_apply(H.table, DP_TABLE_MODIFY, &d), 0);
	up_drop(&u, ilen, DP_DROP_SPOOFED_INNER, "the old address");
	ilen = in4(LNS_IPV4(100, 64, 9, 9), 30, 1);
	m = h_up_mbuf(&u, in, ilen);
	h_up(&m, 1);
	check_up_out(h_out1(P_CORE), in, ilen, 0);
	assert_int_equal(H.ctr[SA].up_pkts, 4);
	assert_int_equal(H.st.drop[DP_DROP_SPOOFED_INNER], 1);
	dp_table_reclaim(H.table);
	h_finish();
}

/* Each L2TP/PPP layer cut by the UDP (or L2TP) length. */
static void
test_up_drops_truncated(void **state)
{
	static const struct {
		struct lns_test_up u;
		int keep;	/* L2TP octets the UDP length leaves */
		const char *what;
	} t[] = {
		{ { 0 }, 1, "flags/version" },
		{ { .lbit = 1 }, 3, "Length" },
		{ { 0 }, 5, "tunnel/session ID" },
		{ { .sbit = 1 }, 9, "Ns/Nr" },
		{ { .obit = 1 }, 7, "Offset Size" },
		{ { .obit = 1, .pad = 4 }, 9, "offset padding" },
		{ { 0 }, 7, "PPP address/control" },
		{ { 0 }, 8, "PPP protocol after FF 03" },
		{ { 0 }, 9, "PPP 2-octet protocol" },
		{ { .no_acf = 1 }, 7, "PPP protocol, no FF 03" },
	};
	struct lns_test_up u;
	uint16_t ilen = in4(SUB_IP(SA), 30, 1), len, ioff;
	unsigned int i;

	for (i = 0; i < RTE_DIM(t); i++) {
		u = t[i].u;
		u.tid = 1;
		u.sid = 1;
		len = h_build_up(fr, &u, in, ilen, &ioff);
		/* UDP length = 8 + keep; the IP length still covers it all. */
		u.udp_len_delta = t[i].keep - (len - 42);
		up_drop(&u, ilen, DP_DROP_TRUNC_L2TP, t[i].what);
	}
	/* The L2TP Length beyond the UDP datagram. */
	u = upf_of(SA);
	u.lbit = 1;
	u.l2tp_len_delta = 1;
	up_drop(&u, ilen, DP_DROP_TRUNC_L2TP, "L2TP Length > UDP");
	/* Offset Size pointing past the message. */
	u = upf_of(SA);
	u.obit = 1;
	u.pad = 2;
	len = h_build_up(fr, &u, in, ilen, &ioff);
	fr[42 + 6] = 0x10;		/* Offset Size 4096 */
	{
		struct rte_mbuf *m = h_mbuf(fr, len);

		m->l2_len = 14;
		m->l3_len = 20;
		up_drop_m(m, DP_DROP_TRUNC_L2TP, "Offset Size 4096");
	}
	/* UDP */
	u = upf_of(SA);
	len = h_build_up(fr, &u, in, ilen, &ioff);
	u.udp_len_delta = -(int)(len - 42) - 1;	/* 7 */
	up_drop(&u, ilen, DP_DROP_TRUNC_UDP, "UDP length 7");
	u.udp_len_delta = 1;
	up_drop(&u, ilen, DP_DROP_TRUNC_UDP, "UDP length > IP");
	{
		struct rte_mbuf *m = h_mbuf(fr, 14 + 20 + 7);

		m->l2_len = 14;
		m->l3_len = 20;
		up_drop_m(m, DP_DROP_TRUNC_UDP, "7 octets of UDP header");
	}
	/* Version */
	u = upf_of(SA);
	u.ver = 3;
	up_drop(&u, ilen, DP_DROP_L2TP_VERSION, "L2TPv3");
	u.ver = 1;
	up_drop(&u, ilen, DP_DROP_L2TP_VERSION, "L2F");
	h_finish();
}

/* PPP padding past the inner IPv4 length that spans segments. */
static void
test_up_multiseg(void **state)
{
	struct lns_test_up u = upf_of(SA);
	struct rte_mbuf *m;
	uint16_t ilen = in4(SUB_IP(SA), 20, 3), len;

	memset(in + ilen, 0x55, 15);		/* 15 octets of PPP padding */
	len = h_build_up(fr, &u, in, (uint16_t)(ilen + 15), NULL);
	/* Trailer in the last segment: cut, forwarded. */
	m = h_mbuf2(fr, len, len - 15);
	m->l2_len = 14;
	m->l3_len = 20;
	h_up(&m, 1);
	check_up_out(h_out1(P_CORE), in, ilen, 0);
	assert_int_equal(H.ctr[SA].up_bytes, ilen);
	/* Trailer over two segments: inner_trailer_multiseg. */
	m = h_mbuf2(fr, len, len - 5);
	m->l2_len = 14;
	m->l3_len = 20;
	up_drop_m(m, DP_DROP_INNER_TRAILER, "trailer over two segments");
	assert_int_equal(H.ctr[SA].up_pkts, 1);
	h_finish();
}

/* Next hop, core port, table: each missing. */
static void
test_up_no_nexthop(void **state)
{
	struct rte_mbuf *m[3];
	struct lns_test_up u = upf_of(SA), x = upf_of(SA);
	const struct dp_table *t = H.ctx.table;
	uint16_t ilen = in4(SUB_IP(SA), 30, 1);

	x.sid = 7;
	dp_nexthop_set(P_CORE, NULL);
	m[0] = h_up_mbuf(&u, in, ilen);
	m[1] = h_up_mbuf(&x, in, ilen);
	m[2] = h_up_mbuf(&u, in, ilen);
	h_up(m, 3);
	assert_int_equal(H.st.drop[DP_DROP_NO_NEXTHOP], 2);
	assert_int_equal(H.st.drop[DP_DROP_L2TP_NO_SESSION], 1);
	assert_int_equal(h_out_count(P_CORE), 0);
	assert_int_equal(rte_mempool_in_use_count(H.mp), H.base_mp);
	dp_nexthop_set(P_CORE, &H.nh_mac);
	H.ctx.core_port = -1;
	m[0] = h_up_mbuf(&u, in, ilen);
	up_drop_m(m[0], DP_DROP_NO_NEXTHOP, "no core port");
	H.ctx.core_port = P_CORE;
	H.ctx.table = NULL;
	m[0] = h_up_mbuf(&u, in, ilen);
	up_drop_m(m[0], DP_DROP_L2TP_NO_SESSION, "no table");
	H.ctx.table = t;
	/* Published again: forwarded. */
	m[0] = h_up_mbuf(&u, in, ilen);
	h_up(m, 1);
	check_up_out(h_out1(P_CORE), in, ilen, 0);
	assert_int_equal(H.ctr[SA].up_pkts, 1);
	assert_int_equal(H.st.drop[DP_DROP_NO_NEXTHOP], 3);
	h_finish();
}

/* A TX queue that takes 3 frames of 5: 2 counted as tx_queue_full. */
static void
test_up_tx_full(void **state)
{
	struct rte_mbuf *m[5], *o[8];
	struct lns_test_up u = upf_of(SA);
	uint16_t ilen = in4(SUB_IP(SA), 30, 1);
	unsigned int i;

	port_table[P_CORE].port_id = H.small_port;
	for (i = 0; i < 5; i++)
		m[i] = h_up_mbuf(&u, in, ilen);
	h_up(m, 5);
	assert_int_equal(h_out(P_CORE, o, 8), 3);
	rte_pktmbuf_free_bulk(o, 3);
	assert_int_equal(H.st.drop[DP_DROP_TX_FULL], 2);
	assert_int_equal(H.st.tx_pkts, 3);
	assert_int_equal(H.st.fwd_up_pkts, 5);
	port_table[P_CORE].port_id = H.port_id[P_CORE];
	h_finish();
}

/* Punt of a frame built in fr[0..len): frame as received, tag. */
static void
up_punt(uint16_t len, enum dp_punt_reason r, const char *what)
{
	struct rte_mbuf *m = h_mbuf(fr, len), *p;
	uint64_t before = H.st.punt[r], drops = h_drops();

	m->l2_len = 14;
	m->l3_len = 20;
	m->port = H.port_id[P_ACC];
	h_up(&m, 1);
	print_message("# punt %s\n", what);
	assert_int_equal(H.st.punt[r], before + 1);
	assert_int_equal(h_drops(), drops);
	assert_int_equal(h_out_count(P_CORE), 0);
	p = h_punt1();
	assert_ptr_equal(p, m);
	assert_int_equal(dp_punt_meta(p)->reason, r);
	assert_false(dp_punt_meta(p)->down);
	assert_int_equal(dp_punt_meta(p)->mtu, 0);
	if (r == DP_PUNT_TTL_EXPIRED) {
		/* The session and where its packet is, for the ICMP error. */
		assert_true(dp_punt_meta(p)->session_index < NSESS);
		assert_int_equal(dp_punt_meta(p)->local_tid,
				 H.sd[dp_punt_meta(p)->session_index].local_tid);
		assert_true(dp_punt_meta(p)->inner_off >= 14 + 20 + 8 + 6 + 2);
		assert_true(dp_punt_meta(p)->inner_len >= 20);
	}
	assert_int_equal(p->l2_len, 14);
	assert_int_equal(p->l3_len, 20);
	assert_int_equal(p->port, H.port_id[P_ACC]);
	assert_int_equal(rte_pktmbuf_pkt_len(p), len);
	h_read(p, 0, len, got);
	assert_memory_equal(got, fr, len);
	rte_pktmbuf_free(p);
}

static void
test_up_punts(void **state)
{
	struct lns_test_up u = upf_of(SA);
	struct in4 p = { .src = SUB_IP(SA), .plen = 30, .ttl = 1 };
	uint8_t s[16], ll[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
				  0, 0, 0, 0, 0, 0, 0, 9 };
	uint16_t ilen = h_inner4(in, &p);

	up_punt(h_build_up(fr, &u, in, ilen, NULL), DP_PUNT_TTL_EXPIRED,
		"TTL 1");
	ilen = h_inner4(in, &p);
	((struct rte_ipv4_hdr *)in)->time_to_live = 0;	/* 0 means 64 above */
	((struct rte_ipv4_hdr *)in)->hdr_checksum = 0;
	((struct rte_ipv4_hdr *)in)->hdr_checksum =
		rte_ipv4_cksum((struct rte_ipv4_hdr *)in);
	up_punt(h_build_up(fr, &u, in, ilen, NULL), DP_PUNT_TTL_EXPIRED,
		"TTL 0");
	u.trailer = 12;	/* padded: still the frame as received */
	up_punt(h_build_up(fr, &u, in, ilen, NULL), DP_PUNT_TTL_EXPIRED,
		"TTL 0, padded");
	u = upf_of(SA);
	u.proto = LNS_PPP_PROTO_IPV6;
	src6(s, prefix6_a);
	ilen = h_inner6(in, s, dst6, 1);
	up_punt(h_build_up(fr, &u, in, ilen, NULL), DP_PUNT_TTL_EXPIRED,
		"hop limit 1");
	ilen = h_inner6(in, ll, dst6, 64);
	up_punt(h_build_up(fr, &u, in, ilen, NULL), DP_PUNT_IPV6_LINK_LOCAL,
		"link-local source");
	ll[0] = 0xff;
	ll[1] = 0x02;
	ilen = h_inner6(in, s, ll, 64);
	up_punt(h_build_up(fr, &u, in, ilen, NULL), DP_PUNT_IPV6_LINK_LOCAL,
		"multicast destination");
	u = upf_of(SA);
	u.proto = 0xc021;
	up_punt(h_build_up(fr, &u, in, 8, NULL), DP_PUNT_PPP_CTRL, "LCP");
	u = upf_of(SA);
	u.t_bit = 1;
	up_punt(h_build_up(fr, &u, in, 8, NULL), DP_PUNT_L2TP_CTRL,
		"L2TP control");
	assert_int_equal(H.st.fwd_up_pkts, 0);
	assert_int_equal(H.ctr[SA].up_pkts, 0);
	h_finish();
}

/* The punt ring full: punt_ring_full, the frame freed. */
static void
test_up_punt_full(void **state)
{
	struct rte_ring *r = rte_ring_create("punt_small", 2,
					     (int)rte_socket_id(), 0);
	struct lns_test_up u = upf_of(SA);
	struct in4 p = { .src = SUB_IP(SA), .plen = 30, .ttl = 1 };
	struct rte_mbuf *m;
	void *o;
	static int dummy;

	assert_non_null(r);
	assert_int_equal(rte_ring_enqueue(r, &dummy), 0);	/* now full */
	H.ctx.punt = r;
	m = h_up_mbuf(&u, in, h_inner4(in, &p));
	h_up(&m, 1);
	H.ctx.punt = H.punt;
	assert_int_equal(H.st.drop[DP_DROP_PUNT_FULL], 1);
	assert_int_equal(H.st.punt[DP_PUNT_TTL_EXPIRED], 1);
	assert_int_equal(rte_ring_count(r), 1);
	assert_int_equal(rte_ring_dequeue(r, &o), 0);
	assert_ptr_equal(o, &dummy);
	rte_ring_free(r);
	assert_int_equal(rte_mempool_in_use_count(H.mp), H.base_mp);
	h_finish();
}

/* TCP SYN upstream: MSS 1460 -> 1360 with a valid checksum; 1200 kept. */
static void
test_up_mss(void **state)
{
	struct in4 p = { .src = SUB_IP(SA), .proto = IPPROTO_TCP, .plen = 24,
			 .syn_mss = 1460 };
	struct lns_test_up u = upf_of(SA);
	struct rte_mbuf *m, *o;
	struct rte_ipv4_hdr *ip;
	uint16_t ilen = h_inner4(in, &p);

	m = h_up_mbuf(&u, in, ilen);
	h_up(&m, 1);
	o = h_out1(P_CORE);
	ip = rte_pktmbuf_mtod_offset(o, struct rte_ipv4_hdr *, 18);
	assert_int_equal(((uint8_t *)ip)[20 + 22] << 8 |
			 ((uint8_t *)ip)[20 + 23], 1360);
	assert_int_equal(rte_ipv4_udptcp_cksum_verify(ip, ip + 1), 0);
	assert_true(h_ip_ok(ip));
	assert_int_equal(ip->time_to_live, 63);
	rte_pktmbuf_free(o);
	assert_int_equal(H.st.mss_clamped, 1);
	/* Below the clamp, and the session without mss: untouched. */
	p.syn_mss = 1200;
	ilen = h_inner4(in, &p);
	m = h_up_mbuf(&u, in, ilen);
	h_up(&m, 1);
	check_up_out(h_out1(P_CORE), in, ilen, 0);
	p.syn_mss = 1460;
	p.src = SUB_IP(SB);
	ilen = h_inner4(in, &p);
	u = upf_of(SB);
	m = h_up_mbuf(&u, in, ilen);
	h_up(&m, 1);
	check_up_out(h_out1(P_CORE), in, ilen, 0);
	assert_int_equal(H.st.mss_clamped, 1);
	assert_int_equal(H.st.mss_bad_options, 0);
	h_finish();
}

/*
 * One burst of 32: runs of one session, interleaved sessions and unknown
 * keys. Each packet is forwarded as its own session's (source address
 * and IP ID checked in order), unknowns dropped, counters exact.
 */
static void
test_up_bulk(void **state)
{
	static const int pat[32] = {
		SA, SA, SA, SB, SB, SC, SA, SB, SC, -1, SA, SA, SC, SC, SC, SB,
		-2, -3, SA, SB, SC, SA, SD, SD, -1, SD, SA, SB, SC, SD, SD, SA,
	};
	struct rte_mbuf *m[32], *o[64];
	uint64_t pk[NSESS] = { 0 }, by[NSESS] = { 0 };
	unsigned int i, n, k = 0, unknown = 0;

	for (i = 0; i < 32; i++) {
		struct lns_test_up u;
		uint16_t ilen;

		if (pat[i] >= 0) {
			u = upf_of(pat[i]);
			ilen = in4(SUB_IP(pat[i]), (uint16_t)(20 + i), (uint16_t)i);
			pk[pat[i]]++;
			by[pat[i]] += ilen;
		} else {
			u = upf_of(SA);
			u.tid = pat[i] == -1 ? 9 : pat[i] == -2 ? 1 : 2;
			u.sid = pat[i] == -1 ? 9 : 3;
			ilen = in4(SUB_IP(SA), 20, (uint16_t)i);
			unknown++;
		}
		m[i] = h_up_mbuf(&u, in, ilen);
	}
	h_up(m, 32);
	n = h_out(P_CORE, o, 64);
	assert_int_equal(n, 32 - unknown);
	for (i = 0; i < 32; i++) {
		const struct rte_ipv4_hdr *ip;

		if (pat[i] < 0)
			continue;
		ip = rte_pktmbuf_mtod_offset(o[k], const struct rte_ipv4_hdr *, 18);
		assert_int_equal(rte_be_to_cpu_16(ip->packet_id), i);
		assert_int_equal(rte_be_to_cpu_32(ip->src_addr), SUB_IP(pat[i]));
		assert_int_equal(rte_be_to_cpu_16(ip->total_length), 40 + i);
		assert_true(h_ip_ok(ip));
		k++;
	}
	rte_pktmbuf_free_bulk(o, n);
	for (i = 0; i < NSESS; i++) {
		assert_int_equal(H.ctr[i].up_pkts, pk[i]);
		assert_int_equal(H.ctr[i].up_bytes, by[i]);
		assert_int_equal(H.ctr[i].down_pkts, 0);
	}
	assert_int_equal(H.st.drop[DP_DROP_L2TP_NO_SESSION], unknown);
	assert_int_equal(h_drops(), unknown);
	assert_int_equal(H.st.fwd_up_pkts, 32 - unknown);
	h_finish();
}

/* The name table and the enum agree (what the reports print). */
static void
test_reason_names(void **state)
{
	assert_string_equal(dp_drop_name(DP_DROP_L2TP_NO_SESSION),
			    "l2tp_data_no_session");
	assert_string_equal(dp_drop_name(DP_DROP_NO_NEXTHOP),
			    "core_nexthop_unresolved");
	assert_string_equal(dp_drop_name(DP_DROP_PUNT_FULL), "punt_ring_full");
	assert_string_equal(dp_drop_name(DP_DROP_TX_FULL), "tx_queue_full");
	assert_string_equal(dp_drop_name(DP_DROP_FRAG_FAILED),
			    "fragmentation_failed");
}

/*
 * The same cases with lines 0 and 1 of every entry poisoned: upstream
 * IPv4 from the subscriber's own address forwards and counts from the
 * slot's copy alone (dp_sess_up.h): at 1M sessions it reads no line of
 * the entry.
 */
H_POISONED(test_up_variants, 2)
H_POISONED(test_up_mss, 2)
H_POISONED(test_up_bulk, 2)

#define T(f) cmocka_unit_test_setup_teardown(f, h_setup_tight, h_teardown)
#define TH(f) { #f "/wide", f, h_setup_wide, h_teardown, NULL }

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_up_variants),
		T(test_up_untagged_framed),
		T(test_up_ipv6),
		T(test_up_drops_session),
		T(test_up_modify),
		TH(test_up_modify),
		T(test_up_drops_truncated),
		T(test_up_multiseg),
		T(test_up_no_nexthop),
		T(test_up_tx_full),
		T(test_up_punts),
		T(test_up_punt_full),
		T(test_up_mss),
		T(test_up_bulk),
		TH(test_up_bulk),
		TH(test_up_drops_session),
		T(test_up_variants_poisoned),
		T(test_up_mss_poisoned),
		T(test_up_bulk_poisoned),
		TH(test_up_bulk_poisoned),
		cmocka_unit_test(test_reason_names),
	};

	return h_main("test_dp_fwd", tests, RTE_DIM(tests));
}
