/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests for IPCP (RFC 1332, RFC 1877 DNS options) and IPv6CP
 * (RFC 5072) on the generic automaton. The test plays the subscriber.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ppp_ipcp.h"
#include "ppp_ipv6cp.h"

#define MAX_SENT	8
#define LOCAL		0x0a000001u	/* 10.0.0.1 */
#define PEER		0x0a000164u	/* 10.0.1.100 */
#define DNS1		0x08080808u
#define DNS2		0x01010101u

struct sent {
	uint8_t pkt[PPP_FSM_MAX_PKT];
	size_t len;
	uint16_t proto;
};

static struct ppp_ipcp ipcp;
static struct ppp_ipv6cp v6;
static struct ppp_fsm *fsm;
static struct sent sent[MAX_SENT];
static unsigned int nsent, ups;
static uint8_t rnd;

static void
t_send(void *arg, uint16_t proto, const uint8_t *pkt, size_t len)
{
	assert_true(nsent < MAX_SENT);
	memcpy(sent[nsent].pkt, pkt, len);
	sent[nsent].len = len;
	sent[nsent].proto = proto;
	nsent++;
}

static void
t_layer(void *arg, struct ppp_fsm *f, enum ppp_fsm_layer ev)
{
	if (ev == PPP_LAYER_UP)
		ups++;
}

static int
t_random(void *arg, void *buf, size_t len)
{
	rnd += 0x11;
	memset(buf, rnd, len);
	return 0;
}

static void
hook(struct ppp_fsm *f)
{
	fsm = f;
	static const struct ppp_fsm_owner owner = {
		.send = t_send,
		.layer_cb = t_layer,
		.random = t_random,
	};

	f->owner = &owner;
	nsent = ups = 0;
	ppp_fsm_up(f, 0);
	ppp_fsm_open(f, 0);
	assert_int_equal(nsent, 1);
	assert_int_equal(sent[0].pkt[0], PPP_CONF_REQ);
}

static void
start_ipcp(uint32_t peer, uint32_t dns1, uint32_t dns2)
{
	struct ppp_ipcp_conf conf = {
		.local_addr = LOCAL,
		.peer_addr = peer,
		.dns = { dns1, dns2 },
	};

	ppp_ipcp_init(&ipcp, &conf);
	hook(&ipcp.fsm);
}

static int
setup(void **state)
{
	rnd = 0;
	start_ipcp(PEER, DNS1, DNS2);
	return 0;
}

static void
rx(uint8_t code, uint8_t id, const void *data, size_t len)
{
	uint8_t buf[PPP_FSM_MAX_PKT];
	int n = ppp_pkt_build(buf, sizeof(buf), code, id, data, len);

	assert_true(n > 0);
	ppp_fsm_input(fsm, buf, n, 0);
}

static const struct sent *
last(void)
{
	assert_true(nsent > 0);
	return &sent[nsent - 1];
}

static void
addr_opt(uint8_t *p, uint8_t type, uint32_t a)
{
	p[0] = type;
	p[1] = 6;
	p[2] = a >> 24;
	p[3] = a >> 16;
	p[4] = a >> 8;
	p[5] = a;
}

/* The reply must be code with exactly these options. */
static void
expect(uint8_t code, uint8_t id, const uint8_t *opts, size_t len)
{
	assert_int_equal(last()->pkt[0], code);
	assert_int_equal(last()->pkt[1], id);
	assert_int_equal(last()->len, 4 + len);
	assert_memory_equal(last()->pkt + 4, opts, len);
}

/* --- IPCP --- */

static void
test_ipcp_our_request(void **state)
{
	uint8_t want[6];

	addr_opt(want, PPP_IPCP_OPT_ADDR, LOCAL);
	assert_int_equal(sent[0].proto, LNS_PPP_PROTO_IPCP);
	assert_int_equal(sent[0].len, 10);
	assert_memory_equal(sent[0].pkt + 4, want, 6);
	/* Rejected by the peer: not requested again. */
	rx(PPP_CONF_REJ, fsm->reqid, want, 6);
	assert_int_equal(last()->pkt[0], PPP_CONF_REQ);
	assert_int_equal(last()->len, 4);
}

static void
test_ipcp_address_via_nak(void **state)
{
	uint8_t req[6], want[6];

	addr_opt(want, PPP_IPCP_OPT_ADDR, PEER);
	/* 0.0.0.0: "assign me one" (RFC 1332 §3.3). */
	addr_opt(req, PPP_IPCP_OPT_ADDR, 0);
	rx(PPP_CONF_REQ, 1, req, 6);
	expect(PPP_CONF_NAK, 1, want, 6);
	/* Another address: Nak'd with the assigned one too. */
	addr_opt(req, PPP_IPCP_OPT_ADDR, 0xc0a80001u);
	rx(PPP_CONF_REQ, 2, req, 6);
	expect(PPP_CONF_NAK, 2, want, 6);
	/* No address at all: the Nak carries it anyway. */
	rx(PPP_CONF_REQ, 3, NULL, 0);
	expect(PPP_CONF_NAK, 3, want, 6);
	/* The assigned one: Ack, then both sides open. */
	rx(PPP_CONF_REQ, 4, want, 6);
	expect(PPP_CONF_ACK, 4, want, 6);
	assert_int_equal(ipcp.peer_addr, PEER);
	rx(PPP_CONF_ACK, fsm->reqid, fsm->req, fsm->reqlen);
	assert_int_equal(fsm->state, PPP_FSM_OPENED);
	assert_int_equal(ups, 1);
}

static void
test_ipcp_dns(void **state)
{
	uint8_t req[12], want[12];

	addr_opt(req, PPP_IPCP_OPT_DNS1, 0);
	addr_opt(req + 6, PPP_IPCP_OPT_DNS2, 0);
	addr_opt(want, PPP_IPCP_OPT_DNS1, DNS1);
	addr_opt(want + 6, PPP_IPCP_OPT_DNS2, DNS2);
	/* DNS Nak'd with the servers; the missing address is added last. */
	rx(PPP_CONF_REQ, 1, req, 12);
	assert_int_equal(last()->pkt[0], PPP_CONF_NAK);
	assert_memory_equal(last()->pkt + 4, want, 12);
	assert_int_equal(last()->len, 4 + 18);
	rx(PPP_CONF_REQ, 2, want, 12);
	assert_int_equal(last()->pkt[0], PPP_CONF_NAK);
	assert_int_equal(last()->len, 4 + 6);	/* only the address */

	/* No secondary server configured: Reject it. */
	start_ipcp(PEER, DNS1, 0);
	rx(PPP_CONF_REQ, 1, req, 12);
	expect(PPP_CONF_REJ, 1, req + 6, 6);
}

static void
test_ipcp_rejects(void **state)
{
	static const uint8_t vj[] = { PPP_IPCP_OPT_COMP, 6, 0, 0x2d, 15, 1 };
	uint8_t req[6 + 6 + 6 + 12], *p = req;

	memcpy(p, vj, 6);
	p += 6;
	addr_opt(p, PPP_IPCP_OPT_NBNS1, 0);
	p += 6;
	addr_opt(p, PPP_IPCP_OPT_ADDR, 0);	/* would be Nak'd */
	p += 6;
	addr_opt(p, PPP_IPCP_OPT_NBNS2, 0);
	p += 6;
	addr_opt(p, 200, 0);
	p += 6;
	rx(PPP_CONF_REQ, 5, req, sizeof(req));
	/* Reject wins: everything but the address, in order. */
	assert_int_equal(last()->pkt[0], PPP_CONF_REJ);
	assert_int_equal(last()->len, 4 + 24);
	assert_memory_equal(last()->pkt + 4, req, 12);
	assert_memory_equal(last()->pkt + 16, req + 18, 12);
	/* Bad option length for IP-Address: Rejected. */
	rx(PPP_CONF_REQ, 6, (const uint8_t[]){ PPP_IPCP_OPT_ADDR, 4, 1, 2 }, 4);
	assert_int_equal(last()->pkt[0], PPP_CONF_REJ);
}

static void
test_ipcp_no_address_assigned(void **state)
{
	uint8_t req[6];

	start_ipcp(0, 0, 0);
	addr_opt(req, PPP_IPCP_OPT_ADDR, 0);
	rx(PPP_CONF_REQ, 1, req, 6);
	expect(PPP_CONF_REJ, 1, req, 6);
	/* With AAA's answer in place, the next request is Nak'd. */
	ppp_ipcp_set_peer_addr(&ipcp, PEER);
	rx(PPP_CONF_REQ, 2, req, 6);
	assert_int_equal(last()->pkt[0], PPP_CONF_NAK);
}

/* --- IPv6CP --- */

static uint64_t
ifid_of(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static void
ifid_opt(uint8_t *p, uint64_t id)
{
	int i;

	p[0] = PPP_IPV6CP_OPT_IFID;
	p[1] = 10;
	for (i = 0; i < 8; i++)
		p[2 + i] = id >> (56 - 8 * i);
}

static void
start_v6_conf(const struct ppp_ipv6cp_conf *conf)
{
	ppp_ipv6cp_init(&v6, conf);
	hook(&v6.fsm);
	assert_int_equal(sent[0].proto, LNS_PPP_PROTO_IPV6CP);
}

static void
start_v6(void)
{
	struct ppp_ipv6cp_conf conf = { 0 };

	start_v6_conf(&conf);
}

/* An assigned peer identifier (Framed-Interface-Id): Nak'd to it. */
static void
test_ipv6cp_assigned_ifid(void **state)
{
	struct ppp_ipv6cp_conf conf = { .peer_ifid = 0x0200000000000042ull };
	uint8_t req[10];

	start_v6_conf(&conf);
	assert_int_not_equal(v6.ifid, conf.peer_ifid);
	ifid_opt(req, 0x1234);
	rx(PPP_CONF_REQ, 1, req, 10);
	assert_int_equal(last()->pkt[0], PPP_CONF_NAK);
	assert_int_equal(ifid_of(last()->pkt + 6), conf.peer_ifid);
	ifid_opt(req, 0);
	rx(PPP_CONF_REQ, 2, req, 10);
	assert_int_equal(ifid_of(last()->pkt + 6), conf.peer_ifid);
	ifid_opt(req, conf.peer_ifid);
	rx(PPP_CONF_REQ, 3, req, 10);
	expect(PPP_CONF_ACK, 3, req, 10);
	assert_int_equal(v6.peer_ifid, conf.peer_ifid);
	/* Our own may not become the assigned one by a Nak. */
	rx(PPP_CONF_NAK, fsm->reqid, req, 10);
	assert_int_not_equal(v6.ifid, conf.peer_ifid);
	assert_int_not_equal(v6.ifid, 0);
}


static void
test_ipv6cp_ifid(void **state)
{
	uint8_t req[10];
	uint64_t sugg;

	start_v6();
	assert_int_equal(sent[0].len, 14);
	assert_int_not_equal(v6.ifid, 0);
	assert_int_equal(ifid_of(sent[0].pkt + 6), v6.ifid);
	/* Zero: Nak with a non-zero suggestion different from ours. */
	ifid_opt(req, 0);
	rx(PPP_CONF_REQ, 1, req, 10);
	assert_int_equal(last()->pkt[0], PPP_CONF_NAK);
	sugg = ifid_of(last()->pkt + 6);
	assert_int_not_equal(sugg, 0);
	assert_int_not_equal(sugg, v6.ifid);
	/* Ours: a collision, Nak'd the same way. */
	ifid_opt(req, v6.ifid);
	rx(PPP_CONF_REQ, 2, req, 10);
	assert_int_equal(last()->pkt[0], PPP_CONF_NAK);
	assert_int_not_equal(ifid_of(last()->pkt + 6), v6.ifid);
	assert_int_equal(v6.collisions, 1);
	/* The suggestion: Ack. */
	ifid_opt(req, sugg);
	rx(PPP_CONF_REQ, 3, req, 10);
	expect(PPP_CONF_ACK, 3, req, 10);
	assert_int_equal(v6.peer_ifid, sugg);
	rx(PPP_CONF_ACK, fsm->reqid, fsm->req, fsm->reqlen);
	assert_int_equal(fsm->state, PPP_FSM_OPENED);
}

static void
test_ipv6cp_our_ifid_naked(void **state)
{
	static const uint8_t comp[] = { PPP_IPV6CP_OPT_COMP, 4, 0, 0x4f };
	uint8_t nak[10];
	uint64_t old;

	start_v6();
	/* The peer suggests a value: we take it. */
	ifid_opt(nak, 0x0200000000000abcull);
	rx(PPP_CONF_NAK, fsm->reqid, nak, 10);
	assert_int_equal(v6.ifid, 0x0200000000000abcull);
	assert_int_equal(ifid_of(last()->pkt + 6), v6.ifid);
	/* It suggests the one it uses itself: we pick another one. */
	ifid_opt(nak, 0x1111);
	rx(PPP_CONF_REQ, 1, nak, 10);
	assert_int_equal(v6.peer_ifid, 0x1111);
	old = v6.ifid;
	rx(PPP_CONF_NAK, fsm->reqid, nak, 10);
	assert_int_not_equal(v6.ifid, 0x1111);
	assert_int_not_equal(v6.ifid, 0);
	assert_int_not_equal(v6.ifid, old);
	/* IPv6-Compression-Protocol: Rejected. */
	rx(PPP_CONF_REQ, 2, comp, sizeof(comp));
	expect(PPP_CONF_REJ, 2, comp, sizeof(comp));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_ipcp_our_request, setup),
		cmocka_unit_test_setup(test_ipcp_address_via_nak, setup),
		cmocka_unit_test_setup(test_ipcp_dns, setup),
		cmocka_unit_test_setup(test_ipcp_rejects, setup),
		cmocka_unit_test_setup(test_ipcp_no_address_assigned, setup),
		cmocka_unit_test_setup(test_ipv6cp_ifid, setup),
		cmocka_unit_test_setup(test_ipv6cp_our_ifid_naked, setup),
		cmocka_unit_test_setup(test_ipv6cp_assigned_ifid, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
