/* SPDX-License-Identifier: BSD-3-Clause
 *
 * Authentication phase (PAP, CHAP-MD5, MS-CHAPv2, or the LAC's proxy
 * authentication, all verified through the AAA seam, aaa.h, which answers
 * later) and network phase (address from the authorisation and the
 * pools, IPCP, IPv6CP) of a subscriber session.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_aaa.h"
#include "ctl_loop.h"
#include "ctl_ppp_priv.h"
#include "l2tp_proto.h"
#include "lns_ipv4.h"
#include "lns_log.h"
#include "ppp_proto.h"

enum ppp_auth
ctl_ppp_auth_from_cfg(enum cfg_ppp_auth a)
{
	switch (a) {
	case CFG_PPP_AUTH_PAP:
		return PPP_AUTH_PAP;
	case CFG_PPP_AUTH_MSCHAPV2:
		return PPP_AUTH_MSCHAPV2;
	case CFG_PPP_AUTH_CHAP:
	default:
		return PPP_AUTH_CHAP_MD5;
	}
}

static bool
ctl_ppp_auth_allowed(enum ppp_auth a)
{
	unsigned int i;

	for (i = 0; i < ctl_ppp_ctx.lcp.auth_count; i++)
		if (ctl_ppp_ctx.lcp.auth[i] == a)
			return true;
	return false;
}

void
ctl_ppp_free_user(struct ctl_ppp *pp)
{
	ctl_ppp_index_user_del(pp);
	if (pp->user != ctl_ppp_no_user)
		free(pp->user);
	pp->user = ctl_ppp_no_user;
}

/* Names are up to 255 octets (RFC 1334, RFC 1994): exactly allocated. */
int
ctl_ppp_set_user(struct ctl_ppp *pp, const uint8_t *name, size_t len)
{
	char *u;

	len = RTE_MIN(len, (size_t)AAA_NAME_MAX);
	if (strlen(pp->user) == len && memcmp(pp->user, name, len) == 0)
		return 0;
	ctl_ppp_free_user(pp);
	if (len == 0)
		return 0;
	u = malloc(len + 1);
	if (u == NULL)
		return -ENOMEM;
	memcpy(u, name, len);
	u[len] = '\0';
	pp->user = u;
	ctl_ppp_index_user_add(pp);
	return 0;
}

static void
ctl_ppp_nomem(struct ctl_ppp *pp)
{
	ctl_ppp_close_later(pp, L2TP_CDN_RC_TEMP_NO_FACILITY, -1,
			    "out of memory");
}

/*
 * Whether the LAC of pp's call is trusted with proxy authentication
 * (ppp.proxy_auth). The AVPs carry the challenge, so anyone holding one
 * captured CHAP exchange (or a PAP password) could replay it in an ICCN
 * from anywhere: by default only a LAC that proved the tunnel secret
 * (RFC 2661 §5.1.1) is believed. RFC 2661 §4.4.5 lets the LNS
 * authenticate again when the LAC is not trusted, and §9.5 asks that
 * proxy authentication can be turned off.
 */
static bool
ctl_ppp_proxy_trusted(const struct ctl_ppp *pp)
{
	struct ctl_l2tp_path path;

	switch (ctl_ppp_ctx.proxy_auth) {
	case CFG_PPP_PROXY_AUTH_ALWAYS:
		return true;
	case CFG_PPP_PROXY_AUTH_AUTHENTICATED:
		ctl_l2tp_call_path(pp->cs, &path);
		return path.tunnel_authenticated;
	case CFG_PPP_PROXY_AUTH_NEVER:
	default:
		return false;
	}
}

/* ---- asking the AAA -------------------------------------------------- */

static void ctl_ppp_aaa_done(void *arg, const struct aaa_result *res);

/* Drop an unanswered AAA request (the session goes or starts over). */
void
ctl_ppp_aaa_cancel(struct ctl_ppp *pp)
{
	if (pp->aaa_req == NULL)
		return;
	aaa_cancel(pp->aaa_req);
	pp->aaa_req = NULL;
	pp->proxy_pending = false;
}

/* Hand req to the AAA; the answer comes to ctl_ppp_aaa_done(). */
static int
ctl_ppp_aaa_ask(struct ctl_ppp *pp, struct aaa_auth_req *req)
{
	struct aaa_call call;
	int rc;

	ctl_ppp_aaa_cancel(pp);
	ctl_ppp_acct_call(pp, &call);
	req->call = &call;
	rc = aaa_authenticate(ctl_aaa.aaa, req, ctl_ppp_aaa_done, pp,
			      &pp->aaa_req, ctl_now_ms());
	if (rc != 0)
		pp->aaa_req = NULL;
	return rc;
}

/* ppp_pap_verify_cb: every PAP request goes to the AAA. */
static int
ctl_ppp_pap_verify(void *arg, const uint8_t *peer, size_t peer_len,
		   const uint8_t *passwd, size_t passwd_len)
{
	struct aaa_auth_req req = {
		.method = AAA_PAP,
		.user = peer, .user_len = peer_len,
		.password = passwd, .password_len = passwd_len,
	};
	int rc = ctl_ppp_aaa_ask(arg, &req);

	return rc == 0 ? -EINPROGRESS : rc;
}

/* ppp_chap_verify_cb: CHAP-MD5 and MS-CHAPv2 Responses too. */
static int
ctl_ppp_chap_verify(void *arg, const struct ppp_chap_response *r,
		    char auth_resp[PPP_MSCHAP_AUTH_RESP_LEN + 1])
{
	struct aaa_auth_req req = {
		.method = r->algo == PPP_CHAP_MD5 ? AAA_CHAP_MD5 : AAA_MSCHAPV2,
		.user = r->name, .user_len = r->name_len,
		.chap = r,
	};
	int rc = ctl_ppp_aaa_ask(arg, &req);

	(void)auth_resp;
	return rc == 0 ? -EINPROGRESS : rc;
}

/*
 * RFC 2661 §4.4.5: the LAC authenticated the subscriber already and
 * passed the exchange on. Ask the AAA about it when the LAC is trusted
 * and it is a method we allow (true: the answer will come); otherwise
 * the subscriber is authenticated by us (§9.5: a new round of PPP
 * authentication initiated by the LNS), with the method LCP agreed.
 */
static bool
ctl_ppp_proxy_auth(struct ctl_ppp *pp)
{
	const struct l2tp_session_proxy *px = ctl_l2tp_call_proxy(pp->cs);
	struct ppp_chap_response chap;
	struct aaa_auth_req req = { 0 };
	size_t nlen;

	if (!ctl_ppp_ctx.proxy_lcp || px == NULL || !px->has_auth_type ||
	    px->overflow)
		return false;
	nlen = strlen(px->auth_name);
	if (nlen == 0)
		return false;
	if (!ctl_ppp_proxy_trusted(pp)) {
		ctl_ppp_gauges.proxy_auth_refused++;
		LNS_LOG_RL(INFO, ppp, pp->lcp.now, 10, "tunnel=%u session=%u event=proxy-auth-refused user=\"%s\" reason=\"%s\"",
			pp->tid, pp->sid, px->auth_name,
			ctl_ppp_ctx.proxy_auth == CFG_PPP_PROXY_AUTH_NEVER ?
			"ppp.proxy_auth is never" :
			"tunnel not authenticated with a secret");
		return false;
	}
	req.user = (const uint8_t *)px->auth_name;
	req.user_len = nlen;
	req.proxied = true;
	if (px->auth_type == L2TP_PROXY_AUTH_PAP &&
	    ctl_ppp_auth_allowed(PPP_AUTH_PAP)) {
		req.method = AAA_PAP;
		req.password = px->auth_response;
		req.password_len = px->auth_response_len;
	} else if (px->auth_type == L2TP_PROXY_AUTH_CHAP &&
		   ctl_ppp_auth_allowed(PPP_AUTH_CHAP_MD5) && px->has_auth_id &&
		   px->auth_response_len == 16 &&
		   px->auth_challenge_len > 0 &&
		   px->auth_challenge_len <= AAA_CHALLENGE_MAX) {
		chap = (struct ppp_chap_response){
			.algo = PPP_CHAP_MD5, .id = px->auth_id,
			.challenge = px->auth_challenge,
			.challenge_len = (uint8_t)px->auth_challenge_len,
			.value = px->auth_response, .value_len = 16,
			.name = req.user, .name_len = nlen,
		};
		req.method = AAA_CHAP_MD5;
		req.chap = &chap;
	} else {
		return false;
	}
	if (ctl_ppp_set_user(pp, req.user, nlen) != 0 ||
	    ctl_ppp_aaa_ask(pp, &req) != 0)
		return false;
	pp->proxy_pending = true;
	return true;
}

/* ---- network phase ---------------------------------------------------- */

static void
ctl_ppp_ncp_layer(void *arg, struct ppp_fsm *fsm, enum ppp_fsm_layer ev)
{
	struct ctl_ppp *pp = arg;
	char ip[LNS_IPV4_STRLEN];

	/* IPv6CP is optional: IPv4 goes on without. */
	if (pp->ipv6cp != NULL && fsm == &pp->ipv6cp->fsm) {
		if (ev == PPP_LAYER_UP && !pp->renegotiating)
			ctl_ppp_ip6_up(pp, pp->lcp.now);
		else if (ev == PPP_LAYER_DOWN || ev == PPP_LAYER_FINISHED)
			ctl_ppp_ip6_down(pp);
		return;
	}
	if (pp->renegotiating)
		return;		/* LCP restarts itself */
	switch (ev) {
	case PPP_LAYER_UP:
		ctl_ppp_set_phase(pp, CTL_PPP_UP);
		ctl_ppp_gauges.up_total++;
		/* The subscriber's traffic may flow: tell the dataplane. */
		ctl_ppp_dp_up(pp);
		ctl_ppp_acct_up(pp, pp->lcp.now);
		LNS_LOG(INFO, ppp, "tunnel=%u session=%u event=up user=\"%s\" ip=%s calling=\"%s\"",
			pp->tid, pp->sid,
			pp->user, lns_ipv4_str(htonl(pp->addr), ip),
			ctl_l2tp_call_calling_number(pp->cs));
		break;
	case PPP_LAYER_DOWN:
		/* Renegotiation or the end: settled after the packet (reap). */
		pp->ipcp_down = true;
		break;
	case PPP_LAYER_FINISHED:
		ctl_ppp_close_later(pp, L2TP_CDN_RC_ERROR, L2TP_ERR_VENDOR,
				    "IPCP closed");
		break;
	default:
		break;
	}
}

void
ctl_ppp_ncp_attach(struct ctl_ppp *pp, struct ppp_fsm *fsm)
{
	static const struct ppp_fsm_owner ncp_owner = {
		.send = ctl_ppp_send,
		.layer_cb = ctl_ppp_ncp_layer,
	};

	fsm->owner = &ncp_owner;
	fsm->arg = pp;
	fsm->peer_mru = pp->lcp.peer_mru;
}

static void
ctl_ppp_ncp_open(struct ctl_ppp *pp, struct ppp_fsm *fsm, uint64_t now)
{
	ctl_ppp_ncp_attach(pp, fsm);
	ppp_fsm_up(fsm, now);
	ppp_fsm_open(fsm, now);
}

static void
ctl_ppp_network(struct ctl_ppp *pp, uint64_t now)
{
	const struct aaa_attrs *at = pp->acct.attrs;
	struct ppp_ipcp_conf ic = { 0 };
	struct ppp_ipv6cp_conf vc = { 0 };
	int rc;

	rc = at != NULL ? ctl_aaa_address(at, &pp->addr, &pp->pool) : -ENOENT;
	if (rc != 0) {
		if (rc == -ENOSPC)
			ctl_ppp_gauges.pool_exhausted++;
		pp->addr = 0;
		ctl_ppp_close_later(pp, rc == -ENOSPC ?
				    L2TP_CDN_RC_TEMP_NO_FACILITY :
				    L2TP_CDN_RC_ERROR, rc == -ENOSPC ? -1 :
				    L2TP_ERR_VENDOR, rc == -ENOSPC ?
				    "address pool exhausted" :
				    "no address for the user");
		return;
	}
	ctl_ppp_index_addr_del(pp);	/* a second network phase: re-keyed */
	ctl_ppp_index_addr_add(pp);
	ctl_ppp_set_phase(pp, CTL_PPP_NETWORK);
	ic.local_addr = ctl_ppp_ctx.local_addr;
	ic.peer_addr = pp->addr;
	/* MS-Primary/Secondary-DNS-Server from the AAA, else ppp.dns1/2. */
	ic.dns[0] = at->dns[0] != 0 ? at->dns[0] : ctl_ppp_ctx.dns[0];
	ic.dns[1] = at->dns[1] != 0 ? at->dns[1] : ctl_ppp_ctx.dns[1];
	ppp_ipcp_init(&pp->ipcp, &ic);
	ctl_ppp_ncp_open(pp, &pp->ipcp.fsm, now);
	if (ctl_ppp_ctx.ipv6cp) {
		/* Framed-Interface-Id: the subscriber's, assigned. */
		if (at->has_interface_id)
			vc.peer_ifid = (uint64_t)lns_get_be32(at->interface_id) << 32 |
				       lns_get_be32(at->interface_id + 4);
		if (ctl_ppp_ipv6cp_get(pp) == NULL)
			return;
		ppp_ipv6cp_init(pp->ipv6cp, &vc);
		ctl_ppp_ncp_open(pp, &pp->ipv6cp->fsm, now);
	}
}

void
ctl_ppp_ncp_input(struct ctl_ppp *pp, uint16_t proto, const uint8_t *pkt,
		  size_t len, uint64_t now)
{
	if (proto == LNS_PPP_PROTO_IPCP)
		ppp_fsm_input(&pp->ipcp.fsm, pkt, len, now);
	else if (ctl_ppp_ctx.ipv6cp) {
		/*
		 * A session whose network phase began before a reload turned
		 * IPv6CP on has none: a zeroed one (Initial) drops it and
		 * counts it as it always did.
		 */
		if (ctl_ppp_ipv6cp_get(pp) != NULL)
			ppp_fsm_input(&pp->ipv6cp->fsm, pkt, len, now);
	}
	else if (pp->lcp.fsm.state == PPP_FSM_OPENED)
		ppp_lcp_send_protrej(&pp->lcp, proto, pkt, len);
}

void
ctl_ppp_ncp_timer(struct ctl_ppp *pp, uint64_t now)
{
	ppp_fsm_timer(&pp->ipcp.fsm, now);
	if (ctl_ppp_ctx.ipv6cp && pp->ipv6cp != NULL)
		ppp_fsm_timer(&pp->ipv6cp->fsm, now);
}

/* ---- authentication phase -------------------------------------------- */

static void
ctl_ppp_auth_failed(struct ctl_ppp *pp, const char *why)
{
	ctl_ppp_gauges.auth_failed++;
	LNS_LOG_RL(NOTICE, ppp, pp->lcp.now, 10, "tunnel=%u session=%u event=auth-failed user=\"%s\" reason=\"%s\"",
		   pp->tid, pp->sid, pp->user, why);
	ctl_ppp_close_later(pp, L2TP_CDN_RC_ERROR, L2TP_ERR_VENDOR, why);
}

/* The subscriber is authenticated: keep what the AAA said, go on. */
static void
ctl_ppp_authorised(struct ctl_ppp *pp, const struct aaa_result *res,
		   uint64_t now)
{
	if (ctl_ppp_acct_authorise(pp, res) != 0) {
		ctl_ppp_nomem(pp);
		return;
	}
	ctl_ppp_network(pp, now);
}

/* Our own round of authentication, with the method LCP agreed. */
static void
ctl_ppp_auth_own(struct ctl_ppp *pp, uint64_t now)
{
	uint8_t out[CTL_PPP_OUT_MAX];
	uint16_t left;
	int n;

	ctl_ppp_set_phase(pp, CTL_PPP_AUTH);
	/* LCP renegotiated before up: the attempts left, not a new ten. */
	left = ctl_ppp_setup_auth_left(&pp->setup);
	if (left == 0) {
		ctl_ppp_auth_failed(pp, "authentication attempts exhausted");
		return;
	}
	if (pp->auth == NULL)
		pp->auth = calloc(1, sizeof(*pp->auth));
	if (pp->auth == NULL) {
		ctl_ppp_nomem(pp);
		return;
	}
	switch (pp->lcp.auth) {
	case PPP_AUTH_PAP: {
		struct ppp_pap_server_conf c = {
			/* Never past the set-up deadline (0: no timeout). */
			.timeout = RTE_MAX(ctl_ppp_setup_left_ms(&pp->setup,
								 now),
					   (uint64_t)1),
			.max_requests = left,
			.verify = ctl_ppp_pap_verify,
			.verify_arg = pp,
		};

		ppp_pap_server_start(&pp->auth->pap, &c, now);
		break;
	}
	case PPP_AUTH_CHAP_MD5:
	case PPP_AUTH_MSCHAPV2: {
		struct ppp_chap_server_conf c = {
			.algo = pp->lcp.auth == PPP_AUTH_CHAP_MD5 ?
				PPP_CHAP_MD5 : PPP_CHAP_MSCHAPV2,
			.name = ctl_ppp_ctx.host_name,
			.timeout = 3000,
			.max_challenges = left,
			.verify = ctl_ppp_chap_verify,
			.verify_arg = pp,
			/* Past every Identifier of the last round (<= 10). */
			.first_id = pp->chap_id_set ?
				PPP_CHAP_FIRST_ID(pp->chap_id + 16) : 0,
		};

		n = ppp_chap_server_start(&pp->auth->chap, &c, now, out,
					  sizeof(out));
		pp->chap_id = pp->auth->chap.id;
		pp->chap_id_set = true;
		if (n > 0) {
			ctl_ppp_setup_auth_spend(&pp->setup, 1);
			ctl_ppp_send(pp, LNS_PPP_PROTO_CHAP, out, (size_t)n);
		} else {
			ctl_ppp_auth_failed(pp, "cannot start CHAP");
		}
		break;
	}
	default:
		/* Our LCP always asks for one; a peer that refuses is gone. */
		ctl_ppp_auth_failed(pp, "no authentication negotiated");
		break;
	}
}

void
ctl_ppp_auth_start(struct ctl_ppp *pp, uint64_t now)
{
	bool proxied;

	ctl_ppp_aaa_cancel(pp);
	/* A new accounting session: a new Acct-Session-Id. */
	ctl_ppp_acct_reset(pp);
	pp->acct.session_id = ctl_aaa_session_id_new();
	ctl_ppp_set_phase(pp, CTL_PPP_AUTH);
	proxied = ctl_ppp_proxy_auth(pp);
	/* Proxy data is for the first negotiation only: LCP is up now. */
	ctl_l2tp_call_proxy_release(pp->cs);
	if (!proxied)
		ctl_ppp_auth_own(pp, now);
}

/* After an authenticator's input or answer: settle the phase. */
static void
ctl_ppp_auth_result(struct ctl_ppp *pp, const uint8_t *peer, uint8_t peer_len,
		    bool success, bool failure, const char *why,
		    const struct aaa_result *res, uint64_t now)
{
	if (ctl_ppp_set_user(pp, peer, peer_len) != 0)
		ctl_ppp_nomem(pp);
	else if (success && res != NULL)
		ctl_ppp_authorised(pp, res, now);
	else if (failure)
		ctl_ppp_auth_failed(pp, why);
}

static const char *
ctl_ppp_aaa_why(const struct aaa_result *res, const char *rejected)
{
	switch (res->status) {
	case 0:
	case -EACCES:
		return rejected;
	case -ETIMEDOUT:
	case -EHOSTUNREACH:
		return "no AAA server answered";
	case -ENOENT:
		return "no AAA backend for the realm";
	default:
		return "AAA error";
	}
}

/* aaa_done_cb: the AAA's answer for pp. */
static void
ctl_ppp_aaa_done(void *arg, const struct aaa_result *res)
{
	struct ctl_ppp *pp = arg;
	union ctl_ppp_auth *a = pp->auth;
	uint8_t out[CTL_PPP_OUT_MAX];
	uint64_t now = ctl_now_ms();
	int verdict = res->status == 0 ? 0 : -EACCES, n;

	pp->aaa_req = NULL;
	pp->lcp.now = now;
	if (pp->proxy_pending) {
		pp->proxy_pending = false;
		if (res->status == 0) {
			ctl_ppp_gauges.proxy_auth++;
			ctl_ppp_authorised(pp, res, now);
		} else {
			ctl_ppp_auth_own(pp, now);
		}
	} else if (a != NULL && pp->lcp.auth == PPP_AUTH_PAP) {
		n = ppp_pap_server_complete(&a->pap, verdict, out, sizeof(out));
		if (n > 0)
			ctl_ppp_send(pp, LNS_PPP_PROTO_PAP, out, (size_t)n);
		ctl_ppp_auth_result(pp, a->pap.peer, a->pap.peer_len,
				    a->pap.state == PPP_PAP_ST_SUCCESS,
				    a->pap.state == PPP_PAP_ST_FAILURE,
				    ctl_ppp_aaa_why(res,
					"PAP authentication failed"),
				    res, now);
	} else if (a != NULL) {
		n = ppp_chap_server_complete(&a->chap, verdict,
					     res->mschap2_success,
					     res->message[0] != '\0' ?
					     res->message : NULL,
					     out, sizeof(out));
		if (n > 0)
			ctl_ppp_send(pp, LNS_PPP_PROTO_CHAP, out, (size_t)n);
		ctl_ppp_auth_result(pp, a->chap.peer, a->chap.peer_len,
				    a->chap.state == PPP_CHAP_ST_SUCCESS,
				    a->chap.state == PPP_CHAP_ST_FAILURE,
				    ctl_ppp_aaa_why(res,
					"CHAP authentication failed"),
				    res, now);
	}
	ctl_ppp_reap(pp, now);
}

unsigned int
ctl_ppp_auth_input(struct ctl_ppp *pp, uint16_t proto, const uint8_t *pkt,
		   size_t len, uint64_t now)
{
	union ctl_ppp_auth *a = pp->auth;
	uint8_t out[CTL_PPP_OUT_MAX];
	uint16_t bad, requests;
	int n;

	if (a == NULL)
		return 0;
	if (proto == LNS_PPP_PROTO_PAP && pp->lcp.auth == PPP_AUTH_PAP) {
		bad = a->pap.malformed;
		requests = a->pap.requests;
		n = ppp_pap_server_input(&a->pap, pkt, len, out, sizeof(out));
		bad = (uint16_t)(a->pap.malformed - bad);
		ctl_ppp_setup_auth_spend(&pp->setup,
			(uint16_t)(a->pap.requests - requests));
		if (n > 0)
			ctl_ppp_send(pp, LNS_PPP_PROTO_PAP, out, (size_t)n);
		/* Success comes with the AAA's answer (ctl_ppp_aaa_done). */
		ctl_ppp_auth_result(pp, a->pap.peer, a->pap.peer_len, false,
				    a->pap.state == PPP_PAP_ST_FAILURE,
				    "PAP authentication failed", NULL, now);
		return bad;
	}
	if (proto == LNS_PPP_PROTO_CHAP && pp->lcp.auth != PPP_AUTH_PAP) {
		bad = a->chap.malformed;
		n = ppp_chap_server_input(&a->chap, pkt, len, out, sizeof(out));
		bad = (uint16_t)(a->chap.malformed - bad);
		if (n > 0)
			ctl_ppp_send(pp, LNS_PPP_PROTO_CHAP, out, (size_t)n);
		ctl_ppp_auth_result(pp, a->chap.peer, a->chap.peer_len, false,
				    a->chap.state == PPP_CHAP_ST_FAILURE,
				    "CHAP authentication failed", NULL, now);
		return bad;
	}
	return 0;
}

void
ctl_ppp_auth_timer(struct ctl_ppp *pp, uint64_t now)
{
	union ctl_ppp_auth *a = pp->auth;
	uint8_t out[CTL_PPP_OUT_MAX];
	int n;

	if (a == NULL)
		return;
	if (pp->lcp.auth == PPP_AUTH_PAP) {
		if (ppp_pap_server_timer(&a->pap, now) == PPP_PAP_ST_FAILURE)
			ctl_ppp_auth_failed(pp, "no PAP request");
		return;
	}
	n = ppp_chap_server_timer(&a->chap, now, out, sizeof(out));
	if (n > 0) {
		ctl_ppp_setup_auth_spend(&pp->setup, 1);
		ctl_ppp_send(pp, LNS_PPP_PROTO_CHAP, out, (size_t)n);
	}
	if (a->chap.state == PPP_CHAP_ST_FAILURE)
		ctl_ppp_auth_failed(pp, "no CHAP response");
}
