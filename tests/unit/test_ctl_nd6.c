/* SPDX-License-Identifier: BSD-3-Clause
 *
 * The core side's Neighbor Discovery decisions (control/ctl_nd6_proc.c)
 * with the shared neighbour table (control/ctl_neigh.c): our addresses,
 * the NS we send (parsed back by the ND codec), NS -> NA, DAD defended,
 * NA -> the gateway's entry REACHABLE, conflicts and bad packets.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ctl_nd6.h"
#include "ctl_neigh.h"
#include "ip6.h"
#include "nd6.h"

static const uint8_t our_mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
static const uint8_t gw_mac[6] = { 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0x02 };

static void
addr(const char *s, uint8_t *a)
{
	assert_int_equal(inet_pton(AF_INET6, s, a), 1);
}

/* The core port of the e2e test: 2001:db8:c0::1/64, gateway ::2. */
static void
core_if(struct ctl_nd6_if *f, const char *gw)
{
	struct cfg_port c;

	memset(&c, 0, sizeof(c));
	c.role = CFG_PORT_CORE;
	addr("2001:db8:c0::1", c.address6.addr);
	c.address6.len = 64;
	if (gw != NULL)
		addr(gw, c.gateway6);
	ctl_nd6_if_init(f, &c, our_mac);
}

static void
test_if_init(void **state)
{
	struct ctl_nd6_if f;
	struct cfg_port c;
	uint8_t a[16];

	(void)state;
	core_if(&f, "2001:db8:c0::2");
	assert_true(f.on);
	assert_true(f.has_gw);
	assert_int_equal(f.plen, 64);
	/* Modified EUI-64: U/L bit flipped, ff:fe in the middle. */
	addr("fe80::5eff:fe10:2030", a);
	assert_memory_equal(f.ll, a, 16);
	assert_true(ctl_nd6_if_ours(&f, a));
	addr("2001:db8:c0::1", a);
	assert_true(ctl_nd6_if_ours(&f, a));
	assert_memory_equal(ctl_nd6_if_src(&f, f.gw), a, 16);
	addr("fe80::1", a);
	assert_false(ctl_nd6_if_ours(&f, a));
	assert_memory_equal(ctl_nd6_if_src(&f, a), f.ll, 16);
	assert_memory_equal(ctl_nd6_if_src(&f, ip6_all_nodes), f.ll, 16);

	/* No address6, or not a core port: IPv6 off. */
	memset(&c, 0, sizeof(c));
	c.role = CFG_PORT_CORE;
	ctl_nd6_if_init(&f, &c, our_mac);
	assert_false(f.on);
	assert_false(ctl_nd6_if_ours(&f, f.ll));
	c.role = CFG_PORT_ACCESS;
	addr("2001:db8:c0::1", c.address6.addr);
	c.address6.len = 64;
	ctl_nd6_if_init(&f, &c, our_mac);
	assert_false(f.on);
}

static void
test_ns_out(void **state)
{
	struct ctl_nd6_if f;
	uint8_t out[256], eth[6], sn[16], a[16];
	static const uint8_t sn_mac[6] = { 0x33, 0x33, 0xff, 0, 0, 2 };
	struct nd6_nx ns;
	size_t len;

	(void)state;
	core_if(&f, "2001:db8:c0::2");
	/* Address resolution: solicited-node multicast, our SLLA. */
	len = ctl_nd6_ns(&f, f.gw, NULL, out, sizeof(out), eth);
	assert_int_equal(len, 40 + 24 + 8);
	assert_memory_equal(eth, sn_mac, 6);
	assert_int_equal(nd6_ns_parse(out, len, &ns), ND6_OK);
	assert_memory_equal(ns.target, f.gw, 16);
	ip6_solicited_node(sn, f.gw);
	assert_memory_equal(ns.dst, sn, 16);
	assert_memory_equal(ns.src, f.global, 16);
	assert_non_null(ns.lla);
	assert_memory_equal(ns.lla, our_mac, 6);
	assert_int_equal(out[7], 255);
	/* Unicast probe to the known MAC. */
	len = ctl_nd6_ns(&f, f.gw, gw_mac, out, sizeof(out), eth);
	assert_int_equal(nd6_ns_parse(out, len, &ns), ND6_OK);
	assert_memory_equal(eth, gw_mac, 6);
	assert_memory_equal(ns.dst, f.gw, 16);
	/* A link-local router is asked from our link-local address. */
	addr("fe80::2", a);
	len = ctl_nd6_ns(&f, a, NULL, out, sizeof(out), eth);
	assert_int_equal(nd6_ns_parse(out, len, &ns), ND6_OK);
	assert_memory_equal(ns.src, f.ll, 16);
	/* Too small a buffer, or IPv6 off: nothing. */
	assert_int_equal(ctl_nd6_ns(&f, f.gw, NULL, out, 50, eth), 0);
	f.on = false;
	assert_int_equal(ctl_nd6_ns(&f, f.gw, NULL, out, sizeof(out), eth), 0);
}

static void
test_ns_in_answered(void **state)
{
	struct ctl_nd6_if f;
	uint8_t pkt[128], out[256], host[16], ll[16];
	struct ctl_nd6_act act;
	struct nd6_nx na;
	size_t len;

	(void)state;
	core_if(&f, NULL);
	addr("2001:db8:c0::2", host);
	/* The core host's NS for our global address, multicast. */
	len = nd6_ns_build(pkt, sizeof(pkt), host, gw_mac, f.global, NULL);
	ctl_nd6_process(&f, pkt, len, gw_mac, out, sizeof(out), &act);
	assert_int_equal(act.v, CTL_ND6_V_ANSWER);
	assert_int_equal(act.type, ND6_NS);
	assert_true(act.learn);
	assert_true(act.create);
	assert_true(act.has_mac);
	assert_memory_equal(act.addr, host, 16);
	assert_memory_equal(act.mac, gw_mac, 6);
	assert_memory_equal(act.eth_dst, gw_mac, 6);
	assert_int_equal(nd6_na_parse(out, act.len, &na), ND6_OK);
	assert_memory_equal(na.target, f.global, 16);
	assert_memory_equal(na.src, f.global, 16);
	assert_memory_equal(na.dst, host, 16);
	assert_int_equal(na.flags, ND6_NA_F_ROUTER | ND6_NA_F_SOLICITED |
				   ND6_NA_F_OVERRIDE);
	assert_non_null(na.lla);
	assert_memory_equal(na.lla, our_mac, 6);
	assert_true(ip6_cksum_ok(out));

	/* For our link-local address, from a link-local one. */
	addr("fe80::2", ll);
	len = nd6_ns_build(pkt, sizeof(pkt), ll, gw_mac, f.ll, NULL);
	ctl_nd6_process(&f, pkt, len, gw_mac, out, sizeof(out), &act);
	assert_int_equal(act.v, CTL_ND6_V_ANSWER);
	assert_int_equal(nd6_na_parse(out, act.len, &na), ND6_OK);
	assert_memory_equal(na.target, f.ll, 16);
	assert_memory_equal(na.dst, ll, 16);

	/* For someone else: no answer, nothing learnt. */
	len = nd6_ns_build(pkt, sizeof(pkt), ll, gw_mac, host, NULL);
	ctl_nd6_process(&f, pkt, len, gw_mac, out, sizeof(out), &act);
	assert_int_equal(act.v, CTL_ND6_V_NOT_FOR_US);
	assert_int_equal(act.type, ND6_NS);
	assert_int_equal(act.len, 0);
	assert_false(act.learn);
}

static void
test_dad_defended(void **state)
{
	static const uint8_t zero[16];
	static const uint8_t all_nodes_mac[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	struct ctl_nd6_if f;
	uint8_t pkt[128], out[256], sn[16];
	struct ctl_nd6_act act;
	struct nd6_nx na;
	size_t len;

	(void)state;
	core_if(&f, NULL);
	/* RFC 4862 §5.4.2: from ::, to the solicited-node group, no SLLA. */
	ip6_solicited_node(sn, f.global);
	len = nd6_ns_build(pkt, sizeof(pkt), zero, gw_mac, f.global, sn);
	/* nd6_ns_build always adds an SLLA: cut it and fix the lengths. */
	len -= 8;
	pkt[5] = (uint8_t)(len - 40);
	ip6_cksum_set(pkt, 2);
	ctl_nd6_process(&f, pkt, len, gw_mac, out, sizeof(out), &act);
	assert_int_equal(act.v, CTL_ND6_V_DAD_DEFEND);
	assert_false(act.learn);
	assert_memory_equal(act.eth_dst, all_nodes_mac, 6);
	assert_int_equal(nd6_na_parse(out, act.len, &na), ND6_OK);
	assert_memory_equal(na.dst, ip6_all_nodes, 16);
	assert_int_equal(na.flags, ND6_NA_F_ROUTER | ND6_NA_F_OVERRIDE);
	assert_memory_equal(na.target, f.global, 16);
}

struct sol {
	const struct ctl_nd6_if *f;
	unsigned int n;
	size_t len;
	uint8_t out[256], eth[6];
};

/* The table's solicitations through the ND builder, as ctl_arp.c does. */
static void
solicit(void *arg, uint16_t port, const uint8_t *a, const uint8_t *mac)
{
	struct sol *s = arg;

	(void)port;
	s->n++;
	s->len = ctl_nd6_ns(s->f, a, mac, s->out, sizeof(s->out), s->eth);
}

static void
test_gateway_pinned_resolved(void **state)
{
	static const struct neigh_params prm = {
		.reachable_ms = 30000, .retrans_ms = 1000, .probes = 3,
		.max_entries = 16,
	};
	struct ctl_nd6_if f;
	struct neigh_table t;
	struct ctl_nd6_act act;
	struct neigh_entry *e;
	struct sol s = { 0 };
	uint8_t pkt[128], out[256], other[16];
	struct nd6_nx ns;
	size_t len;

	(void)state;
	core_if(&f, "2001:db8:c0::2");
	s.f = &f;
	assert_int_equal(neigh_init(&t, &prm, solicit, NULL, &s), 0);
	e = neigh_resolve_addr(&t, 0, f.gw, true, 0);
	assert_non_null(e);
	assert_true(e->pinned);
	assert_int_equal(e->state, NEIGH_INCOMPLETE);
	assert_int_equal(s.n, 1);
	assert_int_equal(nd6_ns_parse(s.out, s.len, &ns), ND6_OK);
	assert_memory_equal(ns.target, f.gw, 16);

	/* The gateway's solicited NA, with its TLLA. */
	len = nd6_na_build(pkt, sizeof(pkt), f.gw, f.global, f.gw, gw_mac,
			   ND6_NA_F_ROUTER | ND6_NA_F_SOLICITED |
			   ND6_NA_F_OVERRIDE);
	ctl_nd6_process(&f, pkt, len, gw_mac, out, sizeof(out), &act);
	assert_int_equal(act.v, CTL_ND6_V_LEARN);
	assert_int_equal(act.type, ND6_NA);
	assert_true(act.learn);
	assert_false(act.create);
	assert_true(act.has_mac);
	assert_int_equal(act.len, 0);
	assert_memory_equal(act.addr, f.gw, 16);
	assert_ptr_equal(neigh_confirm_addr(&t, 0, act.addr, act.mac,
					    act.create, 10), e);
	assert_int_equal(e->state, NEIGH_REACHABLE);
	assert_true(neigh_usable(e));
	assert_memory_equal(e->mac, gw_mac, 6);
	/* Re-confirmed by a unicast NS to its MAC when reachable_ms ends. */
	neigh_timer(&t, 10 + 30000);
	assert_int_equal(e->state, NEIGH_PROBE);
	assert_int_equal(nd6_ns_parse(s.out, s.len, &ns), ND6_OK);
	assert_memory_equal(ns.dst, f.gw, 16);
	assert_memory_equal(s.eth, gw_mac, 6);

	/* An NA from a stranger is not learnt (create is off). */
	addr("2001:db8:c0::99", other);
	len = nd6_na_build(pkt, sizeof(pkt), other, f.global, other, gw_mac,
			   ND6_NA_F_SOLICITED);
	ctl_nd6_process(&f, pkt, len, gw_mac, out, sizeof(out), &act);
	assert_int_equal(act.v, CTL_ND6_V_LEARN);
	assert_null(neigh_confirm_addr(&t, 0, act.addr, act.mac, act.create,
				       20));
	assert_int_equal(t.n, 1);
	neigh_fini(&t);
}

static void
test_conflicts_and_bad(void **state)
{
	struct ctl_nd6_if f;
	uint8_t pkt[128], out[256], host[16];
	struct ctl_nd6_act act;
	size_t len;

	(void)state;
	core_if(&f, NULL);
	addr("2001:db8:c0::2", host);
	/* Someone advertises our address. */
	len = nd6_na_build(pkt, sizeof(pkt), host, ip6_all_nodes, f.global,
			   gw_mac, ND6_NA_F_OVERRIDE);
	ctl_nd6_process(&f, pkt, len, gw_mac, out, sizeof(out), &act);
	assert_int_equal(act.v, CTL_ND6_V_CONFLICT);
	assert_false(act.learn);
	assert_memory_equal(act.addr, f.global, 16);
	/* An NS from our own address (for our link-local one). */
	len = nd6_ns_build(pkt, sizeof(pkt), f.global, gw_mac, f.ll, NULL);
	ctl_nd6_process(&f, pkt, len, gw_mac, out, sizeof(out), &act);
	assert_int_equal(act.v, CTL_ND6_V_CONFLICT);
	assert_int_equal(act.len, 0);
	/* Hop limit 254: forwarded by a router, refused (§7.1.1). */
	len = nd6_ns_build(pkt, sizeof(pkt), host, gw_mac, f.global, NULL);
	pkt[7] = 254;
	ctl_nd6_process(&f, pkt, len, gw_mac, out, sizeof(out), &act);
	assert_int_equal(act.v, CTL_ND6_V_MALFORMED);
	assert_int_equal(act.err, ND6_ERR_HLIM);
	assert_int_equal(act.type, 0);
	assert_int_equal(act.len, 0);
	/* A bad checksum. */
	pkt[7] = 255;
	pkt[len - 1] ^= 1;
	ctl_nd6_process(&f, pkt, len, gw_mac, out, sizeof(out), &act);
	assert_int_equal(act.v, CTL_ND6_V_MALFORMED);
	assert_int_equal(act.err, ND6_ERR_CKSUM);
	/* Truncated, and not ICMPv6. */
	ctl_nd6_process(&f, pkt, 30, gw_mac, out, sizeof(out), &act);
	assert_int_equal(act.v, CTL_ND6_V_MALFORMED);
	pkt[6] = IP6_NH_UDP;
	ctl_nd6_process(&f, pkt, len, gw_mac, out, sizeof(out), &act);
	assert_int_equal(act.v, CTL_ND6_V_MALFORMED);
	/* An IPv4-mapped source would alias an ARP entry: refused. */
	addr("::ffff:203.0.113.2", host);
	len = nd6_ns_build(pkt, sizeof(pkt), host, gw_mac, f.global, NULL);
	ctl_nd6_process(&f, pkt, len, gw_mac, out, sizeof(out), &act);
	assert_int_equal(act.v, CTL_ND6_V_MALFORMED);
	assert_int_equal(act.err, ND6_ERR_ADDR);
	assert_false(act.learn);
	assert_int_equal(act.len, 0);
	len = nd6_na_build(pkt, sizeof(pkt), f.ll, f.global, host, gw_mac,
			   ND6_NA_F_SOLICITED);
	ctl_nd6_process(&f, pkt, len, gw_mac, out, sizeof(out), &act);
	assert_int_equal(act.v, CTL_ND6_V_MALFORMED);
	assert_false(act.learn);
	/* A Router Advertisement: not ours to act on. */
	len = nd6_ns_build(pkt, sizeof(pkt), f.ll, gw_mac, f.global, NULL);
	/* (the type octet only: OTHER is decided before any parsing) */
	pkt[40] = ND6_RA;
	ctl_nd6_process(&f, pkt, len, gw_mac, out, sizeof(out), &act);
	assert_int_equal(act.v, CTL_ND6_V_OTHER);
	assert_int_equal(act.len, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_if_init),
		cmocka_unit_test(test_ns_out),
		cmocka_unit_test(test_ns_in_answered),
		cmocka_unit_test(test_dad_defended),
		cmocka_unit_test(test_gateway_pinned_resolved),
		cmocka_unit_test(test_conflicts_and_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
