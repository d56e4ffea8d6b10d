/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PPP Password Authentication Protocol, RFC 1334 §2: authenticator (server)
 * state machine and packet codec, plus the peer (client) side used by the
 * subscriber emulator.
 */

#include <errno.h>
#include <string.h>

#include "lns_bytes.h"
#include "ppp_pap.h"

#define PAP_DEF_MAX_REQUESTS	10
#define PAP_DEF_MAX_FAILURES	1
#define PAP_DEF_ACK_MSG		"Login ok"
#define PAP_DEF_NAK_MSG		"Authentication failed"

/*
 * Common header check (§2.2): returns the packet length announced by the
 * Length field once it is known to fit in len, or -EBADMSG.
 */
static int
pap_hdr_len(const uint8_t *pkt, size_t len)
{
	uint16_t plen;

	if (len < PPP_PAP_HDR_LEN)
		return -EBADMSG;
	plen = lns_get_be16(pkt + 2);
	if (plen < PPP_PAP_HDR_LEN || plen > len)
		return -EBADMSG;
	return plen;
}

int
ppp_pap_parse_req(struct ppp_pap_req *r, const uint8_t *pkt, size_t len)
{
	int plen;
	size_t off;

	plen = pap_hdr_len(pkt, len);
	if (plen < 0)
		return plen;
	if (pkt[0] != PPP_PAP_AUTH_REQ)
		return -EPROTO;
	r->id = pkt[1];
	/* §2.2.1: Peer-ID Length, Peer-ID, Passwd-Length, Password. */
	off = PPP_PAP_HDR_LEN;
	if (off + 1 > (size_t)plen)
		return -EBADMSG;
	r->peer_len = pkt[off++];
	if (off + r->peer_len + 1 > (size_t)plen)
		return -EBADMSG;
	r->peer = pkt + off;
	off += r->peer_len;
	r->passwd_len = pkt[off++];
	if (off + r->passwd_len > (size_t)plen)
		return -EBADMSG;
	r->passwd = pkt + off;
	return 0;
}

int
ppp_pap_build_reply(uint8_t *out, size_t cap, uint8_t code, uint8_t id,
	const char *msg)
{
	size_t mlen = msg != NULL ? strlen(msg) : 0;

	if (code != PPP_PAP_AUTH_ACK && code != PPP_PAP_AUTH_NAK)
		return -EINVAL;
	if (mlen > PPP_PAP_MSG_MAX)
		mlen = PPP_PAP_MSG_MAX;
	/* §2.2.2: Msg-Length, Message. */
	if (cap < PPP_PAP_HDR_LEN + 1 + mlen)
		return -ENOBUFS;
	out[0] = code;
	out[1] = id;
	lns_put_be16(out + 2, (uint16_t)(PPP_PAP_HDR_LEN + 1 + mlen));
	out[4] = (uint8_t)mlen;
	if (mlen > 0)
		memcpy(out + 5, msg, mlen);
	return (int)(PPP_PAP_HDR_LEN + 1 + mlen);
}

/* ---- authenticator ---- */

void
ppp_pap_server_start(struct ppp_pap_server *s,
	const struct ppp_pap_server_conf *conf, uint64_t now)
{
	memset(s, 0, sizeof(*s));
	s->conf = *conf;
	if (s->conf.max_requests == 0)
		s->conf.max_requests = PAP_DEF_MAX_REQUESTS;
	if (s->conf.max_failures == 0)
		s->conf.max_failures = PAP_DEF_MAX_FAILURES;
	if (s->conf.ack_msg == NULL)
		s->conf.ack_msg = PAP_DEF_ACK_MSG;
	if (s->conf.nak_msg == NULL)
		s->conf.nak_msg = PAP_DEF_NAK_MSG;
	s->state = PPP_PAP_ST_WAIT_REQ;
	s->deadline = conf->timeout != 0 ? now + conf->timeout : 0;
	s->last_id = -1;
}

/* Answer id with code, remembering it for retransmissions. */
static int
pap_answer(struct ppp_pap_server *s, uint8_t code, uint8_t id, uint8_t *out,
	size_t cap)
{
	s->last_id = id;
	s->last_code = code;
	return ppp_pap_build_reply(out, cap, code, id,
	    code == PPP_PAP_AUTH_ACK ? s->conf.ack_msg : s->conf.nak_msg);
}

/* Apply a verdict on the request with Identifier id. */
static int
pap_verdict(struct ppp_pap_server *s, int verdict, uint8_t id, uint8_t *out,
	size_t cap)
{
	if (verdict == 0) {
		s->state = PPP_PAP_ST_SUCCESS;
		return pap_answer(s, PPP_PAP_AUTH_ACK, id, out, cap);
	}
	/* §2.2.1: not acceptable -> Authenticate-Nak. */
	s->failures++;
	if (s->failures >= s->conf.max_failures) {
		s->state = PPP_PAP_ST_FAILURE;
		s->fail = PPP_PAP_FAIL_REJECTED;
	} else {
		s->state = PPP_PAP_ST_WAIT_REQ;
	}
	return pap_answer(s, PPP_PAP_AUTH_NAK, id, out, cap);
}

int
ppp_pap_server_input(struct ppp_pap_server *s, const uint8_t *pkt,
	size_t len, uint8_t *out, size_t cap)
{
	struct ppp_pap_req r;
	int rc;

	rc = ppp_pap_parse_req(&r, pkt, len);
	if (rc == -EPROTO)
		return 0;	/* Ack/Nak/unknown code: not for us */
	if (rc < 0) {
		s->malformed++;
		return rc;
	}
	if (s->state == PPP_PAP_ST_IDLE)
		return 0;
	if (s->requests >= s->conf.max_requests) {
		if (s->state != PPP_PAP_ST_SUCCESS) {
			s->state = PPP_PAP_ST_FAILURE;
			if (s->fail == PPP_PAP_FAIL_NONE)
				s->fail = PPP_PAP_FAIL_TOO_MANY;
		}
		return -EPERM;
	}
	s->requests++;

	switch (s->state) {
	case PPP_PAP_ST_SUCCESS:
	case PPP_PAP_ST_FAILURE:
		/*
		 * Final: repeat the answer. If the final state came from a
		 * timeout or the request limit nothing was sent; answer Nak.
		 */
		if (s->last_id < 0)
			s->last_code = PPP_PAP_AUTH_NAK;
		return pap_answer(s, s->last_code, r.id, out, cap);
	case PPP_PAP_ST_PENDING:
		/* Same request again while the AAA works: drop it. */
		return 0;
	default:
		break;
	}
	if (s->last_id == r.id)	/* retransmission of an answered request */
		return pap_answer(s, s->last_code, r.id, out, cap);

	s->peer_len = r.peer_len;
	memcpy(s->peer, r.peer, r.peer_len);
	rc = s->conf.verify != NULL ? s->conf.verify(s->conf.verify_arg,
	    r.peer, r.peer_len, r.passwd, r.passwd_len) : -EACCES;
	if (rc == -EINPROGRESS) {
		s->state = PPP_PAP_ST_PENDING;
		s->pending_id = r.id;
		return 0;
	}
	return pap_verdict(s, rc, r.id, out, cap);
}

int
ppp_pap_server_complete(struct ppp_pap_server *s, int verdict,
	uint8_t *out, size_t cap)
{
	if (s->state != PPP_PAP_ST_PENDING)
		return -EALREADY;
	return pap_verdict(s, verdict, s->pending_id, out, cap);
}

enum ppp_pap_state
ppp_pap_server_timer(struct ppp_pap_server *s, uint64_t now)
{
	if (s->state == PPP_PAP_ST_WAIT_REQ && s->deadline != 0 &&
	    now >= s->deadline) {
		s->state = PPP_PAP_ST_FAILURE;
		s->fail = PPP_PAP_FAIL_TIMEOUT;
	}
	return s->state;
}

/* ---- peer (client) side ---- */

int
ppp_pap_client_request(uint8_t *out, size_t cap, uint8_t id,
	const uint8_t *peer, size_t peer_len, const uint8_t *passwd,
	size_t passwd_len)
{
	size_t plen = PPP_PAP_HDR_LEN + 1 + peer_len + 1 + passwd_len;

	if (peer_len > 255 || passwd_len > 255)
		return -EINVAL;
	if (cap < plen)
		return -ENOBUFS;
	out[0] = PPP_PAP_AUTH_REQ;
	out[1] = id;
	lns_put_be16(out + 2, (uint16_t)plen);
	out[4] = (uint8_t)peer_len;
	if (peer_len > 0)
		memcpy(out + 5, peer, peer_len);
	out[5 + peer_len] = (uint8_t)passwd_len;
	if (passwd_len > 0)
		memcpy(out + 6 + peer_len, passwd, passwd_len);
	return (int)plen;
}

int
ppp_pap_client_parse_reply(const uint8_t *pkt, size_t len,
	uint8_t *code, uint8_t *id, const uint8_t **msg, size_t *msg_len)
{
	int plen;

	plen = pap_hdr_len(pkt, len);
	if (plen < 0)
		return plen;
	if (pkt[0] != PPP_PAP_AUTH_ACK && pkt[0] != PPP_PAP_AUTH_NAK)
		return -EPROTO;
	*code = pkt[0];
	*id = pkt[1];
	/* §2.2.2: a zero-length message still has its Msg-Length octet. */
	if (plen < PPP_PAP_HDR_LEN + 1 ||
	    PPP_PAP_HDR_LEN + 1 + (size_t)pkt[4] > (size_t)plen)
		return -EBADMSG;
	*msg = pkt + 5;
	*msg_len = pkt[4];
	return 0;
}
