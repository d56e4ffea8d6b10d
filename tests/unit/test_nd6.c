/* SPDX-License-Identifier: BSD-3-Clause
 * Neighbor Discovery codec (control/ipv6/nd6_*.c, ip6_pkt.c) against
 * scapy's frames (ip6_test_vectors.h, gen_ip6_vectors.py).
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ip6.h"
#include "nd6.h"
#include "ip6_test_vectors.h"
#include "test_nd6_pcap.h"

/* The scenario of gen_ip6_vectors.py. */
#define V6_IFID		UINT64_C(0x0200000000000001)
static const uint8_t v6_server_mac[6] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0x01 };
static const uint8_t v6_client_mac[6] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0xaa };
static const uint8_t v6_peer_mac[6] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0xfe };

static void
addr(const char *s, uint8_t *a)
{
	assert_int_equal(inet_pton(AF_INET6, s, a), 1);
}

static void
ra_conf(struct nd6_ra_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->other = true;
	c->cur_hop_limit = 64;
	c->router_lifetime = 1800;
	c->mtu = 1492;
	c->prefix_valid = 86400;
	c->prefix_preferred = 14400;
	c->nb_dns = 2;
	c->dns_lifetime = 1200;
	addr("2001:4860:4860::8888", c->dns[0]);
	addr("2001:4860:4860::8844", c->dns[1]);
}

static void
test_ra_full(void **state)
{
	struct nd6_ra_conf c;
	struct nd6_ra_sess s = { .ifid = V6_IFID };
	uint8_t pfx[16], out[256];
	size_t n, cap;

	(void)state;
	ra_conf(&c);
	/* Host bits of the session's prefix are not advertised. */
	addr("2001:db8:200:1::99", pfx);
	s.prefix = pfx;
	n = nd6_ra_build(out, sizeof(out), &c, &s);
	assert_int_equal(n, sizeof(v6_ra_full));
	assert_memory_equal(out, v6_ra_full, n);
	test_ip6_pcap(out, n);
	/* Every smaller buffer: nothing. */
	for (cap = 0; cap < n; cap++)
		assert_int_equal(nd6_ra_build(out, cap, &c, &s), 0);
}

static void
test_ra_pd_only(void **state)
{
	struct nd6_ra_conf c = { .managed = true, .other = true,
				 .cur_hop_limit = 64, .router_lifetime = 1800,
				 .reachable_ms = 30000, .retrans_ms = 1000 };
	uint8_t dst[16], out[256];
	struct nd6_ra_sess s = { .ifid = V6_IFID, .dst = dst };
	size_t n;

	(void)state;
	addr("fe80::1234:5678:9abc:def0", dst);
	n = nd6_ra_build(out, sizeof(out), &c, &s);
	assert_int_equal(n, sizeof(v6_ra_pd_only));
	assert_memory_equal(out, v6_ra_pd_only, n);
	test_ip6_pcap(out, n);
}

static void
test_ra_bad_conf(void **state)
{
	struct nd6_ra_conf c;
	struct nd6_ra_sess s = { .ifid = V6_IFID };
	uint8_t out[256];

	(void)state;
	ra_conf(&c);
	c.prefix_preferred = c.prefix_valid + 1;
	assert_int_equal(nd6_ra_build(out, sizeof(out), &c, &s), 0);
	ra_conf(&c);
	c.nb_dns = ND6_MAX_DNS + 1;
	assert_int_equal(nd6_ra_build(out, sizeof(out), &c, &s), 0);
}

static void
test_rs_parse(void **state)
{
	struct nd6_rs rs;
	uint8_t src[16];

	(void)state;
	assert_int_equal(nd6_rs_parse(v6_rs_slla, sizeof(v6_rs_slla), &rs),
			 ND6_OK);
	addr("fe80::1234:5678:9abc:def0", src);
	assert_memory_equal(rs.src, src, 16);
	assert_non_null(rs.slla);
	assert_int_equal(rs.slla_len, 6);
	assert_memory_equal(rs.slla, v6_client_mac, 6);
	assert_int_equal(nd6_rs_parse(v6_rs_unspec, sizeof(v6_rs_unspec),
				      &rs), ND6_OK);
	assert_null(rs.slla);
	assert_true(ip6_is_unspecified(rs.src));
}

/* A copy of the RS with a change, its checksum made right again. */
static size_t
rs_mut(uint8_t *p, size_t off, uint8_t v, int fix)
{
	memcpy(p, v6_rs_slla, sizeof(v6_rs_slla));
	p[off] = v;
	if (fix)
		ip6_cksum_set(p, 2);
	return sizeof(v6_rs_slla);
}

static void
test_rs_malformed(void **state)
{
	uint8_t p[128];
	struct nd6_rs rs;
	size_t n, i;

	(void)state;
	/* Hop limit is not in the checksum: only the check catches it. */
	n = rs_mut(p, 7, 254, 0);
	assert_int_equal(nd6_rs_parse(p, n, &rs), ND6_ERR_HLIM);
	n = rs_mut(p, 41, 1, 1);			/* code */
	assert_int_equal(nd6_rs_parse(p, n, &rs), ND6_ERR_CODE);
	n = rs_mut(p, 50, 0x03, 0);			/* a MAC octet */
	assert_int_equal(nd6_rs_parse(p, n, &rs), ND6_ERR_CKSUM);
	n = rs_mut(p, 49, 0, 1);			/* option length 0 */
	assert_int_equal(nd6_rs_parse(p, n, &rs), ND6_ERR_OPT);
	n = rs_mut(p, 49, 2, 1);			/* past the end */
	assert_int_equal(nd6_rs_parse(p, n, &rs), ND6_ERR_OPT);
	n = rs_mut(p, 6, 17, 0);			/* next header UDP */
	assert_int_equal(nd6_rs_parse(p, n, &rs), ND6_ERR_NEXT);
	n = rs_mut(p, 40, ND6_RA, 1);
	assert_int_equal(nd6_rs_parse(p, n, &rs), ND6_ERR_TYPE);
	n = rs_mut(p, 0, 0x40, 0);			/* IPv4 */
	assert_int_equal(nd6_rs_parse(p, n, &rs), ND6_ERR_IP);
	/* From :: with an SLLA option (§6.1.1). */
	memcpy(p, v6_rs_slla, sizeof(v6_rs_slla));
	memset(p + 8, 0, 16);
	ip6_cksum_set(p, 2);
	assert_int_equal(nd6_rs_parse(p, sizeof(v6_rs_slla), &rs),
			 ND6_ERR_ADDR);
	/* Truncated anywhere: refused, never read past the end. */
	for (i = 0; i < sizeof(v6_rs_slla); i++)
		assert_int_not_equal(nd6_rs_parse(v6_rs_slla, i, &rs), ND6_OK);
	/* A payload length shorter than an RS. */
	memcpy(p, v6_rs_unspec, sizeof(v6_rs_unspec));
	p[5] = 4;
	assert_int_equal(nd6_rs_parse(p, sizeof(v6_rs_unspec), &rs),
			 ND6_ERR_SHORT);
	assert_string_equal(nd6_err_name(ND6_ERR_CKSUM), "checksum");
}

static void
test_ns_na_build(void **state)
{
	uint8_t core[16], peer[16], out[128], sn[16], want[16], mac[6];
	static const uint8_t want_mac[6] = { 0x33, 0x33, 0xff, 0, 0, 0xfe };
	struct nd6_nx nx;
	size_t n;

	(void)state;
	addr("2001:db8:ff::1", core);
	addr("2001:db8:ff::fe", peer);
	ip6_solicited_node(sn, peer);
	addr("ff02::1:ff00:fe", want);
	assert_memory_equal(sn, want, 16);
	ip6_mcast_mac(mac, sn);
	assert_memory_equal(mac, want_mac, 6);

	n = nd6_ns_build(out, sizeof(out), core, v6_server_mac, peer, NULL);
	assert_int_equal(n, sizeof(v6_ns_core));
	assert_memory_equal(out, v6_ns_core, n);
	test_ip6_pcap(out, n);
	assert_int_equal(nd6_ns_parse(out, n, &nx), ND6_OK);
	assert_memory_equal(nx.target, peer, 16);
	assert_memory_equal(nx.lla, v6_server_mac, 6);
	assert_int_equal(nd6_ns_build(out, n - 1, core, v6_server_mac, peer,
				      NULL), 0);

	n = nd6_na_build(out, sizeof(out), core, peer, core, v6_server_mac,
			 ND6_NA_F_SOLICITED | ND6_NA_F_OVERRIDE);
	assert_int_equal(n, sizeof(v6_na_core));
	assert_memory_equal(out, v6_na_core, n);
	test_ip6_pcap(out, n);
	/* Duplicate address detection: from ::, to the solicited-node
	 * address, without SLLA (§7.1.1); with one, or unicast: refused. */
	n = nd6_ns_build(out, sizeof(out), core, v6_server_mac, peer, NULL);
	memset(out + 8, 0, 16);
	out[4] = 0;
	out[5] = 24;				/* the SLLA option cut off */
	ip6_cksum_set(out, 2);
	assert_int_equal(nd6_ns_parse(out, 64, &nx), ND6_OK);
	assert_true(ip6_is_unspecified(nx.src));
	assert_null(nx.lla);
	n = nd6_ns_build(out, sizeof(out), core, v6_server_mac, peer, NULL);
	memset(out + 8, 0, 16);
	ip6_cksum_set(out, 2);
	assert_int_equal(nd6_ns_parse(out, n, &nx), ND6_ERR_ADDR);
	n = nd6_ns_build(out, sizeof(out), core, v6_server_mac, peer, peer);
	memset(out + 8, 0, 16);
	out[5] = 24;
	ip6_cksum_set(out, 2);
	assert_int_equal(nd6_ns_parse(out, 64, &nx), ND6_ERR_ADDR);
	/* An NA to a multicast address may not be Solicited (§7.1.2). */
	n = nd6_na_build(out, sizeof(out), core, ip6_all_nodes, core,
			 v6_server_mac, ND6_NA_F_SOLICITED);
	assert_int_equal(nd6_na_parse(out, n, &nx), ND6_ERR_ADDR);
}

static void
test_na_parse(void **state)
{
	uint8_t peer[16], p[128];
	struct nd6_nx nx;

	(void)state;
	addr("2001:db8:ff::fe", peer);
	assert_int_equal(nd6_na_parse(v6_na_peer, sizeof(v6_na_peer), &nx),
			 ND6_OK);
	assert_memory_equal(nx.target, peer, 16);
	assert_int_equal(nx.flags, ND6_NA_F_ROUTER | ND6_NA_F_SOLICITED);
	assert_int_equal(nx.lla_len, 6);
	assert_memory_equal(nx.lla, v6_peer_mac, 6);
	/* A multicast target. */
	memcpy(p, v6_na_peer, sizeof(v6_na_peer));
	p[48] = 0xff;
	ip6_cksum_set(p, 2);
	assert_int_equal(nd6_na_parse(p, sizeof(v6_na_peer), &nx),
			 ND6_ERR_ADDR);
	/* An NS is not an NA. */
	assert_int_equal(nd6_na_parse(v6_ns_core, sizeof(v6_ns_core), &nx),
			 ND6_ERR_TYPE);
}

static void
test_ip6_helpers(void **state)
{
	uint8_t a[16], b[16], m[16], ll[16];

	(void)state;
	ip6_link_local(ll, V6_IFID);
	addr("fe80::200:0:0:1", a);
	assert_memory_equal(ll, a, 16);
	assert_true(ip6_is_link_local(ll));
	addr("2001:db8:100:ab00::", a);
	addr("2001:db8:100:abff::1", b);
	assert_true(ip6_prefix_eq(a, b, 56));
	assert_false(ip6_prefix_eq(a, b, 57));
	assert_true(ip6_prefix_eq(a, b, 0));
	assert_false(ip6_prefix_eq(a, b, 129));
	ip6_prefix_mask(m, b, 56);
	assert_memory_equal(m, a, 16);
	ip6_prefix_mask(m, b, 128);
	assert_memory_equal(m, b, 16);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ra_full),
		cmocka_unit_test(test_ra_pd_only),
		cmocka_unit_test(test_ra_bad_conf),
		cmocka_unit_test(test_rs_parse),
		cmocka_unit_test(test_rs_malformed),
		cmocka_unit_test(test_ns_na_build),
		cmocka_unit_test(test_na_parse),
		cmocka_unit_test(test_ip6_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
