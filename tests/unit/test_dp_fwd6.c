/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The IPv6 fast path with a real EAL (dp_fwd_harness.h): upstream through
 * dp_fwd_up_burst() (anti-spoofing against the /64 and the routes6 a
 * MODIFY adds, punts, drops, the IPv6 next hop), downstream through
 * dp_fwd_down6_burst() (the IPv6 FIB and its changes, our own addresses,
 * hop limit, Packet Too Big, MSS clamp), and the per-session counters of
 * both. Every case ends with the mbuf pool back to zero in use.
 */
#include <rte_tcp.h>

#include "lns_ipv4.h"
#include "dp_fwd_harness.h"
#include "dp_table6.h"

static uint8_t in[2048], fr[4096], got[4096];

/* SA's /64 is prefix6_a (2001:db8:1:1::/64); its delegated prefix: */
static const uint8_t pd56[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x00, 0xff };
static const uint8_t dst6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff,
				  [15] = 1 };		/* a core host */
static const uint8_t ll[16] = { 0xfe, 0x80, [15] = 9 };

/* prefix (8 or 16 octets given: plen) with the host part h. */
static void
addr6(uint8_t *a, const uint8_t *prefix, unsigned int plen, uint8_t h)
{
	memset(a, 0, 16);
	memcpy(a, prefix, plen);
	a[15] = h;
	a[7] |= (uint8_t)(plen == 16 ? 0x12 : 0);	/* a /64 inside the /56 */
}

/* One punted frame of several waiting. */
static struct rte_mbuf *
h_punt1_any(void)
{
	void *o = NULL;

	assert_int_equal(rte_ring_dequeue(H.punt, &o), 0);
	return o;
}

static struct lns_test_up
up6_of(int s)
{
	struct lns_test_up u = { .tid = H.sd[s].local_tid,
				 .sid = H.sd[s].local_sid,
				 .proto = LNS_PPP_PROTO_IPV6 };

	return u;
}

/* SA with routes6 = the delegated /56 and an IA_NA /128 (nr of them). */
static void
sa_routes6(unsigned int nr)
{
	struct dp_session_desc d = H.sd[SA];

	d.nb_routes6 = (uint8_t)nr;
	memcpy(d.routes6[0].prefix, pd56, 16);
	d.routes6[0].len = 56;
	addr6(d.routes6[1].prefix, dst6, 8, 0x77);	/* any /128 */
	d.routes6[1].prefix[4] = 0x0a;
	d.routes6[1].len = 128;
	assert_int_equal(dp_table_apply(H.table, DP_TABLE_MODIFY, &d), 0);
	dp_table_quiescent(H.table, rte_lcore_id());
	dp_table_reclaim(H.table);
}

/* o: the inner IPv6 in[0..ilen) rewritten towards the IPv6 next hop. */
static void
check_up6(struct rte_mbuf *o, uint16_t ilen)
{
	uint16_t l2 = port_table[P_CORE].vlan ? 18 : 14;

	assert_int_equal(rte_pktmbuf_pkt_len(o), l2 + ilen);
	h_read(o, 0, l2 + ilen, got);
	assert_memory_equal(got, H.nh6_mac.addr_bytes, 6);
	assert_memory_equal(got + 6, H.core_mac.addr_bytes, 6);
	assert_int_equal(got[l2 - 2] << 8 | got[l2 - 1], RTE_ETHER_TYPE_IPV6);
	assert_memory_equal(got + l2, in, 7);
	assert_int_equal(got[l2 + 7], in[7] - 1);		/* hop limit */
	assert_memory_equal(got + l2 + 8, in + 8, ilen - 8);
	rte_pktmbuf_free(o);
}

static void
up_ok(const struct in6 *p)
{
	struct lns_test_up u = up6_of(SA);
	uint16_t ilen = h_inner6x(in, p);
	struct rte_mbuf *m = h_up_mbuf(&u, in, ilen);

	h_up(&m, 1);
	check_up6(h_out1(P_CORE), ilen);
}

static void
up_drop6(const struct in6 *p, enum dp_drop_reason r, const char *what)
{
	struct lns_test_up u = up6_of(SA);
	uint16_t ilen = h_inner6x(in, p);

	h_expect_drop(h_up_mbuf(&u, in, ilen), 0, r, what);
}

/* One punt of reason r, the frame as received, SA's session metadata. */
static void
up_punt6(const struct in6 *p, enum dp_punt_reason r, const char *what)
{
	struct lns_test_up u = up6_of(SA);
	uint16_t ilen = h_inner6x(in, p), len;
	uint64_t before = H.st.punt[r], drops = h_drops();
	struct rte_mbuf *m, *o;

	len = h_build_up(fr, &u, in, ilen, NULL);
	m = h_up_mbuf(&u, in, ilen);
	h_up(&m, 1);
	print_message("# punt %s\n", what);
	assert_int_equal(H.st.punt[r], before + 1);
	assert_int_equal(h_drops(), drops);
	assert_int_equal(h_out_count(P_CORE), 0);
	o = h_punt1();
	assert_int_equal(dp_punt_meta(o)->reason, r);
	assert_false(dp_punt_meta(o)->down);
	assert_int_equal(dp_punt_meta(o)->session_index, SA);
	assert_int_equal(dp_punt_meta(o)->ppp_proto, LNS_PPP_PROTO_IPV6);
	assert_int_equal(dp_punt_meta(o)->inner_len, ilen);
	assert_int_equal(rte_pktmbuf_pkt_len(o), len);
	h_read(o, 0, len, got);
	assert_memory_equal(got, fr, len);
	rte_pktmbuf_free(o);
}

/* Sources: the /64, a host in the delegated /56 once MODIFY added it. */
static void
test_up6_sources(void **state)
{
	uint8_t s[16], pd[16], ia[16], bad[16];
	struct in6 p = { .dst = dst6, .hops = 64 };

	addr6(s, prefix6_a, 8, 5);
	addr6(pd, pd56, 16, 9);
	addr6(bad, pd56, 16, 9);
	bad[5] = 0x01;				/* 2001:db8:101::/56 */
	p.src = s;
	up_ok(&p);
	p.src = pd;
	up_drop6(&p, DP_DROP_SPOOFED_INNER, "delegated prefix not yet");
	sa_routes6(2);				/* DHCPv6 came after IPv6CP */
	up_ok(&p);
	p.src = s;
	up_ok(&p);				/* the /64 still */
	addr6(ia, dst6, 8, 0x77);
	ia[4] = 0x0a;
	p.src = ia;
	up_ok(&p);				/* the IA_NA /128 */
	ia[15]++;
	up_drop6(&p, DP_DROP_SPOOFED_INNER, "next to the /128");
	p.src = bad;
	up_drop6(&p, DP_DROP_SPOOFED_INNER, "outside the /56");
	sa_routes6(0);				/* released */
	p.src = pd;
	up_drop6(&p, DP_DROP_SPOOFED_INNER, "delegated prefix released");
	assert_int_equal(H.ctr[SA].up_pkts, 4);
	assert_int_equal(H.ctr[SA].up_bytes, 4 * 56);
	assert_int_equal(H.st.fwd_up_pkts, 4);
	h_finish();
}

/* What a subscriber may not send, and what goes to the control lcore. */
static void
test_up6_punts_drops(void **state)
{
	static const uint8_t rs_dst[16] = { 0xff, 0x02, [15] = 2 };
	static const uint8_t dhcp_dst[16] = { 0xff, 0x02, [11] = 1, [13] = 2 };
	uint8_t s[16];
	struct in6 p = { .src = ll, .dst = rs_dst, .hops = 255,
			 .proto = IPPROTO_ICMPV6, .icmp_type = 133 };

	addr6(s, prefix6_a, 8, 5);
	up_punt6(&p, DP_PUNT_IPV6_LINK_LOCAL, "RS to ff02::2");
	p.icmp_type = 135;
	up_punt6(&p, DP_PUNT_IPV6_LINK_LOCAL, "NS");
	p.icmp_type = 134;
	up_drop6(&p, DP_DROP_SUB_RA, "RA from a subscriber");
	p.src = s;
	p.dst = dst6;
	up_drop6(&p, DP_DROP_SUB_RA, "RA from a global source");
	p = (struct in6){ .src = ll, .dst = dhcp_dst, .hops = 1,
			  .udp_src = 546 };
	up_punt6(&p, DP_PUNT_IPV6_LINK_LOCAL, "DHCPv6 Solicit");
	p.udp_src = 547;
	up_drop6(&p, DP_DROP_SUB_DHCP6_SERVER, "DHCPv6 Advertise from a subscriber");
	p = (struct in6){ .src = s, .dst = dst6, .hops = 1 };
	up_punt6(&p, DP_PUNT_TTL_EXPIRED, "hop limit 1");
	p.hops = 0;
	up_punt6(&p, DP_PUNT_TTL_EXPIRED, "hop limit 0");
	/* Spoofed and hop limit 1: dropped, never answered. */
	addr6(s, pd56, 16, 1);
	p.hops = 1;
	up_drop6(&p, DP_DROP_SPOOFED_INNER, "spoofed, hop limit 1");
	assert_int_equal(H.st.fwd_up_pkts, 0);
	assert_int_equal(H.ctr[SA].up_pkts, 0);
	h_finish();
}

/*
 * IPv6 control punts are metered per worker: a subscriber (or the core)
 * flooding RS or ND gets DP_PUNT6_BURST through, then its rate; the rest
 * is a counted drop. Here a 3-packet burst and a frozen clock.
 */
static void
test_punt6_limit(void **state)
{
	static const uint8_t rs_dst[16] = { 0xff, 0x02, [15] = 2 };
	struct rte_meter_srtcm_params pp = { .cir = 1000, .cbs = 3 };
	struct rte_meter_srtcm_profile prof;
	struct in6 p = { .src = ll, .dst = rs_dst, .hops = 255,
			 .proto = IPPROTO_ICMPV6, .icmp_type = 133 };
	struct lns_test_up u = up6_of(SA);
	struct lns_test_up u4 = { .tid = 1, .sid = 1 };
	struct in4 p4 = { .src = SUB_IP(SA), .plen = 20, .ttl = 1 };
	struct rte_meter_srtcm_profile real;
	struct rte_mbuf *m;
	unsigned int i;
	uint16_t ilen;

	assert_int_equal(dp_fwd_punt6_profile(&real), 0);	/* lnsd's */
	assert_int_equal(rte_meter_srtcm_profile_config(&prof, &pp), 0);
	assert_int_equal(rte_meter_srtcm_config(&H.ctx.punt6, &prof), 0);
	H.ctx.punt6_prof = &prof;
	H.ctx.now = rte_get_tsc_cycles();
	ilen = h_inner6x(in, &p);
	for (i = 0; i < 5; i++) {
		m = h_up_mbuf(&u, in, ilen);
		h_up(&m, 1);
	}
	assert_int_equal(H.st.punt[DP_PUNT_IPV6_LINK_LOCAL], 3);
	assert_int_equal(H.st.drop[DP_DROP_PUNT6_LIMIT], 2);
	assert_int_equal(rte_ring_count(H.punt), 3);
	for (i = 0; i < 3; i++)
		rte_pktmbuf_free(h_punt1_any());
	/* Other punts are not metered: IPv4 TTL 1 still goes. */
	ilen = h_inner4(in, &p4);
	m = h_up_mbuf(&u4, in, ilen);
	h_up(&m, 1);
	assert_int_equal(H.st.punt[DP_PUNT_TTL_EXPIRED], 1);
	rte_pktmbuf_free(h_punt1());
	/* Time refills the bucket: 1000/s, 3 ms later three more. */
	H.ctx.now += rte_get_tsc_hz() / 1000 * 3;
	p.src = ll;
	ilen = h_inner6x(in, &p);
	for (i = 0; i < 4; i++) {
		m = h_up_mbuf(&u, in, ilen);
		h_up(&m, 1);
	}
	assert_int_equal(H.st.punt[DP_PUNT_IPV6_LINK_LOCAL], 6);
	assert_int_equal(H.st.drop[DP_DROP_PUNT6_LIMIT], 3);
	for (i = 0; i < 3; i++)
		rte_pktmbuf_free(h_punt1_any());
	H.ctx.punt6_prof = NULL;
	h_finish();
}

/* Each family needs its own next hop, and only its own. */
static void
test_up6_nexthop(void **state)
{
	struct lns_test_up u4 = { .tid = 1, .sid = 1 };
	struct in4 p4 = { .src = SUB_IP(SA), .plen = 20 };
	uint8_t s[16];
	struct in6 p = { .src = s, .dst = dst6, .hops = 64 };
	struct rte_mbuf *m;
	uint16_t ilen;

	addr6(s, prefix6_a, 8, 5);
	dp_nexthop6_set(P_CORE, NULL);
	up_drop6(&p, DP_DROP_NO_NEXTHOP6, "IPv6 next hop unresolved");
	p.src = ll;
	p.proto = IPPROTO_ICMPV6;
	p.icmp_type = 133;
	up_punt6(&p, DP_PUNT_IPV6_LINK_LOCAL, "RS, next hop unresolved");
	ilen = h_inner4(in, &p4);			/* IPv4 still goes */
	m = h_up_mbuf(&u4, in, ilen);
	h_up(&m, 1);
	assert_int_equal(h_out_count(P_CORE), 1);
	dp_nexthop6_set(P_CORE, &H.nh6_mac);
	dp_nexthop_set(P_CORE, NULL);
	m = h_up_mbuf(&u4, in, ilen);
	h_expect_drop(m, 0, DP_DROP_NO_NEXTHOP, "IPv4 next hop unresolved");
	p = (struct in6){ .src = s, .dst = dst6, .hops = 64 };
	up_ok(&p);					/* IPv6 still goes */
	dp_nexthop_set(P_CORE, &H.nh_mac);
	h_finish();
}

/* TCP MSS clamp upstream: only when TCP follows the fixed header. */
static void
test_up6_mss(void **state)
{
	uint8_t s[16];
	struct in6 p = { .src = s, .dst = dst6, .hops = 64,
			 .proto = IPPROTO_TCP, .plen = 24, .syn_mss = 1440 };
	struct lns_test_up u = up6_of(SA);
	const struct rte_ipv6_hdr *h;
	struct rte_mbuf *m, *o;
	uint16_t ilen;

	addr6(s, prefix6_a, 8, 5);
	ilen = h_inner6x(in, &p);
	m = h_up_mbuf(&u, in, ilen);
	h_up(&m, 1);
	o = h_out1(P_CORE);
	h_read(o, 0, 18 + ilen, got);
	h = (const struct rte_ipv6_hdr *)(got + 18);
	assert_int_equal(got[18 + 40 + 22] << 8 | got[18 + 40 + 23], 1360);
	assert_int_equal(rte_ipv6_udptcp_cksum_verify(h, h + 1), 0);
	rte_pktmbuf_free(o);
	assert_int_equal(H.st.mss_clamped, 1);
	/* Below the clamp: untouched. */
	p.syn_mss = 1200;
	up_ok(&p);
	assert_int_equal(H.st.mss_clamped, 1);
	h_finish();
}

/* A downstream IPv6 frame to dst, hop limit hops, plen octets after it. */
static struct rte_mbuf *
down6_mbuf(const uint8_t *dst, uint8_t hops, uint16_t plen, uint16_t *ilen)
{
	struct in6 p = { .src = dst6, .dst = dst, .hops = hops, .plen = plen };

	*ilen = h_inner6x(in, &p);
	return h_down_mbuf(in, *ilen, 0);
}

/* o: SA's encapsulation of the inner IPv6 in[0..ilen). */
static void
check_down6(struct rte_mbuf *o, uint16_t ilen)
{
	const uint16_t tl = 14 + 20 + 8 + 6 + 4;

	assert_int_equal(rte_pktmbuf_pkt_len(o), tl + ilen);
	h_read(o, 0, tl + ilen, got);
	assert_memory_equal(got, H.peer_mac.addr_bytes, 6);
	assert_int_equal(got[12] << 8 | got[13], RTE_ETHER_TYPE_IPV4);
	assert_true(h_ip_ok(got + 14));
	assert_int_equal(got[14 + 20 + 8 + 2] << 8 | got[14 + 20 + 8 + 3],
			 70 + SA);				/* peer tid */
	assert_int_equal(got[tl - 4], 0xff);
	assert_int_equal(got[tl - 3], 0x03);
	assert_int_equal(got[tl - 2] << 8 | got[tl - 1], LNS_PPP_PROTO_IPV6);
	assert_memory_equal(got + tl, in, 7);
	assert_int_equal(got[tl + 7], in[7] - 1);
	assert_memory_equal(got + tl + 8, in + 8, ilen - 8);
	rte_pktmbuf_free(o);
}

static void
down_ok(const uint8_t *dst)
{
	uint16_t ilen;
	struct rte_mbuf *m = down6_mbuf(dst, 64, 16, &ilen);

	h_down6(&m, 1);
	check_down6(h_out1(P_ACC), ilen);
}

/* One downstream punt of reason r (mtu), SA's, the frame as received. */
static void
down_punt6(struct rte_mbuf *m, enum dp_punt_reason r, uint16_t mtu,
	   uint32_t sess, const char *what)
{
	uint64_t before = H.st.punt[r], drops = h_drops();
	uint32_t len = rte_pktmbuf_pkt_len(m);
	struct rte_mbuf *o;

	h_read(m, 0, len, fr);
	h_down6(&m, 1);
	print_message("# punt %s\n", what);
	assert_int_equal(H.st.punt[r], before + 1);
	assert_int_equal(h_drops(), drops);
	assert_int_equal(h_out_count(P_ACC), 0);
	o = h_punt1();
	assert_ptr_equal(o, m);
	assert_int_equal(dp_punt_meta(o)->reason, r);
	assert_true(dp_punt_meta(o)->down);
	assert_int_equal(dp_punt_meta(o)->mtu, mtu);
	assert_int_equal(dp_punt_meta(o)->session_index, sess);
	assert_int_equal(dp_punt_meta(o)->ppp_proto, LNS_PPP_PROTO_IPV6);
	assert_int_equal(rte_pktmbuf_pkt_len(o), len);
	h_read(o, 0, len, got);
	assert_memory_equal(got, fr, len);
	rte_pktmbuf_free(o);
}

/* The FIB6: the /64, routes6 added and removed by MODIFY, DELETE. */
static void
test_down6_fib(void **state)
{
	uint8_t a[16], pd[16], none[16];
	struct rte_mbuf *m;
	uint16_t ilen;

	addr6(a, prefix6_a, 8, 5);
	addr6(pd, pd56, 16, 9);
	addr6(none, prefix6_a, 8, 5);
	none[7] ^= 1;				/* the next /64 */
	down_ok(a);
	h_expect_drop(down6_mbuf(pd, 64, 16, &ilen), 1, DP_DROP_NO_ROUTE6,
		      "delegated prefix not yet");
	h_expect_drop(down6_mbuf(none, 64, 16, &ilen), 1, DP_DROP_NO_ROUTE6,
		      "next /64");
	sa_routes6(2);
	down_ok(pd);
	down_ok(a);
	assert_int_equal(H.table->stats.fib6_err, 0);
	sa_routes6(0);
	h_expect_drop(down6_mbuf(pd, 64, 16, &ilen), 1, DP_DROP_NO_ROUTE6,
		      "delegated prefix released");
	down_ok(a);
	assert_int_equal(H.ctr[SA].down_pkts, 4);
	assert_int_equal(H.ctr[SA].down_bytes, 4 * 56);
	assert_int_equal(H.st.fwd_down_pkts, 4);
	/* SD has no IPv6: its zero /64 is in no FIB. */
	memset(none, 0, sizeof(none));
	h_expect_drop(down6_mbuf(none, 64, 16, &ilen), 1, DP_DROP_NO_ROUTE6,
		      "::");
	/* DELETE takes the /64 and the routes out. */
	sa_routes6(1);
	assert_int_equal(dp_table_delete_index(H.table, SA), 0);
	h_expect_drop(down6_mbuf(a, 64, 16, &ilen), 1, DP_DROP_NO_ROUTE6,
		      "deleted /64");
	h_expect_drop(down6_mbuf(pd, 64, 16, &ilen), 1, DP_DROP_NO_ROUTE6,
		      "deleted /56");
	/* Re-added without the route: only the /64. */
	assert_int_equal(dp_table_apply(H.table, DP_TABLE_ADD, &H.sd[SA]), 0);
	down_ok(a);
	m = down6_mbuf(pd, 64, 16, &ilen);
	h_expect_drop(m, 1, DP_DROP_NO_ROUTE6, "re-added without it");
	h_finish();
}

/* Hop limit, Packet Too Big (never fragmented), our own addresses. */
static void
test_down6_punts(void **state)
{
	uint8_t a[16];
	uint16_t ilen;

	addr6(a, prefix6_a, 8, 5);
	down_punt6(down6_mbuf(a, 1, 16, &ilen), DP_PUNT_TTL_EXPIRED, 0, SA,
		   "hop limit 1");
	down_punt6(down6_mbuf(a, 64, 1500 - 40 + 1, &ilen),
		   DP_PUNT_FRAG_NEEDED, 1500, SA, "1501 > MRU 1500");
	port_table[P_CORE].vlan = 0;
	down_punt6(down6_mbuf(a, 64, 1500 - 40 + 1, &ilen),
		   DP_PUNT_FRAG_NEEDED, 1500, SA, "untagged, 1501 > MRU");
	down_ok(a);
	assert_int_equal(h_out_count(P_ACC), 0);
	/* 1500 exactly fits. */
	{
		struct rte_mbuf *m = down6_mbuf(a, 64, 1460, &ilen);

		h_down6(&m, 1);
		check_down6(h_out1(P_ACC), ilen);
	}
	/* Our address inside SA's /64: punted, never sent to SA. */
	{
		uint8_t ours[2][16];

		memcpy(ours[0], a, 16);
		memcpy(ours[1], a, 16);
		ours[1][15] = 0x77;
		assert_int_equal(dp_table6_local_set(H.table, P_CORE,
			(const uint8_t (*)[16])ours, 2), 0);
		down_punt6(down6_mbuf(a, 64, 16, &ilen), DP_PUNT_IPV6_LOCAL, 0,
			   UINT32_MAX, "our address");
		down_punt6(down6_mbuf(ours[1], 64, 16, &ilen),
			   DP_PUNT_IPV6_LOCAL, 0, UINT32_MAX, "our other one");
		/* The access port has one of them too; core keeps the other. */
		assert_int_equal(dp_table6_local_set(H.table, P_ACC,
			(const uint8_t (*)[16])ours, 1), 0);
		assert_int_equal(dp_table6_local_set(H.table, P_CORE,
			(const uint8_t (*)[16])&ours[1], 1), 0);
		down_punt6(down6_mbuf(a, 64, 16, &ilen), DP_PUNT_IPV6_LOCAL, 0,
			   UINT32_MAX, "still the access port's");
		assert_int_equal(dp_table6_local_set(H.table, P_ACC, NULL, 0),
				 0);
		down_ok(a);			/* nobody's: SA's again */
		down_punt6(down6_mbuf(ours[1], 64, 16, &ilen),
			   DP_PUNT_IPV6_LOCAL, 0, UINT32_MAX, "kept");
		assert_int_equal(dp_table6_local_set(H.table, P_CORE, NULL, 0),
				 0);
		down_ok(ours[1]);
		assert_int_equal(dp_table6_local_set(H.table, CFG_MAX_PORTS,
			NULL, 0), -EINVAL);
	}
	assert_int_equal(H.st.frag_pkts, 0);
	assert_int_equal(H.ctr[SA].down_pkts, 4);
	h_finish();
}

static void
test_down6_mss(void **state)
{
	uint8_t a[16];
	struct in6 p = { .src = dst6, .dst = a, .hops = 64,
			 .proto = IPPROTO_TCP, .plen = 24, .syn_mss = 1460 };
	const uint16_t tl = 14 + 20 + 8 + 6 + 4;
	const struct rte_ipv6_hdr *h;
	struct rte_mbuf *m, *o;
	uint16_t ilen;

	addr6(a, prefix6_a, 8, 5);
	ilen = h_inner6x(in, &p);
	m = h_down_mbuf(in, ilen, 0);
	h_down6(&m, 1);
	o = h_out1(P_ACC);
	h_read(o, 0, tl + ilen, got);
	h = (const struct rte_ipv6_hdr *)(got + tl);
	assert_int_equal(h->hop_limits, 63);
	assert_int_equal(got[tl + 40 + 22] << 8 | got[tl + 40 + 23], 1360);
	assert_int_equal(rte_ipv6_udptcp_cksum_verify(h, h + 1), 0);
	rte_pktmbuf_free(o);
	assert_int_equal(H.st.mss_clamped, 1);
	h_finish();
}

/* One burst, both families' sessions, hits and misses, in order. */
static void
test_down6_bulk(void **state)
{
	struct rte_mbuf *m[DP_FWD_BURST], *o[DP_FWD_BURST];
	uint8_t a[16];
	unsigned int i, n, miss = 0;
	uint16_t ilen;

	sa_routes6(2);
	for (i = 0; i < DP_FWD_BURST; i++) {
		if (i % 3 == 0)
			addr6(a, prefix6_a, 8, (uint8_t)i);
		else if (i % 3 == 1)
			addr6(a, pd56, 16, (uint8_t)i);
		else {
			addr6(a, dst6, 8, (uint8_t)i);	/* no route */
			miss++;
		}
		m[i] = down6_mbuf(a, 64, (uint16_t)(16 + i), &ilen);
	}
	h_down6(m, DP_FWD_BURST);
	n = h_out(P_ACC, o, DP_FWD_BURST);
	assert_int_equal(n, DP_FWD_BURST - miss);
	for (i = 0; i < n; i++)		/* in order: payload lengths grow */
		assert_true(i == 0 || rte_pktmbuf_pkt_len(o[i]) >
				       rte_pktmbuf_pkt_len(o[i - 1]));
	rte_pktmbuf_free_bulk(o, n);
	assert_int_equal(H.st.drop[DP_DROP_NO_ROUTE6], miss);
	assert_int_equal(H.ctr[SA].down_pkts, DP_FWD_BURST - miss);
	assert_int_equal(H.st.fwd_down_pkts, DP_FWD_BURST - miss);
	h_finish();
}

#define T(f) cmocka_unit_test_setup_teardown(f, h_setup_tight, h_teardown)
#define TH(f) { #f "/wide", f, h_setup_wide, h_teardown, NULL }

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_up6_sources),
		T(test_up6_punts_drops),
		T(test_up6_nexthop),
		T(test_punt6_limit),
		T(test_up6_mss),
		T(test_down6_fib),
		T(test_down6_punts),
		T(test_down6_mss),
		T(test_down6_bulk),
		TH(test_up6_sources),
		TH(test_down6_fib),
	};

	return h_main("test_dp_fwd6", tests, RTE_DIM(tests));
}
