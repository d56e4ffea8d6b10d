/* SPDX-License-Identifier: BSD-3-Clause
 *
 * dataplane/dp_fwd.c downstream, with a real EAL: IPv4 frames from the
 * core port go through dp_fwd_down_burst() (bulk FIB lookup, last-key
 * cache, encap behind the session template, Ns of sequenced sessions,
 * fragmentation with rte_ip_frag, punts) and what leaves on the access
 * port's net_ring TX ring is checked byte by byte. Every downstream drop
 * and punt; mixed-session bursts on both table kinds. Every case ends with
 * the mbuf pools back to zero in use (leaks fail).
 */
#include <rte_tcp.h>

#include "lns_ipv4.h"
#include "dp_fwd_harness.h"
#include "dp_seq.h"
#include "dp_worker.h"

static uint8_t in[2048], fr[4096], got[4096];

static uint16_t
in4(int s, uint32_t dst, uint16_t plen, uint16_t id)
{
	struct in4 p = { .src = DST_IP, .dst = dst ? dst : SUB_IP(s),
			 .plen = plen, .id = id };

	return h_inner4(in, &p);
}

static uint16_t
tmpl_len(int s)
{
	return (uint16_t)((H.sd[s].vlan ? 18 : 14) + 20 + 8 +
			  (H.sd[s].flags & DP_SESS_F_SEQ ? 10 : 6) + 4);
}

/*
 * o is session s's encapsulation of ilen octets of inner packet; the
 * inner header is compared with ih (TTL one lower, checksum valid), the
 * rest of it with rest (NULL: inner itself). ns < 0: no S bit.
 */
static void
check_tmpl(struct rte_mbuf *o, int s, const uint8_t *inner, uint16_t ilen,
	   int ns, uint16_t ip_id)
{
	uint16_t l2 = H.sd[s].vlan ? 18 : 14, tl = tmpl_len(s);
	const struct rte_ipv4_hdr *oip;
	const struct rte_udp_hdr *udp;
	const uint8_t *l, *p;

	assert_int_equal(rte_pktmbuf_pkt_len(o), tl + ilen);
	assert_int_equal(o->l2_len, l2);
	assert_int_equal(o->l3_len, 20);
	h_read(o, 0, tl + ilen, got);
	assert_memory_equal(got, H.peer_mac.addr_bytes, 6);
	assert_memory_equal(got + 6, H.acc_mac.addr_bytes, 6);
	if (l2 == 18) {
		assert_int_equal(got[12] << 8 | got[13], RTE_ETHER_TYPE_VLAN);
		assert_int_equal((got[14] << 8 | got[15]) & 0xfff, H.sd[s].vlan);
	}
	assert_int_equal(got[l2 - 2] << 8 | got[l2 - 1], RTE_ETHER_TYPE_IPV4);
	oip = (const struct rte_ipv4_hdr *)(got + l2);
	assert_int_equal(oip->version_ihl, 0x45);
	assert_int_equal(rte_be_to_cpu_16(oip->total_length), tl - l2 + ilen);
	assert_int_equal(rte_be_to_cpu_16(oip->packet_id), ip_id);
	assert_int_equal(oip->fragment_offset, 0);
	assert_int_equal(oip->time_to_live, 64);
	assert_int_equal(oip->next_proto_id, IPPROTO_UDP);
	assert_int_equal(oip->src_addr, rte_cpu_to_be_32(ACC_IP));
	assert_int_equal(oip->dst_addr, rte_cpu_to_be_32(PEER_IP));
	assert_true(h_ip_ok(oip));
	udp = (const struct rte_udp_hdr *)(oip + 1);
	assert_int_equal(rte_be_to_cpu_16(udp->src_port), 1701);
	assert_int_equal(rte_be_to_cpu_16(udp->dst_port), PEER_PORT);
	assert_int_equal(rte_be_to_cpu_16(udp->dgram_len), tl - l2 - 20 + ilen);
	assert_int_equal(udp->dgram_cksum, 0);
	l = (const uint8_t *)(udp + 1);
	assert_int_equal(l[0], ns >= 0 ? 0x08 : 0);	/* T=0, L=0, S */
	assert_int_equal(l[1], 2);
	assert_int_equal(l[2] << 8 | l[3], 70 + s);
	assert_int_equal(l[4] << 8 | l[5], 80 + s);
	p = l + 6;
	if (ns >= 0) {
		assert_int_equal(l[6] << 8 | l[7], ns);
		assert_int_equal(l[8] << 8 | l[9], 0);
		p += 4;
	}
	assert_int_equal(p[0], 0xff);
	assert_int_equal(p[1], 0x03);
	assert_int_equal(p[2], 0x00);
	assert_int_equal(p[3], 0x21);
	p += 4;
	assert_int_equal(p - got, tl);
	assert_true(h_ip_ok(p));
	if (inner != NULL) {
		assert_memory_equal(p, inner, 8);
		assert_int_equal(p[8], inner[8] - 1);
		assert_int_equal(p[9], inner[9]);
		assert_memory_equal(p + 12, inner + 12, ilen - 12);
	}
}

static void
test_down_basic(void **state)
{
	struct rte_mbuf *m[3], *o[8];
	uint8_t i1[64], i2[64];
	uint16_t l0, l1, l2;

	l0 = in4(SA, 0, 8, 1);			/* 28: padded to 64 */
	memcpy(i1, in, l0);
	m[0] = h_down_mbuf(in, l0, 64 - 18 - l0);
	l1 = in4(SA, FRAMED_IP, 30, 2);		/* Framed-Route */
	memcpy(i2, in, l1);
	m[1] = h_down_mbuf(in, l1, 0);
	l2 = in4(SD, 0, 1000, 3);
	m[2] = h_down_mbuf(in, l2, 0);
	h_down(m, 3);
	assert_int_equal(h_out(P_ACC, o, 8), 3);
	check_tmpl(o[0], SA, i1, l0, -1, 0x1000);
	check_tmpl(o[1], SA, i2, l1, -1, 0x1001);
	check_tmpl(o[2], SD, in, l2, -1, 0x1002);
	rte_pktmbuf_free_bulk(o, 3);
	assert_int_equal(H.ctr[SA].down_pkts, 2);
	assert_int_equal(H.ctr[SA].down_bytes, l0 + l1);
	assert_int_equal(H.ctr[SD].down_pkts, 1);
	assert_int_equal(H.ctr[SD].down_bytes, l2);
	assert_int_equal(H.ctr[SA].up_pkts, 0);
	assert_int_equal(H.st.fwd_down_pkts, 3);
	assert_int_equal(H.st.tx_pkts, 3);
	/* Untagged core port; the IDs go on. */
	port_table[P_CORE].vlan = 0;
	l0 = in4(SA, 0, 100, 4);
	m[0] = h_down_mbuf(in, l0, 0);
	assert_int_equal(m[0]->l2_len, 14);
	h_down(m, 1);
	o[0] = h_out1(P_ACC);
	check_tmpl(o[0], SA, in, l0, -1, 0x1003);
	rte_pktmbuf_free(o[0]);
	assert_int_equal(h_drops() + h_punts(), 0);
	h_finish();
}

/* 802.1Q towards the LAC (session vlan 200). */
static void
test_down_vlan(void **state)
{
	struct rte_mbuf *m, *o;
	uint16_t l = in4(SC, 0, 300, 1);

	m = h_down_mbuf(in, l, 0);
	h_down(&m, 1);
	o = h_out1(P_ACC);
	check_tmpl(o, SC, in, l, -1, 0x1000);
	rte_pktmbuf_free(o);
	assert_int_equal(H.ctr[SC].down_bytes, l);
	h_finish();
}

/* Sequenced session: Ns 0, 1, 2, ... across bursts, other sessions aside. */
static void
test_down_seq(void **state)
{
	struct rte_mbuf *m[4], *o[8];
	uint16_t l = 0;
	unsigned int i, n;
	int ns = 0;

	for (i = 0; i < 4; i++) {
		l = in4(i == 2 ? SA : SB, 0, 40, (uint16_t)i);
		m[i] = h_down_mbuf(in, l, 0);
	}
	h_down(m, 4);
	n = h_out(P_ACC, o, 8);
	assert_int_equal(n, 4);
	for (i = 0; i < 4; i++) {
		if (i == 2)
			check_tmpl(o[i], SA, NULL, l, -1, (uint16_t)(0x1000 + i));
		else
			check_tmpl(o[i], SB, NULL, l, ns++, (uint16_t)(0x1000 + i));
	}
	rte_pktmbuf_free_bulk(o, n);
	for (i = 0; i < 2; i++)
		m[i] = h_down_mbuf(in, in4(SB, 0, 40, 9), 0);
	h_down(m, 2);
	assert_int_equal(h_out(P_ACC, o, 8), 2);
	check_tmpl(o[0], SB, NULL, l, 3, 0x1004);
	check_tmpl(o[1], SB, NULL, l, 4, 0x1005);
	rte_pktmbuf_free_bulk(o, 2);
	/* Wrap-around of the 16-bit Ns. */
	dp_seq_set(SB, 0xffff);
	for (i = 0; i < 2; i++)
		m[i] = h_down_mbuf(in, in4(SB, 0, 40, 9), 0);
	h_down(m, 2);
	assert_int_equal(h_out(P_ACC, o, 8), 2);
	check_tmpl(o[0], SB, NULL, l, 0xffff, 0x1006);
	check_tmpl(o[1], SB, NULL, l, 0, 0x1007);
	rte_pktmbuf_free_bulk(o, 2);
	assert_int_equal(H.ctr[SB].down_pkts, 7);
	h_finish();
}

/* TCP SYN downstream: MSS 1460 -> 1360, TCP checksum still valid. */
static void
test_down_mss(void **state)
{
	struct in4 p = { .src = DST_IP, .dst = SUB_IP(SA), .proto = IPPROTO_TCP,
			 .plen = 24, .syn_mss = 1460 };
	struct rte_mbuf *m, *o;
	struct rte_ipv4_hdr *ip;
	uint16_t l = h_inner4(in, &p);

	m = h_down_mbuf(in, l, 0);
	h_down(&m, 1);
	o = h_out1(P_ACC);
	check_tmpl(o, SA, NULL, l, -1, 0x1000);
	ip = rte_pktmbuf_mtod_offset(o, struct rte_ipv4_hdr *, tmpl_len(SA));
	assert_int_equal(((uint8_t *)ip)[42] << 8 | ((uint8_t *)ip)[43], 1360);
	assert_int_equal(rte_ipv4_udptcp_cksum_verify(ip, ip + 1), 0);
	assert_int_equal(ip->time_to_live, 63);
	rte_pktmbuf_free(o);
	assert_int_equal(H.st.mss_clamped, 1);
	/* A session without mss: untouched. */
	p.dst = SUB_IP(SD);
	l = h_inner4(in, &p);
	m = h_down_mbuf(in, l, 0);
	h_down(&m, 1);
	o = h_out1(P_ACC);
	check_tmpl(o, SD, in, l, -1, 0x1001);
	rte_pktmbuf_free(o);
	assert_int_equal(H.st.mss_clamped, 1);
	h_finish();
}

/*
 * ilen octets of inner IPv4 to session s leave as fragments of at most
 * the session MRU: check each (template, Ns, inner checksum, offsets,
 * MF) and that the payload reassembles to the original (in[]).
 */
static unsigned int
check_frags(int s, uint16_t ilen, uint16_t id0, int ns0)
{
	struct rte_mbuf *o[64];
	static uint8_t re[2048];
	uint16_t mru = H.sd[s].mru ? H.sd[s].mru : 1500, tl = tmpl_len(s);
	const struct rte_ipv4_hdr *oh = (const struct rte_ipv4_hdr *)in;
	uint32_t next = 0;
	unsigned int n, j;

	n = h_out(P_ACC, o, 64);
	assert_true(n >= 2);
	memset(re, 0, sizeof(re));
	for (j = 0; j < n; j++) {
		uint32_t flen = rte_pktmbuf_pkt_len(o[j]) - tl, off;
		const struct rte_ipv4_hdr *ih;
		uint16_t fo;

		assert_true(flen <= mru);
		check_tmpl(o[j], s, NULL, (uint16_t)flen,
			   ns0 < 0 ? -1 : (int)((ns0 + j) & 0xffff),
			   (uint16_t)(id0 + j));
		ih = (const struct rte_ipv4_hdr *)(got + tl);	/* check_tmpl's copy */
		assert_int_equal(rte_be_to_cpu_16(ih->total_length), flen);
		assert_int_equal(ih->packet_id, oh->packet_id);
		assert_int_equal(ih->time_to_live, oh->time_to_live - 1);
		assert_int_equal(ih->src_addr, oh->src_addr);
		assert_int_equal(ih->dst_addr, oh->dst_addr);
		fo = rte_be_to_cpu_16(ih->fragment_offset);
		off = (uint32_t)(fo & RTE_IPV4_HDR_OFFSET_MASK) * 8;
		assert_int_equal(off, next);
		assert_int_equal(!!(fo & RTE_IPV4_HDR_MF_FLAG), j + 1 < n);
		assert_int_equal(fo & RTE_IPV4_HDR_DF_FLAG, 0);
		if (j + 1 < n)
			assert_int_equal((flen - 20) % 8, 0);
		memcpy(re + off, (const uint8_t *)ih + 20, flen - 20);
		next = off + flen - 20;
		/* Multi-segment output: the header mbuf + the payload. */
		assert_true(o[j]->nb_segs >= 2);
	}
	assert_int_equal(next, ilen - 20u);
	assert_memory_equal(re, in + 20, ilen - 20u);
	rte_pktmbuf_free_bulk(o, n);
	return n;
}

static void
test_down_frag(void **state)
{
	struct rte_mbuf *m;
	uint16_t l;

	/* 1500 to MRU 576, tagged access port: 552 + 552 + 376. */
	l = in4(SC, 0, 1480, 0x77);
	m = h_down_mbuf(in, l, 0);
	h_down(&m, 1);
	assert_int_equal(check_frags(SC, l, 0x1000, -1), 3);
	assert_int_equal(H.st.frag_pkts, 1);
	assert_int_equal(H.st.frag_out, 3);
	assert_int_equal(H.st.fwd_down_pkts, 1);
	assert_int_equal(H.ctr[SC].down_pkts, 1);	/* the original, once */
	assert_int_equal(H.ctr[SC].down_bytes, 1500);
	assert_int_equal(H.st.tx_pkts, 3);
	/* 1500 to MRU 1400, with Ethernet padding after it: 2 fragments. */
	l = in4(SD, 0, 1480, 0x78);
	m = h_down_mbuf(in, l, 6);
	h_down(&m, 1);
	assert_int_equal(check_frags(SD, l, 0x1003, -1), 2);
	/* 1600 to the sequenced session (MRU 1500): Ns on each fragment. */
	l = in4(SB, 0, 1580, 0x79);
	m = h_down_mbuf(in, l, 0);
	h_down(&m, 1);
	assert_int_equal(check_frags(SB, l, 0x1005, 0), 2);
	/* A two-segment input: the payload spans segments. */
	l = in4(SC, 0, 1480, 0x7a);
	{
		uint16_t len = h_build_down(fr, in, l, 0);

		m = h_mbuf2(fr, len, 18 + 700);
		m->l2_len = 18;
		m->l3_len = 20;
	}
	h_down(&m, 1);
	assert_int_equal(check_frags(SC, l, 0x1007, -1), 3);
	assert_int_equal(H.st.frag_pkts, 4);
	assert_int_equal(H.st.frag_out, 10);
	assert_int_equal(H.ctr[SC].down_pkts, 2);
	assert_int_equal(H.ctr[SC].down_bytes, 3000);
	assert_int_equal(H.ctr[SB].down_bytes, 1600);
	assert_int_equal(h_drops() + h_punts(), 0);
	h_finish();
}

/* A fragment (MF set, offset 800) longer than the MRU: refragmented. */
static void
test_down_frag_of_frag(void **state)
{
	struct rte_ipv4_hdr *ih = (struct rte_ipv4_hdr *)in;
	struct rte_mbuf *m, *o[8];
	uint16_t l = in4(SC, 0, 1480, 0x55), tl = tmpl_len(SC);
	uint32_t next = 800;
	unsigned int n, j;

	ih->fragment_offset = rte_cpu_to_be_16(RTE_IPV4_HDR_MF_FLAG | 100);
	ih->hdr_checksum = 0;
	ih->hdr_checksum = rte_ipv4_cksum(ih);
	m = h_down_mbuf(in, l, 0);
	h_down(&m, 1);
	n = h_out(P_ACC, o, 8);
	assert_int_equal(n, 3);
	for (j = 0; j < n; j++) {
		uint32_t flen = rte_pktmbuf_pkt_len(o[j]) - tl;
		const struct rte_ipv4_hdr *fh;
		uint16_t fo;

		check_tmpl(o[j], SC, NULL, (uint16_t)flen, -1,
			   (uint16_t)(0x1000 + j));
		fh = (const struct rte_ipv4_hdr *)(got + tl);
		fo = rte_be_to_cpu_16(fh->fragment_offset);
		assert_int_equal((fo & RTE_IPV4_HDR_OFFSET_MASK) * 8u, next);
		/* Every piece of a non-last fragment has MF (RFC 791). */
		assert_true(fo & RTE_IPV4_HDR_MF_FLAG);
		assert_memory_equal(got + tl + 20, in + 20 + (next - 800),
				    flen - 20);
		next += flen - 20;
	}
	assert_int_equal(next, 800 + 1480);
	rte_pktmbuf_free_bulk(o, n);
	assert_int_equal(H.st.frag_out, 3);
	h_finish();
}

/*
 * A TCP SYN longer than the MRU (DF clear) to a session with an MSS
 * clamp: the clamp happens before fragmenting (in the first fragment the
 * TCP header would sit in an indirect payload mbuf, out of dp_encap()'s
 * reach).
 */
static void
test_down_frag_syn_mss(void **state)
{
	struct in4 p = { .src = DST_IP, .dst = SUB_IP(SD), .proto = IPPROTO_TCP,
			 .plen = 1480, .syn_mss = 1460 };
	struct dp_session_desc d = H.sd[SD];
	struct rte_mbuf *m, *o[8];
	uint16_t l = h_inner4(in, &p), tl = tmpl_len(SD);
	uint8_t *tcp;
	unsigned int n;

	d.mss = 1360;
	assert_int_equal(dp_table_apply(H.table, DP_TABLE_MODIFY, &d), 0);
	m = h_down_mbuf(in, l, 0);
	h_down(&m, 1);
	n = h_out(P_ACC, o, 8);
	assert_int_equal(n, 2);
	h_read(o[0], 0, rte_pktmbuf_pkt_len(o[0]), got);
	tcp = got + tl + 20;
	assert_int_equal(tcp[13] & RTE_TCP_SYN_FLAG, RTE_TCP_SYN_FLAG);
	assert_int_equal(tcp[22] << 8 | tcp[23], 1360);
	assert_int_equal(H.st.mss_clamped, 1);
	rte_pktmbuf_free_bulk(o, n);
	h_finish();
}

/* A punt downstream: frame byte-identical to the input, tagged down. */
static void
down_punt(uint16_t len, enum dp_punt_reason r, uint16_t mtu, const char *what)
{
	struct rte_mbuf *m = h_mbuf(fr, len), *p;
	uint64_t before = H.st.punt[r], drops = h_drops();

	m->l2_len = port_table[P_CORE].vlan ? 18 : 14;
	m->l3_len = 20;
	m->port = H.port_id[P_CORE];
	h_down(&m, 1);
	print_message("# punt %s\n", what);
	assert_int_equal(H.st.punt[r], before + 1);
	assert_int_equal(h_drops(), drops);
	assert_int_equal(h_out_count(P_ACC), 0);
	p = h_punt1();
	assert_ptr_equal(p, m);
	assert_int_equal(dp_punt_meta(p)->reason, r);
	assert_true(dp_punt_meta(p)->down);
	assert_int_equal(dp_punt_meta(p)->mtu, mtu);
	assert_int_equal(p->l2_len, port_table[P_CORE].vlan ? 18 : 14);
	assert_int_equal(p->l3_len, 20);
	assert_int_equal(p->port, H.port_id[P_CORE]);
	assert_int_equal(rte_pktmbuf_pkt_len(p), len);
	assert_int_equal(rte_pktmbuf_data_len(p), len);
	h_read(p, 0, len, got);
	assert_memory_equal(got, fr, len);
	rte_pktmbuf_free(p);
}

static void
test_down_punts(void **state)
{
	struct in4 p = { .src = DST_IP, .dst = SUB_IP(SC), .plen = 1480,
			 .df = 1 };
	uint16_t l = h_inner4(in, &p);

	down_punt(h_build_down(fr, in, l, 0), DP_PUNT_FRAG_NEEDED, 576,
		  "DF, 1500 > MRU 576");
	p.dst = SUB_IP(SD);
	l = h_inner4(in, &p);
	down_punt(h_build_down(fr, in, l, 4), DP_PUNT_FRAG_NEEDED, 1400,
		  "DF, 1500 > MRU 1400, padded");
	p.plen = 30;
	p.ttl = 1;
	l = h_inner4(in, &p);
	down_punt(h_build_down(fr, in, l, 0), DP_PUNT_TTL_EXPIRED, 0, "TTL 1");
	p.plen = 1480;	/* TTL first, then the MRU */
	l = h_inner4(in, &p);
	down_punt(h_build_down(fr, in, l, 0), DP_PUNT_TTL_EXPIRED, 0,
		  "TTL 1, DF, 1500 > MRU");
	port_table[P_CORE].vlan = 0;
	p.plen = 30;
	l = h_inner4(in, &p);
	down_punt(h_build_down(fr, in, l, 10), DP_PUNT_TTL_EXPIRED, 0,
		  "TTL 1, untagged, padded");
	assert_int_equal(H.st.fwd_down_pkts, 0);
	assert_int_equal(H.st.frag_pkts, 0);
	assert_int_equal(H.ctr[SC].down_pkts + H.ctr[SD].down_pkts, 0);
	h_finish();
}

static void
down_drop_m(struct rte_mbuf *m, enum dp_drop_reason r, const char *what)
{
	h_expect_drop(m, 1, r, what);
}

static void
test_down_drops(void **state)
{
	struct rte_ipv4_hdr *ih = (struct rte_ipv4_hdr *)in;
	const struct dp_table *t = H.ctx.table;
	struct rte_mempool *tiny;
	struct rte_mbuf *m;
	uint16_t l, len;
	char *d;

	l = in4(SA, SUB_IP(NSESS + 5), 30, 1);
	down_drop_m(h_down_mbuf(in, l, 0), DP_DROP_NO_ROUTE, "no session");
	l = in4(SA, LNS_IPV4(10, 2, 0, 1), 30, 1);
	down_drop_m(h_down_mbuf(in, l, 0), DP_DROP_NO_ROUTE, "outside routes");
	H.ctx.table = NULL;
	l = in4(SA, 0, 30, 1);
	down_drop_m(h_down_mbuf(in, l, 0), DP_DROP_NO_ROUTE, "no table");
	H.ctx.table = t;

	l = in4(SA, 0, 30, 1);
	ih->version_ihl = 0x46;		/* IHL 24 > total length 22 */
	ih->total_length = rte_cpu_to_be_16(22);
	down_drop_m(h_down_mbuf(in, l, 0), DP_DROP_BAD_INNER_IPV4,
		    "total length < IHL");
	l = in4(SA, 0, 30, 1);
	ih->version_ihl = 0x55;
	down_drop_m(h_down_mbuf(in, l, 0), DP_DROP_BAD_INNER_IPV4, "version 5");
	l = in4(SA, 0, 30, 1);
	ih->total_length = rte_cpu_to_be_16(51);
	ih->hdr_checksum = 0;
	ih->hdr_checksum = rte_ipv4_cksum(ih);
	down_drop_m(h_down_mbuf(in, l, 0), DP_DROP_BAD_INNER_IPV4,
		    "total length > frame");
	l = in4(SA, 0, 30, 1);
	ih->hdr_checksum ^= 0x8000;
	down_drop_m(h_down_mbuf(in, l, 0), DP_DROP_INNER_CKSUM, "checksum");

	/* 18 octets of headroom after the core Ethernet header. */
	l = in4(SA, 0, 30, 1);
	len = h_build_down(fr, in, l, 0);
	m = rte_pktmbuf_alloc(H.mp);
	assert_non_null(m);
	m->data_off = 0;
	d = rte_pktmbuf_append(m, len);
	assert_non_null(d);
	memcpy(d, fr, len);
	m->l2_len = 18;
	m->l3_len = 20;
	down_drop_m(m, DP_DROP_NO_HEADROOM, "headroom");

	/* Ethernet padding over two segments. */
	len = h_build_down(fr, in, l, 15);
	m = h_mbuf2(fr, len, len - 5);
	m->l2_len = 18;
	m->l3_len = 20;
	down_drop_m(m, DP_DROP_INNER_TRAILER, "trailer over two segments");
	/* In the last segment: cut, forwarded. */
	m = h_mbuf2(fr, len, len - 15);
	m->l2_len = 18;
	m->l3_len = 20;
	h_down(&m, 1);
	m = h_out1(P_ACC);
	check_tmpl(m, SA, in, l, -1, 0x1000);
	rte_pktmbuf_free(m);

	/* Fragmentation impossible: no indirect pool, an exhausted one. */
	l = in4(SC, 0, 1480, 2);
	H.ctx.frag_indirect = NULL;
	down_drop_m(h_down_mbuf(in, l, 0), DP_DROP_FRAG_FAILED,
		    "no indirect pool");
	tiny = rte_pktmbuf_pool_create("tiny_ind", 2, 0, 0, 0,
				       (int)rte_socket_id());
	assert_non_null(tiny);
	H.ctx.frag_indirect = tiny;
	down_drop_m(h_down_mbuf(in, l, 0), DP_DROP_FRAG_FAILED,
		    "2 indirect mbufs for 3 fragments");
	assert_int_equal(rte_mempool_in_use_count(tiny), 0);
	H.ctx.frag_indirect = H.ind;
	rte_mempool_free(tiny);
	/* Padding over two segments of a packet to fragment. */
	len = h_build_down(fr, in, l, 15);
	m = h_mbuf2(fr, len, len - 5);
	m->l2_len = 18;
	m->l3_len = 20;
	down_drop_m(m, DP_DROP_FRAG_FAILED, "fragment, trailer over segments");
	assert_int_equal(H.st.frag_pkts, 0);
	assert_int_equal(H.st.frag_out, 0);
	assert_int_equal(H.ctr[SC].down_pkts, 0);
	h_finish();
}

/* A burst of 32 mixing sessions, Framed-Routes and unknown destinations. */
static void
test_down_bulk(void **state)
{
	static const int pat[32] = {
		SA, SA, SB, SB, SB, SC, -1, SA, SC, SD, SD, SD, SD, -1, -1, SA,
		SB, SC, SA, SB, SC, SD, 10, 10, SA, -1, SC, SC, SB, 10, SA, SD,
	};	/* 10: the Framed-Route of SA */
	struct rte_mbuf *m[32], *o[64];
	uint64_t pk[NSESS] = { 0 }, by[NSESS] = { 0 };
	unsigned int i, n, k = 0, unknown = 0, ns = 0;

	for (i = 0; i < 32; i++) {
		int s = pat[i] == 10 ? SA : pat[i];
		uint32_t dst = pat[i] == 10 ? FRAMED_IP :
			       pat[i] < 0 ? LNS_IPV4(100, 64, 1, (uint8_t)i) : 0;
		uint16_t l = in4(s < 0 ? SA : s, dst, (uint16_t)(20 + i),
				 (uint16_t)i);

		if (s >= 0) {
			pk[s]++;
			by[s] += l;
		} else {
			unknown++;
		}
		m[i] = h_down_mbuf(in, l, 0);
	}
	h_down(m, 32);
	n = h_out(P_ACC, o, 64);
	assert_int_equal(n, 32 - unknown);
	for (i = 0; i < 32; i++) {
		int s = pat[i] == 10 ? SA : pat[i];
		const struct rte_ipv4_hdr *ih;

		if (s < 0)
			continue;
		check_tmpl(o[k], s, NULL, (uint16_t)(40 + i),
			   s == SB ? (int)ns++ : -1, (uint16_t)(0x1000 + k));
		ih = (const struct rte_ipv4_hdr *)(got + tmpl_len(s));
		assert_int_equal(rte_be_to_cpu_16(ih->packet_id), i);
		k++;
	}
	rte_pktmbuf_free_bulk(o, n);
	for (i = 0; i < NSESS; i++) {
		assert_int_equal(H.ctr[i].down_pkts, pk[i]);
		assert_int_equal(H.ctr[i].down_bytes, by[i]);
		assert_int_equal(H.ctr[i].up_pkts, 0);
	}
	assert_int_equal(H.st.drop[DP_DROP_NO_ROUTE], unknown);
	assert_int_equal(h_drops(), unknown);
	assert_int_equal(H.st.fwd_down_pkts, 32 - unknown);
	h_finish();
}

/*
 * The same cases with line 0 of every entry poisoned: what downstream
 * forwards and counts comes from line 1 alone (dp_session.h), so that
 * at 1M sessions a downstream packet touches one line of its entry.
 */
H_POISONED(test_down_basic, 1)
H_POISONED(test_down_vlan, 1)
H_POISONED(test_down_seq, 1)
H_POISONED(test_down_mss, 1)
H_POISONED(test_down_frag, 1)
H_POISONED(test_down_frag_of_frag, 1)
H_POISONED(test_down_frag_syn_mss, 1)
H_POISONED(test_down_bulk, 1)

#define T(f) cmocka_unit_test_setup_teardown(f, h_setup_tight, h_teardown)
#define TH(f) { #f "/wide", f, h_setup_wide, h_teardown, NULL }

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_down_basic),
		T(test_down_vlan),
		T(test_down_seq),
		T(test_down_mss),
		T(test_down_frag),
		T(test_down_frag_of_frag),
		T(test_down_frag_syn_mss),
		T(test_down_punts),
		T(test_down_drops),
		T(test_down_bulk),
		TH(test_down_bulk),
		TH(test_down_basic),
		T(test_down_basic_poisoned),
		T(test_down_vlan_poisoned),
		T(test_down_seq_poisoned),
		T(test_down_mss_poisoned),
		T(test_down_frag_poisoned),
		T(test_down_frag_of_frag_poisoned),
		T(test_down_frag_syn_mss_poisoned),
		T(test_down_bulk_poisoned),
		TH(test_down_bulk_poisoned),
	};

	return h_main("test_dp_fwd_down", tests, RTE_DIM(tests));
}
