/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Robustness of the PPP automaton and its protocols: random control
 * packets (some well formed, some with lying length fields), timer ticks
 * and administrative events, with a fixed seed. Every packet sent must be
 * well formed (Length equals the octets handed out, options of Configure-*
 * packets walk cleanly, nothing above PPP_FSM_MAX_PKT). Run it under
 * valgrind to catch out-of-bounds reads.
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
#include "ppp_lcp.h"

#define ROUNDS		20000

static uint64_t seed;
static unsigned int nsent, nopened;

/* xorshift64*: deterministic, good enough to shake the parser. */
static uint32_t
rnd32(void)
{
	seed ^= seed >> 12;
	seed ^= seed << 25;
	seed ^= seed >> 27;
	return (uint32_t)((seed * 0x2545f4914f6cdd1dull) >> 32);
}

static int
t_random(void *arg, void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len-- > 0)
		*p++ = rnd32();
	return 0;
}

static void
t_send(void *arg, uint16_t proto, const uint8_t *pkt, size_t len)
{
	const uint8_t *data;
	uint8_t code, id;
	size_t dlen;

	nsent++;
	assert_true(len <= PPP_FSM_MAX_PKT);
	assert_int_equal(ppp_pkt_parse(pkt, len, &code, &id, &data, &dlen), 0);
	assert_int_equal(PPP_HDR_LEN + dlen, len);
	if (code >= PPP_CONF_REQ && code <= PPP_CONF_REJ)
		assert_int_equal(ppp_opts_valid(data, dlen), 0);
}

static void
t_state(void *arg, struct ppp_fsm *fsm, enum ppp_fsm_state o,
	enum ppp_fsm_state n)
{
	if (n == PPP_FSM_OPENED)
		nopened++;
}

static const struct ppp_fsm_owner t_owner = {
	.send = t_send,
	.state_cb = t_state,
	.random = t_random,
};

static size_t
random_packet(uint8_t *buf, size_t cap, uint8_t reqid)
{
	size_t len = PPP_HDR_LEN, olen;
	unsigned int r = rnd32();

	buf[0] = r % 13;
	buf[1] = (r >> 8) & 1 ? reqid : rnd32();
	/* Options: mostly well formed, sometimes garbage. */
	while (len < cap - 12 && rnd32() % 4 != 0) {
		olen = rnd32() % 12;
		buf[len] = rnd32() % 8 == 0 ? rnd32() : rnd32() % 10;
		buf[len + 1] = rnd32() % 16 == 0 ? rnd32() : olen;
		for (size_t i = 2; i < olen && len + i < cap; i++)
			buf[len + i] = rnd32() % 4 == 0 ? 0 : rnd32();
		len += olen < 2 ? 2 : olen;
	}
	if (len > cap)
		len = cap;
	/* Length field: mostly right, sometimes lying either way. */
	switch (rnd32() % 8) {
	case 0:
		buf[2] = rnd32();
		buf[3] = rnd32();
		break;
	case 1:
		buf[2] = 0;
		buf[3] = rnd32() % 4;
		break;
	default:
		buf[2] = len >> 8;
		buf[3] = len & 0xff;
	}
	return len;
}

/*
 * good: a Configure-Request the protocol acks, so that random sequences
 * also reach Opened (with Configure-Acks of our own request).
 */
static void
shake(struct ppp_fsm *fsm, int (*input)(void *, const uint8_t *, size_t,
	uint64_t), void (*tick)(void *, uint64_t), void *ctx,
	const uint8_t *good, size_t good_len)
{
	uint8_t buf[PPP_FSM_MAX_PKT];
	uint64_t now = 0;
	size_t len;
	int i;

	nsent = nopened = 0;
	fsm->owner = &t_owner;
	ppp_fsm_up(fsm, now);
	ppp_fsm_open(fsm, now);
	for (i = 0; i < ROUNDS; i++) {
		now += rnd32() % 700;
		switch (rnd32() % 64) {
		case 0:
			ppp_fsm_down(fsm, now);
			break;
		case 1:
			ppp_fsm_up(fsm, now);
			break;
		case 2:
			ppp_fsm_open(fsm, now);
			break;
		case 3:
			ppp_fsm_close(fsm, "fuzz", now);
			break;
		case 4: case 5: case 6: case 7: case 8: case 9:
			len = ppp_pkt_build(buf, sizeof(buf), PPP_CONF_REQ,
			    rnd32(), good, good_len);
			input(ctx, buf, len, now);
			break;
		case 10: case 11: case 12: case 13: case 14: case 15:
			len = ppp_pkt_build(buf, sizeof(buf), PPP_CONF_ACK,
			    fsm->reqid, fsm->req, fsm->reqlen);
			input(ctx, buf, len, now);
			break;
		default:
			len = random_packet(buf, 128, fsm->reqid);
			input(ctx, buf, len, now);
		}
		tick(ctx, now);
		assert_true(fsm->state < PPP_FSM_NSTATES);
	}
	assert_true(nsent > 0);
	assert_true(nopened > 10);
	assert_true(fsm->stats.rx_malformed > 0);
}

static int
lcp_in(void *ctx, const uint8_t *p, size_t l, uint64_t now)
{
	return ppp_lcp_input(ctx, p, l, now);
}

static void
lcp_tick(void *ctx, uint64_t now)
{
	ppp_lcp_timer(ctx, now);
}

static int
fsm_in(void *ctx, const uint8_t *p, size_t l, uint64_t now)
{
	return ppp_fsm_input(ctx, p, l, now);
}

static void
fsm_tick(void *ctx, uint64_t now)
{
	ppp_fsm_timer(ctx, now);
}

static void
test_fuzz_lcp(void **state)
{
	static const uint8_t good[] = { PPP_LCP_OPT_MAGIC, 6, 1, 2, 3, 4 };
	struct ppp_lcp_conf conf = {
		.mru = 1400,
		.auth = { PPP_AUTH_MSCHAPV2, PPP_AUTH_CHAP_MD5, PPP_AUTH_PAP },
		.auth_count = 3,
		.accept_pfc = true,
		.echo_interval_ms = 2000,
	};
	static struct ppp_lcp lcp;

	seed = 0x1234567887654321ull;
	ppp_lcp_init(&lcp, &conf);
	shake(&lcp.fsm, lcp_in, lcp_tick, &lcp, good, sizeof(good));
}

static void
test_fuzz_ipcp(void **state)
{
	static const uint8_t good[] = { PPP_IPCP_OPT_ADDR, 6, 10, 0, 0, 2 };
	struct ppp_ipcp_conf conf = {
		.local_addr = 0x0a000001,
		.peer_addr = 0x0a000002,
		.dns = { 0x08080808, 0 },
	};
	static struct ppp_ipcp ipcp;

	seed = 0xdeadbeefcafef00dull;
	ppp_ipcp_init(&ipcp, &conf);
	shake(&ipcp.fsm, fsm_in, fsm_tick, &ipcp.fsm, good, sizeof(good));
}

static void
test_fuzz_ipv6cp(void **state)
{
	static const uint8_t good[] = { PPP_IPV6CP_OPT_IFID, 10, 2, 0, 0, 0,
		0, 0, 0, 7 };
	struct ppp_ipv6cp_conf conf = { 0 };
	static struct ppp_ipv6cp v6;

	seed = 0x0f1e2d3c4b5a6978ull;
	ppp_ipv6cp_init(&v6, &conf);
	shake(&v6.fsm, fsm_in, fsm_tick, &v6.fsm, good, sizeof(good));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fuzz_lcp),
		cmocka_unit_test(test_fuzz_ipcp),
		cmocka_unit_test(test_fuzz_ipv6cp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
