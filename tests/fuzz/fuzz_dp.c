/* SPDX-License-Identifier: BSD-3-Clause
 *
 * libFuzzer target: the dataplane's per-packet code on raw frames, without
 * the EAL (header-only: dataplane/dp_classify.h, dp_decap.h, dp_encap.h,
 * common/lns_l2tp_wire.h, dp_mss.h). The frame is put in an rte_mbuf over
 * a heap buffer of exactly headroom + frame length (as the unit tests'
 * lns_test_mbuf() does, but sized so that ASan sees any read past the
 * frame), optionally split in two segments, and run through
 * dp_classify(); UP goes on to dp_decap() with one fixed session
 * (dp_session_build(), as tests/unit/test_dp_decap.c), DOWN through the
 * worker's strip + dp_encap() (dataplane/dp_fwd.c), DOWN6 (IPv6 on a core
 * port) through the strip + dp_encap6() of dataplane/dp_fwd6.c. The
 * session has a /64 and a delegated /56 (upstream IPv6 anti-spoofing).
 *
 * Input: two configuration octets, then the frame.
 *   c0 bit 0  the port has VLAN 100       bit 4  session: IPv6CP open
 *      bit 1  the port is a core port     bit 5  session: MSS clamp 1360
 *      bit 2  the PMD stripped the tag    bit 6  session: VLAN 200
 *      bit 3  session: sequencing (Ns)    bit 7  two segments
 *   c1 bits 0-1 headroom (128, 0, 18, 60)
 *      bit 2  the session's peer address, UDP port and subscriber address
 *             are taken from the frame (the fuzzer need not guess them)
 *      bits 3-7 split point (two segments) in eighths of the frame
 *
 * Invariants: a DROP, PUNT or FRAGMENT leaves the mbuf as it was (the
 * headers promise it); an OK rewrite leaves a consistent chain
 * (pkt_len = sum of data_len, data inside the buffer), the Ethernet type
 * the inner protocol's, the TTL one less, the inner IPv4 header and TCP
 * checksums still valid if they were (RFC 1624 updates after the TTL
 * decrement and the MSS clamp), and for encap an outer IPv4 / UDP length
 * and checksum that cover the packet; IPv6 is never FRAGMENTed, and only
 * core-side IPv6 is classified DOWN6 or punted as ipv6_local / ipv6_nd.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_udp.h>

#include "cfg.h"
#include "dp_classify.h"
#include "dp_decap.h"
#include "dp_encap.h"
#include "dp_session.h"
#include "port.h"
#include "fuzz_common.h"


#define FRAME_MAX	9600
/* RTE_IPV4() shifts an int: undefined for a first octet >= 128. */
#define IP4(a, b, c, d)	rte_cpu_to_be_32((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
			 (uint32_t)(c) << 8 | (uint32_t)(d))
static const uint16_t headrooms[4] = { RTE_PKTMBUF_HEADROOM, 0, 18, 60 };

/* What an mbuf chain held before a verdict that must not touch it. */
struct snap {
	uint16_t data_off[2], data_len[2];
	uint32_t pkt_len;
	uint8_t bytes[FRAME_MAX + 64];
	uint32_t n;
};

static void
snap_take(struct snap *s, const struct rte_mbuf *m)
{
	const struct rte_mbuf *g;
	unsigned int i = 0;

	s->n = 0;
	s->pkt_len = m->pkt_len;
	for (g = m; g != NULL && i < 2; g = g->next, i++) {
		s->data_off[i] = g->data_off;
		s->data_len[i] = g->data_len;
		memcpy(s->bytes + s->n, rte_pktmbuf_mtod(g, const uint8_t *),
		    g->data_len);
		s->n += g->data_len;
	}
}

static void
snap_same(const struct snap *s, const struct rte_mbuf *m)
{
	const struct rte_mbuf *g;
	unsigned int i = 0;
	uint32_t n = 0;

	FUZZ_CHECK(m->pkt_len == s->pkt_len);
	for (g = m; g != NULL && i < 2; g = g->next, i++) {
		FUZZ_CHECK(g->data_off == s->data_off[i]);
		FUZZ_CHECK(g->data_len == s->data_len[i]);
		FUZZ_CHECK(memcmp(s->bytes + n,
		    rte_pktmbuf_mtod(g, const uint8_t *), g->data_len) == 0);
		n += g->data_len;
	}
}

/* The chain is well formed: lengths add up, data inside each buffer. */
static void
chain_ok(const struct rte_mbuf *m)
{
	const struct rte_mbuf *g;
	uint32_t sum = 0;
	unsigned int segs = 0;

	for (g = m; g != NULL; g = g->next) {
		FUZZ_CHECK((uint32_t)g->data_off + g->data_len <= g->buf_len);
		sum += g->data_len;
		segs++;
	}
	FUZZ_CHECK(segs == m->nb_segs);
	FUZZ_CHECK(sum == m->pkt_len);
}

/* FUZZ_TRACE=1 in the environment: verdicts on stderr (seeds). */
static void
fz_trace(const char *what, struct dp_verdict r)
{
	static const char *const kinds[] = { "drop", "punt", "up", "down",
		"ok", "fragment", "down6" };
	static int on = -1;

	if (on < 0)
		on = getenv("FUZZ_TRACE") != NULL;
	if (on)
		fprintf(stderr, "%s: %s %s\n", what,
		    r.kind < 7 ? kinds[r.kind] : "?",
		    r.kind == DP_VERDICT_DROP ? dp_drop_name(r.reason) :
		    r.kind == DP_VERDICT_PUNT ? dp_punt_name(r.reason) : "");
}

static void
mbuf_init(struct rte_mbuf *m, uint8_t *buf, uint16_t cap, uint16_t off,
    uint16_t len)
{
	memset(m, 0, sizeof(*m));
	m->buf_addr = buf;
	m->buf_len = cap;
	m->data_off = off;
	m->data_len = len;
	m->pkt_len = len;
	m->nb_segs = 1;
	rte_mbuf_refcnt_set(m, 1);
}

static void
build_session(struct dp_session *s, uint8_t c0, uint32_t peer_ip,
    uint16_t peer_port, uint32_t sub_ip)
{
	static const uint8_t prefix6[8] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1,
	    0, 2 };
	static const uint8_t pd56[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x01,
	    0x00, 0x42 };
	struct dp_session_desc d;

	memset(&d, 0, sizeof(d));
	d.session_index = 3;
	d.local_tid = 5;
	d.local_sid = 9;
	d.peer_tid = 77;
	d.peer_sid = 88;
	d.local_ip = IP4(198, 51, 100, 1);
	d.peer_ip = peer_ip;
	d.local_udp_port = 1701;
	d.peer_udp_port = peer_port;
	d.sub_ip = sub_ip;
	d.nb_routes = 1;
	d.routes[0].prefix = IP4(10, 1, 0, 0);
	d.routes[0].len = 16;
	memcpy(d.sub_ip6_prefix, prefix6, sizeof(prefix6));
	/* A delegated /56 (DHCPv6-PD): upstream sources beside the /64. */
	d.nb_routes6 = 1;
	memcpy(d.routes6[0].prefix, pd56, sizeof(pd56));
	d.routes6[0].len = 56;
	d.flags = (c0 & 0x08 ? DP_SESS_F_SEQ : 0) |
	    (c0 & 0x10 ? DP_SESS_F_IPV6 : 0);
	d.mss = c0 & 0x20 ? 1360 : 0;
	d.vlan = c0 & 0x40 ? 200 : 0;
	d.mru = 1492;
	FUZZ_CHECK(dp_session_build(s, &d) == 0);
}

/*
 * Checksums of an inner packet at p (avail octets contiguous), proto
 * LNS_PPP_PROTO_IPV4 or _IPV6: whether the IPv4 header checksum and the
 * TCP checksum (unfragmented, whole segment present) verify, and the TTL
 * / hop limit. A rewrite (TTL decrement, MSS clamp: RFC 1624 updates)
 * must keep a valid checksum valid.
 */
struct sums {
	int ip_ok, tcp_ok;	/* -1: not applicable */
	uint8_t ttl;
};

static int
tcp_sum_ok(const uint8_t *pseudo, size_t plen, const uint8_t *seg,
    uint32_t slen)
{
	static uint8_t tmp[64 + FRAME_MAX];

	memcpy(tmp, pseudo, plen);
	memcpy(tmp + plen, seg, slen);
	return rte_raw_cksum(tmp, plen + slen) == 0xffff;
}

static void
inner_sums(const uint8_t *p, uint32_t avail, uint16_t proto, struct sums *r)
{
	uint8_t ph[40];
	uint32_t ihl, tot;

	r->ip_ok = r->tcp_ok = -1;
	r->ttl = 0;
	if (proto == LNS_PPP_PROTO_IPV4) {
		if (avail < 20)
			return;
		ihl = (uint32_t)(p[0] & 0xf) * 4;
		tot = lns_get_be16(p + 2);
		if (ihl < 20 || ihl > avail || tot < ihl)
			return;
		r->ttl = p[8];
		r->ip_ok = rte_raw_cksum(p, ihl) == 0xffff;
		if (p[9] != IPPROTO_TCP || (lns_get_be16(p + 6) & 0x3fff) ||
		    tot > avail || tot - ihl < 20)
			return;
		memcpy(ph, p + 12, 8);
		ph[8] = 0;
		ph[9] = IPPROTO_TCP;
		lns_put_be16(ph + 10, (uint16_t)(tot - ihl));
		r->tcp_ok = tcp_sum_ok(ph, 12, p + ihl, tot - ihl);
	} else {
		if (avail < 40)
			return;
		r->ttl = p[7];
		tot = 40 + lns_get_be16(p + 4);
		if (p[6] != IPPROTO_TCP || tot > avail || tot - 40 < 20)
			return;
		memcpy(ph, p + 8, 32);
		lns_put_be32(ph + 32, tot - 40);
		memset(ph + 36, 0, 3);
		ph[39] = IPPROTO_TCP;
		r->tcp_ok = tcp_sum_ok(ph, 40, p + 40, tot - 40);
	}
}

/* A rewrite kept what was valid valid and took one off the TTL. */
static void
sums_kept(const struct sums *b, const struct sums *a)
{
	if (getenv("FUZZ_TRACE") != NULL)
		fprintf(stderr, "sums: ip %d -> %d, tcp %d -> %d, ttl %u -> %u\n",
		    b->ip_ok, a->ip_ok, b->tcp_ok, a->tcp_ok, b->ttl, a->ttl);
	if (b->ip_ok == 1)
		FUZZ_CHECK(a->ip_ok == 1);
	if (b->tcp_ok == 1)
		FUZZ_CHECK(a->tcp_ok == 1);
	if (b->ip_ok != -1 || b->ttl != 0)
		FUZZ_CHECK(a->ttl == (uint8_t)(b->ttl - 1));
}

/* After an OK encap: the outer headers describe the whole packet. */
static void
encap_ok(const struct rte_mbuf *m, const struct dp_session *s)
{
	const struct rte_ipv4_hdr *oip;
	const struct rte_udp_hdr *udp;
	struct rte_ipv4_hdr c;

	chain_ok(m);
	FUZZ_CHECK(m->l2_len == dp_down_l2_len(&s->down));
	FUZZ_CHECK(rte_pktmbuf_data_len(m) >= s->down.len);
	oip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *,
	    m->l2_len);
	FUZZ_CHECK(rte_be_to_cpu_16(oip->total_length) ==
	    m->pkt_len - m->l2_len);
	memcpy(&c, oip, sizeof(c));
	c.hdr_checksum = 0;
	FUZZ_CHECK(rte_ipv4_cksum(&c) == oip->hdr_checksum);
	udp = (const struct rte_udp_hdr *)(oip + 1);
	FUZZ_CHECK(rte_be_to_cpu_16(udp->dgram_len) ==
	    m->pkt_len - m->l2_len - sizeof(*oip));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct rte_ether_addr src = {{ 2, 0, 0, 0, 0, 1 }};
	static const struct rte_ether_addr dst = {{ 2, 0, 0, 0, 0, 2 }};
	static struct snap snap;
	struct rte_mbuf seg[2], *m = &seg[0];
	struct lns_l2tp_data d;
	struct dp_session sess;
	struct dp_verdict r;
	struct sums before, after;
	struct cfg_port pcfg;
	struct port port;
	uint8_t *buf[2] = { NULL, NULL };
	uint16_t len, hr, split, l2;
	uint8_t c0, c1;

	if (size < 2 || size - 2 > FRAME_MAX)
		return 0;
	c0 = data[0];
	c1 = data[1];
	data += 2;
	len = (uint16_t)(size - 2);
	hr = headrooms[c1 & 3];
	split = (c0 & 0x80) ? (uint16_t)(len * ((c1 >> 3) & 7) / 8) : len;

	memset(&pcfg, 0, sizeof(pcfg));
	pcfg.role = c0 & 0x02 ? CFG_PORT_CORE : CFG_PORT_ACCESS;
	memset(&port, 0, sizeof(port));
	port.cfg = &pcfg;
	port.ip = IP4(198, 51, 100, 1);
	port.mask = rte_cpu_to_be_32(0xffffff00);
	port.vlan = c0 & 0x01 ? 100 : 0;

	/* Exactly sized buffers: ASan flags any access past the frame. */
	buf[0] = malloc((size_t)hr + split + 1);
	FUZZ_CHECK(buf[0] != NULL);
	memcpy(buf[0] + hr, data, split);
	mbuf_init(&seg[0], buf[0], hr + split, hr, split);
	if (split < len) {
		buf[1] = malloc(len - split);
		FUZZ_CHECK(buf[1] != NULL);
		memcpy(buf[1], data + split, len - split);
		mbuf_init(&seg[1], buf[1], len - split, 0, len - split);
		seg[0].next = &seg[1];
		seg[0].nb_segs = 2;
		seg[0].pkt_len = len;
	}
	if (c0 & 0x04) {
		seg[0].ol_flags = RTE_MBUF_F_RX_VLAN_STRIPPED;
		seg[0].vlan_tci = c1 & 0x40 ? 100 : 101;
	}

	memset(&d, 0, sizeof(d));
	r = dp_classify(&port, &m, &d);
	FUZZ_CHECK(m == &seg[0]);
	chain_ok(m);
	fz_trace("classify", r);
	if (r.kind == DP_VERDICT_UP) {
		const struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(m,
		    const struct rte_ipv4_hdr *, m->l2_len);
		const struct rte_udp_hdr *udp = rte_pktmbuf_mtod_offset(m,
		    const struct rte_udp_hdr *, m->l2_len + m->l3_len);
		uint32_t sub = IP4(100, 64, 0, 10);
		uint32_t off = dp_decap_inner_off(m, &d);
		uint16_t core_vlan;

		FUZZ_CHECK(d.proto == LNS_PPP_PROTO_IPV4 ||
		    d.proto == LNS_PPP_PROTO_IPV6);
		if ((c1 & 0x04) && d.proto == LNS_PPP_PROTO_IPV4 &&
		    off + sizeof(struct rte_ipv4_hdr) <=
		    rte_pktmbuf_data_len(m))
			sub = rte_pktmbuf_mtod_offset(m,
			    const struct rte_ipv4_hdr *, off)->src_addr;
		if (c1 & 0x04)
			build_session(&sess, c0, ip->src_addr,
			    rte_be_to_cpu_16(udp->src_port), sub);
		else
			build_session(&sess, c0,
			    IP4(203, 0, 113, 7), 50000,
			    sub);
		snap_take(&snap, m);
		if (off < rte_pktmbuf_data_len(m))
			inner_sums(rte_pktmbuf_mtod_offset(m, const uint8_t *,
			    off), rte_pktmbuf_data_len(m) - off, d.proto,
			    &before);
		else
			before.ip_ok = before.tcp_ok = -1, before.ttl = 0;
		/* The core VLAN, as the session's access one (byte 0). */
		core_vlan = sess.down.flags & DP_DOWN_F_VLAN ? 200 : 0;
		r = dp_decap(m, &d, &sess, &src, &dst, core_vlan);
		if (r.kind == DP_VERDICT_OK) {
			const uint8_t *e = rte_pktmbuf_mtod(m, const uint8_t *);
			uint16_t et = d.proto == LNS_PPP_PROTO_IPV6 ?
			    RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4;

			chain_ok(m);
			inner_sums(e + m->l2_len, rte_pktmbuf_data_len(m) -
			    m->l2_len, d.proto, &after);
			sums_kept(&before, &after);
			FUZZ_CHECK(m->l2_len == (core_vlan ? 18 : 14));
			FUZZ_CHECK(lns_get_be16(e + m->l2_len - 2) == et);
			FUZZ_CHECK(m->pkt_len >= m->l2_len + m->l3_len);
		} else {
			FUZZ_CHECK(r.kind == DP_VERDICT_DROP ||
			    r.kind == DP_VERDICT_PUNT);
			snap_same(&snap, m);
		}
	} else if (r.kind == DP_VERDICT_DOWN) {
		l2 = m->l2_len;
		build_session(&sess, c0,
		    IP4(203, 0, 113, 7), 50000,
		    IP4(100, 64, 0, 10));
		/* The worker strips the core Ethernet header first. */
		m->data_off += l2;
		m->data_len -= l2;
		m->pkt_len -= l2;
		m->ol_flags = 0;
		snap_take(&snap, m);
		inner_sums(rte_pktmbuf_mtod(m, const uint8_t *),
		    rte_pktmbuf_data_len(m), LNS_PPP_PROTO_IPV4, &before);
		r = dp_encap(m, &sess, 0x4242, 7);
		if (r.kind == DP_VERDICT_OK) {
			encap_ok(m, &sess);
			inner_sums(rte_pktmbuf_mtod_offset(m, const uint8_t *,
			    sess.down.len), rte_pktmbuf_data_len(m) -
			    sess.down.len, LNS_PPP_PROTO_IPV4, &after);
			sums_kept(&before, &after);
		} else {
			FUZZ_CHECK(r.kind == DP_VERDICT_DROP ||
			    r.kind == DP_VERDICT_PUNT ||
			    r.kind == DP_VERDICT_FRAGMENT);
			if (r.kind == DP_VERDICT_FRAGMENT)
				FUZZ_CHECK(r.mtu == sess.down.mru);
			snap_same(&snap, m);
		}
	} else if (r.kind == DP_VERDICT_DOWN6) {
		/* IPv6 towards a subscriber: the strip and dp_encap6() of
		 * dp_fwd6.c (the FIB6 lookup needs the EAL). */
		FUZZ_CHECK(m->l3_len == 40 && (c0 & 0x02));
		FUZZ_CHECK(m->pkt_len >= (uint32_t)m->l2_len + 40);
		l2 = m->l2_len;
		build_session(&sess, c0,
		    IP4(203, 0, 113, 7), 50000,
		    IP4(100, 64, 0, 10));
		m->data_off += l2;
		m->data_len -= l2;
		m->pkt_len -= l2;
		snap_take(&snap, m);
		inner_sums(rte_pktmbuf_mtod(m, const uint8_t *),
		    rte_pktmbuf_data_len(m), LNS_PPP_PROTO_IPV6, &before);
		r = dp_encap6(m, &sess, 0x4242, 7);
		if (r.kind == DP_VERDICT_OK) {
			encap_ok(m, &sess);
			inner_sums(rte_pktmbuf_mtod_offset(m, const uint8_t *,
			    sess.down.len), rte_pktmbuf_data_len(m) -
			    sess.down.len, LNS_PPP_PROTO_IPV6, &after);
			sums_kept(&before, &after);
		} else {
			/* Never fragmented: too big is Packet Too Big. */
			FUZZ_CHECK(r.kind == DP_VERDICT_DROP ||
			    r.kind == DP_VERDICT_PUNT);
			if (r.kind == DP_VERDICT_PUNT &&
			    r.reason == DP_PUNT_FRAG_NEEDED)
				FUZZ_CHECK(r.mtu == sess.down.mru);
			snap_same(&snap, m);
		}
	} else if (r.kind == DP_VERDICT_PUNT &&
	    (r.reason == DP_PUNT_IPV6_LOCAL || r.reason == DP_PUNT_IPV6_ND)) {
		/* Only core-side IPv6 frames are punted so. */
		FUZZ_CHECK((c0 & 0x02) && m->l3_len == 40);
	}
	if (r.kind != DP_VERDICT_UP && r.kind != DP_VERDICT_DOWN &&
	    r.kind != DP_VERDICT_DOWN6)
		fz_trace("then", r);
	free(buf[0]);
	free(buf[1]);
	return 0;
}
