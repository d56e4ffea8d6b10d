/* SPDX-License-Identifier: BSD-3-Clause
 * Worker classification (dataplane/dp_classify.h) on crafted mbufs, no EAL:
 * every drop and punt reason it can return.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lns_ipv4.h"
#include "dp_classify.h"
#include "lns_test_frames.h"

#define OUR_IP LNS_IPV4(198, 51, 100, 1)

static uint8_t buf[2048] __rte_aligned(64);
static struct rte_mbuf mb;
static struct port port;
static struct lns_l2tp_data l2tp_data;	/* what dp_classify() parsed */

static struct rte_mbuf *
mk(const uint8_t *frame, uint16_t len)
{
	return lns_test_mbuf(&mb, buf, sizeof(buf), RTE_PKTMBUF_HEADROOM,
			     frame, len);
}

/* Builds Eth[/VLAN]/IPv4[/UDP + payload] frames. */
struct frame {
	uint8_t b[256];
	uint16_t len;
	struct rte_ipv4_hdr *ip;
};

static void
frame_eth(struct frame *f, uint16_t vlan, uint16_t type)
{
	struct rte_ether_hdr *e = (struct rte_ether_hdr *)f->b;

	memset(f, 0, sizeof(*f));
	memset(&e->dst_addr, 0xff, 6);
	e->ether_type = rte_cpu_to_be_16(vlan ? RTE_ETHER_TYPE_VLAN : type);
	f->len = sizeof(*e);
	if (vlan) {
		struct rte_vlan_hdr *v = (struct rte_vlan_hdr *)(e + 1);

		v->vlan_tci = rte_cpu_to_be_16(vlan);
		v->eth_proto = rte_cpu_to_be_16(type);
		f->len += sizeof(*v);
	}
}

static void
frame_ip(struct frame *f, uint16_t vlan, uint32_t dst, uint8_t proto,
	 const uint8_t *l4, uint16_t l4len)
{
	frame_eth(f, vlan, RTE_ETHER_TYPE_IPV4);
	f->ip = (struct rte_ipv4_hdr *)(f->b + f->len);
	f->ip->version_ihl = 0x45;
	f->ip->total_length = rte_cpu_to_be_16(sizeof(*f->ip) + l4len);
	f->ip->time_to_live = 64;
	f->ip->next_proto_id = proto;
	f->ip->src_addr = rte_cpu_to_be_32(LNS_IPV4(198, 51, 100, 2));
	f->ip->dst_addr = rte_cpu_to_be_32(dst);
	f->len += sizeof(*f->ip);
	memcpy(f->b + f->len, l4, l4len);
	f->len += l4len;
}

static void
frame_l2tp(struct frame *f, uint16_t dport, uint8_t first)
{
	uint8_t udp[8 + 12] = { 0x06, 0xa5, dport >> 8, dport & 0xff, 0, 20 };

	udp[8] = first;
	udp[9] = 0x02;
	frame_ip(f, 0, OUR_IP, IPPROTO_UDP, udp, sizeof(udp));
}

static struct dp_verdict
classify(struct frame *f)
{
	struct rte_mbuf *m = mk(f->b, f->len);

	return dp_classify(&port, &m, &l2tp_data);
}

static void
expect_drop(struct frame *f, enum dp_drop_reason r)
{
	lns_test_expect_drop(classify(f), r);
}

static void
expect_punt(struct frame *f, enum dp_punt_reason r)
{
	lns_test_expect_punt(classify(f), r);
}

static int
setup(void **state)
{
	memset(&port, 0, sizeof(port));
	port.ip = rte_cpu_to_be_32(OUR_IP);
	port.mask = rte_cpu_to_be_32(0xffffff00);
	return 0;
}

static void
test_arp_punted(void **state)
{
	struct frame f;

	frame_eth(&f, 0, RTE_ETHER_TYPE_ARP);
	f.len += 28;
	expect_punt(&f, DP_PUNT_ARP);
	assert_int_equal(mb.l2_len, 14);
}

static void
test_icmp_to_us_punted(void **state)
{
	uint8_t icmp[8] = { 8 };
	struct frame f;

	frame_ip(&f, 0, OUR_IP, IPPROTO_ICMP, icmp, sizeof(icmp));
	expect_punt(&f, DP_PUNT_ICMP_LOCAL);
	assert_int_equal(mb.l3_len, 20);
}

static void
test_l2tp(void **state)
{
	struct frame f;

	frame_l2tp(&f, 1701, 0xc8);
	expect_punt(&f, DP_PUNT_L2TP_CTRL);
	frame_l2tp(&f, 1702, 0xc8);
	expect_drop(&f, DP_DROP_LOCAL_PROTO);
	frame_l2tp(&f, 1701, 0xc8);
	f.ip->fragment_offset = rte_cpu_to_be_16(RTE_IPV4_HDR_MF_FLAG);
	expect_drop(&f, DP_DROP_OUTER_FRAG);
	frame_l2tp(&f, 1701, 0xc8);
	f.ip->fragment_offset = rte_cpu_to_be_16(100);
	expect_drop(&f, DP_DROP_OUTER_FRAG);
	/* UDP header and the first L2TP octets must be there. */
	frame_l2tp(&f, 1701, 0xc8);
	f.len -= 12 + 8 - 9;
	f.ip->total_length = rte_cpu_to_be_16(20 + 9);
	expect_drop(&f, DP_DROP_TRUNC_UDP);
}

/* UDP/1701 to us carrying the L2TP data message l2tp[0..n). */
static void
frame_l2tp_data(struct frame *f, const uint8_t *l2tp, uint16_t n)
{
	uint8_t udp[8 + 64] = { 0x06, 0xa5, 0x06, 0xa5, 0, (uint8_t)(8 + n) };

	memcpy(udp + 8, l2tp, n);
	frame_ip(f, 0, OUR_IP, IPPROTO_UDP, udp, (uint16_t)(8 + n));
}

static void
test_l2tp_data_ppp(void **state)
{
	/* T=0 ver 2, tunnel 1, session 1, FF 03, LCP Configure-Request. */
	static const uint8_t lcp[] = { 0x00, 0x02, 0, 1, 0, 1, 0xff, 0x03,
		0xc0, 0x21, 1, 1, 0, 4 };
	/* Same with L and S bits (Length, Ns, Nr) and no FF 03. */
	static const uint8_t lcp_ls[] = { 0x48, 0x02, 0, 16, 0, 1, 0, 1,
		0, 0, 0, 0, 0xc0, 0x21, 1, 1 };
	/* O bit: offset 2 octets of padding, then PPP IPCP. */
	static const uint8_t ipcp_o[] = { 0x02, 0x02, 0, 1, 0, 1, 0, 2, 0xaa,
		0xbb, 0xff, 0x03, 0x80, 0x21, 1, 1, 0, 4 };
	static const uint8_t ipv4[] = { 0x00, 0x02, 0, 1, 0, 1, 0xff, 0x03,
		0x00, 0x21, 0x45, 0 };
	static const uint8_t ipv4_pfc[] = { 0x00, 0x02, 0, 1, 0, 1, 0x21,
		0x45, 0 };
	static const uint8_t ipv6[] = { 0x00, 0x02, 0, 1, 0, 1, 0x00, 0x57,
		0x60, 0 };
	static const uint8_t offset_lies[] = { 0x02, 0x02, 0, 1, 0, 1, 0x10,
		0x00, 0xff, 0x03, 0xc0, 0x21 };
	static const uint8_t short_ppp[] = { 0x00, 0x02, 0, 1, 0, 1, 0xff,
		0x03, 0xc0 };
	struct frame f;

	frame_l2tp_data(&f, lcp, sizeof(lcp));
	expect_punt(&f, DP_PUNT_PPP_CTRL);
	frame_l2tp_data(&f, lcp_ls, sizeof(lcp_ls));
	expect_punt(&f, DP_PUNT_PPP_CTRL);
	frame_l2tp_data(&f, ipcp_o, sizeof(ipcp_o));
	expect_punt(&f, DP_PUNT_PPP_CTRL);
	frame_l2tp_data(&f, ipv4, sizeof(ipv4));
	assert_int_equal(classify(&f).kind, DP_VERDICT_UP);
	frame_l2tp_data(&f, ipv4_pfc, sizeof(ipv4_pfc));
	assert_int_equal(classify(&f).kind, DP_VERDICT_UP);
	frame_l2tp_data(&f, ipv6, sizeof(ipv6));
	assert_int_equal(classify(&f).kind, DP_VERDICT_UP);
	frame_l2tp_data(&f, offset_lies, sizeof(offset_lies));
	expect_drop(&f, DP_DROP_TRUNC_L2TP);
	frame_l2tp_data(&f, short_ppp, sizeof(short_ppp));
	expect_drop(&f, DP_DROP_TRUNC_L2TP);
}

static void
test_vlan(void **state)
{
	uint8_t icmp[8] = { 8 };
	struct frame f;

	frame_ip(&f, 100, OUR_IP, IPPROTO_ICMP, icmp, sizeof(icmp));
	expect_drop(&f, DP_DROP_VLAN_MISMATCH);	/* tagged on untagged port */
	port.vlan = 100;
	expect_punt(&f, DP_PUNT_ICMP_LOCAL);
	assert_int_equal(mb.l2_len, 18);
	frame_ip(&f, 101, OUR_IP, IPPROTO_ICMP, icmp, sizeof(icmp));
	expect_drop(&f, DP_DROP_VLAN_MISMATCH);	/* wrong VID */
	frame_ip(&f, 0, OUR_IP, IPPROTO_ICMP, icmp, sizeof(icmp));
	expect_drop(&f, DP_DROP_VLAN_MISMATCH);	/* untagged on VLAN port */
	frame_eth(&f, 100, RTE_ETHER_TYPE_ARP);
	f.len = 16;				/* tag cut short */
	expect_drop(&f, DP_DROP_TRUNC_ETH);
}

/*
 * A tag the PMD stripped (RTE_MBUF_F_RX_VLAN_STRIPPED, TCI in vlan_tci) is
 * put back inline and checked like any tag; when it cannot be (no
 * headroom, a shared mbuf) the frame is a vlan_mismatch drop.
 */
static void
test_vlan_stripped(void **state)
{
	uint8_t icmp[8] = { 8 };
	struct rte_mbuf *m;
	struct dp_verdict r;
	struct frame f;

	port.vlan = 100;
	frame_ip(&f, 0, OUR_IP, IPPROTO_ICMP, icmp, sizeof(icmp));
	m = mk(f.b, f.len);
	m->ol_flags = RTE_MBUF_F_RX_VLAN_STRIPPED;
	m->vlan_tci = 100;
	rte_mbuf_refcnt_set(m, 1);
	r = dp_classify(&port, &m, &l2tp_data);
	assert_int_equal(r.kind, DP_VERDICT_PUNT);
	assert_int_equal(r.reason, DP_PUNT_ICMP_LOCAL);
	assert_int_equal(m->l2_len, 18);
	assert_int_equal(rte_pktmbuf_data_len(m), f.len + 4);
	assert_int_equal(rte_pktmbuf_mtod_offset(m, uint8_t *, 12)[0], 0x81);
	assert_false(m->ol_flags & RTE_MBUF_F_RX_VLAN_STRIPPED);
	/* Stripped tag of another VLAN. */
	m = mk(f.b, f.len);
	m->ol_flags = RTE_MBUF_F_RX_VLAN_STRIPPED;
	m->vlan_tci = 101;
	rte_mbuf_refcnt_set(m, 1);
	lns_test_expect_drop(dp_classify(&port, &m, &l2tp_data), DP_DROP_VLAN_MISMATCH);
	/* No headroom for the tag. */
	m = mk(f.b, f.len);
	m->data_off = 2;
	memcpy(buf + 2, f.b, f.len);
	m->ol_flags = RTE_MBUF_F_RX_VLAN_STRIPPED;
	m->vlan_tci = 100;
	rte_mbuf_refcnt_set(m, 1);
	lns_test_expect_drop(dp_classify(&port, &m, &l2tp_data), DP_DROP_VLAN_MISMATCH);
	/* Shared (refcnt 2): not writable. */
	m = mk(f.b, f.len);
	m->ol_flags = RTE_MBUF_F_RX_VLAN_STRIPPED;
	m->vlan_tci = 100;
	rte_mbuf_refcnt_set(m, 2);
	lns_test_expect_drop(dp_classify(&port, &m, &l2tp_data), DP_DROP_VLAN_MISMATCH);
}

static void
test_bad_ipv4(void **state)
{
	uint8_t icmp[8] = { 8 };
	struct frame f;

	frame_ip(&f, 0, OUR_IP, IPPROTO_ICMP, icmp, sizeof(icmp));
	f.ip->version_ihl = 0x44;
	expect_drop(&f, DP_DROP_BAD_IP);
	frame_ip(&f, 0, OUR_IP, IPPROTO_ICMP, icmp, sizeof(icmp));
	f.ip->version_ihl = 0x65;
	expect_drop(&f, DP_DROP_BAD_IP);
	frame_ip(&f, 0, OUR_IP, IPPROTO_ICMP, icmp, sizeof(icmp));
	f.ip->total_length = rte_cpu_to_be_16(19);
	expect_drop(&f, DP_DROP_BAD_IP);
	frame_ip(&f, 0, OUR_IP, IPPROTO_ICMP, icmp, sizeof(icmp));
	f.ip->version_ihl = 0x4f;		/* options beyond the frame */
	expect_drop(&f, DP_DROP_BAD_IP);
	frame_ip(&f, 0, OUR_IP, IPPROTO_ICMP, icmp, sizeof(icmp));
	f.ip->total_length = rte_cpu_to_be_16(1400);
	expect_drop(&f, DP_DROP_TRUNC_IP);
	frame_ip(&f, 0, OUR_IP, IPPROTO_ICMP, icmp, sizeof(icmp));
	f.len = 14 + 10;
	expect_drop(&f, DP_DROP_TRUNC_IP);
}

static void
test_other(void **state)
{
	uint8_t l4[8] = { 0 };
	struct frame f;

	frame_eth(&f, 0, RTE_ETHER_TYPE_IPV4);
	f.len = 10;
	expect_drop(&f, DP_DROP_TRUNC_ETH);
	frame_eth(&f, 0, RTE_ETHER_TYPE_IPV6);
	f.len += 40;
	expect_drop(&f, DP_DROP_ETHERTYPE);
	frame_ip(&f, 0, OUR_IP, IPPROTO_TCP, l4, sizeof(l4));
	expect_drop(&f, DP_DROP_LOCAL_PROTO);
	frame_ip(&f, 0, LNS_IPV4(8, 8, 8, 8), IPPROTO_ICMP, l4, sizeof(l4));
	expect_drop(&f, DP_DROP_NO_ROUTE);	/* port has no cfg: not core */
	{
		struct cfg_port core = { .role = CFG_PORT_CORE };

		port.cfg = &core;
		assert_int_equal(classify(&f).kind, DP_VERDICT_DOWN);
		core.role = CFG_PORT_ACCESS;
		expect_drop(&f, DP_DROP_NO_ROUTE);
		port.cfg = NULL;
	}
}

/* Eth[/VLAN]/IPv6 with payload_len octets after it (pl of them given). */
static void
frame_ip6(struct frame *f, uint16_t vlan, const uint8_t *dst, uint8_t proto,
	  const uint8_t *pl, uint16_t len)
{
	static const uint8_t src[16] = { 0x20, 0x01, 0x0d, 0xb8, 0xc0, 0x4e };
	struct rte_ipv6_hdr *h;

	frame_eth(f, vlan, RTE_ETHER_TYPE_IPV6);
	h = (struct rte_ipv6_hdr *)(f->b + f->len);
	h->vtc_flow = rte_cpu_to_be_32(6u << 28);
	h->payload_len = rte_cpu_to_be_16(len);
	h->proto = proto;
	h->hop_limits = 64;
	memcpy(h->src_addr, src, 16);
	memcpy(h->dst_addr, dst, 16);
	f->len += sizeof(*h);
	memcpy(f->b + f->len, pl, len);
	f->len += len;
}

/* 0x86DD: classified on a core port only (dp_classify6.h). */
static void
test_ipv6(void **state)
{
	static const uint8_t sub[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 1,
					 0, 0, 0, 0, 0, 0, 0, 5 };
	static const uint8_t ll[16] = { 0xfe, 0x80, [15] = 1 };
	static const uint8_t mc[16] = { 0xff, 0x02, [15] = 1 };
	uint8_t pl[16] = { 0 };
	struct cfg_port core = { .role = CFG_PORT_CORE };
	struct rte_mbuf *m;
	struct frame f;
	uint8_t t;

	frame_ip6(&f, 0, sub, IPPROTO_UDP, pl, sizeof(pl));
	expect_drop(&f, DP_DROP_ETHERTYPE);	/* no cfg: not core */
	core.role = CFG_PORT_ACCESS;
	port.cfg = &core;
	expect_drop(&f, DP_DROP_ETHERTYPE);	/* tunnels are IPv4 */
	core.role = CFG_PORT_CORE;
	m = mk(f.b, f.len);
	assert_int_equal(dp_classify(&port, &m, &l2tp_data).kind,
			 DP_VERDICT_DOWN6);
	assert_int_equal(m->l2_len, 14);
	assert_int_equal(m->l3_len, 40);
	/* 802.1Q on the core port. */
	port.vlan = 7;
	frame_ip6(&f, 7, sub, IPPROTO_UDP, pl, sizeof(pl));
	m = mk(f.b, f.len);
	assert_int_equal(dp_classify(&port, &m, &l2tp_data).kind,
			 DP_VERDICT_DOWN6);
	assert_int_equal(m->l2_len, 18);
	port.vlan = 0;
	/* Sanity. */
	frame_ip6(&f, 0, sub, IPPROTO_UDP, pl, sizeof(pl));
	f.len = 14 + 39;
	expect_drop(&f, DP_DROP_TRUNC_IP6);
	frame_ip6(&f, 0, sub, IPPROTO_UDP, pl, sizeof(pl));
	f.len -= 1;				/* payload_len past the frame */
	expect_drop(&f, DP_DROP_TRUNC_IP6);
	frame_ip6(&f, 0, sub, IPPROTO_UDP, pl, sizeof(pl));
	f.b[14] = 0x45;				/* version 4 */
	expect_drop(&f, DP_DROP_BAD_IP6);
	/* Link-local, multicast: ours or nobody's. */
	frame_ip6(&f, 0, ll, IPPROTO_UDP, pl, sizeof(pl));
	expect_punt(&f, DP_PUNT_IPV6_LOCAL);
	frame_ip6(&f, 0, mc, IPPROTO_UDP, pl, sizeof(pl));
	expect_punt(&f, DP_PUNT_IPV6_LOCAL);
	/* ND 133-137 whatever the destination; other ICMPv6 forwarded. */
	for (t = 128; t < 140; t++) {
		pl[0] = t;
		frame_ip6(&f, 0, sub, IPPROTO_ICMPV6, pl, sizeof(pl));
		if (t >= 133 && t <= 137)
			expect_punt(&f, DP_PUNT_IPV6_ND);
		else
			assert_int_equal(classify(&f).kind, DP_VERDICT_DOWN6);
		frame_ip6(&f, 0, mc, IPPROTO_ICMPV6, pl, sizeof(pl));
		expect_punt(&f, t >= 133 && t <= 137 ? DP_PUNT_IPV6_ND :
			    DP_PUNT_IPV6_LOCAL);
	}
	/* ICMPv6 with no type octet: not ND, forwarded (the FIB decides). */
	frame_ip6(&f, 0, sub, IPPROTO_ICMPV6, pl, 0);
	assert_int_equal(classify(&f).kind, DP_VERDICT_DOWN6);
	port.cfg = NULL;
}

static void
test_names_unique(void **state)
{
	unsigned int i, j;

	for (i = 0; i < DP_DROP_MAX; i++)
		for (j = i + 1; j < DP_DROP_MAX; j++)
			assert_string_not_equal(dp_drop_name(i), dp_drop_name(j));
	assert_string_equal(dp_drop_name(DP_DROP_MAX), "unknown");
	assert_string_equal(dp_punt_name(DP_PUNT_L2TP_CTRL), "l2tp_control");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_arp_punted, setup),
		cmocka_unit_test_setup(test_icmp_to_us_punted, setup),
		cmocka_unit_test_setup(test_l2tp, setup),
		cmocka_unit_test_setup(test_l2tp_data_ppp, setup),
		cmocka_unit_test_setup(test_vlan, setup),
		cmocka_unit_test_setup(test_vlan_stripped, setup),
		cmocka_unit_test_setup(test_bad_ipv4, setup),
		cmocka_unit_test_setup(test_other, setup),
		cmocka_unit_test_setup(test_ipv6, setup),
		cmocka_unit_test_setup(test_names_unique, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
