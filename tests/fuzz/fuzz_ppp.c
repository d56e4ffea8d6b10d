/* SPDX-License-Identifier: BSD-3-Clause
 *
 * libFuzzer target: the PPP control path of one subscriber link as a
 * conversation, through every phase and protocol: the PPP header
 * (lns_ppp_hdr_parse), LCP with keepalive and proxy LCP (ppp_lcp.c), PAP,
 * CHAP-MD5 and MS-CHAPv2 authenticators (ppp_pap.c, ppp_chap.c) against
 * the local users (aaa_local.c) and an address pool (aaa_pool.c), IPCP and
 * IPv6CP, all on the generic automaton (ppp_fsm.c, ppp_fsm_rx.c), with
 * fake time. The phases are a copy of control/ctl_ppp.c and
 * ctl_ppp_auth.c (LINK -> AUTH -> NETWORK -> UP, LCP renegotiation,
 * teardown settled after each packet, setup timeout, proxy
 * authentication) minus the L2TP and dataplane parts; the set-up of each
 * automaton is tests/unit/test_ppp_fuzz.c's. When a link is torn down
 * (the CDN the glue would send) a new call starts, so one input can hold
 * several links.
 *
 * Input: one configuration octet, then records
 *
 *     ctl (1) | length (2, big endian) | bytes (length)
 *
 * ctl bits 0-2: time advance before the record (fz_advance[]), then the
 * timers run; bits 4-5 the operation: 0 a PPP frame from the subscriber
 * (FF 03 optional, 1- or 2-octet protocol: what ctl_ppp_input() hands
 * on), 1 the call ends (the LAC's CDN) and a new one starts, 2 an
 * administrative LCP Close, 3 nothing (time only). Fix-ups:
 *   bit 6 FZ_FIX_PROTO bytes[0] picks the protocol (LCP, PAP, CHAP, IPCP,
 *                      IPv6CP), bytes[1..] is the packet;
 *   bit 3 FZ_FIX      make the packet answer us: a Configure-Ack carries
 *                     our outstanding request and Identifier, a
 *                     Configure-Nak/Reject its Identifier; a PAP request
 *                     the credentials of user (Peer-ID-Length octet mod
 *                     users), a CHAP Response the right value for the
 *                     current Challenge (MD5 or MS-CHAPv2) and that user.
 * Configuration octet: bits 0-1 authentication (CHAP-MD5; PAP;
 * MS-CHAPv2; all three), bit 2 IPv6CP, bit 3 proxy LCP/authentication
 * (the first record's bytes: LAC's last sent Configure-Request options,
 * length octet, the subscriber's options, then a proxy PAP or CHAP
 * exchange), bit 4 keepalive every 2 s, bit 5 PFC/ACFC accepted, bit 6
 * our MRU 1400, bit 7 a pool of one address.
 *
 * Invariants after each record: every automaton's Restart timer runs
 * exactly in the states that have one (RFC 1661 §4.6); the phase matches
 * the automata (NETWORK
 * and UP only with LCP Opened and an address, UP with IPCP Opened, AUTH
 * with an authenticator), the pool holds exactly the link's address, and
 * every packet we send is well formed (Length = octets sent, options
 * walk, auth replies parse).
 *
 * Built with -DFUZZ_DUMP_SEEDS this file is instead a program writing the
 * seed conversations (scripts/fuzz-seeds.sh).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaa_local.h"
#include "aaa_pool.h"
#include "lns_bytes.h"
#include "lns_ppp_wire.h"
#include "ppp_chap.h"
#include "ppp_ipcp.h"
#include "ppp_ipv6cp.h"
#include "ppp_lcp.h"
#include "ppp_pap.h"
#include "fuzz_common.h"


#define FZ_MAX_RECORDS	128
#define FZ_MAX_LINKS	8
#define FZ_PKT_MAX	2048

#define FZ_OP_FRAME	0
#define FZ_OP_CDN	1
#define FZ_OP_CLOSE	2
#define FZ_OP_TIME	3

#define FZ_FIX		0x08
#define FZ_FIX_PROTO	0x40

#define FZ_CFG_AUTH	0x03
#define FZ_CFG_IPV6CP	0x04
#define FZ_CFG_PROXY	0x08
#define FZ_CFG_ECHO	0x10
#define FZ_CFG_PFC	0x20
#define FZ_CFG_MRU	0x40
#define FZ_CFG_POOL1	0x80


#ifndef FUZZ_DUMP_SEEDS

static const uint16_t fz_protos[5] = { LNS_PPP_PROTO_LCP, LNS_PPP_PROTO_PAP,
	LNS_PPP_PROTO_CHAP, LNS_PPP_PROTO_IPCP, LNS_PPP_PROTO_IPV6CP };

/* The local users: pool, static address in and out of it, no pool. */
static const struct {
	const char *name, *password, *pool;
	uint32_t ip;
} fz_users[] = {
	{ "alice", "secret", NULL, 0 },
	{ "bob", "pw", NULL, 0x64400009 },	/* 100.64.0.9, in the pool */
	{ "carol", "x", "nope", 0 },		/* a pool that does not exist */
	{ "dave", "p\xc3\xa4ss", NULL, 0x0a000001 },	/* outside it */
	{ "DOM\\erin", "\xf0\x9f\x94\x91", NULL, 0 },
};
#define FZ_NUSERS	(sizeof(fz_users) / sizeof(fz_users[0]))

static const uint32_t fz_advance[8] = { 0, 10, 50, 200, 1000, 3000, 10000,
	30000 };

enum fz_phase { FZ_LINK, FZ_AUTH, FZ_NETWORK, FZ_UP, FZ_CLOSING };

union fz_auth {
	struct ppp_pap_server pap;
	struct ppp_chap_server chap;
};

/* The proxy data of the call (the ICCN's AVPs 27-33, simplified). */
struct fz_proxy {
	uint8_t sent[64], rcvd[64];
	uint8_t sent_len, rcvd_len;
	bool has_auth;
	uint16_t auth_type;		/* 2 CHAP, 3 PAP (RFC 2661 §4.4.5) */
	char auth_name[32];
	uint8_t auth_id;
	uint8_t challenge[16], response[16];
	uint8_t challenge_len, response_len;
};

/* struct ctl_ppp, what of it the protocols touch. */
struct fz_ppp {
	struct ppp_lcp lcp;
	union fz_auth *auth;
	struct ppp_ipcp ipcp;
	struct ppp_ipv6cp ipv6cp;
	char user[AAA_NAME_MAX + 1];
	struct aaa_pool *pool;
	uint32_t addr;
	uint64_t deadline;
	enum fz_phase phase;
	bool close_pending;
	const char *close_why;
	bool chap_id_set;
	uint8_t chap_id;
	bool renegotiating, lcp_down, ipcp_down;
	bool proxy_used;
};

static struct {
	struct ppp_lcp_conf lcp;
	bool ipv6cp, proxy;
	uint32_t setup_timeout_ms;
	struct aaa_local *users;
	struct aaa_pool *pool;
	struct aaa_pool_set *pools;
} fz;

static struct fz_ppp fz_pp;
static struct fz_proxy fz_px;
static uint64_t fz_now;
static uint32_t fz_rand;
static unsigned int fz_links;

static void fz_close_later(struct fz_ppp *pp, const char *why);

/* ---- what we send must be well formed ------------------------------------ */

static void
fz_send(void *arg, uint16_t proto, const uint8_t *pkt, size_t len)
{
	const uint8_t *data, *msg;
	uint8_t code, id;
	size_t dlen, mlen;

	FUZZ_CHECK(len >= 4 && len <= PPP_FSM_MAX_PKT);
	FUZZ_CHECK(lns_get_be16(pkt + 2) == len);
	switch (proto) {
	case LNS_PPP_PROTO_PAP:
		FUZZ_CHECK(ppp_pap_client_parse_reply(pkt, len, &code, &id,
		    &msg, &mlen) == 0);
		break;
	case LNS_PPP_PROTO_CHAP:
		if (pkt[0] == PPP_CHAP_CHALLENGE) {
			struct ppp_chap_msg m;

			FUZZ_CHECK(ppp_chap_parse(&m, pkt, len) == 0);
			FUZZ_CHECK(m.value_len == PPP_CHAP_CHALLENGE_LEN);
		} else {
			FUZZ_CHECK(pkt[0] == PPP_CHAP_SUCCESS ||
			    pkt[0] == PPP_CHAP_FAILURE);
		}
		break;
	default:
		FUZZ_CHECK(proto == LNS_PPP_PROTO_LCP ||
		    proto == LNS_PPP_PROTO_IPCP ||
		    proto == LNS_PPP_PROTO_IPV6CP);
		FUZZ_CHECK(ppp_pkt_parse(pkt, len, &code, &id, &data,
		    &dlen) == 0);
		FUZZ_CHECK(PPP_HDR_LEN + dlen == len);
		if (code >= PPP_CONF_REQ && code <= PPP_CONF_REJ)
			FUZZ_CHECK(ppp_opts_valid(data, dlen) == 0);
		break;
	}
}

static void
fz_send_fsm(void *arg, uint16_t proto, const uint8_t *pkt, size_t len)
{
	fz_send(arg, proto, pkt, len);
}

static int
fz_random(void *arg, void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len-- > 0) {
		fz_rand = fz_rand * 1103515245u + 12345u;
		*p++ = (uint8_t)(fz_rand >> 16);
	}
	return 0;
}

/* FUZZ_TRACE=1 in the environment: phase changes on stderr (seeds). */
static void
fz_trace(const struct fz_ppp *pp, enum fz_phase phase)
{
	static const char *const names[] = { "link", "auth", "network", "up",
		"closing" };
	static int on = -1;

	if (on < 0)
		on = getenv("FUZZ_TRACE") != NULL;
	if (on && phase != pp->phase)
		fprintf(stderr, "t=%llu link %u: %s -> %s user=\"%s\" addr=%08x\n",
		    (unsigned long long)fz_now, fz_links, names[pp->phase],
		    names[phase], pp->user, pp->addr);
}

static void
fz_set_phase(struct fz_ppp *pp, enum fz_phase phase)
{
	fz_trace(pp, phase);
	pp->phase = phase;
	/* The authenticator lives only as long as the phase. */
	if (phase != FZ_AUTH) {
		free(pp->auth);
		pp->auth = NULL;
	}
}

static void
fz_close_later(struct fz_ppp *pp, const char *why)
{
	if (pp->close_pending)
		return;
	pp->close_pending = true;
	pp->close_why = why;
	fz_set_phase(pp, FZ_CLOSING);
}

static void
fz_set_user(struct fz_ppp *pp, const uint8_t *name, size_t len)
{
	if (len > AAA_NAME_MAX)
		len = AAA_NAME_MAX;
	memcpy(pp->user, name, len);
	pp->user[len] = '\0';
}

/* ---- network phase (ctl_ppp_auth.c) ------------------------------------ */

static void
fz_ncp_layer(void *arg, struct ppp_fsm *fsm, enum ppp_fsm_layer ev)
{
	struct fz_ppp *pp = arg;

	if (fsm != &pp->ipcp.fsm || pp->renegotiating)
		return;
	switch (ev) {
	case PPP_LAYER_UP:
		fz_set_phase(pp, FZ_UP);
		break;
	case PPP_LAYER_DOWN:
		pp->ipcp_down = true;
		break;
	case PPP_LAYER_FINISHED:
		fz_close_later(pp, "IPCP closed");
		break;
	default:
		break;
	}
}

static void
fz_ncp_open(struct fz_ppp *pp, struct ppp_fsm *fsm)
{
	static const struct ppp_fsm_owner owner = {
		.send = fz_send_fsm,
		.layer_cb = fz_ncp_layer,
		.random = fz_random,
	};

	fsm->owner = &owner;
	fsm->arg = pp;
	fsm->peer_mru = pp->lcp.peer_mru;
	ppp_fsm_up(fsm, fz_now);
	ppp_fsm_open(fsm, fz_now);
}

/* ctl_aaa_address(). */
static int
fz_address(const struct aaa_user *u, uint32_t *addr, struct aaa_pool **pool)
{
	struct aaa_pool *p = u->pool ? aaa_pool_set_find(fz.pools, u->pool) :
	    fz.pool;

	*pool = NULL;
	if (u->static_ip != 0) {
		*addr = u->static_ip;
		if (p != NULL && aaa_pool_contains(p, u->static_ip)) {
			if (aaa_pool_reserve(p, u->static_ip) != 0)
				return -EADDRINUSE;
			*pool = p;
		}
		return 0;
	}
	if (p == NULL)
		return -ENOENT;
	if (aaa_pool_alloc(p, addr) != 0)
		return -ENOSPC;
	*pool = p;
	return 0;
}

static void
fz_network(struct fz_ppp *pp)
{
	struct ppp_ipcp_conf ic = { 0 };
	struct ppp_ipv6cp_conf vc = { 0 };
	const struct aaa_user *u;

	u = aaa_local_lookup(fz.users, (const uint8_t *)pp->user,
	    strlen(pp->user));
	if (u == NULL || fz_address(u, &pp->addr, &pp->pool) != 0) {
		pp->addr = 0;
		fz_close_later(pp, "no address for the user");
		return;
	}
	fz_set_phase(pp, FZ_NETWORK);
	ic.local_addr = 0x64400001;
	ic.peer_addr = pp->addr;
	ic.dns[0] = 0xc0000235;
	ppp_ipcp_init(&pp->ipcp, &ic);
	fz_ncp_open(pp, &pp->ipcp.fsm);
	if (fz.ipv6cp) {
		ppp_ipv6cp_init(&pp->ipv6cp, &vc);
		fz_ncp_open(pp, &pp->ipv6cp.fsm);
	}
}

/* ---- authentication phase ---------------------------------------------- */

static bool
fz_auth_allowed(enum ppp_auth a)
{
	unsigned int i;

	for (i = 0; i < fz.lcp.auth_count; i++)
		if (fz.lcp.auth[i] == a)
			return true;
	return false;
}

/* ctl_ppp_proxy_auth(). */
static bool
fz_proxy_auth(struct fz_ppp *pp)
{
	const struct fz_proxy *px = &fz_px;
	char auth_resp[PPP_MSCHAP_AUTH_RESP_LEN + 1];
	struct ppp_chap_response r;
	size_t nlen = strlen(px->auth_name);

	if (!fz.proxy || pp->proxy_used || !px->has_auth || nlen == 0)
		return false;
	if (px->auth_type == 3 && fz_auth_allowed(PPP_AUTH_PAP)) {
		if (aaa_local_pap_verify(fz.users,
		    (const uint8_t *)px->auth_name, nlen, px->response,
		    px->response_len) != 0)
			return false;
	} else if (px->auth_type == 2 && fz_auth_allowed(PPP_AUTH_CHAP_MD5) &&
	    px->response_len == 16) {
		r = (struct ppp_chap_response){ .algo = PPP_CHAP_MD5,
		    .id = px->auth_id, .challenge = px->challenge,
		    .challenge_len = (uint8_t)px->challenge_len,
		    .value = px->response, .value_len = 16,
		    .name = (const uint8_t *)px->auth_name, .name_len = nlen };
		if (aaa_local_chap_verify(fz.users, &r, auth_resp) != 0)
			return false;
	} else {
		return false;
	}
	fz_set_user(pp, (const uint8_t *)px->auth_name, nlen);
	return true;
}

static void
fz_auth_start(struct fz_ppp *pp)
{
	uint8_t out[512];
	bool proxied = fz_proxy_auth(pp);
	int n;

	pp->proxy_used = true;	/* the proxy data is released now */
	if (proxied) {
		fz_network(pp);
		return;
	}
	fz_set_phase(pp, FZ_AUTH);
	if (pp->auth == NULL)
		pp->auth = calloc(1, sizeof(*pp->auth));
	FUZZ_CHECK(pp->auth != NULL);
	switch (pp->lcp.auth) {
	case PPP_AUTH_PAP: {
		struct ppp_pap_server_conf c = {
			.timeout = fz.setup_timeout_ms,
			.verify = aaa_local_pap_verify,
			.verify_arg = fz.users,
		};

		ppp_pap_server_start(&pp->auth->pap, &c, fz_now);
		break;
	}
	case PPP_AUTH_CHAP_MD5:
	case PPP_AUTH_MSCHAPV2: {
		struct ppp_chap_server_conf c = {
			.algo = pp->lcp.auth == PPP_AUTH_CHAP_MD5 ?
			    PPP_CHAP_MD5 : PPP_CHAP_MSCHAPV2,
			.name = "lns.fuzz",
			.timeout = 3000,
			.verify = aaa_local_chap_verify,
			.verify_arg = fz.users,
			.first_id = pp->chap_id_set ?
			    PPP_CHAP_FIRST_ID(pp->chap_id + 16) : 0,
		};

		n = ppp_chap_server_start(&pp->auth->chap, &c, fz_now, out,
		    sizeof(out));
		pp->chap_id = pp->auth->chap.id;
		pp->chap_id_set = true;
		if (n > 0)
			fz_send(pp, LNS_PPP_PROTO_CHAP, out, (size_t)n);
		else
			fz_close_later(pp, "cannot start CHAP");
		break;
	}
	default:
		fz_close_later(pp, "no authentication negotiated");
		break;
	}
}

static void
fz_auth_result(struct fz_ppp *pp, const uint8_t *peer, uint8_t peer_len,
    bool success, bool failure)
{
	fz_set_user(pp, peer, peer_len);
	if (success)
		fz_network(pp);
	else if (failure)
		fz_close_later(pp, "authentication failed");
}

static void
fz_auth_input(struct fz_ppp *pp, uint16_t proto, const uint8_t *pkt,
    size_t len)
{
	union fz_auth *a = pp->auth;
	uint8_t out[512];
	int n;

	if (a == NULL)
		return;
	if (proto == LNS_PPP_PROTO_PAP && pp->lcp.auth == PPP_AUTH_PAP) {
		n = ppp_pap_server_input(&a->pap, pkt, len, out, sizeof(out));
		if (n > 0)
			fz_send(pp, LNS_PPP_PROTO_PAP, out, (size_t)n);
		fz_auth_result(pp, a->pap.peer, a->pap.peer_len,
		    a->pap.state == PPP_PAP_ST_SUCCESS,
		    a->pap.state == PPP_PAP_ST_FAILURE);
	} else if (proto == LNS_PPP_PROTO_CHAP &&
	    pp->lcp.auth != PPP_AUTH_PAP) {
		n = ppp_chap_server_input(&a->chap, pkt, len, out, sizeof(out));
		if (n > 0)
			fz_send(pp, LNS_PPP_PROTO_CHAP, out, (size_t)n);
		fz_auth_result(pp, a->chap.peer, a->chap.peer_len,
		    a->chap.state == PPP_CHAP_ST_SUCCESS,
		    a->chap.state == PPP_CHAP_ST_FAILURE);
	}
}

static void
fz_auth_timer(struct fz_ppp *pp)
{
	union fz_auth *a = pp->auth;
	uint8_t out[512];
	int n;

	if (a == NULL)
		return;
	if (pp->lcp.auth == PPP_AUTH_PAP) {
		if (ppp_pap_server_timer(&a->pap, fz_now) == PPP_PAP_ST_FAILURE)
			fz_close_later(pp, "no PAP request");
		return;
	}
	n = ppp_chap_server_timer(&a->chap, fz_now, out, sizeof(out));
	if (n > 0)
		fz_send(pp, LNS_PPP_PROTO_CHAP, out, (size_t)n);
	if (a->chap.state == PPP_CHAP_ST_FAILURE)
		fz_close_later(pp, "no CHAP response");
}

/* ---- the link (ctl_ppp.c) ---------------------------------------------- */

static bool
fz_negotiating(const struct ppp_fsm *fsm)
{
	return fsm->state == PPP_FSM_REQSENT || fsm->state == PPP_FSM_ACKRCVD ||
	    fsm->state == PPP_FSM_ACKSENT;
}

static void
fz_release_addr(struct fz_ppp *pp)
{
	if (pp->pool != NULL)
		FUZZ_CHECK(aaa_pool_release(pp->pool, pp->addr) == 0);
	pp->pool = NULL;
	pp->addr = 0;
}

static void
fz_renegotiate(struct fz_ppp *pp)
{
	if (pp->phase == FZ_NETWORK || pp->phase == FZ_UP) {
		pp->renegotiating = true;
		ppp_fsm_down(&pp->ipcp.fsm, fz_now);
		if (fz.ipv6cp)
			ppp_fsm_down(&pp->ipv6cp.fsm, fz_now);
		pp->renegotiating = false;
	}
	fz_release_addr(pp);
	pp->deadline = fz_now + fz.setup_timeout_ms;
	fz_set_phase(pp, FZ_LINK);
}

static void fz_start(struct fz_ppp *pp);
static void fz_stop(struct fz_ppp *pp);

/* ctl_ppp_reap(): settle what the callbacks decided. */
static void
fz_reap(struct fz_ppp *pp)
{
	if (pp->ipcp_down) {
		pp->ipcp_down = false;
		if (fz_negotiating(&pp->ipcp.fsm)) {
			if (pp->phase == FZ_UP)
				fz_set_phase(pp, FZ_NETWORK);
		} else if (!pp->lcp_down) {
			fz_close_later(pp, "IPCP closed");
		}
	}
	if (pp->lcp_down) {
		pp->lcp_down = false;
		if (fz_negotiating(&pp->lcp.fsm))
			fz_renegotiate(pp);
		else
			fz_close_later(pp, "LCP down");
	}
	if (!pp->close_pending)
		return;
	if (pp->lcp.fsm.state == PPP_FSM_OPENED)
		ppp_fsm_close(&pp->lcp.fsm, pp->close_why, fz_now);
	/* The call is cleared (CDN): a new one comes in. */
	fz_stop(pp);
	fz_start(pp);
}

static void
fz_lcp_layer(void *arg, struct ppp_fsm *fsm, enum ppp_fsm_layer ev)
{
	struct fz_ppp *pp = arg;

	switch (ev) {
	case PPP_LAYER_UP:
		fz_auth_start(pp);
		break;
	case PPP_LAYER_DOWN:
		pp->lcp_down = true;
		break;
	case PPP_LAYER_FINISHED:
		fz_close_later(pp, "LCP negotiation failed");
		break;
	default:
		break;
	}
}

static const struct ppp_fsm_owner fz_lcp_owner = {
	.send = fz_send_fsm,
	.layer_cb = fz_lcp_layer,
	.random = fz_random,
};

static void
fz_protrej(void *arg, uint16_t proto)
{
	struct fz_ppp *pp = arg;

	if (proto == LNS_PPP_PROTO_IPV6CP && fz.ipv6cp &&
	    (pp->phase == FZ_NETWORK || pp->phase == FZ_UP))
		ppp_fsm_rxj(&pp->ipv6cp.fsm, true, pp->lcp.now);
	else if (proto == LNS_PPP_PROTO_IPCP)
		fz_close_later(pp, "IPCP rejected by the subscriber");
}

static void
fz_stop(struct fz_ppp *pp)
{
	fz_release_addr(pp);
	free(pp->auth);
	pp->auth = NULL;
}

static void
fz_start(struct fz_ppp *pp)
{
	bool again = fz_links > 0;

	memset(pp, 0, sizeof(*pp));
	fz_links++;
	pp->phase = FZ_LINK;
	pp->deadline = fz_now + fz.setup_timeout_ms;
	pp->proxy_used = again;		/* a new call has no proxy data */
	ppp_lcp_init(&pp->lcp, &fz.lcp);
	pp->lcp.fsm.owner = &fz_lcp_owner;
	pp->lcp.fsm.arg = pp;
	pp->lcp.protrej_cb = fz_protrej;
	pp->lcp.now = fz_now;
	if (fz.proxy && !again && fz_px.sent_len > 0 && fz_px.rcvd_len > 0 &&
	    ppp_lcp_proxy(&pp->lcp, fz_px.sent, fz_px.sent_len, fz_px.rcvd,
	    fz_px.rcvd_len, fz_now) == 0) {
		fz_reap(pp);
		return;
	}
	ppp_fsm_up(&pp->lcp.fsm, fz_now);
	ppp_fsm_open(&pp->lcp.fsm, fz_now);
	fz_reap(pp);
}

/* ctl_ppp_dispatch(). */
static void
fz_dispatch(struct fz_ppp *pp, uint16_t proto, const uint8_t *pkt,
    size_t len)
{
	pp->lcp.now = fz_now;
	switch (proto) {
	case LNS_PPP_PROTO_LCP:
		ppp_lcp_input(&pp->lcp, pkt, len, fz_now);
		break;
	case LNS_PPP_PROTO_PAP:
	case LNS_PPP_PROTO_CHAP:
		if (pp->phase == FZ_AUTH)
			fz_auth_input(pp, proto, pkt, len);
		break;
	case LNS_PPP_PROTO_IPCP:
	case LNS_PPP_PROTO_IPV6CP:
		if (pp->phase != FZ_NETWORK && pp->phase != FZ_UP)
			break;
		if (proto == LNS_PPP_PROTO_IPCP)
			ppp_fsm_input(&pp->ipcp.fsm, pkt, len, fz_now);
		else if (fz.ipv6cp)
			ppp_fsm_input(&pp->ipv6cp.fsm, pkt, len, fz_now);
		else if (pp->lcp.fsm.state == PPP_FSM_OPENED)
			ppp_lcp_send_protrej(&pp->lcp, proto, pkt, len);
		break;
	default:
		if (pp->lcp.fsm.state == PPP_FSM_OPENED)
			ppp_lcp_send_protrej(&pp->lcp, proto, pkt, len);
		break;
	}
	fz_reap(pp);
}

/* ctl_ppp_timer_one(). */
static void
fz_timer(struct fz_ppp *pp)
{
	pp->lcp.now = fz_now;
	ppp_lcp_timer(&pp->lcp, fz_now);
	if (pp->phase == FZ_AUTH)
		fz_auth_timer(pp);
	if (pp->phase == FZ_NETWORK || pp->phase == FZ_UP) {
		ppp_fsm_timer(&pp->ipcp.fsm, fz_now);
		if (fz.ipv6cp)
			ppp_fsm_timer(&pp->ipv6cp.fsm, fz_now);
	}
	if (pp->phase != FZ_UP && pp->phase != FZ_CLOSING &&
	    fz_now >= pp->deadline)
		fz_close_later(pp, "PPP setup timeout");
	fz_reap(pp);
}

/* ---- fix-ups ----------------------------------------------------------- */

static struct ppp_fsm *
fz_fsm_of(struct fz_ppp *pp, uint16_t proto)
{
	switch (proto) {
	case LNS_PPP_PROTO_LCP:
		return &pp->lcp.fsm;
	case LNS_PPP_PROTO_IPCP:
		return &pp->ipcp.fsm;
	case LNS_PPP_PROTO_IPV6CP:
		return &pp->ipv6cp.fsm;
	default:
		return NULL;
	}
}

/* Rewrite pkt[0..*len) (cap octets) so that it answers us. */
static void
fz_fix(struct fz_ppp *pp, uint16_t proto, uint8_t *pkt, size_t *len,
    size_t cap)
{
	struct ppp_fsm *fsm = fz_fsm_of(pp, proto);
	unsigned int u;
	int n = -1;

	if (*len < PPP_HDR_LEN)
		return;
	u = *len > 4 ? pkt[4] % FZ_NUSERS : 0;
	if (fsm != NULL) {
		if (pkt[0] == PPP_CONF_ACK)
			n = ppp_pkt_build(pkt, cap, PPP_CONF_ACK, fsm->reqid,
			    fsm->req, fsm->reqlen);
		else if (pkt[0] == PPP_CONF_NAK || pkt[0] == PPP_CONF_REJ)
			pkt[1] = fsm->reqid;
	} else if (proto == LNS_PPP_PROTO_PAP && pkt[0] == PPP_PAP_AUTH_REQ) {
		n = ppp_pap_client_request(pkt, cap, pkt[1],
		    (const uint8_t *)fz_users[u].name,
		    strlen(fz_users[u].name),
		    (const uint8_t *)fz_users[u].password,
		    strlen(fz_users[u].password));
	} else if (proto == LNS_PPP_PROTO_CHAP && pkt[0] == PPP_CHAP_RESPONSE &&
	    pp->auth != NULL && pp->lcp.auth != PPP_AUTH_PAP) {
		const struct ppp_chap_server *s = &pp->auth->chap;
		uint8_t chal[64], pc[16];
		char expect[PPP_MSCHAP_AUTH_RESP_LEN + 1];
		struct ppp_chap_msg m;
		int cl;

		/* The Challenge we sent, parsed as the subscriber did. */
		cl = ppp_chap_build(chal, sizeof(chal), PPP_CHAP_CHALLENGE,
		    s->id, s->challenge, sizeof(s->challenge),
		    (const uint8_t *)"lns.fuzz", 8);
		if (cl < 0 || ppp_chap_parse(&m, chal, (size_t)cl) != 0)
			return;
		memset(pc, 0x5a, sizeof(pc));
		memcpy(pc, pkt + 4, *len - 4 < sizeof(pc) ? *len - 4 :
		    sizeof(pc));
		if (s->conf.algo == PPP_CHAP_MD5)
			n = ppp_chap_client_md5_response(pkt, cap, &m,
			    (const uint8_t *)fz_users[u].password,
			    strlen(fz_users[u].password),
			    (const uint8_t *)fz_users[u].name,
			    strlen(fz_users[u].name));
		else
			n = ppp_chap_client_mschapv2_response(pkt, cap, &m, pc,
			    (const uint8_t *)fz_users[u].name,
			    strlen(fz_users[u].name),
			    (const uint8_t *)fz_users[u].password,
			    strlen(fz_users[u].password), expect);
	}
	if (n > 0)
		*len = (size_t)n;
}

/* ---- invariants -------------------------------------------------------- */

/*
 * RFC 1661 §4.6: the Restart timer runs exactly in Closing, Stopping,
 * Req-Sent, Ack-Rcvd and Ack-Sent. Running elsewhere it would fire a
 * TO event the state has no column for; stopped there, the negotiation
 * (or the Terminate-Request) would never be sent again.
 */
static void
fz_check_timer(const struct ppp_fsm *fsm)
{
	enum ppp_fsm_state s = fsm->state;
	bool want = s == PPP_FSM_CLOSING || s == PPP_FSM_STOPPING ||
	    s == PPP_FSM_REQSENT || s == PPP_FSM_ACKRCVD ||
	    s == PPP_FSM_ACKSENT;

	FUZZ_CHECK(s < PPP_FSM_NSTATES);
	FUZZ_CHECK(fsm->timer_on == want);
	FUZZ_CHECK(fsm->reqlen <= PPP_FSM_MAX_REQ);
}

static void
fz_check(const struct fz_ppp *pp)
{
	struct aaa_pool_stats st;

	fz_check_timer(&pp->lcp.fsm);
	FUZZ_CHECK(!pp->close_pending && !pp->lcp_down && !pp->ipcp_down);
	FUZZ_CHECK(pp->phase != FZ_CLOSING);
	FUZZ_CHECK((pp->auth != NULL) == (pp->phase == FZ_AUTH));
	if (pp->phase == FZ_AUTH || pp->phase == FZ_NETWORK ||
	    pp->phase == FZ_UP)
		FUZZ_CHECK(pp->lcp.fsm.state == PPP_FSM_OPENED);
	if (pp->phase == FZ_NETWORK || pp->phase == FZ_UP) {
		FUZZ_CHECK(pp->addr != 0);
		fz_check_timer(&pp->ipcp.fsm);
		if (fz.ipv6cp)
			fz_check_timer(&pp->ipv6cp.fsm);
	} else {
		FUZZ_CHECK(pp->pool == NULL);
	}
	if (pp->phase == FZ_UP)
		FUZZ_CHECK(pp->ipcp.fsm.state == PPP_FSM_OPENED);
	aaa_pool_stats(fz.pool, &st);
	FUZZ_CHECK(st.used == (pp->pool != NULL ? 1u : 0u));
	FUZZ_CHECK(st.double_release == 0);
}

/* ---- one input ----------------------------------------------------------- */

static void
fz_setup(uint8_t c)
{
	static const enum ppp_auth sets[4][3] = {
		{ PPP_AUTH_CHAP_MD5 }, { PPP_AUTH_PAP }, { PPP_AUTH_MSCHAPV2 },
		{ PPP_AUTH_MSCHAPV2, PPP_AUTH_CHAP_MD5, PPP_AUTH_PAP },
	};
	unsigned int i;

	if (fz.users == NULL) {
		fz.users = aaa_local_create();
		FUZZ_CHECK(fz.users != NULL);
		for (i = 0; i < FZ_NUSERS; i++)
			FUZZ_CHECK(aaa_local_add_user(fz.users, fz_users[i].name,
			    fz_users[i].password, fz_users[i].ip,
			    fz_users[i].pool) == 0);
	}
	aaa_pool_set_free(fz.pools);
	fz.pools = aaa_pool_set_create();
	fz.pool = aaa_pool_create("subscribers");
	FUZZ_CHECK(fz.pools != NULL && fz.pool != NULL);
	FUZZ_CHECK(aaa_pool_add_prefix(fz.pool, 0x64400000,
	    c & FZ_CFG_POOL1 ? 32 : 28) == 0);
	FUZZ_CHECK(aaa_pool_set_add(fz.pools, fz.pool) == 0);

	memset(&fz.lcp, 0, sizeof(fz.lcp));
	memcpy(fz.lcp.auth, sets[c & FZ_CFG_AUTH], sizeof(fz.lcp.auth));
	fz.lcp.auth_count = (c & FZ_CFG_AUTH) == 3 ? 3 : 1;
	fz.lcp.mru = c & FZ_CFG_MRU ? 1400 : 0;
	fz.lcp.accept_pfc = fz.lcp.accept_acfc = (c & FZ_CFG_PFC) != 0;
	fz.lcp.echo_interval_ms = c & FZ_CFG_ECHO ? 2000 : 0;
	fz.ipv6cp = (c & FZ_CFG_IPV6CP) != 0;
	fz.proxy = (c & FZ_CFG_PROXY) != 0;
	fz.setup_timeout_ms = 30000;
	fz_now = 1000;
	fz_rand = 7;
	fz_links = 0;
	memset(&fz_px, 0, sizeof(fz_px));
}

/*
 * Proxy data record: sent_len, sent, rcvd_len, rcvd, auth type, id,
 * name_len, name, response_len, response; the challenge is fixed.
 */
static void
fz_proxy_parse(const uint8_t *b, size_t n)
{
	size_t o = 0, l;

	if (n < 1 || (l = b[o++]) > sizeof(fz_px.sent) || l > n - o)
		return;
	memcpy(fz_px.sent, b + o, l);
	fz_px.sent_len = (uint8_t)l;
	o += l;
	if (o >= n || (l = b[o++]) > sizeof(fz_px.rcvd) || l > n - o)
		return;
	memcpy(fz_px.rcvd, b + o, l);
	fz_px.rcvd_len = (uint8_t)l;
	o += l;
	if (n - o < 3)
		return;
	fz_px.has_auth = true;
	fz_px.auth_type = b[o++];
	fz_px.auth_id = b[o++];
	l = b[o++];
	if (l >= sizeof(fz_px.auth_name) || l > n - o)
		return;
	memcpy(fz_px.auth_name, b + o, l);
	o += l;
	if (o >= n || (l = b[o++]) > sizeof(fz_px.response) || l > n - o)
		return;
	memcpy(fz_px.response, b + o, l);
	fz_px.response_len = (uint8_t)l;
	memset(fz_px.challenge, 0x11, sizeof(fz_px.challenge));
	fz_px.challenge_len = sizeof(fz_px.challenge);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[FZ_PKT_MAX + 256];
	unsigned int records = 0;
	size_t off = 1, len;
	struct fz_ppp *pp = &fz_pp;

	if (size < 1)
		return 0;
	fz_setup(data[0]);
	/* The proxy record comes before the call starts (the ICCN). */
	if ((data[0] & FZ_CFG_PROXY) && off + 3 <= size) {
		len = lns_get_be16(data + off + 1);
		off += 3;
		if (len > size - off)
			len = size - off;
		fz_proxy_parse(data + off, len);
		off += len;
	}
	fz_start(pp);
	fz_check(pp);
	while (off + 3 <= size && records++ < FZ_MAX_RECORDS &&
	    fz_links <= FZ_MAX_LINKS) {
		uint8_t ctl = data[off];
		const uint8_t *p;
		uint16_t proto;
		size_t plen;
		int rc;

		len = lns_get_be16(data + off + 1);
		off += 3;
		if (len > size - off)
			len = size - off;
		if (len > FZ_PKT_MAX)
			len = FZ_PKT_MAX;
		memcpy(buf, data + off, len);
		off += len;

		fz_now += fz_advance[ctl & 7];
		fz_timer(pp);
		fz_check(pp);
		switch ((ctl >> 4) & 3) {
		case FZ_OP_FRAME:
			if (ctl & FZ_FIX_PROTO) {
				if (len < 1)
					break;
				proto = fz_protos[buf[0] % 5];
				p = buf + 1;
				plen = len - 1;
			} else {
				/* ctl_ppp_input(): FF 03 optional, PFC. */
				rc = lns_ppp_hdr_parse(buf, (uint32_t)len, 0,
				    &proto);
				if (rc < 0)
					break;
				p = buf + rc;
				plen = len - (size_t)rc;
			}
			if (ctl & FZ_FIX) {
				/* Fixed in place: room after the packet. */
				memmove(buf + 64, p, plen);
				p = buf + 64;
				fz_fix(pp, proto, buf + 64, &plen,
				    sizeof(buf) - 64);
			}
			fz_dispatch(pp, proto, p, plen);
			break;
		case FZ_OP_CDN:
			fz_stop(pp);
			fz_start(pp);
			break;
		case FZ_OP_CLOSE:
			ppp_fsm_close(&pp->lcp.fsm, "admin", fz_now);
			fz_reap(pp);
			break;
		default:
			break;
		}
		fz_check(pp);
	}
	fz_stop(pp);
	return 0;
}

#else /* FUZZ_DUMP_SEEDS */

/* ---- seed conversations, from the unit tests' packet builders ---------- */

static struct fuzz_conv conv;




/* A control packet of proto (index in fz_protos) with the fix-ups. */
static void
pkt(uint8_t adv, unsigned int pi, uint8_t code, uint8_t id, const void *d,
    size_t n)
{
	uint8_t b[600];
	int l;

	b[0] = (uint8_t)pi;
	l = ppp_pkt_build(b + 1, sizeof(b) - 1, code, id, d, n);
	fuzz_conv_rec(&conv, (uint8_t)(adv | 0x40 | 0x08), b, (size_t)l + 1);
}

/* A whole frame as the LAC passes it (FF 03, protocol), no fix-up. */
static void
frame(uint8_t adv, uint16_t proto, uint8_t code, uint8_t id, const void *d,
    size_t n)
{
	uint8_t b[600];
	int l;

	b[0] = 0xff;
	b[1] = 0x03;
	lns_put_be16(b + 2, proto);
	l = ppp_pkt_build(b + 4, sizeof(b) - 4, code, id, d, n);
	fuzz_conv_rec(&conv, adv, b, (size_t)l + 4);
}

/* LCP up: our request acked (fix-up), theirs sent. */
static void
lcp_up(const uint8_t *opts, size_t n)
{
	pkt(1, 0, PPP_CONF_REQ, 1, opts, n);
	pkt(1, 0, PPP_CONF_ACK, 0, NULL, 0);
}

static void
auth(unsigned int pi, unsigned int user)
{
	uint8_t b[8] = { 0 };

	/* The fix-up writes the credentials of user b[0] % users. */
	b[0] = (uint8_t)user;
	if (pi == 1)
		pkt(1, 1, PPP_PAP_AUTH_REQ, 3, b, 1);
	else
		pkt(1, 2, PPP_CHAP_RESPONSE, 0, b, 1);
}

static void
ncp_up(bool v6)
{
	static const uint8_t addr[] = { PPP_IPCP_OPT_ADDR, 6, 0, 0, 0, 0,
		PPP_IPCP_OPT_DNS1, 6, 0, 0, 0, 0 };
	static const uint8_t good[] = { PPP_IPCP_OPT_ADDR, 6, 100, 64, 0, 1 };
	static const uint8_t ifid[] = { PPP_IPV6CP_OPT_IFID, 10, 2, 0, 0, 0,
		0, 0, 0, 7 };

	pkt(1, 3, PPP_CONF_REQ, 1, addr, sizeof(addr));	/* Nak'd */
	pkt(1, 3, PPP_CONF_ACK, 0, NULL, 0);
	pkt(1, 3, PPP_CONF_REQ, 2, good, sizeof(good));
	if (v6) {
		pkt(1, 4, PPP_CONF_REQ, 1, ifid, sizeof(ifid));
		pkt(1, 4, PPP_CONF_ACK, 0, NULL, 0);
	}
}

int
main(int argc, char **argv)
{
	static const uint8_t lcp_opts[] = { PPP_LCP_OPT_MRU, 4, 0x05, 0xd4,
		PPP_LCP_OPT_MAGIC, 6, 1, 2, 3, 4 };
	static const uint8_t lcp_pfc[] = { PPP_LCP_OPT_MAGIC, 6, 1, 2, 3, 4,
		PPP_LCP_OPT_PFC, 2, PPP_LCP_OPT_ACFC, 2, PPP_LCP_OPT_ACCM, 6,
		0, 0, 0, 0 };
	static const uint8_t echo[] = { 1, 2, 3, 4, 'h', 'i' };
	static const uint8_t ipv4[] = { 0x45, 0, 0, 20 };
	static const uint8_t term[] = { 'b', 'y', 'e' };
	static const uint8_t none[1] = { 0 };
	const char *dir = argc > 1 ? argv[1] : ".";
	uint8_t b[128];
	size_t n;

	/* CHAP-MD5, IPCP up, echo, an unknown protocol, terminate. */
	fuzz_conv_start(&conv, 0);
	lcp_up(lcp_opts, sizeof(lcp_opts));
	auth(2, 0);
	ncp_up(false);
	frame(4, LNS_PPP_PROTO_LCP, PPP_ECHO_REQ, 9, echo, sizeof(echo));
	frame(1, 0x8057 + 2, PPP_CONF_REQ, 1, NULL, 0);
	frame(1, LNS_PPP_PROTO_LCP, PPP_TERM_REQ, 10, term, sizeof(term));
	fuzz_conv_rec(&conv, FZ_OP_TIME << 4 | 6, none, 0);
	fuzz_conv_write(&conv, dir, "chap-md5-up-terminate");

	/* PAP with a static address, IPv6CP, keepalive, LCP renegotiation. */
	fuzz_conv_start(&conv, 1 | FZ_CFG_IPV6CP | FZ_CFG_ECHO);
	lcp_up(lcp_opts, sizeof(lcp_opts));
	auth(1, 1);
	ncp_up(true);
	fuzz_conv_rec(&conv, FZ_OP_TIME << 4 | 4, none, 0);
	fuzz_conv_rec(&conv, FZ_OP_TIME << 4 | 5, none, 0);
	lcp_up(lcp_opts, sizeof(lcp_opts));
	auth(1, 0);
	ncp_up(true);
	fuzz_conv_rec(&conv, FZ_OP_CLOSE << 4 | 1, none, 0);
	fuzz_conv_write(&conv, dir, "pap-ipv6cp-renegotiate");

	/* MS-CHAPv2 with a domain user; PFC/ACFC; the LAC clears the call. */
	fuzz_conv_start(&conv, 2 | FZ_CFG_PFC | FZ_CFG_MRU);
	lcp_up(lcp_pfc, sizeof(lcp_pfc));
	auth(2, 4);
	ncp_up(false);
	fuzz_conv_rec(&conv, FZ_OP_CDN << 4 | 1, none, 0);
	lcp_up(lcp_opts, sizeof(lcp_opts));
	auth(2, 3);
	ncp_up(false);
	b[0] = 0x21;		/* PFC: one-octet protocol, no FF 03 */
	memcpy(b + 1, ipv4, sizeof(ipv4));
	fuzz_conv_rec(&conv, 1, b, 1 + sizeof(ipv4));
	fuzz_conv_write(&conv, dir, "mschapv2-pfc-cdn");

	/* All methods offered; wrong password; pool of one; timeouts. */
	fuzz_conv_start(&conv, 3 | FZ_CFG_POOL1);
	lcp_up(lcp_opts, sizeof(lcp_opts));
	pkt(1, 2, PPP_CHAP_RESPONSE, 0, "\x10xxxxxxxxxxxxxxxxname", 21);
	lcp_up(lcp_opts, sizeof(lcp_opts));
	auth(2, 2);		/* carol: no such pool */
	lcp_up(lcp_opts, sizeof(lcp_opts));
	fuzz_conv_rec(&conv, FZ_OP_TIME << 4 | 7, none, 0);
	fuzz_conv_rec(&conv, FZ_OP_TIME << 4 | 7, none, 0);
	fuzz_conv_write(&conv, dir, "all-methods-failures-timeout");

	/* Proxy LCP and proxy PAP from the LAC: straight to IPCP. */
	fuzz_conv_start(&conv, 1 | FZ_CFG_PROXY);
	n = 0;
	b[n++] = 10;		/* PAP, magic */
	memcpy(b + n, "\x03\x04\xc0\x23\x05\x06\x0a\x0b\x0c\x0d", 10);
	n += 10;
	b[n++] = 10;
	memcpy(b + n, lcp_opts, 10);
	n += 10;
	b[n++] = 3;		/* PAP */
	b[n++] = 1;
	b[n++] = 5;
	memcpy(b + n, "alice", 5);
	n += 5;
	b[n++] = 6;
	memcpy(b + n, "secret", 6);
	n += 6;
	fuzz_conv_rec(&conv, 0, b, n);
	ncp_up(false);
	fuzz_conv_write(&conv, dir, "proxy-lcp-pap");
	return 0;
}

#endif /* FUZZ_DUMP_SEEDS */
