/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests for the client (subscriber) modes of LCP and IPCP: the
 * Authentication-Protocol we accept or Nak (RFC 1661 §6.2, RFC 1994 §3),
 * IPCP address and DNS requests taken from the peer's Nak (RFC 1332 §3.3,
 * RFC 1877 §1), client-side proxy LCP, and back-to-back runs of a
 * server-mode and a client-mode LCP/IPCP wired to each other.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ppp_ipcp.h"
#include "ppp_lcp.h"

#define QLEN		32
#define LOCAL		0x0a000001u	/* 10.0.0.1, the LNS */
#define PEER		0x0a000164u	/* 10.0.1.100, the subscriber */
#define DNS1		0x08080808u
#define DNS2		0x01010101u

struct pkt {
	uint16_t proto;
	size_t len;
	uint8_t data[PPP_FSM_MAX_PKT];
};

/* One PPP end: its LCP and IPCP, and the packets sent to it. */
struct end {
	struct ppp_lcp lcp;
	struct ppp_ipcp ipcp;
	struct end *peer;
	struct pkt q[QLEN];
	unsigned int head, tail;
	unsigned int lcp_ups, ipcp_ups;
	uint8_t rnd;
};

static struct end srv, cli;

/* Sending queues the packet at the other end (arg: the sender). */
static void
t_send(void *arg, uint16_t proto, const uint8_t *data, size_t len)
{
	struct end *to = ((struct end *)arg)->peer;
	struct pkt *p;

	assert_true(to->tail - to->head < QLEN);
	p = &to->q[to->tail++ % QLEN];
	p->proto = proto;
	p->len = len;
	memcpy(p->data, data, len);
}

static void
t_layer(void *arg, struct ppp_fsm *f, enum ppp_fsm_layer ev)
{
	struct end *e = arg;

	if (ev != PPP_LAYER_UP)
		return;
	if (f == &e->lcp.fsm)
		e->lcp_ups++;
	else
		e->ipcp_ups++;
}

static int
t_random(void *arg, void *buf, size_t len)
{
	struct end *e = arg;

	e->rnd += 0x11;
	memset(buf, e->rnd, len);
	return 0;
}

static void
hook(struct end *e, struct ppp_fsm *f)
{
	static const struct ppp_fsm_owner owner = {
		.send = t_send,
		.layer_cb = t_layer,
		.random = t_random,
	};

	f->owner = &owner;
	f->arg = e;
}

static void
end_init(struct end *e, struct end *peer, uint8_t rnd,
	const struct ppp_lcp_conf *lc, const struct ppp_ipcp_conf *ic)
{
	memset(e, 0, sizeof(*e));
	e->peer = peer;
	e->rnd = rnd;
	ppp_lcp_init(&e->lcp, lc);
	ppp_ipcp_init(&e->ipcp, ic);
	hook(e, &e->lcp.fsm);
	hook(e, &e->ipcp.fsm);
}

/* Deliver queued packets both ways until both ends are silent. */
static void
pump(void)
{
	struct end *ends[2] = { &srv, &cli };
	unsigned int i, rounds = 0;
	struct pkt *p;
	bool busy = true;

	while (busy) {
		assert_true(++rounds < 200);
		busy = false;
		for (i = 0; i < 2; i++) {
			struct end *e = ends[i];

			if (e->head == e->tail)
				continue;
			busy = true;
			p = &e->q[e->head++ % QLEN];
			if (p->proto == LNS_PPP_PROTO_LCP)
				ppp_lcp_input(&e->lcp, p->data, p->len, 0);
			else
				ppp_fsm_input(&e->ipcp.fsm, p->data, p->len,
				    0);
		}
	}
}

static void
lcp_server_conf(struct ppp_lcp_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->mru = 1460;
	c->auth[0] = PPP_AUTH_CHAP_MD5;
	c->auth[1] = PPP_AUTH_MSCHAPV2;
	c->auth[2] = PPP_AUTH_PAP;
	c->auth_count = 3;
}

static void
lcp_client_conf(struct ppp_lcp_conf *c, enum ppp_auth a, enum ppp_auth b)
{
	memset(c, 0, sizeof(*c));
	c->accept_auth[0] = a;
	c->accept_auth[1] = b;
	c->accept_auth_count = b == PPP_AUTH_NONE ? 1 : 2;
}

static const struct ppp_ipcp_conf ipcp_server = {
	.local_addr = LOCAL,
	.peer_addr = PEER,
	.dns = { DNS1, DNS2 },
};

static const struct ppp_ipcp_conf ipcp_client = {
	.client = true,
	.want_dns = true,
};

static void
start(enum ppp_auth a, enum ppp_auth b, const struct ppp_ipcp_conf *srv_ic)
{
	struct ppp_lcp_conf sc, cc;

	lcp_server_conf(&sc);
	lcp_client_conf(&cc, a, b);
	end_init(&srv, &cli, 0x10, &sc, srv_ic);
	end_init(&cli, &srv, 0x80, &cc, &ipcp_client);
}

static void
open_both(struct ppp_fsm *s, struct ppp_fsm *c)
{
	ppp_fsm_up(s, 0);
	ppp_fsm_open(s, 0);
	ppp_fsm_up(c, 0);
	ppp_fsm_open(c, 0);
	pump();
	assert_int_equal(s->state, PPP_FSM_OPENED);
	assert_int_equal(c->state, PPP_FSM_OPENED);
}

/* Back to back: LCP with the given client policy, then IPCP. */
static void
run(enum ppp_auth a, enum ppp_auth b, enum ppp_auth expect)
{
	start(a, b, &ipcp_server);
	open_both(&srv.lcp.fsm, &cli.lcp.fsm);
	assert_int_equal(srv.lcp.auth, expect);
	assert_int_equal(cli.lcp.client_auth, expect);
	assert_int_equal(cli.lcp.auth, PPP_AUTH_NONE);
	assert_int_equal(srv.lcp.peer_mru, PPP_DEFAULT_MRU);
	assert_int_equal(cli.lcp.peer_mru, 1460);
	assert_int_equal(srv.lcp.peer_magic, cli.lcp.magic);
	assert_int_equal(cli.lcp.peer_magic, srv.lcp.magic);
	assert_int_equal(srv.lcp_ups, 1);
	assert_int_equal(cli.lcp_ups, 1);

	open_both(&srv.ipcp.fsm, &cli.ipcp.fsm);
	assert_int_equal(cli.ipcp.addr, PEER);
	assert_int_equal(cli.ipcp.dns[0], DNS1);
	assert_int_equal(cli.ipcp.dns[1], DNS2);
	assert_int_equal(cli.ipcp.peer_addr, LOCAL);
	assert_int_equal(srv.ipcp.peer_addr, PEER);
	assert_int_equal(cli.ipcp_ups, 1);
}

static void
test_b2b_first_choice(void **state)
{
	/* The server's first request is acceptable: no Nak. */
	run(PPP_AUTH_PAP, PPP_AUTH_CHAP_MD5, PPP_AUTH_CHAP_MD5);
	assert_int_equal(srv.lcp.fsm.stats.tx_pkts, 2);
}

static void
test_b2b_nak_to_pap(void **state)
{
	/* CHAP-MD5 is Nak'd with PAP; the server moves down its list. */
	run(PPP_AUTH_PAP, PPP_AUTH_NONE, PPP_AUTH_PAP);
}

static void
test_b2b_nak_to_mschapv2(void **state)
{
	run(PPP_AUTH_MSCHAPV2, PPP_AUTH_NONE, PPP_AUTH_MSCHAPV2);
}

static void
test_b2b_ipcp_no_dns(void **state)
{
	static const struct ppp_ipcp_conf no_dns = {
		.local_addr = LOCAL,
		.peer_addr = PEER,
	};

	/* A server without DNS Rejects them; the address still comes. */
	start(PPP_AUTH_PAP, PPP_AUTH_NONE, &no_dns);
	open_both(&srv.lcp.fsm, &cli.lcp.fsm);
	open_both(&srv.ipcp.fsm, &cli.ipcp.fsm);
	assert_int_equal(cli.ipcp.addr, PEER);
	assert_int_equal(cli.ipcp.dns[0], 0);
	assert_false(cli.ipcp.req_dns[0]);
	assert_false(cli.ipcp.req_dns[1]);
}

/* --- one end driven by hand: the client sees crafted packets --- */

static struct pkt *
cli_sent(void)
{
	assert_true(srv.tail > srv.head);
	return &srv.q[(srv.tail - 1) % QLEN];
}

static void
cli_rx(struct ppp_fsm *f, uint8_t code, uint8_t id, const void *opts,
	size_t len)
{
	uint8_t buf[PPP_FSM_MAX_PKT];
	int n = ppp_pkt_build(buf, sizeof(buf), code, id, opts, len);

	assert_true(n > 0);
	if (f == &cli.lcp.fsm)
		ppp_lcp_input(&cli.lcp, buf, n, 0);
	else
		ppp_fsm_input(f, buf, n, 0);
}

static void
expect_reply(uint8_t code, uint8_t id, const uint8_t *opts, size_t len)
{
	struct pkt *p = cli_sent();

	assert_int_equal(p->data[0], code);
	assert_int_equal(p->data[1], id);
	assert_int_equal(p->len, 4 + len);
	assert_memory_equal(p->data + 4, opts, len);
}

static void
test_lcp_client_auth_verdicts(void **state)
{
	static const uint8_t chap[] = { PPP_LCP_OPT_AUTH, 5, 0xc2, 0x23, 5 };
	static const uint8_t ms[] = { PPP_LCP_OPT_AUTH, 5, 0xc2, 0x23, 0x81 };
	static const uint8_t md4[] = { PPP_LCP_OPT_AUTH, 5, 0xc2, 0x23, 0x80 };
	static const uint8_t pap[] = { PPP_LCP_OPT_AUTH, 4, 0xc0, 0x23 };
	static const uint8_t eap[] = { PPP_LCP_OPT_AUTH, 4, 0xc2, 0x27 };

	start(PPP_AUTH_PAP, PPP_AUTH_CHAP_MD5, &ipcp_server);
	ppp_fsm_up(&cli.lcp.fsm, 0);
	ppp_fsm_open(&cli.lcp.fsm, 0);
	/* Our request never asks the peer to authenticate itself. */
	assert_int_equal(cli_sent()->data[0], PPP_CONF_REQ);
	assert_int_equal(cli_sent()->len, 4 + 6);	/* Magic only */

	cli_rx(&cli.lcp.fsm, PPP_CONF_REQ, 1, ms, sizeof(ms));
	expect_reply(PPP_CONF_NAK, 1, pap, sizeof(pap));
	assert_int_equal(cli.lcp.client_auth, PPP_AUTH_NONE);
	cli_rx(&cli.lcp.fsm, PPP_CONF_REQ, 2, md4, sizeof(md4));
	expect_reply(PPP_CONF_NAK, 2, pap, sizeof(pap));
	cli_rx(&cli.lcp.fsm, PPP_CONF_REQ, 3, eap, sizeof(eap));
	expect_reply(PPP_CONF_NAK, 3, pap, sizeof(pap));
	cli_rx(&cli.lcp.fsm, PPP_CONF_REQ, 4, chap, sizeof(chap));
	expect_reply(PPP_CONF_ACK, 4, chap, sizeof(chap));
	assert_int_equal(cli.lcp.client_auth, PPP_AUTH_CHAP_MD5);
	/* A later request without the option: no authentication. */
	cli_rx(&cli.lcp.fsm, PPP_CONF_REQ, 5, NULL, 0);
	expect_reply(PPP_CONF_ACK, 5, NULL, 0);
	assert_int_equal(cli.lcp.client_auth, PPP_AUTH_NONE);
}

static void
test_lcp_server_still_rejects_auth(void **state)
{
	static const uint8_t pap[] = { PPP_LCP_OPT_AUTH, 4, 0xc0, 0x23 };
	struct ppp_lcp_conf sc;

	/* No accept list (the default): Authentication-Protocol Rejected. */
	start(PPP_AUTH_PAP, PPP_AUTH_NONE, &ipcp_server);
	lcp_server_conf(&sc);
	ppp_lcp_init(&cli.lcp, &sc);
	hook(&cli, &cli.lcp.fsm);
	ppp_fsm_up(&cli.lcp.fsm, 0);
	ppp_fsm_open(&cli.lcp.fsm, 0);
	cli_rx(&cli.lcp.fsm, PPP_CONF_REQ, 7, pap, sizeof(pap));
	expect_reply(PPP_CONF_REJ, 7, pap, sizeof(pap));
}

static void
test_lcp_client_proxy(void **state)
{
	static const uint8_t ours[] = {
		PPP_LCP_OPT_MRU, 4, 0x05, 0xdc,
		PPP_LCP_OPT_MAGIC, 6, 0x12, 0x34, 0x56, 0x78,
	};
	static const uint8_t lns[] = {
		PPP_LCP_OPT_AUTH, 4, 0xc0, 0x23,
		PPP_LCP_OPT_MAGIC, 6, 0x9a, 0xbc, 0xde, 0xf0,
	};
	static const uint8_t lns_ms[] = {
		PPP_LCP_OPT_AUTH, 5, 0xc2, 0x23, 0x81,
	};

	/* The LAC's view, taken as the client's: Opened with PAP. */
	start(PPP_AUTH_PAP, PPP_AUTH_NONE, &ipcp_server);
	assert_int_equal(ppp_lcp_proxy(&cli.lcp, ours, sizeof(ours), lns,
	    sizeof(lns), 0), 0);
	assert_int_equal(cli.lcp.fsm.state, PPP_FSM_OPENED);
	assert_int_equal(cli.lcp.client_auth, PPP_AUTH_PAP);
	assert_int_equal(cli.lcp.magic, 0x12345678);
	assert_int_equal(cli.lcp.peer_magic, 0x9abcdef0);
	assert_int_equal(cli.lcp_ups, 1);

	/* A method we do not accept: no proxy, negotiate instead. */
	start(PPP_AUTH_PAP, PPP_AUTH_NONE, &ipcp_server);
	assert_int_equal(ppp_lcp_proxy(&cli.lcp, ours, sizeof(ours), lns_ms,
	    sizeof(lns_ms), 0), -EPROTO);
	assert_int_equal(cli.lcp.fsm.state, PPP_FSM_INITIAL);
}

static void
test_ipcp_client_request_and_nak(void **state)
{
	uint8_t req[18] = {
		PPP_IPCP_OPT_ADDR, 6, 0, 0, 0, 0,
		PPP_IPCP_OPT_DNS1, 6, 0, 0, 0, 0,
		PPP_IPCP_OPT_DNS2, 6, 0, 0, 0, 0,
	};
	static const uint8_t nak[] = {
		PPP_IPCP_OPT_ADDR, 6, 10, 0, 1, 100,
		PPP_IPCP_OPT_DNS1, 6, 8, 8, 8, 8,
		PPP_IPCP_OPT_DNS2, 6, 1, 1, 1, 1,
		PPP_IPCP_OPT_COMP, 4, 0x00, 0x2d,	/* not asked: ignored */
	};
	static const uint8_t rej_dns2[] = { PPP_IPCP_OPT_DNS2, 6, 0, 0, 0, 0 };
	static const uint8_t lns_addr[] = { PPP_IPCP_OPT_ADDR, 6, 10, 0, 0, 1 };
	static const uint8_t zero[] = { PPP_IPCP_OPT_ADDR, 6, 0, 0, 0, 0 };
	static const uint8_t comp[] = { PPP_IPCP_OPT_COMP, 4, 0x00, 0x2d };
	struct ppp_fsm *f = &cli.ipcp.fsm;
	uint8_t id;

	start(PPP_AUTH_PAP, PPP_AUTH_NONE, &ipcp_server);
	ppp_fsm_up(f, 0);
	ppp_fsm_open(f, 0);
	expect_reply(PPP_CONF_REQ, f->reqid, req, sizeof(req));

	cli_rx(f, PPP_CONF_NAK, f->reqid, nak, sizeof(nak));
	memcpy(req, nak, sizeof(req));
	expect_reply(PPP_CONF_REQ, f->reqid, req, sizeof(req));
	cli_rx(f, PPP_CONF_REJ, f->reqid, rej_dns2, sizeof(rej_dns2));
	expect_reply(PPP_CONF_REQ, f->reqid, req, 12);
	id = f->reqid;
	cli_rx(f, PPP_CONF_ACK, id, req, 12);
	assert_int_equal(f->state, PPP_FSM_ACKRCVD);

	/* The peer's own address: 0.0.0.0 and compression are Rejected. */
	cli_rx(f, PPP_CONF_REQ, 40, zero, sizeof(zero));
	expect_reply(PPP_CONF_REJ, 40, zero, sizeof(zero));
	cli_rx(f, PPP_CONF_REQ, 41, comp, sizeof(comp));
	expect_reply(PPP_CONF_REJ, 41, comp, sizeof(comp));
	cli_rx(f, PPP_CONF_REQ, 42, lns_addr, sizeof(lns_addr));
	expect_reply(PPP_CONF_ACK, 42, lns_addr, sizeof(lns_addr));
	assert_int_equal(f->state, PPP_FSM_OPENED);
	assert_int_equal(cli.ipcp.addr, PEER);
	assert_int_equal(cli.ipcp.dns[0], DNS1);
	assert_int_equal(cli.ipcp.dns[1], 0);
	assert_int_equal(cli.ipcp.peer_addr, LOCAL);
	assert_int_equal(cli.ipcp_ups, 1);
}

static void
test_ipcp_client_bad_nak(void **state)
{
	static const uint8_t bad[] = { PPP_IPCP_OPT_ADDR, 4, 10, 0 };
	struct ppp_fsm *f = &cli.ipcp.fsm;

	start(PPP_AUTH_PAP, PPP_AUTH_NONE, &ipcp_server);
	ppp_fsm_up(f, 0);
	ppp_fsm_open(f, 0);
	cli_rx(f, PPP_CONF_NAK, f->reqid, bad, sizeof(bad));
	assert_int_equal(cli.ipcp.addr, 0);
	assert_true(cli.ipcp.req_addr);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_b2b_first_choice),
		cmocka_unit_test(test_b2b_nak_to_pap),
		cmocka_unit_test(test_b2b_nak_to_mschapv2),
		cmocka_unit_test(test_b2b_ipcp_no_dns),
		cmocka_unit_test(test_lcp_client_auth_verdicts),
		cmocka_unit_test(test_lcp_server_still_rejects_auth),
		cmocka_unit_test(test_lcp_client_proxy),
		cmocka_unit_test(test_ipcp_client_request_and_nak),
		cmocka_unit_test(test_ipcp_client_bad_nak),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
