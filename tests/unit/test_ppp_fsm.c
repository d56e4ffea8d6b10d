/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests for the generic PPP automaton (RFC 1661 §4): every cell of
 * the §4.1 state transition table, the Restart timer and counters (§4.6),
 * Max-Failure (Nak becomes Reject), identifier matching and malformed
 * input. The protocol under test is a toy with one option (type 1, one
 * octet: 0 is acceptable, 1 is Nak'd with 0, anything else is Rejected).
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ppp_fsm.h"

#define PROTO		0x8021
#define MAX_SENT	16

struct sent {
	uint8_t pkt[PPP_FSM_MAX_PKT];
	size_t len;
};

static struct ppp_fsm fsm;
static struct sent sent[MAX_SENT];
static unsigned int nsent;
static char actions[256];
static unsigned int nstates;

static void
act(const char *a)
{
	if (actions[0] != '\0')
		strcat(actions, ",");
	strcat(actions, a);
}

static void
t_send(void *arg, uint16_t proto, const uint8_t *pkt, size_t len)
{
	static const char *const names[] = {
		NULL, "scr", "sca", "scn", "scn", "str", "sta", "scj",
		NULL, NULL, "ser",
	};

	assert_int_equal(proto, PROTO);
	assert_true(len >= PPP_HDR_LEN && len <= PPP_FSM_MAX_PKT);
	if (nsent < MAX_SENT) {
		memcpy(sent[nsent].pkt, pkt, len);
		sent[nsent].len = len;
		nsent++;
	}
	assert_true(pkt[0] < 11 && names[pkt[0]] != NULL);
	act(names[pkt[0]]);
}

static void
t_layer(void *arg, struct ppp_fsm *f, enum ppp_fsm_layer ev)
{
	static const char *const names[] = { "tlu", "tld", "tls", "tlf" };

	act(names[ev]);
}

static void
t_state(void *arg, struct ppp_fsm *f, enum ppp_fsm_state o,
	enum ppp_fsm_state n)
{
	assert_int_not_equal(o, n);
	nstates++;
}

static int
t_build(struct ppp_fsm *f, uint8_t *buf, size_t cap)
{
	size_t off = 0;
	uint8_t v = 0;

	ppp_opt_put(buf, cap, &off, 1, &v, 1);
	return (int)off;
}

static enum ppp_opt_verdict
t_check(struct ppp_fsm *f, uint8_t type, const uint8_t *val, uint8_t len,
	uint8_t *nak, uint8_t *naklen)
{
	if (type != 1 || len != 1 || val[0] > 1)
		return PPP_OPT_REJ;
	if (val[0] == 0)
		return PPP_OPT_ACK;
	nak[0] = 0;
	*naklen = 1;
	return PPP_OPT_NAK;
}

/* Code 9 plays RXR (ser in Opened); others are unknown (RUC). */
static int
t_ext(struct ppp_fsm *f, uint8_t code, uint8_t id, const uint8_t *data,
	size_t len, uint64_t now)
{
	if (code != 9)
		return -EOPNOTSUPP;
	if (f->state == PPP_FSM_OPENED)
		ppp_fsm_send(f, 10, id, data, len);
	return 0;
}

static const struct ppp_fsm_ops t_ops = {
	.name = "TEST",
	.build_req = t_build,
	.check_opt = t_check,
	.extcode = t_ext,
};

static void
clear(void)
{
	nsent = 0;
	actions[0] = '\0';
	nstates = 0;
}

static void
setup_fsm(const struct ppp_fsm_conf *conf)
{
	ppp_fsm_init(&fsm, &t_ops, PROTO, conf, NULL);
	static const struct ppp_fsm_owner owner = {
		.send = t_send,
		.layer_cb = t_layer,
		.state_cb = t_state,
	};

	fsm.owner = &owner;
	clear();
}

static int
setup(void **state)
{
	setup_fsm(NULL);
	return 0;
}

static int
input(const uint8_t *pkt, size_t len)
{
	return ppp_fsm_input(&fsm, pkt, len, 1000);
}

/* Build and input code/id/data. */
static int
rx(uint8_t code, uint8_t id, const void *data, size_t len)
{
	uint8_t buf[PPP_FSM_MAX_PKT];
	int n = ppp_pkt_build(buf, sizeof(buf), code, id, data, len);

	assert_true(n > 0);
	return input(buf, n);
}

static const uint8_t opt_good[] = { 1, 3, 0 };
static const uint8_t opt_nak[] = { 1, 3, 1 };

/* --- the RFC 1661 §4.1 table --- */

static void
ev_apply(enum ppp_fsm_event ev)
{
	static const uint8_t rej_ext[] = { 12, 1, 0, 4 };
	static const uint8_t rej_cr[] = { 1, 1, 0, 4 };
	static const uint8_t magic[] = { 0, 0, 0, 0 };
	uint8_t req[PPP_FSM_MAX_REQ];
	size_t reqlen = fsm.reqlen;

	memcpy(req, fsm.req, reqlen);
	switch (ev) {
	case PPP_EV_UP: ppp_fsm_up(&fsm, 1000); break;
	case PPP_EV_DOWN: ppp_fsm_down(&fsm, 1000); break;
	case PPP_EV_OPEN: ppp_fsm_open(&fsm, 1000); break;
	case PPP_EV_CLOSE: ppp_fsm_close(&fsm, "test", 1000); break;
	case PPP_EV_TO_P:
		if (fsm.restart <= 0)
			fsm.restart = 1;
		ppp_fsm_timeout(&fsm, 1000);
		break;
	case PPP_EV_TO_M:
		fsm.restart = 0;
		ppp_fsm_timeout(&fsm, 1000);
		break;
	case PPP_EV_RCR_P: rx(PPP_CONF_REQ, 0x42, opt_good, 3); break;
	case PPP_EV_RCR_M: rx(PPP_CONF_REQ, 0x42, opt_nak, 3); break;
	case PPP_EV_RCA: rx(PPP_CONF_ACK, fsm.reqid, req, reqlen); break;
	case PPP_EV_RCN: rx(PPP_CONF_NAK, fsm.reqid, opt_good, 3); break;
	case PPP_EV_RTR: rx(PPP_TERM_REQ, 0x55, NULL, 0); break;
	case PPP_EV_RTA: rx(PPP_TERM_ACK, 0x56, NULL, 0); break;
	case PPP_EV_RUC: rx(12, 0x57, NULL, 0); break;
	case PPP_EV_RXJ_P: rx(PPP_CODE_REJ, 0x58, rej_ext, 4); break;
	case PPP_EV_RXJ_M: rx(PPP_CODE_REJ, 0x59, rej_cr, 4); break;
	case PPP_EV_RXR: rx(9, 0x5a, magic, 4); break;
	default: fail();
	}
}

/* Drive a fresh automaton into state s (with the lower layer up). */
static void
goto_state(enum ppp_fsm_state s)
{
	static const uint8_t rej_cr[] = { 1, 1, 0, 4 };

	setup_fsm(NULL);
	switch (s) {
	case PPP_FSM_INITIAL:
		break;
	case PPP_FSM_STARTING:
		ppp_fsm_open(&fsm, 0);
		break;
	case PPP_FSM_CLOSED:
		ppp_fsm_up(&fsm, 0);
		break;
	case PPP_FSM_STOPPED:
		goto_state(PPP_FSM_REQSENT);
		rx(PPP_CODE_REJ, 1, rej_cr, 4);
		break;
	case PPP_FSM_CLOSING:
		goto_state(PPP_FSM_REQSENT);
		ppp_fsm_close(&fsm, "test", 0);
		break;
	case PPP_FSM_STOPPING:
		goto_state(PPP_FSM_OPENED);
		rx(PPP_TERM_REQ, 9, NULL, 0);
		break;
	case PPP_FSM_REQSENT:
		ppp_fsm_up(&fsm, 0);
		ppp_fsm_open(&fsm, 0);
		break;
	case PPP_FSM_ACKRCVD:
		goto_state(PPP_FSM_REQSENT);
		rx(PPP_CONF_ACK, fsm.reqid, fsm.req, fsm.reqlen);
		break;
	case PPP_FSM_ACKSENT:
		goto_state(PPP_FSM_REQSENT);
		rx(PPP_CONF_REQ, 7, opt_good, 3);
		break;
	case PPP_FSM_OPENED:
		goto_state(PPP_FSM_ACKSENT);
		rx(PPP_CONF_ACK, fsm.reqid, fsm.req, fsm.reqlen);
		break;
	default:
		fail();
	}
	assert_int_equal(fsm.state, s);
	clear();
}

#define X	{ -1, "" }	/* '-': illegal, ignored */
struct cell {
	int next;
	const char *actions;	/* as printed in RFC 1661 §4.1 */
};

/* rfc1661[event][state], transcribed from RFC 1661 §4.1. */
static const struct cell rfc1661[PPP_EV_COUNT][PPP_FSM_NSTATES] = {
	[PPP_EV_UP] = { {2, ""}, {6, "irc,scr"}, X, X, X, X, X, X, X, X },
	[PPP_EV_DOWN] = { X, X, {0, ""}, {1, "tls"}, {0, ""}, {1, ""},
		{1, ""}, {1, ""}, {1, ""}, {1, "tld"} },
	[PPP_EV_OPEN] = { {1, "tls"}, {1, ""}, {6, "irc,scr"}, {3, ""},
		{5, ""}, {5, ""}, {6, ""}, {7, ""}, {8, ""}, {9, ""} },
	[PPP_EV_CLOSE] = { {0, ""}, {0, "tlf"}, {2, ""}, {2, ""}, {4, ""},
		{4, ""}, {4, "irc,str"}, {4, "irc,str"}, {4, "irc,str"},
		{4, "tld,irc,str"} },
	[PPP_EV_TO_P] = { X, X, X, X, {4, "str"}, {5, "str"}, {6, "scr"},
		{6, "scr"}, {8, "scr"}, X },
	[PPP_EV_TO_M] = { X, X, X, X, {2, "tlf"}, {3, "tlf"}, {3, "tlf"},
		{3, "tlf"}, {3, "tlf"}, X },
	[PPP_EV_RCR_P] = { X, X, {2, "sta"}, {8, "irc,scr,sca"}, {4, ""},
		{5, ""}, {8, "sca"}, {9, "sca,tlu"}, {8, "sca"},
		{8, "tld,scr,sca"} },
	[PPP_EV_RCR_M] = { X, X, {2, "sta"}, {6, "irc,scr,scn"}, {4, ""},
		{5, ""}, {6, "scn"}, {7, "scn"}, {6, "scn"},
		{6, "tld,scr,scn"} },
	[PPP_EV_RCA] = { X, X, {2, "sta"}, {3, "sta"}, {4, ""}, {5, ""},
		{7, "irc"}, {6, "scr"}, {9, "irc,tlu"}, {6, "tld,scr"} },
	[PPP_EV_RCN] = { X, X, {2, "sta"}, {3, "sta"}, {4, ""}, {5, ""},
		{6, "irc,scr"}, {6, "scr"}, {8, "irc,scr"}, {6, "tld,scr"} },
	[PPP_EV_RTR] = { X, X, {2, "sta"}, {3, "sta"}, {4, "sta"},
		{5, "sta"}, {6, "sta"}, {6, "sta"}, {6, "sta"},
		{5, "tld,zrc,sta"} },
	[PPP_EV_RTA] = { X, X, {2, ""}, {3, ""}, {2, "tlf"}, {3, "tlf"},
		{6, ""}, {6, ""}, {8, ""}, {6, "tld,scr"} },
	[PPP_EV_RUC] = { X, X, {2, "scj"}, {3, "scj"}, {4, "scj"},
		{5, "scj"}, {6, "scj"}, {7, "scj"}, {8, "scj"}, {9, "scj"} },
	[PPP_EV_RXJ_P] = { X, X, {2, ""}, {3, ""}, {4, ""}, {5, ""},
		{6, ""}, {6, ""}, {8, ""}, {9, ""} },
	[PPP_EV_RXJ_M] = { X, X, {2, "tlf"}, {3, "tlf"}, {2, "tlf"},
		{3, "tlf"}, {3, "tlf"}, {3, "tlf"}, {3, "tlf"},
		{5, "tld,irc,str"} },
	[PPP_EV_RXR] = { X, X, {2, ""}, {3, ""}, {4, ""}, {5, ""}, {6, ""},
		{7, ""}, {8, ""}, {9, "ser"} },
};

/* The RFC's action list without irc/zrc (not visible on the wire). */
static void
visible(const char *rfc, char *out)
{
	char tmp[64], *tok, *save = NULL;

	out[0] = '\0';
	snprintf(tmp, sizeof(tmp), "%s", rfc);
	for (tok = strtok_r(tmp, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "irc") == 0 || strcmp(tok, "zrc") == 0)
			continue;
		if (out[0] != '\0')
			strcat(out, ",");
		strcat(out, tok);
	}
}

static void
check_state_column(enum ppp_fsm_state s)
{
	const struct cell *c;
	char want[64];
	uint64_t ill;
	int e, next;

	for (e = 0; e < PPP_EV_COUNT; e++) {
		goto_state(s);
		c = &rfc1661[e][s];
		ill = fsm.stats.illegal_events;
		ev_apply(e);
		next = c->next < 0 ? (int)s : c->next;
		visible(c->actions, want);
		print_message("# %-9s %-5s -> %-9s %s\n", ppp_fsm_state_name(s),
		    ppp_fsm_event_name(e), ppp_fsm_state_name(fsm.state),
		    actions);
		assert_int_equal(fsm.state, next);
		assert_string_equal(actions, want);
		if (c->next < 0)
			assert_int_equal(fsm.stats.illegal_events, ill + 1);
		/* irc and zrc, seen through the Restart counter (§4.6). */
		if (strstr(c->actions, "zrc") != NULL) {
			assert_int_equal(fsm.restart, 0);
			assert_true(fsm.timer_on);
		} else if (strstr(c->actions, "irc,scr") != NULL) {
			assert_int_equal(fsm.restart, PPP_FSM_MAX_CONFIGURE - 1);
		} else if (strstr(c->actions, "irc,str") != NULL) {
			assert_int_equal(fsm.restart, PPP_FSM_MAX_TERMINATE - 1);
		} else if (strstr(c->actions, "irc") != NULL) {
			assert_int_equal(fsm.restart, PPP_FSM_MAX_CONFIGURE);
		}
		/* §4.6: the timer runs exactly in states 4-8. */
		assert_int_equal(fsm.timer_on, fsm.state >= PPP_FSM_CLOSING &&
		    fsm.state <= PPP_FSM_ACKSENT);
	}
}

#define COLUMN(n, s) \
static void \
test_table_##n(void **state) \
{ \
	check_state_column(s); \
}
COLUMN(initial, PPP_FSM_INITIAL)
COLUMN(starting, PPP_FSM_STARTING)
COLUMN(closed, PPP_FSM_CLOSED)
COLUMN(stopped, PPP_FSM_STOPPED)
COLUMN(closing, PPP_FSM_CLOSING)
COLUMN(stopping, PPP_FSM_STOPPING)
COLUMN(reqsent, PPP_FSM_REQSENT)
COLUMN(ackrcvd, PPP_FSM_ACKRCVD)
COLUMN(acksent, PPP_FSM_ACKSENT)
COLUMN(opened, PPP_FSM_OPENED)

/* --- Restart timer and counters (§4.6) --- */

static void
test_max_configure(void **state)
{
	struct ppp_fsm_conf conf = { .restart_ms = 500, .max_configure = 3 };
	uint64_t now = 100;
	int i;

	setup_fsm(&conf);
	ppp_fsm_up(&fsm, now);
	ppp_fsm_open(&fsm, now);
	assert_int_equal(nsent, 1);
	assert_int_equal(ppp_fsm_next_timeout(&fsm), now + 500);
	/* Nothing before the deadline. */
	ppp_fsm_timer(&fsm, now + 499);
	assert_int_equal(nsent, 1);
	for (i = 1; i < 3; i++) {
		now += 500;
		ppp_fsm_timer(&fsm, now);
		assert_int_equal(nsent, i + 1);
		/* Retransmission: same identifier and options (§5.1). */
		assert_memory_equal(sent[i].pkt, sent[0].pkt, sent[0].len);
	}
	assert_int_equal(fsm.state, PPP_FSM_REQSENT);
	now += 500;
	ppp_fsm_timer(&fsm, now);	/* TO-: tlf/3 */
	assert_int_equal(nsent, 3);
	assert_int_equal(fsm.state, PPP_FSM_STOPPED);
	assert_string_equal(actions, "scr,scr,scr,tlf");
	assert_int_equal(ppp_fsm_next_timeout(&fsm), UINT64_MAX);
}

static void
test_max_terminate(void **state)
{
	goto_state(PPP_FSM_OPENED);
	ppp_fsm_close(&fsm, "admin", 0);
	assert_int_equal(fsm.state, PPP_FSM_CLOSING);
	/* Terminate-Request carries the reason. */
	assert_int_equal(sent[0].pkt[0], PPP_TERM_REQ);
	assert_memory_equal(sent[0].pkt + 4, "admin", 5);
	ppp_fsm_timer(&fsm, PPP_FSM_RESTART_MS);
	assert_int_equal(nsent, PPP_FSM_MAX_TERMINATE);
	/* A new identifier for every Terminate-Request. */
	assert_int_not_equal(sent[0].pkt[1], sent[1].pkt[1]);
	ppp_fsm_timer(&fsm, 2 * PPP_FSM_RESTART_MS);
	assert_int_equal(fsm.state, PPP_FSM_CLOSED);
	assert_string_equal(actions, "tld,str,str,tlf");
	assert_string_equal(fsm.close_reason, "admin");
}

static void
test_zrc_one_period(void **state)
{
	goto_state(PPP_FSM_STOPPING);	/* via RTR in Opened: zrc */
	assert_int_equal(ppp_fsm_next_timeout(&fsm), 1000 + PPP_FSM_RESTART_MS);
	ppp_fsm_timer(&fsm, 1000 + PPP_FSM_RESTART_MS);
	assert_int_equal(fsm.state, PPP_FSM_STOPPED);
	assert_string_equal(actions, "tlf");
}

static void
test_max_failure(void **state)
{
	struct ppp_fsm_conf conf = { .max_failure = 3 };
	int i;

	setup_fsm(&conf);
	ppp_fsm_up(&fsm, 0);
	ppp_fsm_open(&fsm, 0);
	clear();
	for (i = 0; i < 3; i++) {
		rx(PPP_CONF_REQ, i, opt_nak, 3);
		assert_int_equal(sent[i].pkt[0], PPP_CONF_NAK);
		assert_int_equal(sent[i].pkt[6], 0);	/* suggested value */
	}
	/* Not converging: the Nak becomes a Reject of the option. */
	rx(PPP_CONF_REQ, 3, opt_nak, 3);
	assert_int_equal(sent[3].pkt[0], PPP_CONF_REJ);
	assert_int_equal(sent[3].len, 7);
	assert_memory_equal(sent[3].pkt + 4, opt_nak, 3);
	assert_int_equal(fsm.stats.tx_naks_as_rejects, 1);
	/* An Ack resets the failure count. */
	rx(PPP_CONF_REQ, 4, opt_good, 3);
	assert_int_equal(sent[4].pkt[0], PPP_CONF_ACK);
	assert_int_equal(fsm.failures, 0);
	rx(PPP_CONF_REQ, 5, opt_nak, 3);
	assert_int_equal(sent[5].pkt[0], PPP_CONF_NAK);
}

static void
test_reject_wins(void **state)
{
	static const uint8_t opts[] = { 1, 3, 1, 9, 2, 1, 3, 7 };

	goto_state(PPP_FSM_REQSENT);
	rx(PPP_CONF_REQ, 77, opts, sizeof(opts));
	assert_int_equal(nsent, 1);
	assert_int_equal(sent[0].pkt[0], PPP_CONF_REJ);
	assert_int_equal(sent[0].pkt[1], 77);
	assert_int_equal(sent[0].len, 4 + 5);
	assert_memory_equal(sent[0].pkt + 4, opts + 3, 5);
}

/* --- identifiers and malformed input --- */

static void
test_reply_id_and_options(void **state)
{
	static const uint8_t other[] = { 1, 3, 1 };

	goto_state(PPP_FSM_REQSENT);
	rx(PPP_CONF_ACK, fsm.reqid + 1, fsm.req, fsm.reqlen);
	assert_int_equal(fsm.stats.rx_bad_id, 1);
	rx(PPP_CONF_ACK, fsm.reqid, other, sizeof(other));
	assert_int_equal(fsm.stats.rx_bad_id, 2);
	rx(PPP_CONF_NAK, fsm.reqid - 1, opt_good, 3);
	assert_int_equal(fsm.stats.rx_bad_id, 3);
	assert_int_equal(fsm.state, PPP_FSM_REQSENT);
	assert_int_equal(nsent, 0);
	/* Reject of an option we did not request: discarded (§5.4). */
	rx(PPP_CONF_REJ, fsm.reqid, (const uint8_t[]){ 2, 2 }, 2);
	assert_int_equal(fsm.stats.rx_malformed, 1);
	assert_int_equal(nsent, 0);
	rx(PPP_CONF_ACK, fsm.reqid, fsm.req, fsm.reqlen);
	assert_int_equal(fsm.state, PPP_FSM_ACKRCVD);
}

static void
test_malformed(void **state)
{
	static const uint8_t short_pkt[] = { 1, 1, 0 };
	static const uint8_t len_small[] = { 1, 1, 0, 3, 0 };
	static const uint8_t len_big[] = { 1, 1, 0, 9, 1, 3, 0 };
	static const uint8_t opt_short[] = { 1, 1, 0, 6, 1, 1 };
	static const uint8_t opt_zero[] = { 1, 1, 0, 6, 1, 0 };
	static const uint8_t opt_past[] = { 1, 1, 0, 7, 1, 4, 0 };
	static const uint8_t opt_trunc[] = { 1, 1, 0, 5, 1 };
	static const uint8_t rej_empty[] = { 7, 1, 0, 4 };
	/* Octets past Length are padding (§5): accepted. */
	static const uint8_t padded[] = { 1, 1, 0, 7, 1, 3, 0, 0xff, 0xff };

	goto_state(PPP_FSM_REQSENT);
	assert_int_equal(input(short_pkt, sizeof(short_pkt)), -EINVAL);
	assert_int_equal(input(len_small, sizeof(len_small)), -EINVAL);
	assert_int_equal(input(len_big, sizeof(len_big)), -EINVAL);
	assert_int_equal(input(opt_short, sizeof(opt_short)), -EINVAL);
	assert_int_equal(input(opt_zero, sizeof(opt_zero)), -EINVAL);
	assert_int_equal(input(opt_past, sizeof(opt_past)), -EINVAL);
	assert_int_equal(input(opt_trunc, sizeof(opt_trunc)), -EINVAL);
	assert_int_equal(input(rej_empty, sizeof(rej_empty)), -EINVAL);
	assert_int_equal(fsm.stats.rx_malformed, 8);
	assert_int_equal(nsent, 0);
	assert_int_equal(fsm.state, PPP_FSM_REQSENT);
	/* Longer than any MRU we negotiate: dropped before any copy. */
	{
		static uint8_t huge[PPP_FSM_MAX_PKT + 8];

		memset(huge, 0, sizeof(huge));
		huge[0] = PPP_CONF_REQ;
		huge[2] = sizeof(huge) >> 8;
		huge[3] = sizeof(huge) & 0xff;
		assert_int_equal(input(huge, sizeof(huge)), -EMSGSIZE);
		assert_int_equal(fsm.stats.rx_too_long, 1);
	}
	assert_int_equal(input(padded, sizeof(padded)), 0);
	assert_int_equal(fsm.state, PPP_FSM_ACKSENT);
	assert_int_equal(sent[0].len, 7);
}

static void
test_opened_bad_reject(void **state)
{
	/* Opened: the link goes down first, so even a bad Reject leads to
	 * a new request rather than a silent Req-Sent without a timer. */
	goto_state(PPP_FSM_OPENED);
	rx(PPP_CONF_REJ, fsm.reqid, (const uint8_t[]){ 2, 2 }, 2);
	assert_int_equal(fsm.stats.rx_malformed, 1);
	assert_int_equal(fsm.state, PPP_FSM_REQSENT);
	assert_string_equal(actions, "tld,scr");
	assert_true(fsm.timer_on);
	/* tld,scr/6 without irc: one less than after Ack-Sent's irc. */
	assert_int_equal(fsm.restart, PPP_FSM_MAX_CONFIGURE - 1);
}

static void
test_code_reject_truncated(void **state)
{
	uint8_t big[1400];

	goto_state(PPP_FSM_OPENED);
	fsm.peer_mru = 100;
	memset(big, 0xab, sizeof(big));
	rx(12, 3, big, sizeof(big));
	assert_int_equal(nsent, 1);
	assert_int_equal(sent[0].pkt[0], PPP_CODE_REJ);
	assert_int_equal(sent[0].len, 100);
	/* The rejected packet starts with its own header. */
	assert_int_equal(sent[0].pkt[4], 12);
	assert_int_equal(sent[0].pkt[5], 3);
	assert_int_equal(fsm.stats.rx_unknown_code, 1);
}

static void
test_state_callback(void **state)
{
	setup_fsm(NULL);
	ppp_fsm_up(&fsm, 0);
	ppp_fsm_open(&fsm, 0);
	rx(PPP_CONF_REQ, 1, opt_good, 3);
	rx(PPP_CONF_ACK, fsm.reqid, fsm.req, fsm.reqlen);
	/* Closed, Req-Sent, Ack-Sent, Opened. */
	assert_int_equal(nstates, 4);
	assert_int_equal(fsm.state, PPP_FSM_OPENED);
	assert_false(fsm.timer_on);
	assert_string_equal(ppp_fsm_state_name(fsm.state), "Opened");
	assert_string_equal(ppp_fsm_event_name(PPP_EV_RXJ_M), "RXJ-");
}

static void
test_codec(void **state)
{
	uint8_t buf[8], type, vlen;
	const uint8_t *val;
	struct ppp_opt_iter it;
	size_t off = 0;

	assert_int_equal(ppp_opt_put(buf, sizeof(buf), &off, 5, "abcd", 4), 0);
	assert_int_equal(off, 6);
	assert_int_equal(ppp_opt_put(buf, sizeof(buf), &off, 5, "ab", 2),
	    -ENOSPC);
	ppp_opt_iter_init(&it, buf, off);
	assert_int_equal(ppp_opt_next(&it, &type, &val, &vlen), 1);
	assert_int_equal(type, 5);
	assert_int_equal(vlen, 4);
	assert_memory_equal(val, "abcd", 4);
	assert_int_equal(ppp_opt_next(&it, &type, &val, &vlen), 0);
	assert_int_equal(ppp_pkt_build(buf, 4, 1, 2, "x", 1), -ENOSPC);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_table_initial, setup),
		cmocka_unit_test_setup(test_table_starting, setup),
		cmocka_unit_test_setup(test_table_closed, setup),
		cmocka_unit_test_setup(test_table_stopped, setup),
		cmocka_unit_test_setup(test_table_closing, setup),
		cmocka_unit_test_setup(test_table_stopping, setup),
		cmocka_unit_test_setup(test_table_reqsent, setup),
		cmocka_unit_test_setup(test_table_ackrcvd, setup),
		cmocka_unit_test_setup(test_table_acksent, setup),
		cmocka_unit_test_setup(test_table_opened, setup),
		cmocka_unit_test_setup(test_max_configure, setup),
		cmocka_unit_test_setup(test_max_terminate, setup),
		cmocka_unit_test_setup(test_zrc_one_period, setup),
		cmocka_unit_test_setup(test_max_failure, setup),
		cmocka_unit_test_setup(test_reject_wins, setup),
		cmocka_unit_test_setup(test_reply_id_and_options, setup),
		cmocka_unit_test_setup(test_malformed, setup),
		cmocka_unit_test_setup(test_opened_bad_reject, setup),
		cmocka_unit_test_setup(test_code_reject_truncated, setup),
		cmocka_unit_test_setup(test_state_callback, setup),
		cmocka_unit_test_setup(test_codec, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
