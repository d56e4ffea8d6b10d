/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * --ppp: authenticating ourselves to the LNS with the client functions of
 * the shared PAP/CHAP code (control/ppp/ppp_pap.h, ppp_chap.h), and
 * --proxy-lcp: the proxy LCP and proxy authentication AVPs of the ICCN
 * (RFC 2661 §4.4.5) describing a negotiation the LAC "already did".
 *
 * Credentials: user "<--user-prefix><n>" with n = the session's number
 * over all tunnels, from 1 ((tunnel - 1) * S + session), and --password.
 *
 * PAP (RFC 1334 §2): Authenticate-Request every LACGEN_PPP_RESTART_MS
 * with a new Identifier until an Ack or Nak, at most PAP_MAX_TX times.
 * CHAP-MD5 (RFC 1994) and MS-CHAPv2 (RFC 2759): a Response to every
 * Challenge; Success ends it (MS-CHAPv2: only with the authenticator
 * response we expect), Failure fails the session.
 */

#include <stdio.h>
#include <string.h>

#include "l2tp_hdr.h"
#include "lacgen.h"
#include "lns_bytes.h"
#include "ppp_pap.h"

#define PAP_MAX_TX		10
/* The MRU of the client's CONFREQ in proxy LCP. */
#define PROXY_MRU		PPP_DEFAULT_MRU

void
lacgen_ppp_random(struct lacgen *lg, void *buf, size_t len)
{
	uint8_t *b = buf;
	uint64_t r = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (i % 8 == 0)
			r = lacgen_rng_next(&lg->rng);
		b[i] = (uint8_t)(r >> (8 * (i % 8)));
	}
}

int
lacgen_ppp_user(const struct lacgen_ppp *p, char *buf, size_t cap)
{
	const struct lacgen_conf *c = &p->t->lg->conf;
	uint64_t n = (uint64_t)(p->t->local_id - 1) * c->sessions +
	    p->s->local_id;

	return snprintf(buf, cap, "%s%llu%s", c->user_prefix,
	    (unsigned long long)n, c->user_suffix);
}

/* ---- proxy LCP and proxy authentication (ICCN) ---- */

static void
put_auth_opt(uint8_t *buf, size_t cap, size_t *off, enum ppp_auth a)
{
	uint8_t v[3];

	lns_put_be16(v, ppp_auth_proto(a));
	v[2] = a == PPP_AUTH_MSCHAPV2 ? PPP_CHAP_MSCHAPV2 : PPP_CHAP_MD5;
	ppp_opt_put(buf, cap, off, PPP_LCP_OPT_AUTH, v,
	    a == PPP_AUTH_PAP ? 2 : 3);
}

size_t
lacgen_ppp_proxy_opts(const struct lacgen_ppp *p, bool ours, uint8_t *buf,
    size_t cap)
{
	uint8_t v[4];
	size_t off = 0;

	if (ours) {
		/* The client's CONFREQ: MRU and Magic-Number. */
		lns_put_be16(v, PROXY_MRU);
		ppp_opt_put(buf, cap, &off, PPP_LCP_OPT_MRU, v, 2);
		lns_put_be32(v, p->magic);
	} else {
		/* The LAC's: the method it asked for and its magic. */
		put_auth_opt(buf, cap, &off, p->auth);
		lns_put_be32(v, p->lac_magic);
	}
	ppp_opt_put(buf, cap, &off, PPP_LCP_OPT_MAGIC, v, 4);
	return off;
}

static uint32_t
nonzero_magic(struct lacgen *lg, uint32_t avoid)
{
	uint32_t m;

	do
		m = (uint32_t)lacgen_rng_next(&lg->rng);
	while (m == 0 || m == avoid);
	return m;
}

/* §4.4.5 Proxy Authen AVPs: what the client "answered" the LAC. */
static void
proxy_auth_avps(struct lacgen_ppp *p, struct l2tp_writer *w, uint16_t flags)
{
	const struct lacgen_conf *c = &p->t->lg->conf;
	uint8_t challenge[PPP_CHAP_CHALLENGE_LEN], digest[16], id;
	char user[256];

	if (p->auth != PPP_AUTH_PAP && p->auth != PPP_AUTH_CHAP_MD5)
		return;		/* no Proxy Authen Type for MS-CHAPv2 */
	lacgen_ppp_user(p, user, sizeof(user));
	lacgen_ppp_random(p->t->lg, &id, 1);
	l2tp_avp_add_u16(w, L2TP_AVP_PROXY_AUTHEN_TYPE, flags,
	    p->auth == PPP_AUTH_PAP ? L2TP_PROXY_AUTH_PAP :
	    L2TP_PROXY_AUTH_CHAP);
	l2tp_avp_add_str(w, L2TP_AVP_PROXY_AUTHEN_NAME, flags, user);
	l2tp_avp_add_u16(w, L2TP_AVP_PROXY_AUTHEN_ID, flags, id);
	if (p->auth == PPP_AUTH_PAP) {
		l2tp_avp_add_bytes(w, L2TP_AVP_PROXY_AUTHEN_RESPONSE, flags,
		    (const uint8_t *)c->password, strlen(c->password));
		return;
	}
	lacgen_ppp_random(p->t->lg, challenge, sizeof(challenge));
	ppp_chap_md5_compute(id, (const uint8_t *)c->password,
	    strlen(c->password), challenge, sizeof(challenge), digest);
	l2tp_avp_add_bytes(w, L2TP_AVP_PROXY_AUTHEN_CHALLENGE, flags,
	    challenge, sizeof(challenge));
	l2tp_avp_add_bytes(w, L2TP_AVP_PROXY_AUTHEN_RESPONSE, flags, digest,
	    sizeof(digest));
}

void
lacgen_ppp_iccn_avps(struct lacgen_tunnel *t, struct lacgen_session *s,
    struct l2tp_writer *w, uint16_t flags)
{
	struct lacgen_ppp *p = s->ppp;
	uint8_t opts[PPP_FSM_MAX_REQ];
	size_t n;

	if (p == NULL || !t->lg->conf.proxy_lcp)
		return;
	/* §4.4.5: M SHOULD be 0 for these; they may be hidden. */
	flags &= L2TP_AVP_H;
	p->proxy = true;
	p->auth = t->lg->conf.accept_auth[0];
	p->magic = nonzero_magic(t->lg, 0);
	p->lac_magic = nonzero_magic(t->lg, p->magic);
	n = lacgen_ppp_proxy_opts(p, true, opts, sizeof(opts));
	l2tp_avp_add_bytes(w, L2TP_AVP_INITIAL_RX_LCP_CONFREQ, flags, opts, n);
	l2tp_avp_add_bytes(w, L2TP_AVP_LAST_RX_LCP_CONFREQ, flags, opts, n);
	n = lacgen_ppp_proxy_opts(p, false, opts, sizeof(opts));
	l2tp_avp_add_bytes(w, L2TP_AVP_LAST_TX_LCP_CONFREQ, flags, opts, n);
	proxy_auth_avps(p, w, flags);
}

/* ---- PAP ---- */

static void
pap_send(struct lacgen_ppp *p, uint64_t now)
{
	const struct lacgen_conf *c = &p->t->lg->conf;
	uint8_t out[PPP_PAP_HDR_LEN + 2 + 2 * 255];
	char user[256];
	int n, ulen;

	if (p->auth_tx >= PAP_MAX_TX) {
		lacgen_ppp_auth_done(p, false, now);
		return;
	}
	ulen = lacgen_ppp_user(p, user, sizeof(user));
	/* RFC 1334 §2.2.1: a new Identifier for every request. */
	p->auth_id++;
	n = ppp_pap_client_request(out, sizeof(out), p->auth_id,
	    (const uint8_t *)user, (size_t)ulen, (const uint8_t *)c->password,
	    strlen(c->password));
	if (n > 0)
		lacgen_ppp_send(p, LNS_PPP_PROTO_PAP, out, (size_t)n);
	p->auth_tx++;
	p->t_auth = now + LACGEN_PPP_RESTART_MS;
}

static void
pap_input(struct lacgen_ppp *p, const uint8_t *pkt, size_t len, uint64_t now)
{
	const uint8_t *msg;
	size_t msg_len;
	uint8_t code, id;

	if (p->auth != PPP_AUTH_PAP || ppp_pap_client_parse_reply(pkt, len,
	    &code, &id, &msg, &msg_len) < 0 || id != p->auth_id) {
		p->t->lg->st.ppp_rx_bad++;
		return;
	}
	lacgen_ppp_auth_done(p, code == PPP_PAP_AUTH_ACK, now);
}

/* ---- CHAP-MD5 and MS-CHAPv2 ---- */

static void
chap_respond(struct lacgen_ppp *p, const struct ppp_chap_msg *ch)
{
	const struct lacgen_conf *c = &p->t->lg->conf;
	uint8_t out[PPP_CHAP_HDR_LEN + 1 + PPP_MSCHAP_RESP_LEN + 256];
	uint8_t peer_challenge[16];
	char user[256];
	int n, ulen;

	ulen = lacgen_ppp_user(p, user, sizeof(user));
	if (p->auth == PPP_AUTH_MSCHAPV2) {
		lacgen_ppp_random(p->t->lg, peer_challenge,
		    sizeof(peer_challenge));
		n = ppp_chap_client_mschapv2_response(out, sizeof(out), ch,
		    peer_challenge, (const uint8_t *)user, (size_t)ulen,
		    (const uint8_t *)c->password, strlen(c->password),
		    p->expect);
	} else {
		n = ppp_chap_client_md5_response(out, sizeof(out), ch,
		    (const uint8_t *)c->password, strlen(c->password),
		    (const uint8_t *)user, (size_t)ulen);
	}
	if (n > 0)
		lacgen_ppp_send(p, LNS_PPP_PROTO_CHAP, out, (size_t)n);
	else
		p->t->lg->st.ppp_rx_bad++;
}

static void
chap_input(struct lacgen_ppp *p, const uint8_t *pkt, size_t len, uint64_t now)
{
	struct ppp_chap_msg m;
	uint16_t plen;

	if (p->auth != PPP_AUTH_CHAP_MD5 && p->auth != PPP_AUTH_MSCHAPV2)
		goto bad;
	if (len < PPP_CHAP_HDR_LEN)
		goto bad;
	plen = lns_get_be16(pkt + 2);
	if (plen < PPP_CHAP_HDR_LEN || plen > len)
		goto bad;
	switch (pkt[0]) {
	case PPP_CHAP_CHALLENGE:
		if (ppp_chap_parse(&m, pkt, len) < 0)
			goto bad;
		chap_respond(p, &m);
		return;
	case PPP_CHAP_SUCCESS:
		/* RFC 2759 §5: the LNS must prove it knows the password. */
		lacgen_ppp_auth_done(p, p->auth != PPP_AUTH_MSCHAPV2 ||
		    ppp_mschap_client_check_success(pkt + PPP_CHAP_HDR_LEN,
		    plen - PPP_CHAP_HDR_LEN, p->expect), now);
		return;
	case PPP_CHAP_FAILURE:
		lacgen_ppp_auth_done(p, false, now);
		return;
	default:
		break;
	}
bad:
	p->t->lg->st.ppp_rx_bad++;
}

void
lacgen_ppp_auth_begin(struct lacgen_ppp *p, uint64_t now)
{
	p->auth_tx = 0;
	/* PAP: the peer (we) speaks first; CHAP: we wait for a Challenge. */
	if (p->auth == PPP_AUTH_PAP)
		pap_send(p, now);
}

void
lacgen_ppp_auth_timer(struct lacgen_ppp *p, uint64_t now)
{
	if (p->auth == PPP_AUTH_PAP && now >= p->t_auth)
		pap_send(p, now);
}

void
lacgen_ppp_auth_input(struct lacgen_ppp *p, uint16_t proto,
    const uint8_t *pkt, size_t len, uint64_t now)
{
	if (proto == LNS_PPP_PROTO_PAP)
		pap_input(p, pkt, len, now);
	else
		chap_input(p, pkt, len, now);
}
